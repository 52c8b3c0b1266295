import type { DocumentGroup, DocumentItem, Person, Procedure } from '../../knowledge/index.js';
import { documentsForPerson, foldSameLength, hasDiacritics, normalizeVi } from '../../knowledge/index.js';
import { fold, truncateWords } from '../text.js';

/**
 * The documents a typical applicant brings, for a phone screen, from the roles the import
 * gave each line (`main`, `conditional` with its condition, `internal`, `heading`, `note`):
 * - `main` lines first, the declaration (tờ khai, đơn, giấy/phiếu đề nghị) at the top,
 *   papers to present (xuất trình) after the core papers, papers for acting through someone
 *   else (ủy quyền, người đại diện, giám hộ) last; `internal`, `heading` and `note` lines never;
 * - read by the record's structure: "(nếu có)" is a paper, an exemption ("… thì hồ sơ không
 *   bao gồm …"), a duty, a specification ("Tỷ lệ bản đồ: …") or a case description is none,
 *   "Trong đó …" says what the line above must contain;
 * - `conditional` lines grouped under their condition ("Nếu ủy quyền: …"); acting through
 *   someone else and submitting online are choices every applicant has, so they are shown;
 * - a record with several cases (thường trú has seven) lists the case the citizen's words
 *   point to, or the one named like the procedure itself, and says the others exist;
 * - each item by a short name: the first clause, without list numbering or legal citations.
 * Lines imported before roles existed fall back to the text heuristics of `rankDocuments`.
 */

/** Longest short name of a paper; the answer shortens it further when a phone screen needs it. */
export const SHORT_NAME_MAX = 110;

export interface ShortDocument {
  /** Short name for a phone, our shortening of the record's line. */
  name: string;
  item: DocumentItem;
  /** From a "Giấy tờ phải xuất trình" group: shown, not handed in. */
  present: boolean;
}

export interface ShortDocuments {
  main: ShortDocument[];
  conditional: Array<{ condition: string; items: ShortDocument[] }>;
  /** Titles of the other cases of a multi-case record (the chosen one excluded). */
  otherCases: string[];
  /** Conditions left for the full view (none of the citizen's words point to them). */
  hiddenConditions: number;
  /** How many of the shown conditions (the first ones) the citizen's words point to. */
  askedConditions: number;
  /** Title of the case chosen for a multi-case record. */
  chosenCase?: string;
  /** Whether the citizen's words picked that case (else it is the common one, and the answer names the others). */
  caseAsked: boolean;
  /**
   * Forms the office prints from its database for the citizen to check and sign ("Phiếu
   * CC01"): said as such, never as a paper to bring.
   */
  signedAtOffice: string[];
}

/** "Phiếu CC01 được tạo lập … để công dân kiểm tra và ký", "Phiếu thu nhận thông tin căn cước (Mẫu CC01 …)". */
function officeForm(item: DocumentItem): string | undefined {
  const code = /(?<!\p{L})(?:[Pp]hiếu|[Mm]ẫu)\s+(?:số\s+)?([A-ZĐ]{2}\d{2}[a-z]?)\b/u.exec(item.name)?.[1];
  const f = fold(item.name);
  if (!/duoc tao lap khi trich xuat|in trong qua trinh thu nhan|^\W*phieu thu nhan thong tin/.test(f)) return undefined;
  // Said by its name, which the citizen sees printed on it, with the form's number.
  const name = code ? OFFICE_FORM_NAMES[code] : undefined;
  return code ? (name ? `${name} (Mẫu ${code})` : `Phiếu ${code}`) : 'Phiếu thu nhận thông tin';
}

/** Names of the forms the police print for the citizen to sign (Thông tư 17/2024/TT-BCA, 53/2025/TT-BCA). */
const OFFICE_FORM_NAMES: Readonly<Record<string, string>> = {
  CC01: 'Phiếu thu nhận thông tin căn cước',
  DC01: 'Phiếu thu thập thông tin dân cư',
};

const GENERIC_TITLE = /^\W*(giay to phai (nop|xuat trinh)|thanh phan(,| ho so)|ho so gom|ho so bao gom|luu y|giay to can|so luong ho so|$)/;
const PRESENT_TITLE = /xuat trinh/;
const DECLARATION = /^(to khai|don|giay de nghi|giay khai|de nghi|phieu de nghi|van ban de nghi|phieu dang ky|ban khai|thong bao)\b/;
/** Cases for few applicants: a typical citizen's case is another one unless their words say it. */
// A case "có hoạt động sản xuất, kinh doanh" is a business's: a citizen asking for themself is not one unless they say so
// (their words then pick that case by its title). "trừ cá nhân kinh doanh" names no business case.
const SPECIAL_CASE = /(theo danh sach|don vi dong quan|phuong tien|co so tin nguong|co so ton giao|tro giup xa hoi|nuoc ngoai|uy quyen|cong an nhan dan|quan doi nhan dan|doanh nghiep xa hoi|chuyen doi|hoat dong (?:san xuat,? )?kinh doanh)/;
/** Papers only people under supervision or serving a sentence have: their case is not the typical citizen's. */
const SPECIAL_PAPERS = /giam sat, quan ly, giao duc|co tham quyen giam sat|chap hanh an phat|dang bi ap dung bien phap|bi quan che|dang bi truy cuu/;
/** "Xuất trình …", "Người yêu cầu chứng thực xuất trình …": a paper shown, not handed in. */
const SHOWN = /^(?:(?:người|công dân|cá nhân)[^:;.]{0,60}?\s(?:phải\s+)?)?xuất trình\s/iu;
/** A paper for acting through someone else (authorisation, representation, guardianship). */
const BY_OTHERS = ['uy quyen', 'nguoi dai dien', 'giam ho'];
/** Special cases named by what is done, not by who does it. */
const SPECIAL_ACTION = new Set(['chuyen doi', 'theo danh sach', 'uy quyen']);
/** Words too common in conditions to show that the citizen's words point to one. */
const GENERIC_WORDS = new Set('co quan khong ho tich thong tin ban sao chinh dien tu xa phuong tinh nop cu tru khai viet nam'.split(' '));
const STOP = new Set(
  'thu tuc dang ky cap cua va cho doi voi truong hop theo tai o la co duoc mot cac nhung nguoi ve tu khi thi hoac ho so gom phai nop toi em anh chi muon can lam gi nao the sao o dau bao lau bao nhieu giay to sau noi bi xin vi'.split(' '),
);

const COPY_FORM = String.raw`(?:bản chính|bản sao|bản chụp|biểu mẫu điện tử)(?:\s+(?:có chứng thực|điện tử|được chứng thực từ bản chính|được cấp từ sổ gốc|từ sổ gốc|(?:kèm theo|kèm|và xuất trình) bản chính(?: để (?:đối chiếu|so sánh))?))*`;
/** "Bản chính hoặc bản sao có chứng thực hoặc bản sao điện tử (của) " at the start: two forms or more. */
const COPY_FORMS = new RegExp(String.raw`^(?:\d{1,2}\s+\(\p{L}+\)\s+)?${COPY_FORM}(?:\s*(?:,|hoặc)\s*${COPY_FORM})+\s+(?:của\s+)?`, 'iu');

/**
 * A lead made only of the forms a copy may take, ending in a colon: "Bản sao có chứng thực hoặc tệp tin bản sao điện tử
 * được chứng thực theo quy định: ", "Bản chính hoặc bản sao: ".
 */
const COPY_LEAD = /^(?:(?:bản chính|bản sao|bản chụp|tệp tin|tệp|bản điện tử|bản sao điện tử|có chứng thực|được chứng thực|chứng thực|điện tử|hợp lệ|từ sổ gốc|được cấp từ sổ gốc|hoặc|và|,)\s*)+(?:theo quy định(?: của pháp luật)?\s*)?:\s+/iu;

/**
 * A photo's requirements, when the record lists many ("02 ảnh mới chụp không quá 06 tháng, cỡ 4cm x6cm, mặt nhìn thẳng,
 * đầu để trần, rõ mặt, …, phông nền trắng"): the count and kind, its size, its background and how recent, which a citizen
 * needs at the photo shop; the rest is in «Xem đủ hồ sơ». Undefined when the line is no photo or says fewer than two of them.
 */
export function photoSpec(raw: string): string | undefined {
  const lead = /^((?:\d{1,2}\s+)?(?:tệp(?: tin)?\s+)?ảnh(?:\s+(?:màu|chân dung))*)(?!\p{L})/iu.exec(raw);
  if (!lead) return undefined;
  const size = /(\d{1,2}(?:[,.]\d)?\s?(?:cm)?\s?[x×]\s?\d{1,2}(?:[,.]\d)?\s?cm)/iu.exec(raw)?.[1];
  const background = /((?:phông\s+)?nền(?:\s+màu)?\s+(?:trắng|xanh(?:\s+da trời)?))/iu.exec(raw)?.[1];
  // The record's count of months as written ("06 tháng"), "mới" kept when it says it.
  const months = /(mới\s+)?chụp[^,;.()]{0,40}?không quá\s+(\d{1,2})\s+tháng/iu.exec(raw);
  const recent = months ? `${months[1] ? 'mới ' : ''}chụp không quá ${months[2]} tháng` : /(?<!\p{L})mới chụp(?!\p{L})/iu.test(raw) ? 'mới chụp' : undefined;
  if ([size, background, recent].filter(Boolean).length < 2) return undefined;
  // The size as the record writes it, spaced as it is read: "4cm x6cm" → "4cm x 6cm", "4x6cm" → "4x6 cm".
  const sized = size?.replace(/cm\s?[x×]\s?(?=\d)/iu, 'cm x ').replace(/(\d)cm$/iu, (m, d: string) => (/cm x/iu.test(size) ? m : `${d} cm`));
  const parts = [sized ? `${lead[1]!} cỡ ${sized}` : lead[1]!, background, recent].filter(Boolean);
  const out = parts.join(', ');
  return out.charAt(0).toLocaleUpperCase('vi') + out.slice(1);
}

/** Leading list marks of a line: "(iv) ", "a) ", "1. ", "1.1. ", "- ". */
function stripNumbering(s: string): string {
  return s.replace(/^\s*(?:[-–+*•]\s*|\(?(?:[ivx]{1,4}|\d{1,2}|[a-zđ])\)\s*|\d{1,2}(?:\.\d{1,2})*[.)]\s+|\d{1,2}(?:\.\d{1,2})+\s+)+/iu, '');
}

/** "Hộ chiếu/Thẻ căn cước công dân/…" or "giấy tờ tùy thân": an identity paper. */
function isIdentityPaper(name: string): boolean {
  const f = fold(name.slice(0, 80));
  // "Hộ chiếu phổ thông cấp lần gần nhất": the old passport handed back, not a paper proving who one is.
  if (/^ho chieu (pho thong|cu|da duoc cap|cap lan)/.test(f)) return false;
  // "Bản sao hộ chiếu và bản sao thị thực nhập cảnh …": the passport that carries the visa, no identity paper of one's choice.
  if (/\bthi thuc\b/.test(f)) return false;
  return (
    /^(ho chieu|the can cuoc|can cuoc|cmnd|chung minh nhan dan|giay chung minh nhan dan|ban sao ho chieu|mot trong cac giay to tuy than)/.test(f) ||
    /^(xuat trinh )?giay to tuy than/.test(f) ||
    // "Bản phôtô một trong các loại giấy tờ tùy thân: …", "Bản chụp giấy tờ tùy thân …".
    // Not when the record makes an exception ("…, trừ căn cước công dân"): its own words say which.
    (/^ban (?:sao|chup|pho ?to|photo(?:copy)?) (?:(?:cua )?mot trong (?:cac|nhung) (?:loai )?)?giay to tuy than/.test(f) && !/\btru\b/.test(fold(name)))
  );
}

