import type { AnalyticsFilter, DashboardAnalytics, EscalationRow, GapRow, ReviewInput, ReviewRecord, ReviewStratum, TurnRow } from '../../bot/ports/analytics.js';
import { TURN_KINDS, type TurnKind } from '../analytics-columns.js';
import { CITY, NO_WARD, QUESTION_KINDS_SQL } from '../analytics-rollups.js';
import { foldGaps, utcBounds } from '../analytics.js';
import type { PgDb } from './db.js';

/** Numbers `?` placeholders as `$1, $2, …` (the queries here hold no `?` in literals). */
const numbered = (sql: string): string => {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
};

/**
 * The city dashboard's read side on PostgreSQL, the twin of `SqliteAnalytics`
 * (`storage/analytics.ts`): the same queries over the rollups `PgTurnLog` keeps on write
 * (`migrations/013_turn_log.sql`), the feedback and the cases, and the review table
 * (`migrations/033_analytics_reviews.sql`). Text is ordered with `COLLATE "C"` where an
 * order reaches the page, so ties break as SQLite's byte order does whatever the database's
 * collation. Every process reads the same rows: a turn answered on one process counts on
 * every dashboard, and a review saved on one is refused as a repeat on the others (the
 * unique `turn_id`).
 */
export class PgAnalytics implements DashboardAnalytics {
  constructor(private readonly db: PgDb) {}

  private async all<R>(sql: string, params: unknown[]): Promise<R[]> {
    return (await this.db.query(numbered(sql), params)).rows as R[];
  }

  private rollupWard(f: AnalyticsFilter): { sql: string; params: string[] } {
    if (!f.wards) return { sql: ' AND ward = ?', params: [CITY] };
    return this.wardClause(f);
  }

  private wardClause(f: AnalyticsFilter, column = 'ward'): { sql: string; params: string[] } {
    if (!f.wards) return { sql: '', params: [] };
    if (f.wards.length === 0) return { sql: ' AND 1 = 0', params: [] };
    return { sql: ` AND ${column} IN (${f.wards.map(() => '?').join(', ')})`, params: [...f.wards] };
  }

  async perDayChannel(f: AnalyticsFilter): Promise<Array<{ day: string; channel: string; count: number }>> {
    const w = this.rollupWard(f);
    return this.all(
      `SELECT day, channel_id AS channel, SUM(n) AS count FROM turn_rollup_kind
       WHERE day >= ? AND day <= ? AND kind IN (${QUESTION_KINDS_SQL})${w.sql}
       GROUP BY day, channel_id ORDER BY day, channel_id COLLATE "C"`,
      [f.from, f.to, ...w.params],
    );
  }

  async kinds(f: AnalyticsFilter): Promise<Record<Exclude<TurnKind, 'other'>, number>> {
    const w = this.rollupWard(f);
    const rows = await this.all<{ kind: TurnKind; count: number }>(
      `SELECT kind, SUM(n) AS count FROM turn_rollup_kind WHERE day >= ? AND day <= ? AND kind IN (${QUESTION_KINDS_SQL})${w.sql} GROUP BY kind`,
      [f.from, f.to, ...w.params],
    );
    const out = Object.fromEntries(TURN_KINDS.map((k) => [k, 0])) as Record<Exclude<TurnKind, 'other'>, number>;
    for (const r of rows) out[r.kind as Exclude<TurnKind, 'other'>] = r.count;
    return out;
  }

  async topProcedures(f: AnalyticsFilter, limit = 15): Promise<Array<{ code: string; count: number }>> {
    const w = this.rollupWard(f);
    return this.all(
      `SELECT procedure_code AS code, SUM(n) AS count FROM turn_rollup_procedure
       WHERE day >= ? AND day <= ?${w.sql}
       GROUP BY procedure_code ORDER BY count DESC, procedure_code COLLATE "C" LIMIT ?`,
      [f.from, f.to, ...w.params, limit],
    );
  }

