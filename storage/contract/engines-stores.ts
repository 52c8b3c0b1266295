import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type {
  BotStateStore,
  CaseNotes,
  CaseRepository,
  FeedbackEntry,
  FeedbackReason,
  FeedbackStore,
  FileStore,
  ProfileStore,
  SealedBox,
  TranscriptRepository,
  TurnLog,
  TurnLogEntry,
} from '../../bot/ports/index.js';
import { SqliteCaseStore } from '../case-store.js';
import { SqliteConsoleNotes } from '../console-notes.js';
import { SqliteTranscriptStore } from '../console-transcript.js';
import { createSealedBox } from '../crypto.js';
import { SqliteFeedbackStore } from '../feedback-store.js';
import { SqliteFileStore, type StoredFile } from '../file-store.js';
import { PgCaseStore } from '../postgres/case-store.js';
import { PgConsoleNotes } from '../postgres/console-notes.js';
import { PgTranscriptStore } from '../postgres/console-transcript.js';
import { PgFeedbackStore } from '../postgres/feedback-store.js';
import { PgFileStore } from '../postgres/file-store.js';
import { pgDb } from '../postgres/index.js';
import { PgStorage } from '../postgres/bot-state.js';
import { PgProfileStore } from '../postgres/profile-store.js';
import { PgRotaStore } from '../postgres/rota-store.js';
import { PgTurnLog } from '../postgres/turn-log.js';
import { SqliteProfileStore } from '../profile-store.js';
import { SqliteRotaStore, type RotaStore } from '../rota-store.js';
import type { Db } from '../sqlite.js';
import { SqliteStorage } from '../sqlite-storage.js';
import { SqliteTurnLog } from '../turn-log.js';
import { engineTitle, postgresEngineOf, probePostgres, sqliteEngineOf } from './engines.js';

/**
 * The engines of the domain stores' contract suites (cases, profiles, files, feedback, turn
 * log), beside `engines.ts` (the channel queues'): each suite is written once against the
 * port and runs over SQLite (the real stores on a temporary file; several handles are several
 * connections to it) and PostgreSQL (a fresh schema per test on `PG_TEST_URL`, migrated with
 * `migratePostgres`; several handles are several pools, as several app processes have).
 */

/**
 * The file store as the app uses it: the port, plus the signed links `/files/:id` checks and
 * erasure (asynchronous on both engines here; the SQLite store's erasure is synchronous).
 */
export interface ContractFileStore extends FileStore {
  linkFor(fileId: string, conversationId: string): string;
  open(fileId: string, query: { c?: unknown; e?: unknown; s?: unknown }): Promise<StoredFile>;
  deleteConversation(conversationId: string): Promise<number>;
}

/** The feedback store as the app and the dashboard use it: the port, review, erasure and retention. */
export interface ContractFeedbackStore extends FeedbackStore {
  addReason(entry: FeedbackEntry & { reason: FeedbackReason }, withinMs: number): Promise<void>;
  list(limit?: number): Promise<FeedbackEntry[]>;
  openQuestion(row: { conversation_id: string; at: string; question: string }): string;
  eraseSubject(subject: { conversationId: string; userId?: string }): Promise<number>;
  purgeBefore(before: Date): Promise<number>;
}

/** The turn log as the app uses it: the port, a conversation's recent turns, erasure and retention. */
export interface ContractTurnLog extends TurnLog {
  recent(conversationId: string, limit?: number): Promise<TurnLogEntry[]>;
  openText(row: { conversation_id: string; at: string; text: string }): string;
  eraseSubject(subject: { conversationId: string; userId?: string }): Promise<number>;
  purgeBefore(before: Date): Promise<number>;
}

/** The stores of one handle (one "process"). */
export interface DomainStores {
  cases: CaseRepository;
  profiles: ProfileStore;
  files: ContractFileStore;
  feedback: ContractFeedbackStore;
  turnLog: ContractTurnLog;
  botState: BotStateStore;
  rota: RotaStore;
  transcript: TranscriptRepository;
  /** Note ids are random, times the opening's clock. */
  notes: CaseNotes;
}

export interface OpenedDomainStores {
  handles: DomainStores[];
  /** The clock every store of this opening reads; tests move `clock.now`. */
  clock: { now: Date };
  /** Plain SQL both engines read the same way (rows at rest), or a write (no rows). */
  sql(text: string): Promise<Record<string, unknown>[]>;
}

export interface DomainStoreEngine {
  name: 'SQLite' | 'PostgreSQL';
  skipReason: string | undefined;
  open(handles?: number): Promise<OpenedDomainStores>;
  /** Closes and removes everything opened since the last call (afterEach). */
  cleanup(): Promise<void>;
}

