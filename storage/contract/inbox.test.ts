import { afterEach, describe, expect, it } from 'vitest';
import { engineTitle, storeEngines } from './engines.js';

/** The inbox port (`bot/ports/channel-queues.ts`, InboxQueue) on every engine. */
const engines = await storeEngines();
const event = (key: string, userId: string, now: number) => ({ dedupeKey: key, userId, eventName: 'user_send_text', body: `{"k":"${key}"}`, now });

for (const engine of engines) {
  describe.skipIf(engine.skipReason !== undefined)(engineTitle('inbox', engine), () => {
    afterEach(() => engine.cleanup());

    it('deduplicates, hands out one event per user in order, and lets a dead lease be taken over', async () => {
      const { inbox } = (await engine.open()).handles[0]!;
      expect(await inbox.add(event('a1', 'a', 1))).toBe(true);
      expect(await inbox.add(event('a1', 'a', 2))).toBe(false);
      await inbox.add(event('a2', 'a', 3));
      await inbox.add(event('b1', 'b', 4));
      const first = await inbox.claim('w1', 10, 100, 10);
      expect(first.map((e) => [e.dedupeKey, e.userId, e.eventName, e.receivedAt, e.attempts])).toEqual([
        ['a1', 'a', 'user_send_text', 1, 1],
        ['b1', 'b', 'user_send_text', 4, 1],
      ]);
      expect(first[0]!.body).toBe('{"k":"a1"}');
      expect(await inbox.claim('w2', 50, 100, 10)).toEqual([]);
      const taken = await inbox.claim('w2', 111, 100, 10);
      expect(taken.map((e) => [e.dedupeKey, e.attempts])).toEqual([['a1', 2], ['b1', 2]]);
      expect(await inbox.complete(taken[0]!.id, 'w1', 112)).toBe(false);
      expect(await inbox.complete(taken[0]!.id, 'w2', 112)).toBe(true);
      expect((await inbox.claim('w2', 113, 100, 10)).map((e) => e.dedupeKey)).toEqual(['a2']);
      expect(await inbox.counts()).toEqual({ pending: 0, processing: 2, failed: 0, done: 1 });
    });

    it('claims at most `limit` events, oldest first', async () => {
      const { inbox } = (await engine.open()).handles[0]!;
      for (const u of ['u1', 'u2', 'u3']) await inbox.add(event(`${u}-e`, u, 1));
      expect((await inbox.claim('w', 2, 100, 2)).map((e) => e.userId)).toEqual(['u1', 'u2']);
      expect((await inbox.claim('w', 2, 100, 2)).map((e) => e.userId)).toEqual(['u3']);
    });

    it('release gives an event back at a later time and keeps its error; releaseAll uncounts the attempt', async () => {
      const { inbox } = (await engine.open()).handles[0]!;
      await inbox.add(event('e1', 'u', 1));
      await inbox.add(event('f1', 'v', 1));
      const [e1, f1] = await inbox.claim('w', 2, 100, 10);
      await inbox.release(e1!.id, 'someone-else', 5); // not the holder: nothing happens
      expect(await inbox.counts()).toMatchObject({ processing: 2 });
      await inbox.release(e1!.id, 'w', 50, 'model timeout');
      expect(await inbox.nextAvailableAt()).toBe(50);
      expect(await inbox.claim('w', 49, 100, 10)).toEqual([]);
      expect(await inbox.releaseAll('w', 60)).toBe(1);
      const again = await inbox.claim('w2', 60, 100, 10);
      expect(again.map((e) => [e.id, e.attempts])).toEqual([
        [e1!.id, 2],
        [f1!.id, 1],
      ]);
      expect(await inbox.nextAvailableAt()).toBe(160);
    });

    it('a failed event is final, and only finished events are purged', async () => {
      const { inbox } = (await engine.open()).handles[0]!;
      await inbox.add(event('x', 'u', 1));
      await inbox.add(event('y', 'v', 1));
      await inbox.add(event('z', 'w', 1));
      const [x, y] = await inbox.claim('w', 2, 100, 2);
      await inbox.fail(x!.id, 'w', 10, 'bot crashed');
      expect(await inbox.complete(y!.id, 'w', 20)).toBe(true);
      expect(await inbox.counts()).toEqual({ pending: 1, processing: 0, failed: 1, done: 1 });
      expect(await inbox.purgeBefore(15)).toBe(1);
      expect(await inbox.counts()).toEqual({ pending: 1, processing: 0, failed: 0, done: 1 });
      expect(await inbox.purgeBefore(1000)).toBe(1);
      expect(await inbox.counts()).toEqual({ pending: 1, processing: 0, failed: 0, done: 0 });
      expect(await inbox.nextAvailableAt()).toBe(1);
    });

    it('erasure deletes a user\'s events except the one being processed', async () => {
      const { inbox } = (await engine.open()).handles[0]!;
      await inbox.add(event('a', 'u', 1));
      await inbox.add(event('b', 'u', 2));
      await inbox.add(event('c', 'other', 3));
      const [a] = await inbox.claim('w', 5, 100, 1);
      expect(a!.userId).toBe('u');
      expect(await inbox.eraseUser('u')).toBe(1);
      expect(await inbox.complete(a!.id, 'w', 6)).toBe(true);
      expect(await inbox.eraseUser('u')).toBe(1);
      expect(await inbox.counts()).toEqual({ pending: 1, processing: 0, failed: 0, done: 0 });
    });

    it('seals bodies at rest and drops them once processed', async () => {
      const store = await engine.open();
      const { inbox } = store.handles[0]!;
      await inbox.add({ ...event('s1', 'u', 1), body: '{"text":"số CCCD 001099012345"}' });
      expect(JSON.stringify(await store.sql(`SELECT body FROM zalo_inbox`))).not.toContain('001099012345');
      const [e] = await inbox.claim('w', 2, 100, 1);
      expect(e!.body).toContain('001099012345');
      await inbox.complete(e!.id, 'w', 3);
      expect(await store.sql(`SELECT body FROM zalo_inbox`)).toEqual([{ body: '' }]);
    });

    it('two processes claiming from one inbox never get the same event, and each user stays in order', async () => {
      const store = await engine.open(2);
      const [p1, p2] = store.handles;
      const users = 12;
      const perUser = 4;
      for (let i = 0; i < perUser; i++) for (let u = 0; u < users; u++) await p1!.inbox.add(event(`u${u}-${i}`, `u${u}`, 1));
      const seen = new Map<number, string>();
      const order: string[] = [];
      const worker = async (name: string, q: typeof p1) => {
        for (let idle = 0; idle < 50; ) {
          const batch = await q!.inbox.claim(name, 10, 60_000, 3);
          if (batch.length === 0) {
            idle++;
            await new Promise((r) => setTimeout(r, 2));
            continue;
          }
          for (const e of batch) {
            expect(seen.has(e.id), `event ${e.dedupeKey} handed to ${seen.get(e.id)} and ${name}`).toBe(false);
            seen.set(e.id, name);
            order.push(e.dedupeKey);
            expect(await q!.inbox.complete(e.id, name, 11)).toBe(true);
          }
        }
      };
      await Promise.all([worker('p1', p1), worker('p2', p2), worker('p1b', p1), worker('p2b', p2)]);
      expect(seen.size).toBe(users * perUser);
      for (let u = 0; u < users; u++) {
        expect(order.filter((k) => k.startsWith(`u${u}-`))).toEqual(Array.from({ length: perUser }, (_, i) => `u${u}-${i}`));
      }
      expect(await p2!.inbox.counts()).toEqual({ pending: 0, processing: 0, failed: 0, done: users * perUser });
    });
  });
}
