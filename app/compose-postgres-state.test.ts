import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeCatalogue, FakeRetriever } from '../bot/testing/fake-retrieval.js';
import { tempDir, waitFor } from '../channels/zalo/fake/harness.js';
import { createTestDatabase, probePostgres } from '../storage/contract/engines.js';
import { composeApp, type ComposedApp } from './compose.js';
import { loadConfig } from './config.js';
import { createSilentLogger } from './logger.js';
import { openDatabase } from '../storage/sqlite.js';

/**
 * Two app processes on one database (issue 16), behind a load balancer that sends a
 * citizen's messages wherever it likes: the conversation state one process wrote is what the
 * other continues from (PgStorage), and the work that must run once runs once (PgJobLock).
 */
const skipReason = await probePostgres();
if (skipReason) console.warn(`[compose on PostgreSQL: state and jobs] skipped: ${skipReason}`);

const SHARED_ENV = {
  NODE_ENV: 'test',
  DIRECTLINE_SECRET: 'compose-postgres-state-secret-0123456789',
  PROFILE_ENCRYPTION_KEY: Buffer.alloc(32, 6).toString('hex'),
};

/** A retriever that takes its time, so that two turns of one conversation surely overlap. */
class SlowRetriever extends FakeRetriever {
  constructor(
    catalogue: FakeCatalogue,
    private readonly delayMs: number,
  ) {
    super(catalogue);
  }
  override async search(...args: Parameters<FakeRetriever['search']>): ReturnType<FakeRetriever['search']> {
    await new Promise((r) => setTimeout(r, this.delayMs));
    return super.search(...args);
  }
}

async function composeOn(databaseUrl: string, options: { retrievalDelayMs?: number } = {}): Promise<ComposedApp> {
  const dir = tempDir('compose-state-');
  const catalogue = new FakeCatalogue();
  const retriever = options.retrievalDelayMs ? new SlowRetriever(catalogue, options.retrievalDelayMs) : new FakeRetriever(catalogue);
  return composeApp({
    config: loadConfig({ ...SHARED_ENV, DATA_DIR: dir, DATABASE_URL: databaseUrl }),
    logger: createSilentLogger(),
    assistant: { catalogue, retriever, databaseFile: path.join(dir, 'tthc.sqlite') },
  });
}

interface WireActivity {
  type: string;
  id?: string;
  text?: string;
  from: { role?: string };
  replyToId?: string;
}

