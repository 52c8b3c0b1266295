import { fileURLToPath } from 'node:url';
import { parseKeyedTsv, readTsvFolder } from '../keyed-tsv.js';

/**
 * Situations: how citizens describe the need a procedure serves ("bố tôi mất hôm qua, phải
 * báo phường", "cửa hàng đóng cửa không kinh doanh nữa"), written by reviewers per procedure
 * code. The retrieval layer indexes them as one more field of the procedure, so a story that
 * never names the procedure still meets it (document expansion). Plain TSV beside this
 * module: `<code> TAB <situation>`; lines starting with `#` are comments.
 */
export interface Situations {
  /** Situations per procedure code, in file order. */
  byCode: ReadonlyMap<string, readonly string[]>;
  /** SHA-256 of the files, part of the index's content hash. */
  hash: string;
  /** Number of situation lines. */
  count: number;
}

const DEFAULT_DIR = fileURLToPath(new URL('.', import.meta.url));
const CODE = /^\d\.\d{6}$/;

/** Parses one situations file; throws `AppError('bad_request:situations')` naming the line. */
export function parseSituations(text: string, file: string, into = new Map<string, string[]>()): Map<string, string[]> {
  return parseKeyedTsv(text, file, { key: CODE, code: 'bad_request:situations', expected: '"<code like 1.001193> TAB <situation of at least 6 characters>"' }, into);
}

/** Loads every `*.tsv` in `dir` (default: this folder), in name order. */
export async function loadSituations(dir = DEFAULT_DIR): Promise<Situations> {
  const { files, hash } = await readTsvFolder(dir);
  const byCode = new Map<string, string[]>();
  for (const f of files) parseSituations(f.text, f.name, byCode);
  let count = 0;
  for (const v of byCode.values()) count += v.length;
  return { byCode, hash, count };
}
