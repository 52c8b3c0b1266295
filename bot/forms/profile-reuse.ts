import type { FormDefinition } from '../../knowledge/index.js';
import type { ProfileStore, ProfileSubject } from '../ports/index.js';
import type { Turn } from '../types.js';
import { citizenProfileSchema, mergeProfiles, persistable, type CitizenProfile, type WorkingProfile } from './profile.js';
import type { FormSession } from './session.js';

/**
 * Ask once: the citizen's stored profile (only with consent) prefills a new form, and what
 * a form adds is merged back into it. Nothing is read or written without consent.
 */
export interface ProfileReuse {
  /** The stored profile when the citizen has consented and it reads as a profile. */
  stored(turn: Turn): Promise<CitizenProfile | undefined>;
  /** Merges the session's persistable facts into the stored profile (consent given only). */
  persist(turn: Turn, session: FormSession): Promise<void>;
}

export const subjectOf = (turn: Turn): ProfileSubject => ({ channelId: turn.channelId, userId: turn.userId });

export function createProfileReuse(profiles: ProfileStore): ProfileReuse {
  const read = async (turn: Turn): Promise<CitizenProfile | undefined> => {
    const stored = await profiles.get(subjectOf(turn));
    if (!stored) return undefined;
    const parsed = citizenProfileSchema.safeParse(stored.profile);
    return parsed.success ? (parsed.data as CitizenProfile) : undefined;
  };
  const stored = async (turn: Turn) => (turn.user.profileConsent?.given ? read(turn) : undefined);
  return {
    stored,
    async persist(turn, session) {
      if (session.consent !== 'given') return;
      const consentAt = turn.user.profileConsent?.at ?? turn.now.toISOString();
      const current = (await stored(turn)) ?? {};
      await profiles.put(subjectOf(turn), mergeProfiles(current, persistable(session.profile)), { consentAt, now: turn.now });
    },
  };
}

/** Drops relations a form always treats as new (the baby being registered) and `other`. */
export function freshStart(form: FormDefinition, profile: CitizenProfile): WorkingProfile {
  const p: WorkingProfile = structuredClone(profile);
  for (const role of form.roles) if (role.fresh) delete p[role.otherwise as 'child'];
  delete p.other;
  return p;
}
