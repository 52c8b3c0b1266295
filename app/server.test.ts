import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ActivityHandler, type TurnContext } from '@microsoft/agents-hosting';
import type { Activity as DlActivity, DirectLine } from 'botframework-directlinejs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CAPABILITIES_KEY } from '../bot/index.js';
import { createNodeDirectLine } from '../channels/directline/testing/directline-client.js';
import { TokenService } from '../channels/directline/index.js';
import { openDatabase, SqliteDirectLineStore, SqliteFileStore, type Db } from '../storage/index.js';
import { FAKE_PLAINTEXT_BOX } from '../storage/testing/plaintext-box.js';
import { startDirectLineServer, type DirectLineServer } from '../test/directline-server.js';
import { createServer } from './server.js';
import { loadConfig } from './config.js';
import { loadDirectLineSecret } from './keys.js';
import { createSilentLogger } from './logger.js';

/**
 * The real server on port 0 with real SQLite in a temp dir, driven over HTTP and
 * WebSocket, with Microsoft's Direct Line client where a client is involved. The bot is a
 * small echo handler here (the grounded-answer test with the real assistant lives in
 * server-assistant.test.ts), so these tests pin the protocol, not the answers.
 */

class EchoBot extends ActivityHandler {
  readonly seenCapabilities: unknown[] = [];
  gate: Promise<void> | undefined;
  constructor() {
    super();
    this.onMessage(async (ctx, next) => {
      this.seenCapabilities.push(ctx.turnState.get(CAPABILITIES_KEY));
      if (this.gate) await this.gate;
      if (ctx.activity.text === 'boom') throw new Error('bot exploded');
      await ctx.sendActivity({
        type: 'message',
        text: `Dạ, anh/chị hỏi: **${ctx.activity.text}**`,
        textFormat: 'markdown',
        suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'Lệ phí', value: 'le phi bao nhieu' }] },
      } as never);
      await next();
    });
    this.onMembersAdded(async (ctx: TurnContext, next) => {
      const botId = ctx.activity.recipient?.id;
      if ((ctx.activity.membersAdded ?? []).some((m) => m.id !== botId)) {
        await ctx.sendActivity('Dạ, em là trợ lý thủ tục hành chính.');
      }
      await next();
    });
  }
}

const SECRET = 'test-secret-0123456789abcdef';

interface Harness {
  dir: string;
  db: Db;
  bot: EchoBot;
  server: DirectLineServer;
  url: string;
}

let dirs: string[] = [];
let servers: DirectLineServer[] = [];
let clients: DirectLine[] = [];

async function start(dir?: string, overrides: { clock?: () => Date; bot?: EchoBot; limits?: object } = {}): Promise<Harness> {
  const dataDir = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tthc-web-'));
  if (!dir) dirs.push(dataDir);
  const bot = overrides.bot ?? new EchoBot();
  const server = await startDirectLineServer({
    bot,
    dataDir,
    env: { DIRECTLINE_SECRET: SECRET },
    clock: overrides.clock,
    directLine: { limits: { perConversation: { capacity: 50, refillPerSecond: 50 }, ...(overrides.limits ?? {}) } },
  });
  servers.push(server);
  return { dir: dataDir, db: server.db, bot, server, url: server.url };
}

async function stop(h: Harness) {
  await h.server.stop();
  servers = servers.filter((s) => s !== h.server);
}

async function api(url: string, init: { method?: string; auth?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.auth) headers.Authorization = `Bearer ${init.auth}`;
  if (init.body !== undefined || init.raw !== undefined) headers['Content-Type'] ??= 'application/json';
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers,
    body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined, headers: res.headers };
}

