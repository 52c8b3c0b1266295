import type { ChannelKind, Fee, Procedure, SubmissionChannel } from '../procedure.js';
import { foldSameLength } from '../text/index.js';
import { tidy } from './text.js';
import { findValidity, type Validity } from './validity.js';

/**
 * Fee clauses as structured rules. The portal publishes a fee as an amount plus free
 * text that often carries the real structure: a second amount for a reissue, a reduced
 * rate "kể từ ngày … đến hết ngày …", "bằng 50% mức thu", an exemption for certain
 * people, per-page rates with a cap, group rates "theo danh sách". `parseFee` turns one
 * published fee (with its channel) into rules; `feeRulesOf` does it for a record once.
 */

/** Who a rule is for, as far as the clause says. */
export type FeeAudience = 'individual' | 'group' | null;

/** Which case of a procedure a rule is for. */
/** The case a fee is for: `first` includes registering on time (đúng hạn), `late` after the deadline. */
export type FeeCase = 'reissue' | 'change' | 'first' | 'late' | null;

export interface PerPageTier {
  /** The rate changes from this page on ("từ trang thứ 3"). */
  fromPage: number;
  amountVnd: number;
}

export interface FeeRule {
  /**
   * `amount`: a sum per unit; `percent`: the fee is `percent` % of the amount rules;
   * `free`: no fee (for everyone in its period, or for `exemption` people); `foreign`:
   * an amount in another currency (embassies), kept as text; `set_locally`: the amount is
   * decided by the provincial People's Council ("do Hội đồng nhân dân tỉnh quyết định").
   */
  kind: 'amount' | 'percent' | 'free' | 'foreign' | 'set_locally';
  amountVnd: number | null;
  /** "trang", "hộ chiếu", "người/lần đăng ký"; null when none is written. */
  unit: string | null;
  percent: number | null;
  /** As published: "bằng 50%" (pays that share) or "giảm 20%" (pays the rest). */
  percentWording: 'share' | 'reduction' | null;
  tiers: PerPageTier[];
  /** Cap per document for per-page fees ("tối đa thu không quá 200.000 đồng/bản"). */
  cap: { amountVnd: number; unit: string | null } | null;
  /** The condition as published ("Trường hợp cấp lại do bị hỏng hoặc bị mất"). */
  condition: string | null;
  audience: FeeAudience;
  case: FeeCase;
  /** Exemption for certain people ("Miễn lệ phí cho người thuộc hộ nghèo …"). */
  exemption: boolean;
  /** The channel the clause itself names ("nộp hồ sơ trực tuyến … bằng 50%"). */
  channel: ChannelKind | null;
  validFrom: string | null;
  validUntil: string | null;
  /** Text in another currency (`foreign`), as published; for `free`, the note published beside "Miễn phí". */
  text: string | null;
}

/** The rules of one published fee, with the channel it was published under. */
export interface ParsedFee {
  channel: ChannelKind;
  fee: Fee;
  rules: FeeRule[];
  /** Whether the fee turned into at least one rule that says what is paid. */
  structured: boolean;
}

const AMOUNT_RE =
  /(\d{1,3}(?:[.,]\d{3})+|\d+)(\s*(?:dong|vnd|d)(?![a-z]))?(\s*\/\s*[^\s,;.()/:]+(?:\s*\/\s*[^\s,;.()/:]+)?(?:\s+(?!ke\b|tu\b|theo\b|ap\b|truong\b|doi\b|va\b|hoac\b|cho\b|neu\b|thu\b)[^\s,;.()/:]+){0,2})?/g;
const USD_RE = /(\d+(?:[.,]\d+)?)\s*(usd|do la my|\$)/;
const PERCENT_RE = /(bang|giam|thu)\s+(\d{1,3})\s*%/;
const TIER_RE = /tu\s+trang\s+thu\s+(\d+)/;
/** Who or where a share applies to, said before it ("Người cao tuổi:", "hộ nghèo", "tại các xã"). */
const SOME_PEOPLE_RE = /\b(nguoi|ho ngheo|ho can ngheo|cao tuoi|khuyet tat|tre em|hoc sinh|sinh vien|doi tuong|tai cac xa|tai xa|o cac xa|vung sau|vung xa|mien nui|hai dao|dan toc)\b/;
const CAP_RE = /toi\s+da/;

