import type http from 'node:http';
import type { Duplex } from 'node:stream';
import express from 'express';
import type { Logger } from 'pino';
import { isAppError } from '../../knowledge/index.js';
import type { DirectLineStore, EventBus, RateLimitStore } from '../../bot/ports/index.js';
import type { SealedBox } from '../../storage/crypto.js';
import { SqliteDirectLineStore } from '../../storage/directline-store.js';
import { MemoryEventBus } from '../../storage/events-memory.js';
import { daysBefore } from '../../storage/retention.js';
import type { Db } from '../../storage/sqlite.js';
import type { ChannelParts } from '../parts.js';
import { RateLimiter, type BucketSpec } from '../rate-limit.js';
import { DirectLineAdapter, type ActivityBot } from './adapter.js';
import { createDirectLineEndpoint, type DirectLineEndpoint, type DirectLineLimits } from './endpoint.js';
import { TokenService } from './tokens.js';

/** Opening a stream is rare: a page load or a reconnect. */
export const DEFAULT_STREAM_LIMITS = {
  perConversation: { capacity: 10, refillPerSecond: 0.5 },
  refusedPerClient: { capacity: 20, refillPerSecond: 1 },
} satisfies Record<string, BucketSpec>;

const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/?]+)\/stream$/;

export interface DirectLineChannelDeps {
  bot: ActivityBot;
  /** turnState key under which the bot reads channel capabilities (bot's `CAPABILITIES_KEY`). */
  capabilitiesKey: string | symbol;
  /** The SQLite database the transcript store is built on, when `store` is not given. */
  db?: Db;
  /** Seals the stored transcript (the `directline-transcript` purpose key) of the SQLite store built on `db`. */
  cipher: SealedBox;
  /** The transcript store shared by every process (PostgreSQL); default: SQLite on `db`. */
  store?: DirectLineStore;
  /**
   * Announces stored activities to every process, so a client streaming from one process
   * sees what another stored (the PostgreSQL bus in a city deployment). Default: an
   * in-process bus (one process).
   */
  events?: EventBus;
  /** This process among those sharing the store (owner of its leases). Default: random per start. */
  instanceId?: string;
  /**
   * Pending user messages: each is leased to the process that accepted it for `leaseMs`
   * (default 30 s), renewed every `sweepMs` (default a third of it); at the same pace every
   * process claims messages whose lease ran out (their process died) and answers them.
   */
  pendingLease?: { leaseMs?: number; sweepMs?: number };
  /**
   * Whether this process is the only one using the store (default: true for the SQLite store
   * built on `db`): then every pending message is answered at start, whatever its lease.
   */
  exclusiveStore?: boolean;
  /** The Direct Line secret (tokens are signed with it). */
  secret: string;
  tokenTtlSeconds: number;
  /** Transcripts of conversations inactive this long are deleted by the retention runner. */
  transcriptDays: number;
  publicBaseUrl?: string;
  logger: Logger;
  clock: () => Date;
  limits?: Partial<DirectLineLimits>;
  /**
   * Stream (WebSocket) upgrades: per conversation once the token is verified, and refused
   * upgrades (bad or missing token) per client address.
   */
  streamLimits?: { perConversation?: BucketSpec; refusedPerClient?: BucketSpec };
  /**
   * Where every Direct Line limiter keeps its buckets (`dl:ip`, `dl:conv`, `dl:upgrade`,
   * `dl:refused`): the root's store, shared by every process under DATABASE_URL. Default: one
   * in-process store per limiter.
   */
  rateLimits?: RateLimitStore;
}

/** The Direct Line channel's parts, with its adapter and endpoint for the web page and tests. */
export interface DirectLineChannel extends ChannelParts {
  adapter: DirectLineAdapter;
  endpoint: DirectLineEndpoint;
  store: DirectLineStore;
  tokens: TokenService;
}

/**
 * Direct Line 3.0 (the citizen web chat): the transcript store, tokens, the adapter that runs
 * the bot, the `/v3/directline` routes and the stream upgrades. Conversations of Web Chat
 * arrive as `directline` or `webchat`; both ids route proactive messages to the adapter.
 */
