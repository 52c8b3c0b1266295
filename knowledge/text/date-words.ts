import { foldSameLength } from './fold.js';

/**
 * Dates said in words, whole (beside `dates.ts`, whose `numberWordsToDigits` rewrites a day or
 * month in place, same length, and leaves years alone), as people type what they would say aloud: "ngày ba mươi tháng chín năm
 * một chín tám bảy", "mười hai tháng ba năm hai nghìn", "tháng giêng năm hai nghìn lẻ năm".
 * Only the numbers after a date word ("ngày", "mùng", "tháng", "năm") are rewritten, to digits,
 * so the date readers see "ngày 30 tháng 9 năm 1987"; any other "năm", "ba", "tư" stays a word.
 */

const UNIT: Readonly<Record<string, number>> = { khong: 0, mot: 1, hai: 2, ba: 3, bon: 4, tu: 4, nam: 5, lam: 5, sau: 6, bay: 7, tam: 8, chin: 9 };

interface Tok {
  fw: string;
  start: number;
  end: number;
}

/** A number from 1 to 99 said in words at `i`: "mười", "mười hai", "hai mươi mốt", "chín". */
function small(toks: readonly Tok[], i: number): { value: number; next: number } | undefined {
  const a = toks[i]?.fw;
  if (a === undefined) return undefined;
  // "năm" after "mươi" is five only before "tháng" ("ngày hai mươi năm tháng …"); "tháng mười năm
  // hai nghìn" is October of 2000.
  const last = (k: number) => {
    const fw = toks[k]?.fw ?? '';
    const u = UNIT[fw];
    if (u === undefined || u === 0) return undefined;
    return fw === 'nam' && toks[k + 1]?.fw !== 'thang' ? undefined : u;
  };
  if (a === 'muoi') {
    const u = last(i + 1);
    return u !== undefined ? { value: 10 + u, next: i + 2 } : { value: 10, next: i + 1 };
  }
  const u = UNIT[a];
  if (u === undefined || u === 0 || a === 'lam') return undefined;
  if (toks[i + 1]?.fw === 'muoi' && u >= 2) {
    const v = last(i + 2);
    return v !== undefined ? { value: u * 10 + v, next: i + 3 } : { value: u * 10, next: i + 2 };
  }
  return { value: u, next: i + 1 };
}

/** A year said in words at `i`: digit by digit ("một chín tám bảy") or in thousands ("hai nghìn lẻ năm"). */
function year(toks: readonly Tok[], i: number): { value: number; next: number } | undefined {
  const digits: number[] = [];
  for (let k = i; k < i + 4; k++) {
    const u = UNIT[toks[k]?.fw ?? ''];
    if (u === undefined || toks[k]!.fw === 'lam' || toks[k]!.fw === 'tu') break;
    digits.push(u);
  }
  if (digits.length === 4) return { value: Number(digits.join('')), next: i + 4 };
  const t = UNIT[toks[i]?.fw ?? ''];
  if (t === undefined || !/^(?:nghin|ngan)$/.test(toks[i + 1]?.fw ?? '')) return undefined;
  let value = t * 1000;
  let k = i + 2;
  const h = UNIT[toks[k]?.fw ?? ''];
  if (h !== undefined && toks[k + 1]?.fw === 'tram') {
    value += h * 100;
    k += 2;
  }
  if (/^(?:le|linh)$/.test(toks[k]?.fw ?? '')) {
    const u = UNIT[toks[k + 1]?.fw ?? ''];
    if (u !== undefined && u > 0) return { value: value + u, next: k + 2 };
    return { value, next: k };
  }
  const s = small(toks, k);
  return s ? { value: value + s.value, next: s.next } : { value, next: k };
}

/** The text with every date said in words written in digits (offsets change; read it afresh). */
export function spellDatesInDigits(text: string): string {
  const t = text.normalize('NFC');
  const f = foldSameLength(t).toLowerCase();
  if (!/\b(?:ngay|mung|mong|thang|nam)\s+(?:mot|hai|ba|bon|tu|nam|sau|bay|tam|chin|muoi|gieng|chap)\b/.test(f)) return t;
  const toks: Tok[] = [...f.matchAll(/\p{L}+|\d+|[^\s\p{L}\d]/gu)].map((m) => ({ fw: m[0], start: m.index!, end: m.index! + m[0].length }));
  const edits: Array<{ start: number; end: number; to: string }> = [];
  for (let i = 0; i < toks.length; i++) {
    const w = toks[i]!.fw;
    let r: { value: number; next: number } | undefined;
    if (w === 'ngay' || w === 'mung' || w === 'mong') {
      r = small(toks, i + 1);
      if (r && r.value > 31) r = undefined;
      // A day needs its month said after it: "ngày năm" alone is no date ("mấy ngày năm nay").
      if (r && toks[r.next]?.fw !== 'thang') r = undefined;
    } else if (w === 'thang') {
      const g = toks[i + 1]?.fw;
      r = g === 'gieng' ? { value: 1, next: i + 2 } : g === 'chap' ? { value: 12, next: i + 2 } : small(toks, i + 1);
      if (r && r.value > 12) r = undefined;
      // "tháng ba năm …", "tháng 3, năm …", or a day before it: a month of a date, not "ba tháng" of time.
      const dayBefore = /^(?:\d{1,2}|ngay|mung|mong)$/.test(toks[i - 1]?.fw ?? '') || edits.some((e) => e.end === toks[i]!.start - 1);
      if (r && !dayBefore && toks[r.next]?.fw !== 'nam') r = undefined;
    } else if (w === 'nam') {
      r = year(toks, i + 1);
      if (r && (r.value < 1900 || r.value > 2099)) r = undefined;
    }
    if (!r) continue;
    edits.push({ start: toks[i + 1]!.start, end: toks[r.next - 1]!.end, to: String(r.value) });
    i = r.next - 1;
  }
  let out = t;
  for (const e of edits.reverse()) out = out.slice(0, e.start) + e.to + out.slice(e.end);
  return out;
}
