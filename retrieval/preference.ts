import type { Procedure } from '../knowledge/index.js';
import { provinceKey } from './filters.js';
import { CACHE_LIMIT } from '../knowledge/text/cache.js';
import { doneClauses } from './query.js';
import { askingSentences, fold, foldName, FOREIGN_ELEMENT, foreignText, nameNegated, negatedPairs, ORGANISATION_APPLICANT, rerank, type RerankModel } from './rerank.js';
import { RERANK_MODEL } from './rerank-model.js';
import { hasDiacritics, normalizeVi } from './text.js';
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
 *   citizen's words: a loss ("bị mất", "thất lạc", "để quên") → cấp lại; damage ("rách",
 *   "mờ", "gãy", "ố vàng") or changed details ("đổi tên", "hết hạn", "sai thông tin") → cấp
 *   đổi; "quá hạn" → late; a bare "làm lại" → cấp lại only when nothing else is said;
 * - **lifecycle**: closing for good ("dẹp hẳn", "không kinh doanh nữa") → chấm dứt, for a
 *   while ("nghỉ vài tháng rồi mở lại") → tạm ngừng, never a first registration.
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
  /** The learned reranker applied after the rules (`rerank.ts`); null: the rules' order only. Default: the shipped model. */
  rerank?: RerankModel | null;
}

export const DEFAULT_DEPLOYMENT_PROVINCE = 'Hà Nội';

/** A citizen's text folded to its words, space-padded (" cap lai the can cuoc "), for the phrase tests below. */
const foldedWords = (text: string): string => ` ${fold(text).replace(/[^a-z0-9]+/g, ' ')} `;

const INDIVIDUAL_APPLICANT = /(cong dan|ca nhan|ho gia dinh|nguoi viet nam|nguoi nuoc ngoai|dang vien|nguoi dan)/;

const CHILD_WORDS = / (cho con|cho be|cho chau|tre em|con toi|con em|con minh|be nha|so sinh|tre nho) /;
const ONLINE_WORDS = / (online|truc tuyen|vneid|qua mang|dich vu cong|tren mang|toan trinh) /;
const ORGANISATION_WORDS = / (cong ty|doanh nghiep|to chuc|hop tac xa|don vi|co quan) /;
/**
 * The asker speaks for an organisation ("công ty tôi", "doanh nghiệp chúng tôi"): a mere
 * employer in a worker's story ("đóng bảo hiểm ở công ty") does not count.
 */
const ASKS_FOR_ORGANISATION =
  / (cong ty|doanh nghiep|hop tac xa|to chuc|trung tam|xuong|nha may|co so san xuat|co so kinh doanh)( [a-z]+){0,2} (cua )?(toi|minh|chung toi|bon toi|chung em|em|tui) /;

/** Another hit of the same family names a foreign element ("… có yếu tố nước ngoài"). */
function hasForeignTwin(name: string, others: ReadonlyArray<Procedure | undefined>): boolean {
  const base = foldName(name).replace(/^thu tuc /, '');
  return others.some((o) => !!o && foldName(o.name).replace(/^thu tuc /, '').startsWith(base) && / co yeu to nuoc ngoai/.test(foldName(o.name)));
}

/**
 * The question names a word of this procedure's name that no other hit's name has
 * ("giấy phép liên vận GMS"): the citizen is asking for this very procedure, whoever its
 * applicants are, so the applicant preference does not move it.
 */
function namesOwnWord(name: string, asked: ReadonlySet<string>, records: ReadonlyArray<{ p: Procedure | undefined }>): boolean {
  const words = (n: string) => foldName(n).split(/[^a-z0-9]+/).filter((t) => t.length > 1);
  const own = words(name).filter((t) => asked.has(t));
  if (own.length === 0) return false;
  const others = new Set(records.filter((r) => r.p && r.p.name !== name).flatMap((r) => words(r.p!.name)));
  return own.some((t) => !others.has(t));
}

const DISTRICT_LEVEL = / \(thuc hien tai cap huyen\)\s*\.?\s*$/;
/** A district-level record ("… (thực hiện tại cấp huyện)") beside its commune-level twin among the hits. */
function hasCommuneTwin(name: string, records: ReadonlyArray<{ p: Procedure | undefined }>): boolean {
  const f = ` ${foldName(name)}`;
  if (!DISTRICT_LEVEL.test(f)) return false;
  const base = f.replace(DISTRICT_LEVEL, '');
  return records.some((r) => !!r.p && ` ${foldName(r.p.name)}`.replace(/ \(thuc hien tai cap xa\)\s*\.?\s*$/, '') === base && / \(thuc hien tai cap xa\)/.test(foldName(r.p.name)));
}

/** Whether the record's applicants include individuals; null when it lists none. */
export function forIndividuals(p: Procedure): boolean | null {
  if (!p.applicants.length) return null;
  return p.applicants.some((a) => INDIVIDUAL_APPLICANT.test(foldName(a)));
}

/** The case a procedure name is for (the first, when the name covers two: "Cấp lại …, Cấp đổi sang …"). */
export function caseOfName(name: string): ProcedureCase {
  return casesOfName(name)[0]!;
}

/** A procedure name (folded, spaced) that reports a lost paper: "Trình báo mất hộ chiếu …". */
const LOSS_REPORT_NAME = /^ (thu tuc )?trinh bao mat\b/;

/**
 * Every case a procedure name covers: "Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh, Cấp
 * đổi sang …" is both the reissue and the change.
 */
export function casesOfName(name: string): ProcedureCase[] {
  // "đối với" folds to "doi voi", which is no "đổi".
  const f = ` ${foldName(name)} `.replace(/ doi voi /g, ' voi ');
  const out: ProcedureCase[] = [];
  if (/ (qua han|dang ky lai|dang ky khai sinh lai|ghi vao so|bo sung ho tich)\b/.test(f)) out.push('late');
  // "Cấp, cấp lại …" covers a first issue as well.
  if (/ cap lai\b/.test(f) && !/ cap, cap lai\b/.test(f)) out.push('reissue');
  // Reporting a lost paper ("Trình báo mất hộ chiếu") is what a loss asks for first.
  if (LOSS_REPORT_NAME.test(f)) out.push('reissue');
  if (/ (cap doi|doi |thay doi|dieu chinh|sua doi|cai chinh|chuyen doi|gia han)/.test(f)) out.push('change');
  if (out.length === 0) out.push('new');
  return out;
}

/** Kin and people whose "mất" is a death ("bố tôi mất", "anh chị tôi mất trong tai nạn"). */
const PERSON_DIED =
  / (bo|me|ba|ma|cha|u|ong|ong noi|ong ngoai|ba noi|ba ngoai|chong|vo|anh|chi|em|em trai|em gai|con|co|chu|bac|di|cau|thim|mo|nguoi than|nguoi|cu)( (toi|minh|em|tui|tao|noi|ngoai|ruot|ho|ay|chau|nha toi|cua toi|cua em))*( (da|vua|moi|cung|bi))* mat(?= (roi|nam|hom|tuan|thang|ngay|trong|vi|do|khi|luc|tai|o|de lai|co de lai|co di chuc|khong|cach|duoc|sau|truoc|,|\.)| *$)/g;
/** A paper lost: said outright ("bị mất", "đánh rơi", "thất lạc"), or "mất" before the thing lost. */
const LOST =
  / (bi mat|lam mat|danh mat|danh roi|lam roi|that lac|de quen|bo quen|bi trom|bi moc tui|bi cuop|bi lay mat|chay mat|troi mat|cuon mat|mat (the|giay|so|bang|cmnd|chung minh|can cuoc|ho chieu|passport|vi|bop|tui|cai|het|luon|ca|tat ca|ban|ban goc|ban chinh|cavet|cà vẹt|ca vet|dang ky xe|giay to)|mat roi)\b/;
/** Damage: a paper worn, torn, faded or broken (accented where the bare syllable is ambiguous: "hỏng" / "hông", "mờ" / "mở", "gãy" / "gây"). */
const DAMAGED_ACCENTED = / (hỏng|hư|rách|nát|mờ|nhòe|nhoè|gãy|ố|ướt|sờn|tróc|bể|vỡ|cong vênh)(?= )/u;
const DAMAGED_FOLDED =
  / (bi hong|hu hong|hong roi|hong het|hong mat|rach|nat|nhau nat|bi mo|mo het|mo chu|chu mo|mo nhoe|nhoe|bi gay|gay doi|gay mat|o vang|bi uot|uot het|ngam nuoc|bong troc|bi bong|phai mau|mat chu|bi be|be doi|cu nat|te nat|mau cu|loai cu|doi mau|mau moi|loai moi|so moi|the moi|doi sang)\b/;
