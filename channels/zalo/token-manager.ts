import { AppError, isAppError } from '../../knowledge/index.js';
import { ZaloApiError, type TokenPair, type ZaloApiClient } from './api-client.js';
import type { BotLogger, OaTokenStore, StoredTokens } from '../../bot/ports/index.js';
import type { Clock, Sleep } from './time.js';

/**
 * `ok`: a valid token, refreshes succeed. `refresh_failing`: refreshes fail for a transient
 * reason (network, HTTP 5xx) but the current access token is still valid and in use.
 * `expired`: refreshes keep failing and the access token has expired (sends wait and retry).
 * `missing`: no token (consent needed). `refresh_rejected`: Zalo answered with an invalid-grant
 * code for the refresh token (an admin must consent again).
 */
export type TokenHealth = 'ok' | 'refresh_failing' | 'expired' | 'missing' | 'refresh_rejected';

/** Token state with the facts an operator needs (for `/readyz` and the console). */
export interface TokenStatus {
  state: TokenHealth;
  /** ISO time the access token expires, when known. */
  accessExpiresAt?: string;
  refreshFailures: number;
  lastRefreshFailureAt?: string;
  lastError?: string;
}

/**
 * OAuth error codes meaning the refresh token itself is dead (revoked, expired, already used).
 * Zalo's OAuth v4 answers `-14014` "Invalid refresh token" for these (UNVERIFIED beyond that
 * code: configurable through `invalidGrantCodes`). Other codes (bad app secret, bad app id)
 * are configuration errors that a new consent would not fix: logged and retried.
 */
export const ZALO_INVALID_GRANT_CODES: readonly number[] = [-14014];

const LEASE = 'zalo_token_refresh';

export interface TokenManagerOptions {
  store: OaTokenStore;
  client: Pick<ZaloApiClient, 'refresh'>;
  clock: Clock;
  sleep: Sleep;
  logger: BotLogger;
  /** Identifies this process/instance in the refresh lease. */
  owner: string;
  /** Refresh when the access token has less than this left (ms). Default 30 min. */
  refreshMarginMs?: number;
  /** How long a refresh may hold the lease before others may take over (ms). */
  leaseTtlMs?: number;
  /** Poll interval while another holder refreshes (ms). */
  waitPollMs?: number;
  /** After a failed refresh, the token endpoint is not called again before this long (ms). Default 30 s. */
  refreshRetryMs?: number;
  /** OAuth codes that mark the refresh token dead (default `ZALO_INVALID_GRANT_CODES`). */
  invalidGrantCodes?: readonly number[];
}

/**
 * Keeps a valid OA access token. Zalo's refresh token is single-use, so a refresh:
 *  1. takes a database lease (serialises refreshes across instances and processes),
 *  2. re-reads the tokens (someone may have refreshed meanwhile: then use theirs),
 *  3. calls Zalo, and stores the new pair in one statement before anyone uses it.
 * Only an invalid-grant answer marks the store `refresh_rejected` (logged at error level,
 * reported by health, cleared only by an admin's new consent). Any other failure (network,
 * HTTP 5xx even with a JSON error, other OAuth codes) is recorded and retried later, and the
 * current access token stays in use while it is valid.
 */
export class ZaloTokenManager {
  private inflight: Promise<string> | undefined;
  private readonly margin: number;
  private readonly leaseTtl: number;
  private readonly poll: number;
  private readonly retryMs: number;
  private readonly invalidGrant: ReadonlySet<number>;

  constructor(private readonly o: TokenManagerOptions) {
    this.margin = o.refreshMarginMs ?? 30 * 60_000;
    this.leaseTtl = o.leaseTtlMs ?? 30_000;
    this.poll = o.waitPollMs ?? 25;
    this.retryMs = o.refreshRetryMs ?? 30_000;
    this.invalidGrant = new Set(o.invalidGrantCodes ?? ZALO_INVALID_GRANT_CODES);
  }

