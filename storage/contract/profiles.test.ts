import { afterEach, describe, expect, it } from 'vitest';
import { domainEngineTitle, domainStoreEngines } from './engines-stores.js';

/** The citizen profile port (`bot/ports/profiles.ts`, ProfileStore) on every engine. */
const engines = await domainStoreEngines();
const lan = { channelId: 'zalo', userId: 'zalo-user-1' };
const profile = { hoTen: 'Nguyễn Thị Lan', soCccd: '001099012345', diaChi: 'số 5 phố Hàng Bông, Hoàn Kiếm' };

for (const engine of engines) {
  describe.skipIf(engine.skipReason !== undefined)(domainEngineTitle('profiles', engine), () => {
    afterEach(() => engine.cleanup());

    it('keeps one profile per channel user, replaces it whole, and deletes it', async () => {
      const { profiles } = (await engine.open()).handles[0]!;
      expect(await profiles.get(lan)).toBeUndefined();
      await profiles.put(lan, profile, { consentAt: '2026-11-26T10:00:00.000Z', now: new Date('2026-11-26T10:00:01.000Z') });
      expect(await profiles.get(lan)).toEqual({ profile, consentAt: '2026-11-26T10:00:00.000Z', updatedAt: '2026-11-26T10:00:01.000Z' });
      // The same user id on another channel is another citizen.
      expect(await profiles.get({ channelId: 'directline', userId: 'zalo-user-1' })).toBeUndefined();
      await profiles.put(lan, { hoTen: 'Nguyễn Thị Lan' }, { consentAt: '2026-11-27T08:00:00.000Z', now: new Date('2026-11-27T08:00:00.000Z') });
      expect(await profiles.get(lan)).toEqual({ profile: { hoTen: 'Nguyễn Thị Lan' }, consentAt: '2026-11-27T08:00:00.000Z', updatedAt: '2026-11-27T08:00:00.000Z' });
      expect(await profiles.delete(lan)).toBe(true);
      expect(await profiles.delete(lan)).toBe(false);
      expect(await profiles.get(lan)).toBeUndefined();
    });

    it('holds no name, ID number or user id in clear, and a sealed profile moved to another row does not open', async () => {
      const store = await engine.open();
      const { profiles } = store.handles[0]!;
      const other = { channelId: 'zalo', userId: 'zalo-user-2' };
      await profiles.put(lan, profile, { consentAt: '2026-11-26T10:00:00.000Z', now: new Date('2026-11-26T10:00:00.000Z') });
      await profiles.put(other, { hoTen: 'Trần Văn Bình' }, { consentAt: '2026-11-26T10:00:00.000Z', now: new Date('2026-11-26T10:00:00.000Z') });
      const raw = JSON.stringify(await store.sql('SELECT * FROM citizen_profiles'));
      for (const clear of ['Nguyễn', 'Nguy\\u1ec5n', '001099012345', 'zalo-user-1', 'Hàng Bông']) expect(raw).not.toContain(clear);
      await store.sql(
        `UPDATE citizen_profiles SET sealed = (SELECT sealed FROM citizen_profiles ORDER BY updated_at, subject LIMIT 1 OFFSET 1)
         WHERE subject = (SELECT subject FROM citizen_profiles ORDER BY updated_at, subject LIMIT 1)`,
      );
      const results = await Promise.allSettled([profiles.get(lan), profiles.get(other)]);
      expect(results.filter((r) => r.status === 'rejected').map((r) => ((r as PromiseRejectedResult).reason as { code?: string }).code)).toEqual(['internal:decrypt']);
    });

    it('two processes saving one citizen at once leave one whole profile', async () => {
      const store = await engine.open(2);
      const [p1, p2] = store.handles;
      const versions = Array.from({ length: 12 }, (_, i) => ({ hoTen: `Người ${i}`, soCccd: String(i).repeat(12), lan: i }));
      await Promise.all(versions.map((v, i) => (i % 2 ? p1! : p2!).profiles.put(lan, v, { consentAt: '2026-11-26T10:00:00.000Z', now: new Date(Date.UTC(2026, 10, 26, 10, 0, i)) })));
      const kept = (await p1!.profiles.get(lan))!.profile;
      expect(versions).toContainEqual(kept);
      expect(await store.sql('SELECT COUNT(*) AS n FROM citizen_profiles')).toEqual([{ n: 1 }]);
    });
  });
}