/**
 * A document line's short name: first clause, no numbering, no "ban hành kèm theo Thông tư …",
 * "theo quy định tại …"; the form code kept ("mẫu CT01").
 */
export function shortDocumentName(item: DocumentItem, p?: Procedure, max = 80): string {
  // "Giấy tờ chứng minh người thuộc diện trợ giúp pháp lý, cụ thể:": the paper, its specifics listed by case.
  let raw = stripNumbering(item.name.replace(/\s+/g, ' ').trim()).replace(/,?\s*(?:cụ thể|như sau)\s*:\s*$/iu, '');
  // "Bản sao có chứng thực hoặc tệp tin bản sao điện tử được chứng thực theo quy định: Văn bằng …": the paper is after the
  // colon; the form of the copy is in the count beside the name.
  const copyLead = COPY_LEAD.exec(raw);
  if (copyLead && raw.length - copyLead[0].length >= 8) raw = raw.charAt(copyLead[0].length).toLocaleUpperCase('vi') + raw.slice(copyLead[0].length + 1);
  // "02 ảnh mới chụp không quá 06 tháng, cỡ 4cm x6cm, mặt nhìn thẳng, đầu để trần, … phông nền trắng": what the photo must be.
  // So when how recent it must be is in brackets ("02 ảnh chân dung cỡ 2cm x 3cm (ảnh chụp không quá 06 tháng …)"), which the
  // short name would drop.
  const photo = raw.length > max || /\([^()]*chụp[^()]*tháng[^()]*\)/u.test(raw) ? photoSpec(raw) : undefined;
  if (photo) return photo;
  // "Xuất trình hộ chiếu …" (a paper of the record's "Giấy tờ phải xuất trình" list): the paper; "xuất trình" is said beside it.
  // A list of identity papers ("Xuất trình hộ chiếu hoặc giấy tờ có giá trị thay thế hộ chiếu, …") is said as identity papers below.
  if (/^xuất trình\s+hộ chiếu\s/iu.test(raw) && /căn cước|chứng minh nhân dân/iu.test(raw.slice(0, 200))) raw = raw.replace(/^xuất trình\s+(\S)/iu, (_, c: string) => c.toLocaleUpperCase('vi'));
  // "Một trong các giấy tờ sau: Căn cước điện tử; …": the list is the item.
  const oneOf = /^một trong (?:các|những) (?:loại )?giấy tờ(?: sau(?: đây)?)?\s*:\s*(?:[-+•]\s*)?/iu.exec(raw);
  if (oneOf) raw = raw.slice(oneOf[0].length);
  // "Người nước ngoài … phải nộp bản sao hộ chiếu …": the document first, whose it is after.
  let subjectOf: string | undefined;
  const who = /^(.{5,90}?)\s+(?:phải nộp|phải có|phải xuất trình)\s+(.{8,})$/u.exec(raw) ?? /^((?:người|công dân|cá nhân)[^:;.()]{2,60}?)\s+xuất trình\s+(.{8,})$/iu.exec(raw);
  if (who && !/^(giấy|bản|tờ|đơn|văn bản|phiếu|hồ sơ|sổ|chứng|ảnh)/iu.test(who[1]!)) {
    const subject = who[1]!.replace(/,\s*$/u, '');
    subjectOf = subject.length <= 60 ? subject.charAt(0).toLocaleLowerCase('vi') + subject.slice(1) : undefined;
    raw = `${who[2]!.charAt(0).toLocaleUpperCase('vi')}${who[2]!.slice(1)}${subject.length <= 60 ? ` (${subject.charAt(0).toLocaleLowerCase('vi')}${subject.slice(1)})` : ''}`;
    // "Người yêu cầu chứng thực xuất trình một trong các giấy tờ sau: Căn cước điện tử; …": the list is the item.
    const listed = /^một trong (?:các|những) (?:loại )?giấy tờ(?: sau(?: đây)?)?\s*:\s*/iu.exec(raw);
    if (listed) raw = raw.slice(listed[0].length);
  }
  // "Lao động nam … khi vợ sinh con hồ sơ là bản sao giấy khai sinh …": a case, then its paper; the paper is the item.
  const caseThen = /^(.{10,200}?)[\s,]+hồ sơ(?:\s+đề nghị[^:;]{0,60}?)?\s+(?:là|gồm)\s*:?\s+(.{8,})$/iu.exec(raw);
  if (caseThen && !DOCUMENT_NOUN.test(caseThen[1]!) && DOCUMENT_NOUN.test(caseThen[2]!)) raw = caseThen[2]!.charAt(0).toLocaleUpperCase('vi') + caseThen[2]!.slice(1);
  // "Thông tin chứng minh về chỗ ở hợp pháp được khai thác trong căn cước điện tử … Trường hợp không khai thác được thông tin
  // thì công dân xuất trình giấy tờ, tài liệu chứng minh …": what the citizen brings is the paper, and only then.
  const mined = /^thông tin chứng minh (?:về\s+)?(.{5,90}?)\s+được khai thác\b.*\bkhông khai thác được\b(?:.*?\bxuất trình\s+(giấy tờ[^.;]{5,120}?)(?:\s+theo quy định|[.;]|$))?/isu.exec(raw);
  if (mined) {
    // The record's own words for the paper ("giấy tờ, tài liệu chứng minh chỗ ở hợp pháp"), else "Giấy tờ chứng minh …".
    const paper = mined[2] ? mined[2].trim() : `giấy tờ chứng minh ${mined[1]!.replace(/[\s,;]+$/u, '')}`;
    return `${truncateWords(paper.charAt(0).toLocaleUpperCase('vi') + paper.slice(1), 70)} (nếu cơ quan không tra được trên VNeID)`;
  }
  // "Hồ sơ thiết kế xây dựng: + Đối với nhà ở riêng lẻ của hộ gia đình, cá nhân: 02 bộ bản vẽ …; + Đối với … tổ chức: …": the household's part.
  const household = /^[^:+]{5,60}:\s*\+\s*(?:đối với|trường hợp)\s[^:+]{0,80}?(?:hộ gia đình|cá nhân)[^:+]{0,40}:\s*([^;+]{8,})/iu.exec(raw);
  if (household) raw = household[1]!.trim().replace(/^./u, (c) => c.toLocaleUpperCase('vi'));
  // A foreigner's identity paper is a passport: "căn cước" is a Vietnamese citizen's card, never theirs.
  if (subjectOf && /nuoc ngoai/.test(fold(subjectOf)) && /^(?:bản sao\s+)?hộ chiếu/iu.test(raw)) {
    const copy = /^bản sao/iu.test(raw) ? 'Bản sao hộ chiếu' : 'Hộ chiếu';
    return `${copy} (hoặc giấy tờ thay thế hộ chiếu) của ${subjectOf}`;
  }
  if (isIdentityPaper(raw)) {
    // A record whose papers speak of "hai bên nam, nữ" registers two people: both show theirs.
    const twoParties = p?.documentGroups.some((g) => g.items.some((i) => /\bhai bên\b/iu.test(i.name)));
    // "… của người nghiện ma túy." at the end: whose paper the record says it is.
    // Not the applicant, who is the default ("người có yêu cầu", "người đề nghị"), nor a foreigner, whose paper is a passport.
    const owner = /\s+của\s+((?:người|trẻ em)\s(?!(?:có\s)?(?:yêu cầu|đề nghị|nộp|đi\s)|nước ngoài)[^,;:()]{2,30}?)\s*[.;]?\s*$/u.exec(raw)?.[1];
    const whose = subjectOf ? ` của ${subjectOf}` : owner ? ` của ${owner}` : twoParties ? ' của hai bên' : p && /^(thủ tục\s+)?đăng ký/iu.test(p.name) ? ' của người đi đăng ký' : '';
    const copyWord = /^bản\s+(sao|chụp|phô\s?tô|photo)/iu.exec(raw)?.[1];
    const copy = !copyWord ? 'Giấy tờ' : /^sao$/iu.test(copyWord) ? 'Bản sao giấy tờ' : /^chụp$/iu.test(copyWord) ? 'Bản chụp giấy tờ' : 'Bản phô tô giấy tờ';
    return `${copy} tùy thân${whose} (căn cước, căn cước điện tử, hộ chiếu…)`;
  }
  // "Bản vẽ … lập theo Mẫu số 02 ban hành kèm theo Quyết định số 75/2026/QĐ-UBND ngày 30/5/2026 của UBND thành phố
  // Đà Nẵng được người sử dụng đất và đơn vị đo đạc ký, đóng dấu": who signs or attests it, said after the citation, is
  // part of what the paper must be; the citation goes, the attestation stays.
  const attested = /\s(?:ban hành kèm theo|quy định tại)\s+(?:Quyết định|Thông tư|Nghị định)\s[^;()]{0,120}?\s((?:được|có|đã được)\s+[^;.()]{4,70}?\s(?:ký|ký tên|đóng dấu|xác nhận|chứng thực)(?:,\s*(?:đóng dấu|ký))?)\s*[.;]?\s*$/iu.exec(raw)?.[1];
  let s = raw
    // "Giấy tờ hợp pháp theo quy định của pháp luật về việc chuyển giao tài sản …": the filler goes, what the paper is about stays
    // (not "… theo quy định của pháp luật về đầu tư", which names the law).
    .replace(/\s+theo quy định của pháp luật(?=\s+về việc\s)/giu, '')
    .replace(/\s*\((?:[^()]*(?:Thông tư|Nghị định|Luật|Quyết định|ban hành|Điều)[^()]*)\)/giu, '')
    .replace(/\s*,?\s*(?:được\s+)?(?:ban hành kèm theo|quy định tại|theo quy định (?:tại|của)|theo quy định|căn cứ quy định)\b.*$/iu, '')
    // "… theo Mẫu số 22 Phụ lục II Nghị định …": the form's number is said beside the name, the citation dropped.
    .replace(/\s+theo\s+mẫu\s+số\s+\d{1,3}[a-z]?\b.*$/iu, '')
    // "… hợp thửa đất lập theo Mẫu số 02": the verb of the dropped form reference does not dangle.
    .replace(/\s+(?:được\s+)?lập$/u, '');
  if (attested) s = `${s.replace(/[\s,;.]+$/u, '')} ${attested}`;
  // "Một trong các loại giấy tờ quy định tại Điều 137, … Luật Đất đai": with no name of its own, the paper is the one the law lists.
  if (/^(?:một trong (?:các|những) (?:loại )?giấy tờ|các (?:loại )?giấy tờ|giấy tờ)$/iu.test(s.trim())) {
    const listing = lawListing(raw.slice(s.length));
    // The paper after the law (if any) stays whole: the list puts it on a line of its own.
    const [refs, after] = listing.split(/(?=; )/u);
    if (listing) return `${fitName(`${s.trim().replace(/\s+loại(?=\s+giấy tờ$)/iu, '')}${refs}`, Math.max(max, SHORT_NAME_MAX))}${after ?? ''}`;
  }
  // "Bản chính hoặc bản sao có chứng thực hoặc bản sao điện tử …": the form of the copy is in the count beside the name.
  const paper = s.replace(COPY_FORMS, '');
  // "Bản sao từ sổ gốc hoặc bản sao và xuất trình bản chính …" names no paper after its forms: the line stays whole.
  if (paper !== s && paper.length >= 8 && !/^(?:và|hoặc|để|kèm|có)\s/iu.test(paper)) s = paper;
  // "Bản sao … của một trong các giấy tờ: giấy chứng minh thư ngoại giao, …, thẻ tạm trú, …": the list is the paper
  // (cut at its colon the line said only "Một trong các giấy tờ").
  // "Bản sao hợp lệ một trong các loại văn bản sau đây: a) Giấy chứng nhận đăng ký kinh doanh; …": the same with papers called "văn bản", "tài liệu", listed a), b).
  const oneOfList = /^((?:bản sao(?: hợp lệ| có chứng thực)?\s+)?một trong (?:các|những) (?:loại )?(?:giấy tờ|văn bản|tài liệu))(?:\s+sau(?:\s+đây)?)?\s*:\s*(?:[-+•]\s*|\(?[a-zđ1-9][.)]\s*)?(.{8,})/iu.exec(s);
  if (oneOfList) {
    const copyOf = paper !== raw && /^bản sao/iu.test(raw) && !/^bản sao/iu.test(oneOfList[1]!) ? 'Bản sao ' : '';
    const list = oneOfList[2]!.replace(/\s*;\s*(?:[-+•]\s*|\(?[a-zđ1-9][.)]\s*)?|\s+[-+•]\s+/gu, ', ').replace(/[\s.;,]+$/u, '');
    return fitName(`${copyOf}${copyOf ? oneOfList[1]!.toLocaleLowerCase('vi') : oneOfList[1]}: ${list}`, max);
  }
  // "Tờ khai thuế thu nhập cá nhân (áp dụng đối với cá nhân nhận thừa kế, quà tặng không phải là bất động sản) mẫu số 04/…":
  // the bracket says which of a family of forms it is, so it stays, said "cho …", when the line has room for it.
  const scope = /^(.{8,80}?)\s\(áp dụng (?:đối với|cho)\s+([^()]{5,110})\)/u.exec(s);
  if (scope) {
    const named = `${scope[1]!.charAt(0).toLocaleUpperCase('vi')}${scope[1]!.slice(1)} cho ${scope[2]!.trim()}`;
    // Its form's number after the bracket ("mẫu số 04/TKQT-TNCN"), the citation that follows dropped.
    const number = /^[\s,]*(?:theo\s+)?mẫu(?:\s+biểu)?\s+số\s+(\d{1,3}[a-z]?\/[\p{L}\d/-]*[\p{L}\d])/iu.exec(raw.slice(raw.indexOf(scope[2]!) + scope[2]!.length + 1))?.[1];
    const form = item.formName && item.formName.length <= 30 && /^mẫu\s/iu.test(item.formName) ? item.formName.replace(/^mẫu/iu, 'Mẫu') : number ? `Mẫu số ${number}` : undefined;
    const whole = form && !fold(named).includes(fold(form.replace(/^mẫu\s+(số\s+)?/iu, ''))) ? `${named} (${form})` : named;
    // A scope too long for the line leaves the name and its form's number.
    if (whole.length <= max) return whole;
    const head = fitName(named.slice(0, scope[1]!.length), max);
    if (form) return `${head} (${form})`;
  }
  // "(CO)", "(CQ)": an abbreviation in parentheses is part of the name, no cut.
  // "Bằng cử nhân (đại học) ngoại ngữ …": a short gloss inside the name, with the name going on after it, is no cut.
  const paren = s.search(/\s\((?![A-ZĐ0-9/-]{1,8}\))(?!(?!nếu|trường hợp|đối với|kèm|theo|mẫu|bản\s)[^()]{1,15}\)\s+\p{Ll})/iu);
  const cuts = [s.indexOf(';'), paren, s.search(/\.\s/u), s.indexOf(': ')].filter((i) => i >= 12);
  if (cuts.length) {
    const at = Math.min(...cuts);
    s = withDetail(s.slice(0, at), s.slice(at)) ?? s.slice(0, at);
  }
  // "Phương án di dời do … thực hiện gồm: Phần thuyết minh …" cut at its colon: the name, not its dangling "gồm".
  s = s.replace(/[\s;:,.]+$/u, '').replace(/,?\s+(?:bao\s+)?gồm(?:\s+một trong\s+(?:các|những)\s+(?:loại\s+)?giấy tờ(?:\s+sau(?:\s+đây)?)?)?$/u, '').replace(/[\s;:,.]+$/u, '').replace(/^xuất trình\s+(?!hoặc\s)(?=\p{L})/iu, '').trim();
  if (!s) s = raw;
  s = s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);
  const states = mustState(raw, s) ?? withPhoto(raw, s);
  // The form meant for this person (documentsForPerson put its code in formName): "Mẫu TK01".
  // A photo has no form: a form file the portal attached to it ("MẪU ĐƠN CAP LAI CCHNKT 2") belongs to the application.
  const photoLine = /^(?:\d{1,2}\s+)?(?:tệp(?:\s+tin)?\s+)?ảnh(?!\p{L})/iu.test(s);
  const form = !photoLine && item.formName && item.formName.length <= 30 && /^mẫu\s/iu.test(item.formName) ? item.formName.replace(/^mẫu/iu, 'Mẫu') : undefined;
  const code = photoLine
    ? undefined
    :
    form ??
    /mẫu\s+(?:số\s+)?([A-ZĐ]{1,4}\s?\d{1,3}[a-z]?)\b/iu.exec(raw)?.[0]?.replace(/^mẫu/iu, 'Mẫu') ??
    /\btheo\s+(mẫu\s+số\s+\d{1,3}[a-z]?)\b/iu.exec(raw)?.[1]?.replace(/^mẫu/iu, 'Mẫu');
  const withCode = code && !fold(s).includes(fold(code.replace(/^mẫu\s+(số\s+)?/iu, ''))) ? `${fitName(s, max - code.length - 3)} (${code})` : fitName(s, max);
  return states ? `${withCode}, ${states}` : withCode;
}

