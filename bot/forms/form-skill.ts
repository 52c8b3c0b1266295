import type { FormDefinition, FormField, FormRegistry } from '../../knowledge/index.js';
import type { BotLogger, ProfileStore, ProfileSubject } from '../ports/index.js';
import type { FileRef, FileStore, OutgoingMessage, Skill, SuggestedAction, Turn, TurnResult } from '../types.js';
import type { AddressAdvisor } from './address.js';
import { extractFacts, type Fact, type Problem } from './extract.js';
import { findCorrection, findStatements, marriageCount, type Correction } from './statements.js';
import { readName } from './names.js';
import { cleanPlace } from './extract.js';
import {
  failureMessage,
  matchOption,
  parseDate,
  parseEmail,
  parseFreeText,
  parseGender,
  parseIdNumber,
  parseName,
  parseNumber,
  parsePhone,
  type ParseResult,
} from './parse.js';
import { citizenProfileSchema, getFact, getPerson, mergeProfiles, persistable, setFact, setPerson, type CitizenProfile, type Holder, type PersonKey, type WorkingProfile } from './profile.js';
import { printableValue, renderFormPdf, type FormFonts } from './render-pdf.js';
import {
  holderOfField,
  isComplete,
  missingFields,
  needsFullDate,
  nextQuestion,
  resolveHolder,
  setValue,
  valueOf,
  type FormSession,
} from './session.js';
import { foldSameLength, foldWords, hasWords } from './vi-text.js';

/**
 * Form filling as a skill. The conversation state slot `form` holds the session sealed
 * (encrypted) because it contains personal data and conversation state is stored in
 * clear; the citizen profile lives in the encrypted `ProfileStore`, only with consent.
 *
 *   trigger ─▶ consent? ─▶ ask missing (1–2 at a time) ─▶ [address suggestion] ─▶ summary
 *                                  ▲            │ validation message              │ "sửa …"
 *                                  └────────────┘◀────────────────────────────────┘
 *   summary "Xác nhận" ─▶ PDF + JSON via FileStore ─▶ profile saved (consent) ─▶ session cleared
 */

/** Seals the session for conversation state (AES-GCM in production). */
export interface SessionSealer {
  seal(plaintext: string, aad?: string): string;
  open(sealed: string, aad?: string): string;
}

export interface FormSkillDeps {
  forms: FormRegistry;
  profiles: ProfileStore;
  /** Where PDFs and JSON go; a function when the store is created after the bot (server). */
  files: FileStore | (() => FileStore | undefined) | undefined;
  fonts: FormFonts | (() => Promise<FormFonts>);
  sealer: SessionSealer;
  addresses?: AddressAdvisor;
  logger?: BotLogger;
  clock?: () => Date;
  /** Called after every turn with the profile captured so far (eval subject, tests). */
  onProfileCaptured?: (subject: { channelId: string; userId: string; conversationId: string }, profile: CitizenProfile) => void;
  /** Called after every turn with the form's values by field key (eval subject, tests). */
  onFormCaptured?: (subject: { channelId: string; userId: string; conversationId: string }, form: CapturedForm) => void;
}

/**
 * The form as filled so far, by the form's own field keys: what the citizen gave (`fields`)
 * and what was computed or defaulted (`derived`, kept apart so a default is never read as
 * something the citizen said). Year-only fields hold the year.
 */
export interface CapturedForm {
  form: string;
  fields: Record<string, string>;
  derived: Record<string, string>;
}

export const FORM_ACTIONS = {
  consentYes: 'Đồng ý lưu',
  consentNo: 'Không, chỉ dùng lần này',
  confirm: 'Xác nhận, tạo tờ khai',
  edit: 'Sửa thông tin',
  cancel: 'Huỷ điền tờ khai',
  useNewAddress: 'Dùng địa chỉ mới',
  keepAddress: 'Giữ địa chỉ như đã nhập',
  skip: 'Bỏ qua',
} as const;

const START = /\b(dien|lam|khai|tao|viet|soan|in|xin|lay|can|giup)\b.*\b(to khai|mau|don|ct ?01)\b|\bto khai\b|\bct ?01\b|\bdien (giup|ho|dum)\b/;
/** A request to fill, as opposed to a question about a form ("tờ khai khai sinh lấy ở đâu?"). */
const FILL_VERB = /\b(dien|lam|tao|viet|soan|khai giup|dien giup|dien ho)\b/;
const CANCEL = /^(huy|huy bo|huy dien to khai|thoi|khong dien nua|thoat|bo qua to khai|thoi khong lam nua|thoi khong dien nua)\b/;
/** "dừng" folds to the same letters as "dùng" (use), so it is matched with its diacritics. */
const STOP_ACCENTED = /^\s*(dừng|ngừng)(\s+lại)?\b/iu;
const YES = /^(co|dong y|dong y luu|ok|oke|okay|u|uh|um|vang|da|da vang|duoc|yes|dong y a|co a|luu|luu di)\b/;
const NO = /\b(khong|ko|k|khong dong y|chi dung lan nay|khong luu|tu choi|dung luu)\b/;
const CONFIRM = /^(xac nhan|dung|dung roi|ok|oke|dong y|chinh xac|tao to khai|tao|in|xong|duoc|co)\b/;
const EDIT = /^(sua|chinh|thay doi|doi|sua lai|sua thong tin)\b/;
const SKIP = /^(bo qua|khong co|khong biet|khong ro|chua co|khong nho)\b/;
const QUESTION = /\?|\b(bao nhieu|o dau|the nao|nhu nao|la gi|bao lau|khi nao|co can|can gi|nop o dau|mat bao|le phi)\b/;

const SESSION_AAD = 'form-session';
const UNSURE_WHOSE = 'Dạ, em chưa rõ thông tin vừa rồi là của ai, anh/chị nói rõ giúp em (ví dụ "ngày sinh của mẹ cháu là …") ạ.';

const ROLE_WORDS: Record<string, string> = {
  baby: 'của cháu',
  child: 'của con',
  mother: 'của mẹ',
  father: 'của cha',
  spouse: 'của vợ/chồng',
  chuHo: 'của chủ hộ',
  subject: 'người được cấp',
};

const HOLDER_WORDS: Record<string, string> = {
  self: 'của anh/chị',
  child: 'của cháu',
  spouse: 'của vợ/chồng',
  father: 'của cha',
  mother: 'của mẹ',
  other: '',
};

