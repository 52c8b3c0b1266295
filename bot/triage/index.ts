import { loadAdminUnits, loadOutsideMatters } from '../../knowledge/index.js';
import { loadTriageKnowledge, type TriageKnowledge } from '../../knowledge/triage/index.js';
import { TriageEngine, type TriageWeights } from './engine.js';
import { TriageSkill, type TriageSkillDeps } from './skill.js';
import { createWardDirectory, type WardDirectory } from './wards.js';

export { TriageEngine, DEFAULT_WEIGHTS, type Assessment, type SignalHit, type TriageMode, type TriageWeights } from './engine.js';
export { TriageSkill, readYesNo, readDate, type TriageSkillDeps, type TriageState } from './skill.js';
export { BUTTONS as TRIAGE_BUTTONS, CONSENT_TEXT_VERSION, WARD_UNKNOWN } from './messages.js';
export { createWardDirectory, type WardChoice, type WardDirectory, type WardMatch } from './wards.js';

export interface CreateTriageSkillOptions extends Omit<TriageSkillDeps, 'engine' | 'knowledge' | 'wards'> {
  /** Preloaded knowledge (tests); default: the committed files in knowledge/triage. */
  knowledge?: TriageKnowledge;
  weights?: TriageWeights;
  /** Ward lookup; default: Hà Nội's units from the committed data; `null`: never ask the ward. */
  wards?: WardDirectory | null;
}

/**
 * Loads the triage knowledge, trains the classifier (deterministic, a few ms) and returns
 * the skill for the triage slot of the chain. Call at start-up, not at import.
 */
export async function createTriageSkill(options: CreateTriageSkillOptions): Promise<TriageSkill> {
  const knowledge = options.knowledge ?? (await loadTriageKnowledge());
  const engine = new TriageEngine(knowledge, options.weights);
  // The ward is asked only where neither the channel nor the deployment names it.
  const wards: WardDirectory | undefined =
    options.wards === null ? undefined : (options.wards ?? (options.defaultServicePoint ? undefined : await defaultWards()));
  const outsideMatters = options.outsideMatters ?? loadOutsideMatters();
  return new TriageSkill({ ...options, wards, engine, knowledge, outsideMatters });
}

async function defaultWards(): Promise<WardDirectory | undefined> {
  try {
    return createWardDirectory(await loadAdminUnits());
  } catch {
    // Without the units data the case goes to the general pool, as before.
    return undefined;
  }
}
