import { describe, expect, it } from 'vitest';
import type { DocumentGroup, Fee } from '../procedure.js';
import { feesAt } from './fee-view.js';
import { audienceOf, documentsForPerson, formVariantFor } from './forms.js';
import { parseFee } from './fees.js';
import { channelCase, processingTimeFromSteps, processingTimeText, timesByCase } from './time.js';
import { findValidity, validityStatus } from './validity.js';

/** Clause texts below are copied from records of the committed catalogue (codes given). */
const fee = (description: string, amountVnd: number | null = null, free = false): Fee => ({ kind: 'le_phi', amountVnd, free, description });

describe('findValidity', () => {
  it.each([
    ['kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 theo Thông tư số 64/2025/TT-BTC', '2025-07-01', '2026-12-31'],
    ['(áp dụng đến hết ngày 31/12/2023 theo Thông tư số 44/2023/TT-BTC ngày 29/6/2023 của Bộ tài chính)', null, '2023-12-31'],
    ['(Miễn kể từ ngày 07/4/2026 đến 30/6/2026 theo Thông tư 40/2026/TT-BTC)', '2026-04-07', '2026-06-30'],
    ['(áp dụng từ kể từ ngày 01 tháng 7 năm 2025 đến hết ngày 31 tháng 12 năm 2026 theo quy định tại Thông tư 64/2025/TT-BTC', '2025-07-01', '2026-12-31'],
  ])('%s', (text, from, until) => {
    expect(findValidity(text)).toMatchObject([{ from, until }]);
  });

  it('does not read the issue date of a circular as a validity period', () => {
    expect(findValidity('200.000đ/ hộ chiếu (Thông tư số 25/2021/TT-BTC ngày 07/4/2021 của Bộ Tài chính).')).toEqual([]);
  });

  it('ends a rule at the end of its last day in Vietnam', () => {
    const v = { from: null, until: '2026-12-31' };
    expect(validityStatus(v, new Date('2026-12-31T16:59:00Z'))).toBe('current');
    expect(validityStatus(v, new Date('2026-12-31T17:00:00Z'))).toBe('expired');
    expect(validityStatus({ from: '2027-01-01', until: null }, new Date('2026-12-30T00:00:00Z'))).toBe('upcoming');
  });
});

