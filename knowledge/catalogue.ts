import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { z } from 'zod';
import { AppError } from './errors.js';
import { procedureSchema, procedureSourceSchema, type Procedure } from './procedure.js';

/**
 * The shipped procedure catalogue: `knowledge/data/catalogue.jsonl.gz` (one `Procedure`
 * per line, sorted by code) and `catalogue-meta.json` (data date, counts, sources,
 * content hash). Records are validated with zod when they are imported; loading checks
 * the SHA-256 of the decompressed bytes against the meta file instead of re-validating
 * every record, which keeps start-up fast (see `npm run bench`).
 */

const gunzipAsync = promisify(gunzip);

/** Default location of the committed catalogue. */
export const DEFAULT_CATALOGUE_FILE = fileURLToPath(new URL('./data/catalogue.jsonl.gz', import.meta.url));

export const catalogueMetaSchema = z.object({
  schemaVersion: z.literal(1),
  /** ISO date of the newest source snapshot. */
  dataDate: z.string(),
  /** `sha256:<hex>` of the decompressed JSONL. */
  contentHash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  counts: z.object({
    total: z.number().int(),
    full: z.number().int(),
    indexOnly: z.number().int(),
    withDocuments: z.number().int(),
    withFees: z.number().int(),
    withProcessingTime: z.number().int(),
    withLegalBasis: z.number().int(),
    withSteps: z.number().int(),
    bySource: z.record(z.number().int()),
    byScope: z.record(z.number().int()),
  }),
  sources: z.array(
    z.object({
      source: procedureSourceSchema,
      file: z.string(),
      date: z.string(),
      records: z.number().int(),
      rejected: z.number().int(),
    }),
  ),
  rejected: z.number().int(),
  notes: z.string().optional(),
});
export type CatalogueMeta = z.infer<typeof catalogueMetaSchema>;

/** Meta file that sits beside a catalogue file (`catalogue.jsonl.gz` → `catalogue-meta.json`). */
export function metaPathFor(file: string): string {
  return file.replace(/\.jsonl(\.gz)?$/, '') + '-meta.json';
}

/** Bytes of the JSONL exactly as stored (before gzip) and their content hash. */
export function serializeCatalogue(procedures: readonly Procedure[]): { jsonl: Buffer; contentHash: string } {
  const sorted = [...procedures].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const jsonl = Buffer.from(sorted.map((p) => JSON.stringify(p)).join('\n') + '\n', 'utf8');
  return { jsonl, contentHash: hashOf(jsonl) };
}

