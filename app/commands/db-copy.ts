import crypto from 'node:crypto';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import { checkPgConnection, createPgPool, migratePostgres, PgConfigError } from '../../storage/postgres/index.js';

const USAGE = `Usage: npm run tthc -- db:copy --from sqlite:PATH [--to postgres://USER:PASSWORD@HOST:5432/DATABASE]
                                 [--replace] [--skip-missing] [--verify-only]
  Copies a ward's SQLite database into PostgreSQL (default --to: $DATABASE_URL), then checks it.
  Stop the app first: what is written to the SQLite file after the copy began is not copied.

  1. Migrates the target (as db:migrate does).
  2. Copies every table that exists in both databases with the same columns: ids are kept,
     sealed values are copied as they are (they open with the same keys), 0/1 flags become
     booleans, and identity sequences are moved past the largest id (or SQLite's
     AUTOINCREMENT counter, whichever is higher), so new rows never reuse an id.
  3. Verifies each table: row count and a SHA-256 over its rows in primary-key order, each
     value in one canonical form computed the same way from both engines.
  All of it is ONE PostgreSQL transaction: on any error or mismatch nothing is kept.

  --replace       the target tables may hold rows: they are emptied first (same transaction).
                  Without it a target table that has rows stops the copy (exit 1): merging two
                  wards' rows would collide on their ids.
  --skip-missing  a SQLite table with rows but no PostgreSQL table yet is reported NOT COPIED
                  instead of stopping the copy (exit 1). Empty ones are never a problem.
  --verify-only   copy nothing: compare the two databases table by table.

  Exit 0 when every copied table matches; 1 on a mismatch, a refused target or a failure;
  2 on usage errors.
`;

export interface CopyOptions {
  replace?: boolean;
  skipMissing?: boolean;
  verifyOnly?: boolean;
  /** Rows per INSERT statement at most (default: what fits 30,000 parameters, at most 1,000). */
  batchRows?: number;
}

export interface TableReport {
  table: string;
  sourceRows: number;
  targetRows: number | undefined;
  sourceChecksum: string | undefined;
  targetChecksum: string | undefined;
  status: 'ok' | 'mismatch' | 'not copied' | 'empty, no target table';
}

export interface CopyReport {
  tables: TableReport[];
  /** Why nothing was copied (refused before starting), if so. */
  refused: string[];
  ok: boolean;
}

interface PgColumn {
  name: string;
  type: string;
  identity: 'ALWAYS' | 'BY DEFAULT' | undefined;
  serial: boolean;
}

interface TablePlan {
  table: string;
  /** Columns in name order (the checksum's order). */
  columns: PgColumn[];
  /** Column names the rows are ordered by: the primary key, or every column when there is none. */
  orderBy: string[];
}

const TEXT_TYPES = new Set(['text', 'character varying', 'character', 'name', 'citext']);
const INT_TYPES = new Set(['smallint', 'integer', 'bigint']);
const FLOAT_TYPES = new Set(['real', 'double precision', 'numeric']);
const TIME_TYPES = new Set(['timestamp with time zone', 'timestamp without time zone', 'date']);

/** Identifier quoting, the same rule on both engines. */
function q(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A SQLite value as the PostgreSQL column of type `type` takes it (INSERT parameter). */
export function toPgParam(value: unknown, type: string, where: string): unknown {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value) && type !== 'bytea') throw new Error(`${where}: a BLOB cannot go into a ${type} column`);
  if (type === 'boolean') {
    if (typeof value === 'bigint' || typeof value === 'number') return Number(value) !== 0;
    if (value === 'true' || value === 'false') return value === 'true';
    throw new Error(`${where}: ${JSON.stringify(value)} is not a 0/1 flag`);
  }
  if (TIME_TYPES.has(type) && (typeof value === 'bigint' || typeof value === 'number')) return new Date(Number(value)).toISOString();
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** JSON with object keys sorted, so that the same value always reads the same (jsonb reorders keys). */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * One value in the checksum's canonical form, given the PostgreSQL column type: the same
 * string whether `value` came from SQLite (0/1, bigint, text, Buffer) or from node-postgres
 * with its default parsers (boolean, int8 as text, Date, Buffer, parsed JSON).
 */
