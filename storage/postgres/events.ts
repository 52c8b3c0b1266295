import crypto from 'node:crypto';
import pg from 'pg';
import {
  encodeEvent,
  silentLogger,
  type BotLogger,
  type EventBus,
  type EventHandler,
  type EventPayload,
  type SubscribeOptions,
} from '../../bot/ports/index.js';

/**
 * `EventBus` over PostgreSQL LISTEN/NOTIFY: the database every process already holds is the
 * message broker, so a city deployment needs no second server (storage/postgres/README.md,
 * "Events across processes", says why and what it costs).
 *
 *   process A                       PostgreSQL                       process B
 *   publish(topic, p) ─ pool ─▶ pg_notify(channel, {t,p}) ─▶ listener client ─▶ handlers(topic)
 *
 * - Publishing runs `pg_notify` on any pooled connection. Listening needs a connection held
 *   open for the life of the process, so the bus opens ONE dedicated client (not from the
 *   pool, which recycles idle connections) and LISTENs there on every channel this process
 *   has a subscriber for; a channel's first subscriber LISTENs, its last one UNLISTENs.
 * - Channel names are identifiers of at most 63 bytes shared by the whole database, topics
 *   are free text: a channel is the namespace, a readable part of the topic and a hash of
 *   both (`tthc_conversation_3f2a…_9c1e…`). The topic travels inside the payload and is
 *   checked on arrival, so a hash collision cannot deliver another topic's event.
 * - NOTIFY refuses payloads of 8000 bytes or more; `publish` refuses them first, with the
 *   port's limit (`encodeEvent`) and a check of the envelope.
 * - When the listening connection drops (server restart, `pg_terminate_backend`, network),
 *   the bus reconnects with backoff, LISTENs again on every channel still subscribed, and
 *   calls each subscriber's `onGap`: events sent meanwhile are lost (at most once), so the
 *   subscriber re-reads the store. A periodic `SELECT 1` finds a connection that died silently.
 */

export interface PgEventBusOptions {
  /** Where `publish` runs `pg_notify` (the process's pool). */
  pool: pg.Pool;
  /**
   * Prefix of every channel name, so two deployments (or test runs) sharing one database do
   * not hear each other. Lower-case letters, digits, `_`; at most 12 characters. Default `tthc`.
   */
  namespace?: string;
  /** Makes the listening client; default: a `pg.Client` with the pool's settings. */
  listenerClient?: () => pg.Client;
  /** First and longest wait between reconnection attempts (ms). Default 100 and 5000. */
  reconnectMs?: { min: number; max: number };
  /** How often the listening connection is checked with `SELECT 1` (ms); 0 turns it off. Default 30000. */
  heartbeatMs?: number;
  log?: BotLogger;
}

/** The largest NOTIFY payload PostgreSQL takes is 7999 bytes. */
const NOTIFY_MAX_BYTES = 7_999;
const NAMESPACE = /^[a-z][a-z0-9_]{0,11}$/;

/** The LISTEN/NOTIFY channel of `topic`: `<namespace>_<readable part>_<hash>`, at most 58 bytes. */
export function channelName(namespace: string, topic: string): string {
  const readable = topic
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 24);
  const hash = crypto.createHash('sha256').update(namespace).update('\0').update(topic).digest('hex').slice(0, 20);
  return `${namespace}_${readable}_${hash}`;
}

interface Subscriber {
  handler: EventHandler;
  onGap?: () => void;
}

export interface PgEventBusStatus {
  connected: boolean;
  /** Channels this process listens on. */
  channels: number;
  /** Times the listening connection was re-established after it was lost. */
  reconnects: number;
  /** Backend process id of the listening connection (for `pg_terminate_backend` in tests). */
  listenerPid: number | undefined;
}

