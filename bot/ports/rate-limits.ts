/**
 * Port: rate limits shared by every app process (issue 16). Behind a load balancer the
 * per-process buckets of `channels/rate-limit.ts` multiply the budget by the number of
 * processes (login throttling becomes N times weaker); a `RateLimitStore` keeps one budget
 * per key for all of them.
 *
 * The rule is a token bucket: a key holds at most `limit` tokens and gets them back
 * continuously, `limit` per `windowMs` (so an idle key is full again `windowMs` after it was
 * emptied). A `BucketSpec { capacity, refillPerSecond }` is `limit = capacity`,
 * `windowMs = capacity / refillPerSecond * 1000`. Every call passes its rule, so one store
 * serves every limiter; keys should carry the limiter's name (`login:ip:1.2.3.4`).
 */

export interface RateDecision {
  /** Whether the tokens were taken (the request may go ahead). */
  allowed: boolean;
  /** 0 when allowed; otherwise milliseconds until `cost` tokens will be there (for `Retry-After`). */
  retryAfterMs: number;
}

export interface RateLimitStore {
  /**
   * Takes `cost` tokens from `key`'s bucket when it has them, atomically across processes.
   * A refused take takes nothing. Throws a `RangeError` for a rule that can never allow it
   * (`cost > limit`, non-positive numbers).
   */
  take(key: string, cost: number, limit: number, windowMs: number): Promise<RateDecision>;
  /**
   * Gives `cost` tokens back to `key` (never above `limit`): a login that turned out right
   * should not count against its address.
   */
  refund(key: string, cost: number, limit: number, windowMs: number): Promise<void>;
  /** Forgets keys whose bucket is full again (nothing to remember); the number forgotten. */
  purgeIdle(): Promise<number>;
}

/** Checks a rule as every implementation must; throws a `RangeError` naming the bad value. */
export function checkRateRule(key: string, cost: number, limit: number, windowMs: number): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > 512) throw new RangeError('RateLimitStore: key must be 1..512 characters');
  if (!(limit > 0) || !Number.isFinite(limit)) throw new RangeError(`RateLimitStore: limit must be > 0, got ${limit}`);
  if (!(windowMs > 0) || !Number.isFinite(windowMs)) throw new RangeError(`RateLimitStore: windowMs must be > 0, got ${windowMs}`);
  if (!(cost > 0) || !Number.isFinite(cost)) throw new RangeError(`RateLimitStore: cost must be > 0, got ${cost}`);
  if (cost > limit) throw new RangeError(`RateLimitStore: cost ${cost} exceeds limit ${limit} for "${key}": it could never pass`);
}

/**
 * The bucket arithmetic every implementation uses (the PostgreSQL store runs the same
 * formula in SQL): tokens after refilling from `tokens` at `at` up to `now`. A clock that
 * went back refills nothing.
 */
export function refillTokens(tokens: number, at: number, now: number, limit: number, windowMs: number): number {
  return Math.min(limit, tokens + (Math.max(0, now - at) * limit) / windowMs);
}
