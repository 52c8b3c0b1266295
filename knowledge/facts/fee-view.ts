import type { ChannelKind, Procedure } from '../procedure.js';
import { feeLabel, feeRulesOf, type FeeCase, type FeeRule, type ParsedFee } from './fees.js';
import { foldSameLength } from '../text/index.js';
import { findValidity, validityStatus } from './validity.js';

/**
 * What a citizen pays today, from the structured rules: one line per channel for the
 * typical applicant (an individual, the case they asked about, no exemption), the other
 * current rules one tap away, and rules that ended or start later said as such. Nothing
 * is computed that the record does not state (a 50% reduction is said as "50% mức này",
 * not as a derived amount), so every number can be checked against the record.
 */

export interface FeeAsker {
  /** The case the citizen asked about ("mất" → reissue); null when not said. */
  case?: FeeCase;
  /** Acting for a group ("theo danh sách")? Default: an individual. */
  group?: boolean;
}

export interface ChannelFee {
  channel: ChannelKind;
  /** The typical case in one line; null when the record states nothing usable. */
  text: string | null;
}

export interface FeeSummary {
  typical: ChannelFee[];
  /** Other current rules with their conditions (reissue, group, exemptions). */
  other: string[];
  /** Rules that start later ("Từ ngày 01/7/2027: …"). */
  upcoming: string[];
  /** Rules that ended, said as ended ("… chỉ áp dụng đến hết ngày 31/12/2023"). */
  expired: string[];
  /** Whether any published fee became a structured rule. */
  structured: boolean;
}

/** 2000 → "2.000 đồng". */
export function formatAmount(vnd: number): string {
  return `${vnd.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đồng`;
}

