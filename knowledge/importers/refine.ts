import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors.js';
import type { DocumentGroup, DocumentItem, Procedure, SubmissionChannel } from '../procedure.js';
import { namesDistrictBody } from '../procedure.js';
import { collapseRepeatedAlternatives, foldText } from '../text/index.js';
import { formNameFromText, NOT_SET_FREE } from './crawl-tables.js';
import { markDocumentRoles } from './document-roles.js';

/**
 * Import-time refinement of merged records (issue 14): document line roles, cleaned text
 * (form names, repeated words, obsolete unit words), normalised field names and the
 * successors of abolished district bodies. What was published is kept beside every
 * changed value (`asPublished`, `fieldsAsPublished`, `agenciesAsPublished`, …).
 */

export const DEFAULT_DISTRICT_SUCCESSORS_FILE = fileURLToPath(new URL('../reform/district-successors.tsv', import.meta.url));

export interface DistrictSuccessor {
  match: RegExp;
  /** null: no reviewed successor. */
  successor: string | null;
  basis: string | null;
}

/** Read `knowledge/reform/district-successors.tsv` (see its header). */
export function loadDistrictSuccessors(file = DEFAULT_DISTRICT_SUCCESSORS_FILE): DistrictSuccessor[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new AppError('bad_request:catalogue_source', `${file}: cannot read the district successor table`, { cause: err });
  }
  const rows = text.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  const [header, ...body] = rows;
  if (!header?.startsWith('match\tsuccessor\tlegal_basis')) throw new AppError('bad_request:catalogue_source', `${file}: header must start with "match<TAB>successor<TAB>legal_basis"`);
  return body.map((line, i) => {
    const [match, successor, basis] = line.split('\t');
    if (!match) throw new AppError('bad_request:catalogue_source', `${file}: row ${i + 2} has no match`);
    return { match: new RegExp(match, 'u'), successor: successor?.trim() || null, basis: basis?.trim() || null };
  });
}

// ---------------------------------------------------------------------------
// Form names

/** A file stem whose diacritics the portal stripped ("1.MuCT01banhnhkmtheoThngts53", "Mus04", "PhlcIV"). */
export function isGarbledFormName(name: string): boolean {
  const t = name.trim();
  if (/^\d+\.\s?\S/.test(t) && !/\s/.test(t.slice(0, 12))) return true;
  if (/\p{Ll}{9,}/u.test(t.replace(/\s+/g, ' ').split(' ').find((w) => w.length > 12) ?? '')) return true;
  return /(?:^|[\s;_-])(?:Mus\d|Mu[A-ZĐ]{1,4}\d|Phlc|Phuluc|Mauso|Mau[A-ZĐ0-9]|Tokhai|Don_|DC_)/u.test(t);
}

