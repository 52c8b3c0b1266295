/**
 * The one normal form of Vietnamese text for matching (see retrieval/README.md, "One
 * normal form"): Unicode NFC, zero-width characters removed, whitespace collapsed, lower
 * case, and tone marks in the traditional position for open two-vowel clusters (`hòa`,
 * `thủy`, `khỏe`), which is what most of the national catalogue uses (hòa 61 vs hoà 65,
 * thủy 546 vs thuỷ 79, hủy 699 vs huỷ 82, ủy 847 vs uỷ 85). Diacritics are kept here;
 * folding (`fold.ts`) is applied alongside, never instead.
 */
import { memo } from './cache.js';

const TONES = new Set(['\u0300', '\u0301', '\u0303', '\u0309', '\u0323']);
const MODIFIERS = new Set(['\u0302', '\u0306', '\u031b']);
const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);

interface Letter {
  base: string;
  mods: string[];
  tone: string | null;
}

function splitLetters(nfd: string): Letter[] | null {
  const letters: Letter[] = [];
  for (const ch of nfd) {
    if (TONES.has(ch) || MODIFIERS.has(ch)) {
      const last = letters[letters.length - 1];
      if (!last) return null;
      if (TONES.has(ch)) {
        if (last.tone !== null) return null;
        last.tone = ch;
      } else {
        last.mods.push(ch);
      }
    } else if (/[\u0300-\u036f]/.test(ch)) {
      // A combining mark that is not Vietnamese: leave the word untouched.
      return null;
    } else {
      letters.push({ base: ch, mods: [], tone: null });
    }
  }
  return letters;
}

/** Index of the letter that should carry the tone mark, or -1 when the word is not a Vietnamese syllable. */
function toneTarget(letters: Letter[]): number {
  const lower = letters.map((l) => l.base.toLowerCase());
  let start = 0;
  // "qu" and "gi" (before another vowel) are consonant clusters: their u / i never carry the tone.
  if (lower[0] === 'q' && lower[1] === 'u') start = 2;
  else if (lower[0] === 'g' && lower[1] === 'i' && lower.length > 2 && VOWELS.has(lower[2] ?? '')) start = 2;
  let first = -1;
  for (let i = start; i < lower.length; i++) {
    if (VOWELS.has(lower[i] ?? '')) {
      first = i;
      break;
    }
  }
  if (first < 0) return -1;
  let end = first;
  while (end + 1 < lower.length && VOWELS.has(lower[end + 1] ?? '')) end++;
  for (let i = end + 1; i < lower.length; i++) if (VOWELS.has(lower[i] ?? '')) return -1;
  const size = end - first + 1;
  if (size > 3) return -1;
  let modified = -1;
  for (let i = first; i <= end; i++) if ((letters[i]?.mods.length ?? 0) > 0) modified = i;
  if (modified >= 0) return modified;
  if (size === 1) return first;
  if (end < lower.length - 1) return end; // closed syllable: "hoàng", "hoạch"
  if (size === 3) return first + 1; // "khuỷu", "ngoẻo"
  return first; // open two-vowel cluster, old style: "hòa", "thủy"
}

function placeToneInWord(word: string): string {
  const nfd = word.normalize('NFD');
  const letters = splitLetters(nfd);
  if (!letters) return word;
  const toned = letters.findIndex((l) => l.tone !== null);
  if (toned < 0) return word;
  // A syllable has one tone mark; anything else is not Vietnamese and stays as typed.
  if (letters.filter((l) => l.tone !== null).length > 1) return word;
  const target = toneTarget(letters);
  if (target < 0 || target === toned) return word;
  const tone = letters[toned]!.tone;
  letters[toned]!.tone = null;
  letters[target]!.tone = tone;
  return letters
    .map((l) => l.base + l.mods.join('') + (l.tone ?? ''))
    .join('')
    .normalize('NFC');
}

const toneCache = new Map<string, string>();

function placeToneCached(word: string): string {
  // ASCII words carry no tone mark.
  return /^[\x00-\x7f]*$/.test(word) ? word : memo(toneCache, word, placeToneInWord);
}

/**
 * Moves tone marks to the one position this project uses (old style: `hòa`, `thủy`,
 * `khỏe`; closed syllables such as `hoàng` are the same in both styles). Case and
 * everything that is not a Vietnamese syllable are kept as they are. Idempotent.
 */
export function normalizeToneMarks(text: string): string {
  return text.normalize('NFC').replace(/[\p{L}\p{M}]+/gu, placeToneCached);
}

/**
 * The canonical form of Vietnamese text for matching: NFC, zero-width characters
 * removed, every kind of whitespace collapsed to one space, trimmed, lower-cased, tone
 * marks in one position. Punctuation and diacritics are kept. Idempotent:
 * `normalizeVi(normalizeVi(s)) === normalizeVi(s)`.
 */
export function normalizeVi(text: string): string {
  const cleaned = text
    .normalize('NFC')
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLowerCase();
  return normalizeToneMarks(cleaned);
}
