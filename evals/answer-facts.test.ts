import { describe, expect, it } from 'vitest';
import { checkAnswerFacts, lineCoverage } from './answer-facts.js';
import { parseCases } from './cases.js';

const reply = [
  'Dạ, thủ tục anh/chị cần là **Cấp lại thẻ căn cước** (mã 1.014062).',
  '- Nơi làm: Công an xã/phường nơi anh/chị cư trú.',
  '- Giấy tờ cần mang: Tờ khai căn cước (mẫu CC01).',
  '- Lệ phí: 35.000 đồng (giảm 50% đến hết 31/12/2026).',
  '- Thời gian: 7 ngày làm việc.',
].join('\n');

describe('short answers against reviewed facts', () => {
  const facts = {
    where: ['Công an cấp xã'],
    documents_main: ['Tờ khai Căn cước (Mẫu CC01)'],
    documents_not: ['Phiếu thu nhận thông tin căn cước được tạo lập khi trích xuất'],
    fee_vnd: 35000,
    time_value: 7,
    time_unit: 'ngày làm việc',
  };

  it('finds a paper only on a line listing papers: not the procedure\'s name, the fee line or the note on copies (ad5-08)', () => {
    const r = [
      'Dạ, thủ tục anh/chị cần là **Đăng ký biện pháp bảo đảm bằng quyền sử dụng đất** (mã 1.011441).',
      '- **Hồ sơ:**',
      '  - Phiếu yêu cầu đăng ký (Mẫu số 01a)',
      '- **Lệ phí:** Hợp đồng bảo đảm không thu phí',
      '',
      'Về bản sao: anh/chị có thể nộp bản photo kèm bản chính để cán bộ đối chiếu, không cần chứng thực.',
    ].join('\n');
    const check = checkAnswerFacts({ procedureCode: '1.011441', reply: r, behavior: 'answer' }, ['1.011441'], { documents_main: ['Phiếu yêu cầu đăng ký', 'Hợp đồng bảo đảm (thế chấp) – có công chứng', 'Giấy chứng nhận (bản gốc)'] });
    expect(check.fields.documents).toBe(false);
    expect(check.notes.join(' ')).toMatch(/Hợp đồng bảo đảm.*Giấy chứng nhận/u);
  });

  it('is fully right when every applicable field is in the reply', () => {
    const c = checkAnswerFacts({ procedureCode: '1.014062', reply, behavior: 'answer' }, ['1.014062'], facts);
    expect(c.fields).toEqual({ procedure: true, where: true, documents: true, not_documents: true, fee: true, time: true });
    expect(c.fully_right).toBe(true);
  });

  it('names each wrong field: the full fee, a missing unit, an internal form listed, another procedure', () => {
    const wrong = reply.replace('35.000', '70.000').replace('7 ngày làm việc', '7').concat('\n- Phiếu thu nhận thông tin căn cước được tạo lập khi trích xuất');
    const c = checkAnswerFacts({ procedureCode: '1.014062', reply: wrong, behavior: 'answer' }, ['1.014062'], facts);
    expect(c.fields).toMatchObject({ fee: false, time: false, not_documents: false, where: true });
    expect(c.fully_right).toBe(false);
    const other = checkAnswerFacts({ procedureCode: '1.014063', reply, behavior: 'answer' }, ['1.014062'], facts);
    expect(other.fields.procedure).toBe(false);
    expect(other.fully_right).toBe(false);
  });

  it('does not take the procedure\'s own name for a listed non-document (its result shares its words)', () => {
    const named = 'Dạ, thủ tục anh/chị cần là **Xác nhận thông tin về cư trú** (mã 1.010041).\n- Hồ sơ: Tờ khai thay đổi thông tin cư trú (Mẫu CT01)';
    const c = checkAnswerFacts({ procedureCode: '1.010041', reply: named, behavior: 'answer' }, ['1.010041'], { documents_not: ['Xác nhận thông tin về cư trú (CT07) — kết quả'] });
    expect(c.fields.not_documents).toBe(true);
    const listed = `${named}\n  - Xác nhận thông tin về cư trú`;
    expect(checkAnswerFacts({ procedureCode: '1.010041', reply: listed, behavior: 'answer' }, ['1.010041'], { documents_not: ['Xác nhận thông tin về cư trú (CT07) — kết quả'] }).fields.not_documents).toBe(false);
  });

  it("a paper the reviewer lists under a condition is a document, though it shares the result's name", () => {
    const r = '- **Hồ sơ:**\n  - Đơn đăng ký biến động đất đai (Mẫu số 18)\n  - Giấy chứng nhận đã cấp cho chủ đầu tư dự án';
    const facts = { documents_main: ['Đơn đăng ký biến động đất đai (Mẫu số 18)'], documents_not: ['Giấy chứng nhận… (là kết quả)'] };
    expect(checkAnswerFacts({ procedureCode: '1', reply: r, behavior: 'answer' }, ['1'], facts).fields.not_documents).toBe(false);
    expect(checkAnswerFacts({ procedureCode: '1', reply: r, behavior: 'answer' }, ['1'], { ...facts, documents_conditional: ['Giấy chứng nhận đã cấp cho chủ đầu tư dự án'] }).fields.not_documents).toBe(true);
  });

  it("the list's heading naming the case, and the pointer to other cases, list no document", () => {
    const facts = { documents_not: ['Giấy chứng nhận đăng ký hộ kinh doanh (là kết quả)'] };
    const heading = '- **Hồ sơ** (trường hợp nội dung trên Giấy chứng nhận đăng ký hộ kinh doanh chưa chính xác):\n  - Giấy đề nghị đăng ký thay đổi\n  - Trường hợp khác (thiếu thông tin trên Giấy chứng nhận đăng ký hộ kinh doanh): bấm «Xem đủ hồ sơ»';
    expect(checkAnswerFacts({ procedureCode: '1', reply: heading, behavior: 'answer' }, ['1'], facts).fields.not_documents).toBe(true);
    expect(checkAnswerFacts({ procedureCode: '1', reply: `${heading}\n  - Giấy chứng nhận đăng ký hộ kinh doanh`, behavior: 'answer' }, ['1'], facts).fields.not_documents).toBe(false);
  });

  it('"TNCN", "PCCC", "ANTT" are the words an answer writes in full', () => {
    expect(lineCoverage('Tờ khai quyết toán thuế TNCN', '  - Tờ khai quyết toán thuế thu nhập cá nhân (Mẫu số 09)')).toBe(1);
    expect(lineCoverage('Giấy tờ chứng minh điều kiện an toàn PCCC', '  - Bản sao hợp lệ các giấy tờ chứng minh bảo đảm các điều kiện an toàn về phòng cháy và chữa cháy')).toBe(1);
    expect(lineCoverage('Bản khai của người chịu trách nhiệm về ANTT', '  - Bản khai lý lịch của người chịu trách nhiệm về an ninh, trật tự')).toBe(1);
    // Still words to find: a line about something else does not match.
    expect(lineCoverage('Giấy tờ chứng minh điều kiện an toàn PCCC', '  - Giấy chứng nhận đăng ký kinh doanh')).toBeLessThan(0.6);
  });

  it('"CCCD" is the citizen identity card an answer calls "căn cước"', () => {
    expect(lineCoverage('Hộ chiếu/CCCD/giấy tờ tùy thân của cha, mẹ', '  - Giấy tờ tùy thân (căn cước, căn cước điện tử, hộ chiếu…) — xuất trình')).toBeGreaterThanOrEqual(0.6);
    expect(lineCoverage('Hộ chiếu/CCCD/giấy tờ tùy thân của cha, mẹ', '  - Giấy khai sinh')).toBeLessThan(0.6);
  });

  it('free is said in words; an amount is not found inside a longer number', () => {
    expect(checkAnswerFacts({ procedureCode: '1', reply: 'Lệ phí: Miễn phí.', behavior: 'answer' }, ['1'], { fee_vnd: 0 }).fields.fee).toBe(true);
    expect(checkAnswerFacts({ procedureCode: '1', reply: 'Lệ phí: 135.000 đồng', behavior: 'answer' }, ['1'], { fee_vnd: 35000 }).fields.fee).toBe(false);
  });

  it('keeps a place whose parenthesis holds a slash as one place', () => {
    const facts = { where: ['UBND cấp tỉnh (qua Sở Nông nghiệp và Môi trường / Trung tâm Phục vụ hành chính công) / Trực tuyến'] };
    expect(checkAnswerFacts({ procedureCode: '1', reply: '- Nơi nộp: Ủy ban nhân dân cấp tỉnh', behavior: 'answer' }, ['1'], facts).fields.where).toBe(true);
    expect(checkAnswerFacts({ procedureCode: '1', reply: '- Nơi nộp: Công an cấp xã', behavior: 'answer' }, ['1'], facts).fields.where).toBe(false);
  });

  it('matches a body across the post-2025 spellings of the commune level', () => {
    expect(lineCoverage('UBND cấp xã', 'Nơi nộp: Ủy ban nhân dân xã, phường')).toBeGreaterThanOrEqual(0.75);
    expect(lineCoverage('Công an cấp tỉnh', 'Nơi nộp: Công an xã/phường')).toBeLessThan(0.75);
  });

  it('reads the reviewed case format', () => {
    const [c] = parseCases(JSON.stringify({ id: 'rv-1', question: 'làm lại cccd ở đâu', acceptable_codes: ['1.014062'], where: ['Công an cấp xã'], fee_vnd: null, time_value: 7, time_unit: 'ngày làm việc' }));
    expect(c!.turns).toEqual(['làm lại cccd ở đâu']);
    expect(c!.expect).toMatchObject({ behavior: 'answer', procedures: ['1.014062'], facts: { where: ['Công an cấp xã'], fee_vnd: null, time_value: 7 } });
  });
});

