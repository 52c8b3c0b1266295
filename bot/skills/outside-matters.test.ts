import { describe, expect, it } from 'vitest';
import { loadOutsideMatters, matchOutsideMatter } from '../../knowledge/index.js';
import { DEFAULT_CAPABILITIES, type Turn, type TurnResult } from '../types.js';
import { createOutsideMattersSkill } from './outside-matters.js';

const matters = loadOutsideMatters();

function turn(text: string, extra: Partial<Turn> = {}): Turn {
  return { text, rawText: text, conversationId: 'c1', userId: 'u1', channelId: 'test', capabilities: DEFAULT_CAPABILITIES, now: new Date('2026-08-01T09:00:00Z'), conversation: {}, user: {}, ...extra };
}

const passed: TurnResult = { messages: [{ text: 'next' }], outcome: { behavior: 'answer', procedures: [] } };

describe('matching matters outside the catalogue', () => {
  it.each([
    ['Hai vợ chồng em đã thống nhất ly hôn thì làm thủ tục ở đâu ạ', 'ly-hon-thuan-tinh'],
    ['hai vo chong em da thong nhat ly hon thi lam thu tuc o dau a', 'ly-hon-thuan-tinh'],
    ['chồng không chịu ký, tôi muốn ly hôn', 'ly-hon'],
    ['toi muon ly di', 'ly-hon'],
    ['Nhà bên lấn đất nhà tôi, đã hòa giải ở phường nhưng không thành', 'tranh-chap-dat-sau-hoa-giai'],
    ['nha ben lan dat, hoa giai o xa khong thanh thi kien o dau', 'tranh-chap-dat-sau-hoa-giai'],
    ['hàng xóm lấn chiếm đất nhà em', 'tranh-chap-dat'],
    ['Bố mẹ mất, anh trai giành hết đất thừa kế không chịu chia', 'tranh-chap-thua-ke'],
    ['công ty nợ lương 3 tháng rồi', 'tranh-chap-lao-dong'],
    ['cong ty cham tra tien lam them may thang nay', 'tranh-chap-lao-dong'],
    ['bạn vay tiền 50 triệu không trả', 'no-vay'],
    ['bi tai nan xe may ben kia khong chiu boi thuong', 'tai-nan-giao-thong'],
  ])('%s → %s', (text, id) => {
    expect(matchOutsideMatter(text, matters)?.id).toBe(id);
  });

  it.each([
    'Cấp giấy xác nhận tình trạng hôn nhân sau khi ly hôn cần gì',
    'ghi chú ly hôn ở nước ngoài',
    'đăng ký kết hôn cần giấy tờ gì',
    'cấp sổ đỏ lần đầu cho đất ở',
    'làm lại căn cước bị mất',
    'văn bản thỏa thuận phân chia di sản thừa kế công chứng ở đâu',
    // Folding makes words meet (lần/lấn, đòi giấy/đòi nợ): a message with diacritics is matched as written.
    'làm sổ đỏ lần đầu cho đất nông nghiệp',
    'lam so do lan dau cho dat nong nghiep',
    'ngân hàng đòi giấy xác nhận độc thân để vay mua nhà, xin ở đâu',
    // An employer being slow with papers the citizen can file alone is no labour dispute.
    'hồ sơ hưởng chế độ ốm đau, lỡ công ty làm chậm thì người lao động tự nộp cho bảo hiểm được không',
  ])('a procedure question is not an outside matter: %s', (text) => {
    expect(matchOutsideMatter(text, matters)).toBeNull();
  });

  it('every row names a court or body that exists after the 2025 reform, with a legal basis', () => {
    for (const m of matters) {
      expect(m.where).not.toMatch(/huyện|cấp huyện|quận/u);
      expect(m.legalBasis).toMatch(/Điều \d+|\d+\/\d{4}\/QH\d+/u);
      // A court named by level is always the 2025 regional court, never a district one.
      expect(`${m.where} ${m.nextStep}`).not.toMatch(/Tòa án nhân dân (?!khu vực)/u);
    }
  });
});

