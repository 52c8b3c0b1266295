import { fold, foldSameLength, readYesNo } from '../../knowledge/text/index.js';
import type { FormDefinition, FormField } from '../../knowledge/index.js';
import type { BotLogger } from '../ports/index.js';
import type { OutgoingMessage, Turn, TurnResult } from '../types.js';
import { answerAsked, EDIT, findEditTargets } from './answers.js';
import type { FormContext } from './context.js';
import { extractFacts } from './extract.js';
import { failureMessage } from './parse.js';
import { mergeProfiles, setFact, type Holder } from './profile.js';
import { freshStart, type ProfileReuse } from './profile-reuse.js';
import { action, consentQuestion, FORM_ACTIONS, labelSuffix, questionFor, stripNumber, UNSURE_WHOSE, withReminder } from './replies.js';
import { isComplete, missingFields, setValue, valueOf, type FormSession } from './session.js';
import { absorbAndSettle, settle } from './settle.js';
import { findCorrection } from './statements.js';

/**
 * One turn of a form already open, by stage: the consent question, the new-address
 * suggestion, the summary (confirm, correct, "sửa …"), and filling (every message read as
 * data first, else as the answer to the question asked).
 */

/** What the stages need from the skill that assembles them. */
export interface FormFlow {
  ctx: FormContext;
  log: BotLogger;
  profiles: ProfileReuse;
  /** Saves the session, reports progress and shapes the reply to the channel's buttons. */
  result(turn: Turn, session: FormSession | undefined, form: FormDefinition | undefined, messages: OutgoingMessage[], tags?: string[]): TurnResult;
  /** Asks what is missing, or the address suggestion, or shows the summary. */
  advance(turn: Turn, form: FormDefinition, session: FormSession, prefix?: string[]): TurnResult;
  /** Renders and files the confirmed form, keeps the profile (consent given), ends the session. */
  produce(turn: Turn, form: FormDefinition, session: FormSession): Promise<TurnResult>;
}

/** A refusal anywhere in the reply to the consent question ("em không muốn lưu", "chỉ dùng lần này"). */
const NO = /\b(khong|ko|k|kg|hong|khong dong y|chi dung lan nay|khong luu|tu choi|dung luu|khoi luu|khoi|thoi khoi)\b/;
/** "lưu", "lưu đi": a yes to "may I keep it?" that is no general yes. */
const KEEP = /^luu\b/;
/** Short yeses as typed in chat ("dc", "oki", "uh", "ok lun"), read only as the answer to the consent question. */
const YES_CHAT = /^(?:dc|duoc|oki|okie|oke|okay|ok lun|ok luon|uh|uhm|um|u|vang|da|da vang|ung|chiu)(?:\s+(?:a|nha|nhe|ad|em|chi|anh|luon|lun|di))*\s*[.!]*$/;
const CONFIRM = /^(xac nhan|dung|dung roi|ok|oke|dong y|chinh xac|tao to khai|tao|in|xong|duoc|co)\b/;
export const QUESTION = /\?|\b(bao nhieu|o dau|the nao|nhu nao|la gi|bao lau|khi nao|co can|can gi|nop o dau|mat bao|le phi)\b/;

/** The message folded, the button value (if a button was pressed) and what was said, folded. */
export function readTurn(turn: Turn): { f: string; value: string | undefined; said: string } {
  const f = fold(turn.text);
  const value = typeof turn.value === 'string' ? turn.value : undefined;
  return { f, value, said: value ? fold(value) : f };
}

