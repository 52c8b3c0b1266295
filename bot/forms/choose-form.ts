import { fold, hasPhrase } from '../../knowledge/text/index.js';
import type { FormDefinition } from '../../knowledge/index.js';
import type { Turn } from '../types.js';
import type { FormContext } from './context.js';
import { findStatements } from './statements.js';

/** Which form a message asks to fill: named, implied by the procedure talked about, or to be chosen. */

export const START = /\b(dien|lam|khai|tao|viet|soan|in|xin|lay|can|giup)\b.*\b(to khai|mau|don|ct ?01)\b|\bto khai\b|\bct ?01\b|\bdien (giup|ho|dum)\b/;

/** A request to fill, as opposed to a question about a form ("tờ khai khai sinh lấy ở đâu?"). */
const FILL_VERB = /\b(dien|lam|tao|viet|soan|khai giup|dien giup|dien ho)\b/;

/** The one form whose choice fields a message fills ("chưa kết hôn lần nào" → marital status). */
export function formByStatements(ctx: FormContext, text: string): FormDefinition | undefined {
  const fields = findStatements(text)
    .map((x) => x.field)
    .filter((x) => !/^so_luong/.test(x));
  if (fields.length === 0) return undefined;
  const fit = ctx.forms.all().filter((x) => fields.every((name) => ctx.forms.fieldsOf(x).some((f) => f.name === name)));
  return fit.length === 1 ? fit[0] : undefined;
}

export function detectForm(ctx: FormContext, turn: Turn): string | 'choose' | undefined {
  const f = fold(turn.text);
  const byTrigger = (text: string) =>
    ctx.forms
      .all()
      .map((form) => ({ form, score: Math.max(0, ...form.triggers.map((t) => (hasPhrase(text, t) ? t.length : 0))) }))
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
    const forCode = ctx.forms.forProcedure(code)[0];
    if (forCode) return forCode.id;
  }
  // Details typed after a clarifying question or another answer: the procedures offered
  // and the last question asked still say which form the citizen is after.
  for (const c of qa?.pending?.codes ?? []) {
    const forCode = ctx.forms.forProcedure(c)[0];
    if (forCode) return forCode.id;
  }
  const earlier = turn.conversation.lastAnswer?.question;
  const fromEarlier = earlier ? byTrigger(fold(earlier)) : undefined;
  if (fromEarlier) return fromEarlier;
  if (code && u?.intent !== 'form_data') return undefined; // the Q&A skill explains that this procedure's form is not available here
  return 'choose';
}

/** The form a reply to "which form?" names: by the choices it states, a button, the short name or a trigger. */
export function pickForm(ctx: FormContext, text: string, said: string, value: string | undefined): FormDefinition | undefined {
  return (
    formByStatements(ctx, text) ??
    ctx.forms.all().find((x) => fold(x.shortName) === said || x.id === value) ??
    ctx.forms.all().find((x) => hasPhrase(said, fold(x.shortName))) ??
    ctx.forms
      .all()
      .map((x) => ({ x, score: Math.max(0, ...x.triggers.map((t) => (hasPhrase(said, t) ? t.length : 0))) }))
      .filter((c) => c.score > 0)
      .sort((a, b) => b.score - a.score)[0]?.x
  );
}
