import { beforeAll, describe, expect, it } from 'vitest';
import { loadForms, type FormRegistry } from '../../knowledge/index.js';
import { captureForm } from './capture.js';
import type { FormSession } from './session.js';
import { absorbAndSettle, sexFromDetails } from './settle.js';

/** What follows from a person's own details once a message is read (phrasings written for these tests). */
let forms: FormRegistry;
beforeAll(async () => {
  forms = await loadForms();
});
const now = new Date('2026-12-01T05:00:00Z');
/** Messages read into a fresh session as the form skill reads them (absorb, then settle). */
function fill(formId: string, messages: string[]): { fields: Record<string, string> } {
  const ctx = { forms, addresses: undefined };
  const form = forms.get(formId)!;
  const session: FormSession = { formId, stage: 'filling', consent: 'refused', profile: {}, values: {}, asked: [], skipped: [] };
  for (const m of messages) absorbAndSettle(ctx, form, session, m, now);
  return { fields: captureForm(ctx, form, session, now).fields };
}

describe('sexFromDetails', () => {
  it('reads digit 4 of a 12-digit ID number first (even: men, odd: women, both centuries)', () => {
    expect(sexFromDetails({ id: '001095444555' })).toBe('Nam');
    expect(sexFromDetails({ id: '001195444555' })).toBe('Nữ');
    expect(sexFromDetails({ id: '001215444555' })).toBe('Nam');
    expect(sexFromDetails({ id: '001315444555', name: 'Hà Văn Tú' })).toBe('Nữ');
  });
  it('then the relation the citizen states, then a middle name that is one sex\'s', () => {
    expect(sexFromDetails({ relation: 'Vợ', name: 'Lý Văn Nam' })).toBe('Nữ');
    expect(sexFromDetails({ relation: 'Chồng' })).toBe('Nam');
    expect(sexFromDetails({ name: 'Mai Thi Hoa' })).toBe('Nữ');
    expect(sexFromDetails({ name: 'Đỗ Văn Lâm' })).toBe('Nam');
    // "Văn" as a given name, a number of another length: nothing.
    expect(sexFromDetails({ name: 'Trần Văn', id: '123456789' })).toBeUndefined();
    expect(sexFromDetails({ relation: 'Con', name: 'Lê Minh Khoa' })).toBeUndefined();
  });
});

describe('a sex field nobody stated', () => {
  it('is filled from the ID number and follows its correction', () => {
    const { fields } = fill('ct01', ['tôi tên Lê Minh Khoa, sinh 3/9/1993, căn cước 038093005617']);
    expect(fields.gioi_tinh).toBe('Nam');
    const corrected = fill('ct01', ['tôi tên Lê Minh Khoa, sinh 3/9/1993, căn cước 038093005617', 'à nhầm, căn cước là 038193005617']);
    expect(corrected.fields.gioi_tinh).toBe('Nữ');
  });
  it('never overrides what the citizen said', () => {
    const { fields } = fill('ct01', ['tôi tên Lê Minh Khoa, giới tính nữ, sinh 3/9/1993, căn cước 038093005617']);
    expect(fields.gioi_tinh).toBe('Nữ');
  });
});

describe('the CT01 request line', () => {
  it('takes the household\'s address when only the head of household\'s was given', () => {
    const { fields } = fill('ct01', [
      'em cần khai báo tạm trú',
      'Em tên Trương Ngọc Hân, sinh 09-06-99, cccd 087199004562',
      'chồng em là chủ hộ, Lâm Quốc Bảo, cccd 087097001334. Nhà thuê ở 41 đường số 7, phường An Lạc, TP.HCM',
    ]);
    expect(fields.noi_dung_de_nghi).toMatch(/^Đăng ký tạm trú tại 41 đường số 7, phường An Lạc/);
  });
});

describe('CT01 household members changing residence with the citizen', () => {
  it('lists the spouse and the child of a citizen who heads the household, one a line, relation to the head', () => {
    const { fields } = fill('ct01', [
      'Tôi là Hà Minh Quân, nam, sinh 3/4/1985, căn cước 001085003344',
      'tôi muốn đăng ký thường trú về nhà mới, tôi là chủ hộ',
      'đăng ký cho cả vợ và con trai: vợ tôi Lưu Thị Hoa sinh 5/6/1988, căn cước 001188002211; con trai Hà Minh Khôi sinh 7/8/2015, số định danh 001215004455',
    ]);
    expect(fields.thanh_vien_cung_thay_doi).toBe('Lưu Thị Hoa; 1988-06-05; Nữ; 001188002211; Vợ\nHà Minh Khôi; 2015-08-07; Nam; 001215004455; Con');
  });

  it('gives the relation to the head, not to the citizen, when the citizen is the head\'s child', () => {
    const { fields } = fill('ct01', [
      'em tên Tô Văn Hậu, sinh 1/1/1990, cccd 001090005566',
      'em là con của chủ hộ, bố em tên Tô Văn Lành là chủ hộ',
      'vợ em Phan Thị Duyên sinh 2/2/1992, cccd 001192007788 cũng nhập về luôn',
    ]);
    expect(fields.moi_quan_he_voi_chu_ho).toBe('Con');
    expect(fields.thanh_vien_cung_thay_doi).toBe('Phan Thị Duyên; 1992-02-02; Nữ; 001192007788; Con dâu');
  });

  it('never lists the head of household, nor anyone while the citizen\'s place in the household is unknown', () => {
    const wife = fill('ct01', ['tôi là Mạc Thị Lan, sinh 4/4/1991, cccd 001191001122', 'tôi là vợ chủ hộ, chồng tôi là Đào Văn Kiên']);
    expect(wife.fields.thanh_vien_cung_thay_doi).toBeUndefined();
    const unknown = fill('ct01', ['tôi là Mạc Thị Lan, sinh 4/4/1991', 'con tôi là Đào Minh Phúc, sinh 6/6/2016']);
    expect(unknown.fields.thanh_vien_cung_thay_doi).toBeUndefined();
  });
});
