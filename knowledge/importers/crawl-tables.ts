import { cleanText } from '../text/index.js';
import type {
  DocumentGroup,
  DocumentItem,
  Duration,
  DurationUnit,
  Fee,
  ImplementationLevel,
  LegalBasisItem,
  SubmissionChannel,
} from '../procedure.js';

/**
 * Parsers for the portal crawl's flattened tables. The crawler joined table cells with
 * no separator at all, so each parser relies on the fixed header strings and on the
 * shape of the cells the portal itself generates (channel names, "N bản chính",
 * "10,000 Việt Nam Đồng", document numbers like "87/2020/NĐ-CP").
 *
 * All parsers are pure: text in, structured data out, never throw on odd input.
 */

/** The portal prints this for an empty cell or section. */
export const NO_INFO = 'Không có thông tin';

/** `cleanText`, plus the portal's "Không có thông tin" and "--" placeholders mean empty. */
export function cleanCell(input: string | null | undefined): string {
  if (input == null) return '';
  const text = cleanText(input);
  return text === NO_INFO || text === '--' || text === '-' ? '' : text;
}

// ---------------------------------------------------------------------------
// Implementation level ("Cấp xã, Cấp tỉnh")

const LEVEL_WORDS: ReadonlyArray<[RegExp, ImplementationLevel]> = [
  [/cấp bộ/i, 'bo'],
  [/cấp tỉnh/i, 'tinh'],
  [/cấp xã/i, 'xa'],
  [/cơ quan khác/i, 'khac'],
];

/** "Cấp bộ, Cấp tỉnh, Cơ quan khác" → `['bo','tinh','khac']` (order xa, tinh, bo, khac). */
export function parseLevels(text: string): ImplementationLevel[] {
  const cleaned = cleanCell(text);
  const found = new Set<ImplementationLevel>();
  for (const [re, level] of LEVEL_WORDS) if (re.test(cleaned)) found.add(level);
  return sortLevels([...found]);
}

const LEVEL_ORDER: readonly ImplementationLevel[] = ['xa', 'tinh', 'bo', 'khac'];
export function sortLevels(levels: Iterable<ImplementationLevel>): ImplementationLevel[] {
  const set = new Set(levels);
  return LEVEL_ORDER.filter((l) => set.has(l));
}

// ---------------------------------------------------------------------------
// Durations

const UNIT_WORDS: ReadonlyArray<[RegExp, DurationUnit]> = [
  [/^ngày làm việc$/i, 'ngay_lam_viec'],
  [/^ngày$/i, 'ngay'],
  [/^giờ$/i, 'gio'],
  [/^phút$/i, 'phut'],
  [/^tháng$/i, 'thang'],
  [/^năm$/i, 'nam'],
];

export function unitFromWords(words: string): DurationUnit {
  const w = words.trim();
  for (const [re, unit] of UNIT_WORDS) if (re.test(w)) return unit;
  return 'khac';
}

/**
 * The portal sometimes prints a bare number ("1") with no unit. When the channel's own
 * description states the same number with a unit ("Trong thời hạn 01 ngày làm việc")
 * we adopt that unit; otherwise the unit stays `khac`.
 */
export function inferUnitFromText(value: number, text: string): DurationUnit {
  const re = /(\d+(?:[.,]\d+)?)\s*(?:\([^)]{1,20}\)\s*)?(ngày làm việc|ngày|giờ|tháng|năm|phút)/gi;
  for (const m of text.matchAll(re)) {
    if (Number(m[1]!.replace(',', '.')) === value) return unitFromWords(m[2]!);
  }
  return 'khac';
}

// ---------------------------------------------------------------------------
// Fees

/** Text in a fee note that means "nothing to pay" rather than a condition. */
const NOTHING_TO_PAY = /^[\s(*-]*(không|không có|không quy định|không thu|miễn|miễn phí|0)\s*[.;)]*$/i;

/**
 * A note that only points at the fee law in general ("Theo quy định của Luật phí và lệ phí
 * và các văn bản … hướng dẫn", "theo quy định của pháp luật về phí, lệ phí") or at a
 * local fee that may not exist ("Mức lệ phí (nếu có) theo quy định của HĐND cấp tỉnh")
 * names no fee: the displayed "Miễn phí" stands, with the note beside it. A note that
 * names a circular, an amount or a fee the council sets is a real condition.
 */
