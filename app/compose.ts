import path from 'node:path';
import express, { type Express } from 'express';
import type { FileStore } from '../bot/index.js';
import { mountDashboard } from '../channels/console/dashboard/index.js';
import { createDirectLineChannel, type DirectLineAdapter, type DirectLineEndpoint, type DirectLineChannelDeps } from '../channels/directline/index.js';
import type { ChannelParts, ChannelStatus, HealthCheck } from '../channels/parts.js';
import { createWebChannel } from '../channels/web/index.js';
import { createZaloChannel, sqliteZaloQueues } from '../channels/zalo/index.js';
import type { RetrievalProgress } from '../retrieval/index.js';
import { SqliteConsoleSessions } from '../storage/console-sessions.js';
import {  } from '../storage/crypto.js';
import { RetentionRunner } from '../storage/retention.js';
import type { Db } from '../storage/sqlite.js';
import { createAssistant, type Assistant, type CreateAssistantOptions } from './assistant.js';
import type { Config } from './config.js';
import { zaloDataHolders } from './erasure.js';
import { loadDirectLineSecret } from './keys.js';
import type { Logger } from './logger.js';
import type { ProactiveRegistry } from './proactive.js';
import { createServer, type HttpServer } from './server.js';

/**
 * The composition root. In this order:
 *
 *   config (loaded by the command) ─▶ createAssistant: keys (once), database, stores,
 *   catalogue, retrieval, legal aid, forms, bot
 *     ─▶ composeServer: every channel's parts (Direct Line, web pages, Zalo, lawyer console,
 *        city dashboard) over the assistant's database, keys, files and proactive registry
 *     ─▶ createServer (HTTP only) mounts the routers, serves /readyz from the parts' health
 *        checks and starts/stops the parts' workers (one retention runner among them).
 *
 * Nothing else composes: channels return `ChannelParts` and never mount or start themselves.
 */

/**
 * A channel still exposing the older `mount(app, deps)` shape (Zalo, the lawyer console, the
 * dashboard). `asParts` turns it into `ChannelParts`; the mount writes into a router and the
 * root's registries instead of the server.
 */
export type ChannelMount = (app: Express, deps: ChannelMountDeps) => void;

/** What a `ChannelMount` receives. */
export interface ChannelMountDeps {
  config: Config;
  logger: Logger;
  assistant: Assistant;
  db: Db;
  proactive: ProactiveRegistry;
  /** The shared file store (signed, conversation-bound links at `/files/:id`). */
  files: FileStore;
  /** Adds a named readiness check (`/readyz`); `degraded` keeps the server ready. */
  registerHealth(name: string, check: HealthCheck): void;
  /** Channel status for the consoles (the Zalo channel registers its token health). */
  channelStatus: { register(channelId: string, read: () => ChannelStatus): void; list(): ChannelStatus[] };
  /** Runs on shutdown, after HTTP stops accepting and before storage closes. */
  onClose(fn: () => void | Promise<void>): void;
}

export interface ComposeServerOptions {
  config: Config;
  logger: Logger;
  assistant: Assistant;
  clock?: () => Date;
  /**
   * Replaces the channels besides Direct Line, the web pages and the lawyer console (composed
   * from the assistant's legal aid when it has one). Default: Zalo (when configured) and the
   * city dashboard. Tests pass their own.
   */
  mounts?: ChannelMount[];
  directLine?: Pick<DirectLineChannelDeps, 'limits' | 'streamLimits'>;
}

/** The composed server: HTTP plus the parts tests and the shutdown path reach for. */
export interface AppServer extends HttpServer {
  /** The Direct Line adapter (turns in flight, proactive delivery to web chat). */
  adapter: DirectLineAdapter;
  directLine: DirectLineEndpoint;
  /** The assistant's proactive registry, with every channel's senders registered. */
  proactive: ProactiveRegistry;
  files: FileStore;
  /** The one retention runner of the process (started by `listen`, stopped by `close`). */
  retention: RetentionRunner;
}

/**
 * The Zalo OA channel over the shared database, sealed with the assistant's key; undefined
 * (and a log line) when no Zalo settings are configured.
 */
function zaloParts(config: Config, logger: Logger, assistant: Assistant): ChannelParts | undefined {
  const log = logger.child({ channel: 'zalo' });
  if (!config.zalo) {
    log.info('Zalo channel off: no ZALO_APP_ID / ZALO_APP_SECRET / ZALO_OA_SECRET_KEY set');
    return undefined;
  }
  const channel = createZaloChannel({
    config: config.zalo,
    queues: sqliteZaloQueues(assistant.db, assistant.secrets),
    bot: assistant.bot,
    adminToken: config.adminToken,
    publicBaseUrl: config.publicBaseUrl,
    fileStore: assistant.files,
    verifierDir: path.join(config.dataDir, 'zalo-verifier'),
    logger: log,
  });
  if (!config.adminToken) log.warn('ADMIN_TOKEN not set: /zalo/oauth/start and /zalo/admin/* are disabled');
  if (!config.publicBaseUrl) log.warn('PUBLIC_BASE_URL not set: OAuth consent cannot redirect back');
  log.info({ token: channel.health().token }, 'Zalo channel on: webhook at /zalo/webhook');
  return channel.parts;
}

/**
 * Builds every channel's parts over an assistant, wires them into the assistant's registries
 * (proactive senders, erasers) and the one retention runner, and hands them to the HTTP server.
 * `close()` stops HTTP and the workers; the caller closes the assistant afterwards.
 */
