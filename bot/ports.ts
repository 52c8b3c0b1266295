/**
 * Ports of the conversation core besides those in `types.ts`: feedback storage and a
 * logger shape compatible with pino (so `app/` can pass its logger unchanged).
 */

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
}

/** Where 👍/👎 on answers go, for later review. */
export interface FeedbackStore {
  record(entry: FeedbackEntry): Promise<void>;
}

type LogFn = (obj: unknown, msg?: string) => void;

/** The subset of pino's logger the core uses. */
export interface BotLogger {
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  debug?: LogFn;
}

/** A logger that drops everything (tests, `ask`). */
export const silentLogger: BotLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};
