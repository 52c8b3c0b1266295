import { extractFacts } from './extract.js';
import { findCorrection, findStatements, marriageCount } from './statements.js';
import { fold } from '../../knowledge/text/index.js';

/**
 * Whether a message, read with a form open, carries data for it: a person's fact, a choice
 * statement ("cả 2 đứa đều lần đầu", "tôi là mẹ cháu", "lấy 2 bản") or a correction ("à
 * nhầm, số cuối là 8"). For the understanding stage, so that such a message reaches the form
 * even when the intent model reads it as a procedure question.
 */
export function carriesFormData(text: string, now: Date): boolean {
  if (findCorrection(text) || findStatements(text).length > 0 || marriageCount(fold(text))) return true;
  return extractFacts(text, { now }).facts.length > 0;
}

/**
 * Whether a message gives a person's own facts (a name, a date of birth, an ID or phone
 * number, an address), not only a statement or a choice: what a citizen sends when they start
 * answering an offer to fill a form in.
 */
export function carriesPersonalFacts(text: string, now: Date): boolean {
  return extractFacts(text, { now }).facts.length > 0;
}