describe('outside-matters skill', () => {
  const skill = createOutsideMattersSkill({ matters });

  it('answers an uncontested divorce with the regional court, a next step and the lawyer offer', async () => {
    const r = await skill.handle(turn('vo chong em thuan tinh ly hon thi nop o phuong duoc khong'), async () => passed);
    const text = r.messages[0]!.text;
    expect(text).toMatch(/^Dạ, ly hôn thuận tình không phải thủ tục hành chính/u);
    expect(text).toContain('Tòa án nhân dân khu vực');
    expect(text).toContain('Việc anh/chị nên làm tiếp:');
    expect(text).toContain('Điều 29 khoản 2');
    expect(text).toContain('luật sư tình nguyện');
    expect(r.messages[0]!.suggestedActions?.map((a) => a.title)).toEqual(['Có, tôi muốn gặp luật sư', 'Không, cảm ơn']);
    expect(r.outcome).toMatchObject({ behavior: 'legal_info', procedures: [], tags: ['outside-matter', 'outside-matter:ly-hon-thuan-tinh'] });
  });

  it('passes procedure questions and waiting skills on', async () => {
    expect(await skill.handle(turn('đăng ký khai sinh cho con cần gì'), async () => passed)).toBe(passed);
    const waiting = turn('ly hôn', { understanding: { awaiting: 'forms' } as unknown as Turn['understanding'] });
    expect(await skill.handle(waiting, async () => passed)).toBe(passed);
  });
});

describe('a divorce already granted is background to a procedure question', () => {
  const skill = createOutsideMattersSkill({ matters });

  it.each([
    'vo chong e ly hon r nhung e van dc o nha cu, tach ho rieng can giay to j, phi bao nhieu?',
    'Tôi đã ly hôn, giờ muốn tách hộ khẩu ra riêng thì làm sao?',
    'ly hôn được 2 năm rồi, muốn đổi họ cho con theo họ mẹ',
    'Sau khi ly hôn tôi muốn xin giấy xác nhận độc thân để đi làm hồ sơ',
    // Granted, told by the court's paper or judgment.
    'Anh ly dị rồi, có quyết định tòa rồi, giờ muốn ghi lại tình trạng độc thân để đi làm ăn thì xin ở đâu',
    'tui ly hon nam 2020 co ban an cua toa, gio can sua ho khau cho con',
    'Em cầm bản án ly hôn của tòa bên Đài Loan về, muốn làm giấy tờ cưới lại ở quê thì bắt đầu từ đâu',
    'Tòa án bên Nhật xử cho ly hôn năm ngoái, giờ về nước cần ghi nhận việc đó thì làm sao',
    'Chị ly dị chồng có bản án rồi, giờ đi đăng ký kết hôn lại thì có phải nộp bản sao quyết định ly hôn không',
  ])('passes to the procedure skills: %s', async (text) => {
    const r = await skill.handle(turn(text), async () => passed);
    expect(r).toBe(passed);
  });

  it.each([
    ['chồng không chịu ký, tôi muốn ly hôn', 'ly-hon'],
    ['đã ly hôn rồi mà chồng cũ không chịu chia tài sản chung', 'ly-hon'],
    ['ly hôn rồi giờ muốn giành lại quyền nuôi con', 'ly-hon'],
    ['chán quá muốn ly hôn rồi, làm ở đâu', 'ly-hon'],
    ['hai vợ chồng em thống nhất ly hôn rồi thì làm ở đâu ạ', 'ly-hon-thuan-tinh'],
    ['2 vc da dong y ly hon r, nop don o dau', 'ly-hon-thuan-tinh'],
    // Whether a court would grant it, or a decision still wanted, is no decision held.
    ['vợ đang có bầu thì tòa có xử cho ly hôn không', 'ly-hon'],
    ['muốn có quyết định ly hôn sớm thì nộp đơn ở đâu', 'ly-hon'],
  ])('a divorce still to come, or a dispute after it, is still the court’s: %s', async (text, id) => {
    const r = await skill.handle(turn(text), async () => passed);
    expect(r.outcome.tags).toContain(`outside-matter:${id}`);
  });
});
