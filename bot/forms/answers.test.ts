import { beforeAll, describe, expect, it } from 'vitest';
import { loadForms, type FormField, type FormRegistry } from '../../knowledge/index.js';
import { parseFor } from './answers.js';

let forms: FormRegistry;
beforeAll(async () => {
  forms = await loadForms();
});
const now = new Date('2026-12-01T05:00:00Z');
const field = (formId: string, name: string): FormField => forms.fieldsOf(forms.get(formId)!).find((f) => f.name === name)!;

describe('a direct answer to the office or the place a form is made', () => {
  it.each([
    ['ct01', 'kinh_gui', 'Công an phường Ô Chợ Dừa'],
    ['to-khai-xac-nhan-tinh-trang-hon-nhan', 'kinh_gui', 'UBND phường Yên Hòa'],
    ['to-khai-xac-nhan-tinh-trang-hon-nhan', 'lam_tai', 'Hà Nội'],
    ['don-de-nghi-tro-giup-phap-ly', 'kinh_gui', 'Nghệ An'],
  ])('takes an office or a place: %s %s "%s"', (formId, name, text) => {
    expect(parseFor({ forms, addresses: undefined }, field(formId, name), text, now)).toMatchObject({ ok: true });
  });

  it.each([
    ['ct01', 'kinh_gui', 'Chỗ mình ở là số 12 ngõ 40 Trần Duy Hưng, phường Trung Hòa nha'],
    ['ct01', 'kinh_gui', 'Nhà ông bà ở 17/3 Hoàng Diệu, phường Khánh Hội. Sđt 0912 345 678'],
    ['to-khai-xac-nhan-tinh-trang-hon-nhan', 'kinh_gui', 'Em chưa lấy chồng bao giờ, xin một bản thôi'],
    ['to-khai-xac-nhan-tinh-trang-hon-nhan', 'lam_tai', 'Đồng ý'],
    ['to-khai-dang-ky-khai-sinh', 'que_quan', 'Được, đồng ý'],
    ['to-khai-dang-ky-khai-sinh', 'noi_sinh', 'ok em'],
  ])('does not take a sentence about a home, a phone or a consent: %s %s "%s"', (formId, name, text) => {
    expect(parseFor({ forms, addresses: undefined }, field(formId, name), text, now)).toMatchObject({ ok: false });
  });
});
