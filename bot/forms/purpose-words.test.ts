import { describe, expect, it } from 'vitest';
import { purposeAsWritten } from './purpose-words.js';

describe('purposeAsWritten', () => {
  it.each([
    ['Dang ky ket hon', 'Đăng ký kết hôn'],
    ['Lam ho so lao dong o Han Quoc', 'Làm hồ sơ lao động ở Hàn Quốc'],
    ['Bo sung ho so vay the chap', 'Bổ sung hồ sơ vay thế chấp'],
    ['Ket hon voi nguoi uc tai uc', 'Kết hôn với người Úc tại Úc'],
    ['Dang ky ket hon.', 'Đăng ký kết hôn.'],
  ])('gives a purpose typed without tones its tones when every word is known: %s', (typed, written) => {
    expect(purposeAsWritten(typed)).toBe(written);
  });

  it.each([
    ['Làm hs đi XKLĐ Đài Loan', 'Làm hồ sơ đi xuất khẩu lao động Đài Loan'],
    ['Lam ho so di xkld Dai Loan', 'Làm hồ sơ đi xuất khẩu lao động Đài Loan'],
    ['Đk kết hôn', 'Đăng ký kết hôn'],
  ])('writes out the abbreviations: %s', (typed, written) => {
    expect(purposeAsWritten(typed)).toBe(written);
  });

  it.each(['Ket hon ben Nhat', 'Lam so do', 'Ket hon voi nguoi nuoc ngoai (Han Quoc', 'Mua bán nhà đất'])('leaves "%s" as typed (a word it does not know, or tones already typed)', (typed) => {
    expect(purposeAsWritten(typed)).toBe(typed);
  });
});