export function createFormSkill(deps: FormSkillDeps): Skill & {
  /** Starts filling a form outside the usual triggers (triage hands over the legal-aid request). */
  start(turn: Turn, formId: string, initial?: Record<string, string>): Promise<TurnResult>;
} {
  const clock = deps.clock ?? (() => new Date());
  const log = deps.logger;
  let fonts: FormFonts | undefined = typeof deps.fonts === 'function' ? undefined : deps.fonts;
  const getFonts = async () => (fonts ??= await (deps.fonts as () => Promise<FormFonts>)());
  const getFiles = () => (typeof deps.files === 'function' ? deps.files() : deps.files);

  const subjectOf = (turn: Turn): ProfileSubject => ({ channelId: turn.channelId, userId: turn.userId });

  function load(turn: Turn): FormSession | undefined {
    const slot = turn.conversation.form as { sealed?: string } | undefined;
    if (!slot?.sealed) return undefined;
    try {
      return JSON.parse(deps.sealer.open(slot.sealed, `${SESSION_AAD}:${turn.conversationId}`)) as FormSession;
    } catch (err) {
      // A session sealed with a lost key cannot be resumed; start over rather than fail every turn.
      log?.warn({ err, conversationId: turn.conversationId }, 'form session unreadable; discarded');
      return undefined;
    }
  }

  function save(turn: Turn, session: FormSession | undefined): void {
    if (!session) {
      delete turn.conversation.form;
      return;
    }
    turn.conversation.form = { sealed: deps.sealer.seal(JSON.stringify(session), `${SESSION_AAD}:${turn.conversationId}`) };
  }

  async function storedProfile(turn: Turn): Promise<CitizenProfile | undefined> {
    if (!turn.user.profileConsent?.given) return undefined;
    const stored = await deps.profiles.get(subjectOf(turn));
    if (!stored) return undefined;
    const parsed = citizenProfileSchema.safeParse(stored.profile);
    return parsed.success ? (parsed.data as CitizenProfile) : undefined;
  }

  async function persist(turn: Turn, session: FormSession): Promise<void> {
    if (session.consent !== 'given') return;
    const consentAt = turn.user.profileConsent?.at ?? turn.now.toISOString();
    const stored = (await storedProfile(turn)) ?? {};
    await deps.profiles.put(subjectOf(turn), mergeProfiles(stored, persistable(session.profile)), { consentAt, now: turn.now });
  }

  /** The one form whose choice fields a message fills ("chưa kết hôn lần nào" → marital status). */
  function formByStatements(text: string): FormDefinition | undefined {
    const fields = findStatements(text)
      .map((x) => x.field)
      .filter((x) => !/^so_luong/.test(x));
    if (fields.length === 0) return undefined;
    const fit = deps.forms.all().filter((x) => fields.every((name) => deps.forms.fieldsOf(x).some((f) => f.name === name)));
    return fit.length === 1 ? fit[0] : undefined;
  }

  function detectForm(turn: Turn): string | 'choose' | undefined {
    const f = foldWords(turn.text);
    const byTrigger = (text: string) =>
      deps.forms
        .all()
        .map((form) => ({ form, score: Math.max(0, ...form.triggers.map((t) => (hasWords(text, t) ? t.length : 0))) }))
        .filter((x) => x.score > 0)
        .sort((a, b) => b.score - a.score)[0]?.form.id;
    // "tờ khai CT01" alone asks about the form (Q&A answers, with a "Điền tờ khai giúp tôi" button);
    // filling starts on a request: "điền/làm/tạo tờ khai …".
    const u = turn.understanding;
    if (u) {
      // The understanding stage already decided this is a request for a form (or data for one).
      if (u.intent !== 'form_request' && u.intent !== 'form_data') return undefined;
    } else if (!START.test(f) || !FILL_VERB.test(f)) return undefined;
    const named = byTrigger(f);
    if (named) return named;
    const qa = turn.conversation.qa as { current?: string; pending?: { codes?: string[] } } | undefined;
    const code = qa?.current ?? turn.conversation.lastAnswer?.procedureCode;
    if (code) {
      const forCode = deps.forms.forProcedure(code)[0];
      if (forCode) return forCode.id;
    }
    // Details typed after a clarifying question or another answer: the procedures offered
    // and the last question asked still say which form the citizen is after.
    for (const c of qa?.pending?.codes ?? []) {
      const forCode = deps.forms.forProcedure(c)[0];
      if (forCode) return forCode.id;
    }
    const earlier = turn.conversation.lastAnswer?.question;
    const fromEarlier = earlier ? byTrigger(foldWords(earlier)) : undefined;
    if (fromEarlier) return fromEarlier;
    if (code && u?.intent !== 'form_data') return undefined; // the Q&A skill explains that this procedure's form is not available here
    return 'choose';
  }

  function newSession(turn: Turn, formId: string): FormSession {
    return {
      formId,
      stage: 'filling',
      consent: turn.user.profileConsent?.given ? 'given' : 'pending',
      profile: {},
      values: {},
      asked: [],
      skipped: [],
    };
  }

  /** Drops relations a form always treats as new (the baby being registered) and `other`. */
  function freshStart(form: FormDefinition, profile: CitizenProfile): WorkingProfile {
    const p: WorkingProfile = structuredClone(profile);
    for (const role of form.roles) if (role.fresh) delete p[role.otherwise as 'child'];
    delete p.other;
    return p;
  }

  /** The form's values by field key, the citizen's apart from computed ones. */
  function captureForm(form: FormDefinition, session: FormSession, now: Date): CapturedForm {
    const out: CapturedForm = { form: form.id, fields: {}, derived: {} };
    for (const f of deps.forms.fieldsOf(form)) {
      const v = valueOf(form, session, f, deps.forms, now);
      if (v === undefined || v === '') continue;
      const given = session.values[f.name] !== undefined || (f.prefill !== undefined && getFact(session.profile, holderOfField(form, session, f, deps.forms)!, f.prefill.split('.')[1] as PersonKey) !== undefined);
      if (session.guessed?.includes(f.name)) continue;
      const shown = f.print?.format === 'year' ? v.slice(0, 4) : v;
      (given ? out.fields : out.derived)[f.name] = shown;
    }
    return out;
  }

  function reportCaptured(turn: Turn, form: FormDefinition | undefined, session: FormSession | undefined): void {
    const who = { channelId: turn.channelId, userId: turn.userId, conversationId: turn.conversationId };
    if (session && deps.onProfileCaptured) deps.onProfileCaptured(who, persistable(session.profile));
    if (session && form && deps.onFormCaptured) deps.onFormCaptured(who, captureForm(form, session, turn.now));
  }

  function result(turn: Turn, session: FormSession | undefined, form: FormDefinition | undefined, messages: OutgoingMessage[], tags: string[] = []): TurnResult {
    save(turn, session);
    reportCaptured(turn, form, session);
    return {
      messages: messages.map((m) => ({ ...m, suggestedActions: m.suggestedActions?.slice(0, turn.capabilities.maxButtons) })),
      outcome: { behavior: 'answer', procedures: [], procedureCode: form?.procedureCodes[0], form: form?.id, tags: ['form', ...tags] },
    };
  }

  const action = (title: string, value = title): SuggestedAction => ({ title, value });

  function consentQuestion(form: FormDefinition): OutgoingMessage {
    return {
      text:
        `Dạ, em sẽ giúp anh/chị điền **${form.shortName}**.\n` +
        'Trước khi bắt đầu, em xin phép được **lưu** họ tên, ngày sinh, giới tính, số định danh cá nhân, số điện thoại, địa chỉ của anh/chị ' +
        '(và của người thân khi tờ khai cần) dưới dạng mã hoá, **chỉ để điền sẵn các tờ khai sau này**, không dùng vào việc khác. ' +
        'Anh/chị có thể yêu cầu xoá bất cứ lúc nào bằng câu "Xoá dữ liệu của tôi".\n' +
        'Anh/chị có đồng ý cho em lưu không? Nếu không đồng ý, em vẫn điền tờ khai lần này và không lưu lại gì.',
      suggestedActions: [action(FORM_ACTIONS.consentYes), action(FORM_ACTIONS.consentNo)],
    };
  }

  function questionFor(form: FormDefinition, session: FormSession, fields: FormField[]): OutgoingMessage {
    const parts = fields.map((f) => f.ask ?? f.label);
    const text =
      fields.length === 1
        ? parts[0]!.trim().endsWith('?')
          ? `Dạ, ${lowerFirst(parts[0]!)}`
          : `Dạ, anh/chị cho em xin ${lowerFirst(parts[0]!)} ạ.`
        : `Dạ, anh/chị cho em xin:\n${parts.map((p) => `- ${p}`).join('\n')}`;
    const field = fields[0]!;
    const options = deps.forms.optionsOf(field);
    const buttons: SuggestedAction[] = options ? options.slice(0, 8).map((o) => action(o)) : [];
    if (fields.length === 1 && field.type === 'select' && options && options.length > 8) {
      if (!field.required) buttons.unshift(action(FORM_ACTIONS.skip));
      return { text: `${text}\nAnh/chị bấm chọn hoặc gõ tên (ví dụ: ${options.slice(0, 3).join(', ')}).`, suggestedActions: buttons };
    }
    if (fields.length === 1 && !field.required) buttons.push(action(FORM_ACTIONS.skip));
    void session;
    void form;
    return { text, suggestedActions: buttons.length > 0 ? buttons : undefined };
  }

  function summary(form: FormDefinition, session: FormSession, now: Date): OutgoingMessage {
    const lines = [`Dạ, em tóm tắt **${form.shortName}** để anh/chị kiểm tra:`];
    for (const f of deps.forms.fieldsOf(form)) {
      if (f.derive?.kind === 'today' || f.derive?.kind === 'dateInWords') continue;
      const v = valueOf(form, session, f, deps.forms, now);
      if (!v) continue;
      lines.push(`- ${stripNumber(f.label)}${labelSuffix(form, session, f)}: ${chatValue(f, v)}`);
    }
    lines.push('', 'Nếu đúng, anh/chị bấm "Xác nhận" để em tạo tờ khai (PDF). Muốn sửa, anh/chị nhắn ví dụ "sửa ngày sinh".');
    return {
      text: lines.join('\n'),
      suggestedActions: [action(FORM_ACTIONS.confirm), action(FORM_ACTIONS.edit), action(FORM_ACTIONS.cancel)],
    };
  }

  function labelSuffix(form: FormDefinition, session: FormSession, f: FormField): string {
    const section = form.sections.find((s) => s.fields.includes(f));
    if (section?.title && !/^\d/.test(section.title)) return ` (${section.title.toLowerCase()})`;
    // Named after the person the form means (the mother), even when that is the citizen.
    const role = f.prefill?.split('.')[0];
    if (!role || role === 'self' || /người|chủ hộ/.test(f.label)) return '';
    const w = ROLE_WORDS[role] ?? HOLDER_WORDS[holderOfField(form, session, f, deps.forms) ?? 'other'];
    return w ? ` (${w})` : '';
  }

  /** Asks what is missing, or the address suggestion, or shows the summary. */
  function advance(turn: Turn, form: FormDefinition, session: FormSession, prefix: string[] = []): TurnResult {
    const now = turn.now;
    if (session.pendingAddress) {
      session.stage = 'address';
      const p = session.pendingAddress;
      const text =
        `${prefix.join('\n')}${prefix.length ? '\n' : ''}Dạ, từ ngày 01/7/2025 không còn cấp huyện và nhiều phường, xã đã được sắp xếp lại. ` +
        `Theo địa chỉ mới, "${p.original}" nay là:\n${p.options.map((o) => `- ${o}`).join('\n')}\nAnh/chị dùng địa chỉ mới này nhé?`;
      const buttons = p.options.length === 1 ? [action(FORM_ACTIONS.useNewAddress)] : p.options.map((o) => action(o));
      return result(turn, session, form, [{ text, suggestedActions: [...buttons, action(FORM_ACTIONS.keepAddress)] }]);
    }
    const missing = missingFields(form, session, deps.forms, now);
    const next = nextQuestion(missing);
    if (next.length > 0) {
      session.stage = 'filling';
      session.asked = next.map((f) => f.name);
      const q = questionFor(form, session, next);
      return result(turn, session, form, [{ ...q, text: [...prefix, q.text].join('\n') }]);
    }
    session.stage = 'summary';
    session.asked = [];
    session.editing = undefined;
    const s = summary(form, session, now);
    return result(turn, session, form, [{ ...s, text: [...prefix, s.text].join('\n') }]);
  }

  function setAddress(form: FormDefinition, session: FormSession, holder: Holder, address: string, fieldName?: string): void {
    setFact(session.profile, holder, 'noiCuTru', address);
    const s = deps.addresses?.suggest(address);
    if (s) session.pendingAddress = { field: fieldName ?? `${holder}.noiCuTru`, options: s.options, original: address };
  }

  /** The form's role or relation a holder named in the text stands for in this form. */
  function formHolder(form: FormDefinition, session: FormSession, h: string): string {
    const has = (field: string) => deps.forms.fieldsOf(form).some((f) => f.name === field);
    const side = session.values.ben_cua_nguoi_yeu_cau;
    switch (h) {
      case 'wife':
        return has('ho_ten_me') ? 'mother' : has('ho_ten_ben_nu') ? 'bride' : 'spouse';
      case 'husband':
        return has('ho_ten_cha') ? 'father' : has('ho_ten_ben_nam') ? 'groom' : 'spouse';
      case 'partner':
        if (has('ho_ten_ben_nu')) return side === 'Bên nữ' ? 'groom' : side === 'Bên nam' ? 'bride' : 'spouse';
        if (has('ho_ten_me')) return session.values.quan_he_voi_nguoi_duoc_khai_sinh === 'Cha' ? 'mother' : session.values.quan_he_voi_nguoi_duoc_khai_sinh === 'Mẹ' ? 'father' : 'spouse';
        return 'spouse';
      case 'other3':
        return session.lastOther ?? (has('ho_ten_ben_nu') ? 'spouse' : 'other');
      case 'mother':
      case 'father': {
        // "xin cho mẹ em": the citizen is the child of the person the paper is for.
        if (has('ho_ten_me')) return h;
        const role = form.roles.find((r) => r.from && session.values[r.from] === 'Con');
        return role ? role.name : h;
      }
      default:
        return h;
    }
  }

  /** Profile keys this form has a field for, for a (resolved) holder. */
  function keysOfHolder(form: FormDefinition, session: FormSession, holder: Holder): Set<string> {
    const out = new Set<string>();
    for (const f of deps.forms.fieldsOf(form)) {
      if (f.prefill && holderOfField(form, session, f, deps.forms) === holder) out.add(f.prefill.split('.')[1]!);
    }
    return out;
  }

  /** The citizen's sex as far as the conversation tells: said, or read from the name. */
  function applicantSex(session: FormSession): 'Nam' | 'Nữ' | undefined {
    const g = session.profile.gioiTinh;
    if (g === 'Nam' || g === 'Nữ') return g;
    const name = foldWords(session.profile.hoTen ?? '');
    if (/^\S+ thi\b/.test(name)) return 'Nữ';
    if (/^\S+ van\b/.test(name)) return 'Nam';
    return undefined;
  }

  /** The citizen and the one other person a plural "we" means here (the spouse-to-be, the other parent). */
  function bothHolders(form: FormDefinition, session: FormSession): Holder[] {
    const out: Holder[] = ['self'];
    const names = form.roles.map((r) => r.name);
    const pair = names.includes('bride') ? ['bride', 'groom'] : names.includes('mother') ? ['mother', 'father'] : names.includes('chuHo') ? ['chuHo'] : [];
    for (const r of pair) {
      const h = resolveHolder(form, session, r, deps.forms);
      if (!out.includes(h)) out.push(h);
    }
    return out;
  }

  /** Every person this form has fields for, as profile holders. */
  function formHolders(form: FormDefinition, session: FormSession): Holder[] {
    const out = new Set<Holder>();
    for (const f of deps.forms.fieldsOf(form)) {
      const h = holderOfField(form, session, f, deps.forms);
      if (h) out.add(h);
    }
    return [...out];
  }

  /**
   * Checks a value against what is known of the others: a child is born after its parents
   * (by at least ten years), an ID number's birth year matches its holder's. Returns the
   * line asking the citizen to check, or undefined.
   */
  function crossCheck(form: FormDefinition, session: FormSession, holder: Holder, key: PersonKey, value: string): string | undefined {
    const year = (h: Holder) => Number(getFact(session.profile, h, 'ngaySinh')?.slice(0, 4) ?? NaN);
    const label = (h: Holder) => {
      const f = deps.forms.fieldsOf(form).find((x) => x.prefill?.endsWith('.hoTen') && holderOfField(form, session, x, deps.forms) === h);
      return f ? `${stripNumber(f.label).toLocaleLowerCase('vi')}${labelSuffix(form, session, f)}`.replace(/^họ, chữ đệm, tên\s*/u, '').trim() : '';
    };
    if (key === 'ngaySinh') {
      const y = Number(value.slice(0, 4));
      for (const [child, parents] of parentPairs(form, session)) {
        const kids = holder === child ? parents.map((p) => [child, p] as const) : parents.includes(holder) ? [[child, holder] as const] : [];
        for (const [c, p] of kids) {
          const cy = holder === c ? y : year(c);
          const py = holder === p ? y : year(p);
          if (Number.isFinite(cy) && Number.isFinite(py) && cy < py + 10) {
            return `Dạ, năm sinh ${cy} của ${label(c) || 'người con'} không thể trước hoặc quá gần năm sinh ${py} của ${label(p) || 'cha/mẹ'}; anh/chị kiểm tra lại giúp em.`;
          }
        }
      }
    }
    if (key === 'soDinhDanh') {
      const y = idBirthYear(value);
      const own = getFact(session.profile, holder, 'ngaySinh')?.slice(0, 4);
      if (y && own && own !== y) return `Dạ, số định danh ${maskDigits(value)} mang năm sinh ${y}, khác năm sinh ${own} đã khai; anh/chị kiểm tra lại giúp em.`;
    }
    return undefined;
  }

  /** Child and parents on this form: the baby and its mother and father; the subject of a paper asked for by its parent. */
  function parentPairs(form: FormDefinition, session: FormSession): Array<[Holder, Holder[]]> {
    const names = form.roles.map((r) => r.name);
    if (names.includes('baby')) return [[resolveHolder(form, session, 'baby', deps.forms), ['mother', 'father'].map((r) => resolveHolder(form, session, r, deps.forms))]];
    const subject = form.roles.find((r) => r.name === 'subject');
    if (subject?.from && ['Cha', 'Mẹ'].includes(session.values[subject.from] ?? '')) return [[resolveHolder(form, session, 'subject', deps.forms), ['self']]];
    if (subject?.from && session.values[subject.from] === 'Con') return [['self', [resolveHolder(form, session, 'subject', deps.forms)]]];
    return [];
  }

  /** The role name a form gives a profile holder ("spouse" is the bride when the citizen is the groom). */
  function rolesFor(form: FormDefinition, session: FormSession, h: Holder): string {
    for (const r of form.roles) if (resolveHolder(form, session, r.name, deps.forms) === h) return r.name;
    return h;
  }

  /**
   * Sets a field that decides who a role is (the citizen is the mother, the groom, the
   * head of household). Facts already filed under the role's previous person move with it:
   * the bride's details stay the bride's when the citizen turns out to be the bride.
   */
  function setDecider(form: FormDefinition, session: FormSession, field: string, value: string): void {
    const roles = form.roles.filter((r) => r.from === field);
    const before = roles.map((r) => resolveHolder(form, session, r.name, deps.forms));
    session.values[field] = value;
    session.guessed = session.guessed?.filter((g) => g !== field);
    const after = roles.map((r) => resolveHolder(form, session, r.name, deps.forms));
    const moves = before.map((b, i) => [b, after[i]!] as const).filter(([b, a]) => b !== a);
    const swapped = new Set<string>();
    for (const [b, a] of moves) {
      if (swapped.has(b)) continue;
      if (moves.some(([b2, a2]) => b2 === a && a2 === b)) {
        const pb = getPerson(session.profile, b);
        const pa = getPerson(session.profile, a);
        setPerson(session.profile, b, pa);
        setPerson(session.profile, a, pb);
        swapped.add(a).add(b);
      } else if (b !== 'self') {
        const from = getPerson(session.profile, b);
        const to = getPerson(session.profile, a);
        setPerson(session.profile, a, { ...from, ...to });
      }
    }
  }

  /** Finds the field a correction is about: a key and a holder, from the words or the last value set. */
  function correctionTarget(form: FormDefinition, session: FormSession, key: PersonKey | undefined, who: string | undefined): { holder: Holder; key: PersonKey } | undefined {
    const k = key ?? (session.lastNumeric?.includes('.') ? (session.lastNumeric.split('.')[1] as PersonKey) : undefined);
    if (!k) return undefined;
    if (who) {
      const holder = resolveHolder(form, session, formHolder(form, session, who), deps.forms);
      if (getFact(session.profile, holder, k) !== undefined || keysOfHolder(form, session, holder).has(k)) return { holder, key: k };
    }
    const last = session.lastByKey?.[k];
    if (last) return { holder: last as Holder, key: k };
    return { holder: 'self', key: k };
  }

  /** Applies a correction; returns the line confirming it, or undefined when nothing matched. */
  function applyCorrectionOf(form: FormDefinition, session: FormSession, c: Correction, now: Date): string | undefined {
    const holders: Holder[] = ['self', 'child', 'spouse', 'mother', 'father', 'other'];
    const confirm = (holder: Holder, key: PersonKey, value: string) => {
      setFact(session.profile, holder, key, value);
      (session.lastByKey ??= {})[key] = holder;
      const field = deps.forms.fieldsOf(form).find((f) => f.prefill && f.prefill.split('.')[1] === key && holderOfField(form, session, f, deps.forms) === holder);
      const label = field ? `${stripNumber(field.label).toLocaleLowerCase('vi')}${labelSuffix(form, session, field)}` : KEY_LABELS[key] ?? key;
      return `Dạ, em đã sửa ${label} thành ${maskedValue(key, value)}.`;
    };
    if (c.kind === 'lastDigits') {
      const key = c.key ?? (session.lastNumeric?.split('.')[1] as PersonKey | undefined) ?? 'soDinhDanh';
      let target = correctionTarget(form, session, key, c.who);
      if (c.wrong) {
        const h = holders.find((x) => getFact(session.profile, x, key)?.endsWith(c.wrong!));
        if (h) target = { holder: h, key };
      }
      const cur = target && getFact(session.profile, target.holder, target.key);
      if (!target || !cur) return undefined;
      const cut = c.wrong && cur.endsWith(c.wrong) ? c.wrong.length : c.digits.length;
      if (cut >= cur.length) return undefined;
      return confirm(target.holder, target.key, cur.slice(0, cur.length - cut) + c.digits);
    }
    if (c.kind === 'replace') {
      // A date said wrongly: find whose date it was by its day and month (or year).
      const dm = /^(\d{1,2})\s*[\/.\-]\s*(\d{1,2})(?:\s*[\/.\-]\s*(\d{2,4}))?$/.exec(c.from.trim()) ?? (/^\d{4}$/.test(c.from.trim()) ? [c.from, '', '', c.from.trim()] : null);
      const to = parseDate(c.to, now, { allowBareYear: true });
      if (dm && (to.ok || /\d{1,2}\s*[\/.\-]\s*\d{1,2}/.test(c.to))) {
        for (const h of holders) {
          const cur = getFact(session.profile, h, 'ngaySinh');
          if (!cur) continue;
          const sameDm = dm[1] && cur.length === 10 && Number(cur.slice(8)) === Number(dm[1]) && Number(cur.slice(5, 7)) === Number(dm[2]);
          const sameY = !dm[1] && cur.startsWith(dm[3]!);
          if (!sameDm && !sameY) continue;
          let v = to.ok ? to.value : cur;
          if (v.length === 4 && cur.length === 10) v = `${v}${cur.slice(4)}`;
          else if ((!to.ok || to.partial) && cur.length === 10) {
            const d2 = /(\d{1,2})\s*[\/.\-]\s*(\d{1,2})/.exec(c.to);
            if (d2) v = `${cur.slice(0, 4)}-${d2[2]!.padStart(2, '0')}-${d2[1]!.padStart(2, '0')}`;
          }
          return confirm(h, 'ngaySinh', v);
        }
      }
      const from = foldSameLength(c.from).trim();
      const keys: PersonKey[] = c.key ? [c.key] : ['hoTen', 'noiCuTru', 'queQuan', 'noiSinh', 'soDienThoai', 'soDinhDanh', 'ngaySinh'];
      for (const key of keys) {
        for (const h of holders) {
          const cur = getFact(session.profile, h, key);
          if (!cur) continue;
          const fc = foldSameLength(cur);
          if (fc.toLowerCase() === from.toLowerCase()) return confirm(h, key, key === 'hoTen' ? properCaseName(c.to) : c.to);
          if (/^\d+$/.test(from) && (key === 'soDienThoai' || key === 'soDinhDanh') && cur.endsWith(from) && /^\d+$/.test(c.to)) return confirm(h, key, cur.slice(0, cur.length - from.length) + c.to);
          const at = new RegExp(`(?<![\\p{L}\\d])${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\d])`, 'iu').exec(fc);
          if (at && key !== 'soDienThoai' && key !== 'soDinhDanh' && key !== 'ngaySinh') return confirm(h, key, cur.slice(0, at.index) + c.to + cur.slice(at.index + from.length));
        }
      }
      return undefined;
    }
    const target = correctionTarget(form, session, c.key, c.who);
    if (!target) return undefined;
    let value: string | undefined;
    switch (c.key) {
      case 'ngaySinh': {
        const r = parseDate(c.text, now, { allowBareYear: true });
        value = r.ok ? r.value : undefined;
        // "anh sinh năm 1996 chứ không phải 1995": the year changes, the day and month stay.
        const cur = getFact(session.profile, target.holder, 'ngaySinh');
        if (r.ok && r.value.length === 4 && cur && cur.length === 10) value = `${r.value}${cur.slice(4)}`;
        // "12/11" alone: the day and month change, the year stays.
        const dm = /(?<!\d)(\d{1,2})\s*[\/.\-]\s*(\d{1,2})(?![\d\/.\-])/.exec(c.text);
        const year = getFact(session.profile, target.holder, 'ngaySinh')?.slice(0, 4);
        if ((!r.ok || r.partial) && dm && year) {
          const d = parseDate(`${dm[1]}/${dm[2]}/${year}`, now);
          if (d.ok) value = d.value;
        }
        break;
      }
      case 'soDinhDanh': {
        const r = parseIdNumber(c.text);
        value = r.ok ? r.value : undefined;
        break;
      }
      case 'soDienThoai': {
        const r = parsePhone(c.text);
        value = r.ok ? r.value : undefined;
        break;
      }
      case 'hoTen':
        value = readName(c.text, 0, true)?.value;
        break;
      default:
        value = cleanPlace(c.text) || undefined;
    }
    return value ? confirm(target.holder, target.key, value) : undefined;
  }

  /**
   * Reads one message as data for the form: a correction, choice statements ("tôi là mẹ
   * cháu"), and every person's facts, each filed under the person the cues name (or the
   * person being talked about). Returns what it did so the caller can answer.
   */
  function absorb(form: FormDefinition, session: FormSession, text: string, now: Date): { got: number; notes: string[]; problems: Problem[]; unsure?: number } {
    const notes: string[] = [];
    const fields = new Set(deps.forms.fieldsOf(form).map((f) => f.name));
    const correction = findCorrection(text);
    if (correction) {
      const line = applyCorrectionOf(form, session, correction, now);
      if (line) return { got: 1, notes: [line], problems: [] };
    }
    let got = 0;
    let unsure = 0;
    for (const st of findStatements(text)) {
      if (!fields.has(st.field)) continue;
      if (st.implied && session.values[st.field] !== undefined && !session.guessed?.includes(st.field)) continue;
      let value = st.value;
      if (value === 'parent') {
        const sex = applicantSex(session);
        if (!sex) {
          session.pendingParent = st.field;
          continue;
        }
        value = sex === 'Nữ' ? 'Mẹ' : 'Cha';
      }
      if (session.values[st.field] === value) {
        // A guess (from a name) now said or implied by the citizen's own words: no longer asked.
        if (session.guessed?.includes(st.field)) session.guessed = session.guessed.filter((g) => g !== st.field);
        continue;
      }
      if (form.roles.some((r) => r.from === st.field)) setDecider(form, session, st.field, value);
      else session.values[st.field] = value;
      got++;
    }
    // "bố bé thì không có", "mẹ cháu không khai": that parent's optional fields are not asked.
    const none = /\b(?:(bo|cha|ba|tia|bo)|(me|ma|u|bam))(?:\s+(?:cua\s+)?(?:be|chau|no|em be|con))?\s+(?:thi\s+)?(?:khong|ko|chua|k)\s+(?:co|khai|biet|ro|xac dinh|ghi)\b/.exec(foldWords(text));
    if (none) {
      const role = none[1] ? 'father' : 'mother';
      for (const f of deps.forms.fieldsOf(form)) {
        if (f.prefill?.startsWith(`${role}.`) && !f.required && !session.skipped.includes(f.name) && resolveHolder(form, session, role, deps.forms) !== 'self') {
          session.skipped.push(f.name);
          got++;
        }
      }
    }
    const ethnic = deps.forms.optionsOf({ optionsRef: 'danToc' } as FormField);
    const nationalities = deps.forms.optionsOf({ optionsRef: 'quocTich' } as FormField);
    const askedFields = session.asked.map((n) => deps.forms.fieldsOf(form).find((f) => f.name === n)).filter((f): f is FormField => !!f?.prefill);
    const defaultHolder = (key: PersonKey): string => {
      const asked = askedFields.find((f) => f.prefill!.split('.')[1] === key);
      if (asked) return asked.prefill!.split('.')[0]!;
      const sticky = session.lastHolder ?? 'self';
      if (keysOfHolder(form, session, resolveHolder(form, session, sticky, deps.forms)).has(key)) return sticky;
      // Only one person on this form has such a value (the place of birth is the baby's).
      const owners = [...new Set(deps.forms.fieldsOf(form).filter((f) => f.prefill?.endsWith(`.${key}`)).map((f) => f.prefill!.split('.')[0]!))];
      if (owners.length === 1) return owners[0]!;
      return 'self';
    };
    const people: Array<{ holder: string; name: string }> = [];
    for (const h of ['self', 'child', 'spouse', 'mother', 'father', 'other'] as Holder[]) {
      const name = getFact(session.profile, h, 'hoTen');
      if (name && h !== 'self') people.push({ holder: rolesFor(form, session, h), name });
    }
    const x = extractFacts(text, { now, defaultHolder, ethnicGroups: ethnic, nationalities, people });
    // Marriage: who is who must be known before the bride's and groom's details are filed.
    if (fields.has('ben_cua_nguoi_yeu_cau') && session.values.ben_cua_nguoi_yeu_cau === undefined) {
      const named = new Set(x.facts.filter((f) => f.cued).map((f) => formHolder(form, session, f.holder)));
      const sex = applicantSex({ ...session, profile: { ...session.profile, ...Object.fromEntries(x.facts.filter((f) => f.holder === 'self').map((f) => [f.key, f.value])) } } as FormSession);
      // Both sides named at once ("bên nữ: …, bên nam: …"): a provisional side keeps the two
      // people apart until the citizen says which one they are (then they swap, never merge).
      const both = named.has('bride') && named.has('groom');
      const guess = both ? 'Bên nữ' : sex ? (sex === 'Nữ' ? 'Bên nữ' : 'Bên nam') : named.has('bride') ? 'Bên nam' : named.has('groom') ? 'Bên nữ' : undefined;
      if (guess) {
        setDecider(form, session, 'ben_cua_nguoi_yeu_cau', guess);
        // The citizen's sex said in so many words decides; a guess from a name is asked.
        const said = session.profile.gioiTinh ?? x.facts.find((f) => f.holder === 'self' && f.key === 'gioiTinh')?.value;
        if (!said || both) (session.guessed ??= []).push('ben_cua_nguoi_yeu_cau');
      }
    }
    const askedKeys = new Set(askedFields.map((f) => `${holderOfField(form, session, f, deps.forms)}.${f.prefill!.split('.')[1]}`));
    for (const fact of x.facts) {
      // "tụi tui ở …", "cả nhà ở …": the citizen and the other main person of the form.
      if (fact.holder === 'both') {
        for (const h of bothHolders(form, session)) if (getFact(session.profile, h, fact.key) === undefined) fact.key === 'noiCuTru' ? setAddress(form, session, h, fact.value) : setFact(session.profile, h, fact.key, fact.value);
        got++;
        continue;
      }
      let named = formHolder(form, session, fact.holder);
      let holder = resolveHolder(form, session, named, deps.forms);
      // "con tên Hà Văn Dũng" to the bot, "con minh la …" typed for "còn mình là …": a person
      // this form has no place for, named with a word the citizen also uses for themself.
      const reachable = form.roles.some((r) => r.otherwise === holder || Object.values(r.map).includes(holder));
      const bare = /^(?:con|chau|em)$/.test(fact.cue?.trim() ?? '');
      if (fact.cued && holder !== 'self' && !fact.childSex && (!reachable || bare) && !keysOfHolder(form, session, holder).has(fact.key) && selfCapable(fact.cue) && getFact(session.profile, 'self', fact.key) === undefined) {
        named = 'self';
        holder = 'self';
      }
      if (fact.cued) {
        session.lastHolder = named;
        if (holder !== 'self') session.lastOther = named;
      }
      let value = fact.value;
      if (fact.sameAs) {
        const ref = fact.sameAs === 'previous' ? session.lastByKey?.[fact.key] : resolveHolder(form, session, formHolder(form, session, fact.sameAs), deps.forms);
        const v = ref && ref !== holder ? getFact(session.profile, ref as Holder, fact.key) : undefined;
        if (!v) continue;
        value = v;
      }
      // An ID number carries its holder's birth year: said without naming anyone, it goes to
      // the one person on the form born that year when the default person was not.
      if (fact.key === 'soDinhDanh' && !fact.cued) {
        const y = idBirthYear(value);
        const own = getFact(session.profile, holder, 'ngaySinh')?.slice(0, 4);
        if (y && own && own !== y) {
          const others = formHolders(form, session).filter((h) => h !== holder && getFact(session.profile, h, 'ngaySinh')?.slice(0, 4) === y && !getFact(session.profile, h, 'soDinhDanh'));
          if (others.length === 1) holder = others[0]!;
        }
      }
      const check = crossCheck(form, session, holder, fact.key, value);
      if (check) {
        notes.push(check);
        if (!fact.cued) {
          unsure++;
          continue;
        }
      }
      // Whose value is this: a value for a person already known, said without naming anyone
      // and without being asked, is not theirs to overwrite (a parent's birth year is not the
      // baby's, the fiancée's number is not the citizen's). Corrections go through their own path.
      const current = getFact(session.profile, holder, fact.key);
      if (!fact.cued && current !== undefined && current !== value && !askedKeys.has(`${holder}.${fact.key}`) && !(fact.key === 'ngaySinh' && current.length < value.length && value.startsWith(current))) {
        unsure++;
        continue;
      }
      if (fact.key === 'noiCuTru') setAddress(form, session, holder, value);
      else setFact(session.profile, holder, fact.key, value);
      (session.lastByKey ??= {})[fact.key] = holder;
      if (fact.key === 'soDinhDanh' || fact.key === 'soDienThoai') session.lastNumeric = `${holder}.${fact.key}`;
      got++;
    }
    if (unsure > 0 && got === 0) notes.push(UNSURE_WHOSE);
    // One side's marriage count ("em kết hôn lần đầu") when both were not stated at once.
    if (fields.has('lan_ket_hon_ben_nu') && !findStatements(text).some((s) => s.field.startsWith('lan_ket_hon'))) {
      // Each clause is about the person it names, else the person the clause before named
      // ("bên nữ là chị Quế, chồng trước của chị ấy mất rồi, đây là lần thứ hai").
      let about: 'bride' | 'groom' | 'self' | 'other' | undefined;
      for (const clause of text.split(/[,;.]|\bcòn\b|\bcon\b/u)) {
        const fc = foldWords(clause);
        const mine = session.values.ben_cua_nguoi_yeu_cau;
        if (/\b(?:ben nu|co dau|vo sap cuoi|vk sap cuoi|ban gai|chi ay|co ay)\b/.test(fc)) about = 'bride';
        else if (/\b(?:ben nam|chu re|chong sap cuoi|ck sap cuoi|ban trai|anh ay|ong ay)\b/.test(fc)) about = 'groom';
        else if (/\b(?:nguoi yeu|ny|ben kia|han)\b/.test(fc)) about = 'other';
        else if (/\b(?:toi|tui|tao|tau|em|e|minh|mk|mik|anh|chi)\b(?!\s+ay)/.test(fc)) about = 'self';
        const n = marriageCount(fc);
        if (!n || !mine) continue;
        const selfField = mine === 'Bên nữ' ? 'lan_ket_hon_ben_nu' : 'lan_ket_hon_ben_nam';
        const otherField = mine === 'Bên nữ' ? 'lan_ket_hon_ben_nam' : 'lan_ket_hon_ben_nu';
        const field = about === 'bride' ? 'lan_ket_hon_ben_nu' : about === 'groom' ? 'lan_ket_hon_ben_nam' : about === 'other' ? otherField : selfField;
        session.values[field] = n;
        got++;
      }
    }
    const parentField = typeof session.pendingParent === 'string' ? session.pendingParent : session.pendingParent ? 'quan_he_voi_nguoi_duoc_cap' : undefined;
    if (parentField && fields.has(parentField) && session.values[parentField] === undefined) {
      const sex = applicantSex(session);
      if (sex) {
        setDecider(form, session, parentField, sex === 'Nữ' ? 'Mẹ' : 'Cha');
        session.pendingParent = false;
      }
    }
    // A child's hometown follows the father's (or the mother's) unless told otherwise.
    if (fields.has('que_quan') && fields.has('ho_ten_cha')) {
      const baby = resolveHolder(form, session, 'baby', deps.forms);
      if (!getFact(session.profile, baby, 'queQuan')) {
        const q = getFact(session.profile, resolveHolder(form, session, 'father', deps.forms), 'queQuan') ?? getFact(session.profile, resolveHolder(form, session, 'mother', deps.forms), 'queQuan');
        if (q) setFact(session.profile, baby, 'queQuan', q);
      }
    }
    return { got, notes, problems: x.problems, unsure };
  }

  /** Parses a direct answer to one asked field. */
  function parseFor(field: FormField, text: string, now: Date): ParseResult {
    switch (field.type) {
      case 'name':
        return parseName(
          text.replace(/^\s*(?:(?:tôi|toi|em|mình|minh|cháu|chau|bé|be|con|họ và tên|ho va ten|họ tên|ho ten|tên|ten|là|la)\s*:?\s*)+/iu, ''),
          { stopWords: true },
        );
      case 'date':
      case 'year': {
        const r = parseDate(text, now, { allowBareYear: true });
        return r;
      }
      case 'id-number':
        return parseIdNumber(text);
      case 'phone':
        return parsePhone(text);
      case 'email':
        return parseEmail(text);
      case 'number':
        return parseNumber(text);
      case 'select': {
        const options = deps.forms.optionsOf(field) ?? [];
        const r = matchOption(text, options);
        if (!r.ok && options.includes('Nữ')) return parseGender(text);
        return r;
      }
      default: {
        const options = deps.forms.optionsOf(field);
        if (options) {
          const o = matchOption(text, options);
          if (o.ok && foldWords(text).length <= foldWords(o.value).length + 4) return o;
        }
        // "Kinh", "Nữ", "Việt Nam" typed for an address answer another question, not this one.
        if (field.type === 'address' && foldWords(text).split(' ').length <= 3) {
          const other = ['danToc', 'quocTich', 'gioiTinh'].flatMap((ref) => deps.forms.optionsOf({ optionsRef: ref } as FormField) ?? []);
          if (other.some((x) => foldWords(x) === foldWords(text))) return { ok: false, reason: 'empty' };
        }
        return parseFreeText(text);
      }
    }
  }

  function answerAsked(form: FormDefinition, session: FormSession, turn: Turn): { errors: Array<{ field: string; message: string }>; answered: number } {
    const now = turn.now;
    const fields = session.asked.map((n) => deps.forms.fieldsOf(form).find((f) => f.name === n)).filter((f): f is FormField => !!f);
    const errors: Array<{ field: string; message: string }> = [];
    let answered = 0;
    let rest = turn.text;
    // Typed fields first: their values are unambiguous and are cut out for the free-text one.
    const ordered = [...fields].sort((a, b) => Number(isFree(a)) - Number(isFree(b)));
    for (const field of ordered) {
      if (SKIP.test(foldWords(rest)) && !field.required) {
        session.skipped.push(field.name);
        answered++;
        continue;
      }
      const r = parseFor(field, fields.length > 1 && isFree(field) ? rest : fields.length > 1 ? turn.text : rest, now);
      if (!r.ok) {
        if (r.reason === 'empty' && fields.length > 1) continue;
        errors.push({ field: field.name, message: failureMessage(r.reason, stripNumber(field.label), deps.forms.optionsOf(field)) });
        continue;
      }
      if (needsFullDate(field) && r.partial) {
        setValue(form, session, field, deps.forms, r.value);
        errors.push({ field: field.name, message: failureMessage('date_incomplete', stripNumber(field.label)) });
        continue;
      }
      if (fields.length > 1) rest = (rest.slice(0, r.start) + ' ' + rest.slice(r.end)).replace(/^[\s,;.]+|[\s,;.]+$/g, '');
      if (field.type === 'address') {
        const holder = holderOfField(form, session, field, deps.forms);
        if (holder) setAddress(form, session, holder, r.value, field.name);
        else {
          session.values[field.name] = r.value;
          const s = deps.addresses?.suggest(r.value);
          if (s) session.pendingAddress = { field: field.name, options: s.options, original: r.value };
        }
      } else if (form.roles.some((role) => role.from === field.name)) {
        setDecider(form, session, field.name, r.value);
      } else {
        setValue(form, session, field, deps.forms, r.value);
      }
      if (field.type === 'id-number' || field.type === 'phone') session.lastNumeric = field.name;
      session.editing = session.editing?.filter((n) => n !== field.name);
      answered++;
    }
    return { errors, answered };
  }

  function findEditTargets(form: FormDefinition, session: FormSession, text: string): FormField[] {
    const f = foldWords(text).replace(EDIT, '').trim();
    const byName = /^truong ([a-z0-9_]+)$/.exec(f.replace(/\s+/g, ' '));
    const fields = deps.forms.fieldsOf(form).filter((x) => !x.derive || x.ask);
    if (byName) return fields.filter((x) => x.name === byName[1]!.replace(/ /g, '_'));
    const KEYWORDS: Array<[RegExp, (x: FormField) => boolean]> = [
      [/\bngay sinh|sinh ngay|nam sinh\b/, (x) => x.type === 'date' && /sinh/.test(foldWords(x.label))],
      [/\b(so dinh danh|cccd|can cuoc|cmnd|giay to)\b/, (x) => x.type === 'id-number'],
      [/\b(so dien thoai|sdt|dien thoai)\b/, (x) => x.type === 'phone'],
      [/\b(dia chi|noi cu tru|cho o)\b/, (x) => x.type === 'address'],
      [/\b(ho ten|ten)\b/, (x) => x.type === 'name'],
      [/\bgioi tinh\b/, (x) => /gioi tinh/.test(foldWords(x.label))],
      [/\bdan toc\b/, (x) => /dan toc/.test(foldWords(x.label))],
      [/\bquoc tich\b/, (x) => /quoc tich/.test(foldWords(x.label))],
      [/\bque\b/, (x) => /que quan/.test(foldWords(x.label))],
      [/\bnoi sinh\b/, (x) => /noi sinh/.test(foldWords(x.label))],
      [/\bemail\b/, (x) => x.type === 'email'],
    ];
    let candidates = fields.filter((x) => f.length > 2 && foldWords(stripNumber(x.label)).includes(f));
    if (candidates.length === 0) {
      for (const [re, pick] of KEYWORDS) {
        if (re.test(f)) {
          candidates = fields.filter(pick);
          break;
        }
      }
    }
    // Narrow by person words ("sửa ngày sinh của cháu").
    const who: Array<[RegExp, Holder]> = [
      [/\b(chau|con|be)\b/, 'child'],
      [/\b(me)\b/, 'mother'],
      [/\b(cha|bo)\b/, 'father'],
      [/\b(vo|chong)\b/, 'spouse'],
      [/\b(toi|minh|em)\b/, 'self'],
    ];
    for (const [re, h] of who) {
      if (re.test(f)) {
        const narrowed = candidates.filter((x) => holderOfField(form, session, x, deps.forms) === h);
        if (narrowed.length > 0) candidates = narrowed;
      }
    }
    // Only fields currently filled or asked can be edited; prefer the citizen's own when several remain and no person was named.
    const filled = candidates.filter((x) => valueOf(form, session, x, deps.forms, new Date()) !== undefined);
    return filled.length > 0 ? filled : candidates;
  }

  async function produce(turn: Turn, form: FormDefinition, session: FormSession): Promise<TurnResult> {
    const now = turn.now;
    const values: Record<string, string> = {};
    for (const f of deps.forms.fieldsOf(form)) {
      const v = valueOf(form, session, f, deps.forms, now);
      if (v !== undefined && v !== '') values[f.name] = v;
    }
    const t0 = clock().getTime();
    const pdf = await renderFormPdf({ form, values, fonts: await getFonts(), now });
    const json = JSON.stringify(
      { form: form.id, title: form.title, legalBasis: form.legalBasis, procedureCodes: form.procedureCodes, createdAt: now.toISOString(), fields: values },
      null,
      2,
    );
    const store = getFiles();
    const stamp = now.toISOString().slice(0, 10);
    const files: FileRef[] = [];
    if (store) {
      files.push(await store.put({ conversationId: turn.conversationId, name: `${form.id}-${stamp}.pdf`, contentType: 'application/pdf', bytes: pdf }));
      files.push(
        await store.put({ conversationId: turn.conversationId, name: `${form.id}-${stamp}.json`, contentType: 'application/json', bytes: new TextEncoder().encode(json) }),
      );
    }
    log?.info({ form: form.id, fields: Object.keys(values).length, pdfBytes: pdf.length, ms: clock().getTime() - t0 }, 'form produced');
    const stored = session.consent === 'given';
    if (stored) await persist(turn, session);
    save(turn, undefined);
    reportCaptured(turn, form, session);
    const text = [
      `Dạ, em đã điền xong **${form.shortName}**.`,
      files.length > 0
        ? 'Anh/chị tải tệp PDF để in, ký tên và nộp kèm hồ sơ; tệp dữ liệu (JSON) dùng khi nộp trực tuyến. Đường dẫn chỉ dùng được trong cuộc trò chuyện này và sẽ hết hạn sau một thời gian.\n' +
          `- [Tải tờ khai (PDF)](${files[0]!.url})\n- [Tải dữ liệu tờ khai (JSON)](${files[1]!.url})`
        : 'Hiện em chưa gửi được tệp qua kênh này, anh/chị vui lòng thử lại trên trang web.',
      stored
        ? 'Thông tin đã được lưu (mã hoá) để lần sau anh/chị không phải khai lại. Muốn xoá, anh/chị nhắn "Xoá dữ liệu của tôi".'
        : 'Thông tin anh/chị cung cấp không được lưu lại sau cuộc trò chuyện này.',
    ].join('\n');
    return {
      messages: [{ text, files: files.length > 0 ? files : undefined }],
      outcome: { behavior: 'answer', procedures: [], procedureCode: form.procedureCodes[0], form: form.id, tags: ['form', 'form:done'] },
    };
  }

  async function begin(turn: Turn, formId: string, initial?: Record<string, string>, earlier: readonly string[] = []): Promise<TurnResult> {
    const form = deps.forms.get(formId)!;
    const session = newSession(turn, formId);
    const stored = await storedProfile(turn);
    if (stored) session.profile = freshStart(form, stored);
    if (initial) for (const [k, v] of Object.entries(initial)) session.values[k] = v;
    for (const text of [...earlier, turn.text]) absorb(form, session, text, turn.now);
    log?.info({ form: formId, consent: session.consent }, 'form filling started');
    if (session.consent === 'pending') {
      session.stage = 'consent';
      return result(turn, session, form, [consentQuestion(form)], ['consent']);
    }
    const known = stored ? 'Dạ, em đã điền sẵn những thông tin anh/chị cung cấp lần trước.' : undefined;
    return advance(turn, form, session, known ? [known] : []);
  }

  async function handleSession(turn: Turn, session: FormSession, next: () => Promise<TurnResult>): Promise<TurnResult> {
    const f = foldWords(turn.text);
    const value = typeof turn.value === 'string' ? turn.value : undefined;
    const said = value ? foldWords(value) : f;
    if (session.stage === 'choose') {
      const picked =
        formByStatements(turn.text) ??
        deps.forms.all().find((x) => foldWords(x.shortName) === said || x.id === value) ??
        deps.forms.all().find((x) => hasWords(said, foldWords(x.shortName))) ??
        deps.forms
          .all()
          .map((x) => ({ x, score: Math.max(0, ...x.triggers.map((t) => (hasWords(said, t) ? t.length : 0))) }))
          .filter((c) => c.score > 0)
          .sort((a, b) => b.score - a.score)[0]?.x;
      const hasDetails = extractFacts(turn.text, { now: turn.now }).facts.length > 0;
      if (!picked && hasDetails && (session.buffer?.length ?? 0) < 6) {
        // Details before the form is named: kept (sealed) and read once the form is chosen.
        session.buffer = [...(session.buffer ?? []), turn.text];
        save(turn, session);
        return {
          messages: [
            {
              text: 'Dạ, em đã ghi nhận thông tin. Anh/chị cho em biết cần điền tờ khai nào ạ?',
              suggestedActions: deps.forms.all().slice(0, turn.capabilities.maxButtons).map((x) => action(capitalise(x.shortName))),
            },
          ],
          outcome: { behavior: 'clarify', procedures: [], tags: ['form', 'form:choose'] },
        };
      }
      save(turn, undefined);
      if (!picked) return next();
      return begin(turn, picked.id, undefined, session.buffer ?? []);
    }
    const form = deps.forms.get(session.formId);
    if (!form) {
      save(turn, undefined);
      return next();
    }

    if (CANCEL.test(said) || STOP_ACCENTED.test(turn.text) || said === foldWords(FORM_ACTIONS.cancel)) {
      save(turn, undefined);
      return {
        messages: [
          {
            text:
              session.consent === 'given'
                ? 'Dạ, em đã dừng điền tờ khai. Anh/chị cần điền lại thì nhắn "điền tờ khai" nhé.'
                : 'Dạ, em đã dừng điền tờ khai và không lưu lại thông tin vừa nhập.',
          },
        ],
        outcome: { behavior: 'answer', procedures: [], form: form.id, tags: ['form', 'form:cancel'] },
      };
    }

    // Another form named mid-way: switch, keeping what the citizen told us.
    if (START.test(f)) {
      const other = detectForm(turn);
      if (other && other !== 'choose' && other !== session.formId) {
        const profile = session.profile;
        const consent = session.consent;
        const res = await begin(turn, other);
        const s2 = load(turn);
        if (s2) {
          s2.profile = mergeProfiles(freshStart(deps.forms.get(other)!, profile), s2.profile);
          if (consent !== 'pending') s2.consent = consent;
          if (s2.consent !== 'pending' && s2.stage === 'consent') return advance(turn, deps.forms.get(other)!, s2);
          save(turn, s2);
        }
        return res;
      }
    }

    switch (session.stage) {
      case 'consent': {
        const yes = said === foldWords(FORM_ACTIONS.consentYes) || (YES.test(said) && !NO.test(said));
        const no = said === foldWords(FORM_ACTIONS.consentNo) || NO.test(said);
        // "đồng ý", "ok lưu", "không lưu đâu ạ" answer the question; only a longer message carries details.
        const plain = (yes || no) && said.split(' ').length <= 5 && extractFacts(turn.text, { now: turn.now }).facts.every((x) => x.key === 'hoTen');
        const got = plain ? { got: 0, notes: [], problems: [] } : absorb(form, session, turn.text, turn.now);
        if (!yes && !no && got.got > 0) {
          // Details instead of an answer: fill on, and keep nothing beyond this conversation.
          session.consent = 'refused';
          return advance(turn, form, session, [
            ...got.notes,
            'Dạ, em ghi nhận để điền tờ khai lần này và không lưu lại sau cuộc trò chuyện.',
            ...got.problems.map((p) => failureMessage(p.reason, p.key === 'soDinhDanh' ? 'số định danh cá nhân' : 'số điện thoại')),
          ]);
        }
        if (!yes && !no) {
          return result(turn, session, form, [
            { text: 'Dạ, anh/chị cho em biết có đồng ý cho em lưu thông tin để điền sẵn lần sau không ạ?', suggestedActions: consentQuestion(form).suggestedActions },
          ], ['consent']);
        }
        if (yes) {
          session.consent = 'given';
          turn.user.profileConsent = { given: true, at: turn.now.toISOString() };
          const stored = await deps.profiles.get(subjectOf(turn));
          const parsed = stored ? citizenProfileSchema.safeParse(stored.profile) : undefined;
          if (parsed?.success) session.profile = mergeProfiles(freshStart(form, parsed.data as CitizenProfile), session.profile);
          await persist(turn, session);
          log?.info({ form: form.id }, 'profile consent given');
          return advance(turn, form, session, ['Dạ, em cảm ơn anh/chị.']);
        }
        session.consent = 'refused';
        return advance(turn, form, session, ['Dạ vâng, em sẽ không lưu thông tin. Mình bắt đầu điền nhé.']);
      }
      case 'address': {
        const p = session.pendingAddress!;
        session.pendingAddress = undefined;
        const chosen = p.options.find((o) => foldWords(o) === said) ?? (said === foldWords(FORM_ACTIONS.useNewAddress) || YES.test(said) ? p.options[0] : undefined);
        if (chosen) {
          const field = deps.forms.fieldsOf(form).find((x) => x.name === p.field);
          if (field) setValue(form, session, field, deps.forms, chosen);
          else {
            const [holder] = p.field.split('.') as [Holder];
            setFact(session.profile, holder, 'noiCuTru', chosen);
          }
          await persist(turn, session);
          return advance(turn, form, session);
        }
        // Not an answer to the suggestion: the address stays as typed and the message is read as data.
        const got = absorb(form, session, turn.text, turn.now);
        if (got.got > 0) await persist(turn, session);
        return advance(turn, form, session, got.notes);
      }
      case 'summary':
      case 'edit-choose': {
        if (session.stage === 'edit-choose' && session.editChoices) {
          const pick = session.editChoices.find((n) => value === `sửa trường ${n}` || f === foldWords(`sửa trường ${n}`));
          session.editChoices = undefined;
          if (pick) {
            session.editing = [pick];
            return advance(turn, form, session);
          }
        }
        // "đúng ra là …", "ok mà sđt là …": a correction or new details, not a confirmation.
        const confirmOnly = said === foldWords(FORM_ACTIONS.confirm) || (CONFIRM.test(said) && !EDIT.test(said) && !NO.test(said) && !findCorrection(turn.text) && extractFacts(turn.text, { now: turn.now }).facts.length === 0);
        if (confirmOnly) {
          return produce(turn, form, session);
        }
        if (value === undefined || !EDIT.test(said)) {
          const got = absorb(form, session, turn.text, turn.now);
          if (got.got > 0) {
            await persist(turn, session);
            return advance(turn, form, session, got.notes.length > 0 ? got.notes : ['Dạ, em đã cập nhật.']);
          }
        }
        if (EDIT.test(said) || said === foldWords(FORM_ACTIONS.edit)) {
          const targets = said === foldWords(FORM_ACTIONS.edit) ? [] : findEditTargets(form, session, turn.text);
          // "sửa ngày sinh thành 6/3/1990": the new value may come in the same message.
          const original = turn.text.normalize('NFC');
          const at = /\b(?:thanh|la)\b\s*(?=\S)/u.exec(foldSameLength(original));
          const newValue = at ? [at[0], original.slice(at.index + at[0].length)] : null;
          if (targets.length === 1) {
            if (newValue) {
              session.asked = [targets[0]!.name];
              const { errors, answered } = answerAsked(form, session, { ...turn, text: newValue[1]! });
              if (answered > 0 && errors.length === 0) {
                await persist(turn, session);
                return advance(turn, form, session, ['Dạ, em đã sửa.']);
              }
            }
            session.editing = [targets[0]!.name];
            return advance(turn, form, session);
          }
          const list = targets.length > 1 ? targets : deps.forms.fieldsOf(form).filter((x) => !x.derive && valueOf(form, session, x, deps.forms, turn.now));
          session.stage = 'edit-choose';
          session.editChoices = list.map((x) => x.name);
          return result(turn, session, form, [
            {
              text: 'Dạ, anh/chị muốn sửa thông tin nào ạ?',
              suggestedActions: list.slice(0, turn.capabilities.maxButtons).map((x) => action(`${stripNumber(x.label)}${labelSuffix(form, session, x)}`, `sửa trường ${x.name}`)),
            },
          ]);
        }
        if (QUESTION.test(f)) return withReminder(await next(), form);
        return advance(turn, form, session);
      }
      case 'filling':
      default: {
        const before = JSON.stringify(session);
        const got = absorb(form, session, turn.text, turn.now);
        const errors: string[] = [];
        // Nothing recognisable as data: the message answers what was asked. A free-text field
        // asked (the request, the case) takes the message even when it also carries facts.
        const freeAsked = session.asked.filter((n) => {
          const field = deps.forms.fieldsOf(form).find((x) => x.name === n);
          return field && !field.prefill && (field.type === 'textarea' || field.type === 'text') && !isComplete(field, valueOf(form, session, field, deps.forms, turn.now));
        });
        // A free-text field asked (the request itself) takes the message; otherwise values the
        // bot could not place are said back and the message is no answer to the question.
        if (freeAsked.length > 0) got.notes = got.notes.filter((n) => n !== UNSURE_WHOSE);
        const prefix = [...got.notes];
        if ((got.got === 0 && !got.unsure) || (freeAsked.length > 0 && got.notes.length === 0)) {
          if (got.got > 0) session.asked = freeAsked;
          const asked = answerAsked(form, session, turn);
          for (const e of asked.errors) {
            const field = deps.forms.fieldsOf(form).find((x) => x.name === e.field)!;
            if (!isComplete(field, valueOf(form, session, field, deps.forms, turn.now))) errors.push(e.message);
          }
        }
        for (const p of got.problems) errors.push(failureMessage(p.reason, p.key === 'soDinhDanh' ? 'số định danh cá nhân' : 'số điện thoại'));
        const changed = JSON.stringify(session) !== before;
        if (!changed && errors.length === 0 && QUESTION.test(f)) return withReminder(await next(), form);
        if (changed) await persist(turn, session);
        if (errors.length > 0) {
          const unique = [...new Set(errors)];
          const missing = missingFields(form, session, deps.forms, turn.now);
          const stillAsked = missing.filter((m) => session.asked.includes(m.name));
          if (stillAsked.length > 0) {
            const q = questionFor(form, session, stillAsked);
            return result(turn, session, form, [{ text: unique.join('\n'), suggestedActions: q.suggestedActions }], ['form:invalid']);
          }
          return advance(turn, form, session, unique);
        }
        return advance(turn, form, session, prefix);
      }
    }
  }

  function withReminder(res: TurnResult, form: FormDefinition): TurnResult {
    const msgs = [...res.messages];
    msgs.push({
      text: `Dạ, mình vẫn đang điền ${form.shortName} dở. Anh/chị trả lời câu hỏi trước của em để tiếp tục, hoặc bấm "Huỷ điền tờ khai".`,
      suggestedActions: [action(FORM_ACTIONS.cancel)],
    });
    return { ...res, messages: msgs };
  }

  return {
    name: 'forms',
    async start(turn, formId, initial) {
      if (!deps.forms.get(formId)) throw new Error(`unknown form ${formId}`);
      return begin(turn, formId, initial);
    },
    async handle(turn, next) {
      const session = load(turn);
      if (session) return handleSession(turn, session, next);
      const formId = detectForm(turn);
      if (!formId) return next();
      if (formId === 'choose') {
        const s: FormSession = { ...newSession(turn, ''), stage: 'choose' };
        if (extractFacts(turn.text, { now: turn.now }).facts.length > 0) s.buffer = [turn.text];
        save(turn, s);
        return {
          messages: [
            {
              text: 'Dạ, em có thể điền sẵn các tờ khai sau. Anh/chị cần tờ khai nào ạ?',
              suggestedActions: deps.forms
                .all()
                .slice(0, turn.capabilities.maxButtons)
                .map((x) => action(capitalise(x.shortName))),
            },
          ],
          outcome: { behavior: 'clarify', procedures: [], tags: ['form', 'form:choose'] },
        };
      }
      // Details typed after an answer about the procedure: that question ("… cho vợ tôi",
      // "trích lục khai tử cho ba tôi") says who the form is for; read it first.
      const earlier = turn.conversation.lastAnswer?.question;
      return begin(turn, formId, undefined, earlier && earlier !== turn.text ? [earlier] : []);
    },
  };
}

