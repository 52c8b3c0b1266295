import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importers, isAppError } from '../../knowledge/index.js';

/**
 * `npm run knowledge:import [-- --source DIR] [--out DIR]`: rebuild the committed
 * catalogue (and administrative units) from the public source files. Progress goes to
 * stderr, the report to stdout. Exit codes: 0 ok, 1 malformed/missing source file,
 * 2 bad arguments.
 */

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Args {
  source: string;
  out: string;
  showWarnings: boolean;
}

function parseArgs(args: string[]): Args | string {
  const out: Args = { source: resolve(REPO_ROOT, '../shared/data'), out: join(REPO_ROOT, 'knowledge/data'), showWarnings: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = () => {
      const v = args[++i];
      if (!v || v.startsWith('--')) throw new Error(`${a} needs a value`);
      return v;
    };
    try {
      if (a === '--source') out.source = resolve(value());
      else if (a.startsWith('--source=')) out.source = resolve(a.slice('--source='.length));
      else if (a === '--out') out.out = resolve(value());
      else if (a === '--warnings') out.showWarnings = true;
      else return `Unknown argument "${a}". Usage: knowledge:import [--source DIR] [--out DIR] [--warnings]`;
    } catch (err) {
      return (err as Error).message;
    }
  }
  return out;
}

function pct(n: number, total: number): string {
  return total ? `${((100 * n) / total).toFixed(1)}%` : '-';
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n`);
    return 2;
  }
  const catalogueDir = join(args.source, 'catalogue');
  if (!existsSync(catalogueDir)) {
    process.stderr.write(`Source folder not found: ${catalogueDir} (use --source DIR pointing at the shared data folder).\n`);
    return 1;
  }
  const started = Date.now();
  // On a terminal the progress line rewrites itself; in logs (CI) each phase prints once when done.
  const tty = process.stderr.isTTY === true;
  const progress = (p: importers.ImportProgress) => {
    const what = p.phase === 'read' ? `reading ${p.source}` : 'merging';
    if (tty) process.stderr.write(`\r${`${what}: ${p.done}/${p.total}`.padEnd(50)}`);
    else if (p.done === p.total) process.stderr.write(`${what}: ${p.total} done\n`);
  };

  let result: importers.ImportResult;
  try {
    result = importers.importCatalogue({ catalogueDir, onProgress: progress });
  } catch (err) {
    if (tty) process.stderr.write('\n');
    if (isAppError(err)) {
      process.stderr.write(`Import aborted: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  if (tty) process.stderr.write('\n');
  const written = importers.writeCatalogueData(result, args.out);

  const s = written.meta.counts;
  const lines: string[] = [];
  lines.push('Catalogue import report');
  lines.push('=======================');
  lines.push('Sources:');
  for (const f of result.files) {
    lines.push(`  ${f.source.padEnd(18)} ${String(f.records).padStart(5)} records, ${String(f.rejected).padStart(3)} rejected  (${f.file}, ${f.date})`);
  }
  lines.push(`Merged procedures:   ${s.total} (full detail ${s.full}, index only ${s.indexOnly})`);
  lines.push(`  detail taken from: API ${s.bySource['portal-api-detail']}, crawl ${s.bySource['portal-crawl']}, index ${s.bySource['portal-index']}`);
  lines.push(`  scope:             ${Object.entries(s.byScope).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  lines.push(`With documents:      ${s.withDocuments} (${pct(s.withDocuments, s.total)})`);
  lines.push(`With fees:           ${s.withFees} (${pct(s.withFees, s.total)})`);
  lines.push(`With processing time:${String(s.withProcessingTime).padStart(5)} (${pct(s.withProcessingTime, s.total)})`);
  lines.push(`With legal basis:    ${s.withLegalBasis} (${pct(s.withLegalBasis, s.total)})`);
  lines.push(`With steps:          ${s.withSteps} (${pct(s.withSteps, s.total)})`);
  const r = importers.refineStats(result.procedures);
  lines.push(`Document line roles: ${Object.entries(r.roles).map(([k, v]) => `${k} ${v}`).join(', ')} (conditional with a condition: ${r.conditionalWithCondition})`);
  lines.push(`Form names:          ${r.formNamesRestored} restored from garbled file names, ${r.formNamesDropped} left to the document text; ${r.textCollapsed} lines with repeated words collapsed`);
  lines.push(`Field names:         ${r.fieldNames} (published spellings: ${r.fieldNamesAsPublished})`);
  lines.push(`District bodies:     ${r.recordsWithDistrictBodies} records; ${r.bodiesMapped} bodies mapped to a successor, ${r.bodiesUnmapped} without one; ${r.recordsPredatingReform} records flagged as predating the reform`);
  lines.push(`Obsolete wording:    ${r.recordsWithObsoleteWording} records ("thị trấn", "cấp huyện", "quận, huyện"; text kept as published)`);
  lines.push(`Written:             ${written.file} (${(written.bytes / 1024 / 1024).toFixed(2)} MB), ${written.metaFile}`);
  lines.push(`Content hash:        ${written.meta.contentHash}`);
  lines.push(`Data date:           ${written.meta.dataDate}`);
  lines.push('');
  lines.push(`Records not imported (${result.rejected.length}):`);
  if (result.rejected.length === 0) lines.push('  none');
  for (const r of result.rejected) lines.push(`  ${r.source.padEnd(18)} ${r.code.padEnd(14)} ${r.reason}`);
  const byField = new Map<string, number>();
  for (const w of result.warnings) byField.set(`${w.field}: ${w.message}`, (byField.get(`${w.field}: ${w.message}`) ?? 0) + 1);
  lines.push('');
  lines.push(`Parse notes (${result.warnings.length}; the records are kept):`);
  for (const [k, v] of byField) lines.push(`  ${String(v).padStart(4)} × ${k}`);
  if (args.showWarnings) for (const w of result.warnings) lines.push(`    ${w.code} ${w.field}: ${w.message}`);
  else if (result.warnings.length > 0) lines.push('  (use --warnings to list the codes)');

  const unitsDir = join(args.source, 'admin-units');
  if (existsSync(unitsDir)) {
    try {
      const units = importers.importAdminUnits({ sourceDir: unitsDir, outDir: args.out });
      lines.push('');
      lines.push(
        `Administrative units: ${units.provinces} provinces, ${units.communes} communes/wards, ${units.oldUnits} old units mapped, Hà Nội ${units.hanoiWards} wards (${units.file}, ${(units.bytes / 1024).toFixed(0)} KB)`,
      );
    } catch (err) {
      if (isAppError(err)) {
        process.stdout.write(lines.join('\n') + '\n');
        process.stderr.write(`Administrative units import aborted: ${err.message}\n`);
        return 1;
      }
      throw err;
    }
  }
  lines.push(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
