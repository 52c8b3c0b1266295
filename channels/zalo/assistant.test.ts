import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAssistant, type Assistant } from '../../app/assistant.js';
import { loadConfig } from '../../app/config.js';
import { createSilentLogger } from '../../app/logger.js';
import { composeServer, type AppServer } from '../../app/compose.js';
import { FakeCatalogue, FakeRetriever } from '../../bot/testing/fake-retrieval.js';
import type { FakeZalo } from './fake/fake-zalo.js';
import { TEST_ZALO, startFake, tempDir, waitFor } from './fake/harness.js';

/**
 * The real assistant (bot-core's TthcBot with its skill chain, over a fixture catalogue and
 * retriever) behind the real server (`composeServer`, Zalo configured), driven by signed
 * webhooks; replies asserted at the fake Zalo.
 */
describe('Zalo channel with the real assistant and server', () => {
  let fake: FakeZalo | undefined;
  let server: AppServer | undefined;
  let assistant: Assistant | undefined;
  afterEach(async () => {
    await server?.close();
    await assistant?.close();
    await fake?.stop();
  });

  it('welcomes a follower and answers a procedure question within Zalo limits; /readyz reports zalo', async () => {
    fake = await startFake();
    const tokens = fake.issueTokens();
    const dir = tempDir();
    const config = loadConfig({
      DATA_DIR: dir,
      ZALO_APP_ID: TEST_ZALO.appId,
      ZALO_APP_SECRET: TEST_ZALO.appSecret,
      ZALO_OA_SECRET_KEY: TEST_ZALO.oaSecretKey,
      ZALO_API_BASE: fake.baseUrl,
      ZALO_OAUTH_BASE: fake.baseUrl,
      ZALO_ACCESS_TOKEN: tokens.accessToken,
      ZALO_REFRESH_TOKEN: tokens.refreshToken,
      ADMIN_TOKEN: TEST_ZALO.adminToken,
      PUBLIC_BASE_URL: 'https://tro-ly.example.gov.vn',
    });
    const catalogue = new FakeCatalogue();
    assistant = await createAssistant({
      config,
      logger: createSilentLogger(),
      catalogue,
      retriever: new FakeRetriever(catalogue),
      databaseFile: path.join(dir, 'tthc.sqlite'),
    });
    server = composeServer({ config, assistant, logger: createSilentLogger() });
    const { url } = await server.listen(0, '127.0.0.1');
    const post = async (event: Record<string, unknown>) => {
      const { body, headers } = fake!.webhook(event);
      return (await fetch(`${url}/zalo/webhook`, { method: 'POST', body, headers })).status;
    };

    expect(await post(fake.event('follow', 'citizen-1'))).toBe(200);
    await waitFor(() => fake!.sentTo('citizen-1').length >= 1, 'welcome', 15_000);
    const welcome = fake.sentTo('citizen-1');
    const welcomeText = welcome.map((m) => m.text ?? '').join('\n');
    expect(welcomeText).toMatch(/dữ liệu cá nhân/);
    expect(welcomeText).not.toMatch(/\*\*/); // markdown: false was honoured
    const lastWelcome = welcome.at(-1)!;
    expect(lastWelcome.buttons!.length).toBeGreaterThan(0);
    expect(lastWelcome.buttons!.length).toBeLessThanOrEqual(5);
    expect(lastWelcome.buttons!.every((b) => b.type === 'oa.query.hide')).toBe(true);

    expect(await post(fake.textEvent('citizen-1', 'dang ky khai sinh cho con can giay to gi'))).toBe(200);
    await waitFor(() => fake!.sentTo('citizen-1').length > welcome.length, 'answer', 15_000);
    await new Promise((r) => setTimeout(r, 300));
    const answer = fake.sentTo('citizen-1').slice(welcome.length);
    const text = answer.map((m) => m.text ?? '').join('\n');
    expect(text).toMatch(/khai sinh/i);
    for (const m of answer) {
      expect((m.text ?? '').length).toBeLessThanOrEqual(2000);
      expect(m.buttons?.length ?? 0).toBeLessThanOrEqual(5);
    }

    // Domain verification file dropped into DATA_DIR/zalo-verifier/ is served at the root.
    fs.mkdirSync(path.join(dir, 'zalo-verifier'));
    fs.writeFileSync(path.join(dir, 'zalo-verifier', 'zalo_verifierABC123.html'), '<meta name="zalo-platform-site-verification" content="ABC123" />');
    const verifier = await fetch(`${url}/zalo_verifierABC123.html`);
    expect(verifier.status).toBe(200);
    expect(await verifier.text()).toContain('ABC123');
    expect((await fetch(`${url}/zalo_verifierNOPE.html`)).status).toBe(404);

    const ready = (await (await fetch(`${url}/readyz`)).json()) as { checks: Record<string, { state: string; detail?: string }> };
    expect(ready.checks.zalo).toEqual({ state: 'ok', detail: 'token ok' });
    expect(fake.rejections).toEqual([]);
  });
});