export class PgEventBus implements EventBus {
  private readonly pool: pg.Pool;
  private readonly namespace: string;
  private readonly makeClient: () => pg.Client;
  private readonly backoff: { min: number; max: number };
  private readonly log: BotLogger;
  /** channel → its topic and this process's subscribers. */
  private readonly channels = new Map<string, { topic: string; subscribers: Set<Subscriber> }>();
  /** Channels the current connection LISTENs on. */
  private readonly listening = new Set<string>();
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private pid: number | undefined;
  /** Commands on the listening client run one at a time, in order. */
  private chain: Promise<unknown> = Promise.resolve();
  /** Set when events may have been missed (connection lost, or never up for a subscriber). */
  private gap = false;
  private everConnected = false;
  private reconnects = 0;
  private delay: number;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly heartbeat: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(opts: PgEventBusOptions) {
    this.pool = opts.pool;
    this.namespace = opts.namespace ?? 'tthc';
    if (!NAMESPACE.test(this.namespace)) {
      throw new RangeError(`PgEventBus: namespace "${this.namespace}" must be 1-12 lower-case letters, digits or _ and start with a letter`);
    }
    this.makeClient =
      opts.listenerClient ??
      (() => {
        const base = this.pool.options as pg.ClientConfig;
        const name = `${String((base as { application_name?: string }).application_name ?? 'tro-ly-tthc')}:events`.slice(0, 63);
        return new pg.Client({ ...base, application_name: name, keepAlive: true });
      });
    this.backoff = opts.reconnectMs ?? { min: 100, max: 5_000 };
    this.delay = this.backoff.min;
    this.log = opts.log ?? silentLogger;
    const every = opts.heartbeatMs ?? 30_000;
    if (every > 0) {
      this.heartbeat = setInterval(() => this.checkAlive(), every);
      this.heartbeat.unref();
    }
  }

  async publish(topic: string, payload: EventPayload): Promise<void> {
    const json = encodeEvent(topic, payload);
    if (this.closed) throw new Error('PgEventBus: publish after close');
    const envelope = `{"t":${JSON.stringify(topic)},"p":${json}}`;
    const bytes = Buffer.byteLength(envelope, 'utf8');
    if (bytes > NOTIFY_MAX_BYTES) throw new RangeError(`PgEventBus: event on "${topic.slice(0, 60)}" is ${bytes} bytes, NOTIFY takes at most ${NOTIFY_MAX_BYTES}`);
    await this.pool.query('SELECT pg_notify($1, $2)', [channelName(this.namespace, topic), envelope]);
  }

  async subscribe(topic: string, handler: EventHandler, options: SubscribeOptions = {}): Promise<() => void> {
    encodeEvent(topic, {});
    if (this.closed) throw new Error('PgEventBus: subscribe after close');
    const channel = channelName(this.namespace, topic);
    let entry = this.channels.get(channel);
    if (!entry) {
      entry = { topic, subscribers: new Set() };
      this.channels.set(channel, entry);
    }
    const sub: Subscriber = { handler, ...(options.onGap ? { onGap: options.onGap } : {}) };
    entry.subscribers.add(sub);
    const unsubscribe = () => this.unsubscribe(channel, sub);
    let client: pg.Client;
    try {
      client = await this.connect();
    } catch (err) {
      // Registered all the same: the reconnection LISTENs and tells it (onGap).
      this.log.warn({ err, topic }, 'event bus: cannot listen now, will retry');
      this.gap = true;
      this.scheduleReconnect();
      return unsubscribe;
    }
    await this.onClient(client, async (c) => {
      if (this.channels.has(channel) && !this.listening.has(channel)) {
        await c.query(`LISTEN "${channel}"`);
        this.listening.add(channel);
      }
    }).catch((err: unknown) => {
      this.log.warn({ err, topic }, 'event bus: LISTEN failed, will retry');
      this.lost(client, err);
    });
    return unsubscribe;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.channels.clear();
    this.listening.clear();
    const c = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    await c?.end().catch(() => undefined);
  }

  status(): PgEventBusStatus {
    return { connected: this.client !== undefined, channels: this.listening.size, reconnects: this.reconnects, listenerPid: this.client ? this.pid : undefined };
  }

  private unsubscribe(channel: string, sub: Subscriber): void {
    const entry = this.channels.get(channel);
    if (!entry || !entry.subscribers.delete(sub) || entry.subscribers.size > 0) return;
    this.channels.delete(channel);
    const client = this.client;
    if (!client) return;
    void this.onClient(client, async (c) => {
      if (!this.channels.has(channel) && this.listening.delete(channel)) await c.query(`UNLISTEN "${channel}"`);
    }).catch(() => undefined); // a dead connection forgets its LISTENs anyway
  }

