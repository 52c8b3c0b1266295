import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseIntake, CaseRouting } from '../../bot/ports/index.js';
import { SqliteCaseStore } from '../../storage/case-store.js';
import { SqliteFeedbackStore } from '../../storage/feedback-store.js';
import { SqliteFileStore } from '../../storage/file-store.js';
import { PgFileStore } from '../../storage/postgres/file-store.js';
import { PgProfileStore } from '../../storage/postgres/profile-store.js';
import { SqliteProfileStore } from '../../storage/profile-store.js';
import { SqliteTurnLog } from '../../storage/turn-log.js';
import { createTestSchema, PG_TEST_URL, probePostgres } from '../../storage/contract/engines.js';
import { createSealedBox } from '../../storage/crypto.js';
import { createPgChannelQueues, createPgPool, pgDb } from '../../storage/postgres/index.js';
import { openDatabase } from '../../storage/sqlite.js';
import { sqliteZaloQueues } from '../../storage/zalo-queues.js';
import { canonicalValue, copySqliteToPostgres, toPgParam } from './db-copy.js';

/**
 * `db:copy` on a SQLite file written by the real stores (the Zalo queues, the case store),
 * into a fresh PostgreSQL schema: as an operator runs it (a real process) for the main path,
 * through `copySqliteToPostgres` for the refusals and the checks.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const pgSkip = await probePostgres();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const box = createSealedBox(Buffer.alloc(32, 9));
const NOW = new Date('2026-11-26T10:00:00.000Z');
const T = NOW.getTime();

const intake = (conversationId: string, userId: string): CaseIntake => ({
  channel: 'zalo',
  servicePoint: 'Phường Hoàn Kiếm',
  address: { channelId: 'zalo', conversationId, userId, reference: {} },
  area: 'DAT_DAI',
  confidence: 0.7,
  secondaryAreas: [],
  signals: ['land'],
  urgency: 'soon',
  parties: { adverseParties: [{ name: 'hàng xóm', role: 'lấn chiếm' }], authorityInvolved: ['UBND phường'], conflictServicePointAuthority: true },
  service: 'advice',
  limitedScopeAcknowledged: true,
  contact: { safeToContact: false, method: 'this_channel' },
  summary: 'Hàng xóm xây lấn sang đất nhà tôi 30 cm.',
  consent: { textVersion: 'triage-consent-v1', purposes: ['legal_advice'], sensitiveDataAck: true, method: 'button:dong-y', givenAt: NOW.toISOString() },
  retentionUntil: '2027-11-26',
  citedArticles: [],
});
const routing: CaseRouting = { ward: '00070', language: 'vi', conflictWithServicePoint: true, slaDueAt: '2026-11-27T10:00:00.000Z' };

const fileLinkKey = Buffer.alloc(32, 5);

/**
 * A ward's SQLite file as the app leaves it: Zalo traffic, tokens, a lease, a consent, a
 * legal-aid case, a saved profile, an uploaded file (bytes), logged turns and a 👎.
 */
let fileId = '';

