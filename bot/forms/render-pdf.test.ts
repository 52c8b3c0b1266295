import { describe, expect, it, beforeAll } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { loadForms, type FormRegistry } from '../../knowledge/index.js';
import { loadDejaVuFonts, renderFormPdf, type FormFonts } from './render-pdf.js';

let forms: FormRegistry;
let fonts: FormFonts;
beforeAll(async () => {
  forms = await loadForms();
  fonts = await loadDejaVuFonts();
});

async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  return text.normalize('NFC').replace(/\s+/g, ' ');
}

describe('renderFormPdf', () => {
  it('prints a birth registration with every Vietnamese letter intact', async () => {
    const values = {
      co_quan_dang_ky: 'Ủy ban nhân dân phường Hồng Hà',
      ho_ten_nguoi_yeu_cau: 'Nguyễn Thị Hằng',
      ngay_sinh_nguoi_yeu_cau: '1992-03-05',
      noi_cu_tru_nguoi_yeu_cau: 'Số 12 ngõ 5 phố Phúc Xá, phường Hồng Hà, thành phố Hà Nội',
      giay_to_tuy_than_nguoi_yeu_cau: '001192012345',
      quan_he_voi_nguoi_duoc_khai_sinh: 'Mẹ',
      ho_ten_nguoi_duoc_khai_sinh: 'Trần Ngọc Diệp',
      ngay_sinh_nguoi_duoc_khai_sinh: '2026-11-01',
      ngay_sinh_bang_chu: 'Ngày một tháng mười một năm hai nghìn không trăm hai mươi sáu',
      gioi_tinh: 'Nữ',
      dan_toc: 'Kinh',
      quoc_tich: 'Việt Nam',
      noi_sinh: 'Bệnh viện Phụ sản Hà Nội, 929 đường La Thành, phường Giảng Võ, thành phố Hà Nội',
      que_quan: 'xã Hải Hậu, tỉnh Ninh Bình',
      ho_ten_me: 'Nguyễn Thị Hằng',
      nam_sinh_me: '1992-03-05',
      ho_ten_cha: 'Trần Quốc Khánh',
      so_luong_ban_sao: '2',
      lam_tai: 'Phường Hồng Hà',
      ngay_khai: '2026-11-26',
    };
    const bytes = await renderFormPdf({ form: forms.get('to-khai-dang-ky-khai-sinh')!, values, fonts, now: new Date('2026-11-26T03:00:00Z') });
    expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe('%PDF-');
    const text = await pdfText(bytes);
    for (const expected of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'TỜ KHAI ĐĂNG KÝ KHAI SINH',
      'Ủy ban nhân dân phường Hồng Hà',
      'Nguyễn Thị Hằng',
      '05/03/1992',
      '001192012345',
      'Trần Ngọc Diệp',
      '01/11/2026',
      'Ngày một tháng mười một năm hai nghìn không trăm hai mươi sáu',
      'Bệnh viện Phụ sản Hà Nội',
      'xã Hải Hậu, tỉnh Ninh Bình',
      'Trần Quốc Khánh',
      'ngày 26 tháng 11 năm 2026',
    ]) {
      expect(text).toContain(expected);
    }
    // The mother's birth year prints as a year only.
    expect(text).toMatch(/Năm sinh: 1992/);
  });

  it('renders every shipped form, even empty', async () => {
    for (const form of forms.all()) {
      const bytes = await renderFormPdf({ form, values: {}, fonts, now: new Date('2026-11-26T03:00:00Z') });
      const text = await pdfText(bytes);
      expect(text).toContain(form.title);
    }
  });

  it('keeps every form, filled in full, on one page as the official templates are', async () => {
    for (const form of forms.all()) {
      const values: Record<string, string> = {};
      for (const f of forms.fieldsOf(form)) {
        values[f.name] = f.type === 'date' ? '2026-11-02' : f.type === 'textarea' ? 'Bệnh viện Phụ sản Hà Nội, số 929 đường La Thành, phường Giảng Võ, thành phố Hà Nội' : 'Nguyễn Thị Ngọc Ánh';
      }
      const bytes = await renderFormPdf({ form, values, fonts, now: new Date('2026-11-26T03:00:00Z') });
      const pdf = await getDocumentProxy(new Uint8Array(bytes));
      expect(pdf.numPages, form.id).toBe(1);
    }
  });
});
