import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../storage/sqlite.js';
import { SqliteCaseStore } from '../../storage/case-store.js';
import { SqliteRotaStore } from '../../storage/rota-store.js';
import { SqliteTranscriptStore } from '../../storage/console-transcript.js';
import { AppError } from '../../knowledge/errors.js';
import type { Turn, TurnResult } from '../types.js';
import { DEFAULT_CAPABILITIES } from '../types.js';
import { HandoffService, describeDelivery } from './handoff-service.js';
import { createHandoffSkill } from './handoff-skill.js';
import { fromLocal } from './local-time.js';
import type { LawyerNotice, NewCase } from '../ports/cases.js';
import { FakeClock, FakeProactiveSender, lawyer, newCase, point, shift } from './testing/fixtures.js';
import { testBox } from '../../test/legal-aid.js';

let db: Db;
let clock: FakeClock;
let sender: FakeProactiveSender;
let service: HandoffService;
let cases: SqliteCaseStore;
let rotaStore: SqliteRotaStore;
let notices: Array<{ lawyerId: string; notice: LawyerNotice }>;

const address = { channelId: 'directline', conversationId: 'conv-1', userId: 'u1', reference: { x: 1 } };
const opening = (over: Partial<NewCase> = {}): NewCase => newCase({ address, ...over });

beforeEach(async () => {
  db = openDatabase(':memory:');
  clock = new FakeClock(fromLocal('2026-11-30', '09:00'));
  sender = new FakeProactiveSender();
  notices = [];
  rotaStore = new SqliteRotaStore(db);
  rotaStore.upsertServicePoints([point('00004', ['00008']), point('00008', ['00004']), point('00190')]);
  await rotaStore.importRota({
    lawyers: [lawyer('L1'), lawyer('L2'), lawyer('L3', { specialties: ['HON_NHAN_GIA_DINH'] })],
    schedule: { shifts: [shift('L1', '00004', 1), shift('L2', '00008', 1), shift('L3', '00004', 1)], exceptions: [] },
  });
  cases = new SqliteCaseStore(db, { box: testBox(), clock: clock.now });
  service = new HandoffService({
    rota: rotaStore,
    cases,
    transcript: new SqliteTranscriptStore(db, testBox()),
    senders: (ch) => (ch === 'directline' ? sender : undefined),
    notifier: { notify: async (l, notice) => (notices.push({ lawyerId: l.id, notice }), [{ channel: 'webhook', ok: true }]) },
    now: clock.now,
    newId: () => globalThis.crypto.randomUUID(),
    log: () => undefined,
  });
});
afterEach(() => db.close());

