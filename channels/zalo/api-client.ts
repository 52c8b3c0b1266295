import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance, isAxiosError } from 'axios';
import { z } from 'zod';
import type { ZaloMessage } from './render.js';

/**
 * Thin axios client for Zalo's OA OpenAPI and OAuth v4. Every response is checked for a
 * non-zero `error`, which Zalo returns with HTTP 200. Failures become `ZaloApiError` with the
 * Zalo code (or null for network/HTTP failures), so callers decide retry or record.
 */

export class ZaloApiError extends Error {
  constructor(
    /** Zalo `error` code, or null when the failure was network/HTTP level. */
    readonly zaloCode: number | null,
    message: string,
    /** HTTP status when a response arrived. */
    readonly httpStatus?: number,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(message, options);
    this.name = 'ZaloApiError';
    this.retryAfterMs = options?.retryAfterMs;
  }

  /** The server's `Retry-After`, in ms, when it sent one. */
  readonly retryAfterMs: number | undefined;
}

/**
 * What to do about a failed send, per the protocol sheet's error table:
 * `rate_limited` (-32, HTTP 429): wait (Retry-After when given), not a failure of the message;
 * `transient` (network, 5xx, operator-fixable OA errors): back off and retry;
 * `token` (-216/-220): refresh once and retry once; `window_closed` (-230/-232): expired;
 * `undeliverable` (-213 unfollowed, -227 banned) and `permanent` (bad payload): final.
 */
export type FailureClass = 'transient' | 'rate_limited' | 'token' | 'window_closed' | 'undeliverable' | 'permanent';

export function classifyFailure(err: unknown): FailureClass {
  if (!(err instanceof ZaloApiError)) return 'transient';
  const c = err.zaloCode;
  if (c === -32 || (c === null && err.httpStatus === 429)) return 'rate_limited';
  if (c === null) return err.httpStatus !== undefined && err.httpStatus >= 400 && err.httpStatus < 500 ? 'permanent' : 'transient';
  if (err.httpStatus !== undefined && err.httpStatus >= 500) return 'transient';
  if (c === -216 || c === -220) return 'token';
  if (c === -230 || c === -232) return 'window_closed';
  if (c === -213 || c === -227) return 'undeliverable';
  // The OA lost the permission or tier for the API: an operator can fix it, so keep retrying.
  if (c === -223 || c === -224) return 'transient';
  return 'permanent';
}

/** `Retry-After` as ms (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds. */
  expiresIn: number;
}

const envelopeSchema = z.object({ error: z.coerce.number(), message: z.string().optional(), data: z.unknown().optional() }).passthrough();
const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.union([z.string(), z.number()]).transform((v) => Number(v)),
});
const oauthErrorSchema = z
  .object({ error: z.coerce.number(), error_name: z.string().optional(), error_reason: z.string().optional(), error_description: z.string().optional() })
  .passthrough();

export interface ZaloApiClientOptions {
  appId: string;
  appSecret: string;
  apiBase: string;
  oauthBase: string;
  /** Per-request timeout, ms. */
  timeoutMs?: number;
  http?: AxiosInstance;
}

export class ZaloApiClient {
  private readonly http: AxiosInstance;

