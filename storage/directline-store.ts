import type { SealedBox } from '../bot/ports/index.js';
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
];

export type ActivityRole = 'user' | 'bot';
export type UserActivityState = 'pending' | 'answered' | 'failed';

export interface DirectLineConversationRow {
  id: string;
  userId: string;
  createdAt: string;
  startedAt: string | null;
  lastSeq: number;
}

export interface StoredActivity {
  conversationId: string;
  seq: number;
  id: string;
  role: ActivityRole;
  clientActivityId: string | null;
  state: UserActivityState | null;
  /** The activity as serialised JSON (what clients receive). */
  json: string;
}

export interface AppendInput {
  conversationId: string;
  role: ActivityRole;
  /** Builds the JSON once the id and sequence are known (the id goes inside the JSON). */
  render: (id: string, seq: number) => string;
  clientActivityId?: string | null;
  replyToId?: string | null;
  state?: UserActivityState | null;
  now: Date;
}

/** Activity ids look like Azure's: `<conversationId>|<seq, 7 digits>`. */
export function activityIdFor(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, '0')}`;
}

const aadFor = (activityId: string) => `directline_activities/${activityId}/json`;

/** SQLite store for Direct Line conversations, transcripts and pending turns. */
export class SqliteDirectLineStore {
  private readonly stmts;
  private readonly appendTx;
  private readonly appendManyTx;

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
      insertConversation: db.prepare(
        'INSERT INTO directline_conversations (id, user_id, created_at) VALUES (?, ?, ?)',
      ),
      getConversation: db.prepare(
        'SELECT id, user_id AS userId, created_at AS createdAt, started_at AS startedAt, last_seq AS lastSeq FROM directline_conversations WHERE id = ?',
      ),
      markStarted: db.prepare(
        'UPDATE directline_conversations SET started_at = ? WHERE id = ? AND started_at IS NULL',
      ),
      bumpSeq: db.prepare(
        'UPDATE directline_conversations SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq AS seq',
      ),
      insertActivity: db.prepare(
        `INSERT INTO directline_activities
          (conversation_id, seq, id, role, client_activity_id, reply_to_id, state, json, created_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      byClientId: db.prepare(
        `SELECT conversation_id AS conversationId, seq, id, role, client_activity_id AS clientActivityId, state, json
          FROM directline_activities WHERE conversation_id = ? AND client_activity_id = ?`,
      ),
      after: db.prepare(
        `SELECT conversation_id AS conversationId, seq, id, role, client_activity_id AS clientActivityId, state, json
          FROM directline_activities WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
      ),
      setState: db.prepare('UPDATE directline_activities SET state = ? WHERE id = ?'),
      pending: db.prepare(
        `SELECT conversation_id AS conversationId, seq, id, role, client_activity_id AS clientActivityId, state, json
          FROM directline_activities WHERE state = 'pending' ORDER BY created_at, seq`,
      ),
      deleteConversation: db.prepare('DELETE FROM directline_conversations WHERE id = ?'),
      purge: db.prepare(
        `DELETE FROM directline_conversations WHERE id IN (
          SELECT c.id FROM directline_conversations c
          WHERE c.created_at < ?
            AND NOT EXISTS (SELECT 1 FROM directline_activities a WHERE a.conversation_id = c.id AND (a.created_at >= ? OR a.state = 'pending'))
        )`,
      ),
      putMeta: db.prepare(
        'INSERT INTO directline_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
    };
    this.appendTx = db.transaction((inp: AppendInput) => this.appendInTransaction(inp));
    this.appendManyTx = db.transaction((inputs: AppendInput[], answered: string | undefined) => {
      const out = inputs.map((inp) => this.appendInTransaction(inp));
      if (answered) this.stmts.setState.run('answered', answered);
      return out;
    });
  }

  createConversation(id: string, userId: string, now: Date): DirectLineConversationRow {
    this.stmts.insertConversation.run(id, userId, now.toISOString());
    return { id, userId, createdAt: now.toISOString(), startedAt: null, lastSeq: 0 };
  }

  getConversation(id: string): DirectLineConversationRow | undefined {
    return this.stmts.getConversation.get(id) as DirectLineConversationRow | undefined;
  }

  /** Marks the conversation started; true only the first time (so the bot greets once). */
  markStarted(id: string, now: Date): boolean {
    return this.stmts.markStarted.run(now.toISOString(), id).changes === 1;
  }

  /**
   * Appends an activity with the next watermark, atomically. When a user activity with
   * the same `clientActivityId` already exists (client retry), returns that one instead
   * with `duplicate: true`.
   */
  append(input: AppendInput): StoredActivity & { duplicate: boolean } {
    return this.appendTx.immediate(input);
  }

  private open(row: StoredActivity): StoredActivity {
    return { ...row, json: this.cipher.open(row.json, aadFor(row.id)) };
  }

  private appendInTransaction(inp: AppendInput): StoredActivity & { duplicate: boolean } {
    {
      if (inp.clientActivityId) {
        const existing = this.stmts.byClientId.get(inp.conversationId, inp.clientActivityId) as StoredActivity | undefined;
        if (existing) return { ...this.open(existing), duplicate: true };
      }
      const row = this.stmts.bumpSeq.get(inp.conversationId) as { seq: number } | undefined;
      if (!row) throw new Error(`directline store: unknown conversation ${inp.conversationId}`);
      const id = activityIdFor(inp.conversationId, row.seq);
      const json = inp.render(id, row.seq);
      this.stmts.insertActivity.run(
        inp.conversationId,
        row.seq,
        id,
        inp.role,
        inp.clientActivityId ?? null,
        inp.replyToId ?? null,
        inp.state ?? null,
        this.cipher.seal(json, aadFor(id)),
        inp.now.toISOString(),
      );
      return {
        conversationId: inp.conversationId,
        seq: row.seq,
        id,
        role: inp.role,
        clientActivityId: inp.clientActivityId ?? null,
        state: inp.state ?? null,
        json,
        duplicate: false,
      };
    }
  }

  /**
   * Appends the bot's replies of one send in one transaction and, when given, marks the
   * user message they answer as answered in the same commit: a crash can never leave a
   * reply stored with its question still pending (which would answer it twice).
   */
  appendMany(inputs: AppendInput[], answeredActivityId?: string): Array<StoredActivity & { duplicate: boolean }> {
    return this.appendManyTx.immediate(inputs, answeredActivityId);
  }

  /** Activities with a sequence above `watermark`, oldest first, at most `limit`. */
  listAfter(conversationId: string, watermark: number, limit = 500): StoredActivity[] {
    return (this.stmts.after.all(conversationId, watermark, limit) as StoredActivity[]).map((r) => this.open(r));
  }

  setState(activityId: string, state: UserActivityState): void {
    this.stmts.setState.run(state, activityId);
  }

  /** User messages accepted but not yet answered (crash recovery), oldest first. */
  listPending(): StoredActivity[] {
    return (this.stmts.pending.all() as StoredActivity[]).map((r) => this.open(r));
  }

  /**
   * Deletes a conversation's transcript (a citizen's deletion request, Law 91/2025/QH15).
   * Returns true when there was one. Tokens for it stop working (404).
   */
  deleteConversation(id: string): boolean {
    return this.stmts.deleteConversation.run(id).changes === 1;
  }

  /**
   * Erasure on request: replaces the content of every settled activity of a conversation
   * with a tombstone, keeping ids and sequence numbers so watermarks held by connected
   * clients stay valid and the conversation goes on. Pending turns are left to finish.
   */
  eraseTranscript(conversationId: string, notice = 'Nội dung đã được xoá theo yêu cầu.'): number {
    const rows = this.db
      .prepare(
        `SELECT id, json FROM directline_activities
          WHERE conversation_id = ? AND (state IS NULL OR state != 'pending')`,
      )
      .all(conversationId) as Array<{ id: string; json: string }>;
    const update = this.db.prepare('UPDATE directline_activities SET json = ? WHERE id = ?');
    const run = this.db.transaction(() => {
      for (const row of rows) {
        const a = JSON.parse(this.cipher.open(row.json, aadFor(row.id))) as Record<string, unknown>;
        const tombstone: Record<string, unknown> = {
          type: a.type,
          id: a.id,
          timestamp: a.timestamp,
          channelId: a.channelId,
          conversation: a.conversation,
          from: a.from,
          replyToId: a.replyToId,
        };
        if (a.type === 'message') tombstone.text = notice;
        update.run(this.cipher.seal(JSON.stringify(tombstone), aadFor(row.id)), row.id);
      }
    });
    run();
    return rows.length;
  }

  /** Retention: deletes conversations with no activity since `before` and nothing pending. */
  purgeInactiveBefore(before: Date): number {
    const iso = before.toISOString();
    return this.stmts.purge.run(iso, iso).changes;
  }

  /** Proves the database is writable (readiness probe). */
  probeWrite(now: Date): void {
    this.stmts.putMeta.run('probe', now.toISOString());
  }
}
