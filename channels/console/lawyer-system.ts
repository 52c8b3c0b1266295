import type { Response } from 'express';
import type { HandoffService } from '../../bot/handoff/index.js';
import type { AccessLog, BotLogger, Case, CaseNotes, ConsoleSessionStore, ConsoleUser, ConsoleUserDirectory, RotaReader, RotaEditor } from '../../bot/ports/index.js';
import { SqliteAccessLog } from '../../storage/console-access-log.js';
import { SqliteConsoleSessions } from '../../storage/console-sessions.js';
import { SqliteConsoleUsers } from '../../storage/console-users.js';
import type { Db } from '../../storage/sqlite.js';
import type { ChannelParts } from '../parts.js';
import { createConsoleRouter, type ConsoleRouterDeps } from './router.js';
import type { CaseDetail, ChannelStatusView } from './views.js';

/** The account directory with what administrators and commands use besides the port (both engines' stores have it). */
export interface ConsoleAccountDirectory extends ConsoleUserDirectory {
  findByUsername(username: string): Promise<ConsoleUser | undefined>;
  setDisabled(id: string, disabled: boolean): Promise<void>;
  setPassword(id: string, password: string): Promise<void>;
}

/**
 * The console's accounts, sessions and access log: on PostgreSQL under DATABASE_URL (one set
 * per process, every process reading the same rows), else on the SQLite database.
 */
export interface ConsoleAccounts {
  users: ConsoleAccountDirectory;
  sessions: ConsoleSessionStore;
  accessLog: AccessLog;
}

/** What the lawyer console is given by the composition root (`app/legal-aid.ts`). */
export interface LawyerConsoleDeps {
  /** The SQLite database the console's accounts, sessions and access log live in unless `accounts` is given. */
  db: Db;
  /** The console's accounts, sessions and access log when they live elsewhere (PostgreSQL; `app/compose.ts` builds them). */
  accounts?: ConsoleAccounts;
  /** The legal-aid use cases (the handoff service on the one case model). */
  service: HandoffService;
  rota: RotaReader & RotaEditor;
  notes: CaseNotes;
  now: () => Date;
  newId: () => string;
  logger: BotLogger;
  /** Channels' live status (Zalo token health) for the line at the top of every page. */
  channelStatus: () => ChannelStatusView[];
  secureCookies?: boolean | 'auto';
  loginLimits?: ConsoleRouterDeps['loginLimits'];
  /** The root's rate-limit store (login throttles shared by every process). */
  rateLimits?: ConsoleRouterDeps['rateLimits'];
  /** The process's event bus (case streams see changes made by other processes). */
  events?: ConsoleRouterDeps['events'];
  streamSessionCheckMs?: number;
}

/** The console channel's parts plus its account directory (the `users:add` command and tests create users) and access log. */
export interface LawyerConsole extends ChannelParts {
  users: ConsoleAccountDirectory;
  accessLog: AccessLog;
}

const SERVICE_LABELS: Record<string, string> = { advice: 'Tư vấn', drafting: 'Soạn thảo giấy tờ', representation: 'Đại diện' };

/** What the console shows a lawyer about a case (minimised: no contact data beyond the channel). */
export function caseDetailOf(c: Case): CaseDetail {
  const e = c.eligibility;
  return {
    servicePointName: c.servicePoint,
    summary: c.summary,
    signals: c.signals,
    service: SERVICE_LABELS[c.service] ?? c.service,
    safeToContact: c.contact.safeToContact,
    preferredTime: c.contact.preferredTime,
    deadlineDue: c.deadline?.dueDate,
    eligibility: e ? [e.groupClaimed, e.clause && `Điều 7 khoản ${e.clause}`, e.referToTgplCenter ? 'có thể thuộc diện trợ giúp pháp lý' : ''].filter(Boolean).join(', ') : undefined,
    adverseParties: c.parties.adverseParties.map((p) => (p.role ? `${p.name} (${p.role})` : p.name)),
    citedArticles: c.citedArticles.length ? c.citedArticles : undefined,
  };
}

/**
 * The volunteer lawyers' console as a channel: its router (mount at `/console`) over the
 * legal-aid service, rota and notes it is given, its own accounts, sessions and access log,
 * and a worker whose stop ends the live case streams. It composes nothing else and starts
 * nothing itself; the legal-aid scheduler belongs to `app/legal-aid.ts`.
 */
export function createLawyerConsole(deps: LawyerConsoleDeps): LawyerConsole {
  const { db, now, newId } = deps;
  const { users, sessions, accessLog } = deps.accounts ?? {
    users: new SqliteConsoleUsers(db, { now, newId }),
    sessions: new SqliteConsoleSessions(db, { now }),
    accessLog: new SqliteAccessLog(db, { now }),
  };
  const streams = new Set<Response>();
  const router = createConsoleRouter({
    service: deps.service,
    rota: deps.rota,
    users,
    sessions,
    accessLog,
    notes: deps.notes,
    caseDetail: async (id) => {
      const c = await deps.service.getCase(id);
      return c ? caseDetailOf(c) : undefined;
    },
    now,
    logger: deps.logger,
    streams,
    channelStatus: deps.channelStatus,
    secureCookies: deps.secureCookies,
    loginLimits: deps.loginLimits,
    rateLimits: deps.rateLimits,
    events: deps.events,
    streamSessionCheckMs: deps.streamSessionCheckMs,
  });
  return {
    name: 'console',
    router,
    path: '/console',
    users,
    accessLog,
    workers: [
      {
        name: 'console-streams',
        start: () => undefined,
        stop: () => {
          for (const res of streams) res.end();
          streams.clear();
        },
      },
    ],
  };
}
