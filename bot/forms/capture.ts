import type { FormDefinition } from '../../knowledge/index.js';
import type { FormContext } from './context.js';
import { getFact, type PersonKey } from './profile.js';
import { holderOfField, valueOf, type FormSession } from './session.js';

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

/** The form's values by field key, the citizen's apart from computed ones; guesses left out. */
export function captureForm(ctx: FormContext, form: FormDefinition, session: FormSession, now: Date): CapturedForm {
  const out: CapturedForm = { form: form.id, fields: {}, derived: {} };
  for (const f of ctx.forms.fieldsOf(form)) {
    const v = valueOf(form, session, f, ctx.forms, now);
    if (v === undefined || v === '') continue;
    const given = session.values[f.name] !== undefined || (f.prefill !== undefined && getFact(session.profile, holderOfField(form, session, f, ctx.forms)!, f.prefill.split('.')[1] as PersonKey) !== undefined);
    if (session.guessed?.includes(f.name)) continue;
    const shown = f.print?.format === 'year' ? v.slice(0, 4) : v;
    (given ? out.fields : out.derived)[f.name] = shown;
  }
  return out;
}
