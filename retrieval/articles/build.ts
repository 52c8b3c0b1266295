import type { FieldSpec, LexicalDocument, LexicalIndexData } from '../lexical-index.js';
import { indexTerms } from '../text.js';

/**
 * Builds the same `LexicalIndexData` as `LexicalIndex.build` (byte for byte: same term order,
 * postings and float32 term frequencies), with far less transient memory for a corpus of
 * long, unique texts such as statute articles. `LexicalIndex.build` keeps, until the end, a
 * `Map` of counts per document and field, every text's term list (a cache that pays off only
 * when texts repeat, as in the procedure catalogue) and a JS array of postings per term;
 * at first start that was ~240 MB of RSS for 2,596 articles. Here:
 *
 *   pass 1  per document and field: term ids and counts in two small typed arrays
 *           (the only per-document state kept), field lengths, document frequencies
 *   pass 2  per document: field-weighted, length-normalised tf summed in a scratch array
 *           by term id, written straight into typed postings laid out by term id
 *   last    postings permuted into sorted-term order (the saved layout)
 */
export function buildLexicalData(docs: readonly LexicalDocument[], fields: readonly FieldSpec[], k1 = 1.2): LexicalIndexData {
  const ids = new Map<string, number>();
  const idOf = (t: string) => {
    let id = ids.get(t);
    if (id === undefined) ids.set(t, (id = ids.size));
    return id;
  };
  // Pass 1. Per document, per field: distinct term ids (first-occurrence order) and their counts.
  const fieldIds: Int32Array[][] = [];
  const fieldCounts: Uint32Array[][] = [];
  const lengths: Float64Array[] = fields.map(() => new Float64Array(docs.length));
  const lengthSums = new Float64Array(fields.length);
  let df = new Int32Array(1024);
  const counts = new Map<number, number>();
  const seenInDoc = new Set<number>();
  docs.forEach((doc, d) => {
    seenInDoc.clear();
    const idsRow: Int32Array[] = [];
    const countsRow: Uint32Array[] = [];
    fields.forEach((f, fi) => {
      counts.clear();
      let len = 0;
      for (const text of doc.fields[f.name] ?? []) {
        const { accented, folded } = indexTerms(text);
        for (const t of accented) {
          const id = idOf(t);
          counts.set(id, (counts.get(id) ?? 0) + 1);
        }
        for (const t of folded) {
          const id = idOf(t);
          counts.set(id, (counts.get(id) ?? 0) + 1);
        }
        len += accented.length + folded.length;
      }
      const rowIds = new Int32Array(counts.size);
      const rowCounts = new Uint32Array(counts.size);
      let i = 0;
      for (const [id, c] of counts) {
        rowIds[i] = id;
        rowCounts[i++] = c;
        if (!seenInDoc.has(id)) {
          seenInDoc.add(id);
          if (id >= df.length) {
            const grown = new Int32Array(Math.max(df.length * 2, id + 1));
            grown.set(df);
            df = grown;
          }
          df[id]!++;
        }
      }
      idsRow.push(rowIds);
      countsRow.push(rowCounts);
      lengths[fi]![d] = len;
      lengthSums[fi]! += len;
    });
    fieldIds.push(idsRow);
    fieldCounts.push(countsRow);
  });
  const termCount = ids.size;
  const avg = Array.from(lengthSums, (x) => Math.max(1, x / Math.max(1, docs.length)));

  // Pass 2. Postings by term id: offsets from the document frequencies, filled document by document.
  const byIdOffsets = new Int32Array(termCount + 1);
  for (let t = 0; t < termCount; t++) byIdOffsets[t + 1] = byIdOffsets[t]! + df[t]!;
  const total = byIdOffsets[termCount]!;
  const byIdDocs = new Int32Array(total);
  const byIdTfs = new Float32Array(total);
  const fill = byIdOffsets.slice(0, termCount);
  const tf = new Float64Array(termCount);
  const order: number[] = [];
  for (let d = 0; d < docs.length; d++) {
    order.length = 0;
    fields.forEach((f, fi) => {
      const norm = 1 - f.b + f.b * (lengths[fi]![d]! / avg[fi]!);
      const rowIds = fieldIds[d]![fi]!;
      const rowCounts = fieldCounts[d]![fi]!;
      for (let i = 0; i < rowIds.length; i++) {
        const id = rowIds[i]!;
        // Summed in field order from 0, as `LexicalIndex.build` does: the same float64, then float32.
        if (tf[id] === 0) order.push(id);
        tf[id]! += (f.weight * rowCounts[i]!) / norm;
      }
    });
    for (const id of order) {
      const o = fill[id]!++;
      byIdDocs[o] = d;
      byIdTfs[o] = tf[id]!;
      tf[id] = 0;
    }
    // The document's rows are no longer needed.
    fieldIds[d] = [];
    fieldCounts[d] = [];
  }

  // Terms sorted for a stable file layout (as `LexicalIndex.build`); postings keep ascending documents.
  const terms = [...ids.keys()];
  ids.clear();
  const sortedIds = Int32Array.from(terms.keys()).sort((a, b) => (terms[a]! < terms[b]! ? -1 : terms[a]! > terms[b]! ? 1 : 0));
  const offsets = new Int32Array(termCount + 1);
  const postingsDocs = new Int32Array(total);
  const tfs = new Float32Array(total);
  let at = 0;
  for (let i = 0; i < termCount; i++) {
    const id = sortedIds[i]!;
    offsets[i] = at;
    const from = byIdOffsets[id]!;
    const to = byIdOffsets[id + 1]!;
    postingsDocs.set(byIdDocs.subarray(from, to), at);
    tfs.set(byIdTfs.subarray(from, to), at);
    at += to - from;
  }
  offsets[termCount] = at;
  return { k1, docCount: docs.length, terms: Array.from(sortedIds, (id) => terms[id]!), offsets, docs: postingsDocs, tfs };
}
