import { z } from 'zod';
import type { Behavior } from '../../bot/index.js';
import type { Assessment, TriageEngine, TriageMode } from '../../bot/triage/index.js';
import type { TriageDecision } from '../../knowledge/triage/index.js';

/** One line of evals/datasets/triage-*.jsonl (the shared eval format). */
export const triageEvalItemSchema = z.object({
  id: z.string(),
  turns: z.array(z.string().min(1)).min(1),
  expect: z.object({
    behavior: z.enum(['answer', 'clarify', 'refuse', 'escalate', 'urgent']).optional(),
    procedures: z.array(z.string()).optional(),
    legal_area: z.string().optional(),
  }),
});
export type TriageEvalItem = z.infer<typeof triageEvalItemSchema>;

/** The turn behaviour the skill produces for a decision (procedure answers come from Q&A). */
export function behaviorOf(decision: TriageDecision): Behavior {
  return decision === 'urgent' ? 'urgent' : decision === 'procedure' ? 'answer' : 'escalate';
}

export interface TriageMetrics {
  mode: TriageMode;
  n: number;
  escalationRecall: number;
  escalationPrecision: number;
  urgentRecall: number;
  areaAccuracy: number;
  /** Procedure questions wrongly escalated. */
  overEscalated: number;
  errors: Array<{ id: string; expected: string; got: string; area: string; gotArea: string; text: string }>;
}

const positive = (b: string) => b === 'escalate' || b === 'urgent';

/** Assesses the last turn of each item (earlier turns as context) and computes the metrics. */
export function measureTriage(engine: TriageEngine, items: readonly TriageEvalItem[], mode: TriageMode): TriageMetrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let urgent = 0;
  let urgentHit = 0;
  let areaN = 0;
  let areaOk = 0;
  let overEscalated = 0;
  const errors: TriageMetrics['errors'] = [];
  for (const item of items) {
    const turns = item.turns;
    const a: Assessment = engine.assess(turns[turns.length - 1]!, { context: turns.slice(0, -1), mode });
    const got = behaviorOf(a.decision);
    const exp = item.expect.behavior ?? 'answer';
    if (positive(exp) && positive(got)) tp++;
    else if (positive(got)) {
      fp++;
      overEscalated++;
    } else if (positive(exp)) fn++;
    if (exp === 'urgent') {
      urgent++;
      if (got === 'urgent') urgentHit++;
    }
    const areaRight = item.expect.legal_area === undefined || item.expect.legal_area === a.area;
    if (item.expect.legal_area !== undefined) {
      areaN++;
      if (areaRight) areaOk++;
    }
    const behaviourRight = positive(exp) === positive(got) && (exp !== 'urgent' || got === 'urgent');
    if (!behaviourRight || !areaRight) {
      errors.push({ id: item.id, expected: exp, got, area: item.expect.legal_area ?? '-', gotArea: a.area, text: turns.join(' || ') });
    }
  }
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
  return {
    mode,
    n: items.length,
    escalationRecall: ratio(tp, tp + fn),
    escalationPrecision: ratio(tp, tp + fp),
    urgentRecall: ratio(urgentHit, urgent),
    areaAccuracy: ratio(areaOk, areaN),
    overEscalated,
    errors,
  };
}

/**
 * Over-escalation on procedure datasets (retrieval's evals): of the items expected to be
 * answered or clarified, how many triage would take away from procedure Q&A.
 */
export function measureOverEscalation(
  engine: TriageEngine,
  items: readonly TriageEvalItem[],
  mode: TriageMode = 'combined',
): { n: number; escalated: number; examples: string[] } {
  const procedural = items.filter((i) => i.expect.behavior === 'answer' || i.expect.behavior === 'clarify');
  const examples: string[] = [];
  let escalated = 0;
  for (const item of procedural) {
    const turns = item.turns;
    const a = engine.assess(turns[turns.length - 1]!, { context: turns.slice(0, -1), mode });
    if (a.decision !== 'procedure') {
      escalated++;
      examples.push(`${item.id}\t${a.decision}\t${turns.join(' || ')}`);
    }
  }
  return { n: procedural.length, escalated, examples };
}

/** Parses JSONL eval lines with a precise error per bad line. */
export function parseTriageEvalJsonl(text: string, file: string): TriageEvalItem[] {
  return text
    .split('\n')
    .map((line, i) => [line, i] as const)
    .filter(([line]) => line.trim() !== '')
    .map(([line, i]) => {
      const parsed = triageEvalItemSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
      return parsed.data;
    });
}