/** Information on the paper changed or wrong: a change of the paper ("đổi tên", "sai ngày sinh", "chuyển địa chỉ"). */
const CHANGED =
  / (doi ten|doi ho|thay doi (thong tin|noi dung|ho ten|ten|dia chi|ngay sinh|que quan|dan toc|gioi tinh)|sai thong tin|sai ten|sai ngay|ghi sai|ghi nham|nham thong tin|dieu chinh|cap nhat thong tin|cap nhat lai|het han|sap het han|het hieu luc|qua han su dung|gia han|cap doi|doi the|doi so|doi bang|doi giay|doi lai)\b/;

/**
 * The office's own register is lost or ruined ("sổ gốc cũng mất", "sổ hộ tịch bị cháy", "xã
 * nói sổ bị hư mất", "xã cũng không còn sổ", "sổ ở xã cũng không còn", "sổ năm đó thất lạc"; a
 * citizen's own book, "sổ đỏ", "sổ hộ khẩu", is none of these): no extract or copy can be issued from it, so the
 * event is registered again (đăng ký lại khai sinh / khai tử / kết hôn / nuôi con nuôi), whatever
 * the citizen lost themself.
 */
const REGISTER_LOST =
  / (so (goc|ho tich|luu|cu|khai sinh|khai tu|dang ky)( [a-z0-9]+){0,3}( cung| da| deu)*( bi)? (mat|chay|hong|hu|that lac|rach|moi|khong con)|so (o|cua|tai) (xa|phuong|uy ban|ubnd)( [a-z]+){0,2}( cung| da| deu)*( bi)? (khong con|that lac|mat|chay)|so (nam do|nam \d+|hoi do|luc do)( cung| da| deu)*( bi)? (khong con|that lac|mat|chay)|(xa|phuong|can bo)( [a-z]+){0,3} (bao|noi|cho biet) so( [a-z]+){0,2}( cung| da| deu)*( bi)? (khong con|that lac|mat|chay)|(xa|phuong|uy ban|ubnd)( [a-z]+){0,2}( cung)? (khong con|het|mat) (so|luu)|so( [a-z]+){0,2} (bi )?(hu|hong|chay) mat|khong con (luu|so goc|so luu|so ho tich))\b/;
/**
 * A household business changing what it registered: its premises ("chuyển cửa hàng sang địa
 * chỉ mới", "mặt bằng khác"), its owner ("chuyển cho tui làm chủ hộ") or its goods ("bán thêm
 * giày dép"). A change of the registration, not a new one nor a reissue.
 */
const BUSINESS_CHANGED =
  / ((cua hang|quan|shop|tiem|cua tiem|xuong|co so|ho kinh doanh)( [a-z]+){0,3} (sang|qua|den|ve|ra) (dia chi|mat bang|dia diem|cho|cho khac)( [a-z]+)? (moi|khac)|(mat bang|dia diem kinh doanh) (moi|khac)|(lam|doi|thay|sang ten) chu ho|(ban|kinh doanh) them (mat hang|nganh|hang|[a-z]+ [a-z]+)|them nganh( nghe)?|bo sung nganh)\b/;

/** The case a citizen's message describes; null when it does not say. */
export function caseOfQuestion(text: string): ProcedureCase | null {
  const n = ` ${normalizeVi(text).replace(/[.,;:!?()"“”]/g, (c) => ` ${c} `).replace(/\s+/g, ' ')} `;
  // "mất bao lâu", "mất tiền", "mất mấy ngày": mất is what it costs, not a loss; "bố tôi mất": a death.
  const f = ` ${fold(n)} `
    .replace(/ mat (?=(bao|may|tien|phi|le phi|thoi gian|ngay|cong|nhieu|gi|khoang|tam|chung|hon|it|them|mot|hai|ba|vai)\b)/g, ' ton ')
    // "mặt bằng" is premises, but "mất bằng" typed with its marks is a diploma lost.
    .replace(/ (mat bang|mat tien|mat truoc|mat sau|mat hang|mat khau|mat ngu)\b/g, (m) => (m === ' mat bang' && / mất bằng\b/u.test(n) ? m : ' _ '))
    .replace(PERSON_DIED, (m) => m.replace(/ mat$/, ' tu tran'))
    // "vừa mất ngày 2/12", "mới mất hôm qua": a death told without the person just before (a loss says "bị mất" or what).
    .replace(/ (vua|moi|da|vua moi) mat (?=(ngay|hom|nam|tuan|thang|luc|cach|vi|do|trong|tai|khi|sau|,|\.))/g, ' $1 tu tran ');
  if (REGISTER_LOST.test(f)) return 'late';
  const lost = LOST.test(f);
  if (/ (lan dau|cap moi|lam moi|xay moi)\b/.test(f) && !lost && !/ (hong|rach|cap lai|lam lai)\b/.test(f)) return 'new';
  if (/ (qua han|tre han|bi tre|lo han|chua tung (duoc )?(lam|dang ky|co)|chua (co|lam) (giay )?khai sinh|khong co giay khai sinh|dang ky lai)\b/.test(f)) return 'late';
  if (lost) return 'reissue';
  if (DAMAGED_ACCENTED.test(n) || DAMAGED_FOLDED.test(f) || CHANGED.test(f) || BUSINESS_CHANGED.test(foldedWords(text))) return 'change';
  if (/ (mat|cap lai|lam lai|xin lai|lam cai khac)\b/.test(f.replace(/ lam lai tu dau\b/g, " "))) return 'reissue';
  // A bare "doi" may be "đội", "đời", "đối", "đợi": only the accented "đổi" or a folded pair says a change.
  // "sửa chữa, cải tạo nhà" is building work, not a correction.
  if (/ ((?<!thay )đổi|sửa(?! chữa)|sai)(?= )/u.test(n) || / (sua lai|sua doi|sua thong tin|sua ten|bi sai)\b/.test(f)) return 'change';
  if (/ (lan dau|moi sinh|vua sinh|cap moi|lam moi|xay moi|dang ky moi)\b/.test(f)) return 'new';
  // "làm giấy phép xây dựng", "xin giấy phép kinh doanh": asking for a permit with no other case word is a first issue.
  if (/ (lam|xin|can) (cai )?giay phep\b/.test(f)) return 'new';
  return null;
}

/** What a business (or an activity) is to do: stop for good, or pause and open again. */
export type Lifecycle = 'end' | 'pause';

const PAUSE_WORDS =
  / (tam nghi|tam ngung|tam dung|tam dong cua|nghi (mot )?(thoi gian|it lau|may thang|vai thang|\d+ thang|mot thang|hai thang|ba thang|nua nam)|dong cua (khoang |tam |chung )?(\d+|vai|may|mot|hai|ba|bon|nam|sau|nua) (thang|tuan|nam)|(dong cua|dong|nghi|ngung|dung) tam|(roi|xong|sau do)( ve| quay ve| quay lai)? mo (cua )?lai|mo lai sau|mo cua lai|kinh doanh lai|ban lai sau)\b/;
const END_WORDS =
  / (dep han|nghi han|dong cua han|dong han|thoi han|ngung han|dung han|bo han|nghi luon|dep luon|dong cua luon|khong (kinh doanh|buon ban|ban|lam|mo cua) nua|giai the|cham dut|thoi kinh doanh|dep tiem|dep quan|dep cua hang|sang nhuong lai)\b/;

/** Whether the citizen's words stop something for good or pause it; null when neither. */
export function lifecycleOfQuestion(text: string): Lifecycle | null {
  const f = foldedWords(text);
  if (PAUSE_WORDS.test(f)) return 'pause';
  if (END_WORDS.test(f)) return 'end';
  return null;
}

/** The lifecycle step a procedure name is for: "Tạm ngừng kinh doanh …", "Chấm dứt hoạt động …", or a first registration. */
export function lifecycleOfName(name: string): Lifecycle | 'start' | null {
  const f = ` ${foldName(name)} `;
  if (/ (tam ngung|tam dung)\b/.test(f)) return 'pause';
  if (/ (cham dut hoat dong|giai the|thong bao cham dut)\b/.test(f)) return 'end';
  if (/ (dang ky thanh lap|thanh lap)\b/.test(f)) return 'start';
  return null;
}

/**
 * The parts a combined procedure ("Liên thông thủ tục hành chính về đăng ký khai sinh, đăng
 * ký thường trú, cấp thẻ bảo hiểm y tế …") joins, each with the citizen's words that name it.
 */
