import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAdminUnits } from '../admin-units.js';
import { importAdminUnits } from './admin-units.js';

/** A two-unit slice of the real dvhcvn files (Hà Nội: Phường Ba Đình, Phường Hồng Hà). */
const merges = {
  data: [
    {
      level1_id: '01',
      name: 'Thành phố Hà Nội',
      merges: [{ old_id: '01', name: 'Thành phố Hà Nội', type: 'full' }],
      level2s: [
        { level2_id: '00004', name: 'Phường Ba Đình', merges: [{ old_id: '00004', name: 'Phường Trúc Bạch', type: 'full' }] },
        { level2_id: '00097', name: 'Phường Hồng Hà', merges: [{ old_id: '00001', name: 'Phường Phúc Xá', type: 'full' }] },
      ],
    },
  ],
};
const splits = {
  data: [
    {
      level1_id: '01',
      name: 'Thành phố Hà Nội',
      splits: [{ new_id: '01', name: 'Thành phố Hà Nội' }],
      level3s: [
        { level3_id: '00001', name: 'Phường Phúc Xá', splits: [{ new_id: '00097', name: 'Phường Hồng Hà' }] },
        { level3_id: '00004', name: 'Phường Trúc Bạch', splits: [{ new_id: '00004', name: 'Phường Ba Đình' }] },
      ],
    },
  ],
};
const hanoi = { province_code: '01', count: 2, wards: [{ code: '00004', name: 'Phường Ba Đình' }, { code: '00097', name: 'Phường Hồng Hà' }] };

const temps: string[] = [];
function source(files: Record<string, unknown>): { sourceDir: string; outDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'tthc-units-'));
  temps.push(root);
  const dir = join(root, 'admin-units', 'dvhcvn-20250701');
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  return { sourceDir: join(root, 'admin-units'), outDir: join(root, 'out') };
}
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('importAdminUnits', () => {
  it('writes compact data and the licence, and the loader reads it back', async () => {
    const dirs = source({ 'merges.json': merges, 'splits.json': splits, 'hanoi-126-wards.json': hanoi, LICENSE: 'MIT License\n' });
    const result = importAdminUnits(dirs);
    expect(result).toMatchObject({ provinces: 1, communes: 2, oldUnits: 2, hanoiWards: 2 });
    expect(readFileSync(join(dirs.outDir, 'ADMIN-UNITS-LICENSE'), 'utf8')).toBe('MIT License\n');
    const units = await loadAdminUnits(result.file, { verify: 'schema' });
    expect(units.effectiveDate).toBe('2025-07-01');
    expect(units.fromOldName('phuc xa')[0]!.current.map((u) => u.name)).toEqual(['Phường Hồng Hà']);
  });

  it.each([
    [{ 'merges.json': merges, 'splits.json': splits, 'hanoi-126-wards.json': { ...hanoi, count: 126 }, LICENSE: 'x' }, /hanoi-126-wards\.json: does not agree with merges\.json/],
    [{ 'merges.json': merges, 'hanoi-126-wards.json': hanoi, LICENSE: 'x' }, /splits\.json: missing file/],
    [{ 'merges.json': '{"data": [', 'splits.json': splits, 'hanoi-126-wards.json': hanoi, LICENSE: 'x' }, /merges\.json: not valid JSON/],
    [{ 'merges.json': merges, 'splits.json': splits, 'hanoi-126-wards.json': hanoi }, /LICENSE: missing licence file/],
  ])('aborts with the file named %#', (files, message) => {
    expect(() => importAdminUnits(source(files))).toThrow(message);
  });
});
