import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { ConversationAddress, DeliveryReport, FileStore, OutgoingMessage, PersonalDataEraser, ProactiveSendOptions, ProactiveSender } from '../bot/index.js';
import {
  createDirectLineEndpoint,
  DirectLineAdapter,
  loadOrCreateSecret,
  secretFingerprint,
  TokenService,
  type ActivityBot,
  type DirectLineEndpoint,
  type DirectLineLimits,
} from '../channels/directline/index.js';
import { clientAddress, RateLimiter, type BucketSpec } from '../channels/rate-limit.js';
import { createStatuteRouter, createWebRouter } from '../channels/web/index.js';
import { AppError, isAppError } from '../knowledge/index.js';
import type { ProcedureCatalog, ProcedureRetriever } from '../retrieval/index.js';
import { createFileStore, createSecretBox, loadOrCreateProfileKey, openDatabase, SqliteDirectLineStore, type Db } from '../storage/index.js';
import { SqliteConsoleSessions } from '../storage/console-sessions.js';
import { rowCipher, type MasterSecretBox } from '../storage/crypto.js';
import { daysBefore, RetentionRunner, type RetentionTask } from '../storage/retention.js';
import { zaloDataHolders } from './erasure.js';
import type { Config } from './config.js';
import type { ChannelStatus, HealthReport } from '../channels/parts.js';

/**
 * The HTTP composition root: one express 5 app serving Direct Line, the citizen web chat,
 * the officer lookup, signed file downloads and health probes; other channels mount
 * their routers through `mounts`. The bot never sees HTTP: adapters translate.
 */

/** What the server needs from `createAssistant()` (structural, so tests can pass a stub). */
export interface ServerAssistant {
  bot: ActivityBot;
  retriever?: ProcedureRetriever;
  catalogue?: ProcedureCatalog;
  db?: Db;
  /** The assistant's file store; the server creates a SQLite one when absent. */
  files?: FileStore;
  /** Registry the assistant uses for proactive messages; the server registers its senders there. */
  proactive?: ProactiveSenderRegistry;
  /** Key under which the bot reads channel capabilities from `TurnContext.turnState`. */
  capabilitiesKey?: string | symbol;
  /** Registry of personal-data erasers; the server adds the Direct Line transcript's. */
  erasers?: PersonalDataEraser[];
  /** Statute article index for `/tra-cuu/luat` (issue 13). */
  articles?: import('../retrieval/articles/index.js').ArticleIndex;
  /** The personal-data key; without it the server loads the configured key itself. */
  secrets?: MasterSecretBox;
  /** The assistant's retention tasks, run by the server's one retention runner. */
  retention?: RetentionTask[];
}

export type { ChannelStatus, HealthReport, HealthState } from '../channels/parts.js';

/** A registry `channelId -> ProactiveSender` that routes `send` by `address.channelId`. */
export interface ProactiveSenderRegistry extends ProactiveSender {
  register(channelId: string, sender: ProactiveSender): void;
  get(channelId: string): ProactiveSender | undefined;
}

/** Routes proactive messages to the channel that owns the conversation (used when the assistant has none). */
export class ProactiveRegistry implements ProactiveSenderRegistry {
  private readonly senders = new Map<string, ProactiveSender>();

  register(channelId: string, sender: ProactiveSender): void {
    this.senders.set(channelId, sender);
  }

  get(channelId: string): ProactiveSender | undefined {
    return this.senders.get(channelId);
  }

  channels(): string[] {
    return [...this.senders.keys()];
  }

  /** Routes to the channel's sender with the options, and returns its delivery report (if it gives one). */
  async send(address: ConversationAddress, messages: OutgoingMessage[], options?: ProactiveSendOptions): Promise<void | DeliveryReport> {
    const sender = this.senders.get(address.channelId);
    if (!sender) throw new AppError('not_found:proactive_channel', `No proactive sender for channel "${address.channelId}"`);
    return sender.send(address, messages, options);
  }
}

