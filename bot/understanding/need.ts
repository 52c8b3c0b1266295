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
  /\b(khong|ko|hong|hok|k|khg|chua|gi|chi|nao|sao|bao nhieu|nhieu|ai|the nao|ra sao|nhu nao|ntn|khi nao|bao lau|a|vay|nhi|ha|ta|dzay|ne|rang|mo|du khong|duoc khong|o dau|dau|(bao nhieu|bao lau|may) \w+( \w+)?)$/;
/**
 * A question word at the end that a negation before it turns into "nobody / nothing / nowhere"
 * ("không tranh chấp với ai", "chưa có giấy tờ gì", "không đi đâu"): a statement, not a question.
 * Not after "không biết / rõ / hiểu", which ask indirectly ("không biết nộp cho ai").
 */
const NEGATED_END = /\b(khong|ko|k|chua|chang|cha|hong|hok)\b(?! (biet|bt|ro|hieu|nho|chac|hoi))( \w+){0,5} (ai|gi|dau|nao|chi)$/;
/** Saying what one wants or must do: "muốn", "cần", "xin", "nhờ", "làm sao để", "phải làm gì". */
const WANTS =
  /\b(muon|can(?! cuoc)|xin|nho|(?<!(quyet|xac|on|quy|qui|chi|nhat|khang|phu|gia|co|an|tham|kiem|nghi|hiep|bat|thiet|ban) )dinh|tinh|lam sao|lam the nao|phai lam|lam gi|lam giay|lam thu tuc|lam ho so|o dau|thu tuc|ho so gom|can giay|giay to gi|giay gi)\b/;
/**
 * Words typed with marks that fold onto a word of wanting: "tỉnh" (province) and "tính" (plan),
 * "căn / cán" and "cần", "nhỏ / nhớ" and "nhờ", "muộn" and "muốn", "quyết định" and "định".
 * Masked before folding, so a sentence that only names a province or a flat wants nothing.
 */
const WANT_LOOKALIKES =
  /(?<![\p{L}])(tỉnh|tĩnh|căn|cán|cạn|cản|nhỏ|nhớ|nhở|muộn|(quyết|xác|ổn|quy|chỉ|nhất|khẳng|phủ|giả|cố|thẩm|kiểm|nghị|hiệp|bất|thiết) định)(?![\p{L}])/giu;

/**
 * @param text the citizen's message as typed
 * @param foldSentence folds a sentence the way the stage does (diacritics off, teencode expanded)
 * @returns the sentences that carry the need, in order, or `undefined` when the message is
 *   one sentence or every sentence carries it
 */
export function needOf(text: string, foldSentence: (sentence: string) => string): string | undefined {
  const parts = text
    .split(/(?<=[.!?;\n])\s*|,\s+(?=(?:giờ|gio|h|nay|mà|ma|nhưng|nhung|vậy|vay|thì|thi|muốn|muon|cần|can|xin|làm sao|lam sao)\s)/iu)
    .map((p) => p?.trim() ?? '')
    .filter((p) => /[\p{L}\p{N}]/u.test(p));
  if (parts.length < 2) return undefined;
  const carries = parts.filter((p) => {
    if (/\?\s*$/u.test(p)) return true;
    const f = foldSentence(p.normalize('NFC').replace(WANT_LOOKALIKES, ' x ')).replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/g, ' ').trim();
    return (ASKS_AT_END.test(f) && !NEGATED_END.test(f)) || WANTS.test(f);
  });
  const need = carries.length ? carries : parts.slice(-1);
  if (need.length === parts.length) return undefined;
  return need.join(' ');
}

/**
 * A text without its clauses that deny a dispute ("không tranh chấp với ai", "không ai tranh chấp"):
 * a skill that looks for a dispute's words must not find them where the citizen says there is none.
 * Returns `undefined` when no clause denies one.
 */
export function withoutDeniedDisputes(text: string, foldClause: (clause: string) => string, denied: RegExp): string | undefined {
  const clauses = text.split(/(?<=[,.!?;\n])\s*/u);
  const kept = clauses.filter((c) => !denied.test(foldClause(c)));
  return kept.length === clauses.length ? undefined : kept.join(' ').trim();
}
