import type { Procedure } from '../knowledge/index.js';
import { feeRulesOf, portalUrl } from '../knowledge/index.js';
import { BOILERPLATE } from './answer/format.js';
import { fold } from './text.js';

/**
 * Grounding check: every number (fees, durations, counts, dates, codes), every quoted
 * document name and every link in a reply must come from the cited record(s). Used by
 * the eval runner and to vet anything an LLM rephrased. Pure function, no I/O.
 */

export interface GroundingViolation {
  kind: 'number' | 'quote' | 'link';
  text: string;
}

export interface GroundingResult {
  ok: boolean;
  violations: GroundingViolation[];
  /** How many numbers, quotes and links were checked. */
  checked: number;
}

export interface GroundingOptions {
  /** Fixed sentences that carry their own source (stripped before checking). */
  boilerplate?: readonly string[];
}

export const DEFAULT_BOILERPLATE: readonly string[] = Object.values(BOILERPLATE);

function strings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number') out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
}

const DURATION_UNITS = new Set(['ngay', 'gio', 'thang', 'tuan', 'phut', 'nam']);

function stripZeros(d: string): string {
  return d.replace(/^0+(?=\d)/, '');
}

interface Evidence {
  numbers: Set<string>;
  text: string;
  urls: Set<string>;
}

function evidenceOf(procedures: readonly Procedure[]): Evidence {
  const numbers = new Set<string>();
  const urls = new Set<string>();
  const texts: string[] = [];
  for (const p of procedures) {
    const all: string[] = [];
    strings(p, all);
    texts.push(...all);
    urls.add(portalUrl(p.code));
    urls.add(p.provenance.url);
    for (const s of all) {
      for (const m of s.matchAll(/\d+/g)) numbers.add(stripZeros(m[0]));
      // "50.000" / "50,000" as one amount.
      for (const m of s.matchAll(/\d{1,3}(?:[.,]\d{3})+/g)) numbers.add(stripZeros(m[0].replace(/\D/g, '')));
    }
  }
  // A reduction the record states ("… thu 50% mức thu lệ phí", "giảm 20%") makes the amount a
  // citizen pays today a number of the record too: X% (and 100 − X%) of each stated amount.
  const joined = texts.join(' | ');
  const percents = new Set([...joined.matchAll(/(\d{1,3})\s*%/g)].map((m) => Number(m[1])).filter((x) => x > 0 && x < 100));
  if (percents.size) {
    const amounts = [...numbers].map(Number).filter((n) => n >= 1000);
    for (const a of amounts) for (const pc of percents) for (const share of [pc, 100 - pc]) {
      const v = (a * share) / 100;
      if (Number.isInteger(v)) numbers.add(String(v));
    }
  }
  for (const p of procedures) for (const total of feeTotals(p)) numbers.add(String(total));
  return { numbers, urls, text: ` ${fold(joined)} ` };
}

/**
 * What a citizen pays in all on one channel when the record publishes a fee (phí) and a charge
 * (lệ phí) apart ("Phí thẩm định 150.000 đồng/hồ sơ + Lệ phí cấp giấy chứng nhận 20.000 đồng",
 * said "tổng 170.000 đồng"): the sum of one amount of each kind published for that channel, of
 * the same case (or one of them for every case), each amount as stated or as a stated share of
 * it. Two amounts of one kind (two rows of "Phí thẩm định" for two kinds of land) are never
 * added: the citizen pays one of them.
 */