/** Channels register how to read their status; consoles list them. */
export interface ChannelStatusRegistry {
  register(channelId: string, read: () => ChannelStatus): void;
  list(): ChannelStatus[];
}

/** What a channel's `mount(app, deps)` receives. */
export interface ChannelMountDeps {
  config: Config;
  logger: Logger;
  assistant: ServerAssistant;
  db: Db;
  proactive: ProactiveSenderRegistry;
  /** The shared file store (signed, conversation-bound links at `/files/:id`). */
  files: FileStore;
  /** Adds a named readiness check (`/readyz`); `degraded` keeps the server ready. */
  registerHealth(name: string, check: () => HealthReport | Promise<HealthReport>): void;
  /** Channel status for the consoles (the Zalo channel registers its token health). */
  channelStatus: ChannelStatusRegistry;
  /** Runs on shutdown, after HTTP stops accepting and before storage closes. */
  onClose(fn: () => void | Promise<void>): void;
}

export type ChannelMount = (app: Express, deps: ChannelMountDeps) => void;

export interface CreateServerOptions {
  config: Config;
  assistant: ServerAssistant;
  logger: Logger;
  clock?: () => Date;
  /** Other channels' routers (Zalo webhook `/zalo/*`, lawyer console `/console/*`). */
  mounts?: ChannelMount[];
  directLine?: {
    limits?: Partial<DirectLineLimits>;
    /**
     * Stream (WebSocket) upgrades: per conversation once the token is verified, and refused
     * upgrades (bad or missing token) per client address.
     */
    streamLimits?: { perConversation?: BucketSpec; refusedPerClient?: BucketSpec };
  };
}

/** Opening a stream is rare: a page load or a reconnect. */
export const DEFAULT_STREAM_LIMITS = {
  perConversation: { capacity: 10, refillPerSecond: 0.5 },
  refusedPerClient: { capacity: 20, refillPerSecond: 1 },
} satisfies Record<string, BucketSpec>;

/** Paths whose pages run no script and load nothing: the OAuth callback's confirmation. */
const LOCKED_DOWN_PAGES = new Set(['/zalo/oauth/callback']);
const LOCKED_DOWN_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/?]+)\/stream$/;

export interface AppServer {
  app: Express;
  adapter: DirectLineAdapter;
  directLine: DirectLineEndpoint;
  proactive: ProactiveSenderRegistry;
  files: FileStore;
  /** The one retention runner of the process (started by `listen`, stopped by `close`). */
  retention: RetentionRunner;
  /** Starts listening (port 0 for any free port); returns the bound port and base URL. */
  listen(port?: number, host?: string): Promise<{ port: number; url: string; server: http.Server }>;
  /** Graceful stop: refuse new work, finish turns in flight, close streams and own storage. */
  close(): Promise<void>;
}

