import type { ChannelQueues, SealedBox } from '../../bot/ports/index.js';
import type { PgDb } from './db.js';
import { PgZaloInbox } from './zalo-inbox.js';
import { PgZaloOutbox } from './zalo-outbox.js';
import { PgZaloTokenStore } from './zalo-token-store.js';

/**
 * The channel's queues on PostgreSQL. `queueBox` seals inbox bodies and outbox payloads,
 * `tokenBox` the OA tokens (the SQLite root passes `box.forPurpose('zalo-queue')` and the
 * box itself). `atomically` runs its callback in one transaction, on queues bound to it.
 */
export function createPgChannelQueues(db: PgDb, boxes: { queueBox: Pick<SealedBox, 'seal' | 'open'>; tokenBox: Pick<SealedBox, 'seal' | 'open'> }): ChannelQueues {
  const build = (on: PgDb) => ({
    inbox: new PgZaloInbox(on, boxes.queueBox),
    outbox: new PgZaloOutbox(on, boxes.queueBox),
    tokens: new PgZaloTokenStore(on, boxes.tokenBox),
  });
  return {
    ...build(db),
    atomically: (fn) => db.transaction((tx) => fn(build(tx))),
  };
}
