import { describe, expect, it } from 'vitest';
import type { DocumentItem, Procedure } from '../../knowledge/index.js';
import { checkGrounding } from '../grounding.js';
import { PERMANENT_RESIDENCE } from '../testing/fixtures.js';
import { composeShortAnswer, headerName, isSituationNote, SHORT_ANSWER_MAX } from './compose.js';
import { visibleLength } from './format.js';

const item = (name: string, formName: string | null = null): DocumentItem => ({ name, originals: 1, copies: 0, formName, required: null });

/** A residence record shaped like the portal's: the same declaration repeated in every case. */
const MANY_CASES: Procedure = {
  ...PERMANENT_RESIDENCE,
  documentGroups: [
    { title: 'Đăng ký thường trú vào chỗ ở hợp pháp thuộc quyền sở hữu của mình', items: [item('Tờ khai thay đổi thông tin cư trú', 'Mẫu CT01'), item('Giấy tờ chứng minh chỗ ở hợp pháp')] },
    { title: 'Đăng ký thường trú trên phương tiện', items: [item('Giấy chứng nhận đăng ký phương tiện', 'Mẫu số 01'), item('Tờ khai thay đổi thông tin cư trú', 'Mẫu CT01')] },
    { title: 'Đăng ký thường trú vào chỗ ở hợp pháp do thuê, mượn, ở nhờ', items: [item('Hợp đồng cho thuê, cho mượn, cho ở nhờ'), item('Tờ khai thay đổi thông tin cư trú', 'Mẫu CT01')] },
  ],
};

describe('composeShortAnswer', () => {
  it('for a procedure with many cases shows the declaration once and points to the cases, not one case as essential', () => {
    const text = composeShortAnswer(MANY_CASES).text;
    expect(text.match(/Tờ khai thay đổi thông tin cư trú/g)).toHaveLength(1);
    expect(text).not.toContain('Giấy chứng nhận đăng ký phương tiện');
    expect(text).toContain('Trường hợp khác');
    expect(text.toLowerCase()).toContain('đăng ký thường trú vào chỗ ở hợp pháp thuộc quyền sở hữu của mình');
    expect(text).toContain('Giấy tờ chứng minh chỗ ở hợp pháp');
    expect(checkGrounding(text, [MANY_CASES]).ok).toBe(true);
  });

  it('for a single-case procedure lists its documents, declaration first', () => {
    const single: Procedure = { ...MANY_CASES, documentGroups: [{ title: 'Giấy tờ phải nộp', items: [item('Giấy tờ chứng minh chỗ ở hợp pháp'), item('Tờ khai thay đổi thông tin cư trú', 'Mẫu CT01')] }] };
    const text = composeShortAnswer(single).text;
    expect(text.indexOf('Tờ khai thay đổi')).toBeLessThan(text.indexOf('Giấy tờ chứng minh'));
    expect(text).not.toContain('Trường hợp khác');
  });

  it('names the chosen case and the other one without list marks, "Đối với" or a doubled "trường hợp"', () => {
    const lettered: Procedure = {
      ...MANY_CASES,
      documentGroups: [
        { title: 'a) Đối với trường hợp đăng ký vào chỗ ở thuộc quyền sở hữu của mình', items: [item('Tờ khai thay đổi thông tin cư trú', 'Mẫu CT01')] },
        { title: 'b) Đối với trường hợp đăng ký theo danh sách, hồ sơ gồm', items: [item('Văn bản đề nghị kèm danh sách')] },
      ],
    };
    const text = composeShortAnswer(lettered).text;
    expect(text).toContain('- **Hồ sơ** (trường hợp đăng ký vào chỗ ở thuộc quyền sở hữu của mình):');
    // The other case by its own words, the procedure's name left out.
    expect(text).toContain('  - Trường hợp khác (theo danh sách): bấm «Xem đủ hồ sơ»');
    expect(checkGrounding(text, [lettered]).ok).toBe(true);
  });

  it('prints a long procedure name without its parentheses, so the documents keep their room', () => {
    const long: Procedure = {
      ...MANY_CASES,
      name: 'Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV (Công trình không theo tuyến/Theo tuyến trong đô thị/Tín ngưỡng, tôn giáo/Tượng đài, tranh hoành tráng/Dự án) và nhà ở riêng lẻ',
    };
    expect(headerName(long)).toBe('Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV và nhà ở riêng lẻ');
    expect(headerName(MANY_CASES)).toBe('Đăng ký thường trú');
    expect(composeShortAnswer(long).text).toContain('**Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV và nhà ở riêng lẻ** (mã');
  });

  it('lists every main paper of a long dossier, shortening names before leaving any out, within the phone budget (issue 18)', () => {
    const long = (n: number) => item(`Giấy tờ số ${n} chứng minh một điều kiện rất cụ thể của người đề nghị theo hướng dẫn của cơ quan có thẩm quyền cấp`);
    const p: Procedure = {
      ...MANY_CASES,
      documentGroups: [
        {
          title: 'Giấy tờ phải nộp',
          items: [
            item('Tờ khai thay đổi thông tin cư trú', 'Mẫu CT01'),
            ...[1, 2, 3, 4, 5, 6, 7].map(long),
            { ...item('Văn bản ủy quyền theo quy định của pháp luật'), role: 'conditional', condition: 'Trường hợp ủy quyền' },
          ],
        },
      ],
    };
    const text = composeShortAnswer(p).text;
    expect(visibleLength(text)).toBeLessThanOrEqual(SHORT_ANSWER_MAX);
    for (const n of [1, 2, 3, 4, 5, 6, 7]) expect(text).toContain(`Giấy tờ số ${n} `);
    expect(text).toContain('Tờ khai thay đổi thông tin cư trú');
  });
});

