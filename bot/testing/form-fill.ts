import type { FormRegistry } from '../../knowledge/index.js';
import { absorb } from '../forms/absorb.js';
import type { AddressAdvisor } from '../forms/address.js';
import { captureForm } from '../forms/capture.js';
import type { FormContext } from '../forms/context.js';
import type { FormSession } from '../forms/session.js';

/** Messages read one after another into a fresh session of a form (tests): the captured fields and the notes of each read. */
export function fillFromMessages(
  forms: FormRegistry,
  formId: string,
  messages: readonly string[],
  now: Date,
  addresses?: AddressAdvisor,
): { fields: Record<string, string>; notes: string[] } {
  const ctx: FormContext = { forms, addresses };
  const form = forms.get(formId)!;
  const session: FormSession = { formId, stage: 'filling', consent: 'refused', profile: {}, values: {}, asked: [], skipped: [] };
  const notes: string[] = [];
  for (const m of messages) notes.push(...absorb(ctx, form, session, m, now).notes);
  return { fields: captureForm(ctx, form, session, now).fields, notes };
}
