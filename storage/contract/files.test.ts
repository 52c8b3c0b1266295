import { afterEach, describe, expect, it } from 'vitest';
import { domainEngineTitle, domainStoreEngines } from './engines-stores.js';

/** The file port (`bot/ports/files.ts`, FileStore) and its signed links on every engine. */
const engines = await domainStoreEngines();
const pdf = (text: string) => new Uint8Array(Buffer.from(`%PDF-1.7\n${text}\n%%EOF`));
const query = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams);
const fileIdOf = (url: string) => decodeURIComponent(new URL(url, 'http://x').pathname.split('/').pop()!);

for (const engine of engines) {
  describe.skipIf(engine.skipReason !== undefined)(domainEngineTitle('files', engine), () => {
    afterEach(() => engine.cleanup());

    it('stores bytes sealed, gives them back whole, and names the file safely', async () => {
      const store = await engine.open();
      const { files } = store.handles[0]!;
      const bytes = pdf('Họ và tên: Nguyễn Thị Lan; CCCD 001099012345');
      const ref = await files.put({ conversationId: 'conv-1', name: 'to-khai/"khai sinh".pdf', contentType: 'application/pdf', bytes });
      expect(ref).toMatchObject({ name: 'to-khai__khai sinh_.pdf', contentType: 'application/pdf' });
      expect(ref.url).toMatch(/^\/files\//);
      const got = (await files.get(ref.fileId!))!;
      expect(got).toMatchObject({ name: 'to-khai__khai sinh_.pdf', contentType: 'application/pdf', conversationId: 'conv-1' });
      expect(Buffer.from(got.bytes).equals(Buffer.from(bytes))).toBe(true);
      expect(await files.get('nope')).toBeUndefined();
      const [row] = await store.sql('SELECT bytes FROM files');
      const atRest = Buffer.from(row!.bytes as Uint8Array).toString('utf8');
      expect(atRest.startsWith('tthc-sealed:')).toBe(true);
      expect(atRest).not.toContain('001099012345');
      expect(atRest).not.toContain('%PDF');
      const empty = await files.put({ conversationId: 'conv-1', name: '', contentType: 'text/plain', bytes: new Uint8Array() });
      expect(empty.name).toBe('tep-tin');
      expect((await files.get(empty.fileId!))!.bytes.byteLength).toBe(0);
    });

    it('refuses a file too large or belonging to no conversation', async () => {
      const { files } = (await engine.open()).handles[0]!;
      await expect(files.put({ conversationId: 'c', name: 'x.pdf', contentType: 'application/pdf', bytes: new Uint8Array(10 * 1024 * 1024 + 1) })).rejects.toMatchObject({
        code: 'payload_too_large:file_store',
      });
      await expect(files.put({ conversationId: '', name: 'x.pdf', contentType: 'application/pdf', bytes: pdf('x') })).rejects.toMatchObject({ code: 'bad_request:file_store' });
    });

    it('opens a file only through a link of its own conversation, unaltered and unexpired; a link from one process opens in another', async () => {
      const store = await engine.open(2);
      const [p1, p2] = store.handles;
      const ref = await p1!.files.put({ conversationId: 'conv-1', name: 'don.pdf', contentType: 'application/pdf', bytes: pdf('đơn') });
      const id = fileIdOf(ref.url);
      expect(id).toBe(ref.fileId);
      const q = query(ref.url);
      expect((await p2!.files.open(id, q)).name).toBe('don.pdf');
      await expect(p2!.files.open(id, { ...q, s: `${q.s!.slice(0, -2)}AA` })).rejects.toMatchObject({ code: 'forbidden:file_link' });
      await expect(p2!.files.open(id, { ...q, c: 'conv-2' })).rejects.toMatchObject({ code: 'forbidden:file_link' });
      await expect(p2!.files.open(id, { c: q.c })).rejects.toMatchObject({ code: 'forbidden:file_link' });
      const other = await p1!.files.put({ conversationId: 'conv-2', name: 'b.pdf', contentType: 'application/pdf', bytes: pdf('b') });
      const signedForOther = query(p1!.files.linkFor(id, 'conv-2'));
      await expect(p2!.files.open(id, signedForOther)).rejects.toMatchObject({ code: 'forbidden:file_link' });
      await expect(p2!.files.open('missing', query(p1!.files.linkFor('missing', 'conv-1')))).rejects.toMatchObject({ code: 'not_found:file' });
      store.clock.now = new Date(store.clock.now.getTime() + 24 * 3600_000);
      await expect(p2!.files.open(id, q)).rejects.toMatchObject({ code: 'forbidden:file_link_expired' });
      expect((await p2!.files.open(id, query(p2!.files.linkFor(id, 'conv-1')))).conversationId).toBe('conv-1');
      expect(await p2!.files.deleteConversation('conv-1')).toBe(1);
      expect(await p1!.files.get(id)).toBeUndefined();
      expect(await p1!.files.get(other.fileId!)).toBeDefined();
    });
  });
}
