import { migrate, type Db } from './sqlite.js';
import type { ProfileStore, ProfileSubject, StoredProfile } from '../bot/ports/index.js';
import type { SealedBox } from './crypto.js';

/**
 * Citizen profiles for form prefill, stored only with consent and only encrypted: the row
 * key is a keyed hash of `channelId:userId` and the profile JSON is sealed with
 * AES-256-GCM bound to that row. The database file never holds a name, ID or phone number
 * in clear. The port (`ProfileStore`) is the domain's, in `bot/ports/profiles.ts`.
 */

export const PROFILE_STORE_MIGRATIONS = [
  {
    name: 'profile_store_001',
    sql: `CREATE TABLE IF NOT EXISTS citizen_profiles (
      subject TEXT PRIMARY KEY,
      sealed TEXT NOT NULL,
      consent_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
  },
] as const;

export class SqliteProfileStore implements ProfileStore {
  private readonly stmts;

  constructor(
    private readonly db: Db,
    private readonly box: SealedBox,
  ) {
    migrate(db, PROFILE_STORE_MIGRATIONS);
    this.stmts = {
      get: db.prepare<[string], { sealed: string; consent_at: string; updated_at: string }>(
        'SELECT sealed, consent_at, updated_at FROM citizen_profiles WHERE subject = ?',
      ),
      put: db.prepare(
        `INSERT INTO citizen_profiles (subject, sealed, consent_at, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(subject) DO UPDATE SET sealed = excluded.sealed, consent_at = excluded.consent_at, updated_at = excluded.updated_at`,
      ),
      del: db.prepare('DELETE FROM citizen_profiles WHERE subject = ?'),
    };
  }

  private key(s: ProfileSubject): string {
    return this.box.lookupHash(`${s.channelId}\u0000${s.userId}`);
  }

  async get(subject: ProfileSubject): Promise<StoredProfile | undefined> {
    const key = this.key(subject);
    const row = this.stmts.get.get(key);
    if (!row) return undefined;
    const profile = JSON.parse(this.box.open(row.sealed, key)) as Record<string, unknown>;
    return { profile, consentAt: row.consent_at, updatedAt: row.updated_at };
  }

  async put(subject: ProfileSubject, profile: Record<string, unknown>, meta: { consentAt: string; now: Date }): Promise<void> {
    const key = this.key(subject);
    this.stmts.put.run(key, this.box.seal(JSON.stringify(profile), key), meta.consentAt, meta.now.toISOString());
  }

  async delete(subject: ProfileSubject): Promise<boolean> {
    return this.stmts.del.run(this.key(subject)).changes > 0;
  }
}
