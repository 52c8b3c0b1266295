import type { Procedure } from '../../knowledge/index.js';
import type { Vocabulary } from '../../knowledge/vocab/index.js';

/** A valid `Procedure` with sensible defaults; override what a test cares about. */
export function makeProcedure(over: Partial<Procedure> & Pick<Procedure, 'code' | 'name'>): Procedure {
  return {
    detailLevel: 'full',
    scope: 'national',
    province: null,
    levels: ['xa'],
    fields: [],
    agencies: ['Ủy ban nhân dân cấp xã'],
    competentAuthority: null,
    promulgatedBy: null,
    applicants: ['Công dân Việt Nam'],
    decisionNumber: null,
    submissionAddress: null,
    steps: [],
    channels: [],
    documentGroups: [],
    conditions: null,
    results: [],
    legalBasis: [],
    relatedProcedures: [],
    onlineAvailable: null,
    provenance: { source: 'portal-crawl', crawledAt: '2026-06-01', seenIn: ['portal-crawl'], url: 'https://dichvucong.gov.vn/' },
    ...over,
  };
}

/** A small catalogue shaped like the real one: near-duplicate names, levels, a provincial variant. */
export const FIXTURE_PROCEDURES: Procedure[] = [
  makeProcedure({ code: '1.001193', name: 'Thủ tục đăng ký khai sinh', fields: ['Hộ tịch'], results: ['Giấy khai sinh'] }),
  makeProcedure({ code: '1.004884', name: 'Thủ tục đăng ký lại khai sinh', fields: ['Hộ tịch'], results: ['Giấy khai sinh'] }),
  makeProcedure({ code: '2.000528', name: 'Thủ tục đăng ký khai sinh có yếu tố nước ngoài', fields: ['Hộ tịch'] }),
  makeProcedure({ code: '1.000656', name: 'Thủ tục đăng ký khai tử', fields: ['Hộ tịch'], results: ['Trích lục khai tử'] }),
  makeProcedure({ code: '1.000894', name: 'Thủ tục đăng ký kết hôn', fields: ['Hộ tịch'], results: ['Giấy chứng nhận kết hôn'] }),
  makeProcedure({ code: '1.004873', name: 'Thủ tục cấp Giấy xác nhận tình trạng hôn nhân', fields: ['Hộ tịch'] }),
  makeProcedure({
    code: '1.004222',
    name: 'Đăng ký thường trú',
    fields: ['Đăng ký, quản lý cư trú'],
    agencies: ['Công an cấp Xã'],
    documentGroups: [{ title: 'Hồ sơ', items: [{ name: 'Tờ khai thay đổi thông tin cư trú', originals: 1, copies: 0, formName: 'Mẫu CT01', required: true }] }],
  }),
  makeProcedure({ code: '1.004194', name: 'Đăng ký tạm trú', fields: ['Đăng ký, quản lý cư trú'], agencies: ['Công an cấp Xã'] }),
  makeProcedure({ code: '1.014064', name: 'Cấp lại thẻ căn cước', fields: ['Căn cước'], agencies: ['Công an cấp Xã'] }),
  makeProcedure({ code: '2.001194', name: 'Cấp lại thẻ căn cước (thực hiện tại cấp tỉnh)', fields: ['Căn cước'], levels: ['tinh'] }),
  makeProcedure({ code: '1.014063', name: 'Cấp đổi thẻ căn cước', fields: ['Căn cước'], agencies: ['Công an cấp Xã'] }),
  makeProcedure({ code: '1.012786', name: 'Cấp lại Giấy chứng nhận do bị mất', fields: ['Đất đai'], levels: ['tinh'] }),
  makeProcedure({
    code: '1.115001',
    name: 'Thủ tục đăng ký kết hôn (TP Đà Nẵng)',
    scope: 'provincial',
    province: 'Đà Nẵng',
    fields: ['Hộ tịch'],
    detailLevel: 'index',
  }),
];

/** A tiny vocabulary for tests that must not depend on the reviewed data files. */
export const FIXTURE_VOCABULARY: Vocabulary = {
  abbreviations: [
    { abbreviation: 'cccd', expansion: 'căn cước công dân', line: 1 },
    { abbreviation: 'k', expansion: 'không', line: 2 },
    { abbreviation: 'ko', expansion: 'không', line: 3 },
    { abbreviation: 'dc', expansion: 'được', line: 4 },
    { abbreviation: 'đc', expansion: 'được', line: 5 },
    { abbreviation: 'gks', expansion: 'giấy khai sinh', line: 6 },
    { abbreviation: 'vk', expansion: 'vợ', line: 7 },
    { abbreviation: 'mất phí', expansion: 'lệ phí', line: 8 },
  ],
  colloquial: [
    { phrase: 'mới đẻ', terms: ['đăng ký khai sinh'], weight: 1, line: 1 },
    { phrase: 'giấy khai sinh', terms: ['đăng ký khai sinh'], weight: 1, line: 2 },
    { phrase: 'sổ đỏ', terms: ['giấy chứng nhận quyền sử dụng đất'], weight: 1, line: 3 },
    { phrase: 'mất sổ đỏ', terms: ['cấp lại giấy chứng nhận do bị mất'], weight: 1.5, line: 4 },
    { phrase: 'nhập hộ khẩu', terms: ['đăng ký thường trú'], weight: 1, line: 5 },
    { phrase: 'giấy độc thân', terms: ['xác nhận tình trạng hôn nhân'], weight: 1, line: 6 },
    { phrase: 'mất', terms: ['cấp lại'], weight: 0.6, line: 7 },
  ],
  stopwords: ['tôi', 'em', 'cho', 'thì', 'gì', 'không', 'được', 'ở', 'đâu', 'làm', 'cần', 'thế', 'nào'].map((word) => ({ word, weight: 0 })),
  hash: 'fixture',
};
