/**
 * Browser test (Debian's Chromium through playwright-core) of the city dashboard (issue 17):
 * a citizen in Web Chat rates an answer 👎 and taps a reason, a citizen on Zalo (the Zalo
 * fake, signed webhooks) does the same with the reason button; an analyst logs in and sees
 * both channels and both reasons on the dashboard, on a phone and on a desktop, axe clean;
 * then reviews an answer, which becomes an eval case in the review file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistant, type Assistant } from '../../app/assistant.js';
import { loadConfig } from '../../app/config.js';
import { createSilentLogger } from '../../app/logger.js';
import { composeServer, type AppServer } from '../../app/compose.js';
import { FakeCatalogue, FakeRetriever } from '../../bot/testing/fake-retrieval.js';
import type { FakeZalo } from '../../channels/zalo/fake/fake-zalo.js';
import { TEST_ZALO, startFake, waitFor } from '../../channels/zalo/fake/harness.js';
import { parseCases } from '../../evals/cases.js';
import { axeViolations, DESKTOP, fitsWidth, guardedPage, launchBrowser, PHONE, screenshot } from './harness.js';

const PASSWORD = 'mat-khau-phan-tich-1';
const QUESTION = 'dang ky khai sinh cho con can giay to gi';

let dir: string;
let fake: FakeZalo;
let assistant: Assistant;
let server: AppServer;
let url: string;
let browser: Browser;
let reviewFile: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-browser-'));
  reviewFile = path.join(dir, 'reviewed-from-log.jsonl');
  fake = await startFake();
  const tokens = fake.issueTokens();
  const config = loadConfig({
    DATA_DIR: dir,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DIRECTLINE_SECRET: 'dashboard-browser-secret-0123456789',
    ZALO_APP_ID: TEST_ZALO.appId,
    ZALO_APP_SECRET: TEST_ZALO.appSecret,
    ZALO_OA_SECRET_KEY: TEST_ZALO.oaSecretKey,
    ZALO_API_BASE: fake.baseUrl,
    ZALO_OAUTH_BASE: fake.baseUrl,
    ZALO_ACCESS_TOKEN: tokens.accessToken,
    ZALO_REFRESH_TOKEN: tokens.refreshToken,
  });
  const catalogue = new FakeCatalogue();
  assistant = await createAssistant({
    config,
    logger: createSilentLogger(),
    catalogue,
    retriever: new FakeRetriever(catalogue),
    databaseFile: path.join(dir, 'tthc.sqlite'),
  });
  const legalAid = assistant.legalAid;
  if (!legalAid) throw new Error('the console login comes with legal aid');
  await legalAid.console({ channelStatus: () => [] }).users.create({ username: 'phantich', password: PASSWORD, role: 'analyst', displayName: 'Chuyên viên phân tích' });
  // The lawyer console comes with the assistant's legal aid; the dashboard reviews into a temp file.
  // Zalo (configured with the fake) and the dashboard, as the root composes them; reviews go to a temp file.
  server = composeServer({ config, assistant, logger: createSilentLogger(), reviewFile });
  ({ url } = await server.listen(0, '127.0.0.1'));
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await assistant?.close();
  await fake?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const botBubbles = '.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content';

/** Waits until the bot's bubbles stop arriving (no new one for `quietMs`); returns their count. */
async function settle(page: Page, quietMs = 800): Promise<number> {
  let count = await page.locator(botBubbles).count();
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    await page.waitForTimeout(100);
    const now = await page.locator(botBubbles).count();
    if (now !== count) [count, since] = [now, Date.now()];
  }
  return count;
}

/** Sends `text` (typed, or by clicking `button`) and returns the text of the bot's reply bubbles. */
async function exchange(page: Page, send: () => Promise<void>): Promise<string> {
  const before = await settle(page);
  await send();
  await page.waitForFunction((args) => document.querySelectorAll(args.sel).length > args.n, { sel: botBubbles, n: before }, { timeout: 20_000 });
  const after = await settle(page);
  const texts: string[] = [];
  for (let i = before; i < after; i++) texts.push(await page.locator(botBubbles).nth(i).innerText());
  return texts.join('\n');
}

async function zaloSay(userId: string, text: string): Promise<void> {
  const { body, headers } = fake.webhook(fake.textEvent(userId, text));
  expect((await fetch(`${url}/zalo/webhook`, { method: 'POST', body, headers })).status).toBe(200);
}

async function login(page: Page): Promise<void> {
  await page.goto(`${url}/console/login`);
  await page.getByLabel('Tên đăng nhập').fill('phantich');
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(/\/console\/dashboard\/$/);
}

