import { OpenAIEmbeddings } from '@langchain/openai';
import { AppError } from '../knowledge/index.js';

/**
 * The LangChain OpenAI integration for an on-premises embedding server. Loaded only by
 * `OpenAICompatibleEmbeddings` (embeddings.ts) through a dynamic import, so the offline
 * default never loads `@langchain/openai` or the `openai` SDK.
 */
export interface EmbeddingsServerSettings {
  /** Base URL of the server, e.g. "http://10.0.0.5:8000/v1". */
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
  /** Texts per request. */
  batchSize: number;
  /** Retries of one request (with backoff); 0 at query time, where latency matters more. */
  maxRetries: number;
}

/**
 * The SDK refuses to start without a key; keyless on-premises servers ignore the bearer.
 * Passing one explicitly also keeps an `OPENAI_API_KEY` in the environment from being
 * sent to the embedding server.
 */
const NO_API_KEY = 'not-configured';

type EmbeddingRequest = Parameters<OpenAIEmbeddings['embeddingWithRetry']>[0];
type EmbeddingItem = { embedding?: unknown; index?: number };

/**
 * `OpenAIEmbeddings` that checks what the server answered: one vector per text, put back
 * in input order by `index` (the protocol allows any order), numbers only.
 */
class CheckedOpenAIEmbeddings extends OpenAIEmbeddings {
  constructor(
    settings: EmbeddingsServerSettings,
    private readonly url: string,
  ) {
    super({
      model: settings.model,
      apiKey: settings.apiKey ?? NO_API_KEY,
      configuration: { baseURL: settings.baseUrl, organization: null, project: null },
      timeout: settings.timeoutMs,
      batchSize: settings.batchSize,
      maxRetries: settings.maxRetries,
      // One request at a time, in order, as the index build expects.
      maxConcurrency: 1,
      // The text is sent exactly as given (LangChain's default replaces newlines).
      stripNewLines: false,
      // Without it the SDK asks for base64, which not every OpenAI-compatible server speaks.
      encodingFormat: 'float',
    });
  }

  protected override async embeddingWithRetry(request: EmbeddingRequest) {
    const response = await super.embeddingWithRetry(request);
    const expected = Array.isArray(request.input) ? request.input.length : 1;
    const data: EmbeddingItem[] = Array.isArray(response.data) ? response.data : [];
    if (data.length !== expected) {
      throw new AppError('unavailable:embeddings', `Embedding server ${this.url} returned ${Array.isArray(response.data) ? data.length : 'no'} vectors for ${expected} texts`);
    }
    const sorted = [...data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    sorted.forEach((d, i) => {
      if (!Array.isArray(d.embedding) || !d.embedding.every((x) => typeof x === 'number')) {
        throw new AppError('unavailable:embeddings', `Embedding server ${this.url} returned a malformed vector at ${i}`);
      }
    });
    return { ...response, data: sorted as typeof response.data };
  }
}

/** Builds the LangChain embeddings client for `settings` (see `OpenAICompatibleEmbeddings`). */
export function createServerEmbeddings(settings: EmbeddingsServerSettings): OpenAIEmbeddings {
  return new CheckedOpenAIEmbeddings(settings, `${settings.baseUrl}/embeddings`);
}
