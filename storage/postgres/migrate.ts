import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

/**
 * Versioned SQL migrations for PostgreSQL. Each file `migrations/NNN_name.sql` runs once, in
 * the order of its number, inside its own transaction, and is recorded in
 * `schema_migrations` with the time it was applied. Running again applies only what is new
 * (idempotent). A session advisory lock makes several app processes starting together take
 * turns: the first migrates, the others find nothing left to do.
 */

export interface PgMigration {
  /** The number in the file name: order and identity. */
  version: number;
  /** `NNN_name` (the file name without `.sql`). */
  name: string;
  sql: string;
}

/** The shipped migrations directory (next to this module). */
export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * A fixed key for `pg_advisory_lock`: the same in every process of every deployment of this
 * app, so only one of them migrates a database at a time. (Arbitrary; "tthc" in ASCII.)
 */
export const MIGRATION_LOCK_KEY = 0x74746863;

const FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;

/** Reads and orders the migration files of `dir`; rejects a misnamed file or a repeated number. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): PgMigration[] {
  const out: PgMigration[] = [];
  for (const file of fs.readdirSync(dir).sort()) {
    if (!file.endsWith('.sql')) continue;
    const m = FILE.exec(file);
    if (!m) throw new Error(`migration file "${file}" in ${dir} must be named NNN_name.sql (lower case)`);
    const version = Number(m[1]);
    if (out.some((x) => x.version === version)) throw new Error(`two migrations numbered ${m[1]} in ${dir}`);
    out.push({ version, name: file.slice(0, -4), sql: fs.readFileSync(path.join(dir, file), 'utf8') });
  }
  return out.sort((a, b) => a.version - b.version);
}

export interface MigrateResult {
  /** Names applied by this run, in order. */
  applied: string[];
  /** Names that were already recorded. */
  skipped: string[];
}

/**
 * Applies the pending migrations to the database (and schema, by `search_path`) of `pool`.
 * A migration that fails rolls back alone and stops the run; the ones before it stay applied.
 * A recorded migration whose file is gone, or whose name changed, stops the run too: the
 * database is newer than, or different from, this code.
 */
export async function migratePostgres(pool: pg.Pool, migrations: PgMigration[] = loadMigrations()): Promise<MigrateResult> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
      const done = new Map(
        (await client.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations')).rows.map((r) => [r.version, r.name]),
      );
      for (const [version, name] of done) {
        const known = migrations.find((m) => m.version === version);
        if (!known) throw new Error(`the database has migration ${name}, which this version of the app does not know: is an older build running?`);
        if (known.name !== name) throw new Error(`migration ${version} is recorded as ${name} but this build calls it ${known.name}`);
      }
      const result: MigrateResult = { applied: [], skipped: [] };
      for (const m of migrations) {
        if (done.has(m.version)) {
          result.skipped.push(m.name);
          continue;
        }
        try {
          await client.query('BEGIN');
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {}); // a dead connection rolled back by itself
          throw new Error(`migration ${m.name} failed and was rolled back: ${(err as Error).message}`, { cause: err });
        }
        result.applied.push(m.name);
      }
      return result;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}
