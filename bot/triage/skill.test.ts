import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadTriageKnowledge, type TriageKnowledge } from '../../knowledge/triage/index.js';
import { openDatabase, type Db } from '../../storage/sqlite.js';
import type { SqliteCaseStore } from '../../storage/case-store.js';
import { testLegalAid } from '../../test/legal-aid.js';
import { DEFAULT_CAPABILITIES, type ConversationData, type Turn, type TurnResult } from '../types.js';
import { createTriageSkill, TRIAGE_BUTTONS, type TriageSkill } from './index.js';

/** Drives the skill turn by turn like the bot does, with a fake procedure Q&A behind it. */
class FakeConversation {
  readonly conversation: ConversationData = {};
  nextCalls = 0;
  constructor(
    private readonly skill: TriageSkill,
    private readonly now: Date,
  ) {}
  async say(text: string, understanding?: Turn['understanding']): Promise<TurnResult & { text: string; buttons: string[] }> {
    const turn: Turn = {
      text,
      rawText: text,
      conversationId: 'conv-1',
      userId: 'user-1',
      channelId: 'test',
      capabilities: DEFAULT_CAPABILITIES,
      now: this.now,
      conversation: this.conversation,
      user: {},
      servicePoint: 'Phường Ba Đình',
      ...(understanding ? { understanding } : {}),
    };
    const r = await this.skill.handle(turn, async () => {
      this.nextCalls++;
      return {
        messages: [{ text: 'Thủ tục: hồ sơ gồm văn bản khai nhận di sản, giấy chứng tử, giấy tờ tài sản.' }],
        outcome: { behavior: 'answer', procedures: [{ code: '2.000001', name: 'Khai nhận di sản', score: 1 }], procedureCode: '2.000001' },
      };
    });
    return { ...r, text: r.messages.map((m) => m.text).join('\n\n'), buttons: r.messages.flatMap((m) => m.suggestedActions ?? []).map((a) => a.value) };
  }
}

