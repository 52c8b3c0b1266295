import { ActivityHandler } from '@microsoft/agents-hosting';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { randomBytes, randomUUID } from 'node:crypto';
import type { LawyerConsole } from '../channels/console/lawyer-system.js';
import { ConsoleClient } from '../channels/console/testing/console-client.js';
import type { ChannelParts } from '../channels/parts.js';
import { createSealedBox } from '../storage/crypto.js';
import type { Db } from '../storage/sqlite.js';
import { DIRECTLINE_TEST_SECRET, startDirectLineServer } from '../test/directline-server.js';
import { createLegalAid, legalAidBox } from './legal-aid.js';
import { createSilentLogger } from './logger.js';

/**
 * Behind a reverse proxy every citizen arrives from the proxy's address. With TRUST_PROXY
 * the server believes the proxy's X-Forwarded-For, and every limiter (Direct Line HTTP,
 * WebSocket upgrades) keys on the real client, so junk from one client cannot lock the
 * others out. A real server on port 0; the test client plays the proxy on loopback.
 */

const SECRET = DIRECTLINE_TEST_SECRET;
let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

class QuietBot extends ActivityHandler {}

async function start(
  env: Record<string, string> = {},
  directLine?: Parameters<typeof startDirectLineServer>[0]['directLine'],
  parts?: (db: Db) => Promise<ChannelParts[]>,
) {
  const dl = await startDirectLineServer({ bot: new QuietBot(), env, directLine, parts });
  cleanup.push(() => dl.stop());
  return { url: dl.url, server: dl };
}

/** The lawyer console over legal aid on the server's database (no scheduler, no notifications). */
async function consoleOn(db: Db, take: (c: LawyerConsole) => void): Promise<ChannelParts> {
  const aid = await createLegalAid({
    db,
    box: legalAidBox(createSealedBox(randomBytes(32))),
    now: () => new Date(),
    newId: () => randomUUID(),
    logger: createSilentLogger(),
    senders: () => undefined,
  });
  const console = aid.console({ channelStatus: () => [] });
  take(console);
  return console;
}

async function conversation(url: string, forwardedFor: string): Promise<{ conversationId: string; token: string }> {
  const res = await fetch(`${url}/v3/directline/conversations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${SECRET}`, 'x-forwarded-for': forwardedFor },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { conversationId: string; token: string };
}

/** Opens a stream through the "proxy"; resolves with 'open' or the refusal's status code. */
function upgrade(url: string, conversationId: string, token: string, forwardedFor: string): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/v3/directline/conversations/${conversationId}/stream?t=${encodeURIComponent(token)}`, {
      headers: { 'x-forwarded-for': forwardedFor },
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

describe('TRUST_PROXY and rate limits behind a proxy', () => {
  it('junk upgrades from one client do not lock other citizens out of their streams', async () => {
    const tight = { perIp: { capacity: 30, refillPerSecond: 0.001 } };
    const { url } = await start({ TRUST_PROXY: 'loopback' }, { limits: tight, streamLimits: { refusedPerClient: { capacity: 5, refillPerSecond: 0.001 } } });
    const citizen = await conversation(url, '198.51.100.9');
    const attacker = '203.0.113.7';
    const junk = await Promise.all(Array.from({ length: 60 }, () => upgrade(url, citizen.conversationId, 'not-a-token', attacker)));
    expect(junk.filter((s) => s === 429).length).toBeGreaterThanOrEqual(50);
    expect(junk).not.toContain('open');
    // The citizen, behind the same proxy, still gets a stream.
    expect(await upgrade(url, citizen.conversationId, citizen.token, '198.51.100.9')).toBe('open');
  });

  it('limits stream upgrades per conversation after the token is verified', async () => {
    const { url } = await start({ TRUST_PROXY: 'loopback' }, { streamLimits: { perConversation: { capacity: 3, refillPerSecond: 0.001 } } });
    const a = await conversation(url, '198.51.100.10');
    const b = await conversation(url, '198.51.100.11');
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await upgrade(url, a.conversationId, a.token, '198.51.100.10'));
    expect(results).toEqual(['open', 'open', 'open', 429, 429]);
    // Another conversation from the same address has its own budget.
    expect(await upgrade(url, b.conversationId, b.token, '198.51.100.10')).toBe('open');
  });

  it('keys HTTP limits on the forwarded client only when the proxy is trusted', async () => {
    const tight = { perIp: { capacity: 3, refillPerSecond: 0.001 } };
    const trusted = await start({ TRUST_PROXY: 'loopback' }, { limits: tight });
    for (let i = 0; i < 3; i++) await conversation(trusted.url, '198.51.100.20');
    const over = await fetch(`${trusted.url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${SECRET}`, 'x-forwarded-for': '198.51.100.20' } });
    expect(over.status).toBe(429);
    expect((await fetch(`${trusted.url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${SECRET}`, 'x-forwarded-for': '198.51.100.21' } })).status).toBe(201);

    // Not trusted: a forged X-Forwarded-For does not buy a fresh bucket.
    const direct = await start({ TRUST_PROXY: 'false' }, { limits: tight });
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await fetch(`${direct.url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${SECRET}`, 'x-forwarded-for': `198.51.100.${30 + i}` } })).status);
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
  });
});

describe('console login behind the proxy', () => {
  it('throttles the guessing address, not the lawyer behind the same proxy', async () => {
    let users!: LawyerConsole['users'];
    const { url } = await start({ TRUST_PROXY: 'loopback' }, undefined, async (db) => [await consoleOn(db, (c) => (users = c.users))]);
    await users.create({ username: 'dieu-phoi', password: 'mat-khau-dung-1', role: 'coordinator' });
    const attacker = new ConsoleClient(url, { 'x-forwarded-for': '203.0.113.50' });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await attacker.login(`khong-ton-tai-${i}`, 'doan-mo-mat-khau')).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    const lawyer = new ConsoleClient(url, { 'x-forwarded-for': '198.51.100.60' });
    expect((await lawyer.login('dieu-phoi', 'mat-khau-dung-1')).status).toBe(303);
  });
});

describe('security headers and secrets in URLs', () => {
  it('sends HSTS only over TLS (here: https at a trusted proxy)', async () => {
    const { url } = await start({ TRUST_PROXY: 'loopback' });
    const viaTls = await fetch(`${url}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(viaTls.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect((await fetch(`${url}/healthz`)).headers.get('strict-transport-security')).toBeNull();
  });

  it('refuses an admin token in the query string before any route sees it', async () => {
    const { url } = await start({ ADMIN_TOKEN: 'admin-token-0123456789' });
    const res = await fetch(`${url}/zalo/oauth/start?admin_token=admin-token-0123456789`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('admin_token_in_query');
  });

  it('puts a locked-down CSP on the OAuth callback page', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/zalo/oauth/callback?code=x&state=y`);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});
