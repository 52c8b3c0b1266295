import type { Statement } from 'better-sqlite3';
import type { Db } from './sqlite.js';
import { migrate, statementCache } from './sqlite.js';
import type { OutboxCounts, OutboxItem, OutboxQueue, OutboxRecord, OutboxStatus } from '../bot/ports/index.js';
import { outboxAad, outboxItemOf, outboxRecordOf, type OutboxRow } from './zalo-rows.js';
import type { TokenSealer } from './zalo-token-store.js';

/**
 * Persisted outbox of messages to send through Zalo's OpenAPI. Replies are enqueued in the
 * same transaction that marks their inbox event done, so an answer is never lost nor
 * produced twice by a restart. Each user's messages leave in order: a row is due only when
 * it is the oldest unsent row of its user. Every attempt, the failure count that drives the
 * backoff and the next attempt time are in the row, so retries survive restarts.
 *
 *   pending --claim--> sending --> delivered
 *      ^                 |------> expired        (the time to deliver ran out: Zalo's 7-day
 *      |                 |                        window closed (-230/-232), or the row's
 *      |                 |                        deliver-by deadline passed while retrying)
 *      +----retry--------+------> undeliverable  (Zalo refuses this recipient or message:
 *                                                 -213 unfollowed, -227 banned, -201 ...)
 *
 * Final rows keep their reason, Zalo code and message for operators. Payloads are sealed
 * with the project's cipher (AES-256-GCM, bound to the row) because lawyer replies carry
 * personal data.
 */

export type { OutboxCounts, OutboxFinalStatus, OutboxItem, OutboxRecord, OutboxStatus } from '../bot/ports/index.js';

const MIGRATIONS = [
  {
    name: 'zalo_outbox_001',
    sql: `CREATE TABLE zalo_outbox (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      user_id TEXT NOT NULL,
      origin TEXT NOT NULL,
      payload TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'pending',
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL,
      lease_owner TEXT,
      lease_until INTEGER,
      error_code INTEGER,
      error_message TEXT,
      zalo_message_id TEXT,
      created_at INTEGER NOT NULL,
      finished_at INTEGER
    );
    CREATE INDEX zalo_outbox_user_open ON zalo_outbox (user_id, id) WHERE status IN ('pending', 'sending');
    CREATE INDEX zalo_outbox_status ON zalo_outbox (status, id);`,
  },
  {
    name: 'zalo_outbox_002',
    sql: `CREATE INDEX zalo_outbox_zalo_message_id ON zalo_outbox (zalo_message_id) WHERE zalo_message_id IS NOT NULL;
      ALTER TABLE zalo_outbox ADD COLUMN maybe_sent INTEGER NOT NULL DEFAULT 0;`,
  },
  {
    // Open rows in id order without a sort: claims scan only unsent messages.
    name: 'zalo_outbox_003',
    sql: `CREATE INDEX zalo_outbox_open ON zalo_outbox (id) WHERE status IN ('pending', 'sending');`,
  },
  {
    // Time-based retry budget, failure count apart from rate limits, final reasons, tags;
    // the old final states renamed (sent → delivered, failed → undeliverable).
    name: 'zalo_outbox_004',
    sql: `ALTER TABLE zalo_outbox ADD COLUMN deliver_by INTEGER;
      ALTER TABLE zalo_outbox ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE zalo_outbox ADD COLUMN reason TEXT;
      ALTER TABLE zalo_outbox ADD COLUMN tag TEXT;
      UPDATE zalo_outbox SET deliver_by = created_at + 86400000 WHERE deliver_by IS NULL;
      UPDATE zalo_outbox SET status = 'delivered' WHERE status = 'sent';
      UPDATE zalo_outbox SET status = 'undeliverable', reason = 'rejected' WHERE status = 'failed';
      CREATE INDEX zalo_outbox_tag ON zalo_outbox (tag) WHERE tag IS NOT NULL;
      CREATE INDEX zalo_outbox_finished ON zalo_outbox (finished_at) WHERE finished_at IS NOT NULL;
      CREATE INDEX zalo_outbox_user ON zalo_outbox (user_id);`,
  },
];

/** The shared row (`storage/zalo-rows.ts`) as this engine returns it. */
type Row = OutboxRow & { maybe_sent: number };

const FINAL = `('delivered', 'expired', 'undeliverable')`;

/** One message to enqueue. */
export interface OutboxEntry {
  payload: string;
}

/** SQLite implementation of the Zalo outbox (undeliverable records included). */
export class SqliteZaloOutbox implements OutboxQueue {
  private readonly q: (sql: string) => Statement;

