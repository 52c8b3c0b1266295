import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import type { FakeZalo } from '../../channels/zalo/fake/fake-zalo.js';
import { TEST_ZALO, startFake } from '../../channels/zalo/fake/harness.js';
import { PG_TEST_URL, probePostgres } from '../../storage/contract/engines.js';
import { REPO_ROOT, freshDatabase, percentile, seedDataDir, startAppProcess, warmCache, type AppProcess } from './app-process.js';
import type { BenchContext, BenchOutput } from './types.js';
import { LOAD_QUESTIONS as QUESTIONS } from './directline.js';

/**
 * Scale-out benchmark (issue 16): the real app (`app/main.ts serve`, real assistant over the
 * shipped catalogue) as child processes, in three set-ups measured under the same load in
 * one run: ONE process on SQLite (the baseline), ONE on PostgreSQL, TWO on one PostgreSQL
 * database behind a round-robin balancer. For each:
 *  - web chat: `conversations` citizens in a closed loop (post a question, wait for the bot's
 *    reply on the conversation's WebSocket, post the next); a citizen's stream stays on one
 *    process while its posts go round robin (with two processes, half the replies reach the
 *    stream through the other process and the PostgreSQL bus). A citizen moves to a fresh
 *    conversation every 8 questions (the per-conversation limit is 10 at once, 1/s);
 *    each citizen has its own forwarded address (the per-address limit is 50/s).
 *  - Zalo: `users` citizens in a closed loop (signed webhook, wait until the HTTP fake of Zalo
 *    in this process receives the reply), webhooks round robin.
 * Reported: turns/s over the measured seconds, p50/p95 of post → reply. The PostgreSQL rows
 * are skipped with a note when no server answers at PG_TEST_URL.
 */

export interface ScaleOutRow {
  engine: 'SQLite' | 'PostgreSQL';
  processes: number;
  web_turns_per_s: number;
  web_p50_ms: number;
  web_p95_ms: number;
  zalo_turns_per_s: number;
  zalo_p50_ms: number;
  zalo_p95_ms: number;
  errors: number;
  start_s: number;
}

export interface ScaleOutOptions {
  /** Web chat citizens in flight (default 16). */
  conversations?: number;
  /** Zalo citizens in flight (default 16). */
  users?: number;
  /** Measured seconds per phase (default 12), after `warmupSeconds` (default 3). */
  seconds?: number;
  warmupSeconds?: number;
  /** Where the indexes and the model are built once and copied from (default `.test-data/scale-out-cache`). */
  cacheDir?: string;
  log?: (line: string) => void;
}

const SECRET = 'scale-out-directline-secret-0123456789';
const PER_CONVERSATION = 8;
const REPLY_TIMEOUT_MS = 15_000;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

interface Window {
  measureFrom: number;
  stopAt: number;
}

interface PhaseResult {
  turns: number;
  latencies: number[];
  errors: number;
}

/** One web chat citizen's conversation: its stream on one process, replies by the activity they answer. */
class WebConversation {
  private readonly waiters = new Map<string, (at: number) => void>();
  private readonly early = new Map<string, number>();
  posted = 0;
  private constructor(
    readonly id: string,
    readonly token: string,
    private readonly ws: WebSocket,
  ) {
    ws.on('message', (data) => {
      const at = performance.now();
      const raw = String(data);
      if (!raw) return;
      for (const a of (JSON.parse(raw) as { activities: Array<{ type: string; replyToId?: string; from?: { role?: string } }> }).activities) {
        if (a.type !== 'message' || a.from?.role !== 'bot' || !a.replyToId) continue;
        const w = this.waiters.get(a.replyToId);
        if (w) {
          this.waiters.delete(a.replyToId);
          w(at);
        } else if (!this.early.has(a.replyToId)) this.early.set(a.replyToId, at);
      }
    });
  }

