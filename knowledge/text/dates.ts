import { foldSameLength } from './fold.js';

/**
 * The one date reader for Vietnamese text (issue 15): birth dates in forms, and any other
 * date a citizen types. Every common way of writing a date: "5/3/1990", "05-03-90",
 * "5.3.1990", "1990-03-05", "mùng 5 tháng 3 năm 1990", "ngày mười lăm tháng mười một",
 * "sinh năm 1987, ngày 6 tháng 1", "tháng 3/1990", "sinh năm 90". Pure; `now` decides
 * two-digit years and what is in the future.
 */

/** A date found (ISO, possibly partial: YYYY-MM or YYYY) with its span, or why none was. */
export type DateResult =
  | { ok: true; value: string; start: number; end: number; partial: boolean }
  | { ok: false; reason: 'date' | 'date_future' | 'empty' };

const pad = (n: number) => n.toString().padStart(2, '0');

const UNITS: Record<string, number> = { mot: 1, mốt: 1, hai: 2, ba: 3, bon: 4, tu: 4, nam: 5, lam: 5, sau: 6, bay: 7, tam: 8, chin: 9 };

/**
 * Day and month numbers written in words become digits, padded to the same length so that
 * positions still match the original: "ngày mười lăm tháng mười một" → "ngày 15 … tháng 11 …".
 * Only right after "ngày"/"mùng"/"tháng", where a number word cannot be a name.
 */
export function numberWordsToDigits(folded: string): string {
  return folded.replace(
    /\b(ngay|mung|mong|thang)(\s+)(muoi(?:\s+(?:mot|hai|ba|bon|nam(?!\s*\d)|lam|sau|bay|tam|chin))?|(?:hai|ba)\s+muoi(?:\s+(?:mot|mốt|hai|ba|bon|tu|lam|nam(?!\s*\d)|sau|bay|tam|chin))?|mot|hai|ba|bon|tu|nam|sau|bay|tam|chin|gieng|chap)\b/g,
    (all, head: string, sp: string, words: string) => {
      const w = words.split(/\s+/);
      let n: number;
      if (w[0] === 'gieng') n = 1;
      else if (w[0] === 'chap') n = 12;
      else if (w[0] === 'muoi') n = 10 + (w[1] ? UNITS[w[1]] ?? 0 : 0);
      else if (w[1] === 'muoi') n = (UNITS[w[0]!] ?? 0) * 10 + (w[2] ? UNITS[w[2]] ?? 0 : 0);
      else n = UNITS[w[0]!] ?? 0;
      if (head === 'thang' && (n < 1 || n > 12)) return all;
      const digits = String(n);
      return `${head}${sp}${digits}${' '.repeat(Math.max(0, words.length - digits.length))}`;
    },
  );
}

