import { activityIdFor, ERASED_ACTIVITY_NOTICE } from '../../bot/ports/index.js';
import type { ActivityLease, AnswerOf, AppendInput, ClaimedActivity, DirectLineConversationRow, DirectLineStore, SealedBox, StoredActivity } from '../../bot/ports/index.js';
import { ACTIVITY_INSERT_COLUMNS, activityInsertValues, appendedActivity, leaseLost, openActivityJson, sealedTombstone, unknownConversation } from '../directline-rows.js';
import type { PgDb } from './db.js';

/**
 * `DirectLineStore` on PostgreSQL (`migrations/020_directline.sql`), the twin of
 * `storage/directline-store.ts`, shared by every app process of a city deployment.
 *
 * - **Watermarks.** An append bumps `directline_conversations.last_seq` with an `UPDATE …
 *   RETURNING` inside the transaction that inserts the activity: the row lock it takes is
 *   held to the commit, so a second process appending to the same conversation waits, then
 *   gets the next number, and commits after the first. No number is used twice or skipped,
 *   and none becomes visible before the ones below it. A batch bumps by its size at once.
 * - **Retried posts.** With a `clientActivityId`, the conversation row is locked first
 *   (`SELECT … FOR UPDATE`) and the duplicate looked for under that lock, so two processes
 *   taking the same retry at once store it once.
 * - **Pending messages.** `claimPending` is one statement: `WITH picked AS (SELECT … pending,
 *   lease expired … FOR UPDATE SKIP LOCKED) UPDATE … RETURNING`; a process settling the same
 *   row either holds its lock first (the claimer skips it, then finds it settled) or waits and
 *   finds another owner (its `UPDATE … WHERE lease_owner = me` matches nothing). `appendMany`
 *   settles the question before storing the replies, in one transaction, so replies are
 *   stored only by the process that still holds their question.
 *
 * Activities are sealed with the SQLite binding (`directline_activities/<id>/json`), so rows
 * copied from a ward's SQLite file open here.
 */

interface Row {
  conversation_id: string;
  seq: number;
  id: string;
  role: 'user' | 'bot';
  client_activity_id: string | null;
  state: 'pending' | 'answered' | 'failed' | null;
  json: string;
  attempts?: number;
  created_at?: string;
}

const COLUMNS = 'conversation_id, seq, id, role, client_activity_id, state, json';

export class PgDirectLineStore implements DirectLineStore {
  constructor(
    private readonly db: PgDb,
    private readonly cipher: SealedBox,
  ) {}

  async createConversation(id: string, userId: string, now: Date): Promise<DirectLineConversationRow> {
    await this.db.query('INSERT INTO directline_conversations (id, user_id, created_at) VALUES ($1, $2, $3)', [id, userId, now.toISOString()]);
    return { id, userId, createdAt: now.toISOString(), startedAt: null, lastSeq: 0 };
  }

