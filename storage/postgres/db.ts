import type pg from 'pg';

/**
 * What a PostgreSQL store runs its SQL on: the pool, or one client inside a transaction that
 * several stores share (`atomically`). A store never knows which: `transaction` opens one on
 * the pool, and inside an open one simply runs on the same client (the outer transaction
 * is the unit of work).
 */
export interface PgDb {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
  transaction<T>(fn: (tx: PgDb) => Promise<T>): Promise<T>;
}

class ClientDb implements PgDb {
  constructor(private readonly client: pg.PoolClient) {}

  query<R extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>> {
    return this.client.query<R>(sql, params);
  }

  transaction<T>(fn: (tx: PgDb) => Promise<T>): Promise<T> {
    return fn(this);
  }
}

class PoolDb implements PgDb {
  constructor(private readonly pool: pg.Pool) {}

  query<R extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>> {
    return this.pool.query<R>(sql, params);
  }

  async transaction<T>(fn: (tx: PgDb) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: unknown;
    try {
      await client.query('BEGIN');
      const out = await fn(new ClientDb(client));
      await client.query('COMMIT');
      return out;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackErr) {
        broken = rollbackErr; // the connection is unusable: destroy it rather than reuse it
      }
      throw err;
    } finally {
      client.release(broken instanceof Error ? broken : undefined);
    }
  }
}

/** The `PgDb` over a pool: each `query` is its own statement, `transaction` takes a client. */
export function pgDb(pool: pg.Pool): PgDb {
  return new PoolDb(pool);
}
