import { z } from 'zod';
import type { DocumentGroup, DocumentItem, Duration, DurationUnit, Fee, ImplementationLevel, SubmissionChannel } from '../procedure.js';
import { cleanText } from '../text/index.js';
import {
  DEFAULT_GROUP_TITLE,
  buildFee,
  cleanCell,
  extractDocNumber,
  formNameFromText,
  isNotesTitle,
  legalItem,
  sortLevels,
  splitLines,
  splitStepsAndNotes,
  unitFromWords,
} from './crawl-tables.js';
import { CODE_PATTERN, type SourceRecord } from './source-record.js';

/**
 * Importer for the portal's own detail API responses (`portal-api-detail-*.json`,
 * `{code:"OK", data:{...}}`). The schema below only names the parts we use and is
 * lenient about nulls, because the API returns `null`, `""` and `[]` interchangeably.
 */

const named = z.object({ name: z.string().nullish() }).passthrough();
const namedList = z.array(named).nullish();

const feeSchema = z
  .object({
    type: z.string().nullish(),
    value: z.number().nullish(),
    currencyId: z.string().nullish(),
    description: z.string().nullish(),
  })
  .passthrough();

const methodSchema = z
  .object({
    submissionMethod: z.string(),
    /** Usually a number; some provinces typed the whole rule as text ("Không quá 15 ngày ..."). */
    processingTime: z.union([z.number(), z.string()]).nullish(),
    processingTimeUnit: z.string().nullish(),
    description: z.string().nullish(),
    fees: z.array(feeSchema).nullish(),
  })
  .passthrough();

const componentSchema = z
  .object({
    name: z.string().nullish(),
    originalQty: z.number().nullish(),
    copyQty: z.number().nullish(),
    hasElectronicForm: z.boolean().nullish(),
    isProcessingResult: z.boolean().nullish(),
    attachments: z.array(z.object({ fileName: z.string().nullish() }).passthrough()).nullish(),
  })
  .passthrough();

export const apiDetailSchema = z.object({
  code: z.string(),
  data: z
    .object({
      id: z.string().nullish(),
      code: z.string(),
      name: z.string().min(1),
      type: z.string().nullish(),
      isInternal: z.boolean().nullish(),
      isWard: z.boolean().nullish(),
      isProvince: z.boolean().nullish(),
      isMinistry: z.boolean().nullish(),
      isOtherAgency: z.boolean().nullish(),
      executionSteps: z.array(z.object({ name: z.string().nullish(), description: z.string().nullish() }).passthrough()).nullish(),
      executionMethods: z.array(methodSchema).nullish(),
      executionCases: z.array(z.object({ name: z.string().nullish(), profileComponents: z.array(componentSchema).nullish() }).passthrough()).nullish(),
      cases: z
        .array(z.object({ processingDay: z.object({ qty: z.number().nullish(), type: z.string().nullish() }).passthrough().nullish() }).passthrough())
        .nullish(),
      categoriesDetails: namedList,
      unitGroupsExecuting: namedList,
      departmentsExecuting: namedList,
      unitGroupsAuthority: namedList,
      departmentsAuthority: namedList,
      subjectTypesDetails: namedList,
      resultsDetails: namedList,
      legalBasisesDetails: z.array(z.object({ name: z.string().nullish(), code: z.string().nullish() }).passthrough()).nullish(),
      departmentPromulgateName: z.string().nullish(),
      executingAgencies: z.string().nullish(),
      dossierReceivingAddresses: z.string().nullish(),
      requirementsAndConditions: z.string().nullish(),
      decisionNo: z.string().nullish(),
      procedureProposal: z.object({ proposalNumber: z.string().nullish() }).passthrough().nullish(),
      procedureRelatedGroup: z.array(z.unknown()).nullish(),
    })
    .passthrough(),
});
export type ApiDetail = z.infer<typeof apiDetailSchema>;

const METHOD_KIND: Record<string, SubmissionChannel['kind']> = {
  ONLINE: 'online',
  POSTAL: 'postal',
  DIRECT: 'in_person',
};

