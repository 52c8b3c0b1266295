import { readFile } from 'node:fs/promises';
import { loadVocabulary, parseAbbreviations, parseColloquial, parseStopwords, type Vocabulary } from '../vocab/index.js';

/**
 * The query vocabulary of article search: the catalogue's abbreviations and teencode and its
 * stop words, plus the law-specific colloquial phrases, weights and dialect words beside this
 * module (`colloquial.tsv`, `stopwords.txt`, `abbreviations.tsv`). The catalogue's colloquial phrases are left out on
 * purpose: they point at procedures ("nghỉ việc" → trợ cấp thất nghiệp), not at the law.
 */
export async function loadLegalVocabulary(base?: Vocabulary): Promise<Vocabulary> {
  const v = base ?? (await loadVocabulary());
  const [coll, stop, abbr] = await Promise.all([
    readFile(new URL('./colloquial.tsv', import.meta.url), 'utf8'),
    readFile(new URL('./stopwords.txt', import.meta.url), 'utf8'),
    readFile(new URL('./abbreviations.tsv', import.meta.url), 'utf8'),
  ]);
  const extra = parseStopwords(stop, 'statutes/stopwords.txt');
  const overridden = new Set(extra.map((s) => s.word));
  return {
    abbreviations: [...v.abbreviations, ...parseAbbreviations(abbr, 'statutes/abbreviations.tsv')],
    colloquial: parseColloquial(coll, 'statutes/colloquial.tsv'),
    stopwords: [...v.stopwords.filter((s) => !overridden.has(s.word)), ...extra],
    hash: v.hash,
  };
}
