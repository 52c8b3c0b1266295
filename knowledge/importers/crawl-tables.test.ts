import { describe, expect, it } from 'vitest';
import {
  DOCUMENTS_HEADER,
  buildFee,
  cleanCell,
  dateFromTitle,
  feeKindFromText,
  formNameFromText,
  issuerFromNumber,
  parseChannels,
  parseDocuments,
  parseLegalBasis,
  parseLevels,
  parseResults,
  provinceFrom,
  sectionsFromRaw,
  splitAttachment,
  splitList,
  stripResultsUi,
} from './crawl-tables.js';
import * as S from './testing/crawl-samples.js';

describe('parseChannels (cach_thuc_thuc_hien)', () => {
  it.each([
    {
      what: 'three channels, bare number, free (1.001193)',
      text: S.CHANNELS_FREE_BARE_NUMBER,
      kinds: ['online', 'postal', 'in_person'],
      time: { value: 1, unit: 'khac', text: '1' },
      fee: { amountVnd: null, free: true },
    },
    {
      what: 'amount in VND with a note (1.013830)',
      text: S.CHANNELS_AMOUNT,
      kinds: ['online', 'postal', 'in_person'],
      time: { value: 5, unit: 'ngay_lam_viec', text: '5 Ngày làm việc' },
      fee: { amountVnd: 100000, free: false, description: '/hồ sơ' },
    },
    {
      what: '"Miễn phí" with a conditional note is not free (1.000094)',
      text: S.CHANNELS_CONDITIONAL_FEE,
      kinds: ['online', 'postal', 'in_person'],
      time: { value: 3, unit: 'khac', text: '3' },
      fee: {
        amountVnd: null,
        free: false,
        kind: 'le_phi',
        description:
          'Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh, thành phố trực thuộc Trung ương quyết định. Miễn lệ phí cho người thuộc gia đình có công với cách mạng; người thuộc hộ nghèo; người khuyết tật.',
      },
    },
    {
      what: 'amount typed in thousands, corrected from the note (3.000349)',
      text: S.CHANNELS_THOUSANDS,
      kinds: ['in_person'],
      time: { value: 5, unit: 'ngay_lam_viec', text: '5 Ngày làm việc' },
      fee: { amountVnd: 135000, free: false, kind: 'le_phi' },
    },
    {
      what: 'hours (3.000370)',
      text: S.CHANNELS_HOURS,
      kinds: ['online', 'in_person'],
      time: { value: 1, unit: 'gio', text: '1 Giờ' },
      fee: { amountVnd: 20000, free: false },
    },
    {
      what: 'USD is kept as text, never as VND (1.000771)',
      text: S.CHANNELS_USD,
      kinds: ['online', 'postal', 'in_person'],
      time: { value: 5, unit: 'ngay_lam_viec', text: '5 Ngày làm việc' },
      fee: { amountVnd: null, free: false, description: '10 USD /lần' },
    },
  ])('$what', ({ text, kinds, time, fee }) => {
    const channels = parseChannels(text);
    expect(channels.map((c) => c.kind)).toEqual(kinds);
    for (const c of channels) {
      expect(c.processingTime).toEqual(time);
      expect(c.fees).toHaveLength(1);
      expect(c.fees[0]).toMatchObject(fee);
    }
  });

  it('reads a bare "0" with no unit as no processing time, not "done at once"', () => {
    const channels = parseChannels(S.CHANNELS_FREE_BARE_NUMBER.replaceAll('1Miễn phí', '0Miễn phí'));
    expect(channels).toHaveLength(3);
    for (const c of channels) expect(c.processingTime).toBeNull();
  });

  it('keeps per-channel descriptions and does not split on "+ Trực tiếp:" inside them (1.003133)', () => {
    const channels = parseChannels(S.CHANNELS_WITH_DESCRIPTIONS);
    expect(channels.map((c) => c.kind)).toEqual(['online', 'in_person']);
    expect(channels[0]!.description).toBe(
      '+ Trực tuyến: nộp hồ sơ trực tuyến qua Cổng Dịch vụ công quốc gia hoặc Cổng Dịch vụ công Bộ Công an.',
    );
    expect(channels[1]!.description).toMatch(/^\+ Trực tiếp: nộp hồ sơ trực tiếp tại Công an xã/);
    expect(channels[0]!.fees[0]!.amountVnd).toBe(5000);
    // "40 Việt Nam Đồng" with the note "4.000 đ/giấy thông hành": the written amount wins.
    expect(channels[1]!.fees[0]!.amountVnd).toBe(4000);
  });

  it('"Không có thông tin" for time and fee means none', () => {
    expect(parseChannels(S.CHANNELS_NO_INFO)).toEqual([{ kind: 'in_person', processingTime: null, fees: [], description: '' }]);
  });

  it('returns nothing without the table header', () => {
    expect(parseChannels('Trực tuyến1Miễn phí')).toEqual([]);
    expect(parseChannels('')).toEqual([]);
  });
});

