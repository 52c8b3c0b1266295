import { foldDiacritics } from '../retrieval/index.js';

/**
 * Small text helpers the conversation core needs for matching intents on folded text.
 * Retrieval owns Vietnamese normalisation (`foldDiacritics`); here we only add the
 * keyword-spotting shape: lower case, punctuation to spaces.
 */

/** Lower case, no diacritics, đ→d, punctuation to spaces, single spaces. */
export function fold(text: string): string {
  return foldDiacritics(text.normalize('NFC'))
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Folded word tokens. */
export function foldedTokens(text: string): string[] {
  const f = fold(text);
  return f ? f.split(' ') : [];
}

/** Whether the folded text contains the folded phrase on word boundaries. */
export function hasPhrase(foldedText: string, foldedPhrase: string): boolean {
  return ` ${foldedText} `.includes(` ${foldedPhrase} `);
}

/** Whether any of the phrases (already folded) occurs in the folded text. */
export function hasAnyPhrase(foldedText: string, phrases: readonly string[]): boolean {
  return phrases.some((p) => hasPhrase(foldedText, p));
}

/** Removes every occurrence of the given folded phrases (longest first). */
export function removePhrases(foldedText: string, phrases: readonly string[]): string {
  let out = ` ${foldedText} `;
  for (const p of [...phrases].sort((a, b) => b.length - a.length)) {
    out = out.split(` ${p} `).join(' ');
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** Cuts `text` to at most `max` characters on a word boundary, adding "…" when cut. */
export function truncateWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/u, '')}…`;
}

/** Formats an amount in VND the Vietnamese way: 50000 → "50.000 đồng". */
export function formatVnd(amount: number): string {
  return `${amount.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đồng`;
}

/** ISO date (YYYY-MM-DD) → "18/07/2026"; other strings unchanged. */
export function formatDateVi(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}
