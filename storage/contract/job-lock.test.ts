import crypto from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobLock } from '../../bot/ports/index.js';
import { MemoryJobLock } from '../job-lock-memory.js';
import { JOB_LOCK_NAMESPACE, PgJobLock } from '../postgres/job-lock.js';
import { engineTitle, PG_TEST_URL, postgresEngineOf, probePostgres } from './engines.js';

/**
 * The job lock (`bot/ports/job-lock.ts`, JobLock): work that runs on one process at a time
 * (retention, the legal-aid scheduler's tick). Two engines: in-process (a SQLite deployment is
 * one process, so its "processes" share one lock) and PostgreSQL (each process its own pool
 * and `PgJobLock`, the lock held by the database). Advisory locks are database-wide, so each
 * test names its jobs uniquely (other suites run on the same test database).
 */
const pgSkip = await probePostgres();
if (pgSkip) console.warn(`[store contract] PostgreSQL half skipped: ${pgSkip}`);

interface OpenedLocks {
  /** One lock per "process". */
  handles: JobLock[];
  pools: pg.Pool[];
}

interface LockEngine {
  name: string;
  skipReason: string | undefined;
  open(handles?: number): Promise<OpenedLocks>;
  cleanup(): Promise<void>;
}

const inProcess: LockEngine = {
  name: 'one process (SQLite deployment)',
  skipReason: undefined,
  async open(handles = 2) {
    const lock = new MemoryJobLock();
    return { handles: Array.from({ length: handles }, () => lock), pools: [] };
  },
  async cleanup() {},
};

const postgres: LockEngine = postgresEngineOf(pgSkip, ({ connections }) => ({ handles: connections.map((p) => new PgJobLock(p)), pools: connections }));

/** A job that runs until `release()`; `started` resolves when it has begun. */
function gatedJob<T>(value: T): { fn: () => Promise<T>; started: Promise<void>; release(): void; runs: () => number } {
  let runs = 0;
  let release!: () => void;
  let begun!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const started = new Promise<void>((r) => (begun = r));
  return {
    fn: async () => {
      runs++;
      begun();
      await gate;
      return value;
    },
    started,
    release: () => release(),
    runs: () => runs,
  };
}

const jobName = (what: string) => `${what}-${crypto.randomBytes(4).toString('hex')}`;

/** Resolves to 'pending' when `p` has not settled within `ms`. */
const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<'pending'>((r) => setTimeout(() => r('pending'), ms))]);

for (const engine of [inProcess, postgres]) {
  describe.skipIf(engine.skipReason !== undefined)(engineTitle('job lock', engine), () => {
    afterEach(() => engine.cleanup());

    it('two processes starting one job at once: exactly one runs, the other is told { ran: false } at once; then it is free again', async () => {
      const [a, b] = (await engine.open(2)).handles;
      const name = jobName('retention');
      const jobA = gatedJob('a');
      const jobB = gatedJob('b');
      const [runA, runB] = [a!.runExclusive(name, jobA.fn), b!.runExclusive(name, jobB.fn)];
      // Whichever got it is held at its gate; the other answered without waiting for it.
      const first = await within(Promise.race([runA, runB]), 2000);
      expect(first).toEqual({ ran: false });
      expect(jobA.runs() + jobB.runs()).toBe(1);
      jobA.release();
      jobB.release();
      const results = await Promise.all([runA, runB]);
      expect(results.filter((r) => r.ran)).toHaveLength(1);
      expect(results.find((r) => r.ran)).toEqual({ ran: true, value: jobA.runs() ? 'a' : 'b' });
      // Released: the next round runs, on either process.
      expect(await b!.runExclusive(name, async () => 'again')).toEqual({ ran: true, value: 'again' });
      expect(await a!.runExclusive(name, async () => 'and again')).toEqual({ ran: true, value: 'and again' });
    });

    it('one process starting a job it is already running skips it', async () => {
      const [a] = (await engine.open(1)).handles;
      const name = jobName('tick');
      const job = gatedJob(1);
      const running = a!.runExclusive(name, job.fn);
      await job.started;
      expect(await a!.runExclusive(name, async () => 2)).toEqual({ ran: false });
      job.release();
      expect(await running).toEqual({ ran: true, value: 1 });
    });

    it('different jobs run at the same time, on one process or two', async () => {
      const [a, b] = (await engine.open(2)).handles;
      const jobs = [gatedJob('x'), gatedJob('y'), gatedJob('z')];
      const runs = [a!.runExclusive(jobName('x'), jobs[0]!.fn), b!.runExclusive(jobName('y'), jobs[1]!.fn), a!.runExclusive(jobName('z'), jobs[2]!.fn)];
      await Promise.all(jobs.map((j) => j.started));
      for (const j of jobs) j.release();
      expect(await Promise.all(runs)).toEqual([
        { ran: true, value: 'x' },
        { ran: true, value: 'y' },
        { ran: true, value: 'z' },
      ]);
    });

    it('a job that throws rejects with its error and releases the lock', async () => {
      const [a, b] = (await engine.open(2)).handles;
      const name = jobName('rollups');
      await expect(a!.runExclusive(name, async () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
      expect(await b!.runExclusive(name, async () => 'ok')).toEqual({ ran: true, value: 'ok' });
      expect(await a!.runExclusive(name, async () => 'ok too')).toEqual({ ran: true, value: 'ok too' });
    });

    if (engine === postgres) {
      it('a holder whose connection dies (backend killed) loses the lock to the other process; its pool carries on', async () => {
        const { handles, pools } = await engine.open(2);
        const [a, b] = handles;
        const name = jobName('retention');
        const held = gatedJob('late');
        const running = a!.runExclusive(name, held.fn);
        await held.started;
        expect(await b!.runExclusive(name, async () => 'b')).toEqual({ ran: false });

        const admin = new pg.Client({ connectionString: PG_TEST_URL });
        await admin.connect();
        try {
          const holders = await admin.query<{ pid: number }>(
            `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2
               AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
               AND classid = $1::bigint::oid AND objid = hashtext($2)::oid`,
            [JOB_LOCK_NAMESPACE, name],
          );
          expect(holders.rows).toHaveLength(1);
          await admin.query('SELECT pg_terminate_backend($1)', [holders.rows[0]!.pid]);
        } finally {
          await admin.end();
        }
        // The holder's process is still busy with its job, but its session is gone, and the lock with it.
        const deadline = Date.now() + 5000;
        let taken = await b!.runExclusive(name, async () => 'b');
        while (!taken.ran && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 50));
          taken = await b!.runExclusive(name, async () => 'b');
        }
        expect(taken).toEqual({ ran: true, value: 'b' });
        // The late job finishes without crashing its process; the broken connection is not reused.
        held.release();
        expect(await running).toEqual({ ran: true, value: 'late' });
        expect((await pools[0]!.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
        expect(await a!.runExclusive(name, async () => 'a again')).toEqual({ ran: true, value: 'a again' });
      });
    }
  });
}
