import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, fitsWidth, guardedPage, launchBrowser, PHONE, screenshot, startApp, type RunningApp } from './harness.js';
import { CitizenChatPage } from './pages/citizen-chat-page.js';

/**
 * What a citizen reads in a short answer (issue 14), on a phone and on a desktop, as the
 * screen shows it: the documents a typical applicant brings come first and conditional ones
 * under their condition; internal forms and headings are never documents; fees and times keep
 * their conditions (a reduction valid until a date, a per-page structure, a time the portal
 * gives without a unit); a matter for a court is answered with where it goes and the lawyer
 * offer; no answer sends anyone to a district body (abolished on 1 July 2025).
 */
const VIEWPORTS = [
  ['phone', PHONE],
  ['desktop', DESKTOP],
] as const;

/** Abolished district-level bodies, as records still name them. */
const DISTRICT_BODY = /cấp huyện|UBND huyện|Ủy ban nhân dân (?:quận|huyện)|Phòng Tư pháp (?:quận|huyện)/iu;

/** The short answer's document lines: the list items under "Hồ sơ", as read on screen. */
function documentLines(text: string): string[] {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const start = lines.findIndex((l) => /^Hồ sơ(?=[\s:(])/u.test(l));
  if (start < 0) return [];
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^(Lệ phí|Thời gian|Nộp trực tuyến|Nơi nộp)(?=[\s:(])/u.test(line)) break;
    out.push(line);
  }
  return out;
}

