import type { Procedure } from '../knowledge/index.js';
import { CACHE_LIMIT, memo } from '../knowledge/text/cache.js';
import { NAME_NOISE as RETRIEVER_NAME_NOISE } from './hybrid-retriever.js';
import { doneClauses, senseOfMat } from './query.js';
import { foldDiacritics, hasDiacritics, normalizeVi, tokenizeVi } from './text.js';
import type { ProcedureCatalog, SearchHit } from './types.js';

/**
 * A learned reranker over the first candidates a citizen's search found (issues 12, 18).
 *
 * The hand-written preferences (`preference.ts`) each move a score by a fixed amount; how much
 * each signal should count against the others was never fitted. Here every candidate is a
 * vector of generic features (its fused and preferred scores and ranks, the lexical, dense,
 * name and situation signals, how much of its name the citizen's words explain, whether the
 * variant cues of the question and of the name agree, level, scope, applicants, whether
 * reviewers wrote situations for it) and a linear model picks the order. The model is fitted
 * offline by `evals/rerank-train.ts` on the story dev splits and training files (softmax over each list, L2,
 * plain gradient descent from zero: deterministic) and judged by leave-one-split-out
 * cross-validation; its weights are `retrieval/rerank-model.ts`.
 */

export interface RerankModel {
  /** Feature names, in the order of `weights`. */
  features: readonly string[];
  weights: readonly number[];
  /** How many candidates are reordered (the rest keep their place below them). */
  depth: number;
  /**
   * Only candidates scoring at least this share of the first one's preferred score are reordered:
   * a clear winner (the procedure's own name typed as the question) is not overturned.
   */
  minRatio?: number;
}

export const fold = (s: string): string => foldDiacritics(normalizeVi(s));
/**
 * Procedure names and agencies folded once: every hit's name is read by several preferences
 * and by the reranker, each compared with the other hits'. Bounded by the catalogue's distinct strings.
 */
const foldedNames = new Map<string, string>();
export const foldName = (s: string): string => memo(foldedNames, s, fold);

/** Name syllables that say nothing about what a procedure is for: the retriever's name noise, with case words. */
const NAME_NOISE = new Set([
  ...RETRIEVER_NAME_NOISE,
  'cap', 'lai', 'dang', 'ky', 'moi', 'lan', 'dau', 'theo', 'tren', 've', 'khi', 'co', 'duoc', 'da', 'chua', 'hoac', 'nay', 'mot', 'so', 'tu', 'den', 'de', 'quy', 'dinh',
]);

const nameTokensOf = new Map<string, { tokens: string[]; bigrams: string[] }>();
function nameTokens(name: string): { tokens: string[]; bigrams: string[] } {
  let entry = nameTokensOf.get(name);
  if (!entry) {
    const all = foldName(name.replace(/\([^()]*\)\s*\.?$/u, '')).split(/[^a-z0-9]+/).filter(Boolean);
    const tokens = [...new Set(all.filter((t) => t.length > 1 && !NAME_NOISE.has(t)))];
    const bigrams: string[] = [];
    for (let i = 0; i + 1 < all.length; i++) if (!NAME_NOISE.has(all[i]!) || !NAME_NOISE.has(all[i + 1]!)) bigrams.push(`${all[i]} ${all[i + 1]}`);
    entry = { tokens, bigrams: [...new Set(bigrams)] };
    if (nameTokensOf.size >= CACHE_LIMIT) nameTokensOf.clear();
    nameTokensOf.set(name, entry);
  }
  return entry;
}

/** Countries whose folded names are no common word or place name. */
const COUNTRIES =
  '(hoa ky|han quoc|nhat ban|dai loan|trung quoc|singapore|thai lan|campuchia|canada|ba lan|malaysia|an do|ha lan|thuy dien|na uy|dan mach|thuy si|new zealand|chau au|nuoc anh|anh quoc|nuoc nga|nuoc y|nuoc my|nuoc phap|nuoc duc|nuoc uc|nuoc ngoai)';