function foldedClauses(text: string): Array<{ raw: string; f: string }> {
  // Split at ";", line breaks, sentence ends and list bullets, keeping offsets aligned.
  const out: Array<{ raw: string }> = [];
  const re = /;|\n+|\.\s+(?=[-+(\p{Lu}])|\s[-+]\s/gu;
  let last = 0;
  for (const m of text.matchAll(re)) {
    out.push({ raw: text.slice(last, m.index) });
    last = m.index! + m[0].length;
  }
  out.push({ raw: text.slice(last) });
  const clauses = out.map((c) => ({ raw: c.raw, f: foldSameLength(c.raw) })).filter((c) => c.raw.trim() !== '');
  // "Cấp lại (kể cả …); cấp đổi, xác nhận bổ sung …: 20.000 đồng": a lead listing its cases with ";"
  // goes on in lower case; it is one clause, so the amount keeps the whole lead as its condition.
  for (let i = clauses.length - 2; i >= 0; i--) {
    const a = clauses[i]!;
    const b = clauses[i + 1]!;
    if (!/\d/.test(a.f) && !/:\s*$/.test(a.raw) && /^\s*\p{Ll}/u.test(b.raw) && /:/.test(b.raw) && text.includes(`${a.raw};${b.raw}`)) {
      clauses.splice(i, 2, { raw: `${a.raw};${b.raw}`, f: `${a.f};${b.f}` });
    }
  }
  return clauses;
}

function toVnd(digits: string): number {
  return Number(digits.replace(/[.,]/g, ''));
}

function unitOf(raw: string | undefined): string | null {
  if (!raw) return null;
  const u = raw.replace(/^\s*\/\s*/, '').replace(/\s*\/\s*/g, '/').trim();
  return u && !/^\d/.test(u) ? u : null;
}

function caseOf(f: string): FeeCase {
  if (/\b(qua han|tre han)\b/.test(f)) return 'late';
  if (/\bdung han\b/.test(f)) return 'first';
  if (/\b(cap lai|mat|hu hong|bi hong|hong|rach)\b/.test(f)) return 'reissue';
  if (/\b(cap doi|thay doi|sua doi|dieu chinh|bo sung)\b/.test(f)) return 'change';
  if (/\b(lan dau|cap moi)\b/.test(f)) return 'first';
  return null;
}

function audienceOf(f: string): FeeAudience {
  if (/theo danh sach|\/\s*nguoi\s*\/|dong\/nguoi\b|nhom\b|tap the/.test(f)) return 'group';
  if (/ca nhan|ho gia dinh|\bmot nguoi\b/.test(f)) return 'individual';
  return null;
}

function channelOf(f: string): ChannelKind | null {
  if (/truc tuyen|truc tuyen|dich vu cong|dien tu|qua mang/.test(f)) return 'online';
  if (/buu chinh/.test(f)) return 'postal';
  if (/truc tiep/.test(f)) return 'in_person';
  return null;
}

function blank(): FeeRule {
  return {
    kind: 'amount',
    amountVnd: null,
    unit: null,
    percent: null,
    percentWording: null,
    tiers: [],
    cap: null,
    condition: null,
    audience: null,
    case: null,
    exemption: false,
    channel: null,
    validFrom: null,
    validUntil: null,
    text: null,
  };
}

/** Text of a condition without validity phrases, legal references and filler. */
function conditionText(raw: string, validity: Validity[], offset: number): string | null {
  let s = raw;
  for (const v of [...validity].reverse()) {
    const a = v.start - offset;
    const b = v.end - offset;
    if (a >= 0 && b <= s.length) s = s.slice(0, a) + ' ' + s.slice(b);
  }
  s = s
    .replace(/\((?:theo|căn cứ)[^)]*\)?/giu, ' ')
    .replace(/\b(?:theo|căn cứ)\s+(?:quy định tại\s+)?(?:Thông tư|Nghị định|Luật|Quyết định)\b.*$/iu, ' ')
    .replace(/^\s*(?:hồ sơ\s*)?\(?\s*(?:áp dụng\s+)?mức\s+(?:lệ\s+)?(?:phí|thu)(?:\s*:)?/iu, ' ')
    .replace(/^\s*(?:hồ sơ|phí|lệ phí|đồng|thu)\b\s*:?\s*/iu, '')
    .replace(/\s+(?:thu|là)\s*:?\s*$/iu, '');
  const t = tidy(s.replace(/[()]/g, ' '));
  return t.length >= 3 && /\p{L}{2}/u.test(t) ? t : null;
}

const LISTED_AMOUNT = String.raw`(\d{1,3}(?:[.,]\d{3})+)\s*(?:đồng|vnđ|đ)(?!\p{L})`;

/**
 * "Bao gồm: - 1.000.000 đồng đối với A (Áp dụng mức phí 500.000 đồng kể từ … đến hết …)
 * - 3.000.000 đồng đối với B (…)": the channel text lists one amount per case and the
 * published amount (4.000.000) is their sum, a fee nobody pays. Each listed case becomes its
 * own rules: its amount with its case as condition, and the dated rate of the same case.
 * Undefined unless the listed amounts add up to the published one (the check that the
 * published amount is a sum, not a rate of its own).
 */
function itemisedRules(fee: Fee, channelText: string): FeeRule[] | undefined {
  if (fee.amountVnd === null || fee.amountVnd <= 0 || !channelText) return undefined;
  const lines = channelText
    .split(/\n+/)
    .map((l) => l.trim())
    .filter((l) => /^[-+•]\s*\d/u.test(l));
  if (lines.length < 2) return undefined;
  const rules: FeeRule[] = [];
  let sum = 0;
  for (const line of lines) {
    // The amount in words after it ("(Một triệu đồng)") is no case.
    const m = new RegExp(String.raw`^[-+•]\s*${LISTED_AMOUNT}(?:\s*\([^()]*\))?\s*(.*)$`, 'iu').exec(line);
    if (!m) return undefined;
    const amount = toVnd(m[1]!);
    sum += amount;
    const rest = m[2]!;
    const dated = new RegExp(String.raw`\(?\s*áp dụng mức (?:lệ phí|phí|thu)\s*:?\s*${LISTED_AMOUNT}`, 'iu').exec(rest);
    const condition = tidy((dated ? rest.slice(0, dated.index) : rest).replace(/\((?:theo|căn cứ)[^)]*\)?/giu, ' ').replace(/[()]/g, ' ').replace(/[\s,;:.]+$/u, ''));
    const base: FeeRule = { ...blank(), amountVnd: amount, condition: condition || null, case: caseOf(foldSameLength(condition)), audience: audienceOf(foldSameLength(condition)) };
    rules.push(base);
    if (dated) {
      const v = findValidity(rest.slice(dated.index))[0];
      if (v) rules.push({ ...base, amountVnd: toVnd(dated[1]!), validFrom: v.from, validUntil: v.until });
    }
  }
  return sum === fee.amountVnd ? rules : undefined;
}

