import type { Procedure } from '../knowledge/index.js';
import { foldDiacritics, normalizeVi } from './text.js';
import type { SearchFilters } from './types.js';

/** "TP Hà Nội", "Thành phố Hà Nội", "ha noi" → "ha noi": how provinces are compared. */
export function provinceKey(name: string): string {
  return foldDiacritics(normalizeVi(name))
    .replace(/^(thanh pho|tp\.?|tinh)\s+/, '')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .trim();
}

const folded = (s: string): string => foldDiacritics(normalizeVi(s));

/**
 * The one meaning of `SearchFilters` (the retriever, the officer lookup and test fakes
 * share it): levels and scope exact, field and agency as folded substrings, province by
 * `provinceKey`. Returns undefined when there is nothing to filter.
 */
export function procedureMatcher(filters?: SearchFilters): ((p: Procedure) => boolean) | undefined {
  if (!filters) return undefined;
  const prov = filters.province ? provinceKey(filters.province) : undefined;
  const field = filters.field ? folded(filters.field) : undefined;
  const agency = filters.agency ? folded(filters.agency) : undefined;
  return (p) => {
    if (filters.levels?.length && !p.levels.some((l) => filters.levels!.includes(l))) return false;
    if (filters.scope && p.scope !== filters.scope) return false;
    if (filters.detailedOnly && p.detailLevel !== 'full') return false;
    if (prov && (!p.province || provinceKey(p.province) !== prov)) return false;
    if (field && !p.fields.some((f) => folded(f).includes(field))) return false;
    if (agency && !p.agencies.some((a) => folded(a).includes(agency))) return false;
    return true;
  };
}
