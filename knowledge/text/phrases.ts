/**
 * Phrase spotting on folded words (`fold` output on both sides): a phrase matches on
 * word boundaries only, so "co" (có) never matches inside "cong" (công).
 */

/** Whether the folded text contains the folded phrase on word boundaries. */
export function hasPhrase(foldedText: string, foldedPhrase: string): boolean {
  return ` ${foldedText} `.includes(` ${foldedPhrase} `);
}

/** Whether any of the phrases (already folded) occurs in the folded text. */
export function hasAnyPhrase(foldedText: string, phrases: readonly string[]): boolean {
  return phrases.some((p) => hasPhrase(foldedText, p));
}

/** Removes every occurrence of the given folded phrases (longest first). */
export function removePhrases(foldedText: string, phrases: readonly string[]): string {
  let out = ` ${foldedText} `;
  for (const p of [...phrases].sort((a, b) => b.length - a.length)) {
    out = out.split(` ${p} `).join(' ');
  }
  return out.replace(/\s+/g, ' ').trim();
}
