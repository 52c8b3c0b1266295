import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { loadAdminUnits } from './admin-units.js';
import { fold } from './text/index.js';

describe('administrative units after 1 July 2025 (committed data)', async () => {
  const units = await loadAdminUnits(undefined, { verify: 'schema' });

  it('has 34 provinces, 3,321 communes/wards and Hà Nội 126 (51 phường, 75 xã)', () => {
    expect(units.provinces()).toHaveLength(34);
    expect(units.units()).toHaveLength(3321);
    const hanoi = units.hanoiWards();
    expect(hanoi).toHaveLength(126);
    expect(hanoi.filter((w) => w.type === 'phuong')).toHaveLength(51);
    expect(hanoi.filter((w) => w.type === 'xa')).toHaveLength(75);
    expect(hanoi.find((w) => w.code === '00004')).toMatchObject({ name: 'Phường Ba Đình', type: 'phuong', baseName: 'Ba Đình' });
  });

  it.each([
    ['Phường Ba Đình', ['00004']],
    ['phường ba đình', ['00004']],
    ['phuong ba dinh', ['00004']],
    ['P. Ba Đình', ['00004']],
    ['xa soc son', ['00376']],
    ['Sóc Sơn', ['00376']],
  ])('findUnit(%j)', (name, codes) => {
    expect(units.findUnit(name, { province: 'Hà Nội' }).map((u) => u.code)).toEqual(codes);
  });

  it('finds same-named units across provinces and narrows by province (new or old name)', () => {
    const all = units.findUnit('ba dinh');
    expect(all.length).toBeGreaterThan(1);
    expect(new Set(all.map((u) => u.province.shortName)).size).toBe(all.length);
    expect(units.findUnit('ba dinh', { province: 'ha noi' }).map((u) => u.name)).toEqual(['Phường Ba Đình']);
    expect(units.findUnit('Phường Hà Giang 1', { province: 'Hà Giang' }).map((u) => u.province.name)).toEqual(['Tỉnh Tuyên Quang']);
  });

  it.each([
    ['Hà Nội', '01'],
    ['tp ho chi minh', '79'],
    ['tphcm', '79'],
    ['Tỉnh Tuyên Quang', '08'],
  ])('findProvince(%j)', (name, code) => {
    expect(units.findProvince(name)?.code).toBe(code);
  });

  it('maps an old ward to its new ward with the province', () => {
    const [m] = units.fromOldName('Phường Phúc Xá');
    expect(m).toMatchObject({ former: { code: '00001', name: 'Phường Phúc Xá', level: 'commune' }, approximate: false });
    expect(m!.current.map((u) => [u.name, u.province.name])).toEqual([['Phường Hồng Hà', 'Thành phố Hà Nội']]);
  });

  it('maps an old ward split across several new units', () => {
    const [m] = units.fromOldName('Phường Cống Vị', { province: 'Hà Nội' });
    expect(m!.current.map((u) => u.name).sort()).toEqual(['Phường Giảng Võ', 'Phường Ngọc Hà']);
  });

  it('maps an old province to the new one', () => {
    const matches = units.fromOldName('Tỉnh Hà Giang');
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({ former: { level: 'province' }, approximate: false });
    expect(matches[0]!.currentProvinces.map((p) => p.name)).toEqual(['Tỉnh Tuyên Quang']);
  });

  it('answers old districts approximately and says so', () => {
    const [district] = units.fromOldName('Quận Hoàn Kiếm');
    expect(district).toMatchObject({ former: { level: 'district' }, approximate: true });
    expect(district!.current.map((u) => u.name)).toEqual(['Phường Hoàn Kiếm']);
    const [rural] = units.fromOldName('huyen dong anh', { province: 'Hà Nội' });
    expect(rural!.approximate).toBe(true);
    expect(rural!.current.map((u) => u.name)).toContain('Xã Đông Anh');
  });

  it('returns nothing for unknown names', () => {
    expect(units.findUnit('Phường Không Có Thật')).toEqual([]);
    expect(units.fromOldName('Xã Không Có Thật')).toEqual([]);
  });

  it.each([
    ['Phường Đống Đa', 'phuong dong da'],
    ['Xã  Sóc-Sơn', 'xa soc son'],
  ])('fold(%j)', (input, folded) => {
    expect(fold(input)).toBe(folded);
  });

  it('reports a missing file clearly', async () => {
    await expect(loadAdminUnits('/nonexistent/admin-units.json.gz')).rejects.toThrow(AppError);
  });
});
