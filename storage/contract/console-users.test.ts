import { afterEach, describe, expect, it } from 'vitest';
import { MAX_FAILED_LOGINS } from '../console-users.js';
import { consoleEngineTitle, consoleStoreEngines } from './engines-console.js';

/** The console account directory (`bot/ports/console.ts`, ConsoleUserDirectory) on every engine. */
const engines = await consoleStoreEngines();
const PASSWORD = 'mat-khau-du-dai-1';

for (const engine of engines) {
  describe.skipIf(engine.skipReason !== undefined)(consoleEngineTitle('console users', engine), () => {
    afterEach(() => engine.cleanup());

    it('creates accounts with a scrypt hash at rest, finds names case-insensitively, lists by role and name', async () => {
      const { handles, sql } = await engine.open();
      const users = handles[0]!.users;
      const admin = await users.create({ username: 'Admin1', password: PASSWORD, role: 'admin' });
      await users.create({ username: 'ls-an', displayName: 'Luật sư An', password: PASSWORD, role: 'lawyer', lawyerId: 'L1', servicePoints: ['00070'] });
      expect(admin).toMatchObject({ username: 'Admin1', displayName: 'Admin1', role: 'admin', servicePoints: [], disabled: false, createdAt: '2026-11-26T10:00:00.000Z' });
      expect(await users.get(admin.id)).toEqual(admin);
      expect((await users.findByUsername('ADMIN1'))?.id).toBe(admin.id);
      expect((await users.list()).map((u) => [u.role, u.username, u.lawyerId, u.servicePoints])).toEqual([
        ['admin', 'Admin1', undefined, []],
        ['lawyer', 'ls-an', 'L1', ['00070']],
      ]);
      // Names order case-insensitively within a role (SQLite's NOCASE).
      await users.create({ username: 'Binh1', password: PASSWORD, role: 'analyst' });
      await users.create({ username: 'an-2', password: PASSWORD, role: 'analyst' });
      expect((await users.list()).filter((u) => u.role === 'analyst').map((u) => u.username)).toEqual(['an-2', 'Binh1']);
      const rows = await sql('SELECT password_hash FROM console_users');
      expect(rows.map((r) => String(r.password_hash))).toEqual(expect.arrayContaining([expect.stringMatching(/^scrypt\$32768\$8\$1\$/)]));
      expect(JSON.stringify(rows)).not.toContain(PASSWORD);
      await expect(users.create({ username: 'admin1', password: PASSWORD, role: 'admin' })).rejects.toMatchObject({ code: 'conflict:console_username' });
      await expect(users.create({ username: 'x', password: PASSWORD, role: 'admin' })).rejects.toMatchObject({ code: 'bad_request:console_username' });
      await expect(users.create({ username: 'ls-b', password: PASSWORD, role: 'lawyer' })).rejects.toMatchObject({ code: 'bad_request:console_lawyer' });
    });

    it('logs in with the right password only, locks after repeated failures, refuses disabled accounts', async () => {
      const { handles, clock } = await engine.open();
      const users = handles[0]!.users;
      const u = await users.create({ username: 'dieu-phoi', password: PASSWORD, role: 'coordinator' });
      expect(await users.login('DIEU-PHOI', PASSWORD)).toMatchObject({ ok: true, user: { id: u.id } });
      expect(await users.login('khong-co', PASSWORD)).toEqual({ ok: false, reason: 'invalid' });
      for (let i = 1; i < MAX_FAILED_LOGINS; i++) expect(await users.login('dieu-phoi', 'sai-mat-khau-1')).toEqual({ ok: false, reason: 'invalid' });
      expect(await users.login('dieu-phoi', 'sai-mat-khau-1')).toEqual({ ok: false, reason: 'locked', lockedUntil: '2026-11-26T10:15:00.000Z' });
      expect(await users.login('dieu-phoi', PASSWORD)).toMatchObject({ ok: false, reason: 'locked' });
      clock.now = new Date('2026-11-26T10:15:00.000Z');
      expect((await users.login('dieu-phoi', PASSWORD)).ok).toBe(true);
      await users.setDisabled(u.id, true);
      expect(await users.login('dieu-phoi', PASSWORD)).toEqual({ ok: false, reason: 'disabled' });
      expect((await users.get(u.id))?.disabled).toBe(true);
      await users.setDisabled(u.id, false);
      await users.setPassword(u.id, 'mat-khau-moi-2026');
      expect((await users.login('dieu-phoi', PASSWORD)).ok).toBe(false);
      expect((await users.login('dieu-phoi', 'mat-khau-moi-2026')).ok).toBe(true);
    });

    it('two processes adding the same name at once: exactly one wins, the other is told the name is taken', async () => {
      const { handles } = await engine.open(2);
      for (let round = 0; round < 3; round++) {
        const name = `trung-ten-${round}`;
        const results = await Promise.allSettled(handles.map((h) => h.users.create({ username: name, password: PASSWORD, role: 'analyst' })));
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(lost.reason).toMatchObject({ code: 'conflict:console_username' });
      }
      expect((await handles[1]!.users.list()).map((u) => u.username)).toEqual(['trung-ten-0', 'trung-ten-1', 'trung-ten-2']);
    });

    it('wrong passwords spread over two processes share one failure count', async () => {
      const { handles } = await engine.open(2);
      await handles[0]!.users.create({ username: 'hai-tien-trinh', password: PASSWORD, role: 'admin' });
      for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) await handles[i % 2]!.users.login('hai-tien-trinh', 'sai-mat-khau-1');
      expect(await handles[1]!.users.login('hai-tien-trinh', 'sai-mat-khau-1')).toMatchObject({ ok: false, reason: 'locked' });
      expect(await handles[0]!.users.login('hai-tien-trinh', PASSWORD)).toMatchObject({ ok: false, reason: 'locked' });
    });
  });
}
