import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import type { BenchContext, BenchOutput } from './types.js';

/**
 * Direct Line load run: N concurrent conversations on loopback, each a closed loop of
 * "post a question, wait for the bot's reply on the WebSocket, post the next", for a fixed
 * time, against the real server (real SQLite; the real assistant by default) running in a
 * child process so the load generator does not share its core. Reports sustained turns/s,
 * end-to-end latency (post sent → reply frame received) percentiles, errors and the
 * server's peak RSS: the `"directline"` block of `npm run bench -- --json`.
 */

export interface DirectLineBenchResult {
  turns_per_s: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  errors: number;
  rss_mb: number;
}

export interface DirectLineBenchOptions {
  /** Concurrent conversations (default 50). */
  conversations?: number;
  /** Measured duration in seconds after warm-up (default 15). */
  seconds?: number;
  /** Warm-up seconds, not measured (default 3). */
  warmupSeconds?: number;
  /** `assistant` (real bot over the shipped catalogue) or `echo` (channel cost only). */
  bot?: 'assistant' | 'echo';
  /** DATA_DIR with built retrieval indexes to reuse (default `./.data`). */
  indexDir?: string;
  /** Questions to cycle through (default: a small built-in list). */
  questions?: readonly string[];
  /** A reply slower than this counts as an error (default 10 s). */
  timeoutMs?: number;
  log?: (line: string) => void;
}

/** Citizens' questions the load benchmarks and the failover test send (accented and not). */
export const LOAD_QUESTIONS: readonly string[] = [
  'lam lai giay khai sinh bi mat can gi',
  'đăng ký kết hôn cần giấy tờ gì',
  'le phi dang ky thuong tru bao nhieu',
  'đăng ký tạm trú ở đâu',
  'cap lai the can cuoc mat bao lau',
  'thủ tục đăng ký khai tử',
  'xin giay xac nhan tinh trang hon nhan',
  'chứng thực bản sao giấy tờ ở đâu',
];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

interface Conversation {
  conversationId: string;
  token: string;
  ws: WebSocket;
  /** Replies seen, by the user activity they answer. */
  replies: Map<string, number>;
  waiters: Map<string, (at: number) => void>;
}

async function openConversation(url: string, secret: string): Promise<Conversation> {
  const res = await fetch(`${url}/v3/directline/conversations`, { method: 'POST', headers: { Authorization: `Bearer ${secret}` } });
  if (res.status !== 201) throw new Error(`start conversation: HTTP ${res.status}`);
  const { conversationId, token, streamUrl } = (await res.json()) as { conversationId: string; token: string; streamUrl: string };
  const ws = new WebSocket(streamUrl);
  const conv: Conversation = { conversationId, token, ws, replies: new Map(), waiters: new Map() };
  ws.on('message', (data) => {
    const at = performance.now();
    const frame = JSON.parse(data.toString()) as { activities: Array<{ type: string; replyToId?: string; from?: { role?: string } }> };
    for (const a of frame.activities) {
      if (a.type !== 'message' || a.from?.role !== 'bot' || !a.replyToId) continue;
      const waiter = conv.waiters.get(a.replyToId);
      if (waiter) {
        conv.waiters.delete(a.replyToId);
        waiter(at);
      } else if (!conv.replies.has(a.replyToId)) conv.replies.set(a.replyToId, at);
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return conv;
}

/** Runs the load; resolves with the `"directline"` block plus details. */
export async function runDirectLineBench(opts: DirectLineBenchOptions = {}): Promise<DirectLineBenchResult & { details: Record<string, unknown> }> {
  const n = opts.conversations ?? 50;
  const seconds = opts.seconds ?? 15;
  const warmup = opts.warmupSeconds ?? 3;
  const bot = opts.bot ?? 'assistant';
  const timeoutMs = opts.timeoutMs ?? 10_000;
  // Capped so the 4,000-character limit of a message is never what is being measured.
  const questions = (opts.questions && opts.questions.length > 0 ? opts.questions : LOAD_QUESTIONS).filter((q) => q.trim() && q.length <= 1000);
  const log = opts.log ?? (() => undefined);
  const serverFile = fileURLToPath(new URL('./directline-server.ts', import.meta.url));
  const child = fork(serverFile, [], {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
    env: { ...process.env, BENCH_BOT: bot, BENCH_INDEX_DIR: path.resolve(opts.indexDir ?? '.data') },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ url: string; secret: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { url: string; secret: string }));
    child.once('exit', (code) => reject(new Error(`bench server exited early (${code})`)));
  });
  log(`directline bench: ${bot} bot at ${ready.url}, ${n} conversations, ${warmup}s warm-up + ${seconds}s`);

  const conversations = await Promise.all(Array.from({ length: n }, () => openConversation(ready.url, ready.secret)));
  const latencies: number[] = [];
  let errors = 0;
  let measuredTurns = 0;
  const startAt = performance.now();
  const measureFrom = startAt + warmup * 1000;
  const stopAt = measureFrom + seconds * 1000;

  const loop = async (conv: Conversation, index: number) => {
    let i = index;
    while (performance.now() < stopAt) {
      const text = questions[i++ % questions.length]!;
      const sentAt = performance.now();
      try {
        const res = await fetch(`${ready.url}/v3/directline/conversations/${conv.conversationId}/activities`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${conv.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ type: 'message', text, from: { id: 'bench' }, channelData: { clientActivityID: `b-${index}-${i}` } }),
        });
        if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
        const { id } = (await res.json()) as { id: string };
        const early = conv.replies.get(id);
        const repliedAt =
          early ??
          (await new Promise<number>((resolve, reject) => {
            const timer = setTimeout(() => {
              conv.waiters.delete(id);
              reject(new Error('reply timeout'));
            }, timeoutMs);
            conv.waiters.set(id, (at) => {
              clearTimeout(timer);
              resolve(at);
            });
          }));
        conv.replies.delete(id);
        if (sentAt >= measureFrom && repliedAt <= stopAt) {
          latencies.push(repliedAt - sentAt);
          measuredTurns++;
        }
      } catch (err) {
        errors++;
        log(`directline bench error: ${(err as Error).message}`);
      }
    }
  };
  const mark = setTimeout(() => child.send({ mark: true }), warmup * 1000);
  await Promise.all(conversations.map((c, i) => loop(c, i)));
  clearTimeout(mark);
  for (const c of conversations) c.ws.close();

  const stopped = await new Promise<{ rssMb: number; cpuMs: number }>((resolve) => {
    child.on('message', (m) => {
      if ((m as { stopped?: boolean }).stopped) resolve(m as { rssMb: number; cpuMs: number });
    });
    child.send({ stop: true });
  });
  latencies.sort((a, b) => a - b);
  return {
    turns_per_s: round(measuredTurns / seconds),
    p50_ms: round(percentile(latencies, 0.5)),
    p95_ms: round(percentile(latencies, 0.95)),
    p99_ms: round(percentile(latencies, 0.99)),
    errors,
    rss_mb: round(stopped.rssMb, 0),
    details: {
      bot,
      conversations: n,
      seconds,
      warmupSeconds: warmup,
      turns: measuredTurns,
      questions: questions.length,
      // Server CPU per turn is what the machine's load cannot distort much.
      server_cpu_ms_per_turn: measuredTurns > 0 ? round(stopped.cpuMs / measuredTurns, 2) : null,
      load_average: os.loadavg().map((l) => round(l, 1)),
      cpus: os.cpus().length,
    },
  };
}