export function canonicalValue(value: unknown, type: string): string {
  if (value === null || value === undefined) return 'N';
  let tag: string;
  let text: string;
  if (type === 'boolean') {
    tag = 'B';
    text = typeof value === 'boolean' ? (value ? '1' : '0') : Number(value) !== 0 ? '1' : '0';
  } else if (INT_TYPES.has(type)) {
    tag = 'I';
    text = BigInt(value as string | number | bigint).toString();
  } else if (FLOAT_TYPES.has(type)) {
    tag = 'F';
    text = String(Number(value));
  } else if (type === 'bytea') {
    tag = 'X';
    text = Buffer.isBuffer(value) ? value.toString('hex') : Buffer.from(String(value), 'utf8').toString('hex');
  } else if (type === 'json' || type === 'jsonb') {
    tag = 'J';
    text = stableJson(typeof value === 'string' ? JSON.parse(value) : value);
  } else if (TIME_TYPES.has(type)) {
    tag = 'T';
    text = new Date(value instanceof Date ? value : typeof value === 'string' ? value : Number(value)).toISOString();
  } else {
    tag = 'S';
    text = Buffer.isBuffer(value) ? value.toString('hex') : String(value);
  }
  return `${tag}${text.length}:${text}`;
}

/** A running SHA-256 over rows fed in order; every value length-prefixed, so no two tables collide by concatenation. */
class TableHash {
  private readonly h = crypto.createHash('sha256');
  rows = 0;

  add(row: Record<string, unknown>, columns: PgColumn[]): void {
    for (const c of columns) this.h.update(canonicalValue(row[c.name], c.type));
    this.h.update('\n');
    this.rows++;
  }

  digest(): string {
    return this.h.digest('hex').slice(0, 16);
  }
}

function sqliteTables(db: Database.Database): Map<string, { columns: string[]; pk: string[] }> {
  const out = new Map<string, { columns: string[]; pk: string[] }>();
  const names = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name")
    .pluck()
    .all() as string[];
  for (const name of names) {
    const info = db.pragma(`table_info(${q(name)})`) as Array<{ name: string; pk: number }>;
    out.set(name, {
      columns: info.map((c) => c.name),
      pk: info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
    });
  }
  return out;
}

async function pgTables(client: pg.ClientBase): Promise<{ tables: Map<string, { columns: PgColumn[]; pk: string[] }>; parents: Map<string, Set<string>> }> {
  const cols = await client.query<{ table_name: string; column_name: string; data_type: string; is_identity: string; identity_generation: string | null; column_default: string | null }>(
    `SELECT table_name, column_name, data_type, is_identity, identity_generation, column_default
     FROM information_schema.columns c
     WHERE table_schema = current_schema() AND table_name <> 'schema_migrations'
       AND EXISTS (SELECT 1 FROM information_schema.tables t WHERE t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE')
     ORDER BY table_name, column_name`,
  );
  const tables = new Map<string, { columns: PgColumn[]; pk: string[] }>();
  for (const r of cols.rows) {
    let t = tables.get(r.table_name);
    if (!t) tables.set(r.table_name, (t = { columns: [], pk: [] }));
    t.columns.push({
      name: r.column_name,
      type: r.data_type,
      identity: r.is_identity === 'YES' ? (r.identity_generation as 'ALWAYS' | 'BY DEFAULT') : undefined,
      serial: r.column_default?.startsWith('nextval(') ?? false,
    });
  }
  const pks = await client.query<{ table_name: string; column_name: string }>(
    `SELECT t.relname AS table_name, a.attname AS column_name
     FROM pg_index i
     JOIN pg_class t ON t.oid = i.indrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY (i.indkey::int2[])
     WHERE i.indisprimary AND n.nspname = current_schema()
     ORDER BY t.relname, array_position(i.indkey::int2[], a.attnum)`,
  );
  for (const r of pks.rows) tables.get(r.table_name)?.pk.push(r.column_name);
  const fks = await client.query<{ child: string; parent: string }>(
    `SELECT ch.relname AS child, pa.relname AS parent
     FROM pg_constraint c
     JOIN pg_class ch ON ch.oid = c.conrelid
     JOIN pg_class pa ON pa.oid = c.confrelid
     JOIN pg_namespace n ON n.oid = ch.relnamespace
     WHERE c.contype = 'f' AND n.nspname = current_schema()`,
  );
  const parents = new Map<string, Set<string>>();
  for (const r of fks.rows) {
    if (r.child === r.parent) continue;
    if (!parents.has(r.child)) parents.set(r.child, new Set());
    parents.get(r.child)!.add(r.parent);
  }
  return { tables, parents };
}