async function wardFile(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-copy-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'tthc.sqlite');
  const db = openDatabase(file);
  try {
    const q = sqliteZaloQueues(db, box);
    for (let i = 1; i <= 5; i++) {
      await q.inbox.add({ dedupeKey: `ev-${i}`, userId: `u${i % 2}`, eventName: 'user_send_text', body: `{"text":"Làm căn cước cho con ${i} tuổi"}`, now: T + i });
    }
    const [first] = await q.inbox.claim('w1', T + 10, 60_000, 1);
    await q.inbox.complete(first!.id, 'w1', T + 11);
    await q.inbox.add({ dedupeKey: 'ev-erased', userId: 'u-erased', eventName: 'user_send_text', body: '{}', now: T + 12 });
    await q.inbox.eraseUser('u-erased'); // the highest id is gone; AUTOINCREMENT remembers it
    await q.outbox.enqueue('u1', 'reply:1', ['{"text":"Dạ, anh/chị cần bản sao giấy khai sinh."}', '{"text":"Lệ phí: miễn phí."}'], T + 20, { deliverBy: T + 86_400_000, tag: 'handoff:1' });
    const [sent] = await q.outbox.claim('s1', T + 21, 60_000, 1);
    await q.outbox.markDelivered(sent!.id, 's1', T + 22, 'zmsg-1');
    await q.tokens.save({ accessToken: 'access-Đ', refreshToken: 'refresh-ư', accessExpiresAt: T + 3_600_000, now: T });
    await q.tokens.tryLease('refresh', 'proc-1', T, 30_000);
    await q.tokens.addPending({ state: 'st-1', verifier: 'v'.repeat(43), sessionHash: 'h1', createdAt: T });
    const cases = new SqliteCaseStore(db, { box: box.forPurpose('cases'), clock: () => NOW });
    const c = await cases.create(intake('conv-a', 'user-a'), routing);
    await cases.apply(c.id, {
      from: 'open',
      to: 'offered',
      version: 1,
      patch: { lawyerId: 'law-1', offeredAt: NOW.toISOString(), offerExpiresAt: '2026-11-26T12:00:00.000Z', flagged: true, flagReason: 'Trễ hạn' },
      audit: { kind: 'open->offered', actor: 'system:rota' },
    });
    const profiles = new SqliteProfileStore(db, box);
    await profiles.put({ channelId: 'zalo', userId: 'user-a' }, { hoTen: 'Lê Văn A', soCccd: '001099012345' }, { consentAt: NOW.toISOString(), now: NOW });
    const files = new SqliteFileStore({ db, signingKey: fileLinkKey, cipher: box, clock: () => NOW });
    fileId = (await files.put({ conversationId: 'conv-a', name: 'tờ-khai.pdf', contentType: 'application/pdf', bytes: new Uint8Array(Buffer.from('%PDF Lê Văn A \u0000\u00ff')) })).fileId!;
    const turnLog = new SqliteTurnLog(db, box.forPurpose('turn-log'));
    const outcome = { behavior: 'refuse' as const, procedures: [], understanding: { intent: 'out_of_scope', confidence: 0.2, danger: false, abstain: true } };
    for (const [i, text] of ['nhà hàng xóm lấn đất', 'làm sao kiện'].entries()) {
      await turnLog.record({ conversationId: 'conv-a', userId: 'user-a', channelId: 'zalo', at: new Date(T + i * 1000).toISOString(), text, outcome, latencyMs: 3, ward: '00070' });
    }
    await new SqliteFeedbackStore(db, box.forPurpose('feedback')).record({
      conversationId: 'conv-a',
      userId: 'user-a',
      channelId: 'zalo',
      at: '2026-11-26T10:00:05.000Z',
      rating: 'down',
      question: 'nhà hàng xóm lấn đất',
      reason: 'thieu',
    });
  } finally {
    db.close();
  }
  return file;
}

