import { createHash } from 'node:crypto';
import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../knowledge/index.js';
import type { BotLogger, OaTokenStore } from '../../bot/ports/index.js';
import { readCookie } from '../http/cookies.js';
import { safeEqual } from '../http/safe-equal.js';
import type { RequireAdmin } from './admin-pages.js';
import type { ZaloApiClient } from './api-client.js';
import type { Clock } from './time.js';
import type { ZaloTokenManager } from './token-manager.js';
import { errMessage, sendError, trimSlash } from './util.js';

const SESSION_COOKIE = 'zalo_oauth_session';

export interface OAuthDeps {
  appId: string;
  oauthBase: string;
  /** Public base URL: Zalo redirects back to `<publicBaseUrl>/zalo/oauth/callback`. */
  publicBaseUrl: string | undefined;
  tokenStore: Pick<OaTokenStore, 'addPending' | 'takePending'>;
  tokens: Pick<ZaloTokenManager, 'saveConsent'>;
  client: Pick<ZaloApiClient, 'exchangeCode'>;
  requireAdmin: RequireAdmin;
  /** An operator token is configured (else `/zalo/oauth/start` answers 404 through `requireAdmin`). */
  adminEnabled: boolean;
  /** State lifetime (ms): consent must be completed within it, in the same browser. */
  stateTtlMs: number;
  /** Random bytes (PKCE verifier, state, session cookie). */
  randomBytes: (n: number) => Buffer;
  /** Wakes the workers once a token is there (queued events can be answered). */
  kick: () => void;
  clock: Clock;
  logger: BotLogger;
}

/**
 * OA consent (OAuth v4 with PKCE S256): `/zalo/oauth/start` (a form that POSTs the operator
 * token, or a Bearer header) redirects to Zalo's consent page with a state bound to an
 * HttpOnly session cookie; `/zalo/oauth/callback` checks state and cookie, exchanges the code
 * and stores the tokens.
 */
export function oauthRouter(d: OAuthDeps): Router {
  const router = express.Router();
  const log = d.logger;

  // In a browser the OA admin cannot send a header: GET without one shows a form that POSTs
  // the token in the body (never in the URL), in the same browser that gets the session cookie.
  router.get('/zalo/oauth/start', (req, res, next) => {
    if (d.adminEnabled && !req.get('authorization')) {
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
  router.post('/zalo/oauth/start', express.urlencoded({ extended: false, limit: '2kb' }), async (req, res) => {
    const token = typeof (req.body as { admin_token?: unknown } | undefined)?.admin_token === 'string' ? (req.body as { admin_token: string }).admin_token : undefined;
    if (!d.requireAdmin(req, res, token)) return;
    await startConsent(res);
  });
  router.get('/zalo/oauth/start', async (req, res) => {
    if (!d.requireAdmin(req, res)) return;
    await startConsent(res);
  });

  async function startConsent(res: Response): Promise<void> {
    if (!d.publicBaseUrl) {
      sendError(res, new AppError('unavailable:zalo_oauth', 'Set PUBLIC_BASE_URL so Zalo can redirect back to /zalo/oauth/callback'));
      return;
    }
    const verifier = base64url(d.randomBytes(32)); // 43 characters
    const challenge = base64url(createHash('sha256').update(verifier).digest());
    const state = base64url(d.randomBytes(24));
    const session = base64url(d.randomBytes(32));
    await d.tokenStore.addPending({ state, verifier, sessionHash: sha256hex(session), createdAt: d.clock() });
    const secure = d.publicBaseUrl.startsWith('https:') ? '; Secure' : '';
    res.setHeader('Set-Cookie', `${SESSION_COOKIE}=${session}; Path=/zalo/oauth; HttpOnly; SameSite=Lax; Max-Age=${Math.floor(d.stateTtlMs / 1000)}${secure}`);
    const url = new URL('/v4/oa/permission', trimSlash(d.oauthBase) + '/');
    url.searchParams.set('app_id', d.appId);
    url.searchParams.set('redirect_uri', new URL('/zalo/oauth/callback', trimSlash(d.publicBaseUrl) + '/').toString());
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
    const pending = await d.tokenStore.takePending(q.data.state, d.clock() - d.stateTtlMs);
    const session = readCookie(req.get('cookie'), SESSION_COOKIE);
    if (!pending || !session || !safeEqual(sha256hex(session), pending.sessionHash)) {
      log.warn({ ip: req.ip }, 'zalo: OAuth callback with an unknown, expired or foreign state');
      sendError(res, new AppError('bad_request:zalo_oauth_state', 'Unknown or expired state, or a different browser session: start again at /zalo/oauth/start'));
      return;
    }
    try {
      const pair = await d.client.exchangeCode(q.data.code, pending.verifier);
      await d.tokens.saveConsent(pair);
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
    d.kick();
  });
  return router;
}

function base64url(b: Buffer): string {
  return b.toString('base64url');
}

function sha256hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