/** Short country names that are also words or Vietnamese place names ("Đức Giang", "Mỹ Đình", "Nhật Tân"): only at the end of a clause or before a function word. */
const SHORT_COUNTRIES = '(duc|my|nhat|nga)';
const AFTER_SHORT = '( [,.;!?]| $| (roi|duoc|nhieu|may|lau|muon|can|thi|va|nen|co|ma|da|dang|lam|gio|nam|tu|ve|hon|khong|ko|nay|a|vay|ha|nhung|cung|lai|voi|de|hoi|sinh|moi|gui|lay|hoc|ket)(?= ))';
/**
 * Nationalities whose folded names are common words elsewhere ("lào" / "lao động", "hàn" / "quá hạn", "ở hẳn"): only as a
 * person's nationality ("chồng em là người Lào", "lấy chồng Hàn", "kết hôn bên Hàn") at the end of a clause or before a function word.
 */
const NATIONALITY_SHORT = '(nguoi|lay vo|lay chong|ban trai|ban gai|ben) (lao|han)';
/**
 * A foreign element in the citizen's words: a foreign national or Vietnamese abroad, or a
 * person living in a named country ("định cư ở Đức", "cô em ở Pháp gửi về", "chồng tôi người
 * Nhật", "lấy vợ Hàn Quốc"). Read on `foreignText`.
 */
export const FOREIGN_ELEMENT = new RegExp(
  ` (nuoc ngoai|quoc tich|nguoi nuoc|viet kieu|kieu bao|ngoai quoc|nguoi tay|${COUNTRIES}(?= )|(dinh cu|song|o|sang|ben|tai|qua|nguoi|lay (vo|chong)|vo|chong) (phap|uc)(?= )|(dinh cu|song|o|sang|ben|tai|qua|nguoi|lay (vo|chong)|vo|chong) ${SHORT_COUNTRIES}${AFTER_SHORT}|${NATIONALITY_SHORT}${AFTER_SHORT})`,
);
/** The text `FOREIGN_ELEMENT` reads: folded, punctuation kept as its own words, space-padded. */
export function foreignText(text: string): string {
  return ` ${fold(text).replace(/([,.;!?])/g, ' $1 ').replace(/[^a-z0-9,.;!? ]+/g, ' ').replace(/\s+/g, ' ').trim()} `;
}
const FOREIGN_NAME = / (co yeu to nuoc ngoai|nguoi nuoc ngoai|nuoc ngoai|o nuoc ngoai|dinh cu o nuoc ngoai|quoc tich|kieu bao)( |$)/;
/** Extending a paper's validity, said by the citizen ("gia hạn", "sắp hết hạn", "hết hạn rồi"). */
const EXTEND_Q = / (gia han|het han|sap het han|het hieu luc|them han|keo dai)( |$)/;
const EXTEND_NAME = / gia han( |$)/;
/** A paper exchanged (damaged, faded, old model, wrong details) or reissued (lost). */
const EXCHANGE_Q = / (doi|cap doi|rach|mo|nhoe|hong|hu|cu nat|sai|nham|dieu chinh|sua)( |$)/;
const EXCHANGE_NAME = / (cap doi|doi)( |$)/;
const REISSUE_NAME = / cap lai( |$)/;
const CERTIFY_Q = / (cong chung|chung thuc|sao y|chung nhan hop dong|hop dong mua ban|hop dong tang cho|hop dong)( |$)/;
const CERTIFY_NAME = / (chung thuc|cong chung)( |$)/;
const ONLINE_Q = / (online|truc tuyen|vneid|qua mang|dich vu cong|tren mang)( |$)/;
const INTERNAL_NAME = / (noi bo|can bo|cong chuc|vien chuc)( |$)/;
/**
 * The asker speaks for an organisation ("công ty tôi", "hợp tác xã chúng tôi", "tôi là giám
 * đốc"): an employer in a worker's story ("công ty cho nghỉ việc") does not count.
 */
const ORGANISATION_Q =
  / ((cong ty|doanh nghiep|hop tac xa|htx|to chuc|don vi|co so|xuong|nha may|truong|trung tam)( [a-z]+){0,3} (cua )?(toi|minh|chung toi|bon toi|chung em|chung tui|tui|em)|(toi|em|tui|minh) (la|lam) (giam doc|chu nhiem|chu doanh nghiep|chu co so|nguoi dai dien)|ben (toi|em|minh) la (cong ty|doanh nghiep|hop tac xa|to chuc))( |$)/;
