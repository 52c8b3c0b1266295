import { beforeAll, describe, expect, it } from 'vitest';
import type { Intent } from '../../knowledge/understanding/index.js';
import { loadStatutes, type Statutes } from '../../knowledge/statutes/index.js';
import { openArticleSearch } from '../../retrieval/articles/index.js';
import { DEFAULT_CAPABILITIES, type Skill, type Turn, type TurnResult } from '../types.js';
import { skillsFor } from '../understanding/route.js';
import { checkLegalGrounding, composeLegalAnswer, createLegalInfoSkill, LEGAL_BOILERPLATE, missingLawMatch, missingLawOf, missingLawOnProcedureTopic } from './index.js';

let skill: Skill;
let statutes: Statutes;

beforeAll(async () => {
  statutes = await loadStatutes();
  skill = createLegalInfoSkill({ articles: (await openArticleSearch({ statutes })).index });
}, 60_000);

/** The statute articles an outcome cites, as the grounding check takes them. */
const articlesOf = (r: TurnResult) =>
  (r.outcome.legalArticles ?? []).map((ref) => statutes.articles.find((a) => a.document === ref.document && a.article === ref.article)!);

const TRIAGE_OFFER: TurnResult = {
  messages: [{ text: 'Dạ, anh/chị có muốn em chuyển câu hỏi cho luật sư không ạ?', suggestedActions: [{ title: 'Hỏi luật sư', value: 'Hỏi luật sư' }] }],
  outcome: { behavior: 'escalate', procedures: [], tags: ['triage'] },
};

async function ask(text: string, intent: Intent = 'legal_question', conversation: Turn['conversation'] = {}): Promise<TurnResult & { nextCalled: boolean; text: string }> {
  const turn: Turn = {
    text,
    rawText: text,
    conversationId: 'c',
    userId: 'u',
    channelId: 'test',
    capabilities: DEFAULT_CAPABILITIES,
    now: new Date('2026-12-01T00:00:00Z'),
    conversation,
    user: {},
    understanding: { intent, confidence: 0.9, scores: {}, abstain: false, reasons: [] },
  };
  let nextCalled = false;
  const r = await skill.handle(turn, async () => {
    nextCalled = true;
    return TRIAGE_OFFER;
  });
  return { ...r, nextCalled, text: r.messages.map((m) => m.text).join('\n\n') };
}