/** Tables ordered so that every table comes after the tables its foreign keys point to. */
function parentsFirst(names: string[], parents: Map<string, Set<string>>): string[] {
  const out: string[] = [];
  const done = new Set<string>();
  const visiting = new Set<string>();
  const visit = (t: string) => {
    if (done.has(t) || visiting.has(t)) return; // a cycle: left to the INSERT to complain
    visiting.add(t);
    for (const p of [...(parents.get(t) ?? [])].sort()) if (names.includes(p)) visit(p);
    visiting.delete(t);
    done.add(t);
    out.push(t);
  };
  for (const t of [...names].sort()) visit(t);
  return out;
}

function pgOrderBy(plan: TablePlan): string {
  return plan.orderBy
    .map((name) => {
      const col = plan.columns.find((c) => c.name === name)!;
      return `${q(name)}${TEXT_TYPES.has(col.type) ? ' COLLATE "C"' : ''} ASC NULLS FIRST`;
    })
    .join(', ');
}

/** SQLite sorts NULL first and text by bytes (BINARY), as `pgOrderBy` asks PostgreSQL to. */
function sqliteSelect(plan: TablePlan): string {
  return `SELECT ${plan.columns.map((c) => q(c.name)).join(', ')} FROM ${q(plan.table)} ORDER BY ${plan.orderBy.map((c) => `${q(c)} COLLATE BINARY ASC`).join(', ')}`;
}

/** The checksum of a PostgreSQL table read through a cursor (bounded memory), with node-postgres's default parsers. */
async function pgTableHash(client: pg.ClientBase, plan: TablePlan): Promise<TableHash> {
  const hash = new TableHash();
  const cursor = `copy_check_${plan.table.replace(/[^a-z0-9_]/gi, '_')}`;
  await client.query(`DECLARE ${q(cursor)} NO SCROLL CURSOR FOR SELECT ${plan.columns.map((c) => q(c.name)).join(', ')} FROM ${q(plan.table)} ORDER BY ${pgOrderBy(plan)}`);
  try {
    for (;;) {
      const { rows } = await client.query({ text: `FETCH 2000 FROM ${q(cursor)}`, types: pg.types });
      for (const row of rows as Record<string, unknown>[]) hash.add(row, plan.columns);
      if (rows.length < 2000) break;
    }
  } finally {
    await client.query(`CLOSE ${q(cursor)}`);
  }
  return hash;
}

/** Copies `plan.table` from SQLite (already inside a read transaction) and returns the source checksum. */
async function copyTable(db: Database.Database, client: pg.ClientBase, plan: TablePlan, batchRows: number | undefined): Promise<TableHash> {
  const hash = new TableHash();
  const cols = plan.columns;
  const perBatch = Math.max(1, Math.min(batchRows ?? 1000, Math.floor(30_000 / cols.length)));
  const overriding = cols.some((c) => c.identity === 'ALWAYS') ? ' OVERRIDING SYSTEM VALUE' : '';
  const head = `INSERT INTO ${q(plan.table)} (${cols.map((c) => q(c.name)).join(', ')})${overriding} VALUES `;
  let batch: unknown[][] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const values: unknown[] = [];
    const tuples = batch.map((row) => `(${row.map((v) => (values.push(v), `$${values.length}`)).join(', ')})`);
    await client.query(head + tuples.join(', '), values);
    batch = [];
  };
  const stmt = db.prepare(sqliteSelect(plan)).safeIntegers(true);
  for (const row of stmt.iterate() as Iterable<Record<string, unknown>>) {
    hash.add(row, cols);
    batch.push(cols.map((c) => toPgParam(row[c.name], c.type, `${plan.table}.${c.name} (row ${hash.rows})`)));
    if (batch.length >= perBatch) await flush();
  }
  await flush();
  return hash;
}

function sqliteHash(db: Database.Database, plan: TablePlan): TableHash {
  const hash = new TableHash();
  for (const row of db.prepare(sqliteSelect(plan)).safeIntegers(true).iterate() as Iterable<Record<string, unknown>>) hash.add(row, plan.columns);
  return hash;
}

