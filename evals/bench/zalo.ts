import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startFake, tempDir } from '../../channels/zalo/fake/harness.js';
import type { BenchContext, BenchOutput } from './types.js';

/**
 * Zalo channel benchmark. The channel runs in a child process (real express server on
 * loopback, real SQLite file, echo bot) so the load generator and the HTTP fake of Zalo (in
 * this process) do not share its core. Measures:
 *  - accepted_per_s: signed webhooks persisted and acknowledged per second (closed loop,
 *    `concurrency` deliveries in flight, like Zalo's parallel deliveries);
 *  - ack_p95_ms: webhook POST → 200 latency;
 *  - reply_p95_ms: webhook sent → reply received by the fake Zalo (end to end);
 *  - lost / duplicated: replies missing or repeated after the channel process is killed with
 *    SIGKILL in the middle of the run and a new process is started on the same database.
 * Undelivered webhooks are re-posted, as Zalo re-delivers when it gets no 200.
 */

export interface ZaloBenchResult {
  accepted_per_s: number;
  ack_p95_ms: number;
  reply_p95_ms: number;
  lost: number;
  duplicated: number;
}

export interface ZaloBenchOptions {
  /** Webhooks to send (default 2,000). */
  messages?: number;
  /** Distinct citizens (default 200). */
  users?: number;
  /** Webhook deliveries in flight (default 8). */
  concurrency?: number;
  /** Kill the channel process after this fraction of the messages (default 0.5; 0 = never). */
  restartAt?: number;
  /** Lease after which a dead process's claims are taken over (ms, default 2,000). */
  leaseMs?: number;
  /** Give up waiting for replies after this long (ms). */
  timeoutMs?: number;
  log?: (line: string) => void;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Child {
  proc: ChildProcess;
  url: string;
}

async function startChild(env: Record<string, string>): Promise<Child> {
  const file = fileURLToPath(new URL('./zalo-server.ts', import.meta.url));
  const proc = fork(file, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    proc.once('message', (m) => resolve((m as { url: string }).url));
    proc.once('exit', (code) => reject(new Error(`zalo bench server exited early (${code})`)));
  });
  return { proc, url };
}

async function stopChild(c: Child): Promise<number | undefined> {
  return new Promise((resolve) => {
    c.proc.on('message', (m) => {
      const msg = m as { stopped?: boolean; cpuMs?: number };
      if (msg.stopped) resolve(msg.cpuMs);
    });
    c.proc.once('exit', () => resolve(undefined));
    c.proc.send({ stop: true });
  });
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(`${url}/zalo/webhook`, { method: 'POST', body, headers });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - t0 };
}

/**
 * Loopback cost right now: the same client against a webhook that only answers 200
 * (`noop`), or against the real webhook of a channel that accepts without processing
 * (`accept`). Returns webhooks/s and the ack p95 (ms).
 */
async function calibrate(mode: 'noop' | 'accept', concurrency: number, n: number): Promise<{ perS: number; p95: number }> {
  const fake = mode === 'accept' ? await startFake() : undefined;
  const env: Record<string, string> =
    mode === 'noop'
      ? { BENCH_MODE: 'noop' }
      : { BENCH_NO_PROCESS: '1', BENCH_DB: path.join(tempDir('zalo-bench-'), 'tthc.sqlite'), BENCH_FAKE_URL: fake!.baseUrl, BENCH_ACCESS: fake!.issueTokens().accessToken };
  const c = await startChild(env);
  const bodies = Array.from({ length: n }, (_, i) =>
    fake ? fake.webhook(fake.textEvent(`cal-u${i % 200}`, `cau ${i}`, `cal-m${i}`)) : { body: '{"event_name":"x"}', headers: { 'content-type': 'application/json' } },
  );
  const acks: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) acks.push((await post(c.url, bodies[i]!.body, bodies[i]!.headers)).ms);
    }),
  );
  const perS = n / ((performance.now() - t0) / 1000);
  await stopChild(c);
  await fake?.stop();
  return { perS, p95: percentile(acks, 0.95) };
}

