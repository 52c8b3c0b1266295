import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SubjectFactory } from '../subject.js';

/**
 * Subjects the runner can drive, by name. `bot` (evals/subjects/bot-subject.ts, owned by
 * bot-core) is the product's real conversation entry point; `retriever` measures the
 * retriever alone with a provisional behaviour.
 */
const MODULES: Record<string, string> = {
  bot: './bot-subject.js',
  retriever: './retriever-subject.js',
};

/** The default subject: the first of these whose module exists. */
export const PREFERRED_SUBJECTS = ['bot', 'retriever'] as const;

function moduleExists(spec: string): boolean {
  const url = new URL(spec, import.meta.url);
  const ts = fileURLToPath(url).replace(/\.js$/, '.ts');
  return existsSync(ts) || existsSync(fileURLToPath(url));
}

export function availableSubjects(): string[] {
  return Object.keys(MODULES).filter((n) => moduleExists(MODULES[n]!));
}

export function defaultSubject(): string {
  const available = availableSubjects();
  return PREFERRED_SUBJECTS.find((n) => available.includes(n)) ?? 'retriever';
}

export async function loadSubjectFactory(name: string): Promise<SubjectFactory> {
  const spec = MODULES[name];
  if (!spec || !moduleExists(spec)) {
    throw new Error(`Unknown eval subject "${name}" (available: ${availableSubjects().join(', ')})`);
  }
  const mod = (await import(spec)) as { createSubject?: SubjectFactory };
  if (typeof mod.createSubject !== 'function') throw new Error(`${spec} does not export createSubject(ctx)`);
  return mod.createSubject;
}
