import type { FeedbackEntry, FeedbackReason, SealedBox } from '../bot/ports/index.js';

/**
 * The feedback row as both engines store it (`storage/feedback-store.ts` on SQLite,
 * `storage/postgres/feedback-store.ts`): the question sealed to
 * `feedback/<conversation>/<at>/question`, and the mapping to the port's entry.
 */

export interface FeedbackRow {
  conversation_id: string;
  user_id: string;
  channel_id: string;
  at: string;
  rating: 'up' | 'down';
  question: string;
  procedure_code: string | null;
  reason: string | null;
}

/** Binds a sealed question to its conversation and moment (rows get their id only on insert). */
export const feedbackQuestionAad = (conversationId: string, at: string) => `feedback/${conversationId}/${at}/question`;

/** An entry's question as stored. */
export function sealFeedbackQuestion(cipher: Pick<SealedBox, 'seal'>, e: FeedbackEntry): string {
  return cipher.seal(e.question, feedbackQuestionAad(e.conversationId, e.at));
}

/** One row's sealed question in clear. */
export function openFeedbackQuestion(cipher: Pick<SealedBox, 'open'>, row: { conversation_id: string; at: string; question: string }): string {
  return cipher.open(row.question, feedbackQuestionAad(row.conversation_id, row.at));
}

export function feedbackEntryOf(r: FeedbackRow, cipher: Pick<SealedBox, 'open'>): FeedbackEntry {
  return {
    conversationId: r.conversation_id,
    userId: r.user_id,
    channelId: r.channel_id,
    at: r.at,
    rating: r.rating,
    question: openFeedbackQuestion(cipher, r),
    procedureCode: r.procedure_code ?? undefined,
    reason: (r.reason ?? undefined) as FeedbackReason | undefined,
  };
}
