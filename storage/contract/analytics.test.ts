import { afterEach, describe, expect, it } from 'vitest';
import type { AnalyticsFilter, DashboardAnalytics, FeedbackEntry, TurnLogEntry } from '../../bot/ports/index.js';
import { consoleEngineTitle, consoleStoreEngines, type ConsoleStores } from './engines-console.js';

/**
 * The dashboard's analytics (`bot/ports/analytics.ts`) on every engine: the same recorded
 * turns and ratings, through the app's own turn log and feedback stores, give the same
 * tables on SQLite and PostgreSQL; and across processes a turn recorded by one counts on the
 * other's dashboard, a review saved by one is a repeat on the other.
 */
const engines = await consoleStoreEngines();
const behaviors = ['answer', 'answer', 'clarify', 'refuse', 'escalate', 'urgent'] as const;

/** A varied log: wards (and none), channels, days (some conversations cross Hà Nội midnight), procedures, gaps, small talk. */
function entries(n: number): TurnLogEntry[] {
  const out: TurnLogEntry[] = [];
  for (let i = 0; i < n; i++) {
    const behavior = behaviors[i % behaviors.length]!;
    const code = i % 4 === 0 ? undefined : `1.00${100 + (i % 7)}`;
    out.push({
      conversationId: `c${Math.floor(i / 4)}`,
      userId: `u${Math.floor(i / 8)}`,
      channelId: i % 3 === 0 ? 'zalo' : 'directline',
      at: new Date(Date.parse('2026-12-01T16:30:00Z') + Math.floor(i / 4) * 7 * 3_600_000 + (i % 4) * 20 * 60_000).toISOString(),
      text: ['vé máy bay', 'pháo hoa tết', 'nuôi chó mèo', 'xin chào'][i % 4]!,
      latencyMs: 2,
      ward: i % 5 === 0 ? undefined : ['00004', '00007', '00010'][i % 3],
      outcome: {
        behavior,
        procedures: code ? [{ code, name: code, score: 1 }] : [],
        procedureCode: behavior === 'answer' ? code : undefined,
        tags: i % 4 === 3 ? ['smalltalk'] : [],
        understanding: { intent: behavior === 'refuse' ? 'out_of_scope' : 'procedure', confidence: (i % 10) / 10, danger: behavior === 'urgent', abstain: false },
      },
    });
  }
  return out;
}

function ratings(log: TurnLogEntry[]): FeedbackEntry[] {
  const reasons = [undefined, 'khong_dung_y', 'kho_hieu', 'khong_dung_y', 'thieu'] as const;
  return log
    .filter((_, i) => i % 3 === 1)
    .map((t, i) => ({
      conversationId: t.conversationId,
      userId: t.userId,
      channelId: t.channelId,
      at: new Date(Date.parse(t.at) + 30_000).toISOString(),
      rating: i % 4 === 0 ? 'up' : 'down',
      question: t.text,
      procedureCode: t.outcome.procedureCode ?? (i % 2 ? '1.00103' : undefined),
      ...(i % 4 === 0 ? {} : reasons[i % reasons.length] ? { reason: reasons[i % reasons.length] } : {}),
    }));
}

const filters: AnalyticsFilter[] = [
  { from: '2026-12-01', to: '2026-12-31' },
  { from: '2026-12-03', to: '2026-12-09' },
  { from: '2026-12-01', to: '2026-12-31', wards: ['00004'] },
  { from: '2026-12-02', to: '2026-12-20', wards: ['00007', '00010'] },
  { from: '2026-12-01', to: '2026-12-31', wards: [] },
];

/** Sealed columns differ by nonce between stores; the rest must match. */
const unsealed = <T extends object>(rows: T[]) => rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'text' && k !== 'question')));

async function record(h: ConsoleStores, log: TurnLogEntry[]): Promise<void> {
  const fb = ratings(log);
  for (const t of log) {
    await h.turnLog.record(t);
    for (const f of fb.filter((x) => x.at > t.at && x.at < new Date(Date.parse(t.at) + 60_000).toISOString())) await h.feedback.record(f);
  }
}

