import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';

/**
 * `npm run tthc -- understanding:train [--force]`: trains the intent model of the
 * understanding stage from `knowledge/understanding/corpus` (or reports that the cached
 * model is current) and prints what it was trained on and its held-out accuracy.
 */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { force: { type: 'boolean', default: false } }, allowPositionals: false });
  const config = loadConfig();
  const { loadUnderstanding } = await import('../understanding.js');
  const { report } = await loadUnderstanding({ dataDir: config.dataDir, retrain: values.force });
  process.stdout.write(
    [
      `Understanding model ${report.hash} (${report.cached ? 'cached, current' : `trained in ${(report.trainMs / 1000).toFixed(1)} s`})`,
      `examples ${report.examples}, features ${report.features}, temperature ${report.temperature}, held-out accuracy ${report.heldOutAccuracy}`,
      ...Object.entries(report.byIntent)
        .sort()
        .map(([intent, n]) => `  ${intent.padEnd(15)} ${n}`),
      '',
    ].join('\n'),
  );
  return 0;
}