const JOINED_PARTS: ReadonlyArray<{ inName: RegExp; asked: RegExp }> = [
  { inName: / khai sinh/, asked: / (khai sinh|giay chung sinh|moi sinh|vua sinh|moi de|vua de|so sinh)\b/ },
  { inName: / thuong tru/, asked: / (thuong tru|ho khau|nhap khau|nhap ho)\b/ },
  { inName: / bao hiem y te/, asked: / (bao hiem y te|bhyt|the bao hiem|the kham|kham chua benh)\b/ },
  { inName: / khai tu/, asked: / (khai tu|bao tu|giay chung tu|qua doi|tu tran)\b/ },
  { inName: / (mai tang|tu tuat)/, asked: / (mai tang|chon cat|ma chay|tang le|tien tuat|tu tuat)\b/ },
];

/**
 * A combined procedure is for a citizen who wants two or more of its parts: how many of the
 * parts its name joins the question names outside the steps already taken ("đã nhập hộ khẩu").
 * Null when the name joins fewer than two.
 */
export function joinedPartsAsked(name: string, request: string): { joined: number; asked: number } | null {
  const n = ` ${foldName(name)} `;
  if (!/ lien thong /.test(n)) return null;
  const parts = JOINED_PARTS.filter((p) => p.inName.test(n));
  if (parts.length < 2) return null;
  return { joined: parts.length, asked: parts.filter((p) => p.asked.test(request)).length };
}

/**
 * A birth already registered: the certificate told as existing with a blank or missing parent
 * ("giấy khai sinh của nó bỏ trống tên cha", "hồi đó khai sinh không có tên ba hắn"), or made
 * back then ("hồi đó làm khai sinh"). A procedure that registers the birth together with
 * something else ("Đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con") is then not the one.
 */
const BIRTH_PARENT_BLANK = / khai sinh( [a-z]+){0,6} (bo trong|de trong|bo trang|khong co ten|khong ghi ten|chua co ten|thieu ten|khong ghi)\b/;
// "từ lúc sinh ra chưa làm giấy khai sinh" is no registration: no negation between the time and the act.
const BIRTH_REGISTERED = new RegExp(
  `${BIRTH_PARENT_BLANK.source}| (hoi do|luc do|hoi truoc|truoc day|luc sinh|khi sinh)( (?!(chua|khong|ko|hong|chang|k)\\b)[a-z]+){0,3} (lam|dang ky|co|khai) (giay )?khai sinh\\b`,
);
/** The other parent said to refuse ("chồng em cũng không nhận con"): no recognition is asked for. */
const RECOGNITION_REFUSED = / (khong|hong|ko|k|cha|chang) (chiu |muon )?nhan (con|no|chau|be)\b/;

/**
 * A combined procedure ("Đăng ký khai sinh kết hợp …") one of whose parts the citizen says is
 * done already or will not happen.
 */
export function combinedPartRuledOut(name: string, question: string): boolean {
  const n = ` ${foldName(name)} `;
  if (!/ ket hop /.test(n)) return false;
  const f = foldedWords(question);
  if (/ khai sinh ket hop /.test(n) && BIRTH_REGISTERED.test(f)) return true;
  if (/ nhan cha, me, con| nhan cha me con/.test(n) && RECOGNITION_REFUSED.test(f)) return true;
  return false;
}

/**
 * A first birth registration ("Thủ tục đăng ký khai sinh", "… có yếu tố nước ngoài") for a
 * child whose birth the citizen says is registered already ("giấy khai sinh để trống tên cha"):
 * the birth is not registered twice; what is asked is what the paper lacks (a parent's
 * recognition, a correction).
 */
export function birthRegisteredAlready(name: string, question: string): boolean {
  const n = ` ${foldName(name)} `;
  if (!/ dang ky khai sinh\b/.test(n) || / (ket hop|dang ky lai|khai sinh lai)\b/.test(n)) return false;
  return BIRTH_PARENT_BLANK.test(foldedWords(question));
}

/** A paper the citizen says they hold already ("cháu đã có giấy xác nhận khuyết tật"): the words after its kind, up to four ("mới có thẻ" is "only then got it", told of the past). */
const HELD_PAPER = / (da|vua|hien da) (co|duoc cap|nhan duoc|lam xong|lam duoc|cam) (giay|the|chung chi|giay phep) ((?:[a-z0-9]+ ?){2,4})/g;

/**
 * Whether a record issues a paper the citizen says they hold already ("đã có giấy xác nhận
 * khuyết tật" beside "… cấp Giấy xác nhận khuyết tật"): a first issue of it is not asked for.
 * Its reissue or exchange may be, and is left alone.
 */
export function issuesHeldPaper(name: string, question: string): boolean {
  if (casesOfName(name).some((c) => c !== 'new')) return false;
  const n = ` ${foldName(name).replace(/[^a-z0-9]+/g, ' ')} `;
  for (const m of foldedWords(question).matchAll(HELD_PAPER)) {
    const words = m[4]!.trim().split(' ');
    // The paper's kind and its first two words at least, as the name writes them.
    if (words.length >= 2 && n.includes(` ${m[3]} ${words.slice(0, 2).join(' ')} `)) return true;
  }
  return false;
}

/**
 * What a procedure does to a registration or a benefit the citizen already has: remove it
 * ("Xóa đăng ký thường trú / tạm trú"), or move where it is paid or kept ("Chuyển nơi hưởng
 * trợ cấp thất nghiệp", "Giải quyết chuyển hưởng sang địa bàn khác", "Thay đổi hình thức
 * nhận, nơi nhận lương hưu", "Di chuyển hồ sơ …"). These sit beside the registration or the
 * benefit itself and share its words, so the words alone rank them by chance.
 */
export type ProcedureAction = 'remove' | 'transfer';

/** A vehicle's registration and plate handed back: a removal, but also what a seller does unasked, so never held against it. */
const SURRENDER_NAME = /^ thu hoi (giay )?chung nhan dang ky( xe)?, bien so\b/;

export function actionOfName(name: string): ProcedureAction | null {
  const f = ` ${foldName(name)} `.replace(/^ thu tuc /, ' ');
  // Taking a registration off the register: "Xóa đăng ký …", or a vehicle's registration and plate handed back ("Thu hồi chứng nhận đăng ký xe, biển số xe").
  if (/^ xoa (dang ky|ten)\b/.test(f) || SURRENDER_NAME.test(f)) return 'remove';
  if (/ (chuyen noi huong|chuyen huong|di chuyen ho so|thay doi hinh thuc nhan|noi nhan luong huu)\b/.test(f)) return 'transfer';
  return null;
}

/**
 * How citizens ask to be taken off a register: "xóa tên", "gỡ tên ra", "cắt khẩu", "rút hộ
 * khẩu", or the name told as still being there ("tên tui vẫn còn trên hệ thống", "tên em ấy
 * vẫn còn trong hộ khẩu"). A bare "xóa" is not enough ("xoá dữ liệu của tôi" is a privacy command).
 */
const ASKS_REMOVE =
  / (xoa (ten|dang ky|ho khau|khau|tam tru|thuong tru|so)|go (ten|bo ten|ra|khoi)|cat (ho )?khau|rut (ten|khau|ho khau)|ten( [a-z]+){0,3} (van|con|van con|hay con) (con|nam|de|trong|tren|o)|ra khoi (ho khau|so ho khau|danh sach)|(tra|nop|giao)( lai)?( (giay|giay to|giay dang ky|dang ky|cavet|ca vet))*( (xe|va|voi))* bien|thu hoi (giay )?(dang ky|bien so))\b/;
/**
 * Moving where a benefit is paid: said outright ("chuyển nơi hưởng", "đổi nơi nhận", "nhận
 * qua tài khoản"), or a move ("chuyển về", "dọn về", "ra Hà Nội ở") told beside receiving the
 * benefit at the new place ("muốn lãnh ở dưới đó", "nhận lương hưu ở Hà Nội").
 */
const ASKS_TRANSFER_OUTRIGHT =
  / (chuyen noi (huong|nhan|lanh|linh)|chuyen huong|doi noi (nhan|lanh|linh|huong)|nhan qua (tai khoan|the atm|ngan hang|atm)|(lanh|linh|nhan) qua (tai khoan|the|ngan hang|atm)|chuyen ho so (huong|nguoi co cong|tro cap|luong huu))\b/;
const MOVES = / (chuyen|don|dua)( [a-z]+){0,2} (ve|ra|vao|den|toi|sang)\b| (ve|ra|vao) (han|luon|o han|song)\b| (don|chuyen) nha\b/;
const RECEIVES_THERE = / (huong|lanh|linh|nhan)( tiep)?( (luong huu|tro cap|that nghiep|tien|bao hiem|xa hoi|hang thang|uu dai|cac thang|may thang|phan))*( con lai)? (o|tai) (?!dau\b)[a-z]+/;

/** The action the citizen's request asks for; null when it asks for neither. */
export function actionOfQuestion(request: string): ProcedureAction | null {
  const f = foldedWords(request);
  if (ASKS_REMOVE.test(f)) return 'remove';
  if (ASKS_TRANSFER_OUTRIGHT.test(f) || (MOVES.test(f) && RECEIVES_THERE.test(f))) return 'transfer';
  return null;
}

