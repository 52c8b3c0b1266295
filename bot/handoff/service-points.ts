import type { ServicePoint } from './types.js';

/** The part of an administrative unit the rota needs (structural: `AdminUnit` from knowledge fits). */
export interface WardLike {
  code: string;
  name: string;
  formedFrom: ReadonlyArray<{ code: string }>;
}

/** Standard opening hours of ward public-administration service points, shown to citizens. */
export const DEFAULT_SERVICE_HOURS = 'Thứ Hai – Thứ Sáu: 8:00–11:30, 13:30–17:00';

/**
 * Service points for wards. Two wards are neighbours when they absorbed parts of the same former
 * ward in the 2025 reform: a data-backed adjacency that needs no map. `address` defaults to the
 * ward People's Committee without a street (the data has none); a coordinator sets real
 * addresses with a service-points CSV.
 */
export function servicePointsFromWards(wards: readonly WardLike[], overrides: ReadonlyMap<string, { address?: string; hours?: string }> = new Map()): ServicePoint[] {
  const byOld = new Map<string, Set<string>>();
  for (const w of wards) {
    for (const f of w.formedFrom) {
      const set = byOld.get(f.code) ?? new Set<string>();
      set.add(w.code);
      byOld.set(f.code, set);
    }
  }
  return wards.map((w) => {
    const neighbours = new Set<string>();
    for (const f of w.formedFrom) for (const other of byOld.get(f.code) ?? []) if (other !== w.code) neighbours.add(other);
    const o = overrides.get(w.code);
    return {
      code: w.code,
      name: w.name,
      address: o?.address || `Trung tâm Phục vụ hành chính công ${w.name}, Hà Nội`,
      hours: o?.hours || DEFAULT_SERVICE_HOURS,
      neighbours: [...neighbours].sort(),
    };
  });
}
