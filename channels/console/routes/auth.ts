import { randomBytes } from 'node:crypto';
import type { Router } from 'express';
import { z } from 'zod';
import { RateLimiter, type BucketSpec } from '../../rate-limit.js';
import { loginPage } from '../views.js';
import { wrap, type ConsoleContext } from './context.js';
import { LOGIN_CSRF_COOKIE, parseCookies, safeEqual, SESSION_COOKIE } from './security.js';

/** Defaults: 10 attempts in a burst then one per 6 s per address; 8 then one per 30 s per username. */
export const DEFAULT_LOGIN_LIMITS: { perIp: BucketSpec; perAccount: BucketSpec } = {
  perIp: { capacity: 10, refillPerSecond: 1 / 6 },
  perAccount: { capacity: 8, refillPerSecond: 1 / 30 },
};

const loginSchema = z.object({ username: z.string().trim().min(1).max(80), password: z.string().min(1).max(200), _csrf: z.string().min(1) });

const LOGIN_FORM_MS = 30 * 60_000;

/**
 * Login (double-submit CSRF cookie, throttles per address and per username before any hash,
 * lockout messages) and logout (ends the session's live streams at once).
 */
export function registerAuthRoutes(router: Router, ctx: ConsoleContext): void {
  const { deps, now } = ctx;

  router.get('/login', (req, res) => {
    const csrf = randomBytes(18).toString('base64url');
    res.cookie(LOGIN_CSRF_COOKIE, csrf, ctx.cookieOpts(req, LOGIN_FORM_MS));
    res.type('html').send(loginPage({ csrf }));
  });

  // Login throttles fail closed: when the store cannot answer, attempts are refused (429)
  // rather than let through unthrottled (see StoreFailure in channels/rate-limit.ts).
  const limiterOptions = (prefix: string) => ({ prefix, store: deps.rateLimits, now: () => now().getTime(), onStoreError: 'closed' as const, logger: deps.logger });
  const ipLimiter = new RateLimiter(deps.loginLimits?.perIp ?? DEFAULT_LOGIN_LIMITS.perIp, limiterOptions('login:ip'));
  const accountLimiter = new RateLimiter(deps.loginLimits?.perAccount ?? DEFAULT_LOGIN_LIMITS.perAccount, limiterOptions('login:user'));

  router.post(
    '/login',
    wrap(async (req, res) => {
      const expected = parseCookies(req.get('cookie'))[LOGIN_CSRF_COOKIE];
      const body = loginSchema.safeParse(req.body);
      const fresh = randomBytes(18).toString('base64url');
      res.cookie(LOGIN_CSRF_COOKIE, fresh, ctx.cookieOpts(req, LOGIN_FORM_MS));
      if (!body.success || !expected || !safeEqual(body.data._csrf, expected)) {
        res.status(400).type('html').send(loginPage({ csrf: fresh, error: 'Phiên đăng nhập đã hết hạn, vui lòng thử lại.' }));
        return;
      }
      // Throttles before the hash: a flood costs a bucket lookup, not 32 MiB of scrypt.
      const ipKey = req.ip ?? 'unknown';
      const accountKey = body.data.username.toLowerCase();
      const [ipWait, accountWait] = await Promise.all([ipLimiter.take(ipKey), accountLimiter.take(accountKey)]);
      const wait = Math.max(ipWait, accountWait);
      if (wait > 0) {
        await deps.accessLog.record({ username: body.data.username.slice(0, 80), action: 'login_throttled', allowed: false });
        res.set('Retry-After', String(wait));
        res.status(429).type('html').send(loginPage({ csrf: fresh, error: 'Anh/chị đăng nhập quá nhiều lần. Vui lòng đợi một lát rồi thử lại.', username: body.data.username }));
        return;
      }
      const result = await deps.users.login(body.data.username, body.data.password);
      if (result.ok || result.reason === 'busy') {
        // Only failed checks count against the address and the name.
        await Promise.all([ipLimiter.refund(ipKey), accountLimiter.refund(accountKey)]);
      }
      if (!result.ok && result.reason === 'busy') {
        res.set('Retry-After', '5');
        res.status(503).type('html').send(loginPage({ csrf: fresh, error: 'Hệ thống đang bận, vui lòng thử lại sau vài giây.', username: body.data.username }));
        return;
      }
      if (!result.ok) {
        await deps.accessLog.record({ username: body.data.username.slice(0, 80), action: `login_${result.reason}`, allowed: false });
        const error =
          result.reason === 'locked'
            ? 'Tài khoản tạm khoá do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau 15 phút hoặc liên hệ quản trị.'
            : result.reason === 'disabled'
              ? 'Tài khoản đã bị vô hiệu hoá.'
              : 'Tên đăng nhập hoặc mật khẩu không đúng.';
        res.status(result.reason === 'locked' ? 429 : 401).type('html').send(loginPage({ csrf: fresh, error, username: body.data.username }));
        return;
      }
      const { token, session } = await deps.sessions.create(result.user.id);
      await deps.accessLog.record({ userId: result.user.id, username: result.user.username, role: result.user.role, action: 'login', allowed: true });
      res.clearCookie(LOGIN_CSRF_COOKIE, { path: '/console' });
      res.cookie(SESSION_COOKIE, token, ctx.cookieOpts(req, new Date(session.expiresAt).getTime() - now().getTime()));
      res.redirect(303, result.user.role === 'admin' ? '/console/users' : result.user.role === 'analyst' ? '/console/dashboard/' : '/console/');
    }),
  );

  router.post(
    '/logout',
    wrap(async (req, res) => {
      const a = await ctx.requireUser(req, res);
      if (!a) return;
      ctx.checkCsrf(req, a);
      await deps.sessions.destroy(a.token);
      ctx.streams.endSession(a.token, 'logged_out');
      res.clearCookie(SESSION_COOKIE, { path: '/console' });
      res.redirect(303, '/console/login');
    }),
  );
}
