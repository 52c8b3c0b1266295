import { describe, expect, it } from 'vitest';
import { foldDiacritics, hasDiacritics, normalizeToneMarks, normalizeVi } from './index.js';

/** Deterministic pseudo-random generator (mulberry32) so the property tests are reproducible. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = [
  ...'aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ0123456789 .,?!-/()\t\n',
  '\u0300', '\u0301', '\u0303', '\u0309', '\u0323', '\u00a0', '\u200b',
  ...'àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ',
];
const WORDS = ['hoà', 'hòa', 'thuý', 'thúy', 'khoẻ', 'quốc', 'giữ', 'gì', 'người', 'Đăng', 'KÝ', 'khuỷu', 'hoạch', 'CCCD', 'tờ', 'khai', 'ct01', '1.001193'];

function randomString(next: () => number): string {
  const n = Math.floor(next() * 40);
  let s = '';
  for (let i = 0; i < n; i++) {
    s += next() < 0.3 ? ` ${WORDS[Math.floor(next() * WORDS.length)]} ` : ALPHABET[Math.floor(next() * ALPHABET.length)];
  }
  return s;
}

describe('normalizeVi', () => {
  it.each([
    ['Hoà Bình', 'hòa bình'],
    ['hòa bình', 'hòa bình'],
    ['Nguyễn Thị Thuý', 'nguyễn thị thúy'],
    ['sức khoẻ', 'sức khỏe'],
    ['Hoàng  Văn\u00a0Thụ', 'hoàng văn thụ'],
    ['QUỐC TỊCH', 'quốc tịch'],
    ['giữ gìn', 'giữ gìn'],
    ['người', 'người'],
    ['khuỷu tay', 'khuỷu tay'],
    ['xoá đăng ký', 'xóa đăng ký'],
    ['huỷ', 'hủy'],
    ['ủy ban', 'ủy ban'],
    ['kế hoạch', 'kế hoạch'],
    ['  zero\u200bwidth  ', 'zerowidth'],
    ['Đăng ký khai sinh', 'đăng ký khai sinh'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeVi(input)).toBe(expected);
  });

  it('treats decomposed (NFD) input like composed input', () => {
    expect(normalizeVi('Hoà Bình'.normalize('NFD'))).toBe('hòa bình');
  });

  it('is idempotent on 3,000 random strings', () => {
    const next = rng(42);
    for (let i = 0; i < 3000; i++) {
      const s = randomString(next);
      const once = normalizeVi(s);
      expect(normalizeVi(once), JSON.stringify(s)).toBe(once);
    }
  });

  it('never changes the folded letters, only where the tone mark sits', () => {
    const next = rng(7);
    for (let i = 0; i < 2000; i++) {
      const s = randomString(next);
      const squash = (x: string) => x.replace(/\s+/gu, ' ').trim();
      const expected = squash(foldDiacritics(s.normalize('NFC').replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '')).toLowerCase());
      expect(squash(foldDiacritics(normalizeVi(s)))).toBe(expected);
    }
  });
});

describe('normalizeToneMarks', () => {
  it('keeps case and moves the mark', () => {
    expect(normalizeToneMarks('HOÀ Thuý')).toBe('HÒA Thúy');
  });
  it('leaves non-Vietnamese words alone', () => {
    expect(normalizeToneMarks('café naïve')).toBe('café naïve');
  });
});

describe('foldDiacritics', () => {
  it.each([
    ['Đăng ký khai sinh', 'Dang ky khai sinh'],
    ['đường', 'duong'],
    ['Ủy ban nhân dân', 'Uy ban nhan dan'],
    ['sổ đỏ', 'so do'],
    ['ABC 123', 'ABC 123'],
  ])('%j → %j', (input, expected) => {
    expect(foldDiacritics(input)).toBe(expected);
  });

  it('is idempotent and matching on folded forms never loses an exact match', () => {
    const next = rng(99);
    for (let i = 0; i < 2000; i++) {
      const a = normalizeVi(randomString(next));
      expect(foldDiacritics(foldDiacritics(a))).toBe(foldDiacritics(a));
      // If two strings are equal, their folded forms are equal (folding is a function).
      expect(foldDiacritics(a)).toBe(foldDiacritics(normalizeVi(a)));
    }
  });

  it('hasDiacritics tells accented from plain text', () => {
    expect(hasDiacritics('làm lại')).toBe(true);
    expect(hasDiacritics('đi')).toBe(true);
    expect(hasDiacritics('lam lai')).toBe(false);
  });
});