  static async open(streamFrom: AppProcess, forwarded: string): Promise<WebConversation> {
    const res = await fetch(`${streamFrom.url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${SECRET}`, 'x-forwarded-for': forwarded } });
    if (res.status !== 201) throw new Error(`start conversation: HTTP ${res.status}`);
    const { conversationId, token } = (await res.json()) as { conversationId: string; token: string };
    const ws = new WebSocket(`${streamFrom.url.replace('http', 'ws')}/v3/directline/conversations/${encodeURIComponent(conversationId)}/stream?t=${encodeURIComponent(token)}`, {
      headers: { 'x-forwarded-for': forwarded },
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new WebConversation(conversationId, token, ws);
  }

  reply(id: string): Promise<number> {
    const seen = this.early.get(id);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        reject(new Error('reply timeout'));
      }, REPLY_TIMEOUT_MS);
      this.waiters.set(id, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
  }

  close(): void {
    this.ws.close();
  }
}

async function webPhase(procs: AppProcess[], citizens: number, w: Window, log: (l: string) => void): Promise<PhaseResult> {
  const out: PhaseResult = { turns: 0, latencies: [], errors: 0 };
  let rr = 0;
  await Promise.all(
    Array.from({ length: citizens }, async (_, c) => {
      const forwarded = `10.3.${c >> 8}.${c & 255}`;
      const home = procs[c % procs.length]!;
      let conv: WebConversation | undefined;
      let i = c;
      while (performance.now() < w.stopAt) {
        try {
          if (!conv || conv.posted >= PER_CONVERSATION) {
            conv?.close();
            conv = await WebConversation.open(home, forwarded);
          }
          const to = procs[rr++ % procs.length]!;
          const sentAt = performance.now();
          conv.posted++;
          const res = await fetch(`${to.url}/v3/directline/conversations/${encodeURIComponent(conv.id)}/activities`, {
            method: 'POST',
            headers: { authorization: `Bearer ${conv.token}`, 'content-type': 'application/json', 'x-forwarded-for': forwarded },
            body: JSON.stringify({ type: 'message', text: QUESTIONS[i++ % QUESTIONS.length], from: { id: 'bench' } }),
          });
          if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
          const { id } = (await res.json()) as { id: string };
          const at = await conv.reply(id);
          if (sentAt >= w.measureFrom && at <= w.stopAt) {
            out.turns++;
            out.latencies.push(at - sentAt);
          }
        } catch (err) {
          out.errors++;
          log(`scale-out web error: ${(err as Error).message}`);
          conv?.close();
          conv = undefined;
        }
      }
      conv?.close();
    }),
  );
  return out;
}

async function zaloPhase(procs: AppProcess[], fake: FakeZalo, users: number, w: Window, log: (l: string) => void, tag: string): Promise<PhaseResult> {
  const out: PhaseResult = { turns: 0, latencies: [], errors: 0 };
  // Replies arrive in the fake (this process): resolve each user's waiter as they land.
  const waiters = new Map<string, (at: number) => void>();
  let scanned = fake.sent.length;
  const scan = setInterval(() => {
    const at = performance.now();
    for (; scanned < fake.sent.length; scanned++) {
      const m = fake.sent[scanned]!;
      const wt = waiters.get(m.userId);
      if (wt) {
        waiters.delete(m.userId);
        wt(at);
      }
    }
  }, 2);
  let rr = 0;
  try {
    await Promise.all(
      Array.from({ length: users }, async (_, u) => {
        const userId = `so-${tag}-${u}`;
        let i = u;
        while (performance.now() < w.stopAt) {
          const signed = fake.webhook(fake.textEvent(userId, QUESTIONS[i++ % QUESTIONS.length]!));
          const to = procs[rr++ % procs.length]!;
          const replied = new Promise<number>((resolve, reject) => {
            const timer = setTimeout(() => {
              waiters.delete(userId);
              reject(new Error('reply timeout'));
            }, REPLY_TIMEOUT_MS);
            waiters.set(userId, (at) => {
              clearTimeout(timer);
              resolve(at);
            });
          });
          const sentAt = performance.now();
          try {
            const res = await fetch(`${to.url}/zalo/webhook`, { method: 'POST', body: signed.body, headers: signed.headers });
            await res.arrayBuffer();
            if (res.status !== 200) throw new Error(`webhook HTTP ${res.status}`);
            const at = await replied;
            if (sentAt >= w.measureFrom && at <= w.stopAt) {
              out.turns++;
              out.latencies.push(at - sentAt);
            }
          } catch (err) {
            waiters.delete(userId);
            replied.catch(() => undefined);
            out.errors++;
            log(`scale-out zalo error: ${(err as Error).message}`);
          }
        }
      }),
    );
  } finally {
    clearInterval(scan);
  }
  return out;
}

