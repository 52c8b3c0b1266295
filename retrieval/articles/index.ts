export { ArticleIndex, chapterWords, lawsSignalled, withoutLawNames, ARTICLE_FIELDS, DEFAULT_ARTICLE_RANKING, type ArticleHit, type ArticleSearchResult, type ArticleRanking } from './article-index.js';
export { openArticleSearch, ARTICLE_INDEX_FORMAT, type ArticleSearch } from './open.js';