describe('parseFee on real clauses', () => {
  it('passport online (1.001456): two amounts, the reissue one conditional, both ending 31/12/2023', () => {
    const rules = parseFee(fee('+ 160.000/hộ chiếu, trường hợp cấp lại do bị hư hỏng hoặc bị mất: 320.000đ/hộ chiếu (áp dụng đến hết ngày 31/12/2023 theo Thông tư số 44/2023/TT-BTC ngày 29/6/2023 của Bộ tài chính).', 160000), 'online');
    expect(rules).toMatchObject([
      { kind: 'amount', amountVnd: 160000, unit: 'hộ chiếu', case: null, validUntil: '2023-12-31' },
      { kind: 'amount', amountVnd: 320000, unit: 'hộ chiếu', case: 'reissue', condition: 'trường hợp cấp lại do bị hư hỏng hoặc bị mất', validUntil: '2023-12-31' },
    ]);
  });

  it('ID card (1.000757): the base fee and two 50% periods, one online only', () => {
    const rules = parseFee(
      fee('- Cấp lại thẻ căn cước đối với các trường hợp quy định tại khoản 2 Điều 24 Luật Căn cước: 70.000 đồng/thẻ căn cước. Kể từ ngày 01/01/2025 đến hết ngày 31/12/2025, mức thu lệ phí khi công dân nộp hồ sơ cấp đổi, cấp lại thẻ căn cước theo hình thức trực tuyển bằng 50% mức thu lệ phí quy định. - Kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 mức thu lệ phí cấp đổi, cấp lại thẻ căn cước bằng 50% mức thu nêu trên theo quy định tại Thông tư số 64/2025/TT-BTC ngày 30/6/2025 của Bộ Tài chính.', 70000),
      'in_person',
    );
    expect(rules).toMatchObject([
      { kind: 'amount', amountVnd: 70000, unit: 'thẻ căn cước', validUntil: null },
      { kind: 'percent', percent: 50, channel: 'online', validFrom: '2025-01-01', validUntil: '2025-12-31' },
      { kind: 'percent', percent: 50, channel: null, validFrom: '2025-07-01', validUntil: '2026-12-31' },
    ]);
  });

  it('certification (2.000942): per page with a lower rate from page 3 and a cap per copy', () => {
    const rules = parseFee(fee('2.000 đồng/trang; từ trang thứ 3 trở lên thu 1.000 đồng/trang, tối đa thu không quá 200.000 đồng/bản. Trang là căn cứ để thu phí được tính theo trang của bản chính.', 2000), 'in_person');
    expect(rules).toMatchObject([{ amountVnd: 2000, unit: 'trang', tiers: [{ fromPage: 3, amountVnd: 1000 }], cap: { amountVnd: 200000, unit: 'bản' } }]);
  });

  it('certification (2.000815): the fee says only "/trang", the structure is in the channel text', () => {
    const rules = parseFee(fee('/trang', 2000), 'in_person', 'Tại Ủy ban nhân dân cấp xã, Tổ chức hành nghề công chứng: 2.000 đồng/trang; từ trang thứ 3 trở lên thu 1.000 đồng/trang, tối đa thu không quá 200.000 đồng/bản. Trang là căn cứ để thu phí được tính theo trang của bản chính.');
    expect(rules).toMatchObject([{ amountVnd: 2000, unit: 'trang', tiers: [{ fromPage: 3, amountVnd: 1000 }], cap: { amountVnd: 200000 } }]);
  });

  it('temporary residence (1.004194): the group rate is apart from the individual one', () => {
    expect(parseFee(fee('- Đăng ký tạm trú theo danh sách: + Trường hợp công dân nộp hồ sơ trực tiếp thu 10.000 đồng/người/lần đăng ký;', 10000), 'in_person')).toMatchObject([{ amountVnd: 10000, audience: 'group' }]);
    expect(parseFee(fee('Đăng ký tạm trú (cá nhân, hộ gia đình): + Trường hợp công dân nộp hồ sơ trực tiếp thu 15.000 đồng/lần đăng ký;', 15000), 'in_person')).toMatchObject([{ amountVnd: 15000, unit: 'lần đăng ký', audience: 'individual' }]);
  });

  it('an exemption for a period (1.000283) dates the exemption, not the amount', () => {
    expect(parseFee(fee('Thiết bị 2.000.000đ/lần (Miễn kể từ ngày 07/4/2026 đến 30/6/2026 theo Thông tư 40/2026/TT-BTC)', 2000000), 'online')).toMatchObject([
      { kind: 'amount', amountVnd: 2000000, validUntil: null },
      { kind: 'free', exemption: false, validFrom: '2026-04-07', validUntil: '2026-06-30' },
    ]);
  });

  it('a reduced rate beside the structured amount (1.002384): the full rate is the base', () => {
    expect(parseFee(fee('áp dụng mức phí 300.000 đồng/hồ sơ kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 theo Thông tư số 64/2025/TT-BTC', 600000), 'online')).toMatchObject([
      { amountVnd: 600000, validUntil: null },
      { amountVnd: 300000, unit: 'hồ sơ', validFrom: '2025-07-01', validUntil: '2026-12-31' },
    ]);
  });

  it('birth registration with foreign elements (1.000110): amount set by the province, exemptions listed', () => {
    const rules = parseFee(fee('Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh, thành phố trực thuộc Trung ương quyết định. Miễn lệ phí cho người thuộc gia đình có công với cách mạng; người thuộc hộ nghèo; người khuyết tật.'), 'in_person');
    expect(rules).toMatchObject([{ kind: 'set_locally' }, { kind: 'free', exemption: true, condition: 'Miễn lệ phí cho người thuộc gia đình có công với cách mạng; người thuộc hộ nghèo; người khuyết tật' }]);
  });

  it('a circular titled "miễn một số khoản phí" is no exemption', () => {
    const rules = parseFee(fee('Mức phí kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 theo quy định tại Thông tư số 64/2025/TT-BTC: ngày 30/6/2025 của Bộ trưởng Bộ Tài chính quy định mức thu , miễn một số khoản phí, lệ phí nhằm hỗ trợ doanh nghiệp, người dân'), 'postal');
    expect(rules.some((r) => r.kind === 'free')).toBe(false);
  });
});

