import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActivityHandler } from '@microsoft/agents-hosting';
import express from 'express';
import type pg from 'pg';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CAPABILITIES_KEY } from '../../bot/index.js';
import { createTestSchema, PG_TEST_URL, probePostgres } from '../../storage/contract/engines.js';
import { createSealedBox } from '../../storage/crypto.js';
import { PgEventBus } from '../../storage/postgres/events.js';
import { createPgPool, migratePostgres, pgDb, PgDirectLineStore } from '../../storage/postgres/index.js';
import { createDirectLineChannel, type DirectLineChannel } from './index.js';

/**
 * Two app processes on one PostgreSQL database, as a city deployment runs them behind a load
 * balancer: each has its own pool, its own `PgEventBus` and its own Direct Line channel and
 * HTTP server. A client streaming from A sees what B stored (replies to messages posted to B,
 * a lawyer's message sent through B), with consecutive watermarks; a message accepted by a
 * process that dies is answered once, by the other.
 */

const pgSkip = await probePostgres();
const SECRET = 'cross-process-secret-0123456789abcdef';
const box = createSealedBox(Buffer.alloc(32, 11)).forPurpose('directline-transcript');
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

class EchoBot extends ActivityHandler {
  gate: Promise<void> | undefined;
  runs = 0;
  constructor() {
    super();
    this.onMessage(async (ctx, next) => {
      this.runs++;
      if (this.gate) await this.gate;
      await ctx.sendActivity(`Dạ, anh/chị hỏi: ${ctx.activity.text}`);
      await next();
    });
  }
}

interface Instance {
  url: string;
  channel: DirectLineChannel;
  bot: EchoBot;
  pool: pg.Pool;
}