/** An applicant that is an organisation (folded applicant wording of a record); shared with `preference.ts`. */
export const ORGANISATION_APPLICANT = /(doanh nghiep|to chuc|hop tac xa|co so|don vi|nha dau tu)/;
/** A name that is the organisation's variant ("… của tổ chức", "… đối với doanh nghiệp") or the person's ("… hộ gia đình, cá nhân"). */
const ORGANISATION_NAME = / (la|cho|doi voi|cua) (to chuc|doanh nghiep|hop tac xa)( |,|$)/;
const PERSON_NAME = / (ho gia dinh|ca nhan)( |,|$)/;
/** A record done above the commune: its name says so ("(thực hiện tại cấp tỉnh)"), or at the centre ("cấp trung ương"), where a citizen seldom goes. */
const UPPER_LEVEL_NAME = / thuc hien tai cap (tinh|trung uong|bo)( |$)/;
const CENTRAL_LEVEL_NAME = / (thuc hien tai )?cap (trung uong|bo)( |$)/;
/** A child the story is about, and a name for children. */
const CHILD_Q = / (con toi|con em|con minh|con tui|con nho|con gai|con trai|be|chau|tre|tre em|so sinh|moi sinh|hoc sinh|dua nho|dua con|thang con|con be|(\d|muoi|mot|hai|ba|bon|nam|sau|bay|tam|chin) tuoi)( |$)/;
const CHILD_NAME = / (tre em|tre duoi|duoi (6|14|16|18) tuoi|chua du (14|16|18) tuoi|hoc sinh|tre so sinh|nguoi chua thanh nien|nhi)( |$)/;
/** A death in the story ("bố tôi mất rồi", "qua đời", "đám tang") and a name about one. */
const DEATH_Q = / (qua doi|tu tran|chet|hy sinh|mat (roi|nam|hom|thang|tuan|ngay|luc|vi|do|dot ngot)|da mat|vua mat|moi mat|khai tu|mai tang|dam tang|dam ma|tang le|tien tuat|tu tuat|lo hau su|chon cat|an tang|hai cot|thi hai|tro cot)( |$)/;
const DEATH_NAME = / (tu tran|chet|mai tang|tu tuat|tuat|khai tu|hy sinh|hai cot|thi hai|tro cot|qua doi|mat tich)( |$)/;
/** A first issue said ("lần đầu", "chưa bao giờ có", "chưa có sổ") and a name for one. */
const NEW_Q = / (lan dau|chua (bao gio|tung|he) (co|lam|duoc cap|dang ky)|chua (co|lam|duoc cap) (so|giay|the|bang|giay phep|giay chung nhan)|cap moi|lam moi|mo moi)( |$)/;
const NEW_NAME = / (lan dau|cap moi|moi)( |$)/;
/** A late or repeated registration ("đăng ký lại", "quá hạn", "hồi đó chưa đăng ký") and a name for one. */
const LATE_Q = / (qua han|tre han|dang ky lai|chua (bao gio |tung |he )?dang ky|khong (con|co) (so|ban chinh|ban goc)|so goc( [a-z]+){0,3} (mat|chay|hu|hong))( |$)/;
const LATE_NAME = / (dang ky lai|qua han|ghi vao so)( |$)/;
/** Ending, removing or handing back something (a registration, a business, a guardianship) and a name that does it. */
const END_Q = / (xoa|go ten|cat khau|cham dut|ket thuc|giai the|dep (tiem|quan|cua hang|luon|han)|nghi han|dong cua|khong (kinh doanh|lam|ban|hoat dong|o( [a-z]+){0,2}) nua|khong con o|thoi (huong|nhan|lanh|linh|kinh doanh|lam|viec|giam ho)|huy (bo|dang ky|giay|hop dong)|tra lai|nop lai|rut (ten|ho so|khoi|giay)|thu hoi|ban (xe|tau|thuyen)|het (can|muon)|(dung|ngung|ngat) (nhan|huong|lanh|linh|dong|chi tra))( |$)/;
const END_NAME = /^ (thu tuc )?(xoa|cham dut|giai the|thoi|huy|thu hoi|rut|dang ky cham dut|dang ky giai the)( |$)/;
/**
 * Stopping for a while ("đóng cửa vài tháng rồi mở lại", "tạm nghỉ", "nghỉ 6 tháng") and going on
 * after a suspension ("nhận tiếp", "tiếp tục hưởng", "mở lại"): a pause is no ending.
 */
