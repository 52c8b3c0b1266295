import type { ChannelQueues, InboxQueue, OaTokenStore, OutboxQueue } from '../../bot/ports/index.js';

/**
 * The asynchronous form of a synchronous port: the same methods, arguments and results,
 * each result behind a promise. The channel-queue ports were written for SQLite, whose
 * driver answers synchronously; a network database cannot. Until the ports themselves
 * become asynchronous (see README.md, "Ports that must become async"), the PostgreSQL
 * stores implement this form and the contract suites are written against it, the SQLite
 * stores joining them through a wrapper in `storage/contract/`.
 */
export type AsyncPort<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

export type AsyncInboxQueue = AsyncPort<InboxQueue>;
export type AsyncOutboxQueue = AsyncPort<OutboxQueue>;
export type AsyncOaTokenStore = AsyncPort<OaTokenStore>;

/**
 * `ChannelQueues` made asynchronous. `atomically` hands the callback queues bound to one
 * transaction (a PostgreSQL transaction lives on one connection, so the stores used inside
 * it must be the ones given, not the outer ones).
 */
export interface AsyncChannelQueues {
  inbox: AsyncInboxQueue;
  outbox: AsyncOutboxQueue;
  tokens: AsyncOaTokenStore;
  atomically<T>(fn: (tx: Omit<AsyncChannelQueues, 'atomically'>) => Promise<T>): Promise<T>;
}
