import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors.js';
import type { Procedure, ProcedureSource } from '../procedure.js';
import { mergeRecords, misfiledCrawlPages } from './merge.js';
import { mapApiDetail } from './portal-api.js';
import { mapCrawlRecord } from './portal-crawl.js';
import { mapIndexRecord } from './portal-index.js';
import { FieldNames, loadDistrictSuccessors, refineProcedure } from './refine.js';
import type { ParseWarning, RejectedRecord, SourceRecord } from './source-record.js';

/**
 * Reads the three catalogue sources from a folder laid out like `shared/data/catalogue/`
 * and merges them into `Procedure` records. Pure apart from reading files: writing the
 * committed data is `writeCatalogueData`'s job.
 *
 * Error policy: a malformed *record* is reported in `rejected` and skipped; a malformed
 * *file* (missing, unreadable, a JSON line that cannot be attributed to a code) throws an
 * `AppError('bad_request:catalogue_source')` naming the file and line.
 */

export interface SourceFileInfo {
  source: ProcedureSource;
  /** Path relative to the source folder. */
  file: string;
  /** ISO date of the snapshot. */
  date: string;
  records: number;
  rejected: number;
}

export interface ImportProgress {
  phase: 'read' | 'merge';
  source?: ProcedureSource;
  done: number;
  total: number;
}

export interface ImportResult {
  procedures: Procedure[];
  files: SourceFileInfo[];
  rejected: RejectedRecord[];
  warnings: ParseWarning[];
}

export interface ImportOptions {
  /** Folder containing the index and crawl JSONL files and the `portal-api-detail-YYYY-MM` folder. */
  catalogueDir: string;
  onProgress?: (p: ImportProgress) => void;
  /** Reviewed table of district-body successors; defaults to `knowledge/reform/district-successors.tsv`. */
  districtSuccessorsFile?: string;
}

/**
 * Snapshot dates stated in the data's README; otherwise the file name's month is all we
 * know and the date is the first of that month.
 */
const KNOWN_DATES: Record<string, string> = {
  'portal-index-2026-07.jsonl': '2026-07-18',
};

function dateOf(name: string): string {
  if (KNOWN_DATES[name]) return KNOWN_DATES[name];
  const m = /(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(name);
  if (!m) throw new AppError('bad_request:catalogue_source', `Cannot tell the snapshot date from the name "${name}" (expected YYYY-MM in it).`);
  return `${m[1]}-${m[2]}-${m[3] ?? '01'}`;
}

function fileError(file: string, message: string, cause?: unknown): AppError {
  return new AppError('bad_request:catalogue_source', `${file}: ${message}`, { cause });
}

/** The one entry whose name matches, e.g. `portal-index-2026-07.jsonl`. Newest wins if several. */
function findSource(dir: string, pattern: RegExp, what: string): string {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw fileError(dir, 'catalogue source folder not found');
  }
  const matches = readdirSync(dir)
    .filter((n) => pattern.test(n))
    .sort();
  const name = matches.at(-1);
  if (!name) throw fileError(join(dir, String(pattern)), `missing ${what} (no entry matching ${pattern} in ${dir})`);
  return name;
}

/** Pull a code out of a broken JSON line so the problem can be reported against it. */
function codeInBrokenLine(line: string): string | null {
  return /"(?:ma_thu_tuc|code)"\s*:\s*"([^"]{1,40})"/.exec(line)?.[1] ?? null;
}

