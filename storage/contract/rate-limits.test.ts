import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { RateLimitStore } from '../../bot/ports/index.js';
import { createPgPool, migratePostgres, pgDb } from '../postgres/index.js';
import { PgRateLimitStore } from '../postgres/rate-limits.js';
import { MemoryRateLimitStore } from '../rate-limits-memory.js';
import { createTestSchema, PG_TEST_URL, probePostgres } from './engines.js';

/**
 * One suite, two engines: the in-process store and PostgreSQL with two pools (two app
 * processes) on one schema. `handles` are views of ONE budget: the in-process store is
 * shared by reference, the PostgreSQL handles are separate pools.
 */
interface Opened {
  handles: RateLimitStore[];
  /** Moves the clock every handle reads. */
  advance(ms: number): void;
}

interface Engine {
  name: string;
  skipReason: string | undefined;
  open(handles: number): Promise<Opened>;
  cleanup(): Promise<void>;
}

const T0 = 1_800_000_000_000;

function memoryEngine(): Engine {
  return {
    name: 'in-process',
    skipReason: undefined,
    async open(handles) {
      let now = T0;
      const store = new MemoryRateLimitStore(() => now);
      return { handles: Array.from({ length: handles }, () => store), advance: (ms) => (now += ms) };
    },
    async cleanup() {},
  };
}

function postgresEngine(skipReason: string | undefined): Engine {
  const cleanups: Array<() => Promise<void>> = [];
  return {
    name: 'PostgreSQL',
    skipReason,
    async open(handles) {
      const { schema, drop } = await createTestSchema();
      const pools = Array.from({ length: handles }, () => createPgPool(PG_TEST_URL, { schema, max: 4 }));
      cleanups.push(async () => {
        await Promise.all(pools.map((p) => p.end()));
        await drop();
      });
      await migratePostgres(pools[0]!);
      let now = T0;
      return { handles: pools.map((p) => new PgRateLimitStore(pgDb(p), () => now)), advance: (ms) => (now += ms) };
    },
    async cleanup() {
      for (const c of cleanups.splice(0)) await c();
    },
  };
}

const pgSkip = await probePostgres();
if (pgSkip) console.warn(`[rate-limit contract] PostgreSQL half skipped: ${pgSkip}`);

