import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { z } from 'zod';
import { AppError, type Procedure } from '../knowledge/index.js';
import { loadSituations, type Situations } from '../knowledge/situations/index.js';
import { loadVocabulary, type Vocabulary } from '../knowledge/vocab/index.js';
import { DenseIndex } from './dense-index.js';
import { HashedNgramEmbeddings } from './embeddings.js';
import { buildLookups, HybridRetriever, type RankingParams, type RetrieverLookups } from './hybrid-retriever.js';
import { LexicalIndex, type FieldSpec, type LexicalDocument } from './lexical-index.js';
import { QueryAnalyzer, type QueryAnalyzerOptions } from './query.js';
import { foldDiacritics, normalizeVi } from './text.js';
import type { ProcedureCatalog } from './types.js';

/** Bump when the index layout or the text processing changes, so old indexes are rebuilt. */
export const INDEX_FORMAT_VERSION = 6;

/**
 * Field weights of the lexical index. The name says what the procedure *is*; results
 * ("Giấy chứng nhận ...") are what citizens ask for; documents and agencies help only
 * as weak evidence.
 */
const SITUATION_WEIGHT = 3.5;
export const LEXICAL_FIELDS: FieldSpec[] = [
  { name: 'name', weight: 3, b: 0.5 },
  { name: 'results', weight: 0.8, b: 0.75 },
  { name: 'fields', weight: 0.6, b: 0.5 },
  { name: 'applicants', weight: 0.3, b: 0.75 },
  { name: 'agencies', weight: 0.3, b: 0.75 },
  { name: 'documents', weight: 0.25, b: 0.75 },
  // Reviewers' situations (knowledge/situations): how citizens tell the need.
  { name: 'situations', weight: SITUATION_WEIGHT, b: 0.3 },
];

/** A catalogue the retrieval layer can index; `contentHash` is used when present. */
export type IndexableCatalogue = ProcedureCatalog & { readonly contentHash?: string };

export type RetrievalProgress =
  | { phase: 'check'; message: string }
  | { phase: 'lexical' | 'embed' | 'dense' | 'save'; done: number; total: number };

export interface OpenRetrievalOptions {
  catalogue: IndexableCatalogue;
  /** DATA_DIR; indexes live in `<dataDir>/index/`. */
  dataDir: string;
  /** Embeddings for the dense index; default: offline `HashedNgramEmbeddings`. */
  embeddings?: EmbeddingsInterface & { readonly id?: string };
  onProgress?: (p: RetrievalProgress) => void;
  /** Rebuild even when the saved index is current (`npm run index -- --force`). */
  force?: boolean;
  /** Situations override (tests); default: the committed `knowledge/situations/` files. */
  situations?: Situations;
  /** Vocabulary override (tests); default: the committed `knowledge/vocab/` files. */
  vocabulary?: Vocabulary;
  ranking?: Partial<RankingParams>;
  query?: QueryAnalyzerOptions;
  /** Skip the dense index altogether (lexical only). */
  dense?: boolean;
}

export interface RetrievalStats {
  /** `loaded` from disk or `built` now. */
  source: 'loaded' | 'built';
  /** Why a build happened ("missing", "catalogue changed", ...). */
  reason?: string;
  documents: number;
  terms: number;
  buildMs?: number;
  loadMs: number;
  dir: string;
  embeddings: string;
  catalogueHash: string;
}

const manifestSchema = z.object({
  formatVersion: z.number().int(),
  catalogueHash: z.string(),
  /** Recorded for diagnosis only: the vocabulary acts on queries, not on the indexes. */
  vocabularyHash: z.string(),
  embeddings: z.string(),
  dense: z.boolean(),
  builtAt: z.string(),
  buildMs: z.number(),
  k1: z.number(),
  codes: z.array(z.string()),
  termCount: z.number().int(),
  postingCount: z.number().int(),
  embeddingIdf: z.array(z.number()).optional(),
  lookups: z.object({ forms: z.record(z.array(z.string())), provinces: z.array(z.string()) }),
});
type Manifest = z.infer<typeof manifestSchema>;

/** The head of a long document description ("Tờ khai ... (mẫu CT01)"): what it is, not how to fill it in. */
function documentHead(name: string, max = 160): string {
  if (name.length <= max) return name;
  const cut = name.lastIndexOf(' ', max);
  return name.slice(0, cut > 40 ? cut : max);
}

