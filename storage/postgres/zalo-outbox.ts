import type { OutboxCounts, OutboxItem, OutboxQueue, OutboxRecord, OutboxStatus } from '../../bot/ports/index.js';
import { outboxAad, outboxItemOf, outboxRecordOf, type OutboxRow, type RowSealer } from '../zalo-rows.js';
import type { PgDb } from './db.js';

/**
 * The Zalo outbox on PostgreSQL (`migrations/002_zalo_outbox.sql`), the same contract as
 * `storage/zalo-outbox.ts`: each user's messages leave in order, one at a time, under a
 * lease; final rows keep their reason for operators. Claims use `FOR UPDATE SKIP LOCKED` so
 * several senders in several processes never take the same row. Payloads are sealed with
 * the same binding as in SQLite (`zalo_outbox:<id>:<user>`).
 */

/** The shared row (`storage/zalo-rows.ts`) as this engine returns it. */
type Row = OutboxRow & { maybe_sent: boolean };

const FINAL = `('delivered', 'expired', 'undeliverable')`;

export class PgZaloOutbox implements OutboxQueue {
  constructor(
    private readonly db: PgDb,
    private readonly cipher: RowSealer,
  ) {}

  private toItem(r: Row): OutboxItem {
    return outboxItemOf(r, this.cipher);
  }

  private toRecord(r: Row): OutboxRecord {
    return outboxRecordOf(r, this.cipher);
  }

  /**
   * The ids are drawn from the table's sequence first so each payload is sealed to its row
   * before the rows exist: a concurrent claim never sees a row without its payload, and the
   * rows go in with one statement (all or none).
   */
  async enqueue(userId: string, origin: string, payloads: string[], now: number, opts: { deliverBy: number; tag?: string }): Promise<number[]> {
    if (payloads.length === 0) return [];
    const ids = (
      await this.db.query<{ id: number }>(
        `SELECT nextval(pg_get_serial_sequence('zalo_outbox', 'id')) AS id FROM generate_series(1, $1) ORDER BY 1`,
        [payloads.length],
      )
    ).rows.map((r) => r.id);
    const sealed = payloads.map((p, i) => this.cipher.seal(p, outboxAad(ids[i]!, userId)));
    await this.db.query(
      `INSERT INTO zalo_outbox (id, user_id, origin, payload, next_attempt_at, created_at, deliver_by, tag)
       SELECT t.id, $3, $4, t.payload, $5, $5, $6, $7 FROM unnest($1::bigint[], $2::text[]) AS t(id, payload)`,
      [ids, sealed, userId, origin, now, opts.deliverBy, opts.tag ?? null],
    );
    return ids;
  }

  async claim(owner: string, now: number, leaseMs: number, limit: number): Promise<OutboxItem[]> {
    const res = await this.db.query<Row & { was_sending: boolean }>(
      `WITH picked AS (
         SELECT o.id, o.status = 'sending' AS was_sending FROM zalo_outbox o
         WHERE o.status IN ('pending', 'sending')
           AND o.id = (SELECT MIN(q.id) FROM zalo_outbox q
                       WHERE q.user_id = o.user_id AND q.status IN ('pending', 'sending'))
           AND ((o.status = 'pending' AND o.next_attempt_at <= $1)
                OR (o.status = 'sending' AND o.lease_until <= $1))
         ORDER BY o.id
         LIMIT $2
         FOR UPDATE SKIP LOCKED
       )
       UPDATE zalo_outbox z SET status = 'sending', lease_owner = $3, lease_until = $4, attempts = z.attempts + 1
       FROM picked WHERE z.id = picked.id
       RETURNING z.*, picked.was_sending`,
      [now, limit, owner, now + leaseMs],
    );
    return res.rows
      .sort((a, b) => a.id - b.id)
      .map((r) => ({ ...this.toItem(r), uncertain: r.was_sending || r.maybe_sent }));
  }

  async hasZaloMessageId(zaloMessageId: string): Promise<boolean> {
    const res = await this.db.query(`SELECT 1 FROM zalo_outbox WHERE zalo_message_id = $1 LIMIT 1`, [zaloMessageId]);
    return res.rows.length > 0;
  }

  async markDelivered(id: number, owner: string, now: number, zaloMessageId: string | undefined): Promise<boolean> {
    const res = await this.db.query(
      `UPDATE zalo_outbox SET status = 'delivered', lease_owner = NULL, lease_until = NULL, finished_at = $1, zalo_message_id = $2,
         error_code = NULL, error_message = NULL, reason = NULL
       WHERE id = $3 AND lease_owner = $4 AND status = 'sending'`,
      [now, zaloMessageId ?? null, id, owner],
    );
    return res.rowCount === 1;
  }

