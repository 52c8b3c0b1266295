import type { FormDefinition, FormField, FormRegistry } from '../../knowledge/index.js';
import { derive } from './derive.js';
import { getFact, setFact, type Holder, type PersonKey, type WorkingProfile } from './profile.js';
import type { RequestKind } from './request-content.js';

/**
 * The state of one form being filled in a conversation, and the pure rules over it:
 * which person a field belongs to, its current value, what is still missing.
 */
export interface FormSession {
  formId: string;
  stage: 'choose' | 'consent' | 'filling' | 'address' | 'summary' | 'edit-choose';
  /** Consent for this session: given (profile stored), refused (conversation only), pending. */
  consent: 'given' | 'refused' | 'pending';
  profile: WorkingProfile;
  /** Answers to fields that no profile key holds, and explicit overrides. */
  values: Record<string, string>;
  /** Fields asked in the last bot message. */
  asked: string[];
  /** Optional fields the citizen chose to leave empty. */
  skipped: string[];
  /** The last field given a number (ID or phone), for "số cuối là 8". */
  lastNumeric?: string;
  pendingAddress?: { field: string; options: string[]; original: string };
  /** Fields asked because the citizen wants to change them (asked even if filled). */
  editing?: string[];
  /** Candidate fields offered by "sửa …" when it was ambiguous. */
  editChoices?: string[];
  /** Choices offered by "điền tờ khai" when the form was not named. */
  formChoices?: string[];
  /** The person the conversation is talking about (role or relation), for facts without a cue. */
  lastHolder?: string;
  /** The last person other than the citizen ("anh ấy", "cô ấy"). */
  lastOther?: string;
  /** Who each kind of value was last given for, so "sửa ngày sinh" finds it. */
  lastByKey?: Partial<Record<string, string>>;
  /** Choice fields set by inference only: still asked, never reported as said. */
  guessed?: string[];
  /** "cho con tôi": the citizen is the parent, Cha or Mẹ once their sex is known (the field to set). */
  pendingParent?: boolean | string;
  /** "cho cháu nội" said while the citizen's sex is unknown: this field is "Bà" or "Ông" once it is. */
  pendingGrandparent?: string;
  /** Messages with details sent before the form was chosen, read once it is. */
  buffer?: string[];
  /** When the buffer was last added to (ISO): it is read only within RECENT_MAX_AGE_MS, as the recent messages are. */
  bufferedAt?: string;
  /** Someone other than the citizen was named with a cue in this conversation ("mẹ tôi tên …"). */
  othersNamed?: boolean;
  /** Folded phrases that named a person of the form ("chị e" → the head of household). */
  aliases?: Array<{ holder: string; phrase: string }>;
  /** The relation field set to "the citizen" by inference (no one else named), open to a later statement. */
  inferredSubject?: string;
  /** CT01: what the citizen asks the residence registry to do, read from their words. */
  requestKind?: RequestKind;
  /** CT01: the "Nội dung đề nghị" line last written from `requestKind` (a value the citizen stated differs). */
  requestDerived?: string;
  /** CT01: the household members changing residence with the citizen, as last written from the people known (a value the citizen stated differs). */
  membersDerived?: string;
  /** The kin title the citizen speaks of themself by ("bà muốn xin …", "chú cần …"), as typed, lower case. */
  selfTitle?: string;
  /** Sexes filled from a person's own details (ID number, relation, middle name), by holder, while nobody said them. */
  sexInferred?: Partial<Record<string, 'Nam' | 'Nữ'>>;
  /** Names whose restored diacritics were read back to the citizen (read back once). */
  namesReadBack?: string[];
  /**
   * CT01 filed by the head of household for a relative ("nhập khẩu cho mạ", "đăng ký tạm trú cho
   * nó"): the relative the citizen names, held until the citizen says they are the head.
   */
  declarantOf?: Holder;
  /**
   * CT01: the person whose residence changes, when not the citizen (the form's own "self"
   * fields are theirs); the citizen is then the head of household (`headIsSelf`).
   */
  declarant?: Holder;
  headIsSelf?: boolean;
}

const RELATION_TARGETS = new Set(['self', 'child', 'spouse', 'father', 'mother', 'other']);

/** The profile holder a role or relation name points to in this session. */
export function resolveHolder(form: FormDefinition, session: FormSession, name: string, forms: FormRegistry): Holder {
  if (RELATION_TARGETS.has(name) && !form.roles.some((r) => r.name === name)) return name as Holder;
  const role = form.roles.find((r) => r.name === name);
  if (!role) return RELATION_TARGETS.has(name) ? (name as Holder) : 'other';
  // The citizen filing for a relative into their own household: the head is the citizen,
  // whatever the relative's relation to them printed in the decider field.
  if (name === 'chuHo' && session.headIsSelf) return 'self';
  let decider: string | undefined;
  if (role.from?.includes('.')) {
    const [h, k] = role.from.split('.') as [string, PersonKey];
    decider = getFact(session.profile, h as Holder, k);
  } else if (role.from) {
    const f = forms.fieldsOf(form).find((x) => x.name === role.from);
    decider = f ? valueOf(form, session, f, forms, new Date(0)) : undefined;
  }
  const target = (decider !== undefined ? role.map[decider] : undefined) ?? role.otherwise;
  return target as Holder;
}

