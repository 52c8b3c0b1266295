import crypto from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { TurnLockTimeoutError, type TurnLock } from '../../bot/ports/index.js';
import { MemoryTurnLock } from '../turn-lock-memory.js';
import { PgTurnLock, TURN_LOCK_NAMESPACE } from '../postgres/turn-lock.js';
import { engineTitle, PG_TEST_URL, postgresEngineOf, probePostgres } from './engines.js';

/**
 * The turn lock (`bot/ports/turn-lock.ts`): one turn at a time per conversation across
 * processes. In-process (a SQLite deployment is one process: its "processes" share one lock)
 * and PostgreSQL (each process its own pool and `PgTurnLock`). Advisory locks are database-wide:
 * every test uses keys of its own.
 */
const pgSkip = await probePostgres();
if (pgSkip) console.warn(`[store contract] PostgreSQL half skipped: ${pgSkip}`);

interface LockEngine {
  name: string;
  skipReason: string | undefined;
  open(handles?: number): Promise<{ handles: TurnLock[]; pools: pg.Pool[] }>;
  cleanup(): Promise<void>;
}

const inProcess: LockEngine = {
  name: 'one process (SQLite deployment)',
  skipReason: undefined,
  async open(handles = 2) {
    const lock = new MemoryTurnLock();
    return { handles: Array.from({ length: handles }, () => lock), pools: [] };
  },
  async cleanup() {},
};

const postgres: LockEngine = postgresEngineOf(pgSkip, ({ connections }) => ({ handles: connections.map((p) => new PgTurnLock(p, { waitMs: 5_000 })), pools: connections }));

const key = (what: string) => `conv:${what}-${crypto.randomBytes(4).toString('hex')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const engine of [inProcess, postgres]) {
  describe.skipIf(engine.skipReason !== undefined)(engineTitle('turn lock', engine), () => {
    afterEach(() => engine.cleanup());

    it('turns of one conversation from two processes never overlap, and all of them run', async () => {
      const { handles } = await engine.open(2);
      const k = key('same');
      const log: string[] = [];
      let inside = 0;
      let maxInside = 0;
      const turn = (i: number) => async () => {
        inside++;
        maxInside = Math.max(maxInside, inside);
        log.push(`in ${i}`);
        await sleep(15);
        log.push(`out ${i}`);
        inside--;
        return i;
      };
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => handles[i % 2]!.serialize(k, turn(i))));
      expect(results).toEqual(Array.from({ length: 12 }, (_, i) => i));
      expect(maxInside).toBe(1);
      // Strictly alternating enter/exit pairs.
      for (let i = 0; i < log.length; i += 2) expect(log[i + 1]!.slice(4)).toBe(log[i]!.slice(3));
    });

    it('other conversations are not held up', async () => {
      const { handles } = await engine.open(2);
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const held = handles[0]!.serialize(key('slow'), () => gate);
      const other = await Promise.race([handles[1]!.serialize(key('other'), async () => 'done'), sleep(2_000).then(() => 'blocked')]);
      expect(other).toBe('done');
      release();
      await held;
    });

    it('a throwing turn releases the conversation', async () => {
      const { handles } = await engine.open(2);
      const k = key('throws');
      await expect(handles[0]!.serialize(k, async () => Promise.reject(new Error('turn failed')))).rejects.toThrow('turn failed');
      expect(await Promise.race([handles[1]!.serialize(k, async () => 'next'), sleep(2_000).then(() => 'blocked')])).toBe('next');
    });
  });
}

describe.skipIf(pgSkip !== undefined)(`turn lock on PostgreSQL only${pgSkip ? ` (SKIPPED: ${pgSkip})` : ''}`, () => {
  const pools: pg.Pool[] = [];
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.end()));
  });
  const pool = () => {
    const p = new pg.Pool({ connectionString: PG_TEST_URL, max: 3 });
    p.on('error', () => undefined);
    pools.push(p);
    return p;
  };

  it('a waiting turn gives up after waitMs with TurnLockTimeoutError, and its client is reusable', async () => {
    const [a, b] = [new PgTurnLock(pool()), new PgTurnLock(pool(), { waitMs: 300 })];
    const k = key('timeout');
    let release!: () => void;
    const held = a.serialize(k, () => new Promise<void>((r) => (release = r)));
    await sleep(100);
    const started = Date.now();
    await expect(b.serialize(k, async () => 'never')).rejects.toBeInstanceOf(TurnLockTimeoutError);
    expect(Date.now() - started).toBeLessThan(3_000);
    release();
    await held;
    // The same pool's client, lock_timeout reset, takes the lock now.
    expect(await b.serialize(k, async () => 'after')).toBe('after');
  });

  it('a process that dies holding a conversation releases it: the other process goes on', async () => {
    const holderPool = pool();
    const a = new PgTurnLock(holderPool);
    const b = new PgTurnLock(pool(), { waitMs: 10_000 });
    const k = key('dies');
    let finish!: () => void;
    const held = a.serialize(k, () => new Promise<void>((r) => (finish = r))).catch(() => undefined);
    await sleep(150);
    const waiting = b.serialize(k, async () => 'taken over');
    await sleep(100);
    // "SIGKILL": the holder's backend ends; its session lock goes with it.
    const admin = pool();
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = (hashtext($2)::bigint & 4294967295) AND granted`,
      [TURN_LOCK_NAMESPACE, k],
    );
    expect(await Promise.race([waiting, sleep(5_000).then(() => 'still waiting')])).toBe('taken over');
    // The dead holder's turn ends later; its unlock fails on the lost session, quietly.
    finish();
    await held;
  });
});
