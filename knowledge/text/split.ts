/**
 * Splits a message into parts of at most `max` UTF-16 code units, for channels that cap a
 * message's length (Zalo 2,000; web chat a few thousand). Code units are never fewer than
 * code points, so the bound holds however the channel counts.
 *
 * Text is NFC-normalised first (which also makes "ế" one code unit instead of three), line
 * ends become `\n`, and the whole is trimmed. Parts are packed greedily with whole sentences.
 * Where to cut, in order of preference:
 *
 *   paragraph end (blank line) ─┐ only when the part is then at least half full,
 *   line end                   ─┘ so a short opening line does not become its own message
 *   sentence end                   (Intl.Segmenter, Vietnamese rules: . ? ! … and line ends)
 *   between words                  (a sentence longer than `max`)
 *   between grapheme clusters      (a single "word" longer than `max`, e.g. a huge URL):
 *                                  a letter with its combining marks is never cut
 *
 * Every part is trimmed and non-empty; joining the parts with single spaces gives back the
 * words of the input in order (nothing lost, nothing cut inside a word that fits).
 */
export function splitMessage(text: string, max: number): string[] {
  if (!(max >= 1)) throw new RangeError(`splitMessage: max must be >= 1, got ${max}`);
  const normalized = text.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  if (normalized.length === 0) return [];
  if (normalized.length <= max) return [normalized];

  const parts: string[] = [];
  let current: Piece[] = [];
  const textOf = (pieces: Piece[]) => pieces.map((p) => p.text).join('');
  const emit = (pieces: Piece[]) => {
    const t = textOf(pieces).trim();
    if (t) parts.push(t);
  };
  for (const piece of piecesOf(normalized, max)) {
    if ((textOf(current) + piece.text).trimEnd().length <= max) {
      current.push(piece);
      continue;
    }
    const cut = preferredCut(current, max);
    emit(current.slice(0, cut));
    current = current.slice(cut);
    if ((textOf(current) + piece.text).trim().length > max) {
      emit(current);
      current = [];
    }
    current.push(current.length === 0 ? { ...piece, text: piece.text.trimStart() } : piece);
  }
  emit(current);
  return parts;
}

/** Which boundary follows a piece. */
type Boundary = 'paragraph' | 'line' | 'sentence' | 'word' | 'grapheme';

interface Piece {
  /** The piece with its trailing whitespace. */
  text: string;
  after: Boundary;
}

/** Sentences; a sentence longer than `max` becomes words, a word longer than `max` grapheme runs. */
function piecesOf(text: string, max: number): Piece[] {
  const out: Piece[] = [];
  for (const { segment } of new Intl.Segmenter('vi', { granularity: 'sentence' }).segment(text)) {
    if (segment.trimEnd().length <= max) {
      out.push({ text: segment, after: /\n[^\S\n]*\n\s*$/.test(segment) ? 'paragraph' : /\n\s*$/.test(segment) ? 'line' : 'sentence' });
      continue;
    }
    for (const word of segment.match(/\S+\s*/g) ?? []) {
      if (word.trimEnd().length <= max) {
        out.push({ text: word, after: 'word' });
        continue;
      }
      let run = '';
      for (const { segment: g } of new Intl.Segmenter('vi', { granularity: 'grapheme' }).segment(word)) {
        if (run.length + g.length > max) {
          out.push({ text: run, after: 'grapheme' });
          run = '';
        }
        run += g;
      }
      if (run) out.push({ text: run, after: 'grapheme' });
    }
  }
  return out;
}

/**
 * How many of `pieces` (which fit in one part) go out now: up to the last paragraph end, else
 * the last line end, when that part is at least half of `max`; otherwise all of them.
 */
function preferredCut(pieces: Piece[], max: number): number {
  for (const kind of ['paragraph', 'line'] as const) {
    let length = 0;
    let best = -1;
    for (let i = 0; i < pieces.length; i++) {
      length += pieces[i]!.text.length;
      if (pieces[i]!.after === kind && length >= max / 2 && i < pieces.length - 1) best = i + 1;
    }
    if (best > 0) return best;
  }
  return pieces.length;
}