  /**
   * `cipher` seals payloads at rest (storage/crypto.ts `SealedBox`). Rows written before
   * encryption (plain JSON) are still read.
   */
  constructor(
    private readonly db: Db,
    private readonly cipher: TokenSealer | undefined,
  ) {
    migrate(db, MIGRATIONS);
    this.q = statementCache(db);
  }

  private toItem(r: Row): OutboxItem {
    return outboxItemOf(r, this.cipher);
  }

  private toRecord(r: Row): OutboxRecord {
    return outboxRecordOf(r, this.cipher);
  }

  /**
   * Appends messages for one user, in order; each must be delivered by `deliverBy`. Call
   * inside the caller's transaction when atomicity matters.
   */
  async enqueue(userId: string, origin: string, payloads: string[], now: number, opts: { deliverBy: number; tag?: string }): Promise<number[]> {
    const ins = this.q(
      `INSERT INTO zalo_outbox (user_id, origin, payload, next_attempt_at, created_at, deliver_by, tag) VALUES (?, ?, '', ?, ?, ?, ?)`,
    );
    const seal = this.q(`UPDATE zalo_outbox SET payload = ? WHERE id = ?`);
    return payloads.map((p) => {
      const id = Number(ins.run(userId, origin, now, now, opts.deliverBy, opts.tag ?? null).lastInsertRowid);
      seal.run(this.cipher ? this.cipher.seal(p, outboxAad(id, userId)) : p, id);
      return id;
    });
  }

  /** Claims due rows, at most one per user (its oldest unsent row). Expired leases count as due. */
  async claim(owner: string, now: number, leaseMs: number, limit: number): Promise<OutboxItem[]> {
    const tx = this.db.transaction(() => {
      const rows = this.q(
          `SELECT o.* FROM zalo_outbox o INDEXED BY zalo_outbox_open
           WHERE o.status IN ('pending', 'sending')
             AND o.id = (SELECT MIN(q.id) FROM zalo_outbox q
                         WHERE q.user_id = o.user_id AND q.status IN ('pending', 'sending'))
             AND ((o.status = 'pending' AND o.next_attempt_at <= @now)
                  OR (o.status = 'sending' AND o.lease_until <= @now))
           ORDER BY o.id LIMIT @limit`,
        )
        .all({ now, limit }) as Row[];
      const lease = this.q(
        `UPDATE zalo_outbox SET status = 'sending', lease_owner = ?, lease_until = ?, attempts = attempts + 1 WHERE id = ?`,
      );
      for (const r of rows) lease.run(owner, now + leaseMs, r.id);
      return rows;
    });
    return tx.immediate().map((r) => ({ ...this.toItem(r), attempts: r.attempts + 1, uncertain: r.status === 'sending' || r.maybe_sent === 1 }));
  }

  /** Whether a Zalo message id is already recorded for some row (reconciliation must not reuse it). */
  async hasZaloMessageId(zaloMessageId: string): Promise<boolean> {
    return this.q(`SELECT 1 FROM zalo_outbox WHERE zalo_message_id = ? LIMIT 1`).get(zaloMessageId) !== undefined;
  }

  /** Zalo accepted the message. False when this owner no longer holds the row. */
  async markDelivered(id: number, owner: string, now: number, zaloMessageId: string | undefined): Promise<boolean> {
    return (
      this.q(
          `UPDATE zalo_outbox SET status = 'delivered', lease_owner = NULL, lease_until = NULL, finished_at = ?, zalo_message_id = ?,
             error_code = NULL, error_message = NULL, reason = NULL
           WHERE id = ? AND lease_owner = ? AND status = 'sending'`,
        )
        .run(now, zaloMessageId ?? null, id, owner).changes === 1
    );
  }

  /**
   * Try again at `nextAttemptAt`. `countFailure` is false for rate limits (they must not
   * grow the backoff). `maybeSent` when the request may have reached Zalo (connection lost
   * after sending): the next attempt checks before resending.
   */
  async retryLater(
    id: number,
    owner: string,
    nextAttemptAt: number,
    err: { code: number | null; message: string },
    opts: { countFailure: boolean; maybeSent?: boolean },
  ): Promise<boolean> {
    return (
      this.q(
          `UPDATE zalo_outbox SET status = 'pending', lease_owner = NULL, lease_until = NULL, next_attempt_at = ?,
             error_code = ?, error_message = ?, maybe_sent = MAX(maybe_sent, ?), failures = failures + ?
           WHERE id = ? AND lease_owner = ? AND status = 'sending'`,
        )
        .run(nextAttemptAt, err.code, err.message, opts.maybeSent ? 1 : 0, opts.countFailure ? 1 : 0, id, owner).changes === 1
    );
  }