/**
 * What the citizen already receives ("đang hưởng trợ cấp thất nghiệp", "đang lãnh lương
 * hưu"): the first grant of that very benefit is not what they ask for. Returns the folded
 * words after the verb (up to four), or null.
 */
export function receivedBenefit(text: string): string[] | null {
  const f = foldedWords(text);
  const m = / (dang|dang duoc|van dang|van|hien dang) (huong|lanh|linh|nhan) ((?:[a-z]+ ?){1,4})/.exec(f);
  if (!m) return null;
  const words = m[3]!.trim().split(' ').filter((t) => t.length > 1 && !CASE_WORDS.has(t) && !/^(o|tai|hang|thang|nam|duoc|roi|tro)$/.test(t));
  return words.length ? words : null;
}

/** A first grant of a benefit: "Hưởng trợ cấp thất nghiệp", "Giải quyết hưởng lương hưu" (not "Tiếp tục hưởng", "Chuyển nơi hưởng"). */
const FIRST_GRANT = /^ (giai quyet )?(huong|thuc hien) /;

/**
 * Whose benefit it is: the same help (a monthly allowance, a funeral grant, a survivor's
 * allowance) is a different procedure for a person with merit to the revolution (war
 * invalids, martyrs' families: "người có công", "ưu đãi"), a social-protection beneficiary
 * ("bảo trợ xã hội", "trợ cấp xã hội hằng tháng"), a social pensioner ("hưu trí xã hội") and
 * a social-insurance member (paid by Bảo hiểm xã hội: pensions, "tử tuất", "mai táng").
 * Citizens say which by telling who the person is ("ông tôi là thương binh", "cô tôi neo đơn
 * nhận trợ cấp xã hội", "bố tôi đang hưởng lương hưu", "đóng bảo hiểm 18 năm").
 */
export type BeneficiaryStatus = 'merit' | 'social' | 'social-pension' | 'insurance';

export function statusOfProcedure(p: Procedure): BeneficiaryStatus | null {
  // Paid by Bảo hiểm xã hội: an insurance benefit, whatever else its name mentions ("… chưa đủ tuổi hưởng trợ cấp hưu trí xã hội").
  if (p.agencies.some((a) => /^bao hiem xa hoi\b/.test(foldName(a)))) return 'insurance';
  const n = ` ${foldName(p.name)} `;
  if (/ (nguoi co cong|uu dai|liet si|thuong binh|benh binh)\b/.test(n)) return 'merit';
  if (/ huu tri xa hoi\b/.test(n)) return 'social-pension';
  if (/ (bao tro xa hoi|tro cap xa hoi)\b/.test(n)) return 'social';
  return null;
}

/** A status said as missing ("không đóng bảo hiểm gì hết", "không có lương hưu") says nothing of the person's status. */
const NOT_INSURED = / (khong|hong|chua|ko|k|cha|chang)( (co|he|tung|duoc|bao gio))* (dong|tham gia|co|huong|lanh|linh)( [a-z]+){0,2} (bao hiem|bhxh|luong huu)( [a-z]+)?/g;

export function statusesOfQuestion(text: string): Set<BeneficiaryStatus> {
  const f = foldedWords(text).replace(NOT_INSURED, ' ');
  const out = new Set<BeneficiaryStatus>();
  if (/ (thuong binh|benh binh|liet si|nguoi co cong|tro cap uu dai|huan chuong|chat doc hoa hoc|co cong voi cach mang)\b/.test(f)) out.add('merit');
  if (/ (tro cap xa hoi|bao tro xa hoi|neo don|ho ngheo|ho can ngheo|mo coi|khong noi nuong tua)\b/.test(f)) out.add('social');
  if (/ huu tri xa hoi\b/.test(f)) out.add('social-pension');
  if (/ (luong huu|dong bao hiem|dong bh|bao hiem xa hoi|bhxh)\b/.test(f)) out.add('insurance');
  return out;
}

/** Words of a name that say which case, not which paper ("cấp lại", "đổi", "lần đầu"). */
const CASE_WORDS = new Set(['thu', 'tuc', 'cap', 'lai', 'doi', 'dang', 'ky', 'moi', 'lan', 'dau', 'thay', 'dieu', 'chinh', 'gia', 'han', 'sang', 'do', 'bi', 'mat', 'va', 'cac', 'cho', 'voi', 'truong', 'hop', 'sua', 'bo', 'sung', 'thanh', 'lap']);

const topicWordsOf = new Map<string, ReadonlySet<string>>();
function topicWords(name: string): ReadonlySet<string> {
  let words = topicWordsOf.get(name);
  if (!words) {
    words = new Set(foldName(name.replace(/\([^()]*\)\s*$/u, '')).split(/[^a-z0-9]+/).filter((t) => t.length > 1 && !CASE_WORDS.has(t)));
    if (topicWordsOf.size >= CACHE_LIMIT) topicWordsOf.clear();
    topicWordsOf.set(name, words);
  }
  return words;
}

/** Another hit is the same paper in another case ("Cấp lại thẻ căn cước" beside "Cấp đổi thẻ căn cước"). */
function hasCaseTwin(p: Procedure, cases: readonly ProcedureCase[], others: ReadonlyArray<Procedure | undefined>): boolean {
  const own = topicWords(p.name);
  if (own.size === 0) return false;
  return others.some((o) => {
    if (!o || o.code === p.code) return false;
    const oc = casesOfName(o.name);
    if (oc.every((c) => cases.includes(c))) return false;
    const words = topicWords(o.name);
    const shared = [...own].filter((t) => words.has(t)).length;
    return shared >= Math.max(2, 0.6 * Math.min(own.size, words.size));
  });
}

/** The procedure is the registration or benefit that another hit removes or moves ("Đăng ký tạm trú" beside "Xóa đăng ký tạm trú"). */
function sharesTopic(p: Procedure, records: ReadonlyArray<{ p: Procedure | undefined }>, action: ProcedureAction): boolean {
  const own = topicWords(p.name);
  return records.slice(0, 6).some((r) => {
    if (!r.p || r.p.code === p.code || actionOfName(r.p.name) !== action) return false;
    const words = topicWords(r.p.name);
    return [...own].filter((t) => words.has(t)).length >= Math.min(2, own.size);
  });
}

/** The citizen speaks of a paper's validity running out ("sắp hết hạn", "gia hạn"): only then is an extension a change they ask for. */
const EXTEND_ASKED = / (gia han|het han|sap het han|het hieu luc|qua han su dung|keo dai|them han|chua kip|chua khoi cong)( |$)/;

/**
 * The cases a name covers for this question: an extension ("Gia hạn giấy phép xây dựng") is a
 * change only when the citizen speaks of the validity running out; a torn or lost permit asks
 * for its exchange or reissue, not for more time.
 */
function casesFor(name: string, extendAsked: boolean): ProcedureCase[] {
  const cases = casesOfName(name);
  if (extendAsked || !/ gia han /.test(` ${foldName(name)} `)) return cases;
  const without = casesOfName(name.replace(/gia hạn/giu, ' '));
  return cases.filter((c) => c !== 'change' || without.includes('change'));
}

/**
 * A copy asked for in so many words ("xin bản sao bằng tốt nghiệp", "sao y", "cấp bản sao"): beside a
 * loss, the lost paper's copy from the office's register is what the citizen asks, not the paper again.
 */
const COPY_ASKED = / (ban sao|sao y|xin sao|cap sao|lam sao lai)\b/;
const COPY_NAME = / ban sao\b/;

/** The citizen asks for the paper to be issued again in so many words. */
const REISSUE_SAID = / (cap lai|lam lai|xin lai|xin cap lai)\b/;

/** Guests from abroad ("2 khách Pháp", "khách nước ngoài", "khách Tây"): a homestay's or hotel's foreign element. */
const FOREIGN_GUEST = / (khach|du khach) (nuoc ngoai|tay|quoc te|phap|uc|duc|my|nhat|nga|han|han quoc|trung quoc|dai loan|thai|campuchia|anh|y|canada|singapore|malaysia|an do|ha lan|nhat ban|hoa ky)(?= )/;

/** A certification by a notary or the commune ("công chứng", "chứng thực"). */
const CERTIFIED = / (cong chung|chung thuc)\b/;

/**
 * A civil-status event settled abroad to be recorded at home: the story has a foreign element
 * and asks for the event to count in Viet Nam ("được ghi nhận ở Việt Nam", "ghi chú việc ly
 * hôn vô sổ", "có hồ sơ hộ tịch bên VN", "trên hệ thống vẫn thể hiện"). The "Ghi vào Sổ hộ
 * tịch …" records are that; registering the event anew is not.
 */
