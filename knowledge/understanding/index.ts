import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AppError } from '../errors.js';

/**
 * What a citizen's message is, as the understanding stage decides it (issue 12). One
 * label per message; the definitions are in `knowledge/understanding/README.md`.
 */
export const INTENTS = [
  'procedure',
  'followup',
  'legal_question',
  'legal_problem',
  'danger',
  'form_request',
  'form_data',
  'privacy',
  'handoff',
  'greeting',
  'out_of_scope',
  'manipulation',
] as const;
export const intentSchema = z.enum(INTENTS);
export type Intent = z.infer<typeof intentSchema>;

export interface CorpusExample {
  intent: Intent;
  text: string;
  /** `file:line`, for error messages and the corpus report. */
  source: string;
}

export const UNDERSTANDING_DATA_DIR = path.dirname(fileURLToPath(import.meta.url));

/** Parses one corpus file (`intent<TAB>text`, `#` comments, blank lines skipped). */
export function parseCorpusTsv(text: string, file: string): CorpusExample[] {
  const out: CorpusExample[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) return;
    const tab = line.indexOf('\t');
    const intent = intentSchema.safeParse(tab > 0 ? line.slice(0, tab).trim() : '');
    const body = tab > 0 ? line.slice(tab + 1).trim().normalize('NFC') : '';
    if (!intent.success) throw new AppError('internal:understanding_corpus', `${file}:${i + 1}: the first column must be one of ${INTENTS.join(', ')}`);
    if (body.length < 1) throw new AppError('internal:understanding_corpus', `${file}:${i + 1}: empty message`);
    out.push({ intent: intent.data, text: body, source: `${file}:${i + 1}` });
  });
  return out;
}

export interface UnderstandingCorpus {
  examples: CorpusExample[];
  /** sha256 of the corpus files (cache key of the trained model). */
  hash: string;
  files: string[];
}

/**
 * Loads every `corpus/*.tsv` file (sorted by name) plus the triage training examples
 * mapped onto intents. Exact duplicates (same intent and text) are kept once; the same
 * text under two intents is an error, because one of the two labels is wrong.
 */
export async function loadUnderstandingCorpus(dir: string = path.join(UNDERSTANDING_DATA_DIR, 'corpus')): Promise<UnderstandingCorpus> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.tsv')).sort();
  } catch (cause) {
    throw new AppError('internal:understanding_corpus', `Cannot read the understanding corpus in ${dir}`, { cause });
  }
  const hash = createHash('sha256');
  const examples: CorpusExample[] = [];
  const seen = new Map<string, CorpusExample>();
  for (const name of names) {
    const text = await readFile(path.join(dir, name), 'utf8');
    hash.update(name).update('\0').update(text).update('\0');
    for (const e of parseCorpusTsv(text, name)) {
      const key = e.text.toLowerCase();
      const prev = seen.get(key);
      if (prev) {
        if (prev.intent !== e.intent) {
          throw new AppError('internal:understanding_corpus', `${e.source}: the same message is labelled "${prev.intent}" at ${prev.source} and "${e.intent}" here`);
        }
        continue;
      }
      seen.set(key, e);
      examples.push(e);
    }
  }
  if (examples.length === 0) throw new AppError('internal:understanding_corpus', `${dir}: no examples`);
  return { examples, hash: hash.digest('hex'), files: names };
}
