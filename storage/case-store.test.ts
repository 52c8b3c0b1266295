import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './sqlite.js';
import { randomBytes } from 'node:crypto';
import { SqliteCaseStore, wardSlug, type CaseEvent, type FieldCipher, type NewCase } from './case-store.js';
import { createSecretBox } from './crypto.js';

/** One key for the file: a reopened database must open what was sealed before. */
const testBox = createSecretBox(randomBytes(32)).forPurpose('test');
const cipher: FieldCipher = { encrypt: (s, aad) => testBox.seal(s, aad), decrypt: (s, aad) => testBox.open(s, aad) };

function newCase(overrides: Partial<NewCase> = {}): NewCase {
  return {
    channel: 'directline',
    servicePoint: 'Phường Ba Đình',
    address: { channelId: 'directline', conversationId: 'conv-1', userId: 'user-1', reference: { serviceUrl: 'x' } },
    area: 'THUA_KE',
    confidence: 0.82,
    signals: ['adverse_party', 'land'],
    urgency: 'routine',
    parties: { adverseParties: [{ name: 'anh cả', role: 'đồng thừa kế' }], authorityInvolved: [], conflictServicePointAuthority: false },
    service: 'advice',
    limitedScopeAcknowledged: true,
    contact: { safeToContact: true, preferredTime: 'buổi sáng', method: 'this_channel' },
    summary: 'Bố mẹ mất không để lại di chúc, anh cả giữ sổ đỏ không chia.',
    consent: { textVersion: 'triage-consent-v1', purposes: ['legal_advice'], sensitiveDataAck: true, method: 'button:dong-y', givenAt: '2026-11-26T10:00:00.000Z' },
    retentionUntil: '2027-11-26',
    ...overrides,
  };
}

describe('SqliteCaseStore', () => {
  let dir: string;
  let db: Db;
  let now: Date;
  let store: SqliteCaseStore;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'case-store-'));
    db = openDatabase(path.join(dir, 'tthc.sqlite'));
    now = new Date('2026-11-26T10:00:00Z');
    store = new SqliteCaseStore(db, { cipher, clock: () => now });
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

  it('allocates per-ward, per-year sequential ids and round-trips the record', async () => {
    const a = await store.open(newCase());
    const b = await store.open(newCase());
    const c = await store.open(newCase({ servicePoint: 'Phường Hoàn Kiếm' }));
    expect([a.id, b.id, c.id]).toEqual(['HN-BADINH-TV-0001-2026', 'HN-BADINH-TV-0002-2026', 'HN-HOANKIEM-TV-0001-2026']);
    const got = await store.get(a.id);
    expect(got).toMatchObject({ status: 'open', area: 'THUA_KE', userId: 'user-1', conversationId: 'conv-1', declinedBy: [] });
    expect(got!.parties.adverseParties[0]!.name).toBe('anh cả');
    expect(got!.summary).toContain('anh cả');
    now = new Date('2027-01-02T00:00:00Z');
    expect((await store.open(newCase())).id).toBe('HN-BADINH-TV-0001-2027');
  });

  it('rejects invalid records with a precise error', async () => {
    await expect(store.open(newCase({ summary: '' }))).rejects.toMatchObject({ code: 'bad_request:case_record' });
    expect(await store.list()).toHaveLength(0);
  });

  it('runs the lawyer lifecycle with race guards and an audit trail', async () => {
    const events: CaseEvent[] = [];
    store.subscribe((e) => {
      events.push(e);
    });
    const c = await store.open(newCase());
    await store.transition(c.id, { to: 'offered', from: ['open'], lawyerId: 'law-1', actor: 'system:rota' });
    await store.transition(c.id, { to: 'open', from: ['offered'], lawyerId: 'law-1', reason: 'busy', actor: 'lawyer:law-1' });
    await store.transition(c.id, { to: 'offered', from: ['open'], lawyerId: 'law-2', actor: 'system:rota' });
    expect((await store.list({ offeredTo: 'law-2' })).map((x) => x.id)).toEqual([c.id]);
    const assigned = await store.transition(c.id, { to: 'assigned', from: ['offered'], lawyerId: 'law-2', actor: 'lawyer:law-2' });
    expect(assigned).toMatchObject({ status: 'assigned', assignedLawyerId: 'law-2', declinedBy: ['law-1'] });
    expect(assigned.offeredTo).toBeUndefined();
    await expect(store.transition(c.id, { to: 'assigned', from: ['offered'], lawyerId: 'law-3', actor: 'lawyer:law-3' })).rejects.toMatchObject({
      code: 'conflict:case_status',
    });
    await store.transition(c.id, { to: 'live', from: ['assigned'], actor: 'lawyer:law-2' });
    const closed = await store.transition(c.id, { to: 'closed', reason: 'advised', actor: 'lawyer:law-2' });
    expect(closed).toMatchObject({ status: 'closed', disposition: 'advised' });
    expect(events.map((e) => e.type)).toEqual(['opened', 'status', 'status', 'status', 'status', 'status', 'status']);
    const trail = await store.events(c.id);
    expect(trail.map((e) => e.kind)).toEqual(['opened', 'open->offered', 'offered->open', 'open->offered', 'offered->assigned', 'assigned->live', 'live->closed']);
    expect(await store.list({ status: ['open', 'offered'] })).toHaveLength(0);
  });

  it('encrypts sensitive columns through the injected cipher', async () => {
    const rot = { encrypt: (s: string) => Buffer.from(s).toString('base64'), decrypt: (s: string) => Buffer.from(s, 'base64').toString() };
    const enc = new SqliteCaseStore(db, { cipher: rot, clock: () => now });
    const c = await enc.open(newCase());
    const raw = db.prepare('SELECT summary_enc, parties_enc FROM cases WHERE id = ?').get(c.id) as { summary_enc: string; parties_enc: string };
    expect(raw.summary_enc).not.toContain('anh cả');
    expect(raw.parties_enc).not.toContain('anh cả');
    expect((await enc.get(c.id))!.summary).toContain('anh cả');
  });

  it('deletes on request and after the retention date, survives reopening the file', async () => {
    await store.open(newCase());
    await store.open(newCase({ address: { channelId: 'zalo', conversationId: 'c2', userId: 'user-2', reference: {} }, retentionUntil: '2026-12-01' }));
    db.close();
    db = openDatabase(path.join(dir, 'tthc.sqlite'));
    store = new SqliteCaseStore(db, { cipher, clock: () => now });
    expect(await store.listByConversation('c2')).toHaveLength(1);
    expect(await store.purgeExpired(new Date('2026-12-02T00:00:00Z'))).toBe(1);
    expect(await store.deleteByUser('user-1')).toBe(1);
    expect(await store.list()).toHaveLength(0);
  });
});

