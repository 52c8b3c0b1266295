import { loadTriageKnowledge, type TriageKnowledge } from '../../knowledge/triage/index.js';
import { TriageEngine, type TriageWeights } from './engine.js';
import { TriageSkill, type TriageSkillDeps } from './skill.js';

export { TriageEngine, DEFAULT_WEIGHTS, type Assessment, type SignalHit, type TriageMode, type TriageWeights } from './engine.js';
export { TriageSkill, readYesNo, readDate, type TriageSkillDeps, type TriageState } from './skill.js';
export { measureTriage, parseTriageEvalJsonl, behaviorOf, triageEvalItemSchema, type TriageEvalItem, type TriageMetrics } from './measure.js';
export { BUTTONS as TRIAGE_BUTTONS, CONSENT_TEXT_VERSION } from './messages.js';

export interface CreateTriageSkillOptions extends Omit<TriageSkillDeps, 'engine' | 'knowledge'> {
  /** Preloaded knowledge (tests); default: the committed files in knowledge/triage. */
  knowledge?: TriageKnowledge;
  weights?: TriageWeights;
}

/**
 * Loads the triage knowledge, trains the classifier (deterministic, a few ms) and returns
 * the skill for the triage slot of the chain. Call at start-up, not at import.
 */
export async function createTriageSkill(options: CreateTriageSkillOptions): Promise<TriageSkill> {
  const knowledge = options.knowledge ?? (await loadTriageKnowledge());
  const engine = new TriageEngine(knowledge, options.weights);
  return new TriageSkill({ ...options, engine, knowledge });
}
