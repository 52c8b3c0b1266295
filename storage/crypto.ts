import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../knowledge/index.js';
import type { SealedBox } from '../bot/ports/index.js';

/**
 * Encryption at rest for personal data (Law 91/2025/QH15): AES-256-GCM with a random
 * 96-bit IV per message, authenticated additional data binding a ciphertext to its row,
 * and HMAC-SHA256 for looking rows up without storing channel user ids in clear.
 * Sub-keys are derived with HKDF so the one configured key never serves two purposes.
 */

const KEY_FILE = 'profile.key';
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

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

/** Key file chosen per data directory by the first caller that knew it (see below). */
const keyFileByDataDir = new Map<string, string>();

/**
 * Returns the profile key: the configured one, or the key file `keyFile` (created with
 * mode 0600 on first use; an existing file with looser permissions is tightened). The
 * default location (config `PROFILE_KEY_FILE`) is outside DATA_DIR, so a copy of the
 * database does not carry the key that opens it; a key left by an older version at
 * `DATA_DIR/profile.key` is moved there on first start. Callers that pass only `dataDir`
 * get the file the composition root chose for that directory. Losing the file makes stored
 * personal data unreadable, which is the intended failure mode.
 */
export function loadOrCreateProfileKey(opts: { configuredKey?: string; dataDir: string; keyFile?: string }): Buffer {
  if (opts.configuredKey) return parseKey(opts.configuredKey);
  const dataDir = path.resolve(opts.dataDir);
  const legacy = path.join(dataDir, KEY_FILE);
  const file = opts.keyFile ? path.resolve(opts.keyFile) : (keyFileByDataDir.get(dataDir) ?? legacy);
  if (opts.keyFile) keyFileByDataDir.set(dataDir, file);
  if (file !== legacy) moveLegacyKey(legacy, file);
  try {
    const text = fs.readFileSync(file, 'utf8');
    if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
    return parseKey(text);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = crypto.randomBytes(32);
  try {
    fs.writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another process created it between our read and write: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateProfileKey({ ...opts, keyFile: file });
    throw err;
  }
  return key;
}

/** Moves an old `DATA_DIR/profile.key` to the new location, never overwriting a key. */
function moveLegacyKey(legacy: string, file: string): void {
  if (!fs.existsSync(legacy) || fs.existsSync(file)) return;
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, fs.readFileSync(legacy), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  // Remove the old copy only once the new one reads back identical.
  if (fs.readFileSync(file, 'utf8').trim() === fs.readFileSync(legacy, 'utf8').trim()) fs.rmSync(legacy);
}

export type { SealedBox };


/**
 * The sealed box over the configured master key. Its own keys serve personal profiles
 * (`tro-ly-tthc/profile/…`, as since the first version); `forPurpose(p)` derives
 * `tro-ly-tthc/purpose/<p>/…`, and a purpose box's `forPurpose(q)` derives
 * `tro-ly-tthc/purpose/<p>/<q>/…`. Derived boxes are cached, so asking twice is free.
 */
export function createSealedBox(masterKey: Buffer): SealedBox {
  if (masterKey.length !== 32) throw new AppError('internal:profile_key', 'encryption key must be 32 bytes');
  const derive = (info: string) => Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), info, 32));
  const boxes = new Map<string, SealedBox>();
  const purposeBox = (purpose: string): SealedBox => {
    let box = boxes.get(purpose);
    if (!box) {
      const base = `tro-ly-tthc/purpose/${purpose}`;
      box = boxWith(derive(`${base}/enc`), derive(`${base}/lookup`), (sub) => purposeBox(`${purpose}/${sub}`));
      boxes.set(purpose, box);
    }
    return box;
  };
  return boxWith(derive('tro-ly-tthc/profile/enc'), derive('tro-ly-tthc/profile/lookup'), purposeBox);
}


function boxWith(encKey: Buffer, macKey: Buffer, forPurpose: (purpose: string) => SealedBox): SealedBox {
  return {
    forPurpose,
    seal(plaintext, aad = '') {
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', encKey, iv, { authTagLength: TAG_BYTES });
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
      const ivBytes = Buffer.from(iv, 'base64url');
      const tagBytes = Buffer.from(tag, 'base64url');
      // GCM accepts tags as short as 4 bytes unless told otherwise; a truncated tag makes
      // forgery far easier, so anything but the full 16 bytes is refused.
      if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) {
        throw new AppError('internal:decrypt', 'sealed value has a wrong IV or tag length');
      }
      try {
        const decipher = crypto.createDecipheriv('aes-256-gcm', encKey, ivBytes, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(aad, 'utf8'));
        decipher.setAuthTag(tagBytes);
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

