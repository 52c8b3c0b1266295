import type { Atomically, ChannelQueues, SealedBox, TransactionQueues } from '../bot/ports/index.js';
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
  const stores: TransactionQueues = {
    inbox: new SqliteZaloInbox(db, box.forPurpose('zalo-queue')),
    outbox: new SqliteZaloOutbox(db, box.forPurpose('zalo-queue')),
    tokens: new SqliteZaloTokenStore(db, box),
  };
  return { ...stores, atomically: sqliteAtomically(db, stores) };
}

/** One queue per connection: `atomically` callers on one `Db` take turns. */
const turns = new WeakMap<Db, { tail: Promise<unknown> }>();

/**
 * `atomically` on one SQLite connection. A better-sqlite3 transaction function cannot span an
 * await, so the transaction is opened and closed by hand (`BEGIN IMMEDIATE` takes the write
 * lock at once, so another process's writer waits on the busy timeout instead of failing
 * mid-way), and the callers of one connection are serialised: a second `atomically` waits
 * for the first to commit instead of opening a transaction inside it. The SQLite stores
 * answer synchronously underneath, so a callback that only awaits the queues it is given
 * keeps the transaction open for microtasks only. Other statements run on the connection
 * meanwhile (another store's) join the open transaction; better-sqlite3's own transaction
 * functions nest as savepoints.
 */
export function sqliteAtomically(db: Db, stores: TransactionQueues): Atomically {
  let turn = turns.get(db);
  if (!turn) turns.set(db, (turn = { tail: Promise.resolve() }));
  const queue = turn;
  return <T>(fn: (tx: TransactionQueues) => Promise<T>): Promise<T> => {
    const run = queue.tail.then(async () => {
      db.exec('BEGIN IMMEDIATE');
      try {
        const out = await fn(stores);
        db.exec('COMMIT');
        return out;
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      }
    });
    queue.tail = run.catch(() => undefined);
    return run;
  };
}
