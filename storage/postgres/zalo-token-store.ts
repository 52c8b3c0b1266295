import type { OAuthPending, OaTokenState, SealedBox, StoredTokens } from '../../bot/ports/index.js';
import type { AsyncOaTokenStore } from './async-port.js';
import type { PgDb } from './db.js';

/**
 * The Zalo OA tokens, refresh leases and pending consents on PostgreSQL
 * (`migrations/003_zalo_tokens.sql`), the same contract as `storage/zalo-token-store.ts`.
 * The refresh token is single-use, so refreshes across processes are serialised by a lease
 * row: `tryLease` is one upsert whose conflict branch updates the row only when the lease is
 * free, expired or already ours, and the row lock the upsert takes makes that check-and-take
 * atomic (a second process waits for the first's statement, then sees its lease). Tokens are
 * sealed with the same bindings as in SQLite.
 */

type Sealer = Pick<SealedBox, 'seal' | 'open'>;

const ROW_ID = 'oa';

interface Row {
  access_token: string | null;
  access_expires_at: number | null;
  refresh_token: string | null;
  status: OaTokenState;
  version: number;
  updated_at: number;
  last_error: string | null;
  refresh_failures: number;
  refresh_failed_at: number | null;
  refresh_error: string | null;
}

export class PgZaloTokenStore implements AsyncOaTokenStore {
  constructor(
    private readonly db: PgDb,
    private readonly sealer: Sealer,
  ) {}

  private seal(v: string | undefined | null, field: string): string | null {
    if (v === undefined || v === null) return null;
    return this.sealer.seal(v, `zalo_tokens.${field}`);
  }

  private unseal(v: string | null, field: string): string | null {
    if (v === null || !v.startsWith('v1.')) return v; // written in clear by an old version
    return this.sealer.open(v, `zalo_tokens.${field}`);
  }

  private toTokens(r: Row): StoredTokens {
    return {
      accessToken: this.unseal(r.access_token, 'access'),
      accessExpiresAt: r.access_expires_at,
      refreshToken: this.unseal(r.refresh_token, 'refresh'),
      status: r.status,
      version: r.version,
      updatedAt: r.updated_at,
      lastError: r.last_error,
      refreshFailures: r.refresh_failures,
      refreshFailedAt: r.refresh_failed_at,
      refreshError: r.refresh_error,
    };
  }

  async get(): Promise<StoredTokens | undefined> {
    const r = (await this.db.query<Row>(`SELECT * FROM zalo_tokens WHERE id = $1`, [ROW_ID])).rows[0];
    return r && this.toTokens(r);
  }

  async seedIfEmpty(input: { accessToken?: string; refreshToken?: string; now: number }): Promise<boolean> {
    if (!input.accessToken && !input.refreshToken) return false;
    const res = await this.db.query(
      `INSERT INTO zalo_tokens (id, access_token, access_expires_at, refresh_token, status, version, updated_at)
       VALUES ($1, $2, NULL, $3, 'ok', 1, $4) ON CONFLICT (id) DO NOTHING`,
      [ROW_ID, this.seal(input.accessToken, 'access'), this.seal(input.refreshToken, 'refresh'), input.now],
    );
    return res.rowCount === 1;
  }

  async save(input: { accessToken: string; refreshToken: string; accessExpiresAt: number; now: number }): Promise<StoredTokens> {
    const res = await this.db.query<Row>(
      `INSERT INTO zalo_tokens (id, access_token, access_expires_at, refresh_token, status, version, updated_at, last_error)
       VALUES ($1, $2, $3, $4, 'ok', 1, $5, NULL)
       ON CONFLICT (id) DO UPDATE SET access_token = EXCLUDED.access_token, access_expires_at = EXCLUDED.access_expires_at,
         refresh_token = EXCLUDED.refresh_token, status = 'ok', version = zalo_tokens.version + 1, updated_at = EXCLUDED.updated_at,
         last_error = NULL, refresh_failures = 0, refresh_failed_at = NULL, refresh_error = NULL
       RETURNING *`,
      [ROW_ID, this.seal(input.accessToken, 'access'), input.accessExpiresAt, this.seal(input.refreshToken, 'refresh'), input.now],
    );
    return this.toTokens(res.rows[0]!);
  }

  async markRejected(error: string, now: number): Promise<void> {
    await this.db.query(
      `UPDATE zalo_tokens SET status = 'refresh_rejected', last_error = $1, version = version + 1, updated_at = $2 WHERE id = $3`,
      [error, now, ROW_ID],
    );
  }

  async noteRefreshFailure(error: string, now: number): Promise<void> {
    await this.db.query(
      `UPDATE zalo_tokens SET refresh_failures = refresh_failures + 1, refresh_failed_at = $1, refresh_error = $2 WHERE id = $3`,
      [now, error, ROW_ID],
    );
  }

  /** Sealed values differ on every write, so the token is compared in clear under the row lock. */
  async expireAccessToken(token: string, now: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const r = (await tx.query<{ access_token: string | null }>(`SELECT access_token FROM zalo_tokens WHERE id = $1 FOR UPDATE`, [ROW_ID])).rows[0];
      if (!r || this.unseal(r.access_token, 'access') !== token) return;
      await tx.query(`UPDATE zalo_tokens SET access_expires_at = $1, updated_at = $1 WHERE id = $2`, [now, ROW_ID]);
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
