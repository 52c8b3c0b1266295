import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadCatalogue } from '../../knowledge/index.js';
import type { ProcedureCatalog } from '../../retrieval/types.js';
import { renderProcedure, run, viMoney } from './show.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  return { out, err };
}
afterEach(() => vi.restoreAllMocks());

describe('show', () => {
  it('prints the birth registration procedure with its parsed sections, in Vietnamese', async () => {
    const { out } = capture();
    expect(await run(['1.001193'])).toBe(0);
    const text = out.join('');
    expect(text).toMatch(/^Thủ tục đăng ký khai sinh\n/);
    expect(text).toContain('Mã thủ tục:        1.001193');
    expect(text).toContain('Cấp thực hiện:     Cấp xã');
    expect(text).toContain('• Trực tuyến, Dịch vụ bưu chính, Trực tiếp');
    expect(text).toContain('Thời hạn giải quyết: 1 ngày làm việc');
    expect(text).toContain('Lệ phí: Miễn phí');
    expect(text).toMatch(/ {2}Giấy tờ phải nộp:\n {4}1\. /);
    expect(text).toMatch(/Giấy chứng sinh;.*\[1 bản chính\]/);
    expect(text).toContain('Mẫu đơn, tờ khai: Tờ khai đăng ký khai sinh');
    expect(text).toContain('123/2015/NĐ-CP: Nghị định số 123/2015/NĐ-CP ngày 15/11/2015');
    expect(text).toContain('Quyết định công bố: 163/QĐ-BTP');
    expect(text).toMatch(/Nguồn: Cổng Dịch vụ công quốc gia .*bộ dữ liệu ngày \d{2}\/\d{2}\/\d{4}\./);
    expect(text).toContain('Trang thủ tục trên Cổng: https://dichvucong.gov.vn/');
  });

  it('says honestly when only index data exists', async () => {
    // Compile-time check: the shipped catalogue satisfies the retrieval port.
    const catalogue: ProcedureCatalog & { contentHash: string } = await loadCatalogue();
    const p = catalogue.all().find((x) => x.detailLevel === 'index')!;
    const text = renderProcedure(p, catalogue.dataDate);
    expect(text).toContain('chỉ có thông tin chung');
    expect(text).toContain(p.provenance.url);
    expect(text).not.toContain('THÀNH PHẦN HỒ SƠ');
  });

  it.each([
    [['9.999999'], 1, /Không tìm thấy thủ tục "9.999999"/],
    [['khai sinh nhanh'], 1, /Mã thủ tục có dạng 1\.001193/],
    [[], 2, /Cách dùng/],
  ])('run(%j) exits %i', async (args, code, message) => {
    const { err } = capture();
    expect(await run(args)).toBe(code);
    expect(err.join('')).toMatch(message);
  });

  it('--json prints the record', async () => {
    const { out } = capture();
    expect(await run(['1.001193', '--json'])).toBe(0);
    expect(JSON.parse(out.join('')).code).toBe('1.001193');
  });

  it.each([
    [100000, '100.000 đồng'],
    [1025000, '1.025.000 đồng'],
  ])('viMoney(%i)', (n, s) => {
    expect(viMoney(n)).toBe(s);
  });
});
