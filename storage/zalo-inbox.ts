import type { Statement } from 'better-sqlite3';
import type { Db } from './sqlite.js';
import { migrate, statementCache } from './sqlite.js';
import type { InboxCounts, InboxEvent, InboxQueue, InboxStatus } from '../bot/ports/index.js';
import { inboxBodyAad, inboxErrorAad, inboxEventOf, openInboxError, type InboxRow } from './zalo-rows.js';
import type { TokenSealer } from './zalo-token-store.js';

/**
 * Persisted inbox of accepted Zalo webhook events. An event is written before the webhook
 * answers 200 and is processed later from here, so a crash between accept and reply only
 * delays the answer. Each user's events are handed out strictly in arrival order: an event
 * is claimable only when it is the oldest unfinished event of its user.
 *
 *   pending --claim--> processing --complete--> done (body cleared: data minimisation)
 *      ^                  |
 *      +---release/retry--+  (lease expired after a crash: claimable again)
 *
 * Bodies (citizens' messages) and error records are sealed with the project's cipher while
 * they are kept; a failed event keeps its sealed body for operators until retention purges it.
 */

export type { InboxCounts, InboxEvent, InboxStatus } from '../bot/ports/index.js';

const MIGRATIONS = [
  {
    name: 'zalo_inbox_001',
    sql: `CREATE TABLE zalo_inbox (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      dedupe_key TEXT NOT NULL UNIQUE,
      user_id TEXT NOT NULL,
      event_name TEXT NOT NULL,
      body TEXT NOT NULL,
      received_at INTEGER NOT NULL,
      status TEXT NOT NULL DEFAULT 'pending',
      attempts INTEGER NOT NULL DEFAULT 0,
      available_at INTEGER NOT NULL,
      lease_owner TEXT,
      lease_until INTEGER,
      last_error TEXT,
      finished_at INTEGER
    );
    CREATE INDEX zalo_inbox_user_open ON zalo_inbox (user_id, id) WHERE status IN ('pending', 'processing');
    CREATE INDEX zalo_inbox_status ON zalo_inbox (status, id);`,
  },
  {
    // Open rows in id order without a sort: claims scan only unfinished events.
    name: 'zalo_inbox_002',
    sql: `CREATE INDEX zalo_inbox_open ON zalo_inbox (id) WHERE status IN ('pending', 'processing');`,
  },
  {
    name: 'zalo_inbox_003',
    sql: `CREATE INDEX zalo_inbox_finished ON zalo_inbox (finished_at) WHERE finished_at IS NOT NULL;
      CREATE INDEX zalo_inbox_user ON zalo_inbox (user_id);`,
  },
];


/** SQLite implementation of the Zalo inbox. All methods are synchronous and atomic. */
export class SqliteZaloInbox implements InboxQueue {
  private readonly q: (sql: string) => Statement;

  /** `cipher` seals bodies and errors at rest; rows written in clear before are still read. */
  constructor(
    private readonly db: Db,
    private readonly cipher: TokenSealer | undefined,
  ) {
    migrate(db, MIGRATIONS);
    this.q = statementCache(db);
  }

  private sealBody(body: string, dedupeKey: string): string {
    return this.cipher ? this.cipher.seal(body, inboxBodyAad(dedupeKey)) : body;
  }

  private sealError(error: string, id: number): string {
    return this.cipher ? this.cipher.seal(error, inboxErrorAad(id)) : error;
  }

  /** The last processing error of an event, opened (operators, tests). */
  lastError(id: number): string | undefined {
    const r = this.q(`SELECT last_error FROM zalo_inbox WHERE id = ?`).get(id) as { last_error: string | null } | undefined;
    if (!r?.last_error) return undefined;
    return openInboxError(this.cipher, r.last_error, id);
  }

