import { describe, expect, it } from 'vitest';
import { numberWordsToDigits, parseDate } from './dates.js';

const now = new Date('2026-11-26T10:00:00Z');

describe('parseDate: every common form', () => {
  it.each([
    ['5/3/1990', '1990-03-05'],
    ['05/03/1990', '1990-03-05'],
    ['05-03-90', '1990-03-05'],
    ['5.3.1990', '1990-03-05'],
    ['5 / 3 / 1990', '1990-03-05'],
    ['1990-03-05', '1990-03-05'],
    ['mùng 5 tháng 3 năm 1990', '1990-03-05'],
    ['mong 5 thang 3 nam 1990', '1990-03-05'],
    ['ngày 05 tháng 03 năm 1990', '1990-03-05'],
    ['5 tháng 3, 1990', '1990-03-05'],
    ['sinh ngày 31/12/2001', '2001-12-31'],
    ['01/11/26', '2026-11-01'],
    ['tháng 3/1990', '1990-03'],
    ['tháng 3 năm 1990', '1990-03'],
    ['3/1990', '1990-03'],
    ['sinh năm 90', '1990'],
    ['sinh nam 1985', '1985'],
    ['năm sinh 2003', '2003'],
    ['sn 78', '1978'],
  ])('%s → %s', (text, iso) => {
    const r = parseDate(text, now);
    expect(r.ok && r.value).toBe(iso);
  });

  it.each([
    ['31/2/1990', 'date'],
    ['5/13/1990', 'date'],
    ['5/3/2030', 'date_future'],
    ['không nhớ', 'empty'],
  ])('rejects %s (%s)', (text, reason) => {
    const r = parseDate(text, now);
    expect(r.ok ? 'ok' : r.reason).toBe(reason);
  });

  it('marks year-only and month-year dates as partial', () => {
    expect(parseDate('sinh năm 90', now)).toMatchObject({ ok: true, partial: true });
    expect(parseDate('5/3/1990', now)).toMatchObject({ ok: true, partial: false });
  });
});

describe('dates as people write them', () => {
  it.each([
    ['sinh năm 1987, ngày 6 tháng 1', '1987-01-06'],
    ['sn 1999 ngày 17 tháng 10', '1999-10-17'],
    ['09-06-91', '1991-06-09'],
    ['ngày mười lăm tháng mười một năm 2026', '2026-11-15'],
    ['mùng 5 tháng 11 năm 2026', '2026-11-05'],
    ['ngày hai mươi mốt tháng tư năm 1990', '1990-04-21'],
  ])('%s → %s', (text, iso) => {
    const r = parseDate(text, new Date('2026-12-01T10:00:00Z'));
    expect(r.ok && r.value).toBe(iso);
  });

  it('keeps positions when number words become digits', () => {
    const f = 'ngay muoi lam thang muoi mot';
    expect(numberWordsToDigits(f)).toHaveLength(f.length);
  });
});

describe('parseDate: what it keeps', () => {
  it.each(['ly hôn năm 2023', 'mất năm 2024'])('reads no birth year from an event year (%s)', (text) => {
    expect(parseDate(text, now).ok).toBe(false);
  });

  it('takes a bare year only when allowed', () => {
    expect(parseDate('1990', now).ok).toBe(false);
    expect(parseDate('1990', now, { allowBareYear: true })).toMatchObject({ ok: true, value: '1990' });
  });

  it('gives the span in the NFC text, so a caller can cut the date out', () => {
    const text = 'Tôi sinh ngày 05/03/1990 ở Huế';
    const r = parseDate(text, now);
    expect(r.ok && text.slice(r.start, r.end)).toMatch(/05\/03\/1990/);
  });
});

describe('a day and month alone, read as this year (thisYear)', () => {
  const now = new Date('2026-11-26T00:00:00Z');
  it.each([
    ['quyết định ngày 3-11', '2026-11-03'],
    ['nhận giấy mời ngay 20 thang 11', '2026-11-20'],
    ['bản án ngày 12/10/2025', '2025-10-12'],
  ])('%s → %s', (text, iso) => {
    const r = parseDate(text, now, { thisYear: true });
    expect(r.ok && r.value).toBe(iso);
  });
  it('is off unless asked, and a day later this year is not a date of the past', () => {
    expect(parseDate('quyết định ngày 3-11', now).ok).toBe(false);
    expect(parseDate('ngày 25/12', now, { thisYear: true })).toMatchObject({ ok: false, reason: 'date_future' });
  });
});
