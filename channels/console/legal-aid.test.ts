import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLegalAid, legalAidBox } from '../../app/legal-aid.js';
import { FakeProactiveSender, lawyer, newCase, point, shift } from '../../bot/handoff/testing/fixtures.js';
import { silentLogger } from '../../bot/ports/index.js';
import { createSealedBox } from '../../storage/crypto.js';
import { openDatabase } from '../../storage/sqlite.js';
import { CASES_V1_EXPECTED, CASES_V1_KEY_HEX, CASES_V1_SQLITE } from '../../storage/testing/cases-v1.js';
import { ConsoleClient } from './testing/console-client.js';
import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const citizen = (userId: string, retentionUntil: string) =>
  newCase({ address: { channelId: 'directline', conversationId: `conv-${userId}`, userId, reference: {} }, summary: `Hồ sơ của ${userId}`, retentionUntil });

describe('legal aid composed by app/legal-aid.ts', () => {
  it('retention: a case past its date goes with its offers, lawyer chat and notes; others stay', async () => {
    const db = openDatabase(':memory:');
    const aid = await createLegalAid({
      db,
      box: legalAidBox(createSealedBox(randomBytes(32))),
      now: () => new Date('2026-12-01T03:00:00Z'),
      newId: () => randomUUID(),
      logger: silentLogger,
      senders: () => undefined,
      tickIntervalMs: 0,
    });
    aid.rota.upsertServicePoints([point('00004', [])]);
    await aid.rota.importRota({ lawyers: [lawyer('L1')], schedule: { shifts: [shift('L1', '00004', 2)], exceptions: [] } });
    const { case: old } = await aid.service.openCase(citizen('cu', '2026-12-31'));
    const { case: kept } = await aid.service.openCase(citizen('moi', '2027-12-31'));
    await aid.service.citizenMessage(old.id, 'Tin nhắn cũ');
    await aid.notes.add({ caseId: old.id, authorId: 'u1', authorName: 'LS', text: 'Ghi chú cũ' });
    expect(await aid.cases.listOffers(old.id)).toHaveLength(1);
    expect((await aid.transcript.list(old.id)).length).toBeGreaterThan(0);

    expect(await aid.retention.run(new Date('2027-01-05T00:00:00Z'))).toBe(1);
    expect(await aid.cases.get(old.id)).toBeUndefined();
    expect(await aid.cases.listOffers(old.id)).toEqual([]);
    expect(await aid.transcript.list(old.id)).toEqual([]);
    expect(await aid.notes.list(old.id)).toEqual([]);
    expect(await aid.cases.get(kept.id)).toBeDefined();
    expect((await aid.transcript.list(kept.id)).length).toBeGreaterThan(0);

    expect(await aid.eraser.erase({ channelId: 'directline', userId: 'moi', conversationId: 'conv-moi' })).toBe(1);
    expect(await aid.cases.list()).toEqual([]);
    expect(await aid.transcript.list(kept.id)).toEqual([]);
    db.close();
  });

  it('a database written by the two-model version: the console still lists every case, and a migrated case still moves', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'legal-aid-v1-'));
    const file = path.join(dir, 'tthc.sqlite');
    fs.copyFileSync(CASES_V1_SQLITE, file);
    const db = openDatabase(file);
    const now = new Date('2026-11-30T03:00:00Z');
    const sender = new FakeProactiveSender();
    const aid = await createLegalAid({
      db,
      box: legalAidBox(createSealedBox(Buffer.from(CASES_V1_KEY_HEX, 'hex'))),
      now: () => now,
      newId: () => randomUUID(),
      logger: silentLogger,
      senders: () => sender,
      tickIntervalMs: 0,
    });
    const console = aid.console({ channelStatus: () => [] });
    await console.users.create({ username: 'dieuphoi', password: 'mat-khau-thu-nghiem-1', role: 'coordinator' });
    const app = express();
    app.use('/console', console.router!);
    const server = http.createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const client = new ConsoleClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      await client.login('dieuphoi', 'mat-khau-thu-nghiem-1');
      const queue = await client.get('/console/');
      expect(queue.status).toBe(200);
      const expected = (JSON.parse(fs.readFileSync(CASES_V1_EXPECTED, 'utf8')) as { cases: Array<{ record: { id: string } }> }).cases;
      for (const c of expected) expect(queue.text).toContain(c.record.id);
      // The live case of the fixture: its lawyer replies and closes it on the one model.
      const live = (await aid.cases.list({ statuses: ['live'] }))[0]!;
      await aid.service.lawyerReply(live.id, live.lawyerId!, 'Chào anh/chị, tôi đã xem hồ sơ.');
      expect((await aid.service.close(live.id, 'advised', { lawyerId: live.lawyerId! })).status).toBe('closed');
      expect(sender.texts().some((t) => t.includes('Chào anh/chị, tôi đã xem hồ sơ.'))).toBe(true);
    } finally {
      await new Promise((r) => server.close(r));
      for (const w of console.workers ?? []) await w.stop();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
