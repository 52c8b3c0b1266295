import { appendFileSync, cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadCatalogue } from '../../knowledge/index.js';
import { run } from './knowledge-import.js';

const FIXTURE = fileURLToPath(new URL('../../knowledge/importers/testing/sources/catalogue', import.meta.url));
const temps: string[] = [];

function sourceDir(): { source: string; out: string } {
  const root = mkdtempSync(join(tmpdir(), 'tthc-cli-import-'));
  temps.push(root);
  cpSync(FIXTURE, join(root, 'src', 'catalogue'), { recursive: true });
  return { source: join(root, 'src'), out: join(root, 'out') };
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  return { out, err };
}

afterEach(() => {
  vi.restoreAllMocks();
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('knowledge:import', () => {
  it('writes the data and reports counts, coverage and skipped records', async () => {
    const { source, out } = sourceDir();
    appendFileSync(join(source, 'catalogue', 'portal-crawl-2026-06.jsonl'), JSON.stringify({ ma_thu_tuc: 'X-1', ten_thu_tuc: 'lỗi' }) + '\n');
    const io = capture();
    expect(await run(['--source', source, '--out', out])).toBe(0);
    const report = io.out.join('');
    expect(report).toMatch(/portal-index +5 records, +0 rejected/);
    expect(report).toMatch(/portal-crawl +3 records, +1 rejected/);
    expect(report).toContain('Merged procedures:   5 (full detail 4, index only 1)');
    expect(report).toMatch(/With documents: +4 /);
    expect(report).toMatch(/portal-crawl +X-1 +invalid procedure code "X-1"/);
    expect(io.err.join('')).toMatch(/merging: 5/);
    const catalogue = await loadCatalogue(join(out, 'catalogue.jsonl.gz'));
    expect(catalogue.size).toBe(5);
    expect(existsSync(join(out, 'admin-units.json.gz'))).toBe(false);
  });

  it('exits non-zero with file and line on a malformed file', async () => {
    const { source, out } = sourceDir();
    appendFileSync(join(source, 'catalogue', 'portal-index-2026-07.jsonl'), 'garbage without a code\n');
    const io = capture();
    expect(await run(['--source', source, '--out', out])).toBe(1);
    expect(io.err.join('')).toMatch(/Import aborted: .*portal-index-2026-07\.jsonl:6: line 6 is not valid JSON/);
    expect(existsSync(join(out, 'catalogue.jsonl.gz'))).toBe(false);
  });

  it.each([
    [['--source', '/nonexistent-tthc-source'], 1, /Source folder not found/],
    [['--bogus'], 2, /Unknown argument "--bogus"/],
    [['--source'], 2, /--source needs a value/],
  ])('run(%j) exits %i', async (args, code, message) => {
    const io = capture();
    expect(await run(args)).toBe(code);
    expect(io.err.join('')).toMatch(message);
  });
});
