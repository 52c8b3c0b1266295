import crypto from 'node:crypto';
import type { SealedBox } from '../../bot/ports/index.js';

/**
 * For tests and benchmarks only: a `SealedBox` that stores text as it is (bindings are
 * ignored, lookups are a plain SHA-256). Production code takes a real box from
 * `storage/crypto.ts`; a test passes this one explicitly, so a plaintext store can never
 * happen by default.
 */
export const FAKE_PLAINTEXT_BOX: SealedBox = {
  seal: (plaintext) => plaintext,
  open: (sealed) => sealed,
  lookupHash: (value) => crypto.createHash('sha256').update(value, 'utf8').digest('hex'),
  forPurpose: () => FAKE_PLAINTEXT_BOX,
};