/** The consent question: yes, no, or details typed instead of an answer. */
export async function consentStage(flow: FormFlow, turn: Turn, form: FormDefinition, session: FormSession): Promise<TurnResult> {
  const { f, value, said } = readTurn(turn);
  const yes = said === fold(FORM_ACTIONS.consentYes) || ((readYesNo(said) === 'yes' || KEEP.test(said) || YES_CHAT.test(said)) && !NO.test(said));
  const no = said === fold(FORM_ACTIONS.consentNo) || NO.test(said);
  // "đồng ý", "ok lưu", "không lưu đâu ạ" answer the question; only a longer message carries details.
  const plain = (yes || no) && said.split(' ').length <= 5 && extractFacts(turn.text, { now: turn.now }).facts.every((x) => x.key === 'hoTen');
  const got = plain ? { got: 0, notes: [], problems: [] } : absorbAndSettle(flow.ctx, form, session, turn.text, turn.now);
  if (!yes && !no && got.got > 0) {
    // Details instead of an answer: fill on, and keep nothing beyond this conversation.
    session.consent = 'refused';
    return flow.advance(turn, form, session, [
      ...got.notes,
      'Dạ, em ghi nhận để điền tờ khai lần này và không lưu lại sau cuộc trò chuyện.',
      ...got.problems.map((p) => failureMessage(p.reason, p.key === 'soDinhDanh' ? 'số định danh cá nhân' : 'số điện thoại')),
    ]);
  }
  if (!yes && !no) {
    return flow.result(turn, session, form, [
      { text: 'Dạ, anh/chị cho em biết có đồng ý cho em lưu thông tin để điền sẵn lần sau không ạ?', suggestedActions: consentQuestion(form).suggestedActions },
    ], ['consent']);
  }
  if (yes) {
    session.consent = 'given';
    turn.user.profileConsent = { given: true, at: turn.now.toISOString() };
    const stored = await flow.profiles.stored(turn);
    if (stored) session.profile = mergeProfiles(freshStart(form, stored), session.profile);
    await flow.profiles.persist(turn, session);
    flow.log.info({ form: form.id }, 'profile consent given');
    return flow.advance(turn, form, session, ['Dạ, em cảm ơn anh/chị.']);
  }
  session.consent = 'refused';
  return flow.advance(turn, form, session, ['Dạ vâng, em sẽ không lưu thông tin. Mình bắt đầu điền nhé.']);
}

/** The new-address suggestion: taken, or the message read as data and the address kept as typed. */
export async function addressStage(flow: FormFlow, turn: Turn, form: FormDefinition, session: FormSession): Promise<TurnResult> {
  const { f, value, said } = readTurn(turn);
  const p = session.pendingAddress!;
  session.pendingAddress = undefined;
  const chosen = p.options.find((o) => fold(o) === said) ?? (said === fold(FORM_ACTIONS.useNewAddress) || readYesNo(said) === 'yes' ? p.options[0] : undefined);
  if (chosen) {
    const field = flow.ctx.forms.fieldsOf(form).find((x) => x.name === p.field);
    if (field) setValue(form, session, field, flow.ctx.forms, chosen);
    else {
      const [holder] = p.field.split('.') as [Holder];
      setFact(session.profile, holder, 'noiCuTru', chosen);
    }
    // The CT01 request line names the residence: it follows the address chosen.
    settle(flow.ctx, form, session);
    await flow.profiles.persist(turn, session);
    return flow.advance(turn, form, session);
  }
  // Not an answer to the suggestion: the address stays as typed and the message is read as data.
  const got = absorbAndSettle(flow.ctx, form, session, turn.text, turn.now);
  if (got.got > 0) await flow.profiles.persist(turn, session);
  return flow.advance(turn, form, session, got.notes);
}

/** The summary: a confirmation produces the form; a correction or new details update it; "sửa …" asks again. */
export async function reviewStage(flow: FormFlow, turn: Turn, form: FormDefinition, session: FormSession, next: () => Promise<TurnResult>): Promise<TurnResult> {
  const { f, value, said } = readTurn(turn);
  if (session.stage === 'edit-choose' && session.editChoices) {
    const pick = session.editChoices.find((n) => value === `sửa trường ${n}` || f === fold(`sửa trường ${n}`));
    session.editChoices = undefined;
    if (pick) {
      session.editing = [pick];
      return flow.advance(turn, form, session);
    }
  }
  // "đúng ra là …", "ok mà sđt là …": a correction or new details, not a confirmation.
  const confirmOnly = said === fold(FORM_ACTIONS.confirm) || (CONFIRM.test(said) && !EDIT.test(said) && !NO.test(said) && !findCorrection(turn.text) && extractFacts(turn.text, { now: turn.now }).facts.length === 0);
  if (confirmOnly) {
    return flow.produce(turn, form, session);
  }
  if (value === undefined || !EDIT.test(said)) {
    const got = absorbAndSettle(flow.ctx, form, session, turn.text, turn.now);
    if (got.got > 0) {
      await flow.profiles.persist(turn, session);
      return flow.advance(turn, form, session, got.notes.length > 0 ? got.notes : ['Dạ, em đã cập nhật.']);
    }
  }
  if (EDIT.test(said) || said === fold(FORM_ACTIONS.edit)) {
    const targets = said === fold(FORM_ACTIONS.edit) ? [] : findEditTargets(flow.ctx, form, session, turn.text);
    // "sửa ngày sinh thành 6/3/1990": the new value may come in the same message.
    const original = turn.text.normalize('NFC');
    const at = /\b(?:thanh|la)\b\s*(?=\S)/u.exec(foldSameLength(original));
    const newValue = at ? [at[0], original.slice(at.index + at[0].length)] : null;
    if (targets.length === 1) {
      if (newValue) {
        session.asked = [targets[0]!.name];
        const { errors, answered } = answerAsked(flow.ctx, form, session, { ...turn, text: newValue[1]! });
        if (answered > 0 && errors.length === 0) {
          await flow.profiles.persist(turn, session);
          return flow.advance(turn, form, session, ['Dạ, em đã sửa.']);
        }
      }
      session.editing = [targets[0]!.name];
      return flow.advance(turn, form, session);
    }
    const list = targets.length > 1 ? targets : flow.ctx.forms.fieldsOf(form).filter((x) => !x.derive && valueOf(form, session, x, flow.ctx.forms, turn.now));
    session.stage = 'edit-choose';
    session.editChoices = list.map((x) => x.name);
    return flow.result(turn, session, form, [
      {
        text: 'Dạ, anh/chị muốn sửa thông tin nào ạ?',
        suggestedActions: list.slice(0, turn.capabilities.maxButtons).map((x) => action(`${stripNumber(x.label)}${labelSuffix(flow.ctx, form, session, x)}`, `sửa trường ${x.name}`)),
      },
    ]);
  }
  if (QUESTION.test(f)) return withReminder(await next(), form);
  return flow.advance(turn, form, session);
}

