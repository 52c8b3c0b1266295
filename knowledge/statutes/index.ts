export * from './schema.js';
export { LAWS, LAW_BY_DOCUMENT, canonicalDocument, predatesTwoTierReform, TWO_TIER_REFORM_DATE, AMBIGUOUS_FOLDED_SIGNALS, MISSING_LAWS, FINE_QUESTION, CRIMINAL_WORDS, OFFICIAL_PORTAL } from './laws.js';
export { loadStatutes, DEFAULT_STATUTES_FILE, DEFAULT_STATUTES_META, type Statutes } from './load.js';
export {
  importStatutes,
  structureLines,
  parseSourceNote,
  parsePhapdienHtml,
  formatImportReport,
  toJsonl,
  metaOf,
  contentHash,
  type ImportReport,
} from './import.js';
export { loadLegalVocabulary } from './vocab.js';
export { loadArticleQuestions, parseArticleQuestions, NO_ARTICLE_QUESTIONS, DEFAULT_QUESTIONS_DIR, type ArticleQuestions } from './questions.js';