  async getConversation(id: string): Promise<DirectLineConversationRow | undefined> {
    const { rows } = await this.db.query<DirectLineConversationRow>(
      `SELECT id, user_id AS "userId", created_at AS "createdAt", started_at AS "startedAt", last_seq AS "lastSeq"
         FROM directline_conversations WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  async markStarted(id: string, now: Date): Promise<boolean> {
    const r = await this.db.query('UPDATE directline_conversations SET started_at = $1 WHERE id = $2 AND started_at IS NULL', [now.toISOString(), id]);
    return r.rowCount === 1;
  }

  async append(input: AppendInput): Promise<StoredActivity & { duplicate: boolean }> {
    return this.db.transaction(async (tx) => {
      if (input.clientActivityId) {
        // Lock the conversation first, then look for the retry in a statement of its own: under
        // READ COMMITTED a statement that waited for the lock re-checks only the locked row, and
        // a row joined to it would still come from the snapshot taken before the wait (so the
        // other process's just-committed copy would be missed and inserted twice).
        const locked = await tx.query('SELECT id FROM directline_conversations WHERE id = $1 FOR UPDATE', [input.conversationId]);
        if (locked.rows.length === 0) throw unknownConversation(input.conversationId);
        const { rows } = await tx.query<Row>(
          `SELECT conversation_id, seq, id, role, client_activity_id, state, json
             FROM directline_activities WHERE conversation_id = $1 AND client_activity_id = $2`,
          [input.conversationId, input.clientActivityId],
        );
        if (rows[0]) return { ...this.open(rows[0]), duplicate: true };
      }
      const [stored] = await this.insertRun(tx, [input]);
      return stored!;
    });
  }

  async appendMany(inputs: AppendInput[], answers?: AnswerOf): Promise<Array<StoredActivity & { duplicate: boolean }>> {
    return this.db.transaction(async (tx) => {
      // The question first: once another process holds it, none of these replies may be stored.
      if (answers && !(await this.settleIn(tx, answers.activityId, 'answered', answers.owner))) {
        throw leaseLost(answers.activityId);
      }
      const out: Array<StoredActivity & { duplicate: boolean }> = [];
      // Consecutive inputs of one conversation share one bump (a turn's replies).
      for (let i = 0; i < inputs.length; ) {
        let j = i + 1;
        while (j < inputs.length && inputs[j]!.conversationId === inputs[i]!.conversationId) j++;
        out.push(...(await this.insertRun(tx, inputs.slice(i, j))));
        i = j;
      }
      return out;
    });
  }

  /** Inserts activities of ONE conversation with the next watermarks (inside a transaction). */
  private async insertRun(tx: PgDb, run: AppendInput[]): Promise<Array<StoredActivity & { duplicate: boolean }>> {
    const conversationId = run[0]!.conversationId;
    const { rows } = await tx.query<{ last_seq: number }>(
      'UPDATE directline_conversations SET last_seq = last_seq + $2 WHERE id = $1 RETURNING last_seq',
      [conversationId, run.length],
    );
    if (rows.length === 0) throw unknownConversation(conversationId);
    const first = rows[0]!.last_seq - run.length + 1;
    const out: Array<StoredActivity & { duplicate: boolean }> = [];
    const params: unknown[] = [];
    const values: string[] = [];
    run.forEach((inp, k) => {
      const seq = first + k;
      const id = activityIdFor(conversationId, seq);
      const json = inp.render(id, seq);
      const b = params.length;
      values.push(`(${Array.from({ length: 11 }, (_, n) => `$${b + n + 1}`).join(', ')})`);
      params.push(...activityInsertValues(inp, seq, id, json, this.cipher));
      out.push(appendedActivity(inp, seq, id, json));
    });
    await tx.query(
      `INSERT INTO directline_activities (${ACTIVITY_INSERT_COLUMNS})
       VALUES ${values.join(', ')}`,
      params,
    );
    return out;
  }

  async listAfter(conversationId: string, watermark: number, limit = 500): Promise<StoredActivity[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM directline_activities WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [conversationId, watermark, limit],
    );
    return rows.map((r) => this.open(r));
  }

  async settle(activityId: string, state: 'answered' | 'failed', owner: string): Promise<boolean> {
    return this.settleIn(this.db, activityId, state, owner);
  }

  private async settleIn(db: PgDb, activityId: string, state: 'answered' | 'failed', owner: string): Promise<boolean> {
    const r = await db.query(
      `UPDATE directline_activities SET state = $2, lease_owner = NULL, lease_until = NULL
        WHERE id = $1 AND state = 'pending' AND (lease_owner IS NULL OR lease_owner = $3)`,
      [activityId, state, owner],
    );
    return r.rowCount === 1;
  }

  async claimPending(lease: ActivityLease, now: Date, options: { limit?: number; takeOver?: boolean } = {}): Promise<ClaimedActivity[]> {
    const { rows } = await this.db.query<Row & { attempts: number; created_at: string }>(
      `WITH picked AS (
         SELECT id FROM directline_activities
          WHERE state = 'pending' AND ($3::boolean OR lease_until IS NULL OR lease_until <= $4)
          ORDER BY created_at, conversation_id, seq
          LIMIT $5
          FOR UPDATE SKIP LOCKED
       )
       UPDATE directline_activities a SET lease_owner = $1, lease_until = $2, attempts = a.attempts + 1
         FROM picked WHERE a.id = picked.id
       RETURNING a.conversation_id, a.seq, a.id, a.role, a.client_activity_id, a.state, a.json, a.attempts, a.created_at`,
      [lease.owner, lease.until.getTime(), options.takeOver === true, now.getTime(), options.limit ?? 100],
    );
    rows.sort((a, b) => cmp(a.created_at, b.created_at) || cmp(a.conversation_id, b.conversation_id) || a.seq - b.seq);
    return rows.map((r) => ({ ...this.open(r), attempts: r.attempts }));
  }

  async renewLeases(owner: string, until: Date): Promise<number> {
    const r = await this.db.query("UPDATE directline_activities SET lease_until = $2 WHERE state = 'pending' AND lease_owner = $1", [owner, until.getTime()]);
    return r.rowCount ?? 0;
  }

  async releaseLeases(owner: string): Promise<number> {
    const r = await this.db.query(
      "UPDATE directline_activities SET lease_owner = NULL, lease_until = NULL WHERE state = 'pending' AND lease_owner = $1",
      [owner],
    );
    return r.rowCount ?? 0;
  }

  async listPending(): Promise<StoredActivity[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM directline_activities WHERE state = 'pending' ORDER BY created_at, conversation_id, seq`,
    );
    return rows.map((r) => this.open(r));
  }

  async deleteConversation(id: string): Promise<boolean> {
    const r = await this.db.query('DELETE FROM directline_conversations WHERE id = $1', [id]);
    return r.rowCount === 1;
  }

  async eraseTranscript(conversationId: string, notice = ERASED_ACTIVITY_NOTICE): Promise<number> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string; json: string }>(
        `SELECT id, json FROM directline_activities
          WHERE conversation_id = $1 AND (state IS NULL OR state <> 'pending') FOR UPDATE`,
        [conversationId],
      );
      for (const row of rows) {
        await tx.query('UPDATE directline_activities SET json = $2 WHERE id = $1', [row.id, sealedTombstone(this.cipher, row, notice)]);
      }
      return rows.length;
    });
  }

  async purgeInactiveBefore(before: Date): Promise<number> {
    const r = await this.db.query(
      `DELETE FROM directline_conversations c
        WHERE c.created_at < $1
          AND NOT EXISTS (SELECT 1 FROM directline_activities a WHERE a.conversation_id = c.id AND (a.created_at >= $1 OR a.state = 'pending'))`,
      [before.toISOString()],
    );
    return r.rowCount ?? 0;
  }

  async probeWrite(now: Date): Promise<void> {
    await this.db.query(
      "INSERT INTO directline_meta (key, value) VALUES ('probe', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      [now.toISOString()],
    );
  }

  private open(row: Row): StoredActivity {
    return {
      conversationId: row.conversation_id,
      seq: row.seq,
      id: row.id,
      role: row.role,
      clientActivityId: row.client_activity_id,
      state: row.state,
      json: openActivityJson(this.cipher, row),
    };
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