describe('legal-info skill', () => {
  it('answers a general legal question with the quoted khoản, citation, the general-information line and the lawyer action', async () => {
    const r = await ask('thời hiệu chia thừa kế nhà đất là bao lâu');
    expect(r.nextCalled).toBe(false);
    expect(r.outcome.behavior).toBe('legal_info');
    expect(r.outcome.legalArticles?.[0]).toMatchObject({ document: '91/2015/QH13', article: '623', title: 'Thời hiệu thừa kế' });
    expect(r.text).toContain('> 1. Thời hiệu để người thừa kế yêu cầu chia di sản là 30 năm đối với bất động sản');
    expect(r.text).toContain('Khoản 1 Điều 623 Bộ luật Dân sự 2015 (91/2015/QH13), có hiệu lực từ 01/01/2017');
    expect(r.text).toContain('](http://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=95942)');
    expect(r.text).toContain(LEGAL_BOILERPLATE.general);
    expect(r.messages[0]!.suggestedActions).toEqual([{ title: 'Hỏi luật sư', value: 'Hỏi luật sư' }]);
    const cited = r.outcome.legalArticles!.map((a) => statutes.get(`${a.document}:${a.article}`)!);
    expect(checkLegalGrounding(r.text, cited)).toMatchObject({ ok: true });
  });

  it('answers a question of law whose story dilutes the search (the question band), and an own problem so only when it asks in the law\'s words', async () => {
    const q = 'Trước khi mất, ông tôi chỉ dặn lại bằng miệng là để căn nhà cho chú út, không viết ra giấy. Lời dặn ấy có được pháp luật công nhận không?';
    const r = await ask(q);
    expect(r.nextCalled).toBe(false);
    expect(r.outcome.behavior).toBe('legal_info');
    expect(r.outcome.legalArticles?.[0]).toMatchObject({ document: '91/2015/QH13', article: '629' });
    expect(checkLegalGrounding(r.text, articlesOf(r)).violations).toEqual([]);
    // Read as the citizen's own problem whose question names the law: the article, then triage's offer.
    const own = await ask(q, 'legal_problem');
    expect(own.outcome.behavior).toBe('legal_info');
    expect(own.nextCalled).toBe(true);
    const waited = await ask('Tui nộp đơn khiếu nại lên phường cả tháng rưỡi rồi mà chưa thấy ai trả lời. Luật cho họ giải quyết trong bao lâu vậy?', 'legal_problem');
    expect(waited.outcome).toMatchObject({ behavior: 'legal_info', legalArticles: [expect.objectContaining({ document: '02/2011/QH13', article: '28' }), expect.anything(), expect.anything()] });
    expect(checkLegalGrounding(waited.messages[0]!.text, articlesOf(waited)).violations).toEqual([]);
  });

  it('keeps the quoted articles with the conversation for the lawyer, not the ones it did not quote', async () => {
    const conversation: Turn['conversation'] = {};
    await ask('thời hiệu chia thừa kế nhà đất là bao lâu', 'legal_question', conversation);
    expect(conversation.legalCited?.[0]).toMatchObject({ document: '91/2015/QH13', article: '623', title: 'Thời hiệu thừa kế', at: '2026-12-01T00:00:00.000Z' });
    const before = conversation.legalCited!.length;
    await ask('hôm nay trời mưa không', 'legal_question', conversation);
    expect(conversation.legalCited).toHaveLength(before);
  });

  it.each(['con riêng có được thừa kế không', 'lam them gio toi da bao nhieu', 'nghỉ đẻ được mấy tháng', 'điều kiện đăng ký thường trú'])(
    'every answer passes the grounding check: %s',
    async (q) => {
      const r = await ask(q);
      expect(r.outcome.behavior).toBe('legal_info');
      const cited = r.outcome.legalArticles!.map((a) => statutes.get(`${a.document}:${a.article}`)!);
      expect(checkLegalGrounding(r.text, cited).violations).toEqual([]);
    },
  );

  it('leaves a law the data lacks to triage (lawyer offer) and adds the official portal', async () => {
    for (const q of ['rút bảo hiểm xã hội một lần được không', 'vượt đèn đỏ bị phạt bao nhiêu', 'làm căn cước cho con có bắt buộc không']) {
      const r = await ask(q);
      expect(r.nextCalled).toBe(true);
      expect(r.outcome.behavior).toBe('escalate');
      expect(r.text).toContain('https://vbpl.vn');
      expect(r.text).not.toContain('> ');
    }
  });

  it('does not guess when no article fits: the lawyer offer', async () => {
    const r = await ask('hôm nay trời mưa không');
    expect(r.nextCalled).toBe(true);
    expect(r.outcome.behavior).toBe('escalate');
  });

  it('is routed legal questions, problems and procedure questions before triage, never follow-ups', () => {
    const base = { confidence: 0.9, scores: {}, abstain: false, reasons: [] };
    expect([...skillsFor({ ...base, intent: 'legal_question' })]).toEqual(expect.arrayContaining(['legal-info', 'triage']));
    expect(skillsFor({ ...base, intent: 'legal_problem' }).has('legal-info')).toBe(true);
    expect(skillsFor({ ...base, intent: 'procedure' }).has('legal-info')).toBe(true);
    expect(skillsFor({ ...base, intent: 'followup' }).has('legal-info')).toBe(false);
  });

  it("handles general legal questions, and a citizen's own problem only when it asks what the law says", async () => {
    expect((await ask('con riêng có được thừa kế không', 'greeting')).nextCalled).toBe(true);
    // Their own problem asking the law: the article, then triage's lawyer offer in the same reply.
    const own = await ask('bố tôi mất, con riêng của bố có được thừa kế không', 'legal_problem');
    expect(own.outcome.behavior).toBe('legal_info');
    expect(own.outcome.tags).toEqual(expect.arrayContaining(['legal-info:own-problem', 'lawyer-offered']));
    expect(own.messages.length).toBe(2);
    // How-to and where-to stay with triage; so does anything with an alarming word.
    const how = await ask('tôi bị hàng xóm lấn đất thì làm sao, nộp đơn ở đâu', 'legal_problem');
    expect(how.messages).toEqual(TRIAGE_OFFER.messages);
    const alarm = await ask('chồng cầm dao dọa, luật có bảo vệ em không', 'legal_problem');
    expect(alarm.messages).toEqual(TRIAGE_OFFER.messages);
  });

  it('answers a law question on a procedure topic with the article and the procedure one tap away, and leaves facets to the procedure', async () => {
    const law = await ask('nhà thuê có được đăng ký thường trú không', 'procedure');
    expect(law.outcome.behavior).toBe('legal_info');
    expect(law.outcome.tags).toContain('legal-info:procedure-topic');
    for (const q of ['đăng ký thường trú online được không', 'đăng ký thường trú mất bao lâu', 'làm lại căn cước ở đâu']) {
      const r = await ask(q, 'procedure');
      expect(r.outcome.behavior).not.toBe('legal_info');
    }
  });

  it('reads "ở đâu cả" as nowhere, a consent asked of the law, and a time limit asked of the law by name on a procedure topic', async () => {
    const nowhere = await ask('Chồng tôi đi biền biệt hai năm, không khai báo tạm vắng ở đâu hết. Hộ khẩu của anh ấy có bị xóa không?', 'procedure');
    expect(nowhere.outcome.behavior).toBe('legal_info');
    expect(nowhere.outcome.legalArticles?.map((a) => `${a.document}:${a.article}`)).toContain('68/2020/QH14:24');
    const consent = await ask('Muốn nhập khẩu về nhà bố mẹ vợ thì có cần chủ hộ đồng ý không?', 'procedure');
    expect(consent.outcome.behavior).toBe('legal_info');
    expect(consent.outcome.tags).toContain('legal-info:procedure-topic');
    const deadline = await ask('Mới mua nhà đất xong, pháp luật cho mấy ngày phải đi đăng ký biến động?', 'procedure');
    expect(deadline.outcome.behavior).toBe('legal_info');
    // Where, how long a procedure takes, its fee: still the procedure's, with or without the law's name.
    for (const q of ['làm lại căn cước ở đâu, hết bao nhiêu tiền', 'theo quy định làm sổ đỏ mất bao lâu thì có', 'đăng ký biến động đất đai mất mấy ngày']) {
      const r = await ask(q, 'procedure');
      expect(r.outcome.behavior).not.toBe('legal_info');
    }
  });

  it('reads "bn tiền" typed short as how much, a question of law in a citizen\'s own problem', async () => {
    const r = await ask('e cho ng ta thuê xe, ng ta làm hư rồi bỏ đi, giờ e đc đòi bồi thường bn tiền', 'legal_problem');
    expect(r.outcome.behavior).toBe('legal_info');
    expect(r.outcome.tags).toContain('legal-info:own-problem');
  });

  it('answers from the Labour Code a question that only touches social insurance, when its article answers it well', async () => {
    // The employer returning the insurance book at termination is Bộ luật Lao động Điều 48, not the missing BHXH law.
    for (const q of ['công ty chậm trả sổ bảo hiểm khi nghỉ việc', 'nghỉ việc rồi mà công ty giữ sổ bảo hiểm không trả', 'cong ty cham tra so bao hiem khi nghi viec']) {
      expect(missingLawMatch(q)).toEqual({ name: 'Luật Bảo hiểm xã hội 2024', sharedOnly: true });
      const r = await ask(q);
      expect(r.nextCalled).toBe(false);
      expect(r.outcome.behavior).toBe('legal_info');
      expect(r.outcome.legalArticles?.[0]).toMatchObject({ document: '45/2019/QH14', article: '48' });
      const cited = r.outcome.legalArticles!.map((a) => statutes.get(`${a.document}:${a.article}`)!);
      expect(checkLegalGrounding(r.text, cited).violations).toEqual([]);
    }
  });

  it('never answers the missing law\'s own subject from the Labour Code, even when its best article is the same one', async () => {
    // Their best article is Điều 48 too: the one-time withdrawal and keeping the contribution time are the BHXH law's.
    for (const q of ['Em nghỉ việc rồi, theo luật mới thì có được rút bhxh 1 lần không?', 'Nghỉ việc rồi muốn bảo lưu thời gian đóng bảo hiểm thì làm gì?', 'rút bảo hiểm xã hội một lần được không', 'đóng bhxh bao nhiêu năm thì được lương hưu']) {
      expect(missingLawMatch(q)?.sharedOnly).toBe(false);
      const r = await ask(q);
      expect(r.nextCalled).toBe(true);
      expect(r.outcome.tags).toContain('legal-info:law-missing');
    }
  });

  it.each([
    ['Không đăng ký tạm trú thì có bị phạt không', true],
    ['xây nhà không phép phạt bao nhiêu tiền', true],
    ['bán hàng hết hạn sử dụng bị xử lý thế nào', true],
    // Criminal, a contract's or an employer's penalty, or how to contest a fine: the statutes we have.
    ['tự thú thì có được giảm nhẹ hình phạt không', false],
    ['lừa đảo chiếm đoạt tài sản bị xử lý thế nào', false],
    ['thỏa thuận phạt vi phạm hợp đồng tối đa bao nhiêu', false],
    ['công ty phạt tiền nhân viên đi làm muộn có đúng không', false],
    ['xưởng may chỗ tôi làm phạt tiền nếu đi trễ 5 phút thì có được không', false],
    ['giám đốc phạt tiền vì làm hỏng hàng, như vậy có đúng không', false],
    ['hát karaoke ồn ào sau 22 giờ thì bị phạt tiền bao nhiêu', true],
    ['bên bán không giao nhà thì có bị phạt cọc không', false],
    ['bị xử phạt sai thì khiếu nại ở đâu', false],
    ['lấn chiếm đất công thì bị xử lý như thế nào', false],
  ])('reads an administrative fine on any subject as the missing fines law: "%s" → %s', (q, fine) => {
    expect(missingLawMatch(q)?.fineOnly === true).toBe(fine);
  });

  it('offers the lawyer and the portal for the rules of a missing law asked as a procedure, the procedure one tap away; how-to stays the procedure', async () => {
    for (const q of ['con em 6 tuổi có cần làm thẻ căn cước không', 'vượt đèn đỏ xe máy bị phạt bao nhiêu tiền', 'mất cmnd cũ thì có phải đổi sang căn cước không']) {
      expect(missingLawOnProcedureTopic(q)).toBeDefined();
      const r = await ask(q, 'procedure');
      expect(r.outcome.behavior).toBe('escalate');
      expect(r.outcome.tags).toContain('legal-info:law-missing');
      expect(r.messages[0]!.links).toEqual([{ title: 'Cơ sở dữ liệu quốc gia về văn bản pháp luật', url: 'https://vbpl.vn' }]);
      expect(r.messages[0]!.suggestedActions?.[0]).toEqual({ title: 'Hỏi luật sư', value: 'Hỏi luật sư' });
    }
    // Read as outside our scope: the offer, not a refusal (nothing else is asked of the chain).
    const outside = await ask('15 tuoi chay xe dien co can bang khong', 'out_of_scope');
    expect(outside.nextCalled).toBe(false);
    expect(outside.outcome.behavior).toBe('escalate');
    expect(outside.outcome.tags).toContain('legal-info:out-of-scope');
    expect((await ask('thời tiết hôm nay thế nào', 'out_of_scope')).nextCalled).toBe(true);
    for (const q of ['làm lại căn cước ở đâu', 'làm căn cước cho con mất bao lâu', 'lam cccd cho be 8 tuoi co can giay khai sinh ban goc k', 'nộp phạt giao thông online thế nào', 'Không đăng ký tạm trú thì có bị phạt không']) {
      expect(missingLawOnProcedureTopic(q)).toBeUndefined();
    }
  });

  it("answers a citizen's own problem with the article, then triage's offer with its own deadline (grounding scoped to the article)", async () => {
    const withDeadline: TurnResult = {
      messages: [{ text: 'Lưu ý thời hạn: kháng cáo thường là **15 ngày** kể từ ngày tuyên án. Anh/chị có muốn em chuyển cho luật sư không ạ?' }],
      outcome: { behavior: 'escalate', procedures: [], tags: ['triage'] },
    };
    const turn: Turn = {
      text: 'bố tôi mất, con riêng của bố có được thừa kế không',
      rawText: 'bố tôi mất, con riêng của bố có được thừa kế không',
      conversationId: 'c',
      userId: 'u',
      channelId: 'test',
      capabilities: DEFAULT_CAPABILITIES,
      now: new Date('2026-12-01T00:00:00Z'),
      conversation: {},
      user: {},
      understanding: { intent: 'legal_problem', confidence: 0.9, scores: {}, abstain: false, reasons: [] },
    };
    const r = await skill.handle(turn, async () => withDeadline);
    expect(r.outcome.behavior).toBe('legal_info');
    expect(r.messages).toHaveLength(2);
    expect(r.messages[1]).toEqual(withDeadline.messages[0]);
    // The article's message is what grounding checks: it holds the quote, not triage's 15 days.
    expect(r.outcome.legalAnswerText).toBe(r.messages[0]!.text);
    expect(r.outcome.legalAnswerText).not.toContain('15 ngày');
    expect(checkLegalGrounding(r.outcome.legalAnswerText!, articlesOf(r)).ok).toBe(true);
    // The whole reply would not pass: the deadline is triage's, not the article's.
    expect(checkLegalGrounding(r.messages.map((m) => m.text).join('\n\n'), articlesOf(r)).ok).toBe(false);
    expect(r.outcome.tags).toContain('lawyer-offered');
    expect((turn.conversation.legalCited ?? []).length).toBeGreaterThan(0);
  });

  it('finds the missing laws by folded phrases', () => {
    expect(missingLawOf('Đóng BHXH bao lâu thì được lương hưu?')).toBe('Luật Bảo hiểm xã hội 2024');
    expect(missingLawOf('nong do con xe may phat bao nhieu')).toMatch(/168\/2024/);
    expect(missingLawOf('con riêng có được thừa kế không')).toBeUndefined();
    // A traffic crime is in the criminal code; only traffic fines are the missing decree.
    expect(missingLawOf('say rượu lái xe gây chết người thì bị phạt tù bao lâu')).toBeUndefined();
    expect(missingLawOf('đi xe máy không đội mũ bảo hiểm bị phạt bao nhiêu')).toMatch(/168\/2024/);
    // "Tôi" (I) is not "tội" (crime), "tự" is not "tù": criminal words are matched accented when typed so.
    expect(missingLawOf('Tôi bị CSGT lập biên bản vì chở 3 người. Mức phạt là bao nhiêu?')).toMatch(/168\/2024/);
    expect(missingLawOf('xe bị công an giao thông tạm giữ thì bao lâu được lấy ra')).toMatch(/168\/2024/);
    expect(missingLawOf('lai xe gay tai nan giao thong bi phat tu bao lau')).toBeUndefined();
    // The rules of driving and personal income tax are laws we lack too; damages and loans are not.
    expect(missingLawOf('mấy tuổi thì được lái xe máy điện')).toMatch(/Trật tự, an toàn giao thông/);
    expect(missingLawOf('đi xe máy có bắt buộc đội mũ bảo hiểm không')).toMatch(/Trật tự, an toàn giao thông/);
    expect(missingLawOf('chạy xe gây tai nạn thì phải bồi thường những gì')).toBeUndefined();
    expect(missingLawOf('lương 15 triệu có phải nộp thuế thu nhập cá nhân không')).toBe('Luật Thuế thu nhập cá nhân');
    // The tax on an inheritance is the tax law's, not the civil code's.
    expect(missingLawOf('nhận thừa kế nhà đất có phải nộp thuế thu nhập cá nhân không')).toBe('Luật Thuế thu nhập cá nhân');
  });

  it('reads one spouse selling the common home without asking the other as disposing of common property', async () => {
    const r = await ask('Chồng tui lấy sổ đỏ nhà chung của hai vợ chồng đi bán mà không hỏi ý tui một tiếng, rứa có được không, luật quy định răng?');
    expect(r.outcome.legalArticles?.map((a) => `${a.document}:${a.article}`)).toContain('52/2014/QH13:35');
  });

  it('sends a figure a province sets, asked for a named place, to the lawyer with the portal; asked in general, the Land Law article', async () => {
    const local = await ask('Ở Đà Nẵng muốn tách thửa đất ở thì mỗi thửa sau khi tách phải tối thiểu bao nhiêu mét vuông?');
    expect(local.nextCalled).toBe(true);
    expect(local.outcome.tags).toContain('legal-info:law-missing');
    expect(local.text).toContain('Ủy ban nhân dân cấp tỉnh');
    const general = await ask('diện tích tối thiểu để tách thửa là bao nhiêu');
    expect(general.outcome).toMatchObject({ behavior: 'legal_info', legalArticles: [expect.objectContaining({ document: '31/2024/QH15', article: '220' }), expect.anything(), expect.anything()] });
  });
});

