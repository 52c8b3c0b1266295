import type { Procedure } from '../../knowledge/index.js';

/**
 * Port: rewrites a grounded template answer in more natural words (bot/llm implements it
 * over an optional model server). Returns `undefined` when it cannot (off, timeout, error,
 * failed grounding), and the caller keeps the template.
 */
export interface AnswerRephraser {
  rephrase(input: { question: string; answer: string; procedures: readonly Procedure[] }): Promise<string | undefined>;
}