/**
 * The bench's headline run (real assistant, end to end) plus a channel-only run with an
 * echo bot, so the channel's own cost is visible beside the bot's. Returns the
 * `"directline"` block with the channel-only figures under `details.channel_only`.
 */
export async function runDirectLineSuite(opts: Omit<DirectLineBenchOptions, 'bot'> = {}): Promise<DirectLineBenchResult & { details: Record<string, unknown> }> {
  const full = await runDirectLineBench({ ...opts, bot: 'assistant' });
  const { details: echoDetails, ...echo } = await runDirectLineBench({ ...opts, bot: 'echo' });
  return { ...full, details: { ...full.details, channel_only: { ...echo, server_cpu_ms_per_turn: echoDetails.server_cpu_ms_per_turn } } };
}

/**
 * `npm run bench` module (evals/bench/registry.ts): the eval datasets' questions, indexes
 * built under the run's scratch directory (shared with the retrieval bench when it ran
 * first), the `"directline"` block as the result.
 */
export async function run(ctx: BenchContext): Promise<BenchOutput> {
  const indexDir = path.join(ctx.workDir, 'retrieval');
  const r = await runDirectLineSuite({ questions: ctx.questions, indexDir, log: (l) => ctx.log(l) });
  const { details, ...directline } = r;
  const channel = details.channel_only as DirectLineBenchResult & { server_cpu_ms_per_turn: number | null };
  return {
    result: { directline },
    table: [
      `conversations ${String(details.conversations)}, ${String(details.seconds)} s, ${String(details.turns)} turns (target: >= 200 turns/s, p95 < 150 ms, 0 errors)`,
      `assistant     ${directline.turns_per_s} turns/s  p50 ${directline.p50_ms} ms  p95 ${directline.p95_ms} ms  p99 ${directline.p99_ms} ms  errors ${directline.errors}  server RSS ${directline.rss_mb} MB  server CPU ${String(details.server_cpu_ms_per_turn)} ms/turn`,
      `channel only  ${channel.turns_per_s} turns/s  p50 ${channel.p50_ms} ms  p95 ${channel.p95_ms} ms  p99 ${channel.p99_ms} ms  errors ${channel.errors}  server RSS ${channel.rss_mb} MB  server CPU ${String(channel.server_cpu_ms_per_turn)} ms/turn (echo bot)`,
      `machine: ${String(details.cpus)} CPUs, load average ${JSON.stringify(details.load_average)}`,
    ],
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const arg = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const common = {
    conversations: arg('--conversations') ? Number(arg('--conversations')) : undefined,
    seconds: arg('--seconds') ? Number(arg('--seconds')) : undefined,
    indexDir: arg('--data-dir'),
    log: (l: string) => console.error(l),
  };
  const r = args.includes('--echo')
    ? await runDirectLineBench({ ...common, bot: 'echo' })
    : args.includes('--assistant-only')
      ? await runDirectLineBench({ ...common, bot: 'assistant' })
      : await runDirectLineSuite(common);
  const { details, ...directline } = r;
  console.log(JSON.stringify({ directline }, null, 2));
  console.error(JSON.stringify(details));
}
