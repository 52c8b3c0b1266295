import type { Lawyer, Rota, RotaEditor, RotaReader, ServicePoint, ShiftException, WeeklyShift } from '../bot/ports/index.js';
import { migrate, type Db } from './sqlite.js';

/**
 * The volunteer-lawyer rota: lawyers, service points, weekly shifts, exceptions. (Until the one
 * case model, `rota_store_001` also created the routing tables `handoff_cases` and
 * `handoff_offers`; a database that has them gets them merged into `cases` by
 * `case_store_004_one_model`, and a new database never creates them.)
 */
export const ROTA_STORE_MIGRATIONS = [
  {
    name: 'rota_store_001',
    sql: `
      CREATE TABLE rota_lawyers (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        phone TEXT,
        email TEXT,
        zalo_user_id TEXT,
        specialties TEXT NOT NULL,
        languages TEXT NOT NULL,
        wards TEXT NOT NULL,
        max_open_cases INTEGER NOT NULL,
        active INTEGER NOT NULL DEFAULT 1
      );
      CREATE TABLE rota_service_points (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        address TEXT NOT NULL,
        hours TEXT NOT NULL,
        neighbours TEXT NOT NULL
      );
      CREATE TABLE rota_shifts (
        id TEXT PRIMARY KEY,
        lawyer_id TEXT NOT NULL REFERENCES rota_lawyers(id) ON DELETE CASCADE,
        service_point TEXT NOT NULL REFERENCES rota_service_points(code),
        weekday INTEGER NOT NULL,
        start TEXT NOT NULL,
        end TEXT NOT NULL
      );
      CREATE INDEX rota_shifts_lawyer ON rota_shifts(lawyer_id);
      CREATE TABLE rota_exceptions (
        id TEXT PRIMARY KEY,
        lawyer_id TEXT NOT NULL REFERENCES rota_lawyers(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('extra', 'leave')),
        date TEXT NOT NULL,
        date_to TEXT,
        service_point TEXT REFERENCES rota_service_points(code),
        start TEXT,
        end TEXT,
        note TEXT
      );
    `,
  },
] as const;

interface LawyerRow {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  zalo_user_id: string | null;
  specialties: string;
  languages: string;
  wards: string;
  max_open_cases: number;
  active: number;
}

const undef = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

function lawyerFromRow(r: LawyerRow): Lawyer {
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
    active: r.active === 1,
  };
}

/** Rota over the shared SQLite database. Writes that replace data run in one transaction. */
export class SqliteRotaStore implements RotaReader, RotaEditor {
  constructor(private readonly db: Db) {
    migrate(db, ROTA_STORE_MIGRATIONS);
  }

  async loadRota(): Promise<Rota> {
    return this.loadRotaSync();
  }

  loadRotaSync(): Rota {
    const lawyers = (this.db.prepare('SELECT * FROM rota_lawyers ORDER BY id').all() as LawyerRow[]).map(lawyerFromRow);
    const servicePoints = (
      this.db.prepare('SELECT * FROM rota_service_points ORDER BY code').all() as Array<{
        code: string;
        name: string;
        address: string;
        hours: string;
        neighbours: string;
      }>
    ).map((r) => ({ code: r.code, name: r.name, address: r.address, hours: r.hours, neighbours: JSON.parse(r.neighbours) as string[] }));
    const shifts = (
      this.db.prepare('SELECT * FROM rota_shifts ORDER BY lawyer_id, weekday, start').all() as Array<{
        id: string;
        lawyer_id: string;
        service_point: string;
        weekday: number;
        start: string;
        end: string;
      }>
    ).map((r) => ({ id: r.id, lawyerId: r.lawyer_id, servicePoint: r.service_point, weekday: r.weekday, start: r.start, end: r.end }));
    const exceptions = (
      this.db.prepare('SELECT * FROM rota_exceptions ORDER BY date, id').all() as Array<{
        id: string;
        lawyer_id: string;
        kind: 'extra' | 'leave';
        date: string;
        date_to: string | null;
        service_point: string | null;
        start: string | null;
        end: string | null;
        note: string | null;
      }>
    ).map((r): ShiftException =>
      r.kind === 'leave'
        ? { id: r.id, lawyerId: r.lawyer_id, kind: 'leave', date: r.date, dateTo: r.date_to ?? r.date, note: undef(r.note) }
        : { id: r.id, lawyerId: r.lawyer_id, kind: 'extra', date: r.date, servicePoint: r.service_point ?? '', start: r.start ?? '', end: r.end ?? '' },
    );
    return { lawyers, servicePoints, shifts, exceptions };
  }

  async getLawyer(id: string): Promise<Lawyer | undefined> {
    const row = this.db.prepare('SELECT * FROM rota_lawyers WHERE id = ?').get(id) as LawyerRow | undefined;
    return row ? lawyerFromRow(row) : undefined;
  }

