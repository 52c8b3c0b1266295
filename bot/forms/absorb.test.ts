import { fillFromMessages } from '../testing/form-fill.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadForms, type FormRegistry } from '../../knowledge/index.js';
import { absorb } from './absorb.js';

/** Messages read one after another into a fresh session of a form; the captured fields. */
let forms: FormRegistry;
beforeAll(async () => {
  forms = await loadForms();
});
const now = new Date('2026-12-01T05:00:00Z');

const fill = (formId: string, messages: string[]) => fillFromMessages(forms, formId, messages, now);

describe('absorb over a conversation', () => {
  it('keeps the partner named before the citizen said their side apart from the citizen', () => {
    const { fields } = fill('to-khai-dang-ky-ket-hon', ['người yêu em tên Lò Văn Tâm, sinh 1994', 'em là Lò Thị Dung, nữ, sinh 2/2/1999']);
    expect(fields).toMatchObject({ ben_cua_nguoi_yeu_cau: 'Bên nữ', ho_ten_ben_nu: 'Lò Thị Dung', ngay_sinh_ben_nu: '1999-02-02', ho_ten_ben_nam: 'Lò Văn Tâm', ngay_sinh_ben_nam: '1994' });
  });

  it('takes a paper asked by a citizen who names nobody else to be for the citizen, and says so', () => {
    const { fields, notes } = fill('to-khai-xac-nhan-tinh-trang-hon-nhan', ['cần giấy xác nhận tình trạng hôn nhân', 'tôi tên Kha Văn Dũng, nam, sinh 9/9/1991']);
    expect(fields).toMatchObject({ quan_he_voi_nguoi_duoc_cap: 'Bản thân', ho_ten: 'Kha Văn Dũng', ngay_sinh: '1991-09-09', gioi_tinh: 'Nam' });
    expect(notes.join(' ')).toMatch(/cấp cho chính anh\/chị/);
  });

  it('drops the inferred "for the citizen" when the citizen then says it is for their child', () => {
    const { fields } = fill('to-khai-cap-ban-sao-trich-luc-ho-tich', ['cần bản sao trích lục khai sinh', 'tôi tên Kha Minh, sinh 9/9/1971', 'à xin cho con tôi', 'tôi là nam']);
    expect(fields.quan_he_voi_nguoi_duoc_cap).toBe('Cha');
  });

  it('does not take the paper to be the citizen\'s when someone else was named', () => {
    const { fields } = fill('to-khai-xac-nhan-tinh-trang-hon-nhan', ['xin giấy xác nhận cho mẹ tôi', 'tôi tên Kha Văn Dũng, sinh 9/9/1991', 'mẹ tôi tên Lê Thị Na, sinh 1965']);
    expect(fields.quan_he_voi_nguoi_duoc_cap).toBe('Con');
    expect(fields.ho_ten).toBe('Lê Thị Na');
  });

  it('corrects the value of the person whose wrong value is quoted, even after "em nhầm" ("chớ không phải")', () => {
    const { fields, notes } = fill('to-khai-dang-ky-ket-hon', [
      'anh là bên nam, tên Âu Văn Lợi, sinh 5/5/1990',
      'vợ sắp cưới: Kiều Thị Sương, sinh 1993 ngày 8/3',
      'năm sinh Sương là 1994 chớ không phải 1993, anh nhầm',
    ]);
    expect(fields).toMatchObject({ ngay_sinh_ben_nu: '1994-03-08', ngay_sinh_ben_nam: '1990-05-05' });
    expect(notes.at(-1)).toMatch(/đã sửa .*bên nữ.* 08\/03\/1994/);
  });

  it('takes the landlord of a rented room as the head of household', () => {
    const { fields } = fill('ct01', ['em tên Lục Thị Vân, sinh 3/3/2004', 'chủ nhà trọ là cô Trương Thị Bích, em chỉ ở trọ thôi']);
    expect(fields).toMatchObject({ ho_ten: 'Lục Thị Vân', ho_ten_chu_ho: 'Trương Thị Bích', moi_quan_he_voi_chu_ho: 'Khác' });
  });

  it('reads the registration of the event an extract is for: date, entry and book, office', () => {
    const { fields } = fill('to-khai-cap-ban-sao-trich-luc-ho-tich', [
      'tôi là Mẫn Văn Khôi, sinh 1/1/1980, xin trích lục kết hôn của tôi',
      'đăng ký ngày 14/2/2008, số 12, quyển số 01/2008, đăng ký tại UBND xã Tân Yên',
    ]);
    expect(fields).toMatchObject({ ngay_sinh_nguoi_yeu_cau: '1980-01-01', ngay_dang_ky: '2008-02-14', so: '12', quyen_so: '01/2008', da_dang_ky_tai: 'UBND xã Tân Yên' });
  });
});
