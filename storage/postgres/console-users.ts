import { AppError } from '../../knowledge/errors.js';
import type { ConsoleUser, ConsoleUserDirectory, LoginResult, NewConsoleUser } from '../../bot/ports/console.js';
import {
  checkNewUser,
  consoleUserOf,
  dummyCheck,
  HashGate,
  hashPassword,
  LOCKOUT_MINUTES,
  MAX_FAILED_LOGINS,
  MIN_PASSWORD_LENGTH,
  verifyPassword,
  type ConsoleUserRow,
} from '../console-users.js';
import type { PgDb } from './db.js';

/**
 * Console accounts on PostgreSQL (`migrations/030_console_users.sql`), the twin of
 * `storage/console-users.ts`: the same scrypt hashes (a copied account logs in here), the same
 * lockout arithmetic, the same gate on concurrent hashes (per process).
 *
 * Across processes: a name is taken by the unique index on `lower(username)`, so of two
 * processes adding one name at once exactly one insert lands (`ON CONFLICT DO NOTHING`) and the
 * other gets `conflict:console_username`. A login reserves its failure in one `UPDATE …
 * RETURNING` (the row lock orders concurrent attempts from every process) before hashing, so
 * wrong passwords spread over several processes still lock the account at the fifth.
 */
export class PgConsoleUsers implements ConsoleUserDirectory {
  private readonly now: () => Date;
  private readonly newId: () => string;
  readonly hashes: HashGate;

  constructor(
    private readonly db: PgDb,
    opts: { now?: () => Date; newId?: () => string; hashConcurrency?: number; maxQueuedHashes?: number } = {},
  ) {
    this.now = opts.now ?? (() => new Date());
    this.newId = opts.newId ?? (() => globalThis.crypto.randomUUID());
    this.hashes = new HashGate(opts.hashConcurrency ?? 2, opts.maxQueuedHashes ?? 16);
  }

  async create(input: NewConsoleUser): Promise<ConsoleUser> {
    const username = checkNewUser(input);
    if (await this.findRow(username)) throw new AppError('conflict:console_username', `User ${username} already exists`);
    const at = this.now().toISOString();
    const { rows } = await this.db.query<ConsoleUserRow>(
      `INSERT INTO console_users (id, username, display_name, password_hash, role, lawyer_id, service_points, created_at, password_changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
       ON CONFLICT DO NOTHING RETURNING *`,
      [this.newId(), username, input.displayName?.trim() || username, await hashPassword(input.password), input.role, input.lawyerId ?? null, JSON.stringify(input.servicePoints ?? []), at],
    );
    // Another process added the name while this one was hashing.
    if (!rows[0]) throw new AppError('conflict:console_username', `User ${username} already exists`);
    return consoleUserOf(rows[0]);
  }

  async get(id: string): Promise<ConsoleUser | undefined> {
    const { rows } = await this.db.query<ConsoleUserRow>('SELECT * FROM console_users WHERE id = $1', [id]);
    return rows[0] ? consoleUserOf(rows[0]) : undefined;
  }

  async findByUsername(username: string): Promise<ConsoleUser | undefined> {
    const row = await this.findRow(username);
    return row ? consoleUserOf(row) : undefined;
  }

  async list(): Promise<ConsoleUser[]> {
    // SQLite orders the role by bytes and the name by its NOCASE collation (ASCII folded to lower case).
    const { rows } = await this.db.query<ConsoleUserRow>('SELECT * FROM console_users ORDER BY role COLLATE "C", lower(username) COLLATE "C"');
    return rows.map(consoleUserOf);
  }

  private async findRow(username: string): Promise<ConsoleUserRow | undefined> {
    const { rows } = await this.db.query<ConsoleUserRow>('SELECT * FROM console_users WHERE lower(username) = lower($1)', [username.trim()]);
    return rows[0];
  }

  /** Checks a password; see `SqliteConsoleUsers.login` for the lockout rules (the same here). */
  async login(username: string, password: string): Promise<LoginResult> {
    const row = await this.findRow(username);
    if (!row) return (await dummyCheck(this.hashes, password)) ? { ok: false, reason: 'invalid' } : { ok: false, reason: 'busy' };
    const nowIso = this.now().toISOString();
    const until = new Date(this.now().getTime() + LOCKOUT_MINUTES * 60_000).toISOString();
    const reserved = (
      await this.db.query<{ failed_count: number; locked_until: string | null }>(
        `UPDATE console_users SET
           failed_count = CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_count + 1 END,
           locked_until = CASE WHEN (CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_count + 1 END) >= $4 THEN $3 ELSE NULL END
         WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $2)
         RETURNING failed_count, locked_until`,
        [row.id, nowIso, until, MAX_FAILED_LOGINS],
      )
    ).rows[0];
    if (!reserved) {
      const current = await this.findRow(username);
      return { ok: false, reason: 'locked', lockedUntil: current?.locked_until ?? undefined };
    }
    const verdict = await this.hashes.run(() => verifyPassword(password, row.password_hash));
    if (verdict === undefined) {
      await this.db.query('UPDATE console_users SET failed_count = GREATEST(failed_count - 1, 0) WHERE id = $1 AND locked_until IS NULL', [row.id]);
      return { ok: false, reason: 'busy' };
    }
    if (verdict) {
      const fresh = (await this.db.query<ConsoleUserRow>('UPDATE console_users SET failed_count = 0, locked_until = NULL WHERE id = $1 RETURNING *', [row.id])).rows[0] ?? row;
      const user = consoleUserOf(fresh);
      if (user.disabled) return { ok: false, reason: 'disabled' };
      return { ok: true, user };
    }
    if (reserved.locked_until) return { ok: false, reason: 'locked', lockedUntil: reserved.locked_until };
    return { ok: false, reason: 'invalid' };
  }

  async setPassword(id: string, password: string): Promise<void> {
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new AppError('bad_request:console_password', `Password must have at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    await this.db.query('UPDATE console_users SET password_hash = $1, password_changed_at = $2, failed_count = 0, locked_until = NULL WHERE id = $3', [
      await hashPassword(password),
      this.now().toISOString(),
      id,
    ]);
  }

  async setDisabled(id: string, disabled: boolean): Promise<void> {
    await this.db.query('UPDATE console_users SET disabled = $1 WHERE id = $2', [disabled, id]);
  }
}