const REFERENCE_ONLY =
  /^[\s(*-]*(?:(?:thực hiện\s+)?theo quy định\s+(?:(?:của|về)\s+)?(?:luật phí và lệ phí|pháp luật về phí,?\s*(?:và\s+)?lệ phí)(?!\p{L})|mức (?:lệ )?phí \(nếu có\) theo quy định)/iu;

/**
 * "Miễn phí (Chưa quy định.)": no fee has been set for the procedure, so nothing is
 * charged. Said as free with that reason; a record whose other channels carry an amount
 * is corrected when the record is refined (`unsetFeesBesideAmounts`).
 */
const NOT_SET = /^[\s(*-]*chưa (?:có )?quy định(?: (?:mức thu|phí|lệ phí))?\s*[.;)]*$/iu;
export const NOT_SET_FREE = 'Miễn phí (chưa quy định mức thu)';

function isReferenceOnly(note: string): boolean {
  return REFERENCE_ONLY.test(note) && !/\d|quyết định|thông tư|nghị định/iu.test(note.replace(/\(nếu có\)/giu, ''));
}

/** Decide phí vs lệ phí from whichever the wording names first; the flat crawl does not say. */
export function feeKindFromText(text: string): Fee['kind'] {
  const t = text.toLowerCase();
  const le = t.search(/lệ phí/u);
  const phi = t.search(/(?<!lệ )phí/u);
  if (le >= 0 && (phi < 0 || le < phi)) return 'le_phi';
  if (phi >= 0) return 'phi';
  return 'khac';
}

/** "10,000,000" → 10000000; "135" → 135. Returns null for anything that is not a plain amount. */
export function parseAmount(text: string): number | null {
  const digits = text.replace(/[,.\s]/g, '');
  if (!/^\d+$/.test(digits)) return null;
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : null;
}

/** Amounts written in a fee note: "135.000 đồng", "4.000 đ", "20.000 vnđ". */
function noteAmounts(note: string): number[] {
  const found = [...note.matchAll(/(?<![\d.,])(\d{1,3}(?:\.\d{3})+)\s*(?:đồng|đ|vnđ|vnd)(?!\p{L})/giu)].map((m) => parseAmount(m[1]!));
  return [...new Set(found.filter((n): n is number => n !== null))];
}

function amountFromNote(amount: number, note: string): number {
  const inNote = noteAmounts(note);
  if (inNote.includes(amount * 1000)) return amount * 1000;
  if (inNote.length === 1) return inNote[0]!;
  return amount;
}

/** "(…)" wrapped twice by the portal ("((Mức lệ phí …))") loses the outer pair. */
function unwrap(text: string): string {
  let t = text.trim();
  while (t.startsWith('(') && t.endsWith(')') && closingParen(t, 0) === t.length - 1) t = t.slice(1, -1).trim();
  return t;
}

/**
 * Build a fee from the portal's fee cell ("Miễn phí", "100,000 Việt Nam Đồng", "VNĐ",
 * "50 USD") and its bracketed note. A note that names a real condition ("Mức lệ phí cụ
 * thể do Hội đồng nhân dân tỉnh ... quyết định") turns a displayed "Miễn phí" into a
 * described fee, because the portal prints "Miễn phí" whenever no amount was entered.
 */
export function buildFee(cell: string, note: string): Fee | null {
  const c = cleanCell(cell);
  const n = unwrap(cleanCell(note));
  if (!c && !n) return null;
  if (/^miễn phí$/i.test(c)) {
    if (!n || NOTHING_TO_PAY.test(n)) return { kind: 'khac', amountVnd: null, free: true, description: n || 'Miễn phí' };
    if (NOT_SET.test(n)) return { kind: 'khac', amountVnd: null, free: true, description: NOT_SET_FREE };
    if (isReferenceOnly(n)) return { kind: feeKindFromText(n), amountVnd: null, free: true, description: `Miễn phí (${n.replace(/^[\s*-]+/u, '').replace(/\.\s*$/u, '')})` };
    return { kind: feeKindFromText(n), amountVnd: null, free: false, description: n };
  }
  const money = /^([\d.,]+)?\s*(Việt Nam Đồng|VNĐ|VND|đồng|USD|Đô la Mỹ)$/i.exec(c);
  if (money) {
    const currency = money[2]!;
    const raw = money[1] ? parseAmount(money[1]) : null;
    const isVnd = !/usd|đô la/i.test(currency);
    let amount = isVnd ? raw : null;
    // Some entries were typed in thousands ("135 VNĐ" with the note "135.000 đồng/lần",
    // "40 VNĐ" with "4.000 đ/giấy"): the note's own written amount wins.
    if (amount != null && amount > 0 && amount < 1000) amount = amountFromNote(amount, n);
    const description = !isVnd && raw != null ? [`${money[1]} ${currency}`, n].filter(Boolean).join(' ') : n;
    if (amount === 0) {
      return { kind: feeKindFromText(n), amountVnd: null, free: !n || NOTHING_TO_PAY.test(n), description: description || 'Miễn phí' };
    }
    return { kind: feeKindFromText(n), amountVnd: amount, free: false, description };
  }
  const text = [c, n].filter(Boolean).join(' ');
  return { kind: feeKindFromText(text), amountVnd: null, free: false, description: text };
}

// ---------------------------------------------------------------------------
// Channels: cach_thuc_thuc_hien

export const CHANNELS_HEADER = 'Hình thức nộpThời gianPhí, lệ phíMô tả';

const CHANNEL_NAMES: Record<string, SubmissionChannel['kind']> = {
  'Trực tuyến': 'online',
  'Dịch vụ bưu chính': 'postal',
  'Trực tiếp': 'in_person',
};

/**
 * A channel cell starts a row only when it is directly followed by the time cell (a
 * digit or "Không có thông tin"); descriptions often mention "Trực tiếp: nộp tại ...".
 */
const CHANNEL_START = /(Trực tuyến|Dịch vụ bưu chính|Trực tiếp)(?=\s?\d|Không)/g;
/** A time cell written as words ("Không quy định", "Không phải trả kết quả cho người nộp thuế"). */
const TIME_WORDS = /^(Không(?!\s*có thông tin)[^]*?)(?=Miễn phí|Không có thông tin|[\d.,]+ ?(?:Việt Nam Đồng|VNĐ|USD))/;
const TIME_CELL = /^(?:Không có thông tin|(\d+(?:[.,]\d+)?)\s*(Ngày làm việc|Ngày|Giờ|Tháng|Năm|Phút)?)/;
const FEE_CELL = /^(?:Miễn phí|Không có thông tin|(?:[\d.,]+ ?)?(?:Việt Nam Đồng|VNĐ|USD|Đô la Mỹ))/;

/** Index of the parenthesis closing the one at `start`, or -1 if unbalanced. */
function closingParen(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/**
 * Parse `cach_thuc_thuc_hien`: rows of (channel, time, fee, [fee note in brackets],
 * description). Returns one channel per row, in source order; rows repeated for the
 * same channel are kept (they usually describe different agencies).
 */
export function parseChannels(raw: string): SubmissionChannel[] {
  let text = (raw ?? '').normalize('NFC');
  const headerAt = text.indexOf(CHANNELS_HEADER);
  if (headerAt < 0) return [];
  text = text.slice(headerAt + CHANNELS_HEADER.length);
  const starts = [...text.matchAll(CHANNEL_START)];
  const channels: SubmissionChannel[] = [];
  starts.forEach((m, i) => {
    const end = i + 1 < starts.length ? starts[i + 1]!.index : text.length;
    let row = text.slice(m.index + m[1]!.length, end).replace(/^\s+/, '');
    const timeWords = TIME_WORDS.exec(row);
    let timeNote = '';
    if (timeWords) {
      timeNote = cleanCell(timeWords[1]);
      row = row.slice(timeWords[0].length);
    }
    const time = timeWords ? null : TIME_CELL.exec(row);
    let processingTime: Duration | null = null;
    let timeValue: number | null = null;
    let unitWords = '';
    if (time) {
      row = row.slice(time[0].length);
      if (time[1]) {
        timeValue = Number(time[1].replace(',', '.'));
        unitWords = time[2] ?? '';
      }
    }
    let feeCell = '';
    let feeNote = '';
    const fee = FEE_CELL.exec(row);
    if (fee) {
      feeCell = fee[0];
      row = row.slice(fee[0].length);
      if (row.startsWith('(')) {
        const close = closingParen(row, 0);
        // An unbalanced bracket (truncated note) swallows the rest of the row.
        const stop = close < 0 ? row.length : close;
        feeNote = row.slice(1, stop);
        row = row.slice(stop + 1);
      }
    }
    const description = [timeNote ? `Thời hạn giải quyết: ${timeNote}` : '', cleanCell(row)].filter(Boolean).join('\n');
    if (timeValue != null && Number.isFinite(timeValue)) {
      const unit = unitWords ? unitFromWords(unitWords) : inferUnitFromText(timeValue, description);
      // A bare "0" with no unit is the portal's empty cell, not "done at once".
      if (!(timeValue === 0 && unit === 'khac')) {
        processingTime = { value: timeValue, unit, text: cleanText(`${time![1]} ${unitWords}`) };
      }
    }
    const parsedFee = buildFee(feeCell, feeNote);
    channels.push({
      kind: CHANNEL_NAMES[m[1]!]!,
      processingTime,
      fees: parsedFee ? [parsedFee] : [],
      description,
    });
  });
  return channels;
}

// ---------------------------------------------------------------------------
// Documents: thanh_phan_ho_so

export const DOCUMENTS_HEADER = 'Tên giấy tờMẫu đơn, tờ khaiSố lượng';

/** Title used when the portal gives a table no heading ("--"). */
export const DEFAULT_GROUP_TITLE = 'Thành phần hồ sơ';

/**
 * The portal's quantity cell: "1 bản chính" or "0 bản chính,1 bản sao". The count is a
 * single digit glued to whatever precedes it (often a form number: "Mẫu số 01" + "1").
 */
const QUANTITY = /(\d) bản chính(?:,(\d+) bản sao)?/g;
const ANOTHER_QUANTITY = /^\d+ bản chính/;

interface QuantityMatch {
  index: number;
  end: number;
  originals: number;
  copies: number | null;
}

/**
 * Find the portal's quantity cells, rejecting look-alikes inside document names
 * ("nộp 02 bản chính tờ khai ..."): a real cell is never followed by a space, never by
 * another quantity, and is never zero-padded when followed by punctuation.
 */
function findQuantities(text: string): QuantityMatch[] {
  const out: QuantityMatch[] = [];
  for (const m of text.matchAll(QUANTITY)) {
    const end = m.index + m[0].length;
    const next = text.slice(end);
    const withCopies = m[2] !== undefined;
    const zeroPadded = m.index > 0 && text[m.index - 1] === '0' && !/\d/.test(text[m.index - 2] ?? '');
    if (!withCopies) {
      if (/^\s/.test(next)) continue;
      if (ANOTHER_QUANTITY.test(next)) continue;
      if (zeroPadded && /^[;,.)]/.test(next)) continue;
    }
    out.push({ index: m.index, end, originals: Number(m[1]), copies: withCopies ? Number(m[2]) : 0 });
  }
  return out;
}

const FILE_EXT = /\.(?:docx?|pdf|xlsx?|odt|rtf|zip|rar)/gi;

/** Words an attached form's file name usually starts with. */
const FILE_START = /^(?:Mẫu|MẪU|Mau|MAU|Phụ lục|PHỤ LỤC|Phu luc|PL|Tờ khai|TỜ KHAI|TK|BM|Biểu mẫu|Form|FORM|Đơn|ĐƠN|Don)/u;

/**
 * Split "…theo mẫu thống nhấtMẫu TP-LS-02-sđ.docx" into the document name and the
 * attached form's file name. The file name starts at the first seam: a word glued to a
 * capital or digit with no space ("nhấtMẫu", ")12.1", "12;PHỤ"), or a capital run glued
 * to a typical file-name start ("TT-BTPMẫu TP-CC-08.docx"). Without a seam the text is
 * kept whole, minus the extension, rather than cut at a guess.
 */
export function splitAttachment(cell: string): { name: string; file: string | null } {
  const exts = [...cell.matchAll(FILE_EXT)];
  const last = exts.at(-1);
  if (!last || last.index + last[0].length !== cell.length) return { name: cell, file: null };
  const firstExt = exts.find((e) => e.index > 0) ?? last;
  const head = cell.slice(0, firstExt.index);
  let cut = -1;
  for (let i = 1; i < head.length; i++) {
    const prev = head[i - 1]!;
    const ch = head[i]!;
    // "… nền màu trắng.mau so 12 (1).docx": a file name typed without marks after the sentence's full stop.
    if (prev === '.' && /^mau\s?(?:so\s?)?\d/u.test(head.slice(i))) {
      cut = i;
      break;
    }
    if (/\s|\(/u.test(prev) || !/[\p{Lu}\d]/u.test(ch)) continue;
    const numberPunct = /\d/.test(ch) && /[.,;:]/.test(prev) && /\d/.test(head[i - 2] ?? ''); // "1,2,3", "12.1"
    // "ảnh cỡ 4x6cm", "diện tích 50m2": a size or a unit, no seam.
    const measure = /\d/.test(ch) && /\d\s?(?:[x×]|m|cm|mm|km)$/u.test(head.slice(0, i));
    const lowerSeam = /[\p{Ll})\].;:,?!]/u.test(prev) && !numberPunct && !measure && !/(?:VNe|Vne)$/.test(head.slice(0, i));
    const upperSeam = /[\p{Lu}\d]/u.test(prev) && FILE_START.test(head.slice(i));
    if (lowerSeam || upperSeam) {
      cut = i;
      break;
    }
  }
  if (cut <= 0) return { name: cell.replace(FILE_EXT, ' ').replace(/\s+/g, ' ').trim(), file: null };
  return { name: cell.slice(0, cut), file: cell.slice(cut) };
}

