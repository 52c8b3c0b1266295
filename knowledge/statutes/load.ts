import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { AppError } from '../errors.js';
import { contentHash } from './import.js';
import { statutesMetaSchema, type Article } from './schema.js';

const gunzipAsync = promisify(gunzip);

/** The committed statutes data (written by `statutes:import`). */
export const DEFAULT_STATUTES_FILE = fileURLToPath(new URL('./data/articles.jsonl.gz', import.meta.url));
export const DEFAULT_STATUTES_META = fileURLToPath(new URL('./data/meta.json', import.meta.url));

export interface Statutes {
  articles: readonly Article[];
  /** `sha256:` of the decompressed data; indexes built from other data are stale. */
  contentHash: string;
  get(id: string): Article | undefined;
}

/**
 * Reads the committed articles. Records were validated with zod when imported; here only
 * the SHA-256 of the data is checked against the meta file.
 */
export async function loadStatutes(file = DEFAULT_STATUTES_FILE, metaFile = file === DEFAULT_STATUTES_FILE ? DEFAULT_STATUTES_META : file.replace(/articles\.jsonl\.gz$/, 'meta.json')): Promise<Statutes> {
  let text: string;
  let metaText: string;
  try {
    [text, metaText] = await Promise.all([gunzipAsync(await readFile(file)).then((b) => b.toString('utf8')), readFile(metaFile, 'utf8')]);
  } catch (err) {
    throw new AppError('not_found:statutes', `${file}: cannot read the statutes data (run \`npm run tthc -- statutes:import\`)`, { cause: err });
  }
  const meta = statutesMetaSchema.parse(JSON.parse(metaText));
  const hash = contentHash(text);
  if (hash !== meta.contentHash) {
    throw new AppError('internal:statutes_hash', `${file}: content hash ${hash} does not match ${metaFile} (${meta.contentHash}); re-run statutes:import`);
  }
  const articles = text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Article);
  const byId = new Map(articles.map((a) => [a.id, a]));
  return { articles, contentHash: hash, get: (id) => byId.get(id) };
}
