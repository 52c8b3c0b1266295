import { TURN_KINDS, type TurnAnalyticsColumns } from './analytics-columns.js';
import type { Db } from './sqlite.js';

/**
 * Daily rollups of the turn log for the city dashboard (issue 17): counts per Hà Nội day,
 * kept on write in the same transaction as the turn's row, so the dashboard sums a few
 * thousand rollup rows instead of scanning a million turns.
 *
 * Every count is kept twice: under the turn's ward (`''` when the turn has none) and under
 * `CITY` (`'*'`, every turn), so the city-wide view reads one narrow range of the primary
 * key and a ward view reads its wards' ranges. Ward codes are digits, so neither key
 * collides with a ward.
 *
 * - `turn_rollup_kind`: day × channel × ward × kind (every kind, `other` included).
 * - `turn_rollup_procedure`: day × ward × procedure, for turns with a procedure (keyed ward,
 *   procedure, day: each ward's procedures come in key order, so ranking them needs no sort
 *   of the day rows).
 * - `turn_rollup_gap`: day × ward × topic × gap × intent (`''` for none), for not-answered turns.
 * - `turn_rollup_conversations`: day × ward, conversations with at least one question that
 *   day in that ward (ward rows only). Summed over a range this counts conversation-days:
 *   a conversation that crosses midnight counts on both days.
 *
 * Only derived, non-personal columns are aggregated. Erasure and retention rebuild the
 * affected days from what is left of the turn log (`rebuild`), as does the backfill
 * migration. `WITHOUT ROWID` is SQLite's clustered table; a PostgreSQL port drops that
 * suffix and keeps the rest (`ON CONFLICT … DO UPDATE` included).
 */
export const TURN_LOG_ROLLUP_MIGRATIONS = [
  {
    name: 'turn_log_005_rollups',
    sql: `CREATE TABLE turn_rollup_kind (
      ward TEXT NOT NULL, day TEXT NOT NULL, channel_id TEXT NOT NULL, kind TEXT NOT NULL, n INTEGER NOT NULL,
      PRIMARY KEY (ward, day, channel_id, kind)
    ) WITHOUT ROWID;
    CREATE TABLE turn_rollup_procedure (
      ward TEXT NOT NULL, procedure_code TEXT NOT NULL, day TEXT NOT NULL, n INTEGER NOT NULL,
      PRIMARY KEY (ward, procedure_code, day)
    ) WITHOUT ROWID;
    CREATE TABLE turn_rollup_gap (
      ward TEXT NOT NULL, day TEXT NOT NULL, topic TEXT NOT NULL, gap TEXT NOT NULL, intent TEXT NOT NULL, n INTEGER NOT NULL,
      PRIMARY KEY (ward, day, topic, gap, intent)
    ) WITHOUT ROWID;
    CREATE TABLE turn_rollup_conversations (
      ward TEXT NOT NULL, day TEXT NOT NULL, n INTEGER NOT NULL,
      PRIMARY KEY (ward, day)
    ) WITHOUT ROWID;`,
  },
  {
    // The review sample's "low confidence" stratum of some wards, newest first.
    name: 'turn_log_007_gap_ward_index',
    sql: `CREATE INDEX turn_log_gap_ward ON turn_log (ward, id) WHERE gap IS NOT NULL;`,
  },
] as const;

/** The rollups' key for "every ward" (the city-wide rows). */
export const CITY = '*';
/** The rollups' key for turns without a known ward. */
export const NO_WARD = '';

export const QUESTION_KINDS_SQL = TURN_KINDS.map((k) => `'${k}'`).join(', ');

/** Which days to rebuild: all of them, these days, or every day up to and including one. */
export type RollupScope = { all: true } | { days: readonly string[] } | { upTo: string };

/** Keeps the rollups of one database's turn log. */
export class TurnRollups {
  private readonly kindUp;
  private readonly procUp;
  private readonly gapUp;
  private readonly convUp;
  private readonly seenToday;

