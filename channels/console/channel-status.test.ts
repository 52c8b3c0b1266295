/**
 * Token health of the Zalo channel in the console: the real server with the Zalo channel (HTTP
 * fake of Zalo's API) and the console mounted. Admins and coordinators always see the token
 * state; lawyers hear of it only when their messages to citizens on Zalo cannot leave.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromLocal } from '../../bot/handoff/index.js';
import type { FakeZalo } from '../zalo/fake/fake-zalo.js';
import { FakeClock as ZaloClock, startFake } from '../zalo/fake/harness.js';
import { ConsoleClient } from './testing/console-client.js';
import { HANDOFF_PASSWORD, startHandoffApp, type HandoffApp } from '../../test/handoff-app.js';

let app: HandoffApp;
let fake: FakeZalo;
const clock = new ZaloClock(fromLocal('2026-11-30', '09:00').getTime());

beforeAll(async () => {
  fake = await startFake(clock);
  app = await startHandoffApp({ zalo: { fake, clock } });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await fake?.stop();
});

/** The channel-status section of a page, as text ('' when absent). */
function statusOf(page: string): string {
  const m = /<section class="channel-status"[^>]*>([\s\S]*?)<\/section>/.exec(page);
  return m ? m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim() : '';
}

describe('Zalo token health in the console', () => {
  it('admins see the token state, lawyers only a problem; a rejected refresh token asks for consent again', async () => {
    const admin = new ConsoleClient(app.url);
    await admin.login('quantri', HANDOFF_PASSWORD);
    const coordinator = new ConsoleClient(app.url);
    await coordinator.login('dieuphoi', HANDOFF_PASSWORD);
    const lawyer = new ConsoleClient(app.url);
    await lawyer.login('ls1', HANDOFF_PASSWORD);

    expect(statusOf((await admin.get('/console/users')).text)).toMatch(/^Kết nối Zalo OA: đang hoạt động/);
    expect(statusOf((await coordinator.get('/console/sla')).text)).toContain('Kết nối Zalo OA: đang hoạt động');
    expect(statusOf((await lawyer.get('/console/')).text)).toBe('');

    // Zalo revokes the OA's consent: the next send finds the access token refused and the refresh rejected.
    fake.revokeRefreshTokens();
    fake.expireAccessTokens();
    const { body, headers } = fake.webhook(fake.textEvent('zalo-user-h', 'xin chào'));
    expect((await fetch(`${app.url}/zalo/webhook`, { method: 'POST', body, headers })).status).toBe(200);
    await expect.poll(async () => (await app.zaloChannel!.health()).token, { timeout: 15_000 }).toBe('refresh_rejected');

    const adminPage = (await admin.get('/console/users')).text;
    expect(statusOf(adminPage)).toContain('Kết nối Zalo OA: Zalo đã từ chối quyền truy cập');
    expect(statusOf(adminPage)).toContain('cấp quyền lại tại /zalo/oauth/start');
    expect(adminPage).toMatch(/<p role="alert" class="warn" data-channel="zalo" data-state="refresh_rejected">/);
    const lawyerStatus = statusOf((await lawyer.get('/console/')).text);
    expect(lawyerStatus).toBe('Kênh Zalo OA đang gặp sự cố: tin nhắn anh/chị gửi người dân trên Zalo OA sẽ được gửi khi kết nối lại.');
    expect(lawyerStatus).not.toContain('oauth');
  }, 60_000);
});