const PAUSE_Q = / (tam ngung|tam dung|tam nghi|tam dong|(nghi|dong cua|ngung|dung)( [a-z]+){0,3} (vai|may|mot|hai|ba|bon|nam|sau|\d+) (thang|tuan|nam)|mot thoi gian|(dong cua|dong|nghi|ngung|dung) tam|(roi|xong|sau do)( ve| quay ve| quay lai)? mo (cua )?lai|mo cua lai)( |$)/;
const PAUSE_NAME = / (tam ngung|tam dung|tam hoan)( |$)/;
const RESUME_Q = / (tiep tuc|(nhan|huong|lanh|linh|hoc|kinh doanh|ban|lam) tiep|mo lai|hoat dong lai|khoi phuc)( |$)/;
const RESUME_NAME = / (tiep tuc|khoi phuc)( |$)/;
/** A loss denied ("không mất", "chưa bị mất"): no reissue. */
const LOSS_DENIED = / (khong|ko|chua|hong|k) (bi )?(mat|that lac)( |$)/;
/** The reissue cues other than "mất", whose sense `senseOfMat` reads (a death or a cost is no loss). */
const REISSUE_OTHER_Q = / (that lac|cap lai|lam lai|xin lai|bi trom|chay|troi|rot mat|danh roi)( |$)/;

/** Moving something to another place (a benefit, a school, a record) and a name that moves it. */
const MOVE_Q = / (chuyen (ve|ra|vao|den|toi|sang|qua|di|nha|truong|noi)|don (ve|ra|vao|di|nha)|doi noi|sang (tinh|tp|thanh pho|huyen|xa|phuong) khac|noi khac|tinh khac)( |$)/;
const MOVE_NAME = / (chuyen noi|chuyen huong|di chuyen|chuyen truong|chuyen tiep nhan|thay doi noi|noi nhan)( |$)/;

/**
 * A copy asked for ("bản sao", "sao y", "photo", "trích lục"): a copy is issued from the office's
 * register or certified from the original, never the paper issued again.
 */
const COPY_Q = / (ban sao|sao y|sao lai|photo|trich luc|ban chup)( |$)/;
const COPY_NAME = / (ban sao|trich luc)( |$)/;
/** The original itself gone ("mất bằng", "bản gốc thất lạc", "cháy hết"): a copy then comes from the register, not from the original. */
const ORIGINAL_GONE_Q = / (mat|that lac|bi trom|chay|troi|khong con|rach nat)( |$)/;
const FROM_REGISTER_NAME = / (tu so goc|so goc)( |$)/;
const FROM_ORIGINAL_NAME = / tu ban chinh( |$)/;
/**
 * A combined procedure ("… kết hợp …", "Liên thông …") and a story where one of its parts is
 * done or held already ("giấy khai sinh chỉ có tên mẹ", "đã có giấy khai sinh", "khai sinh
 * riêng"): the other part alone is asked for.
 */
const COMBINED_NAME = / (ket hop|lien thong)( |$)/;
const PART_HELD_Q =
  / ((giay )?khai sinh( [a-z]+){0,6} (chi co|chi ghi|de trong|bo trong|trong|khong co ten|thieu ten|ghi ten)|(da|roi|van) (co|lam|dang ky)( [a-z]+){0,2} (giay )?khai sinh|(lam|dang ky) (giay )?khai sinh (rieng|roi|xong)|co (giay )?khai sinh (roi|ma|nhung))( |$)/;
/** Paid every month or once ("hằng tháng", "mỗi tháng" / "một lần", "một cục"): the benefits differ by it. */
const MONTHLY_Q = / (hang thang|moi thang|thang thang|tung thang)( |$)/;
const ONCE_Q = / (mot lan|mot cuc|mot khoan|lanh luon|nhan luon)( |$)/;
const MONTHLY_NAME = / (hang thang|hangthang)( |$)/;
const ONCE_NAME = / mot lan( |$)/;

/**
 * Something the citizen says is not the case or not wanted yet ("chứ không phải lễ hội lớn", "chưa tính đến chuyện nhận
 * con nuôi ngay", "không phải trong nghĩa trang"): the words after the cue, up to the end of the clause ("mà", "nhưng",
 * "chỉ", punctuation) and at most six words. Read on `foreignText`. A paper said to be lacking ("chứ không có giấy đăng
 * ký kinh doanh") is no such cue: what one lacks is often what the procedure is about.
 */
const NEGATION_CUE = / (chu khong phai la|chu khong phai|khong phai la|khong phai|chua (tinh|nghi|muon|dinh)( den| toi)?( chuyen| viec)?|khong (tinh|dinh|muon)( den| toi)? (chuyen|viec)) /g;
const NEGATION_END = new Set([',', '.', ';', '!', '?', 'ma', 'nhung', 'chi', 'thoi', 'va']);

