import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createTestSchema, PG_TEST_URL, probePostgres } from '../contract/engines.js';
import { loadMigrations, migratePostgres, MIGRATIONS_DIR } from './migrate.js';
import { createPgPool } from './pool.js';

const pgSkip = await probePostgres();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function migrationDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-migrations-'));
  for (const [name, sql] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), sql);
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** `n` pools on a fresh schema of the test server (as `n` app processes would have). */
async function pools(n: number): Promise<pg.Pool[]> {
  const { schema, drop } = await createTestSchema();
  cleanups.push(drop);
  const out = Array.from({ length: n }, () => createPgPool(PG_TEST_URL, { schema, max: 2 }));
  cleanups.push(async () => {
    await Promise.all(out.map((p) => p.end()));
  });
  return out;
}

/** The shipped migrations, in file-name order (several parts of issue 16 add files here). */
const SHIPPED = fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort().map((f) => f.slice(0, -4));

describe('loadMigrations', () => {
  it('orders the shipped files by number and names them', () => {
    expect(SHIPPED.slice(0, 3)).toEqual(['001_zalo_inbox', '002_zalo_outbox', '003_zalo_tokens']);
    expect(SHIPPED).toEqual(expect.arrayContaining(['010_cases', '011_citizen_profiles', '012_files', '013_turn_log', '014_feedback']));
    expect(loadMigrations().map((m) => [m.version, m.name])).toEqual(SHIPPED.map((name) => [Number(name.slice(0, 3)), name]));
  });

  it('refuses a misnamed file and a repeated number', () => {
    expect(() => loadMigrations(migrationDir({ '1_init.sql': 'SELECT 1' }))).toThrow('must be named NNN_name.sql');
    expect(() => loadMigrations(migrationDir({ '001_a.sql': 'SELECT 1', '001_b.sql': 'SELECT 1' }))).toThrow('two migrations numbered 001');
  });
});

describe.skipIf(pgSkip !== undefined)(`migratePostgres${pgSkip ? ` (SKIPPED: ${pgSkip})` : ''}`, () => {
  it('applies the shipped migrations once, in order, and records them', async () => {
    const [pool] = await pools(1);
    expect(await migratePostgres(pool!)).toEqual({ applied: SHIPPED, skipped: [] });
    expect(await migratePostgres(pool!)).toEqual({ applied: [], skipped: SHIPPED });
    const recorded = (await pool!.query(`SELECT version, name FROM schema_migrations ORDER BY version`)).rows;
    expect(recorded).toEqual(SHIPPED.map((name) => ({ version: Number(name.slice(0, 3)), name })));
    const tables = (await pool!.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1`)).rows;
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining([
      'case_events', 'case_offers', 'case_seq', 'cases', 'citizen_profiles', 'feedback', 'files', 'schema_migrations', 'turn_log',
      'turn_rollup_conversations', 'turn_rollup_gap', 'turn_rollup_kind', 'turn_rollup_procedure',
      'zalo_inbox', 'zalo_leases', 'zalo_oauth_pending', 'zalo_outbox', 'zalo_tokens',
    ]));
  });

  it('lets only one of several processes starting together migrate; the others find nothing to do', async () => {
    const procs = await pools(4);
    const results = await Promise.all(procs.map((p) => migratePostgres(p)));
    expect(results.filter((r) => r.applied.length === SHIPPED.length)).toHaveLength(1);
    expect(results.filter((r) => r.applied.length === 0 && r.skipped.length === SHIPPED.length)).toHaveLength(3);
  });

  it('rolls back a failing migration alone, stops there, and applies it once fixed', async () => {
    const [pool] = await pools(1);
    const dir = migrationDir({
      '001_first.sql': 'CREATE TABLE first_t (id INTEGER PRIMARY KEY);',
      '002_broken.sql': 'CREATE TABLE second_t (id INTEGER PRIMARY KEY); SELECT no_such_function();',
      '003_third.sql': 'CREATE TABLE third_t (id INTEGER PRIMARY KEY);',
    });
    await expect(migratePostgres(pool!, loadMigrations(dir))).rejects.toThrow('migration 002_broken failed and was rolled back');
    const tables = async () =>
      (await pool!.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1`)).rows.map(
        (t) => t.table_name as string,
      );
    expect(await tables()).toEqual(['first_t', 'schema_migrations']);
    fs.writeFileSync(path.join(dir, '002_broken.sql'), 'CREATE TABLE second_t (id INTEGER PRIMARY KEY);');
    expect(await migratePostgres(pool!, loadMigrations(dir))).toEqual({ applied: ['002_broken', '003_third'], skipped: ['001_first'] });
    expect(await tables()).toEqual(['first_t', 'schema_migrations', 'second_t', 'third_t']);
  });

  it('refuses a database migrated by a newer or different build', async () => {
    const [pool] = await pools(1);
    await migratePostgres(pool!);
    await pool!.query(`INSERT INTO schema_migrations (version, name) VALUES (99, '099_future')`);
    await expect(migratePostgres(pool!)).rejects.toThrow('the database has migration 099_future');
    await pool!.query(`DELETE FROM schema_migrations WHERE version = 99`);
    await pool!.query(`UPDATE schema_migrations SET name = '003_renamed' WHERE version = 3`);
    await expect(migratePostgres(pool!)).rejects.toThrow('migration 3 is recorded as 003_renamed but this build calls it 003_zalo_tokens');
  });
});
