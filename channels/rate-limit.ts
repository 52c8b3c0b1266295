import type { BotLogger, RateLimitStore } from '../bot/ports/index.js';
import { MemoryRateLimitStore } from '../storage/rate-limits-memory.js';

/**
 * The project's one rate limiter: token buckets keyed by a string (client IP, token id,
 * account, or one fixed key for "every call this process makes to Zalo"), kept in a
 * `RateLimitStore`. With the in-process store (the default, and a SQLite deployment) each
 * process has its own budget; with the PostgreSQL store (`DATABASE_URL`) every process
 * shares one budget per key, so a load balancer does not multiply it.
 *
 * Two ways to use a bucket:
 *  - `take(key)` refuses at once and says how long to wait (HTTP edges answer 429 with
 *    `Retry-After`);
 *  - `acquire(key, sleep)` waits until a token is free (outgoing calls that must not be
 *    dropped, e.g. the Zalo outbox under Zalo's per-app limit).
 */
export interface BucketSpec {
  /** Requests allowed in a burst. */
  capacity: number;
  /** Sustained requests per second. */
  refillPerSecond: number;
}

/**
 * A bucket for "N requests per minute": refills continuously at N/60 per second and lets a
 * burst of one second's worth (at least one) through without waiting.
 */
export function perMinute(requests: number): BucketSpec {
  return { capacity: Math.max(1, Math.floor(requests / 60)), refillPerSecond: requests / 60 };
}

/**
 * What a limiter does when its store cannot answer (the database is down):
 *  - `open`: lets the request through and logs an error. Citizen traffic (web chat, Zalo)
 *    must not stop because the limiter's bookkeeping is unavailable; the channels' own
 *    checks and the store's recovery bound the exposure.
 *  - `closed`: refuses, as if the bucket were empty for `FAIL_CLOSED_RETRY_SECONDS`. Login
 *    attempts: an unthrottled password form is worth more to an attacker than a few minutes
 *    without logins are to lawyers.
 */
export type StoreFailure = 'open' | 'closed';

/** `Retry-After` of a request refused because the store failed under `onStoreError: 'closed'`. */
export const FAIL_CLOSED_RETRY_SECONDS = 30;

export interface RateLimiterOptions {
  /**
   * The limiter's name, prefixed to every key (`login:ip` → `login:ip:1.2.3.4`), so one store
   * serves every limiter of the process (or of the city) without collisions.
   */
  prefix: string;
  /** Where the buckets live. Default: a `MemoryRateLimitStore` of its own on `now`. */
  store?: RateLimitStore;
  /** Epoch ms for the default store (tests). */
  now?: () => number;
  /** Default `open`; see `StoreFailure`. */
  onStoreError?: StoreFailure;
  /** Where store failures are reported (the limiter's name only, never the key: it holds addresses). */
  logger?: Pick<BotLogger, 'error'>;
}

export class RateLimiter {
  private readonly store: RateLimitStore;
  private readonly prefix: string;
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly onStoreError: StoreFailure;
  private readonly logger?: Pick<BotLogger, 'error'>;

  constructor(spec: BucketSpec, options: RateLimiterOptions) {
    if (!(spec.refillPerSecond > 0)) throw new RangeError(`RateLimiter: refillPerSecond must be > 0, got ${spec.refillPerSecond}`);
    if (!(spec.capacity >= 1)) throw new RangeError(`RateLimiter: capacity must be >= 1, got ${spec.capacity}`);
    if (!options.prefix) throw new RangeError('RateLimiter: a prefix naming the limiter is required');
    this.limit = spec.capacity;
    this.windowMs = (spec.capacity / spec.refillPerSecond) * 1000;
    this.prefix = options.prefix;
    this.store = options.store ?? new MemoryRateLimitStore(options.now);
    this.onStoreError = options.onStoreError ?? 'open';
    this.logger = options.logger;
  }

  /**
   * Takes one token for `key`. Resolves 0 when allowed, otherwise the whole seconds (≥ 1) to
   * wait before the next request can pass (for `Retry-After`). Never rejects: a failing
   * store is handled by `onStoreError`.
   */
  async take(key: string): Promise<number> {
    const ms = await this.takeOrWait(key);
    return ms === 0 ? 0 : Math.max(1, Math.ceil(ms / 1000));
  }

  /** Resolves once one token for `key` was taken, sleeping (`sleep`, injectable) while the bucket is empty. */
  async acquire(key: string, sleep: (ms: number) => Promise<void>): Promise<void> {
    for (;;) {
      const ms = await this.takeOrWait(key);
      if (ms === 0) return;
      await sleep(ms);
    }
  }

  /**
   * Gives back a token taken for `key` (a login that turned out right should not count
   * against its address). Never above capacity; a failing store loses the refund (logged).
   */
  async refund(key: string): Promise<void> {
    try {
      await this.store.refund(this.keyOf(key), 1, this.limit, this.windowMs);
    } catch (err) {
      this.logger?.error({ limiter: this.prefix, err: errorText(err) }, 'rate limit store failed: refund lost');
    }
  }

  /** Takes a token: 0 when taken, otherwise the milliseconds (> 0) until one is free. */
  private async takeOrWait(key: string): Promise<number> {
    try {
      const d = await this.store.take(this.keyOf(key), 1, this.limit, this.windowMs);
      return d.allowed ? 0 : Math.max(1, d.retryAfterMs);
    } catch (err) {
      const closed = this.onStoreError === 'closed';
      this.logger?.error(
        { limiter: this.prefix, err: errorText(err), failing: closed ? 'closed' : 'open' },
        closed ? 'rate limit store failed: request refused' : 'rate limit store failed: request let through',
      );
      return closed ? FAIL_CLOSED_RETRY_SECONDS * 1000 : 0;
    }
  }

  private keyOf(key: string): string {
    // The store caps keys at 512 characters; a client-supplied part must not make a take throw.
    return `${this.prefix}:${key}`.slice(0, 512);
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The client address of a request that came through zero or more reverse proxies, as
 * express computes `req.ip`: walk from the socket address back through X-Forwarded-For
 * while the hop is trusted (`trust`, express's compiled `trust proxy fn`), and return the
 * first untrusted one. Used where express is not in the path (WebSocket upgrades), so that
 * every limiter keys on the same address whatever TRUST_PROXY says.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trust: (addr: string, hop: number) => boolean,
): string {
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
  const hops = [socketAddress ?? 'unknown', ...header.split(',').map((s) => s.trim()).filter(Boolean).reverse()];
  let i = 0;
  while (i < hops.length - 1 && trust(hops[i]!, i)) i++;
  return hops[i]!;
}
