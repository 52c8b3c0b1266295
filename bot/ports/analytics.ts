/**
 * Port: the read side of the city dashboard (issue 17). Aggregates over the turn log's daily
 * rollups, feedback and the legal-aid cases, plus the review of logged turns. Implemented by
 * `storage/analytics.ts` (SQLite) and `storage/postgres/analytics.ts` (PostgreSQL), with the
 * same results over the same recorded turns (`storage/contract/analytics.test.ts`). Sealed
 * text is never opened here: rows carry it sealed and the caller opens what a role may see.
 */

export interface AnalyticsFilter {
  /** First and last Hà Nội day, inclusive (YYYY-MM-DD). */
  from: string;
  to: string;
  /** Only these wards (codes); undefined = the whole city (unknown wards included). */
  wards?: readonly string[];
}

export interface GapRow {
  topic: string;
  count: number;
  refused: number;
  lowConfidence: number;
  wrongProcedure: number;
  intents: string[];
}

export interface EscalationRow {
  ward: string | null;
  legalArea: string | null;
  urgency: string;
  openedAt: string;
  acceptedAt: string | null;
  slaDueAt: string;
}

export interface ReviewInput {
  turnId: number;
  reviewer: string;
  label: 'correct' | 'partly' | 'wrong';
  reason?: string;
  behavior?: string;
  procedureCode?: string;
  caseId: string;
  at: string;
}

/** A row of the turn log as the review needs it (text still sealed). */
export interface TurnRow {
  id: number;
  conversation_id: string;
  channel_id: string;
  at: string;
  text: string;
  behavior: string;
  procedure_code: string | null;
  outcome: string;
  ward: string | null;
  kind: string | null;
  intent: string | null;
  confidence: number | null;
  gap: string | null;
  topic: string | null;
}

export type ReviewStratum = 'low_confidence' | 'negative_feedback' | 'random';

export interface ReviewRecord {
  turn_id: number;
  reviewer: string;
  label: string;
  reason: string | null;
  behavior: string | null;
  procedure_code: string | null;
  case_id: string;
  created_at: string;
}

/** What the dashboard reads and writes; every method answers through a promise. */
export interface DashboardAnalytics {
  /** Questions per day and channel (small talk and 👍/👎 are not questions). */
  perDayChannel(f: AnalyticsFilter): Promise<Array<{ day: string; channel: string; count: number }>>;
  /** Questions by kind (answered, clarified, refused, escalated, danger). */
  kinds(f: AnalyticsFilter): Promise<Record<'answered' | 'clarified' | 'refused' | 'escalated' | 'danger', number>>;
  topProcedures(f: AnalyticsFilter, limit?: number): Promise<Array<{ code: string; count: number }>>;
  byWard(f: AnalyticsFilter, perWard?: number): Promise<Array<{ ward: string | null; conversations: number; questions: number; top: Array<{ code: string; count: number }> }>>;
  gaps(f: AnalyticsFilter, limit?: number): Promise<GapRow[]>;
  gapExamples(f: AnalyticsFilter, topic: string, limit?: number): Promise<TurnRow[]>;
  wrongProcedureExamples(f: AnalyticsFilter, code: string, limit?: number): Promise<Array<{ conversation_id: string; at: string; question: string }>>;
  feedback(f: AnalyticsFilter): Promise<Array<{ rating: 'up' | 'down'; reason: string | null; count: number }>>;
  escalations(f: AnalyticsFilter): Promise<EscalationRow[]>;
  turn(id: number): Promise<TurnRow | undefined>;
  turnsUpTo(conversationId: string, id: number, limit?: number): Promise<TurnRow[]>;
  reviewSample(f: AnalyticsFilter, per?: number, random?: () => number): Promise<Array<TurnRow & { stratum: ReviewStratum }>>;
  /** Records a review; false when this turn was already reviewed (by any process). */
  addReview(r: ReviewInput): Promise<boolean>;
  reviews(limit?: number): Promise<ReviewRecord[]>;
}
