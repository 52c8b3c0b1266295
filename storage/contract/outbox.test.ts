import { afterEach, describe, expect, it } from 'vitest';
import { engineTitle, storeEngines } from './engines.js';

/** The outbox port (`bot/ports/channel-queues.ts`, OutboxQueue) on every engine. */
const engines = await storeEngines();
const msg = (n: number) => `{"kind":"message","message":{"text":"${n}"}}`;

for (const engine of engines) {
  describe.skipIf(engine.skipReason !== undefined)(engineTitle('outbox', engine), () => {
    afterEach(() => engine.cleanup());

    it('enqueue inside atomically rolls back with the rest of the transaction', async () => {
      const { inbox, outbox, atomically } = (await engine.open()).handles[0]!;
      await inbox.add({ dedupeKey: 'e1', userId: 'u', eventName: 'user_send_text', body: '{}', now: 1 });
      const [ev] = await inbox.claim('w', 2, 100, 1);
      await expect(
        atomically(async (tx) => {
          expect(await tx.inbox.complete(ev!.id, 'w', 3)).toBe(true);
          await tx.outbox.enqueue('u', `reply:${ev!.id}`, [msg(1)], 3, { deliverBy: 1000 });
          throw new Error('crash before commit');
        }),
      ).rejects.toThrow('crash');
      expect(await outbox.counts()).toMatchObject({ pending: 0 });
      expect(await inbox.counts()).toMatchObject({ processing: 1, done: 0 });
    });

    it('atomically commits the inbox completion and the reply together', async () => {
      const { inbox, outbox, atomically } = (await engine.open()).handles[0]!;
      await inbox.add({ dedupeKey: 'e1', userId: 'u', eventName: 'user_send_text', body: '{}', now: 1 });
      const [ev] = await inbox.claim('w', 2, 100, 1);
      const ids = await atomically(async (tx) => {
        expect(await tx.inbox.complete(ev!.id, 'w', 4)).toBe(true);
        return tx.outbox.enqueue('u', `reply:${ev!.id}`, [msg(1), msg(2)], 4, { deliverBy: 1000 });
      });
      expect(ids).toHaveLength(2);
      expect(await outbox.counts()).toMatchObject({ pending: 2 });
      expect(await inbox.counts()).toMatchObject({ done: 1 });
      expect((await outbox.listForUser('u')).map((r) => [r.id, r.origin, r.payload])).toEqual([
        [ids[0], `reply:${ev!.id}`, msg(1)],
        [ids[1], `reply:${ev!.id}`, msg(2)],
      ]);
    });

    it('sends each user in order, counts real failures only, and keeps final states for operators', async () => {
      const { outbox } = (await engine.open()).handles[0]!;
      const [m1, m2] = await outbox.enqueue('u', 'proactive', ['{"n":1}', '{"n":2}'], 1, { deliverBy: 10_000, tag: 'handoff:7' });
      const [c1] = await outbox.claim('w', 2, 100, 10);
      expect(c1).toMatchObject({ id: m1, userId: 'u', payload: '{"n":1}', attempts: 1, failures: 0, createdAt: 1, deliverBy: 10_000, origin: 'proactive', tag: 'handoff:7', uncertain: false });
      expect(await outbox.retryLater(m1!, 'w', 50, { code: -32, message: 'rate limited' }, { countFailure: false })).toBe(true);
      const [again] = await outbox.claim('w', 60, 100, 10);
      expect([again!.id, again!.failures, again!.attempts]).toEqual([m1, 0, 2]);
      await outbox.retryLater(m1!, 'w', 70, { code: null, message: 'network' }, { countFailure: true });
      const [third] = await outbox.claim('w', 80, 100, 10);
      expect(third!.failures).toBe(1);
      expect(await outbox.markDelivered(m1!, 'other', 81, 'zmsg-x')).toBe(false);
      expect(await outbox.markDelivered(m1!, 'w', 81, 'zmsg-1')).toBe(true);
      expect(await outbox.hasZaloMessageId('zmsg-1')).toBe(true);
      expect(await outbox.hasZaloMessageId('zmsg-2')).toBe(false);
      const [next] = await outbox.claim('w', 82, 100, 10);
      expect(next!.id).toBe(m2);
      expect(await outbox.finish(m2!, 'w', 'undeliverable', 83, 'unfollowed', { code: -213, message: 'unfollowed' })).toBe(true);
      expect((await outbox.listProblems()).map((r) => [r.id, r.status, r.reason, r.errorCode, r.errorMessage, r.finishedAt])).toEqual([
        [m2, 'undeliverable', 'unfollowed', -213, 'unfollowed', 83],
      ]);
      expect((await outbox.byTag('handoff:7')).map((r) => r.status)).toEqual(['delivered', 'undeliverable']);
      expect(await outbox.byTag('handoff:7')).not.toHaveProperty('0.payload');
      expect(await outbox.get(m1!)).toMatchObject({ status: 'delivered', reason: null, errorCode: null, finishedAt: 81, payload: '{"n":1}' });
      expect(await outbox.get(999_999)).toBeUndefined();
      expect(await outbox.counts()).toEqual({ pending: 0, sending: 0, delivered: 1, expired: 0, undeliverable: 1 });
      expect(await outbox.nextAttemptAt()).toBeUndefined();
      expect(await outbox.eraseUser('u')).toBe(2);
    });

    it('a row taken over from a dead sender, or maybe sent, is handed out as uncertain', async () => {
      const { outbox } = (await engine.open()).handles[0]!;
      const [a] = await outbox.enqueue('a', 'proactive', [msg(1)], 1, { deliverBy: 10_000 });
      const [b] = await outbox.enqueue('b', 'proactive', [msg(2)], 1, { deliverBy: 10_000 });
      await outbox.claim('dead', 2, 100, 10);
      expect(await outbox.claim('w', 50, 100, 10)).toEqual([]);
      const taken = await outbox.claim('w', 102, 100, 10);
      expect(taken.map((r) => [r.id, r.uncertain, r.attempts])).toEqual([
        [a, true, 2],
        [b, true, 2],
      ]);
      await outbox.retryLater(a!, 'w', 110, { code: null, message: 'socket hang up' }, { countFailure: true, maybeSent: true });
      await outbox.retryLater(b!, 'w', 110, { code: -32, message: 'rate limited' }, { countFailure: false });
      const again = await outbox.claim('w', 110, 100, 10);
      expect(again.map((r) => [r.id, r.uncertain])).toEqual([
        [a, true],
        [b, false],
      ]);
    });

    it('release and releaseAll give rows back without counting the attempt; finals are purged by age', async () => {
      const { outbox } = (await engine.open()).handles[0]!;
      const [a] = await outbox.enqueue('a', 'proactive', [msg(1)], 1, { deliverBy: 10_000 });
      const [b] = await outbox.enqueue('b', 'proactive', [msg(2)], 1, { deliverBy: 10_000 });
      const [c] = await outbox.enqueue('c', 'proactive', [msg(3)], 1, { deliverBy: 10_000 });
      await outbox.claim('w', 2, 100, 10);
      await outbox.release(a!, 'w', 40);
      expect(await outbox.finish(b!, 'w', 'expired', 5, 'retry_deadline', { code: null, message: 'too late' })).toBe(true);
      expect(await outbox.releaseAll('w', 30)).toBe(1);
      expect(await outbox.counts()).toEqual({ pending: 2, sending: 0, delivered: 0, expired: 1, undeliverable: 0 });
      expect(await outbox.nextAttemptAt()).toBe(30);
      expect((await outbox.claim('w', 40, 100, 10)).map((r) => [r.id, r.attempts])).toEqual([
        [a, 1],
        [c, 1],
      ]);
      expect(await outbox.markDelivered(a!, 'w', 50, undefined)).toBe(true);
      expect(await outbox.purgeBefore(5)).toBe(0);
      expect(await outbox.purgeBefore(51)).toBe(2);
      expect(await outbox.counts()).toEqual({ pending: 0, sending: 1, delivered: 0, expired: 0, undeliverable: 0 });
    });

    it('seals payloads at rest', async () => {
      const store = await engine.open();
      const { outbox } = store.handles[0]!;
      await outbox.enqueue('u', 'proactive', ['{"text":"CCCD 001099012345"}'], 1, { deliverBy: 100 });
      expect(JSON.stringify(await store.sql(`SELECT payload FROM zalo_outbox`))).not.toContain('001099012345');
      expect((await outbox.claim('w', 2, 100, 1))[0]!.payload).toContain('001099012345');
    });

    it('two processes sending from one outbox never take the same row, and each user\'s messages leave in order', async () => {
      const store = await engine.open(2);
      const [p1, p2] = store.handles;
      const users = 10;
      const perUser = 4;
      for (let u = 0; u < users; u++) {
        await p1!.outbox.enqueue(`u${u}`, 'proactive', Array.from({ length: perUser }, (_, i) => `{"u":${u},"i":${i}}`), 1, { deliverBy: 100_000 });
      }
      const seen = new Map<number, string>();
      const sent: string[] = [];
      const sender = async (name: string, q: typeof p1) => {
        for (let idle = 0; idle < 50; ) {
          const batch = await q!.outbox.claim(name, 10, 60_000, 3);
          if (batch.length === 0) {
            idle++;
            await new Promise((r) => setTimeout(r, 2));
            continue;
          }
          for (const m of batch) {
            expect(seen.has(m.id), `row ${m.id} handed to ${seen.get(m.id)} and ${name}`).toBe(false);
            seen.set(m.id, name);
            sent.push(m.payload);
            expect(await q!.outbox.markDelivered(m.id, name, 11, `z-${m.id}`)).toBe(true);
          }
        }
      };
      await Promise.all([sender('p1', p1), sender('p2', p2), sender('p1b', p1), sender('p2b', p2)]);
      expect(seen.size).toBe(users * perUser);
      for (let u = 0; u < users; u++) {
        expect(sent.filter((p) => p.startsWith(`{"u":${u},`))).toEqual(Array.from({ length: perUser }, (_, i) => `{"u":${u},"i":${i}}`));
      }
    });
  });
}