function window(warmupS: number, seconds: number): Window {
  const measureFrom = performance.now() + warmupS * 1000;
  return { measureFrom, stopAt: measureFrom + seconds * 1000 };
}

async function runRow(engine: 'SQLite' | 'PostgreSQL', processes: number, o: Required<Omit<ScaleOutOptions, 'cacheDir'>> & { cacheDir: string }): Promise<ScaleOutRow> {
  const db = engine === 'PostgreSQL' ? await freshDatabase(PG_TEST_URL, 't_scale_out') : undefined;
  const fake = await startFake();
  const tokens = fake.issueTokens();
  const env: Record<string, string> = {
    DIRECTLINE_SECRET: SECRET,
    PROFILE_ENCRYPTION_KEY: Buffer.alloc(32, 13).toString('hex'),
    LOG_LEVEL: 'info',
    ZALO_APP_ID: TEST_ZALO.appId,
    ZALO_APP_SECRET: TEST_ZALO.appSecret,
    ZALO_OA_SECRET_KEY: TEST_ZALO.oaSecretKey,
    ZALO_API_BASE: fake.baseUrl,
    ZALO_OAUTH_BASE: fake.baseUrl,
    ZALO_ACCESS_TOKEN: tokens.accessToken,
    ZALO_REFRESH_TOKEN: tokens.refreshToken,
    ...(db ? { DATABASE_URL: db.url } : {}),
  };
  const dirs = Array.from({ length: processes }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tthc-scale-out-'));
    seedDataDir(dir, o.cacheDir);
    return dir;
  });
  const procs: AppProcess[] = [];
  try {
    const t0 = performance.now();
    procs.push(...(await Promise.all(dirs.map((dataDir, i) => startAppProcess({ name: `${engine}-${i}`, dataDir, env })))));
    const startS = (performance.now() - t0) / 1000;
    const tag = `${engine}${processes}`;
    o.log(`scale-out: ${engine} × ${processes}: started in ${round(startS)} s; web chat ${o.conversations} citizens, ${o.warmupSeconds} s + ${o.seconds} s`);
    const web = await webPhase(procs, o.conversations, window(o.warmupSeconds, o.seconds), o.log);
    o.log(`scale-out: ${engine} × ${processes}: Zalo ${o.users} citizens, ${o.warmupSeconds} s + ${o.seconds} s`);
    const zalo = await zaloPhase(procs, fake, o.users, window(o.warmupSeconds, o.seconds), o.log, tag);
    return {
      engine,
      processes,
      web_turns_per_s: round(web.turns / o.seconds),
      web_p50_ms: round(percentile(web.latencies, 0.5)),
      web_p95_ms: round(percentile(web.latencies, 0.95)),
      zalo_turns_per_s: round(zalo.turns / o.seconds),
      zalo_p50_ms: round(percentile(zalo.latencies, 0.5)),
      zalo_p95_ms: round(percentile(zalo.latencies, 0.95)),
      errors: web.errors + zalo.errors,
      start_s: round(startS),
    };
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
    await fake.stop();
    await db?.drop();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }
}

