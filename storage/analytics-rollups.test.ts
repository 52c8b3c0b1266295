import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TurnLogEntry } from '../bot/ports/index.js';
import { SqliteAnalytics, type AnalyticsFilter } from './analytics.js';
import { FAKE_PLAINTEXT_BOX } from './testing/plaintext-box.js';
import { SqliteFeedbackStore } from './feedback-store.js';
import { openDatabase } from './sqlite.js';
import { SqliteTurnLog } from './turn-log.js';

const behaviors = ['answer', 'answer', 'clarify', 'refuse', 'escalate', 'urgent'] as const;

/** A small but varied log: wards (and none), channels, days, procedures, gaps, small talk. */
function entries(n: number): TurnLogEntry[] {
  const out: TurnLogEntry[] = [];
  for (let i = 0; i < n; i++) {
    const behavior = behaviors[i % behaviors.length]!;
    const code = i % 4 === 0 ? undefined : `1.00${100 + (i % 7)}`;
    out.push({
      conversationId: `c${Math.floor(i / 4)}`,
      userId: `u${Math.floor(i / 8)}`,
      channelId: i % 3 === 0 ? 'zalo' : 'directline',
      // Four turns per conversation, some crossing Hà Nội midnight (17:00 UTC).
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

const filters: AnalyticsFilter[] = [
  { from: '2026-12-01', to: '2026-12-31' },
  { from: '2026-12-03', to: '2026-12-09' },
  { from: '2026-12-01', to: '2026-12-31', wards: ['00004'] },
  { from: '2026-12-02', to: '2026-12-20', wards: ['00007', '00010'] },
  { from: '2026-12-01', to: '2026-12-31', wards: [] },
];

/** Everything the dashboard aggregates, from the rollups and from the raw turn log. */
function both(db: ReturnType<typeof openDatabase>) {
  const sort = <T>(xs: T[]) => [...xs].map((x) => JSON.stringify(x)).sort();
  const view = (a: SqliteAnalytics) =>
    filters.map((f) => ({
      perDay: a.perDayChannel(f),
      kinds: a.kinds(f),
      top: a.topProcedures(f, 100),
      byWard: a.byWard(f, 10),
      gaps: sort(a.gaps(f, 1000).map((g) => ({ ...g, intents: [...g.intents].sort() }))),
    }));
  const rollups = new SqliteAnalytics(db);
  const raw = new SqliteAnalytics(db, { source: 'turn_log' });
  expect(rollups.usesRollups).toBe(true);
  expect(raw.usesRollups).toBe(false);
  return { rollups: view(rollups), raw: view(raw) };
}

describe('turn log rollups', () => {
  it('agree with the raw turn log after writes, an erasure and a retention purge', async () => {
    const db = openDatabase(path.join(mkdtempSync(path.join(os.tmpdir(), 'rollups-')), 'a.sqlite'));
    const log = new SqliteTurnLog(db, FAKE_PLAINTEXT_BOX);
    const feedback = new SqliteFeedbackStore(db, FAKE_PLAINTEXT_BOX);
    for (const e of entries(400)) await log.record(e);
    // 👎 on c1's last answer: counted in that conversation's ward only.
    const c1 = entries(400).filter((e) => e.conversationId === 'c1').at(-1)!;
    await feedback.record({ conversationId: 'c1', userId: c1.userId, channelId: c1.channelId, at: new Date(Date.parse(c1.at) + 60_000).toISOString(), rating: 'down', question: 'q', reason: 'kho_hieu' });
    const window = { from: '2026-12-01', to: '2026-12-31' };
    const analytics = new SqliteAnalytics(db);
    expect(analytics.feedback({ ...window, wards: [c1.ward!] })).toEqual([{ rating: 'down', reason: 'kho_hieu', count: 1 }]);
    expect(analytics.feedback({ ...window, wards: ['00099'] })).toEqual([]);

    let { rollups, raw } = both(db);
    expect(rollups).toEqual(raw);
    // Small talk is not a question, unless it carried a danger signal.
    const questions = entries(400).filter((e) => !e.outcome.tags?.includes('smalltalk') || e.outcome.behavior === 'urgent').length;
    expect(questions).toBeLessThan(400);
    expect(rollups[0]!.perDay.reduce((n, r) => n + r.count, 0)).toBe(questions);
    expect(rollups[0]!.gaps.length).toBeGreaterThan(0);

    expect(log.eraseSubject({ conversationId: 'c10', userId: 'u20' })).toBeGreaterThan(0);
    ({ rollups, raw } = both(db));
    expect(rollups).toEqual(raw);
    expect(rollups[0]!.perDay.reduce((n, r) => n + r.count, 0)).toBeLessThan(questions);

    // Cut in the middle of a Hà Nội day: that day's rollups keep only the turns left.
    expect(log.purgeBefore(new Date('2026-12-05T20:00:00Z'))).toBeGreaterThan(0);
    ({ rollups, raw } = both(db));
    expect(rollups).toEqual(raw);
    expect(rollups[0]!.perDay[0]!.day).toBe('2026-12-06');
    db.close();
  });

  it('are backfilled from turns logged before the rollups existed', async () => {
    const db = openDatabase(path.join(mkdtempSync(path.join(os.tmpdir(), 'rollups-')), 'b.sqlite'));
    const log = new SqliteTurnLog(db, FAKE_PLAINTEXT_BOX);
    new SqliteFeedbackStore(db, FAKE_PLAINTEXT_BOX);
    for (const e of entries(120)) await log.record(e);
    const before = both(db).raw;
    // An older database: rollups empty and their migration not applied yet.
    for (const t of ['turn_rollup_kind', 'turn_rollup_procedure', 'turn_rollup_gap', 'turn_rollup_conversations']) db.exec(`DROP TABLE ${t}`);
    db.prepare("DELETE FROM schema_migrations WHERE name IN ('turn_log_005_rollups', 'turn_log_006_rollups_backfill')").run();
    new SqliteTurnLog(db, FAKE_PLAINTEXT_BOX);
    const after = both(db);
    expect(after.rollups).toEqual(before);
    expect(after.raw).toEqual(before);
    db.close();
  });
});
