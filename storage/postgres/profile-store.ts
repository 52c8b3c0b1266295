import type { ProfileStore, ProfileSubject, SealedBox, StoredProfile } from '../../bot/ports/index.js';
import type { PgDb } from './db.js';

/**
 * `ProfileStore` on PostgreSQL (`migrations/011_citizen_profiles.sql`), the twin of
 * `storage/profile-store.ts`: the row key is the box's keyed hash of `channelId NUL userId`
 * and the profile JSON is sealed bound to that key, exactly as on SQLite, so a copied row
 * opens. `put` is one upsert: two processes saving the same citizen at once leave one whole
 * profile (the last), never a mix.
 */
export class PgProfileStore implements ProfileStore {
  constructor(
    private readonly db: PgDb,
    private readonly box: SealedBox,
  ) {}

  private key(s: ProfileSubject): string {
    return this.box.lookupHash(`${s.channelId}\u0000${s.userId}`);
  }

  async get(subject: ProfileSubject): Promise<StoredProfile | undefined> {
    const key = this.key(subject);
    const row = (
      await this.db.query<{ sealed: string; consent_at: string; updated_at: string }>(
        'SELECT sealed, consent_at, updated_at FROM citizen_profiles WHERE subject = $1',
        [key],
      )
    ).rows[0];
    if (!row) return undefined;
    const profile = JSON.parse(this.box.open(row.sealed, key)) as Record<string, unknown>;
    return { profile, consentAt: row.consent_at, updatedAt: row.updated_at };
  }

  async put(subject: ProfileSubject, profile: Record<string, unknown>, meta: { consentAt: string; now: Date }): Promise<void> {
    const key = this.key(subject);
    await this.db.query(
      `INSERT INTO citizen_profiles (subject, sealed, consent_at, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (subject) DO UPDATE SET sealed = excluded.sealed, consent_at = excluded.consent_at, updated_at = excluded.updated_at`,
      [key, this.box.seal(JSON.stringify(profile), key), meta.consentAt, meta.now.toISOString()],
    );
  }

  async delete(subject: ProfileSubject): Promise<boolean> {
    return ((await this.db.query('DELETE FROM citizen_profiles WHERE subject = $1', [this.key(subject)])).rowCount ?? 0) > 0;
  }
}
