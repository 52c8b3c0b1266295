import type { FormRegistry } from '../../knowledge/index.js';
import type { ProfileStore } from '../ports/index.js';
import type { BotLogger } from '../ports/index.js';
import type { FileStore, PersonalDataEraser, Skill, Turn, TurnResult } from '../types.js';
import type { AddressAdvisor } from './address.js';
import { createFormSkill, type CapturedForm, type SessionSealer } from './form-skill.js';
import { createPrivacySkill } from './privacy-skill.js';
import { citizenProfileSchema, mergeProfiles, PERSON_KEYS, type CitizenProfile } from './profile.js';
import type { FormFonts } from './render-pdf.js';

export { createAddressAdvisor, type AddressAdvisor, type AddressSuggestion, type AdminUnitLookups } from './address.js';
export { extractFacts, type Extraction, type Fact } from './extract.js';
export { FORM_ACTIONS, createFormSkill, type CapturedForm, type FormSkillDeps, type SessionSealer } from './form-skill.js';
export { createPrivacySkill, maskNumber } from './privacy-skill.js';
export { parseDate, parseIdNumber, parseName, parsePhone, ID_PROVINCE_CODES } from './parse.js';
export { type CitizenProfile, type PersonProfile, type PersonKey } from './profile.js';
export { loadDejaVuFonts, renderFormPdf, type FormFonts, type RenderInput } from './render-pdf.js';
export { dateInWords } from './derive.js';

export interface FormSkillsOptions {
  forms: FormRegistry;
  profileStore: ProfileStore;
  /** The file store, or a getter when it is created after the bot (the server creates it). */
  fileStore: FileStore | (() => FileStore | undefined) | undefined;
  /** Font bytes, or a loader called on first PDF (e.g. `loadDejaVuFonts`). */
  fonts: FormFonts | (() => Promise<FormFonts>);
  /** Seals form sessions kept in conversation state (use the profile `SecretBox`). */
  sealer: SessionSealer;
  addresses?: AddressAdvisor;
  logger?: BotLogger;
  clock?: () => Date;
  /**
   * Keep the last captured profile per conversation in memory so `capturedProfile` can
   * report it even without consent. For evals and tests only: production leaves it off.
   */
  retainCaptured?: boolean;
  /** Other holders of personal data erased on "Xoá dữ liệu của tôi" (a live registry). */
  erasers?: readonly PersonalDataEraser[];
}

export interface FormSkills {
  privacy: Skill;
  forms: Skill & { start(turn: Turn, formId: string, initial?: Record<string, string>): Promise<TurnResult> };
  /** Ready for `createAssistant({ extraSkills: { privacy, forms } })`. */
  slots: { privacy: Skill[]; forms: Skill[] };
  /**
   * The profile captured for a citizen, flattened to `hoTen`, `child.hoTen`, …: the
   * stored profile (consent given) merged with the conversation's (when retained).
   */
  capturedProfile(subject: { channelId: string; userId: string; conversationId?: string }): Promise<Record<string, string>>;
  /** The last form filled in a conversation, by field key (when retained; evals only). */
  capturedForm(subject: { channelId: string; conversationId: string }): CapturedForm | undefined;
}

/** Flattens a profile to dotted keys: `{hoTen, child: {hoTen}}` → `{hoTen, "child.hoTen"}`. */
export function flattenProfile(p: CitizenProfile): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) {
    if (typeof v === 'string') out[k] = v;
    else if (v && typeof v === 'object') for (const [k2, v2] of Object.entries(v)) if (typeof v2 === 'string') out[`${k}.${k2}`] = v2;
  }
  return out;
}

/** The privacy and form-filling skills over one profile store and file store. */
export function createFormSkills(o: FormSkillsOptions): FormSkills {
  const captured = new Map<string, CitizenProfile>();
  const capturedForms = new Map<string, CapturedForm>();
  const forms = createFormSkill({
    forms: o.forms,
    profiles: o.profileStore,
    files: o.fileStore,
    fonts: o.fonts,
    sealer: o.sealer,
    addresses: o.addresses,
    logger: o.logger,
    clock: o.clock,
    onProfileCaptured: o.retainCaptured
      ? (s, profile) => {
          captured.set(`${s.channelId}\u0000${s.conversationId}`, mergeProfiles(captured.get(`${s.channelId}\u0000${s.conversationId}`) ?? {}, profile));
        }
      : undefined,
    onFormCaptured: o.retainCaptured ? (s, form) => capturedForms.set(`${s.channelId}\u0000${s.conversationId}`, form) : undefined,
  });
  const privacy = createPrivacySkill({ profiles: o.profileStore, logger: o.logger, erasers: o.erasers, details: (turn, next) => forms.handle(turn, next) });
  return {
    privacy,
    forms,
    slots: { privacy: [privacy], forms: [forms] },
    async capturedProfile(subject) {
      const stored = await o.profileStore.get({ channelId: subject.channelId, userId: subject.userId });
      const parsed = stored ? citizenProfileSchema.safeParse(stored.profile) : undefined;
      let p: CitizenProfile = parsed?.success ? (parsed.data as CitizenProfile) : {};
      const live = subject.conversationId ? captured.get(`${subject.channelId}\u0000${subject.conversationId}`) : undefined;
      if (live) p = mergeProfiles(p, live);
      return flattenProfile(p);
    },
    capturedForm(subject) {
      return capturedForms.get(`${subject.channelId}\u0000${subject.conversationId}`);
    },
  };
}

export { PERSON_KEYS };
