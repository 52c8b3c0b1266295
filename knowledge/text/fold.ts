/**
 * Diacritic folding: "Đăng ký khai sinh" → "dang ky khai sinh". Folded text is for
 * matching only, never for display, and is kept alongside the accented form (a syllable
 * typed with diacritics should match only its accented form: `mặt` is not `mất`).
 *
 * One implementation, four shapes, each for a real need:
 *
 *   foldDiacritics  marks removed, đ/Đ → d/D, case kept, NFC    (hot path: cached)
 *   foldText        + lower case, whitespace collapsed           (punctuation kept)
 *   fold            + punctuation to spaces                      ("keyword spotting")
 *   foldSameLength  one output unit per input unit, lower case   (positions survive)
 */
import { memo } from './cache.js';

const foldCache = new Map<string, string>();
const ASCII = /^[\x00-\x7f]*$/;

/**
 * Removes every diacritic (tone marks and vowel modifiers) and maps đ/Đ to d/D:
 * "Đăng ký khai sinh" → "Dang ky khai sinh". Case is kept; apply to `normalizeVi`
 * output to get the folded matching form. Idempotent. Short strings (syllables, words)
 * are memoised because retrieval folds every query syllable.
 */
export function foldDiacritics(text: string): string {
  if (ASCII.test(text)) return text;
  return text.length <= 24 ? memo(foldCache, text, foldUncached) : foldUncached(text);
}

function foldUncached(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

/** True when `text` carries at least one Vietnamese diacritic (or đ). */
export function hasDiacritics(text: string): boolean {
  return foldDiacritics(text) !== text.normalize('NFC');
}

/** Lower case, no diacritics, đ → d, single spaces, trimmed; punctuation kept. */
export function foldText(input: string): string {
  return foldDiacritics(input).toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Lower case, no diacritics, đ → d, every run of characters that are not letters or
 * digits turned into one space, trimmed: "Phường Bến Nghé, Q.1" → "phuong ben nghe q 1".
 * The form for keyword and name matching on word boundaries (see `hasPhrase`).
 */
export function fold(text: string): string {
  return foldDiacritics(text.normalize('NFC'))
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words of `fold(text)`; empty for a text without letters or digits. */
export function foldedTokens(text: string): string[] {
  const f = fold(text);
  return f ? f.split(' ') : [];
}

/**
 * Lower case, no diacritics, đ → d, with the length kept: one output UTF-16 unit per
 * input unit, so that a match position in the folded text is the same position in the
 * original (extraction cuts names, fees and dates from what was written). Pass NFC text:
 * a combining mark of decomposed input has nowhere to go and is kept as it is. A
 * character whose folded or lower-case form would change the length is kept (or, when
 * even that is impossible, replaced by `?`).
 */
export function foldSameLength(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch === 'đ' || ch === 'Đ') {
      out += 'd';
      continue;
    }
    const stripped = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    const base = stripped.length === ch.length ? stripped : ch;
    const lower = base.toLowerCase();
    out += lower.length === ch.length ? lower : base.length === ch.length ? base : '?'.repeat(ch.length);
  }
  return out;
}
