import { createHash } from 'node:crypto';
import path from 'node:path';
import type { TurnLogEntry } from '../../bot/index.js';
import type { SealedBox } from '../../bot/ports/index.js';
import { SqliteAnalytics, type AnalyticsFilter } from '../../storage/analytics.js';
import { SqliteFeedbackStore } from '../../storage/feedback-store.js';
import { SqliteCaseStore } from '../../storage/case-store.js';
import { openDatabase } from '../../storage/sqlite.js';
import { SqliteTurnLog } from '../../storage/turn-log.js';
import type { BenchContext, BenchOutput } from './types.js';
import { seededRandom as rng } from '../../bot/seeded-random.js';

/** Indexes the analytics migrations add; the baseline runs the raw-log queries without them. */
const ANALYTICS_INDEXES = ['turn_log_gap_ward', 'turn_log_day_kind', 'turn_log_day_procedure', 'turn_log_day_gap', 'turn_log_ward_day', 'feedback_at', 'feedback_conversation', 'feedback_ward_at'];


const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
};

/**
 * The benchmark measures the dashboard's queries and the rollups kept on write, not sealing:
 * texts are stored as they are (production seals them with the turn-log purpose box).
 */
const PLAINTEXT_BOX: SealedBox = {
  seal: (plaintext) => plaintext,
  open: (sealed) => sealed,
  lookupHash: (value) => createHash('sha256').update(value, 'utf8').digest('hex'),
  forPurpose: () => PLAINTEXT_BOX,
};

/**
 * `npm run bench -- --only analytics`: seeds TURNS logged turns (default 1,000,000; env
 * BENCH_ANALYTICS_TURNS) over 30 days, 126 wards, two channels and a Zipf spread of
 * procedures into a scratch SQLite file through the real turn log (analytics columns
 * derived and daily rollups kept on write), plus feedback and legal-aid routing rows, then
 * times each dashboard query (30 days, the whole city and one ward) from the rollups with
 * the migrations' indexes, and the same aggregates over the raw turn log without indexes.
 */
