import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors.js';

/**
 * Reviewed vocabulary data (abbreviations and teencode, colloquial → official terms,
 * query stop words), kept as plain TSV/text files beside this module so reviewers can
 * edit them without touching code. Parsing only; normalisation of the entries is the
 * retrieval layer's job (`retrieval/query.ts`).
 */

export interface AbbreviationEntry {
  abbreviation: string;
  expansion: string;
  line: number;
}

export interface ColloquialEntry {
  phrase: string;
  /** Official terms the phrase stands for; each is added to the query. */
  terms: string[];
  /** Weight of the added terms relative to the user's own words (default 1). */
  weight: number;
  line: number;
}

export interface Vocabulary {
  abbreviations: AbbreviationEntry[];
  colloquial: ColloquialEntry[];
  /** Query stop and facet words: weight 0 drops the word, a small weight keeps a trace of it. */
  stopwords: { word: string; weight: number }[];
  /** SHA-256 of the three files, so indexes built with another vocabulary are rebuilt. */
  hash: string;
}

const DEFAULT_DIR = fileURLToPath(new URL('.', import.meta.url));

function dataLines(text: string): { text: string; line: number }[] {
  return text
    .split(/\r?\n/)
    .map((t, i) => ({ text: t.trim(), line: i + 1 }))
    .filter((l) => l.text !== '' && !l.text.startsWith('#'));
}

/** Parses `abbreviations.tsv`; throws `AppError('bad_request:vocabulary')` naming the line. */
export function parseAbbreviations(text: string, file = 'abbreviations.tsv'): AbbreviationEntry[] {
  return dataLines(text).map(({ text: t, line }) => {
    const cols = t.split('\t').map((c) => c.trim());
    if (cols.length !== 2 || !cols[0] || !cols[1]) {
      throw new AppError('bad_request:vocabulary', `${file}:${line}: expected "<abbreviation>\\t<expansion>", got ${JSON.stringify(t)}`);
    }
    return { abbreviation: cols[0], expansion: cols[1], line };
  });
}

/** Parses `colloquial.tsv`; throws `AppError('bad_request:vocabulary')` naming the line. */
export function parseColloquial(text: string, file = 'colloquial.tsv'): ColloquialEntry[] {
  return dataLines(text).map(({ text: t, line }) => {
    const cols = t.split('\t').map((c) => c.trim());
    if (cols.length < 2 || cols.length > 3 || !cols[0] || !cols[1]) {
      throw new AppError('bad_request:vocabulary', `${file}:${line}: expected "<phrase>\\t<terms>[\\t<weight>]", got ${JSON.stringify(t)}`);
    }
    const weight = cols[2] === undefined ? 1 : Number(cols[2]);
    if (!Number.isFinite(weight) || weight <= 0 || weight > 5) {
      throw new AppError('bad_request:vocabulary', `${file}:${line}: weight must be a number in (0, 5], got ${JSON.stringify(cols[2])}`);
    }
    const terms = cols[1].split('|').map((s) => s.trim()).filter(Boolean);
    return { phrase: cols[0], terms, weight, line };
  });
}

/** Parses `stopwords.txt`: `<word>[\t<weight>]`, weight in [0, 1], default 0. */
export function parseStopwords(text: string, file = 'stopwords.txt'): { word: string; weight: number }[] {
  return dataLines(text).map(({ text: t, line }) => {
    const [word, w] = t.split('\t').map((c) => c.trim());
    const weight = w === undefined ? 0 : Number(w);
    if (!word || !Number.isFinite(weight) || weight < 0 || weight > 1) {
      throw new AppError('bad_request:vocabulary', `${file}:${line}: expected "<word>[\\t<weight in 0..1>]", got ${JSON.stringify(t)}`);
    }
    return { word, weight };
  });
}

/**
 * Reads the vocabulary files from `dir` (default: this folder, i.e. the committed data).
 * Does I/O only when called.
 */
export async function loadVocabulary(dir: string = DEFAULT_DIR): Promise<Vocabulary> {
  const read = (name: string) => readFile(new URL(name, `file://${dir.endsWith('/') ? dir : `${dir}/`}`), 'utf8');
  // Situations in citizens' words (a story's need) → the catalogue's terms, one file per writer.
  const situationFiles = (await readdir(dir)).filter((n) => /^colloquial-situations.*\.tsv$/.test(n)).sort();
  const [abbr, coll, stop, ...situations] = await Promise.all([read('abbreviations.tsv'), read('colloquial.tsv'), read('stopwords.txt'), ...situationFiles.map(read)]);
  const hash = createHash('sha256').update(abbr).update('\0').update(coll).update('\0').update(stop);
  for (const text of situations) hash.update('\0').update(text);
  return {
    abbreviations: parseAbbreviations(abbr),
    colloquial: [...parseColloquial(coll), ...situations.flatMap((text, i) => parseColloquial(text, situationFiles[i]))],
    stopwords: parseStopwords(stop),
    hash: hash.digest('hex'),
  };
}
