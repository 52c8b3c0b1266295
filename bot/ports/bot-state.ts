import type { Storage } from '@microsoft/agents-hosting';
import type { DataSubject } from './erasure.js';

/**
 * Port: the bot's conversation and user state (issue 16), the Agents SDK `Storage` the
 * bot's `ConversationState`/`UserState` read and write, plus what erasure and retention need.
 * SQLite (one process) and PostgreSQL (several processes sharing one database) implement it.
 *
 * Invariants every implementation keeps, across processes:
 * - **Optimistic concurrency.** A write carrying an `eTag` other than `'*'` succeeds only if
 *   the stored item still has that eTag; otherwise it fails with `conflict:storage_etag` and
 *   changes nothing (a write is one unit over all its keys). Two processes writing one key
 *   with the same eTag: exactly one wins. Every successful write gives the item a new eTag.
 * - **Sealed at rest.** Values hold form sessions (names, ID numbers, addresses): each is
 *   sealed with the `bot-state` purpose key, bound to its key.
 */
export interface BotStateStore extends Storage {
  /**
   * Erasure: the conversation's state and the user's state on that channel (keys
   * `<channel>/conversations/<id>/…` and `<channel>/users/<id>/…`); how many items went.
   */
  eraseSubject(subject: DataSubject): Promise<number>;
  /** Retention: items not written since `before` (abandoned conversations, form sessions); how many went. */
  purgeInactiveBefore(before: Date): Promise<number>;
}
