import { randomUUID } from 'node:crypto';
import type { Storage, StoreItem } from '@microsoft/agents-hosting';
import { AppError } from '../knowledge/index.js';
import { migrate, type Db } from './sqlite.js';

const MIGRATIONS = [
  {
    name: 'bot_state_001',
    sql: `CREATE TABLE bot_state (
      key TEXT PRIMARY KEY,
      etag TEXT NOT NULL,
      data TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
  },
];

/**
 * The Agents SDK `Storage` over SQLite (conversation and user state). Optimistic
 * concurrency as the SDK defines it: a write whose `eTag` differs from the stored one
 * fails with `conflict:storage_etag`; `'*'` or no eTag overwrites. Each write is one
 * transaction over all its keys, so a conflict changes nothing.
 */
export class SqliteStorage implements Storage {
  private readonly selectOne;
  private readonly upsert;
  private readonly remove;
  private readonly writeAll;

  constructor(
    private readonly db: Db,
    private readonly options: { newETag?: () => string; clock?: () => Date } = {},
  ) {
    migrate(db, MIGRATIONS);
    this.selectOne = db.prepare<[string], { etag: string; data: string }>('SELECT etag, data FROM bot_state WHERE key = ?');
    this.upsert = db.prepare(
      `INSERT INTO bot_state (key, etag, data, updated_at) VALUES (@key, @etag, @data, @at)
       ON CONFLICT(key) DO UPDATE SET etag = excluded.etag, data = excluded.data, updated_at = excluded.updated_at`,
    );
    this.remove = db.prepare('DELETE FROM bot_state WHERE key = ?');
    this.writeAll = db.transaction((changes: StoreItem) => {
      for (const [key, item] of Object.entries(changes)) {
        const { eTag, ...rest } = (item ?? {}) as StoreItem;
        const existing = this.selectOne.get(key);
        if (existing && eTag !== undefined && eTag !== '*' && eTag !== existing.etag) {
          throw new AppError('conflict:storage_etag', `Storage write conflict for key "${key}": eTag ${eTag} is stale (current ${existing.etag})`);
        }
        this.upsert.run({ key, etag: this.newETag(), data: JSON.stringify(rest), at: this.now().toISOString() });
      }
    });
  }

  private newETag(): string {
    return this.options.newETag ? this.options.newETag() : randomUUID();
  }

  private now(): Date {
    return this.options.clock ? this.options.clock() : new Date();
  }

  async read(keys: string[]): Promise<StoreItem> {
    if (!keys || keys.length === 0) throw new AppError('bad_request:storage_read', 'Storage.read needs at least one key');
    const out: StoreItem = {};
    for (const key of keys) {
      const row = this.selectOne.get(key);
      if (row) out[key] = { ...(JSON.parse(row.data) as object), eTag: row.etag };
    }
    return out;
  }

  async write(changes: StoreItem): Promise<void> {
    if (!changes || Object.keys(changes).length === 0) throw new AppError('bad_request:storage_write', 'Storage.write needs at least one change');
    this.writeAll.immediate(changes);
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys ?? []) this.remove.run(key);
  }
}
