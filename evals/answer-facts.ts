import type { CaseOutcome } from './metrics.js';

/**
 * Short answers checked field by field against reviewed facts (issue 18). The reviewed
 * sets (`evals/datasets/answers/reviewed-100.jsonl`, and the blind audit) were written by
 * someone reading the records, not the code: for a typical applicant, the procedure, where
 * to go, the documents to bring (and lines that are not documents), today's fee and the
 * processing time. A reply is *fully right* when every field that applies is right.
 *
 * Matching is on folded text and forgiving about wording, strict about substance: a body
 * matches when most of its words appear on one line of the reply ("Công an cấp xã" ~
 * "Công an xã/phường"), a document when most of its content words do, a fee when its
 * amount is printed, a time when its number is printed with its unit.
 */
export interface AnswerFacts {
  where?: string[];
  documents_main?: string[];
  documents_not?: string[];
  /** Papers the reviewer lists under a condition: documents too, never counted as a line that is none. */
  documents_conditional?: string[];
  fee_vnd?: number | null;
  time_value?: number | null;
  time_unit?: string | null;
}

export type FactField = 'procedure' | 'where' | 'documents' | 'not_documents' | 'fee' | 'time';
export const FACT_FIELDS: readonly FactField[] = ['procedure', 'where', 'documents', 'not_documents', 'fee', 'time'];

export interface FactCheck {
  /** Per field: true right, false wrong; absent when the field does not apply. */
  fields: Partial<Record<FactField, boolean>>;
  fully_right: boolean;
  /** What was missing or wrong, for the failure listing. */
  notes: string[];
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();

/** Words that carry no identity in a body's or a document's name. */
const FILLER = new Set(
  'cua va hoac cac nhung theo ve cho voi tai o la co duoc mot 01 02 so ban giay to doi truong hop neu thi nguoi yeu cau nop xuat trinh phai kem mau ke khai'.split(' '),
);

/** Same body, other spellings: the levels after 2025 and common abbreviations. */
function canonical(s: string): string {
  return ` ${fold(s)} `
    .replace(/uy ban nhan dan/g, 'ubnd')
    // "CCCD" is the citizen's identity card, which answers call "căn cước (công dân)".
    .replace(/\bcccd\b/g, 'can cuoc cong dan')
    // So are the reviewers' other shorthands the records and answers write in full: "thuế TNCN", "an toàn PCCC", "về ANTT".
    .replace(/\btncn\b/g, 'thu nhap ca nhan')
    .replace(/\bpccc\b/g, 'phong chay chua chay')
    .replace(/\bantt\b/g, 'an ninh trat tu')
    // "Cơ quan BHXH" and "Bảo hiểm xã hội cơ sở" are one body: the abbreviation, and "cơ quan" says no body.
    .replace(/bao hiem xa hoi/g, 'bhxh')
    .replace(/\bco quan (?=bhxh\b)/g, '')
    .replace(/\b(xa|phuong|dac khu)(\s*[/,]\s*(xa|phuong|dac khu|thi tran))+\b/g, 'xa')
    .replace(/\bcap xa\b|\bphuong\b|\bthi tran\b/g, 'xa')
    .replace(/\bcap tinh\b|\bthanh pho truc thuoc trung uong\b|\btinh\s*\/\s*thanh pho\b/g, 'tinh')
    .replace(/\bbo phan (tiep nhan va tra ket qua|mot cua)\b/g, 'mot cua')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The reviewers describe an item with its conditions ("Công an cấp xã nơi có chỗ ở hợp pháp",
 * "Tờ khai … (Mẫu CT01, Thông tư 53/2025/TT-BCA)"): its head is what an answer must name.
 */
export function head(s: string): string {
  return s
    .replace(/\([^)]*\)/g, ' ')
    // The qualifier after a dash, whichever dash the reviewer typed (em "—", en "–", hyphen " - ").
    // What the paper must state after a comma ("Đơn đề nghị thay đổi Chấp hành viên, nêu rõ lý do và căn cứ") is no part of its name.
    .split(/\s+[—–]\s+|;|,?\s+vd\.\s|\s+-\s+|\s+(?:nơi|bất kỳ|hoặc|trừ khi|nếu|khi|theo|kèm)\s+|,\s+(?:nêu rõ|ghi rõ)\s+/u)[0]!
    // "Ủy ban nhân dân cấp xã có thẩm quyền": which one is competent is the law's to say; the body is the committee.
    .replace(/\s+có thẩm quyền[\s,.;]*$/u, '')
    .trim();
}

/** "Trực tuyến: Cổng dịch vụ công …" is a channel, not a place to go. */
const isChannel = (s: string) => /^(trực tuyến|qua|online)\b/iu.test(s.trim());

/** The parts of `s` between `sep`s outside round brackets, trimmed, empty ones dropped. */
export function splitOutsideParens(s: string, sep = ' / '): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && s.startsWith(sep, i)) {
      out.push(s.slice(start, i));
      start = i + sep.length;
    }
  }
  out.push(s.slice(start));
  return out.map((x) => x.trim()).filter(Boolean);
}

