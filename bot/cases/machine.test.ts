import { describe, expect, it } from 'vitest';
import { AppError } from '../../knowledge/errors.js';
import { CASE_STATUSES, type Case, type CaseStatus } from './model.js';
import { canTransition, decide, TRANSITIONS, type CaseCommand } from './machine.js';

const NOW = new Date('2026-11-30T02:00:00.000Z');

function aCase(status: CaseStatus, over: Partial<Case> = {}): Case {
  return {
    id: 'HN-00004-TV-0001-2026',
    status,
    version: 3,
    channel: 'directline',
    servicePoint: '00004',
    address: { channelId: 'directline', conversationId: 'c1', userId: 'u1', reference: {} },
    userId: 'u1',
    conversationId: 'c1',
    area: 'DAT_DAI',
    confidence: 0.8,
    secondaryAreas: [],
    signals: [],
    urgency: 'routine',
    parties: { adverseParties: [], authorityInvolved: [], conflictServicePointAuthority: false },
    service: 'advice',
    limitedScopeAcknowledged: true,
    contact: { safeToContact: true, method: 'this_channel' },
    summary: 'Tranh chấp đất',
    consent: { textVersion: 'v1', purposes: ['legal_advice'], sensitiveDataAck: true, method: 'button', givenAt: NOW.toISOString() },
    retentionUntil: '2027-11-30',
    citedArticles: [],
    language: 'vi',
    conflictWithServicePoint: false,
    slaDueAt: '2026-12-07T10:00:00.000Z',
    declinedBy: [],
    flagged: false,
    announced: false,
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    ...over,
  };
}

const offer: CaseCommand = { type: 'offer', lawyerId: 'L2', offerExpiresAt: '2026-11-30T06:00:00.000Z', expectedContactAt: NOW.toISOString() };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? err.code : 'not an AppError';
  }
  return undefined;
}

describe('case status machine', () => {
  it('closed is final and every other status can be closed', () => {
    expect(TRANSITIONS.closed).toEqual([]);
    for (const s of CASE_STATUSES.filter((x) => x !== 'closed')) expect(canTransition(s, 'closed')).toBe(true);
  });

  it.each<[CaseStatus, CaseCommand['type'], boolean]>([
    ['open', 'offer', true],
    ['open', 'wait', true],
    ['open', 'accept', false],
    ['waiting', 'offer', true],
    ['offered', 'accept', true],
    ['offered', 'wait', true],
    ['offered', 'end_by_citizen', false],
    ['assigned', 'connect', true],
    ['live', 'end_by_citizen', true],
    ['live', 'offer', true],
    ['live', 'wait', false],
    ['ended_by_citizen', 'accept', false],
    ['ended_by_citizen', 'offer', true],
    ['closed', 'offer', false],
  ])('%s --%s--> allowed: %s', (status, type, allowed) => {
    const cmds: Record<CaseCommand['type'], CaseCommand> = {
      offer,
      wait: { type: 'wait', flagReason: 'Không có luật sư' },
      accept: { type: 'accept', lawyerId: 'L1' },
      connect: { type: 'connect', lawyerId: 'L1' },
      end_by_citizen: { type: 'end_by_citizen' },
      close: { type: 'close', outcome: 'advised', by: { coordinator: true } },
    };
    const code = codeOf(() => decide(aCase(status, { lawyerId: 'L1' }), cmds[type], NOW));
    expect(code === undefined).toBe(allowed);
  });

  it('only the offered lawyer may accept; accepting sets the times and clears the offer and flags', () => {
    const c = aCase('offered', { lawyerId: 'L1', offerExpiresAt: '2026-11-30T06:00:00.000Z', flagged: true, flagReason: 'x' });
    expect(codeOf(() => decide(c, { type: 'accept', lawyerId: 'L2' }, NOW))).toBe('conflict:handoff_not_offered');
    const change = decide(c, { type: 'accept', lawyerId: 'L1' }, NOW);
    expect(change).toMatchObject({ from: 'offered', to: 'live', version: 3, audit: { kind: 'offered->live', actor: 'lawyer:L1' } });
    expect(change.patch).toEqual({ acceptedAt: NOW.toISOString(), liveAt: NOW.toISOString(), offerExpiresAt: undefined, flagged: false, flagReason: undefined });
    expect('offerExpiresAt' in change.patch).toBe(true);
  });

  it('a re-offer after a decline remembers who declined, once', () => {
    const c = aCase('offered', { lawyerId: 'L1', declinedBy: ['L0'] });
    expect(decide(c, { ...offer, previousLawyerDeclined: 'L1' }, NOW).patch.declinedBy).toEqual(['L0', 'L1']);
    expect(decide(c, { ...offer, previousLawyerDeclined: 'L0' }, NOW).patch.declinedBy).toBeUndefined();
    const waiting = decide(c, { type: 'wait', flagReason: 'Hết luật sư', previousLawyerDeclined: 'L1' }, NOW);
    expect(waiting.patch).toMatchObject({ lawyerId: undefined, flagged: true, flagReason: 'Hết luật sư', declinedBy: ['L0', 'L1'] });
  });

  it('an offer flags only when routing compromised', () => {
    expect(decide(aCase('waiting'), offer, NOW).patch.flagged).toBeUndefined();
    expect(decide(aCase('waiting'), { ...offer, flagReason: 'Không có luật sư đúng chuyên môn' }, NOW).patch).toMatchObject({ flagged: true, lawyerId: 'L2', offeredAt: NOW.toISOString() });
  });

  it('a lawyer closes only a case they hold; the coordinator closes any open case', () => {
    const c = aCase('live', { lawyerId: 'L1' });
    expect(codeOf(() => decide(c, { type: 'close', outcome: 'advised', by: { lawyerId: 'L2' } }, NOW))).toBe('forbidden:handoff_close');
    expect(decide(c, { type: 'close', outcome: 'advised', by: { lawyerId: 'L1' } }, NOW).patch).toMatchObject({ outcome: 'advised', closedAt: NOW.toISOString() });
    expect(decide(aCase('waiting'), { type: 'close', outcome: 'no_response', by: { coordinator: true } }, NOW).audit.actor).toBe('coordinator');
    expect(codeOf(() => decide(aCase('closed'), { type: 'close', outcome: 'advised', by: { coordinator: true } }, NOW))).toBe('conflict:handoff_closed');
  });

  it('the citizen can only leave a live chat', () => {
    expect(codeOf(() => decide(aCase('offered'), { type: 'end_by_citizen' }, NOW))).toBe('conflict:handoff_not_live');
    expect(decide(aCase('live'), { type: 'end_by_citizen' }, NOW).to).toBe('ended_by_citizen');
  });
});