describe('buildFee', () => {
  it.each([
    ['Miễn phí', '', { free: true, amountVnd: null }],
    ['Miễn phí', 'Không quy định.', { free: true, amountVnd: null }],
    ['Miễn phí', 'Không', { free: true }],
    ['Miễn phí', 'Theo quy định của Hội đồng nhân dân cấp tỉnh', { free: false, amountVnd: null }],
    // A note that names no fee keeps the portal's label beside it (1.013831, 1.001570).
    ['Miễn phí', 'Theo quy định của Luật phí và lệ phí và các văn bản quy phạm pháp luật hướng dẫn Luật phí và lệ phí.', { free: true, description: 'Miễn phí (Theo quy định của Luật phí và lệ phí và các văn bản quy phạm pháp luật hướng dẫn Luật phí và lệ phí)' }],
    ['Miễn phí', '- Theo quy định của Luật phí và lệ phí và các văn bản.', { free: true, description: 'Miễn phí (Theo quy định của Luật phí và lệ phí và các văn bản)' }],
    ['Miễn phí', 'Mức lệ phí (nếu có) theo quy định của Hội đồng nhân dân cấp tỉnh.', { free: true, description: 'Miễn phí (Mức lệ phí (nếu có) theo quy định của Hội đồng nhân dân cấp tỉnh)' }],
    // No fee set yet: nothing is charged (1.012566, 1.001247).
    ['Miễn phí', 'Chưa quy định.', { free: true, description: 'Miễn phí (chưa quy định mức thu)' }],
    // A circular or a council's decision is a real condition: no label.
    ['Miễn phí', 'Theo quy định của Luật phí và lệ phí; Thông tư 85/2019/TT-BTC', { free: false }],
    ['Miễn phí', 'Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh quyết định', { free: false }],
    ['10,000,000 Việt Nam Đồng', 'kể từ ngày nhận đầy đủ hồ sơ hợp lệ.', { amountVnd: 10_000_000, free: false }],
    ['VNĐ', 'Phí công bố nội dung đăng ký doanh nghiệp: 100.000 đồng/lần (Thông tư số 47/2019/TT-BTC)', { amountVnd: null, kind: 'phi' }],
    ['Không có thông tin', '', null],
  ])('%s + %s', (cell, note, expected) => {
    const fee = buildFee(cell, note);
    if (expected === null) expect(fee).toBeNull();
    else expect(fee).toMatchObject(expected);
  });
});

