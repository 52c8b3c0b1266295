import { randomBytes, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import {
  CASE_OUTCOMES,
  addDays,
  dutySlots,
  formatImportReport,
  fromLocal,
  localParts,
  validateRotaCsv,
  parseHhMm,
  type HandoffCase,
  type HandoffEvent,
  type HandoffService,
  type Lawyer,
  type Rota,
  type ServicePoint,
} from '../../bot/handoff/index.js';
import { AppError, isAppError } from '../../knowledge/errors.js';
import { RateLimiter, type BucketSpec } from '../directline/rate-limit.js';
import type { SqliteAccessLog } from '../../storage/console-access-log.js';
import type { SqliteConsoleNotes } from '../../storage/console-notes.js';
import type { SqliteConsoleSessions } from '../../storage/console-sessions.js';
import { CONSOLE_ROLES, generatePassword, type ConsoleUser, type SqliteConsoleUsers } from '../../storage/console-users.js';
import type { SqliteHandoffStore, SqliteRotaStore } from '../../storage/rota-store.js';
import {
  casePage,
  errorPage,
  loginPage,
  queuePage,
  rotaPage,
  slaPage,
  usersPage,
  type CaseDetail,
  type ChannelStatusView,
  type PageUser,
} from './views.js';

export const SESSION_COOKIE = 'tthc_console';
const LOGIN_CSRF_COOKIE = 'tthc_console_login';
const ASSETS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

export interface ConsoleRouterDeps {
  service: HandoffService;
  rota: SqliteRotaStore;
  routing: SqliteHandoffStore;
  users: SqliteConsoleUsers;
  sessions: SqliteConsoleSessions;
  accessLog: SqliteAccessLog;
  notes: SqliteConsoleNotes;
  /** Display detail from triage's case record; absent in tests of the console alone. */
  caseDetail?: (caseId: string) => Promise<CaseDetail | undefined>;
  now?: () => Date;
  /** `auto`: Secure cookies when the request came over https (directly or via a proxy). */
  secureCookies?: boolean | 'auto';
  /** Called for operator logs (no personal data). */
  log?: (level: 'info' | 'warn' | 'error', msg: string, data?: Record<string, unknown>) => void;
  /** Registers SSE streams so the owner can end them on shutdown. */
  streams?: Set<Response>;
  /**
   * Login throttles, applied before any password hash runs: per client address (`req.ip`,
   * which follows the server's TRUST_PROXY setting) and per username (known or not).
   */
  loginLimits?: { perIp?: BucketSpec; perAccount?: BucketSpec };
  /** How often an open case stream re-checks its session (expiry, logout, disabled account). */
  streamSessionCheckMs?: number;
  /** Channels' live status (Zalo token health), shown at the top of every page. */
  channelStatus?: () => ChannelStatusView[];
}

/** Defaults: 10 attempts in a burst then one per 6 s per address; 8 then one per 30 s per username. */
export const DEFAULT_LOGIN_LIMITS: { perIp: BucketSpec; perAccount: BucketSpec } = {
  perIp: { capacity: 10, refillPerSecond: 1 / 6 },
  perAccount: { capacity: 8, refillPerSecond: 1 / 30 },
};

interface Authed {
  user: ConsoleUser;
  csrf: string;
  token: string;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    if (!k) continue;
    try {
      out[k] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      out[k] = part.slice(i + 1).trim();
    }
  }
  return out;
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const loginSchema = z.object({ username: z.string().trim().min(1).max(80), password: z.string().min(1).max(200), _csrf: z.string().min(1) });
const declineSchema = z.object({ reason: z.string().max(500).default(''), conflict: z.string().optional() });
const replySchema = z.object({ text: z.string().trim().min(1).max(4000) });
const noteSchema = z.object({ text: z.string().trim().min(1).max(4000) });
const closeSchema = z.object({ outcome: z.enum(CASE_OUTCOMES) });
const reassignSchema = z.object({ lawyerId: z.string().min(1).max(40) });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const exceptionSchema = z
  .object({
    lawyerId: z.string().min(1).max(40),
    kind: z.enum(['leave', 'extra']),
    date: isoDate,
    dateTo: z.union([isoDate, z.literal('')]).optional(),
    servicePoint: z.string().max(10).optional(),
    start: z.string().optional(),
    end: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'extra') {
      const s = parseHhMm(v.start ?? '');
      const e = parseHhMm(v.end ?? '');
      if (!v.servicePoint) ctx.addIssue({ code: 'custom', message: 'Ca bổ sung cần điểm phục vụ' });
      if (s === undefined || e === undefined || e <= s) ctx.addIssue({ code: 'custom', message: 'Giờ bắt đầu/kết thúc không hợp lệ' });
    } else if (v.dateTo && v.dateTo < v.date) {
      ctx.addIssue({ code: 'custom', message: 'Ngày kết thúc nghỉ phải sau ngày bắt đầu' });
    }
  });
