import { foldDiacritics, indexTerms } from './text.js';
import type { WeightedTerm } from './query.js';

/**
 * A BM25F index written for this corpus rather than taken from a library, because:
 * - field weights apply *before* term-frequency saturation (true BM25F), which matters
 *   when the same words appear in a short name and a long document list;
 * - terms are our own (accented and folded syllables and bigrams), so a library's
 *   tokeniser, prefix tree and fuzzy search would be unused weight;
 * - the postings serialise to two typed arrays, so loading is a file read plus one
 *   `Map` of terms (milliseconds), not a re-index.
 *
 * Layout: term i's postings are `docs[offsets[i] .. offsets[i+1])` (ascending document
 * numbers) with the matching pre-normalised, field-weighted term frequency in `tfs`.
 */

export interface FieldSpec {
  name: string;
  /** Weight of one occurrence in this field relative to the others. */
  weight: number;
  /** BM25 length normalisation for this field (0 = none, 1 = full). */
  b: number;
}

export interface LexicalDocument {
  /** Field name → texts (each text is tokenised separately, so no bigram spans two values). */
  fields: Record<string, readonly string[]>;
}

export interface LexicalHit {
  doc: number;
  score: number;
}

export interface LexicalIndexData {
  k1: number;
  docCount: number;
  terms: string[];
  offsets: Int32Array;
  docs: Int32Array;
  tfs: Float32Array;
}

/** Query terms whose idf is below this (in more than ~75% of documents) are skipped. */
export const MIN_IDF = 0.3;

/**
 * The `limit` best positive scores, best first (ties by document number). A bounded
 * insertion list beats sorting every scored document: most documents never enter it.
 */
export function topK(scores: Float64Array, limit: number, allow?: (doc: number) => boolean): LexicalHit[] {
  const out: LexicalHit[] = [];
  let min = 0;
  for (let d = 0; d < scores.length; d++) {
    const s = scores[d]!;
    if (s <= 0 || (out.length >= limit && s <= min)) continue;
    if (allow && !allow(d)) continue;
    let i = out.length;
    if (i >= limit) {
      out.pop();
      i--;
    }
    while (i > 0 && out[i - 1]!.score < s) i--;
    out.splice(i, 0, { doc: d, score: s });
    if (out.length >= limit) min = out[out.length - 1]!.score;
  }
  return out;
}

export class LexicalIndex {
  private readonly termIds: Map<string, number>;
  private readonly idf: Float32Array;
  private readonly scratch: Float64Array;

  private constructor(private readonly data: LexicalIndexData) {
    this.termIds = new Map();
    data.terms.forEach((t, i) => this.termIds.set(t, i));
    this.idf = new Float32Array(data.terms.length);
    const n = data.docCount;
    for (let i = 0; i < data.terms.length; i++) {
      const df = data.offsets[i + 1]! - data.offsets[i]!;
      this.idf[i] = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    }
    this.scratch = new Float64Array(n);
  }

  static fromData(data: LexicalIndexData): LexicalIndex {
    return new LexicalIndex(data);
  }

