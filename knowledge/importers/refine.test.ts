import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../catalogue.js';
import { namesDistrictBody, whereToGo } from '../procedure.js';
import { NOT_SET_FREE } from './crawl-tables.js';
import {
  cleanProcedureName,
  dropListMarkFees,
  FieldNames,
  loadDistrictSuccessors,
  repairAgencies,
  rescaleThousandAmounts,
  restoreFormName,
  splitJoinedPapers,
  splitNumberedGroup,
  splitPaperList,
  unsetFeesBesideAmounts,
} from './refine.js';
import { markDocumentRoles } from './document-roles.js';
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

  it("the applicant's file named with its papers after 'bao gồm:', one after another after ';' (1.010092); not an office's file to another", () => {
    const own = 'Thành phần hồ sơ của người tham gia lực lượng xung kích hoặc người đại diện hợp pháp gửi hồ sơ về UBND cấp xã bao gồm: Đơn đề nghị trợ cấp tai nạn theo mẫu; Giấy ra viện; Biên bản giám định mức suy giảm khả năng lao động;';
    expect(splitPaperList(line(own)).map((i) => i.name)).toEqual(['Đơn đề nghị trợ cấp tai nạn theo mẫu', 'Giấy ra viện', 'Biên bản giám định mức suy giảm khả năng lao động']);
    expect(splitPaperList(line(own))[1]!.asPublished?.name).toBe(own);
    const office = 'Thành phần hồ sơ của UBND cấp xã lập gửi UBND cấp tỉnh bao gồm: Tờ trình; Hồ sơ hợp lệ của người tham gia lực lượng xung kích';
    expect(splitPaperList(line(office))).toEqual([line(office)]);
  });

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

describe('procedure names as one line', () => {
  it('joins the portal\'s wrapped lines with a space', () => {
    expect(cleanProcedureName('Cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản\ngắn liền với đất lần đầu (cấp xã)')).toBe(
      'Cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu (cấp xã)',
    );
  });
  it('ends the name at a glued section heading of the record', () => {
    expect(cleanProcedureName('Hòa giải tranh chấp đất đai thuộc thẩm quyền cấp xã\n(1) Trình tự thực hiện:')).toBe('Hòa giải tranh chấp đất đai thuộc thẩm quyền cấp xã');
    expect(cleanProcedureName('Cấp giấy phép X\n2. Cách thức thực hiện')).toBe('Cấp giấy phép X');
  });
  it('keeps a wrapped parenthesis and drops a repeated copy, tabs and edge spaces', () => {
    expect(cleanProcedureName('Cho phép trường hoạt động giáo dục\n(Đối với trường trung học cơ sở)')).toBe('Cho phép trường hoạt động giáo dục (Đối với trường trung học cơ sở)');
    expect(cleanProcedureName('Thẩm định đề án phân loại đô thị\nThẩm định đề án phân loại đô thị')).toBe('Thẩm định đề án phân loại đô thị');
    expect(cleanProcedureName('\tĐăng ký khai sinh ')).toBe('Đăng ký khai sinh');
  });
});

describe('papers joined by dashes in one line', () => {
  const item = (name: string, extra: Partial<DocumentItem> = {}): DocumentItem => ({ name, originals: 1, copies: 0, formName: null, required: null, ...extra });
  it('splits two papers and closes the parenthesis the portal left open', () => {
    const out = splitJoinedPapers(item('Đơn đề nghị thuê nhà ở sinh viên - Giấy tờ chứng minh thuộc đối tượng ưu tiên (nếu có'));
    expect(out.map((i) => i.name)).toEqual(['Đơn đề nghị thuê nhà ở sinh viên', 'Giấy tờ chứng minh thuộc đối tượng ưu tiên (nếu có)']);
    expect(out.every((i) => i.originals === 1 && i.asPublished?.name?.includes(' - '))).toBe(true);
  });
  it('splits "; - " lists and drops the dossier count left at the end', () => {
    const out = splitJoinedPapers(item('Tờ trình đề nghị xét tặng Kỷ niệm chương (kèm danh sách); - Báo cáo tóm tắt thành tích; d) Số lượng hồ sơ: 01 bộ.'));
    expect(out.map((i) => i.name)).toEqual(['Tờ trình đề nghị xét tặng Kỷ niệm chương (kèm danh sách)', 'Báo cáo tóm tắt thành tích']);
  });
  it('keeps a dash inside one paper: a form title, a compound name, a lead', () => {
    for (const name of [
      'Tờ khai hàng hóa nhập khẩu theo Mẫu số 01 - Tờ khai hàng hóa nhập khẩu Phụ lục I',
      'Báo cáo kết quả rà soát hiện trạng sử dụng đất theo Mẫu số 15d - Quyết định số 73/2026/QĐ-UBND ngày 03/7/2026',
      'Biên bản bình xét của Hội đồng Thi đua - Khen thưởng các cấp',
      'Trường hợp hoàn trả tiền đã đóng - Tờ khai tham gia BHXH; - Sổ BHXH',
    ])
      expect(splitJoinedPapers(item(name)).map((i) => i.name)).toEqual([name]);
  });
});

