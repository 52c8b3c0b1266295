import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createSealedBox } from './crypto.js';
import { SqliteDirectLineStore } from './directline-store.js';
import { openDatabase } from './sqlite.js';

const cipher = createSealedBox(randomBytes(32)).forPurpose('directline-transcript');

const at = (iso: string) => new Date(iso);

function store() {
  return new SqliteDirectLineStore(openDatabase(':memory:'), cipher);
}

function add(s: SqliteDirectLineStore, conv: string, role: 'user' | 'bot', text: string, now: string, clientId?: string) {
  return s.append({
    conversationId: conv,
    role,
    clientActivityId: clientId ?? null,
    state: role === 'user' ? 'pending' : null,
    now: at(now),
    render: (id, seq) => JSON.stringify({ id, seq, text }),
  });
}

describe('SqliteDirectLineStore', () => {
  it('numbers activities per conversation in order and lists them after a watermark', async () => {
    const s = store();
    await s.createConversation('conv-aaaaaaaa', 'dl_a', at('2026-11-26T10:00:00Z'));
    await s.createConversation('conv-bbbbbbbb', 'dl_b', at('2026-11-26T10:00:00Z'));
    await add(s, 'conv-aaaaaaaa', 'user', 'a1', '2026-11-26T10:00:01Z');
    await add(s, 'conv-bbbbbbbb', 'user', 'b1', '2026-11-26T10:00:01Z');
    await add(s, 'conv-aaaaaaaa', 'bot', 'a2', '2026-11-26T10:00:02Z');
    expect((await s.listAfter('conv-aaaaaaaa', 0)).map((r) => [r.seq, JSON.parse(r.json).text])).toEqual([[1, 'a1'], [2, 'a2']]);
    expect((await s.listAfter('conv-aaaaaaaa', 1)).map((r) => r.id)).toEqual(['conv-aaaaaaaa|0000002']);
    expect(await s.listAfter('conv-bbbbbbbb', 0)).toHaveLength(1);
  });

  it('returns the stored activity for a retried clientActivityID instead of a second copy', async () => {
    const s = store();
    await s.createConversation('conv-aaaaaaaa', 'dl_a', at('2026-11-26T10:00:00Z'));
    const first = await add(s, 'conv-aaaaaaaa', 'user', 'x', '2026-11-26T10:00:01Z', 'c1');
    const again = await add(s, 'conv-aaaaaaaa', 'user', 'x', '2026-11-26T10:00:02Z', 'c1');
    expect(again).toMatchObject({ id: first.id, duplicate: true });
    expect(await s.listAfter('conv-aaaaaaaa', 0)).toHaveLength(1);
  });

  it('tracks pending user messages until answered', async () => {
    const s = store();
    await s.createConversation('conv-aaaaaaaa', 'dl_a', at('2026-11-26T10:00:00Z'));
    const u = await add(s, 'conv-aaaaaaaa', 'user', 'x', '2026-11-26T10:00:01Z');
    expect((await s.listPending()).map((p) => p.id)).toEqual([u.id]);
    expect(await s.settle(u.id, 'answered', 'p1')).toBe(true);
    expect(await s.settle(u.id, 'answered', 'p1')).toBe(false);
    expect(await s.listPending()).toEqual([]);
  });

  it('stores a batch of replies and marks their question answered in the same commit', async () => {
    const s = store();
    await s.createConversation('conv-aaaaaaaa', 'dl_a', at('2026-11-26T10:00:00Z'));
    const u = await add(s, 'conv-aaaaaaaa', 'user', 'q', '2026-11-26T10:00:01Z');
    const rows = await s.appendMany(
      ['r1', 'r2'].map((text) => ({ conversationId: 'conv-aaaaaaaa', role: 'bot' as const, replyToId: u.id, now: at('2026-11-26T10:00:02Z'), render: (id: string) => JSON.stringify({ id, text }) })),
      { activityId: u.id, owner: 'p1' },
    );
    expect(rows.map((r) => r.seq)).toEqual([2, 3]);
    expect(await s.listPending()).toEqual([]);
  });

  it('deletes a conversation on request and purges inactive ones, keeping pending work', async () => {
    const s = store();
    await s.createConversation('conv-old-aaaa', 'dl_a', at('2026-01-01T00:00:00Z'));
    await s.createConversation('conv-new-bbbb', 'dl_b', at('2026-01-01T00:00:00Z'));
    await s.createConversation('conv-pen-cccc', 'dl_c', at('2026-01-01T00:00:00Z'));
    await s.settle((await add(s, 'conv-old-aaaa', 'user', 'x', '2026-01-01T00:00:01Z')).id, 'answered', 'p1');
    await add(s, 'conv-new-bbbb', 'user', 'y', '2026-11-01T00:00:01Z');
    await add(s, 'conv-pen-cccc', 'user', 'z', '2026-01-01T00:00:01Z');
    expect(await s.purgeInactiveBefore(at('2026-06-01T00:00:00Z'))).toBe(1);
    expect(await s.getConversation('conv-old-aaaa')).toBeUndefined();
    expect(await s.getConversation('conv-pen-cccc')).toBeDefined();
    expect(await s.deleteConversation('conv-new-bbbb')).toBe(true);
    expect(await s.listAfter('conv-new-bbbb', 0)).toEqual([]);
  });
});

describe('Direct Line transcripts at rest', () => {
  it('seal every activity (old plaintext rows once, on open) and read back the same JSON', async () => {
    const db = openDatabase(':memory:');
    const s = new SqliteDirectLineStore(db, cipher);
    await s.createConversation('c1', 'u1', at('2026-11-30T02:00:00Z'));
    await add(s, 'c1', 'user', 'Số định danh của tôi là 001090012345', '2026-11-30T02:00:01Z');
    expect(JSON.stringify(db.prepare('SELECT * FROM directline_activities').all())).not.toContain('001090012345');
    expect((await s.listAfter('c1', 0))[0]!.json).toContain('001090012345');

    // A row written in clear by an older version is sealed when the store opens.
    db.prepare("INSERT INTO directline_activities (conversation_id, seq, id, role, json, created_at) VALUES ('c1', 99, 'c1|0000099', 'user', ?, '2026-11-30T02:00:02Z')").run(
      JSON.stringify({ type: 'message', id: 'c1|0000099', text: 'Điện thoại 0912345678' }),
    );
    db.prepare("DELETE FROM schema_migrations WHERE name = 'directline_002_sealed'").run();
    const reopened = new SqliteDirectLineStore(db, cipher);
    expect(JSON.stringify(db.prepare('SELECT * FROM directline_activities').all())).not.toContain('0912345678');
    expect((await reopened.listAfter('c1', 98))[0]!.json).toContain('0912345678');
    db.close();
  });
});
