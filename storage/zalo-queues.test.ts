import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelQueues } from '../bot/ports/index.js';
import { createSealedBox } from './crypto.js';
import { openDatabase, type Db } from './sqlite.js';
import { sqliteZaloQueues } from './zalo-queues.js';

/** The SQLite implementations of the channel-queue ports, on a real database file. */
const box = createSealedBox(Buffer.alloc(32, 3));
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

function open(): { db: Db; queues: ChannelQueues } {
  const db = openDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zalo-queues-')), 'q.sqlite'));
  dbs.push(db);
  return { db, queues: sqliteZaloQueues(db, box) };
}

const event = (key: string, userId: string, now: number) => ({ dedupeKey: key, userId, eventName: 'user_send_text', body: `{"k":"${key}"}`, now });

describe('inbox port (SQLite)', async () => {
  it('deduplicates, hands out one event per user in order, and lets a dead lease be taken over', async () => {
    const { queues } = open();
    const { inbox } = queues;
    expect(await inbox.add(event('a1', 'a', 1))).toBe(true);
    expect(await inbox.add(event('a1', 'a', 2))).toBe(false);
    await inbox.add(event('a2', 'a', 3));
    await inbox.add(event('b1', 'b', 4));
    const first = await inbox.claim('w1', 10, 100, 10);
    expect(first.map((e) => e.dedupeKey)).toEqual(['a1', 'b1']);
    expect(first[0]!.body).toBe('{"k":"a1"}');
    // a2 waits for a1; nothing else is claimable before the lease ends.
    expect(await inbox.claim('w2', 50, 100, 10)).toEqual([]);
    const taken = await inbox.claim('w2', 111, 100, 10);
    expect(taken.map((e) => [e.dedupeKey, e.attempts])).toEqual([['a1', 2], ['b1', 2]]);
    expect(await inbox.complete(taken[0]!.id, 'w1', 112)).toBe(false);
    expect(await inbox.complete(taken[0]!.id, 'w2', 112)).toBe(true);
    expect((await inbox.claim('w2', 113, 100, 10)).map((e) => e.dedupeKey)).toEqual(['a2']);
    expect(await inbox.counts()).toMatchObject({ done: 1, processing: 2 });
  });

  it('seals bodies at rest', async () => {
    const { db, queues } = open();
    await queues.inbox.add({ ...event('s1', 'u', 1), body: '{"text":"số CCCD 001099012345"}' });
    const raw = db.prepare(`SELECT body FROM zalo_inbox`).get() as { body: string };
    expect(raw.body).not.toContain('001099012345');
    expect((await queues.inbox.claim('w', 2, 100, 1))[0]!.body).toContain('001099012345');
  });
});

