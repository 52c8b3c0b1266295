import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, guardedPage, launchBrowser, screenshot, startApp, type RunningApp } from './harness.js';
import { CitizenChatPage } from './pages/citizen-chat-page.js';

/** A cheap Android phone's viewport. */
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true };
const CITATION = '.webchat__bubble:not(.webchat__bubble--from-user) a[href*="dichvucong.gov.vn"]';

describe('citizen web chat in Chromium', () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('answers a question typed without diacritics with a citation, then follows a suggested action', async () => {
    const { context, page, problems } = await guardedPage(browser, app.url, PHONE);
    const chat = new CitizenChatPage(page, app.url);
    await chat.open();

    expect(await chat.botMessages.first().innerText()).toMatch(/trợ lý/i);
    expect((await chat.suggestedActionTitles()).length).toBeGreaterThan(0);
    await screenshot(page, 'citizen-1-welcome');

    const before = await chat.botMessageCount();
    await chat.ask('lam lai giay khai sinh bi mat can gi');
    await chat.userMessages.filter({ hasText: 'lam lai giay khai sinh bi mat can gi' }).waitFor();
    const reply = await chat.waitForBotMessageAfter(before);
    const replyText = await reply.innerText();
    expect(replyText).toMatch(/khai sinh/i);
    await screenshot(page, 'citizen-2-answer');

    const titles = await chat.suggestedActionTitles();
    expect(titles.length).toBeGreaterThan(0);
    const afterFirst = await chat.botMessageCount();
    await chat.suggestedActions.first().click();
    await chat.userMessages.nth(1).waitFor();
    const followUp = await chat.waitForBotMessageAfter(afterFirst);
    const followUpText = await followUp.innerText();
    expect(followUpText.length).toBeGreaterThan(20);
    expect(followUpText).not.toBe(replyText);
    await page.waitForTimeout(300);
    await screenshot(page, 'citizen-3-follow-up');

    // The grounded answer cites the procedure's page on the national portal, as a link.
    await page.locator(CITATION).first().waitFor({ timeout: 5000 });
    const href = await page.locator(CITATION).first().getAttribute('href');
    expect(href).toMatch(/^https:\/\/dichvucong\.gov\.vn\/.*ma_thu_tuc=\d\.\d{6}/);

    // Every message was echoed (no "send failed" retry), nothing left the machine, no console error.
    expect(await chat.failedSends()).toBe(0);
    expect(problems).toEqual({ consoleErrors: [], externalRequests: [] });
    await context.close();
  });

  it('offers 👍/👎 under an answer (not under a greeting); a 👎 brings the reasons and the row thanks', async () => {
    const { context, page, problems } = await guardedPage(browser, app.url, PHONE);
    const chat = new CitizenChatPage(page, app.url);
    await chat.open();
    const articles = page.locator('article.webchat__basic-transcript__activity');
    const rows = page.locator('.tthc-feedback');
    // The welcome is no answer.
    await page.waitForTimeout(300);
    expect(await rows.count()).toBe(0);

    let before = await chat.botMessageCount();
    await chat.ask('dang ky khai sinh cho con can giay to gi');
    await chat.waitForBotMessageAfter(before);
    await rows.first().waitFor({ timeout: 5000 });
    expect(await rows.count()).toBe(1);
    // The row sits in the newest bot article, under the answer's bubble.
    const answerArticle = articles.filter({ has: rows }).first();
    expect(await answerArticle.locator('.webchat__bubble__content').innerText()).toMatch(/khai sinh/i);
    const down = page.getByRole('button', { name: 'Câu trả lời chưa hữu ích' });
    const up = page.getByRole('button', { name: 'Câu trả lời hữu ích' });
    expect(await down.count()).toBe(1);
    expect(await up.count()).toBe(1);
    const emoji = (await page.getAttribute('html', 'data-emoji')) === 'yes';
    expect((await down.innerText()).trim()).toBe(emoji ? '👎' : 'Chưa hữu ích');
    const box = await down.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 360 && box.height >= 32).toBe(true);
    await down.scrollIntoViewIfNeeded();
    await screenshot(page, 'citizen-6-feedback-row');

    // A greeting gets no row.
    before = await chat.botMessageCount();
    await chat.ask('xin chao');
    await chat.waitForBotMessageAfter(before);
    await page.waitForTimeout(500);
    expect(await rows.count()).toBe(1);
    expect(await articles.last().locator('.tthc-feedback').count()).toBe(0);

    // 👎 on the answer: sent as the citizen's message, answered with the reasons; the row thanks.
    before = await chat.botMessageCount();
    await down.click();
    await chat.waitForBotMessageAfter(before);
    await page.waitForFunction(() => Array.from(document.querySelectorAll('.webchat__suggested-actions__button')).some((b) => /Sai thông tin/.test(b.textContent ?? '')), undefined, { timeout: 5000 });
    expect(await rows.first().innerText()).toMatch(/Cảm ơn/);
    expect(await page.getByRole('button', { name: 'Câu trả lời chưa hữu ích' }).count()).toBe(0);
    // Sent as the sign (read as feedback whatever came before); its echo drawn in words where needed.
    await page.waitForFunction((want) => (Array.from(document.querySelectorAll('.webchat__bubble--from-user .webchat__bubble__content')).at(-1)?.textContent ?? '').includes(want), emoji ? '👎' : 'Chưa hữu ích', { timeout: 5000 });
    await screenshot(page, 'citizen-7-feedback-reasons');
    expect(await chat.failedSends()).toBe(0);
    expect(problems).toEqual({ consoleErrors: [], externalRequests: [] });
    await context.close();
  });

  it('keeps the conversation across a page reload', async () => {
    const { context, page, problems } = await guardedPage(browser, app.url, PHONE);
    const chat = new CitizenChatPage(page, app.url);
    await chat.open();
    const before = await chat.botMessageCount();
    await chat.ask('le phi dang ky ket hon');
    await chat.waitForBotMessageAfter(before);
    const countBefore = await chat.botMessageCount();

    await page.reload();
    await page.locator('#webchat[data-ready="true"]').waitFor();
    await chat.userMessages.filter({ hasText: 'le phi dang ky ket hon' }).waitFor();
    await page.waitForFunction(
      (n) => document.querySelectorAll('.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content').length >= n,
      countBefore,
    );
    await page.waitForTimeout(500);
    // Same history, no duplicate welcome.
    expect(await chat.botMessageCount()).toBe(countBefore);
    expect(await chat.userMessages.count()).toBe(1);
    expect(problems).toEqual({ consoleErrors: [], externalRequests: [] });
    await context.close();
  });

  it('is usable with the keyboard alone and passes an axe check', async () => {
    const { context, page, problems } = await guardedPage(browser, app.url, { viewport: { width: 1024, height: 800 } });
    const chat = new CitizenChatPage(page, app.url);
    await chat.open();
    expect(await axeViolations(page)).toEqual([]);

    // The skip link is the first stop and becomes visible when focused.
    const skip = page.locator('a.skip');
    expect(await page.evaluate(() => document.querySelector('a, button, input, [tabindex]') === document.querySelector('a.skip'))).toBe(true);
    await skip.focus();
    const box = await skip.boundingBox();
    expect(box && box.x >= 0 && box.y >= 0).toBe(true);
    // Type and send with Enter.
    await chat.input.focus();
    const before = await chat.botMessageCount();
    await page.keyboard.type('dang ky tam tru can giay to gi');
    await page.keyboard.press('Enter');
    await chat.waitForBotMessageAfter(before);
    // A suggested action can be reached and pressed from the keyboard.
    await chat.suggestedActions.first().focus();
    const afterFirst = await chat.botMessageCount();
    await page.keyboard.press('Enter');
    await chat.waitForBotMessageAfter(afterFirst);
    await page.waitForTimeout(300);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'citizen-4-desktop');
    expect(problems).toEqual({ consoleErrors: [], externalRequests: [] });
    await context.close();
  });

  it('embeds on a ward website through /embed.js', async () => {
    const { context, page, problems } = await guardedPage(browser, app.url, { viewport: { width: 1024, height: 800 } });
    // A stand-in for the ward's page, served from our origin so the guard allows it.
    await page.route(`${app.url}/__ward-site`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>UBND phường</title></head><body><h1>UBND phường</h1><script src="${app.url}/embed.js" defer></script></body></html>`,
      }),
    );
    await page.goto(`${app.url}/__ward-site`);
    const button = page.getByRole('button', { name: 'Hỏi thủ tục hành chính' });
    await button.click();
    const frame = page.frameLocator('#tro-ly-tthc-frame');
    await frame.locator('.webchat__bubble__content').first().waitFor();
    expect(await frame.locator('.webchat__bubble__content').first().innerText()).toMatch(/trợ lý/i);
    await screenshot(page, 'citizen-5-embed');
    expect(problems).toEqual({ consoleErrors: [], externalRequests: [] });
    await context.close();
  });
});
