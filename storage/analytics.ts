import type { Db } from './sqlite.js';
import { migrate } from './sqlite.js';
import { localDay, TURN_KINDS, type TurnKind } from './analytics-columns.js';
import { CITY, NO_WARD } from './analytics-rollups.js';

/**
 * Read side of the city's dashboard (issue 17): aggregates over the turn log's daily rollups
 * (storage/analytics-rollups.ts, kept on write), feedback and the routing records of
 * legal-aid cases. `source: 'turn_log'` runs the same aggregates over the raw turn log
 * instead (the benchmark's baseline, and the tests' check that the rollups agree). Plain SQL (no SQLite-only
 * functions: `COUNT`, `GROUP BY`, `IN`, partial indexes), so a PostgreSQL port changes
 * only the driver. Sealed text is never read here; examples are opened by the caller, row
 * by row, for roles allowed to see them.
 */

import type { AnalyticsFilter, DashboardAnalytics, EscalationRow, GapRow, ReviewInput, TurnRow } from '../bot/ports/analytics.js';

export type { AnalyticsFilter, DashboardAnalytics, EscalationRow, GapRow, ReviewInput, TurnRow } from '../bot/ports/analytics.js';

export const ANALYTICS_MIGRATIONS = [
  {
    name: 'analytics_001_reviews',
    sql: `CREATE TABLE analytics_reviews (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      turn_id INTEGER NOT NULL UNIQUE,
      reviewer TEXT NOT NULL,
      label TEXT NOT NULL CHECK (label IN ('correct', 'partly', 'wrong')),
      reason TEXT,
      behavior TEXT,
      procedure_code TEXT,
      case_id TEXT NOT NULL,
      created_at TEXT NOT NULL
    );`,
  },
] as const;

const QUESTION_KINDS = TURN_KINDS.map((k) => `'${k}'`).join(', ');

/**
 * The knowledge-gap table from its two sources, the same on both engines: not-answered turns by
 * topic, gap and intent, and 👎 "không đúng ý" by procedure. Largest first, then by topic.
 */
export function foldGaps(
  rows: ReadonlyArray<{ topic: string; gap: string; intent: string; count: number }>,
  wrong: ReadonlyArray<{ code: string | null; count: number }>,
  limit: number,
): GapRow[] {
  const by = new Map<string, GapRow>();
  const row = (topic: string) => {
    let g = by.get(topic);
    if (!g) by.set(topic, (g = { topic, count: 0, refused: 0, lowConfidence: 0, wrongProcedure: 0, intents: [] }));
    return g;
  };
  for (const r of rows) {
    const g = row(r.topic);
    g.count += r.count;
    if (r.gap === 'refused') g.refused += r.count;
    else g.lowConfidence += r.count;
    if (r.intent && !g.intents.includes(r.intent)) g.intents.push(r.intent);
  }
  for (const r of wrong) {
    const g = row(r.code ? `p:${r.code}` : 'i:feedback');
    g.count += r.count;
    g.wrongProcedure += r.count;
  }
  return [...by.values()].sort((a, b) => b.count - a.count || a.topic.localeCompare(b.topic)).slice(0, limit);
}

/** UTC bounds of a Hà Nội day range: [start of `from`, start of the day after `to`). */
export function utcBounds(f: AnalyticsFilter): { start: string; end: string } {
  const start = new Date(Date.parse(`${f.from}T00:00:00+07:00`)).toISOString();
  const end = new Date(Date.parse(`${f.to}T00:00:00+07:00`) + 86_400_000).toISOString();
  return { start, end };
}

/** The default window: the last `days` Hà Nội days up to `now`. */
export function lastDays(now: Date, days: number): AnalyticsFilter {
  const to = localDay(now);
  const from = localDay(new Date(Date.parse(`${to}T12:00:00+07:00`) - (days - 1) * 86_400_000));
  return { from, to };
}

export class SqliteAnalytics {
  /** True when the counts come from the rollups (the turn log's tables exist in this database). */
  readonly usesRollups: boolean;

  constructor(
    private readonly db: Db,
    options: { source?: 'rollups' | 'turn_log' } = {},
  ) {
    migrate(db, ANALYTICS_MIGRATIONS);
    this.usesRollups = (options.source ?? 'rollups') === 'rollups' && this.hasTable('turn_rollup_kind');
  }

  /** The rollups' ward condition: the city-wide rows, or the rows of the given wards. */
  private rollupWard(f: AnalyticsFilter): { sql: string; params: string[] } {
    if (!f.wards) return { sql: ' AND ward = ?', params: [CITY] };
    return this.wardClause(f);
  }

