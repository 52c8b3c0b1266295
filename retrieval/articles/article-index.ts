import type { Article } from '../../knowledge/statutes/index.js';
import { LAW_BY_DOCUMENT, LAWS } from '../../knowledge/statutes/index.js';
import type { Vocabulary } from '../../knowledge/vocab/index.js';
import { LexicalIndex, type FieldSpec, type LexicalIndexData } from '../lexical-index.js';
import { QueryAnalyzer, type AnalyzedQuery, type WeightedTerm } from '../query.js';
import { foldDiacritics, tokenizeVi } from '../text.js';

/**
 * Search over statute articles with the procedure retriever's Vietnamese machinery:
 * the same normal form, accented + folded syllables and bigrams, abbreviation and
 * teencode expansion, colloquial → official phrases (the catalogue's vocabulary plus the
 * law-specific one in `knowledge/statutes/colloquial.tsv`) and our BM25F.
 *
 *   question ─► QueryAnalyzer ─► weighted terms ─► BM25F over articles ─► + title coverage ─► hits
 *                                                        (title 3, text 1, law 0.4)        │
 *                                   best khoản of each hit by idf-weighted term overlap ◄──┘
 *
 * Confidence is `high` when the top hit explains enough of the question's content words
 * (idf-weighted) and scores clearly; otherwise `low`, and the caller offers a lawyer
 * instead of guessing. Built beside the procedure index under DATA_DIR (`open.ts`).
 */

export const ARTICLE_FIELDS: readonly FieldSpec[] = [
  { name: 'title', weight: 3, b: 0.3 },
  { name: 'text', weight: 1, b: 0.75 },
  { name: 'law', weight: 0.4, b: 0 },
  // The chapter/section heading ("THỪA KẾ THEO PHÁP LUẬT", "LY HÔN"): shared by the articles under it.
  { name: 'chapter', weight: 0.6, b: 0 },
];

