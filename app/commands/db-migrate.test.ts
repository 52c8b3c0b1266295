import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestSchema, PG_TEST_URL, probePostgres } from '../../storage/contract/engines.js';
import { loadMigrations } from '../../storage/postgres/index.js';

/** `npm run tthc -- db:migrate` as an operator runs it: a real process against the test server. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const pgSkip = await probePostgres();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function dbMigrate(env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  const { DATABASE_URL: _drop, ...base } = process.env;
  try {
    const { stdout, stderr } = await promisify(execFile)(tsx, ['app/main.ts', 'db:migrate'], { cwd: root, env: { ...base, ...env }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('db:migrate', () => {
  it('says DATABASE_URL is missing (exit 2)', async () => {
    const r = await dbMigrate({});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('DATABASE_URL is not set');
  });

  it('refuses a malformed URL and names the fix (exit 1)', async () => {
    const r = await dbMigrate({ DATABASE_URL: 'mysql://root@localhost/tthc' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('DATABASE_URL must start with postgres:// or postgresql://');
  });

  it('says the server is not answering, without the password (exit 1)', async () => {
    const r = await dbMigrate({ DATABASE_URL: 'postgres://tthc:s3cret@127.0.0.1:1/tthc' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot connect to PostgreSQL at postgres://tthc:***@127.0.0.1:1/tthc: is the server running');
    expect(r.stderr).not.toContain('s3cret');
  });

  it.skipIf(pgSkip !== undefined)(`migrates, then finds the database up to date${pgSkip ? ` (SKIPPED: ${pgSkip})` : ''}`, async () => {
    const { schema, drop } = await createTestSchema();
    cleanups.push(drop);
    const url = `${PG_TEST_URL}${PG_TEST_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    const first = await dbMigrate({ DATABASE_URL: url });
    expect(first).toMatchObject({ code: 0 });
    const shipped = loadMigrations().map((m) => m.name);
    expect(shipped.slice(0, 3)).toEqual(['001_zalo_inbox', '002_zalo_outbox', '003_zalo_tokens']);
    expect(first.stdout).toContain(`${shipped.map((n) => `applied ${n}\n`).join('')}${shipped.length} migration(s) applied`);
    const second = await dbMigrate({ DATABASE_URL: url });
    expect(second.stdout).toContain(`Database is up to date (${shipped.length} migrations already applied)`);
    const client = new pg.Client({ connectionString: PG_TEST_URL });
    await client.connect();
    try {
      const n = (await client.query(`SELECT COUNT(*)::int AS n FROM ${schema}.schema_migrations`)).rows[0].n;
      expect(n).toBe(shipped.length);
    } finally {
      await client.end();
    }
  });
});