/**
 * A long name cut to `max`: what a paper attests outlasts the list of who may issue it
 * ("Văn bản của cơ quan y tế, cơ quan giám định hoặc cơ quan, tổ chức khác có thẩm quyền ở
 * trong nước hoặc nước ngoài xác nhận quan hệ cha con, quan hệ mẹ con" → "Văn bản của cơ quan
 * y tế… xác nhận quan hệ cha con, quan hệ mẹ con"); otherwise cut at a word from the end.
 */
export function fitName(name0: string, max: number): string {
  if (name0.length <= max) return name0;
  // Words a long name can lose first, the paper unchanged: "… do cơ quan có thẩm quyền nước ngoài cấp phù hợp với pháp luật
  // của nước đó đối với thời gian … cư trú ở nước ngoài" → "… do cơ quan nước ngoài cấp đối với thời gian …".
  const name = name0
    .replace(/\s+phù hợp với (?:quy định (?:của )?)?pháp luật(?: của nước đó| (?:của )?(?:nước sở tại|Việt Nam))?(?=[\s,.;]|$)/gu, '')
    .replace(/(?<!\p{L})(cơ quan|tổ chức)\s+có thẩm quyền(?=\s+(?:của\s+)?(?:nước ngoài|Việt Nam)(?!\p{L}))/gu, '$1');
  if (name.length <= max) return name;
  // "… theo Điều 137, khoản 1, 5 các Điều 148, 149 Luật Đất đai": the law is named, its articles cut instead.
  const law = /\stheo\s.{4,}?(\sLuật(?:\s\p{L}+){1,4})$/u.exec(name);
  if (law && max - law[1]!.length >= 40) return `${truncateWords(name.slice(0, name.length - law[1]!.length), max - law[1]!.length)}${law[1]}`;
  // "… (Mẫu số 02/QTT-TNCN)": the form's number is what the citizen asks for at the desk; the words before it are cut instead.
  const code = /\s\((Mẫu[^()]{1,30})\)$/u.exec(name);
  if (code && max - code[0].length >= 30) {
    const cut = fitName(name.slice(0, code.index), max - code[0].length);
    // A scope cut after a word or two ("Tờ khai … cho cá…") says nothing: the name alone, with its form.
    const stub = /\scho\s.{0,20}…$/u.exec(cut);
    return `${stub ? cut.slice(0, stub.index) : cut}${code[0]}`;
  }
  const m = /^((?:văn bản|giấy|nghị quyết|quyết định|chứng chỉ|chỉ định)[^,;]{0,40}?\s(?:của|do)\s)(.{10,}?)\s((?:xác nhận|chứng minh|về việc)\s.{8,})$/iu.exec(name);
  // A name fitted once already ("Giấy xác nhận của tổ chức y tế… xác nhận …") is fitted again the same way, shorter.
  const fitted = m?.[2]!.endsWith('…') ?? false;
  // Only a list of issuers is dropped ("cơ quan y tế, cơ quan giám định hoặc …"), or the qualifier of the one issuer
  // ("tổ chức y tế có thẩm quyền của Việt Nam hoặc nước ngoài"), never what the paper is about.
  if (m && (fitted || /,\s|\shoặc\s|\scó thẩm quyền\b/u.test(m[2]!)) && !/\s(?:về|trong đó|đối với)\s|\shoặc (?:giấy|văn bản|bản)\b/u.test(` ${m[2]!} `)) {
    // As many of the issuers as fit, the first always, without its qualifier when that is what makes room.
    const parts = (fitted ? m[2]!.slice(0, -1) : m[2]!).split(/(?=,\s|\s+hoặc\s+)/u);
    // "Giấy xác nhận của … xác nhận các bên …": what it attests after a colon, the verb said once.
    const what = (/^(?:giấy|văn bản) xác nhận\b/iu.test(m[1]!) && /^xác nhận\s/iu.test(m[3]!) ? m[3]!.replace(/^xác nhận\s+/iu, '') : m[3]!).replace(/[\s.;,]+$/u, '');
    const joint = what === m[3]!.replace(/[\s.;,]+$/u, '') ? '… ' : '…: ';
    let issuers = parts[0]!.trim();
    // The bare issuer must still name a body ("tổ chức y tế", "cơ quan nhà nước"), not only "cấp" or "cơ quan".
    const bare = issuers.replace(/\s+có thẩm quyền\b.*$/u, '');
    if (`${m[1]}${issuers}${joint}${what}`.length > max && bare.split(/\s+/u).length >= 3) issuers = bare;
    for (const part of fitted ? [] : parts.slice(1)) {
      if (`${m[1]}${issuers}${part}${joint}${what}`.length > max) break;
      issuers += part;
    }
    const lead = `${m[1]}${issuers.trim()}${joint}`;
    // A long attestation is itself cut at a word, when enough of it stays to say what it attests.
    if ((fitted || issuers.length < m[2]!.length) && max - lead.length >= 30) return `${lead}${what.length <= max - lead.length ? what : truncateWords(what, max - lead.length)}`;
  }
  return truncateWords(name, max);
}

/** A name that says only the kind of paper ("Giấy tờ của chủ xe", "Bản sao các loại bản đồ"): what it is follows it. */
const KIND_ONLY = /^(?:bản sao\s+)?(?:các\s+)?(?:loại\s+)?(?:giấy tờ|hồ sơ|tài liệu|bản đồ|bản vẽ|chứng từ)(?:\s+(?:của|về)\s+[^,;():]{2,20})?$/iu;

/**
 * "Giấy tờ của chủ xe: sử dụng … định danh điện tử mức độ 2 …", "Giấy tờ của xe (sử dụng dữ
 * liệu điện tử của Phiếu kiểm tra …; Hóa đơn điện tử; Lệ phí trước bạ)": a name that says only
 * the kind of paper keeps the words after it that say which one, up to the sentence's end.
 */
