import { afterEach, describe, expect, it } from 'vitest';
import { engineTitle, storeEngines } from './engines.js';

/** The OA token store port (`bot/ports/channel-queues.ts`, OaTokenStore) on every engine. */
const engines = await storeEngines();

for (const engine of engines) {
  describe.skipIf(engine.skipReason !== undefined)(engineTitle('OA token store', engine), () => {
    afterEach(() => engine.cleanup());

    it('never writes tokens in clear and still reads a pair written in clear by an old version', async () => {
      const store = await engine.open();
      const { tokens } = store.handles[0]!;
      await tokens.save({ accessToken: 'access-secret', refreshToken: 'refresh-secret', accessExpiresAt: 5000, now: 1 });
      expect(JSON.stringify(await store.sql(`SELECT access_token, refresh_token FROM zalo_tokens`))).not.toContain('secret');
      expect(await tokens.get()).toMatchObject({ accessToken: 'access-secret', refreshToken: 'refresh-secret', status: 'ok' });
      await store.sql(`UPDATE zalo_tokens SET access_token = 'legacy-access', refresh_token = 'legacy-refresh'`);
      expect(await tokens.get()).toMatchObject({ accessToken: 'legacy-access', refreshToken: 'legacy-refresh' });
    });

    it('seeds once, and a save replaces the pair, bumps the version and clears a rejection', async () => {
      const { tokens } = (await engine.open()).handles[0]!;
      expect(await tokens.get()).toBeUndefined();
      expect(await tokens.seedIfEmpty({ now: 1 })).toBe(false);
      expect(await tokens.seedIfEmpty({ accessToken: 'a0', refreshToken: 'r0', now: 1 })).toBe(true);
      expect(await tokens.seedIfEmpty({ accessToken: 'a-env', refreshToken: 'r-env', now: 2 })).toBe(false);
      expect(await tokens.get()).toEqual({
        accessToken: 'a0',
        accessExpiresAt: null,
        refreshToken: 'r0',
        status: 'ok',
        version: 1,
        updatedAt: 1,
        lastError: null,
        refreshFailures: 0,
        refreshFailedAt: null,
        refreshError: null,
      });
      await tokens.noteRefreshFailure('HTTP 502', 3);
      await tokens.noteRefreshFailure('timeout', 4);
      expect(await tokens.get()).toMatchObject({ refreshFailures: 2, refreshFailedAt: 4, refreshError: 'timeout', version: 1 });
      await tokens.markRejected('invalid_grant', 5);
      expect(await tokens.get()).toMatchObject({ status: 'refresh_rejected', lastError: 'invalid_grant', version: 2, updatedAt: 5 });
      const saved = await tokens.save({ accessToken: 'a1', refreshToken: 'r1', accessExpiresAt: 9000, now: 6 });
      expect(saved).toEqual({
        accessToken: 'a1',
        accessExpiresAt: 9000,
        refreshToken: 'r1',
        status: 'ok',
        version: 3,
        updatedAt: 6,
        lastError: null,
        refreshFailures: 0,
        refreshFailedAt: null,
        refreshError: null,
      });
      expect(await tokens.get()).toEqual(saved);
    });

    it('expires the access token only when it is still the stored one', async () => {
      const { tokens } = (await engine.open()).handles[0]!;
      await tokens.save({ accessToken: 'a1', refreshToken: 'r1', accessExpiresAt: 9000, now: 1 });
      await tokens.expireAccessToken('an-older-token', 10);
      expect(await tokens.get()).toMatchObject({ accessExpiresAt: 9000, updatedAt: 1 });
      await tokens.expireAccessToken('a1', 20);
      expect(await tokens.get()).toMatchObject({ accessToken: 'a1', refreshToken: 'r1', accessExpiresAt: 20, updatedAt: 20 });
    });

    it('serialises refreshes with a lease and takes a pending consent once', async () => {
      const { tokens } = (await engine.open()).handles[0]!;
      expect(await tokens.tryLease('refresh', 'p1', 100, 1000)).toBe(true);
      expect(await tokens.tryLease('refresh', 'p1', 150, 1000)).toBe(true);
      expect(await tokens.tryLease('refresh', 'p2', 200, 1000)).toBe(false);
      expect(await tokens.tryLease('other', 'p2', 200, 1000)).toBe(true);
      await tokens.releaseLease('refresh', 'p2'); // not the holder: nothing happens
      expect(await tokens.tryLease('refresh', 'p2', 300, 1000)).toBe(false);
      expect(await tokens.tryLease('refresh', 'p2', 1151, 1000)).toBe(true);
      await tokens.releaseLease('refresh', 'p2');
      expect(await tokens.tryLease('refresh', 'p3', 1152, 1000)).toBe(true);
      await tokens.addPending({ state: 's', verifier: 'v', sessionHash: 'h', createdAt: 100 });
      await tokens.addPending({ state: 'old', verifier: 'v0', sessionHash: 'h0', createdAt: 10 });
      expect(await tokens.takePending('old', 50)).toBeUndefined();
      expect(await tokens.takePending('s', 50)).toEqual({ state: 's', verifier: 'v', sessionHash: 'h', createdAt: 100 });
      expect(await tokens.takePending('s', 50)).toBeUndefined();
    });

    it('of processes racing for the refresh lease, exactly one wins', async () => {
      const store = await engine.open(2);
      const [p1, p2] = store.handles;
      for (let round = 0; round < 10; round++) {
        const now = round * 10_000;
        const wins = await Promise.all(
          Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? p1! : p2!).tokens.tryLease('refresh', `proc-${i}`, now, 5000)),
        );
        expect(wins.filter(Boolean), `round ${round}`).toHaveLength(1);
      }
    });

    it('of processes racing for one pending consent, exactly one gets it', async () => {
      const store = await engine.open(2);
      const [p1, p2] = store.handles;
      await p1!.tokens.addPending({ state: 's', verifier: 'v', sessionHash: 'h', createdAt: 100 });
      const got = await Promise.all([p1!.tokens.takePending('s', 0), p2!.tokens.takePending('s', 0), p2!.tokens.takePending('s', 0)]);
      expect(got.filter((g) => g !== undefined)).toHaveLength(1);
    });
  });
}
