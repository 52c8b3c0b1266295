import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelQueues } from '../bot/ports/index.js';
import { createSealedBox } from './crypto.js';
import { openDatabase, type Db } from './sqlite.js';
import { SqliteZaloInbox } from './zalo-inbox.js';
import { SqliteZaloOutbox } from './zalo-outbox.js';
import { SqliteZaloTokenStore } from './zalo-token-store.js';

/** The SQLite implementations of the channel-queue ports, on a real database file. */
const box = createSealedBox(Buffer.alloc(32, 3));
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

function open(): { db: Db; queues: ChannelQueues } {
  const db = openDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zalo-queues-')), 'q.sqlite'));
  dbs.push(db);
  const cipher = box.forPurpose('zalo-queue');
  const queues: ChannelQueues = {
    inbox: new SqliteZaloInbox(db, cipher),
    outbox: new SqliteZaloOutbox(db, cipher),
    tokens: new SqliteZaloTokenStore(db, box),
    atomically: (fn) => db.transaction(fn)(),
  };
  return { db, queues };
}

const event = (key: string, userId: string, now: number) => ({ dedupeKey: key, userId, eventName: 'user_send_text', body: `{"k":"${key}"}`, now });

describe('inbox port (SQLite)', () => {
  it('deduplicates, hands out one event per user in order, and lets a dead lease be taken over', () => {
    const { queues } = open();
    const { inbox } = queues;
    expect(inbox.add(event('a1', 'a', 1))).toBe(true);
    expect(inbox.add(event('a1', 'a', 2))).toBe(false);
    inbox.add(event('a2', 'a', 3));
    inbox.add(event('b1', 'b', 4));
    const first = inbox.claim('w1', 10, 100, 10);
    expect(first.map((e) => e.dedupeKey)).toEqual(['a1', 'b1']);
    expect(first[0]!.body).toBe('{"k":"a1"}');
    // a2 waits for a1; nothing else is claimable before the lease ends.
    expect(inbox.claim('w2', 50, 100, 10)).toEqual([]);
    const taken = inbox.claim('w2', 111, 100, 10);
    expect(taken.map((e) => [e.dedupeKey, e.attempts])).toEqual([['a1', 2], ['b1', 2]]);
    expect(inbox.complete(taken[0]!.id, 'w1', 112)).toBe(false);
    expect(inbox.complete(taken[0]!.id, 'w2', 112)).toBe(true);
    expect(inbox.claim('w2', 113, 100, 10).map((e) => e.dedupeKey)).toEqual(['a2']);
    expect(inbox.counts()).toMatchObject({ done: 1, processing: 2 });
  });

  it('seals bodies at rest', () => {
    const { db, queues } = open();
    queues.inbox.add({ ...event('s1', 'u', 1), body: '{"text":"số CCCD 001099012345"}' });
    const raw = db.prepare(`SELECT body FROM zalo_inbox`).get() as { body: string };
    expect(raw.body).not.toContain('001099012345');
    expect(queues.inbox.claim('w', 2, 100, 1)[0]!.body).toContain('001099012345');
  });
});

describe('outbox port (SQLite)', () => {
  it('enqueue inside atomically rolls back with the rest of the transaction', () => {
    const { queues } = open();
    const { inbox, outbox, atomically } = queues;
    inbox.add(event('e1', 'u', 1));
    const [ev] = inbox.claim('w', 2, 100, 1);
    expect(() =>
      atomically(() => {
        outbox.enqueue('u', `reply:${ev!.id}`, ['{"kind":"message","message":{"text":"x"}}'], 3, { deliverBy: 1000 });
        throw new Error('crash before completing the event');
      }),
    ).toThrow('crash');
    expect(outbox.counts().pending).toBe(0);
    atomically(() => {
      expect(inbox.complete(ev!.id, 'w', 4)).toBe(true);
      outbox.enqueue('u', `reply:${ev!.id}`, ['{"kind":"message","message":{"text":"x"}}'], 4, { deliverBy: 1000 });
    });
    expect(outbox.counts().pending).toBe(1);
  });

  it('sends each user in order, counts real failures only, and keeps final states for operators', () => {
    const { queues } = open();
    const { outbox } = queues;
    const [m1, m2] = outbox.enqueue('u', 'proactive', ['{"n":1}', '{"n":2}'], 1, { deliverBy: 10_000, tag: 'handoff:7' });
    const [c1] = outbox.claim('w', 2, 100, 10);
    expect(c1!.id).toBe(m1);
    expect(outbox.retryLater(m1!, 'w', 50, { code: -32, message: 'rate limited' }, { countFailure: false })).toBe(true);
    const [again] = outbox.claim('w', 60, 100, 10);
    expect([again!.id, again!.failures]).toEqual([m1, 0]);
    outbox.retryLater(m1!, 'w', 70, { code: null, message: 'network' }, { countFailure: true });
    const [third] = outbox.claim('w', 80, 100, 10);
    expect(third!.failures).toBe(1);
    expect(outbox.markDelivered(m1!, 'w', 81, 'zmsg-1')).toBe(true);
    expect(outbox.hasZaloMessageId('zmsg-1')).toBe(true);
    const [next] = outbox.claim('w', 82, 100, 10);
    expect(next!.id).toBe(m2);
    expect(outbox.finish(m2!, 'w', 'undeliverable', 83, 'unfollowed', { code: -213, message: 'unfollowed' })).toBe(true);
    expect(outbox.listProblems().map((r) => [r.id, r.reason])).toEqual([[m2, 'unfollowed']]);
    expect(outbox.byTag('handoff:7').map((r) => r.status)).toEqual(['delivered', 'undeliverable']);
    expect(outbox.eraseUser('u')).toBe(2);
  });
});

describe('OA token store port (SQLite)', () => {
  it('never writes tokens in clear and still reads a pair written in clear by an old version', () => {
    const { db, queues } = open();
    queues.tokens.save({ accessToken: 'access-secret', refreshToken: 'refresh-secret', accessExpiresAt: 5000, now: 1 });
    const row = db.prepare(`SELECT access_token, refresh_token FROM zalo_tokens`).get() as Record<string, string>;
    expect(JSON.stringify(row)).not.toContain('secret');
    expect(queues.tokens.get()).toMatchObject({ accessToken: 'access-secret', refreshToken: 'refresh-secret', status: 'ok' });
    db.prepare(`UPDATE zalo_tokens SET access_token = 'legacy-access', refresh_token = 'legacy-refresh'`).run();
    expect(queues.tokens.get()).toMatchObject({ accessToken: 'legacy-access', refreshToken: 'legacy-refresh' });
  });

  it('serialises refreshes with a lease and takes a pending consent once', () => {
    const { queues } = open();
    const { tokens } = queues;
    expect(tokens.tryLease('refresh', 'p1', 100, 1000)).toBe(true);
    expect(tokens.tryLease('refresh', 'p2', 200, 1000)).toBe(false);
    expect(tokens.tryLease('refresh', 'p2', 1101, 1000)).toBe(true);
    tokens.addPending({ state: 's', verifier: 'v', sessionHash: 'h', createdAt: 100 });
    expect(tokens.takePending('s', 50)).toMatchObject({ verifier: 'v' });
    expect(tokens.takePending('s', 50)).toBeUndefined();
  });
});
