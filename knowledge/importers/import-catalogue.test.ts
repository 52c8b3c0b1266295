import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../catalogue.js';
import { AppError } from '../errors.js';
import { procedureSchema } from '../procedure.js';
import { importCatalogue, importStats } from './import-catalogue.js';
import { writeCatalogueData } from './write-catalogue.js';

/**
 * End-to-end import over a miniature copy of the real sources (`testing/sources/`): five
 * real index lines, three real crawl records and two real detail API responses.
 */
const FIXTURE = fileURLToPath(new URL('./testing/sources/catalogue', import.meta.url));

const temps: string[] = [];
function tempCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tthc-import-'));
  temps.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('importCatalogue on real samples', () => {
  const result = importCatalogue({ catalogueDir: FIXTURE });
  const byCode = new Map(result.procedures.map((p) => [p.code, p]));

  it('merges every code once and every record satisfies the schema', () => {
    expect([...byCode.keys()]).toEqual(['1.000808', '1.001193', '1.002010', '1.013830', '3.000616']);
    for (const p of result.procedures) expect(procedureSchema.safeParse(p).success).toBe(true);
    expect(result.rejected).toEqual([]);
    expect(result.files.map((f) => [f.source, f.records, f.date])).toEqual([
      ['portal-index', 5, '2026-07-18'],
      ['portal-crawl', 3, '2026-06-01'],
      ['portal-api-detail', 2, '2026-07-01'],
    ]);
  });

  it('takes detail from the API over the crawl, and keeps provenance (1.001193)', () => {
    const p = byCode.get('1.001193')!;
    expect(p.provenance).toMatchObject({
      source: 'portal-api-detail',
      crawledAt: '2026-07-01',
      seenIn: ['portal-api-detail', 'portal-crawl', 'portal-index'],
      url: 'https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfd-3fe0-70ac-b9d6-5e9e20d6eef7',
    });
    // The crawl only says "1" (no unit); the API's case data says working days.
    expect(p.channels.map((c) => [c.kind, c.processingTime?.value, c.processingTime?.unit])).toEqual([
      ['online', 1, 'ngay_lam_viec'],
      ['postal', 1, 'ngay_lam_viec'],
      ['in_person', 1, 'ngay_lam_viec'],
    ]);
    expect(p.channels.every((c) => c.fees.length === 1 && c.fees[0]!.free)).toBe(true);
    expect(p.documentGroups.map((g) => g.title)).toEqual(['Giấy tờ phải nộp', 'Giấy tờ phải xuất trình', 'Thành phần hồ sơ']);
    expect(p.legalBasis.map((l) => l.number)).toContain('123/2015/NĐ-CP');
    expect(p).toMatchObject({ decisionNumber: '163/QĐ-BTP', levels: ['xa'], fields: ['Hộ tịch'], results: ['Giấy khai sinh'], onlineAvailable: true });
    expect(p.notes?.length).toBeGreaterThan(5);
    expect(p.steps.some((s) => /Lưu ý/.test(s))).toBe(false);
  });

  it('keeps a USD consular fee out of amountVnd (1.000808, API only)', () => {
    const p = byCode.get('1.000808')!;
    expect(p.provenance.seenIn).toEqual(['portal-api-detail', 'portal-index']);
    const fees = p.channels.flatMap((c) => c.fees);
    expect(fees.length).toBeGreaterThan(0);
    expect(fees.every((f) => f.amountVnd === null)).toBe(true);
    expect(fees[0]!.description).toMatch(/^150 USD/);
  });

  it('uses crawl detail when there is no API record (1.013830)', () => {
    const p = byCode.get('1.013830')!;
    expect(p.provenance.source).toBe('portal-crawl');
    expect(p.detailLevel).toBe('full');
    expect(p.channels[0]!.fees[0]!.amountVnd).toBe(100000);
  });

  it('marks index-only records and parses the province of a provincial variant (3.000616)', () => {
    const p = byCode.get('3.000616')!;
    expect(p).toMatchObject({
      detailLevel: 'index',
      scope: 'provincial',
      province: 'Huế',
      promulgatedBy: 'UBND Thành phố Huế',
      agencies: ['Sở Khoa học và Công nghệ'],
      applicants: ['Doanh nghiệp Việt Nam'],
      channels: [],
      documentGroups: [],
      steps: [],
      legalBasis: [],
      onlineAvailable: null,
    });
    expect(p.provenance.seenIn).toEqual(['portal-index']);
  });

  it('counts coverage for the report', () => {
    expect(importStats(result.procedures)).toMatchObject({ total: 5, full: 4, indexOnly: 1, withDocuments: 4, withLegalBasis: 4 });
  });
});

