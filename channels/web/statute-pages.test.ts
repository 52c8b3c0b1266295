import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArticleSearch } from '../../retrieval/articles/index.js';
import { createStatuteRouter } from './statute-pages.js';

let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use(createStatuteRouter({ articles: (await openArticleSearch()).index }));
  app.use((err: Error & { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(err.status ?? 500).send(err.message);
  });
  server = app.listen(0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('/tra-cuu/luat', () => {
  it('lists the laws without a query', async () => {
    const res = await fetch(`${base}/tra-cuu/luat`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const body = await res.text();
    expect(body).toContain('data-testid="laws"');
    expect(body).toContain('Bộ luật Dân sự 2015');
    expect(body).toContain('href="/tra-cuu/luat/31-2024-QH15"');
  });

  it('searches in everyday words, without diacritics, and escapes the query', async () => {
    const res = await fetch(`${base}/tra-cuu/luat?q=${encodeURIComponent('con rieng co duoc thua ke khong <b>')}`);
    const body = await res.text();
    expect(body).toContain('href="/tra-cuu/luat/91-2015-QH13/654');
    expect(body).toContain('&lt;b&gt;');
    expect(body).not.toContain('<b>');
  });

  it('filters by law', async () => {
    const body = await (await fetch(`${base}/tra-cuu/luat?q=thoi+hieu&law=${encodeURIComponent('02/2011/QH13')}`)).text();
    const links = [...body.matchAll(/href="\/tra-cuu\/luat\/([^/"]+)\/\d+/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(0);
    expect(new Set(links)).toEqual(new Set(['02-2011-QH13']));
  });

  it('shows a full article with its citation, and one law with all its articles', async () => {
    const body = await (await fetch(`${base}/tra-cuu/luat/91-2015-QH13/623`)).text();
    expect(body).toContain('Điều 623. Thời hiệu thừa kế');
    expect(body).toContain('có hiệu lực từ 01/01/2017');
    expect(body).toContain('id="khoan-3"');
    const law = await (await fetch(`${base}/tra-cuu/luat/68-2020-QH14`)).text();
    expect(law).toContain('Khai báo tạm vắng');
  });

  it('404s for unknown laws and articles', async () => {
    expect((await fetch(`${base}/tra-cuu/luat/81-2006-QH11`)).status).toBe(404);
    expect((await fetch(`${base}/tra-cuu/luat/91-2015-QH13/9999`)).status).toBe(404);
  });
});
