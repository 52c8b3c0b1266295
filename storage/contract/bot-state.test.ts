import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStorage } from '../sqlite-storage.js';
import { openDatabase } from '../sqlite.js';
import { boxes, domainEngineTitle, domainStoreEngines } from './engines-stores.js';

/**
 * The bot's conversation and user state (`bot/ports/bot-state.ts`, BotStateStore: the Agents
 * SDK `Storage` with eTags, erasure and retention) on every engine. Several handles are
 * several processes: a citizen's next message may be answered by another process, which must
 * read the state the first one wrote and must not overwrite a newer state with an older one.
 */
const engines = await domainStoreEngines();
const conv = 'directline/conversations/c1/tthc';
const user = 'directline/users/u1/tthc';

const codeOf = (r: PromiseSettledResult<unknown>) => (r.status === 'rejected' ? ((r.reason as { code?: string }).code ?? String(r.reason)) : 'ok');

for (const engine of engines) {
  describe.skipIf(engine.skipReason !== undefined)(domainEngineTitle('bot state', engine), () => {
    afterEach(() => engine.cleanup());

    it('reads back what it wrote, in the order asked, with a fresh eTag per write, and omits missing keys', async () => {
      const { botState } = (await engine.open()).handles[0]!;
      await botState.write({ a: { n: 1, nested: { v: 'đăng ký khai sinh' } }, b: { n: 0 } });
      const first = await botState.read(['missing', 'b', 'a']);
      expect(Object.keys(first)).toEqual(['b', 'a']);
      expect(first.a).toEqual({ n: 1, nested: { v: 'đăng ký khai sinh' }, eTag: expect.any(String) });
      await botState.write({ a: { ...first.a, n: 2 } });
      const second = await botState.read(['a']);
      expect(second.a).toMatchObject({ n: 2, nested: { v: 'đăng ký khai sinh' } });
      expect(second.a.eTag).not.toBe(first.a.eTag);
    });

    it('refuses a stale eTag with conflict:storage_etag and changes nothing of the write', async () => {
      const { botState } = (await engine.open()).handles[0]!;
      await botState.write({ a: { n: 1 }, b: { n: 1 } });
      const { a: stale } = await botState.read(['a']);
      await botState.write({ a: { ...stale, n: 2 } });
      await expect(botState.write({ b: { n: 9, eTag: '*' }, a: { ...stale, n: 3 } })).rejects.toMatchObject({ code: 'conflict:storage_etag' });
      const after = await botState.read(['a', 'b']);
      expect([after.a.n, after.b.n]).toEqual([2, 1]);
    });

    it("overwrites with '*' or without an eTag, and a new key is written whatever eTag it carries", async () => {
      const { botState } = (await engine.open()).handles[0]!;
      await botState.write({ a: { n: 1 } });
      await botState.write({ a: { n: 2, eTag: '*' } });
      expect((await botState.read(['a'])).a.n).toBe(2);
      await botState.write({ a: { n: 3 } });
      expect((await botState.read(['a'])).a.n).toBe(3);
      await botState.write({ fresh: { n: 1, eTag: 'from-a-cache' } });
      expect((await botState.read(['fresh'])).fresh.n).toBe(1);
    });

    it('another process reads what one wrote, deletes it, and empty reads and writes are refused', async () => {
      const [p1, p2] = (await engine.open(2)).handles;
      await p1!.botState.write({ [conv]: { form: { step: 2 } }, [user]: { lang: 'vi' } });
      expect(await p2!.botState.read([conv, user])).toEqual({ [conv]: { form: { step: 2 }, eTag: expect.any(String) }, [user]: { lang: 'vi', eTag: expect.any(String) } });
      await p2!.botState.delete([conv, 'never-written']);
      expect(Object.keys(await p1!.botState.read([conv, user]))).toEqual([user]);
      await expect(p1!.botState.read([])).rejects.toMatchObject({ code: 'bad_request:storage_read' });
      await expect(p1!.botState.write({})).rejects.toMatchObject({ code: 'bad_request:storage_write' });
    });

    it('two processes writing one key with the eTag they both read: exactly one wins, the other gets the eTag conflict (10 rounds)', async () => {
      const [p1, p2] = (await engine.open(2)).handles;
      await p1!.botState.write({ [conv]: { turn: 0 } });
      for (let round = 1; round <= 10; round++) {
        const [{ [conv]: seen1 }, { [conv]: seen2 }] = await Promise.all([p1!.botState.read([conv]), p2!.botState.read([conv])]);
        expect(seen1!.eTag).toBe(seen2!.eTag);
        const results = await Promise.allSettled([
          p1!.botState.write({ [conv]: { ...seen1, turn: round, by: 'p1' } }),
          p2!.botState.write({ [conv]: { ...seen2, turn: round, by: 'p2' }, [`${user}/${round}`]: { touched: true } }),
        ]);
        expect(results.map(codeOf).sort()).toEqual(['conflict:storage_etag', 'ok']);
        const kept = (await p1!.botState.read([conv, `${user}/${round}`]));
        expect(kept[conv]).toMatchObject({ turn: round, by: results[0]!.status === 'fulfilled' ? 'p1' : 'p2' });
        // The loser's whole write is undone, its other key included.
        expect(kept[`${user}/${round}`] !== undefined).toBe(results[1]!.status === 'fulfilled');
      }
    });

    it('is sealed per key at rest, erased per conversation and user, and purged when abandoned', async () => {
      const store = await engine.open();
      const { botState } = store.handles[0]!;
      await botState.write({
        'directline/conversations/c1/tthc': { form: { idNumber: '001090012345' } },
        'directline/users/u1/tthc': { name: 'Nguyễn Văn A' },
        'directline/conversations/c10/tthc': { form: { idNumber: '001090099999' } },
        'zalo/users/u1/tthc': { name: 'Trần Thị B' },
      });
      const raw = JSON.stringify(await store.sql('SELECT * FROM bot_state'));
      for (const clear of ['001090012345', 'Nguyễn', 'Nguy\\u1ec5n', 'Trần']) expect(raw).not.toContain(clear);
      // A sealed value moved under another key does not open.
      await store.sql(`UPDATE bot_state SET data = (SELECT data FROM bot_state WHERE key = 'directline/conversations/c10/tthc') WHERE key = 'directline/conversations/c1/tthc'`);
      await expect(botState.read(['directline/conversations/c1/tthc'])).rejects.toMatchObject({ code: 'internal:decrypt' });
      expect(await botState.eraseSubject({ channelId: 'directline', conversationId: 'c1', userId: 'u1' })).toBe(2);
      expect(Object.keys(await botState.read(['directline/conversations/c10/tthc', 'zalo/users/u1/tthc']))).toEqual(['directline/conversations/c10/tthc', 'zalo/users/u1/tthc']);
      store.clock.now = new Date('2026-12-31T02:00:00Z');
      await botState.write({ 'zalo/users/u1/tthc': { name: 'Trần Thị B', again: true } });
      expect(await botState.purgeInactiveBefore(new Date('2026-12-01T00:00:00Z'))).toBe(1);
      expect(Object.keys(await botState.read(['directline/conversations/c10/tthc', 'zalo/users/u1/tthc']))).toEqual(['zalo/users/u1/tthc']);
    });

    if (engine.name === 'PostgreSQL') {
      it('has exactly the SQLite columns, and rows written by SqliteStorage copied column by column open and carry on', async () => {
        const store = await engine.open();
        const { botState } = store.handles[0]!;
        const lite = openDatabase(':memory:');
        try {
          const sqlite = new SqliteStorage(lite, { cipher: boxes.botState, clock: () => new Date('2026-11-26T10:00:00Z') });
          await sqlite.write({ [conv]: { form: { idNumber: '001090012345' } } });
          const columns = (lite.pragma('table_info(bot_state)') as Array<{ name: string }>).map((c) => c.name).sort();
          const pgColumns = await store.sql(`SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'bot_state'`);
          expect(pgColumns.map((r) => r.column_name).sort()).toEqual(columns);
          const row = lite.prepare('SELECT * FROM bot_state').get() as Record<string, string>;
          const q = (v: string) => `'${v.replace(/'/g, "''")}'`;
          await store.sql(`INSERT INTO bot_state (key, etag, data, updated_at) VALUES (${q(row.key!)}, ${q(row.etag!)}, ${q(row.data!)}, ${q(row.updated_at!)})`);
          const copied = await botState.read([conv]);
          expect(copied).toEqual(await sqlite.read([conv]));
          // The eTag the SQLite process handed out is still the current one here.
          await botState.write({ [conv]: { ...copied[conv], form: { step: 3 } } });
          await expect(botState.write({ [conv]: { ...copied[conv], form: { step: 4 } } })).rejects.toMatchObject({ code: 'conflict:storage_etag' });
        } finally {
          lite.close();
        }
      });
    }
  });
}