describe('feesAt', () => {
  const certification = {
    code: '2.000942',
    channels: [{ kind: 'in_person' as const, processingTime: null, description: '', fees: [fee('2.000 đồng/trang; từ trang thứ 3 trở lên thu 1.000 đồng/trang, tối đa thu không quá 200.000 đồng/bản.', 2000)] }],
  };
  it('says a per-page fee in one line with its tiers and cap', () => {
    const s = feesAt(certification as never, new Date('2026-12-06T03:00:00Z'));
    expect(s.typical[0]!.text).toBe('2.000 đồng/trang cho trang 1–2, từ trang thứ 3: 1.000 đồng/trang, tối đa 200.000 đồng/bản');
  });
});

describe('feesAt with the portal label kept at import', () => {
  it('says "miễn phí" with the published note beside it (1.001570)', () => {
    const p = { code: '1.001570', channels: [{ kind: 'in_person' as const, processingTime: null, description: '', fees: [fee('Miễn phí (Mức lệ phí (nếu có) theo quy định của Hội đồng nhân dân cấp tỉnh)', null, true)] }] };
    const s = feesAt(p as never, new Date('2026-12-06T03:00:00Z'));
    expect(s.typical[0]!.text).toBe('miễn phí (mức lệ phí (nếu có) theo quy định của Hội đồng nhân dân cấp tỉnh)');
  });
});

describe('processingTimeText', () => {
  it('keeps a published unit', () => {
    expect(processingTimeText({ value: 8, unit: 'ngay_lam_viec', text: '8 Ngày làm việc' })).toBe('8 ngày làm việc');
  });
  it('takes the unit from the channel text when it states the same number', () => {
    expect(processingTimeText({ value: 3, unit: 'khac', text: '3' }, 'Nộp hồ sơ trực tiếp; 03 ngày làm việc, kể từ ngày nhận đủ hồ sơ')).toBe('03 ngày làm việc');
  });
  it("keeps the channel's own alternatives (1.013225: 10 days for works, 7 for a house)", () => {
    expect(processingTimeText({ value: 10, unit: 'ngay_lam_viec', text: '10 ngày làm việc' }, '10 ngày làm việc đối với công trình (hoặc 7 ngày làm việc đối với nhà ở riêng lẻ) kể từ ngày nhận đủ hồ sơ hợp lệ.')).toBe(
      '10 ngày làm việc đối với công trình (hoặc 7 ngày làm việc đối với nhà ở riêng lẻ)',
    );
  });
  it('a time in working days keeps its unit on each alternative the channel text states bare (1.013229)', () => {
    expect(processingTimeText({ value: 10, unit: 'ngay_lam_viec', text: '10 ngày làm việc' }, '10 ngày (hoặc 7 ngày đối với nhà ở riêng lẻ)')).toBe('10 ngày làm việc (hoặc 7 ngày làm việc đối với nhà ở riêng lẻ)');
    // Calendar days stay calendar days.
    expect(processingTimeText({ value: 10, unit: 'ngay', text: '10 ngày' }, '10 ngày (hoặc 7 ngày đối với nhà ở riêng lẻ)')).toBe('10 ngày (hoặc 7 ngày đối với nhà ở riêng lẻ)');
  });
  it('finds the time in the steps when no channel gives one, the longest period stated', () => {
    const steps = ['Trường hợp hồ sơ chưa hợp lệ, trong thời hạn 01 ngày làm việc cơ quan thông báo bổ sung.', 'Trong thời hạn 03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ, cơ quan cấp Giấy chứng nhận.'];
    expect(processingTimeFromSteps(steps)).toBe('03 ngày làm việc');
    expect(processingTimeFromSteps(['Nộp hồ sơ tại bộ phận một cửa.'])).toBeUndefined();
  });
  it('never prints a bare number: says the portal gives no unit', () => {
    expect(processingTimeText({ value: 5, unit: 'khac', text: '5' })).toBe('5 (Cổng Dịch vụ công không ghi đơn vị thời gian)');
  });
});

