import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copySqliteToPostgres } from '../../app/commands/db-copy.js';
import { SqliteAnalytics } from '../analytics.js';
import { SqliteAccessLog } from '../console-access-log.js';
import { SqliteConsoleSessions } from '../console-sessions.js';
import { SqliteConsoleUsers } from '../console-users.js';
import { createTestSchema, PG_TEST_URL, probePostgres } from '../contract/engines.js';
import { boxes } from '../contract/engines-stores.js';
import { SqliteFeedbackStore } from '../feedback-store.js';
import { openDatabase } from '../sqlite.js';
import { SqliteTurnLog } from '../turn-log.js';
import { PgAnalytics } from './analytics.js';
import { PgAccessLog } from './console-access-log.js';
import { PgConsoleSessions } from './console-sessions.js';
import { PgConsoleUsers } from './console-users.js';
import { pgDb } from './db.js';
import { migratePostgres } from './migrate.js';
import { createPgPool } from './pool.js';

/**
 * A ward's console and dashboard data moves to the city database with `db:copy`: the four
 * tables (accounts, sessions, access log, reviews) have exactly the SQLite columns, the copy
 * verifies by count and checksum, and the PostgreSQL stores then accept the same passwords
 * (the scrypt hashes are copied byte for byte), the same session cookies (only their hashes
 * are stored), list the same access log and reviews, and carry on past the copied ids.
 */
const pgSkip = await probePostgres();
const TABLES = ['console_users', 'console_sessions', 'console_access_log', 'analytics_reviews'];
const PW = 'mat-khau-du-dai-1';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.skipIf(pgSkip !== undefined)(`console and dashboard tables copied to PostgreSQL${pgSkip ? ` (SKIPPED: ${pgSkip})` : ''}`, () => {
  it('have the SQLite columns, copy with matching checksums, and the PostgreSQL stores carry on from the copy', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-copy-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const db = openDatabase(path.join(dir, 'tthc.sqlite'));
    cleanups.push(() => {
      db.close();
    });
    const { schema, drop } = await createTestSchema();
    const pool = createPgPool(PG_TEST_URL, { schema, max: 2 });
    cleanups.push(drop);
    cleanups.push(() => pool.end());
    await migratePostgres(pool);

    const now = () => new Date('2026-12-01T03:00:00.000Z');
    const users = new SqliteConsoleUsers(db, { now });
    const sessions = new SqliteConsoleSessions(db, { now });
    const log = new SqliteAccessLog(db, { now });
    const turnLog = new SqliteTurnLog(db, boxes.turnLog, { topicHash: (s) => boxes.turnLog.lookupHash(s) });
    new SqliteFeedbackStore(db, boxes.feedback);
    const analytics = new SqliteAnalytics(db);
    const admin = await users.create({ username: 'QuanTri', password: PW, role: 'admin' });
    const off = await users.create({ username: 'da-nghi', password: PW, role: 'coordinator', servicePoints: ['00004', '00007'] });
    await users.setDisabled(off.id, true);
    expect((await users.login('quantri', 'sai-mat-khau-1')).ok).toBe(false);
    const { token, session } = await sessions.create(admin.id);
    await log.record({ userId: admin.id, username: 'QuanTri', role: 'admin', action: 'login', allowed: true });
    await log.record({ username: 'khach', action: 'login_invalid', allowed: false, detail: 'x' });
    await turnLog.record({ conversationId: 'c1', userId: 'u1', channelId: 'zalo', at: '2026-12-01T02:00:00.000Z', text: 'hỏi', latencyMs: 3, outcome: { behavior: 'answer', procedures: [] } });
    analytics.addReview({ turnId: 1, reviewer: 'QuanTri', label: 'partly', reason: 'thieu', caseId: 'log-1', at: '2026-12-01T03:00:00.000Z' });

    const pgCols = (await pool.query<{ table_name: string; column_name: string }>('SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ANY($1)', [TABLES])).rows;
    for (const t of TABLES) {
      const sqliteCols = (db.pragma(`table_info(${t})`) as { name: string }[]).map((c) => c.name).sort();
      expect({ table: t, columns: pgCols.filter((r) => r.table_name === t).map((r) => r.column_name).sort() }).toEqual({ table: t, columns: sqliteCols });
    }

    const report = await copySqliteToPostgres(db, pool, { skipMissing: true });
    expect(report.refused).toEqual([]);
    expect(report.ok).toBe(true);
    for (const t of TABLES) expect(report.tables.find((r) => r.table === t)).toMatchObject({ status: 'ok', sourceRows: expect.any(Number) });
    expect(report.tables.find((r) => r.table === 'console_access_log')?.targetRows).toBe(2);

    const pdb = pgDb(pool);
    const pgUsers = new PgConsoleUsers(pdb, { now });
    expect((await pool.query('SELECT id, password_hash FROM console_users ORDER BY id')).rows).toEqual(db.prepare('SELECT id, password_hash FROM console_users ORDER BY id').all());
    expect(await pgUsers.list()).toEqual(await users.list());
    expect(await pgUsers.login('QUANTRI', PW)).toMatchObject({ ok: true, user: { id: admin.id } });
    expect(await pgUsers.login('da-nghi', PW)).toEqual({ ok: false, reason: 'disabled' });
    expect(await new PgConsoleSessions(pdb, { now }).get(token)).toEqual(session);
    const pgLog = new PgAccessLog(pdb, { now });
    expect(await pgLog.list()).toEqual(await log.list());
    await pgLog.record({ username: 'sau-khi-chuyen', action: 'login_invalid', allowed: false });
    expect((await pool.query('SELECT id FROM console_access_log ORDER BY id')).rows.map((r) => Number(r.id))).toEqual([1, 2, 3]);
    const pgAnalytics = new PgAnalytics(pdb);
    expect(await pgAnalytics.reviews()).toEqual(analytics.reviews());
    expect(await pgAnalytics.addReview({ turnId: 1, reviewer: 'khac', label: 'wrong', caseId: 'log-2', at: '2026-12-02T00:00:00.000Z' })).toBe(false);
  });
});