describe('triage skill conversations', () => {
  let knowledge: TriageKnowledge;
  let dir: string;
  let db: Db;
  let store: SqliteCaseStore;
  let skill: TriageSkill;
  const now = new Date('2026-11-26T09:00:00Z');

  beforeAll(async () => {
    knowledge = await loadTriageKnowledge();
  });
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-'));
    db = openDatabase(path.join(dir, 'tthc.sqlite'));
    const aid = testLegalAid(db, () => now);
    store = aid.cases;
    skill = await createTriageSkill({ knowledge, cases: aid.service });
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('urgent: the first reply gives 113/111 and what to do now, offers the lawyer, asks nothing else', async () => {
    const c = new FakeConversation(skill, now);
    const r = await c.say('Chồng em đang say rượu đánh em, còn dọa giết cả hai mẹ con, em đang trốn trong nhà tắm');
    expect(r.outcome.behavior).toBe('urgent');
    expect(r.outcome.legalArea).toBe('BAO_LUC_GIA_DINH');
    expect(r.messages[0]!.text).toContain('113');
    expect(r.messages[0]!.text.indexOf('113')).toBeLessThan(200);
    expect(r.text).not.toMatch(/đồng ý|giấy tờ nên mang/i);
    expect(r.buttons).toContain(TRIAGE_BUTTONS.wantLawyer);
    expect(c.nextCalls).toBe(0);
    expect(await store.list()).toHaveLength(0);
  });

  it('a story only the classifier escalates also offers the procedure the catalogue matches', async () => {
    const c = new FakeConversation(skill, now);
    const r = await c.say('Bà ngoại em qua đời được 2 tháng rồi mà chưa khai tử, giờ đi khai có bị phạt không');
    expect(r.outcome.behavior).toBe('escalate');
    expect(c.nextCalls).toBe(1);
    expect(r.outcome.procedures.map((p) => p.code)).toEqual(['2.000001']);
    expect(r.buttons).toContain('2.000001');
    // The lawyer offer stays: the citizen chooses.
    expect(r.buttons.length).toBeGreaterThan(1);
  });

  it('a dispute found by the rules is escalated without a procedure detour', async () => {
    const c = new FakeConversation(skill, now);
    const r = await c.say('anh em tôi không chịu chia đất bố mẹ để lại, giờ phải làm sao');
    expect(r.outcome.behavior).toBe('escalate');
    expect(r.buttons).not.toContain('2.000001');
  });

  it('a dispute that belongs to a court says where it goes beside the lawyer offer', async () => {
    const c = new FakeConversation(skill, now);
    const r = await c.say('tranh chap dat voi nha ben, hoa giai o phuong khong thanh roi thi gio lam sao');
    expect(r.outcome.behavior).toBe('escalate');
    expect(r.text).toMatch(/Tòa án nhân dân khu vực/u);
    expect(r.buttons).toContain(TRIAGE_BUTTONS.wantLawyer);
    // A dispute the reviewed list does not place gets the offer alone.
    const other = await new FakeConversation(skill, now).say('anh em tôi không chịu chia đất bố mẹ để lại, giờ phải làm sao');
    expect(other.text).not.toMatch(/Để anh\/chị biết trước/u);
  });

  it('urgent with a child: mentions the 111 child protection hotline', async () => {
    const c = new FakeConversation(skill, now);
    const r = await c.say('Có người lạ nhắn tin dụ con gái tôi 12 tuổi gửi ảnh nhạy cảm');
    expect(r.outcome.behavior).toBe('urgent');
    expect(r.messages[0]!.text).toMatch(/\*\*111\*\*/);
  });

  it('dispute with consent: intake, eligibility screen and a stored case with the reference fields', async () => {
    const c = new FakeConversation(skill, now);
    // What the legal-info skill quoted earlier in the conversation (oldest first, one twice).
    const art = (article: string, title: string, at: string) => ({ document: '91/2015/QH13', article, title, url: `https://vbpl.vn/${article}`, at });
    c.conversation.legalCited = [art('623', 'Thời hiệu thừa kế', '2026-11-26T08:00:00Z'), art('651', 'Người thừa kế theo pháp luật', '2026-11-26T08:05:00Z'), art('623', 'Thời hiệu thừa kế', '2026-11-26T08:10:00Z')];
    const first = await c.say('Bố mẹ mất không để lại di chúc, anh cả đang giữ sổ đỏ và không chịu chia cho các em.');
    expect(first.outcome).toMatchObject({ behavior: 'escalate', legalArea: 'THUA_KE' });
    expect(c.nextCalls).toBe(0);
    const consent = await c.say(TRIAGE_BUTTONS.wantLawyer);
    expect(consent.text).toMatch(/Ai xem/);
    expect(consent.text).toMatch(/nhạy cảm/);
    expect(consent.text).toMatch(/Mục đích/);
    expect(await store.list()).toHaveLength(0);
    const elig = await c.say(TRIAGE_BUTTONS.agree);
    expect(elig.text).toContain('có thể thuộc diện');
    const contact = await c.say('0');
    expect(contact.text).toMatch(/vẫn được luật sư tình nguyện tư vấn miễn phí/);
    const summary = await c.say(TRIAGE_BUTTONS.morning);
    expect(summary.text).toContain('anh cả');
    const done = await c.say(TRIAGE_BUTTONS.send);
    expect(done.outcome.behavior).toBe('escalate');
    expect(done.text).toMatch(/HN-BADINH-TV-0001-2026/);
    expect(done.text).toMatch(/Tiếp theo/);
    // The legal-aid service's promise follows (no lawyer on this empty rota: the coordinator arranges one).
    expect(done.text).toContain('đã được ghi nhận. Hiện chưa có luật sư tình nguyện trực phù hợp');
    const [stored] = await store.list();
    expect(stored).toMatchObject({
      id: 'HN-BADINH-TV-0001-2026',
      status: 'waiting',
      announced: true,
      channel: 'test',
      servicePoint: 'Phường Ba Đình',
      area: 'THUA_KE',
      urgency: 'routine',
      service: 'advice',
      contact: { safeToContact: true, preferredTime: 'buổi sáng', method: 'this_channel' },
      address: { channelId: 'test', conversationId: 'conv-1', userId: 'user-1' },
      retentionUntil: '2027-11-26',
    });
    expect(stored!.signals).toContain('adverse_party');
    expect(stored!.confidence).toBeGreaterThan(0);
    expect(stored!.parties.adverseParties.map((p) => p.role)).toContain('anh cả');
    expect(stored!.eligibility).toMatchObject({ referToTgplCenter: false });
    expect(stored!.consent).toMatchObject({ textVersion: 'triage-consent-v1', sensitiveDataAck: true });
    expect(stored!.summary).toContain('anh cả');
    expect(stored!.citedArticles).toEqual([
      { document: '91/2015/QH13', article: '623', title: 'Thời hiệu thừa kế', url: 'https://vbpl.vn/623' },
      { document: '91/2015/QH13', article: '651', title: 'Người thừa kế theo pháp luật', url: 'https://vbpl.vn/651' },
    ]);
    expect(await store.list()).toHaveLength(1);
  });

  it('dispute without consent: service point and legal aid centre contacts, nothing stored', async () => {
    const c = new FakeConversation(skill, now);
    await c.say('anh em toi khong chiu chia dat bo me de lai, anh ca doi lay het');
    await c.say(TRIAGE_BUTTONS.wantLawyer);
    const r = await c.say(TRIAGE_BUTTONS.disagree);
    expect(r.text).toMatch(/không lưu/);
    expect(r.text).toContain(knowledge.contacts.legalAidCentre.name);
    expect(r.text).toContain('Trung tâm Phục vụ hành chính công');
    expect(await store.list()).toHaveLength(0);
    expect(c.conversation.triage).not.toHaveProperty('pending', expect.anything());
    expect(JSON.stringify(c.conversation)).not.toMatch(/chia dat|anh ca/);
  });

  it('a citizen for whom messages are unsafe is recorded as not safe to contact', async () => {
    const c = new FakeConversation(skill, now);
    await c.say('Chồng tôi hay đánh tôi, tối qua còn dọa giết');
    await c.say(TRIAGE_BUTTONS.wantLawyer);
    await c.say(TRIAGE_BUTTONS.agree);
    const fin = await c.say('Nạn nhân bạo lực gia đình');
    expect(fin.text).toMatch(/cận nghèo/);
    const r = await c.say('không');
    expect(r.text).toMatch(/khó khăn về tài chính/);
    await c.say(TRIAGE_BUTTONS.unsafe);
    await c.say(TRIAGE_BUTTONS.send);
    const [stored] = await store.list();
    expect(stored).toMatchObject({ urgency: 'emergency', area: 'BAO_LUC_GIA_DINH', contact: { safeToContact: false } });
    expect(stored!.eligibility).toMatchObject({ groupClaimed: 'nan_nhan_bao_luc_gia_dinh', financialDifficulty: 'no', referToTgplCenter: false });
  });

  it('declining the lawyer offer right away also stores nothing', async () => {
    const c = new FakeConversation(skill, now);
    await c.say('Công ty nợ tôi 3 tháng lương rồi cho nghỉ việc không báo trước');
    const r = await c.say(TRIAGE_BUTTONS.noThanks);
    expect(r.text).toContain(knowledge.contacts.legalAidCentre.name);
    expect(await store.list()).toHaveLength(0);
  });

  it('an urgent rule wins over an unsure procedure reading, not over a sure one', async () => {
    const text = 'Đang có người đến phá cửa nhà tôi, nói là cưỡng chế, tôi chưa nhận được quyết định nào.';
    const unsure = { intent: 'procedure', confidence: 0.45, danger: false, abstain: false } as unknown as Turn['understanding'];
    const c = new FakeConversation(skill, now);
    const r = await c.say(text, unsure);
    expect(r.outcome.behavior).toBe('urgent');
    expect(r.text).toContain('113');
    expect(c.nextCalls).toBe(0);
    const sure = { intent: 'procedure', confidence: 0.9, danger: false, abstain: false } as unknown as Turn['understanding'];
    const c2 = new FakeConversation(skill, now);
    const r2 = await c2.say(text, sure);
    expect(r2.outcome.behavior).toBe('answer');
    expect(c2.nextCalls).toBe(1);
  });

  it('near miss: a procedure question goes to procedure Q&A unchanged, with the area', async () => {
    const c = new FakeConversation(skill, now);
    const r = await c.say('thủ tục khai nhận di sản thừa kế cần giấy tờ gì');
    expect(c.nextCalls).toBe(1);
    expect(r.outcome).toMatchObject({ behavior: 'answer', procedureCode: '2.000001', legalArea: 'THUA_KE' });
    expect(r.text).not.toMatch(/luật sư/);
  });

  it('procedure question with a dispute behind it: the procedure answer and the lawyer offer', async () => {
    const c = new FakeConversation(skill, now);
    const r = await c.say('Thủ tục khai nhận di sản cần giấy tờ gì? Anh cả không chịu ký, đang tranh chấp nhà đất.');
    expect(c.nextCalls).toBe(1);
    expect(r.outcome.behavior).toBe('escalate');
    expect(r.messages[0]!.text).toMatch(/^Thủ tục:/);
    expect(r.buttons).toContain(TRIAGE_BUTTONS.wantLawyer);
  });

  it('general legal question: says it is not legal advice and offers the lawyer or the centre', async () => {
    const c = new FakeConversation(skill, now);
    const r = await c.say('người thuê nhà có quyền gì khi chủ nhà bán nhà');
    expect(c.nextCalls).toBe(0);
    expect(r.outcome).toMatchObject({ behavior: 'escalate', legalArea: 'NHA_O' });
    expect(r.text).toMatch(/không phải nguồn tư vấn pháp lý/);
    expect(r.text).toContain(knowledge.contacts.legalAidCentre.name);
  });

  it('eligibility screen ends with the right proof documents (elderly + financial difficulty)', async () => {
    const c = new FakeConversation(skill, now);
    await c.say('Mẹ tôi 75 tuổi, đang hưởng trợ cấp xã hội hằng tháng, bị con rể lừa ký giấy tặng cho nhà.');
    await c.say('có');
    const q = await c.say('đồng ý');
    expect(q.buttons[0]).toBe('Người cao tuổi');
    const fin = await c.say('Người cao tuổi');
    expect(fin.text).toMatch(/cận nghèo/);
    const r = await c.say('có');
    expect(r.text).toContain('có thể thuộc diện');
    expect(r.text).toContain('Giấy tờ tùy thân thể hiện tuổi');
    expect(r.text).toContain('Quyết định hưởng trợ cấp xã hội hằng tháng');
    expect(r.text).toContain('Đơn đề nghị trợ giúp pháp lý');
    await c.say('buổi chiều');
    await c.say('đồng ý gửi');
    const [stored] = await store.list();
    expect(stored!.eligibility).toMatchObject({ groupClaimed: 'nguoi_cao_tuoi', clause: '7.7c', financialDifficulty: 'yes', referToTgplCenter: true });
    expect(stored!.eligibility!.proofDocuments).toContain('Giấy tờ tùy thân thể hiện tuổi (căn cước, giấy khai sinh)');
  });

  it('eligibility: poor household needs no financial question; proof is the poor-household certificate', async () => {
    const c = new FakeConversation(skill, now);
    await c.say('Tôi thuộc hộ nghèo, có được luật sư miễn phí giúp kiện đòi đất bị hàng xóm chiếm không?');
    await c.say(TRIAGE_BUTTONS.wantLawyer);
    await c.say(TRIAGE_BUTTONS.agree);
    const r = await c.say('2');
    expect(r.text).toContain('có thể thuộc diện');
    expect(r.text).toContain('Giấy chứng nhận hộ nghèo');
    expect(r.text).not.toContain('cận nghèo');
  });

  it('a running deadline: asks for the document date, records it and the due date', async () => {
    const c = new FakeConversation(skill, now);
    const r = await c.say('Tòa tuyên án sơ thẩm vụ ly hôn, tôi không đồng ý phần chia tài sản');
    expect(r.text).toMatch(/15 ngày/);
    expect(r.text).toMatch(/ngày ghi trên bản án/);
    const d = await c.say('20/11/2026');
    expect(d.text).toContain('05/12/2026');
    await c.say('có');
    await c.say('đồng ý');
    await c.say('không thuộc nhóm nào');
    await c.say('tối');
    await c.say('đồng ý gửi');
    const [stored] = await store.list();
    expect(stored!.deadline).toMatchObject({ type: 'appeal_civil_judgment', days: 15, documentDate: '2026-11-20', dueDate: '2026-12-05' });
    expect(stored!.urgency).toBe('deadline');
    expect(stored!.parties.authorityInvolved).toContain('tòa án');
  });

  it('a complaint against the ward is flagged as a conflict for an independent lawyer', async () => {
    const c = new FakeConversation(skill, now);
    const r = await c.say('Cán bộ địa chính phường đòi tôi đưa tiền mới làm hồ sơ sang tên, tôi muốn tố cáo.');
    expect(r.outcome.behavior).toBe('escalate');
    expect(r.text).toMatch(/luật sư độc lập/);
  });

  it('moving on to a new question drops the unfinished intake', async () => {
    const c = new FakeConversation(skill, now);
    await c.say('Hàng xóm xây tường lấn sang đất nhà tôi, hòa giải không thành');
    const r = await c.say('làm giấy khai sinh cho con cần gì');
    expect(c.nextCalls).toBe(1);
    expect(r.outcome.behavior).toBe('answer');
    expect(await store.list()).toHaveLength(0);
  });
});