const UNIT: Record<string, DurationUnit> = {
  WORKING_DAY: 'ngay_lam_viec',
  DAY: 'ngay',
  HOUR: 'gio',
  MINUTE: 'phut',
  MONTH: 'thang',
  YEAR: 'nam',
};

const UNIT_WORDS: Record<DurationUnit, string> = {
  ngay_lam_viec: 'ngày làm việc',
  ngay: 'ngày',
  gio: 'giờ',
  phut: 'phút',
  thang: 'tháng',
  nam: 'năm',
  khac: '',
};

const FEE_KIND: Record<string, Fee['kind']> = { FEE: 'phi', SERVICE_FEE: 'le_phi', PRICE_LEVEL: 'khac' };

/** Public detail page of a procedure by its portal id (the crawl's `detail_url` form). */
export function portalDetailUrl(id: string): string {
  return `https://dichvucong.gov.vn/thu-tuc-hanh-chinh/${encodeURIComponent(id)}`;
}

function names(list: ReadonlyArray<{ name?: string | null | undefined }> | null | undefined): string[] {
  return [...new Set((list ?? []).map((x) => cleanCell(x.name)).filter(Boolean))];
}

/**
 * A processing time typed as text: the first "<number> <unit>" in it ("Không quá 03 ngày
 * làm việc (không tính ...)") with the whole wording kept as `text`.
 */
export function durationFromText(raw: string): Duration | null {
  const text = cleanCell(raw);
  const m = /(\d+(?:[.,]\d+)?)\s*(?:\([^)]{1,20}\)\s*)?(ngày làm việc|ngày|giờ|tháng|năm|phút)/iu.exec(text);
  if (!m) return null;
  return { value: Number(m[1]!.replace(',', '.')), unit: unitFromWords(m[2]!), text };
}

/**
 * The time the procedure's cases state when its method gives none: the time most cases
 * share (at least half of them), with the longest other one said beside it ("1 ngày làm
 * việc (có trường hợp đến 15 ngày làm việc)"); null when the cases do not agree that much.
 */
function durationFromCases(cases: ApiDetail['data']['cases']): Duration | null {
  const typed = (cases ?? [])
    .map((c) => c.processingDay)
    .filter((d): d is { qty: number; type: string } => !!d && typeof d.qty === 'number' && d.qty > 0 && !!d.type && !!UNIT[d.type])
    .map((d) => ({ value: d.qty, unit: UNIT[d.type]! }));
  if (typed.length === 0) return null;
  const key = (d: { value: number; unit: DurationUnit }) => `${d.value} ${d.unit}`;
  const counts = new Map<string, number>();
  for (const d of typed) counts.set(key(d), (counts.get(key(d)) ?? 0) + 1);
  const best = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  if (best[1] * 2 < typed.length) return null;
  const mode = typed.find((d) => key(d) === best[0])!;
  const longest = typed.filter((d) => d.unit === mode.unit && d.value > mode.value).sort((a, b) => b.value - a.value)[0];
  const shortest = typed.filter((d) => d.unit === mode.unit && d.value < mode.value).sort((a, b) => a.value - b.value)[0];
  const text = cleanText(`${mode.value} ${UNIT_WORDS[mode.unit]}`);
  const other = longest ? ` (có trường hợp đến ${cleanText(`${longest.value} ${UNIT_WORDS[longest.unit]}`)})` : shortest ? ` (có trường hợp ${cleanText(`${shortest.value} ${UNIT_WORDS[shortest.unit]}`)})` : '';
  return { value: mode.value, unit: mode.unit, text: `${text}${other}` };
}

