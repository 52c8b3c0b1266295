import { describe, expect, it } from 'vitest';
import type { Procedure } from '../../knowledge/index.js';
import { checkGrounding } from '../grounding.js';
import { PERMANENT_RESIDENCE } from '../testing/fixtures.js';
import { composeAspect, composeShortAnswer, formatFullProcedure } from './compose.js';
import { agencyName, onlineLine, plainCount, timeLine, whereLine } from './format.js';

describe('agencyName: the level after "cấp" in lower case, nothing else', () => {
  it.each([
    ['Công an cấp Xã', 'Công an cấp xã'],
    ['Công an cấp Tỉnh', 'Công an cấp tỉnh'],
    ['Bảo hiểm xã hội cấp Tỉnh', 'Bảo hiểm xã hội cấp tỉnh'],
    ['Ban chỉ huy quân sự cấp Xã', 'Ban chỉ huy quân sự cấp xã'],
    ['Ủy ban nhân dân Cấp Xã', 'Ủy ban nhân dân cấp xã'],
    ['Ủy ban nhân dân cấp Thành phố', 'Ủy ban nhân dân cấp thành phố'],
    ['Cấp Tỉnh', 'Cấp tỉnh'],
    // Already right, or not a level: unchanged.
    ['Ủy ban nhân dân cấp xã', 'Ủy ban nhân dân cấp xã'],
    ['Bộ Công an', 'Bộ Công an'],
    ['Cục Cảnh sát quản lý hành chính về trật tự xã hội', 'Cục Cảnh sát quản lý hành chính về trật tự xã hội'],
    ['Thanh tra Chính phủ ở cấp Trung ương', 'Thanh tra Chính phủ ở cấp Trung ương'],
    ['Phòng cấp Giấy phép', 'Phòng cấp Giấy phép'],
    ['Sở Nội vụ cấp Tỉnhxyz', 'Sở Nội vụ cấp Tỉnhxyz'],
  ])('%s → %s', (published, shown) => {
    expect(agencyName(published)).toBe(shown);
  });
});

/** The residence record as the portal publishes some of them: the level capitalised. */
const AS_PUBLISHED: Procedure = { ...PERMANENT_RESIDENCE, agencies: ['Công an cấp Xã', 'Công an cấp Tỉnh'] };

describe('answers name the body in Vietnamese casing', () => {
  it('in the short answer, the where aspect, the where line and the officer view', () => {
    const texts = [composeShortAnswer(AS_PUBLISHED).text, composeAspect(AS_PUBLISHED, 'where').text, whereLine(AS_PUBLISHED), formatFullProcedure(AS_PUBLISHED)];
    for (const text of texts) {
      expect(text).toContain('Công an cấp xã');
      expect(text).not.toMatch(/cấp (Xã|Tỉnh)/);
    }
    expect(checkGrounding(texts[0]!, [AS_PUBLISHED]).ok).toBe(true);
  });
});

