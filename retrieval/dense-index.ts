import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';

/**
 * Approximate nearest-neighbour search over procedure texts: LangChain's HNSWLib store
 * (hnswlib-node underneath, cosine space). hnswlib's default `ef` of 10 loses true
 * neighbours on 5,000+ points, so it is set explicitly on every build and load.
 */

export interface DenseHit {
  code: string;
  /** Cosine distance (0 = identical direction, 2 = opposite); lower is better. */
  distance: number;
}

export const DEFAULT_EF = 128;

export class DenseIndex {
  private constructor(
    private readonly store: HNSWLib,
    readonly ef: number,
  ) {
    store.index.setEf(ef);
  }

  /** Embeds `docs` with `embeddings` and builds the graph. */
  static async build(
    docs: readonly { code: string; text: string }[],
    embeddings: EmbeddingsInterface,
    ef = DEFAULT_EF,
  ): Promise<DenseIndex> {
    const store = await HNSWLib.fromTexts(
      docs.map((d) => d.text),
      docs.map((d) => ({ code: d.code })),
      embeddings,
    );
    return new DenseIndex(store, ef);
  }

  static async load(dir: string, embeddings: EmbeddingsInterface, ef = DEFAULT_EF): Promise<DenseIndex> {
    return new DenseIndex(await HNSWLib.load(dir, embeddings), ef);
  }

  async save(dir: string): Promise<void> {
    await this.store.save(dir);
  }

  get size(): number {
    return this.store.index.getCurrentCount();
  }

  /** The stored vector of document number `doc` (its build position); cosine space stores it normalised. */
  vector(doc: number): number[] | undefined {
    try {
      return this.store.index.getPoint(doc);
    } catch {
      return undefined;
    }
  }

  /** Nearest procedures to an already embedded query vector. */
  async searchVector(vector: number[], k: number): Promise<DenseHit[]> {
    const n = Math.min(k, this.size);
    if (n === 0) return [];
    const pairs = await this.store.similaritySearchVectorWithScore(vector, n);
    return pairs.map(([doc, distance]) => ({ code: String(doc.metadata.code), distance }));
  }

  async search(text: string, k: number): Promise<DenseHit[]> {
    return this.searchVector(await this.store.embeddings.embedQuery(text), k);
  }
}
