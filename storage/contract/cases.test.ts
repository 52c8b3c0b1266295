import { afterEach, describe, expect, it } from 'vitest';
import type { Case, CaseChange, CaseIntake, Offer } from '../../bot/ports/index.js';
import { domainEngineTitle, domainStoreEngines } from './engines-stores.js';
import { acceptBy as accept, caseIntake, caseRouting as routing, offerTo as offerWith } from '../testing/case-fixtures.js';

/** The case repository port (`bot/ports/cases.ts`, CaseRepository) on every engine. */
const engines = await domainStoreEngines();

const intake = caseIntake;
const offerTo = (c: Case, lawyerId: string): CaseChange => offerWith(c, lawyerId, { declinedBy: ['law-0'] });
const offer = (id: string, caseId: string, lawyerId: string, offeredAt: string, expiresAt: string): Offer => ({ id, caseId, lawyerId, offeredAt, expiresAt, status: 'offered' });

for (const engine of engines) {
  describe.skipIf(engine.skipReason !== undefined)(domainEngineTitle('cases', engine), () => {
    afterEach(() => engine.cleanup());

    it('allocates per-ward, per-year ids, round-trips intake and routing, audits the opening and seals the free text', async () => {
      const store = await engine.open();
      const { cases } = store.handles[0]!;
      const a = await cases.create(intake({ deadline: { type: 'appeal', dueDate: '2026-12-10' } as CaseIntake['deadline'], botVersion: 'v9' }), routing);
      const b = await cases.create(intake({ eligibility: { poor: true } as unknown as CaseIntake['eligibility'] }), { ...routing, ward: undefined, legalArea: undefined, conflictWithServicePoint: true });
      const c = await cases.create(intake({ servicePoint: 'Xã Sóc Sơn' }), routing);
      expect([a.id, b.id, c.id]).toEqual(['HN-BADINH-TV-0001-2026', 'HN-BADINH-TV-0002-2026', 'HN-SOCSON-TV-0001-2026']);
      const got = (await cases.get(a.id))!;
      expect(got).toEqual(a);
      expect(got).toMatchObject({
        status: 'open', version: 1, channel: 'directline', servicePoint: 'Phường Ba Đình', userId: 'user-1', conversationId: 'conv-1',
        area: 'THUA_KE', confidence: 0.82, secondaryAreas: ['DAT_DAI'], signals: ['adverse_party', 'land'], limitedScopeAcknowledged: true,
        deadline: { type: 'appeal', dueDate: '2026-12-10' }, botVersion: 'v9', declinedBy: [], flagged: false, announced: false,
        createdAt: '2026-11-26T10:00:00.000Z', updatedAt: '2026-11-26T10:00:00.000Z', ...routing,
      });
      expect(got.parties.adverseParties[0]!.name).toBe('anh cả');
      expect(got.contact).toEqual({ safeToContact: true, preferredTime: 'buổi sáng', method: 'this_channel' });
      expect(got.eligibility).toBeUndefined();
      expect((await cases.get(b.id))!).toMatchObject({ eligibility: { poor: true }, conflictWithServicePoint: true });
      expect((await cases.get(b.id))!.ward).toBeUndefined();
      expect(await cases.get('HN-NONE')).toBeUndefined();
      expect(await cases.events(a.id)).toEqual([{ at: '2026-11-26T10:00:00.000Z', kind: 'opened', actor: 'citizen', detail: 'routine', }]);
      const raw = JSON.stringify(await store.sql(`SELECT summary_enc, parties_enc, contact_enc, eligibility_enc FROM cases`));
      expect(raw).not.toContain('anh cả');
      expect(raw).not.toContain('buổi sáng');
      store.clock.now = new Date('2027-01-02T00:00:00Z');
      expect((await cases.create(intake(), routing)).id).toBe('HN-BADINH-TV-0001-2027');
    });

    it('applies a move only at the status and version it was decided on', async () => {
      const store = await engine.open();
      const { cases } = store.handles[0]!;
      const c = await cases.create(intake(), routing);
      store.clock.now = new Date('2026-11-26T10:01:00.000Z');
      const offered = await cases.apply(c.id, offerTo(c, 'law-1'));
      expect(offered).toMatchObject({ status: 'offered', version: 2, lawyerId: 'law-1', offerExpiresAt: '2026-11-26T14:00:00.000Z', declinedBy: ['law-0'], updatedAt: '2026-11-26T10:01:00.000Z' });
      const first = accept(offered, 'law-1');
      const live = await cases.apply(c.id, first);
      expect(live).toMatchObject({ status: 'live', version: 3, acceptedAt: '2026-11-26T10:05:00.000Z', flagged: false });
      expect(live.offerExpiresAt).toBeUndefined();
      await expect(cases.apply(c.id, accept(offered, 'law-1'))).rejects.toMatchObject({ code: 'conflict:case_status' });
      await expect(cases.apply(c.id, { ...first, from: 'live', version: 2 })).rejects.toMatchObject({ code: 'conflict:case_status' });
      await expect(cases.apply('HN-NONE', first)).rejects.toMatchObject({ code: 'not_found:case' });
      await expect(cases.apply(c.id, { ...first, from: 'live', version: 3, patch: { status: 'x' } as never })).rejects.toMatchObject({ code: 'internal:case_patch' });
      expect((await cases.get(c.id))!.version).toBe(3);
      // A flag is no move: no version bump, so it never races a lawyer.
      expect(await cases.annotate(c.id, { flagged: true, flagReason: 'Quá hạn' })).toMatchObject({ version: 3, flagged: true, flagReason: 'Quá hạn' });
      expect(await cases.annotate(c.id, { announced: true, flagReason: undefined })).toMatchObject({ announced: true, flagged: true, flagReason: undefined });
      await expect(cases.annotate(c.id, { lawyerId: 'x' } as never)).rejects.toMatchObject({ code: 'internal:case_patch' });
      await expect(cases.annotate('HN-NONE', { flagged: true })).rejects.toMatchObject({ code: 'not_found:case' });
      const trail = await cases.events(c.id);
      expect(trail.map((e) => [e.kind, e.actor, e.detail])).toEqual([
        ['opened', 'citizen', 'routine'],
        ['open->offered', 'system:rota', 'lawyer=law-1'],
        ['offered->live', 'lawyer:law-1', undefined],
      ]);
    });

    it("takes triage's later corrections, keeping what the correction leaves out, audited", async () => {
      const store = await engine.open();
      const { cases } = store.handles[0]!;
      const c = await cases.create(intake({ deadline: { type: 'appeal', dueDate: '2026-12-10' } as CaseIntake['deadline'] }), routing);
      const urgent = await cases.updateIntake(c.id, { urgency: 'deadline' });
      expect(urgent).toMatchObject({ urgency: 'deadline', deadline: { type: 'appeal', dueDate: '2026-12-10' }, version: 1 });
      const dated = await cases.updateIntake(c.id, { deadline: { type: 'appeal', dueDate: '2026-12-01' } as CaseIntake['deadline'] });
      expect(dated).toMatchObject({ urgency: 'deadline', deadline: { dueDate: '2026-12-01' } });
      expect((await cases.events(c.id)).map((e) => [e.kind, e.detail])).toEqual([['opened', 'routine'], ['triage_updated', 'deadline'], ['triage_updated', 'deadline']]);
      await expect(cases.updateIntake('HN-NONE', { urgency: 'soon' })).rejects.toMatchObject({ code: 'not_found:case' });
    });

    it('lists by filter in service-level order and finds a conversation\'s cases newest first', async () => {
      const store = await engine.open();
      const { cases } = store.handles[0]!;
      const late = await cases.create(intake(), { ...routing, slaDueAt: '2026-12-05T00:00:00.000Z' });
      store.clock.now = new Date('2026-11-26T11:00:00.000Z');
      const soon = await cases.create(intake({ servicePoint: 'Phường Hoàn Kiếm' }), { ...routing, ward: '00070', slaDueAt: '2026-11-27T00:00:00.000Z' });
      store.clock.now = new Date('2026-11-26T12:00:00.000Z');
      const other = await cases.create(intake({ address: { channelId: 'zalo', conversationId: 'conv-1', userId: 'user-2', reference: {} } }), routing);
      await cases.apply(soon.id, offerTo(soon, 'law-1'));
      await cases.annotate(late.id, { flagged: true });
      expect((await cases.list()).map((c) => c.id)).toEqual([soon.id, other.id, late.id]);
      expect((await cases.list({ limit: 1 })).map((c) => c.id)).toEqual([soon.id]);
      expect((await cases.list({ statuses: ['open'] })).map((c) => c.id)).toEqual([other.id, late.id]);
      expect((await cases.list({ statuses: ['offered', 'live'], lawyerId: 'law-1' })).map((c) => c.id)).toEqual([soon.id]);
      expect((await cases.list({ wards: ['00070', '99999'] })).map((c) => c.id)).toEqual([soon.id]);
      expect(await cases.list({ wards: [] })).toEqual([]);
      expect((await cases.list({ servicePoint: 'Phường Ba Đình' })).map((c) => c.id)).toEqual([other.id, late.id]);
      expect((await cases.list({ flaggedOnly: true })).map((c) => c.id)).toEqual([late.id]);
      expect((await cases.findByConversation('directline', 'conv-1', ['open', 'offered']))?.id).toBe(soon.id);
      expect((await cases.findByConversation('directline', 'conv-1', ['open']))?.id).toBe(late.id);
      expect((await cases.findByConversation('zalo', 'conv-1', ['open']))?.id).toBe(other.id);
      expect(await cases.findByConversation('directline', 'conv-1', [])).toBeUndefined();
      expect(await cases.findByConversation('directline', 'conv-9', ['open'])).toBeUndefined();
      expect((await cases.listByConversation('conv-1')).map((c) => c.id)).toEqual([other.id, soon.id, late.id]);
    });

    it('answers each offer once and counts what lawyers hold', async () => {
      const store = await engine.open();
      const { cases } = store.handles[0]!;
      const c = await cases.create(intake(), routing);
      const d = await cases.create(intake(), routing);
      await cases.addOffer(offer('o1', c.id, 'law-1', '2026-11-26T10:00:00.000Z', '2026-11-26T11:00:00.000Z'));
      await cases.addOffer(offer('o2', d.id, 'law-1', '2026-11-26T10:30:00.000Z', '2026-11-26T12:00:00.000Z'));
      await cases.addOffer(offer('o3', d.id, 'law-2', '2026-11-26T09:00:00.000Z', '2026-11-26T10:00:00.000Z'));
      await expect(cases.addOffer(offer('o1', d.id, 'law-3', '2026-11-26T10:00:00.000Z', '2026-11-26T11:00:00.000Z'))).rejects.toThrow();
      await cases.apply(c.id, offerTo(c, 'law-1'));
      expect((await cases.expiredOffers(new Date('2026-11-26T11:00:00Z'))).map((o) => o.id)).toEqual(['o3', 'o1']);
      expect(await cases.answerOffer('o1', { status: 'declined', respondedAt: '2026-11-26T10:30:00.000Z', reason: 'bận', conflictOfInterest: true })).toBe(true);
      expect(await cases.answerOffer('o1', { status: 'accepted', respondedAt: '2026-11-26T10:31:00.000Z' })).toBe(false);
      expect(await cases.answerOffer('nope', { status: 'accepted', respondedAt: '2026-11-26T10:31:00.000Z' })).toBe(false);
      expect(await cases.answerOffer('o3', { status: 'expired', respondedAt: '2026-11-26T10:32:00.000Z' })).toBe(true);
      expect(await cases.listOffers(c.id)).toEqual([
        { id: 'o1', caseId: c.id, lawyerId: 'law-1', offeredAt: '2026-11-26T10:00:00.000Z', expiresAt: '2026-11-26T11:00:00.000Z', status: 'declined', reason: 'bận', conflictOfInterest: true, respondedAt: '2026-11-26T10:30:00.000Z' },
      ]);
      expect((await cases.listOffers(d.id)).map((o) => [o.id, o.status, o.conflictOfInterest, o.reason])).toEqual([['o3', 'expired', undefined, undefined], ['o2', 'offered', undefined, undefined]]);
      expect((await cases.expiredOffers(new Date('2026-11-26T12:00:00Z'))).map((o) => o.id)).toEqual(['o2']);
      expect(await cases.lawyerLoads()).toEqual(
        new Map([
          ['law-1', { openCases: 1, lastAssignedAt: '2026-11-26T10:30:00.000Z' }],
          ['law-2', { openCases: 0, lastAssignedAt: '2026-11-26T09:00:00.000Z' }],
        ]),
      );
      expect(await cases.caseIdsOfferedTo('law-1')).toEqual(new Set([c.id, d.id]));
      expect(await cases.caseIdsOfferedTo('law-9')).toEqual(new Set());
    });

    it('deletes on request and after the retention date, with offers and audit', async () => {
      const store = await engine.open();
      const { cases } = store.handles[0]!;
      const kept = await cases.create(intake(), routing);
      const kept2 = await cases.create(intake({ retentionUntil: '2028-01-01' }), routing);
      const old = await cases.create(intake({ address: { channelId: 'zalo', conversationId: 'c2', userId: 'user-2', reference: {} }, retentionUntil: '2026-12-01' }), routing);
      await cases.addOffer(offer('o1', old.id, 'law-1', '2026-11-26T10:00:00.000Z', '2026-11-26T11:00:00.000Z'));
      expect(await cases.expiredIds(new Date('2026-12-02T00:00:00Z'))).toEqual([old.id]);
      expect(await cases.expiredIds(new Date('2026-11-30T23:00:00Z'))).toEqual([]);
      expect(await cases.deleteCases([])).toBe(0);
      expect(await cases.deleteCases([old.id, 'HN-NONE'])).toBe(1);
      expect(await cases.listOffers(old.id)).toEqual([]);
      expect(await cases.events(old.id)).toEqual([]);
      expect(await store.sql(`SELECT COUNT(*) AS n FROM case_events WHERE case_id = '${old.id}'`)).toEqual([{ n: 0 }]);
      expect((await cases.deleteByUser('user-1')).sort()).toEqual([kept.id, kept2.id].sort());
      expect(await cases.deleteByUser('user-1')).toEqual([]);
      expect(await cases.list()).toEqual([]);
    });

    it('two processes opening cases at once get distinct, gapless ids', async () => {
      const store = await engine.open(2);
      const [p1, p2] = store.handles;
      const made = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? p1! : p2!).cases.create(intake(), routing)));
      expect(made.map((c) => c.id).sort()).toEqual(Array.from({ length: 16 }, (_, i) => `HN-BADINH-TV-${String(i + 1).padStart(4, '0')}-2026`));
      expect(await store.sql('SELECT COUNT(*) AS n FROM case_events')).toEqual([{ n: 16 }]);
    });

    it('two lawyers in two processes accepting the same case at once: exactly one wins, each round', async () => {
      const store = await engine.open(2);
      const [p1, p2] = store.handles;
      for (let round = 0; round < 8; round++) {
        const c = await p1!.cases.create(intake(), routing);
        const offered = await p1!.cases.apply(c.id, offerTo(c, 'law-1'));
        await p1!.cases.addOffer(offer(`o${round}`, c.id, 'law-1', '2026-11-26T10:00:00.000Z', '2026-11-26T14:00:00.000Z'));
        // Both read the case as offered at version 2 and decided their move on it.
        const seen = [(await p1!.cases.get(c.id))!, (await p2!.cases.get(c.id))!];
        const answers = await Promise.all([
          p1!.cases.answerOffer(`o${round}`, { status: 'accepted', respondedAt: '2026-11-26T10:05:00.000Z' }),
          p2!.cases.answerOffer(`o${round}`, { status: 'expired', respondedAt: '2026-11-26T10:05:00.000Z' }),
        ]);
        expect(answers.filter(Boolean)).toHaveLength(1);
        const moves = await Promise.allSettled([p1!.cases.apply(c.id, accept(seen[0]!, 'law-1')), p2!.cases.apply(c.id, { ...accept(seen[1]!, 'law-2'), to: 'offered', patch: { lawyerId: 'law-2' } })]);
        const won = moves.filter((m) => m.status === 'fulfilled');
        const lost = moves.filter((m): m is PromiseRejectedResult => m.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost.map((m) => (m.reason as { code?: string }).code)).toEqual(['conflict:case_status']);
        const final = (await p2!.cases.get(c.id))!;
        expect(final.version).toBe(offered.version + 1);
        expect((await p1!.cases.events(c.id)).length).toBe(3);
      }
    });
  });
}
