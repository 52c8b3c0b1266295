import { describe, expect, it } from 'vitest';
import { QueryAnalyzer } from '../../retrieval/query.js';
import { tokenizeVi } from '../../retrieval/text.js';
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

describe('citizens\' words for the catalogue\'s (committed vocabulary, session 17)', async () => {
  const analyzer = new QueryAnalyzer(await loadVocabulary());
  const expanded = (q: string) => analyzer.expandAbbreviations(tokenizeVi(q)).join(' ');
  it.each([
    ['mới sanh em bé', 'mới sinh em bé'],
    ['mần giấy ở mô', 'làm giấy ở mô'],
    ['được hông', 'được không'],
    ['bọ mạ nó mất cả', 'bố mẹ nó mất cả'],
    ['ba má tui cho đất', 'bố mẹ tui cho đất'],
    ['cc hành nghề dược bị mất', 'chứng chỉ hành nghề dược bị mất'],
    // Only the pair is a parent: "ba" alone is also three, "cc" alone is căn cước or công chứng too.
    ['ba anh em', 'ba anh em'],
    ['photo cc', 'photo cc'],
  ])('%j → %j', (input, out) => {
    expect(expanded(input)).toBe(out);
  });

  const expandsTo = (q: string, term: string) => analyzer.analyze(q).expansions.some((e) => e.terms.some((t) => t.includes(term)));
  it.each([
    ['môn văn đc 5đ mún xin chấm lại thì làm sao', 'phúc khảo'],
    ['Tiền chế độ nghỉ sanh em lãnh sao', 'thai sản'],
    ['hãng đòi giấy chứng minh nó hông có tiền án', 'lý lịch tư pháp'],
    ['quy roi lo nop thue du gan 3 trieu', 'nộp thừa'],
    ['Chừ ở với bà nội, bọ mạ mất cả, có được trợ cấp chi không', 'đăng ký giám hộ'],
    ['muốn sửa tên trên bằng cho khớp giấy khai sinh', 'chỉnh sửa nội dung văn bằng'],
    ['mang bản gốc ra phường photo r đóng dấu luôn đc ko', 'chứng thực bản sao từ bản chính'],
    ['Em lấy chồng ở xa, không muốn nhận phần của mình', 'từ chối nhận di sản'],
  ])('%j adds %j', (q, term) => {
    expect(expandsTo(q, term)).toBe(true);
  });

  it('does not read a means ("sửa bằng cách nào") as a diploma', () => {
    expect(expandsTo('hồ sơ sai thì sửa bằng cách nào', 'văn bằng')).toBe(false);
  });
});
