import type { Express, Response } from 'express';
import {
  HandoffService,
  createHandoffSkill,
  isLegalArea,
  wardResolver,
  type CaseOpening,
  type HandoffCase,
  type LawyerNotifier,
  type ProactiveSenderLookup,
  type TickReport,
  type Urgency,
} from '../../bot/handoff/index.js';
import type { OutgoingMessage, ProactiveSender, Skill } from '../../bot/types.js';
import type { CaseRecord, CaseStore, FieldCipher } from '../../storage/case-store.js';
import { SqliteAccessLog } from '../../storage/console-access-log.js';
import { SqliteConsoleNotes } from '../../storage/console-notes.js';
import { SqliteConsoleSessions } from '../../storage/console-sessions.js';
import { SqliteTranscriptStore } from '../../storage/console-transcript.js';
import { SqliteConsoleUsers } from '../../storage/console-users.js';
import { SqliteHandoffStore, SqliteRotaStore } from '../../storage/rota-store.js';
import type { Db } from '../../storage/sqlite.js';
import { createLawyerNotifier } from './notify.js';
import { createConsoleRouter, type ConsoleRouterDeps } from './router.js';
import type { CaseDetail, ChannelStatusView } from './views.js';

type LogFn = (level: 'info' | 'warn' | 'error', msg: string, data?: Record<string, unknown>) => void;

/** Pino-like logger (structural, so channels do not depend on app/). */
export interface LoggerLike {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface LawyerSystemOptions {
  /** `config.lawyerNotify` and `config.publicBaseUrl`. */
  lawyerNotify?: { webhookUrl?: string; smtpUrl?: string; smtpFrom?: string };
  publicBaseUrl?: string;
  logger?: LoggerLike;
  now?: () => Date;
  newId?: () => string;
  /**
   * Encrypts transcript and notes at rest (`fieldCipher(box)` from legal-aid.ts). Required:
   * there is no plaintext default; a test passes a test cipher explicitly.
   */
  cipher: FieldCipher;
  /** Scheduler period for `tick()` (re-offers, SLA flags); 0 disables the timer. */
  tickIntervalMs?: number;
  /** Cookie `Secure` flag; `auto` follows the request (https or X-Forwarded-Proto). */
  secureCookies?: boolean | 'auto';
  /** Per channel, how long after the citizen's last message replies are still delivered (default: zalo 7 days). */
  replyWindowsMs?: Record<string, number>;
  /** Replaces the default notifier (tests). */
  notifier?: LawyerNotifier;
  /** Login throttles (per address, per username); defaults in `DEFAULT_LOGIN_LIMITS`. */
  loginLimits?: ConsoleRouterDeps['loginLimits'];
  /** How often an open case stream re-checks its session (default 15 s). */
  streamSessionCheckMs?: number;
}

export interface LawyerSystemAttach {
  db: Db;
  /** Triage's case store: cases it opens are routed, and routing status is mirrored back. */
  caseStore?: CaseStore;
  /** channelId → proactive sender (the server's registry). */
  senders?: ProactiveSenderLookup;
  /** Zalo proactive sender, for notifying lawyers who follow the OA. */
  zaloSender?: ProactiveSender;
}

/** What `app/server.ts` hands a mount (structural subset of its `ChannelMountDeps`). */
export interface ConsoleMountDeps {
  db: Db;
  proactive: { get(channelId: string): ProactiveSender | undefined };
  /** Channels' live status (the server's registry), for the token-health line of the console. */
  channelStatus?: { list(): ChannelStatusView[] };
  onClose(fn: () => void | Promise<void>): void;
}

const URGENCY_FROM_TRIAGE: Record<string, Urgency> = {
  emergency: 'emergency',
  '24h': 'deadline',
  '3_working_days': 'soon',
  routine: 'routine',
};

const SERVICE_LABELS: Record<string, string> = { advice: 'Tư vấn', drafting: 'Soạn thảo giấy tờ', representation: 'Đại diện' };

/**
 * The volunteer-lawyer part of the product, composed: rota and routing stores, the handoff
 * service, its skill (for `createAssistant({ extraSkills })`), the console router and the
 * scheduler. Created before the assistant (the skill passes turns through until attached),
 * attached to the assistant's database and case store, then mounted on the server.
 */
export class LawyerSystem {
  readonly skill: Skill;
  private attached?: {
    service: HandoffService;
    rota: SqliteRotaStore;
    routing: SqliteHandoffStore;
    transcript: SqliteTranscriptStore;
    notes: SqliteConsoleNotes;
    users: SqliteConsoleUsers;
    sessions: SqliteConsoleSessions;
    accessLog: SqliteAccessLog;
    caseStore?: CaseStore;
    unsubscribe?: () => void;
  };
  private senders: ProactiveSenderLookup = () => undefined;
  private channelStatus: () => ChannelStatusView[] = () => [];
  private timer?: NodeJS.Timeout;
  private readonly streams = new Set<Response>();
  private readonly log: LogFn;

