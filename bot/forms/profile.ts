import { PROFILE_KEYS, RELATIONS, type ProfileKey, type Relation } from '../../knowledge/index.js';
import { z } from 'zod';

/** Keys a person carries: the canonical keys plus place of birth (children). */
export type PersonKey = ProfileKey | 'noiSinh';
export const PERSON_KEYS: readonly PersonKey[] = [...PROFILE_KEYS, 'noiSinh'];

export type PersonProfile = Partial<Record<PersonKey, string>>;

/** The citizen's profile: their own facts plus relations as nested profiles. */
export type CitizenProfile = PersonProfile & Partial<Record<Relation, PersonProfile>>;

/** Where a fact belongs: the citizen, a relation, or a person only the current form knows. */
export type Holder = 'self' | Relation | 'other';

const personSchema = z.object(Object.fromEntries(PERSON_KEYS.map((k) => [k, z.string().optional()]))).strip();
export const citizenProfileSchema = personSchema.extend(
  Object.fromEntries(RELATIONS.map((r) => [r, personSchema.optional()])),
);

/** Working profile of a conversation: may also hold `other` (never persisted). */
export type WorkingProfile = CitizenProfile & { other?: PersonProfile };

export function getFact(p: WorkingProfile, holder: Holder, key: PersonKey): string | undefined {
  const person: PersonProfile | undefined = holder === 'self' ? p : p[holder];
  const v = person?.[key];
  return v === undefined || v === '' ? undefined : v;
}

export function setFact(p: WorkingProfile, holder: Holder, key: PersonKey, value: string): void {
  if (holder === 'self') {
    p[key] = value;
    return;
  }
  const person = (p[holder] ??= {});
  person[key] = value;
}

/** One person's facts (a copy). */
export function getPerson(p: WorkingProfile, holder: Holder): PersonProfile {
  if (holder !== 'self') return { ...(p[holder] ?? {}) };
  const out: PersonProfile = {};
  for (const k of PERSON_KEYS) if (p[k] !== undefined) out[k] = p[k];
  return out;
}

/** Replaces one person's facts. */
export function setPerson(p: WorkingProfile, holder: Holder, person: PersonProfile): void {
  if (holder !== 'self') {
    p[holder] = { ...person };
    return;
  }
  for (const k of PERSON_KEYS) delete p[k];
  for (const k of PERSON_KEYS) if (person[k] !== undefined) p[k] = person[k];
}

/** The part of a working profile that may be stored (no `other`, no empty relations). */
export function persistable(p: WorkingProfile): CitizenProfile {
  const out: CitizenProfile = {};
  for (const k of PERSON_KEYS) if (p[k]) out[k] = p[k];
  for (const r of RELATIONS) {
    const rel = p[r];
    if (rel && Object.values(rel).some(Boolean)) out[r] = { ...rel };
  }
  return out;
}

/**
 * Merges `update` into `base` (update wins per key). A partial date never replaces a full
 * date that agrees with it ("1990" does not erase "1990-03-05").
 */
export function mergeProfiles(base: WorkingProfile, update: WorkingProfile): WorkingProfile {
  const out: WorkingProfile = structuredClone(base);
  const mergePerson = (holder: Holder, person: PersonProfile | undefined) => {
    if (!person) return;
    for (const k of PERSON_KEYS) {
      const v = person[k];
      if (!v) continue;
      const cur = getFact(out, holder, k);
      if (k === 'ngaySinh' && cur && cur.length > v.length && cur.startsWith(v)) continue;
      setFact(out, holder, k, v);
    }
  };
  mergePerson('self', update);
  for (const r of [...RELATIONS, 'other'] as const) mergePerson(r, update[r]);
  return out;
}