describe('forms for the person', () => {
  const passportForm = 'Tờ khai đề nghị cấp hộ chiếu phổ thông ở trong nước (mẫu TK01 dành cho người từ 14 tuổi trở lên; mẫu TK01a dành cho người chưa đủ 14 tuổi) ban hành kèm theo Thông tư số 31/2023/TT-BCA';
  it('picks TK01 for an adult and TK01a for a child (1.001456)', () => {
    expect(formVariantFor(passportForm, {})).toBe('TK01');
    expect(formVariantFor(passportForm, { age: 'minor', onBehalf: true })).toBe('TK01a');
  });

  const criminalRecord: DocumentGroup[] = [
    {
      title: 'Thành phần hồ sơ',
      items: [
        { name: 'Tờ khai yêu cầu cấp Phiếu Lý lịch tư pháp (Dùng cho cá nhân trong trường hợp ủy quyền yêu cầu cấp Phiếu Lý lịch tư pháp số 1 và cá nhân là cha, mẹ của người chưa thành niên yêu cầu cấp Phiếu Lý lịch tư pháp số 2), Mẫu số 02/2025/LLTP;', originals: 1, copies: 0, formName: 'Mẫu số 02/2025/LLTP', required: null },
        { name: 'Tờ khai yêu cầu cấp Phiếu Lý lịch tư pháp (Dùng cho cá nhân có yêu cầu cấp Phiếu Lý lịch tư pháp), Mẫu số 01/2025/LLTP;', originals: 1, copies: 0, formName: 'Mẫu số 01/2025/LLTP', required: null },
        { name: 'Tờ khai yêu cầu cấp Phiếu Lý lịch tư pháp điện tử tương tác (Dùng cho cá nhân có yêu cầu cấp Phiếu Lý lịch tư pháp), Mẫu số 04/2025/LLTP;', originals: 1, copies: 0, formName: 'Mẫu số 04/2025/LLTP', required: null },
      ],
    },
  ];
  it('gives a person asking for themself the form for themself, on paper (3.000333)', () => {
    expect(documentsForPerson(criminalRecord).map((d) => d.formName)).toEqual(['Mẫu số 01/2025/LLTP']);
    expect(documentsForPerson(criminalRecord, { onBehalf: true }).map((d) => d.formName)).toEqual(['Mẫu số 02/2025/LLTP']);
  });

  it('keeps a form for the person themself or their representative for either (voluntary rehab registration, 3.000527)', () => {
    const rehab: DocumentGroup[] = [
      {
        title: 'Thành phần hồ sơ',
        items: [
          { name: 'Đăng ký cai nghiện ma túy tự nguyện của người nghiện hoặc người đại diện hợp pháp theo Mẫu số 22 Phụ lục II Nghị định số 116/2021/NĐ-CP;', originals: 1, copies: 1, formName: 'Mẫu số 22', required: null },
          { name: 'Giấy tờ chứng minh là cha, mẹ hoặc người giám hộ của người nghiện', originals: 1, copies: 0, formName: null, required: null },
        ],
      },
    ];
    expect(documentsForPerson(rehab).map((d) => d.formName)).toEqual(['Mẫu số 22']);
    expect(documentsForPerson(rehab, { onBehalf: true })).toHaveLength(2);
  });

  it('keeps an application of the beneficiary or their representative for the beneficiary asking (1.012537)', () => {
    const claim: DocumentGroup[] = [
      {
        title: 'Thành phần hồ sơ',
        items: [
          { name: 'Đơn đề nghị thanh toán chi phí khám bệnh, chữa bệnh của người được hỗ trợ chế độ bị ốm đau, bị tai nạn, bị thương hoặc người đại diện hợp pháp (Mẫu số 01)', originals: 1, copies: 0, formName: 'Mẫu số 01', required: null },
          { name: 'Văn bản ủy quyền của người đại diện hợp pháp', originals: 1, copies: 0, formName: null, required: null },
        ],
      },
    ];
    expect(documentsForPerson(claim).map((d) => d.formName)).toEqual(['Mẫu số 01']);
    expect(documentsForPerson(claim, { onBehalf: true })).toHaveLength(2);
    // Any person named before "hoặc người đại diện hợp pháp" (1.010092); not a minor's form that parents fill.
    expect(audienceOf('Thành phần hồ sơ của người tham gia lực lượng xung kích phòng chống thiên tai cấp xã hoặc người đại diện hợp pháp gửi hồ sơ').onBehalf).toBeNull();
    expect(audienceOf('Tờ khai của người chưa đủ 14 tuổi do cha, mẹ hoặc người đại diện hợp pháp khai').onBehalf).toBe(true);
  });

  it('keeps a line for everyone whose later clause adds the case of a minor (temporary residence, 1.004194)', () => {
    const residence: DocumentGroup[] = [
      {
        title: 'Hồ sơ đăng ký tạm trú gồm',
        items: [
          { name: 'Tờ khai thay đổi thông tin cư trú (Mẫu CT01 ban hành kèm theo Thông tư số 53/2025/TT-BCA); đối với người đăng ký tạm trú là người chưa thành niên thì trong tờ khai phải ghi rõ ý kiến đồng ý của cha, mẹ hoặc người giám hộ', originals: 1, copies: 0, formName: 'Mẫu CT01', required: null },
          { name: 'Tờ khai dành cho người chưa đủ 14 tuổi', originals: 1, copies: 0, formName: null, required: null },
        ],
      },
    ];
    expect(documentsForPerson(residence).map((d) => d.formName)).toEqual(['Mẫu CT01']);
    expect(documentsForPerson(residence, { age: 'minor', onBehalf: true })).toHaveLength(2);
  });
});