/** Runs the benchmark; resolves with the `"zalo"` block of `npm run bench -- --json` plus details. */
export async function runZaloBench(opts: ZaloBenchOptions = {}): Promise<ZaloBenchResult & { details: Record<string, unknown> }> {
  const total = opts.messages ?? 2000;
  const users = opts.users ?? 200;
  const concurrency = opts.concurrency ?? 8;
  const restartFraction = opts.restartAt ?? 0.5;
  const restartAt = restartFraction > 0 ? Math.floor(total * restartFraction) : -1;
  const log = opts.log ?? (() => undefined);

  const noop = await calibrate('noop', concurrency, Math.min(1000, total));
  log(`zalo bench: loopback baseline (no-op webhook) ${round(noop.perS)}/s, ack p95 ${round(noop.p95)} ms`);
  const acceptOnly = await calibrate('accept', concurrency, Math.min(1000, total));
  log(`zalo bench: accept only (persist + 200, no processing) ${round(acceptOnly.perS)}/s, ack p95 ${round(acceptOnly.p95)} ms`);
  const baselinePerS = noop.perS;

  const fake = await startFake();
  const dbFile = path.join(tempDir('zalo-bench-'), 'tthc.sqlite');
  const tokens = fake.issueTokens();
  const baseEnv = { BENCH_DB: dbFile, BENCH_FAKE_URL: fake.baseUrl, BENCH_LEASE_MS: String(opts.leaseMs ?? 2000) };
  let child = await startChild({ ...baseEnv, BENCH_ACCESS: tokens.accessToken, BENCH_REFRESH: tokens.refreshToken });

  const sentAt = new Map<string, number>();
  const acks: number[] = [];
  let next = 0;
  let reposts = 0;
  let restarting: Promise<void> | undefined;
  let restartedAtMs = 0;

  const deliver = async (i: number) => {
    const user = `bench-u${i % users}`;
    const msgId = `bench-m${i}`;
    const { body, headers } = fake.webhook(fake.textEvent(user, `cau hoi ${msgId}`, msgId));
    for (let attempt = 0; ; attempt++) {
      if (restarting) await restarting;
      if (!sentAt.has(msgId)) sentAt.set(msgId, Date.now());
      try {
        const res = await post(child.url, body, headers);
        if (res.status === 200) {
          acks.push(res.ms);
          return;
        }
      } catch {
        // Connection refused or reset: the process was killed.
      }
      reposts++;
      if (attempt > 100) throw new Error(`webhook ${msgId} never accepted`);
      await sleep(20);
    }
  };

  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        if (i === restartAt) {
          restarting = (async () => {
            log(`zalo bench: SIGKILL of the channel process after ${i} webhooks; restarting on the same database`);
            const t = performance.now();
            child.proc.kill('SIGKILL');
            await new Promise((r) => child.proc.once('exit', r));
            child = await startChild(baseEnv);
            restartedAtMs = performance.now() - t;
          })();
          await restarting;
          restarting = undefined;
        }
        await deliver(i);
      }
    }),
  );
  // The restart's downtime is not the channel's acceptance cost.
  const acceptSeconds = (performance.now() - t0 - restartedAtMs) / 1000;

  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  while (fake.sent.length < total && Date.now() < deadline) await sleep(20);
  await sleep(Math.max(500, (opts.leaseMs ?? 2000) + 500)); // room for late duplicates to show

  const replies = new Map<string, number[]>();
  for (const m of fake.sent) {
    const id = /bench-m\d+/.exec(m.text ?? '')?.[0];
    if (!id) continue;
    const list = replies.get(id) ?? [];
    list.push(m.at);
    replies.set(id, list);
  }
  let lost = 0;
  let duplicated = 0;
  const replyMs: number[] = [];
  for (const [id, at] of sentAt) {
    const got = replies.get(id);
    if (!got) lost++;
    else {
      duplicated += got.length - 1;
      replyMs.push(got[0]! - at);
    }
  }
  const cpuMs = await stopChild(child);
  await fake.stop();

  return {
    accepted_per_s: round(total / acceptSeconds),
    ack_p95_ms: round(percentile(acks, 0.95), 2),
    reply_p95_ms: round(percentile(replyMs, 0.95), 1),
    lost,
    duplicated,
    details: {
      messages: total,
      users,
      concurrency,
      killed_after: restartAt,
      restart_ms: Math.round(restartedAtMs),
      reposted_webhooks: reposts,
      ack_p50_ms: round(percentile(acks, 0.5), 2),
      reply_p50_ms: round(percentile(replyMs, 0.5), 1),
      loopback_noop_per_s: round(baselinePerS),
      loopback_noop_ack_p95_ms: round(noop.p95, 2),
      accept_only_per_s: round(acceptOnly.perS),
      accept_only_ack_p95_ms: round(acceptOnly.p95, 2),
      second_process_cpu_ms: cpuMs,
      note: 'echo bot; fake Zalo in the load process; client rate limit raised to 600,000/min for the fake (Zalo allows ~4,000/min per app)',
    },
  };
}

/** `npm run bench` module (evals/bench/registry.ts): the `"zalo"` block. */
export async function run(ctx: BenchContext): Promise<BenchOutput> {
  const { details, ...zalo } = await runZaloBench({ log: (l) => ctx.log(l) });
  return {
    result: { zalo },
    table: [
      `accepted webhooks/s   ${zalo.accepted_per_s}   (target >= 500; on this machine now: no-op webhook ${String(details.loopback_noop_per_s)}/s, accept-only ${String(details.accept_only_per_s)}/s)`,
      `ack p95 / p50 (ms)    ${zalo.ack_p95_ms} / ${String(details.ack_p50_ms)}   (target < 50)`,
      `reply p95 / p50 (ms)  ${zalo.reply_p95_ms} / ${String(details.reply_p50_ms)}`,
      `after SIGKILL restart lost ${zalo.lost}, duplicated ${zalo.duplicated}   (${String(details.messages)} webhooks, ${String(details.users)} users, ${String(details.concurrency)} in flight)`,
    ],
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { details, ...zalo } = await runZaloBench({ log: (l) => console.error(l) });
  console.log(JSON.stringify({ zalo }, null, 2));
  console.error(JSON.stringify(details));
}
