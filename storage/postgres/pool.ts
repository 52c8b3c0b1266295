import pg from 'pg';

/**
 * The PostgreSQL connection pool of a deployment, built from `DATABASE_URL`. Nothing
 * connects at import time: the composition root (or a command) calls `createPgPool`, then
 * `checkPgConnection` once so a wrong URL or a stopped server fails at start-up with a
 * sentence an operator can act on, not at the first citizen's message.
 */

/** Thrown for a malformed `DATABASE_URL` or an unreachable server; the message says what to fix. */
export class PgConfigError extends Error {
  override readonly name = 'PgConfigError';
}

export interface PgPoolOptions {
  /** Connections per process (default 10). Several app processes each hold their own pool. */
  max?: number;
  /**
   * Schema searched first (`search_path`). Tests give each run its own schema; a deployment
   * leaves it unset (the user's default, normally `public`).
   */
  schema?: string;
  /** Milliseconds to wait for a connection before giving up (default 5000). */
  connectionTimeoutMs?: number;
  /** `application_name` seen in `pg_stat_activity` (default `tro-ly-tthc`). */
  applicationName?: string;
}

/**
 * BIGINT (epoch milliseconds, ids, COUNT(*)) comes back as a JS number: every value we store
 * is below 2^53, and the ports speak numbers. NUMERIC is left as text.
 */
function pgTypes(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));
  return types;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Parses and checks `url` (`postgres://user[:password]@host[:port]/database`). Returns the
 * URL with the password masked, for messages; throws `PgConfigError` when it is malformed.
 */
export function describePgUrl(url: string | undefined): string {
  if (!url || url.trim() === '') {
    throw new PgConfigError('DATABASE_URL is empty: set it to postgres://USER:PASSWORD@HOST:5432/DATABASE');
  }
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new PgConfigError(
      'DATABASE_URL is not a URL: expected postgres://USER:PASSWORD@HOST:5432/DATABASE (percent-encode special characters in the password)',
    );
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new PgConfigError(`DATABASE_URL must start with postgres:// or postgresql:// (got ${u.protocol}//)`);
  }
  // A Unix socket is named by `?host=/path` with an empty authority (postgres:///tthc?host=/run/postgresql).
  if (!u.hostname && !u.searchParams.get('host')) throw new PgConfigError('DATABASE_URL names no host: expected postgres://USER@HOST:5432/DATABASE');
  if (u.pathname.replace(/^\//, '') === '') {
    throw new PgConfigError('DATABASE_URL names no database: add it after the host, e.g. postgres://USER@HOST:5432/tthc');
  }
  if (u.password) u.password = '***';
  return u.toString();
}

/** A pool over `url`; validates the URL first (no connection is made until a query). */
export function createPgPool(url: string | undefined, opts: PgPoolOptions = {}): pg.Pool {
  describePgUrl(url);
  if (opts.schema !== undefined && !SCHEMA_NAME.test(opts.schema)) {
    throw new PgConfigError(`schema name "${opts.schema}" is not a plain lower-case identifier`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: opts.connectionTimeoutMs ?? 5000,
    application_name: opts.applicationName ?? 'tro-ly-tthc',
    types: pgTypes(),
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  // An idle client losing its connection (server restart) must not crash the process: the
  // pool drops it and the next query opens a new one.
  pool.on('error', () => {});
  return pool;
}

/**
 * Runs one query so that a stopped server, a wrong password or a missing database surfaces
 * now, as a `PgConfigError` naming the (masked) URL and the likely fix, with the driver's
 * error as its cause.
 */
export async function checkPgConnection(pool: pg.Pool, url: string): Promise<void> {
  const where = describePgUrl(url);
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    const code = (err as { code?: string }).code;
    const hint =
      code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH'
        ? 'is the server running and reachable from here?'
        : code === '28P01' || code === '28000'
          ? 'the user or password is refused'
          : code === '3D000'
            ? 'the database does not exist (createdb it first)'
            : 'see the cause below';
    throw new PgConfigError(`cannot connect to PostgreSQL at ${where}: ${hint} (${code ?? (err as Error).message})`, { cause: err });
  }
}
