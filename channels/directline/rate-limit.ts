/**
 * In-memory token buckets keyed by a string (client IP, token id). Enough for one
 * process on a ward's machine; a shared store would be needed behind a load balancer.
 */
export interface BucketSpec {
  /** Requests allowed in a burst. */
  capacity: number;
  /** Sustained requests per second. */
  refillPerSecond: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly spec: BucketSpec,
    private readonly now: () => number = () => Date.now(),
    private readonly maxKeys = 50_000,
  ) {}

  /**
   * Takes one token for `key`. Returns 0 when allowed, otherwise the seconds to wait
   * before the next request can pass (for `Retry-After`).
   */
  take(key: string): number {
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
    return Math.max(1, Math.ceil((1 - b.tokens) / this.spec.refillPerSecond));
  }

  /**
   * Gives back a token taken for `key` (a login that turned out right should not count
   * against its address). Never above capacity.
   */
  refund(key: string): void {
    const b = this.buckets.get(key);
    if (b) b.tokens = Math.min(this.spec.capacity, b.tokens + 1);
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
