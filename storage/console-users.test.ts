import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteConsoleSessions, SESSION_IDLE_MS } from './console-sessions.js';
import { SqliteConsoleUsers, hashPassword, verifyPassword } from './console-users.js';
import { openDatabase, type Db } from './sqlite.js';

let db: Db;
let t: number;
const now = () => new Date(t);

beforeEach(() => {
  db = openDatabase(':memory:');
  t = Date.parse('2026-11-30T02:00:00Z');
});
afterEach(() => db.close());

describe('console passwords', () => {
  it('hashes with scrypt and a random salt; verifies only the right password', async () => {
    const a = await hashPassword('mật khẩu dài 123');
    const b = await hashPassword('mật khẩu dài 123');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('mật khẩu dài 123', a)).toBe(true);
    expect(await verifyPassword('mật khẩu dài 124', a)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });

  it('rejects short passwords and lawyer accounts without a rota lawyer', async () => {
    const users = new SqliteConsoleUsers(db, { now });
    await expect(users.create({ username: 'ab1', password: 'ngan', role: 'admin' })).rejects.toMatchObject({ code: 'bad_request:console_password' });
    await expect(users.create({ username: 'ls1', password: 'du-dai-roi-1', role: 'lawyer' })).rejects.toMatchObject({ code: 'bad_request:console_lawyer' });
    await users.create({ username: 'Admin1', password: 'du-dai-roi-1', role: 'admin' });
    await expect(users.create({ username: 'admin1', password: 'du-dai-roi-1', role: 'admin' })).rejects.toMatchObject({ code: 'conflict:console_username' });
    expect((await users.login('ADMIN1', 'du-dai-roi-1')).ok).toBe(true);
  });
});

describe('console sessions', () => {
  it('stores only a hash of the token and expires after idling or at the absolute limit', async () => {
    const sessions = new SqliteConsoleSessions(db, { now });
    const { token } = await sessions.create('u1');
    expect(JSON.stringify(db.prepare('SELECT * FROM console_sessions').all())).not.toContain(token);
    t += SESSION_IDLE_MS - 1000;
    expect((await sessions.get(token))?.userId).toBe('u1');
    t += SESSION_IDLE_MS - 1000;
    expect((await sessions.get(token))?.userId).toBe('u1');
    t += SESSION_IDLE_MS + 1;
    expect(await sessions.get(token)).toBeUndefined();
    const second = await sessions.create('u1');
    for (let i = 0; i < 7; i++) {
      t += SESSION_IDLE_MS - 1000;
      await sessions.get(second.token);
    }
    expect(await sessions.get(second.token)).toBeUndefined();
  });
});

describe('console login under attack', () => {
  it('locks the account when 12 wrong passwords arrive at once, hashing only the attempts that could count', async () => {
    const users = new SqliteConsoleUsers(db, { now });
    await users.create({ username: 'ls-song-song', password: 'dung-mat-khau-1', role: 'admin' });
    const before = users.hashes.started;
    const results = await Promise.all(Array.from({ length: 12 }, () => users.login('ls-song-song', 'sai-mat-khau-99')));
    expect(results.filter((r) => !r.ok && r.reason === 'locked').length).toBeGreaterThanOrEqual(8);
    expect(results.every((r) => !r.ok)).toBe(true);
    // Five attempts were counted (and hashed); the other seven were refused before scrypt.
    expect(users.hashes.started - before).toBe(5);
    expect(await users.login('ls-song-song', 'dung-mat-khau-1')).toMatchObject({ ok: false, reason: 'locked' });
    t += 16 * 60_000;
    expect((await users.login('ls-song-song', 'dung-mat-khau-1')).ok).toBe(true);
  });

  it('bounds concurrent hashes: beyond the queue a login is refused as busy without hashing, unknown names included', async () => {
    const users = new SqliteConsoleUsers(db, { now, hashConcurrency: 1, maxQueuedHashes: 2 });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => users.login(`khong-co-${i}`, 'bat-ky-mat-khau')));
    expect(results.map((r) => (r.ok ? 'ok' : r.reason)).sort()).toEqual(['busy', 'busy', 'busy', 'invalid', 'invalid', 'invalid']);
    expect(users.hashes.started).toBe(3);
  });

  it('a disabled account is refused even with the right password', async () => {
    const users = new SqliteConsoleUsers(db, { now });
    const u = await users.create({ username: 'nghi-viec', password: 'dung-mat-khau-1', role: 'admin' });
    await users.setDisabled(u.id, true);
    expect(await users.login('nghi-viec', 'dung-mat-khau-1')).toMatchObject({ ok: false, reason: 'disabled' });
  });
});
