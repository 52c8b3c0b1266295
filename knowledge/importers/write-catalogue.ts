import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { metaPathFor, serializeCatalogue, type CatalogueMeta } from '../catalogue.js';
import { importStats, type ImportResult } from './import-catalogue.js';

export interface WrittenCatalogue {
  file: string;
  metaFile: string;
  bytes: number;
  meta: CatalogueMeta;
}

/**
 * Write `catalogue.jsonl.gz` and `catalogue-meta.json` into `outDir`. The output is
 * deterministic (sorted records, no timestamps, gzip without mtime) so re-running the
 * import on the same sources leaves git clean.
 */
export function writeCatalogueData(result: ImportResult, outDir: string): WrittenCatalogue {
  const { jsonl, contentHash } = serializeCatalogue(result.procedures);
  const gz = gzipSync(jsonl, { level: 9 });
  const dataDate = result.files.reduce((max, f) => (f.date > max ? f.date : max), '');
  const meta: CatalogueMeta = {
    schemaVersion: 1,
    dataDate,
    contentHash,
    counts: importStats(result.procedures),
    sources: result.files,
    rejected: result.rejected.length,
    notes:
      'Built by `npm run knowledge:import` from public copies of dichvucong.gov.vn (portal detail API, flat crawl of detail pages, catalogue index). Dates without a known day are the first of the month.',
  };
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, 'catalogue.jsonl.gz');
  const metaFile = metaPathFor(file);
  writeFileSync(file, gz);
  writeFileSync(metaFile, JSON.stringify(meta, null, 2) + '\n');
  return { file, metaFile, bytes: gz.length, meta };
}
