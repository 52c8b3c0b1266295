import { describe, expect, it } from 'vitest';
import type { DocumentItem, Procedure } from '../../knowledge/index.js';
import { PERMANENT_RESIDENCE } from '../testing/fixtures.js';
import { caseLabel, caseShortLabel, fitName, isVietnameseCitizen, SHORT_NAME_MAX, shortCondition, shortDocumentName, shortDocuments } from './documents.js';

const item = (name: string, over: Partial<DocumentItem> = {}): DocumentItem => ({ name, originals: 1, copies: 0, formName: null, required: null, ...over });

describe('shortDocumentName', () => {
  it.each([
    ['(iv) Giấy đề nghị đăng ký hộ kinh doanh;', 'Giấy đề nghị đăng ký hộ kinh doanh'],
    // A paper to show is named as the paper ("xuất trình" is said beside it); an identity list is identity papers (issue 18).
    ['Xuất trình giấy tờ chứng minh nơi cư trú để xác định thẩm quyền', 'Giấy tờ chứng minh nơi cư trú để xác định thẩm quyền'],
    ['Xuất trình hộ chiếu hoặc giấy tờ có giá trị thay thế hộ chiếu, chứng minh nhân dân, thẻ căn cước công dân', 'Giấy tờ tùy thân (căn cước, căn cước điện tử, hộ chiếu…)'],
    ['Xuất trình hộ chiếu hoặc giấy tờ nhập xuất cảnh', 'Hộ chiếu hoặc giấy tờ nhập xuất cảnh'],
    ['Xuất trình hoặc gửi bản chính giấy phép', 'Xuất trình hoặc gửi bản chính giấy phép'],
    // A copy of one paper of a list: the list, not "Một trong các giấy tờ" (3.000351).
    ['Bản sao hoặc bản sao điện tử được chứng thực từ bản chính của một trong các giấy tờ: thẻ tạm trú; thẻ thường trú', 'Bản sao một trong các giấy tờ: thẻ tạm trú, thẻ thường trú'],
    // Nor on "gồm một trong các giấy tờ sau", and an alternative's list mark is no part of its name.
    ['Chứng nhận nguồn gốc xe, gồm một trong các giấy tờ sau: - Bản phô tô giấy chứng nhận an toàn kỹ thuật', 'Chứng nhận nguồn gốc xe'],
    ['Một trong các loại giấy tờ sau đây: + Văn bản phê duyệt dự án đầu tư', 'Văn bản phê duyệt dự án đầu tư'],
    // A name cut at its colon does not end on "gồm".
    ['Phương án di dời do tổ chức có đủ điều kiện năng lực thực hiện gồm: Phần thuyết minh về hiện trạng công trình', 'Phương án di dời do tổ chức có đủ điều kiện năng lực thực hiện'],
    ['Tờ khai thay đổi thông tin cư trú (Mẫu CT01 ban hành kèm theo Thông tư số 53/2025/TT-BCA); đối với người chưa thành niên …', 'Tờ khai thay đổi thông tin cư trú (Mẫu CT01)'],
    ['Một trong các giấy tờ sau: Căn cước điện tử; bản chính hoặc bản sao của Thẻ căn cước', 'Giấy tờ tùy thân (căn cước, căn cước điện tử, hộ chiếu…)'],
    // A foreigner has no căn cước: their paper is the passport (issue 18, 2.000806).
    ['Người nước ngoài phải nộp bản sao hộ chiếu hoặc giấy tờ thay hộ chiếu', 'Bản sao hộ chiếu (hoặc giấy tờ thay thế hộ chiếu) của người nước ngoài'],
    ['Người nước ngoài, công dân Việt Nam định cư ở nước ngoài phải nộp bản sao hộ chiếu/giấy tờ có giá trị thay thế hộ chiếu.', 'Bản sao hộ chiếu (hoặc giấy tờ thay thế hộ chiếu) của người nước ngoài, công dân Việt Nam định cư ở nước ngoài'],
    ['Công dân Việt Nam phải xuất trình hộ chiếu hoặc thẻ căn cước', 'Giấy tờ tùy thân của công dân Việt Nam (căn cước, căn cước điện tử, hộ chiếu…)'],
    ['Đơn đề nghị theo quy định tại Điều 5 Nghị định 23/2015/NĐ-CP', 'Đơn đề nghị'],
    ['1.2. Giấy ra viện của con', 'Giấy ra viện của con'],
    ['1.7. NLĐ nhận nuôi con nuôi dưới 06 tháng tuổi, hồ sơ đề nghị hưởng chế độ thai sản gồm: Bản sao giấy chứng nhận nuôi con nuôi và biên bản giao nhận con.', 'Bản sao giấy chứng nhận nuôi con nuôi và biên bản giao nhận con'],
    ['Bản chính hoặc bản sao có chứng thực hoặc bản sao điện tử Quyết định công nhận hoàn thành tập sự;', 'Quyết định công nhận hoàn thành tập sự'],
    ['Bản sao hoặc bản sao điện tử được chứng thực từ bản chính hoặc bản sao được cấp từ sổ gốc của giấy phép lái xe', 'Giấy phép lái xe'],
    ['Bản sao Giấy chứng nhận đăng ký hộ kinh doanh', 'Bản sao Giấy chứng nhận đăng ký hộ kinh doanh'],
    ['Bản chính hoặc biểu mẫu điện tử Đơn đề nghị cấp Giấy phép vận tải qua biên giới;', 'Đơn đề nghị cấp Giấy phép vận tải qua biên giới'],
    ['01 (một) bản chính hoặc biểu mẫu điện tử giấy đề nghị theo mẫu', 'Giấy đề nghị theo mẫu'],
    // The passport that carries the visa is that passport, no identity paper of one's choice (1.001328).
    ['Bản sao hộ chiếu và bản sao thị thực nhập cảnh.', 'Bản sao hộ chiếu và bản sao thị thực nhập cảnh'],
    // How recent a photo must be, said in brackets, is kept with it (1.013830); a photo saying only its size stays as it is.
    ['02 ảnh chân dung cỡ 2cm x 3cm (ảnh chụp không quá 06 tháng trước ngày nộp hồ sơ)', '02 ảnh chân dung cỡ 2cm x 3cm, chụp không quá 06 tháng'],
    ['02 ảnh chân dung cỡ 2cm x 3cm', '02 ảnh chân dung cỡ 2cm x 3cm'],
  ])('%s → %s', (name, short) => {
    expect(shortDocumentName(item(name))).toBe(short);
  });

  it('gives a photo no form code, though the portal attached the application\'s file to it (1.008989)', () => {
    expect(shortDocumentName(item('02 ảnh màu nền trắng cỡ 4 x 6 cm', { formName: 'MẪU ĐƠN CAP LAI CCHNKT 2' }))).toBe('02 ảnh màu nền trắng cỡ 4 x 6 cm');
    expect(shortDocumentName(item('Đơn đề nghị cấp lại chứng chỉ', { formName: 'Mẫu số 03' }))).toBe('Đơn đề nghị cấp lại chứng chỉ (Mẫu số 03)');
  });

  it('keeps who signs a paper, said after the citation; the citation and the dangling "lập" go (audit-dev-5, 3.000610)', () => {
    const name =
      'Bản vẽ tách thửa đất, hợp thửa đất lập theo Mẫu số 02 ban hành kèm theo Quyết định số 75/2026/QĐ-UBND ngày 30/5/2026 của UBND thành phố Đà Nẵng được người sử dụng đất và đơn vị đo đạc ký, đóng dấu';
    expect(shortDocumentName(item(name), undefined, SHORT_NAME_MAX)).toBe('Bản vẽ tách thửa đất, hợp thửa đất được người sử dụng đất và đơn vị đo đạc ký, đóng dấu (Mẫu số 02)');
  });

  it('keeps what a declaration must state, up to its exception', () => {
    const line = 'Tờ khai thay đổi thông tin cư trú (Mẫu CT01 ban hành kèm theo Thông tư số 53/2025/TT-BCA); trong đó ghi rõ ý kiến đồng ý của chủ sở hữu chỗ ở hợp pháp, trừ trường hợp đã có ý kiến đồng ý bằng văn bản.';
    expect(shortDocumentName(item(line))).toBe('Tờ khai thay đổi thông tin cư trú (Mẫu CT01), ghi rõ ý kiến đồng ý của chủ sở hữu chỗ ở hợp pháp');
    // Not a declaration: no clause added.
    expect(shortDocumentName(item('Giấy tờ chứng minh chỗ ở hợp pháp; trong đó ghi rõ diện tích nhà ở'))).toBe('Giấy tờ chứng minh chỗ ở hợp pháp');
  });

  it('an old passport handed back is a passport, not an identity paper', () => {
    const line = 'Hộ chiếu phổ thông cấp lần gần nhất còn giá trị sử dụng đối với người đã được cấp hộ chiếu; trường hợp hộ chiếu bị mất …';
    expect(shortDocumentName(item(line))).toMatch(/^Hộ chiếu phổ thông cấp lần gần nhất còn giá trị sử dụng/u);
    // Under its condition, the condition is not said twice.
    const q: Procedure = { ...PERMANENT_RESIDENCE, documentGroups: [{ title: 'Thành phần hồ sơ', items: [item(line, { role: 'conditional', condition: 'Đối với người đã được cấp hộ chiếu' })] }] };
    expect(shortDocuments(q).conditional).toEqual([{ condition: 'Nếu người đã được cấp hộ chiếu', items: [expect.objectContaining({ name: 'Hộ chiếu phổ thông cấp lần gần nhất còn giá trị sử dụng' })] }]);
  });

  it('names whose identity papers: both parties when the record registers "hai bên"', () => {
    const marriage: Procedure = {
      ...PERMANENT_RESIDENCE,
      name: 'Thủ tục đăng ký kết hôn',
      documentGroups: [
        { title: 'Giấy tờ phải xuất trình', items: [item('Hộ chiếu/Thẻ căn cước/Căn cước điện tử còn giá trị sử dụng', { role: 'main' })] },
        { title: 'Thành phần hồ sơ', items: [item('Tờ khai đăng ký kết hôn theo mẫu, có đủ thông tin của hai bên nam, nữ', { role: 'main' })] },
      ],
    };
    expect(shortDocuments(marriage).main.map((d) => d.name)).toEqual(['Tờ khai đăng ký kết hôn theo mẫu, có đủ thông tin của hai bên nam, nữ', 'Giấy tờ tùy thân của hai bên (căn cước, căn cước điện tử, hộ chiếu…)']);
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

describe('caseLabel', () => {
  it.each([
    ['a) Đối với trường hợp chuyển nhượng, thừa kế quyền sử dụng đất', 'trường hợp chuyển nhượng, thừa kế quyền sử dụng đất'],
    ['1. NLĐ tham gia BHXH bắt buộc: - Người SDLĐ lập Danh sách 01B-HSB đề nghị', 'NLĐ tham gia BHXH bắt buộc'],
    ['Hồ sơ gia hạn tạm trú gồm', 'hồ sơ gia hạn tạm trú'],
    ['Đăng ký tạm trú theo danh sách, hồ sơ gồm', 'đăng ký tạm trú theo danh sách'],
    ['(1.2) Đối với công trình theo tuyến', 'đối với công trình theo tuyến'],
    ['Trường hợp nội dung đăng ký thay đổi về: tên hộ kinh doanh, địa chỉ', 'trường hợp nội dung đăng ký thay đổi về: tên hộ kinh doanh, địa chỉ'],
  ])('%s → %s', (title, label) => {
    expect(caseLabel(title)).toBe(label);
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

  it('says a form the office prints for the citizen to sign as such, never as a paper to bring (CC01)', () => {
    expect(shortDocuments(p).signedAtOffice).toEqual(['Phiếu thu nhận thông tin căn cước (Mẫu CC01)']);
    const card: Procedure = { ...p, documentGroups: [{ title: 'Thành phần hồ sơ', items: [item('Phiếu thu nhận thông tin căn cước (Mẫu CC01 ban hành kèm theo Thông tư số 17/2024/TT-BCA của Bộ Công an)', { role: 'internal' })] }] };
    expect(shortDocuments(card).signedAtOffice).toEqual(['Phiếu thu nhận thông tin căn cước (Mẫu CC01)']);
    expect(shortDocuments(card).main).toEqual([]);
    // Another internal line (no printing for the citizen) is simply not listed.
    const other: Procedure = { ...p, documentGroups: [{ title: 'Thành phần hồ sơ', items: [item('Phiếu kiểm tra nội bộ của cơ quan', { role: 'internal' })] }] };
    expect(shortDocuments(other).signedAtOffice).toEqual([]);
  });

  it('shows acting through someone and the conditions the question names, the rest behind the full view', () => {
    expect(shortDocuments(p).conditional.map((c) => c.condition)).toEqual(['Nếu ủy quyền']);
    expect(shortDocuments(p, {}, 'đăng ký thường trú trên phương tiện (nhà thuyền)').conditional.map((c) => c.condition)).toEqual(['Nếu đăng ký trên phương tiện', 'Nếu ủy quyền']);
    expect(shortDocuments(p).hiddenConditions).toBe(1);
  });

  it('reads the record structure: "(nếu có)" is a document, an exemption is none, "Trong đó …" belongs to the line above, online is a choice', () => {
    const q: Procedure = {
      ...PERMANENT_RESIDENCE,
      documentGroups: [
        {
          title: 'Thành phần hồ sơ',
          items: [
            item('Phiếu đề nghị cấp tài khoản định danh điện tử (mẫu TK01 ban hành kèm theo Nghị định số 69/2024/NĐ-CP)', { role: 'main', formName: 'Mẫu TK01' }),
            item('Trong đó cung cấp rõ số thuê bao di động chính chủ, địa chỉ thư điện tử (nếu có)', { role: 'conditional', condition: 'Nếu có' }),
            item('Các văn bản quy định về kỷ luật lao động (nếu có)', { role: 'conditional', condition: 'Nếu có' }),
            item('Trường hợp chủ doanh nghiệp kê khai số định danh cá nhân thì hồ sơ đăng ký doanh nghiệp không bao gồm bản sao giấy tờ pháp lý', { role: 'conditional', condition: 'Trường hợp chủ doanh nghiệp kê khai số định danh cá nhân' }),
            item('Phiếu đề nghị giải quyết thủ tục về căn cước (Mẫu DC02)', { role: 'conditional', condition: 'Nếu nộp hồ sơ trực tuyến', formName: 'Mẫu DC02' }),
          ],
        },
      ],
    };
    const d = shortDocuments(q);
    expect(d.main.map((x) => x.name)).toEqual([
      'Phiếu đề nghị cấp tài khoản định danh điện tử (Mẫu TK01), cung cấp rõ số thuê bao di động chính chủ, địa chỉ thư điện tử',
      'Các văn bản quy định về kỷ luật lao động',
    ]);
    expect(d.conditional.map((c) => [c.condition, c.items.map((x) => x.name)])).toEqual([['Nếu nộp hồ sơ trực tuyến', ['Phiếu đề nghị giải quyết thủ tục về căn cước (Mẫu DC02)']]]);
    expect(d.hiddenConditions).toBe(0);
  });

  it('never lists a case description, a duty or a specification as a paper; a condition stored mid-phrase does not cut the paper', () => {
    const q: Procedure = {
      ...PERMANENT_RESIDENCE,
      name: 'Thủ tục cấp Giấy xác nhận tình trạng hôn nhân',
      documentGroups: [
        {
          title: 'Giấy tờ phải nộp',
          items: [
            item('Văn bản ủy quyền theo quy định của pháp luật', { role: 'main' }),
            item('Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', { role: 'main' }),
            item('Giấy chứng sinh', { role: 'main' }),
            item('Tỷ lệ bản đồ: 1/5.000 hoặc 1/10.000 do chủ rừng tự chọn', { role: 'main', originals: 0, copies: 0 }),
            item('Trường hợp cá nhân yêu cầu cấp lại Giấy xác nhận tình trạng hôn nhân để sử dụng vào mục đích khác thì phải nộp lại Giấy xác nhận tình trạng hôn nhân đã được cấp trước đó', {
              role: 'conditional',
              condition: 'Trường hợp cá nhân yêu cầu cấp',
            }),
            item('Trường hợp người yêu cầu đã ly hôn tại Tòa án thì người yêu cầu có trách nhiệm cung cấp thông tin về bản án', { role: 'conditional', condition: 'Trường hợp người yêu cầu đã ly hôn tại Tòa án', originals: 0 }),
            item('(ii) Trường hợp ủy quyền cho tổ chức thực hiện thủ tục, kèm theo hồ sơ phải có: Trường hợp ủy quyền cho tổ chức …', { role: 'conditional', condition: 'Trường hợp ủy quyền cho tổ chức thực hiện thủ tục' }),
          ],
        },
      ],
    };
    const d = shortDocuments(q, {}, 'tôi cần cấp lại giấy xác nhận, đã ly hôn');
    // Acting through someone else after the citizen's own papers.
    expect(d.main.map((x) => x.name)).toEqual(['Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', 'Giấy chứng sinh', 'Văn bản ủy quyền']);
    expect(d.conditional.flatMap((c) => c.items.map((x) => x.name))).toEqual(['Giấy xác nhận tình trạng hôn nhân đã được cấp trước đó']);
  });

  it('tells apart cases the name lists one by one by the word only one title has (1.010092)', () => {
    const allowance: Procedure = {
      ...PERMANENT_RESIDENCE,
      name: 'Trợ cấp tiền tuất, tai nạn (đối với trường hợp tai nạn suy giảm khả năng lao động từ 5% trở lên) cho lực lượng xung kích',
      documentGroups: [
        { title: 'a) Trường hợp tai nạn suy giảm khả năng lao động từ 5% trở lên', items: [item('Biên bản giám định mức suy giảm khả năng lao động', { role: 'main' })] },
        { title: 'b) Trường hợp trợ cấp tiền tuất', items: [item('Giấy báo tử hoặc trích lục khai tử', { role: 'main' }), item('Giấy ra viện hoặc trích sao hồ sơ bệnh án', { role: 'main' })] },
      ],
    };
    expect(shortDocuments(allowance, {}, 'Em trai tôi bị cây đổ gãy chân lúc chống bão, giám định suy giảm 21%, xin trợ cấp tai nạn thì làm sao, ra viện rồi?').chosenCase).toBe('a) Trường hợp tai nạn suy giảm khả năng lao động từ 5% trở lên');
    expect(shortDocuments(allowance, {}, 'Anh tôi trong đội xung kích mất khi chống bão, xin tiền tuất thì làm sao?').chosenCase).toBe('b) Trường hợp trợ cấp tiền tuất');
  });

  it('chooses the case the question names even by a word of the procedure name, a special applicant last, an action in the name no special case', () => {
    const building: Procedure = {
      ...PERMANENT_RESIDENCE,
      name: 'Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV và nhà ở riêng lẻ',
      documentGroups: [
        { title: '(1.1) Đối với công trình không theo tuyến', items: [item('Quyết định phê duyệt dự án', { role: 'main' })] },
        { title: '(1.7) Đối với công trình nhà ở riêng lẻ', items: [item('Hồ sơ thiết kế xây dựng', { role: 'main' })] },
      ],
    };
    expect(shortDocuments(building, {}, 'Tôi muốn xây nhà 4 tầng thì xin giấy phép xây dựng ở đâu?').chosenCase).toBe('(1.7) Đối với công trình nhà ở riêng lẻ');
    const land: Procedure = {
      ...PERMANENT_RESIDENCE,
      name: 'Cấp Giấy chứng nhận lần đầu đối với hộ gia đình, cá nhân, người gốc Việt Nam định cư ở nước ngoài; chuyển đổi quyền sử dụng đất',
      documentGroups: [
        { title: 'a) Đối với trường hợp người gốc Việt Nam định cư ở nước ngoài, cấp lần đầu', items: [item('Giấy tờ chứng minh là người gốc Việt Nam', { role: 'main' })] },
        { title: 'b) Đối với trường hợp chuyển đổi quyền sử dụng đất của hộ gia đình, cá nhân', items: [item('Đơn đăng ký đất đai', { role: 'main' })] },
      ],
    };
    expect(shortDocuments(land, {}, 'Đất ông bà để lại chưa có sổ, giờ làm sổ lần đầu thế nào?').chosenCase).toBe('b) Đối với trường hợp chuyển đổi quyền sử dụng đất của hộ gia đình, cá nhân');
  });
});

describe('shortDocuments: a word typed with its marks matches only itself in a case (audit-dev-5, 1.009122)', () => {
  it('"chưa thu hồi" does not choose the case of "sửa chữa"', () => {
    const p: Procedure = {
      ...PERMANENT_RESIDENCE,
      name: 'Cấp giấy phép xây dựng có thời hạn đối với công trình, nhà ở riêng lẻ',
      documentGroups: [
        { title: 'Đối với nhà ở riêng lẻ tại đô thị', items: [item('Bản vẽ mặt bằng các tầng của công trình', { role: 'main' })] },
        { title: 'Đối với trường hợp sửa chữa, cải tạo', items: [item('Bản vẽ hiện trạng của bộ phận sửa chữa, cải tạo', { role: 'main' })] },
      ],
    };
    const d = shortDocuments(p, {}, 'Đất nhà em nằm trong quy hoạch nhưng chưa thu hồi, muốn xây nhà 2 tầng ở tạm');
    expect(d.chosenCase).toBe('Đối với nhà ở riêng lẻ tại đô thị');
  });
});

describe('shortDocuments: a special case needs its special words (reviewed-100 rv-033, 1.001613)', () => {
  it('a foreign worker\'s case is not chosen by words every case shares', () => {
    const p: Procedure = {
      ...PERMANENT_RESIDENCE,
      name: 'Giải quyết hưởng bảo hiểm xã hội một lần',
      documentGroups: [
        { title: '1. Trường hợp hưởng BHXH một lần', items: [item('b) Đơn đề nghị (Mẫu số 14-HSB)', { role: 'main' })] },
        { title: '2. Đối với người lao động là công dân nước ngoài làm việc tại Việt Nam hưởng BHXH một lần', items: [item('Hồ sơ như nêu tại nội dung 1a, 1b', { role: 'main' })] },
      ],
    };
    expect(shortDocuments(p, {}, 'Tôi nghỉ việc đã hơn một năm, không đóng bảo hiểm nữa, muốn rút BHXH một lần thì làm ở đâu?').chosenCase).toBe('1. Trường hợp hưởng BHXH một lần');
    expect(shortDocuments(p, {}, 'Tôi là người nước ngoài làm việc ở Việt Nam, muốn rút BHXH một lần').chosenCase).toMatch(/^2\./u);
  });
});

describe('shortDocuments: no paper for everyone (audit-dev-5, 1.001939)', () => {
  it('puts the case whose paper is the declaration before cases adding proofs', () => {
    const p: Procedure = {
      ...PERMANENT_RESIDENCE,
      documentGroups: [
        {
          title: 'Thành phần hồ sơ',
          items: [
            item('Trường hợp người tham gia được hưởng quyền lợi cao hơn: bổ sung giấy tờ chứng minh', { role: 'conditional', condition: 'Trường hợp người tham gia được hưởng quyền lợi cao hơn' }),
            item('Trường hợp người tham gia là người đã hiến bộ phận cơ thể: bổ sung giấy ra viện', { role: 'conditional', condition: 'Trường hợp người tham gia là người đã hiến bộ phận cơ thể' }),
            item('Tờ khai tham gia, điều chỉnh thông tin (Mẫu TK1-TS) đối với người tham gia lần đầu', { role: 'conditional', condition: 'Đối với người tham gia lần đầu', formName: 'Mẫu TK1-TS' }),
          ],
        },
      ],
    };
    const d = shortDocuments(p);
    expect(d.main).toEqual([]);
    expect(d.conditional[0]!.items[0]!.name).toMatch(/^Tờ khai tham gia/u);
  });
});

describe('shortDocuments: duties and forms another line adds in a case', () => {
  it('never lists what the applicant must do as a paper, and puts a form under the case that adds it (1.004772, 1.014061)', () => {
    const p: Procedure = {
      ...PERMANENT_RESIDENCE,
      documentGroups: [
        {
          title: 'Thành phần hồ sơ',
          items: [
            item('Phiếu thu thập thông tin dân cư (mẫu DC01 ban hành kèm theo Thông tư số 53/2025/TT-BCA)', { role: 'main' }),
            item('Người yêu cầu đăng ký khai sinh có trách nhiệm nộp đầy đủ bản sao các giấy tờ nêu trên (nếu có) và phải cam đoan đã nộp đủ', { role: 'conditional', condition: 'Nếu có', originals: 0 }),
            item('Văn bản cam đoan của người yêu cầu về việc chưa được đăng ký khai sinh.', { role: 'main' }),
            item('Phiếu CC01 được tạo lập khi trích xuất thông tin của công dân. Trường hợp công dân chưa có thông tin trong cơ sở dữ liệu quốc gia về dân cư thì hồ sơ còn có: Phiếu thu thập thông tin dân cư (Mẫu DC01 ban hành kèm theo Thông tư số 53/2025/TT-BCA).', { role: 'internal' }),
          ],
        },
      ],
    };
    const d = shortDocuments(p);
    expect(d.main.map((x) => x.name)).toEqual(['Văn bản cam đoan của người yêu cầu về việc chưa được đăng ký khai sinh']);
    // Proof of a fee exemption is for those who claim it (3.000333).
    const record: Procedure = { ...p, documentGroups: [{ title: 'Thành phần hồ sơ', items: [item('Tờ khai yêu cầu cấp Phiếu Lý lịch tư pháp'), item('Các giấy tờ để chứng minh đối tượng miễn, hoặc giảm phí')] }] };
    expect(shortDocuments(record).main.map((x) => x.name)).toEqual(['Tờ khai yêu cầu cấp Phiếu Lý lịch tư pháp']);
    expect(shortDocuments(record, {}, 'tôi thuộc đối tượng được miễn phí không').conditional.map((c) => c.condition)).toEqual(['Nếu thuộc đối tượng được miễn, giảm phí']);
    expect(shortDocuments(p, {}, 'công dân chưa có thông tin trong cơ sở dữ liệu dân cư').conditional).toEqual([
      { condition: 'Nếu công dân chưa có thông tin trong cơ sở dữ liệu…', items: [expect.objectContaining({ name: 'Phiếu thu thập thông tin dân cư (Mẫu DC01)' })] },
    ]);
  });
});

describe('shortDocuments: a case in closing parentheses, a photo handed in with the form', () => {
  it('puts "(đối với người nước ngoài)" lines under their case and keeps "và 01 ảnh …" the short name cut (3.000353)', () => {
    const p: Procedure = {
      ...PERMANENT_RESIDENCE,
      documentGroups: [
        {
          title: 'Thành phần hồ sơ',
          items: [
            item('Đề nghị cấp IDP theo mẫu quy định tại Phụ lục XVI ban hành kèm theo Thông tư số 12/2025/TT-BCA và 01 ảnh kích thước 3x4cm', { role: 'main' }),
            item('Xuất trình Hộ chiếu, thẻ thường trú (đối với người nước ngoài).', { role: 'main', originals: 0 }),
            item('Sổ danh bạ thuyền viên (nếu có);', { role: 'main' }),
            item('Tờ khai đăng ký kết hôn theo mẫu (nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tiếp)', { role: 'main' }),
          ],
        },
      ],
    };
    const d = shortDocuments(p, {}, 'người nước ngoài làm bằng lái quốc tế');
    // A way of submitting in parentheses is no case.
    expect(d.main.map((x) => x.name)).toEqual(['Đề nghị cấp IDP theo mẫu, kèm 01 ảnh kích thước 3x4 cm', 'Tờ khai đăng ký kết hôn theo mẫu', 'Sổ danh bạ thuyền viên']);
    expect(d.conditional).toEqual([{ condition: 'Nếu người nước ngoài', items: [expect.objectContaining({ name: 'Hộ chiếu, thẻ thường trú', present: true })] }]);
  });
});

describe('shortDocuments: the case the citizen\'s words select (issue 18 hand check Q19, Q20, Q35)', () => {
  // The shape of 1.004222: cases named by place or by law, the declaration listed in some of them only.
  const residence: Procedure = {
    ...PERMANENT_RESIDENCE,
    name: 'Đăng ký thường trú',
    documentGroups: [
      { title: 'Đăng ký thường trú vào chỗ ở hợp pháp thuộc quyền sở hữu của mình', items: [item('Tờ khai thay đổi thông tin cư trú (mẫu CT01 ban hành kèm theo Thông tư số 53/2025/TT-BCA)', { role: 'main' }), item('Thông tin chứng minh về chỗ ở hợp pháp', { role: 'main' })] },
      { title: 'Đăng ký thường trú tại chỗ ở hợp pháp không thuộc quyền sở hữu của mình đối với những trường hợp quy định tại khoản 2 Điều 20 Luật Cư trú', items: [item('Thông tin chứng minh quan hệ nhân thân với chủ hộ, thành viên hộ gia đình được khai thác trong căn cước điện tử, tài khoản định danh điện tử. Trường hợp không khai thác được thông tin thì công dân xuất trình giấy tờ, tài liệu chứng minh quan hệ nhân thân.', { role: 'main' })] },
      { title: 'Đăng ký thường trú tại nơi đơn vị đóng quân trong Công an nhân dân (đơn vị đóng quân, nhà ở công vụ)', items: [item('Tờ khai thay đổi thông tin cư trú (mẫu CT01 ban hành kèm theo Thông tư số 53/2025/TT-BCA)', { role: 'main' }), item('Giấy giới thiệu của Thủ trưởng đơn vị', { role: 'main' })] },
      { title: 'Đăng ký thường trú vào chỗ ở hợp pháp do thuê, mượn, ở nhờ', items: [item('Hợp đồng cho thuê, cho mượn, cho ở nhờ', { role: 'main' })] },
    ],
  };

  it('"do" and the law\'s "quy định" name no case: a citizen harmed by a decision is the one harmed, not an heir (2.002192)', () => {
    const compensation: Procedure = {
      ...PERMANENT_RESIDENCE,
      name: 'Giải quyết yêu cầu bồi thường tại cơ quan trực tiếp quản lý người thi hành công vụ gây thiệt hại',
      documentGroups: [
        { title: 'a. Trường hợp người bị thiệt hại trực tiếp yêu cầu bồi thường thì hồ sơ bao gồm', items: [item('Văn bản yêu cầu bồi thường', { role: 'main' })] },
        { title: 'b. Trường hợp người yêu cầu bồi thường là người thừa kế hoặc người đại diện thì ngoài các tài liệu quy định tại khoản 1 Điều 41 Luật, hồ sơ còn có', items: [item('Giấy tờ chứng minh là người thừa kế do cơ quan có thẩm quyền cấp theo quy định', { role: 'main' })] },
      ],
    };
    expect(shortDocuments(compensation, {}, 'Tôi bị thiệt hại do quyết định sai của cơ quan nhà nước, muốn đòi bồi thường thì nộp đơn ở đâu?').chosenCase).toMatch(/^a\./u);
  });

  it('kinship words select the case about kinship, described only by its papers; "Hà Nội" is no "nơi"', () => {
    for (const q of ['Đăng ký thường trú vào nhà người thân ở Hà Nội cần giấy tờ gì?', 'nhap ho khau cho con moi sinh', 'vợ về ở với chồng thì đăng ký thường trú thế nào']) {
      const d = shortDocuments(residence, {}, q);
      expect(d.chosenCase, q).toContain('khoản 2 Điều 20');
      expect(d.caseAsked, q).toBe(true);
      // The declaration two other cases list is every case's.
      // Information the office looks up itself is a paper to bring only when it cannot.
      expect(d.main.map((x) => x.name), q).toEqual(['Tờ khai thay đổi thông tin cư trú (Mẫu CT01)', 'Giấy tờ, tài liệu chứng minh quan hệ nhân thân (nếu cơ quan không tra được trên VNeID)']);
    }
    expect(shortDocuments(residence, {}, 'đăng ký thường trú vào nhà thuê').chosenCase).toContain('thuê, mượn');
  });

  it('when the words select no case, the common one is shown and not marked as asked; the others are named briefly', () => {
    const d = shortDocuments(residence, {}, 'đăng ký thường trú cần gì');
    expect(d.chosenCase).toBe('Đăng ký thường trú vào chỗ ở hợp pháp thuộc quyền sở hữu của mình');
    expect(d.caseAsked).toBe(false);
    expect(d.otherCases.map((t) => caseShortLabel(residence, t))).toEqual([
      'chỗ ở hợp pháp không thuộc quyền sở hữu của…',
      'nơi đơn vị đóng quân trong Công an nhân dân…',
      'chỗ ở hợp pháp do thuê, mượn, ở nhờ',
    ]);
  });

  it('building permit: the household part of a design line, the form worded for this procedure, alternatives of "Một trong những giấy tờ" not repeated', () => {
    const permit: Procedure = {
      ...PERMANENT_RESIDENCE,
      name: 'Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV và nhà ở riêng lẻ',
      documentGroups: [
        { title: '(1.1) Đối với công trình không theo tuyến', items: [item('Đơn đề nghị cấp giấy phép xây dựng theo Mẫu số 1 Phụ lục số II Nghị định số 175/2024/NĐ-CP.', { role: 'main' })] },
        {
          title: '(1.7) Đối với công trình nhà ở riêng lẻ',
          items: [
            item('Một trong những giấy tờ hợp pháp về đất đai theo quy định tại Điều 53 của Nghị định số 175/2024/NĐ-CP bao gồm: + Giấy chứng nhận quyền sử dụng đất được cấp theo quy định của Luật Đất đai qua các thời kỳ. + Giấy tờ khác', { role: 'main' }),
            item('Giấy chứng nhận quyền sử dụng đất được cấp theo quy định của Luật Đất đai qua các thời kỳ.', { role: 'main' }),
            item('Đơn đề nghị cấp giấy phép sửa chữa, cải tạo công trình theo Mẫu số 1 Phụ lục số II Nghị định số 175/2024/NĐ-CP.', { role: 'main' }),
            item('Hồ sơ thiết kế xây dựng: + Đối với nhà ở riêng lẻ của hộ gia đình, cá nhân: 02 bộ bản vẽ thiết kế xây dựng kèm theo; bản vẽ mặt bằng; bản cam kết bảo đảm an toàn đối với công trình liền kề (đối với công trình xây dựng có công trình liền kề); + Đối với nhà ở riêng lẻ của tổ chức: 02 bộ bản vẽ thiết kế', { role: 'main', originals: 2, copies: 2 }),
          ],
        },
      ],
    };
    const d = shortDocuments(permit, {}, 'Xin giấy phép xây dựng nhà ở riêng lẻ cần hồ sơ gì?');
    expect(d.chosenCase).toBe('(1.7) Đối với công trình nhà ở riêng lẻ');
    const names = d.main.map((x) => x.name);
    expect(names[0]).toBe('Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 1)');
    expect(names).toContain('02 bộ bản vẽ thiết kế xây dựng kèm theo');
    expect(names.some((n) => n.startsWith('Giấy chứng nhận quyền sử dụng đất'))).toBe(false);
    expect(d.conditional).toEqual([]);
  });
});

describe('shortDocuments: everyday words for what a case names (issue 18)', () => {
  const birth: Procedure = {
    ...PERMANENT_RESIDENCE,
    name: 'Đăng ký khai sinh có yếu tố nước ngoài',
    documentGroups: [
      {
        title: 'Giấy tờ phải nộp',
        items: [
          item('Giấy chứng sinh', { role: 'main' }),
          item('Trường hợp cha hoặc mẹ là người nước ngoài thì phải nộp văn bản thỏa thuận của cha, mẹ về việc lựa chọn quốc tịch cho con.', { role: 'conditional', condition: 'Trường hợp cha hoặc mẹ là người nước ngoài' }),
          item('Giấy tờ có giá trị chứng minh thông tin về cư trú trong trường hợp cơ quan đăng ký hộ tịch không thể khai thác được thông tin', { role: 'conditional', condition: 'Trường hợp cơ quan đăng ký hộ tịch không thể khai thác được thông tin' }),
        ],
      },
    ],
  };

  it('a foreign nationality ("chồng là người Nhật") points to the case of a foreign parent', () => {
    const d = shortDocuments(birth, {}, 'Chồng tôi là người Nhật, làm giấy khai sinh cho con ở đâu?');
    expect(d.conditional.map((c) => c.condition)).toEqual(['Nếu cha hoặc mẹ là người nước ngoài']);
    expect(d.askedConditions).toBe(1);
  });

  it('"khai" of "khai sinh" points to no case about "khai thác được thông tin"', () => {
    expect(shortDocuments(birth, {}, 'Làm giấy khai sinh cho con cần gì?').conditional).toEqual([]);
  });
});

describe('shortDocuments: papers the ordinary applicant brings (issue 18)', () => {
  it('a name saying only the kind of paper keeps what follows it', () => {
    expect(shortDocumentName(item('Giấy tờ của chủ xe: sử dụng tài khoản định danh điện tử mức độ 2 để đăng nhập.'))).toBe('Giấy tờ của chủ xe: sử dụng tài khoản định danh điện tử mức độ 2 để đăng nhập');
    expect(shortDocumentName(item('Giấy tờ của xe (dữ liệu điện tử của hóa đơn; chứng từ lệ phí trước bạ). Phiếu kiểm tra.'))).toBe('Giấy tờ của xe: dữ liệu điện tử của hóa đơn; chứng từ lệ phí trước bạ');
    expect(shortDocumentName(item('Nội dung khai báo tạm vắng gồm: họ và tên, lý do tạm vắng; thời gian tạm vắng.'))).toBe('Nội dung khai báo tạm vắng: họ và tên, lý do tạm vắng; thời gian tạm vắng');
    expect(shortDocumentName(item('Một trong các loại giấy tờ quy định tại Điều 137, khoản 1, khoản 5 Điều 148, khoản 1 Điều 149 Luật Đất đai, sơ đồ nhà ở (nếu có).'))).toBe('Một trong các giấy tờ theo Điều 137, khoản 1, 5 Điều 148, khoản 1 Điều 149 Luật Đất đai; sơ đồ nhà ở (nếu có)');
    expect(shortDocumentName(item('Một trong các loại giấy tờ quy định tại Điều 137, khoản 1, khoản 5 Điều 148, khoản 1, khoản 5 Điều 149 Luật Đất đai.'))).toBe('Một trong các giấy tờ theo Điều 137, khoản 1, 5 các Điều 148, 149 Luật Đất đai');
    // A count of copies says how many, not which; a leading "+" or "gồm" goes.
    expect(shortDocumentName(item('Các tài liệu: bản chính hoặc bản sao do ngân hàng đóng dấu'))).toBe('Các tài liệu');
    expect(shortDocumentName(item('Bản sao các loại bản đồ: + Bản đồ hiện trạng rừng; + Bản đồ quy hoạch'))).toBe('Bản sao các loại bản đồ: Bản đồ hiện trạng rừng, Bản đồ quy hoạch');
    // A named paper keeps its short name.
    expect(shortDocumentName(item('Giấy chứng nhận đăng ký xe (bản chính)'))).toBe('Giấy chứng nhận đăng ký xe');
  });

  it('certifying a will or an inheritance paper: the signers\' identity papers, when the record names none', () => {
    const will: Procedure = { ...PERMANENT_RESIDENCE, name: 'Chứng thực di chúc', documentGroups: [{ title: 'Hồ sơ gồm', items: [item('Dự thảo di chúc;', { role: 'main' })] }] };
    expect(shortDocuments(will).main.map((d) => d.name)).toEqual(['Dự thảo di chúc', 'Bản sao giấy tờ tùy thân của người lập di chúc (căn cước, hộ chiếu…)']);
    const share: Procedure = { ...will, name: 'Chứng thực văn bản phân chia di sản' };
    expect(shortDocuments(share).main.at(-1)!.name).toContain('những người thừa kế');
    // Named by the record already: not twice; not for a copy certification.
    const named: Procedure = { ...will, documentGroups: [{ title: 'Hồ sơ gồm', items: [item('Dự thảo di chúc;', { role: 'main' }), item('Bản sao giấy tờ tùy thân của người yêu cầu chứng thực', { role: 'main' })] }] };
    expect(shortDocuments(named).main.filter((d) => /tùy thân/u.test(d.name))).toHaveLength(1);
    expect(shortDocuments({ ...will, name: 'Chứng thực bản sao từ bản chính' }).main).toHaveLength(1);
    // Amending or cancelling a certified transaction is signed by the same parties (2.000913).
    expect(shortDocuments({ ...will, name: 'Chứng thực việc sửa đổi, bổ sung, hủy bỏ giao dịch' }).main.at(-1)!.name).toContain('của các bên');
  });

  it('a person told to show one of several identity papers shows an identity paper (2.000942)', () => {
    const copy: Procedure = { ...PERMANENT_RESIDENCE, name: 'Cấp bản sao có chứng thực từ bản chính giao dịch đã được chứng thực', documentGroups: [{ title: 'Thành phần hồ sơ', items: [item('Người yêu cầu chứng thực xuất trình một trong các giấy tờ sau: Căn cước điện tử; bản chính hoặc bản sao của Thẻ căn cước công dân hoặc Hộ chiếu', { role: 'main' })] }] };
    expect(shortDocuments(copy).main).toEqual([expect.objectContaining({ name: 'Giấy tờ tùy thân của người yêu cầu chứng thực (căn cước, căn cước điện tử, hộ chiếu…)', present: true })]);
  });

  it('a long name keeps what the paper attests before the list of who may issue it', () => {
    const proof = 'Văn bản của cơ quan y tế, cơ quan giám định hoặc cơ quan, tổ chức khác có thẩm quyền ở trong nước hoặc nước ngoài xác nhận quan hệ cha con, quan hệ mẹ con.';
    expect(fitName(proof, 110)).toBe('Văn bản của cơ quan y tế, cơ quan giám định hoặc cơ quan… xác nhận quan hệ cha con, quan hệ mẹ con');
    // What the paper is about is never dropped as if it were an issuer.
    const account = 'Văn bản giải trình của người đề nghị cấp về thời gian, địa điểm và nguyên nhân mất thẻ có xác nhận của thủ trưởng cơ quan, đơn vị';
    expect(fitName(account, 110)).toMatch(/^Văn bản giải trình của người đề nghị cấp về thời gian, địa điểm và nguyên nhân/u);
  });

  it('proof of lawful residence names the rental contract for a citizen who rents', () => {
    const p: Procedure = { ...PERMANENT_RESIDENCE, name: 'Đăng ký tạm trú', documentGroups: [{ title: 'Hồ sơ', items: [item('Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp', { role: 'main' })] }] };
    expect(shortDocuments(p, {}, 'em thuê trọ muốn đăng ký tạm trú').main[0]!.name).toBe('Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp, vd. hợp đồng thuê, mượn, ở nhờ');
    expect(shortDocuments(p, {}, 'đăng ký tạm trú cần gì').main[0]!.name).toBe('Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp');
  });
});

describe('shortDocuments: names kept whole, papers between authorities left out (issue 18)', () => {
  it('an abbreviation in parentheses stays in the name', () => {
    expect(shortDocumentName(item('Giấy chứng nhận xuất xứ hàng hóa (CO), Giấy chứng nhận chất lượng (CQ): 01 bản sao'))).toBe('Giấy chứng nhận xuất xứ hàng hóa (CO), Giấy chứng nhận chất lượng (CQ)');
  });

  it('a decision one authority sends another is no paper of the applicant', () => {
    const p: Procedure = {
      ...PERMANENT_RESIDENCE,
      documentGroups: [{ title: 'Thành phần hồ sơ', items: [item('Văn bản đề nghị nghiệm thu', { role: 'main' }), item('Quyết định giao vốn của cơ quan có thẩm quyền gửi Kho bạc Nhà nước để được giải ngân', { role: 'main' })] }],
    };
    expect(shortDocuments(p).main.map((d) => d.name)).toEqual(['Văn bản đề nghị nghiệm thu']);
  });

  it('"người Việt" points to no case about "công dân Việt Nam"', () => {
    const p: Procedure = {
      ...PERMANENT_RESIDENCE,
      documentGroups: [{ title: 'Giấy tờ', items: [item('Tờ khai', { role: 'main' }), item('Công dân Việt Nam là công chức phải nộp văn bản của cơ quan quản lý', { role: 'conditional', condition: 'Công dân Việt Nam là công chức' })] }],
    };
    expect(shortDocuments(p, {}, 'tôi là người Việt muốn kết hôn').conditional).toEqual([]);
  });
});

describe('shortDocuments: identity papers the steps ask for (issue 18)', () => {
  const pass: Procedure = {
    ...PERMANENT_RESIDENCE,
    name: 'Cấp giấy thông hành biên giới',
    documentGroups: [{ title: 'Thành phần hồ sơ', items: [item('Tờ khai đề nghị cấp giấy thông hành', { role: 'main' })] }],
    steps: ['Người đề nghị nộp hồ sơ tại Công an tỉnh nơi thường trú; xuất trình giấy chứng minh nhân dân hoặc thẻ Căn cước công dân còn giá trị sử dụng để đối chiếu.'],
  };

  it('the applicant shows the identity paper the steps name when handing in the file, in the steps\' words', () => {
    const d = shortDocuments(pass);
    // A border pass takes the papers its steps name, not a passport of one's choice (1.012680).
    expect(d.main.map((x) => [x.name, x.present])).toEqual([
      ['Tờ khai đề nghị cấp giấy thông hành', false],
      ['Giấy chứng minh nhân dân hoặc thẻ Căn cước công dân còn giá trị sử dụng', true],
    ]);
    // What the applicant does next is no part of the paper ("… có ảnh và ký nhận tiền trên Danh sách chi trả", 1.001601).
    const paid: Procedure = { ...pass, steps: ['Người nhận nộp hồ sơ tại Bưu điện; xuất trình chứng minh nhân dân hoặc giấy tờ tùy thân có ảnh và ký nhận tiền trên Danh sách chi trả.'] };
    expect(shortDocuments(paid).main.find((x) => x.present)?.name).toBe('Chứng minh nhân dân hoặc giấy tờ tùy thân có ảnh');
    // Steps that say only "giấy tờ tùy thân": our general words.
    const any: Procedure = { ...pass, steps: ['Người đề nghị nộp hồ sơ tại Công an tỉnh; xuất trình giấy tờ tùy thân để đối chiếu.'] };
    expect(shortDocuments(any).main.find((x) => x.present)?.name).toBe('Thẻ căn cước hoặc giấy tờ tùy thân khác (căn cước điện tử, hộ chiếu…)');
  });

  it('also when the dossier names a passport only as its subject (the form for one, the old one handed back)', () => {
    const passport: Procedure = {
      ...pass,
      name: 'Cấp hộ chiếu phổ thông ở trong nước',
      documentGroups: [
        {
          title: 'Thành phần hồ sơ',
          items: [
            item('Tờ khai đề nghị cấp hộ chiếu phổ thông ở trong nước (mẫu TK01)', { role: 'main' }),
            item('Hộ chiếu phổ thông cấp lần gần nhất còn giá trị sử dụng đối với người đã được cấp hộ chiếu', { role: 'conditional', condition: 'Đối với người đã được cấp hộ chiếu' }),
          ],
        },
      ],
      steps: ['Người đề nghị trực tiếp nộp hồ sơ tại Cơ quan Quản lý xuất nhập cảnh Công an cấp tỉnh (khi đến nộp hồ sơ phải xuất trình Chứng minh nhân dân, Thẻ căn cước công dân hoặc hộ chiếu còn giá trị sử dụng).'],
    };
    expect(shortDocuments(passport).main.map((x) => [x.name, x.present])).toContainEqual(['Chứng minh nhân dân, Thẻ căn cước công dân hoặc hộ chiếu còn giá trị sử dụng', true]);
  });

  it('not when the dossier lists the identity paper itself', () => {
    const listed: Procedure = { ...pass, documentGroups: [{ title: 'Thành phần hồ sơ', items: [item('Tờ khai đề nghị cấp giấy thông hành', { role: 'main' }), item('Bản sao thẻ căn cước', { role: 'main' })] }] };
    expect(shortDocuments(listed).main.filter((d) => d.present)).toEqual([]);
  });

  it('not when a business asks its customer for one', () => {
    const shop: Procedure = { ...pass, steps: ['Bước 1: Doanh nghiệp yêu cầu khách hàng xuất trình hộ chiếu hoặc giấy thông hành.'] };
    expect(shortDocuments(shop).main).toHaveLength(1);
  });

  it('a case only people under supervision have is not chosen for a citizen who does not say so', () => {
    const absence: Procedure = {
      ...PERMANENT_RESIDENCE,
      name: 'Khai báo tạm vắng',
      documentGroups: [
        { title: 'Trường hợp công dân thuộc quy định tại điểm a, điểm b khoản 1 Điều 31 Luật Cư trú, hồ sơ gồm', items: [item('Đề nghị khai báo tạm vắng', { role: 'main' }), item('Văn bản đồng ý của cơ quan có thẩm quyền giám sát, quản lý, giáo dục người đó.', { role: 'main' })] },
        { title: 'Trường hợp thuộc quy định tại điểm c, điểm d khoản 1 Điều 31 Luật Cư trú', items: [item('Nội dung khai báo tạm vắng gồm: họ và tên; lý do tạm vắng.', { role: 'main' })] },
      ],
    };
    expect(shortDocuments(absence, {}, 'tôi đi làm xa hơn một năm có phải khai báo tạm vắng không').chosenCase).toBe('Trường hợp thuộc quy định tại điểm c, điểm d khoản 1 Điều 31 Luật Cư trú');
  });
});

describe('shortDocuments: the typical citizen is a Vietnamese individual (issue 18)', () => {
  const tax: Procedure = {
    ...PERMANENT_RESIDENCE,
    name: 'Đăng ký thuế lần đầu đối với người nộp thuế là cá nhân, người phụ thuộc',
    documentGroups: [
      {
        title: '(i) Đăng ký thuế lần đầu đối với người nộp thuế là hộ gia đình, cá nhân có hoạt động sản xuất, kinh doanh',
        items: [item('Đối với hộ gia đình, cá nhân có hoạt động kinh doanh là người Việt Nam: Tờ khai đăng ký thuế mẫu số 03-ĐK-TCT', { role: 'conditional', condition: 'Đối với hộ gia đình, cá nhân có hoạt động kinh doanh là người Việt Nam' })],
      },
      {
        title: '(iii) Đăng ký thuế lần đầu đối với người nộp thuế là cá nhân có thu nhập thuộc diện chịu thuế thu nhập cá nhân (trừ cá nhân kinh doanh) - Trường hợp cá nhân đăng ký thuế trực tiếp với cơ quan thuế',
        items: [
          item('Đối với cá nhân là người Việt Nam: Tờ khai đăng ký thuế mẫu số 05-ĐK-TCT ban hành kèm theo Thông tư số 86/2024/TT-BTC', { role: 'conditional', condition: 'Đối với cá nhân là người Việt Nam' }),
          item('Đối với cá nhân là người có quốc tịch nước ngoài: Bản sao hộ chiếu còn hiệu lực', { role: 'conditional', condition: 'Đối với cá nhân là người có quốc tịch nước ngoài' }),
        ],
      },
    ],
  };

  it('a business case is not chosen for a citizen who does not say they do business', () => {
    const d = shortDocuments(tax, {}, 'tôi mới đi làm, muốn tự đăng ký mã số thuế cá nhân thì cần giấy tờ gì');
    expect(d.chosenCase).toMatch(/^\(iii\)/u);
    expect(d.main.map((x) => x.name)).toEqual(['Tờ khai đăng ký thuế mẫu số 05-ĐK-TCT']);
    expect(d.conditional.flatMap((c) => c.items.map((x) => x.name))).not.toContain('Tờ khai đăng ký thuế mẫu số 05-ĐK-TCT');
  });

  it('a citizen who does business gets the business case by its words', () => {
    expect(shortDocuments(tax, {}, 'tôi có hoạt động kinh doanh, đăng ký mã số thuế thế nào').chosenCase).toMatch(/^\(i\)/u);
  });

  it('a foreigner keeps the Vietnamese line as a condition', () => {
    const d = shortDocuments(tax, {}, 'tôi là người nước ngoài đi làm ở Việt Nam, đăng ký mã số thuế thế nào');
    expect(d.main.map((x) => x.name)).not.toContain('Tờ khai đăng ký thuế mẫu số 05-ĐK-TCT');
  });

  it('which conditions say only that the applicant is Vietnamese', () => {
    expect(isVietnameseCitizen('Đối với cá nhân là người Việt Nam')).toBe(true);
    expect(isVietnameseCitizen('Trường hợp công dân Việt Nam')).toBe(true);
    expect(isVietnameseCitizen('Đối với cá nhân là người có quốc tịch Việt Nam sinh sống tại nước ngoài')).toBe(false);
    expect(isVietnameseCitizen('Công dân Việt Nam là công chức')).toBe(false);
  });
});

describe('shortDocuments: the paper of a registered property the citizen names (issue 18)', () => {
  const division: Procedure = {
    ...PERMANENT_RESIDENCE,
    name: 'Chứng thực văn bản phân chia di sản mà di sản là động sản, quyền sử dụng đất, nhà ở',
    documentGroups: [
      {
        title: 'Hồ sơ gồm các giấy tờ sau đây',
        items: [
          item('Dự thảo văn bản phân chia di sản', { role: 'main' }),
          item(
            'Bản chính hoặc bản sao có chứng thực của giấy chứng nhận quyền sở hữu, quyền sử dụng hoặc giấy tờ thay thế được pháp luật quy định đối với tài sản mà pháp luật quy định phải đăng ký quyền sở hữu, quyền sử dụng trong trường hợp văn bản phân chia di sản liên quan đến tài sản đó',
            { role: 'conditional', condition: 'Trường hợp văn bản phân chia di sản liên quan đến tài sản đó' },
          ),
        ],
      },
    ],
  };
  const certificate = (d: ReturnType<typeof shortDocuments>) => d.main.some((x) => /^Giấy chứng nhận quyền sở hữu/u.test(x.name));

  it('is a main paper when the citizen divides land or a house', () => {
    expect(certificate(shortDocuments(division, {}, 'mấy anh em muốn làm văn bản chia thừa kế mảnh đất bố để lại'))).toBe(true);
  });

  it('stays under its condition when the citizen names no such property', () => {
    expect(certificate(shortDocuments(division, {}, 'chia thừa kế tiền tiết kiệm của bố thì chứng thực thế nào'))).toBe(false);
  });
});

describe('shortDocumentName: identity copies, copy forms and form numbers (issue 18)', () => {
  const line = (name: string): DocumentItem => ({ name, originals: 1, copies: 1, formName: null, required: null, role: 'main' });
  it('a photocopy of one of the identity papers keeps whose it is', () => {
    expect(shortDocumentName(line('Bản phôtô một trong các loại giấy tờ tùy thân: căn cước công dân hoặc thẻ căn cước, hộ chiếu, giấy khai sinh (đối với người từ đủ 12 tuổi đến dưới 18 tuổi) của người nghiện ma túy.'))).toBe(
      'Bản phô tô giấy tờ tùy thân của người nghiện ma túy (căn cước, căn cước điện tử, hộ chiếu…)',
    );
  });
  it('"Bản chính hoặc bản sao từ sổ gốc, bản sao có chứng thực" is the form of the copy; a short gloss stays in the name', () => {
    expect(shortDocumentName(line('Bản chính hoặc bản sao từ sổ gốc, bản sao có chứng thực bằng cử nhân (đại học) ngoại ngữ trở lên về thứ tiếng nước ngoài cần dịch'), undefined, 110)).toBe(
      'Bằng cử nhân (đại học) ngoại ngữ trở lên về thứ tiếng nước ngoài cần dịch',
    );
  });
  it('"theo Mẫu số 22 Phụ lục II Nghị định …" is said as the form number', () => {
    expect(shortDocumentName(line('Đăng ký cai nghiện ma túy tự nguyện của người nghiện hoặc người đại diện hợp pháp theo Mẫu số 22 Phụ lục II Nghị định số 116/2021/NĐ-CP;'), undefined, 110)).toBe(
      'Đăng ký cai nghiện ma túy tự nguyện của người nghiện hoặc người đại diện hợp pháp (Mẫu số 22)',
    );
  });
});

describe('fitName: the issuer’s qualifier and a name fitted twice (issue 18)', () => {
  const health = 'Giấy xác nhận của tổ chức y tế có thẩm quyền của Việt Nam hoặc nước ngoài xác nhận các bên kết hôn không mắc bệnh tâm thần hoặc bệnh khác mà không có khả năng nhận thức, làm chủ được hành vi của mình';
  it('drops the qualifier of the one issuer before what the paper attests, and says "xác nhận" once', () => {
    expect(fitName(health, 90)).toBe('Giấy xác nhận của tổ chức y tế…: các bên kết hôn không mắc bệnh tâm thần hoặc bệnh khác…');
  });
  it('shortens an already fitted name the same way, never by cutting the attestation from the end first', () => {
    expect(fitName(fitName(health, 110), 80)).toMatch(/^Giấy xác nhận của tổ chức y tế…: các bên kết hôn không mắc bệnh tâm thần/u);
  });
  it('keeps a qualifier whose bare issuer would name no body ("cấp")', () => {
    expect(fitName('Văn bản của cấp có thẩm quyền theo Điều lệ công ty về việc doanh nghiệp bảo hiểm tiến hành thực hiện hoặc điều chỉnh phương án', 80)).not.toMatch(/^Văn bản của cấp…/u);
  });
});

describe('shortDocuments: the case the citizen names when no paper is for everyone (issue 18)', () => {
  const first = 'Đối với Ban quản trị được bầu tại Hội nghị nhà chung cư lần đầu';
  const again = 'Trường hợp bầu lại Ban quản trị khi hết nhiệm kỳ';
  const p: Procedure = {
    ...PERMANENT_RESIDENCE,
    name: 'Công nhận Ban quản trị nhà chung cư',
    documentGroups: [
      {
        title: 'Thành phần hồ sơ',
        items: [
          item('Văn bản đề nghị của chủ đầu tư', { role: 'conditional', condition: first }),
          item('Biên bản họp Hội nghị nhà chung cư về việc bầu Ban quản trị', { role: 'conditional', condition: first }),
          item('Danh sách các thành viên Ban quản trị', { role: 'conditional', condition: first }),
          item('Văn bản đề nghị của Ban quản trị được bầu', { role: 'conditional', condition: again }),
          item('Bản gốc quyết định công nhận Ban quản trị', { role: 'conditional', condition: again }),
        ],
      },
    ],
  };

  it('its papers are the main ones when the words name most of the case', () => {
    const d = shortDocuments(p, {}, 'Chung cư mới tổ chức hội nghị nhà chung cư lần đầu, bầu xong ban quản trị rồi, nộp hồ sơ ở đâu?');
    expect(d.main.map((x) => x.name)).toEqual(['Văn bản đề nghị của chủ đầu tư', 'Biên bản họp Hội nghị nhà chung cư về việc bầu Ban quản trị', 'Danh sách các thành viên Ban quản trị']);
    expect(d.chosenCase).toBe(first);
    expect(d.conditional.map((c) => c.condition)).not.toContain(shortCondition(first));
  });

  it('no case is chosen for words the procedure name already has, nor for a part of a case', () => {
    expect(shortDocuments(p, {}, 'Công nhận ban quản trị nhà chung cư cần gì?').main).toEqual([]);
    expect(shortDocuments(p, {}, 'Ban quản trị được bầu rồi thì làm sao?').main).toEqual([]);
  });
});

describe('shortDocuments: an employee asking about sick pay (issue 18)', () => {
  const worker = '1. Đối với NLĐ (Trường hợp không quy định là bản chính thì có thể nộp bản sao hợp lệ. Trường hợp nộp hồ sơ trực tuyến: NLĐ có thể nộp bản chính điện tử).';
  const p: Procedure = {
    ...PERMANENT_RESIDENCE,
    name: 'Giải quyết hưởng chế độ ốm đau',
    documentGroups: [
      {
        title: worker,
        items: [
          item('1.1. Trường hợp điều trị nội trú: 1.1.1. Bản sao Giấy ra viện của NLĐ hoặc của con NLĐ dưới 7 tuổi.', { role: 'conditional', condition: 'Trường hợp điều trị nội trú' }),
          item('1.2. Trường hợp điều trị ngoại trú: Bản chính Giấy chứng nhận nghỉ việc hưởng BHXH.', { role: 'conditional', condition: 'Trường hợp điều trị ngoại trú' }),
        ],
      },
      { title: '2. Đối với đơn vị SDLĐ', items: [item('Bản chính Danh sách đề nghị giải quyết hưởng chế độ ốm đau (mẫu 01B-HSB).', { role: 'main' })] },
    ],
  };

  it('"vì sốt" names no employer ("đơn vị"), "nằm viện" is inpatient care, and the numbered case line gives its paper', () => {
    const d = shortDocuments(p, {}, 'Em làm công nhân, tuần trước nằm viện 5 ngày vì sốt xuất huyết, giờ muốn lãnh tiền bảo hiểm thì nộp gì?');
    expect(d.main.map((x) => x.name)).toEqual(['Bản sao Giấy ra viện của NLĐ hoặc của con NLĐ dưới 7 tuổi']);
    expect(caseLabel(d.chosenCase!)).toBe('đối với NLĐ, trường hợp điều trị nội trú');
    expect(d.otherCases).toEqual(['2. Đối với đơn vị SDLĐ']);
  });

  it('without words for the stay, both stays stay conditions', () => {
    const d = shortDocuments(p, {}, 'Em làm công nhân, nghỉ ốm thì hưởng bảo hiểm cần gì?');
    expect(d.main).toEqual([]);
    expect(d.conditional.map((c) => c.condition)).toEqual(['Nếu điều trị nội trú', 'Nếu điều trị ngoại trú']);
  });
});

describe('shortDocuments: a small trader under the tax threshold (issue 18)', () => {
  const under = 'Hộ kinh doanh, cá nhân kinh doanh thuộc đối tượng không chịu thuế giá trị gia tăng, không phải nộp thuế thu nhập cá nhân';
  const over = 'Hộ kinh doanh, cá nhân kinh doanh thuộc đối tượng nộp thuế thu nhập cá nhân theo phương pháp thu nhập tính thuế nhân (x) với thuế suất, không khai theo quý';
  const p: Procedure = {
    ...PERMANENT_RESIDENCE,
    name: 'Khai thuế đối với hộ kinh doanh, cá nhân kinh doanh',
    documentGroups: [
      { title: under, items: [item('Thông báo doanh thu thực tế phát sinh trong năm (Mẫu số 01/TKN-CNKD)', { role: 'main' })] },
      { title: over, items: [item('Tờ khai thuế đối với hộ kinh doanh, cá nhân kinh doanh (Mẫu số 01/CNKD)', { role: 'main' })] },
    ],
  };

  it.each([['Doanh thu chị ít lắm, chắc không tới mức phải đóng thuế, có phải khai gì không?'], ['Bán hàng nhỏ, dưới ngưỡng chịu thuế thì khai mẫu nào?']])('%s → the notice of turnover', (q) => {
    expect(shortDocuments(p, {}, q).chosenCase).toBe(under);
  });

  it('a trader who pays tax is not sent to it', () => {
    expect(shortDocuments(p, {}, 'Tôi nộp thuế thu nhập cá nhân theo thu nhập tính thuế thì khai mẫu nào?').chosenCase).toBe(over);
  });
});

describe('shortDocumentName: a lead and its list on one line (issue 18, audit-dev-6)', () => {
  it('says the papers the lead lists, whatever the record calls them and however it marks them', () => {
    expect(shortDocumentName(item('Bản sao hợp lệ một trong các loại văn bản sau đây: a) Giấy phép hoạt động; Giấy xác nhận đăng ký; b) Văn bản chấp thuận'), undefined, 110)).toBe(
      'Bản sao hợp lệ một trong các loại văn bản: Giấy phép hoạt động, Giấy xác nhận đăng ký, Văn bản chấp thuận',
    );
    expect(shortDocumentName(item('Một trong các tài liệu sau: + Biên bản bàn giao mặt bằng; + Hợp đồng thuê đất'), undefined, 110)).toBe('Một trong các tài liệu: Biên bản bàn giao mặt bằng, Hợp đồng thuê đất');
  });

  it('keeps what a paper is about after "theo quy định của pháp luật về việc …", and drops the law a paper follows', () => {
    expect(shortDocumentName(item('Bản sao Giấy tờ hợp pháp theo quy định của pháp luật về việc chuyển nhượng tài sản giữa hai bên'), undefined, 110)).toBe('Bản sao Giấy tờ hợp pháp về việc chuyển nhượng tài sản giữa hai bên');
    expect(shortDocumentName(item('Giấy phép nhập khẩu của cơ quan có thẩm quyền theo quy định của pháp luật về ngoại thương'), undefined, 110)).toBe('Giấy phép nhập khẩu của cơ quan có thẩm quyền');
  });
});

describe('shortDocuments: titles tied on the question words, the papers decide (audit-dev-6, 1.003650)', () => {
  it('a bought vehicle owned before by someone: the bought case, whose papers name the sale, not the owner moving', () => {
    const p: Procedure = {
      ...PERMANENT_RESIDENCE,
      name: 'Cấp giấy chứng nhận đăng ký xe máy chuyên dùng',
      documentGroups: [
        { title: '1) Hồ sơ đối với xe được mua bán, tặng cho gồm', items: [item('Tờ khai đăng ký', { role: 'main' }), item('Giấy chứng nhận xóa đăng ký đối với trường hợp mua bán ngoài tỉnh', { role: 'main' }), item('Giấy tờ chuyển nhượng quyền sở hữu', { role: 'main' })] },
        { title: '2) Đối với xe máy trường hợp chủ xe thay đổi nơi cư trú, gồm', items: [item('Tờ khai đăng ký', { role: 'main' }), item('Giấy chứng nhận xóa đăng ký', { role: 'main' })] },
      ],
    };
    // "mua" is in one title, "chủ" in the other; the sale is in the first case's papers.
    expect(shortDocuments(p, {}, 'Tôi vừa mua lại chiếc xe máy cũ của một chủ ở Cần Thơ, giờ đăng ký cần gì?').chosenCase).toMatch(/^1\)/u);
    // The owner's own move is still told apart by its title's words.
    expect(shortDocuments(p, {}, 'Tôi là chủ xe máy, thay đổi nơi cư trú thì đăng ký lại thế nào?').chosenCase).toMatch(/^2\)/u);
  });
});

describe('a form whose bracket says which case it is for (issue 18)', () => {
  it('keeps the scope "(áp dụng đối với …)" said "cho …" with the form number when the line has room, and drops it when not', () => {
    const gift = item('Tờ khai thuế thu nhập cá nhân (áp dụng đối với người nhận quà biếu là xe máy, tàu thuyền) mẫu số 07/ABC-TNCN theo Phụ lục II ban hành kèm theo Thông tư số 80/2021/TT-BTC.');
    expect(shortDocumentName(gift, undefined, SHORT_NAME_MAX)).toBe('Tờ khai thuế thu nhập cá nhân cho người nhận quà biếu là xe máy, tàu thuyền (Mẫu số 07/ABC-TNCN)');
    const long = item('Tờ khai thuế giá trị gia tăng (áp dụng đối với người nộp thuế tính thuế theo phương pháp trực tiếp trên doanh thu đối với hoạt động kinh doanh vàng) mẫu số 05/GTGT ban hành kèm theo Thông tư.');
    expect(shortDocumentName(long, undefined, SHORT_NAME_MAX)).toBe('Tờ khai thuế giá trị gia tăng (Mẫu số 05/GTGT)');
  });

  it('fitName cuts the words before a trailing form number, never the number, and no stub of a scope', () => {
    expect(fitName('Một trong các giấy tờ theo Điều 137, khoản 1, 5 các Điều 148, 149 Luật Đất đai', 70)).toMatch(/^Một trong các giấy tờ theo Điều 137, .*… Luật Đất đai$/u);
    const land = fitName('Đơn đăng ký biến động đất đai, tài sản gắn liền với đất của người sử dụng đất (Mẫu số 18)', 50);
    expect(land).toMatch(/^Đơn đăng ký biến động đất đai, .*… \(Mẫu số 18\)$/u);
    expect(land.length).toBeLessThanOrEqual(50);
    expect(fitName('Tờ khai quyết toán thuế thu nhập cá nhân cho cá nhân có thu nhập từ tiền lương (Mẫu số 02/QTT)', 70)).toBe('Tờ khai quyết toán thuế thu nhập cá nhân (Mẫu số 02/QTT)');
  });
});

describe('a paper listed after the law in a "one of" line (issue 18)', () => {
  it('is a line of its own, not dropped as part of the "one of" list', () => {
    const p: Procedure = {
      ...PERMANENT_RESIDENCE,
      documentGroups: [
        {
          title: 'Thành phần hồ sơ',
          items: [
            item('Đơn đăng ký đất đai, tài sản gắn liền với đất.', { formName: 'Mẫu số 04' }),
            item('Một trong các loại giấy tờ quy định tại Điều 137, khoản 2 Điều 148 Luật Đất đai, bản vẽ nhà ở, công trình (nếu có). Trường hợp khác thì nộp giấy tờ khác.'),
          ],
        },
      ],
    };
    const names = shortDocuments(p).main.map((d) => d.name);
    expect(names).toContain('Một trong các giấy tờ theo Điều 137, khoản 2 Điều 148 Luật Đất đai');
    expect(names).toContain('Bản vẽ nhà ở, công trình (nếu có)');
  });
});

describe('a paper named in a group title (issue 18)', () => {
  it('"Bản khai … của người …, cụ thể như sau" over lines saying who gives which version is a main paper', () => {
    const p: Procedure = {
      ...PERMANENT_RESIDENCE,
      documentGroups: [
        { title: 'Thành phần hồ sơ', items: [item('Đơn đề nghị cấp giấy phép hoạt động.', { formName: 'Mẫu số 01' })] },
        {
          title: 'Bản khai nhân thân (Mẫu số 05 ban hành kèm theo Nghị định số 10/2024/NĐ-CP) của người quản lý cơ sở, cụ thể như sau',
          items: [item('a) Đối với người Việt Nam thì phải có Bản khai nhân thân.', { originals: null, copies: null }), item('b) Đối với người nước ngoài thì phải có bản sao hộ chiếu.', { originals: null, copies: null })],
        },
      ],
    };
    expect(shortDocuments(p).main.map((d) => d.name)).toContain('Bản khai nhân thân của người quản lý cơ sở');
    // A title that is a heading, not a paper, adds nothing.
    const heading: Procedure = { ...p, documentGroups: [p.documentGroups[0]!, { ...p.documentGroups[1]!, title: 'Hồ sơ gồm các giấy tờ như sau' }] };
    expect(shortDocuments(heading).main.map((d) => d.name)).toEqual(['Đơn đề nghị cấp giấy phép hoạt động (Mẫu số 01)']);
  });
});

describe('fitName: legal filler goes before the paper is cut (issue 18)', () => {
  it('drops "có thẩm quyền" of a foreign authority and "phù hợp với pháp luật của nước đó", so what the paper covers stays', () => {
    const name = 'Giấy xác nhận không có án tích do cơ quan có thẩm quyền nước ngoài cấp phù hợp với pháp luật của nước đó cho khoảng thời gian người nộp đơn sống ở nước ngoài';
    const short = fitName(name, 110);
    expect(short).toContain('do cơ quan nước ngoài cấp cho khoảng thời gian');
    expect(short).not.toContain('phù hợp với pháp luật');
    expect(fitName('Giấy tờ do cơ quan có thẩm quyền nước ngoài cấp', 110)).toBe('Giấy tờ do cơ quan có thẩm quyền nước ngoài cấp');
  });
});
