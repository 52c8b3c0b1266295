import path from 'node:path';
import { checkPgConnection, createPgPool, migratePostgres, PgRotaStore, pgDb } from '../../storage/postgres/index.js';
import { SqliteRotaStore, type RotaStore } from '../../storage/rota-store.js';
import { openDatabase } from '../../storage/sqlite.js';
import type { Config } from '../config.js';

/** The rota the lawyer commands read and write, where it is (for the report), and how to let it go. */
export interface RotaTarget {
  rota: RotaStore;
  /** "the SQLite file …" or the PostgreSQL database (password masked). */
  where: string;
  close(): Promise<void>;
}

/**
 * The rota of this deployment, as the app would open it: PostgreSQL when `DATABASE_URL` is set
 * (connected and migrated first, so a command run before the first start works), the SQLite
 * file under `DATA_DIR` otherwise.
 */
export async function openRotaTarget(config: Config): Promise<RotaTarget> {
  if (config.databaseUrl) {
    const url = config.databaseUrl;
    const pool = createPgPool(url, { max: 2, applicationName: 'tro-ly-tthc lawyers' });
    try {
      await checkPgConnection(pool, url);
      await migratePostgres(pool);
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw err;
    }
    const u = new URL(url);
    return { rota: new PgRotaStore(pgDb(pool)), where: `PostgreSQL ${u.host}${u.pathname}`, close: () => pool.end() };
  }
  const file = path.join(config.dataDir, 'tthc.sqlite');
  const db = openDatabase(file);
  return {
    rota: new SqliteRotaStore(db),
    where: file,
    close: async () => {
      db.close();
    },
  };
}
