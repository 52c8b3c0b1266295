import { describe, expect, it } from 'vitest';
import { splitMessage } from './split-text.js';

const words = (s: string) => s.split(/\s+/).filter(Boolean);

describe('splitMessage', () => {
  it.each([
    ['short text stays whole', 'Dạ, anh/chị nộp tại phường.', 50, ['Dạ, anh/chị nộp tại phường.']],
    ['breaks between sentences', 'Câu một. Câu hai dài hơn. Câu ba!', 20, ['Câu một.', 'Câu hai dài hơn.', 'Câu ba!']],
    ['packs sentences greedily', 'Một. Hai. Ba. Bốn.', 9, ['Một. Hai.', 'Ba. Bốn.']],
    ['falls back to words for a long sentence', 'một hai ba bốn năm sáu bảy', 10, ['một hai ba', 'bốn năm', 'sáu bảy']],
    ['composes NFD input', 'Nguyễn Thị Hường'.normalize('NFD'), 100, ['Nguyễn Thị Hường']],
    ['empty text gives no message', '   \n ', 10, []],
  ])('%s', (_name, text, max, expected) => {
    expect(splitMessage(text, max)).toEqual(expected);
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
