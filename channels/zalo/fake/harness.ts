import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { silentLogger } from '../../../bot/ports/index.js';
import { createSealedBox, openDatabase, type Db } from '../../../storage/index.js';
import { createZaloChannel, type ZaloChannel, type ZaloChannelDeps } from '../channel.js';
import type { SealedBox } from '../../../bot/ports/index.js';
import { sqliteZaloQueues } from '../../../storage/zalo-queues.js';
import { FakeZalo } from './fake-zalo.js';

/**
 * Dev-tool wiring (tests, the benchmark, demos): a FakeZalo, and Zalo channels served by real
 * express servers on port 0 over real SQLite files. Several channel instances may share one database file (each
 * with its own connection), like several server processes would.
 */

/** A fixed development key: instances over the same database file can read each other's rows. */
export const TEST_BOX = createSealedBox(Buffer.alloc(32, 7));

export const TEST_ZALO = {
  appId: '1234567890123456789',
  appSecret: 'fake-app-secret-0123456789',
  oaSecretKey: 'fake-oa-secret-key-abcdef',
  adminToken: 'admin-token-0123456789abcdef',
} as const;

/** A controllable clock shared by the fake and the channels. */
export class FakeClock {
  constructor(public nowMs = Date.parse('2026-11-26T08:00:00Z')) {}
  readonly now = (): number => this.nowMs;
  advance(ms: number): void {
    this.nowMs += ms;
  }
}

export interface ChannelServer {
  channel: ZaloChannel;
  db: Db;
  url: string;
  /** Posts a webhook body with headers; returns status, body and elapsed ms. */
  post(body: string, headers: Record<string, string>): Promise<{ status: number; body: string; ms: number }>;
  /** Stops the channel (graceful unless forced), closes the HTTP server and the database. */
  close(opts?: { force?: boolean }): Promise<void>;
}

export function tempDir(prefix = 'zalo-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startFake(clock?: FakeClock, opts: { latencyMs?: number } = {}): Promise<FakeZalo> {
  return new FakeZalo({ appId: TEST_ZALO.appId, appSecret: TEST_ZALO.appSecret, oaSecretKey: TEST_ZALO.oaSecretKey, clock: clock?.now, latencyMs: opts.latencyMs }).start();
}

/**
 * Starts a channel on `dbFile` against `fake`. Tokens: pass `tokens` to seed the database
 * (first instance), as ZALO_ACCESS_TOKEN/ZALO_REFRESH_TOKEN would.
 */
export async function startChannelServer(opts: {
  fake: FakeZalo;
  dbFile: string;
  bot: ZaloChannelDeps['bot'];
  tokens?: { accessToken?: string; refreshToken?: string };
  clock?: FakeClock;
  start?: boolean;
  publicBaseUrl?: string;
  /** The project key sealing tokens and queues (default: the fixed `TEST_BOX`). */
  box?: SealedBox;
  extra?: Partial<ZaloChannelDeps>;
}): Promise<ChannelServer> {
  const db = openDatabase(opts.dbFile);
  const app = express();
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const channel = createZaloChannel({
    config: {
      appId: TEST_ZALO.appId,
      appSecret: TEST_ZALO.appSecret,
      oaSecretKey: TEST_ZALO.oaSecretKey,
      apiBase: opts.fake.baseUrl,
      oauthBase: opts.fake.baseUrl,
      accessToken: opts.tokens?.accessToken,
      refreshToken: opts.tokens?.refreshToken,
    },
    queues: sqliteZaloQueues(db, opts.box ?? TEST_BOX),
    bot: opts.bot,
    logger: silentLogger,
    adminToken: TEST_ZALO.adminToken,
    publicBaseUrl: opts.publicBaseUrl ?? url,
    clock: opts.clock?.now,
    rateLimitPerMinute: 600_000,
    // No jitter unless a test asks for it: delays are then exact.
    random: () => 0,
    ...opts.extra,
    tuning: { pollMs: 20, backoffBaseMs: 1000, ...opts.extra?.tuning },
  });
  app.use(channel.router);
  await channel.ready;
  if (opts.start !== false) channel.start();
  let closed = false;
  return {
    channel,
    db,
    url,
    async post(body, headers) {
      const t0 = performance.now();
      const res = await fetch(`${url}/zalo/webhook`, { method: 'POST', body, headers });
      const text = await res.text();
      return { status: res.status, body: text, ms: performance.now() - t0 };
    },
    async close(o) {
      if (closed) return;
      closed = true;
      await channel.stop(o);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    },
  };
}

/** Polls `cond` until true (real time); throws with `what` after `timeoutMs`. */
export async function waitFor(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
