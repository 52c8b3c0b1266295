import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import express, { type Express } from 'express';
import type pg from 'pg';
import type { FileStore } from '../bot/index.js';
import type { ChannelQueues, DirectLineStore, EventBus, JobLock, RateLimitStore, TurnLock } from '../bot/ports/index.js';
import type { ConsoleAccounts } from '../channels/console/index.js';
import { createDashboardChannel, DEFAULT_REVIEW_FILE } from '../channels/console/dashboard/index.js';
import { createDirectLineChannel, type DirectLineAdapter, type DirectLineEndpoint, type DirectLineChannelDeps } from '../channels/directline/index.js';
import type { ChannelParts, ChannelStatus, HealthCheck } from '../channels/parts.js';
import { createWebChannel } from '../channels/web/index.js';
import { createZaloChannel } from '../channels/zalo/index.js';
import { sqliteZaloQueues } from '../storage/zalo-queues.js';
import { checkPgConnection, createPgChannelQueues, createPgPool, migratePostgres, PgAccessLog, PgAnalytics, PgConsoleSessions, PgConsoleUsers, PgDirectLineStore, PgEventBus, PgJobLock, PgRateLimitStore, PgTurnLock, pgDb, type PgDb } from '../storage/postgres/index.js';
import { MemoryJobLock } from '../storage/job-lock-memory.js';
import { MemoryTurnLock } from '../storage/turn-lock-memory.js';
import type { RetrievalProgress } from '../retrieval/index.js';
import { SqliteAnalytics, sqliteDashboardAnalytics } from '../storage/analytics.js';
import type { RotaStore } from '../storage/rota-store.js';
import { SqliteAccessLog } from '../storage/console-access-log.js';
import { SqliteConsoleSessions } from '../storage/console-sessions.js';
import { SqliteConsoleUsers } from '../storage/console-users.js';
import { RetentionRunner } from '../storage/retention.js';
import { MemoryRateLimitStore } from '../storage/rate-limits-memory.js';
import { createAssistant, type Assistant, type CreateAssistantOptions } from './assistant.js';
import type { Config } from './config.js';
import type { LegalAid } from './legal-aid.js';
import { zaloDataHolders } from './erasure.js';
import { loadDirectLineSecret } from './keys.js';
import type { Logger } from './logger.js';
import type { ProactiveRegistry } from './proactive.js';
import { createServer, type HttpServer } from './server.js';

/**
 * The composition root. In this order:
 *
 *   config (loaded by the command) ─▶ PostgreSQL when DATABASE_URL is set (pool, connection
 *   checked, migrations applied) ─▶ createAssistant: keys (once), database, stores,
 *   catalogue, retrieval, legal aid, forms, bot
 *     ─▶ composeServer: every channel's parts (Direct Line, web pages, Zalo, lawyer console,
 *        city dashboard) over the assistant's database, keys, files and proactive registry
 *     ─▶ createServer (HTTP only) mounts the routers, serves /readyz from the parts' health
 *        checks and starts/stops the parts' workers (one retention runner among them).
 *
 * Nothing else composes: channels return `ChannelParts` and never mount or start themselves.
 */