async function instance(schema: string, name: string, options: { leaseMs: number; startWorkers?: boolean }): Promise<Instance> {
  const pool = createPgPool(PG_TEST_URL, { schema, max: 4 });
  const events = new PgEventBus({ pool, namespace: `dl${schema.slice(2, 10)}` });
  const bot = new EchoBot();
  const channel = createDirectLineChannel({
    bot,
    capabilitiesKey: CAPABILITIES_KEY,
    cipher: box,
    store: new PgDirectLineStore(pgDb(pool), box),
    events,
    instanceId: name,
    pendingLease: { leaseMs: options.leaseMs, sweepMs: Math.max(50, Math.floor(options.leaseMs / 3)) },
    secret: SECRET,
    tokenTtlSeconds: 3600,
    transcriptDays: 30,
    logger: pino({ level: 'silent' }),
    clock: () => new Date(),
    limits: { perConversation: { capacity: 100, refillPerSecond: 100 } },
  });
  const app = express();
  app.use(channel.router!);
  const server = http.createServer(app);
  server.on('upgrade', (req, socket, head) => {
    if (!channel.upgrade!(req, socket, head, '127.0.0.1')) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  if (options.startWorkers !== false) for (const w of channel.workers ?? []) w.start();
  cleanups.push(async () => {
    if (options.startWorkers !== false) for (const w of channel.workers ?? []) await w.stop();
    else channel.endpoint.closeStreams();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await events.close();
    await pool.end();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, channel, bot, pool };
}

async function twoProcesses(leaseMs = 30_000, startB = true): Promise<[Instance, Instance]> {
  const { schema, drop } = await createTestSchema();
  cleanups.push(drop);
  const admin = createPgPool(PG_TEST_URL, { schema, max: 1 });
  await migratePostgres(admin);
  await admin.end();
  return [await instance(schema, 'process-a', { leaseMs }), await instance(schema, 'process-b', { leaseMs, startWorkers: startB })];
}

async function api(url: string, auth: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${auth}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

interface Frame {
  at: number;
  watermark?: string;
  activities: Array<{ type: string; id?: string; text?: string; from: { role?: string }; replyToId?: string }>;
}

async function stream(url: string, conversationId: string, token: string): Promise<{ frames: Frame[] }> {
  const frames: Frame[] = [];
  const ws = new WebSocket(`${url.replace('http', 'ws')}/v3/directline/conversations/${conversationId}/stream?t=${encodeURIComponent(token)}`);
  ws.on('message', (data) => {
    const raw = String(data);
    if (raw) frames.push({ at: Date.now(), ...(JSON.parse(raw) as Omit<Frame, 'at'>) });
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  cleanups.push(() => ws.close());
  return { frames };
}

async function waitFor<T>(fn: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const messages = (frames: Frame[]) => frames.flatMap((f) => f.activities).filter((a) => a.type === 'message');

describe.skipIf(pgSkip !== undefined)(`Direct Line across two processes on PostgreSQL${pgSkip ? ` (SKIPPED: ${pgSkip})` : ''}`, () => {
  it('a client streaming from A sees, within a second, the reply B stored for a message posted to B, and B\'s typing', async () => {
    const [a, b] = await twoProcesses();
    const { json: conv } = await api(`${a.url}/v3/directline/conversations`, SECRET, {});
    const conversationId = conv.conversationId as string;
    const token = conv.token as string;
    const onA = await stream(a.url, conversationId, token);
    // Give A's listener time to LISTEN (subscribe resolves once it does; the stream opened before).
    await new Promise((r) => setTimeout(r, 200));

    for (const text of ['một', 'hai', 'ba']) {
      const posted = Date.now();
      const { status, json } = await api(`${b.url}/v3/directline/conversations/${conversationId}/activities`, token, { type: 'message', text, from: { id: 'u' } });
      expect(status).toBe(200);
      const reply = await waitFor(() => messages(onA.frames).find((m) => m.replyToId === json.id));
      expect(reply.text).toBe(`Dạ, anh/chị hỏi: ${text}`);
      const frame = onA.frames.find((f) => f.activities.some((x) => x === reply))!;
      expect(frame.at - posted).toBeLessThan(1000);
    }
    // Every stored activity once, in watermark order, whichever process stored it.
    const got = messages(onA.frames);
    expect(got.map((m) => Number(m.id!.split('|')[1]))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(got.map((m) => m.from.role)).toEqual(['user', 'bot', 'user', 'bot', 'user', 'bot']);
    const watermarks = onA.frames.filter((f) => f.watermark !== undefined).map((f) => Number(f.watermark));
    expect(watermarks).toEqual([...watermarks].sort((x, y) => x - y));
    expect(onA.frames.some((f) => f.activities.some((x) => x.type === 'typing'))).toBe(true);
    expect(a.bot.runs).toBe(0);
    expect(b.bot.runs).toBe(3);

    // A lawyer's message sent through B reaches the citizen on A.
    // B has no stream for it, so the send reports pending; once A gave it to the client, B's
    // deliveryStatus says delivered (A announces what its clients received).
    const report = await b.channel.adapter.send({ channelId: 'webchat', conversationId, userId: 'u', reference: {} }, [{ text: 'Luật sư: em đã nhận hồ sơ.' }] as never, {
      tag: 'handoff:1',
    });
    // (Delivered already only if A's receipt outran B's own bookkeeping.)
    expect(['pending', 'delivered']).toContain(report.state);
    await waitFor(() => messages(onA.frames).find((m) => m.text === 'Luật sư: em đã nhận hồ sơ.'));
    const until = Date.now() + 2000;
    while ((await b.channel.adapter.deliveryStatus('handoff:1'))?.state !== 'delivered' && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(await b.channel.adapter.deliveryStatus('handoff:1')).toEqual({ state: 'delivered' });
    // A reconnecting client on B with its watermark gets nothing twice.
    const last = messages(onA.frames).at(-1)!.id!.split('|')[1]!;
    const { json: polled } = await api(`${b.url}/v3/directline/conversations/${conversationId}/activities?watermark=${Number(last)}`, token);
    expect(polled.activities).toEqual([]);
  });

  it('a message accepted by a process that then stops answering is answered once, by the other, after the lease', async () => {
    // B accepts messages but runs no sweeper (it will not renew its lease: as good as dead).
    const [a, b] = await twoProcesses(600, false);
    let release!: () => void;
    b.bot.gate = new Promise((r) => (release = r));
    const { json: conv } = await api(`${a.url}/v3/directline/conversations`, SECRET, {});
    const conversationId = conv.conversationId as string;
    const token = conv.token as string;
    const onA = await stream(a.url, conversationId, token);
    await new Promise((r) => setTimeout(r, 200));

    const accepted = Date.now();
    const { json: posted } = await api(`${b.url}/v3/directline/conversations/${conversationId}/activities`, token, { type: 'message', text: 'cứu', from: { id: 'u' } });
    const reply = await waitFor(() => messages(onA.frames).find((m) => m.replyToId === posted.id), 5000);
    expect(reply.text).toBe('Dạ, anh/chị hỏi: cứu');
    expect(Date.now() - accepted).toBeGreaterThanOrEqual(600);
    expect(a.bot.runs).toBe(1);

    // B wakes up and finishes its turn: its reply is refused, the citizen sees one answer.
    release();
    await b.channel.adapter.drain();
    await new Promise((r) => setTimeout(r, 300));
    const stored = await new PgDirectLineStore(pgDb(a.pool), box).listAfter(conversationId, 0);
    expect(stored.filter((r) => r.role === 'bot')).toHaveLength(1);
    expect(stored.map((r) => r.state)).toEqual(['answered', null]);
    expect(messages(onA.frames).filter((m) => m.from.role === 'bot')).toHaveLength(1);
  });
});