const RECORD_ABROAD_ASKED =
  / (ghi nhan|ghi chu|ghi vao so|ghi vo so|cong nhan|thua nhan|hop thuc hoa|ho so ho tich|(he thong|du lieu)( [a-z]+){0,4} (van|con) (the hien|ghi|de))\b/;
const RECORDED_ABROAD_NAME = /^ (thu tuc )?ghi vao so\b/;

/**
 * The forms a business takes, as a citizen names its own ("cty tnhh 1tv của mình", "hộ kinh doanh tạp hóa nhà em",
 * "HTX", "tổ hợp tác") and as a procedure name says whom it is for.
 */
const BUSINESS_FORMS: ReadonlyArray<{ form: string; asked: RegExp; name: RegExp }> = [
  // The asker's own company ("công ty TNHH của tôi", "hai công ty luật chúng tôi", "cty cổ phần của tụi tui"), not a former
  // employer ("nghỉ làm công ty") nor a form asked about ("có phải thành lập công ty không").
  {
    form: 'company',
    asked: / ((cong ty|cty|doanh nghiep)( [a-z0-9]+){0,3} (cua )?(toi|minh|em|chung toi|bon toi|tui|chung em|tao)|(cong ty|cty) (tnhh|co phan|cp|1tv|mtv|hop danh|luat)|doanh nghiep tu nhan|dntn)\b/,
    name: / (doanh nghiep|cong ty)\b/,
  },
  { form: 'household', asked: / (ho kinh doanh|hkd|ho kd)\b/, name: / ho kinh doanh\b/ },
  { form: 'cooperative', asked: / (hop tac xa|htx)\b/, name: / hop tac xa\b/ },
  { form: 'group', asked: / to hop tac\b/, name: / to hop tac\b/ },
];

/** The one business form the question names, or null when it names none or several. */
export function businessFormAsked(text: string): string | null {
  const f = foldedWords(text);
  const forms = BUSINESS_FORMS.filter((b) => b.asked.test(f));
  return forms.length === 1 ? forms[0]!.form : null;
}

/** The business forms a procedure name is for ("… của hộ kinh doanh", "Đăng ký thành lập hợp tác xã"). */
function businessFormsOfName(name: string): string[] {
  const f = ` ${foldName(name)} `;
  return BUSINESS_FORMS.filter((b) => b.name.test(f)).map((b) => b.form);
}

/**
 * Papers a citizen says are wrong, with the words of the procedure names that correct or exchange them.
 * `civil` is the civil-status record, corrected by the "… thông tin hộ tịch" procedures.
 */
const WRONG_PAPERS: ReadonlyArray<{ paper: string; said: RegExp; name: RegExp }> = [
  { paper: 'land', said: / (so do|so hong|so nha dat|giay chung nhan quyen su dung|bia do)\b/, name: / giay chung nhan\b(?!.* ho tich)/ },
  { paper: 'health', said: / (the bhyt|the bao hiem y te|the bh yt|the bao hiem)\b/, name: / the (bhyt|bao hiem y te)\b/ },
  { paper: 'residence', said: / (thong tin cu tru|du lieu cu tru|du lieu ve cu tru|so ho khau|ho khau)\b/, name: / cu tru\b/ },
  { paper: 'transaction', said: / (hop dong|giao dich|van ban thoa thuan)\b/, name: / (giao dich|hop dong)\b/ },
  { paper: 'civil', said: / (giay khai sinh|khai sinh|gks|giay ks|trich luc|giay ket hon|giay chung tu|khai tu)\b/, name: / ho tich\b/ },
];
const ERROR_WORDS = / (sai(?! gon)|nham|khong khop|lech)\b/;
const CORRECTION_NAME = / (dinh chinh|sua loi|sai sot|cai chinh|dieu chinh)\b/;

/**
 * The paper the citizen says holds an error: the first paper named before the error in the same sentence ("Sổ đỏ của ba
 * tui ghi sai tên lót", "thẻ bảo hiểm y tế của mẹ tôi in sai năm sinh"); null when no error is said or no paper is named
 * before it ("chắc cán bộ ghi nhầm").
 */
export function wrongPaper(text: string): string | null {
  for (const sentence of fold(text).split(/[.;!?\n]+/)) {
    const s = ` ${sentence.replace(/[^a-z0-9]+/g, ' ')} `;
    const error = ERROR_WORDS.exec(s);
    if (!error) continue;
    const before = `${s.slice(0, error.index)} `;
    let best: { paper: string; at: number } | null = null;
    for (const w of WRONG_PAPERS) {
      const m = w.said.exec(before);
      if (m && (!best || m.index < best.at)) best = { paper: w.paper, at: m.index };
    }
    if (best) return best.paper;
  }
  return null;
}

/** A diploma or certificate named ("bằng tốt nghiệp cấp 3", "bằng đại học", "chứng chỉ"), not a driving licence ("bằng lái"). */
const DIPLOMA = / (bang tot nghiep|bang dai hoc|bang cu nhan|bang thac si|bang tien si|van bang|chung chi|bang cap|bang goc|bang thpt|bang cap (3|ba|2|hai)|bang trung cap|bang cao dang)\b/;
/** Its reissue said to be impossible ("không cấp lại bằng gốc được", "bằng thì không cấp lại được"). */
const REISSUE_RULED_OUT = / (khong|ko|k|hong|cha) (duoc )?(cap lai|lam lai)\b/;
/** A poor or near-poor household's recognition asked to be left ("xin ra khỏi danh sách cận nghèo", "thoát nghèo"). */
const POVERTY_LEFT = / (thoat ngheo|thoat can ngheo|ra khoi (ho |dien |danh sach )?(ho )?(can )?ngheo|ra khoi danh sach|ra khoi dien|khong con (la )?ho (can )?ngheo)\b/;

/** The unemployment benefit named ("trợ cấp thất nghiệp", "trợ cấp tn", "tctn"). */
const UNEMPLOYMENT = / (tro cap that nghiep|tro cap tn|tctn|bao hiem that nghiep|bh that nghiep)\b/;
/** A new job found while receiving it ("có việc mới", "ký hợp đồng", "đi làm lại"); "chưa tìm được việc" is none. */
const NEW_JOB = / (co (viec|vc|viec lam)( lam)? moi|co viec lam|ky (hop dong|hd|hđ)( lao dong)?|di lam lai|nhan viec moi|duoc nhan vao lam|co cho lam moi)\b/;
/** The benefit paused and asked to go on ("bị tạm dừng … nhận tiếp số tháng còn lại"). */
const RESUMED = / (nhan tiep|huong tiep|lanh tiep|linh tiep|tiep tuc (nhan|huong|lanh|linh))\b/;

/** A paper said to be missing ("không có giấy chứng sinh", "hổng có giấy chứng sinh của bệnh viện"): its two words after "giấy". */
const MISSING_PAPER = / (khong|ko|k|hong|chua|thieu) (co )?giay ([a-z]+ [a-z]+)\b/;

/**
 * The single-status paper asked only whether it is needed ("có phải xin giấy độc thân không", "có cần giấy xác nhận tình
 * trạng hôn nhân không") beside a marriage to register: a paper of that registration, not the request.
 */
const SINGLE_PAPER_WHETHER =
  / (phai|can|bat buoc)( phai)?( (xin|lam|co|nop|mang|xin them|lam them))? (giay doc than|giay xac nhan tinh trang hon nhan|xac nhan tinh trang hon nhan|giay xac nhan doc than|giay chung nhan doc than)( rieng| nua| truoc)* (khong|ko|k|hong|hem|ha|chu)\b/;
const MARRIAGE_ASKED = / (dang ky ket hon|dang ki ket hon|dang ky|dang ki|giay hon thu|hon thu|giay ket hon|lay giay ket hon|cuoi|lay nhau)\b/;

/** Money asked for ("có được trợ cấp gì không", "có chế độ chi", "nhà nước hỗ trợ tiền"). */
const MONEY_ASKED = / (tro cap|che do|tien ho tro|duoc ho tro|ho tro tien|duoc nhan tien|huong che do|tien tuat|tien hang thang)\b/;

/** A loss reported already, or the lost paper found again ("báo mất rồi", "lại thấy"; not "không tìm lại được", "báo mất trước rồi mới làm lại"). */
const LOSS_SETTLED =
  / (da (khai |trinh )?bao mat|(khai |trinh )?bao mat( (?!truoc\b)[a-z]+){0,3} roi(?! moi)|da trinh bao|(?<!(khong|chua|ko|k|hong|cha) )(tim thay|tim lai duoc|lai thay|kiem ra|kiem lai duoc|thay lai|lai tim thay))\b/;
