import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeCatalogue, FakeRetriever } from '../bot/testing/fake-retrieval.js';
import { createAssistant, type Assistant } from './assistant.js';
import { loadConfig } from './config.js';
import { createSilentLogger } from './logger.js';
import { createServer, type AppServer } from './server.js';

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
  const server = createServer({ config, assistant, logger: createSilentLogger() });
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
