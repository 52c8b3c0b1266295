import { describe, expect, it } from 'vitest';
import { loadAdminUnits } from '../admin-units.js';
import { loadCatalogue } from '../catalogue.js';
import { foldDiacritics, foldedTokens, foldSameLength, foldText, fold, hasDiacritics } from './index.js';

/**
 * The copies this module replaced, as they were, so that the tests prove the one
 * implementation gives the same results on the catalogue's own text.
 */
const before = {
  /** knowledge/text.ts `foldText`. */
  foldText: (input: string) =>
    input.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().replace(/\s+/g, ' ').trim(),
  /** knowledge/admin-units.ts `foldName`. */
  foldName: (text: string) =>
    text.normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC').toLowerCase().replace(/đ/g, 'd').replace(/[^\p{L}\p{N}]+/gu, ' ').trim(),
  /** bot/text.ts `fold` (over retrieval's `foldDiacritics`). */
  botFold: (text: string) =>
    text.normalize('NFC').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim(),
  /** storage/analytics-columns.ts `fold`. */
  analyticsWords: (text: string) =>
    text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean),
  /** knowledge/facts/text.ts `foldSameLength`. */
  factsSameLength: (text: string) => {
    let out = '';
    for (const ch of text) {
      const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      const lower = (base.length === 1 ? base : ch).toLowerCase();
      const c = lower === 'đ' ? 'd' : lower;
      out += c.length === ch.length ? c : ch.length === 2 ? '??' : '?';
    }
    return out;
  },
};

describe('folding', () => {
  it.each([
    ['Đăng ký khai sinh', 'Dang ky khai sinh', 'dang ky khai sinh', 'dang ky khai sinh'],
    ['  Phường  Bến Nghé, Q.1 ', '  Phuong  Ben Nghe, Q.1 ', 'phuong ben nghe, q.1', 'phuong ben nghe q 1'],
    ['ĐỒNG Ý!', 'DONG Y!', 'dong y!', 'dong y'],
    ['hoà / hòa', 'hoa / hoa', 'hoa / hoa', 'hoa hoa'],
    ['CCCD 0123', 'CCCD 0123', 'cccd 0123', 'cccd 0123'],
    ['', '', '', ''],
  ])('%j → foldDiacritics %j, foldText %j, fold %j', (input, diacritics, text, words) => {
    expect(foldDiacritics(input)).toBe(diacritics);
    expect(foldText(input)).toBe(text);
    expect(fold(input)).toBe(words);
  });

  it('folds decomposed (NFD) input like composed input', () => {
    const nfd = 'Nguyễn Thị Thủy'.normalize('NFD');
    expect(foldDiacritics(nfd)).toBe('Nguyen Thi Thuy');
    expect(fold(nfd)).toBe('nguyen thi thuy');
  });

  it('foldedTokens splits fold and is empty without words', () => {
    expect(foldedTokens('Giấy tờ: CCCD, hộ chiếu')).toEqual(['giay', 'to', 'cccd', 'ho', 'chieu']);
    expect(foldedTokens(' ?! ')).toEqual([]);
  });

  it('foldSameLength keeps every position (emoji and decomposed marks included)', () => {
    for (const s of ['Lệ phí: 50.000 đồng/bản', 'ĐĂNG KÝ 👍 tạm trú', 'Nguyễn'.normalize('NFD'), 'İstanbul ß']) {
      expect(foldSameLength(s)).toHaveLength(s.length);
    }
    const text = 'Phí: 8.000 đồng/trang';
    const at = foldSameLength(text).indexOf('dong/trang');
    expect(text.slice(at, at + 'dong/trang'.length)).toBe('đồng/trang');
  });

  it('is idempotent and hasDiacritics says whether folding changed anything', () => {
    for (const s of ['Đăng ký', 'dang ky', 'Thuỷ', '👍 ừ']) {
      expect(foldDiacritics(foldDiacritics(s))).toBe(foldDiacritics(s));
      expect(fold(fold(s))).toBe(fold(s));
      expect(hasDiacritics(s)).toBe(foldDiacritics(s) !== s.normalize('NFC'));
    }
    expect(hasDiacritics('dang ky')).toBe(false);
    expect(hasDiacritics('đang')).toBe(true);
  });
});

describe('the one folding gives what the replaced copies gave, on the catalogue', async () => {
  const catalogue = await loadCatalogue();
  const units = await loadAdminUnits();
  // Every string of every 7th procedure (names, documents, fees, conditions, ...).
  const texts: string[] = [];
  const collect = (v: unknown): void => {
    if (typeof v === 'string') texts.push(v);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') Object.values(v).forEach(collect);
  };
  catalogue.all().forEach((p, i) => (i % 7 === 0 ? collect(p) : texts.push(p.name)));
  const names = [...units.provinces().map((p) => p.name), ...units.units().map((u) => u.name)];

  it('has a real sample', () => {
    expect(texts.length).toBeGreaterThan(20_000);
    expect(names.length).toBeGreaterThan(3_000);
  });

  it('foldText = knowledge/text.ts foldText', () => {
    for (const t of texts) expect(foldText(t)).toBe(before.foldText(t));
  });

  it('fold = bot/text.ts fold = admin-units foldName', () => {
    for (const t of [...texts, ...names]) {
      const f = fold(t);
      if (f !== before.botFold(t) || f !== before.foldName(t)) expect([f, f]).toEqual([before.botFold(t), before.foldName(t)]);
    }
  });

  it('foldSameLength = knowledge/facts/text.ts foldSameLength (fees, times, forms)', () => {
    for (const t of texts) {
      const f = foldSameLength(t);
      if (f !== before.factsSameLength(t)) expect(f).toBe(before.factsSameLength(t));
    }
  });

  it('foldText split into ASCII words = analytics-columns foldWords', () => {
    for (const t of texts) {
      const words = foldText(t).split(/[^a-z0-9]+/).filter(Boolean);
      if (words.join(' ') !== before.analyticsWords(t).join(' ')) expect(words).toEqual(before.analyticsWords(t));
    }
  });
});
