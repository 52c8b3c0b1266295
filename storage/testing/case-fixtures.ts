import type { Case, CaseChange, CaseIntake, CaseRouting } from '../../bot/ports/index.js';

/** A case as triage opens it: an inheritance dispute at Phường Ba Đình, consent given (store tests). */
export function caseIntake(overrides: Partial<CaseIntake> = {}): CaseIntake {
  return {
    channel: 'directline',
    servicePoint: 'Phường Ba Đình',
    address: { channelId: 'directline', conversationId: 'conv-1', userId: 'user-1', reference: { serviceUrl: 'x' } },
    area: 'THUA_KE',
    confidence: 0.82,
    secondaryAreas: ['DAT_DAI'],
    signals: ['adverse_party', 'land'],
    urgency: 'routine',
    parties: { adverseParties: [{ name: 'anh cả', role: 'đồng thừa kế' }], authorityInvolved: [], conflictServicePointAuthority: false },
    service: 'advice',
    limitedScopeAcknowledged: true,
    contact: { safeToContact: true, preferredTime: 'buổi sáng', method: 'this_channel' },
    summary: 'Bố mẹ mất không để lại di chúc, anh cả giữ sổ đỏ không chia.',
    consent: { textVersion: 'triage-consent-v1', purposes: ['legal_advice'], sensitiveDataAck: true, method: 'button:dong-y', givenAt: '2026-11-26T10:00:00.000Z' },
    retentionUntil: '2027-11-26',
    citedArticles: [],
    ...overrides,
  };
}

export const caseRouting: CaseRouting = { ward: '00004', legalArea: 'THUA_KE', language: 'vi', conflictWithServicePoint: false, slaDueAt: '2026-12-03T10:00:00.000Z' };

/** Moves as the status machine would decide them (the machine has its own tests in bot/cases). */
export const offerTo = (c: Case, lawyerId: string, patch: CaseChange['patch'] = {}): CaseChange => ({
  from: c.status,
  to: 'offered',
  version: c.version,
  patch: { lawyerId, offeredAt: '2026-11-26T10:00:00.000Z', offerExpiresAt: '2026-11-26T14:00:00.000Z', ...patch },
  audit: { kind: `${c.status}->offered`, actor: 'system:rota', detail: `lawyer=${lawyerId}` },
});

export const acceptBy = (c: Case, lawyerId: string): CaseChange => ({
  from: c.status,
  to: 'live',
  version: c.version,
  patch: { acceptedAt: '2026-11-26T10:05:00.000Z', liveAt: '2026-11-26T10:05:00.000Z', offerExpiresAt: undefined, flagged: false, flagReason: undefined },
  audit: { kind: `${c.status}->live`, actor: `lawyer:${lawyerId}` },
});
