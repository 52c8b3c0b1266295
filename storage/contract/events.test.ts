import crypto from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENT_PAYLOAD_MAX_BYTES, type EventBus, type EventPayload } from '../../bot/ports/index.js';
import { MemoryEventBus } from '../events-memory.js';
import { channelName, PgEventBus } from '../postgres/events.js';
import { createPgPool } from '../postgres/index.js';
import { PG_TEST_URL, probePostgres } from './engines.js';

/**
 * One suite, two engines: the in-process bus, and PostgreSQL LISTEN/NOTIFY with two pools
 * (two app processes), each with its own bus. Every PostgreSQL test uses its own channel
 * namespace, so parallel runs on one server do not hear each other.
 */
interface Opened {
  buses: EventBus[];
  /** Kills the listening connection of bus `i` (PostgreSQL only). */
  kill?(i: number): Promise<void>;
  /** Whether bus `i` listens again after `kill`. */
  reconnected?(i: number): boolean;
}

interface Engine {
  name: string;
  skipReason: string | undefined;
  open(buses: number): Promise<Opened>;
  cleanup(): Promise<void>;
}

function memoryEngine(): Engine {
  const open: EventBus[] = [];
  return {
    name: 'in-process',
    skipReason: undefined,
    async open(buses) {
      const bus = new MemoryEventBus();
      open.push(bus);
      return { buses: Array.from({ length: buses }, () => bus) };
    },
    async cleanup() {
      for (const b of open.splice(0)) await b.close();
    },
  };
}

function postgresEngine(skipReason: string | undefined): Engine {
  const cleanups: Array<() => Promise<void>> = [];
  return {
    name: 'PostgreSQL',
    skipReason,
    async open(n) {
      const namespace = `t${crypto.randomBytes(4).toString('hex')}`;
      const pools = Array.from({ length: n }, (_, i) => createPgPool(PG_TEST_URL, { max: 2, applicationName: `events-${namespace}-${i}` }));
      const buses = pools.map((pool) => new PgEventBus({ pool, namespace, reconnectMs: { min: 20, max: 200 }, heartbeatMs: 0 }));
      cleanups.push(async () => {
        await Promise.all(buses.map((b) => b.close()));
        await Promise.all(pools.map((p) => p.end()));
      });
      return {
        buses,
        async kill(i) {
          const pid = buses[i]!.status().listenerPid;
          if (pid === undefined) throw new Error('bus is not listening');
          const admin = new pg.Client({ connectionString: PG_TEST_URL });
          await admin.connect();
          try {
            await admin.query('SELECT pg_terminate_backend($1)', [pid]);
          } finally {
            await admin.end();
          }
        },
        reconnected: (i) => buses[i]!.status().connected && buses[i]!.status().reconnects > 0,
      };
    },
    async cleanup() {
      for (const c of cleanups.splice(0)) await c();
    },
  };
}

