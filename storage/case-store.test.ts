import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './sqlite.js';
import { randomBytes } from 'node:crypto';
import type { CaseIntake, SealedBox } from '../bot/ports/index.js';
import { SqliteCaseStore, wardSlug } from './case-store.js';
import { createSealedBox } from './crypto.js';
import { acceptBy as accept, caseIntake, caseRouting as routing, offerTo } from './testing/case-fixtures.js';

/** One key for the file: a reopened database must open what was sealed before. */
const box: SealedBox = createSealedBox(randomBytes(32)).forPurpose('test');

const newCase = (overrides: Partial<CaseIntake> = {}): CaseIntake => caseIntake({ secondaryAreas: [], ...overrides });

describe('SqliteCaseStore', () => {
  let dir: string;
  let db: Db;
  let now: Date;
  let store: SqliteCaseStore;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'case-store-'));
    db = openDatabase(path.join(dir, 'tthc.sqlite'));
    now = new Date('2026-11-26T10:00:00Z');
    store = new SqliteCaseStore(db, { box, clock: () => now });
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['Phường Ba Đình', 'BADINH'],
    ['Xã Sóc Sơn', 'SOCSON'],
    ['phuong hoan kiem', 'HOANKIEM'],
    ['', 'CHUNG'],
  ])('slugs %s as %s', (input, slug) => {
    expect(wardSlug(input)).toBe(slug);
  });

  it('allocates per-ward, per-year sequential ids and round-trips intake and routing', async () => {
    const a = await store.create(newCase(), routing);
    const b = await store.create(newCase(), routing);
    const c = await store.create(newCase({ servicePoint: 'Phường Hoàn Kiếm' }), routing);
    expect([a.id, b.id, c.id]).toEqual(['HN-BADINH-TV-0001-2026', 'HN-BADINH-TV-0002-2026', 'HN-HOANKIEM-TV-0001-2026']);
    const got = await store.get(a.id);
    expect(got).toMatchObject({ status: 'open', version: 1, area: 'THUA_KE', userId: 'user-1', conversationId: 'conv-1', declinedBy: [], ...routing, flagged: false, announced: false });
    expect(got!.parties.adverseParties[0]!.name).toBe('anh cả');
    expect(got!.summary).toContain('anh cả');
    now = new Date('2027-01-02T00:00:00Z');
    expect((await store.create(newCase(), routing)).id).toBe('HN-BADINH-TV-0001-2027');
  });

  it('applies a move only at the status and version it was decided on (two lawyers accepting at once conflict)', async () => {
    const c = await store.create(newCase(), routing);
    const offered = await store.apply(c.id, offerTo(c, 'law-1'));
    expect(offered).toMatchObject({ status: 'offered', version: 2, lawyerId: 'law-1', offerExpiresAt: '2026-11-26T14:00:00.000Z' });
    // Both decided on the same read: the first wins, the second is refused.
    const first = accept(offered, 'law-1');
    const second = accept(offered, 'law-1');
    const live = await store.apply(c.id, first);
    expect(live).toMatchObject({ status: 'live', version: 3, acceptedAt: '2026-11-26T10:05:00.000Z' });
    expect(live.offerExpiresAt).toBeUndefined();
    await expect(store.apply(c.id, second)).rejects.toMatchObject({ code: 'conflict:case_status' });
    // A flag is no move: no version bump, so it never races a lawyer.
    expect(await store.annotate(c.id, { flagged: true, flagReason: 'Quá hạn' })).toMatchObject({ version: 3, flagged: true, flagReason: 'Quá hạn' });
    await expect(store.apply('HN-NONE', first)).rejects.toMatchObject({ code: 'not_found:case' });
    const trail = await store.events(c.id);
    expect(trail.map((e) => [e.kind, e.actor])).toEqual([['opened', 'citizen'], ['open->offered', 'system:rota'], ['offered->live', 'lawyer:law-1']]);
    expect((await store.list({ lawyerId: 'law-1', statuses: ['live'] })).map((x) => x.id)).toEqual([c.id]);
    expect(await store.list({ statuses: ['open', 'offered'] })).toHaveLength(0);
    expect(await store.list({ wards: [] })).toHaveLength(0);
    expect((await store.findByConversation('directline', 'conv-1', ['live']))?.id).toBe(c.id);
  });

  it('answers each offer once and counts what lawyers hold', async () => {
    const c = await store.create(newCase(), routing);
    await store.addOffer({ id: 'o1', caseId: c.id, lawyerId: 'law-1', offeredAt: '2026-11-26T10:00:00.000Z', expiresAt: '2026-11-26T11:00:00.000Z', status: 'offered' });
    await store.apply(c.id, offerTo(c, 'law-1'));
    expect((await store.expiredOffers(new Date('2026-11-26T11:00:00Z'))).map((o) => o.id)).toEqual(['o1']);
    expect(await store.answerOffer('o1', { status: 'declined', respondedAt: '2026-11-26T10:30:00.000Z', reason: 'bận', conflictOfInterest: true })).toBe(true);
    expect(await store.answerOffer('o1', { status: 'accepted', respondedAt: '2026-11-26T10:31:00.000Z' })).toBe(false);
    expect(await store.listOffers(c.id)).toEqual([expect.objectContaining({ status: 'declined', reason: 'bận', conflictOfInterest: true })]);
    expect(await store.lawyerLoads()).toEqual(new Map([['law-1', { openCases: 1, lastAssignedAt: '2026-11-26T10:00:00.000Z' }]]));
    expect(await store.caseIdsOfferedTo('law-1')).toEqual(new Set([c.id]));
  });

  it('the dashboard counts escalations from the one case table', async () => {
    const { SqliteAnalytics } = await import('./analytics.js');
    const c = await store.create(newCase(), routing);
    const other = await store.create(newCase(), { ...routing, ward: '00008' });
    const analytics = new SqliteAnalytics(db);
    const rows = analytics.escalations({ from: '2026-11-26', to: '2026-11-26' });
    expect(rows).toEqual([
      { ward: '00004', legalArea: 'THUA_KE', urgency: 'routine', openedAt: c.createdAt, acceptedAt: null, slaDueAt: routing.slaDueAt },
      { ward: '00008', legalArea: 'THUA_KE', urgency: 'routine', openedAt: other.createdAt, acceptedAt: null, slaDueAt: routing.slaDueAt },
    ]);
    expect(analytics.escalations({ from: '2026-11-26', to: '2026-11-26', wards: ['00008'] })).toHaveLength(1);
    expect(analytics.escalations({ from: '2026-11-27', to: '2026-11-28' })).toEqual([]);
  });

  it('seals sensitive columns in the injected box', async () => {
    const rot: SealedBox = {
      seal: (s) => Buffer.from(s).toString('base64'),
      open: (s) => Buffer.from(s, 'base64').toString(),
      lookupHash: (s) => s,
      forPurpose: () => rot,
    };
    const enc = new SqliteCaseStore(db, { box: rot, clock: () => now });
    const c = await enc.create(newCase(), routing);
    const raw = db.prepare('SELECT summary_enc, parties_enc FROM cases WHERE id = ?').get(c.id) as { summary_enc: string; parties_enc: string };
    expect(raw.summary_enc).not.toContain('anh cả');
    expect(raw.parties_enc).not.toContain('anh cả');
    expect((await enc.get(c.id))!.summary).toContain('anh cả');
  });

  it('deletes on request and after the retention date (with offers and audit), survives reopening the file', async () => {
    const kept = await store.create(newCase(), routing);
    const old = await store.create(newCase({ address: { channelId: 'zalo', conversationId: 'c2', userId: 'user-2', reference: {} }, retentionUntil: '2026-12-01' }), routing);
    await store.addOffer({ id: 'o1', caseId: old.id, lawyerId: 'law-1', offeredAt: '2026-11-26T10:00:00.000Z', expiresAt: '2026-11-26T11:00:00.000Z', status: 'offered' });
    db.close();
    db = openDatabase(path.join(dir, 'tthc.sqlite'));
    store = new SqliteCaseStore(db, { box, clock: () => now });
    expect(await store.listByConversation('c2')).toHaveLength(1);
    expect(await store.expiredIds(new Date('2026-12-02T00:00:00Z'))).toEqual([old.id]);
    expect(await store.deleteCases([old.id])).toBe(1);
    expect(await store.listOffers(old.id)).toEqual([]);
    expect(await store.events(old.id)).toEqual([]);
    expect(await store.deleteByUser('user-1')).toEqual([kept.id]);
    expect(await store.list()).toHaveLength(0);
  });
});

