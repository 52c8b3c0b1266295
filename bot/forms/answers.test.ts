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

describe('a period of residence answered where an address was asked', () => {
  it('fills no address ("thời gian nó ở Việt Nam là từ lúc sinh đến …")', async () => {
    const { answerAsked } = await import('./answers.js');
    const { captureForm } = await import('./capture.js');
    const form = forms.get('to-khai-xac-nhan-tinh-trang-hon-nhan')!;
    const session = { formId: form.id, stage: 'filling', consent: 'refused', profile: {}, values: {}, asked: ['noi_cu_tru_nguoi_yeu_cau'], skipped: [] } as unknown as Parameters<typeof answerAsked>[2];
    const turn = (text: string) => ({ text, now }) as unknown as Parameters<typeof answerAsked>[3];
    answerAsked({ forms, addresses: undefined }, form, session, turn('Thời gian nó ở Việt Nam là từ lúc sinh đến tháng 9/2019 tại phường Gia Viên'));
    const captured = () => captureForm({ forms, addresses: undefined }, form, session, now).fields.noi_cu_tru_nguoi_yeu_cau;
    expect(captured()).toBeUndefined();
    answerAsked({ forms, addresses: undefined }, form, session, turn('số 40 Lạch Tray, phường Gia Viên, Hải Phòng'));
    expect(captured()).toBe('số 40 Lạch Tray, phường Gia Viên, Hải Phòng');
  });
});