  /** Final failure with its reason kept for operators; the payload stays so nothing is lost silently. */
  async finish(id: number, owner: string, status: 'expired' | 'undeliverable', now: number, reason: string, err: { code: number | null; message: string }): Promise<boolean> {
    return (
      this.q(
          `UPDATE zalo_outbox SET status = ?, lease_owner = NULL, lease_until = NULL, finished_at = ?, reason = ?, error_code = ?, error_message = ?
           WHERE id = ? AND lease_owner = ? AND status = 'sending'`,
        )
        .run(status, now, reason, err.code, err.message, id, owner).changes === 1
    );
  }

  /** Gives one row back without counting the attempt (no token yet: wait for consent). */
  async release(id: number, owner: string, nextAttemptAt: number): Promise<void> {
    this.q(
        `UPDATE zalo_outbox SET status = 'pending', lease_owner = NULL, lease_until = NULL, next_attempt_at = ?,
           attempts = MAX(attempts - 1, 0)
         WHERE id = ? AND lease_owner = ? AND status = 'sending'`,
      )
      .run(nextAttemptAt, id, owner);
  }

  /** Gives back rows this owner holds without a final outcome (stop before the HTTP call). */
  async releaseAll(owner: string, now: number): Promise<number> {
    return this.q(
        `UPDATE zalo_outbox SET status = 'pending', lease_owner = NULL, lease_until = NULL, next_attempt_at = ?,
           attempts = MAX(attempts - 1, 0)
         WHERE lease_owner = ? AND status = 'sending'`,
      )
      .run(now, owner).changes;
  }

  async nextAttemptAt(): Promise<number | undefined> {
    const row = this.q(
        `SELECT MIN(CASE WHEN status = 'pending' THEN next_attempt_at ELSE lease_until END) AS t
         FROM zalo_outbox WHERE status IN ('pending', 'sending')`,
      )
      .get() as { t: number | null };
    return row.t ?? undefined;
  }

  /** Expired and undeliverable messages, newest first, for the operator endpoint. */
  async listProblems(limit = 100): Promise<OutboxRecord[]> {
    const rows = this.q(`SELECT * FROM zalo_outbox WHERE status IN ('expired', 'undeliverable') ORDER BY id DESC LIMIT ?`).all(limit) as Row[];
    return rows.map((r) => this.toRecord(r));
  }

  async get(id: number): Promise<OutboxRecord | undefined> {
    const r = this.q(`SELECT * FROM zalo_outbox WHERE id = ?`).get(id) as Row | undefined;
    return r && this.toRecord(r);
  }

  /** Rows enqueued with `tag`, in order (without opening payloads). */
  async byTag(tag: string): Promise<Omit<OutboxRecord, 'payload'>[]> {
    const rows = this.q(`SELECT * FROM zalo_outbox WHERE tag = ? ORDER BY id`).all(tag) as Row[];
    return rows.map((r) => {
      const { payload: _p, ...rest } = this.toRecord({ ...r, payload: '{}' });
      return rest;
    });
  }

  /** Every row of a user, oldest first (tests, operators). */
  async listForUser(userId: string): Promise<OutboxRecord[]> {
    return (this.q(`SELECT * FROM zalo_outbox WHERE user_id = ? ORDER BY id`).all(userId) as Row[]).map((r) => this.toRecord(r));
  }

  async counts(): Promise<OutboxCounts> {
    const rows = this.q(`SELECT status, COUNT(*) AS n FROM zalo_outbox GROUP BY status`).all() as {
      status: OutboxStatus;
      n: number;
    }[];
    const out: OutboxCounts = { pending: 0, sending: 0, delivered: 0, expired: 0, undeliverable: 0 };
    for (const r of rows) if (r.status in out) out[r.status] = r.n;
    return out;
  }

  /**
   * Retention: deletes finished rows (delivered, expired, undeliverable) that finished
   * before `cutoff` (epoch ms). Open rows are never purged. Returns the number deleted.
   */
  async purgeBefore(cutoff: number): Promise<number> {
    return this.q(`DELETE FROM zalo_outbox WHERE status IN ${FINAL} AND finished_at < ?`).run(cutoff).changes;
  }

  /**
   * Erasure ("xoá dữ liệu của tôi"): deletes every message to this Zalo user id, queued ones
   * included (a send in flight finds its row gone and records nothing). Returns the count.
   */
  async eraseUser(userId: string): Promise<number> {
    return this.q(`DELETE FROM zalo_outbox WHERE user_id = ?`).run(userId).changes;
  }
}
