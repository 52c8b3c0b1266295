import { afterEach, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { PG_TEST_URL, probePostgres } from '../contract/engines.js';
import { checkPgConnection, createPgPool, describePgUrl, PgConfigError } from './pool.js';

const pgSkip = await probePostgres();
const pools: pg.Pool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.end()));
});

describe('DATABASE_URL', () => {
  it.each([
    [undefined, 'DATABASE_URL is empty'],
    ['  ', 'DATABASE_URL is empty'],
    ['localhost:5432/tthc', 'must start with postgres://'],
    ['not a url', 'DATABASE_URL is not a URL'],
    ['mysql://u@h/db', 'must start with postgres:// or postgresql:// (got mysql://)'],
    ['postgres://u@h:5432', 'names no database'],
    ['postgres://u@h:5432/', 'names no database'],
  ])('%j is refused with a sentence saying what to fix', (url, message) => {
    expect(() => describePgUrl(url)).toThrow(PgConfigError);
    expect(() => describePgUrl(url)).toThrow(message);
    expect(() => createPgPool(url)).toThrow(message);
  });

  it('is described with its password masked', () => {
    expect(describePgUrl('postgresql://tthc:s3cret@db.example:5432/tthc')).toBe('postgresql://tthc:***@db.example:5432/tthc');
    expect(describePgUrl('postgres://postgres@127.0.0.1/test')).toBe('postgres://postgres@127.0.0.1/test');
    expect(describePgUrl('postgres:///tthc?host=/run/postgresql')).toBe('postgres:///tthc?host=/run/postgresql');
    expect(() => describePgUrl('postgres:///tthc')).toThrow('names no host');
  });

  it('refuses a schema name that is not a plain identifier', () => {
    expect(() => createPgPool('postgres://u@h/db', { schema: 'x; DROP TABLE y' })).toThrow('not a plain lower-case identifier');
  });
});

describe('checkPgConnection', () => {
  it('says the server is not answering, masking the password, when nothing listens', async () => {
    const url = 'postgres://tthc:s3cret@127.0.0.1:1/tthc';
    const pool = createPgPool(url, { connectionTimeoutMs: 2000 });
    pools.push(pool);
    const err = await checkPgConnection(pool, url).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PgConfigError);
    expect((err as Error).message).toContain('cannot connect to PostgreSQL at postgres://tthc:***@127.0.0.1:1/tthc: is the server running');
    expect((err as Error).message).not.toContain('s3cret');
    expect((err as Error).cause).toBeDefined();
  });

  it.skipIf(pgSkip !== undefined)(`says the database is missing${pgSkip ? ` (SKIPPED: ${pgSkip})` : ''}`, async () => {
    const url = PG_TEST_URL.replace(/\/[^/]*$/, '/no_such_database_tthc');
    const pool = createPgPool(url);
    pools.push(pool);
    await expect(checkPgConnection(pool, url)).rejects.toThrow('the database does not exist');
  });

  it.skipIf(pgSkip !== undefined)(`passes on the test server, numbers come back as numbers${pgSkip ? ` (SKIPPED: ${pgSkip})` : ''}`, async () => {
    const pool = createPgPool(PG_TEST_URL);
    pools.push(pool);
    await checkPgConnection(pool, PG_TEST_URL);
    const row = (await pool.query<{ n: number; big: number }>(`SELECT COUNT(*) AS n, 1765000000000::bigint AS big`)).rows[0]!;
    expect(row).toEqual({ n: 1, big: 1_765_000_000_000 });
  });
});
