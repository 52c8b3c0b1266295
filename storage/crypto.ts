import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../knowledge/index.js';

/**
 * Encryption at rest for personal data (Law 91/2025/QH15): AES-256-GCM with a random
 * 96-bit IV per message, authenticated additional data binding a ciphertext to its row,
 * and HMAC-SHA256 for looking rows up without storing channel user ids in clear.
 * Sub-keys are derived with HKDF so the one configured key never serves two purposes.
 */

const KEY_FILE = 'profile.key';
const VERSION = 'v1';

/** Parses a 32-byte key given as 64 hex characters or base64/base64url. */
export function parseKey(text: string): Buffer {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  const b = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (b.length === 32) return b;
  throw new AppError(
    'internal:profile_key',
    'PROFILE_ENCRYPTION_KEY must be 32 bytes, given as 64 hex characters or base64 (e.g. `openssl rand -base64 32`)',
  );
}

/**
 * Returns the profile key: the configured one, or the key file `DATA_DIR/profile.key`
 * (created with mode 0600 on first use; an existing file with looser permissions is
 * tightened). Losing the file makes stored profiles unreadable, which is the intended
 * failure mode for personal data.
 */
export function loadOrCreateProfileKey(opts: { configuredKey?: string; dataDir: string }): Buffer {
  if (opts.configuredKey) return parseKey(opts.configuredKey);
  const file = path.join(opts.dataDir, KEY_FILE);
  try {
    const text = fs.readFileSync(file, 'utf8');
    if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
    return parseKey(text);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const key = crypto.randomBytes(32);
  try {
    fs.writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another process created it between our read and write: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateProfileKey(opts);
    throw err;
  }
  return key;
}

/** Seals and opens small secrets (JSON) and computes lookup hashes. */
export interface SecretBox {
  /** Encrypts; `aad` must be given again to open. Output: `v1.<iv>.<tag>.<ciphertext>` (base64url). */
  seal(plaintext: string, aad?: string): string;
  /** Decrypts; throws `AppError('internal:decrypt')` when the key, aad or data are wrong. */
  open(sealed: string, aad?: string): string;
  /** Keyed hash (hex) for lookups: equal inputs give equal outputs, nothing else leaks. */
  lookupHash(value: string): string;
}

export function createSecretBox(masterKey: Buffer): SecretBox {
  if (masterKey.length !== 32) throw new AppError('internal:profile_key', 'encryption key must be 32 bytes');
  const derive = (info: string) => Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), info, 32));
  const encKey = derive('tro-ly-tthc/profile/enc');
  const macKey = derive('tro-ly-tthc/profile/lookup');
  return {
    seal(plaintext, aad = '') {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', encKey, iv);
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv.toString('base64url'), tag.toString('base64url'), ct.toString('base64url')].join('.');
    },
    open(sealed, aad = '') {
      const [v, iv, tag, ct] = sealed.split('.');
      if (v !== VERSION || !iv || !tag || ct === undefined) {
        throw new AppError('internal:decrypt', 'sealed value has an unknown format');
      }
      try {
        const decipher = crypto.createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(aad, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
      } catch (cause) {
        throw new AppError('internal:decrypt', 'cannot decrypt: wrong key or tampered data', { cause });
      }
    },
    lookupHash(value) {
      return crypto.createHmac('sha256', macKey).update(value, 'utf8').digest('hex');
    },
  };
}
