import path from 'node:path';
import { checkPgConnection, createPgPool, migratePostgres, PgRotaStore, pgDb, type PgDb } from '../../storage/postgres/index.js';
import { SqliteRotaStore, type RotaStore } from '../../storage/rota-store.js';
import { openDatabase, type Db } from '../../storage/sqlite.js';
import type { Config } from '../config.js';

/** A store a command reads and writes, where it is (for the report), and how to let it go. */
export interface StoreTarget<T> {
  store: T;
  /** "the SQLite file …" or the PostgreSQL database (password masked). */
  where: string;
  close(): Promise<void>;
}

/**
 * A store of this deployment, as the app would open it: PostgreSQL when `DATABASE_URL` is set
 * (connected and migrated first, so a command run before the first start works), the SQLite
 * file under `DATA_DIR` otherwise.
 */
export async function openStoreTarget<T>(
  config: Config,
  command: string,
  open: { postgres: (db: PgDb) => T; sqlite: (db: Db) => T },
): Promise<StoreTarget<T>> {
  if (config.databaseUrl) {
    const url = config.databaseUrl;
    const pool = createPgPool(url, { max: 2, applicationName: `tro-ly-tthc ${command}` });
    try {
      await checkPgConnection(pool, url);
      await migratePostgres(pool);
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw err;
    }
    const u = new URL(url);
    return { store: open.postgres(pgDb(pool)), where: `PostgreSQL ${u.host}${u.pathname}`, close: () => pool.end() };
  }
  const file = path.join(config.dataDir, 'tthc.sqlite');
  const db = openDatabase(file);
  return {
    store: open.sqlite(db),
    where: file,
    close: async () => {
      db.close();
    },
  };
}

/** The rota the lawyer commands read and write. */
export interface RotaTarget {
  rota: RotaStore;
  where: string;
  close(): Promise<void>;
}

export async function openRotaTarget(config: Config): Promise<RotaTarget> {
  const target = await openStoreTarget<RotaStore>(config, 'lawyers', { postgres: (db) => new PgRotaStore(db), sqlite: (db) => new SqliteRotaStore(db) });
  return { rota: target.store, where: target.where, close: target.close };
}
