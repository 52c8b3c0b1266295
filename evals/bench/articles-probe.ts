/**
 * Child process of the `articles` benchmark: memory added by the article index, measured in
 * a fresh process so nothing else the bench loaded is counted. Prints one JSON line.
 * Run as `node --expose-gc --import tsx evals/bench/articles-probe.ts <dataDir> load|build`.
 */
import { loadLegalVocabulary, loadStatutes } from '../../knowledge/statutes/index.js';
import { openArticleSearch } from '../../retrieval/articles/index.js';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
gc();
const before = process.memoryUsage();
const t0 = performance.now();
const statutes = await loadStatutes();
const vocabulary = await loadLegalVocabulary();
const loadMs = performance.now() - t0;
const [dataDir, mode] = process.argv.slice(2);
const search = await openArticleSearch({ statutes, vocabulary, dataDir, force: mode === 'build' });
gc();
const after = process.memoryUsage();
// Keep the index alive until after the measurement.
const size = search.index.size;
process.stdout.write(
  `${JSON.stringify({ articles: size, loaded: search.loaded, total_ms: Math.round(performance.now() - t0), data_ms: Math.round(loadMs), build_ms: Math.round(search.buildMs), rss_added_mb: Math.round((after.rss - before.rss) / 1e5) / 10, heap_added_mb: Math.round((after.heapUsed - before.heapUsed) / 1e5) / 10 })}\n`,
);
