/**
 * Issue 13, end to end: a citizen on Zalo asks what the law says, gets the article, then asks
 * for a lawyer; the case page the offered lawyer opens lists the article the assistant quoted.
 * Real assistant (understanding, legal-info over the shipped statutes, triage), real Zalo
 * channel against the HTTP fake of Zalo, real server and console.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromLocal } from '../../bot/handoff/index.js';
import { TRIAGE_BUTTONS } from '../../bot/triage/index.js';
import type { FakeZalo } from '../zalo/fake/fake-zalo.js';
import { FakeClock as ZaloClock, startFake } from '../zalo/fake/harness.js';
import { ConsoleClient } from './testing/console-client.js';
import { HANDOFF_PASSWORD, startHandoffApp, type HandoffApp } from '../../test/handoff-app.js';

let app: HandoffApp;
let fake: FakeZalo;
const clock = new ZaloClock(fromLocal('2026-11-30', '09:00').getTime());
const USER = 'zalo-user-law';

beforeAll(async () => {
  fake = await startFake(clock);
  app = await startHandoffApp({ zalo: { fake, clock } });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await fake?.stop();
});

async function say(text: string): Promise<void> {
  const before = fake.sentTo(USER).length;
  const { body, headers } = fake.webhook(fake.textEvent(USER, text));
  expect((await fetch(`${app.url}/zalo/webhook`, { method: 'POST', body, headers })).status).toBe(200);
  await expect.poll(() => fake.sentTo(USER).length, { timeout: 15_000 }).toBeGreaterThan(before);
  await app.zaloChannel!.drain();
}

const texts = () => fake.sentTo(USER).map((m) => m.text ?? '').join('\n---\n');

describe('articles the assistant quoted reach the lawyer', () => {
  it('a legal question, then a request for a lawyer: the case page lists the quoted article', async () => {
    await say('thời hiệu chia thừa kế nhà đất là bao lâu');
    expect(texts()).toContain('Điều 623 Bộ luật Dân sự 2015 (91/2015/QH13)');

    await say('Bố mẹ tôi mất không để lại di chúc, anh cả đang giữ sổ đỏ và không chịu chia cho các em, tôi muốn hỏi luật sư');
    const prefer = [TRIAGE_BUTTONS.wantLawyer, TRIAGE_BUTTONS.agree, TRIAGE_BUTTONS.noGroup, TRIAGE_BUTTONS.morning, TRIAGE_BUTTONS.send];
    let caseId: string | undefined;
    for (let step = 0; step < 10 && !caseId; step++) {
      caseId = /HN-[A-Z0-9]+-TV-\d{4}-\d{4}/.exec(texts())?.[0];
      if (caseId) break;
      const last = fake.sentTo(USER).at(-1)!;
      let offered = (last.buttons ?? []).map((b) => String(b.payload));
      // Three buttons at most on Zalo: what triage needs may be behind "Thêm".
      if (!prefer.some((p) => offered.includes(p)) && offered.includes('Thêm')) {
        await say('Thêm');
        offered = (fake.sentTo(USER).at(-1)!.buttons ?? []).map((b) => String(b.payload));
      }
      const choice = prefer.find((p) => offered.includes(p));
      expect(choice, `no button to continue; got:\n${texts()}`).toBeDefined();
      await say(choice!);
    }
    expect(caseId, texts()).toBeDefined();
    expect((await app.legalAid.cases.get(caseId!))?.citedArticles).toContainEqual(expect.objectContaining({ document: '91/2015/QH13', article: '623' }));

    const routed = await app.legalAid.service.getCase(caseId!);
    expect(routed).toMatchObject({ status: 'offered' });
    const lawyer = new ConsoleClient(app.url);
    await lawyer.login(routed!.lawyerId === 'L1' ? 'ls1' : 'ls2', HANDOFF_PASSWORD);
    const page = await lawyer.get(`/console/cases/${caseId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Điều luật trợ lý đã trích dẫn cho người dân');
    const list = /<ul data-testid="case-cited-articles">([\s\S]*?)<\/ul>/.exec(page.text)?.[1] ?? '';
    expect(list).toContain('Điều 623 (91/2015/QH13)');
    expect(list).toContain('Thời hiệu thừa kế');
  }, 90_000);
});
