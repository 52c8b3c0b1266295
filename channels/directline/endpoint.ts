import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Activity } from '@microsoft/agents-activity';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { AppError, isAppError } from '../../knowledge/index.js';
import type { DirectLineStore, EventBus, EventPayload, RateLimitStore, StoredActivity } from '../../bot/ports/index.js';
import { conversationTopic, DIRECTLINE_CHANNEL_ID, type ConversationEvent, type DirectLineAdapter } from './adapter.js';
import { RateLimiter, type BucketSpec } from '../rate-limit.js';
import type { TokenClaims, TokenService } from './tokens.js';

/**
 * Direct Line 3.0 on premises: the subset of Azure's REST + WebSocket protocol that
 * Microsoft's clients (Web Chat, botframework-directlinejs) use, served by express 5.
 *
 *   POST /tokens/generate            secret   -> { conversationId, token, expires_in }
 *   POST /tokens/refresh             token    -> { conversationId, token, expires_in }
 *   POST /conversations              either   -> 201 { conversationId, token, expires_in, streamUrl }
 *   GET  /conversations/:id          either   -> { conversationId, token, expires_in, streamUrl } (reconnect)
 *   POST /conversations/:id/activities        -> { id }   (persisted before this reply)
 *   GET  /conversations/:id/activities?watermark=n -> { activities, watermark }
 *   WS   /conversations/:id/stream?t=token&watermark=n  frames { activities, watermark }
 */

export interface DirectLineLimits {
  /** Max JSON body size (express/body-parser syntax, e.g. "64kb"). */
  bodyLimit: string;
  /** Max characters of a message's text. */
  maxTextLength: number;
  /** All Direct Line requests from one IP. */
  perIp: BucketSpec;
  /** Activities posted in one conversation (a token is bound to one conversation). */
  perConversation: BucketSpec;
}

export const DEFAULT_LIMITS: DirectLineLimits = {
  bodyLimit: '64kb',
  maxTextLength: 4000,
  // A ward office may put many citizens behind one NAT address.
  perIp: { capacity: 300, refillPerSecond: 50 },
  // Nobody types faster than this; scripts that do are slowed down.
  perConversation: { capacity: 10, refillPerSecond: 1 },
};

export interface DirectLineEndpointOptions {
  adapter: DirectLineAdapter;
  store: DirectLineStore;
  /**
   * Where activities stored by other processes are announced (`conversation:<id>`): every
   * conversation with an open stream here is subscribed. Default: none (one process).
   */
  events?: EventBus;
  /** A pending message claimed more often than this is answered with the apology, not the bot (its turns keep dying). Default 3. */
  maxAttempts?: number;
  tokens: TokenService;
  logger: Logger;
  limits?: Partial<DirectLineLimits>;
  /**
   * Where the per-address and per-conversation limiters keep their buckets (`dl:ip:…`,
   * `dl:conv:…`): the root's store, shared by every process under DATABASE_URL. Default: an
   * in-process store. A failing store lets citizens through (logged).
   */
  rateLimits?: RateLimitStore;
  clock?: () => Date;
  /** Public base URL (https://…) to build stream URLs behind a proxy; else the request's host. */
  publicBaseUrl?: string;
  /** Mount path of the router, used in stream URLs. */
  basePath?: string;
}

const conversationIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
const accountSchema = z
  .object({ id: z.string().max(256).optional(), name: z.string().max(256).optional(), role: z.string().max(32).optional() })
  .strip();

function incomingActivitySchema(maxText: number) {
  return z
    .object({
      type: z.enum(['message', 'event', 'typing']),
      text: z.string().max(maxText).optional(),
      textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
      locale: z.string().max(35).optional(),
      name: z.string().max(256).optional(),
      value: z.unknown().optional(),
      from: accountSchema.optional(),
      channelData: z.record(z.unknown()).optional(),
      entities: z.array(z.record(z.unknown())).max(20).optional(),
      localTimestamp: z.string().max(64).optional(),
      localTimezone: z.string().max(64).optional(),
      attachments: z.array(z.unknown()).max(0, 'attachments are not accepted from users').optional(),
    })
    .strip()
    .refine((a) => a.type !== 'message' || (a.text !== undefined && a.text.trim() !== '') || a.value !== undefined, {
      message: 'a message needs text or value',
    })
    .refine((a) => JSON.stringify(a.channelData ?? {}).length <= 8192, { message: 'channelData too large' });
}