  constructor(private readonly db: Db) {
    this.kindUp = db.prepare(
      'INSERT INTO turn_rollup_kind (ward, day, channel_id, kind, n) VALUES (?, ?, ?, ?, 1) ON CONFLICT (ward, day, channel_id, kind) DO UPDATE SET n = turn_rollup_kind.n + 1',
    );
    this.procUp = db.prepare(
      'INSERT INTO turn_rollup_procedure (ward, day, procedure_code, n) VALUES (?, ?, ?, 1) ON CONFLICT (ward, procedure_code, day) DO UPDATE SET n = turn_rollup_procedure.n + 1',
    );
    this.gapUp = db.prepare(
      'INSERT INTO turn_rollup_gap (ward, day, topic, gap, intent, n) VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (ward, day, topic, gap, intent) DO UPDATE SET n = turn_rollup_gap.n + 1',
    );
    this.convUp = db.prepare(
      'INSERT INTO turn_rollup_conversations (ward, day, n) VALUES (?, ?, 1) ON CONFLICT (ward, day) DO UPDATE SET n = turn_rollup_conversations.n + 1',
    );
    // Uses the turn log's (conversation_id, id) index: a conversation has few turns.
    this.seenToday = db.prepare(
      `SELECT 1 FROM turn_log WHERE conversation_id = ? AND day = ? AND COALESCE(ward, '') = ? AND kind IN (${QUESTION_KINDS_SQL}) LIMIT 1`,
    );
  }

  /**
   * Counts one turn. Call inside the transaction that inserts its row, BEFORE the insert
   * (the conversation count asks whether the conversation already had a question that day).
   */
  add(conversationId: string, channelId: string, procedureCode: string | null, c: TurnAnalyticsColumns): void {
    const ward = c.ward ?? NO_WARD;
    if (TURN_KINDS.includes(c.kind) && !this.seenToday.get(conversationId, c.day, ward)) this.convUp.run(ward, c.day);
    for (const w of [ward, CITY]) {
      this.kindUp.run(w, c.day, channelId, c.kind);
      if (procedureCode) this.procUp.run(w, c.day, procedureCode);
      if (c.gap && c.topic) this.gapUp.run(w, c.day, c.topic, c.gap, c.intent ?? '');
    }
  }

  /** Recomputes the rollups of `scope`'s days from the turn log (backfill, erasure, retention). */
  rebuild(scope: RollupScope): void {
    const { sql: where, params } =
      'all' in scope
        ? { sql: 'day IS NOT NULL', params: [] as string[] }
        : 'upTo' in scope
          ? { sql: 'day <= ?', params: [scope.upTo] }
          : { sql: `day IN (${scope.days.map(() => '?').join(', ') || "''"})`, params: [...scope.days] };
    const run = (sql: string) => this.db.prepare(sql).run(...params);
    const wardKey = "COALESCE(ward, '')";
    for (const t of ['turn_rollup_kind', 'turn_rollup_procedure', 'turn_rollup_gap', 'turn_rollup_conversations']) run(`DELETE FROM ${t} WHERE ${where}`);
    for (const w of [wardKey, `'${CITY}'`]) {
      run(`INSERT INTO turn_rollup_kind (ward, day, channel_id, kind, n)
           SELECT ${w}, day, channel_id, kind, COUNT(*) FROM turn_log WHERE ${where} AND kind IS NOT NULL GROUP BY ${w}, day, channel_id, kind`);
      run(`INSERT INTO turn_rollup_procedure (ward, day, procedure_code, n)
           SELECT ${w}, day, procedure_code, COUNT(*) FROM turn_log WHERE ${where} AND procedure_code IS NOT NULL GROUP BY ${w}, day, procedure_code`);
      run(`INSERT INTO turn_rollup_gap (ward, day, topic, gap, intent, n)
           SELECT ${w}, day, topic, gap, COALESCE(intent, ''), COUNT(*) FROM turn_log
           WHERE ${where} AND gap IS NOT NULL AND topic IS NOT NULL GROUP BY ${w}, day, topic, gap, COALESCE(intent, '')`);
    }
    run(`INSERT INTO turn_rollup_conversations (ward, day, n)
         SELECT ${wardKey}, day, COUNT(DISTINCT conversation_id) FROM turn_log
         WHERE ${where} AND kind IN (${QUESTION_KINDS_SQL}) GROUP BY ${wardKey}, day`);
  }
}
