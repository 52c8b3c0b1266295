import type { Lawyer, Rota, ServicePoint, ShiftException } from '../bot/ports/index.js';
import {
  exceptionFromRow,
  exceptionValues,
  lawyerFromRow,
  lawyerValues,
  servicePointFromRow,
  scheduledLawyers,
  servicePointValues,
  shiftFromRow,
  shiftValues,
  type ExceptionRow,
  type LawyerRow,
  type RotaCounts,
  type RotaImport,
  type RotaStore,
  type ServicePointRow,
  type ShiftRow,
} from './rota-rows.js';
import { migrate, type Db } from './sqlite.js';

export type { RotaCounts, RotaImport, RotaStore } from './rota-rows.js';

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

/** Rota over the shared SQLite database. Writes that replace data run in one transaction. */
export class SqliteRotaStore implements RotaStore {
  constructor(private readonly db: Db) {
    migrate(db, ROTA_STORE_MIGRATIONS);
  }

  async loadRota(): Promise<Rota> {
    // One read transaction: the four lists come from one snapshot even while another connection imports.
    return this.db.transaction((): Rota => ({
      lawyers: (this.db.prepare('SELECT * FROM rota_lawyers ORDER BY id').all() as LawyerRow[]).map(lawyerFromRow),
      servicePoints: this.servicePointsNow(),
      shifts: (this.db.prepare('SELECT * FROM rota_shifts ORDER BY lawyer_id, weekday, start, id').all() as ShiftRow[]).map(shiftFromRow),
      exceptions: (this.db.prepare('SELECT * FROM rota_exceptions ORDER BY date, id').all() as ExceptionRow[]).map(exceptionFromRow),
    }))();
  }

  private servicePointsNow(): ServicePoint[] {
    return (this.db.prepare('SELECT * FROM rota_service_points ORDER BY code').all() as ServicePointRow[]).map(servicePointFromRow);
  }

  async listServicePoints(): Promise<ServicePoint[]> {
    return this.servicePointsNow();
  }

  async getLawyer(id: string): Promise<Lawyer | undefined> {
    const row = this.db.prepare('SELECT * FROM rota_lawyers WHERE id = ?').get(id) as LawyerRow | undefined;
    return row ? lawyerFromRow(row) : undefined;
  }

  async getServicePoint(code: string): Promise<ServicePoint | undefined> {
    const row = this.db.prepare('SELECT * FROM rota_service_points WHERE code = ?').get(code) as ServicePointRow | undefined;
    return row ? servicePointFromRow(row) : undefined;
  }

  /** Inserts or updates service points (the 126 wards); keeps shifts that refer to them. Written before the promise is returned. */
  async upsertServicePoints(points: readonly ServicePoint[]): Promise<void> {
    this.db.transaction(() => this.upsertServicePointsNow(points)).immediate();
  }

  private upsertServicePointsNow(points: readonly ServicePoint[]): void {
    const stmt = this.db.prepare(
      `INSERT INTO rota_service_points (code, name, address, hours, neighbours) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(code) DO UPDATE SET name = excluded.name, address = excluded.address, hours = excluded.hours,
         neighbours = excluded.neighbours`,
    );
    for (const p of points) stmt.run(...servicePointValues(p));
  }

  /**
   * Loads service points, lawyers and (optionally) shifts/exceptions in one transaction:
   * upserts the service points and lawyers; when `schedule` is given, replaces the weekly
   * shifts and exceptions of every lawyer in it. Nothing is written if any statement fails.
   */
  async importRota(input: RotaImport): Promise<void> {
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
      if (input.servicePoints) this.upsertServicePointsNow(input.servicePoints);
      for (const l of input.lawyers) upsert.run(...lawyerValues(l), l.active ? 1 : 0);
      if (input.schedule) {
        for (const id of scheduledLawyers(input.schedule)) {
          delShifts.run(id);
          delEx.run(id);
        }
        for (const s of input.schedule.shifts) insShift.run(...shiftValues(s));
        for (const e of input.schedule.exceptions) insEx.run(...exceptionValues(e));
      }
    }).immediate();
  }

  async addException(e: ShiftException): Promise<void> {
    this.db
      .prepare('INSERT INTO rota_exceptions (id, lawyer_id, kind, date, date_to, service_point, start, end, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(...exceptionValues(e));
  }

  async deleteException(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM rota_exceptions WHERE id = ?').run(id).changes > 0;
  }

  async setLawyerActive(id: string, active: boolean): Promise<boolean> {
    return this.db.prepare('UPDATE rota_lawyers SET active = ? WHERE id = ?').run(active ? 1 : 0, id).changes > 0;
  }

  async counts(): Promise<RotaCounts> {
    const n = (t: string) => (this.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
    return { lawyers: n('rota_lawyers'), servicePoints: n('rota_service_points'), shifts: n('rota_shifts'), exceptions: n('rota_exceptions') };
  }
}