function withDetail(head: string, rest: string): string | undefined {
  // "Nội dung khai báo tạm vắng gồm: họ và tên, …": a lead-in to what the paper holds.
  const leadIn = /^(.{5,60}?)\s+(?:gồm|bao gồm)$/iu.exec(head.trim());
  // "Hồ sơ xin cấp Giấy chứng nhận: Quyết định giao đất tái định cư, …": a file named by its purpose, its paper after the colon.
  const fileOf = /^hồ sơ\s/iu.test(head.trim()) && /^:\s+(?:bản sao\s+)?(?:quyết định|giấy|văn bản|hợp đồng|biên bản|bản|tờ|đơn|phiếu|sổ|trích lục)\s/iu.test(rest);
  if (leadIn && /^:\s/u.test(rest)) head = leadIn[1]!;
  else if (!KIND_ONLY.test(head.trim()) && !fileOf) return undefined;
  let detail: string | undefined;
  if (/^\s\(/u.test(rest)) {
    const close = rest.indexOf(')');
    if (close > 0) detail = rest.slice(2, close);
  } else if (/^:\s/u.test(rest)) {
    // "+ Bản đồ …; + Bản đồ …": the listed papers, one after another.
    detail = rest.slice(2).split(/\.\s|\.$/u)[0]!.replace(/[;,]?\s+\+\s+/gu, ', ');
  }
  detail = detail
    ?.trim()
    .replace(/^(?:[+\-•]\s*)?(?:gồm|bao gồm)?\s*(?:một trong (?:các|những) giấy tờ sau(?: đây)?\s*:?)?\s*/iu, '')
    .replace(/[\s;:,.]+$/u, '');
  // "Các tài liệu: bản chính hoặc bản sao …" says how many, not which: the short name stays.
  if (!detail || detail.length < 8 || /^(bản chính|bản sao|bản chụp)\b/iu.test(detail)) return undefined;
  return `${head.trim()}: ${detail}`;
}

/**
 * " quy định tại Điều 137, khoản 1, khoản 5 Điều 148, … Luật Đất đai, sơ đồ nhà ở, công trình xây dựng (nếu có)" →
 * " theo Điều 137, khoản 1, 5 Điều 148, … Luật Đất đai; sơ đồ nhà ở, công trình xây dựng (nếu có)": the articles with
 * their clauses when short (only those clauses qualify), and a paper listed after the law; "" when no article and law are named.
 */
function lawListing(tail: string): string {
  const law = /(?<!\p{L})(Luật(?:\s+(?!(?:năm|số|và|sơ|của|ngày|hoặc|đối|về)(?!\p{L}))\p{L}+){1,4}|Nghị định(?: số)? [\d/A-ZĐ-]+)/u.exec(tail);
  if (!law) return '';
  const refs = tail.slice(0, law.index);
  const articles = [...new Set([...refs.matchAll(/Điều\s+(\d+)/gu)].map((m) => `Điều ${m[1]}`))].slice(0, 3);
  if (!articles.length) return '';
  const plain = `Điều ${articles.map((a) => a.replace(/^Điều\s+/u, '')).join(', ')}`;
  const units = [...refs.matchAll(/((?:khoản\s+\d+[a-z]?\s*,?\s*(?:và\s+)?)*)Điều\s+(\d+)/gu)].map((m) => ({ clauses: [...m[1]!.matchAll(/khoản\s+(\d+[a-z]?)/gu)].map((k) => k[1]!), article: m[2]! }));
  // Articles in a row with the same clauses said once: "khoản 1, khoản 5 Điều 148, khoản 1, khoản 5 Điều 149" → "khoản 1, 5 các Điều 148, 149".
  const runs: Array<{ clauses: string[]; articles: string[] }> = [];
  for (const u of units) {
    const last = runs.at(-1);
    if (last && u.clauses.length && last.clauses.join() === u.clauses.join()) last.articles.push(u.article);
    else runs.push({ clauses: u.clauses, articles: [u.article] });
  }
  const detailed = runs
    .map((r) => (r.clauses.length ? `khoản ${r.clauses.join(', ')} ${r.articles.length > 1 ? 'các ' : ''}Điều ${r.articles.join(', ')}` : `Điều ${r.articles.join(', ')}`))
    .join(', ');
  const refText = units.length <= 3 && units.some((u) => u.clauses.length > 0) && detailed.length <= 60 ? detailed : plain;
  // ", sơ đồ nhà ở, công trình xây dựng (nếu có)": another paper, listed after the law.
  const more = /^\s*(?:\(nếu có\))?\s*,\s*((?:sơ đồ|bản vẽ|bản đồ|bản sao|giấy|hợp đồng|văn bản)\s[^.;:()]{3,60}?)\s*(\(nếu có\))?\s*(?:[.;]|$)/iu.exec(tail.slice(law.index + law[0].length));
  return ` theo ${refText} ${law[1]!.trim()}${more ? `; ${more[1]!.trim()}${more[2] ? ' (nếu có)' : ''}` : ''}`;
}

/** "Đề nghị cấp IDP theo mẫu … và 01 ảnh kích thước 3x4cm": the photo handed in with the form, when the short name cut it. */
function withPhoto(raw: string, shortName: string): string | undefined {
  const m = /\s(?:và|kèm theo|kèm)\s+(\d{1,2}\s+ảnh\b[^;()]{0,40}?)\s*[.;]?\s*$/iu.exec(raw);
  if (!m || fold(shortName).includes(fold(m[1]!))) return undefined;
  // "3x4cm" → "3x4 cm": the size as a citizen reads it.
  return `kèm ${m[1]!.trim().replace(/(\d)\s?[x×]\s?(\d+)\s?cm\b/giu, '$1x$2 cm')}`;
}

/**
 * What a declaration must state, said in the record after its name ("Tờ khai … (Mẫu CT01 …);
 * trong đó ghi rõ ý kiến đồng ý của chủ sở hữu chỗ ở hợp pháp, trừ trường hợp …"): the
 * clause up to its first exception or comma-free end, when short enough for a phone.
 */
function mustState(raw: string, shortName: string): string | undefined {
  if (!DECLARATION.test(fold(shortName)) && !/^(tờ khai|đơn|giấy đề nghị|phiếu đề nghị|văn bản đề nghị)/iu.test(shortName)) return undefined;
  const m = /(?:;|\)|,)\s*(?:trong đó\s+)?((?:ghi rõ|cung cấp rõ|có ý kiến)\s[^;.()]{8,}?)(?=\s*(?:,\s*trừ\s|\(|;|\.|$))/iu.exec(raw);
  if (!m) return undefined;
  const clause = m[1]!.trim().replace(/[\s,]+$/u, '');
  return clause.length <= 70 ? clause : undefined;
}

/**
 * A case title as a phone shows it: "a) Đối với trường hợp chuyển nhượng …" → "trường hợp chuyển
 * nhượng …", "1. NLĐ tham gia BHXH bắt buộc: - Người SDLĐ lập …" → "NLĐ tham gia BHXH bắt buộc",
 * "Hồ sơ gia hạn tạm trú gồm" → "hồ sơ gia hạn tạm trú"; lower-case first letter unless an acronym.
 */
export function caseLabel(title: string): string {
  let t = stripNumbering(title.replace(/\s+/g, ' ').trim().replace(/^\(\d{1,2}(?:\.\d{1,2})*\)\s*/u, ''));
  // What follows a colon or dash is the list or a remark, unless the head asks for it ("thay đổi về: tên, địa chỉ …").
  const head = t.split(/:\s|\s[-–]\s/u)[0]!;
  if (head !== t && !/\s(về|là|như|của|sau|sau đây|gồm)$/iu.test(head)) t = head;
  // "Đối với NLĐ (Trường hợp không quy định là bản chính thì có thể nộp bản sao hợp lệ. …)": a remark on copies, no part of the case.
  t = t.replace(/\s*\((?:trường hợp|lưu ý|ghi chú)\s[^()]{30,}\)?[.\s]*$/iu, '');
  t = t.replace(/^đối với\s+(?=trường hợp\s)/iu, '').replace(/[\s,]*(?:thì\s+)?(?:hồ sơ\s+)?(?:gồm|bao gồm)(?:\s+các giấy tờ sau(?: đây)?)?[\s:]*$/iu, '').replace(/[\s:;,.]+$/u, '');
  if (!t) return title;
  return /^\p{Lu}[\p{Ll}]/u.test(t) ? t.charAt(0).toLocaleLowerCase('vi') + t.slice(1) : t;
}

/** Condition wording for a phone: "Trường hợp ủy quyền …" → "Nếu ủy quyền …". */
export function shortCondition(condition: string): string {
  let c = condition.replace(/\s+/g, ' ').trim().replace(/[\s:;,.]+$/u, '');
  c = c.replace(/^(trường hợp|đối với trường hợp|đối với|nếu|khi)\s+/iu, '');
  c = c.replace(/\s*(?:thì|,)?\s*(?:hồ sơ|kèm theo hồ sơ)?\s*(?:gồm|phải có|bao gồm)(?:\s+các giấy tờ sau)?$/iu, '');
  return `Nếu ${truncateWords(c, 50)}`;
}

function roleOf(i: DocumentItem): DocumentItem['role'] {
  const role = i.role ?? inferred(i).role;
  // "(nếu có)": bring it when you have it, a document of the typical applicant, not a case.
  if (role === 'conditional' && fold(i.condition ?? inferred(i).condition ?? '').replace(/[^a-z ]+/g, '').trim() === 'neu co') return 'main';
  return role;
}

/**
 * A line continuing the one above ("Trong đó cung cấp rõ …"): its clause, short for a phone
 * ("" when too long to add); undefined for any other line.
 */
function continuation(item: DocumentItem): string | undefined {
  const m = /^\W*trong đó\s+(.*)$/iu.exec(stripNumbering(item.name.replace(/\s+/g, ' ').trim()));
  if (!m) return undefined;
  const clause = m[1]!.split(/\s*[(;.]/u)[0]!.replace(/[\s,]+$/u, '');
  return clause.length >= 8 && clause.length <= 70 ? clause : '';
}

const counted = (item: DocumentItem): boolean => (item.originals ?? 0) > 0 || (item.copies ?? 0) > 0 || item.formName !== null;
const CASE_START = /^(trường hợp|đối với trường hợp|nếu)\s/iu;
const DOCUMENT_NOUN = /^(giấy|bản|tờ|đơn|văn bản|phiếu|hồ sơ|sổ|chứng|ảnh|hợp đồng|quyết định|xuất trình|thẻ|hộ chiếu|căn cước|danh sách|báo cáo|biên bản|dự thảo|tài liệu|thông tin|chứng từ|trích lục|mẫu|bằng|các giấy tờ|một trong)/iu;

/**
 * "Tỷ lệ bản đồ: 1/5.000 hoặc 1/10.000 …" with no copy counted: how a paper above must be
 * made, not a paper of its own.
 */
function isSpecification(item: DocumentItem, present: boolean): boolean {
  if (present || counted(item)) return false;
  const lead = /^([^:]{3,30}):\s/u.exec(stripNumbering(item.name.trim()));
  return lead !== null && !DOCUMENT_NOUN.test(lead[1]!);
}

/** A line ending with its own case in parentheses: "(đối với người nước ngoài)", "(trường hợp phương tiện …)". */
const TRAILING_CASE = /\s*\((đối với|trường hợp|nếu)\s+((?!có\))[^()]{3,120})\)\s*[.;,]?\s*$/iu;

const CHANNEL_CHOICE = /lua chon|hinh thuc|truc tiep|truc tuyen|buu chinh/;

/** The clause that says a line is the individual applicant's own ("… trong trường hợp người yêu cầu là cá nhân …"). */
const INDIVIDUAL_CASE = /\s+(?:trong|đối với)\s+trường hợp\s+người (?:yêu cầu|đề nghị|có yêu cầu)\s+là cá nhân\b/iu;

/** "Các giấy tờ để chứng minh đối tượng miễn, hoặc giảm phí": only for those who claim the exemption. */
const EXEMPTION_PROOF = /chung minh (la |thuoc )?(doi tuong|dien)[^.;]{0,40}\b(mien|giam)\b/;

/** "Người yêu cầu … có trách nhiệm nộp đầy đủ bản sao các giấy tờ nêu trên …": what the applicant must do, not a paper. */
function isDuty(item: DocumentItem): boolean {
  const n = stripNumbering(item.name);
  return !DOCUMENT_NOUN.test(n) && /^(người|cơ quan|tổ chức|cá nhân|chủ)\s[^.;:]{0,80}?\s(có trách nhiệm|phải cam đoan|chịu trách nhiệm)\b/iu.test(n);
}

/**
 * "Phiếu CC01 … Trường hợp công dân chưa có thông tin trong cơ sở dữ liệu … thì hồ sơ còn có
 * Phiếu thu thập thông tin dân cư (Mẫu DC01 …)": the form codes another line adds only in a
 * case, with that case.
 */
function casesAddingForms(groups: readonly DocumentGroup[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const g of groups) {
    for (const i of g.items) {
      for (const m of i.name.matchAll(/(trường hợp\s[^.;]{5,140}?)\s+thì\s+hồ sơ\s+(?:còn\s+)?(?:có|gồm|kèm theo)\s*:?\s*([^.]{5,200})/giu)) {
        for (const c of m[2]!.matchAll(/mẫu\s+(?:số\s+)?([A-ZĐ]{2}\d{2}[a-z]?)\b/giu)) if (!out.has(c[1]!.toUpperCase())) out.set(c[1]!.toUpperCase(), m[1]!);
      }
    }
  }
  return out;
}

/**
 * "Quyết định giao vốn của cơ quan có thẩm quyền gửi Kho bạc Nhà nước …": a paper one authority
 * sends another, never one the applicant brings.
 */
function isBetweenAuthorities(item: DocumentItem): boolean {
  return /^(?:quyết định|văn bản|công văn|thông báo|tờ trình)\b[^.;]{0,80}?\bcủa\s+(?:cơ quan|ủy ban|uỷ ban|ubnd|sở|bộ|cục|chi cục)\b[^.;]{0,60}?\bgửi\s+(?:kho bạc|cơ quan|ủy ban|uỷ ban|ubnd|sở|bộ|cục|chi cục|ngân hàng)/iu.test(stripNumbering(item.name.trim()));
}

/** "Trường hợp … thì hồ sơ … không bao gồm …", "… thì không phải nộp …": an exemption, not a document. */
function isExemption(item: DocumentItem): boolean {
  return /^\W*(?:trường hợp|nếu|đối với)\s[^.;]{3,200}?\bthì\s+(?:hồ sơ\s+[^.;]{0,60}?)?(?:không bao gồm|không phải nộp|không phải xuất trình|không cần)/iu.test(stripNumbering(item.name));
}

/**
 * Lines imported before roles existed: "Trường hợp …/Nếu …/Đối với …" at the start, or
 * "… trong trường hợp ủy quyền …", make a line conditional on that case.
 */
function inferred(i: DocumentItem): { role: 'main' | 'conditional'; condition?: string } {
  const n = stripNumbering(i.name);
  const lead = /^((?:trường hợp|nếu|đối với)\s[^,:;]{3,80}?)(?:\s+thì\s|,|:)/iu.exec(n);
  if (lead) return { role: 'conditional', condition: lead[1]! };
  const inside = /\btrong trường hợp\s+(ủy quyền|[^,;.]{3,40}?)(?:\s+thực hiện|[,;.]|$)/iu.exec(n);
  if (inside && i.required !== true) return { role: 'conditional', condition: `Trường hợp ${inside[1]!}` };
  if (/\(nếu [^)]{3,80}\)/iu.test(n) && i.required !== true) return { role: 'conditional', condition: /\((nếu [^)]{3,80})\)/iu.exec(n)![1]! };
  return { role: 'main' };
}

