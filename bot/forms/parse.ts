import { fold, foldSameLength } from '../../knowledge/text/index.js';
import { properCase, tidy } from './vi-text.js';

/**
 * Parsers for one value of a known kind, used both when the bot asked for a field and
 * when facts are spotted in free text. Every parser returns either a canonical value or a
 * reason the citizen can act on; none throws.
 */

export type ParseResult =
  | { ok: true; value: string; start: number; end: number; partial?: boolean }
  | { ok: false; reason: ParseFailure };

export type ParseFailure =
  | 'id_length'
  | 'id_province'
  | 'phone'
  | 'date'
  | 'date_future'
  | 'date_incomplete'
  | 'email'
  | 'name'
  | 'option'
  | 'number'
  | 'empty';

/**
 * Province codes printed as the first three digits of a 12-digit personal identification
 * number: the 63 pre-2025 provinces (Hà Nội 001 … Cà Mau 096). Numbers issued before the
 * 2025 merger keep them, so the merger does not change this list.
 */
export const ID_PROVINCE_CODES: ReadonlySet<string> = new Set(
  [
    1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37, 38, 40, 42, 44, 45, 46,
    48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93,
    94, 95, 96,
  ].map((n) => n.toString().padStart(3, '0')),
);

/** Digit runs with single spaces, dots or dashes inside ("001 090.012-345"). */
const DIGIT_RUN = /(?<![\d])\+?\d(?:[ .\-]?\d)*(?![\d])/g;

function digitRuns(text: string): Array<{ raw: string; digits: string; start: number; end: number }> {
  const out: Array<{ raw: string; digits: string; start: number; end: number }> = [];
  for (const m of text.matchAll(DIGIT_RUN)) {
    out.push({ raw: m[0], digits: m[0].replace(/\D/g, ''), start: m.index!, end: m.index! + m[0].length });
  }
  return out;
}

/** Finds a 12-digit personal identification number (spaces/dots allowed) and checks its province code. */
export function parseIdNumber(text: string): ParseResult {
  const runs = digitRuns(text);
  const twelve = runs.find((r) => r.digits.length === 12 && !r.raw.startsWith('+'));
  if (twelve) {
    if (!ID_PROVINCE_CODES.has(twelve.digits.slice(0, 3))) return { ok: false, reason: 'id_province' };
    return { ok: true, value: twelve.digits, start: twelve.start, end: twelve.end };
  }
  // The old 9-digit identity card or a mistyped number: say how long it must be.
  if (runs.some((r) => r.digits.length >= 8)) return { ok: false, reason: 'id_length' };
  return { ok: false, reason: 'empty' };
}

