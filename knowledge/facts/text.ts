/**
 * Folding for the fact parsers: lower case, no diacritics, đ → d, with the string length
 * kept (one folded character per source character) so that match positions in the folded
 * text are positions in the original. The knowledge layer imports nothing of ours, so it
 * carries this small helper instead of retrieval's normaliser.
 */
export function foldSameLength(text: string): string {
  let out = '';
  for (const ch of text) {
    const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    const lower = (base.length === 1 ? base : ch).toLowerCase();
    const c = lower === 'đ' ? 'd' : lower;
    // Astral characters take two UTF-16 units; keep the count.
    out += c.length === ch.length ? c : ch.length === 2 ? '??' : '?';
  }
  return out;
}

/** Collapses runs of spaces and trims list markers and trailing punctuation. */
export function tidy(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/^[\s\-–+*•:,;.)(]+/u, '')
    .replace(/[\s\-–+*•:,;.(]+$/u, '')
    .trim();
}
