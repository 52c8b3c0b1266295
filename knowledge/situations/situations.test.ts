import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../index.js';
import { loadSituations, parseSituations } from './index.js';

describe('situations', () => {
  it('parses code and situation per line, skipping comments, and names a bad line', () => {
    const m = parseSituations('# a comment\n1.000656\tbố tôi mất hôm qua ở nhà\n\n1.000656\tmẹ mất rồi, phải báo phường\n', 'x.tsv');
    expect(m.get('1.000656')).toEqual(['bố tôi mất hôm qua ở nhà', 'mẹ mất rồi, phải báo phường']);
    expect(() => parseSituations('1.000656 bố tôi mất\n', 'bad.tsv')).toThrow(/bad\.tsv:1/);
    expect(() => parseSituations('khai tử\tbố tôi mất hôm qua\n', 'bad.tsv')).toThrow(/bad\.tsv:1/);
  });

  it('hashes the files so an edit rebuilds the index', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'situations-'));
    await writeFile(path.join(dir, 'a.tsv'), '1.000656\tbố tôi mất hôm qua ở nhà\n');
    const one = await loadSituations(dir);
    await writeFile(path.join(dir, 'a.tsv'), '1.000656\tbố tôi mất hôm qua ở nhà rồi\n');
    const two = await loadSituations(dir);
    expect(one.count).toBe(1);
    expect(one.hash).not.toBe(two.hash);
  });

  it('every committed situation names a procedure of the catalogue', async () => {
    const [situations, catalogue] = await Promise.all([loadSituations(), loadCatalogue()]);
    const unknown = [...situations.byCode.keys()].filter((c) => !catalogue.get(c));
    expect(unknown).toEqual([]);
  });
});