function duration(
  value: number | string | null | undefined,
  unitCode: string | null | undefined,
  cases: ApiDetail['data']['cases'],
): Duration | null {
  if (typeof value === 'string') return durationFromText(value);
  if (value == null || !Number.isFinite(value) || value < 0) return null;
  let unit: DurationUnit = UNIT[unitCode ?? ''] ?? 'khac';
  if (unit === 'khac') {
    // A bare number whose cases disagree (1.004859: methods "1", cases 1, 3 and 3 working days) is one case's
    // time, not the procedure's: the time most cases state, the others beside it.
    const typedCases = (cases ?? []).map((c) => c.processingDay).filter((d) => d && typeof d.qty === 'number' && d.qty > 0 && d.type && UNIT[d.type]);
    if (new Set(typedCases.map((d) => `${d!.qty} ${d!.type}`)).size > 1) {
      const fromCases = durationFromCases(cases);
      if (fromCases) return fromCases;
    }
    // "OTHER" often hides the unit that the procedure's cases state for the same number.
    const same = (cases ?? []).map((c) => c.processingDay).find((d) => d?.qty === value && d.type && UNIT[d.type]);
    if (same?.type) unit = UNIT[same.type]!;
    else if (value > 0) {
      // A bare number no case states (2.000806: methods "5", its one case 10 working days): the cases' time has a
      // unit a citizen can plan with; the bare number is said beside it, as published, so neither is hidden.
      const fromCases = durationFromCases(cases);
      if (fromCases) return { ...fromCases, text: `${fromCases.text} (phần cách thức thực hiện ghi «${value}», không rõ đơn vị)` };
    }
  }
  // A bare 0 with no unit is the portal's empty field, not "done at once": the cases may say it.
  if (value === 0 && unit === 'khac') return durationFromCases(cases);
  return { value, unit, text: cleanText(`${value} ${UNIT_WORDS[unit]}`) };
}

/**
 * The API names currencies by id. Only two occur: VND, and one whose amounts (5, 150 for
 * civil-status acts at missions abroad) are the consular fees in US dollars.
 */
const CURRENCY: Record<string, 'VND' | 'USD'> = {
  '': 'VND',
  '019b3fb2-b5b8-70ac-85e2-9409ec1eaffa': 'VND',
  '019b3fb2-dee2-76ab-aa53-22d4d903a2bb': 'USD',
};

function fee(raw: z.infer<typeof feeSchema>): Fee | null {
  const description = cleanCell(raw.description);
  const kind = FEE_KIND[raw.type ?? ''] ?? 'khac';
  const currency = CURRENCY[raw.currencyId ?? ''];
  if (raw.value != null && raw.value > 0 && currency !== 'VND') {
    // Amounts in another (or an unknown) currency are kept as text, never as VND.
    const stated = `${raw.value} ${currency ?? `(đơn vị tiền ${raw.currencyId})`}`;
    return { kind, amountVnd: null, free: false, description: description ? `${stated}: ${description}` : stated };
  }
  if (raw.value != null && raw.value > 0) {
    return { kind, amountVnd: Math.round(raw.value), free: false, description };
  }
  if (raw.value == null && !description) return null;
  // Zero or no amount: same rule as the crawl's "Miễn phí" cell.
  const parsed = buildFee('Miễn phí', description);
  return parsed ? { ...parsed, kind } : null;
}

function documentItem(c: z.infer<typeof componentSchema>): DocumentItem | null {
  const name = cleanText(c.name ?? '').replace(/^[\s\-+•*–]+/u, '').trim();
  if (!name) return null;
  const file = (c.attachments ?? []).map((a) => cleanCell(a.fileName)).find(Boolean);
  const formName = file ? cleanText(file.replace(/\.[A-Za-z0-9]{2,5}$/, '')) : formNameFromText(name);
  const item: DocumentItem = {
    name,
    originals: c.originalQty ?? null,
    copies: c.copyQty ?? null,
    formName,
    // The API sends `required: false` for every component, so it carries no information.
    required: null,
  };
  if (c.hasElectronicForm != null) item.hasElectronicForm = c.hasElectronicForm;
  return item;
}

/**
 * Map one detail API response to a source record. Throws a `Error` with a short reason
 * when the record is unusable (caller reports and skips it).
 */