  private wardClause(f: AnalyticsFilter, column = 'ward'): { sql: string; params: string[] } {
    if (!f.wards) return { sql: '', params: [] };
    if (f.wards.length === 0) return { sql: ' AND 1 = 0', params: [] };
    return { sql: ` AND ${column} IN (${f.wards.map(() => '?').join(', ')})`, params: [...f.wards] };
  }

  private hasTable(name: string): boolean {
    return !!this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);
  }

  /** Questions per day and channel (small talk and 👍/👎 are not questions). */
  perDayChannel(f: AnalyticsFilter): Array<{ day: string; channel: string; count: number }> {
    if (this.usesRollups) {
      const w = this.rollupWard(f);
      return this.db
        .prepare(
          `SELECT day, channel_id AS channel, SUM(n) AS count FROM turn_rollup_kind
           WHERE day >= ? AND day <= ? AND kind IN (${QUESTION_KINDS})${w.sql}
           GROUP BY day, channel_id ORDER BY day, channel_id`,
        )
        .all(f.from, f.to, ...w.params) as Array<{ day: string; channel: string; count: number }>;
    }
    const w = this.wardClause(f);
    return this.db
      .prepare(
        `SELECT day, channel_id AS channel, COUNT(*) AS count FROM turn_log
         WHERE day >= ? AND day <= ? AND kind IN (${QUESTION_KINDS})${w.sql}
         GROUP BY day, channel_id ORDER BY day, channel_id`,
      )
      .all(f.from, f.to, ...w.params) as Array<{ day: string; channel: string; count: number }>;
  }

  /** Share of answered / clarified / refused / escalated / danger. */
  kinds(f: AnalyticsFilter): Record<TurnKind, number> {
    const w = this.usesRollups ? this.rollupWard(f) : this.wardClause(f);
    const [table, count] = this.usesRollups ? ['turn_rollup_kind', 'SUM(n)'] : ['turn_log', 'COUNT(*)'];
    const rows = this.db
      .prepare(`SELECT kind, ${count} AS count FROM ${table} WHERE day >= ? AND day <= ? AND kind IN (${QUESTION_KINDS})${w.sql} GROUP BY kind`)
      .all(f.from, f.to, ...w.params) as Array<{ kind: TurnKind; count: number }>;
    const out = Object.fromEntries(TURN_KINDS.map((k) => [k, 0])) as Record<TurnKind, number>;
    for (const r of rows) out[r.kind] = r.count;
    return out;
  }

  /** Procedures asked (turns about each procedure), most asked first. */
  topProcedures(f: AnalyticsFilter, limit = 15): Array<{ code: string; count: number }> {
    if (this.usesRollups) {
      const w = this.rollupWard(f);
      return this.db
        .prepare(
          `SELECT procedure_code AS code, SUM(n) AS count FROM turn_rollup_procedure
           WHERE day >= ? AND day <= ?${w.sql}
           GROUP BY procedure_code ORDER BY count DESC, procedure_code LIMIT ?`,
        )
        .all(f.from, f.to, ...w.params, limit) as Array<{ code: string; count: number }>;
    }
    const w = this.wardClause(f);
    return this.db
      .prepare(
        `SELECT procedure_code AS code, COUNT(*) AS count FROM turn_log
         WHERE day >= ? AND day <= ? AND procedure_code IS NOT NULL${w.sql}
         GROUP BY procedure_code ORDER BY count DESC, procedure_code LIMIT ?`,
      )
      .all(f.from, f.to, ...w.params, limit) as Array<{ code: string; count: number }>;
  }

  /**
   * Per ward: conversations (conversation-days: one that crosses midnight counts on both
   * days), questions, and its most asked procedures (up to `perWard`).
   */
  byWard(f: AnalyticsFilter, perWard = 3): Array<{ ward: string | null; conversations: number; questions: number; top: Array<{ code: string; count: number }> }> {
    let totals: Array<{ ward: string | null; conversations: number; questions: number }>;
    let procs: Array<{ ward: string | null; code: string; count: number }>;
    if (this.usesRollups) {
      const w = f.wards ? this.wardClause(f) : { sql: ' AND ward <> ?', params: [CITY] };
      const conv = new Map(
        (this.db.prepare(`SELECT ward, SUM(n) AS n FROM turn_rollup_conversations WHERE day >= ? AND day <= ?${w.sql} GROUP BY ward`).all(f.from, f.to, ...w.params) as Array<{ ward: string; n: number }>).map(
          (r) => [r.ward, r.n],
        ),
      );
      totals = (
        this.db
          .prepare(`SELECT ward, SUM(n) AS questions FROM turn_rollup_kind WHERE day >= ? AND day <= ? AND kind IN (${QUESTION_KINDS})${w.sql} GROUP BY ward ORDER BY questions DESC, ward`)
          .all(f.from, f.to, ...w.params) as Array<{ ward: string; questions: number }>
      ).map((r) => ({ ward: r.ward === NO_WARD ? null : r.ward, conversations: conv.get(r.ward) ?? 0, questions: r.questions }));
      // Each ward's top `perWard` only (a window function, in SQLite and PostgreSQL alike).
      procs = (
        this.db
          .prepare(
            `SELECT ward, code, count FROM (
               SELECT ward, procedure_code AS code, SUM(n) AS count,
                 ROW_NUMBER() OVER (PARTITION BY ward ORDER BY SUM(n) DESC, procedure_code) AS pos
               FROM turn_rollup_procedure WHERE day >= ? AND day <= ?${w.sql} GROUP BY ward, procedure_code
             ) AS ranked WHERE pos <= ?`,
          )
          .all(f.from, f.to, ...w.params, perWard) as Array<{ ward: string; code: string; count: number }>
      ).map((r) => ({ ...r, ward: r.ward === NO_WARD ? null : r.ward }));
    } else {
      const w = this.wardClause(f);
      totals = this.db
        .prepare(
          `SELECT ward, SUM(conversations) AS conversations, SUM(questions) AS questions FROM (
             SELECT ward, day, COUNT(DISTINCT conversation_id) AS conversations, COUNT(*) AS questions FROM turn_log
             WHERE day >= ? AND day <= ? AND kind IN (${QUESTION_KINDS})${w.sql} GROUP BY ward, day
           ) AS per_day GROUP BY ward ORDER BY questions DESC, ward`,
        )
        .all(f.from, f.to, ...w.params) as Array<{ ward: string | null; conversations: number; questions: number }>;
      procs = this.db
        .prepare(
          `SELECT ward, procedure_code AS code, COUNT(*) AS count FROM turn_log
           WHERE day >= ? AND day <= ? AND procedure_code IS NOT NULL${w.sql} GROUP BY ward, procedure_code`,
        )
        .all(f.from, f.to, ...w.params) as Array<{ ward: string | null; code: string; count: number }>;
    }
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

  /**
   * Questions the assistant could not answer, one row per topic: refused and low-confidence
   * turns (by their stored topic) and 👎 "không đúng ý" (by the procedure that was answered).
   */
  gaps(f: AnalyticsFilter, limit = 20): GapRow[] {
    const w = this.usesRollups ? this.rollupWard(f) : this.wardClause(f);
    const rows = this.db
      .prepare(
        this.usesRollups
          ? `SELECT topic, gap, intent, SUM(n) AS count FROM turn_rollup_gap
             WHERE day >= ? AND day <= ?${w.sql} GROUP BY topic, gap, intent ORDER BY topic, gap, intent`
          : `SELECT topic, gap, COALESCE(intent, '') AS intent, COUNT(*) AS count FROM turn_log
             WHERE day >= ? AND day <= ? AND gap IS NOT NULL${w.sql} GROUP BY topic, gap, COALESCE(intent, '') ORDER BY topic, gap, intent`,
      )
      .all(f.from, f.to, ...w.params) as Array<{ topic: string; gap: string; intent: string; count: number }>;
    return foldGaps(rows, this.wrongProcedure(f), limit);
  }

  /** Feedback's ward: the ward of the conversation's turn it rated, stored with it on write. */
  private feedbackWard(f: AnalyticsFilter): { sql: string; params: string[] } {
    return this.wardClause(f, 'ward');
  }

  /** 👎 "không đúng ý tôi hỏi", by the procedure the rated answer was about. */
  private wrongProcedure(f: AnalyticsFilter): Array<{ code: string | null; count: number }> {
    const { start, end } = utcBounds(f);
    const w = this.feedbackWard(f);
    return this.db
      .prepare(
        `SELECT procedure_code AS code, COUNT(*) AS count FROM feedback
         WHERE at >= ? AND at < ? AND rating = 'down' AND reason = 'khong_dung_y'${w.sql} GROUP BY procedure_code`,
      )
      .all(start, end, ...w.params) as Array<{ code: string | null; count: number }>;
  }

  /** Up to `limit` most recent turns of one topic (text sealed; the caller opens what it may show). */
  gapExamples(f: AnalyticsFilter, topic: string, limit = 3): TurnRow[] {
    const w = this.wardClause(f);
    return this.db
      .prepare(`SELECT * FROM turn_log WHERE day >= ? AND day <= ? AND gap IS NOT NULL AND topic = ?${w.sql} ORDER BY id DESC LIMIT ?`)
      .all(f.from, f.to, topic, ...w.params, limit) as TurnRow[];
  }

  /** 👎 "không đúng ý" feedback rows of one procedure (question sealed with the feedback key). */
  wrongProcedureExamples(f: AnalyticsFilter, code: string, limit = 3): Array<{ conversation_id: string; at: string; question: string }> {
    const { start, end } = utcBounds(f);
    const w = this.feedbackWard(f);
    return this.db
      .prepare(
        `SELECT conversation_id, at, question FROM feedback WHERE at >= ? AND at < ? AND rating = 'down' AND reason = 'khong_dung_y' AND procedure_code = ?${w.sql} ORDER BY id DESC LIMIT ?`,
      )
      .all(start, end, code, ...w.params, limit) as Array<{ conversation_id: string; at: string; question: string }>;
  }

  /** 👍/👎 counts with the reasons given. */
  feedback(f: AnalyticsFilter): Array<{ rating: 'up' | 'down'; reason: string | null; count: number }> {
    const { start, end } = utcBounds(f);
    const w = this.feedbackWard(f);
    return this.db
      .prepare(`SELECT rating, reason, COUNT(*) AS count FROM feedback WHERE at >= ? AND at < ?${w.sql} GROUP BY rating, reason ORDER BY rating DESC, count DESC, reason`)
      .all(start, end, ...w.params) as Array<{ rating: 'up' | 'down'; reason: string | null; count: number }>;
  }

  /** Legal-aid cases opened in the window (the one case table; none when legal aid is off). */
  escalations(f: AnalyticsFilter): EscalationRow[] {
    if (!this.hasTable('case_offers')) return [];
    const { start, end } = utcBounds(f);
    const w = this.wardClause(f);
    return (
      this.db
        .prepare(`SELECT ward, legal_area, urgency, created_at AS opened_at, accepted_at, sla_due_at FROM cases WHERE created_at >= ? AND created_at < ?${w.sql} ORDER BY created_at, id`)
        .all(start, end, ...w.params) as Array<{ ward: string | null; legal_area: string | null; urgency: string; opened_at: string; accepted_at: string | null; sla_due_at: string }>
    ).map((r) => ({ ward: r.ward, legalArea: r.legal_area, urgency: r.urgency, openedAt: r.opened_at, acceptedAt: r.accepted_at, slaDueAt: r.sla_due_at }));
  }

  /** One turn by id (text sealed). */
  turn(id: number): TurnRow | undefined {
    return this.db.prepare('SELECT * FROM turn_log WHERE id = ?').get(id) as TurnRow | undefined;
  }

  /** The turns of a conversation up to and including `id`, oldest first (at most `limit`). */
  turnsUpTo(conversationId: string, id: number, limit = 4): TurnRow[] {
    return (this.db.prepare('SELECT * FROM turn_log WHERE conversation_id = ? AND id <= ? ORDER BY id DESC LIMIT ?').all(conversationId, id, limit) as TurnRow[]).reverse();
  }

  /**
   * A review sample, stratified: low confidence, answers rated 👎 (the question before the
   * 👎), and random questions; `per` of each, not yet reviewed, newest first.
   */
  reviewSample(f: AnalyticsFilter, per = 5, random: () => number = Math.random): Array<TurnRow & { stratum: 'low_confidence' | 'negative_feedback' | 'random' }> {
    const w = this.wardClause(f);
    const { start, end } = utcBounds(f);
    const notReviewed = 'AND NOT EXISTS (SELECT 1 FROM analytics_reviews r WHERE r.turn_id = turn_log.id)';
    const low = this.db
      .prepare(`SELECT * FROM turn_log WHERE day >= ? AND day <= ? AND gap IS NOT NULL${w.sql} ${notReviewed} ORDER BY id DESC LIMIT ?`)
      .all(f.from, f.to, ...w.params, per) as TurnRow[];
    const downs = this.db
      .prepare(`SELECT conversation_id, at FROM feedback WHERE at >= ? AND at < ? AND rating = 'down' ORDER BY id DESC LIMIT ?`)
      .all(start, end, per * 4) as Array<{ conversation_id: string; at: string }>;
    const before = this.db.prepare(
      `SELECT * FROM turn_log WHERE conversation_id = ? AND at <= ? AND kind IN (${QUESTION_KINDS})${w.sql} ${notReviewed} ORDER BY id DESC LIMIT 1`,
    );
    const neg: TurnRow[] = [];
    for (const d of downs) {
      const t = before.get(d.conversation_id, d.at, ...w.params) as TurnRow | undefined;
      if (t && !neg.some((x) => x.id === t.id) && !low.some((x) => x.id === t.id)) neg.push(t);
      if (neg.length >= per) break;
    }
    // The id range of the window from its first and last day's rows (the log is appended in
    // time order; each bound reads one day of the day index, not the whole window).
    // (MIN and MAX apart: each alone is one step into the day index.)
    const days = {
      first: (this.db.prepare('SELECT MIN(day) AS day FROM turn_log WHERE day >= ? AND day <= ?').get(f.from, f.to) as { day: string | null }).day,
      last: (this.db.prepare('SELECT MAX(day) AS day FROM turn_log WHERE day >= ? AND day <= ?').get(f.from, f.to) as { day: string | null }).day,
    };
    const range = {
      lo: days.first === null ? null : ((this.db.prepare('SELECT MIN(id) AS id FROM turn_log WHERE day = ?').get(days.first) as { id: number | null }).id),
      hi: days.last === null ? null : ((this.db.prepare('SELECT MAX(id) AS id FROM turn_log WHERE day = ?').get(days.last) as { id: number | null }).id),
    };
    const rnd: TurnRow[] = [];
    if (range.lo !== null && range.hi !== null && range.lo <= range.hi) {
      const next = this.db.prepare(
        `SELECT * FROM turn_log WHERE id >= ? AND id <= ? AND day >= ? AND day <= ? AND kind IN (${QUESTION_KINDS})${w.sql} ${notReviewed} ORDER BY id LIMIT 1`,
      );
      for (let tries = 0; tries < per * 4 && rnd.length < per; tries++) {
        const at = range.lo + Math.floor(random() * (range.hi - range.lo + 1));
        const t = next.get(at, range.hi, f.from, f.to, ...w.params) as TurnRow | undefined;
        if (t && ![...low, ...neg, ...rnd].some((x) => x.id === t.id)) rnd.push(t);
      }
    }
    return [
      ...low.map((t) => ({ ...t, stratum: 'low_confidence' as const })),
      ...neg.map((t) => ({ ...t, stratum: 'negative_feedback' as const })),
      ...rnd.map((t) => ({ ...t, stratum: 'random' as const })),
    ];
  }

  /** Records a review; false when this turn was already reviewed. */
  addReview(r: ReviewInput): boolean {
    const res = this.db
      .prepare('INSERT INTO analytics_reviews (turn_id, reviewer, label, reason, behavior, procedure_code, case_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (turn_id) DO NOTHING')
      .run(r.turnId, r.reviewer, r.label, r.reason ?? null, r.behavior ?? null, r.procedureCode ?? null, r.caseId, r.at);
    return res.changes > 0;
  }

  reviews(limit = 50): Array<{ turn_id: number; reviewer: string; label: string; reason: string | null; behavior: string | null; procedure_code: string | null; case_id: string; created_at: string }> {
    return this.db.prepare('SELECT turn_id, reviewer, label, reason, behavior, procedure_code, case_id, created_at FROM analytics_reviews ORDER BY id DESC LIMIT ?').all(limit) as never;
  }
}

/** The dashboard port over a SQLite analytics reader (its synchronous answers as promises). */
export function sqliteDashboardAnalytics(a: SqliteAnalytics): DashboardAnalytics {
  return {
    perDayChannel: async (f) => a.perDayChannel(f),
    kinds: async (f) => a.kinds(f),
    topProcedures: async (f, limit) => a.topProcedures(f, limit),
    byWard: async (f, perWard) => a.byWard(f, perWard),
    gaps: async (f, limit) => a.gaps(f, limit),
    gapExamples: async (f, topic, limit) => a.gapExamples(f, topic, limit),
    wrongProcedureExamples: async (f, code, limit) => a.wrongProcedureExamples(f, code, limit),
    feedback: async (f) => a.feedback(f),
    escalations: async (f) => a.escalations(f),
    turn: async (id) => a.turn(id),
    turnsUpTo: async (conversationId, id, limit) => a.turnsUpTo(conversationId, id, limit),
    reviewSample: async (f, per, random) => a.reviewSample(f, per, random),
    addReview: async (r) => a.addReview(r),
    reviews: async (limit) => a.reviews(limit),
  };
}
