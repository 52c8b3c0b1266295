import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signatureHeader } from '../signature.js';

/**
 * HTTP-level fake of Zalo's OA OpenAPI and OAuth v4 servers, for tests and benchmarks.
 * Real HTTP on a loopback port; it enforces the contract our client must honour:
 *  - `access_token` header required; tokens expire; unknown → -216, expired → -220;
 *  - refresh tokens are single-use: reuse fails (and, like Zalo, with HTTP 200);
 *  - every answer is `{error, message, data}` with HTTP 200, errors included;
 *  - text <= 2,000 characters, at most 5 buttons of known types;
 *  - uploads: file <= 5 MB and PDF/DOC, image <= 1 MB;
 *  - the 7-day interaction window per user (-230), unfollowed (-213), banned (-227);
 *  - injected failures on demand (rate limit -32, HTTP 5xx, dropped connections).
 * It also plays the citizen's side: `webhook()` builds signed webhook deliveries and records
 * the interaction that opens the user's window.
 */

export interface FakeZaloOptions {
  appId: string;
  appSecret: string;
  oaSecretKey: string;
  oaId?: string;
  /** Epoch ms; share the test's fake clock to control expiry and windows. */
  clock?: () => number;
  /** Access token lifetime in seconds (Zalo: about 90,000). */
  accessTtlS?: number;
  /** Artificial latency per API call, ms. */
  latencyMs?: number;
}

export interface SentMessage {
  userId: string;
  message: Record<string, unknown>;
  /** The text, when the message has one. */
  text?: string;
  buttons?: { title: string; type: string; payload: unknown }[];
  fileToken?: string;
  at: number;
  messageId: string;
}

/**
 * `drop`: connection closed before handling; `deliverThenDrop`: the message is delivered, then
 * the connection is closed before the answer (the caller cannot know it was sent).
 */
export type InjectedFailure =
  | { error: number; message?: string }
  | { httpStatus: number; retryAfterS?: number }
  | { drop: true }
  | { deliverThenDrop: true }
  /** The message is delivered and the answer never comes (the caller's process dies waiting). */
  | { deliverThenHang: true };

/** Injected failures of the OAuth token endpoint (the refresh token is not consumed). */
export type TokenFailure = { httpStatus: number; json?: { error: number; error_name?: string } } | { drop: true };

interface AccessToken {
  expiresAt: number;
  revoked: boolean;
}

const WINDOW_MS = 7 * 24 * 3600 * 1000;
const MAX_TEXT = 2000;
const MAX_BUTTONS = 5;
const BUTTON_TYPES = new Set(['oa.open.url', 'oa.query.show', 'oa.query.hide', 'oa.open.phone', 'oa.open.sms']);
const FILE_TYPES = /\.(pdf|docx?)$/i;
const MAX_FILE = 5 * 1024 * 1024;
const MAX_IMAGE = 1024 * 1024;

export class FakeZalo {
  readonly sent: SentMessage[] = [];
  readonly uploads: { name: string; size: number; contentType: string; token: string; kind: 'file' | 'image' }[] = [];
  /** Every token endpoint call with its outcome. */
  readonly tokenCalls: { grantType: string; ok: boolean; error?: number }[] = [];
  /** Every rejected API call (code and path), for assertions. */
  readonly rejections: { path: string; error: number; userId?: string }[] = [];
  apiCalls = 0;

  private server: http.Server | undefined;
  private readonly accessTokens = new Map<string, AccessToken>();
  /** refresh token → used? */
  private readonly refreshTokens = new Map<string, boolean>();
  private readonly codes = new Map<string, { challenge?: string; redirectUri: string }>();
  private readonly lastInteraction = new Map<string, number>();
  private readonly users = new Map<string, { follower: boolean; banned: boolean }>();
  private readonly fileTokens = new Set<string>();
  private failures: InjectedFailure[] = [];
  private tokenFailures: TokenFailure[] = [];
  private unreachable = false;
  private rateWindow: { max: number; windowMs: number; calls: number[] } | undefined;
  private readonly hung = new Set<http.ServerResponse>();
  private msgSeq = 0;
  private readonly clock: () => number;

  constructor(private readonly opts: FakeZaloOptions) {
    this.clock = opts.clock ?? Date.now;
  }