function contentWords(s: string): string[] {
  return canonical(s)
    .split(' ')
    .filter((w) => w.length > 0 && !FILLER.has(w));
}

/** Share of `phrase`'s content words found on the best single line of `reply`. */
export function lineCoverage(phrase: string, reply: string): number {
  const words = contentWords(phrase);
  if (words.length === 0) return 1;
  let best = 0;
  for (const line of reply.split(/\n+/)) {
    const have = new Set(canonical(line).split(' '));
    const share = words.filter((w) => have.has(w)).length / words.length;
    if (share > best) best = share;
  }
  return best;
}

/**
 * Share of `phrase`'s content words on the best line of `reply` that names the phrase's kind
 * of paper (its first content word: "phép" of "Giấy phép chặt hạ …", "quyết" of "Quyết định
 * …"). A line about the tree to be cut ("Ảnh chụp hiện trạng cây xanh … cần chặt hạ") shares
 * the permit's other words but lists no permit.
 */
export function kindLineCoverage(phrase: string, reply: string): number {
  const kind = contentWords(phrase.replace(/^\s*kết quả\s*:\s*/iu, ''))[0];
  if (kind === undefined || !PAPER_KINDS.has(kind)) return lineCoverage(phrase, reply);
  return lineCoverage(phrase, reply.split(/\n+/).filter((l) => canonical(l).split(' ').includes(kind)).join('\n'));
}

/** First content words that say what kind of paper a result is (folded): "phép", "chứng nhận", "quyết định", "trích lục", … */
const PAPER_KINDS = new Set('phep chung quyet trich phieu bien thong van bang the so hop xac'.split(' '));

/** "70000" → matches "70.000", "70,000", "70 000" and "70000" in the reply. */
function printsAmount(reply: string, amount: number): boolean {
  const digits = String(Math.round(amount));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const variants = new Set([digits, grouped, grouped.replace(/\./g, ','), grouped.replace(/\./g, ' ')]);
  return [...variants].some((v) => new RegExp(`(^|[^\\d.,])${v.replace(/[.]/g, '\\.')}(?![\\d]|[.,]\\d)`).test(reply));
}

const UNIT_WORDS: Record<string, RegExp> = {
  'ngay lam viec': /ngay lam viec/,
  ngay: /\bngay\b/,
  gio: /\bgio\b|\btieng\b/,
  thang: /\bthang\b/,
};