/**
 * The birth year a 12-digit personal identification number carries: digit 4 is sex and
 * century (0/1 1900s, 2/3 2000s), digits 5–6 the year.
 */
export function idBirthYear(id: string): string | undefined {
  if (!/^\d{12}$/.test(id)) return undefined;
  const century = [1900, 1900, 2000, 2000, 2100, 2100][Number(id[3])];
  return century === undefined ? undefined : String(century + Number(id.slice(4, 6)));
}

/** A cue that is also a way of saying "I" ("con", "cháu", "em"), or unaccented "con mình" ("còn mình"). */
function selfCapable(cue: string | undefined): boolean {
  if (!cue) return false;
  return /^(?:con|chau|em|be)$/.test(cue.trim()) || /^con (?:minh|toi|tui|em|mk)$/.test(cue.trim());
}

/** ID and phone numbers masked to their last four digits: the full value is only in the produced file. */
function chatValue(f: FormField, v: string): string {
  if (f.type === 'id-number' || f.type === 'phone') return maskDigits(v.replace(/\s/g, ''));
  return printableValue(f, v);
}

const KEY_LABELS: Partial<Record<PersonKey, string>> = {
  hoTen: 'họ tên',
  ngaySinh: 'ngày sinh',
  soDinhDanh: 'số định danh cá nhân',
  soDienThoai: 'số điện thoại',
  noiCuTru: 'nơi cư trú',
  queQuan: 'quê quán',
  noiSinh: 'nơi sinh',
};

