import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors.js';
import {
  formDefinitionSchema,
  formOptionsSchema,
  PROFILE_KEYS,
  ROLE_TARGETS,
  type FormDefinition,
  type FormField,
  type FormOptions,
} from './schema.js';

/** The shipped forms and their shared option lists, validated as a whole. */
export interface FormRegistry {
  all(): readonly FormDefinition[];
  get(id: string): FormDefinition | undefined;
  /** Forms linked to a catalogue procedure code. */
  forProcedure(code: string): FormDefinition[];
  /** Options of a field (inline or from `options.json`), or undefined for free input. */
  optionsOf(field: FormField): readonly string[] | undefined;
  /** Every field of a form, in print order. */
  fieldsOf(form: FormDefinition): FormField[];
}

/** Directory of the committed form data next to this module. */
export function defaultFormsDir(): string {
  return fileURLToPath(new URL('./data/', import.meta.url));
}

/**
 * Reads and validates every `*.json` form definition in `dir` (default: the shipped data)
 * plus `options.json`. Throws `AppError('internal:forms_data')` naming the file and the
 * problem, so a broken data file fails at start-up rather than mid-conversation.
 */
export async function loadForms(dir: string = defaultFormsDir()): Promise<FormRegistry> {
  const names = (await fs.readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  let options: FormOptions = {};
  const raw: Array<{ file: string; data: unknown }> = [];
  for (const name of names) {
    const file = path.join(dir, name);
    let data: unknown;
    try {
      data = JSON.parse(await fs.readFile(file, 'utf8'));
    } catch (cause) {
      throw new AppError('internal:forms_data', `Form data ${name} is not valid JSON`, { cause });
    }
    if (name === 'options.json') {
      const parsed = formOptionsSchema.safeParse(data);
      if (!parsed.success) throw new AppError('internal:forms_data', `options.json: ${parsed.error.message}`);
      options = parsed.data;
    } else {
      raw.push({ file: name, data });
    }
  }
  return createFormRegistry(raw, options);
}

/** Builds a registry from already-parsed JSON (tests, or data embedded elsewhere). */
export function createFormRegistry(
  raw: ReadonlyArray<{ file: string; data: unknown }>,
  options: FormOptions,
): FormRegistry {
  const forms: FormDefinition[] = [];
  for (const { file, data } of raw) {
    const parsed = formDefinitionSchema.safeParse(data);
    if (!parsed.success) {
      const first = parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ');
      throw new AppError('internal:forms_data', `Form data ${file} is invalid: ${first}`);
    }
    checkForm(file, parsed.data, options);
    forms.push(parsed.data);
  }
  const byId = new Map<string, FormDefinition>();
  for (const f of forms) {
    if (byId.has(f.id)) throw new AppError('internal:forms_data', `Duplicate form id ${f.id}`);
    byId.set(f.id, f);
  }
  const fieldsOf = (form: FormDefinition) => form.sections.flatMap((s) => s.fields);
  return {
    all: () => forms,
    get: (id) => byId.get(id),
    forProcedure: (code) => forms.filter((f) => f.procedureCodes.includes(code)),
    optionsOf: (field) => field.options ?? (field.optionsRef ? options[field.optionsRef] : undefined),
    fieldsOf,
  };
}

/** Cross-reference checks zod cannot express: names unique, references resolve. */
function checkForm(file: string, form: FormDefinition, options: FormOptions): void {
  const fail = (msg: string): never => {
    throw new AppError('internal:forms_data', `Form data ${file} (${form.id}): ${msg}`);
  };
  const names = new Set<string>();
  const roles = new Set<string>([...ROLE_TARGETS, ...form.roles.map((r) => r.name)]);
  const keys = new Set<string>([...PROFILE_KEYS, 'noiSinh']);
  for (const field of form.sections.flatMap((s) => s.fields)) {
    if (names.has(field.name)) fail(`duplicate field ${field.name}`);
    names.add(field.name);
    if (field.optionsRef && !options[field.optionsRef]) fail(`field ${field.name}: unknown optionsRef ${field.optionsRef}`);
    if (field.type === 'select' && !field.options && !field.optionsRef) fail(`select field ${field.name} has no options`);
    if (field.prefill) {
      const [role, key] = field.prefill.split('.') as [string, string];
      if (!roles.has(role)) fail(`field ${field.name}: unknown role ${role}`);
      if (!keys.has(key)) fail(`field ${field.name}: unknown profile key ${key}`);
    }
    if (field.validation) {
      try {
        new RegExp(field.validation.pattern, 'u');
      } catch (cause) {
        fail(`field ${field.name}: bad pattern (${String(cause)})`);
      }
    }
  }
  for (const field of form.sections.flatMap((s) => s.fields)) {
    if (field.derive?.from && !names.has(field.derive.from)) fail(`field ${field.name}: derive from unknown ${field.derive.from}`);
  }
  for (const role of form.roles) {
    if (role.from && !role.from.includes('.') && !names.has(role.from)) fail(`role ${role.name}: unknown field ${role.from}`);
    for (const target of [...Object.values(role.map), role.otherwise]) {
      if (!(ROLE_TARGETS as readonly string[]).includes(target)) fail(`role ${role.name}: unknown target ${target}`);
    }
  }
  for (const ref of [form.addresseeField, form.layout.placeField, form.layout.dateField, form.layout.signatureNameField]) {
    if (ref && !names.has(ref)) fail(`layout refers to unknown field ${ref}`);
  }
}
