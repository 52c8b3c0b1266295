import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSealedBox } from './crypto.js';
import { SqliteFileStore } from './file-store.js';
import { openDatabase, type Db } from './sqlite.js';

const ID_NUMBER = '001090012345';
let dirs: string[] = [];
let dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs) db.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  dirs = [];
  dbs = [];
});

function open(): { file: string; db: Db } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tthc-files-'));
  dirs.push(dir);
  const file = path.join(dir, 'tthc.sqlite');
  const db = openDatabase(file);
  dbs.push(db);
  return { file, db };
}

describe('SqliteFileStore at rest', () => {
  it('seals file bytes with the cipher: the database never holds the plain ID number', async () => {
    const { file, db } = open();
    const store = new SqliteFileStore({ db, signingKey: crypto.randomBytes(32), cipher: createSealedBox(crypto.randomBytes(32)) });
    const json = new TextEncoder().encode(JSON.stringify({ so_dinh_danh: ID_NUMBER, ho_ten: 'Nguyễn Văn An' }));
    const ref = await store.put({ conversationId: 'c1', name: 'to-khai.json', contentType: 'application/json', bytes: json });

    const back = await store.get(ref.fileId!);
    expect(new TextDecoder().decode(back!.bytes)).toContain(ID_NUMBER);

    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(fs.readFileSync(file).includes(Buffer.from(ID_NUMBER))).toBe(false);
  });

  it('refuses to hand out sealed bytes under another key, and reads rows stored before sealing as they are', async () => {
    const { db } = open();
    const sealed = new SqliteFileStore({ db, signingKey: crypto.randomBytes(32), cipher: createSealedBox(crypto.randomBytes(32)) });
    const ref = await sealed.put({ conversationId: 'c1', name: 'a.pdf', contentType: 'application/pdf', bytes: new Uint8Array([37, 80, 68, 70]) });
    const otherKey = new SqliteFileStore({ db, signingKey: crypto.randomBytes(32), cipher: createSealedBox(crypto.randomBytes(32)) });
    await expect(otherKey.get(ref.fileId!)).rejects.toThrow(/cannot decrypt/);
    db.prepare('INSERT INTO files (id, conversation_id, name, content_type, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)').run('old', 'c1', 'old.pdf', 'application/pdf', Buffer.from('%PDF-1.4'), '2026-01-01T00:00:00Z');
    expect(new TextDecoder().decode((await otherKey.get('old'))!.bytes)).toBe('%PDF-1.4');
  });
});