  /** Indexes `docs` (document number = position) with the given fields. */
  static build(docs: readonly LexicalDocument[], fields: readonly FieldSpec[], k1 = 1.2): LexicalIndex {
    // Pass 1: per document and field, term counts (by term id) and field lengths.
    const ids = new Map<string, number>();
    const idOf = (t: string) => {
      let id = ids.get(t);
      if (id === undefined) ids.set(t, (id = ids.size));
      return id;
    };
    // Applicant types, agencies and document names repeat across procedures: tokenise each once.
    const termsOf = new Map<string, { accented: number[]; folded: number[] }>();
    const analyse = (text: string) => {
      let r = termsOf.get(text);
      if (!r) {
        const t = indexTerms(text);
        r = { accented: t.accented.map(idOf), folded: t.folded.map(idOf) };
        termsOf.set(text, r);
      }
      return r;
    };
    const perDoc: { counts: Map<number, number>; len: number }[][] = [];
    const lengthSums = new Float64Array(fields.length);
    for (const doc of docs) {
      const row = fields.map((f, fi) => {
        const counts = new Map<number, number>();
        let len = 0;
        for (const text of doc.fields[f.name] ?? []) {
          const { accented, folded } = analyse(text);
          for (const id of accented) counts.set(id, (counts.get(id) ?? 0) + 1);
          for (const id of folded) counts.set(id, (counts.get(id) ?? 0) + 1);
          len += accented.length + folded.length;
        }
        lengthSums[fi]! += len;
        return { counts, len };
      });
      perDoc.push(row);
    }
    const avg = Array.from(lengthSums, (x) => Math.max(1, x / Math.max(1, docs.length)));

    // Pass 2: field-weighted, length-normalised tf per (term, doc), into flat per-term lists.
    const termDocs: number[][] = Array.from({ length: ids.size }, () => []);
    const termTfs: number[][] = Array.from({ length: ids.size }, () => []);
    perDoc.forEach((row, d) => {
      const tf = new Map<number, number>();
      row.forEach(({ counts, len }, fi) => {
        const f = fields[fi]!;
        const norm = 1 - f.b + f.b * (len / avg[fi]!);
        for (const [id, c] of counts) tf.set(id, (tf.get(id) ?? 0) + (f.weight * c) / norm);
      });
      for (const [id, v] of tf) {
        termDocs[id]!.push(d);
        termTfs[id]!.push(v);
      }
    });

    // Terms sorted for a stable file layout; postings stay in ascending document order.
    const byName = [...ids.keys()].sort();
    const offsets = new Int32Array(byName.length + 1);
    let total = 0;
    byName.forEach((t, i) => {
      offsets[i] = total;
      total += termDocs[ids.get(t)!]!.length;
    });
    offsets[byName.length] = total;
    const docsArr = new Int32Array(total);
    const tfs = new Float32Array(total);
    byName.forEach((t, i) => {
      const id = ids.get(t)!;
      docsArr.set(termDocs[id]!, offsets[i]!);
      tfs.set(termTfs[id]!, offsets[i]!);
    });
    return new LexicalIndex({ k1, docCount: docs.length, terms: byName, offsets, docs: docsArr, tfs });
  }

  get size(): number {
    return this.data.docCount;
  }

  toData(): LexicalIndexData {
    return this.data;
  }

  /** Inverse document frequency of a term, 0 when unknown. */
  idfOf(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.idf[id]!;
  }

  has(term: string): boolean {
    return this.termIds.has(term);
  }

  /**
   * BM25F scores for the weighted query terms, best first. `allow` restricts the
   * candidate documents (filters); `limit` caps the result length.
   */
  search(terms: readonly WeightedTerm[], limit: number, allow?: (doc: number) => boolean): LexicalHit[] {
    const acc = this.scratch;
    acc.fill(0);
    const k1 = this.data.k1;
    const { offsets, docs, tfs } = this.data;
    for (const q of terms) {
      const id = this.termIds.get(q.term);
      if (id === undefined) continue;
      const idf = this.idf[id]!;
      // Terms in most documents ("thủ tục", folded "~cap") cost the most and rank nothing.
      if (idf < MIN_IDF) continue;
      const w = q.weight * idf * (k1 + 1);
      for (let o = offsets[id]!, end = offsets[id + 1]!; o < end; o++) {
        const tf = tfs[o]!;
        acc[docs[o]!]! += (w * tf) / (k1 + tf);
      }
    }
    return topK(acc, limit, allow);
  }

  /** True when `doc` contains `term` (binary search in the term's postings). */
  docHasTerm(doc: number, term: string): boolean {
    const id = this.termIds.get(term);
    if (id === undefined) return false;
    let lo = this.data.offsets[id]!;
    let hi = this.data.offsets[id + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.data.docs[mid]!;
      if (v === doc) return true;
      if (v < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /**
   * For each folded syllable or bigram, its most frequent accented form in the
   * corpus (by document frequency): the data behind diacritic restoration.
   */
  accentTable(): Map<string, string> {
    const best = new Map<string, { term: string; df: number }>();
    this.data.terms.forEach((t, i) => {
      if (t.startsWith('~')) return;
      const df = this.data.offsets[i + 1]! - this.data.offsets[i]!;
      const key = foldDiacritics(t);
      const prev = best.get(key);
      if (!prev || prev.df < df) best.set(key, { term: t, df });
    });
    return new Map([...best].map(([k, v]) => [k, v.term]));
  }
}