describe('papers about the child a birth registration is for (issue 18)', () => {
  const combined: DocumentGroup[] = [
    {
      title: 'Thành phần hồ sơ',
      items: [
        { name: 'Tờ khai tham gia bảo hiểm y tế, Danh sách đề nghị cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi (theo mẫu)', originals: 1, copies: 0, formName: null, required: null },
        { name: 'Giấy chứng sinh do cơ sở y tế nơi trẻ em sinh ra cấp', originals: 1, copies: 0, formName: null, required: null },
        { name: 'Tờ khai đăng ký khai sinh theo mẫu quy định.', originals: 1, copies: 0, formName: null, required: null },
      ],
    },
  ];
  it('are the adult applicant\'s papers when the procedure registers a birth (2.000986)', () => {
    expect(documentsForPerson(combined, {}, 'Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi')).toHaveLength(3);
    // Elsewhere a line for children is a variant the adult does not use.
    expect(documentsForPerson(combined, {}, 'Cấp thẻ bảo hiểm y tế')).toHaveLength(1);
  });
});

describe('a paper form or its electronic twin (issue 18)', () => {
  it('is everyone\'s, while an electronic-only form is for online filing (1.004259)', () => {
    const groups: DocumentGroup[] = [
      {
        title: 'Thành phần hồ sơ',
        items: [
          { name: 'Bản chính hoặc biểu mẫu điện tử Đơn đề nghị cấp Giấy phép vận tải qua biên giới cho phương tiện theo mẫu quy định;', originals: 1, copies: 0, formName: null, required: null },
          { name: 'Tờ khai điện tử tương tác đăng ký khai sinh', originals: 1, copies: 0, formName: null, required: null },
        ],
      },
    ];
    expect(documentsForPerson(groups).map((d) => d.item.name)).toEqual([groups[0]!.items[0]!.name]);
    expect(documentsForPerson(groups, { online: true })).toHaveLength(2);
  });
});

