import { describe, expect, it } from 'vitest';
import type { Procedure, SubmissionChannel } from '../../knowledge/index.js';
import { PERMANENT_RESIDENCE } from '../testing/fixtures.js';
import { collapseBranches, compactFee, currentFeeLine, nearestFirst, quantityText, timeLine, whereLine } from './format.js';

const row = (value: number, unit: 'ngay_lam_viec' | 'gio', text: string, description: string): SubmissionChannel => ({
  kind: 'in_person',
  processingTime: { value, unit, text },
  fees: [],
  description,
});

describe('timeLine: one channel published once per case (issue 18, hand check Q45)', () => {
  it('says each time with the case its row names, the row naming none as "trường hợp khác"', () => {
    const p: Procedure = {
      ...PERMANENT_RESIDENCE,
      channels: [
        row(7, 'ngay_lam_viec', '7 Ngày làm việc', '+ Cấp mới biển số xe trúng đấu giá, đổi biển số xe: Không quá 07 ngày làm việc, kể từ ngày nhận đủ hồ sơ hợp lệ'),
        row(1, 'gio', '1 Giờ', '+ Cấp mới biển số xe: Cấp ngay sau khi nhận đủ hồ sơ hợp lệ'),
        row(2, 'ngay_lam_viec', '2 Ngày làm việc', '- Cách thức thực hiện: + Chủ xe kê khai Giấy khai đăng ký xe'),
      ],
    };
    expect(timeLine(p)).toBe('7 ngày làm việc (cấp mới biển số xe trúng đấu giá, đổi biển số xe); 1 giờ (cấp mới biển số xe); 2 ngày làm việc (trường hợp khác)');
  });

  it('keeps "… tùy trường hợp" when the rows do not tell their cases apart', () => {
    const p: Procedure = { ...PERMANENT_RESIDENCE, channels: [row(2, 'ngay_lam_viec', '2 Ngày làm việc', ''), row(5, 'ngay_lam_viec', '5 Ngày làm việc', '')] };
    expect(timeLine(p)).toBe('2 ngày làm việc hoặc 5 ngày làm việc tùy trường hợp');
  });
});

describe('compactFee (issue 18)', () => {
  it('drops a parenthesis that only cites the law, names the act that sets the amounts', () => {
    expect(compactFee('miễn phí (theo quy định của Luật phí và lệ phí và các văn bản quy phạm pháp luật hướng dẫn)')).toBe('miễn phí');
    expect(compactFee('Thông tư số 60/2023/TT-BTC ngày 07/9/2023 của Bộ Tài chính quy định mức thu, chế độ thu, nộp…')).toBe('theo mức thu tại Thông tư số 60/2023/TT-BTC');
    expect(compactFee('trực tuyến: Thực hiện theo Thông tư số 244/2016/TT-BTC ngày 11/11/2016 của Bộ Tài chính')).toBe('trực tuyến: theo mức thu tại Thông tư số 244/2016/TT-BTC');
    // An amount stays as it is.
    expect(compactFee('200.000 đồng/hộ chiếu')).toBe('200.000 đồng/hộ chiếu');
    expect(compactFee('Thông tư số 25/2021/TT-BTC: 200.000 đồng/lần')).toBe('Thông tư số 25/2021/TT-BTC: 200.000 đồng/lần');
  });
});

describe('nearestFirst: where a citizen goes, nearest body first (issue 18, hand check Q45)', () => {
  it('the commune police before the province and the central department, the record order kept within a level', () => {
    expect(nearestFirst(['Cục cảnh sát giao thông', 'Công an tỉnh', 'Công an cấp xã'])).toEqual(['Công an cấp xã', 'Công an tỉnh', 'Cục cảnh sát giao thông']);
    expect(nearestFirst(['Ủy ban nhân dân cấp xã', 'Tổ chức hành nghề công chứng', 'Cơ quan đại diện có thẩm quyền'])).toEqual([
      'Ủy ban nhân dân cấp xã',
      'Tổ chức hành nghề công chứng',
      'Cơ quan đại diện có thẩm quyền',
    ]);
  });

  it('a provincial body naming a ward in its address is not the commune', () => {
    expect(nearestFirst(['Sở Tư pháp cấp tỉnh', 'Bộ Tư pháp'])).toEqual(['Sở Tư pháp cấp tỉnh', 'Bộ Tư pháp']);
  });
});

