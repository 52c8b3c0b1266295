import { performance } from 'node:perf_hooks';
import { loadUnderstanding } from '../../app/understanding.js';
import { TriageEngine } from '../../bot/triage/index.js';
import { loadTriageKnowledge } from '../../knowledge/triage/index.js';
import { percentile } from '../metrics.js';
import type { BenchContext, BenchOutput } from './types.js';

/**
 * The understanding stage per message (issue 12), beside the baseline it replaced in
 * front of the skills: the triage engine's keyword and naive-Bayes assessment. Every
 * message of every dataset, three rounds, the first round's first 50 not counted.
 * Training time (first start) and model size are reported too.
 */
export async function run(ctx: BenchContext): Promise<BenchOutput> {
  const t0 = performance.now();
  const loaded = await loadUnderstanding({ dataDir: ctx.workDir, retrain: true });
  const trainMs = performance.now() - t0;
  const t1 = performance.now();
  await loadUnderstanding({ dataDir: ctx.workDir });
  const loadMs = performance.now() - t1;
  const engine = new TriageEngine(await loadTriageKnowledge());
  const questions = ctx.questions.filter((q) => q.trim().length > 0);
  const ours: number[] = [];
  const base: number[] = [];
  for (let round = 0; round < 3; round++) {
    questions.forEach((q, i) => {
      const a = performance.now();
      loaded.stage.understand(q, {});
      const b = performance.now();
      engine.assess(q);
      const c = performance.now();
      if (round > 0 || i >= 50) {
        ours.push(b - a);
        base.push(c - b);
      }
    });
  }
  const f = (x: number) => x.toFixed(3);
  const result = {
    understanding: {
      messages: ours.length,
      p50_ms: Number(f(percentile(ours, 0.5))),
      p95_ms: Number(f(percentile(ours, 0.95))),
      baseline_triage_p50_ms: Number(f(percentile(base, 0.5))),
      baseline_triage_p95_ms: Number(f(percentile(base, 0.95))),
      train_ms: Math.round(trainMs),
      load_ms: Math.round(loadMs),
      examples: loaded.report.examples,
      features: loaded.report.features,
      held_out_accuracy: loaded.report.heldOutAccuracy,
    },
  };
  return {
    result,
    table: [
      `messages ${ours.length} (3 rounds over every dataset message)`,
      'metric          understanding   baseline (triage engine)',
      `p50 ms          ${f(percentile(ours, 0.5)).padEnd(15)} ${f(percentile(base, 0.5))}`,
      `p95 ms          ${f(percentile(ours, 0.95)).padEnd(15)} ${f(percentile(base, 0.95))}`,
      `train ms        ${Math.round(trainMs)} (first start; ${loaded.report.examples} examples, ${loaded.report.features} features, held-out accuracy ${loaded.report.heldOutAccuracy})`,
      `load ms         ${Math.round(loadMs)} (cached model)`,
    ],
  };
}
