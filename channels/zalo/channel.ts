import { randomBytes } from 'node:crypto';
import express, { type Router } from 'express';
import { CAPABILITIES_KEY, TURN_RESULT_KEY } from '../../bot/index.js';
import type { BotLogger, ChannelQueues, DeliveryReport, FileStore, InboxCounts, OutboxCounts, OutboxRecord, RateLimitStore } from '../../bot/ports/index.js';
import type { ChannelParts, ChannelStatus, HealthReport } from '../parts.js';
import { perMinute, RateLimiter } from '../rate-limit.js';
import { ZaloAdapter } from './adapter.js';
import { adminGuard, adminPagesRouter } from './admin-pages.js';
import { ZaloApiClient } from './api-client.js';
import { InboxWorker, type SubmitInfoHandler, type TurnRunner } from './inbox-worker.js';
import { oauthRouter } from './oauth.js';
import { OutboxSender } from './outbox-sender.js';
import { createZaloProactiveSender, type Enqueue, type ZaloProactive } from './proactive.js';
import { fromActivity, renderForZalo } from './render.js';
import { Scheduler } from './scheduler.js';
import { realSleep, type Clock, type Sleep } from './time.js';
import { ZaloTokenManager, type TokenHealth, type TokenStatus } from './token-manager.js';
import { DEFAULT_TUNING, Delays, type ZaloTuning } from './tuning.js';
import { errMessage, trimSlash } from './util.js';
import { webhookRouter } from './webhook.js';

export type { SubmitInfoHandler, SubmittedInfo, TurnRunner } from './inbox-worker.js';
export type { ZaloTuning } from './tuning.js';

/** Settings of the channel (a subset of `app/config.ts` `ZaloConfig`). */
export interface ZaloChannelConfig {
  appId: string;
  appSecret: string;
  oaSecretKey: string;
  apiBase: string;
  oauthBase: string;
  refreshToken?: string;
  accessToken?: string;
  /** Retry window of outgoing messages in hours (ZALO_DELIVERY_WINDOW_HOURS); `tuning.deliveryWindowMs` wins. */
  deliveryWindowHours?: number;
}

/**
 * What the channel is built from. The composition root loads configuration and keys once and
 * builds the stores (`queues`, sealed at rest by storage); the channel only uses them.
 */
export interface ZaloChannelDeps {
  config: ZaloChannelConfig;
  /** Inbox, outbox, OA token store and their transaction (storage's SQLite or PostgreSQL implementations). */
  queues: ChannelQueues;
  /** The bot (an `ActivityHandler`): anything with `run(context)`. */
  bot: TurnRunner;
  logger: BotLogger;
  /** Enables `/zalo/oauth/start` and `/zalo/admin/*`; those are disabled without it. */
  adminToken?: string;
  /** Public base URL (OAuth redirect, absolute file links). */
  publicBaseUrl?: string;
  /** Files with a `fileId` are read from here and uploaded; without it files are sent as links. */
  fileStore?: FileStore;
  /** Called when a message reaches a final state in this process (delivered, expired, undeliverable). */
  onDeliveryFinal?: (record: Omit<OutboxRecord, 'payload'>) => void;
  /**
   * Folder holding the domain-verification HTML file Zalo hands out (developers.zalo.me →
   * Xác thực domain); each `*.html` file in it is served at `/<file name>`.
   */
  verifierDir?: string;
  /** The profile hook for `user_submit_info` (see README); without it nothing is stored. */
  onSubmitInfo?: SubmitInfoHandler;
  /** Epoch ms; default `Date.now`. */
  clock?: Clock;
  /** Default: a real timer. */
  sleep?: Sleep;
  /** Jitter source in [0, 1); default `Math.random`. */
  random?: () => number;
  /** Random bytes (PKCE, state, instance id); default `crypto.randomBytes`. */
  randomBytes?: (n: number) => Buffer;
  /** Instance id used in leases; random by default. */
  instanceId?: string;
  /**
   * Requests per minute allowed towards Zalo (default 3,000 < Zalo's ~4,000): per process with
   * the in-process store, for all processes together with a shared one (`rateLimits`).
   */
  rateLimitPerMinute?: number;
  /**
   * Where the outbound limiter keeps its bucket (key `zalo:out:api`): the root's store, shared
   * by every process under DATABASE_URL. Default: an in-process store of the channel's own.
   * A failing store lets sends through (logged): Zalo's own -32 answer still paces them.
   */
  rateLimits?: RateLimitStore;
  tuning?: Partial<ZaloTuning>;
}

