/** Collapses runs of spaces and trims list markers and trailing punctuation. */
export function tidy(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/^[\s\-–+*•:,;.)(]+/u, '')
    .replace(/[\s\-–+*•:,;.(]+$/u, '')
    .trim();
}
