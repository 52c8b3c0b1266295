import { beforeAll, describe, expect, it } from 'vitest';
import { loadForms, type FormRegistry } from '../../knowledge/index.js';
import { absorbAndSettle } from './settle.js';
import { answerAsked } from './answers.js';
import { captureForm } from './capture.js';
import type { FormContext } from './context.js';
import type { FormSession } from './session.js';
import type { Turn } from '../types.js';

/** Messages read one after another into a fresh session of a form; the captured fields and the lines said. */
let forms: FormRegistry;
beforeAll(async () => {
  forms = await loadForms();
});
const now = new Date('2026-12-01T05:00:00Z');

function fill(formId: string, messages: string[], restoreNames = false): { fields: Record<string, string>; notes: string[]; session: FormSession } {
  const ctx: FormContext = { forms, addresses: undefined, restoreNames };
  const form = forms.get(formId)!;
  const session: FormSession = { formId, stage: 'filling', consent: 'refused', profile: {}, values: {}, asked: [], skipped: [] };
  const notes: string[] = [];
  for (const m of messages) notes.push(...absorbAndSettle(ctx, form, session, m, now).notes);
  return { fields: captureForm(ctx, form, session, now).fields, notes, session };
}

describe('names typed without diacritics', () => {
  it('are kept as typed unless the context restores them', () => {
    expect(fill('ct01', ['toi ten pham van duc, sinh 1/2/1990']).fields.ho_ten).toBe('Pham Van Duc');
  });
  it('are stored restored, a sure reading without a word', () => {
    const { fields, notes } = fill('ct01', ['toi ten pham van duc, sinh 1/2/1990', 'chu ho la bo toi, Pham Van Tuan'], true);
    expect(fields).toMatchObject({ ho_ten: 'Phạm Văn Đức', ho_ten_chu_ho: 'Phạm Văn Tuấn' });
    expect(notes.join(' ')).not.toMatch(/em ghi tên/i);
  });
  it('read back once when the reading is a guess', () => {
    const { fields, notes } = fill('ct01', ['em ten Tran Thi Thuy sinh 3/3/1995', 'toi ten Tran Thi Thuy, sdt 0912345678'], true);
    expect(fields.ho_ten).toBe('Trần Thị Thủy');
    expect(notes.filter((n) => /em ghi tên/i.test(n))).toEqual(['Dạ, em ghi tên là Trần Thị Thủy (hay Thúy, Thùy), anh/chị xem đúng chưa ạ?']);
  });
  it('typed with diacritics, are never changed', () => {
    expect(fill('ct01', ['tôi tên Phạm Văn Đưc, sinh 1/2/1990'], true).fields.ho_ten).toBe('Phạm Văn Đưc');
  });
  it('given as the answer to the name asked, are restored and read back when a guess', () => {
    const ctx: FormContext = { forms, addresses: undefined, restoreNames: true };
    const form = forms.get('ct01')!;
    const session: FormSession = { formId: 'ct01', stage: 'filling', consent: 'refused', profile: {}, values: {}, asked: ['ho_ten_chu_ho'], skipped: [] };
    const r = answerAsked(ctx, form, session, { text: 'nguyen van hung', now } as Turn);
    expect(r.answered).toBe(1);
    expect(captureForm(ctx, form, session, now).fields.ho_ten_chu_ho).toBe('Nguyễn Văn Hùng');
    expect(r.notes).toEqual(['Dạ, em ghi tên là Nguyễn Văn Hùng (hay Hưng), anh/chị xem đúng chưa ạ?']);
  });
});

describe('CT01 "Nội dung đề nghị"', () => {
  it('is written from the request kind and the residence address, never the chatter', () => {
    const { fields } = fill('ct01', ['Em cần tờ khai CT01 để khai báo tạm trú ạ, em mới lên HN đi làm', 'em tên Lục Thị Vân, sinh 3/3/2004, em ở trọ số 15 ngõ 80 phố Chùa Láng, phường Láng, Hà Nội']);
    expect(fields.noi_dung_de_nghi).toMatch(/^Đăng ký tạm trú tại số 15 ngõ 80 phố Chùa Láng, phường Láng, Hà Nội/);
    expect(fields.noi_dung_de_nghi).not.toMatch(/đi làm|em/);
  });
  it('is the kind alone until an address comes, then follows it', () => {
    const { fields, session } = fill('ct01', ['dang ky thuong tru cho em']);
    expect(fields.noi_dung_de_nghi).toBe('Đăng ký thường trú');
    const later = fill('ct01', ['dang ky thuong tru cho em', 'em ten Kha Van Dung, o so 5 pho Hang Ma, phuong Hoan Kiem, Ha Noi']);
    expect(later.fields.noi_dung_de_nghi).toMatch(/^Đăng ký thường trú tại s[oố] 5 ph[oố] Hang Ma/i);
    expect(session.requestKind).toBe('thuong_tru');
  });
  it('a kind only named is no request, unless it answers the question', () => {
    expect(fill('ct01', ['em thường trú ở Nam Định, tên Kha Văn Dũng']).fields.noi_dung_de_nghi).toBeUndefined();
    const ctx: FormContext = { forms, addresses: undefined };
    const session: FormSession = { formId: 'ct01', stage: 'filling', consent: 'refused', profile: {}, values: {}, asked: ['noi_dung_de_nghi'], skipped: [] };
    absorbAndSettle(ctx, forms.get('ct01')!, session, 'tạm trú ạ', now);
    expect(session.values.noi_dung_de_nghi).toBe('Đăng ký tạm trú');
  });
  it('keeps the kind asked for when a later message only names another', () => {
    const { fields } = fill('ct01', ['em muốn gia hạn tạm trú', 'hộ khẩu thường trú của em ở Nam Định']);
    expect(fields.noi_dung_de_nghi).toBe('Gia hạn tạm trú');
  });
  it('a line the citizen states wins', () => {
    const { fields } = fill('ct01', ['làm tờ khai ct01 đăng ký tạm trú', 'nội dung đề nghị: đăng ký tạm trú cho cả gia đình tại số 2 ngõ 4 phố Huế, phường Hai Bà Trưng, Hà Nội.', 'em ở số 9 ngõ 1 phố Huế']);
    expect(fields.noi_dung_de_nghi).toBe('Đăng ký tạm trú cho cả gia đình tại số 2 ngõ 4 phố Huế, phường Hai Bà Trưng, Hà Nội');
  });
  it('is not written on other forms', () => {
    expect(fill('to-khai-xac-nhan-tinh-trang-hon-nhan', ['đăng ký tạm trú', 'tôi tên Kha Văn Dũng']).fields.noi_dung_de_nghi).toBeUndefined();
  });
});