/**
 * The question's word pairs said only inside a negation ("lễ hội" in "chứ không phải lễ hội lớn"), never outside one:
 * a name built on such a pair is the sibling the citizen rules out.
 */
export function negatedPairs(question: string): Set<string> {
  const text = foreignText(question);
  const inside = new Set<string>();
  const spans: Array<[number, number]> = [];
  for (const m of text.matchAll(NEGATION_CUE)) {
    const start = m.index! + m[0].length;
    const words = text.slice(start).split(' ');
    let n = 0;
    while (n < words.length && n < 6 && words[n] && !NEGATION_END.has(words[n]!)) n++;
    const span = words.slice(0, n);
    for (let i = 0; i + 1 < span.length; i++) inside.add(`${span[i]} ${span[i + 1]}`);
    spans.push([m.index!, start + span.join(' ').length]);
  }
  if (!inside.size) return inside;
  let outside = text;
  for (const [a, b] of spans.reverse()) outside = `${outside.slice(0, a)} | ${outside.slice(b)}`;
  const words = outside.split(' ').filter(Boolean);
  for (let i = 0; i + 1 < words.length; i++) inside.delete(`${words[i]} ${words[i + 1]}`);
  return inside;
}

/** Whether a procedure name is built on one of the negated pairs (its words pairs, the level or province tail left out). */
export function nameNegated(name: string, negated: ReadonlySet<string>): boolean {
  return negated.size > 0 && nameTokens(name).bigrams.some((b) => negated.has(b));
}

/**
 * The case readers of `preference.ts`, passed in (that module applies the reranker, so this
 * one does not import it back).
 */
export interface CaseReaders {
  caseOfQuestion(text: string): string | null;
  casesOfName(name: string): readonly string[];
  forIndividuals(p: Procedure): boolean | null;
  /** Stopping for good or pausing, as the preferences read it (the cues below read the same story the same way). */
  lifecycleOfQuestion?(text: string): 'end' | 'pause' | null;
}

/** The question's folded words and the cues read once for every candidate. */
interface QuestionView {
  words: Set<string>;
  request: Set<string>;
  /** Words of the sentences that ask (with a question mark) and of the last sentence: where a story says what it wants. */
  ask: Set<string>;
  text: string;
  bigrams: Set<string>;
  asked: string | null;
  foreign: boolean;
  extend: boolean;
  exchange: boolean;
  reissue: boolean;
  certify: boolean;
  online: boolean;
  organisation: boolean;
  child: boolean;
  death: boolean;
  first: boolean;
  late: boolean;
  end: boolean;
  move: boolean;
  pause: boolean;
  resume: boolean;
  copy: boolean;
  originalGone: boolean;
  partHeld: boolean;
  monthly: boolean;
  once: boolean;
  negated: Set<string>;
}

/** The sentences that ask something (a question mark) and the last one. */
export function askingSentences(text: string): string[] {
  const sentences = text
    .split(/(?<=[.?!;\n])/u)
    .map((t) => t.trim())
    .filter((t) => /[\p{L}\p{N}]/u.test(t));
  return sentences.filter((t, i) => i === sentences.length - 1 || t.includes('?'));
}

