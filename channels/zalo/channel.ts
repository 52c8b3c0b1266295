import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { TurnContext } from '@microsoft/agents-hosting';
import { AppError, isAppError } from '../../knowledge/index.js';
import { runCancellable, TURN_SIGNAL_KEY } from '../../bot/index.js';
import type { ConversationAddress, DeliveryReport, FileStore, OutgoingMessage, ProactiveSendOptions, ProactiveSender, SuggestedAction } from '../../bot/index.js';
import {
  SqliteZaloInbox,
  SqliteZaloOutbox,
  SqliteZaloTokenStore,
  type Db,
  type InboxCounts,
  type InboxEvent,
  type OutboxCounts,
  type OutboxItem,
  type OutboxRecord,
  type TokenSealer,
} from '../../storage/index.js';
import { ZALO_CHANNEL_ID, ZaloAdapter, activityFromEvent, conversationIdFor } from './adapter.js';
import { ZaloApiClient, ZaloApiError, classifyFailure } from './api-client.js';
import { classifyEvent, dedupeKey, eventUserId, zaloEventSchema, type ZaloEvent } from './events.js';
import { realSleep, silentLogger, type Clock, type Sleep, type ZaloLogger } from './ports.js';
import { perMinute, RateLimiter } from '../rate-limit.js';
import { fromActivity, fromOutgoing, isMoreActionsTap, renderForZalo, renderMoreActions, ZALO_LIMITS, type OutboxPayload, type ZaloMessage } from './render.js';
import {
  APOLOGY_TEXT,
  PRIVACY_TEXT,
  SUBMIT_INFO_NO_STORE_TEXT,
  SUBMIT_INFO_THANKS_TEXT,
  WELCOME_TEXT,
  fileFallbackText,
  mediaReplyText,
} from './replies.js';
import { verifyZaloSignature } from './signature.js';
import { ZaloTokenManager, type TokenHealth, type TokenStatus } from './token-manager.js';

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

/** Fields a citizen shared through a `request_user_info` form, handed to the profile owner. */
export interface SubmittedInfo {
  userId: string;
  conversationId: string;
  /** Field name → value as Zalo sent it (name, phone, address, city, district, ward, ...). */
  fields: Record<string, string>;
  at: Date;
}

/**
 * Hook for `user_submit_info`. The forms/profile side decides (with the citizen's consent
 * recorded in its own state) what to keep and returns the reply to send, if any.
 */
export type SubmitInfoHandler = (info: SubmittedInfo) => Promise<OutgoingMessage[] | void>;

export interface ZaloChannelDeps {
  config: ZaloChannelConfig;
  db: Db;
  /** The bot (an `ActivityHandler`): anything with `run(context)`. */
  bot: { run(context: TurnContext): Promise<void> };
  /** Turn-state key the bot reads capabilities from (bot-core's `CAPABILITIES_KEY`). */
  capabilitiesKey?: string | symbol;
  /** Turn-state key where the bot leaves its TurnResult (bot-core's `TURN_RESULT_KEY`). */
  turnResultKey?: string | symbol;
  /** Enables `/zalo/oauth/start` and `/zalo/admin/*`; those are disabled without it. */
  adminToken?: string;
  /** Public base URL (OAuth redirect, absolute file links). */
  publicBaseUrl?: string;
  fileStore?: FileStore;
  /** Encrypts the OA tokens at rest (storage/crypto.ts `createSecretBox`). Required: no plaintext default. */
  tokenSealer: TokenSealer;
  /**
   * Seals outbox payloads and inbox bodies/errors at rest (storage/crypto.ts `SecretBox`, its
   * `zalo-queue` purpose key). Required: there is no plaintext default; tests pass a test key.
   */
  cipher: TokenSealer;
  /** Jitter source in [0, 1) (tests pass a constant). */
  random?: () => number;
  /** Called when a message reaches a final state in this process (delivered, expired, undeliverable). */
  onDeliveryFinal?: (record: Omit<OutboxRecord, 'payload'>) => void;
  /**
   * Folder holding the domain-verification HTML file Zalo hands out (developers.zalo.me →
   * Xác thực domain); each `*.html` file in it is served at `/<file name>`.
   */
  verifierDir?: string;
  onSubmitInfo?: SubmitInfoHandler;
  logger?: ZaloLogger;
  clock?: Clock;
  sleep?: Sleep;
  /** Random bytes (PKCE, state, instance id); injectable for tests. */
  randomBytes?: (n: number) => Buffer;
  /** Instance id used in leases; random by default. */
  instanceId?: string;
  /** Requests per minute this process allows itself towards Zalo (default 3,000 < Zalo's ~4,000). */
  rateLimitPerMinute?: number;
  tuning?: Partial<ZaloTuning>;
}