describe('whereLine: the place the steps name for handing in the file', () => {
  const withSteps = (agencies: string[], steps: string[], applicants = ['Công dân Việt Nam']): Procedure => ({ ...PERMANENT_RESIDENCE, agencies, levels: ['xa'], steps, applicants, reform: undefined });

  it('names the service centre the steps send the applicant to, the deciding body beside it (1.013225)', () => {
    const p = withSteps(['Ủy ban nhân dân cấp xã'], ['- Chủ đầu tư nộp hồ sơ đề nghị cấp giấy phép xây dựng cho Trung tâm phục vụ hành chính công cấp xã', '- Trong thời hạn 07 ngày làm việc kể từ ngày tiếp nhận hồ sơ, cơ quan có thẩm quyền …']);
    expect(whereLine(p)).toBe('Trung tâm phục vụ hành chính công cấp xã (cơ quan giải quyết: Ủy ban nhân dân cấp xã)');
  });

  it('prefers the sentence about individuals to the one about organisations, and cuts the place at its clause end', () => {
    const p = withSteps(['Văn phòng đăng ký đất đai'], [
      '- Tổ chức trong nước nộp hồ sơ đến Văn phòng đăng ký đất đai cấp tỉnh.',
      '- Cá nhân, cộng đồng dân cư nộp hồ sơ đến Trung tâm Phục vụ hành chính công hoặc Văn phòng đăng ký đất đai.',
    ]);
    // The place names no level: the record's level is said after it; the office the citizen may choose instead follows.
    expect(whereLine(p)).toBe('Trung tâm Phục vụ hành chính công cấp xã/phường hoặc Văn phòng đăng ký đất đai');
  });

  it('adds nothing when the steps name the agency already, a generic receiver or a district body', () => {
    expect(whereLine(withSteps(['Công an cấp xã'], ['Công dân nộp hồ sơ tại Công an cấp xã nơi cư trú.']))).toBe('Công an cấp xã');
    expect(whereLine(withSteps(['Ủy ban nhân dân cấp xã'], ['Người yêu cầu nộp hồ sơ tại Cơ quan tiếp nhận hồ sơ.']))).toBe('Ủy ban nhân dân cấp xã');
    expect(whereLine(withSteps(['Ủy ban nhân dân cấp xã'], ['Người yêu cầu nộp hồ sơ tại Phòng Tư pháp cấp huyện.']))).toBe('Ủy ban nhân dân cấp xã');
  });

  it('says to whom the file is addressed when the steps send it to the chairman of the body (audit-dev-5, 1.011609)', () => {
    const p = withSteps(['Ủy ban nhân dân cấp xã'], ['a) Bước 1: Hộ gia đình … nộp hồ sơ trực tiếp hoặc gửi qua đường bưu điện đến Chủ tịch Ủy ban nhân dân cấp xã.']);
    expect(whereLine(p)).toBe('Ủy ban nhân dân cấp xã (hồ sơ gửi Chủ tịch Ủy ban nhân dân cấp xã)');
  });

  it('names the service centre of the record’s address, in full words, without counters or streets (audit-dev-5, 1.115621)', () => {
    const at = (submissionAddress: string) => ({ ...withSteps(['Ủy ban nhân dân cấp xã', 'Chi nhánh Văn phòng đăng ký đất đai khu vực'], ['Người sử dụng đất nộp hồ sơ cho Cơ quan tiếp nhận hồ sơ và trả kết quả.']), submissionAddress });
    expect(whereLine(at('Các Trung tâm Phục vụ HCC trên địa bàn thành phố Hải Phòng'))).toBe(
      'Trung tâm Phục vụ hành chính công trên địa bàn thành phố Hải Phòng (cơ quan giải quyết: Ủy ban nhân dân cấp xã, Chi nhánh Văn phòng đăng ký đất đai khu vực)',
    );
    expect(whereLine(at('- Trung tâm Phục vụ hành chính công tỉnh Đồng Tháp, gồm:\n+ Quầy số 14 - Số ĐT: 0273.3993896'))).toMatch(/^Trung tâm Phục vụ hành chính công tỉnh Đồng Tháp \(/u);
    // An address naming no centre adds nothing.
    expect(whereLine(at('119 Nguyễn Sơn, phường Bồ Đề, thành phố Hà Nội'))).toBe('Ủy ban nhân dân cấp xã, Chi nhánh Văn phòng đăng ký đất đai khu vực');
  });

  it('adds no level to courts whose names say theirs, the province’s court before the supreme one (audit-dev-5, 3.000165)', () => {
    const p: Procedure = { ...withSteps(['Tòa án nhân dân tỉnh, thành phố trực thuộc trung ương', 'Tòa án nhân dân tối cao'], []), levels: ['xa', 'tinh', 'bo'] };
    expect(whereLine(p)).toBe('Tòa án nhân dân tỉnh, thành phố trực thuộc trung ương, Tòa án nhân dân tối cao');
  });
});

describe('timeLine: one channel published twice says its times once, as alternatives', () => {
  it('merges two online rows (1.010041)', () => {
    const p: Procedure = {
      ...PERMANENT_RESIDENCE,
      channels: [
        { kind: 'online', processingTime: { value: 1, unit: 'ngay_lam_viec', text: '1 Ngày làm việc' }, fees: [], description: '' },
        { kind: 'online', processingTime: { value: 3, unit: 'ngay_lam_viec', text: '3 Ngày làm việc' }, fees: [], description: '' },
        { kind: 'in_person', processingTime: { value: 3, unit: 'ngay_lam_viec', text: '3 Ngày làm việc' }, fees: [], description: '' },
      ],
    };
    expect(timeLine(p)).toBe('trực tuyến: 1 ngày làm việc hoặc 3 ngày làm việc tùy trường hợp; trực tiếp: 3 ngày làm việc');
  });
});

describe('timeLine: a bare number the steps give a unit for (issue 18)', () => {
  const bare = (value: number, steps: string[]): Procedure => ({
    ...PERMANENT_RESIDENCE,
    steps,
    channels: [{ kind: 'in_person', processingTime: { value, unit: 'khac', text: String(value) }, fees: [], description: '' }],
  });

  it('takes the unit of the same count in a time clause of the steps', () => {
    expect(timeLine(bare(1, ['Trong thời hạn 01 ngày làm việc kể từ ngày nhận được hồ sơ, cơ quan đăng ký xem xét.']))).toBe('1 ngày làm việc (theo trình tự thực hiện)');
  });

  it('keeps the number bare when the steps give another count or no time clause', () => {
    expect(timeLine(bare(1, ['Trong thời hạn 03 ngày làm việc kể từ ngày nhận được hồ sơ.']))).toBe('1 (Cổng Dịch vụ công không ghi đơn vị thời gian)');
    expect(timeLine(bare(1, ['Nộp 01 bộ hồ sơ tại bộ phận một cửa.']))).toBe('1 (Cổng Dịch vụ công không ghi đơn vị thời gian)');
  });
});

describe('onlineLine: a channel the portal repeats is said once', () => {
  it('says "trực tiếp" once for two in-person rows (2.000815)', () => {
    const row = { kind: 'in_person' as const, processingTime: null, fees: [], description: '' };
    const p: Procedure = { ...PERMANENT_RESIDENCE, onlineAvailable: false, channels: [row, row] };
    expect(onlineLine(p, false)).toBe('Chưa nộp trực tuyến được, anh/chị nộp trực tiếp');
  });
});

describe('plainCount: a time as people say it', () => {
  it.each([
    ['03 ngày làm việc', '3 ngày làm việc'],
    ['10 ngày làm việc đối với công trình (hoặc 07 ngày làm việc đối với nhà ở riêng lẻ)', '10 ngày làm việc đối với công trình (hoặc 7 ngày làm việc đối với nhà ở riêng lẻ)'],
    ['05 (năm) ngày làm việc', '5 (năm) ngày làm việc'],
    ['Mẫu 03 kèm 2.000 đồng', 'Mẫu 03 kèm 2.000 đồng'],
  ])('%s → %s', (a, b) => expect(plainCount(a)).toBe(b));
});

describe('grounding of a time said without its leading zero', () => {
  it('accepts "3 ngày làm việc" for the record\'s "03 ngày làm việc", and still rejects another number', () => {
    const p: Procedure = { ...PERMANENT_RESIDENCE, channels: [], steps: ['Trong thời hạn 03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ, cơ quan cấp giấy chứng nhận.'] };
    expect(timeLine(p)).toBe('3 ngày làm việc (theo trình tự thực hiện)');
    expect(checkGrounding('- **Thời gian:** 3 ngày làm việc', [p]).violations).toEqual([]);
    expect(checkGrounding('- **Thời gian:** 4 ngày làm việc', [p]).ok).toBe(false);
  });
});

describe('whereLine: today\'s body in our wording (issue 18)', () => {
  const base: Procedure = { ...PERMANENT_RESIDENCE, steps: [], levels: ['tinh'], fields: [], competentAuthority: null };

  it('business registration goes to the business registration office of the Department of Finance', () => {
    const p: Procedure = { ...base, name: 'Đăng ký thành lập doanh nghiệp tư nhân', agencies: ['Sở Tài chính các tỉnh, thành phố'], fields: ['Thành lập và hoạt động của doanh nghiệp'] };
    expect(whereLine(p)).toBe('Phòng Đăng ký kinh doanh thuộc Sở Tài chính cấp tỉnh');
    // Not a business: the Department of Finance itself.
    expect(whereLine({ ...p, name: 'Thẩm định giá đất', fields: ['Giá'] })).toContain('Sở Tài chính các tỉnh, thành phố');
  });

  it('a record naming no body, decided by the commune chairman, goes to the commune People\'s Committee (not the abolished district one its steps name)', () => {
    const p: Procedure = { ...base, agencies: [], levels: ['xa'], competentAuthority: 'Chủ tịch Ủy ban nhân dân xã', steps: ['Chủ rừng nộp 01 bộ hồ sơ đến Ủy ban nhân dân cấp huyện trực tiếp hoặc qua bưu chính.'] };
    expect(whereLine(p)).toBe('Ủy ban nhân dân cấp xã');
  });

  it("one province's office beside the same body in general is not a second place", () => {
    const p: Procedure = { ...base, agencies: ['Sở Nông nghiệp và Môi trường Thành phố Hải Phòng', 'Sở Nông nghiệp và Môi trường'] };
    expect(whereLine(p)).toBe('Sở Nông nghiệp và Môi trường (cấp tỉnh/thành phố)');
  });

  it("the army's own office is no place for a civilian, unless the citizen speaks of the army or it is the only body", () => {
    const p: Procedure = { ...base, name: 'Yêu cầu thi hành án dân sự', agencies: ['Thi hành án dân sự tỉnh, thành phố', 'Phòng thi hành án cấp quân khu'] };
    expect(whereLine(p)).toBe('Thi hành án dân sự tỉnh, thành phố');
    expect(whereLine(p, { armedForces: true })).toContain('Phòng thi hành án cấp quân khu');
    expect(whereLine({ ...p, agencies: ['Phòng thi hành án cấp quân khu'] })).toContain('Phòng thi hành án cấp quân khu');
    const where = (q: string) => composeShortAnswer(p, undefined, undefined, { question: q }).text.split('\n').find((l) => l.includes('Nơi nộp'))!;
    expect(where('Chồng cũ không cấp dưỡng cho con, tôi nhờ thi hành án ở đâu?')).not.toContain('quân khu');
    expect(where('Tôi là quân nhân, bản án của tòa án quân sự thì yêu cầu thi hành án ở đâu?')).toContain('quân khu');
  });

  it('a record naming no body sends the file where its steps do; "nộp 01 bộ hồ sơ … tại" names the place too', () => {
    const rent: Procedure = { ...base, agencies: ['Các cơ quan, tổ chức liên quan'], steps: ['a1) Người được quyền thuê nhà thuộc đối tượng ưu tiên lập 01 bộ hồ sơ gửi tổ chức quản lý, kinh doanh nhà địa phương.'] };
    expect(whereLine(rent)).toBe('Tổ chức quản lý, kinh doanh nhà địa phương (cấp tỉnh/thành phố)');
    const architect: Procedure = { ...base, agencies: ['Sở Xây dựng'], steps: ['- Cá nhân nộp 01 bộ hồ sơ trực tuyến, qua dịch vụ bưu chính, trực tiếp tại Trung tâm phục vụ hành chính công của tỉnh hoặc Bộ phận tiếp nhận và trả kết quả của Sở.'] };
    expect(whereLine(architect)).toBe('Trung tâm phục vụ hành chính công của tỉnh (cơ quan giải quyết: Sở Xây dựng)');
  });

  it("a letter the steps address to the office's head says so beside the office", () => {
    const p: Procedure = { ...base, agencies: ['Thi hành án dân sự tỉnh, thành phố'], steps: ['- Đương sự có văn bản gửi Thủ trưởng cơ quan Thi hành án dân sự đang thụ lý vụ việc, trong đó nêu rõ lý do.'] };
    expect(whereLine(p)).toBe('Thi hành án dân sự tỉnh, thành phố (đơn gửi Thủ trưởng cơ quan Thi hành án dân sự đang thụ lý vụ việc)');
    expect(whereLine({ ...p, steps: ['Đương sự nộp đơn tại cơ quan.'] })).toBe('Thi hành án dân sự tỉnh, thành phố');
  });

  it("the State Bank's provincial branch is today's regional branch (since 1 March 2025); other branches unchanged", () => {
    const p: Procedure = { ...base, agencies: ['Ngân hàng Nhà nước Chi nhánh tỉnh, thành phố trực thuộc Trung ương'] };
    expect(whereLine(p)).toBe('Ngân hàng Nhà nước Khu vực (chi nhánh phụ trách nơi anh/chị cư trú)');
    expect(whereLine({ ...p, agencies: ['Ngân hàng Nhà nước Việt Nam'] })).toContain('Ngân hàng Nhà nước Việt Nam');
    expect(whereLine({ ...p, agencies: ['Chi nhánh Văn phòng đăng ký đất đai'] })).toContain('Chi nhánh Văn phòng đăng ký đất đai');
  });

  it('an employee hands a social-insurance claim to the employer; the insurer when no longer employed', () => {
    const p: Procedure = { ...base, agencies: ['Bảo hiểm xã hội cấp Tỉnh'], steps: ['a1) NLĐ đang tham gia BHXH bắt buộc lập hồ sơ theo quy định tại Mục 2.3 nộp cho đơn vị SDLĐ.'] };
    expect(whereLine(p)).toBe('Đơn vị sử dụng lao động (công ty, cơ quan nơi anh/chị đang làm việc); nếu đã nghỉ việc hoặc không còn đơn vị: Bảo hiểm xã hội cấp tỉnh');
    // A pensioner's survivors, someone who has left work: the insurer itself.
    expect(whereLine(p, { noEmployer: true })).toBe('Bảo hiểm xã hội cấp tỉnh');
  });

  it('the short answer sends a pensioner\'s family to the insurer, an employee to the employer', () => {
    const p: Procedure = { ...base, name: 'Giải quyết hưởng chế độ tử tuất', agencies: ['Bảo hiểm xã hội cấp Tỉnh'], steps: ['a1) NLĐ đang tham gia BHXH bắt buộc lập hồ sơ theo quy định tại Mục 2.3 nộp cho đơn vị SDLĐ.'] };
    const where = (q: string) => composeShortAnswer(p, undefined, undefined, { question: q }).text.split('\n').find((l) => l.includes('Nơi nộp'))!;
    expect(where('Ba tôi đang lãnh lương hưu thì mất, mẹ tôi lãnh tiền tuất ở đâu?')).not.toContain('Đơn vị sử dụng lao động');
    expect(where('Chồng tôi đang đi làm ở công ty thì mất, tôi lãnh tiền tuất ở đâu?')).toContain('Đơn vị sử dụng lao động');
  });
});

describe('whereLine: missions abroad and papers sent to a named office (issue 18)', () => {
  const base: Procedure = { ...PERMANENT_RESIDENCE, steps: [], levels: ['khac'], fields: [], competentAuthority: null, reform: undefined };
  const mission = 'Cơ quan đại diện Việt Nam ở nước ngoài (Đại sứ quán, Tổng lãnh sự quán)';

  it.each([['Cơ quan đại diện ngoại giao'], ['Cơ quan đại diện có thẩm quyền'], ['Cơ quan lãnh sự'], ['Cơ quan đại diện Việt Nam ở nước ngoài']])('"%s" is the embassy or consulate', (published) => {
    expect(whereLine({ ...base, agencies: [published] })).toBe(mission);
  });

  it('says which mission when the steps say it, as a whole clause', () => {
    const p: Procedure = { ...base, agencies: ['Cơ quan đại diện ngoại giao'], steps: ['- Người yêu cầu chuẩn bị hồ sơ và nộp tại Cơ quan đại diện Việt Nam ở nước ngoài phụ trách khu vực lãnh sự nơi cha, mẹ của trẻ cư trú.'] };
    expect(whereLine(p)).toBe(`${mission} phụ trách khu vực lãnh sự nơi cha, mẹ của trẻ cư trú`);
  });

  it("a state owner's representative is no mission", () => {
    expect(whereLine({ ...base, agencies: ['Cơ quan đại diện chủ sở hữu'] })).not.toContain('Đại sứ quán');
  });

  it('a request sent to a named office is where the citizen hands it in; one authority writing to another is not', () => {
    const p: Procedure = { ...base, levels: ['xa'], applicants: ['Công dân Việt Nam'], agencies: ['Ủy ban nhân dân cấp xã'], steps: ['Chủ hộ kinh doanh gửi văn bản đề nghị dừng thực hiện thủ tục đến Cơ quan đăng ký kinh doanh cấp xã nơi hộ kinh doanh đăng ký trụ sở.'] };
    expect(whereLine(p)).toBe('Cơ quan đăng ký kinh doanh cấp xã nơi hộ kinh doanh đăng ký trụ sở (cơ quan giải quyết: Ủy ban nhân dân cấp xã)');
    const between: Procedure = { ...p, agencies: ['Cơ quan thẩm quyền quản lý CITES Việt Nam'], steps: ['Trong thời hạn 03 ngày làm việc, Cơ quan thẩm quyền quản lý CITES Việt Nam gửi văn bản đề nghị đến Cơ quan khoa học CITES Việt Nam.'] };
    expect(whereLine(between)).not.toContain('khoa học');
  });

  it('"thực hiện việc … tại <office>" names the office; a named office gets no portal level, an abolished tax branch is no place', () => {
    const passport: Procedure = { ...base, levels: ['tinh'], applicants: ['Công dân Việt Nam'], agencies: ['Công an cấp Tỉnh'], steps: ['* Công dân Việt Nam bị mất hộ chiếu phổ thông ở trong nước thực hiện việc trình báo mất hộ chiếu tại Cơ quan Quản lý xuất nhập cảnh Công an cấp tỉnh nơi thuận lợi, qua dịch vụ bưu chính.'] };
    expect(whereLine(passport)).toBe('Phòng Quản lý xuất nhập cảnh, Công an cấp tỉnh nơi thuận lợi');
    const customs: Procedure = { ...base, levels: ['xa'], applicants: ['Doanh nghiệp'], agencies: ['Chi cục Hải quan khu vực'], steps: ['Doanh nghiệp nộp hồ sơ tại Chi cục Hải quan cửa khẩu.'] };
    expect(whereLine(customs)).toBe('Chi cục Hải quan cửa khẩu (cơ quan giải quyết: Chi cục Hải quan khu vực)');
    const tax: Procedure = { ...base, levels: ['tinh'], applicants: ['Hộ kinh doanh'], agencies: ['Thuế tỉnh, thành phố'], steps: ['Người nộp thuế nộp hồ sơ tại Chi cục Thuế quản lý trực tiếp.'] };
    expect(whereLine(tax)).not.toContain('Chi cục Thuế');
  });

  it('"Chủ cơ sở … gửi hồ sơ đến cơ quan được Chủ tịch … giao tiếp nhận hồ sơ": that office, whole, the chairman deciding', () => {
    const farm: Procedure = { ...base, levels: ['xa'], applicants: ['Công dân Việt Nam'], agencies: ['Chủ tịch UBND cấp xã'], steps: ['a) Chủ cơ sở chăn nuôi gia cầm gửi hồ sơ đến cơ quan được Chủ tịch Ủy ban nhân dân cấp xã giao giao tiếp nhận hồ sơ giải quyết thủ tục hành chính;'] };
    expect(whereLine(farm)).toBe('Cơ quan được Chủ tịch Ủy ban nhân dân cấp xã giao tiếp nhận hồ sơ giải quyết thủ tục hành chính (cơ quan giải quyết: Chủ tịch UBND cấp xã)');
    // Cut by a bracket before "giao …", the place says no office: the agency stays.
    const cut: Procedure = { ...farm, steps: ['a) Chủ cơ sở gửi hồ sơ đến cơ quan được Chủ tịch Ủy ban nhân dân cấp xã (nơi có cơ sở) giao tiếp nhận hồ sơ;'] };
    expect(whereLine(cut)).not.toContain('Cơ quan được');
  });

  it('tax offices only: the tax office that manages the taxpayer, the local one first; the one-stop desk a file goes with', () => {
    const rental: Procedure = { ...base, levels: ['xa', 'tinh'], applicants: ['Công dân Việt Nam'], agencies: ['Thuế tỉnh, thành phố', 'Thuế cơ sở'], steps: ['Cá nhân khai thuế với cơ quan thuế theo mẫu.'] };
    expect(whereLine(rental)).toBe('Cơ quan thuế quản lý trực tiếp: Thuế cơ sở hoặc Thuế tỉnh, thành phố');
    // The national department listed with them manages the largest taxpayers, not this one.
    expect(whereLine({ ...rental, agencies: ['Cục Thuế - Bộ tài chính', 'Thuế tỉnh, thành phố', 'Thuế cơ sở'] })).toBe('Cơ quan thuế quản lý trực tiếp: Thuế cơ sở hoặc Thuế tỉnh, thành phố');
    expect(whereLine({ ...rental, agencies: ['Cục Thuế - Bộ tài chính'] })).not.toContain('Cơ quan thuế quản lý');
    // A tax office beside another body is no tax-only record.
    expect(whereLine({ ...rental, agencies: ['Thuế cơ sở', 'Ủy ban nhân dân cấp xã'] })).not.toContain('Cơ quan thuế quản lý');
    const withLand: Procedure = { ...rental, steps: ['Tổ chức, cá nhân khi đăng ký quyền sử dụng đất nộp hồ sơ khai lệ phí trước bạ tại cơ quan tiếp nhận hồ sơ theo cơ chế một cửa liên thông nơi có bất động sản.'] };
    expect(whereLine(withLand)).toBe('Cơ quan tiếp nhận hồ sơ theo cơ chế một cửa liên thông nơi có bất động sản (cơ quan giải quyết: Thuế cơ sở hoặc Thuế tỉnh, thành phố)');
  });
});

describe('an identity card at the province: the police unit that issues it', () => {
  const base: Procedure = { ...PERMANENT_RESIDENCE, code: '9.990001', name: 'Cấp đổi thẻ căn cước (thực hiện tại cấp tỉnh)', levels: ['tinh'], applicants: ['Công dân Việt Nam'] };
  it('the unit and the province police, in any province when the steps say so', () => {
    const card: Procedure = {
      ...base,
      agencies: ['Công an tỉnh'],
      steps: ['+ Công dân đến cơ quan quản lý căn cước của Công an cấp tỉnh để đổi thẻ; việc đổi thẻ tại cơ quan quản lý căn cước của Công an cấp tỉnh trong cả nước không phụ thuộc vào nơi cư trú.'],
    };
    expect(whereLine(card)).toBe('Phòng Cảnh sát quản lý hành chính về trật tự xã hội, Công an cấp tỉnh (cơ quan quản lý căn cước cấp tỉnh), không phụ thuộc nơi cư trú (theo lộ trình Bộ Công an thông báo)');
    expect(whereLine(card, { province: 'tỉnh Hà Tĩnh' })).toContain('Công an tỉnh Hà Tĩnh');
    expect(whereLine({ ...card, steps: ['Người dân nộp hồ sơ tại cơ quan quản lý căn cước Công an cấp tỉnh.'] })).not.toContain('không phụ thuộc');
  });
  it('not a procedure done at the commune police', () => {
    const commune: Procedure = { ...base, levels: ['xa', 'tinh'], agencies: ['Công an cấp xã'], steps: ['Công dân đến Công an cấp xã hoặc cơ quan quản lý căn cước của Công an cấp tỉnh.'] };
    expect(whereLine(commune)).not.toContain('Phòng Cảnh sát');
  });
});

describe('the offices a step lets the citizen choose from (issue 18)', () => {
  const base: Procedure = { ...PERMANENT_RESIDENCE, code: '9.990003', levels: ['tinh'], applicants: ['Hộ gia đình, cá nhân'], competentAuthority: null, submissionAddress: null };
  it('"nộp hồ sơ đến một trong các cơ quan … sau đây: A hoặc B hoặc C": each of them, the level after the first', () => {
    const land: Procedure = { ...base, agencies: ['Văn phòng đăng ký đất đai', 'Chi nhánh Văn phòng đăng ký đất đai'], steps: ['Bước 1: Người sử dụng đất nộp hồ sơ đến một trong các cơ quan trên địa bàn cấp tỉnh sau đây: Trung tâm Phục vụ hành chính công hoặc Văn phòng đăng ký đất đai hoặc Chi nhánh Văn phòng đăng ký đất đai.'] };
    expect(whereLine(land)).toBe('Trung tâm Phục vụ hành chính công cấp tỉnh/thành phố hoặc Văn phòng đăng ký đất đai hoặc Chi nhánh Văn phòng đăng ký đất đai');
  });
  it('"nộp trực tiếp, qua bưu chính hoặc trực tuyến 01 bộ hồ sơ … cho A hoặc B": both, the deciding body beside them', () => {
    const licence: Procedure = { ...base, levels: ['tinh', 'khac'], agencies: ['Sở Công Thương'], steps: ['- Cá nhân nộp trực tiếp, qua dịch vụ bưu chính hoặc trực tuyến 01 bộ hồ sơ đề nghị cấp chứng chỉ cho Trung tâm phục vụ hành chính công cấp tỉnh hoặc Hiệp hội nghề nghiệp được giao.'] };
    expect(whereLine(licence)).toBe('Trung tâm phục vụ hành chính công cấp tỉnh (cơ quan giải quyết: Sở Công Thương)');
    const withBody: Procedure = { ...licence, steps: ['- Cá nhân nộp trực tiếp hoặc trực tuyến 01 bộ hồ sơ cho Trung tâm phục vụ hành chính công cấp tỉnh hoặc Tổ chức nghề nghiệp được công nhận.'] };
    expect(whereLine(withBody)).toBe('Trung tâm phục vụ hành chính công cấp tỉnh hoặc Tổ chức nghề nghiệp được công nhận (cơ quan giải quyết: Sở Công Thương)');
  });
  it('a generic desk after "hoặc" is no second office', () => {
    const p: Procedure = { ...base, levels: ['xa'], agencies: ['Ủy ban nhân dân cấp xã'], steps: ['Người dân nộp hồ sơ tại Trung tâm phục vụ hành chính công hoặc Bộ phận tiếp nhận hồ sơ của xã.'] };
    expect(whereLine(p)).not.toContain('Bộ phận tiếp nhận');
  });
});

describe('a national procedure published with one province\'s office (issue 18)', () => {
  const base: Procedure = { ...PERMANENT_RESIDENCE, code: '9.990004', scope: 'national', province: null, levels: ['tinh'], steps: [], competentAuthority: null, submissionAddress: null };
  it('says the office every province has, and the citizen\'s own when they name their province', () => {
    const p: Procedure = { ...base, agencies: ['Sở Văn hóa và Thể thao Thành phố Đà Nẵng'] };
    expect(whereLine(p)).toBe('Sở Văn hóa và Thể thao (cấp tỉnh/thành phố)');
    expect(whereLine(p, { province: 'tỉnh Nghệ An' })).toBe('Sở Văn hóa và Thể thao tỉnh Nghệ An');
    expect(whereLine({ ...base, agencies: ['Sở Xây dựng - TP.HCM'] })).toBe('Sở Xây dựng (cấp tỉnh/thành phố)');
  });
  it('a province\'s own procedure keeps its office', () => {
    const own: Procedure = { ...base, scope: 'provincial', province: 'Thành phố Đà Nẵng', agencies: ['Sở Văn hóa và Thể thao Thành phố Đà Nẵng'] };
    expect(whereLine(own)).toContain('Thành phố Đà Nẵng');
  });
});

describe('"nộp Đơn đề nghị … theo Mẫu số 04.KT … đến cơ quan được Chủ tịch … giao" (issue 18)', () => {
  it('a capital letter and a form number with a dot do not hide where the application goes', () => {
    const p: Procedure = {
      ...PERMANENT_RESIDENCE,
      code: '9.990005',
      levels: ['tinh'],
      applicants: ['Công dân Việt Nam'],
      competentAuthority: null,
      submissionAddress: null,
      agencies: ['Cơ quan quản lý nhà nước về lâm nghiệp cấp tỉnh'],
      steps: ['a) Tổ chức, cá nhân nộp Đơn đề nghị cấp phép theo Mẫu số 07.LN Phụ lục I ban hành kèm theo Nghị định số 12/2026/NĐ-CP đến cơ quan được Chủ tịch Ủy ban nhân dân cấp tỉnh giao tiếp nhận hồ sơ;'],
    };
    expect(whereLine(p)).toBe('Cơ quan được Chủ tịch Ủy ban nhân dân cấp tỉnh giao tiếp nhận hồ sơ (cơ quan giải quyết: Cơ quan quản lý nhà nước về lâm nghiệp cấp tỉnh)');
  });
});
