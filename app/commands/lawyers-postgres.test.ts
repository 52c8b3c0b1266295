import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PG_TEST_URL, probePostgres } from '../../storage/contract/engines.js';
import { createPgPool, PgRotaStore, pgDb } from '../../storage/postgres/index.js';
import { SqliteRotaStore } from '../../storage/rota-store.js';
import { openDatabase } from '../../storage/sqlite.js';
import { run as importRota } from './lawyers-import.js';
import { run as seedRota } from './lawyers-seed.js';
import { run as addUser } from './users-add.js';

/**
 * The lawyer commands write the rota where the app reads it: PostgreSQL when DATABASE_URL is
 * set (the SQLite file under DATA_DIR gets no rota row), the SQLite file otherwise.
 */
const skipReason = await probePostgres();

const LAWYERS = `id,name,specialties,max_open_cases
LS001,Nguyễn Văn A,DAT_DAI;THUA_KE,3
LS002,Trần Thị B,HON_NHAN_GIA_DINH,
`;
const SHIFTS = `lawyer_id,kind,service_point,weekday,date,date_to,start,end,note
LS001,weekly,Phường Ba Đình,T2,,,08:00,11:30,
LS002,extra,Phường Ngọc Hà,,2026-12-05,,08:00,11:30,
LS001,leave,,,2026-12-24,2026-12-31,,,Nghỉ phép
`;

let dir: string;
const saved = { ...process.env };
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lawyers-cmd-'));
  fs.writeFileSync(path.join(dir, 'lawyers.csv'), LAWYERS);
  fs.writeFileSync(path.join(dir, 'shifts.csv'), SHIFTS);
  process.env.NODE_ENV = 'test';
  process.env.DATA_DIR = path.join(dir, 'data');
  fs.mkdirSync(process.env.DATA_DIR);
  delete process.env.DATABASE_URL;
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
  process.env = { ...saved };
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Rota rows in the SQLite file under DATA_DIR (0 when the tables are not there). */
function sqliteRotaRows(): number {
  const file = path.join(process.env.DATA_DIR!, 'tthc.sqlite');
  if (!fs.existsSync(file)) return 0;
  const db = openDatabase(file);
  try {
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rota_%'`).all() as Array<{ name: string }>).map((t) => t.name);
    return tables.reduce((n, t) => n + (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n, 0);
  } finally {
    db.close();
  }
}

describe('lawyer commands on SQLite (no DATABASE_URL)', () => {
  it('lawyers:import loads the CSV files into the SQLite file', async () => {
    expect(await importRota([path.join(dir, 'lawyers.csv'), path.join(dir, 'shifts.csv')])).toBe(0);
    const db = openDatabase(path.join(process.env.DATA_DIR!, 'tthc.sqlite'));
    try {
      const rota = await new SqliteRotaStore(db).loadRota();
      expect(rota.lawyers.map((l) => l.id)).toEqual(['LS001', 'LS002']);
      expect(rota.shifts).toHaveLength(1);
      expect(rota.exceptions).toHaveLength(2);
      expect(rota.servicePoints).toHaveLength(126);
    } finally {
      db.close();
    }
  });
});

describe.skipIf(skipReason !== undefined)(`lawyer commands on PostgreSQL (DATABASE_URL)${skipReason ? ` (SKIPPED: ${skipReason})` : ''}`, () => {
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await drop?.();
    drop = undefined;
  });

  async function freshDatabase(): Promise<string> {
    const name = `t_lawyers_${crypto.randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_TEST_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`).finally(() => admin.end());
    drop = async () => {
      const c = new pg.Client({ connectionString: PG_TEST_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => c.end());
    };
    const url = new URL(PG_TEST_URL);
    url.pathname = `/${name}`;
    return url.toString();
  }

  it('lawyers:import, lawyers:seed and users:add read and write the rota in PostgreSQL, none of it in the SQLite file', async () => {
    const url = await freshDatabase();
    process.env.DATABASE_URL = url;
    const pool = createPgPool(url, { max: 2 });
    try {
      const rota = new PgRotaStore(pgDb(pool));
      // Migrates a database no app has started on yet, then imports.
      expect(await importRota([path.join(dir, 'lawyers.csv'), path.join(dir, 'shifts.csv')])).toBe(0);
      const loaded = await rota.loadRota();
      expect(loaded.lawyers.map((l) => [l.id, l.name, l.maxOpenCases])).toEqual([
        ['LS001', 'Nguyễn Văn A', 3],
        ['LS002', 'Trần Thị B', 5],
      ]);
      expect(loaded.shifts).toEqual([expect.objectContaining({ lawyerId: 'LS001', weekday: 1, start: '08:00', end: '11:30' })]);
      expect(loaded.exceptions.map((e) => e.kind).sort()).toEqual(['extra', 'leave']);
      expect(loaded.servicePoints).toHaveLength(126);

      // A second import replaces LS001's schedule only.
      fs.writeFileSync(path.join(dir, 'one.csv'), 'id,name,specialties\nLS001,Nguyễn Văn A,DAT_DAI\n');
      fs.writeFileSync(path.join(dir, 'shifts2.csv'), 'lawyer_id,kind,service_point,weekday,date,date_to,start,end,note\nLS001,weekly,00004,T4,,,13:30,17:00,\n');
      expect(await importRota([path.join(dir, 'one.csv'), path.join(dir, 'shifts2.csv')])).toBe(0);
      const again = await rota.loadRota();
      expect(again.shifts.map((s) => [s.lawyerId, s.weekday])).toEqual([['LS001', 3]]);
      expect(again.exceptions.map((e) => [e.lawyerId, e.kind])).toEqual([['LS002', 'extra']]);

      // The user's lawyer id is checked against the PostgreSQL rota.
      expect(await addUser(['nguyenvana', 'lawyer', '--lawyer', 'LS001'])).toBe(0);
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      expect(await addUser(['khong-co', 'lawyer', '--lawyer', 'LS999'])).toBe(1);

      expect(await seedRota(['--password', 'mat-khau-demo-123'])).toBe(0);
      const counts = await rota.counts();
      expect(counts.servicePoints).toBe(126);
      expect(counts.lawyers).toBeGreaterThan(2);
      expect(sqliteRotaRows()).toBe(0);
    } finally {
      await pool.end();
    }
  }, 60_000);
});
