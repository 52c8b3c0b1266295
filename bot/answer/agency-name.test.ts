import { describe, expect, it } from 'vitest';
import type { Procedure } from '../../knowledge/index.js';
import { checkGrounding } from '../grounding.js';
import { PERMANENT_RESIDENCE } from '../testing/fixtures.js';
import { composeAspect, composeShortAnswer, formatFullProcedure } from './compose.js';
import { agencyName, whereLine } from './format.js';

describe('agencyName: the level after "cấp" in lower case, nothing else', () => {
  it.each([
    ['Công an cấp Xã', 'Công an cấp xã'],
    ['Công an cấp Tỉnh', 'Công an cấp tỉnh'],
    ['Bảo hiểm xã hội cấp Tỉnh', 'Bảo hiểm xã hội cấp tỉnh'],
    ['Ban chỉ huy quân sự cấp Xã', 'Ban chỉ huy quân sự cấp xã'],
    ['Ủy ban nhân dân Cấp Xã', 'Ủy ban nhân dân cấp xã'],
    ['Ủy ban nhân dân cấp Thành phố', 'Ủy ban nhân dân cấp thành phố'],
    ['Cấp Tỉnh', 'Cấp tỉnh'],
    // Already right, or not a level: unchanged.
    ['Ủy ban nhân dân cấp xã', 'Ủy ban nhân dân cấp xã'],
    ['Bộ Công an', 'Bộ Công an'],
    ['Cục Cảnh sát quản lý hành chính về trật tự xã hội', 'Cục Cảnh sát quản lý hành chính về trật tự xã hội'],
    ['Thanh tra Chính phủ ở cấp Trung ương', 'Thanh tra Chính phủ ở cấp Trung ương'],
    ['Phòng cấp Giấy phép', 'Phòng cấp Giấy phép'],
    ['Sở Nội vụ cấp Tỉnhxyz', 'Sở Nội vụ cấp Tỉnhxyz'],
  ])('%s → %s', (published, shown) => {
    expect(agencyName(published)).toBe(shown);
  });
});

/** The residence record as the portal publishes some of them: the level capitalised. */
const AS_PUBLISHED: Procedure = { ...PERMANENT_RESIDENCE, agencies: ['Công an cấp Xã', 'Công an cấp Tỉnh'] };

describe('answers name the body in Vietnamese casing', () => {
  it('in the short answer, the where aspect, the where line and the officer view', () => {
    const texts = [composeShortAnswer(AS_PUBLISHED).text, composeAspect(AS_PUBLISHED, 'where').text, whereLine(AS_PUBLISHED), formatFullProcedure(AS_PUBLISHED)];
    for (const text of texts) {
      expect(text).toContain('Công an cấp xã');
      expect(text).not.toMatch(/cấp (Xã|Tỉnh)/);
    }
    expect(checkGrounding(texts[0]!, [AS_PUBLISHED]).ok).toBe(true);
  });
});
