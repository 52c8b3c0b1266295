import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Download, type Locator, type Page } from 'playwright-core';
import { createAssistant, type Assistant } from '../../app/assistant.js';
import { loadConfig } from '../../app/config.js';
import { createSilentLogger } from '../../app/logger.js';
import { composeServer, type AppServer } from '../../app/compose.js';

/**
 * Browser test harness: the real app (shipped catalogue, real retrieval, real bot, real
 * SQLite) on port 0, and Debian's Chromium driven by playwright-core. Every page is
 * guarded: a console error, an uncaught page error, or a request to anything but our
 * loopback server fails the test. Screenshots go to the git-ignored `artifacts/`.
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** Screenshots and downloaded files, kept as CI artifacts (`.ci/run`); git-ignored. */
export const ARTIFACTS = path.resolve(process.env.BROWSER_ARTIFACTS ?? path.join('artifacts', 'browser'));
/** A cheap Android phone's viewport, and an office desktop. */
export const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true } as const;
export const DESKTOP = { viewport: { width: 1280, height: 900 } } as const;
/** Retrieval indexes are cached here between runs (git-ignored); conversations are not. */
const INDEX_DIR = path.resolve('.test-data', 'browser');

export interface RunningApp {
  url: string;
  server: AppServer;
  assistant: Assistant;
  stop(): Promise<void>;
}

export async function startApp(): Promise<RunningApp> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tthc-browser-'));
  const config = loadConfig({
    DATA_DIR: INDEX_DIR,
    DIRECTLINE_SECRET: 'browser-test-secret-0123456789',
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
  });
  const logger = createSilentLogger();
  const assistant = await createAssistant({ config, logger, databaseFile: path.join(tmp, 'tthc.sqlite') });
  const server = composeServer({ config, assistant, logger });
  const { url } = await server.listen(0, '127.0.0.1');
  return {
    url,
    server,
    assistant,
    async stop() {
      await server.close();
      await assistant.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** Problems seen by a guarded page; a test asserts this list is empty at the end. */
export interface PageProblems {
  consoleErrors: string[];
  externalRequests: string[];
}

/**
 * A new context + page that records console errors and blocks (and records) every request
 * that is not to `appUrl`'s origin or an inline data/blob URL.
 */
export async function guardedPage(
  browser: Browser,
  appUrl: string,
  options: { viewport?: { width: number; height: number }; isMobile?: boolean; javaScriptEnabled?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 900 },
    isMobile: options.isMobile,
    hasTouch: options.isMobile,
    deviceScaleFactor: 1,
    locale: 'vi-VN',
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    // axe is injected as an inline script, which our CSP (script-src 'self') would refuse.
    bypassCSP: true,
  });
  const page = await context.newPage();
  const problems: PageProblems = { consoleErrors: [], externalRequests: [] };
  const origin = new URL(appUrl).origin;
  const wsOrigin = origin.replace(/^http/, 'ws');
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => problems.consoleErrors.push(`pageerror: ${err.message}`));
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    problems.externalRequests.push(url);
    return route.abort('blockedbyclient');
  });
  page.on('websocket', (ws) => {
    if (!ws.url().startsWith(wsOrigin)) problems.externalRequests.push(ws.url());
  });
  return { context, page, problems };
}

export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/** Runs axe-core in the page; returns violations of impact serious or critical. */
export async function axeViolations(page: Page, context?: string): Promise<Array<{ id: string; impact: string; help: string; nodes: string[] }>> {
  const axePath = path.resolve('node_modules', 'axe-core', 'axe.min.js');
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async (ctx) => {
    const axe = (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const result = await axe.run(ctx ?? document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  }, context);
}

/**
 * Clicks `target` as a person would and waits for the browser's download, whether it starts
 * in the page or in the tab a `target="_blank"` link opens. Saves it under the artifacts and
 * returns the bytes and the name the browser suggested.
 */
export async function downloadByClick(page: Page, target: Locator, timeoutMs = 15_000): Promise<{ name: string; bytes: Buffer; file: string }> {
  const context = page.context();
  const started = new Promise<Download>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no download within ${timeoutMs} ms`)), timeoutMs);
    const done = (d: Download) => {
      clearTimeout(timer);
      resolve(d);
    };
    page.once('download', done);
    context.once('page', (popup) => popup.once('download', done));
  });
  await target.click();
  const download = await started;
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `download-${Date.now()}-${download.suggestedFilename().replace(/[^\w.-]+/g, '_')}`);
  await download.saveAs(file);
  return { name: download.suggestedFilename(), bytes: fs.readFileSync(file), file };
}

/** True when nothing on the page is wider than the viewport (no horizontal scrolling). */
export async function fitsWidth(page: Page): Promise<{ fits: boolean; scrollWidth: number; clientWidth: number }> {
  return page.evaluate(() => {
    const el = document.scrollingElement ?? document.documentElement;
    return { fits: el.scrollWidth <= el.clientWidth, scrollWidth: el.scrollWidth, clientWidth: el.clientWidth };
  });
}
