import {
  LEGAL_AREAS,
  TRIAGE_DECISIONS,
  type DeadlineDefinition,
  type LegalArea,
  type SignalKind,
  type TriageDecision,
  type TriageKnowledge,
} from '../../knowledge/triage/index.js';
import { argmax, logScores, softmax, trainNaiveBayes, type NaiveBayesModel } from './classifier.js';
import { compilePattern, matchPatterns, type CompiledPattern } from './matcher.js';
import { prepareText, textFeatures, type PreparedText } from './text.js';

/**
 * The triage engine: a naive Bayes classifier (area, decision) trained on our examples,
 * combined with explicit signal rules. `mode` exists so the eval can show each part alone.
 *
 *   message ─┬─ classifier ── P(area), P(decision) ──┐
 *            └─ rules ─────── signals, area keywords ─┴─ combine ── Assessment
 */
export type TriageMode = 'combined' | 'classifier' | 'rules';

export interface SignalHit {
  id: string;
  kind: SignalKind;
  conflict: boolean;
  weak: boolean;
  matches: string[];
}

export interface Assessment {
  decision: TriageDecision;
  area: LegalArea;
  /** Probability of `area`, 0..1. */
  confidence: number;
  areaProbs: Record<LegalArea, number>;
  secondaryAreas: LegalArea[];
  /** Probability-like score that the message needs a person (escalate/urgent/general). */
  escalationScore: number;
  /** Fired signal ids (escalation-relevant) plus derived ones (low_confidence, multiple_issues). */
  signals: string[];
  hits: SignalHit[];
  /** Complaint against an official or the ward itself: the service point has a conflict. */
  conflict: boolean;
  deadline?: DeadlineDefinition;
  lowConfidence: boolean;
  multipleIssues: boolean;
  /** Business/commercial matter: excluded from state legal aid. */
  businessMatter: boolean;
  /** Eligibility groups the message hints at (ids), for the screening's first question. */
  eligibilityHints: string[];
}

/** Combination weights, tuned on the dev split only (evals/datasets/triage-dev.jsonl). */
export interface TriageWeights {
  /** Classifier temperature (NB over-confidence). */
  temperature: number;
  /** Weight of a rule keyword point in the area log score. */
  areaRule: number;
  /** Bound on the classifier's log-odds in the combination. */
  classifierClip: number;
  escalateRule: number;
  /** Added per escalation match beyond the first (up to three). */
  extraEscalateMatch: number;
  urgentRule: number;
  procedureRule: number;
  generalRule: number;
  /** P(not procedure) the classifier needs to escalate when no rule fired. */
  classifierOnly: number;
  /** Minimum tokens for a classifier-only escalation. */
  minTokensClassifierOnly: number;
  /** Top area probability below which the area is "low confidence". */
  lowConfidence: number;
}

export const DEFAULT_WEIGHTS: TriageWeights = {
  temperature: 3,
  areaRule: 0.6,
  classifierClip: 4,
  escalateRule: 4,
  extraEscalateMatch: 1,
  urgentRule: 4,
  procedureRule: 2,
  generalRule: 1.5,
  classifierOnly: 0.9,
  minTokensClassifierOnly: 6,
  lowConfidence: 0.35,
};

interface CompiledSignal {
  id: string;
  kind: SignalKind;
  conflict: boolean;
  weak: boolean;
  negatable: boolean;
  patterns: CompiledPattern[];
}

