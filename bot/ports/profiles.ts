/**
 * Port: citizen profiles for form prefill (issue 15). Kept only with the citizen's consent
 * and only sealed at rest; `storage/profile-store.ts` implements it over SQLite. The form
 * and privacy skills (`bot/forms`) are its only users.
 */

/** Whose profile: one per channel user (a Zalo follower, a web-chat visitor). */
export interface ProfileSubject {
  channelId: string;
  userId: string;
}

export interface StoredProfile {
  /** Plain JSON; the caller validates its shape. */
  profile: Record<string, unknown>;
  /** When the citizen consented to keeping it (ISO). */
  consentAt: string;
  updatedAt: string;
}

export interface ProfileStore {
  get(subject: ProfileSubject): Promise<StoredProfile | undefined>;
  /** Replaces the subject's profile (the caller merges). */
  put(subject: ProfileSubject, profile: Record<string, unknown>, meta: { consentAt: string; now: Date }): Promise<void>;
  /** Deletes the profile; resolves true when there was one. */
  delete(subject: ProfileSubject): Promise<boolean>;
}
