import { describe, expect, it } from 'vitest';
import type { EvalCase } from './cases.js';
import { checkFormFields, formFieldMetrics } from './prefill-fields.js';
import type { EvalTurnResult } from './subject.js';

const base: EvalTurnResult = { behavior: 'answer', procedures: [], reply: '', latencyMs: 0 };
const kase = (fields: Record<string, string>, absent: string[] = []): EvalCase =>
  ({ id: 'x', turns: ['a'], expect: { form: 'to-khai-dang-ky-khai-sinh', fields, absent } }) as EvalCase;

describe('form field metrics', () => {
  it('counts matches case- and space-insensitively and the form chosen', () => {
    const m = formFieldMetrics([
      {
        case: kase({ ho_ten_nguoi_yeu_cau: 'Lê Thị Hoa', ngay_sinh_nguoi_yeu_cau: '1990-03-05' }),
        result: { ...base, formCaptured: 'to-khai-dang-ky-khai-sinh', formFields: { ho_ten_nguoi_yeu_cau: 'lê  thị hoa', ngay_sinh_nguoi_yeu_cau: '1990' } },
      },
    ])!;
    expect(m.n_fields).toBe(2);
    expect(m.accuracy).toBe(0.5);
    expect(m.form_chosen.accuracy).toBe(1);
    expect(m.leaks.count).toBe(0);
  });

  it('counts a value the produced form derives, right or wrong', () => {
    const m = formFieldMetrics([
      {
        case: kase({ ngay_sinh_bang_chu: 'Ngày mười hai tháng năm năm hai nghìn hai mươi sáu', quoc_tich: 'Việt Nam', kinh_gui: 'UBND xã Yên Lạc' }),
        result: { ...base, formCaptured: 'to-khai-dang-ky-khai-sinh', formFields: {}, formDerived: { ngay_sinh_bang_chu: 'Ngày mười hai tháng năm năm hai nghìn hai mươi sáu', quoc_tich: 'Việt Nam', kinh_gui: 'UBND xã Yên Bình' } },
      },
    ])!;
    expect(m.n_fields).toBe(3);
    expect(m.accuracy).toBeCloseTo(2 / 3, 3);
    expect(m.leaks.count).toBe(0);
  });

  it('reports another person’s value and an absent field filled as leaks', () => {
    const exp = kase({ ho_ten_nguoi_yeu_cau: 'Lê Thị Hoa', ho_ten_nguoi_duoc_khai_sinh: 'Trần Minh Khôi' }, ['ho_ten_cha']);
    const checks = checkFormFields(
      { form: 'f', fields: exp.expect.fields as Record<string, string>, absent: ['ho_ten_cha'] },
      { ...base, formFields: { ho_ten_nguoi_yeu_cau: 'Trần Minh Khôi', ho_ten_cha: 'Trần Văn Ba' } },
    );
    expect(checks.map((c) => c.kind).sort()).toEqual(['absent_filled', 'leak', 'missing', 'wrong']);
    const m = formFieldMetrics([{ case: exp, result: { ...base, formFields: { ho_ten_nguoi_yeu_cau: 'Trần Minh Khôi', ho_ten_cha: 'Trần Văn Ba' } } }])!;
    expect(m.leaks).toEqual({ count: 2, conversations: 1, absent_filled: 1, cross_person: 1 });
  });

  it('is absent for cases without field expectations', () => {
    expect(formFieldMetrics([{ case: { id: 'y', turns: ['a'], expect: { form: 'ct01' } } as EvalCase, result: base }])).toBeUndefined();
  });
  it('does not count the year of the right person’s own date as another person’s value', () => {
    const exp = { form: 'to-khai-dang-ky-khai-sinh', fields: { ngay_sinh_nguoi_yeu_cau: '1999-03-07', nam_sinh_me: '1999', nam_sinh_cha: '1995' }, absent: [] };
    const kinds = (v: string) => checkFormFields(exp, { ...base, formFields: { ngay_sinh_nguoi_yeu_cau: v } }).filter((c) => c.field === 'ngay_sinh_nguoi_yeu_cau').map((c) => c.kind);
    expect(kinds('1999')).toEqual(['wrong']);
    expect(kinds('1995')).toEqual(['wrong', 'leak']);
  });
  it('reads a full date expected in a year-of-birth field as its year, and only there', () => {
    const exp = { form: 'to-khai-dang-ky-khai-sinh', fields: { nam_sinh_me: '07/03/1999', ngay_sinh_nguoi_yeu_cau: '07/03/1999' }, absent: [] };
    const kind = (field: string, v: string) => checkFormFields(exp, { ...base, formFields: { [field]: v } }).find((c) => c.field === field)!.kind;
    expect(kind('nam_sinh_me', '1999')).toBe('ok');
    expect(kind('nam_sinh_me', '1998')).toBe('wrong');
    // A date field keeps the whole date.
    expect(kind('ngay_sinh_nguoi_yeu_cau', '1999')).toBe('wrong');
  });

  it('reads a purpose with or without its leading "để" as the same value', async () => {
    const { fieldValueMatches } = await import('./prefill-fields.js');
    expect(fieldValueMatches('Để đăng ký kết hôn', 'Đăng ký kết hôn')).toBe(true);
    expect(fieldValueMatches('Để đăng ký kết hôn', 'Vay vốn ngân hàng')).toBe(false);
    // One date in the officer's notation and in ISO; a different day is still wrong.
    expect(fieldValueMatches('05/09/1994', '1994-09-05')).toBe(true);
    expect(fieldValueMatches('5/9/1994', '1994-09-05')).toBe(true);
    expect(fieldValueMatches('05/09/1994', '1994-05-09')).toBe(false);
    expect(fieldValueMatches('Lê Văn Hà; 21/11/1990; Nam', 'Lê Văn Hà; 1990-11-21; Nam')).toBe(true);
  });
  it('counts a name or place as typed or as an officer writes it as the same content, never two different diacritics', async () => {
    const { sameContent } = await import('./prefill-fields.js');
    expect(sameContent('ho_ten_cha', 'Phạm Văn Đức', 'Pham Van Duc')).toBe(true);
    expect(sameContent('ho_ten_cha', 'Tran Quoc Huy', 'Trần Quốc Huy')).toBe(true);
    expect(sameContent('ho_ten', 'Trần Thị Thủy', 'Trần Thị Thúy')).toBe(false);
    expect(sameContent('noi_cu_tru_ben_nu', '34 đường Số 7, phường Bình Trị Đông, Thành phố Hồ Chí Minh', '34 duong So 7, phuong Binh Tri Dong, TP HCM')).toBe(true);
    expect(sameContent('noi_sinh', 'Bệnh viện Bạch Mai', 'BV Bach Mai')).toBe(true);
    expect(sameContent('noi_cu_tru', 'tổ 12, phường Hải Châu, thành phố Đà Nẵng', 'tổ 12 phường Hải Châu, thành phố Đà Nẵng')).toBe(true);
    expect(sameContent('noi_cu_tru', 'xóm 4, xã Đô Lương, Nghệ An', 'xóm 4, xã Đô Lương, Nghệ An nờ')).toBe(false);
    // A province with or without its unit word is the same province; a different one is not.
    expect(sameContent('noi_cu_tru', 'bản Híp, xã Chiềng Sinh, tỉnh Sơn La', 'bản Híp, xã Chiềng Sinh, Sơn La')).toBe(true);
    expect(sameContent('noi_dung_de_nghi', 'Đăng ký thường trú tại: số 5 ngõ 2 phố Huế, phường Hai Bà Trưng, thành phố Hà Nội', 'Đăng ký thường trú tại số 5 ngõ 2 phố Huế, phường Hai Bà Trưng, HN')).toBe(true);
    expect(sameContent('noi_cu_tru', 'xã Chiềng Sinh, tỉnh Sơn La', 'xã Chiềng Sinh, tỉnh Lai Châu')).toBe(false);
    // An office is a place: the addressee, the registering office, where the form is signed.
    expect(sameContent('kinh_gui', 'UBND phường Giảng Võ', 'Ủy ban nhân dân phường Giảng Võ')).toBe(true);
    expect(sameContent('co_quan_dang_ky', 'UBND phường Cầu Giấy', 'Ủy ban nhân dân phường Cầu Giấy')).toBe(true);
    expect(sameContent('kinh_gui', 'UBND phường Giảng Võ', 'Ủy ban nhân dân phường Láng')).toBe(false);
    // Only names and places: a date or a number is compared as written.
    expect(sameContent('so_dien_thoai_lien_he', '0912345678', '0912 345 678')).toBe(false);
  });
});
