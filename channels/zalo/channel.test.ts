import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ActivityHandler, MessageFactory, type TurnContext } from '@microsoft/agents-hosting';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileStore } from '../../bot/index.js';
import { createSealedBox } from '../../storage/index.js';
import { FakeClock, TEST_ZALO, startChannelServer, startFake, tempDir, waitFor, type ChannelServer } from './fake/harness.js';
import type { FakeZalo } from './fake/fake-zalo.js';
import type { SealedBox } from '../../bot/ports/index.js';

type Reply = (text: string, context: TurnContext) => Promise<void> | void;

/** Stub bot: hands each message to `reply`; records what it saw. */
class FakeBot extends ActivityHandler {
  readonly seen: { text: string; capabilities: unknown; userId?: string; conversationId?: string; channelId?: string }[] = [];
  constructor(reply: Reply) {
    super();
    this.onMessage(async (ctx, next) => {
      this.seen.push({
        text: ctx.activity.text ?? '',
        capabilities: ctx.turnState.get('tthc.capabilities'),
        userId: ctx.activity.from?.id,
        conversationId: ctx.activity.conversation?.id,
        channelId: ctx.activity.channelId,
      });
      await reply(ctx.activity.text ?? '', ctx);
      await next();
    });
  }
}

const echo = () => new FakeBot(async (text, ctx) => void (await ctx.sendActivity(`Dạ, em nhận được: ${text}`)));

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(opts: { bot?: ActivityHandler; clock?: FakeClock; start?: boolean; box?: SealedBox; extra?: Parameters<typeof startChannelServer>[0]['extra'] } = {}) {
  const clock = opts.clock ?? new FakeClock();
  const fake = await startFake(clock);
  const dir = tempDir();
  const dbFile = path.join(dir, 'tthc.sqlite');
  const tokens = fake.issueTokens();
  const bot = opts.bot ?? echo();
  const srv = await startChannelServer({ fake, dbFile, bot, tokens, clock, start: opts.start, box: opts.box, extra: opts.extra });
  cleanups.push(async () => {
    await srv.close({ force: true });
    await fake.stop();
  });
  return { clock, fake, dbFile, srv, bot, tokens };
}

async function say(srv: ChannelServer, fake: FakeZalo, user: string, text: string, msgId?: string) {
  const { body, headers } = fake.webhook(fake.textEvent(user, text, msgId));
  return srv.post(body, headers);
}