  async retryLater(
    id: number,
    owner: string,
    nextAttemptAt: number,
    err: { code: number | null; message: string },
    opts: { countFailure: boolean; maybeSent?: boolean },
  ): Promise<boolean> {
    const res = await this.db.query(
      `UPDATE zalo_outbox SET status = 'pending', lease_owner = NULL, lease_until = NULL, next_attempt_at = $1,
         error_code = $2, error_message = $3, maybe_sent = maybe_sent OR $4, failures = failures + $5
       WHERE id = $6 AND lease_owner = $7 AND status = 'sending'`,
      [nextAttemptAt, err.code, err.message, opts.maybeSent === true, opts.countFailure ? 1 : 0, id, owner],
    );
    return res.rowCount === 1;
  }

  async finish(
    id: number,
    owner: string,
    status: 'expired' | 'undeliverable',
    now: number,
    reason: string,
    err: { code: number | null; message: string },
  ): Promise<boolean> {
    const res = await this.db.query(
      `UPDATE zalo_outbox SET status = $1, lease_owner = NULL, lease_until = NULL, finished_at = $2, reason = $3, error_code = $4, error_message = $5
       WHERE id = $6 AND lease_owner = $7 AND status = 'sending'`,
      [status, now, reason, err.code, err.message, id, owner],
    );
    return res.rowCount === 1;
  }

  async release(id: number, owner: string, nextAttemptAt: number): Promise<void> {
    await this.db.query(
      `UPDATE zalo_outbox SET status = 'pending', lease_owner = NULL, lease_until = NULL, next_attempt_at = $1,
         attempts = GREATEST(attempts - 1, 0)
       WHERE id = $2 AND lease_owner = $3 AND status = 'sending'`,
      [nextAttemptAt, id, owner],
    );
  }

  async releaseAll(owner: string, now: number): Promise<number> {
    const res = await this.db.query(
      `UPDATE zalo_outbox SET status = 'pending', lease_owner = NULL, lease_until = NULL, next_attempt_at = $1,
         attempts = GREATEST(attempts - 1, 0)
       WHERE lease_owner = $2 AND status = 'sending'`,
      [now, owner],
    );
    return res.rowCount ?? 0;
  }

  async nextAttemptAt(): Promise<number | undefined> {
    const res = await this.db.query<{ t: number | null }>(
      `SELECT MIN(CASE WHEN status = 'pending' THEN next_attempt_at ELSE lease_until END) AS t
       FROM zalo_outbox WHERE status IN ('pending', 'sending')`,
    );
    return res.rows[0]?.t ?? undefined;
  }

  async listProblems(limit = 100): Promise<OutboxRecord[]> {
    const res = await this.db.query<Row>(
      `SELECT * FROM zalo_outbox WHERE status IN ('expired', 'undeliverable') ORDER BY id DESC LIMIT $1`,
      [limit],
    );
    return res.rows.map((r) => this.toRecord(r));
  }

  async get(id: number): Promise<OutboxRecord | undefined> {
    const r = (await this.db.query<Row>(`SELECT * FROM zalo_outbox WHERE id = $1`, [id])).rows[0];
    return r && this.toRecord(r);
  }

  async byTag(tag: string): Promise<Omit<OutboxRecord, 'payload'>[]> {
    const res = await this.db.query<Row>(`SELECT * FROM zalo_outbox WHERE tag = $1 ORDER BY id`, [tag]);
    return res.rows.map((r) => {
      const { payload: _p, ...rest } = this.toRecord({ ...r, payload: '{}' });
      return rest;
    });
  }

  async listForUser(userId: string): Promise<OutboxRecord[]> {
    const res = await this.db.query<Row>(`SELECT * FROM zalo_outbox WHERE user_id = $1 ORDER BY id`, [userId]);
    return res.rows.map((r) => this.toRecord(r));
  }

  async counts(): Promise<OutboxCounts> {
    const res = await this.db.query<{ status: OutboxStatus; n: number }>(`SELECT status, COUNT(*) AS n FROM zalo_outbox GROUP BY status`);
    const out: OutboxCounts = { pending: 0, sending: 0, delivered: 0, expired: 0, undeliverable: 0 };
    for (const r of res.rows) out[r.status] = r.n;
    return out;
  }

  async purgeBefore(cutoff: number): Promise<number> {
    const res = await this.db.query(`DELETE FROM zalo_outbox WHERE status IN ${FINAL} AND finished_at < $1`, [cutoff]);
    return res.rowCount ?? 0;
  }

  async eraseUser(userId: string): Promise<number> {
    const res = await this.db.query(`DELETE FROM zalo_outbox WHERE user_id = $1`, [userId]);
    return res.rowCount ?? 0;
  }
}
