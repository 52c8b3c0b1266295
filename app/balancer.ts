import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * A small round-robin reverse proxy for a city deployment trial (issue 16): several identical
 * app processes on one PostgreSQL database behind ONE port, on a machine without nginx or a
 * cloud load balancer. In production put the processes behind the city's own load balancer;
 * this one exists so that "two processes behind one port" can be tried, and tested, with
 * nothing but Node.
 *
 * What it does, and why:
 * - Round robin over the backends currently healthy. Health is `GET /readyz` every
 *   `healthEveryMs` (200 = healthy) plus passive checks: a backend that refuses a connection
 *   is marked down at once, until its next good health check.
 * - A request whose connection a backend REFUSED never reached it, so it is sent to the next
 *   healthy backend (bodies are buffered up to `maxBodyBytes` for that). A request that did
 *   reach a backend which then died is answered 502 and never replayed: a webhook or chat
 *   message must not be processed twice, and the sender's retry (Zalo's redelivery, the web
 *   chat's `clientActivityID`) is deduplicated by the app.
 * - Responses stream through as they come (Direct Line's and the console's event streams),
 *   and WebSocket upgrades are piped to a backend both ways.
 * - `X-Forwarded-For`, `-Proto` and `-Host` are set, so the app (TRUST_PROXY=loopback when
 *   the balancer runs on the same machine) keys its rate limits on the citizen's address.
 */
export interface BalancerOptions {
  /** Backend base URLs, e.g. `http://127.0.0.1:3991`. */
  backends: readonly string[];
  healthPath?: string;
  healthEveryMs?: number;
  healthTimeoutMs?: number;
  /** Request bodies above this are refused with 413 (default 25 MB). */
  maxBodyBytes?: number;
  log?: (level: 'info' | 'warn', message: string, data?: Record<string, unknown>) => void;
}

export interface BackendState {
  url: string;
  healthy: boolean;
  /** Requests sent to it (responses started or not). */
  sent: number;
  /** The last reason it was marked down. */
  lastError?: string;
}

export interface Balancer {
  server: http.Server;
  listen(port: number, host?: string): Promise<number>;
  backends(): BackendState[];
  /** One round of health checks now (also run on the schedule). */
  checkHealth(): Promise<void>;
  close(): Promise<void>;
}

/** Connection errors that prove the request never reached the backend. */
const NOT_DELIVERED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

