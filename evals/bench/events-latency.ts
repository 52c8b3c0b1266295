/**
 * Cross-process event latency over PostgreSQL LISTEN/NOTIFY, and the cost of a shared rate
 * limit take: `npx tsx evals/bench/events-latency.ts [--events 1000]` (PG_TEST_URL or the
 * local test server). Not a test: it prints numbers for storage/postgres/README.md.
 *
 * Two pools stand for two app processes: bus A publishes, bus B (its own listening
 * connection) receives. "one at a time" publishes the next event once the previous one has
 * arrived (latency of a lone event); "burst" publishes all of them without waiting (what a
 * busy minute looks like), timing each from its publish call to its arrival.
 *
 * With `--redis PORT` (a redis-server on 127.0.0.1) the same two measures run over Redis
 * pub/sub, for the comparison in the README. The few lines of RESP below are enough for
 * PUBLISH/SUBSCRIBE; the project has no Redis client and does not need one.
 */
import crypto from 'node:crypto';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { MemoryEventBus } from '../../storage/events-memory.js';
import { PgEventBus } from '../../storage/postgres/events.js';
import { createPgPool, migratePostgres, pgDb } from '../../storage/postgres/index.js';
import { PgRateLimitStore } from '../../storage/postgres/rate-limits.js';
import type { EventBus } from '../../bot/ports/index.js';

const url = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const n = Number(arg('--events')) || 1000;
const redisPort = arg('--redis') ? Number(arg('--redis')) : undefined;

