import { createHash, randomBytes } from 'node:crypto';
import type { ConsoleSession, ConsoleSessionStore } from '../bot/ports/console.js';
import { migrate, type Db } from './sqlite.js';

export const CONSOLE_SESSIONS_MIGRATIONS = [
  {
    name: 'console_sessions_001',
    sql: `
      CREATE TABLE console_sessions (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        csrf TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL
      );
      CREATE INDEX console_sessions_user ON console_sessions(user_id);
    `,
  },
] as const;

export type { ConsoleSession } from '../bot/ports/console.js';

/** Absolute lifetime and idle timeout of a console session. */
export const SESSION_TTL_MS = 12 * 3600_000;
export const SESSION_IDLE_MS = 2 * 3600_000;

/** What is stored of a cookie token (both engines): its SHA-256, base64url. */
export const sessionTokenHash = (token: string): string => createHash('sha256').update(token).digest('base64url');
const sha256 = sessionTokenHash;

/** A new session's cookie token and CSRF token (random, base64url). */
export function newSessionSecrets(): { token: string; csrf: string } {
  return { token: randomBytes(32).toString('base64url'), csrf: randomBytes(24).toString('base64url') };
}

/**
 * Server-side sessions. Only a hash of the cookie token is stored, so a copy of the database
 * does not hand out live sessions.
 */
export class SqliteConsoleSessions implements ConsoleSessionStore {
  private readonly now: () => Date;

  constructor(
    private readonly db: Db,
    opts: { now?: () => Date } = {},
  ) {
    migrate(db, CONSOLE_SESSIONS_MIGRATIONS);
    this.now = opts.now ?? (() => new Date());
  }

  /** Creates a session; returns the cookie token (shown once) and the session. */
  async create(userId: string): Promise<{ token: string; session: ConsoleSession }> {
    const { token, csrf } = newSessionSecrets();
    const now = this.now();
    const session = { userId, csrf, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString() };
    this.db
      .prepare('INSERT INTO console_sessions (token_hash, user_id, csrf, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(sha256(token), userId, csrf, session.createdAt, session.expiresAt, session.createdAt);
    return { token, session };
  }

  /** The live session for a cookie token (touching its idle timer), or undefined. */
  async get(token: string): Promise<ConsoleSession | undefined> {
    const row = this.db.prepare('SELECT * FROM console_sessions WHERE token_hash = ?').get(sha256(token)) as
      | { user_id: string; csrf: string; created_at: string; expires_at: string; last_seen_at: string }
      | undefined;
    if (!row) return undefined;
    const now = this.now();
    if (row.expires_at <= now.toISOString() || new Date(row.last_seen_at).getTime() + SESSION_IDLE_MS <= now.getTime()) {
      this.destroy(token);
      return undefined;
    }
    this.db.prepare('UPDATE console_sessions SET last_seen_at = ? WHERE token_hash = ?').run(now.toISOString(), sha256(token));
    return { userId: row.user_id, csrf: row.csrf, createdAt: row.created_at, expiresAt: row.expires_at };
  }

  /**
   * The session for a token if it is still live, without touching its idle timer (an open
   * event stream re-checks its session this way; watching is not activity).
   */
  async peek(token: string): Promise<ConsoleSession | undefined> {
    const row = this.db.prepare('SELECT * FROM console_sessions WHERE token_hash = ?').get(sha256(token)) as
      | { user_id: string; csrf: string; created_at: string; expires_at: string; last_seen_at: string }
      | undefined;
    if (!row) return undefined;
    const now = this.now();
    if (row.expires_at <= now.toISOString() || new Date(row.last_seen_at).getTime() + SESSION_IDLE_MS <= now.getTime()) return undefined;
    return { userId: row.user_id, csrf: row.csrf, createdAt: row.created_at, expiresAt: row.expires_at };
  }

  async destroy(token: string): Promise<void> {
    this.db.prepare('DELETE FROM console_sessions WHERE token_hash = ?').run(sha256(token));
  }

  destroyForUser(userId: string): void {
    this.db.prepare('DELETE FROM console_sessions WHERE user_id = ?').run(userId);
  }

  /** Deletes sessions past their absolute lifetime or idle timeout (the retention runner calls it). */
  purgeExpired(): number {
    const now = this.now();
    return this.db
      .prepare('DELETE FROM console_sessions WHERE expires_at <= ? OR last_seen_at <= ?')
      .run(now.toISOString(), new Date(now.getTime() - SESSION_IDLE_MS).toISOString()).changes;
  }
}
