import { describe, expect, it } from 'vitest';
import type { DocumentItem, Procedure } from '../../knowledge/index.js';
import { PERMANENT_RESIDENCE } from '../testing/fixtures.js';
import { shortCondition, shortDocumentName, shortDocuments } from './documents.js';

const item = (name: string, over: Partial<DocumentItem> = {}): DocumentItem => ({ name, originals: 1, copies: 0, formName: null, required: null, ...over });

describe('shortDocumentName', () => {
  it.each([
    ['(iv) Giấy đề nghị đăng ký hộ kinh doanh;', 'Giấy đề nghị đăng ký hộ kinh doanh'],
    ['Tờ khai thay đổi thông tin cư trú (Mẫu CT01 ban hành kèm theo Thông tư số 53/2025/TT-BCA); đối với người chưa thành niên …', 'Tờ khai thay đổi thông tin cư trú (Mẫu CT01)'],
    ['Một trong các giấy tờ sau: Căn cước điện tử; bản chính hoặc bản sao của Thẻ căn cước', 'Giấy tờ tùy thân (căn cước, căn cước điện tử, hộ chiếu…)'],
    ['Người nước ngoài phải nộp bản sao hộ chiếu hoặc giấy tờ thay hộ chiếu', 'Bản sao giấy tờ tùy thân của người nước ngoài (căn cước, căn cước điện tử, hộ chiếu…)'],
    ['Đơn đề nghị theo quy định tại Điều 5 Nghị định 23/2015/NĐ-CP', 'Đơn đề nghị'],
  ])('%s → %s', (name, short) => {
    expect(shortDocumentName(item(name))).toBe(short);
  });

  it('names the form meant for the person asking', () => {
    expect(shortDocumentName(item('Tờ khai yêu cầu cấp Phiếu Lý lịch tư pháp (Dùng cho cá nhân có yêu cầu cấp Phiếu Lý lịch tư pháp), Mẫu số 01/2025/LLTP;', { formName: 'Mẫu số 01/2025/LLTP' }))).toBe(
      'Tờ khai yêu cầu cấp Phiếu Lý lịch tư pháp (Mẫu số 01/2025/LLTP)',
    );
  });

  it('says conditions the way a citizen reads them', () => {
    expect(shortCondition('Trường hợp ủy quyền')).toBe('Nếu ủy quyền');
    expect(shortCondition('Đối với người phụ thuộc là người nước ngoài, hồ sơ gồm:')).toBe('Nếu người phụ thuộc là người nước ngoài');
  });
});

describe('shortDocuments', () => {
  const p: Procedure = {
    ...PERMANENT_RESIDENCE,
    documentGroups: [
      {
        title: 'Thành phần hồ sơ',
        items: [
          item('Lưu ý: không yêu cầu xuất trình Giấy khai sinh', { role: 'note' }),
          item('Tờ khai thay đổi thông tin cư trú', { role: 'main', formName: 'Mẫu CT01' }),
          item('Phiếu CC01 được tạo lập khi trích xuất thông tin', { role: 'internal' }),
          item('Người nước ngoài', { role: 'heading' }),
          item('Văn bản ủy quyền', { role: 'conditional', condition: 'Trường hợp ủy quyền' }),
          item('Giấy tờ của phương tiện', { role: 'conditional', condition: 'Trường hợp đăng ký trên phương tiện' }),
        ],
      },
      { title: 'Giấy tờ phải xuất trình', items: [item('Hộ chiếu/Thẻ căn cước còn giá trị sử dụng', { role: 'main' })] },
    ],
  };

  it('lists main documents (papers to present last), never notes, internal forms or headings', () => {
    const d = shortDocuments(p);
    expect(d.main.map((x) => [x.name, x.present])).toEqual([
      ['Tờ khai thay đổi thông tin cư trú (Mẫu CT01)', false],
      ['Giấy tờ tùy thân của người đi đăng ký (căn cước, căn cước điện tử, hộ chiếu…)', true],
    ]);
  });

  it('shows acting through someone and the conditions the question names, the rest behind the full view', () => {
    expect(shortDocuments(p).conditional.map((c) => c.condition)).toEqual(['Nếu ủy quyền']);
    expect(shortDocuments(p, {}, 'đăng ký thường trú trên phương tiện (nhà thuyền)').conditional.map((c) => c.condition)).toEqual(['Nếu đăng ký trên phương tiện', 'Nếu ủy quyền']);
    expect(shortDocuments(p).hiddenConditions).toBe(1);
  });
});
