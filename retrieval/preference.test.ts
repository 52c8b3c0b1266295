import { describe, expect, it } from 'vitest';
import type { Procedure } from '../knowledge/index.js';
import { BIRTH_REGISTRATION } from '../bot/testing/fixtures.js';
import { caseOfName, caseOfQuestion, preferForCitizen } from './preference.js';
import type { ProcedureCatalog, SearchHit } from './types.js';

const proc = (code: string, name: string, over: Partial<Procedure> = {}): Procedure => ({ ...BIRTH_REGISTRATION, code, name, scope: 'national', province: null, applicants: ['Công dân Việt Nam'], ...over });

function catalogOf(list: Procedure[]): ProcedureCatalog {
  const byCode = new Map(list.map((p) => [p.code, p]));
  return { get: (c) => byCode.get(c), all: () => list, dataDate: '2026-06-01' };
}

const hit = (p: Procedure, score: number): SearchHit => ({ code: p.code, name: p.name, score });

describe('caseOfQuestion and caseOfName', () => {
  it.each([
    ['làm lại căn cước bị mất', 'reissue'],
    ['mat giay chung nhan ho kinh doanh thi lam sao', 'reissue'],
    ['đổi thẻ căn cước sai thông tin', 'change'],
    ['tôi 30 tuổi chưa có giấy khai sinh', 'late'],
    ['khai sinh quá hạn cho con', 'late'],
    ['đăng ký khai sinh cho con', null],
  ])('%s → %s', (q, c) => expect(caseOfQuestion(q)).toBe(c));

  it.each([
    ['Cấp lại thẻ căn cước', 'reissue'],
    ['Cấp đổi thẻ căn cước', 'change'],
    ['Thủ tục đăng ký lại khai sinh', 'late'],
    ['Thủ tục đăng ký khai sinh', 'new'],
  ])('%s → %s', (n, c) => expect(caseOfName(n)).toBe(c));
});

describe('preferForCitizen', () => {
  const householdLand = proc('1.000001', 'Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất lần đầu cho hộ gia đình, cá nhân');
  const companyLand = proc('1.000002', 'Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất lần đầu cho tổ chức', { applicants: ['Doanh nghiệp', 'Tổ chức nước ngoài'] });
  const newBusiness = proc('1.000003', 'Đăng ký thành lập hộ kinh doanh');
  const reissueBusiness = proc('1.000004', 'Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh');
  const nationalPermit = proc('1.000005', 'Cấp giấy phép xây dựng');
  const otherProvince = proc('1.000006', 'Cấp giấy phép xây dựng có thời hạn (Đà Nẵng)', { scope: 'provincial', province: 'Đà Nẵng' });
  const homeProvince = proc('1.000007', 'Cấp giấy phép xây dựng (TP Hà Nội)', { scope: 'provincial', province: 'Hà Nội' });
  const catalogue = catalogOf([householdLand, companyLand, newBusiness, reissueBusiness, nationalPermit, otherProvince, homeProvince]);

  it('prefers the procedure for individuals over the one only for organisations', () => {
    const out = preferForCitizen([hit(companyLand, 1.5), hit(householdLand, 1.45)], catalogue, 'làm sổ đỏ lần đầu', { province: 'Hà Nội' });
    expect(out.map((h) => h.code)).toEqual([householdLand.code, companyLand.code]);
  });

  it('tells the reissue of a certificate from a new registration by what the citizen says', () => {
    const hits = [hit(newBusiness, 1.6), hit(reissueBusiness, 1.55)];
    expect(preferForCitizen(hits, catalogue, 'mất giấy chứng nhận hộ kinh doanh', { province: 'Hà Nội' })[0]!.code).toBe(reissueBusiness.code);
    expect(preferForCitizen(hits, catalogue, 'đăng ký hộ kinh doanh', { province: 'Hà Nội' })[0]!.code).toBe(newBusiness.code);
  });

  it("never offers another province's own variant unless the citizen names it", () => {
    const hits = [hit(otherProvince, 1.9), hit(homeProvince, 1.7), hit(nationalPermit, 1.6)];
    expect(preferForCitizen(hits, catalogue, 'xin giấy phép xây dựng', { province: 'Hà Nội' }).map((h) => h.code)).toEqual([homeProvince.code, nationalPermit.code]);
    expect(preferForCitizen(hits, catalogue, 'xin giấy phép xây dựng ở Đà Nẵng', { province: 'Hà Nội' })[0]!.code).toBe(otherProvince.code);
    expect(preferForCitizen(hits, catalogue, 'xin giấy phép xây dựng', { province: 'Đà Nẵng' }).map((h) => h.code)).toEqual([otherProvince.code, nationalPermit.code]);
  });
});