const startBodySchema = z
  .object({ user: accountSchema.optional(), locale: z.string().max(35).optional() })
  .strip()
  .optional();

type Auth = { kind: 'secret' } | { kind: 'token'; claims: TokenClaims };

const newConversationId = () => crypto.randomBytes(16).toString('base64url');
const newUserId = () => `dl_${crypto.randomBytes(12).toString('base64url')}`;

export interface DirectLineEndpoint {
  router: Router;
  /**
   * Handles an HTTP upgrade for a stream URL; false when the path is not ours. `clientAddress`
   * is the client as the server resolved it through trusted proxies (upgrades bypass express,
   * so there is no `req.ip`); without it the socket's address is used.
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, clientAddress?: string): boolean;
  /** Creates a conversation and a token for it (used by our own web page's token route). */
  issueConversation(userId?: string): Promise<{ conversationId: string; token: string; expires_in: number; userId: string }>;
  /**
   * Claims user messages accepted but never answered whose lease has expired (their process
   * died or stopped) and answers them; with `takeOver`, every pending message (a single
   * process starting again). Resolves with how many it took.
   */
  recoverPending(options?: { takeOver?: boolean }): Promise<number>;
  /** Closes every WebSocket (shutdown). */
  closeStreams(): void;
  readonly openStreams: number;
}

