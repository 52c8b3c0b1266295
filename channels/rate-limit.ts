/**
 * The project's one rate limiter: in-memory token buckets keyed by a string (client IP,
 * token id, account, or one fixed key for "every call this process makes to Zalo"). Enough
 * for one process on a ward's machine; a shared store would be needed behind a load balancer.
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

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly spec: BucketSpec,
    private readonly now: () => number = () => Date.now(),
    private readonly maxKeys = 50_000,
  ) {
    if (!(spec.refillPerSecond > 0)) throw new RangeError(`RateLimiter: refillPerSecond must be > 0, got ${spec.refillPerSecond}`);
    if (!(spec.capacity >= 1)) throw new RangeError(`RateLimiter: capacity must be >= 1, got ${spec.capacity}`);
  }

  /**
   * Takes one token for `key`. Returns 0 when allowed, otherwise the seconds to wait
   * before the next request can pass (for `Retry-After`).
   */
  take(key: string): number {
    const deficit = this.takeOrDeficit(key);
    return deficit === 0 ? 0 : Math.max(1, Math.ceil(deficit));
  }

  /** Resolves once one token for `key` was taken, sleeping (`sleep`, injectable) while the bucket is empty. */
  async acquire(key: string, sleep: (ms: number) => Promise<void>): Promise<void> {
    for (;;) {
      const deficit = this.takeOrDeficit(key);
      if (deficit === 0) return;
      await sleep(Math.max(1, Math.ceil(deficit * 1000)));
    }
  }

  /**
   * Gives back a token taken for `key` (a login that turned out right should not count
   * against its address). Never above capacity.
   */
  refund(key: string): void {
    const b = this.buckets.get(key);
    if (b) b.tokens = Math.min(this.spec.capacity, b.tokens + 1);
  }

  /** Takes a token: 0 when taken, otherwise the seconds (> 0) until one is free. */
  private takeOrDeficit(key: string): number {
    const now = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= this.maxKeys) this.prune(now);
      b = { tokens: this.spec.capacity, at: now };
      this.buckets.set(key, b);
    } else {
      // A clock set back (tests, NTP) must not take tokens away.
      const elapsed = Math.max(0, now - b.at) / 1000;
      b.tokens = Math.min(this.spec.capacity, b.tokens + elapsed * this.spec.refillPerSecond);
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return (1 - b.tokens) / this.spec.refillPerSecond;
  }

  /** Drops buckets that are full again (idle keys), keeping memory bounded. */
  private prune(now: number): void {
    for (const [k, b] of this.buckets) {
      const tokens = b.tokens + ((now - b.at) / 1000) * this.spec.refillPerSecond;
      if (tokens >= this.spec.capacity) this.buckets.delete(k);
    }
    if (this.buckets.size >= this.maxKeys) this.buckets.clear();
  }
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
