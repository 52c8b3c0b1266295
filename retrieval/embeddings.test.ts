import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DenseIndex } from './dense-index.js';
import { HashedNgramEmbeddings, OpenAICompatibleEmbeddings } from './embeddings.js';

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('HashedNgramEmbeddings', () => {
  const e = new HashedNgramEmbeddings({ dimensions: 256 });

  it('is deterministic and unit length', async () => {
    const [a, b] = await e.embedDocuments(['đăng ký khai sinh', 'đăng ký khai sinh']);
    expect(a).toEqual(b);
    expect(Math.abs(cosine(a!, a!) - 1)).toBeLessThan(1e-9);
  });

  it('puts unaccented and accented spellings of a phrase at the same point', async () => {
    const a = await e.embedQuery('cấp lại thẻ căn cước');
    const u = await e.embedQuery('cap lai the can cuoc');
    expect(cosine(a, u)).toBeGreaterThan(0.999);
  });

  it('ranks a related phrase above an unrelated one', async () => {
    const q = await e.embedQuery('cap lai can cuoc');
    const near = await e.embedQuery('Cấp lại thẻ căn cước');
    const far = await e.embedQuery('Đăng ký nội quy lao động');
    expect(cosine(q, near)).toBeGreaterThan(cosine(q, far));
  });
});

/** Embeddings that map a text to a fixed vector, so neighbours are known in advance. */
class FakeEmbeddings extends HashedNgramEmbeddings {
  constructor(private readonly table: Record<string, number[]>) {
    super({ dimensions: 3 });
  }
  override embedText(text: string): number[] {
    const v = this.table[text];
    if (!v) throw new Error(`FakeEmbeddings: no vector for ${text}`);
    return v;
  }
}

describe('DenseIndex over HNSWLib', () => {
  it('returns nearest neighbours by cosine distance with ef set explicitly', async () => {
    const fake = new FakeEmbeddings({ a: [1, 0, 0], b: [0.9, 0.1, 0], c: [0, 1, 0], d: [0, 0, 1], q: [1, 0.05, 0] });
    const index = await DenseIndex.build(
      ['a', 'b', 'c', 'd'].map((t, i) => ({ code: `1.00000${i}`, text: t })),
      fake,
      64,
    );
    expect(index.ef).toBe(64);
    const hits = await index.search('q', 3);
    expect(hits.map((h) => h.code)).toEqual(['1.000000', '1.000001', '1.000002']);
    expect(hits[0]!.distance).toBeLessThan(hits[1]!.distance);
    expect(hits[0]!.distance).toBeGreaterThanOrEqual(0);
  });
});

