import { z } from 'zod';
import { cleanText } from '../text/index.js';
import { cleanCell, provinceFrom } from './crawl-tables.js';
import { portalDetailUrl } from './portal-api.js';
import { CODE_PATTERN, type SourceRecord } from './source-record.js';

/**
 * Importer for the catalogue index (`portal-index-*.jsonl`): every procedure's name and
 * metadata (field, agencies, applicants, national vs provincial), no detail.
 */

export const indexRecordSchema = z
  .object({
    id: z.string().nullish(),
    code: z.string(),
    name: z.string(),
    categories: z.array(z.string()).nullish(),
    departments: z.array(z.string()).nullish(),
    departmentPromulgate: z.string().nullish(),
    formalityTargetType: z.array(z.string()).nullish(),
    state: z.string().nullish(),
    type: z.enum(['STANDARD', 'SPECIFIC', 'STANDARD_INTERNAL']),
  })
  .passthrough();
export type IndexRecord = z.infer<typeof indexRecordSchema>;

const SCOPE = { STANDARD: 'national', SPECIFIC: 'provincial', STANDARD_INTERNAL: 'internal' } as const;

function list(values: readonly string[] | null | undefined): string[] {
  return [...new Set((values ?? []).map((v) => cleanCell(v)).filter(Boolean))];
}

/** Map one index line to a source record; throws an `Error` with a short reason when unusable. */
export function mapIndexRecord(json: unknown, crawledAt: string): SourceRecord {
  const parsed = indexRecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`unexpected shape at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const r = parsed.data;
  // Leading/trailing spaces are cleaning; any other deviation is a different code.
  const code = cleanText(r.code);
  if (!CODE_PATTERN.test(code)) throw new Error(`invalid procedure code "${r.code}"`);
  const name = cleanCell(r.name);
  if (!name) throw new Error('empty procedure name');
  const scope = SCOPE[r.type];
  const promulgatedBy = cleanCell(r.departmentPromulgate) || null;
  const nameSuffix = /\(([^()]*)\)\s*$/u.exec(name)?.[1] ?? null;
  return {
    source: 'portal-index',
    code,
    crawledAt,
    url: r.id ? portalDetailUrl(r.id) : undefined,
    name,
    scope,
    province: scope === 'provincial' ? (provinceFrom(promulgatedBy) ?? provinceFrom(nameSuffix)) : null,
    fields: list(r.categories),
    agencies: list(r.departments),
    promulgatedBy,
    applicants: list(r.formalityTargetType),
  };
}