/** Texts of a procedure per lexical field. */
export function lexicalDocument(p: Procedure, situations: readonly string[] = []): LexicalDocument {
  const docs: string[] = [];
  for (const g of p.documentGroups) {
    for (const i of g.items) docs.push(i.formName ? `${documentHead(i.name)} ${i.formName}` : documentHead(i.name));
  }
  return {
    fields: {
      name: [p.name.replace(/^\s*thủ tục\s+/iu, '')],
      results: p.results,
      fields: p.fields,
      applicants: p.applicants,
      agencies: [...p.agencies, ...(p.competentAuthority ? [p.competentAuthority] : [])],
      documents: docs,
      situations: [...situations],
    },
  };
}

/** A procedure's name without "Thủ tục", its level or province suffix, case and diacritics. */
export function twinKey(name: string): string {
  return foldDiacritics(normalizeVi(name.replace(/^\s*thủ tục\s+/iu, '').replace(/\s*\([^)]*\)\s*$/u, '')));
}

/**
 * Situations are written for one procedure of a family; its level twins ("(thực hiện tại cấp
 * tỉnh)") and provinces' variants ("(TP Đà Nẵng)") serve the same need, so they get the same
 * situations: otherwise the situated one would win on that field alone and the priors that
 * choose between twins (commune level first, the named province) would no longer decide.
 */
function situationsOfTwins(procs: readonly Procedure[], situations: Situations): Map<string, readonly string[]> {
  const byKey = new Map<string, readonly string[]>();
  for (const p of procs) {
    const own = situations.byCode.get(p.code);
    if (own && !byKey.has(twinKey(p.name))) byKey.set(twinKey(p.name), own);
  }
  const out = new Map<string, readonly string[]>();
  for (const p of procs) {
    if (situations.byCode.has(p.code)) continue;
    const shared = byKey.get(twinKey(p.name));
    if (shared) out.set(p.code, shared);
  }
  return out;
}

/** Text the dense encoder sees for a procedure: what it is and what it gives. */
export function denseText(p: Procedure): string {
  return [p.name.replace(/^\s*thủ tục\s+/iu, ''), ...p.results.slice(0, 3), ...p.fields].join(' . ');
}

function catalogueHashOf(catalogue: IndexableCatalogue, situations: Situations): string {
  if (catalogue.contentHash) return `${catalogue.contentHash}+${situations.hash}`;
  const h = createHash('sha256');
  for (const p of catalogue.all()) h.update(JSON.stringify(p)).update('\n');
  h.update(situations.hash);
  return `sha256:${h.digest('hex')}`;
}

function embeddingsId(e: OpenRetrievalOptions['embeddings']): string {
  return e ? (e.id ?? e.constructor.name) : 'hashed-ngram-v1-d384-idf';
}

/**
 * Opens the retriever over `catalogue`: loads the indexes saved under
 * `<dataDir>/index/` when they match the catalogue's content hash, the vocabulary and
 * the embeddings, otherwise builds and saves them (reporting progress). Loading takes
 * tens of milliseconds; building the full catalogue takes seconds (see `npm run bench`).
 */
