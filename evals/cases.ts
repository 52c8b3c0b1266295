import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '../knowledge/index.js';

/**
 * The eval case format shared by every issue (one JSON object per line):
 * `{"id","turns":[...],"expect":{"behavior","procedures","legal_area","form","profile"}}`.
 * Extra keys (`tags`, `source`, `note`, ...) are allowed and ignored by the metrics.
 */

export const behaviorSchema = z.enum(['answer', 'clarify', 'refuse', 'escalate', 'urgent']);
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
      })
      .passthrough()
      .refine(
        (e) => e.behavior !== undefined || (e.procedures?.length ?? 0) > 0 || e.legal_area !== undefined || e.form !== undefined || e.profile !== undefined,
        'expect must state at least one of behavior, procedures, legal_area, form, profile',
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
      json = JSON.parse(t);
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
    cases.push(parsed.data);
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