/** Spell out the portal's stripped prefixes ("Mus04" → "Mẫu số 04", "PhlcIII" → "Phụ lục III"). */
function decodeStem(stem: string): string {
  return stem
    .replace(/^\d+\.\s*/u, '')
    .replace(/[_]+/g, ' ')
    .replace(/\bMauso\s*(\d)/gu, 'Mẫu số $1')
    .replace(/\bMus(\d)/gu, 'Mẫu số $1')
    .replace(/\bMu([A-ZĐ]{1,4}\d+[a-z]?)/gu, 'Mẫu $1')
    .replace(/\bMau[\s-]?(\d)/gu, 'Mẫu $1')
    .replace(/\bMau([A-ZĐ]{1,4}\d)/gu, 'Mẫu $1')
    .replace(/Phlcs(\d)/gu, 'Phụ lục số $1')
    .replace(/Phlc/gu, 'Phụ lục ')
    .replace(/Phuluc/gu, 'Phụ lục ')
    .replace(/-(?=Phụ lục)/gu, ' ')
    .replace(/Thngts/gu, ' Thông tư số ')
    .replace(/Thngt/gu, ' Thông tư ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A readable form name. Preference: the form the document's own text names ("Mẫu CT01"),
 * then the file stem with the stripped prefixes spelled out when nothing garbled remains,
 * else null (the item's text still names the document; `asPublished` keeps the file stem).
 */
export function restoreFormName(formName: string | null, itemName: string): string | null {
  if (!formName || !isGarbledFormName(formName)) return formName;
  const fromText = formNameFromText(itemName);
  if (fromText) return fromText;
  const decoded = decodeStem(formName);
  const stillGarbled = decoded.split(/[\s;]+/).some((w) => /\p{Ll}{7,}/u.test(w) && !/^(?:Mẫu|Phụ)/u.test(w) && !/\s/.test(w)) || /\p{Ll}\p{Lu}\p{Ll}/u.test(decoded);
  return stillGarbled || !/\p{L}{2}/u.test(decoded) ? null : decoded;
}

// ---------------------------------------------------------------------------
// Obsolete unit words

const OBSOLETE: ReadonlyArray<[RegExp, string]> = [
  [/thị trấn/iu, 'thị trấn'],
  [/cấp huyện/iu, 'cấp huyện'],
  [/quận, huyện|huyện, quận|quận\/huyện/iu, 'quận, huyện'],
];

/** Obsolete unit words in the record's citizen-facing text, in a fixed order. */
export function obsoleteWordingOf(p: Procedure): string[] {
  const text = [
    ...p.agencies,
    p.competentAuthority ?? '',
    p.submissionAddress ?? '',
    p.conditions ?? '',
    ...p.steps,
    ...p.channels.map((c) => c.description),
    ...p.documentGroups.flatMap((g) => [g.title, ...g.items.map((i) => i.name)]),
  ].join('\n');
  return OBSOLETE.filter(([re]) => re.test(text)).map(([, word]) => word);
}

// ---------------------------------------------------------------------------
// Field names

/** Spelling chosen where the sources disagree (the law's own name where there is one). */
const PREFERRED_FIELD: Record<string, string> = {
  'thi dua khen thuong': 'Thi đua, khen thưởng',
  'an toan ve sinh lao dong': 'An toàn, vệ sinh lao động',
};

function fieldKey(name: string): string {
  return foldText(name).replace(/[^a-z0-9]+/g, ' ').trim();
}

/**
 * Builds the one spelling of each field name. `known` are names published as whole list
 * items (index categories, API categories); the crawl split names at commas ("Phòng
 * cháy" + "chữa cháy"), and consecutive fragments are joined back when the join is known.
 */
export class FieldNames {
  private readonly knownByKey = new Map<string, string>();
  private readonly canonical = new Map<string, string>();

  constructor(known: Iterable<string>, all: Iterable<string>) {
    const counts = new Map<string, Map<string, number>>();
    for (const name of [...known, ...all]) {
      const key = fieldKey(name);
      if (!key) continue;
      const m = counts.get(key) ?? new Map<string, number>();
      m.set(name, (m.get(name) ?? 0) + 1);
      counts.set(key, m);
    }
    for (const name of known) this.knownByKey.set(fieldKey(name), name);
    for (const [key, spellings] of counts) {
      const best = [...spellings].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
      const chosen = PREFERRED_FIELD[key] ?? best;
      this.canonical.set(key, chosen.charAt(0).toLocaleUpperCase('vi') + chosen.slice(1));
    }
  }

  /** Join split fragments, then map every name to its one spelling; order kept, duplicates dropped. */
  normalise(fields: readonly string[]): string[] {
    const joined: string[] = [];
    for (let i = 0; i < fields.length; i++) {
      let taken = 1;
      for (let n = Math.min(4, fields.length - i); n >= 2; n--) {
        const candidate = fields.slice(i, i + n).join(', ');
        if (this.knownByKey.has(fieldKey(candidate))) {
          joined.push(candidate);
          taken = n;
          break;
        }
      }
      if (taken === 1) joined.push(fields[i]!);
      i += taken - 1;
    }
    const out = joined.map((f) => this.canonical.get(fieldKey(f)) ?? f);
    return [...new Set(out)];
  }
}

// ---------------------------------------------------------------------------
// Agencies

/**
 * The portal's agency list is split at every comma, also inside one body's name: "Ủy ban
 * Nhân dân xã" + "phường" + "thị trấn." → one body ("xã, phường, thị trấn" → "xã, phường");
 * "Cục cảnh sát quản lý hành chính về trật tự" + "xã hội", "Thuế tỉnh" + "thành phố": a part
 * starting with a small letter continues the body before it (every body's name is capitalised).
 */
export function repairAgencies(agencies: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of agencies) {
    const t = a.trim().replace(/[.;]+$/u, '');
    if (out.length > 0 && (/^(phường|thị trấn|xã|đặc khu)$/iu.test(t) || /^\p{Ll}/u.test(t))) {
      out[out.length - 1] = `${out[out.length - 1]}, ${t}`;
      continue;
    }
    out.push(t);
  }
  // Page text the crawl shifted into the field ("chứng thực tiến hành chụp … như sau:\n* Ghi đầy đủ lời chứng …") names no body.
  // Nor does a trade union file administrative procedures: "Công đoàn cơ quan BHXH Việt Nam", the union of the
  // social-insurance agency's staff, is an entry error beside the bodies that do (5 records, a commune's birth registration among them).
  const bodies = out.filter((a) => !a.includes('\n') && !/^công đoàn\b/iu.test(a));
  return [...new Set(bodies.map((a) => a.replace(/(xã, phường)(?:, thị trấn)\b/iu, '$1').replace(/\s*,\s*thị trấn$/iu, '')))];
}

function successorFor(body: string, table: readonly DistrictSuccessor[]): DistrictSuccessor | null {
  const f = foldText(body);
  return table.find((row) => row.match.test(f)) ?? null;
}

// ---------------------------------------------------------------------------

function cleanItem(item: DocumentItem): DocumentItem {
  const name = collapseRepeatedAlternatives(item.name);
  const formName = restoreFormName(item.formName, name);
  if (name === item.name && formName === item.formName) return item;
  const asPublished: NonNullable<DocumentItem['asPublished']> = {};
  if (name !== item.name) asPublished.name = item.name;
  if (formName !== item.formName) asPublished.formName = item.formName;
  return { ...item, name, formName, asPublished };
}

/**
 * A lead naming a list of papers, the papers following in the same published line: "Giấy tờ phải
 * nộp: - Tờ khai … - Bản sao …", "Giấy tờ phải xuất trình: -Hộ chiếu …", "Các tài liệu quy định tại
 * Khoản 2 … Điều 97 Luật Xây dựng bao gồm: + Bản sao … + Bản vẽ …", "Bản sao các giấy tờ sau đây: - …".
 * Not a choice of one ("Một trong các giấy tờ sau") nor the contents of one paper ("Đơn … gồm các
 * nội dung sau", "Phương án … gồm"): those leads name no list of papers.
 */
const PAPER_LIST_LEAD =
  /^\s*(?:\(?(?:[ivx]{1,4}|[a-zđ]|\d{1,2})[.)]\s*)?(?:(?:các\s+)?giấy tờ (?:phải|cần) (nộp|xuất trình)|(?:các|những) (?:tài liệu|giấy tờ)(?![^:]{0,160}?nội dung)[^:]{0,160}?(?:bao gồm|gồm)|(bản sao) (?:các|những) giấy tờ sau(?: đây)?)\s*:\s*/iu;
/** A list marker before a paper's capitalised first word. */
const PAPER_MARK = /(?:^|\s)[-+]\s*(?=\p{Lu})/u;

/**
 * One published line holding a lead and the papers it lists becomes one line per paper, each
 * with the line's counts; papers the lead says to show start "Xuất trình", copies "Bản sao". The
 * lead alone said no paper: as one line the short answer printed "Giấy tờ phải nộp" or "Các tài
 * liệu" as a document (2.000507, 1.013232). `asPublished.name` keeps the whole line.
 */
export function splitPaperList(item: DocumentItem): DocumentItem[] {
  const lead = PAPER_LIST_LEAD.exec(item.name);
  if (!lead) return splitFileContents(item);
  const rest = item.name.slice(lead[0].length);
  if (/^\W*một trong\b/iu.test(rest) || !PAPER_MARK.test(` ${rest}`)) return [item];
  const parts = ` ${rest}`
    .split(PAPER_MARK)
    .map((x) => x.trim().replace(/[;,]\s*$/u, '').trim())
    .filter((x) => x.length >= 8);
  if (parts.length === 0) return [item];
  const present = lead[1] !== undefined && /xuất trình/iu.test(lead[1]);
  const copy = lead[2] !== undefined;
  const lower = (x: string) => (/^\p{Lu}\p{Ll}/u.test(x) ? x.charAt(0).toLocaleLowerCase('vi') + x.slice(1) : x);
  return parts.map((part) => {
    const name = present && !/^xuất trình\s/iu.test(part) ? `Xuất trình ${lower(part)}` : copy && !/^bản sao\s/iu.test(part) ? `Bản sao ${lower(part)}` : part;
    const out: DocumentItem = { ...item, name, asPublished: { ...item.asPublished, name: item.asPublished?.name ?? item.name } };
    // The form file belongs to the part that names a form, not to every part.
    if (item.formName && !/^(?:tờ khai|đơn|mẫu)/iu.test(part)) out.formName = null;
    return out;
  });
}

/**
 * "Thành phần hồ sơ của người tham gia … gửi hồ sơ về UBND cấp xã bao gồm: Đơn đề nghị …; Giấy ra viện; Trích sao hồ sơ bệnh
 * án …": the applicant's file named with its papers, one after another after ";". Not the file one office sends another
 * ("Thành phần hồ sơ của UBND cấp xã lập gửi UBND cấp tỉnh bao gồm: Tờ trình; …"), which is none of the citizen's.
 */
const FILE_CONTENTS_LEAD = /^\s*thành phần hồ sơ(?!\p{L})(?!\s+(?:do|của)\s+(?:ubnd|ủy ban|uỷ ban|cơ quan|sở|phòng)(?!\p{L}))[^:]{0,200}?(?:bao gồm|gồm)\s*:\s*/iu;

function splitFileContents(item: DocumentItem): DocumentItem[] {
  const lead = FILE_CONTENTS_LEAD.exec(item.name);
  if (!lead) return [item];
  const parts = item.name
    .slice(lead[0].length)
    .split(/;\s+(?=\p{Lu})/u)
    .map((x) => x.trim().replace(/[;.,\s]+$/u, ''))
    .filter((x) => x.length >= 8);
  if (parts.length < 2) return [item];
  return parts.map((name) => {
    const out: DocumentItem = { ...item, name, asPublished: { ...item.asPublished, name: item.asPublished?.name ?? item.name } };
    if (item.formName && !/^(?:tờ khai|đơn|mẫu)/iu.test(name)) out.formName = null;
    return out;
  });
}

/**
 * A procedure's name as one line. The portal wraps long names ("… quyền sở hữu tài sản\ngắn liền
 * với đất lần đầu (cấp xã)") and once glued the record's first section heading to the name
 * ("Hòa giải tranh chấp đất đai thuộc thẩm quyền cấp xã\n(1) Trình tự thực hiện:"): a wrapped
 * line joins the name with a space, and a line that opens a numbered section of the record
 * ("(1) Trình tự thực hiện:", "2. Cách thức thực hiện") ends it. Tabs and edge spaces go.
 */
const RECORD_SECTION_LINE =
  /^\(?\d{1,2}[.)]?\)?\s*(?:trình tự thực hiện|cách thức thực hiện|thành phần(?:,| và)? (?:số lượng )?hồ sơ|thời hạn giải quyết|đối tượng thực hiện|cơ quan (?:giải quyết|thực hiện)|kết quả thực hiện|lệ phí|phí|căn cứ pháp lý|yêu cầu, điều kiện)\b/iu;

export function cleanProcedureName(name: string): string {
  const lines = name.replace(/\t/g, ' ').split(/\r?\n/);
  const end = lines.findIndex((line, i) => i > 0 && RECORD_SECTION_LINE.test(line.trim()));
  const kept = (end > 0 ? lines.slice(0, end) : lines).map((l) => l.trim()).filter(Boolean);
  // A wrapped name the portal printed twice ("Thẩm định đề án …\nThẩm định đề án …") keeps one copy.
  return kept
    .filter((l, i) => i === 0 || l !== kept[0])
    .join(' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Words a paper's name starts with ("Đơn đề nghị …", "Bản sao …", "Giấy tờ chứng minh …"). */
const PAPER_HEAD =
  /^(?:bản (?:sao|chính|gốc|chụp|vẽ|kê|khai|dịch|photo|phô tô|điện tử)|bảng kê|giấy|đơn|tờ (?:khai|trình)|văn bản|công văn|quyết định|sổ|hợp đồng|biên bản|báo cáo|danh sách|dự thảo|chứng (?:từ|chỉ|nhận)|hộ chiếu|thẻ|ảnh|trích lục|phiếu|hồ sơ|kế hoạch|đề án|phương án|một trong (?:các|những))\s/iu;
/** A dash between two papers: " - ", "; - ", ". - " before a capital letter. */
const PAPER_DASH = /(?:\s*[;.]\s*|\s+)-\s+(?=\p{Lu})/u;
/** The dossier count the portal left at the end of the last paper ("…; d) Số lượng hồ sơ: 01 bộ."): a remark, not the paper's name. */
const TRAILING_SET_COUNT = /[\s;.,]*(?:\(?[a-zđ]\)\s*)?số lượng hồ sơ\s*:[^;]*$/iu;
/** A form's own title is joined by a dash ("Mẫu số 01 - Tờ khai …", "Mẫu số 15d - Quyết định …"): no second paper. */
const FORM_TITLE_DASH = /(?:mẫu(?: số)?|phụ lục(?: số)?)\s+[\p{L}\p{N}/.\-]+$/iu;

function closeParens(text: string): string {
  const open = (text.match(/\(/g) ?? []).length - (text.match(/\)/g) ?? []).length;
  return open > 0 && !/\)\s*$/.test(text) ? `${text.replace(/[\s,;.]+$/u, '')}${')'.repeat(open)}` : text;
}

/**
 * One published line holding two or more papers joined by dashes, with no lead before them:
 * "Đơn đề nghị thuê nhà ở sinh viên - Giấy tờ chứng minh thuộc đối tượng ưu tiên (nếu có",
 * "Tờ trình đề nghị …; - Báo cáo thành tích …; - Biên bản …". Each part that starts a paper
 * becomes its own line with the line's counts (the short answer printed them as one paper);
 * a dash inside a paper ("Hội đồng Thi đua - Khen thưởng", "Mẫu số 01 - Tờ khai …") is kept.
 * A parenthesis the portal left open at the end is closed. `asPublished.name` keeps the line.
 */
export function splitJoinedPapers(item: DocumentItem): DocumentItem[] {
  const name = item.name;
  if (!PAPER_HEAD.test(name)) return [item];
  const parts: string[] = [];
  let rest = name;
  let current = '';
  for (;;) {
    const m = PAPER_DASH.exec(rest);
    if (!m) break;
    const before = rest.slice(0, m.index);
    const after = rest.slice(m.index + m[0].length);
    current += before;
    if (PAPER_HEAD.test(after) && !FORM_TITLE_DASH.test(current) && !/:\s*$/u.test(current) && !current.includes(':')) {
      parts.push(current);
      current = '';
    } else {
      current += m[0];
    }
    rest = after;
  }
  current += rest;
  parts.push(current);
  if (parts.length < 2) return [item];
  const cleaned = parts.map((x) => closeParens(x.replace(TRAILING_SET_COUNT, '').trim().replace(/[;,]\s*$/u, '').trim())).filter((x) => x.length >= 8);
  if (cleaned.length < 2) return [item];
  return cleaned.map((part) => {
    const out: DocumentItem = { ...item, name: part, asPublished: { ...item.asPublished, name: item.asPublished?.name ?? item.name } };
    if (item.formName && !/^(?:tờ khai|đơn|mẫu)/iu.test(part)) out.formName = null;
    return out;
  });
}

/**
 * "Nhóm 1 gồm các văn bản, tài liệu sau: Đơn tố cáo …; Quyết định thụ lý …; Kế hoạch xác minh …":
 * the numbered groups in which an office files a case, each listing its papers after the lead.
 * The lead is no paper: the line becomes one line per paper (split at ";"), each then read for
 * its role (the office's own papers are internal, see `document-roles.ts`).
 */
const NUMBERED_GROUP_LEAD = /^\s*nhóm\s+(?:\d{1,2}|[ivx]{1,4})\s+(?:gồm|bao gồm)\b[^:]{0,80}:\s*/iu;

export function splitNumberedGroup(item: DocumentItem): DocumentItem[] {
  const lead = NUMBERED_GROUP_LEAD.exec(item.name);
  if (!lead) return [item];
  const parts = item.name
    .slice(lead[0].length)
    .split(/\s*;\s*/u)
    .map((x) => x.trim().replace(/[.,]\s*$/u, ''))
    .filter((x) => x.length >= 4)
    .map((x) => x.charAt(0).toLocaleUpperCase('vi') + x.slice(1));
  if (parts.length === 0) return [item];
  return parts.map((name) => ({ ...item, name, formName: null, asPublished: { ...item.asPublished, name: item.asPublished?.name ?? item.name } }));
}

/**
 * An amount read as a few đồng while the fee's own words state it in thousands ("Phí công bố
 * nội dung đăng ký doanh nghiệp: 100.000 đồng/lần" read as 100): the thousands separator was
 * taken for a decimal point. Only when the description states exactly that amount times 1,000
 * in đồng; amounts in another currency or not stated in the words are left as they are.
 */
export function rescaleThousandAmounts(channels: SubmissionChannel[]): SubmissionChannel[] {
  const misread = (f: SubmissionChannel['fees'][number]) => {
    const a = f.amountVnd;
    if (a === null || a <= 0 || a >= 1000) return false;
    return new RegExp(`(?<![\\d.,])${a}[.,]000\\s*(?:đồng|đ\\b|vnđ|vnd)`, 'iu').test(f.description);
  };
  return channels.map((c) => (c.fees.some(misread) ? { ...c, fees: c.fees.map((f) => (misread(f) ? { ...f, amountVnd: f.amountVnd! * 1000 } : f)) } : c));
}

/**
 * "Miễn phí (Chưa quy định.)" on one channel while another channel of the same record
 * charges an amount (a card reissued in person for 70.000 đồng): the fee was not entered
 * there, it is not waived. Said as published ("Chưa quy định"), never as free.
 */
export function unsetFeesBesideAmounts(channels: SubmissionChannel[]): SubmissionChannel[] {
  if (!channels.some((c) => c.fees.some((f) => (f.amountVnd ?? 0) > 0))) return channels;
  return channels.map((c) => (c.fees.some((f) => f.free && f.description === NOT_SET_FREE) ? { ...c, fees: c.fees.map((f) => (f.free && f.description === NOT_SET_FREE ? { ...f, free: false, description: 'Chưa quy định' } : f)) } : c));
}

/**
 * A fee cell holding only a list mark ("1", "2", "ii", "a", "T") and no amount: the portal numbered
 * an empty cell (1.014237 shows "1" on one case's rows and "2" on the other's). It says nothing
 * of a fee and is dropped, so no answer reads "1 hoặc 2 tùy trường hợp" as the fee.
 */
export function dropListMarkFees(channels: SubmissionChannel[]): SubmissionChannel[] {
  const mark = (f: SubmissionChannel['fees'][number]) => f.amountVnd === null && !f.free && /^\s*(?:\d{1,2}|[ivx]{1,4}|\p{L})[.)]?\s*$/iu.test(f.description);
  return channels.map((c) => (c.fees.some(mark) ? { ...c, fees: c.fees.filter((f) => !mark(f)) } : c));
}

export interface RefineContext {
  fields: FieldNames;
  successors: readonly DistrictSuccessor[];
}

/** Apply every import-time refinement to one merged record. Pure; returns a new record. */
export function refineProcedure(p: Procedure, ctx: RefineContext): Procedure {
  const documentGroups: DocumentGroup[] = markDocumentRoles(
    p.documentGroups.map((g) => ({ ...g, items: g.items.map(cleanItem).flatMap(splitPaperList).flatMap(splitNumberedGroup).flatMap(splitJoinedPapers) })),
  );
  const channels = rescaleThousandAmounts(unsetFeesBesideAmounts(dropListMarkFees(p.channels.map((c) => ({ ...c, description: collapseRepeatedAlternatives(c.description) })))));
  const out: Procedure = { ...p, name: cleanProcedureName(p.name), documentGroups, channels };

  const fields = ctx.fields.normalise(p.fields);
  if (fields.join('\n') !== p.fields.join('\n')) out.fieldsAsPublished = p.fields;
  out.fields = fields;

  const repaired = repairAgencies(p.agencies);
  const bodies: NonNullable<Procedure['reform']>['bodies'] = [];
  const agencies = repaired.flatMap((a) => {
    if (!namesDistrictBody(a)) return [a];
    const row = successorFor(a, ctx.successors);
    bodies.push({ asPublished: a, successor: row?.successor ?? null, basis: row?.successor ? row.basis : null });
    return row?.successor ? [row.successor] : [];
  });
  let competentAuthority = p.competentAuthority;
  if (competentAuthority && namesDistrictBody(competentAuthority)) {
    const parts = competentAuthority.split(/,\s*(?=\p{Lu})/u).map((part) => {
      if (!namesDistrictBody(part)) return part;
      const row = successorFor(part, ctx.successors);
      if (!bodies.some((b) => b.asPublished === part)) bodies.push({ asPublished: part, successor: row?.successor ?? null, basis: row?.successor ? row.basis : null });
      return row?.successor ?? null;
    });
    const kept = [...new Set(parts.filter((x): x is string => x !== null))];
    out.competentAuthorityAsPublished = competentAuthority;
    competentAuthority = kept.length ? kept.join(', ') : null;
  }
  if (agencies.join('\n') !== p.agencies.join('\n')) out.agenciesAsPublished = p.agencies;
  out.agencies = [...new Set(agencies)];
  out.competentAuthority = competentAuthority;
  const addressNamesDistrict = p.submissionAddress !== null && namesDistrictBody(p.submissionAddress);
  if (bodies.length > 0 || addressNamesDistrict) {
    out.reform = { predatesReform: bodies.some((b) => b.successor === null) || addressNamesDistrict, bodies };
  }
  const obsolete = obsoleteWordingOf(p);
  if (obsolete.length) out.obsoleteWording = obsolete;
  return out;
}

export interface RefineStats {
  roles: Record<string, number>;
  conditionalWithCondition: number;
  formNamesRestored: number;
  formNamesDropped: number;
  textCollapsed: number;
  fieldNames: number;
  fieldNamesAsPublished: number;
  recordsWithDistrictBodies: number;
  bodiesMapped: number;
  bodiesUnmapped: number;
  recordsPredatingReform: number;
  recordsWithObsoleteWording: number;
}

/** Counts for the import report. */
export function refineStats(procedures: readonly Procedure[]): RefineStats {
  const roles: Record<string, number> = { main: 0, conditional: 0, internal: 0, heading: 0, note: 0 };
  const s: RefineStats = {
    roles,
    conditionalWithCondition: 0,
    formNamesRestored: 0,
    formNamesDropped: 0,
    textCollapsed: 0,
    fieldNames: 0,
    fieldNamesAsPublished: 0,
    recordsWithDistrictBodies: 0,
    bodiesMapped: 0,
    bodiesUnmapped: 0,
    recordsPredatingReform: 0,
    recordsWithObsoleteWording: 0,
  };
  const fields = new Set<string>();
  const published = new Set<string>();
  for (const p of procedures) {
    for (const f of p.fields) fields.add(f);
    for (const f of p.fieldsAsPublished ?? p.fields) published.add(f);
    for (const g of p.documentGroups)
      for (const i of g.items) {
        roles[i.role ?? 'main'] = (roles[i.role ?? 'main'] ?? 0) + 1;
        if (i.role === 'conditional' && i.condition) s.conditionalWithCondition++;
        if (i.asPublished && 'formName' in i.asPublished) {
          if (i.formName) s.formNamesRestored++;
          else s.formNamesDropped++;
        }
        if (i.asPublished?.name !== undefined) s.textCollapsed++;
      }
    if (p.reform) {
      s.recordsWithDistrictBodies++;
      for (const b of p.reform.bodies) if (b.successor) s.bodiesMapped++;
      else s.bodiesUnmapped++;
      if (p.reform.predatesReform) s.recordsPredatingReform++;
    }
    if (p.obsoleteWording?.length) s.recordsWithObsoleteWording++;
  }
  s.fieldNames = fields.size;
  s.fieldNamesAsPublished = published.size;
  return s;
}
