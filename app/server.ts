import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { ChannelParts, ChannelWorker, HealthCheck, HealthReport } from '../channels/parts.js';
import { clientAddress } from '../channels/rate-limit.js';
import { AppError, isAppError } from '../knowledge/index.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

export type { ChannelStatus, HealthReport, HealthState } from '../channels/parts.js';

/**
 * HTTP only: one express 5 app with the security headers, the health and readiness probes,
 * the channels' routers, the error pages and the WebSocket upgrade gate; `listen` and a
 * graceful `close`. It builds nothing: the composition root (`app/compose.ts`) builds the
 * stores, the bot and every channel and hands their parts here. The bot never sees HTTP.
 */
export interface CreateServerOptions {
  config: Pick<Config, 'port' | 'host' | 'trustProxy'>;
  logger: Logger;
  /** Every channel's parts, in mount order (routers) and stop order (workers). */
  parts: ChannelParts[];
}

/** Paths whose pages run no script and load nothing: the OAuth callback's confirmation. */
const LOCKED_DOWN_PAGES = new Set(['/zalo/oauth/callback']);
const LOCKED_DOWN_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export interface HttpServer {
  app: Express;
  /** Starts listening (port 0 for any free port), then the parts' workers; returns the bound port and base URL. */
  listen(port?: number, host?: string): Promise<{ port: number; url: string; server: http.Server }>;
  /** Graceful stop: refuse new work, stop the workers in order (turns in flight finish), close connections. */
  close(): Promise<void>;
}

export function createServer(options: CreateServerOptions): HttpServer {
  const { config, logger, parts } = options;
  const healthChecks = new Map<string, HealthCheck>();
  for (const part of parts) {
    for (const [name, check] of Object.entries(part.health ?? {})) {
      if (healthChecks.has(name)) throw new Error(`Two parts register the readiness check "${name}"`);
      healthChecks.set(name, check);
    }
  }
  const workers: ChannelWorker[] = parts.flatMap((p) => p.workers ?? []);

  const app = express();
  app.disable('x-powered-by');
  // Which proxies' X-Forwarded-For/-Proto to believe (TRUST_PROXY): `req.ip` and
  // `req.secure` follow it, and so does every rate limiter, WebSocket upgrades included.
  app.set('trust proxy', config.trustProxy);
  app.use((req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff');
    res.set('Referrer-Policy', 'same-origin');
    // Behind TLS (directly or through a trusted proxy) browsers must never fall back to http.
    if (req.secure) res.set('Strict-Transport-Security', 'max-age=31536000');
    if (LOCKED_DOWN_PAGES.has(req.path)) res.set('Content-Security-Policy', LOCKED_DOWN_CSP);
    // Secrets in URLs end up in proxy logs, browser history and Referer headers.
    if (Object.prototype.hasOwnProperty.call(req.query ?? {}, 'admin_token')) {
      throw new AppError('bad_request:admin_token_in_query', 'The admin token is accepted only in the Authorization header');
    }
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'alive' });
  });
  app.get('/readyz', async (_req, res) => {
    const checks: Record<string, HealthReport> = {};
    for (const [name, check] of healthChecks) {
      try {
        checks[name] = await check();
      } catch (err) {
        checks[name] = { state: 'down', detail: (err as Error).message };
      }
    }
    const states = Object.values(checks).map((c) => c.state);
    const status = states.includes('down') ? 'not_ready' : states.includes('degraded') ? 'degraded' : 'ready';
    res.set('Cache-Control', 'no-store').status(status === 'not_ready' ? 503 : 200).json({ status, checks });
  });

  for (const part of parts) if (part.router) app.use(part.path ?? '/', part.router);

  app.use((req) => {
    throw new AppError('not_found:route', `No route ${req.method} ${req.path}`);
  });
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const type = (err as { type?: string }).type;
    const e = isAppError(err)
      ? err
      : type === 'entity.too.large'
        ? new AppError('payload_too_large:body', 'Request body too large', { cause: err })
        : type === 'entity.parse.failed'
          ? new AppError('bad_request:json', 'Malformed JSON body', { cause: err })
          : new AppError('internal:server', 'Internal error', { cause: err });
    if (e.status >= 500) logger.error({ err, method: req.method, path: req.path }, 'request failed');
    if (res.headersSent) return;
    if (req.accepts(['json', 'html']) === 'html' && req.method === 'GET') {
      res.status(e.status).type('html').send(errorPage(e));
    } else {
      res.status(e.status).json(e.toJSON());
    }
  });

  // --- WebSocket upgrade gate ---------------------------------------------------------
  // Upgrades bypass express, so the client address is resolved here with the same trust
  // setting; the part whose path it is (Direct Line streams) verifies and limits it.
  const trustFn = app.get('trust proxy fn') as (addr: string, hop: number) => boolean;
  const upgraders = parts.flatMap((p) => (p.upgrade ? [p.upgrade] : []));

  let server: http.Server | undefined;
  let closing: Promise<void> | undefined;

  const listen = (port = config.port, host = config.host) =>
    new Promise<{ port: number; url: string; server: http.Server }>((resolve, reject) => {
      const s = http.createServer(app);
      s.on('upgrade', (req, socket, head) => {
        const client = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], trustFn);
        if (!upgraders.some((upgrade) => upgrade(req, socket, head, client))) socket.destroy();
      });
      s.once('error', reject);
      s.listen(port, host, () => {
        server = s;
        const bound = (s.address() as AddressInfo).port;
        const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
        for (const worker of workers) worker.start();
        resolve({ port: bound, url: `http://${shownHost}:${bound}`, server: s });
      });
    });

  const close = () =>
    (closing ??= (async () => {
      const stopped = server ? new Promise<void>((resolve) => server!.close(() => resolve())) : Promise.resolve();
      server?.closeIdleConnections();
      for (const worker of workers) {
        try {
          await worker.stop();
        } catch (err) {
          logger.error({ err, worker: worker.name }, 'worker did not stop cleanly');
        }
      }
      server?.closeAllConnections();
      await stopped;
    })());

  return { app, listen, close };
}

function errorPage(e: AppError): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Lỗi ${e.status}</title></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem"><h1>Lỗi ${e.status}</h1><p>${esc(e.citizenMessage)}</p><p><a href="/">Về trang trợ lý</a> · <a href="/tra-cuu">Tra cứu thủ tục</a></p></body></html>`;
}
