import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { OpenAICompatibleEmbeddings } from './embeddings.js';

/** The subset of `Config.embeddings` (app/config.ts) this layer needs. */
export interface EmbeddingsSettings {
  baseUrl: string;
  model: string;
  apiKey?: string;
}

/**
 * Embeddings selected by configuration: the on-premises OpenAI-compatible server when
 * `EMBEDDINGS_BASE_URL`/`EMBEDDINGS_MODEL` are set, otherwise `undefined` (which makes
 * `openRetrieval` use the offline hashed n-gram default).
 */
export function embeddingsFromConfig(settings: EmbeddingsSettings | undefined): (EmbeddingsInterface & { id: string }) | undefined {
  if (!settings) return undefined;
  return new OpenAICompatibleEmbeddings(settings);
}
