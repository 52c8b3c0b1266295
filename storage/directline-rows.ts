import { activityTombstone, type AppendInput, type SealedBox, type StoredActivity } from '../bot/ports/index.js';
import { AppError } from '../knowledge/index.js';

/**
 * The Direct Line activity row as both engines store it (`storage/directline-store.ts` on
 * SQLite, `storage/postgres/directline-store.ts`): each activity's JSON sealed to
 * `directline_activities/<id>/json`, the inserted columns in one order, the record an append
 * returns, and the errors both raise. One definition, so rows copied from a ward's SQLite
 * file open on PostgreSQL.
 */

/** Binds an activity's sealed JSON to its id. */
export const activityAad = (activityId: string) => `directline_activities/${activityId}/json`;

/** The columns an append writes, in the order of `activityInsertValues`. */
export const ACTIVITY_INSERT_COLUMNS =
  'conversation_id, seq, id, role, client_activity_id, reply_to_id, state, json, created_at, lease_owner, lease_until';

/** One appended activity's values, in the order of `ACTIVITY_INSERT_COLUMNS`; `json` in clear (sealed here). */
export function activityInsertValues(inp: AppendInput, seq: number, id: string, json: string, cipher: Pick<SealedBox, 'seal'>): unknown[] {
  return [
    inp.conversationId,
    seq,
    id,
    inp.role,
    inp.clientActivityId ?? null,
    inp.replyToId ?? null,
    inp.state ?? null,
    cipher.seal(json, activityAad(id)),
    inp.now.toISOString(),
    inp.lease?.owner ?? null,
    inp.lease ? inp.lease.until.getTime() : null,
  ];
}

/** What an append of `inp` at `seq` returns. */
export function appendedActivity(inp: AppendInput, seq: number, id: string, json: string): StoredActivity & { duplicate: boolean } {
  return {
    conversationId: inp.conversationId,
    seq,
    id,
    role: inp.role,
    clientActivityId: inp.clientActivityId ?? null,
    state: inp.state ?? null,
    json,
    duplicate: false,
  };
}

/** A stored activity's JSON in clear. */
export function openActivityJson(cipher: Pick<SealedBox, 'open'>, row: { id: string; json: string }): string {
  return cipher.open(row.json, activityAad(row.id));
}

/** The stored JSON that replaces an erased activity's: its tombstone with `notice`, sealed. */
export function sealedTombstone(cipher: Pick<SealedBox, 'seal' | 'open'>, row: { id: string; json: string }, notice: string): string {
  return cipher.seal(activityTombstone(openActivityJson(cipher, row), notice), activityAad(row.id));
}

/** Replies to a question this process no longer holds are refused. */
export function leaseLost(activityId: string): AppError {
  return new AppError('conflict:directline_lease', `Direct Line message ${activityId} is no longer pending under this process: its replies are not stored`);
}

export function unknownConversation(id: string): Error {
  return new Error(`directline store: unknown conversation ${id}`);
}
