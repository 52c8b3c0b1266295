import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { composeShortAnswer } from '../answer/compose.js';
import { silentLogger } from '../ports/index.js';
import { createFixtureAssistant } from '../testing/harness.js';
import { BIRTH_REGISTRATION } from '../testing/fixtures.js';
import { createLlmRephraser, OpenAICompatibleChatModel } from './index.js';

const template = composeShortAnswer(BIRTH_REGISTRATION).text;
const citation = template.slice(template.indexOf('Nguồn:'));
const goodRewrite = `Dạ, để đăng ký khai sinh (mã 1.001193) anh/chị nộp tại Ủy ban nhân dân cấp xã, mang “Tờ khai đăng ký khai sinh theo mẫu” và “Giấy chứng sinh”. Đăng ký đúng hạn thì miễn lệ phí, có kết quả trong 1 ngày làm việc.\n\n${citation}`;
const badRewrite = `Dạ, lệ phí là 50.000 đồng và mất 15 ngày.\n\n${citation}`;

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function fakeServer(handler: (body: any, res: http.ServerResponse) => void): Promise<string> {
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => handler(JSON.parse(raw), res));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

const opts = { baseUrl: 'http://unused', model: 'm', timeoutMs: 2000, logger: silentLogger };

describe('optional LLM rephrasing', () => {
  it('uses a grounded rewrite', async () => {
    const r = createLlmRephraser({ ...opts, chatModel: new FakeListChatModel({ responses: [goodRewrite] }) });
    expect(await r.rephrase({ question: 'khai sinh', answer: template, procedures: [BIRTH_REGISTRATION] })).toBe(goodRewrite);
  });

  it('falls back to the template when the rewrite invents numbers, drops the citation, fails or times out', async () => {
    const cases = [
      new FakeListChatModel({ responses: [badRewrite] }),
      new FakeListChatModel({ responses: ['Dạ, anh/chị ra phường hỏi nhé.'] }),
      new FakeListChatModel({ responses: [goodRewrite], sleep: 5000 }),
    ];
    for (const chatModel of cases) {
      const r = createLlmRephraser({ ...opts, timeoutMs: 200, chatModel });
      expect(await r.rephrase({ question: 'khai sinh', answer: template, procedures: [BIRTH_REGISTRATION] })).toBeUndefined();
    }
  });

  it('talks to an OpenAI-compatible server over HTTP (local fake on port 0)', async () => {
    const seen: any[] = [];
    const url = await fakeServer((body, res) => {
      seen.push(body);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: goodRewrite } }] }));
    });
    const model = new OpenAICompatibleChatModel({ baseUrl: url, model: 'vi-chat', apiKey: 'k' });
    const out = await model.invoke('xin chào');
    expect(out.content).toBe(goodRewrite);
    expect(seen[0]).toMatchObject({ model: 'vi-chat', messages: [{ role: 'user', content: 'xin chào' }] });
  });

  it('the bot keeps the template when the server errors, and uses a grounded rewrite when it works', async () => {
    let mode: 'ok' | 'error' = 'error';
    const url = await fakeServer((_body, res) => {
      if (mode === 'error') {
        res.statusCode = 500;
        res.end('{}');
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ choices: [{ message: { content: goodRewrite } }] }));
    });
    const b = await createFixtureAssistant({ env: { LLM_BASE_URL: url, LLM_MODEL: 'vi-chat', LLM_TIMEOUT_MS: '2000' } });
    try {
      const failing = await b.createTestAdapter().send('đăng ký khai sinh cần gì');
      expect(failing.result?.outcome.tags ?? []).not.toContain('llm');
      expect(failing.texts[0]).toBe(template);
      mode = 'ok';
      const working = await b.createTestAdapter().send('đăng ký khai sinh cần gì');
      expect(working.result?.outcome.tags).toContain('llm');
      expect(working.texts[0]).toBe(goodRewrite);
    } finally {
      await b.cleanup();
    }
  });
});