/**
 * Rules of one published fee. `channelText` is the channel's own description, used when
 * the fee text is only a unit ("/trang") and the structure is written there.
 */
export function parseFee(fee: Fee, channel: ChannelKind, channelText = ''): FeeRule[] {
  const listed = itemisedRules(fee, channelText);
  if (listed) return listed;
  let text = fee.description.trim();
  // "Miễn phí (Theo quy định của Luật phí và lệ phí …)": the portal's label with a note that names no fee.
  const labelled = fee.free ? /^Miễn phí \((.+)\)$/u.exec(text) : null;
  if (labelled) return [{ ...blank(), kind: 'free', text: tidy(labelled[1]!) }];
  const hasAmount = (s: string): boolean => /\d{1,3}(?:[.,]\d{3})+|\d+\s*(?:đồng|đ\b|vnđ)/iu.test(s);
  if (!hasAmount(text) && fee.amountVnd !== null && channelText) {
    const shown = fee.amountVnd.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
    const at = channelText.indexOf(shown);
    if (at >= 0) {
      // The structure lives in the channel text ("Tại UBND cấp xã: 2.000 đồng/trang; từ trang thứ 3 …").
      const start = Math.max(channelText.lastIndexOf('.', at) + 1, 0);
      const endDot = channelText.indexOf('. ', at);
      text = channelText.slice(start, endDot < 0 ? undefined : endDot + 1).trim();
    }
  }
  if (!hasAmount(text) && fee.amountVnd !== null && channelText && hasAmount(channelText) && findValidity(channelText).length > 0) {
    // "/hồ sơ" beside a channel text "(áp dụng mức phí 1.750.000 đồng/hồ sơ kể từ … đến hết …)":
    // the published amount is the base, the channel's dated clause the rate of its period.
    const shown = fee.amountVnd.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
    if (!channelText.includes(shown)) text = `${shown} đồng${text.startsWith('/') ? text : ''}; ${channelText.replace(/^\s*\(|\)\s*\.?\s*$/g, '')}`;
  }
  const rules: FeeRule[] = [];
  const clauses = foldedClauses(text);
  let lastAmount: FeeRule | null = null;
  // A heading clause ("Đăng ký tạm trú (cá nhân, hộ gia đình):") says who the amounts after it are for.
  let contextAudience: FeeAudience = null;
  for (const { raw, f } of clauses) {
    const validity = findValidity(raw);
    const period = validity[0] ? { validFrom: validity[0].from, validUntil: validity[0].until } : { validFrom: null, validUntil: null };
    const cAudience = audienceOf(f) ?? contextAudience;
    const last = rules[rules.length - 1];
    if (last?.exemption && /^\s*(nguoi|tre em|ho |gia dinh|doi tuong)/.test(f) && !/\d{1,3}[.,]\d{3}/.test(f)) {
      // "Miễn lệ phí cho người thuộc gia đình có công …; người thuộc hộ nghèo; người khuyết tật".
      last.condition = `${last.condition ?? ''}; ${tidy(raw)}`;
      continue;
    }
    if (/(hoi dong nhan dan|hdnd)[^.]{0,80}quyet dinh/.test(f)) {
      rules.push({ ...blank(), kind: 'set_locally', condition: null, ...period });
      continue;
    }
    const cCase = caseOf(f);
    const cChannel = channelOf(f);

    // Per-page tiers and caps belong to the amount before them.
    const tier = TIER_RE.exec(f);
    if (tier && lastAmount && lastAmount.unit && /trang/.test(foldSameLength(lastAmount.unit))) {
      const amounts = [...f.matchAll(AMOUNT_RE)].filter((m) => m[2] || /[.,]\d{3}/.test(m[1]!));
      const first = amounts.find((m) => m.index! > tier.index!);
      if (first) lastAmount.tiers.push({ fromPage: Number(tier[1]), amountVnd: toVnd(first[1]!) });
      const capAt = CAP_RE.exec(f);
      const cap = capAt ? amounts.find((m) => m.index! > capAt.index!) : undefined;
      if (cap) lastAmount.cap = { amountVnd: toVnd(cap[1]!), unit: unitOf(cap[3] && raw.slice(cap.index! + cap[1]!.length + (cap[2]?.length ?? 0), cap.index! + cap[0].length)) };
      continue;
    }
    if (CAP_RE.test(f) && lastAmount && !/\bmien\b/.test(f.replace(/mien mot so khoan phi/g, ''))) {
      const capAt = CAP_RE.exec(f)!;
      const cap = [...f.matchAll(AMOUNT_RE)].find((m) => m.index! > capAt.index! && (m[2] || /[.,]\d{3}/.test(m[1]!)));
      if (cap) {
        lastAmount.cap = { amountVnd: toVnd(cap[1]!), unit: unitOf(raw.slice(cap.index! + cap[1]!.length + (cap[2]?.length ?? 0), cap.index! + cap[0].length)) };
        continue;
      }
    }

    // "quy định mức thu, miễn một số khoản phí, lệ phí" is the title of a circular, not an exemption.
    const mien = /\bmien\b/.test(f.replace(/mien mot so khoan phi/g, ''));
    const usd = USD_RE.exec(f);
    if (usd) {
      rules.push({ ...blank(), kind: 'foreign', text: tidy(raw), condition: conditionText(raw.slice(0, usd.index), [], 0), channel: cChannel, ...period });
      continue;
    }

    const percent = PERCENT_RE.exec(f);
    if (percent && !(mien && /\bmien\b/.test(f.slice(0, percent.index)))) {
      const value = Number(percent[2]);
      if (value > 0 && value < 100) {
        // "Người cao tuổi: mức thu bằng 50%", "tại các xã: bằng 50% mức … tại các phường": a share for
        // some people or places, not what everyone pays (a channel's or a period's share stays general).
        // "Giảm 10% mức thu phí cho hộ gia đình ở các xã …": the people named after it, with "cho".
        const after = f.slice(percent.index + percent[0].length);
        const whoAfter = /^[^;]{0,40}?\bcho\s+(?:ho gia dinh\b[^;]{0,40}\b(?:o|tai)\s+(?:cac\s+)?xa\b|nguoi\b|doi tuong\b|ho ngheo\b|ho can ngheo\b|tre em\b|hoc sinh\b)/.test(after);
        const who = !cChannel && !validity.length && (SOME_PEOPLE_RE.test(f.slice(0, percent.index)) || whoAfter);
        const condition = who ? conditionText(raw.slice(0, percent.index), [], 0) : null;
        rules.push({ ...blank(), kind: 'percent', percent: value, percentWording: percent[1] === 'giam' ? 'reduction' : 'share', condition, exemption: who, audience: cAudience, case: cCase, channel: cChannel, ...period });
        continue;
      }
    }

    const amounts = [...f.matchAll(AMOUNT_RE)].filter((m) => {
      if (!(m[2] || /[.,]\d{3}$/.test(m[1]!) || (m[3] && toVnd(m[1]!) >= 1000))) return false;
      // Not a document number ("64/2025/TT-BTC") nor a date.
      const after = f.slice(m.index! + m[0].length, m.index! + m[0].length + 2);
      // Nor the number of an act ("Quyết định số 2252/QĐ-VP").
      if (/\bso\s*$/.test(f.slice(Math.max(0, m.index! - 6), m.index)) || /^\s*\/\s*(?:qd|tt|nd|nq|ttg|ubnd|btc|bca|btp)\b/.test(m[3] ?? '')) return false;
      return !/^\/\d/.test(after) && !/^\/\d/.test(m[3]?.trim() ?? '');
    });
    if (amounts.length === 0 && !mien && !validity.length) {
      const a = audienceOf(f);
      if (a) contextAudience = a;
    }
    const free = mien && amounts.length === 0;
    if (free) {
      // "Miễn lệ phí … đúng hạn": registering on time is the typical case, not an exemption.
      const exemption = /\b(doi voi|cho|nguoi|truong hop|thuoc dien|doi tuong|ho ngheo|khuyet tat|co cong)\b/.test(f) && !validity.length && !/\bdung han\b/.test(f);
      const cond = conditionText(raw, validity, 0);
      rules.push({ ...blank(), kind: 'free', condition: cond, exemption, audience: cAudience, case: /\bdung han\b/.test(f) ? 'first' : cCase, channel: cChannel, ...period });
      continue;
    }
    // "2.000.000đ/lần (Miễn kể từ ngày … đến …)": the period is the exemption's, not the amount's.
    const mienAt = mien ? f.search(/\bmien\b/) : -1;
    const datedFree = mienAt >= 0 && amounts.length > 0 && validity.some((v) => v.start > mienAt);
    const amountPeriod = datedFree ? { validFrom: null, validUntil: null } : period;
    let prevEnd = 0;
    for (const m of amounts) {
      const unitRaw = m[3] ? raw.slice(m.index! + m[1]!.length + (m[2]?.length ?? 0), m.index! + m[0].length) : undefined;
      const before = raw.slice(prevEnd, m.index);
      const after = raw.slice(m.index! + m[0].length);
      let condition = conditionText(before, validity, prevEnd);
      // "2.400.000 Đồng (Cấp lại do mất, rách, hỏng": a condition written after the amount.
      const paren = /^\s*(?:đồng|Đồng)?\s*\(([^()]{3,120})/u.exec(after);
      if (!condition && paren && !/^\s*(?:theo|căn cứ|áp dụng|kể từ|từ|miễn)/iu.test(paren[1]!)) condition = tidy(paren[1]!);
      // "…: 20.000 đồng/GCN (chỉ đất); 50.000 đồng/GCN (đất và nhà)": an amount opening its clause is
      // another rate of the lead before it, for the same case.
      const sameLead = prevEnd === 0 && before.trim() === '' && lastAmount !== null && lastAmount.case !== null && rules.includes(lastAmount);
      const scope = foldSameLength(`${before} ${condition ?? ''}`);
      const rule: FeeRule = {
        ...blank(),
        amountVnd: toVnd(m[1]!),
        unit: unitOf(unitRaw),
        condition,
        audience: audienceOf(scope) ?? (amounts.length === 1 ? cAudience : null),
        case: caseOf(foldSameLength(condition ?? '')) ?? (sameLead ? lastAmount!.case : null),
        channel: amounts.length === 1 ? cChannel : channelOf(scope),
        ...amountPeriod,
      };
      if (rule.unit && /nguoi\//.test(foldSameLength(rule.unit))) rule.audience = 'group';
      rules.push(rule);
      lastAmount = rule;
      prevEnd = m.index! + m[0].length;
    }
    if (datedFree) rules.push({ ...blank(), kind: 'free', ...period });
    if (amounts.length === 0 && validity.length && rules.length === 0 && fee.amountVnd !== null) {
      // "Mức phí kể từ ngày … đến hết ngày …" with the amount only in the structured field.
      rules.push({ ...blank(), amountVnd: fee.amountVnd, condition: conditionText(raw, validity, 0), ...period });
      lastAmount = rules[rules.length - 1]!;
    } else if (amounts.length === 0 && validity.length) {
      // A validity phrase alone applies to the amounts of the clause before it.
      for (const r of rules) if (r.kind === 'amount' && !r.validFrom && !r.validUntil && r === lastAmount) Object.assign(r, period);
    }
  }

  // "Miễn phí - Trường hợp công dân thuộc diện được miễn …": one exemption, not free for all.
  if (rules.some((r) => r.exemption)) {
    for (let i = rules.length - 1; i >= 0; i--) {
      const r = rules[i]!;
      if (r.kind === 'free' && !r.exemption && !r.validFrom && !r.validUntil && (!r.condition || /^mi[eễ]n ph[ií]( đồng)?$/iu.test(r.condition))) rules.splice(i, 1);
    }
  }
  if (fee.free && !rules.some((r) => r.kind === 'free')) {
    rules.unshift({ ...blank(), kind: 'free', condition: fee.description && !/^mi[eễ]n ph[ií]$/iu.test(fee.description.trim()) ? tidy(fee.description) : null });
  }
  // The structured amount is the base rate when the text quotes only other amounts
  // (a reduced rate "áp dụng mức phí 400.000 đồng … đến hết ngày …" beside 800.000).
  if (!fee.free && fee.amountVnd !== null && fee.amountVnd > 0 && !rules.some((r) => r.kind === 'amount' && r.amountVnd === fee.amountVnd)) {
    const onlyDated = rules.filter((r) => r.kind === 'amount').every((r) => r.validFrom || r.validUntil);
    const unitFromText = /^\s*\/\s*([^\s(;,.:]+(?:\s+[^\s(;,.:]+){0,2})/u.exec(fee.description)?.[1];
    // "Lệ phí cấp Giấy chứng nhận: Đăng ký biến động trên Giấy chứng nhận đã cấp (Đất)" beside 25.000: the
    // text names the row's case, which tells a reissue row from the typical one.
    const named = !unitFromText && !hasAmount(fee.description) ? conditionText(fee.description.replace(FEE_LABEL_RE, ''), [], 0) : null;
    if (onlyDated) rules.unshift({ ...blank(), amountVnd: fee.amountVnd, unit: unitFromText ? tidy(unitFromText) : null, condition: named, case: named ? caseOf(foldSameLength(named)) : null });
  }
  return withoutBareNumber(fee, rules);
}

/**
 * The portal's number field sometimes holds what is no amount in đồng: a consular fee in
 * dollars ("155" beside "… 155 USD/thẻ"), or a figure with its unit lost ("90", "45", "1" beside a
 * circular's title; no fee is under 1.000 đồng). Such a number said "90 đồng" would be wrong:
 * beside a foreign amount it goes, otherwise it is said as published, with no unit, and the
 * citizen is told to ask. An amount the text itself prints in đồng stays.
 */
function withoutBareNumber(fee: Fee, rules: FeeRule[]): FeeRule[] {
  const n = fee.amountVnd;
  if (n === null || n <= 0 || n >= 1000) return rules;
  if (new RegExp(String.raw`(?<![\d.,])${n}\s*(?:đồng|đ|vnđ)(?!\p{L})`, 'iu').test(fee.description)) return rules;
  const foreign = rules.some((r) => r.kind === 'foreign');
  return rules.flatMap((r): FeeRule[] => {
    if (r.kind !== 'amount' || r.amountVnd !== n) return [r];
    if (foreign) return [];
    return [{ ...r, kind: 'foreign', amountVnd: null, unit: null, text: `Cổng Dịch vụ công ghi mức «${n}» nhưng không ghi đơn vị, anh/chị hỏi lại nơi nộp hồ sơ` }];
  });
}

/** Whether the rules say what is paid (an amount, a share, free) rather than only text. */
export function isStructured(rules: readonly FeeRule[]): boolean {
  return rules.some((r) => (r.kind === 'amount' && r.amountVnd !== null) || r.kind === 'free' || r.kind === 'foreign');
}

/**
 * "… thu lệ phí … một lần khi làm thủ tục nhập kho, khi xuất kho không thu; mức thu là 20.000
 * VNĐ/tờ khai": one fee note shared by related procedures, saying for which step nothing is
 * charged. The procedure whose own name is that step ("… xuất kho ngoại quan …") pays nothing;
 * the others keep the amount. Undefined when the note names no such step or not this one.
 */
function notChargedForThis(p: Procedure, fee: Fee): FeeRule[] | undefined {
  const m = /\bkhi\s+((?:\p{L}+\s+){0,3}\p{L}+)\s+không thu\b/iu.exec(fee.description);
  if (!m) return undefined;
  const step = foldSameLength(m[1]!.toLocaleLowerCase('vi')).replace(/^(?:lam thu tuc|thuc hien)\s+/, '');
  if (step.split(' ').length < 2 || !foldSameLength(p.name.toLocaleLowerCase('vi')).includes(step)) return undefined;
  return [{ ...blank(), kind: 'free', text: tidy(fee.description) }];
}

/** A fee's own heading: "Phí thẩm định:", "- Lệ phí cấp giấy phép lái xe:". */
export const FEE_LABEL_RE = /^\s*[-+•*]?\s*((?:lệ phí|phí)\s[^:;.\n]{2,60}?)\s*:\s*/iu;

/** The heading of a published fee ("Phí thẩm định"), or null. */
export function feeLabel(fee: Fee): string | null {
  const m = FEE_LABEL_RE.exec(fee.description);
  return m ? tidy(m[1]!) : null;
}

/**
 * "- Phí sát hạch lái xe: … - Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần …": one published
 * text holding a fee (phí) and a charge (lệ phí) under their own headings, as two fees.
 */
export function splitFeeSections(fee: Fee): Fee[] {
  const heads = [...fee.description.matchAll(/(?:^|\n|[.;]\s+|\s)[-•]\s*((?:lệ phí|phí)\s[^:;.\n]{2,60}?)\s*:/giu)];
  if (heads.length < 2) return [fee];
  const kinds = heads.map((h) => (/^lệ/iu.test(h[1]!) ? 'le_phi' : 'phi') as Fee['kind']);
  if (new Set(kinds).size < 2) return [fee];
  return heads.map((h, i) => {
    const start = h.index! + h[0].indexOf(h[1]!);
    const end = i + 1 < heads.length ? heads[i + 1]!.index! : fee.description.length;
    return { kind: kinds[i]!, amountVnd: null, free: false, description: fee.description.slice(start, end).trim() };
  });
}

const cache = new WeakMap<Procedure, ParsedFee[]>();

/** Every published fee of a record as rules, computed once per record. */
export function feeRulesOf(p: Procedure): ParsedFee[] {
  const hit = cache.get(p);
  if (hit) return hit;
  const out: ParsedFee[] = [];
  for (const c of p.channels as SubmissionChannel[]) {
    for (const published of c.fees) {
      for (const fee of published.amountVnd === null ? splitFeeSections(published) : [published]) {
        const rules = notChargedForThis(p, fee) ?? parseFee(fee, c.kind, c.description);
        out.push({ channel: c.kind, fee, rules, structured: isStructured(rules) });
      }
    }
  }
  cache.set(p, out);
  return out;
}
