import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { fromLocal } from '../bot/handoff/index.js';
import { lawyer, newCase, point, shift } from '../bot/handoff/testing/fixtures.js';
import { FakeCatalogue, FakeRetriever } from '../bot/testing/fake-retrieval.js';
import { ConsoleClient } from '../channels/console/testing/console-client.js';
import { tempDir, waitFor } from '../channels/zalo/fake/harness.js';
import { createTestDatabase, probePostgres } from '../storage/contract/engines.js';
import { PgConsoleUsers, pgDb } from '../storage/postgres/index.js';
import { composeApp, type ComposedApp } from './compose.js';
import { loadConfig } from './config.js';
import { DEFAULT_LOGIN_LIMITS } from '../channels/console/routes/auth.js';
import { createSilentLogger } from './logger.js';

/**
 * Issue 16: two app processes on one database share their rate limits (the console's login
 * throttle is one budget, whichever process a load balancer sends an attempt to) and the
 * lawyer console's live events (a lawyer streaming a case from A sees the citizen's message
 * that B received). Both fail with in-process stores and bus.
 */
const skipReason = await probePostgres();
if (skipReason) console.warn(`[shared limits and console events on PostgreSQL] skipped: ${skipReason}`);

/** What two processes behind a load balancer share besides the database. */
const SHARED_ENV = {
  NODE_ENV: 'test',
  DIRECTLINE_SECRET: 'compose-limits-secret-0123456789abcdef',
  PROFILE_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('hex'),
};
/** Monday 09:00 in Hà Nội: lawyer L1 is on duty at ward 00004. */
const MONDAY_9 = fromLocal('2026-11-30', '09:00');
const PW = 'mat-khau-thu-nghiem-1';

async function composeOn(databaseUrl: string): Promise<ComposedApp> {
  const dir = tempDir('limits-');
  const catalogue = new FakeCatalogue();
  return composeApp({
    config: loadConfig({ ...SHARED_ENV, DATA_DIR: dir, DATABASE_URL: databaseUrl }),
    logger: createSilentLogger(),
    assistant: { catalogue, retriever: new FakeRetriever(catalogue), databaseFile: path.join(dir, 'tthc.sqlite'), clock: () => new Date(MONDAY_9) },
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

describe.skipIf(skipReason !== undefined)(`two processes on one database share limits and console events${skipReason ? ` (SKIPPED: ${skipReason})` : ''}`, () => {
  const apps: ComposedApp[] = [];
  const drops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.close();
    for (const drop of drops.splice(0)) await drop();
  });

  async function twoApps(): Promise<{ a: ComposedApp; b: ComposedApp; urlA: string; urlB: string; db: string }> {
    const db = await createTestDatabase('t_lim');
    drops.push(db.drop);
    const a = await composeOn(db.url);
    apps.push(a);
    const b = await composeOn(db.url);
    apps.push(b);
    return { a, b, urlA: (await a.server.listen(0, '127.0.0.1')).url, urlB: (await b.server.listen(0, '127.0.0.1')).url, db: db.url };
  }

  it('wrong passwords alternating between A and B draw on one budget: the attempt after it is refused with 429 on either', async () => {
    const { urlA, urlB } = await twoApps();
    const budget = DEFAULT_LOGIN_LIMITS.perAccount.capacity;
    // An unknown name: every attempt is a plain wrong password (no account lockout to mix in).
    const name = 'ke-do-mat-khau';
    const clients = [new ConsoleClient(urlA), new ConsoleClient(urlB)];
    const statuses: number[] = [];
    for (let i = 0; i < budget; i++) statuses.push((await clients[i % 2]!.login(name, `sai-mat-khau-${i}`)).status);
    expect(statuses).toEqual(Array(budget).fill(401));
    // Each process alone has seen only half the budget; together they have used all of it.
    for (const c of clients) {
      const refused = await c.login(name, 'sai-mat-khau-tiep');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.text).toContain('đăng nhập quá nhiều lần');
    }
  });

  it("a lawyer streaming a case from A sees, within a second, the citizen's message that arrived on B", async () => {
    const { a, b, urlA, urlB, db } = await twoApps();
    const legalAid = a.assistant.legalAid!;
    await legalAid.rota.upsertServicePoints([point('00004', ['00008']), point('00008', ['00004'])]);
    await legalAid.rota.importRota({ lawyers: [lawyer('L1', { name: 'Nguyễn Văn Mẫu' })], schedule: { shifts: [shift('L1', '00004', 1)], exceptions: [] } });
    // The lawyer's account, in the database the console reads under DATABASE_URL.
    const pool = new pg.Pool({ connectionString: db, max: 1 });
    try {
      await new PgConsoleUsers(pgDb(pool)).create({ username: 'ls1', password: PW, role: 'lawyer', lawyerId: 'L1' });
    } finally {
      await pool.end();
    }

    // A citizen's web chat conversation, and a live case on it held by L1.
    const { json: conv } = await directLine(`${urlA}/v3/directline/conversations`, SHARED_ENV.DIRECTLINE_SECRET, {});
    const conversationId = conv.conversationId as string;
    const token = conv.token as string;
    const address = { channelId: 'directline', conversationId, userId: 'citizen-web', reference: {} };
    const { case: opened } = await legalAid.service.openCase(newCase({ servicePoint: '00004', urgency: 'routine', address }));
    expect(opened.lawyerId).toBe('L1');
    await legalAid.service.accept(opened.id, 'L1');
    expect((await b.assistant.legalAid!.service.getCase(opened.id))?.status).toBe('live');

    const ls1 = new ConsoleClient(urlA);
    expect((await ls1.login('ls1', PW)).status).toBe(303);
    const ctrl = new AbortController();
    const stream = await fetch(`${urlA}/console/cases/${encodeURIComponent(opened.id)}/events`, { headers: { cookie: ls1.cookieHeader() }, signal: ctrl.signal });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    let got = '';
    const pump = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        got += new TextDecoder().decode(value);
      }
    })().catch(() => undefined);
    try {
      // The citizen writes through B: B's bot finds the live case and stores the message.
      const posted = await directLine(`${urlB}/v3/directline/conversations/${encodeURIComponent(conversationId)}/activities`, token, {
        type: 'message',
        text: 'Nhà bên cạnh xây lấn sang đất tôi',
        from: { id: 'citizen-web' },
      });
      expect(posted.status).toBe(200);
      await waitFor(async () => (await b.assistant.legalAid!.service.transcript(opened.id)).some((e) => e.from === 'citizen'), 'the message stored by B', 10_000);
      const storedAt = Date.now();
      await waitFor(() => got.includes('xây lấn'), "the citizen's message on A's stream", 1_000);
      expect(Date.now() - storedAt).toBeLessThan(1_000);
      expect(got).toContain('event: transcript');
      // Once: A's own announcement and B's are not both shown.
      expect(got.split('xây lấn').length - 1).toBe(1);
    } finally {
      ctrl.abort();
      await pump;
    }
  });
});