  async byWard(f: AnalyticsFilter, perWard = 3): Promise<Array<{ ward: string | null; conversations: number; questions: number; top: Array<{ code: string; count: number }> }>> {
    const w = f.wards ? this.wardClause(f) : { sql: ' AND ward <> ?', params: [CITY] };
    const conv = new Map(
      (await this.all<{ ward: string; n: number }>(`SELECT ward, SUM(n) AS n FROM turn_rollup_conversations WHERE day >= ? AND day <= ?${w.sql} GROUP BY ward`, [f.from, f.to, ...w.params])).map((r) => [r.ward, r.n]),
    );
    const totals = (
      await this.all<{ ward: string; questions: number }>(
        `SELECT ward, SUM(n) AS questions FROM turn_rollup_kind WHERE day >= ? AND day <= ? AND kind IN (${QUESTION_KINDS_SQL})${w.sql} GROUP BY ward ORDER BY questions DESC, ward COLLATE "C"`,
        [f.from, f.to, ...w.params],
      )
    ).map((r) => ({ ward: r.ward === NO_WARD ? null : r.ward, conversations: conv.get(r.ward) ?? 0, questions: r.questions }));
    const procs = (
      await this.all<{ ward: string; code: string; count: number }>(
        `SELECT ward, code, count FROM (
           SELECT ward, procedure_code AS code, SUM(n) AS count,
             ROW_NUMBER() OVER (PARTITION BY ward ORDER BY SUM(n) DESC, procedure_code COLLATE "C") AS pos
           FROM turn_rollup_procedure WHERE day >= ? AND day <= ?${w.sql} GROUP BY ward, procedure_code
         ) AS ranked WHERE pos <= ?`,
        [f.from, f.to, ...w.params, perWard],
      )
    ).map((r) => ({ ...r, ward: r.ward === NO_WARD ? null : r.ward }));
    const top = new Map<string | null, Array<{ code: string; count: number }>>();
    for (const p of procs) {
      const list = top.get(p.ward);
      if (list) list.push({ code: p.code, count: p.count });
      else top.set(p.ward, [{ code: p.code, count: p.count }]);
    }
    return totals.map((t) => ({
      ...t,
      top: (top.get(t.ward) ?? []).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)).slice(0, perWard),
    }));
  }

  async gaps(f: AnalyticsFilter, limit = 20): Promise<GapRow[]> {
    const w = this.rollupWard(f);
    const rows = await this.all<{ topic: string; gap: string; intent: string; count: number }>(
      `SELECT topic, gap, intent, SUM(n) AS count FROM turn_rollup_gap WHERE day >= ? AND day <= ?${w.sql} GROUP BY topic, gap, intent ORDER BY topic COLLATE "C", gap, intent COLLATE "C"`,
      [f.from, f.to, ...w.params],
    );
    const { start, end } = utcBounds(f);
    const fw = this.wardClause(f);
    const wrong = await this.all<{ code: string | null; count: number }>(
      `SELECT procedure_code AS code, COUNT(*) AS count FROM feedback
       WHERE at >= ? AND at < ? AND rating = 'down' AND reason = 'khong_dung_y'${fw.sql} GROUP BY procedure_code ORDER BY procedure_code COLLATE "C" NULLS FIRST`,
      [start, end, ...fw.params],
    );
    return foldGaps(rows, wrong, limit);
  }

  async gapExamples(f: AnalyticsFilter, topic: string, limit = 3): Promise<TurnRow[]> {
    const w = this.wardClause(f);
    return this.all(`SELECT * FROM turn_log WHERE day >= ? AND day <= ? AND gap IS NOT NULL AND topic = ?${w.sql} ORDER BY id DESC LIMIT ?`, [f.from, f.to, topic, ...w.params, limit]);
  }

  async wrongProcedureExamples(f: AnalyticsFilter, code: string, limit = 3): Promise<Array<{ conversation_id: string; at: string; question: string }>> {
    const { start, end } = utcBounds(f);
    const w = this.wardClause(f);
    return this.all(
      `SELECT conversation_id, at, question FROM feedback WHERE at >= ? AND at < ? AND rating = 'down' AND reason = 'khong_dung_y' AND procedure_code = ?${w.sql} ORDER BY id DESC LIMIT ?`,
      [start, end, code, ...w.params, limit],
    );
  }

  async feedback(f: AnalyticsFilter): Promise<Array<{ rating: 'up' | 'down'; reason: string | null; count: number }>> {
    const { start, end } = utcBounds(f);
    const w = this.wardClause(f);
    // Ties by reason, nulls first: a stable order on both engines (SQLite leaves ties to the plan).
    return this.all(
      `SELECT rating, reason, COUNT(*) AS count FROM feedback WHERE at >= ? AND at < ?${w.sql} GROUP BY rating, reason ORDER BY rating DESC, count DESC, reason COLLATE "C" NULLS FIRST`,
      [start, end, ...w.params],
    );
  }

  async escalations(f: AnalyticsFilter): Promise<EscalationRow[]> {
    const { start, end } = utcBounds(f);
    const w = this.wardClause(f);
    const rows = await this.all<{ ward: string | null; legal_area: string | null; urgency: string; opened_at: string; accepted_at: string | null; sla_due_at: string }>(
      `SELECT ward, legal_area, urgency, created_at AS opened_at, accepted_at, sla_due_at FROM cases WHERE created_at >= ? AND created_at < ?${w.sql} ORDER BY created_at, id COLLATE "C"`,
      [start, end, ...w.params],
    );
    return rows.map((r) => ({ ward: r.ward, legalArea: r.legal_area, urgency: r.urgency, openedAt: r.opened_at, acceptedAt: r.accepted_at, slaDueAt: r.sla_due_at }));
  }

  async turn(id: number): Promise<TurnRow | undefined> {
    return (await this.all<TurnRow>('SELECT * FROM turn_log WHERE id = ?', [id]))[0];
  }

  async turnsUpTo(conversationId: string, id: number, limit = 4): Promise<TurnRow[]> {
    return (await this.all<TurnRow>('SELECT * FROM turn_log WHERE conversation_id = ? AND id <= ? ORDER BY id DESC LIMIT ?', [conversationId, id, limit])).reverse();
  }

  /** The stratified sample of `SqliteAnalytics.reviewSample`, query for query. */
  async reviewSample(f: AnalyticsFilter, per = 5, random: () => number = Math.random): Promise<Array<TurnRow & { stratum: ReviewStratum }>> {
    const w = this.wardClause(f);
    const { start, end } = utcBounds(f);
    const notReviewed = 'AND NOT EXISTS (SELECT 1 FROM analytics_reviews r WHERE r.turn_id = turn_log.id)';
    const low = await this.all<TurnRow>(`SELECT * FROM turn_log WHERE day >= ? AND day <= ? AND gap IS NOT NULL${w.sql} ${notReviewed} ORDER BY id DESC LIMIT ?`, [f.from, f.to, ...w.params, per]);
    const downs = await this.all<{ conversation_id: string; at: string }>(`SELECT conversation_id, at FROM feedback WHERE at >= ? AND at < ? AND rating = 'down' ORDER BY id DESC LIMIT ?`, [start, end, per * 4]);
    const neg: TurnRow[] = [];
    for (const d of downs) {
      const t = (
        await this.all<TurnRow>(`SELECT * FROM turn_log WHERE conversation_id = ? AND at <= ? AND kind IN (${QUESTION_KINDS_SQL})${w.sql} ${notReviewed} ORDER BY id DESC LIMIT 1`, [
          d.conversation_id,
          d.at,
          ...w.params,
        ])
      )[0];
      if (t && !neg.some((x) => x.id === t.id) && !low.some((x) => x.id === t.id)) neg.push(t);
      if (neg.length >= per) break;
    }
    // The id range from the window's first and last day's rows, as SQLite takes it.
    const days = (await this.all<{ first: string | null; last: string | null }>('SELECT MIN(day) AS first, MAX(day) AS last FROM turn_log WHERE day >= ? AND day <= ?', [f.from, f.to]))[0];
    const lo = days?.first == null ? null : ((await this.all<{ id: number | null }>('SELECT MIN(id) AS id FROM turn_log WHERE day = ?', [days.first]))[0]?.id ?? null);
    const hi = days?.last == null ? null : ((await this.all<{ id: number | null }>('SELECT MAX(id) AS id FROM turn_log WHERE day = ?', [days.last]))[0]?.id ?? null);
    const rnd: TurnRow[] = [];
    if (lo !== null && hi !== null && lo <= hi) {
      for (let tries = 0; tries < per * 4 && rnd.length < per; tries++) {
        const at = lo + Math.floor(random() * (hi - lo + 1));
        const t = (
          await this.all<TurnRow>(`SELECT * FROM turn_log WHERE id >= ? AND id <= ? AND day >= ? AND day <= ? AND kind IN (${QUESTION_KINDS_SQL})${w.sql} ${notReviewed} ORDER BY id LIMIT 1`, [
            at,
            hi,
            f.from,
            f.to,
            ...w.params,
          ])
        )[0];
        if (t && ![...low, ...neg, ...rnd].some((x) => x.id === t.id)) rnd.push(t);
      }
    }
    return [
      ...low.map((t) => ({ ...t, stratum: 'low_confidence' as const })),
      ...neg.map((t) => ({ ...t, stratum: 'negative_feedback' as const })),
      ...rnd.map((t) => ({ ...t, stratum: 'random' as const })),
    ];
  }

  async addReview(r: ReviewInput): Promise<boolean> {
    const res = await this.db.query(
      `INSERT INTO analytics_reviews (turn_id, reviewer, label, reason, behavior, procedure_code, case_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (turn_id) DO NOTHING`,
      [r.turnId, r.reviewer, r.label, r.reason ?? null, r.behavior ?? null, r.procedureCode ?? null, r.caseId, r.at],
    );
    return (res.rowCount ?? 0) > 0;
  }

  async reviews(limit = 50): Promise<ReviewRecord[]> {
    return this.all('SELECT turn_id, reviewer, label, reason, behavior, procedure_code, case_id, created_at FROM analytics_reviews ORDER BY id DESC LIMIT ?', [limit]);
  }
}