describe('checkLegalGrounding', () => {
  const a = () => statutes.get('91/2015/QH13:623')!;
  it('accepts the composed answer and rejects invented numbers, quotes and links', () => {
    const { message } = composeLegalAnswer({ article: a(), clauseIndex: 0 });
    expect(checkLegalGrounding(message.text, [a()]).ok).toBe(true);
    const invented = message.text.replace('Em trích nguyên văn:', 'Tóm lại là 20 năm. Em trích nguyên văn:');
    expect(checkLegalGrounding(invented, [a()]).violations).toEqual([{ kind: 'number', text: '20' }]);
    const altered = message.text.replace('là 30 năm đối với bất động sản', 'là 40 năm đối với bất động sản');
    expect(checkLegalGrounding(altered, [a()]).violations[0]!.kind).toBe('quote');
    expect(checkLegalGrounding(`${message.text}\n[x](https://example.com)`, [a()]).violations).toEqual([{ kind: 'link', text: 'https://example.com' }]);
  });
  it('quotes a short khoản with the lead-in that gives it meaning; title numbers are the article\'s own', () => {
    const a98 = statutes.get('100/2015/QH13:98')!;
    const { message } = composeLegalAnswer({ article: a98, clauseIndex: a98.clauses.findIndex((c) => c.text === '4. Tù có thời hạn.') });
    expect(message.text).toMatch(/> Người dưới 18 tuổi phạm tội chỉ bị áp dụng .*:\n> 4\. Tù có thời hạn\./);
    expect(checkLegalGrounding(message.text, [a98]).ok).toBe(true);
  });

  it('cuts a long khoản after whole lines and marks the cut', () => {
    const long = statutes.articles.find((x) => x.clauses.some((c) => c.text.length + c.points.join('').length > 2000))!;
    const i = long.clauses.findIndex((c) => c.text.length + c.points.join('').length > 2000);
    const { message } = composeLegalAnswer({ article: long, clauseIndex: i });
    expect(message.text).toContain('> (…)');
    expect(checkLegalGrounding(message.text, [long]).ok).toBe(true);
  });
});