describe('parseDocuments (thanh_phan_ho_so)', () => {
  it('splits name, attached form file and quantities (1.002010)', () => {
    const { groups, notes } = parseDocuments(S.DOCUMENTS_WITH_FORM_FILE);
    expect(notes).toEqual([]);
    expect(groups).toEqual([
      {
        title: 'Thành phần hồ sơ',
        items: [
          { name: 'Dự thảo Điều lệ của công ty luật', originals: 1, copies: 0, formName: null, required: null },
          { name: 'Giấy tờ chứng minh về trụ sở của tổ chức hành nghề luật sư.', originals: 0, copies: 1, formName: null, required: null },
          {
            name: 'Giấy đề nghị đăng ký hoạt động theo mẫu thống nhất',
            originals: 1,
            copies: 0,
            formName: 'Mẫu TP-LS-02-sđ',
            required: null,
          },
        ],
      },
    ]);
  });

  it('uses case headings between tables as group titles (2.002799)', () => {
    const { groups } = parseDocuments(S.DOCUMENTS_CASE_HEADINGS);
    expect(groups.map((g) => [g.title, g.items.map((i) => i.name)])).toEqual([
      [
        'Đối với trường hợp tạm ứng chi phí định giá tài sản',
        ['Giấy đề nghị tạm ứng', 'Bảng tính toán tổng chi phí thực hiện định giá tài sản và cơ sở tính toán chi phí thực hiện định giá tài'],
      ],
      [
        'Đối với trường hợp thanh toán chi phí định giá tài sản',
        [expect.stringMatching(/^Văn bản yêu cầu định giá .* thực hiện định giá$/), 'Giấy đề nghị thanh toán'],
      ],
    ]);
  });

  it('groups "Giấy tờ phải nộp" / "Giấy tờ phải xuất trình" and moves "Lưu ý" to notes (1.001193)', () => {
    const { groups, notes } = parseDocuments(S.DOCUMENTS_BIRTH_REGISTRATION);
    expect(groups.map((g) => [g.title, g.items.length])).toEqual([
      ['Giấy tờ phải nộp', 5],
      ['Giấy tờ phải xuất trình', 6],
      ['Thành phần hồ sơ', 3],
    ]);
    expect(notes.length).toBeGreaterThan(10);
    expect(notes[0]).toMatch(/^Cá nhân có quyền lựa chọn thực hiện thủ tục hành chính về hộ tịch/);
    const birthCertificate = groups[0]!.items.find((i) => i.name.startsWith('Giấy chứng sinh'));
    expect(birthCertificate).toMatchObject({ originals: 1, copies: 0, formName: null });
    const declaration = groups[2]!.items.find((i) => i.name.startsWith('Tờ khai đăng ký khai sinh'));
    expect(declaration).toMatchObject({ originals: 1, formName: 'Tờ khai đăng ký khai sinh' });
  });

  it('names the form from a file attached to the row (1.010098)', () => {
    const item = parseDocuments(S.DOCUMENTS_FORM_FILES_DC02).groups[0]!.items[0]!;
    expect(item.name).toBe('Phiếu đề nghị giải quyết thủ tục về căn cước (Mẫu DC02 ban hành kèm theo Thông tư số 17/2024/TT-BCA của Bộ Công an)');
    expect(item.formName).toBe('Mẫu DC02 Phiếu đề nghị giải quyết thủ tục về căn cước');
  });

  it('separates a form number glued to the count ("Mẫu số 01" + "1 bản chính")', () => {
    const item = parseDocuments(DOCUMENTS_HEADER + S.DOCUMENTS_FORM_NUMBER_GLUED_TO_COUNT).groups[0]!.items[0]!;
    expect(item).toEqual({ name: 'Đơn theo Mẫu số 01', originals: 1, copies: 1, formName: 'Mẫu số 01', required: null });
  });

  it('does not split on a quantity written inside a name ("02 bản chính") (1.009057)', () => {
    const items = parseDocuments(S.DOCUMENTS_QUANTITY_IN_TEXT).groups[0]!.items;
    expect(items).toHaveLength(1);
    expect(items[0]!.name).toMatch(/Phiếu giao hàng: 02 bản chính$/);
    expect(items[0]).toMatchObject({ originals: 1, copies: 1 });
  });

  it.each(['', 'Không có thông tin', '--'])('empty for %j', (text) => {
    expect(parseDocuments(text)).toEqual({ groups: [], notes: [], recognised: true });
  });

  it('flags text without a table as unrecognised instead of guessing', () => {
    expect(parseDocuments('); nộp hồ sơ cho cơ quan BHXH.\nBước 2. Cơ quan BHXH tiếp nhận hồ sơ').recognised).toBe(false);
  });
});