describe('a time per case in the channel text (issue 18)', () => {
  it('says each case with its time when the recorded time is one of them (1.013274)', () => {
    const d = { value: 5, unit: 'ngay_lam_viec' as const, text: '5 Ngày làm việc' };
    expect(processingTimeText(d, '- 01 ngày đối với đám tang\n- 05 ngày làm việc đối với các trường hợp khác kể từ khi tiếp nhận hồ sơ')).toBe('1 ngày đối với đám tang; 5 ngày làm việc đối với các trường hợp khác');
  });
  it('leaves a regional extension of one case, or clauses without the recorded time, to the number alone', () => {
    expect(timesByCase('Không quá 3,5 ngày làm việc đối với trường hợp phê duyệt gia hạn; Đối với khu vực miền núi không quá 13,5 ngày làm việc đối với trường hợp phê duyệt gia hạn', 3.5)).toBeUndefined();
    expect(timesByCase('- Không quá 30 ngày đối với dự án nhóm I; - Không quá 20 ngày đối với dự án nhóm II', 45)).toBeUndefined();
  });
});

describe('processing time by case (issue 18)', () => {
  it('takes "ngày làm việc" from the channel text when the field says plain "Ngày" for the same number (1.012575)', () => {
    expect(processingTimeText({ value: 2, unit: 'ngay', text: '2 Ngày' }, 'Thời hạn giải quyết: không quá 02 ngày làm việc kể từ ngày nhận đủ hồ sơ')).toBe('2 ngày làm việc');
    expect(processingTimeText({ value: 2, unit: 'ngay', text: '2 Ngày' }, 'không quá 03 ngày làm việc')).toBe('2 ngày');
  });

  it('reads the case a channel row opens with, not a heading or a step (1.013067, 1.000028)', () => {
    expect(channelCase('+ Cấp mới biển số xe: Cấp ngay sau khi nhận đủ hồ sơ hợp lệ')).toBe('cấp mới biển số xe');
    expect(channelCase('+ Cấp mới biển số xe trúng đấu giá, đổi biển số xe: Không quá 07 ngày làm việc')).toBe('cấp mới biển số xe trúng đấu giá, đổi biển số xe');
    expect(channelCase('- Cách thức thực hiện: + Chủ xe kê khai Giấy khai đăng ký xe')).toBeUndefined();
    expect(channelCase('Tiếp nhận và kiểm tra thành phần hồ sơ: 2 ngày làm việc')).toBeUndefined();
    expect(channelCase('')).toBeUndefined();
  });
});