async function waitFor<T>(fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 8000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function collect(dl: DirectLine): DlActivity[] {
  const got: DlActivity[] = [];
  dl.activity$.subscribe(
    (a) => got.push(a),
    () => undefined,
  );
  clients.push(dl);
  return got;
}

beforeEach(() => {
  dirs = [];
  servers = [];
  clients = [];
});

afterEach(async () => {
  for (const c of clients) c.end();
  for (const s of servers) await s.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('Direct Line 3.0 endpoint with Microsoft\'s client', () => {
  it('streams the welcome, the echo of the user\'s message with its clientActivityID, a typing indicator and the reply', async () => {
    const h = await start();
    const dl = createNodeDirectLine(h.url, { secret: SECRET, webSocket: true });
    const got = collect(dl);
    await waitFor(() => got.find((a) => a.type === 'message' && a.from.role === 'bot'));
    expect(got[0]).toMatchObject({ type: 'message', text: 'Dạ, em là trợ lý thủ tục hành chính.' });

    const id = await new Promise<string>((resolve, reject) =>
      dl
        .postActivity({ type: 'message', from: { id: 'u1' }, text: 'lam lai giay khai sinh', channelData: { clientActivityID: 'c-1' } } as DlActivity)
        .subscribe(resolve, reject),
    );
    expect(id).toMatch(/\|0000002$/);
    const reply = await waitFor(() => got.find((a) => a.type === 'message' && (a as { replyToId?: string }).replyToId === id));
    const echo = got.find((a) => a.id === id)!;
    expect(echo.channelData).toMatchObject({ clientActivityID: 'c-1' });
    expect(echo.from.role).toBe('user');
    expect(reply).toMatchObject({ text: 'Dạ, anh/chị hỏi: **lam lai giay khai sinh**', textFormat: 'markdown' });
    expect((reply as { suggestedActions?: { actions: unknown[] } }).suggestedActions?.actions).toHaveLength(1);
    const typingAt = got.findIndex((a) => a.type === 'typing');
    expect(typingAt).toBeGreaterThan(got.indexOf(echo));
    expect(typingAt).toBeLessThan(got.indexOf(reply));
    // Web Chat's capabilities reach the bot through turnState.
    expect(h.bot.seenCapabilities[0]).toMatchObject({ markdown: true, files: true });
  });

  it('delivers the same transcript by polling, with ordered watermarks', async () => {
    const h = await start();
    const dl = createNodeDirectLine(h.url, { secret: SECRET, webSocket: false, pollingInterval: 200 });
    const got = collect(dl);
    await waitFor(() => got.length >= 1);
    for (const text of ['mot', 'hai']) {
      await new Promise((resolve, reject) => dl.postActivity({ type: 'message', from: { id: 'u' }, text } as DlActivity).subscribe(resolve, reject));
    }
    await waitFor(() => got.filter((a) => a.from.role === 'bot').length >= 3);
    const ids = got.map((a) => a.id!);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.map((i) => Number(i.split('|')[1]))).toEqual([1, 2, 3, 4, 5]);
    expect(got.filter((a) => a.type === 'typing')).toHaveLength(0);
  });

  it('reconnects after a server restart with its watermark: no duplicate, no loss', async () => {
    let h = await start();
    const dl = createNodeDirectLine(h.url, { secret: SECRET, webSocket: true });
    const got = collect(dl);
    await waitFor(() => got.length >= 1);
    await new Promise((resolve, reject) => dl.postActivity({ type: 'message', from: { id: 'u' }, text: 'truoc' } as DlActivity).subscribe(resolve, reject));
    await waitFor(() => got.filter((a) => a.from.role === 'bot').length >= 2);
    const conversationId = got[0]!.conversation!.id;
    const watermark = got[got.length - 1]!.id!.split('|')[1]!;
    dl.end();

    const dir = h.dir;
    await stop(h);
    h = await start(dir);
    // A message sent while the first client is away: the reconnecting client must get it.
    const t = new TokenService(SECRET, 3600).issue(conversationId, 'dl_other').token;
    expect((await api(`${h.url}/v3/directline/conversations/${conversationId}/activities`, { method: 'POST', auth: t, body: { type: 'message', text: 'luc vang' } })).status).toBe(200);

    const again = createNodeDirectLine(h.url, { secret: SECRET, conversationId, watermark: String(Number(watermark)), webSocket: true });
    const got2 = collect(again);
    await waitFor(() => got2.filter((a) => a.from.role === 'bot').length >= 1);
    await new Promise((resolve, reject) => again.postActivity({ type: 'message', from: { id: 'u' }, text: 'sau' } as DlActivity).subscribe(resolve, reject));
    await waitFor(() => got2.filter((a) => a.from.role === 'bot').length >= 2);
    const seqs = [...got, ...got2].filter((a) => a.type !== 'typing').map((a) => Number(a.id!.split('|')[1]));
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // The welcome was not sent twice.
    expect(got2.filter((a) => (a as { text?: string }).text?.startsWith('Dạ, em là trợ lý'))).toHaveLength(0);
  });

  it('answers messages accepted before a crash when it starts again', async () => {
    const h1 = await start();
    const created = await api(`${h1.url}/v3/directline/conversations`, { method: 'POST', auth: SECRET });
    const { conversationId, token } = created.json;
    await waitFor(async () => (await api(`${h1.url}/v3/directline/conversations/${conversationId}/activities`, { auth: token })).json.activities.length === 1 || undefined);
    // The bot hangs; the server "crashes" with the message accepted but not answered.
    let release!: () => void;
    h1.bot.gate = new Promise((r) => (release = r));
    const posted = await api(`${h1.url}/v3/directline/conversations/${conversationId}/activities`, { method: 'POST', auth: token, body: { type: 'message', text: 'con do khong' } });
    expect(posted.status).toBe(200);
    const dir = h1.dir;
    const store = new SqliteDirectLineStore(h1.db, FAKE_PLAINTEXT_BOX);
    expect((await store.listPending()).map((p) => p.id)).toEqual([posted.json.id]);
    // Rewind to the state a crash at this moment leaves on disk: the message accepted and
    // persisted as pending, no reply written.
    release();
    await stop(h1);
    const db = openDatabase(path.join(dir, 'tthc.sqlite'));
    db.prepare("UPDATE directline_activities SET state = 'pending' WHERE id = ?").run(posted.json.id);
    db.prepare("DELETE FROM directline_activities WHERE role = 'bot' AND reply_to_id = ?").run(posted.json.id);
    db.close();

    const h2 = await start(dir);
    const answered = await waitFor(async () => {
      const r = await api(`${h2.url}/v3/directline/conversations/${conversationId}/activities?watermark=2`, { auth: token });
      return r.json.activities.find((a: { replyToId?: string }) => a.replyToId === posted.json.id);
    });
    expect(answered.text).toContain('con do khong');
    expect(await new SqliteDirectLineStore(h2.db, FAKE_PLAINTEXT_BOX).listPending()).toHaveLength(0);
  });

  it('answers politely when the bot fails, so no accepted message goes unanswered', async () => {
    const h = await start();
    const { conversationId, token } = (await api(`${h.url}/v3/directline/conversations`, { method: 'POST', auth: SECRET })).json;
    const posted = await api(`${h.url}/v3/directline/conversations/${conversationId}/activities`, { method: 'POST', auth: token, body: { type: 'message', text: 'boom' } });
    const reply = await waitFor(async () => {
      const r = await api(`${h.url}/v3/directline/conversations/${conversationId}/activities`, { auth: token });
      return r.json.activities.find((a: { replyToId?: string }) => a.replyToId === posted.json.id);
    });
    expect(reply.text).toMatch(/^Dạ, em xin lỗi/);
  });
});

describe('Direct Line security and limits', () => {
  it('issues conversation-bound tokens and refuses other conversations, bad and expired tokens', async () => {
    let now = new Date('2026-11-26T10:00:00Z');
    const h = await start(undefined, { clock: () => now });
    const base = `${h.url}/v3/directline`;
    const a = (await api(`${base}/tokens/generate`, { method: 'POST', auth: SECRET, body: { user: { id: 'citizen' } } })).json;
    const b = (await api(`${base}/tokens/generate`, { method: 'POST', auth: SECRET })).json;
    expect(a).toMatchObject({ conversationId: expect.any(String), token: expect.any(String), expires_in: 3600 });

    const started = await api(`${base}/conversations`, { method: 'POST', auth: a.token });
    expect(started.status).toBe(201);
    expect(started.json.conversationId).toBe(a.conversationId);
    expect(started.json.streamUrl).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/v3/directline/conversations/${a.conversationId}/stream\\?`));

    // Cross-conversation: token of A cannot read or write B.
    expect((await api(`${base}/conversations/${b.conversationId}/activities`, { auth: a.token })).status).toBe(403);
    expect((await api(`${base}/conversations/${b.conversationId}/activities`, { method: 'POST', auth: a.token, body: { type: 'message', text: 'x' } })).status).toBe(403);
    expect((await api(`${base}/conversations/${b.conversationId}`, { auth: a.token })).status).toBe(403);
    // Token generation needs the secret.
    expect((await api(`${base}/tokens/generate`, { method: 'POST', auth: a.token })).status).toBe(403);
    // Missing, forged, malformed.
    expect((await api(`${base}/conversations/${a.conversationId}/activities`)).json.error.code).toBe('unauthorized:directline_auth');
    const forged = `${a.token.slice(0, -4)}AAAA`;
    expect((await api(`${base}/conversations/${a.conversationId}/activities`, { auth: forged })).status).toBe(401);
    expect((await api(`${base}/conversations/${a.conversationId}/activities`, { auth: 'nonsense' })).status).toBe(401);
    // Refresh extends; after expiry both reads and refresh are refused with 403.
    const refreshed = await api(`${base}/tokens/refresh`, { method: 'POST', auth: a.token });
    expect(refreshed.status).toBe(200);
    now = new Date(now.getTime() + 3601_000);
    const expired = await api(`${base}/conversations/${a.conversationId}/activities`, { auth: a.token });
    expect(expired.status).toBe(403);
    expect(expired.json.error.code).toBe('forbidden:directline_token_expired');
    expect((await api(`${base}/tokens/refresh`, { method: 'POST', auth: a.token })).status).toBe(403);

    // The stream refuses the wrong conversation too.
    const fresh = new TokenService(SECRET, 3600, () => now).issue(a.conversationId, 'dl_x').token;
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${h.url.replace('http', 'ws')}/v3/directline/conversations/${b.conversationId}/stream?t=${fresh}`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(status).toBe(403);
  });

  it('rejects oversized, malformed and invalid bodies with JSON errors', async () => {
    const h = await start();
    const { conversationId, token } = (await api(`${h.url}/v3/directline/conversations`, { method: 'POST', auth: SECRET })).json;
    const url = `${h.url}/v3/directline/conversations/${conversationId}/activities`;
    const big = await api(url, { method: 'POST', auth: token, raw: JSON.stringify({ type: 'message', text: 'a'.repeat(100_000) }) });
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe('payload_too_large:directline_body');
    const broken = await api(url, { method: 'POST', auth: token, raw: '{"type":"message","text":' });
    expect(broken.status).toBe(400);
    expect(broken.json.error.code).toBe('bad_request:directline_json');
    const tooLong = await api(url, { method: 'POST', auth: token, body: { type: 'message', text: 'b'.repeat(4001) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.error.message).toMatch(/text/);
    expect((await api(url, { method: 'POST', auth: token, body: { type: 'message' } })).status).toBe(400);
    expect((await api(url, { method: 'POST', auth: token, body: { type: 'invoke', name: 'x' } })).status).toBe(400);
    expect((await api(`${url}?x=1`, { auth: token, method: 'GET' })).status).toBe(200);
    expect((await api(`${h.url}/v3/directline/conversations/${conversationId}/activities?watermark=abc`, { auth: token })).status).toBe(400);
    // Nothing invalid was stored.
    const list = await api(url, { auth: token });
    expect(list.json.activities.filter((a: { from: { role: string } }) => a.from.role === 'user')).toHaveLength(0);
  });

  it('deduplicates a retried post with the same clientActivityID', async () => {
    const h = await start();
    const { conversationId, token } = (await api(`${h.url}/v3/directline/conversations`, { method: 'POST', auth: SECRET })).json;
    const url = `${h.url}/v3/directline/conversations/${conversationId}/activities`;
    const body = { type: 'message', text: 'mot lan thoi', channelData: { clientActivityID: 'same' } };
    const first = await api(url, { method: 'POST', auth: token, body });
    const second = await api(url, { method: 'POST', auth: token, body });
    expect(second.json.id).toBe(first.json.id);
    await waitFor(async () => ((await api(url, { auth: token })).json.activities.some((a: { replyToId?: string }) => a.replyToId === first.json.id) ? true : undefined));
    const all = (await api(url, { auth: token })).json.activities as Array<{ text?: string; from: { role: string } }>;
    expect(all.filter((a) => a.from.role === 'user')).toHaveLength(1);
    expect(all.filter((a) => a.text?.includes('mot lan thoi') && a.from.role === 'bot')).toHaveLength(1);
  });

  it('rate-limits a conversation and an IP with 429 and Retry-After', async () => {
    const h = await start(undefined, { limits: { perConversation: { capacity: 3, refillPerSecond: 0.01 }, perIp: { capacity: 12, refillPerSecond: 0.01 } } });
    const { conversationId, token } = (await api(`${h.url}/v3/directline/conversations`, { method: 'POST', auth: SECRET })).json;
    const url = `${h.url}/v3/directline/conversations/${conversationId}/activities`;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await api(url, { method: 'POST', auth: token, body: { type: 'message', text: `q${i}` } })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    let last;
    for (let i = 0; i < 10; i++) last = await api(url, { auth: token });
    expect(last!.status).toBe(429);
    expect(last!.json.error.code).toBe('rate_limited:directline_ip');
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('server', () => {
  it('reports liveness and readiness', async () => {
    const h = await start();
    expect((await api(`${h.url}/healthz`)).json).toEqual({ status: 'alive' });
    const ready = await api(`${h.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.json).toMatchObject({ status: 'ready', checks: { storage: { state: 'ok' } } });
  });

  it('is not ready while a part reports down, and says which', async () => {
    let state: 'ok' | 'down' = 'down';
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tthc-web-'));
    dirs.push(dir);
    const server = await startDirectLineServer({
      bot: new EchoBot(),
      dataDir: dir,
      parts: () => [{ name: 'indexes', health: { indexes: () => (state === 'ok' ? { state } : { state, detail: 'retrieval indexes not loaded' }) } }],
    });
    servers.push(server);
    const ready = await api(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.json).toMatchObject({ status: 'not_ready', checks: { indexes: { state: 'down', detail: 'retrieval indexes not loaded' }, storage: { state: 'ok' } } });
    state = 'ok';
    expect((await api(`${server.url}/readyz`)).status).toBe(200);
  });

  it('generates a Direct Line secret on first start, 0600, and keeps it across restarts', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tthc-web-'));
    dirs.push(dir);
    const lines: string[] = [];
    const { createLogger } = await import('./logger.js');
    const logger = createLogger({ destination: { write: (s: string) => void lines.push(s) } });
    const first = loadDirectLineSecret(loadConfig({ DATA_DIR: dir, NODE_ENV: 'test' }), logger);
    const file = path.join(dir, 'directline.secret');
    const secret = fs.readFileSync(file, 'utf8').trim();
    expect(first).toBe(secret);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(lines.join('')).toContain('generated a Direct Line secret');
    expect(lines.join('')).not.toContain(secret);
    expect(lines.join('')).not.toContain(secret.slice(0, 8));
    expect(loadDirectLineSecret(loadConfig({ DATA_DIR: dir, NODE_ENV: 'test' }), logger)).toBe(secret);
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(secret);
  });

  it('delivers a proactive message (e.g. a lawyer\'s reply) into the conversation', async () => {
    const h = await start();
    const { conversationId, token } = (await api(`${h.url}/v3/directline/conversations`, { method: 'POST', auth: SECRET })).json;
    await h.server.proactive.send(
      { channelId: 'webchat', conversationId, userId: 'dl_x', reference: {} },
      [{ text: 'Dạ, luật sư trả lời anh/chị:', links: [{ title: 'Luật Hộ tịch', url: 'https://example.invalid/ht' }] }],
    );
    const list = (await api(`${h.url}/v3/directline/conversations/${conversationId}/activities`, { auth: token })).json.activities;
    const msg = list.find((a: { text?: string }) => a.text?.startsWith('Dạ, luật sư'));
    expect(msg.from.role).toBe('bot');
    expect(msg.text).toContain('[Luật Hộ tịch](https://example.invalid/ht)');
    await expect(
      h.server.proactive.send({ channelId: 'webchat', conversationId: 'nope-nope-nope', userId: 'x', reference: {} }, [{ text: 'x' }]),
    ).rejects.toThrow(/Unknown Direct Line conversation/);
  });

  it('serves bot files only through signed, unexpired links of their own conversation', async () => {
    let now = new Date('2026-11-26T10:00:00Z');
    const h = await start(undefined, { clock: () => now });
    const files = h.server.files as SqliteFileStore;
    const ref = await files.put({ conversationId: 'conv-aaaa-1', name: 'Tờ khai khai sinh.pdf', contentType: 'application/pdf', bytes: new TextEncoder().encode('%PDF-1.7 test') });
    const ok = await fetch(`${h.url}${ref.url}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/pdf');
    expect(ok.headers.get('content-disposition')).toContain("filename*=UTF-8''T%E1%BB%9D%20khai");
    expect(await ok.text()).toBe('%PDF-1.7 test');
    const other = ref.url.replace('c=conv-aaaa-1', 'c=conv-bbbb-2');
    expect((await fetch(`${h.url}${other}`)).status).toBe(403);
    const tampered = ref.url.replace(/e=(\d+)/, (_m, e) => `e=${Number(e) + 1000}`);
    expect((await fetch(`${h.url}${tampered}`)).status).toBe(403);
    expect((await fetch(`${h.url}/files/${ref.fileId}`)).status).toBe(403);
    now = new Date(now.getTime() + 25 * 3600_000);
    const late = await api(`${h.url}${ref.url}`, { headers: { Accept: 'application/json' } });
    expect(late.status).toBe(403);
    expect(late.json.error.code).toBe('forbidden:file_link_expired');
  });
});

describe('the HTTP server takes parts', () => {
  it('starts the parts\' workers after listening, stops them in order on close, and mounts routers at their path', async () => {
    const events: string[] = [];
    const router = (await import('express')).default.Router();
    router.get('/ping', (_req, res) => void res.json({ pong: true }));
    const worker = (name: string) => ({ name, start: () => void events.push(`start ${name}`), stop: async () => void events.push(`stop ${name}`) });
    const server = createServer({
      config: loadConfig({ NODE_ENV: 'test', DATA_DIR: os.tmpdir() }),
      logger: createSilentLogger(),
      parts: [
        { name: 'a', router, path: '/a', workers: [worker('a1'), worker('a2')] },
        { name: 'b', workers: [worker('b')], health: { b: () => ({ state: 'degraded', detail: 'token refresh failing' }) } },
      ],
    });
    expect(events).toEqual([]);
    const { url } = await server.listen(0, '127.0.0.1');
    expect(events).toEqual(['start a1', 'start a2', 'start b']);
    expect((await api(`${url}/a/ping`)).json).toEqual({ pong: true });
    expect((await api(`${url}/ping`, { headers: { Accept: 'application/json' } })).status).toBe(404);
    const ready = await api(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.json).toEqual({ status: 'degraded', checks: { b: { state: 'degraded', detail: 'token refresh failing' } } });
    await server.close();
    expect(events.slice(3)).toEqual(['stop a1', 'stop a2', 'stop b']);
  });

  it('refuses two parts registering the same readiness check', () => {
    const check = () => ({ state: 'ok' as const });
    expect(() =>
      createServer({ config: loadConfig({ NODE_ENV: 'test', DATA_DIR: os.tmpdir() }), logger: createSilentLogger(), parts: [{ name: 'a', health: { storage: check } }, { name: 'b', health: { storage: check } }] }),
    ).toThrow(/storage/);
  });
});
