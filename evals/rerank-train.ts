#!/usr/bin/env node
/**
 * `npx tsx evals/rerank-train.ts --lists stories.json [--lists more.json] [--check answers.json]
 *                               [--l2 0.01] [--write] [--weights] [--no-cv]`
 *
 * Fits the citizen reranker (`retrieval/rerank.ts`) on candidate lists recorded by
 * `evals/rerank-collect.ts` and prints leave-one-split-out cross-validation: for each split,
 * a model fitted on the other splits only ranks that split's lists (right procedure first,
 * before → after). `--check` lists are never trained on, only measured. `--write` fits on all
 * training lists and writes `retrieval/rerank-model.ts`.
 *
 * The fit is deterministic: standardised features, softmax over each list (the right
 * procedures against the rest), L2, full-batch gradient descent from zero weights.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { preferForAnswer } from '../bot/skills/procedure-qa.js';
import { loadCatalogue } from '../knowledge/index.js';
import { caseOfQuestion, casesOfName, forIndividuals, lifecycleOfQuestion, preferForCitizen } from '../retrieval/preference.js';
import { RERANK_FEATURES, rerank, rerankFeatures, type RerankModel } from '../retrieval/rerank.js';
import { RERANK_MODEL } from '../retrieval/rerank-model.js';
import type { ProcedureCatalog, SearchHit } from '../retrieval/index.js';
import type { CollectedList } from './rerank-collect.js';

const READERS = { caseOfQuestion, casesOfName, forIndividuals, lifecycleOfQuestion };
let DEPTH = 10;
/** See `RerankModel.minRatio`. */
let MIN_RATIO = 0;
/** Features left out of the fit (their weight stays 0). */
let DROPPED = new Set<string>();

interface Prepared {
  list: CollectedList;
  preferred: SearchHit[];
  x: number[][];
  positive: boolean[];
}

function prepare(lists: readonly CollectedList[], catalogue: ProcedureCatalog): Prepared[] {
  return lists.map((list) => {
    const preferred = list.hits ? preferForCitizen(list.hits, catalogue, list.question, { province: 'Hà Nội', rerank: null }) : [];
    const x = rerankFeatures(preferred, list.hits ?? [], catalogue, list.question, DEPTH, READERS);
    return { list, preferred, x, positive: preferred.slice(0, DEPTH).map((h) => list.expected.includes(h.code)) };
  });
}

/** Softmax-over-list fit; returns weights in the raw feature space. */
export function fit(data: readonly Prepared[], l2: number, iterations = 1500, rate = 0.2): number[] {
  const useful = data.filter((d) => d.positive.some(Boolean) && d.positive.some((p) => !p));
  const dim = RERANK_FEATURES.length;
  const rows = useful.flatMap((d) => d.x);
  const mean = Array.from({ length: dim }, (_, k) => rows.reduce((s, r) => s + r[k]!, 0) / Math.max(rows.length, 1));
  const std = Array.from({ length: dim }, (_, k) => Math.sqrt(rows.reduce((s, r) => s + (r[k]! - mean[k]!) ** 2, 0) / Math.max(rows.length, 1)) || 1);
  const z = useful.map((d) => d.x.map((r) => r.map((v, k) => (v - mean[k]!) / std[k]!)));
  const w = new Array<number>(dim).fill(0);
  for (let it = 0; it < iterations; it++) {
    const grad = w.map((v) => 2 * l2 * v);
    useful.forEach((d, n) => {
      const s = z[n]!.map((r) => r.reduce((a, v, k) => a + v * w[k]!, 0));
      const m = Math.max(...s);
      const e = s.map((v) => Math.exp(v - m));
      const all = e.reduce((a, b) => a + b, 0);
      const pos = e.reduce((a, v, i) => a + (d.positive[i] ? v : 0), 0);
      // d/dw of −log(pos/all): Σ p_i x_i − Σ_pos q_i x_i.
      z[n]!.forEach((r, i) => {
        const g = e[i]! / all - (d.positive[i] ? e[i]! / pos : 0);
        for (let k = 0; k < dim; k++) grad[k]! += (g * r[k]!) / useful.length;
      });
    });
    for (let k = 0; k < dim; k++) if (!DROPPED.has(RERANK_FEATURES[k]!)) w[k]! -= rate * grad[k]!;
  }
  return w.map((v, k) => v / std[k]!);
}

function modelOf(weights: readonly number[]): RerankModel {
  return { features: [...RERANK_FEATURES], weights: weights.map((v) => Math.round(v * 1e6) / 1e6), depth: DEPTH, minRatio: MIN_RATIO };
}

