import { createHash } from 'node:crypto';
import { safeEqual } from '../http/safe-equal.js';

/**
 * Zalo's webhook signature: plain SHA-256 (not HMAC) over app id + raw body + the body's
 * `timestamp` field + the OA secret key, hex encoded and sent as `mac=<hex>`.
 * The raw bytes matter: re-serialised JSON would not match.
 */
export function computeZaloSignature(appId: string, rawBody: Buffer | string, timestamp: string, oaSecretKey: string): string {
  const hash = createHash('sha256');
  hash.update(appId, 'utf8');
  hash.update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody);
  hash.update(timestamp, 'utf8');
  hash.update(oaSecretKey, 'utf8');
  return hash.digest('hex');
}

/** Header value Zalo sends in `x-zevent-signature`. */
export function signatureHeader(appId: string, rawBody: Buffer | string, timestamp: string, oaSecretKey: string): string {
  return `mac=${computeZaloSignature(appId, rawBody, timestamp, oaSecretKey)}`;
}

/** Constant-time check of an `x-zevent-signature` header; false for any malformed value. */
export function verifyZaloSignature(
  header: string | undefined,
  appId: string,
  rawBody: Buffer,
  timestamp: string,
  oaSecretKey: string,
): boolean {
  if (!header) return false;
  const given = header.trim().replace(/^mac=/i, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = computeZaloSignature(appId, rawBody, timestamp, oaSecretKey);
  return safeEqual(given, expected);
}