function tokens(s: string): string[] {
  // "do" (by, because) says nothing of a case; "đo" (measuring, "đo đạc") does, and folds to the same letters.
  return fold(s.replace(/(?<!\p{L})do(?!\p{L})/gu, ' '))
    .replace(/[^a-z0-9 ]+/g, ' ')
    // "theo quy định", "quy định tại …": the law's boilerplate names no case ("định" would match a citizen's "quyết định").
    .replace(/\bquy dinh\b/g, ' ')
    .split(' ')
    .filter((t) => t.length > 1 && !STOP.has(t));
}

/** `tokens` keeping the marks (normalised, lower case): a case's words as written, to match marked words only with themselves. */
function accentedTokens(s: string): string[] {
  return normalizeVi(s.replace(/(?<!\p{L})do(?!\p{L})/gu, ' '))
    .replace(/[^\p{L}\p{N} ]+/gu, ' ')
    .replace(/(?<!\p{L})quy (?:định|dinh)(?!\p{L})/gu, ' ')
    .split(' ')
    .filter((t) => t.length > 1 && !STOP.has(fold(t)));
}

/** A case title that is one alternative of several ("Trường hợp …", "… theo danh sách"), not a part of one dossier ("1. Hồ sơ thu hồi"). */
function isAlternative(p: Procedure, title: string): boolean {
  const f = fold(title);
  if (/(doi voi|truong hop|theo danh sach|tai noi|tai co so|vao cho o|tren phuong tien|cho nguoi|nguoi nuoc ngoai)/.test(f)) return true;
  const nameWords = new Set(tokens(p.name));
  const tw = tokens(title);
  return tw.length > 0 && tw.filter((w) => nameWords.has(w)).length >= Math.max(1, nameWords.size * 0.6);
}

/** Kinship words a citizen uses for the person moving in or registered ("nhà người thân", "cho con"); "anh/chị/em" are how they address us. */
const KIN_WORDS = /(^| )(nguoi than|ho hang|con|vo|chong|bo|me|cha|ong|ba|chau|bo me|cha me|ong ba)( |$)/;
/** How a record's case says kinship: "quan hệ nhân thân với chủ hộ", "thành viên hộ gia đình". */
const KIN_CASE = /nhan than|quan he gia dinh|thanh vien ho gia dinh|ve o voi|o cung/;
const KIN = '\u0000kin';

/** A case's words for matching a question: its title, then (weaker) the lines under it. */
interface CaseText {
  title: string[];
  body: string[];
}

/**
 * The case of a multi-case record for this question: the title sharing most words with the
 * question beyond the procedure's own name, each word weighed by how few cases have it
 * ("vào", shared by several titles, says little; "thuê" says which one), then the same for
 * the lines under each title (a case named by law, "khoản 2 Điều 20", is described by its
 * papers: "quan hệ nhân thân với chủ hộ"); kinship words ("nhà người thân", "cho con") point
 * to a case about kinship. When the question names none, the first case that is not a special
 * one ("… theo danh sách", "… trên phương tiện", "… đơn vị đóng quân"); `asked` says which.
 */
function chooseCase(p: Procedure, cases: string[], question: string, groups: readonly DocumentGroup[]): { title: string; asked: boolean } | undefined {
  if (!cases.length) return undefined;
  const nameWords = new Set(tokens(p.name));
  // "ở Hà Nội": the city asked from, no case ("nội" folds to "nơi", a word of case titles).
  question = question.replace(/\b(?:thành phố\s+|tp\.?\s*)?(?:hà nội|ha noi)\b/giu, ' ');
  const fq = ` ${fold(question).replace(/[^a-z0-9 ]+/g, ' ').replace(/\s+/g, ' ')} `;
  // A word typed with its marks matches only that word ("chưa thu hồi" is not the "chữa" of "sửa chữa", "đóng" not the
  // "động" of "lao động", "năm" not "Việt Nam"); a word typed without marks matches any word it folds from (DESIGN, Retrieval).
  // Cases the name lists one by one ("Trợ cấp tiền tuất, tai nạn (… tai nạn suy giảm …)"), their titles all in the name's
  // words: a word only one title has tells them apart all the same ("tai nạn" of "a) Trường hợp tai nạn suy giảm …", "trợ
  // cấp" of "b) Trường hợp trợ cấp tiền tuất").
  const titleCount = new Map<string, number>();
  for (const t of cases) for (const w of new Set(accentedTokens(t).map(fold))) titleCount.set(w, (titleCount.get(w) ?? 0) + 1);
  const namedCases = cases.length >= 2 && cases.every((t) => accentedTokens(t.replace(/^\s*(?:\(?[a-zđ0-9]{1,2}[.)]\s*)?(?:trường hợp|đối với)\s+/iu, '')).every((w) => nameWords.has(fold(w))));
  const telling = (w: string) => !nameWords.has(fold(w)) || (namedCases && titleCount.get(fold(w)) === 1);
  const typed = accentedTokens(question).filter(telling);
  const marked = new Set(typed.filter((t) => hasDiacritics(t)));
  const plain = new Set(typed.filter((t) => !hasDiacritics(t)));
  if (KIN_WORDS.test(fq)) marked.add(KIN);
  const q = { has: (w: string) => marked.has(w) || plain.has(fold(w)) };
  const textOf = (t: string): CaseText => {
    const body = groups.filter((g) => g.title.trim() === t).flatMap((g) => g.items.filter((i) => roleOf(i) === 'main' || roleOf(i) === 'conditional').map((i) => i.name));
    const extra = (s: string) => [...new Set(accentedTokens(s).filter((w) => !nameWords.has(fold(w))))];
    const title = [...new Set(accentedTokens(t).filter(telling))];
    const bodyText = body.join(' ');
    const bodyWords = extra(bodyText);
    // Kinship is what such a case is about, said in its title or only in its papers.
    if (KIN_CASE.test(fold(`${t} ${bodyText}`))) title.push(KIN);
    return { title, body: bodyWords };
  };
  const texts = cases.map(textOf);
  const spread = (pick: (c: CaseText) => string[]) => {
    const df = new Map<string, number>();
    for (const c of texts) for (const w of new Set(pick(c))) df.set(w, (df.get(w) ?? 0) + 1);
    return (c: CaseText) => pick(c).filter((w) => q.has(w)).reduce((sum, w) => sum + 1 / (df.get(w) ?? 1), 0);
  };
  const titleScore = spread((c) => c.title);
  const bodyScore = spread((c) => c.body);
  // Then the question's words the title shares with the name ("xây nhà" → "… nhà ở riêng lẻ").
  const all = accentedTokens(question);
  const allMarked = new Set(all.filter((t) => hasDiacritics(t)));
  const allPlain = new Set(all.filter((t) => !hasDiacritics(t)));
  const shared = (t: string) => [...new Set(accentedTokens(t))].filter((w) => allMarked.has(w) || allPlain.has(fold(w))).length;
  // An action the procedure's own name holds ("chuyển đổi" in a land transfer's name) is its subject, not a special case;
  // a special applicant stays special even when the name lists it ("… người gốc Việt Nam định cư ở nước ngoài").
  const ownName = fold(p.name);
  const special = (t: string) => ([...fold(t).matchAll(new RegExp(SPECIAL_CASE.source, 'g'))].some((m) => !ownName.includes(m[0]) || !SPECIAL_ACTION.has(m[0])) ? 1 : 0);
  // A case named only by the law ("điểm a, điểm b khoản 1 Điều 31") is special when its papers are those of few people (under supervision, serving a sentence).
  const specialBody = (t: string) => (SPECIAL_PAPERS.test(fold(groups.filter((g) => g.title.trim() === t).flatMap((g) => g.items.map((i) => i.name)).join(' '))) ? 1 : 0);
  const ranked = cases.map((t, i) => ({ t, i, s: titleScore(texts[i]!), b: bodyScore(texts[i]!), n: shared(t), x: Math.max(special(t), specialBody(t)) }));
  // The title is what the case is; its lines only describe it: they decide only when no title has the question's words.
  // A special case whose special words the citizen does not say ("người lao động là công dân nước ngoài …" for "tôi nghỉ
  // việc, muốn rút BHXH") is not chosen by its other words ("việc", "BHXH"): those are every case's.
  // The kind of special case by its first two words ("hoạt động sản xuất, kinh doanh" and "hoạt động kinh doanh" are one kind).
  const kinds = (s: string) => new Set([...s.matchAll(new RegExp(SPECIAL_CASE.source, 'g'))].map((m) => m[0].split(/[\s,]+/).slice(0, 2).join(' ')));
  const asking = kinds(fq);
  const saysSpecial = (t: string) => [...kinds(fold(t))].some((k) => asking.has(k));
  for (const r of ranked) if (special(r.t) && !saysSpecial(r.t)) r.s = 0;
  const byTitle = ranked.some((r) => r.s > 0);
  // A special case ("đơn vị đóng quân") is chosen by its title's words only, never by a word somewhere in its papers.
  const total = (r: (typeof ranked)[number]) => (byTitle ? r.s : r.x ? 0 : r.b);
  // Titles tied on the question's words ("mua lại chiếc tàu của một chủ …": "mua" in one title, "chủ" in another): the
  // papers' words decide ("Giấy chứng nhận xóa đăng ký đối với trường hợp mua bán …"), before the words shared with the name.
  const tieBreak = (r: (typeof ranked)[number]) => (byTitle && !r.x ? r.b : 0);
  ranked.sort((a, b) => total(b) - total(a) || a.x - b.x || tieBreak(b) - tieBreak(a) || b.n - a.n || a.i - b.i);
  const best = ranked[0]!;
  // Chosen by the words when no other ordinary case has as many of them (a special one losing a tie is no rival).
  const rival = ranked.slice(1).some((r) => total(r) === total(best) && r.x <= best.x && tieBreak(r) >= tieBreak(best));
  return { title: best.t, asked: total(best) > 0 && !rival };
}

