import { foldSameLength, properCase, tidy } from './vi-text.js';
import {
  matchOption,
  parseDate,
  parseEmail,
  parseIdNumber,
  parseName,
  parsePhone,
  type ParseFailure,
} from './parse.js';
import type { PersonKey } from './profile.js';

/**
 * Spotting profile facts in free Vietnamese text, in any turn: "tôi là nguyen van an,
 * sinh 5/3/1990, cccd 001 090 012 345; con tôi tên Minh Khôi sinh ngày 1/11/2026".
 *
 *   text ──split by holder cues──▶ [self: "tôi là …"] [child: "con tôi tên …"]
 *        ──per segment──▶ numbers (ID, phone) → email → date → keyed phrases (tên, quê, ở …)
 *
 * A holder is a relation (child, spouse, mother, father), `self`, or a role name a form
 * defines (chuHo, bride, groom) which the caller resolves.
 */

export interface Fact {
  holder: string;
  key: PersonKey;
  value: string;
  /** Full date or not (dates only). */
  partial?: boolean;
}

export interface Problem {
  holder: string;
  key: PersonKey;
  reason: ParseFailure;
}

export interface Correction {
  kind: 'lastDigits';
  digits: string;
}

export interface Extraction {
  facts: Fact[];
  problems: Problem[];
  correction?: Correction;
}

export interface ExtractOptions {
  now: Date;
  /** Holder of facts before any cue (the person the bot just asked about). */
  defaultHolder?: string;
  ethnicGroups?: readonly string[];
  nationalities?: readonly string[];
}

interface Cue {
  holder: string;
  re: RegExp;
  /** Accepted first words with diacritics; an unaccented first word is always accepted. */
  words?: readonly string[];
}

const PRONOUN = '(?:toi|em|minh|chau|be|nha toi|nha em|cua toi|cua em|no)';
const CUES: readonly Cue[] = [
  { holder: 'chuHo', re: /\bchu ho\b/g },
  { holder: 'bride', re: /\b(?:co dau|ben nu)\b/g, words: ['cô', 'bên'] },
  { holder: 'groom', re: /\b(?:chu re|ben nam)\b/g, words: ['chú', 'bên'] },
  { holder: 'child', re: new RegExp(`\\b(?:con (?:trai |gai )?${PRONOUN}|be|chau be|con)\\b(?= ?(?:ten|sinh|la|ho|gioi|dan|que|duoc|nam|nu|trai|gai|\\d))`, 'g'), words: ['con', 'bé', 'cháu'] },
  { holder: 'spouse', re: new RegExp(`\\b(?:vo|chong|ong xa|ba xa) ${PRONOUN}\\b`, 'g'), words: ['vợ', 'chồng', 'ông', 'bà'] },
  { holder: 'mother', re: new RegExp(`\\b(?:me|ma) ${PRONOUN}\\b|\\bme(?= (?:ten|sinh|la)\\b)`, 'g'), words: ['mẹ', 'má'] },
  { holder: 'father', re: new RegExp(`\\b(?:bo|cha|ba) ${PRONOUN}\\b|\\b(?:bo|cha)(?= (?:ten|sinh|la)\\b)`, 'g'), words: ['bố', 'cha', 'ba'] },
  { holder: 'self', re: /\b(?:toi|minh|em)(?= (?:ten|la|sinh|o|song|so|sdt|cccd|que)\b)|\bten (?:toi|em|minh)\b|\bcua (?:toi|em|minh)\b/g, words: ['tôi', 'mình', 'em', 'tên', 'của'] },
];

function acceptCue(original: string, start: number, cue: Cue): boolean {
  if (!cue.words) return true;
  const first = /\p{L}+/u.exec(original.slice(start))?.[0] ?? '';
  if (foldSameLength(first) === first.toLowerCase()) return true;
  return cue.words.includes(first.toLowerCase());
}

/** Splits the text at holder cues. */
function segments(text: string, folded: string, defaultHolder: string): Array<{ holder: string; start: number; end: number }> {
  const marks: Array<{ holder: string; at: number; end: number }> = [];
  // Cues are listed most specific first; a cue inside another ("tôi" in "con tôi") is ignored.
  for (const cue of CUES) {
    for (const m of folded.matchAll(cue.re)) {
      if (!acceptCue(text, m.index!, cue)) continue;
      const end = m.index! + m[0].length;
      if (marks.some((x) => m.index! < x.end + 1 && end > x.at - 1)) continue;
      marks.push({ holder: cue.holder, at: m.index!, end });
    }
  }
  marks.sort((a, b) => a.at - b.at);
  const out: Array<{ holder: string; start: number; end: number }> = [];
  let holder = defaultHolder;
  let start = 0;
  for (const m of marks) {
    if (m.at > start) out.push({ holder, start, end: m.at });
    holder = m.holder;
    start = m.at;
  }
  out.push({ holder, start, end: text.length });
  return out;
}

