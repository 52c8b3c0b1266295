import { describe, expect, it } from 'vitest';
import { addWorkingDays, addWorkingHours, fromLocal, localParts } from './local-time.js';
import { chooseLawyer, dutySlots, offerExpiresAt, slaDueAt, urgencyFromDeadline, type LawyerLoad } from './rota-engine.js';
import { lawyer, rota, shift } from './testing/fixtures.js';

// Monday 2026-11-30, 09:00 Hà Nội time.
const MON_9 = fromLocal('2026-11-30', '09:00');
const none = new Map<string, LawyerLoad>();

const base = rota({
  lawyers: [
    lawyer('L1'),
    lawyer('L2'),
    lawyer('L3', { specialties: ['HON_NHAN_GIA_DINH'] }),
    lawyer('L4'),
  ],
  shifts: [shift('L1', '00004', 1), shift('L2', '00008', 1), shift('L3', '00004', 1), shift('L4', '00004', 2)],
});

describe('local time', () => {
  it('converts Hà Nội local time (UTC+7) both ways', () => {
    expect(MON_9.toISOString()).toBe('2026-11-30T02:00:00.000Z');
    expect(localParts(MON_9)).toEqual({ date: '2026-11-30', weekday: 1, minutes: 540 });
  });
  it('adds working hours across the evening and the weekend', () => {
    const fri16 = fromLocal('2026-12-04', '16:00');
    expect(addWorkingHours(fri16, 4).toISOString()).toBe(fromLocal('2026-12-07', '11:00').toISOString());
    expect(addWorkingDays(fromLocal('2026-12-05', '10:00'), 1).toISOString()).toBe(fromLocal('2026-12-07', '17:00').toISOString());
  });
});

describe('dutySlots', () => {
  it('materialises weekly shifts and drops days of leave', () => {
    const r = { ...base, exceptions: [{ id: 'x', lawyerId: 'L4', kind: 'leave' as const, date: '2026-12-01', dateTo: '2026-12-01' }] };
    const slots = dutySlots(r, MON_9, fromLocal('2026-12-09', '00:00'));
    expect(slots.filter((s) => s.lawyerId === 'L4').map((s) => localParts(s.start).date)).toEqual(['2026-12-08']);
    expect(slots.filter((s) => s.lawyerId === 'L1').map((s) => localParts(s.start).date)).toEqual(['2026-11-30', '2026-12-07']);
  });
  it('adds one-off extra slots', () => {
    const r = { ...base, exceptions: [{ id: 'e', lawyerId: 'L3', kind: 'extra' as const, date: '2026-12-02', servicePoint: '00190', start: '14:00', end: '16:00' }] };
    const slots = dutySlots(r, MON_9, fromLocal('2026-12-03', '00:00'));
    expect(slots.some((s) => s.lawyerId === 'L3' && s.servicePoint === '00190' && localParts(s.start).date === '2026-12-02')).toBe(true);
  });
});

describe('chooseLawyer', () => {
  it('picks the lawyer on duty now at the citizen ward with the matching specialty', () => {
    const c = chooseLawyer(base, none, { ward: '00004', legalArea: 'DAT_DAI' }, MON_9);
    expect(c).toMatchObject({ lawyerId: 'L1', onDutyNow: true, proximity: 'same', level: 0 });
  });
  it('matches the specialty', () => {
    expect(chooseLawyer(base, none, { ward: '00004', legalArea: 'HON_NHAN_GIA_DINH' }, MON_9)?.lawyerId).toBe('L3');
  });
  it('skips a lawyer without capacity and takes the nearest (neighbour) ward', () => {
    const loads = new Map([['L1', { openCases: 3 }]]);
    expect(chooseLawyer(base, loads, { ward: '00004', legalArea: 'DAT_DAI' }, MON_9)).toMatchObject({ lawyerId: 'L2', proximity: 'neighbour' });
  });
  it('spreads cases fairly: least recently assigned first', () => {
    const r = { ...base, lawyers: [...base.lawyers, lawyer('L5')], shifts: [...base.shifts, shift('L5', '00004', 1)] };
    const loads = new Map<string, LawyerLoad>([
      ['L1', { openCases: 1, lastAssignedAt: '2026-11-30T01:00:00.000Z' }],
      ['L5', { openCases: 1, lastAssignedAt: '2026-11-29T01:00:00.000Z' }],
    ]);
    expect(chooseLawyer(r, loads, { ward: '00004', legalArea: 'DAT_DAI' }, MON_9)?.lawyerId).toBe('L5');
    loads.set('L5', { openCases: 1, lastAssignedAt: '2026-11-30T01:30:00.000Z' });
    expect(chooseLawyer(r, loads, { ward: '00004', legalArea: 'DAT_DAI' }, MON_9)?.lawyerId).toBe('L1');
  });
  it('falls back to the next shift when nobody is on duty', () => {
    const c = chooseLawyer(base, none, { ward: '00004', legalArea: 'DAT_DAI' }, fromLocal('2026-11-30', '13:00'));
    expect(c).toMatchObject({ lawyerId: 'L4', onDutyNow: false });
    expect(c!.slot.start.toISOString()).toBe(fromLocal('2026-12-01', '08:00').toISOString());
  });
  it('excludes lawyers who declined and respects the service-point conflict', () => {
    expect(chooseLawyer(base, none, { ward: '00004', legalArea: 'DAT_DAI', exclude: new Set(['L1']) }, MON_9)?.lawyerId).toBe('L2');
    expect(chooseLawyer(base, none, { ward: '00004', legalArea: 'DAT_DAI', conflictWithServicePoint: true }, MON_9)?.lawyerId).toBe('L2');
  });
  it('uses a non-specialist only as a last resort (level 2)', () => {
    const c = chooseLawyer(base, none, { ward: '00004', legalArea: 'HINH_SU' }, MON_9);
    expect(c?.level).toBe(2);
  });
  it('returns undefined when nobody is available', () => {
    const r = { ...base, lawyers: base.lawyers.map((l) => ({ ...l, active: false })) };
    expect(chooseLawyer(r, none, { ward: '00004' }, MON_9)).toBeUndefined();
  });
});

describe('service levels', () => {
  it('emergency within 2 hours; a deadline within one working day; routine by the next ward session', () => {
    expect(slaDueAt('emergency', MON_9).getTime() - MON_9.getTime()).toBe(2 * 3600_000);
    expect(slaDueAt('deadline', MON_9).toISOString()).toBe(fromLocal('2026-12-01', '09:00').toISOString());
    const session = { start: fromLocal('2026-12-01', '08:00'), end: fromLocal('2026-12-01', '12:00') };
    expect(slaDueAt('routine', MON_9, session).toISOString()).toBe(session.end.toISOString());
  });
  it('re-offers emergencies after 30 minutes and others after 4 working hours from the slot', () => {
    const sla = slaDueAt('routine', MON_9);
    expect(offerExpiresAt('emergency', MON_9, MON_9, slaDueAt('emergency', MON_9)).getTime() - MON_9.getTime()).toBe(30 * 60_000);
    expect(offerExpiresAt('routine', MON_9, MON_9, sla).toISOString()).toBe(fromLocal('2026-11-30', '13:00').toISOString());
  });
  it('turns a routine case with a deadline within 7 days into a deadline case', () => {
    expect(urgencyFromDeadline('routine', '2026-12-03', MON_9)).toBe('deadline');
    expect(urgencyFromDeadline('routine', '2027-01-30', MON_9)).toBe('routine');
  });
});
