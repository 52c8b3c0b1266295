import { checkRateRule, refillTokens, type RateDecision, type RateLimitStore } from '../bot/ports/index.js';

interface Bucket {
  tokens: number;
  at: number;
  /** When the bucket is full again (the key can be forgotten). */
  fullAt: number;
}

/**
 * The in-process `RateLimitStore` (one process, SQLite deployment; the reference the
 * PostgreSQL store is tested against). Same arithmetic as the PostgreSQL store
 * (`refillTokens`), so both answer a sequence of takes the same way.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly buckets = new Map<string, Bucket>();

  /**
   * @param now epoch ms (injectable for tests)
   * @param maxKeys above this many keys, idle ones are forgotten at the next new key
   */
  constructor(
    private readonly now: () => number = () => Date.now(),
    private readonly maxKeys = 100_000,
  ) {}

  async take(key: string, cost: number, limit: number, windowMs: number): Promise<RateDecision> {
    checkRateRule(key, cost, limit, windowMs);
    const now = this.now();
    const b = this.buckets.get(key);
    if (!b && this.buckets.size >= this.maxKeys) this.prune(now);
    const at = b ? Math.max(b.at, now) : now;
    const tokens = b ? refillTokens(b.tokens, b.at, now, limit, windowMs) : limit;
    const allowed = tokens >= cost;
    const left = allowed ? tokens - cost : tokens;
    this.buckets.set(key, { tokens: left, at, fullAt: at + Math.ceil(((limit - left) * windowMs) / limit) });
    return { allowed, retryAfterMs: allowed ? 0 : Math.max(1, Math.ceil(((cost - left) * windowMs) / limit)) };
  }

  async refund(key: string, cost: number, limit: number, windowMs: number): Promise<void> {
    checkRateRule(key, cost, limit, windowMs);
    const b = this.buckets.get(key);
    if (!b) return;
    const now = this.now();
    const at = Math.max(b.at, now);
    const tokens = Math.min(limit, refillTokens(b.tokens, b.at, now, limit, windowMs) + cost);
    this.buckets.set(key, { tokens, at, fullAt: at + Math.ceil(((limit - tokens) * windowMs) / limit) });
  }

  async purgeIdle(): Promise<number> {
    return this.prune(this.now());
  }

  private prune(now: number): number {
    let n = 0;
    for (const [k, b] of this.buckets) {
      if (b.fullAt <= now) {
        this.buckets.delete(k);
        n++;
      }
    }
    return n;
  }
}
