import { afterEach, describe, expect, it } from 'vitest';
import { SESSION_IDLE_MS, SESSION_TTL_MS } from '../console-sessions.js';
import { consoleEngineTitle, consoleStoreEngines } from './engines-console.js';

/** Console sessions (`bot/ports/console.ts`, ConsoleSessionStore) on every engine. */
const engines = await consoleStoreEngines();

for (const engine of engines) {
  describe.skipIf(engine.skipReason !== undefined)(consoleEngineTitle('console sessions', engine), () => {
    afterEach(() => engine.cleanup());

    it('stores only a hash of the token; expires after idling or at the absolute limit; peek does not touch', async () => {
      const { handles, clock, sql } = await engine.open();
      const sessions = handles[0]!.sessions;
      const { token, session } = await sessions.create('u1');
      expect(session).toEqual({ userId: 'u1', csrf: expect.any(String), createdAt: '2026-11-26T10:00:00.000Z', expiresAt: new Date(clock.now.getTime() + SESSION_TTL_MS).toISOString() });
      expect(JSON.stringify(await sql('SELECT * FROM console_sessions'))).not.toContain(token);
      const step = (ms: number) => (clock.now = new Date(clock.now.getTime() + ms));
      step(SESSION_IDLE_MS - 1000);
      expect(await sessions.get(token)).toEqual(session);
      step(SESSION_IDLE_MS - 1000);
      expect(await sessions.peek(token)).toEqual(session);
      step(2000);
      // The peek did not renew the idle timer.
      expect(await sessions.peek(token)).toBeUndefined();
      expect(await sessions.get(token)).toBeUndefined();
      expect(await sql('SELECT * FROM console_sessions')).toEqual([]);
      const second = await sessions.create('u1');
      for (let i = 0; i < 6; i++) {
        step(SESSION_IDLE_MS - 1000);
        expect((await sessions.get(second.token))?.userId).toBe('u1');
      }
      step(SESSION_IDLE_MS - 1000);
      expect(await sessions.get(second.token)).toBeUndefined();
      expect(await sessions.get('no-such-token')).toBeUndefined();
    });

    it('destroys one session, a user\'s sessions, and purges the expired', async () => {
      const { handles, clock } = await engine.open();
      const sessions = handles[0]!.sessions;
      const a = await sessions.create('u1');
      const b = await sessions.create('u1');
      const c = await sessions.create('u2');
      await sessions.destroy(a.token);
      expect(await sessions.get(a.token)).toBeUndefined();
      expect(await sessions.get(b.token)).toBeDefined();
      await sessions.destroyForUser('u1');
      expect(await sessions.get(b.token)).toBeUndefined();
      expect(await sessions.get(c.token)).toBeDefined();
      await sessions.create('u3');
      clock.now = new Date(clock.now.getTime() + SESSION_IDLE_MS + 1);
      expect(await sessions.purgeExpired()).toBe(2);
    });

    it('a session created on one process is valid on the other; a logout on one is seen by the other', async () => {
      const { handles } = await engine.open(2);
      const [a, b] = handles as [(typeof handles)[0], (typeof handles)[0]];
      const { token, session } = await a.sessions.create('u1');
      expect(await b.sessions.get(token)).toEqual(session);
      expect(await b.sessions.peek(token)).toEqual(session);
      await b.sessions.destroy(token);
      expect(await a.sessions.get(token)).toBeUndefined();
      const again = await b.sessions.create('u1');
      await a.sessions.destroyForUser('u1');
      expect(await b.sessions.peek(again.token)).toBeUndefined();
    });
  });
}
