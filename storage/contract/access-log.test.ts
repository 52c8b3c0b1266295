import { afterEach, describe, expect, it } from 'vitest';
import { consoleEngineTitle, consoleStoreEngines } from './engines-console.js';

/** The console's access log (`bot/ports/console.ts`, AccessLog) on every engine. */
const engines = await consoleStoreEngines();

for (const engine of engines) {
  describe.skipIf(engine.skipReason !== undefined)(consoleEngineTitle('access log', engine), () => {
    afterEach(() => engine.cleanup());

    it('records entries (time from the clock unless given) and lists them newest first, filtered', async () => {
      const { handles, clock } = await engine.open();
      const log = handles[0]!.accessLog;
      await log.record({ userId: 'u1', username: 'ls-an', role: 'lawyer', caseId: 'HN-1', action: 'view', allowed: true });
      clock.now = new Date('2026-11-26T10:05:00.000Z');
      await log.record({ userId: 'u2', username: 'ls-binh', role: 'lawyer', caseId: 'HN-1', action: 'view_denied', allowed: false, detail: 'not assigned' });
      await log.record({ username: 'khach', action: 'login_failed', allowed: false, at: '2026-11-26T10:06:00.000Z' });
      await log.record({ userId: 'u1', username: 'ls-an', role: 'lawyer', caseId: 'HN-2', action: 'reply', allowed: true });
      expect(await log.list()).toEqual([
        { at: '2026-11-26T10:05:00.000Z', userId: 'u1', username: 'ls-an', role: 'lawyer', caseId: 'HN-2', action: 'reply', allowed: true, detail: undefined },
        { at: '2026-11-26T10:06:00.000Z', userId: undefined, username: 'khach', role: undefined, caseId: undefined, action: 'login_failed', allowed: false, detail: undefined },
        { at: '2026-11-26T10:05:00.000Z', userId: 'u2', username: 'ls-binh', role: 'lawyer', caseId: 'HN-1', action: 'view_denied', allowed: false, detail: 'not assigned' },
        { at: '2026-11-26T10:00:00.000Z', userId: 'u1', username: 'ls-an', role: 'lawyer', caseId: 'HN-1', action: 'view', allowed: true, detail: undefined },
      ]);
      expect((await log.list({ caseId: 'HN-1' })).map((e) => e.action)).toEqual(['view_denied', 'view']);
      expect((await log.list({ userId: 'u1' })).map((e) => e.caseId)).toEqual(['HN-2', 'HN-1']);
      expect((await log.list({ deniedOnly: true })).map((e) => e.action)).toEqual(['login_failed', 'view_denied']);
      expect((await log.list({ userId: 'u1', caseId: 'HN-1' })).map((e) => e.action)).toEqual(['view']);
      expect(await log.list({ limit: 1 })).toHaveLength(1);
    });

    it('entries written by two processes at once are all kept, and each process lists them all', async () => {
      const { handles } = await engine.open(2);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => handles[i % 2]!.accessLog.record({ userId: `u${i % 2}`, username: `p${i % 2}`, caseId: `HN-${i}`, action: 'view', allowed: true })),
      );
      for (const h of handles) {
        const all = await h.accessLog.list();
        expect(all).toHaveLength(20);
        expect(new Set(all.map((e) => e.caseId)).size).toBe(20);
      }
      expect(await handles[0]!.accessLog.list({ userId: 'u1' })).toHaveLength(10);
    });
  });
}