describe('Zalo channel over HTTP with the fake Zalo', () => {
  it('answers a text message through /v3.0/oa/message/cs and declares Zalo capabilities', async () => {
    const { fake, srv, bot } = await setup();
    const res = await say(srv, fake, 'u1', 'lam lai cccd o dau');
    expect(res.status).toBe(200);
    await waitFor(() => fake.sentTo('u1').length === 1, 'reply');
    expect(fake.sentTo('u1')[0]!.text).toBe('Dạ, em nhận được: lam lai cccd o dau');
    const seen = (bot as FakeBot).seen[0]!;
    expect(seen).toMatchObject({ userId: 'u1', conversationId: 'zalo:u1', channelId: 'zalo' });
    expect(seen.capabilities).toEqual({ maxMessageLength: 2000, maxButtons: 8, markdown: false, files: true, moreActions: true });
    await waitFor(async () => (await srv.channel.health()).outbox.delivered === 1, 'delivery recorded');
    expect(await srv.channel.health()).toMatchObject({ status: 'ok', token: 'ok', outbox: { delivered: 1, pending: 0 } });
  });

  it('splits a long answer at sentence boundaries into messages of at most 2,000 characters', async () => {
    const sentence = (i: number) => `Câu số ${i}: anh/chị chuẩn bị tờ khai, giấy khai sinh bản chính và căn cước còn hiệu lực để nộp tại Trung tâm Phục vụ hành chính công phường.`;
    const long = Array.from({ length: 40 }, (_, i) => sentence(i + 1)).join(' ');
    // Decomposed diacritics (NFD) must come out composed and unbroken.
    const bot = new FakeBot(async (_t, ctx) => void (await ctx.sendActivity(long.normalize('NFD'))));
    const { fake, srv } = await setup({ bot });
    await say(srv, fake, 'u2', 'ho so gom gi');
    await waitFor(() => fake.sentTo('u2').length >= 3, 'split replies');
    await srv.channel.drain();
    const parts = fake.sentTo('u2').map((m) => m.text!);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(2000);
      expect(p).toBe(p.normalize('NFC'));
      expect(p).toMatch(/^Câu số \d+:.*\.$/s);
    }
    expect(parts.join(' ')).toBe(long);
  });

  it('shows at most three oa.query.hide buttons, the rest behind "Thêm"; a tap comes back as text', async () => {
    const actions = ['Đăng ký khai sinh', 'Đăng ký kết hôn', 'Cấp lại căn cước', 'Đăng ký thường trú', 'Đăng ký tạm trú', 'Khai tử', 'Khác'];
    const bot = new FakeBot(async (text, ctx) => {
      if (text.startsWith('chon:')) await ctx.sendActivity(`Dạ, anh/chị đã chọn ${text.slice(5)}.`);
      else await ctx.sendActivity(MessageFactory.suggestedActions(actions.map((a) => ({ type: 'imBack', title: a, value: `chon:${a}` })), 'Dạ, anh/chị cần thủ tục nào?'));
    });
    const { fake, srv } = await setup({ bot });
    await say(srv, fake, 'u3', 'xin chao');
    await waitFor(() => fake.sentTo('u3').length === 1, 'buttons');
    const m = fake.sentTo('u3')[0]!;
    expect(m.text).toBe('Dạ, anh/chị cần thủ tục nào?');
    expect(m.buttons).toEqual([
      { title: 'Đăng ký khai sinh', type: 'oa.query.hide', payload: 'chon:Đăng ký khai sinh' },
      { title: 'Đăng ký kết hôn', type: 'oa.query.hide', payload: 'chon:Đăng ký kết hôn' },
      { title: 'Thêm', type: 'oa.query.hide', payload: 'Thêm' },
    ]);
    // Zalo sends the hidden payload of the tapped button as the user's text.
    await say(srv, fake, 'u3', m.buttons![1]!.payload as string);
    await waitFor(() => fake.sentTo('u3').length === 2, 'tap reply');
    expect(fake.sentTo('u3')[1]!.text).toBe('Dạ, anh/chị đã chọn Đăng ký kết hôn.');

    // "Thêm" is answered by the channel with the rest (one template holds five), without the bot.
    const turns = (bot as FakeBot).seen.length;
    await say(srv, fake, 'u3', m.buttons![2]!.payload as string);
    await waitFor(() => fake.sentTo('u3').length === 3, 'more actions');
    const more = fake.sentTo('u3')[2]!;
    expect(more.text).toBe('Dạ, anh/chị chọn thêm:');
    expect(more.buttons!.map((b) => b.title)).toEqual(['Cấp lại căn cước', 'Đăng ký thường trú', 'Đăng ký tạm trú', 'Khai tử', 'Khác']);
    expect((bot as FakeBot).seen).toHaveLength(turns);
    await say(srv, fake, 'u3', more.buttons![3]!.payload as string);
    await waitFor(() => fake.sentTo('u3').length === 4, 'tap on a revealed action');
    expect(fake.sentTo('u3')[3]!.text).toBe('Dạ, anh/chị đã chọn Khai tử.');

    // Typed by someone with no "Thêm" pending, the word goes to the bot.
    await say(srv, fake, 'u3b', 'Thêm');
    await waitFor(() => fake.sentTo('u3b').length === 1, 'bot reply');
    expect((bot as FakeBot).seen.at(-1)).toMatchObject({ text: 'Thêm', userId: 'u3b' });
    expect(fake.rejections).toEqual([]);
  });

  it('refreshes an expired access token once and retries once', async () => {
    const { fake, srv } = await setup();
    fake.expireAccessTokens();
    await say(srv, fake, 'u4', 'phi lam ho chieu');
    await waitFor(() => fake.sentTo('u4').length === 1, 'reply after refresh');
    expect(fake.refreshCount()).toBe(1);
    expect(fake.rejections.filter((r) => r.error === -220)).toHaveLength(1);
    await say(srv, fake, 'u4', 'cam on');
    await waitFor(() => fake.sentTo('u4').length === 2, 'second reply');
    expect(fake.refreshCount()).toBe(1);
  });

  it('two instances sharing the database refresh concurrently without burning the refresh token', async () => {
    const clock = new FakeClock();
    const { fake, srv, dbFile } = await setup({ clock });
    const other = await startChannelServer({ fake, dbFile, bot: echo(), clock });
    cleanups.push(() => other.close({ force: true }));
    // A known expiry, then move past the early-refresh margin.
    const pair = fake.issueTokens();
    await srv.channel.tokens.saveConsent(pair);
    clock.advance(pair.expiresIn * 1000 - 60_000);
    const [a, b] = await Promise.all([srv.channel.tokens.getAccessToken(), other.channel.tokens.getAccessToken()]);
    expect(a).toBe(b);
    expect(a).not.toBe(pair.accessToken);
    expect(fake.refreshCount()).toBe(1);
    expect(fake.tokenCalls.every((c) => c.ok)).toBe(true);
    // Both keep working: messages through either instance are answered with the new token.
    await say(srv, fake, 'u5a', 'a');
    await say(other, fake, 'u5b', 'b');
    await waitFor(() => fake.sentTo('u5a').length === 1 && fake.sentTo('u5b').length === 1, 'replies');
    expect((await srv.channel.health()).token).toBe('ok');
  });

  it('keeps OA tokens encrypted at rest with the project key', async () => {
    const { fake, srv } = await setup({ box: createSealedBox(randomBytes(32)) });
    fake.expireAccessTokens();
    await say(srv, fake, 'u19', 'xin chao');
    await waitFor(() => fake.sentTo('u19').length === 1, 'reply after refresh');
    const row = srv.db.prepare(`SELECT access_token, refresh_token FROM zalo_tokens`).get() as { access_token: string; refresh_token: string };
    const current = await srv.channel.tokens.getAccessToken();
    expect(row.access_token.startsWith('v1.')).toBe(true);
    expect(row.refresh_token.startsWith('v1.')).toBe(true);
    expect(JSON.stringify(row)).not.toContain(current);
    expect(fake.refreshCount()).toBe(1);
  });

  it('seals queued bodies and payloads at rest; eraseUser and purgeBefore remove rows', async () => {
    const clock = new FakeClock();
    const { fake, srv, dbFile } = await setup({ clock, start: false });
    const idNumber = '001099012345';
    await say(srv, fake, 'u30', `so cccd cua toi la ${idNumber}`);
    await srv.channel.proactiveSender.send({ channelId: 'zalo', conversationId: 'zalo:u30', userId: 'u30', reference: { userId: 'u30' } }, [
      { text: `Luật sư: số CCCD ${idNumber} của anh/chị đã ghi nhận.` },
    ]);
    await srv.channel.proactiveSender.send({ channelId: 'zalo', conversationId: 'zalo:u31', userId: 'u31', reference: { userId: 'u31' } }, [{ text: 'Chào anh/chị.' }]);
    srv.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = fs.readFileSync(dbFile);
    expect(bytes.includes(Buffer.from(idNumber))).toBe(false);
    const raw = srv.db.prepare(`SELECT payload FROM zalo_outbox`).all() as { payload: string }[];
    expect(raw.every((r) => r.payload.startsWith('v1.'))).toBe(true);

    // Sent later, the sealed rows open again and go out as written (queued first, sent first).
    await srv.channel.drain();
    expect(fake.sentTo('u30').map((m) => m.text)).toEqual([
      `Luật sư: số CCCD ${idNumber} của anh/chị đã ghi nhận.`,
      `Dạ, em nhận được: so cccd cua toi la ${idNumber}`,
    ]);
    expect(await srv.channel.eraseUser('u30')).toEqual({ inbox: 1, outbox: 2 });
    expect(srv.db.prepare(`SELECT COUNT(*) AS n FROM zalo_outbox WHERE user_id = 'u30'`).get()).toEqual({ n: 0 });
    expect(await srv.channel.purgeBefore(clock.now())).toEqual({ inbox: 0, outbox: 0 });
    expect(await srv.channel.purgeBefore(clock.now() + 1)).toEqual({ inbox: 0, outbox: 1 });
    expect((await srv.channel.health()).outbox).toMatchObject({ delivered: 0, pending: 0 });
  });

  it('answers a duplicate webhook delivery once', async () => {
    const { fake, srv } = await setup();
    const { body, headers } = fake.webhook(fake.textEvent('u6', 'dang ky tam tru', 'msg-dup-1'));
    const results = await Promise.all([srv.post(body, headers), srv.post(body, headers), srv.post(body, headers)]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    await waitFor(() => fake.sentTo('u6').length === 1, 'reply');
    await srv.channel.drain();
    await srv.post(body, headers);
    await srv.channel.drain();
    expect(fake.sentTo('u6')).toHaveLength(1);
    expect((await srv.channel.health()).inbox.done).toBe(1);
  });

  it('answers an event accepted before a crash once after restart (new instance, same database)', async () => {
    const clock = new FakeClock();
    let release!: () => void;
    const stuck = new FakeBot(() => new Promise<void>((r) => (release = r)));
    const { fake, srv, dbFile } = await setup({ clock, bot: stuck });
    expect((await say(srv, fake, 'u7', 'mat giay khai sinh')).status).toBe(200);
    expect((await say(srv, fake, 'u7', 'lam lai the nao')).status).toBe(200);
    await waitFor(() => stuck.seen.length === 1, 'first turn started');
    // "Crash": the first process never finishes; a second process starts on the same file.
    const restarted = await startChannelServer({ fake, dbFile, bot: echo(), clock, start: false });
    cleanups.push(() => restarted.close({ force: true }));
    await restarted.channel.drain();
    expect(fake.sentTo('u7')).toHaveLength(0); // the dead process still holds its lease
    clock.advance(121_000); // lease expired
    await restarted.channel.drain();
    expect(fake.sentTo('u7').map((m) => m.text)).toEqual(['Dạ, em nhận được: mat giay khai sinh', 'Dạ, em nhận được: lam lai the nao']);
    // The zombie finishing late must not answer again.
    release();
    await new Promise((r) => setTimeout(r, 50));
    await restarted.channel.drain();
    expect(fake.sentTo('u7')).toHaveLength(2);
  });

  it('a forced stop then restart answers everything accepted, once', async () => {
    const { fake, srv, dbFile, tokens } = await setup({ start: false });
    for (let i = 0; i < 5; i++) expect((await say(srv, fake, `u8-${i % 2}`, `cau ${i}`)).status).toBe(200);
    await srv.close({ force: true });
    const next = await startChannelServer({ fake, dbFile, bot: echo(), tokens });
    cleanups.push(() => next.close({ force: true }));
    await waitFor(() => fake.sent.length === 5, 'all replies');
    expect(fake.sentTo('u8-0').map((m) => m.text)).toEqual(['Dạ, em nhận được: cau 0', 'Dạ, em nhận được: cau 2', 'Dạ, em nhận được: cau 4']);
  });

  it('records an unfollowed user as undeliverable and a closed 7-day window as expired, and shows both to operators', async () => {
    const clock = new FakeClock();
    const { fake, srv } = await setup({ clock });
    fake.setUser('u9', { follower: false });
    await say(srv, fake, 'u9', 'xin chao');
    await waitFor(async () => (await srv.channel.health()).outbox.undeliverable === 1, 'undeliverable record');
    // A proactive message (lawyer's reply) to a user silent for 8 days.
    await say(srv, fake, 'u10', 'toi can luat su');
    await waitFor(() => fake.sentTo('u10').length === 1, 'first reply');
    clock.advance(8 * 24 * 3600 * 1000);
    const report = await srv.channel.proactiveSender.send(
      { channelId: 'zalo', conversationId: 'zalo:u10', userId: 'u10', reference: { userId: 'u10' } },
      [{ text: 'Dạ, luật sư trả lời anh/chị như sau.' }],
      { waitMs: 5000, tag: 'lawyer-reply-1' },
    );
    // The sender answers with the final state, not "queued".
    expect(report).toMatchObject({ state: 'expired', reason: 'window_closed' });
    expect(await srv.channel.deliveryStatus('lawyer-reply-1')).toMatchObject({ state: 'expired', reason: 'window_closed' });
    const health = await srv.channel.health();
    expect(health.outbox).toMatchObject({ undeliverable: 1, expired: 1 });
    expect(health.problems.join(' ')).toMatch(/1 undeliverable and 1 expired/);
    const denied = await fetch(`${srv.url}/zalo/admin/undeliverable`);
    expect(denied.status).toBe(401);
    const res = await fetch(`${srv.url}/zalo/admin/undeliverable`, { headers: { authorization: `Bearer ${TEST_ZALO.adminToken}` } });
    const { items } = (await res.json()) as { items: { userId: string; status: string; reason: string; errorCode: number; message: { message: { text: string } } }[] };
    expect(items.map((i) => [i.userId, i.status, i.reason, i.errorCode])).toEqual([
      ['u10', 'expired', 'window_closed', -230],
      ['u9', 'undeliverable', 'unfollowed', -213],
    ]);
    expect(items[0]!.message.message.text).toBe('Dạ, luật sư trả lời anh/chị như sau.');
    expect(fake.sentTo('u9')).toHaveLength(0);
  });

  it('rejects a forged or missing signature with 401 and stores nothing', async () => {
    const { fake, srv, bot } = await setup();
    const { body, headers } = fake.webhook(fake.textEvent('u11', 'hello'));
    const forged = await srv.post(body, { ...headers, 'x-zevent-signature': `mac=${'0'.repeat(64)}` });
    expect(forged.status).toBe(401);
    const tampered = await srv.post(body.replace('hello', 'hellO'), headers);
    expect(tampered.status).toBe(401);
    const { 'x-zevent-signature': _omit, ...unsigned } = headers;
    expect((await srv.post(body, unsigned)).status).toBe(401);
    await srv.channel.drain();
    expect((await srv.channel.health()).inbox).toEqual({ pending: 0, processing: 0, failed: 0, done: 0 });
    expect((bot as FakeBot).seen).toHaveLength(0);
  });

  it('rejects malformed JSON with 400 and stores nothing; accepts the console test POST', async () => {
    const { srv } = await setup();
    const bad = await srv.post('{"event_name": "user_send_text", ', { 'content-type': 'application/json', 'x-zevent-signature': `mac=${'a'.repeat(64)}` });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ error: { code: 'bad_request:zalo_json' } });
    const empty = await srv.post('', { 'content-type': 'application/json' });
    expect(empty.status).toBe(200);
    expect((await srv.channel.health()).inbox).toEqual({ pending: 0, processing: 0, failed: 0, done: 0 });
  });

  it('pauses on a rate limit without counting it as a failure, then backs off exponentially on 5xx', async () => {
    const clock = new FakeClock();
    const { fake, srv } = await setup({ clock, extra: { tuning: { rateLimitPauseMs: 10_000 } } });
    fake.failNext({ error: -32, message: 'Rate limit' }, 1);
    fake.failNext({ httpStatus: 502 }, 2);
    await say(srv, fake, 'u12', 'le phi');
    await waitFor(() => fake.rejections.some((r) => r.error === -32), 'rate limited');
    await srv.channel.drain();
    const row = async () => (await srv.channel.health()).outbox;
    expect(await row()).toMatchObject({ pending: 1, delivered: 0 });
    clock.advance(9_999);
    await srv.channel.drain();
    expect(fake.apiCalls).toBe(1); // still paused
    clock.advance(1);
    await srv.channel.drain(); // 502 #1: the first real failure waits the base delay (1 s)
    expect(fake.apiCalls).toBe(2);
    clock.advance(999);
    await srv.channel.drain();
    expect(fake.apiCalls).toBe(2);
    clock.advance(1);
    await srv.channel.drain(); // 502 #2: twice the base delay (2 s)
    expect(fake.apiCalls).toBe(3);
    clock.advance(1_999);
    await srv.channel.drain();
    expect(fake.apiCalls).toBe(3);
    clock.advance(1);
    await srv.channel.drain();
    expect(fake.sentTo('u12')).toHaveLength(1);
    expect(await row()).toMatchObject({ pending: 0, delivered: 1 });
  });

  it('honours Retry-After on HTTP 429', async () => {
    const clock = new FakeClock();
    const { fake, srv } = await setup({ clock });
    fake.failNext({ httpStatus: 429, retryAfterS: 42 });
    await say(srv, fake, 'u12b', 'le phi');
    await waitFor(() => fake.apiCalls === 1, 'first call');
    await srv.channel.drain();
    clock.advance(41_999);
    await srv.channel.drain();
    expect(fake.sentTo('u12b')).toHaveLength(0);
    clock.advance(1);
    await srv.channel.drain();
    expect(fake.sentTo('u12b')).toHaveLength(1);
  });

  it('does not repeat a send whose answer was lost, and repeats one that never arrived', async () => {
    const clock = new FakeClock();
    const { fake, srv } = await setup({ clock });
    fake.failNext({ deliverThenDrop: true });
    await say(srv, fake, 'u18', 'cau mot');
    await waitFor(() => fake.sentTo('u18').length === 1, 'delivered (answer lost)');
    await srv.channel.drain();
    expect((await srv.channel.health()).outbox).toMatchObject({ delivered: 0, pending: 1 });
    clock.advance(1_000);
    await srv.channel.drain();
    expect(fake.sentTo('u18')).toHaveLength(1);
    expect((await srv.channel.health()).outbox).toMatchObject({ delivered: 1, pending: 0 });

    fake.failNext({ drop: true });
    await say(srv, fake, 'u18', 'cau hai');
    await waitFor(async () => (await srv.channel.health()).outbox.pending === 1, 'retry scheduled');
    await srv.channel.drain();
    clock.advance(1_000);
    await srv.channel.drain();
    expect(fake.sentTo('u18').map((m) => m.text)).toEqual(['Dạ, em nhận được: cau mot', 'Dạ, em nhận được: cau hai']);
  });

  it('replies politely to media, welcomes followers, ignores echoes', async () => {
    const { fake, srv, bot } = await setup();
    const img = fake.webhook(fake.event('user_send_image', 'u13', { message: { msg_id: 'img-1', attachments: [{ type: 'image', payload: { url: 'http://x/i.jpg' } }] } }));
    expect((await srv.post(img.body, img.headers)).status).toBe(200);
    const echoEvt = fake.webhook(fake.event('oa_send_text', 'u13', { message: { msg_id: 'echo-1', text: 'x' } }));
    expect((await srv.post(echoEvt.body, echoEvt.headers)).status).toBe(200);
    const follow = fake.webhook(fake.event('follow', 'u14'));
    expect((await srv.post(follow.body, follow.headers)).status).toBe(200);
    await waitFor(() => fake.sentTo('u13').length === 1 && fake.sentTo('u14').length === 2, 'replies');
    expect(fake.sentTo('u13')[0]!.text).toMatch(/^Dạ, em đã nhận được hình ảnh của anh\/chị, nhưng hiện em chỉ đọc được tin nhắn chữ/);
    expect(fake.sentTo('u14')[1]!.text).toMatch(/dữ liệu cá nhân/);
    expect((bot as FakeBot).seen).toHaveLength(0);
    expect((await srv.channel.health()).inbox.done).toBe(2);
  });

  it('hands user_submit_info fields to the profile hook', async () => {
    const got: unknown[] = [];
    const { fake, srv } = await setup({
      extra: {
        onSubmitInfo: async (info) => {
          got.push(info);
          return [{ text: 'Dạ, em đã lưu thông tin để điền tờ khai.' }];
        },
      },
    });
    const evt = fake.webhook(fake.event('user_submit_info', 'u15', { info: { name: 'Nguyễn Văn A', phone: '0912345678', ward: 'Phường Ba Đình' } }));
    expect((await srv.post(evt.body, evt.headers)).status).toBe(200);
    await waitFor(() => fake.sentTo('u15').length === 1, 'reply');
    expect(got).toEqual([expect.objectContaining({ userId: 'u15', conversationId: 'zalo:u15', fields: { name: 'Nguyễn Văn A', phone: '0912345678', ward: 'Phường Ba Đình' } })]);
    expect(fake.sentTo('u15')[0]!.text).toBe('Dạ, em đã lưu thông tin để điền tờ khai.');
  });

  it('uploads files through /v2.0/oa/upload/file and sends them by token; links become oa.open.url', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.4 fake');
    const files: FileStore = {
      put: async () => {
        throw new Error('unused');
      },
      get: async (id) => (id === 'f1' ? { name: 'to-khai.pdf', contentType: 'application/pdf', bytes: pdf, conversationId: 'zalo:u16' } : undefined),
    };
    const { fake, srv } = await setup({ extra: { fileStore: files } });
    await say(srv, fake, 'u16', 'xin chao');
    await waitFor(() => fake.sentTo('u16').length === 1, 'first reply');
    await srv.channel.proactiveSender.send({ channelId: 'zalo', conversationId: 'zalo:u16', userId: 'u16', reference: { userId: 'u16' } }, [
      {
        text: 'Dạ, tờ khai đã điền sẵn của anh/chị.',
        links: [{ title: 'Xem trên Cổng DVC', url: 'https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193' }],
        files: [{ name: 'to-khai.pdf', contentType: 'application/pdf', url: '/files/f1?c=x', fileId: 'f1' }],
      },
    ]);
    await waitFor(() => fake.sentTo('u16').length === 3, 'text + file');
    const [, withLink, file] = fake.sentTo('u16');
    expect(withLink!.buttons).toEqual([{ title: 'Xem trên Cổng DVC', type: 'oa.open.url', payload: { url: expect.stringContaining('ma_thu_tuc=1.001193') } }]);
    expect(fake.uploads).toEqual([expect.objectContaining({ name: 'to-khai.pdf', size: pdf.byteLength, kind: 'file' })]);
    expect(file!.fileToken).toBe(fake.uploads[0]!.token);
  });

  it('hands the composition root its parts: router, proactive sender, a worker, readiness and console status', async () => {
    const { fake, srv } = await setup({ start: false });
    const parts = srv.channel.parts;
    expect(parts.name).toBe('zalo');
    expect(parts.router).toBe(srv.channel.router);
    expect(parts.proactive?.zalo).toBe(srv.channel.proactiveSender);
    expect(await parts.health!.zalo!()).toEqual({ state: 'ok', detail: 'token ok' }); // a bootstrap token's expiry is unknown
    expect(parts.status!()).toMatchObject({ channel: 'zalo', state: 'ok', token: { state: 'ok' }, problems: [] });
    // Nothing runs until the root starts the worker; stopping it gives the claims back.
    await say(srv, fake, 'u40', 'xin chao');
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.sentTo('u40')).toHaveLength(0);
    const [worker] = parts.workers!;
    worker!.start();
    await waitFor(() => fake.sentTo('u40').length === 1, 'reply once the worker runs');
    fake.revokeRefreshTokens();
    fake.expireAccessTokens();
    await say(srv, fake, 'u40', 'con gi nua');
    await waitFor(async () => (await srv.channel.health()).token === 'refresh_rejected', 'degraded');
    expect(await parts.health!.zalo!()).toMatchObject({ state: 'degraded', detail: expect.stringContaining('token refresh_rejected') });
    expect(parts.status!()).toMatchObject({ state: 'degraded', token: { state: 'refresh_rejected' } });
    await worker!.stop();
    expect((await srv.channel.health()).inbox.processing).toBe(0);
  });

  it('keeps events queued while the refresh token is rejected, and resumes after admin consent (PKCE)', async () => {
    const { fake, srv } = await setup();
    fake.revokeRefreshTokens();
    fake.expireAccessTokens();
    await say(srv, fake, 'u17', 'dang ky ket hon');
    await waitFor(async () => (await srv.channel.health()).token === 'refresh_rejected', 'degraded');
    await say(srv, fake, 'u17', 'can giay to gi');
    await srv.channel.drain();
    expect(await srv.channel.health()).toMatchObject({ status: 'degraded', inbox: { pending: 1 } });
    expect(fake.sentTo('u17')).toHaveLength(0);

    const form = await fetch(`${srv.url}/zalo/oauth/start`, { redirect: 'manual' });
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('method="post"');
    const wrong = await fetch(`${srv.url}/zalo/oauth/start`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ admin_token: 'nope' }) });
    expect(wrong.status).toBe(401);
    const start = await fetch(`${srv.url}/zalo/oauth/start`, { redirect: 'manual', headers: { authorization: `Bearer ${TEST_ZALO.adminToken}` } });
    expect(start.status).toBe(302);
    const consent = new URL(start.headers.get('location')!);
    expect(consent.origin + consent.pathname).toBe(`${fake.baseUrl}/v4/oa/permission`);
    expect(consent.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(consent.searchParams.get('redirect_uri')).toBe(`${srv.url}/zalo/oauth/callback`);
    const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
    // The admin approves on Zalo; Zalo redirects back with code and state.
    const approved = await fetch(consent, { redirect: 'manual' });
    const callback = approved.headers.get('location')!;
    expect((await fetch(callback, { redirect: 'manual' })).status).toBe(400); // another browser: no session cookie
    // A token in the URL is ignored (it would land in logs): no redirect, just the form.
    const inQuery = await fetch(`${srv.url}/zalo/oauth/start?admin_token=${TEST_ZALO.adminToken}`, { redirect: 'manual' });
    expect(inQuery.status).toBe(200);
    expect(inQuery.headers.get('set-cookie')).toBeNull();
    // The browser way: the form posts the token in the body.
    const start2 = await fetch(`${srv.url}/zalo/oauth/start`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ admin_token: TEST_ZALO.adminToken }) });
    expect(start2.status).toBe(302);
    const cookie2 = start2.headers.get('set-cookie')!.split(';')[0]!;
    const callback2 = (await fetch(new URL(start2.headers.get('location')!), { redirect: 'manual' })).headers.get('location')!;
    const done = await fetch(callback2, { headers: { cookie: cookie2 } });
    expect(done.status).toBe(200);
    expect(cookie).not.toBe(cookie2);
    expect(fake.tokenCalls.filter((c) => c.grantType === 'authorization_code' && c.ok)).toHaveLength(1);
    await waitFor(() => fake.sentTo('u17').length === 2, 'queued events answered');
    expect((await srv.channel.health()).status).toBe('ok');
  });
});
