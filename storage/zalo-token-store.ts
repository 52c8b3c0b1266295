import type { Statement } from 'better-sqlite3';
import type { Db } from './sqlite.js';
import { migrate, statementCache } from './sqlite.js';
import type { OAuthPending, OaTokenState, OaTokenStore, StoredTokens } from '../bot/ports/index.js';
import { openToken, sealToken, storedTokensOf, TOKEN_ROW_ID, type RowSealer, type TokenRow } from './zalo-rows.js';

/**
 * Zalo OA tokens, the refresh lease and pending OAuth consents. The refresh token is
 * single-use, so the pair is always replaced in one statement and refreshes are serialised
 * by a lease row taken under `BEGIN IMMEDIATE`: the SQLite write lock makes the check-and-take
 * atomic across every process sharing the database file.
 */

export type { OAuthPending, OaTokenState, StoredTokens } from '../bot/ports/index.js';

const MIGRATIONS = [
  {
    name: 'zalo_tokens_001',
    sql: `CREATE TABLE zalo_tokens (
      id TEXT PRIMARY KEY,
      access_token TEXT,
      access_expires_at INTEGER,
      refresh_token TEXT,
      status TEXT NOT NULL DEFAULT 'ok',
      version INTEGER NOT NULL DEFAULT 0,
      updated_at INTEGER NOT NULL,
      last_error TEXT
    );
    CREATE TABLE zalo_leases (
      name TEXT PRIMARY KEY,
      owner TEXT NOT NULL,
      until INTEGER NOT NULL
    );
    CREATE TABLE zalo_oauth_pending (
      state TEXT PRIMARY KEY,
      verifier TEXT NOT NULL,
      session_hash TEXT NOT NULL,
      created_at INTEGER NOT NULL
    );`,
  },
  {
    // Transient refresh failures (network, HTTP 5xx): recorded for health, never fatal.
    name: 'zalo_tokens_002',
    sql: `ALTER TABLE zalo_tokens ADD COLUMN refresh_failures INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE zalo_tokens ADD COLUMN refresh_failed_at INTEGER;
      ALTER TABLE zalo_tokens ADD COLUMN refresh_error TEXT;`,
  },
];


/** Encrypts queue rows and tokens at rest (storage/crypto.ts `SealedBox`). */
export type TokenSealer = RowSealer;


/** SQLite token store for the (single) Official Account this deployment serves. */
export class SqliteZaloTokenStore implements OaTokenStore {
  private readonly q: (sql: string) => Statement;

  /** `sealer` is required: OA tokens are never written in clear (tokens written in clear by old versions are still read). */
  constructor(
    private readonly db: Db,
    private readonly sealer: TokenSealer,
  ) {
    migrate(db, MIGRATIONS);
    this.q = statementCache(db);
  }

  async get(): Promise<StoredTokens | undefined> {
    return this.read();
  }

  private read(): StoredTokens | undefined {
    const r = this.q(`SELECT * FROM zalo_tokens WHERE id = ?`).get(TOKEN_ROW_ID) as TokenRow | undefined;
    return r && storedTokensOf(r, this.sealer);
  }

  /**
   * Seeds tokens from the environment only when the database has none: once a refresh
   * happened, the environment's refresh token is already burned and must not come back.
   */
  async seedIfEmpty(input: { accessToken?: string; refreshToken?: string; now: number }): Promise<boolean> {
    if (!input.accessToken && !input.refreshToken) return false;
    const res = this.q(
        `INSERT OR IGNORE INTO zalo_tokens (id, access_token, access_expires_at, refresh_token, status, version, updated_at)
         VALUES (?, ?, NULL, ?, 'ok', 1, ?)`,
      )
      .run(TOKEN_ROW_ID, sealToken(this.sealer, input.accessToken, 'access'), sealToken(this.sealer, input.refreshToken, 'refresh'), input.now);
    return res.changes === 1;
  }

