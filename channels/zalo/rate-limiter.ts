import type { Clock, Sleep } from './ports.js';

/**
 * Token bucket shared by every call this process makes to Zalo (about 4,000 requests per
 * minute per app; beyond it Zalo answers -32). Refills continuously; `burst` lets short
 * spikes through without waiting.
 */
export class RateLimiter {
  private tokens: number;
  private last: number;
  private readonly perMs: number;

  constructor(
    private readonly opts: { perMinute: number; burst?: number; clock: Clock; sleep: Sleep },
  ) {
    if (opts.perMinute <= 0) throw new RangeError(`RateLimiter: perMinute must be > 0, got ${opts.perMinute}`);
    this.perMs = opts.perMinute / 60_000;
    this.tokens = this.capacity;
    this.last = opts.clock();
  }

  private get capacity(): number {
    return this.opts.burst ?? Math.max(1, Math.floor(this.opts.perMinute / 60));
  }

  /** Resolves when one request may be made. */
  async acquire(): Promise<void> {
    for (;;) {
      const now = this.opts.clock();
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perMs);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.opts.sleep(Math.max(1, Math.ceil((1 - this.tokens) / this.perMs)));
    }
  }
}
