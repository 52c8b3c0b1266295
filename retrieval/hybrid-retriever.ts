import type { Procedure } from '../knowledge/index.js';
import type { DenseIndex } from './dense-index.js';
import type { LexicalIndex } from './lexical-index.js';
import type { AnalyzedQuery, QueryAnalyzer } from './query.js';
import { procedureMatcher, provinceKey } from './filters.js';
import { foldDiacritics, normalizeVi, tokenizeVi } from './text.js';
import type {
  Confidence,
  ProcedureCatalog,
  ProcedureRetriever,
  SearchFilters,
  SearchHit,
  SearchOptions,
  SearchResult,
} from './types.js';

/**
 * Tunable knobs of the hybrid ranking. Defaults were chosen on the development split
 * (`evals/datasets/*-dev.jsonl`); see retrieval/README.md for the measurements.
 */
export interface RankingParams {
  fusion: 'weighted' | 'rrf';
  /** Weight of the dense cosine similarity relative to the normalised lexical score. */
  denseWeight: number;
  rrfK: number;
  lexicalDepth: number;
  denseDepth: number;
  /** Added to a provincial variant's score when the question does not name its province. */
  provincialPenalty: number;
  /** Added when the question names the variant's province. */
  provinceBonus: number;
  internalPenalty: number;
  /** Added to procedures carried out at commune level (xã/phường): citizens' usual door. */
  communeBonus: number;
  detailBonus: number;
  /** Added to provincial-level procedures (after commune level, before ministries). */
  provinceLevelBonus: number;
  /** Added to procedures done only abroad or by other bodies (embassies: level "khac"). */
  otherLevelPenalty: number;
  /** Weight of name coverage: the share of the procedure name's syllables the question explains. */
  nameWeight: number;
  /**
   * Below this mean of (share of the question's content found in the top hit, share of
   * the top hit's name the question explains): `low`. Calibrated on the dev split's
   * refuse cases (out of scope, injection, nothing matches).
   */
  lowCoverage: number;
  /** Top-2 fused score ratio above which the answer is `ambiguous`. */
  ambiguousRatio: number;
  /** Weight of the situation-line similarity for stories (see `addSituationLines`). */
  situationWeight: number;
  /** How many of a procedure's best situation lines are averaged. */
  situationLinesPerCode: number;
  /** How much a word said only in a step already taken explains a procedure's name (see `AnalyzedQuery.background`). */
  backgroundNameWeight: number;
}

export const DEFAULT_RANKING: RankingParams = {
  fusion: 'weighted',
  denseWeight: 0.35,
  rrfK: 20,
  lexicalDepth: 100,
  denseDepth: 50,
  provincialPenalty: 0.4,
  provinceBonus: 0.25,
  internalPenalty: 0.15,
  communeBonus: 0.06,
  detailBonus: 0.12,
  otherLevelPenalty: 0.1,
  provinceLevelBonus: 0.03,
  nameWeight: 0.8,
  lowCoverage: 0.3,
  ambiguousRatio: 0.98,
  situationWeight: 0.5,
  situationLinesPerCode: 3,
  backgroundNameWeight: 0.6,
};

export interface HybridRetrieverDeps {
  catalogue: ProcedureCatalog;
  /** Procedure codes in index order: document number i of both indexes is `codes[i]`. */
  codes: readonly string[];
  lexical: LexicalIndex;
  dense?: DenseIndex;
  embedQuery?: (text: string) => Promise<number[]>;
  analyzer: QueryAnalyzer;
  ranking?: Partial<RankingParams>;
  /** Form key → codes and province keys, precomputed at index build (computed here when absent). */
  lookups?: RetrieverLookups;
  /**
   * Reviewers' situations one line per document (`codes[i]` is line i's procedure): a story
   * (a search with `situationLines`) is also compared with each line, so a story close to *one* way
   * a citizen tells a need counts, not only the bag of all of them.
   */
  situationLines?: { index: LexicalIndex; codes: readonly string[] };
}

export interface RetrieverLookups {
  forms: Record<string, string[]>;
  provinces: string[];
}

