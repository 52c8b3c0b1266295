import type { Procedure } from '../../knowledge/index.js';
import { portalUrl } from '../../knowledge/index.js';

/**
 * Hand-written procedure records for tests, shaped like the imported catalogue
 * (long document names with "- " prefixes and case notes, fees as published). They
 * follow the portal's records closely but are test data, not the shipped catalogue.
 */

const DATA_DATE = '2026-07-18';

function provenance(code: string, source: Procedure['provenance']['source'] = 'portal-api-detail'): Procedure['provenance'] {
  return { source, crawledAt: DATA_DATE, seenIn: [source, 'portal-index'], url: portalUrl(code) };
}

const base = {
  scope: 'national' as const,
  province: null,
  competentAuthority: null,
  promulgatedBy: 'Bộ Tư pháp',
  submissionAddress: null,
  conditions: null,
  relatedProcedures: [] as string[],
};

export const BIRTH_REGISTRATION: Procedure = {
  ...base,
  code: '1.001193',
  name: 'Thủ tục đăng ký khai sinh',
  detailLevel: 'full',
  levels: ['xa'],
  fields: ['Hộ tịch'],
  agencies: ['Ủy ban nhân dân cấp xã'],
  applicants: ['Công dân Việt Nam', 'Người Việt Nam định cư ở nước ngoài'],
  decisionNumber: '163/QĐ-BTP',
  submissionAddress: 'Trung tâm Phục vụ hành chính công cấp xã',
  steps: [
    'Người yêu cầu đăng ký khai sinh nộp hồ sơ tại Trung tâm Phục vụ hành chính công có thẩm quyền hoặc nộp trực tuyến trên Cổng dịch vụ công quốc gia, Ứng dụng định danh quốc gia.',
    'Cán bộ tiếp nhận kiểm tra hồ sơ; hồ sơ đầy đủ, hợp lệ thì tiếp nhận; nếu tiếp nhận hồ sơ sau 15 giờ thì có Phiếu hẹn trả kết quả trong ngày làm việc tiếp theo.',
    'Công chức tư pháp - hộ tịch ghi vào Sổ đăng ký khai sinh, lấy Số định danh cá nhân, in Giấy khai sinh trình Lãnh đạo Ủy ban nhân dân cấp xã ký.',
  ],
  channels: [
    {
      kind: 'in_person',
      processingTime: { value: 1, unit: 'ngay_lam_viec', text: '1 Ngày làm việc' },
      fees: [
        { kind: 'le_phi', amountVnd: null, free: true, description: 'Miễn lệ phí đăng ký khai sinh đúng hạn' },
        { kind: 'le_phi', amountVnd: 5000, free: false, description: 'Lệ phí đăng ký khai sinh quá hạn: 5.000 đồng' },
        { kind: 'phi', amountVnd: 8000, free: false, description: 'Phí cấp bản sao Giấy khai sinh: 8.000 đồng/bản (nếu có yêu cầu)' },
      ],
      description: 'Nộp trực tiếp tại Trung tâm Phục vụ hành chính công',
    },
    {
      kind: 'online',
      processingTime: { value: 1, unit: 'ngay_lam_viec', text: '1 Ngày làm việc' },
      fees: [{ kind: 'le_phi', amountVnd: null, free: true, description: 'Miễn lệ phí đăng ký khai sinh đúng hạn' }],
      description: 'Nộp trực tuyến trên Cổng dịch vụ công quốc gia hoặc Ứng dụng định danh quốc gia (VNeID)',
    },
    {
      kind: 'postal',
      processingTime: { value: 1, unit: 'ngay_lam_viec', text: '1 Ngày làm việc' },
      fees: [{ kind: 'le_phi', amountVnd: null, free: true, description: 'Miễn lệ phí đăng ký khai sinh đúng hạn' }],
      description: 'Gửi hồ sơ qua hệ thống bưu chính',
    },
  ],
  documentGroups: [
    {
      title: 'Giấy tờ phải nộp',
      items: [
        { name: '- Tờ khai đăng ký khai sinh theo mẫu (nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tiếp hoặc gửi hồ sơ qua hệ thống bưu chính);', originals: 1, copies: 0, formName: 'Tờ khai đăng ký khai sinh', required: true },
        { name: '- Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp văn bản của người làm chứng xác nhận về việc sinh; nếu không có người làm chứng thì phải có giấy cam đoan về việc sinh.', originals: 1, copies: 0, formName: null, required: true },
        { name: '- Văn bản ủy quyền (được chứng thực) theo quy định của pháp luật trong trường hợp ủy quyền thực hiện việc đăng ký khai sinh.', originals: 1, copies: 0, formName: null, required: false },
        { name: '- Trường hợp trẻ em bị bỏ rơi thì phải có biên bản về việc trẻ bị bỏ rơi do cơ quan có thẩm quyền lập.', originals: 1, copies: 0, formName: null, required: false },
      ],
    },
    {
      title: 'Giấy tờ phải xuất trình',
      items: [
        { name: '- Hộ chiếu/Thẻ căn cước/Căn cước điện tử hoặc các giấy tờ khác có dán ảnh và thông tin cá nhân do cơ quan có thẩm quyền cấp, còn giá trị sử dụng để chứng minh về nhân thân.', originals: 1, copies: 0, formName: null, required: true },
        { name: '- Giấy chứng nhận kết hôn của cha, mẹ trẻ (nếu cha, mẹ đã đăng ký kết hôn).', originals: 0, copies: 1, formName: null, required: false },
      ],
    },
  ],
  conditions:
    'Trong thời hạn 60 ngày kể từ ngày sinh con, cha hoặc mẹ có trách nhiệm đăng ký khai sinh cho con. Trường hợp đăng ký khai sinh quá hạn (sau 60 ngày) vẫn thực hiện theo thủ tục này và nộp lệ phí đăng ký khai sinh quá hạn.',
  results: ['Giấy khai sinh'],
  legalBasis: [
    { number: '60/2014/QH13', title: 'Luật Hộ tịch', issuedDate: '2014-11-20', issuer: 'Quốc hội' },
    { number: '123/2015/NĐ-CP', title: 'Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch', issuedDate: '2015-11-15', issuer: 'Chính phủ' },
    { number: '04/2024/TT-BTP', title: 'Thông tư sửa đổi, bổ sung một số điều của Thông tư số 04/2020/TT-BTP', issuedDate: '2024-06-06', issuer: 'Bộ Tư pháp' },
  ],
  onlineAvailable: true,
  provenance: provenance('1.001193'),
};