describe('currentFeeLine: "Miễn phí" beside a fee the steps charge (issue 18, audit-dev-5 3.000165)', () => {
  const free: SubmissionChannel = { kind: 'in_person', processingTime: null, fees: [{ kind: 'khac', amountVnd: null, free: true, description: 'Miễn phí' }], description: '' };
  const withSteps = (steps: string[]): Procedure => ({ ...PERMANENT_RESIDENCE, channels: [free], steps });

  it('says both when a step has the applicant pay a named fee', () => {
    const p = withSteps(['Bước 3. Cơ quan Tòa án thông báo kết quả và phí cấp bản sao.', 'Bước 4. Cá nhân, tổ chức nộp phí cấp bản sao và nhận kết quả tại Cơ quan Tòa án.']);
    expect(currentFeeLine(p)?.text).toBe('Cổng Dịch vụ công ghi miễn phí, nhưng trình tự thực hiện có bước nộp phí cấp bản sao (không ghi mức thu); anh/chị hỏi nơi nộp hồ sơ về mức phí');
  });

  it('keeps "Miễn phí" when the step charges only in some cases', () => {
    const p = withSteps(['Người yêu cầu nộp hồ sơ; nộp lệ phí nếu thuộc trường hợp phải nộp lệ phí đăng ký khai sinh; nộp phí cấp bản sao Giấy khai sinh nếu có yêu cầu cấp bản sao.']);
    expect(currentFeeLine(p)?.text).toBe('Miễn phí');
  });
});

describe('currentFeeLine: one channel published once per case, each with its amount (audit-dev-5, 1.009122)', () => {
  it('says each amount with the case its row names', () => {
    const rowFee = (kind: SubmissionChannel['kind'], amountVnd: number, description: string): SubmissionChannel => ({ kind, processingTime: null, fees: [{ kind: 'phi', amountVnd, free: false, description: '' }], description });
    const p: Procedure = {
      ...PERMANENT_RESIDENCE,
      channels: [
        rowFee('in_person', 100000, '+ Đối với công trình: Không quá 15 ngày kể từ ngày nhận đủ hồ sơ hợp lệ.'),
        rowFee('in_person', 50000, 'Đối với nhà ở riêng lẻ tại đô thị: Không quá 10 ngày kể từ ngày nhận đủ hồ sơ hợp lệ.'),
        rowFee('online', 100000, '+ Đối với công trình: Không quá 15 ngày kể từ ngày nhận đủ hồ sơ hợp lệ.'),
        rowFee('online', 50000, 'Đối với nhà ở riêng lẻ tại đô thị: Không quá 10 ngày kể từ ngày nhận đủ hồ sơ hợp lệ.'),
      ],
    };
    expect(currentFeeLine(p)?.text).toBe('100.000 đồng (đối với công trình); 50.000 đồng (đối với nhà ở riêng lẻ tại đô thị)');
  });
});

describe('compactFee: a fee that only names the act setting it', () => {
  it('says "theo mức thu tại …" for "theo quy định tại Thông tư …" too (1.014466)', () => {
    expect(compactFee('theo quy định tại Thông tư số 10/2024/TT-BTC ngày 05/02/2024 của Bộ trưởng Bộ Tài chính quy định mức thu, chế độ thu')).toBe('theo mức thu tại Thông tư số 10/2024/TT-BTC');
  });
});

describe('whereLine: the address names the centre on a later line, the steps only "Bộ phận Một cửa" (issue 18, audit-dev-6)', () => {
  it('says the public service centre, the deciding office beside it', () => {
    const p: Procedure = {
      ...PERMANENT_RESIDENCE,
      levels: ['tinh'],
      agencies: ['Văn phòng đăng ký đất đai'],
      competentAuthority: 'Văn phòng đăng ký đất đai',
      steps: ['Bước 1: Người yêu cầu đăng ký nộp hồ sơ đến Bộ phận Một cửa', 'Bước 2: Văn phòng đăng ký đất đai giải quyết'],
      submissionAddress: '- Bộ phận tiếp nhận và trả kết quả của Văn phòng đăng ký đất đai tại trụ sở các chi nhánh.\n- Trung tâm Phục vụ hành chính công các cấp (tiếp nhận không phụ thuộc địa giới hành chính).',
    };
    expect(whereLine(p)).toBe('Trung tâm Phục vụ hành chính công các cấp (cơ quan giải quyết: Văn phòng đăng ký đất đai)');
    // With no centre in the address, the steps' words stay.
    expect(whereLine({ ...p, submissionAddress: 'Văn phòng đăng ký đất đai' })).toMatch(/^Bộ phận Một cửa/u);
  });
});

