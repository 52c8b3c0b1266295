import type { DocumentGroup, DocumentItem, DocumentRole } from '../procedure.js';
import { foldText as fold } from '../text/index.js';

/**
 * Marks each document line of a record with its role for the citizen (see `DocumentRole`).
 * The portal mixes documents, case headings, remarks and forms the office itself prints in
 * one list; an answer must list what a typical applicant brings first, group the rest
 * under its condition, and never list headings, remarks or internal forms as documents.
 *
 * The rules were written against a hand-checked sample
 * (`testing/document-roles-sample.tsv`, measured by `document-roles.test.ts`). They read
 * the line's own words first, then its context: a group title or a preceding lead-in line
 * that states a condition ("Trường hợp ủy quyền … gồm:") conditions the lines under it.
 */


/** List markers the portal keeps: "a)", "(ii)", "2.", "(1.1)", "-", "+". */
const ENUMERATOR = /^(?:\(?(?:[ivx]{1,4}|[a-zđ]|\d{1,2}(?:\.\d{1,2})?)[.)]\s*|[-+•*–]\s*)+/iu;

function stripEnumerator(text: string): string {
  return text.replace(ENUMERATOR, '').trim();
}

/** Shorten a condition at a word boundary; never cuts inside a word. */
export function shortenAtWord(text: string, max = 110): string {
  const t = text.replace(/\s+/g, ' ').replace(/[\s,;:.]+$/u, '').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max + 1);
  const at = cut.lastIndexOf(' ');
  return `${(at > 0 ? cut.slice(0, at) : t.slice(0, max)).replace(/[\s,;:]+$/u, '')}…`;
}

function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
}

/** First sentence, and within it the first clause before ";" (alternatives follow the ";"). */
function firstClause(text: string): string {
  const sentence = text.split(/(?<=[.!?])\s+(?=\p{Lu})/u)[0] ?? text;
  return sentence.split(';')[0] ?? sentence;
}

const ONLINE_ONLY = /dien tu tuong tac|nop ho so (theo hinh thuc )?truc tuyen\)?$|lua chon nop ho so theo hinh thuc truc tuyen|\btruong hop nop ho so truc tuyen\b/;
const DC02 = /phieu de nghi giai quyet thu tuc ve can cuoc/;