describe('short answers as a citizen reads them', () => {
  let app: RunningApp;
  let browser: Browser;
  const seen: string[] = [];

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function answer(page: Page, chat: CitizenChatPage, question: string): Promise<string> {
    await page.waitForTimeout(300);
    const before = await chat.botMessageCount();
    await chat.ask(question);
    const reply = await chat.waitForBotMessageAfter(before);
    await page.waitForTimeout(300);
    const text = await reply.innerText();
    seen.push(text);
    return text;
  }

  describe.each(VIEWPORTS)('on a %s', (label, viewport) => {
    it('lost ID card: today\'s fee with its reduction and end date, no internal form as a document', async () => {
      const { context, page, problems } = await guardedPage(browser, app.url, viewport);
      const chat = new CitizenChatPage(page, app.url);
      await chat.open();
      const text = await answer(page, chat, 'mất căn cước làm lại ở đâu');
      expect(text).toMatch(/Cấp lại thẻ căn cước/u);
      // The record halves the fee until 31/12/2026: the amount shown is the one for today.
      const today = new Date();
      const reduced = today.getTime() < Date.UTC(2027, 0, 1) - 7 * 3600_000;
      const fee = text.split('\n').find((l) => /Lệ phí/u.test(l)) ?? '';
      if (reduced) {
        expect(fee).toMatch(/35\.000 đồng/u);
        expect(fee).toMatch(/31\/12\/2026/u);
      } else {
        expect(fee).toMatch(/70\.000 đồng/u);
        expect(fee).not.toMatch(/35\.000/u);
      }
      // CC01 is a record the officer creates: never a paper the citizen is told to bring.
      for (const line of documentLines(text).filter((l) => /CC01/u.test(l))) expect(line).toMatch(/cán bộ[^.]*(?:in|tạo)|không phải mang/u);
      expect(await fitsWidth(page).then((f) => f.fits)).toBe(true);
      await screenshot(page, `answers-${label}-1-lost-id-card`);
      expect(problems).toEqual({ consoleErrors: [], externalRequests: [] });
      await context.close();
    });

    it('birth registration: the birth certificate before any power of attorney, conditions as "Nếu …"', async () => {
      const { context, page, problems } = await guardedPage(browser, app.url, viewport);
      const chat = new CitizenChatPage(page, app.url);
      await chat.open();
      const text = await answer(page, chat, 'đăng ký khai sinh cho con cần giấy tờ gì');
      const docs = documentLines(text);
      expect(docs.length).toBeGreaterThan(1);
      const birthCertificate = docs.findIndex((l) => /Giấy chứng sinh/u.test(l));
      expect(birthCertificate).toBeGreaterThanOrEqual(0);
      const proxy = docs.findIndex((l) => /ủy quyền/iu.test(l));
      if (proxy >= 0) expect(proxy).toBeGreaterThan(birthCertificate);
      // A conditional paper is shown under its condition, never as a main document.
      for (const line of docs.filter((l) => /^Trường hợp/u.test(l))) expect(line).toMatch(/bấm «Xem đủ hồ sơ»/u);
      await screenshot(page, `answers-${label}-2-birth-documents`);
      expect(problems).toEqual({ consoleErrors: [], externalRequests: [] });
      await context.close();
    });

    it('marriage with a foreigner: no sub-heading listed as a document; a time without unit says so', async () => {
      const { context, page, problems } = await guardedPage(browser, app.url, viewport);
      const chat = new CitizenChatPage(page, app.url);
      await chat.open();
      const text = await answer(page, chat, 'đăng ký kết hôn với người nước ngoài cần giấy tờ gì');
      const docs = documentLines(text);
      expect(docs.length).toBeGreaterThan(1);
      for (const line of docs) {
        // A heading is a short phrase ending the group it opens, with no paper in it.
        expect(line).not.toMatch(/^(Người nước ngoài|Công dân Việt Nam|Đối với [^—]*):?$/u);
        expect(line.replace(/\s—.*$/u, '').length).toBeGreaterThan(12);
      }
      const time = text.split('\n').find((l) => /^Thời gian(?=[\s:(])/u.test(l.trim())) ?? '';
      // Either a unit or the caveat that the portal gives none: never a bare number.
      expect(time).toMatch(/ngày|giờ|tháng|không ghi đơn vị/u);
      await screenshot(page, `answers-${label}-3-foreign-marriage`);
      expect(problems).toEqual({ consoleErrors: [], externalRequests: [] });
      await context.close();
    });

    it('certified copies: the per-page fee with its structure', async () => {
      const { context, page, problems } = await guardedPage(browser, app.url, viewport);
      const chat = new CitizenChatPage(page, app.url);
      await chat.open();
      let text = await answer(page, chat, 'chứng thực bản sao giấy tờ từ bản chính ở phường hết bao nhiêu tiền');
      if (/muốn hỏi thủ tục nào/u.test(text)) {
        // A choice between variants: the citizen taps the first, as most would.
        const before = await chat.botMessageCount();
        await chat.suggestedActions.first().click();
        text = await (await chat.waitForBotMessageAfter(before)).innerText();
        seen.push(text);
      }
      expect(text).toMatch(/[Cc]hứng thực bản sao/u);
      expect(text).toMatch(/2\.000 đồng/u);
      expect(text).not.toMatch(/đồng\s*[–-]\s*\/\s*trang/u);
      expect(text).toMatch(/trang thứ (?:ba|3)|từ trang/u);
      // Most people get copies certified at their ward, which the record's agency list leaves out.
      expect(text.split('\n').find((l) => /^Nơi nộp/u.test(l.trim())) ?? '').toMatch(/Ủy ban nhân dân cấp xã/u);
      await screenshot(page, `answers-${label}-4-certified-copy-fee`);
      expect(problems).toEqual({ consoleErrors: [], externalRequests: [] });
      await context.close();
    });

    it('a matter for a court is answered with where it goes and the lawyer offer, not a procedure', async () => {
      const { context, page, problems } = await guardedPage(browser, app.url, viewport);
      const chat = new CitizenChatPage(page, app.url);
      await chat.open();
      for (const question of ['hai vợ chồng em thống nhất ly hôn rồi thì làm ở đâu ạ', 'tranh chap dat voi nha ben hoa giai o phuong khong thanh thi lam sao']) {
        const text = await answer(page, chat, question);
        expect(text).not.toMatch(/thủ tục anh\/chị cần là/u);
        expect(text).toMatch(/Tòa án/u);
        expect(text).toMatch(/luật sư/u);
        const titles = await chat.suggestedActionTitles();
        expect(titles.some((t) => /luật sư/u.test(t))).toBe(true);
      }
      await screenshot(page, `answers-${label}-5-court-matters`);
      expect(problems).toEqual({ consoleErrors: [], externalRequests: [] });
      await context.close();
    });

    it('never sends a citizen to an abolished district body', async () => {
      const { context, page, problems } = await guardedPage(browser, app.url, viewport);
      const chat = new CitizenChatPage(page, app.url);
      await chat.open();
      for (const question of ['đăng ký hộ kinh doanh cá thể ở đâu', 'xin giấy phép xây dựng nhà ở riêng lẻ', 'đăng ký lại khai sinh cho người lớn tuổi']) {
        const text = await answer(page, chat, question);
        expect(text).toMatch(/Nơi nộp/u);
      }
      for (const text of seen) expect(text).not.toMatch(DISTRICT_BODY);
      await screenshot(page, `answers-${label}-6-no-district-body`);
      expect(problems).toEqual({ consoleErrors: [], externalRequests: [] });
      await context.close();
    });
  });
});
