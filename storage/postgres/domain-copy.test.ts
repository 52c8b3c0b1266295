import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseIntake, CaseRouting } from '../../bot/ports/index.js';
import { createTestSchema, PG_TEST_URL, probePostgres } from '../contract/engines.js';
import { boxes, fileLinkKey } from '../contract/engines-stores.js';
import { SqliteCaseStore } from '../case-store.js';
import { SqliteConsoleNotes } from '../console-notes.js';
import { SqliteTranscriptStore } from '../console-transcript.js';
import { SqliteRotaStore } from '../rota-store.js';
import { SqliteFeedbackStore } from '../feedback-store.js';
import { SqliteFileStore } from '../file-store.js';
import { SqliteProfileStore } from '../profile-store.js';
import { openDatabase, type Db } from '../sqlite.js';
import { SqliteTurnLog } from '../turn-log.js';
import { PgCaseStore } from './case-store.js';
import { PgConsoleNotes } from './console-notes.js';
import { PgTranscriptStore } from './console-transcript.js';
import { PgRotaStore } from './rota-store.js';
import { pgDb } from './db.js';
import { PgFeedbackStore } from './feedback-store.js';
import { PgFileStore } from './file-store.js';
import { migratePostgres } from './migrate.js';
import { createPgPool } from './pool.js';
import { PgProfileStore } from './profile-store.js';
import { PgTurnLog } from './turn-log.js';

/**
 * The domain tables on PostgreSQL have exactly the SQLite columns, and a copy is a copy: rows
 * written by the SQLite stores, copied column by column (0/1 flags become booleans, the only
 * conversion), read the same through the PostgreSQL stores, sealed values included; the
 * stores then carry on from the copied ids and sequences.
 */
const pgSkip = await probePostgres();
const TABLES = [
  'cases',
  'case_seq',
  'case_events',
  'case_offers',
  'citizen_profiles',
  'files',
  'turn_log',
  'turn_rollup_kind',
  'turn_rollup_procedure',
  'turn_rollup_gap',
  'turn_rollup_conversations',
  'feedback',
  'rota_service_points',
  'rota_lawyers',
  'rota_shifts',
  'rota_exceptions',
  'console_transcript',
  'console_notes',
] as const;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const NOW = new Date('2026-11-26T10:00:00.000Z');

function sqliteStores(db: Db) {
  const turnLog = new SqliteTurnLog(db, boxes.turnLog);
  return {
    cases: new SqliteCaseStore(db, { box: boxes.cases, clock: () => NOW }),
    profiles: new SqliteProfileStore(db, boxes.profiles),
    files: new SqliteFileStore({ db, signingKey: fileLinkKey, cipher: boxes.files, clock: () => NOW }),
    turnLog,
    feedback: new SqliteFeedbackStore(db, boxes.feedback),
    rota: new SqliteRotaStore(db),
    transcript: new SqliteTranscriptStore(db, boxes.legalAid),
    notes: new SqliteConsoleNotes(db, boxes.legalAid, { now: () => NOW }),
  };
}

function pgStores(pool: pg.Pool) {
  const db = pgDb(pool);
  return {
    cases: new PgCaseStore(db, { box: boxes.cases, clock: () => NOW }),
    profiles: new PgProfileStore(db, boxes.profiles),
    files: new PgFileStore({ db, signingKey: fileLinkKey, cipher: boxes.files, clock: () => NOW }),
    turnLog: new PgTurnLog(db, boxes.turnLog),
    feedback: new PgFeedbackStore(db, boxes.feedback),
    rota: new PgRotaStore(db),
    transcript: new PgTranscriptStore(db, boxes.legalAid),
    notes: new PgConsoleNotes(db, boxes.legalAid, { now: () => NOW }),
  };
}

async function openBoth(): Promise<{ db: Db; pool: pg.Pool }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'domain-copy-'));
  const db = openDatabase(path.join(dir, 'tthc.sqlite'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => {
    db.close();
  });
  const { schema, drop } = await createTestSchema();
  const pool = createPgPool(PG_TEST_URL, { schema, max: 2 });
  cleanups.push(drop);
  cleanups.push(() => pool.end());
  await migratePostgres(pool);
  return { db, pool };
}

