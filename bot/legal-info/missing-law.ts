import { CRIMINAL_WORDS, FINE_QUESTION, MISSING_LAWS } from '../../knowledge/statutes/index.js';
import { lawsSignalled, type ArticleSearchResult } from '../../retrieval/articles/index.js';
import { foldDiacritics } from '../../retrieval/index.js';

export interface MissingLawMatch {
  /** The law the data lacks. */
  name: string;
  /** True when only the law's `shared` phrases matched (something a law we have also regulates). */
  sharedOnly: boolean;
  /** True when no missing law is named, only an administrative fine asked about (`FINE_QUESTION`). */
  fineOnly?: boolean;
}

/** The law the data lacks that a question is about, if any (folded whole-word phrases). */
export function missingLawMatch(text: string): MissingLawMatch | undefined {
  const lower = text.normalize('NFC').toLowerCase();
  const f = ` ${foldDiacritics(lower).replace(/[^a-z0-9]+/g, ' ')} `;
  const has = (p: string) => f.includes(` ${p} `);
  // Criminal words accented when the question has diacritics: "Tôi" (I) must not read as "tội".
  const accented = foldDiacritics(lower) !== lower;
  const words = ` ${lower.replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  const criminal = CRIMINAL_WORDS.some((w) => (accented ? words.includes(` ${w} `) : has(foldDiacritics(w))));
  for (const l of MISSING_LAWS) {
    const own = l.phrases.some(has) || ((l.shared ?? []).some(has) && (l.subject ?? []).some(has));
    if (!own && !(l.shared ?? []).some(has)) continue;
    if (l.alsoOneOf && (!l.alsoOneOf.some(has) || criminal)) continue;
    if (l.unless?.some(has)) continue;
    return { name: l.name, sharedOnly: !own };
  }
  // An administrative fine on any subject: its amount is in a decree we lack.
  if (!criminal && !FINE_QUESTION.unless.some(has)) {
    const named = lawsSignalled(lower);
    // A fine by a company or an employer is labour law (Bộ luật Lao động Điều 127 forbids fines
    // as discipline), not an administrative sanction from a decree we lack.
    if (!named.has(CRIMINAL_CODE) && !named.has(LABOUR_CODE) && !EMPLOYER.test(f)) {
      if (FINE_QUESTION.phrases.some(has) || (named.size === 0 && FINE_QUESTION.vaguePhrases.some(has))) return { name: FINE_QUESTION.name, sharedOnly: false, fineOnly: true };
    }
  }
  return undefined;
}

const CRIMINAL_CODE = '100/2015/QH13';
const LABOUR_CODE = '45/2019/QH14';
/** Who fines at work, beyond the Labour Code's own signals ("công ty", "sếp", "nhân viên"). */
const EMPLOYER = / (cong ti|doanh nghiep|chu (quan|xuong|cong ty|cty|doanh nghiep|lao dong|tiem|cua hang)|giam doc|nha may|di tre|den tre|ve som|cham cong|noi quy (cong ty|lao dong)|quan doc|to truong) /;

/** The law the data lacks that a question is about, if any (by its phrases alone; see `lawMissingFor`). */
export function missingLawOf(text: string): string | undefined {
  return missingLawMatch(text)?.name;
}

/**
 * How well an article of a law we have must answer a question that names a missing law only by
 * a shared phrase ("sổ bảo hiểm", "đóng bảo hiểm"). Calibrated on the missing-law questions of
 * both legal dev splits and every dataset message carrying such a phrase: the questions the
 * Labour Code answers (Điều 48, the employer returning the papers at termination) score
 * coverage ≥ 0.73 and evidence ≥ 1.9; the closest question it does not answer ("rút bhxh 1
 * lần" after leaving a job, top hit the same Điều 48) 0.57 / 1.73.
 */
export const ANSWERED_BY_LAW_WE_HAVE = { minCoverage: 0.7, minEvidence: 1.5 } as const;

/**
 * Whether the best article answers the question well enough to quote it although the
 * question also names a law we lack: the article's law is one the question names by its own
 * words (`LawInfo.signals`: "công ty", "nghỉ việc" → the Labour Code), the search is
 * confident, and the article explains most of the question and scores clearly.
 */
export function answeredByLawWeHave(result: ArticleSearchResult): boolean {
  const best = result.hits[0];
  if (!best || result.confidence !== 'high') return false;
  if (best.coverage < ANSWERED_BY_LAW_WE_HAVE.minCoverage || best.evidence < ANSWERED_BY_LAW_WE_HAVE.minEvidence) return false;
  return lawsSignalled(result.analyzed.normalized).has(best.article.document);
}

/**
 * The missing law a question must be answered with (the lawyer offer and the official
 * portal), or undefined when the statutes we have are to answer it. A missing law's own
 * subject ("lương hưu", "rút bhxh 1 lần", traffic fines, căn cước) is always missing: it is
 * never answered from an older or unrelated text. Only a question that touches the missing
 * law by a shared phrase is answered from our statutes, when `answeredByLawWeHave` holds.
 */
export function lawMissingFor(text: string, result: ArticleSearchResult): string | undefined {
  const m = missingLawMatch(text);
  if (!m) return undefined;
  return m.sharedOnly && answeredByLawWeHave(result) ? undefined : m.name;
}
