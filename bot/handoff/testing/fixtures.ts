import type { NewCase } from '../../cases/model.js';
import type { ConversationAddress, OutgoingMessage, ProactiveSender } from '../../types.js';
import type { Lawyer, Rota, ServicePoint, WeeklyShift } from '../types.js';

/** Fictional lawyers and wards for tests. Monday 2026-11-30 is a working day. */
export function lawyer(id: string, over: Partial<Lawyer> = {}): Lawyer {
  return {
    id,
    name: `Luật sư ${id}`,
    specialties: ['DAT_DAI'],
    languages: ['vi'],
    wards: [],
    maxOpenCases: 3,
    active: true,
    ...over,
  };
}

export function point(code: string, neighbours: string[] = []): ServicePoint {
  return { code, name: `Phường ${code}`, address: `Số 1, phường ${code}`, hours: 'Thứ 2 – Thứ 6, 8:00–17:00', neighbours };
}

let shiftSeq = 0;
export function shift(lawyerId: string, servicePoint: string, weekday: number, start = '08:00', end = '12:00'): WeeklyShift {
  return { id: `s${++shiftSeq}`, lawyerId, servicePoint, weekday, start, end };
}

export function rota(over: Partial<Rota>): Rota {
  return { lawyers: [], servicePoints: [point('00004', ['00008']), point('00008', ['00004']), point('00190')], shifts: [], exceptions: [], ...over };
}

/** Records proactive messages; `failWith` makes every send throw (e.g. Zalo's 7-day window). */
export class FakeProactiveSender implements ProactiveSender {
  readonly sent: Array<{ address: ConversationAddress; messages: OutgoingMessage[] }> = [];
  failWith?: Error;
  async send(address: ConversationAddress, messages: OutgoingMessage[]): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.sent.push({ address, messages });
  }
  texts(): string[] {
    return this.sent.flatMap((s) => s.messages.map((m) => m.text));
  }
}

/** A controllable clock. */
export class FakeClock {
  constructor(private t: Date) {}
  now = (): Date => new Date(this.t);
  set(iso: string): void {
    this.t = new Date(iso);
  }
  advance(ms: number): void {
    this.t = new Date(this.t.getTime() + ms);
  }
}

/**
 * Triage's intake for a test case (the one path to open one: `HandoffService.openCase`):
 * land dispute at ward `00004`, routine, consented, with the fields routing reads overridable.
 */
export function newCase(over: Partial<NewCase> = {}): NewCase {
  return {
    channel: over.address?.channelId ?? 'directline',
    servicePoint: '00004',
    address: { channelId: 'directline', conversationId: 'conv-1', userId: 'u1', reference: { x: 1 } },
    area: 'DAT_DAI',
    confidence: 0.8,
    signals: ['adverse_party'],
    urgency: 'routine',
    parties: { adverseParties: [{ name: 'hàng xóm', role: 'hàng xóm' }], authorityInvolved: [], conflictServicePointAuthority: false },
    service: 'advice',
    limitedScopeAcknowledged: true,
    contact: { safeToContact: true, method: 'this_channel' },
    summary: 'Đất đai: hàng xóm xây lấn sang đất nhà tôi.',
    consent: { textVersion: 'triage-consent-v1', purposes: ['legal_advice'], sensitiveDataAck: true, method: 'Đồng ý', givenAt: '2026-11-30T02:00:00.000Z' },
    retentionUntil: '2027-11-30',
    ...over,
  };
}
