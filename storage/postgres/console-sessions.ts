import type { ConsoleSession, ConsoleSessionStore } from '../../bot/ports/console.js';
import { newSessionSecrets, SESSION_IDLE_MS, SESSION_TTL_MS, sessionTokenHash } from '../console-sessions.js';
import type { PgDb } from './db.js';

interface SessionRow {
  user_id: string;
  csrf: string;
  created_at: string;
  expires_at: string;
}

const sessionOf = (r: SessionRow): ConsoleSession => ({ userId: r.user_id, csrf: r.csrf, createdAt: r.created_at, expiresAt: r.expires_at });

/**
 * Console sessions on PostgreSQL (`migrations/031_console_sessions.sql`), the twin of
 * `storage/console-sessions.ts`: only the token's SHA-256 is stored, with the same lifetime
 * and idle timeout. Every process reads the same rows, so a cookie issued by one process is
 * valid on the others and a logout on one ends the session everywhere (nothing is cached).
 * `get` checks and touches in one `UPDATE … RETURNING`.
 */
export class PgConsoleSessions implements ConsoleSessionStore {
  private readonly now: () => Date;

  constructor(
    private readonly db: PgDb,
    opts: { now?: () => Date } = {},
  ) {
    this.now = opts.now ?? (() => new Date());
  }

  async create(userId: string): Promise<{ token: string; session: ConsoleSession }> {
    const { token, csrf } = newSessionSecrets();
    const now = this.now();
    const session = { userId, csrf, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString() };
    await this.db.query('INSERT INTO console_sessions (token_hash, user_id, csrf, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $4)', [
      sessionTokenHash(token),
      userId,
      csrf,
      session.createdAt,
      session.expiresAt,
    ]);
    return { token, session };
  }

  async get(token: string): Promise<ConsoleSession | undefined> {
    const now = this.now();
    const { rows } = await this.db.query<SessionRow>(
      'UPDATE console_sessions SET last_seen_at = $2 WHERE token_hash = $1 AND expires_at > $2 AND last_seen_at > $3 RETURNING user_id, csrf, created_at, expires_at',
      [sessionTokenHash(token), now.toISOString(), new Date(now.getTime() - SESSION_IDLE_MS).toISOString()],
    );
    if (rows[0]) return sessionOf(rows[0]);
    // Expired (or unknown): gone, as in SQLite.
    await this.destroy(token);
    return undefined;
  }

  async peek(token: string): Promise<ConsoleSession | undefined> {
    const now = this.now();
    const { rows } = await this.db.query<SessionRow>(
      'SELECT user_id, csrf, created_at, expires_at FROM console_sessions WHERE token_hash = $1 AND expires_at > $2 AND last_seen_at > $3',
      [sessionTokenHash(token), now.toISOString(), new Date(now.getTime() - SESSION_IDLE_MS).toISOString()],
    );
    return rows[0] ? sessionOf(rows[0]) : undefined;
  }

  async destroy(token: string): Promise<void> {
    await this.db.query('DELETE FROM console_sessions WHERE token_hash = $1', [sessionTokenHash(token)]);
  }

  async destroyForUser(userId: string): Promise<void> {
    await this.db.query('DELETE FROM console_sessions WHERE user_id = $1', [userId]);
  }

  /** Deletes sessions past their absolute lifetime or idle timeout (a retention task). */
  async purgeExpired(): Promise<number> {
    const now = this.now();
    const res = await this.db.query('DELETE FROM console_sessions WHERE expires_at <= $1 OR last_seen_at <= $2', [
      now.toISOString(),
      new Date(now.getTime() - SESSION_IDLE_MS).toISOString(),
    ]);
    return res.rowCount ?? 0;
  }
}
