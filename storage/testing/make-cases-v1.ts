/**
 * Produces `fixtures/cases-v1.sqlite`: a legal-aid database written by the version with two
 * case models (triage's `cases` and routing's `handoff_cases`, kept in step by `mirror()`),
 * with cases in every status of both, offers, transcript entries and notes, sealed with
 * `CASES_V1_KEY_HEX`. It also writes `fixtures/cases-v1.expected.json`: what the old stores
 * read back (decrypted), which the migration test compares the new store against.
 *
 * It ran at the commit that added it (the two-model code is gone after the merge); to run it
 * again: `git worktree add /tmp/v1 <that commit> && cd /tmp/v1 && npx tsx storage/testing/make-cases-v1.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromLocal } from '../../bot/handoff/index.js';
import { FakeClock, FakeProactiveSender, lawyer, point, shift } from '../../bot/handoff/testing/fixtures.js';
import { createLegalAid, fieldCipher } from '../../channels/console/legal-aid.js';
import { SqliteCaseStore, type NewCase } from '../case-store.js';
import { createSecretBox } from '../crypto.js';
import { openDatabase } from '../sqlite.js';
import { CASES_V1_KEY_HEX } from './cases-v1.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'fixtures', 'cases-v1.sqlite');
for (const f of [out, `${out}-wal`, `${out}-shm`]) fs.rmSync(f, { force: true });

const clock = new FakeClock(fromLocal('2026-11-30', '09:00'));
let seq = 0;
const newId = () => `id-${String(++seq).padStart(4, '0')}`;
const db = openDatabase(out);
const cipher = fieldCipher(createSecretBox(Buffer.from(CASES_V1_KEY_HEX, 'hex')));
const sender = new FakeProactiveSender();
const aid = await createLegalAid({ db, cipher, now: clock.now, newId, tickIntervalMs: 0 });
aid.lawyers.attach({ db, senders: (ch) => (ch === 'directline' ? sender : undefined) });
const { rota, notes } = aid.lawyers.stores;
const service = aid.lawyers.service;

const newCase = (n: number, over: Partial<NewCase> = {}): NewCase => ({
  channel: 'directline',
  servicePoint: '00004',
  address: { channelId: 'directline', conversationId: `conv-${n}`, userId: `user-${n}`, reference: { serviceUrl: 'http://local', n } },
  area: 'DAT_DAI',
  confidence: 0.8,
  secondaryAreas: ['THUA_KE'],
  signals: ['adverse_party'],
  urgency: 'routine',
  parties: { adverseParties: [{ name: 'anh cả', role: 'anh cả' }], authorityInvolved: ['UBND phường/xã'], conflictServicePointAuthority: false },
  eligibility: { groupClaimed: 'ho_ngheo', clause: '7.2', financialDifficulty: 'yes', proofAvailable: 'unknown', proofDocuments: ['Giấy chứng nhận hộ nghèo'], referToTgplCenter: true },
  service: 'advice',
  limitedScopeAcknowledged: true,
  contact: { safeToContact: true, preferredTime: 'buổi sáng', method: 'this_channel' },
  summary: `Đất đai: tranh chấp ranh giới với anh cả, hồ sơ số ${n}.`,
  consent: { textVersion: 'triage-consent-v1', purposes: ['legal_advice', 'conflict_check'], sensitiveDataAck: true, method: 'Đồng ý', givenAt: clock.now().toISOString() },
  retentionUntil: '2027-11-30',
  botVersion: 'fixture-v1',
  ...over,
});
const step = () => clock.advance(60_000);

rota.upsertServicePoints([point('00004', ['00008']), point('00008', ['00004']), point('00190')]);

// 1. No lawyer on the rota yet: waiting (triage: open), flagged for the coordinator.
const waiting = await aid.caseStore.open(newCase(1, { area: 'HINH_SU', signals: ['court_police'], urgency: '3_working_days' }));
step();

rota.importRota({
  lawyers: [
    lawyer('L1', { name: 'Nguyễn Văn Mẫu', maxOpenCases: 10, zaloUserId: 'zl-1' }),
    lawyer('L2', { name: 'Trần Thị Thử', specialties: ['HON_NHAN_GIA_DINH'], maxOpenCases: 10 }),
    lawyer('L3', { name: 'Lê Văn Ví Dụ', maxOpenCases: 10 }),
  ],
  schedule: { shifts: [shift('L1', '00004', 1), shift('L2', '00004', 1), shift('L3', '00008', 1)], exceptions: [] },
});

// 2. Offered, not answered.
const offered = await aid.caseStore.open(newCase(2));
step();

// 3. Live: accepted, messages both ways, a private note.
const live = await aid.caseStore.open(newCase(3));
step();
const liveLawyer = (await service.getCase(live.id))!.lawyerId!;
await service.accept(live.id, liveLawyer);
step();
await service.citizenMessage(live.id, 'Chào luật sư, nhà tôi ở ngõ 12, anh cả xây lấn sang 1 mét.');
step();
await service.lawyerReply(live.id, liveLawyer, 'Chào anh/chị, anh/chị có sổ đỏ và bản đồ địa chính không?');
notes.add({ caseId: live.id, authorId: `lawyer:${liveLawyer}`, authorName: 'LS Mẫu', text: 'Cần xem trích lục bản đồ; có thể hoà giải ở phường.' });
step();

// 4. Declined once, re-offered to another lawyer (triage: offered, declinedBy the first).
const reoffered = await aid.caseStore.open(newCase(4));
step();
const first = (await service.getCase(reoffered.id))!.lawyerId!;
await service.decline(reoffered.id, first, 'Đang quá tải tuần này');
step();

// 5. Declined by everyone: back to waiting (triage: open, declinedBy all), flagged.
const reopened = await aid.caseStore.open(newCase(5, { area: 'HON_NHAN_GIA_DINH', summary: 'Hôn nhân – gia đình: muốn ly hôn, chồng không đồng ý.' }));
step();
for (let i = 0; i < 5; i++) {
  const c = (await service.getCase(reopened.id))!;
  if (c.status !== 'offered') break;
  await service.decline(reopened.id, c.lawyerId!, i === 0 ? 'Xung đột lợi ích' : 'Không nhận thêm', i === 0);
  step();
}

// 6. A deadline (urgency 24h → deadline), articles quoted before the case; later triage update.
const deadline = await aid.caseStore.open(
  newCase(6, {
    urgency: '24h',
    deadline: { type: 'appeal_civil_judgment', days: 15, documentDate: '2026-11-25', dueDate: '2026-12-10', sourceDocument: 'Bản án sơ thẩm' },
    citedArticles: [
      { document: '91/2015/QH13', article: '623', title: 'Thời hiệu thừa kế', url: 'https://example.invalid/91-2015-QH13#623' },
      { document: '31/2024/QH15', article: '236', title: 'Giải quyết tranh chấp đất đai', url: 'https://example.invalid/31-2024-QH15#236' },
    ],
  }),
);
step();
await aid.caseStore.updateTriage(deadline.id, { deadline: { type: 'appeal_civil_judgment', days: 15, documentDate: '2026-11-26', dueDate: '2026-12-11' } });
step();

// 7. Live, then the citizen left (ended_by_citizen).
const ended = await aid.caseStore.open(newCase(7, { contact: { safeToContact: false, method: 'this_channel' } }));
step();
const endedLawyer = (await service.getCase(ended.id))!.lawyerId!;
await service.accept(ended.id, endedLawyer);
step();
await service.citizenMessage(ended.id, 'Cảm ơn luật sư, tôi hiểu rồi.');
step();
await service.endByCitizen(ended.id);
step();

// 8. Closed with an outcome after a live conversation.
const closed = await aid.caseStore.open(newCase(8, { eligibility: undefined, service: 'drafting' }));
step();
const closedLawyer = (await service.getCase(closed.id))!.lawyerId!;
await service.accept(closed.id, closedLawyer);
step();
await service.lawyerReply(closed.id, closedLawyer, 'Tôi đã soạn đơn, anh/chị xem trong tin nhắn sau.');
notes.add({ caseId: closed.id, authorId: `lawyer:${closedLawyer}`, authorName: 'LS', text: 'Đã gửi mẫu đơn khởi kiện.' });
step();
await service.close(closed.id, 'advised', { lawyerId: closedLawyer });
step();

// 9. Closed by the coordinator while waiting (no lawyer).
const coordinatorClosed = await aid.caseStore.open(newCase(9, { servicePoint: 'Phường Không Có' }));
step();
await service.close(coordinatorClosed.id, 'referred_legal_aid', { coordinator: true });
step();

// 10. Triage-only records (the routing never saw them: the lawyer system was not attached):
// one still open, one offered then assigned by hand.
const bare = new SqliteCaseStore(db, { cipher, clock: clock.now });
const unrouted = await bare.open(newCase(10, { servicePoint: 'Phường Ba Đình' }));
step();
const assigned = await bare.open(newCase(11));
step();
await bare.transition(assigned.id, { to: 'offered', lawyerId: 'L1', actor: 'system:rota' });
step();
await bare.transition(assigned.id, { to: 'assigned', lawyerId: 'L1', actor: 'lawyer:L1' });
step();

const ids = [waiting, offered, live, reoffered, reopened, deadline, ended, closed, coordinatorClosed, unrouted, assigned].map((c) => c.id);
const expected = {
  key: 'CASES_V1_KEY_HEX in cases-v1.ts',
  madeAt: clock.now().toISOString(),
  cases: await Promise.all(
    ids.map(async (id) => ({
      record: await aid.caseStore.get(id),
      events: await aid.caseStore.events(id),
      routing: (await service.getCase(id)) ?? null,
      offers: await service.offers(id),
      transcript: await aid.lawyers.stores.transcript.list(id),
      notes: notes.list(id),
    })),
  ),
};
fs.writeFileSync(path.join(here, 'fixtures', 'cases-v1.expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
aid.lawyers.stop();
db.pragma('wal_checkpoint(TRUNCATE)');
db.pragma('journal_mode = DELETE');
db.exec('VACUUM');
db.close();
for (const c of expected.cases) console.log(c.record?.id, c.record?.status, c.routing?.status ?? '-', c.offers.length, c.transcript.length, c.notes.length);