/** Moves every identity or serial sequence of `plan.table` past the largest id and SQLite's AUTOINCREMENT counter. */
async function advanceSequences(db: Database.Database, client: pg.ClientBase, plan: TablePlan): Promise<void> {
  const hasSeqTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'").get() !== undefined;
  const autoincrement = hasSeqTable ? ((db.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').pluck().get(plan.table) as number | undefined) ?? 0) : 0;
  for (const c of plan.columns) {
    if (!c.identity && !c.serial) continue;
    await client.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), GREATEST(COALESCE((SELECT max(${q(c.name)}) FROM ${q(plan.table)}), 0), $3::bigint) + 1, false)`,
      [q(plan.table), c.name, autoincrement],
    );
  }
}

/**
 * Copies (or, with `verifyOnly`, compares) the SQLite database `db` into the PostgreSQL
 * database of `pool`, already migrated. See USAGE for the rules; the report says per table
 * what happened, `ok` whether everything copied matches.
 */
export async function copySqliteToPostgres(db: Database.Database, pool: pg.Pool, opts: CopyOptions = {}): Promise<CopyReport> {
  const source = sqliteTables(db);
  const client = await pool.connect();
  let broken: Error | undefined;
  db.exec('BEGIN'); // one snapshot of the SQLite file for the whole run
  try {
    await client.query(opts.verifyOnly ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
    const target = await pgTables(client);
    const refused: string[] = [];
    const reports: TableReport[] = [];
    const plans: TablePlan[] = [];
    for (const [table, s] of source) {
      const t = target.tables.get(table);
      if (!t) {
        const n = Number(db.prepare(`SELECT COUNT(*) FROM ${q(table)}`).pluck().get());
        reports.push({ table, sourceRows: n, targetRows: undefined, sourceChecksum: undefined, targetChecksum: undefined, status: n > 0 ? 'not copied' : 'empty, no target table' });
        if (n > 0 && !opts.skipMissing) refused.push(`${table}: ${n} rows in SQLite but no such table in PostgreSQL (--skip-missing to leave them behind)`);
        continue;
      }
      const pgNames = t.columns.map((c) => c.name);
      const onlySqlite = s.columns.filter((c) => !pgNames.includes(c));
      const onlyPg = pgNames.filter((c) => !s.columns.includes(c));
      if (onlySqlite.length > 0 || onlyPg.length > 0) {
        refused.push(
          `${table}: the columns differ (only in SQLite: ${onlySqlite.join(', ') || '-'}; only in PostgreSQL: ${onlyPg.join(', ') || '-'}); start this version of the app once on the SQLite file so it migrates, or update the app`,
        );
        continue;
      }
      const pk = t.pk.length > 0 ? t.pk : s.pk;
      plans.push({ table, columns: [...t.columns].sort((a, b) => (a.name < b.name ? -1 : 1)), orderBy: pk.length > 0 ? pk : [...pgNames].sort() });
    }
    const ordered = parentsFirst(
      plans.map((p) => p.table),
      target.parents,
    ).map((name) => plans.find((p) => p.table === name)!);
    if (!opts.verifyOnly && refused.length === 0) {
      const occupied: string[] = [];
      for (const p of ordered) {
        if ((await client.query(`SELECT EXISTS (SELECT 1 FROM ${q(p.table)}) AS e`)).rows[0].e) occupied.push(p.table);
      }
      if (occupied.length > 0 && !opts.replace) refused.push(`the target already holds rows in ${occupied.join(', ')} (--replace to empty those tables first)`);
      // Every copied table at once: one that has rows may be referenced by one that has none.
      else if (occupied.length > 0) await client.query(`TRUNCATE ${ordered.map((p) => q(p.table)).join(', ')}`);
    }
    if (refused.length > 0) {
      await client.query('ROLLBACK');
      return { tables: reports, refused, ok: false };
    }
    for (const p of ordered) {
      const src = opts.verifyOnly ? sqliteHash(db, p) : await copyTable(db, client, p, opts.batchRows);
      if (!opts.verifyOnly) await advanceSequences(db, client, p);
      const dst = await pgTableHash(client, p);
      const [a, b] = [src.digest(), dst.digest()];
      reports.push({ table: p.table, sourceRows: src.rows, targetRows: dst.rows, sourceChecksum: a, targetChecksum: b, status: a === b && src.rows === dst.rows ? 'ok' : 'mismatch' });
    }
    const ok = reports.every((r) => r.status !== 'mismatch');
    await client.query(ok && !opts.verifyOnly ? 'COMMIT' : 'ROLLBACK');
    reports.sort((x, y) => (x.table < y.table ? -1 : 1));
    return { tables: reports, refused: [], ok };
  } catch (err) {
    await client.query('ROLLBACK').catch((rollbackErr: unknown) => {
      broken = rollbackErr as Error;
    });
    throw err;
  } finally {
    db.exec('ROLLBACK');
    client.release(broken);
  }
}

/** The report as an operator reads it: one line per table. */
export function formatReport(report: CopyReport): string {
  const head = ['table', 'sqlite rows', 'postgres rows', 'sqlite sha256', 'postgres sha256', 'status'];
  const lines = report.tables.map((r) => [r.table, String(r.sourceRows), r.targetRows === undefined ? '-' : String(r.targetRows), r.sourceChecksum ?? '-', r.targetChecksum ?? '-', r.status]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...lines.map(fmt)].join('\n') + '\n';
}

interface Args {
  from: string;
  to: string | undefined;
  opts: CopyOptions;
}

function parseArgs(args: string[]): Args | string {
  let from: string | undefined;
  let to: string | undefined;
  const opts: CopyOptions = {};
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = () => inline ?? args[++i];
    if (flag === '--from' || flag === '--to') {
      const v = value();
      if (!v || v.startsWith('--')) return `${flag} needs a value`;
      if (flag === '--from') from = v;
      else to = v;
    }
    else if (flag === '--replace') opts.replace = true;
    else if (flag === '--skip-missing') opts.skipMissing = true;
    else if (flag === '--verify-only') opts.verifyOnly = true;
    else return `unknown argument "${args[i]}"`;
  }
  if (!from) return '--from sqlite:PATH is required';
  if (!from.startsWith('sqlite:')) return `--from must be sqlite:PATH (got "${from}")`;
  return { from: from.slice('sqlite:'.length), to, opts };
}

/**
 * `db:copy`: moves a ward's SQLite data into PostgreSQL and verifies it. Exit 0 when every
 * copied table matches, 1 on mismatch, refusal or failure (nothing kept), 2 on usage errors.
 */
export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`db:copy: ${parsed}\n\n${USAGE}`);
    return 2;
  }
  const url = parsed.to ?? process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write(`db:copy: give --to postgres://… or set DATABASE_URL\n\n${USAGE}`);
    return 2;
  }
  if (!fs.existsSync(parsed.from)) {
    process.stderr.write(`db:copy: no SQLite file at ${parsed.from}\n`);
    return 1;
  }
  let pool: pg.Pool | undefined;
  let db: Database.Database | undefined;
  try {
    pool = createPgPool(url, { max: 2, applicationName: 'tro-ly-tthc db:copy' });
    await checkPgConnection(pool, url);
    db = new Database(parsed.from, { readonly: true, fileMustExist: true });
    if (!parsed.opts.verifyOnly) {
      const migrated = await migratePostgres(pool);
      for (const name of migrated.applied) process.stdout.write(`applied ${name}\n`);
    }
    const report = await copySqliteToPostgres(db, pool, parsed.opts);
    if (report.refused.length > 0) {
      process.stderr.write(`db:copy: nothing copied:\n${report.refused.map((r) => `  - ${r}\n`).join('')}`);
      if (report.tables.length > 0) process.stderr.write(formatReport(report));
      return 1;
    }
    process.stdout.write(formatReport(report));
    const copied = report.tables.filter((t) => t.status === 'ok' || t.status === 'mismatch');
    const left = report.tables.filter((t) => t.status === 'not copied');
    if (!report.ok) {
      process.stderr.write(
        `db:copy: ${report.tables.filter((t) => t.status === 'mismatch').map((t) => t.table).join(', ')} do not match${parsed.opts.verifyOnly ? '' : ': nothing was kept (rolled back)'}\n`,
      );
      return 1;
    }
    const rows = copied.reduce((n, t) => n + t.sourceRows, 0);
    process.stdout.write(
      parsed.opts.verifyOnly
        ? `${copied.length} tables match (${rows} rows).\n`
        : `${copied.length} tables copied and verified (${rows} rows).${left.length > 0 ? ` NOT copied (no PostgreSQL table yet): ${left.map((t) => t.table).join(', ')}.` : ''}\n`,
    );
    return 0;
  } catch (err) {
    process.stderr.write(`db:copy: ${err instanceof PgConfigError ? err.message : ((err as Error).message ?? String(err))}\n`);
    return 1;
  } finally {
    db?.close();
    await pool?.end();
  }
}
