import type { InboxCounts, InboxEvent, InboxQueue, InboxStatus } from '../../bot/ports/index.js';
import type { PgDb } from './db.js';
import { inboxBodyAad, inboxErrorAad, inboxEventOf, openInboxError, type InboxRow, type RowSealer } from '../zalo-rows.js';

/**
 * The Zalo inbox on PostgreSQL (`migrations/001_zalo_inbox.sql`), the same contract as
 * `storage/zalo-inbox.ts`: each user's events handed out one at a time, oldest first, under
 * a lease. Several app processes claim from one table: `FOR UPDATE SKIP LOCKED` lets each
 * claim lock the rows it takes and pass over rows another claim holds, so no event goes to
 * two workers and nobody waits on anybody. Bodies and errors are sealed as in SQLite (same
 * bindings, so rows copied from SQLite open here).
 */


export class PgZaloInbox implements InboxQueue {
  constructor(
    private readonly db: PgDb,
    private readonly cipher: RowSealer,
  ) {}

  private sealError(error: string, id: number): string {
    return this.cipher.seal(error, inboxErrorAad(id));
  }

  /** The last processing error of an event, opened (operators, tests). */
  async lastError(id: number): Promise<string | undefined> {
    const r = (await this.db.query<{ last_error: string | null }>(`SELECT last_error FROM zalo_inbox WHERE id = $1`, [id])).rows[0];
    if (!r?.last_error) return undefined;
    return openInboxError(this.cipher, r.last_error, id);
  }

  async add(input: { dedupeKey: string; userId: string; eventName: string; body: string; now: number }): Promise<boolean> {
    const res = await this.db.query(
      `INSERT INTO zalo_inbox (dedupe_key, user_id, event_name, body, received_at, available_at)
       VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (dedupe_key) DO NOTHING`,
      [input.dedupeKey, input.userId, input.eventName, this.cipher.seal(input.body, inboxBodyAad(input.dedupeKey)), input.now],
    );
    return res.rowCount === 1;
  }

  /**
   * One statement: pick each user's oldest open event when it is due (or its lease ran out),
   * lock it unless another claim holds it (SKIP LOCKED), and lease it. A row another process
   * leased meanwhile is re-checked after its lock is released and no longer qualifies.
   */
  async claim(owner: string, now: number, leaseMs: number, limit: number): Promise<InboxEvent[]> {
    const res = await this.db.query<InboxRow>(
      `WITH picked AS (
         SELECT e.id FROM zalo_inbox e
         WHERE e.status IN ('pending', 'processing')
           AND e.id = (SELECT MIN(q.id) FROM zalo_inbox q
                       WHERE q.user_id = e.user_id AND q.status IN ('pending', 'processing'))
           AND ((e.status = 'pending' AND e.available_at <= $1)
                OR (e.status = 'processing' AND e.lease_until <= $1))
         ORDER BY e.id
         LIMIT $2
         FOR UPDATE SKIP LOCKED
       )
       UPDATE zalo_inbox z SET status = 'processing', lease_owner = $3, lease_until = $4, attempts = z.attempts + 1
       FROM picked WHERE z.id = picked.id
       RETURNING z.id, z.dedupe_key, z.user_id, z.event_name, z.body, z.received_at, z.attempts`,
      [now, limit, owner, now + leaseMs],
    );
    return res.rows
      .sort((a, b) => a.id - b.id)
      .map((r) => inboxEventOf(r, this.cipher));
  }

  async complete(id: number, owner: string, now: number): Promise<boolean> {
    const res = await this.db.query(
      `UPDATE zalo_inbox SET status = 'done', body = '', lease_owner = NULL, lease_until = NULL, finished_at = $1
       WHERE id = $2 AND lease_owner = $3 AND status = 'processing'`,
      [now, id, owner],
    );
    return res.rowCount === 1;
  }

  async release(id: number, owner: string, availableAt: number, error?: string): Promise<void> {
    await this.db.query(
      `UPDATE zalo_inbox SET status = 'pending', lease_owner = NULL, lease_until = NULL, available_at = $1,
         last_error = COALESCE($2, last_error)
       WHERE id = $3 AND lease_owner = $4 AND status = 'processing'`,
      [availableAt, error === undefined ? null : this.sealError(error, id), id, owner],
    );
  }

  async releaseAll(owner: string, now: number): Promise<number> {
    const res = await this.db.query(
      `UPDATE zalo_inbox SET status = 'pending', lease_owner = NULL, lease_until = NULL, available_at = $1,
         attempts = GREATEST(attempts - 1, 0)
       WHERE lease_owner = $2 AND status = 'processing'`,
      [now, owner],
    );
    return res.rowCount ?? 0;
  }

  async fail(id: number, owner: string, now: number, error: string): Promise<void> {
    await this.db.query(
      `UPDATE zalo_inbox SET status = 'failed', lease_owner = NULL, lease_until = NULL, last_error = $1, finished_at = $2
       WHERE id = $3 AND lease_owner = $4`,
      [this.sealError(error, id), now, id, owner],
    );
  }

  async nextAvailableAt(): Promise<number | undefined> {
    const res = await this.db.query<{ t: number | null }>(
      `SELECT MIN(CASE WHEN status = 'pending' THEN available_at ELSE lease_until END) AS t
       FROM zalo_inbox WHERE status IN ('pending', 'processing')`,
    );
    return res.rows[0]?.t ?? undefined;
  }

  async counts(): Promise<InboxCounts> {
    const res = await this.db.query<{ status: InboxStatus; n: number }>(`SELECT status, COUNT(*) AS n FROM zalo_inbox GROUP BY status`);
    const out: InboxCounts = { pending: 0, processing: 0, failed: 0, done: 0 };
    for (const r of res.rows) out[r.status] = r.n;
    return out;
  }

  async purgeBefore(cutoff: number): Promise<number> {
    const res = await this.db.query(`DELETE FROM zalo_inbox WHERE status IN ('done', 'failed') AND finished_at < $1`, [cutoff]);
    return res.rowCount ?? 0;
  }

  async eraseUser(userId: string): Promise<number> {
    const res = await this.db.query(`DELETE FROM zalo_inbox WHERE user_id = $1 AND status <> 'processing'`, [userId]);
    return res.rowCount ?? 0;
  }
}