export async function openRetrieval(options: OpenRetrievalOptions): Promise<{ retriever: HybridRetriever; stats: RetrievalStats }> {
  const started = performance.now();
  const vocabulary = options.vocabulary ?? (await loadVocabulary());
  const situations = options.situations ?? (await loadSituations());
  const dir = path.join(options.dataDir, 'index');
  const catalogueHash = catalogueHashOf(options.catalogue, situations);
  const useDense = options.dense ?? true;
  const embId = useDense ? embeddingsId(options.embeddings) : 'none';
  options.onProgress?.({ phase: 'check', message: `checking ${dir}` });

  let reason: string | undefined;
  let manifest: Manifest | undefined;
  if (options.force) reason = 'forced';
  else {
    try {
      manifest = manifestSchema.parse(JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')));
    } catch (err) {
      reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable manifest';
    }
    if (manifest) {
      if (manifest.formatVersion !== INDEX_FORMAT_VERSION) reason = 'index format changed';
      else if (manifest.catalogueHash !== catalogueHash) reason = 'catalogue changed';
      else if (manifest.embeddings !== embId || manifest.dense !== useDense) reason = 'embeddings changed';
    }
  }

  if (!reason && manifest) {
    try {
      const loaded = await loadIndexes(dir, manifest, options, vocabulary, situations);
      const loadMs = performance.now() - started;
      return {
        retriever: loaded,
        stats: {
          source: 'loaded',
          documents: manifest.codes.length,
          terms: manifest.termCount,
          buildMs: manifest.buildMs,
          loadMs,
          dir,
          embeddings: embId,
          catalogueHash,
        },
      };
    } catch (err) {
      reason = `unreadable index (${(err as Error).message})`;
    }
  }

  const built = await buildIndexes(options, vocabulary, situations, catalogueHash, embId, dir);
  const { retriever, buildMs } = built;
  return {
    retriever,
    stats: {
      source: 'built',
      reason,
      documents: built.manifest.codes.length,
      terms: built.manifest.termCount,
      buildMs,
      loadMs: performance.now() - started,
      dir,
      embeddings: embId,
      catalogueHash,
    },
  };
}

function defaultEmbeddings(options: OpenRetrievalOptions, idf?: number[]): EmbeddingsInterface {
  return options.embeddings ?? new HashedNgramEmbeddings({ dimensions: 384, idf });
}

/** One lexical document per situation line, with the procedure code of each (for stories). */
function situationLineIndex(situations: Situations, codes: readonly string[]): { index: LexicalIndex; codes: string[] } | undefined {
  const known = new Set(codes);
  const lineCodes: string[] = [];
  const docs: LexicalDocument[] = [];
  for (const [code, lines] of situations.byCode) {
    if (!known.has(code)) continue;
    for (const text of lines) {
      lineCodes.push(code);
      docs.push({ fields: { situation: [text] } });
    }
  }
  if (docs.length === 0) return undefined;
  return { index: LexicalIndex.build(docs, [{ name: 'situation', weight: 1, b: 0.75 }]), codes: lineCodes };
}

function makeRetriever(
  options: OpenRetrievalOptions,
  situations: Situations,
  vocabulary: Vocabulary,
  codes: string[],
  lexical: LexicalIndex,
  dense: DenseIndex | undefined,
  embeddings: EmbeddingsInterface | undefined,
  lookups: RetrieverLookups,
): HybridRetriever {
  let accents: Map<string, string> | undefined;
  const analyzer = new QueryAnalyzer(vocabulary, {
    ...options.query,
    restorer:
      options.query?.unaccented === 'restore'
        ? (folded) => (accents ??= lexical.accentTable()).get(folded)
        : undefined,
  });
  return new HybridRetriever({
    catalogue: options.catalogue,
    codes,
    situationLines: situationLineIndex(situations, codes),
    lexical,
    dense,
    embedQuery: embeddings ? (t) => embeddings.embedQuery(t) : undefined,
    analyzer,
    ranking: options.ranking,
    lookups,
  });
}

async function loadIndexes(dir: string, manifest: Manifest, options: OpenRetrievalOptions, vocabulary: Vocabulary, situations: Situations): Promise<HybridRetriever> {
  const [bin, termsJson] = await Promise.all([readFile(path.join(dir, 'lexical.bin')), readFile(path.join(dir, 'lexical-terms.json'), 'utf8')]);
  const T = manifest.termCount;
  const N = manifest.postingCount;
  const expected = 4 * (T + 1) + 8 * N;
  if (bin.byteLength !== expected) throw new Error(`lexical.bin has ${bin.byteLength} bytes, expected ${expected}`);
  // Typed-array views need 4-byte alignment; a pooled Buffer slice may not have it.
  let ab: ArrayBufferLike = bin.buffer;
  let base = bin.byteOffset;
  if (base % 4 !== 0) {
    const copy = new ArrayBuffer(bin.byteLength);
    new Uint8Array(copy).set(bin);
    ab = copy;
    base = 0;
  }
  const lexical = LexicalIndex.fromData({
    k1: manifest.k1,
    docCount: manifest.codes.length,
    terms: JSON.parse(termsJson) as string[],
    offsets: new Int32Array(ab, base, T + 1),
    docs: new Int32Array(ab, base + 4 * (T + 1), N),
    tfs: new Float32Array(ab, base + 4 * (T + 1) + 4 * N, N),
  });
  let dense: DenseIndex | undefined;
  let embeddings: EmbeddingsInterface | undefined;
  if (manifest.dense) {
    embeddings = defaultEmbeddings(options, manifest.embeddingIdf);
    dense = await DenseIndex.load(path.join(dir, 'dense'), embeddings);
  }
  return makeRetriever(options, situations, vocabulary, manifest.codes, lexical, dense, embeddings, manifest.lookups);
}

async function buildIndexes(
  options: OpenRetrievalOptions,
  vocabulary: Vocabulary,
  situations: Situations,
  catalogueHash: string,
  embId: string,
  dir: string,
): Promise<{ retriever: HybridRetriever; manifest: Manifest; buildMs: number }> {
  const t0 = performance.now();
  const procs = [...options.catalogue.all()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  if (procs.length === 0) throw new AppError('bad_request:catalogue', 'Cannot build retrieval indexes over an empty catalogue');
  const codes = procs.map((p) => p.code);
  const progress = options.onProgress;

  const twins = situationsOfTwins(procs, situations);
  const lexDocs: LexicalDocument[] = [];
  procs.forEach((p, i) => {
    lexDocs.push(lexicalDocument(p, situations.byCode.get(p.code) ?? twins.get(p.code)));
    if (i % 250 === 0) progress?.({ phase: 'lexical', done: i, total: procs.length });
  });
  const lexical = LexicalIndex.build(lexDocs, LEXICAL_FIELDS);
  progress?.({ phase: 'lexical', done: procs.length, total: procs.length });

  const useDense = options.dense ?? true;
  let dense: DenseIndex | undefined;
  let embeddings: EmbeddingsInterface | undefined;
  let embeddingIdf: number[] | undefined;
  if (useDense) {
    const texts = procs.map(denseText);
    if (options.embeddings) embeddings = options.embeddings;
    else {
      const hashed = new HashedNgramEmbeddings({ dimensions: 384 });
      embeddingIdf = Array.from(hashed.learnIdf(texts), (x) => Math.round(x * 1e5) / 1e5);
      embeddings = new HashedNgramEmbeddings({ dimensions: 384, idf: embeddingIdf });
    }
    // Embed in batches so progress can be reported and remote servers see bounded requests.
    const vectors: number[][] = [];
    const batch = 256;
    for (let i = 0; i < texts.length; i += batch) {
      vectors.push(...(await embeddings.embedDocuments(texts.slice(i, i + batch))));
      progress?.({ phase: 'embed', done: Math.min(i + batch, texts.length), total: texts.length });
    }
    const precomputed: EmbeddingsInterface = {
      embedDocuments: async () => vectors,
      embedQuery: (t: string) => embeddings!.embedQuery(t),
    };
    progress?.({ phase: 'dense', done: 0, total: texts.length });
    dense = await DenseIndex.build(
      procs.map((p, i) => ({ code: p.code, text: p.name })),
      precomputed,
    );
    progress?.({ phase: 'dense', done: texts.length, total: texts.length });
  }

  const data = lexical.toData();
  const manifest: Manifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    catalogueHash,
    vocabularyHash: vocabulary.hash,
    embeddings: embId,
    dense: useDense,
    builtAt: new Date().toISOString(),
    buildMs: 0,
    k1: data.k1,
    codes,
    termCount: data.terms.length,
    postingCount: data.docs.length,
    embeddingIdf,
    lookups: buildLookups(procs),
  };
  progress?.({ phase: 'save', done: 0, total: 1 });
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(tmp, { recursive: true });
  const bin = Buffer.concat([
    Buffer.from(data.offsets.buffer, data.offsets.byteOffset, data.offsets.byteLength),
    Buffer.from(data.docs.buffer, data.docs.byteOffset, data.docs.byteLength),
    Buffer.from(data.tfs.buffer, data.tfs.byteOffset, data.tfs.byteLength),
  ]);
  await writeFile(path.join(tmp, 'lexical.bin'), bin);
  await writeFile(path.join(tmp, 'lexical-terms.json'), JSON.stringify(data.terms));
  if (dense) await dense.save(path.join(tmp, 'dense'));
  manifest.buildMs = Math.round(performance.now() - t0);
  // The manifest is written last: a directory without one is never trusted.
  await writeFile(path.join(tmp, 'manifest.json'), JSON.stringify(manifest));
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.dirname(dir), { recursive: true });
  await rename(tmp, dir);
  progress?.({ phase: 'save', done: 1, total: 1 });
  const retriever = makeRetriever(options, situations, vocabulary, codes, lexical, dense, embeddings, manifest.lookups);
  return { retriever, manifest, buildMs: manifest.buildMs };
}
