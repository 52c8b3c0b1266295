import type { Browser } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, downloadByClick, guardedPage, launchBrowser, PHONE, screenshot, startApp, type RunningApp } from './harness.js';
import { CitizenChatPage } from './pages/citizen-chat-page.js';

/**
 * A citizen fills the birth registration declaration on the web page and downloads the
 * PDF (forms, issue 7) by clicking it (issue 14): on a phone the link in the reply, then on
 * a desktop the file badge. Answers are chosen from the question on screen, as a person would.
 */
describe('form filling in the citizen web chat', () => {
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

  it('fills a birth registration and downloads the PDF by a click, on a phone and on a desktop', async () => {
    const { context, page, problems } = await guardedPage(browser, app.url, PHONE);
    const chat = new CitizenChatPage(page, app.url);
    await chat.open();

    const say = async (text: string): Promise<string> => {
      // A person reads the question before answering; the Direct Line limit per conversation
      // (a burst of 10, then one message a second) refuses a faster script.
      await page.waitForTimeout(700);
      const before = await chat.botMessageCount();
      await chat.ask(text);
      const reply = await chat.waitForBotMessageAfter(before, 20_000);
      await page.waitForTimeout(150);
      const all = await chat.botMessages.allInnerTexts();
      void reply;
      return all.slice(before).join('\n');
    };

    let q = await say('Điền tờ khai khai sinh cho con tôi');
    expect(q).toMatch(/đồng ý/i);
    expect(await chat.suggestedActionTitles()).toContain('Đồng ý lưu');
    const answers: Array<[RegExp, string]> = [
      [/đồng ý/i, 'Đồng ý lưu'],
      [/là gì của cháu/i, 'Mẹ'],
      [/họ và tên đầy đủ/i, 'tôi là Nguyễn Thị Hằng, sinh 5/3/1992'],
      [/nơi cư trú/i, 'Số 12 ngõ 5 phố Phúc Xá, phường Hồng Hà, thành phố Hà Nội'],
      [/số định danh/i, '001 192 012 345'],
      [/tên đặt cho cháu/i, 'Trần Ngọc Diệp'],
      [/năm sinh của cháu/i, '02/11/2026'],
      [/giới tính của cháu/i, 'Nữ'],
      [/dân tộc của cháu/i, 'Kinh'],
      [/dân tộc của mẹ/i, 'Kinh'],
      [/quốc tịch của mẹ/i, 'Việt Nam'],
      [/tên của cha cháu/i, 'Bỏ qua'],
      [/nơi sinh của cháu/i, 'Bệnh viện Phụ sản Hà Nội'],
      [/quê quán/i, 'xã Hải Hậu, tỉnh Ninh Bình'],
      [/bản sao/i, '1'],
    ];
    for (let i = 0; i < 16 && !/tóm tắt/i.test(q); i++) {
      const hit = answers.find(([re]) => re.test(q));
      expect(hit, `no scripted answer for: ${q}`).toBeDefined();
      q = await say(hit![1]);
    }
    expect(q).toMatch(/tóm tắt/i);
    expect(q).toContain('Trần Ngọc Diệp');
    await screenshot(page, 'form-1-summary');

    await say('Xác nhận, tạo tờ khai');
    // The reply's link is a real link to an absolute, signed, expiring URL (not a citation button).
    const link = page.getByRole('link', { name: /Tải tờ khai \(PDF\)/ }).last();
    await link.waitFor({ timeout: 10_000 });
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(new RegExp(`^${app.url}/files/[\\w-]+\\?c=[\\w-]+&e=\\d+&s=[\\w-]+$`));
    expect(await page.locator('.webchat__render-markdown__citation').count()).toBe(0);
    await link.scrollIntoViewIfNeeded();
    await screenshot(page, 'form-2-files-phone');
    const fromLink = await downloadByClick(page, link);
    expect(fromLink.name).toMatch(/^to-khai-dang-ky-khai-sinh-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(fromLink.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(fromLink.bytes.length).toBeGreaterThan(5_000);
    expect(fromLink.bytes.length).toBeLessThan(2_000_000);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(fromLink.bytes)), { mergePages: true });
    const flat = text.normalize('NFC').replace(/\s+/g, ' ');
    for (const v of ['TỜ KHAI ĐĂNG KÝ KHAI SINH', 'Nguyễn Thị Hằng', 'Trần Ngọc Diệp', '02/11/2026', '001192012345', 'xã Hải Hậu, tỉnh Ninh Bình', 'Ủy ban nhân dân phường Hồng Hà']) {
      expect(flat).toContain(v);
    }

    // On a desktop the same conversation shows the files as download badges.
    await page.setViewportSize(DESKTOP.viewport);
    const badge = page.locator('a.webchat__fileContent__buttonLink').filter({ hasText: /\.pdf$/ }).last();
    await badge.waitFor();
    expect(await badge.getAttribute('download')).toMatch(/\.pdf$/);
    await screenshot(page, 'form-3-files-desktop');
    const fromBadge = await downloadByClick(page, badge);
    expect(fromBadge.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(fromBadge.bytes.equals(fromLink.bytes)).toBe(true);
    // The JSON badge downloads the data file.
    const json = await downloadByClick(page, page.locator('a.webchat__fileContent__buttonLink').filter({ hasText: /\.json$/ }).last());
    expect(JSON.parse(json.bytes.toString('utf8'))).toBeTypeOf('object');
    expect(problems).toEqual({ consoleErrors: [], externalRequests: [] });
    await context.close();
  }, 240_000);
});