async function freshSchema(): Promise<{ url: string; pool: pg.Pool }> {
  const { schema, drop } = await createTestSchema();
  cleanups.push(drop);
  const pool = createPgPool(PG_TEST_URL, { schema, max: 3 });
  cleanups.push(() => pool.end());
  const url = `${PG_TEST_URL}${PG_TEST_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return { url, pool };
}

async function dbCopy(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { DATABASE_URL: _drop, ...env } = process.env;
  try {
    const { stdout, stderr } = await promisify(execFile)(tsx, ['app/main.ts', 'db:copy', ...args], { cwd: root, env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const count = async (pool: pg.Pool, table: string) => Number((await pool.query(`SELECT COUNT(*) AS n FROM ${table}`)).rows[0].n);

describe('db:copy canonical values', () => {
  it.each([
    ['boolean', 1n, true],
    ['boolean', 0, false],
    ['bigint', 1_764_151_200_000n, '1764151200000'],
    ['integer', 7n, 7],
    ['double precision', 0.7, 0.7],
    ['text', 'Hàng xóm', 'Hàng xóm'],
    ['bytea', Buffer.from('%PDF'), Buffer.from('%PDF')],
    ['jsonb', '{"b":1,"a":[1,{"d":2,"c":3}]}', { a: [1, { c: 3, d: 2 }], b: 1 }],
    ['timestamp with time zone', 1_764_151_200_000, new Date(1_764_151_200_000)],
  ] as const)('a %s read from SQLite (%o) and from PostgreSQL (%o) hash the same', (type, fromSqlite, fromPg) => {
    expect(canonicalValue(fromSqlite, type)).toBe(canonicalValue(fromPg, type));
  });

  it('tells apart what differs, null from empty, and a value from its neighbours', () => {
    expect(canonicalValue(null, 'text')).not.toBe(canonicalValue('', 'text'));
    expect(canonicalValue('N', 'text')).not.toBe(canonicalValue(null, 'text'));
    expect(canonicalValue(1n, 'boolean')).not.toBe(canonicalValue(false, 'boolean'));
    expect(canonicalValue('ab', 'text') + canonicalValue('c', 'text')).not.toBe(canonicalValue('a', 'text') + canonicalValue('bc', 'text'));
  });

  it('converts SQLite values into what the PostgreSQL column takes, and refuses a BLOB in a text column', () => {
    expect(toPgParam(1n, 'boolean', 'x')).toBe(true);
    expect(toPgParam(9_007_199_254_740_993n, 'bigint', 'x')).toBe('9007199254740993');
    expect(toPgParam(null, 'boolean', 'x')).toBeNull();
    expect(() => toPgParam(Buffer.from('a'), 'text', 'files.name')).toThrow(/files.name: a BLOB/);
  });
});

describe.skipIf(pgSkip !== undefined)(`db:copy into PostgreSQL${pgSkip ? ` (SKIPPED: ${pgSkip})` : ''}`, () => {
  it('copies a ward file, verifies it, and the PostgreSQL stores carry on from it; a second run is refused; --verify-only finds a changed row', async () => {
    const file = await wardFile();
    const { url, pool } = await freshSchema();
    const r = await dbCopy(['--from', `sqlite:${file}`, '--to', url, '--skip-missing']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^zalo_inbox\s+5\s+5\s+([0-9a-f]{16})\s+\1\s+ok$/m);
    expect(r.stdout).toMatch(/^zalo_outbox\s+2\s+2\s+([0-9a-f]{16})\s+\1\s+ok$/m);
    expect(r.stdout).toMatch(/^zalo_tokens\s+1\s+1\s+.*ok$/m);
    expect(r.stdout).toMatch(/tables copied and verified/);

    // The rows open with the same keys (sealed values copied as they are) and the ids continue.
    const q = createPgChannelQueues(pgDb(pool), { queueBox: box.forPurpose('zalo-queue'), tokenBox: box });
    expect((await q.tokens.get())?.accessToken).toBe('access-Đ');
    expect((await q.outbox.listForUser('u1')).map((m) => [m.status, m.payload])).toEqual([
      ['delivered', '{"text":"Dạ, anh/chị cần bản sao giấy khai sinh."}'],
      ['pending', '{"text":"Lệ phí: miễn phí."}'],
    ]);
    const claimed = await q.inbox.claim('pg-worker', T + 100_000, 60_000, 10);
    expect(claimed.map((e) => e.body)).toContain('{"text":"Làm căn cước cho con 2 tuổi"}');
    await q.inbox.add({ dedupeKey: 'ev-new', userId: 'u9', eventName: 'user_send_text', body: '{}', now: T + 200_000 });
    const newId = Number((await pool.query(`SELECT id FROM zalo_inbox WHERE dedupe_key = 'ev-new'`)).rows[0].id);
    expect(newId).toBe(7); // past the erased id 6, not 6 again
    // H-P2's tables, when this build has them: the rows open through the PostgreSQL stores.
    if (/^files\s/m.test(r.stdout)) {
      expect(r.stdout).toMatch(/^files\s+1\s+1\s+([0-9a-f]{16})\s+\1\s+ok$/m);
      const pgFiles = new PgFileStore({ db: pgDb(pool), signingKey: fileLinkKey, cipher: box, clock: () => NOW });
      const link = new URL(pgFiles.linkFor(fileId, 'conv-a'), 'http://x');
      const opened = await pgFiles.open(fileId, Object.fromEntries(link.searchParams));
      expect(Buffer.from(opened.bytes).toString()).toBe('%PDF Lê Văn A \u0000\u00ff');
    }
    if (/^citizen_profiles\s/m.test(r.stdout)) {
      expect((await new PgProfileStore(pgDb(pool), box).get({ channelId: 'zalo', userId: 'user-a' }))?.profile).toMatchObject({ hoTen: 'Lê Văn A' });
    }
    for (const t of ['turn_log', 'feedback', 'turn_rollup_conversations']) {
      if (new RegExp(`^${t}\\s`, 'm').test(r.stdout)) expect(r.stdout).toMatch(new RegExp(`^${t}\\s+(\\d+)\\s+\\1\\s+([0-9a-f]{16})\\s+\\2\\s+ok$`, 'm'));
    }
    if (/^cases\s/m.test(r.stdout)) {
      expect(r.stdout).toMatch(/^cases\s+1\s+1\s+([0-9a-f]{16})\s+\1\s+ok$/m);
      expect((await pool.query('SELECT flagged, limited_scope_ack FROM cases')).rows).toEqual([{ flagged: true, limited_scope_ack: true }]);
    }

    const again = await dbCopy(['--from', `sqlite:${file}`, '--to', url, '--skip-missing']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/nothing copied:[\s\S]*the target already holds rows in .*zalo_inbox.*--replace/);

    await pool.query(`DELETE FROM zalo_inbox WHERE dedupe_key = 'ev-new'`);
    await pool.query(`UPDATE zalo_inbox SET status = 'pending', lease_owner = NULL, lease_until = NULL, attempts = 0 WHERE lease_owner = 'pg-worker'`);
    const same = await dbCopy(['--from', `sqlite:${file}`, '--to', url, '--skip-missing', '--verify-only']);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/tables match/);

    await pool.query(`UPDATE zalo_outbox SET attempts = attempts + 1 WHERE id = (SELECT min(id) FROM zalo_outbox)`);
    const changed = await dbCopy(['--from', `sqlite:${file}`, '--to', url, '--skip-missing', '--verify-only']);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/^zalo_outbox\s+2\s+2\s+([0-9a-f]{16})\s+(?!\1)[0-9a-f]{16}\s+mismatch$/m);
    expect(changed.stderr).toContain('zalo_outbox do not match');
  });

  it('copies and verifies a table larger than one INSERT batch and one cursor page', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-copy-big-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'tthc.sqlite');
    const w = openDatabase(file);
    w.pragma('synchronous = OFF'); // a fixture: no fsync per row
    const q = sqliteZaloQueues(w, box);
    for (let i = 0; i < 4_500; i++) {
      await q.inbox.add({ dedupeKey: `big-${i}`, userId: `u${i % 37}`, eventName: 'user_send_text', body: `{"text":"tin nhắn số ${i}"}`, now: T + i });
    }
    w.close();
    const { pool } = await freshSchema();
    const { migratePostgres } = await import('../../storage/postgres/index.js');
    await migratePostgres(pool);
    const db = new Database(file, { readonly: true });
    cleanups.push(() => {
      db.close();
    });
    const report = await copySqliteToPostgres(db, pool);
    expect(report.tables.find((t) => t.table === 'zalo_inbox')).toMatchObject({ sourceRows: 4_500, targetRows: 4_500, status: 'ok' });
    expect(report.ok).toBe(true);
    await pool.query(`UPDATE zalo_inbox SET body = body || ' ' WHERE dedupe_key = 'big-4321'`);
    const check = await copySqliteToPostgres(db, pool, { verifyOnly: true });
    expect(check.tables.find((t) => t.table === 'zalo_inbox')?.status).toBe('mismatch');
  });

  it('--replace empties the target tables and copies again', async () => {
    const file = await wardFile();
    const { pool } = await freshSchema();
    const db = new Database(file, { readonly: true });
    cleanups.push(() => {
      db.close();
    });
    const { migratePostgres } = await import('../../storage/postgres/index.js');
    await migratePostgres(pool);
    expect((await copySqliteToPostgres(db, pool, { skipMissing: true })).ok).toBe(true);
    await pool.query(`INSERT INTO zalo_leases (name, owner, until) VALUES ('extra', 'x', 1)`);
    const refused = await copySqliteToPostgres(db, pool, { skipMissing: true });
    expect(refused.ok).toBe(false);
    const replaced = await copySqliteToPostgres(db, pool, { skipMissing: true, replace: true, batchRows: 2 });
    expect(replaced.ok).toBe(true);
    expect(await count(pool, 'zalo_leases')).toBe(1);
    expect(await count(pool, 'zalo_inbox')).toBe(5);
  });

  it('refuses, copying nothing, a SQLite table with rows and no PostgreSQL table, or a table whose columns differ', async () => {
    const file = await wardFile();
    const w = new Database(file);
    w.exec(`CREATE TABLE ward_notes (id INTEGER PRIMARY KEY, note TEXT); INSERT INTO ward_notes (note) VALUES ('ghi chú'); CREATE TABLE empty_only_here (id INTEGER PRIMARY KEY)`);
    w.close();
    const { url, pool } = await freshSchema();
    const missing = await dbCopy(['--from', `sqlite:${file}`, '--to', url]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('ward_notes: 1 rows in SQLite but no such table in PostgreSQL (--skip-missing to leave them behind)');
    expect(missing.stderr).not.toContain('empty_only_here:');
    expect(await count(pool, 'zalo_inbox')).toBe(0);

    const w2 = new Database(file);
    w2.exec(`ALTER TABLE zalo_outbox ADD COLUMN priority INTEGER`);
    w2.close();
    const db = new Database(file, { readonly: true });
    cleanups.push(() => {
      db.close();
    });
    const report = await copySqliteToPostgres(db, pool, { skipMissing: true });
    expect(report.ok).toBe(false);
    expect(report.refused).toEqual([expect.stringContaining('zalo_outbox: the columns differ (only in SQLite: priority; only in PostgreSQL: -)')]);
    expect(await count(pool, 'zalo_inbox')).toBe(0);
  });

  it('rolls everything back when a table does not verify (the target changed a value on the way in)', async () => {
    const file = await wardFile();
    const { pool } = await freshSchema();
    const { migratePostgres } = await import('../../storage/postgres/index.js');
    await migratePostgres(pool);
    await pool.query(`CREATE FUNCTION mangle() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.attempts := NEW.attempts + 1; RETURN NEW; END $$`);
    await pool.query(`CREATE TRIGGER mangle BEFORE INSERT ON zalo_outbox FOR EACH ROW EXECUTE FUNCTION mangle()`);
    const db = new Database(file, { readonly: true });
    cleanups.push(() => {
      db.close();
    });
    const report = await copySqliteToPostgres(db, pool, { skipMissing: true });
    expect(report.ok).toBe(false);
    expect(report.tables.find((t) => t.table === 'zalo_outbox')?.status).toBe('mismatch');
    expect(report.tables.find((t) => t.table === 'zalo_inbox')?.status).toBe('ok');
    expect(await count(pool, 'zalo_inbox')).toBe(0);
  });

  it('says what is wrong with its arguments (exit 2) and with the file (exit 1)', async () => {
    expect((await dbCopy(['--to', PG_TEST_URL])).stderr).toContain('--from sqlite:PATH is required');
    expect((await dbCopy(['--from', './x.sqlite', '--to', PG_TEST_URL])).code).toBe(2);
    expect(await dbCopy(['--from', 'sqlite:./x.sqlite', '--to'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--to needs a value') });
    const nofile = await dbCopy(['--from', 'sqlite:/nonexistent/tthc.sqlite', '--to', PG_TEST_URL]);
    expect(nofile).toMatchObject({ code: 1 });
    expect(nofile.stderr).toContain('no SQLite file at /nonexistent/tthc.sqlite');
  });
});