async function call(url: string, auth: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${auth}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Posts a citizen message to one process and waits for the bot's reply to it, read from that process. */
async function ask(base: string, conversationId: string, token: string, text: string): Promise<string> {
  const conv = `${base}/v3/directline/conversations/${encodeURIComponent(conversationId)}/activities`;
  const posted = await call(conv, token, { type: 'message', text, from: { id: 'citizen-web' } });
  expect(posted.status).toBe(200);
  let replies: WireActivity[] = [];
  await waitFor(
    async () => {
      const polled = (await call(conv, token)).json.activities as WireActivity[];
      replies = polled.filter((x) => x.type === 'message' && x.from.role === 'bot' && x.replyToId === posted.json.id);
      return replies.length > 0;
    },
    `the reply to "${text}"`,
    15_000,
  );
  return replies.map((x) => x.text ?? '').join('\n');
}

describe.skipIf(skipReason !== undefined)(`two processes on one PostgreSQL database: conversation state and jobs${skipReason ? ` (SKIPPED: ${skipReason})` : ''}`, () => {
  const apps: ComposedApp[] = [];
  const drops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.close();
    for (const drop of drops.splice(0)) await drop();
  });

  async function twoApps(options: { retrievalDelayMs?: number } = {}): Promise<{ a: ComposedApp; b: ComposedApp; urlA: string; urlB: string; databaseUrl: string }> {
    const db = await createTestDatabase('t_state');
    drops.push(db.drop);
    const a = await composeOn(db.url, options);
    apps.push(a);
    const b = await composeOn(db.url, options);
    apps.push(b);
    const urlA = (await a.server.listen(0, '127.0.0.1')).url;
    const urlB = (await b.server.listen(0, '127.0.0.1')).url;
    return { a, b, urlA, urlB, databaseUrl: db.url };
  }

  it('a follow-up answered by B (A stopped meanwhile) continues the conversation A began; the state is sealed in PostgreSQL, none in either SQLite file', async () => {
    const { a, b, urlA, urlB, databaseUrl } = await twoApps();
    const started = await call(`${urlA}/v3/directline/conversations`, SHARED_ENV.DIRECTLINE_SECRET, {});
    expect(started.status).toBe(201);
    const conversationId = started.json.conversationId as string;
    const token = started.json.token as string;

    // A answers the question, then stops, so B is the only one left to answer the follow-up,
    // which names no procedure: only the state A stored says which one "the fee" is about.
    const first = await ask(urlA, conversationId, token, 'đăng ký khai sinh cho con cần giấy tờ gì');
    expect(first).toMatch(/khai sinh/i);
    const aDb = a.assistant.db.name;
    await a.close();
    apps.splice(apps.indexOf(a), 1);
    const fee = await ask(urlB, conversationId, token, 'thế lệ phí bao nhiêu?');
    expect(fee).toContain('5.000 đồng');
    expect(fee).toContain('8.000 đồng');

    const look = new pg.Client({ connectionString: databaseUrl });
    await look.connect();
    try {
      const rows = (await look.query<{ key: string; data: string }>('SELECT key, data FROM bot_state')).rows;
      expect(rows.some((r) => r.key.includes(conversationId))).toBe(true);
      for (const r of rows) expect(r.data.startsWith('{')).toBe(false);
    } finally {
      await look.end();
    }
    for (const file of [aDb, b.assistant.db.name]) {
      const lite = openDatabase(file);
      try {
        const table = lite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'bot_state'`).all();
        if (table.length > 0) expect(lite.prepare('SELECT COUNT(*) AS n FROM bot_state').get()).toEqual({ n: 0 });
      } finally {
        lite.close();
      }
    }
  });

  it('a follow-up reaching B while A is still answering the question waits for A, and reads the state A saved', async () => {
    // Each turn spends 300 ms in retrieval. Without one turn at a time per conversation, B's
    // turn would load the state before A saved it (no procedure under discussion yet) and the
    // later save would overwrite the other's (the SDK writes state with eTag '*').
    const { urlA, urlB } = await twoApps({ retrievalDelayMs: 300 });
    const started = await call(`${urlA}/v3/directline/conversations`, SHARED_ENV.DIRECTLINE_SECRET, {});
    const conversationId = started.json.conversationId as string;
    const token = started.json.token as string;
    const conv = (base: string) => `${base}/v3/directline/conversations/${encodeURIComponent(conversationId)}/activities`;
    const question = await call(conv(urlA), token, { type: 'message', text: 'đăng ký khai sinh cho con cần giấy tờ gì', from: { id: 'citizen-web' } });
    await new Promise((r) => setTimeout(r, 100)); // A is in its turn now
    const followUp = await call(conv(urlB), token, { type: 'message', text: 'thế lệ phí bao nhiêu?', from: { id: 'citizen-web' } });
    expect([question.status, followUp.status]).toEqual([200, 200]);
    let replies: WireActivity[] = [];
    await waitFor(
      async () => {
        replies = ((await call(conv(urlB), token)).json.activities as WireActivity[]).filter((x) => x.type === 'message' && x.from.role === 'bot' && x.replyToId);
        return [question, followUp].every((p) => replies.some((r) => r.replyToId === p.json.id));
      },
      'a reply to both messages',
      20_000,
    );
    const feeReply = replies.filter((r) => r.replyToId === followUp.json.id).map((r) => r.text ?? '').join('\n');
    expect(feeReply).toContain('5.000 đồng');
  });

  it('two retention runners sweeping at once run one sweep: B, asked while A sweeps, is told at once', async () => {
    const { a, b, databaseUrl } = await twoApps();
    const look = new pg.Client({ connectionString: databaseUrl });
    await look.connect();
    try {
      // Each process has its runner; their start-up sweeps done first. A's pass is then held
      // inside the sweep by a lock on bot_state while B is asked to sweep.
      await Promise.all([a.server.retention.trySweep(), b.server.retention.trySweep()]);
      await look.query('BEGIN');
      await look.query('LOCK TABLE bot_state IN ACCESS EXCLUSIVE MODE');
      const sweepA = a.server.retention.trySweep();
      await waitFor(
        async () => (await look.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).rows.length > 0,
        "A's sweep waiting on bot_state",
        5000,
      );
      const sweepB = await Promise.race([b.server.retention.trySweep(), new Promise<'waited'>((r) => setTimeout(() => r('waited'), 3000))]);
      expect(sweepB).toEqual({ ran: false });
      await look.query('COMMIT');
      const doneA = await sweepA;
      expect(doneA.ran).toBe(true);
      expect(Object.keys(doneA.ran ? doneA.value : {})).toEqual(expect.arrayContaining(['bot-state', 'directline-transcript']));
      // The lock is free again: the next round runs, on B this time.
      expect((await b.server.retention.trySweep()).ran).toBe(true);
    } finally {
      await look.query('ROLLBACK').catch(() => undefined);
      await look.end();
    }
  });
});