describe('encrypted case fields are bound to their row and field', () => {
  it('a field copied into another row does not open; legacy rows are re-encrypted once by the migration', async () => {
    const { createSecretBox } = await import('./crypto.js');
    const { fieldCipher } = await import('../channels/console/legal-aid.js');
    const { randomBytes } = await import('node:crypto');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'case-aad-'));
    const file = path.join(dir, 'tthc.sqlite');
    const cipher = fieldCipher(createSecretBox(randomBytes(32)));
    let db = openDatabase(file);
    let store = new SqliteCaseStore(db, { cipher, clock: () => new Date('2026-11-26T10:00:00Z') });
    const a = await store.open(newCase({ summary: 'Vụ của người A' }));
    const b = await store.open(newCase({ summary: 'Vụ của người B' }));

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
      cipher.encrypt('Vụ cũ'),
      cipher.encrypt(JSON.stringify(a.parties)),
      cipher.encrypt(JSON.stringify(a.contact)),
      a.id,
    );
    db.prepare("DELETE FROM schema_migrations WHERE name = 'case_store_002_row_aad'").run();
    db.close();
    db = openDatabase(file);
    store = new SqliteCaseStore(db, { cipher, clock: () => new Date('2026-11-26T10:00:00Z') });
    expect((await store.get(a.id))!.summary).toBe('Vụ cũ');
    expect((await store.get(b.id))!.summary).toBe('Vụ của người B');
    const migrated = (db.prepare('SELECT summary_enc FROM cases WHERE id = ?').get(a.id) as { summary_enc: string }).summary_enc;
    expect(() => cipher.decrypt(migrated)).toThrow();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a GCM tag shorter than 16 bytes', async () => {
    const { createSecretBox } = await import('./crypto.js');
    const { randomBytes } = await import('node:crypto');
    const box = createSecretBox(randomBytes(32));
    const sealed = box.seal('001090012345', 'x');
    const [v, iv, tag, ct] = sealed.split('.') as [string, string, string, string];
    const short = [v, iv, Buffer.from(tag, 'base64url').subarray(0, 4).toString('base64url'), ct].join('.');
    expect(() => box.open(short, 'x')).toThrow(/tag length/);
    expect(box.open(sealed, 'x')).toBe('001090012345');
  });
});
