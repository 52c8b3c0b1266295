import { CRIMINAL_WORDS, FINE_QUESTION, MISSING_LAWS } from '../../knowledge/statutes/index.js';
import { lawsSignalled, type ArticleSearchResult } from '../../retrieval/articles/index.js';
import { foldDiacritics } from '../../retrieval/index.js';

export interface MissingLawMatch {
  /** The law the data lacks. */
  name: string;
  /**
   * True when only the law's `shared` phrases matched, or the everyday words of a lacked subject
   * (`answerable`): something a law we have may also answer.
   */
  sharedOnly: boolean;
  /** True when no missing law is named, only an administrative fine asked about (`FINE_QUESTION`). */
  fineOnly?: boolean;
  /** A lacked subject's own words matched (`LackedSubject.own`): on the legal route always missing. */
  ownSubject?: boolean;
}

/** The law the data lacks that a question is about, if any (folded whole-word phrases). */
export function missingLawMatch(text: string): MissingLawMatch | undefined {
  const lower = text.normalize('NFC').toLowerCase();
  const f = ` ${foldDiacritics(lower).replace(/[^a-z0-9]+/g, ' ')} `;
  const has = (p: string) => f.includes(` ${p} `);
  // Criminal words accented when the question has diacritics: "Tôi" (I) must not read as "tội".
  const accented = foldDiacritics(lower) !== lower;
  const words = ` ${lower.replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  const criminal = accented ? CRIMINAL_WORDS.some((w) => words.includes(` ${w} `)) : criminalFolded(f);
  const crimeAsked = CRIME_THRESHOLD.test(f) && !CRIME_AS_BOUND.test(f);
  for (const l of MISSING_LAWS) {
    const own = l.phrases.some(has) || ((l.shared ?? []).some(has) && (l.subject ?? []).some(has));
    if (!own && !(l.shared ?? []).some(has)) continue;
    if ((l.alsoOneOf || l.notWhenCriminal) && criminal) continue;
    if (l.notWhenCrimeAsked && crimeAsked) continue;
    if (l.alsoOneOf && !l.alsoOneOf.some(has)) continue;
    if (l.unless?.some(has)) continue;
    const sharedOnly = !own || l.answerable === true;
    // A fine asked about on a shared subject ("công ty không đóng bảo hiểm … bị phạt bao nhiêu") is the fines decree's.
    const fine = sharedOnly ? fineQuestion(lower, f, has, criminal) : undefined;
    return fine ?? { name: l.name, sharedOnly, ...(l.own ? { ownSubject: true } : {}) };
  }
  return fineQuestion(lower, f, has, criminal);
}

/** The decision a province's figure is set in (`provincialFigure`). */
export const PROVINCIAL_DECISION = 'Quyết định của Ủy ban nhân dân cấp tỉnh nơi có đất';

/** Land figures the Land Law leaves to each province: the smallest plot after a split, the land price table, the residential land quota. */
const PROVINCIAL_SUBJECT = /\b(tach thua|tach so|chia thua|dien tich toi thieu|bang gia dat|khung gia dat|gia dat nha nuoc|han muc dat o|han muc giao dat|han muc cong nhan)\b/;
/** The figure itself asked: how many square metres, the minimum, how much. */
const FIGURE_ASKED = /\b(toi thieu|toi da|bao nhieu|bn|may met|may m2)\b/;
/** A place named: "ở Đà Nẵng", "tại TP Thủ Đức", "tỉnh Bắc Ninh" (a capital after "ở / tại", or a province's or city's word). */
const PLACE_NAMED = /(?:^|[^\p{L}])(?:[ởỞ]|[tT]ại|[oO]|[tT]ai)\s+(?:(?:tỉnh|thành phố|tp\.?|TP\.?)\s+)?\p{Lu}/u;
const PLACE_WORD = /\b(tinh|thanh pho|tp) [a-z]/;

/**
 * A figure of land law asked for a named place ("Ở Đà Nẵng muốn tách thửa thì mỗi thửa tối thiểu bao
 * nhiêu mét vuông?"): the province's own decision sets it (Luật Đất đai Điều 220 khoản 4, Điều 159,
 * Điều 195–196 only say the province decides), and we do not hold the provinces' decisions. Asked
 * in general ("diện tích tối thiểu để tách thửa là bao nhiêu"), the Land Law article that leaves it
 * to the province is the answer. Read on the legal route only (`lawMissingFor`): a procedure
 * question on a split ("thủ tục tách thửa …, diện tích tối thiểu ở Hà Nội bao nhiêu") keeps its card.
 */
export function provincialFigure(text: string): MissingLawMatch | undefined {
  const f = ` ${foldDiacritics(text.normalize('NFC').toLowerCase()).replace(/[^a-z0-9]+/g, ' ')} `;
  if (!PROVINCIAL_SUBJECT.test(f) || !FIGURE_ASKED.test(f)) return undefined;
  if (!PLACE_NAMED.test(text.normalize('NFC')) && !PLACE_WORD.test(f)) return undefined;
  return { name: PROVINCIAL_DECISION, sharedOnly: false };
}

/**
 * Whether a question typed without diacritics is criminal. "tù" and "tội" fold to "tu" and "toi",
 * which are also "từ / tự / tư" and "tôi" (I): alone they say nothing ("toi bi csgt phat …",
 * "tu 18 tuoi"), so they count only in the phrases a crime is spoken of with ("pham toi", "toi
 * gi", "di tu khong", "phat tu"). The other criminal words are unambiguous folded.
 */
export function criminalFolded(f: string): boolean {
  return CRIMINAL_WORDS.some((w) => !AMBIGUOUS_CRIMINAL.has(w) && f.includes(` ${foldDiacritics(w)} `)) || CRIME_FOLDED.test(f);
}
const AMBIGUOUS_CRIMINAL: ReadonlySet<string> = new Set(['tù', 'tội']);
/** "tù" and "tội" in a crime's phrases, folded (see `criminalFolded`). */
const CRIME_FOLDED = new RegExp(
  ' (' +
    [
      'pham toi|toi pham|toi danh gi|toi gi|xu toi|ket toi|mac toi|khep toi|dinh toi|cau thanh toi|bi toi|co toi (?:khong|ko|hong|k|khg|chua|gi)',
      'toi (?:trom|lua dao|cuop|giet|co y|vo y lam|danh bac|hiep dam|buon ban|mua ban|van chuyen|tang tru|chua chap|lam nhuc|vu khong|cuong doat|gay thuong tich|chiem doat|tham o|nhan hoi lo|dua hoi lo|lam dung|xam pham|tron|khong to giac|che giau)',
      'ngoi tu|phat tu|vao tu|bo tu|tu giam|tu treo|tu chung than|an tu|nam tu giam|(?:di|bi) tu(?= (?:khong|ko|hong|k|khg|bao|may|nua|roi|chua|a|nha|khong a) | ?$)',
    ].join('|') +
    ') ',
);

/**
 * Where a crime begins, asked (folded): "… thì (bị) truy cứu trách nhiệm hình sự / đi tù / xử lý
 * hình sự", or whether the act is one ("trộm đồ dưới 2 triệu có bị đi tù không hay chỉ phạt hành
 * chính"): the crime's article sets the threshold below which only the fine remains.
 */
const CRIME_THRESHOLD = / ((thi|moi|se|la) (bi |phai |co the bi )?|co (bi |phai |the bi )?)(truy cuu|di tu|ngoi tu|xu ly hinh su|xu hinh su|chiu trach nhiem hinh su) /;
/** Prison named only as the bound of what is asked: "chưa (đến mức) đi tù", "không đến mức truy cứu". */
const CRIME_AS_BOUND = / (chua|khong|chang) (den muc |toi muc |bi |phai )*(phai )?(truy cuu|di tu|ngoi tu|xu ly hinh su|xu hinh su) /;

/** An administrative fine on any subject: its amount is in a decree we lack (`FINE_QUESTION`). */
function fineQuestion(lower: string, f: string, has: (p: string) => boolean, criminal: boolean): MissingLawMatch | undefined {
  // An employer fined by the state keeps its fine question although it names the workplace.
  const stateEmployer = stateFinesEmployer(f);
  if (!criminal && !FINE_QUESTION.unless.some((w) => has(w) && !(stateEmployer && WORKPLACE_UNLESS.has(w)))) {
    const named = lawsSignalled(lower);
    // A fine by a company or an employer is labour law (Bộ luật Lao động Điều 127 forbids fines
    // as discipline), not an administrative sanction from a decree we lack.
    if (!named.has(CRIMINAL_CODE) && ((!named.has(LABOUR_CODE) && !EMPLOYER.test(f)) || stateEmployer)) {
      if (FINE_QUESTION.phrases.some(has) || (named.size === 0 && FINE_QUESTION.vaguePhrases.some(has))) return { name: FINE_QUESTION.name, sharedOnly: false, fineOnly: true };
    }
  }
  return undefined;
}

/** `FINE_QUESTION.unless` words that only say the question is about work (not who fines). */
const WORKPLACE_UNLESS: ReadonlySet<string> = new Set(['cong ty', 'sep', 'nguoi lao dong', 'nhan vien', 'hop dong']);
const CRIMINAL_CODE = '100/2015/QH13';
const LABOUR_CODE = '45/2019/QH14';
/** Who fines at work, beyond the Labour Code's own signals ("công ty", "sếp", "nhân viên"). */
const EMPLOYER = / (cong ti|doanh nghiep|chu (quan|xuong|cong ty|cty|doanh nghiep|lao dong|tiem|cua hang)|giam doc|nha may|di tre|den tre|ve som|cham cong|noi quy (cong ty|lao dong)|quan doc|to truong) /;

/**
 * An employer fined by the state ("công ty không đóng bảo hiểm cho nhân viên thì bị phạt bao
 * nhiêu", "doanh nghiệp trả lương thấp hơn tối thiểu vùng bị xử phạt thế nào"): the employer is
 * who is fined, the amount is in the labour fines decree we lack. Not an employer fining its
 * worker ("công ty phạt tiền nhân viên", "bị công ty phạt", "đi trễ bị phạt": Điều 127).
 */
function stateFinesEmployer(f: string): boolean {
  if (EMPLOYER_FINES.test(f) || WORKER_FAULT.test(f)) return false;
  return STATE_FINE_OF_EMPLOYER.test(f);
}
const EMPLOYER_WORD = '(cong ty|cong ti|cty|doanh nghiep|chu doanh nghiep|chu su dung lao dong|nguoi su dung lao dong|chu xuong|chu cong ty|nha may|xi nghiep)';
/** The employer is the one fined: "<employer> … bị phạt / bị xử phạt / phạt bao nhiêu / mức phạt". */
const STATE_FINE_OF_EMPLOYER = new RegExp(` ${EMPLOYER_WORD} .*\\b(bi phat|bi xu phat|xu phat|phat bao nhieu|muc phat|phat nhu the nao|phat the nao|bi xu ly hanh chinh) `);
/** The employer fines: "công ty phạt (tiền) …", "bị công ty/sếp phạt", "công ty có được phạt …". */
const EMPLOYER_FINES = new RegExp(` (${EMPLOYER_WORD}|sep|giam doc|quan ly|quan doc|to truong) (co duoc |duoc |co quyen |lai |tu y |hay |thuong |)(phat|tru) |\\bbi (${EMPLOYER_WORD}|sep|giam doc|quan ly|quan doc|to truong) (phat|tru) `);
/** A worker's own fault at work, the usual reason an employer fines. */
const WORKER_FAULT = / (di tre|den tre|di lam muon|di muon|ve som|nghi khong phep|lam hong|lam hu|lam mat|vi pham noi quy|quen cham cong) /;

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
  const m = missingLawMatch(text) ?? provincialFigure(text);
  if (!m) return undefined;
  return m.sharedOnly && !m.ownSubject && answeredByLawWeHave(result) ? undefined : m.name;
}