describe('splitAttachment / formNameFromText', () => {
  it.each([
    ['Giấy đề nghị đăng ký hoạt động theo mẫu thống nhấtMẫu TP-LS-02-sđ.docx', 'Giấy đề nghị đăng ký hoạt động theo mẫu thống nhất', 'Mẫu TP-LS-02-sđ.docx'],
    ['Văn bản đề nghị cấp giấy phép (theo mẫu)12.1.PLCpgiyphpcungcpDVHKnngh.docx', 'Văn bản đề nghị cấp giấy phép (theo mẫu)', '12.1.PLCpgiyphpcungcpDVHKnngh.docx'],
    [
      'Đơn đề nghị cấp lại thẻ công chứng viên theo Mẫu TP-CC-08 ban hành kèm theo Thông tư số 05/2025/TT-BTPMẫu TP-CC-08.docx',
      'Đơn đề nghị cấp lại thẻ công chứng viên theo Mẫu TP-CC-08 ban hành kèm theo Thông tư số 05/2025/TT-BTP',
      'Mẫu TP-CC-08.docx',
    ],
    // No seam to cut at: keep the text whole (without the extension) rather than guess.
    ['Giấy đề nghị cấp Giấy phép vận chuyển hàng hóa nguy hiểm theo mẫuvăn bản đề nghị loại 1,2,3.docx', 'Giấy đề nghị cấp Giấy phép vận chuyển hàng hóa nguy hiểm theo mẫuvăn bản đề nghị loại 1,2,3', null],
    ['Dự thảo Điều lệ của công ty luật', 'Dự thảo Điều lệ của công ty luật', null],
    // A photo's size and a unit of area are no seam: the cut is at the file name after them.
    [
      'Tờ khai dự tuyển có dán ảnh cỡ 3x4cm mới chụp, diện tích phòng trên 20m2 (theo mẫu tại Phụ lục II).Phụ lục II.docx',
      'Tờ khai dự tuyển có dán ảnh cỡ 3x4cm mới chụp, diện tích phòng trên 20m2 (theo mẫu tại Phụ lục II).',
      'Phụ lục II.docx',
    ],
    ['Đơn đề nghị kèm theo 01 ảnh màu cỡ 3x4 cm có nền màu xanh.mau so 07 (2).docx', 'Đơn đề nghị kèm theo 01 ảnh màu cỡ 3x4 cm có nền màu xanh.', 'mau so 07 (2).docx'],
  ])('%s', (cell, name, file) => {
    expect(splitAttachment(cell)).toEqual({ name, file });
  });

  it.each([
    ['Bản khai cá nhân đề nghị hưởng chế độ trợ cấp hàng tháng đối với thanh niên xung phong, theo mẫu BM.NCC.20.01', 'Mẫu BM.NCC.20.01'],
    ['Văn bản đề nghị hỗ trợ kinh phí theo Mẫu số 07 Phụ lục ban hành kèm theo Nghị định số 106/2024/NĐ-CP;', 'Mẫu số 07'],
    ['Tờ khai đăng ký khai sinh theo mẫu (nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tiếp);', 'Tờ khai đăng ký khai sinh'],
    ['Giấy chứng sinh', null],
  ])('%s', (name, form) => {
    expect(formNameFromText(name)).toBe(form);
  });
});

