import { randomUUID } from 'node:crypto';
import type { StoreItem } from '@microsoft/agents-hosting';
import { AppError } from '../knowledge/index.js';
import type { BotStateStore, SealedBox } from '../bot/ports/index.js';
import { migrate, migrateData, type Db } from './sqlite.js';

/** What each sealed value is bound to (the same on PostgreSQL, so copied rows open). */
export const botStateAad = (key: string) => `bot_state/${key}/data`;
const aadFor = botStateAad;

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
 * The Agents SDK `Storage` over SQLite (conversation and user state), the one-process
 * `BotStateStore` (`storage/postgres/bot-state.ts` is its PostgreSQL twin). Optimistic
 * concurrency as the SDK defines it: a write whose `eTag` differs from the stored one
 * fails with `conflict:storage_etag`; `'*'` or no eTag overwrites. Each write is one
 * transaction over all its keys, so a conflict changes nothing.
 *
 * Conversation and user state hold form sessions (names, ID numbers, addresses being
 * filled in), so each value is sealed with the bot-state purpose key, bound to its key.
 */
export class SqliteStorage implements BotStateStore {
  private readonly selectOne;
  private readonly upsert;
  private readonly remove;
  private readonly writeAll;

  constructor(
    private readonly db: Db,
    private readonly options: { cipher: SealedBox; newETag?: () => string; clock?: () => Date },
  ) {
    migrate(db, MIGRATIONS);
    const cipher = options.cipher;
    migrateData(db, 'bot_state_002_sealed', () => {
      const rows = db.prepare("SELECT key, data FROM bot_state WHERE data LIKE '{%'").all() as Array<{ key: string; data: string }>;
      const update = db.prepare('UPDATE bot_state SET data = ? WHERE key = ?');
      for (const r of rows) update.run(cipher.seal(r.data, aadFor(r.key)), r.key);
    });
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
        this.upsert.run({ key, etag: this.newETag(), data: cipher.seal(JSON.stringify(rest), aadFor(key)), at: this.now().toISOString() });
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
      if (row) out[key] = { ...(JSON.parse(this.options.cipher.open(row.data, aadFor(key))) as object), eTag: row.etag };
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

  /**
   * Erasure: the conversation's state and the user's state on that channel (keys are
   * `<channel>/conversations/<id>/…` and `<channel>/users/<id>/…`).
   */
  async eraseSubject(subject: { channelId: string; conversationId: string; userId: string }): Promise<number> {
    const conv = `${subject.channelId}/conversations/${subject.conversationId}/`;
    const user = `${subject.channelId}/users/${subject.userId}/`;
    return this.db
      .prepare('DELETE FROM bot_state WHERE substr(key, 1, ?) = ? OR substr(key, 1, ?) = ?')
      .run(conv.length, conv, user.length, user).changes;
  }

  /** Retention: state not written since `before` (abandoned conversations and form sessions). */
  async purgeInactiveBefore(before: Date): Promise<number> {
    return this.db.prepare('DELETE FROM bot_state WHERE updated_at < ?').run(before.toISOString()).changes;
  }
}
