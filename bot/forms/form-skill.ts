import { fold } from '../../knowledge/text/index.js';
import type { FormDefinition, FormRegistry } from '../../knowledge/index.js';
import type { BotLogger, FormProgressSink, ProfileStore } from '../ports/index.js';
import type { FileStore, OutgoingMessage, Skill, Turn, TurnResult } from '../types.js';
import { absorb } from './absorb.js';
import type { AddressAdvisor } from './address.js';
import { captureForm } from './capture.js';
import { detectForm, namedForms, pickForm, START } from './choose-form.js';
import type { FormContext } from './context.js';
import { extractFacts } from './extract.js';
import { createFormProducer, producedMessage } from './produce.js';
import { mergeProfiles, persistable, type WorkingProfile } from './profile.js';
import { createProfileReuse, freshStart } from './profile-reuse.js';
import { isRecent, type RecentMessages } from './recent.js';
import type { FormFonts } from './render-pdf.js';
import { action, capitalise, consentQuestion, FORM_ACTIONS, maskNumbersInText, questionFor, summary } from './replies.js';
import { missingFields, nextQuestion, type FormSession } from './session.js';
import { createSessionSlot, type SessionSealer } from './session-slot.js';
import { settle } from './settle.js';
import { addressStage, consentStage, fillingStage, readTurn, reviewStage, type FormFlow } from './stages.js';

/**
 * Form filling as a skill, assembled from its parts:
 *
 *   choose-form ─▶ consent (stages) ─▶ ask missing, 1–2 at a time (replies) ─▶ [address] ─▶ summary
 *                                        ▲   every message read as data (absorb:    │ correction,
 *                                        │   corrections, roles, extract)           │ "sửa …"
 *                                        └───────────────────────────────────────────┘
 *   summary "Xác nhận" ─▶ PDF + JSON via FileStore (produce) ─▶ profile kept (profile-reuse, consent) ─▶ session cleared
 *
 * The session lives sealed in conversation state (session-slot); the citizen profile in the
 * encrypted `ProfileStore`, only with consent.
 */

export interface FormSkillDeps {
  forms: FormRegistry;
  profiles: ProfileStore;
  /** Where PDFs and JSON go; a function when the store is created after the bot (server). */
  files: FileStore | (() => FileStore | undefined) | undefined;
  fonts: FormFonts | (() => Promise<FormFonts>);
  sealer: SessionSealer;
  /** Maps pre-2025 addresses to today's units; undefined when the admin-unit data is unavailable. */
  addresses: AddressAdvisor | undefined;
  logger: BotLogger;
  clock: () => Date;
  /** Told after every turn with a form open what has been filled so far. */
  progress: FormProgressSink;
  /** The citizen's recent messages with details (sealed), read once when a form starts. */
  recent?: RecentMessages;
  /** Restore the diacritics of names typed without any (see `FormContext.restoreNames`). */
  restoreNames?: boolean;
}

export type FormSkill = Skill & {
  /** Starts filling a form outside the usual triggers (triage hands over the legal-aid request). */
  start(turn: Turn, formId: string, initial?: Record<string, string>): Promise<TurnResult>;
};

/** "thôi khỏi lưu", "thôi không lưu" refuse keeping the data, they do not stop the form. */
/** "thời gian cư trú: …", "thời điểm …" fold to the same letters as "thôi": a field word, no stop. */
const CANCEL = /^(huy|huy bo|huy dien to khai|thoi(?! (?:khoi|khong|ko|k|dung|dung co) luu)(?! (?:gian|diem|han|ky|hieu|han cu tru)\b)|khong dien nua|thoat|bo qua to khai|thoi khong lam nua|thoi khong dien nua)\b/;
/** "Thời …" typed with its marks is never "thôi". */
const NOT_THOI = /^\s*th[ờởơớợ]i\b/iu;
/** "dừng" folds to the same letters as "dùng" (use), so it is matched with its diacritics. */
const STOP_ACCENTED = /^\s*(dừng|ngừng)(\s+lại)?\b/iu;