describe('parseLegalBasis (can_cu_phap_ly)', () => {
  it('splits title and number rows (1.001193)', () => {
    const items = parseLegalBasis(S.LEGAL_BASIS_BIRTH_REGISTRATION);
    expect(items.map((i) => i.number)).toEqual([
      '85/2019/TT-BTC',
      '104/2022/NĐ-CP',
      '123/2015/NĐ-CP',
      '08/2025/TT-BTP',
      '18/2026/NĐ-CP',
      '87/2020/NĐ-CP',
      '04/2024/TT-BTP',
      '03/2023/TT-BTP',
      '106/2021/TT-BTC',
      '04/2020/TT-BTP',
      '07/2025/NĐ-CP',
      '120/2025/NĐ-CP',
      '66.7/2025/NQ-CP',
      '60/2014/QH13',
      '01/2022/TT-BTP',
    ]);
    expect(items[2]).toEqual({
      number: '123/2015/NĐ-CP',
      title: 'Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch',
      issuedDate: '2015-11-15',
      issuer: 'Chính phủ',
    });
    // A title that cites other documents' dates does not take them as its own.
    expect(items[6]!.issuedDate).toBeNull();
    // "Luật 60/2014/QH13" immediately followed by its number cell "60/2014/QH13".
    expect(items[13]).toMatchObject({ title: 'Luật 60/2014/QH13', issuer: 'Quốc hội' });
  });

  it('drops the next page section glued to the last row and names joint issuers (3.000163)', () => {
    const items = parseLegalBasis(S.LEGAL_BASIS_RUNS_INTO_AGENCIES);
    expect(items.map((i) => i.number)).toEqual(['02/2014/TTLT-TANDTC-VKSNDTC-BTP-BTC', '110/2015/QH13', '21/2014/L-CTN', '56/2010/QH12']);
    expect(items[0]!.issuer).toBe('Tòa án nhân dân tối cao, Viện kiểm sát nhân dân tối cao, Bộ Tư pháp, Bộ Tài chính');
    expect(items.some((i) => i.title.includes('Cơ quan thực hiện'))).toBe(false);
  });

  it('completes a bare "08/2026" number from its title, after a date glued to it (1.003867)', () => {
    const items = parseLegalBasis(S.LEGAL_BASIS_DATE_GLUED);
    expect(items[0]).toEqual({
      number: '08/2026/TT-BNNMT',
      title: 'Thông tư số 08/2026/TT-BNNMT ngày 26/01/2026',
      issuedDate: '2026-01-26',
      issuer: 'Bộ Nông nghiệp và Môi trường',
    });
    expect(items.map((i) => i.number)).toEqual(['08/2026/TT-BNNMT', '146/2025/QH15', '08/2017/QH14']);
  });

  it.each(['Không có thông tin', ''])('empty for %j', (text) => {
    expect(parseLegalBasis(text)).toEqual([]);
  });

  it.each([
    ['87/2020/NĐ-CP', 'Chính phủ'],
    ['28/2018/QĐ-TTg', 'Thủ tướng Chính phủ'],
    ['31/2024/QH15', 'Quốc hội'],
    ['12/2016/TT-NHNN', 'Ngân hàng Nhà nước Việt Nam'],
    ['163/QĐ-XYZ', null],
  ])('issuer of %s', (number, issuer) => {
    expect(issuerFromNumber(number)).toBe(issuer);
  });

  it.each([
    ['Nghị định số 87/2020/NĐ-CP ngày 28 tháng 7 năm 2020 của Chính phủ', '87/2020/NĐ-CP', '2020-07-28'],
    ['Thông tư số 03/2023/TT-BTP ngày 02/8/2023 của Bộ trưởng Bộ Tư pháp', '03/2023/TT-BTP', '2023-08-02'],
    ['Thông tư sửa đổi Thông tư số 85/2019/TT-BTC ngày 29/11/2019', '106/2021/TT-BTC', null],
  ])('date of %s', (title, number, date) => {
    expect(dateFromTitle(title, number)).toBe(date);
  });
});

describe('results (ket_qua_xu_ly)', () => {
  it('strips the portal UI tail', () => {
    expect(stripResultsUi(S.RESULTS_BIRTH_REGISTRATION)).toBe('Giấy khai sinhMã: KQ.G15.000031Từ khóaKhông có thông tinMô tảKhông có thông tin');
    expect(S.RESULTS_BIRTH_REGISTRATION).toContain('Nộp hồ sơ');
  });

  it.each([
    [S.RESULTS_BIRTH_REGISTRATION, ['Giấy khai sinh']],
    [
      S.RESULTS_WITH_UI,
      [
        'Công văn thông báo từ chối cấp tài khoản điện tử (NB9)',
        'Công văn trả lời của Cục Quản lý xuất nhập cảnh về việc cấp tài khoản điện tử (mẫu NB8) ban hành kèm theo Thông tư số 22/2023/TT-BCA ngày 30/6/2023 của Bộ Công an.',
      ],
    ],
    ['Không có thông tin', []],
  ])('parses result names %#', (text, names) => {
    expect(parseResults(text)).toEqual(names);
  });
});

