import type { Vocabulary } from '../knowledge/vocab/index.js';
import { foldDiacritics, hasDiacritics, normalizeVi, tokenizeVi } from './text.js';

/** A term of the lexical index with the weight the query gives it. */
export interface WeightedTerm {
  term: string;
  weight: number;
  /** True when the term comes from the user's own words (not from vocabulary expansion). */
  own: boolean;
}

export interface AnalyzedQuery {
  raw: string;
  normalized: string;
  /** User tokens after abbreviation expansion. */
  tokens: string[];
  /** Whether the user typed any diacritics at all (decides accented vs folded matching). */
  accented: boolean;
  /** Official phrases the colloquial vocabulary added ("đăng ký khai sinh"). */
  expansions: { phrase: string; terms: string[]; weight: number }[];
  terms: WeightedTerm[];
  /** Text for the dense encoder: user words plus the official phrases. */
  denseText: string;
}

/**
 * Maps an unaccented syllable (or `a_b` bigram) to its most frequent accented form in
 * the catalogue, so "lam lai can cuoc" can be matched as "làm lại căn cước".
 */
export type DiacriticRestorer = (folded: string) => string | undefined;

export interface QueryAnalyzerOptions {
  /**
   * How to match a query typed without any diacritics:
   * - `fold` (default): on the folded index terms;
   * - `restore`: restore the diacritics from the catalogue vocabulary, then match accented.
   * Measured on the eval sets; see retrieval/README.md.
   */
  unaccented?: 'fold' | 'restore';
  restorer?: DiacriticRestorer;
  /** Weight of the folded twin of an accented term (typo tolerance for wrong tone marks). */
  foldedTwinWeight?: number;
}

interface PhraseRule {
  syllables: string[];
  folded: string[];
  terms: string[];
  weight: number;
}

/** Turns a citizen's question into weighted index terms using the reviewed vocabulary. */
export class QueryAnalyzer {
  private readonly abbreviations = new Map<string, string[]>();
  private readonly maxAbbrLength: number;
  private readonly rulesByFirst = new Map<string, PhraseRule[]>();
  private readonly stopwords: Set<string>;
  private readonly options: Required<Omit<QueryAnalyzerOptions, 'restorer'>> & { restorer?: DiacriticRestorer };

  constructor(vocabulary: Vocabulary, options: QueryAnalyzerOptions = {}) {
    this.options = { unaccented: 'fold', foldedTwinWeight: 0.3, ...options };
    let maxLen = 1;
    for (const e of vocabulary.abbreviations) {
      const key = tokenizeVi(e.abbreviation).join(' ');
      maxLen = Math.max(maxLen, key.split(' ').length);
      this.abbreviations.set(key, tokenizeVi(e.expansion));
    }
    this.maxAbbrLength = maxLen;
    for (const e of vocabulary.colloquial) {
      const syllables = tokenizeVi(e.phrase);
      if (syllables.length === 0) continue;
      const rule: PhraseRule = {
        syllables,
        folded: syllables.map((s) => foldDiacritics(s)),
        terms: e.terms.map((t) => normalizeVi(t)),
        weight: e.weight,
      };
      const first = rule.folded[0]!;
      const list = this.rulesByFirst.get(first) ?? [];
      list.push(rule);
      this.rulesByFirst.set(first, list);
    }
    this.stopwords = new Set(vocabulary.stopwords.map((s) => normalizeVi(s)));
  }

  /** Replaces abbreviations and teencode (longest match first); see `knowledge/vocab/abbreviations.tsv`. */
  expandAbbreviations(tokens: readonly string[]): string[] {
    const out: string[] = [];
    let i = 0;
    while (i < tokens.length) {
      let matched = false;
      for (let len = Math.min(this.maxAbbrLength, tokens.length - i); len >= 1; len--) {
        const key = tokens.slice(i, i + len).join(' ');
        const exp = this.abbreviations.get(key);
        if (exp) {
          out.push(...exp);
          i += len;
          matched = true;
          break;
        }
      }
      if (!matched) out.push(tokens[i++]!);
    }
    return out;
  }

