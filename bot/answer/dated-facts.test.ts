import { beforeAll, describe, expect, it } from 'vitest';
import { feeRulesOf, feesAt, findValidity, formatAmount, formatDay, loadCatalogue, validityStatus, type Catalogue, type FeeRule, type Procedure } from '../../knowledge/index.js';
import { checkGrounding } from '../grounding.js';
import { composeAspect, composeShortAnswer } from './compose.js';

/**
 * Over the real committed catalogue: every record whose fee clauses carry a validity
 * period is answered on a fixed "today" and on the day after each of its rules ends.
 * No answer may present a rule whose period has ended as the current fee.
 */

const TODAY = new Date('2026-12-06T03:00:00Z');

function dayAfter(iso: string): Date {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return new Date(d.getTime() + 3 * 3600_000); // 10:00 in Vietnam
}

function datedRules(p: Procedure): FeeRule[] {
  return feeRulesOf(p).flatMap((x) => x.rules).filter((r) => r.validFrom || r.validUntil);
}

/** End dates of the validity clauses written in a record's fee texts. */
function clauseEnds(p: Procedure): string[] {
  const texts = p.channels.flatMap((c) => [c.description ?? '', ...c.fees.map((f) => f.description ?? '')]);
  return [...new Set(texts.flatMap((t) => findValidity(t).map((v) => v.until)).filter((x): x is string => !!x))];
}

/** "31/12/2026" as a record may write it ("31/12/2026", "31/12/2026", "1/7/2025"). */
function dayPattern(iso: string): RegExp {
  const [y, m, d] = iso.split('-');
  return new RegExp(`(?<!\\d)0?${Number(d)}/0?${Number(m)}/${y}(?!\\d)`);
}

/** The lines of an answer that present fees as current (the expired section excluded). */
function currentFeeText(text: string): string {
  const cut = text.indexOf('Mức thu đã hết hạn');
  return cut >= 0 ? text.slice(0, cut) : text;
}

function expectNoExpiredQuoted(p: Procedure, now: Date): void {
  const rules = feeRulesOf(p).flatMap((x) => x.rules);
  const status = (r: FeeRule) => validityStatus({ from: r.validFrom, until: r.validUntil }, now);
  const live = rules.filter((r) => status(r) !== 'expired');
  const short = composeShortAnswer(p, undefined, undefined, { now }).text;
  const fee = currentFeeText(composeAspect(p, 'fee', { now }).text);
  for (const r of rules.filter((x) => status(x) === 'expired')) {
    const label = `${p.code} at ${now.toISOString().slice(0, 10)}: rule until ${r.validUntil}`;
    // Its end date is never quoted as a period still running.
    const end = formatDay(r.validUntil!);
    if (!live.some((x) => x.validUntil === r.validUntil)) {
      expect(short, label).not.toContain(end);
      expect(fee, label).not.toContain(end);
    }
    // Its amount is not offered, unless a rule still in force states the same amount.
    if (r.kind === 'amount' && r.amountVnd !== null && !live.some((x) => x.amountVnd === r.amountVnd || x.tiers.some((t) => t.amountVnd === r.amountVnd) || x.cap?.amountVnd === r.amountVnd)) {
      const summary = feesAt(p, now);
      const current = [...summary.typical.map((t) => t.text ?? ''), ...summary.other].join(' | ');
      expect(current, label).not.toContain(formatAmount(r.amountVnd));
    }
    if (r.kind === 'free' && !live.some((x) => x.kind === 'free')) {
      expect(feesAt(p, now).typical.map((t) => t.text ?? '').join(' | '), label).not.toMatch(/miễn phí/i);
    }
    if (r.kind === 'percent' && !live.some((x) => x.kind === 'percent' && x.percent === r.percent)) {
      expect(short, label).not.toContain(`${r.percent}%`);
    }
  }
}

