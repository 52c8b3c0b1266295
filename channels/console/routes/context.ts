import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import type { HandoffService } from '../../../bot/handoff/index.js';
import type {
  AccessLog,
  BotLogger,
  CaseNotes,
  ConsoleSessionStore,
  ConsoleUser,
  ConsoleUserDirectory,
  EventBus,
  Lawyer,
  RateLimitStore,
  Rota,
  RotaEditor,
  RotaReader,
  ServicePoint,
} from '../../../bot/ports/index.js';
import { AppError, type ErrorPlace } from '../../../knowledge/errors.js';
import type { BucketSpec } from '../../rate-limit.js';
import type { CaseDetail, ChannelStatusView, PageUser } from '../views.js';
import { parseCookies, safeEqual, SESSION_COOKIE } from './security.js';
import { StreamRegistry } from './stream-registry.js';

/** The case use cases the console drives (the handoff service). */
export type ConsoleCaseDesk = Pick<
  HandoffService,
  'getCase' | 'listCases' | 'transcript' | 'offers' | 'subscribe' | 'accept' | 'decline' | 'lawyerReply' | 'close' | 'reassign' | 'tick'
> &
  Partial<Pick<HandoffService, 'instanceId'>>;

/** Lawyers' private notes on a case (never sent to the citizen): the console adds and reads them. */
export type ConsoleNotes = Pick<CaseNotes, 'add' | 'list'>;

/** What the console router needs: ports and settings, all given by the composition root. */
export interface ConsoleRouterDeps {
  service: ConsoleCaseDesk;
  rota: RotaReader & RotaEditor;
  users: ConsoleUserDirectory;
  sessions: ConsoleSessionStore;
  accessLog: AccessLog;
  notes: ConsoleNotes;
  /** Display detail from triage's case record (undefined for a case it does not know). */
  caseDetail: (caseId: string) => Promise<CaseDetail | undefined>;
  now: () => Date;
  /** Operator logs (no personal data). */
  logger: BotLogger;
  /** Every open SSE stream, so the owner can end them on shutdown. */
  streams: Set<Response>;
  /** Channels' live status (Zalo token health), shown at the top of every page. */
  channelStatus: () => ChannelStatusView[];
  /** Cookie `Secure` flag; `auto` (default): when the request came over https, directly or via a proxy. */
  secureCookies?: boolean | 'auto';
  /**
   * Login throttles, applied before any password hash runs: per client address (`req.ip`,
   * which follows the server's TRUST_PROXY setting) and per username (known or not).
   * Default `DEFAULT_LOGIN_LIMITS`.
   */
  loginLimits?: { perIp?: BucketSpec; perAccount?: BucketSpec };
  /**
   * Where the login throttles keep their buckets (`login:ip:…`, `login:user:…`): the root's
   * store, one budget for every process under DATABASE_URL. Default: in-process.
   */
  rateLimits?: RateLimitStore;
  /**
   * Case and transcript changes announced by every process (topic `console`): open case
   * streams here show what another process's handoff service stored. Default: none (one
   * process; the service's own events suffice).
   */
  events?: EventBus;
  /** How often an open case stream re-checks its session (expiry, logout, disabled account); default 15 s. */
  streamSessionCheckMs?: number;
}

/** A request's logged-in user, the session's CSRF token and the session's cookie token. */
export interface Authed {
  user: ConsoleUser;
  csrf: string;
  token: string;
}

/** What every route module of the console shares: its dependencies and the checks built on them. */
export interface ConsoleContext {
  deps: ConsoleRouterDeps;
  now: () => Date;
  log: (level: 'info' | 'warn' | 'error', msg: string, data?: Record<string, unknown>) => void;
  /** Open case streams, by session token, so logout ends them at once. */
  streams: StreamRegistry;
  /** Resolves the session and its user; redirects pages to the login form, 401 for API calls. */
  requireUser(req: Request, res: Response): Promise<Authed | undefined>;
  /** The session is still live and its user enabled, without touching the idle timer. */
  stillValid(a: Authed): Promise<boolean>;
  /** Synchroniser-token CSRF check for every state-changing request, plus a same-origin check. */
  checkCsrf(req: Request, a: Authed): void;
  page(a: Authed): PageUser;
  wantsJson(req: Request): boolean;
  cookieOpts(req: Request, maxAgeMs?: number): { httpOnly: true; sameSite: 'strict'; secure: boolean; path: string; maxAge?: number };
  /** The rota with its lawyers and service points by id. */
  lookups(): Promise<{ rota: Rota; lawyers: Map<string, Lawyer>; points: Map<string, ServicePoint> }>;
}

/** An async handler whose rejection reaches the console's error handler. */
export const wrap =
  (fn: (req: Request, res: Response) => Promise<void>) =>
  (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).catch(next);
  };

/** Parses a request body with zod; a failure is `bad_request:<place>` naming every field. */
export function parse<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, body: unknown, place: ErrorPlace<'bad_request'>): T {
  const r = schema.safeParse(body ?? {});
  if (!r.success) {
    throw new AppError(`bad_request:${place}`, r.error.issues.map((i) => `${i.path.join('.') || 'form'}: ${i.message}`).join('; '));
  }
  return r.data;
}

export const lawyerOnly = (a: Authed): string => {
  if (a.user.role !== 'lawyer' || !a.user.lawyerId) throw new AppError('forbidden:console_role', 'Only the lawyer can do this');
  return a.user.lawyerId;
};
export const coordinatorOnly = (a: Authed): void => {
  if (a.user.role !== 'coordinator') throw new AppError('forbidden:console_role', 'Only a coordinator can do this');
};
export const adminOnly = (a: Authed): void => {
  if (a.user.role !== 'admin') throw new AppError('forbidden:console_role', 'Only an administrator can manage accounts');
};

export function createConsoleContext(deps: ConsoleRouterDeps): ConsoleContext {
  const now = deps.now;
  const log: ConsoleContext['log'] = (level, msg, data) => deps.logger[level](data ?? {}, msg);
  const secure = (req: Request) =>
    deps.secureCookies === 'auto' || deps.secureCookies === undefined
      ? req.secure || req.get('x-forwarded-proto') === 'https'
      : deps.secureCookies;

  return {
    deps,
    now,
    log,
    streams: new StreamRegistry(deps.streams, deps.events ? { bus: deps.events, origin: deps.service.instanceId, log } : undefined),

    cookieOpts: (req, maxAgeMs) => ({
      httpOnly: true,
      sameSite: 'strict',
      secure: secure(req),
      path: '/console',
      ...(maxAgeMs ? { maxAge: maxAgeMs } : {}),
    }),

    async requireUser(req, res) {
      const token = parseCookies(req.get('cookie'))[SESSION_COOKIE];
      const session = token ? await deps.sessions.get(token) : undefined;
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
    },

    async stillValid(a) {
      const session = await deps.sessions.peek(a.token);
      if (!session || session.userId !== a.user.id) return false;
      const user = await deps.users.get(a.user.id);
      return !!user && !user.disabled;
    },

    checkCsrf(req, a) {
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
    },

    page: (a) => ({ user: a.user, csrf: a.csrf, channels: deps.channelStatus() }),
    wantsJson: (req) => req.is('application/json') === 'application/json' || req.accepts(['html', 'json']) === 'json',

    async lookups() {
      const rota = await deps.rota.loadRota();
      return {
        rota,
        lawyers: new Map<string, Lawyer>(rota.lawyers.map((l) => [l.id, l])),
        points: new Map<string, ServicePoint>(rota.servicePoints.map((p) => [p.code, p])),
      };
    },
  };
}