/** ISO → "31/12/2026" (as the portal writes dates). */
export function formatDay(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

function amountText(r: FeeRule): string {
  if (r.amountVnd === null) return '';
  let t = `${formatAmount(r.amountVnd)}${r.unit ? `/${r.unit}` : ''}`;
  if (r.tiers.length) {
    const tier = r.tiers[0]!;
    const first = tier.fromPage - 1;
    t += ` cho trang ${first > 1 ? `1–${first}` : '1'}, từ trang thứ ${tier.fromPage}: ${formatAmount(tier.amountVnd)}/trang`;
  }
  if (r.cap) t += `, tối đa ${formatAmount(r.cap.amountVnd)}${r.cap.unit ? `/${r.cap.unit}` : ''}`;
  return t;
}

function period(r: FeeRule): string {
  if (r.validFrom && r.validUntil) return `từ ngày ${formatDay(r.validFrom)} đến hết ngày ${formatDay(r.validUntil)}`;
  if (r.validUntil) return `đến hết ngày ${formatDay(r.validUntil)}`;
  if (r.validFrom) return `từ ngày ${formatDay(r.validFrom)}`;
  return '';
}

function ruleText(r: FeeRule): string {
  switch (r.kind) {
    case 'amount':
      return amountText(r);
    case 'percent':
      return r.percentWording === 'reduction' ? `giảm ${r.percent}% mức lệ phí` : `thu ${r.percent}% mức lệ phí`;
    case 'free':
      return 'miễn phí';
    case 'foreign':
      return r.text ?? '';
    case 'set_locally':
      return 'mức thu do Hội đồng nhân dân tỉnh/thành phố quyết định';
  }
}

function withCondition(r: FeeRule, text: string): string {
  const c = r.condition && !/^mi[eễ]n ph[ií]/iu.test(r.condition) ? truncate(r.condition, 160) : '';
  const t = c ? `${c}: ${text}` : text;
  return t.charAt(0).toLocaleUpperCase('vi') + t.slice(1);
}

function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20)).trim()}…`;
}

/** Whether a published text states a validity period that has ended on `now`. */
export function hasExpiredPeriod(text: string, now: Date): boolean {
  return findValidity(text).some((v) => validityStatus(v, now) === 'expired');
}

/** "Phí cấp bản sao Trích lục … (nếu có yêu cầu)": an extra the citizen may ask for, not the procedure's fee. */
function isOptionalExtra(r: FeeRule): boolean {
  const c = foldSameLength(r.condition ?? '');
  return /phi cap ban sao|ban sao trich luc|neu co yeu cau|trich luc ban do/.test(c);
}

const applies = (r: FeeRule, ch: ChannelKind): boolean => r.channel === null || r.channel === ch;

/**
 * A channel publishing a fee (phí, e.g. "Phí thẩm định") and a charge (lệ phí, e.g. "Lệ phí cấp
 * giấy chứng nhận") separately: the citizen pays both, so each is said with its heading and
 * the typical row's amount ("Phí thẩm định 150.000 đồng/hồ sơ (đất ở) + lệ phí cấp giấy chứng
 * nhận 20.000 đồng/GCN, tổng 170.000 đồng"), the total being a sum the grounding check accepts
 * (one fee and one charge of the same channel and case). Undefined unless the channel has both kinds and each gives a rate for the
 * typical case.
 */
function componentsText(
  fees: ParsedFee[],
  ch: ChannelKind,
  pick: (rules: FeeRule[]) => { base?: FeeRule; note: string[] },
  now: Date,
): string | undefined {
  const kinds = new Set(fees.map((x) => x.fee.kind));
  if (!(kinds.has('phi') && kinds.has('le_phi')) || kinds.has('khac')) return undefined;
  const parts: Array<{ label: string; base: FeeRule; note: string[] }> = [];
  for (const kind of ['phi', 'le_phi'] as const) {
    const own = fees.filter((x) => x.fee.kind === kind);
    const rules = own.flatMap((x) => x.rules).filter((r) => applies(r, ch));
    // The channel's own rate ("… trực tuyến là 0 đồng") before the general one.
    const specific = rules.filter((r) => r.channel === ch && r.kind === 'amount' && validityStatus({ from: r.validFrom, until: r.validUntil }, now) === 'current');
    const { base, note } = pick(specific.length ? [...specific, ...rules.filter((r) => r.kind !== 'amount')] : rules);
    if (!base || base.kind !== 'amount' || base.amountVnd === null) return undefined;
    const label = own.map((x) => feeLabel(x.fee)).find(Boolean) ?? (kind === 'phi' ? 'Phí' : 'Lệ phí');
    parts.push({ label: label!, base, note });
  }
  const SHARE = /^(?:áp dụng|sau đó|từ ngày|đến hết|giảm|chỉ thu|bằng)\s/iu;
  const text = parts
    .map((x, i) => {
      const label = i === 0 ? x.label.charAt(0).toLocaleUpperCase('vi') + x.label.slice(1) : x.label.charAt(0).toLocaleLowerCase('vi') + x.label.slice(1);
      const sameAsLabel = (t: string) => foldSameLength(t.toLocaleLowerCase('vi')).startsWith(foldSameLength(x.label.toLocaleLowerCase('vi')));
      // The row's own words after its heading ("hộ gia đình, cá nhân: Đối với đất ở" → "đất ở"), when short.
      const own = x.base.channel === null && x.base.condition && !sameAsLabel(x.base.condition) ? x.base.condition : undefined;
      const bare = own ? own.replace(/^.*:\s*/u, '').replace(/^(?:đối với|trường hợp)\s+/iu, '').trim() : '';
      const cond = bare && bare.length <= 40 && !/^(?:mức thu|lệ phí|phí)(?!\p{L})/iu.test(bare) ? bare.charAt(0).toLocaleLowerCase('vi') + bare.slice(1) : '';
      const rest = x.note.filter((n) => SHARE.test(n));
      const paren = [cond, ...rest].filter(Boolean);
      return `${label} ${amountText(x.base)}${paren.length ? ` (${paren.join('; ')})` : ''}`;
    })
    .join(' + ');
  // The citizen pays both: the total said too, when each part is a plain amount paid as stated
  // (no per-page tiers, cap, or share "chỉ thu 50% mức này" left to apply). The grounding check
  // accepts a sum of one fee and one charge published for the same channel and case.
  const plain = parts.every((x) => x.base.amountVnd! > 0 && !x.base.tiers.length && !x.base.cap && !x.note.some((n) => /mức này/iu.test(n)));
  return plain ? `${text}, tổng ${formatAmount(parts.reduce((a, x) => a + x.base.amountVnd!, 0))}` : text;
}

/** Fees of a record evaluated on `now` for the typical asker. */
export function feesAt(p: Procedure, now: Date, asker: FeeAsker = {}): FeeSummary {
  const parsed = feeRulesOf(p);
  const channels = [...new Set(parsed.map((x) => x.channel))];
  const other = new Set<string>();
  const upcoming = new Set<string>();
  const expired = new Set<string>();
  const byChannel = new Map<ChannelKind, FeeRule[]>();
  for (const ch of channels) byChannel.set(ch, parsed.filter((x) => x.channel === ch).flatMap((x) => x.rules).filter((r) => applies(r, ch)));

  const pick = (rules: FeeRule[]): { base?: FeeRule; note: string[] } => {
    const status = (r: FeeRule) => validityStatus({ from: r.validFrom, until: r.validUntil }, now);
    const amounts = rules.filter((r) => (r.kind === 'amount' || r.kind === 'foreign') && status(r) === 'current' && !r.exemption && !isOptionalExtra(r) && (asker.group ? true : r.audience !== 'group'));
    const vnd = amounts.some((r) => r.kind === 'amount') ? amounts.filter((r) => r.kind === 'amount') : amounts;
    const wanted = asker.case ?? null;
    const byCase = wanted ? vnd.filter((r) => r.case === wanted) : [];
    const plain = vnd.filter((r) => r.case === null || r.case === 'first');
    // Free on time, a fee when late: a citizen who did not say "late" is on time.
    const freeTypical = rules.some((r) => r.kind === 'free' && !r.exemption && r.case === 'first' && status(r) === 'current');
    const pool = byCase.length ? byCase : plain.length ? plain : freeTypical && wanted !== 'late' ? [] : vnd;
    const dated = pool.filter((r) => r.validUntil || r.validFrom);
    const base = dated[0] ?? pool[0];
    const note: string[] = [];
    // Rules of several cases in the pool ("đối với Trung tâm trọng tài", "đối với Chi nhánh …"): the line says whose it is.
    if (base?.condition && pool.some((r) => r.condition !== base.condition)) note.push(truncate(base.condition.charAt(0).toLocaleLowerCase('vi') + base.condition.slice(1), 110));
    if (base && (base.validUntil || base.validFrom)) {
      note.push(`áp dụng ${period(base)}`);
      const undated = pool.filter((r) => r !== base && !r.validFrom && !r.validUntil && r.kind === 'amount');
      const after = undated.find((r) => r.condition === base.condition) ?? undated[0];
      if (after && base.validUntil) note.push(`sau đó ${amountText(after)}`);
    }
    const percents = rules.filter((r) => r.kind === 'percent' && status(r) === 'current' && r.percent !== null && !r.exemption);
    if (base && base.kind === 'amount' && base.amountVnd !== null && !base.validFrom && !base.validUntil && percents.length === 1) {
      // "70.000 đồng/thẻ … từ 01/7/2025 đến hết 31/12/2026 thu 50%": today's amount is what the
      // citizen pays; the published rate and the period are said beside it.
      const r = percents[0]!;
      const share = r.percentWording === 'reduction' ? 100 - r.percent! : r.percent!;
      const today: FeeRule = { ...base, amountVnd: Math.round((base.amountVnd * share) / 100), tiers: [], cap: null };
      const after = r.validUntil ? `; sau ngày ${formatDay(r.validUntil)}: ${amountText(base)}` : '';
      return { base: today, note: [`${r.percentWording === 'reduction' ? `giảm ${r.percent}%` : `bằng ${r.percent}%`} mức ${formatAmount(base.amountVnd)} ${period(r)}${after}`.trim()] };
    }
    for (const r of percents) note.push(`${period(r)} ${r.percentWording === 'reduction' ? `giảm ${r.percent}%` : `chỉ thu ${r.percent}%`} mức này`.trim());
    // One rate published on every row of a channel (a record listing one row per case) is said once.
    return { base, note: [...new Set(note)] };
  };

  const typical: ChannelFee[] = [];
  for (const ch of channels) {
    const rules = byChannel.get(ch)!;
    const status = (r: FeeRule) => validityStatus({ from: r.validFrom, until: r.validUntil }, now);
    for (const r of rules) {
      const s = status(r);
      if (s === 'expired') expired.add(`${withCondition(r, ruleText(r))} (${period(r)}, nay đã hết hạn)`);
      else if (s === 'upcoming') upcoming.add(`${period(r).replace(/^t/, 'T')}: ${ruleText(r)}${r.condition && r.kind !== 'free' ? ` (${truncate(r.condition, 120)})` : ''}`);
    }
    const freeNow = rules.find((r) => r.kind === 'free' && !r.exemption && status(r) === 'current' && (r.validUntil || r.validFrom));
    const freeAlways = rules.find((r) => r.kind === 'free' && !r.exemption && status(r) === 'current' && !r.validUntil && !r.validFrom);
    let { base, note } = pick(rules);
    if (!base && !freeAlways && rules.some((r) => status(r) === 'expired')) {
      // The channel's own (reduced) rate ended: the general rate published for another channel applies.
      for (const other of channels) {
        if (other === ch) continue;
        const alt = pick(byChannel.get(other)!.filter((r) => !r.validFrom && !r.validUntil));
        if (alt.base) {
          base = alt.base;
          note = alt.note;
          break;
        }
      }
    }
    let text: string | null = null;
    const parts = freeNow || freeAlways ? undefined : componentsText(parsed.filter((x) => x.channel === ch), ch, pick, now);
    if (parts) {
      text = parts;
    } else if (freeNow) {
      text = `miễn phí ${period(freeNow)}${base ? ` (ngoài thời gian đó: ${ruleText(base)})` : ''}`;
    } else if (base) {
      text = `${ruleText(base)}${note.length ? ` (${note.join('; ')})` : ''}`;
    } else if (freeAlways) {
      // "Miễn lệ phí đăng ký khai sinh đúng hạn": the published wording keeps its condition.
      const c = freeAlways.condition;
      const note = freeAlways.text ? ` (${truncate(freeAlways.text.charAt(0).toLocaleLowerCase('vi') + freeAlways.text.slice(1), 110)})` : '';
      text = c && /^miễn/iu.test(c) && c.length <= 140 ? c : `miễn phí${note}`;
    } else if (rules.some((r) => r.kind === 'set_locally' && status(r) === 'current')) {
      text = ruleText(rules.find((r) => r.kind === 'set_locally')!);
    }
    typical.push({ channel: ch, text });
    for (const r of rules) {
      if (status(r) !== 'current' || r === base || r === freeNow || r === freeAlways || r.kind === 'percent') continue;
      if (r.kind === 'set_locally' && text?.startsWith('mức thu do')) continue;
      if (r.kind === 'free' && r.exemption) other.add(`Miễn phí: ${truncate(r.condition ?? '', 200)}`);
      else if (base && r.kind === 'amount' && !r.validUntil && !r.validFrom && base.validUntil && r.amountVnd !== null && (r.case ?? null) === (base.case ?? null) && (r.condition === base.condition || !r.condition)) continue;
      else other.add(withCondition(r, `${ruleText(r)}${r.validFrom || r.validUntil ? ` (${period(r)})` : ''}`));
    }
  }
  return {
    typical,
    other: [...other].filter(Boolean),
    upcoming: [...upcoming],
    expired: [...expired],
    structured: parsed.some((x) => x.structured),
  };
}
