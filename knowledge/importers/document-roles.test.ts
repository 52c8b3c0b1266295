import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../catalogue.js';
import { conditionalDocuments, documentsWithRole, type DocumentItem } from '../procedure.js';
import { lineRole, markDocumentRoles, shortenAtWord } from './document-roles.js';

const SAMPLE = fileURLToPath(new URL('./testing/document-roles-sample.tsv', import.meta.url));

interface Row {
  code: string;
  group: number;
  item: number;
  role: string;
  startsWith: string;
}

function readSample(): Row[] {
  return readFileSync(SAMPLE, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('code\t'))
    .map((l) => {
      const [code, group, item, role, startsWith] = l.split('\t');
      return { code: code!, group: Number(group), item: Number(item), role: role!, startsWith: startsWith! };
    });
}

describe('document line roles against the hand-checked sample', async () => {
  const catalogue = await loadCatalogue();
  const rows = readSample();

  it('the sample covers at least 80 lines from 25 procedures, the common ones included', () => {
    expect(rows.length).toBeGreaterThanOrEqual(80);
    const codes = new Set(rows.map((r) => r.code));
    expect(codes.size).toBeGreaterThanOrEqual(25);
    // lost ID card, birth, marriage with a foreigner, certified copies, residence, land certificate
    for (const code of ['1.014064', '1.001193', '2.000806', '2.000815', '1.004222', '1.013978']) expect(codes).toContain(code);
  });

  it('marks at least 95% of the sample lines as the reader did', () => {
    let right = 0;
    const misses: string[] = [];
    for (const r of rows) {
      const item: DocumentItem | undefined = catalogue.get(r.code)?.documentGroups[r.group]?.items[r.item];
      expect(item, `${r.code} ${r.group}.${r.item}`).toBeDefined();
      // The sample names the line it judged; a re-import that moved lines must fail here, not silently.
      expect(item!.asPublished?.name ?? item!.name, `${r.code} ${r.group}.${r.item}`).toMatch(new RegExp(`^${r.startsWith.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      if (item!.role === r.role) right++;
      else misses.push(`${r.code} ${r.group}.${r.item}: ${r.role} marked ${item!.role}`);
    }
    const accuracy = right / rows.length;
    console.log(`document roles: ${right}/${rows.length} = ${accuracy.toFixed(3)}; misses: ${misses.join('; ') || 'none'}`);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('lost ID card: the office form CC01 is internal and the guardian papers are conditional, not main', () => {
    const p = catalogue.get('1.014064')!;
    const main = documentsWithRole(p, 'main').map((i) => i.name);
    expect(main.some((n) => /CC01|người dưới 14 tuổi/u.test(n))).toBe(false);
    expect(documentsWithRole(p, 'internal').some((i) => /CC01/u.test(i.name))).toBe(true);
  });

  it('birth registration: the birth certificate is main and the power of attorney sits under its condition', () => {
    const p = catalogue.get('1.001193')!;
    expect(documentsWithRole(p, 'main').map((i) => i.name).some((n) => n.startsWith('Giấy chứng sinh'))).toBe(true);
    const attorney = conditionalDocuments(p).find((c) => c.items.some((i) => i.name.startsWith('Văn bản ủy quyền')));
    expect(attorney?.condition).toMatch(/ủy quyền/u);
  });
});

describe('lineRole and markDocumentRoles', () => {
  it.each([
    ['Người có yêu cầu đăng ký khai sinh thực hiện việc nộp/xuất trình các giấy tờ sau:', 'heading'],
    ['Người nước ngoài', 'heading'],
    ['Số lượng hồ sơ: 01 bộ', 'note'],
    ['không quy định', 'note'],
    ['Lưu ý: - Không yêu cầu xuất trình Giấy khai sinh', 'note'],
    // The commune's file to the province (1.010092): none of the citizen's papers.
    ['Thành phần hồ sơ của UBND cấp xã lập gửi UBND cấp tỉnh bao gồm: Tờ trình; Hồ sơ hợp lệ của người tham gia lực lượng xung kích', 'internal'],
    // A rule for the office about the papers above (1.012537), no paper.
    ['Khi các cơ quan quản lý nhà nước hoàn thành việc kết nối, chia sẻ dữ liệu thông tin có trong thành phần hồ sơ quy định tại khoản này thì cơ quan có thẩm quyền giải quyết thủ tục phải khai thác trực tuyến để giải quyết mà không được yêu cầu người đề nghị cung cấp hồ sơ giấy.', 'note'],
    // The case says when the last alternative stands in for the first: one of them is due (1.001328).
    ['Hoá đơn mua hàng hoặc giấy tờ khác chứng minh nguồn gốc hợp pháp hoặc giấy cam đoan của cá nhân mang vàng về tính hợp pháp của lượng vàng cần mang đi trong trường hợp không có hóa đơn, giấy tờ chứng minh nguồn gốc.', 'main'],
    ['Phiếu CC01 được tạo lập khi trích xuất thông tin của công dân', 'internal'],
    ['Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp văn bản của người làm chứng', 'main'],
    ['Tờ khai đăng ký khai sinh theo mẫu (nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tiếp);', 'main'],
    ['Mẫu hộ tịch điện tử tương tác đăng ký khai sinh', 'conditional'],
    ['Chứng từ lệ phí trước bạ xe', 'main'],
    ['Mảnh trích đo bản đồ địa chính thửa đất (nếu có).', 'conditional'],
    // A case inside one of the alternatives is that alternative's: the paper itself is due (1.013086).
    ['Chứng nhận nguồn gốc xe, gồm một trong các giấy tờ sau: - Bản phô tô giấy chứng nhận an toàn kỹ thuật xe nhập khẩu đối với trường hợp không có dữ liệu điện tử; - Bản phô tô phiếu kiểm tra chất lượng xuất xưởng.', 'main'],
    // Another paper standing in for the missing one: one of them is always due (1.013232).
    ['Bản vẽ hoàn công công trình (nếu có) hoặc bản vẽ thiết kế mô tả thực trạng công trình được di dời.', 'main'],
    // A case the law defines, said once at the end of a sentence of papers (1.013978), is every paper's case ...
    ['Quyết định xử phạt vi phạm hành chính trong lĩnh vực đất đai; chứng từ nộp phạt của người sử dụng đất đối với trường hợp quy định tại điểm a khoản 6 Điều 25 Nghị định số 101/2024/NĐ-CP.', 'conditional'],
    // ... but in a listing of alternatives it is only the last one's (1.013823).
    ['Một trong các loại giấy tờ sau: + Bản sao văn bản phê duyệt dự án đầu tư; + Bản sao các văn bản theo quy định của pháp luật đối với trường hợp quy định tại điểm i khoản 1 Điều 133 Luật Đất đai mà phải thu hồi đất.', 'main'],
  ])('%s → %s', (name, role) => {
    expect(lineRole(name).role).toBe(role);
  });

  it('keeps the condition in the record words and never cuts a word', () => {
    const r = lineRole('Văn bản ủy quyền (được chứng thực) theo quy định của pháp luật trong trường hợp ủy quyền thực hiện việc đăng ký khai sinh.');
    expect(r).toEqual({ role: 'conditional', condition: 'Trường hợp ủy quyền' });
    const d = lineRole('Giấy tờ có giá trị chứng minh thông tin về cư trú trong trường hợp cơ quan đăng ký hộ tịch không thể khai thác được thông tin về nơi cư trú của công dân theo các phương thức quy định');
    expect(d.role).toBe('conditional');
    expect(d.condition).toMatch(/^Trường hợp cơ quan đăng ký hộ tịch/u);
    expect(d.condition!.endsWith('…')).toBe(true);
    const words = new Set('Trường hợp cơ quan đăng ký hộ tịch không thể khai thác được thông tin về nơi cư trú của công dân theo các phương thức quy định'.split(' '));
    for (const w of d.condition!.replace('…', '').split(' ')) expect(words).toContain(w);
    expect(shortenAtWord('một hai ba bốn năm sáu bảy tám chín mười', 20)).toBe('một hai ba bốn năm…');
  });

  it('a conditional lead-in conditions the lines after it; a conditional group title conditions its lines', () => {
    const item = (name: string): DocumentItem => ({ name, originals: 1, copies: 0, formName: null, required: null });
    const [g1, g2] = markDocumentRoles([
      { title: 'Giấy tờ phải nộp', items: [item('Tờ khai theo mẫu'), item('Đối với Công an nhân dân, hồ sơ gồm:'), item('Giấy giới thiệu của đơn vị')] },
      { title: 'Trường hợp người nước ngoài thì hồ sơ phải có', items: [item('Bản sao hộ chiếu')] },
    ]);
    expect(g1!.items.map((i) => i.role)).toEqual(['main', 'heading', 'conditional']);
    expect(g1!.items[2]!.condition).toBe('Đối với Công an nhân dân');
    expect(g2!.items[0]).toMatchObject({ role: 'conditional', condition: 'Trường hợp người nước ngoài' });
  });

  it('a heading asking for one paper of a kind conditions the alternatives, not the application form (1.013226)', () => {
    const item = (name: string): DocumentItem => ({ name, originals: 1, copies: 0, formName: null, required: null });
    const [g] = markDocumentRoles([{ title: 'Thành phần hồ sơ', items: [
      item('Đối với trường hợp việc điều chỉnh thiết kế có thay đổi về diện tích sử dụng đất thì phải có một trong các loại giấy tờ hợp pháp về đất đai sau:'),
      item('Giấy chứng nhận quyền sử dụng đất được cấp qua các thời kỳ'),
      item('Đơn đề nghị điều chỉnh, gia hạn, cấp lại giấy phép xây dựng theo Mẫu số 02'),
      item('Giấy chứng nhận quyền sở hữu nhà ở'),
    ] }]);
    expect(g!.items.map((i) => i.role)).toEqual(['heading', 'conditional', 'main', 'conditional']);
  });

  it('a group title saying how copies may be handed in states no case (1.001521)', () => {
    const item = (name: string): DocumentItem => ({ name, originals: 1, copies: 0, formName: null, required: null });
    const [g] = markDocumentRoles([{ title: 'Trường hợp không quy định là bản chính thì có thể nộp bản sao hợp lệ. Trường hợp nộp hồ sơ trực tuyến: thành phần hồ sơ quy định là bản sao nhưng NLĐ có thể nộp bản chính điện tử', items: [item('5. Biên bản giám định lại mức suy giảm KNLĐ sau khi điều trị thương tật, bệnh tật tái phát của Hội đồng GĐYK.')] }]);
    expect(g!.items[0]!.role).toBe('main');
  });

  it('an authority’s dossier to another is internal when the record lists the citizen’s own papers too (1.013967)', () => {
    const item = (name: string): DocumentItem => ({ name, originals: 1, copies: 1, formName: null, required: null });
    const [office, own] = markDocumentRoles([
      { title: 'Thành phần hồ sơ cơ quan quản lý đất đai trình Chủ tịch Ủy ban nhân dân cấp xã, bao gồm', items: [item('Đơn yêu cầu giải quyết tranh chấp đất đai'), item('Báo cáo đề xuất và dự thảo quyết định giải quyết tranh chấp')] },
      { title: 'Thành phần hồ sơ', items: [item('Đơn yêu cầu giải quyết tranh chấp đất đai')] },
    ]);
    expect(office!.items.map((i) => i.role)).toEqual(['internal', 'internal']);
    expect(own!.items[0]!.role).toBe('main');
    // With no papers of the citizen's own elsewhere, the lines stay as they read.
    const [alone] = markDocumentRoles([{ title: 'Hồ sơ Sở Nông nghiệp và Môi trường trình Chủ tịch Ủy ban nhân dân cấp tỉnh, gồm', items: [item('Tờ trình của Sở')] }]);
    expect(alone!.items[0]!.role).toBe('main');
  });

  it('papers a collecting agent, an employer or the office files for many people are internal beside the person’s own group (1.002179, 1.001667)', () => {
    const item = (name: string): DocumentItem => ({ name, originals: 1, copies: 0, formName: null, required: null });
    const [person, agent] = markDocumentRoles([
      { title: '1. Người tham gia', items: [item('Trường hợp người tham gia nộp qua Cổng Dịch vụ công: Tờ khai điện tử đăng ký tham gia BHXH tự nguyện (Mẫu 02-TK)')] },
      { title: '2. Đại lý thu', items: [item('Danh sách người tham gia BHXH tự nguyện (Mẫu D05-TS)'), item('Giấy thanh toán thù lao cho tổ chức làm dịch vụ thu (Mẫu C66a-HD) tương ứng với số tiền nộp.')] },
    ]);
    expect(person!.items[0]!.role).toBe('conditional');
    expect(agent!.items.map((i) => i.role)).toEqual(['internal', 'internal']);
    const [, employer] = markDocumentRoles([
      { title: '1. Đối với NLĐ', items: [item('Bản sao Giấy ra viện')] },
      { title: '2. Đối với đơn vị SDLĐ', items: [item('Bản chính Danh sách đề nghị giải quyết hưởng chế độ ốm đau, thai sản, DSPHSK (mẫu 01B-HSB).')] },
    ]);
    expect(employer!.items[0]!.role).toBe('internal');
    // With no group of the person's own, an organisation's group is what the record asks of whoever applies.
    const [alone] = markDocumentRoles([{ title: '2. Đối với đơn vị SDLĐ', items: [item('Tờ khai đơn vị tham gia, điều chỉnh thông tin BHXH, BHYT (Mẫu TK3-TS)')] }]);
    expect(alone!.items[0]!.role).toBe('main');
  });

  it('a short paper closing on its own case is conditional; who fills the form is no paper (1.003133)', () => {
    expect(lineRole('Giấy thông hành đã được cấp nếu còn giá trị sử dụng.')).toEqual({ role: 'conditional', condition: 'Nếu còn giá trị sử dụng' });
    expect(lineRole('Người chưa đủ 16 tuổi đề nghị cấp chung giấy thông hành với cha hoặc mẹ thì tờ khai phải do cha hoặc mẹ khai và ký tên').role).toBe('note');
    expect(lineRole('Bản sao giấy khai sinh (nếu có)')).toEqual({ role: 'conditional', condition: 'Nếu có' });
  });

  it('the request form DC02 is the online twin only where the office prints CC01 (card procedures); elsewhere it is the request', () => {
    const item = (name: string): DocumentItem => ({ name, originals: 1, copies: 0, formName: null, required: null });
    const dc02 = 'Phiếu đề nghị giải quyết thủ tục về căn cước (Mẫu DC02 ban hành kèm theo Thông tư số 17/2024/TT-BCA của Bộ Công an)';
    const [exploit] = markDocumentRoles([{ title: 'Thành phần hồ sơ', items: [item(dc02), item('Xuất trình giấy tờ hợp lệ chứng minh thông tin người đến nộp hồ sơ.')] }]);
    expect(exploit!.items[0]!.role).toBe('main');
    const [card] = markDocumentRoles([{ title: 'Thành phần hồ sơ', items: [item(dc02), item('Phiếu CC01 được tạo lập khi trích xuất thông tin của công dân trong Cơ sở dữ liệu quốc gia về dân cư')] }]);
    expect(card!.items.map((i) => i.role)).toEqual(['conditional', 'internal']);
  });

  it('numbered proof groups by kind of person are alternatives; the lead line naming the proof is the paper (legal aid, 2.000829)', () => {
    const item = (name: string): DocumentItem => ({ name, originals: 1, copies: 0, formName: null, required: null });
    const groups = markDocumentRoles([
      { title: '1. Giấy tờ chứng minh là người có công với cách mạng gồm một trong các giấy tờ sau', items: [item('a) Quyết định của cơ quan có thẩm quyền công nhận là người có công với cách mạng;')] },
      { title: '2. Giấy tờ chứng minh người thuộc hộ nghèo là', items: [item('Giấy chứng nhận hộ nghèo.')] },
      { title: '3. Giấy tờ chứng minh là trẻ em gồm một trong các giấy tờ', items: [item('a) Giấy khai sinh, hộ chiếu;')] },
      { title: 'Thành phần hồ sơ', items: [item('Đơn yêu cầu trợ giúp pháp lý'), item('Giấy tờ chứng minh người thuộc diện trợ giúp pháp lý, cụ thể:'), item('Các giấy tờ, tài liệu có liên quan đến vụ việc trợ giúp pháp lý.')] },
    ]);
    expect(groups[0]!.items[0]).toMatchObject({ role: 'conditional', condition: 'Nếu là người có công với cách mạng' });
    expect(groups[1]!.items[0]).toMatchObject({ role: 'conditional', condition: 'Nếu là người thuộc hộ nghèo' });
    expect(groups[2]!.items[0]).toMatchObject({ role: 'conditional', condition: 'Nếu là trẻ em' });
    expect(groups[3]!.items.map((i) => i.role)).toEqual(['main', 'main', 'main']);
  });
  it("a complaint's case papers the office draws up are internal; the first decision a second complaint appeals against is the citizen's (1.004335)", () => {
    for (const office of ['Thông báo thụ lý khiếu nại', 'Biên bản tổ chức đối thoại (nếu có)', 'Biên bản kiểm tra, xác minh, kết luận, kết quả giám định (nếu có)', 'Quyết định giải quyết khiếu nại', 'Báo cáo kết quả xác minh nội dung khiếu nại', 'Kết luận nội dung tố cáo']) {
      expect(lineRole(office).role, office).toBe('internal');
    }
    expect(lineRole('Đơn khiếu nại hoặc bản ghi lời khiếu nại').role).toBe('main');
    expect(lineRole('Quyết định giải quyết khiếu nại lần đầu').role).toBe('main');
    expect(lineRole('Tài liệu, chứng cứ do các bên cung cấp').role).toBe('main');
  });
});
