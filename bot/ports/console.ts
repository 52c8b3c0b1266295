/**
 * Ports of the lawyer console's own state: accounts, sessions and the access log, plus the
 * rota changes a coordinator makes from the console. `storage/console-*.ts` implements them
 * (SQLite); `channels/console/testing/fakes.ts` has in-memory fakes for router tests.
 *
 * Every method is asynchronous, so the stores can live on a network database (PostgreSQL)
 * shared by several processes; the console router awaits them. Password checks run scrypt
 * off the main thread.
 */
import type { Lawyer, ShiftException, WeeklyShift } from '../handoff/types.js';

/** Console roles: lawyers see their own cases, coordinators the rota and their wards, admins users, analysts the dashboard (of their wards). */
export const CONSOLE_ROLES = ['lawyer', 'coordinator', 'admin', 'analyst'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

export interface ConsoleUser {
  id: string;
  username: string;
  displayName: string;
  role: ConsoleRole;
  /** Rota lawyer id (role `lawyer`). */
  lawyerId?: string;
  /** Ward codes a coordinator (or analyst) covers; empty = the whole city. */
  servicePoints: string[];
  disabled: boolean;
  createdAt: string;
}

export interface NewConsoleUser {
  username: string;
  displayName?: string;
  password: string;
  role: ConsoleRole;
  lawyerId?: string;
  servicePoints?: string[];
}

/**
 * The outcome of a password check. `busy`: refused without checking (too many hashes waiting);
 * it does not count as a failure.
 */
export type LoginResult =
  | { ok: true; user: ConsoleUser }
  | { ok: false; reason: 'invalid' | 'locked' | 'disabled' | 'busy'; lockedUntil?: string };

/** Console accounts: passwords are checked here, never compared by the caller. */
export interface ConsoleUserDirectory {
  /** Throws `bad_request:console_*` for an invalid name, role or password, `conflict:console_username` for a taken name. */
  create(input: NewConsoleUser): Promise<ConsoleUser>;
  get(id: string): Promise<ConsoleUser | undefined>;
  list(): Promise<ConsoleUser[]>;
  /** Checks a password, counting failures and locking the account after too many. */
  login(username: string, password: string): Promise<LoginResult>;
}

export interface ConsoleSession {
  userId: string;
  /** Synchroniser token for forms and fetch calls of this session. */
  csrf: string;
  createdAt: string;
  expiresAt: string;
}

/** Server-side console sessions, found by the cookie token. */
export interface ConsoleSessionStore {
  /** Creates a session; returns the cookie token (shown once) and the session. */
  create(userId: string): Promise<{ token: string; session: ConsoleSession }>;
  /** The live session for a cookie token (touching its idle timer), or undefined. */
  get(token: string): Promise<ConsoleSession | undefined>;
  /** The live session without touching its idle timer (watching a stream is not activity). */
  peek(token: string): Promise<ConsoleSession | undefined>;
  destroy(token: string): Promise<void>;
}

export interface AccessLogEntry {
  at: string;
  userId?: string;
  username: string;
  role?: string;
  caseId?: string;
  /** view, view_denied, accept, decline, reply, note, close, reassign, login, login_failed, … */
  action: string;
  allowed: boolean;
  detail?: string;
}

export interface AccessLogFilter {
  caseId?: string;
  userId?: string;
  deniedOnly?: boolean;
  /** Newest first, at most this many (default 200). */
  limit?: number;
}

/** Append-only record of who looked at or acted on what, allowed or not. */
export interface AccessLog {
  record(e: Omit<AccessLogEntry, 'at'> & { at?: string }): Promise<void>;
  list(filter?: AccessLogFilter): Promise<AccessLogEntry[]>;
}

/** The rota changes a coordinator makes from the console (the rota is read through `RotaReader`). */
export interface RotaEditor {
  /** Adds or replaces lawyers and, when `schedule` is given, replaces their shifts and exceptions; one transaction. */
  importRota(input: { lawyers: Lawyer[]; schedule?: { shifts: WeeklyShift[]; exceptions: ShiftException[] } }): Promise<void>;
  addException(e: ShiftException): Promise<void>;
  /** False when there is no such lawyer. */
  setLawyerActive(id: string, active: boolean): Promise<boolean>;
}
