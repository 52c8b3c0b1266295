import type { DocumentItem, FeeAsker, FeeSummary, ImplementationLevel, Person, Procedure, SubmissionChannel } from '../../knowledge/index.js';
import { channelCase, documentsForPerson, feesAt, foldSameLength, hasExpiredPeriod, namesDistrictBody, portalUrl, processingTimeFromSteps, processingTimeText, REFORM_ASK_WHERE, whereToGo, COMMUNE_PEOPLES_COMMITTEE } from '../../knowledge/index.js';
import { fold, formatDateVi, formatVnd, truncateWords } from '../text.js';
import { provincialBodyOf, type ProvinceNames } from './province.js';

/**
 * Building blocks that turn one catalogue record into Vietnamese text. Everything a
 * block prints comes from the record (names, counts, fees, durations, links), except
 * the fixed sentences in `BOILERPLATE`, which the grounding check knows about.
 */

export const LEVEL_LABEL: Record<ImplementationLevel, string> = {
  xa: 'cấp xã/phường',
  tinh: 'cấp tỉnh/thành phố',
  bo: 'cấp bộ, ngành trung ương',
  khac: 'cơ quan khác',
};

export const CHANNEL_LABEL: Record<SubmissionChannel['kind'], string> = {
  in_person: 'Trực tiếp',
  online: 'Trực tuyến',
  postal: 'Qua bưu chính',
};

/** National portal's hotline and feedback channel, used in fixed advice sentences. */
export const PORTAL_HOTLINE = '18001096';

/** Fixed sentences the bot may add to any answer; they carry their own legal citation. */
export const BOILERPLATE = {
  certifiedCopy:
    'Về bản sao: anh/chị có thể nộp bản photo kèm bản chính để cán bộ đối chiếu, không cần chứng thực (Nghị định 23/2015/NĐ-CP, Điều 6). Nếu nơi nhận vẫn đòi bản chứng thực, anh/chị phản ánh qua mục Phản ánh, kiến nghị của Cổng Dịch vụ công quốc gia hoặc tổng đài 18001096.',
  predatesReform: `Dữ liệu của thủ tục này còn ghi cơ quan cấp huyện, nay không còn (chính quyền hai cấp từ 01/7/2025); anh/chị hỏi ${REFORM_ASK_WHERE}.`,
} as const;

/** "Thủ tục đăng ký khai sinh" → "Đăng ký khai sinh". */
export function displayName(p: Procedure): string {
  const n = p.name.replace(/^thủ tục\s+/iu, '');
  return n.charAt(0).toLocaleUpperCase('vi') + n.slice(1);
}

