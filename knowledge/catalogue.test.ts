import { describe, expect, it } from 'vitest';
import { loadCatalogue } from './catalogue.js';
import { AppError } from './errors.js';

/** Guards the committed data: it loads, matches its meta file and has the fields parsed. */
describe('committed catalogue (knowledge/data/catalogue.jsonl.gz)', async () => {
  const catalogue = await loadCatalogue({ verify: 'schema' });

  it('meets the issue targets and agrees with its meta file', () => {
    expect(catalogue.size).toBeGreaterThanOrEqual(5600);
    expect(catalogue.meta?.counts.total).toBe(catalogue.size);
    // 2,996 parsed dossiers less 17 crawl pages of other procedures filed under a code (left out at import).
    expect(catalogue.meta?.counts.withDocuments).toBeGreaterThanOrEqual(2975);
    // A code's name is the portal's, never a misfiled page's ("Hỗ trợ phát triển sản xuất cộng đồng.").
    expect(catalogue.get('3.000285')?.name).toBe('Khóa căn cước điện tử (thực hiện tại cấp xã)');
    expect(catalogue.dataDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const codes = catalogue.all().map((p) => p.code);
    expect([...codes].sort()).toEqual(codes);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('1.001193 (đăng ký khai sinh) has documents, fees, processing time per channel and legal basis as fields', () => {
    const p = catalogue.get('1.001193')!;
    expect(p.name).toBe('Thủ tục đăng ký khai sinh');
    expect(p.detailLevel).toBe('full');
    expect(p.levels).toEqual(['xa']);
    expect(p.channels.map((c) => c.kind).sort()).toEqual(['in_person', 'online', 'postal']);
    for (const c of p.channels) {
      expect(c.processingTime).toMatchObject({ value: 1, unit: 'ngay_lam_viec' });
      expect(c.fees.length).toBeGreaterThan(0);
    }
    const documents = p.documentGroups.flatMap((g) => g.items);
    expect(documents.find((d) => d.name.startsWith('Giấy chứng sinh'))).toMatchObject({ originals: 1 });
    expect(documents.find((d) => d.name.startsWith('Tờ khai đăng ký khai sinh'))?.formName).toBe('Tờ khai đăng ký khai sinh');
    expect(p.legalBasis.find((l) => l.number === '123/2015/NĐ-CP')).toMatchObject({ issuer: 'Chính phủ', issuedDate: '2015-11-15' });
    expect(p.decisionNumber).toBe('163/QĐ-BTP');
  });

  it('index-only records are honest about it', () => {
    const indexOnly = catalogue.all().filter((p) => p.detailLevel === 'index');
    expect(indexOnly.length).toBeGreaterThan(1000);
    for (const p of indexOnly) {
      expect(p.documentGroups).toEqual([]);
      expect(p.channels).toEqual([]);
      expect(p.provenance.url).toMatch(/^https:\/\/dichvucong\.gov\.vn\//);
    }
  });

  it('all strings are NFC without non-breaking spaces', () => {
    const text = JSON.stringify(catalogue.all());
    expect(text).toBe(text.normalize('NFC'));
    expect(text.includes('\u00a0')).toBe(false);
  });

  it('reports a missing file clearly', async () => {
    await expect(loadCatalogue('/nonexistent/catalogue.jsonl.gz')).rejects.toThrow(AppError);
    await expect(loadCatalogue('/nonexistent/catalogue.jsonl.gz')).rejects.toThrow(/knowledge:import/);
  });
});