for (const engine of [memoryEngine(), postgresEngine(pgSkip)]) {
  const title = engine.skipReason ? `RateLimitStore contract on ${engine.name} (SKIPPED: ${engine.skipReason})` : `RateLimitStore contract on ${engine.name}`;
  describe.skipIf(engine.skipReason !== undefined)(title, () => {
    afterEach(() => engine.cleanup());

    it('allows `limit` takes in a burst, then refuses and says when the next token comes', async () => {
      const { handles: [s] } = await engine.open(1);
      const out = [];
      for (let i = 0; i < 6; i++) out.push(await s!.take('login:ip:1.2.3.4', 1, 5, 60_000));
      expect(out.slice(0, 5).every((d) => d.allowed && d.retryAfterMs === 0)).toBe(true);
      // 5 per minute: one token every 12 s.
      expect(out[5]).toEqual({ allowed: false, retryAfterMs: 12_000 });
    });

    it('refills continuously, never above the limit, and a refused take takes nothing', async () => {
      const { handles: [s], advance } = await engine.open(1);
      for (let i = 0; i < 4; i++) expect((await s!.take('k', 1, 4, 40_000)).allowed).toBe(true);
      advance(5_000); // half a token
      expect(await s!.take('k', 1, 4, 40_000)).toEqual({ allowed: false, retryAfterMs: 5_000 });
      advance(5_000); // the half already there + half = one
      expect((await s!.take('k', 1, 4, 40_000)).allowed).toBe(true);
      advance(10 * 60_000); // long idle: full, i.e. 4, not 60
      let allowed = 0;
      for (let i = 0; i < 8; i++) if ((await s!.take('k', 1, 4, 40_000)).allowed) allowed++;
      expect(allowed).toBe(4);
    });

    it('takes a cost of several tokens and keeps keys apart', async () => {
      const { handles: [s] } = await engine.open(1);
      expect((await s!.take('a', 3, 5, 1_000)).allowed).toBe(true);
      expect(await s!.take('a', 3, 5, 1_000)).toEqual({ allowed: false, retryAfterMs: 200 });
      expect((await s!.take('a', 2, 5, 1_000)).allowed).toBe(true);
      expect((await s!.take('b', 5, 5, 1_000)).allowed).toBe(true);
    });

    it('gives tokens back on refund, never above the limit', async () => {
      const { handles: [s] } = await engine.open(1);
      for (let i = 0; i < 3; i++) await s!.take('user:lan', 1, 3, 90_000);
      expect((await s!.take('user:lan', 1, 3, 90_000)).allowed).toBe(false);
      await s!.refund('user:lan', 1, 3, 90_000);
      expect((await s!.take('user:lan', 1, 3, 90_000)).allowed).toBe(true);
      await s!.refund('user:lan', 3, 3, 90_000);
      await s!.refund('user:lan', 3, 3, 90_000);
      let allowed = 0;
      for (let i = 0; i < 5; i++) if ((await s!.take('user:lan', 1, 3, 90_000)).allowed) allowed++;
      expect(allowed).toBe(3);
      await s!.refund('never-seen', 1, 3, 90_000); // nothing to give back to: a no-op
      expect((await s!.take('never-seen', 3, 3, 90_000)).allowed).toBe(true);
    });

    it('refuses a rule that can never pass', async () => {
      const { handles: [s] } = await engine.open(1);
      await expect(s!.take('k', 6, 5, 1_000)).rejects.toThrow(/cost 6 exceeds limit 5/);
      await expect(s!.take('k', 1, 0, 1_000)).rejects.toThrow(RangeError);
      await expect(s!.take('k', 1, 5, 0)).rejects.toThrow(RangeError);
      await expect(s!.take('', 1, 5, 1_000)).rejects.toThrow(RangeError);
    });

    it('forgets keys whose bucket is full again, keeps the others', async () => {
      const { handles: [s], advance } = await engine.open(1);
      await s!.take('idle', 1, 2, 10_000);
      await s!.take('busy', 2, 2, 100_000);
      advance(5_000); // 'idle' is full again after 5 s; 'busy' after 100 s
      expect(await s!.purgeIdle()).toBe(1);
      expect((await s!.take('busy', 1, 2, 100_000)).allowed).toBe(false);
    });

    it('is one budget for two processes taking in turn', async () => {
      const { handles: [a, b] } = await engine.open(2);
      const results = [];
      for (let i = 0; i < 10; i++) results.push((await (i % 2 ? b! : a!).take('shared', 1, 6, 60_000)).allowed);
      expect(results.filter(Boolean)).toHaveLength(6);
      expect(results.slice(6).some(Boolean)).toBe(false);
    });

    it('is one budget for two processes taking at the same moment (40 takes, limit 15)', async () => {
      const { handles: [a, b] } = await engine.open(2);
      const takes = Array.from({ length: 40 }, (_, i) => (i % 2 ? b! : a!).take('burst', 1, 15, 60_000));
      const results = await Promise.all(takes);
      expect(results.filter((r) => r.allowed)).toHaveLength(15);
      expect(results.filter((r) => !r.allowed).every((r) => r.retryAfterMs > 0)).toBe(true);
    });
  });
}

describe.skipIf(pgSkip !== undefined)('PgRateLimitStore on the database clock', () => {
  it('uses the server clock when none is given', async () => {
    const { schema, drop } = await createTestSchema();
    const pool: pg.Pool = createPgPool(PG_TEST_URL, { schema, max: 2 });
    try {
      await migratePostgres(pool);
      const s = new PgRateLimitStore(pgDb(pool));
      expect((await s.take('k', 1, 1, 60_000)).allowed).toBe(true);
      const refused = await s.take('k', 1, 1, 60_000);
      expect(refused.allowed).toBe(false);
      expect(refused.retryAfterMs).toBeGreaterThan(59_000);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
      const { rows } = await pool.query<{ skew: number }>('SELECT abs(updated_at - (extract(epoch FROM now()) * 1000)::bigint) AS skew FROM rate_limits');
      expect(rows[0]!.skew).toBeLessThan(60_000);
    } finally {
      await pool.end();
      await drop();
    }
  });
});