export interface ComposeServerOptions {
  config: Config;
  logger: Logger;
  assistant: Assistant;
  clock?: () => Date;
  /**
   * Replaces the channels besides Direct Line, the web pages and the lawyer console (composed
   * from the assistant's legal aid when it has one). Default: Zalo (when configured) and the
   * city dashboard. Tests pass their own parts.
   */
  parts?: ChannelParts[];
  /** The legal aid whose console and scheduler are served (default: the assistant's). */
  legalAid?: LegalAid;
  /** Where the dashboard appends reviewed turns (default: the project's dataset file). */
  reviewFile?: string;
  directLine?: Pick<DirectLineChannelDeps, 'limits' | 'streamLimits'>;
  /**
   * The Zalo channel's queues (inbox, outbox, OA tokens) when they live elsewhere than the
   * assistant's SQLite database: PostgreSQL under DATABASE_URL (`composeApp` builds them).
   */
  zaloQueues?: ChannelQueues;
  /**
   * Direct Line shared with other processes (PostgreSQL under DATABASE_URL; `composeApp`
   * builds it): the transcript store, the bus announcing what each process stored, and this
   * process's id among them (owner of its leases). The channel then never takes the store for
   * its own (`exclusiveStore: false`). Default: SQLite on the assistant's database, an
   * in-process bus, exclusive.
   */
  sharedDirectLine?: { store: DirectLineStore; events: EventBus; instanceId: string };
  /**
   * The city database under DATABASE_URL (`composeApp` opens it): the console's accounts,
   * sessions and access log and the dashboard's analytics are read there, so a console login
   * on one process is valid on the others and every dashboard counts every process's turns.
   * Default: the assistant's SQLite database.
   */
  postgres?: PgDb;
  /**
   * Where every limiter keeps its buckets (login throttles, Direct Line, page tokens, Zalo
   * outbound): `PgRateLimitStore` under DATABASE_URL (`composeApp` builds it), so the processes
   * share one budget per key. Default: one in-process store for the whole process.
   */
  rateLimits?: RateLimitStore;
  /**
   * Work that runs on one process at a time among those sharing the database (the retention
   * sweep): `PgJobLock` under DATABASE_URL (`composeApp` builds it). Default: in-process.
   */
  jobLock?: JobLock;
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
function zaloParts(config: Config, logger: Logger, assistant: Assistant, queues: ChannelQueues, rateLimits?: RateLimitStore, instanceId?: string): ChannelParts | undefined {
  const log = logger.child({ channel: 'zalo' });
  if (!config.zalo) {
    log.info('Zalo channel off: no ZALO_APP_ID / ZALO_APP_SECRET / ZALO_OA_SECRET_KEY set');
    return undefined;
  }
  const channel = createZaloChannel({
    config: config.zalo,
    queues,
    bot: assistant.bot,
    adminToken: config.adminToken,
    publicBaseUrl: config.publicBaseUrl,
    fileStore: assistant.files,
    verifierDir: path.join(config.dataDir, 'zalo-verifier'),
    logger: log,
    rateLimits,
    // The process's id among those sharing one database: the owner of its inbox and outbox
    // leases, the same as its Direct Line leases (one name per process in lease_owner).
    instanceId,
  });
  if (!config.adminToken) log.warn('ADMIN_TOKEN not set: /zalo/oauth/start and /zalo/admin/* are disabled');
  if (!config.publicBaseUrl) log.warn('PUBLIC_BASE_URL not set: OAuth consent cannot redirect back');
  log.info('Zalo channel on: webhook at /zalo/webhook');
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
  const rateLimits = options.rateLimits ?? new MemoryRateLimitStore();

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
    rateLimits,
    ...(options.sharedDirectLine ? { ...options.sharedDirectLine, exclusiveStore: false } : {}),
  });
  const web = createWebChannel({
    logger,
    issueConversation: () => directLine.endpoint.issueConversation(),
    retriever: assistant.retriever,
    catalogue: assistant.catalogue,
    articles: assistant.articles,
    files: assistant.files,
    publicBaseUrl: config.publicBaseUrl,
    rateLimits,
  });

  // Data that outlives a channel's configuration: the Zalo queues (erased and purged even
  // when Zalo is off now) and the console sessions shared by the lawyer console and the dashboard.
  const zaloQueues = options.zaloQueues ?? sqliteZaloQueues(db, assistant.secrets);
  const zaloData = zaloDataHolders(zaloQueues, config.retention);
  const consoleSessions = options.postgres ? new PgConsoleSessions(options.postgres, { now: clock }) : new SqliteConsoleSessions(db, { now: clock });
  const consoleAccounts: ConsoleAccounts | undefined = options.postgres
    ? { users: new PgConsoleUsers(options.postgres, { now: clock }), sessions: consoleSessions, accessLog: new PgAccessLog(options.postgres, { now: clock }) }
    : undefined;
  const data: ChannelParts = {
    name: 'data',
    erasers: zaloData.erasers,
    retention: [...zaloData.retention, { name: 'console-sessions', run: () => consoleSessions.purgeExpired() }, { name: 'rate-limits', run: () => rateLimits.purgeIdle() }],
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
  // With PostgreSQL the console's accounts go with its settings (legal aid passes them on to createLawyerConsole).
  const legalAid: ChannelParts[] = (options.legalAid ?? assistant.legalAid)?.parts({ channelStatus: () => channelStatus.list(), rateLimits, ...(consoleAccounts ? { accounts: consoleAccounts } : {}) }) ?? [];
  // Zalo when configured, and the city dashboard at /console/dashboard (issue 17) after the console's routes.
  const zalo = options.parts ? undefined : zaloParts(config, logger, assistant, zaloQueues, rateLimits, options.sharedDirectLine?.instanceId);
  const mounted = options.parts ?? [...(zalo ? [zalo] : []), dashboardParts(assistant, consoleAccounts ?? { sessions: consoleSessions }, options.postgres, clock, logger, options.reviewFile)];

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
    jobLock: options.jobLock,
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

/**
 * The city dashboard over the assistant's database: analytics, the console's accounts,
 * sessions and access log, and the turn log and feedback opened with their purpose keys.
 */
function dashboardParts(
  assistant: Assistant,
  accounts: ConsoleAccounts | Pick<ConsoleAccounts, 'sessions'>,
  postgres: PgDb | undefined,
  clock: () => Date,
  logger: Logger,
  reviewFile = DEFAULT_REVIEW_FILE,
): ChannelParts {
  const db = assistant.db;
  const catalogue = assistant.catalogue;
  return createDashboardChannel({
    // The turn log and feedback the assistant records to (PostgreSQL under DATABASE_URL).
    analytics: postgres ? new PgAnalytics(postgres) : sqliteDashboardAnalytics(new SqliteAnalytics(db)),
    users: 'users' in accounts ? accounts.users : new SqliteConsoleUsers(db, { now: clock }),
    sessions: accounts.sessions,
    accessLog: 'accessLog' in accounts ? accounts.accessLog : new SqliteAccessLog(db, { now: clock }),
    openTurnText: (r) => assistant.turnLog.openText(r),
    openFeedbackQuestion: (r) => assistant.feedback.openQuestion(r),
    procedure: (code) => {
      const p = catalogue.get(code);
      return p ? { name: p.name, online: p.onlineAvailable } : undefined;
    },
    wards: wardList(assistant.legalAid?.rota),
    reviewFile,
    now: clock,
    logger: logger.child({ channel: 'dashboard' }),
  });
}

/**
 * Ward names from the rota's service points (the 126 Hà Nội wards once seeded), read through
 * the rota store (PostgreSQL under DATABASE_URL). The dashboard asks synchronously: it gets
 * the list last read, and each ask starts a fresh read (wards change only on a rota import).
 */
function wardList(rota: Pick<RotaStore, 'listServicePoints'> | undefined): () => Array<{ code: string; name: string }> {
  let last: Array<{ code: string; name: string }> = [];
  let reading: Promise<void> | undefined;
  const refresh = () => {
    if (!rota || reading) return;
    reading = rota
      .listServicePoints()
      .then(
        (points) => {
          last = points.map((p) => ({ code: p.code, name: p.name })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        },
        () => undefined,
      )
      .finally(() => {
        reading = undefined;
      });
  };
  refresh();
  return () => {
    refresh();
    return last;
  };
}

export interface ComposedApp {
  assistant: Assistant;
  server: AppServer;
  /** Stops HTTP and the workers (turns in flight finish), then closes the assistant's storage. */
  close(): Promise<void>;
}

/**
 * The PostgreSQL pool of `DATABASE_URL`, connected and migrated, or undefined when it is not
 * set. A server that cannot be reached, a refused password or a failing migration stops the
 * start with a `PgConfigError` (or the migration's error) naming the cause.
 */
export async function openPostgres(config: Config, logger: Logger): Promise<pg.Pool | undefined> {
  const url = config.databaseUrl;
  if (!url) return undefined;
  const pool = createPgPool(url, { applicationName: 'tro-ly-tthc' });
  try {
    await checkPgConnection(pool, url);
    const migrated = await migratePostgres(pool);
    logger.info({ applied: migrated.applied, alreadyApplied: migrated.skipped.length }, 'PostgreSQL ready (DATABASE_URL)');
    return pool;
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
}

/**
 * `npm start`: the whole application from a loaded configuration. With DATABASE_URL the
 * stores the composition root has wired to PostgreSQL (the Zalo queues, citizen profiles,
 * produced files, the web chat's transcripts, the turn log and feedback, the console's accounts,
 * sessions and access log, the dashboard's reviews) are opened there, shared by every process on
 * that database, and one `PgEventBus` per process tells the others what it stored (a web
 * chat client streaming from one process sees replies another produced); the rest stays in
 * the SQLite database under DATA_DIR (storage/postgres/README.md says which).
 */
export async function composeApp(options: {
  config: Config;
  logger: Logger;
  onProgress?: (p: RetrievalProgress) => void;
  assistant?: Omit<CreateAssistantOptions, 'config' | 'logger' | 'onProgress'>;
}): Promise<ComposedApp> {
  // First, so that a wrong DATABASE_URL fails before minutes of index building.
  const pool = await openPostgres(options.config, options.logger);
  const postgres = pool ? pgDb(pool) : undefined;
  // One bus per process: a single listening connection carries every topic it subscribes to
  // (Direct Line conversations, the console's case changes). Connects on first use.
  const events = pool ? new PgEventBus({ pool, log: options.logger.child({ component: 'events' }) }) : undefined;
  // One budget per key for every process (login throttles above all).
  const rateLimits = postgres ? new PgRateLimitStore(postgres) : undefined;
  // One per process: the legal-aid scheduler and the retention sweep each run on one process at a time.
  const jobLock: JobLock = options.assistant?.jobLock ?? (pool ? new PgJobLock(pool) : new MemoryJobLock());
  // One turn at a time per conversation across processes. Its own small pool: a turn waiting
  // for the lock must hold nothing the turn in progress needs to finish.
  const lockPool = options.config.databaseUrl && pool ? createPgPool(options.config.databaseUrl, { max: 20, applicationName: 'tro-ly-tthc turn-locks' }) : undefined;
  const turnLock: TurnLock = options.assistant?.turnLock ?? (lockPool ? new PgTurnLock(lockPool) : new MemoryTurnLock());
  const endPools = async () => {
    await lockPool?.end();
    await pool?.end();
  };
  let assistant: Assistant;
  try {
    assistant = await createAssistant({ ...options.assistant, config: options.config, logger: options.logger, onProgress: options.onProgress, postgres, jobLock, events, turnLock });
  } catch (err) {
    await events?.close();
    await endPools();
    throw err;
  }
  const zaloQueues = postgres ? createPgChannelQueues(postgres, { queueBox: assistant.secrets.forPurpose('zalo-queue'), tokenBox: assistant.secrets }) : undefined;
  const sharedDirectLine =
    postgres && events
      ? { store: new PgDirectLineStore(postgres, assistant.secrets.forPurpose('directline-transcript')), events, instanceId: processInstanceId() }
      : undefined;
  if (sharedDirectLine) {
    options.logger.info({ instanceId: sharedDirectLine.instanceId }, 'Direct Line shared through PostgreSQL');
    warnUnsharedSecret(options.config, options.logger);
  }
  let server: AppServer;
  try {
    server = composeServer({ config: options.config, logger: options.logger, assistant, zaloQueues, sharedDirectLine, jobLock, rateLimits, postgres });
  } catch (err) {
    await events?.close();
    await assistant.close();
    await endPools();
    throw err;
  }
  return {
    assistant,
    server,
    async close() {
      try {
        await server.close();
        await assistant.close();
      } finally {
        // The bus's listening client is not from the pool: ended first, then the pool.
        await events?.close();
        await endPools();
      }
    },
  };
}

/**
 * This process among those sharing one database: readable in the lease columns
 * (`lease_owner`) and logs, and unique even when a restarted process reuses its pid.
 */
function processInstanceId(): string {
  return `${os.hostname().slice(0, 40)}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;
}

/**
 * A Direct Line secret generated under DATA_DIR differs between processes: a token one
 * process signs would be refused by the others behind the load balancer.
 */
function warnUnsharedSecret(config: Config, logger: Logger): void {
  if (config.directLine.secret) return;
  logger.warn('DATABASE_URL is set but DIRECTLINE_SECRET is not: each process generates its own, so a web chat token works only on the process that issued it. Set the same DIRECTLINE_SECRET on every process');
}
