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
  // FULL, not NORMAL: the Zalo inbox answers "200, stored" to the webhook and Direct Line
  // answers "201, accepted" to the citizen only after their row is committed. In WAL mode
  // NORMAL does not fsync the log at each commit, so a power cut could lose a write already
  // acknowledged (Zalo would not resend it; the citizen's message would vanish). FULL syncs
  // the WAL on every commit; at this write rate (a few per second) the cost is small.
  // The setting is per connection and every store shares this one, so it covers them all.
  db.pragma('synchronous = FULL');
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

/**
 * Runs a one-off data migration (JavaScript, e.g. re-encrypting rows) once, in the same
 * transaction that records it, so a crash leaves either the old data with no mark or the
 * new data with the mark.
 */
export function migrateData(db: Db, name: string, fn: () => void): boolean {
  if (db.prepare('SELECT 1 FROM schema_migrations WHERE name = ?').get(name)) return false;
  db.transaction(() => {
    fn();
    db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(name, new Date().toISOString());
  }).immediate();
  return true;
}
