import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../knowledge/errors.js';
import {
  canonicalDocument,
  loadArticleQuestions,
  loadLegalVocabulary,
  loadStatutes,
  NO_ARTICLE_QUESTIONS,
  parseArticleQuestions,
  type ArticleQuestions,
  type Statutes,
} from '../../knowledge/statutes/index.js';
import type { Vocabulary } from '../../knowledge/vocab/index.js';
import { DEFAULT_ARTICLE_RANKING, openArticleSearch } from './index.js';

let statutes: Statutes;
let vocabulary: Vocabulary;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'article-questions-'));

beforeAll(async () => {
  statutes = await loadStatutes();
  vocabulary = await loadLegalVocabulary();
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const questionsOf = (lines: Record<string, string[]>): ArticleQuestions => ({
  byArticle: new Map(Object.entries(lines)),
  hash: `sha256:${JSON.stringify(lines).length}`,
  count: Object.values(lines).flat().length,
});

describe('citizens\' questions indexed with the articles', () => {
  it('parses "DOC:ART TAB question", maps a consolidated text\'s number to the stored one, and names a bad line', () => {
    const parsed = parseArticleQuestions('# header\n91/2015/QH13:651\tbố mẹ mất không di chúc ai hưởng\n45/VBHN-VPQH:220\ttách thửa cần gì vậy\n', 'x.tsv', undefined, canonicalDocument);
    expect([...parsed.keys()]).toEqual(['91/2015/QH13:651', '31/2024/QH15:220']);
    expect(() => parseArticleQuestions('91/2015/QH13:651 thiếu tab ở đây\n', 'bad.tsv')).toThrow(AppError);
    expect(() => parseArticleQuestions('651\tđiều không có số văn bản\n', 'bad.tsv')).toThrow(/bad\.tsv:1/);
  });

  it('every committed question names an article the data holds', async () => {
    const shipped = await loadArticleQuestions(undefined, canonicalDocument);
    const ids = new Set(statutes.articles.map((a) => a.id));
    const unknown = [...shipped.byArticle.keys()].filter((id) => !ids.has(id));
    expect(unknown).toEqual([]);
  });

  it('a question in everyday words brings the article its questions hold into the candidates, with a prior; also from a saved index', async () => {
    // Slang no article uses ("bùng kèo", "góp chung làm ăn" for a cooperation contract).
    const q = 'thằng bạn bùng kèo ôm hết tiền góp chung làm ăn';
    const target = '91/2015/QH13:504';
    expect(statutes.articles.some((a) => a.id === target)).toBe(true);
    const hitOf = (s: Awaited<ReturnType<typeof openArticleSearch>>) => s.index.search(q, { limit: 10 }).hits.find((h) => h.article.id === target);
    const without = await openArticleSearch({ statutes, vocabulary, questions: NO_ARTICLE_QUESTIONS, dataDir: dir });
    expect(hitOf(without)).toBeUndefined();
    const questions = questionsOf({ [target]: ['bạn bùng kèo ôm tiền góp chung làm ăn thì đòi thế nào'] });
    // The questions are a separate small index built at open: the saved article index serves both.
    const withLine = await openArticleSearch({ statutes, vocabulary, questions, dataDir: dir });
    expect(withLine.loaded).toBe(true);
    const hit = hitOf(withLine);
    expect(hit).toBeDefined();
    // The prior is the questions' share of the question's content words: none, no prior.
    const noPrior = await openArticleSearch({ statutes, vocabulary, questions, dataDir: dir, ranking: { ...DEFAULT_ARTICLE_RANKING, askedPrior: 0, askedEvidence: 0 } });
    expect(hit!.score).toBeGreaterThan(hitOf(noPrior)?.score ?? 0);
    // Off-topic words a question happens to share give nothing: the weather is no article's.
    const offTopic = withLine.index.search('hôm nay trời mưa không', { limit: 3 });
    expect(offTopic.confidence).toBe('low');
  }, 120_000);
});
