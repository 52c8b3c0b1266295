import type { OaTokenStore, OAuthPending, StoredTokens } from '../../bot/ports/index.js';
import type { PgDb } from './db.js';
import { openToken, sealToken, storedTokensOf, TOKEN_ROW_ID, type TokenRow, type RowSealer } from '../zalo-rows.js';

/**
 * The Zalo OA tokens, refresh leases and pending consents on PostgreSQL
 * (`migrations/003_zalo_tokens.sql`), the same contract as `storage/zalo-token-store.ts`.
 * The refresh token is single-use, so refreshes across processes are serialised by a lease
 * row: `tryLease` is one upsert whose conflict branch updates the row only when the lease is
 * free, expired or already ours, and the row lock the upsert takes makes that check-and-take
 * atomic (a second process waits for the first's statement, then sees its lease). Tokens are
 * sealed with the same bindings as in SQLite.
 */



export class PgZaloTokenStore implements OaTokenStore {
  constructor(
    private readonly db: PgDb,
    private readonly sealer: RowSealer,
  ) {}

  async get(): Promise<StoredTokens | undefined> {
    const r = (await this.db.query<TokenRow>(`SELECT * FROM zalo_tokens WHERE id = $1`, [TOKEN_ROW_ID])).rows[0];
    return r && storedTokensOf(r, this.sealer);
  }

  async seedIfEmpty(input: { accessToken?: string; refreshToken?: string; now: number }): Promise<boolean> {
    if (!input.accessToken && !input.refreshToken) return false;
    const res = await this.db.query(
      `INSERT INTO zalo_tokens (id, access_token, access_expires_at, refresh_token, status, version, updated_at)
       VALUES ($1, $2, NULL, $3, 'ok', 1, $4) ON CONFLICT (id) DO NOTHING`,
      [TOKEN_ROW_ID, sealToken(this.sealer, input.accessToken, 'access'), sealToken(this.sealer, input.refreshToken, 'refresh'), input.now],
    );
    return res.rowCount === 1;
  }

  async save(input: { accessToken: string; refreshToken: string; accessExpiresAt: number; now: number }): Promise<StoredTokens> {
    const res = await this.db.query<TokenRow>(
      `INSERT INTO zalo_tokens (id, access_token, access_expires_at, refresh_token, status, version, updated_at, last_error)
       VALUES ($1, $2, $3, $4, 'ok', 1, $5, NULL)
       ON CONFLICT (id) DO UPDATE SET access_token = EXCLUDED.access_token, access_expires_at = EXCLUDED.access_expires_at,
         refresh_token = EXCLUDED.refresh_token, status = 'ok', version = zalo_tokens.version + 1, updated_at = EXCLUDED.updated_at,
         last_error = NULL, refresh_failures = 0, refresh_failed_at = NULL, refresh_error = NULL
       RETURNING *`,
      [TOKEN_ROW_ID, sealToken(this.sealer, input.accessToken, 'access'), input.accessExpiresAt, sealToken(this.sealer, input.refreshToken, 'refresh'), input.now],
    );
    return storedTokensOf(res.rows[0]!, this.sealer);
  }

  async markRejected(error: string, now: number): Promise<void> {
    await this.db.query(
      `UPDATE zalo_tokens SET status = 'refresh_rejected', last_error = $1, version = version + 1, updated_at = $2 WHERE id = $3`,
      [error, now, TOKEN_ROW_ID],
    );
  }

  async noteRefreshFailure(error: string, now: number): Promise<void> {
    await this.db.query(
      `UPDATE zalo_tokens SET refresh_failures = refresh_failures + 1, refresh_failed_at = $1, refresh_error = $2 WHERE id = $3`,
      [now, error, TOKEN_ROW_ID],
    );
  }

  /** Sealed values differ on every write, so the token is compared in clear under the row lock. */
  async expireAccessToken(token: string, now: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const r = (await tx.query<{ access_token: string | null }>(`SELECT access_token FROM zalo_tokens WHERE id = $1 FOR UPDATE`, [TOKEN_ROW_ID])).rows[0];
      if (!r || openToken(this.sealer, r.access_token, 'access') !== token) return;
      await tx.query(`UPDATE zalo_tokens SET access_expires_at = $1, updated_at = $1 WHERE id = $2`, [now, TOKEN_ROW_ID]);
    });
  }

  async tryLease(name: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
    const res = await this.db.query(
      `INSERT INTO zalo_leases (name, owner, until) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, until = EXCLUDED.until
       WHERE zalo_leases.owner = EXCLUDED.owner OR zalo_leases.until <= $4`,
      [name, owner, now + ttlMs, now],
    );
    return res.rowCount === 1;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    await this.db.query(`DELETE FROM zalo_leases WHERE name = $1 AND owner = $2`, [name, owner]);
  }

  async addPending(p: OAuthPending): Promise<void> {
    await this.db.query(`INSERT INTO zalo_oauth_pending (state, verifier, session_hash, created_at) VALUES ($1, $2, $3, $4)`, [
      p.state,
      p.verifier,
      p.sessionHash,
      p.createdAt,
    ]);
  }

  /** A state is usable once: the delete that returns it is what takes it, so two callbacks cannot both get it. */
  async takePending(state: string, notBefore: number): Promise<OAuthPending | undefined> {
    return this.db.transaction(async (tx) => {
      await tx.query(`DELETE FROM zalo_oauth_pending WHERE created_at < $1`, [notBefore]);
      const r = (
        await tx.query<{ state: string; verifier: string; session_hash: string; created_at: number }>(
          `DELETE FROM zalo_oauth_pending WHERE state = $1 RETURNING *`,
          [state],
        )
      ).rows[0];
      return r && { state: r.state, verifier: r.verifier, sessionHash: r.session_hash, createdAt: r.created_at };
    });
  }
}
