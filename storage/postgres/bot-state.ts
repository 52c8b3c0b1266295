import { randomUUID } from 'node:crypto';
import type { StoreItem } from '@microsoft/agents-hosting';
import type { BotStateStore, DataSubject, SealedBox } from '../../bot/ports/index.js';
import { AppError } from '../../knowledge/index.js';
import { botStateAad } from '../sqlite-storage.js';
import type { PgDb } from './db.js';

/**
 * The bot's conversation and user state on PostgreSQL (`migrations/050_bot_state.sql`), the
 * twin of `SqliteStorage`: same columns, same sealed binding (`bot_state/<key>/data`, with the
 * `bot-state` purpose box), so rows copied from a ward's SQLite file open here.
 *
 * Optimistic concurrency across processes: each item is written by ONE upsert whose update
 * only happens when the stored eTag is still the one the writer read
 * (`ON CONFLICT (key) DO UPDATE … WHERE bot_state.etag = $expected`). The conflict takes the
 * row lock, so a second process writing with the same eTag waits for the first to commit,
 * re-checks against the new row and updates nothing: it gets `conflict:storage_etag`. Two
 * processes creating the same new key race the same way (the loser's insert becomes a
 * guarded update that fails when it carried an eTag). A write of several keys is one
 * transaction: a conflict on any of them rolls back the others.
 */
export class PgStorage implements BotStateStore {
  constructor(
    private readonly db: PgDb,
    private readonly options: { cipher: SealedBox; newETag?: () => string; clock?: () => Date },
  ) {}

  private newETag(): string {
    return this.options.newETag ? this.options.newETag() : randomUUID();
  }

  private now(): Date {
    return this.options.clock ? this.options.clock() : new Date();
  }

  async read(keys: string[]): Promise<StoreItem> {
    if (!keys || keys.length === 0) throw new AppError('bad_request:storage_read', 'Storage.read needs at least one key');
    const { rows } = await this.db.query<{ key: string; etag: string; data: string }>('SELECT key, etag, data FROM bot_state WHERE key = ANY($1::text[])', [keys]);
    const byKey = new Map(rows.map((r) => [r.key, r]));
    const out: StoreItem = {};
    // In the order asked, as SqliteStorage answers.
    for (const key of keys) {
      const row = byKey.get(key);
      if (row) out[key] = { ...(JSON.parse(this.options.cipher.open(row.data, botStateAad(key))) as object), eTag: row.etag };
    }
    return out;
  }

  async write(changes: StoreItem): Promise<void> {
    if (!changes || Object.keys(changes).length === 0) throw new AppError('bad_request:storage_write', 'Storage.write needs at least one change');
    const at = this.now().toISOString();
    await this.db.transaction(async (tx) => {
      for (const [key, item] of Object.entries(changes)) {
        const { eTag, ...rest } = (item ?? {}) as StoreItem;
        const expected = eTag === undefined || eTag === '*' ? null : String(eTag);
        const written = await tx.query(
          `INSERT INTO bot_state (key, etag, data, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, data = excluded.data, updated_at = excluded.updated_at
           WHERE $5::text IS NULL OR bot_state.etag = $5::text`,
          [key, this.newETag(), this.options.cipher.seal(JSON.stringify(rest), botStateAad(key)), at, expected],
        );
        if ((written.rowCount ?? 0) === 0) {
          const current = (await tx.query<{ etag: string }>('SELECT etag FROM bot_state WHERE key = $1', [key])).rows[0]?.etag;
          throw new AppError('conflict:storage_etag', `Storage write conflict for key "${key}": eTag ${expected} is stale (current ${current})`);
        }
      }
    });
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys || keys.length === 0) return;
    await this.db.query('DELETE FROM bot_state WHERE key = ANY($1::text[])', [keys]);
  }

  async eraseSubject(subject: DataSubject): Promise<number> {
    const conv = `${subject.channelId}/conversations/${subject.conversationId}/`;
    const user = `${subject.channelId}/users/${subject.userId}/`;
    const { rowCount } = await this.db.query('DELETE FROM bot_state WHERE starts_with(key, $1) OR starts_with(key, $2)', [conv, user]);
    return rowCount ?? 0;
  }

  async purgeInactiveBefore(before: Date): Promise<number> {
    const { rowCount } = await this.db.query('DELETE FROM bot_state WHERE updated_at < $1', [before.toISOString()]);
    return rowCount ?? 0;
  }
}