describe('the citizen case quoted in the short answer (issue 18)', () => {
  it.each([
    ['Trường hợp người yêu cầu xác nhận tình trạng hôn nhân đã ly hôn thì nộp bản sao bản án', true],
    ['Khi có người đến lưu trú, đại diện hộ gia đình thông báo lưu trú', true],
    ['b) Đối tượng do ngân sách nhà nước đóng bảo hiểm y tế + …', false],
    ['3. Biên bản giám định mức suy giảm khả năng lao động', false],
    ['Bước 2: Công dân cung cấp thông tin gồm họ, chữ đệm và tên khai sinh', false],
    ['Cá nhân lập hồ sơ gửi trực tiếp tại Công an cấp xã nơi cư trú', false],
    ['Lưu ý: - Trường hợp giấy tờ chứng minh chỗ ở hợp pháp là văn bản cho thuê', false],
    ['Trường hợp công dân không đủ điều kiện đổi thẻ căn cước thì từ chối tiếp nhận và nêu rõ lý do', false],
    ['Trường hợp cấp lại thẻ căn cước do bị mất thì cán bộ thu nhận sử dụng thông tin về ảnh', false],
    // The office's act after "thì", and a case named only by the law's article.
    ['Trường hợp hồ sơ hợp lệ thì cấp giấy chứng nhận trong ngày', false],
    ['Trường hợp đăng ký theo quy định tại khoản 2 Điều 15 Nghị định này thì nộp thêm bản sao hợp đồng', false],
    ['Trường hợp chủ xe chết thì người thừa kế nộp thêm giấy tờ thừa kế', true],
  ])('%s → %s', (note, ok) => {
    expect(isSituationNote(note)).toBe(ok);
  });

  it('a passage that names no case is not quoted as the citizen’s', () => {
    const text = composeShortAnswer(PERMANENT_RESIDENCE, undefined, 'Bước 3: Khi tiếp nhận hồ sơ, cơ quan đăng ký cư trú kiểm tra tính pháp lý').text;
    expect(text).not.toContain('Trường hợp của anh/chị');
    expect(composeShortAnswer(PERMANENT_RESIDENCE, undefined, 'Trường hợp chỗ ở hợp pháp do thuê thì nộp hợp đồng thuê').text).toContain('Trường hợp của anh/chị');
  });
});