/** A Redis connection speaking just enough RESP: commands out, replies and pushes in. */
class Resp {
  private buf = Buffer.alloc(0);
  private readonly replies: Array<(v: unknown) => void> = [];
  onPush: ((v: unknown[]) => void) | undefined;
  private constructor(private readonly sock: net.Socket) {
    sock.on('data', (d) => {
      this.buf = Buffer.concat([this.buf, d]);
      for (;;) {
        const r = Resp.parse(this.buf, 0);
        if (!r) break;
        this.buf = this.buf.subarray(r.end);
        if (Array.isArray(r.value) && r.value[0] === 'message' && this.onPush) this.onPush(r.value);
        else this.replies.shift()?.(r.value);
      }
    });
  }
  static connect(port: number): Promise<Resp> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(new Resp(s)));
      s.setNoDelay(true);
      s.once('error', reject);
    });
  }
  static parse(b: Buffer, at: number): { value: unknown; end: number } | undefined {
    const eol = b.indexOf('\r\n', at);
    if (eol < 0) return undefined;
    const line = b.toString('utf8', at + 1, eol);
    switch (String.fromCharCode(b[at]!)) {
      case '+':
      case '-':
        return { value: line, end: eol + 2 };
      case ':':
        return { value: Number(line), end: eol + 2 };
      case '$': {
        const len = Number(line);
        if (len < 0) return { value: null, end: eol + 2 };
        if (b.length < eol + 2 + len + 2) return undefined;
        return { value: b.toString('utf8', eol + 2, eol + 2 + len), end: eol + 2 + len + 2 };
      }
      case '*': {
        const out: unknown[] = [];
        let pos = eol + 2;
        for (let i = 0; i < Number(line); i++) {
          const r = Resp.parse(b, pos);
          if (!r) return undefined;
          out.push(r.value);
          pos = r.end;
        }
        return { value: out, end: pos };
      }
      default:
        throw new Error(`RESP: unexpected ${line}`);
    }
  }
  send(...args: string[]): Promise<unknown> {
    const parts = args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`);
    return new Promise((resolve) => {
      this.replies.push(resolve);
      this.sock.write(`*${args.length}\r\n${parts.join('')}`);
    });
  }
  close(): void {
    this.sock.end();
  }
}

/** The two measures over Redis pub/sub: a publishing connection and a subscribed one. */
function redisBus(pub: Resp, sub: Resp): EventBus {
  const handlers = new Map<string, (p: Record<string, never>) => void>();
  sub.onPush = (m) => handlers.get(m[1] as string)?.(JSON.parse(m[2] as string) as Record<string, never>);
  return {
    publish: async (topic, payload) => void (await pub.send('PUBLISH', topic, JSON.stringify(payload))),
    subscribe: async (topic, handler) => {
      handlers.set(topic, handler as (p: Record<string, never>) => void);
      await sub.send('SUBSCRIBE', topic);
      return () => handlers.delete(topic);
    },
    close: async () => undefined,
  };
}

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(2);
  return `p50 ${q(0.5)} ms  p95 ${q(0.95)} ms  p99 ${q(0.99)} ms  max ${s[s.length - 1]!.toFixed(2)} ms  (n=${s.length})`;
}

async function measure(a: EventBus, b: EventBus, burst: boolean): Promise<{ lat: number[]; wallMs: number }> {
  const topic = `conversation:bench-${crypto.randomBytes(3).toString('hex')}`;
  const sentAt = new Map<number, number>();
  const lat: number[] = [];
  let wake: (() => void) | undefined;
  const off = await b.subscribe(topic, (p) => {
    lat.push(performance.now() - sentAt.get(p.seq as number)!);
    wake?.();
  });
  const t0 = performance.now();
  const waitFor = (count: number) =>
    new Promise<void>((resolve) => {
      if (lat.length >= count) return resolve();
      wake = () => lat.length >= count && resolve();
    });
  const sends: Promise<void>[] = [];
  for (let seq = 0; seq < n; seq++) {
    sentAt.set(seq, performance.now());
    const sent = a.publish(topic, { kind: 'activity', seq });
    if (burst) sends.push(sent);
    else {
      await sent;
      await waitFor(seq + 1);
    }
  }
  await Promise.all(sends);
  await waitFor(n);
  const wallMs = performance.now() - t0;
  off();
  return { lat, wallMs };
}

async function main(): Promise<void> {
  const schema = `bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = createPgPool(url, { max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const poolA = createPgPool(url, { schema, max: 10, applicationName: 'bench-a' });
  const poolB = createPgPool(url, { schema, max: 10, applicationName: 'bench-b' });
  const namespace = `b${crypto.randomBytes(3).toString('hex')}`;
  const busA = new PgEventBus({ pool: poolA, namespace });
  const busB = new PgEventBus({ pool: poolB, namespace });
  try {
    const version = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
    console.log(`PostgreSQL ${version} at ${url.replace(/:[^:@/]*@/, ':***@')}, ${n} events each`);
    await measure(busA, busB, false); // warm-up: connections, plans
    const one = await measure(busA, busB, false);
    console.log(`LISTEN/NOTIFY, two pools, one at a time: ${stats(one.lat)}`);
    const burst = await measure(busA, busB, true);
    console.log(`LISTEN/NOTIFY, two pools, burst:         ${stats(burst.lat)}; ${Math.round((n / burst.wallMs) * 1000)} events/s`);
    const mem = new MemoryEventBus();
    const local = await measure(mem, mem, false);
    console.log(`in-process bus, one at a time:           ${stats(local.lat)}`);
    if (redisPort) {
      const [pub, sub] = [await Resp.connect(redisPort), await Resp.connect(redisPort)];
      const redis = redisBus(pub, sub);
      await measure(redis, redis, false);
      const r1 = await measure(redis, redis, false);
      console.log(`Redis pub/sub, one at a time:            ${stats(r1.lat)}`);
      const rb = await measure(redis, redis, true);
      console.log(`Redis pub/sub, burst (one connection):   ${stats(rb.lat)}; ${Math.round((n / rb.wallMs) * 1000)} events/s`);
      pub.close();
      sub.close();
    }

    await migratePostgres(poolA);
    const limits = [new PgRateLimitStore(pgDb(poolA)), new PgRateLimitStore(pgDb(poolB))];
    const takes: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await limits[i % 2]!.take(`bench:ip:${i % 50}`, 1, 100, 60_000);
      takes.push(performance.now() - t);
    }
    console.log(`rate limit take (one upsert), two pools: ${stats(takes)}`);
  } finally {
    await busA.close();
    await busB.close();
    await poolA.end();
    await poolB.end();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
