import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * Opens (creating if needed) a SQLite database with the settings every store relies on:
 * WAL for concurrent readers, a busy timeout so several processes can share the file,
 * foreign keys on. Nothing opens a database at import time: callers pass the path.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // Erased personal data must not linger in free pages of the file.
  db.pragma('secure_delete = ON');
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
  )`);
  return db;
}

/**
 * Applies each named migration once, in order, inside a transaction. Stores own their
 * migrations (names prefixed by the store, e.g. `zalo_inbox_001`), so adding a store
 * never touches another store's schema.
 */
export function migrate(db: Db, migrations: ReadonlyArray<{ name: string; sql: string }>): void {
  const applied = db.prepare('SELECT 1 FROM schema_migrations WHERE name = ?');
  const mark = db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)');
  const run = db.transaction((m: { name: string; sql: string }) => {
    db.exec(m.sql);
    mark.run(m.name, new Date().toISOString());
  });
  for (const m of migrations) {
    if (!applied.get(m.name)) run.immediate(m);
  }
}

/**
 * A per-database cache of prepared statements keyed by SQL text: for small, hot
 * statements preparing costs more than running them.
 */
export function statementCache(db: Db): (sql: string) => Database.Statement {
  const cache = new Map<string, Database.Statement>();
  return (sql) => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };
}
