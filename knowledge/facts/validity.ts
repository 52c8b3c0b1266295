import { foldSameLength } from '../text/index.js';

/**
 * Validity periods written into fee and time clauses: "kể từ ngày 01/7/2025 đến hết ngày
 * 31/12/2026", "áp dụng đến hết ngày 31/12/2023", "Miễn từ ngày 07/4/2026 đến 30/6/2026",
 * "từ ngày 01 tháng 7 năm 2025". Dates are ISO (YYYY-MM-DD); `until` is inclusive (the
 * rule applies through that whole day).
 */
export interface Validity {
  from: string | null;
  until: string | null;
  /** Offsets of the matched phrase in the clause. */
  start: number;
  end: number;
}

const DATE = String.raw`(\d{1,2})\s*(?:\/|-|\.|\s+thang\s+)\s*(\d{1,2})\s*(?:\/|-|\.|\s+nam\s+)\s*(\d{4})`;
const DAY = String.raw`(?:ngay\s+)?`;
const RANGE = new RegExp(
  String.raw`(?:ke\s+tu|bat\s+dau\s+tu|ap\s+dung\s+tu|tu)\s+(?:ke\s+tu\s+)?${DAY}${DATE}\s*(?:,\s*)?(?:den\s+het\s+${DAY}|den\s+${DAY}|-\s*|–\s*)${DATE}`,
  'g',
);
const UNTIL = new RegExp(String.raw`(?:ap\s+dung\s+)?den\s+het\s+${DAY}${DATE}`, 'g');
const FROM = new RegExp(String.raw`(?:ke\s+tu|ap\s+dung\s+tu|bat\s+dau\s+tu|tu)\s+${DAY}${DATE}`, 'g');

/** "31", "12", "2026" → "2026-12-31"; null when not a calendar date. */
export function isoDate(day: string, month: string, year: string): string | null {
  const d = Number(day);
  const m = Number(month);
  const y = Number(year);
  if (!(y >= 1990 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Every validity phrase of a clause, in order. A range wins over the "until" or "from"
 * phrase it contains. Dates that follow a document number ("Thông tư 64/2025/TT-BTC
 * ngày 30/6/2025") are issue dates, not validity, and are not matched because they are
 * not introduced by "từ" or "đến".
 */
export function findValidity(clause: string): Validity[] {
  const f = foldSameLength(clause);
  const out: Validity[] = [];
  const taken = (s: number, e: number): boolean => out.some((v) => s < v.end && e > v.start);
  for (const m of f.matchAll(RANGE)) {
    const from = isoDate(m[1]!, m[2]!, m[3]!);
    const until = isoDate(m[4]!, m[5]!, m[6]!);
    if (from && until) out.push({ from, until, start: m.index!, end: m.index! + m[0].length });
  }
  for (const m of f.matchAll(UNTIL)) {
    const until = isoDate(m[1]!, m[2]!, m[3]!);
    if (until && !taken(m.index!, m.index! + m[0].length)) out.push({ from: null, until, start: m.index!, end: m.index! + m[0].length });
  }
  for (const m of f.matchAll(FROM)) {
    const from = isoDate(m[1]!, m[2]!, m[3]!);
    if (from && !taken(m.index!, m.index! + m[0].length)) out.push({ from, until: null, start: m.index!, end: m.index! + m[0].length });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Where a dated rule stands on a day. */
export type ValidityStatus = 'current' | 'expired' | 'upcoming';

/** ISO day of `now` in Vietnam (UTC+7): a rule "đến hết ngày 31/12" applies until midnight there. */
export function vietnamDay(now: Date): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

export function validityStatus(v: { from: string | null; until: string | null }, now: Date): ValidityStatus {
  const day = vietnamDay(now);
  if (v.until && day > v.until) return 'expired';
  if (v.from && day < v.from) return 'upcoming';
  return 'current';
}
