import type { SealedBox, TurnLog, TurnLogEntry } from '../../bot/ports/index.js';
import { analyticsColumns, localDay, TURN_KINDS } from '../analytics-columns.js';
import { CITY, NO_WARD, QUESTION_KINDS_SQL, type RollupScope } from '../analytics-rollups.js';
import { openTurnText, TURN_LOG_INSERT_COLUMNS, turnLogEntryOf, turnLogInsertValues, type TurnLogRow } from '../turn-log-rows.js';
import type { PgDb } from './db.js';

/**
 * `TurnLog` on PostgreSQL (`migrations/013_turn_log.sql`), the twin of `storage/turn-log.ts`:
 * the same row (text sealed to `turn_log/<conversation>/<at>/text`, the analytics columns
 * derived by `analyticsColumns`) and the same daily rollups (`storage/analytics-rollups.ts`),
 * kept in the transaction that inserts the row.
 *
 * Across processes: the counters are upserts (`ON CONFLICT … DO UPDATE SET n = n + 1`), which
 * never lose an increment. The conversations-per-day count asks "had this conversation a
 * question today already?" and then counts; two turns of one conversation recorded at once
 * by two processes would both answer no, so the question and the count run under a
 * transaction advisory lock on the conversation. Erasure and retention rebuild days from the
 * rows, holding `SHARE` on `turn_log` so no turn is inserted between the delete and the
 * recount.
 */

/** First key of the conversation advisory locks ("turn" in ASCII): apart from the migration lock. */
const CONVERSATION_LOCK_CLASS = 0x7475726e;

export class PgTurnLog implements TurnLog {
  /** `cipher`: the turn-log purpose box; it seals the text and keys the topic clusters (`lookupHash`). */
  constructor(
    private readonly db: PgDb,
    private readonly cipher: SealedBox,
  ) {}