export function checkAnswerFacts(
  result: { procedureCode?: string; reply: string; behavior: string },
  acceptable: readonly string[],
  facts: AnswerFacts,
): FactCheck {
  const fields: Partial<Record<FactField, boolean>> = {};
  const notes: string[] = [];
  const reply = result.reply;
  fields.procedure = result.behavior === 'answer' && result.procedureCode !== undefined && acceptable.includes(result.procedureCode);
  if (!fields.procedure) notes.push(`procedure ${result.procedureCode ?? result.behavior}`);
  if (fields.procedure) {
    if (facts.where?.length) {
      // Alternatives are split on " / " outside parentheses only: "UBND cấp tỉnh (qua Sở … / Trung tâm …)" is one place.
      const places = facts.where.flatMap((w) => splitOutsideParens(w)).filter((w) => !isChannel(w));
      fields.where = (places.length ? places : facts.where).some((w) => lineCoverage(head(w.replace(/^[^:(]{0,40}:\s*/u, (m) => (isChannel(m) ? m : ''))), reply) >= 0.75);
      if (!fields.where) notes.push(`where: none of ${facts.where.join(' / ')}`);
    }
    if (facts.documents_main?.length) {
      // A paper is listed on a line that lists papers: not on the line naming the procedure ("Đăng ký biện pháp bảo đảm …"
      // is no "Hợp đồng bảo đảm"), the place, fee, time or online lines, the note on copies, or the citation.
      const paperLines = reply
        .split(/\n+/)
        .filter((l) => !/\(mã \d\.\d{6}\)|^\W*nguồn:|^\W*về bản sao:/iu.test(l))
        .filter((l) => !/^\W*(?:nơi nộp|lệ phí|phí, lệ phí|thời gian|nộp trực tuyến)\s*:/iu.test(l.replace(/\*+/g, '')))
        .join('\n');
      const missing = facts.documents_main.filter((d) => lineCoverage(head(d), paperLines) < 0.6);
      fields.documents = missing.length === 0;
      if (missing.length) notes.push(`documents missing: ${missing.join('; ')}`);
    }
    if (facts.documents_not?.length) {
      // Only where documents are listed: a step saying the office issues the receipt is no listing.
      // The reviewer's conditional papers are documents too ("Giấy chứng nhận đã cấp cho chủ đầu tư" beside the result "Giấy chứng nhận…").
      const mains = [...(facts.documents_main ?? []), ...(facts.documents_conditional ?? [])];
      const listing = reply
        .split(/\n+/)
        // Nor is the line naming the procedure ("… **Xác nhận thông tin về cư trú** (mã 1.010041)") or the citation.
        .filter((l) => !/\bbước\b|cán bộ|^\W*trường hợp hồ sơ|\(mã \d\.\d{6}\)|^nguồn:/iu.test(l))
        // Nor a line of another field: "Phí cấp bản sao Trích lục …" on the fee line names the result it charges for.
        .filter((l) => !/^\W*(?:phí, lệ phí|lệ phí|phí|thời gian|nơi nộp|nộp trực tuyến|cơ quan thực hiện)\s*:/iu.test(l.replace(/\*+/g, '')))
        // Nor the heading naming the case the list is for ("Hồ sơ (trường hợp … sai so với Giấy chứng nhận …):") or the other cases.
        .filter((l) => !/^\W*(?:hồ sơ\s*\([^\n]*\)\s*:\s*$|trường hợp khác\s*\()/iu.test(l.replace(/\*+/g, '')))
        // A line that is one of the reviewer's own documents to bring is that document, though its words name the
        // result too ("Bản sao Giấy chứng nhận kết hôn được cấp trước đây" beside "Kết quả: Giấy chứng nhận kết hôn").
        .filter((l) => !mains.some((m) => lineCoverage(head(m), l) >= 0.6 && lineCoverage(l.replace(/\s+—\s+.*$/u, ''), m) >= 0.6))
        .join('\n');
      // An application for the result names the result without listing it: "Đơn đề nghị cấp giấy
      // phép xây dựng" is the form the citizen brings, not the permit.
      const withoutApplications = listing
        .split('\n')
        .map((l) => l.replace(/(?<!\p{L})(đơn|tờ khai|văn bản|phiếu)\s+(đề nghị|xin|yêu cầu)(?!\p{L}).*$/iu, ''))
        .join('\n');
      const listed = facts.documents_not.filter((d) => contentWords(head(d)).length >= 2 && kindLineCoverage(head(d), withoutApplications) >= 0.8);
      fields.not_documents = listed.length === 0;
      if (listed.length) notes.push(`not documents listed: ${listed.join('; ')}`);
    }
    if (facts.fee_vnd !== undefined && facts.fee_vnd !== null) {
      const f = fold(reply);
      fields.fee = facts.fee_vnd === 0 ? /mien (phi|le phi)|khong (thu|mat) (phi|le phi|tien)|khong phai nop (phi|le phi)/.test(f) : printsAmount(reply, facts.fee_vnd);
      if (!fields.fee) notes.push(`fee ${facts.fee_vnd}`);
    }
    if (facts.time_value !== undefined && facts.time_value !== null) {
      const f = fold(reply);
      const unit = facts.time_unit ? UNIT_WORDS[fold(facts.time_unit)] : undefined;
      const near = new RegExp(`\\b${facts.time_value}\\s*(ngay lam viec|ngay|gio|tieng|thang)?`, 'g');
      let ok = false;
      for (const m of f.matchAll(near)) {
        if (!unit || (m[1] !== undefined && unit.test(m[1]))) ok = true;
      }
      fields.time = ok;
      if (!ok) notes.push(`time ${facts.time_value} ${facts.time_unit ?? ''}`.trim());
    }
  }
  const fully_right = Object.values(fields).every((v) => v === true);
  return { fields, fully_right, notes };
}

export interface AnswerFactsMetrics {
  n: number;
  procedure_right: number;
  fully_right: number;
  by_field: Partial<Record<FactField, { n: number; rate: number }>>;
}

/** Fields of the reviewed case format carried on `expect.facts`. */
export function answerFactsMetrics(outcomes: readonly CaseOutcome[]): AnswerFactsMetrics | undefined {
  const rows = outcomes.filter((o) => (o.case.expect as { facts?: AnswerFacts }).facts !== undefined);
  if (rows.length === 0) return undefined;
  const checks = rows.map((o) => checkAnswerFacts(o.result, o.case.expect.procedures ?? [], (o.case.expect as { facts: AnswerFacts }).facts));
  const by_field: AnswerFactsMetrics['by_field'] = {};
  for (const f of FACT_FIELDS) {
    const applicable = checks.filter((c) => c.fields[f] !== undefined);
    if (applicable.length) by_field[f] = { n: applicable.length, rate: r4(applicable.filter((c) => c.fields[f]).length / applicable.length) };
  }
  return {
    n: rows.length,
    procedure_right: r4(checks.filter((c) => c.fields.procedure).length / rows.length),
    fully_right: r4(checks.filter((c) => c.fully_right).length / rows.length),
    by_field,
  };
}

/** Failure lines for `--failures`. */
export function answerFactsFailures(outcomes: readonly CaseOutcome[]): string[] {
  return outcomes
    .filter((o) => (o.case.expect as { facts?: AnswerFacts }).facts !== undefined)
    .map((o) => ({ o, c: checkAnswerFacts(o.result, o.case.expect.procedures ?? [], (o.case.expect as { facts: AnswerFacts }).facts) }))
    .filter(({ c }) => !c.fully_right)
    .map(({ o, c }) => `- ${o.case.id} [${o.case.turns.at(-1)!.slice(0, 80)}] ${c.notes.join(' | ')}`);
}

const r4 = (x: number) => Math.round(x * 10000) / 10000;
