import type { FeedbackEntry, FeedbackStore } from '../bot/index.js';
import { migrate, type Db } from './sqlite.js';

const MIGRATIONS = [
  {
    name: 'feedback_001',
    sql: `CREATE TABLE feedback (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      conversation_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      channel_id TEXT NOT NULL,
      at TEXT NOT NULL,
      rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
      question TEXT NOT NULL,
      procedure_code TEXT
    )`,
  },
];

interface Row {
  conversation_id: string;
  user_id: string;
  channel_id: string;
  at: string;
  rating: 'up' | 'down';
  question: string;
  procedure_code: string | null;
}

/** 👍/👎 on answers, with the (redacted) question, for later review. */
export class SqliteFeedbackStore implements FeedbackStore {
  private readonly insert;
  private readonly all;

  constructor(db: Db) {
    migrate(db, MIGRATIONS);
    this.insert = db.prepare('INSERT INTO feedback (conversation_id, user_id, channel_id, at, rating, question, procedure_code) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.all = db.prepare<[number], Row>('SELECT * FROM feedback ORDER BY id DESC LIMIT ?');
  }

  async record(e: FeedbackEntry): Promise<void> {
    this.insert.run(e.conversationId, e.userId, e.channelId, e.at, e.rating, e.question, e.procedureCode ?? null);
  }

  /** Most recent feedback first. */
  async list(limit = 100): Promise<FeedbackEntry[]> {
    return this.all.all(limit).map((r) => ({
      conversationId: r.conversation_id,
      userId: r.user_id,
      channelId: r.channel_id,
      at: r.at,
      rating: r.rating,
      question: r.question,
      procedureCode: r.procedure_code ?? undefined,
    }));
  }
}
