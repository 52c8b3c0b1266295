import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppendInput, DirectLineStore } from '../../bot/ports/index.js';
import { createSealedBox } from '../crypto.js';
import { SqliteDirectLineStore } from '../directline-store.js';
import { PgDirectLineStore } from '../postgres/directline-store.js';
import { createPgPool, migratePostgres, pgDb } from '../postgres/index.js';
import { openDatabase, type Db } from '../sqlite.js';
import { createTestSchema, PG_TEST_URL, probePostgres } from './engines.js';

/**
 * The Direct Line transcript store (bot/ports/directline.ts) on both engines. Several
 * handles are several SQLite connections to one file, or several PostgreSQL pools on one
 * schema: as many app processes.
 */

const box = createSealedBox(Buffer.alloc(32, 5)).forPurpose('directline-transcript');

interface Opened {
  handles: DirectLineStore[];
  sql(text: string): Promise<Record<string, unknown>[]>;
}

interface Engine {
  name: string;
  skip: string | undefined;
  open(handles: number): Promise<Opened>;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const pgSkip = await probePostgres();

const engines: Engine[] = [
  {
    name: 'SQLite',
    skip: undefined,
    async open(handles) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-contract-'));
      const dbs: Db[] = Array.from({ length: handles }, () => openDatabase(path.join(dir, 'tthc.sqlite')));
      cleanups.push(() => {
        for (const db of dbs) db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      });
      return {
        handles: dbs.map((db) => new SqliteDirectLineStore(db, box)),
        sql: async (text) => dbs[0]!.prepare(text).all() as Record<string, unknown>[],
      };
    },
  },
  {
    name: 'PostgreSQL',
    skip: pgSkip,
    async open(handles) {
      const { schema, drop } = await createTestSchema();
      const pools: pg.Pool[] = Array.from({ length: handles }, () => createPgPool(PG_TEST_URL, { schema, max: 4 }));
      cleanups.push(async () => {
        await Promise.all(pools.map((p) => p.end()));
        await drop();
      });
      await migratePostgres(pools[0]!);
      return {
        handles: pools.map((p) => new PgDirectLineStore(pgDb(p), box)),
        sql: async (text) => (await pools[0]!.query(text)).rows as Record<string, unknown>[],
      };
    },
  },
];

