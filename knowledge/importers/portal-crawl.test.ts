import { describe, expect, it } from 'vitest';
import { mapCrawlRecord } from './portal-crawl.js';
import type { ParseWarning } from './source-record.js';
import * as S from './testing/crawl-samples.js';

describe('mapCrawlRecord', () => {
  it('re-cuts channels and legal basis from the page text when a fee note split the fields (3.000337)', () => {
    const warnings: ParseWarning[] = [];
    const r = mapCrawlRecord(S.RECORD_SHIFTED_AT_FEE_NOTE, '2026-06-01', warnings);
    expect(r.channels!.map((c) => c.kind)).toEqual(['online', 'postal', 'in_person']);
    expect(r.channels![2]!.fees[0]!.description).toMatch(/^Căn cứ pháp lý: Thông tư 269\/2016\/TT-BTC/);
    expect(r.legalBasis).toEqual([]);
    expect(r.documentGroups![0]!.items.map((i) => i.name)).toEqual([
      'Các giấy tờ khác có liên quan tới quyền sở hữu trí tuệ, đăng ký thương hiệu',
      'Bản khai Cấp tên định danh (theo Mẫu)',
    ]);
    expect(r.results).toEqual(['Giấy chứng nhận tên định danh.']);
    expect(warnings.map((w) => w.field)).toEqual(['raw_text']);
  });

  it('recovers the documents table when the documents field holds the end of the steps (1.001521)', () => {
    const r = mapCrawlRecord(S.RECORD_SHIFTED_DOCUMENTS, '2026-06-01');
    const items = r.documentGroups!.flatMap((g) => g.items);
    expect(items.length).toBeGreaterThan(3);
    expect(items.some((i) => i.name.includes('Biên bản giám định mức suy giảm KNLĐ'))).toBe(true);
    expect(r.legalBasis!.map((l) => l.number)).toContain('84/2015/QH13');
    expect(r.steps![0]).toMatch(/^Bước 1\./);
  });

  it.each([
    [{ ma_thu_tuc: '1.0012', ten_thu_tuc: 'X' }, /invalid procedure code "1.0012"/],
    [{ ma_thu_tuc: '1.001193', ten_thu_tuc: 'Không có thông tin' }, /empty procedure name/],
    [{ ma_thu_tuc: '1.001193' }, /unexpected shape at ten_thu_tuc/],
    ['not an object', /unexpected shape at \(root\)/],
  ])('rejects %j', (json, reason) => {
    expect(() => mapCrawlRecord(json, '2026-06-01')).toThrow(reason);
  });
});
