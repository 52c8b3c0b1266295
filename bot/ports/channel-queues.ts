/**
 * Ports: the durable queues of a messaging channel that answers outside the HTTP request
 * (Zalo today): an inbox of accepted webhook events, an outbox of messages to send, and the
 * store of the channel's OAuth tokens. `storage/` implements them over SQLite
 * (`storage/zalo-inbox.ts`, `zalo-outbox.ts`, `zalo-token-store.ts`); the channel's workers
 * take them from the composition root, and `storage/postgres/` over PostgreSQL for several
 * processes sharing one database. Every method is asynchronous (a network database answers
 * over a round trip) and atomic on its own; `atomically` groups several calls into one
 * transaction.
 *
 *   inbox:  pending --claim--> processing --complete--> done   (--fail--> failed)
 *              ^                  |
 *              +-----release------+   (or the lease runs out: a crashed worker)
 *
 *   outbox: pending --claim--> sending --> delivered | expired | undeliverable
 *              ^                  |
 *              +---retryLater-----+
 *
 * Leases: `claim(owner, now, leaseMs, limit)` hands rows to one worker (`owner`) until
 * `now + leaseMs`; after that another worker may claim them. Each user's rows are handed out
 * one at a time, oldest first, so a user's messages are processed and sent in order.
 */

/**
 * Runs `fn` in one transaction over the queues (all of it or nothing). `fn` must use the
 * queues it is given (bound to the transaction: on PostgreSQL a transaction lives on one
 * connection), must not call `atomically` again, and should only await those queues: on
 * SQLite the transaction holds the one connection's write lock until `fn` settles.
 */
export type Atomically = <T>(fn: (tx: TransactionQueues) => Promise<T>) => Promise<T>;

/** The queues as seen inside `atomically`. */
export interface TransactionQueues {
  inbox: InboxQueue;
  outbox: OutboxQueue;
  tokens: OaTokenStore;
}

// ---- inbox -----------------------------------------------------------------------------

export type InboxStatus = 'pending' | 'processing' | 'done' | 'failed';

export interface InboxEvent {
  id: number;
  dedupeKey: string;
  userId: string;
  eventName: string;
  /** Raw JSON body as received (cleared once processed). */
  body: string;
  receivedAt: number;
  attempts: number;
}

export interface InboxCounts {
  pending: number;
  processing: number;
  failed: number;
  done: number;
}

/** Accepted webhook events, persisted before the webhook answers 200. */
export interface InboxQueue {
  /** Stores an event; false when its dedupe key is already stored (a re-delivery). */
  add(input: { dedupeKey: string; userId: string; eventName: string; body: string; now: number }): Promise<boolean>;
  /** Up to `limit` events, at most one per user and only each user's oldest unfinished one. */
  claim(owner: string, now: number, leaseMs: number, limit: number): Promise<InboxEvent[]>;
  /** Marks the event done (its body is dropped); false when `owner` no longer holds it. */
  complete(id: number, owner: string, now: number): Promise<boolean>;
  /** Gives the event back, claimable again at `availableAt`. */
  release(id: number, owner: string, availableAt: number, error?: string): Promise<void>;
  /** Gives back everything `owner` holds (stop); returns how many. */
  releaseAll(owner: string, now: number): Promise<number>;
  /** Final failure, kept with its error for operators. */
  fail(id: number, owner: string, now: number, error: string): Promise<void>;
  /** Earliest time a pending event becomes claimable; undefined when nothing waits. */
  nextAvailableAt(): Promise<number | undefined>;
  counts(): Promise<InboxCounts>;
  /** Retention: deletes finished events finished before `cutoff` (epoch ms); returns how many. */
  purgeBefore(cutoff: number): Promise<number>;
  /** Erasure: deletes a user's events (except one being processed); returns how many. */
  eraseUser(userId: string): Promise<number>;
}

// ---- outbox ----------------------------------------------------------------------------

export type OutboxStatus = 'pending' | 'sending' | 'delivered' | 'expired' | 'undeliverable';
export type OutboxFinalStatus = 'delivered' | 'expired' | 'undeliverable';

export interface OutboxItem {
  id: number;
  userId: string;
  /** Rendered channel message (JSON, opened), or a file to upload then send. */
  payload: string;
  /** Claims so far, this one included (informational; the budget is `deliverBy`). */
  attempts: number;
  /** Real failures so far (rate limits excluded): the backoff exponent. */
  failures: number;
  createdAt: number;
  /** Epoch ms after which the message is no longer worth sending (expired). */
  deliverBy: number;
  /** Where it came from: `reply:<inbox id>`, `proactive`. */
  origin: string;
  /** Caller's tag for status queries (e.g. `handoff:<entry id>`), or null. */
  tag: string | null;
  /**
   * True when the row was taken over from a worker that died mid-send: the message may have
   * reached the channel already, so the sender should check before sending again.
   */
  uncertain?: boolean;
}

export interface OutboxRecord extends OutboxItem {
  status: OutboxStatus;
  /** Short machine reason of a final failure (`window_closed`, `unfollowed`, `retry_deadline`...). */
  reason: string | null;
  errorCode: number | null;
  errorMessage: string | null;
  finishedAt: number | null;
  nextAttemptAt: number;
}

