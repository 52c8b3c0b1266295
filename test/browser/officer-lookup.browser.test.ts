import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, guardedPage, launchBrowser, screenshot, startApp, type RunningApp } from './harness.js';
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
});