export function holderOfField(form: FormDefinition, session: FormSession, field: FormField, forms: FormRegistry): Holder | undefined {
  if (!field.prefill) return undefined;
  const root = field.prefill.split('.')[0]!;
  // (The contact phone and e-mail stay the citizen's: they file the form and are reached.)
  if (root === 'self' && session.declarant && !/\.(?:soDienThoai|email)$/.test(field.prefill)) return session.declarant;
  return resolveHolder(form, session, root, forms);
}

/** The field's current value: explicit answer, profile, derived, default. */
export function valueOf(form: FormDefinition, session: FormSession, field: FormField, forms: FormRegistry, now: Date): string | undefined {
  const explicit = session.values[field.name];
  if (explicit !== undefined && explicit !== '') return explicit;
  if (field.prefill) {
    const holder = holderOfField(form, session, field, forms)!;
    const v = getFact(session.profile, holder, field.prefill.split('.')[1] as PersonKey);
    if (v) return v;
  }
  if (field.derive) {
    const src = field.derive.from ? forms.fieldsOf(form).find((f) => f.name === field.derive!.from) : undefined;
    const v = derive(field.derive.kind, src ? valueOf(form, session, src, forms, now) : undefined, now);
    if (v) return v;
  }
  return field.default;
}

/** Stores an answer where it belongs: in the profile when the field maps to one, else in values. */
export function setValue(form: FormDefinition, session: FormSession, field: FormField, forms: FormRegistry, value: string): void {
  if (field.prefill) {
    const holder = holderOfField(form, session, field, forms)!;
    setFact(session.profile, holder, field.prefill.split('.')[1] as PersonKey, value);
    delete session.values[field.name];
  } else {
    session.values[field.name] = value;
  }
}

/** A date field the form prints in full needs a full date; the mother's birth year does not. */
export function needsFullDate(field: FormField): boolean {
  return field.type === 'date' && field.print?.format !== 'year';
}

export function isComplete(field: FormField, value: string | undefined): boolean {
  if (value === undefined || value === '') return false;
  if (needsFullDate(field)) return /^\d{4}-\d{2}-\d{2}$/.test(value);
  return true;
}

/**
 * Required fields still missing, in the order to ask them: fields that decide a role
 * first (so "Anh/chị là gì của cháu?" comes before the mother's name, which may then be
 * the citizen's own), then print order.
 */
export function missingFields(form: FormDefinition, session: FormSession, forms: FormRegistry, now: Date): FormField[] {
  const fields = forms.fieldsOf(form);
  const deciders = new Set(form.roles.map((r) => r.from).filter((f): f is string => !!f && !f.includes('.')));
  const byName = new Map(fields.map((f) => [f.name, f]));
  const missing = fields.filter((f) => {
    if (session.editing?.includes(f.name)) return true;
    if ((!f.required && !f.askIfMissing) || session.skipped.includes(f.name)) return false;
    if (isComplete(f, valueOf(form, session, f, forms, now)) && !session.guessed?.includes(f.name)) return false;
    // A derived field waits for its source; it is asked only if derivation then fails.
    const src = f.derive?.from ? byName.get(f.derive.from) : undefined;
    if (src && !isComplete(src, valueOf(form, session, src, forms, now)) && !session.skipped.includes(src.name)) return false;
    return true;
  });
  const rank = (f: FormField) => (deciders.has(f.name) ? 0 : f.derive ? 2 : 1);
  return missing.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map((x) => x.f);
}

const TYPED = new Set(['date', 'year', 'id-number', 'phone', 'email', 'number']);

/**
 * The next one or two fields to ask. Two only when the answers can be told apart: at most
 * one free-text field, no select (selects are asked alone, with buttons), and the two
 * typed fields of different kinds.
 */
export function nextQuestion(missing: FormField[]): FormField[] {
  const first = missing[0];
  if (!first) return [];
  if (first.type === 'select') return [first];
  const second = missing[1];
  if (!second || second.type === 'select') return [first];
  // Both about the same person, so one question reads naturally.
  if ((first.prefill?.split('.')[0] ?? '') !== (second.prefill?.split('.')[0] ?? '')) return [first];
  const freeCount = [first, second].filter((f) => !TYPED.has(f.type)).length;
  if (freeCount > 1) return [first];
  if (TYPED.has(first.type) && TYPED.has(second.type) && first.type === second.type) return [first];
  return [first, second];
}
