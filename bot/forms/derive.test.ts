import { beforeAll, describe, expect, it } from 'vitest';
import { loadAdminUnits } from '../../knowledge/index.js';
import { createAddressAdvisor, type AddressAdvisor } from './address.js';
import { dateInWords, derive, provinceOf, todayInVietnam, wardOf } from './derive.js';

describe('dateInWords', () => {
  it.each([
    ['2026-03-15', 'Ngày mười lăm tháng ba năm hai nghìn không trăm hai mươi sáu'],
    ['2005-04-24', 'Ngày hai mươi tư tháng tư năm hai nghìn không trăm linh năm'],
    ['2026-11-21', 'Ngày hai mươi mốt tháng mười một năm hai nghìn không trăm hai mươi sáu'],
    ['2010-10-10', 'Ngày mười tháng mười năm hai nghìn không trăm mười'],
    ['1990-12-01', 'Ngày một tháng mười hai năm một nghìn chín trăm chín mươi'],
    ['2000-01-05', 'Ngày năm tháng một năm hai nghìn'],
  ])('%s', (iso, words) => expect(dateInWords(iso)).toBe(words));
  it('needs a full date', () => expect(dateInWords('1990')).toBeUndefined());
});

describe('places from addresses', () => {
  it.each([
    ['Số 12 ngõ 5 phố Phúc Xá, phường Hồng Hà, thành phố Hà Nội', 'phường Hồng Hà'],
    ['Thôn 3, xã Ba Vì, Hà Nội', 'xã Ba Vì'],
    ['12 đường Phường Sài Gòn, Phường Bến Thành, TP Hồ Chí Minh', 'phường Bến Thành'],
    ['số 5 đường Lê Lợi', undefined],
  ])('%s → %s', (address, ward) => expect(wardOf(address)).toBe(ward));
  it('derives the addressee of each form', () => {
    const now = new Date('2026-11-26T20:00:00Z');
    expect(derive('wardCommittee', 'Thôn 3, xã Ba Vì, Hà Nội', now)).toBe('Ủy ban nhân dân xã Ba Vì');
    expect(derive('wardPolice', 'Đăng ký thường trú tại số 1, phường Hồng Hà, Hà Nội', now)).toBe('Công an phường Hồng Hà');
    expect(derive('provinceLegalAid', '45 Trần Phú, phường Hải Châu, thành phố Đà Nẵng', now)).toBe('Trung tâm Trợ giúp pháp lý nhà nước thành phố Đà Nẵng');
    expect(provinceOf('số 3, xã Hải Hậu, tỉnh Ninh Bình')).toBe('tỉnh Ninh Bình');
    // 20:00 UTC is already the next day in Việt Nam.
    expect(todayInVietnam(now)).toBe('2026-11-27');
  });
});

describe('address advisor (post-2025 units)', () => {
  let advisor: AddressAdvisor;
  beforeAll(async () => {
    advisor = createAddressAdvisor(await loadAdminUnits());
  });
  it('suggests the new ward for an old district-level address', () => {
    expect(advisor.suggest('Số 12 ngõ 5 phố Phúc Xá, phường Phúc Xá, quận Ba Đình, Hà Nội')).toEqual({
      options: ['Số 12 ngõ 5 phố Phúc Xá, Phường Hồng Hà, Thành phố Hà Nội'],
      formerUnit: 'phường Phúc Xá',
    });
  });
  it('offers every new ward when the old one was split', () => {
    const s = advisor.suggest('số 1, phường Điện Biên, quận Ba Đình, Hà Nội');
    expect(s?.options.length).toBeGreaterThan(1);
    expect(s?.options.every((o) => o.endsWith('Thành phố Hà Nội'))).toBe(true);
  });
  it('leaves a current address alone', () => {
    expect(advisor.suggest('Số 12 ngõ 5 phố Phúc Xá, phường Hồng Hà, thành phố Hà Nội')).toBeUndefined();
    expect(advisor.suggest('nhà tôi ở gần chợ')).toBeUndefined();
  });
});