describe('encrypted case fields are bound to their row and field', () => {
  it('a field copied into another row does not open; legacy rows are re-encrypted once by the migration', async () => {
    const { createSealedBox } = await import('./crypto.js');
    const { randomBytes } = await import('node:crypto');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'case-aad-'));
    const file = path.join(dir, 'tthc.sqlite');
    const master = createSealedBox(randomBytes(32));
    const legalAid: SealedBox = {
      seal: (s, b) => master.seal(s, b ? `legal-aid|${b}` : 'legal-aid'),
      open: (s, b) => master.open(s, b ? `legal-aid|${b}` : 'legal-aid'),
      lookupHash: (s) => master.lookupHash(s),
      forPurpose: () => legalAid,
    };
    let db = openDatabase(file);
    let store = new SqliteCaseStore(db, { box: legalAid, clock: () => new Date('2026-11-26T10:00:00Z') });
    const a = await store.create(newCase({ summary: 'Vụ của người A' }), routing);
    const b = await store.create(newCase({ summary: 'Vụ của người B' }), routing);

    // Swap attack: B's summary column pasted into A's row.
    const rawB = (db.prepare('SELECT summary_enc FROM cases WHERE id = ?').get(b.id) as { summary_enc: string }).summary_enc;
    const rawA = (db.prepare('SELECT summary_enc FROM cases WHERE id = ?').get(a.id) as { summary_enc: string }).summary_enc;
    db.prepare('UPDATE cases SET summary_enc = ? WHERE id = ?').run(rawB, a.id);
    await expect(store.get(a.id)).rejects.toMatchObject({ code: 'internal:decrypt' });
    // …or into another field of the same row.
    db.prepare('UPDATE cases SET summary_enc = (SELECT contact_enc FROM cases WHERE id = ?) WHERE id = ?').run(a.id, a.id);
    await expect(store.get(a.id)).rejects.toMatchObject({ code: 'internal:decrypt' });
    db.prepare('UPDATE cases SET summary_enc = ? WHERE id = ?').run(rawA, a.id);
    expect((await store.get(a.id))!.summary).toBe('Vụ của người A');

    // A database written before row binding: every field sealed with the fixed purpose only.
    db.prepare('UPDATE cases SET summary_enc = ?, parties_enc = ?, contact_enc = ? WHERE id = ?').run(
      legalAid.seal('Vụ cũ'),
      legalAid.seal(JSON.stringify(a.parties)),
      legalAid.seal(JSON.stringify(a.contact)),
      a.id,
    );
    db.prepare("DELETE FROM schema_migrations WHERE name = 'case_store_002_row_aad'").run();
    db.close();
    db = openDatabase(file);
    store = new SqliteCaseStore(db, { box: legalAid, clock: () => new Date('2026-11-26T10:00:00Z') });
    expect((await store.get(a.id))!.summary).toBe('Vụ cũ');
    expect((await store.get(b.id))!.summary).toBe('Vụ của người B');
    const migrated = (db.prepare('SELECT summary_enc FROM cases WHERE id = ?').get(a.id) as { summary_enc: string }).summary_enc;
    expect(() => legalAid.open(migrated)).toThrow();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a GCM tag shorter than 16 bytes', async () => {
    const { createSealedBox } = await import('./crypto.js');
    const { randomBytes } = await import('node:crypto');
    const box = createSealedBox(randomBytes(32));
    const sealed = box.seal('001090012345', 'x');
    const [v, iv, tag, ct] = sealed.split('.') as [string, string, string, string];
    const short = [v, iv, Buffer.from(tag, 'base64url').subarray(0, 4).toString('base64url'), ct].join('.');
    expect(() => box.open(short, 'x')).toThrow(/tag length/);
    expect(box.open(sealed, 'x')).toBe('001090012345');
  });
});
