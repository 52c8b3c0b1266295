import type { Procedure } from '../knowledge/index.js';
import { provinceKey } from './filters.js';
import { foldDiacritics, normalizeVi } from './text.js';
import type { ProcedureCatalog, SearchHit } from './types.js';

/**
 * Re-ranking for a citizen: among the procedures a search found, prefer the variant
 * that fits the person asking. Three preferences, applied after retrieval so that the
 * index and its measured figures stay as they are:
 * - **applicants**: a citizen channel prefers procedures whose applicants include
 *   individuals (citizens, Vietnamese abroad, foreigners) over those only for
 *   organisations and businesses;
 * - **province**: a province's own (SPECIFIC) variant is never offered unless it is the
 *   deployment's province or the citizen names that province;
 * - **case**: new / reissue / change / late registration variants are told apart from the
 *   citizen's words ("mất", "làm lại" → cấp lại; "đổi" → cấp đổi; "quá hạn" → late).
 */

export type ProcedureCase = 'new' | 'reissue' | 'change' | 'late';

export interface CitizenPreferenceOptions {
  /** The deployment's province ("Hà Nội"); its own variants stay eligible. */
  province: string;
  /** Score added to a procedure with individual applicants when others have none. */
  organisationPenalty?: number;
  /** Score added when the procedure's case is the one the citizen describes. */
  caseBonus?: number;
  /** Score added when the procedure is another case than the one described. */
  caseMismatchPenalty?: number;
}

export const DEFAULT_DEPLOYMENT_PROVINCE = 'Hà Nội';

const fold = (s: string): string => foldDiacritics(normalizeVi(s));

const INDIVIDUAL_APPLICANT = /(cong dan|ca nhan|ho gia dinh|nguoi viet nam|nguoi nuoc ngoai|dang vien|nguoi dan)/;

/** A foreign element in the citizen's words: a foreign national, a spouse or child abroad, a named country. */
const FOREIGN_WORDS =
  / (nuoc ngoai|quoc tich|nguoi nuoc|viet kieu|dinh cu o nuoc|han quoc|nhat ban|nguoi nhat|trung quoc|dai loan|nguoi my|hoa ky|nguoi phap|nguoi duc|nguoi uc|nguoi anh|singapore|thai lan|campuchia|nguoi nga|canada|nguoi tay) /;
const CHILD_WORDS = / (cho con|cho be|cho chau|tre em|con toi|con em|con minh|be nha|so sinh|tre nho) /;
const ONLINE_WORDS = / (online|truc tuyen|vneid|qua mang|dich vu cong|tren mang|toan trinh) /;
const ORGANISATION_WORDS = / (cong ty|doanh nghiep|to chuc|hop tac xa|don vi|co quan) /;
/**
 * The asker speaks for an organisation ("công ty tôi", "doanh nghiệp chúng tôi"): a mere
 * employer in a worker's story ("đóng bảo hiểm ở công ty") does not count.
 */
const ASKS_FOR_ORGANISATION =
  / (cong ty|doanh nghiep|hop tac xa|to chuc|trung tam|xuong|nha may|co so san xuat|co so kinh doanh)( [a-z]+){0,2} (cua )?(toi|minh|chung toi|bon toi|chung em|em|tui) /;
const ORGANISATION_APPLICANT = /(doanh nghiep|to chuc|hop tac xa|co so|don vi|nha dau tu)/;

/** Another hit of the same family names a foreign element ("… có yếu tố nước ngoài"). */
function hasForeignTwin(name: string, others: ReadonlyArray<Procedure | undefined>): boolean {
  const base = fold(name).replace(/^thu tuc /, '');
  return others.some((o) => !!o && fold(o.name).replace(/^thu tuc /, '').startsWith(base) && / co yeu to nuoc ngoai/.test(fold(o.name)));
}

/**
 * The question names a word of this procedure's name that no other hit's name has
 * ("giấy phép liên vận GMS"): the citizen is asking for this very procedure, whoever its
 * applicants are, so the applicant preference does not move it.
 */
function namesOwnWord(name: string, asked: ReadonlySet<string>, records: ReadonlyArray<{ p: Procedure | undefined }>): boolean {
  const words = (n: string) => fold(n).split(/[^a-z0-9]+/).filter((t) => t.length > 1);
  const own = words(name).filter((t) => asked.has(t));
  if (own.length === 0) return false;
  const others = new Set(records.filter((r) => r.p && r.p.name !== name).flatMap((r) => words(r.p!.name)));
  return own.some((t) => !others.has(t));
}

/** Whether the record's applicants include individuals; null when it lists none. */
export function forIndividuals(p: Procedure): boolean | null {
  if (!p.applicants.length) return null;
  return p.applicants.some((a) => INDIVIDUAL_APPLICANT.test(fold(a)));
}

/** The case a procedure name is for. */
export function caseOfName(name: string): ProcedureCase {
  const f = ` ${fold(name)} `;
  if (/ (qua han|dang ky lai|dang ky khai sinh lai|ghi vao so|bo sung ho tich)\b/.test(f)) return 'late';
  // "Cấp, cấp lại …" covers a first issue as well.
  if (/ cap lai\b/.test(f) && !/ cap, cap lai\b/.test(f)) return 'reissue';
  if (/ (cap doi|doi |thay doi|dieu chinh|sua doi|cai chinh|chuyen doi|gia han)/.test(f)) return 'change';
  return 'new';
}

