import type { BenchModule } from './types.js';

/**
 * Benchmarks `npm run bench` runs, in order. To add one, create `evals/bench/<name>.ts`
 * exporting `run(ctx): Promise<BenchOutput>` and add a line here.
 */
export const BENCH_MODULES: { name: string; load: () => Promise<BenchModule> }[] = [
  { name: 'retrieval', load: () => import('./retrieval.js') },
  { name: 'understanding', load: () => import('./understanding.js') },
  { name: 'turn', load: () => import('./turn.js') },
  { name: 'articles', load: () => import('./articles.js') },
  { name: 'pdf', load: () => import('./pdf.js') },
  { name: 'directline', load: () => import('./directline.js') },
  { name: 'zalo', load: () => import('./zalo.js') },
  { name: 'analytics', load: () => import('./analytics.js') },
  { name: 'scale-out', load: () => import('./scale-out.js') },
];
