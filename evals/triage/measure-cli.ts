/**
 * Prints triage metrics for the classifier alone, the rules alone and the combination.
 *
 *   npx tsx evals/triage/measure-cli.ts [evals/datasets/triage-dev.jsonl ...] [--errors]
 *   npx tsx evals/triage/measure-cli.ts --procedures evals/datasets/retrieval-test.jsonl ...
 *
 * `--procedures` counts procedure questions (expected answer/clarify) that triage would
 * escalate: the "no over-escalation" check against retrieval's datasets.
 *
 * Tune on the dev split only; run the test split to report.
 */
import { readFileSync } from 'node:fs';
import { loadTriageKnowledge } from '../../knowledge/triage/index.js';
import { TriageEngine, type TriageMode } from '../../bot/triage/index.js';
import { measureOverEscalation, measureTriage, parseTriageEvalJsonl } from './measure.js';

async function main(args: string[]): Promise<number> {
  const showErrors = args.includes('--errors');
  const files = args.filter((a) => !a.startsWith('--'));
  if (files.length === 0) files.push('evals/datasets/triage-dev.jsonl');
  const engine = new TriageEngine(await loadTriageKnowledge());
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
  if (args.includes('--procedures')) {
    for (const file of files) {
      const items = parseTriageEvalJsonl(readFileSync(file, 'utf8'), file);
      for (const mode of ['classifier', 'rules', 'combined'] as TriageMode[]) {
        const r = measureOverEscalation(engine, items, mode);
        console.log(`${file} [${mode}]: ${r.escalated}/${r.n} procedure questions escalated (${pct(r.n ? r.escalated / r.n : 0)})`);
        if (showErrors && mode === 'combined') for (const e of r.examples) console.log(`  ${e}`);
      }
    }
    return 0;
  }
  for (const file of files) {
    const items = parseTriageEvalJsonl(readFileSync(file, 'utf8'), file);
    console.log(`\n${file} (${items.length} items)`);
    console.log('mode         esc.recall esc.prec  urgent.rec area.acc  over-escalated');
    for (const mode of ['classifier', 'rules', 'combined'] as TriageMode[]) {
      const m = measureTriage(engine, items, mode);
      console.log(`${mode.padEnd(12)} ${pct(m.escalationRecall)}   ${pct(m.escalationPrecision)}  ${pct(m.urgentRecall)}    ${pct(m.areaAccuracy)}   ${m.overEscalated}`);
      if (showErrors && mode === 'combined') {
        for (const e of m.errors) console.log(`  ${e.id}\t${e.expected}->${e.got}\t${e.area}->${e.gotArea}\t${e.text}`);
      }
    }
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