  async record(e: TurnLogEntry): Promise<void> {
    const c = analyticsColumns(e, (signature) => this.cipher.lookupHash(signature));
    const code = e.outcome.procedureCode ?? null;
    const ward = c.ward ?? NO_WARD;
    await this.db.transaction(async (tx) => {
      if (TURN_KINDS.includes(c.kind)) {
        await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CONVERSATION_LOCK_CLASS, e.conversationId]);
        await tx.query(
          `INSERT INTO turn_rollup_conversations (ward, day, n)
           SELECT $1, $2, 1 WHERE NOT EXISTS (
             SELECT 1 FROM turn_log WHERE conversation_id = $3 AND day = $2 AND COALESCE(ward, '') = $1 AND kind IN (${QUESTION_KINDS_SQL}))
           ON CONFLICT (ward, day) DO UPDATE SET n = turn_rollup_conversations.n + 1`,
          [ward, c.day, e.conversationId],
        );
      }
      for (const w of [ward, CITY]) {
        await tx.query(
          `INSERT INTO turn_rollup_kind (ward, day, channel_id, kind, n) VALUES ($1, $2, $3, $4, 1)
           ON CONFLICT (ward, day, channel_id, kind) DO UPDATE SET n = turn_rollup_kind.n + 1`,
          [w, c.day, e.channelId, c.kind],
        );
        if (code) {
          await tx.query(
            `INSERT INTO turn_rollup_procedure (ward, day, procedure_code, n) VALUES ($1, $2, $3, 1)
             ON CONFLICT (ward, procedure_code, day) DO UPDATE SET n = turn_rollup_procedure.n + 1`,
            [w, c.day, code],
          );
        }
        if (c.gap && c.topic) {
          await tx.query(
            `INSERT INTO turn_rollup_gap (ward, day, topic, gap, intent, n) VALUES ($1, $2, $3, $4, $5, 1)
             ON CONFLICT (ward, day, topic, gap, intent) DO UPDATE SET n = turn_rollup_gap.n + 1`,
            [w, c.day, c.topic, c.gap, c.intent ?? ''],
          );
        }
      }
      await tx.query(
        `INSERT INTO turn_log (${TURN_LOG_INSERT_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
        turnLogInsertValues(e, this.cipher, c),
      );
    });
  }

  /** Opens one row's sealed text (the dashboard's review of examples, for roles allowed to see them). */
  openText(row: { conversation_id: string; at: string; text: string }): string {
    return openTurnText(this.cipher, row);
  }

  /** The last `limit` turns of a conversation, oldest first. */
  async recent(conversationId: string, limit = 50): Promise<TurnLogEntry[]> {
    const { rows } = await this.db.query<TurnLogRow>(
      'SELECT * FROM (SELECT * FROM turn_log WHERE conversation_id = $1 ORDER BY id DESC LIMIT $2) t ORDER BY id ASC',
      [conversationId, limit],
    );
    return rows.map((r) => turnLogEntryOf(r, this.cipher));
  }

  /** Erasure: every turn of this conversation and, when given, of this user; the affected days' rollups are rebuilt. */
  async eraseSubject(subject: { conversationId: string; userId?: string }): Promise<number> {
    return this.db.transaction(async (tx) => {
      await tx.query('LOCK TABLE turn_log IN SHARE MODE');
      const params = [subject.conversationId, subject.userId ?? null]; // NULL matches no user
      const days = (
        await tx.query<{ day: string }>('SELECT DISTINCT day FROM turn_log WHERE (conversation_id = $1 OR user_id = $2) AND day IS NOT NULL', params)
      ).rows.map((r) => r.day);
      const changes = (await tx.query('DELETE FROM turn_log WHERE conversation_id = $1 OR user_id = $2', params)).rowCount ?? 0;
      if (days.length) await rebuildRollups(tx, { days });
      return changes;
    });
  }

  /** Retention: deletes turns older than `before`, and rebuilds the rollups of the days up to it. */
  async purgeBefore(before: Date): Promise<number> {
    return this.db.transaction(async (tx) => {
      await tx.query('LOCK TABLE turn_log IN SHARE MODE');
      const changes = (await tx.query('DELETE FROM turn_log WHERE at < $1', [before.toISOString()])).rowCount ?? 0;
      if (changes) await rebuildRollups(tx, { upTo: localDay(before) });
      return changes;
    });
  }
}

/** Recomputes the rollups of `scope`'s days from the turn log (the SQL of `TurnRollups.rebuild`). */
export async function rebuildRollups(tx: PgDb, scope: RollupScope): Promise<void> {
  const { sql: where, params } =
    'all' in scope
      ? { sql: 'day IS NOT NULL', params: [] as unknown[] }
      : 'upTo' in scope
        ? { sql: 'day <= $1', params: [scope.upTo] as unknown[] }
        : { sql: 'day = ANY($1::text[])', params: [[...scope.days]] as unknown[] };
  const run = (sql: string) => tx.query(sql, params);
  const wardKey = "COALESCE(ward, '')";
  for (const t of ['turn_rollup_kind', 'turn_rollup_procedure', 'turn_rollup_gap', 'turn_rollup_conversations']) await run(`DELETE FROM ${t} WHERE ${where}`);
  // PostgreSQL refuses a string constant in GROUP BY: the city rows group without a ward key.
  for (const [w, g] of [[wardKey, `${wardKey}, `], [`'${CITY}'`, '']] as const) {
    await run(`INSERT INTO turn_rollup_kind (ward, day, channel_id, kind, n)
         SELECT ${w}, day, channel_id, kind, COUNT(*) FROM turn_log WHERE ${where} AND kind IS NOT NULL GROUP BY ${g}day, channel_id, kind`);
    await run(`INSERT INTO turn_rollup_procedure (ward, day, procedure_code, n)
         SELECT ${w}, day, procedure_code, COUNT(*) FROM turn_log WHERE ${where} AND procedure_code IS NOT NULL GROUP BY ${g}day, procedure_code`);
    await run(`INSERT INTO turn_rollup_gap (ward, day, topic, gap, intent, n)
         SELECT ${w}, day, topic, gap, COALESCE(intent, ''), COUNT(*) FROM turn_log
         WHERE ${where} AND gap IS NOT NULL AND topic IS NOT NULL GROUP BY ${g}day, topic, gap, COALESCE(intent, '')`);
  }
  await run(`INSERT INTO turn_rollup_conversations (ward, day, n)
       SELECT ${wardKey}, day, COUNT(DISTINCT conversation_id) FROM turn_log
       WHERE ${where} AND kind IN (${QUESTION_KINDS_SQL}) GROUP BY ${wardKey}, day`);
}
