/**
 * Minimal text hygiene shared by importers and the bot: NFC, `\u00a0` and other
 * Unicode spaces folded to a plain space, zero-width characters removed, runs of
 * spaces collapsed. Newlines are kept (collapsed to one) because lists use them.
 */
export function cleanText(input: string): string {
  return input
    .normalize('NFC')
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]/g, ' ')
    .replace(/\r\n?/g, '\n')
    .replace(/ *\n */g, '\n')
    .replace(/\n{2,}/g, '\n')
    .replace(/ {2,}/g, ' ')
    .trim();
}
