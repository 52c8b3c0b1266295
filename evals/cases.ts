import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '../knowledge/index.js';
import { canonicalDocument } from '../knowledge/statutes/index.js';
import { splitOutsideParens } from './answer-facts.js';
import { intentSchema, type Intent } from '../knowledge/understanding/index.js';

/**
 * The eval case format shared by every issue (one JSON object per line):
 * `{"id","turns":[...],"expect":{"behavior","procedures","legal_area","form","profile"}}`.
 * Extra keys (`tags`, `source`, `note`, ...) are allowed and ignored by the metrics.
 */

export const behaviorSchema = z.enum(['answer', 'clarify', 'refuse', 'escalate', 'urgent', 'legal_info']);
export type Behavior = z.infer<typeof behaviorSchema>;

export const evalCaseSchema = z
  .object({
    id: z.string().min(1),
    turns: z.array(z.string().min(1, 'a turn must not be empty')).min(1, 'turns must have at least one message'),
    expect: z
      .object({
        behavior: behaviorSchema.optional(),
        /** Acceptable procedure codes for the last turn (any one counts). */
        procedures: z.array(z.string().regex(/^\d\.\d{6}$/, 'procedure codes look like "1.001193"')).optional(),
        legal_area: z.string().min(1).optional(),
        form: z.string().min(1).optional(),
        profile: z.record(z.string()).optional(),
        /** The understanding stage's intent for the last turn (issue 12). */
        intent: intentSchema.optional(),
        /** Acceptable statute articles for a legal question, any one in the top 3 counts ("91/2015/QH13:623", issue 13). */
        articles: z.array(z.string().regex(/^[^:]+:\d+[a-z]?$/, 'articles look like "91/2015/QH13:623"')).optional(),
      })
      .passthrough()
      .refine(
        (e) =>
          e.behavior !== undefined || (e.procedures?.length ?? 0) > 0 || e.legal_area !== undefined || e.form !== undefined || e.profile !== undefined || e.intent !== undefined || (e.articles?.length ?? 0) > 0,
        'expect must state at least one of behavior, procedures, legal_area, form, profile, intent, articles',
      ),
    tags: z.array(z.string()).optional(),
  })
  .passthrough();
export type EvalCase = z.infer<typeof evalCaseSchema>;

/**
 * Parses a JSONL case file. Blank lines and lines starting with `//` are skipped.
 * Throws `AppError('bad_request:eval_cases')` naming the file, the line and the reason.
 */
export function parseCases(text: string, file = '<cases>'): EvalCase[] {
  const cases: EvalCase[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const t = raw.trim();
    if (t === '' || t.startsWith('//')) return;
    let json: unknown;
    try {
      json = fromLegalShape(fromUnderstandingShape(fromReviewedShape(JSON.parse(t))));
    } catch (err) {
      throw new AppError('bad_request:eval_cases', `${file}:${line}: not valid JSON (${(err as Error).message})`);
    }
    const parsed = evalCaseSchema.safeParse(json);
    if (!parsed.success) {
      const why = parsed.error.issues.map((iss) => `${iss.path.join('.') || '(case)'}: ${iss.message}`).join('; ');
      throw new AppError('bad_request:eval_cases', `${file}:${line}: ${why}`);
    }
    const prev = seen.get(parsed.data.id);
    if (prev !== undefined) {
      throw new AppError('bad_request:eval_cases', `${file}:${line}: duplicate id "${parsed.data.id}" (first on line ${prev})`);
    }
    seen.set(parsed.data.id, line);
    // A writer may cite the land law by its consolidated text ("45/VBHN-VPQH:220"): the same article as stored.
    const articles = parsed.data.expect.articles?.map((a) => `${canonicalDocument(a.slice(0, a.lastIndexOf(':')))}${a.slice(a.lastIndexOf(':'))}`);
    cases.push(articles ? { ...parsed.data, expect: { ...parsed.data.expect, articles } } : parsed.data);
  });
  if (cases.length === 0) throw new AppError('bad_request:eval_cases', `${file}: no cases`);
  return cases;
}

export async function loadCases(file: string): Promise<EvalCase[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new AppError('not_found:eval_cases', `${file}: cannot read (${(err as Error).message})`, { cause: err });
  }
  return parseCases(text, file);
}

/** The behaviour a case expects, with `answer` implied by expected procedures. */
export function expectedBehavior(c: EvalCase): Behavior | undefined {
  return c.expect.behavior ?? ((c.expect.procedures?.length ?? 0) > 0 ? 'answer' : undefined);
}

/**
 * The behaviour each intent must lead to (issue 12). `form_*`, `procedure` and
 * `legal_question` are judged otherwise (a legal question may get the quoted article,
 * `legal_info`, or the lawyer offer, `escalate`: never a procedure card).
 */
