import { portalUrl, procedureSchema, type Procedure, type ProcedureSource } from '../procedure.js';
import { levelsFromAgencies, provinceFrom } from './crawl-tables.js';
import { foldDiacritics } from '../text/fold.js';
import type { SourceRecord } from './source-record.js';

/** Highest precedence first: the portal's own API beats the crawl, which beats the index. */
export const SOURCE_PRECEDENCE: readonly ProcedureSource[] = ['portal-api-detail', 'portal-crawl', 'portal-index'];

const DETAIL_SOURCES: ReadonlySet<ProcedureSource> = new Set(['portal-api-detail', 'portal-crawl']);

type Key = keyof SourceRecord;

/** First value a source actually has: arrays must be non-empty, strings non-null. */
function pick<K extends Key>(records: readonly SourceRecord[], key: K): SourceRecord[K] | undefined {
  for (const r of records) {
    const v = r[key];
    if (v === undefined || v === null) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    return v;
  }
  // Fall back to an empty value a source did state ("has the section, it is empty").
  for (const r of records) if (r[key] !== undefined) return r[key];
  return undefined;
}

const nameWords = (name: string): Set<string> => new Set(foldDiacritics(name.toLowerCase()).match(/[a-z0-9]+/g) ?? []);

/**
 * Crawled pages saved under a code whose portal name they do not share: the crawl kept a page
 * of another procedure (placeholders such as "Hỗ trợ phát triển sản xuất cộng đồng." under
 * 3.000285 "Khóa căn cước điện tử (thực hiện tại cấp xã)"), so its details describe something
 * else. The portal's name (detail API, else index) is the reference; a crawl page sharing less
 * than half the words of the shorter name is misfiled. Renamed procedures share far more (a
 * new name for the same work keeps its key words).
 */
export function misfiledCrawlPages(records: readonly SourceRecord[]): SourceRecord[] {
  const reference = records.find((r) => r.source === 'portal-api-detail' && r.name) ?? records.find((r) => r.source === 'portal-index' && r.name);
  if (!reference?.name) return [];
  const ref = nameWords(reference.name);
  return records.filter((r) => {
    if (r.source !== 'portal-crawl' || !r.name) return false;
    const words = nameWords(r.name);
    const shared = [...words].filter((w) => ref.has(w)).length;
    return shared < Math.min(words.size, ref.size) / 2;
  });
}

/**
 * Merge what the sources say about one code into a `Procedure`.
 *
 * Precedence is per field: detail API > crawl > index, and a lower source only fills
 * what the higher ones lack (an API record without legal basis takes the crawl's).
 * Detail sections come only from detail sources, so an index-only record keeps every
 * detail list empty (`detailLevel: 'index'`). Throws when the result breaks the schema.
 */
export function mergeRecords(records: readonly SourceRecord[]): Procedure {
  if (records.length === 0) throw new Error('nothing to merge');
  const sorted = [...records].sort(
    (a, b) => SOURCE_PRECEDENCE.indexOf(a.source) - SOURCE_PRECEDENCE.indexOf(b.source),
  );
  const code = sorted[0]!.code;
  if (sorted.some((r) => r.code !== code)) throw new Error(`records for different codes merged: ${code}`);
  const detail = sorted.filter((r) => DETAIL_SOURCES.has(r.source));
  const top = sorted[0]!;

  const agencies = pick(sorted, 'agencies') ?? [];
  const scope = pick(sorted, 'scope') ?? 'national';
  const promulgatedBy = pick(sorted, 'promulgatedBy') ?? null;
  const levels = pick(sorted, 'levels') ?? [];
  const channels = pick(detail, 'channels') ?? [];
  const notes = pick(detail, 'notes') ?? [];

  const procedure: Procedure = {
    code,
    name: pick(sorted, 'name') ?? '',
    detailLevel: detail.length > 0 ? 'full' : 'index',
    scope,
    province: scope === 'provincial' ? (pick(sorted, 'province') ?? provinceFrom(promulgatedBy)) : null,
    levels: levels.length > 0 ? levels : levelsFromAgencies(agencies),
    fields: pick(sorted, 'fields') ?? [],
    agencies,
    competentAuthority: pick(sorted, 'competentAuthority') ?? null,
    promulgatedBy,
    applicants: pick(sorted, 'applicants') ?? [],
    decisionNumber: pick(sorted, 'decisionNumber') ?? null,
    submissionAddress: pick(sorted, 'submissionAddress') ?? null,
    steps: pick(detail, 'steps') ?? [],
    channels,
    documentGroups: pick(detail, 'documentGroups') ?? [],
    conditions: pick(detail, 'conditions') ?? null,
    results: pick(detail, 'results') ?? [],
    legalBasis: pick(detail, 'legalBasis') ?? [],
    relatedProcedures: pick(detail, 'relatedProcedures') ?? [],
    ...(notes.length > 0 ? { notes } : {}),
    onlineAvailable: channels.length > 0 ? channels.some((c) => c.kind === 'online') : null,
    provenance: {
      source: top.source,
      crawledAt: top.crawledAt,
      seenIn: sorted.map((r) => r.source),
      url: pick(sorted, 'url') ?? portalUrl(code),
    },
  };
  const checked = procedureSchema.safeParse(procedure);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new Error(`merged record breaks the schema at ${issue.path.join('.')}: ${issue.message}`);
  }
  return checked.data;
}