export function createFormSkill(deps: FormSkillDeps): FormSkill {
  const ctx: FormContext = { forms: deps.forms, addresses: deps.addresses, restoreNames: deps.restoreNames };
  const log = deps.logger;
  const slot = createSessionSlot(deps.sealer, log);
  const profiles = createProfileReuse(deps.profiles);
  const render = createFormProducer(ctx, { files: deps.files, fonts: deps.fonts, logger: log, clock: deps.clock });

  function report(turn: Turn, form: FormDefinition | undefined, session: FormSession | undefined): void {
    if (!session || !form) return;
    const conversation = { channelId: turn.channelId, userId: turn.userId, conversationId: turn.conversationId };
    deps.progress.report(conversation, { ...captureForm(ctx, form, session, turn.now), profile: persistable(session.profile) });
  }

  function result(turn: Turn, session: FormSession | undefined, form: FormDefinition | undefined, messages: OutgoingMessage[], tags: string[] = []): TurnResult {
    slot.save(turn, session);
    report(turn, form, session);
    return {
      messages: messages.map((m) => ({ ...m, text: maskNumbersInText(m.text), suggestedActions: m.suggestedActions?.slice(0, turn.capabilities.maxButtons) })),
      outcome: { behavior: 'answer', procedures: [], procedureCode: form?.procedureCodes[0], form: form?.id, tags: ['form', ...tags] },
    };
  }

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
    const missing = missingFields(form, session, ctx.forms, now);
    const next = nextQuestion(missing);
    if (next.length > 0) {
      session.stage = 'filling';
      session.asked = next.map((f) => f.name);
      const q = questionFor(ctx, form, session, next);
      return result(turn, session, form, [{ ...q, text: [...prefix, q.text].join('\n') }]);
    }
    session.stage = 'summary';
    session.asked = [];
    session.editing = undefined;
    const s = summary(ctx, form, session, now);
    return result(turn, session, form, [{ ...s, text: [...prefix, s.text].join('\n') }]);
  }

  async function produce(turn: Turn, form: FormDefinition, session: FormSession): Promise<TurnResult> {
    const files = await render(turn, form, session);
    const stored = session.consent === 'given';
    if (stored) await profiles.persist(turn, session);
    slot.save(turn, undefined);
    report(turn, form, session);
    return {
      messages: [{ text: maskNumbersInText(producedMessage(form, files, stored)), files: files.length > 0 ? files : undefined }],
      outcome: { behavior: 'answer', procedures: [], procedureCode: form.procedureCodes[0], form: form.id, tags: ['form', 'form:done'] },
    };
  }

  const flow: FormFlow = { ctx, log, profiles, result, advance, produce };

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

  /**
   * Opens the form. `earlier` messages are read before this one; the first `recalled` of
   * them come from the recent-messages buffer, and when they fill anything the citizen is
   * told so (the values are then read back in the summary, not asked).
   */
  async function begin(turn: Turn, formId: string, initial?: Record<string, string>, earlier: readonly string[] = [], recalled = 0, carried?: WorkingProfile): Promise<TurnResult> {
    const form = deps.forms.get(formId)!;
    const session = newSession(turn, formId);
    const stored = await profiles.stored(turn);
    if (stored) session.profile = freshStart(form, stored);
    // Another form switched to: the people told about so far are known before this message is
    // read, so who is who on the new form (the citizen's side of a marriage) follows from them.
    if (carried) session.profile = mergeProfiles(session.profile, freshStart(form, carried));
    if (initial) for (const [k, v] of Object.entries(initial)) session.values[k] = v;
    const before = JSON.stringify(session);
    const readBack: string[] = [];
    // Each message read, then what follows from it (names restored, the CT01 request line);
    // names whose restored diacritics are a guess are read back.
    const read = (text: string) => {
      absorb(ctx, form, session, text, turn.now);
      readBack.push(...settle(ctx, form, session, text).notes);
    };
    earlier.slice(0, recalled).forEach(read);
    const fromRecent = JSON.stringify(session) !== before;
    for (const text of [...earlier.slice(recalled), turn.text]) read(text);
    log.info({ form: formId, consent: session.consent, recalled: fromRecent }, 'form filling started');
    const told = fromRecent ? 'Em đã điền sẵn những thông tin anh/chị vừa nhắn; anh/chị kiểm tra lại giúp em ở bước xác nhận nhé.' : undefined;
    if (session.consent === 'pending') {
      session.stage = 'consent';
      const q = consentQuestion(form);
      const [first, ...rest] = q.text.split('\n');
      const lines = [told, ...readBack].filter((x): x is string => !!x);
      return result(turn, session, form, [lines.length > 0 ? { ...q, text: [first, ...lines, ...rest].join('\n') } : q], ['consent']);
    }
    const known = stored ? 'Dạ, em đã điền sẵn những thông tin anh/chị cung cấp lần trước.' : undefined;
    return advance(turn, form, session, [known, told && `Dạ, ${told.charAt(0).toLowerCase()}${told.slice(1)}`, ...readBack].filter((x): x is string => !!x));
  }

  /** "Which form?": the form named, or details kept (sealed) until it is. */
  async function choose(turn: Turn, session: FormSession, next: () => Promise<TurnResult>): Promise<TurnResult> {
    const { value, said } = readTurn(turn);
    const picked = pickForm(ctx, turn.text, said, value);
    const hasDetails = extractFacts(turn.text, { now: turn.now }).facts.length > 0;
    if (!picked && hasDetails && (session.buffer?.length ?? 0) < 6) {
      // Details before the form is named: kept (sealed) and read once the form is chosen.
      session.buffer = [...freshBuffer(session, turn.now), turn.text];
      session.bufferedAt = turn.now.toISOString();
      slot.save(turn, session);
      return formChoice(turn, 'Dạ, em đã ghi nhận thông tin. Anh/chị cho em biết cần điền tờ khai nào ạ?');
    }
    slot.save(turn, undefined);
    if (!picked) return next();
    const buffer = freshBuffer(session, turn.now);
    return begin(turn, picked.id, undefined, buffer, buffer.length);
  }

  /** Details kept while the form is being chosen, unless older than the recent messages may be. */
  function freshBuffer(session: FormSession, now: Date): string[] {
    return !session.bufferedAt || isRecent(session.bufferedAt, now) ? (session.buffer ?? []) : [];
  }

  function formChoice(turn: Turn, text: string): TurnResult {
    return {
      messages: [{ text, suggestedActions: deps.forms.all().slice(0, turn.capabilities.maxButtons).map((x) => action(capitalise(x.shortName))) }],
      outcome: { behavior: 'clarify', procedures: [], tags: ['form', 'form:choose'] },
    };
  }

  async function handleSession(turn: Turn, session: FormSession, next: () => Promise<TurnResult>): Promise<TurnResult> {
    const { f, said } = readTurn(turn);
    if (session.stage === 'choose') return choose(turn, session, next);
    const form = deps.forms.get(session.formId);
    if (!form) {
      slot.save(turn, undefined);
      return next();
    }

    if ((CANCEL.test(said) && !NOT_THOI.test(turn.text)) || STOP_ACCENTED.test(turn.text) || said === fold(FORM_ACTIONS.cancel)) {
      slot.save(turn, undefined);
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

    // Another form named mid-way: switch, keeping what the citizen told us. The form must be
    // named in the sentence that asks to fill ("điền giúp em tờ khai kết hôn"), not in a
    // detail of this one followed by a request ("chưa đk kết hôn vs ai. ok điền giúp e").
    if (START.test(f)) {
      const other = detectForm(ctx, turn);
      const clauses = turn.text.split(/[.;!?\n]+/).map((c) => fold(c));
      const namedInRequest = new Set(clauses.filter((c) => START.test(c)).flatMap((c) => namedForms(ctx, c)));
      if (other && other !== 'choose' && other !== session.formId && namedInRequest.has(other)) {
        const profile = session.profile;
        const consent = session.consent;
        const res = await begin(turn, other, undefined, [], 0, profile);
        const s2 = slot.load(turn);
        if (s2) {
          s2.profile = mergeProfiles(freshStart(deps.forms.get(other)!, profile), s2.profile);
          if (consent !== 'pending') s2.consent = consent;
          if (s2.consent !== 'pending' && s2.stage === 'consent') return advance(turn, deps.forms.get(other)!, s2);
          slot.save(turn, s2);
        }
        return res;
      }
    }

    switch (session.stage) {
      case 'consent':
        return consentStage(flow, turn, form, session);
      case 'address':
        return addressStage(flow, turn, form, session);
      case 'summary':
      case 'edit-choose':
        return reviewStage(flow, turn, form, session, next);
      case 'filling':
      default:
        return fillingStage(flow, turn, form, session, next);
    }
  }

  return {
    name: 'forms',
    async start(turn, formId, initial) {
      if (!deps.forms.get(formId)) throw new Error(`unknown form ${formId}`);
      return begin(turn, formId, initial);
    },
    async handle(turn, next) {
      const session = slot.load(turn);
      if (session) return handleSession(turn, session, next);
      const formId = detectForm(ctx, turn);
      if (!formId) return next();
      // Details the citizen typed before asking for the form (the story that led to it),
      // read once, for this form only, then forgotten.
      const recent = deps.recent?.read(turn) ?? [];
      deps.recent?.clear(turn);
      if (formId === 'choose') {
        const s: FormSession = { ...newSession(turn, ''), stage: 'choose' };
        const buffer = [...recent, ...(extractFacts(turn.text, { now: turn.now }).facts.length > 0 ? [turn.text] : [])];
        if (buffer.length > 0) {
          s.buffer = buffer.slice(-6);
          s.bufferedAt = turn.now.toISOString();
        }
        slot.save(turn, s);
        return formChoice(turn, 'Dạ, em có thể điền sẵn các tờ khai sau. Anh/chị cần tờ khai nào ạ?');
      }
      // Details typed after an answer about the procedure: that question ("… cho vợ tôi",
      // "trích lục khai tử cho ba tôi") says who the form is for; read it after the others.
      const question = turn.conversation.lastAnswer?.question;
      const recalled = recent.filter((t) => t !== question && t !== turn.text);
      return begin(turn, formId, undefined, [...recalled, ...(question && question !== turn.text ? [question] : [])], recalled.length);
    },
  };
}
