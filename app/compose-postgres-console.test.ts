import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeCatalogue, FakeRetriever } from '../bot/testing/fake-retrieval.js';
import { ConsoleClient } from '../channels/console/testing/console-client.js';
import { tempDir, waitFor } from '../channels/zalo/fake/harness.js';
import { localDay } from '../storage/analytics-columns.js';
import { createTestDatabase, probePostgres } from '../storage/contract/engines.js';
import { run as usersAdd } from './commands/users-add.js';
import { composeApp, type ComposedApp } from './compose.js';
import { loadConfig } from './config.js';
import { createSilentLogger } from './logger.js';

/**
 * Issue 16: the console's accounts, sessions and access log, the turn log, feedback and the
 * city dashboard live in PostgreSQL under DATABASE_URL, so two app processes behind a load
 * balancer behave as one: an account added with `users:add` logs in on A, A's session cookie
 * works on B's dashboard, the access log is in the database, a turn answered by A counts on
 * B's dashboard, and none of it is in either process's SQLite file.
 */
const skipReason = await probePostgres();
if (skipReason) console.warn(`[console and dashboard on PostgreSQL] skipped: ${skipReason}`);

const SHARED_ENV = {
  NODE_ENV: 'test',
  DIRECTLINE_SECRET: 'compose-console-secret-0123456789abcdef',
  PROFILE_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('hex'),
};

async function composeOn(databaseUrl: string): Promise<ComposedApp> {
  const dir = tempDir('console-pg-');
  const catalogue = new FakeCatalogue();
  return composeApp({
    config: loadConfig({ ...SHARED_ENV, DATA_DIR: dir, DATABASE_URL: databaseUrl }),
    logger: createSilentLogger(),
    assistant: { catalogue, retriever: new FakeRetriever(catalogue), databaseFile: path.join(dir, 'tthc.sqlite') },
  });
}

/** `npm run tthc -- users:add …` in this process (the command reads DATABASE_URL and DATA_DIR from the environment); its output. */
async function addUser(env: Record<string, string>, args: string[]): Promise<{ code: number; out: string }> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    return { code: await usersAdd(args), out };
  } finally {
    write.mockRestore();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Rows of one table in a SQLite file, or none when the table does not exist there. */
function sqliteRows(app: ComposedApp, table: string): number {
  const exists = app.assistant.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
  return exists ? (app.assistant.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n : 0;
}

describe.skipIf(skipReason !== undefined)(`the console and the city dashboard on PostgreSQL, two processes${skipReason ? ` (SKIPPED: ${skipReason})` : ''}`, () => {
  const apps: ComposedApp[] = [];
  const drops: Array<() => Promise<void>> = [];
  const pools: pg.Pool[] = [];
  afterEach(async () => {
    for (const p of pools.splice(0)) await p.end();
    for (const a of apps.splice(0)) await a.close();
    for (const drop of drops.splice(0)) await drop();
  });

  it('users:add writes the account to the database; a login on A works on B; a turn answered on A counts on B\'s dashboard; nothing of it in SQLite', async () => {
    const db = await createTestDatabase('t_con');
    drops.push(db.drop);
    const a = await composeOn(db.url);
    apps.push(a);
    const b = await composeOn(db.url);
    apps.push(b);
    const urlA = (await a.server.listen(0, '127.0.0.1')).url;
    const urlB = (await b.server.listen(0, '127.0.0.1')).url;
    const sql = new pg.Pool({ connectionString: db.url, max: 1 });
    pools.push(sql);

    const added = await addUser({ ...SHARED_ENV, DATA_DIR: tempDir('users-add-'), DATABASE_URL: db.url }, ['phantich', 'analyst', '--name', 'Chuyên viên phân tích']);
    expect(added.code).toBe(0);
    expect(added.out).toContain('in PostgreSQL');
    const password = /\(shown once\): (\S+)/.exec(added.out)![1]!;
    expect((await sql.query('SELECT username, role FROM console_users')).rows).toEqual([{ username: 'phantich', role: 'analyst' }]);

    // Logs in on A; the cookie A set opens B's dashboard.
    const onA = new ConsoleClient(urlA);
    expect((await onA.login('phantich', password)).status).toBe(303);
    const onB = new ConsoleClient(urlB, { cookie: onA.cookieHeader() });
    const today = localDay(new Date());
    const window = `from=${localDay(new Date(Date.now() - 86_400_000))}&to=${today}`;
    const questions = async () => {
      const res = await onB.request('GET', `/console/dashboard/data.json?${window}`, { headers: { accept: 'application/json' } });
      expect(res.status).toBe(200);
      const data = JSON.parse(res.text) as { kpis: Array<{ label: string; value: string }> };
      return Number(data.kpis.find((k) => k.label === 'câu hỏi')!.value);
    };
    expect(await questions()).toBe(0);

    // A citizen asks on A's web chat; A's bot answers and logs the turn.
    const conv = await fetch(`${urlA}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${SHARED_ENV.DIRECTLINE_SECRET}` } });
    const { conversationId, token } = (await conv.json()) as { conversationId: string; token: string };
    const posted = await fetch(`${urlA}/v3/directline/conversations/${encodeURIComponent(conversationId)}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'cho tôi hỏi thủ tục cấp giấy phép bắn pháo hoa', from: { id: 'citizen-web' } }),
    });
    expect(posted.status).toBe(200);
    await waitFor(async () => Number((await sql.query('SELECT COUNT(*) AS n FROM turn_log')).rows[0].n) > 0, 'the turn in PostgreSQL', 15_000);
    expect(await questions()).toBe(1);
    // The page with examples opens the sealed text B did not write (the shared key) and is logged.
    expect((await onB.get(`/console/dashboard/?${window}`)).status).toBe(200);

    // Logging out on B ends the session on A too.
    expect((await onA.get(`/console/dashboard/?${window}`)).status).toBe(200);
    const bLogout = new ConsoleClient(urlB, { cookie: onA.cookieHeader() });
    expect((await bLogout.get('/console/dashboard/')).status).toBe(200);
    expect((await bLogout.post('/console/logout')).status).toBe(303);
    expect((await onA.get('/console/dashboard/')).status).toBe(303);

    const actions = (await sql.query('SELECT action, username, allowed FROM console_access_log ORDER BY id')).rows;
    expect(actions).toEqual(expect.arrayContaining([{ action: 'login', username: 'phantich', allowed: true }, { action: 'dashboard_examples', username: 'phantich', allowed: true }]));
    expect(Number((await sql.query('SELECT COUNT(*) AS n FROM console_sessions')).rows[0].n)).toBe(0);
    for (const app of [a, b]) {
      for (const table of ['console_users', 'console_sessions', 'console_access_log', 'turn_log', 'feedback', 'analytics_reviews']) expect(sqliteRows(app, table), table).toBe(0);
    }
  });
});
