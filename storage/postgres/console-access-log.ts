import type { AccessLog, AccessLogEntry, AccessLogFilter } from '../../bot/ports/console.js';
import type { PgDb } from './db.js';

/**
 * The console's access log on PostgreSQL (`migrations/032_console_access_log.sql`), the twin
 * of `storage/console-access-log.ts`: one append-only table for every process, newest first
 * by id.
 */
export class PgAccessLog implements AccessLog {
  private readonly now: () => Date;

  constructor(
    private readonly db: PgDb,
    opts: { now?: () => Date } = {},
  ) {
    this.now = opts.now ?? (() => new Date());
  }

  async record(e: Omit<AccessLogEntry, 'at'> & { at?: string }): Promise<void> {
    await this.db.query('INSERT INTO console_access_log (at, user_id, username, role, case_id, action, allowed, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      e.at ?? this.now().toISOString(),
      e.userId ?? null,
      e.username,
      e.role ?? null,
      e.caseId ?? null,
      e.action,
      e.allowed,
      e.detail ?? null,
    ]);
  }

  async list(filter: AccessLogFilter = {}): Promise<AccessLogEntry[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.caseId) where.push(`case_id = $${args.push(filter.caseId)}`);
    if (filter.userId) where.push(`user_id = $${args.push(filter.userId)}`);
    if (filter.deniedOnly) where.push('NOT allowed');
    const limit = `$${args.push(filter.limit ?? 200)}`;
    const { rows } = await this.db.query<{ at: string; user_id: string | null; username: string; role: string | null; case_id: string | null; action: string; allowed: boolean; detail: string | null }>(
      `SELECT * FROM console_access_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${limit}`,
      args,
    );
    return rows.map((r) => ({
      at: r.at,
      userId: r.user_id ?? undefined,
      username: r.username,
      role: r.role ?? undefined,
      caseId: r.case_id ?? undefined,
      action: r.action,
      allowed: r.allowed,
      detail: r.detail ?? undefined,
    }));
  }
}
