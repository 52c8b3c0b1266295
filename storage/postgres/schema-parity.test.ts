import { afterEach, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createTestSchema, PG_TEST_URL, probePostgres } from '../contract/engines.js';
import { createSealedBox } from '../crypto.js';
import { openDatabase, type Db } from '../sqlite.js';
import { SqliteZaloInbox } from '../zalo-inbox.js';
import { SqliteZaloOutbox } from '../zalo-outbox.js';
import { SqliteZaloTokenStore } from '../zalo-token-store.js';
import { migratePostgres } from './migrate.js';
import { createPgPool } from './pool.js';

/**
 * The PostgreSQL tables mirror the SQLite ones column for column, so that moving a
 * deployment's data from its SQLite file (issue 16, next part) is a copy, not a mapping.
 */
const pgSkip = await probePostgres();
const TABLES = ['zalo_inbox', 'zalo_outbox', 'zalo_tokens', 'zalo_leases', 'zalo_oauth_pending'];
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function sqliteColumns(): Record<string, string[]> {
  const db: Db = openDatabase(':memory:');
  const box = createSealedBox(Buffer.alloc(32, 1));
  new SqliteZaloInbox(db, box);
  new SqliteZaloOutbox(db, box);
  new SqliteZaloTokenStore(db, box);
  const out = Object.fromEntries(TABLES.map((t) => [t, (db.pragma(`table_info(${t})`) as { name: string }[]).map((c) => c.name).sort()]));
  db.close();
  return out;
}

describe.skipIf(pgSkip !== undefined)(`PostgreSQL schema${pgSkip ? ` (SKIPPED: ${pgSkip})` : ''}`, () => {
  it('has the columns of the SQLite Zalo queue tables, no more, no fewer', async () => {
    const { schema, drop } = await createTestSchema();
    const pool: pg.Pool = createPgPool(PG_TEST_URL, { schema, max: 1 });
    cleanups.push(async () => {
      await pool.end();
      await drop();
    });
    await migratePostgres(pool);
    const rows = (
      await pool.query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ANY($1)`,
        [TABLES],
      )
    ).rows;
    const pgColumns = Object.fromEntries(TABLES.map((t) => [t, rows.filter((r) => r.table_name === t).map((r) => r.column_name).sort()]));
    expect(pgColumns).toEqual(sqliteColumns());
  });
});
