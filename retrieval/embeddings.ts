import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import { AppError } from '../knowledge/index.js';
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
  timeoutMs?: number;
  /** Texts per request. */
  batchSize?: number;
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

/**
 * Embeddings from an on-premises OpenAI-compatible server (`POST {baseUrl}/embeddings`).
 * Optional: used only when `EMBEDDINGS_BASE_URL` and `EMBEDDINGS_MODEL` are configured.
 */
export class OpenAICompatibleEmbeddings extends Embeddings {
  private readonly opts: Required<Omit<OpenAICompatibleEmbeddingsOptions, keyof EmbeddingsParams | 'apiKey'>> & { apiKey?: string };

  constructor(options: OpenAICompatibleEmbeddingsOptions) {
    super({ maxRetries: 2, ...options });
    this.opts = {
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      model: options.model,
      apiKey: options.apiKey,
      timeoutMs: options.timeoutMs ?? 10_000,
      batchSize: options.batchSize ?? 64,
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    };
  }

  get id(): string {
    return `openai-compatible:${this.opts.baseUrl}:${this.opts.model}`;
  }

  private async request(input: string[]): Promise<number[][]> {
    const url = `${this.opts.baseUrl}/embeddings`;
    let res: Response;
    try {
      res = await this.opts.fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.opts.apiKey ? { authorization: `Bearer ${this.opts.apiKey}` } : {}),
        },
        body: JSON.stringify({ model: this.opts.model, input }),
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
    } catch (err) {
      throw new AppError('unavailable:embeddings', `Embedding server ${url} did not answer: ${(err as Error).message}`, { cause: err });
    }
    if (!res.ok) {
      throw new AppError('unavailable:embeddings', `Embedding server ${url} answered HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
    }
    const body = (await res.json()) as { data?: { embedding?: unknown; index?: number }[] };
    const data = body.data;
    if (!Array.isArray(data) || data.length !== input.length) {
      throw new AppError('unavailable:embeddings', `Embedding server ${url} returned ${Array.isArray(data) ? data.length : 'no'} vectors for ${input.length} texts`);
    }
    const sorted = [...data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    return sorted.map((d, i) => {
      if (!Array.isArray(d.embedding) || !d.embedding.every((x) => typeof x === 'number')) {
        throw new AppError('unavailable:embeddings', `Embedding server ${url} returned a malformed vector at ${i}`);
      }
      return d.embedding as number[];
    });
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < documents.length; i += this.opts.batchSize) {
      out.push(...(await this.caller.call(() => this.request(documents.slice(i, i + this.opts.batchSize)))));
    }
    return out;
  }

  async embedQuery(document: string): Promise<number[]> {
    const [v] = await this.request([document]);
    return v!;
  }
}
