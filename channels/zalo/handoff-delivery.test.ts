import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ActivityHandler } from '@microsoft/agents-hosting';
import { afterEach, describe, expect, it } from 'vitest';
import { HandoffService } from '../../bot/handoff/handoff-service.js';
import { fromLocal } from '../../bot/handoff/local-time.js';
import { lawyer, newCase, point, shift } from '../../bot/handoff/testing/fixtures.js';
import { testBox } from '../../test/legal-aid.js';
import { createLawyerNotifier } from '../console/notify.js';
import { SqliteTranscriptStore } from '../../storage/console-transcript.js';
import { SqliteCaseStore } from '../../storage/case-store.js';
import { SqliteRotaStore } from '../../storage/rota-store.js';
import { FakeClock, startChannelServer, startFake, tempDir, type ChannelServer } from './fake/harness.js';
import type { FakeZalo } from './fake/fake-zalo.js';

/**
 * The handoff and the lawyer notifier over the real Zalo channel and the HTTP fake of Zalo:
 * what the console records ("sent", "failed", "pending") must be what Zalo did.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

class SilentBot extends ActivityHandler {}

async function setup() {
  const clock = new FakeClock(fromLocal('2026-11-30', '09:00').getTime());
  const fake = await startFake(clock);
  const dbFile = path.join(tempDir('zalo-handoff-'), 'tthc.sqlite');
  const srv = await startChannelServer({
    fake,
    dbFile,
    bot: new SilentBot(),
    tokens: fake.issueTokens(),
    clock,
    extra: { tuning: { deliveryWindowMs: 60 * MINUTE } },
  });
  const hooks: { lawyerId: string; type: string }[] = [];
  const hookServer = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      hooks.push(JSON.parse(body) as { lawyerId: string; type: string });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
  cleanups.push(async () => {
    await srv.close({ force: true });
    await fake.stop();
    hookServer.closeAllConnections();
    await new Promise<void>((r) => hookServer.close(() => r()));
  });

  const rota = new SqliteRotaStore(srv.db);
  rota.upsertServicePoints([point('00004', ['00008']), point('00008', ['00004'])]);
  await rota.importRota({
    lawyers: [lawyer('L1', { zaloUserId: 'lz1' }), lawyer('L2', { zaloUserId: 'lz2' })],
    schedule: { shifts: [shift('L1', '00004', 1), shift('L2', '00008', 1)], exceptions: [] },
  });
  const service = new HandoffService({
    rota,
    cases: new SqliteCaseStore(srv.db, { box: testBox(), clock: () => new Date(clock.now()) }),
    transcript: new SqliteTranscriptStore(srv.db, testBox()),
    senders: (ch) => (ch === 'zalo' ? srv.channel.proactiveSender : undefined),
    notifier: createLawyerNotifier({
      zalo: srv.channel.proactiveSender,
      webhookUrl: `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/notices`,
      zaloConfirmMs: 1000,
    }),
    now: () => new Date(clock.now()),
    newId: () => globalThis.crypto.randomUUID(),
    log: () => undefined,
    deliveryWaitMs: 500,
  });
  return { clock, fake, srv, service, hooks };
}

const citizen = { channelId: 'zalo', conversationId: 'zalo:c1', userId: 'c1', reference: { userId: 'c1' } };
const opening = () => newCase({ address: citizen });

async function steps(srv: ChannelServer, clock: FakeClock, totalMs: number, stepMs: number) {
  for (let t = 0; t < totalMs; t += stepMs) {
    clock.advance(stepMs);
    await srv.channel.drain();
  }
}

function lawyerTexts(fake: FakeZalo, userId: string): string[] {
  return fake.sentTo(userId).map((m) => m.text ?? '');
}

describe('handoff delivery over the Zalo channel', () => {
  it('an offer reaches a lawyer on Zalo when Zalo delivers it, and goes by webhook when Zalo cannot (7-day window)', async () => {
    const { fake, service, hooks } = await setup();
    fake.interact('lz1'); // L1 wrote to the OA recently; L2 never did
    const { case: c } = await service.openCase(opening());
    expect(c.lawyerId).toBe('L1');
    expect(lawyerTexts(fake, 'lz1')).toEqual([expect.stringContaining(c.id)]);
    expect(hooks).toEqual([]);

    const next = await service.decline(c.id, 'L1', 'Xung đột lợi ích', true);
    expect(next.lawyerId).toBe('L2');
    expect(lawyerTexts(fake, 'lz2')).toEqual([]);
    expect(fake.rejections).toContainEqual(expect.objectContaining({ error: -230, userId: 'lz2' }));
    expect(hooks).toEqual([expect.objectContaining({ lawyerId: 'L2', type: 'lawyer.offer' })]);
  });

  it('a lawyer reply is "sent" only once delivered: pending through an outage, failed when the window closed or retries ran out', async () => {
    const { clock, fake, srv, service } = await setup();
    fake.interact('c1');
    fake.interact('lz1');
    const { case: c } = await service.openCase(opening());
    await service.accept(c.id, 'L1');

    const first = await service.lawyerReply(c.id, 'L1', 'Anh/chị mang sổ đỏ bản gốc.');
    expect(first.delivery).toBe('sent');
    expect(lawyerTexts(fake, 'c1').filter((t) => t.includes('sổ đỏ bản gốc'))).toHaveLength(1);

    // Zalo unreachable: the reply is recorded pending, then shown sent once Zalo took it.
    fake.setUnreachable(true);
    const second = await service.lawyerReply(c.id, 'L1', 'Anh/chị mang thêm CCCD.');
    expect(second.delivery).toBe('pending');
    expect((await service.transcript(c.id)).find((e) => e.id === second.id)?.delivery).toBe('pending');
    fake.setUnreachable(false);
    await steps(srv, clock, 2 * MINUTE, 10_000);
    expect((await service.transcript(c.id)).find((e) => e.id === second.id)?.delivery).toBe('sent');
    expect(lawyerTexts(fake, 'c1').filter((t) => t.includes('mang thêm CCCD'))).toHaveLength(1);
    expect(await service.settleDeliveries()).toBe(0);

    // Retries run out (the window of this test channel is 60 min): failed, flagged, noted once.
    fake.setUnreachable(true);
    const third = await service.lawyerReply(c.id, 'L1', 'Hẹn anh/chị thứ Hai.');
    expect(third.delivery).toBe('pending');
    await steps(srv, clock, 61 * MINUTE, 5 * MINUTE);
    fake.setUnreachable(false);
    await service.tick();
    await service.tick();
    const shown = (await service.transcript(c.id)).find((e) => e.id === third.id)!;
    expect(shown).toMatchObject({ delivery: 'failed', deliveryError: expect.stringContaining('hết hạn gửi') });
    const notes = (await service.transcript(c.id)).filter((e) => e.from === 'system' && e.text.includes('chưa tới được người dân'));
    expect(notes).toHaveLength(1);
    expect(await service.getCase(c.id)).toMatchObject({ flagged: true, flagReason: expect.stringContaining('Không gửi được') });

    // The citizen silent for 8 days: Zalo answers -230 and the reply is failed at once.
    clock.advance(8 * DAY);
    const late = await service.lawyerReply(c.id, 'L1', 'Anh/chị còn cần hỗ trợ không?');
    expect(late).toMatchObject({ delivery: 'failed', deliveryError: expect.stringContaining('quá 7 ngày') });
    expect(lawyerTexts(fake, 'c1').filter((t) => t.includes('còn cần hỗ trợ'))).toHaveLength(0);
  });
});
