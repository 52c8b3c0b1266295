import { afterEach, describe, expect, it } from 'vitest';
import type { Lawyer, ServicePoint, ShiftException, WeeklyShift } from '../../bot/ports/index.js';
import { domainEngineTitle, domainStoreEngines } from './engines-stores.js';

/** The rota store (`RotaReader` + `RotaEditor` and the commands' extras, `storage/rota-rows.ts` RotaStore) on every engine. */
const engines = await domainStoreEngines();

const point = (code: string, name: string, neighbours: string[] = []): ServicePoint => ({ code, name, address: `UBND ${name}`, hours: 'Thứ 2 – Thứ 6, 8:00–17:00', neighbours });
const lawyer = (id: string, extra: Partial<Lawyer> = {}): Lawyer => ({
  id,
  name: `Luật sư ${id}`,
  specialties: ['DAT_DAI'],
  languages: ['vi'],
  wards: [],
  maxOpenCases: 3,
  active: true,
  ...extra,
});
const shift = (id: string, lawyerId: string, servicePoint: string, weekday: number, start = '08:00', end = '11:30'): WeeklyShift => ({ id, lawyerId, servicePoint, weekday, start, end });
const leave = (id: string, lawyerId: string, date: string, dateTo: string, note?: string): ShiftException => ({ id, lawyerId, kind: 'leave', date, dateTo, note });
const extra = (id: string, lawyerId: string, date: string, servicePoint: string): ShiftException => ({ id, lawyerId, kind: 'extra', date, servicePoint, start: '13:30', end: '17:00' });

const POINTS = [point('00004', 'Phường Ba Đình', ['00008']), point('00008', 'Phường Ngọc Hà', ['00004']), point('00070', 'Phường Hoàn Kiếm')];