const newUserSchema = z.object({
  username: z.string().trim().regex(/^[A-Za-z0-9_.-]{3,40}$/),
  displayName: z.string().trim().max(100).optional(),
  role: z.enum(CONSOLE_ROLES),
  lawyerId: z.string().trim().max(40).optional(),
  servicePoints: z.string().max(2000).optional(),
});

function parse<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, body: unknown, place: string): T {
  const r = schema.safeParse(body ?? {});
  if (!r.success) {
    throw new AppError(`bad_request:${place}`, r.error.issues.map((i) => `${i.path.join('.') || 'form'}: ${i.message}`).join('; '));
  }
  return r.data;
}

/**
 * The console's express router, mounted at `/console`. Every case page or stream is checked
 * against the user's role and written to the access log, allowed or not.
 */
/** The console's response headers: strict CSP, no framing, no sniffing, no referrer, no caching. */
export function consoleSecurityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.set('Content-Security-Policy', CSP);
  res.set('X-Frame-Options', 'DENY');
  res.set('X-Content-Type-Options', 'nosniff');
  res.set('Referrer-Policy', 'no-referrer');
  res.set('Cache-Control', 'no-store');
  next();
}

export function createConsoleRouter(deps: ConsoleRouterDeps): Router {
  const now = deps.now ?? (() => new Date());
  const router = express.Router();
  const streams = deps.streams ?? new Set<Response>();
  /** Open case streams by session token, so logout ends them at once. */
  const sessionStreams = new Map<string, Map<Response, (reason: string) => void>>();
  const endSessionStreams = (token: string, reason: string) => {
    for (const end of sessionStreams.get(token)?.values() ?? []) end(reason);
    sessionStreams.delete(token);
  };

  router.use(consoleSecurityHeaders);
  router.use('/assets', express.static(ASSETS, { index: false, fallthrough: false, maxAge: 0 }));
  const smallForm = express.urlencoded({ extended: false, limit: '32kb' });
  const csvForm = express.urlencoded({ extended: false, limit: '4mb' });
  router.use((req, res, next) => (req.path === '/rota/import' ? csvForm : smallForm)(req, res, next));
  router.use(express.json({ limit: '32kb' }));

  const secure = (req: Request) =>
    deps.secureCookies === 'auto' || deps.secureCookies === undefined
      ? req.secure || req.get('x-forwarded-proto') === 'https'
      : deps.secureCookies;
  const cookieOpts = (req: Request, maxAgeMs?: number) => ({
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: secure(req),
    path: '/console',
    ...(maxAgeMs ? { maxAge: maxAgeMs } : {}),
  });

  /** Resolves the session and its user; redirects pages to the login form, 401 for API calls. */
  const requireUser = async (req: Request, res: Response): Promise<Authed | undefined> => {
    const token = parseCookies(req.get('cookie'))[SESSION_COOKIE];
    const session = token ? deps.sessions.get(token) : undefined;
    const user = session ? await deps.users.get(session.userId) : undefined;
    if (!token || !session || !user || user.disabled) {
      if (req.method === 'GET' && req.accepts(['html', 'json']) === 'html' && !req.path.endsWith('.json') && !req.path.endsWith('/events')) {
        res.redirect(303, '/console/login');
      } else {
        res.status(401).json(new AppError('unauthorized:console_session', 'Not logged in').toJSON());
      }
      return undefined;
    }
    return { token, csrf: session.csrf, user };
  };

  /** The session is still live and its user enabled, without touching the idle timer. */
  const stillValid = async (a: Authed): Promise<boolean> => {
    const session = deps.sessions.peek(a.token);
    if (!session || session.userId !== a.user.id) return false;
    const user = await deps.users.get(a.user.id);
    return !!user && !user.disabled;
  };

  /** Synchroniser-token CSRF check for every state-changing request, plus a same-origin check. */
  const checkCsrf = (req: Request, a: Authed) => {
    const origin = req.get('origin');
    if (origin && origin !== 'null') {
      const host = req.get('x-forwarded-host') ?? req.get('host');
      let originHost: string;
      try {
        originHost = new URL(origin).host;
      } catch (cause) {
        throw new AppError('bad_request:console_origin', 'Malformed Origin header', { cause });
      }
      if (originHost !== host) throw new AppError('forbidden:console_origin', 'Cross-origin request refused');
    }
    const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('x-csrf-token');
    if (typeof sent !== 'string' || !safeEqual(sent, a.csrf)) throw new AppError('forbidden:console_csrf', 'Missing or invalid CSRF token');
  };

  const page = (a: Authed): PageUser => ({ user: a.user, csrf: a.csrf, channels: deps.channelStatus?.() });
  const wantsJson = (req: Request) => req.is('application/json') === 'application/json' || req.accepts(['html', 'json']) === 'json';

  const lookups = async () => {
    const rota = await deps.rota.loadRota();
    return {
      rota,
      lawyers: new Map<string, Lawyer>(rota.lawyers.map((l) => [l.id, l])),
      points: new Map<string, ServicePoint>(rota.servicePoints.map((p) => [p.code, p])),
    };
  };

  /**
   * Coordinators act only on their wards (a coordinator with no wards covers the city).
   * `touches`: the lawyer has a shift, an extra shift or a ward among the coordinator's
   * wards (enough to record leave). `owns`: every one of the lawyer's shifts and wards is
   * among them (needed to deactivate or overwrite the lawyer, which affects every ward).
   */
  const lawyerScope = (u: ConsoleUser, rota: Rota, lawyerId: string): { touches: boolean; owns: boolean } => {
    if (u.servicePoints.length === 0) return { touches: true, owns: true };
    const mine = new Set(u.servicePoints);
    const lawyer = rota.lawyers.find((l) => l.id === lawyerId);
    const places = [
      ...rota.shifts.filter((s) => s.lawyerId === lawyerId).map((s) => s.servicePoint),
      ...rota.exceptions.filter((e) => e.lawyerId === lawyerId && e.kind === 'extra').map((e) => (e.kind === 'extra' ? e.servicePoint : '')),
      ...(lawyer?.wards ?? []),
    ];
    const touches = places.some((p) => mine.has(p));
    return { touches, owns: touches && places.every((p) => mine.has(p)) };
  };
  const wardDenied = (req: Request, a: Authed, action: string, detail: string): AppError => {
    deps.accessLog.record({ userId: a.user.id, username: a.user.username, role: a.user.role, action: `${action}_denied`, allowed: false, detail });
    deps.log?.('warn', 'console: coordinator action outside their wards', { user: a.user.username, action, path: req.path });
    return new AppError('forbidden:console_ward', 'This lawyer or service point is outside your wards');
  };

  const inScope = (u: ConsoleUser, c: HandoffCase): boolean => {
    if (u.role === 'lawyer') return !!u.lawyerId && c.lawyerId === u.lawyerId;
    if (u.role === 'coordinator') return u.servicePoints.length === 0 || (!!c.ward && u.servicePoints.includes(c.ward));
    return false;
  };

  /** Loads a case the user may see, logging the access; 403 (logged) otherwise. */
  const caseFor = async (req: Request, a: Authed, action: string): Promise<HandoffCase> => {
    const caseId = String(req.params.id ?? '');
    const c = await deps.service.getCase(caseId);
    const allowed = !!c && inScope(a.user, c);
    deps.accessLog.record({ userId: a.user.id, username: a.user.username, role: a.user.role, caseId, action: allowed ? action : `${action}_denied`, allowed });
    if (!c) throw new AppError('not_found:case', `No case ${caseId}`);
    if (!allowed) {
      deps.log?.('warn', 'console: case access denied', { user: a.user.username, caseId });
      throw new AppError('forbidden:console_case', 'This case is not offered or assigned to you');
    }
    return c;
  };

  const wrap =
    (fn: (req: Request, res: Response) => Promise<void>) =>
    (req: Request, res: Response, next: NextFunction) => {
      fn(req, res).catch(next);
    };

  // --- login / logout ------------------------------------------------------------------
  router.get('/login', (req, res) => {
    const csrf = randomBytes(18).toString('base64url');
    res.cookie(LOGIN_CSRF_COOKIE, csrf, cookieOpts(req, 30 * 60_000));
    res.type('html').send(loginPage({ csrf }));
  });

  const ipLimiter = new RateLimiter(deps.loginLimits?.perIp ?? DEFAULT_LOGIN_LIMITS.perIp, () => now().getTime());
  const accountLimiter = new RateLimiter(deps.loginLimits?.perAccount ?? DEFAULT_LOGIN_LIMITS.perAccount, () => now().getTime());

  router.post(
    '/login',
    wrap(async (req, res) => {
      const expected = parseCookies(req.get('cookie'))[LOGIN_CSRF_COOKIE];
      const body = loginSchema.safeParse(req.body);
      const fresh = randomBytes(18).toString('base64url');
      res.cookie(LOGIN_CSRF_COOKIE, fresh, cookieOpts(req, 30 * 60_000));
      if (!body.success || !expected || !safeEqual(body.data._csrf, expected)) {
        res.status(400).type('html').send(loginPage({ csrf: fresh, error: 'Phiên đăng nhập đã hết hạn, vui lòng thử lại.' }));
        return;
      }
      // Throttles before the hash: a flood costs a map lookup, not 32 MiB of scrypt.
      const ipKey = `ip:${req.ip ?? 'unknown'}`;
      const accountKey = `user:${body.data.username.toLowerCase()}`;
      const wait = Math.max(ipLimiter.take(ipKey), accountLimiter.take(accountKey));
      if (wait > 0) {
        deps.accessLog.record({ username: body.data.username.slice(0, 80), action: 'login_throttled', allowed: false });
        res.set('Retry-After', String(wait));
        res.status(429).type('html').send(loginPage({ csrf: fresh, error: 'Anh/chị đăng nhập quá nhiều lần. Vui lòng đợi một lát rồi thử lại.', username: body.data.username }));
        return;
      }
      const result = await deps.users.login(body.data.username, body.data.password);
      if (result.ok || result.reason === 'busy') {
        // Only failed checks count against the address and the name.
        ipLimiter.refund(ipKey);
        accountLimiter.refund(accountKey);
      }
      if (!result.ok && result.reason === 'busy') {
        res.set('Retry-After', '5');
        res.status(503).type('html').send(loginPage({ csrf: fresh, error: 'Hệ thống đang bận, vui lòng thử lại sau vài giây.', username: body.data.username }));
        return;
      }
      if (!result.ok) {
        deps.accessLog.record({ username: body.data.username.slice(0, 80), action: `login_${result.reason}`, allowed: false });
        const error =
          result.reason === 'locked'
            ? 'Tài khoản tạm khoá do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau 15 phút hoặc liên hệ quản trị.'
            : result.reason === 'disabled'
              ? 'Tài khoản đã bị vô hiệu hoá.'
              : 'Tên đăng nhập hoặc mật khẩu không đúng.';
        res.status(result.reason === 'locked' ? 429 : 401).type('html').send(loginPage({ csrf: fresh, error, username: body.data.username }));
        return;
      }
      const { token, session } = deps.sessions.create(result.user.id);
      deps.accessLog.record({ userId: result.user.id, username: result.user.username, role: result.user.role, action: 'login', allowed: true });
      res.clearCookie(LOGIN_CSRF_COOKIE, { path: '/console' });
      res.cookie(SESSION_COOKIE, token, cookieOpts(req, new Date(session.expiresAt).getTime() - now().getTime()));
      res.redirect(303, result.user.role === 'admin' ? '/console/users' : result.user.role === 'analyst' ? '/console/dashboard/' : '/console/');
    }),
  );

  router.post(
    '/logout',
    wrap(async (req, res) => {
      const a = await requireUser(req, res);
      if (!a) return;
      checkCsrf(req, a);
      deps.sessions.destroy(a.token);
      endSessionStreams(a.token, 'logged_out');
      res.clearCookie(SESSION_COOKIE, { path: '/console' });
      res.redirect(303, '/console/login');
    }),
  );

  // --- queue ---------------------------------------------------------------------------
  router.get(
    '/',
    wrap(async (req, res) => {
      const a = await requireUser(req, res);
      if (!a) return;
      if (a.user.role === 'admin' || a.user.role === 'analyst') {
        res.redirect(303, a.user.role === 'admin' ? '/console/users' : '/console/dashboard/');
        return;
      }
      const { lawyers, points } = await lookups();
      const all =
        a.user.role === 'lawyer'
          ? await deps.service.listCases({ lawyerId: a.user.lawyerId ?? '__none__' })
          : await deps.service.listCases(a.user.servicePoints.length ? { wards: a.user.servicePoints } : {});
      if (wantsJson(req)) {
        res.json({ cases: all });
        return;
      }
      res.type('html').send(queuePage(page(a), all, now(), points, lawyers));
    }),
  );

  // --- one case ------------------------------------------------------------------------
  router.get(
    '/cases/:id',
    wrap(async (req, res) => {
      const a = await requireUser(req, res);
      if (!a) return;
      const c = await caseFor(req, a, 'view');
      const { lawyers, points } = await lookups();
      const [transcript, offers, detail] = await Promise.all([
        deps.service.transcript(c.caseId),
        deps.service.offers(c.caseId),
        deps.caseDetail?.(c.caseId),
      ]);
      const notes = a.user.role === 'lawyer' && c.lawyerId !== a.user.lawyerId ? [] : deps.notes.list(c.caseId);
      res.type('html').send(
        casePage({
          u: page(a),
          c,
          detail,
          transcript,
          notes,
          offers,
          lawyers,
          points,
          now: now(),
          access: a.user.role === 'coordinator' ? deps.accessLog.list({ caseId: c.caseId, limit: 30 }) : undefined,
        }),
      );
    }),
  );

  router.get(
    '/cases/:id/transcript.json',
    wrap(async (req, res) => {
      const a = await requireUser(req, res);
      if (!a) return;
      const c = await caseFor(req, a, 'view_transcript');
      res.json({ case: { caseId: c.caseId, status: c.status }, transcript: await deps.service.transcript(c.caseId) });
    }),
  );

  router.get(
    '/cases/:id/events',
    wrap(async (req, res) => {
      const a = await requireUser(req, res);
      if (!a) return;
      const c = await caseFor(req, a, 'view_stream');
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      res.write('retry: 3000\n\n');
      streams.add(res);
      let open = true;
      // The stream lives only as long as its session: logout, expiry or a disabled account end it.
      const end = (reason: string) => {
        if (!open) return;
        open = false;
        res.write(`event: session\ndata: ${JSON.stringify({ ended: reason })}\n\n`);
        res.end();
      };
      let bySession = sessionStreams.get(a.token);
      if (!bySession) sessionStreams.set(a.token, (bySession = new Map()));
      bySession.set(res, end);
      const send = async (e: HandoffEvent) => {
        if (e.caseId !== c.caseId || !open) return;
        if (!(await stillValid(a))) {
          end('session');
          return;
        }
        if (!open) return;
        // A reassigned case stops streaming to the lawyer who no longer holds it.
        if (e.type === 'case' && a.user.role === 'lawyer' && e.lawyerId !== a.user.lawyerId) {
          res.write(`event: case\ndata: ${JSON.stringify({ status: e.status, revoked: true })}\n\n`);
          res.end();
          return;
        }
        res.write(`event: ${e.type}\ndata: ${JSON.stringify(e.type === 'transcript' ? e.entry : { status: e.status, flagged: e.flagged })}\n\n`);
      };
      const unsubscribe = deps.service.subscribe((e) => {
        send(e).catch((err: unknown) => deps.log?.('warn', 'console stream event failed', { err: String(err) }));
      });
      const ping = setInterval(() => {
        if (open) res.write(': ping\n\n');
      }, 25_000);
      ping.unref();
      const check = setInterval(() => {
        stillValid(a).then(
          (ok) => ok || end('session'),
          () => end('session'),
        );
      }, deps.streamSessionCheckMs ?? 15_000);
      check.unref();
      const done = () => {
        open = false;
        clearInterval(ping);
        clearInterval(check);
        unsubscribe();
        streams.delete(res);
        const m = sessionStreams.get(a.token);
        m?.delete(res);
        if (m && m.size === 0) sessionStreams.delete(a.token);
      };
      req.on('close', done);
      res.on('close', done);
    }),
  );

  const action =
    (name: string, fn: (req: Request, a: Authed, c: HandoffCase) => Promise<unknown>) =>
    wrap(async (req, res) => {
      const a = await requireUser(req, res);
      if (!a) return;
      checkCsrf(req, a);
      const c = await caseFor(req, a, name);
      const result = await fn(req, a, c);
      if (wantsJson(req)) res.json({ ok: true, result });
      else res.redirect(303, `/console/cases/${encodeURIComponent(c.caseId)}`);
    });

  const lawyerOnly = (a: Authed) => {
    if (a.user.role !== 'lawyer' || !a.user.lawyerId) throw new AppError('forbidden:console_role', 'Only the lawyer can do this');
    return a.user.lawyerId;
  };
  const coordinatorOnly = (a: Authed) => {
    if (a.user.role !== 'coordinator') throw new AppError('forbidden:console_role', 'Only a coordinator can do this');
  };

  router.post('/cases/:id/accept', action('accept', (_req, a, c) => deps.service.accept(c.caseId, lawyerOnly(a))));
  router.post(
    '/cases/:id/decline',
    action('decline', (req, a, c) => {
      const b = parse(declineSchema, req.body, 'console_decline');
      return deps.service.decline(c.caseId, lawyerOnly(a), b.reason, b.conflict === '1' || b.conflict === 'true');
    }),
  );
  router.post(
    '/cases/:id/reply',
    action('reply', (req, a, c) => deps.service.lawyerReply(c.caseId, lawyerOnly(a), parse(replySchema, req.body, 'console_reply').text)),
  );
  router.post(
    '/cases/:id/notes',
    action('note', async (req, a, c) => {
      lawyerOnly(a);
      return deps.notes.add({ caseId: c.caseId, authorId: a.user.id, authorName: a.user.displayName, text: parse(noteSchema, req.body, 'console_note').text });
    }),
  );
  router.post(
    '/cases/:id/close',
    action('close', (req, a, c) => {
      const { outcome } = parse(closeSchema, req.body, 'console_close');
      if (a.user.role === 'coordinator') return deps.service.close(c.caseId, outcome, { coordinator: true });
      return deps.service.close(c.caseId, outcome, { lawyerId: lawyerOnly(a) });
    }),
  );
  router.post(
    '/cases/:id/reassign',
    action('reassign', (req, a, c) => {
      coordinatorOnly(a);
      return deps.service.reassign(c.caseId, parse(reassignSchema, req.body, 'console_reassign').lawyerId);
    }),
  );

  // --- coordinator: SLA board and rota ----------------------------------------------------
  router.get(
    '/sla',
    wrap(async (req, res) => {
      const a = await requireUser(req, res);
      if (!a) return;
      coordinatorOnly(a);
      const { lawyers } = await lookups();
      const filter = { statuses: ['waiting', 'offered', 'live', 'ended_by_citizen'] as HandoffCase['status'][], ...(a.user.servicePoints.length ? { wards: a.user.servicePoints } : {}) };
      res.type('html').send(slaPage(page(a), await deps.service.listCases(filter), now(), lawyers));
    }),
  );

  router.post(
    '/sla/tick',
    wrap(async (req, res) => {
      const a = await requireUser(req, res);
      if (!a) return;
      checkCsrf(req, a);
      coordinatorOnly(a);
      const report = await deps.service.tick();
      if (wantsJson(req)) res.json(report);
      else res.redirect(303, '/console/sla');
    }),
  );

  const renderRota = async (a: Authed, message?: string) => {
    const { rota, lawyers, points } = await lookups();
    const today = localParts(now()).date;
    const days = Array.from({ length: 7 }, (_, i) => addDays(today, i));
    let slots = dutySlots(rota, fromLocal(today, '00:00'), fromLocal(addDays(today, 7), '00:00'));
    if (a.user.servicePoints.length) slots = slots.filter((s) => a.user.servicePoints.includes(s.servicePoint));
    const shown = a.user.servicePoints.length ? new Map([...points].filter(([k]) => a.user.servicePoints.includes(k))) : points;
    return rotaPage({ u: page(a), days, slots, lawyers, points: shown, message });
  };

  router.get(
    '/rota',
    wrap(async (req, res) => {
      const a = await requireUser(req, res);
      if (!a) return;
      coordinatorOnly(a);
      res.type('html').send(await renderRota(a));
    }),
  );

  router.post(
    '/rota/exceptions',
    wrap(async (req, res) => {
      const a = await requireUser(req, res);
      if (!a) return;
      checkCsrf(req, a);
      coordinatorOnly(a);
      const b = parse(exceptionSchema, req.body, 'console_rota_exception');
      if (!(await deps.rota.getLawyer(b.lawyerId))) throw new AppError('bad_request:console_rota_exception', `Unknown lawyer ${b.lawyerId}`);
      const rota = await deps.rota.loadRota();
      if (!lawyerScope(a.user, rota, b.lawyerId).touches) throw wardDenied(req, a, `rota_${b.kind}`, b.lawyerId);
      if (b.kind === 'extra' && a.user.servicePoints.length && !a.user.servicePoints.includes(b.servicePoint ?? '')) {
        throw wardDenied(req, a, 'rota_extra', `${b.lawyerId}@${b.servicePoint ?? ''}`);
      }
      const id = globalThis.crypto.randomUUID();
      if (b.kind === 'leave') deps.rota.addException({ id, lawyerId: b.lawyerId, kind: 'leave', date: b.date, dateTo: b.dateTo || b.date });
      else {
        if (!(await deps.rota.getServicePoint(b.servicePoint!))) throw new AppError('bad_request:console_rota_exception', 'Unknown service point');
        deps.rota.addException({ id, lawyerId: b.lawyerId, kind: 'extra', date: b.date, servicePoint: b.servicePoint!, start: b.start!, end: b.end! });
      }
      deps.accessLog.record({ userId: a.user.id, username: a.user.username, role: a.user.role, action: `rota_${b.kind}`, allowed: true, detail: b.lawyerId });
      res.type('html').send(await renderRota(a, 'Đã lưu thay đổi lịch trực.'));
    }),
  );

  const importSchema = z.object({ lawyersCsv: z.string().min(1).max(2_000_000), shiftsCsv: z.string().max(2_000_000).optional() });
  router.post(
    '/rota/import',
    wrap(async (req, res) => {
      const a = await requireUser(req, res);
      if (!a) return;
      checkCsrf(req, a);
      coordinatorOnly(a);
      const b = parse(importSchema, req.body, 'console_rota_import');
      const current = await deps.rota.loadRota();
      const result = validateRotaCsv({
        lawyersCsv: b.lawyersCsv,
        shiftsCsv: b.shiftsCsv?.trim() ? b.shiftsCsv : undefined,
        servicePoints: current.servicePoints,
        existingLawyerIds: current.lawyers.map((l) => l.id),
      });
      if (result.errors.length === 0 && a.user.servicePoints.length) {
        // A ward coordinator may load only lawyers wholly of their wards (existing ones must
        // already be theirs alone) and shifts at their service points.
        const mine = new Set(a.user.servicePoints);
        const existing = new Set(current.lawyers.map((l) => l.id));
        const outside = [
          ...result.lawyers.filter((l) => (existing.has(l.id) && !lawyerScope(a.user, current, l.id).owns) || l.wards.some((w) => !mine.has(w))).map((l) => l.id),
          ...result.shifts.filter((s) => !mine.has(s.servicePoint)).map((s) => `${s.lawyerId}@${s.servicePoint}`),
          ...result.exceptions.filter((e) => e.kind === 'extra' && !mine.has(e.servicePoint)).map((e) => e.lawyerId),
        ];
        if (outside.length) throw wardDenied(req, a, 'rota_import', [...new Set(outside)].slice(0, 10).join(' '));
      }
      const report = formatImportReport(result);
      if (result.errors.length === 0) {
        deps.rota.importRota({
          lawyers: result.lawyers,
          schedule: b.shiftsCsv?.trim() ? { shifts: result.shifts, exceptions: result.exceptions } : undefined,
        });
      }
      deps.accessLog.record({ userId: a.user.id, username: a.user.username, role: a.user.role, action: 'rota_import', allowed: result.errors.length === 0, detail: report.split('\n')[0] });
      res.status(result.errors.length ? 400 : 200).type('html').send(await renderRota(a, report));
    }),
  );

  router.post(
    '/rota/lawyers/:lawyerId/active',
    wrap(async (req, res) => {
      const a = await requireUser(req, res);
      if (!a) return;
      checkCsrf(req, a);
      coordinatorOnly(a);
      const active = parse(z.object({ active: z.enum(['1', '0']) }), req.body, 'console_lawyer_active').active === '1';
      const id = String(req.params.lawyerId ?? '');
      if (!(await deps.rota.getLawyer(id))) throw new AppError('not_found:lawyer', `No lawyer ${id}`);
      if (!lawyerScope(a.user, await deps.rota.loadRota(), id).owns) throw wardDenied(req, a, active ? 'lawyer_activate' : 'lawyer_deactivate', id);
      if (!deps.rota.setLawyerActive(id, active)) throw new AppError('not_found:lawyer', `No lawyer ${id}`);
      deps.accessLog.record({ userId: a.user.id, username: a.user.username, role: a.user.role, action: active ? 'lawyer_activate' : 'lawyer_deactivate', allowed: true, detail: id });
      res.type('html').send(await renderRota(a, active ? 'Đã cho luật sư trực lại.' : 'Đã tạm ngừng nhận hồ sơ của luật sư.'));
    }),
  );

  // --- admin: users --------------------------------------------------------------------
  const adminOnly = (a: Authed) => {
    if (a.user.role !== 'admin') throw new AppError('forbidden:console_role', 'Only an administrator can manage accounts');
  };
  router.get(
    '/users',
    wrap(async (req, res) => {
      const a = await requireUser(req, res);
      if (!a) return;
      adminOnly(a);
      res.type('html').send(usersPage(page(a), await deps.users.list()));
    }),
  );
  router.post(
    '/users',
    wrap(async (req, res) => {
      const a = await requireUser(req, res);
      if (!a) return;
      checkCsrf(req, a);
      adminOnly(a);
      const b = parse(newUserSchema, req.body, 'console_user');
      if (b.role === 'lawyer' && (!b.lawyerId || !(await deps.rota.getLawyer(b.lawyerId)))) {
        res.status(400).type('html').send(usersPage(page(a), await deps.users.list(), undefined, 'Mã luật sư không có trong lịch trực.'));
        return;
      }
      const password = generatePassword();
      const created = await deps.users.create({
        username: b.username,
        displayName: b.displayName,
        role: b.role,
        password,
        lawyerId: b.role === 'lawyer' ? b.lawyerId : undefined,
        servicePoints: (b.servicePoints ?? '').split(/[;,\s]+/).filter(Boolean),
      });
      deps.accessLog.record({ userId: a.user.id, username: a.user.username, role: a.user.role, action: 'user_create', allowed: true, detail: created.username });
      res.type('html').send(usersPage(page(a), await deps.users.list(), { username: created.username, password }));
    }),
  );

  // --- errors --------------------------------------------------------------------------
  router.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    // Body-parser failures are the client's fault: 400 / 413, never 500.
    const type = (err as { type?: string } | null)?.type;
    const e = isAppError(err)
      ? err
      : type === 'entity.parse.failed'
        ? new AppError('bad_request:console_body', 'Malformed request body', { cause: err })
        : type === 'entity.too.large'
          ? new AppError('payload_too_large:console_body', 'Request body too large', { cause: err })
          : type === 'encoding.unsupported' || type === 'charset.unsupported' || type === 'request.aborted' || type === 'parameters.too.many'
            ? new AppError('bad_request:console_body', 'Unreadable request body', { cause: err })
            : new AppError('internal:console', 'Unexpected console error', { cause: err });
    if (e.status >= 500) deps.log?.('error', 'console error', { err: String(err) });
    if (wantsJson(req)) {
      res.status(e.status).json(e.toJSON());
      return;
    }
    const message =
      e.kind === 'forbidden'
        ? 'Anh/chị không có quyền xem hoặc thao tác hồ sơ này. Lần truy cập đã được ghi lại.'
        : e.kind === 'not_found'
          ? 'Không tìm thấy hồ sơ.'
          : e.kind === 'conflict'
            ? 'Hồ sơ vừa thay đổi trạng thái (có thể đã được chuyển cho người khác). Vui lòng tải lại.'
            : e.kind === 'bad_request'
              ? `Dữ liệu chưa hợp lệ: ${e.message}`
              : e.kind === 'payload_too_large'
                ? 'Nội dung gửi lên quá lớn.'
              : 'Hệ thống gặp lỗi, vui lòng thử lại.';
    res.status(e.status).type('html').send(errorPage(e.status, message));
  });

  return router;
}
