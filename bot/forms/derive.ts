import { foldSameLength } from '../../knowledge/text/index.js';
import { tidy } from './vi-text.js';

/**
 * Values a form can compute from other values instead of asking: the birth date in words,
 * the ward committee or police from an address, today's date in Việt Nam.
 */

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];

/** 0–99 in words, Vietnamese rules: mười/mươi, mốt, tư, lăm, linh. */
function twoDigits(n: number, inHundreds: boolean): string {
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  if (tens === 0) return inHundreds && ones > 0 ? `linh ${DIGITS[ones]}` : DIGITS[ones]!;
  const head = tens === 1 ? 'mười' : `${DIGITS[tens]} mươi`;
  if (ones === 0) return head;
  if (ones === 1) return `${head} ${tens === 1 ? 'một' : 'mốt'}`;
  if (ones === 4) return `${head} ${tens === 1 ? 'bốn' : 'tư'}`;
  if (ones === 5) return `${head} lăm`;
  return `${head} ${DIGITS[ones]}`;
}

/** 1000–2999 in words: 2026 → "hai nghìn không trăm hai mươi sáu". */
export function yearInWords(y: number): string {
  const thousands = Math.floor(y / 1000);
  const hundreds = Math.floor((y % 1000) / 100);
  const rest = y % 100;
  const parts = [`${DIGITS[thousands]} nghìn`];
  if (hundreds > 0 || rest > 0) parts.push(`${DIGITS[hundreds]} trăm`);
  if (rest > 0) parts.push(twoDigits(rest, true));
  return parts.join(' ');
}

/** "2026-03-15" → "Ngày mười lăm tháng ba năm hai nghìn không trăm hai mươi sáu". */
export function dateInWords(iso: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const month = mo === 4 ? 'tư' : twoDigits(mo, false);
  return `Ngày ${twoDigits(d, false)} tháng ${month} năm ${yearInWords(y)}`;
}

/** Today's date in Việt Nam (UTC+7, no daylight saving) as ISO. */
export function todayInVietnam(now: Date): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

const WARD = /\b(phuong|xa|dac khu|thi tran)\s+/g;

/**
 * The ward/commune named in an address ("…, phường Hồng Hà, Hà Nội" → "phường Hồng Hà"),
 * taking the last one so a street named after a ward does not win. Undefined when the
 * address names none.
 */
export function wardOf(address: string): string | undefined {
  const text = tidy(address);
  const f = foldSameLength(text);
  let last: RegExpExecArray | undefined;
  for (const m of f.matchAll(WARD)) last = m as RegExpExecArray;
  if (!last) return undefined;
  const rest = text.slice(last.index);
  const piece = rest.split(/[,;.\n]/)[0]!.trim();
  const words = piece.split(/\s+/);
  if (words.length < 2) return undefined;
  return words[0]!.toLowerCase() + (piece.slice(words[0]!.length));
}

/** The province/city named in an address ("thành phố Hà Nội", "tỉnh Lâm Đồng"). */
export function provinceOf(address: string): string | undefined {
  const text = tidy(address);
  const f = foldSameLength(text);
  const m = /\b(tinh|thanh pho|tp\.?)\s+/g;
  let last: RegExpExecArray | undefined;
  for (const x of f.matchAll(m)) last = x as RegExpExecArray;
  if (last) {
    const piece = text.slice(last.index + last[0].length).split(/[,;.\n]/)[0]!.trim();
    if (piece) return `${last[1] === 'tinh' ? 'tỉnh' : 'thành phố'} ${piece}`;
  }
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  const tail = parts[parts.length - 1];
  const ft = tail ? foldSameLength(tail) : '';
  const cities: Record<string, string> = { 'ha noi': 'Hà Nội', 'hcm': 'Hồ Chí Minh', 'ho chi minh': 'Hồ Chí Minh', 'sai gon': 'Hồ Chí Minh', 'da nang': 'Đà Nẵng', 'hai phong': 'Hải Phòng', 'can tho': 'Cần Thơ', 'hue': 'Huế' };
  for (const [k, v] of Object.entries(cities)) if (ft.includes(k)) return `thành phố ${v}`;
  return undefined;
}

export type DeriveKind = 'dateInWords' | 'wardCommittee' | 'wardPolice' | 'wardName' | 'provinceLegalAid' | 'today';

export function derive(kind: DeriveKind, source: string | undefined, now: Date): string | undefined {
  switch (kind) {
    case 'today':
      return todayInVietnam(now);
    case 'dateInWords':
      return source ? dateInWords(source) : undefined;
    case 'wardName': {
      const w = source ? wardOf(source) : undefined;
      return w ? w[0]!.toUpperCase() + w.slice(1) : undefined;
    }
    case 'wardCommittee': {
      const w = source ? wardOf(source) : undefined;
      return w ? `Ủy ban nhân dân ${w}` : undefined;
    }
    case 'wardPolice': {
      const w = source ? wardOf(source) : undefined;
      return w ? `Công an ${w}` : undefined;
    }
    case 'provinceLegalAid': {
      const p = source ? provinceOf(source) : undefined;
      return p ? `Trung tâm Trợ giúp pháp lý nhà nước ${p}` : undefined;
    }
  }
}

/** ISO (possibly partial) → how Vietnamese forms print it: 05/03/1990, 03/1990, 1990. */
export function formatDate(iso: string, format: 'date' | 'year' = 'date'): string {
  const [y, m, d] = iso.split('-');
  if (format === 'year') return y ?? iso;
  if (y && m && d) return `${d}/${m}/${y}`;
  if (y && m) return `${m}/${y}`;
  return iso;
}