function viewOf(question: string, readers: CaseReaders): QuestionView {
  const normalized = normalizeVi(question);
  const text = ` ${fold(question).replace(/[^a-z0-9]+/g, ' ')} `;
  const list = text.trim().split(' ');
  const request = doneClauses(normalized, hasDiacritics(normalized))
    .filter((c) => !c.done)
    .flatMap((c) => fold(c.text).split(/[^a-z0-9]+/).filter(Boolean));
  const requestText = ` ${request.join(' ')} `;
  const bigrams = new Set<string>();
  for (let i = 0; i + 1 < list.length; i++) bigrams.add(`${list[i]} ${list[i + 1]}`);
  const asked = readers.caseOfQuestion(question);
  // The preferences' readers know more wordings ("xã cũng không còn lưu sổ", "đóng cửa tạm rồi về mở lại"): a cue either reads counts.
  const lifecycle = readers.lifecycleOfQuestion?.(question) ?? null;
  const pause = PAUSE_Q.test(text) || lifecycle === 'pause';
  return {
    words: new Set(list),
    request: new Set(request),
    ask: new Set(askingSentences(normalized).flatMap((t) => fold(t).split(/[^a-z0-9]+/).filter(Boolean))),
    text,
    bigrams,
    asked,
    foreign: FOREIGN_ELEMENT.test(foreignText(question)),
    extend: EXTEND_Q.test(text),
    exchange: EXCHANGE_Q.test(text),
    reissue: reissueAsked(normalized, text),
    certify: CERTIFY_Q.test(text),
    online: ONLINE_Q.test(text),
    organisation: ORGANISATION_Q.test(text),
    child: CHILD_Q.test(text),
    death: DEATH_Q.test(text),
    first: NEW_Q.test(text),
    late: LATE_Q.test(text) || asked === 'late',
    end: (END_Q.test(text) || lifecycle === 'end') && !pause,
    move: MOVE_Q.test(text),
    pause,
    resume: RESUME_Q.test(text),
    copy: COPY_Q.test(text),
    originalGone: ORIGINAL_GONE_Q.test(text),
    partHeld: PART_HELD_Q.test(text),
    // Read on the request: "đang hưởng trợ cấp hằng tháng" tells what is received already, not what is asked.
    monthly: MONTHLY_Q.test(requestText),
    once: ONCE_Q.test(requestText),
    negated: negatedPairs(question),
  };
}

/** A lost paper told ("bị mất", "mất thẻ", "thất lạc", "cấp lại"), never a death, a cost or a loss denied. */
function reissueAsked(normalized: string, folded: string): boolean {
  if (REISSUE_OTHER_Q.test(folded)) return true;
  if (LOSS_DENIED.test(folded) && !/ (bi|lam|danh) mat /.test(folded.replace(LOSS_DENIED, ' '))) return false;
  const tokens = tokenizeVi(normalized);
  return tokens.some((_, i) => senseOfMat(tokens, i) === 'loss');
}


/** How a name agrees with a cue of the question: 1 both, −1 the name only, 0 when the name does not have it. */
const agree = (inName: boolean, inQuestion: boolean): number => (inName ? (inQuestion ? 1 : -1) : 0);

/**
 * Whether another candidate's name is this one's with words removed ("Đăng ký kết hôn" inside
 * "Đăng ký kết hôn lưu động"), and the share of the added words the question says: a
 * specialised variant is for a citizen who names what makes it special.
 */
function specialisation(own: readonly string[], others: ReadonlyArray<readonly string[]>, words: ReadonlySet<string>): { special: boolean; explained: number; general: boolean } {
  const set = new Set(own);
  let best: readonly string[] | null = null;
  let general = false;
  for (const o of others) {
    if (o.length === 0) continue;
    if (o.length < own.length && o.every((t) => set.has(t)) && (!best || o.length > best.length)) best = o;
    if (o.length > own.length && own.length > 0 && own.every((t) => o.includes(t))) {
      const extra = o.filter((t) => !set.has(t));
      if (extra.length && extra.some((t) => words.has(t))) general = true;
    }
  }
  if (!best) return { special: false, explained: 0, general };
  const base = new Set(best);
  const extra = own.filter((t) => !base.has(t));
  return { special: true, explained: extra.length ? extra.filter((t) => words.has(t)).length / extra.length : 0, general };
}

export const RERANK_FEATURES = [
  'pref',
  'top',
  'invRank',
  'hybRel',
  'hybInvRank',
  'lexical',
  'dense',
  'name',
  'situation',
  'situated',
  'lexInv',
  'denseInv',
  'full',
  'commune',
  'provincial',
  'individuals',
  'overlapQ',
  'overlapReq',
  'overlapAsk',
  'missing',
  'bigramQ',
  'caseMatch',
  'caseMismatch',
  'foreignMatch',
  'foreignNameOnly',
  'foreignQuestionOnly',
  'extendName',
  'extendMatch',
  'exchangeMatch',
  'reissueMatch',
  'certifyMatch',
  'onlineName',
  'internalName',
  'orgForPerson',
  'personForOrg',
  'orgName',
  'personName',
  'upperLevelName',
  'provinceOnly',
  'centralName',
  'centralOnly',
  'childMatch',
  'deathMatch',
  'newMatch',
  'lateMatch',
  'endMatch',
  'moveMatch',
  'special',
  'specialExplained',
  'specialUnexplained',
  'generalOfExplained',
  'nameLength',
  'copyMatch',
  'reissueForCopy',
  'copySource',
  'combinedName',
  'combinedPartHeld',
  'periodMatch',
  'pauseMatch',
  'resumeMatch',
  'negatedName',
] as const;

