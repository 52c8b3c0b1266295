import { fold } from '../../knowledge/text/index.js';
import { dangerSignal, STANDALONE_KINDS, type DangerSignal } from '../understanding/danger.js';

/** Test helpers shared by the danger tests: the signal of a raw message, and what the rules alone decide. */

/** Folds like the stage does (sentence ends kept as "|"), without the teencode table. */
export function signalOf(raw: string): DangerSignal {
  const folded = raw
    .split(/[.!?;\n]+/)
    .map((p) => fold(p).toLowerCase().replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join(' | ');
  return dangerSignal(folded, raw);
}

/** What the rules alone decide (the stage may add the model's reading on top). */
export function rulesSayDanger(s: DangerSignal): boolean {
  const rule = s.kinds.length > 0 && !s.harmless && !s.pastOnly && !s.lawQuestion && !s.framed;
  return rule && (s.acute || s.kinds.some((k) => STANDALONE_KINDS.has(k)));
}
