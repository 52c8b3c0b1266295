import { afterEach, describe, expect, it } from 'vitest';
import { domainEngineTitle, domainStoreEngines } from './engines-stores.js';

/** Lawyers' private notes (`bot/ports/cases.ts`, CaseNotes) on every engine. */
const engines = await domainStoreEngines();

for (const engine of engines) {
  describe.skipIf(engine.skipReason !== undefined)(domainEngineTitle('private notes', engine), () => {
    afterEach(() => engine.cleanup());

    it("adds notes with the clock's time and a fresh id, lists a case's notes by time, and deletes by case", async () => {
      const store = await engine.open();
      const { notes } = store.handles[0]!;
      const first = await notes.add({ caseId: 'C1', authorId: 'u-1', authorName: 'LS Nguyễn Văn Mẫu', text: 'Đã gọi, hẹn thứ Hai.' });
      expect(first).toMatchObject({ caseId: 'C1', authorId: 'u-1', authorName: 'LS Nguyễn Văn Mẫu', at: '2026-11-26T10:00:00.000Z', text: 'Đã gọi, hẹn thứ Hai.' });
      expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
      store.clock.now = new Date('2026-11-26T11:00:00.000Z');
      const second = await notes.add({ caseId: 'C1', authorId: 'u-2', authorName: 'Điều phối viên', text: 'Cần giấy tờ đất.' });
      await notes.add({ caseId: 'C2', authorId: 'u-1', authorName: 'LS Nguyễn Văn Mẫu', text: 'Vụ khác' });
      expect(second.id).not.toBe(first.id);
      expect(await notes.list('C1')).toEqual([first, second]);
      expect((await notes.list('C2')).map((n) => n.text)).toEqual(['Vụ khác']);
      expect(await notes.list('C9')).toEqual([]);
      expect(await notes.deleteCases(['C1'])).toBe(2);
      expect(await notes.deleteCases([])).toBe(0);
      expect(await notes.list('C1')).toEqual([]);
      expect(await notes.list('C2')).toHaveLength(1);
    });

    it('holds the text sealed to its row: nothing in clear, and a text moved to another note does not open', async () => {
      const store = await engine.open();
      const { notes } = store.handles[0]!;
      await notes.add({ caseId: 'C1', authorId: 'u-1', authorName: 'LS', text: 'Nghi ngờ bạo lực gia đình' });
      store.clock.now = new Date('2026-11-26T10:00:01.000Z');
      const b = await notes.add({ caseId: 'C1', authorId: 'u-1', authorName: 'LS', text: 'Khác' });
      const raw = JSON.stringify(await store.sql('SELECT * FROM console_notes'));
      for (const clear of ['bạo lực', 'b\\u1ea1o l\\u1ef1c']) expect(raw).not.toContain(clear);
      await store.sql(`UPDATE console_notes SET text_enc = (SELECT text_enc FROM console_notes WHERE id <> '${b.id}') WHERE id = '${b.id}'`);
      await expect(notes.list('C1')).rejects.toMatchObject({ code: 'internal:decrypt' });
    });

    it('two processes adding notes to one case at once: every note kept once', async () => {
      const store = await engine.open(2);
      const [a, b] = store.handles.map((h) => h.notes);
      const added = await Promise.all(
        [a!, b!].flatMap((n, p) => Array.from({ length: 10 }, (_, i) => n.add({ caseId: 'C1', authorId: `u-${p}`, authorName: `LS ${p}`, text: `ghi chú ${p}/${i}` }))),
      );
      const listed = await a!.list('C1');
      expect(listed).toHaveLength(20);
      expect(new Set(listed.map((n) => n.id))).toEqual(new Set(added.map((n) => n.id)));
      expect(await b!.list('C1')).toEqual(listed);
    });
  });
}