export interface ZaloTuning {
  /** Events processed in parallel (distinct users). */
  inboxConcurrency: number;
  /** Messages sent in parallel (distinct users). */
  outboxConcurrency: number;
  /** A claim is given to another worker after this long without completion (crash). */
  leaseMs: number;
  /**
   * A turn taking longer fails (and is retried): it must end well before the lease does, or
   * the event could be claimed again while the first turn still runs.
   */
  turnTimeoutMs: number;
  /** Bot attempts per inbound event before the citizen gets an apology. */
  inboxMaxAttempts: number;
  /**
   * How long a message is retried before it is recorded as expired (default 24 h); a caller
   * may give a shorter deadline (a case offer that lapses sooner).
   */
  deliveryWindowMs: number;
  /** Backoff after the n-th real failure: min(max, base * 2^(n-1)), minus up to `jitter` of it. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Fraction of each delay taken off at random (0 = no jitter). */
  jitter: number;
  /** Pause of all sends after a rate-limit answer (-32 or HTTP 429) without Retry-After. */
  rateLimitPauseMs: number;
  /** Idle poll (picks up work from other processes and due retries). */
  pollMs: number;
  /** How often the token is checked for an early refresh. */
  tokenCheckMs: number;
  /** OAuth state lifetime. */
  oauthStateTtlMs: number;
}

const DEFAULT_TUNING: ZaloTuning = {
  inboxConcurrency: 8,
  outboxConcurrency: 8,
  leaseMs: 120_000,
  turnTimeoutMs: 60_000,
  inboxMaxAttempts: 3,
  deliveryWindowMs: 24 * 3600_000,
  backoffBaseMs: 2_000,
  backoffMaxMs: 10 * 60_000,
  jitter: 0.5,
  rateLimitPauseMs: 15_000,
  pollMs: 1_000,
  tokenCheckMs: 10 * 60_000,
  oauthStateTtlMs: 10 * 60_000,
};

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
  proactiveSender: ProactiveSender;
  adapter: ZaloAdapter;
  tokens: ZaloTokenManager;
  /** Starts background processing (inbox, outbox, token upkeep). */
  start(): void;
  /**
   * Stops background work. Graceful by default (waits for in-flight turns and sends);
   * `force` abandons in-flight turns (their events are processed again after restart).
   */
  stop(opts?: { force?: boolean }): Promise<void>;
  /** Processes everything due now until idle (tests, benchmarks, CLI). */
  drain(): Promise<void>;
  health(): ZaloHealth;
  /** State of the messages sent with `tag` (see `ProactiveSendOptions.tag`). */
  deliveryStatus(tag: string): DeliveryReport | undefined;
  /** Retention: deletes finished inbox events and outbox messages finished before `cutoff` (epoch ms). */
  purgeBefore(cutoff: number): { inbox: number; outbox: number };
  /** Erasure: deletes the inbox events and outbox messages of a Zalo user id. */
  eraseUser(userId: string): { inbox: number; outbox: number };
}

/** Mirrors bot-core's `CAPABILITIES_KEY` / `TURN_RESULT_KEY` (bot/tthc-bot.ts); pass them explicitly when wiring. */
const DEFAULT_CAPABILITIES_KEY = 'tthc.capabilities';
const DEFAULT_TURN_RESULT_KEY = 'tthc.turnResult';

const SESSION_COOKIE = 'zalo_oauth_session';
const TEMPLATE_ECHO = /^oa_send_/;

/**
 * Builds the Zalo channel: webhook (persist, acknowledge, process later), outbox sender with
 * retries, token upkeep and the operator endpoints. Nothing starts until `start()`.
 */
