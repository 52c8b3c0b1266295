import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeCatalogue, FakeRetriever } from '../bot/testing/fake-retrieval.js';
import { createAssistant, type Assistant } from './assistant.js';
import { loadConfig } from './config.js';
import { composeServer, type AppServer } from './compose.js';
import { createSilentLogger } from './logger.js';

/**
 * "Xoá dữ liệu của tôi" must reach every holder of the citizen's data, not only the
 * prefill profile: here the Direct Line transcript of a real server on port 0 with the
 * real assistant (fixture catalogue) and real SQLite in a temp dir.
 */

const SECRET = 'test-secret-0123456789abcdef';
const ID_NUMBER = '001090012345';

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

async function startApp(): Promise<{ url: string; assistant: Assistant; server: AppServer }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tthc-erasure-'));
  const config = loadConfig({ DATA_DIR: dir, DIRECTLINE_SECRET: SECRET, NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const catalogue = new FakeCatalogue();
  const assistant = await createAssistant({ config, logger: createSilentLogger(), catalogue, retriever: new FakeRetriever(catalogue) });
  const server = composeServer({ config, assistant, logger: createSilentLogger() });
  const { url } = await server.listen(0, '127.0.0.1');
  cleanup.push(async () => {
    await server.close();
    await assistant.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { url, assistant, server };
}

interface Activity {
  type: string;
  text?: string;
  from: { id: string; role?: string };
}

async function json<T>(res: Response): Promise<T> {
  expect(res.ok, `${res.status} ${await res.clone().text()}`).toBe(true);
  return (await res.json()) as T;
}

/** Sends one message and waits until the bot has answered it (polling, as Web Chat can). */
async function say(url: string, conv: { conversationId: string; token: string }, text: string): Promise<Activity[]> {
  const headers = { authorization: `Bearer ${conv.token}`, 'content-type': 'application/json' };
  const base = `${url}/v3/directline/conversations/${conv.conversationId}/activities`;
  const before = await json<{ activities: Activity[] }>(await fetch(base, { headers }));
  await json(await fetch(base, { method: 'POST', headers, body: JSON.stringify({ type: 'message', from: { id: 'dl_citizen' }, text }) }));
  for (let i = 0; i < 200; i++) {
    const now = await json<{ activities: Activity[] }>(await fetch(base, { headers }));
    const fresh = now.activities.slice(before.activities.length);
    if (fresh.some((a) => a.type === 'message' && a.from.id !== 'dl_citizen')) return now.activities;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no reply to "${text}"`);
}

describe('deletion on request reaches the chat transcript', () => {
  it('erases earlier messages (with an ID number) and confirms, and the conversation goes on', async () => {
    const { url, assistant } = await startApp();
    const conv = await json<{ conversationId: string; token: string }>(
      await fetch(`${url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${SECRET}` } }),
    );

    const first = await say(url, conv, `Số định danh của tôi là ${ID_NUMBER}, đăng ký khai sinh cần giấy tờ gì?`);
    expect(JSON.stringify(first)).toContain(ID_NUMBER);

    const after = await say(url, conv, 'Xoá dữ liệu của tôi');
    const transcript = JSON.stringify(after);
    expect(transcript).not.toContain(ID_NUMBER);
    expect(transcript).toContain('Nội dung đã được xoá theo yêu cầu.');
    const last = after.filter((a) => a.type === 'message').at(-1)!;
    expect(last.text).toMatch(/đã xoá nội dung trò chuyện/);

    const rows = assistant.db.prepare("SELECT json FROM directline_activities WHERE json LIKE '%' || ? || '%'").all(ID_NUMBER);
    expect(rows).toEqual([]);

    // The conversation is still usable after the erasure.
    const again = await say(url, conv, 'đăng ký khai sinh');
    expect(again.filter((a) => a.type === 'message').at(-1)!.text).toContain('1.001193');
  });
});

describe('an ID number typed to the real bot: sealed at rest, gone after erasure', () => {
  it('never appears in the SQLite file or its WAL, and no store opens to it after "Xoá dữ liệu của tôi"', async () => {
    const { url, assistant } = await startApp();
    const { SqliteDirectLineStore } = await import('../storage/directline-store.js');
    const dbFile = assistant.db.name;
    const fileBytes = () =>
      Buffer.concat(['', '-wal', '-shm'].map((suffix) => (fs.existsSync(dbFile + suffix) ? fs.readFileSync(dbFile + suffix) : Buffer.alloc(0))));
    const transcript = new SqliteDirectLineStore(assistant.db, assistant.secrets.forPurpose('directline-transcript'));
    const conv = await json<{ conversationId: string; token: string }>(
      await fetch(`${url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${SECRET}` } }),
    );

    await say(url, conv, 'Tôi muốn làm giấy khai sinh cho con');
    await say(url, conv, `Số định danh của tôi là ${ID_NUMBER}, số điện thoại 0912345678`);
    // Planted: the transcript opens to it…
    expect((await transcript.listAfter(conv.conversationId, 0)).some((a) => a.json.includes(ID_NUMBER))).toBe(true);
    // The conversation has state (the form being filled; bot/forms seals its answers inside).
    const stateKeys = () => (assistant.db.prepare('SELECT key FROM bot_state').all() as Array<{ key: string }>).map((r) => r.key);
    expect(stateKeys().some((k) => k.includes(conv.conversationId))).toBe(true);
    // …but not one byte of the database file or its WAL shows it.
    expect(fileBytes().includes(ID_NUMBER)).toBe(false);
    expect(fileBytes().includes('0912345678')).toBe(false);

    await say(url, conv, 'Xoá dữ liệu của tôi');
    assistant.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(fileBytes().includes(ID_NUMBER)).toBe(false);
    // With the key: the transcript, the turn log and the bot state hold it no more.
    expect((await transcript.listAfter(conv.conversationId, 0)).some((a) => a.json.includes(ID_NUMBER))).toBe(false);
    expect(JSON.stringify(await assistant.turnLog.recent(conv.conversationId))).not.toContain(ID_NUMBER);
    const keys = stateKeys();
    if (keys.length) expect(JSON.stringify(await assistant.storage.read(keys))).not.toContain(ID_NUMBER);
    expect(JSON.stringify(await assistant.feedback.list())).not.toContain(ID_NUMBER);
  });
});

describe('retention runs on a schedule', () => {
  it('one runner, started with the server, purges every store past its period', async () => {
    const { server } = await startApp();
    expect(server.retention.taskNames).toEqual(
      expect.arrayContaining(['turn-log', 'feedback', 'bot-state', 'cases', 'directline-transcript', 'zalo-queues', 'console-sessions']),
    );
    const swept = await server.retention.sweep();
    expect(Object.keys(swept).length).toBe(server.retention.taskNames.length);
  });
});