  constructor(private readonly opts: LawyerSystemOptions) {
    const l = opts.logger;
    this.log = (level, msg, data) => l?.[level](data ?? {}, msg);
    // Until attached (the database comes with the assistant) the skill lets every turn through.
    this.skill = {
      name: 'handoff',
      handle: (turn, next) => (this.attached ? this.innerSkill.handle(turn, next) : next()),
    };
  }

  private innerSkillCache?: Skill;
  private get innerSkill(): Skill {
    this.innerSkillCache ??= createHandoffSkill(this.service);
    return this.innerSkillCache;
  }

  get isAttached(): boolean {
    return !!this.attached;
  }

  get service(): HandoffService {
    return this.require().service;
  }

  get stores() {
    const a = this.require();
    return { rota: a.rota, routing: a.routing, transcript: a.transcript, notes: a.notes, users: a.users, sessions: a.sessions, accessLog: a.accessLog };
  }

  private require() {
    if (!this.attached) throw new Error('LawyerSystem is not attached to a database yet: call attach({ db }) first');
    return this.attached;
  }

  /** Opens the stores on `db` and subscribes to triage's case store. Idempotent per system. */
  attach(deps: LawyerSystemAttach): this {
    if (deps.senders) this.senders = deps.senders;
    if (this.attached) {
      if (deps.caseStore && !this.attached.caseStore) this.connectCaseStore(deps.caseStore);
      return this;
    }
    const { db } = deps;
    const now = this.opts.now;
    const rota = new SqliteRotaStore(db);
    const routing = new SqliteHandoffStore(db);
    const transcript = new SqliteTranscriptStore(db, this.opts.cipher);
    const notes = new SqliteConsoleNotes(db, this.opts.cipher, { now, newId: this.opts.newId });
    const users = new SqliteConsoleUsers(db, { now, newId: this.opts.newId });
    const sessions = new SqliteConsoleSessions(db, { now });
    const accessLog = new SqliteAccessLog(db, { now });
    // Without an explicit Zalo sender, use the one the Zalo channel registers on the server.
    const zalo: ProactiveSender = deps.zaloSender ?? {
      send: async (address, messages, options) => {
        const sender = this.senders('zalo');
        if (!sender) throw new Error('the Zalo channel is not configured');
        // The delivery report is the truth the notifier acts on (fallback when not delivered).
        return sender.send(address, messages, options);
      },
    };
    const windows = this.opts.replyWindowsMs ?? { zalo: 7 * 86_400_000 };
    const notifier =
      this.opts.notifier ??
      createLawyerNotifier({
        zalo,
        webhookUrl: this.opts.lawyerNotify?.webhookUrl,
        smtpUrl: this.opts.lawyerNotify?.smtpUrl,
        log: this.log,
      });
    const service = new HandoffService({
      rota,
      cases: routing,
      transcript,
      notifier,
      senders: (ch) => this.senders(ch),
      now,
      newId: this.opts.newId,
      consoleUrl: this.opts.publicBaseUrl ? `${this.opts.publicBaseUrl.replace(/\/+$/, '')}/console` : undefined,
      onCaseChanged: (c) => this.mirror(c),
      replyWindowMs: (channelId) => windows[channelId],
      log: this.log,
    });
    this.attached = { service, rota, routing, transcript, notes, users, sessions, accessLog };
    if (deps.caseStore) this.connectCaseStore(deps.caseStore);
    return this;
  }

  private connectCaseStore(store: CaseStore): void {
    const a = this.require();
    a.caseStore = store;
    a.unsubscribe = store.subscribe(async (event) => {
      if (event.type !== 'opened') return;
      await a.service.openCase(await this.openingFrom(event.case));
    });
  }

  /**
   * For triage's `onCaseOpened` hook: routes the new case and returns the "when to expect
   * contact" message that triage appends to its reply (so the citizen is told once).
   */
  readonly onCaseOpened = async (record: CaseRecord): Promise<OutgoingMessage | undefined> => {
    if (!this.attached) return undefined;
    const a = this.attached;
    const { case: c, citizenMessage } = await a.service.openCase(await this.openingFrom(record));
    if (!c.announced) await a.routing.updateCase(c.caseId, { announced: true });
    return citizenMessage;
  };

  /** Maps triage's escalation record to what routing needs (no narrative). */
  async openingFrom(r: CaseRecord): Promise<CaseOpening> {
    const rota = await this.require().rota.loadRota();
    const ward = wardResolver(rota.servicePoints)(r.servicePoint);
    return {
      caseId: r.id,
      ward,
      legalArea: isLegalArea(r.area) ? r.area : undefined,
      urgency: URGENCY_FROM_TRIAGE[r.urgency] ?? 'routine',
      deadline: r.deadline?.dueDate,
      conflictWithServicePoint: r.parties.conflictServicePointAuthority,
      address: r.address,
    };
  }