/** Strip list bullets the portal keeps at the start of cells. */
function stripBullet(text: string): string {
  return text.replace(/^[\s\-+•*\uf0fc\uf0d8\uf0b7–]+/u, '').trim();
}

/** Form named in a document's wording: "Mẫu số 07", "mẫu TK06", "Mẫu DC02", or the "Tờ khai ..." itself. */
export function formNameFromText(name: string): string | null {
  const code = /\b[Mm]ẫu(?: số)?\s+([A-ZĐ0-9][A-Za-zĐđ0-9.\-/]*[A-Za-z0-9])/u.exec(name);
  if (code) return `Mẫu ${code[0].includes('số') ? 'số ' : ''}${code[1]}`;
  const declaration = /^(Tờ khai[^(;:.,]*?)(?:\s+theo(?!\p{L})|\s*\(|[;:.,]|$)/u.exec(name);
  if (declaration) return declaration[1]!.trim();
  const template = /^(Mẫu [^(;:]*?)\s*(?:\(|[;:.]|$)/u.exec(name);
  if (template) return template[1]!.trim();
  return null;
}

/** "Mẫu I.1.7.docxMẫu I.1.6.docx" → "Mẫu I.1.7; Mẫu I.1.6". */
function fileStem(file: string): string {
  return file
    .split(FILE_EXT)
    .map((part) => cleanText(part))
    .filter(Boolean)
    .join('; ');
}

function makeItem(cell: string, originals: number | null, copies: number | null): DocumentItem | null {
  // Leading bullets and stray punctuation (",Đơn …", "- .Văn bản …") would look like a seam.
  const { name: rawName, file } = splitAttachment(cleanText(cell).replace(/^[\s\-+•*.,;:\uf0fc\uf0d8\uf0b7–]+/u, ''));
  const name = stripBullet(rawName) || (file ? fileStem(file) : '');
  if (!name) return null;
  const formName = file ? fileStem(file) : formNameFromText(name);
  return { name, originals, copies, formName, required: null };
}

function groupTitle(raw: string): string {
  const t = stripBullet(cleanCell(raw)).replace(/:\s*$/, '').trim();
  return t || DEFAULT_GROUP_TITLE;
}

/** Headings that hold remarks, not documents. */
export function isNotesTitle(title: string): boolean {
  return /^lưu ý(?!\p{L})/iu.test(title.replace(/^[*\s-]+/, ''));
}

export interface ParsedDocuments {
  groups: DocumentGroup[];
  /** Items under a "Lưu ý" heading: remarks about the dossier, not documents. */
  notes: string[];
  /** False when the text had content but no table the parser recognises. */
  recognised: boolean;
}

/**
 * Parse `thanh_phan_ho_so`: `[heading]` + header + rows of (name, [form file], quantity),
 * repeated per group. The text after a group's last quantity is the next group's heading.
 */
export function parseDocuments(raw: string): ParsedDocuments {
  const text = (raw ?? '').normalize('NFC');
  if (!cleanCell(text)) return { groups: [], notes: [], recognised: true };
  const parts = text.split(DOCUMENTS_HEADER);
  if (parts.length < 2) return { groups: [], notes: [], recognised: false };
  const groups: DocumentGroup[] = [];
  const notes: string[] = [];
  let heading = parts[0]!;
  for (let p = 1; p < parts.length; p++) {
    const body = parts[p]!;
    const quantities = findQuantities(body);
    const items: DocumentItem[] = [];
    let cursor = 0;
    for (const q of quantities) {
      const item = makeItem(body.slice(cursor, q.index), q.originals, q.copies);
      if (item) items.push(item);
      cursor = q.end;
    }
    const rest = body.slice(cursor);
    let nextHeading = '';
    if (p + 1 < parts.length) nextHeading = rest;
    else {
      const item = makeItem(rest, null, null);
      if (item) items.push(item);
    }
    const title = groupTitle(heading);
    if (isNotesTitle(title)) notes.push(...items.map((i) => i.name));
    else if (items.length > 0) groups.push({ title, items });
    heading = nextHeading;
  }
  return { groups, notes, recognised: true };
}

// ---------------------------------------------------------------------------
// Legal basis: can_cu_phap_ly

export const LEGAL_HEADER = 'Tên văn bản pháp lýMã văn bản';

/**
 * A document number as the portal prints it in the "Mã văn bản" cell. The suffix ends
 * where the next row's title starts: a capital followed by a lower-case letter
 * ("...TT-BTCNghị định"). "TTg" (Thủ tướng) is the one suffix with a lower-case letter.
 */
const DOC_NUMBER =
  /(?:(?<!\d|\d\.|\/)|(?<=\d\/\d{4}))(\d+(?:\.\d+)?(?:(?:\/\d{4})?\/(?:TTg|[A-ZĐ0-9]+)(?:-(?:TTg|[A-ZĐ0-9]+))*|\/\d{4}))(?=\s*\p{Lu}\p{Ll}|\s*$)/gu;
/** A title that ends with its own number, glued to the number cell ("Luật 60/2014/QH1360/2014/QH13"). */
const REPEATED_NUMBER = /(\d+(?:\.\d+)?\/\d{4}\/[A-ZĐ0-9-]+?)(?=\1)/gu;
const SEAM = '\u241e';
const DOC_TYPE_TAIL =
  /(Luật|Bộ luật|Pháp lệnh|Nghị định|Nghị quyết|Thông tư liên tịch|Thông tư|Quyết định|Chỉ thị|Văn bản hợp nhất|Công văn)( số)?\s*$/u;

const ISSUERS: ReadonlyArray<[RegExp, string]> = [
  [/\/QH\d*$/, 'Quốc hội'],
  [/UBTVQH\d*$/, 'Ủy ban Thường vụ Quốc hội'],
  [/-CP$/, 'Chính phủ'],
  [/-TTg$/, 'Thủ tướng Chính phủ'],
  [/-CTN$/, 'Chủ tịch nước'],
  [/-BTC$/, 'Bộ Tài chính'],
  [/-BTP$/, 'Bộ Tư pháp'],
  [/-BCA$/, 'Bộ Công an'],
  [/-BXD$/, 'Bộ Xây dựng'],
  [/-BNNMT$/, 'Bộ Nông nghiệp và Môi trường'],
  [/-BNNPTNT$/, 'Bộ Nông nghiệp và Phát triển nông thôn'],
  [/-BTNMT$/, 'Bộ Tài nguyên và Môi trường'],
  [/-NHNN$/, 'Ngân hàng Nhà nước Việt Nam'],
  [/-BYT$/, 'Bộ Y tế'],
  [/-BGDĐT$/, 'Bộ Giáo dục và Đào tạo'],
  [/-BLĐTBXH$/, 'Bộ Lao động - Thương binh và Xã hội'],
  [/-BNV$/, 'Bộ Nội vụ'],
  [/-BKHĐT$/, 'Bộ Kế hoạch và Đầu tư'],
  [/-BCT$/, 'Bộ Công Thương'],
  [/-BGTVT$/, 'Bộ Giao thông vận tải'],
  [/-BTTTT$/, 'Bộ Thông tin và Truyền thông'],
  [/-BKHCN$/, 'Bộ Khoa học và Công nghệ'],
  [/-BVHTTDL$/, 'Bộ Văn hóa, Thể thao và Du lịch'],
  [/-BQP$/, 'Bộ Quốc phòng'],
  [/-BNG$/, 'Bộ Ngoại giao'],
  [/-TANDTC$/, 'Tòa án nhân dân tối cao'],
  [/-HĐTP$/, 'Hội đồng Thẩm phán Tòa án nhân dân tối cao'],
  [/-VKSNDTC$/, 'Viện kiểm sát nhân dân tối cao'],
];

/** Issuing body implied by the number's suffix ("87/2020/NĐ-CP" → "Chính phủ"). */
export function issuerFromNumber(number: string): string | null {
  // Joint circulars list every issuer: "02/2014/TTLT-TANDTC-VKSNDTC-BTP-BTC".
  const joint = /\/TTLT-(.+)$/.exec(number);
  if (joint) {
    const names = joint[1]!.split('-').map((part) => issuerFromNumber(`-${part}`));
    return names.every((x) => x !== null) ? names.join(', ') : null;
  }
  for (const [re, issuer] of ISSUERS) if (re.test(number)) return issuer;
  return null;
}

/**
 * The issue date of the document itself: "… 123/2015/NĐ-CP ngày 15/11/2015 …" or
 * "… ngày 28 tháng 7 năm 2020". Only a date that directly follows the document's own
 * number counts, because titles often cite the dates of other documents they amend.
 */
export function dateFromTitle(title: string, number: string | null): string | null {
  if (!number) return null;
  const at = title.indexOf(number);
  if (at < 0) return null;
  const after = title.slice(at + number.length, at + number.length + 40);
  const pad = (n: string) => n.padStart(2, '0');
  const num = /^[\s,]*ngày\s+(\d{1,2})\/(\d{1,2})\/(\d{4})/iu.exec(after);
  const words = /^[\s,]*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/iu.exec(after);
  const m = [num, words].filter((x): x is RegExpExecArray => x !== null).sort((a, b) => a.index - b.index)[0];
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return `${y}-${pad(String(mo))}-${pad(String(d))}`;
}

/** Pull a plain document number out of a cell such as "Thông tư số 03/2023/TT-BTP". */
export function extractDocNumber(text: string): string | null {
  const m = /\d+(?:\.\d+)?(?:\/\d{4})?\/(?:TTg|[A-ZĐ0-9]+)(?:-(?:TTg|[A-ZĐ0-9]+))*/u.exec(text);
  return m ? m[0] : null;
}

/** Build one legal-basis item from a title and (maybe) a number. */
export function legalItem(title: string, number: string | null): LegalBasisItem {
  const t = cleanText(title).replace(/[.;,]\s*$/, '');
  let num = number ? cleanText(number) : null;
  // A bare "46/2020" cell: take the full number the title states ("46/2020/NĐ-CP").
  if (num && /^\d+\/\d{4}$/.test(num)) {
    const full = extractDocNumber(t.slice(Math.max(0, t.indexOf(num))));
    if (full && full.startsWith(`${num}/`)) num = full;
  }
  return {
    number: num,
    title: t || num || '',
    issuedDate: dateFromTitle(t, num),
    issuer: num ? issuerFromNumber(num) : null,
  };
}

/**
 * Parse `can_cu_phap_ly`: header + rows of (title, number). A row's number is the
 * document-number-shaped run that is immediately followed by the next title or the end.
 */
export function parseLegalBasis(raw: string): LegalBasisItem[] {
  let text = (raw ?? '').normalize('NFC');
  const at = text.indexOf(LEGAL_HEADER);
  if (at < 0) return [];
  text = text
    .slice(at + LEGAL_HEADER.length)
    .replace(/\u00a0/g, ' ')
    .replace(REPEATED_NUMBER, `$1${SEAM}`)
    // Some rows run on into the next page section ("…08/2017/QH14Cơ quan thực hiệnSở …").
    .replace(/(?<=\S)Cơ quan thực hiện(?:(?!\d+\/\d{4}).)*$/su, '');
  const items: LegalBasisItem[] = [];
  let cursor = 0;
  for (const m of text.matchAll(DOC_NUMBER)) {
    let title = text.slice(cursor, m.index);
    let prefix = '';
    // "…Bộ Tư phápThông tư số 03/2023/TT-BTP": the number cell itself began with its type.
    const tail = DOC_TYPE_TAIL.exec(title);
    if (tail && tail.index > 0 && /[^\s]/.test(title[tail.index - 1]!)) {
      prefix = tail[0];
      title = title.slice(0, tail.index);
    }
    if (!cleanText(title)) title = `${prefix}${m[1]}`;
    items.push(legalItem(title.replaceAll(SEAM, ''), m[1]!));
    cursor = m.index + m[0].length;
  }
  const rest = cleanText(text.slice(cursor).replaceAll(SEAM, ''));
  if (rest) items.push(legalItem(rest, extractDocNumber(rest)));
  return items.filter((i) => i.title);
}

// ---------------------------------------------------------------------------
// Results: ket_qua_xu_ly

/** Remove the portal's UI tail ("Chọn cơ quan thực hiện … Nộp hồ sơ") from `ket_qua_xu_ly`. */
export function stripResultsUi(raw: string): string {
  let text = (raw ?? '').normalize('NFC');
  const ui = text.indexOf('Chọn cơ quan thực hiện');
  if (ui >= 0) text = text.slice(0, ui);
  return text;
}

/**
 * Parse `ket_qua_xu_ly` into result names: "<name>Mã: KQ.G15.000031" repeated, then
 * "Từ khóa…Mô tả…" and the UI tail, all dropped.
 */
export function parseResults(raw: string): string[] {
  let text = stripResultsUi(raw);
  const kw = text.search(/Từ khóa/);
  if (kw >= 0) text = text.slice(0, kw);
  const names = text
    .split(/Mã:\s*[A-Z0-9._-]*\d/u)
    .map((s) => stripBullet(cleanCell(s)))
    .filter(Boolean);
  return names;
}

/** Split a comma-separated list cell, keeping bracketed commas ("Tổ chức (không bao gồm doanh nghiệp, HTX)"). */
export function splitList(raw: string): string[] {
  const text = cleanCell(raw);
  if (!text) return [];
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return [...new Set(out)];
}

/** Steps text (numbered lines) → one entry per non-empty line. */
export function splitLines(raw: string): string[] {
  const text = cleanCell(raw);
  if (!text) return [];
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Split step lines at a "* Lưu ý:" line: what follows are remarks, not steps. */
export function splitStepsAndNotes(lines: string[]): { steps: string[]; notes: string[] } {
  const at = lines.findIndex((l) => isNotesTitle(l.replace(/:\s*$/, '')));
  if (at < 0) return { steps: lines, notes: [] };
  const inline = lines[at]!.replace(/^[*\s-]*lưu ý\s*:?\s*/iu, '');
  return { steps: lines.slice(0, at), notes: [...(inline ? [inline] : []), ...lines.slice(at + 1)] };
}

/**
 * Province of a provincial variant from the promulgating body ("UBND tỉnh Bắc Ninh",
 * "UBND Thành phố Đà Nẵng", "Sở Xây dựng - tỉnh Quảng Ngãi") or from a name suffix
 * ("(TP Đà Nẵng)"). Returns the bare name ("Đà Nẵng").
 */
export function provinceFrom(text: string | null | undefined): string | null {
  const t = cleanCell(text ?? '');
  const m = /(?:^|[\s(\-])(?:tỉnh|thành phố|TP\.?)\s+([\p{Lu}][\p{L}\s\-]*?)\s*\)?\s*$/iu.exec(t);
  return m ? m[1]!.trim() : null;
}

/** Best-effort level from agency names, for records that only have index metadata. */
export function levelsFromAgencies(agencies: readonly string[]): ImplementationLevel[] {
  const found = new Set<ImplementationLevel>();
  for (const a of agencies) {
    if (/cấp xã|\bxã\b|phường|UBND cấp xã|Công an cấp xã/iu.test(a)) found.add('xa');
    if (/cấp tỉnh|^Sở\s|Ủy ban nhân dân tỉnh|UBND tỉnh|Công an tỉnh|Trung tâm phục vụ hành chính công tỉnh/iu.test(a)) found.add('tinh');
    if (/^(Bộ|Cục|Tổng cục|Vụ|Ngân hàng Nhà nước|Văn phòng Chính phủ|Thủ tướng)\s/u.test(a) && !/^Bộ (phận|chỉ huy)/u.test(a)) found.add('bo');
  }
  return sortLevels(found);
}

/** Section titles of a detail page, in page order, as they appear in the crawl's `raw_text`. */
const RAW_SECTIONS = [
  ['steps', 'Trình Tự Thực Hiện'],
  ['channels', 'Cách Thức Thực Hiện'],
  ['documents', 'Thành phần hồ sơ'],
  ['legal', 'Căn cứ pháp lý'],
  ['agencies', 'Cơ quan thực hiện'],
  ['conditions', 'Yêu cầu, điều kiện thực hiện'],
  ['results', 'Kết quả xử lý'],
] as const;
export type RawSection = (typeof RAW_SECTIONS)[number][0];

/**
 * Re-cut the page's sections from `raw_text`. Some crawl records have their fields
 * shifted (the documents field holds the end of the steps), but the page text is whole:
 * each section title is searched after the previous one, so a title quoted inside a
 * section ("theo mục 5.3 (Thành phần hồ sơ)") is skipped when the real one follows.
 */
export function sectionsFromRaw(raw: string): Partial<Record<RawSection, string>> {
  const text = (raw ?? '').normalize('NFC');
  const found: Array<{ key: RawSection; start: number; body: number }> = [];
  let from = 0;
  for (const [key, title] of RAW_SECTIONS) {
    let at = -1;
    if (key === 'documents') {
      // The real heading is the last "Thành phần hồ sơ" before the first table header.
      const header = text.indexOf(DOCUMENTS_HEADER, from);
      at = header < 0 ? text.indexOf(title, from) : text.lastIndexOf(title, header);
      if (at < from) at = text.indexOf(title, from);
    } else if (key === 'legal') {
      const candidates = [text.indexOf(title + LEGAL_HEADER, from), text.indexOf(title + NO_INFO, from)].filter((i) => i >= 0);
      at = candidates.length > 0 ? Math.min(...candidates) : -1;
    } else {
      at = text.indexOf(title, from);
    }
    if (at < 0) continue;
    found.push({ key, start: at, body: at + title.length });
    from = at + title.length;
  }
  const out: Partial<Record<RawSection, string>> = {};
  found.forEach((f, i) => {
    const end = i + 1 < found.length ? found[i + 1]!.start : text.length;
    out[f.key] = text.slice(f.body, end);
  });
  return out;
}
