import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { canonicalDocument, loadArticleQuestions, loadLegalVocabulary, loadStatutes, type ArticleQuestions, type Statutes } from '../../knowledge/statutes/index.js';
import type { Vocabulary } from '../../knowledge/vocab/index.js';
import { ARTICLE_FIELDS, ArticleIndex, type ArticleRanking } from './article-index.js';

export interface ArticleSearch {
  statutes: Statutes;
  index: ArticleIndex;
  /** Build time in milliseconds (0 when loaded from disk). */
  buildMs: number;
  /** Whether the index was loaded from `dataDir` rather than built. */
  loaded: boolean;
}

/** Bump when the fields or the term layout change: saved indexes of another format are rebuilt. */
export const ARTICLE_INDEX_FORMAT = 2;

interface Manifest {
  format: number;
  statutesHash: string;
  fields: string;
  k1: number;
  docCount: number;
  termCount: number;
  postingCount: number;
}

/**
 * Opens the article index: loads `dataDir/articles-index/` when its manifest matches the
 * committed statutes (content hash) and the index format, otherwise builds it (a few
 * seconds) and saves it there, like the procedure index. Without `dataDir` the index is
 * built in memory only. The vocabulary acts on queries only, so editing it needs no rebuild.
 */
export async function openArticleSearch(
  options: { statutes?: Statutes; questions?: ArticleQuestions; vocabulary?: Vocabulary; ranking?: ArticleRanking; dataDir?: string; force?: boolean } = {},
): Promise<ArticleSearch> {
  const statutes = options.statutes ?? (await loadStatutes());
  const questions = options.questions ?? (await loadArticleQuestions(undefined, canonicalDocument));
  const vocabulary = options.vocabulary ?? (await loadLegalVocabulary());
  const fields = JSON.stringify(ARTICLE_FIELDS);
  const dir = options.dataDir ? path.join(options.dataDir, 'articles-index') : undefined;
  if (dir && !options.force) {
    const manifest = await readFile(path.join(dir, 'manifest.json'), 'utf8')
      .then((t) => JSON.parse(t) as Manifest)
      .catch(() => undefined);
    if (manifest && manifest.format === ARTICLE_INDEX_FORMAT && manifest.statutesHash === statutes.contentHash && manifest.fields === fields && manifest.docCount === statutes.articles.length) {
      const [bin, termsJson] = await Promise.all([readFile(path.join(dir, 'lexical.bin')), readFile(path.join(dir, 'lexical-terms.json'), 'utf8')]);
      const T = manifest.termCount;
      const N = manifest.postingCount;
      if (bin.byteLength === 4 * (T + 1) + 8 * N) {
        // Typed-array views need 4-byte alignment; a pooled Buffer slice may not have it.
        const ab = new ArrayBuffer(bin.byteLength);
        new Uint8Array(ab).set(bin);
        const index = ArticleIndex.fromData(
          statutes.articles,
          {
            k1: manifest.k1,
            docCount: manifest.docCount,
            terms: JSON.parse(termsJson) as string[],
            offsets: new Int32Array(ab, 0, T + 1),
            docs: new Int32Array(ab, 4 * (T + 1), N),
            tfs: new Float32Array(ab, 4 * (T + 1) + 4 * N, N),
          },
          vocabulary,
          options.ranking,
          questions.byArticle,
        );
        return { statutes, index, buildMs: 0, loaded: true };
      }
    }
  }
  const t0 = performance.now();
  const index = ArticleIndex.build(statutes.articles, vocabulary, options.ranking, questions.byArticle);
  const buildMs = performance.now() - t0;
  if (dir) {
    const data = index.toData();
    const manifest: Manifest = {
      format: ARTICLE_INDEX_FORMAT,
      statutesHash: statutes.contentHash,
      fields,
      k1: data.k1,
      docCount: data.docCount,
      termCount: data.terms.length,
      postingCount: data.docs.length,
    };
    const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
    await mkdir(tmp, { recursive: true });
    await writeFile(
      path.join(tmp, 'lexical.bin'),
      Buffer.concat([
        Buffer.from(data.offsets.buffer, data.offsets.byteOffset, data.offsets.byteLength),
        Buffer.from(data.docs.buffer, data.docs.byteOffset, data.docs.byteLength),
        Buffer.from(data.tfs.buffer, data.tfs.byteOffset, data.tfs.byteLength),
      ]),
    );
    await writeFile(path.join(tmp, 'lexical-terms.json'), JSON.stringify(data.terms));
    // The manifest is written last: a directory without one is never trusted.
    await writeFile(path.join(tmp, 'manifest.json'), JSON.stringify(manifest));
    await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir);
  }
  return { statutes, index, buildMs, loaded: false };
}