  async getServicePoint(code: string): Promise<ServicePoint | undefined> {
    return this.loadRotaSync().servicePoints.find((p) => p.code === code);
  }

  /** Inserts or updates service points (the 126 wards); keeps shifts that refer to them. */
  upsertServicePoints(points: ServicePoint[]): void {
    const stmt = this.db.prepare(
      `INSERT INTO rota_service_points (code, name, address, hours, neighbours) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(code) DO UPDATE SET name = excluded.name, address = excluded.address, hours = excluded.hours,
         neighbours = excluded.neighbours`,
    );
    this.db.transaction(() => {
      for (const p of points) stmt.run(p.code, p.name, p.address, p.hours, JSON.stringify(p.neighbours));
    }).immediate();
  }

  /**
   * Loads lawyers and (optionally) shifts/exceptions in one transaction: upserts the lawyers;
   * when `schedule` is given, replaces the weekly shifts and exceptions of every lawyer in the
   * file. Nothing is written if any statement fails.
   */
  async importRota(input: { lawyers: Lawyer[]; schedule?: { shifts: WeeklyShift[]; exceptions: ShiftException[] } }): Promise<void> {
    this.importRotaNow(input);
  }

  /** `importRota` run at once, for a caller joining it to its own SQLite transaction (the import command). */
  importRotaNow(input: { lawyers: Lawyer[]; schedule?: { shifts: WeeklyShift[]; exceptions: ShiftException[] } }): void {
    const upsert = this.db.prepare(
      `INSERT INTO rota_lawyers (id, name, phone, email, zalo_user_id, specialties, languages, wards, max_open_cases, active)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, phone = excluded.phone, email = excluded.email,
         zalo_user_id = excluded.zalo_user_id, specialties = excluded.specialties, languages = excluded.languages,
         wards = excluded.wards, max_open_cases = excluded.max_open_cases, active = excluded.active`,
    );
    const delShifts = this.db.prepare('DELETE FROM rota_shifts WHERE lawyer_id = ?');
    const delEx = this.db.prepare('DELETE FROM rota_exceptions WHERE lawyer_id = ?');
    const insShift = this.db.prepare('INSERT INTO rota_shifts (id, lawyer_id, service_point, weekday, start, end) VALUES (?, ?, ?, ?, ?, ?)');
    const insEx = this.db.prepare(
      'INSERT INTO rota_exceptions (id, lawyer_id, kind, date, date_to, service_point, start, end, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const l of input.lawyers) {
        upsert.run(
          l.id,
          l.name,
          l.phone ?? null,
          l.email ?? null,
          l.zaloUserId ?? null,
          JSON.stringify(l.specialties),
          JSON.stringify(l.languages),
          JSON.stringify(l.wards),
          l.maxOpenCases,
          l.active ? 1 : 0,
        );
      }
      if (input.schedule) {
        const touched = new Set([...input.schedule.shifts.map((s) => s.lawyerId), ...input.schedule.exceptions.map((e) => e.lawyerId)]);
        for (const id of touched) {
          delShifts.run(id);
          delEx.run(id);
        }
        for (const s of input.schedule.shifts) insShift.run(s.id, s.lawyerId, s.servicePoint, s.weekday, s.start, s.end);
        for (const e of input.schedule.exceptions) {
          if (e.kind === 'leave') insEx.run(e.id, e.lawyerId, 'leave', e.date, e.dateTo, null, null, null, e.note ?? null);
          else insEx.run(e.id, e.lawyerId, 'extra', e.date, null, e.servicePoint, e.start, e.end, null);
        }
      }
    }).immediate();
  }

  async addException(e: ShiftException): Promise<void> {
    if (e.kind === 'leave') {
      this.db
        .prepare('INSERT INTO rota_exceptions (id, lawyer_id, kind, date, date_to, note) VALUES (?, ?, ?, ?, ?, ?)')
        .run(e.id, e.lawyerId, 'leave', e.date, e.dateTo, e.note ?? null);
    } else {
      this.db
        .prepare('INSERT INTO rota_exceptions (id, lawyer_id, kind, date, service_point, start, end) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(e.id, e.lawyerId, 'extra', e.date, e.servicePoint, e.start, e.end);
    }
  }

  deleteException(id: string): boolean {
    return this.db.prepare('DELETE FROM rota_exceptions WHERE id = ?').run(id).changes > 0;
  }

  async setLawyerActive(id: string, active: boolean): Promise<boolean> {
    return this.db.prepare('UPDATE rota_lawyers SET active = ? WHERE id = ?').run(active ? 1 : 0, id).changes > 0;
  }

  counts(): { lawyers: number; servicePoints: number; shifts: number; exceptions: number } {
    const n = (t: string) => (this.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
    return { lawyers: n('rota_lawyers'), servicePoints: n('rota_service_points'), shifts: n('rota_shifts'), exceptions: n('rota_exceptions') };
  }
}
