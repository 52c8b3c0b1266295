/** Port: where citizens' 👍/👎 on answers go, for later review (issue 17). */

export type FeedbackRating = 'up' | 'down';

export interface FeedbackEntry {
  conversationId: string;
  userId: string;
  channelId: string;
  at: string;
  rating: FeedbackRating;
  /** The question the rated answer replied to (redacted). */
  question: string;
  procedureCode?: string;
  /** Why an answer was 👎 (one of `FEEDBACK_REASONS`' codes), when the citizen said. */
  reason?: FeedbackReason;
}

/** The reasons offered after a 👎 (issue 17): code and the caption the citizen taps. */
export const FEEDBACK_REASONS = [
  { code: 'sai_thong_tin', title: 'Sai thông tin' },
  { code: 'khong_dung_y', title: 'Không đúng ý tôi hỏi' },
  { code: 'kho_hieu', title: 'Khó hiểu' },
  { code: 'thieu', title: 'Thiếu thông tin' },
  { code: 'khac', title: 'Lý do khác' },
] as const;
export type FeedbackReason = (typeof FEEDBACK_REASONS)[number]['code'];

/** Where 👍/👎 on answers go, for later review. */
export interface FeedbackStore {
  record(entry: FeedbackEntry): Promise<void>;
  /**
   * Adds the reason to this conversation's latest 👎 that has none (given at most
   * `withinMs` before `at`); records a new 👎 with the reason when there is none.
   */
  addReason?(entry: FeedbackEntry & { reason: FeedbackReason }, withinMs: number): Promise<void>;
}
