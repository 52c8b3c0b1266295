/**
 * Vietnamese tokenisation for the index: syllables and syllable bigrams, accented and
 * folded. The normal form and the folding themselves live in the one text module
 * (`knowledge/text/`, conventions in this folder's README) and are re-exported here for
 * retrieval's callers.
 */
import { foldDiacritics, normalizeVi } from '../knowledge/text/index.js';

export { normalizeVi, normalizeToneMarks, foldDiacritics, hasDiacritics } from '../knowledge/text/index.js';

/**
 * Splits text into syllable tokens after `normalizeVi`: maximal runs of letters and
 * digits. Dotted procedure codes ("1.001193") and decimals stay one token.
 */
export function tokenizeVi(text: string): string[] {
  return normalizeVi(text).match(/\d+(?:[.,]\d+)+|[\p{L}\p{N}]+/gu) ?? [];
}

/** Adjacent-syllable bigrams joined by `_` ("khai", "sinh" → "khai_sinh"). */
export function syllableBigrams(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) out.push(`${tokens[i]}_${tokens[i + 1]}`);
  return out;
}

/**
 * The index terms of a text: syllables and syllable bigrams, in accented form and in
 * folded form (folded terms are prefixed with `~` so "hoa" the flower and "hòa" folded
 * never collide with an accented term).
 */
export function indexTerms(text: string): { accented: string[]; folded: string[] } {
  const tokens = tokenizeVi(text);
  const accented = [...tokens, ...syllableBigrams(tokens)];
  const foldedTokens = tokens.map((t) => foldDiacritics(t));
  const folded = [...foldedTokens, ...syllableBigrams(foldedTokens)].map((t) => `~${t}`);
  return { accented, folded };
}
