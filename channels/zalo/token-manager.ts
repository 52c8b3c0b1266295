import { AppError } from '../../knowledge/index.js';
import type { SqliteZaloTokenStore, StoredTokens } from '../../storage/index.js';
import { ZaloApiError, type TokenPair, type ZaloApiClient } from './api-client.js';
import type { Clock, Sleep, ZaloLogger } from './ports.js';

export type TokenHealth = 'ok' | 'missing' | 'refresh_rejected';

const LEASE = 'zalo_token_refresh';

export interface TokenManagerOptions {
  store: SqliteZaloTokenStore;
  client: Pick<ZaloApiClient, 'refresh'>;
  clock: Clock;
  sleep: Sleep;
  logger: ZaloLogger;
  /** Identifies this process/instance in the refresh lease. */
  owner: string;
  /** Refresh when the access token has less than this left (ms). Default 30 min. */
  refreshMarginMs?: number;
  /** How long a refresh may hold the lease before others may take over (ms). */
  leaseTtlMs?: number;
  /** Poll interval while another holder refreshes (ms). */
  waitPollMs?: number;
}

/**
 * Keeps a valid OA access token. Zalo's refresh token is single-use, so a refresh:
 *  1. takes a database lease (serialises refreshes across instances and processes),
 *  2. re-reads the tokens (someone may have refreshed meanwhile: then use theirs),
 *  3. calls Zalo, and stores the new pair in one statement before anyone uses it.
 * A rejected refresh token marks the store `refresh_rejected`: logged at error level,
 * reported by health, and cleared only by an admin's new consent.
 */
export class ZaloTokenManager {
  private inflight: Promise<string> | undefined;
  private readonly margin: number;
  private readonly leaseTtl: number;
  private readonly poll: number;

  constructor(private readonly o: TokenManagerOptions) {
    this.margin = o.refreshMarginMs ?? 30 * 60_000;
    this.leaseTtl = o.leaseTtlMs ?? 30_000;
    this.poll = o.waitPollMs ?? 25;
  }

  /**
   * Token state for health and for pausing work. Cached for a second (the workers ask on every
   * loop); local changes invalidate it at once, other processes' changes show within a second.
   */
  health(): TokenHealth {
    const now = performance.now();
    if (this.healthCache && now - this.healthCache.at < 1000) return this.healthCache.value;
    const t = this.o.store.get();
    const value: TokenHealth = !t || (!t.accessToken && !t.refreshToken) ? 'missing' : t.status === 'refresh_rejected' ? 'refresh_rejected' : 'ok';
    this.healthCache = { at: now, value };
    return value;
  }

  private healthCache: { at: number; value: TokenHealth } | undefined;

  /** A usable access token, refreshing first when it is about to expire. */
  async getAccessToken(): Promise<string> {
    const t = this.usable();
    if (t.accessToken && (t.accessExpiresAt === null || t.accessExpiresAt - this.margin > this.o.clock())) return t.accessToken;
    return this.refresh(t.version);
  }

  /**
   * Zalo refused `rejected` (-216/-220). If another caller already replaced it, returns the
   * new token; otherwise refreshes once.
   */
  async refreshAfterRejection(rejected: string): Promise<string> {
    const t = this.usable();
    if (t.accessToken && t.accessToken !== rejected && this.fresh(t)) return t.accessToken;
    this.o.store.expireAccessToken(rejected, this.o.clock());
    return this.refresh(this.o.store.get()!.version);
  }

  /** Stores the pair from a completed consent (OAuth callback). */
  saveConsent(pair: TokenPair): void {
    const now = this.o.clock();
    this.o.store.save({ accessToken: pair.accessToken, refreshToken: pair.refreshToken, accessExpiresAt: now + pair.expiresIn * 1000, now });
    this.healthCache = undefined;
    this.o.logger.info({ expiresInS: pair.expiresIn }, 'zalo: OA consent stored');
  }

  private usable(): StoredTokens {
    const t = this.o.store.get();
    if (!t || (!t.accessToken && !t.refreshToken)) {
      throw new AppError('unavailable:zalo_token', 'No Zalo OA token: an admin must consent via /zalo/oauth/start');
    }
    if (t.status === 'refresh_rejected') {
      throw new AppError('unavailable:zalo_token', `Zalo rejected the refresh token (${t.lastError ?? 'unknown'}): an admin must consent again via /zalo/oauth/start`);
    }
    return t;
  }

  private fresh(t: StoredTokens): boolean {
    return !!t.accessToken && (t.accessExpiresAt === null || t.accessExpiresAt - this.margin > this.o.clock());
  }

  private refresh(seenVersion: number): Promise<string> {
    // One refresh per instance at a time; other instances are kept out by the lease.
    this.inflight ??= this.refreshUnderLease(seenVersion).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async refreshUnderLease(seenVersion: number): Promise<string> {
    const started = this.o.clock();
    for (;;) {
      if (this.o.store.tryLease(LEASE, this.o.owner, this.o.clock(), this.leaseTtl)) {
        try {
          const t = this.usable();
          if (t.version !== seenVersion && this.fresh(t)) return t.accessToken!;
          if (!t.refreshToken) {
            throw new AppError('unavailable:zalo_token', 'Zalo access token expired and no refresh token is stored: an admin must consent again');
          }
          let pair: TokenPair;
          try {
            pair = await this.o.client.refresh(t.refreshToken);
          } catch (err) {
            if (err instanceof ZaloApiError && err.zaloCode !== null) {
              this.o.store.markRejected(err.message, this.o.clock());
              this.healthCache = undefined;
              this.o.logger.error({ code: err.zaloCode, err: err.message }, 'zalo: refresh token rejected; channel degraded until an admin consents again at /zalo/oauth/start');
              throw new AppError('unavailable:zalo_token', `Zalo rejected the refresh token: ${err.message}`, { cause: err });
            }
            throw new AppError('unavailable:zalo_oauth', `Zalo token refresh failed: ${(err as Error).message}`, { cause: err });
          }
          const now = this.o.clock();
          // Persist before use: the old refresh token is already dead at Zalo.
          this.healthCache = undefined;
          const saved = this.o.store.save({ accessToken: pair.accessToken, refreshToken: pair.refreshToken, accessExpiresAt: now + pair.expiresIn * 1000, now });
          this.o.logger.info({ expiresInS: pair.expiresIn }, 'zalo: access token refreshed');
          return saved.accessToken!;
        } finally {
          this.o.store.releaseLease(LEASE, this.o.owner);
        }
      }
      await this.o.sleep(this.poll);
      const t = this.usable();
      if (t.version !== seenVersion && this.fresh(t)) return t.accessToken!;
      if (this.o.clock() - started > this.leaseTtl * 4) {
        throw new AppError('unavailable:zalo_token', 'Timed out waiting for another process to refresh the Zalo token');
      }
    }
  }
}