export function createDirectLineChannel(deps: DirectLineChannelDeps): DirectLineChannel {
  const { clock } = deps;
  const logger = deps.logger.child({ channel: 'directline' });
  if (!deps.store && !deps.db) throw new Error('createDirectLineChannel: give it a store, or the SQLite db to build one on');
  const store: DirectLineStore = deps.store ?? new SqliteDirectLineStore(deps.db!, deps.cipher);
  const exclusive = deps.exclusiveStore ?? deps.store === undefined;
  const events = deps.events ?? new MemoryEventBus();
  const leaseMs = deps.pendingLease?.leaseMs ?? 30_000;
  const sweepMs = deps.pendingLease?.sweepMs ?? Math.max(50, Math.floor(leaseMs / 3));
  const tokens = new TokenService(deps.secret, deps.tokenTtlSeconds, clock);
  const adapter = new DirectLineAdapter({
    store,
    bot: deps.bot,
    logger,
    capabilitiesKey: deps.capabilitiesKey,
    clock,
    events,
    instanceId: deps.instanceId,
    leaseMs,
  });
  const endpoint = createDirectLineEndpoint({ adapter, store, events, tokens, logger, clock, limits: deps.limits, rateLimits: deps.rateLimits, publicBaseUrl: deps.publicBaseUrl });
  let sweeper: NodeJS.Timeout | undefined;
  let sweeping = false;
  const sweep = async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      await adapter.renewLeases();
      await endpoint.recoverPending();
    } catch (err) {
      logger.warn({ err }, 'directline could not renew or claim pending messages');
    } finally {
      sweeping = false;
    }
  };

  // Upgrades bypass express. A stream is limited per conversation AFTER its token is verified
  // (a proxy puts every citizen behind one socket address, so that address must not be the
  // key); refused upgrades are limited per client address, so junk costs the sender only.
  const streamLimits = { ...DEFAULT_STREAM_LIMITS, ...deps.streamLimits };
  const upgradePerConversation = new RateLimiter(streamLimits.perConversation, { prefix: 'dl:upgrade', store: deps.rateLimits, logger });
  const upgradeRefused = new RateLimiter(streamLimits.refusedPerClient, { prefix: 'dl:refused', store: deps.rateLimits, logger });
  const upgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer, client: string): boolean => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const m = STREAM_PATH.exec(url.pathname);
    if (!m) return false;
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
    // The path is ours: the limiters (a shared store may be remote) are awaited, then the
    // endpoint takes the socket.
    const verified = key;
    void (async () => {
      if (!verified) {
        const wait = await upgradeRefused.take(`ip:${client}`);
        refuseUpgrade(socket, wait > 0 ? 429 : code.startsWith('forbidden') ? 403 : 401, wait > 0 ? 'rate_limited:directline_stream' : code, wait || undefined);
        return;
      }
      const wait = await upgradePerConversation.take(verified);
      if (wait > 0) {
        refuseUpgrade(socket, 429, 'rate_limited:directline_stream', wait);
        return;
      }
      if (socket.destroyed) return;
      // The endpoint's per-address limit keys on the client address resolved by the server
      // (what `req.ip` is for HTTP), not on the proxy's socket address.
      if (!endpoint.handleUpgrade(req, socket, head, client)) socket.destroy();
    })().catch((err: unknown) => {
      logger.error({ err }, 'directline stream upgrade failed');
      socket.destroy();
    });
    return true;
  };

  const router = express.Router();
  router.use('/v3/directline', endpoint.router);

  return {
    name: 'directline',
    adapter,
    endpoint,
    store,
    tokens,
    router,
    upgrade,
    proactive: { directline: adapter, webchat: adapter },
    workers: [
      {
        name: 'directline',
        // Answers user messages accepted before a crash or restart but never answered, then
        // keeps this process's leases alive and takes over those of processes that died.
        start: () => {
          endpoint.recoverPending({ takeOver: exclusive }).catch((err: unknown) => logger.error({ err }, 'directline could not recover pending messages'));
          sweeper = setInterval(() => void sweep(), sweepMs);
          sweeper.unref();
        },
        stop: async () => {
          if (sweeper) clearInterval(sweeper);
          endpoint.closeStreams();
          await adapter.drain();
          // What this process still holds (accepted while closing) goes to the others now.
          await adapter.releaseLeases().catch((err: unknown) => logger.warn({ err }, 'directline could not release its leases'));
        },
      },
    ],
    health: {
      storage: async () => {
        try {
          await store.probeWrite(clock());
          return { state: 'ok' };
        } catch (err) {
          return { state: 'down', detail: `storage not writable: ${(err as Error).message}` };
        }
      },
    },
    erasers: [
      {
        name: 'directline-transcript',
        erase: async (s) => (s.channelId === 'directline' || s.channelId === 'webchat' ? store.eraseTranscript(s.conversationId) : 0),
      },
    ],
    retention: [{ name: 'directline-transcript', run: (now) => store.purgeInactiveBefore(daysBefore(now, deps.transcriptDays)) }],
  };
}

function refuseUpgrade(socket: Duplex, status: number, code: string, wait?: number): void {
  const body = JSON.stringify({ error: { code, message: status === 429 ? 'Too many stream connections' : 'Stream refused' } });
  const reason = status === 429 ? 'Too Many Requests' : status === 403 ? 'Forbidden' : 'Unauthorized';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `${wait ? `Retry-After: ${wait}\r\n` : ''}Connection: close\r\n\r\n${body}`,
  );
}