/** The case a citizen's message describes; null when it does not say. */
export function caseOfQuestion(text: string): ProcedureCase | null {
  // "mất bao lâu", "mất tiền", "mất mấy ngày": mất is what it costs, not a loss.
  const f = ` ${fold(text)} `.replace(/ mat (?=(bao|may|tien|phi|le phi|thoi gian|ngay|cong|nhieu|gi)\b)/g, ' ton ');
  if (/ (lan dau|cap moi|lam moi)\b/.test(f) && !/ (bi mat|danh mat|lam mat|mat roi|hong|rach|cap lai|lam lai)\b/.test(f)) return 'new';
  if (/ (qua han|tre han|bi tre|lo han|chua tung (duoc )?(lam|dang ky|co)|chua (co|lam) (giay )?khai sinh|khong co giay khai sinh|dang ky lai)\b/.test(f)) return 'late';
  if (/ (mat|bi mat|danh mat|lam mat|hong|bi hong|rach|cap lai|lam lai|xin lai)\b/.test(f)) return 'reissue';
  if (/ (doi|cap doi|thay doi|dieu chinh|sua|sai thong tin|het han|gia han)\b/.test(f)) return 'change';
  if (/ (lan dau|moi sinh|vua sinh|cap moi|lam moi)\b/.test(f)) return 'new';
  return null;
}

/**
 * Hits re-ordered for a citizen. Provincial variants of other provinces are removed
 * unless named; scores are adjusted (never below zero) and the list re-sorted.
 */
export function preferForCitizen(
  hits: readonly SearchHit[],
  catalogue: ProcedureCatalog,
  question: string,
  options: CitizenPreferenceOptions,
): SearchHit[] {
  const home = provinceKey(options.province);
  const folded = ` ${fold(question)} `;
  const asked = caseOfQuestion(question);
  const orgPenalty = options.organisationPenalty ?? 0.15;
  const caseBonus = options.caseBonus ?? 0.1;
  const mismatch = options.caseMismatchPenalty ?? 0.1;
  const foreign = FOREIGN_WORDS.test(folded);
  const online = ONLINE_WORDS.test(folded);
  const names = (re: RegExp) => re.test(folded);
  const age = / (\d{1,2}) tuoi /.exec(folded);
  const askedAge = age ? (Number(age[1]) < 14 ? 'minor' : 'adult') : CHILD_WORDS.test(folded) ? 'minor' : 'adult';
  const records = hits.map((h) => ({ hit: h, p: catalogue.get(h.code) }));
  const askedWords = new Set(fold(question).split(/[^a-z0-9]+/).filter((t) => t.length > 1));
  const forOrganisation = ASKS_FOR_ORGANISATION.test(folded);
  const anyOrganisation = records.some((r) => r.p?.applicants.some((a) => ORGANISATION_APPLICANT.test(fold(a))));
  const anyIndividual = records.some((r) => r.p && forIndividuals(r.p) === true);
  const out: SearchHit[] = [];
  for (const { hit, p } of records) {
    if (!p) {
      out.push(hit);
      continue;
    }
    if (p.scope === 'provincial' && p.province) {
      const key = provinceKey(p.province);
      if (key !== home && !folded.includes(` ${key} `)) continue;
    }
    let delta = 0;
    if (forOrganisation) {
      if (anyOrganisation && p.applicants.length > 0 && !p.applicants.some((a) => ORGANISATION_APPLICANT.test(fold(a)))) delta -= orgPenalty;
    } else if (anyIndividual && forIndividuals(p) === false && !namesOwnWord(p.name, askedWords, records)) delta -= orgPenalty;
    // The case the citizen names is a strong signal: relative to the score, so that it
    // outweighs the usual gap between a family's variants.
    let factor = 1;
    if (asked) {
      const c = caseOfName(p.name);
      if (c === asked) factor += caseBonus;
      else if (c !== 'new' || asked !== 'new') factor -= mismatch;
    }
    const name = ` ${fold(p.name)} `;
    // A variant with a foreign element only for a foreign element, and the other way round.
    if (/ (co yeu to nuoc ngoai|nguoi nuoc ngoai) /.test(name)) factor += foreign ? caseBonus : -mismatch;
    else if (foreign && /(dang ky|cap|xac nhan|ghi chu)/.test(name) && hasForeignTwin(p.name, records.map((r) => r.p))) factor -= mismatch;
    // An online-only variant ("… trực tuyến toàn trình") for someone who asks online.
    if (/ truc tuyen toan trinh /.test(name) && !/ mot phan /.test(name)) factor += online ? caseBonus / 2 : -mismatch / 2;
    // A variant named for the applicant ("… của chủ rừng là tổ chức" / "… hộ gia đình, cá nhân").
    if (/ (la|cho|doi voi) to chuc\b/.test(name) && !/ho gia dinh|ca nhan/.test(name) && !names(ORGANISATION_WORDS)) delta -= orgPenalty;
    if (/ho gia dinh|ca nhan/.test(name) && names(/ho gia dinh|ca nhan|nha toi|gia dinh toi/)) factor += caseBonus / 2;
    // Under 14 or from 14: the age said ("con 10 tuổi"), else a child word, else an adult.
    const ageVariant = / (duoi 14 tuoi|chua du 14 tuoi) /.test(name) ? 'minor' : / tu du 14 tuoi /.test(name) ? 'adult' : null;
    if (ageVariant) factor += ageVariant === askedAge ? caseBonus : -mismatch;
    const score = (hit.score + delta) * factor;
    out.push(delta === 0 && factor === 1 ? hit : { ...hit, score: Math.max(0, Math.round(score * 10000) / 10000) });
  }
  return out.map((h, i) => ({ h, i })).sort((a, b) => b.h.score - a.h.score || a.i - b.i).map((x) => x.h);
}
