/**
 * Child process of the retrieval bench: loads the catalogue and the saved indexes in a
 * fresh process and reports load time and resident memory, so the figures are not
 * inflated by the build that happened in the parent.
 *
 *   tsx evals/bench/load-probe.ts <dataDir>   → one JSON line {"import_s","catalogue_s","load_s","rss_mb","source"}
 */
async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: load-probe.ts <dataDir>');
  // Module loading (tsx transpiling, the hnswlib native addon) is start-up, reported apart.
  const ti = performance.now();
  const { loadCatalogue } = await import('../../knowledge/index.js');
  const { openRetrieval } = await import('../../retrieval/index.js');
  await import('@langchain/community/vectorstores/hnswlib');
  await import('hnswlib-node');
  const importS = (performance.now() - ti) / 1000;
  const t0 = performance.now();
  const catalogue = await loadCatalogue();
  const t1 = performance.now();
  const { retriever, stats } = await openRetrieval({ catalogue, dataDir });
  const t2 = performance.now();
  await retriever.search('đăng ký khai sinh');
  const rss = process.memoryUsage().rss / 1024 / 1024;
  process.stdout.write(
    `${JSON.stringify({ import_s: importS, catalogue_s: (t1 - t0) / 1000, load_s: (t2 - t1) / 1000, rss_mb: Math.round(rss), source: stats.source, reason: stats.reason })}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