/** Document item text without list markers and trailing punctuation. */
export function cleanItemName(name: string): string {
  return name
    .replace(/^[\s\-–+*•]+/u, '')
    .replace(/[\s;:,.]+$/u, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** First clause of a document name, short enough for a phone. A prefix of the record's text. */
export function shortItemName(name: string, max = 70): string {
  const clean = cleanItemName(name);
  const cuts = [clean.indexOf(';'), clean.indexOf(' ('), clean.indexOf(', ')].filter((i) => i >= 8);
  const first = cuts.length ? clean.slice(0, Math.min(...cuts)) : clean;
  return truncateWords(first, max);
}

/**
 * How many of a paper, said beside its shown name: "1 bản chính, 1 bản sao" from the record's columns. Not when the name says
 * it already: a count ("02 ảnh …", "01 bản sao …"), a photo (no original or copy of a photo), or the kind of copy ("Bản sao có
 * chứng thực …" beside a column that says "1 bản chính": one paper, so nothing to add; "2 bản" when more).
 */
export function quantityText(item: DocumentItem, shown = item.name): string {
  const name = shown.trim();
  if (/^(?:\d{1,2}|một|hai|ba|bốn|năm)\s+(?!ngày|tháng|năm\b)\p{L}/iu.test(name) || /^(?:tệp(?:\s+tin)?\s+)?ảnh(?!\p{L})/iu.test(name)) return '';
  if (/^(?:bản sao|bản chính|bản chụp|bản phô\s?tô)(?!\p{L})/iu.test(name)) {
    const n = (item.originals ?? 0) + (item.copies ?? 0);
    return n > 1 ? `${n} bản` : '';
  }
  const parts: string[] = [];
  if (item.originals && item.originals > 0) parts.push(`${item.originals} bản chính`);
  if (item.copies && item.copies > 0) parts.push(`${item.copies} bản sao`);
  return parts.join(', ');
}

/** Folded start of a name: enough for the prefix tests below, cheap on long records. */
function head(name: string): string {
  return fold(name.slice(0, 60));
}

export function isCopyItem(item: DocumentItem): boolean {
  return (item.copies ?? 0) > 0 || head(item.name).startsWith('ban sao');
}

function isNoteLike(item: DocumentItem): boolean {
  const f = head(item.name);
  const counted = (item.originals ?? 0) > 0 || (item.copies ?? 0) > 0 || item.formName !== null || item.required === true;
  if (!counted && (item.originals !== null || item.copies !== null)) return true;
  return /^(luu y|doi voi|nguoi tiep nhan|co quan)/.test(f);
}

function isConditional(item: DocumentItem): boolean {
  return /^(truong hop|neu|doi voi)/.test(head(item.name));
}

/**
 * Titles of the document groups that are cases of the procedure ("Đăng ký thường trú vào
 * chỗ ở hợp pháp do thuê, mượn, ở nhờ"), as opposed to "Giấy tờ phải nộp" style headings.
 */
export function caseTitles(p: Procedure): string[] {
  return p.documentGroups
    .filter((g) => g.items.length > 0 && g.title.trim() !== '')
    .map((g) => g.title.trim())
    .filter((t) => !/^\W*(giay to phai (nop|xuat trinh)|thanh phan ho so|ho so gom|luu y)/.test(head(t)))
    .filter((t, i, all) => all.indexOf(t) === i);
}

const ranked = new WeakMap<Procedure, DocumentItem[]>();

/** Documents a citizen must bring, essential first (forms, required, then conditional). Cached per record. */
export function rankDocuments(p: Procedure): DocumentItem[] {
  const cached = ranked.get(p);
  if (cached) return cached;
  const items = p.documentGroups
    .filter((g) => !/^\W*luu y/.test(head(g.title)))
    .flatMap((g) => g.items)
    .filter((i) => !isNoteLike(i));
  // The declaration form (tờ khai, đơn) is what every case of a procedure needs; other
  // templates often belong to one special case (e.g. residence on a boat).
  const isDeclaration = (i: DocumentItem): boolean => /^(to khai|don)\b/.test(head(i.formName ?? '')) || /^(to khai|don)\b/.test(head(i.name));
  const rank = (i: DocumentItem): number =>
    isDeclaration(i) ? 0 : i.formName ? 1 : i.required === true ? 2 : isConditional(i) ? 4 : 3;
  // Multi-case records repeat the same document in every case: list it once.
  const seen = new Set<string>();
  const out = items
    .map((item, idx) => ({ item, idx, r: rank(item) }))
    .sort((a, b) => a.r - b.r || a.idx - b.idx)
    .map((x) => x.item)
    .filter((i) => {
      const key = head(i.name).slice(0, 60);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  ranked.set(p, out);
  return out;
}

export function documentLine(item: DocumentItem, short: boolean): string {
  const name = short ? shortItemName(item.name) : cleanItemName(item.name);
  const q = quantityText(item);
  let form = '';
  if (item.formName) {
    const fn = fold(item.formName);
    const fi = fold(name);
    const redundant = fi.includes(fn) || fn.startsWith(fi.slice(0, 25));
    if (!(short && redundant)) form = ` (mẫu: “${short ? truncateWords(item.formName, 60) : item.formName}”)`;
  }
  return `- “${name}”${q ? ` — ${q}` : ''}${form}`;
}

export function feeText(fee: SubmissionChannel['fees'][number]): string {
  if (fee.free) return fee.description || 'Miễn phí';
  if (fee.amountVnd !== null) {
    const amount = formatVnd(fee.amountVnd);
    return fee.description && !fold(fee.description).includes(fold(amount).split(' ')[0]!) ? `${amount} (${fee.description})` : fee.description || amount;
  }
  return fee.description || 'Chưa có thông tin';
}

/** One line per distinct value, merging channels that share it. */
function mergeByChannel(entries: Array<{ kind: SubmissionChannel['kind']; text: string; case?: string }>): string {
  // One channel published twice (one row per case or agency): its times said once, as alternatives.
  const byKind = new Map<SubmissionChannel['kind'], Array<{ text: string; case?: string }>>();
  for (const e of entries) {
    const texts = byKind.get(e.kind) ?? [];
    if (!texts.some((t) => t.text === e.text)) texts.push({ text: e.text, case: e.case });
    byKind.set(e.kind, texts);
  }
  const groups = new Map<string, string[]>();
  for (const [kind, rows] of byKind) {
    // Each time with the case its row names ("1 giờ (cấp mới biển số xe)"), the row naming none as "trường hợp khác".
    const named = rows.length > 1 && rows.filter((r) => !r.case).length <= 1 && new Set(rows.map((r) => r.case)).size === rows.length;
    const texts = rows.map((r) => (named ? `${r.text} (${r.case ? truncateWords(r.case, 60) : 'trường hợp khác'})` : r.text));
    const text = texts.length > 1 ? (named ? texts.join('; ') : `${texts.join(' hoặc ')} tùy trường hợp`) : texts[0]!;
    const list = groups.get(text) ?? [];
    list.push(CHANNEL_LABEL[kind]);
    groups.set(text, list);
  }
  if (groups.size === 1) return [...groups.keys()][0]!;
  return [...groups.entries()].map(([text, labels]) => `${labels.join(', ').toLocaleLowerCase('vi')}: ${text}`).join('; ');
}

/**
 * Who is asking and when, for the facts that depend on it: the day fee rules are
 * evaluated on (from the turn's injectable clock), the person the forms are chosen for,
 * and the case (reissue, change) the fee is for.
 */
export interface AnswerContext {
  now?: Date;
  person?: Person;
  asker?: FeeAsker;
  /** The citizen's words, to pick the case of a multi-case record. */
  question?: string;
  /** The provinces the citizen may name (from the administrative-unit data); without them no province is named. */
  provinces?: ProvinceNames;
}

/** The day facts are evaluated on: the turn's clock; the process clock only for callers without a turn. */
export function answerDay(ctx: AnswerContext = {}): Date {
  return ctx.now ?? new Date();
}

/** Fees of the record on the context's day, for the typical asker. */
export function feeSummary(p: Procedure, ctx: AnswerContext = {}): FeeSummary {
  return feesAt(p, answerDay(ctx), ctx.asker);
}

/**
 * The fee for the typical case, one line, merged across channels that share it. Falls
 * back to the first published fee's text when the record has no structured rule.
 */
export function currentFeeLine(p: Procedure, ctx: AnswerContext = {}): { text: string; more: boolean } | undefined {
  const byCase = feeByCaseRow(p);
  if (byCase) return { text: byCase, more: false };
  const s = feeSummary(p, ctx);
  const entries = s.typical.filter((t) => t.text).map((t) => ({ kind: t.channel, text: t.text! }));
  if (!entries.length) {
    const old = shortFeeLine(p);
    if (!old) return noFeePublished(p) ? { text: NO_FEE_PUBLISHED, more: false } : undefined;
    // A published text whose period has ended is not today's fee.
    const stale = p.channels.some((c) => c.fees.some((f) => hasExpiredPeriod(f.description, answerDay(ctx))));
    if (stale) return { text: FEE_PERIOD_ENDED, more: true };
    // "Các trường hợp được miễn, giảm nộp phí: - Miễn phí đối với …": only who pays less, no amount for anyone else.
    if (/^(?:các\s+)?(?:trường hợp|đối tượng)\s+(?:được\s+)?miễn/iu.test(old.trim())) return { text: ONLY_EXEMPTIONS, more: true };
    return { text: compactFee(old), more: hasMoreFees(p) || compactFee(old) !== old };
  }
  const unstructured = p.channels.some((c) => c.fees.length > 0) && entries.length < p.channels.filter((c) => c.fees.length > 0).length;
  const text = compactFee(mergeByChannel(entries));
  // "Miễn phí" in the fee table while a step has the citizen pay a named fee ("Cá nhân … nộp phí cấp bản sao và nhận kết quả"): both said.
  const charged = /^miễn phí(?:\s*\(theo quy định[^()]*\))?\.?$/iu.test(text.trim()) ? feeInSteps(p) : undefined;
  if (charged) return { text: `Cổng Dịch vụ công ghi miễn phí, nhưng trình tự thực hiện có bước nộp ${charged} (không ghi mức thu); anh/chị hỏi nơi nộp hồ sơ về mức phí`, more: true };
  // A birth or death registered late: the law exempts only registration on time, which a bare "Miễn phí" leaves out.
  if (lateCivilRegistration(p, ctx.question ?? '') && /^miễn phí$/iu.test(text.trim())) return { text: LATE_REGISTRATION_FEE, more: true };
  return { text, more: s.other.length + s.upcoming.length + s.expired.length > 0 || unstructured };
}

/**
 * Said when the record publishes no fee on any channel (the portal's "Phí, lệ phí: Không có
 * thông tin" or an empty table): a citizen asking "có mất phí không" gets an answer, with
 * what it rests on. A fee is collected only when a fee act sets it, so none published is
 * said as none to pay, as published.
 */
/** Said when the record's fee text lists only who is exempt or pays less, no amount. */
export const ONLY_EXEMPTIONS = 'Cổng Dịch vụ công không ghi mức thu, chỉ ghi các trường hợp được miễn, giảm; anh/chị hỏi nơi nộp hồ sơ về mức phí';

export const NO_FEE_PUBLISHED = 'không mất phí theo thông tin đã công bố (Cổng Dịch vụ công không ghi khoản phí, lệ phí nào cho thủ tục này)';

/**
 * No fee on any channel, and no step, channel note or condition that speaks of paying one
 * ("thu lệ phí theo quy định", "Phí, lệ phí:", "nộp phí"): nothing suggests a charge.
 */
export function noFeePublished(p: Procedure): boolean {
  if (p.detailLevel === 'index' || p.channels.length === 0) return false;
  if (p.channels.some((c) => c.fees.length > 0)) return false;
  const text = [...p.steps, ...p.channels.map((c) => c.description ?? ''), p.conditions ?? ''].join(' ');
  return !/(?<!\p{L})lệ phí(?!\p{L})|(?<!\p{L})(?:nộp|thu|đóng|mức|miễn|giảm)\s+phí(?!\p{L})|(?<!\p{L})phí,/iu.test(text);
}

/**
 * One channel published once per case, each row with its own amount ("+ Đối với công trình: Không
 * quá 15 ngày …" 100.000 đồng, "Đối với nhà ở riêng lẻ tại đô thị: …" 50.000 đồng): each amount
 * with the case its row names, as the time line says them. Only plain amounts with no period
 * of their own; undefined otherwise (the structured rules speak).
 */
function feeByCaseRow(p: Procedure): string | undefined {
  const rows = p.channels.filter((c) => c.fees.length > 0);
  const kinds = new Set(rows.map((c) => c.kind));
  if (rows.length < 2 || kinds.size === rows.length) return undefined;
  const plain = rows.every((c) => c.fees.length === 1 && !c.fees[0]!.free && c.fees[0]!.amountVnd !== null && !/\d{1,2}\/\d{1,2}\/\d{4}|đến hết|kể từ ngày/iu.test(c.fees[0]!.description));
  if (!plain) return undefined;
  const entries = rows.map((c) => ({ kind: c.kind, text: formatVnd(c.fees[0]!.amountVnd!), case: channelCase(c.description) }));
  for (const k of kinds) {
    const own = entries.filter((e) => e.kind === k);
    // Every row of a channel names its case, and the cases differ in amount: otherwise nothing to tell apart.
    if (own.some((e) => !e.case) || new Set(own.map((e) => e.text)).size < 2) return undefined;
  }
  return mergeByChannel(entries);
}

/**
 * A named fee the steps have the applicant pay ("nộp phí cấp bản sao", "gửi thông báo nộp phí
 * thẩm định cho tổ chức, cá nhân"), as the steps word it ("phí cấp bản sao"); none when it is
 * only due in some cases ("nộp lệ phí nếu thuộc trường hợp phải nộp", "… nếu có yêu cầu").
 */
export function feeInSteps(p: Procedure): string | undefined {
  for (const step of p.steps) {
    const m = /(?<!phải\s)(?<!nếu\s)(?:nộp|đóng)\s+((?:phí|lệ phí)\s+(?:cấp|thẩm định|đăng ký)(?:\s[^.;,()]{2,40}?)??)(?=\s+(?:cho|và|tại|trực tuyến|theo|thông qua)(?!\p{L})|[.;,()]|$)(?![^.;]{0,60}(?:\(nếu có\)|nếu thuộc|nếu có yêu cầu))/iu.exec(step);
    if (m) return m[1]!.trim();
  }
  return undefined;
}

/**
 * A fee line for a phone: "miễn phí (theo quy định của Luật phí và lệ phí và các văn bản …)"
 * without the parenthesis that only cites the law; a text that only names the act setting the
 * amounts ("Thông tư số 60/2023/TT-BTC ngày 07/9/2023 của Bộ Tài chính quy định mức thu …")
 * said as "theo mức thu tại Thông tư số 60/2023/TT-BTC", the amounts one tap away.
 */
export function compactFee(text: string): string {
  let t = text.replace(/\s*\((?:theo quy định của|căn cứ)\s+(?:Luật|Nghị định|Thông tư)[^()]*\)/giu, '');
  t = t.replace(
    /(^|:\s)(?:thực hiện theo\s+|theo quy định (?:tại|của)\s+|theo\s+|căn cứ\s+)?((?:Thông tư|Nghị định|Nghị quyết|Quyết định)\s+(?:số\s+)?\d+\/\d{4}\/[\p{L}\d-]+)(?![^;]*\d[\d.]*\s*(?:đồng|VNĐ|vnđ))[^;]*/giu,
    (_, lead: string, act: string) => `${lead}theo mức thu tại ${act}`,
  );
  return t;
}

/**
 * Said for a late birth or death registration whose record only says "Miễn phí": Luật Hộ tịch
 * (Điều 11 khoản 1) exempts registering a birth or a death on time, not late, and the fee of a
 * late one is set by the province.
 */
export const LATE_REGISTRATION_FEE = 'miễn phí khi đăng ký đúng hạn; đăng ký quá hạn có thể phải nộp lệ phí theo mức Hội đồng nhân dân tỉnh quyết định, anh/chị hỏi bộ phận một cửa';

/** "Con tôi 3 tuổi chưa làm giấy khai sinh", "khai tử muộn": a birth or death registration asked about as late. */
export function lateCivilRegistration(p: Procedure, question: string): boolean {
  if (!/^(thủ tục\s+)?đăng ký (khai sinh|khai tử)$/iu.test(p.name.trim())) return false;
  const q = ` ${fold(question)} `;
  return /\b(muon|qua han|tre han|de lau|bay gio moi|gio moi|lau roi)\b/.test(q) || /\b(\d{1,2}|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi) (tuoi|nam)\b/.test(q) || /\bchua (lam|dang ky|co) (giay )?(khai sinh|khai tu)\b/.test(q);
}

/** Said when the only fee text in the record is for a period that has ended. */
export const FEE_PERIOD_ENDED = 'dữ liệu chỉ ghi mức thu của một thời hạn đã kết thúc; anh/chị hỏi bộ phận một cửa về mức thu hiện hành';

/** Documents for the person asking, essential first, each with the form variant meant for them. */
export function documentsFor(p: Procedure, person: Person = {}): DocumentItem[] {
  // Filter before ranking: ranking lists near-identical lines once, and the variant for
  // another person must not be the one kept.
  const fitting = new Map(documentsForPerson(p.documentGroups, person, p.name).map((d) => [d.item, d.formName]));
  const groups = p.documentGroups.map((g) => ({ ...g, items: g.items.filter((i) => fitting.has(i)) }));
  return rankDocuments({ ...p, documentGroups: groups }).map((i) => (fitting.get(i) === i.formName ? i : { ...i, formName: fitting.get(i) ?? null }));
}

/** Main fee per channel (the first one published), merged. Undefined when the record has none. */
export function shortFeeLine(p: Procedure): string | undefined {
  const entries = p.channels
    .filter((c) => c.fees.length > 0)
    .map((c) => {
      const fee = c.fees[0]!;
      return { kind: c.kind, text: !fee.free && fee.amountVnd !== null ? formatVnd(fee.amountVnd) : truncateWords(cleanItemName(feeText(fee)), 140) };
    });
  return entries.length ? mergeByChannel(entries) : undefined;
}

export function hasMoreFees(p: Procedure): boolean {
  return p.channels.some((c) => c.fees.length > 1);
}

export function timeLine(p: Procedure): string | undefined {
  const entries = p.channels
    .filter((c) => c.processingTime)
    .map((c) => ({ kind: c.kind, text: plainCount(withUnitFromSteps(p, c.processingTime!, processingTimeText(c.processingTime!, c.description))), case: channelCase(c.description) }));
  if (entries.length) return mergeByChannel(entries);
  const fromSteps = processingTimeFromSteps(p.steps);
  return fromSteps ? `${plainCount(fromSteps)} (theo trình tự thực hiện)` : undefined;
}

/**
 * A bare number of the time field ("1", unit OTHER) whose steps give the same count with its unit
 * ("Trong thời hạn 01 ngày làm việc kể từ ngày nhận được hồ sơ …"): the steps' unit, said as theirs.
 * Only a time clause of the steps counts, and only the very number.
 */
const NO_UNIT = ' (Cổng Dịch vụ công không ghi đơn vị thời gian)';

function withUnitFromSteps(p: Procedure, d: { value: number; unit: string }, text: string): string {
  if (d.unit !== 'khac' || !text.endsWith(NO_UNIT)) return text;
  for (const s of p.steps) {
    const m = new RegExp(`(?:trong thoi han|trong vong|khong qua)\\s+0*${d.value}\\s+(ngay lam viec|ngay|gio)\\b`).exec(foldSameLength(s));
    if (m) return `${d.value} ${s.slice(m.index + m[0].length - m[1]!.length, m.index + m[0].length).toLocaleLowerCase('vi')} (theo trình tự thực hiện)`;
  }
  return text;
}

/** "03 ngày làm việc" → "3 ngày làm việc": a count as people say it (the same number as the record's). */
export function plainCount(text: string): string {
  return text.replace(/(?<![\d.,])0+(\d+)(?=\s*(?:\([^)]{0,20}\)\s*)?(?:ngày|giờ|tháng|tuần|năm|phút))/gu, '$1');
}

/**
 * An agency's name as Vietnamese writes it: the administrative level after "cấp" is a
 * common noun, in lower case ("Công an cấp Xã" as published → "Công an cấp xã",
 * "Bảo hiểm xã hội cấp Tỉnh" → "Bảo hiểm xã hội cấp tỉnh"). "cấp Trung ương" keeps its
 * capital, and nothing else in the name changes. Applied wherever an answer names a body.
 */
export function agencyName(name: string): string {
  return name.replace(
    /(?<!\p{L})(cấp|Cấp)(\s+)(Xã|Phường|Thị trấn|Huyện|Quận|Thị xã|Tỉnh|Thành phố)(?!\p{L})/gu,
    (_, cap: string, space: string, level: string, offset: number) => `${offset === 0 ? cap : 'cấp'}${space}${level.toLocaleLowerCase('vi')}`,
  );
}

/**
 * Where to go today: the bodies after the 2025 reform (`whereToGo`), the level in today's
 * terms when the body's name does not say it; a record that still names an abolished
 * district body says so and where to ask.
 */
export function whereLine(p: Procedure, opts: { noEmployer?: boolean; province?: string; armedForces?: boolean } = {}): string {
  const w = whereToGo(p);
  // The province the citizen names: its own department, land office or tax office, by name. A province's own record only for that province.
  const province = opts.province && (p.scope !== 'provincial' || !p.province || sameProvince(p.province, opts.province)) ? opts.province : undefined;
  // Not a tax office: the taxpayer's own office (Thuế cơ sở) is said first, and the provincial one's name adds nothing to it.
  const bodies = nearestFirst(currentBodies(p, w.bodies, opts.armedForces)).map((b) => (province && !TAX_OFFICE.test(b.trim()) ? provincialBodyOf(agencyName(b), province) : b));
  const agencies = collapseBranches(bodies.map(agencyName)).join(', ');
  // "nộp hồ sơ đến Bộ phận Một cửa" names no office; the record's address naming its public service centre does.
  const stepPlace = w.predatesReform ? undefined : submissionPlace(p, agencies);
  const place = w.predatesReform ? undefined : stepPlace && !/^bộ phận (?:một cửa|tiếp nhận và trả kết quả)$/iu.test(stepPlace) ? stepPlace : (addressPlace(p, agencies) ?? stepPlace ?? oneStopPlace(p));
  const named = fold(agencies);
  // "Bảo hiểm xã hội cấp tỉnh", "Sở Tư pháp", "Chi cục Hải quan khu vực": the name says the level.
  // So do "Tòa án nhân dân tỉnh, thành phố trực thuộc trung ương" and "Tòa án nhân dân tối cao": the portal's "Cấp xã" beside them named no court.
  const selfLevelled = bodies.length > 0 && bodies.every((b) => /\bcap (xa|tinh|trung uong|bo)\b|\bkhu vuc\b|\btoi cao\b|\btruc thuoc trung uong$/.test(fold(agencyName(b)).trim()));
  const levels = p.levels
    .filter(() => !selfLevelled)
    .filter((l) => !(l === 'bo' && p.levels.some((x) => x === 'xa' || x === 'tinh')))
    .filter((l) => !(l === 'xa' && /phuong|dac khu|\bcap xa\b/.test(named)) && !(l === 'tinh' && /\btinh\b|thanh pho/.test(named)))
    // "Cơ quan khác" adds nothing after the bodies themselves.
    .filter((l) => !(l === 'khac' && bodies.length > 0))
    .map((l) => LEVEL_LABEL[l])
    .join(' hoặc ');
  // An identity card at the province: the police department that keeps the card register, in any province when the record says so.
  if (!w.predatesReform && !p.levels.includes('xa') && p.steps.some((s) => PROVINCIAL_ID_OFFICE.test(s))) {
    const anywhere = p.steps.some((s) => /không phụ thuộc (?:vào )?nơi cư trú/iu.test(s));
    return `${ID_CARD_POLICE}, ${province ? `Công an ${province}` : 'Công an cấp tỉnh'} (cơ quan quản lý căn cước cấp tỉnh)${anywhere ? `, ${ID_CARD_ANYWHERE}` : ''}`;
  }
  const employer = throughEmployer(p);
  // A consulate's procedure: the mission as people know it, with the district it serves when the steps say it.
  if (bodies.length > 0 && bodies.every((b) => b === CONSULAR_MISSION)) {
    const served = p.steps.map((s) => CONSULAR_SERVED.exec(s)?.[1]?.trim()).find((x) => x !== undefined && x.length <= 110);
    return served ? `${CONSULAR_MISSION} ${served}` : CONSULAR_MISSION;
  }
  if (employer && !w.predatesReform && !opts.noEmployer) return `${EMPLOYER_PLACE}; nếu đã nghỉ việc hoặc không còn đơn vị: ${agencies || 'cơ quan bảo hiểm xã hội'}`;
  if (employer && !w.predatesReform) return agencies || 'cơ quan bảo hiểm xã hội';
  // "… gửi qua đường bưu điện đến Chủ tịch Ủy ban nhân dân cấp xã": the committee the record names, the file addressed to its chairman.
  const chairman = place && /^chủ tịch\s+/iu.test(place) ? place.replace(/^chủ tịch\s+/iu, '') : undefined;
  if (chairman && agencies && fold(agencies).includes(fold(chairman.replace(/^UBND\b/u, 'Ủy ban nhân dân')))) return `${agencies} (hồ sơ gửi ${place})`;
  // "Đương sự có văn bản gửi Thủ trưởng cơ quan Thi hành án dân sự đang thụ lý vụ việc": the office, the letter addressed to its head.
  const head = place ? undefined : p.steps.map((s) => ADDRESSED_TO_HEAD.exec(s)?.[1]?.trim()).find((x) => x !== undefined);
  if (head && agencies && !w.predatesReform) return `${agencies} (đơn gửi ${head})`;
  if (place) {
    // "Trung tâm Phục vụ hành chính công" says no level: the record's levels say which.
    const ownLevels = p.levels.filter((l) => l === 'xa' || l === 'tinh').map((l) => LEVEL_LABEL[l]).join(' hoặc ');
    // A named office ("Chi cục Hải quan quản lý DNCX") has its level already; the portal's "Cấp xã" on customs would mislead.
    // "… nơi có bất động sản" says which one already.
    const [first, ...more] = place.split(' hoặc ');
    const firstWhere = /\b(cap|xa|phuong|tinh|thanh pho|khu vuc|trung uong|noi co)\b/.test(fold(first!)) || !ownLevels || /^(chi cuc|cuc)\b/.test(fold(first!)) ? first! : `${first} ${ownLevels}`;
    const where = [firstWhere, ...more].join(' hoặc ');
    // "Phòng Cảnh sát … , Công an cấp tỉnh" already names the office that decides; so does a list of the offices to choose from.
    const deciding = taxOffices(bodies)?.join(' hoặc ') ?? agencies;
    const listed = more.length > 0 && w.bodies.every((b) => fold(where).includes(fold(agencyName(b))));
    // "Phòng Xuất nhập cảnh" beside "Phòng Quản lý xuất nhập cảnh, …": every word of it said already.
    const whereWords = new Set(fold(where).split(/[^a-z0-9]+/));
    const saidAlready = fold(agencies).split(/[^a-z0-9]+/).filter(Boolean).every((t) => whereWords.has(t));
    return agencies && !listed && !saidAlready ? `${where} (cơ quan giải quyết: ${deciding})` : where;
  }
  // Tax offices only ("Thuế tỉnh, thành phố", "Thuế cơ sở"): a taxpayer files with the tax office that manages them (Luật Quản lý thuế), said so, the local office first.
  const tax = w.predatesReform ? undefined : taxOffices(bodies);
  if (tax) return `Cơ quan thuế quản lý trực tiếp: ${tax.join(' hoặc ')}`;
  const parts = [agencies || (w.predatesReform ? '' : 'cơ quan có thẩm quyền'), levels ? `(${levels})` : ''].filter(Boolean);
  if (w.predatesReform) {
    return `${parts.join(' ')}${parts.length ? '. ' : ''}${BOILERPLATE.predatesReform}`;
  }
  return parts.join(' ');
}

/** "cơ quan quản lý căn cước của Công an cấp tỉnh": the steps of an identity-card procedure done at the province. */
const PROVINCIAL_ID_OFFICE = /cơ quan qu[aả]n lý căn cước (?:của )?Công an cấp tỉnh/iu;
/** The unit of a province's police that issues identity cards (Luật Căn cước 2023, Thông tư 17/2024/TT-BCA). */
const ID_CARD_POLICE = 'Phòng Cảnh sát quản lý hành chính về trật tự xã hội';
/** "… trong cả nước không phụ thuộc vào nơi cư trú thực hiện theo thông báo của Bộ Công an": said as a rollout. */
const ID_CARD_ANYWHERE = 'không phụ thuộc nơi cư trú (theo lộ trình Bộ Công an thông báo)';

/** "TP Hà Nội", "Thành phố Hà Nội", "tỉnh Cà Mau", "Cà Mau": one province. */
const provinceWords = (name: string): string => fold(name).replace(/[^a-z0-9 ]+/g, ' ').replace(/^\s*(?:thanh pho|tp|tinh)\s+/, '').trim();
function sameProvince(a: string, b: string): boolean {
  return provinceWords(a) === provinceWords(b);
}

/** Today's tax offices (since 2025: "Thuế tỉnh, thành phố …", "Thuế cơ sở …"). */
const TAX_OFFICE = /^Thuế (?:tỉnh|thành phố|cơ sở)(?!\p{L})/iu;

/** The national tax department ("Cục Thuế - Bộ Tài chính"): it manages the largest taxpayers directly, not a household or a person. */
const CENTRAL_TAX = /^Cục Thuế(?:\s*[-–,]\s*Bộ Tài chính)?$/iu;

/**
 * The bodies when all are tax offices, the local one ("Thuế cơ sở") first; undefined otherwise.
 * The national department listed beside them is left out: a taxpayer files with the office that
 * manages them, and for a person or a household that is a provincial or local one.
 */
function taxOffices(bodies: readonly string[]): string[] | undefined {
  const local = bodies.filter((b) => !CENTRAL_TAX.test(b.trim()));
  if (!local.length || !local.every((b) => TAX_OFFICE.test(b.trim()))) return undefined;
  const provincial = (b: string) => Number(/^thuế (?:tỉnh|thành phố)/iu.test(b.trim()));
  return [...local].sort((a, b) => provincial(a) - provincial(b));
}

/**
 * "nộp hồ sơ khai lệ phí trước bạ tại cơ quan tiếp nhận hồ sơ theo cơ chế một cửa liên thông nơi có
 * bất động sản": a file handed in with another one (the land registration) at the one-stop desk
 * that takes both, as the step names it.
 */
function oneStopPlace(p: Procedure): string | undefined {
  for (const step of p.steps) {
    const m = /nộp (?:bộ |toàn bộ )?hồ sơ[^.;:]{0,80}?\stại\s+(cơ quan tiếp nhận hồ sơ theo cơ chế một cửa liên thông(?:\s+nơi\s+[^.;:,()]{3,40})?)/iu.exec(step);
    if (m) return m[1]!.charAt(0).toLocaleUpperCase('vi') + m[1]!.slice(1).trim();
  }
  return undefined;
}

/**
 * A province's land office and its twenty-odd branches, each named with its old district and
 * the province ("Chi nhánh Văn phòng đăng ký đất đai An Nhơn - tỉnh Gia Lai", …), or the five
 * regional plant-quarantine offices: one family said once ("các Chi nhánh Văn phòng đăng ký đất
 * đai tỉnh Gia Lai"), so the place fits on a phone. A family is three or more bodies sharing
 * their first four words or more; the province said after " - " joins the name.
 */
const BODY_HEAD = /^(?:chi nhanh|chi cuc|van phong|cang vu|phong|trung tam|cuc|doi|tram|ban|bo phan|so|uy ban|cong an)\b/;

export function collapseBranches(names: readonly string[]): string[] {
  const provinceOf = (n: string) => /\s+-\s+((?:tỉnh|thành phố)\s+[^,;()]+)$/u.exec(n)?.[1];
  const stemOf = (n: string) => n.replace(/\s+-\s+(?:tỉnh|thành phố)\s+[^,;()]+$/u, '').trim();
  const words = (n: string) => stemOf(n).split(/\s+/u);
  const key = (ws: string[], k: number) => fold(ws.slice(0, k).join(' '));
  // The family with the most members ("Chi nhánh Văn phòng đăng ký đất đai …", not the three whose place begins "An …").
  let best: { k: number; prefix: string; count: number } | undefined;
  for (const n of names) {
    const ws = words(n);
    for (let k = ws.length - 1; k >= 4; k--) {
      const p = key(ws, k);
      const count = names.filter((m) => words(m).length > k && key(words(m), k) === p).length;
      if (count >= 3 && BODY_HEAD.test(p) && (!best || count > best.count || (count === best.count && k > best.k))) best = { k, prefix: p, count };
    }
  }
  const provinces = new Set(names.map(provinceOf).filter((x): x is string => x !== undefined));
  const province = provinces.size === 1 ? [...provinces][0]! : undefined;
  // "Văn phòng Đăng ký đất đai tỉnh - tỉnh Gia Lai" → "Văn phòng Đăng ký đất đai tỉnh Gia Lai".
  const own = (n: string) => {
    const p = provinceOf(n);
    if (!p) return n;
    const stem = stemOf(n);
    return fold(stem).endsWith(` ${fold(p.split(/\s+/u)[0]!)}`) ? `${stem}${p.slice(p.indexOf(' '))}` : `${stem} ${p}`;
  };
  if (!best) return names.map(own);
  const out: string[] = [];
  let said = false;
  for (const n of names) {
    const ws = words(n);
    if (ws.length > best.k && key(ws, best.k) === best.prefix) {
      if (!said) out.push(`các ${ws.slice(0, best.k).join(' ')}${province ? ` ${province}` : ''}`);
      said = true;
    } else out.push(own(n));
  }
  return out;
}

/**
 * The bodies nearest the citizen first: the commune's, then others, then central ones ("Cục
 * Cảnh sát giao thông, Công an tỉnh, Công an cấp xã" → "Công an cấp xã, Công an tỉnh, Cục …").
 * After the 2025 reform most of what a citizen files goes to the commune; a central department
 * handles few people's files, so it comes last. The record's order is kept within a level.
 */
export function nearestFirst(bodies: readonly string[]): string[] {
  const rank = (b: string): number => {
    const f = fold(agencyName(b));
    if (/\b(cap xa|xa|phuong|dac khu)\b/.test(f) && !/\bcap (tinh|huyen)\b/.test(f)) return 0;
    // "… tỉnh, thành phố trực thuộc trung ương" is a province's; "tối cao" is central.
    if (/^(cuc|bo|tong cuc)\b|\btoi cao\b|(?<!truc thuoc )\btrung uong\b/.test(f)) return 2;
    return 1;
  };
  return bodies.map((b, i) => ({ b, i, r: rank(b) })).sort((x, y) => x.r - y.r || x.i - y.i).map((x) => x.b);
}

/**
 * The records name a Vietnamese mission abroad several ways ("Cơ quan đại diện ngoại giao", "Cơ quan
 * đại diện có thẩm quyền", "Cơ quan lãnh sự"); a citizen abroad knows it as the embassy or consulate.
 * "Cơ quan đại diện chủ sở hữu" (a state owner's representative) is no mission.
 */
const CONSULAR_BODY = /^\s*(?:cơ quan đại diện(?: ngoại giao| có thẩm quyền| Việt Nam ở nước ngoài| Việt Nam tại nước ngoài)?|cơ quan lãnh sự)(?=\s|$)(?!\s+chủ sở hữu)/iu;
const CONSULAR_MISSION = 'Cơ quan đại diện Việt Nam ở nước ngoài (Đại sứ quán, Tổng lãnh sự quán)';
/** "nộp tại Cơ quan đại diện Việt Nam ở nước ngoài phụ trách khu vực lãnh sự nơi …": which mission, the whole clause or nothing. */
const CONSULAR_SERVED = /(?:nộp|gửi)(?:[^.;:]{0,80}?)\s(?:tại|cho|đến)\s+Cơ quan đại diện(?: Việt Nam)?(?: ở nước ngoài)?\s+((?:phụ trách|nơi)\s[^.;:()]{3,})/u;

/** Business registration after the 2025 reform: an office of the provincial Department of Finance (Nghị định 168/2025/NĐ-CP). */
const BUSINESS_REGISTRATION_OFFICE = 'Phòng Đăng ký kinh doanh thuộc Sở Tài chính cấp tỉnh';

/**
 * The bodies as a citizen finds them today, in our wording: the Department of Finance of a
 * business registration is its business registration office; a record naming no body whose
 * competent authority is the commune's chairman goes to the commune People's Committee (the
 * district committee its steps may still name was abolished on 1 July 2025).
 */
function currentBodies(p: Procedure, bodies0: readonly string[], armedForces = false): string[] {
  const business = /doanh nghiep/.test(fold(`${p.name} ${p.fields.join(' ')}`));
  // A national procedure published with one province's office ("Sở Xây dựng - TP.HCM", "Sở Văn hóa và Thể thao Thành phố Hà
  // Nội"): every province has that office; the citizen's own is named when they name their province.
  const named = p.scope === 'provincial' ? bodies0 : bodies0.map((b) => b.replace(ONE_PROVINCE_TAIL, '').trim() || b);
  // "Phòng thi hành án cấp quân khu" beside "Thi hành án dân sự tỉnh, thành phố": the army's office serves the army's cases,
  // not a civilian's, unless the citizen speaks of the army. Kept when it is the only body.
  const civil = named.filter((b) => !MILITARY_BODY.test(b));
  const bodies = (armedForces || civil.length === 0 ? named : civil).map((b) => currentBodyName(b));
  const out = bodies.map((b) => (business && /^sở tài chính\b/iu.test(b.trim()) ? BUSINESS_REGISTRATION_OFFICE : CONSULAR_BODY.test(b) ? CONSULAR_MISSION : b));
  if (!out.length && p.competentAuthority && /^(?:chủ tịch\s+)?(?:ủy|uỷ) ban nhân dân\s+(?:cấp\s+)?(?:xã|phường)(?!\p{L})/iu.test(p.competentAuthority.trim())) out.push(COMMUNE_PEOPLES_COMMITTEE);
  // "Sở Nông nghiệp và Môi trường Thành phố Hải Phòng" beside "Sở Nông nghiệp và Môi trường": one province's office of the same body, no place of its own.
  // "Các cơ quan, tổ chức liên quan" names no body: the one the steps send the file to ("… lập 01 bộ hồ sơ gửi tổ chức quản lý,
  // kinh doanh nhà địa phương").
  if (out.length > 0 && out.every((b) => GENERIC_BODY.test(b.trim()))) {
    const sent = p.steps.map((s) => STEP_RECIPIENT.exec(s)?.[1]?.trim()).find((x) => x !== undefined && !GENERIC_BODY.test(x));
    if (sent) return [sent.charAt(0).toLocaleUpperCase('vi') + sent.slice(1)];
  }
  const unique = [...new Set(out)];
  return unique.filter((b) => !unique.some((c) => c !== b && b.startsWith(`${c} `) && /^(?:tỉnh|thành phố|tp\.?)\s/iu.test(b.slice(c.length + 1))));
}

/** "… có văn bản gửi Thủ trưởng cơ quan Thi hành án dân sự đang thụ lý vụ việc, trong đó …": the head of the office a citizen writes to. */
const ADDRESSED_TO_HEAD = /(?:có|gửi|nộp)\s+(?:văn bản|đơn)(?:\s+(?:yêu cầu|đề nghị|khiếu nại)[^.;:,]{0,40}?)?\s+(?:gửi\s+)?(?:đến\s+|tới\s+|cho\s+)?(Thủ trưởng cơ quan\s[^.;:,()]{5,80})/u;

/** A name that says no body: "Các cơ quan, tổ chức liên quan". */
const GENERIC_BODY = /^(?:các\s+)?cơ quan,?\s+(?:tổ chức|đơn vị)\s+(?:có\s+)?liên quan$/iu;

/** "Người … lập 01 bộ hồ sơ gửi tổ chức quản lý, kinh doanh nhà địa phương": the body an applicant's file is sent to. */
const STEP_RECIPIENT = /(?:người|cá nhân|tổ chức|hộ gia đình)[^.;:]{0,80}?\s(?:lập|nộp|gửi)\s+(?:0?1\s+)?(?:bộ\s+)?(?:hồ sơ|đơn)\s+(?:gửi|đến|tới|tại)\s+((?:tổ chức|cơ quan|đơn vị|ủy ban|Ủy ban|Sở|Phòng|Trung tâm|Ban)\s[^.;:()]{3,80})/iu;

/** A body of the armed forces: "Phòng thi hành án cấp quân khu", "Bộ Quốc phòng", "Bộ Tư lệnh …". */
const MILITARY_BODY = /(?<!\p{L})(?:quân khu|quốc phòng|quân đội|quân sự|bộ tư lệnh|bộ đội)(?!\p{L})/iu;

/** Words of a citizen about the armed forces: then the army's own office is theirs too. */
export const ARMED_FORCES_WORDS = /\b(?:quan doi|quan nhan|bo doi|quan khu|quan su|quoc phong|si quan|chien si|nghia vu quan su)\b/;

/**
 * A body by its name today, in our words (the record keeps its own): the State Bank's provincial branches became fifteen
 * regional branches on 1 March 2025 ("Ngân hàng Nhà nước Chi nhánh tỉnh, thành phố trực thuộc Trung ương" → "Ngân hàng Nhà
 * nước Khu vực", the name other records of the catalogue already use).
 */
export function currentBodyName(body: string): string {
  return /^ngân hàng nhà nước chi nhánh\s+(?:tỉnh|thành phố|tp\.?)(?!\p{L})/iu.test(body.trim()) ? 'Ngân hàng Nhà nước Khu vực (chi nhánh phụ trách nơi anh/chị cư trú)' : body;
}

/** " - TP.HCM", " Thành phố Hà Nội", " chi nhánh thành phố Hồ Chí Minh"'s tail, " tỉnh Gia Lai": one province named at the end of a body's name. */
const ONE_PROVINCE_TAIL = /(?:\s+-)?\s+(?:[Tt]hành phố|TP\.?|[Tt]ỉnh)\s*(?:HCM|\p{Lu}[\p{Ll}\p{M}]*(?:\s+\p{Lu}[\p{Ll}\p{M}]*){0,3})$|\s+-\s+TP\.?\s*HCM$/u;

/**
 * Words of a claimant with no employer to go through: a pensioner or someone on a monthly allowance
 * (their survivors too), someone who has left work or reserved their contribution time.
 */
export const NO_EMPLOYER = /\b(?:luong huu|nghi huu|ve huu|dang huong (?:luong huu|tro cap)|tro cap bhxh hang thang|tro cap hang thang|da nghi viec|nghi viec roi|bao luu)\b/;

/** Where an employee hands in a social-insurance claim: the employer, which files it with the insurer. */
const EMPLOYER_PLACE = 'Đơn vị sử dụng lao động (công ty, cơ quan nơi anh/chị đang làm việc)';

/** "NLĐ đang tham gia BHXH bắt buộc lập hồ sơ … nộp cho đơn vị SDLĐ": the steps send the employee to the employer. */
function throughEmployer(p: Procedure): boolean {
  // "NLĐ lập hồ sơ theo quy định tại mục 4.3 (Thành phần hồ sơ); Nộp hồ sơ cho đơn vị SDLĐ": the filing after a semicolon is still the employee's.
  return p.steps.some((s) => /(?:NLĐ|người lao động)[^;]{0,160}?(?:;\s*)?nộp (?:hồ sơ\s+)?cho (?:đơn vị SDLĐ|đơn vị sử dụng lao động|người sử dụng lao động|người SDLĐ)/iu.test(s));
}

/** "nộp hồ sơ … tại/cho/đến <place>" in the steps; the place must start with a body's noun. */
/** The clause before the verb names an authority as the one handing in. */
const BODY_BEFORE = /(?:^|[\s,;:])(?:Cơ quan|Ủy ban nhân dân|UBND|Sở|Phòng|Cục|Bộ|Chi cục|Văn phòng|Công an|Trung tâm|Tòa án|Ngân hàng)\s[^,;.:]{0,70}$/u;
// "gửi giấy đề nghị … đến Cơ quan đăng ký kinh doanh cấp xã", "chuẩn bị hồ sơ … và nộp tại Cơ quan đại diện …": handing in too.
const SUBMIT_AT =
  /(?:nộp (?:0?1 bộ |bộ |toàn bộ )?hồ sơ(?:[^.;:]{0,80}?)\s|nộp (?:trực tiếp|qua|trực tuyến)[^.;:]{0,60}?\s0?1 bộ hồ sơ(?:[^.;:]{0,80}?)\s|(?:nộp|gửi) (?:(?:[Gg]iấy|[Vv]ăn bản|[Đđ]ơn) đề nghị|[Tt]ờ khai)(?:(?:[^.;:]|(?<=\d)\.(?=\p{Lu})){0,120}?)\s|(?<=\svà\s)nộp\s|thực hiện (?:việc|thủ tục)(?:[^.;:]{0,80}?)\s(?=tại\s)|thực hiện trực tiếp\s(?=tại\s)|(?<=(?:^|[+\-•]\s*|[a-zđ]\)\s*(?:[^.;:]{0,80},\s*)?)(?:Người|Chủ)(?:\s[^\s.;:,]+){1,6}\s)gửi (?:trực tiếp|hồ sơ)(?:[^.;:]{0,60}?)\s(?=đến\s)|(?<=(?:^|[+\-•]\s*)(?:Công dân|Người đề nghị|Người yêu cầu)\s)(?=đến\s))(?:tại|cho|đến|vào)\s+(?:một trong (?:các|những) (?:địa điểm|nơi|cơ quan)[^.;:]{0,60}:\s*)?((?:Trung tâm|cơ quan quản lý căn cước|cơ quan được Chủ tịch|Bộ phận|Cơ quan|Phòng|Ủy ban nhân dân|UBND|Công an|Chi cục|Văn phòng|Điểm phục vụ|Chủ tịch Ủy ban nhân dân|Chủ tịch UBND)\s[^.;:()]{3,140})/gu;

/** An office named after "hoặc" in a place to hand in the file: another place the citizen may choose. */
const ALTERNATIVE_BODY = /^(?:Trung tâm|Văn phòng|Chi nhánh|Tổ chức|Sở|Phòng|Ủy ban nhân dân|UBND|Công an|Cơ quan|Bộ phận|cấp xã|cấp tỉnh)(?:\s|$)/u;

/**
 * Where the applicant hands in the file, as the record's steps say it ("Chủ đầu tư nộp hồ
 * sơ … cho Trung tâm phục vụ hành chính công cấp xã", "… tại Cơ quan Quản lý xuất nhập cảnh
 * Công an cấp tỉnh"), when it names a place the agency list does not already name. A
 * sentence about individuals wins over one about organisations; a district body never.
 */
export function submissionPlace(p: Procedure, agencies = ''): string | undefined {
  const found: Array<{ place: string; individual: boolean; organisation: boolean }> = [];
  for (const step of p.steps) {
    for (const m of step.matchAll(SUBMIT_AT)) {
      // "Cơ quan thẩm quyền quản lý … gửi văn bản đề nghị đến Cơ quan khoa học …": one authority writing to another.
      if (!/^nộp (?:0?1 bộ |bộ |toàn bộ )?hồ sơ/u.test(m[0]) && BODY_BEFORE.test(step.slice(Math.max(0, m.index! - 100), m.index!))) continue;
      const before = fold(step.slice(Math.max(0, m.index! - 160), m.index! + m[0].length - m[1]!.length));
      // "… cơ quan quản lý căn cước của Công an cấp tỉnh (Phòng Cảnh sát Quản lý hành chính về trật tự xã hội, …)": the unit the bracket names is where to go.
      const unit = /^\s*\((Phòng [^,;()]{5,90})/u.exec(step.slice(m.index! + m[0].length))?.[1]?.trim();
      const firstOf = (text: string) =>
        text
          .split(/\s+(?:hoặc|và|theo|để|đề nghị|trong|khi|trước|sau|bằng|kể từ|thuộc|trên|đối với|qua|thì|nếu|nộp|phải|cùng|kèm|có thẩm quyền|nơi (?!có|cư trú|thường trú|đặt trụ sở))\s+|\s*,\s*/u)[0]!
          .replace(/\s+(?:có thẩm quyền|trực tiếp|theo quy định)$/u, '')
          .trim();
      const place0 = firstOf(m[1]!);
      // "… cho Trung tâm phục vụ hành chính công cấp tỉnh hoặc Tổ chức xã hội nghề nghiệp đủ điều kiện": each office the citizen may choose.
      const others = m[1]!
        .split(/\s+hoặc\s+/u)
        .slice(1)
        .filter((x) => ALTERNATIVE_BODY.test(x))
        .map(firstOf)
        // "… Trung tâm Phục vụ hành chính công tỉnh hoặc cấp xã": the same office at the other level.
        .filter((x) => (x.split(/\s+/).length >= 3 || /^cấp (?:xã|tỉnh)$/u.test(x)) && !namesDistrictBody(x) && !/cấp huyện|thị trấn/iu.test(x))
        .filter((x) => !/^(?:cơ quan|bộ phận|đơn vị)\s+(?:tiếp nhận|có thẩm quyền|giải quyết|chức năng)/iu.test(x));
      let place = unit && place0 === m[1]!.trim() ? `${unit}, ${place0.replace(/^cơ quan quản lý căn cước của\s+/u, '')}` : [place0, ...others].join(' hoặc ');
      if (/^(cơ quan|bộ phận|đơn vị)\s+(tiếp nhận|có thẩm quyền|giải quyết|chức năng)/iu.test(place)) continue;
      // "cơ quan được Chủ tịch Ủy ban nhân dân cấp xã giao tiếp nhận hồ sơ": only whole, with what the chairman gave it.
      if (/^cơ quan được chủ tịch/iu.test(place) && !/\sgiao\s/u.test(place)) continue;
      // The record's slip "giao giao tiếp nhận": a word said twice, said once.
      place = place.replace(/(?<!\p{L})(\p{L}+) \1(?!\p{L})/gu, '$1');
      // "Chi cục Thuế" became "Thuế cơ sở" in 2025 (the agencies name today's tax office).
      if (place.split(/\s+/).length < 3 || namesDistrictBody(place) || /cấp huyện|thị trấn|^chi cục thuế(?!\p{L})/iu.test(place)) continue;
      found.push({ place, individual: /\b(ca nhan|cong dan|nguoi de nghi|nguoi yeu cau|chu dau tu|nguoi dan|nguoi nop)\b/.test(before), organisation: /\b(to chuc|doanh nghiep|co quan, to chuc)\b/.test(before) });
    }
  }
  const forPeople = p.applicants.some((a) => /^(công dân|cá nhân|hộ gia đình|người)/iu.test(a.trim()));
  const pick = found.find((f) => f.individual) ?? found.find((f) => !f.organisation) ?? (forPeople ? undefined : found[0]);
  if (!pick) return undefined;
  const words = fold(pick.place.split(/\s+nơi\s+/u)[0]!).split(/\s+/).filter((t) => t.length > 1);
  const have = new Set(fold(agencies).split(/[^a-z0-9]+/));
  // Already named by the agencies, unless it is another kind of body ("Phòng Cảnh sát giao thông" beside "Cục Cảnh sát giao thông").
  const kind = fold(pick.place).split(/\s+/)[0]!;
  if (words.filter((t) => have.has(t)).length >= words.length * 0.8 && (kind.length < 3 || have.has(kind))) return undefined;
  // "Cơ quan Quản lý xuất nhập cảnh Công an cấp tỉnh" is the province police's immigration office, known by its name.
  const place = (pick.place.charAt(0).toLocaleUpperCase('vi') + pick.place.slice(1)).replace(/^Cơ quan Quản lý xuất nhập cảnh (?:của\s+)?(?=Công an cấp tỉnh)/iu, 'Phòng Quản lý xuất nhập cảnh, ');
  // A police "Phòng Cảnh sát …" is a unit of the province's police (the ministry's are "Cục"): said with it, as the card records do.
  return /^Phòng Cảnh sát\s/iu.test(place) && !/công an/iu.test(place) ? `${place}, Công an cấp tỉnh` : place;
}

/**
 * The record's own address for handing in the file, when it names a public service centre
 * ("Các Trung tâm Phục vụ HCC trên địa bàn thành phố Hải Phòng", "- Trung tâm Phục vụ hành
 * chính công tỉnh Đồng Tháp, gồm: + Quầy số 14 …"): the centre, said in full words, without the
 * street, counter or phone that follow. Undefined when the address names no centre or the
 * agencies already do.
 */
export function addressPlace(p: Procedure, agencies = ''): string | undefined {
  const address = p.submissionAddress?.trim();
  if (!address || /trung tam phuc vu/.test(fold(agencies))) return undefined;
  // The centre opens the address or one of its "- …" lines ("- Bộ phận … của Văn phòng đăng ký đất đai …; - Trung tâm Phục vụ hành chính công các cấp").
  const m = /(?:^|\n)[\s"'“-]*(?:(?:nộp\s+)?trực tiếp tại\s+|các\s+|bất kỳ\s+)?(Trung tâm Phục vụ (?:hành chính công|HCC)(?:\s+(?!tại|thuộc|hoặc|gồm|qua|và)[^\s,;:()\n"–/.-]+){0,8})/iu.exec(address);
  if (!m) return undefined;
  const place = m[1]!.replace(/\bHCC\b/u, 'hành chính công').replace(/\s+(?:tại|thuộc|hoặc|gồm)$/iu, '').trim();
  return namesDistrictBody(place) || /cấp huyện|thị trấn/iu.test(place) ? undefined : place;
}

/** Whether the procedure can be submitted online, from the record; null when unknown. */
export function onlineStatus(p: Procedure): boolean | null {
  if (p.onlineAvailable !== null) return p.onlineAvailable;
  if (p.channels.length === 0) return null;
  return p.channels.some((c) => c.kind === 'online');
}

export function onlineLine(p: Procedure, withLink = true): string {
  const online = onlineStatus(p);
  if (online === true) return withLink ? `Có, anh/chị nộp trên [Cổng Dịch vụ công quốc gia](${portalUrl(p.code)})` : 'Có, trên Cổng Dịch vụ công quốc gia';
  if (online === false) {
    // The portal repeats a channel once per agency or case: "trực tiếp hoặc trực tiếp" says it once.
    const kinds = [...new Set(p.channels.filter((c) => c.kind !== 'online').map((c) => CHANNEL_LABEL[c.kind].toLocaleLowerCase('vi')))];
    return `Chưa nộp trực tuyến được${kinds.length ? `, anh/chị nộp ${kinds.join(' hoặc ')}` : ''}`;
  }
  return `Em chưa có thông tin, anh/chị xem thêm trên [Cổng Dịch vụ công quốc gia](${portalUrl(p.code)})`;
}

/** Characters a citizen reads: markdown link targets and emphasis markers excluded. */
export function visibleLength(text: string): number {
  return text.replace(/\]\([^)]*\)/g, ']').replace(/[*[\]]/g, '').length;
}

/** The citation every answer ends with: code, portal link, data date. */
export function citationLine(p: Procedure): string {
  return `Nguồn: [Cổng Dịch vụ công quốc gia, mã ${p.code}](${portalUrl(p.code)}), dữ liệu ngày ${formatDateVi(p.provenance.crawledAt)}.`;
}

export function citationLink(p: Procedure): { title: string; url: string } {
  return { title: `${displayName(p)} (mã ${p.code})`, url: portalUrl(p.code) };
}