  /** Replaces the pair atomically (after a refresh or a consent); clears a rejected status. */
  async save(input: { accessToken: string; refreshToken: string; accessExpiresAt: number; now: number }): Promise<StoredTokens> {
    this.q(
        `INSERT INTO zalo_tokens (id, access_token, access_expires_at, refresh_token, status, version, updated_at, last_error)
         VALUES (@id, @a, @e, @r, 'ok', 1, @now, NULL)
         ON CONFLICT(id) DO UPDATE SET access_token = @a, access_expires_at = @e, refresh_token = @r, status = 'ok',
           version = version + 1, updated_at = @now, last_error = NULL,
           refresh_failures = 0, refresh_failed_at = NULL, refresh_error = NULL`,
      )
      .run({ id: TOKEN_ROW_ID, a: sealToken(this.sealer, input.accessToken, 'access'), e: input.accessExpiresAt, r: sealToken(this.sealer, input.refreshToken, 'refresh'), now: input.now });
    return this.read()!;
  }

  /** Zalo rejected the refresh token: only an admin's new consent can fix it. */
  async markRejected(error: string, now: number): Promise<void> {
    this.q(
        `UPDATE zalo_tokens SET status = 'refresh_rejected', last_error = ?, version = version + 1, updated_at = ? WHERE id = ?`,
      )
      .run(error, now, TOKEN_ROW_ID);
  }

  /**
   * A refresh failed for a reason that does not condemn the refresh token (network, HTTP 5xx,
   * an OAuth answer that is not an invalid grant): kept for health and retry pacing.
   */
  async noteRefreshFailure(error: string, now: number): Promise<void> {
    this.q(`UPDATE zalo_tokens SET refresh_failures = refresh_failures + 1, refresh_failed_at = ?, refresh_error = ? WHERE id = ?`)
      .run(now, error, TOKEN_ROW_ID);
  }

  /** Marks the access token as unusable (Zalo said -216/-220) without touching the refresh token. */
  async expireAccessToken(token: string, now: number): Promise<void> {
    // Sealed values differ on every write, so compare in clear inside the write transaction.
    const tx = this.db.transaction(() => {
      if (this.read()?.accessToken !== token) return;
      this.q(`UPDATE zalo_tokens SET access_expires_at = ?, updated_at = ? WHERE id = ?`).run(now, now, TOKEN_ROW_ID);
    });
    tx.immediate();
  }


  /**
   * Takes the named lease when free, expired, or already ours. `BEGIN IMMEDIATE` takes the
   * database write lock first, so two processes cannot both see the lease free.
   */
  async tryLease(name: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
    const tx = this.db.transaction(() => {
      const row = this.q(`SELECT owner, until FROM zalo_leases WHERE name = ?`).get(name) as
        | { owner: string; until: number }
        | undefined;
      if (row && row.owner !== owner && row.until > now) return false;
      this.q(
          `INSERT INTO zalo_leases (name, owner, until) VALUES (?, ?, ?)
           ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, until = excluded.until`,
        )
        .run(name, owner, now + ttlMs);
      return true;
    });
    return tx.immediate();
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    this.q(`DELETE FROM zalo_leases WHERE name = ? AND owner = ?`).run(name, owner);
  }

  async addPending(p: OAuthPending): Promise<void> {
    this.q(`INSERT INTO zalo_oauth_pending (state, verifier, session_hash, created_at) VALUES (?, ?, ?, ?)`)
      .run(p.state, p.verifier, p.sessionHash, p.createdAt);
  }

  /** Returns and deletes a pending consent (a state is usable once); drops stale ones. */
  async takePending(state: string, notBefore: number): Promise<OAuthPending | undefined> {
    const tx = this.db.transaction(() => {
      this.q(`DELETE FROM zalo_oauth_pending WHERE created_at < ?`).run(notBefore);
      const r = this.q(`SELECT * FROM zalo_oauth_pending WHERE state = ?`).get(state) as
        | { state: string; verifier: string; session_hash: string; created_at: number }
        | undefined;
      if (r) this.q(`DELETE FROM zalo_oauth_pending WHERE state = ?`).run(state);
      return r && { state: r.state, verifier: r.verifier, sessionHash: r.session_hash, createdAt: r.created_at };
    });
    return tx.immediate();
  }
}
