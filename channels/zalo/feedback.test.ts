import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAssistant, type Assistant } from '../../app/assistant.js';
import { loadConfig } from '../../app/config.js';
import { createSilentLogger } from '../../app/logger.js';
import { composeServer, type AppServer } from '../../app/compose.js';
import { FakeCatalogue, FakeRetriever } from '../../bot/testing/fake-retrieval.js';
import { FEEDBACK_LINE } from './render.js';
import type { FakeZalo } from './fake/fake-zalo.js';
import { TEST_ZALO, startFake, tempDir, waitFor } from './fake/harness.js';

/**
 * 👍/👎 on Zalo (issue 17): the real assistant behind the real server, driven by signed
 * webhooks; a rateable answer ends with the invitation line, a greeting does not, and a 👎
 * typed as invited gets the reason buttons.
 */
describe('Zalo feedback invitation with the real assistant', () => {
  let fake: FakeZalo | undefined;
  let server: AppServer | undefined;
  let assistant: Assistant | undefined;
  afterEach(async () => {
    await server?.close();
    await assistant?.close();
    await fake?.stop();
  });

  it('invites 👍/👎 under an answer only, and answers a 👎 with the reasons', async () => {
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
    assistant = await createAssistant({ config, logger: createSilentLogger(), catalogue, retriever: new FakeRetriever(catalogue), databaseFile: path.join(dir, 'tthc.sqlite') });
    server = composeServer({ config, assistant, logger: createSilentLogger() });
    const { url } = await server.listen(0, '127.0.0.1');
    const say = async (text: string) => {
      const before = fake!.sentTo('citizen-fb').length;
      const { body, headers } = fake!.webhook(fake!.textEvent('citizen-fb', text));
      expect((await fetch(`${url}/zalo/webhook`, { method: 'POST', body, headers })).status).toBe(200);
      await waitFor(() => fake!.sentTo('citizen-fb').length > before, text, 15_000);
      await new Promise((r) => setTimeout(r, 300));
      return fake!.sentTo('citizen-fb').slice(before);
    };

    const greeting = await say('xin chào');
    expect(greeting.map((m) => m.text ?? '').join('\n')).not.toContain(FEEDBACK_LINE);

    const answer = await say('dang ky khai sinh cho con can giay to gi');
    const texts = answer.map((m) => m.text ?? '');
    expect(texts.join('\n')).toMatch(/khai sinh/i);
    expect(texts.filter((t) => t.includes(FEEDBACK_LINE))).toHaveLength(1);
    const invited = answer.find((m) => (m.text ?? '').includes(FEEDBACK_LINE))!;
    expect(invited.text!.endsWith(FEEDBACK_LINE)).toBe(true);
    expect(invited.text!.length).toBeLessThanOrEqual(2000);
    expect(invited.buttons?.length ?? 0).toBeLessThanOrEqual(5);

    const down = await say('👎');
    expect(down.map((m) => m.text ?? '').join('\n')).not.toContain(FEEDBACK_LINE);
    const reasons = down.flatMap((m) => m.buttons ?? []).map((b) => b.title);
    expect(reasons).toEqual(expect.arrayContaining(['Sai thông tin']));
  });
});
