import { ActivityHandler } from '@microsoft/agents-hosting';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DIRECTLINE_TEST_SECRET, startDirectLineServer } from '../../test/directline-server.js';

/**
 * The endpoint's per-address limit on stream upgrades keys on the client address the server
 * resolved through the trusted proxy (passed to `handleUpgrade`), not on the socket address:
 * behind a proxy every socket comes from the proxy.
 */
const SECRET = DIRECTLINE_TEST_SECRET;
let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

class QuietBot extends ActivityHandler {}

async function start() {
  // TRUST_PROXY defaults to loopback: the test client plays the proxy.
  const dl = await startDirectLineServer({
    bot: new QuietBot(),
    directLine: {
      // Three requests per client address, practically no refill; streams per conversation unlimited.
      limits: { perIp: { capacity: 3, refillPerSecond: 0.0001 } },
      streamLimits: { perConversation: { capacity: 100, refillPerSecond: 100 } },
    },
  });
  cleanup.push(() => dl.stop());
  return dl.url;
}

async function conversation(url: string, client: string): Promise<{ conversationId: string; token: string }> {
  const res = await fetch(`${url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${SECRET}`, 'x-forwarded-for': client } });
  expect(res.status).toBe(201);
  return (await res.json()) as { conversationId: string; token: string };
}

function upgrade(url: string, c: { conversationId: string; token: string }, client: string): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/v3/directline/conversations/${c.conversationId}/stream?t=${encodeURIComponent(c.token)}`, {
      headers: { 'x-forwarded-for': client },
    });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.on('error', () => resolve(0));
  });
}

describe('Direct Line stream upgrades behind a proxy', () => {
  it('the per-address limit counts each client behind the proxy on its own', async () => {
    const url = await start();
    const a = await conversation(url, '198.51.100.1');
    const b = await conversation(url, '198.51.100.2');
    // Client A: one request spent on the conversation, two streams, then its bucket is empty.
    expect(await upgrade(url, a, '198.51.100.1')).toBe('open');
    expect(await upgrade(url, a, '198.51.100.1')).toBe('open');
    expect(await upgrade(url, a, '198.51.100.1')).toBe(429);
    // Client B, through the same proxy socket address, still has its own.
    expect(await upgrade(url, b, '198.51.100.2')).toBe('open');
    expect(await upgrade(url, b, '198.51.100.2')).toBe('open');
  });
});