describe('importCatalogue error policy', () => {
  it('reports and skips malformed records, never half-imports them', () => {
    const dir = tempCopy();
    const crawl = join(dir, 'portal-crawl-2026-06.jsonl');
    appendFileSync(crawl, JSON.stringify({ ma_thu_tuc: '1.00x', ten_thu_tuc: 'Thủ tục lỗi mã' }) + '\n');
    appendFileSync(crawl, JSON.stringify({ ma_thu_tuc: '1.999998', ten_thu_tuc: 42 }) + '\n');
    appendFileSync(crawl, '{"ma_thu_tuc":"1.999997","ten_thu_tuc":"cắt cụt\n');
    writeFileSync(join(dir, 'portal-api-detail-2026-07', '1.999996.json'), '{"code":"OK","data":');
    const result = importCatalogue({ catalogueDir: dir });
    expect(result.rejected).toEqual([
      { source: 'portal-crawl', code: '1.00x', reason: 'invalid procedure code "1.00x"' },
      { source: 'portal-crawl', code: '1.999998', reason: 'unexpected shape at ten_thu_tuc: Expected string, received number' },
      { source: 'portal-crawl', code: '1.999997', reason: expect.stringMatching(/^line 6: invalid JSON/) },
      { source: 'portal-api-detail', code: '1.999996', reason: expect.stringMatching(/^1\.999996\.json: invalid JSON/) },
    ]);
    const codes = result.procedures.map((p) => p.code);
    expect(codes).not.toContain('1.999998');
    expect(codes).not.toContain('1.999996');
    expect(codes).toHaveLength(5);
  });

  it('aborts on a JSON line that names no code, with file and line', () => {
    const dir = tempCopy();
    appendFileSync(join(dir, 'portal-index-2026-07.jsonl'), '{"broken": \n');
    expect(() => importCatalogue({ catalogueDir: dir })).toThrow(AppError);
    expect(() => importCatalogue({ catalogueDir: dir })).toThrow(/portal-index-2026-07\.jsonl:6: line 6 is not valid JSON/);
  });

  it('aborts when a source file is missing, naming what is missing', () => {
    const dir = tempCopy();
    rmSync(join(dir, 'portal-crawl-2026-06.jsonl'));
    expect(() => importCatalogue({ catalogueDir: dir })).toThrow(/missing portal crawl \(portal-crawl-\*\.jsonl\)/);
    expect(() => importCatalogue({ catalogueDir: join(dir, 'nope') })).toThrow(/catalogue source folder not found/);
  });
});

describe('writeCatalogueData + loadCatalogue', () => {
  it('round-trips, is deterministic, and refuses data that does not match its meta', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tthc-data-'));
    temps.push(out);
    const result = importCatalogue({ catalogueDir: FIXTURE });
    const first = writeCatalogueData(result, out);
    const bytes = readFileSync(first.file);
    const second = writeCatalogueData(importCatalogue({ catalogueDir: FIXTURE }), out);
    expect(readFileSync(second.file).equals(bytes)).toBe(true);
    expect(first.meta).toMatchObject({ dataDate: '2026-07-18', counts: { total: 5 } });

    const catalogue = await loadCatalogue({ file: first.file, verify: 'schema' });
    expect(catalogue.size).toBe(5);
    expect(catalogue.contentHash).toBe(first.meta.contentHash);
    expect(catalogue.get(' 1.001193 ')?.name).toBe('Thủ tục đăng ký khai sinh');
    expect(catalogue.all().map((p) => p.code)).toEqual(result.procedures.map((p) => p.code));

    const lazy = await loadCatalogue(first.file);
    expect(lazy.get('1.002010')).toEqual(catalogue.get('1.002010'));
    expect(lazy.byName('thủ tục  ĐĂNG KÝ khai sinh').map((p) => p.code)).toEqual(['1.001193']);

    const tampered = gunzipSync(bytes).toString('utf8').replace('Thủ tục đăng ký khai sinh', 'Thủ tục khác');
    writeFileSync(first.file, gzipSync(Buffer.from(tampered)));
    await expect(loadCatalogue(first.file)).rejects.toThrow(/does not match/);
  });
});

describe('codes with stray spaces', () => {
  it('keeps the well-formed code when " 1.014325" and "1.014325" are different procedures (real index lines 973 and 1309)', () => {
    const dir = tempCopy();
    const index = join(dir, 'portal-index-2026-07.jsonl');
    const spaced = {
      id: '019dc4fb-e9a3-7054-9ac2-13ec7c0fca4c',
      name: 'Thủ tục thực hiện chính sách hỗ trợ tư vấn pháp luật cho doanh nghiệp nhỏ và vừa',
      code: ' 1.014325',
      type: 'SPECIFIC',
    };
    const clean = {
      id: '019d89d3-1fea-70dc-862c-e608fabc0263',
      name: 'Xây dựng chương trình công tác của Ủy ban nhân dân tỉnh, Chủ tịch, Phó Chủ tịch Ủy ban nhân dân tỉnh',
      code: '1.014325',
      type: 'STANDARD_INTERNAL',
    };
    appendFileSync(index, JSON.stringify(spaced) + '\n' + JSON.stringify(clean) + '\n');
    const result = importCatalogue({ catalogueDir: dir });
    expect(result.procedures.find((p) => p.code === '1.014325')?.name).toBe(clean.name);
    expect(result.rejected).toEqual([
      { source: 'portal-index', code: ' 1.014325', reason: expect.stringMatching(/^line 6: code " 1\.014325" has stray spaces .* line 7/) },
    ]);
  });
});