  get baseUrl(): string {
    const addr = this.server?.address() as AddressInfo | null;
    if (!addr) throw new Error('FakeZalo: not started');
    return `http://127.0.0.1:${addr.port}`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
    this.server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const r of this.hung) r.destroy();
    this.hung.clear();
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  // ---- scenario controls -------------------------------------------------------------------

  /** A valid token pair, as if an admin had consented. */
  issueTokens(): { accessToken: string; refreshToken: string; expiresIn: number } {
    const accessToken = `AT-${randomBytes(12).toString('hex')}`;
    const refreshToken = `RT-${randomBytes(12).toString('hex')}`;
    const ttl = this.opts.accessTtlS ?? 90_000;
    this.accessTokens.set(accessToken, { expiresAt: this.clock() + ttl * 1000, revoked: false });
    this.refreshTokens.set(refreshToken, false);
    return { accessToken, refreshToken, expiresIn: ttl };
  }

  /** Every access token issued so far stops working (expired). */
  expireAccessTokens(): void {
    for (const t of this.accessTokens.values()) t.expiresAt = Math.min(t.expiresAt, this.clock() - 1);
  }

  /** Every refresh token dies (an admin must consent again). */
  revokeRefreshTokens(): void {
    for (const k of this.refreshTokens.keys()) this.refreshTokens.set(k, true);
  }

  /** The next `count` API calls fail this way (FIFO). */
  failNext(failure: InjectedFailure, count = 1): void {
    for (let i = 0; i < count; i++) this.failures.push(failure);
  }

  /** The next `count` token endpoint calls fail this way (FIFO). */
  failTokenNext(failure: TokenFailure, count = 1): void {
    for (let i = 0; i < count; i++) this.tokenFailures.push(failure);
  }

  /** While true every request (API and OAuth) has its connection dropped: Zalo is unreachable. */
  setUnreachable(down: boolean): void {
    this.unreachable = down;
  }

  /**
   * Zalo's per-app rate limit: more than `max` sends to /message/cs within `windowMs` (on the
   * fake's clock) are answered -32 (HTTP 200) and not delivered. `undefined` turns it off.
   */
  limitRate(limit: { max: number; windowMs: number } | undefined): void {
    this.rateWindow = limit && { ...limit, calls: [] };
  }

  /** Drops the connections whose answer is being withheld (`deliverThenHang`). */
  releaseHung(): void {
    for (const r of this.hung) r.destroy();
    this.hung.clear();
  }

  setUser(userId: string, state: { follower?: boolean; banned?: boolean }): void {
    const cur = this.users.get(userId) ?? { follower: true, banned: false };
    this.users.set(userId, { ...cur, ...state });
  }

  /** Records an interaction (opens the 7-day window); `webhook()` does it for user events. */
  interact(userId: string, at = this.clock()): void {
    this.lastInteraction.set(userId, at);
  }

  /** Messages delivered to one user, in order. */
  sentTo(userId: string): SentMessage[] {
    return this.sent.filter((m) => m.userId === userId);
  }

  refreshCount(): number {
    return this.tokenCalls.filter((c) => c.grantType === 'refresh_token').length;
  }

  // ---- the citizen's side: webhook deliveries -----------------------------------------------

  /** A `user_send_text` event body. */
  textEvent(userId: string, text: string, msgId = `m-${randomBytes(8).toString('hex')}`): Record<string, unknown> {
    return {
      app_id: this.opts.appId,
      user_id_by_app: `app-${userId}`,
      event_name: 'user_send_text',
      timestamp: String(this.clock()),
      sender: { id: userId },
      recipient: { id: this.opts.oaId ?? 'oa-1' },
      message: { text, msg_id: msgId },
    };
  }

  /** Any event body for `userId` (follow, user_send_image, user_submit_info...). */
  event(eventName: string, userId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const who = eventName === 'follow' || eventName === 'unfollow' ? { follower: { id: userId } } : { sender: { id: userId } };
    return {
      app_id: this.opts.appId,
      event_name: eventName,
      timestamp: String(this.clock()),
      recipient: { id: this.opts.oaId ?? 'oa-1' },
      ...who,
      ...extra,
    };
  }