/** Finds a Vietnamese mobile/landline number and returns it as 10 digits starting with 0. */
export function parsePhone(text: string): ParseResult {
  const runs = digitRuns(text);
  for (const r of runs) {
    let d = r.digits;
    if ((r.raw.startsWith('+84') || r.raw.startsWith('84')) && d.length === 11) d = `0${d.slice(2)}`;
    if (d.length === 10 && /^0[1-9]/.test(d)) return { ok: true, value: d, start: r.start, end: r.end };
  }
  if (runs.some((r) => r.digits.length >= 8 && r.digits.length !== 12)) return { ok: false, reason: 'phone' };
  return { ok: false, reason: 'empty' };
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

export function parseEmail(text: string): ParseResult {
  const m = EMAIL.exec(text);
  if (m) return { ok: true, value: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length };
  return { ok: false, reason: text.includes('@') ? 'email' : 'empty' };
}

/**
 * Words that end a name when it runs on in free text ("tôi tên an sinh năm 90"). Many
 * stop words are also given names once folded (Quốc, Đình, Tài, Tâm, Hiền, Thương, Quế),
 * so those stop only as the first word of a known phrase ("quốc tịch", "tạm trú").
 */
const NAME_STOP = new Set('sinh sdt dt cccd cmnd cmt email mail o la va nhe a oi con so toi em'.split(' '));
const NAME_STOP_PHRASES = new Set(
  [
    'quoc tich', 'dan toc', 'dinh danh', 'can cuoc', 'que quan', 'que o', 'que la', 'dia chi', 'gioi tinh', 'ngay sinh', 'song o', 'song tai',
    'thuong tru', 'tam tru', 'hien o', 'hien dang', 'dang o', 'nam sinh', 'tai so', 'tai phuong', 'tai xa', 'tai thon', 'tai duong', 'tai benh',
    'dien thoai',
  ],
);
/** Words that end a name only when a number follows ("năm 1990", "ngày 5"): Nam, Ngày can be names. */
const NAME_STOP_BEFORE_DIGIT = new Set(['nam', 'ngay', 'thang', 'nu']);

/** Words never inside a name: an answer like "sđt thì em chưa có" is no name. */
const NAME_NEVER = new Set('sdt cccd cmnd chua khong ko roi duoc biet'.split(' '));

/** Words that are never a person's name (the answer was something else). */
const NOT_NAME = new Set('toi minh em nguoi me cha bo con chong chu khong co chua biet ba anh chi'.split(' '));

/**
 * A person's name as typed, proper-cased, diacritics kept as typed. Accepts 2–6 words of
 * letters; stops at a digit, punctuation or a word that starts another fact.
 */
export function parseName(text: string, opts: { stopWords?: boolean } = {}): ParseResult {
  const t = text.normalize('NFC');
  const f = foldSameLength(t);
  const m = /\p{L}+(?:[ \t]+\p{L}+)*/u.exec(t);
  if (!m) return { ok: false, reason: 'empty' };
  const words: Array<{ w: string; fw: string; start: number; end: number }> = [];
  const tokens = [...t.slice(m.index).matchAll(/\p{L}+|[^\p{L}\s]+/gu)];
  for (const [i, w] of tokens.entries()) {
    if (!/\p{L}/u.test(w[0])) break;
    const start = m.index + w.index!;
    const fw = f.slice(start, start + w[0].length);
    if (opts.stopWords !== false && words.length >= 1) {
      const nextTok = tokens[i + 1];
      const nextFw = nextTok && /\p{L}/u.test(nextTok[0]) ? f.slice(m.index + nextTok.index!, m.index + nextTok.index! + nextTok[0].length) : '';
      if (NAME_STOP.has(fw) || NAME_STOP_PHRASES.has(`${fw} ${nextFw}`)) break;
      if (NAME_STOP_BEFORE_DIGIT.has(fw) && /^\s*\d/.test(t.slice(start + w[0].length))) break;
    }
    words.push({ w: w[0], fw, start, end: start + w[0].length });
    if (words.length === 6) break;
  }
  if (words.length < 2) return { ok: false, reason: 'name' };
  if (NOT_NAME.has(words[0]!.fw) || words.some((w) => NAME_NEVER.has(w.fw))) return { ok: false, reason: 'name' };
  return {
    ok: true,
    value: properCase(words.map((x) => x.w).join(' ')),
    start: words[0]!.start,
    end: words[words.length - 1]!.end,
  };
}

/** Nam/Nữ from "nam", "nữ", "trai", "gái", "male", "female". */
export function parseGender(text: string): ParseResult {
  const f = ` ${fold(text)} `;
  if (/ (nu|gai|female|be gai|con gai) /.test(f)) return { ok: true, value: 'Nữ', start: 0, end: text.length };
  if (/ (nam|trai|male|be trai|con trai) /.test(f)) return { ok: true, value: 'Nam', start: 0, end: text.length };
  return { ok: false, reason: 'option' };
}

/**
 * Picks the option the citizen meant: exact (folded) match, then an option contained in
 * the text as whole words, then a unique option starting with the text.
 */
export function matchOption(text: string, options: readonly string[]): ParseResult {
  const f = fold(text);
  if (!f) return { ok: false, reason: 'empty' };
  const folded = options.map((o) => fold(o));
  let i = folded.indexOf(f);
  if (i < 0) {
    let best = -1;
    folded.forEach((o, k) => {
      if (` ${f} `.includes(` ${o} `) && (best < 0 || o.length > folded[best]!.length)) best = k;
    });
    i = best;
  }
  if (i < 0) {
    const starts = folded.map((o, k) => (o.startsWith(f) && f.length >= 3 ? k : -1)).filter((k) => k >= 0);
    if (starts.length === 1) i = starts[0]!;
  }
  if (i < 0) {
    const n = /^\s*(\d)\s*$/.exec(text);
    if (n && Number(n[1]) >= 1 && Number(n[1]) <= options.length && !options.includes(n[1]!)) i = Number(n[1]) - 1;
  }
  if (i < 0) return { ok: false, reason: 'option' };
  return { ok: true, value: options[i]!, start: 0, end: text.length };
}

export function parseNumber(text: string): ParseResult {
  const f = fold(text);
  const m = /(?<!\d)(\d{1,3})(?!\d)/.exec(f);
  if (m) return { ok: true, value: String(Number(m[1])), start: m.index, end: m.index + m[0].length };
  // Number words only in a short answer ("hai bản"): "Hải Hậu" folds to "hai hau" too.
  if (f.split(' ').length <= 3) {
    const words = ['khong', 'mot', 'hai', 'ba', 'bon', 'nam', 'sau', 'bay', 'tam', 'chin', 'muoi'];
    for (const [k, w] of words.entries()) if (` ${f} `.includes(` ${w} `)) return { ok: true, value: String(k), start: 0, end: text.length };
  }
  return { ok: false, reason: 'number' };
}

/** Free text answer: tidy, strip a leading "là"/"tại" and trailing punctuation. */
export function parseFreeText(text: string): ParseResult {
  const t = tidy(text)
    .replace(/^(?:là|la|tại|tai|ở|o)\s+/iu, '')
    .replace(/[\s.;,]+$/u, '');
  if (!t) return { ok: false, reason: 'empty' };
  return { ok: true, value: t, start: 0, end: text.length };
}

/** Plain-Vietnamese message for a failed parse, addressed to the citizen. */
export function failureMessage(reason: ParseFailure, label: string, options?: readonly string[]): string {
  switch (reason) {
    case 'id_length':
      return 'Dạ, số định danh cá nhân gồm 12 chữ số, anh/chị kiểm tra lại giúp em.';
    case 'id_province':
      return 'Dạ, 3 chữ số đầu của số định danh cá nhân là mã tỉnh (ví dụ 001 là Hà Nội, 079 là TP. Hồ Chí Minh) nhưng số anh/chị nhập không khớp mã tỉnh nào. Anh/chị kiểm tra lại giúp em.';
    case 'phone':
      return 'Dạ, số điện thoại gồm 10 chữ số và bắt đầu bằng số 0 (ví dụ 0912 345 678), anh/chị kiểm tra lại giúp em.';
    case 'date':
      return `Dạ, em chưa đọc được ${label.toLowerCase()}. Anh/chị ghi giúp em theo dạng ngày/tháng/năm, ví dụ 05/03/1990.`;
    case 'date_future':
      return `Dạ, ${label.toLowerCase()} không thể sau ngày hôm nay, anh/chị kiểm tra lại giúp em.`;
    case 'date_incomplete':
      return `Dạ, tờ khai cần ghi đủ ngày, tháng, năm. Anh/chị cho em xin ${label.toLowerCase()} đầy đủ, ví dụ 05/03/1990.`;
    case 'email':
      return 'Dạ, địa chỉ email chưa đúng dạng (ví dụ ten@gmail.com), anh/chị kiểm tra lại giúp em.';
    case 'name':
      return 'Dạ, anh/chị ghi giúp em đầy đủ họ, chữ đệm và tên (chỉ gồm chữ cái), ví dụ Nguyễn Văn An.';
    case 'option':
      return options && options.length <= 12
        ? `Dạ, anh/chị chọn giúp em một trong các mục: ${options.join(', ')}.`
        : 'Dạ, em chưa nhận ra lựa chọn này, anh/chị ghi lại giúp em.';
    case 'number':
      return 'Dạ, anh/chị ghi giúp em một con số, ví dụ 1.';
    case 'empty':
      return `Dạ, anh/chị cho em xin ${label.toLowerCase()} ạ.`;
  }
}
