import type { FormRegistry } from '../../knowledge/index.js';
import type { BotLogger, FormProgressSink, ProfileStore } from '../ports/index.js';
import type { FileStore, PersonalDataEraser, Skill } from '../types.js';
import type { AddressAdvisor } from './address.js';
import { createFormSkill, type FormSkill } from './form-skill.js';
import { createPrivacySkill } from './privacy-skill.js';
import { PERSON_KEYS, type CitizenProfile } from './profile.js';
import { createRecentMessages, createRecentMessagesSkill } from './recent.js';
import type { FormFonts } from './render-pdf.js';
import type { SessionSealer } from './session-slot.js';

export { createAddressAdvisor, type AddressAdvisor, type AddressSuggestion, type AdminUnitLookups } from './address.js';
export { extractFacts, type Extraction, type Fact } from './extract.js';
export { type CapturedForm } from './capture.js';
export { createFormSkill, type FormSkill, type FormSkillDeps } from './form-skill.js';
export { asksToFillForm } from './choose-form.js';
export { carriesFormData, carriesPersonalFacts } from './form-data.js';
export { FORM_ACTIONS } from './replies.js';
export { type SessionSealer } from './session-slot.js';
export { createRecentMessages, createRecentMessagesSkill, RECENT_LIMIT, RECENT_MAX_AGE_MS, type RecentMessages } from './recent.js';
export { createPrivacySkill, maskNumber } from './privacy-skill.js';
export { parseIdNumber, parseName, parsePhone, ID_PROVINCE_CODES } from './parse.js';
export { mergeProfiles, type CitizenProfile, type PersonProfile, type PersonKey } from './profile.js';
export { loadDejaVuFonts, renderFormPdf, type FormFonts, type RenderInput } from './render-pdf.js';
export { dateInWords } from './derive.js';

export interface FormSkillsOptions {
  forms: FormRegistry;
  profileStore: ProfileStore;
  /** The file store, or a getter when it is created after the bot (the server creates it). */
  fileStore: FileStore | (() => FileStore | undefined) | undefined;
  /** Font bytes, or a loader called on first PDF (e.g. `loadDejaVuFonts`). */
  fonts: FormFonts | (() => Promise<FormFonts>);
  /** Seals form sessions kept in conversation state (use the profile `SealedBox`). */
  sealer: SessionSealer;
  /** Maps pre-2025 addresses to today's units; undefined when the admin-unit data is unavailable. */
  addresses: AddressAdvisor | undefined;
  logger: BotLogger;
  clock: () => Date;
  /**
   * Told after every turn what a form has filled so far. The assistant passes
   * `IGNORE_FORM_PROGRESS`; the field-accuracy evals pass a recorder.
   */
  progress: FormProgressSink;
  /** Other holders of personal data erased on "Xoá dữ liệu của tôi" (a live registry). */
  erasers: readonly PersonalDataEraser[];
  /** Restore the diacritics of names typed without any (see `FormContext.restoreNames`); default off. */
  restoreNameDiacritics?: boolean;
}

export interface FormSkills {
  privacy: Skill;
  forms: FormSkill;
  /** Ready for `createAssistant({ extraSkills: { privacy, forms } })`. */
  slots: { privacy: Skill[]; forms: Skill[] };
}

/** A progress sink that keeps nothing: what the assistant runs with. */
export const IGNORE_FORM_PROGRESS: FormProgressSink = { report() {} };

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
  const recent = createRecentMessages(o.sealer, o.logger);
  const forms = createFormSkill({
    forms: o.forms,
    profiles: o.profileStore,
    files: o.fileStore,
    fonts: o.fonts,
    sealer: o.sealer,
    addresses: o.addresses,
    restoreNames: o.restoreNameDiacritics,
    logger: o.logger,
    clock: o.clock,
    progress: o.progress,
    recent,
  });
  const privacy = createPrivacySkill({ profiles: o.profileStore, logger: o.logger, erasers: o.erasers, details: (turn, next) => forms.handle(turn, next) });
  // First in the chain of these skills, so it sees every message that reaches them.
  const recall = createRecentMessagesSkill(recent);
  return { privacy, forms, slots: { privacy: [recall, privacy], forms: [forms] } };
}

export { PERSON_KEYS };
