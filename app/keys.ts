import crypto from 'node:crypto';
import { loadOrCreateSecret, secretFingerprint } from '../channels/directline/index.js';
import type { SealedBox } from '../storage/crypto.js';
import { createSealedBox, loadOrCreateFileLinkKey, loadOrCreateProfileKey } from '../storage/index.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

/**
 * The process's keys, each loaded (or, on a first local start, generated under DATA_DIR)
 * exactly once by the composition root and handed to the parts that seal or sign with them.
 */
export interface Keys {
  /** Personal data at rest: every store seals with its own purpose sub-key (`forPurpose`). */
  secrets: SealedBox;
  /** HMAC key of the signed, conversation-bound file links (`/files/:id`). */
  fileLinkKey: Buffer;
}

/**
 * Loads the personal-data key (PROFILE_ENCRYPTION_KEY or the key file) and the file-link key.
 *
 * The file-link key: one process keeps its own under DATA_DIR. Under DATABASE_URL several
 * processes behind one load balancer must sign and check links alike (a link one gives, the
 * download request may reach another), and they already share the personal-data key, so the
 * link key is derived from it (HKDF-SHA256, its own info string: knowing a link key tells
 * nothing of the data key).
 */
export function loadKeys(config: Config): Keys {
  const profileKey = loadOrCreateProfileKey({ configuredKey: config.profileEncryptionKey, dataDir: config.dataDir, keyFile: config.profileKeyFile });
  return {
    secrets: createSealedBox(profileKey),
    fileLinkKey: config.databaseUrl ? sharedFileLinkKey(profileKey) : loadOrCreateFileLinkKey(config.dataDir),
  };
}

/** The file-link key every process of one city deployment derives from the shared data key. */
export function sharedFileLinkKey(profileKey: Buffer): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', profileKey, Buffer.alloc(0), 'tro-ly-tthc/file-links/v1', 32));
}

/**
 * The Direct Line secret (DIRECT_LINE_SECRET, or one kept under DATA_DIR for local use).
 * Only a process that serves HTTP needs it, so the terminal and the evals never create one.
 * Logs where it came from with its fingerprint, never the value.
 */
export function loadDirectLineSecret(config: Config, logger: Logger): string {
  const loaded = loadOrCreateSecret(config.directLine.secret, config.dataDir);
  const fingerprint = secretFingerprint(loaded.secret);
  if (loaded.source === 'generated') logger.info({ file: loaded.file, fingerprint }, 'generated a Direct Line secret (local use)');
  else logger.info({ source: loaded.source, fingerprint }, 'Direct Line secret loaded');
  return loaded.secret;
}