describe('text hygiene', () => {
  it('normalises to NFC (1.002549 is published decomposed)', () => {
    expect(S.NAME_NOT_NFC).not.toBe(S.NAME_NOT_NFC.normalize('NFC'));
    const cleaned = cleanCell(S.NAME_NOT_NFC);
    expect(cleaned).toBe(cleaned.normalize('NFC'));
    expect(cleaned).toContain('Cấp Giấy chứng nhận đủ điều kiện');
  });

  it.each([
    ['Không có thông tin', ''],
    ['--', ''],
    ['  Sở\u00a0Xây dựng  ', 'Sở Xây dựng'],
  ])('cleanCell(%j)', (input, output) => {
    expect(cleanCell(input)).toBe(output);
  });

  it.each([
    ['Cấp xã', ['xa']],
    ['Cấp bộ, Cấp tỉnh, Cấp xã, Cơ quan khác', ['xa', 'tinh', 'bo', 'khac']],
    ['Cấp tỉnh, Cấp xã', ['xa', 'tinh']],
    ['', []],
  ])('parseLevels(%j)', (text, levels) => {
    expect(parseLevels(text)).toEqual(levels);
  });

  it('splits list cells but keeps bracketed commas', () => {
    expect(splitList('Công dân Việt Nam, Tổ chức (không bao gồm doanh nghiệp, HTX), Công dân Việt Nam')).toEqual([
      'Công dân Việt Nam',
      'Tổ chức (không bao gồm doanh nghiệp, HTX)',
    ]);
  });

  it.each([
    ['UBND tỉnh Bắc Ninh', 'Bắc Ninh'],
    ['UBND Thành phố Đà Nẵng', 'Đà Nẵng'],
    ['Sở Xây dựng - tỉnh Quảng Ngãi', 'Quảng Ngãi'],
    ['Trung tâm phục vụ hành chính công Thành phố Hà Nội', 'Hà Nội'],
    ['(TP Đà Nẵng)', 'Đà Nẵng'],
    ['Bộ Tư pháp', null],
  ])('provinceFrom(%j)', (text, province) => {
    expect(provinceFrom(text)).toBe(province);
  });
});

describe('sectionsFromRaw', () => {
  it('re-cuts sections from page text when fields are shifted', () => {
    const raw =
      'Trình Tự Thực HiệnBước 1. Lập hồ sơ theo mục 5.3 (Thành phần hồ sơ); nộp hồ sơ.Cách Thức Thực HiệnHình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp6 Ngày làm việcMiễn phíThành phần hồ sơTên giấy tờMẫu đơn, tờ khaiSố lượngĐơn đề nghị1 bản chínhCăn cứ pháp lýTên văn bản pháp lýMã văn bảnLuật 84/2015/QH1384/2015/QH13Cơ quan thực hiệnBảo hiểm xã hội cấp TỉnhYêu cầu, điều kiện thực hiệnKhông có thông tinKết quả xử lýQuyết địnhMã: KQ.1';
    const s = sectionsFromRaw(raw);
    expect(s.steps).toBe('Bước 1. Lập hồ sơ theo mục 5.3 (Thành phần hồ sơ); nộp hồ sơ.');
    expect(s.documents).toBe('Tên giấy tờMẫu đơn, tờ khaiSố lượngĐơn đề nghị1 bản chính');
    expect(parseLegalBasis(s.legal!).map((l) => l.number)).toEqual(['84/2015/QH13']);
    expect(s.agencies).toBe('Bảo hiểm xã hội cấp Tỉnh');
  });
});

describe('time cell in words', () => {
  it('keeps "Không quy định" as description, not as a duration (1.008312)', () => {
    const channels = parseChannels(S.CHANNELS_TIME_IN_WORDS);
    expect(channels.length).toBeGreaterThan(0);
    expect(channels[0]!.processingTime).toBeNull();
    expect(channels[0]!.description).toMatch(/^Thời hạn giải quyết: Không quy định\nQua Cổng DVC Quốc gia/);
    expect(channels[0]!.fees[0]).toMatchObject({ free: true });
  });
});

describe('feeKindFromText', () => {
  it.each([
    ['Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần.', 'le_phi'],
    ['Phí thẩm định hồ sơ Cấp đổi, cấp lại Giấy chứng nhận đối với cá nhân (Đất)', 'phi'],
    ['Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh quyết định. Miễn phí cho ...', 'le_phi'],
    ['/hồ sơ', 'khac'],
  ])('%s', (text, kind) => {
    expect(feeKindFromText(text)).toBe(kind);
  });
});
