import { beforeAll, describe, expect, it } from 'vitest';
import { loadAdminUnits, loadForms, type AdminUnits, type FormRegistry } from '../../knowledge/index.js';
import { fillFromMessages } from '../testing/form-fill.js';
import { answerAsked } from './answers.js';
import { createAddressAdvisor } from './address.js';
import { captureForm } from './capture.js';
import type { FormContext } from './context.js';
import type { FormSession } from './session.js';

/** Addresses and places as they are stored from a conversation (issue 20). */
let forms: FormRegistry;
let units: AdminUnits;
beforeAll(async () => {
  forms = await loadForms();
  units = await loadAdminUnits();
});
const now = new Date('2026-12-01T05:00:00Z');

const fill = (formId: string, messages: string[], style?: 'typed' | 'officer') => fillFromMessages(forms, formId, messages, now, createAddressAdvisor(units, { style })).fields;

describe('addresses stored without the words around them (style "typed", the default)', () => {
  it('an address ending in "Cần Thơ" keeps its city', () => {
    const fields = fill('to-khai-xac-nhan-tinh-trang-hon-nhan', ['tôi tên Mạc Văn Tài, sinh 2/2/1990, xin giấy xác nhận độc thân cho tôi', 'tôi ở số 3 đường Mậu Thân, phường An Hòa, Cần Thơ nha'], 'typed');
    expect(fields.noi_cu_tru_nguoi_yeu_cau).toBe('số 3 đường Mậu Thân, phường An Hòa, Cần Thơ');
  });

  it('the office an event was registered at, then its date, entry and book', () => {
    const fields = fill('to-khai-cap-ban-sao-trich-luc-ho-tich', [
      'tôi là Mẫn Văn Khôi, sinh 1/1/1980, xin trích lục khai sinh của tôi',
      'khai sinh đăng ký tại UBND phường Nghĩa Tân ngày 5/6/1980, số 125, quyển số 01',
    ], 'typed');
    expect(fields).toMatchObject({ da_dang_ky_tai: 'UBND phường Nghĩa Tân', ngay_dang_ky: '1980-06-05', so: '125', quyen_so: '01' });
  });
});

describe('written as an officer writes them (style "officer")', () => {
  it('restores diacritics and writes abbreviations out', () => {
    const fields = fill('to-khai-xac-nhan-tinh-trang-hon-nhan', ['tôi tên Mạc Văn Tài, sinh 2/2/1990, xin giấy xác nhận độc thân cho tôi', 'dia chi: so 9 duong Tran Phu, phuong Viet Tri, tinh Phu Tho nha'], 'officer');
    expect(fields.noi_cu_tru_nguoi_yeu_cau).toBe('số 9 đường Trần Phú, phường Việt Trì, tỉnh Phú Thọ');
  });

  it('a place of birth and a registration office', () => {
    const birth = fill('to-khai-dang-ky-khai-sinh', ['bé tên Lạc Minh Khuê, nữ, sinh 3/11/2026 tại bv Phu san HN'], 'officer');
    expect(birth.noi_sinh).toBe('Bệnh viện Phụ sản Hà Nội');
    const extract = fill('to-khai-cap-ban-sao-trich-luc-ho-tich', ['tôi là Mẫn Văn Khôi, sinh 1/1/1980, xin trích lục khai sinh của tôi', 'đăng ký tại UBND phuong 7, quan 3, TP HCM'], 'officer');
    expect(extract.da_dang_ky_tai).toBe('Ủy ban nhân dân phường 7, quận 3, Thành phố Hồ Chí Minh');
  });
});

describe('a place answered to the question that asked it', () => {
  it('is written as an officer writes places, the words around it cut', () => {
    const ctx: FormContext = { forms, addresses: createAddressAdvisor(units, { style: 'officer' }) };
    const form = forms.get('to-khai-dang-ky-khai-sinh')!;
    const session: FormSession = { formId: form.id, stage: 'filling', consent: 'refused', profile: {}, values: {}, asked: ['noi_sinh'], skipped: [] };
    answerAsked(ctx, form, session, { text: 'bv Phu san HN nha', now } as unknown as Parameters<typeof answerAsked>[3]);
    expect(captureForm(ctx, form, session, now).fields.noi_sinh).toBe('Bệnh viện Phụ sản Hà Nội');
  });
});

describe('the office the form is filed at, typed without tones', () => {
  it('gets the tones the admin-unit data knows, for a People\'s Committee and for the police', () => {
    expect(fill('to-khai-xac-nhan-tinh-trang-hon-nhan', ['lay 2 ban, nop ubnd phuong tan dinh'], 'officer').kinh_gui).toBe('Ủy ban nhân dân phường Tân Định');
    expect(fill('ct01', ['nop cong an phuong ngo quyen nha'], 'officer').kinh_gui).toBe('Công an phường Ngô Quyền');
  });

  it('stays as typed when a word is unknown, never half with tones', () => {
    expect(fill('to-khai-xac-nhan-tinh-trang-hon-nhan', ['nop ubnd xa Qwerty Zxy'], 'officer').kinh_gui).toBe('Uy ban nhan dan xa Qwerty Zxy');
  });
});
