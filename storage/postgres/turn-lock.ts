import type pg from 'pg';
import { TurnLockTimeoutError, type TurnLock } from '../../bot/ports/index.js';
import { holdClient } from './held-client.js';

/** First key of the turn locks (`'conv'` in ASCII): apart from job locks, the migration lock and the turn log's per-conversation count lock (`'turn'`, 0x7475726e), which a turn takes while it holds this one. */
export const TURN_LOCK_NAMESPACE = 0x636f6e76;

/**
 * `TurnLock` across processes on one PostgreSQL database: a session-level
 * `pg_advisory_lock(TURN_LOCK_NAMESPACE, hashtext(key))` on a client of a DEDICATED pool,
 * held while the turn runs, then unlocked.
 *
 * - The pool must not be the one the turn's own queries use: with every client of one pool
 *   holding a lock while its turn waits for a client to load state, nothing would move. A
 *   turn waiting here holds nothing of the main pool.
 * - Waits at most `waitMs` (`lock_timeout` for the lock statement only); then the turn fails
 *   with `TurnLockTimeoutError` and its channel retries it.
 * - A process that dies loses its locks with its sessions; the other process's waiting turn
 *   goes on.
 * - `hashtext` may give two conversations one lock: they then take turns, nothing worse.
 */
export class PgTurnLock implements TurnLock {
  constructor(
    private readonly pool: pg.Pool,
    private readonly options: { waitMs?: number; namespace?: number } = {},
  ) {}

  async serialize<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const namespace = this.options.namespace ?? TURN_LOCK_NAMESPACE;
    const waitMs = this.options.waitMs ?? 30_000;
    const { client, lost, release } = await holdClient(this.pool);
    try {
      // lock_timeout bounds the wait; SET LOCAL needs a transaction, so set and reset it.
      await client.query(`SET lock_timeout = ${Math.max(1, Math.floor(waitMs))}`);
      await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [namespace, key]);
      await client.query('SET lock_timeout = 0');
    } catch (err) {
      const timedOut = (err as { code?: string }).code === '55P03';
      // A timed-out client is fine to reuse once its setting is back; anything else is not.
      let broken: Error | undefined = timedOut ? undefined : (lost() ?? (err as Error));
      if (timedOut) await client.query('SET lock_timeout = 0').catch((e: Error) => (broken = e));
      release(broken);
      throw timedOut ? new TurnLockTimeoutError(key, waitMs) : err;
    }
    let broken: Error | undefined;
    try {
      return await fn();
    } finally {
      try {
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [namespace, key]);
      } catch (err) {
        broken = err as Error;
      }
      release(lost() ?? broken);
    }
  }
}