/** The form-name and province lookups of a catalogue (saved with the index so loading skips this pass). */
export function buildLookups(procs: readonly Procedure[]): RetrieverLookups {
  const forms: Record<string, string[]> = {};
  const provinces = new Set<string>();
  for (const p of procs) {
    if (p.province) provinces.add(provinceKey(p.province));
    for (const g of p.documentGroups) {
      for (const item of g.items) {
        const key = item.formName ? formKey(item.formName) : undefined;
        if (!key) continue;
        const list = (forms[key] ??= []);
        if (!list.includes(p.code)) list.push(p.code);
      }
    }
  }
  return { forms, provinces: [...provinces].sort() };
}

const CODE_RE = /(?<![\d.])(\d)\.?(\d{6})(?![\d.])/g;
const FORM_CUES = /\b(to khai|mau|form|bieu mau|don)\b/;

/** Compact key of a form name: "Mẫu CT01" / "tờ khai ct-01" → "ct01". */
export function formKey(name: string): string | undefined {
  const f = foldDiacritics(normalizeVi(name))
    .replace(/\b(to khai|mau so|mau|so|bieu mau|theo|ban hanh kem)\b/g, ' ')
    .replace(/[^a-z0-9]+/g, '');
  return /[a-z]/.test(f) && /\d/.test(f) && f.length <= 12 ? f : undefined;
}

/** Name syllables that say nothing about what a procedure is. */
export const NAME_NOISE = new Set(['thu', 'tuc', 'doi', 'voi', 'truong', 'hop', 'cua', 'va', 'cho', 'cac', 'tai', 'thuc', 'hien', 'trong', 'la', 'nguoi', 'ca', 'nhan']);

interface Candidate {
  doc: number;
  name: number;
  lexical: number;
  dense: number;
  lexRank: number;
  denseRank: number;
  prior: number;
  /** What the reviewers' situation lines added (0 when not searched). */
  situation: number;
  score: number;
}

export class HybridRetriever implements ProcedureRetriever {
  private readonly params: RankingParams;
  private readonly docOf = new Map<string, number>();
  private readonly procs: Procedure[];
  private readonly forms = new Map<string, string[]>();
  private readonly provinces: { key: string; re: RegExp }[];
  private readonly nameTokens = new Map<number, { tokens: string[]; weights: number[]; total: number }>();
  private readonly provinceOf = new Map<number, string | null>();
  /** Codes the reviewers wrote situation lines for: the procedures citizens commonly need. */
  private readonly situated: ReadonlySet<string>;

  constructor(private readonly deps: HybridRetrieverDeps) {
    this.params = { ...DEFAULT_RANKING, ...deps.ranking };
    this.procs = deps.codes.map((c) => {
      const p = deps.catalogue.get(c);
      if (!p) throw new Error(`HybridRetriever: index references unknown procedure ${c}; rebuild the index`);
      return p;
    });
    deps.codes.forEach((c, i) => this.docOf.set(c, i));
    const lookups = deps.lookups ?? buildLookups(this.procs);
    for (const [k, codes] of Object.entries(lookups.forms)) this.forms.set(k, codes);
    this.situated = new Set(deps.situationLines?.codes ?? []);
    this.provinces = lookups.provinces.filter((k) => k.length >= 3).map((key) => ({ key, re: new RegExp(`\\b${key}\\b`) }));
  }