/**
 * A case as a few words beside others: "Đăng ký thường trú tại chỗ ở hợp pháp do thuê, mượn,
 * ở nhờ" in the record "Đăng ký thường trú" → "chỗ ở hợp pháp do thuê, mượn, ở nhờ"; a
 * reference to the law kept short ("khoản 2 Điều 20 Luật Cư trú").
 */
export function caseShortLabel(p: Procedure, title: string, max = 48): string {
  let t = caseLabel(title).replace(/^(?:đối với\s+)?(?:trường hợp\s+)?/iu, '');
  const name = fold(p.name.replace(/^thủ tục\s+/iu, '')).replace(/[^a-z0-9 ]+/g, ' ').replace(/\s+/g, ' ').trim();
  const words = t.split(/\s+/u);
  let k = 0;
  while (k < words.length && name.split(' ')[k] === fold(words[k]!).replace(/[^a-z0-9]+/g, '')) k++;
  if (k >= 2 && k < words.length) t = words.slice(k).join(' ').replace(/^(tại|vào|ở|cho|của)\s+/iu, '');
  t = t.replace(/\s*(?:đối với\s+)?(?:những\s+)?trường hợp quy định tại\s+/iu, ' (').replace(/\s+Luật\s[^()]*$/u, '');
  if ((t.match(/\(/g) ?? []).length > (t.match(/\)/g) ?? []).length) t = `${t.trim()})`;
  return truncateWords(t.trim(), max);
}

/** Document groups whose title names a case of the procedure (not "Giấy tờ phải nộp" style). */
export function caseGroupTitles(groups: readonly DocumentGroup[]): string[] {
  const titles = groups
    .filter((g) => g.items.some((i) => roleOf(i) === 'main' || roleOf(i) === 'conditional'))
    .map((g) => g.title.trim())
    .filter((t) => !GENERIC_TITLE.test(fold(t.slice(0, 60))) && !/^(\((?!(?:\d{1,2}(?:\.\d{1,2})*|[ivx]{1,4})\)\s)|trường hợp ủy quyền|nếu ủy quyền)/iu.test(t));
  return [...new Set(titles)];
}

const FORM_REF = /mẫu\s+(?:số\s+)?\d{1,3}[a-z]?\s+phụ lục\s+(?:số\s+)?[IVXLC\d]+/iu;

/**
 * A form the record names twice with different wording ("Đơn đề nghị cấp giấy phép xây dựng
 * theo Mẫu số 1 Phụ lục số II" and, in another case, "Đơn đề nghị cấp giấy phép sửa chữa, cải
 * tạo công trình theo Mẫu số 1 Phụ lục số II"): the wording closest to the procedure's name.
 */
function fittingFormWording(p: Procedure, item: DocumentItem): DocumentItem {
  const ref = FORM_REF.exec(item.name)?.[0];
  if (!ref || !DECLARATION.test(fold(stripNumbering(item.name)))) return item;
  const key = fold(ref).replace(/\s+/g, ' ');
  const nameWords = new Set(tokens(p.name));
  const fit = (n: string) => {
    const head = tokens(n.slice(0, n.search(FORM_REF)));
    return head.filter((w) => nameWords.has(w)).length - head.filter((w) => !nameWords.has(w)).length;
  };
  let best = item;
  for (const g of p.documentGroups) {
    for (const i of g.items) {
      const r = FORM_REF.exec(i.name)?.[0];
      if (r && fold(r).replace(/\s+/g, ' ') === key && DECLARATION.test(fold(stripNumbering(i.name))) && fit(i.name) > fit(best.name)) best = i;
    }
  }
  return best === item ? item : { ...item, name: best.name };
}

/** "Giấy chứng nhận …" listed again after "Một trong những giấy tờ … bao gồm: + Giấy chứng nhận …": one of the alternatives, already said. */
function insideOneOf(d: ShortDocument, main: readonly ShortDocument[]): boolean {
  const own = fold(d.name.replace(/…$/u, '')).trim();
  if (own.length < 20) return false;
  // Not the paper the same record line lists after the "one of" (its own line, split from it).
  return main.some((o) => o !== d && o.item.name !== d.item.name && /^\W*mot trong (cac|nhung)/.test(fold(o.item.name)) && fold(o.item.name).includes(own));
}

/** A group title that names a paper and announces its versions: "Bản khai lý lịch … , cụ thể như sau". */
const PAPER_TITLE = /^((?:bản khai|tờ khai|đơn|giấy|văn bản|phiếu|bản sao)\s.{8,}?)[\s,]*(?:cụ thể\s+)?như sau\s*:?$/iu;