/** The master box of the contract runs; each store takes its purpose box as the app does. */
export const contractBox: SealedBox = createSealedBox(Buffer.alloc(32, 7));
export const boxes = {
  cases: contractBox.forPurpose('legal-aid'),
  profiles: contractBox,
  files: contractBox,
  feedback: contractBox.forPurpose('feedback'),
  turnLog: contractBox.forPurpose('turn-log'),
  botState: contractBox.forPurpose('bot-state'),
  // The lawyer chat and notes are sealed with the legal-aid box, as the app does.
  legalAid: contractBox.forPurpose('legal-aid'),
};
/** The key file links are signed with (one per deployment, every process the same). */
export const fileLinkKey = Buffer.alloc(32, 9);

function sqliteStores(db: Db, clock: { now: Date }): DomainStores {
  const files = new SqliteFileStore({ db, signingKey: fileLinkKey, cipher: boxes.files, clock: () => clock.now });
  // The turn log first: the feedback store reads the ward of the rated turn from it.
  const turnLog = new SqliteTurnLog(db, boxes.turnLog);
  const feedback = new SqliteFeedbackStore(db, boxes.feedback);
  return {
    cases: new SqliteCaseStore(db, { box: boxes.cases, clock: () => clock.now }),
    profiles: new SqliteProfileStore(db, boxes.profiles),
    files: {
      put: (input) => files.put(input),
      get: (id) => files.get(id),
      linkFor: (id, conversationId) => files.linkFor(id, conversationId),
      open: (id, query) => files.open(id, query),
      deleteConversation: async (conversationId) => files.deleteConversation(conversationId),
    },
    feedback: {
      record: (e) => feedback.record(e),
      addReason: (e, withinMs) => feedback.addReason(e, withinMs),
      list: (limit) => feedback.list(limit),
      openQuestion: (row) => feedback.openQuestion(row),
      eraseSubject: async (subject) => feedback.eraseSubject(subject),
      purgeBefore: async (before) => feedback.purgeBefore(before),
    },
    rota: new SqliteRotaStore(db),
    transcript: new SqliteTranscriptStore(db, boxes.legalAid),
    notes: new SqliteConsoleNotes(db, boxes.legalAid, { now: () => clock.now, newId: () => randomUUID() }),
    turnLog: {
      record: (e) => turnLog.record(e),
      recent: (conversationId, limit) => turnLog.recent(conversationId, limit),
      openText: (row) => turnLog.openText(row),
      eraseSubject: async (subject) => turnLog.eraseSubject(subject),
      purgeBefore: async (before) => turnLog.purgeBefore(before),
    },
    botState: new SqliteStorage(db, { cipher: boxes.botState, clock: () => clock.now }),
  };
}

function pgStores(pool: pg.Pool, clock: { now: Date }): DomainStores {
  const db = pgDb(pool);
  return {
    cases: new PgCaseStore(db, { box: boxes.cases, clock: () => clock.now }),
    profiles: new PgProfileStore(db, boxes.profiles),
    files: new PgFileStore({ db, signingKey: fileLinkKey, cipher: boxes.files, clock: () => clock.now }),
    feedback: new PgFeedbackStore(db, boxes.feedback),
    turnLog: new PgTurnLog(db, boxes.turnLog),
    botState: new PgStorage(db, { cipher: boxes.botState, clock: () => clock.now }),
    rota: new PgRotaStore(db),
    transcript: new PgTranscriptStore(db, boxes.legalAid),
    notes: new PgConsoleNotes(db, boxes.legalAid, { now: () => clock.now, newId: () => randomUUID() }),
  };
}

const START = new Date('2026-11-26T10:00:00.000Z');

function sqliteEngine(): DomainStoreEngine {
  return sqliteEngineOf('domain-contract-', ({ connections, sql }) => {
    const clock = { now: new Date(START) };
    return { handles: connections.map((db) => sqliteStores(db, clock)), clock, sql };
  });
}

function postgresEngine(skipReason: string | undefined): DomainStoreEngine {
  return postgresEngineOf(skipReason, ({ connections, sql }) => {
    const clock = { now: new Date(START) };
    return { handles: connections.map((p) => pgStores(p, clock)), clock, sql };
  });
}

/** Both engines; PostgreSQL carries a skip reason when no server answers at `PG_TEST_URL`. */
export async function domainStoreEngines(): Promise<DomainStoreEngine[]> {
  const reason = await probePostgres();
  if (reason) console.warn(`[store contract] PostgreSQL half skipped: ${reason}`);
  return [sqliteEngine(), postgresEngine(reason)];
}

/** The describe title: the engine, and why it is skipped when it is. */
export const domainEngineTitle = engineTitle;