describe('a published amount that is the sum of the cases listed beside it (issue 18)', () => {
  const listing =
    'Bao gồm:\n- 1.000.000 đồng (Một triệu đồng) đối với thay đổi nội dung Giấy đăng ký hoạt động của Trung tâm trọng tài (Áp dụng mức phí: 500.000 đồng (Năm trăm nghìn đồng) kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 theo Thông tư số 64/2025/TT-BTC)\n- 3.000.000 đồng (Ba triệu đồng) đối với thay đổi nội dung Giấy đăng ký hoạt động Chi nhánh của Trung tâm trọng tài nước ngoài tại Việt Nam (Áp dụng mức phí 1.500.000 đồng (Một triệu năm trăm nghìn đồng) kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 theo Thông tư số 64/2025/TT-BTC)';
  const published = fee('Áp dụng mức phí 2.000.000 đồng kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 theo Thông tư số 64/2025/TT-BTC', 4000000);

  it('each listed case is its own rule, its reduced rate dated (1.008904)', () => {
    expect(parseFee(published, 'in_person', listing)).toMatchObject([
      { amountVnd: 1000000, validUntil: null, condition: 'đối với thay đổi nội dung Giấy đăng ký hoạt động của Trung tâm trọng tài' },
      { amountVnd: 500000, validFrom: '2025-07-01', validUntil: '2026-12-31' },
      { amountVnd: 3000000, validUntil: null },
      { amountVnd: 1500000, validUntil: '2026-12-31' },
    ]);
  });

  it('today the first case pays its reduced rate, the full rate after; never the sum', () => {
    const p = { code: '1.008904', channels: [{ kind: 'in_person' as const, processingTime: null, description: listing, fees: [published] }] };
    const today = feesAt(p as never, new Date('2026-12-06T03:00:00Z'));
    expect(today.typical[0]!.text).toMatch(/^500\.000 đồng \(đối với thay đổi nội dung .*Trung tâm trọng tài; áp dụng từ ngày 01\/07\/2025 đến hết ngày 31\/12\/2026; sau đó 1\.000\.000 đồng\)$/u);
    expect(JSON.stringify(today)).not.toMatch(/4\.000\.000|2\.000\.000/u);
    const later = feesAt(p as never, new Date('2027-01-05T03:00:00Z'));
    expect(later.typical[0]!.text).toMatch(/^1\.000\.000 đồng/u);
  });

  it('a listing that does not add up leaves the published fee as it is', () => {
    expect(parseFee(fee('Áp dụng mức phí 2.000.000 đồng kể từ ngày 01/7/2025 đến hết ngày 31/12/2026', 5000000), 'in_person', listing).map((r) => r.amountVnd)).toContain(5000000);
  });
});

