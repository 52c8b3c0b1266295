import { describe, expect, it } from 'vitest';
import { loadAdminUnits } from '../../knowledge/index.js';
import { servicePointsFromWards } from './service-points.js';

describe('servicePointsFromWards', () => {
  it('makes neighbours of wards that share a former ward', () => {
    const sp = servicePointsFromWards([
      { code: 'A', name: 'Phường A', formedFrom: [{ code: '1' }, { code: '2' }] },
      { code: 'B', name: 'Phường B', formedFrom: [{ code: '2' }] },
      { code: 'C', name: 'Phường C', formedFrom: [{ code: '3' }] },
    ]);
    expect(sp.map((p) => [p.code, p.neighbours])).toEqual([['A', ['B']], ['B', ['A']], ['C', []]]);
  });

  it('covers Hà Nội’s 126 wards from the shipped administrative data', async () => {
    const units = await loadAdminUnits();
    const sp = servicePointsFromWards(units.hanoiWards());
    expect(sp).toHaveLength(126);
    const baDinh = sp.find((p) => p.name === 'Phường Ba Đình')!;
    const ngocHa = sp.find((p) => p.name === 'Phường Ngọc Hà')!;
    expect(baDinh.neighbours).toContain(ngocHa.code);
    expect(sp.filter((p) => p.neighbours.length > 0).length).toBeGreaterThan(60);
  });
});
