import { describe, expect, it } from 'vitest';
import { stripMarkdown } from './markdown.js';

describe('stripMarkdown', () => {
  it.each([
    ['bold and a link (default: "title: url")', '**Lệ phí:** xem [Cổng](https://x.vn/a)', 'Lệ phí: xem Cổng: https://x.vn/a'],
    ['double-underscore bold', 'Nộp tại __UBND phường__.', 'Nộp tại UBND phường.'],
    ['emphasis between spaces', 'Mang theo _bản chính_ khi nộp.', 'Mang theo bản chính khi nộp.'],
    ['underscores inside a word or URL stay', 'Tệp to_khai_01.pdf tại https://x.vn/a_b_c', 'Tệp to_khai_01.pdf tại https://x.vn/a_b_c'],
    ['plain text is unchanged', 'Dạ, hồ sơ gồm tờ khai và giấy chứng sinh.', 'Dạ, hồ sơ gồm tờ khai và giấy chứng sinh.'],
  ])('%s', (_name, input, expected) => {
    expect(stripMarkdown(input)).toBe(expected);
  });

  it('renders links the way the channel wants', () => {
    expect(stripMarkdown('**Hồ sơ**: [Cổng](https://dichvucong.gov.vn)', { link: (t, u) => `${t} (${u})` })).toBe('Hồ sơ: Cổng (https://dichvucong.gov.vn)');
  });

  it('is idempotent', () => {
    const once = stripMarkdown('**A** _b_ [c](https://d.vn) __e__');
    expect(stripMarkdown(once)).toBe(once);
  });
});