export const BIRTH_REREGISTRATION: Procedure = {
  ...base,
  code: '1.004884',
  name: 'Thủ tục đăng ký lại khai sinh',
  detailLevel: 'full',
  levels: ['xa'],
  fields: ['Hộ tịch'],
  agencies: ['Ủy ban nhân dân cấp xã'],
  applicants: ['Công dân Việt Nam'],
  decisionNumber: '163/QĐ-BTP',
  steps: ['Nộp hồ sơ tại Trung tâm Phục vụ hành chính công cấp xã nơi đã đăng ký khai sinh trước đây hoặc nơi cư trú.', 'Công chức tư pháp - hộ tịch kiểm tra, xác minh hồ sơ và trình Lãnh đạo Ủy ban nhân dân cấp xã ký Giấy khai sinh.'],
  channels: [
    {
      kind: 'in_person',
      processingTime: { value: 5, unit: 'ngay_lam_viec', text: '5 Ngày làm việc' },
      fees: [{ kind: 'le_phi', amountVnd: 5000, free: false, description: 'Lệ phí đăng ký lại khai sinh: 5.000 đồng' }],
      description: 'Nộp trực tiếp',
    },
  ],
  documentGroups: [
    {
      title: 'Giấy tờ phải nộp',
      items: [
        { name: 'Tờ khai đăng ký lại khai sinh theo mẫu', originals: 1, copies: 0, formName: 'Tờ khai đăng ký lại khai sinh', required: true },
        { name: 'Bản sao Giấy khai sinh cũ hoặc giấy tờ có nội dung khai sinh (nếu có)', originals: 0, copies: 1, formName: null, required: false },
      ],
    },
  ],
  conditions: 'Việc khai sinh đã được đăng ký tại cơ quan đăng ký hộ tịch của Việt Nam nhưng Sổ hộ tịch và bản chính giấy tờ hộ tịch đều bị mất.',
  results: ['Giấy khai sinh (có ghi "Đăng ký lại")'],
  legalBasis: [{ number: '123/2015/NĐ-CP', title: 'Nghị định quy định chi tiết Luật Hộ tịch', issuedDate: '2015-11-15', issuer: 'Chính phủ' }],
  onlineAvailable: false,
  provenance: provenance('1.004884'),
};

