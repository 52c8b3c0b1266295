import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FakeCatalogue, FakeRetriever } from '../bot/testing/fake-retrieval.js';
import type { FakeZalo } from '../channels/zalo/fake/fake-zalo.js';
import { TEST_ZALO, startFake, tempDir, waitFor } from '../channels/zalo/fake/harness.js';
import { PG_TEST_URL, createTestDatabase, probePostgres } from '../storage/contract/engines.js';
import { PgConfigError } from '../storage/postgres/index.js';
import { composeApp, type ComposedApp } from './compose.js';
import { loadConfig } from './config.js';
import { createSilentLogger } from './logger.js';

/**
 * Engine selection in the composition root: with DATABASE_URL the app opens PostgreSQL
 * (connection checked, migrations applied) and the Zalo queues live there; a webhook is
 * answered end to end through the fake Zalo; closing the app ends the pool. Two apps on one
 * database serve one web chat conversation together (Direct Line store and event bus).
 */
const skipReason = await probePostgres();
if (skipReason) console.warn(`[compose on PostgreSQL] skipped: ${skipReason}`);

/** A fresh database on the test server, and the URL naming it. */
function zaloEnv(fake: FakeZalo, dir: string): Record<string, string> {
  const tokens = fake.issueTokens();
  return {
    NODE_ENV: 'test',
    DATA_DIR: dir,
    ZALO_APP_ID: TEST_ZALO.appId,
    ZALO_APP_SECRET: TEST_ZALO.appSecret,
    ZALO_OA_SECRET_KEY: TEST_ZALO.oaSecretKey,
    ZALO_API_BASE: fake.baseUrl,
    ZALO_OAUTH_BASE: fake.baseUrl,
    ZALO_ACCESS_TOKEN: tokens.accessToken,
    ZALO_REFRESH_TOKEN: tokens.refreshToken,
    ADMIN_TOKEN: TEST_ZALO.adminToken,
    PUBLIC_BASE_URL: 'https://tro-ly.example.gov.vn',
  };
}


/** What two processes behind a load balancer share besides the database. */
const SHARED_ENV = {
  NODE_ENV: 'test',
  DIRECTLINE_SECRET: 'compose-postgres-secret-0123456789abcdef',
  PROFILE_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('hex'),
};

async function composeOn(databaseUrl: string): Promise<ComposedApp> {
  const dir = tempDir();
  const catalogue = new FakeCatalogue();
  return composeApp({
    config: loadConfig({ ...SHARED_ENV, DATA_DIR: dir, DATABASE_URL: databaseUrl }),
    logger: createSilentLogger(),
    assistant: { catalogue, retriever: new FakeRetriever(catalogue), databaseFile: path.join(dir, 'tthc.sqlite') },
  });
}

