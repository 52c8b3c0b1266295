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

/**
 * Collapse an alternative repeated word for word: "nộp trực tiếp hoặc trực tiếp hoặc trực
 * tiếp" → "nộp trực tiếp". Vietnamese compounds share syllables ("công chứng, chứng thực",
 * "thông tin hoặc thông tin khai thác được"), so only channel words repeated, or a phrase of
 * two or more words repeated three times or more, are collapsed; a real list is kept.
 */
export function collapseRepeatedAlternatives(input: string): string {
  return input
    .replace(/(?<![\p{L}\p{N}])(trực tiếp|trực tuyến|qua dịch vụ bưu chính|dịch vụ bưu chính|bưu chính)(?:(?: hoặc|,| và) \1)+(?![\p{L}\p{N}])/gu, '$1')
    .replace(/(?<![\p{L}\p{N}])(\p{L}+(?: \p{L}+){1,3})(?:(?: hoặc|,| và) \1){2,}(?![\p{L}\p{N}])/gu, '$1');
}