function readJsonl(
  dir: string,
  name: string,
  source: ProcedureSource,
  map: (json: unknown, date: string) => SourceRecord,
  rejected: RejectedRecord[],
  onProgress?: (p: ImportProgress) => void,
): { records: SourceRecord[]; info: SourceFileInfo } {
  const path = join(dir, name);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw fileError(path, 'cannot read file', err);
  }
  const date = dateOf(name);
  const lines = text.split('\n');
  const records: SourceRecord[] = [];
  /** Position in `records` by code, and whether the code was well-formed as published. */
  const seen = new Map<string, { at: number; exact: boolean; line: number; raw: string }>();
  let rejectedHere = 0;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const where = `${path}:${i + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      const code = codeInBrokenLine(line);
      if (!code) throw fileError(where, `line ${i + 1} is not valid JSON and names no procedure code (${(err as Error).message})`, err);
      rejected.push({ source, code, reason: `line ${i + 1}: invalid JSON (${(err as Error).message})` });
      rejectedHere++;
      return;
    }
    try {
      const rec = map(json, date);
      const obj = json as Record<string, unknown>;
      const raw = String(obj['code'] ?? obj['ma_thu_tuc']);
      const exact = raw === rec.code;
      const previous = seen.get(rec.code);
      if (previous) {
        // " 1.014325" (stray space) and "1.014325" are two different procedures in the index:
        // the code published well-formed keeps it, the other is reported.
        if (exact && !previous.exact) {
          rejected.push({
            source,
            code: previous.raw,
            reason: `line ${previous.line}: code "${previous.raw}" has stray spaces and collides with a different procedure published as "${rec.code}" on line ${i + 1}; the well-formed one is kept`,
          });
          rejectedHere++;
          records[previous.at] = rec;
          seen.set(rec.code, { at: previous.at, exact, line: i + 1, raw });
          return;
        }
        throw new Error(`duplicate code (line ${i + 1}, first seen on line ${previous.line}); the first occurrence is kept`);
      }
      seen.set(rec.code, { at: records.length, exact, line: i + 1, raw });
      records.push(rec);
    } catch (err) {
      const obj = json as Record<string, unknown> | null;
      const code = typeof obj?.['code'] === 'string' ? obj['code'] : typeof obj?.['ma_thu_tuc'] === 'string' ? obj['ma_thu_tuc'] : `line ${i + 1}`;
      rejected.push({ source, code: String(code), reason: (err as Error).message });
      rejectedHere++;
    }
    if (i % 500 === 0) onProgress?.({ phase: 'read', source, done: i, total: lines.length });
  });
  onProgress?.({ phase: 'read', source, done: lines.length, total: lines.length });
  return { records, info: { source, file: name, date, records: records.length, rejected: rejectedHere } };
}

function readApiDir(
  dir: string,
  name: string,
  rejected: RejectedRecord[],
  onProgress?: (p: ImportProgress) => void,
): { records: SourceRecord[]; info: SourceFileInfo } {
  const source: ProcedureSource = 'portal-api-detail';
  const path = join(dir, name);
  const date = dateOf(name);
  const files = readdirSync(path)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const records: SourceRecord[] = [];
  let rejectedHere = 0;
  files.forEach((file, i) => {
    const codeFromName = file.replace(/\.json$/, '');
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(path, file), 'utf8'));
    } catch (err) {
      rejected.push({ source, code: codeFromName, reason: `${file}: invalid JSON (${(err as Error).message})` });
      rejectedHere++;
      return;
    }
    try {
      if ((json as { code?: unknown })?.code !== 'OK') throw new Error(`API status is ${JSON.stringify((json as { code?: unknown })?.code)}, not "OK"`);
      const rec = mapApiDetail(json, date);
      if (rec.code !== codeFromName) throw new Error(`file name says ${codeFromName} but the record says ${rec.code}`);
      records.push(rec);
    } catch (err) {
      rejected.push({ source, code: codeFromName, reason: (err as Error).message });
      rejectedHere++;
    }
    if (i % 100 === 0) onProgress?.({ phase: 'read', source, done: i, total: files.length });
  });
  onProgress?.({ phase: 'read', source, done: files.length, total: files.length });
  return { records, info: { source, file: `${name}/`, date, records: records.length, rejected: rejectedHere } };
}

/** Read, map and merge every source in `catalogueDir`. See the module comment for errors. */
export function importCatalogue(options: ImportOptions): ImportResult {
  const { catalogueDir: dir, onProgress } = options;
  const rejected: RejectedRecord[] = [];
  const warnings: ParseWarning[] = [];

  const indexName = findSource(dir, /^portal-index-.*\.jsonl$/, 'catalogue index (portal-index-*.jsonl)');
  const crawlName = findSource(dir, /^portal-crawl-.*\.jsonl$/, 'portal crawl (portal-crawl-*.jsonl)');
  const apiName = findSource(dir, /^portal-api-detail-[^.]*$/, 'portal detail API folder (portal-api-detail-*/)');

  const index = readJsonl(dir, indexName, 'portal-index', mapIndexRecord, rejected, onProgress);
  const crawl = readJsonl(dir, crawlName, 'portal-crawl', (j, d) => mapCrawlRecord(j, d, warnings), rejected, onProgress);
  const api = readApiDir(dir, apiName, rejected, onProgress);

  const byCode = new Map<string, SourceRecord[]>();
  for (const r of [...api.records, ...crawl.records, ...index.records]) {
    const list = byCode.get(r.code);
    if (list) list.push(r);
    else byCode.set(r.code, [r]);
  }
  // A crawled page of another procedure saved under this code is left out, and said.
  for (const [code, list] of byCode) {
    const misfiled = misfiledCrawlPages(list);
    if (misfiled.length === 0) continue;
    const portal = list.find((r) => r.source !== 'portal-crawl')?.name ?? '';
    for (const r of misfiled) rejected.push({ source: r.source, code, reason: `the crawled page names another procedure ("${r.name}") than the portal ("${portal}")` });
    byCode.set(code, list.filter((r) => !misfiled.includes(r)));
  }
  const codes = [...byCode.keys()].sort();
  const procedures: Procedure[] = [];
  codes.forEach((code, i) => {
    try {
      procedures.push(mergeRecords(byCode.get(code)!));
    } catch (err) {
      const sources = byCode.get(code)!.map((r) => r.source);
      rejected.push({ source: sources[0]!, code, reason: (err as Error).message });
    }
    if (i % 500 === 0) onProgress?.({ phase: 'merge', done: i, total: codes.length });
  });
  onProgress?.({ phase: 'merge', done: codes.length, total: codes.length });

  // Field names published as whole list items (the index and the API) are the known spellings.
  const known = [...index.records, ...api.records].flatMap((r) => r.fields ?? []);
  const ctx = { fields: new FieldNames(known, procedures.flatMap((p) => p.fields)), successors: loadDistrictSuccessors(options.districtSuccessorsFile) };
  const refined = procedures.map((p) => refineProcedure(p, ctx));

  return { procedures: refined, files: [index.info, crawl.info, api.info], rejected, warnings };
}

export interface ImportStats {
  total: number;
  full: number;
  indexOnly: number;
  withDocuments: number;
  withFees: number;
  withProcessingTime: number;
  withLegalBasis: number;
  withSteps: number;
  bySource: Record<ProcedureSource, number>;
  byScope: Record<string, number>;
}

/** Coverage numbers for the import report and `catalogue-meta.json`. */
export function importStats(procedures: readonly Procedure[]): ImportStats {
  const bySource = { 'portal-api-detail': 0, 'portal-crawl': 0, 'portal-index': 0 } as Record<ProcedureSource, number>;
  const byScope: Record<string, number> = {};
  let withDocuments = 0;
  let withFees = 0;
  let withProcessingTime = 0;
  let withLegalBasis = 0;
  let withSteps = 0;
  let full = 0;
  for (const p of procedures) {
    bySource[p.provenance.source]++;
    byScope[p.scope] = (byScope[p.scope] ?? 0) + 1;
    if (p.detailLevel === 'full') full++;
    if (p.documentGroups.some((g) => g.items.length > 0)) withDocuments++;
    if (p.channels.some((c) => c.fees.length > 0)) withFees++;
    if (p.channels.some((c) => c.processingTime !== null)) withProcessingTime++;
    if (p.legalBasis.length > 0) withLegalBasis++;
    if (p.steps.length > 0) withSteps++;
  }
  return {
    total: procedures.length,
    full,
    indexOnly: procedures.length - full,
    withDocuments,
    withFees,
    withProcessingTime,
    withLegalBasis,
    withSteps,
    bySource,
    byScope,
  };
}
