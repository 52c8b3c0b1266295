/**
 * The rota and assignment engine: pure functions over plain data, no I/O and no clock of its
 * own (every function takes `now`). The handoff service feeds it what the stores hold.
 *
 * Choosing a lawyer for a case:
 *
 *   candidates = active lawyers, not excluded (declined / expired / conflict), with capacity
 *   level 0: specialty and language match      ─┐
 *   level 1: specialty matches                  ├─ first level that yields a slot wins
 *   level 2: anyone (flagged for the coordinator)┘
 *   within a level:
 *     on duty now?  -> nearest ward tier, then least recently assigned, then ward-code distance
 *     otherwise     -> earliest day with a slot, nearest tier that day, earliest start, fairness
 *
 * "Nearest" is deliberately simple and data-backed: the same ward; then a neighbour (the two
 * wards absorbed parts of the same former ward in the 2025 reform); then anywhere in the city,
 * closer GSO codes first (codes were assigned district by district, so close codes are
 * usually the same former district).
 */
import { addDays, addWorkingDays, addWorkingHours, fromLocal, localParts, weekdayOf } from './local-time.js';
import type { DutySlot, Lawyer, LegalArea, Rota, ServicePoint, Urgency } from './types.js';

export interface LawyerLoad {
  /** Cases offered to or live with the lawyer. */
  openCases: number;
  /** ISO time of the lawyer's most recent offer. */
  lastAssignedAt?: string;
}

export interface AssignmentRequest {
  ward?: string;
  legalArea?: LegalArea;
  language?: string;
  /** The citizen complains about their own ward: do not route to that ward's desk. */
  conflictWithServicePoint?: boolean;
  /** Lawyers who already declined, let an offer expire, or have a conflict. */
  exclude?: ReadonlySet<string>;
}

export type Proximity = 'same' | 'neighbour' | 'city';

export interface AssignmentChoice {
  lawyerId: string;
  slot: DutySlot;
  onDutyNow: boolean;
  proximity: Proximity;
  /** 0 = specialty and language match, 1 = specialty only, 2 = no specialist available. */
  level: 0 | 1 | 2;
}

/** Days ahead the engine looks for a next shift. */
export const HORIZON_DAYS = 14;

/**
 * Materialises the weekly shifts and one-off extra slots between `from` and `to`, removing
 * any slot that falls on a day of the lawyer's leave. Sorted by start.
 */
export function dutySlots(rota: Pick<Rota, 'shifts' | 'exceptions'>, from: Date, to: Date): DutySlot[] {
  const out: DutySlot[] = [];
  const leave = new Map<string, Array<[string, string]>>();
  for (const ex of rota.exceptions) {
    if (ex.kind !== 'leave') continue;
    const list = leave.get(ex.lawyerId) ?? [];
    list.push([ex.date, ex.dateTo]);
    leave.set(ex.lawyerId, list);
  }
  const onLeave = (lawyerId: string, date: string) =>
    (leave.get(lawyerId) ?? []).some(([a, b]) => date >= a && date <= b);

  const first = addDays(localParts(from).date, -1);
  const last = localParts(to).date;
  for (let date = first; date <= last; date = addDays(date, 1)) {
    const wd = weekdayOf(date);
    for (const s of rota.shifts) {
      if (s.weekday !== wd || onLeave(s.lawyerId, date)) continue;
      out.push({ lawyerId: s.lawyerId, servicePoint: s.servicePoint, start: fromLocal(date, s.start), end: fromLocal(date, s.end) });
    }
    for (const ex of rota.exceptions) {
      if (ex.kind !== 'extra' || ex.date !== date || onLeave(ex.lawyerId, date)) continue;
      out.push({ lawyerId: ex.lawyerId, servicePoint: ex.servicePoint, start: fromLocal(date, ex.start), end: fromLocal(date, ex.end) });
    }
  }
  return out
    .filter((s) => s.end.getTime() > from.getTime() && s.start.getTime() < to.getTime())
    .sort((a, b) => a.start.getTime() - b.start.getTime() || a.lawyerId.localeCompare(b.lawyerId));
}

function proximityOf(ward: string | undefined, slotPoint: string, lawyer: Lawyer, points: Map<string, ServicePoint>): Proximity {
  if (!ward) return 'city';
  if (slotPoint === ward || lawyer.wards.includes(ward)) return 'same';
  const sp = points.get(slotPoint);
  const wp = points.get(ward);
  if (sp?.neighbours.includes(ward) || wp?.neighbours.includes(slotPoint)) return 'neighbour';
  if (lawyer.wards.some((w) => points.get(w)?.neighbours.includes(ward))) return 'neighbour';
  return 'city';
}

const TIER: Record<Proximity, number> = { same: 0, neighbour: 1, city: 2 };

function codeDistance(a: string | undefined, b: string): number {
  const x = Number(a);
  const y = Number(b);
  return Number.isFinite(x) && Number.isFinite(y) ? Math.abs(x - y) : Number.MAX_SAFE_INTEGER;
}

/**
 * Picks the lawyer to offer a case to, or `undefined` when nobody with capacity has a slot
 * within `HORIZON_DAYS`. See the module comment for the order of preference.
 */