describe('city dashboard in the browser', () => {
  it('feedback from Web Chat and from Zalo reaches the dashboard; phone and desktop are axe clean', async () => {
    // Web Chat on a phone: a question, then 👎 and a tapped reason.
    const web = await guardedPage(browser, url, PHONE);
    await web.page.goto(`${url}/`);
    await web.page.locator('#webchat[data-ready="true"]').waitFor({ timeout: 30_000 });
    await web.page.locator(botBubbles).first().waitFor();
    const input = web.page.locator('[data-id="webchat-sendbox-input"]');
    const type = (text: string) => async () => {
      await input.fill(text);
      await input.press('Enter');
    };
    const answer = await exchange(web.page, type(QUESTION));
    expect(answer, answer).toMatch(/khai sinh/i);
    expect(answer).not.toMatch(/chưa tìm thấy/);
    const askWhy = await exchange(web.page, type('👎'));
    expect(askWhy, askWhy).toMatch(/vì sao/);
    const reason = web.page.locator('.webchat__suggested-actions__button', { hasText: 'Sai thông tin' });
    await reason.waitFor({ timeout: 10_000 });
    await screenshot(web.page, 'dashboard-1-webchat-reasons');
    const thanks = await exchange(web.page, () => reason.click());
    const sent = await web.page.locator('.webchat__bubble--from-user .webchat__bubble__content').last().innerText();
    expect(thanks, `${sent} → ${thanks}`).toMatch(/cho biết lý do/);
    // Without an emoji font (this Chromium) the sign reads as words, with the reason.
    if ((await web.page.getAttribute('html', 'data-emoji')) === 'no') expect(sent).toMatch(/Chưa hữu ích.*Sai thông tin/);
    expect(web.problems).toEqual({ consoleErrors: [], externalRequests: [] });
    await web.context.close();

    // Zalo: the same question, 👎, then the second reason button (the app sends its payload).
    await zaloSay('citizen-z1', QUESTION);
    await waitFor(() => fake.sentTo('citizen-z1').some((m) => /khai sinh/i.test(m.text ?? '')), 'Zalo answer', 20_000);
    await new Promise((r) => setTimeout(r, 300));
    const before = fake.sentTo('citizen-z1').length;
    await zaloSay('citizen-z1', '👎');
    await waitFor(() => fake.sentTo('citizen-z1').slice(before).some((m) => m.buttons?.some((b) => b.title === 'Không đúng ý tôi hỏi')), 'Zalo reason buttons', 20_000);
    const button = fake.sentTo('citizen-z1').slice(before).flatMap((m) => m.buttons ?? []).find((b) => b.title === 'Không đúng ý tôi hỏi')!;
    const afterButtons = fake.sentTo('citizen-z1').length;
    await zaloSay('citizen-z1', button.payload as string);
    await waitFor(() => fake.sentTo('citizen-z1').length > afterButtons, 'Zalo thanks for the reason', 20_000);

    for (const [name, view] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
      const { context, page, problems } = await guardedPage(browser, url, view);
      await login(page);
      const feedback = page.getByTestId('table-feedback');
      const feedbackText = await feedback.evaluate((el) => el.textContent ?? '');
      expect(feedbackText).toMatch(/Không đúng ý tôi hỏi\s*1/);
      expect(feedbackText.replace(/\s+/g, " "), feedbackText.replace(/\s+/g, " ")).toMatch(/Sai thông tin\s*1/);
      const perDay = await page.getByTestId('table-per-day').evaluate((el) => el.textContent ?? '');
      expect(perDay).toMatch(/Zalo/i);
      expect(perDay).toMatch(/web/i);
      // Charts drew (Chart.js served from our own origin) and every table opens.
      await page.locator('canvas[data-chart="per-day"]').waitFor();
      for (const d of await page.locator('details').all()) await d.evaluate((el) => ((el as HTMLDetailsElement).open = true));
      await screenshot(page, `dashboard-2-${name}`, true);
      expect(await axeViolations(page)).toEqual([]);
      if (name === 'phone') expect((await fitsWidth(page)).fits).toBe(true);
      expect(problems).toEqual({ consoleErrors: [], externalRequests: [] });
      await context.close();
    }
  }, 180_000);

  it('an analyst reviews an answer and it becomes an eval case with the label', async () => {
    const { context, page, problems } = await guardedPage(browser, url, PHONE);
    await login(page);
    await page.goto(`${url}/console/dashboard/review`);
    const form = page.locator('form.review').first();
    await form.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await form.getByLabel('Sai', { exact: true }).check();
    await form.getByLabel('Cách xử lý đúng').selectOption('clarify');
    await form.getByLabel('Câu trả lời đúng (không bắt buộc)').fill('Hỏi lại: khai sinh đúng hạn hay quá hạn? Gọi 0912345678.');
    await screenshot(page, 'dashboard-3-review-form');
    await form.getByRole('button', { name: 'Lưu và tạo ca kiểm thử' }).click();
    await page.getByTestId('review-message').waitFor();
    await screenshot(page, 'dashboard-4-review-saved');

    const text = fs.readFileSync(reviewFile, 'utf8');
    const cases = parseCases(text, reviewFile);
    expect(cases).toHaveLength(1);
    expect(cases[0]!.expect.behavior).toBe('clarify');
    expect(cases[0]!.tags).toEqual(expect.arrayContaining(['reviewed-from-log', 'review:wrong']));
    expect(text).toContain('"reviewer":"phantich"');
    expect(text).not.toContain('0912345678');
    expect(await page.getByTestId('reviewed').innerText()).toContain(cases[0]!.id);
    expect(problems).toEqual({ consoleErrors: [], externalRequests: [] });
    await context.close();
  }, 120_000);
});
