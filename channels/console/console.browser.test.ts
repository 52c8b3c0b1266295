/**
 * Browser test (Debian's Chromium through playwright-core): a citizen in Web Chat describes a
 * land dispute, consents and gets a case id; a lawyer on a phone-sized console logs in,
 * accepts and replies without reloading; the citizen sees the reply in Web Chat and their
 * answer appears live in the console; the lawyer closes; the citizen is back with the bot.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRIAGE_BUTTONS } from '../../bot/triage/index.js';
import { axeViolations, guardedPage, launchBrowser, screenshot } from '../../test/browser/harness.js';
import { HANDOFF_PASSWORD, startHandoffApp, type HandoffApp } from '../../test/handoff-app.js';

let app: HandoffApp;
let browser: Browser;

beforeAll(async () => {
  app = await startHandoffApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** Page object for the citizen's Web Chat. */
class CitizenChat {
  constructor(readonly page: Page) {}
  async open(url: string) {
    await this.page.goto(`${url}/`);
    await this.input().waitFor({ timeout: 30_000 });
  }
  input() {
    return this.page.locator('[data-testid="webchat"] [data-id="webchat-sendbox-input"]');
  }
  async say(text: string) {
    await this.input().fill(text);
    await this.input().press('Enter');
  }
  transcript() {
    return this.page.locator('[data-testid="webchat"]').innerText();
  }
  async waitForText(re: RegExp, timeout = 15_000) {
    await expect.poll(async () => re.test(await this.transcript()), { timeout, interval: 100 }).toBe(true);
  }
}

/** Page object for the lawyer console. */
class ConsolePage {
  constructor(readonly page: Page) {}
  async login(url: string, username: string, password: string) {
    await this.page.goto(`${url}/console/login`);
    await this.page.getByLabel('Tên đăng nhập').fill(username);
    await this.page.getByLabel('Mật khẩu').fill(password);
    await this.page.getByRole('button', { name: 'Đăng nhập' }).click();
    await this.page.waitForURL(/\/console\/$/);
  }
  transcript() {
    return this.page.getByTestId('transcript');
  }
}

const CASE_ID = /HN-[A-Z0-9]+-TV-\d{4}-\d{4}/;

