import type { Lawyer, Rota, ServicePoint, ShiftException } from '../../bot/ports/index.js';
import {
  exceptionFromRow,
  exceptionValues,
  lawyerFromRow,
  lawyerValues,
  scheduledLawyers,
  servicePointFromRow,
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
} from '../rota-rows.js';
import type { PgDb } from './db.js';

/**
 * Key of the transaction-level advisory lock every rota write that replaces data takes
 * ("rota" in ASCII). Imports and service-point loads from several processes (a coordinator's
 * console on one, the `lawyers:import` command on another) run one after the other, so a
 * lawyer's schedule is always exactly one import's, never a mix of two.
 */
export const ROTA_LOCK_KEY = 0x726f7461;

const EXCEPTION_INSERT = 'INSERT INTO rota_exceptions (id, lawyer_id, kind, date, date_to, service_point, start, "end", note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)';

/**
 * The rota on PostgreSQL (`migrations/015_rota.sql`), the twin of `storage/rota-store.ts`:
 * same tables and columns. `loadRota` reads the four tables in one REPEATABLE READ
 * transaction (one snapshot: never the lawyers of one import with the shifts of another);
 * imports run in one transaction under `ROTA_LOCK_KEY`.
 */
export class PgRotaStore implements RotaStore {
  constructor(private readonly db: PgDb) {}

  async loadRota(): Promise<Rota> {
    return this.db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const lawyers = (await tx.query<LawyerRow>('SELECT * FROM rota_lawyers ORDER BY id')).rows.map(lawyerFromRow);
      const servicePoints = (await tx.query<ServicePointRow>('SELECT * FROM rota_service_points ORDER BY code')).rows.map(servicePointFromRow);
      const shifts = (await tx.query<ShiftRow>('SELECT * FROM rota_shifts ORDER BY lawyer_id, weekday, start, id')).rows.map(shiftFromRow);
      const exceptions = (await tx.query<ExceptionRow>('SELECT * FROM rota_exceptions ORDER BY date, id')).rows.map(exceptionFromRow);
      return { lawyers, servicePoints, shifts, exceptions };
    });
  }

  async listServicePoints(): Promise<ServicePoint[]> {
    return (await this.db.query<ServicePointRow>('SELECT * FROM rota_service_points ORDER BY code')).rows.map(servicePointFromRow);
  }

  async getLawyer(id: string): Promise<Lawyer | undefined> {
    const row = (await this.db.query<LawyerRow>('SELECT * FROM rota_lawyers WHERE id = $1', [id])).rows[0];
    return row ? lawyerFromRow(row) : undefined;
  }

  async getServicePoint(code: string): Promise<ServicePoint | undefined> {
    const row = (await this.db.query<ServicePointRow>('SELECT * FROM rota_service_points WHERE code = $1', [code])).rows[0];
    return row ? servicePointFromRow(row) : undefined;
  }

  async upsertServicePoints(points: readonly ServicePoint[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [ROTA_LOCK_KEY]);
      await upsertServicePoints(tx, points);
    });
  }

  async importRota(input: RotaImport): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [ROTA_LOCK_KEY]);
      if (input.servicePoints) await upsertServicePoints(tx, input.servicePoints);
      for (const l of input.lawyers) {
        await tx.query(
          `INSERT INTO rota_lawyers (id, name, phone, email, zalo_user_id, specialties, languages, wards, max_open_cases, active)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, phone = excluded.phone, email = excluded.email,
             zalo_user_id = excluded.zalo_user_id, specialties = excluded.specialties, languages = excluded.languages,
             wards = excluded.wards, max_open_cases = excluded.max_open_cases, active = excluded.active`,
          [...lawyerValues(l), l.active],
        );
      }
      if (!input.schedule) return;
      const touched = scheduledLawyers(input.schedule);
      if (touched.length) {
        await tx.query('DELETE FROM rota_shifts WHERE lawyer_id = ANY($1::text[])', [touched]);
        await tx.query('DELETE FROM rota_exceptions WHERE lawyer_id = ANY($1::text[])', [touched]);
      }
      for (const s of input.schedule.shifts) {
        await tx.query('INSERT INTO rota_shifts (id, lawyer_id, service_point, weekday, start, "end") VALUES ($1, $2, $3, $4, $5, $6)', shiftValues(s));
      }
      for (const e of input.schedule.exceptions) await tx.query(EXCEPTION_INSERT, exceptionValues(e));
    });
  }

  async addException(e: ShiftException): Promise<void> {
    await this.db.query(EXCEPTION_INSERT, exceptionValues(e));
  }

  async deleteException(id: string): Promise<boolean> {
    return ((await this.db.query('DELETE FROM rota_exceptions WHERE id = $1', [id])).rowCount ?? 0) > 0;
  }

  async setLawyerActive(id: string, active: boolean): Promise<boolean> {
    return ((await this.db.query('UPDATE rota_lawyers SET active = $1 WHERE id = $2', [active, id])).rowCount ?? 0) > 0;
  }

  async counts(): Promise<RotaCounts> {
    const { rows } = await this.db.query<RotaCounts>(
      `SELECT (SELECT COUNT(*) FROM rota_lawyers) AS "lawyers", (SELECT COUNT(*) FROM rota_service_points) AS "servicePoints",
              (SELECT COUNT(*) FROM rota_shifts) AS "shifts", (SELECT COUNT(*) FROM rota_exceptions) AS "exceptions"`,
    );
    return rows[0]!;
  }
}

/** One statement for every point (`unnest` of the columns), so a load of 126 wards is one round trip. */
async function upsertServicePoints(tx: PgDb, points: readonly ServicePoint[]): Promise<void> {
  if (points.length === 0) return;
  // One statement cannot upsert a code twice: the last point of a code wins, as in SQLite.
  const columns = [...new Map(points.map((p) => [p.code, servicePointValues(p)])).values()];
  await tx.query(
    `INSERT INTO rota_service_points (code, name, address, hours, neighbours)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
     ON CONFLICT (code) DO UPDATE SET name = excluded.name, address = excluded.address, hours = excluded.hours,
       neighbours = excluded.neighbours`,
    [0, 1, 2, 3, 4].map((i) => columns.map((c) => c[i])),
  );
}
