import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const SECRET_FILE = 'directline.secret';

/**
 * The Direct Line secret: the configured one, or (local use) one generated on first start
 * and kept under DATA_DIR with mode 0600 so restarts keep issued tokens valid.
 * `generated` tells the caller to log where it is (never the value).
 */
export function loadOrCreateSecret(
  configured: string | undefined,
  dataDir: string,
): { secret: string; source: 'config' | 'file' | 'generated'; file?: string } {
  if (configured) return { secret: configured, source: 'config' };
  const file = path.join(dataDir, SECRET_FILE);
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 16) return { secret: existing, source: 'file', file };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = crypto.randomBytes(32).toString('base64url');
  // 'wx' so two processes starting together cannot overwrite each other's secret.
  try {
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateSecret(undefined, dataDir);
    throw err;
  }
  fs.chmodSync(file, 0o600);
  return { secret, source: 'generated', file };
}
