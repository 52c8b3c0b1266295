import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { AppError } from '../knowledge/errors.js';
import { CONSOLE_ROLES, type ConsoleRole, type ConsoleUser, type ConsoleUserDirectory, type LoginResult, type NewConsoleUser } from '../bot/ports/console.js';
import { migrate, type Db } from './sqlite.js';

export { CONSOLE_ROLES } from '../bot/ports/console.js';
export type { ConsoleRole, ConsoleUser, LoginResult, NewConsoleUser } from '../bot/ports/console.js';

export const CONSOLE_USERS_MIGRATIONS = [
  {
    name: 'console_users_001',
    sql: `
      CREATE TABLE console_users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL,
        lawyer_id TEXT,
        service_points TEXT NOT NULL DEFAULT '[]',
        failed_count INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        password_changed_at TEXT NOT NULL
      );
    `,
  },
] as const;

// scrypt cost: N=2^15, r=8, p=1 (≈ 32 MiB, tens of ms): slow for guessing, fine for a login.
const SCRYPT: ScryptOptions = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LEN = 64;

function scrypt(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFC'), salt, KEY_LEN, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash` (base64). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A password a person can type from a printout: 4 groups of 4 lower-case letters and digits. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  let out = '';
  for (let i = 0; i < 16; i++) {
    out += alphabet[bytes[i]! % alphabet.length];
    if (i % 4 === 3 && i < 15) out += '-';
  }
  return out;
}

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
export const MIN_PASSWORD_LENGTH = 10;

/**
 * A counting semaphore for password hashes. scrypt at N=2^15 takes 32 MiB and one of the
 * four libuv threads for tens of milliseconds; unbounded, a flood of logins (even for
 * unknown users) would occupy every thread and stall file I/O and DNS for everyone. At
 * most `concurrency` hashes run at once; at most `maxQueued` wait; beyond that a login is
 * refused at once (`busy`) without hashing.
 */
export class HashGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  /** Hashes started since creation (tests and metrics). */
  started = 0;

  constructor(
    readonly concurrency = 2,
    readonly maxQueued = 16,
  ) {}

  /** Runs `fn` under the gate, or returns undefined when the queue is full. */
  async run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxQueued) return undefined;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    this.started++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter (running stays the same).
      if (next) next();
      else this.running--;
    }
  }
}

/**
 * Checks a new account's name, role, password and rota link (both engines); returns the
 * trimmed username. Throws `bad_request:console_*`.
 */
