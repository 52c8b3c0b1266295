import { expectedBehavior, type Behavior, type EvalCase } from './cases.js';
import type { EvalTurnResult } from './subject.js';

/** One case as run: what was expected, what the subject did, what the baseline ranked. */
export interface CaseOutcome {
  case: EvalCase;
  result: EvalTurnResult;
  baseline?: { code: string }[];
}

export interface RetrievalMetrics {
  n: number;
  recall_at_1: number;
  recall_at_5: number;
  mrr: number;
}

export interface EvalReport {
  cases: number;
  subject?: string;
  retrieval?: RetrievalMetrics;
  behavior?: { n: number; accuracy: number; by_label: Record<string, { precision: number; recall: number; n: number }> };
  escalation?: { n: number; recall: number; precision: number };
  urgent?: { n: number; recall: number };
  legal_area?: { n: number; accuracy: number };
  form?: { n: number; accuracy: number };
  prefill?: { n_fields: number; accuracy: number };
  latency_ms?: { p50: number; p95: number };
  /** Answers whose numbers, quoted names and links were all found in the cited records (bot subject). */
  grounding?: { n: number; pass_rate: number };
  baseline?: { retrieval: RetrievalMetrics };
}

const r4 = (x: number) => Math.round(x * 10000) / 10000;

/** Nearest-rank percentile of `values` (0 < p <= 1). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1]!;
}

/** Rank (1-based) of the first acceptable code in `ranked`, or 0 when absent. */
export function firstRelevantRank(ranked: readonly { code: string }[], acceptable: readonly string[]): number {
  const i = ranked.findIndex((r) => acceptable.includes(r.code));
  return i < 0 ? 0 : i + 1;
}

/** Retrieval cases: those expecting an answer with procedures. */
export function isRetrievalCase(c: EvalCase): boolean {
  return expectedBehavior(c) === 'answer' && (c.expect.procedures?.length ?? 0) > 0;
}

export function retrievalMetrics(rows: { ranked: readonly { code: string }[]; acceptable: readonly string[] }[]): RetrievalMetrics | undefined {
  if (rows.length === 0) return undefined;
  let r1 = 0;
  let r5 = 0;
  let mrr = 0;
  for (const row of rows) {
    const rank = firstRelevantRank(row.ranked, row.acceptable);
    if (rank === 1) r1++;
    if (rank >= 1 && rank <= 5) r5++;
    if (rank >= 1) mrr += 1 / rank;
  }
  const n = rows.length;
  return { n, recall_at_1: r4(r1 / n), recall_at_5: r4(r5 / n), mrr: r4(mrr / n) };
}

/** Prefill values match after NFC and whitespace folding; name-like fields ignore case. */
export function prefillValueMatches(field: string, expected: string, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  const norm = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();
  const a = norm(actual);
  const e = norm(expected);
  return /ten|name/i.test(field) ? a.toLocaleLowerCase('vi') === e.toLocaleLowerCase('vi') : a === e;
}

const norm = (s: string) => s.normalize('NFC').trim().toLowerCase();

export function computeReport(outcomes: readonly CaseOutcome[], subject?: string): EvalReport {
  const report: EvalReport = { cases: outcomes.length, subject };

  const retrieval = outcomes.filter((o) => isRetrievalCase(o.case));
  const rm = retrievalMetrics(retrieval.map((o) => ({ ranked: o.result.procedures, acceptable: o.case.expect.procedures! })));
  if (rm) report.retrieval = rm;

  const withBehavior = outcomes.filter((o) => o.case.expect.behavior !== undefined);
  if (withBehavior.length > 0) {
    const labels = new Set<Behavior>();
    for (const o of withBehavior) {
      labels.add(o.case.expect.behavior!);
      labels.add(o.result.behavior);
    }
    const by_label: Record<string, { precision: number; recall: number; n: number }> = {};
    for (const label of [...labels].sort()) {
      const tp = withBehavior.filter((o) => o.case.expect.behavior === label && o.result.behavior === label).length;
      const expected = withBehavior.filter((o) => o.case.expect.behavior === label).length;
      const predicted = withBehavior.filter((o) => o.result.behavior === label).length;
      by_label[label] = { precision: r4(predicted ? tp / predicted : 0), recall: r4(expected ? tp / expected : 0), n: expected };
    }
    const correct = withBehavior.filter((o) => o.case.expect.behavior === o.result.behavior).length;
    report.behavior = { n: withBehavior.length, accuracy: r4(correct / withBehavior.length), by_label };

    const positive = (b: Behavior | undefined) => b === 'escalate' || b === 'urgent';
    const expectedPos = withBehavior.filter((o) => positive(o.case.expect.behavior));
    if (expectedPos.length > 0) {
      const predictedPos = withBehavior.filter((o) => positive(o.result.behavior));
      const tp = expectedPos.filter((o) => positive(o.result.behavior)).length;
      report.escalation = {
        n: expectedPos.length,
        recall: r4(tp / expectedPos.length),
        precision: r4(predictedPos.length ? tp / predictedPos.length : 0),
      };
    }
    const urgent = withBehavior.filter((o) => o.case.expect.behavior === 'urgent');
    if (urgent.length > 0) {
      report.urgent = { n: urgent.length, recall: r4(urgent.filter((o) => o.result.behavior === 'urgent').length / urgent.length) };
    }
  }

  const areas = outcomes.filter((o) => o.case.expect.legal_area !== undefined);
  if (areas.length > 0) {
    const ok = areas.filter((o) => o.result.legalArea !== undefined && norm(o.result.legalArea) === norm(o.case.expect.legal_area!)).length;
    report.legal_area = { n: areas.length, accuracy: r4(ok / areas.length) };
  }

  const forms = outcomes.filter((o) => o.case.expect.form !== undefined);
  if (forms.length > 0) {
    const ok = forms.filter((o) => o.result.form !== undefined && norm(o.result.form) === norm(o.case.expect.form!)).length;
    report.form = { n: forms.length, accuracy: r4(ok / forms.length) };
  }

  let fields = 0;
  let fieldsOk = 0;
  for (const o of outcomes) {
    for (const [k, v] of Object.entries(o.case.expect.profile ?? {})) {
      fields++;
      if (prefillValueMatches(k, v, o.result.profile?.[k])) fieldsOk++;
    }
  }
  if (fields > 0) report.prefill = { n_fields: fields, accuracy: r4(fieldsOk / fields) };

  const lat = outcomes.map((o) => o.result.latencyMs);
  if (lat.length > 0) report.latency_ms = { p50: r4(percentile(lat, 0.5)), p95: r4(percentile(lat, 0.95)) };

  const checked = outcomes.filter((o) => o.result.grounding !== undefined);
  if (checked.length > 0) report.grounding = { n: checked.length, pass_rate: r4(checked.filter((o) => o.result.grounding!.ok).length / checked.length) };

  const withBaseline = retrieval.filter((o) => o.baseline !== undefined);
  const bm = retrievalMetrics(withBaseline.map((o) => ({ ranked: o.baseline!, acceptable: o.case.expect.procedures! })));
  if (bm) report.baseline = { retrieval: bm };
  return report;
}
