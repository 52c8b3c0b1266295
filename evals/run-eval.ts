#!/usr/bin/env node
/**
 * `npm run eval -- --cases FILE [--cases FILE2 ...] [--json] [--baseline] [--strip-diacritics]
 *                 [--subject bot|retriever] [--failures] [--out report.json]`
 *
 * Runs every case through a subject (default: the bot when `evals/subjects/bot-subject.ts`
 * exists, otherwise the retriever alone), prints a table, and with `--json` prints one
 * JSON object as the last line of stdout.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { foldDiacritics } from '../retrieval/index.js';
import { loadCases, type EvalCase } from './cases.js';
import { computeReport, firstRelevantRank, isRetrievalCase, type CaseOutcome, type EvalReport } from './metrics.js';
import { defaultSubject, loadSubjectFactory } from './subjects/index.js';
import { answerFactsFailures } from './answer-facts.js';
import { formatFormFieldFailures, formatFormFieldMetrics } from './prefill-fields.js';

export interface EvalRunOptions {
  cases: EvalCase[];
  subject: string;
  dataDir: string;
  baseline?: boolean;
  stripDiacritics?: boolean;
}

/** Runs the cases and returns per-case outcomes plus the report (used by the CLI and by tests). */
export async function runEval(opts: EvalRunOptions): Promise<{ outcomes: CaseOutcome[]; report: EvalReport }> {
  const factory = await loadSubjectFactory(opts.subject);
  const subject = await factory({ dataDir: opts.dataDir });
  let baseline: { search(q: string, limit?: number): { code: string }[] } | undefined;
  if (opts.baseline) {
    const { loadCatalogue } = await import('../knowledge/index.js');
    const { BaselineSearch } = await import('./baseline.js');
    baseline = new BaselineSearch((await loadCatalogue()).all());
  }
  const outcomes: CaseOutcome[] = [];
  try {
    for (const c of opts.cases) {
      const turns = opts.stripDiacritics ? c.turns.map((t) => foldDiacritics(t)) : c.turns;
      const result = await subject.runConversation(turns);
      const outcome: CaseOutcome = { case: c, result };
      if (baseline && isRetrievalCase(c)) outcome.baseline = baseline.search(turns.join(' '), 10);
      outcomes.push(outcome);
    }
  } finally {
    await subject.close?.();
  }
  return { outcomes, report: computeReport(outcomes, subject.name) };
}

function fmt(x: number | undefined, digits = 3): string {
  return x === undefined ? '-' : x.toFixed(digits);
}