const ID_CUE = /(?:cccd|cmnd|can cuoc|dinh danh|so cc|cmt|chung minh)\W*(?:cua \w+ )?(?:la|so)?\W*$/;
const PHONE_CUE = /(?:sdt|so dien thoai|dien thoai|dt|phone|zalo|so may|lien he)\W*(?:cua \w+ )?(?:la|so)?\W*$/;

/** Keyed phrases that end a free-text capture (an address stops where the phone begins). */
const STOP_PHRASES =
  /[.;\n]|\b(?:sinh ngay|ngay sinh|sinh nam|sdt|so dien thoai|dien thoai|cccd|cmnd|so dinh danh|dinh danh|can cuoc|email|que quan|que o|que\b|dan toc|quoc tich|gioi tinh|con toi|vo toi|chong toi|me chau|bo chau|chu ho|ten (?:la|toi))/g;

const ADDRESS_MARKER = /\b(?:phuong|xa|dac khu|thi tran|quan|huyen|thi xa|tinh|thanh pho|tp|so nha|so \d|duong|pho|ngo|ngach|hem|kiet|thon|ap|to dan pho|to \d|khu pho|khom|ban|lang|xom|ha noi|hcm|sai gon|da nang|hai phong|can tho|hue)\b/;

function captureUntilStop(text: string, folded: string, from: number, limit: number): { value: string; end: number } | undefined {
  STOP_PHRASES.lastIndex = from;
  let end = limit;
  for (const m of folded.slice(0, limit).matchAll(STOP_PHRASES)) {
    if (m.index! >= from) {
      end = m.index!;
      break;
    }
  }
  const value = tidy(text.slice(from, end)).replace(/^[:\-–,\s]+/u, '').replace(/[\s,.;:\-–]+$/u, '');
  return value ? { value, end } : undefined;
}

/** Blanks a span in both strings (so a number is not read twice). */
function blank(s: { text: string; folded: string }, start: number, end: number): void {
  const pad = ' '.repeat(end - start);
  s.text = s.text.slice(0, start) + pad + s.text.slice(end);
  s.folded = s.folded.slice(0, start) + pad + s.folded.slice(end);
}

/**
 * Extracts every profile fact it can find, with the holder it belongs to. Values are
 * canonical: ISO dates (possibly partial), 12-digit IDs, 10-digit phones, names as typed
 * but proper-cased. Invalid numbers come back as problems so the bot can say what is wrong.
 */
export function extractFacts(input: string, opts: ExtractOptions): Extraction {
  const text = input.normalize('NFC');
  const folded = foldSameLength(text);
  const facts: Fact[] = [];
  const problems: Problem[] = [];
  const correction = detectCorrection(folded);
  for (const seg of segments(text, folded, opts.defaultHolder ?? 'self')) {
    const s = {
      text: ' '.repeat(seg.start) + text.slice(seg.start, seg.end),
      folded: ' '.repeat(seg.start) + folded.slice(seg.start, seg.end),
    };
    extractSegment(s, seg.holder, opts, facts, problems);
  }
  // One value per holder and key: the last one said wins (a correction in the same message).
  const seen = new Map<string, Fact>();
  for (const f of facts) seen.set(`${f.holder}.${f.key}`, f);
  return { facts: [...seen.values()], problems, correction };
}

