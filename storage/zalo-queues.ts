import type { ChannelQueues, SealedBox } from '../bot/ports/index.js';
import type { Db } from './sqlite.js';
import { SqliteZaloInbox } from './zalo-inbox.js';
import { SqliteZaloOutbox } from './zalo-outbox.js';
import { SqliteZaloTokenStore } from './zalo-token-store.js';

/**
 * The Zalo queues (the `ChannelQueues` port) over the shared SQLite database. The OA tokens keep
 * the project's base key they were sealed with before purpose keys existed; the queues get their
 * own purpose key.
 */
export function sqliteZaloQueues(db: Db, box: SealedBox): ChannelQueues {
  return {
    inbox: new SqliteZaloInbox(db, box.forPurpose('zalo-queue')),
    outbox: new SqliteZaloOutbox(db, box.forPurpose('zalo-queue')),
    tokens: new SqliteZaloTokenStore(db, box),
    atomically: (fn) => db.transaction(fn)(),
  };
}
