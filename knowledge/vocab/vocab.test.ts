import { describe, expect, it } from 'vitest';
import { loadVocabulary, parseAbbreviations, parseColloquial, parseStopwords } from './index.js';

describe('vocabulary files', () => {
  it('the committed files parse and are not empty', async () => {
    const v = await loadVocabulary();
    expect(v.abbreviations.length).toBeGreaterThan(50);
    expect(v.colloquial.length).toBeGreaterThan(100);
    expect(v.stopwords.length).toBeGreaterThan(30);
    expect(v.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('every committed entry is NFC', async () => {
    const v = await loadVocabulary();
    for (const e of v.colloquial) expect(e.phrase, `colloquial line ${e.line}`).toBe(e.phrase.normalize('NFC'));
    for (const e of v.abbreviations) expect(e.expansion, `abbreviations line ${e.line}`).toBe(e.expansion.normalize('NFC'));
  });

  it('reports the line of a malformed abbreviation', () => {
    expect(() => parseAbbreviations('# header\nko\tkhông\nbroken line\n')).toThrow(/abbreviations\.tsv:3/);
  });

  it('reports a bad colloquial weight with its line', () => {
    expect(() => parseColloquial('sổ đỏ\tgiấy chứng nhận\tabc\n')).toThrow(/colloquial\.tsv:1: weight/);
  });

  it('splits colloquial alternatives and defaults the weight to 1', () => {
    expect(parseColloquial('biển số\tđăng ký xe | biển số xe\n')).toEqual([{ phrase: 'biển số', terms: ['đăng ký xe', 'biển số xe'], weight: 1, line: 1 }]);
  });

  it('parses stop words with optional weights', () => {
    expect(parseStopwords('tôi\nlệ\t0.15\n')).toEqual([
      { word: 'tôi', weight: 0 },
      { word: 'lệ', weight: 0.15 },
    ]);
    expect(() => parseStopwords('phí\t2\n')).toThrow(/stopwords\.txt:1/);
  });
});