function fullYear(y: string, now: Date): number {
  if (y.length === 4) return Number(y);
  const yy = Number(y);
  const cur = now.getUTCFullYear() % 100;
  return yy <= cur ? 2000 + yy : 1900 + yy;
}

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * Finds a date in Vietnamese text: "5/3/1990", "05-03-90", "5.3.1990", "1990-03-05",
 * "mùng 5 tháng 3 năm 1990", "ngày 5 tháng 3, 1990", "tháng 3/1990" (partial: YYYY-MM),
 * "sinh năm 90" / "năm 1990" (partial: YYYY). Returns an ISO date (possibly partial).
 * Dates after `now` are rejected (every date we ask for is in the past or today).
 * `thisYear`: a day and month without a year ("3-11", "ngày 3 tháng 11") are of `now`'s year
 * (a document's date read off a letter received this year).
 */
export function parseDate(text: string, now: Date, opts: { allowBareYear?: boolean; thisYear?: boolean } = {}): DateResult {
  const f = numberWordsToDigits(foldSameLength(text.normalize('NFC')));
  const candidates: Array<{ y: number; m?: number; d?: number; start: number; end: number }> = [];
  const re: Array<[RegExp, (m: RegExpExecArray) => { y: number; m?: number; d?: number }]> = [
    [/(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/g, (m) => ({ y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) })],
    // Split: "sinh năm 1987, ngày 6 tháng 1", "sn 1999 ngày 17 tháng 10".
    [
      /(?:sinh nam|nam sinh|sinh|sanh|sn|nam)\s*(\d{4})\W{0,3}\s*(?:vao\s+)?(?:ngay|mung|mong)\s*(\d{1,2})\s*(?:thang|th)\s*(\d{1,2})(?![\d\/])/g,
      (m) => ({ y: Number(m[1]), m: Number(m[3]), d: Number(m[2]) }),
    ],
    [
      /(?<![\d.\/-])(\d{1,2})\s*[\/.\-]\s*(\d{1,2})\s*[\/.\-]\s*(\d{4}|\d{2})(?![\d])/g,
      (m) => ({ y: fullYear(m[3]!, now), m: Number(m[2]), d: Number(m[1]) }),
    ],
    [
      /(?:(?:ngay|mung|mong)\s*)?(?<!\d)(\d{1,2})\s*(?:thang|th)\s*(\d{1,2})\s*(?:,|nam|\/|-)?\s*(\d{4}|\d{2})(?!\d)/g,
      (m) => ({ y: fullYear(m[3]!, now), m: Number(m[2]), d: Number(m[1]) }),
    ],
    [/thang\s*(\d{1,2})\s*(?:nam|\/|-|,)?\s*(\d{4})(?!\d)/g, (m) => ({ y: Number(m[2]), m: Number(m[1]) })],
    [/(?<![\d\/.\-])(\d{1,2})\s*\/\s*(\d{4})(?![\d\/])/g, (m) => ({ y: Number(m[2]), m: Number(m[1]) })],
    // A year alone is a birth year only after a birth word: "ly hôn năm 2023", "mất năm 2024" are events.
    [/(?:sinh nam|nam sinh|sinh|sanh|de|sn|ns)[\s:]*(?:nam\s*)?(\d{4}|\d{2})(?![\d\/\-]|\.\d)|\((?:sn\s*|sinh\s*)?(\d{4})\)/g, (m) => ({ y: fullYear((m[1] ?? m[2])!, now) })],
  ];
  for (const [pattern, build] of re) {
    for (const m of f.matchAll(pattern)) {
      candidates.push({ ...build(m as RegExpExecArray), start: m.index!, end: m.index! + m[0].length });
    }
    if (candidates.length > 0) break;
  }
  if (candidates.length === 0 && opts.thisYear) {
    const m = /(?<![\d\/.\-])(\d{1,2})\s*[\/.\-]\s*(\d{1,2})(?![\d\/.\-])/.exec(f) ?? /(?:ngay|mung|mong)\s*(\d{1,2})\s*(?:thang|th)\s*(\d{1,2})(?!\d)/.exec(f);
    if (m) candidates.push({ y: now.getUTCFullYear(), m: Number(m[2]), d: Number(m[1]), start: m.index, end: m.index + m[0].length });
  }
  if (candidates.length === 0 && opts.allowBareYear) {
    const m = /^\s*(?:nam\s*)?(\d{4})\s*$/.exec(f);
    if (m) candidates.push({ y: Number(m[1]), start: m.index, end: m[0].length });
  }
  const c = candidates[0];
  if (!c) return { ok: false, reason: /\d/.test(f) ? 'date' : 'empty' };
  if (c.y < 1900) return { ok: false, reason: 'date' };
  let value: string;
  if (c.d !== undefined && c.m !== undefined) {
    if (!validDay(c.y, c.m, c.d)) return { ok: false, reason: 'date' };
    value = `${c.y}-${pad(c.m)}-${pad(c.d)}`;
  } else if (c.m !== undefined) {
    if (c.m < 1 || c.m > 12) return { ok: false, reason: 'date' };
    value = `${c.y}-${pad(c.m)}`;
  } else {
    value = `${c.y}`;
  }
  const today = `${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}-${pad(now.getUTCDate())}`;
  if (value.slice(0, Math.min(value.length, 10)) > today.slice(0, value.length)) return { ok: false, reason: 'date_future' };
  return { ok: true, value, start: c.start, end: c.end, partial: value.length < 10 };
}
