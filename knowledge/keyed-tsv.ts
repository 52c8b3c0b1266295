import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { AppError, type ErrorCode } from './errors.js';

/**
 * Reviewers' line files keyed by an id (`knowledge/situations/*.tsv`: `<procedure code> TAB
 * <situation>`; `knowledge/statutes/questions/*.tsv`: `<DOC:ART> TAB <question>`): one reader,
 * one line format and one content hash for both.
 */

/** Every `*.tsv` in `dir`, in name order, with the SHA-256 of names and texts; a missing folder only when `optional`. */
export async function readTsvFolder(dir: string, optional = false): Promise<{ files: { name: string; text: string }[]; hash: string }> {
  const names = (await (optional ? readdir(dir).catch(() => [] as string[]) : readdir(dir))).filter((f) => f.endsWith('.tsv')).sort();
  const base = `file://${dir.endsWith('/') ? dir : `${dir}/`}`;
  const h = createHash('sha256');
  const files: { name: string; text: string }[] = [];
  for (const name of names) {
    const text = await readFile(new URL(name, base), 'utf8');
    h.update(name).update('\0').update(text).update('\0');
    files.push({ name, text });
  }
  return { files, hash: `sha256:${h.digest('hex')}` };
}

/**
 * Parses `<key> TAB <text>` lines (blank lines and `#` comments skipped) into `into`, texts NFC;
 * a line whose key fails `key` or whose text is shorter than 6 characters throws
 * `AppError(code)` naming the file and line with `expected`.
 */
export function parseKeyedTsv(
  text: string,
  file: string,
  spec: { key: RegExp; code: ErrorCode; expected: string; mapKey?: (key: string) => string },
  into = new Map<string, string[]>(),
): Map<string, string[]> {
  text.split(/\r?\n/).forEach((raw, i) => {
    const t = raw.trim();
    if (!t || t.startsWith('#')) return;
    const cols = t.split('\t').map((c) => c.trim());
    if (cols.length !== 2 || !spec.key.test(cols[0]!) || cols[1]!.length < 6) {
      throw new AppError(spec.code, `${file}:${i + 1}: expected ${spec.expected}`);
    }
    const key = spec.mapKey ? spec.mapKey(cols[0]!) : cols[0]!;
    const list = into.get(key) ?? [];
    list.push(cols[1]!.normalize('NFC'));
    into.set(key, list);
  });
  return into;
}
