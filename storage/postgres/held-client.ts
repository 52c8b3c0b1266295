import type pg from 'pg';

/** A pooled client held for a session-level lock, its lost-connection error and its release. */
export interface HeldClient {
  client: pg.PoolClient;
  /** The error the connection died with while held (a killed backend), if any. */
  lost(): Error | undefined;
  /** Back to the pool; with an error the pool discards the client instead of reusing it. */
  release(err?: Error): void;
}

/**
 * Checks a client out to hold a session-level advisory lock across other work (`PgJobLock`,
 * `PgTurnLock`). A checked-out client has no error listener: a backend killed while we hold it
 * would otherwise throw from the socket; the error is kept and the client is discarded at release.
 */
export async function holdClient(pool: pg.Pool): Promise<HeldClient> {
  const client = await pool.connect();
  let lost: Error | undefined;
  const onError = (err: Error) => {
    lost = err;
  };
  client.on('error', onError);
  return {
    client,
    lost: () => lost,
    release: (err) => {
      client.removeListener('error', onError);
      client.release(err);
    },
  };
}
