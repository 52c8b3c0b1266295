import path from 'node:path';
import { ActivityHandler } from '@microsoft/agents-hosting';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, startChannelServer, startFake, tempDir, waitFor, type ChannelServer } from './fake/harness.js';
import type { FakeZalo } from './fake/fake-zalo.js';

/**
 * Fault injection against the HTTP fake of Zalo with an injected clock: outages, rate-limited
 * bursts, a failing token endpoint and a process that dies between sending and recording.
 * Afterwards every message must have been delivered exactly once and the stored state must
 * say so.
 */

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (ctx, next) => {
      await ctx.sendActivity(`Dạ, em nhận được: ${ctx.activity.text ?? ''}`);
      await next();
    });
  }
}

const MINUTE = 60_000;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(opts: { start?: boolean; tuning?: Record<string, number> } = {}) {
  const clock = new FakeClock();
  const fake = await startFake(clock);
  const dbFile = path.join(tempDir('zalo-faults-'), 'tthc.sqlite');
  const tokens = fake.issueTokens();
  const srv = await startChannelServer({ fake, dbFile, bot: new EchoBot(), tokens, clock, start: opts.start, extra: { tuning: opts.tuning ?? {} } });
  cleanups.push(async () => {
    fake.releaseHung();
    await srv.close({ force: true });
    await fake.stop();
  });
  return { clock, fake, dbFile, srv };
}

async function say(srv: ChannelServer, fake: FakeZalo, user: string, text: string) {
  const { body, headers } = fake.webhook(fake.textEvent(user, text));
  const res = await srv.post(body, headers);
  expect(res.status).toBe(200);
}

/** Moves the clock in steps, letting the channel work after each one. */
async function run(srv: ChannelServer, clock: FakeClock, totalMs: number, stepMs: number, each?: () => void) {
  for (let t = 0; t < totalMs; t += stepMs) {
    clock.advance(stepMs);
    each?.();
    await srv.channel.drain();
  }
}

function outboxRows(srv: ChannelServer) {
  return srv.db.prepare(`SELECT user_id, status, failures, attempts, reason FROM zalo_outbox ORDER BY id`).all() as {
    user_id: string;
    status: string;
    failures: number;
    attempts: number;
    reason: string | null;
  }[];
}