export interface ZaloHealth {
  channel: 'zalo';
  status: 'ok' | 'degraded';
  token: TokenHealth;
  tokenStatus: TokenStatus;
  inbox: InboxCounts;
  outbox: OutboxCounts;
  problems: string[];
}

export interface ZaloChannel {
  /** Express router with `/zalo/webhook`, `/zalo/oauth/*`, `/zalo/admin/*`. */
  router: Router;
  /** Sends messages outside a turn (lawyer replies) through the same outbox. */
  proactiveSender: ZaloProactive;
  adapter: ZaloAdapter;
  tokens: ZaloTokenManager;
  /** What the composition root wires: router, proactive sender, worker, health and status. */
  parts: ChannelParts;
  /**
   * Settles once the stored tokens were seeded (from the environment, when the store has
   * none) and read; rejects when the store cannot be reached. `start` and `drain` wait for it.
   */
  ready: Promise<void>;
  /** Starts background processing (inbox, outbox, token upkeep) once `ready`. */
  start(): void;
  /**
   * Stops background work. Graceful by default (waits for in-flight turns and sends);
   * `force` abandons in-flight turns (their events are processed again after restart).
   */
  stop(opts?: { force?: boolean }): Promise<void>;
  /** Processes everything due now until idle (tests, benchmarks, CLI). */
  drain(): Promise<void>;
  health(): Promise<ZaloHealth>;
  /** State of the messages sent with `tag` (see `ProactiveSendOptions.tag`). */
  deliveryStatus(tag: string): Promise<DeliveryReport | undefined>;
  /** Retention: deletes finished inbox events and outbox messages finished before `cutoff` (epoch ms). */
  purgeBefore(cutoff: number): Promise<{ inbox: number; outbox: number }>;
  /** Erasure: deletes the inbox events and outbox messages of a Zalo user id. */
  eraseUser(userId: string): Promise<{ inbox: number; outbox: number }>;
}

/**
 * Builds the Zalo channel from its parts: webhook intake (persist, acknowledge), inbox worker
 * (turns), outbox sender (delivery with retries), token upkeep, OAuth and operator pages,
 * proactive sender. Nothing starts until `start()`; nothing is mounted here.
 *
 *   webhook.ts ──add──▶ inbox ──InboxWorker──▶ outbox ──OutboxSender──▶ Zalo OpenAPI
 *                                 ▲                ▲
 *                            Scheduler (one timer; kicked by each step)
 *                                                  │
 *                   proactive.ts (lawyer replies) ─┘
 */
