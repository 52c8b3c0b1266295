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