  /** Whether work needing Zalo can proceed (a token exists and the refresh token is not dead). */
  usableState(): boolean {
    const h = this.health();
    return h !== 'missing' && h !== 'refresh_rejected';
  }

  /**
   * Reads the stored tokens into memory (the synchronous `health`/`status`/`usableState` read
   * the last row read). Call once before use; later reads happen on every refresh, every
   * token write of this process and in the background once the row is a second old.
   */
  async load(): Promise<StoredTokens | undefined> {
    const t = await this.o.store.get();
    this.remember(t);
    return t;
  }

  private remember(t: StoredTokens | undefined): void {
    this.row = t;
    this.rowAt = performance.now();
    this.healthCache = undefined;
  }

  /** The last row read; starts a background re-read when it is older than a second (other processes' writes). */
  private lastRow(): StoredTokens | undefined {
    if (performance.now() - this.rowAt >= 1000 && !this.reloading) {
      this.reloading = this.load()
        .catch((err: unknown) => {
          this.o.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'zalo: could not re-read the stored tokens');
          return undefined;
        })
        .finally(() => {
          this.reloading = undefined;
        });
    }
    return this.row;
  }

  private row: StoredTokens | undefined;
  private rowAt = Number.NEGATIVE_INFINITY;
  private reloading: Promise<unknown> | undefined;

  /** Health with the details an operator needs. */
  status(): TokenStatus {
    const t = this.lastRow();
    const state = this.health();
    return {
      state,
      accessExpiresAt: t?.accessExpiresAt ? new Date(t.accessExpiresAt).toISOString() : undefined,
      refreshFailures: t?.refreshFailures ?? 0,
      lastRefreshFailureAt: t?.refreshFailedAt ? new Date(t.refreshFailedAt).toISOString() : undefined,
      lastError: (state === 'refresh_rejected' ? t?.lastError : t?.refreshError) ?? undefined,
    };
  }

  /**
   * Token state for health and for pausing work, from the row in memory (the workers ask on
   * every loop); local changes show at once, other processes' changes within a second or two.
   */
  health(): TokenHealth {
    const now = performance.now();
    if (this.healthCache && now - this.healthCache.at < 1000) return this.healthCache.value;
    const t = this.lastRow();
    const value: TokenHealth =
      !t || (!t.accessToken && !t.refreshToken)
        ? 'missing'
        : t.status === 'refresh_rejected'
          ? 'refresh_rejected'
          : t.refreshFailures > 0
            ? this.valid(t)
              ? 'refresh_failing'
              : 'expired'
            : 'ok';
    this.healthCache = { at: now, value };
    return value;
  }

  private healthCache: { at: number; value: TokenHealth } | undefined;

  /**
   * A usable access token, refreshing first when it is about to expire. When the refresh
   * fails for a transient reason and the current token is still valid, the current token is
   * returned (the refresh is tried again after `refreshRetryMs`).
   */
  async getAccessToken(): Promise<string> {
    const t = await this.usable();
    if (this.fresh(t)) return t.accessToken!;
    const valid = this.valid(t);
    if (this.backingOff(t)) {
      if (valid) return t.accessToken!;
      throw new AppError('unavailable:zalo_oauth', `Zalo access token expired and the last refresh failed (${t.refreshError ?? 'unknown'}); retrying later`);
    }
    try {
      return await this.refresh(t.version);
    } catch (err) {
      if (valid && isAppError(err) && err.code === 'unavailable:zalo_oauth') {
        this.o.logger.warn({ err: err.message }, 'zalo: token refresh failed; the current access token is still valid and stays in use');
        return t.accessToken!;
      }
      throw err;
    }
  }

  /**
   * Zalo refused `rejected` (-216/-220). If another caller already replaced it, returns the
   * new token; otherwise refreshes once.
   */
  async refreshAfterRejection(rejected: string): Promise<string> {
    const t = await this.usable();
    if (t.accessToken && t.accessToken !== rejected && this.fresh(t)) return t.accessToken;
    await this.o.store.expireAccessToken(rejected, this.o.clock());
    const now = await this.usable();
    if (this.backingOff(now)) {
      throw new AppError('unavailable:zalo_oauth', `Zalo refused the access token and the last refresh failed (${now.refreshError ?? 'unknown'}); retrying later`);
    }
    return this.refresh(now.version);
  }

  /** Stores the pair from a completed consent (OAuth callback). */
  async saveConsent(pair: TokenPair): Promise<void> {
    const now = this.o.clock();
    this.remember(await this.o.store.save({ accessToken: pair.accessToken, refreshToken: pair.refreshToken, accessExpiresAt: now + pair.expiresIn * 1000, now }));
    this.o.logger.info({ expiresInS: pair.expiresIn }, 'zalo: OA consent stored');
  }

  /** The stored tokens read now (and remembered), or why there is no usable pair. */
  private async usable(): Promise<StoredTokens> {
    const t = await this.load();
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

  /** Still accepted by Zalo (not past its expiry), even if inside the refresh margin. */
  private valid(t: StoredTokens): boolean {
    return !!t.accessToken && (t.accessExpiresAt === null || t.accessExpiresAt > this.o.clock());
  }

  private backingOff(t: StoredTokens): boolean {
    return t.refreshFailedAt !== null && this.o.clock() - t.refreshFailedAt < this.retryMs;
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
      if (await this.o.store.tryLease(LEASE, this.o.owner, this.o.clock(), this.leaseTtl)) {
        try {
          const t = await this.usable();
          if (t.version !== seenVersion && this.fresh(t)) return t.accessToken!;
          if (!t.refreshToken) {
            throw new AppError('unavailable:zalo_token', 'Zalo access token expired and no refresh token is stored: an admin must consent again');
          }
          let pair: TokenPair;
          try {
            pair = await this.o.client.refresh(t.refreshToken);
          } catch (err) {
            if (this.isInvalidGrant(err)) {
              await this.o.store.markRejected(err.message, this.o.clock());
              await this.load();
              this.o.logger.error({ code: err.zaloCode, err: err.message }, 'zalo: refresh token rejected; channel degraded until an admin consents again at /zalo/oauth/start');
              throw new AppError('unavailable:zalo_token', `Zalo rejected the refresh token: ${err.message}`, { cause: err });
            }
            const message = (err as Error).message;
            await this.o.store.noteRefreshFailure(message, this.o.clock());
            await this.load();
            const level = err instanceof ZaloApiError && err.zaloCode !== null && (err.httpStatus ?? 200) < 500 ? 'error' : 'warn';
            this.o.logger[level]({ code: err instanceof ZaloApiError ? err.zaloCode : null, err: message }, 'zalo: token refresh failed; will retry');
            throw new AppError('unavailable:zalo_oauth', `Zalo token refresh failed: ${message}`, { cause: err });
          }
          const now = this.o.clock();
          // Persist before use: the old refresh token is already dead at Zalo.
          const saved = await this.o.store.save({ accessToken: pair.accessToken, refreshToken: pair.refreshToken, accessExpiresAt: now + pair.expiresIn * 1000, now });
          this.remember(saved);
          this.o.logger.info({ expiresInS: pair.expiresIn }, 'zalo: access token refreshed');
          return saved.accessToken!;
        } finally {
          await this.o.store.releaseLease(LEASE, this.o.owner);
        }
      }
      await this.o.sleep(this.poll);
      const t = await this.usable();
      if (t.version !== seenVersion && this.fresh(t)) return t.accessToken!;
      if (this.o.clock() - started > this.leaseTtl * 4) {
        throw new AppError('unavailable:zalo_oauth', 'Timed out waiting for another process to refresh the Zalo token');
      }
    }
  }

  /** An OAuth answer (not HTTP 5xx) with one of the invalid-grant codes. */
  private isInvalidGrant(err: unknown): err is ZaloApiError {
    return (
      err instanceof ZaloApiError &&
      err.zaloCode !== null &&
      this.invalidGrant.has(err.zaloCode) &&
      (err.httpStatus === undefined || err.httpStatus < 500)
    );
  }
}