describe('dated fee rules over the committed catalogue', () => {
  let catalogue: Catalogue;
  let dated: Procedure[];
  beforeAll(async () => {
    catalogue = await loadCatalogue();
    dated = catalogue.all().filter((p) => p.detailLevel === 'full' && datedRules(p).length > 0);
  });

  it('finds the records with dated clauses (the portal publishes over a hundred)', () => {
    expect(dated.length).toBeGreaterThan(100);
  });

  it('quotes no expired rule as current on a fixed today', () => {
    for (const p of dated) expectNoExpiredQuoted(p, TODAY);
  });

  it('quotes no rule as current on the day after it ends', () => {
    for (const p of dated) {
      const ends = [...new Set(datedRules(p).map((r) => r.validUntil).filter((x): x is string => !!x))];
      for (const end of ends) expectNoExpiredQuoted(p, dayAfter(end));
    }
  });

  it('covers the records whose fee text has a validity clause the rules did not structure: on the day after it ends, its end date is not shown as current', () => {
    // "Mức phí kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 theo quy định tại Thông tư số 64/2025/TT-BTC" with no amount (1.000312, 1.013216).
    const textual = catalogue.all().filter((p) => p.detailLevel === 'full' && datedRules(p).length === 0 && clauseEnds(p).length > 0);
    expect(textual.length).toBeGreaterThan(5);
    for (const p of textual) {
      for (const end of clauseEnds(p)) {
        for (const now of validityStatus({ from: null, until: end }, TODAY) === 'expired' ? [TODAY, dayAfter(end)] : [dayAfter(end)]) {
          const label = `${p.code} at ${now.toISOString().slice(0, 10)}: clause until ${end}`;
          expect(composeShortAnswer(p, undefined, undefined, { now }).text, label).not.toMatch(dayPattern(end));
          expect(currentFeeText(composeAspect(p, 'fee', { now }).text), label).not.toMatch(dayPattern(end));
        }
      }
    }
  });

  it('no processing time carries a validity clause (if an import brings one, it needs the same handling as fees)', () => {
    const dated = catalogue.all().filter((p) => p.channels.some((c) => findValidity(c.processingTime?.text ?? '').length > 0));
    expect(dated.map((p) => p.code)).toEqual([]);
  });

  it('keeps every number of the fee answers in the record on those days (grounding)', () => {
    for (const p of dated) {
      for (const now of [TODAY, ...datedRules(p).filter((r) => r.validUntil).map((r) => dayAfter(r.validUntil!))]) {
        expect(checkGrounding(composeShortAnswer(p, undefined, undefined, { now }).text, [p]).violations, p.code).toEqual([]);
        expect(checkGrounding(composeAspect(p, 'fee', { now }).text, [p]).violations, p.code).toEqual([]);
      }
    }
  });

  it('the ID card fee carries its 50% reduction until 31/12/2026, and the full fee after', () => {
    const p = catalogue.get('1.000757')!;
    const before = composeShortAnswer(p, undefined, undefined, { now: TODAY }).text;
    expect(before).toMatch(/35\.000 đồng\/thẻ căn cước \(bằng 50% mức 70\.000 đồng [^)]*đến hết ngày 31\/12\/2026; sau ngày 31\/12\/2026: 70\.000 đồng\/thẻ căn cước\)/);
    const after = composeShortAnswer(p, undefined, undefined, { now: dayAfter('2026-12-31') }).text;
    expect(after).toContain('70.000 đồng/thẻ căn cước');
    expect(after).not.toContain('50%');
  });

  it('the passport answer never quotes the online rate that ended on 31/12/2023', () => {
    const p = catalogue.get('1.001456')!;
    const short = composeShortAnswer(p, undefined, undefined, { now: TODAY }).text;
    expect(short).toContain('200.000 đồng/hộ chiếu');
    expect(short).not.toContain('160.000');
    const fee = composeAspect(p, 'fee', { now: TODAY }).text;
    expect(currentFeeText(fee)).not.toContain('160.000');
    expect(fee).toMatch(/160\.000 đồng\/hộ chiếu \(đến hết ngày 31\/12\/2023, nay đã hết hạn\)/);
    // On a day when the online rate was in force, it is the online fee.
    const then = feesAt(p, new Date('2023-06-01T03:00:00Z')).typical.find((t) => t.channel === 'online')!.text;
    expect(then).toMatch(/^160\.000 đồng\/hộ chiếu/);
  });

  it('an exemption that starts later is said as starting later', () => {
    const p = catalogue.get('1.000283')!;
    const s = feesAt(p, new Date('2026-03-01T03:00:00Z'));
    expect(s.upcoming.join(' | ')).toContain('Từ ngày 07/04/2026 đến hết ngày 30/06/2026: miễn phí');
    expect(s.typical.map((t) => t.text).join(' | ')).not.toMatch(/miễn phí/);
    const during = feesAt(p, new Date('2026-05-01T03:00:00Z'));
    expect(during.typical[0]!.text).toMatch(/^miễn phí từ ngày 07\/04\/2026 đến hết ngày 30\/06\/2026/);
  });

  it('links the adult passport form to an adult and the child form to a parent asking for a child', () => {
    const p = catalogue.get('1.001456')!;
    const adult = composeShortAnswer(p, undefined, undefined, { now: TODAY, person: { age: 'adult' } }).text;
    expect(adult).toContain('(Mẫu TK01)');
    expect(adult).not.toContain('TK01a');
    const child = composeShortAnswer(p, undefined, undefined, { now: TODAY, person: { age: 'minor', onBehalf: true } }).text;
    expect(child).toContain('(Mẫu TK01a)');
  });

  it('gives a person asking for their own criminal record the form for themself, not the authorisation one', () => {
    const p = catalogue.get('3.000333')!;
    const self = composeShortAnswer(p, undefined, undefined, { now: TODAY, person: {} }).text;
    expect(self).toContain('01/2025/LLTP');
    expect(self).not.toMatch(/02\/2025\/LLTP|05\/2025\/LLTP/);
    expect(checkGrounding(self, [p]).violations).toEqual([]);
  });

  it('says the ID-card sheet CC01 is printed by the officer for the citizen to sign, not a paper to bring (1.014064)', () => {
    const p = catalogue.get('1.014064')!;
    const short = composeShortAnswer(p, undefined, undefined, { now: TODAY, question: 'tôi bị mất căn cước thì làm lại thế nào' }).text;
    const cc01 = short.split('\n').filter((l) => l.includes('CC01'));
    expect(cc01).toHaveLength(1);
    expect(cc01[0]).toMatch(/cán bộ in ra .*ký, không phải mang theo/u);
    expect(short).not.toMatch(/được tạo lập khi trích xuất/u);
  });

  it("the civil-status copy (2.000635): the individual's declaration first, the time its cases state (the method gives none)", () => {
    const p = catalogue.get('2.000635')!;
    const short = composeShortAnswer(p, undefined, undefined, { now: TODAY }).text;
    expect(short).toMatch(/- Tờ khai đề nghị bản sao Trích lục hộ tịch theo mẫu — 1 bản chính/u);
    expect(short).toContain('**Thời gian:** 1 ngày làm việc (có trường hợp đến 15 ngày làm việc)');
  });

  it("keeps the condition the citizen's words point to when the answer must shrink (1.003614, a passenger boat)", () => {
    const p = catalogue.get('1.003614')!;
    const short = composeShortAnswer(p, undefined, undefined, { now: TODAY, question: 'Tàu chở khách của tôi muốn vào bến thủy nội địa thì xin giấy phép vào cảng ở đâu' }).text;
    expect(short).toMatch(/- Nếu phương tiện vận tải hành khách: danh sách hành khách/u);
  });

  it('a civil-status change (1.004859): the time most of its cases state, not the bare "1" of the methods (cases 1, 3, 3 working days)', () => {
    const short = composeShortAnswer(catalogue.get('1.004859')!, undefined, undefined, { now: TODAY }).text;
    expect(short).toContain('**Thời gian:** 3 ngày làm việc (có trường hợp 1 ngày làm việc)');
  });

  it('a late birth registration is not told "Miễn phí" bare: the law exempts registering on time (hand check Q4)', () => {
    const p = catalogue.get('1.001193')!;
    const late = composeShortAnswer(p, undefined, undefined, { now: TODAY, question: 'Con tôi 3 tuổi chưa làm giấy khai sinh, giờ đăng ký muộn được không, cần gì?' }).text;
    expect(late).toContain('**Lệ phí:** miễn phí khi đăng ký đúng hạn; đăng ký quá hạn có thể phải nộp lệ phí');
    expect(checkGrounding(late, [p]).violations).toEqual([]);
    const onTime = composeShortAnswer(p, undefined, undefined, { now: TODAY, question: 'Đăng ký khai sinh cho con mới sinh cần giấy tờ gì?' }).text;
    expect(onTime).toContain('**Lệ phí:** Miễn phí');
  });

  it('says the ID-card fee a citizen pays today (50% until 31/12/2026), grounded, and the full rate after', () => {
    const p = catalogue.get('1.014064')!;
    const today = composeShortAnswer(p, undefined, undefined, { now: TODAY, asker: { case: 'reissue' } }).text;
    expect(today).toContain('35.000 đồng/thẻ căn cước');
    expect(today).toContain('70.000 đồng');
    expect(checkGrounding(today, [p]).violations).toEqual([]);
    // A number the record does not give is still caught.
    expect(checkGrounding(today.replace('35.000', '36.000'), [p]).ok).toBe(false);
    const later = composeShortAnswer(p, undefined, undefined, { now: new Date('2027-01-05T03:00:00Z'), asker: { case: 'reissue' } }).text;
    expect(later).toContain('70.000 đồng/thẻ căn cước');
    expect(later).not.toContain('35.000');
  });
});
