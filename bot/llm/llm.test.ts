import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { composeShortAnswer } from '../answer/compose.js';
import { silentLogger } from '../ports/index.js';
import { createFixtureAssistant } from '../../test/harness.js';
import { BIRTH_REGISTRATION } from '../testing/fixtures.js';
import { createLlmRephraser, createRephraser } from './index.js';

const template = composeShortAnswer(BIRTH_REGISTRATION).text;
const citation = template.slice(template.indexOf('Nguồn:'));
const goodRewrite = `Dạ, để đăng ký khai sinh (mã 1.001193) anh/chị nộp tại Ủy ban nhân dân cấp xã, mang “Tờ khai đăng ký khai sinh theo mẫu” và “Giấy chứng sinh”. Đăng ký đúng hạn thì miễn lệ phí, có kết quả trong 1 ngày làm việc.\n\n${citation}`;
const badRewrite = `Dạ, lệ phí là 50.000 đồng và mất 15 ngày.\n\n${citation}`;

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((s) => {
      s.closeAllConnections();
      return new Promise((r) => s.close(r));
    }),
  );
});

async function fakeServer(handler: (body: any, res: http.ServerResponse, req: http.IncomingMessage) => void): Promise<string> {
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => handler(JSON.parse(raw), res, req));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

const opts = { timeoutMs: 2000, logger: silentLogger };
const input = { question: 'khai sinh', answer: template, procedures: [BIRTH_REGISTRATION] };

/** A logger that keeps what was warned, to see why a rewrite was refused. */
function recordingLogger() {
  const warnings: { obj: unknown; msg?: string }[] = [];
  return { warnings, logger: { ...silentLogger, warn: (obj: unknown, msg?: string) => void warnings.push({ obj, msg }) } };
}

describe('optional LLM rephrasing', () => {
  it('uses a grounded rewrite', async () => {
    const r = createRephraser({ ...opts, chatModel: new FakeListChatModel({ responses: [goodRewrite] }) });
    expect(await r.rephrase({ question: 'khai sinh', answer: template, procedures: [BIRTH_REGISTRATION] })).toBe(goodRewrite);
  });

  it('falls back to the template when the rewrite invents numbers, drops the citation, fails or times out', async () => {
    const cases = [
      new FakeListChatModel({ responses: [badRewrite] }),
      new FakeListChatModel({ responses: ['Dạ, anh/chị ra phường hỏi nhé.'] }),
      new FakeListChatModel({ responses: [goodRewrite], sleep: 5000 }),
    ];
    for (const chatModel of cases) {
      const r = createRephraser({ ...opts, timeoutMs: 200, chatModel });
      expect(await r.rephrase({ question: 'khai sinh', answer: template, procedures: [BIRTH_REGISTRATION] })).toBeUndefined();
    }
  });

  it('talks to an OpenAI-compatible server over HTTP (local fake on port 0): /chat/completions, model, messages, key', async () => {
    const seen: { body: any; url?: string; auth?: string }[] = [];
    const url = await fakeServer((body, res, req) => {
      seen.push({ body, url: req.url, auth: req.headers.authorization });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: 'c1', object: 'chat.completion', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: goodRewrite } }] }));
    });
    const r = createLlmRephraser({ baseUrl: url, model: 'vi-chat', apiKey: 'k', timeoutMs: 5000, logger: silentLogger });
    expect(await r.rephrase(input)).toBe(goodRewrite);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ url: '/v1/chat/completions', auth: 'Bearer k' });
    expect(seen[0]!.body).toMatchObject({ model: 'vi-chat', temperature: 0.2 });
    expect(seen[0]!.body.stream ?? false).toBe(false);
    expect(seen[0]!.body.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user']);
    expect(seen[0]!.body.messages[1].content).toBe(`Câu hỏi: khai sinh\n\nCÂU TRẢ LỜI MẪU:\n${template}`);
  });

  it('keeps the template on a server error (unavailable:llm, one request, no retry) and on a server slower than the timeout', async () => {
    let calls = 0;
    const failing = await fakeServer((_body, res) => {
      calls += 1;
      res.statusCode = 500;
      res.setHeader('content-type', 'application/json');
      res.end('{"error":{"message":"boom"}}');
    });
    const errors = recordingLogger();
    expect(await createLlmRephraser({ baseUrl: failing, model: 'm', timeoutMs: 5000, logger: errors.logger }).rephrase(input)).toBeUndefined();
    expect(calls).toBe(1);
    expect(errors.warnings[0]?.obj).toMatchObject({ err: { code: 'unavailable:llm', message: expect.stringContaining('HTTP 500') } });

    let closed = false;
    const slow = await fakeServer((_body, res) => {
      res.on('close', () => (closed = true));
      setTimeout(() => {
        if (res.destroyed) return;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content: goodRewrite } }] }));
      }, 3000);
    });
    const started = Date.now();
    expect(await createLlmRephraser({ baseUrl: slow, model: 'm', timeoutMs: 300, logger: silentLogger }).rephrase(input)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2000);
    // The request is cancelled, not left running on the server.
    await expect.poll(() => closed, { timeout: 2000 }).toBe(true);
  });

  it('never sends an OPENAI_API_KEY from the environment to the on-premises server', async () => {
    const auth: (string | undefined)[] = [];
    const url = await fakeServer((_body, res, req) => {
      auth.push(req.headers.authorization);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content: goodRewrite } }] }));
    });
    const before = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = 'sk-from-the-environment';
    try {
      expect(await createLlmRephraser({ baseUrl: url, model: 'm', timeoutMs: 5000, logger: silentLogger }).rephrase(input)).toBe(goodRewrite);
    } finally {
      if (before === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = before;
    }
    expect(auth).toHaveLength(1);
    expect(auth[0] ?? '').not.toContain('sk-from-the-environment');
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
