import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import { AppError } from '../knowledge/index.js';
import type { EmbeddingsServerSettings } from './embeddings-server.js';
import { foldDiacritics, syllableBigrams, tokenizeVi } from './text.js';

/**
 * The default, offline embedding: feature hashing of the folded text's character
 * n-grams (3 and 4, inside word boundaries) plus folded syllables and syllable bigrams,
 * sub-linear term frequency, optional per-bucket IDF learned from the catalogue, L2
 * normalised. No model, no download; robust to missing diacritics and small typos,
 * which is what the lexical index is weakest at.
 */
export interface HashedNgramOptions extends EmbeddingsParams {
  dimensions?: number;
  /** Per-bucket inverse document frequency (length `dimensions`), from `learnIdf`. */
  idf?: Float32Array | number[];
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class HashedNgramEmbeddings extends Embeddings {
  readonly dimensions: number;
  private idf?: Float32Array;

  constructor(options: HashedNgramOptions = {}) {
    super(options);
    this.dimensions = options.dimensions ?? 384;
    if (options.idf) this.idf = Float32Array.from(options.idf);
  }

  /** A stable id of the encoder's configuration, stored with the index to detect changes. */
  get id(): string {
    return `hashed-ngram-v1-d${this.dimensions}${this.idf ? '-idf' : ''}`;
  }

  private features(text: string): Map<number, number> {
    const tokens = tokenizeVi(text).map((t) => foldDiacritics(t));
    const counts = new Map<number, number>();
    const bump = (feature: string, w: number) => {
      const h = fnv1a(feature) % this.dimensions;
      counts.set(h, (counts.get(h) ?? 0) + w);
    };
    for (const t of tokens) {
      bump(`w:${t}`, 1);
      const padded = ` ${t} `;
      for (let n = 3; n <= 4; n++) {
        for (let i = 0; i + n <= padded.length; i++) bump(`c:${padded.slice(i, i + n)}`, 0.5);
      }
    }
    for (const b of syllableBigrams(tokens)) bump(`b:${b}`, 1.5);
    return counts;
  }

  /** Learns per-bucket IDF from a corpus (the catalogue's texts) and starts using it. */
  learnIdf(texts: readonly string[]): Float32Array {
    const df = new Float32Array(this.dimensions);
    for (const t of texts) for (const h of this.features(t).keys()) df[h]! += 1;
    const n = texts.length;
    const idf = new Float32Array(this.dimensions);
    for (let i = 0; i < this.dimensions; i++) idf[i] = Math.log(1 + n / (1 + df[i]!));
    this.idf = idf;
    return idf;
  }

  embedText(text: string): number[] {
    const v = new Array<number>(this.dimensions).fill(0);
    for (const [h, c] of this.features(text)) v[h] = (1 + Math.log(c)) * (this.idf ? this.idf[h]! : 1);
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    return v.map((x) => x / norm);
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((d) => this.embedText(d));
  }

  async embedQuery(document: string): Promise<number[]> {
    return this.embedText(document);
  }
}

export interface OpenAICompatibleEmbeddingsOptions extends EmbeddingsParams {
  /** Base URL of an OpenAI-compatible server, e.g. "http://10.0.0.5:8000/v1". */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  /** Texts per request; default 64. */
  batchSize?: number;
}

/**
 * Embeddings from an on-premises OpenAI-compatible server (`POST {baseUrl}/embeddings`),
 * through LangChain's OpenAI integration (`embeddings-server.ts`). Optional: used only
 * when `EMBEDDINGS_BASE_URL` and `EMBEDDINGS_MODEL` are configured, and the integration
 * is imported on the first request, so the offline default never loads it.
 *
 * Documents (index build) are retried `maxRetries` times (default 2); a query is not,
 * so a down server costs a search one timeout at most. Every failure is an
 * `unavailable:embeddings` AppError naming the server.
 */
export class OpenAICompatibleEmbeddings extends Embeddings {
  private readonly settings: EmbeddingsServerSettings;
  private readonly url: string;
  private clients?: Promise<{ documents: Embeddings; queries: Embeddings }>;

  constructor(options: OpenAICompatibleEmbeddingsOptions) {
    super(options);
    this.settings = {
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      model: options.model,
      apiKey: options.apiKey,
      timeoutMs: options.timeoutMs ?? 10_000,
      batchSize: options.batchSize ?? 64,
      maxRetries: options.maxRetries ?? 2,
    };
    this.url = `${this.settings.baseUrl}/embeddings`;
  }

  /** A stable id of the server and model, stored with the index to detect changes. */
  get id(): string {
    return `openai-compatible:${this.settings.baseUrl}:${this.settings.model}`;
  }

  private load(): Promise<{ documents: Embeddings; queries: Embeddings }> {
    this.clients ??= import('./embeddings-server.js').then(({ createServerEmbeddings }) => ({
      documents: createServerEmbeddings(this.settings),
      queries: createServerEmbeddings({ ...this.settings, maxRetries: 0 }),
    }));
    return this.clients;
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    if (documents.length === 0) return [];
    const { documents: client } = await this.load();
    return client.embedDocuments(documents).catch((err: unknown) => Promise.reject(unavailable(this.url, err)));
  }

  async embedQuery(document: string): Promise<number[]> {
    const { queries: client } = await this.load();
    // A one-element batch: the same request shape as the index build.
    const [vector] = await client.embedDocuments([document]).catch((err: unknown) => Promise.reject(unavailable(this.url, err)));
    return vector!;
  }
}

/** The one error a caller sees, whatever layer (SDK, LangChain, our checks) failed. */
function unavailable(url: string, err: unknown): AppError {
  if (err instanceof AppError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const status = typeof err === 'object' && err !== null && 'status' in err ? err.status : undefined;
  return new AppError(
    'unavailable:embeddings',
    typeof status === 'number' ? `Embedding server ${url} answered HTTP ${status}: ${message.slice(0, 200)}` : `Embedding server ${url} did not answer: ${message}`,
    { cause: err },
  );
}