export const BIRTH_FOREIGN: Procedure = {
  ...base,
  code: '2.000528',
  name: 'Thủ tục đăng ký khai sinh có yếu tố nước ngoài',
  detailLevel: 'full',
  levels: ['xa'],
  fields: ['Hộ tịch'],
  agencies: ['Ủy ban nhân dân cấp xã'],
  applicants: ['Công dân Việt Nam', 'Người nước ngoài'],
  decisionNumber: '163/QĐ-BTP',
  steps: ['Nộp hồ sơ tại Trung tâm Phục vụ hành chính công cấp xã.', 'Công chức tư pháp - hộ tịch kiểm tra hồ sơ, ghi vào Sổ đăng ký khai sinh.'],
  channels: [
    {
      kind: 'in_person',
      processingTime: { value: 3, unit: 'ngay_lam_viec', text: '3 Ngày làm việc' },
      fees: [{ kind: 'le_phi', amountVnd: 75000, free: false, description: 'Lệ phí đăng ký khai sinh có yếu tố nước ngoài: 75.000 đồng' }],
      description: 'Nộp trực tiếp',
    },
  ],
  documentGroups: [
    {
      title: 'Giấy tờ phải nộp',
      items: [
        { name: 'Tờ khai đăng ký khai sinh theo mẫu', originals: 1, copies: 0, formName: 'Tờ khai đăng ký khai sinh', required: true },
        { name: 'Giấy chứng sinh', originals: 1, copies: 0, formName: null, required: true },
        { name: 'Văn bản thỏa thuận của cha, mẹ về việc lựa chọn quốc tịch cho con', originals: 1, copies: 0, formName: null, required: false },
      ],
    },
  ],
  results: ['Giấy khai sinh'],
  legalBasis: [{ number: '123/2015/NĐ-CP', title: 'Nghị định quy định chi tiết Luật Hộ tịch', issuedDate: '2015-11-15', issuer: 'Chính phủ' }],
  onlineAvailable: false,
  provenance: provenance('2.000528'),
};

const RESIDENCE_BASE = {
  ...base,
  promulgatedBy: 'Bộ Công an',
  detailLevel: 'full' as const,
  levels: ['xa' as const],
  fields: ['Đăng ký, quản lý cư trú'],
  agencies: ['Công an cấp xã'],
  applicants: ['Công dân Việt Nam'],
  decisionNumber: '5548/QĐ-BCA',
  legalBasis: [
    { number: '68/2020/QH14', title: 'Luật Cư trú', issuedDate: '2020-11-13', issuer: 'Quốc hội' },
    { number: '53/2025/TT-BCA', title: 'Thông tư quy định về biểu mẫu trong đăng ký, quản lý cư trú', issuedDate: '2025-06-30', issuer: 'Bộ Công an' },
  ],
  onlineAvailable: true,
};

export const PERMANENT_RESIDENCE: Procedure = {
  ...RESIDENCE_BASE,
  code: '1.004222',
  name: 'Đăng ký thường trú',
  steps: ['Công dân nộp hồ sơ đăng ký thường trú đến Công an cấp xã nơi mình cư trú.', 'Cơ quan đăng ký cư trú kiểm tra, cập nhật thông tin về nơi thường trú mới vào Cơ sở dữ liệu về cư trú.'],
  channels: [
    {
      kind: 'in_person',
      processingTime: { value: 7, unit: 'ngay_lam_viec', text: '7 Ngày làm việc' },
      fees: [{ kind: 'le_phi', amountVnd: 20000, free: false, description: 'Lệ phí đăng ký thường trú: 20.000 đồng/lần' }],
      description: 'Nộp trực tiếp tại Công an cấp xã',
    },
    {
      kind: 'online',
      processingTime: { value: 7, unit: 'ngay_lam_viec', text: '7 Ngày làm việc' },
      fees: [{ kind: 'le_phi', amountVnd: 10000, free: false, description: 'Nộp trực tuyến: 10.000 đồng/lần' }],
      description: 'Nộp trực tuyến qua Cổng dịch vụ công quốc gia hoặc ứng dụng VNeID',
    },
  ],
  documentGroups: [
    {
      title: 'Giấy tờ phải nộp',
      items: [
        { name: 'Tờ khai thay đổi thông tin cư trú (Mẫu CT01)', originals: 1, copies: 0, formName: 'Mẫu CT01', required: true },
        { name: 'Giấy tờ, tài liệu chứng minh việc sở hữu chỗ ở hợp pháp', originals: 0, copies: 1, formName: null, required: true },
        { name: 'Văn bản đồng ý cho đăng ký thường trú của chủ hộ, chủ sở hữu chỗ ở hợp pháp (trường hợp ở nhờ, ở thuê)', originals: 1, copies: 0, formName: null, required: false },
      ],
    },
  ],
  results: ['Thông báo về kết quả giải quyết thủ tục đăng ký cư trú'],
  provenance: provenance('1.004222'),
};

