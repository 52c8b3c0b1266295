import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors.js';

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
  text.split(/\r?\n/).forEach((raw, i) => {
    const t = raw.trim();
    if (!t || t.startsWith('#')) return;
    const cols = t.split('\t').map((c) => c.trim());
    if (cols.length !== 2 || !CODE.test(cols[0]!) || cols[1]!.length < 6) {
      throw new AppError('bad_request:situations', `${file}:${i + 1}: expected "<code like 1.001193> TAB <situation of at least 6 characters>"`);
    }
    const list = into.get(cols[0]!) ?? [];
    list.push(cols[1]!.normalize('NFC'));
    into.set(cols[0]!, list);
  });
  return into;
}

/** Loads every `*.tsv` in `dir` (default: this folder), in name order. */
export async function loadSituations(dir = DEFAULT_DIR): Promise<Situations> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.tsv')).sort();
  const byCode = new Map<string, string[]>();
  const h = createHash('sha256');
  for (const f of files) {
    const text = await readFile(new URL(f, `file://${dir.endsWith('/') ? dir : `${dir}/`}`), 'utf8');
    h.update(f).update('\0').update(text).update('\0');
    parseSituations(text, f, byCode);
  }
  let count = 0;
  for (const v of byCode.values()) count += v.length;
  return { byCode, hash: `sha256:${h.digest('hex')}`, count };
}