/**
 * ID and phone numbers as the chat shows them: only the last four digits (the full value
 * goes only into the produced file).
 */
export function maskDigits(v: string): string {
  return v.length <= 4 ? v : `${'•'.repeat(v.length - 4)}${v.slice(-4)}`;
}

function maskedValue(key: PersonKey, v: string): string {
  if (key === 'soDinhDanh' || key === 'soDienThoai') return maskDigits(v);
  if (key === 'ngaySinh') return formatIso(v);
  return v;
}

function formatIso(v: string): string {
  const [y, m, d] = v.split('-');
  return d ? `${d}/${m}/${y}` : m ? `${m}/${y}` : v;
}

function properCaseName(s: string): string {
  return readName(s, 0, true)?.value ?? s;
}

function isFree(f: FormField): boolean {
  return !['date', 'year', 'id-number', 'phone', 'email', 'number', 'select'].includes(f.type);
}

function stripNumber(label: string): string {
  return label.replace(/^\d+\.\s*/, '');
}

function lowerFirst(s: string): string {
  return s ? s[0]!.toLocaleLowerCase('vi') + s.slice(1) : s;
}

function capitalise(s: string): string {
  return s ? s[0]!.toLocaleUpperCase('vi') + s.slice(1) : s;
}

export { isComplete };