/** Runs the three set-ups under the same load; PostgreSQL rows carry `skipped` when no server answers. */
export async function runScaleOutBench(opts: ScaleOutOptions = {}): Promise<{ rows: ScaleOutRow[]; skipped?: string; details: Record<string, unknown> }> {
  const log = opts.log ?? (() => undefined);
  // Kept between runs (ignored by git): a current cache makes the warm-up a plain start.
  const cacheDir = opts.cacheDir ?? path.join(REPO_ROOT, '.test-data', 'scale-out-cache');
  const o = { conversations: opts.conversations ?? 16, users: opts.users ?? 16, seconds: opts.seconds ?? 12, warmupSeconds: opts.warmupSeconds ?? 3, log, cacheDir };
  log(`scale-out: building or checking indexes and model once in ${cacheDir}`);
  const warmS = await warmCache(cacheDir);
  const skipped = await probePostgres();
  if (skipped) log(`scale-out: PostgreSQL rows skipped: ${skipped}`);
  const rows: ScaleOutRow[] = [await runRow('SQLite', 1, o)];
  if (!skipped) {
    rows.push(await runRow('PostgreSQL', 1, o));
    rows.push(await runRow('PostgreSQL', 2, o));
  }
  return {
    rows,
    skipped,
    details: {
      conversations: o.conversations,
      zalo_users: o.users,
      seconds: o.seconds,
      warmup_seconds: o.warmupSeconds,
      cache_warm_s: round(warmS),
      load_average: os.loadavg().map((l) => round(l, 1)),
      cpus: os.cpus().length,
    },
  };
}

function tableOf(r: Awaited<ReturnType<typeof runScaleOutBench>>): string[] {
  const base = r.rows[0];
  const vs = (v: number, b: number | undefined) => (b ? `×${(v / b).toFixed(2)}` : '');
  const d = r.details;
  const lines = [
    `real app processes; web chat ${String(d.conversations)} citizens and Zalo ${String(d.zalo_users)} citizens in closed loops, ${String(d.warmup_seconds)} s warm-up + ${String(d.seconds)} s each; baseline = SQLite × 1`,
    'set-up             web turns/s (vs base)   p50 / p95 ms      Zalo turns/s (vs base)  p50 / p95 ms      errors  start s',
  ];
  for (const row of r.rows) {
    lines.push(
      `${`${row.engine} × ${row.processes}`.padEnd(18)} ${`${row.web_turns_per_s} (${vs(row.web_turns_per_s, base?.web_turns_per_s)})`.padEnd(23)} ${`${row.web_p50_ms} / ${row.web_p95_ms}`.padEnd(17)} ${`${row.zalo_turns_per_s} (${vs(row.zalo_turns_per_s, base?.zalo_turns_per_s)})`.padEnd(23)} ${`${row.zalo_p50_ms} / ${row.zalo_p95_ms}`.padEnd(17)} ${String(row.errors).padEnd(7)} ${row.start_s}`,
    );
  }
  if (r.skipped) lines.push(`PostgreSQL rows skipped: ${r.skipped}`);
  lines.push(`machine: ${String(d.cpus)} CPUs, load average ${JSON.stringify(d.load_average)} (the processes and the load generator share these cores)`);
  return lines;
}

/** `npm run bench -- --only scale-out` (evals/bench/registry.ts): the `"scale_out"` block. */
export async function run(ctx: BenchContext): Promise<BenchOutput> {
  const r = await runScaleOutBench({ log: (l) => ctx.log(l) });
  return { result: { scale_out: { rows: r.rows, skipped: r.skipped ?? null, ...r.details } }, table: tableOf(r) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const arg = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : undefined;
  };
  const r = await runScaleOutBench({ conversations: arg('--conversations'), users: arg('--users'), seconds: arg('--seconds'), log: (l) => console.error(l) });
  console.log(tableOf(r).join('\n'));
}