  constructor(private readonly opts: ZaloApiClientOptions) {
    // Keep-alive: a TLS handshake per message would cost more than the message itself.
    this.http =
      opts.http ??
      axios.create({
        timeout: opts.timeoutMs ?? 10_000,
        validateStatus: () => true,
        httpAgent: new http.Agent({ keepAlive: true, maxSockets: 32 }),
        httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 32 }),
      });
  }

  /** `POST /v3.0/oa/message/cs`; returns Zalo's message id. */
  async sendMessage(accessToken: string, userId: string, message: ZaloMessage): Promise<{ messageId?: string }> {
    const data = await this.call('POST', `${this.opts.apiBase}/v3.0/oa/message/cs`, {
      headers: { access_token: accessToken, 'content-type': 'application/json' },
      data: { recipient: { user_id: userId }, message },
    });
    const id = (data as { message_id?: unknown } | undefined)?.message_id;
    return { messageId: id === undefined ? undefined : String(id) };
  }

  /**
   * Recent messages of the conversation with `userId`, newest first
   * (`GET /v2.0/oa/conversation?data={"user_id","offset","count"}`). Only used to check whether
   * a message whose send was interrupted by a crash reached Zalo. Unknown item shapes are
   * skipped, so the caller falls back to sending again.
   */
  async recentMessages(accessToken: string, userId: string, count = 10): Promise<{ messageId: string; text?: string; time: number; fromOa: boolean }[]> {
    const data = JSON.stringify({ user_id: userId, offset: 0, count });
    const res = await this.call('GET', `${this.opts.apiBase}/v2.0/oa/conversation?data=${encodeURIComponent(data)}`, { headers: { access_token: accessToken } });
    const items = Array.isArray(res) ? res : [];
    const out: { messageId: string; text?: string; time: number; fromOa: boolean }[] = [];
    for (const it of items as Record<string, unknown>[]) {
      const id = it.message_id ?? it.msg_id;
      const time = Number(it.time);
      if ((typeof id !== 'string' && typeof id !== 'number') || !Number.isFinite(time)) continue;
      // src 0: sent by the OA; src 1: sent by the user.
      const fromOa = Number(it.src) === 0 || (it.from_id !== undefined && String(it.from_id) !== userId && it.to_id !== undefined && String(it.to_id) === userId);
      out.push({ messageId: String(id), text: typeof it.message === 'string' ? it.message : undefined, time, fromOa });
    }
    return out;
  }

  /** `POST /v2.0/oa/upload/file` (multipart field `file`); returns the token to send the file with. */
  async uploadFile(accessToken: string, file: { name: string; contentType: string; bytes: Uint8Array }): Promise<string> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.contentType }), file.name);
    const data = await this.call('POST', `${this.opts.apiBase}/v2.0/oa/upload/file`, {
      headers: { access_token: accessToken },
      data: form,
    });
    const token = (data as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || !token) throw new ZaloApiError(null, 'Zalo upload answered without a token');
    return token;
  }

  /** Exchanges an OAuth v4 authorization code (PKCE) for a token pair. */
  exchangeCode(code: string, codeVerifier: string): Promise<TokenPair> {
    return this.tokenRequest({ code, app_id: this.opts.appId, grant_type: 'authorization_code', code_verifier: codeVerifier });
  }

  /** Uses the single-use refresh token; the returned pair replaces it. */
  refresh(refreshToken: string): Promise<TokenPair> {
    return this.tokenRequest({ refresh_token: refreshToken, app_id: this.opts.appId, grant_type: 'refresh_token' });
  }

  private async tokenRequest(form: Record<string, string>): Promise<TokenPair> {
    let res;
    try {
      res = await this.http.request({
        method: 'POST',
        url: `${this.opts.oauthBase}/v4/oa/access_token`,
        headers: { secret_key: this.opts.appSecret, 'content-type': 'application/x-www-form-urlencoded' },
        data: new URLSearchParams(form).toString(),
      });
    } catch (err) {
      throw new ZaloApiError(null, `Zalo OAuth unreachable: ${describe(err)}`, undefined, { cause: err });
    }
    const ok = tokenResponseSchema.safeParse(res.data);
    if (ok.success && res.status < 400) {
      return { accessToken: ok.data.access_token, refreshToken: ok.data.refresh_token, expiresIn: Number.isFinite(ok.data.expires_in) ? ok.data.expires_in : 90_000 };
    }
    const e = oauthErrorSchema.safeParse(res.data);
    if (e.success && e.data.error !== 0) {
      const why = [e.data.error_name, e.data.error_reason ?? e.data.error_description].filter(Boolean).join(': ');
      throw new ZaloApiError(e.data.error, `Zalo OAuth error ${e.data.error}${why ? ` (${why})` : ''}`, res.status);
    }
    throw new ZaloApiError(null, `Zalo OAuth answered HTTP ${res.status} without tokens`, res.status);
  }

  private async call(method: 'GET' | 'POST', url: string, init: { headers: Record<string, string>; data?: unknown }): Promise<unknown> {
    let res;
    try {
      res = await this.http.request({ method, url, headers: init.headers, data: init.data });
    } catch (err) {
      throw new ZaloApiError(null, `Zalo API unreachable: ${describe(err)}`, undefined, { cause: err });
    }
    const env = envelopeSchema.safeParse(res.data);
    const retryAfterMs = parseRetryAfter((res.headers as Record<string, unknown> | undefined)?.['retry-after']);
    if (env.success && env.data.error !== 0) {
      throw new ZaloApiError(env.data.error, `Zalo error ${env.data.error}: ${env.data.message ?? 'no message'}`, res.status, { retryAfterMs });
    }
    if (res.status >= 400 || !env.success) {
      throw new ZaloApiError(null, `Zalo API answered HTTP ${res.status}${env.success ? '' : ' with an unexpected body'}`, res.status, { retryAfterMs });
    }
    return env.data.data;
  }
}

function describe(err: unknown): string {
  if (isAxiosError(err)) return `${err.code ?? 'error'} ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
