import { describe, expect, it } from 'vitest';
import { indexTerms, syllableBigrams, tokenizeVi } from './text.js';

describe('tokenizeVi and bigrams', () => {
  it('splits into normalised syllables and keeps procedure codes whole', () => {
    expect(tokenizeVi('Thủ tục 1.001193: Đăng ký khai sinh (mẫu CT01)!')).toEqual(['thủ', 'tục', '1.001193', 'đăng', 'ký', 'khai', 'sinh', 'mẫu', 'ct01']);
  });
  it('makes adjacent-syllable bigrams', () => {
    expect(syllableBigrams(['đăng', 'ký', 'khai', 'sinh'])).toEqual(['đăng_ký', 'ký_khai', 'khai_sinh']);
  });
  it('produces accented and folded index terms, folded ones prefixed', () => {
    const t = indexTerms('Sổ đỏ');
    expect(t.accented).toEqual(['sổ', 'đỏ', 'sổ_đỏ']);
    expect(t.folded).toEqual(['~so', '~do', '~so_do']);
  });
});