describe('own problem asking the law (issue 13, law frame)', () => {
  it('reads the act inside a yes/no law frame as what is permitted, not a how question', async () => {
    const { ownProblemAsksTheLaw, asksTheLaw } = await import('./skill.js');
    expect(ownProblemAsksTheLaw('Vợ tôi bỏ đi 3 năm nay. Tôi có quyền nộp đơn ly hôn lúc này không?')).toBe(true);
    expect(ownProblemAsksTheLaw('Tôi đưa bạn 50 triệu không giấy tờ, khoản đó có coi là hợp đồng vay không?')).toBe(true);
    expect(ownProblemAsksTheLaw('Tôi gửi đơn khiếu nại 2 tháng rồi, luật quy định phải giải quyết trong bao lâu?')).toBe(true);
    expect(ownProblemAsksTheLaw('Tôi bị lừa đảo qua mạng 5 triệu, kẻ lừa bị tù mấy năm?')).toBe(true);
    // How, where and which papers stay with triage and the procedure.
    expect(ownProblemAsksTheLaw('Chồng tôi đánh tôi, tôi muốn nộp đơn ly hôn thì làm sao?')).toBe(false);
    expect(ownProblemAsksTheLaw('Tôi có được nộp đơn ly hôn ở tòa nơi tôi ở không, cần giấy tờ gì?')).toBe(false);
    expect(asksTheLaw('ông nội mất rồi thì có phải làm thủ tục cắt khẩu không')).toBe(false);
    // What a legal notion covers is the law's; what a file holds stays the procedure's.
    expect(asksTheLaw('tài sản chung của vợ chồng gồm những gì')).toBe(true);
    expect(asksTheLaw('hồ sơ đăng ký kết hôn gồm những gì')).toBe(false);
  });

  it('reads own problems asking whether there is still time, how an offender is dealt with, or after an application made', async () => {
    const { ownProblemAsksTheLaw } = await import('./skill.js');
    expect(ownProblemAsksTheLaw('Ông tôi mất năm 1995 để lại đất, giờ các chú mới đòi chia, vậy còn thời hạn chia thừa kế không?')).toBe(true);
    expect(ownProblemAsksTheLaw('Tôi bị lừa chuyển khoản 20 triệu qua mạng, kẻ lừa đảo sẽ bị xử lý hình sự thế nào?')).toBe(true);
    expect(ownProblemAsksTheLaw('Tôi nộp đơn khiếu nại 2 tháng chưa ai trả lời, luật quy định phải giải quyết trong bao lâu?')).toBe(true);
    expect(ownProblemAsksTheLaw('Tôi đã nộp đơn khiếu nại rồi mà chưa ai trả lời, giờ phải làm sao?')).toBe(false);
    // A wish told, not a question: triage's.
    expect(ownProblemAsksTheLaw('Em bị một người đánh phải khâu 10 mũi, người đó đòi hòa giải nhưng em muốn xử lý hình sự.')).toBe(false);
  });

  it('reads a story whose acts carry how words as asking the law when its question asks only the law', async () => {
    const { ownProblemAsksTheLaw } = await import('./skill.js');
    // The how words are what happened or was threatened; the asking sentence asks the law.
    expect(ownProblemAsksTheLaw('Chồng tôi dọa sẽ nộp đơn ra tòa giành nuôi con. Bé mới 20 tháng tuổi. Luật quy định con dưới 36 tháng thì ai nuôi?')).toBe(true);
    expect(ownProblemAsksTheLaw('Tôi có làm giấy mượn tiền đàng hoàng với anh ấy. Nay anh ấy không trả, luật bắt anh ấy trả lãi không?')).toBe(true);
    // The asking sentence asks how, or does not ask the law: triage's.
    expect(ownProblemAsksTheLaw('Tôi đã nộp đơn ly hôn tháng trước. Giờ tôi phải nộp thêm giấy tờ gì?')).toBe(false);
    expect(ownProblemAsksTheLaw('Tôi có làm giấy mượn tiền với anh ấy. Anh ấy không trả thì tôi nên làm gì?')).toBe(false);
  });

  it('reads whose a thing is as a question of the law (the property regime decides it)', async () => {
    const { ownProblemAsksTheLaw } = await import('./skill.js');
    expect(ownProblemAsksTheLaw('Căn nhà tôi mua trước khi cưới, giờ ly hôn chồng đòi chia đôi, nhà đó là của chung hay của riêng tôi?')).toBe(true);
    expect(ownProblemAsksTheLaw('Bố mẹ cho tiền mua đất, mảnh đất đó thuộc về ai khi ly hôn?')).toBe(true);
    expect(ownProblemAsksTheLaw('Căn nhà tôi mua trước khi cưới, giờ muốn sang tên thì làm thủ tục ở đâu?')).toBe(false);
  });

  it('searches a story with its asking clause weighed more (focus)', async () => {
    const { searchArticles } = await import('./skill.js');
    const { index } = await openArticleSearch({ statutes });
    const story = 'Tôi nhận quyết định thu hồi đất từ 4 tháng trước nhưng thấy không đúng, giờ mới khiếu nại có còn kịp không?';
    expect(searchArticles(index, story, 3).hits.map((h) => h.article.id)).toContain('02/2011/QH13:9');
  });

  it('keeps an acute danger with triage, not a harm over or one the question asks the law about', async () => {
    const { alarming } = await import('./skill.js');
    expect(alarming('chồng cầm dao dọa, luật có bảo vệ em không')).toBe(true);
    expect(alarming('chồng tôi đang đánh tôi, tôi có quyền ly hôn không')).toBe(true);
    expect(alarming('thằng con nhà bên hay chửi mắng, bỏ đói mẹ nó, vậy có bị xử tội gì không')).toBe(false);
    expect(alarming('bố tôi bị đánh gãy tay năm ngoái, giờ kiện đòi bồi thường còn được không')).toBe(false);
  });

  it('reads the question of a long story on its own when the story dilutes the search, and answers when both readings agree', async () => {
    const { searchArticles } = await import('./skill.js');
    const { index } = await openArticleSearch({ statutes });
    const story = 'Nhà tôi có con chó, hôm qua nó chạy sang nhà bên cắn con họ phải đi tiêm phòng dại hết mấy triệu, họ đòi tôi đền, tôi có phải bồi thường không?';
    expect(index.search(story, { limit: 3 }).confidence).toBe('low');
    const r = searchArticles(index, story, 3);
    expect(r.confidence).toBe('high');
    // The story's own best article (animals), not the general principle the bare question finds.
    expect(r.hits[0]!.article.id).toBe('91/2015/QH13:603');
    expect(r.hits[0]!.clauses.length).toBeGreaterThan(0);
    // No agreement, no answer: an off-topic story stays low.
    expect(searchArticles(index, 'Hôm qua tôi đi chợ mua rau, trời mưa to quá, ngày mai có nắng không?', 3).confidence).toBe('low');
  });

  it("never puts an article before triage's urgent reply", async () => {
    const urgent: TurnResult = {
      messages: [{ text: 'Anh/chị gọi ngay 113 nếu đang nguy hiểm ạ.' }],
      outcome: { behavior: 'urgent', procedures: [], tags: ['triage'] },
    };
    const conversation: Turn['conversation'] = {};
    const turn: Turn = {
      text: 'bố tôi mất, con riêng của bố có được thừa kế không',
      rawText: 'bố tôi mất, con riêng của bố có được thừa kế không',
      conversationId: 'c',
      userId: 'u',
      channelId: 'test',
      capabilities: DEFAULT_CAPABILITIES,
      now: new Date('2026-12-01T00:00:00Z'),
      conversation,
      user: {},
      understanding: { intent: 'legal_problem', confidence: 0.9, scores: {}, abstain: false, reasons: [] },
    };
    const r = await skill.handle(turn, async () => urgent);
    expect(r).toEqual(urgent);
    expect(conversation.legalCited ?? []).toEqual([]);
  });
});

