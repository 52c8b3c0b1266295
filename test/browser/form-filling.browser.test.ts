import type { Browser } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedPage, launchBrowser, screenshot, startApp, type RunningApp } from './harness.js';
import { CitizenChatPage } from './pages/citizen-chat-page.js';

/**
 * A citizen fills the birth registration declaration on the web page and downloads the
 * PDF (forms, issue 7). Answers are chosen from the question on screen, as a person would.
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

  it('fills a birth registration and downloads a PDF with the values and correct diacritics', async () => {
    const { context, page, problems } = await guardedPage(browser, app.url);
    const chat = new CitizenChatPage(page, app.url);
    // What the bot delivered, as Web Chat received it (Direct Line stream frames).
    const frames: string[] = [];
    page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
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
    // The reply names both files; Web Chat shows them as file badges.
    await page.getByText('to-khai-dang-ky-khai-sinh-2026-11-26.pdf').first().waitFor({ timeout: 10_000 }).catch(() => undefined);
    await screenshot(page, 'form-2-files');
    const pdfAttachment = frames
      .flatMap((f) => [...f.matchAll(/"contentType":"application\/pdf","contentUrl":"([^"]+)"/g)].map((m) => m[1]!))
      .concat(frames.flatMap((f) => [...f.matchAll(/"contentUrl":"([^"]+)","name":"[^"]+\.pdf"/g)].map((m) => m[1]!)));
    expect(pdfAttachment.length, 'the bot sent a PDF attachment').toBeGreaterThan(0);
    const href = pdfAttachment[0]!.replace(/\\u0026/g, '&');
    const res = await page.request.get(new URL(href, app.url).toString());
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toMatch(/application\/pdf/);
    const bytes = new Uint8Array(await res.body());
    const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
    const flat = text.normalize('NFC').replace(/\s+/g, ' ');
    for (const v of ['TỜ KHAI ĐĂNG KÝ KHAI SINH', 'Nguyễn Thị Hằng', 'Trần Ngọc Diệp', '02/11/2026', '001192012345', 'xã Hải Hậu, tỉnh Ninh Bình', 'Ủy ban nhân dân phường Hồng Hà']) {
      expect(flat).toContain(v);
    }
    expect(problems).toEqual({ consoleErrors: [], externalRequests: [] });
    await context.close();
  }, 240_000);
});