/** The feature vector of each candidate (in `RERANK_FEATURES` order). `preferred` is the list after the citizen preferences, `raw` the retriever's. */
export function rerankFeatures(
  preferred: readonly SearchHit[],
  raw: readonly SearchHit[],
  catalogue: ProcedureCatalog,
  question: string,
  depth: number,
  readers: CaseReaders,
): number[][] {
  const q = viewOf(question, readers);
  const list = preferred.slice(0, depth);
  const top = Math.max(list[0]?.score ?? 0, 1e-9);
  const rawTop = Math.max(raw[0]?.score ?? 0, 1e-9);
  const maxDense = Math.max(0, ...list.map((h) => h.signals?.dense ?? 0));
  const listTokens = list.map((h) => nameTokens(h.name).tokens);
  return list.map((h, i) => {
    const p = catalogue.get(h.code);
    const s = h.signals ?? {};
    const rawIndex = raw.findIndex((r) => r.code === h.code);
    const rawHit = rawIndex >= 0 ? raw[rawIndex]! : h;
    const { tokens, bigrams } = nameTokens(h.name);
    const inQ = tokens.filter((t) => q.words.has(t)).length;
    const inReq = tokens.filter((t) => q.request.has(t)).length;
    const inAsk = tokens.filter((t) => q.ask.has(t)).length;
    const name = ` ${foldName(h.name).replace(/[^a-z0-9]+/g, ' ')} `;
    const cases = readers.casesOfName(h.name);
    const nameForeign = FOREIGN_NAME.test(name);
    const extendName = EXTEND_NAME.test(name);
    const orgApplicant = !!p?.applicants.some((a) => ORGANISATION_APPLICANT.test(foldName(a)));
    const individuals = p ? readers.forIndividuals(p) : null;
    const levels = p?.levels ?? [];
    const spec = specialisation(tokens, listTokens.filter((_, k) => k !== i), q.words);
    const feature: Record<(typeof RERANK_FEATURES)[number], number> = {
      pref: h.score / top,
      top: i === 0 ? 1 : 0,
      invRank: 1 / (i + 1),
      hybRel: rawHit.score / rawTop,
      hybInvRank: 1 / (Math.max(rawIndex, 0) + 1),
      lexical: s.lexical ?? 0,
      dense: (s.dense ?? 0) - maxDense,
      name: s.name ?? 0,
      situation: s.situation ?? 0,
      situated: s.situated ?? 0,
      lexInv: s.lexRank ? 1 / s.lexRank : 0,
      denseInv: s.denseRank ? 1 / s.denseRank : 0,
      full: p?.detailLevel === 'full' ? 1 : 0,
      commune: p?.levels.includes('xa') ? 1 : 0,
      provincial: p?.scope === 'provincial' ? 1 : 0,
      individuals: p && readers.forIndividuals(p) === true ? 1 : 0,
      overlapQ: tokens.length ? inQ / tokens.length : 0,
      overlapReq: tokens.length ? inReq / tokens.length : 0,
      overlapAsk: tokens.length ? inAsk / tokens.length : 0,
      missing: Math.min(5, tokens.length - inQ) / 5,
      bigramQ: bigrams.length ? bigrams.filter((b) => q.bigrams.has(b)).length / bigrams.length : 0,
      caseMatch: q.asked && cases.includes(q.asked) ? 1 : 0,
      caseMismatch: q.asked && !cases.includes(q.asked) ? 1 : 0,
      foreignMatch: q.foreign && nameForeign ? 1 : 0,
      foreignNameOnly: !q.foreign && nameForeign ? 1 : 0,
      foreignQuestionOnly: q.foreign && !nameForeign ? 1 : 0,
      extendName: extendName && !q.extend ? 1 : 0,
      extendMatch: extendName && q.extend ? 1 : 0,
      exchangeMatch: EXCHANGE_NAME.test(name) ? (q.exchange ? 1 : -1) : 0,
      reissueMatch: REISSUE_NAME.test(name) ? (q.reissue ? 1 : -1) : 0,
      certifyMatch: CERTIFY_NAME.test(name) ? (q.certify ? 1 : -1) : 0,
      onlineName: / truc tuyen /.test(name) ? (q.online ? 1 : -1) : 0,
      internalName: INTERNAL_NAME.test(name) ? 1 : 0,
      orgForPerson: !q.organisation && individuals === false ? 1 : 0,
      personForOrg: q.organisation && p && p.applicants.length > 0 && !orgApplicant ? 1 : 0,
      orgName: ORGANISATION_NAME.test(name) ? (q.organisation ? 1 : -1) : 0,
      personName: PERSON_NAME.test(name) ? (q.organisation ? -1 : 1) : 0,
      upperLevelName: UPPER_LEVEL_NAME.test(name) ? 1 : 0,
      provinceOnly: levels.length > 0 && !levels.includes('xa') ? 1 : 0,
      centralName: CENTRAL_LEVEL_NAME.test(name) ? 1 : 0,
      centralOnly: levels.length > 0 && levels.every((l) => l === 'bo') ? 1 : 0,
      childMatch: agree(CHILD_NAME.test(name), q.child),
      deathMatch: agree(DEATH_NAME.test(name), q.death),
      newMatch: agree(NEW_NAME.test(name), q.first),
      lateMatch: agree(LATE_NAME.test(name), q.late),
      endMatch: agree(END_NAME.test(name.replace(/^ thu tuc /, ' ')), q.end),
      moveMatch: agree(MOVE_NAME.test(name), q.move),
      special: spec.special ? 1 : 0,
      specialExplained: spec.special ? spec.explained : 0,
      specialUnexplained: spec.special && spec.explained === 0 ? 1 : 0,
      generalOfExplained: spec.general ? 1 : 0,
      nameLength: Math.min(tokens.length, 20) / 20,
      copyMatch: agree(COPY_NAME.test(name), q.copy),
      reissueForCopy: q.copy && REISSUE_NAME.test(name) && !COPY_NAME.test(name) ? 1 : 0,
      copySource: q.copy && COPY_NAME.test(name) ? (FROM_REGISTER_NAME.test(name) ? (q.originalGone ? 1 : -1) : FROM_ORIGINAL_NAME.test(name) ? (q.originalGone ? -1 : 1) : 0) : 0,
      combinedName: COMBINED_NAME.test(name) ? 1 : 0,
      combinedPartHeld: COMBINED_NAME.test(name) && q.partHeld ? 1 : 0,
      periodMatch: MONTHLY_NAME.test(name) ? (q.monthly && !q.once ? 1 : q.once && !q.monthly ? -1 : 0) : ONCE_NAME.test(name) ? (q.once && !q.monthly ? 1 : q.monthly && !q.once ? -1 : 0) : 0,
      pauseMatch: agree(PAUSE_NAME.test(name), q.pause),
      resumeMatch: agree(RESUME_NAME.test(name), q.resume),
      negatedName: nameNegated(h.name, q.negated) ? 1 : 0,
    };
    return RERANK_FEATURES.map((f) => feature[f]);
  });
}

