/**
 * Port: the one sealed box for personal data at rest (Law 91/2025/QH15). `storage/crypto.ts`
 * implements it with AES-256-GCM (random IV per message, full 16-byte tag) and HKDF-derived
 * sub-keys; everything that stores or carries personal data takes a `SealedBox`.
 */
export interface SealedBox {
  /**
   * Encrypts `plaintext`. `binding` (associated data, not stored) names where the value
   * belongs, e.g. `cases/HN-…/summary`: the value opens only with the same binding, so a
   * ciphertext copied into another row or field fails. No binding is the empty binding.
   */
  seal(plaintext: string, binding?: string): string;
  /** Decrypts; throws `AppError('internal:decrypt')` when the key, binding or data are wrong. */
  open(sealed: string, binding?: string): string;
  /** Keyed hash (hex) for lookups: equal inputs give equal outputs, nothing else leaks. */
  lookupHash(value: string): string;
  /**
   * A box with its own encryption and lookup keys derived for `purpose` (e.g.
   * `directline-transcript`): a key for one kind of record opens no other kind. The same
   * purpose always gives the same keys.
   */
  forPurpose(purpose: string): SealedBox;
}
