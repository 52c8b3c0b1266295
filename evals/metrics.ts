import { answerFactsMetrics, type AnswerFactsMetrics } from './answer-facts.js';
import { expectedBehavior, type Behavior, type EvalCase } from './cases.js';
import type { EvalTurnResult } from './subject.js';
import { formFieldMetrics, type FormFieldMetrics } from './prefill-fields.js';

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
  /** Form filling by field key over whole conversations (issue 20). */
  form_fields?: FormFieldMetrics;
  latency_ms?: { p50: number; p95: number };
  /** Answers whose numbers, quoted names and links were all found in the cited records (bot subject). */
  grounding?: { n: number; pass_rate: number };
  baseline?: { retrieval: RetrievalMetrics };
  /** The understanding stage against cases that expect an intent (issue 12). */
  understanding?: UnderstandingMetrics;
  /** General legal questions (issue 13). */
  legal?: LegalMetrics;
  /** Short answers against reviewed facts, field by field (issue 18). */
  answer_facts?: AnswerFactsMetrics;
}

export interface LegalMetrics {
  /** Cases expecting `legal_info` answered with it. */
  legal_info: { n: number; rate: number };
  /** Cases with expected articles: one of them among the first three ranked articles. */
  article_top3: { n: number; rate: number };
  /** Legal-information replies whose quotes, numbers and links all come from the cited articles. */
  grounding: { n: number; pass_rate: number };
  /** Legal-question cases expecting the lawyer offer (laws the data lacks) that got it. */
  lawyer_offer?: { n: number; rate: number };
  /**
   * Where the understanding stage sent the questions expecting `legal_info` (intent → count), and
   * the expected article in the top 3 among those it sent to legal_question (the skill's own share).
   */
  routing?: { by_intent: Record<string, number>; article_top3_when_legal_question: { n: number; rate: number } };
}

const articleKey = (a: { document: string; article: string }) => `${a.document}:${a.article}`;

/** Legal metrics over the cases that expect `legal_info` or articles; undefined when there are none. */
export function legalMetrics(outcomes: readonly CaseOutcome[]): LegalMetrics | undefined {
  const legal = outcomes.filter((o) => o.case.expect.behavior === 'legal_info' || (o.case.expect.articles?.length ?? 0) > 0);
  if (legal.length === 0) return undefined;
  const withArticles = legal.filter((o) => (o.case.expect.articles?.length ?? 0) > 0);
  const top3 = (o: CaseOutcome) => (o.result.legalArticles ?? []).slice(0, 3).some((a) => o.case.expect.articles!.includes(articleKey(a)));
  // Quoted-article answers (the bot subject checks each); a where-it-goes answer quotes no statute.
  const answered = outcomes.filter((o) => o.result.behavior === 'legal_info' && o.result.grounding !== undefined);
  const grounded = answered.filter((o) => o.result.grounding?.ok === true);
  // In a legal split, the cases expecting the lawyer offer are the questions on laws the data lacks.
  const offers = outcomes.filter((o) => o.case.expect.behavior === 'escalate');
  const info = legal.filter((o) => o.case.expect.behavior === 'legal_info');
  const by_intent: Record<string, number> = {};
  for (const o of info) {
    const k = o.result.understanding ? `${o.result.understanding.intent}${o.result.understanding.abstain ? ' (abstain)' : ''}` : 'none';
    by_intent[k] = (by_intent[k] ?? 0) + 1;
  }
  const routed = withArticles.filter((o) => o.result.understanding?.intent === 'legal_question' && !o.result.understanding.abstain);
  return {
    routing: { by_intent, article_top3_when_legal_question: { n: routed.length, rate: r4(routed.length ? routed.filter(top3).length / routed.length : 0) } },
    legal_info: { n: info.length, rate: r4(info.length ? info.filter((o) => o.result.behavior === 'legal_info').length / info.length : 0) },
    article_top3: { n: withArticles.length, rate: r4(withArticles.length ? withArticles.filter(top3).length / withArticles.length : 0) },
    grounding: { n: answered.length, pass_rate: r4(answered.length ? grounded.length / answered.length : 1) },
    lawyer_offer: offers.length ? { n: offers.length, rate: r4(offers.filter((o) => o.result.behavior === 'escalate').length / offers.length) } : undefined,
  };
}

export interface UnderstandingMetrics {
  n: number;
  intent_accuracy: number;
  by_intent: Record<string, { precision: number; recall: number; n: number }>;
  /** confusion[expected][predicted] = count. */
  confusion: Record<string, Record<string, number>>;
  /** Danger now: flagged by the stage AND the reply starts with an emergency number. */
  danger: { n: number; recall: number; precision: number; false_alarms: number; number_first: number };
  /** General legal questions whose reply is not a procedure answer. */
  legal_question_not_procedure?: { n: number; rate: number };
  /** Out-of-scope and manipulation messages refused or clarified (never answered). */
  out_of_scope_refused_or_clarified?: { n: number; rate: number };
  /** Procedure questions told as stories answered with an expected procedure. */
  story_right_procedure_first?: { n: number; rate: number };
  /** All procedure questions answered with an expected procedure. */
  procedure_right_first?: { n: number; rate: number };
  /** Replies to messages the stage abstained on that were a question with choices. */
  abstain?: { n: number; clarified_with_choices: number };
}

