import type { FeedbackEntry, FeedbackReason, FeedbackStore, SealedBox } from '../../bot/ports/index.js';
import { feedbackEntryOf, openFeedbackQuestion, sealFeedbackQuestion, type FeedbackRow } from '../feedback-rows.js';
import type { PgDb } from './db.js';

/**
 * `FeedbackStore` on PostgreSQL (`migrations/014_feedback.sql`), the twin of
 * `storage/feedback-store.ts`: the question sealed to `feedback/<conversation>/<at>/question`,
 * the rated turn's ward copied from the conversation's latest logged turn (the turn log is
 * always in the same database here). `addReason` completes the latest reasonless 👎 in one
 * `UPDATE` over a locked pick, so two reasons arriving at once never land on the same row.
 */

export class PgFeedbackStore implements FeedbackStore {
  constructor(
    private readonly db: PgDb,
    private readonly cipher: SealedBox,
  ) {}

  async record(e: FeedbackEntry): Promise<void> {
    await this.db.query(
      `INSERT INTO feedback (conversation_id, user_id, channel_id, at, rating, question, procedure_code, reason, ward)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, (SELECT ward FROM turn_log WHERE conversation_id = $1 ORDER BY id DESC LIMIT 1))`,
      [e.conversationId, e.userId, e.channelId, e.at, e.rating, sealFeedbackQuestion(this.cipher, e), e.procedureCode ?? null, e.reason ?? null],
    );
  }

  /** Completes the conversation's latest reasonless 👎 (within `withinMs`), or records a new one. */
  async addReason(e: FeedbackEntry & { reason: FeedbackReason }, withinMs: number): Promise<void> {
    const since = new Date(Date.parse(e.at) - withinMs).toISOString();
    const done = await this.db.query(
      `UPDATE feedback SET reason = $4 WHERE id = (
         SELECT id FROM feedback WHERE conversation_id = $1 AND rating = 'down' AND reason IS NULL AND at >= $2 AND at <= $3
         ORDER BY id DESC LIMIT 1 FOR UPDATE
       ) AND reason IS NULL`,
      [e.conversationId, since, e.at, e.reason],
    );
    if (!done.rowCount) await this.record(e);
  }

  /** Opens one row's sealed question (the dashboard's examples, for roles allowed to see them). */
  openQuestion(row: { conversation_id: string; at: string; question: string }): string {
    return openFeedbackQuestion(this.cipher, row);
  }

  /** Most recent feedback first. */
  async list(limit = 100): Promise<FeedbackEntry[]> {
    const { rows } = await this.db.query<FeedbackRow>('SELECT * FROM feedback ORDER BY id DESC LIMIT $1', [limit]);
    return rows.map((r) => feedbackEntryOf(r, this.cipher));
  }

  /** Erasure: feedback given in this conversation or by this user. */
  async eraseSubject(subject: { conversationId: string; userId?: string }): Promise<number> {
    // No user: NULL matches no row (PostgreSQL text cannot hold the NUL the SQLite store uses).
    return (await this.db.query('DELETE FROM feedback WHERE conversation_id = $1 OR user_id = $2', [subject.conversationId, subject.userId ?? null])).rowCount ?? 0;
  }

  /** Retention: deletes feedback older than `before`. */
  async purgeBefore(before: Date): Promise<number> {
    return (await this.db.query('DELETE FROM feedback WHERE at < $1', [before.toISOString()])).rowCount ?? 0;
  }
}