function feeTotals(p: Procedure): Set<number> {
  const out = new Set<number>();
  const parsed = feeRulesOf(p);
  for (const ch of new Set(parsed.map((x) => x.channel))) {
    // The shares the channel's own fee texts state ("chỉ thu 50%", "giảm 20%").
    const percents = new Set(parsed.filter((y) => y.channel === ch).flatMap((y) => y.rules).filter((r) => r.kind === 'percent' && r.percent !== null).map((r) => r.percent!));
    const byKind = new Map<string, Array<{ vnd: number; case: string | null }>>();
    for (const x of parsed.filter((y) => y.channel === ch)) {
      const list = byKind.get(x.fee.kind) ?? [];
      for (const r of x.rules) {
        if (r.kind !== 'amount' || r.amountVnd === null || (r.channel !== null && r.channel !== ch)) continue;
        const values = new Set([r.amountVnd]);
        for (const pc of percents) for (const share of [pc, 100 - pc]) {
          const v = (r.amountVnd * share) / 100;
          if (Number.isInteger(v)) values.add(v);
        }
        const c = r.case === 'first' ? null : r.case;
        // A channel published on several rows repeats its texts: each amount once.
        for (const vnd of values) if (!list.some((a) => a.vnd === vnd && a.case === c)) list.push({ vnd, case: c });
      }
      byKind.set(x.fee.kind, list);
    }
    const kinds = [...byKind.values()].filter((l) => l.length > 0 && l.length <= 60);
    if (kinds.length < 2) continue;
    const fits = (a: string | null, b: string | null) => a === null || b === null || a === b;
    const add = (i: number, sum: number, caseSoFar: string | null, taken: number): void => {
      if (taken >= 2) out.add(sum);
      for (let k = i; k < kinds.length; k++) {
        for (const a of kinds[k]!) if (fits(caseSoFar, a.case)) add(k + 1, sum + a.vnd, caseSoFar ?? a.case, taken + 1);
      }
    };
    add(0, 0, null, 0);
  }
  return out;
}

/** Checks `reply` against the records it cites. With no records, any number or quote is a violation. */
export function checkGrounding(reply: string, procedures: readonly Procedure[], options: GroundingOptions = {}): GroundingResult {
  const ev = evidenceOf(procedures);
  const violations: GroundingViolation[] = [];
  let checked = 0;
  let text = reply.normalize('NFC');
  for (const b of options.boilerplate ?? DEFAULT_BOILERPLATE) text = text.split(b).join(' ');

  // Links: markdown targets and bare URLs.
  text = text.replace(/\]\((https?:\/\/[^)\s]+)\)/g, (_m, url: string) => {
    checked++;
    if (!ev.urls.has(url)) violations.push({ kind: 'link', text: url });
    return ']';
  });
  text = text.replace(/https?:\/\/\S+/g, (url) => {
    checked++;
    if (!ev.urls.has(url)) violations.push({ kind: 'link', text: url });
    return ' ';
  });

  // Quotes: curly and straight double quotes; a trailing "…" marks a cut prefix.
  for (const m of text.matchAll(/“([^”]{2,})”|"([^"]{2,})"/g)) {
    const quoted = (m[1] ?? m[2] ?? '').replace(/…$/u, '').trim();
    const f = fold(quoted);
    if (!f) continue;
    checked++;
    if (!ev.text.includes(` ${f}`)) violations.push({ kind: 'quote', text: quoted });
  }

  for (const m of text.matchAll(/\d+(?:[.,/:-]\d+)*/g)) {
    const token = m[0];
    checked++;
    let ok = /^\d{1,3}(?:[.,]\d{3})+$/.test(token)
      ? ev.numbers.has(stripZeros(token.replace(/\D/g, '')))
      : token.split(/[.,/:-]/).every((d) => ev.numbers.has(stripZeros(d)));
    // A duration must appear with its unit ("15 ngày"), not just as some number of the record.
    const after = fold(text.slice(m.index! + token.length, m.index! + token.length + 12)).split(' ')[0] ?? '';
    if (ok && DURATION_UNITS.has(after) && !(after === 'nam' && Number(token) > 100)) {
      // "3 ngày" is the record's "03 ngày": leading zeros are no other number.
      ok = new RegExp(` 0*${stripZeros(fold(token))} ${after}`).test(ev.text);
    }
    if (!ok) violations.push({ kind: 'number', text: token });
  }
  return { ok: violations.length === 0, violations, checked };
}
