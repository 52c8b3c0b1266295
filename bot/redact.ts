/**
 * Redaction of personal numbers before anything the citizen typed is logged or stored
 * in the turn log (Law 91/2025/QH15). Over-redacting an unrelated number is preferred
 * to a leak.
 */

const SEP = '[ .\\-]?';
const NATIONAL_ID = new RegExp(
  `(?<!\\d)\\d{3}${SEP}\\d{3}${SEP}\\d{3}${SEP}\\d{3}(?!\\d)|(?<!\\d)\\d{4}${SEP}\\d{4}${SEP}\\d{4}(?!\\d)`,
  'g',
);
const PHONE = /(?<![\d+])(?:\+84|84|0)[ .\-]?[1-9](?:[ .\-]?\d){7,9}(?!\d)/g;

export const REDACTED_ID = '[CCCD]';
export const REDACTED_PHONE = '[SĐT]';

/** Replaces 12-digit national ID numbers and Vietnamese phone numbers. Idempotent. */
export function redactPersonalData(text: string): string {
  if (!/\d/.test(text)) return text;
  return text.replace(NATIONAL_ID, REDACTED_ID).replace(PHONE, (match) => {
    const digits = match.replace(/\D/g, '');
    const local = digits.startsWith('84') && !match.startsWith('0') ? digits.slice(2) : digits.slice(1);
    return local.length >= 9 && local.length <= 10 ? REDACTED_PHONE : match;
  });
}
