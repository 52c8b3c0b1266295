import http from 'node:http';
import type net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { createBalancer, type Balancer } from './balancer.js';

/** A backend as an app process looks from outside: /readyz, echo routes, a stream, a WebSocket. */
async function backend(name: string) {
  let ready = true;
  const received: Array<{ method: string; url: string; body: string; xff?: string }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/readyz') {
        res.writeHead(ready ? 200 : 503).end();
        return;
      }
      received.push({ method: req.method!, url: req.url!, body: Buffer.concat(chunks).toString(), xff: req.headers['x-forwarded-for'] as string | undefined });
      if (req.url === '/stream') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: first\n\n');
        setTimeout(() => res.end('data: last\n\n'), 300);
        return;
      }
      if (req.url === '/hang') return; // never answers: the process "dies" holding it
      res.writeHead(200, { 'content-type': 'application/json', 'x-backend': name });
      res.end(JSON.stringify({ backend: name, body: Buffer.concat(chunks).toString() }));
    });
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket) => socket.on('message', (data) => socket.send(`${name}:${String(data)}`)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    setReady: (r: boolean) => void (ready = r),
    stop: async () => {
      for (const c of wss.clients) c.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function post(port: number, path: string, body: string): Promise<{ status: number; json?: { backend: string; body: string } }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', body, headers: { 'content-type': 'text/plain' } });
  const text = await res.text();
  return { status: res.status, json: res.status === 200 ? (JSON.parse(text) as { backend: string; body: string }) : undefined };
}

describe('trial balancer (issue 16: two processes behind one port)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  async function setup(names: string[]) {
    const backs = await Promise.all(names.map(backend));
    for (const b of backs) cleanups.push(b.stop);
    const balancer: Balancer = createBalancer({ backends: backs.map((b) => b.url), healthEveryMs: 60_000 });
    cleanups.push(() => balancer.close());
    await balancer.checkHealth();
    const port = await balancer.listen(0, '127.0.0.1');
    return { backs, balancer, port };
  }

  it('spreads requests round robin, bodies and client address intact', async () => {
    const { backs, port } = await setup(['a', 'b']);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await post(port, '/api/messages', `tin nhắn ${i}`));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers.map((a) => a.json!.body)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `tin nhắn ${i}`));
    expect(backs[0]!.received).toHaveLength(3);
    expect(backs[1]!.received).toHaveLength(3);
    expect(backs[0]!.received[0]!.xff).toBe('127.0.0.1');
  });

  it('sends nothing to a process until its /readyz answers 200', async () => {
    const backs = await Promise.all(['a', 'b'].map(backend));
    for (const b of backs) cleanups.push(b.stop);
    backs[1]!.setReady(false);
    const balancer = createBalancer({ backends: backs.map((b) => b.url), healthEveryMs: 60_000 });
    cleanups.push(() => balancer.close());
    await balancer.checkHealth();
    const port = await balancer.listen(0, '127.0.0.1');
    for (let i = 0; i < 4; i++) expect((await post(port, '/x', 'y')).json!.backend).toBe('a');
    backs[1]!.setReady(true);
    await balancer.checkHealth();
    const seen = new Set<string>();
    for (let i = 0; i < 4; i++) seen.add((await post(port, '/x', 'y')).json!.backend);
    expect([...seen].sort()).toEqual(['a', 'b']);
  });

  it('a process that is gone loses no request: a refused connection goes to the other process', async () => {
    const { backs, balancer, port } = await setup(['a', 'b']);
    await backs[1]!.stop(); // killed; the balancer has not noticed (no health check since)
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => post(port, '/zalo/webhook', `event ${i}`)));
    expect(answers.every((a) => a.status === 200 && a.json!.backend === 'a')).toBe(true);
    expect(backs[0]!.received.map((r) => r.body).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `event ${i}`).sort());
    expect(balancer.backends().find((b) => b.url === backs[1]!.url)!.healthy).toBe(false);
  });

  it('a request the process received but never answered is 502, not replayed on the other', async () => {
    const { backs, port } = await setup(['a', 'b']);
    // Round robin: the first request goes to a. Make a "die" while holding it.
    const pending = post(port, '/hang', 'once');
    await new Promise((r) => setTimeout(r, 150));
    const holder = backs.find((b) => b.received.some((r) => r.url === '/hang'))!;
    await holder.stop();
    const answer = await pending;
    expect(answer.status).toBe(502);
    const other = backs.find((b) => b !== holder)!;
    expect(other.received.filter((r) => r.url === '/hang')).toHaveLength(0);
  });

  it('every process down: 503 with Retry-After', async () => {
    const { backs, port } = await setup(['a']);
    await backs[0]!.stop();
    const res = await fetch(`http://127.0.0.1:${port}/x`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
  });

  it('streams a response as it comes (event streams)', async () => {
    const { port } = await setup(['a']);
    const res = await fetch(`http://127.0.0.1:${port}/stream`);
    const reader = res.body!.getReader();
    const started = Date.now();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('first');
    expect(Date.now() - started).toBeLessThan(250); // before the backend ends the response
    let rest = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      rest += new TextDecoder().decode(value);
    }
    expect(rest).toContain('last');
  });

  it('passes WebSocket upgrades through, both ways', async () => {
    const { port } = await setup(['a', 'b']);
    const replies: string[] = [];
    for (let i = 0; i < 2; i++) {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/v3/directline/conversations/c1/stream`);
      const reply = await new Promise<string>((resolve, reject) => {
        ws.on('open', () => ws.send(`xin chào ${i}`));
        ws.on('message', (data) => resolve(String(data)));
        ws.on('error', reject);
      });
      ws.close();
      replies.push(reply);
    }
    expect(replies.sort()).toEqual(['a:xin chào 0', 'b:xin chào 1'].sort());
  });

  it('refuses a body above the limit with 413', async () => {
    const back = await backend('a');
    cleanups.push(back.stop);
    const balancer = createBalancer({ backends: [back.url], maxBodyBytes: 1_000, healthEveryMs: 60_000 });
    cleanups.push(() => balancer.close());
    await balancer.checkHealth();
    const port = await balancer.listen(0, '127.0.0.1');
    expect((await post(port, '/x', 'x'.repeat(2_000))).status).toBe(413);
    expect(back.received).toHaveLength(0);
  });
});
