import type { Statement } from 'better-sqlite3';
import type { Db } from './sqlite.js';
import { migrate, statementCache } from './sqlite.js';

/**
 * Persisted outbox of messages to send through Zalo's OpenAPI. Replies are enqueued in the
 * same transaction that marks their inbox event done, so an answer is never lost nor
 * produced twice by a restart. Each user's messages leave in order: a row is due only when
 * it is the oldest unsent row of its user.
 *
 *   pending --claim--> sending --> sent
 *      ^                 |------> undeliverable  (-213, -227, -230/-232: kept for operators)
 *      +----retry--------+------> failed         (permanent error or retries exhausted)
 */

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'undeliverable' | 'failed';

export interface OutboxItem {
  id: number;
  userId: string;
  /** Rendered Zalo message (JSON), or a file to upload then send. */
  payload: string;
  attempts: number;
  createdAt: number;
  /** Where it came from: `reply:<inbox id>` or `proactive`. */
  origin: string;
  /**
   * True when the row was taken over from a worker that died mid-send: the message may have
   * reached Zalo already, so the sender should check before sending again.
   */
  uncertain?: boolean;
}

export interface OutboxRecord extends OutboxItem {
  status: OutboxStatus;
  errorCode: number | null;
  errorMessage: string | null;
  finishedAt: number | null;
}

export interface OutboxCounts {
  pending: number;
  sending: number;
  sent: number;
  undeliverable: number;
  failed: number;
}

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
];

interface Row {
  id: number;
  user_id: string;
  origin: string;
  payload: string;
  status: OutboxStatus;
  attempts: number;
  created_at: number;
  error_code: number | null;
  error_message: string | null;
  finished_at: number | null;
  maybe_sent: number;
}

const toItem = (r: Row): OutboxItem => ({
  id: r.id,
  userId: r.user_id,
  payload: r.payload,
  attempts: r.attempts,
  createdAt: r.created_at,
  origin: r.origin,
});

/** SQLite implementation of the Zalo outbox (undeliverable records included). */
export class SqliteZaloOutbox {
  private readonly q: (sql: string) => Statement;

  constructor(private readonly db: Db) {
    migrate(db, MIGRATIONS);
    this.q = statementCache(db);
  }

  /** Appends messages for one user, in order. Call inside the caller's transaction when atomicity matters. */
  enqueue(userId: string, origin: string, payloads: string[], now: number): number[] {
    const ins = this.q(
      `INSERT INTO zalo_outbox (user_id, origin, payload, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?)`,
    );
    return payloads.map((p) => Number(ins.run(userId, origin, p, now, now).lastInsertRowid));
  }

  /** Claims due rows, at most one per user (its oldest unsent row). Expired leases count as due. */
  claim(owner: string, now: number, leaseMs: number, limit: number): OutboxItem[] {
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
    return tx.immediate().map((r) => ({ ...toItem(r), attempts: r.attempts + 1, uncertain: r.status === 'sending' || r.maybe_sent === 1 }));
  }

  /** Whether a Zalo message id is already recorded for some row (reconciliation must not reuse it). */
  hasZaloMessageId(zaloMessageId: string): boolean {
    return this.q(`SELECT 1 FROM zalo_outbox WHERE zalo_message_id = ? LIMIT 1`).get(zaloMessageId) !== undefined;
  }

  markSent(id: number, owner: string, now: number, zaloMessageId: string | undefined): void {
    this.q(
        `UPDATE zalo_outbox SET status = 'sent', lease_owner = NULL, lease_until = NULL, finished_at = ?, zalo_message_id = ?,
           error_code = NULL, error_message = NULL
         WHERE id = ? AND lease_owner = ?`,
      )
      .run(now, zaloMessageId ?? null, id, owner);
  }

  /**
   * Transient failure: try again at `nextAttemptAt`. `maybeSent` when the request may have
   * reached Zalo (connection lost after sending): the next attempt checks before resending.
   */
  retryLater(id: number, owner: string, nextAttemptAt: number, code: number | null, message: string, maybeSent = false): void {
    this.q(
        `UPDATE zalo_outbox SET status = 'pending', lease_owner = NULL, lease_until = NULL, next_attempt_at = ?,
           error_code = ?, error_message = ?, maybe_sent = MAX(maybe_sent, ?)
         WHERE id = ? AND lease_owner = ?`,
      )
      .run(nextAttemptAt, code, message, maybeSent ? 1 : 0, id, owner);
  }

  /** Final state with the error kept for operators; the payload stays so nothing is lost. */
  finish(id: number, owner: string, status: 'undeliverable' | 'failed', now: number, code: number | null, message: string): void {
    this.q(
        `UPDATE zalo_outbox SET status = ?, lease_owner = NULL, lease_until = NULL, finished_at = ?, error_code = ?, error_message = ?
         WHERE id = ? AND lease_owner = ?`,
      )
      .run(status, now, code, message, id, owner);
  }

  /** Gives one row back without counting the attempt (no token yet: wait for consent). */
  release(id: number, owner: string, nextAttemptAt: number): void {
    this.q(
        `UPDATE zalo_outbox SET status = 'pending', lease_owner = NULL, lease_until = NULL, next_attempt_at = ?,
           attempts = MAX(attempts - 1, 0)
         WHERE id = ? AND lease_owner = ? AND status = 'sending'`,
      )
      .run(nextAttemptAt, id, owner);
  }

  /** Gives back rows this owner holds without a final outcome (stop before the HTTP call). */
  releaseAll(owner: string, now: number): number {
    return this.q(
        `UPDATE zalo_outbox SET status = 'pending', lease_owner = NULL, lease_until = NULL, next_attempt_at = ?,
           attempts = MAX(attempts - 1, 0)
         WHERE lease_owner = ? AND status = 'sending'`,
      )
      .run(now, owner).changes;
  }

  nextAttemptAt(): number | undefined {
    const row = this.q(
        `SELECT MIN(CASE WHEN status = 'pending' THEN next_attempt_at ELSE lease_until END) AS t
         FROM zalo_outbox WHERE status IN ('pending', 'sending')`,
      )
      .get() as { t: number | null };
    return row.t ?? undefined;
  }

  /** Undeliverable and failed messages, newest first, for the operator endpoint. */
  listProblems(limit = 100): OutboxRecord[] {
    const rows = this.q(`SELECT * FROM zalo_outbox WHERE status IN ('undeliverable', 'failed') ORDER BY id DESC LIMIT ?`)
      .all(limit) as Row[];
    return rows.map((r) => ({
      ...toItem(r),
      status: r.status,
      errorCode: r.error_code,
      errorMessage: r.error_message,
      finishedAt: r.finished_at,
    }));
  }

  get(id: number): OutboxRecord | undefined {
    const r = this.q(`SELECT * FROM zalo_outbox WHERE id = ?`).get(id) as Row | undefined;
    return r && { ...toItem(r), status: r.status, errorCode: r.error_code, errorMessage: r.error_message, finishedAt: r.finished_at };
  }

  counts(): OutboxCounts {
    const rows = this.q(`SELECT status, COUNT(*) AS n FROM zalo_outbox GROUP BY status`).all() as {
      status: OutboxStatus;
      n: number;
    }[];
    const out: OutboxCounts = { pending: 0, sending: 0, sent: 0, undeliverable: 0, failed: 0 };
    for (const r of rows) out[r.status] = r.n;
    return out;
  }
}
