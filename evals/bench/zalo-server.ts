/**
 * Child process of the Zalo bench: the Zalo channel (real express server on loopback port 0,
 * real SQLite file shared across restarts) with an echo bot, talking to the parent's fake
 * Zalo. IPC: sends `{ url }` when listening; on `{ stop: true }` stops gracefully and exits.
 * The parent may also SIGKILL it (the forced restart). `BENCH_NO_PROCESS=1` only accepts
 * (persists and acknowledges) without processing. `BENCH_MODE=noop` serves a webhook
 * that only answers 200, to calibrate what loopback HTTP costs on this machine right now.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ActivityHandler } from '@microsoft/agents-hosting';
import { silentLogger } from '../../bot/ports/index.js';
import { createZaloChannel } from '../../channels/zalo/index.js';
import { sqliteZaloQueues } from '../../storage/zalo-queues.js';
import { TEST_BOX, TEST_ZALO } from '../../channels/zalo/fake/harness.js';
import { openDatabase } from '../../storage/index.js';

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (ctx, next) => {
      await ctx.sendActivity(`Dạ, em nhận được: ${ctx.activity.text ?? ''}`);
      await next();
    });
  }
}

const env = process.env;
const app = express();
let stop = async () => undefined as void;
if (env.BENCH_MODE === 'noop') {
  app.post('/zalo/webhook', express.raw({ type: () => true }), (_req, res) => void res.status(200).json({ ok: true }));
} else {
  const db = openDatabase(env.BENCH_DB!);
  const channel = createZaloChannel({
    config: {
      appId: TEST_ZALO.appId,
      appSecret: TEST_ZALO.appSecret,
      oaSecretKey: TEST_ZALO.oaSecretKey,
      apiBase: env.BENCH_FAKE_URL!,
      oauthBase: env.BENCH_FAKE_URL!,
      accessToken: env.BENCH_ACCESS || undefined,
      refreshToken: env.BENCH_REFRESH || undefined,
    },
    // A fixed development key: the restarted child reads the rows its predecessor sealed.
    queues: sqliteZaloQueues(db, TEST_BOX),
    bot: new EchoBot(),
    logger: silentLogger,
    rateLimitPerMinute: 600_000,
    tuning: { leaseMs: Number(env.BENCH_LEASE_MS ?? 2000), pollMs: 100, inboxConcurrency: 16, outboxConcurrency: 16 },
  });
  app.use(channel.router);
  // BENCH_NO_PROCESS: accept only (persist + 200), to separate the webhook's cost.
  if (!env.BENCH_NO_PROCESS) channel.start();
  stop = async () => {
    await channel.stop();
    db.close();
  };
}
const server = http.createServer(app);
server.keepAliveTimeout = 10_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
process.send?.({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
process.on('message', async (msg: { stop?: boolean }) => {
  if (!msg.stop) return;
  server.closeAllConnections();
  server.close();
  await stop();
  const cpu = process.cpuUsage();
  process.send?.({ stopped: true, cpuMs: Math.round((cpu.user + cpu.system) / 1000) }, () => process.exit(0));
});