/** Filling: the message read as data, else as the answer to what was asked. */
/** Said when a correction names no value the bot can find to correct. */
export const UNPLACED_CORRECTION = 'Dạ, em chưa rõ anh/chị muốn sửa thông tin nào; anh/chị nói đầy đủ giúp em (ví dụ "ngày sinh của cháu là 21/11/2026") ạ.';

export async function fillingStage(flow: FormFlow, turn: Turn, form: FormDefinition, session: FormSession, next: () => Promise<TurnResult>): Promise<TurnResult> {
  const { f, value, said } = readTurn(turn);
  const before = JSON.stringify(session);
  const got = absorbAndSettle(flow.ctx, form, session, turn.text, turn.now);
  const errors: string[] = [];
  // Nothing recognisable as data: the message answers what was asked. A free-text field
  // asked (the request, the case) takes the message even when it also carries facts.
  const freeAsked = session.asked.filter((n) => {
    const field = flow.ctx.forms.fieldsOf(form).find((x) => x.name === n);
    return field && !field.prefill && (field.type === 'textarea' || field.type === 'text') && !isComplete(field, valueOf(form, session, field, flow.ctx.forms, turn.now));
  });
  // A free-text field asked (the request itself) takes the message; otherwise values the
  // bot could not place are said back and the message is no answer to the question.
  if (freeAsked.length > 0) got.notes = got.notes.filter((n) => n !== UNSURE_WHOSE);
  const prefix = [...got.notes];
  // A correction whose target could not be found is no answer to the question asked (the
  // sentence "à nhầm, bé sanh ngày 21/11 chứ không phải 20" is not an address): it is asked back.
  const unplaced = got.got === 0 && findCorrection(turn.text) !== undefined;
  if (unplaced) prefix.push(UNPLACED_CORRECTION);
  if (!unplaced && ((got.got === 0 && !got.unsure) || (freeAsked.length > 0 && got.notes.length === 0))) {
    if (got.got > 0) session.asked = freeAsked;
    const asked = answerAsked(flow.ctx, form, session, turn);
    prefix.push(...asked.notes);
    for (const e of asked.errors) {
      const field = flow.ctx.forms.fieldsOf(form).find((x) => x.name === e.field)!;
      if (!isComplete(field, valueOf(form, session, field, flow.ctx.forms, turn.now))) errors.push(e.message);
    }
  }
  for (const p of got.problems) errors.push(failureMessage(p.reason, p.key === 'soDinhDanh' ? 'số định danh cá nhân' : 'số điện thoại'));
  const changed = JSON.stringify(session) !== before;
  if (!changed && errors.length === 0 && QUESTION.test(f)) return withReminder(await next(), form);
  if (changed) await flow.profiles.persist(turn, session);
  if (errors.length > 0) {
    const unique = [...new Set(errors)];
    const missing = missingFields(form, session, flow.ctx.forms, turn.now);
    const stillAsked = missing.filter((m) => session.asked.includes(m.name));
    if (stillAsked.length > 0) {
      const q = questionFor(flow.ctx, form, session, stillAsked);
      return flow.result(turn, session, form, [{ text: unique.join('\n'), suggestedActions: q.suggestedActions }], ['form:invalid']);
    }
    return flow.advance(turn, form, session, unique);
  }
  return flow.advance(turn, form, session, prefix);
}
