/**
 * Forms-only text helpers on top of the one Vietnamese text module (`knowledge/text`, where
 * folding, dates and yes/no live): the comparison form of a stored value and names proper-cased
 * as typed.
 */

/** NFC, single spaces, trimmed; the comparison form for stored values. */
export function tidy(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** "nguyễn văn AN" → "Nguyễn Văn An": keeps every diacritic typed, invents none. */
export function properCase(text: string): string {
  return tidy(text)
    .split(' ')
    .map((w) => (w ? (w[0]!.toLocaleUpperCase('vi') + w.slice(1).toLocaleLowerCase('vi')).replace(/(['’])(\p{L})/gu, (_, a: string, b: string) => a + b.toLocaleUpperCase('vi')) : w))
    .join(' ');
}
