import type { TurnLog, TurnLogEntry } from '../bot/ports/index.js';
import { analyticsColumns, localDay, TURN_LOG_ANALYTICS_MIGRATIONS } from './analytics-columns.js';
import { TURN_LOG_ROLLUP_MIGRATIONS, TurnRollups } from './analytics-rollups.js';
import type { SealedBox } from '../bot/ports/index.js';
import { migrate, migrateData, type Db } from './sqlite.js';
import { openTurnText, TURN_LOG_INSERT_COLUMNS, turnLogEntryOf, turnLogInsertValues, turnTextAad as aadFor, type TurnLogRow as Row } from './turn-log-rows.js';

const MIGRATIONS = [
  {
    name: 'turn_log_001',
    sql: `CREATE TABLE turn_log (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      conversation_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      channel_id TEXT NOT NULL,
      at TEXT NOT NULL,
      text TEXT NOT NULL,
      behavior TEXT NOT NULL,
      procedure_code TEXT,
      outcome TEXT NOT NULL,
      latency_ms REAL NOT NULL
    );
    CREATE INDEX turn_log_conversation ON turn_log (conversation_id, id);`,
  },
];

/**
 * Every turn's decision in SQLite. The caller redacts the text (the bot does), and the text
 * is sealed with the turn-log purpose key all the same: redaction catches ID and phone
 * numbers, not a citizen's story. Decisions (behaviour, procedure, latency) stay in clear
 * for quality review; retention deletes rows after `RETENTION_TURN_LOG_DAYS`.
 */
export class SqliteTurnLog implements TurnLog {
  private readonly insert;
  private readonly byConversation;

  private readonly topicHash: (signature: string) => string;
  private readonly rollups: TurnRollups;
  private readonly write: (e: TurnLogEntry) => void;

  /**
   * `cipher`: the turn-log purpose box; it seals the text and keys the dashboard's topic
   * clusters (`lookupHash`). `options.topicHash` is deprecated (callers passed the same box's
   * `lookupHash`) and goes once they stop passing it.
   */
  constructor(
    private readonly db: Db,
    private readonly cipher: SealedBox,
    options: { topicHash?: (signature: string) => string } = {},
  ) {
    this.topicHash = options.topicHash ?? ((signature) => cipher.lookupHash(signature));
    migrate(db, MIGRATIONS);
    migrateData(db, 'turn_log_002_sealed', () => {
      const rows = db.prepare('SELECT id, conversation_id, at, text FROM turn_log').all() as Array<{ id: number; conversation_id: string; at: string; text: string }>;
      const update = db.prepare('UPDATE turn_log SET text = ? WHERE id = ?');
      for (const r of rows) update.run(cipher.seal(r.text, aadFor(r.conversation_id, r.at)), r.id);
    });
    migrate(db, TURN_LOG_ANALYTICS_MIGRATIONS);
    migrateData(db, 'turn_log_004_analytics_backfill', () => {
      const rows = db.prepare('SELECT id, conversation_id, user_id, channel_id, at, text, outcome, latency_ms FROM turn_log').all() as Array<Row & { id: number }>;
      const update = db.prepare('UPDATE turn_log SET day = ?, kind = ?, intent = ?, confidence = ?, gap = ?, topic = ? WHERE id = ?');
      for (const r of rows) {
        const c = analyticsColumns({ ...this.entryOf(r) }, this.topicHash);
        update.run(c.day, c.kind, c.intent, c.confidence, c.gap, c.topic, r.id);
      }
    });
    migrate(db, TURN_LOG_ROLLUP_MIGRATIONS);
    this.rollups = new TurnRollups(db);
    migrateData(db, 'turn_log_006_rollups_backfill', () => this.rollups.rebuild({ all: true }));
    this.insert = db.prepare(
      `INSERT INTO turn_log (${TURN_LOG_INSERT_COLUMNS})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.byConversation = db.prepare<[string, number], Row>(
      'SELECT * FROM (SELECT * FROM turn_log WHERE conversation_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id ASC',
    );
    // The row and its rollup counts commit together (a nested call becomes a savepoint).
    this.write = db.transaction((e: TurnLogEntry) => {
      const c = analyticsColumns(e, this.topicHash);
      const code = e.outcome.procedureCode ?? null;
      this.rollups.add(e.conversationId, e.channelId, code, c);
      this.insert.run(...turnLogInsertValues(e, this.cipher, c));
    });
  }

  async record(e: TurnLogEntry): Promise<void> {
    this.write(e);
  }

  /** Opens one row's sealed text (the dashboard's review of examples, for roles allowed to see them). */
  openText(row: { conversation_id: string; at: string; text: string }): string {
    return openTurnText(this.cipher, row);
  }

  private entryOf(r: Row): TurnLogEntry {
    return turnLogEntryOf(r, this.cipher);
  }

  /** The last `limit` turns of a conversation, oldest first. */
  async recent(conversationId: string, limit = 50): Promise<TurnLogEntry[]> {
    return this.byConversation.all(conversationId, limit).map((r) => this.entryOf(r));
  }

  /** Erasure: every turn of this conversation and, when given, of this user. */
  /** The dashboard's rollups of the affected days are rebuilt in the same transaction. */
  eraseSubject(subject: { conversationId: string; userId?: string }): number {
    return this.db.transaction(() => {
      const params = [subject.conversationId, subject.userId ?? '\u0000'];
      const days = (this.db.prepare('SELECT DISTINCT day FROM turn_log WHERE (conversation_id = ? OR user_id = ?) AND day IS NOT NULL').all(...params) as Array<{ day: string }>).map((r) => r.day);
      const changes = this.db.prepare('DELETE FROM turn_log WHERE conversation_id = ? OR user_id = ?').run(...params).changes;
      if (days.length) this.rollups.rebuild({ days });
      return changes;
    })();
  }

  /** Retention: deletes turns older than `before`, and the rollups of the days they were on. */
  purgeBefore(before: Date): number {
    return this.db.transaction(() => {
      const changes = this.db.prepare('DELETE FROM turn_log WHERE at < ?').run(before.toISOString()).changes;
      if (changes) this.rollups.rebuild({ upTo: localDay(before) });
      return changes;
    })();
  }
}