export const TEMPORARY_RESIDENCE: Procedure = {
  ...RESIDENCE_BASE,
  code: '1.004194',
  name: 'Đăng ký tạm trú',
  steps: ['Công dân nộp hồ sơ đăng ký tạm trú đến Công an cấp xã nơi mình dự kiến tạm trú.', 'Cơ quan đăng ký cư trú thẩm định, cập nhật thông tin về nơi tạm trú mới.'],
  channels: [
    {
      kind: 'in_person',
      processingTime: { value: 3, unit: 'ngay_lam_viec', text: '3 Ngày làm việc' },
      fees: [{ kind: 'le_phi', amountVnd: 15000, free: false, description: 'Lệ phí đăng ký tạm trú: 15.000 đồng/lần' }],
      description: 'Nộp trực tiếp tại Công an cấp xã',
    },
    {
      kind: 'online',
      processingTime: { value: 3, unit: 'ngay_lam_viec', text: '3 Ngày làm việc' },
      fees: [{ kind: 'le_phi', amountVnd: 7000, free: false, description: 'Nộp trực tuyến: 7.000 đồng/lần' }],
      description: 'Nộp trực tuyến qua Cổng dịch vụ công quốc gia hoặc ứng dụng VNeID',
    },
  ],
  documentGroups: [
    {
      title: 'Giấy tờ phải nộp',
      items: [
        { name: 'Tờ khai thay đổi thông tin cư trú (Mẫu CT01)', originals: 1, copies: 0, formName: 'Mẫu CT01', required: true },
        { name: 'Giấy tờ, tài liệu chứng minh việc sở hữu hoặc sử dụng chỗ ở hợp pháp (hợp đồng thuê nhà)', originals: 0, copies: 1, formName: null, required: true },
      ],
    },
  ],
  results: ['Thông báo về kết quả giải quyết thủ tục đăng ký cư trú'],
  provenance: provenance('1.004194'),
};

export const MARRIAGE_REGISTRATION: Procedure = {
  ...base,
  code: '1.000894',
  name: 'Thủ tục đăng ký kết hôn',
  detailLevel: 'full',
  levels: ['xa'],
  fields: ['Hộ tịch'],
  agencies: ['Ủy ban nhân dân cấp xã'],
  applicants: ['Công dân Việt Nam'],
  decisionNumber: '163/QĐ-BTP',
  steps: ['Hai bên nam, nữ nộp hồ sơ tại Trung tâm Phục vụ hành chính công cấp xã nơi cư trú của một trong hai bên.', 'Hai bên nam, nữ có mặt để ký vào Giấy chứng nhận kết hôn.'],
  channels: [
    {
      kind: 'in_person',
      processingTime: { value: 1, unit: 'ngay_lam_viec', text: '1 Ngày làm việc' },
      fees: [{ kind: 'le_phi', amountVnd: null, free: true, description: 'Miễn lệ phí đăng ký kết hôn' }],
      description: 'Nộp trực tiếp',
    },
    {
      kind: 'online',
      processingTime: { value: 1, unit: 'ngay_lam_viec', text: '1 Ngày làm việc' },
      fees: [{ kind: 'le_phi', amountVnd: null, free: true, description: 'Miễn lệ phí đăng ký kết hôn' }],
      description: 'Nộp trực tuyến',
    },
  ],
  documentGroups: [
    {
      title: 'Giấy tờ phải nộp',
      items: [
        { name: 'Tờ khai đăng ký kết hôn theo mẫu', originals: 1, copies: 0, formName: 'Tờ khai đăng ký kết hôn', required: true },
        { name: 'Giấy xác nhận tình trạng hôn nhân (trường hợp đăng ký kết hôn không tại nơi thường trú)', originals: 1, copies: 0, formName: null, required: false },
      ],
    },
  ],
  results: ['Giấy chứng nhận kết hôn'],
  legalBasis: [{ number: '60/2014/QH13', title: 'Luật Hộ tịch', issuedDate: '2014-11-20', issuer: 'Quốc hội' }],
  onlineAvailable: true,
  provenance: provenance('1.000894'),
};