export function mapApiDetail(json: unknown, crawledAt: string): SourceRecord {
  const parsed = apiDetailSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`unexpected shape at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const d = parsed.data.data;
  const code = d.code.trim();
  if (!CODE_PATTERN.test(code)) throw new Error(`invalid procedure code "${d.code}"`);

  const levels: ImplementationLevel[] = [];
  if (d.isWard) levels.push('xa');
  if (d.isProvince) levels.push('tinh');
  if (d.isMinistry) levels.push('bo');
  if (d.isOtherAgency) levels.push('khac');

  const steps: string[] = [];
  const notes: string[] = [];
  for (const step of d.executionSteps ?? []) {
    const title = cleanCell(step.name);
    const lines = splitLines(step.description ?? '');
    if (isNotesTitle(title.replace(/:\s*$/, '')) || (lines[0] && isNotesTitle(lines[0].replace(/:\s*$/, '')))) {
      notes.push(...lines.filter((l) => !isNotesTitle(l.replace(/:\s*$/, ''))));
    } else {
      // A step's text may itself end with a "* Lưu ý:" block.
      const split = splitStepsAndNotes(lines);
      if (title && split.steps[0] !== title) steps.push(title);
      steps.push(...split.steps);
      notes.push(...split.notes);
    }
  }

  const channels: SubmissionChannel[] = (d.executionMethods ?? []).flatMap((m) => {
    const kind = METHOD_KIND[m.submissionMethod];
    if (!kind) return [];
    return [
      {
        kind,
        processingTime: duration(m.processingTime, m.processingTimeUnit, d.cases),
        fees: (m.fees ?? []).map(fee).filter((f): f is Fee => f !== null),
        // Wording that states no number stays visible in the description.
        description: [typeof m.processingTime === 'string' && !durationFromText(m.processingTime) ? cleanCell(m.processingTime) : '', cleanCell(m.description)]
          .filter(Boolean)
          .join('\n'),
      },
    ];
  });

  const documentGroups: DocumentGroup[] = [];
  for (const c of d.executionCases ?? []) {
    const title = cleanCell(c.name).replace(/^[*\s-]+/, '').replace(/\s*:\s*$/, '').trim() || DEFAULT_GROUP_TITLE;
    const items = (c.profileComponents ?? []).filter((p) => !p.isProcessingResult).map(documentItem);
    const kept = items.filter((i): i is DocumentItem => i !== null);
    if (isNotesTitle(title)) notes.push(...kept.map((i) => i.name));
    else if (kept.length > 0) documentGroups.push({ title, items: kept });
  }

  const agencies = [...new Set([...names(d.unitGroupsExecuting), ...names(d.departmentsExecuting)])];
  const authority = [...new Set([...names(d.unitGroupsAuthority), ...names(d.departmentsAuthority)])];
  const decision = cleanCell(d.procedureProposal?.proposalNumber) || cleanCell(d.decisionNo);

  return {
    source: 'portal-api-detail',
    code,
    crawledAt,
    url: d.id ? portalDetailUrl(d.id) : undefined,
    name: cleanText(d.name),
    scope: d.type === 'SPECIFIC' ? 'provincial' : d.type === 'STANDARD_INTERNAL' || d.isInternal ? 'internal' : 'national',
    levels: sortLevels(levels),
    fields: names(d.categoriesDetails),
    agencies: agencies.length > 0 ? agencies : cleanCell(d.executingAgencies) ? [cleanCell(d.executingAgencies)] : undefined,
    competentAuthority: authority.length > 0 ? authority.join(', ') : null,
    promulgatedBy: cleanCell(d.departmentPromulgateName) || null,
    applicants: names(d.subjectTypesDetails),
    decisionNumber: decision || null,
    submissionAddress: cleanCell(d.dossierReceivingAddresses) || null,
    steps,
    channels,
    documentGroups,
    notes,
    conditions: cleanCell(d.requirementsAndConditions) || null,
    results: names(d.resultsDetails),
    legalBasis: (d.legalBasisesDetails ?? [])
      .map((l) => {
        const code = cleanCell(l.code);
        const title = cleanCell(l.name);
        return legalItem(title || code, extractDocNumber(code) ?? extractDocNumber(title) ?? (code || null));
      })
      .filter((l) => l.title),
    relatedProcedures: [],
  };
}