  /** Colloquial phrases found in `tokens`; an unaccented user syllable matches on its folded form. */
  matchPhrases(tokens: readonly string[]): { phrase: string; terms: string[]; weight: number }[] {
    const folded = tokens.map((t) => foldDiacritics(t));
    const found = new Map<string, { phrase: string; terms: string[]; weight: number }>();
    for (let i = 0; i < tokens.length; i++) {
      const rules = this.rulesByFirst.get(folded[i]!);
      if (!rules) continue;
      for (const rule of rules) {
        const n = rule.syllables.length;
        if (i + n > tokens.length) continue;
        let ok = true;
        for (let j = 0; j < n && ok; j++) {
          const tok = tokens[i + j]!;
          ok = tok === rule.syllables[j] || (!hasDiacritics(tok) && folded[i + j] === rule.folded[j]);
        }
        if (!ok) continue;
        const phrase = rule.syllables.join(' ');
        const prev = found.get(phrase);
        if (!prev || prev.weight < rule.weight) found.set(phrase, { phrase, terms: rule.terms, weight: rule.weight });
      }
    }
    // A longer phrase that contains a shorter one wins ("mất sổ đỏ" over "mất"): drop the contained ones.
    const phrases = [...found.values()];
    return phrases.filter(
      (p) => !phrases.some((q) => q !== p && q.phrase.length > p.phrase.length && ` ${q.phrase} `.includes(` ${p.phrase} `)),
    );
  }

  analyze(query: string): AnalyzedQuery {
    const normalized = normalizeVi(query);
    const rawTokens = tokenizeVi(normalized);
    const accented = hasDiacritics(normalized);
    const tokens = this.expandAbbreviations(rawTokens);
    const expansions = this.matchPhrases(tokens);
    const terms = new Map<string, WeightedTerm>();
    const add = (term: string, weight: number, own: boolean) => {
      const prev = terms.get(term);
      if (!prev || prev.weight < weight) terms.set(term, { term, weight, own: own || (prev?.own ?? false) });
    };
    const twin = this.options.foldedTwinWeight;

    // The user's own words. Unaccented queries match folded terms (or restored accents).
    let userTokens = tokens;
    let userAccented = accented;
    if (!accented && this.options.unaccented === 'restore' && this.options.restorer) {
      userTokens = restoreDiacritics(tokens, this.options.restorer);
      userAccented = true;
    }
    const emit = (term: string, weight: number, own: boolean, asAccented: boolean) => {
      const folded = `~${foldDiacritics(term)}`;
      if (asAccented) {
        add(term, weight, own);
        add(folded, weight * twin, own);
      } else {
        add(folded, weight, own);
      }
    };
    for (let i = 0; i < userTokens.length; i++) {
      const t = userTokens[i]!;
      const stop = this.stopwords.has(t) || this.stopwords.has(foldDiacritics(t));
      if (!stop) emit(t, 1, true, userAccented || hasDiacritics(t));
      const next = userTokens[i + 1];
      if (next !== undefined) {
        const nextStop = this.stopwords.has(next) || this.stopwords.has(foldDiacritics(next));
        if (!(stop && nextStop)) {
          emit(`${t}_${next}`, 1, true, userAccented || (hasDiacritics(t) && hasDiacritics(next)));
        }
      }
    }
    // Official vocabulary added by colloquial phrases: always accented (it is our data).
    for (const e of expansions) {
      for (const phrase of e.terms) {
        const pt = tokenizeVi(phrase);
        for (let i = 0; i < pt.length; i++) {
          emit(pt[i]!, e.weight, false, true);
          if (i + 1 < pt.length) emit(`${pt[i]}_${pt[i + 1]}`, e.weight, false, true);
        }
      }
    }
    const denseText = [tokens.join(' '), ...expansions.flatMap((e) => e.terms)].join(' . ');
    return { raw: query, normalized, tokens, accented, expansions, terms: [...terms.values()], denseText };
  }
}

/** Restores diacritics token by token, preferring bigram evidence over single syllables. */
export function restoreDiacritics(tokens: readonly string[], restorer: DiacriticRestorer): string[] {
  const out = [...tokens];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (hasDiacritics(t)) continue;
    const left = i > 0 ? restorer(`${foldDiacritics(tokens[i - 1]!)}_${t}`) : undefined;
    const right = i + 1 < tokens.length ? restorer(`${t}_${foldDiacritics(tokens[i + 1]!)}`) : undefined;
    const fromRight = right?.split('_')[0];
    const fromLeft = left?.split('_')[1];
    out[i] = fromRight ?? fromLeft ?? restorer(t) ?? t;
  }
  return out;
}
