import fs from 'node:fs';
import { ActivityHandler } from '@microsoft/agents-hosting';
import { afterEach, describe, expect, it } from 'vitest';
import { DIRECTLINE_TEST_SECRET, startDirectLineServer, type DirectLineServer } from '../../test/directline-server.js';

/**
 * One process on SQLite: a message its previous life accepted and leased (the lease still
 * running, the process gone) is answered as soon as the process starts again, not when the
 * lease would have run out; while a lease is held by someone else, a running process leaves it.
 */

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (ctx, next) => {
      await ctx.sendActivity(`Dạ, anh/chị hỏi: ${ctx.activity.text}`);
      await next();
    });
  }
}

const servers: DirectLineServer[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function activities(url: string, conversationId: string, token: string): Promise<Array<{ text?: string; replyToId?: string; from: { role: string } }>> {
  const res = await fetch(`${url}/v3/directline/conversations/${conversationId}/activities`, { headers: { authorization: `Bearer ${token}` } });
  return ((await res.json()) as { activities: Array<{ text?: string; replyToId?: string; from: { role: string } }> }).activities;
}

describe('Direct Line recovery on one SQLite process', () => {
  it('answers at start what its previous life accepted and still held, once', async () => {
    const first = await startDirectLineServer({ bot: new EchoBot(), directLine: { pendingLease: { leaseMs: 60 * 60_000, sweepMs: 50 } } });
    servers.push(first);
    const { conversationId, token } = (await (
      await fetch(`${first.url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${DIRECTLINE_TEST_SECRET}` } })
    ).json()) as { conversationId: string; token: string };
    // What a crash right after "200 {id}" leaves: the message stored, pending, leased for an hour.
    const accepted = await first.directLine.store.append({
      conversationId,
      role: 'user',
      state: 'pending',
      lease: { owner: 'previous-life', until: new Date(Date.now() + 60 * 60_000) },
      now: new Date(),
      render: (id) => JSON.stringify({ type: 'message', id, text: 'còn đó không', channelId: 'directline', conversation: { id: conversationId }, from: { id: 'dl_u', role: 'user' }, recipient: { id: 'tro-ly-tthc', role: 'bot' }, serviceUrl: 'urn:directline' }),
    });
    // A running process sweeps every 50 ms but leaves a lease that has not run out.
    await new Promise((r) => setTimeout(r, 300));
    expect((await activities(first.url, conversationId, token)).filter((a) => a.from.role === 'bot')).toHaveLength(0);
    // Stopped as a crash would leave it: the data directory stays (the lease is not released, it is not ours).
    const dataDir = first.dataDir;
    dirs.push(dataDir);
    servers.splice(0);
    await first.server.close();
    first.db.close();

    const again = await startDirectLineServer({ bot: new EchoBot(), dataDir, directLine: { pendingLease: { leaseMs: 60 * 60_000 } } });
    servers.push(again);
    const until = Date.now() + 5000;
    let replies: Array<{ text?: string; replyToId?: string }> = [];
    while (Date.now() < until) {
      replies = (await activities(again.url, conversationId, token)).filter((a) => a.replyToId === accepted.id);
      if (replies.length > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(replies.map((r) => r.text)).toEqual(['Dạ, anh/chị hỏi: còn đó không']);
    expect(await again.directLine.store.listPending()).toEqual([]);
  });
});