/** Resolves when `pred` holds, polling; rejects after `ms`. */
async function until(pred: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Waits long enough for an event that should NOT arrive to have arrived. */
const settle = () => new Promise((r) => setTimeout(r, 150));

const pgSkip = await probePostgres();
if (pgSkip) console.warn(`[event bus contract] PostgreSQL half skipped: ${pgSkip}`);

for (const engine of [memoryEngine(), postgresEngine(pgSkip)]) {
  const title = engine.skipReason ? `EventBus contract on ${engine.name} (SKIPPED: ${engine.skipReason})` : `EventBus contract on ${engine.name}`;
  describe.skipIf(engine.skipReason !== undefined)(title, () => {
    afterEach(() => engine.cleanup());

    it('an event published by one process reaches a subscriber in the other, once', async () => {
      const { buses: [a, b] } = await engine.open(2);
      const got: EventPayload[] = [];
      await b!.subscribe('conversation:abc-123', (p) => got.push(p));
      await a!.publish('conversation:abc-123', { kind: 'activity', seq: 7 });
      await until(() => got.length === 1);
      await settle();
      expect(got).toEqual([{ kind: 'activity', seq: 7 }]);
    });

    it('subscriptions made at the same moment, before any connection, all receive', async () => {
      const { buses: [a, b] } = await engine.open(2);
      const got: string[] = [];
      const topics = ['console', 'conversation:1', 'conversation:2', 'conversation:3'];
      await Promise.all(topics.map((t) => b!.subscribe(t, () => got.push(t))));
      for (const t of topics) await a!.publish(t, { n: 1 });
      await until(() => got.length === topics.length);
      expect(got.sort()).toEqual([...topics].sort());
    });

    it('delivers to every subscriber of the topic, in both processes, and to no other topic', async () => {
      const { buses: [a, b] } = await engine.open(2);
      const seen: string[] = [];
      await a!.subscribe('console', (p) => seen.push(`a1:${String(p.caseId)}`));
      await a!.subscribe('console', (p) => seen.push(`a2:${String(p.caseId)}`));
      await b!.subscribe('console', (p) => seen.push(`b:${String(p.caseId)}`));
      // Topics that read alike once sanitised are still different topics.
      await b!.subscribe('conversation:x.y', () => seen.push('wrong:x.y'));
      await b!.subscribe('conversation:x_y', () => seen.push('wrong:x_y'));
      await b!.publish('console', { caseId: 'HN-2026-0042' });
      await until(() => seen.length >= 3);
      await settle();
      expect(seen.sort()).toEqual(['a1:HN-2026-0042', 'a2:HN-2026-0042', 'b:HN-2026-0042']);
    });

    it('keeps the order of publishes awaited one after another', async () => {
      const { buses: [a, b] } = await engine.open(2);
      const got: number[] = [];
      await b!.subscribe('conversation:order', (p) => got.push(p.seq as number));
      for (let i = 1; i <= 20; i++) await a!.publish('conversation:order', { seq: i });
      await until(() => got.length === 20);
      expect(got).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    });

    it('stops delivering after unsubscribe, to that subscriber only', async () => {
      const { buses: [a, b] } = await engine.open(2);
      const first: unknown[] = [];
      const second: unknown[] = [];
      const off = await b!.subscribe('console', (p) => first.push(p));
      await b!.subscribe('console', (p) => second.push(p));
      off();
      off(); // twice is harmless
      await a!.publish('console', { caseId: '1' });
      await until(() => second.length === 1);
      await settle();
      expect(first).toEqual([]);
    });

    it('a throwing subscriber does not keep the event from the others', async () => {
      const { buses: [a, b] } = await engine.open(2);
      const got: unknown[] = [];
      await b!.subscribe('console', () => {
        throw new Error('boom');
      });
      await b!.subscribe('console', (p) => got.push(p));
      await a!.publish('console', { caseId: '9' });
      await until(() => got.length === 1);
    });

    it('each subscriber gets its own copy of the payload', async () => {
      const { buses: [a, b] } = await engine.open(2);
      const got: EventPayload[] = [];
      await b!.subscribe('console', (p) => {
        p.caseId = 'changed';
        got.push(p);
      });
      await b!.subscribe('console', (p) => got.push(p));
      await a!.publish('console', { caseId: 'same' });
      await until(() => got.length === 2);
      expect(got[1]).toEqual({ caseId: 'same' });
    });

    it('refuses to publish or subscribe once closed; closing twice is harmless', async () => {
      const { buses: [a] } = await engine.open(1);
      await a!.close();
      await a!.close();
      await expect(a!.publish('console', { n: 1 })).rejects.toThrow(/after close/);
      await expect(a!.subscribe('console', () => {})).rejects.toThrow(/after close/);
    });

    it('refuses an oversized payload or topic and sends nothing; the largest allowed one arrives whole', async () => {
      const { buses: [a, b] } = await engine.open(2);
      const got: EventPayload[] = [];
      await b!.subscribe('conversation:big', (p) => got.push(p));
      // Vietnamese text is 2-3 bytes a character in UTF-8: the limit is in bytes.
      const wrapper = JSON.stringify({ text: '' }).length;
      const tooBig = { text: 'ệ'.repeat(Math.ceil((EVENT_PAYLOAD_MAX_BYTES - wrapper) / 3) + 1) };
      await expect(a!.publish('conversation:big', tooBig)).rejects.toThrow(RangeError);
      await expect(a!.publish('x'.repeat(300), { a: 1 })).rejects.toThrow(/topic is 300 bytes/);
      const largest = { text: 'a'.repeat(EVENT_PAYLOAD_MAX_BYTES - wrapper) };
      await a!.publish('conversation:big', largest);
      await until(() => got.length === 1);
      await settle();
      expect(got).toEqual([largest]);
    });
  });
}

describe.skipIf(pgSkip !== undefined)(`PgEventBus: the listening connection${pgSkip ? ` (SKIPPED: ${pgSkip})` : ''}`, () => {
  const engine = postgresEngine(pgSkip);
  afterEach(() => engine.cleanup());

  it('reconnects after its connection is killed (pg_terminate_backend), listens again and reports the gap', async () => {
    const opened = await engine.open(2);
    const [a, b] = opened.buses as PgEventBus[];
    const got: unknown[] = [];
    let gaps = 0;
    await b!.subscribe('conversation:r1', (p) => got.push(p), { onGap: () => gaps++ });
    await b!.subscribe('console', (p) => got.push(p));
    await a!.publish('conversation:r1', { seq: 1 });
    await until(() => got.length === 1);
    await opened.kill!(1);
    await until(() => opened.reconnected!(1));
    expect(gaps).toBe(1);
    expect(b!.status().channels).toBe(2);
    await a!.publish('conversation:r1', { seq: 2 });
    await a!.publish('console', { caseId: 'c' });
    await until(() => got.length === 3);
    expect(got).toEqual([{ seq: 1 }, { seq: 2 }, { caseId: 'c' }]);
  });

  it('a subscriber registered while the server is unreachable is told of the gap once the bus connects', async () => {
    const pool = createPgPool(PG_TEST_URL, { max: 1 });
    let reachable = false;
    const bus = new PgEventBus({
      pool,
      namespace: `t${crypto.randomBytes(4).toString('hex')}`,
      reconnectMs: { min: 20, max: 50 },
      heartbeatMs: 0,
      listenerClient: () => new pg.Client({ connectionString: reachable ? PG_TEST_URL : 'postgres://postgres@127.0.0.1:1/test' }),
    });
    try {
      let gaps = 0;
      const got: unknown[] = [];
      await bus.subscribe('console', (p) => got.push(p), { onGap: () => gaps++ });
      expect(bus.status().connected).toBe(false);
      reachable = true;
      await until(() => bus.status().connected);
      expect(gaps).toBe(1);
      await bus.publish('console', { caseId: 'late' });
      await until(() => got.length === 1);
    } finally {
      await bus.close();
      await pool.end();
    }
  });

  it('a topic subscribed while the connection is being set up is listened on too', async () => {
    const pool = createPgPool(PG_TEST_URL, { max: 1 });
    let listenStarted!: () => void;
    const started = new Promise<void>((r) => (listenStarted = r));
    /** A client whose first LISTEN (the set-up's) is slow, so a second subscribe lands meanwhile. */
    class SlowListen extends pg.Client {
      private slowed = false;
      override query(...args: unknown[]): never {
        const text = typeof args[0] === 'string' ? args[0] : '';
        const run = () => (super.query as (...a: unknown[]) => unknown).apply(this, args);
        if (text.startsWith('LISTEN') && !this.slowed) {
          this.slowed = true;
          listenStarted();
          return new Promise((r) => setTimeout(r, 150)).then(run) as never;
        }
        return run() as never;
      }
    }
    const bus = new PgEventBus({ pool, namespace: `t${crypto.randomBytes(4).toString('hex')}`, heartbeatMs: 0, listenerClient: () => new SlowListen({ connectionString: PG_TEST_URL }) });
    try {
      const got: string[] = [];
      const first = bus.subscribe('console', () => got.push('console'));
      await started;
      const second = bus.subscribe('conversation:late', () => got.push('late'));
      await Promise.all([first, second]);
      await bus.publish('conversation:late', { n: 1 });
      await bus.publish('console', { n: 1 });
      await until(() => got.length === 2);
      expect(got.sort()).toEqual(['console', 'late']);
    } finally {
      await bus.close();
      await pool.end();
    }
  });

  it('listens once per channel and unlistens when the last subscriber leaves', async () => {
    const { buses } = await engine.open(1);
    const bus = buses[0] as PgEventBus;
    const offs = [await bus.subscribe('console', () => {}), await bus.subscribe('console', () => {}), await bus.subscribe('conversation:z', () => {})];
    expect(bus.status().channels).toBe(2);
    for (const off of offs) off();
    await until(() => bus.status().channels === 0);
  });

  it('names channels within PostgreSQL identifier rules, apart per namespace', () => {
    const a = channelName('tthc', 'conversation:Đăng ký khai sinh/!?' + 'x'.repeat(300));
    expect(a).toMatch(/^tthc_[a-z0-9_]*_[0-9a-f]{20}$/);
    expect(Buffer.byteLength(a)).toBeLessThanOrEqual(63);
    expect(channelName('tthc', 'console')).not.toBe(channelName('ward2', 'console'));
    expect(channelName('tthc', 'conversation:x.y')).not.toBe(channelName('tthc', 'conversation:x_y'));
  });
});