describe('Zalo delivery under faults', () => {
  it('Zalo unreachable for 30 minutes: every answer and lawyer reply arrives once, in order, afterwards', async () => {
    const { clock, fake, srv } = await setup();
    // The outage starts before anything can be sent.
    fake.setUnreachable(true);
    const users = ['o1', 'o2', 'o3'];
    for (const u of users) {
      await say(srv, fake, u, 'cau 1');
      await say(srv, fake, u, 'cau 2');
    }
    await waitFor(async () => (await srv.channel.health()).inbox.done === 6, 'turns processed during the outage');
    const lawyer = srv.channel.proactiveSender.send(
      { channelId: 'zalo', conversationId: 'zalo:o1', userId: 'o1', reference: { userId: 'o1' } },
      [{ text: 'Luật sư: anh/chị mang theo giấy tờ gốc ạ.' }],
      { tag: 'reply-o1', waitMs: 50 },
    );
    expect(await lawyer).toMatchObject({ state: 'pending' });

    await run(srv, clock, 30 * MINUTE, 20_000);
    expect(fake.sent).toHaveLength(0);
    const during = outboxRows(srv);
    expect(during.every((r) => r.status === 'pending' || r.status === 'sending')).toBe(true);
    // Retries back off (capped at 10 min), they do not hammer Zalo every 20 s.
    expect(Math.max(...during.map((r) => r.attempts))).toBeLessThanOrEqual(12);
    // Behind o1's two answers (each user's messages leave in order): still queued, truthfully.
    expect(await srv.channel.deliveryStatus('reply-o1')).toMatchObject({ state: 'pending' });

    fake.setUnreachable(false);
    await run(srv, clock, 11 * MINUTE, 20_000);

    for (const u of users) {
      const texts = fake.sentTo(u).map((m) => m.text);
      const expected = ['Dạ, em nhận được: cau 1', 'Dạ, em nhận được: cau 2'];
      if (u === 'o1') expected.push('Luật sư: anh/chị mang theo giấy tờ gốc ạ.');
      expect(texts).toEqual(expected);
    }
    expect(outboxRows(srv).every((r) => r.status === 'delivered')).toBe(true);
    expect(await srv.channel.deliveryStatus('reply-o1')).toEqual({ state: 'delivered' });
  });

  it('a message not delivered within its window ends expired with the reason, not pending forever', async () => {
    const { clock, fake, srv } = await setup({ tuning: { deliveryWindowMs: 60 * MINUTE } });
    fake.setUnreachable(true);
    const report = await srv.channel.proactiveSender.send(
      { channelId: 'zalo', conversationId: 'zalo:x1', userId: 'x1', reference: { userId: 'x1' } },
      [{ text: 'Có hồ sơ mới mời anh/chị nhận.' }],
      { tag: 'offer-x1', deliverBy: clock.now() + 20 * MINUTE },
    );
    expect(report).toMatchObject({ state: 'pending' });
    await run(srv, clock, 25 * MINUTE, 30_000);
    expect(await srv.channel.deliveryStatus('offer-x1')).toMatchObject({ state: 'expired', reason: 'retry_deadline' });
    fake.setUnreachable(false);
    await run(srv, clock, 5 * MINUTE, 30_000);
    expect(fake.sent).toHaveLength(0);
  });

  it('rate-limited bursts: everything is delivered once, and -32 never counts as a failure', async () => {
    const { clock, fake, srv } = await setup({ tuning: { rateLimitPauseMs: 20_000 } });
    fake.limitRate({ max: 5, windowMs: MINUTE });
    const users = Array.from({ length: 12 }, (_, i) => `r${i}`);
    for (const u of users) await say(srv, fake, u, 'le phi');
    for (const u of users.slice(0, 4)) {
      await srv.channel.proactiveSender.send({ channelId: 'zalo', conversationId: `zalo:${u}`, userId: u, reference: { userId: u } }, [{ text: `Luật sư trả lời ${u}` }]);
    }
    await waitFor(async () => (await srv.channel.health()).inbox.done === 12, 'turns processed');
    await run(srv, clock, 10 * MINUTE, 10_000);
    expect(fake.rejections.filter((r) => r.error === -32).length).toBeGreaterThan(0);
    for (const u of users) {
      const expected = [`Dạ, em nhận được: le phi`];
      if (users.indexOf(u) < 4) expected.push(`Luật sư trả lời ${u}`);
      expect(fake.sentTo(u).map((m) => m.text)).toEqual(expected);
    }
    const rows = outboxRows(srv);
    expect(rows).toHaveLength(16);
    expect(rows.every((r) => r.status === 'delivered' && r.failures === 0)).toBe(true);
  });

  it('token endpoint 5xx: the still-valid token keeps working, the refresh token is not condemned, and sends resume when it recovers', async () => {
    const { clock, fake, srv } = await setup();
    const pair = fake.issueTokens();
    await srv.channel.tokens.saveConsent(pair);
    // Inside the 30-minute refresh margin: a refresh is due but the token is still valid.
    clock.advance(pair.expiresIn * 1000 - 20 * MINUTE);
    fake.failTokenNext({ httpStatus: 503, json: { error: -14014, error_name: 'Internal error' } }, 50);
    await say(srv, fake, 't1', 'cau 1');
    await waitFor(() => fake.sentTo('t1').length === 1, 'sent with the current token');
    expect(await srv.channel.health()).toMatchObject({ status: 'ok', token: 'refresh_failing' });
    expect((await srv.channel.health()).tokenStatus.refreshFailures).toBeGreaterThan(0);

    // The token expires while the endpoint still fails: sends wait, nothing is lost or condemned.
    clock.advance(25 * MINUTE);
    await say(srv, fake, 't1', 'cau 2');
    await waitFor(async () => (await srv.channel.health()).inbox.done === 2, 'second turn');
    await run(srv, clock, 2 * MINUTE, 10_000);
    expect(fake.sentTo('t1')).toHaveLength(1);
    expect(await srv.channel.health()).toMatchObject({ status: 'degraded', token: 'expired' });

    // The endpoint recovers (drop the remaining injected failures by consuming them).
    const remaining = 50 - fake.tokenCalls.filter((c) => !c.ok).length;
    for (let i = 0; i < remaining; i++) await fetch(`${fake.baseUrl}/v4/oa/access_token`, { method: 'POST' });
    await run(srv, clock, 15 * MINUTE, 30_000);
    expect(fake.sentTo('t1').map((m) => m.text)).toEqual(['Dạ, em nhận được: cau 1', 'Dạ, em nhận được: cau 2']);
    expect(await srv.channel.health()).toMatchObject({ status: 'ok', token: 'ok' });
    expect(fake.tokenCalls.filter((c) => c.grantType === 'refresh_token' && c.ok)).toHaveLength(1);
    expect(outboxRows(srv).every((r) => r.status === 'delivered')).toBe(true);
  });

  it('a process killed between the send and recording it: the next instance records it without sending twice', async () => {
    const { clock, fake, srv, dbFile } = await setup({ start: false });
    await say(srv, fake, 'k1', 'cau 1');
    // The first instance processes the turn; Zalo delivers the reply but the answer never returns
    // (the process "dies" waiting: it is never started and never records the outcome).
    fake.failNext({ deliverThenHang: true });
    void srv.channel.drain();
    await waitFor(() => fake.sentTo('k1').length === 1, 'delivered by the dying instance');
    expect(outboxRows(srv)).toMatchObject([{ status: 'sending' }]);

    // A new instance over the same database file, after the dead one's lease ran out.
    const next = await startChannelServer({ fake, dbFile, bot: new EchoBot(), clock, start: false });
    cleanups.push(() => next.close({ force: true }));
    clock.advance(2 * MINUTE + 1);
    await next.channel.drain();
    expect(fake.sentTo('k1')).toHaveLength(1);
    expect(outboxRows(next)).toMatchObject([{ status: 'delivered' }]);

    // The dead process's connection finally breaks: its late outcome must not overwrite the truth.
    fake.releaseHung();
    await new Promise((r) => setTimeout(r, 100));
    expect(outboxRows(next)).toMatchObject([{ status: 'delivered' }]);

    // And a row claimed but never sent (killed before the HTTP call) is sent once by the survivor.
    await next.channel.proactiveSender.send({ channelId: 'zalo', conversationId: 'zalo:k1', userId: 'k1', reference: { userId: 'k1' } }, [{ text: 'Luật sư: đã nhận hồ sơ.' }], { tag: 'k1-reply' });
    srv.db.prepare(`UPDATE zalo_outbox SET status = 'sending', lease_owner = 'dead', lease_until = ? WHERE status = 'pending'`).run(clock.now() + 2 * MINUTE);
    clock.advance(2 * MINUTE + 1);
    await next.channel.drain();
    expect(fake.sentTo('k1').map((m) => m.text)).toEqual(['Dạ, em nhận được: cau 1', 'Luật sư: đã nhận hồ sơ.']);
    expect(outboxRows(next).map((r) => r.status)).toEqual(['delivered', 'delivered']);
    expect(await next.channel.deliveryStatus('k1-reply')).toEqual({ state: 'delivered' });
  });
});