describe('a fee note shared by related procedures that names the step charged nothing (issue 18)', () => {
  const note = fee('hàng hóa gửi kho ngoại quan thu lệ phí làm thủ tục hải quan một lần khi làm thủ tục nhập kho, khi xuất kho không thu; mức thu là 20.000 VNĐ/tờ khai');
  const record = (code: string, name: string) => ({ code, name, channels: [{ kind: 'online' as const, processingTime: null, description: '', fees: [note] }] });
  const now = new Date('2026-12-06T03:00:00Z');

  it('the procedure that is that step pays nothing (2.001204, xuất kho)', () => {
    const s = feesAt(record('2.001204', 'Thủ tục hải quan đối với hàng hóa xuất kho ngoại quan để xuất nước ngoài') as never, now);
    expect(s.typical[0]!.text).toMatch(/^miễn phí \(hàng hóa gửi kho ngoại quan/u);
  });

  it('a related procedure keeps the amount (2.001206, into the warehouse)', () => {
    const s = feesAt(record('2.001206', 'Thủ tục hải quan đối với hàng hóa từ khu phi thuế quan hoặc từ nội địa vào kho ngoại quan') as never, now);
    expect(s.typical[0]!.text).toContain('20.000 đồng');
  });
});

describe('a rate published on every row of a channel (issue 18, long fee lines)', () => {
  it('is said once, however many rows repeat it (1.115767)', () => {
    const text =
      'Phí thẩm định: + Hộ gia đình, cá nhân: Đối với đất ở: 150.000 đồng/hồ sơ; Đối với đất sản xuất, kinh doanh: 200.000 đồng/hồ sơ. * Mức thu áp dụng khi thực hiện thủ tục hành chính bằng hình thức dịch vụ công trực tuyến bằng 50% mức thu quy định như trên.';
    const row = { kind: 'online' as const, processingTime: null, description: '', fees: [fee(text)] };
    const s = feesAt({ code: '1.115767', channels: [row, row, row, row] } as never, new Date('2026-12-06T03:00:00Z'));
    const t = s.typical[0]!.text ?? '';
    expect(t.match(/50%/gu)?.length ?? 0).toBeLessThanOrEqual(1);
  });
});

describe('processingTimeText: a time field holding the whole clause (issue 18, provincial land records)', () => {
  const d = (value: number, unit: 'ngay_lam_viec' | 'gio', text: string) => ({ value, unit, text });
  it('says the count with its unit, that other cases differ, and the remote communes extra days, not the clause', () => {
    const text =
      'a) Không quá 10 ngày làm việc đối với thủ tục chuyển đổi quyền sử dụng đất nông nghiệp mà không theo phương án dồn điền, đổi thửa. Đối với các xã miền núi, vùng sâu, vùng xa thì thời gian thực hiện được tăng thêm không quá 10 ngày làm việc. b) Không quá 05 ngày làm việc đối với thủ tục cho thuê, cho thuê lại quyền sử dụng đất trong dự án.';
    expect(processingTimeText(d(10, 'ngay_lam_viec', text))).toBe('10 ngày làm việc (có trường hợp khác thời hạn khác; xã miền núi, vùng sâu, vùng xa được cộng thêm thời gian)');
    expect(processingTimeText(d(20, 'ngay_lam_viec', 'Đăng ký đất đai, tài sản gắn liền với đất lần đầu là không quá 20 ngày làm việc.'))).toBe('20 ngày làm việc');
  });
  it('keeps a text whose number is a clock time, and the importer\'s own notes', () => {
    const clock = 'Thực hiện trong ngày làm việc nhận được đủ hồ sơ; nếu nhận đủ hồ sơ sau 15 giờ cùng ngày thì giải quyết trong ngày làm việc tiếp theo';
    expect(processingTimeText(d(15, 'gio', clock))).toBe(clock.toLocaleLowerCase('vi'));
    expect(processingTimeText(d(10, 'ngay_lam_viec', '10 ngày làm việc (phần cách thức thực hiện ghi «5», không rõ đơn vị)'))).toBe('10 ngày làm việc (phần cách thức thực hiện ghi «5», không rõ đơn vị)');
  });
});

describe('a number in the portal\'s amount field that is no amount in đồng (issue 18)', () => {
  it('a consular fee in dollars is not said again in đồng', () => {
    const fee: Fee = { kind: 'le_phi', amountVnd: 120, free: false, description: 'Thị thực một lần: 120 USD/chiếc.' };
    const rules = parseFee(fee, 'in_person');
    expect(rules.some((r) => r.kind === 'amount')).toBe(false);
    expect(rules.find((r) => r.kind === 'foreign')?.text).toContain('120 USD');
  });
  it('a figure whose unit was lost is said as published, with no unit, its period kept', () => {
    const fee: Fee = { kind: 'le_phi', amountVnd: 60, free: false, description: 'Từ ngày 01/3/2026 áp dụng theo quy định tại Thông tư số 12/2026/TT-BTC của Bộ trưởng Bộ Tài chính' };
    const [rule] = parseFee(fee, 'in_person');
    expect(rule).toMatchObject({ kind: 'foreign', amountVnd: null, validFrom: '2026-03-01' });
    expect(rule!.text).toContain('«60»');
    const p = { code: '9.990002', channels: [{ kind: 'in_person', processingTime: null, description: '', fees: [fee] }] } as unknown as Parameters<typeof feesAt>[0];
    expect(JSON.stringify(feesAt(p, new Date('2026-12-07')))).not.toMatch(/60 đồng/);
  });
  it('an amount the text prints in đồng stays, small or not', () => {
    const fee: Fee = { kind: 'phi', amountVnd: 500, free: false, description: 'Phí cấp bản sao: 500 đồng/trang' };
    expect(parseFee(fee, 'in_person')[0]).toMatchObject({ kind: 'amount', amountVnd: 500 });
  });
});