describe('OpenAICompatibleEmbeddings against a local fake server', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = undefined;
  });

  type Reply = { status: number; body: unknown; delayMs?: number };
  async function start(handler: (body: { model: string; input: string[]; encoding_format?: string }, req: IncomingMessage) => Reply): Promise<string> {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        const out = handler(JSON.parse(raw) as { model: string; input: string[] }, req);
        const send = () => {
          if (res.destroyed) return;
          res.writeHead(out.status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(out.body));
        };
        if (out.delayMs) setTimeout(send, out.delayMs);
        else send();
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1`;
  }

  it('posts model and input to /embeddings and returns vectors in input order', async () => {
    const seen: { model: string; input: string[]; encoding_format?: string; auth?: string; url?: string }[] = [];
    const base = await start((body, req) => {
      seen.push({ ...body, auth: req.headers.authorization, url: req.url });
      // Answer out of order: the client must sort by index.
      const data = body.input.map((t, i) => ({ index: i, embedding: [t.length, i] })).reverse();
      return { status: 200, body: { data } };
    });
    const e = new OpenAICompatibleEmbeddings({ baseUrl: base, model: 'bge-m3', apiKey: 'k', batchSize: 2 });
    const vectors = await e.embedDocuments(['a', 'bb', 'ccc']);
    expect(vectors).toEqual([[1, 0], [2, 1], [3, 0]]);
    expect(seen.map((s) => s.input)).toEqual([['a', 'bb'], ['ccc']]);
    // Plain float vectors (not the SDK's base64 default, which not every server speaks).
    expect(seen[0]).toMatchObject({ model: 'bge-m3', auth: 'Bearer k', url: '/v1/embeddings', encoding_format: 'float' });
    expect(await e.embedQuery('dddd')).toEqual([4, 0]);
    expect(seen[2]!.input).toEqual(['dddd']);
    expect(e.id).toBe(`openai-compatible:${base}:bge-m3`);
  });

  it('sends the text as given, newlines included', async () => {
    const seen: string[][] = [];
    const base = await start((body) => {
      seen.push(body.input);
      return { status: 200, body: { data: body.input.map((_, index) => ({ index, embedding: [1, 0] })) } };
    });
    const e = new OpenAICompatibleEmbeddings({ baseUrl: base, model: 'm' });
    await e.embedDocuments(['Cấp lại\nthẻ căn cước']);
    expect(seen).toEqual([['Cấp lại\nthẻ căn cước']]);
  });

  it('never sends an OPENAI_API_KEY from the environment to the on-premises server', async () => {
    const auth: (string | undefined)[] = [];
    const base = await start((body, req) => {
      auth.push(req.headers.authorization);
      return { status: 200, body: { data: body.input.map((_, index) => ({ index, embedding: [1] })) } };
    });
    const before = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = 'sk-from-the-environment';
    try {
      await new OpenAICompatibleEmbeddings({ baseUrl: base, model: 'm' }).embedQuery('x');
    } finally {
      if (before === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = before;
    }
    expect(auth).toHaveLength(1);
    expect(auth[0] ?? '').not.toContain('sk-from-the-environment');
  });

  it('fails with a precise unavailable:embeddings error on a server error', async () => {
    const base = await start(() => ({ status: 500, body: { error: 'boom' } }));
    const e = new OpenAICompatibleEmbeddings({ baseUrl: base, model: 'm', maxRetries: 0 });
    await expect(e.embedQuery('x')).rejects.toMatchObject({ code: 'unavailable:embeddings', message: expect.stringContaining('HTTP 500') });
  });

  it('rejects a response with the wrong number of vectors', async () => {
    const base = await start(() => ({ status: 200, body: { data: [] } }));
    const e = new OpenAICompatibleEmbeddings({ baseUrl: base, model: 'm', maxRetries: 0 });
    await expect(e.embedQuery('x')).rejects.toMatchObject({ code: 'unavailable:embeddings', message: expect.stringContaining('0 vectors for 1 texts') });
  });

  it('gives up after the timeout with unavailable:embeddings', async () => {
    const base = await start(() => ({ status: 200, body: { data: [{ index: 0, embedding: [1] }] }, delayMs: 3000 }));
    const e = new OpenAICompatibleEmbeddings({ baseUrl: base, model: 'm', timeoutMs: 200, maxRetries: 0 });
    const started = Date.now();
    await expect(e.embedQuery('x')).rejects.toMatchObject({ code: 'unavailable:embeddings', message: expect.stringMatching(/did not answer: .*timed out/i) });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('retries a failed batch while indexing, but not a query', async () => {
    let calls = 0;
    const base = await start((body) => {
      calls += 1;
      return calls % 2 === 1 ? { status: 503, body: { error: 'warming up' } } : { status: 200, body: { data: body.input.map((_, index) => ({ index, embedding: [1, 2] })) } };
    });
    const e = new OpenAICompatibleEmbeddings({ baseUrl: base, model: 'm', maxRetries: 1 });
    expect(await e.embedDocuments(['a'])).toEqual([[1, 2]]);
    expect(calls).toBe(2);
    await expect(e.embedQuery('b')).rejects.toMatchObject({ code: 'unavailable:embeddings', message: expect.stringContaining('HTTP 503') });
    expect(calls).toBe(3);
  }, 15_000);

  it('feeds the dense index: batches of batchSize, one request at a time, the server\'s dimension', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const sizes: number[] = [];
    // A 5-dimensional server: the text's number picks the axis, so neighbours are known.
    const vector = (t: string) => {
      const v = [0, 0, 0, 0, 0];
      v[Number(t.replace(/\D/g, '')) % 5] = 1;
      return v;
    };
    const base = await start((body) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      sizes.push(body.input.length);
      setTimeout(() => (inFlight -= 1), 20);
      return { status: 200, body: { data: body.input.map((t, index) => ({ index, embedding: vector(t) })) }, delayMs: 20 };
    });
    const e = new OpenAICompatibleEmbeddings({ baseUrl: base, model: 'm', batchSize: 64 });
    const docs = Array.from({ length: 130 }, (_, i) => ({ code: `1.${String(i).padStart(6, '0')}`, text: `thủ tục ${i}` }));
    const index = await DenseIndex.build(docs, e, 64);
    expect(sizes).toEqual([64, 64, 2]);
    expect(maxInFlight).toBe(1);
    expect(index.size).toBe(130);
    expect(index.vector(7)).toHaveLength(5);
    const hits = await index.search('hỏi 12', 3);
    expect(hits.every((h) => Number(h.code.slice(2)) % 5 === 2)).toBe(true);
  });
});

describe('the model-server clients are loaded lazily', () => {
  // The embedded default must not pay for `@langchain/openai` and the `openai` SDK: only
  // these two wrappers import the integration, and nothing imports them statically.
  const wrappers = ['retrieval/embeddings-server.ts', 'bot/llm/server-chat-model.ts'];

  it('no module statically imports the LangChain OpenAI integration or its wrappers', () => {
    const root = path.resolve(import.meta.dirname, '..');
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    expect(files).toEqual(expect.arrayContaining(wrappers));
    const offenders: string[] = [];
    for (const f of files) {
      if (!existsSync(path.join(root, f))) continue;
      const text = readFileSync(path.join(root, f), 'utf8');
      const staticImports = [...text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]!);
      const wrapper = staticImports.some((s) => /\/(embeddings-server|server-chat-model)\.js$/.test(s));
      const integration = staticImports.some((s) => s === '@langchain/openai' || s === 'openai');
      if (wrapper || (integration && !wrappers.includes(f))) offenders.push(f);
    }
    expect(offenders).toEqual([]);
  });
});