  get ranking(): RankingParams {
    return this.params;
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchResult> {
    const limit = options.limit ?? 5;
    const allow = this.filterFn(options.filters);
    const folded = foldDiacritics(normalizeVi(query));

    const byCode = this.codeLookup(query, allow);
    if (byCode) return byCode;

    const namedProvinces = this.provinces.filter((p) => p.re.test(folded)).map((p) => p.key);
    let analyzed = this.deps.analyzer.analyze(query, namedProvinces);
    if (options.focus && options.focus.trim() && options.focus.trim() !== query.trim()) {
      const focused = new Set(this.deps.analyzer.analyze(options.focus, namedProvinces).terms.map((t) => t.term));
      const w = options.backgroundWeight ?? 0.5;
      analyzed = { ...analyzed, terms: analyzed.terms.map((t) => (focused.has(t.term) ? t : { ...t, weight: t.weight * w })) };
    }

    const formCodes = this.formLookup(folded, allow);
    const candidates = await this.rank(analyzed, namedProvinces, formCodes ? (d) => formCodes.has(d) : allow);
    if (options.situationLines && !formCodes) this.addSituationLines(analyzed, candidates);
    const hits = candidates.slice(0, Math.max(limit, 5)).map((c) => this.toHit(c));
    if (formCodes && hits.length > 0) {
      return { query, hits: hits.slice(0, limit), confidence: 'exact', alternatives: hits.slice(1, 5) };
    }
    const confidence = this.confidence(analyzed, candidates);
    const alternatives = confidence === 'ambiguous' && analyzed.content.length + analyzed.expansions.length > 0 ? this.alternatives(candidates) : [];
    return { query, hits: hits.slice(0, limit), confidence, alternatives };
  }

  private filterFn(filters?: SearchFilters): ((doc: number) => boolean) | undefined {
    const match = procedureMatcher(filters);
    return match && ((d) => match(this.procs[d]!));
  }

  private codeLookup(query: string, allow?: (d: number) => boolean): SearchResult | undefined {
    const hits: SearchHit[] = [];
    for (const m of query.matchAll(CODE_RE)) {
      const code = `${m[1]}.${m[2]}`;
      const d = this.docOf.get(code);
      if (d === undefined || (allow && !allow(d)) || hits.some((h) => h.code === code)) continue;
      hits.push({ code, name: this.procs[d]!.name, score: 1, signals: { exact: 1 } });
    }
    if (hits.length === 0) return undefined;
    return { query, hits, confidence: 'exact', alternatives: hits.slice(1) };
  }

  private formLookup(folded: string, allow?: (d: number) => boolean): Set<number> | undefined {
    const tokens = folded.match(/[a-z0-9]+(?:[-/.][a-z0-9]+)*/g) ?? [];
    const keys = new Set<string>();
    for (let i = 0; i < tokens.length; i++) {
      const one = formKey(tokens[i]!);
      if (one) keys.add(one);
      if (i + 1 < tokens.length) {
        const two = formKey(`${tokens[i]}${tokens[i + 1]}`);
        if (two && /\d/.test(tokens[i + 1]!)) keys.add(two);
      }
    }
    if (keys.size === 0) return undefined;
    const cue = FORM_CUES.test(folded);
    for (const k of keys) {
      const codes = this.forms.get(k);
      // Without a cue word only distinctive keys count (letters and digits, like "ct01").
      if (!codes || (!cue && !/^[a-z]+\d+[a-z0-9]*$/.test(k))) continue;
      const docs = new Set(codes.map((c) => this.docOf.get(c)!).filter((d) => !allow || allow(d)));
      if (docs.size > 0) return docs;
    }
    return undefined;
  }

  private prior(doc: number, namedProvinces: string[]): number {
    const p = this.procs[doc]!;
    const P = this.params;
    let s = 0;
    if (p.scope === 'provincial') {
      let key = this.provinceOf.get(doc);
      if (key === undefined) this.provinceOf.set(doc, (key = p.province ? provinceKey(p.province) : null));
      const named = key !== null && namedProvinces.includes(key);
      s += named ? P.provinceBonus : -P.provincialPenalty;
    } else if (p.scope === 'internal') {
      s -= P.internalPenalty;
    }
    if (p.levels.includes('xa')) s += P.communeBonus;
    else if (p.levels.includes('tinh')) s += P.provinceLevelBonus;
    else if (p.levels.length > 0 && p.levels.every((l) => l === 'khac')) s -= P.otherLevelPenalty;
    if (p.detailLevel === 'full') s += P.detailBonus;
    return s;
  }

  private async rank(q: AnalyzedQuery, namedProvinces: string[], allow?: (d: number) => boolean): Promise<Candidate[]> {
    const P = this.params;
    const lex = this.deps.lexical.search(q.terms, P.lexicalDepth, allow);
    const cands = new Map<number, Candidate>();
    const top = lex[0]?.score ?? 0;
    lex.forEach((h, i) =>
      cands.set(h.doc, { doc: h.doc, name: 0, lexical: top > 0 ? h.score / top : 0, dense: 0, lexRank: i + 1, denseRank: Infinity, prior: 0, situation: 0, score: 0 }),
    );
    if (this.deps.dense && this.deps.embedQuery && P.denseWeight > 0) {
      const vector = await this.deps.embedQuery(q.denseText);
      const dense = await this.deps.dense.searchVector(vector, P.denseDepth * (allow ? 4 : 1));
      let rank = 0;
      for (const h of dense) {
        const d = this.docOf.get(h.code);
        if (d === undefined || (allow && !allow(d))) continue;
        rank++;
        const c = cands.get(d) ?? { doc: d, name: 0, lexical: 0, dense: 0, lexRank: Infinity, denseRank: Infinity, prior: 0, situation: 0, score: 0 };
        c.dense = Math.max(0, 1 - h.distance);
        c.denseRank = rank;
        cands.set(d, c);
      }
      // Candidates the graph search did not return are at most as similar as its last hit.
      const floor = dense.length > 0 ? Math.max(0, 1 - dense[dense.length - 1]!.distance) : 0;
      for (const c of cands.values()) if (c.denseRank === Infinity) c.dense = floor;
    }
    const queryWords = this.nameWords(q);
    for (const c of cands.values()) {
      c.prior = this.prior(c.doc, namedProvinces);
      c.name = this.nameCoverage(c.doc, queryWords);
      c.score =
        (P.fusion === 'rrf'
          ? (1 / (P.rrfK + c.lexRank) + P.denseWeight / (P.rrfK + c.denseRank)) * (P.rrfK + 1)
          : c.lexical + P.denseWeight * c.dense) +
        c.prior +
        P.nameWeight * c.name;
    }
    return [...cands.values()].sort((a, b) => b.score - a.score || a.doc - b.doc);
  }

  /**
   * How much of the procedure's name the question explains: idf-weighted share of the
   * name's distinct content syllables (folded) that occur in the question or its
   * expansions. Favours "Đăng ký kết hôn" over "Đăng ký kết hôn lưu động" for
   * "đăng ký kết hôn", since "lưu động" is left unexplained.
   */
  /**
   * Folded words that explain a procedure's name, each with how much it counts: words and
   * official phrases said only in a step the citizen has already taken ("đã nhập hộ khẩu")
   * count `backgroundNameWeight`.
   */
  private nameWords(q: AnalyzedQuery): Map<string, number> {
    const out = new Map<string, number>();
    const put = (t: string, w: number) => {
      const k = foldDiacritics(t);
      out.set(k, Math.max(out.get(k) ?? 0, w));
    };
    const weak = new Set(q.background ?? []);
    const bw = this.params.backgroundNameWeight;
    for (const t of q.words) put(t, weak.has(foldDiacritics(t)) ? bw : 1);
    for (const e of q.expansions) for (const t of e.terms.flatMap((x) => tokenizeVi(x))) put(t, e.background ? bw : 1);
    return out;
  }

  private nameCoverage(doc: number, queryWords: Map<string, number>): number {
    let entry = this.nameTokens.get(doc);
    if (!entry) {
      const name = this.procs[doc]!.name.replace(/\([^()]*\)\s*$/u, '');
      const tokens = [...new Set(tokenizeVi(name).map((t) => foldDiacritics(t)))].filter((t) => !NAME_NOISE.has(t));
      const weights = tokens.map((t) => this.deps.lexical.idfOf(`~${t}`) || 1);
      entry = { tokens, weights, total: weights.reduce((a, b) => a + b, 0) };
      this.nameTokens.set(doc, entry);
    }
    if (entry.total === 0) return 0;
    let hit = 0;
    for (let i = 0; i < entry.tokens.length; i++) hit += entry.weights[i]! * (queryWords.get(entry.tokens[i]!) ?? 0);
    return hit / entry.total;
  }

  /**
   * For a story: each candidate gains `situationWeight` × the mean of its best
   * `situationLinesPerCode` situation-line scores (normalised by the best line), relative to
   * the top fused score; then the list is sorted again. Measured on the story dev splits
   * (see `retrieval/README.md`).
   */
  private addSituationLines(q: AnalyzedQuery, candidates: Candidate[]): void {
    const lines = this.deps.situationLines;
    const P = this.params;
    if (!lines || candidates.length === 0 || P.situationWeight <= 0) return;
    const hits = lines.index.search(q.terms, 200);
    const best = hits[0]?.score ?? 0;
    if (best <= 0) return;
    const perCode = new Map<string, number[]>();
    for (const h of hits) {
      const code = lines.codes[h.doc]!;
      const list = perCode.get(code) ?? [];
      if (list.length < P.situationLinesPerCode) list.push(h.score / best);
      perCode.set(code, list);
    }
    const scale = Math.max(candidates[0]!.score, 1e-9);
    for (const c of candidates) {
      const list = perCode.get(this.procs[c.doc]!.code);
      if (!list) continue;
      c.situation = list.reduce((a, b) => a + b, 0) / P.situationLinesPerCode;
      c.score += P.situationWeight * scale * c.situation;
    }
    candidates.sort((a, b) => b.score - a.score);
  }

  private toHit(c: Candidate): SearchHit {
    const p = this.procs[c.doc]!;
    return {
      code: p.code,
      name: p.name,
      score: round(c.score),
      signals: {
        lexical: round(c.lexical),
        dense: round(c.dense),
        name: round(c.name),
        prior: round(c.prior),
        situation: round(c.situation),
        situated: this.situated.has(p.code) ? 1 : 0,
        lexRank: Number.isFinite(c.lexRank) ? c.lexRank : 0,
        denseRank: Number.isFinite(c.denseRank) ? c.denseRank : 0,
      },
    };
  }

  /**
   * Share of the question's own content (idf-weighted syllables, stop and facet words
   * left out) that the top hit contains; a matched colloquial phrase counts as covered.
   */
  coverage(q: AnalyzedQuery, doc: number): number {
    let total = 0;
    let found = 0;
    for (const t of new Set(q.content)) {
      const term = `~${foldDiacritics(t)}`;
      const idf = this.deps.lexical.idfOf(term);
      const w = idf > 0 ? idf : 3; // words the catalogue never uses count against coverage
      total += w;
      if (idf > 0 && this.deps.lexical.docHasTerm(doc, term)) found += w;
    }
    for (const e of q.expansions) {
      total += 2 * e.weight;
      found += 2 * e.weight;
    }
    return total > 0 ? found / total : 0;
  }

  private confidence(q: AnalyzedQuery, cands: Candidate[]): Confidence {
    // Only facet and stop words ("đăng ký", "làm giấy tờ", "cái đó làm ở đâu"): a procedure
    // question without a topic, so ask which procedure.
    if (q.content.length === 0 && q.expansions.length === 0) return q.words.length > 0 || q.tokens.length > 0 ? 'ambiguous' : 'low';
    const [a] = cands;
    if (!a || a.lexRank === Infinity) return 'low';
    if ((this.coverage(q, a.doc) + a.name) / 2 < this.params.lowCoverage) return 'low';
    // Variants of one procedure at another level ("(thực hiện tại cấp tỉnh)") are not a real choice.
    const base = this.baseName(a.doc);
    const b = cands.find((c) => c !== a && this.baseName(c.doc) !== base);
    if (b && b.score >= a.score * this.params.ambiguousRatio) return 'ambiguous';
    return 'high';
  }

  private baseName(doc: number): string {
    return foldDiacritics(normalizeVi(this.procs[doc]!.name))
      .replace(/^thu tuc\s+/, '')
      .replace(/\s*\([^()]*\)\s*\.?$/, '')
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  }

  private alternatives(cands: Candidate[]): SearchHit[] {
    const top = cands[0]!.score;
    const seen = new Set<string>();
    return cands
      .filter((c) => c.score >= top * (this.params.ambiguousRatio - 0.1))
      .filter((c) => {
        const b = this.baseName(c.doc);
        if (seen.has(b)) return false;
        seen.add(b);
        return true;
      })
      .slice(0, 4)
      .map((c) => this.toHit(c));
  }
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
