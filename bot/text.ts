/**
 * Text helpers of the conversation core. Folding and phrase spotting come from the one
 * Vietnamese text module (`knowledge/text/`) and are re-exported here for the bot's
 * callers; what stays is how the bot writes Vietnamese (cut lengths, money, dates).
 */
export { fold, foldedTokens, hasPhrase, hasAnyPhrase, removePhrases } from '../knowledge/text/index.js';

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