function extractSegment(
  s: { text: string; folded: string },
  holder: string,
  opts: ExtractOptions,
  facts: Fact[],
  problems: Problem[],
): void {
  const add = (key: PersonKey, value: string, partial?: boolean) => facts.push({ holder, key, value, partial });

  // Numbers first: an ID or phone number must never be read as a date.
  for (;;) {
    const id = parseIdNumber(s.text);
    if (!id.ok) break;
    add('soDinhDanh', id.value);
    blank(s, id.start, id.end);
  }
  for (;;) {
    const phone = parsePhone(s.text);
    if (!phone.ok) break;
    add('soDienThoai', phone.value);
    blank(s, phone.start, phone.end);
  }
  for (const m of s.text.matchAll(/\+?\d(?:[ .\-]?\d){7,}/g)) {
    const before = s.folded.slice(Math.max(0, m.index! - 25), m.index!);
    const digits = m[0].replace(/\D/g, '');
    if (ID_CUE.test(before)) {
      problems.push({ holder, key: 'soDinhDanh', reason: digits.length === 12 ? 'id_province' : 'id_length' });
    } else if (PHONE_CUE.test(before)) problems.push({ holder, key: 'soDienThoai', reason: 'phone' });
    else if (digits.length === 12) problems.push({ holder, key: 'soDinhDanh', reason: 'id_province' });
  }
  const email = parseEmail(s.text);
  if (email.ok) {
    add('email', email.value);
    blank(s, email.start, email.end);
  }

  // Dates: skip issue dates ("ngày cấp 1/2/2021").
  for (let guard = 0; guard < 3; guard++) {
    const d = parseDate(s.text, opts.now);
    if (!d.ok) {
      if (d.reason === 'date_future') problems.push({ holder, key: 'ngaySinh', reason: 'date_future' });
      break;
    }
    const before = s.folded.slice(Math.max(0, d.start - 12), d.start);
    if (!/\bcap\b|\bhan\b/.test(before)) add('ngaySinh', d.value, d.partial);
    blank(s, d.start, d.end);
  }

  const f = s.folded;
  const gender = /\b(?:gioi tinh|gt|phai)\W*(?:la\s+)?(nam|nu)\b|\b(?:be|chau|con|em be)\s+(trai|gai)\b|\bla (nam|nu)\b(?! \d)/.exec(f);
  if (gender) {
    const g = gender[1] ?? gender[2] ?? gender[3];
    add('gioiTinh', g === 'nu' || g === 'gai' ? 'Nữ' : 'Nam');
  }

  const nameCue = /\b(?:ho va ten|ho ten|ten day du|ten khai sinh|ten|toi la|em la|minh la)\b\s*(?:cua \w+\s+)?(?:la\b|:)?\s*/g;
  for (const m of f.matchAll(nameCue)) {
    const from = m.index! + m[0].length;
    const n = parseName(s.text.slice(from));
    if (n.ok) {
      add('hoTen', n.value);
      break;
    }
  }

  const danToc = /\bdan toc\W*(?:la\s+)?/.exec(f);
  if (danToc && opts.ethnicGroups) {
    const from = danToc.index + danToc[0].length;
    const words = s.text.slice(from).split(/[,.;\n]/)[0] ?? '';
    const o = matchOption(words.split(/\s+/).slice(0, 3).join(' '), opts.ethnicGroups);
    const o1 = o.ok ? o : matchOption(words.split(/\s+/).slice(0, 1).join(' '), opts.ethnicGroups);
    if (o1.ok) add('danToc', o1.value);
  }

  const qt = /\bquoc tich\W*(?:la\s+)?/.exec(f);
  if (qt) {
    const c = captureUntilStop(s.text, f, qt.index + qt[0].length, s.text.length);
    if (c) {
      const word = c.value.split(/[,]/)[0]!;
      const o = opts.nationalities ? matchOption(word, opts.nationalities) : undefined;
      add('quocTich', o?.ok ? o.value : properCase(word));
    }
  }

  const que = /\bque(?: quan)?\W*(?:(?:o|la|tai)\s+)?/.exec(f);
  if (que) {
    const c = captureUntilStop(s.text, f, que.index + que[0].length, s.text.length);
    if (c) add('queQuan', c.value);
  }

  const birthPlace = /\b(?:noi sinh|sinh(?:\s+ngay)?\s+(?:tai|o))\b\W*(?:la\s+)?/.exec(f);
  if (birthPlace) {
    const c = captureUntilStop(s.text, f, birthPlace.index + birthPlace[0].length, s.text.length);
    if (c) add('noiSinh', c.value);
  }

  const addr =
    /\b(?:dia chi|noi cu tru|noi o|cu tru|thuong tru|tam tru|song o|song tai|nha o|o tai|tru tai|dang o|hien o|o)\b\W*(?:(?:tai|la|o)\s+)?/g;
  for (const m of f.matchAll(addr)) {
    if (birthPlace && m.index! < birthPlace.index + birthPlace[0].length && m.index! >= birthPlace.index) continue;
    const before = f.slice(Math.max(0, m.index! - 5), m.index!);
    if (/sinh\s*$|que\s*$/.test(before)) continue;
    const c = captureUntilStop(s.text, f, m.index! + m[0].length, s.text.length);
    if (c && ADDRESS_MARKER.test(foldSameLength(c.value))) {
      add('noiCuTru', c.value);
      break;
    }
  }
}

/** "à nhầm, số cuối là 8", "sai rồi, 2 số cuối là 78". */
export function detectCorrection(folded: string): Correction | undefined {
  const m = /\b(?:(\d|hai|ba|bon) )?(?:so|chu so) cuoi(?: cung)?\W*(?:la|thanh|phai la|sua thanh)?\W*(\d+)\b/.exec(folded);
  if (!m) return undefined;
  return { kind: 'lastDigits', digits: m[2]! };
}