function hashOf(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Lower-case NFC with collapsed spaces: the key `byName` matches on. */
function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

const NEWLINE = 0x0a;
const QUOTE = 0x22;
const CODE_PREFIX = Buffer.from('{"code":"', 'latin1');

/**
 * Read access to the catalogue. Structurally implements `ProcedureCatalog` from
 * `retrieval/types.ts` (`get`, `all`, `dataDate`) without importing it, so that
 * `knowledge/` stays below `retrieval/` in the dependency order.
 *
 * Records loaded from a file stay as bytes and are decoded and parsed on first use:
 * `get()` of one code parses one line, `all()` parses everything once. Decoding and
 * parsing all 5,700 records costs more than reading and checking the file, and most
 * callers need only a few records (or build their index once).
 */
export class Catalogue {
  readonly dataDate: string;
  readonly contentHash: string;
  readonly meta: CatalogueMeta | null;
  private readonly bytes: Buffer | null;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly parsed: Array<Procedure | undefined>;
  private readonly indexByCode: Map<string, number>;
  private allParsed: readonly Procedure[] | null = null;
  private byNameIndex: Map<string, Procedure[]> | null = null;
  private fieldList: Array<{ name: string; count: number }> | null = null;

  /**
   * Build from records in memory (tests, tools), or from JSONL bytes (one record per
   * line, as written by the importer) that are parsed lazily. Order is kept as given.
   */
  constructor(
    source: readonly Procedure[] | { jsonl: Buffer },
    info: { dataDate: string; contentHash: string; meta?: CatalogueMeta | null },
  ) {
    this.dataDate = info.dataDate;
    this.contentHash = info.contentHash;
    this.meta = info.meta ?? null;
    if ('jsonl' in source) {
      const buf = source.jsonl;
      const starts: number[] = [];
      const ends: number[] = [];
      let start = 0;
      while (start < buf.length) {
        let end = buf.indexOf(NEWLINE, start);
        if (end < 0) end = buf.length;
        if (end > start) {
          starts.push(start);
          ends.push(end);
        }
        start = end + 1;
      }
      this.bytes = buf;
      this.starts = Int32Array.from(starts);
      this.ends = Int32Array.from(ends);
      this.parsed = new Array<Procedure | undefined>(starts.length).fill(undefined);
      this.indexByCode = new Map();
      for (let i = 0; i < starts.length; i++) this.indexByCode.set(this.codeAt(i), i);
    } else {
      this.bytes = null;
      this.starts = new Int32Array(0);
      this.ends = new Int32Array(0);
      this.parsed = [...source];
      this.indexByCode = new Map(source.map((p, i) => [p.code, i]));
      this.allParsed = source;
    }
  }

  /** Records are written with `code` first (`{"code":"1.001193",…`); read it without decoding the line. */
  private codeAt(i: number): string {
    const buf = this.bytes!;
    const s = this.starts[i]!;
    if (buf.compare(CODE_PREFIX, 0, CODE_PREFIX.length, s, s + CODE_PREFIX.length) === 0) {
      const close = buf.indexOf(QUOTE, s + CODE_PREFIX.length);
      if (close > 0 && close < this.ends[i]!) return buf.toString('latin1', s + CODE_PREFIX.length, close);
    }
    return this.at(i).code;
  }

  private at(i: number): Procedure {
    let p = this.parsed[i];
    if (!p) {
      p = JSON.parse(this.bytes!.toString('utf8', this.starts[i], this.ends[i])) as Procedure;
      this.parsed[i] = p;
    }
    return p;
  }

  /** The procedure with this code ("1.001193"), or undefined. Surrounding spaces are ignored. */
  get(code: string): Procedure | undefined {
    const i = this.indexByCode.get(code.trim());
    return i === undefined ? undefined : this.at(i);
  }

  /** Whether the code exists, without parsing the record. */
  has(code: string): boolean {
    return this.indexByCode.has(code.trim());
  }

  /** Every procedure, sorted by code (parses all records on the first call). */
  all(): readonly Procedure[] {
      if (!this.allParsed) this.allParsed = Array.from({ length: this.parsed.length }, (_, i) => this.at(i));
    return this.allParsed;
  }

  /** Every code, without parsing records. */
  codes(): string[] {
    return [...this.indexByCode.keys()];
  }

  /**
   * Field names (lĩnh vực) in their one spelling (normalised at import), sorted in
   * Vietnamese order, with the number of procedures in each: the officer page's list.
   */
  fieldNames(): Array<{ name: string; count: number }> {
    if (!this.fieldList) {
      const counts = new Map<string, number>();
      for (const p of this.all()) for (const f of new Set(p.fields)) counts.set(f, (counts.get(f) ?? 0) + 1);
      this.fieldList = [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
    }
    return this.fieldList;
  }

  get size(): number {
    return this.parsed.length;
  }

  /**
   * Procedures whose name equals `name` ignoring case, Unicode form and spacing. Several
   * can share a name (national procedure and provincial variants).
   */
  byName(name: string): Procedure[] {
    if (!this.byNameIndex) {
      this.byNameIndex = new Map();
      for (const p of this.all()) {
        const key = nameKey(p.name);
        const list = this.byNameIndex.get(key);
        if (list) list.push(p);
        else this.byNameIndex.set(key, [p]);
      }
    }
    return this.byNameIndex.get(nameKey(name)) ?? [];
  }
}

export interface LoadCatalogueOptions {
  /** Catalogue file; defaults to the committed `knowledge/data/catalogue.jsonl.gz`. */
  file?: string;
  /**
   * `hash` (default): compare the content hash with the meta file.
   * `schema`: also validate every record with zod (slower; for tests and tooling).
   */
  verify?: 'hash' | 'schema';
}

/**
 * Load the catalogue. Reads `file` (gzip or plain JSONL) and the meta file beside it;
 * without a meta file the data date is the newest `provenance.crawledAt`.
 *
 * @throws AppError `unavailable:catalogue` when the file is missing,
 *   `internal:catalogue_data` when it is corrupt or does not match its meta file.
 */
export async function loadCatalogue(fileOrOptions?: string | LoadCatalogueOptions): Promise<Catalogue> {
  const options = typeof fileOrOptions === 'string' ? { file: fileOrOptions } : (fileOrOptions ?? {});
  const file = options.file ?? DEFAULT_CATALOGUE_FILE;
  if (!existsSync(file)) {
    throw new AppError('unavailable:catalogue', `Catalogue data not found at ${file}. Run "npm run knowledge:import" to build it.`);
  }
  let bytes: Buffer;
  try {
    const raw = await readFile(file);
    bytes = file.endsWith('.gz') ? await gunzipAsync(raw) : raw;
  } catch (err) {
    throw new AppError('internal:catalogue_data', `Cannot read catalogue ${file}: ${(err as Error).message}`, { cause: err });
  }
  const contentHash = hashOf(bytes);

  let meta: CatalogueMeta | null = null;
  const metaFile = metaPathFor(file);
  if (existsSync(metaFile)) {
    try {
      meta = catalogueMetaSchema.parse(JSON.parse(await readFile(metaFile, 'utf8')));
    } catch (err) {
      throw new AppError('internal:catalogue_data', `Catalogue meta file ${metaFile} is invalid: ${(err as Error).message}`, { cause: err });
    }
    if (meta.contentHash !== contentHash) {
      throw new AppError(
        'internal:catalogue_data',
        `Catalogue ${file} does not match ${metaFile} (hash ${contentHash} vs ${meta.contentHash}). Re-run "npm run knowledge:import".`,
      );
    }
  }

  if (options.verify === 'schema') {
    const lines = bytes
      .toString('utf8')
      .split('\n')
      .filter((l) => l.length > 0);
    const records = lines.map((line, i) => {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch (err) {
        throw new AppError('internal:catalogue_data', `${file}:${i + 1}: invalid JSON`, { cause: err });
      }
      const checked = procedureSchema.safeParse(json);
      if (!checked.success) {
        const issue = checked.error.issues[0]!;
        throw new AppError('internal:catalogue_data', `${file}:${i + 1}: ${issue.path.join('.')}: ${issue.message}`);
      }
      return checked.data;
    });
    const dataDate = meta?.dataDate ?? newestDate(records);
    return new Catalogue(records, { dataDate, contentHash, meta });
  }
  let catalogue: Catalogue;
  try {
    catalogue = new Catalogue({ jsonl: bytes }, { dataDate: meta?.dataDate ?? '', contentHash, meta });
  } catch (err) {
    throw new AppError('internal:catalogue_data', `${file}: invalid JSON line (${(err as Error).message})`, { cause: err });
  }
  if (meta) return catalogue;
  return new Catalogue(catalogue.all(), { dataDate: newestDate(catalogue.all()), contentHash, meta });
}

function newestDate(records: readonly Procedure[]): string {
  return records.reduce((max, p) => (p.provenance.crawledAt > max ? p.provenance.crawledAt : max), '');
}