const logit = (p: number) => Math.log(Math.max(p, 1e-6) / Math.max(1 - p, 1e-6));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export class TriageEngine {
  private readonly signals: CompiledSignal[];
  private readonly areaKeywords: Array<{ area: LegalArea; patterns: CompiledPattern[]; weights: number[] }>;
  private readonly deadlines: Array<{ def: DeadlineDefinition; patterns: CompiledPattern[] }>;
  private readonly groups: Array<{ id: string; patterns: CompiledPattern[] }>;
  private readonly business: CompiledPattern[];
  private readonly areaModel: NaiveBayesModel<LegalArea>;
  private readonly decisionModel: NaiveBayesModel<TriageDecision>;

  /** Compiles the word lists and trains both classifiers (deterministic, milliseconds). */
  constructor(
    private readonly knowledge: TriageKnowledge,
    private readonly weights: TriageWeights = DEFAULT_WEIGHTS,
  ) {
    this.signals = knowledge.signals.map((s) => ({
      id: s.id,
      kind: s.kind,
      conflict: s.conflict ?? false,
      weak: s.weak ?? false,
      negatable: s.negatable ?? false,
      patterns: s.patterns.map(compilePattern),
    }));
    this.areaKeywords = knowledge.areas.map((a) => ({
      area: a.code,
      patterns: Object.keys(a.keywords).map(compilePattern),
      weights: Object.values(a.keywords),
    }));
    this.deadlines = knowledge.deadlines.map((d) => ({ def: d, patterns: d.patterns.map(compilePattern) }));
    this.groups = knowledge.eligibility.groups.map((g) => ({ id: g.id, patterns: g.patterns.map(compilePattern) }));
    this.business = knowledge.eligibility.excludedAreas.patterns.map(compilePattern);
    const docs = knowledge.training.map((ex) => ({ ex, features: textFeatures(this.prepare(ex.text)) }));
    this.areaModel = trainNaiveBayes(LEGAL_AREAS, docs.map((d) => ({ features: d.features, label: d.ex.area })), { uniformPrior: true });
    const names = knowledge.procedureNames.map((n) => ({ features: textFeatures(this.prepare(n)), label: 'procedure' as const }));
    this.decisionModel = trainNaiveBayes(TRIAGE_DECISIONS, [...docs.map((d) => ({ features: d.features, label: d.ex.decision })), ...names]);
  }

  prepare(text: string): PreparedText {
    return prepareText(text, this.knowledge.teencode);
  }

  /** Signal rules alone: which signals fire in the text. */
  detectSignals(prepared: PreparedText): SignalHit[] {
    const hits: SignalHit[] = [];
    for (const s of this.signals) {
      const m = matchPatterns(prepared, s.patterns, s.negatable);
      if (m.length > 0) hits.push({ id: s.id, kind: s.kind, conflict: s.conflict, weak: s.weak, matches: m.map((x) => x.text) });
    }
    return hits;
  }

  /** Rule keyword score per area (sum of matched keyword weights). */
  ruleAreaScores(prepared: PreparedText): Record<LegalArea, number> {
    const scores = Object.fromEntries(LEGAL_AREAS.map((a) => [a, 0])) as Record<LegalArea, number>;
    for (const k of this.areaKeywords) {
      k.patterns.forEach((p, i) => {
        if (matchPatterns(prepared, [p]).length > 0) scores[k.area] += k.weights[i]!;
      });
    }
    return scores;
  }

  /**
   * Assesses a message. `context` holds earlier user messages of the conversation (oldest
   * first): a short follow-up ("anh cả không chịu chia") is classified together with the
   * previous message so the area survives; signals come from the current message only.
   */
  assess(text: string, options: { context?: readonly string[]; mode?: TriageMode } = {}): Assessment {
    const mode = options.mode ?? 'combined';
    const w = this.weights;
    const current = this.prepare(text);
    const previous = options.context?.[options.context.length - 1];
    const areaText = previous && current.tokens.length < 12 ? this.prepare(`${previous} ${text}`) : current;

    const detected = this.detectSignals(current);
    const proc = detected.some((h) => h.kind === 'procedure');
    // A weak signal ("khiếu nại") inside a procedure-shaped question is the procedure's topic.
    const hits = detected.filter((h) => !(h.weak && proc));
    const has = (kind: SignalKind) => hits.some((h) => h.kind === kind);
    const esc = has('escalate');
    const urg = has('urgent');
    const gen = has('general');

    // Area.
    const areaLog = logScores(this.areaModel, textFeatures(areaText));
    const rule = this.ruleAreaScores(areaText);
    let areaProbs: Record<LegalArea, number>;
    if (mode === 'rules') {
      const total = LEGAL_AREAS.reduce((s, a) => s + rule[a], 0);
      areaProbs = total > 0
        ? (Object.fromEntries(LEGAL_AREAS.map((a) => [a, rule[a] / total])) as Record<LegalArea, number>)
        : (Object.fromEntries(LEGAL_AREAS.map((a) => [a, a === 'HANH_CHINH' ? 1 : 0])) as Record<LegalArea, number>);
    } else if (mode === 'classifier') {
      areaProbs = softmax(areaLog, w.temperature);
    } else {
      const combined = Object.fromEntries(
        LEGAL_AREAS.map((a) => [a, areaLog[a] / w.temperature + w.areaRule * rule[a]]),
      ) as Record<LegalArea, number>;
      areaProbs = softmax(combined);
    }
    let area = argmax(areaProbs);

    // Decision.
    const pDecision = softmax(logScores(this.decisionModel, textFeatures(current)), w.temperature);
    let decision: TriageDecision;
    let escalationScore: number;
    if (mode === 'rules') {
      decision = urg ? 'urgent' : esc ? 'escalate' : gen && !proc ? 'general' : 'procedure';
      escalationScore = decision === 'procedure' ? 0 : 1;
    } else if (mode === 'classifier') {
      decision = argmax(pDecision);
      escalationScore = 1 - pDecision.procedure;
    } else {
      // The classifier's say is bounded so explicit rule evidence can overrule it.
      let z = Math.max(-w.classifierClip, Math.min(w.classifierClip, logit(1 - pDecision.procedure)));
      if (hits.some((h) => h.id === 'uncontested')) z -= w.procedureRule;
      // Each extra independent escalation match is more evidence of a real dispute.
      const escMatches = hits.filter((h) => h.kind === 'escalate').reduce((n, h) => n + h.matches.length, 0);
      if (esc) z += w.escalateRule + w.extraEscalateMatch * Math.min(escMatches - 1, 3);
      if (urg) z += w.urgentRule;
      if (proc && !esc && !urg) z -= w.procedureRule;
      if (gen && !proc) z += w.generalRule;
      escalationScore = sigmoid(z);
      // Without any rule evidence the classifier alone must be sure, and the message long
      // enough to judge: most questions are procedures, and a wrongly escalated procedure
      // question costs the citizen the answer (the catalogue is far wider than our examples).
      const ruleEvidence = esc || urg || gen;
      const classifierSure = 1 - pDecision.procedure >= w.classifierOnly && current.tokens.length >= w.minTokensClassifierOnly;
      if (!ruleEvidence && !classifierSure) escalationScore = Math.min(escalationScore, 0.49);
      if (escalationScore < 0.5) decision = 'procedure';
      // Emergency replies rest on an urgent rule, or on the classifier backed by other escalation evidence.
      else if (urg || (pDecision.urgent > pDecision.escalate && pDecision.urgent > pDecision.general && (esc || hits.some((h) => h.kind === 'booster'))))
        decision = 'urgent';
      else if (!esc && (gen || pDecision.general > pDecision.escalate)) decision = 'general';
      else decision = 'escalate';
    }

    const sorted = [...LEGAL_AREAS].sort((a, b) => areaProbs[b] - areaProbs[a]);
    const confidence = areaProbs[area];
    const secondaryAreas = sorted.slice(1).filter((a) => areaProbs[a] >= 0.2 && rule[a] > 0);
    const lowConfidence = confidence < w.lowConfidence;
    const multipleIssues = secondaryAreas.length > 0 && decision !== 'procedure';
    if (decision === 'urgent' && hits.some((h) => h.id === 'violence') && rule.BAO_LUC_GIA_DINH > 0 && mode !== 'classifier') {
      // Violence inside the family is the domestic-violence area whatever else is mentioned.
      area = 'BAO_LUC_GIA_DINH';
    }
    const deadline = decision === 'procedure' ? undefined : this.deadlines.find((d) => matchPatterns(current, d.patterns).length > 0)?.def;
    const signals = hits.filter((h) => h.kind !== 'procedure').map((h) => h.id);
    if (lowConfidence) signals.push('low_confidence');
    if (multipleIssues) signals.push('multiple_issues');
    if (deadline) signals.push(`deadline:${deadline.id}`);
    return {
      decision,
      area,
      confidence: areaProbs[area] ?? confidence,
      areaProbs,
      secondaryAreas,
      escalationScore,
      signals,
      hits,
      conflict: hits.some((h) => h.conflict),
      deadline,
      lowConfidence,
      multipleIssues,
      businessMatter: matchPatterns(current, this.business).length > 0,
      eligibilityHints: this.groups.filter((g) => matchPatterns(areaText, g.patterns).length > 0).map((g) => g.id),
    };
  }
}
