import type { FeedbackEntry, FeedbackReason, FeedbackStore } from '../bot/ports/index.js';
import type { SealedBox } from '../bot/ports/index.js';
import { feedbackEntryOf, feedbackQuestionAad as aadFor, openFeedbackQuestion, sealFeedbackQuestion, type FeedbackRow } from './feedback-rows.js';
import { migrate, migrateData, type Db } from './sqlite.js';

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
  {
    // Issue 17: the reason given after a 👎, and the dashboard's date-range scans.
    name: 'feedback_003_reason',
    sql: `ALTER TABLE feedback ADD COLUMN reason TEXT;
    CREATE INDEX feedback_at ON feedback (at, rating, reason);
    CREATE INDEX feedback_conversation ON feedback (conversation_id, id);`,
  },
  {
    // Issue 17: the rated turn's ward, so the dashboard's ward views read one index range.
    name: 'feedback_004_ward',
    sql: `ALTER TABLE feedback ADD COLUMN ward TEXT;
    CREATE INDEX feedback_ward_at ON feedback (ward, at, rating, reason, procedure_code);`,
  },
];

/**
 * 👍/👎 on answers, with the (redacted) question, for later review. The question is free
 * text a citizen typed, so it is sealed with the feedback purpose key.
 */
export class SqliteFeedbackStore implements FeedbackStore {
  private readonly insert;
  private readonly all;

  constructor(
    private readonly db: Db,
    private readonly cipher: SealedBox,
  ) {
    migrate(db, MIGRATIONS);
    migrateData(db, 'feedback_002_sealed', () => {
      const rows = db.prepare('SELECT id, conversation_id, at, question FROM feedback').all() as Array<{ id: number; conversation_id: string; at: string; question: string }>;
      const update = db.prepare('UPDATE feedback SET question = ? WHERE id = ?');
      for (const r of rows) update.run(cipher.seal(r.question, aadFor(r.conversation_id, r.at)), r.id);
    });
    migrateData(db, 'feedback_005_ward_backfill', () => {
      if (!this.hasTurnLog()) return;
      db.prepare(
        `UPDATE feedback SET ward = (SELECT t.ward FROM turn_log t WHERE t.conversation_id = feedback.conversation_id AND t.at <= feedback.at ORDER BY t.id DESC LIMIT 1)`,
      ).run();
    });
    this.insert = db.prepare(
      'INSERT INTO feedback (conversation_id, user_id, channel_id, at, rating, question, procedure_code, reason, ward) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.all = db.prepare<[number], FeedbackRow>('SELECT * FROM feedback ORDER BY id DESC LIMIT ?');
  }

  async record(e: FeedbackEntry): Promise<void> {
    this.insert.run(e.conversationId, e.userId, e.channelId, e.at, e.rating, sealFeedbackQuestion(this.cipher, e), e.procedureCode ?? null, e.reason ?? null, this.wardOf(e.conversationId));
  }

  private wardStatement: { get(conversationId: string): unknown } | undefined;

  private hasTurnLog(): boolean {
    return !!this.db.prepare("SELECT 1 FROM pragma_table_info('turn_log') WHERE name = 'ward'").get();
  }

  /** The ward of the conversation's latest logged turn (the one rated), when the turn log is here. */
  private wardOf(conversationId: string): string | null {
    if (!this.wardStatement) {
      if (!this.hasTurnLog()) return null;
      this.wardStatement = this.db.prepare('SELECT ward FROM turn_log WHERE conversation_id = ? ORDER BY id DESC LIMIT 1');
    }
    const row = this.wardStatement.get(conversationId) as { ward: string | null } | undefined;
    return row?.ward ?? null;
  }

  /** Completes the conversation's latest reasonless 👎 (within `withinMs`), or records a new one. */
  async addReason(e: FeedbackEntry & { reason: FeedbackReason }, withinMs: number): Promise<void> {
    const since = new Date(Date.parse(e.at) - withinMs).toISOString();
    const open = this.db
      .prepare<[string, string, string], { id: number }>(
        "SELECT id FROM feedback WHERE conversation_id = ? AND rating = 'down' AND reason IS NULL AND at >= ? AND at <= ? ORDER BY id DESC LIMIT 1",
      )
      .get(e.conversationId, since, e.at);
    if (open) this.db.prepare('UPDATE feedback SET reason = ? WHERE id = ?').run(e.reason, open.id);
    else await this.record(e);
  }

  /** Opens one row's sealed question (the dashboard's examples, for roles allowed to see them). */
  openQuestion(row: { conversation_id: string; at: string; question: string }): string {
    return openFeedbackQuestion(this.cipher, row);
  }

  /** Most recent feedback first. */
  async list(limit = 100): Promise<FeedbackEntry[]> {
    return this.all.all(limit).map((r) => feedbackEntryOf(r, this.cipher));
  }

  /** Erasure: feedback given in this conversation or by this user. */
  eraseSubject(subject: { conversationId: string; userId?: string }): number {
    return this.db.prepare('DELETE FROM feedback WHERE conversation_id = ? OR user_id = ?').run(subject.conversationId, subject.userId ?? '\u0000').changes;
  }

  /** Retention: deletes feedback older than `before`. */
  purgeBefore(before: Date): number {
    return this.db.prepare('DELETE FROM feedback WHERE at < ?').run(before.toISOString()).changes;
  }
}
