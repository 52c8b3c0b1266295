import { afterEach, describe, expect, it } from 'vitest';
import { createFixtureAssistant } from '../../test/harness.js';
import { FakeCatalogue, FakeRetriever } from '../../bot/testing/fake-retrieval.js';
import { BIRTH_REGISTRATION, FIXTURE_PROCEDURES } from '../../bot/testing/fixtures.js';
import { loadConfig } from '../../app/config.js';
import { createSilentLogger } from '../../app/logger.js';
import { composeServer } from '../../app/compose.js';
import type { Procedure } from '../../knowledge/index.js';

/** The web channel's server-rendered pages over the real server (fixture catalogue). */

const SECRET = 'web-test-secret-0123456789abcdef';
const HOSTILE: Procedure = {
  ...BIRTH_REGISTRATION,
  code: '9.999999',
  name: 'Thủ tục <script>alert(1)</script> "thử"',
  agencies: ['<img src=x onerror=alert(2)>'],
};
let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

async function start() {
  const catalogue = new FakeCatalogue([...FIXTURE_PROCEDURES, HOSTILE]);
  const assistant = await createFixtureAssistant({ catalogue, retriever: new FakeRetriever(catalogue) });
  const config = loadConfig({ DATA_DIR: assistant.dataDir, DIRECTLINE_SECRET: SECRET, NODE_ENV: 'test' });
  const server = composeServer({ config, assistant, logger: createSilentLogger() });
  const { url } = await server.listen(0, '127.0.0.1');
  cleanup.push(() => assistant.cleanup(), () => server.close());
  return url;
}

describe('web pages', () => {
  it('serves the citizen page with a strict CSP, Web Chat from our own origin and no secret', async () => {
    const url = await start();
    const res = await fetch(`${url}/`);
    const body = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(body).toContain('<html lang="vi">');
    expect(body).toContain('<script src="/static/webchat.js"></script>');
    expect(body).not.toMatch(/https?:\/\/(?!localhost)[^"']*\.js/);
    expect(body).not.toContain(SECRET);
    const bundle = await fetch(`${url}/static/webchat.js`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    expect((await bundle.text()).length).toBeGreaterThan(1_000_000);
    const chat = await (await fetch(`${url}/static/chat.js`)).text();
    expect(chat).not.toContain(SECRET);
  });

  it('gives the page a conversation token, never the secret', async () => {
    const url = await start();
    const res = await fetch(`${url}/api/directline/token`, { method: 'POST' });
    const json = (await res.json()) as Record<string, string>;
    expect(res.status).toBe(200);
    expect(json).toMatchObject({ conversationId: expect.any(String), token: expect.any(String), userId: expect.stringMatching(/^dl_/) });
    expect(JSON.stringify(json)).not.toContain(SECRET);
    const tokenUse = await fetch(`${url}/v3/directline/tokens/generate`, { method: 'POST', headers: { Authorization: `Bearer ${json.token}` } });
    expect(tokenUse.status).toBe(403);
  });

  it('serves /embed.js', async () => {
    const url = await start();
    const res = await fetch(`${url}/embed.js`);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(await res.text()).toContain("'/?embed=1'");
  });

  it('escapes everything a record holds in the officer pages', async () => {
    const url = await start();
    for (const path of ['/tra-cuu/9.999999', '/tra-cuu/9.999999/phieu', '/tra-cuu?agency=%3Cimg']) {
      const body = await (await fetch(`${url}${path}`)).text();
      expect(body).not.toContain('<script>alert(1)');
      expect(body).not.toContain('<img src=x');
    }
    const page = await (await fetch(`${url}/tra-cuu/9.999999`)).text();
    expect(page).toContain('Thủ tục &lt;script&gt;alert(1)&lt;/script&gt; &quot;thử&quot;');
    const search = await (await fetch(`${url}/tra-cuu?q=%22%3E%3Cscript%3Ex%3C/script%3E`)).text();
    expect(search).not.toContain('"><script>x');
  });

  it('renders a procedure with its record and a search with results; unknown codes are 404', async () => {
    const url = await start();
    const page = await (await fetch(`${url}/tra-cuu/${BIRTH_REGISTRATION.code}`)).text();
    expect(page).toContain(BIRTH_REGISTRATION.name);
    if (BIRTH_REGISTRATION.decisionNumber) expect(page).toContain(BIRTH_REGISTRATION.decisionNumber);
    for (const l of BIRTH_REGISTRATION.legalBasis) if (l.number) expect(page).toContain(l.number);
    const search = await (await fetch(`${url}/tra-cuu?q=khai+sinh&level=xa`)).text();
    expect(search).toContain(`/tra-cuu/${BIRTH_REGISTRATION.code}`);
    const missing = await fetch(`${url}/tra-cuu/1.999998`, { headers: { Accept: 'text/html' } });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Dạ, em không tìm thấy');
    expect((await fetch(`${url}/tra-cuu/abc`)).status).toBe(404);
  });
});