describe('lawyer handoff in the browser', () => {
  it('citizen in Web Chat ↔ lawyer console on a phone', async () => {
    const citizenCtx = await guardedPage(browser, app.url);
    const chat = new CitizenChat(citizenCtx.page);
    await chat.open(app.url);
    await chat.say('Nhà hàng xóm xây tường lấn sang đất nhà tôi gần một mét, tôi nói thì họ không chịu dỡ, giờ tôi phải làm sao?');
    await chat.waitForText(/luật sư/i);

    const prefer = [TRIAGE_BUTTONS.wantLawyer, TRIAGE_BUTTONS.agree, TRIAGE_BUTTONS.noGroup, TRIAGE_BUTTONS.morning, TRIAGE_BUTTONS.send];
    let caseId: string | undefined;
    const actions = citizenCtx.page.locator('[data-testid="webchat"] .webchat__suggested-actions button');
    for (let step = 0; step < 10 && !caseId; step++) {
      // Wait for the bot's latest suggested actions to settle before choosing one.
      // (Web Chat hides the buttons as soon as the citizen sends, so an empty row can also mean
      // the reply with the case id is still on its way: wait for either.)
      await expect
        .poll(async () => (await actions.allInnerTexts()).some((t) => t.trim() !== '') || CASE_ID.test(await chat.transcript()), { timeout: 15_000 })
        .toBe(true);
      caseId = CASE_ID.exec(await chat.transcript())?.[0];
      if (caseId) break;
      const labels = (await actions.allInnerTexts()).map((t) => t.trim());
      const label = prefer.find((p) => labels.includes(p));
      expect(label, `no button to continue (offered: ${labels.join(', ')})`).toBeDefined();
      await actions.filter({ hasText: label! }).first().click();
      await expect.poll(async () => (await actions.allInnerTexts()).map((t) => t.trim()).join('|') !== labels.join('|') || CASE_ID.test(await chat.transcript()), { timeout: 15_000 }).toBe(true);
      caseId = CASE_ID.exec(await chat.transcript())?.[0];
    }
    expect(caseId).toBeDefined();
    await chat.waitForText(/luật sư tình nguyện/);
    await screenshot(citizenCtx.page, 'handoff-citizen-case-opened');

    // The lawyer, on a phone.
    const lawyerCtx = await guardedPage(browser, app.url, { viewport: { width: 390, height: 844 }, isMobile: true });
    const consolePage = new ConsolePage(lawyerCtx.page);
    await consolePage.login(app.url, 'ls1', HANDOFF_PASSWORD);
    expect(await axeViolations(lawyerCtx.page)).toEqual([]);
    await lawyerCtx.page.getByRole('link', { name: caseId }).click();
    await lawyerCtx.page.getByTestId('accept').click();
    await expect.poll(() => lawyerCtx.page.getByTestId('case-status').innerText()).toBe('Đang tư vấn');
    await chat.waitForText(/Luật sư Nguyễn Văn Mẫu đã nhận hồ sơ/);

    // Reply without reload: the page's marker survives, the reply appears in both places.
    await lawyerCtx.page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await lawyerCtx.page.getByTestId('reply-text').fill('Anh/chị mang sổ đỏ và ảnh bức tường đến UBND phường để yêu cầu hoà giải nhé.');
    await lawyerCtx.page.getByTestId('reply-send').click();
    await expect.poll(() => consolePage.transcript().innerText()).toContain('yêu cầu hoà giải');
    await chat.waitForText(/Luật sư Nguyễn Văn Mẫu:[\s\S]*hoà giải/);

    // The citizen answers; the console shows it live (SSE), still without reload.
    await chat.say('Dạ vâng, cảm ơn luật sư, tôi sẽ mang sổ đỏ đến');
    await expect.poll(() => consolePage.transcript().innerText(), { timeout: 15_000 }).toContain('tôi sẽ mang sổ đỏ đến');
    expect(await lawyerCtx.page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    expect(await axeViolations(lawyerCtx.page)).toEqual([]);
    await screenshot(lawyerCtx.page, 'handoff-console-case-live', true);

    // Close with an outcome; the citizen is told and is back with the bot.
    await lawyerCtx.page.getByTestId('outcome').selectOption('advised');
    await lawyerCtx.page.getByTestId('close').click();
    await expect.poll(() => lawyerCtx.page.getByTestId('case-status').innerText()).toBe('Đã đóng');
    await chat.waitForText(/kết thúc buổi tư vấn/);
    await chat.say('xin chào');
    await citizenCtx.page.waitForTimeout(1500);
    expect((await app.legalAid.service.transcript(caseId!)).some((e) => e.text === 'xin chào')).toBe(false);
    await screenshot(citizenCtx.page, 'handoff-citizen-back-to-bot');

    expect(citizenCtx.problems).toEqual({ consoleErrors: [], externalRequests: [] });
    expect(lawyerCtx.problems).toEqual({ consoleErrors: [], externalRequests: [] });
    await citizenCtx.context.close();
    await lawyerCtx.context.close();
  });

  it('coordinator and admin pages are accessible and usable on a phone', async () => {
    const { page, problems, context } = await guardedPage(browser, app.url, { viewport: { width: 390, height: 844 }, isMobile: true });
    await page.goto(`${app.url}/console/login`);
    expect(await axeViolations(page)).toEqual([]);
    const consolePage = new ConsolePage(page);
    await consolePage.login(app.url, 'dieuphoi', HANDOFF_PASSWORD);
    for (const path of ['/console/', '/console/sla', '/console/rota']) {
      await page.goto(`${app.url}${path}`);
      expect(await axeViolations(page), path).toEqual([]);
    }
    await expect.poll(() => page.getByTestId('rota-calendar').innerText()).toContain('Nguyễn Văn Mẫu');
    await screenshot(page, 'handoff-console-rota', true);
    await page.getByRole('button', { name: /Đăng xuất/ }).click();
    await page.waitForURL(/\/console\/login$/);

    await page.getByLabel('Tên đăng nhập').fill('quantri');
    await page.getByLabel('Mật khẩu').fill(HANDOFF_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/console\/users$/);
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual({ consoleErrors: [], externalRequests: [] });
    await context.close();
  });
});
