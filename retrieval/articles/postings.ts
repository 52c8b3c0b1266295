import { MIN_IDF, topK, type LexicalHit, type LexicalIndexData } from '../lexical-index.js';

/**
 * The article index's postings, read by term id. Same data and the same BM25F scores as
 * `LexicalIndex` (whose saved form it reads), but the rescoring after BM25 (title
 * evidence, coverage, khoản ranking) needs term ids rather than strings: a query resolves
 * each of its terms once, and every per-candidate test is then an array read or a binary
 * search instead of a string hash, a fold and a `Set` of strings per candidate.
 *
 * Term i's postings are `docs[offsets[i] .. offsets[i+1])`, ascending documents, with the
 * field-weighted, length-normalised term frequency in `tfs`.
 */

/** Query terms whose idf is below this (in more than ~75% of documents) do not score (as in `LexicalIndex`). */
export type ScoredDoc = LexicalHit;

export class ArticlePostings {
  private readonly ids: Map<string, number>;
  /** Idf by term id (float32, as `LexicalIndex.idfOf` returns it). */
  readonly idf: Float32Array;
  private readonly scores: Float64Array;

  constructor(readonly data: LexicalIndexData) {
    this.ids = new Map();
    const { terms, offsets, docCount: n } = data;
    for (let i = 0; i < terms.length; i++) this.ids.set(terms[i]!, i);
    this.idf = new Float32Array(terms.length);
    for (let i = 0; i < terms.length; i++) {
      const df = offsets[i + 1]! - offsets[i]!;
      this.idf[i] = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    }
    this.scores = new Float64Array(n);
  }

  get termCount(): number {
    return this.data.terms.length;
  }

  /** Term id, or -1 when the corpus does not have the term. */
  id(term: string): number {
    return this.ids.get(term) ?? -1;
  }

  /** Per term id, the id of its folded form (`lý` → `~ly`), -1 when absent; filled as queries ask (-2 = not yet). */
  private folded?: Int32Array;

  /** Id of the folded form of term `id` ("lý_lịch" → "~ly_lich"; a folded term is its own). */
  foldedId(id: number, fold: (term: string) => string): number {
    this.folded ??= new Int32Array(this.data.terms.length).fill(-2);
    let f = this.folded[id]!;
    if (f === -2) {
      const term = this.data.terms[id]!;
      f = term.startsWith('~') ? id : this.id(`~${fold(term)}`);
      this.folded[id] = f;
    }
    return f;
  }

  /** Idf of a term, 0 when unknown. */
  idfOf(term: string): number {
    const id = this.ids.get(term);
    return id === undefined ? 0 : this.idf[id]!;
  }

  /** True when `doc` has term `id` (binary search in its postings). */
  has(doc: number, id: number): boolean {
    if (id < 0) return false;
    const docs = this.data.docs;
    let lo = this.data.offsets[id]!;
    let hi = this.data.offsets[id + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = docs[mid]!;
      if (v === doc) return true;
      if (v < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /**
   * BM25F over the query terms (`ids[i]` with weight `weights[i]`), the `limit` best
   * positive scores, best first, ties by document number; `allow` filters documents.
   */
  search(ids: Int32Array, weights: Float64Array, count: number, limit: number, allow?: (doc: number) => boolean): ScoredDoc[] {
    const acc = this.scores;
    acc.fill(0);
    const { k1, offsets, docs, tfs } = this.data;
    for (let i = 0; i < count; i++) {
      const id = ids[i]!;
      if (id < 0) continue;
      const idf = this.idf[id]!;
      if (idf < MIN_IDF) continue;
      const w = weights[i]! * idf * (k1 + 1);
      for (let o = offsets[id]!, end = offsets[id + 1]!; o < end; o++) {
        const tf = tfs[o]!;
        acc[docs[o]!]! += (w * tf) / (k1 + tf);
      }
    }
    return topK(acc, limit, allow);
  }
}
