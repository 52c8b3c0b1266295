import { cleanText } from '../knowledge/index.js';

/** Longest user text the core processes; the rest is dropped (and the citizen told). */
export const MAX_INPUT_CHARS = 1000;

export interface SanitizedInput {
  /** NFC, zero-width and control characters removed, U+FFFD removed, whitespace collapsed, capped. */
  text: string;
  /** Decoded text as received (NFC), uncapped, for extractors that need it. */
  rawText: string;
  /** Nothing left after cleaning. */
  empty: boolean;
  /** Only emoji, symbols or punctuation (no letter or digit). */
  symbolsOnly: boolean;
  /** The text was longer than `MAX_INPUT_CHARS` and was cut. */
  truncated: boolean;
  /** The channel could not decode part of the message (U+FFFD replacement characters). */
  hadInvalidChars: boolean;
}

/**
 * Makes user text safe and predictable for the skills: every channel may deliver odd
 * input (empty strings, emoji, pasted documents, broken encodings), and no skill should
 * have to care.
 */
export function sanitizeInput(input: unknown, maxChars = MAX_INPUT_CHARS): SanitizedInput {
  const raw = typeof input === 'string' ? input : '';
  const hadInvalidChars = raw.includes('\ufffd');
  const rawText = raw.normalize('NFC');
  // Control characters other than newline/tab carry no meaning in a chat and break logs.
  let text = cleanText(rawText.replace(/\ufffd/g, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ''));
  const truncated = text.length > maxChars;
  if (truncated) {
    const cut = text.slice(0, maxChars);
    const space = cut.lastIndexOf(' ');
    text = (space > maxChars * 0.8 ? cut.slice(0, space) : cut).trim();
  }
  const empty = text.length === 0;
  const symbolsOnly = !empty && !/[\p{L}\p{N}]/u.test(text);
  return { text, rawText, empty, symbolsOnly, truncated, hadInvalidChars };
}
