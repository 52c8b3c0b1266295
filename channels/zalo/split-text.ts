/**
 * Splits text into messages of at most `max` UTF-16 code units (Zalo counts characters;
 * code units are never fewer than code points, so this bound is safe either way).
 *
 * Preference order for a break: between sentences, then between words, and only for a single
 * "word" longer than `max` (a huge URL) between grapheme clusters, so a Vietnamese letter
 * with its combining marks is never cut. Text is NFC-normalised first, which also makes
 * "ế" one code unit instead of three.
 */
export function splitMessage(text: string, max: number): string[] {
  if (max < 1) throw new RangeError(`splitMessage: max must be >= 1, got ${max}`);
  const normalized = text.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  if (normalized.length === 0) return [];
  if (normalized.length <= max) return [normalized];

  const sentences = [...new Intl.Segmenter('vi', { granularity: 'sentence' }).segment(normalized)].map((s) => s.segment);
  const chunks: string[] = [];
  let current = '';
  const flush = () => {
    const t = current.trim();
    if (t) chunks.push(t);
    current = '';
  };
  const append = (piece: string) => {
    if ((current + piece).trimEnd().length <= max) {
      current += piece;
      return;
    }
    flush();
    const lead = piece.trimStart();
    if (lead.trimEnd().length <= max) {
      current = lead;
      return;
    }
    for (const w of splitOversized(lead, max)) {
      if ((current + w).trimEnd().length <= max) current += w;
      else {
        flush();
        current = w.trimStart();
      }
    }
  };
  for (const s of sentences) append(s);
  flush();
  return chunks;
}

/** Words (with their trailing space) of a sentence too long for one message; oversized words become grapheme runs. */
function splitOversized(sentence: string, max: number): string[] {
  const out: string[] = [];
  const words = sentence.match(/\S+\s*/g) ?? [];
  for (const w of words) {
    if (w.trimEnd().length <= max) {
      out.push(w);
      continue;
    }
    let run = '';
    for (const { segment } of new Intl.Segmenter('vi', { granularity: 'grapheme' }).segment(w)) {
      if (run.length + segment.length > max) {
        out.push(run);
        run = '';
      }
      run += segment;
    }
    if (run) out.push(run);
  }
  return out;
}