describe('a legal term asked about', () => {
  it('reads the term of "… là gì" and "thế nào là …"', async () => {
    const { definedTerm } = await import('./skill.js');
    expect(definedTerm('án treo là gì vậy')).toBe('an treo');
    expect(definedTerm('Thế nào là thừa kế thế vị?')).toBe('thua ke the vi');
    expect(definedTerm('cho em hỏi tạm trú nghĩa là sao')).toBe('tam tru');
    expect(definedTerm('án treo có phải đi tù không')).toBeUndefined();
    expect(definedTerm('là gì')).toBeUndefined();
  });

  it('answers with the article that is the term, even when the stage read it as out of scope', async () => {
    const r = await ask('án treo là gì vậy', 'out_of_scope');
    expect(r.outcome.behavior).toBe('legal_info');
    expect(r.outcome.legalArticles?.[0]?.title).toBe('Án treo');
    expect(r.nextCalled).toBe(false);
    // Chit-chat of the same shape keeps its reading.
    const chat = await ask('giá xăng hôm nay là gì', 'out_of_scope');
    expect(chat.nextCalled).toBe(true);
  });
});

describe('a lacked law asked about outside our scope', () => {
  it('gets the lawyer offer and the portal, chit-chat still the refusal path', async () => {
    const { missingLawOnProcedureTopic } = await import('./skill.js');
    expect(missingLawOnProcedureTopic('thuế VAT của hàng ăn uống tính thế nào, có phải nộp không', true)).toBeDefined();
    expect(missingLawOnProcedureTopic('giá xăng hôm nay là gì', true)).toBeUndefined();
    expect(missingLawOnProcedureTopic('giá xăng ron 95 hôm nay bao nhiêu', true)).toBeUndefined();
    expect(missingLawOnProcedureTopic('giá vàng hôm nay bao nhiêu', true)).toBeUndefined();
    expect(missingLawOnProcedureTopic('hôm nay thời tiết thế nào', true)).toBeUndefined();
  });
  it('reads which things a lacked rule covers, until when, and which of two rates as questions on it', async () => {
    const { missingLawOnProcedureTopic } = await import('./skill.js');
    expect(missingLawOnProcedureTopic('những mặt hàng nào được giảm thuế giá trị gia tăng', true)).toBeDefined();
    expect(missingLawOnProcedureTopic('thue vat giam den khi nao', true)).toBeDefined();
    expect(missingLawOnProcedureTopic('thuế VAT bây giờ 8% hay 10%', true)).toBeDefined();
    // Without such a shape, a mention stays out of scope.
    expect(missingLawOnProcedureTopic('hôm qua đi siêu thị thấy hóa đơn có ghi thuế VAT', true)).toBeUndefined();
  });
});