const T0 = new Date('2026-11-26T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

function bot(conversationId: string, text: string): AppendInput {
  return { conversationId, role: 'bot', now: T0, render: (id, seq) => JSON.stringify({ type: 'message', id, seq, text }) };
}

function user(conversationId: string, text: string, extra: Partial<AppendInput> = {}): AppendInput {
  return { conversationId, role: 'user', state: 'pending', now: T0, render: (id) => JSON.stringify({ type: 'message', id, text }), ...extra };
}

for (const e of engines) {
  describe.skipIf(e.skip !== undefined)(`Direct Line store contract on ${e.name}${e.skip ? ` (SKIPPED: ${e.skip})` : ''}`, () => {
    it('gives appends racing from two processes distinct, consecutive watermarks, visible in order', async () => {
      const { handles } = await e.open(2);
      const [a, b] = handles as [DirectLineStore, DirectLineStore];
      await a.createConversation('conv-race-0001', 'dl_u', T0);
      await a.createConversation('conv-other-001', 'dl_v', T0);
      const work: Promise<unknown>[] = [];
      for (let i = 0; i < 15; i++) {
        work.push(a.append(user('conv-race-0001', `a${i}`)));
        work.push(b.appendMany([bot('conv-race-0001', `b${i}.1`), bot('conv-race-0001', `b${i}.2`)]));
        work.push(b.append(bot('conv-other-001', `o${i}`)));
      }
      await Promise.all(work);
      const rows = await b.listAfter('conv-race-0001', 0);
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
      expect(rows.map((r) => (JSON.parse(r.json) as { id: string }).id)).toEqual(rows.map((r) => r.id));
      // A batch's replies stay together, in order.
      for (let i = 0; i < 15; i++) {
        const k = rows.findIndex((r) => (JSON.parse(r.json) as { text: string }).text === `b${i}.1`);
        expect((JSON.parse(rows[k + 1]!.json) as { text: string }).text).toBe(`b${i}.2`);
      }
      expect((await a.listAfter('conv-other-001', 0)).map((r) => r.seq)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
      expect((await a.getConversation('conv-race-0001'))!.lastSeq).toBe(45);
      expect((await a.listAfter('conv-race-0001', 40, 3)).map((r) => r.seq)).toEqual([41, 42, 43]);
    });

    it('stores a retried clientActivityID once when two processes take it at once', async () => {
      const { handles } = await e.open(2);
      const [a, b] = handles as [DirectLineStore, DirectLineStore];
      // Several rounds: the race (both waiting on the conversation's lock, then looking) is timing-bound.
      for (let round = 0; round < 12; round++) {
        const id = `conv-retry-${String(round).padStart(3, '0')}`;
        await a.createConversation(id, 'dl_u', T0);
        const results = await Promise.all([a, b, a, b].map((s) => s.append(user(id, 'xin chào', { clientActivityId: 'c-1' }))));
        expect(new Set(results.map((r) => r.id)).size).toBe(1);
        expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
        expect(await a.listAfter(id, 0)).toHaveLength(1);
      }
      await expect(a.append(bot('conv-missing-01', 'x'))).rejects.toThrow(/unknown conversation/);
    });

    it('hands a dead process\'s pending message to exactly one other process, and refuses the dead one\'s late reply', async () => {
      const { handles } = await e.open(3);
      const [dead, b, c] = handles as [DirectLineStore, DirectLineStore, DirectLineStore];
      await dead.createConversation('conv-lease-001', 'dl_u', T0);
      const msg = await dead.append(user('conv-lease-001', 'câu hỏi', { lease: { owner: 'dead', until: at(1000) } }));
      // Still leased: nobody takes it.
      expect(await b.claimPending({ owner: 'b', until: at(2000) }, at(999))).toEqual([]);
      // The lease ran out: two processes sweep at once, one gets it.
      const [gotB, gotC] = await Promise.all([
        b.claimPending({ owner: 'b', until: at(31_000) }, at(1001)),
        c.claimPending({ owner: 'c', until: at(31_000) }, at(1001)),
      ]);
      const claims = [...gotB, ...gotC];
      expect(claims.map((r) => r.id)).toEqual([msg.id]);
      expect(claims[0]).toMatchObject({ attempts: 1, conversationId: 'conv-lease-001', state: 'pending' });
      expect(JSON.parse(claims[0]!.json)).toMatchObject({ text: 'câu hỏi' });
      const [winner, winnerName, loser, loserName] = gotB.length === 1 ? ([b, 'b', c, 'c'] as const) : ([c, 'c', b, 'b'] as const);
      // The dead process wakes up with its reply: refused, nothing stored; the loser cannot settle it either.
      await expect(dead.appendMany([bot('conv-lease-001', 'trả lời muộn')], { activityId: msg.id, owner: 'dead' })).rejects.toMatchObject({
        code: 'conflict:directline_lease',
      });
      expect(await dead.settle(msg.id, 'answered', 'dead')).toBe(false);
      expect(await loser.settle(msg.id, 'failed', loserName)).toBe(false);
      const replies = await winner.appendMany([bot('conv-lease-001', 'trả lời')], { activityId: msg.id, owner: winnerName });
      expect(replies.map((r) => r.seq)).toEqual([2]);
      expect((await b.listAfter('conv-lease-001', 0)).map((r) => [r.seq, r.state])).toEqual([
        [1, 'answered'],
        [2, null],
      ]);
      expect(await c.claimPending({ owner: 'c', until: at(99_000) }, at(90_000))).toEqual([]);
      expect(await b.listPending()).toEqual([]);
    });

    it('claims each of many pending messages once across three sweeping processes, oldest first', async () => {
      const { handles } = await e.open(3);
      await handles[0]!.createConversation('conv-many-0001', 'dl_u', T0);
      await handles[0]!.createConversation('conv-many-0002', 'dl_v', T0);
      const ids: string[] = [];
      for (let i = 0; i < 24; i++) {
        const conv = i % 2 === 0 ? 'conv-many-0001' : 'conv-many-0002';
        ids.push((await handles[i % 3]!.append(user(conv, `m${i}`, { now: at(i), lease: { owner: 'gone', until: at(100) } }))).id);
      }
      const got: string[][] = [[], [], []];
      for (let round = 0; round < 6; round++) {
        const batches = await Promise.all(handles.map((h, k) => h.claimPending({ owner: `p${k}`, until: at(60_000) }, at(500), { limit: 3 })));
        batches.forEach((rows, k) => got[k]!.push(...rows.map((r) => r.id)));
      }
      const all = got.flat();
      expect(all).toHaveLength(24);
      expect(new Set(all)).toEqual(new Set(ids));
      // Each process received its share oldest first.
      for (const mine of got) expect(mine).toEqual([...mine].sort((x, y) => ids.indexOf(x) - ids.indexOf(y)));
    });

    it('renews, releases and takes over leases; settles only under its owner', async () => {
      const { handles } = await e.open(2);
      const [a, b] = handles as [DirectLineStore, DirectLineStore];
      await a.createConversation('conv-renew-001', 'dl_u', T0);
      const m1 = await a.append(user('conv-renew-001', 'một', { lease: { owner: 'a', until: at(1000) } }));
      const m2 = await a.append(user('conv-renew-001', 'hai', { lease: { owner: 'a', until: at(1000) } }));
      expect(await a.renewLeases('a', at(5000))).toBe(2);
      expect(await b.claimPending({ owner: 'b', until: at(9000) }, at(4000))).toEqual([]);
      expect(await b.settle(m1.id, 'answered', 'b')).toBe(false);
      expect(await a.settle(m1.id, 'answered', 'a')).toBe(true);
      expect(await a.renewLeases('a', at(6000))).toBe(1);
      // A clean stop gives the rest up: another process may take it at once.
      expect(await a.releaseLeases('a')).toBe(1);
      expect((await b.claimPending({ owner: 'b', until: at(9000) }, at(4000))).map((r) => r.id)).toEqual([m2.id]);
      // A single process starting again takes over whatever its previous life held.
      expect(await a.claimPending({ owner: 'a2', until: at(9000) }, at(4000))).toEqual([]);
      const taken = await a.claimPending({ owner: 'a2', until: at(9000) }, at(4000), { takeOver: true });
      expect(taken.map((r) => [r.id, r.attempts])).toEqual([[m2.id, 2]]);
      expect(await b.settle(m2.id, 'answered', 'b')).toBe(false);
      expect(await a.settle(m2.id, 'failed', 'a2')).toBe(true);
      expect((await a.listAfter('conv-renew-001', 0)).map((r) => r.state)).toEqual(['answered', 'failed']);
    });

    it('greets once, seals activities at rest, erases content keeping watermarks, purges inactive conversations', async () => {
      const { handles, sql } = await e.open(2);
      const [a, b] = handles as [DirectLineStore, DirectLineStore];
      await a.createConversation('conv-keep-0001', 'dl_u', T0);
      const started = await Promise.all([a.markStarted('conv-keep-0001', T0), b.markStarted('conv-keep-0001', T0)]);
      expect(started.filter(Boolean)).toHaveLength(1);
      const q = await a.append(user('conv-keep-0001', 'Số định danh 001090012345'));
      await b.appendMany([bot('conv-keep-0001', 'Dạ, em đã ghi nhận.')], { activityId: q.id, owner: 'b' });
      const atRest = JSON.stringify(await sql('SELECT json FROM directline_activities'));
      expect(atRest).not.toContain('001090012345');
      expect(atRest).not.toContain('ghi nhận');
      expect(await a.eraseTranscript('conv-keep-0001')).toBe(2);
      const erased = await b.listAfter('conv-keep-0001', 0);
      expect(erased.map((r) => r.seq)).toEqual([1, 2]);
      expect(erased.map((r) => (JSON.parse(r.json) as { text: string; id: string }).text)).toEqual(['Nội dung đã được xoá theo yêu cầu.', 'Nội dung đã được xoá theo yêu cầu.']);
      expect((JSON.parse(erased[0]!.json) as { id: string }).id).toBe(q.id);
      // The conversation goes on after erasure.
      expect((await a.append(bot('conv-keep-0001', 'tiếp'))).seq).toBe(3);

      await a.createConversation('conv-old-00001', 'dl_o', new Date('2026-01-01T00:00:00Z'));
      await a.createConversation('conv-pend-0001', 'dl_p', new Date('2026-01-01T00:00:00Z'));
      await a.append(user('conv-pend-0001', 'chưa trả lời', { now: new Date('2026-01-01T00:00:01Z') }));
      expect(await b.purgeInactiveBefore(new Date('2026-06-01T00:00:00Z'))).toBe(1);
      expect(await a.getConversation('conv-old-00001')).toBeUndefined();
      expect(await a.getConversation('conv-pend-0001')).toBeDefined();
      expect(await a.deleteConversation('conv-keep-0001')).toBe(true);
      expect(await b.listAfter('conv-keep-0001', 0)).toEqual([]);
      await b.probeWrite(T0);
    });
  });
}

describe.skipIf(pgSkip !== undefined)(`Direct Line tables on PostgreSQL${pgSkip ? ` (SKIPPED: ${pgSkip})` : ''}`, () => {
  const TABLES = ['directline_conversations', 'directline_activities', 'directline_meta'];

  it('have exactly the SQLite columns, and rows copied column by column open and carry on there', async () => {
    const sqlite = await engines[0]!.open(1);
    const postgres = await engines[1]!.open(1);
    const sqliteStore = sqlite.handles[0]!;
    await sqliteStore.createConversation('conv-copy-0001', 'dl_u', T0);
    await sqliteStore.markStarted('conv-copy-0001', T0);
    const q = await sqliteStore.append(user('conv-copy-0001', 'Số định danh 001090012345', { clientActivityId: 'c-9', lease: { owner: 'ward', until: at(1000) } }));
    await sqliteStore.append(bot('conv-copy-0001', 'Dạ.'));
    await sqliteStore.probeWrite(T0);

    const pgColumns = await postgres.sql(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name IN ('${TABLES.join("','")}')`,
    );
    for (const table of TABLES) {
      const mine = (await sqlite.sql(`SELECT name FROM pragma_table_info('${table}')`)).map((r) => r.name as string).sort();
      expect(pgColumns.filter((r) => r.table_name === table).map((r) => r.column_name as string).sort()).toEqual(mine);
      // The copy db:copy makes: every column as it is.
      for (const row of await sqlite.sql(`SELECT * FROM ${table}`)) {
        const cols = Object.keys(row);
        const values = cols.map((c) => (row[c] === null ? 'NULL' : typeof row[c] === 'number' ? String(row[c]) : `'${String(row[c]).replace(/'/g, "''")}'`));
        await postgres.sql(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${values.join(', ')})`);
      }
    }
    const pgStore = postgres.handles[0]!;
    expect((await pgStore.listAfter('conv-copy-0001', 0)).map((r) => JSON.parse(r.json).text as string)).toEqual(['Số định danh 001090012345', 'Dạ.']);
    expect((await pgStore.append(user('conv-copy-0001', 'again', { clientActivityId: 'c-9' }))).duplicate).toBe(true);
    expect((await pgStore.append(bot('conv-copy-0001', 'tiếp'))).seq).toBe(3);
    expect(await pgStore.markStarted('conv-copy-0001', T0)).toBe(false);
    expect((await pgStore.claimPending({ owner: 'city', until: at(9000) }, at(1001))).map((r) => r.id)).toEqual([q.id]);
  });
});
