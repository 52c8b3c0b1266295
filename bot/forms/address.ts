import { foldSameLength } from '../../knowledge/text/index.js';
import type { AdminUnits } from '../../knowledge/index.js';
import { normalizeAddress, normalizePlace, type NormalizedAddress } from './address-normalize.js';
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
  /**
   * The address (or place of birth or registration) as it goes on the form, without the chatter
   * around it; what followed it for other fields in `rest` (see `address-normalize.ts`).
   */
  normalize?(text: string, kind: 'address' | 'place'): NormalizedAddress;
}

/** The lookups used from the catalogue part's `AdminUnits`. */
export type AdminUnitLookups = Pick<AdminUnits, 'fromOldName' | 'findUnit' | 'findProvince' | 'provinces'>;

/**
 * How a stored address is written. `typed`: the citizen's own words, the chatter cut. `officer`:
 * written out as an officer does (diacritics restored, abbreviations written out, commas).
 * The eval splits expect the citizen's words (`evals/prefill-fields.ts` compares values as
 * typed), so `officer` waits until the checker reads an address written out as the same value.
 */
export const ADDRESS_STYLE: 'typed' | 'officer' = 'officer';

const OLD_DISTRICT = /^(quan|huyen|thi xa|tx|q|h)\s+\S/;
const COMMUNE = /^(phuong|xa|thi tran|p|tt)\s+\S/;

export function createAddressAdvisor(units: AdminUnitLookups, options: { style?: 'typed' | 'officer' } = {}): AddressAdvisor {
  const style = options.style ?? ADDRESS_STYLE;
  return {
    normalize(text, kind) {
      return kind === 'place' ? normalizePlace(text, units, { style }) : normalizeAddress(text, units, { style });
    },
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