  /**
   * Serialises and signs an event like Zalo does; user-originated events open the user's
   * window. Returns what to POST to the webhook.
   */
  webhook(event: Record<string, unknown>): { body: string; headers: Record<string, string> } {
    const body = JSON.stringify(event);
    const user = (event.sender as { id?: string } | undefined)?.id ?? (event.follower as { id?: string } | undefined)?.id;
    const name = String(event.event_name);
    if (user && (name.startsWith('user_send_') || name === 'follow' || name === 'user_submit_info')) this.interact(user);
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'ZaloWebhook',
        'x-zevent-server': 'fake',
        'x-zevent-signature': signatureHeader(this.opts.appId, body, String(event.timestamp), this.opts.oaSecretKey),
      },
    };
  }

  // ---- HTTP -----------------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = await readBody(req);
    if (this.opts.latencyMs) await new Promise((r) => setTimeout(r, this.opts.latencyMs));

    if (this.unreachable) {
      req.socket.destroy();
      return;
    }
    if (req.method === 'GET' && url.pathname === '/v4/oa/permission') return this.permission(url, res);
    if (req.method === 'POST' && url.pathname === '/v4/oa/access_token') {
      const tf = this.tokenFailures.shift();
      if (tf && 'drop' in tf) {
        this.tokenCalls.push({ grantType: new URLSearchParams(body.toString('utf8')).get('grant_type') ?? '', ok: false });
        req.socket.destroy();
        return;
      }
      if (tf) {
        this.tokenCalls.push({ grantType: new URLSearchParams(body.toString('utf8')).get('grant_type') ?? '', ok: false, error: tf.json?.error });
        if (tf.json) res.writeHead(tf.httpStatus, { 'content-type': 'application/json' }).end(JSON.stringify(tf.json));
        else res.writeHead(tf.httpStatus, { 'content-type': 'text/html' }).end('<html>Bad Gateway</html>');
        return;
      }
      return this.accessToken(req, body, res);
    }

    this.apiCalls++;
    const failure = this.failures.shift();
    if (failure && 'deliverThenHang' in failure) {
      this.hung.add(res);
      const swallow = { writeHead: () => swallow, end: () => undefined } as unknown as http.ServerResponse;
      if (req.method === 'POST' && url.pathname === '/v3.0/oa/message/cs') return this.sendCs(body, swallow);
      return;
    }
    if (failure && 'deliverThenDrop' in failure) {
      const swallow = { writeHead: () => swallow, end: () => req.socket.destroy() } as unknown as http.ServerResponse;
      if (req.method === 'POST' && url.pathname === '/v3.0/oa/message/cs') return this.sendCs(body, swallow);
      req.socket.destroy();
      return;
    }
    if (failure) {
      if ('drop' in failure) {
        req.socket.destroy();
        return;
      }
      if ('httpStatus' in failure) {
        const headers: Record<string, string> = { 'content-type': 'text/plain' };
        if (failure.retryAfterS !== undefined) headers['retry-after'] = String(failure.retryAfterS);
        res.writeHead(failure.httpStatus, headers).end('upstream error');
        return;
      }
      return this.reply(res, url.pathname, failure.error, failure.message ?? 'Injected failure');
    }

    const token = req.headers['access_token'];
    const t = typeof token === 'string' ? this.accessTokens.get(token) : undefined;
    if (!t || t.revoked) return this.reply(res, url.pathname, -216, 'Access token is invalid');
    if (t.expiresAt <= this.clock()) return this.reply(res, url.pathname, -220, 'Access token has expired');

    if (req.method === 'POST' && url.pathname === '/v3.0/oa/message/cs') {
      if (this.rateWindow) {
        const w = this.rateWindow;
        const now = this.clock();
        w.calls = w.calls.filter((t) => t > now - w.windowMs);
        if (w.calls.length >= w.max) return this.reply(res, url.pathname, -32, 'Rate limit exceeded');
        w.calls.push(now);
      }
      return this.sendCs(body, res);
    }
    if (req.method === 'POST' && url.pathname === '/v2.0/oa/upload/file') return this.upload(req, body, res, 'file');
    if (req.method === 'POST' && url.pathname === '/v2.0/oa/upload/image') return this.upload(req, body, res, 'image');
    if (req.method === 'GET' && url.pathname === '/v2.0/oa/getoa') {
      return this.reply(res, url.pathname, 0, 'Success', { oa_id: this.opts.oaId ?? 'oa-1', name: 'Fake OA' });
    }
    if (req.method === 'GET' && url.pathname === '/v2.0/oa/conversation') {
      const q = JSON.parse(url.searchParams.get('data') ?? '{}') as { user_id?: string; offset?: number; count?: number };
      const count = Math.min(10, Number(q.count ?? 5));
      const items = this.sentTo(String(q.user_id ?? ''))
        .slice()
        .reverse()
        .slice(Number(q.offset ?? 0), Number(q.offset ?? 0) + count)
        .map((m) => ({ src: 0, time: m.at, type: m.fileToken ? 'file' : 'text', message: m.text ?? '', message_id: m.messageId, from_id: this.opts.oaId ?? 'oa-1', to_id: m.userId }));
      return this.reply(res, url.pathname, 0, 'Success', items);
    }
    if (req.method === 'GET' && url.pathname === '/v3.0/oa/user/detail') {
      const data = JSON.parse(url.searchParams.get('data') ?? '{}') as { user_id?: string };
      const u = this.users.get(data.user_id ?? '') ?? { follower: true, banned: false };
      return this.reply(res, url.pathname, 0, 'Success', { user_id: data.user_id, display_name: 'Công dân', user_is_follower: u.follower });
    }
    return this.reply(res, url.pathname, -240, 'Unknown endpoint');
  }

  private sendCs(body: Buffer, res: http.ServerResponse): void {
    const path = '/v3.0/oa/message/cs';
    let parsed: { recipient?: { user_id?: unknown }; message?: Record<string, unknown> };
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return this.reply(res, path, -201, 'Body is not JSON');
    }
    const userId = typeof parsed.recipient?.user_id === 'string' ? parsed.recipient.user_id : undefined;
    const message = parsed.message;
    if (!userId || !message || typeof message !== 'object') return this.reply(res, path, -201, 'recipient.user_id and message are required');
    const u = this.users.get(userId) ?? { follower: true, banned: false };
    if (u.banned) return this.reply(res, path, -227, 'User is banned or inactive', undefined, userId);
    if (!u.follower) return this.reply(res, path, -213, 'User has not followed the OA', undefined, userId);
    const last = this.lastInteraction.get(userId);
    if (last === undefined || this.clock() - last > WINDOW_MS) {
      return this.reply(res, path, -230, 'User has not interacted with the OA in the last 7 days', undefined, userId);
    }

    const text = message.text;
    const attachment = message.attachment as { type?: string; payload?: Record<string, unknown> } | undefined;
    if (text !== undefined && (typeof text !== 'string' || text.length === 0)) return this.reply(res, path, -201, 'text must be a non-empty string', undefined, userId);
    if (typeof text === 'string' && text.length > MAX_TEXT) return this.reply(res, path, -201, `text exceeds ${MAX_TEXT} characters`, undefined, userId);
    if (text === undefined && !attachment) return this.reply(res, path, -201, 'message needs text or attachment', undefined, userId);
    let buttons: SentMessage['buttons'];
    let fileToken: string | undefined;
    if (attachment) {
      if (attachment.type === 'template') {
        const list = attachment.payload?.buttons;
        if (!Array.isArray(list) || list.length === 0) return this.reply(res, path, -201, 'template needs buttons', undefined, userId);
        if (list.length > MAX_BUTTONS) return this.reply(res, path, -201, `at most ${MAX_BUTTONS} buttons`, undefined, userId);
        for (const b of list as { title?: unknown; type?: unknown; payload?: unknown }[]) {
          if (typeof b.title !== 'string' || !b.title || typeof b.type !== 'string' || !BUTTON_TYPES.has(b.type)) {
            return this.reply(res, path, -201, 'invalid button', undefined, userId);
          }
          if (b.type === 'oa.open.url' && typeof (b.payload as { url?: unknown })?.url !== 'string') return this.reply(res, path, -201, 'oa.open.url needs payload.url', undefined, userId);
          if (b.type.startsWith('oa.query.') && typeof b.payload !== 'string') return this.reply(res, path, -201, 'oa.query.* needs a string payload', undefined, userId);
        }
        buttons = list as SentMessage['buttons'];
      } else if (attachment.type === 'file') {
        fileToken = String(attachment.payload?.token ?? '');
        if (!this.fileTokens.has(fileToken)) return this.reply(res, path, -201, 'unknown file token', undefined, userId);
      } else {
        return this.reply(res, path, -233, 'message type unsupported', undefined, userId);
      }
    }
    const messageId = `zm-${++this.msgSeq}`;
    this.sent.push({ userId, message, text: typeof text === 'string' ? text : undefined, buttons, fileToken, at: this.clock(), messageId });
    this.reply(res, path, 0, 'Success', { message_id: messageId, user_id: userId, sent_time: String(this.clock()) });
  }

  private async upload(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse, kind: 'file' | 'image'): Promise<void> {
    const path = `/v2.0/oa/upload/${kind}`;
    let file: File | null;
    try {
      const form = await new Request('http://fake/upload', { method: 'POST', headers: { 'content-type': String(req.headers['content-type'] ?? '') }, body: new Uint8Array(body) }).formData();
      const f = form.get('file');
      file = f instanceof File ? f : null;
    } catch {
      return this.reply(res, path, -201, 'multipart body with a "file" field required');
    }
    if (!file) return this.reply(res, path, -201, 'multipart field "file" missing');
    const limit = kind === 'file' ? MAX_FILE : MAX_IMAGE;
    if (file.size > limit) return this.reply(res, path, -210, `file exceeds ${limit} bytes`);
    if (kind === 'file' && (!FILE_TYPES.test(file.name))) return this.reply(res, path, -211, 'only PDF, DOC, DOCX');
    if (kind === 'image' && !/^image\/(jpeg|png|gif)$/.test(file.type)) return this.reply(res, path, -211, 'only JPG, PNG, GIF');
    const token = `FT-${randomBytes(10).toString('hex')}`;
    this.fileTokens.add(token);
    this.uploads.push({ name: file.name, size: file.size, contentType: file.type, token, kind });
    this.reply(res, path, 0, 'Success', kind === 'file' ? { token } : { attachment_id: token });
  }

  private permission(url: URL, res: http.ServerResponse): void {
    const redirectUri = url.searchParams.get('redirect_uri');
    const appId = url.searchParams.get('app_id');
    if (!redirectUri || appId !== this.opts.appId) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad consent request');
      return;
    }
    const code = `CODE-${randomBytes(8).toString('hex')}`;
    this.codes.set(code, { challenge: url.searchParams.get('code_challenge') ?? undefined, redirectUri });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    back.searchParams.set('oa_id', this.opts.oaId ?? 'oa-1');
    const state = url.searchParams.get('state');
    if (state) back.searchParams.set('state', state);
    res.writeHead(302, { location: back.toString() }).end();
  }

  private accessToken(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): void {
    const form = new URLSearchParams(body.toString('utf8'));
    const grantType = form.get('grant_type') ?? '';
    const fail = (error: number, name: string, reason: string) => {
      this.tokenCalls.push({ grantType, ok: false, error });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ error, error_name: name, error_reason: reason }));
    };
    if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return fail(-14001, 'Invalid request', 'form-encoded body required');
    if (req.headers['secret_key'] !== this.opts.appSecret) return fail(-14002, 'Invalid secret key', 'secret_key header must be the app secret');
    if (form.get('app_id') !== this.opts.appId) return fail(-14003, 'Invalid app id', 'app_id mismatch');
    if (grantType === 'refresh_token') {
      const rt = form.get('refresh_token') ?? '';
      const used = this.refreshTokens.get(rt);
      if (used === undefined) return fail(-14014, 'Invalid refresh token', 'unknown refresh token');
      if (used) return fail(-14014, 'Invalid refresh token', 'refresh token already used');
      this.refreshTokens.set(rt, true);
    } else if (grantType === 'authorization_code') {
      const code = form.get('code') ?? '';
      const c = this.codes.get(code);
      if (!c) return fail(-14019, 'Invalid code', 'unknown or used authorization code');
      this.codes.delete(code);
      if (c.challenge) {
        const verifier = form.get('code_verifier') ?? '';
        const expected = createHash('sha256').update(verifier).digest('base64url');
        if (verifier.length < 43 || expected !== c.challenge) return fail(-14020, 'Invalid code verifier', 'PKCE check failed');
      }
    } else {
      return fail(-14004, 'Invalid grant type', grantType);
    }
    const pair = this.issueTokens();
    this.tokenCalls.push({ grantType, ok: true });
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ access_token: pair.accessToken, refresh_token: pair.refreshToken, expires_in: String(pair.expiresIn) }));
  }

  private reply(res: http.ServerResponse, path: string, error: number, message: string, data?: unknown, userId?: string): void {
    if (error !== 0) this.rejections.push({ path, error, userId });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(data === undefined ? { error, message } : { error, message, data }));
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
