import type { InboxEvent, OaTokenState, OutboxItem, OutboxRecord, OutboxStatus, SealedBox, StoredTokens } from '../bot/ports/index.js';

/**
 * The Zalo queue and token rows as both engines store them (`storage/zalo-*.ts` on SQLite,
 * `storage/postgres/zalo-*.ts`): the columns, the bindings each sealed value is sealed to, and
 * the mapping to the port's records. One definition, so a row copied from one engine to the
 * other opens and reads the same.
 */

/** What the Zalo stores need of the sealed box: seal and open with a binding. */
export type RowSealer = Pick<SealedBox, 'seal' | 'open'>;

// --- inbox --------------------------------------------------------------------------------

export interface InboxRow {
  id: number;
  dedupe_key: string;
  user_id: string;
  event_name: string;
  body: string;
  received_at: number;
  attempts: number;
}

export const inboxBodyAad = (dedupeKey: string) => `zalo_inbox:${dedupeKey}`;
export const inboxErrorAad = (id: number) => `zalo_inbox_error:${id}`;

/** An event body as stored: cleared (''), written in clear by an old version, or sealed. */
export function openInboxBody(sealer: RowSealer | undefined, body: string, dedupeKey: string): string {
  if (!sealer || body === '' || body.startsWith('{')) return body;
  return sealer.open(body, inboxBodyAad(dedupeKey));
}

/** A last processing error as stored: sealed, or written in clear before encryption. */
export function openInboxError(sealer: RowSealer | undefined, stored: string, id: number): string {
  if (!sealer) return stored;
  try {
    return sealer.open(stored, inboxErrorAad(id));
  } catch {
    return stored;
  }
}

export function inboxEventOf(r: InboxRow, sealer: RowSealer | undefined, attempts = r.attempts): InboxEvent {
  return {
    id: r.id,
    dedupeKey: r.dedupe_key,
    userId: r.user_id,
    eventName: r.event_name,
    body: openInboxBody(sealer, r.body, r.dedupe_key),
    receivedAt: r.received_at,
    attempts,
  };
}

// --- outbox -------------------------------------------------------------------------------

export interface OutboxRow {
  id: number;
  user_id: string;
  origin: string;
  payload: string;
  status: OutboxStatus;
  attempts: number;
  failures: number;
  created_at: number;
  deliver_by: number;
  next_attempt_at: number;
  tag: string | null;
  reason: string | null;
  error_code: number | null;
  error_message: string | null;
  finished_at: number | null;
  /** 0/1 on SQLite, a boolean on PostgreSQL. */
  maybe_sent: number | boolean;
}

export const outboxAad = (id: number, userId: string) => `zalo_outbox:${id}:${userId}`;

/** A payload as stored: sealed, or (written before encryption) plain JSON. */
export function openOutboxPayload(sealer: RowSealer | undefined, r: Pick<OutboxRow, 'id' | 'user_id' | 'payload'>): string {
  if (!sealer || r.payload.startsWith('{')) return r.payload;
  return sealer.open(r.payload, outboxAad(r.id, r.user_id));
}

export function outboxItemOf(r: OutboxRow, sealer: RowSealer | undefined): OutboxItem {
  return {
    id: r.id,
    userId: r.user_id,
    payload: openOutboxPayload(sealer, r),
    attempts: r.attempts,
    failures: r.failures,
    createdAt: r.created_at,
    deliverBy: r.deliver_by,
    origin: r.origin,
    tag: r.tag,
  };
}

export function outboxRecordOf(r: OutboxRow, sealer: RowSealer | undefined): OutboxRecord {
  return {
    ...outboxItemOf(r, sealer),
    status: r.status,
    reason: r.reason,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    finishedAt: r.finished_at,
    nextAttemptAt: r.next_attempt_at,
  };
}

// --- OA tokens ----------------------------------------------------------------------------

export const TOKEN_ROW_ID = 'oa';

export interface TokenRow {
  access_token: string | null;
  access_expires_at: number | null;
  refresh_token: string | null;
  status: OaTokenState;
  version: number;
  updated_at: number;
  last_error: string | null;
  refresh_failures: number;
  refresh_failed_at: number | null;
  refresh_error: string | null;
}

export function sealToken(sealer: RowSealer, v: string | undefined | null, field: 'access' | 'refresh'): string | null {
  if (v === undefined || v === null) return null;
  return sealer.seal(v, `zalo_tokens.${field}`);
}

/** A token as stored: sealed (`v1.` prefix), or written in clear by an old version. */
export function openToken(sealer: RowSealer, v: string | null, field: 'access' | 'refresh'): string | null {
  if (v === null || !v.startsWith('v1.')) return v;
  return sealer.open(v, `zalo_tokens.${field}`);
}

export function storedTokensOf(r: TokenRow, sealer: RowSealer): StoredTokens {
  return {
    accessToken: openToken(sealer, r.access_token, 'access'),
    accessExpiresAt: r.access_expires_at,
    refreshToken: openToken(sealer, r.refresh_token, 'refresh'),
    status: r.status,
    version: r.version,
    updatedAt: r.updated_at,
    lastError: r.last_error,
    refreshFailures: r.refresh_failures,
    refreshFailedAt: r.refresh_failed_at,
    refreshError: r.refresh_error,
  };
}
