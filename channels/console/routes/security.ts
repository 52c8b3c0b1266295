import type { NextFunction, Request, Response } from 'express';

export { parseCookies, readCookie } from '../../http/cookies.js';
export { safeEqual } from '../../http/safe-equal.js';

/** The console's session cookie (shared with the dashboard under `/console/dashboard`). */
export const SESSION_COOKIE = 'tthc_console';
/** Double-submit cookie of the login form (there is no session yet to hold its token). */
export const LOGIN_CSRF_COOKIE = 'tthc_console_login';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/** The console's response headers: strict CSP, no framing, no sniffing, no referrer, no caching. */
export function consoleSecurityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.set('Content-Security-Policy', CSP);
  res.set('X-Frame-Options', 'DENY');
  res.set('X-Content-Type-Options', 'nosniff');
  res.set('Referrer-Policy', 'no-referrer');
  res.set('Cache-Control', 'no-store');
  next();
}