/** Hop-by-hop headers a proxy must not forward (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authorization', 'proxy-authenticate']);

interface Backend extends BackendState {
  host: string;
  port: number;
}

export function createBalancer(options: BalancerOptions): Balancer {
  if (options.backends.length === 0) throw new Error('balancer: at least one backend URL is needed');
  const log = options.log ?? (() => undefined);
  const healthPath = options.healthPath ?? '/readyz';
  const maxBody = options.maxBodyBytes ?? 25 * 1024 * 1024;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const backends: Backend[] = options.backends.map((raw) => {
    const u = new URL(raw);
    if (u.protocol !== 'http:') throw new Error(`balancer: backend ${raw} must be an http:// URL (TLS ends at the balancer)`);
    return { url: u.origin, host: u.hostname, port: Number(u.port || 80), healthy: false, lastError: 'not checked yet', sent: 0 };
  });
  let next = 0;

  const markDown = (b: Backend, reason: string) => {
    if (b.healthy) log('warn', 'backend down', { backend: b.url, reason });
    b.healthy = false;
    b.lastError = reason;
  };
  const markUp = (b: Backend) => {
    if (!b.healthy) log('info', 'backend up', { backend: b.url });
    b.healthy = true;
  };

  /** Healthy backends in round-robin order from the next turn, minus those already tried. */
  const order = (tried: Set<Backend>): Backend[] => {
    const start = next++ % backends.length;
    const rotated = [...backends.slice(start), ...backends.slice(0, start)];
    return rotated.filter((b) => b.healthy && !tried.has(b));
  };

  const forwardedHeaders = (req: http.IncomingMessage): http.OutgoingHttpHeaders => {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    }
    const client = req.socket.remoteAddress ?? '';
    const prior = req.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = prior ? `${String(prior)}, ${client}` : client;
    headers['x-forwarded-proto'] = (req.headers['x-forwarded-proto'] as string | undefined) ?? 'http';
    if (req.headers.host) headers['x-forwarded-host'] = req.headers.host;
    return headers;
  };

  const readBody = (req: http.IncomingMessage): Promise<Buffer | 'too-large'> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBody) {
          req.pause();
          resolve('too-large');
          return;
        }
        chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });

  const fail = (res: http.ServerResponse, status: number, message: string) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' });
    res.end(`${message}\n`);
  };

  const server = http.createServer(async (req, res) => {
    let body: Buffer | 'too-large';
    try {
      body = await readBody(req);
    } catch {
      res.destroy();
      return;
    }
    if (body === 'too-large') {
      fail(res, 413, 'Request body too large');
      return;
    }
    const payload = body;
    const tried = new Set<Backend>();
    const attempt = () => {
      const [backend] = order(tried);
      if (!backend) {
        fail(res, 503, 'No application process is available; try again shortly');
        return;
      }
      tried.add(backend);
      backend.sent++;
      const headers = forwardedHeaders(req);
      headers['content-length'] = String(payload.length);
      const upstream = http.request({ host: backend.host, port: backend.port, method: req.method, path: req.url, headers, agent });
      let responded = false;
      upstream.on('response', (up) => {
        responded = true;
        const out: http.OutgoingHttpHeaders = {};
        for (const [name, value] of Object.entries(up.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
        res.writeHead(up.statusCode ?? 502, up.statusMessage, out);
        res.flushHeaders();
        up.pipe(res);
        up.on('error', () => res.destroy());
      });
      upstream.on('error', (err: NodeJS.ErrnoException) => {
        if (responded) {
          res.destroy();
          return;
        }
        if (err.code && NOT_DELIVERED.has(err.code)) {
          markDown(backend, err.code);
          attempt();
          return;
        }
        // Sent (or maybe sent): never replayed.
        markDown(backend, err.code ?? err.message);
        fail(res, 502, 'The application process stopped while answering; please retry');
      });
      res.on('close', () => {
        if (!res.writableFinished) upstream.destroy();
      });
      upstream.end(payload);
    };
    attempt();
  });

  server.on('upgrade', (req: http.IncomingMessage, client: Duplex, head: Buffer) => {
    const tried = new Set<Backend>();
    const attempt = () => {
      const [backend] = order(tried);
      if (!backend) {
        client.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      tried.add(backend);
      backend.sent++;
      const upstream = net.connect(backend.port, backend.host);
      let connected = false;
      upstream.once('connect', () => {
        connected = true;
        const headers = forwardedHeaders(req);
        const lines = [`${req.method} ${req.url} HTTP/1.1`];
        for (const [name, value] of Object.entries(headers)) {
          for (const v of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${String(v)}`);
        }
        lines.push('Connection: Upgrade', `Upgrade: ${req.headers.upgrade ?? 'websocket'}`);
        upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
        if (head.length > 0) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', (err: NodeJS.ErrnoException) => {
        if (!connected && err.code && NOT_DELIVERED.has(err.code)) {
          markDown(backend, err.code);
          attempt();
          return;
        }
        client.destroy();
      });
      client.on('error', () => upstream.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    };
    attempt();
  });

  const checkOne = (b: Backend): Promise<void> =>
    new Promise((resolve) => {
      const req = http.get({ host: b.host, port: b.port, path: healthPath, timeout: options.healthTimeoutMs ?? 2_000 }, (res) => {
        res.resume();
        if (res.statusCode === 200) markUp(b);
        else markDown(b, `${healthPath} answered ${res.statusCode}`);
        resolve();
      });
      req.on('timeout', () => req.destroy(new Error(`${healthPath} timed out`)));
      req.on('error', (err: NodeJS.ErrnoException) => {
        markDown(b, err.code ?? err.message);
        resolve();
      });
    });
  const checkHealth = async () => {
    await Promise.all(backends.map(checkOne));
  };
  // A backend takes traffic once its first health check passes (an app still building its
  // indexes answers /readyz with 503).
  void checkHealth();
  const timer = setInterval(() => void checkHealth(), options.healthEveryMs ?? 1_000);
  timer.unref();

  return {
    server,
    listen: (port, host = '0.0.0.0') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as net.AddressInfo).port));
      }),
    backends: () => backends.map(({ url, healthy, sent, lastError }) => ({ url, healthy, sent, lastError })),
    checkHealth,
    close: async () => {
      clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
