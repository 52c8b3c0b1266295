import type { Lawyer, RotaEditor, RotaReader, ServicePoint, ShiftException, WeeklyShift } from '../bot/ports/index.js';
import type { FlagColumn } from './case-rows.js';

/**
 * The rota rows as both engines store them (`storage/rota-store.ts` on SQLite,
 * `storage/postgres/rota-store.ts`): the column values each record writes and the mapping back
 * to the port's records. One definition, so a row copied from one engine to the other reads the
 * same. Nothing in the rota is sealed (lawyers' work contacts are not citizens' data).
 *
 * The engines differ only in `active`: SQLite stores 0/1, PostgreSQL `boolean`.
 */

export interface LawyerRow {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  zalo_user_id: string | null;
  specialties: string;
  languages: string;
  wards: string;
  max_open_cases: number;
  active: FlagColumn;
}

export interface ServicePointRow {
  code: string;
  name: string;
  address: string;
  hours: string;
  neighbours: string;
}

export interface ShiftRow {
  id: string;
  lawyer_id: string;
  service_point: string;
  weekday: number;
  start: string;
  end: string;
}

export interface ExceptionRow {
  id: string;
  lawyer_id: string;
  kind: 'extra' | 'leave';
  date: string;
  date_to: string | null;
  service_point: string | null;
  start: string | null;
  end: string | null;
  note: string | null;
}

const undef = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

export function lawyerFromRow(r: LawyerRow): Lawyer {
  return {
    id: r.id,
    name: r.name,
    phone: undef(r.phone),
    email: undef(r.email),
    zaloUserId: undef(r.zalo_user_id),
    specialties: JSON.parse(r.specialties) as Lawyer['specialties'],
    languages: JSON.parse(r.languages) as string[],
    wards: JSON.parse(r.wards) as string[],
    maxOpenCases: r.max_open_cases,
    active: r.active === true || r.active === 1,
  };
}

/** `rota_lawyers` values in column order: id, name, phone, email, zalo_user_id, specialties, languages, wards, max_open_cases (active apart: its type differs). */
export function lawyerValues(l: Lawyer): [string, string, string | null, string | null, string | null, string, string, string, number] {
  return [l.id, l.name, l.phone ?? null, l.email ?? null, l.zaloUserId ?? null, JSON.stringify(l.specialties), JSON.stringify(l.languages), JSON.stringify(l.wards), l.maxOpenCases];
}

export const servicePointFromRow = (r: ServicePointRow): ServicePoint => ({
  code: r.code,
  name: r.name,
  address: r.address,
  hours: r.hours,
  neighbours: JSON.parse(r.neighbours) as string[],
});

/** `rota_service_points` values in column order: code, name, address, hours, neighbours. */
export const servicePointValues = (p: ServicePoint): [string, string, string, string, string] => [p.code, p.name, p.address, p.hours, JSON.stringify(p.neighbours)];

export const shiftFromRow = (r: ShiftRow): WeeklyShift => ({ id: r.id, lawyerId: r.lawyer_id, servicePoint: r.service_point, weekday: r.weekday, start: r.start, end: r.end });

/** `rota_shifts` values in column order: id, lawyer_id, service_point, weekday, start, end. */
export const shiftValues = (s: WeeklyShift): [string, string, string, number, string, string] => [s.id, s.lawyerId, s.servicePoint, s.weekday, s.start, s.end];

export function exceptionFromRow(r: ExceptionRow): ShiftException {
  return r.kind === 'leave'
    ? { id: r.id, lawyerId: r.lawyer_id, kind: 'leave', date: r.date, dateTo: r.date_to ?? r.date, note: undef(r.note) }
    : { id: r.id, lawyerId: r.lawyer_id, kind: 'extra', date: r.date, servicePoint: r.service_point ?? '', start: r.start ?? '', end: r.end ?? '' };
}

/** `rota_exceptions` values in column order: id, lawyer_id, kind, date, date_to, service_point, start, end, note. */
export function exceptionValues(e: ShiftException): [string, string, string, string, string | null, string | null, string | null, string | null, string | null] {
  return e.kind === 'leave'
    ? [e.id, e.lawyerId, 'leave', e.date, e.dateTo, null, null, null, e.note ?? null]
    : [e.id, e.lawyerId, 'extra', e.date, null, e.servicePoint, e.start, e.end, null];
}

/** The lawyers whose shifts and exceptions a schedule replaces, in id order. */
export function scheduledLawyers(schedule: { shifts: WeeklyShift[]; exceptions: ShiftException[] }): string[] {
  return [...new Set([...schedule.shifts.map((s) => s.lawyerId), ...schedule.exceptions.map((e) => e.lawyerId)])].sort();
}

/** What one import writes: lawyers (upserted), optionally the service points and their schedule. */
export interface RotaImport {
  lawyers: Lawyer[];
  /** Replaces the weekly shifts and exceptions of every lawyer named in it. */
  schedule?: { shifts: WeeklyShift[]; exceptions: ShiftException[] };
  /** Service points upserted first, in the same transaction (the import command's wards). */
  servicePoints?: ServicePoint[];
}

export interface RotaCounts {
  lawyers: number;
  servicePoints: number;
  shifts: number;
  exceptions: number;
}

/**
 * The rota store as the app, the console and the lawyer commands use it, on either engine:
 * the read and edit ports, plus the ward list (service points), removing an exception and
 * the counts the commands print.
 */
export interface RotaStore extends RotaReader, RotaEditor {
  importRota(input: RotaImport): Promise<void>;
  /** Inserts or updates service points (the 126 wards); keeps shifts that refer to them. */
  upsertServicePoints(points: readonly ServicePoint[]): Promise<void>;
  /** The service points by code. */
  listServicePoints(): Promise<ServicePoint[]>;
  /** False when there is no such exception. */
  deleteException(id: string): Promise<boolean>;
  counts(): Promise<RotaCounts>;
}
