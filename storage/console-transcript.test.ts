import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SqliteConsoleNotes } from './console-notes.js';
import { SqliteTranscriptStore } from './console-transcript.js';
import { createSealedBox } from './crypto.js';
import { openDatabase } from './sqlite.js';

describe('live transcript and private notes at rest', () => {
  it('are sealed in the box, kept apart, and deleted per case', async () => {
    const db = openDatabase(':memory:');
    const box = createSealedBox(randomBytes(32));
    const sealed = box.forPurpose('handoff');
    const transcript = new SqliteTranscriptStore(db, sealed);
    const notes = new SqliteConsoleNotes(db, sealed);
    await transcript.append({ id: 't1', caseId: 'C1', at: '2026-11-30T02:00:00Z', from: 'citizen', text: 'Chồng tôi đánh tôi hôm qua' });
    await notes.add({ caseId: 'C1', authorId: 'u1', authorName: 'LS', text: 'Ghi chú: nghi có thương tích' });
    const raw = JSON.stringify([db.prepare('SELECT * FROM console_transcript').all(), db.prepare('SELECT * FROM console_notes').all()]);
    expect(raw).not.toContain('đánh');
    expect(raw).not.toContain('thương tích');
    expect((await transcript.list('C1'))[0]!.text).toBe('Chồng tôi đánh tôi hôm qua');
    expect((await notes.list('C1'))[0]!.text).toBe('Ghi chú: nghi có thương tích');
    expect(JSON.stringify(await transcript.list('C1'))).not.toContain('thương tích');
    expect(await transcript.deleteCases(['C1'])).toBe(1);
    expect(await notes.deleteCases(['C1'])).toBe(1);
    expect(await transcript.list('C1')).toEqual([]);
    db.close();
  });
});
