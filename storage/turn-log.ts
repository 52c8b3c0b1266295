import type { TurnLog, TurnLogEntry } from '../bot/index.js';
import { migrate, type Db } from './sqlite.js';

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

interface Row {
  conversation_id: string;
  user_id: string;
  channel_id: string;
  at: string;
  text: string;
  outcome: string;
  latency_ms: number;
}

/** Every turn's decision in SQLite. The caller redacts the text (the bot does). */
export class SqliteTurnLog implements TurnLog {
  private readonly insert;
  private readonly byConversation;

  constructor(db: Db) {
    migrate(db, MIGRATIONS);
    this.insert = db.prepare(
      `INSERT INTO turn_log (conversation_id, user_id, channel_id, at, text, behavior, procedure_code, outcome, latency_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.byConversation = db.prepare<[string, number], Row>(
      'SELECT * FROM (SELECT * FROM turn_log WHERE conversation_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id ASC',
    );
  }

  async record(e: TurnLogEntry): Promise<void> {
    this.insert.run(e.conversationId, e.userId, e.channelId, e.at, e.text, e.outcome.behavior, e.outcome.procedureCode ?? null, JSON.stringify(e.outcome), e.latencyMs);
  }

  /** The last `limit` turns of a conversation, oldest first. */
  async recent(conversationId: string, limit = 50): Promise<TurnLogEntry[]> {
    return this.byConversation.all(conversationId, limit).map((r) => ({
      conversationId: r.conversation_id,
      userId: r.user_id,
      channelId: r.channel_id,
      at: r.at,
      text: r.text,
      outcome: JSON.parse(r.outcome) as TurnLogEntry['outcome'],
      latencyMs: r.latency_ms,
    }));
  }
}
