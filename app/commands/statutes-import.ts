import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { formatImportReport, importStatutes, isAppError, metaOf, toJsonl } from '../../knowledge/statutes/cli.js';

/**
 * `npm run tthc -- statutes:import [--source DIR] [--out DIR]`: rebuild the committed
 * statutes (knowledge/statutes/data) and REPORT.md from the raw public copies under
 * `../shared/data/statutes`. Exit codes: 0 ok, 1 missing or malformed source, 2 bad arguments.
 */

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function run(argv: string[]): Promise<number> {
  let source = resolve(REPO_ROOT, '../shared/data/statutes');
  let out = join(REPO_ROOT, 'knowledge/statutes');
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = argv[i + 1];
    if ((a === '--source' || a === '--out') && v && !v.startsWith('--')) {
      if (a === '--source') source = resolve(v);
      else out = resolve(v);
      i++;
    } else {
      process.stderr.write(`Unknown argument "${a}". Usage: statutes:import [--source DIR] [--out DIR]\n`);
      return 2;
    }
  }
  try {
    const { articles, report } = await importStatutes(source);
    const importedAt = new Date().toISOString();
    const jsonl = toJsonl(articles);
    await mkdir(join(out, 'data'), { recursive: true });
    // mtime 0 and no file name in the gzip header: the same data gives the same bytes.
    await writeFile(join(out, 'data', 'articles.jsonl.gz'), gzipSync(jsonl, { level: 9 }));
    await writeFile(join(out, 'data', 'meta.json'), `${JSON.stringify(metaOf(jsonl, report, importedAt), null, 2)}\n`);
    const md = formatImportReport(report, importedAt);
    await writeFile(join(out, 'REPORT.md'), md);
    process.stdout.write(md);
    return 0;
  } catch (err) {
    process.stderr.write(`${isAppError(err) ? err.message : String(err)}\n`);
    return 1;
  }
}
