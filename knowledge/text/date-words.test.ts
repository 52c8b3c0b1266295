import { describe, expect, it } from 'vitest';
import { parseDate } from './dates.js';
import { spellDatesInDigits } from './date-words.js';

const now = new Date('2026-12-01T05:00:00Z');

describe('spellDatesInDigits: dates said in words', () => {
  it.each([
    ['sinh ngày ba mươi tháng chín năm một chín tám bảy', '1987-09-30'],
    ['sinh ngày mười hai tháng ba năm hai nghìn', '2000-03-12'],
    ['đăng ký ngày hai mươi mốt tháng mười một năm hai nghìn lẻ sáu', '2006-11-21'],
    ['sinh ngay muoi lam thang gieng nam hai ngan khong tram muoi', '2010-01-15'],
    ['mùng bốn tháng chạp năm một nghìn chín trăm bảy mươi', '1970-12-04'],
  ])('%s → %s', (text, date) => {
    const d = parseDate(spellDatesInDigits(text), now);
    expect(d.ok && d.value).toBe(date);
  });

  it.each([
    'mấy ngày năm nay con bận, ba tháng nữa mới về',
    'nhà có năm người, ba đứa con',
    'ở tổ ba, khu phố năm',
  ])('leaves numbers that are no date as words: %s', (text) => expect(spellDatesInDigits(text)).toBe(text.normalize('NFC')));

  it('reads "tháng mười năm …" as October, not the fifteenth', () => {
    expect(spellDatesInDigits('tháng mười năm hai nghìn lẻ năm')).toBe('tháng 10 năm 2005');
  });
});
