import type { AccessLog, AccessLogEntry, AccessLogFilter } from '../bot/ports/console.js';
import { migrate, type Db } from './sqlite.js';

export const CONSOLE_ACCESS_LOG_MIGRATIONS = [
  {
    name: 'console_access_log_001',
    sql: `
      CREATE TABLE console_access_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        user_id TEXT,
        username TEXT NOT NULL,
        role TEXT,
        case_id TEXT,
        action TEXT NOT NULL,
        allowed INTEGER NOT NULL,
        detail TEXT
      );
      CREATE INDEX console_access_log_case ON console_access_log(case_id, id);
      CREATE INDEX console_access_log_user ON console_access_log(user_id, id);
    `,
  },
] as const;

export type { AccessLogEntry, AccessLogFilter } from '../bot/ports/console.js';

/**
 * Append-only record of who looked at or acted on which case (PDPL: access to sensitive data
 * must be accountable). Kept even when the case itself is deleted.
 */
export class SqliteAccessLog implements AccessLog {
  private readonly now: () => Date;

  constructor(
    private readonly db: Db,
    opts: { now?: () => Date } = {},
  ) {
    migrate(db, CONSOLE_ACCESS_LOG_MIGRATIONS);
    this.now = opts.now ?? (() => new Date());
  }

  async record(e: Omit<AccessLogEntry, 'at'> & { at?: string }): Promise<void> {
    this.db
      .prepare('INSERT INTO console_access_log (at, user_id, username, role, case_id, action, allowed, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(e.at ?? this.now().toISOString(), e.userId ?? null, e.username, e.role ?? null, e.caseId ?? null, e.action, e.allowed ? 1 : 0, e.detail ?? null);
  }

  async list(filter: AccessLogFilter = {}): Promise<AccessLogEntry[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.caseId) {
      where.push('case_id = ?');
      args.push(filter.caseId);
    }
    if (filter.userId) {
      where.push('user_id = ?');
      args.push(filter.userId);
    }
    if (filter.deniedOnly) where.push('allowed = 0');
    args.push(filter.limit ?? 200);
    const rows = this.db
      .prepare(`SELECT * FROM console_access_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`)
      .all(...args) as Array<{ at: string; user_id: string | null; username: string; role: string | null; case_id: string | null; action: string; allowed: number; detail: string | null }>;
    return rows.map((r) => ({
      at: r.at,
      userId: r.user_id ?? undefined,
      username: r.username,
      role: r.role ?? undefined,
      caseId: r.case_id ?? undefined,
      action: r.action,
      allowed: r.allowed === 1,
      detail: r.detail ?? undefined,
    }));
  }
}
