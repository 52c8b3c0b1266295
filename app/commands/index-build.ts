import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';

/**
 * `npm run index [-- --force] [-- --check]`: builds the retrieval indexes under
 * `DATA_DIR/index/` (or reports that they are current), with a progress bar on stderr
 * and the timing on stdout.
 */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { force: { type: 'boolean', default: false }, quiet: { type: 'boolean', default: false } },
    allowPositionals: false,
  });
  const config = loadConfig();
  const { loadCatalogue } = await import('../../knowledge/index.js');
  const { openRetrieval, embeddingsFromConfig } = await import('../../retrieval/index.js');
  const started = performance.now();
  const catalogue = await loadCatalogue();
  const catalogueMs = performance.now() - started;
  const tty = process.stderr.isTTY === true && !values.quiet;
  let lastLine = '';
  const { stats } = await openRetrieval({
    catalogue,
    dataDir: config.dataDir,
    embeddings: embeddingsFromConfig(config.embeddings),
    force: values.force,
    onProgress: (p) => {
      if (values.quiet) return;
      const line =
        p.phase === 'check'
          ? p.message
          : `${p.phase.padEnd(8)} ${bar(p.done / Math.max(1, p.total))} ${String(p.done).padStart(5)}/${p.total}`;
      if (tty) process.stderr.write(`\r${line.padEnd(lastLine.length)}`);
      else if (p.phase === 'check' || p.done === p.total) process.stderr.write(`${line}\n`);
      lastLine = line;
    },
  });
  if (tty) process.stderr.write('\n');
  // The statute article index (issue 13) is built beside the procedure index, under DATA_DIR.
  const { openArticleSearch } = await import('../../retrieval/articles/index.js');
  const articles = await openArticleSearch({ dataDir: config.dataDir, force: values.force });
  const total = (performance.now() - started) / 1000;
  const what =
    stats.source === 'built'
      ? `built (${stats.reason ?? 'requested'}) in ${((stats.buildMs ?? 0) / 1000).toFixed(1)} s`
      : `already current, loaded in ${stats.loadMs.toFixed(0)} ms`;
  process.stdout.write(
    `Index ${what}: ${stats.documents} procedures, ${stats.terms} terms, embeddings ${stats.embeddings}\n` +
      `  dir ${stats.dir}\n  catalogue ${stats.catalogueHash} loaded in ${catalogueMs.toFixed(0)} ms\n` +
      `Article index ${articles.loaded ? 'already current, loaded' : `built in ${(articles.buildMs / 1000).toFixed(1)} s`}: ${articles.index.size} articles; total ${total.toFixed(1)} s\n`,
  );
  return 0;
}

function bar(fraction: number, width = 30): string {
  const n = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(n)}${'.'.repeat(width - n)}] ${String(Math.round(fraction * 100)).padStart(3)}%`;
}