/** The human-readable table. */
export function formatReport(report: EvalReport, label: string): string {
  const lines: string[] = [];
  lines.push(`Eval: ${label}  (subject: ${report.subject ?? '?'}, ${report.cases} cases)`);
  lines.push('');
  lines.push('metric                      ours      baseline');
  lines.push('--------------------------  --------  --------');
  const r = report.retrieval;
  const b = report.baseline?.retrieval;
  if (r) {
    lines.push(`retrieval n                 ${String(r.n).padEnd(8)}  ${b ? String(b.n) : '-'}`);
    lines.push(`recall@1                    ${fmt(r.recall_at_1).padEnd(8)}  ${fmt(b?.recall_at_1)}`);
    lines.push(`recall@5                    ${fmt(r.recall_at_5).padEnd(8)}  ${fmt(b?.recall_at_5)}`);
    lines.push(`mrr                         ${fmt(r.mrr).padEnd(8)}  ${fmt(b?.mrr)}`);
    if (b && b.recall_at_1 > 0) lines.push(`recall@1 ratio vs baseline  ${fmt(r.recall_at_1 / b.recall_at_1, 2)}x`);
  }
  if (report.behavior) {
    lines.push(`behaviour accuracy (n=${report.behavior.n})`.padEnd(28) + fmt(report.behavior.accuracy));
    for (const [label, m] of Object.entries(report.behavior.by_label)) {
      lines.push(`  ${label.padEnd(9)} n=${String(m.n).padEnd(4)} precision ${fmt(m.precision)}  recall ${fmt(m.recall)}`);
    }
  }
  if (report.escalation) lines.push(`escalation (n=${report.escalation.n})`.padEnd(28) + `recall ${fmt(report.escalation.recall)}  precision ${fmt(report.escalation.precision)}`);
  if (report.urgent) lines.push(`urgent (n=${report.urgent.n})`.padEnd(28) + `recall ${fmt(report.urgent.recall)}`);
  if (report.legal_area) lines.push(`legal area (n=${report.legal_area.n})`.padEnd(28) + `accuracy ${fmt(report.legal_area.accuracy)}`);
  if (report.form) lines.push(`form (n=${report.form.n})`.padEnd(28) + `accuracy ${fmt(report.form.accuracy)}`);
  if (report.prefill) lines.push(`prefill (fields=${report.prefill.n_fields})`.padEnd(28) + `accuracy ${fmt(report.prefill.accuracy)}`);
  if (report.form_fields) lines.push(...formatFormFieldMetrics(report.form_fields));
  if (report.grounding) lines.push(`grounding (n=${report.grounding.n})`.padEnd(28) + `pass rate ${fmt(report.grounding.pass_rate)}`);
  const u = report.understanding;
  if (u) {
    lines.push('', `understanding (n=${u.n})`.padEnd(28) + `intent accuracy ${fmt(u.intent_accuracy)}`);
    for (const [label, m] of Object.entries(u.by_intent)) {
      lines.push(`  ${label.padEnd(15)} n=${String(m.n).padEnd(4)} precision ${fmt(m.precision)}  recall ${fmt(m.recall)}`);
    }
    lines.push(
      `danger now (n=${u.danger.n})`.padEnd(28) +
        `recall ${fmt(u.danger.recall)}  precision ${fmt(u.danger.precision)}  false alarms ${u.danger.false_alarms}  number first ${u.danger.number_first}`,
    );
    const rate = (name: string, x?: { n: number; rate: number }) => x && lines.push(`${name} (n=${x.n})`.padEnd(40) + fmt(x.rate));
    rate('legal question not answered as procedure', u.legal_question_not_procedure);
    rate('out of scope refused or clarified', u.out_of_scope_refused_or_clarified);
    rate('story: right procedure answered', u.story_right_procedure_first);
    rate('procedure: right procedure answered', u.procedure_right_first);
    if (u.abstain) lines.push(`abstained (n=${u.abstain.n})`.padEnd(40) + `clarified with choices ${u.abstain.clarified_with_choices}`);
    const labels = Object.keys(u.confusion).sort();
    const cols = [...new Set(Object.values(u.confusion).flatMap((r) => Object.keys(r)))].sort();
    const short = (l: string) => l.slice(0, 6).padStart(6);
    lines.push('', 'confusion (rows expected, columns predicted)', `${''.padEnd(15)}${cols.map(short).join(' ')}`);
    for (const l of labels) lines.push(`${l.padEnd(15)}${cols.map((c) => String(u.confusion[l]![c] ?? '').padStart(6)).join(' ')}`);
    lines.push('');
  }
  const lg = report.legal;
  if (lg) {
    lines.push(`legal_info behaviour (n=${lg.legal_info.n})`.padEnd(40) + fmt(lg.legal_info.rate));
    lines.push(`expected article in top 3 (n=${lg.article_top3.n})`.padEnd(40) + fmt(lg.article_top3.rate));
    lines.push(`legal grounding (n=${lg.grounding.n})`.padEnd(40) + fmt(lg.grounding.pass_rate));
    if (lg.lawyer_offer) lines.push(`lawyer offer where expected (n=${lg.lawyer_offer.n})`.padEnd(40) + fmt(lg.lawyer_offer.rate));
    if (lg.routing) {
      const t = lg.routing.article_top3_when_legal_question;
      lines.push(`  routed to legal_question: top 3 (n=${t.n})`.padEnd(40) + fmt(t.rate));
      lines.push(`  understanding of legal_info cases: ${Object.entries(lg.routing.by_intent).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    }
  }
  const af = report.answer_facts;
  if (af) {
    lines.push(`short answers vs reviewed facts (n=${af.n})`.padEnd(40) + `procedure ${fmt(af.procedure_right)}  fully right ${fmt(af.fully_right)}`);
    for (const [field, m] of Object.entries(af.by_field)) lines.push(`  ${field.padEnd(14)} n=${String(m.n).padEnd(4)} ${fmt(m.rate)}`);
  }
  if (report.latency_ms) lines.push(`latency ms`.padEnd(28) + `p50 ${fmt(report.latency_ms.p50, 2)}  p95 ${fmt(report.latency_ms.p95, 2)}`);
  return lines.join('\n');
}

function formatFailures(outcomes: CaseOutcome[]): string {
  const lines: string[] = ['', 'Failures:'];
  for (const o of outcomes) {
    const exp = o.case.expect;
    const rank = exp.procedures ? firstRelevantRank(o.result.procedures, exp.procedures) : -1;
    const behaviourWrong = exp.behavior !== undefined && exp.behavior !== o.result.behavior;
    const rankWrong = isRetrievalCase(o.case) && rank !== 1;
    const intentWrong = exp.intent !== undefined && exp.intent !== o.result.understanding?.intent;
    const articlesWrong = (exp.articles?.length ?? 0) > 0 && !(o.result.legalArticles ?? []).slice(0, 3).some((a) => exp.articles!.includes(`${a.document}:${a.article}`));
    if (!behaviourWrong && !rankWrong && !intentWrong && !articlesWrong) continue;
    if (exp.articles || exp.behavior === 'legal_info') {
      const top = (o.result.legalArticles ?? []).slice(0, 3).map((a) => `${a.document}:${a.article} ${a.title.slice(0, 40)}`).join(' | ');
      lines.push(`- ${o.case.id} [${o.case.turns.join(' // ').slice(0, 120)}] expect ${exp.behavior ?? '-'} ${exp.articles?.join(',') ?? ''}; got ${o.result.behavior} (${o.result.understanding?.intent ?? '-'}) top: ${top}${o.result.grounding && !o.result.grounding.ok ? ` GROUNDING ${o.result.grounding.violations.join('; ')}` : ''}`);
      continue;
    }
    if (intentWrong) {
      const u = o.result.understanding;
      lines.push(`- ${o.case.id} [${o.case.turns.join(' // ').slice(0, 140)}] intent ${exp.intent} got ${u?.intent ?? '-'} ${u?.confidence ?? ''}${u?.danger ? ' DANGER' : ''}; behaviour ${o.result.behavior}`);
      continue;
    }
    const top = o.result.procedures.slice(0, 3).map((p) => `${p.code} ${p.name.slice(0, 60)}`).join(' | ');
    lines.push(
      `- ${o.case.id} [${o.case.turns.join(' // ').slice(0, 120)}] expect ${exp.behavior ?? '-'} ${exp.procedures?.join(',') ?? ''}; got ${o.result.behavior} rank=${rank} top: ${top}`,
    );
  }
  lines.push(...formatFormFieldFailures(outcomes));
  return lines.join('\n');
}

const USAGE = `Usage: npm run eval -- --cases FILE [--cases FILE2 ...] [--json] [--baseline] [--strip-diacritics]
                        [--subject bot|retriever] [--failures] [--out report.json] [--data-dir DIR]

  --cases FILE        JSONL cases (repeatable); the metrics follow from what the cases expect
  --failures          list the cases that went wrong (dev splits only)
  --json              one JSON object as the last line of stdout
  --baseline          retrieval beside the MiniSearch baseline
  --strip-diacritics  the same cases typed without diacritics

Form filling from conversations (field accuracy by the form's keys, form chosen, values from
another person), dev splits:
  npm run eval -- --cases evals/datasets/prefill-dev-conversations.jsonl --failures
  npm run eval -- --cases evals/datasets/prefill-dev-conversations-2.jsonl --failures
  npm run eval -- --cases evals/datasets/prefill-dev-conversations-3.jsonl --failures
  npm run eval -- --cases evals/datasets/prefill-dev-conversations-4.jsonl --failures
Single-message prefill: --cases evals/datasets/prefill-dev.jsonl
`;

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      cases: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      baseline: { type: 'boolean', default: false },
      'strip-diacritics': { type: 'boolean', default: false },
      subject: { type: 'string' },
      failures: { type: 'boolean', default: false },
      out: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!values.cases || values.cases.length === 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  const cases: EvalCase[] = [];
  for (const f of values.cases) cases.push(...(await loadCases(f)));
  const ids = new Set<string>();
  for (const c of cases) {
    if (ids.has(c.id)) throw new Error(`duplicate case id "${c.id}" across case files`);
    ids.add(c.id);
  }
  const { loadConfig } = await import('../app/config.js');
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : loadConfig().dataDir;
  const subject = values.subject ?? defaultSubject();
  const { outcomes, report } = await runEval({
    cases,
    subject,
    dataDir,
    baseline: values.baseline,
    stripDiacritics: values['strip-diacritics'],
  });
  const label = `${values.cases.map((f) => path.basename(f)).join(' + ')}${values['strip-diacritics'] ? ' (diacritics stripped)' : ''}`;
  process.stdout.write(`${formatReport(report, label)}\n`);
  if (values.failures) process.stdout.write(`${formatFailures(outcomes)}\n`);
  if (values.failures && report.answer_facts) process.stdout.write(`\nShort answers not fully right:\n${answerFactsFailures(outcomes).join('\n')}\n`);
  if (values.out) {
    await writeFile(values.out, JSON.stringify({ report, outcomes: outcomes.map((o) => ({ id: o.case.id, expect: o.case.expect, result: o.result, baseline: o.baseline?.slice(0, 5) })) }, null, 1));
  }
  if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  return 0;
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]).replace(/\.ts$/, '') === path.resolve(new URL(import.meta.url).pathname).replace(/\.ts$/, '');
if (isMain) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
