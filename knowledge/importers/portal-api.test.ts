import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapApiDetail } from './portal-api.js';

const SAMPLE = join(import.meta.dirname, 'testing', 'sources', 'catalogue', 'portal-api-detail-2026-07', '1.000808.json');

/** The committed sample record with its time fields replaced. */
function withTime(methods: { processingTime: number; processingTimeUnit: string }, cases: Array<{ qty: number; type: string }>) {
  const json = JSON.parse(readFileSync(SAMPLE, 'utf8'));
  json.data.executionMethods = json.data.executionMethods.map((m: object) => ({ ...m, ...methods }));
  json.data.cases = cases.map((processingDay, i) => ({ id: `c${i}`, name: 'Trường hợp', code: `1.000808.0${i + 1}`, processingDay, profileComponents: [] }));
  return mapApiDetail(json, '2026-07-01').channels![0]!.processingTime;
}

describe('processing time from the API (issue 18)', () => {
  it('a bare number a case states takes that case unit', () => {
    expect(withTime({ processingTime: 10, processingTimeUnit: 'OTHER' }, [{ qty: 10, type: 'WORKING_DAY' }])).toEqual({ value: 10, unit: 'ngay_lam_viec', text: '10 ngày làm việc' });
  });

  it('a bare number no case states gives way to the cases time, said beside it (2.000806: "5" and 10 working days)', () => {
    expect(withTime({ processingTime: 5, processingTimeUnit: 'OTHER' }, [{ qty: 10, type: 'WORKING_DAY' }])).toEqual({
      value: 10,
      unit: 'ngay_lam_viec',
      text: '10 ngày làm việc (phần cách thức thực hiện ghi «5», không rõ đơn vị)',
    });
  });

  it('stays a bare number when the cases give no time', () => {
    expect(withTime({ processingTime: 5, processingTimeUnit: 'OTHER' }, [])).toMatchObject({ value: 5, unit: 'khac' });
  });

  it('a method with its own unit keeps it whatever the cases say', () => {
    expect(withTime({ processingTime: 5, processingTimeUnit: 'WORKING_DAY' }, [{ qty: 10, type: 'WORKING_DAY' }])).toMatchObject({ value: 5, unit: 'ngay_lam_viec' });
  });
});