describe('HandoffService', () => {
  it('offers a new case to the lawyer on duty and notifies them without personal data', async () => {
    const { case: c, citizenMessage } = await service.openCase(opening());
    expect(c).toMatchObject({ status: 'offered', lawyerId: 'L1', flagged: false });
    expect(citizenMessage.text).toContain('luật sư');
    expect(notices).toEqual([{ lawyerId: 'L1', notice: expect.objectContaining({ kind: 'offer', caseId: c.id, urgency: 'routine' }) }]);
    expect(JSON.stringify(notices)).not.toContain('conv-1');
  });

  it('re-offers to the next lawyer after a decline (conflict of interest), never back to the decliner', async () => {
    const { case: c } = await service.openCase(opening());
    const next = await service.decline(c.id, 'L1', '', true);
    expect(next).toMatchObject({ status: 'offered', lawyerId: 'L2' });
    const offers = await service.offers(c.id);
    expect(offers.map((o) => [o.lawyerId, o.status, o.conflictOfInterest ?? null])).toEqual([
      ['L1', 'declined', true],
      ['L2', 'offered', null],
    ]);
    // No specialist left: a non-specialist gets it, flagged for the coordinator.
    const fallback = await service.decline(c.id, 'L2', 'Đang quá tải');
    expect(fallback).toMatchObject({ status: 'offered', lawyerId: 'L3', flagged: true });
    const last = await service.decline(c.id, 'L3', 'Không đúng chuyên môn');
    expect(last).toMatchObject({ status: 'waiting', flagged: true });
  });

  it('answers an offer once: a double accept tells the citizen only once', async () => {
    const { case: c } = await service.openCase(opening());
    const results = await Promise.allSettled([service.accept(c.id, 'L1'), service.accept(c.id, 'L1')]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(sender.texts().filter((t) => t.includes('đã nhận hồ sơ'))).toHaveLength(1);
  });

  it('requires a reason to decline and only the offered lawyer may answer', async () => {
    const { case: c } = await service.openCase(opening());
    await expect(service.decline(c.id, 'L1', '  ')).rejects.toMatchObject({ code: 'bad_request:decline_reason' });
    await expect(service.accept(c.id, 'L2')).rejects.toMatchObject({ code: 'conflict:handoff_not_offered' });
  });

  it('re-offers automatically when the offer lapses, and flags the case for the coordinator', async () => {
    const { case: c } = await service.openCase(opening({ urgency: 'emergency' }));
    expect(c.lawyerId).toBe('L1');
    clock.advance(29 * 60_000);
    expect((await service.tick()).expiredOffers).toBe(0);
    clock.advance(2 * 60_000);
    const report = await service.tick();
    expect(report).toMatchObject({ expiredOffers: 1, reoffered: 1 });
    const after = await service.getCase(c.id);
    expect(after).toMatchObject({ status: 'offered', lawyerId: 'L2', flagged: true });
    expect(after!.flagReason).toContain('Quá hạn nhận');
  });

  it('flags a breached service level', async () => {
    const { case: c } = await service.openCase(opening({ urgency: 'emergency' }));
    await service.decline(c.id, 'L1', 'bận');
    await service.decline(c.id, 'L2', 'bận');
    clock.advance(2 * 3600_000 + 1000);
    await service.tick();
    expect((await service.getCase(c.id))!.flagReason).toContain('Quá thời hạn phục vụ');
  });

  it('tells the citizen the next session when nobody is on duty', async () => {
    clock.set(fromLocal('2026-11-30', '13:00').toISOString());
    const { case: c, citizenMessage } = await service.openCase(opening());
    expect(c.status).toBe('offered');
    expect(citizenMessage.text).toContain('Phiên trực gần nhất bắt đầu lúc 08:00 thứ Hai, 07/12');
  });

  it('runs the live handoff: accept, relay, reply through the channel, close and give back to the bot', async () => {
    const skill = createHandoffSkill(service);
    const turn = (text: string): Turn => ({
      text, rawText: text, conversationId: 'conv-1', userId: 'u1', channelId: 'directline',
      capabilities: DEFAULT_CAPABILITIES, now: clock.now(), conversation: {}, user: {},
    });
    const botAnswer: TurnResult = { messages: [{ text: 'bot' }], outcome: { behavior: 'answer', procedures: [] } };
    const next = async () => botAnswer;

    const { case: c } = await service.openCase(opening());
    // The turn that opened the case gets the expectation message appended, once.
    const opened = await skill.handle(turn('đồng ý'), next);
    expect(opened.messages.map((m) => m.text)).toEqual(['bot', expect.stringContaining(c.id)]);
    expect((await skill.handle(turn('hello'), next)).messages).toEqual([{ text: 'bot' }]);

    await service.accept(c.id, 'L1');
    expect(sender.texts().at(-1)).toContain('đã nhận hồ sơ');

    const relayed = await skill.handle(turn('Hàng xóm lấn sang đất nhà tôi 2 mét'), next);
    expect(relayed.messages).toEqual([]);
    expect(relayed.outcome.tags).toContain('handoff-relay');

    const reply = await service.lawyerReply(c.id, 'L1', 'Anh/chị chuẩn bị sổ đỏ nhé.');
    expect(reply.delivery).toBe('sent');
    expect(sender.sent.at(-1)!.address).toEqual(address);
    expect(sender.texts().at(-1)).toContain('Anh/chị chuẩn bị sổ đỏ nhé.');

    const transcript = await service.transcript(c.id);
    expect(transcript.filter((e) => e.from !== 'system').map((e) => [e.from, e.text])).toEqual([
      ['citizen', 'Hàng xóm lấn sang đất nhà tôi 2 mét'],
      ['lawyer', 'Anh/chị chuẩn bị sổ đỏ nhé.'],
    ]);

    await service.close(c.id, 'advised', { lawyerId: 'L1' });
    expect(sender.texts().at(-1)).toContain('kết thúc buổi tư vấn');
    expect((await skill.handle(turn('làm cccd ở đâu'), next)).messages).toEqual([{ text: 'bot' }]);
  });

  it('lets the citizen leave with "kết thúc" (also without diacritics)', async () => {
    const skill = createHandoffSkill(service);
    const { case: c } = await service.openCase(opening());
    await service.accept(c.id, 'L1');
    const t: Turn = { text: 'Ket thuc', rawText: 'Ket thuc', conversationId: 'conv-1', userId: 'u1', channelId: 'directline',
      capabilities: DEFAULT_CAPABILITIES, now: clock.now(), conversation: {}, user: {} };
    const r = await skill.handle(t, async () => ({ messages: [{ text: 'bot' }], outcome: { behavior: 'answer', procedures: [] } }));
    expect(r.messages[0]!.text).toContain('kết thúc cuộc trò chuyện với luật sư');
    expect((await service.getCase(c.id))!.status).toBe('ended_by_citizen');
    expect(notices.at(-1)!.notice.kind).toBe('citizen_left');
  });

  it('records and flags a reply the channel could not deliver (Zalo 7-day window)', async () => {
    const { case: c } = await service.openCase(opening());
    await service.accept(c.id, 'L1');
    sender.failWith = new AppError('unavailable:zalo_window', 'no interaction within 7 days (-230)');
    const entry = await service.lawyerReply(c.id, 'L1', 'Xin chào');
    expect(entry).toMatchObject({ delivery: 'failed', deliveryError: expect.stringContaining('zalo_window') });
    expect((await service.getCase(c.id))!).toMatchObject({ flagged: true, flagReason: expect.stringContaining('-230') });
  });

  it('flags a reply sent after the channel reply window (Zalo: 7 days since the citizen last wrote)', async () => {
    const zalo = new FakeProactiveSender();
    const windowed = new HandoffService({
      rota: rotaStore,
      cases,
      transcript: new SqliteTranscriptStore(db, testBox()),
      notifier: { notify: async () => [{ channel: 'console', ok: true }] },
      senders: () => zalo,
      now: clock.now,
      newId: () => globalThis.crypto.randomUUID(),
      log: () => undefined,
      replyWindowMs: (ch) => (ch === 'zalo' ? 7 * 86_400_000 : undefined),
    });
    const { case: c } = await windowed.openCase(opening({ address: { ...address, channelId: 'zalo', conversationId: 'zalo:u9' } }));
    await windowed.accept(c.id, 'L1');
    await windowed.citizenMessage(c.id, 'Chào luật sư');
    clock.advance(6 * 86_400_000);
    expect((await windowed.lawyerReply(c.id, 'L1', 'Trả lời sau 6 ngày')).delivery).toBe('sent');
    clock.advance(2 * 86_400_000);
    const late = await windowed.lawyerReply(c.id, 'L1', 'Trả lời sau 8 ngày');
    expect(late).toMatchObject({ delivery: 'failed', deliveryError: expect.stringContaining('người dân đã 8 ngày không nhắn tin, quá 7 ngày') });
    expect((await windowed.getCase(c.id))!.flagged).toBe(true);
  });

  it('lets a coordinator reassign, withdrawing the open offer', async () => {
    const { case: c } = await service.openCase(opening());
    const r = await service.reassign(c.id, 'L2');
    expect(r).toMatchObject({ status: 'offered', lawyerId: 'L2' });
    expect((await service.offers(c.id)).map((o) => o.status)).toEqual(['withdrawn', 'offered']);
  });
});

describe('describeDelivery (what the lawyer reads when a reply does not arrive)', () => {
  it.each([
    [{ state: 'expired', reason: 'window_closed', detail: '-230 Zalo error -230: User has not interacted with the OA in the last 7 days' }, { silentDays: 9, windowDays: 7 }, ['người dân đã 9 ngày không nhắn tin', 'quá 7 ngày', 'nhắn lại', 'mã lỗi kênh -230'], /User has not|Zalo error/],
    [{ state: 'expired', reason: 'window_closed' }, {}, ['đã hơn 7 ngày không nhắn tin'], /mã lỗi/],
    [{ state: 'undeliverable', reason: 'unfollowed', detail: '-213 user unfollowed' }, {}, ['không gửi được: người dân đã bỏ quan tâm', 'mã lỗi kênh -213'], /unfollowed/],
    [{ state: 'expired', reason: 'retry_deadline', detail: 'not delivered by 2026-12-01T00:00:00.000Z: connect ECONNREFUSED' }, {}, ['hết hạn gửi: kênh không phản hồi'], /ECONNREFUSED|not delivered/],
    [{ state: 'pending', reason: 'retrying', detail: 'HTTP 503' }, {}, ['đang chờ gửi: kênh đang lỗi, hệ thống đang thử gửi lại'], /retrying|HTTP/],
  ] as const)('%o', (report, ctx, contains, never) => {
    const text = describeDelivery(report, ctx);
    for (const c of contains) expect(text).toContain(c);
    expect(text).not.toMatch(never);
  });
});
