export type * from './types.js';
export {
  normalizeVi,
  normalizeToneMarks,
  foldDiacritics,
  hasDiacritics,
  tokenizeVi,
  syllableBigrams,
  indexTerms,
} from './text.js';
export { QueryAnalyzer, restoreDiacritics, type AnalyzedQuery, type WeightedTerm, type QueryAnalyzerOptions } from './query.js';
export { LexicalIndex, type FieldSpec, type LexicalDocument, type LexicalHit } from './lexical-index.js';
export { HashedNgramEmbeddings, OpenAICompatibleEmbeddings, type OpenAICompatibleEmbeddingsOptions } from './embeddings.js';
export { DenseIndex, DEFAULT_EF, type DenseHit } from './dense-index.js';
export { HybridRetriever, DEFAULT_RANKING, formKey, type RankingParams } from './hybrid-retriever.js';
export { procedureMatcher, provinceKey } from './filters.js';
export {
  openRetrieval,
  lexicalDocument,
  denseText,
  INDEX_FORMAT_VERSION,
  LEXICAL_FIELDS,
  type OpenRetrievalOptions,
  type RetrievalStats,
  type RetrievalProgress,
  type IndexableCatalogue,
} from './open-retrieval.js';
export { formatRanking, rankingJson } from './format.js';
export { embeddingsFromConfig } from './config.js';
export { preferForCitizen, caseOfName, caseOfQuestion, forIndividuals, DEFAULT_DEPLOYMENT_PROVINCE, type ProcedureCase, type CitizenPreferenceOptions } from './preference.js';
