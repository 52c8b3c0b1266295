import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The project's one constant-time comparison of secrets given as strings (session and CSRF
 * tokens, admin keys). Both sides are hashed first: the time does not depend on where they
 * differ or on their lengths, and `timingSafeEqual` never throws on unequal lengths.
 */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}
