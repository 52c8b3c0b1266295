import { beforeAll, describe, expect, it } from 'vitest';
import { feeRulesOf, feesAt, loadCatalogue, parseFee, type Catalogue, type Procedure } from '../../knowledge/index.js';
import { checkGrounding } from '../grounding.js';
import { currentFeeLine, NO_FEE_PUBLISHED, noFeePublished, ONLY_EXEMPTIONS, timeLine } from './format.js';
import { readAsker } from './asker.js';

/**
 * Fee lines over the real catalogue (issue 18, audit-dev-6): a fee and a charge published
 * apart are both said; a share for some people or places is not what everyone pays; an act's
 * number is no amount; a record publishing no fee says so when asked.
 */
let catalogue: Catalogue;
const day = new Date('2026-12-07T09:00:00+07:00');
const records = (): Procedure[] => catalogue.all().filter((p) => p.detailLevel !== 'index');

beforeAll(async () => {
  catalogue = await loadCatalogue();
});

describe('a channel publishing a fee (phí) and a charge (lệ phí) apart', () => {
  const both = (p: Procedure) => p.channels.some((c) => c.fees.some((f) => f.kind === 'phi' && !f.free) && c.fees.some((f) => f.kind === 'le_phi' && !f.free) && !c.fees.some((f) => f.kind === 'khac'));

  it('names an amount of each whenever the two structured rows of a channel carry amounts, every number from the record', () => {
    let checked = 0;
    for (const p of records().filter(both)) {
      const line = currentFeeLine(p, { now: day })?.text ?? '';
      const withAmounts = p.channels.every((c) => c.fees.every((f) => f.amountVnd !== null));
      if (withAmounts) {
        checked++;
        // One amount for the fee and one for the charge: the line joins two amounts.
        expect(line, p.code).toMatch(/\d đồng[^+]*\+ [^+]*\d/u);
      }
      expect(checkGrounding(line, [p]).violations, `${p.code}: ${line}`).toEqual([]);
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('says the total of the fee and the charge, a sum the grounding accepts while it rejects a sum it does not publish', () => {
    const vnd = (n: number) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
    let totals = 0;
    let sameKind = 0;
    let rejected = 0;
    for (const p of records().filter(both)) {
      const line = currentFeeLine(p, { now: day })?.text ?? '';
      const m = /tổng (\d{1,3}(?:\.\d{3})+) đồng/u.exec(line);
      if (!m) continue;
      totals++;
      // The total is the two amounts before it on the same channel's line.
      const segment = line.slice(0, m.index).split(';').at(-1)!;
      const amounts = [...segment.matchAll(/(\d{1,3}(?:\.\d{3})+) đồng/gu)].map((a) => Number(a[1]!.replace(/\./g, '')));
      expect(amounts.length, line).toBe(2);
      expect(Number(m[1]!.replace(/\./g, '')), line).toBe(amounts[0]! + amounts[1]!);
      expect(checkGrounding(line, [p]).violations, `${p.code}: ${line}`).toEqual([]);
      // A made-up total is still rejected (unless, by chance, another pair of the record's amounts adds up to it).
      const invented = amounts[0]! + amounts[1]! + 7_000;
      if (!checkGrounding(`Tổng ${vnd(invented)} đồng`, [p]).ok) rejected++;
      // Two rows of the fee alone (two kinds of land, two cases) are never added up.
      for (const c of p.channels) {
        const phi = [...new Set(c.fees.filter((f) => f.kind === 'phi' && f.amountVnd !== null).map((f) => f.amountVnd!))];
        if (phi.length < 2) continue;
        const all = p.channels.flatMap((x) => x.fees).map((f) => f.amountVnd ?? 0);
        const sum = phi[0]! + phi[1]!;
        if (all.includes(sum) || p.channels.some((x) => x.fees.some((f) => f.description.includes(vnd(sum))))) continue;
        const lePhi = c.fees.filter((f) => f.kind === 'le_phi').map((f) => f.amountVnd ?? 0);
        if (lePhi.some((l) => phi.some((a) => a + l === sum))) continue;
        sameKind++;
        expect(checkGrounding(`${vnd(sum)} đồng`, [p]).ok, `${p.code}: ${sum}`).toBe(false);
      }
    }
    expect(totals).toBeGreaterThan(10);
    expect(rejected / totals).toBeGreaterThan(0.9);
    expect(sameKind).toBeGreaterThan(0);
  });

  it('chooses the typical row of each (not the reissue row when the citizen did not say reissue)', () => {
    const p = catalogue.all().find((x) => x.channels.some((c) => c.fees.filter((f) => f.amountVnd !== null && /^Lệ phí cấp Giấy chứng nhận: Đăng ký biến động/iu.test(f.description)).length > 0 && c.fees.some((f) => /^Phí thẩm định hồ sơ: Cấp đổi, cấp lại/iu.test(f.description))))!;
    expect(p).toBeDefined();
    const inPerson = p.channels.find((c) => c.kind === 'in_person')!;
    const change = inPerson.fees.find((f) => f.kind === 'phi' && /^Phí thẩm định hồ sơ: Đăng ký biến động/iu.test(f.description))!;
    const reissue = inPerson.fees.find((f) => f.kind === 'phi' && /^Phí thẩm định hồ sơ: Cấp đổi, cấp lại/iu.test(f.description))!;
    const line = currentFeeLine(p, { now: day })!.text;
    const vnd = (n: number) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
    expect(line).toContain(vnd(change.amountVnd!));
    if (reissue.amountVnd !== change.amountVnd) expect(line).not.toContain(`${vnd(reissue.amountVnd!)} đồng`);
    // Said as lost, the reissue row is the one.
    expect(currentFeeLine(p, readAsker('tôi bị mất giấy chứng nhận, xin cấp lại', day))!.text).toContain(vnd(reissue.amountVnd!));
  });

  it('splits one text holding "- Phí …:" and "- Lệ phí …:" headings, and quotes no ended online rate', () => {
    const p = catalogue.all().find((x) => x.channels.some((c) => c.fees.some((f) => f.amountVnd === null && /-\s*Phí sát hạch[^:]*:.*-\s*Lệ phí cấp giấy phép lái xe:/su.test(f.description) && /đến hết ngày 31\/12\/2025/u.test(f.description))));
    expect(p).toBeDefined();
    const line = currentFeeLine(p!, { now: day })!.text;
    expect(line).toMatch(/lệ phí cấp giấy phép lái xe 135\.000 đồng/iu);
    expect(line).not.toContain('115.000');
  });
});

describe('a share for some people or places', () => {
  it('is not said as what everyone pays on a channel no general share applies to', () => {
    // Records stating "Người cao tuổi: mức thu bằng 50%" or "tại các xã: bằng 50% mức … tại các phường".
    const some = records().filter((p) => feeRulesOf(p).some((x) => x.rules.some((r) => r.kind === 'percent' && r.exemption)));
    expect(some.length).toBeGreaterThan(10);
    let checked = 0;
    for (const p of some) {
      const s = feesAt(p, day);
      for (const t of s.typical) {
        const general = feeRulesOf(p).some((x) => x.channel === t.channel && x.rules.some((r) => r.kind === 'percent' && !r.exemption && (r.channel === null || r.channel === t.channel)));
        if (general || !t.text) continue;
        checked++;
        expect(t.text, `${p.code} ${t.channel}`).not.toMatch(/(?:chỉ thu|bằng|giảm) \d+% mức/u);
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});

describe('an act number in a fee text', () => {
  it('is never read as an amount ("Quyết định số 2252/QĐ-VP" is not "2.252 đồng/QĐ-VP")', () => {
    for (const p of records()) {
      const line = currentFeeLine(p, { now: day })?.text ?? '';
      expect(line, p.code).not.toMatch(/đồng\/(?:QĐ|TT|NĐ|NQ)\b/u);
    }
  });
});

describe('a record publishing no fee', () => {
  it('answers the fee question as published, and only where nothing in the record speaks of paying', () => {
    let none = 0;
    for (const p of records()) {
      const line = currentFeeLine(p, { now: day })?.text;
      if (noFeePublished(p)) {
        none++;
        expect(line).toBe(NO_FEE_PUBLISHED);
        expect(p.channels.every((c) => c.fees.length === 0)).toBe(true);
        expect([...p.steps, ...p.channels.map((c) => c.description)].join(' ')).not.toMatch(/lệ phí/iu);
      } else if (line === NO_FEE_PUBLISHED) {
        throw new Error(`${p.code} said free with a fee in the record`);
      }
    }
    expect(none).toBeGreaterThan(100);
  });

  it('says nothing is published rather than free when a step collects a fee the table leaves out', () => {
    const p = records().find((x) => x.channels.length > 0 && x.channels.every((c) => c.fees.length === 0) && x.steps.some((s) => /thu lệ phí theo quy định/iu.test(s)));
    expect(p).toBeDefined();
    expect(noFeePublished(p!)).toBe(false);
    expect(currentFeeLine(p!, { now: day })?.text).not.toBe(NO_FEE_PUBLISHED);
  });
});

describe('the time line over the real catalogue', () => {
  it('is a phone line, never the record\'s whole clause (up to 2,000 characters before)', () => {
    const long = records().filter((p) => (timeLine(p) ?? '').length > 300).map((p) => p.code);
    expect(long).toEqual([]);
  });
});

describe('fee texts that give no amount for the typical applicant', () => {
  it('a text listing only who is exempt or pays less is said as such, never quoted as the fee', () => {
    let seen = 0;
    for (const p of records()) {
      const all = p.channels.flatMap((c) => c.fees);
      if (!all.length || !all.every((f) => f.amountVnd === null && /^(?:các\s+)?(?:trường hợp|đối tượng)\s+(?:được\s+)?miễn/iu.test(f.description.trim()))) continue;
      seen++;
      expect(currentFeeLine(p, { now: day })?.text, p.code).toBe(ONLY_EXEMPTIONS);
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('"Giảm 10% mức thu phí cho hộ gia đình ở các xã …" is a share for some, not today\'s fee for everyone', () => {
    const rules = parseFee({ kind: 'phi', amountVnd: null, free: false, description: 'Mức thu: 500.000 đồng/hồ sơ. Giảm 10% mức thu phí cho hộ gia đình ở các xã thuộc thành phố' }, 'in_person');
    expect(rules.find((r) => r.kind === 'percent')).toMatchObject({ exemption: true });
    // A share for everyone in a period stays general.
    const dated = parseFee({ kind: 'le_phi', amountVnd: null, free: false, description: 'Mức thu: 60.000 đồng/thẻ. Kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 thu bằng 50% mức thu lệ phí' }, 'in_person');
    expect(dated.find((r) => r.kind === 'percent')).toMatchObject({ exemption: false });
  });
});