/** Lines that are remarks about the dossier or how the office works, not documents. */
function isNote(f: string): boolean {
  if (/^(luu y|ghi chu|vi du|so luong ho so|khong quy dinh|khong co)\b/.test(f)) return true;
  if (/^gia tri su dung cua\b/.test(f)) return true;
  if (/chiu trach nhiem truoc phap luat/.test(f)) return true;
  if (/^phieu nay la bieu mau dien tu/.test(f)) return true;
  // "Trường hợp … thì không phải nộp / tải lên / xuất trình", "… chỉ cần cung cấp thông tin …"
  if (/^truong hop\b/.test(f) && /\bthi (nguoi [^,;(]{0,40} )?(khong phai|chi can cung cap|duoc thay the)|\bthi co quan\b/.test(f)) return true;
  // "Khi các cơ quan quản lý nhà nước hoàn thành việc kết nối, chia sẻ dữ liệu … thì cơ quan có thẩm quyền … phải khai thác
  // trực tuyến": a rule for the office, said of the papers above, no paper.
  if (/^khi\b/.test(f) && /\bthi co quan\b[^.;]{0,120}\b(khai thac|khong duoc yeu cau)\b/.test(f)) return true;
  if (/^truong hop\b/.test(f) && /\bthi cac thong tin nay duoc thay the\b/.test(f)) return true;
  if (/^truong hop nop ho so truc tuyen thi thanh phan ho so phai duoc chung thuc dien tu/.test(f)) return true;
  // "Người chưa đủ 16 tuổi đề nghị cấp chung … thì tờ khai phải do cha hoặc mẹ khai và ký tên": who fills the form, no paper.
  if (/^nguoi\b[^;]*\bthi to khai (phai )?do\b/.test(f)) return true;
  return false;
}

/**
 * Papers the office handling a complaint or a denunciation draws up itself as the case goes on
 * (the notice it takes the case, the minutes of the dialogue and of the checks, the report on
 * them, the conclusion, its own decision; the plan of the checks, the working minutes, the evidence
 * it gathers, the explanation it asks of the person denounced, its notices): the portal lists them
 * with the file, the citizen brings none. A first decision the citizen appeals against ("… lần đầu") is the citizen's.
 */
const CASE_FILE_OF_OFFICE =
  /^(?:thong bao thu ly|quyet dinh thu ly|quyet dinh thanh lap to xac minh|ke hoach xac minh|bien ban (?:to chuc )?doi thoai|bien ban kiem tra, xac minh|(?:cac )?bien ban lam viec\b|bao cao ket qua (?:tham tra, )?xac minh|ket luan noi dung to cao|(?:cac )?van ban thong bao, xu ly\b|van ban, tai lieu, chung cu thu thap duoc|van ban giai trinh cua nguoi bi (?:to cao|khieu nai)|quyet dinh giai quyet khieu nai(?! lan dau)(?: \(neu co\))?$)/;

/** Forms the office prints or fills itself (the ID-card record sheet CC01), and its own case papers. */
function isInternal(f: string): boolean {
  return (
    /duoc tao lap khi trich xuat|in trong qua trinh thu nhan ho so|^phieu thu nhan thong tin can cuoc|^phieu cc01\b/.test(f) ||
    CASE_FILE_OF_OFFICE.test(f) ||
    // "Thành phần hồ sơ của UBND cấp xã lập gửi UBND cấp tỉnh bao gồm: Tờ trình; …": the commune's file to the province.
    /^thanh phan ho so (?:do|cua) (?:ubnd|uy ban nhan dan|co quan|so|phong)\b[^:;]{0,80}?\bgui (?:ubnd|uy ban nhan dan|co quan|so|bo)\b/.test(f)
  );
}

/** Lead-in and sub-heading lines: "… các giấy tờ sau:", "Chứng cứ … gồm:", "Người nước ngoài". */
function isHeading(raw: string, f: string): boolean {
  const t = raw.trim();
  if (/:$/.test(t) && t.length <= 260) return true;
  if (/(cac giay to sau|giay to tuong ung sau day|ho so gom|bao gom|gom cac giay to)\s*:?$/.test(f)) return true;
  if (/^(giay to phai (nop|xuat trinh)|thanh phan ho so|ho so gom)\b/.test(f) && t.length <= 60) return true;
  // A short line naming a kind of person or case, with no document word.
  if (t.length <= 45 && !/\d/.test(t) && /^(nguoi|cong dan|doi voi|truong hop|to chuc|ca nhan)\b/.test(f) && !DOC_NOUN.test(f)) return true;
  return false;
}

/** Words that name a document. */
const DOC_NOUN =
  /\b(giay|ban sao|ban chinh|van ban|to khai|don|phieu|ho chieu|the can cuoc|can cuoc|bien ban|quyet dinh|hop dong|chung tu|chung nhan|so |danh sach|anh|trich luc|mau|ho so|tai lieu|bao cao|ke hoach|hoa don|xac nhan)\b/;

/** A line that starts with its own condition: "Trường hợp …", "Nếu …", "Đối với …:", "Riêng …". */
function leadingCondition(raw: string): string | null {
  const text = stripEnumerator(raw);
  const f = fold(text);
  const m = /^(truong hop|neu|doi voi|rieng)\b/.exec(f);
  if (!m) return null;
  // The condition ends at "thì", at ":" or at the first comma after it.
  const ends = [/\sthì\s/u, /:/u, /,?\s(?:thì )?hồ sơ (?:gồm|bao gồm|phải có)/u, /,\s(?:phải|nộp|kèm)/u, /\s(?:phải|cần)\s(?:có|nộp|kèm|bổ sung|xuất trình)/u]
    .map((re) => re.exec(text)?.index ?? -1)
    .filter((i) => i > 5);
  const end = ends.length ? Math.min(...ends) : Math.min(text.length, 110);
  return capitalise(shortenAtWord(text.slice(0, end)));
}

/** "… trong trường hợp X", "… đối với trường hợp X", "… đối với người X", "(nếu có)" inside the first clause. */
function trailingCondition(raw: string): string | null {
  const clause = firstClause(stripEnumerator(raw));
  const m = /\s(trong trường hợp|đối với trường hợp|đối với người|đối với phương tiện|khi)\s(.+)$/iu.exec(clause);
  // "Chứng nhận nguồn gốc xe, gồm một trong các giấy tờ sau: - Bản phô tô … đối với trường hợp …": the case is one alternative's, the paper is due.
  if (m && /một trong (?:các|những) (?:loại )?giấy tờ/iu.test(clause.slice(0, m.index))) return null;
  // "Hoá đơn mua hàng hoặc giấy tờ khác … hoặc giấy cam đoan … trong trường hợp không có hóa đơn": the case says when the last
  // alternative stands in for the first, so one of them is due.
  if (m && /^(?:trong|đối với) trường hợp$/iu.test(m[1]!) && /^không có\s/iu.test(m[2]!) && /\shoặc\s/iu.test(clause.slice(0, m.index))) return null;
  if (m && !/^(làm thủ tục trực tiếp|thực hiện thủ tục trực tiếp)/iu.test(m[2]!)) {
    const lead = m[1]!.toLowerCase() === 'trong trường hợp' || m[1]!.toLowerCase() === 'đối với trường hợp' ? 'Trường hợp' : capitalise(m[1]!.toLowerCase());
    if (lead === 'Khi') return null;
    return shortenAtWord(`${lead} ${m[2]!.replace(/\)+\s*$/u, '')}`);
  }
  // "Giấy thông hành đã được cấp nếu còn giá trị sử dụng.": a short paper due only in the case its closing "nếu …" names.
  const closing = /^(.{8,90}?)\s(nếu\s(?!có(?!\p{L}))[^,;:()]{4,60}?)\s*\.?\s*$/u.exec(clause);
  if (closing && m === null) return capitalise(closing[2]!);
  // "Bản vẽ hoàn công (nếu có) hoặc bản vẽ thiết kế …": the other paper stands in for the missing one, so one of them is due.
  if (/\(nếu có\)(?!\s+hoặc\s)/iu.test(clause)) return 'Nếu có';
  // "Quyết định xử phạt …; chứng từ nộp phạt … đối với trường hợp quy định tại điểm a khoản 6 Điều 25 Nghị định …":
  // a case the law defines, said once at the end of one sentence of papers, is the case of every paper in it.
  const sentence = (stripEnumerator(raw).split(/(?<=[.!?])\s+(?=\p{Lu})/u)[0] ?? '').replace(/[.\s]+$/u, '');
  const byLaw = /\s(?:trong|đối với) trường hợp (quy định tại\s[^;]{5,160})$/iu.exec(sentence);
  // Not a listing of alternatives ("Một trong các loại giấy tờ sau: + …; + … đối với trường hợp …"): there the case is the last one's.
  if (byLaw && sentence.includes(';') && !/(?:^|\s|:)\+\s/u.test(sentence)) return shortenAtWord(`Trường hợp ${byLaw[1]!}`);
  return null;
}

/** "Người nước ngoài … phải nộp …", "Công dân Việt Nam là công chức … phải nộp …". */
function subjectCondition(raw: string): string | null {
  const text = stripEnumerator(raw);
  const m = /^(.{6,160}?)\s(?:phải|cần)\s(?:nộp|có|bổ sung|xuất trình)\b/u.exec(text);
  if (!m) return null;
  const subject = m[1]!;
  const f = fold(subject);
  if (DOC_NOUN.test(f.split(' ').slice(0, 2).join(' ') + ' ')) return null;
  if (/^(nguoi nuoc ngoai, cong dan viet nam dinh cu o nuoc ngoai)$/.test(f)) return null;
  if (!/^(nguoi|cong dan|cong trinh|to chuc|ca nhan|doanh nghiep|ho gia dinh|tre em|chu|ben)\b/.test(f)) return null;
  return capitalise(shortenAtWord(subject.replace(/,\s*$/u, '')));
}

/** Authorisation and representation papers: only when someone acts for another. */
function representationCondition(f: string): string | null {
  if (/^(ban sao )?(van ban|giay) uy quyen\b/.test(f)) return 'Trường hợp ủy quyền';
  if (/chung minh (la )?nguoi dai dien hop phap/.test(f)) return 'Trường hợp làm thủ tục cho người khác (người đại diện hợp pháp)';
  return null;
}

/** Titles of groups that state a condition for all their lines (not the case headings of multi-case records). */
function groupCondition(title: string): { role: 'conditional' | 'internal'; condition?: string } | null {
  const f = fold(title);
  if (isInternal(f)) return { role: 'internal' };
  if (/^phieu nay la bieu mau dien tu/.test(f) || /truong hop nop ho so truc tuyen$/.test(f)) return { role: 'conditional', condition: 'Nếu nộp hồ sơ trực tuyến' };
  // "Trường hợp không quy định là bản chính thì có thể nộp bản sao hợp lệ …": how copies may be handed in, no case.
  if (/^\(?truong hop khong quy dinh (la )?ban chinh\b/.test(f)) return null;
  if (/^(truong hop|neu)\b/.test(f)) return { role: 'conditional', condition: leadingCondition(title) ?? shortenAtWord(title) };
  return null;
}

/**
 * The card procedures (cấp, cấp đổi, cấp lại thẻ / giấy chứng nhận căn cước): in person the
 * office prints the record sheet CC01 for the citizen to sign, and the request form DC02 is the
 * online twin. Elsewhere (exploiting or confirming data, adjusting it) DC02 is the citizen's own
 * request in every channel: "Trong phiếu nêu rõ mục đích, nội dung … thông tin cần khai thác".
 */
function officePrintsCard(groups: readonly DocumentGroup[]): boolean {
  const cc01 = (t: string) => isInternal(t) || /\bcc01\b/.test(t);
  return groups.some((g) => cc01(fold(g.title)) || g.items.some((i) => cc01(fold(stripEnumerator(i.name)))));
}

/**
 * "Thành phần hồ sơ cơ quan quản lý đất đai trình Chủ tịch Ủy ban nhân dân cấp xã", "(ii) Hồ sơ
 * Sở Nông nghiệp và Môi trường trình Chủ tịch …", "Hồ sơ Ủy ban nhân dân cấp tỉnh gửi xin ý kiến
 * bộ …": what one authority sends another once the citizen's file is in, never what the citizen
 * brings (the citizen's own papers are another group of the record).
 */
const OFFICE_DOSSIER =
  /^(?:thanh phan )?ho so (?:cua )?(?:co quan|so|uy ban|ubnd|cuc|bo|phong|van phong|chi cuc|kho bac)\b[^,:;]{0,90}?\b(?:trinh|gui xin y kien|gui lay y kien|gui de nghi)\b/;

function isOfficeDossier(title: string): boolean {
  return OFFICE_DOSSIER.test(fold(stripEnumerator(title)));
}

/**
 * Social-insurance records list the papers by who hands them in: "1. Người tham gia" / "1. Đối
 * với NLĐ" (the person), then "2. Đại lý thu", "2. Đối với đơn vị SDLĐ", "2. Đơn vị; UBND xã; …",
 * "3. Phòng/Tổ chế độ BHXH". The later groups are what the collecting agent, the employer or the
 * office files for many people at once (the lists D03-TS, D05-TS, 01B-HSB, the agent's fee slip
 * C66a-HD): never papers the person brings.
 */
const PERSON_GROUP = /^\d{1,2}\.\s*(?:doi voi\s+)?(?:nguoi tham gia|nld|nguoi lao dong)\b/;
const FILER_GROUP =
  /^\d{1,2}\.\s*(?:doi voi\s+)?(?:dai ly thu|to chuc dich vu thu|don vi (?:sdld|su dung lao dong)\b|don vi\s*;|phong\s*\/\s*to che do|phong, to che do)/;

/**
 * "3. Giấy tờ chứng minh là trẻ em gồm một trong các giấy tờ", "9. Giấy tờ chứng minh là người
 * cao tuổi có khó khăn về tài chính …": one numbered group of proof per kind of person; in a
 * record with several of them they are alternatives, each for its kind of person (legal aid).
 */
const PROOF_GROUP = /^\d{1,2}\.\s*(?:giay to|tai lieu)(?:,? (?:giay to|tai lieu))? chung minh\b/;

function proofCondition(title: string): string {
  const t = stripEnumerator(title)
    .replace(/^(?:giấy tờ|tài liệu)(?:,?\s+(?:giấy tờ|tài liệu))?\s+chứng minh\s+(?:là\s+)?/iu, '')
    .replace(/\s+(?:gồm|bao gồm|là)(?:\s+(?:một trong )?(?:các|những)\s+(?:loại\s+)?giấy tờ(?:\s+sau(?:\s+đây)?)?)?\s*:?\s*$/iu, '')
    .replace(/\s+theo quy định\b.*$/iu, '');
  return `Nếu là ${shortenAtWord(t, 90)}`;
}

/** "Giấy tờ chứng minh người thuộc diện trợ giúp pháp lý, cụ thể:" in a record listing the proofs by kind of person: the paper itself. */
const PROOF_LEAD = /^(?:giay to|tai lieu)(?:,? (?:giay to|tai lieu))? chung minh\b.*\b(?:cu the|nhu sau)\s*:?\s*$/;

interface Marked {
  role: DocumentRole;
  condition?: string;
}

/** Role of one line read on its own (no context). `dc02Online`: see `officePrintsCard`. */
export function lineRole(name: string, opts: { dc02Online?: boolean } = {}): Marked {
  const raw = name.trim();
  const text = stripEnumerator(raw);
  const f = fold(text);
  if (text.length < 4 || !/\p{L}{2}/u.test(text)) return { role: 'note' };
  if (isInternal(f)) return { role: 'internal' };
  if (isNote(f)) return { role: 'note' };
  if (isHeading(raw, f)) return { role: 'heading' };
  const rep = representationCondition(f);
  if (rep) return { role: 'conditional', condition: rep };
  if (DC02.test(f) && !/dc01/.test(f) && opts.dc02Online !== false) return { role: 'conditional', condition: 'Nếu nộp hồ sơ trực tuyến' };
  if (ONLINE_ONLY.test(fold(firstClause(text))) || /dien tu tuong tac/.test(f)) return { role: 'conditional', condition: 'Nếu nộp hồ sơ trực tuyến' };
  const lead = leadingCondition(raw);
  if (lead) return { role: 'conditional', condition: lead };
  const subject = subjectCondition(raw);
  if (subject) return { role: 'conditional', condition: subject };
  const trail = trailingCondition(raw);
  if (trail) return { role: 'conditional', condition: trail };
  if (/^truong hop gui ho so qua he thong buu chinh/.test(f)) return { role: 'conditional', condition: 'Trường hợp gửi hồ sơ qua bưu chính' };
  return { role: 'main' };
}

/** The applicant's own application form: "Đơn đề nghị …", "Tờ khai …". */
const APPLICATION = /^(don de nghi|to khai|giay de nghi|van ban de nghi)\b/;

/** The condition a heading line sets for the lines after it, when it states one. */
function headingCondition(name: string): string | null {
  const f = fold(stripEnumerator(name));
  if (!/^(truong hop|neu|doi voi|rieng|ngoai giay to neu tren)\b/.test(f) && !/\btuy tung truong hop\b/.test(f)) return null;
  if (/^ngoai giay to neu tren/.test(f) || /tuy tung truong hop/.test(f)) return 'Tùy từng trường hợp';
  return leadingCondition(name);
}

/**
 * Roles for every line of a record's document groups. Returns new groups; items keep all
 * their fields and gain `role` (and `condition` for conditional lines).
 */
export function markDocumentRoles(groups: readonly DocumentGroup[]): DocumentGroup[] {
  const dc02Online = officePrintsCard(groups);
  const proofGroups = groups.filter((g) => PROOF_GROUP.test(fold(g.title.trim()))).length >= 3;
  // An authority's dossier is internal only when the record also lists papers of the citizen's own.
  const citizenGroups = groups.some((g) => !isOfficeDossier(g.title) && g.items.some((i) => lineRole(i.name, { dc02Online }).role === 'main'));
  const personGroup = groups.some((g) => PERSON_GROUP.test(fold(g.title.trim())));
  return groups.map((g) => {
    const office = (citizenGroups && isOfficeDossier(g.title)) || (personGroup && FILER_GROUP.test(fold(g.title.trim())));
    // The other numbered groups beside them ("14. Các loại giấy tờ hợp pháp khác do cơ quan có thẩm quyền cấp") are alternatives too.
    const proof = !proofGroups ? null : PROOF_GROUP.test(fold(g.title.trim())) ? proofCondition(g.title.trim()) : /^\d{1,2}\.\s/.test(g.title.trim()) ? 'Nếu thuộc diện khác' : null;
    const fromTitle = groupCondition(g.title);
    let pending: string | null = null;
    // A heading that asks for one paper of a kind ("… thì phải có một trong các loại giấy tờ hợp pháp về đất đai")
    // conditions those alternatives, not the application form listed after them (the portal's API order is not the page's).
    let oneOf = false;
    const items = g.items.map((item): DocumentItem => {
      const own = lineRole(item.name, { dc02Online });
      let marked: Marked = own;
      if (office && own.role !== 'heading' && own.role !== 'note') marked = { role: 'internal' };
      else if (proof && (own.role === 'main' || own.role === 'conditional')) marked = { role: 'conditional', condition: proof };
      else if (proofGroups && own.role === 'heading' && PROOF_LEAD.test(fold(stripEnumerator(item.name)))) marked = { role: 'main' };
      else if (own.role === 'heading') {
        pending = headingCondition(item.name);
        oneOf = pending !== null && /\bmot trong (cac|nhung) (loai )?giay to\b/.test(fold(item.name));
      } else if (own.role === 'main' || own.role === 'conditional') {
        const application = oneOf && APPLICATION.test(fold(stripEnumerator(item.name)));
        if (own.role === 'main' && pending && !application) marked = { role: 'conditional', condition: pending };
        else if (fromTitle?.role === 'internal' && own.role === 'main' && isInternal(fold(item.name))) marked = { role: 'internal' };
        else if (fromTitle?.role === 'internal' && own.role === 'main' && /^phieu thu nhan/.test(fold(item.name))) marked = { role: 'internal' };
        else if (fromTitle?.role === 'conditional' && own.role === 'main') marked = { role: 'conditional', condition: fromTitle.condition! };
      }
      const out: DocumentItem = { ...item, role: marked.role };
      delete out.condition;
      if (marked.role === 'conditional' && marked.condition) out.condition = marked.condition;
      return out;
    });
    return { ...g, items };
  });
}