/** Right procedure first, before (preferences only) and after the reranker, both through the answer preference. */
function measure(data: readonly Prepared[], model: RerankModel, catalogue: ProcedureCatalog): { n: number; before: number; after: number; recall10: number } {
  let before = 0;
  let after = 0;
  let recall = 0;
  for (const d of data) {
    const first = (hits: SearchHit[]) => (hits.length ? preferForAnswer(hits, catalogue, d.list.question)[0]?.code : undefined);
    const b = first(d.preferred);
    const a = first(rerank(model, d.preferred, d.list.hits ?? [], catalogue, d.list.question, READERS));
    if (b && d.list.expected.includes(b)) before++;
    if (a && d.list.expected.includes(a)) after++;
    if (d.positive.some(Boolean)) recall++;
  }
  return { n: data.length, before, after, recall10: recall };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'min-ratio': { type: 'string' }, hold: { type: 'string' }, depth: { type: 'string' }, drop: { type: 'string' }, lists: { type: 'string', multiple: true }, check: { type: 'string', multiple: true }, l2: { type: 'string' }, write: { type: 'boolean' }, 'no-cv': { type: 'boolean' }, weights: { type: 'boolean' }, iterations: { type: 'string' } },
  });
  if (!values.lists?.length) throw new Error('usage: rerank-train --lists FILE [--check FILE] [--l2 X] [--write]');
  if (values.depth) DEPTH = Number(values.depth);
  if (values['min-ratio']) MIN_RATIO = Number(values['min-ratio']);
  if (values.drop) DROPPED = new Set(values.drop.split(','));
  const catalogue = await loadCatalogue();
  const load = async (files: readonly string[]) => (await Promise.all(files.map(async (f) => JSON.parse(await readFile(f, 'utf8')) as CollectedList[]))).flat();
  const train = prepare(await load(values.lists), catalogue);
  const check = prepare(await load(values.check ?? []), catalogue);
  const l2s = values.l2 ? values.l2.split(',').map(Number) : [0.01];
  const iterations = values.iterations ? Number(values.iterations) : 1500;
  const splits = [...new Set(train.map((d) => d.list.split))];
  const pct = (k: number, n: number) => (n ? (k / n).toFixed(3) : '-');
  console.log(`The shipped model (retrieval/rerank-model.ts) on every split, whatever it was fitted on:`);
  for (const split of splits) {
    const m = measure(
      train.filter((d) => d.list.split === split),
      RERANK_MODEL,
      catalogue,
    );
    console.log(`  ${split.padEnd(14)} n=${String(m.n).padEnd(4)} ${pct(m.before, m.n)} → ${pct(m.after, m.n)}`);
  }
  for (const l2 of l2s) {
    console.log(`\nL2 ${l2}: leave one split out (right procedure first, preferences only → with the reranker; right one in the first ${DEPTH})`);
    let sb = 0;
    let sa = 0;
    let sn = 0;
    // --no-cv: only the fit on all lists (and --check, --write), e.g. to write a model whose cross-validation was run before.
    for (const held of values['no-cv'] ? [] : splits) {
      const model = modelOf(fit(train.filter((d) => d.list.split !== held), l2, iterations));
      const m = measure(
        train.filter((d) => d.list.split === held),
        model,
        catalogue,
      );
      sb += m.before;
      sa += m.after;
      sn += m.n;
      console.log(`  ${held.padEnd(14)} n=${String(m.n).padEnd(4)} ${pct(m.before, m.n)} → ${pct(m.after, m.n)}   (in first ${DEPTH}: ${pct(m.recall10, m.n)})`);
    }
    console.log(`  ${'all folds'.padEnd(14)} n=${String(sn).padEnd(4)} ${pct(sb, sn)} → ${pct(sa, sn)}`);
    const full = modelOf(fit(train, l2, iterations));
    if (values.weights) console.log(`  fitted on all: ${full.features.map((f, k) => `${f}=${full.weights[k]!.toFixed(3)}`).join(' ')}`);
    for (const split of [...new Set(check.map((d) => d.list.split))]) {
      const m = measure(
        check.filter((d) => d.list.split === split),
        full,
        catalogue,
      );
      console.log(`  check ${split.padEnd(14)} n=${String(m.n).padEnd(4)} ${pct(m.before, m.n)} → ${pct(m.after, m.n)}`);
    }
    if (values.write && l2 === l2s[0]) {
      // --hold: the written model leaves that split out, so the bot can be measured on it as on a new writer's split.
      const fitted = values.hold ? modelOf(fit(train.filter((d) => d.list.split !== values.hold), l2, iterations)) : full;
      const used = values.hold ? splits.filter((x) => x !== values.hold) : splits;
      const body = `import type { RerankModel } from './rerank.js';

/**
 * The citizen reranker's weights, written by \`npx tsx evals/rerank-train.ts --write\` (L2 ${l2},
 * ${iterations} iterations, depth ${DEPTH}, min ratio ${MIN_RATIO}) from the stories of ${used.join(', ')}. Do not edit by hand.
 */
export const RERANK_MODEL: RerankModel = {
  features: [${fitted.features.map((f) => `'${f}'`).join(', ')}],
  weights: [${fitted.weights.join(', ')}],
  depth: ${fitted.depth},
  minRatio: ${fitted.minRatio},
};
`;
      await writeFile(new URL('../retrieval/rerank-model.ts', import.meta.url), body);
      console.log('  wrote retrieval/rerank-model.ts');
      console.log(fitted.features.map((f, k) => `${f}=${fitted.weights[k]!.toFixed(3)}`).join(' '));
    }
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
