import type { Activity as DlActivity, DirectLine } from 'botframework-directlinejs';
import { afterEach, describe, expect, it } from 'vitest';
import { createFixtureAssistant } from '../test/harness.js';
import { createNodeDirectLine } from '../channels/directline/testing/directline-client.js';
import { portalUrl } from '../knowledge/index.js';
import { loadConfig } from './config.js';
import { composeServer, type AppServer } from './compose.js';
import { createSilentLogger } from './logger.js';

/**
 * The real bot (fixture catalogue, real SQLite) behind the real server, asked over Direct
 * Line by Microsoft's client: the answer must cite the procedure retrieval ranks first.
 */

const SECRET = 'assistant-test-secret-0123456789';
let cleanup: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

async function startWithAssistant(): Promise<{ url: string; server: AppServer; assistant: Awaited<ReturnType<typeof createFixtureAssistant>> }> {
  const assistant = await createFixtureAssistant();
  const config = loadConfig({ DATA_DIR: assistant.dataDir, DIRECTLINE_SECRET: SECRET, NODE_ENV: 'test' });
  const server = composeServer({ config, assistant, logger: createSilentLogger() });
  const { url } = await server.listen(0, '127.0.0.1');
  // Cleanups run in reverse: the server stops before the assistant's storage closes.
  cleanup.push(() => assistant.cleanup(), () => server.close());
  return { url, server, assistant };
}

function ask(dl: DirectLine, text: string): Promise<string> {
  return new Promise((resolve, reject) => dl.postActivity({ type: 'message', from: { id: 'citizen' }, text } as DlActivity).subscribe(resolve, reject));
}

async function replyTo(got: DlActivity[], id: string, timeoutMs = 10_000): Promise<DlActivity & { text: string }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const a = got.find((x) => x.type === 'message' && (x as { replyToId?: string }).replyToId === id);
    if (a) return a as DlActivity & { text: string };
    if (Date.now() > until) throw new Error(`no reply to ${id}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the composed application', () => {
  it('is ready with every part composed: indexes, storage, the channels\' routes', async () => {
    const { url, server } = await startWithAssistant();
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { indexes: { state: 'ok' }, storage: { state: 'ok' } } });
    // Direct Line, the web pages, the lawyer console and the dashboard are mounted.
    expect((await fetch(`${url}/tra-cuu`)).status).toBe(200);
    expect((await fetch(`${url}/console/login`)).status).toBe(200);
    expect((await fetch(`${url}/console/dashboard`, { redirect: 'manual' })).status).toBe(303);
    expect((await fetch(`${url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${SECRET}` } })).status).toBe(201);
    // Web chat conversations route proactive messages to the Direct Line adapter.
    expect(server.proactive.channels()).toEqual(expect.arrayContaining(['directline', 'webchat']));
    // Starting the whole application (understanding model, statute index) dominates; on a busy machine it nears the default 30 s.
  }, 90_000);
});

describe('Direct Line with the real bot', () => {
  it.each([
    ['WebSocket', true],
    ['polling', false],
  ])('answers a question with a citation of the top-ranked procedure (%s)', async (_name, webSocket) => {
    const { url, assistant } = await startWithAssistant();
    const dl = createNodeDirectLine(url, { secret: SECRET, webSocket, pollingInterval: 200 });
    const got: DlActivity[] = [];
    dl.activity$.subscribe(
      (a) => got.push(a),
      () => undefined,
    );
    cleanup.push(async () => dl.end());

    const question = 'dang ky khai sinh cho con can giay to gi';
    const expected = (await assistant.retriever.search(question)).hits[0]!;
    const id = await ask(dl, question);
    const answer = await replyTo(got, id);
    expect(answer.from.role).toBe('bot');
    expect(answer.text).toContain(portalUrl(expected.code));
    // The welcome came first, and the conversation is persisted in order.
    expect(got[0]!.type).toBe('message');
    const seqs = got.filter((a) => a.type !== 'typing').map((a) => Number(a.id!.split('|')[1]));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });
});
