import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { ChannelQueues } from '../../bot/ports/index.js';
import { createPgChannelQueues, createPgPool, migratePostgres, pgDb } from '../postgres/index.js';
import { createSealedBox } from '../crypto.js';
import { openDatabase, type Db } from '../sqlite.js';
import { sqliteZaloQueues } from '../zalo-queues.js';

/**
 * The engines the store contract suites run against. Each suite is written once against
 * the port and runs here over SQLite (the stores the app composes, `sqliteZaloQueues`), and over PostgreSQL when a
 * server answers at `PG_TEST_URL` (default `postgres://postgres@127.0.0.1:5432/test`, the
 * server CI starts). Every PostgreSQL test gets its own schema, dropped afterwards.
 */

export const PG_TEST_URL = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface OpenedStore {
  /**
   * `handles` independent views of one empty store: separate SQLite connections to one file,
   * or separate PostgreSQL pools on one schema (as several app processes would have).
   */
  handles: ChannelQueues[];
  /** Runs plain SQL both engines read the same way: rows to look at what is at rest, or a write (none). */
  sql(text: string): Promise<Record<string, unknown>[]>;
}

export interface StoreEngine {
  name: 'SQLite' | 'PostgreSQL';
  /** Why the engine does not run here, or undefined when it does. */
  skipReason: string | undefined;
  open(handles?: number): Promise<OpenedStore>;
  /** Closes and removes everything opened since the last call (afterEach). */
  cleanup(): Promise<void>;
}

const box = createSealedBox(Buffer.alloc(32, 3));
const queueBox = box.forPurpose('zalo-queue');

/** Several handles on one fresh database: what an engine's `open` builds its stores on. */
export interface FreshDatabase<Conn> {
  connections: Conn[];
  sql(text: string): Promise<Record<string, unknown>[]>;
}

/**
 * An engine over SQLite: each `open` makes a new file in a temporary folder and `handles`
 * connections to it; `build` turns them into the stores under test.
 */
export function sqliteEngineOf<T>(prefix: string, build: (db: FreshDatabase<Db>) => T): { name: 'SQLite'; skipReason: undefined; open(handles?: number): Promise<T>; cleanup(): Promise<void> } {
  const open: Db[] = [];
  const dirs: string[] = [];
  return {
    name: 'SQLite',
    skipReason: undefined,
    async open(handles = 1) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
      dirs.push(dir);
      const file = path.join(dir, 'tthc.sqlite');
      const dbs = Array.from({ length: handles }, () => openDatabase(file));
      open.push(...dbs);
      return build({
        connections: dbs,
        sql: async (text) => {
          const stmt = dbs[0]!.prepare(text);
          if (stmt.reader) return stmt.all() as Record<string, unknown>[];
          stmt.run();
          return [];
        },
      });
    },
    async cleanup() {
      for (const db of open.splice(0)) db.close();
      for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * An engine over PostgreSQL: each `open` makes a fresh migrated schema and `handles` pools on
 * it (as several app processes would have); `build` turns them into the stores under test.
 */
export function postgresEngineOf<T>(skipReason: string | undefined, build: (db: FreshDatabase<pg.Pool>) => T): { name: 'PostgreSQL'; skipReason: string | undefined; open(handles?: number): Promise<T>; cleanup(): Promise<void> } {
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
      return build({ connections: own, sql: async (text) => (await own[0]!.query(text)).rows as Record<string, unknown>[] });
    },
    async cleanup() {
      await Promise.all(pools.splice(0).map((p) => p.end()));
      for (const s of schemas.splice(0)) await s.drop();
    },
  };
}

/** Whether a server answers at `url` (default `PG_TEST_URL`); the reason to skip when not. */
export async function probePostgres(url: string = PG_TEST_URL): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (err) {
    return `no PostgreSQL server answers at PG_TEST_URL=${url} (${(err as Error).message || (err as { code?: string }).code})`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A fresh schema on the test server and a way to drop it (with everything in it). */
export async function createTestSchema(): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = `t_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_TEST_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  return {
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: PG_TEST_URL });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA ${schema} CASCADE`);
      } finally {
        await c.end();
      }
    },
  };
}

function sqliteEngine(): StoreEngine {
  return sqliteEngineOf('store-contract-', ({ connections, sql }) => ({ handles: connections.map((db) => sqliteZaloQueues(db, box)), sql }));
}

function postgresEngine(skipReason: string | undefined): StoreEngine {
  return postgresEngineOf(skipReason, ({ connections, sql }) => ({
    handles: connections.map((p) => createPgChannelQueues(pgDb(p), { queueBox, tokenBox: box })),
    sql,
  }));
}

/** Both engines; PostgreSQL carries a skip reason when no server answers. */
export async function storeEngines(): Promise<StoreEngine[]> {
  const reason = await probePostgres();
  if (reason) console.warn(`[store contract] PostgreSQL half skipped: ${reason}`);
  return [sqliteEngine(), postgresEngine(reason)];
}

/** The describe title: the engine, and why it is skipped when it is. */
export function engineTitle(port: string, e: { name: string; skipReason: string | undefined }): string {
  return e.skipReason ? `${port} contract on ${e.name} (SKIPPED: ${e.skipReason})` : `${port} contract on ${e.name}`;
}

/**
 * A fresh database on the test server (CREATE DATABASE `<prefix>_<random>`): for tests and
 * benchmarks that start whole apps or processes, which connect by URL. Its URL, its name, and a
 * way to drop it (with the connections still open, FORCE).
 */
export async function createTestDatabase(prefix: string, adminUrl: string = PG_TEST_URL): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `${prefix}_${crypto.randomBytes(5).toString('hex')}`;
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