export async function run(ctx: BenchContext): Promise<BenchOutput> {
  const turns = Number(process.env.BENCH_ANALYTICS_TURNS ?? 1_000_000);
  const rounds = Number(process.env.BENCH_ANALYTICS_ROUNDS ?? 15);
  const db = openDatabase(path.join(ctx.workDir, 'analytics-bench.sqlite'));
  const log = new SqliteTurnLog(db, PLAINTEXT_BOX);
  const feedback = new SqliteFeedbackStore(db, PLAINTEXT_BOX);
  new SqliteCaseStore(db, { box: PLAINTEXT_BOX, clock: () => new Date() });
  const analytics = new SqliteAnalytics(db);
  const naiveAnalytics = new SqliteAnalytics(db, { source: 'turn_log' });
  const random = rng(1);
  const wards = Array.from({ length: 126 }, (_, i) => String(4 + i * 3).padStart(5, '0'));
  const codes = Array.from({ length: 400 }, (_, i) => `1.${String(1000 + i * 7).padStart(6, '0')}`);
  const zipf = (n: number) => Math.min(n - 1, Math.floor(Math.pow(random(), 2.5) * n));
  const words = ['ve', 'may', 'bay', 'phao', 'hoa', 'cho', 'meo', 'xe', 'sang', 'ten', 'dien', 'nuoc', 'thue', 'dat', 'nha', 'lai', 'xe', 'bang', 'ho', 'chieu', 'visa', 'bao', 'hiem', 'luong', 'huu'];
  const end = Date.parse('2026-12-06T17:00:00Z');
  const started = performance.now();
  const write = db.transaction((batch: TurnLogEntry[]) => {
    for (const e of batch) void log.record(e);
  });
  let batch: TurnLogEntry[] = [];
  // Three turns per conversation, two minutes apart (a few cross Hà Nội midnight), logged
  // in time order as the real log is appended.
  const starts = Float64Array.from({ length: Math.ceil(turns / 3) }, () => end - 600_000 - Math.floor(random() * 30 * 86_400_000)).sort();
  for (let i = 0; i < turns; i++) {
    const at = new Date(starts[Math.floor(i / 3)]! + (i % 3) * 120_000).toISOString();
    const r = random();
    const behavior = r < 0.72 ? 'answer' : r < 0.8 ? 'clarify' : r < 0.9 ? 'refuse' : r < 0.97 ? 'escalate' : 'urgent';
    const code = behavior === 'answer' || random() < 0.3 ? codes[zipf(codes.length)] : undefined;
    const confidence = random();
    batch.push({
      conversationId: `c${Math.floor(i / 3)}`,
      userId: `u${Math.floor(i / 3)}`,
      channelId: random() < 0.45 ? 'zalo' : 'directline',
      at,
      text: `${words[zipf(words.length)]} ${words[zipf(words.length)]} ${words[Math.floor(random() * words.length)]}`,
      outcome: {
        behavior,
        procedures: code ? [{ code, name: code, score: 1 }] : [],
        procedureCode: behavior === 'answer' ? code : undefined,
        tags: random() < 0.05 ? ['smalltalk'] : [],
        understanding: { intent: behavior === 'refuse' ? 'out_of_scope' : 'procedure', confidence, danger: behavior === 'urgent', abstain: false },
      },
      latencyMs: 5,
      ward: random() < 0.9 ? wards[zipf(wards.length)] : undefined,
    });
    if (batch.length === 10_000) {
      write(batch);
      batch = [];
    }
  }
  if (batch.length) write(batch);
  const fb = db.transaction(() => {
    for (let i = 0; i < turns / 20; i++) {
      const c = Math.floor(random() * (turns / 3));
      const down = random() < 0.3;
      void feedback.record({
        conversationId: `c${c}`,
        userId: `u${c}`,
        channelId: 'zalo',
        at: new Date(end - Math.floor(random() * 30 * 86_400_000)).toISOString(),
        rating: down ? 'down' : 'up',
        question: 'q',
        procedureCode: codes[zipf(codes.length)],
        reason: down ? (['sai_thong_tin', 'khong_dung_y', 'kho_hieu', 'thieu', 'khac'] as const)[Math.floor(random() * 5)] : undefined,
      });
    }
    const ins = db.prepare(
      `INSERT INTO cases (id, ward, legal_area, area, urgency, channel, channel_id, service_point, conversation_id, user_id, address, status, sla_due_at,
         created_at, updated_at, accepted_at, confidence, secondary_areas, signals, parties_enc, service, limited_scope_ack, contact_enc, summary_enc,
         consent, retention_until)
       VALUES (@id, @ward, 'DAT_DAI', 'DAT_DAI', 'routine', 'zalo', 'zalo', @ward, @conversation, @user, '{}', 'live', @sla, @opened, @opened, @accepted,
         1, '[]', '[]', '{}', 'advice', 1, '{}', '-', '{}', '2099-01-01')`,
    );
    for (let i = 0; i < turns / 100; i++) {
      const opened = end - Math.floor(random() * 30 * 86_400_000);
      ins.run({
        id: `HN-${i}`,
        ward: wards[zipf(wards.length)],
        conversation: `c${i}`,
        user: `u${i}`,
        sla: new Date(opened + 86_400_000).toISOString(),
        opened: new Date(opened).toISOString(),
        accepted: new Date(opened + random() * 2 * 86_400_000).toISOString(),
      });
    }
  });
  fb();
  db.exec('ANALYZE');
  const seconds = (performance.now() - started) / 1000;
  const rollupRows = Object.fromEntries(
    ['turn_rollup_kind', 'turn_rollup_procedure', 'turn_rollup_gap', 'turn_rollup_conversations'].map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n]),
  );
  ctx.log(`analytics: seeded ${turns} turns (rollups kept on write) in ${seconds.toFixed(1)} s; rollup rows ${JSON.stringify(rollupRows)}`);

  const city: AnalyticsFilter = { from: '2026-11-07', to: '2026-12-06' };
  const ward: AnalyticsFilter = { ...city, wards: [wards[3]!] };
  const queries: Array<[string, (a: SqliteAnalytics, f: AnalyticsFilter) => unknown]> = [
    ['questions per day and channel', (a, f) => a.perDayChannel(f)],
    ['outcome shares', (a, f) => a.kinds(f)],
    ['top procedures', (a, f) => a.topProcedures(f, 500)],
    ['by ward (conversations, top procedures)', (a, f) => a.byWard(f)],
    ['not answered, by topic', (a, f) => a.gaps(f)],
    ['feedback with reasons', (a, f) => a.feedback(f)],
    ['escalations', (a, f) => a.escalations(f)],
    ['review sample', (a, f) => a.reviewSample(f, 4)],
  ];
  const time = (fn: () => unknown) => {
    const xs: number[] = [];
    fn();
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      fn();
      xs.push(performance.now() - t);
    }
    return { p50: quantile(xs, 0.5), p95: quantile(xs, 0.95) };
  };
  const measure = (a: SqliteAnalytics) =>
    queries.flatMap(([name, q]) => [
      { name: `${name} · city`, ...time(() => q(a, city)) },
      { name: `${name} · one ward`, ...time(() => q(a, ward)) },
    ]);
  // Same answers from both sources (the rollups are exact), then their speed.
  for (const f of [city, ward]) {
    const same = JSON.stringify([analytics.perDayChannel(f), analytics.kinds(f), analytics.topProcedures(f, 500), analytics.gaps(f)]) ===
      JSON.stringify([naiveAnalytics.perDayChannel(f), naiveAnalytics.kinds(f), naiveAnalytics.topProcedures(f, 500), naiveAnalytics.gaps(f)]);
    if (!same) throw new Error(`analytics bench: rollups and raw turn log disagree for ${JSON.stringify(f)}`);
  }
  const indexed = measure(analytics);
  for (const ix of ANALYTICS_INDEXES) db.exec(`DROP INDEX IF EXISTS ${ix}`);
  const naive = measure(naiveAnalytics);
  db.close();

  const f = (n: number) => n.toFixed(1).padStart(8);
  const table = [
    `${turns.toLocaleString('en')} turns, 30 days, ${rounds} rounds, seeded in ${seconds.toFixed(0)} s; ms p50 / p95 from the daily rollups (+ indexes), then the same aggregates over the raw turn log without indexes (baseline) [target p95 < 300 ms]`,
    `${'query'.padEnd(50)} ${'p50'.padStart(8)} ${'p95'.padStart(8)}   ${'base p50'.padStart(8)} ${'base p95'.padStart(8)}`,
    ...indexed.map((r, i) => `${r.name.padEnd(50)} ${f(r.p50)} ${f(r.p95)}   ${f(naive[i]!.p50)} ${f(naive[i]!.p95)}`),
  ];
  return { result: { analytics: { turns, rounds, seedSeconds: seconds, rollupRows, rollups: indexed, baseline: naive } }, table };
}