export function createZaloChannel(deps: ZaloChannelDeps): ZaloChannel {
  const cfg = deps.config;
  const log = deps.logger ?? silentLogger;
  const clock = deps.clock ?? Date.now;
  const sleep = deps.sleep ?? realSleep;
  const rand = deps.randomBytes ?? randomBytes;
  const tuning: ZaloTuning = {
    ...DEFAULT_TUNING,
    ...(deps.config.deliveryWindowHours ? { deliveryWindowMs: deps.config.deliveryWindowHours * 3600_000 } : {}),
    ...deps.tuning,
  };
  const owner = deps.instanceId ?? `zalo-${rand(8).toString('hex')}`;

  const cipher = deps.cipher;
  const inbox = new SqliteZaloInbox(deps.db, cipher);
  const outbox = new SqliteZaloOutbox(deps.db, cipher);
  const random = deps.random ?? Math.random;
  const tokenStore = new SqliteZaloTokenStore(deps.db, deps.tokenSealer);
  if (tokenStore.seedIfEmpty({ accessToken: cfg.accessToken, refreshToken: cfg.refreshToken, now: clock() })) {
    log.info({}, 'zalo: tokens seeded from ZALO_ACCESS_TOKEN/ZALO_REFRESH_TOKEN');
  }
  const client = new ZaloApiClient({ appId: cfg.appId, appSecret: cfg.appSecret, apiBase: trimSlash(cfg.apiBase), oauthBase: trimSlash(cfg.oauthBase) });
  const tokens = new ZaloTokenManager({ store: tokenStore, client, clock, sleep, logger: log, owner });
  const limiter = new RateLimiter(perMinute(deps.rateLimitPerMinute ?? 3_000), clock);
  const acquireSend = () => limiter.acquire('zalo-api', sleep);

  const enqueueTx = deps.db.transaction((userId: string, origin: string, payloads: OutboxPayload[], now: number, opts?: { deliverBy?: number; tag?: string }) =>
    outbox.enqueue(userId, origin, payloads.map((p) => JSON.stringify(p)), now, { deliverBy: deliverByFrom(now, opts?.deliverBy), tag: opts?.tag }),
  );

  function deliverByFrom(now: number, requested?: number): number {
    const max = now + tuning.deliveryWindowMs;
    return requested !== undefined && Number.isFinite(requested) ? Math.min(max, Math.max(now, requested)) : max;
  }

  const adapter = new ZaloAdapter({
    capabilitiesKey: deps.capabilitiesKey ?? DEFAULT_CAPABILITIES_KEY,
    turnResultKey: deps.turnResultKey ?? DEFAULT_TURN_RESULT_KEY,
    deliverProactive: async (userId, activities) => {
      const payloads = activities.flatMap((a) => renderForZalo(fromActivity(a), deps.publicBaseUrl));
      if (payloads.length) enqueueTx(userId, 'proactive', payloads, clock());
      kick();
    },
  });

  // ---- lifecycle -------------------------------------------------------------------------
  let running = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let ticking = false;
  let lastTokenCheck = 0;
  const inflightTurns = new Set<Promise<void>>();
  const inflightSends = new Set<Promise<void>>();

  let kicked = false;
  function kick(): void {
    if (!running || stopped || kicked) return;
    kicked = true;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, 0);
  }

  function schedule(): void {
    if (!running || stopped) return;
    if (timer) clearTimeout(timer);
    let delay = tuning.pollMs;
    // While work is in flight its completion kicks the loop; only an idle loop needs to know
    // when the next retry falls due (those queries scan every open row).
    if (inflightTurns.size === 0 && inflightSends.size === 0) {
      const ob = outbox.nextAttemptAt();
      const nexts = [inbox.nextAvailableAt(), ob === undefined ? undefined : Math.max(ob, pausedUntil)].filter((t): t is number => t !== undefined);
      if (nexts.length) delay = Math.min(delay, Math.min(...nexts) - clock());
    }
    timer = setTimeout(tick, Math.max(5, delay));
  }

  function tick(): void {
    timer = undefined;
    kicked = false;
    if (ticking || stopped) return;
    ticking = true;
    try {
      if (clock() - lastTokenCheck >= tuning.tokenCheckMs) {
        lastTokenCheck = clock();
        if (tokens.usableState()) {
          tokens.getAccessToken().catch((err: unknown) => log.warn({ err: errMessage(err) }, 'zalo: token upkeep failed'));
        }
      }
      processInboxOnce();
      pumpOutboxOnce();
    } catch (err) {
      log.error({ err: errMessage(err) }, 'zalo: scheduler tick failed');
    } finally {
      ticking = false;
      schedule();
    }
  }

  // ---- inbox -------------------------------------------------------------------------------
  function processInboxOnce(): number {
    // Without a usable token replies could not leave: keep events queued until consent.
    if (stopped || !tokens.usableState()) return 0;
    const room = tuning.inboxConcurrency - inflightTurns.size;
    if (room <= 0) return 0;
    const events = inbox.claim(owner, clock(), tuning.leaseMs, room);
    for (const ev of events) {
      const p = handleEvent(ev).finally(() => {
        inflightTurns.delete(p);
        kick();
      });
      inflightTurns.add(p);
    }
    return events.length;
  }

  async function handleEvent(ev: InboxEvent): Promise<void> {
    let payloads: OutboxPayload[];
    try {
      payloads = await replyFor(ev);
    } catch (err) {
      if (stopped) return;
      const now = clock();
      if (ev.attempts >= tuning.inboxMaxAttempts) {
        log.error({ inboxId: ev.id, event: ev.eventName, err: errMessage(err) }, 'zalo: event failed for good; citizen gets an apology');
        deps.db.transaction(() => {
          outbox.enqueue(ev.userId, `reply:${ev.id}`, [JSON.stringify(textPayload(APOLOGY_TEXT))], now, { deliverBy: deliverByFrom(now) });
          inbox.fail(ev.id, owner, now, errMessage(err));
        })();
        kick();
      } else {
        log.warn({ inboxId: ev.id, event: ev.eventName, attempt: ev.attempts, err: errMessage(err) }, 'zalo: event processing failed; will retry');
        inbox.release(ev.id, owner, now + backoff(ev.attempts), errMessage(err));
      }
      return;
    }
    // A forced stop gave the event back: its replies must come from the next run only.
    if (stopped) return;
    const now = clock();
    const committed = deps.db.transaction(() => {
      if (!inbox.complete(ev.id, owner, now)) return false;
      outbox.enqueue(ev.userId, `reply:${ev.id}`, payloads.map((p) => JSON.stringify(p)), now, { deliverBy: deliverByFrom(now) });
      return true;
    })();
    if (!committed) log.warn({ inboxId: ev.id }, 'zalo: lost the claim on an event before completing it; another worker answers it');
  }

  async function replyFor(ev: InboxEvent): Promise<OutboxPayload[]> {
    const e = zaloEventSchema.parse(JSON.parse(ev.body));
    const kind = classifyEvent(e.event_name);
    const runBot = async () => {
      // At the deadline the turn's signal is aborted: a turn still running then finds it at its
      // next side effect (case store, routing) and stops, so the retry of this event is the only
      // one that acts, and the abandoned turn saves no state.
      const { sent, turnResult } = await runCancellable(tuning.turnTimeoutMs, (signal) =>
        adapter.runTurnWithState(activityFromEvent(e, ev.userId), (ctx) => {
          ctx.turnState.set(TURN_SIGNAL_KEY, signal);
          return deps.bot.run(ctx);
        }),
      );
      const fileIds = fileIdsOf(turnResult);
      return sent.flatMap((a) => renderForZalo(fromActivity(a, fileIds), deps.publicBaseUrl));
    };
    switch (kind) {
      case 'text': {
        if (!(e.message?.text ?? '').trim()) return [];
        if (isMoreActionsTap(e.message?.text ?? '')) {
          // "Thêm" under an earlier answer: the channel shows the actions it stood for; the
          // bot's state is untouched (as on the web). Without any, the bot reads the word.
          const more = latestMoreActions(ev.userId);
          if (more) return renderMoreActions(more);
        }
        return runBot();
      }
      case 'follow': {
        const fromBot = await runBot();
        return fromBot.length ? fromBot : [textPayload(WELCOME_TEXT), textPayload(PRIVACY_TEXT)];
      }
      case 'unfollow':
        log.info({ inboxId: ev.id }, 'zalo: user unfollowed the OA');
        return [];
      case 'submit_info':
        return submitInfo(e, ev.userId);
      case 'media':
        return [textPayload(mediaReplyText(e.event_name))];
      default:
        return [];
    }
  }

  /** The actions behind the newest "Thêm" button sent to this user, if any. */
  function latestMoreActions(userId: string): SuggestedAction[] | undefined {
    const rows = outbox.listForUser(userId);
    for (let i = rows.length - 1; i >= 0; i--) {
      const p = JSON.parse(rows[i]!.payload) as OutboxPayload;
      if (p.kind === 'message' && p.more?.length) return p.more;
    }
    return undefined;
  }

  async function submitInfo(e: ZaloEvent, userId: string): Promise<OutboxPayload[]> {
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(e.info ?? {})) {
      if (typeof v === 'string' || typeof v === 'number') fields[k] = String(v).normalize('NFC').trim();
    }
    if (!deps.onSubmitInfo) {
      log.info({ fieldNames: Object.keys(fields) }, 'zalo: user_submit_info received; no profile hook configured, nothing stored');
      return [textPayload(SUBMIT_INFO_NO_STORE_TEXT)];
    }
    const messages = await deps.onSubmitInfo({ userId, conversationId: conversationIdFor(userId), fields, at: new Date(clock()) });
    if (messages && messages.length) return messages.flatMap((m) => renderForZalo(fromOutgoing(m), deps.publicBaseUrl));
    return [textPayload(SUBMIT_INFO_THANKS_TEXT)];
  }

  // ---- outbox ------------------------------------------------------------------------------
  /** After a rate-limit answer no send leaves this instance before this time (Zalo's limit is per app). */
  let pausedUntil = 0;

  function pumpOutboxOnce(): number {
    if (stopped || !tokens.usableState()) return 0;
    if (clock() < pausedUntil) return 0;
    const room = tuning.outboxConcurrency - inflightSends.size;
    if (room <= 0) return 0;
    const items = outbox.claim(owner, clock(), tuning.leaseMs, room);
    for (const item of items) {
      const p = sendItem(item).finally(() => {
        inflightSends.delete(p);
        kick();
      });
      inflightSends.add(p);
    }
    return items.length;
  }

  /** Why a failure class ends a message, as a final state and a short reason. */
  function finalFor(err: unknown, cls: ReturnType<typeof classifyFailure>): { status: 'expired' | 'undeliverable'; reason: string } | undefined {
    const code = err instanceof ZaloApiError ? err.zaloCode : null;
    if (cls === 'window_closed') return { status: 'expired', reason: 'window_closed' };
    if (cls === 'undeliverable') return { status: 'undeliverable', reason: code === -213 ? 'unfollowed' : code === -227 ? 'user_banned_or_inactive' : 'user_unreachable' };
    if (cls === 'permanent') return { status: 'undeliverable', reason: 'rejected' };
    return undefined;
  }

  function finished(item: OutboxItem): void {
    const rec = outbox.get(item.id);
    if (rec) {
      const { payload: _p, ...meta } = rec;
      try {
        deps.onDeliveryFinal?.(meta);
      } catch (err) {
        log.warn({ outboxId: item.id, err: errMessage(err) }, 'zalo: delivery listener failed');
      }
    }
    const waiters = finishWaiters.get(item.id);
    finishWaiters.delete(item.id);
    for (const fn of waiters ?? []) fn();
  }

  async function sendItem(item: OutboxItem): Promise<void> {
    const payload = JSON.parse(item.payload) as OutboxPayload;
    let token: string | undefined;
    try {
      token = await tokens.getAccessToken();
      if (item.uncertain && (await reachedZalo(token, item, payload))) return;
      if (clock() > item.deliverBy) {
        const msg = `not delivered by ${new Date(item.deliverBy).toISOString()}; last error: ${outbox.get(item.id)?.errorMessage ?? 'none'}`;
        log.warn({ outboxId: item.id, attempts: item.attempts }, 'zalo: delivery deadline passed before sending; recorded as expired');
        if (outbox.finish(item.id, owner, 'expired', clock(), 'retry_deadline', { code: outbox.get(item.id)?.errorCode ?? null, message: msg })) finished(item);
        return;
      }
      let result: { messageId?: string };
      try {
        result = await deliver(token, item.userId, payload);
      } catch (err) {
        if (classifyFailure(err) !== 'token') throw err;
        // -216/-220: refresh once (or pick up another worker's refresh) and retry once.
        log.warn({ outboxId: item.id, code: (err as ZaloApiError).zaloCode }, 'zalo: access token refused; refreshing once');
        token = await tokens.refreshAfterRejection(token);
        result = await deliver(token, item.userId, payload);
      }
      if (outbox.markDelivered(item.id, owner, clock(), result.messageId)) finished(item);
    } catch (err) {
      const now = clock();
      if (isAppError(err) && err.code === 'unavailable:zalo_token') {
        log.error({ outboxId: item.id, err: err.message }, 'zalo: no usable token; message kept queued');
        outbox.release(item.id, owner, now);
        return;
      }
      const cls = isAppError(err) ? 'transient' : classifyFailure(err);
      const code = err instanceof ZaloApiError ? err.zaloCode : null;
      const message = errMessage(err);
      const final = finalFor(err, cls);
      if (final) {
        log.warn({ outboxId: item.id, code, reason: final.reason }, `zalo: message ${final.status}; recorded for operators`);
        if (outbox.finish(item.id, owner, final.status, now, final.reason, { code, message })) finished(item);
        return;
      }
      if (cls === 'rate_limited') {
        // Zalo's limit is per app: pause every send of this instance, and do not count it as a
        // failure of this message (its backoff and its deadline are not what went wrong).
        const retryAfter = err instanceof ZaloApiError ? err.retryAfterMs : undefined;
        const wait = retryAfter ?? jittered(tuning.rateLimitPauseMs);
        pausedUntil = Math.max(pausedUntil, now + wait);
        log.warn({ outboxId: item.id, code, waitMs: wait }, 'zalo: rate limited; pausing sends');
        outbox.retryLater(item.id, owner, now + wait, { code, message }, { countFailure: false });
        return;
      }
      if (now >= item.deliverBy) {
        log.error({ outboxId: item.id, code, err: message, attempts: item.attempts }, 'zalo: delivery deadline passed; recorded as expired');
        if (outbox.finish(item.id, owner, 'expired', now, 'retry_deadline', { code, message: `not delivered by ${new Date(item.deliverBy).toISOString()}: ${message}` })) finished(item);
        return;
      }
      // A network failure (no Zalo answer) may hide a delivered message.
      const maybeSent = err instanceof ZaloApiError && err.zaloCode === null && err.httpStatus === undefined;
      const next = Math.min(item.deliverBy, now + backoff(item.failures + 1));
      log.warn({ outboxId: item.id, code, err: message, failures: item.failures + 1 }, 'zalo: transient send failure; retrying');
      outbox.retryLater(item.id, owner, next, { code, message }, { countFailure: true, maybeSent });
    }
  }

  /**
   * A worker died between claiming this row and recording the outcome: the message may have
   * reached Zalo. Looks for it in the conversation (same text, not older than the row, message
   * id not yet claimed by another row) and records it as sent instead of sending it twice.
   * If the check itself fails, the message is sent again: a duplicate beats a loss.
   */
  async function reachedZalo(token: string, item: OutboxItem, payload: OutboxPayload): Promise<boolean> {
    if (payload.kind !== 'message' || !('text' in payload.message)) return false;
    const text = payload.message.text;
    try {
      await acquireSend();
      const recent = await client.recentMessages(token, item.userId, 10);
      const hit = recent.find((m) => m.fromOa && m.text === text && m.time >= item.createdAt - 60_000 && !outbox.hasZaloMessageId(m.messageId));
      if (!hit) return false;
      if (outbox.markDelivered(item.id, owner, clock(), hit.messageId)) finished(item);
      log.info({ outboxId: item.id }, 'zalo: interrupted send had reached Zalo; recorded without resending');
      return true;
    } catch (err) {
      log.warn({ outboxId: item.id, err: errMessage(err) }, 'zalo: could not check an interrupted send; sending again');
      return false;
    }
  }

  async function deliver(token: string, userId: string, payload: OutboxPayload): Promise<{ messageId?: string }> {
    if (payload.kind === 'message') {
      await acquireSend();
      return client.sendMessage(token, userId, payload.message);
    }
    const f = payload.file;
    const stored = f.fileId && deps.fileStore ? await deps.fileStore.get(f.fileId) : undefined;
    const fallback: ZaloMessage = { text: fileFallbackText(f.name, f.url) };
    if (!stored || stored.bytes.byteLength > ZALO_LIMITS.maxFileBytes) {
      await acquireSend();
      return client.sendMessage(token, userId, fallback);
    }
    await acquireSend();
    let fileToken: string;
    try {
      fileToken = await client.uploadFile(token, { name: stored.name, contentType: stored.contentType, bytes: stored.bytes });
    } catch (err) {
      if (classifyFailure(err) !== 'permanent') throw err;
      log.warn({ code: (err as ZaloApiError).zaloCode }, 'zalo: upload refused; sending the link instead');
      await acquireSend();
      return client.sendMessage(token, userId, fallback);
    }
    await acquireSend();
    return client.sendMessage(token, userId, { attachment: { type: 'file', payload: { token: fileToken } } });
  }

  /** Capped exponential backoff after the n-th failure, with jitter. */
  function backoff(failure: number): number {
    return jittered(Math.min(tuning.backoffMaxMs, tuning.backoffBaseMs * 2 ** Math.max(0, failure - 1)));
  }

  function jittered(ms: number): number {
    return Math.max(1, Math.round(ms * (1 - tuning.jitter * Math.min(1, Math.max(0, random())))));
  }

  // ---- HTTP --------------------------------------------------------------------------------
  const router = express.Router();

  router.post('/zalo/webhook', express.raw({ type: () => true, limit: '512kb' }), (req: Request, res: Response) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const signature = req.get('x-zevent-signature');
    if (!signature && raw.toString('utf8').trim() === '') {
      // The console's "verify webhook" POST: empty and unsigned.
      res.status(200).json({ ok: true });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      log.warn({ bytes: raw.length, ip: req.ip }, 'zalo: webhook body is not JSON; rejected');
      sendError(res, new AppError('bad_request:zalo_json', 'Webhook body is not valid JSON'));
      return;
    }
    if (!signature && !(isObject(body) && 'event_name' in body)) {
      res.status(200).json({ ok: true });
      return;
    }
    const ts = isObject(body) && (typeof body.timestamp === 'string' || typeof body.timestamp === 'number') ? String(body.timestamp) : '';
    if (!verifyZaloSignature(signature, cfg.appId, raw, ts, cfg.oaSecretKey)) {
      log.warn({ ip: req.ip, bytes: raw.length, reason: signature ? 'mismatch' : 'missing' }, 'zalo: webhook signature rejected');
      sendError(res, new AppError('unauthorized:zalo_signature', 'Invalid or missing x-zevent-signature'));
      return;
    }
    const parsed = zaloEventSchema.safeParse(body);
    if (!parsed.success) {
      log.warn({ issues: parsed.error.issues.map((i) => i.path.join('.')) }, 'zalo: signed webhook with an unexpected shape; rejected');
      sendError(res, new AppError('bad_request:zalo_event', `Unexpected webhook shape: ${parsed.error.issues.map((i) => i.path.join('.') || i.message).join(', ')}`));
      return;
    }
    const e = parsed.data;
    const kind = classifyEvent(e.event_name);
    if (kind === 'ignore' || TEMPLATE_ECHO.test(e.event_name)) {
      // Echoes and receipts need no work; not storing them keeps the inbox small.
      res.status(200).json({ ok: true });
      return;
    }
    const userId = eventUserId(e);
    if (!userId) {
      sendError(res, new AppError('bad_request:zalo_event', `Event ${e.event_name} has no user id`));
      return;
    }
    try {
      const added = inbox.add({ dedupeKey: dedupeKey(e, userId), userId, eventName: e.event_name, body: raw.toString('utf8'), now: clock() });
      if (added) kick();
      else log.debug({ event: e.event_name }, 'zalo: duplicate delivery ignored');
    } catch (err) {
      // Not stored: answer non-2xx so Zalo delivers it again.
      log.error({ err: errMessage(err) }, 'zalo: could not persist webhook event');
      sendError(res, new AppError('unavailable:zalo_inbox', 'Could not store the event', { cause: err }));
      return;
    }
    res.status(200).json({ ok: true });
  });

  const requireAdmin = (req: Request, res: Response, bodyToken?: string): boolean => {
    if (!deps.adminToken) {
      sendError(res, new AppError('not_found:zalo_admin', 'Zalo admin endpoints are disabled: set ADMIN_TOKEN'));
      return false;
    }
    const header = req.get('authorization');
    // Header only: a token in the URL ends up in proxy logs and browser history.
    const given = header?.startsWith('Bearer ') ? header.slice(7) : (bodyToken ?? '');
    if (!safeEqual(given, deps.adminToken)) {
      log.warn({ ip: req.ip, path: req.path }, 'zalo: admin request with a bad token');
      sendError(res, new AppError('unauthorized:zalo_admin', 'Admin token required (Authorization: Bearer <ADMIN_TOKEN>)'));
      return false;
    }
    return true;
  };

  if (deps.verifierDir) {
    const dir = deps.verifierDir;
    router.get('/:file', (req, res, next) => {
      const file = String(req.params.file);
      if (!/^[A-Za-z0-9_-]+\.html$/.test(file)) return next();
      const full = path.join(dir, file);
      if (!fs.existsSync(full)) return next();
      res.type('html').send(fs.readFileSync(full));
    });
  }

  router.get('/zalo/admin/undeliverable', (req, res) => {
    if (!requireAdmin(req, res)) return;
    const items = outbox.listProblems(200).map((r) => ({
      id: r.id,
      userId: r.userId,
      status: r.status,
      reason: r.reason,
      attempts: r.attempts,
      errorCode: r.errorCode,
      errorMessage: r.errorMessage,
      origin: r.origin,
      createdAt: new Date(r.createdAt).toISOString(),
      finishedAt: r.finishedAt === null ? null : new Date(r.finishedAt).toISOString(),
      message: JSON.parse(r.payload) as OutboxPayload,
    }));
    res.json({ items });
  });

  // In a browser the OA admin cannot send a header: GET without one shows a form that POSTs
  // the token in the body (never in the URL), in the same browser that gets the session cookie.
  router.get('/zalo/oauth/start', (req, res, next) => {
    if (deps.adminToken && !req.get('authorization')) {
      res
        .status(200)
        .type('html')
        .set('Cache-Control', 'no-store')
        .send(
          '<!doctype html><meta charset="utf-8"><title>Kết nối Zalo OA</title>' +
            '<form method="post" action="/zalo/oauth/start"><label>Mã quản trị (ADMIN_TOKEN) <input type="password" name="admin_token" autocomplete="off" required></label> ' +
            '<button type="submit">Kết nối Zalo Official Account</button></form>',
        );
      return;
    }
    next();
  });
  router.post('/zalo/oauth/start', express.urlencoded({ extended: false, limit: '2kb' }), (req, res) => {
    const token = typeof (req.body as { admin_token?: unknown } | undefined)?.admin_token === 'string' ? (req.body as { admin_token: string }).admin_token : undefined;
    if (!requireAdmin(req, res, token)) return;
    startConsent(res);
  });
  router.get('/zalo/oauth/start', (req, res) => {
    if (!requireAdmin(req, res)) return;
    startConsent(res);
  });

  function startConsent(res: Response): void {
    if (!deps.publicBaseUrl) {
      sendError(res, new AppError('unavailable:zalo_oauth', 'Set PUBLIC_BASE_URL so Zalo can redirect back to /zalo/oauth/callback'));
      return;
    }
    const verifier = base64url(rand(32)); // 43 characters
    const challenge = base64url(createHash('sha256').update(verifier).digest());
    const state = base64url(rand(24));
    const session = base64url(rand(32));
    tokenStore.addPending({ state, verifier, sessionHash: sha256hex(session), createdAt: clock() });
    const secure = deps.publicBaseUrl.startsWith('https:') ? '; Secure' : '';
    res.setHeader('Set-Cookie', `${SESSION_COOKIE}=${session}; Path=/zalo/oauth; HttpOnly; SameSite=Lax; Max-Age=${Math.floor(tuning.oauthStateTtlMs / 1000)}${secure}`);
    const url = new URL('/v4/oa/permission', trimSlash(cfg.oauthBase) + '/');
    url.searchParams.set('app_id', cfg.appId);
    url.searchParams.set('redirect_uri', redirectUri());
    url.searchParams.set('code_challenge', challenge);
    url.searchParams.set('state', state);
    res.redirect(302, url.toString());
  }

  const callbackSchema = z.object({ code: z.string().min(1), state: z.string().min(1), oa_id: z.string().optional() });
  router.get('/zalo/oauth/callback', async (req, res) => {
    const q = callbackSchema.safeParse(req.query);
    if (!q.success) {
      sendError(res, new AppError('bad_request:zalo_oauth', 'Callback needs code and state'));
      return;
    }
    const pending = tokenStore.takePending(q.data.state, clock() - tuning.oauthStateTtlMs);
    const session = readCookie(req.get('cookie'), SESSION_COOKIE);
    if (!pending || !session || !safeEqual(sha256hex(session), pending.sessionHash)) {
      log.warn({ ip: req.ip }, 'zalo: OAuth callback with an unknown, expired or foreign state');
      sendError(res, new AppError('bad_request:zalo_oauth_state', 'Unknown or expired state, or a different browser session: start again at /zalo/oauth/start'));
      return;
    }
    try {
      const pair = await client.exchangeCode(q.data.code, pending.verifier);
      tokens.saveConsent(pair);
    } catch (err) {
      log.error({ err: errMessage(err) }, 'zalo: OAuth code exchange failed');
      sendError(res, new AppError('unavailable:zalo_oauth', `Code exchange failed: ${errMessage(err)}`, { cause: err }));
      return;
    }
    res.setHeader('Set-Cookie', `${SESSION_COOKIE}=; Path=/zalo/oauth; HttpOnly; SameSite=Lax; Max-Age=0`);
    res
      .status(200)
      .type('html')
      .send('<!doctype html><meta charset="utf-8"><title>Zalo OA</title><p>Đã kết nối Zalo Official Account. Anh/chị có thể đóng trang này.</p><p>Zalo Official Account connected. You can close this page.</p>');
    kick();
  });

  function redirectUri(): string {
    return new URL('/zalo/oauth/callback', trimSlash(deps.publicBaseUrl!) + '/').toString();
  }

  // ---- proactive ---------------------------------------------------------------------------
  const finishWaiters = new Map<number, Set<() => void>>();

  /** One state for several rows (a message rendered into several Zalo messages). */
  function reportFor(records: Omit<OutboxRecord, 'payload'>[]): DeliveryReport {
    const bad = records.find((r) => r.status === 'expired' || r.status === 'undeliverable');
    if (bad) {
      return { state: bad.status as 'expired' | 'undeliverable', reason: bad.reason ?? undefined, detail: [bad.errorCode, bad.errorMessage].filter((x) => x !== null).join(' ') || undefined };
    }
    if (records.length > 0 && records.every((r) => r.status === 'delivered')) return { state: 'delivered' };
    const last = records.find((r) => r.status !== 'delivered' && r.errorMessage);
    return { state: 'pending', reason: last ? 'retrying' : 'queued', detail: last?.errorMessage ?? undefined };
  }

  function recordsOf(ids: number[]): Omit<OutboxRecord, 'payload'>[] {
    return ids.map((id) => outbox.get(id)).filter((r): r is OutboxRecord => r !== undefined).map(({ payload: _p, ...meta }) => meta);
  }

  function isOpen(id: number): boolean {
    const st = outbox.get(id)?.status;
    return st === 'pending' || st === 'sending';
  }

  /** Waits (real time) until every row is final or `ms` passed; other processes' outcomes are polled. */
  function waitFinal(ids: number[], ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      let left = ids.filter(isOpen);
      if (!left.length || ms <= 0) return resolve();
      const check = () => {
        left = left.filter(isOpen);
        if (!left.length) done();
      };
      const timer = setTimeout(() => done(), ms);
      const poll = setInterval(check, 250);
      const done = () => {
        clearTimeout(timer);
        clearInterval(poll);
        for (const id of ids) finishWaiters.get(id)?.delete(check);
        resolve();
      };
      for (const id of left) {
        let set = finishWaiters.get(id);
        if (!set) finishWaiters.set(id, (set = new Set()));
        set.add(check);
      }
    });
  }

  function deliveryStatus(tag: string): DeliveryReport | undefined {
    const records = outbox.byTag(tag);
    return records.length ? reportFor(records) : undefined;
  }

  const proactiveSender: ProactiveSender = {
    async send(address: ConversationAddress, messages: OutgoingMessage[], options?: ProactiveSendOptions): Promise<DeliveryReport> {
      if (address.channelId !== ZALO_CHANNEL_ID) {
        throw new AppError('bad_request:zalo_address', `Zalo sender got an address for channel ${address.channelId}`);
      }
      const ref = address.reference as { userId?: unknown };
      const userId = typeof ref.userId === 'string' ? ref.userId : address.userId;
      const payloads = messages.flatMap((m) => renderForZalo(fromOutgoing(m), deps.publicBaseUrl));
      if (!payloads.length) return { state: 'delivered', reason: 'nothing_to_send' };
      const ids = enqueueTx(userId, 'proactive', payloads, clock(), { deliverBy: options?.deliverBy, tag: options?.tag });
      kick();
      if (options?.waitMs) await waitFinal(ids, options.waitMs);
      return reportFor(recordsOf(ids));
    },
    deliveryStatus,
  };

  return {
    router,
    proactiveSender,
    adapter,
    tokens,
    start() {
      if (running) return;
      running = true;
      stopped = false;
      lastTokenCheck = 0;
      kicked = false;
      log.info({ instance: owner, token: tokens.health() }, 'zalo: channel started');
      kick();
    },
    async stop(opts?: { force?: boolean }) {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (!opts?.force) await Promise.allSettled([...inflightTurns]);
      stopped = true;
      // Sends in flight are awaited even when forced: the HTTP call may have reached Zalo,
      // and recording its outcome is what prevents a duplicate after restart.
      await Promise.allSettled([...inflightSends]);
      inbox.releaseAll(owner, clock());
      outbox.releaseAll(owner, clock());
    },
    async drain() {
      for (let guard = 0; guard < 100_000; guard++) {
        const n = processInboxOnce() + pumpOutboxOnce();
        if (n === 0 && inflightTurns.size === 0 && inflightSends.size === 0) return;
        if (n === 0) await Promise.race([...inflightTurns, ...inflightSends]);
      }
    },
    health(): ZaloHealth {
      const token = tokens.health();
      const tokenStatus = tokens.status();
      const problems: string[] = [];
      if (token === 'missing') problems.push('no OA token: an admin must consent at /zalo/oauth/start');
      if (token === 'refresh_rejected') problems.push(`Zalo rejected the refresh token (${tokenStatus.lastError ?? 'unknown'}): an admin must consent again at /zalo/oauth/start`);
      if (token === 'refresh_failing') {
        problems.push(`token refresh failing (${tokenStatus.refreshFailures}x, last: ${tokenStatus.lastError ?? 'unknown'}); current token valid until ${tokenStatus.accessExpiresAt ?? 'unknown'}`);
      }
      if (token === 'expired') problems.push(`access token expired and refresh failing (${tokenStatus.lastError ?? 'unknown'}); sends wait and retry`);
      const ob = outbox.counts();
      if (ob.undeliverable + ob.expired > 0) problems.push(`${ob.undeliverable} undeliverable and ${ob.expired} expired messages (GET /zalo/admin/undeliverable)`);
      const status = token === 'ok' || token === 'refresh_failing' ? 'ok' : 'degraded';
      return { channel: 'zalo', status, token, tokenStatus, inbox: inbox.counts(), outbox: ob, problems };
    },
    deliveryStatus,
    purgeBefore(cutoff: number) {
      return { inbox: inbox.purgeBefore(cutoff), outbox: outbox.purgeBefore(cutoff) };
    },
    eraseUser(userId: string) {
      return { inbox: inbox.eraseUser(userId), outbox: outbox.eraseUser(userId) };
    },
  };
}

/** File store ids of the files in a TurnResult, by URL (Activities carry only the URL). */
function fileIdsOf(turnResult: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const messages = (turnResult as { messages?: OutgoingMessage[] } | undefined)?.messages;
  for (const m of Array.isArray(messages) ? messages : []) {
    for (const f of m.files ?? []) if (f.fileId) out.set(f.url, f.fileId);
  }
  return out;
}

function textPayload(text: string): OutboxPayload {
  return { kind: 'message', message: { text } };
}

function sendError(res: Response, err: AppError): void {
  res.status(err.status).json(err.toJSON());
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function trimSlash(u: string): string {
  return u.replace(/\/+$/, '');
}

function base64url(b: Buffer): string {
  return b.toString('base64url');
}

function sha256hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

function safeEqual(a: string, b: string): boolean {
  // Hashing first gives equal lengths, so timingSafeEqual never throws or leaks length.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}
