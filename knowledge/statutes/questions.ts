import { fileURLToPath } from 'node:url';
import { parseKeyedTsv, readTsvFolder } from '../keyed-tsv.js';

/**
 * How citizens ask about an article ("bố mẹ mất không để lại di chúc thì ai được hưởng nhà?"
 * for the civil code's heirs by law), written by readers of the statutes who saw none of the
 * evaluation sets. The article index adds them to the article as one more field, so a question
 * in everyday words meets the article written in the law's words (document expansion, as the
 * procedure situations do for the catalogue). Plain TSV in `questions/`:
 * `<DOCUMENT>:<ARTICLE> TAB <question>`; lines starting with `#` are comments.
 */
export interface ArticleQuestions {
  /** Questions per article id ("91/2015/QH13:651"), in file order. */
  byArticle: ReadonlyMap<string, readonly string[]>;
  /** SHA-256 of the files, part of the article index's manifest. */
  hash: string;
  /** Number of question lines. */
  count: number;
}

export const DEFAULT_QUESTIONS_DIR = fileURLToPath(new URL('./questions/', import.meta.url));
const ARTICLE_ID = /^[^\s:]+\/[^\s:]+:\d+[a-z]?$/;

export const NO_ARTICLE_QUESTIONS: ArticleQuestions = { byArticle: new Map(), hash: 'none', count: 0 };

/**
 * Parses one questions file into `into`; throws `AppError('bad_request:article_questions')`
 * naming the file and line. `canonical` maps a cited document number to the stored one
 * ("45/VBHN-VPQH" → "31/2024/QH15").
 */
export function parseArticleQuestions(
  text: string,
  file: string,
  into = new Map<string, string[]>(),
  canonical: (document: string) => string = (d) => d,
): Map<string, string[]> {
  const mapKey = (id: string) => {
    const cut = id.lastIndexOf(':');
    return `${canonical(id.slice(0, cut))}:${id.slice(cut + 1)}`;
  };
  return parseKeyedTsv(text, file, { key: ARTICLE_ID, code: 'bad_request:article_questions', expected: '"<DOCUMENT>:<ARTICLE> like 91/2015/QH13:651> TAB <question of at least 6 characters>"', mapKey }, into);
}

/** Loads every `*.tsv` in `dir` (default: `questions/` beside this module), in name order; no folder, no questions. */
export async function loadArticleQuestions(dir = DEFAULT_QUESTIONS_DIR, canonical?: (document: string) => string): Promise<ArticleQuestions> {
  const { files, hash } = await readTsvFolder(dir, true);
  if (files.length === 0) return NO_ARTICLE_QUESTIONS;
  const byArticle = new Map<string, string[]>();
  for (const f of files) parseArticleQuestions(f.text, f.name, byArticle, canonical);
  let count = 0;
  for (const v of byArticle.values()) count += v.length;
  return { byArticle, hash, count };
}