describe('numbered groups of a case file', () => {
  it('lists the papers of "Nhóm N gồm …:" and marks the office\'s own as internal', () => {
    const parts = splitNumberedGroup({
      name: 'Nhóm 1 gồm các văn bản, tài liệu sau: Đơn tố cáo hoặc Biên bản ghi nội dung tố cáo trực tiếp; Quyết định thụ lý, Quyết định thành lập Tổ xác minh; Kế hoạch xác minh tố cáo; Báo cáo kết quả thẩm tra, xác minh nội dung tố cáo; Kết luận nội dung tố cáo',
      originals: 1,
      copies: 0,
      formName: null,
      required: null,
    });
    expect(parts.some((p) => /^nhóm/iu.test(p.name))).toBe(false);
    const [g] = markDocumentRoles([{ title: 'Thành phần hồ sơ', items: parts }]);
    const roles = Object.fromEntries(g!.items.map((i) => [i.name, i.role]));
    expect(roles['Đơn tố cáo hoặc Biên bản ghi nội dung tố cáo trực tiếp']).toBe('main');
    expect(roles['Kế hoạch xác minh tố cáo']).toBe('internal');
    expect(roles['Báo cáo kết quả thẩm tra, xác minh nội dung tố cáo']).toBe('internal');
  });
});

describe('fee amounts read without their thousands', () => {
  const channel = (amountVnd: number, description: string) => [{ kind: 'online' as const, processingTime: null, description: '', fees: [{ kind: 'phi' as const, amountVnd, free: false, description }] }];
  it('rescales an amount the words state in thousands of đồng', () => {
    expect(rescaleThousandAmounts(channel(100, 'Phí công bố nội dung đăng ký doanh nghiệp: 100.000 đồng/lần'))[0]!.fees[0]!.amountVnd).toBe(100000);
  });
  it('leaves other currencies and amounts the words do not state', () => {
    expect(rescaleThousandAmounts(channel(155, 'Thẻ tạm trú: 155 USD/thẻ.'))[0]!.fees[0]!.amountVnd).toBe(155);
    expect(rescaleThousandAmounts(channel(90, 'Từ ngày 01/01/2026 áp dụng theo Thông tư số 156/2025/TT-BTC'))[0]!.fees[0]!.amountVnd).toBe(90);
    expect(rescaleThousandAmounts(channel(50, 'Lệ phí 1.050.000 đồng'))[0]!.fees[0]!.amountVnd).toBe(50);
  });
});

describe('the committed catalogue after refinement', async () => {
  const catalogue = await loadCatalogue();

  it('names are one line, without a glued section heading', () => {
    for (const p of catalogue.all()) {
      expect(p.name, p.code).not.toMatch(/[\n\t]|^\s|\s$/u);
      expect(p.name, p.code).not.toMatch(/\(\d\)\s*Trình tự thực hiện/u);
    }
  });

  it('no paper a citizen brings is a numbered group lead or two papers joined by a dash', () => {
    for (const p of catalogue.all())
      for (const g of p.documentGroups)
        for (const i of g.items) {
          if (i.role !== 'main' && i.role !== 'conditional') continue;
          expect(i.name, p.code).not.toMatch(/^nhóm \d+ gồm/iu);
          expect(splitJoinedPapers(i), `${p.code}: ${i.name}`).toHaveLength(1);
        }
  });

  it('no fee amount is a thousandth of the amount its words state', () => {
    for (const p of catalogue.all()) for (const c of p.channels) expect(rescaleThousandAmounts([c]), p.code).toEqual([c]);
  });

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
