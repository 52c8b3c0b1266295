import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import type { CaseRepository, SealedBox } from '../../bot/ports/index.js';
import { SqliteCaseStore } from '../case-store.js';
import { createSealedBox } from '../crypto.js';
import { PgCaseStore } from '../postgres/case-store.js';
import { createPgPool, migratePostgres, pgDb } from '../postgres/index.js';
import { openDatabase, type Db } from '../sqlite.js';
import { createTestSchema, PG_TEST_URL, probePostgres } from './engines.js';

/**
 * The engines of the domain stores' contract suites (cases, profiles, files, feedback, turn
 * log), beside `engines.ts` (the channel queues'): each suite is written once against the
 * port and runs over SQLite (the real stores on a temporary file; several handles are several
 * connections to it) and PostgreSQL (a fresh schema per test on `PG_TEST_URL`, migrated with
 * `migratePostgres`; several handles are several pools, as several app processes have).
 */

/** The stores of one handle (one "process"). */
export interface DomainStores {
  cases: CaseRepository;
}

export interface OpenedDomainStores {
  handles: DomainStores[];
  /** The clock every store of this opening reads; tests move `clock.now`. */
  clock: { now: Date };
  /** Plain SQL both engines read the same way (rows at rest), or a write (no rows). */
  sql(text: string): Promise<Record<string, unknown>[]>;
}

export interface DomainStoreEngine {
  name: 'SQLite' | 'PostgreSQL';
  skipReason: string | undefined;
  open(handles?: number): Promise<OpenedDomainStores>;
  /** Closes and removes everything opened since the last call (afterEach). */
  cleanup(): Promise<void>;
}

/** The master box of the contract runs; each store takes its purpose box as the app does. */
export const contractBox: SealedBox = createSealedBox(Buffer.alloc(32, 7));
export const boxes = {
  cases: contractBox.forPurpose('legal-aid'),
};

function sqliteStores(db: Db, clock: { now: Date }): DomainStores {
  return {
    cases: new SqliteCaseStore(db, { box: boxes.cases, clock: () => clock.now }),
  };
}

function pgStores(pool: pg.Pool, clock: { now: Date }): DomainStores {
  const db = pgDb(pool);
  return {
    cases: new PgCaseStore(db, { box: boxes.cases, clock: () => clock.now }),
  };
}

const START = new Date('2026-11-26T10:00:00.000Z');

function sqliteEngine(): DomainStoreEngine {
  const open: Db[] = [];
  const dirs: string[] = [];
  return {
    name: 'SQLite',
    skipReason: undefined,
    async open(handles = 1) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'domain-contract-'));
      dirs.push(dir);
      const file = path.join(dir, 'tthc.sqlite');
      const clock = { now: new Date(START) };
      const dbs = Array.from({ length: handles }, () => openDatabase(file));
      open.push(...dbs);
      return {
        handles: dbs.map((db) => sqliteStores(db, clock)),
        clock,
        sql: async (text) => {
          const stmt = dbs[0]!.prepare(text);
          if (stmt.reader) return stmt.all() as Record<string, unknown>[];
          stmt.run();
          return [];
        },
      };
    },
    async cleanup() {
      for (const db of open.splice(0)) db.close();
      for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresEngine(skipReason: string | undefined): DomainStoreEngine {
  const pools: pg.Pool[] = [];
  const schemas: Array<{ drop(): Promise<void> }> = [];
  return {
    name: 'PostgreSQL',
    skipReason,
    async open(handles = 1) {
      const { schema, drop } = await createTestSchema();
      schemas.push({ drop });
      const own = Array.from({ length: handles }, () => createPgPool(PG_TEST_URL, { schema, max: 4 }));
      pools.push(...own);
      await migratePostgres(own[0]!);
      const clock = { now: new Date(START) };
      return {
        handles: own.map((p) => pgStores(p, clock)),
        clock,
        sql: async (text) => (await own[0]!.query(text)).rows as Record<string, unknown>[],
      };
    },
    async cleanup() {
      await Promise.all(pools.splice(0).map((p) => p.end()));
      for (const s of schemas.splice(0)) await s.drop();
    },
  };
}

/** Both engines; PostgreSQL carries a skip reason when no server answers at `PG_TEST_URL`. */
export async function domainStoreEngines(): Promise<DomainStoreEngine[]> {
  const reason = await probePostgres();
  if (reason) console.warn(`[store contract] PostgreSQL half skipped: ${reason}`);
  return [sqliteEngine(), postgresEngine(reason)];
}

/** The describe title: the engine, and why it is skipped when it is. */
export function domainEngineTitle(port: string, e: DomainStoreEngine): string {
  return e.skipReason ? `${port} contract on ${e.name} (SKIPPED: ${e.skipReason})` : `${port} contract on ${e.name}`;
}