/** A chapter heading without its numbering ("Chương XXIII THỪA KẾ THEO PHÁP LUẬT" → "THỪA KẾ THEO PHÁP LUẬT"). */
export function chapterWords(chapter: string | undefined): string[] {
  if (!chapter) return [];
  return chapter
    .split(/\b(?:Chương|Mục|Tiểu mục)\s+[0-9IVXLC]+\b/u)
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

export interface ArticleRanking {
  /** Weight of the share of the question's (idf-weighted) content the title explains. */
  titleCoverage: number;
  /** Idf-weighted content coverage of the top article for `high` confidence (half of it with a clear score). */
  minCoverage: number;
  /** Score of the top hit that, with half the coverage, still means `high` confidence. */
  minScore: number;
  /** Weight of the share of the title's syllables the question explains. */
  titleExplained: number;
  /** Penalty for the civil procedure code unless the question is about courts or suing. */
  procedurePenalty: number;
  /** Prior for the articles of a law whose signal words the question uses (`LawInfo.signals`). */
  lawSignal: number;
  /**
   * Weight of the law-level prior from the retrieval itself: each law's share of the
   * (squared, normalised) BM25 mass of the candidates. A question whose words mostly point
   * into one code ranks that code's articles first before the article-level evidence.
   */
  lawShare: number;
}

export const DEFAULT_ARTICLE_RANKING: ArticleRanking = { titleCoverage: 0.8, minCoverage: 0.45, minScore: 1.5, procedurePenalty: 0.25, titleExplained: 0.4, lawSignal: 0.3, lawShare: 0.3 };

export interface ArticleHit {
  article: Article;
  score: number;
  /** The score without the law-level share prior: the evidence confidence is judged on. */
  evidence: number;
  /** Indices into `article.clauses` by relevance (best first); empty when the article has none or was not ranked. */
  clauses: number[];
  /** Idf-weighted share of the question's content words found in the article. */
  coverage: number;
}

export interface ArticleSearchResult {
  hits: ArticleHit[];
  confidence: 'high' | 'low';
  analyzed: AnalyzedQuery;
}

function articleText(a: Article): string[] {
  return [...a.intro, ...a.clauses.flatMap((c) => [c.text, ...c.points])];
}

interface TermSet {
  terms: Set<string>;
}

interface TitleTerms extends TermSet {
  /** Folded syllables of the title with their idf (for how much of the title a question explains). */
  unigrams: { term: string; idf: number }[];
  idfSum: number;
}

function termSet(texts: readonly string[]): TermSet {
  const terms = new Set<string>();
  // One normalisation pass over the joined text (bigrams across two lines are harmless here).
  const tokens = tokenizeVi(texts.join(' \n '));
  const folded = tokens.map((t) => foldDiacritics(t));
  for (let i = 0; i < tokens.length; i++) {
    terms.add(tokens[i]!).add(`~${folded[i]}`);
    if (i + 1 < tokens.length) terms.add(`${tokens[i]}_${tokens[i + 1]}`).add(`~${folded[i]}_${folded[i + 1]}`);
  }
  return { terms };
}

/** Documents whose signal words (folded, whole words) occur in the question. */
export function lawsSignalled(question: string): Set<string> {
  const f = ` ${foldDiacritics(question.toLowerCase()).replace(/[^a-z0-9]+/g, ' ')} `;
  return new Set(LAWS.filter((l) => l.signals.some((w) => f.includes(` ${w} `))).map((l) => l.document));
}

export class ArticleIndex {
  private readonly analyzer: QueryAnalyzer;
  private readonly titleTerms: TitleTerms[];

  private constructor(
    readonly articles: readonly Article[],
    private readonly lexical: LexicalIndex,
    vocabulary: Vocabulary,
    private readonly ranking: ArticleRanking,
  ) {
    this.analyzer = new QueryAnalyzer(vocabulary);
    this.titleTerms = articles.map((a) => {
      const set = termSet([a.title]);
      const seen = new Set<string>();
      const unigrams: { term: string; idf: number }[] = [];
      for (const t of tokenizeVi(a.title)) {
        const f = `~${foldDiacritics(t)}`;
        if (seen.has(f)) continue;
        seen.add(f);
        unigrams.push({ term: f, idf: lexical.idfOf(f) });
      }
      // Accented query terms must count as well: keep both spellings' weight under the folded key.
      return { ...set, unigrams, idfSum: unigrams.reduce((s, u) => s + u.idf, 0) };
    });
  }

  /** Indexes `articles` (document number = position). `vocabulary` is the merged query vocabulary. */
  static build(articles: readonly Article[], vocabulary: Vocabulary, ranking: ArticleRanking = DEFAULT_ARTICLE_RANKING): ArticleIndex {
    const docs = articles.map((a) => {
      const law = LAW_BY_DOCUMENT.get(a.document);
      return { fields: { title: [a.title], text: articleText(a), law: law ? [law.name, law.areaWords] : [], chapter: chapterWords(a.chapter) } };
    });
    return new ArticleIndex(articles, LexicalIndex.build(docs, ARTICLE_FIELDS), vocabulary, ranking);
  }

  /** An index over `articles` from saved lexical data (see `open.ts`). */
  static fromData(articles: readonly Article[], data: LexicalIndexData, vocabulary: Vocabulary, ranking: ArticleRanking = DEFAULT_ARTICLE_RANKING): ArticleIndex {
    if (data.docCount !== articles.length) throw new Error(`article index has ${data.docCount} documents, the statutes ${articles.length}`);
    return new ArticleIndex(articles, LexicalIndex.fromData(data), vocabulary, ranking);
  }

  /** The lexical postings, for saving. */
  toData(): LexicalIndexData {
    return this.lexical.toData();
  }

  get size(): number {
    return this.articles.length;
  }

  /** Content terms of the question (user's own syllables, accented or folded as typed) with their idf. */
  private contentTerms(q: AnalyzedQuery): { term: string; idf: number }[] {
    const out: { term: string; idf: number }[] = [];
    const seen = new Set<string>();
    for (const w of q.content) {
      const term = q.accented && w !== foldDiacritics(w) ? w : `~${foldDiacritics(w)}`;
      if (seen.has(term)) continue;
      seen.add(term);
      const idf = this.lexical.idfOf(term);
      if (idf > 0) out.push({ term, idf });
    }
    return out;
  }

  /**
   * Idf-weighted share of the question's content words found in the article. A word that is
   * part of a colloquial phrase counts as found when the phrase's official terms are there
   * ("chó ... cắn" is explained by "súc vật").
   */
  private coverage(doc: number, expansions: readonly { phrase: string[]; tokens: string[] }[], content: readonly { term: string; idf: number }[], total: number): number {
    if (total <= 0) return 0;
    const explained = new Set<string>();
    for (const e of expansions) {
      const tokens = e.tokens;
      if (tokens.length === 0) continue;
      const found = tokens.filter((t) => this.lexical.docHasTerm(doc, t)).length;
      if (found / tokens.length >= 0.6) for (const syl of e.phrase) explained.add(syl);
    }
    let got = 0;
    for (const c of content) if (this.lexical.docHasTerm(doc, c.term) || explained.has(`~${foldDiacritics(c.term.replace(/^~/, ''))}`)) got += c.idf;
    return got / total;
  }

  /** Per article, each khoản's text as ` syllables ` accented and folded (lazily, for clause ranking). */
  private readonly clauseText = new Map<number, { accented: string; folded: string }[]>();

  /** Clause indices of `article` by idf-weighted overlap with the query terms, best first. */
  rankClauses(doc: number, terms: readonly WeightedTerm[]): number[] {
    const a = this.articles[doc]!;
    if (a.clauses.length === 0) return [];
    let texts = this.clauseText.get(doc);
    if (!texts) {
      // Substring tests on one normalised string per khoản: no per-query term sets (garbage).
      texts = a.clauses.map((c) => {
        const accented = ` ${tokenizeVi([c.text, ...c.points].join(' \n ')).join(' ')} `;
        return { accented, folded: foldDiacritics(accented) };
      });
      this.clauseText.set(doc, texts);
    }
    const probes = terms.map((t) => {
      const folded = t.term.startsWith('~');
      return { needle: ` ${(folded ? t.term.slice(1) : t.term).replace(/_/g, ' ')} `, folded, w: t.weight * this.lexical.idfOf(t.term) * (t.term.includes('_') ? 1.5 : 1) };
    });
    const scores = texts.map((c) => {
      let x = 0;
      for (const p of probes) if (p.w > 0 && (p.folded ? c.folded : c.accented).includes(p.needle)) x += p.w;
      return x;
    });
    return scores
      .map((sc, i) => ({ sc, i }))
      .sort((x, y) => y.sc - x.sc || x.i - y.i)
      .map((x) => x.i);
  }

  /**
   * The best articles for a question. `rankClausesOf` (default 1): for how many of the hits
   * the khoản are ranked (the answer quotes the first hit only; ranking clauses costs time).
   */
  search(query: string, options: { limit?: number; documents?: ReadonlySet<string>; rankClausesOf?: number } = {}): ArticleSearchResult {
    const limit = options.limit ?? 5;
    const analyzed = this.analyzer.analyze(query);
    const allow = options.documents ? (d: number) => options.documents!.has(this.articles[d]!.document) : undefined;
    const raw = this.lexical.search(analyzed.terms, Math.max(limit * 6, 30), allow);
    if (raw.length === 0) return { hits: [], confidence: 'low', analyzed };
    const content = this.contentTerms(analyzed);
    const total = content.reduce((s, c) => s + c.idf, 0);
    // Title evidence over every weighted term (own words and vocabulary expansions, bigrams too).
    const weighted = analyzed.terms.map((t) => ({ term: t.term, w: t.weight * this.lexical.idfOf(t.term) })).filter((t) => t.w > 0);
    const wTotal = weighted.reduce((s, t) => s + t.w, 0);
    const signalled = lawsSignalled(analyzed.normalized);
    const expansions = analyzed.expansions.map((e) => ({
      phrase: tokenizeVi(e.phrase).map((x) => `~${foldDiacritics(x)}`),
      tokens: [...new Set(e.terms.flatMap((t) => tokenizeVi(t)))],
    }));
    const queryTerms = new Set(analyzed.terms.map((t) => `~${foldDiacritics(t.term.replace(/^~/, ''))}`));
    const top = raw[0]!.score;
    // Law-level prior: which code the question is about, from where the candidates' mass lies.
    const lawMass = new Map<string, number>();
    let mass = 0;
    for (const h of raw) {
      const m = (h.score / top) ** 2;
      const d = this.articles[h.doc]!.document;
      lawMass.set(d, (lawMass.get(d) ?? 0) + m);
      mass += m;
    }
    const rescored = raw
      .map((h) => {
        const cov = this.coverage(h.doc, expansions, content, total);
        const title = this.titleTerms[h.doc]!;
        let tw = 0;
        for (const t of weighted) if (title.terms.has(t.term)) tw += t.w;
        // Share of the title's own syllables the question explains ("Người được trợ giúp pháp lý"
        // over "Quyền của người được trợ giúp pháp lý" for "ai được trợ giúp pháp lý").
        let explained = 0;
        for (const u of title.unigrams) if (queryTerms.has(u.term)) explained += u.idf;
        const doc = this.articles[h.doc]!.document;
        // The law the question names by its words ("ly hôn", "tố cáo", "đi tù") is a prior; the civil
        // procedure code, full of generic words, only when the question is about courts or suing.
        const prior = (signalled.has(doc) ? this.ranking.lawSignal : 0) - (doc === '92/2015/QH13' && !signalled.has(doc) ? this.ranking.procedurePenalty : 0);
        const evidence = h.score / top + this.ranking.titleCoverage * (wTotal > 0 ? tw / wTotal : 0) + this.ranking.titleExplained * (title.idfSum > 0 ? explained / title.idfSum : 0) + prior;
        // The law share orders articles; it is not evidence that the statutes answer the question
        // (an off-topic question's few candidates often sit in one code), so confidence uses `evidence`.
        return { doc: h.doc, score: evidence + this.ranking.lawShare * ((lawMass.get(doc) ?? 0) / mass), evidence, coverage: cov };
      })
      .sort((a, b) => b.score - a.score || a.doc - b.doc)
      .slice(0, limit);
    const hits: ArticleHit[] = rescored.map((h, i) => ({
      article: this.articles[h.doc]!,
      score: h.score,
      evidence: h.evidence,
      coverage: h.coverage,
      clauses: i < (options.rankClausesOf ?? 1) ? this.rankClauses(h.doc, analyzed.terms) : [],
    }));
    const best = rescored[0]!;
    const confidence = best.coverage >= this.ranking.minCoverage || (best.coverage >= this.ranking.minCoverage / 2 && best.evidence >= this.ranking.minScore) ? 'high' : 'low';
    return { hits, confidence, analyzed };
  }
}