/** A will said to be absent ("không để lại di chúc", "ko có di chúc"): the estate goes by law. */
const NO_WILL = / (khong|chua|ko|k|hong|cha) (de lai|co|lam|viet|lap)( [a-z]+)? di chuc\b/;

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
  const plainWords = foldedWords(question);
  const asked = caseOfQuestion(question);
  const lifecycle = lifecycleOfQuestion(question);
  // The question without the steps already taken ("đã nhập hộ khẩu cho cháu"): what is asked for.
  const normalized = normalizeVi(question);
  const clauses = doneClauses(normalized, hasDiacritics(normalized));
  const request = ` ${fold(clauses.filter((c) => !c.done).map((c) => c.text).join(' . '))} `;
  // A contract or agreement certified already ("hợp đồng tặng cho đã công chứng"): the next step is asked for, not the certification.
  const certifiedDone = CERTIFIED.test(foldedWords(clauses.filter((c) => c.done).map((c) => c.text).join(' . '))) && !CERTIFIED.test(foldedWords(request));
  const orgPenalty = options.organisationPenalty ?? 0.15;
  const caseBonus = options.caseBonus ?? 0.1;
  const mismatch = options.caseMismatchPenalty ?? 0.1;
  // A foreign element: a foreign national, a spouse or child abroad, a named country.
  const extendAsked = EXTEND_ASKED.test(foldedWords(question));
  const foreign = FOREIGN_ELEMENT.test(foreignText(question)) || FOREIGN_GUEST.test(foreignText(question));
  const online = ONLINE_WORDS.test(folded);
  const recordAbroad = foreign && RECORD_ABROAD_ASKED.test(foldedWords(request));
  const names = (re: RegExp) => re.test(folded);
  // "10 tuổi", "14t", "vừa đủ 14": the age said.
  const age = / (\d{1,2}) ?(?:tuoi|t) | du (\d{1,2}) /.exec(plainWords);
  const askedAge = age ? (Number(age[1] ?? age[2]) < 14 ? 'minor' : 'adult') : CHILD_WORDS.test(folded) ? 'minor' : 'adult';
  const records = hits.map((h) => ({ hit: h, p: catalogue.get(h.code) }));
  const top = records.slice(0, 6);
  const askedWords = new Set(fold(question).split(/[^a-z0-9]+/).filter((t) => t.length > 1));
  const forOrganisation = ASKS_FOR_ORGANISATION.test(folded);
  const businessForm = businessFormAsked(question);
  const wrong = wrongPaper(question);
  const lossSettled = LOSS_SETTLED.test(plainWords);
  // A diploma's copy asked, or its reissue ruled out: the copy from the register, the diploma being issued once.
  const diplomaCopy = DIPLOMA.test(plainWords) && (COPY_ASKED.test(plainWords) || REISSUE_RULED_OUT.test(plainWords));
  const povertyLeft = POVERTY_LEFT.test(plainWords);
  // Money asked in the sentences that ask: a benefit, not a registration or a paper of the same story.
  const moneyAsked = !receivedBenefit(question) && MONEY_ASKED.test(foldedWords(askingSentences(normalized).join(' . ')));
  const singlePaperOfMarriage = SINGLE_PAPER_WHETHER.test(plainWords) && MARRIAGE_ASKED.test(plainWords.replace(SINGLE_PAPER_WHETHER, ' '));
  // A paper the citizen says they do not have is what they do without, not what they ask ("không có giấy chứng sinh … làm khai
  // sinh"), unless they ask for it outright ("xin giấy chứng sinh").
  const missingWords = MISSING_PAPER.exec(plainWords)?.[3];
  const missingPaper = missingWords && !new RegExp(` (xin|lam|cap)( lai)?( cai| to)? giay ${missingWords}\\b`).test(plainWords) ? `giay ${missingWords}` : null;
  // Receiving the unemployment benefit and telling a new job: its end; told paused and asked to go on: its continuation.
  const unemployment = UNEMPLOYMENT.test(plainWords) ? (NEW_JOB.test(plainWords) ? 'end' : RESUMED.test(plainWords) && / tam dung\b/.test(plainWords) ? 'resume' : null) : null;
  const action = actionOfQuestion(request);
  const received = receivedBenefit(question);
  const topActions = top.map((r) => (r.p ? actionOfName(r.p.name) : null));
  const statuses = statusesOfQuestion(question);
  const anyOrganisation = records.some((r) => r.p?.applicants.some((a) => ORGANISATION_APPLICANT.test(foldName(a))));
  const anyIndividual = records.some((r) => r.p && forIndividuals(r.p) === true);
  // What the citizen rules out ("chứ không phải lễ hội lớn", "chưa tính đến chuyện nhận con nuôi"): not the sibling built on it.
  const negated = negatedPairs(question);
  const out: SearchHit[] = [];
  for (const { hit, p } of records) {
    if (!p) {
      out.push(hit);
      continue;
    }
    if (p.scope === 'provincial' && p.province) {
      const key = provinceKey(p.province);
      // Named by its words, punctuation around it or not ("… ở Đồng Tháp. Giờ …").
      if (key !== home && !plainWords.includes(` ${key} `)) continue;
    }
    // Districts were abolished on 1 July 2025: a record "(thực hiện tại cấp huyện)" whose commune-level twin was found is never offered.
    if (hasCommuneTwin(p.name, records)) continue;
    let delta = 0;
    if (forOrganisation) {
      if (anyOrganisation && p.applicants.length > 0 && !p.applicants.some((a) => ORGANISATION_APPLICANT.test(foldName(a)))) delta -= orgPenalty;
    } else if (anyIndividual && forIndividuals(p) === false && !namesOwnWord(p.name, askedWords, records)) delta -= orgPenalty;
    // The case the citizen names is a strong signal: relative to the score, so that it
    // outweighs the usual gap between a family's variants.
    let factor = 1;
    // A registration given up ("trả biển số", "xóa đăng ký") is issued neither again nor anew: damage or loss told beside it ("xe hư nát") is no case.
    if (asked && action !== 'remove') {
      const cases = casesFor(p.name, extendAsked);
      // Twice as strong between the cases of one paper (the choice the words decide).
      const twin = (asked === 'reissue' || asked === 'change') && hasCaseTwin(p, cases, top.map((r) => r.p)) ? 2 : 1;
      // Damage told with "cấp lại" said outright: some papers are reissued when torn (a building permit), so the reissue is no mismatch.
      const reissueSaid = asked === 'change' && cases.includes('reissue') && REISSUE_SAID.test(folded);
      // A copy asked beside a loss: the copy's record is the case asked, and the paper issued again gets no bonus for the loss.
      const copyOfLost = asked === 'reissue' && COPY_ASKED.test(folded) && !REISSUE_SAID.test(folded);
      if (copyOfLost && COPY_NAME.test(` ${foldName(p.name)} `)) factor += caseBonus;
      else if (copyOfLost && cases.includes('reissue')) factor += 0;
      else if (cases.includes(asked)) factor += twin * caseBonus;
      else if (!reissueSaid && (cases[0] !== 'new' || asked !== 'new')) factor -= twin * mismatch;
    }
    // Removing a registration or moving a benefit: only when asked, and then before the registration or benefit itself.
    const act = actionOfName(p.name);
    if (action) {
      if (act === action) factor += 2 * caseBonus;
      else if (topActions.includes(action) && sharesTopic(p, records, action)) factor -= mismatch;
    } else if (act && !SURRENDER_NAME.test(` ${foldName(p.name)} `.replace(/^ thu tuc /, ' '))) factor -= mismatch;
    // Already receiving the benefit ("đang lãnh trợ cấp thất nghiệp"): not its first grant.
    if (received && FIRST_GRANT.test(` ${foldName(p.name)} `)) {
      const words = topicWords(p.name);
      // Two words of the benefit at least: "trợ cấp hằng tháng" alone names no benefit in particular.
      if (received.length >= 2 && received.filter((t) => words.has(t)).length >= 2) factor -= mismatch;
    }
    // "Bố tôi mất không để lại di chúc": no will, so the estate is divided by the heirs; a will's certification is
    // ruled out by the citizen's own words (the words "di chúc" still match it strongly), so it weighs half.
    if (NO_WILL.test(folded) && / di chuc\b/.test(` ${foldName(p.name)} `)) factor -= 0.5;
    // The benefit of the person's status (merit, social protection, social pension, insurance) when the story says it.
    if (statuses.size) {
      const status = statusOfProcedure(p);
      if (status) factor += statuses.has(status) ? caseBonus : -mismatch;
    }
    // Stopping a business for good or for a while: the step that fits, never a first registration.
    if (lifecycle) {
      const step = lifecycleOfName(p.name);
      if (step === lifecycle) factor += caseBonus;
      else if (step) factor -= mismatch;
      // Nor a paper issued again or exchanged: a business that stops wants none ("đóng hẳn giấy phép kinh doanh").
      else if (casesOfName(p.name).some((c) => c === 'reissue' || c === 'change')) factor -= mismatch;
    }
    // A combined procedure ("Liên thông … khai sinh, thường trú, thẻ bảo hiểm y tế") only for two of its parts asked.
    const joined = joinedPartsAsked(p.name, request);
    if (joined && joined.asked < 2) factor -= 2 * mismatch;
    if (combinedPartRuledOut(p.name, question)) factor -= 2 * mismatch;
    if (birthRegisteredAlready(p.name, question)) factor -= 2 * mismatch;
    // A paper held already is not issued for the first time (its reissue or exchange may be asked).
    if (asked !== 'reissue' && asked !== 'change' && issuesHeldPaper(p.name, question)) factor -= 2 * mismatch;
    const name = ` ${foldName(p.name)} `;
    if (certifiedDone && /^ (chung thuc|cong chung)\b/.test(name)) factor -= 2 * mismatch;
    if (recordAbroad && RECORDED_ABROAD_NAME.test(name)) factor += 2 * caseBonus;
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
    // A loss reported already, or the paper found again ("báo mất rồi, ai dè lại thấy"): the report is no longer asked.
    if (lossSettled && LOSS_REPORT_NAME.test(name)) factor -= 2 * mismatch;
    // A business asks for its own form's procedure: a company is no household business, cooperative or cooperative group.
    if (businessForm) {
      const forms = businessFormsOfName(p.name);
      if (forms.length && !forms.includes(businessForm)) factor -= 2 * mismatch;
    }
    // An error in a paper the citizen names is corrected on that paper: a land title's error is no civil-status correction.
    if (wrong) {
      const paper = WRONG_PAPERS.find((w) => w.paper === wrong)!;
      if (paper.name.test(name)) factor += CORRECTION_NAME.test(name) ? 2 * caseBonus : caseBonus;
      else if (wrong !== 'civil' && / ho tich\b/.test(name) && CORRECTION_NAME.test(name)) factor -= 2 * mismatch;
    }
    if (nameNegated(p.name, negated)) factor -= 2 * mismatch;
    const score = (hit.score + delta) * factor;
    out.push(delta === 0 && factor === 1 ? hit : { ...hit, score: Math.max(0, Math.round(score * 10000) / 10000) });
  }
  const preferred = out.map((h, i) => ({ h, i })).sort((a, b) => b.h.score - a.h.score || a.i - b.i).map((x) => x.h);
  const model = options.rerank === undefined ? RERANK_MODEL : options.rerank;
  const ranked = model ? rerank(model, preferred, hits, catalogue, question, { caseOfQuestion, casesOfName, forIndividuals, lifecycleOfQuestion }) : preferred;
  const own = ownCaseFirst(ranked, catalogue, { businessForm, wrong, lossSettled, diplomaCopy, povertyLeft, unemployment, missingPaper, singlePaperOfMarriage, moneyAsked });
  return borderTwinFirst(namedLevelFirst(ownWordFirst(namedProvinceFirst(own, catalogue, plainWords), catalogue, question), catalogue, question), catalogue, question);
}

