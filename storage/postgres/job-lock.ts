import type pg from 'pg';
import type { JobLock, JobRun } from '../../bot/ports/index.js';
import { holdClient } from './held-client.js';

/**
 * The first key of every job lock (`'jobs'` in ASCII): PostgreSQL's two-key advisory locks
 * `(namespace, hashtext(name))` do not meet the one-key locks (the migration lock) nor other
 * namespaces.
 */
export const JOB_LOCK_NAMESPACE = 0x6a6f6273;

/**
 * `JobLock` across every process on one PostgreSQL database: a SESSION-level
 * `pg_try_advisory_lock(JOB_LOCK_NAMESPACE, hashtext(name))` on a client taken from the pool
 * and kept for as long as `fn` runs, then unlocked and the client released.
 *
 * - Never waits: the `try` form answers at once; a process that does not get it skips.
 * - A process that dies (or whose connection is cut) loses the lock with its session, so the
 *   next tick elsewhere runs the job. The dying process's `fn` may still be running at that
 *   moment: a job must be safe to run again (ours are idempotent deletes and recounts).
 * - Holds one pooled connection per running job; the pool must have room for that beside
 *   the job's own queries (the job runs on the pool, not on the locking client).
 *
 * Session-level and not transaction-level (`pg_try_advisory_xact_lock`) because the job is
 * many statements and transactions of its own, not one transaction.
 */
export class PgJobLock implements JobLock {
  constructor(
    private readonly pool: pg.Pool,
    private readonly namespace: number = JOB_LOCK_NAMESPACE,
  ) {}

  async runExclusive<T>(name: string, fn: () => Promise<T>): Promise<JobRun<T>> {
    // A backend killed while we hold the lock is noted (`lost`) and the unlock below fails.
    const { client, lost, release } = await holdClient(this.pool);
    let locked: boolean;
    try {
      locked = (await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [this.namespace, name])).rows[0]?.locked === true;
    } catch (err) {
      release(lost() ?? (err as Error));
      throw err;
    }
    if (!locked) {
      release(lost());
      return { ran: false };
    }
    let broken: Error | undefined;
    try {
      return { ran: true, value: await fn() };
    } finally {
      try {
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [this.namespace, name]);
      } catch (err) {
        // The session is gone (and its lock with it), or unusable: never reuse this client.
        broken = err as Error;
      }
      release(lost() ?? broken);
    }
  }
}
