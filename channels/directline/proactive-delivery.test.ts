import { ActivityHandler } from '@microsoft/agents-hosting';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ConversationAddress } from '../../bot/index.js';
import { DIRECTLINE_TEST_SECRET, startDirectLineServer, type DirectLineServer } from '../../test/directline-server.js';

/**
 * A proactive message (a lawyer's reply) into a web chat conversation is `delivered` only when
 * a client's stream took it; with no client connected it is `pending`, and turns `delivered`
 * once a client fetched it (GET activities or a reconnecting stream's backlog). Driven through
 * the server's proactive registry, which passes the tag through and returns the report.
 */
const SECRET = DIRECTLINE_TEST_SECRET;
let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

class QuietBot extends ActivityHandler {}

async function start(): Promise<{ url: string; server: { proactive: DirectLineServer['proactive']; adapter: DirectLineServer['directLine']['adapter'] } }> {
  const dl = await startDirectLineServer({ bot: new QuietBot() });
  cleanup.push(() => dl.stop());
  return { url: dl.url, server: { proactive: dl.proactive, adapter: dl.directLine.adapter } };
}

async function conversation(url: string): Promise<{ conversationId: string; token: string }> {
  const res = await fetch(`${url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${SECRET}` } });
  expect(res.status).toBe(201);
  return (await res.json()) as { conversationId: string; token: string };
}

function addressOf(conversationId: string): ConversationAddress {
  return { channelId: 'webchat', conversationId, userId: 'citizen', reference: {} };
}

/** Opens a stream and collects the texts of the activities it receives. */
async function openStream(url: string, c: { conversationId: string; token: string }): Promise<{ texts: string[]; close(): void }> {
  const texts: string[] = [];
  const ws = new WebSocket(`${url.replace('http', 'ws')}/v3/directline/conversations/${c.conversationId}/stream?t=${encodeURIComponent(c.token)}`);
  ws.on('message', (data) => {
    const raw = String(data);
    if (!raw) return;
    for (const a of (JSON.parse(raw) as { activities: { text?: string }[] }).activities) if (a.text) texts.push(a.text);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  cleanup.push(async () => ws.close());
  return { texts, close: () => ws.close() };
}

describe('Direct Line proactive delivery report', () => {
  it('pending without a client, delivered once a client fetched it', async () => {
    const { url, server } = await start();
    const c = await conversation(url);
    // Let the conversation start (its greeting turn) settle; the quiet bot says nothing.
    await new Promise((r) => setTimeout(r, 50));
    const report = await server.proactive.send(addressOf(c.conversationId), [{ text: 'Luật sư Mẫu: anh/chị mang sổ đỏ nhé.' }], { tag: 'handoff:e1' });
    expect(report).toMatchObject({ state: 'pending' });
    expect(await server.adapter.deliveryStatus('handoff:e1')).toMatchObject({ state: 'pending' });
    expect(await server.adapter.deliveryStatus('handoff:unknown')).toBeUndefined();

    const res = await fetch(`${url}/v3/directline/conversations/${c.conversationId}/activities`, { headers: { authorization: `Bearer ${c.token}` } });
    const body = (await res.json()) as { activities: { text?: string }[] };
    expect(body.activities.map((a) => a.text)).toContain('Luật sư Mẫu: anh/chị mang sổ đỏ nhé.');
    expect(await server.adapter.deliveryStatus('handoff:e1')).toEqual({ state: 'delivered' });
  });

  it('delivered at once when the citizen has the chat open; a reconnect delivers what was pending', async () => {
    const { url, server } = await start();
    const c = await conversation(url);
    const stream = await openStream(url, c);
    const live = await server.proactive.send(addressOf(c.conversationId), [{ text: 'Luật sư Mẫu: chào anh/chị.' }], { tag: 'handoff:e2' });
    expect(live).toEqual({ state: 'delivered' });
    await expect.poll(() => stream.texts).toContain('Luật sư Mẫu: chào anh/chị.');

    stream.close();
    await new Promise((r) => setTimeout(r, 100));
    const later = await server.proactive.send(addressOf(c.conversationId), [{ text: 'Luật sư Mẫu: anh/chị còn ở đó không?' }], { tag: 'handoff:e3' });
    expect(later).toMatchObject({ state: 'pending' });
    const again = await openStream(url, c);
    await expect.poll(() => again.texts).toContain('Luật sư Mẫu: anh/chị còn ở đó không?');
    expect(await server.adapter.deliveryStatus('handoff:e3')).toEqual({ state: 'delivered' });
  });
});