export type NamedLevel = 'xa' | 'tinh' | 'trung_uong';

/** The level a record's name says it is done at: "(thực hiện tại cấp xã)", "(Cấp xã)", "(cấp tỉnh)", "(thực hiện tại cấp trung ương)". */
export function levelOfName(name: string): NamedLevel | null {
  const m = /\((?:thuc hien tai )?cap (xa|tinh|trung uong)\)\s*\.?\s*$/.exec(foldName(name));
  return m ? (m[1] === 'trung uong' ? 'trung_uong' : (m[1] as NamedLevel)) : null;
}

/** Bodies and movements that name a level: "công an tỉnh", "CA phường", "UBND xã", "lên tỉnh", "ra phường". */
const LEVEL_BODY = new Set(['cong an', 'ca', 'ubnd', 'uy ban', 'uy ban nhan dan']);
const LEVEL_ASKED_MOVE = new Set(['len', 'ra', 'den', 'toi', 've', 'vo', 'vao']);
/** "nộp (hồ sơ) ở xã", "làm tại phường", "đăng ký ở tỉnh": the office where it is done. */
const VERB_AT = /(?:^| )(?:nop|lam|xin|ky|giai quyet)(?: [a-z0-9]+){0,2} (?:o|tai)$/;

/**
 * The one level whose office the citizen names for going or asking ("có phải lên công an tỉnh
 * ko", "xin ở CA phường đc ko", "lên thẳng Cục xuất nhập cảnh"); null for none or two. A unit
 * followed by its name ("ở xã Văn Lãng", "phường Hà Đông") is an address, not the level asked
 * for; "công an tỉnh/thành phố" is the province's police whatever follows it.
 */
export function namedLevel(question: string): NamedLevel | null {
  const words = question
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  const found = new Set<NamedLevel>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.toLowerCase();
    const next = words[i + 1];
    const named = next !== undefined && /^[A-Z]/.test(next) && !/^(HN|HCM|TP|CA)$/.test(next);
    const before = (k: number) => words.slice(Math.max(0, i - k), i).join(' ').toLowerCase();
    const body = LEVEL_BODY.has(before(1)) || LEVEL_BODY.has(before(2)) || LEVEL_BODY.has(before(3));
    if (w === 'cuc' && /^[A-Z]/.test(words[i]!) && next !== undefined) found.add('trung_uong');
    else if (w === 'tinh' || (w === 'thanh' && next?.toLowerCase() === 'pho') || w === 'tp') {
      // "lên thành phố" names the level; "ở thành phố Hồ Chí Minh" names a place.
      const unnamed = w === 'thanh' ? !/^[A-Z]/.test(words[i + 2] ?? '') : !named;
      if (body || (unnamed && (LEVEL_ASKED_MOVE.has(before(1)) || VERB_AT.test(before(4))))) found.add('tinh');
    } else if (w === 'xa' || w === 'phuong') {
      if (body || (!named && (LEVEL_ASKED_MOVE.has(before(1)) || VERB_AT.test(before(4))))) found.add('xa');
    }
  }
  return found.size === 1 ? [...found][0]! : null;
}

/**
 * A record done at the level whose office the citizen names goes before its twin at another
 * level ranked above it ("Khóa căn cước điện tử (thực hiện tại cấp tỉnh)" for "có phải lên công
 * an tỉnh ko", before "(thực hiện tại cấp xã)"). Twins share their name without the level.
 */
function namedLevelFirst(list: SearchHit[], catalogue: ProcedureCatalog, question: string): SearchHit[] {
  const level = namedLevel(question);
  if (!level) return list;
  const base = (name: string) => foldName(name).replace(/\s*\((?:thuc hien tai )?cap (?:xa|tinh|trung uong|huyen)\)\s*\.?\s*$/, '').trim();
  const i = list.findIndex((h, k) => k < 6 && levelOfName(catalogue.get(h.code)?.name ?? '') === level);
  if (i <= 0) return list;
  const own = base(catalogue.get(list[i]!.code)!.name);
  const j = list.findIndex((h, k) => k < i && base(catalogue.get(h.code)?.name ?? '') === own);
  return j < 0 ? list : moveBefore(list, i, j);
}

/** Neighbouring countries' nationals, and the provinces on each border (since 2025). */
const NEIGHBOURS: ReadonlyArray<{ national: RegExp; provinces: readonly string[] }> = [
  { national: / (nguoi|chong|vo|ban trai|ban gai|ong xa|anh ay) (trung quoc|tq|hoa)\b/, provinces: ['dien bien', 'lai chau', 'lao cai', 'tuyen quang', 'cao bang', 'lang son', 'quang ninh'] },
  { national: / (nguoi|chong|vo|ban trai|ban gai|ong xa|anh ay) lao(?! cai)\b/, provinces: ['dien bien', 'son la', 'thanh hoa', 'nghe an', 'ha tinh', 'quang tri', 'hue', 'da nang', 'quang ngai', 'gia lai'] },
  { national: / (nguoi|chong|vo|ban trai|ban gai|ong xa|anh ay) (campuchia|cam pu chia|khmer)\b/, provinces: ['gia lai', 'dak lak', 'lam dong', 'dong nai', 'tay ninh', 'dong thap', 'an giang'] },
];

/**
 * The citizen lives by the border and the foreign party is from across it: "xã biên giới"
 * said, or a neighbouring country's national told beside a province on that border ("ở xã Bát
 * Xát, Lào Cai, chồng em là người Trung Quốc"). The civil-status records "… tại khu vực biên
 * giới" (Nghị định 123/2015/NĐ-CP, Chương IV mục 3) are for them.
 */
