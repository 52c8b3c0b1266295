import { afterEach, describe, expect, it } from 'vitest';
import type { TranscriptEntry } from '../../bot/ports/index.js';
import { domainEngineTitle, domainStoreEngines } from './engines-stores.js';

/** The lawyer chat (`bot/ports/cases.ts`, TranscriptRepository) on every engine. */
const engines = await domainStoreEngines();

const entry = (id: string, caseId: string, text: string, extra: Partial<TranscriptEntry> = {}): TranscriptEntry => ({
  id,
  caseId,
  at: '2026-11-26T10:00:00.000Z',
  from: 'citizen',
  text,
  ...extra,
});

for (const engine of engines) {
  describe.skipIf(engine.skipReason !== undefined)(domainEngineTitle('lawyer chat transcript', engine), () => {
    afterEach(() => engine.cleanup());

    it("lists a case's entries in the order appended, with their delivery state, and deletes by case", async () => {
      const { transcript } = (await engine.open()).handles[0]!;
      const entries = [
        entry('t1', 'C1', 'Chào luật sư, tôi cần hỏi về đất.'),
        entry('t2', 'C1', 'Chào chị, tôi đã nhận hồ sơ.', { from: 'lawyer', at: '2026-11-26T09:59:00.000Z', delivery: 'sent' }),
        entry('t3', 'C2', 'Một vụ khác'),
        entry('t4', 'C1', 'Tin nhắn chưa gửi được', { from: 'lawyer', delivery: 'failed', deliveryError: 'expired' }),
        entry('t5', 'C1', 'Đang chờ', { from: 'system', delivery: 'pending' }),
      ];
      for (const e of entries) await transcript.append(e);
      // Order of appending, not of `at`.
      expect(await transcript.list('C1')).toEqual([entries[0], entries[1], entries[3], entries[4]]);
      expect(await transcript.list('C2')).toEqual([entries[2]]);
      expect(await transcript.list('C9')).toEqual([]);
      await expect(transcript.append(entry('t1', 'C2', 'cùng id'))).rejects.toThrow();
      expect(await transcript.deleteCases(['C1', 'C9'])).toBe(4);
      expect(await transcript.deleteCases([])).toBe(0);
      expect(await transcript.list('C1')).toEqual([]);
      expect((await transcript.list('C2')).map((e) => e.id)).toEqual(['t3']);
    });

    it('holds the text sealed to its row: nothing in clear, and a text moved to another entry does not open', async () => {
      const store = await engine.open();
      const { transcript } = store.handles[0]!;
      await transcript.append(entry('t1', 'C1', 'Anh trai tôi chiếm sổ đỏ'));
      await transcript.append(entry('t2', 'C1', 'Tôi bị đánh'));
      const raw = JSON.stringify(await store.sql('SELECT * FROM console_transcript'));
      for (const clear of ['sổ đỏ', 's\\u1ed5 \\u0111\\u1ecf', 'bị đánh']) expect(raw).not.toContain(clear);
      await store.sql(`UPDATE console_transcript SET text_enc = (SELECT text_enc FROM console_transcript WHERE id = 't1') WHERE id = 't2'`);
      await expect(transcript.list('C1')).rejects.toMatchObject({ code: 'internal:decrypt' });
    });

    it('two processes appending to one case at once: every entry kept once, each process in its own order', async () => {
      const store = await engine.open(2);
      const [a, b] = store.handles.map((h) => h.transcript);
      const n = 20;
      await Promise.all(
        [a!, b!].map(async (t, p) => {
          for (let i = 0; i < n; i++) await t.append(entry(`p${p}-${String(i).padStart(2, '0')}`, 'C1', `tin ${p}/${i}`, { from: p === 0 ? 'citizen' : 'lawyer' }));
        }),
      );
      const listed = await b!.list('C1');
      expect(listed).toHaveLength(2 * n);
      expect(new Set(listed.map((e) => e.id)).size).toBe(2 * n);
      for (const p of [0, 1]) {
        const own = listed.filter((e) => e.id.startsWith(`p${p}-`)).map((e) => e.id);
        expect(own).toEqual([...own].sort());
        expect(own).toHaveLength(n);
      }
      expect(await a!.list('C1')).toEqual(listed);
    });
  });
}