/** The model's score of each feature vector. */
export function rerankScores(model: RerankModel, rows: readonly number[][]): number[] {
  const index = model.features.map((f) => (RERANK_FEATURES as readonly string[]).indexOf(f));
  return rows.map((x) => model.weights.reduce((s, w, k) => s + w * (index[k]! >= 0 ? x[index[k]!]! : 0), 0));
}

/**
 * The first `model.depth` hits in the model's order; the scores the list had stay in place
 * (the best score goes to the new first hit), so thresholds downstream read the same
 * distribution. Ties keep the preferred order.
 */
export function rerank(
  model: RerankModel,
  preferred: readonly SearchHit[],
  raw: readonly SearchHit[],
  catalogue: ProcedureCatalog,
  question: string,
  readers: CaseReaders,
): SearchHit[] {
  if (preferred.length < 2 || model.depth < 2) return [...preferred];
  const floor = (preferred[0]!.score || 0) * (model.minRatio ?? 0);
  let depth = 0;
  while (depth < Math.min(model.depth, preferred.length) && preferred[depth]!.score >= floor) depth++;
  if (depth < 2) return [...preferred];
  const head = preferred.slice(0, depth);
  const scores = rerankScores(model, rerankFeatures(head, raw, catalogue, question, depth, readers));
  const order = head.map((h, i) => ({ h, i, s: scores[i]! })).sort((a, b) => b.s - a.s || a.i - b.i);
  const sortedScores = head.map((h) => h.score).sort((a, b) => b - a);
  const reordered = order.map((o, k) => (o.i === k ? o.h : { ...o.h, score: sortedScores[k]! }));
  return [...reordered, ...preferred.slice(depth)];
}

