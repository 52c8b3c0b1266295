import { describe, expect, it } from 'vitest';
import { splitMessage } from './split.js';

const words = (s: string) => s.split(/\s+/).filter(Boolean);

describe('splitMessage', () => {
  it.each([
    ['short text stays whole', 'Dạ, anh/chị nộp tại phường.', 50, ['Dạ, anh/chị nộp tại phường.']],
    ['breaks between sentences', 'Câu một. Câu hai dài hơn. Câu ba!', 20, ['Câu một.', 'Câu hai dài hơn.', 'Câu ba!']],
    ['packs sentences greedily', 'Một. Hai. Ba. Bốn.', 9, ['Một. Hai.', 'Ba. Bốn.']],
    ['falls back to words for a long sentence', 'một hai ba bốn năm sáu bảy', 10, ['một hai ba', 'bốn năm', 'sáu bảy']],
    ['composes NFD input', 'Nguyễn Thị Hường'.normalize('NFD'), 100, ['Nguyễn Thị Hường']],
    ['empty text gives no message', '   \n ', 10, []],
    ['prefers a paragraph end when the part is at least half full', 'Một hai ba bốn.\n\nNăm. Sáu bảy.', 24, ['Một hai ba bốn.', 'Năm. Sáu bảy.']],
    ['a paragraph end too early in the part is not preferred', 'Một.\n\nHai ba bốn năm. Sáu bảy tám chín.', 26, ['Một.\n\nHai ba bốn năm.', 'Sáu bảy tám chín.']],
    ['then a line end over a sentence end', 'Giấy tờ: tờ khai.\nBản sao. Căn cước. Ảnh.', 30, ['Giấy tờ: tờ khai.', 'Bản sao. Căn cước. Ảnh.']],
    ['keeps a URL with its dots whole', 'Xem https://dichvucong.gov.vn/p/home/dvc-tthc.html nhé. Cảm ơn anh/chị.', 60, ['Xem https://dichvucong.gov.vn/p/home/dvc-tthc.html nhé.', 'Cảm ơn anh/chị.']],
    ['Vietnamese question and ellipsis end sentences', 'Anh/chị ở phường nào? Dạ… em hiểu rồi!', 25, ['Anh/chị ở phường nào?', 'Dạ… em hiểu rồi!']],
  ])('%s', (_name, text, max, expected) => {
    expect(splitMessage(text, max)).toEqual(expected);
  });

  it('splits long text on paragraph and word boundaries, every part within max, no word lost', () => {
    const text = `${'một hai ba '.repeat(100)}\n\n${'bốn năm '.repeat(100)}`;
    const parts = splitMessage(text, 300);
    expect(parts.every((p) => p.length <= 300)).toBe(true);
    expect(parts.join(' ').replace(/\s+/g, ' ')).toBe(`${'một hai ba '.repeat(100)}${'bốn năm '.repeat(100)}`.trim().replace(/\s+/g, ' '));
    // The paragraph boundary is a cut: no part mixes the two paragraphs.
    expect(parts.filter((p) => p.includes('ba') && p.includes('bốn'))).toEqual([]);
  });

  it('rejects a maximum below one', () => {
    expect(() => splitMessage('abc', 0)).toThrow(RangeError);
  });

  it('cuts an oversized word only between grapheme clusters', () => {
    const url = `https://x.vn/${'ệ'.repeat(30)}`;
    const parts = splitMessage(url.normalize('NFD'), 8);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(8);
    expect(parts.join('')).toBe(url.normalize('NFC'));
  });

  it('keeps a grapheme with a combining mark that has no precomposed form whole', () => {
    // "e" + combining circumflex + combining dot below composes; "q" + U+0301 does not.
    const s = 'q\u0301'.repeat(10);
    const parts = splitMessage(s, 3);
    for (const p of parts) expect(p.length % 2).toBe(0);
    expect(parts.join('')).toBe(s);
  });

  it('property: every part fits, no word is cut, nothing is lost (random Vietnamese text)', () => {
    const vocab = ['căn', 'cước', 'công', 'dân', 'khai', 'sinh', 'thường', 'trú', 'Ủy', 'ban', 'phường', 'hồ', 'sơ', 'lệ', 'phí', 'nghìn', 'đồng'];
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 50; round++) {
      let text = '';
      const sentences = 1 + rnd(80);
      for (let s = 0; s < sentences; s++) {
        const len = 1 + rnd(60);
        const ws = Array.from({ length: len }, () => vocab[rnd(vocab.length)]!);
        text += `${ws.join(' ')}${['.', '?', '!'][rnd(3)]} `;
        if (rnd(5) === 0) text += '\n\n';
      }
      const max = 50 + rnd(2000);
      const parts = splitMessage(text, max);
      for (const p of parts) {
        expect(p.length).toBeLessThanOrEqual(max);
        expect(p).toBe(p.trim());
      }
      expect(parts.flatMap(words)).toEqual(words(text.normalize('NFC')));
    }
  });
});
