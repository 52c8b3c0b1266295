/** Timing and concurrency of the Zalo channel's workers, with production defaults. */
export interface ZaloTuning {
  /** Events processed in parallel (distinct users). */
  inboxConcurrency: number;
  /** Messages sent in parallel (distinct users). */
  outboxConcurrency: number;
  /** A claim is given to another worker after this long without completion (crash). */
  leaseMs: number;
  /**
   * A turn taking longer fails (and is retried): it must end well before the lease does, or
   * the event could be claimed again while the first turn still runs.
   */
  turnTimeoutMs: number;
  /** Bot attempts per inbound event before the citizen gets an apology. */
  inboxMaxAttempts: number;
  /**
   * How long a message is retried before it is recorded as expired (default 24 h); a caller
   * may give a shorter deadline (a case offer that lapses sooner).
   */
  deliveryWindowMs: number;
  /** Backoff after the n-th real failure: min(max, base * 2^(n-1)), minus up to `jitter` of it. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Fraction of each delay taken off at random (0 = no jitter). */
  jitter: number;
  /** Pause of all sends after a rate-limit answer (-32 or HTTP 429) without Retry-After. */
  rateLimitPauseMs: number;
  /** Idle poll (picks up work from other processes and due retries). */
  pollMs: number;
  /** How often the token is checked for an early refresh. */
  tokenCheckMs: number;
  /** OAuth state lifetime. */
  oauthStateTtlMs: number;
}

export const DEFAULT_TUNING: ZaloTuning = {
  inboxConcurrency: 8,
  outboxConcurrency: 8,
  leaseMs: 120_000,
  turnTimeoutMs: 60_000,
  inboxMaxAttempts: 3,
  deliveryWindowMs: 24 * 3600_000,
  backoffBaseMs: 2_000,
  backoffMaxMs: 10 * 60_000,
  jitter: 0.5,
  rateLimitPauseMs: 15_000,
  pollMs: 1_000,
  tokenCheckMs: 10 * 60_000,
  oauthStateTtlMs: 10 * 60_000,
};

/** Delays derived from the tuning: capped exponential backoff and jitter, and delivery deadlines. */
export class Delays {
  constructor(
    private readonly tuning: ZaloTuning,
    /** Jitter source in [0, 1). */
    private readonly random: () => number,
  ) {}

  /** Capped exponential backoff after the n-th failure, with jitter. */
  backoff(failure: number): number {
    return this.jittered(Math.min(this.tuning.backoffMaxMs, this.tuning.backoffBaseMs * 2 ** Math.max(0, failure - 1)));
  }

  jittered(ms: number): number {
    return Math.max(1, Math.round(ms * (1 - this.tuning.jitter * Math.min(1, Math.max(0, this.random())))));
  }

  /** The deliver-by time of a message enqueued at `now`: the caller's deadline, never past the delivery window. */
  deliverBy(now: number, requested?: number): number {
    const max = now + this.tuning.deliveryWindowMs;
    return requested !== undefined && Number.isFinite(requested) ? Math.min(max, Math.max(now, requested)) : max;
  }
}
