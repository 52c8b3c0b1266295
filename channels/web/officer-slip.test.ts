import { describe, expect, it } from 'vitest';
import type { Procedure } from '../../knowledge/index.js';
import { COMMUNE_COMMITTEE, competentBodies } from './officer-pages.js';
import { distinctFields, fieldKey } from './router.js';

const proc = (over: Partial<Procedure>): Procedure => ({ fields: [], agencies: [], levels: [], competentAuthority: null, ...over }) as unknown as Procedure;

describe('officer lookup: field list and competent bodies', () => {
  it('merges spellings of a field under the most used one', () => {
    const catalogue = {
      all: () => [
        proc({ fields: ['Thi đua, khen thưởng'] }),
        proc({ fields: ['Thi đua - Khen thưởng', 'Hộ tịch'] }),
        proc({ fields: ['Thi đua, khen thưởng', ' Hộ  tịch '] }),
        proc({ fields: ['thi dua khen thuong'] }),
      ],
    };
    expect(distinctFields(catalogue)).toEqual(['Hộ tịch', 'Thi đua, khen thưởng']);
    expect(fieldKey('Thi đua – Khen thưởng')).toBe(fieldKey('thi dua, khen thuong'));
  });

  it("uses the catalogue's normalised names when it has them", () => {
    const catalogue = {
      all: () => [proc({ fields: ['raw spelling'] })],
      fieldNames: () => [
        { name: 'Hộ tịch', count: 40 },
        { name: 'Thi đua, khen thưởng', count: 12 },
        { name: 'Thi đua - khen thưởng', count: 2 },
      ],
    };
    expect(distinctFields(catalogue)).toEqual(['Hộ tịch', 'Thi đua, khen thưởng']);
  });

  it('adds the commune People\'s Committee to a commune-level certification whose agencies do not name it', () => {
    const copies = proc({ levels: ['xa', 'khac'], fields: ['Chứng thực'], agencies: ['Tổ chức hành nghề công chứng', 'Cơ quan đại diện có thẩm quyền'] });
    expect(competentBodies(copies)).toEqual(['Tổ chức hành nghề công chứng', 'Cơ quan đại diện có thẩm quyền', COMMUNE_COMMITTEE]);
    const named = proc({ levels: ['xa'], agencies: ['Ủy ban nhân dân cấp xã'], competentAuthority: 'Ủy ban nhân dân cấp xã' });
    expect(competentBodies(named)).toEqual(['Ủy ban nhân dân cấp xã']);
    const province = proc({ levels: ['tinh'], agencies: ['Sở Tư pháp'], competentAuthority: 'Giám đốc Sở Tư pháp' });
    expect(competentBodies(province)).toEqual(['Sở Tư pháp', 'Giám đốc Sở Tư pháp']);
    // "At commune level" in another field is a local office, not the People's Committee.
    const customs = proc({ levels: ['xa'], fields: ['Hải quan'], agencies: ['Chi cục Hải quan khu vực'] });
    expect(competentBodies(customs)).toEqual(['Chi cục Hải quan khu vực']);
  });
});