export const BEHAVIOR_OF_INTENT: Partial<Record<Intent, Behavior>> = {
  danger: 'urgent',
  legal_problem: 'escalate',
  handoff: 'escalate',
  out_of_scope: 'refuse',
  manipulation: 'refuse',
  privacy: 'answer',
  followup: 'answer',
};

/**
 * The understanding splits are written as `{"id","context":[...],"text","intent",
 * "expected_procedures","story","danger_kind","register"}` (one message to classify,
 * earlier messages as context). They map onto the common case shape: turns = context +
 * text; expect = intent (+ procedures, + the behaviour the intent implies); tags keep the
 * register, "story" and the danger kind.
 */
function fromUnderstandingShape(json: unknown): unknown {
  if (typeof json !== 'object' || json === null || 'turns' in json || !('text' in json) || !('intent' in json)) return json;
  const j = json as { id?: unknown; context?: unknown; text: unknown; intent: unknown; expected_procedures?: unknown; story?: unknown; danger_kind?: unknown; register?: unknown };
  const context = Array.isArray(j.context) ? j.context : [];
  const intent = intentSchema.safeParse(j.intent);
  const tags = [typeof j.register === 'string' ? `register:${j.register}` : undefined, j.story === true ? 'story' : undefined, typeof j.danger_kind === 'string' ? `danger:${j.danger_kind}` : undefined].filter(
    (x): x is string => x !== undefined,
  );
  return {
    ...j,
    turns: [...context, j.text],
    expect: {
      intent: j.intent,
      ...(Array.isArray(j.expected_procedures) && j.expected_procedures.length ? { procedures: j.expected_procedures } : {}),
      ...(intent.success && BEHAVIOR_OF_INTENT[intent.data] ? { behavior: BEHAVIOR_OF_INTENT[intent.data] } : {}),
    },
    tags,
  };
}

/**
 * The reviewed short-answer sets (issue 18) are written as `{"id","question","acceptable_codes",
 * "where","documents_main","documents_not","fee_vnd","time_value","time_unit",...}`: one
 * question; expect = an answer with one of the codes, and the facts to check field by field
 * (`evals/answer-facts.ts`).
 */
function fromReviewedShape(json: unknown): unknown {
  if (typeof json !== 'object' || json === null || 'turns' in json || !('question' in json) || !('acceptable_codes' in json)) return json;
  const j = json as Record<string, unknown>;
  const list = (k: string) => (Array.isArray(j[k]) ? (j[k] as unknown[]).filter((x): x is string => typeof x === 'string') : undefined);
  // A place may be written as one string ("A (…); trực tuyến qua …; qua bưu chính"): its places are the
  // parts between semicolons outside brackets, as a list would hold them.
  const places = (k: string) => (typeof j[k] === 'string' ? splitOutsideParens(j[k] as string, ';') : list(k));
  const num = (k: string) => (typeof j[k] === 'number' ? (j[k] as number) : j[k] === null ? null : undefined);
  return {
    ...j,
    turns: [j.question],
    expect: {
      behavior: 'answer',
      // The audited record's own code is always right; a writer may list only the other codes
      // that are equally right (the same procedure under another code or level).
      procedures: [...new Set([...(typeof j.code === 'string' ? [j.code] : []), ...(list('acceptable_codes') ?? [])])],
      facts: {
        where: places('where'),
        documents_main: list('documents_main'),
        documents_not: list('documents_not'),
        documents_conditional: Array.isArray(j.documents_conditional)
          ? (j.documents_conditional as unknown[]).flatMap((c) => (typeof c === 'object' && c !== null && Array.isArray((c as { documents?: unknown }).documents) ? ((c as { documents: unknown[] }).documents.filter((x): x is string => typeof x === 'string')) : []))
          : undefined,
        fee_vnd: num('fee_vnd'),
        time_value: num('time_value'),
        time_unit: typeof j.time_unit === 'string' ? j.time_unit : null,
      },
    },
  };
}

/**
 * The legal-question splits are written as `{"id","question","behavior","articles",...}`
 * (issue 13): one question; turns = [question]; expect = behaviour (+ articles).
 */
function fromLegalShape(json: unknown): unknown {
  if (typeof json !== 'object' || json === null || 'turns' in json || !('question' in json)) return json;
  const j = json as { question: unknown; behavior?: unknown; articles?: unknown };
  const articles = Array.isArray(j.articles) && j.articles.length > 0 ? { articles: j.articles } : {};
  return { ...j, turns: [j.question], expect: { ...(j.behavior !== undefined ? { behavior: j.behavior } : {}), ...articles } };
}