  /** Mirrors routing status into triage's record (best effort; the routing store is the truth). */
  private async mirror(c: HandoffCase): Promise<void> {
    const store = this.attached?.caseStore;
    if (!store) return;
    try {
      const r = await store.get(c.caseId);
      if (!r) return;
      const actor = 'system:rota';
      if (c.status === 'waiting' && r.status !== 'open' && r.status !== 'closed') {
        await store.transition(c.caseId, { to: 'open', lawyerId: r.offeredTo, reason: 'reoffer', actor });
      } else if (c.status === 'offered' && (r.status !== 'offered' || r.offeredTo !== c.lawyerId)) {
        if (r.status === 'offered' && r.offeredTo) await store.transition(c.caseId, { to: 'open', lawyerId: r.offeredTo, reason: 'declined or lapsed', actor });
        await store.transition(c.caseId, { to: 'offered', lawyerId: c.lawyerId, actor });
      } else if (c.status === 'live' && r.status !== 'live') {
        if (r.status !== 'assigned') await store.transition(c.caseId, { to: 'assigned', lawyerId: c.lawyerId, actor: `lawyer:${c.lawyerId}` });
        await store.transition(c.caseId, { to: 'live', actor: `lawyer:${c.lawyerId}` });
      } else if (c.status === 'closed' && r.status !== 'closed') {
        await store.transition(c.caseId, { to: 'closed', reason: c.outcome, actor: c.lawyerId ? `lawyer:${c.lawyerId}` : 'coordinator' });
      }
    } catch (err) {
      this.log('warn', 'could not mirror routing status into the case record', { caseId: c.caseId, err: String(err) });
    }
  }

  /** Display detail for the console from triage's record (minimised). */
  private async caseDetail(caseId: string): Promise<CaseDetail | undefined> {
    const r = await this.attached?.caseStore?.get(caseId);
    if (!r) return undefined;
    const e = r.eligibility;
    return {
      servicePointName: r.servicePoint,
      summary: r.summary,
      signals: r.signals,
      service: SERVICE_LABELS[r.service] ?? r.service,
      safeToContact: r.contact.safeToContact,
      preferredTime: r.contact.preferredTime,
      deadlineDue: r.deadline?.dueDate,
      eligibility: e ? [e.groupClaimed, e.clause && `Điều 7 khoản ${e.clause}`, e.referToTgplCenter ? 'có thể thuộc diện trợ giúp pháp lý' : ''].filter(Boolean).join(', ') : undefined,
      adverseParties: r.parties.adverseParties.map((p) => (p.role ? `${p.name} (${p.role})` : p.name)),
      citedArticles: r.citedArticles.length ? r.citedArticles : undefined,
    };
  }

  /** The console router (mount at `/console`). */
  router() {
    const a = this.require();
    return createConsoleRouter({
      service: a.service,
      rota: a.rota,
      users: a.users,
      sessions: a.sessions,
      accessLog: a.accessLog,
      notes: a.notes,
      caseDetail: (id) => this.caseDetail(id),
      now: this.opts.now,
      secureCookies: this.opts.secureCookies,
      log: this.log,
      streams: this.streams,
      loginLimits: this.opts.loginLimits,
      streamSessionCheckMs: this.opts.streamSessionCheckMs,
      channelStatus: () => this.channelStatus(),
    });
  }

  /**
   * A mount for `createServer({ mounts })`: attaches to the server's database and proactive
   * registry when not attached yet, serves `/console`, starts the scheduler, stops on close.
   */
  readonly mount = (app: Express, deps: ConsoleMountDeps): void => {
    this.attach({ db: deps.db, senders: (ch) => deps.proactive.get(ch) });
    const registry = deps.channelStatus;
    if (registry) this.channelStatus = () => registry.list();
    app.use('/console', this.router());
    this.start();
    deps.onClose(() => this.stop());
  };

  /** Runs one scheduler pass now (tests, the SLA board button). */
  async tick(): Promise<TickReport> {
    return this.require().service.tick();
  }

  start(): void {
    const every = this.opts.tickIntervalMs ?? 60_000;
    if (this.timer || every <= 0) return;
    this.timer = setInterval(() => {
      this.tick().catch((err: unknown) => this.log('error', 'handoff tick failed', { err: String(err) }));
    }, every);
    this.timer.unref();
  }

  /** Stops the scheduler, ends live console streams and unsubscribes from the case store. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const res of this.streams) res.end();
    this.streams.clear();
    this.attached?.unsubscribe?.();
    if (this.attached) this.attached.unsubscribe = undefined;
  }

  /** Retention: routing records, live transcript and notes of cases past their retention date. */
  purgeCases(caseIds: readonly string[]): number {
    const a = this.require();
    const ids = [...caseIds];
    return a.routing.deleteCases(ids) + a.transcript.deleteCases(ids) + a.notes.deleteCases(ids);
  }

  /** Delete-my-data: routing records, live transcript and notes of a citizen's cases. */
  async deleteUserData(userId: string): Promise<number> {
    const a = this.require();
    const ids = await a.routing.deleteByUser(userId);
    a.transcript.deleteCases(ids);
    a.notes.deleteCases(ids);
    return ids.length;
  }
}

export function createLawyerSystem(opts: LawyerSystemOptions): LawyerSystem {
  return new LawyerSystem(opts);
}
