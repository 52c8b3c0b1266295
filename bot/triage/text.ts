import { foldDiacritics, hasDiacritics, normalizeVi } from '../../retrieval/index.js';

/**
 * A message prepared for triage: the same normalisation as retrieval (`normalizeVi`,
 * `foldDiacritics`), plus teencode/dialect expansion token by token, so "ck e ko tra" and
 * "chồng em không trả" meet on the same folded tokens.
 */
export interface PreparedText {
  /** Normalised tokens joined by one space, diacritics kept (expanded tokens are folded). */
  accented: string;
  /** `accented` with diacritics folded. */
  folded: string;
  /** Folded tokens. */
  tokens: string[];
  hasDiacritics: boolean;
}

const NUMBER_UNIT = /^(\d+(?:[.,]\d+)?)(tr|trieu|triệu|ty|tỷ|tỉ|k)$/u;
const UNIT: Record<string, string> = { tr: 'trieu', trieu: 'trieu', 'triệu': 'trieu', ty: 'ty', 'tỷ': 'ty', 'tỉ': 'ty', k: 'nghin' };

/** Normalises, expands teencode (`teencode` keys match whole tokens as typed) and folds. */
export function prepareText(text: string, teencode: Readonly<Record<string, string>>): PreparedText {
  const normalised = normalizeVi(text);
  const raw = normalised.match(/\d+(?:[.,]\d+)*[\p{L}]*|[\p{L}\p{N}']+/gu) ?? [];
  const out: string[] = [];
  for (const token of raw) {
    const unit = NUMBER_UNIT.exec(token);
    if (unit) {
      out.push(unit[1]!, UNIT[unit[2]!]!);
      continue;
    }
    const expanded = Object.hasOwn(teencode, token) ? teencode[token]! : token;
    if (expanded !== '') out.push(...expanded.split(' '));
  }
  const accented = out.join(' ');
  const folded = foldDiacritics(accented);
  return { accented, folded, tokens: folded.split(' ').filter(Boolean), hasDiacritics: hasDiacritics(normalised) };
}

/** Classifier features: folded unigrams and adjacent bigrams, each once per message. */
export function textFeatures(prepared: PreparedText): string[] {
  const t = prepared.tokens;
  const features = new Set<string>(t);
  for (let i = 0; i + 1 < t.length; i++) features.add(`${t[i]}_${t[i + 1]}`);
  return [...features];
}
