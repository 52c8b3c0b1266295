import type { Intent } from '../../knowledge/understanding/index.js';
import type { Understanding } from './stage.js';

/**
 * The one place that maps the understanding decision to the skills allowed to handle the
 * message. The chain keeps its fixed order (see `buildSkillChain`); a skill not named here
 * for this decision is skipped, so no skill has to re-decide whether a message is for it.
 *
 * `handoff` is always allowed: while a lawyer is live, the conversation belongs to them
 * (the skill relays and, on danger, lets the danger reply through as well).
 */
const BY_INTENT: Record<Intent, readonly string[]> = {
  danger: ['danger'],
  privacy: ['privacy'],
  handoff: ['triage', 'procedure-qa'],
  form_request: ['forms', 'procedure-qa'],
  form_data: ['forms'],
  procedure: ['legal-info', 'triage', 'officer', 'outside-matters', 'procedure-qa'],
  followup: ['officer', 'procedure-qa'],
  legal_question: ['legal-info', 'triage'],
  legal_problem: ['legal-info', 'triage'],
  greeting: ['small-talk'],
  // legal-info: a question on the rules of a law the data lacks gets the lawyer offer, not a refusal.
  out_of_scope: ['legal-info', 'officer', 'scope'],
  manipulation: ['scope'],
};

const ALWAYS = ['input-guard', 'handoff'];

/** Skills the router governs; any other skill (a deployment's own) sees every message. */
const GOVERNED: ReadonlySet<string> = new Set([...Object.values(BY_INTENT).flat(), 'clarify', 'danger', 'scope']);

/** Whether a skill may handle the message under the given allowed set. */
export function mayHandle(allowed: ReadonlySet<string>, skill: string): boolean {
  return allowed.has(skill) || !GOVERNED.has(skill);
}

/** The skills (by name) that may handle a message with this decision, `clarify` last as the fallback. */
export function skillsFor(u: Understanding, officerMode = false): ReadonlySet<string> {
  const names = new Set<string>(ALWAYS);
  if (u.danger) {
    names.add('danger');
    return names;
  }
  if (u.awaiting) names.add(u.awaiting === 'qa' ? 'procedure-qa' : u.awaiting);
  if (u.abstain && !u.awaiting) {
    names.add('clarify');
    return names;
  }
  // A paper wanted again, or procedures done together, asks for the procedure: no article in its place.
  for (const s of BY_INTENT[u.intent]) if (!(u.procedureWanted && s === 'legal-info')) names.add(s);
  if (officerMode && u.intent !== 'privacy' && u.intent !== 'handoff') names.add('officer');
  names.add('clarify');
  return names;
}
