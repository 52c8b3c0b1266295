import { describe, expect, it } from 'vitest';
import { isBareYesNo, readYesNo } from './index.js';

describe('readYesNo', () => {
  it.each([
    ['có', 'yes'],
    ['Có ạ', 'yes'],
    ['co', 'yes'],
    ['dạ vâng', 'yes'],
    ['Vâng ạ', 'yes'],
    ['ừ', 'yes'],
    ['uh', 'yes'],
    ['ok', 'yes'],
    ['OK nhé', 'yes'],
    ['oke', 'yes'],
    ['đồng ý', 'yes'],
    ['Tôi đồng ý gửi', 'yes'],
    ['có, tôi muốn gửi', 'yes'],
    ['được', 'yes'],
    ['chắc chắn', 'yes'],
    ['yes', 'yes'],
    ['không', 'no'],
    ['khong', 'no'],
    ['ko', 'no'],
    ['k', 'no'],
    ['hông', 'no'],
    ['hông ạ', 'no'],
    ['dạ không', 'no'],
    ['vâng, không cần', 'no'],
    ['ừm ko', 'no'],
    ['Không đồng ý', 'no'],
    ['tôi không muốn', 'no'],
    ['chưa', 'no'],
    ['thôi', 'no'],
    ['từ chối', 'no'],
    ['để sau', 'no'],
    ['hủy', 'no'],
    ['bỏ qua', 'no'],
    ['no', 'no'],
    ['mình xin phép từ chối', 'no'],
  ] as const)('%j → %s', (text, expected) => {
    expect(readYesNo(text)).toBe(expected);
  });

  it.each(['', '   ', 'tôi muốn hỏi về khai sinh'.replace('tôi muốn', 'xin'), 'công chứng', 'khai sinh cho con', '👍'])('%j is neither', (text) => {
    expect(readYesNo(text)).toBeUndefined();
  });

  it('reads a word, not a prefix of one ("công" is not "có", "khai" is not "k")', () => {
    expect(readYesNo('công an')).toBeUndefined();
    expect(readYesNo('khai báo')).toBeUndefined();
    expect(readYesNo('okay')).toBe('yes');
  });
});

describe('isBareYesNo', () => {
  it.each(['ừ', 'có', 'không', 'ko', 'k', 'hông', 'dạ vâng', 'vâng ạ', 'không nhé', 'ok nha', 'đồng ý', 'không đồng ý', 'huỷ bỏ', 'dừng lại', 'bỏ qua', 'được rồi', 'Có!'])(
    '%j is a bare answer',
    (text) => {
      expect(isBareYesNo(text)).toBe(true);
    },
  );

  it.each(['có thể cho tôi hỏi', 'không biết làm sao', 'khai sinh', '', 'ok cảm ơn, cho hỏi thêm'])('%j is not', (text) => {
    expect(isBareYesNo(text)).toBe(false);
  });

  it('every bare answer is read as yes or no', () => {
    for (const t of ['ừ', 'dạ vâng', 'không nhé', 'hông', 'huỷ bỏ', 'được rồi']) expect(readYesNo(t)).toBeDefined();
  });
});
