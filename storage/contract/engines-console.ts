import type pg from 'pg';
import type { AccessLog, ConsoleSessionStore, ConsoleUser, ConsoleUserDirectory, DashboardAnalytics, TurnLog } from '../../bot/ports/index.js';
import { sqliteDashboardAnalytics, SqliteAnalytics } from '../analytics.js';
import { SqliteAccessLog } from '../console-access-log.js';
import { SqliteConsoleSessions } from '../console-sessions.js';
import { SqliteConsoleUsers } from '../console-users.js';
import { SqliteFeedbackStore } from '../feedback-store.js';
import { PgAccessLog, PgAnalytics, PgConsoleSessions, PgConsoleUsers, PgFeedbackStore, PgTurnLog, pgDb } from '../postgres/index.js';
import type { Db } from '../sqlite.js';
import { SqliteTurnLog } from '../turn-log.js';
import { boxes, type ContractFeedbackStore } from './engines-stores.js';
import { engineTitle, postgresEngineOf, probePostgres, sqliteEngineOf } from './engines.js';

/**
 * The engines of the console's and the dashboard's contract suites (accounts, sessions,
 * access log, analytics), beside `engines-stores.ts`: each suite is written against the
 * ports and runs over SQLite (the real stores on a temporary file; several handles are
 * several connections) and PostgreSQL (a fresh migrated schema on `PG_TEST_URL`; several
 * handles are several pools, as several app processes have).
 */

/** The account directory as the app uses it: the port plus what `users:add` and admins use. */
export interface ContractConsoleUsers extends ConsoleUserDirectory {
  findByUsername(username: string): Promise<ConsoleUser | undefined>;
  setDisabled(id: string, disabled: boolean): Promise<void>;
  setPassword(id: string, password: string): Promise<void>;
}

/** The session store plus its retention. */
export interface ContractConsoleSessions extends ConsoleSessionStore {
  destroyForUser(userId: string): Promise<void>;
  purgeExpired(): Promise<number>;
}

/** The stores of one handle (one "process"). */
export interface ConsoleStores {
  users: ContractConsoleUsers;
  sessions: ContractConsoleSessions;
  accessLog: AccessLog;
  /** The turn log and feedback the analytics read (the app's stores, recording as it does). */
  turnLog: TurnLog;
  feedback: ContractFeedbackStore;
  analytics: DashboardAnalytics;
}

export interface OpenedConsoleStores {
  handles: ConsoleStores[];
  clock: { now: Date };
  sql(text: string): Promise<Record<string, unknown>[]>;
}

export interface ConsoleStoreEngine {
  name: 'SQLite' | 'PostgreSQL';
  skipReason: string | undefined;
  open(handles?: number): Promise<OpenedConsoleStores>;
  cleanup(): Promise<void>;
}

function sqliteStores(db: Db, clock: { now: Date }): ConsoleStores {
  const now = () => clock.now;
  const users = new SqliteConsoleUsers(db, { now });
  const sessions = new SqliteConsoleSessions(db, { now });
  const turnLog = new SqliteTurnLog(db, boxes.turnLog, { topicHash: (s) => boxes.turnLog.lookupHash(s) });
  const feedback = new SqliteFeedbackStore(db, boxes.feedback);
  return {
    users,
    sessions: {
      create: (u) => sessions.create(u),
      get: (t) => sessions.get(t),
      peek: (t) => sessions.peek(t),
      destroy: (t) => sessions.destroy(t),
      destroyForUser: async (u) => sessions.destroyForUser(u),
      purgeExpired: async () => sessions.purgeExpired(),
    },
    accessLog: new SqliteAccessLog(db, { now }),
    turnLog,
    feedback: {
      record: (e) => feedback.record(e),
      addReason: (e, withinMs) => feedback.addReason(e, withinMs),
      list: (limit) => feedback.list(limit),
      openQuestion: (row) => feedback.openQuestion(row),
      eraseSubject: async (s) => feedback.eraseSubject(s),
      purgeBefore: async (b) => feedback.purgeBefore(b),
    },
    analytics: sqliteDashboardAnalytics(new SqliteAnalytics(db)),
  };
}

function pgStores(pool: pg.Pool, clock: { now: Date }): ConsoleStores {
  const db = pgDb(pool);
  const now = () => clock.now;
  return {
    users: new PgConsoleUsers(db, { now }),
    sessions: new PgConsoleSessions(db, { now }),
    accessLog: new PgAccessLog(db, { now }),
    turnLog: new PgTurnLog(db, boxes.turnLog),
    feedback: new PgFeedbackStore(db, boxes.feedback),
    analytics: new PgAnalytics(db),
  };
}

const START = new Date('2026-11-26T10:00:00.000Z');

/** Both engines; PostgreSQL carries a skip reason when no server answers at `PG_TEST_URL`. */
export async function consoleStoreEngines(): Promise<ConsoleStoreEngine[]> {
  const reason = await probePostgres();
  if (reason) console.warn(`[store contract] PostgreSQL half skipped: ${reason}`);
  return [
    sqliteEngineOf('console-contract-', ({ connections, sql }) => {
      const clock = { now: new Date(START) };
      return { handles: connections.map((db) => sqliteStores(db, clock)), clock, sql };
    }),
    postgresEngineOf(reason, ({ connections, sql }) => {
      const clock = { now: new Date(START) };
      return { handles: connections.map((p) => pgStores(p, clock)), clock, sql };
    }),
  ];
}

export const consoleEngineTitle = engineTitle;
