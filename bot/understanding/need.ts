/**
 * The need of a message told as a story: the sentences that ask or say what the citizen
 * wants, without the background that leads up to them. A story mentions a divorce, a
 * dispute or a lost paper on its way ("Tui ly hôn được ba năm rồi …") and then asks for
 * something else ("Bên đó đòi giấy chứng minh tui đang hông có chồng. Xin giấy này ở đâu?");
 * skills that look for a topic word must look in the need, not in the whole story.
 *
 *   sentences ─▶ asking (ends in "?" or a question word) or wanting ("muốn", "cần", "xin")
 *             ─▶ none of them? the last sentence
 *
 * A message of one sentence has no separate need (`undefined`): all of it is the need.
 */

/** Ends of a question typed without "?" (folded). */
const ASKS_AT_END =
  /\b(khong|ko|hong|hok|k|khg|chua|gi|chi|nao|sao|bao nhieu|nhieu|ai|the nao|ra sao|nhu nao|ntn|khi nao|bao lau|a|vay|nhi|ha|ta|dzay|ne|rang|mo|du khong|duoc khong|o dau|dau)$/;
/** Saying what one wants or must do: "muốn", "cần", "xin", "nhờ", "làm sao để", "phải làm gì". */
const WANTS = /\b(muon|can|xin|nho|dinh|tinh|lam sao|lam the nao|phai lam|lam gi|lam giay|lam thu tuc|lam ho so|o dau|thu tuc|ho so gom|can giay|giay to gi|giay gi)\b/;

/**
 * @param text the citizen's message as typed
 * @param foldSentence folds a sentence the way the stage does (diacritics off, teencode expanded)
 * @returns the sentences that carry the need, in order, or `undefined` when the message is
 *   one sentence or every sentence carries it
 */
export function needOf(text: string, foldSentence: (sentence: string) => string): string | undefined {
  const parts = text
    .split(/(?<=[.!?;\n])\s*|,\s+(?=(?:giờ|gio|nay|mà|ma|nhưng|nhung|vậy|vay|thì|thi|muốn|muon|cần|can|xin|làm sao|lam sao)\s)/iu)
    .map((p) => p?.trim() ?? '')
    .filter((p) => /[\p{L}\p{N}]/u.test(p));
  if (parts.length < 2) return undefined;
  const carries = parts.filter((p) => {
    if (/\?\s*$/u.test(p)) return true;
    const f = foldSentence(p).replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/g, ' ').trim();
    return ASKS_AT_END.test(f) || WANTS.test(f);
  });
  const need = carries.length ? carries : parts.slice(-1);
  if (need.length === parts.length) return undefined;
  return need.join(' ');
}
