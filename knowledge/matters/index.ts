import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors.js';
import { foldText } from '../text/index.js';

/**
 * Matters outside the procedure catalogue (divorce, disputes, debts, …): where each goes,
 * one next step and its legal basis, from the reviewed `outside.tsv`. The matcher works on
 * folded text, so a message typed with or without diacritics matches the same rows.
 */

export interface OutsideMatter {
  id: string;
  /** Short name in Vietnamese ("ly hôn thuận tình"). */
  title: string;
  /** Where the matter goes, as a clause ("việc ly hôn do Tòa án nhân dân khu vực … giải quyết"). */
  where: string;
  nextStep: string;
  legalBasis: string;
  triggers: Trigger[];
  unless: Trigger[];
}

/** One spelling of a term: as written (lower case, NFC) and folded. */
interface Variant {
  accented: string;
  folded: string;
}
/** All terms must occur; each term is a list of variants. */
type Trigger = Variant[][];

export const DEFAULT_OUTSIDE_MATTERS_FILE = fileURLToPath(new URL('./outside.tsv', import.meta.url));

function parseTriggers(spec: string): Trigger[] {
  return spec
    .split('|')
    .map((alt) =>
      alt
        .split('&')
        .map((term) =>
          term
            .split('/')
            .map((v) => ({ accented: accentedText(v), folded: foldText(v) }))
            .filter((v) => v.folded),
        )
        .filter((t) => t.length > 0),
    )
    .filter((t) => t.length > 0);
}

/** Read the reviewed table (see the header of `outside.tsv`). */
export function loadOutsideMatters(file = DEFAULT_OUTSIDE_MATTERS_FILE): OutsideMatter[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new AppError('unavailable:outside_matters', `Cannot read ${file}`, { cause: err });
  }
  const rows = text.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  const [header, ...body] = rows;
  const columns = header?.split('\t') ?? [];
  const expected = ['id', 'title', 'triggers', 'unless', 'where', 'next_step', 'legal_basis'];
  if (columns.join(',') !== expected.join(',')) throw new AppError('internal:outside_matters', `${file}: header must be ${expected.join('<TAB>')}`);
  return body.map((line, i) => {
    const c = line.split('\t');
    if (c.length !== expected.length || !c[0] || !c[2] || !c[4] || !c[5] || !c[6]) {
      throw new AppError('internal:outside_matters', `${file}: row ${i + 2} needs ${expected.length} columns with id, triggers, where, next_step and legal_basis`);
    }
    return { id: c[0], title: c[1]!, where: c[4], nextStep: c[5], legalBasis: c[6], triggers: parseTriggers(c[2]), unless: parseTriggers(c[3] ?? '') };
  });
}

/** Lower case, NFC, words separated by single spaces. */
function accentedText(s: string): string {
  return s.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Whether `variant` occurs in `text` (both padded with spaces) as whole words. */
function has(text: string, variant: string): boolean {
  return text.includes(` ${variant} `);
}

/**
 * A message typed with diacritics is matched as written, so that folding does not make
 * different words meet ("lần đầu" is not "lấn", "đòi giấy" is not a debt); a message typed
 * without them is matched folded.
 */
function fires(text: { accented: string; folded: string; plain: boolean }, triggers: readonly Trigger[]): boolean {
  const key = text.plain ? 'folded' : 'accented';
  return triggers.some((all) => all.every((variants) => variants.some((v) => has(text[key], v[key]))));
}

/** The first matter (in table order) whose triggers occur in the message and whose exclusions do not. */
export function matchOutsideMatter(text: string, matters: readonly OutsideMatter[]): OutsideMatter | null {
  const folded = ` ${foldText(text).replace(/[^a-z0-9]+/g, ' ')} `;
  const accented = ` ${accentedText(text)} `;
  const t = { accented, folded, plain: folded.trim() === accented.trim() };
  for (const m of matters) if (fires(t, m.triggers) && !fires(t, m.unless)) return m;
  return null;
}