export function createServer(options: CreateServerOptions): AppServer {
  const { config, assistant, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const ownDb = assistant.db ? undefined : openDatabase(path.join(config.dataDir, 'tthc.sqlite'));
  const db = assistant.db ?? ownDb!;

  const secrets =
    assistant.secrets ??
    createSecretBox(loadOrCreateProfileKey({ configuredKey: config.profileEncryptionKey, dataDir: config.dataDir, keyFile: config.profileKeyFile }));
  const store = new SqliteDirectLineStore(db, rowCipher(secrets.forPurpose('directline-transcript')));
  const secret = loadOrCreateSecret(config.directLine.secret, config.dataDir);
  if (secret.source === 'generated') {
    logger.info({ file: secret.file, fingerprint: secretFingerprint(secret.secret) }, 'generated a Direct Line secret (local use)');
  } else {
    logger.info({ source: secret.source, fingerprint: secretFingerprint(secret.secret) }, 'Direct Line secret loaded');
  }
  const tokens = new TokenService(secret.secret, config.directLine.tokenTtlSeconds, clock);
  const adapter = new DirectLineAdapter({
    store,
    bot: assistant.bot,
    logger: logger.child({ channel: 'directline' }),
    capabilitiesKey: assistant.capabilitiesKey,
    clock,
  });
  const directLine = createDirectLineEndpoint({
    adapter,
    store,
    tokens,
    logger: logger.child({ channel: 'directline' }),
    clock,
    limits: options.directLine?.limits,
    publicBaseUrl: config.publicBaseUrl,
  });

  const files: FileStore = assistant.files ?? createFileStore(db, config.dataDir, { clock });

  // "Xoá dữ liệu của tôi" also erases this conversation's Direct Line transcript and the
  // citizen's Zalo queues; retention covers them and the console sessions.
  const zalo = zaloDataHolders(db, config.retention);
  assistant.erasers?.push(
    {
      name: 'directline-transcript',
      erase: async (s) => (s.channelId === 'directline' || s.channelId === 'webchat' ? store.eraseTranscript(s.conversationId) : 0),
    },
    ...zalo.erasers,
  );
  const consoleSessions = new SqliteConsoleSessions(db, { now: clock });
  const retention = new RetentionRunner(
    [
      ...(assistant.retention ?? []),
      { name: 'directline-transcript', run: (now) => store.purgeInactiveBefore(daysBefore(now, config.retention.transcriptDays)) },
      ...zalo.retention,
      { name: 'console-sessions', run: () => consoleSessions.purgeExpired() },
    ],
    {
      everyMs: config.retention.sweepMinutes * 60_000,
      clock,
      log: (level, msg, data) => logger[level](data ?? {}, msg),
    },
  );

  const proactive = assistant.proactive ?? new ProactiveRegistry();
  for (const channelId of ['directline', 'webchat']) proactive.register(channelId, adapter);

  const healthChecks = new Map<string, () => HealthReport | Promise<HealthReport>>();
  const closeHooks: Array<() => void | Promise<void>> = [];
  healthChecks.set('indexes', () =>
    assistant.retriever ? { state: 'ok' } : { state: 'down', detail: 'retrieval indexes not loaded' },
  );
  healthChecks.set('storage', () => {
    try {
      store.probeWrite(clock());
      return { state: 'ok' };
    } catch (err) {
      return { state: 'down', detail: `storage not writable: ${(err as Error).message}` };
    }
  });

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

  app.use('/v3/directline', directLine.router);
  // Statute pages (issue 13) before the procedure lookup, whose `/tra-cuu/:code` would take `/tra-cuu/luat`.
  if (assistant.articles) app.use(createStatuteRouter({ articles: assistant.articles }));

  app.use(
    createWebRouter({
      logger: logger.child({ channel: 'web' }),
      issueConversation: () => directLine.issueConversation(),
      retriever: assistant.retriever,
      catalogue: assistant.catalogue,
      files,
      publicBaseUrl: config.publicBaseUrl,
    }),
  );

  // ---------------------------------------------------------------------------------
  // Other channels mount here: Zalo webhook (`/zalo/*`), lawyer console (`/console/*`).
  // Each exports `mount(app, deps)`; pass it in `options.mounts` from app/commands/serve.ts.
  // ---------------------------------------------------------------------------------
  const channelStatusReaders = new Map<string, () => ChannelStatus>();
  const mountDeps: ChannelMountDeps = {
    config,
    logger,
    assistant,
    db,
    proactive,
    files,
    registerHealth: (name, check) => healthChecks.set(name, check),
    channelStatus: {
      register: (channelId, read) => void channelStatusReaders.set(channelId, read),
      list: () =>
        [...channelStatusReaders.entries()].map(([channel, read]) => {
          try {
            return read();
          } catch (err) {
            logger.warn({ err, channel }, 'channel status could not be read');
            return { channel, state: 'degraded' as const, problems: ['status unavailable'] };
          }
        }),
    },
    onClose: (fn) => closeHooks.push(fn),
  };
  for (const mount of options.mounts ?? []) mount(app, mountDeps);

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
  // setting. A stream is limited per conversation AFTER its token is verified (a proxy
  // puts every citizen behind one socket address, so that address must not be the key);
  // refused upgrades are limited per client address, so junk costs the sender only.
  const streamLimits = { ...DEFAULT_STREAM_LIMITS, ...options.directLine?.streamLimits };
  const upgradePerConversation = new RateLimiter(streamLimits.perConversation);
  const upgradeRefused = new RateLimiter(streamLimits.refusedPerClient);
  const trustFn = app.get('trust proxy fn') as (addr: string, hop: number) => boolean;
  const refuseUpgrade = (socket: import('node:stream').Duplex, status: number, code: string, wait?: number): false => {
    const body = JSON.stringify({ error: { code, message: status === 429 ? 'Too many stream connections' : 'Stream refused' } });
    const reason = status === 429 ? 'Too Many Requests' : status === 403 ? 'Forbidden' : 'Unauthorized';
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `${wait ? `Retry-After: ${wait}\r\n` : ''}Connection: close\r\n\r\n${body}`,
    );
    return false;
  };
  /** The client address (through trusted proxies) when the upgrade may proceed; false when refused. */
  const gateUpgrade = (req: http.IncomingMessage, socket: import('node:stream').Duplex): string | false => {
    const client = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], trustFn);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const m = STREAM_PATH.exec(url.pathname);
    if (!m) return client;
    const token = url.searchParams.get('t') ?? /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    let key: string | undefined;
    let code = 'unauthorized:directline_auth';
    try {
      if (token && tokens.isSecret(token)) key = 'secret';
      else if (token) {
        const claims = tokens.verify(token);
        if (claims.conv === decodeURIComponent(m[1]!)) key = `conv:${claims.conv}`;
        else code = 'forbidden:directline_conversation';
      }
    } catch (err) {
      code = isAppError(err) ? err.code : code;
    }
    if (!key) {
      const wait = upgradeRefused.take(`ip:${client}`);
      return refuseUpgrade(socket, wait > 0 ? 429 : code.startsWith('forbidden') ? 403 : 401, wait > 0 ? 'rate_limited:directline_stream' : code, wait || undefined);
    }
    const wait = upgradePerConversation.take(key);
    if (wait > 0) return refuseUpgrade(socket, 429, 'rate_limited:directline_stream', wait);
    return client;
  };

  let server: http.Server | undefined;
  let closing: Promise<void> | undefined;

  const listen = (port = config.port, host = config.host) =>
    new Promise<{ port: number; url: string; server: http.Server }>((resolve, reject) => {
      const s = http.createServer(app);
      s.on('upgrade', (req, socket, head) => {
        const client = gateUpgrade(req, socket);
        if (client === false) return;
        // The endpoint's per-address limit keys on the client address resolved above (what
        // `req.ip` is for HTTP), not on the proxy's socket address.
        if (!directLine.handleUpgrade(req, socket, head, client)) socket.destroy();
      });
      s.once('error', reject);
      s.listen(port, host, () => {
        server = s;
        const bound = (s.address() as AddressInfo).port;
        const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
        directLine.recoverPending();
        retention.start();
        resolve({ port: bound, url: `http://${shownHost}:${bound}`, server: s });
      });
    });

  const close = () =>
    (closing ??= (async () => {
      const stopped = server
        ? new Promise<void>((resolve) => server!.close(() => resolve()))
        : Promise.resolve();
      server?.closeIdleConnections();
      directLine.closeStreams();
      await retention.stop();
      await adapter.drain();
      for (const hook of closeHooks) {
        try {
          await hook();
        } catch (err) {
          logger.error({ err }, 'close hook failed');
        }
      }
      server?.closeAllConnections();
      await stopped;
      ownDb?.close();
    })());

  return { app, adapter, directLine, proactive, files, retention, listen, close };
}

function errorPage(e: AppError): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Lỗi ${e.status}</title></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem"><h1>Lỗi ${e.status}</h1><p>${esc(e.citizenMessage)}</p><p><a href="/">Về trang trợ lý</a> · <a href="/tra-cuu">Tra cứu thủ tục</a></p></body></html>`;
}
