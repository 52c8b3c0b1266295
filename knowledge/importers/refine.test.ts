import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../catalogue.js';
import { namesDistrictBody, whereToGo } from '../procedure.js';
import { NOT_SET_FREE } from './crawl-tables.js';
import { dropListMarkFees, FieldNames, loadDistrictSuccessors, repairAgencies, restoreFormName, splitPaperList, unsetFeesBesideAmounts } from './refine.js';
import type { DocumentItem } from '../procedure.js';

describe('form names restored from garbled file names', () => {
  it.each([
    ['1.MuCT01banhnhkmtheoThngts53', 'Tờ khai thay đổi thông tin cư trú (Mẫu CT01 ban hành kèm theo Thông tư số 53/2025/TT-BCA).', 'Mẫu CT01'],
    ['Mus04; Mus05', 'Bản chính Tờ trình đề nghị phê duyệt phương án', 'Mẫu số 04; Mẫu số 05'],
    ['PhlcIV', 'Phương án quản lý rừng bền vững', 'Phụ lục IV'],
    ['MauBankhaichung', 'Bản khai chung', null],
    ['Mẫu CT01', 'Tờ khai', 'Mẫu CT01'],
  ])('%s → %s', (file, item, expected) => {
    expect(restoreFormName(file, item)).toBe(expected);
  });
});

describe('splitPaperList: one published line listing several papers under a lead', () => {
  const line = (name: string, formName: string | null = null): DocumentItem => ({ name, originals: 1, copies: 1, formName, required: null });

  it('a consulate record\'s "Giấy tờ phải nộp: - … - …" and "Giấy tờ phải xuất trình: -…" (2.000507)', () => {
    const paid = splitPaperList(line('Giấy tờ phải nộp: - Tờ khai đăng ký lại kết hôn theo mẫu. - Bản sao Giấy chứng nhận kết hôn được cấp trước đây.', '13. TK đăng ký lại KH'));
    expect(paid.map((i) => i.name)).toEqual(['Tờ khai đăng ký lại kết hôn theo mẫu.', 'Bản sao Giấy chứng nhận kết hôn được cấp trước đây.']);
    expect(paid.map((i) => i.formName)).toEqual(['13. TK đăng ký lại KH', null]);
    expect(paid[1]!.asPublished?.name).toMatch(/^Giấy tờ phải nộp:/u);
    const shown = splitPaperList(line('Giấy tờ phải xuất trình: -Hộ chiếu hoặc giấy tờ có giá trị thay thế hộ chiếu; - Giấy tờ chứng minh nơi cư trú.'));
    expect(shown.map((i) => i.name)).toEqual(['Xuất trình hộ chiếu hoặc giấy tờ có giá trị thay thế hộ chiếu', 'Xuất trình giấy tờ chứng minh nơi cư trú.']);
  });

  it('"Các tài liệu … bao gồm: + … + …" and "Bản sao các giấy tờ sau đây: - …" (1.013232, 2.001199)', () => {
    expect(splitPaperList(line('Các tài liệu quy định tại Khoản 2 Điều 97 Luật Xây dựng năm 2014 bao gồm: + Bản sao giấy tờ chứng minh quyền sử dụng đất. + Báo cáo kết quả khảo sát đánh giá chất lượng hiện trạng.')).map((i) => i.name)).toEqual([
      'Bản sao giấy tờ chứng minh quyền sử dụng đất.',
      'Báo cáo kết quả khảo sát đánh giá chất lượng hiện trạng.',
    ]);
    expect(splitPaperList(line('Bản sao các giấy tờ sau đây: - Giấy tờ pháp lý của cá nhân đối với thành viên là cá nhân; - Giấy chứng nhận đăng ký đầu tư.')).map((i) => i.name)).toEqual([
      'Bản sao giấy tờ pháp lý của cá nhân đối với thành viên là cá nhân',
      'Bản sao giấy chứng nhận đăng ký đầu tư.',
    ]);
  });

  it.each([
    ['Một trong các giấy tờ sau đây: + Giấy chứng nhận quyền sử dụng đất. + Quyết định giao đất.'],
    ['Đơn đề nghị sửa đổi phép bay bao gồm các nội dung sau đây: - Tên, địa chỉ của người khai thác; - Số phép bay đã cấp.'],
    ['Phương án sử dụng đất kết hợp, gồm: + Thông tin về người sử dụng đất; + Thông tin về thửa đất.'],
    ['Các giấy tờ chứng minh nhân thân, gồm: một trong các giấy tờ - Hộ chiếu - Căn cước'],
    ['Tờ khai đăng ký khai sinh theo mẫu.'],
  ])('a choice of one, the contents of one paper or a plain line stay one line: %s', (name) => {
    expect(splitPaperList(line(name))).toEqual([line(name)]);
  });
});

describe('field names', () => {
  it('four spellings of one field become one, and comma-split fragments are joined back', () => {
    const known = ['Thi đua – Khen thưởng', 'Phòng cháy, chữa cháy', 'Quản lý Đê điều và Phòng, chống thiên tai'];
    const names = new FieldNames(known, ['Thi đua, khen thưởng', 'Thi đua - khen thưởng', 'Thi đua khen thưởng', 'Phòng cháy', 'chữa cháy']);
    const spellings = ['Thi đua – Khen thưởng', 'Thi đua, khen thưởng', 'Thi đua - khen thưởng', 'Thi đua khen thưởng'].map((f) => names.normalise([f])[0]);
    expect(new Set(spellings).size).toBe(1);
    expect(names.normalise(['Phòng cháy', 'chữa cháy', 'Hộ tịch'])).toEqual(['Phòng cháy, chữa cháy', 'Hộ tịch']);
  });
});

