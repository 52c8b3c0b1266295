import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = undefined;
  });

  async function start(handler: (body: { model: string; input: string[] }, req: IncomingMessage) => { status: number; body: unknown }): Promise<string> {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        const out = handler(JSON.parse(raw) as { model: string; input: string[] }, req);
        res.writeHead(out.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(out.body));
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1`;
  }

  it('posts model and input to /embeddings and returns vectors in input order', async () => {
    const seen: { model: string; input: string[]; auth?: string; url?: string }[] = [];
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
    expect(seen[0]).toMatchObject({ model: 'bge-m3', auth: 'Bearer k', url: '/v1/embeddings' });
    expect(await e.embedQuery('dddd')).toEqual([4, 0]);
  });

  it('fails with a precise unavailable:embeddings error on a server error', async () => {
    const base = await start(() => ({ status: 500, body: { error: 'boom' } }));
    const e = new OpenAICompatibleEmbeddings({ baseUrl: base, model: 'm', maxRetries: 0 });
    await expect(e.embedQuery('x')).rejects.toMatchObject({ code: 'unavailable:embeddings', message: expect.stringContaining('HTTP 500') });
  });

  it('rejects a response with the wrong number of vectors', async () => {
    const base = await start(() => ({ status: 200, body: { data: [] } }));
    const e = new OpenAICompatibleEmbeddings({ baseUrl: base, model: 'm', maxRetries: 0 });
    await expect(e.embedQuery('x')).rejects.toMatchObject({ code: 'unavailable:embeddings' });
  });
});