export function createZaloChannel(deps: ZaloChannelDeps): ZaloChannel {
  const cfg = deps.config;
  const log = deps.logger;
  const clock = deps.clock ?? Date.now;
  const sleep = deps.sleep ?? realSleep;
  const rand = deps.randomBytes ?? randomBytes;
  const tuning: ZaloTuning = {
    ...DEFAULT_TUNING,
    ...(cfg.deliveryWindowHours ? { deliveryWindowMs: cfg.deliveryWindowHours * 3600_000 } : {}),
    ...deps.tuning,
  };
  const delays = new Delays(tuning, deps.random ?? Math.random);
  const owner = deps.instanceId ?? `zalo-${rand(8).toString('hex')}`;
  const { inbox, outbox, atomically } = deps.queues;
  const tokenStore = deps.queues.tokens;

  const client = new ZaloApiClient({ appId: cfg.appId, appSecret: cfg.appSecret, apiBase: trimSlash(cfg.apiBase), oauthBase: trimSlash(cfg.oauthBase) });
  const tokens = new ZaloTokenManager({ store: tokenStore, client, clock, sleep, logger: log, owner });
  const ready = (async () => {
    if (await tokenStore.seedIfEmpty({ accessToken: cfg.accessToken, refreshToken: cfg.refreshToken, now: clock() })) {
      log.info({}, 'zalo: tokens seeded from ZALO_ACCESS_TOKEN/ZALO_REFRESH_TOKEN');
    }
    await tokens.load();
  })();
  ready.catch((err: unknown) => log.error({ err: errMessage(err) }, 'zalo: could not read the stored tokens; the channel does not start'));
  const limiter = new RateLimiter(perMinute(deps.rateLimitPerMinute ?? 3_000), { prefix: 'zalo:out', store: deps.rateLimits, now: clock, logger: log });

  const enqueue: Enqueue = (userId, origin, payloads, now, opts) =>
    atomically((tx) => tx.outbox.enqueue(userId, origin, payloads.map((p) => JSON.stringify(p)), now, { deliverBy: delays.deliverBy(now, opts?.deliverBy), tag: opts?.tag }));

  const scheduler: Scheduler = new Scheduler({
    pass: async () => {
      await Promise.all([inboxWorker.processOnce(), outboxSender.pumpOnce()]);
    },
    upkeep: () => {
      if (tokens.usableState()) tokens.getAccessToken().catch((err: unknown) => log.warn({ err: errMessage(err) }, 'zalo: token upkeep failed'));
    },
    busy: () => inboxWorker.inflight.size > 0 || outboxSender.inflight.size > 0,
    nextDue: async () => {
      const [ib, ob] = await Promise.all([inbox.nextAvailableAt(), outbox.nextAttemptAt()]);
      const nexts = [ib, ob === undefined ? undefined : Math.max(ob, outboxSender.pausedUntil)].filter((t): t is number => t !== undefined);
      return nexts.length ? Math.min(...nexts) : undefined;
    },
    pollMs: tuning.pollMs,
    tokenCheckMs: tuning.tokenCheckMs,
    clock,
    logger: log,
  });
  const kick = scheduler.kick;

  const adapter = new ZaloAdapter({
    capabilitiesKey: CAPABILITIES_KEY,
    turnResultKey: TURN_RESULT_KEY,
    deliverProactive: async (userId, activities) => {
      const payloads = activities.flatMap((a) => renderForZalo(fromActivity(a), deps.publicBaseUrl));
      if (payloads.length) await enqueue(userId, 'proactive', payloads, clock());
      kick();
    },
  });

  const inboxWorker = new InboxWorker({
    inbox,
    outbox,
    atomically,
    adapter,
    bot: deps.bot,
    canSend: () => tokens.usableState(),
    kick,
    onSubmitInfo: deps.onSubmitInfo,
    publicBaseUrl: deps.publicBaseUrl,
    owner,
    clock,
    tuning,
    delays,
    logger: log,
  });
  const outboxSender = new OutboxSender({
    outbox,
    client,
    tokens,
    acquireCall: () => limiter.acquire('api', sleep),
    fileStore: deps.fileStore,
    onDeliveryFinal: deps.onDeliveryFinal,
    kick,
    owner,
    clock,
    tuning,
    delays,
    logger: log,
  });
  const proactiveSender = createZaloProactiveSender({ outbox, sender: outboxSender, enqueue, kick, publicBaseUrl: deps.publicBaseUrl, clock });

  const requireAdmin = adminGuard(deps.adminToken, log);
  const router = express.Router();
  router.use(webhookRouter({ inbox, appId: cfg.appId, oaSecretKey: cfg.oaSecretKey, kick, clock, logger: log }));
  router.use(adminPagesRouter({ outbox, requireAdmin, verifierDir: deps.verifierDir }));
  router.use(
    oauthRouter({
      appId: cfg.appId,
      oauthBase: cfg.oauthBase,
      publicBaseUrl: deps.publicBaseUrl,
      tokenStore,
      tokens,
      client,
      requireAdmin,
      adminEnabled: Boolean(deps.adminToken),
      stateTtlMs: tuning.oauthStateTtlMs,
      randomBytes: rand,
      kick,
      clock,
      logger: log,
    }),
  );

  async function health(): Promise<ZaloHealth> {
    // Until the stored tokens are read the token state would say `missing`.
    await ready.catch(() => undefined);
    const [ib, ob] = await Promise.all([inbox.counts(), outbox.counts()]);
    lastOutbox = ob;
    return healthWith(ib, ob);
  }

  /** The outbox counts of the last `health()`, for the synchronous console status. */
  let lastOutbox: OutboxCounts | undefined;
  let lastOutboxAt = Number.NEGATIVE_INFINITY;

  function healthWith(ib: InboxCounts, ob: OutboxCounts | undefined): ZaloHealth {
    const token = tokens.health();
    const tokenStatus = tokens.status();
    const problems: string[] = [];
    if (token === 'missing') problems.push('no OA token: an admin must consent at /zalo/oauth/start');
    if (token === 'refresh_rejected') problems.push(`Zalo rejected the refresh token (${tokenStatus.lastError ?? 'unknown'}): an admin must consent again at /zalo/oauth/start`);
    if (token === 'refresh_failing') {
      problems.push(`token refresh failing (${tokenStatus.refreshFailures}x, last: ${tokenStatus.lastError ?? 'unknown'}); current token valid until ${tokenStatus.accessExpiresAt ?? 'unknown'}`);
    }
    if (token === 'expired') problems.push(`access token expired and refresh failing (${tokenStatus.lastError ?? 'unknown'}); sends wait and retry`);
    if (ob && ob.undeliverable + ob.expired > 0) problems.push(`${ob.undeliverable} undeliverable and ${ob.expired} expired messages (GET /zalo/admin/undeliverable)`);
    const status = token === 'ok' || token === 'refresh_failing' ? 'ok' : 'degraded';
    return { channel: 'zalo', status, token, tokenStatus, inbox: ib, outbox: ob ?? { pending: 0, sending: 0, delivered: 0, expired: 0, undeliverable: 0 }, problems };
  }

  /**
   * The consoles read the status synchronously: the token state is in memory, the outbox
   * counts are those last read (re-read in the background once a second old).
   */
  function status(): ZaloStatus {
    if (performance.now() - lastOutboxAt >= 1000) {
      lastOutboxAt = performance.now();
      outbox.counts().then(
        (ob) => {
          lastOutbox = ob;
        },
        (err: unknown) => log.warn({ err: errMessage(err) }, 'zalo: could not count the outbox for the status'),
      );
    }
    const h = healthWith({ pending: 0, processing: 0, failed: 0, done: 0 }, lastOutbox);
    return { channel: 'zalo', state: h.status, token: h.tokenStatus, problems: h.problems };
  }

  let wanted = false;
  function start(): void {
    if (wanted) return;
    wanted = true;
    inboxWorker.stopped = false;
    outboxSender.stopped = false;
    ready.then(
      () => {
        if (!wanted || scheduler.isRunning) return;
        log.info({ instance: owner, token: tokens.health() }, 'zalo: channel started');
        scheduler.start();
      },
      () => undefined,
    );
  }

  async function stop(opts?: { force?: boolean }): Promise<void> {
    wanted = false;
    scheduler.stop();
    if (!opts?.force) await Promise.allSettled([...inboxWorker.inflight]);
    scheduler.markStopped();
    inboxWorker.stopped = true;
    outboxSender.stopped = true;
    // Sends in flight are awaited even when forced: the HTTP call may have reached Zalo,
    // and recording its outcome is what prevents a duplicate after restart.
    await Promise.allSettled([...outboxSender.inflight]);
    await inbox.releaseAll(owner, clock());
    await outbox.releaseAll(owner, clock());
  }

  const parts: ChannelParts = {
    name: 'zalo',
    router,
    proactive: { zalo: proactiveSender },
    workers: [{ name: 'zalo', start, stop: () => stop() }],
    health: { zalo: async () => readiness(await health()) },
    status,
    // Erasure and retention of the Zalo queues are registered by the composition root
    // (`app/erasure.ts` `zaloDataHolders`) whether or not the channel is configured.
  };
  return {
    router,
    proactiveSender,
    adapter,
    tokens,
    parts,
    ready,
    start,
    stop,
    async drain() {
      await ready;
      for (let guard = 0; guard < 100_000; guard++) {
        const [a, b] = await Promise.all([inboxWorker.processOnce(), outboxSender.pumpOnce()]);
        const n = a + b;
        if (n === 0 && inboxWorker.inflight.size === 0 && outboxSender.inflight.size === 0) return;
        if (n === 0) await Promise.race([...inboxWorker.inflight, ...outboxSender.inflight]);
      }
    },
    health,
    deliveryStatus: proactiveSender.deliveryStatus,
    async purgeBefore(cutoff: number) {
      return { inbox: await inbox.purgeBefore(cutoff), outbox: await outbox.purgeBefore(cutoff) };
    },
    async eraseUser(userId: string) {
      return { inbox: await inbox.eraseUser(userId), outbox: await outbox.eraseUser(userId) };
    },
  };
}

/** The `/readyz` entry: `degraded` with the token state and the problems. */
export function readiness(h: ZaloHealth): HealthReport {
  const t = h.tokenStatus;
  const token = `token ${t.state}${t.accessExpiresAt ? ` (access token valid until ${t.accessExpiresAt})` : ''}`;
  return { state: h.status === 'ok' ? 'ok' : 'degraded', detail: [token, ...h.problems].join('; ') };
}

/** What the consoles show about the channel (structurally the server's `ChannelStatus`). */
export interface ZaloStatus extends ChannelStatus {
  channel: 'zalo';
  state: 'ok' | 'degraded';
  token: TokenStatus;
  problems: string[];
}

/** The channel's token health and problems, for the consoles. */
export async function zaloStatus(channel: Pick<ZaloChannel, 'health'>): Promise<ZaloStatus> {
  const h = await channel.health();
  return { channel: 'zalo', state: h.status, token: h.tokenStatus, problems: h.problems };
}