export function bySideOfBorder(question: string): boolean {
  const f = ` ${fold(question).replace(/[^a-z0-9]+/g, ' ')} `;
  if (/ bien gioi /.test(f)) return true;
  return NEIGHBOURS.some((n) => n.national.test(f) && n.provinces.some((p) => f.includes(` ${p} `)));
}

/** A border-area record goes before its general twin ranked above it when the citizen lives by the border. */
function borderTwinFirst(list: SearchHit[], catalogue: ProcedureCatalog, question: string): SearchHit[] {
  const border = / tai khu vuc bien gioi\s*$/;
  const i = list.findIndex((h, k) => k < 6 && border.test(foldName(catalogue.get(h.code)?.name ?? '')));
  if (i <= 0 || !bySideOfBorder(question)) return list;
  const own = foldName(catalogue.get(list[i]!.code)!.name).replace(border, '').trim();
  const j = list.findIndex((h, k) => k < i && foldName(catalogue.get(h.code)?.name ?? '').trim() === own);
  return j < 0 ? list : moveBefore(list, i, j);
}

/** The acronyms of a name, folded ("Giấy phép liên vận GMS hoặc sổ TAD" → gms, tad): three capitals or more. */
// A name written all in capitals ("HƯỞNG TRỢ CẤP MAI TÁNG") has none.
const acronyms = (name: string): Set<string> =>
  (name.match(/\p{Lu}/gu)?.length ?? 0) * 2 > (name.match(/\p{L}/gu)?.length ?? 0) ? new Set() : new Set([...name.matchAll(/(?<![\p{L}\d])[A-ZĐ]{3,}(?![\p{L}\d])/gu)].map((m) => fold(m[0]!)));

/**
 * An acronym the citizen says that only one of the first five candidates has in its name ("xin
 * giấy phép liên vận GMS": GMS is in "Cấp, cấp lại Giấy phép liên vận GMS hoặc sổ TAD", not in
 * "… liên vận giữa Việt Nam, Lào và Campuchia") names that procedure: it goes first, unless a
 * candidate above it has an acronym of its own the citizen says. The reranker weighs words by how
 * stories used them and cannot know a rare name word; an acronym is the name of a thing.
 */
function ownWordFirst(list: SearchHit[], catalogue: ProcedureCatalog, question: string): SearchHit[] {
  const asked = new Set(fold(question).split(/[^a-z0-9]+/).filter((t) => t.length >= 3));
  const top = list.slice(0, 5).map((h) => catalogue.get(h.code));
  if (top.length < 2 || top.some((p) => !p)) return list;
  const sets = top.map((p) => acronyms(p!.name));
  // Another name spelling the acronym out ("thu nhập cá nhân" for TNCN) has it too.
  const spelt = top.map((p) => {
    const words = foldName(p!.name).split(/[^a-z0-9]+/).filter(Boolean);
    const out = new Set<string>();
    for (let k = 2; k <= 5; k++) for (let i = 0; i + k <= words.length; i++) out.add(words.slice(i, i + k).map((w) => w[0]).join(''));
    return out;
  });
  const own = sets.map((s, i) => [...s].filter((w) => asked.has(w) && sets.every((o, j) => j === i || (!o.has(w) && !spelt[j]!.has(w)))));
  const named = own.map((o, i) => (o.length ? i : -1)).filter((i) => i >= 0);
  if (named.length !== 1 || named[0] === 0) return list;
  return moveBefore(list, named[0]!, 0);
}

/** A name without its closing parenthesis ("… nhà ở riêng lẻ (TP Hà Nội)" → "… nhà ở riêng lẻ"), folded. */
const withoutTail = (name: string): string => foldName(name).replace(/\s*\([^()]*\)\s*\.?\s*$/, '').trim();

/**
 * A province's own variant whose province the citizen names ("xin giấy phép xây dựng … ở Hà
 * Nội") goes before its national twin ranked above it: the citizen asked for that variant. The
 * reranker learned from stories that rarely name a province, so this is said here as a rule.
 * The scores stay in place (the list stays sorted).
 */
function namedProvinceFirst(list: SearchHit[], catalogue: ProcedureCatalog, folded: string): SearchHit[] {
  const i = list.findIndex((h, k) => {
    const p = k < 5 ? catalogue.get(h.code) : undefined;
    return !!p && p.scope === 'provincial' && !!p.province && folded.includes(` ${provinceKey(p.province)} `);
  });
  if (i <= 0) return list;
  const base = withoutTail(catalogue.get(list[i]!.code)!.name);
  const j = list.findIndex((h, k) => k < i && catalogue.get(h.code)?.scope !== 'provincial' && withoutTail(catalogue.get(h.code)?.name ?? '') === base);
  if (j < 0) return list;
  return moveBefore(list, i, j);
}

/**
 * After the reranker, what the citizen said about their own case wins over a sibling the reranker put first: a
 * business's own form (a company is not offered a cooperative's or a household business's procedure first), and the
 * paper the citizen says holds an error (a land title's error is corrected on the land title), and a loss reported
 * already or a paper found again (no second report), a diploma's copy (a diploma is issued once), and a household's own
 * application for the poverty recognition (the regular one, not the commune's periodic review), a new job while on
 * the unemployment benefit (its end) or the benefit paused and asked to go on (its continuation), and a paper said to be
 * missing (not issued, the citizen asks what to do without it), and the single-status paper asked only whether it is
 * needed beside a marriage to register (the registration). The first of the first
 * five hits that fits is moved to the top; the list is left as it is when none fits.
 */
interface OwnCase {
  businessForm: string | null;
  wrong: string | null;
  lossSettled: boolean;
  diplomaCopy: boolean;
  povertyLeft: boolean;
  unemployment: 'end' | 'resume' | null;
  missingPaper: string | null;
  singlePaperOfMarriage: boolean;
  moneyAsked: boolean;
}
function ownCaseFirst(list: SearchHit[], catalogue: ProcedureCatalog, own: OwnCase): SearchHit[] {
  const { businessForm, wrong, lossSettled, diplomaCopy, povertyLeft, unemployment, missingPaper, singlePaperOfMarriage, moneyAsked } = own;
  // true: fits the case the citizen told; false: another case of the same kind; null: not concerned.
  const fits = (code: string): boolean | null => {
    const p = catalogue.get(code);
    if (!p) return null;
    const f = ` ${foldName(p.name)} `;
    if (lossSettled && LOSS_REPORT_NAME.test(f)) return false;
    if (missingPaper && f.startsWith(` cap ${missingPaper}`)) return false;
    if (singlePaperOfMarriage && / (tinh trang hon nhan|dang ky ket hon)\b/.test(f)) return !/ tinh trang hon nhan\b/.test(f) && !/ (ghi vao so|dang ky lai)\b/.test(f);
    if (diplomaCopy && / (van bang|chung chi|ban sao tu so goc)\b/.test(f)) return / ban sao van bang\b/.test(f);
    // A household's own application for the poverty recognition is the regular one ("thường xuyên"), the periodic
    // review ("định kỳ") being the commune's; leaving the list is the "thoát nghèo" record.
    if (/ ho (can )?ngheo\b| thoat (can )?ngheo\b/.test(f)) return / thuong xuyen\b/.test(f) && (povertyLeft ? / thoat\b/.test(f) : !/ cong nhan ho thoat\b/.test(f));
    if (unemployment && / (that nghiep|tim kiem viec lam)\b/.test(f)) return unemployment === 'end' ? / cham dut\b/.test(f) : / tiep tuc\b/.test(f);
    if (moneyAsked) {
      if (/ (tro cap|ho tro|che do|huong)\b/.test(f)) return true;
      if (/^ (thu tuc )?(dang ky|cap|xac nhan|chung thuc)\b/.test(f)) return false;
    }
    if (businessForm) {
      const forms = businessFormsOfName(p.name);
      if (forms.length) return forms.includes(businessForm);
    }
    if (wrong) return WRONG_PAPERS.find((w) => w.paper === wrong)!.name.test(f);
    return lossSettled || missingPaper ? true : null;
  };
  if (!list.length || fits(list[0]!.code) !== false) return list;
  const i = list.findIndex((h, k) => k > 0 && k < 5 && fits(h.code) === true);
  return i > 0 ? moveBefore(list, i, 0) : list;
}
/** The hit at `i` moved to place `j` (j < i); the moved span takes over the scores of the places it lands on, so the list stays in score order. */
function moveBefore(list: SearchHit[], i: number, j: number): SearchHit[] {
  const moved = [...list.slice(0, j), list[i]!, ...list.slice(j, i), ...list.slice(i + 1)];
  return moved.map((h, k) => (k >= j && k <= i && h.score !== list[k]!.score ? { ...h, score: list[k]!.score } : h));
}