/** The short document list for the person asking, from the line roles. */
export function shortDocuments(p: Procedure, person: Person = {}, question = ''): ShortDocuments {
  const fitting = new Map(documentsForPerson(p.documentGroups, person, p.name).map((d) => [d.item, d.formName]));
  const groups = p.documentGroups.map((g) => ({ ...g, items: g.items.filter((i) => fitting.has(i)).map((i) => (fitting.get(i) === i.formName ? i : { ...i, formName: fitting.get(i) ?? null })) }));
  const cases = caseGroupTitles(groups).filter((t) => isAlternative(p, t));
  // One case only is no choice: its title is just a heading.
  // The record's words for the citizen's situation count too ("không tới mức phải đóng thuế" → "không phải nộp thuế thu nhập cá nhân").
  const choice = cases.length >= 2 ? chooseCase(p, cases, withSituationTerms(question), groups) : undefined;
  const chosen = choice?.title;
  const inScope = (g: DocumentGroup) => cases.length < 2 || !cases.includes(g.title.trim()) || g.title.trim() === chosen;
  const main: ShortDocument[] = [];
  const conditional = new Map<string, ShortDocument[]>();
  /** A short condition's words as the record has them ("… nhà chung cư lần đầu" said whole when it is the citizen's case). */
  const fullCondition = new Map<string, string>();
  const seen = new Set<string>();
  const foreignAsker = /nguoi nuoc ngoai/.test(fold(situationWords(question)));
  const ownsRegisteredProperty = REGISTERED_PROPERTY.test(fold(question).replace(/[^a-z0-9 ]+/g, ' '));
  const signedAtOffice = new Set<string>();
  const addedByCase = casesAddingForms(groups);
  for (const g of groups) {
    if (!inScope(g)) continue;
    const present = PRESENT_TITLE.test(fold(g.title));
    // "Trong phiếu nêu rõ mục đích, nội dung, phạm vi thông tin cần khai thác …" as a group's title: what its form must state.
    const states = /^\W*trong (?:phiếu|tờ khai|đơn|văn bản)(?: này)?\s+((?:nêu|ghi) rõ\s+[^.;]{8,}?)(?=\s+(?:trong|tại|và|để)\s|[.;]|$)/iu.exec(g.title.trim())?.[1];
    let stated = false;
    let previous: ShortDocument | undefined;
    let extended = false;
    // "Bản khai lý lịch (Mẫu số 02 …) kèm theo Phiếu lý lịch tư pháp … của người chịu trách nhiệm …, cụ thể như sau": a paper
    // named in the group's title, its lines only saying who gives which version; the paper is a main document.
    const titled = PAPER_TITLE.exec(g.title.trim());
    if (titled && !cases.includes(g.title.trim())) {
      const heading: DocumentItem = { name: titled[1]!, originals: null, copies: null, formName: null, required: true };
      const name = shortDocumentName(heading, p, SHORT_NAME_MAX);
      if (!seen.has(fold(name))) {
        seen.add(fold(name));
        main.push({ name, item: heading, present });
      }
    }
    for (let item of g.items) {
      // "Trong đó cung cấp rõ số thuê bao …": what the line above must state, not a document.
      const said = continuation(item);
      if (said !== undefined) {
        if (previous && said && !extended) previous.name = `${previous.name}, ${said}`;
        extended = true;
        continue;
      }
      let role = roleOf(item);
      const code = /mẫu\s+(?:số\s+)?([A-ZĐ]{2}\d{2}[a-z]?)\b/iu.exec(item.name)?.[1]?.toUpperCase();
      const addedIn = role === 'main' ? (code ? addedByCase.get(code) : undefined) ?? (EXEMPTION_PROOF.test(fold(item.name)) ? 'Nếu thuộc đối tượng được miễn, giảm phí' : undefined) : undefined;
      // "Tờ khai … trong trường hợp người yêu cầu là cá nhân hoặc Văn bản yêu cầu … (cơ quan)": the individual's paper is the typical one.
      const forIndividual = role === 'conditional' ? INDIVIDUAL_CASE.exec(item.name) : null;
      if (forIndividual) {
        role = 'main';
        item = { ...item, role: 'main', name: item.name.slice(0, forIndividual.index).trim() };
        delete item.condition;
      }
      // "Xuất trình Hộ chiếu, thẻ thường trú (đối với người nước ngoài).": the closing parenthesis is the line's case.
      // Only a one-clause line: in a long line of several papers ("…; bản cam kết … (đối với công trình có công trình liền kề)") it is the last paper's case.
      const oneClause = item.name.length <= 250 && !/;\s|\s\+\s/u.test(item.name.trim().replace(/[;.\s]+$/u, ''));
      const ending = role === 'main' && item.required !== true && oneClause ? TRAILING_CASE.exec(item.name.trim()) : null;
      // "(nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tiếp)": a way of submitting any applicant may choose, no case.
      const trailing = ending && !CHANNEL_CHOICE.test(fold(ending[2]!)) ? ending : null;
      if (trailing && !addedIn) {
        role = 'conditional';
        item = { ...item, role: 'conditional', condition: `${trailing[1]!.charAt(0).toLocaleUpperCase('vi')}${trailing[1]!.slice(1)} ${trailing[2]!}`.trim(), name: item.name.trim().slice(0, trailing.index).trim() };
      }
      if (addedIn) {
        role = 'conditional';
        item = { ...item, role: 'conditional', condition: addedIn };
      }
      // Conditional on the very case chosen: for this citizen it is a main document.
      if (role === 'conditional' && chosen && item.condition && sameStart(item.condition, chosen)) role = 'main';
      // "Đối với cá nhân là người Việt Nam: Tờ khai …": the typical citizen's own line, unless they said they are foreign.
      let promoted = false;
      if (role === 'conditional' && item.condition && ((isVietnameseCitizen(item.condition) && !foreignAsker) || (ownsRegisteredProperty && isPropertyPaper(item)))) {
        role = 'main';
        promoted = true;
      }
      if (role === 'internal') {
        const form = officeForm(item);
        if (form) signedAtOffice.add(form);
        continue;
      }
      if (role !== 'main' && role !== 'conditional') continue;
      if (role === 'main' && item.role === undefined && isNoteLike(item)) continue;
      if (isExemption(item) || isDuty(item) || isBetweenAuthorities(item)) continue;
      if (/(các giấy tờ sau|giấy tờ sau đây|gồm|sau)\s*:?\s*$/iu.test(item.name.trim()) && item.name.length < 120) continue;
      if (isSpecification(item, present)) continue;
      const withRole = item.role ? item : { ...item, condition: item.condition ?? inferred(item).condition };
      const own = role === 'conditional' || promoted ? withoutCondition(withRole) : item;
      // Still "Trường hợp …" once its condition is said: a description of the case, no document.
      if (role === 'conditional' && CASE_START.test(stripNumbering(own.name))) continue;
      // "… thì người yêu cầu có trách nhiệm cung cấp thông tin": uncounted and naming no paper, a duty, no document.
      if (role === 'conditional' && own !== withRole && !counted(item) && !DOCUMENT_NOUN.test(own.name)) continue;
      const name = shortDocumentName(role === 'main' ? fittingFormWording(p, own) : own, p, SHORT_NAME_MAX);
      const key = fold(name);
      if (seen.has(key)) continue;
      seen.add(key);
      const doc = { name, item, present: present || SHOWN.test(stripNumbering(item.name)) };
      if (states && !stated && states.length <= 70 && DECLARATION.test(fold(name))) {
        doc.name = `${name}, ${states}`;
        stated = true;
      }
      previous = role === 'main' ? doc : undefined;
      extended = false;
      // "Một trong các giấy tờ theo … Luật Đất đai; sơ đồ nhà ở, công trình xây dựng (nếu có)": two papers, two lines.
      const twoPapers = /^((?:một trong (?:các|những) |các )?giấy tờ theo [^;]+); ([^;]{8,})$/iu.exec(doc.name);
      if (twoPapers && role === 'main') {
        doc.name = twoPapers[1]!;
        const second = twoPapers[2]!;
        main.push(doc, { name: second.charAt(0).toLocaleUpperCase('vi') + second.slice(1), item: { ...item, originals: null, copies: null }, present: doc.present });
        continue;
      }
      if (role === 'main') main.push(doc);
      else {
        const cond = withRole.condition && fold(withRole.condition) !== fold(chosen ?? '') ? shortCondition(withRole.condition) : 'Tùy trường hợp';
        if (withRole.condition && !fullCondition.has(cond)) fullCondition.set(cond, withRole.condition);
        const list = conditional.get(cond) ?? [];
        list.push(doc);
        conditional.set(cond, list);
      }
    }
  }
  // A declaration several cases list (CT01 in "own home" and "unit's quarters") is every case's: the chosen one gets it when its lines leave it out.
  if (chosen && !main.some((d) => DECLARATION.test(fold(d.name)))) {
    const byKey = new Map<string, { doc: ShortDocument; cases: Set<string> }>();
    for (const g of groups) {
      const title = g.title.trim();
      if (!cases.includes(title) || title === chosen) continue;
      for (const i of g.items) {
        if (roleOf(i) !== 'main') continue;
        const name = shortDocumentName(i, p);
        if (!DECLARATION.test(fold(name))) continue;
        const code = /mẫu\s+(?:số\s+)?([A-ZĐ]{1,4}\s?\d{1,3}[a-z]?)\b/iu.exec(i.name)?.[1];
        const key = code ? fold(code) : fold(name).slice(0, 30);
        // The shortest wording of the form stands for it.
        const prev = byKey.get(key);
        const e = prev && prev.doc.name.length <= name.length ? prev : { doc: { name, item: i, present: false }, cases: prev?.cases ?? new Set<string>() };
        e.cases.add(title);
        byKey.set(key, e);
      }
    }
    const common = [...byKey.values()].filter((e) => e.cases.size >= 2).sort((a, b) => b.cases.size - a.cases.size)[0];
    if (common && !seen.has(fold(common.doc.name))) main.unshift(common.doc);
  }
  let all = [...conditional].map(([condition, items]) => ({ condition, items }));
  const asking = situationWords(question);
  let caseOfWords: string | undefined;
  if (!main.length) {
    const at = askedCase(
      all.map((c) => ({ ...c, condition: fullCondition.get(c.condition) ?? c.condition })),
      asking,
      new Set(tokens(p.name)),
    );
    if (at >= 0) {
      caseOfWords = fullCondition.get(all[at]!.condition) ?? all[at]!.condition;
      main.push(...all[at]!.items);
      all = all.filter((_, i) => i !== at);
    }
  }
  // With no document for everyone, the cases are all there is to say.
  // Beside the case the citizen's words named, another case is shown only for words beyond the procedure's name.
  const shown = caseOfWords ? orderConditions(all, asking, false, new Set(tokens(p.name))) : main.length ? orderConditions(all, asking) : orderConditions(all, asking, true);
  // The citizen's own declaration, then the core papers, then papers to show; acting through someone else last.
  const ownTopic = fold(p.name);
  const byOthers = (d: ShortDocument) => BY_OTHERS.some((w) => fold(d.name).includes(w) && !ownTopic.includes(w));
  const rank = (d: ShortDocument) => (DECLARATION.test(fold(d.name)) || (d.item.formName && DECLARATION.test(fold(d.item.formName))) ? 0 : byOthers(d) ? 3 : d.present ? 2 : 1);
  const lawful = identityForCertification(p, main) ?? identityFromSteps(p, main);
  if (lawful) main.push(lawful);
  for (const d of main) d.name = withRentalExample(d.name, question);
  const ordered = main
    .filter((d) => !insideOneOf(d, main))
    .map((d, i) => ({ d, i })).sort((a, b) => rank(a.d) - rank(b.d) || a.i - b.i).map((x) => x.d);
  return {
    main: ordered,
    conditional: shown,
    hiddenConditions: conditional.size - shown.length,
    askedConditions: shown.filter((c) => conditionHits(c.condition, asking) > 0).length,
    otherCases: chosen ? cases.filter((c) => c !== chosen) : [],
    // Both a group's case and a case its lines name ("đối với NLĐ, trường hợp điều trị nội trú"): said together.
    chosenCase: chosen && caseOfWords ? `${caseLabel(chosen)}, ${caseLabel(caseOfWords)}` : (chosen ?? caseOfWords),
    caseAsked: choice?.asked ?? caseOfWords !== undefined,
    signedAtOffice: [...signedAtOffice],
  };
}

/** A contract, transaction, will or inheritance paper certified at the commune (not copies or signatures alone). */
// Amending or cancelling one ("Chứng thực việc sửa đổi, bổ sung, hủy bỏ giao dịch") is signed by the same parties.
const CERTIFIED_TRANSACTION = /^(?:thủ tục\s+)?chứng thực\s+(?:việc\s+(?:sửa đổi|bổ sung|hủy bỏ)[^;]{0,30}?\s+)?(?:hợp đồng|giao dịch|di chúc|văn bản)/iu;

/**
 * Who signs the paper being certified, by the procedure's name: the testator, the heir who
 * refuses, the heirs who divide, the parties otherwise.
 */
function certifiedSigners(name: string): string {
  const f = fold(name);
  if (/di chuc/.test(f)) return 'người lập di chúc';
  if (/tu choi nhan di san/.test(f)) return 'người từ chối nhận di sản';
  if (/(phan chia|thoa thuan).{0,20}di san/.test(f)) return 'những người thừa kế';
  if (/khai nhan di san/.test(f)) return 'người nhận di sản';
  return 'các bên';
}

/**
 * Certifying a contract, transaction, will or inheritance paper needs the identity papers of
 * whoever signs it (Nghị định 23/2015/NĐ-CP, Điều 36 khoản 1 điểm b: "Bản sao giấy tờ tùy thân
 * của người yêu cầu chứng thực"), though many portal records list only the draft and the
 * property paper: said when the record names no identity paper.
 */
function identityForCertification(p: Procedure, main: readonly ShortDocument[]): ShortDocument | undefined {
  if (!CERTIFIED_TRANSACTION.test(p.name)) return undefined;
  if (main.some((d) => /tuy than|can cuoc|ho chieu/.test(fold(d.name)))) return undefined;
  const name = `Bản sao giấy tờ tùy thân của ${certifiedSigners(p.name)} (căn cước, hộ chiếu…)`;
  return { name, item: { name, originals: 0, copies: 1, formName: null, required: true, role: 'main' }, present: false };
}

/**
 * "Đối với cá nhân là người Việt Nam", "Trường hợp công dân Việt Nam": a condition that only says
 * the applicant is a Vietnamese citizen holds for the typical citizen (a Vietnamese individual
 * living in Viet Nam); one about Vietnamese living abroad does not.
 */
