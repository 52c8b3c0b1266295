import type { SealedBox, TurnLogEntry } from '../bot/ports/index.js';
import type { analyticsColumns } from './analytics-columns.js';

/**
 * The turn-log row as both engines store it (`storage/turn-log.ts` on SQLite,
 * `storage/postgres/turn-log.ts`): the text sealed to `turn_log/<conversation>/<at>/text`, the
 * inserted columns in one order, and the mapping to the port's entry.
 */

export interface TurnLogRow {
  conversation_id: string;
  user_id: string;
  channel_id: string;
  at: string;
  text: string;
  outcome: string;
  latency_ms: number;
}

/** Binds a sealed text to its conversation and moment (rows get their id only on insert). */
export const turnTextAad = (conversationId: string, at: string) => `turn_log/${conversationId}/${at}/text`;

/** The columns an insert writes, in the order of `turnLogInsertValues`. */
export const TURN_LOG_INSERT_COLUMNS =
  'conversation_id, user_id, channel_id, at, text, behavior, procedure_code, outcome, latency_ms, day, ward, kind, intent, confidence, gap, topic';

/** The values of one turn's row, in the order of `TURN_LOG_INSERT_COLUMNS`, its text sealed. */
export function turnLogInsertValues(e: TurnLogEntry, cipher: Pick<SealedBox, 'seal'>, c: ReturnType<typeof analyticsColumns>): unknown[] {
  return [
    e.conversationId,
    e.userId,
    e.channelId,
    e.at,
    cipher.seal(e.text, turnTextAad(e.conversationId, e.at)),
    e.outcome.behavior,
    e.outcome.procedureCode ?? null,
    JSON.stringify(e.outcome),
    e.latencyMs,
    c.day,
    c.ward,
    c.kind,
    c.intent,
    c.confidence,
    c.gap,
    c.topic,
  ];
}

/** One row's sealed text in clear. */
export function openTurnText(cipher: Pick<SealedBox, 'open'>, row: { conversation_id: string; at: string; text: string }): string {
  return cipher.open(row.text, turnTextAad(row.conversation_id, row.at));
}

export function turnLogEntryOf(r: TurnLogRow, cipher: Pick<SealedBox, 'open'>): TurnLogEntry {
  return {
    conversationId: r.conversation_id,
    userId: r.user_id,
    channelId: r.channel_id,
    at: r.at,
    text: openTurnText(cipher, r),
    outcome: JSON.parse(r.outcome) as TurnLogEntry['outcome'],
    latencyMs: r.latency_ms,
  };
}
