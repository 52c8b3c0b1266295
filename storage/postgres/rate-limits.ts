import { checkRateRule, type RateDecision, type RateLimitStore } from '../../bot/ports/index.js';
import type { PgDb } from './db.js';

/**
 * The clock of a take: the caller's (`now` given: tests) or the database's. Every process of a
 * deployment then measures refills on one clock, so a machine whose clock runs ahead cannot
 * hand out tokens early, nor one behind take them away.
 */
const NOW = `COALESCE($5::bigint, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)`;

/** Tokens after refilling `r` up to `excluded.updated_at` (the take's now); same formula as `refillTokens`. */
const REFILL = `LEAST($3::float8, r.tokens + GREATEST(0, excluded.updated_at - r.updated_at)::float8 * $3::float8 / $4::float8)`;

/**
 * One statement per take: insert a new bucket (full, minus the cost) or, under the row lock
 * the conflict takes, refill and take from the existing one. Concurrent takes on one key
 * queue on that lock, so across any number of processes they draw from one budget.
 */
const TAKE = `
INSERT INTO rate_limits AS r (key, tokens, updated_at, full_at, allowed)
SELECT $1, $3::float8 - $2::float8, n.now, n.now + ceil($2::float8 * $4::float8 / $3::float8)::bigint, true
FROM (SELECT ${NOW} AS now) n
ON CONFLICT (key) DO UPDATE SET
  tokens = CASE WHEN ${REFILL} >= $2::float8 THEN ${REFILL} - $2::float8 ELSE ${REFILL} END,
  allowed = ${REFILL} >= $2::float8,
  updated_at = GREATEST(r.updated_at, excluded.updated_at),
  full_at = GREATEST(r.updated_at, excluded.updated_at)
    + ceil(($3::float8 - CASE WHEN ${REFILL} >= $2::float8 THEN ${REFILL} - $2::float8 ELSE ${REFILL} END) * $4::float8 / $3::float8)::bigint
RETURNING tokens, allowed`;

const REFUND = `
UPDATE rate_limits AS r SET
  tokens = LEAST($3::float8, ${REFILL.replaceAll('excluded.updated_at', 'n.now')} + $2::float8),
  updated_at = GREATEST(r.updated_at, n.now),
  full_at = GREATEST(r.updated_at, n.now)
    + ceil(($3::float8 - LEAST($3::float8, ${REFILL.replaceAll('excluded.updated_at', 'n.now')} + $2::float8)) * $4::float8 / $3::float8)::bigint
FROM (SELECT ${NOW} AS now) n
WHERE r.key = $1`;

/** `RateLimitStore` on PostgreSQL (table `rate_limits`, migration 040): one budget for every process. */
export class PgRateLimitStore implements RateLimitStore {
  /** @param now epoch ms; leave unset in a deployment so the database's clock is used */
  constructor(
    private readonly db: PgDb,
    private readonly now?: () => number,
  ) {}

  async take(key: string, cost: number, limit: number, windowMs: number): Promise<RateDecision> {
    checkRateRule(key, cost, limit, windowMs);
    const { rows } = await this.db.query<{ tokens: number; allowed: boolean }>(TAKE, [key, cost, limit, windowMs, this.now?.() ?? null]);
    const row = rows[0]!;
    if (row.allowed) return { allowed: true, retryAfterMs: 0 };
    return { allowed: false, retryAfterMs: Math.max(1, Math.ceil(((cost - row.tokens) * windowMs) / limit)) };
  }

  async refund(key: string, cost: number, limit: number, windowMs: number): Promise<void> {
    checkRateRule(key, cost, limit, windowMs);
    await this.db.query(REFUND, [key, cost, limit, windowMs, this.now?.() ?? null]);
  }

  async purgeIdle(): Promise<number> {
    const { rowCount } = await this.db.query(`DELETE FROM rate_limits WHERE full_at <= ${NOW.replace('$5', '$1')}`, [this.now?.() ?? null]);
    return rowCount ?? 0;
  }
}
