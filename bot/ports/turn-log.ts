import type { TurnOutcome } from '../types.js';

/** Every turn's decision, stored for evals, feedback review and operators. */
export interface TurnLogEntry {
  conversationId: string;
  userId: string;
  channelId: string;
  at: string;
  /** User text with ID and phone numbers redacted. */
  text: string;
  outcome: TurnOutcome;
  latencyMs: number;
  /** The ward the channel said the citizen is served by (`Turn.servicePoint`), for the city's dashboard. */
  ward?: string;
}

export interface TurnLog {
  record(entry: TurnLogEntry): Promise<void>;
}