async function pgColumns(pool: pg.Pool): Promise<Record<string, Map<string, string>>> {
  const { rows } = await pool.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ANY($1)`,
    [[...TABLES]],
  );
  return Object.fromEntries(TABLES.map((t) => [t, new Map(rows.filter((r) => r.table_name === t).map((r) => [r.column_name, r.data_type]))]));
}

/** What a data move does per table: every row, every column, the flags as booleans; identities moved past the copied ids. */
async function copyTables(db: Db, pool: pg.Pool): Promise<void> {
  const columns = await pgColumns(pool);
  for (const t of TABLES) {
    const types = columns[t]!;
    for (const row of db.prepare(`SELECT * FROM ${t}`).all() as Array<Record<string, unknown>>) {
      const names = Object.keys(row);
      const values = names.map((n) => (types.get(n) === 'boolean' && row[n] !== null ? row[n] === 1 : row[n]));
      await pool.query(`INSERT INTO ${t} (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})`, values);
    }
    for (const id of ['id', 'seq']) {
      if (types.has(id) && (await pool.query(`SELECT pg_get_serial_sequence('${t}', '${id}') AS s`)).rows[0].s) {
        await pool.query(`SELECT setval(pg_get_serial_sequence('${t}', '${id}'), GREATEST((SELECT MAX(${id}) FROM ${t}), 1))`);
      }
    }
  }
}

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
  limitedScopeAcknowledged: false,
  contact: { safeToContact: false, method: 'this_channel' },
  summary: 'Hàng xóm xây lấn sang đất nhà tôi 30 cm.',
  consent: { textVersion: 'triage-consent-v1', purposes: ['legal_advice'], sensitiveDataAck: true, method: 'button:dong-y', givenAt: NOW.toISOString() },
  retentionUntil: '2027-11-26',
  citedArticles: [],
});
const routing: CaseRouting = { ward: '00070', language: 'vi', conflictWithServicePoint: true, slaDueAt: '2026-11-27T10:00:00.000Z' };

describe.skipIf(pgSkip !== undefined)(`PostgreSQL domain tables${pgSkip ? ` (SKIPPED: ${pgSkip})` : ''}`, () => {
  it('have the columns of the SQLite ones, no more, no fewer', async () => {
    const { db, pool } = await openBoth();
    sqliteStores(db);
    const pgCols = await pgColumns(pool);
    for (const t of TABLES) {
      const sqliteCols = (db.pragma(`table_info(${t})`) as { name: string }[]).map((c) => c.name).sort();
      expect({ table: t, columns: [...pgCols[t]!.keys()].sort() }).toEqual({ table: t, columns: sqliteCols });
    }
  });

  it('hold a copy of SQLite rows that the PostgreSQL stores read the same, sealed values included, and carry on from', async () => {
    const { db, pool } = await openBoth();
    const lite = sqliteStores(db);
    const a = await lite.cases.create(intake('conv-a', 'user-a'), routing);
    await lite.cases.create(intake('conv-b', 'user-b'), routing);
    await lite.cases.apply(a.id, {
      from: 'open', to: 'offered', version: 1,
      patch: { lawyerId: 'law-1', offeredAt: NOW.toISOString(), offerExpiresAt: '2026-11-26T12:00:00.000Z', flagged: true, flagReason: 'Trễ', declinedBy: ['law-0'] },
      audit: { kind: 'open->offered', actor: 'system:rota' },
    });
    await lite.cases.addOffer({ id: 'o1', caseId: a.id, lawyerId: 'law-1', offeredAt: NOW.toISOString(), expiresAt: '2026-11-26T12:00:00.000Z', status: 'offered' });
    await lite.cases.answerOffer('o1', { status: 'declined', respondedAt: NOW.toISOString(), reason: 'bận', conflictOfInterest: false });
    const subject = { channelId: 'zalo', userId: 'user-a' };
    await lite.profiles.put(subject, { hoTen: 'Lê Văn A', soCccd: '001099012345' }, { consentAt: NOW.toISOString(), now: NOW });
    const file = await lite.files.put({ conversationId: 'conv-a', name: 'to-khai.pdf', contentType: 'application/pdf', bytes: new Uint8Array(Buffer.from('%PDF Lê Văn A')) });
    const outcome = { behavior: 'refuse' as const, procedures: [], understanding: { intent: 'out_of_scope', confidence: 0.2, danger: false, abstain: true } };
    await lite.turnLog.record({ conversationId: 'conv-a', userId: 'user-a', channelId: 'zalo', at: NOW.toISOString(), text: 'nhà hàng xóm lấn đất', outcome, latencyMs: 3, ward: '00070' });
    await lite.feedback.record({ conversationId: 'conv-a', userId: 'user-a', channelId: 'zalo', at: '2026-11-26T10:00:05.000Z', rating: 'down', question: 'nhà hàng xóm lấn đất', reason: 'thieu' });

    await lite.rota.importRota({
      servicePoints: [{ code: '00070', name: 'Phường Hoàn Kiếm', address: 'UBND', hours: '8:00–17:00', neighbours: ['00004'] }],
      lawyers: [{ id: 'law-1', name: 'LS Một', specialties: ['DAT_DAI'], languages: ['vi'], wards: [], maxOpenCases: 2, active: false }],
      schedule: { shifts: [{ id: 's1', lawyerId: 'law-1', servicePoint: '00070', weekday: 2, start: '08:00', end: '11:30' }], exceptions: [{ id: 'x1', lawyerId: 'law-1', kind: 'leave', date: '2026-12-24', dateTo: '2026-12-25' }] },
    });
    await lite.transcript.append({ id: 't1', caseId: a.id, at: NOW.toISOString(), from: 'citizen', text: 'Hàng xóm xây lấn' });
    await lite.transcript.append({ id: 't2', caseId: a.id, at: NOW.toISOString(), from: 'lawyer', text: 'Tôi đã nhận', delivery: 'sent' });
    await lite.notes.add({ caseId: a.id, authorId: 'u-1', authorName: 'LS Một', text: 'Cần sổ đỏ' });

    await copyTables(db, pool);
    const pgs = pgStores(pool);
    expect(await pgs.rota.loadRota()).toEqual(await lite.rota.loadRota());
    expect(await pgs.transcript.list(a.id)).toEqual(await lite.transcript.list(a.id));
    expect(await pgs.notes.list(a.id)).toEqual(await lite.notes.list(a.id));
    await pgs.transcript.append({ id: 't3', caseId: a.id, at: NOW.toISOString(), from: 'citizen', text: 'Cảm ơn' });
    expect((await pgs.transcript.list(a.id)).map((e) => e.id)).toEqual(['t1', 't2', 't3']);

    expect(await pgs.cases.list()).toEqual(await lite.cases.list());
    expect(await pgs.cases.events(a.id)).toEqual(await lite.cases.events(a.id));
    expect(await pgs.cases.listOffers(a.id)).toEqual(await lite.cases.listOffers(a.id));
    expect(await pgs.cases.lawyerLoads()).toEqual(await lite.cases.lawyerLoads());
    expect(await pgs.profiles.get(subject)).toEqual(await lite.profiles.get(subject));
    const url = new URL(file.url, 'http://x');
    const opened = await pgs.files.open(file.fileId!, Object.fromEntries(url.searchParams));
    expect(Buffer.from(opened.bytes).toString()).toBe('%PDF Lê Văn A');
    expect(await pgs.turnLog.recent('conv-a')).toEqual(await lite.turnLog.recent('conv-a'));
    expect(await pgs.feedback.list()).toEqual(await lite.feedback.list());

    // Sequences and identities continue past the copied rows.
    expect((await pgs.cases.create(intake('conv-c', 'user-c'), routing)).id).toBe('HN-HOANKIEM-TV-0003-2026');
    await pgs.turnLog.record({ conversationId: 'conv-a', userId: 'user-a', channelId: 'zalo', at: '2026-11-26T10:01:00.000Z', text: 'còn gì nữa', outcome, latencyMs: 3, ward: '00070' });
    expect((await pgs.turnLog.recent('conv-a')).map((t) => t.text)).toEqual(['nhà hàng xóm lấn đất', 'còn gì nữa']);
    expect((await pool.query(`SELECT n FROM turn_rollup_conversations WHERE ward = '00070'`)).rows).toEqual([{ n: 1 }]);
  });
});