export function checkNewUser(input: NewConsoleUser): string {
  const username = input.username.trim();
  if (!/^[a-zA-Z0-9_.-]{3,40}$/.test(username)) {
    throw new AppError('bad_request:console_username', 'Username must be 3–40 letters, digits, _ . -');
  }
  if (!(CONSOLE_ROLES as readonly string[]).includes(input.role)) {
    throw new AppError('bad_request:console_role', `Role must be one of ${CONSOLE_ROLES.join(', ')}`);
  }
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('bad_request:console_password', `Password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (input.role === 'lawyer' && !input.lawyerId) {
    throw new AppError('bad_request:console_lawyer', 'A lawyer account needs the rota lawyer id');
  }
  return username;
}

/** A `console_users` row on either engine (`disabled` is 0/1 in SQLite, a boolean in PostgreSQL). */
export interface ConsoleUserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: ConsoleRole;
  lawyer_id: string | null;
  service_points: string;
  failed_count: number;
  locked_until: string | null;
  disabled: number | boolean;
  created_at: string;
}
type UserRow = ConsoleUserRow;

/** The account a row describes (no password hash). */
export function consoleUserOf(r: ConsoleUserRow): ConsoleUser {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    lawyerId: r.lawyer_id ?? undefined,
    servicePoints: JSON.parse(r.service_points) as string[],
    disabled: r.disabled === 1 || r.disabled === true,
    createdAt: r.created_at,
  };
}

// A hash to verify against when the username does not exist, so timing does not reveal it.
let dummyHash: Promise<string> | undefined;

/** Spends a real check's cost on an unknown name (through the gate); false when the gate is full. */
export async function dummyCheck(hashes: HashGate, password: string): Promise<boolean> {
  const done = await hashes.run(async () => {
    dummyHash ??= hashPassword('not-a-real-password');
    await verifyPassword(password, await dummyHash);
    return true;
  });
  return done === true;
}

/** Console accounts with scrypt passwords and lockout after repeated failures. */
export class SqliteConsoleUsers implements ConsoleUserDirectory {
  private readonly now: () => Date;
  private readonly newId: () => string;
  /** Bounds concurrent password hashes (shared by logins, dummy checks and password changes). */
  readonly hashes: HashGate;

  constructor(
    private readonly db: Db,
    opts: { now?: () => Date; newId?: () => string; hashConcurrency?: number; maxQueuedHashes?: number } = {},
  ) {
    migrate(db, CONSOLE_USERS_MIGRATIONS);
    this.now = opts.now ?? (() => new Date());
    this.newId = opts.newId ?? (() => globalThis.crypto.randomUUID());
    this.hashes = new HashGate(opts.hashConcurrency ?? 2, opts.maxQueuedHashes ?? 16);
  }

  async create(input: NewConsoleUser): Promise<ConsoleUser> {
    const username = checkNewUser(input);
    if (this.findRow(username)) throw new AppError('conflict:console_username', `User ${username} already exists`);
    const at = this.now().toISOString();
    const id = this.newId();
    const hash = await hashPassword(input.password);
    try {
      this.db
        .prepare(
          `INSERT INTO console_users (id, username, display_name, password_hash, role, lawyer_id, service_points, created_at, password_changed_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, username, input.displayName?.trim() || username, hash, input.role, input.lawyerId ?? null, JSON.stringify(input.servicePoints ?? []), at, at);
    } catch (err) {
      // Another connection added the name while this one was hashing.
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new AppError('conflict:console_username', `User ${username} already exists`, { cause: err });
      throw err;
    }
    return (await this.get(id))!;
  }

  async get(id: string): Promise<ConsoleUser | undefined> {
    const row = this.db.prepare('SELECT * FROM console_users WHERE id = ?').get(id) as UserRow | undefined;
    return row ? consoleUserOf(row) : undefined;
  }

  async findByUsername(username: string): Promise<ConsoleUser | undefined> {
    const row = this.findRow(username);
    return row ? consoleUserOf(row) : undefined;
  }

  async list(): Promise<ConsoleUser[]> {
    return (this.db.prepare('SELECT * FROM console_users ORDER BY role, username').all() as UserRow[]).map(consoleUserOf);
  }

  private findRow(username: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM console_users WHERE username = ?').get(username.trim()) as UserRow | undefined;
  }

  /**
   * Checks a password. After `MAX_FAILED_LOGINS` consecutive failures the account is locked for
   * `LOCKOUT_MINUTES`; while locked even the right password is refused, without hashing.
   *
   * The attempt is counted as a failure in ONE SQL statement before the hash runs (and the
   * count reset only when the password turns out right), so parallel wrong passwords cannot
   * all read the same old count: the fifth concurrent attempt locks the account and the rest
   * are refused before they reach scrypt.
   */
  async login(username: string, password: string): Promise<LoginResult> {
    const row = this.findRow(username);
    if (!row) {
      // Same cost as a real check, through the same gate, so neither timing nor a flood of
      // unknown names behaves differently from a real account.
      return (await dummyCheck(this.hashes, password)) ? { ok: false, reason: 'invalid' } : { ok: false, reason: 'busy' };
    }
    const nowIso = this.now().toISOString();
    const until = new Date(this.now().getTime() + LOCKOUT_MINUTES * 60_000).toISOString();
    // A lock that has run out starts the count again from this attempt.
    const reserved = this.db
      .prepare(
        `UPDATE console_users SET
           failed_count = CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_count + 1 END,
           locked_until = CASE WHEN (CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_count + 1 END) >= @max THEN @until ELSE NULL END
         WHERE id = @id AND (locked_until IS NULL OR locked_until <= @now)
         RETURNING failed_count, locked_until`,
      )
      .get({ id: row.id, now: nowIso, until, max: MAX_FAILED_LOGINS }) as { failed_count: number; locked_until: string | null } | undefined;
    if (!reserved) {
      const current = this.findRow(username);
      return { ok: false, reason: 'locked', lockedUntil: current?.locked_until ?? undefined };
    }
    const verdict = await this.hashes.run(() => verifyPassword(password, row.password_hash));
    if (verdict === undefined) {
      // Not checked at all: give the reserved attempt back.
      this.db.prepare('UPDATE console_users SET failed_count = MAX(failed_count - 1, 0) WHERE id = ? AND locked_until IS NULL').run(row.id);
      return { ok: false, reason: 'busy' };
    }
    if (verdict) {
      this.db.prepare('UPDATE console_users SET failed_count = 0, locked_until = NULL WHERE id = ?').run(row.id);
      const fresh = this.findRow(username) ?? row;
      if (consoleUserOf(fresh).disabled) return { ok: false, reason: 'disabled' };
      return { ok: true, user: consoleUserOf(fresh) };
    }
    if (reserved.locked_until) return { ok: false, reason: 'locked', lockedUntil: reserved.locked_until };
    return { ok: false, reason: 'invalid' };
  }

  async setPassword(id: string, password: string): Promise<void> {
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new AppError('bad_request:console_password', `Password must have at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    this.db
      .prepare('UPDATE console_users SET password_hash = ?, password_changed_at = ?, failed_count = 0, locked_until = NULL WHERE id = ?')
      .run(await hashPassword(password), this.now().toISOString(), id);
  }

  async setDisabled(id: string, disabled: boolean): Promise<void> {
    this.db.prepare('UPDATE console_users SET disabled = ? WHERE id = ?').run(disabled ? 1 : 0, id);
  }
}
