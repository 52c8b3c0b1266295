/**
 * The handoff with the citizen on Zalo: signed webhooks into the real Zalo channel (HTTP fake of
 * Zalo's API on a loopback port), the real assistant with triage, the lawyer console over HTTP.
 * Lawyer replies go out through the Zalo outbox; a reply after Zalo's 7-day window is reported
 * in the console and the case flagged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromLocal } from '../../bot/handoff/index.js';
import { lawyer } from '../../bot/handoff/testing/fixtures.js';
import { TRIAGE_BUTTONS } from '../../bot/triage/index.js';
import type { FakeZalo } from '../zalo/fake/fake-zalo.js';
import { FakeClock as ZaloClock, startFake } from '../zalo/fake/harness.js';
import { ConsoleClient } from './testing/console-client.js';
import { HANDOFF_PASSWORD, startHandoffApp, type HandoffApp } from '../../test/handoff-app.js';

let app: HandoffApp;
let fake: FakeZalo;
const clock = new ZaloClock(fromLocal('2026-11-30', '09:00').getTime());
const USER = 'zalo-user-7';
const LAWYER_ZALO = 'zalo-lawyer-1';

beforeAll(async () => {
  fake = await startFake(clock);
  app = await startHandoffApp({ zalo: { fake, clock } });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await fake?.stop();
});

async function say(text: string): Promise<void> {
  const { body, headers } = fake.webhook(fake.textEvent(USER, text));
  const res = await fetch(`${app.url}/zalo/webhook`, { method: 'POST', body, headers });
  expect(res.status).toBe(200);
}

async function waitForSent(re: RegExp, timeoutMs = 15_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const hit = fake.sentTo(USER).find((m) => re.test(m.text ?? ''));
    if (hit) return hit.text!;
    if (Date.now() > until) throw new Error(`nothing matching ${re} sent to the citizen; got:\n${fake.sentTo(USER).map((m) => m.text).join('\n---\n')}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

describe('handoff with the citizen on Zalo', () => {
  it('citizen on Zalo ↔ lawyer console, and the 7-day window is reported', async () => {
    // L1 follows the OA: offers reach them on Zalo too.
    await app.legalAid.rota.importRota({ lawyers: [lawyer('L1', { name: 'Nguyễn Văn Mẫu', zaloUserId: LAWYER_ZALO })] });
    fake.interact(LAWYER_ZALO);
    await say('Nhà hàng xóm xây tường lấn sang đất nhà tôi gần một mét, tôi nói thì họ không chịu dỡ, giờ tôi phải làm sao?');
    await waitForSent(/luật sư/i);

    // Zalo shows the suggested actions as buttons whose tap sends their text back.
    const prefer = [TRIAGE_BUTTONS.wantLawyer, TRIAGE_BUTTONS.agree, TRIAGE_BUTTONS.noGroup, TRIAGE_BUTTONS.morning, TRIAGE_BUTTONS.send];
    let caseId: string | undefined;
    for (let step = 0; step < 10 && !caseId; step++) {
      const before = fake.sentTo(USER).length;
      const offered = fake.sentTo(USER).flatMap((m) => m.buttons ?? []).map((b) => b.title);
      const choice = [...prefer].find((p) => offered.slice(-6).includes(p));
      expect(choice, `no button to continue; buttons: ${offered.slice(-6).join(', ')}`).toBeDefined();
      await say(choice!);
      const until = Date.now() + 15_000;
      while (fake.sentTo(USER).length === before && Date.now() < until) await new Promise((r) => setTimeout(r, 30));
      await new Promise((r) => setTimeout(r, 200));
      caseId = /HN-[A-Z0-9]+-TV-\d{4}-\d{4}/.exec(fake.sentTo(USER).map((m) => m.text ?? '').join('\n'))?.[0];
    }
    expect(caseId).toBeDefined();
    expect(await app.legalAid.service.getCase(caseId!)).toMatchObject({ status: 'offered', lawyerId: 'L1', address: { channelId: 'zalo' } });
    await expect.poll(() => fake.sentTo(LAWYER_ZALO).map((m) => m.text ?? '').join('\n'), { timeout: 15_000 }).toContain(`Có hồ sơ mới mời anh/chị nhận: ${caseId}`);
    expect(fake.sentTo(LAWYER_ZALO).map((m) => m.text).join('\n')).not.toContain('lấn sang');

    const ls1 = new ConsoleClient(app.url);
    await ls1.login('ls1', HANDOFF_PASSWORD);
    await ls1.get(`/console/cases/${caseId}`);
    expect((await ls1.post(`/console/cases/${caseId}/accept`)).status).toBe(303);
    await waitForSent(/Nguyễn Văn Mẫu đã nhận hồ sơ/);

    await say('Tôi có sổ đỏ từ năm 2005');
    await expect
      .poll(async () => (await app.legalAid.service.transcript(caseId!)).some((e) => e.from === 'citizen' && e.text.includes('sổ đỏ')), { timeout: 15_000 })
      .toBe(true);

    const reply = await ls1.request('POST', `/console/cases/${caseId}/reply`, {
      json: { text: 'Anh/chị mang sổ đỏ đến UBND phường để yêu cầu hoà giải nhé.' },
      headers: { 'x-csrf-token': ls1.csrf },
    });
    expect(JSON.parse(reply.text).result.delivery).toBe('sent');
    await waitForSent(/Nguyễn Văn Mẫu:.*hoà giải/s);

    // Eight days of silence: Zalo refuses (-230); the console shows it and the case is flagged.
    clock.advance(8 * 86_400_000);
    expect((await ls1.get(`/console/cases/${caseId}`)).status).toBe(303); // the session expired meanwhile
    await ls1.login('ls1', HANDOFF_PASSWORD);
    await ls1.get(`/console/cases/${caseId}`);
    const late = await ls1.request('POST', `/console/cases/${caseId}/reply`, {
      json: { text: 'Anh/chị đã đi hoà giải chưa ạ?' },
      headers: { 'x-csrf-token': ls1.csrf },
    });
    // Zalo's own reason (-230, the 7-day window), in words the lawyer can act on: how long the
    // citizen has been silent, why Zalo refuses, when it works again; the code only for support.
    const lateResult = JSON.parse(late.text).result as { delivery: string; deliveryError: string };
    expect(lateResult.delivery).toBe('failed');
    expect(lateResult.deliveryError).toContain('người dân đã 8 ngày không nhắn tin, quá 7 ngày Zalo cho phép trả lời');
    expect(lateResult.deliveryError).toContain('sau khi người dân nhắn lại');
    expect(lateResult.deliveryError).toContain('mã lỗi kênh -230');
    expect(lateResult.deliveryError).not.toMatch(/User has not interacted|Zalo error/);
    expect((await app.legalAid.service.getCase(caseId!))!.flagged).toBe(true);
    await expect.poll(() => fake.rejections.some((r) => r.error === -230 && r.userId === USER), { timeout: 15_000 }).toBe(true);
    expect(fake.sentTo(USER).some((m) => (m.text ?? '').includes('đã đi hoà giải chưa'))).toBe(false);

    // The citizen writes again (window reopens); the lawyer closes; the citizen is back with the bot.
    await say('Dạ tôi đã đi hoà giải rồi, cảm ơn luật sư');
    await expect
      .poll(async () => (await app.legalAid.service.transcript(caseId!)).some((e) => e.text.includes('đã đi hoà giải rồi')), { timeout: 15_000 })
      .toBe(true);
    expect((await ls1.post(`/console/cases/${caseId}/close`, { outcome: 'advised' })).status).toBe(303);
    await waitForSent(/kết thúc buổi tư vấn/);
  }, 90_000);
});
