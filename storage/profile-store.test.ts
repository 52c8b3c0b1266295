import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSealedBox, loadOrCreateProfileKey, parseKey } from './crypto.js';
import { SqliteProfileStore } from './profile-store.js';
import { openDatabase, type Db } from './sqlite.js';

let dir: string;
let db: Db;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'profile-store-'));
  db = openDatabase(path.join(dir, 'tthc.sqlite'));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const subject = { channelId: 'webchat', userId: 'user-42' };
const profile = { hoTen: 'Nguyễn Văn An', soDinhDanh: '001090012345', soDienThoai: '0912345678', child: { hoTen: 'Nguyễn Minh Khôi' } };

describe('loadOrCreateProfileKey', () => {
  it('generates a 0600 key file once and reuses it', () => {
    const k1 = loadOrCreateProfileKey({ dataDir: dir });
    const file = path.join(dir, 'profile.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateProfileKey({ dataDir: dir }).equals(k1)).toBe(true);
    expect(k1.length).toBe(32);
  });

  it('prefers the configured key (hex or base64) and rejects a short one', () => {
    const hex = 'ab'.repeat(32);
    expect(loadOrCreateProfileKey({ dataDir: dir, configuredKey: hex }).toString('hex')).toBe(hex);
    expect(fs.existsSync(path.join(dir, 'profile.key'))).toBe(false);
    expect(parseKey(Buffer.alloc(32, 7).toString('base64')).equals(Buffer.alloc(32, 7))).toBe(true);
    expect(() => parseKey('short')).toThrow(/32 bytes/);
  });

  it('tightens a key file with loose permissions', () => {
    loadOrCreateProfileKey({ dataDir: dir });
    const file = path.join(dir, 'profile.key');
    fs.chmodSync(file, 0o644);
    loadOrCreateProfileKey({ dataDir: dir });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('the key file outside DATA_DIR', () => {
  it('moves a key left in DATA_DIR by an older version, and later callers with only DATA_DIR get the same key', () => {
    const legacy = loadOrCreateProfileKey({ dataDir: dir });
    const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'profile-key-'));
    const keyFile = path.join(keyDir, 'nested', 'profile.key');
    try {
      expect(loadOrCreateProfileKey({ dataDir: dir, keyFile }).equals(legacy)).toBe(true);
      expect(fs.existsSync(path.join(dir, 'profile.key'))).toBe(false);
      expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
      // A part that knows only DATA_DIR (e.g. a channel mount) opens the same data.
      expect(loadOrCreateProfileKey({ dataDir: dir }).equals(legacy)).toBe(true);
      expect(fs.existsSync(path.join(dir, 'profile.key'))).toBe(false);
    } finally {
      fs.rmSync(keyDir, { recursive: true, force: true });
    }
  });
});

describe('SqliteProfileStore', () => {
  it('round-trips a profile and deletes it', async () => {
    const store = new SqliteProfileStore(db, createSealedBox(loadOrCreateProfileKey({ dataDir: dir })));
    const now = new Date('2026-11-26T10:00:00Z');
    await store.put(subject, profile, { consentAt: now.toISOString(), now });
    expect((await store.get(subject))?.profile).toEqual(profile);
    expect(await store.get({ ...subject, userId: 'someone-else' })).toBeUndefined();
    expect(await store.delete(subject)).toBe(true);
    expect(await store.get(subject)).toBeUndefined();
    expect(await store.delete(subject)).toBe(false);
  });

  it('keeps no name, ID number, phone or user id in clear in the database files', async () => {
    const store = new SqliteProfileStore(db, createSealedBox(loadOrCreateProfileKey({ dataDir: dir })));
    const now = new Date('2026-11-26T10:00:00Z');
    await store.put(subject, profile, { consentAt: now.toISOString(), now });
    const bytes = Buffer.concat(
      fs.readdirSync(dir)
        .filter((f) => f.startsWith('tthc.sqlite'))
        .map((f) => fs.readFileSync(path.join(dir, f))),
    );
    expect(bytes.length).toBeGreaterThan(0);
    for (const secret of ['001090012345', '0912345678', 'user-42', 'Nguy']) {
      expect(bytes.includes(Buffer.from(secret, 'utf8'))).toBe(false);
    }
    // The row exists (so the check above looked at real data).
    expect(db.prepare('SELECT count(*) AS n FROM citizen_profiles').get()).toEqual({ n: 1 });
  });

  it('refuses to open a profile with another key or moved to another row', async () => {
    const store = new SqliteProfileStore(db, createSealedBox(Buffer.alloc(32, 1)));
    const now = new Date();
    await store.put(subject, profile, { consentAt: now.toISOString(), now });
    const other = new SqliteProfileStore(db, createSealedBox(Buffer.alloc(32, 2)));
    expect(await other.get(subject)).toBeUndefined(); // different lookup hash
    const box = createSealedBox(Buffer.alloc(32, 1));
    const sealed = box.seal('{"a":1}', 'row-a');
    expect(() => box.open(sealed, 'row-b')).toThrow(/cannot decrypt/);
    expect(box.open(sealed, 'row-a')).toBe('{"a":1}');
  });
});