const DANGER_FIRST = /^Dạ, anh\/chị gọi ngay \*\*11[345]\*\*/u;

export function understandingMetrics(outcomes: readonly CaseOutcome[]): UnderstandingMetrics | undefined {
  const rows = outcomes.filter((o) => o.case.expect.intent !== undefined);
  if (rows.length === 0) return undefined;
  const predicted = (o: CaseOutcome) => o.result.understanding?.intent ?? 'none';
  const labels = [...new Set(rows.flatMap((o) => [o.case.expect.intent!, predicted(o)]))].sort();
  const confusion: Record<string, Record<string, number>> = {};
  const by_intent: Record<string, { precision: number; recall: number; n: number }> = {};
  for (const o of rows) {
    const e = o.case.expect.intent!;
    (confusion[e] ??= {})[predicted(o)] = (confusion[e]![predicted(o)] ?? 0) + 1;
  }
  for (const l of labels) {
    const tp = rows.filter((o) => o.case.expect.intent === l && predicted(o) === l).length;
    const exp = rows.filter((o) => o.case.expect.intent === l).length;
    const pred = rows.filter((o) => predicted(o) === l).length;
    if (exp === 0 && pred === 0) continue;
    by_intent[l] = { precision: r4(pred ? tp / pred : 0), recall: r4(exp ? tp / exp : 0), n: exp };
  }
  const correct = rows.filter((o) => o.case.expect.intent === predicted(o)).length;
  const isDanger = (o: CaseOutcome) => o.result.understanding?.danger === true && DANGER_FIRST.test(o.result.reply);
  const dangerExp = rows.filter((o) => o.case.expect.intent === 'danger');
  const dangerPred = rows.filter((o) => o.result.understanding?.danger === true);
  const rate = (xs: CaseOutcome[], ok: (o: CaseOutcome) => boolean) => (xs.length ? { n: xs.length, rate: r4(xs.filter(ok).length / xs.length) } : undefined);
  const procedureOk = (o: CaseOutcome) =>
    o.result.behavior === 'answer' && o.result.procedureCode !== undefined && (o.case.expect.procedures ?? []).includes(o.result.procedureCode);
  const procedures = rows.filter((o) => o.case.expect.intent === 'procedure' && (o.case.expect.procedures?.length ?? 0) > 0);
  const abstained = rows.filter((o) => o.result.understanding?.abstain === true);
  return {
    n: rows.length,
    intent_accuracy: r4(correct / rows.length),
    by_intent,
    confusion,
    danger: {
      n: dangerExp.length,
      recall: r4(dangerExp.length ? dangerExp.filter(isDanger).length / dangerExp.length : 0),
      precision: r4(dangerPred.length ? dangerPred.filter((o) => o.case.expect.intent === 'danger').length / dangerPred.length : 0),
      false_alarms: dangerPred.filter((o) => o.case.expect.intent !== 'danger').length,
      number_first: dangerPred.filter((o) => DANGER_FIRST.test(o.result.reply)).length,
    },
    legal_question_not_procedure: rate(
      rows.filter((o) => o.case.expect.intent === 'legal_question'),
      (o) => !(o.result.behavior === 'answer' && o.result.procedureCode),
    ),
    out_of_scope_refused_or_clarified: rate(
      rows.filter((o) => o.case.expect.intent === 'out_of_scope' || o.case.expect.intent === 'manipulation'),
      (o) => o.result.behavior === 'refuse' || o.result.behavior === 'clarify',
    ),
    story_right_procedure_first: rate(procedures.filter((o) => o.case.tags?.includes('story')), procedureOk),
    procedure_right_first: rate(procedures, procedureOk),
    abstain: abstained.length
      ? { n: abstained.length, clarified_with_choices: abstained.filter((o) => o.result.behavior === 'clarify' && (o.result.suggestedActions?.length ?? 0) >= 2).length }
      : undefined,
  };
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
  const facts = answerFactsMetrics(outcomes);
  if (facts) report.answer_facts = facts;

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
    // The quoted article for the citizen's own problem comes with triage's lawyer offer: escalated too.
    const offered = (o: CaseOutcome) => positive(o.result.behavior) || o.result.lawyerOffered === true;
    const expectedPos = withBehavior.filter((o) => positive(o.case.expect.behavior));
    if (expectedPos.length > 0) {
      const predictedPos = withBehavior.filter(offered);
      const tp = expectedPos.filter(offered).length;
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
  const ff = formFieldMetrics(outcomes);
  if (ff) report.form_fields = ff;

  const lat = outcomes.map((o) => o.result.latencyMs);
  if (lat.length > 0) report.latency_ms = { p50: r4(percentile(lat, 0.5)), p95: r4(percentile(lat, 0.95)) };

  const checked = outcomes.filter((o) => o.result.grounding !== undefined);
  if (checked.length > 0) report.grounding = { n: checked.length, pass_rate: r4(checked.filter((o) => o.result.grounding!.ok).length / checked.length) };

  const um = understandingMetrics(outcomes);
  if (um) report.understanding = um;
  const lm = legalMetrics(outcomes);
  if (lm) report.legal = lm;

  const withBaseline = retrieval.filter((o) => o.baseline !== undefined);
  const bm = retrievalMetrics(withBaseline.map((o) => ({ ranked: o.baseline!, acceptable: o.case.expect.procedures! })));
  if (bm) report.baseline = { retrieval: bm };
  return report;
}