  /**
   * Stores an accepted event. Returns false when an event with the same dedupe key was
   * already stored (Zalo retried the delivery): the caller still answers 200.
   */
  async add(input: { dedupeKey: string; userId: string; eventName: string; body: string; now: number }): Promise<boolean> {
    const res = this.q(
        `INSERT OR IGNORE INTO zalo_inbox (dedupe_key, user_id, event_name, body, received_at, available_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(input.dedupeKey, input.userId, input.eventName, this.sealBody(input.body, input.dedupeKey), input.now, input.now);
    return res.changes === 1;
  }

  /**
   * Claims up to `limit` events, at most one per user and only each user's oldest unfinished
   * event, so a user's messages are answered in order while different users run in parallel.
   * An event whose lease expired (its processor crashed) is claimable again.
   */
  async claim(owner: string, now: number, leaseMs: number, limit: number): Promise<InboxEvent[]> {
    const tx = this.db.transaction(() => {
      const rows = this.q(
          `SELECT e.id, e.dedupe_key, e.user_id, e.event_name, e.body, e.received_at, e.attempts
           FROM zalo_inbox e INDEXED BY zalo_inbox_open
           WHERE e.status IN ('pending', 'processing')
             AND e.id = (SELECT MIN(q.id) FROM zalo_inbox q
                         WHERE q.user_id = e.user_id AND q.status IN ('pending', 'processing'))
             AND ((e.status = 'pending' AND e.available_at <= @now)
                  OR (e.status = 'processing' AND e.lease_until <= @now))
           ORDER BY e.id
           LIMIT @limit`,
        )
        .all({ now, limit }) as InboxRow[];
      const lease = this.q(
        `UPDATE zalo_inbox SET status = 'processing', lease_owner = ?, lease_until = ?, attempts = attempts + 1 WHERE id = ?`,
      );
      for (const r of rows) lease.run(owner, now + leaseMs, r.id);
      return rows;
    });
    return tx.immediate().map((r) => inboxEventOf(r, this.cipher, r.attempts + 1));
  }

  /** Marks an event done and drops its body (personal data is not kept longer than needed). */
  async complete(id: number, owner: string, now: number): Promise<boolean> {
    const res = this.q(
        `UPDATE zalo_inbox SET status = 'done', body = '', lease_owner = NULL, lease_until = NULL, finished_at = ?
         WHERE id = ? AND lease_owner = ? AND status = 'processing'`,
      )
      .run(now, id, owner);
    return res.changes === 1;
  }

  /** Gives an event back (processing failed or the processor is stopping); retried at `availableAt`. */
  async release(id: number, owner: string, availableAt: number, error?: string): Promise<void> {
    this.q(
        `UPDATE zalo_inbox SET status = 'pending', lease_owner = NULL, lease_until = NULL, available_at = ?,
           last_error = COALESCE(?, last_error)
         WHERE id = ? AND lease_owner = ? AND status = 'processing'`,
      )
      .run(availableAt, error === undefined ? null : this.sealError(error, id), id, owner);
  }

  /** Gives back every event this owner still holds (graceful or forced stop). */
  async releaseAll(owner: string, now: number): Promise<number> {
    return this.q(
        `UPDATE zalo_inbox SET status = 'pending', lease_owner = NULL, lease_until = NULL, available_at = ?,
           attempts = MAX(attempts - 1, 0)
         WHERE lease_owner = ? AND status = 'processing'`,
      )
      .run(now, owner).changes;
  }

  /** Final failure: kept with its error for operators (the user got an apology message). */
  async fail(id: number, owner: string, now: number, error: string): Promise<void> {
    this.q(
        `UPDATE zalo_inbox SET status = 'failed', lease_owner = NULL, lease_until = NULL, last_error = ?, finished_at = ?
         WHERE id = ? AND lease_owner = ?`,
      )
      .run(this.sealError(error, id), now, id, owner);
  }

  /** Earliest time a pending event becomes claimable, or undefined when nothing waits. */
  async nextAvailableAt(): Promise<number | undefined> {
    const row = this.q(
        `SELECT MIN(CASE WHEN status = 'pending' THEN available_at ELSE lease_until END) AS t
         FROM zalo_inbox WHERE status IN ('pending', 'processing')`,
      )
      .get() as { t: number | null };
    return row.t ?? undefined;
  }

  async counts(): Promise<InboxCounts> {
    const rows = this.q(`SELECT status, COUNT(*) AS n FROM zalo_inbox GROUP BY status`).all() as {
      status: InboxStatus;
      n: number;
    }[];
    const out: InboxCounts = { pending: 0, processing: 0, failed: 0, done: 0 };
    for (const r of rows) out[r.status] = r.n;
    return out;
  }

  /**
   * Retention: deletes finished events (done, failed) that finished before `cutoff` (epoch
   * ms). Open events are never purged. Returns the number deleted.
   */
  async purgeBefore(cutoff: number): Promise<number> {
    return this.q(`DELETE FROM zalo_inbox WHERE status IN ('done', 'failed') AND finished_at < ?`).run(cutoff).changes;
  }

  /**
   * Erasure ("xoá dữ liệu của tôi"): deletes every event of this Zalo user id except one being
   * processed right now (typically the erasure request itself, whose reply must still be
   * sent; its body is cleared when it completes). Returns the number deleted.
   */
  async eraseUser(userId: string): Promise<number> {
    return this.q(`DELETE FROM zalo_inbox WHERE user_id = ? AND status <> 'processing'`).run(userId).changes;
  }
}
