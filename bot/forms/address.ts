import { foldSameLength } from '../../knowledge/text/index.js';
import type { AdminUnits } from '../../knowledge/index.js';
import { tidy } from './vi-text.js';

/**
 * Addresses after the 1 July 2025 reform: districts are gone and many wards merged. An
 * address typed the old way ("phường Phúc Xá, quận Ba Đình, Hà Nội") gets the new ward
 * suggested ("Phường Hồng Hà, Thành phố Hà Nội"); the citizen confirms or keeps theirs.
 */

export interface AddressSuggestion {
  /** Full addresses in the new form, best first (several when the old ward was split). */
  options: string[];
  /** The old unit that triggered the suggestion ("phường Phúc Xá"). */
  formerUnit: string;
}

export interface AddressAdvisor {
  suggest(address: string): AddressSuggestion | undefined;
}

/** The lookups used from the catalogue part's `AdminUnits`. */
export type AdminUnitLookups = Pick<AdminUnits, 'fromOldName' | 'findUnit' | 'findProvince'>;

const OLD_DISTRICT = /^(quan|huyen|thi xa|tx|q|h)\s+\S/;
const COMMUNE = /^(phuong|xa|thi tran|p|tt)\s+\S/;

export function createAddressAdvisor(units: AdminUnitLookups): AddressAdvisor {
  return {
    suggest(address) {
      const parts = tidy(address)
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      if (parts.length < 2) return undefined;
      const folded = parts.map((p) => foldSameLength(p).replace(/\./g, ' ').replace(/\s+/g, ' '));
      const districtAt = folded.findIndex((p) => OLD_DISTRICT.test(p));
      const communeAt = folded.findIndex((p) => COMMUNE.test(p));
      if (communeAt < 0) return undefined;
      const provinceText = parts[parts.length - 1]!;
      const province = units.findProvince(provinceText) ? provinceText : undefined;
      const commune = parts[communeAt]!;
      // A ward that exists today, in an address without an old district, is already current.
      if (districtAt < 0 && units.findUnit(commune, { province }).length > 0) return undefined;
      const matches = units.fromOldName(commune, { province: province ?? provinceText }).filter((m) => m.former.level === 'commune');
      const current = matches.flatMap((m) => m.current);
      if (current.length === 0) return undefined;
      const street = parts.slice(0, communeAt);
      const options = [...new Map(current.map((u) => [u.code, u])).values()]
        .slice(0, 4)
        .map((u) => [...street, u.name, u.province.name].join(', '));
      if (options.length === 1 && foldSameLength(options[0]!) === foldSameLength(parts.join(', '))) return undefined;
      return { options, formerUnit: commune };
    },
  };
}
