import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadCatalogue } from '../../knowledge/index.js';
import { openRetrieval } from '../../retrieval/index.js';
import { BaselineSearch } from '../baseline.js';
import { percentile } from '../metrics.js';
import type { BenchContext, BenchOutput } from './types.js';

const execFileAsync = promisify(execFile);
const r2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Wall and CPU time per query. On a shared machine the wall figure includes waiting for
 * a core; the CPU figure is what the query itself costs.
 */
async function timeQueries(
  questions: readonly string[],
  search: (q: string) => unknown,
): Promise<{ p50_ms: number; p95_ms: number; cpu_p50_ms: number; cpu_p95_ms: number }> {
  // Warm-up (JIT, caches) on a prefix: the baseline is slow enough that a full second pass costs minutes.
  for (const q of questions.slice(0, 200)) await search(q);
  const times: number[] = [];
  const cpus: number[] = [];
  for (const q of questions) {
    const c = process.cpuUsage();
    const t = performance.now();
    await search(q);
    times.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpus.push((d.user + d.system) / 1000);
  }
  return {
    p50_ms: r2(percentile(times, 0.5)),
    p95_ms: r2(percentile(times, 0.95)),
    cpu_p50_ms: r2(percentile(cpus, 0.5)),
    cpu_p95_ms: r2(percentile(cpus, 0.95)),
  };
}

/**
 * Retrieval figures beside the baseline's: build time of the full-catalogue indexes
 * (wall and CPU seconds), load time and RSS in a fresh process, and per-query latency
 * over every eval question after a warm-up pass.
 */
export async function run(ctx: BenchContext): Promise<BenchOutput> {
  const catalogue = await loadCatalogue();
  const dataDir = path.join(ctx.workDir, 'retrieval');

  ctx.log('retrieval: building indexes for the full catalogue');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { retriever, stats } = await openRetrieval({ catalogue, dataDir, force: true });
  const buildS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);

  ctx.log('retrieval: loading in a fresh process');
  const probe = fileURLToPath(new URL('./load-probe.ts', import.meta.url));
  const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', probe, dataDir], { maxBuffer: 1 << 20 });
  const loaded = JSON.parse(stdout.trim().split('\n').pop()!) as { import_s: number; load_s: number; catalogue_s: number; rss_mb: number; source: string; reason?: string };
  if (loaded.source !== 'loaded') throw new Error(`load probe rebuilt the index (${loaded.reason ?? '?'}); expected a load`);

  ctx.log(`retrieval: timing ${ctx.questions.length} questions`);
  const ours = await timeQueries(ctx.questions, (q) => retriever.search(q));

  ctx.log('baseline: building MiniSearch over names + full text');
  const b0 = performance.now();
  const baseline = new BaselineSearch(catalogue.all());
  const baselineBuildS = (performance.now() - b0) / 1000;
  const theirs = await timeQueries(ctx.questions, (q) => baseline.search(q, 10));

  const result = {
    retrieval: { ...ours, queries: ctx.questions.length },
    index: {
      build_s: r2(buildS),
      build_cpu_s: r2((cpu.user + cpu.system) / 1e6),
      load_s: r2(loaded.load_s),
      import_s: r2(loaded.import_s),
      catalogue_load_s: r2(loaded.catalogue_s),
      documents: stats.documents,
      terms: stats.terms,
    },
    rss_mb: loaded.rss_mb,
    baseline: { retrieval: theirs, index: { build_s: r2(baselineBuildS) } },
  };
  const table = [
    'retrieval                   ours        baseline (MiniSearch)',
    `  p50 ms/query              ${String(ours.p50_ms).padEnd(10)}  ${theirs.p50_ms}`,
    `  p95 ms/query              ${String(ours.p95_ms).padEnd(10)}  ${theirs.p95_ms}`,
    `  CPU p50/p95 ms/query      ${`${ours.cpu_p50_ms}/${ours.cpu_p95_ms}`.padEnd(10)}  ${theirs.cpu_p50_ms}/${theirs.cpu_p95_ms}`,
    `  index build s (wall/cpu)  ${`${r2(buildS)}/${result.index.build_cpu_s}`.padEnd(10)}  ${r2(baselineBuildS)}`,
    `  index load s              ${String(result.index.load_s).padEnd(10)}  - (rebuilt on start; module import ${result.index.import_s} s, catalogue ${result.index.catalogue_load_s} s)`,
    `  RSS MB after load         ${loaded.rss_mb}`,
  ];
  return { result, table };
}
