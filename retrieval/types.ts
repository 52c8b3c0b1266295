import type { ImplementationLevel, Procedure, ProcedureScope } from '../knowledge/index.js';

/** Filters an officer (or the bot) may apply to a search. */
export interface SearchFilters {
  levels?: ImplementationLevel[];
  field?: string;
  agency?: string;
  scope?: ProcedureScope;
  /** Province name for provincial variants ("Hà Nội"). */
  province?: string;
  /** Only procedures with full detail. */
  detailedOnly?: boolean;
}

export interface SearchOptions {
  limit?: number;
  filters?: SearchFilters;
  /**
   * The part of a long message that states the need ("giờ muốn nhập khẩu cho con"): terms of
   * the query found only outside it (the story's background) weigh `backgroundWeight` of
   * their usual weight. Absent: every term weighs the same.
   */
  focus?: string;
  /** See `focus`; default 0.5. */
  backgroundWeight?: number;
  /** A story told in several sentences: compare it with each reviewers' situation line too. */
  situationLines?: boolean;
}

export interface SearchHit {
  code: string;
  name: string;
  /** Fused score, higher is better, comparable only within one result list. */
  score: number;
  /** Per-signal contributions (lexical, dense, prior, exact) for debugging and `ask`. */
  signals?: Record<string, number>;
}

/**
 * How sure the retriever is that `hits[0]` is what the user wants:
 * - `exact`: code or form-name lookup;
 * - `high`: answer directly;
 * - `ambiguous`: several procedures fit about equally (`alternatives` lists them), ask;
 * - `low`: nothing fits well, admit it.
 */
export type Confidence = 'exact' | 'high' | 'ambiguous' | 'low';

export interface SearchResult {
  query: string;
  hits: SearchHit[];
  confidence: Confidence;
  /** Candidates to offer in a clarifying question when `confidence === 'ambiguous'`. */
  alternatives: SearchHit[];
}

/** The retrieval port the bot depends on. */
export interface ProcedureRetriever {
  search(query: string, options?: SearchOptions): Promise<SearchResult>;
}

/** Read access to the catalogue, by code. */
export interface ProcedureCatalog {
  get(code: string): Procedure | undefined;
  all(): readonly Procedure[];
  readonly dataDate: string;
}