/** Everything the dashboard reads, for every filter. */
async function view(a: DashboardAnalytics) {
  const out = [];
  for (const f of filters) {
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    out.push({
      perDay: await a.perDayChannel(f),
      kinds: await a.kinds(f),
      top: await a.topProcedures(f, 100),
      byWard: await a.byWard(f, 3),
      gaps: await a.gaps(f, 1000),
      gapExamples: unsealed(await a.gapExamples(f, 'p:1.00103', 3)),
      wrong: unsealed(await a.wrongProcedureExamples(f, '1.00103', 5)),
      feedback: await a.feedback(f),
      escalations: await a.escalations(f),
      sample: unsealed(await a.reviewSample(f, 4, random)),
    });
  }
  out.push({ turn: unsealed([(await a.turn(9))!]), upTo: unsealed(await a.turnsUpTo('c2', 11, 3)) });
  return out;
}

describe('analytics agree on SQLite and PostgreSQL', () => {
  afterEach(() => Promise.all(engines.map((e) => e.cleanup())));

  it.skipIf(engines.some((e) => e.skipReason))('the same 80 turns and their ratings give the same dashboard on both engines', async () => {
    const views = [];
    for (const engine of engines) {
      const { handles } = await engine.open();
      await record(handles[0]!, entries(80));
      views.push(await view(handles[0]!.analytics));
    }
    const [lite, pg] = views;
    // Not vacuous: the tables are filled.
    const month = lite![0]! as { perDay: unknown[]; gaps: Array<{ wrongProcedure: number }>; sample: Array<Record<string, unknown>> };
    expect(month.perDay.length).toBeGreaterThan(3);
    expect(month.gaps.some((g) => g.wrongProcedure > 0)).toBe(true);
    expect(month.sample.map((s) => s.stratum)).toEqual(expect.arrayContaining(['low_confidence', 'negative_feedback', 'random']));
    expect(pg).toEqual(lite);
  });
});

for (const engine of engines) {
  describe.skipIf(engine.skipReason !== undefined)(consoleEngineTitle('analytics', engine), () => {
    afterEach(() => engine.cleanup());

    it('counts questions by kind, day and ward from what the turn log recorded', async () => {
      const { handles } = await engine.open();
      const h = handles[0]!;
      const log = entries(12);
      await record(h, log);
      const f = { from: '2026-12-01', to: '2026-12-31' };
      const kinds = await h.analytics.kinds(f);
      // 12 turns; the small-talk answer (i = 7) and refusal (i = 3) are not questions, the urgent one is.
      expect(kinds).toEqual({ answered: 3, clarified: 2, refused: 1, escalated: 2, danger: 2 });
      expect((await h.analytics.byWard({ ...f, wards: ['00004'] })).map((w) => w.ward)).toEqual(['00004']);
      expect(await h.analytics.kinds({ ...f, wards: [] })).toEqual({ answered: 0, clarified: 0, refused: 0, escalated: 0, danger: 0 });
    });

    it('two processes: a turn recorded by one counts on the other\'s dashboard; a review saved by one is a repeat on the other', async () => {
      const { handles } = await engine.open(2);
      const [a, b] = handles as [ConsoleStores, ConsoleStores];
      const f = { from: '2026-12-01', to: '2026-12-31' };
      const [first, second] = entries(2);
      await a.turnLog.record(first!);
      expect((await b.analytics.kinds(f)).answered).toBe(1);
      await b.turnLog.record(second!);
      expect((await a.analytics.kinds(f)).answered).toBe(2);
      const review = { turnId: 1, reviewer: 'phan-tich', label: 'correct' as const, caseId: 'log-1', at: '2026-12-02T00:00:00.000Z' };
      const saved = await Promise.all([a.analytics.addReview(review), b.analytics.addReview({ ...review, reviewer: 'khac' })]);
      expect(saved.filter(Boolean)).toHaveLength(1);
      expect((await a.analytics.reviews()).map((r) => r.turn_id)).toEqual([1]);
      expect((await b.analytics.reviewSample(f, 5)).map((t) => t.id)).not.toContain(1);
    });
  });
}