export interface OutboxCounts {
  pending: number;
  sending: number;
  delivered: number;
  expired: number;
  undeliverable: number;
}

/** Messages waiting to leave through the channel's API, with their delivery truth. */
export interface OutboxQueue {
  /** Appends messages for one user, in order; returns their ids. Inside `atomically` when it must go with other writes. */
  enqueue(userId: string, origin: string, payloads: string[], now: number, opts: { deliverBy: number; tag?: string }): Promise<number[]>;
  /** Up to `limit` due messages, at most one per user and only each user's oldest unsent one. */
  claim(owner: string, now: number, leaseMs: number, limit: number): Promise<OutboxItem[]>;
  /** Whether a row already records this channel message id (an interrupted send found delivered). */
  hasZaloMessageId(zaloMessageId: string): Promise<boolean>;
  /** Records delivery; false when `owner` no longer holds the row. */
  markDelivered(id: number, owner: string, now: number, zaloMessageId: string | undefined): Promise<boolean>;
  /** Schedules another attempt; `countFailure: false` for rate limits (not the message's fault). */
  retryLater(id: number, owner: string, nextAttemptAt: number, err: { code: number | null; message: string }, opts: { countFailure: boolean; maybeSent?: boolean }): Promise<boolean>;
  /** Final failure with its reason; false when `owner` no longer holds the row. */
  finish(id: number, owner: string, status: 'expired' | 'undeliverable', now: number, reason: string, err: { code: number | null; message: string }): Promise<boolean>;
  /** Gives the row back without counting an attempt (no usable token). */
  release(id: number, owner: string, nextAttemptAt: number): Promise<void>;
  /** Gives back everything `owner` holds (stop); returns how many. */
  releaseAll(owner: string, now: number): Promise<number>;
  /** Earliest next attempt of an open row; undefined when nothing waits. */
  nextAttemptAt(): Promise<number | undefined>;
  /** The latest undeliverable and expired messages, for operators. */
  listProblems(limit?: number): Promise<OutboxRecord[]>;
  get(id: number): Promise<OutboxRecord | undefined>;
  byTag(tag: string): Promise<Omit<OutboxRecord, 'payload'>[]>;
  listForUser(userId: string): Promise<OutboxRecord[]>;
  counts(): Promise<OutboxCounts>;
  /** Retention: deletes final rows finished before `cutoff` (epoch ms); returns how many. */
  purgeBefore(cutoff: number): Promise<number>;
  /** Erasure: deletes a user's rows; returns how many. */
  eraseUser(userId: string): Promise<number>;
}

// ---- OAuth tokens ----------------------------------------------------------------------

/** `refresh_rejected`: the provider refused the refresh token; only a new consent helps. */
export type OaTokenState = 'ok' | 'refresh_rejected';

export interface StoredTokens {
  accessToken: string | null;
  /** Epoch ms; null when unknown (bootstrap token from the environment). */
  accessExpiresAt: number | null;
  refreshToken: string | null;
  status: OaTokenState;
  /** Increments on every change; lets a waiter see that someone else refreshed. */
  version: number;
  updatedAt: number;
  lastError: string | null;
  /** Consecutive transient refresh failures since the last successful refresh. */
  refreshFailures: number;
  refreshFailedAt: number | null;
  refreshError: string | null;
}

/** A consent started at `/oauth/start` and not yet completed (PKCE verifier, cookie hash). */
export interface OAuthPending {
  state: string;
  verifier: string;
  sessionHash: string;
  createdAt: number;
}

/**
 * The channel's OAuth tokens (one account), the lease that serialises refreshes across
 * processes (a refresh token is single-use) and pending consents.
 */
export interface OaTokenStore {
  get(): Promise<StoredTokens | undefined>;
  /** Stores the bootstrap pair when the store holds none; true when it did. */
  seedIfEmpty(input: { accessToken?: string; refreshToken?: string; now: number }): Promise<boolean>;
  /** Replaces the pair in one write (status back to ok). */
  save(input: { accessToken: string; refreshToken: string; accessExpiresAt: number; now: number }): Promise<StoredTokens>;
  markRejected(error: string, now: number): Promise<void>;
  noteRefreshFailure(error: string, now: number): Promise<void>;
  /** The provider refused `token` before its time: recorded as expired so the next caller refreshes. */
  expireAccessToken(token: string, now: number): Promise<void>;
  /** Takes the named lease for `ttlMs` unless someone else holds it; atomic across processes. */
  tryLease(name: string, owner: string, now: number, ttlMs: number): Promise<boolean>;
  releaseLease(name: string, owner: string): Promise<void>;
  addPending(p: OAuthPending): Promise<void>;
  /** Removes and returns the pending consent of `state` if created at or after `notBefore`. */
  takePending(state: string, notBefore: number): Promise<OAuthPending | undefined>;
}

/** What a queue-driven channel takes from storage. */
export interface ChannelQueues {
  inbox: InboxQueue;
  outbox: OutboxQueue;
  tokens: OaTokenStore;
  atomically: Atomically;
}
