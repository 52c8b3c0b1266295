import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './sqlite.js';
import { randomBytes } from 'node:crypto';
import { createSealedBox } from './crypto.js';
import { SqliteStorage } from './sqlite-storage.js';

const cipher = createSealedBox(randomBytes(32)).forPurpose('bot-state');

let dir: string;
let db: Db;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tthc-storage-'));
  db = openDatabase(path.join(dir, 'tthc.sqlite'));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('SqliteStorage (Agents SDK Storage)', () => {
  it('reads back what it wrote, with a fresh eTag per write, and omits missing keys', async () => {
    const s = new SqliteStorage(db, { cipher });
    await s.write({ a: { n: 1, nested: { v: 'đăng ký' } } });
    const first = await s.read(['a', 'missing']);
    expect(Object.keys(first)).toEqual(['a']);
    expect(first.a).toMatchObject({ n: 1, nested: { v: 'đăng ký' } });
    expect(typeof first.a.eTag).toBe('string');
    await s.write({ a: { ...first.a, n: 2 } });
    const second = await s.read(['a']);
    expect(second.a.n).toBe(2);
    expect(second.a.eTag).not.toBe(first.a.eTag);
  });

  it('rejects a write with a stale eTag and changes nothing (optimistic concurrency)', async () => {
    const s = new SqliteStorage(db, { cipher });
    await s.write({ a: { n: 1 }, b: { n: 1 } });
    const { a: stale } = await s.read(['a']);
    const { a: fresh } = await s.read(['a']);
    await s.write({ a: { ...fresh, n: 2 } });
    await expect(s.write({ b: { n: 9, eTag: '*' }, a: { ...stale, n: 3 } })).rejects.toMatchObject({ code: 'conflict:storage_etag' });
    const after = await s.read(['a', 'b']);
    expect(after.a.n).toBe(2);
    expect(after.b.n).toBe(1);
  });

  it("overwrites with '*' or without an eTag", async () => {
    const s = new SqliteStorage(db, { cipher });
    await s.write({ a: { n: 1 } });
    await s.write({ a: { n: 2, eTag: '*' } });
    expect((await s.read(['a'])).a.n).toBe(2);
    await s.write({ a: { n: 3 } });
    expect((await s.read(['a'])).a.n).toBe(3);
  });

  it('deletes keys and persists across instances over the same file', async () => {
    const s = new SqliteStorage(db, { cipher });
    await s.write({ a: { n: 1 }, b: { n: 2 } });
    await s.delete(['a']);
    db.close();
    db = openDatabase(path.join(dir, 'tthc.sqlite'));
    const s2 = new SqliteStorage(db, { cipher });
    expect(await s2.read(['a', 'b'])).toEqual({ b: { n: 2, eTag: expect.any(String) } });
  });

  it('refuses empty reads and writes with a precise error', async () => {
    const s = new SqliteStorage(db, { cipher });
    await expect(s.read([])).rejects.toMatchObject({ code: 'bad_request:storage_read' });
    await expect(s.write({})).rejects.toMatchObject({ code: 'bad_request:storage_write' });
  });
});

describe('bot state at rest', () => {
  it('is sealed per key, erased per conversation and user, and purged when abandoned', async () => {
    const db = openDatabase(':memory:');
    let now = new Date('2026-11-30T02:00:00Z');
    const s = new SqliteStorage(db, { cipher, clock: () => now });
    await s.write({
      'directline/conversations/c1/tthc': { form: { idNumber: '001090012345' } },
      'directline/users/u1/tthc': { name: 'Nguyễn Văn A' },
      'directline/conversations/c10/tthc': { form: { idNumber: '001090099999' } },
    });
    const raw = JSON.stringify(db.prepare('SELECT * FROM bot_state').all());
    expect(raw).not.toContain('001090012345');
    expect(raw).not.toContain('Nguyễn');
    // A sealed value moved under another key does not open.
    db.prepare("UPDATE bot_state SET data = (SELECT data FROM bot_state WHERE key = 'directline/conversations/c10/tthc') WHERE key = 'directline/conversations/c1/tthc'").run();
    await expect(s.read(['directline/conversations/c1/tthc'])).rejects.toThrow();
    expect(await s.eraseSubject({ channelId: 'directline', conversationId: 'c1', userId: 'u1' })).toBe(2);
    expect(Object.keys(await s.read(['directline/conversations/c10/tthc']))).toEqual(['directline/conversations/c10/tthc']);
    now = new Date('2026-12-31T02:00:00Z');
    expect(await s.purgeInactiveBefore(new Date('2026-12-01T00:00:00Z'))).toBe(1);
    db.close();
  });
});