export function composeServer(options: ComposeServerOptions): AppServer {
  const { config, logger, assistant } = options;
  const clock = options.clock ?? (() => new Date());
  const db = assistant.db;

  const directLine = createDirectLineChannel({
    bot: assistant.bot,
    capabilitiesKey: assistant.capabilitiesKey,
    db,
    cipher: assistant.secrets.forPurpose('directline-transcript'),
    secret: loadDirectLineSecret(config, logger),
    tokenTtlSeconds: config.directLine.tokenTtlSeconds,
    transcriptDays: config.retention.transcriptDays,
    publicBaseUrl: config.publicBaseUrl,
    logger,
    clock,
    limits: options.directLine?.limits,
    streamLimits: options.directLine?.streamLimits,
  });
  const web = createWebChannel({
    logger,
    issueConversation: () => directLine.endpoint.issueConversation(),
    retriever: assistant.retriever,
    catalogue: assistant.catalogue,
    articles: assistant.articles,
    files: assistant.files,
    publicBaseUrl: config.publicBaseUrl,
  });

  // Data that outlives a channel's configuration: the Zalo queues (erased and purged even
  // when Zalo is off now) and the console sessions shared by the lawyer console and the dashboard.
  const zaloData = zaloDataHolders(db, config.retention);
  const consoleSessions = new SqliteConsoleSessions(db, { now: clock });
  const data: ChannelParts = {
    name: 'data',
    erasers: zaloData.erasers,
    retention: [...zaloData.retention, { name: 'console-sessions', run: () => consoleSessions.purgeExpired() }],
  };

  const statusReaders = new Map<string, () => ChannelStatus>();
  const channelStatus = {
    register: (channelId: string, read: () => ChannelStatus) => void statusReaders.set(channelId, read),
    list: (): ChannelStatus[] =>
      [...statusReaders.entries()].map(([channel, read]) => {
        try {
          return read();
        } catch (err) {
          logger.warn({ err, channel }, 'channel status could not be read');
          return { channel, state: 'degraded' as const, problems: ['status unavailable'] };
        }
      }),
  };
  // The lawyer console and the legal-aid scheduler (re-offers, service levels).
  const legalAid: ChannelParts[] = assistant.legalAid
    ? [assistant.legalAid.console({ channelStatus: () => channelStatus.list() }), { name: 'legal-aid', workers: [assistant.legalAid.scheduler] }]
    : [];
  const mountDeps = { config, logger, assistant, db, proactive: assistant.proactive, files: assistant.files, channelStatus };
  const zalo = options.mounts ? undefined : zaloParts(config, logger, assistant);
  // The city dashboard at /console/dashboard (issue 17), after the console's routes.
  const mounted = [
    ...(zalo ? [zalo] : []),
    ...(options.mounts ?? [mountDashboard()]).map((mount, i) => asParts(`mount-${i}`, mount, mountDeps)),
  ];

  const parts = [directLine, web, ...legalAid, ...mounted, data];
  for (const part of parts) {
    for (const [channelId, sender] of Object.entries(part.proactive ?? {})) assistant.proactive.register(channelId, sender);
    if (part.status) channelStatus.register(part.name, part.status);
    // "Xoá dữ liệu của tôi" reaches every holder: the assistant's privacy skill reads this list.
    assistant.erasers.push(...(part.erasers ?? []));
  }
  const retention = new RetentionRunner([...assistant.retention, ...parts.flatMap((p) => p.retention ?? [])], {
    everyMs: config.retention.sweepMinutes * 60_000,
    clock,
    logger,
  });
  const core: ChannelParts = {
    name: 'core',
    health: { indexes: () => (assistant.retriever ? { state: 'ok' } : { state: 'down', detail: 'retrieval indexes not loaded' }) },
    workers: [{ name: 'retention', start: () => retention.start(), stop: () => retention.stop() }],
  };

  const http = createServer({ config, logger, parts: [core, ...parts] });
  return {
    ...http,
    adapter: directLine.adapter,
    directLine: directLine.endpoint,
    proactive: assistant.proactive,
    files: assistant.files,
    retention,
  };
}

/** Runs an older `mount(app, deps)` channel against a router and collects what it registers as parts. */
function asParts(name: string, mount: ChannelMount, deps: Omit<ChannelMountDeps, 'registerHealth' | 'onClose'>): ChannelParts {
  const router = express.Router();
  const health: Record<string, HealthCheck> = {};
  const stops: Array<() => void | Promise<void>> = [];
  mount(router as unknown as Express, {
    ...deps,
    registerHealth: (check, fn) => void (health[check] = fn),
    onClose: (fn) => void stops.push(fn),
  });
  return { name, router, health, workers: stops.map((stop, i) => ({ name: `${name}-${i}`, start: () => undefined, stop })) };
}

export interface ComposedApp {
  assistant: Assistant;
  server: AppServer;
  /** Stops HTTP and the workers (turns in flight finish), then closes the assistant's storage. */
  close(): Promise<void>;
}

/** `npm start`: the whole application from a loaded configuration. */
export async function composeApp(options: {
  config: Config;
  logger: Logger;
  onProgress?: (p: RetrievalProgress) => void;
  assistant?: Omit<CreateAssistantOptions, 'config' | 'logger' | 'onProgress'>;
}): Promise<ComposedApp> {
  const assistant = await createAssistant({ ...options.assistant, config: options.config, logger: options.logger, onProgress: options.onProgress });
  const server = composeServer({ config: options.config, logger: options.logger, assistant });
  return {
    assistant,
    server,
    async close() {
      await server.close();
      await assistant.close();
    },
  };
}