describe('outbox port (SQLite)', () => {
  it('enqueue inside atomically rolls back with the rest of the transaction', async () => {
    const { queues } = open();
    const { inbox, outbox, atomically } = queues;
    await inbox.add(event('e1', 'u', 1));
    const [ev] = await inbox.claim('w', 2, 100, 1);
    await expect(
      atomically(async (tx) => {
        await tx.outbox.enqueue('u', `reply:${ev!.id}`, ['{"kind":"message","message":{"text":"x"}}'], 3, { deliverBy: 1000 });
        throw new Error('crash before completing the event');
      }),
    ).rejects.toThrow('crash');
    expect((await outbox.counts()).pending).toBe(0);
    await atomically(async (tx) => {
      expect(await tx.inbox.complete(ev!.id, 'w', 4)).toBe(true);
      await tx.outbox.enqueue('u', `reply:${ev!.id}`, ['{"kind":"message","message":{"text":"x"}}'], 4, { deliverBy: 1000 });
    });
    expect((await outbox.counts()).pending).toBe(1);
  });

  it('runs concurrent atomically callers on one connection one after the other, a failed one rolled back alone', async () => {
    const { db, queues } = open();
    // A second view over the same connection (as the erasure holders build) shares its turn.
    const other = sqliteZaloQueues(db, box);
    const order: string[] = [];
    const payload = ['{"kind":"message","message":{"text":"x"}}'];
    const slow = (name: string, fail: boolean) =>
      (name === 'b' ? other : queues).atomically(async (tx) => {
        order.push(`${name}:begin`);
        await tx.outbox.enqueue(name, 'proactive', payload, 1, { deliverBy: 1000 });
        await new Promise((r) => setTimeout(r, 20));
        await tx.outbox.enqueue(name, 'proactive', payload, 2, { deliverBy: 1000 });
        order.push(`${name}:end`);
        if (fail) throw new Error(`${name} fails`);
        return name;
      });
    const results = await Promise.allSettled([slow('a', false), slow('b', true), slow('c', false)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(order).toEqual(['a:begin', 'a:end', 'b:begin', 'b:end', 'c:begin', 'c:end']);
    expect((await queues.outbox.listForUser('a')).length).toBe(2);
    expect((await queues.outbox.listForUser('b')).length).toBe(0);
    expect((await queues.outbox.listForUser('c')).length).toBe(2);
    expect(db.inTransaction).toBe(false);
  });

  it('sends each user in order, counts real failures only, and keeps final states for operators', async () => {
    const { queues } = open();
    const { outbox } = queues;
    const [m1, m2] = await outbox.enqueue('u', 'proactive', ['{"n":1}', '{"n":2}'], 1, { deliverBy: 10_000, tag: 'handoff:7' });
    const [c1] = await outbox.claim('w', 2, 100, 10);
    expect(c1!.id).toBe(m1);
    expect(await outbox.retryLater(m1!, 'w', 50, { code: -32, message: 'rate limited' }, { countFailure: false })).toBe(true);
    const [again] = await outbox.claim('w', 60, 100, 10);
    expect([again!.id, again!.failures]).toEqual([m1, 0]);
    await outbox.retryLater(m1!, 'w', 70, { code: null, message: 'network' }, { countFailure: true });
    const [third] = await outbox.claim('w', 80, 100, 10);
    expect(third!.failures).toBe(1);
    expect(await outbox.markDelivered(m1!, 'w', 81, 'zmsg-1')).toBe(true);
    expect(await outbox.hasZaloMessageId('zmsg-1')).toBe(true);
    const [next] = await outbox.claim('w', 82, 100, 10);
    expect(next!.id).toBe(m2);
    expect(await outbox.finish(m2!, 'w', 'undeliverable', 83, 'unfollowed', { code: -213, message: 'unfollowed' })).toBe(true);
    expect((await outbox.listProblems()).map((r) => [r.id, r.reason])).toEqual([[m2, 'unfollowed']]);
    expect((await outbox.byTag('handoff:7')).map((r) => r.status)).toEqual(['delivered', 'undeliverable']);
    expect(await outbox.eraseUser('u')).toBe(2);
  });
});

describe('OA token store port (SQLite)', async () => {
  it('never writes tokens in clear and still reads a pair written in clear by an old version', async () => {
    const { db, queues } = open();
    await queues.tokens.save({ accessToken: 'access-secret', refreshToken: 'refresh-secret', accessExpiresAt: 5000, now: 1 });
    const row = db.prepare(`SELECT access_token, refresh_token FROM zalo_tokens`).get() as Record<string, string>;
    expect(JSON.stringify(row)).not.toContain('secret');
    expect(await queues.tokens.get()).toMatchObject({ accessToken: 'access-secret', refreshToken: 'refresh-secret', status: 'ok' });
    db.prepare(`UPDATE zalo_tokens SET access_token = 'legacy-access', refresh_token = 'legacy-refresh'`).run();
    expect(await queues.tokens.get()).toMatchObject({ accessToken: 'legacy-access', refreshToken: 'legacy-refresh' });
  });

  it('serialises refreshes with a lease and takes a pending consent once', async () => {
    const { queues } = open();
    const { tokens } = queues;
    expect(await tokens.tryLease('refresh', 'p1', 100, 1000)).toBe(true);
    expect(await tokens.tryLease('refresh', 'p2', 200, 1000)).toBe(false);
    expect(await tokens.tryLease('refresh', 'p2', 1101, 1000)).toBe(true);
    await tokens.addPending({ state: 's', verifier: 'v', sessionHash: 'h', createdAt: 100 });
    expect(await tokens.takePending('s', 50)).toMatchObject({ verifier: 'v' });
    expect(await tokens.takePending('s', 50)).toBeUndefined();
  });
});