describe('whereLine: a family of branches said once; the step listing the places to hand in (issue 18, audit-dev-6)', () => {
  it('collapses three or more bodies sharing their first words, with the province the record says after " - "', () => {
    const branch = (x: string) => `Chi nhánh Văn phòng đăng ký đất đai ${x} - tỉnh Bình Minh`;
    expect(collapseBranches(['Văn phòng Đăng ký đất đai tỉnh - tỉnh Bình Minh', branch('An Phú'), branch('An Lạc'), branch('Hòa Bình'), branch('Tân Lập')])).toEqual([
      'Văn phòng Đăng ký đất đai tỉnh Bình Minh',
      'các Chi nhánh Văn phòng đăng ký đất đai tỉnh Bình Minh',
    ]);
    // Two alike are no family; a list cut from a name ("Chế biến và …") is no body.
    expect(collapseBranches(['Chi cục Thú y vùng I', 'Chi cục Thú y vùng II'])).toEqual(['Chi cục Thú y vùng I', 'Chi cục Thú y vùng II']);
    expect(collapseBranches(['Chế biến và Phát triển thị trường vùng I', 'Chế biến và Phát triển thị trường vùng II', 'Chế biến và Phát triển thị trường vùng III'])).toHaveLength(3);
  });

  it('says the centre a step lists first among the places to hand in, then the others', () => {
    const p: Procedure = {
      ...PERMANENT_RESIDENCE,
      levels: ['tinh'],
      agencies: ['Văn phòng đăng ký đất đai'],
      competentAuthority: 'Văn phòng đăng ký đất đai',
      submissionAddress: null,
      steps: ['Bước 1: Người yêu cầu đăng ký nộp hồ sơ đến một trong các địa điểm trên địa bàn cấp tỉnh sau đây: Trung tâm Phục vụ hành chính công hoặc Văn phòng đăng ký đất đai.'],
    };
    expect(whereLine(p)).toBe('Trung tâm Phục vụ hành chính công cấp tỉnh/thành phố hoặc Văn phòng đăng ký đất đai');
  });
});

describe('whereLine: where the citizen goes for a card, as the steps say it (issue 18, audit-dev-5)', () => {
  const card = (steps: string[]): Procedure => ({ ...PERMANENT_RESIDENCE, levels: ['tinh'], agencies: ['Công an tỉnh'], competentAuthority: 'Công an tỉnh', submissionAddress: null, steps });
  it('"Công dân đến … (Phòng …)": the unit the bracket names, with its police; no second naming of the deciding office', () => {
    const p = { ...card(['- Bước 1:', '+ Công dân đến cơ quan quản lý căn cước của Công an cấp tỉnh (Phòng Cảnh sát Quản lý hành chính về trật tự xã hội, Công an các tỉnh) đề nghị cấp đổi thẻ căn cước.']), agencies: ['Phòng cảnh sát quản lý hành chính về trật tự xã hội'] };
    expect(whereLine(p)).toBe('Phòng Cảnh sát quản lý hành chính về trật tự xã hội, Công an cấp tỉnh (cơ quan quản lý căn cước cấp tỉnh)');
  });
  it('"thực hiện trực tiếp tại cơ quan quản lý căn cước …": that office, by the unit people know', () => {
    expect(whereLine(card(['+ Trường hợp thực hiện trực tiếp tại cơ quan quản lý căn cước của Công an cấp tỉnh, người đại diện hợp pháp đưa người dưới 14 tuổi đến địa điểm làm thủ tục.']))).toBe(
      'Phòng Cảnh sát quản lý hành chính về trật tự xã hội, Công an cấp tỉnh (cơ quan quản lý căn cước cấp tỉnh)',
    );
  });
});

describe('whereLine: the applicant sends the file to a provincial police unit, a ministry department decides (issue 18, audit-dev-6)', () => {
  it('"Người dự sát hạch gửi trực tiếp … đến Phòng Cảnh sát giao thông": that unit, of the province\'s police, the department beside it', () => {
    const p: Procedure = {
      ...PERMANENT_RESIDENCE,
      levels: ['bo'],
      agencies: ['Cục cảnh sát giao thông'],
      competentAuthority: 'Cục cảnh sát giao thông',
      submissionAddress: null,
      steps: ['a) Nộp hồ sơ:', '- Người dự sát hạch gửi trực tiếp hoặc qua hệ thống dịch vụ công trực tuyến đến Phòng Cảnh sát giao thông trước kỳ sát hạch ít nhất 07 ngày làm việc.', '- Cục Cảnh sát giao thông cấp giấy phép cho người đạt.'],
    };
    expect(whereLine(p)).toBe('Phòng Cảnh sát giao thông, Công an cấp tỉnh (cơ quan giải quyết: Cục cảnh sát giao thông)');
  });
});

describe('quantityText: how many, unless the name says it', () => {
  const counted = (originals: number, copies: number) => ({ name: '', originals, copies, formName: null, required: null });
  it.each([
    ['Đơn đề nghị cấp lại chứng chỉ', counted(1, 1), '1 bản chính, 1 bản sao'],
    // The count is in the name; a photo has no original or copy.
    ['02 ảnh chân dung cỡ 2cm x 3cm', counted(1, 0), ''],
    ['Ảnh chụp hiện trạng cây xanh cần chặt hạ', counted(0, 1), ''],
    // The kind of copy is in the name: "Bản sao … — 1 bản chính" said one paper twice and contradicted itself.
    ['Bản sao Giấy chứng nhận đăng ký hộ kinh doanh', counted(1, 0), ''],
    ['Bản sao Giấy chứng nhận kết hôn được cấp trước đây', counted(1, 1), '2 bản'],
  ])('%s → "%s"', (name, item, text) => {
    expect(quantityText({ ...item, name }, name)).toBe(text);
  });
});
