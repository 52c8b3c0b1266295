import { activityIdFor, ERASED_ACTIVITY_NOTICE } from '../bot/ports/index.js';
import type { ActivityLease, AnswerOf, AppendInput, ClaimedActivity, DirectLineConversationRow, DirectLineStore, SealedBox, StoredActivity } from '../bot/ports/index.js';
import { activityAad as aadFor, ACTIVITY_INSERT_COLUMNS, activityInsertValues, appendedActivity, leaseLost, openActivityJson, sealedTombstone, unknownConversation } from './directline-rows.js';
import type { Db } from './sqlite.js';
import { migrate, migrateData } from './sqlite.js';

/**
 * Transcripts of Direct Line conversations with their watermarks, in SQLite, so a page
 * reload or a server restart reconnects to the same conversation with its history.
 *
 * Every activity (user or bot) gets the next sequence number of its conversation; the
 * watermark a client holds is the last sequence it has seen. User messages carry a
 * processing state so that an accepted message that was never answered (crash) is found
 * and answered on the next start.
 *
 * Citizens type ID numbers, phones and their stories here (forms ask for them), so each
 * activity's JSON is sealed at rest with the transcript purpose key, bound to its activity
 * id; ids, sequence numbers and states stay in clear for the protocol.
 */

const MIGRATIONS = [
  {
    name: 'directline_001',
    sql: `
      CREATE TABLE directline_conversations (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        started_at TEXT,
        last_seq INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE directline_activities (
        conversation_id TEXT NOT NULL REFERENCES directline_conversations(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        id TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('user', 'bot')),
        client_activity_id TEXT,
        reply_to_id TEXT,
        state TEXT CHECK (state IN ('pending', 'answered', 'failed')),
        json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (conversation_id, seq)
      );
      CREATE UNIQUE INDEX directline_activities_client
        ON directline_activities (conversation_id, client_activity_id)
        WHERE client_activity_id IS NOT NULL;
      CREATE INDEX directline_activities_pending
        ON directline_activities (state) WHERE state = 'pending';
      CREATE TABLE directline_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    // Leases on pending user messages (issue 16): the columns PostgreSQL has too, so db:copy copies them.
    name: 'directline_003_leases',
    sql: `
      ALTER TABLE directline_activities ADD COLUMN lease_owner TEXT;
      ALTER TABLE directline_activities ADD COLUMN lease_until INTEGER;
      ALTER TABLE directline_activities ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
    `,
  },
];

export { activityIdFor };
export type { ActivityRole, AppendInput, DirectLineConversationRow, StoredActivity, UserActivityState } from '../bot/ports/index.js';

const ROW = `conversation_id AS conversationId, seq, id, role, client_activity_id AS clientActivityId, state, json`;

/**
 * SQLite store for Direct Line conversations, transcripts and pending turns (the
 * `DirectLineStore` port, answering through promises). One process writes the file; every
 * write that must be atomic runs in a `BEGIN IMMEDIATE` transaction, so several connections
 * to one file (the contract suite's "processes") also keep the port's invariants.
 */
export class SqliteDirectLineStore implements DirectLineStore {
  private readonly stmts;
  private readonly appendTx;
  private readonly appendManyTx;
  private readonly claimTx;

  constructor(
    private readonly db: Db,
    private readonly cipher: SealedBox,
  ) {
    migrate(db, MIGRATIONS);
    // Transcripts written in clear by earlier versions are sealed once.
    migrateData(db, 'directline_002_sealed', () => {
      const rows = db.prepare("SELECT id, json FROM directline_activities WHERE json LIKE '{%'").all() as Array<{ id: string; json: string }>;
      const update = db.prepare('UPDATE directline_activities SET json = ? WHERE id = ?');
      for (const r of rows) update.run(cipher.seal(r.json, aadFor(r.id)), r.id);
    });
    this.stmts = {
      insertConversation: db.prepare('INSERT INTO directline_conversations (id, user_id, created_at) VALUES (?, ?, ?)'),
      getConversation: db.prepare(
        'SELECT id, user_id AS userId, created_at AS createdAt, started_at AS startedAt, last_seq AS lastSeq FROM directline_conversations WHERE id = ?',
      ),
      markStarted: db.prepare('UPDATE directline_conversations SET started_at = ? WHERE id = ? AND started_at IS NULL'),
      bumpSeq: db.prepare('UPDATE directline_conversations SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq AS seq'),
      insertActivity: db.prepare(
        `INSERT INTO directline_activities (${ACTIVITY_INSERT_COLUMNS})
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      byClientId: db.prepare(`SELECT ${ROW} FROM directline_activities WHERE conversation_id = ? AND client_activity_id = ?`),
      after: db.prepare(`SELECT ${ROW} FROM directline_activities WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?`),
      settle: db.prepare(
        `UPDATE directline_activities SET state = ?, lease_owner = NULL, lease_until = NULL
          WHERE id = ? AND state = 'pending' AND (lease_owner IS NULL OR lease_owner = ?)`,
      ),
      expired: db.prepare(
        `SELECT id FROM directline_activities
          WHERE state = 'pending' AND (? = 1 OR lease_until IS NULL OR lease_until <= ?)
          ORDER BY created_at, conversation_id, seq LIMIT ?`,
      ),
      lease: db.prepare(
        `UPDATE directline_activities SET lease_owner = ?, lease_until = ?, attempts = attempts + 1
          WHERE id = ? RETURNING ${ROW}, attempts`,
      ),
      renew: db.prepare("UPDATE directline_activities SET lease_until = ? WHERE state = 'pending' AND lease_owner = ?"),
      release: db.prepare("UPDATE directline_activities SET lease_owner = NULL, lease_until = NULL WHERE state = 'pending' AND lease_owner = ?"),
      pending: db.prepare(`SELECT ${ROW} FROM directline_activities WHERE state = 'pending' ORDER BY created_at, conversation_id, seq`),
      deleteConversation: db.prepare('DELETE FROM directline_conversations WHERE id = ?'),
      purge: db.prepare(
        `DELETE FROM directline_conversations WHERE id IN (
          SELECT c.id FROM directline_conversations c
          WHERE c.created_at < ?
            AND NOT EXISTS (SELECT 1 FROM directline_activities a WHERE a.conversation_id = c.id AND (a.created_at >= ? OR a.state = 'pending'))
        )`,
      ),
      putMeta: db.prepare('INSERT INTO directline_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
    };
    this.appendTx = db.transaction((inp: AppendInput) => this.appendInTransaction(inp));
    this.appendManyTx = db.transaction((inputs: AppendInput[], answers: AnswerOf | undefined) => {
      // The question first: once another process holds it, none of these replies may be stored.
      if (answers && this.stmts.settle.run('answered', answers.activityId, answers.owner).changes !== 1) {
        throw leaseLost(answers.activityId);
      }
      return inputs.map((inp) => this.appendInTransaction(inp));
    });
    this.claimTx = db.transaction((lease: ActivityLease, now: Date, limit: number, takeOver: boolean) => {
      const ids = this.stmts.expired.all(takeOver ? 1 : 0, now.getTime(), limit) as Array<{ id: string }>;
      return ids.map((r) => this.stmts.lease.get(lease.owner, lease.until.getTime(), r.id) as ClaimedActivity);
    });
  }

  async createConversation(id: string, userId: string, now: Date): Promise<DirectLineConversationRow> {
    this.stmts.insertConversation.run(id, userId, now.toISOString());
    return { id, userId, createdAt: now.toISOString(), startedAt: null, lastSeq: 0 };
  }

  async getConversation(id: string): Promise<DirectLineConversationRow | undefined> {
    return this.stmts.getConversation.get(id) as DirectLineConversationRow | undefined;
  }

  async markStarted(id: string, now: Date): Promise<boolean> {
    return this.stmts.markStarted.run(now.toISOString(), id).changes === 1;
  }

  async append(input: AppendInput): Promise<StoredActivity & { duplicate: boolean }> {
    return this.appendTx.immediate(input);
  }

  async appendMany(inputs: AppendInput[], answers?: AnswerOf): Promise<Array<StoredActivity & { duplicate: boolean }>> {
    return this.appendManyTx.immediate(inputs, answers);
  }

  private open<T extends StoredActivity>(row: T): T {
    return { ...row, json: openActivityJson(this.cipher, row) };
  }

  private appendInTransaction(inp: AppendInput): StoredActivity & { duplicate: boolean } {
    if (inp.clientActivityId) {
      const existing = this.stmts.byClientId.get(inp.conversationId, inp.clientActivityId) as StoredActivity | undefined;
      if (existing) return { ...this.open(existing), duplicate: true };
    }
    const row = this.stmts.bumpSeq.get(inp.conversationId) as { seq: number } | undefined;
    if (!row) throw unknownConversation(inp.conversationId);
    const id = activityIdFor(inp.conversationId, row.seq);
    const json = inp.render(id, row.seq);
    this.stmts.insertActivity.run(...activityInsertValues(inp, row.seq, id, json, this.cipher));
    return appendedActivity(inp, row.seq, id, json);
  }

  async listAfter(conversationId: string, watermark: number, limit = 500): Promise<StoredActivity[]> {
    return (this.stmts.after.all(conversationId, watermark, limit) as StoredActivity[]).map((r) => this.open(r));
  }

  async settle(activityId: string, state: 'answered' | 'failed', owner: string): Promise<boolean> {
    return this.stmts.settle.run(state, activityId, owner).changes === 1;
  }

  async claimPending(lease: ActivityLease, now: Date, options: { limit?: number; takeOver?: boolean } = {}): Promise<ClaimedActivity[]> {
    const rows = this.claimTx.immediate(lease, now, options.limit ?? 100, options.takeOver === true);
    return rows.map((r) => this.open(r));
  }

  async renewLeases(owner: string, until: Date): Promise<number> {
    return this.stmts.renew.run(until.getTime(), owner).changes;
  }

  async releaseLeases(owner: string): Promise<number> {
    return this.stmts.release.run(owner).changes;
  }

  async listPending(): Promise<StoredActivity[]> {
    return (this.stmts.pending.all() as StoredActivity[]).map((r) => this.open(r));
  }

  /** Deletes a conversation's transcript (a citizen's deletion request, Law 91/2025/QH15). Tokens for it stop working (404). */
  async deleteConversation(id: string): Promise<boolean> {
    return this.stmts.deleteConversation.run(id).changes === 1;
  }

  async eraseTranscript(conversationId: string, notice = ERASED_ACTIVITY_NOTICE): Promise<number> {
    const rows = this.db
      .prepare(
        `SELECT id, json FROM directline_activities
          WHERE conversation_id = ? AND (state IS NULL OR state != 'pending')`,
      )
      .all(conversationId) as Array<{ id: string; json: string }>;
    const update = this.db.prepare('UPDATE directline_activities SET json = ? WHERE id = ?');
    this.db.transaction(() => {
      for (const row of rows) update.run(sealedTombstone(this.cipher, row, notice), row.id);
    })();
    return rows.length;
  }

  async purgeInactiveBefore(before: Date): Promise<number> {
    const iso = before.toISOString();
    return this.stmts.purge.run(iso, iso).changes;
  }

  async probeWrite(now: Date): Promise<void> {
    this.stmts.putMeta.run('probe', now.toISOString());
  }
}