export function createDirectLineEndpoint(options: DirectLineEndpointOptions): DirectLineEndpoint {
  const { adapter, store, tokens, logger } = options;
  const limits: DirectLineLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const clock = options.clock ?? (() => new Date());
  const basePath = options.basePath ?? '/v3/directline';
  const ipLimiter = new RateLimiter(limits.perIp, { prefix: 'dl:ip', store: options.rateLimits, logger });
  const convLimiter = new RateLimiter(limits.perConversation, { prefix: 'dl:conv', store: options.rateLimits, logger });
  const activitySchema = incomingActivitySchema(limits.maxTextLength);
  /** The origin each stream's client reached us at, for absolute file links. */
  const socketOrigins = new WeakMap<WebSocket, string>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });

  // --- delivery to open streams -------------------------------------------------------
  // Each conversation with open streams here is a "room": its sockets, each with the last
  // watermark it was sent, and one subscription to the conversation's topic on the event bus.
  // Activities stored by this process are handed over directly (when they follow what a
  // socket has); anything else (another process's activities, an event lost in a reconnect,
  // the backlog of a new stream) is read from the store by `pump`, one read at a time per
  // room, from the lowest watermark its sockets hold. The store is the truth: each socket
  // gets every activity once, in watermark order.
  interface Room {
    sockets: Map<WebSocket, { sent: number }>;
    unsubscribe?: () => void;
    pumping: boolean;
    again: boolean;
  }
  const rooms = new Map<string, Room>();
  const events = options.events;
  const maxAttempts = options.maxAttempts ?? 3;

  const frameOf = (rows: StoredActivity[]) => `{"activities":[${rows.map((r) => r.json).join(',')}],"watermark":"${rows[rows.length - 1]!.seq}"}`;

  /** Sends an ephemeral frame (typing) to every open stream of the conversation. */
  const broadcast = (conversationId: string, frame: string): number => {
    const room = rooms.get(conversationId);
    if (!room) return 0;
    let taken = 0;
    for (const ws of room.sockets.keys()) {
      if (ws.readyState !== ws.OPEN) continue;
      ws.send(absoluteFileLinks(frame, socketOrigins.get(ws)));
      taken++;
    }
    return taken;
  };

  const pump = (conversationId: string): void => {
    const room = rooms.get(conversationId);
    if (!room) return;
    if (room.pumping) {
      room.again = true;
      return;
    }
    room.pumping = true;
    void (async () => {
      try {
        do {
          room.again = false;
          if (room.sockets.size === 0) break;
          const from = Math.min(...[...room.sockets.values()].map((s) => s.sent));
          const rows = await store.listAfter(conversationId, from, 200);
          if (rows.length === 0) continue;
          let delivered = 0;
          for (const [ws, state] of room.sockets) {
            const fresh = rows.filter((r) => r.seq > state.sent);
            if (fresh.length === 0 || ws.readyState !== ws.OPEN) continue;
            state.sent = fresh[fresh.length - 1]!.seq;
            delivered = Math.max(delivered, state.sent);
            ws.send(absoluteFileLinks(frameOf(fresh), socketOrigins.get(ws)));
          }
          if (delivered > 0) adapter.clientReceived(conversationId, delivered, true);
          if (rows.length === 200) room.again = true;
        } while (room.again);
      } catch (err) {
        logger.warn({ err, conversationId }, 'directline could not read new activities for open streams');
      } finally {
        room.pumping = false;
      }
    })();
  };

  const onEvent = (conversationId: string, payload: EventPayload) => {
    const event = payload as unknown as ConversationEvent;
    // This process's own activities went to its streams directly (or started a pump).
    if (event.origin === adapter.instanceId) return;
    const room = rooms.get(conversationId);
    if (!room) return;
    if (event.kind === 'received') return;
    if (event.kind === 'typing') {
      broadcast(conversationId, `{"activities":[${adapter.typingFrom(conversationId, event.replyToId, event.userId)}]}`);
    } else if ([...room.sockets.values()].some((s) => s.sent < event.seq)) {
      pump(conversationId);
    }
  };

  /** Adds a stream to its conversation's room; the room subscribes to the conversation's topic. */
  const join = async (conversationId: string, ws: WebSocket, watermark: number): Promise<void> => {
    let room = rooms.get(conversationId);
    const first = !room;
    if (!room) rooms.set(conversationId, (room = { sockets: new Map(), pumping: false, again: false }));
    room.sockets.set(ws, { sent: watermark });
    if (first && events) {
      const r = room;
      try {
        const unsubscribe = await events.subscribe(conversationTopic(conversationId), (p) => onEvent(conversationId, p), { onGap: () => pump(conversationId) });
        if (rooms.get(conversationId) === r) r.unsubscribe = unsubscribe;
        else unsubscribe(); // every stream left while subscribing
      } catch (err) {
        logger.warn({ err, conversationId }, 'directline could not subscribe to other processes\' activities; this stream sees this process\'s only');
      }
    }
    // The backlog is read after subscribing: an activity stored meanwhile is either in this
    // read or announced to the subscription.
    pump(conversationId);
  };

  const leave = (conversationId: string, ws: WebSocket): void => {
    const room = rooms.get(conversationId);
    if (!room) return;
    room.sockets.delete(ws);
    if (room.sockets.size > 0) return;
    rooms.delete(conversationId);
    room.unsubscribe?.();
  };

  adapter.subscribe({
    activity: (conversationId, stored) => {
      const room = rooms.get(conversationId);
      if (!room) return false;
      let taken = false;
      let behind = false;
      for (const [ws, state] of room.sockets) {
        if (state.sent === stored.seq - 1 && ws.readyState === ws.OPEN && !room.pumping) {
          state.sent = stored.seq;
          ws.send(absoluteFileLinks(`{"activities":[${stored.json}],"watermark":"${stored.seq}"}`, socketOrigins.get(ws)));
          taken = true;
        } else if (state.sent < stored.seq) behind = true;
      }
      if (taken) adapter.clientReceived(conversationId, stored.seq);
      if (behind) pump(conversationId);
      return taken;
    },
    ephemeral: (conversationId, json) => {
      broadcast(conversationId, `{"activities":[${json}]}`);
    },
  });

  // --- helpers ----------------------------------------------------------------------
  const authenticate = (req: Request): Auth => {
    const header = req.get('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new AppError('unauthorized:directline_auth', 'Missing "Authorization: Bearer <secret or token>" header');
    const credential = m[1]!;
    if (tokens.isSecret(credential)) return { kind: 'secret' };
    return { kind: 'token', claims: tokens.verify(credential) };
  };

  const requireConversation = async (auth: Auth, rawId: unknown) => {
    const parsed = conversationIdSchema.safeParse(rawId);
    if (!parsed.success) throw new AppError('bad_request:directline_conversation_id', 'Malformed conversation id');
    if (auth.kind === 'token' && auth.claims.conv !== parsed.data) {
      throw new AppError('forbidden:directline_conversation', 'Token is not valid for this conversation');
    }
    const conversation = await store.getConversation(parsed.data);
    if (!conversation) throw new AppError('not_found:directline_conversation', 'Conversation not found');
    return conversation;
  };

  const parseWatermark = (raw: unknown): number => {
    if (raw === undefined || raw === '' || raw === '-' || raw === 'null') return 0;
    if (typeof raw !== 'string' || !/^\d{1,12}$/.test(raw)) {
      throw new AppError('bad_request:directline_watermark', 'watermark must be a non-negative integer');
    }
    return Number(raw);
  };

  const publicOrigin = options.publicBaseUrl ? new URL(options.publicBaseUrl).origin : undefined;
  /** Origin the client used (or the configured public one), for absolute file links. */
  const clientOrigin = (secure: boolean, host: string | undefined): string | undefined => {
    if (publicOrigin) return publicOrigin;
    if (!host || !/^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/.test(host)) return undefined;
    return `${secure ? 'https' : 'http'}://${host}`;
  };

  const streamUrl = (req: Request, conversationId: string, token: string, watermark: number) => {
    const origin = options.publicBaseUrl
      ? options.publicBaseUrl.replace(/^http/, 'ws').replace(/\/$/, '')
      : `${req.secure ? 'wss' : 'ws'}://${req.get('host') ?? 'localhost'}`;
    const wm = watermark > 0 ? String(watermark) : '';
    return `${origin}${basePath}/conversations/${conversationId}/stream?watermark=${wm}&t=${encodeURIComponent(token)}`;
  };

  const startConversation = async (conversationId: string, userId: string, locale?: string) => {
    if (!(await store.markStarted(conversationId, clock()))) return false;
    const update = Activity.fromObject({
      type: 'conversationUpdate',
      id: `${conversationId}|start`,
      channelId: DIRECTLINE_CHANNEL_ID,
      serviceUrl: 'urn:directline',
      timestamp: clock().toISOString(),
      locale: locale ?? 'vi-VN',
      conversation: { id: conversationId },
      from: { id: userId, role: 'user' },
      recipient: { id: adapter.botId, name: adapter.botName, role: 'bot' },
      membersAdded: [
        { id: adapter.botId, name: adapter.botName, role: 'bot' },
        { id: userId, role: 'user' },
      ],
    });
    void adapter.schedule(conversationId, update.toJsonString());
    return true;
  };

  const issueConversation = async (userId?: string) => {
    const conversationId = newConversationId();
    const uid = userId ?? newUserId();
    await store.createConversation(conversationId, uid, clock());
    const { token, expiresIn } = tokens.issue(conversationId, uid);
    return { conversationId, token, expires_in: expiresIn, userId: uid };
  };

  // --- routes -----------------------------------------------------------------------
  const router = express.Router();
  router.use(async (req, res, next) => {
    const wait = await ipLimiter.take(`ip:${req.ip ?? 'unknown'}`);
    if (wait > 0) {
      res.set('Retry-After', String(wait));
      throw new AppError('rate_limited:directline_ip', 'Too many requests from this address');
    }
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(express.json({ limit: limits.bodyLimit, strict: true, type: ['application/json', 'application/*+json'] }));

  router.post('/tokens/generate', async (req, res) => {
    const auth = authenticate(req);
    if (auth.kind !== 'secret') throw new AppError('forbidden:directline_secret_required', 'tokens/generate requires the Direct Line secret');
    const body = parseStartBody(req.body);
    const userId = body?.user?.id ? withDlPrefix(body.user.id) : undefined;
    const issued = await issueConversation(userId);
    res.json({ conversationId: issued.conversationId, token: issued.token, expires_in: issued.expires_in });
  });

  router.post('/tokens/refresh', async (req, res) => {
    const auth = authenticate(req);
    if (auth.kind !== 'token') throw new AppError('bad_request:directline_token_required', 'tokens/refresh requires a token, not the secret');
    if (!(await store.getConversation(auth.claims.conv))) throw new AppError('not_found:directline_conversation', 'Conversation not found');
    const { token, expiresIn } = tokens.issue(auth.claims.conv, auth.claims.user);
    res.json({ conversationId: auth.claims.conv, token, expires_in: expiresIn });
  });

  router.post('/conversations', async (req, res) => {
    const auth = authenticate(req);
    const body = parseStartBody(req.body);
    let conversationId: string;
    let userId: string;
    if (auth.kind === 'secret') {
      const issued = await issueConversation(body?.user?.id ? body.user.id.slice(0, 256) : undefined);
      conversationId = issued.conversationId;
      userId = issued.userId;
    } else {
      const conversation = await store.getConversation(auth.claims.conv);
      if (!conversation) throw new AppError('not_found:directline_conversation', 'Conversation not found');
      conversationId = conversation.id;
      userId = conversation.userId;
    }
    const started = await startConversation(conversationId, userId, body?.locale);
    const { token, expiresIn } = tokens.issue(conversationId, userId);
    res.status(started ? 201 : 200).json({
      conversationId,
      token,
      expires_in: expiresIn,
      streamUrl: streamUrl(req, conversationId, token, 0),
    });
  });

  router.get('/conversations/:id', async (req, res) => {
    const auth = authenticate(req);
    const conversation = await requireConversation(auth, req.params.id);
    const watermark = parseWatermark(req.query.watermark);
    const { token, expiresIn } = tokens.issue(conversation.id, conversation.userId);
    res.json({
      conversationId: conversation.id,
      token,
      expires_in: expiresIn,
      streamUrl: streamUrl(req, conversation.id, token, watermark),
    });
  });

  router.post('/conversations/:id/activities', async (req, res) => {
    const auth = authenticate(req);
    const conversation = await requireConversation(auth, req.params.id);
    const wait = await convLimiter.take(conversation.id);
    if (wait > 0) {
      res.set('Retry-After', String(wait));
      throw new AppError('rate_limited:directline_conversation', 'Too many activities in this conversation');
    }
    const parsed = activitySchema.safeParse(req.body);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      throw new AppError('bad_request:directline_activity', `Invalid activity: ${detail}`);
    }
    const incoming = parsed.data;
    const userId = auth.kind === 'token' ? auth.claims.user : (incoming.from?.id ?? conversation.userId);
    const now = clock();
    const base = {
      ...incoming,
      channelId: DIRECTLINE_CHANNEL_ID,
      serviceUrl: 'urn:directline',
      timestamp: now.toISOString(),
      conversation: { id: conversation.id },
      from: { id: userId, name: incoming.from?.name, role: 'user' },
      recipient: { id: adapter.botId, name: adapter.botName, role: 'bot' },
    };

    if (incoming.type === 'typing') {
      // Ephemeral: delivered to the other listeners of the conversation, never stored.
      const id = `typing-${crypto.randomUUID()}`;
      broadcast(conversation.id, `{"activities":[${Activity.fromObject({ ...base, id }).toJsonString()}]}`);
      res.json({ id });
      return;
    }
    const clientActivityId = typeof incoming.channelData?.clientActivityID === 'string' ? incoming.channelData.clientActivityID.slice(0, 128) : null;
    let userActivity: Activity | undefined;
    // Persist first: once we answer 200 the message is ours to answer, even across a crash.
    const stored = await store.append({
      conversationId: conversation.id,
      role: 'user',
      clientActivityId,
      state: 'pending',
      // This process answers it; should it die first, another takes it over when the lease ends.
      lease: adapter.lease(now),
      now,
      render: (id) => {
        // Already validated by our schema; assembling the Activity directly skips a second parse.
        userActivity = Object.assign(new Activity(incoming.type), base, { id });
        return userActivity.toJsonString();
      },
    });
    res.json({ id: stored.id });
    if (stored.duplicate) return;
    adapter.announce(conversation.id, [stored]);
    if (!conversation.startedAt) await startConversation(conversation.id, conversation.userId, incoming.locale);
    void adapter.schedule(conversation.id, userActivity ?? stored.json, stored.id);
  });

  router.get('/conversations/:id/activities', async (req, res) => {
    const auth = authenticate(req);
    const conversation = await requireConversation(auth, req.params.id);
    const watermark = parseWatermark(req.query.watermark);
    const rows = await store.listAfter(conversation.id, watermark);
    const last = rows.length > 0 ? rows[rows.length - 1]!.seq : Math.max(watermark, 0);
    if (rows.length > 0) adapter.clientReceived(conversation.id, last, true);
    const body = `{"activities":[${rows.map((r) => r.json).join(',')}],"watermark":"${last}"}`;
    res.type('application/json').send(absoluteFileLinks(body, clientOrigin(req.secure, req.get('host'))));
  });

  router.post('/conversations/:id/upload', async (req) => {
    await requireConversation(authenticate(req), req.params.id);
    throw new AppError('bad_request:directline_upload', 'File upload is not supported on this channel');
  });

  router.use((req) => {
    throw new AppError('not_found:directline_route', `No Direct Line route ${req.method} ${req.path}`);
  });
  router.use(directLineErrorHandler(logger));

  // --- WebSocket stream -------------------------------------------------------------
  const streamPath = new RegExp(`^${basePath.replace(/[/.]/g, '\\$&')}/conversations/([^/?]+)/stream$`);
  const handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer, clientAddress?: string): boolean => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const m = streamPath.exec(url.pathname);
    if (!m) return false;
    const reject = (status: number, code: string, message: string) => {
      const body = JSON.stringify({ error: { code, message } });
      socket.end(
        `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : status === 404 ? 'Not Found' : status === 429 ? 'Too Many Requests' : 'Bad Request'}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      return true;
    };
    const origin = clientOrigin(Boolean((req.socket as { encrypted?: boolean }).encrypted), req.headers.host);
    // The socket is ours from here: the address's budget (a shared store may be remote) and
    // the conversation in the store are awaited before the upgrade.
    void (async () => {
      try {
        if ((await ipLimiter.take(`ip:${clientAddress ?? req.socket.remoteAddress ?? 'unknown'}`)) > 0) {
          throw new AppError('rate_limited:directline_ip', 'Too many requests from this address');
        }
        const token = url.searchParams.get('t') ?? /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
        if (!token) throw new AppError('unauthorized:directline_auth', 'Missing stream token');
        const auth: Auth = tokens.isSecret(token) ? { kind: 'secret' } : { kind: 'token', claims: tokens.verify(token) };
        const watermark = parseWatermark(url.searchParams.get('watermark') ?? undefined);
        const conversation = await requireConversation(auth, decodeURIComponent(m[1]!));
        if (socket.destroyed) return;
        wss.handleUpgrade(req, socket, head, (ws) => openStream(ws, conversation.id, watermark, origin));
      } catch (err) {
        refuse(err);
      }
    })();
    return true;

    function refuse(err: unknown): boolean {
      const e = isAppError(err) ? err : new AppError('internal:directline_stream', 'Stream setup failed', { cause: err });
      if (!isAppError(err)) logger.error({ err }, 'directline stream setup failed');
      return reject(e.status, e.code, e.message);
    }
  };

  const openStream = (ws: WebSocket, conversationId: string, watermark: number, origin: string | undefined) => {
    if (origin) socketOrigins.set(ws, origin);
    let alive = true;
    ws.on('pong', () => (alive = true));
    const ping = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, 30_000);
    ping.unref();
    ws.on('close', () => {
      clearInterval(ping);
      leave(conversationId, ws);
    });
    ws.on('error', (err) => logger.warn({ err, conversationId }, 'directline stream error'));
    // Clients send "" as keep-alive; nothing else is expected on this socket.
    ws.on('message', () => undefined);
    // Backlog after `watermark`, then live frames (join reads the store after subscribing).
    void join(conversationId, ws, watermark);
  };

  const recoverPending = async (recover: { takeOver?: boolean } = {}): Promise<number> => {
    const claimed = await store.claimPending(adapter.lease(), clock(), { takeOver: recover.takeOver });
    let taken = 0;
    for (const row of claimed) {
      // Already queued here (this process's lease lapsed while its turn waited): not twice.
      if (adapter.isScheduled(row.id)) continue;
      const apologise = row.attempts > maxAttempts;
      if (apologise) logger.error({ conversationId: row.conversationId, activityId: row.id, attempts: row.attempts }, 'directline message claimed too often: answering with the apology');
      try {
        void adapter.schedule(row.conversationId, row.json, row.id, { apologise });
        taken++;
      } catch (err) {
        logger.warn({ err }, 'directline could not queue a recovered message');
      }
    }
    if (taken > 0) logger.info({ count: taken }, 'directline answering messages accepted but not answered (restart or another process gone)');
    return taken;
  };

  const closeStreams = () => {
    for (const room of rooms.values()) {
      for (const ws of room.sockets.keys()) ws.close(1001, 'server shutting down');
      room.unsubscribe?.();
    }
    rooms.clear();
    wss.close();
  };

  return {
    router,
    handleUpgrade,
    issueConversation,
    recoverPending,
    closeStreams,
    get openStreams() {
      let n = 0;
      for (const room of rooms.values()) n += room.sockets.size;
      return n;
    },
  };
}

/**
 * Makes the server-relative links to our own files (`/files/<id>?…`, signed by the file
 * store) absolute for a client at `origin`, in a JSON frame of activities: in attachment
 * `contentUrl`s, markdown links and "name: url" lines. Web Chat renders only absolute
 * http(s) URLs as links and download badges; a relative one becomes a dead citation button.
 */
export function absoluteFileLinks(json: string, origin: string | undefined): string {
  if (!origin || !json.includes('/files/')) return json;
  return json.replace(/("contentUrl":"|\]\(|: )\/files\//g, (_m, lead: string) => `${lead}${origin}/files/`);
}

function parseStartBody(body: unknown) {
  const parsed = startBodySchema.safeParse(body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0) ? undefined : body);
  if (!parsed.success) throw new AppError('bad_request:directline_start', 'Invalid conversation start body');
  return parsed.data;
}

/** User ids embedded in tokens carry Azure's reserved `dl_` prefix, so clients cannot forge them. */
function withDlPrefix(id: string): string {
  const clean = id.slice(0, 200);
  return clean.startsWith('dl_') ? clean : `dl_${clean}`;
}

/**
 * JSON errors `{"error":{"code","message"}}` for every failure on the Direct Line routes,
 * including body-parser's (too large, malformed JSON).
 */
export function directLineErrorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    let e: AppError;
    if (isAppError(err)) e = err;
    else {
      const type = (err as { type?: string }).type;
      if (type === 'entity.too.large') e = new AppError('payload_too_large:directline_body', 'Request body too large', { cause: err });
      else if (type === 'entity.parse.failed') e = new AppError('bad_request:directline_json', 'Malformed JSON body', { cause: err });
      else if (type === 'encoding.unsupported' || type === 'charset.unsupported')
        e = new AppError('bad_request:directline_encoding', 'Unsupported body encoding', { cause: err });
      else e = new AppError('internal:directline', 'Internal error', { cause: err });
    }
    if (e.status >= 500) logger.error({ err, method: req.method, path: req.path }, 'directline request failed');
    else logger.debug({ code: e.code, method: req.method, path: req.path }, 'directline request rejected');
    if (!res.headersSent) res.status(e.status).json(e.toJSON());
  };
}