describe('searchArticles: a story with several questions', () => {
  it('takes the story\'s best article when any one of its questions, read alone, agrees with it', async () => {
    const { searchArticles } = await import('./skill.js');
    const hit = (id: string, score: number) => ({ article: { id, title: id }, score, evidence: score, coverage: 0.1, clauses: [] });
    const result = (confidence: 'high' | 'low', ...hits: ReturnType<typeof hit>[]) => ({ hits, confidence, asQuestion: confidence === 'high', analyzed: { terms: [] } });
    // The whole story is unsure; its questions read together find another topic, the first one alone the story's best.
    const search = (q: string) =>
      q.startsWith('Chị Ba') ? result('low', hit('A:1', 1.8), hit('A:2', 1.7), hit('A:3', 1.6)) : q === 'Phường phải trả lời trong mấy ngày?' ? result('high', hit('A:1', 2)) : result('high', hit('B:9', 2));
    const index = { search, ranking: { minScore: 1.5 } } as unknown as Parameters<typeof searchArticles>[0];
    const story = 'Chị Ba gửi đơn lên phường từ đầu năm, tới giờ chưa ai trả lời. Phường phải trả lời trong mấy ngày? Quá hạn thì chị kiện ở đâu?';
    const r = searchArticles(index, story, 3);
    expect(r.confidence).toBe('high');
    expect(r.hits[0]!.article.id).toBe('A:1');
    // No question agrees: the story stays unsure.
    const none = { search: (q: string) => (q.startsWith('Chị Ba') ? result('low', hit('A:1', 1.8)) : result('high', hit('B:9', 2))), ranking: { minScore: 1.5 } } as unknown as Parameters<typeof searchArticles>[0];
    expect(searchArticles(none, story, 3).confidence).toBe('low');
  });
});