for (const engine of engines) {
  describe.skipIf(engine.skipReason !== undefined)(domainEngineTitle('rota', engine), () => {
    afterEach(() => engine.cleanup());

    it('round-trips service points, lawyers, shifts and exceptions, in a stable order', async () => {
      const { rota } = (await engine.open()).handles[0]!;
      expect(await rota.loadRota()).toEqual({ lawyers: [], servicePoints: [], shifts: [], exceptions: [] });
      await rota.upsertServicePoints([POINTS[2]!, POINTS[0]!, { ...POINTS[1]!, name: 'cũ' }, POINTS[1]!]);
      const full = lawyer('L2', { phone: '0912345678', email: 'ls2@example.vn', zaloUserId: 'z-2', specialties: ['THUA_KE', 'DAT_DAI'], languages: ['vi', 'en'], wards: ['00070'], maxOpenCases: 5 });
      await rota.importRota({
        lawyers: [full, lawyer('L1', { active: false })],
        schedule: {
          shifts: [shift('s3', 'L2', '00008', 1), shift('s1', 'L1', '00004', 3), shift('s2', 'L1', '00004', 1, '13:30', '17:00'), shift('s0', 'L1', '00004', 1)],
          exceptions: [leave('e2', 'L2', '2026-12-24', '2026-12-26', 'Nghỉ lễ'), extra('e1', 'L1', '2026-12-20', '00070'), leave('e0', 'L1', '2026-12-24', '2026-12-24')],
        },
      });
      const loaded = await rota.loadRota();
      expect(loaded.servicePoints).toEqual(POINTS);
      expect(loaded.lawyers).toEqual([lawyer('L1', { active: false }), full]);
      expect(loaded.shifts.map((s) => s.id)).toEqual(['s0', 's2', 's1', 's3']);
      expect(loaded.shifts[1]).toEqual(shift('s2', 'L1', '00004', 1, '13:30', '17:00'));
      expect(loaded.exceptions).toEqual([extra('e1', 'L1', '2026-12-20', '00070'), leave('e0', 'L1', '2026-12-24', '2026-12-24'), leave('e2', 'L2', '2026-12-24', '2026-12-26', 'Nghỉ lễ')]);
      expect(await rota.getLawyer('L2')).toEqual(full);
      expect(await rota.getLawyer('L9')).toBeUndefined();
      expect(await rota.getServicePoint('00008')).toEqual(POINTS[1]);
      expect(await rota.getServicePoint('99999')).toBeUndefined();
      expect(await rota.listServicePoints()).toEqual(POINTS);
      expect(await rota.counts()).toEqual({ lawyers: 2, servicePoints: 3, shifts: 4, exceptions: 3 });
    });

    it("replaces only the schedules of the lawyers an import names, and edits one lawyer or exception at a time", async () => {
      const { rota } = (await engine.open()).handles[0]!;
      await rota.importRota({
        servicePoints: POINTS,
        lawyers: [lawyer('L1'), lawyer('L2')],
        schedule: { shifts: [shift('a1', 'L1', '00004', 1), shift('b1', 'L2', '00008', 2)], exceptions: [leave('x1', 'L1', '2026-12-01', '2026-12-02')] },
      });
      // L1's schedule replaced (shifts and exceptions), L2's kept; a lawyer update keeps the schedule.
      await rota.importRota({ lawyers: [lawyer('L1', { name: 'Luật sư Một' })], schedule: { shifts: [shift('a2', 'L1', '00070', 5)], exceptions: [] } });
      let loaded = await rota.loadRota();
      expect(loaded.shifts.map((s) => s.id)).toEqual(['a2', 'b1']);
      expect(loaded.exceptions).toEqual([]);
      expect(loaded.lawyers[0]!.name).toBe('Luật sư Một');
      await rota.importRota({ lawyers: [lawyer('L2', { maxOpenCases: 9 })] });
      expect((await rota.loadRota()).shifts.map((s) => s.id)).toEqual(['a2', 'b1']);
      expect((await rota.getLawyer('L2'))!.maxOpenCases).toBe(9);

      expect(await rota.setLawyerActive('L2', false)).toBe(true);
      expect((await rota.getLawyer('L2'))!.active).toBe(false);
      expect(await rota.setLawyerActive('L2', true)).toBe(true);
      expect((await rota.getLawyer('L2'))!.active).toBe(true);
      expect(await rota.setLawyerActive('L9', false)).toBe(false);
      await rota.addException(extra('x2', 'L2', '2026-12-05', '00004'));
      await rota.addException(leave('x3', 'L2', '2026-12-07', '2026-12-09', 'Ốm'));
      await expect(rota.addException(leave('x3', 'L2', '2026-12-07', '2026-12-09'))).rejects.toThrow();
      loaded = await rota.loadRota();
      expect(loaded.exceptions).toEqual([extra('x2', 'L2', '2026-12-05', '00004'), leave('x3', 'L2', '2026-12-07', '2026-12-09', 'Ốm')]);
      expect(await rota.deleteException('x2')).toBe(true);
      expect(await rota.deleteException('x2')).toBe(false);
      expect(await rota.counts()).toEqual({ lawyers: 2, servicePoints: 3, shifts: 2, exceptions: 1 });
    });

    it('writes nothing of an import that fails part-way (service points, lawyers and schedule are one transaction)', async () => {
      const { rota } = (await engine.open()).handles[0]!;
      await rota.importRota({ servicePoints: POINTS.slice(0, 1), lawyers: [lawyer('L1')], schedule: { shifts: [shift('a1', 'L1', '00004', 1)], exceptions: [] } });
      const before = await rota.loadRota();
      await expect(
        rota.importRota({
          servicePoints: POINTS,
          lawyers: [lawyer('L1', { name: 'đổi tên' }), lawyer('L2')],
          // The same shift id twice: the second insert fails.
          schedule: { shifts: [shift('dup', 'L1', '00008', 2), shift('dup', 'L2', '00008', 3)], exceptions: [] },
        }),
      ).rejects.toThrow();
      // A shift at an unknown service point fails too (foreign key).
      await expect(rota.importRota({ lawyers: [lawyer('L3')], schedule: { shifts: [shift('z', 'L3', '99999', 1)], exceptions: [] } })).rejects.toThrow();
      expect(await rota.loadRota()).toEqual(before);
    });

    it('two processes importing schedules for the same lawyers at once: each schedule is exactly one import, never a mix', async () => {
      const store = await engine.open(2);
      const [a, b] = store.handles.map((h) => h.rota);
      await a!.importRota({ servicePoints: POINTS, lawyers: [lawyer('L1'), lawyer('L2'), lawyer('L3')] });
      for (let round = 0; round < 8; round++) {
        const mine = (p: string) => ({
          shifts: [1, 2, 3, 4].flatMap((d) => [shift(`${p}${round}-1-${d}`, 'L1', '00004', d), shift(`${p}${round}-2-${d}`, 'L2', '00008', d), shift(`${p}${round}-3-${d}`, 'L3', '00070', d)]),
          exceptions: [leave(`${p}${round}-x`, 'L3', '2026-12-24', '2026-12-25')],
        });
        // A names the lawyers in one order, B in the other; neither names L3, whose schedule both replace.
        await Promise.all([
          a!.importRota({ lawyers: [lawyer('L1'), lawyer('L2')], schedule: mine('A') }),
          b!.importRota({ lawyers: [lawyer('L2'), lawyer('L1')], schedule: mine('B') }),
        ]);
        const loaded = await a!.loadRota();
        const owners = new Set(loaded.shifts.map((s) => s.id[0]));
        expect({ round, owners: [...owners], shifts: loaded.shifts.length, exceptions: loaded.exceptions.length }).toEqual({ round, owners: [[...owners][0]], shifts: 12, exceptions: 1 });
        expect(loaded.exceptions[0]!.id[0]).toBe(loaded.shifts[0]!.id[0]);
        expect(await b!.loadRota()).toEqual(loaded);
      }
    });
  });
}
