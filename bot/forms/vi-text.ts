/**
 * Position-preserving folding for extraction. Retrieval's `foldDiacritics` is the shared
 * normaliser for matching; extraction additionally needs the folded text to keep the same
 * length as the original so that a span found in the folded text can be cut from the
 * original (names and addresses keep what the citizen typed). Each NFC character maps to
 * exactly one character here.
 */
export function foldSameLength(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    if (ch === 'đ' || ch === 'Đ') {
      out += 'd';
      continue;
    }
    const base = ch.normalize('NFD')[0] ?? ch;
    const lower = base.toLowerCase();
    out += lower.length === base.length ? lower : base;
  }
  return out;
}

/** Lower case, no diacritics, punctuation to single spaces: for keyword checks. */
export function foldWords(text: string): string {
  return foldSameLength(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Whether `phrase` (folded words) occurs in `folded` (folded words) on word boundaries. */
export function hasWords(folded: string, phrase: string): boolean {
  return ` ${folded} `.includes(` ${phrase} `);
}

/** NFC, single spaces, trimmed; the comparison form for stored values. */
export function tidy(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** "nguyễn văn AN" → "Nguyễn Văn An": keeps every diacritic typed, invents none. */
export function properCase(text: string): string {
  return tidy(text)
    .split(' ')
    .map((w) => (w ? w[0]!.toLocaleUpperCase('vi') + w.slice(1).toLocaleLowerCase('vi') : w))
    .join(' ');
}
