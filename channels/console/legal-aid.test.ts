import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { lawyer, point, shift } from '../../bot/handoff/testing/fixtures.js';
import type { NewCase } from '../../storage/case-store.js';
import { createSecretBox } from '../../storage/crypto.js';
import { openDatabase } from '../../storage/sqlite.js';
import { createLegalAid, fieldCipher } from './legal-aid.js';

const newCase = (userId: string, retentionUntil: string): NewCase => ({
  channel: 'directline',
  servicePoint: '00004',
  address: { channelId: 'directline', conversationId: `conv-${userId}`, userId, reference: {} },
  area: 'DAT_DAI',
  confidence: 0.9,
  signals: ['adverse_party'],
  urgency: 'routine',
  parties: { adverseParties: [], authorityInvolved: [], conflictServicePointAuthority: false },
  service: 'advice',
  limitedScopeAcknowledged: true,
  contact: { safeToContact: true, method: 'this_channel' },
  summary: `Hồ sơ của ${userId}`,
  consent: { textVersion: 'v1', purposes: ['legal_advice'], sensitiveDataAck: true, method: 'button', givenAt: '2026-11-30T02:00:00.000Z' },
  retentionUntil,
});

describe('legal-aid retention', () => {
  it('a case past its retention date goes with its routing record, lawyer chat and notes; others stay', async () => {
    const db = openDatabase(':memory:');
    const aid = await createLegalAid({ db, cipher: fieldCipher(createSecretBox(randomBytes(32))), tickIntervalMs: 0, now: () => new Date('2026-12-01T03:00:00Z') });
    const { rota, transcript, notes, routing } = aid.lawyers.stores;
    rota.upsertServicePoints([point('00004', [])]);
    rota.importRota({ lawyers: [lawyer('L1')], schedule: { shifts: [shift('L1', '00004', 2)], exceptions: [] } });
    const old = await aid.caseStore.open(newCase('cu', '2026-12-31'));
    const kept = await aid.caseStore.open(newCase('moi', '2027-12-31'));
    await aid.lawyers.service.citizenMessage(old.id, 'Tin nhắn cũ');
    notes.add({ caseId: old.id, authorId: 'u1', authorName: 'LS', text: 'Ghi chú cũ' });
    expect(await routing.getCase(old.id)).toBeDefined();
    expect((await transcript.list(old.id)).length).toBeGreaterThan(0);

    expect(await aid.purgeExpired(new Date('2027-01-05T00:00:00Z'))).toBe(1);
    expect(await aid.caseStore.get(old.id)).toBeUndefined();
    expect(await routing.getCase(old.id)).toBeUndefined();
    expect(await transcript.list(old.id)).toEqual([]);
    expect(notes.list(old.id)).toEqual([]);
    expect(await aid.caseStore.get(kept.id)).toBeDefined();
    expect(await routing.getCase(kept.id)).toBeDefined();
    aid.lawyers.stop();
    db.close();
  });
});