export function chooseLawyer(
  rota: Rota,
  loads: ReadonlyMap<string, LawyerLoad>,
  req: AssignmentRequest,
  now: Date,
): AssignmentChoice | undefined {
  const points = new Map(rota.servicePoints.map((p) => [p.code, p]));
  const lawyers = new Map(rota.lawyers.map((l) => [l.id, l]));
  const exclude = req.exclude ?? new Set<string>();
  const language = req.language ?? 'vi';
  const available = (l: Lawyer) =>
    l.active && !exclude.has(l.id) && (loads.get(l.id)?.openCases ?? 0) < l.maxOpenCases;

  const slots = dutySlots(rota, now, new Date(now.getTime() + HORIZON_DAYS * 86_400_000)).filter(
    (s) => !(req.conflictWithServicePoint && req.ward && s.servicePoint === req.ward),
  );

  const levels: Array<(l: Lawyer) => boolean> = [
    (l) => (!req.legalArea || l.specialties.includes(req.legalArea)) && l.languages.includes(language),
    (l) => !req.legalArea || l.specialties.includes(req.legalArea),
    () => true,
  ];

  for (let level = 0; level < levels.length; level++) {
    const fits = levels[level]!;
    type Scored = { slot: DutySlot; lawyer: Lawyer; proximity: Proximity; last: string; dist: number };
    const scored: Scored[] = [];
    for (const slot of slots) {
      const lawyer = lawyers.get(slot.lawyerId);
      if (!lawyer || !available(lawyer) || !fits(lawyer)) continue;
      scored.push({
        slot,
        lawyer,
        proximity: proximityOf(req.ward, slot.servicePoint, lawyer, points),
        last: loads.get(lawyer.id)?.lastAssignedAt ?? '',
        dist: codeDistance(req.ward, slot.servicePoint),
      });
    }
    if (scored.length === 0) continue;

    const t = now.getTime();
    const onDuty = scored.filter((s) => s.slot.start.getTime() <= t && s.slot.end.getTime() > t);
    if (onDuty.length > 0) {
      onDuty.sort(
        (a, b) =>
          TIER[a.proximity] - TIER[b.proximity] ||
          a.last.localeCompare(b.last) ||
          a.dist - b.dist ||
          a.lawyer.id.localeCompare(b.lawyer.id),
      );
      const best = onDuty[0]!;
      return { lawyerId: best.lawyer.id, slot: best.slot, onDutyNow: true, proximity: best.proximity, level: level as 0 | 1 | 2 };
    }
    const upcoming = scored.filter((s) => s.slot.start.getTime() > t);
    if (upcoming.length === 0) continue;
    const dayOf = (s: Scored) => localParts(s.slot.start).date;
    upcoming.sort(
      (a, b) =>
        dayOf(a).localeCompare(dayOf(b)) ||
        TIER[a.proximity] - TIER[b.proximity] ||
        a.slot.start.getTime() - b.slot.start.getTime() ||
        a.last.localeCompare(b.last) ||
        a.dist - b.dist ||
        a.lawyer.id.localeCompare(b.lawyer.id),
    );
    const best = upcoming[0]!;
    return { lawyerId: best.lawyer.id, slot: best.slot, onDutyNow: false, proximity: best.proximity, level: level as 0 | 1 | 2 };
  }
  return undefined;
}

/**
 * The citizen-facing service level (proposal in LEGAL-AID.md §4.4): emergency call-back within
 * 2 hours; a deadline within 7 days within 1 working day; other cases by the end of the next
 * session at the ward, and never later than 5 working days.
 */
export function slaDueAt(urgency: Urgency, openedAt: Date, nextWardSession?: { start: Date; end: Date }): Date {
  if (urgency === 'emergency') return new Date(openedAt.getTime() + 2 * 3600_000);
  if (urgency === 'deadline') return addWorkingDays(openedAt, 1);
  const cap = addWorkingDays(openedAt, urgency === 'soon' ? 3 : 5);
  if (nextWardSession && nextWardSession.end.getTime() < cap.getTime()) return nextWardSession.end;
  return cap;
}

/**
 * When an offer lapses and the case is re-offered: emergencies after 30 minutes; others after
 * 4 working hours counted from the start of the lawyer's slot (the DSCC "next available" rule),
 * but never after the case's service level while that is still ahead.
 */
export function offerExpiresAt(urgency: Urgency, offeredAt: Date, slotStart: Date, slaDue: Date): Date {
  if (urgency === 'emergency') return new Date(offeredAt.getTime() + 30 * 60_000);
  const from = slotStart.getTime() > offeredAt.getTime() ? slotStart : offeredAt;
  const window = addWorkingHours(from, 4);
  if (slaDue.getTime() > offeredAt.getTime() && slaDue.getTime() < window.getTime()) return slaDue;
  return window;
}

/** Urgency from a deadline date: ≤ 7 days from now counts as `deadline`. */
export function urgencyFromDeadline(base: Urgency, deadline: string | undefined, now: Date): Urgency {
  if (base === 'emergency' || base === 'deadline' || !deadline) return base;
  const d = fromLocal(deadline.slice(0, 10), '23:59');
  return d.getTime() - now.getTime() <= 7 * 86_400_000 ? 'deadline' : base;
}
