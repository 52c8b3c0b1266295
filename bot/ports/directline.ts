/**
 * Port: the Direct Line transcript store (issue 16). Conversations, their activities with
 * watermarks, and the user messages accepted but not yet answered, shared by every app
 * process of a deployment (SQLite: one process; PostgreSQL: several).
 *
 * Invariants every implementation keeps, across processes:
 * - **Watermarks.** Every stored activity gets the next sequence number of its conversation,
 *   allocated atomically: two processes appending at once get distinct, consecutive numbers,
 *   and a reader never sees number n+1 committed while n is not.
 * - **Idempotent posts.** A user activity whose `clientActivityId` is already stored in the
 *   conversation is returned (`duplicate: true`), not stored twice.
 * - **Answered exactly once.** A user message is stored `pending`, leased to the process that
 *   accepted it (`lease`). The process that holds the lease settles it (`answered` or
 *   `failed`), in the same commit as the replies when there are replies; a lease that expires
 *   (the process died) can be claimed by another process, once (`claimPending`), after which
 *   the first holder can no longer settle it: its replies are refused with
 *   `conflict:directline_lease` and nothing of them is stored.
 */

export type ActivityRole = 'user' | 'bot';
export type UserActivityState = 'pending' | 'answered' | 'failed';

export interface DirectLineConversationRow {
  id: string;
  userId: string;
  createdAt: string;
  startedAt: string | null;
  lastSeq: number;
}

export interface StoredActivity {
  conversationId: string;
  seq: number;
  /** `<conversationId>|<seq, 7 digits>` (`activityIdFor`). */
  id: string;
  role: ActivityRole;
  clientActivityId: string | null;
  state: UserActivityState | null;
  /** The activity as serialised JSON (what clients receive). */
  json: string;
}

/** A claimed pending activity, with how many times it has been claimed (1 on the first claim). */
export interface ClaimedActivity extends StoredActivity {
  attempts: number;
}

/** Who holds a pending user message, and until when (epoch of the holder's clock). */
export interface ActivityLease {
  /** The holding process (`DirectLineChannelDeps.instanceId`). */
  owner: string;
  until: Date;
}

export interface AppendInput {
  conversationId: string;
  role: ActivityRole;
  /** Builds the JSON once the id and sequence are known (the id goes inside the JSON). */
  render: (id: string, seq: number) => string;
  clientActivityId?: string | null;
  replyToId?: string | null;
  state?: UserActivityState | null;
  /** For a `pending` user message: the accepting process holds it from the start. */
  lease?: ActivityLease | null;
  now: Date;
}

/** The user message a batch of replies answers, settled in the same commit when `owner` still holds it. */
export interface AnswerOf {
  activityId: string;
  owner: string;
}

export interface DirectLineStore {
  createConversation(id: string, userId: string, now: Date): Promise<DirectLineConversationRow>;
  getConversation(id: string): Promise<DirectLineConversationRow | undefined>;
  /** Marks the conversation started; true only the first time, in any process (the bot greets once). */
  markStarted(id: string, now: Date): Promise<boolean>;
  /** Appends one activity with the next watermark (or returns the stored retry, `duplicate: true`). */
  append(input: AppendInput): Promise<StoredActivity & { duplicate: boolean }>;
  /**
   * Appends the bot's replies of one send with consecutive watermarks in one commit and, when
   * `answers` is given, marks that user message answered in the same commit. Throws
   * `conflict:directline_lease` (storing nothing) when the message is no longer pending under
   * `answers.owner` (another process took it over, or it is settled already).
   */
  appendMany(inputs: AppendInput[], answers?: AnswerOf): Promise<Array<StoredActivity & { duplicate: boolean }>>;
  /** Activities with a sequence above `watermark`, oldest first, at most `limit` (default 500). */
  listAfter(conversationId: string, watermark: number, limit?: number): Promise<StoredActivity[]>;
  /**
   * Settles a pending user message held by `owner` (or by nobody); false when it is not
   * pending or another process holds it. Clears its lease.
   */
  settle(activityId: string, state: 'answered' | 'failed', owner: string): Promise<boolean>;
  /**
   * Leases to `lease.owner` up to `limit` pending user messages whose lease has expired at
   * `now` (or that nobody holds), oldest first, and returns them. Concurrent claimers never
   * get the same message. `takeOver: true` claims every pending message whatever its lease
   * (a single-process deployment at start: whoever held them is this process's previous life).
   */
  claimPending(lease: ActivityLease, now: Date, options?: { limit?: number; takeOver?: boolean }): Promise<ClaimedActivity[]>;
  /** Extends every lease `owner` holds on pending messages to `until`; how many. */
  renewLeases(owner: string, until: Date): Promise<number>;
  /** Gives up every lease `owner` holds (clean shutdown: another process may claim them now). */
  releaseLeases(owner: string): Promise<number>;
  /** Every pending user message, oldest first (operators, tests). */
  listPending(): Promise<StoredActivity[]>;
  /** Deletes a conversation's transcript on request; true when there was one. */
  deleteConversation(id: string): Promise<boolean>;
  /**
   * Replaces the content of every settled activity of a conversation with a tombstone,
   * keeping ids and sequence numbers (watermarks held by clients stay valid).
   */
  eraseTranscript(conversationId: string, notice?: string): Promise<number>;
  /** Retention: deletes conversations with no activity since `before` and nothing pending. */
  purgeInactiveBefore(before: Date): Promise<number>;
  /** Proves the database is writable (readiness probe). */
  probeWrite(now: Date): Promise<void>;
}

/** Activity ids look like Azure's: `<conversationId>|<seq, 7 digits>`. */
export function activityIdFor(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, '0')}`;
}

/** The text an erased activity keeps. */
export const ERASED_ACTIVITY_NOTICE = 'Nội dung đã được xoá theo yêu cầu.';

/**
 * The tombstone of an erased activity: its envelope (type, id, time, conversation, sender,
 * reply link) and, for a message, `notice` as text. Same on every engine.
 */
export function activityTombstone(json: string, notice: string = ERASED_ACTIVITY_NOTICE): string {
  const a = JSON.parse(json) as Record<string, unknown>;
  const tombstone: Record<string, unknown> = {
    type: a.type,
    id: a.id,
    timestamp: a.timestamp,
    channelId: a.channelId,
    conversation: a.conversation,
    from: a.from,
    replyToId: a.replyToId,
  };
  if (a.type === 'message') tombstone.text = notice;
  return JSON.stringify(tombstone);
}
