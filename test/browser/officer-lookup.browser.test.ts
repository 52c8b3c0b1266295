import type { Browser } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldKey } from '../../channels/web/router.js';
import { axeViolations, DESKTOP, fitsWidth, guardedPage, launchBrowser, PHONE, screenshot, startApp, type RunningApp } from './harness.js';
import { OfficerLookupPage } from './pages/officer-page.js';

describe('officer lookup in Chromium', () => {
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

  it('searches with filters, opens a procedure with its full record, and prints a one-page checklist', async () => {
    const { context, page, problems } = await guardedPage(browser, app.url);
    const officer = new OfficerLookupPage(page, app.url);
    await officer.open();
    expect(await axeViolations(page)).toEqual([]);

    await officer.search('dang ky khai sinh', { level: 'xa' });
    const titles = await officer.resultTitles();
    expect(titles.length).toBeGreaterThan(0);
    expect(titles[0]).toMatch(/khai sinh/i);
    await screenshot(page, 'officer-1-results', true);

    await officer.openResult(0);
    const code = (await officer.procedureCode.innerText()).trim();
    expect(code).toMatch(/^\d\.\d{6}$/);
    const record = app.assistant.catalogue.get(code)!;
    expect(await officer.procedureName.innerText()).toBe(record.name);
    if (record.detailLevel === 'full') {
      const firstDoc = record.documentGroups.flatMap((g) => g.items)[0];
      if (firstDoc) expect(await page.getByTestId('documents').first().innerText()).toContain(firstDoc.name.slice(0, 30));
    }
    if (record.decisionNumber) expect(await page.getByTestId('decision-number').innerText()).toContain(record.decisionNumber);
    expect(await page.getByTestId('provenance').innerText()).toContain(record.provenance.crawledAt.split('-').reverse().join('/'));
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'officer-2-procedure', true);

    // Permalink by code.
    expect(new URL(page.url()).pathname).toBe(`/tra-cuu/${code}`);

    await officer.openSlip();
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.bar').isVisible()).toBe(false);
    expect(await page.getByTestId('slip').innerText()).toContain('PHIẾU HƯỚNG DẪN HỒ SƠ');
    await screenshot(page, 'officer-3-slip-print', true);
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBe(1);
    expect(problems).toEqual({ consoleErrors: [], externalRequests: [] });
    await context.close();
  });

  it('works without JavaScript', async () => {
    const { context, page, problems } = await guardedPage(browser, app.url, { javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    const officer = new OfficerLookupPage(page, app.url);
    await officer.open();
    await officer.search('1.001193');
    expect(await officer.resultTitles()).not.toHaveLength(0);
    await officer.openResult(0);
    expect(await officer.procedureCode.innerText()).toBe('1.001193');
    await screenshot(page, 'officer-4-mobile-nojs', true);
    expect(problems).toEqual({ consoleErrors: [], externalRequests: [] });
    await context.close();
  });

  describe.each([
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const)('on a %s (issue 14)', (label, viewport) => {
    it('has one entry per field and a search form that fits the screen', async () => {
      const { context, page, problems } = await guardedPage(browser, app.url, viewport);
      const officer = new OfficerLookupPage(page, app.url);
      await officer.open();
      const fields = (await page.getByLabel('Lĩnh vực').locator('option').allInnerTexts()).slice(1);
      expect(fields.length).toBeGreaterThan(50);
      expect(new Set(fields.map(fieldKey)).size).toBe(fields.length);
      expect(await fitsWidth(page)).toMatchObject({ fits: true });
      // The form itself stays inside the page, even with the longest field name chosen.
      const longest = fields.reduce((a, b) => (b.length > a.length ? b : a));
      await page.getByLabel('Lĩnh vực').selectOption(longest);
      const form = await page.getByTestId('officer-search').boundingBox();
      expect(form!.x + form!.width).toBeLessThanOrEqual(viewport.viewport.width);
      expect(await fitsWidth(page)).toMatchObject({ fits: true });
      await screenshot(page, `officer-${label}-5-search-form`, true);

      await officer.search('chung thuc ban sao tu ban chinh');
      expect(await officer.resultTitles()).not.toHaveLength(0);
      expect(await fitsWidth(page)).toMatchObject({ fits: true });
      await screenshot(page, `officer-${label}-6-results`, true);
      expect(problems).toEqual({ consoleErrors: [], externalRequests: [] });
      await context.close();
    });

    it('prints a checklist naming every competent body, the ward People\'s Committee too, with absolute links', async () => {
      const { context, page, problems } = await guardedPage(browser, app.url, viewport);
      // Certified copies: the record's agencies are notaries and embassies; its level is "Cấp xã".
      const code = '2.000815';
      const record = app.assistant.catalogue.get(code)!;
      expect(record.levels).toContain('xa');
      await page.goto(`${app.url}/tra-cuu/${code}`);
      await new OfficerLookupPage(page, app.url).openSlip();
      const bodies = await page.getByTestId('slip-bodies').innerText();
      for (const a of record.agencies) expect(bodies).toContain(a);
      expect(bodies).toMatch(/Ủy ban nhân dân cấp xã/);
      const lookup = page.getByTestId('slip-lookup');
      expect(await lookup.innerText()).toBe(`${app.url}/tra-cuu/${code}`);
      expect(await fitsWidth(page)).toMatchObject({ fits: true });
      await page.emulateMedia({ media: 'print' });
      await screenshot(page, `officer-${label}-7-slip-print`, true);
      const pdf = await page.pdf({ format: 'A4', printBackground: false });
      const { text, totalPages } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
      expect(totalPages).toBe(1);
      const flat = text.normalize('NFC').replace(/\s+/g, ' ');
      expect(flat).toContain('Ủy ban nhân dân cấp xã');
      expect(flat.replace(/ /g, '')).toContain(`${app.url}/tra-cuu/${code}`);
      expect(problems).toEqual({ consoleErrors: [], externalRequests: [] });
      await context.close();
    });
  });
});