/** Index-only: the portal lists it, our data has no detail. */
export const CIVIL_STATUS_COPY_INDEX_ONLY: Procedure = {
  ...base,
  code: '2.000635',
  name: 'Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh',
  detailLevel: 'index',
  levels: ['xa', 'tinh'],
  fields: ['Hộ tịch'],
  agencies: ['Ủy ban nhân dân cấp xã', 'Sở Tư pháp'],
  applicants: ['Công dân Việt Nam'],
  decisionNumber: null,
  steps: [],
  channels: [],
  documentGroups: [],
  results: [],
  legalBasis: [],
  onlineAvailable: null,
  provenance: provenance('2.000635', 'portal-index'),
};

export const BUILDING_PERMIT: Procedure = {
  ...base,
  promulgatedBy: 'Bộ Xây dựng',
  code: '1.009122',
  name: 'Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ',
  detailLevel: 'full',
  levels: ['xa'],
  fields: ['Hoạt động xây dựng'],
  agencies: ['Ủy ban nhân dân cấp xã'],
  applicants: ['Công dân Việt Nam', 'Tổ chức'],
  decisionNumber: '1041/QĐ-BXD',
  steps: ['Chủ đầu tư nộp hồ sơ đề nghị cấp giấy phép xây dựng.', 'Cơ quan cấp phép thẩm định hồ sơ, kiểm tra thực địa và cấp giấy phép.'],
  channels: [
    {
      kind: 'in_person',
      processingTime: { value: 15, unit: 'ngay', text: '15 Ngày' },
      fees: [{ kind: 'le_phi', amountVnd: 75000, free: false, description: 'Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ: 75.000 đồng/giấy phép' }],
      description: 'Nộp trực tiếp',
    },
  ],
  documentGroups: [
    {
      title: 'Giấy tờ phải nộp',
      items: [
        { name: 'Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 01)', originals: 1, copies: 0, formName: 'Mẫu số 01', required: true },
        { name: 'Bản sao giấy tờ chứng minh quyền sử dụng đất', originals: 0, copies: 1, formName: null, required: true },
        { name: 'Bản vẽ thiết kế xây dựng', originals: 2, copies: 0, formName: null, required: true },
      ],
    },
  ],
  results: ['Giấy phép xây dựng'],
  legalBasis: [{ number: '175/2024/NĐ-CP', title: 'Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Xây dựng về quản lý hoạt động xây dựng', issuedDate: '2024-12-30', issuer: 'Chính phủ' }],
  onlineAvailable: true,
  provenance: provenance('1.009122'),
};

/** A province's own variant of the national building-permit procedure (index only). */
export const BUILDING_PERMIT_HANOI: Procedure = {
  ...BUILDING_PERMIT,
  code: '3.000412',
  name: 'Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ (TP Hà Nội)',
  detailLevel: 'index',
  scope: 'provincial',
  province: 'TP Hà Nội',
  promulgatedBy: 'UBND Thành phố Hà Nội',
  decisionNumber: null,
  steps: [],
  channels: [],
  documentGroups: [],
  results: [],
  legalBasis: [],
  onlineAvailable: null,
  provenance: provenance('3.000412', 'portal-index'),
};

export const FIXTURE_PROCEDURES: readonly Procedure[] = [
  BIRTH_REGISTRATION,
  BIRTH_REREGISTRATION,
  BIRTH_FOREIGN,
  PERMANENT_RESIDENCE,
  TEMPORARY_RESIDENCE,
  MARRIAGE_REGISTRATION,
  CIVIL_STATUS_COPY_INDEX_ONLY,
  BUILDING_PERMIT,
  BUILDING_PERMIT_HANOI,
];

export const FIXTURE_DATA_DATE = DATA_DATE;