async function directLine(url: string, auth: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${auth}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

interface WireActivity {
  type: string;
  id?: string;
  text?: string;
  from: { role?: string };
  replyToId?: string;
}

async function connectionsTo(databaseUrl: string): Promise<number> {
  const admin = new pg.Client({ connectionString: PG_TEST_URL });
  await admin.connect();
  try {
    const left = await admin.query<{ n: string }>(`SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = $1`, [new URL(databaseUrl).pathname.slice(1)]);
    return Number(left.rows[0]!.n);
  } finally {
    await admin.end();
  }
}

/** Waits (up to 3 s) for the server to finish ending the backends of closed clients. */
async function settledConnections(databaseUrl: string): Promise<void> {
  await waitFor(async () => (await connectionsTo(databaseUrl)) === 0, 'closed connections to leave pg_stat_activity', 3000).catch(() => undefined);
}

describe.skipIf(skipReason !== undefined)(`the app on PostgreSQL (DATABASE_URL)${skipReason ? ` (SKIPPED: ${skipReason})` : ''}`, () => {
  let fake: FakeZalo | undefined;
  let app: ComposedApp | undefined;
  const apps: ComposedApp[] = [];
  const drops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await app?.close();
    app = undefined;
    for (const a of apps.splice(0)) await a.close();
    await fake?.stop();
    for (const drop of drops.splice(0)) await drop();
  });

  it('migrates a fresh database, answers Zalo webhooks with the queues there, keeps files there, and ends its pool at close', async () => {
    const db = await createTestDatabase('t_app');
    drops.push(db.drop);
    fake = await startFake();
    const dir = tempDir();
    const config = loadConfig({ ...zaloEnv(fake, dir), DATABASE_URL: db.url });
    expect(config.databaseUrl).toBe(db.url);
    const catalogue = new FakeCatalogue();
    app = await composeApp({
      config,
      logger: createSilentLogger(),
      assistant: { catalogue, retriever: new FakeRetriever(catalogue), databaseFile: path.join(dir, 'tthc.sqlite') },
    });
    const { url } = await app.server.listen(0, '127.0.0.1');
    const post = async (event: Record<string, unknown>) => {
      const { body, headers } = fake!.webhook(event);
      return (await fetch(`${url}/zalo/webhook`, { method: 'POST', body, headers })).status;
    };

    expect(await post(fake.event('follow', 'citizen-pg'))).toBe(200);
    await waitFor(() => fake!.sentTo('citizen-pg').length >= 1, 'welcome', 15_000);
    const welcomed = fake.sentTo('citizen-pg').length;
    expect(await post(fake.textEvent('citizen-pg', 'dang ky khai sinh cho con can giay to gi'))).toBe(200);
    await waitFor(() => fake!.sentTo('citizen-pg').length > welcomed, 'answer', 15_000);
    expect(
      fake
        .sentTo('citizen-pg')
        .slice(welcomed)
        .map((m) => m.text ?? '')
        .join('\n'),
    ).toMatch(/khai sinh/i);

    // The rows are in PostgreSQL, sealed; the SQLite file holds no Zalo queue.
    const look = new pg.Client({ connectionString: db.url });
    await look.connect();
    try {
      await waitFor(async () => Number((await look.query(`SELECT COUNT(*) AS n FROM zalo_inbox WHERE status = 'done'`)).rows[0].n) === 2, 'both events done', 5000);
      const delivered = await look.query<{ n: string }>(`SELECT COUNT(*) AS n FROM zalo_outbox WHERE status = 'delivered' AND user_id = 'citizen-pg'`);
      expect(Number(delivered.rows[0]!.n)).toBe(fake.sentTo('citizen-pg').length);
      const payloads = await look.query<{ payload: string }>(`SELECT payload FROM zalo_outbox`);
      expect(payloads.rows.some((r) => /khai sinh/i.test(r.payload))).toBe(false);
      const tokens = await look.query<{ access_token: string }>(`SELECT access_token FROM zalo_tokens`);
      expect(tokens.rows).toHaveLength(1);
      const migrations = await look.query<{ name: string }>(`SELECT name FROM schema_migrations`);
      expect(migrations.rows.map((r) => r.name)).toEqual(expect.arrayContaining(['001_zalo_inbox', '002_zalo_outbox', '003_zalo_tokens']));
    } finally {
      await look.end();
    }
    const sqliteTables = app.assistant.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE 'zalo_%' OR name IN ('files', 'citizen_profiles'))`).all();
    expect(sqliteTables).toEqual([]);

    // Produced files are kept in PostgreSQL too (the file store of the forms and the web links).
    const ref = await app.server.files.put({ conversationId: 'zalo:citizen-pg', name: 'to-khai.pdf', contentType: 'application/pdf', bytes: new TextEncoder().encode('%PDF-1.4 CCCD 001099012345') });
    expect((await app.server.files.get(ref.fileId!))?.name).toBe('to-khai.pdf');
    const look2 = new pg.Client({ connectionString: db.url });
    await look2.connect();
    try {
      const rows = await look2.query<{ id: string }>(`SELECT id FROM files`);
      expect(rows.rows.map((r) => r.id)).toEqual([ref.fileId]);
    } finally {
      await look2.end();
    }

    const ready = (await (await fetch(`${url}/readyz`)).json()) as { checks: Record<string, { state: string }> };
    expect(ready.checks.zalo?.state).toBe('ok');

    await app.close();
    app = undefined;
    // The server ends a backend a moment after its client's socket closes, so the count is
    // polled briefly: a pool that was not ended keeps its connection and still fails here.
    await settledConnections(db.url);
    expect(await connectionsTo(db.url)).toBe(0);
  });

  it('serves one web chat conversation from two processes: started on A, posted to B, answered and streamed from A; no connection left after both close', async () => {
    const db = await createTestDatabase('t_app');
    drops.push(db.drop);
    const a = await composeOn(db.url);
    apps.push(a);
    const b = await composeOn(db.url);
    apps.push(b);
    expect(a.server.adapter.instanceId).not.toBe(b.server.adapter.instanceId);
    const urlA = (await a.server.listen(0, '127.0.0.1')).url;
    const urlB = (await b.server.listen(0, '127.0.0.1')).url;

    const { status: started, json: conv } = await directLine(`${urlA}/v3/directline/conversations`, SHARED_ENV.DIRECTLINE_SECRET, {});
    expect(started).toBe(201);
    const conversationId = conv.conversationId as string;
    const token = conv.token as string;
    const seen: WireActivity[] = [];
    const ws = new WebSocket(`${urlA.replace('http', 'ws')}/v3/directline/conversations/${encodeURIComponent(conversationId)}/stream?t=${encodeURIComponent(token)}`);
    ws.on('message', (data) => {
      const raw = String(data);
      if (raw) seen.push(...(JSON.parse(raw) as { activities: WireActivity[] }).activities);
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    try {
      // A subscribes to the conversation's topic as the stream opens; let its LISTEN land.
      await new Promise((r) => setTimeout(r, 300));
      const posted = await directLine(`${urlB}/v3/directline/conversations/${encodeURIComponent(conversationId)}/activities`, token, {
        type: 'message',
        text: 'đăng ký khai sinh cho con cần giấy tờ gì',
        from: { id: 'citizen-web' },
      });
      expect(posted.status).toBe(200);
      // B accepted it under a 30 s lease, so within these seconds only B can have answered;
      // A's client sees it only through the store and the PostgreSQL bus.
      await waitFor(() => seen.some((x) => x.type === 'message' && x.replyToId === posted.json.id && x.from.role === 'bot'), 'reply on A', 10_000);
      const replies = seen.filter((x) => x.type === 'message' && x.replyToId === posted.json.id);
      expect(replies.map((x) => x.text ?? '').join('\n')).toMatch(/khai sinh/i);
      expect(seen.filter((x) => x.id === posted.json.id)).toHaveLength(1);

      // A client polling B reads the same transcript; the SQLite files hold none of it.
      const polled = await directLine(`${urlB}/v3/directline/conversations/${encodeURIComponent(conversationId)}/activities`, token);
      expect((polled.json.activities as WireActivity[]).map((x) => x.id)).toEqual(seen.filter((x) => x.type !== 'typing').map((x) => x.id));
      // B's typing indicator, never stored, reached A's client through the bus too.
      expect(seen.some((x) => x.type === 'typing')).toBe(true);
      for (const app of [a, b]) {
        const rows = app.assistant.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'directline_activities'`).all();
        if (rows.length > 0) expect(app.assistant.db.prepare('SELECT COUNT(*) AS n FROM directline_activities').get()).toEqual({ n: 0 });
      }
      const look = new pg.Client({ connectionString: db.url });
      await look.connect();
      try {
        const states = await look.query<{ state: string }>(`SELECT state FROM directline_activities WHERE id = $1`, [posted.json.id]);
        expect(states.rows).toEqual([{ state: 'answered' }]);
      } finally {
        await look.end();
      }
    } finally {
      ws.close();
    }

    // A form's file made on A: its signed link opens on B (the processes derive one link key
    // from the shared data key; with a key per DATA_DIR, B refused A's links).
    const made = await a.server.files.put({ conversationId, name: 'to-khai.pdf', contentType: 'application/pdf', bytes: new TextEncoder().encode('%PDF-1.4 tờ khai') });
    const link = new URL(made.url!, 'http://placeholder');
    const download = await fetch(`${urlB}${link.pathname}${link.search}`);
    expect(download.status).toBe(200);
    expect(new TextDecoder().decode(await download.arrayBuffer())).toBe('%PDF-1.4 tờ khai');
    const forged = await fetch(`${urlB}${link.pathname}${link.search.replace(/.$/, (c) => (c === '0' ? '1' : '0'))}`);
    expect(forged.status).not.toBe(200);

    for (const app of apps.splice(0)) await app.close();
    await settledConnections(db.url);
    expect(await connectionsTo(db.url)).toBe(0);
  });

  it('refuses to start when nothing answers at DATABASE_URL, naming the server', async () => {
    fake = await startFake();
    const dir = tempDir();
    const config = loadConfig({ ...zaloEnv(fake, dir), DATABASE_URL: 'postgres://postgres@127.0.0.1:1/tthc' });
    const catalogue = new FakeCatalogue();
    const started = composeApp({
      config,
      logger: createSilentLogger(),
      assistant: { catalogue, retriever: new FakeRetriever(catalogue), databaseFile: path.join(dir, 'tthc.sqlite') },
    });
    await expect(started).rejects.toBeInstanceOf(PgConfigError);
    await expect(started).rejects.toThrow(/cannot connect to PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/tthc/);
  });
});
