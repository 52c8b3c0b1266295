import type { FormRegistry } from '../../knowledge/index.js';
import type { AddressAdvisor } from './address.js';

/**
 * What the form-filling rules read besides the session itself: the forms' data
 * definitions (fields, roles, options) and the advisor that maps a pre-2025 address to
 * today's units (absent when the admin-unit data could not be loaded).
 */
export interface FormContext {
  forms: FormRegistry;
  addresses: AddressAdvisor | undefined;
  /**
   * Restore the diacritics of a personal name typed without any ("Pham Van Duc" → "Phạm Văn
   * Đức", read back when a guess). Off: the name is kept as typed, in title case.
   */
  restoreNames?: boolean;
}
