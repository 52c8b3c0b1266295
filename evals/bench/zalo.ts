import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ActivityHandler } from '@microsoft/agents-hosting';
import { startChannelServer, startFake, tempDir, type ChannelServer } from '../../channels/zalo/testing/harness.js';
import type { FakeZalo } from '../../channels/zalo/testing/fake-zalo.js';


/**
 * Zalo channel benchmark: signed webhooks on loopback against the HTTP fake of Zalo, a real
 * express server and a real SQLite file. Measures how fast webhooks are accepted (persisted
 * and acknowledged), the end-to-end reply latency (webhook sent → reply received by the fake),
 * and, after a forced restart of the channel in the middle of the run, whether any reply was
 * lost or duplicated. The bot is a trivial echo, so the numbers are the channel's own cost.
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
  /** Concurrent webhook deliveries in flight (default 8). */
  concurrency?: number;
  /** Restart the channel (forced) after this fraction of the messages (default 0.5). */
  restartAt?: number;
  /** Give up waiting for replies after this long (ms). */
  timeoutMs?: number;
  log?: (line: string) => void;
}

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (ctx, next) => {
      await ctx.sendActivity(`Dạ, em nhận được: ${ctx.activity.text ?? ''}`);
      await next();
    });
  }
}

function p95(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]!;
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

/** Runs the benchmark; resolves with the `"zalo"` block of `npm run bench -- --json`. */
export async function runZaloBench(opts: ZaloBenchOptions = {}): Promise<ZaloBenchResult & { details: Record<string, unknown> }> {
  const total = opts.messages ?? 2000;
  const users = opts.users ?? 200;
  const concurrency = opts.concurrency ?? 8;
  const restartAt = Math.floor(total * (opts.restartAt ?? 0.5));
  const log = opts.log ?? (() => undefined);

  const fake: FakeZalo = await startFake();
  const dir = tempDir('zalo-bench-');
  const dbFile = path.join(dir, 'tthc.sqlite');
  const tokens = fake.issueTokens();
  const start = (seed: boolean) =>
    startChannelServer({
      fake,
      dbFile,
      bot: new EchoBot(),
      tokens: seed ? tokens : undefined,
      extra: { tuning: { pollMs: 50, inboxConcurrency: 16, outboxConcurrency: 16 } },
    });
  let srv: ChannelServer = await start(true);

  const sentAt = new Map<string, number>();
  const acks: number[] = [];
  let next = 0;
  let restarted = false;
  let restarting: Promise<void> | undefined;
  let failedPosts = 0;

  // Zalo re-delivers a webhook that did not get a 2xx; so does this client.
  const deliver = async (i: number) => {
    const user = `bench-u${i % users}`;
    const msgId = `bench-m${i}`;
    const { body, headers } = fake.webhook(fake.textEvent(user, `cau hoi ${msgId}`, msgId));
    for (let attempt = 0; ; attempt++) {
      if (restarting) await restarting;
      sentAt.set(msgId, sentAt.get(msgId) ?? Date.now());
      try {
        const res = await srv.post(body, headers);
        if (res.status === 200) {
          if (!restarting) acks.push(res.ms);
          return;
        }
      } catch {
        // Connection refused/reset during the restart.
      }
      failedPosts++;
      if (attempt > 50) throw new Error(`webhook ${msgId} never accepted`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  const t0 = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= total) return;
      if (i === restartAt && !restarted) {
        restarted = true;
        restarting = (async () => {
          log(`zalo bench: forced restart after ${i} webhooks`);
          await srv.close({ force: true });
          srv = await start(false);
        })();
        await restarting;
        restarting = undefined;
      }
      await deliver(i);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const acceptSeconds = (performance.now() - t0) / 1000;

  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  while (fake.sent.length < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 200)); // let late duplicates show up

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
      if (got.length > 1) duplicated += got.length - 1;
      replyMs.push(got[0]! - at);
    }
  }
  const health = srv.channel.health();
  await srv.close();
  await fake.stop();

  return {
    accepted_per_s: round(total / acceptSeconds),
    ack_p95_ms: round(p95(acks), 2),
    reply_p95_ms: round(p95(replyMs), 1),
    lost,
    duplicated,
    details: {
      messages: total,
      users,
      concurrency,
      restartAfter: restartAt,
      retriedPosts: failedPosts,
      fakeApiCalls: fake.apiCalls,
      outbox: health.outbox,
      note: 'echo bot; client rate limit raised to 600,000/min for the fake (Zalo allows ~4,000/min per app)',
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await runZaloBench({ log: (l) => console.error(l) });
  const { details, ...zalo } = r;
  console.log(JSON.stringify({ zalo }, null, 2));
  console.error(JSON.stringify(details));
}
