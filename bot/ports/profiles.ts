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

/** The conversation a form is being filled in. */
export interface FormConversation {
  channelId: string;
  userId: string;
  conversationId: string;
}

/**
 * What the form skill has taken from a conversation so far: the form's values by its own
 * field keys (`fields` as the citizen gave them, `derived` computed or defaulted, never
 * read as said) and the profile facts it would keep with consent.
 */
export interface FormProgress {
  form: string;
  fields: Record<string, string>;
  derived: Record<string, string>;
  profile: Record<string, unknown>;
}

/**
 * Port: where the form skill reports its progress after every turn with a form open. The
 * field-accuracy evals read forms through it; the assistant passes one that keeps nothing
 * (personal data stays in the sealed session and, with consent, the `ProfileStore`).
 */
export interface FormProgressSink {
  report(conversation: FormConversation, progress: FormProgress): void;
}