describe('heads of reviewers\' descriptions', () => {
  it('drop conditions and references', async () => {
    const { head } = await import('./answer-facts.js');
    expect(head('Công an cấp xã nơi có chỗ ở hợp pháp')).toBe('Công an cấp xã');
    expect(head('Tờ khai thay đổi thông tin cư trú (Mẫu CT01, Thông tư 53/2025/TT-BCA)')).toBe('Tờ khai thay đổi thông tin cư trú');
    expect(head('Giấy chứng sinh; nếu không có thì văn bản người làm chứng')).toBe('Giấy chứng sinh');
    // "có thẩm quyền" says which committee is competent, not which body (audit-dev-9).
    expect(head('Ủy ban nhân dân cấp xã có thẩm quyền (Trung tâm Phục vụ hành chính công cấp xã), hoặc trực tuyến')).toBe('Ủy ban nhân dân cấp xã');
    expect(head('Cơ quan có thẩm quyền cấp giấy phép')).toBe('Cơ quan có thẩm quyền cấp giấy phép');
    // What a paper must state, after a comma, is no part of its name (audit-dev-9, ad9-10).
    expect(head('Đơn đề nghị thay đổi Chấp hành viên (Mẫu D02-THADS), nêu rõ lý do và căn cứ')).toBe('Đơn đề nghị thay đổi Chấp hành viên');
    expect(head('Giấy tờ chứng minh chỗ ở hợp pháp, vd. hợp đồng thuê nhà')).toBe('Giấy tờ chứng minh chỗ ở hợp pháp');
    // An en dash separates the qualifier as an em dash does (audit-dev-5's reviewer typed it).
    expect(head('Tờ khai đăng ký công trình khai thác nước dưới đất (Mẫu 13) – khai thác không vượt quá 10 m3/ngày đêm')).toBe('Tờ khai đăng ký công trình khai thác nước dưới đất');
  });
  it('does not read an application for the result as the result listed', () => {
    const notes = { documents_not: ['Giấy phép xây dựng (kết quả)'] };
    const applied = '**Giấy tờ cần mang**\n- Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 1)\n- Bản vẽ thiết kế';
    expect(checkAnswerFacts({ procedureCode: '1.013225', reply: applied, behavior: 'answer' }, ['1.013225'], notes).fields.not_documents).toBe(true);
    const listed = '**Giấy tờ cần mang**\n- Giấy phép xây dựng đã được cấp\n- Bản vẽ thiết kế';
    expect(checkAnswerFacts({ procedureCode: '1.013225', reply: listed, behavior: 'answer' }, ['1.013225'], notes).fields.not_documents).toBe(false);
  });
  it('does not read a document to bring, or the fee line, as the result listed', () => {
    const notes = { documents_main: ['Bản sao Giấy chứng nhận kết hôn được cấp trước đây'], documents_not: ['Kết quả: Giấy chứng nhận kết hôn'] };
    const copy = '- **Hồ sơ:**\n  - Bản sao Giấy chứng nhận kết hôn được cấp trước đây — 1 bản sao';
    expect(checkAnswerFacts({ procedureCode: '1.004746', reply: copy, behavior: 'answer' }, ['1.004746'], notes).fields.not_documents).toBe(true);
    const result = '- **Hồ sơ:**\n  - Giấy chứng nhận kết hôn';
    expect(checkAnswerFacts({ procedureCode: '1.004746', reply: result, behavior: 'answer' }, ['1.004746'], notes).fields.not_documents).toBe(false);
    const fee = '- **Lệ phí:** Phí cấp bản sao Trích lục đăng ký giám sát việc giám hộ (nếu có yêu cầu)';
    expect(checkAnswerFacts({ procedureCode: '3.000323', reply: fee, behavior: 'answer' }, ['3.000323'], { documents_not: ['Kết quả: Trích lục đăng ký giám sát việc giám hộ'] }).fields.not_documents).toBe(true);
  });
  it('keeps a place whose bracket holds a colon whole, not from inside the bracket', () => {
    const facts = { where: ['Cơ quan Bảo hiểm xã hội (bản ghi: BHXH cấp tỉnh, BHXH cấp huyện)'] };
    const named = 'Nơi nộp: **Cơ quan Bảo hiểm xã hội** nơi cư trú';
    expect(checkAnswerFacts({ procedureCode: '1.0', reply: named, behavior: 'answer' }, ['1.0'], facts).fields.where).toBe(true);
    expect(checkAnswerFacts({ procedureCode: '1.0', reply: 'Nơi nộp: Ủy ban nhân dân cấp xã', behavior: 'answer' }, ['1.0'], facts).fields.where).toBe(false);
    // "Cơ quan BHXH" is the social-insurance office however it is spelled.
    const bhxh = { where: ['Cơ quan BHXH nơi đang chi trả (bản ghi: BHXH cấp tỉnh)'] };
    expect(checkAnswerFacts({ procedureCode: '1.0', reply: '- Nơi nộp: Bảo hiểm xã hội cơ sở phụ trách xã, phường nơi cư trú', behavior: 'answer' }, ['1.0'], bhxh).fields.where).toBe(true);
  });
});

describe('a result is listed only by a line naming its kind of paper', () => {
  const notes = { documents_not: ['Giấy phép chặt hạ, dịch chuyển cây xanh (kết quả)'] };
  it('a photo of the tree to be cut lists no permit', () => {
    const photo = '- **Hồ sơ:**\n  - Ảnh chụp hiện trạng cây xanh đô thị cần chặt hạ, dịch chuyển — 1 bản sao';
    expect(checkAnswerFacts({ procedureCode: '1.002693', reply: photo, behavior: 'answer' }, ['1.002693'], notes).fields.not_documents).toBe(true);
  });
  it('the permit itself among the papers is listed', () => {
    const permit = '- **Hồ sơ:**\n  - Giấy phép chặt hạ, dịch chuyển cây xanh — 1 bản chính';
    expect(checkAnswerFacts({ procedureCode: '1.002693', reply: permit, behavior: 'answer' }, ['1.002693'], notes).fields.not_documents).toBe(false);
  });
});