export function isVietnameseCitizen(condition: string): boolean {
  const f = fold(condition).replace(/[^a-z ]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (/nuoc ngoai|dinh cu|sinh song|khong co so dinh danh|quoc tich nuoc/.test(f)) return false;
  return /^(?:doi voi |truong hop |neu )?(?:ca nhan |nguoi |cong dan )?(?:la )?(?:nguoi |cong dan )?(?:co quoc tich )?viet nam$/.test(f);
}

/** Land, a house or a vehicle named by the citizen: property the law says must be registered. */
// Not a bare "nhà": "nhà tôi" is also "my family".
const REGISTERED_PROPERTY = /\b(?:dat|manh dat|thua dat|nha o|can nha|ngoi nha|nha dat|can ho|so do|so hong|o to|xe may|xe)\b/;

/**
 * "Giấy chứng nhận quyền sở hữu, quyền sử dụng … đối với tài sản mà pháp luật quy định phải
 * đăng ký … trong trường hợp văn bản … liên quan đến tài sản đó": the paper of a registered
 * property, conditional on the property being one. A citizen dividing or selling their land
 * or house says so, and for them it is a main paper.
 */
function isPropertyPaper(item: DocumentItem): boolean {
  const f = fold(`${item.condition ?? ''} ${item.name}`);
  return /tai san/.test(fold(item.condition ?? '')) && /giay chung nhan quyen (?:so huu|su dung)/.test(f) && /phai dang ky|dang ky quyen/.test(f);
}

/** "… nộp hồ sơ tại Công an tỉnh …; xuất trình giấy chứng minh nhân dân hoặc thẻ Căn cước …": the applicant shows an identity paper when handing in the file. */
const SHOWS_IDENTITY = /nộp (?:hồ sơ|tờ khai)[^.]{0,250}?[;,]?\s+(?:và\s+|đồng thời\s+)?(?:phải\s+)?xuất trình\s+(?:giấy\s+)?(?:chứng minh nhân dân|thẻ căn cước|căn cước|giấy tờ tùy thân)/iu;

/**
 * The identity paper the steps tell the applicant to show when handing in the file, when the
 * dossier names none (border passes: "…; xuất trình giấy chứng minh nhân dân hoặc thẻ Căn cước
 * công dân … để đối chiếu"). Not when someone else asks for it ("Doanh nghiệp yêu cầu khách
 * hàng xuất trình hộ chiếu"): that sentence has no "nộp hồ sơ" before it.
 */
function identityFromSteps(p: Procedure, main: readonly ShortDocument[]): ShortDocument | undefined {
  if (!p.steps.some((st) => SHOWS_IDENTITY.test(st))) return undefined;
  // A line that is itself an identity paper, not one naming a passport as its subject ("Tờ khai đề nghị cấp hộ chiếu",
  // "Hộ chiếu phổ thông cấp lần gần nhất" handed back): the passport's steps still say to show one's ID card.
  const paper = (name: string) => stripNumbering(name).replace(/^(?:bản sao|bản chính|bản chụp)(?:\s+(?:có chứng thực|điện tử))?\s+(?:của\s+)?/iu, '');
  if (p.documentGroups.some((g) => g.items.some((i) => isIdentityPaper(paper(i.name)) || /giấy tờ tùy thân/iu.test(i.name)))) return undefined;
  if (main.some((d) => /tuy than/.test(fold(d.name)) || isIdentityPaper(paper(d.name)))) return undefined;
  // The papers as the steps name them ("giấy chứng minh nhân dân hoặc thẻ Căn cước công dân hoặc thẻ Căn cước còn giá trị sử
  // dụng"): a border pass takes only those, not a passport of one's choice; our general words when the steps say "giấy tờ tùy thân".
  const named = p.steps
    .filter((st) => SHOWS_IDENTITY.test(st))
    .map((st) => /xuất trình\s+((?:giấy\s+)?(?:chứng minh nhân dân|thẻ căn cước|căn cước)[^.;()]*?)(?=\s+(?:để|cho cán bộ|và\s+(?:ký|nhận|nộp))\s|[.;()]|$)/iu.exec(st)?.[1])
    .find((x) => x !== undefined);
  const own = named?.replace(/\s+(?:để|cho cán bộ)\s.*$/u, '').replace(/[\s,]+$/u, '');
  const name = own && own.length <= 100 ? own.charAt(0).toLocaleUpperCase('vi') + own.slice(1) : 'Thẻ căn cước hoặc giấy tờ tùy thân khác (căn cước điện tử, hộ chiếu…)';
  return { name, item: { name, originals: 1, copies: 0, formName: null, required: true, role: 'main' }, present: true };
}

/** "Giấy tờ … chứng minh chỗ ở hợp pháp" for a citizen who rents or stays with someone: the paper they usually have. */
function withRentalExample(name: string, question: string): string {
  const f = fold(name);
  if (!/chung minh cho o hop phap/.test(f) || /thue|muon|o nho/.test(f)) return name;
  if (!/\b(thue|tro|muon|o nho|o ghep)\b/.test(fold(question))) return name;
  return name.replace(/(chỗ ở hợp pháp)/iu, '$1, vd. hợp đồng thuê, mượn, ở nhờ');
}

/** Everyday words that name what a record's cases say in its own terms. */
const SITUATION_TERMS: Array<[RegExp, string]> = [
  // A foreign nationality: the record says "người nước ngoài".
  [/\b(?:nguoi|quoc tich|ban trai|ban gai|vo|chong)\s+(?:nhat|han quoc|han|my|trung quoc|dai loan|phap|duc|anh|uc|nga|lao|campuchia|thai lan|thai|singapore|canada|y|an do|philippines|malaysia|indonesia|ngoai quoc|tay)\b|\bviet kieu\b|\bngoai quoc\b|\bnuoc ngoai\b/, 'nguoi nuoc ngoai'],
  // A house, land or vehicle: the record says "tài sản".
  [/\b(?:nha|dat|manh dat|thua dat|so do|so hong|can ho|xe|o to|xe may)\b/, 'tai san'],
];

/** Everyday words for a case as the record names it, specific enough to choose between a record's cases. */
const CASE_TERMS: Array<[RegExp, string]> = [
  // In hospital overnight or not: the record says "điều trị nội trú" / "ngoại trú".
  [/\b(?:nam vien|nhap vien|ra vien|giay ra vien|nam benh vien|nam dieu tri)\b/, 'dieu tri noi tru'],
  [/\b(?:kham ngoai tru|dieu tri ngoai tru|khong nam vien|khong phai nam vien)\b/, 'dieu tri ngoai tru'],
  // A small trader under the tax threshold: the record says "không chịu thuế giá trị gia tăng, không phải nộp thuế thu nhập cá nhân".
  [/\b(?:khong (?:toi|den|du|vuot|qua) (?:muc|nguong) (?:phai )?(?:dong|nop|chiu)? ?thue|duoi (?:muc|nguong) (?:phai )?(?:dong|nop|chiu)? ?thue|chua (?:toi|den) (?:muc|nguong) (?:phai )?(?:dong|nop|chiu)? ?thue|khong phai (?:dong|nop) thue)\b/, 'khong chiu thue gia tri gia tang khong phai nop thue thu nhap ca nhan'],
];

/**
 * The question with everyday words for what the record's cases name added ("chồng là người
 * Nhật" → "người nước ngoài", "mảnh đất" → "tài sản").
 */
/** The question with only the terms that name a situation in the record's words added (not the broad "tài sản", "người nước ngoài"). */
function withSituationTerms(question: string): string {
  const f = fold(question).replace(/[^a-z0-9 ]+/g, ' ');
  const extra = CASE_TERMS.filter(([re]) => re.test(f)).map(([, words]) => words);
  return [question, ...extra].join(' ');
}

function situationWords(question: string): string {
  const f = fold(question).replace(/[^a-z0-9 ]+/g, ' ');
  const extra = [...SITUATION_TERMS, ...CASE_TERMS].filter(([re]) => re.test(f)).map(([, words]) => words);
  return [question, ...extra].join(' ');
}

/** Conditions any applicant may choose: acting through someone else, submitting online. */
const ANY_APPLICANT = /uy quyen|^neu nop (ho so )?truc tuyen$/;

/**
 * The conditions worth a line on a phone: those the citizen's words point to ("người nước
 * ngoài", "ủy quyền"), and the choices any applicant has (acting through someone else,
 * submitting online); the rest stay behind «Xem đủ hồ sơ».
 */
function conditionHits(condition: string, question: string, named: ReadonlySet<string> = new Set()): number {
  const q = new Set(tokens(question));
  return tokens(condition).filter((w) => q.has(w) && !GENERIC_WORDS.has(w) && !named.has(w)).length;
}

/**
 * With no paper for everyone, the one case the citizen's words name beyond the procedure's own
 * name ("hội nghị nhà chung cư lần đầu" of a board's recognition) is their dossier: its papers are
 * the main ones. Only a clear winner: a tie leaves every case a condition.
 */
function askedCase(list: ShortDocuments['conditional'], question: string, named: ReadonlySet<string>): number {
  // Most of the case's own words, not a few ("đào tạo" of "người được đào tạo nghề công chứng ở nước ngoài" leaves "abroad" unsaid).
  const own = (c: string) => new Set(tokens(c).filter((w) => !GENERIC_WORDS.has(w) && !named.has(w))).size;
  const hits = list.map((c) => (ANY_APPLICANT.test(fold(c.condition)) ? 0 : conditionHits(c.condition, question, named))).map((h, i) => (h >= 0.8 * own(list[i]!.condition) ? h : 0));
  const best = Math.max(0, ...hits);
  if (best < 2 || hits.filter((h) => h === best).length > 1) return -1;
  return hits.indexOf(best);
}

function orderConditions(list: ShortDocuments['conditional'], question: string, keepAll = false, named?: ReadonlySet<string>): ShortDocuments['conditional'] {
  const hits = (c: string) => conditionHits(c, question, named);
  // With no paper for everyone (keepAll), a case whose paper is the declaration itself ("Đối với người tham gia lần đầu …:
  // Tờ khai TK1-TS") goes before cases adding proofs: whoever applies files a declaration.
  const declares = (c: ShortDocuments['conditional'][number]) => (keepAll && c.items.some((d) => DECLARATION.test(fold(d.name)) || (d.item.formName !== null && d.item.formName !== undefined && DECLARATION.test(fold(d.item.formName)))) ? 0 : 1);
  return list
    .map((c, i) => ({ c, i, h: hits(c.condition), d: declares(c) }))
    .filter((x) => keepAll || x.h > 0 || ANY_APPLICANT.test(fold(x.c.condition)))
    .sort((a, b) => b.h - a.h || a.d - b.d || a.i - b.i)
    .map((x) => x.c);
}

/** "Đối với Quân đội nhân dân: Giấy giới thiệu …" → "Giấy giới thiệu …" (the condition is said above it). */
function withoutCondition(item: DocumentItem): DocumentItem {
  const c = item.condition?.replace(/[\s:;,.]+$/u, '');
  if (!c) return item;
  const n = item.name.trim();
  // "1.1. Trường hợp điều trị nội trú: 1.1.1. Bản sao Giấy ra viện …": the numbering is no part of the condition, and
  // what follows it is the paper; a numbered case followed by no paper ("… thì việc ủy quyền thực hiện …") stays whole.
  const bare = stripNumbering(n);
  if (bare !== n && !fold(n).startsWith(fold(c)) && fold(bare).startsWith(fold(c))) {
    const own = withoutCondition({ ...item, name: bare });
    const paper = stripNumbering(own.name);
    return own.name !== bare && DOCUMENT_NOUN.test(paper) ? { ...own, name: paper } : item;
  }
  if (!fold(n).startsWith(fold(c))) {
    // "Hộ chiếu … còn giá trị sử dụng đối với người đã được cấp hộ chiếu; …": the condition said inside the line.
    const at = foldSameLength(n.normalize('NFC')).indexOf(foldSameLength(c.normalize('NFC')));
    if (at < 12 || !/^(đối với|trường hợp|nếu)\s/iu.test(c)) return item;
    const name = `${n.normalize('NFC').slice(0, at).replace(/[\s,]+$/u, '')}${n.normalize('NFC').slice(at + c.normalize('NFC').length)}`;
    return { ...item, name };
  }
  // The stored condition may stop mid-phrase ("… yêu cầu cấp" of "… yêu cầu cấp lại …"): cut at the clause end.
  let at = c.length;
  if (!/^\s*(?:[:;,.-]|thì\s|phải\s|$)/iu.test(n.slice(at))) {
    const end = /\s+thì\s|[:;,]\s/u.exec(n.slice(at));
    if (!end) return item;
    at += end.index;
  }
  const rest = n
    .slice(at)
    .replace(/^[\s:;,.-]+/u, '')
    .replace(/^(thì\s+)?(phải\s+)?(có|nộp lại|nộp|gửi kèm theo|kèm theo|bổ sung|thay thế bằng)?\s*:?\s*/iu, '')
    // "… thì nộp các giấy tờ sau: + Giấy tờ do cơ quan …": the paper after the lead.
    .replace(/^(?:thêm\s+)?(?:các\s+|những\s+)?giấy tờ sau(?:\s+đây)?\s*:?\s*[-+•]?\s*/iu, '');
  return rest.length >= 8 ? { ...item, name: rest.charAt(0).toLocaleUpperCase('vi') + rest.slice(1) } : item;
}

/** Two wordings of one case: one starts with the other's first 40 characters (folded). */
function sameStart(a: string, b: string): boolean {
  const fa = fold(a).replace(/[^a-z0-9 ]+/g, ' ').replace(/\s+/g, ' ').trim();
  const fb = fold(b).replace(/[^a-z0-9 ]+/g, ' ').replace(/\s+/g, ' ').trim();
  const n = Math.min(40, fa.length, fb.length);
  return n >= 12 && fa.slice(0, n) === fb.slice(0, n);
}

/** Lines without a role: counts without copies and "Lưu ý"-style remarks are notes. */
function isNoteLike(item: DocumentItem): boolean {
  const f = fold(item.name.slice(0, 60));
  const counted = (item.originals ?? 0) > 0 || (item.copies ?? 0) > 0 || item.formName !== null || item.required === true;
  if (!counted && (item.originals !== null || item.copies !== null)) return true;
  return /^(luu y|nguoi tiep nhan|co quan)/.test(f);
}