describe('agencies', () => {
  it('joins split unit names and drops the obsolete "thị trấn"', () => {
    expect(repairAgencies(['Uỷ ban Nhân dân cấp xã', 'phường', 'thị trấn', 'Sở Xây dựng'])).toEqual(['Uỷ ban Nhân dân cấp xã, phường', 'Sở Xây dựng']);
    expect(repairAgencies(['Ủy ban Nhân dân xã, phường, thị trấn.'])).toEqual(['Ủy ban Nhân dân xã, phường']);
  });

  it('joins a part starting with a small letter to the body before it (1.000757, customs)', () => {
    expect(repairAgencies(['Cục cảnh sát quản lý hành chính về trật tự', 'xã hội', 'Công an tỉnh'])).toEqual(['Cục cảnh sát quản lý hành chính về trật tự, xã hội', 'Công an tỉnh']);
    expect(repairAgencies(['Chi cục Hải quan khu vực', 'Cục Hải quan tỉnh', 'thành phố'])).toEqual(['Chi cục Hải quan khu vực', 'Cục Hải quan tỉnh, thành phố']);
    // Step text shifted into the field by the crawl is no body (2.000942).
    expect(repairAgencies(['chứng thực tiến hành chụp từ bản chính như sau:\n* Ghi đầy đủ lời chứng', 'ghi rõ họ tên'])).toEqual([]);
    // A trade union files no procedure (2.001023).
    expect(repairAgencies(['Ủy ban nhân dân cấp xã', 'Công đoàn cơ quan BHXH Việt Nam'])).toEqual(['Ủy ban nhân dân cấp xã']);
  });
});

describe('fees not set', () => {
  const notSet = { kind: 'khac' as const, amountVnd: null, free: true, description: NOT_SET_FREE };
  const channel = (kind: 'online' | 'in_person', fee: typeof notSet | { kind: 'le_phi'; amountVnd: number; free: boolean; description: string }) => ({ kind, processingTime: null, fees: [fee], description: '' });
  it('stay free when no channel charges, are said as published beside a charged channel (1.000757)', () => {
    expect(unsetFeesBesideAmounts([channel('online', notSet)])[0]!.fees[0]!.free).toBe(true);
    const mixed = unsetFeesBesideAmounts([channel('online', notSet), channel('in_person', { kind: 'le_phi', amountVnd: 70000, free: false, description: '70.000 đồng/thẻ' })]);
    expect(mixed[0]!.fees[0]).toMatchObject({ free: false, description: 'Chưa quy định' });
    expect(mixed[1]!.fees[0]!.amountVnd).toBe(70000);
  });

  it('a cell holding only a list mark and no amount is no fee (1.014237: "1", "2"); a real text stays', () => {
    const fee = (description: string) => ({ kind: 'khac' as const, amountVnd: null, free: false, description });
    const out = dropListMarkFees([
      { kind: 'in_person', processingTime: null, fees: [fee('1')], description: '' },
      { kind: 'online', processingTime: null, fees: [fee('ii')], description: '' },
      { kind: 'postal', processingTime: null, fees: [fee('Theo Thông tư số 10/2024/TT-BTC')], description: '' },
    ]);
    expect(out.map((c) => c.fees.length)).toEqual([0, 0, 1]);
  });

  it('the reviewed successor table parses and every successor names its legal basis', () => {
    const rows = loadDistrictSuccessors();
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) if (r.successor) expect(r.basis).toMatch(/\d+\/\d{4}\/|\d+\/QĐ-/u);
  });
});

describe('the committed catalogue after refinement', async () => {
  const catalogue = await loadCatalogue();

  it('no procedure sends a citizen to a district-level body', () => {
    let flagged = 0;
    for (const p of catalogue.all()) {
      const where = whereToGo(p);
      for (const body of where.bodies) expect(namesDistrictBody(body), `${p.code}: ${body}`).toBe(false);
      for (const body of p.agencies) expect(namesDistrictBody(body), `${p.code}: ${body}`).toBe(false);
      if (p.competentAuthority) expect(namesDistrictBody(p.competentAuthority), `${p.code}: ${p.competentAuthority}`).toBe(false);
      if (where.predatesReform) {
        flagged++;
        expect(where.askWhere).toBeTruthy();
      }
    }
    expect(flagged).toBeGreaterThan(0);
  });

  it('records that named a district social-insurance office keep the original and get the area office with its basis', () => {
    const p = catalogue.all().find((x) => x.agenciesAsPublished?.includes('Bảo hiểm xã hội cấp huyện'))!;
    expect(p).toBeDefined();
    expect(p.agencies.some((a) => a.startsWith('Bảo hiểm xã hội cơ sở'))).toBe(true);
    expect(whereToGo(p).successions[0]?.basis).toMatch(/2286\/QĐ-BTC/u);
  });

  it('exposes one spelling per field name for the officer page', () => {
    const names = catalogue.fieldNames().map((f) => f.name);
    expect(names.filter((n) => /^thi đua/iu.test(n))).toEqual(['Thi đua, khen thưởng']);
    expect(names).not.toContain('chữa cháy');
    expect(new Set(names).size).toBe(names.length);
  });
});