  /** Runs `fn` on `client` after the commands queued before it. */
  private onClient(client: pg.Client, fn: (c: pg.Client) => Promise<void>): Promise<void> {
    const run = this.chain.then(() => (this.client === client ? fn(client) : undefined));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** The listening client, connecting (and LISTENing on every subscribed channel) when there is none. */
  private connect(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    if (this.connecting) return this.connecting;
    const attempt = (async () => {
      const c = this.makeClient();
      // A connection that dies before it is adopted below is noticed there (lost() ignores
      // a client that is not the current one).
      let died = false;
      c.on('error', (err) => {
        died = true;
        this.lost(c, err);
      });
      c.on('end', () => {
        died = true;
        this.lost(c, undefined);
      });
      c.on('notification', (msg) => this.deliver(msg));
      const channels: string[] = [];
      try {
        await c.connect();
        this.pid = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
        channels.push(...this.channels.keys());
        if (channels.length > 0) await c.query(channels.map((ch) => `LISTEN "${ch}";`).join(' '));
        if (this.closed) throw new Error('PgEventBus: closed while connecting');
      } catch (err) {
        c.removeAllListeners('end');
        c.on('error', () => undefined);
        await c.end().catch(() => undefined);
        throw err;
      }
      // Only what this attempt LISTENed on: a channel subscribed meanwhile LISTENs itself.
      this.listening.clear();
      for (const ch of channels) this.listening.add(ch);
      this.client = c;
      if (died) {
        this.lost(c, new Error('listening connection closed while it was being set up'));
        throw new Error('PgEventBus: listening connection closed while it was being set up');
      }
      this.delay = this.backoff.min;
      if (this.everConnected) this.reconnects++;
      this.everConnected = true;
      if (this.gap) {
        this.gap = false;
        for (const { subscribers } of this.channels.values()) for (const s of subscribers) this.safely(() => s.onGap?.(), 'gap');
      }
      return c;
    })();
    this.connecting = attempt;
    void attempt.finally(() => {
      if (this.connecting === attempt) this.connecting = undefined;
    }).catch(() => undefined);
    return attempt;
  }

  /** The listening connection `c` is gone: forget it and reconnect while anyone listens. */
  private lost(c: pg.Client, err: unknown): void {
    if (this.client !== c) return;
    this.client = undefined;
    this.listening.clear();
    this.gap = true;
    c.on('error', () => undefined);
    void c.end().catch(() => undefined);
    if (this.closed) return;
    this.log.warn({ err }, 'event bus: listening connection lost, reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer || this.client) return;
    const wait = this.delay;
    this.delay = Math.min(this.backoff.max, this.delay * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.closed || this.client) return;
      this.connect().catch((err: unknown) => {
        this.log.warn({ err }, 'event bus: reconnection failed');
        this.scheduleReconnect();
      });
    }, wait);
    this.retryTimer.unref();
  }

  private checkAlive(): void {
    const c = this.client;
    if (!c) return;
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('heartbeat timed out')), 10_000).unref());
    Promise.race([c.query('SELECT 1'), timeout]).catch((err: unknown) => this.lost(c, err));
  }

  private deliver(msg: pg.Notification): void {
    const entry = this.channels.get(msg.channel);
    if (!entry || msg.payload === undefined) return;
    let envelope: { t?: unknown; p?: unknown };
    try {
      envelope = JSON.parse(msg.payload) as { t?: unknown; p?: unknown };
    } catch (err) {
      this.log.warn({ err, channel: msg.channel }, 'event bus: unreadable notification dropped');
      return;
    }
    if (envelope.t !== entry.topic || envelope.p === null || typeof envelope.p !== 'object') return;
    const json = JSON.stringify(envelope.p);
    for (const s of [...entry.subscribers]) this.safely(() => s.handler(JSON.parse(json) as EventPayload), entry.topic);
  }

  private safely(fn: () => void, what: string): void {
    try {
      fn();
    } catch (err) {
      this.log.warn({ err, topic: what }, 'event bus: subscriber failed');
    }
  }
}
