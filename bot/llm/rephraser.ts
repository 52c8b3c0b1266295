import type { Procedure } from '../../knowledge/index.js';

/**
 * Optional port: rewrites a grounded template answer in more natural words. Returns
 * `undefined` when it cannot (off, timeout, error, failed grounding), and the caller
 * keeps the template.
 */
export interface AnswerRephraser {
  rephrase(input: { question: string; answer: string; procedures: readonly Procedure[] }): Promise<string | undefined>;
}
