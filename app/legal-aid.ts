import type { OutsideMatter } from '../knowledge/index.js';
import { createHandoffSkill, HandoffService, type TickReport } from '../bot/handoff/index.js';
import type {
  BotLogger,
  CaseNotes,
  CaseRepository,
  EventBus,
  JobLock,
  JobRun,
  PersonalDataEraser,
  ProactiveSender,
  ProactiveSenderLookup,
  SealedBox,
  TranscriptRepository,
} from '../bot/ports/index.js';
import { createTriageSkill } from '../bot/triage/index.js';
import type { Skill } from '../bot/types.js';
import { createLawyerConsole, type LawyerConsole, type LawyerConsoleDeps } from '../channels/console/lawyer-system.js';
import { createLawyerNotifier } from '../channels/console/notify.js';
import type { ChannelStatusView } from '../channels/console/views.js';
import type { ChannelParts, ChannelWorker } from '../channels/parts.js';
import { SqliteCaseStore } from '../storage/case-store.js';
import { SqliteConsoleNotes } from '../storage/console-notes.js';
import { SqliteTranscriptStore } from '../storage/console-transcript.js';
import { MemoryJobLock } from '../storage/job-lock-memory.js';
import { PgCaseStore, PgConsoleNotes, PgRotaStore, PgTranscriptStore, type PgDb } from '../storage/postgres/index.js';
import type { RetentionTask } from '../storage/retention.js';
import { SqliteRotaStore, type RotaStore } from '../storage/rota-store.js';
import type { Db } from '../storage/sqlite.js';

/**
 * Legal aid's sealed box: the project's box with every binding prefixed by `purpose`
 * (`legal-aid|cases/<id>/summary_enc`; no binding is `legal-aid`). The prefix, not a derived
 * purpose key, is what sealed the cases, lawyer chat and notes already stored, so they open.
 */
export function legalAidBox(box: SealedBox, purpose = 'legal-aid'): SealedBox {
  const bind = (binding?: string) => (binding ? `${purpose}|${binding}` : purpose);
  return {
    seal: (plaintext, binding) => box.seal(plaintext, bind(binding)),
    open: (sealed, binding) => box.open(sealed, bind(binding)),
    lookupHash: (value) => box.lookupHash(`${purpose}|${value}`),
    forPurpose: (sub) => legalAidBox(box, `${purpose}/${sub}`),
  };
}

export interface LegalAidOptions {
  db: Db;
  /** The reviewed matters outside the catalogue, loaded once by the root (triage says where such a dispute goes). */
  outsideMatters?: readonly OutsideMatter[];
  /** Seals the case intake, the lawyer chat and the notes (`legalAidBox(box)`). */
  box: SealedBox;
  now: () => Date;
  newId: () => string;
  logger: BotLogger;
  /** channelId → proactive sender: the process's one registry, read when a message is sent. */
  senders: ProactiveSenderLookup;
  /** `config.lawyerNotify`: where lawyers are told about offers besides the console. */
  lawyerNotify?: { webhookUrl?: string; smtpUrl?: string };
  /** `config.publicBaseUrl`, for links to the console in lawyer notices. */
  publicBaseUrl?: string;
  /** Per channel, how long after the citizen's last message replies are still delivered (default: zalo 7 days). */
  replyWindowsMs?: Record<string, number>;
  /** Scheduler period (re-offers, SLA flags); 0 leaves the scheduler to `tick()` (tests). Default 60 s. */
  tickIntervalMs?: number;
  /** Ward used when neither the channel nor the citizen names one. */
  defaultServicePoint?: string;
  botVersion?: string;
  /**
   * PostgreSQL under DATABASE_URL: cases, rota, lawyer chat and notes live there (sealed with
   * the same `box`), shared by every process. Without it they live in the SQLite `db`.
   */
  postgres?: PgDb;
  /**
   * Who may run a scheduler tick: with several processes on one database, a lock they share
   * (`PgJobLock`), so each tick runs on one process. Default: an in-process `MemoryJobLock`.
   */
  jobLock?: JobLock;
  /**
   * The process's event bus (PostgreSQL under DATABASE_URL): the handoff service announces
   * case and transcript changes on it (`console`), and the console's case streams follow
   * other processes' changes. Default: none (one process).
   */
  events?: EventBus;
}

/** Name of the scheduler's job under `jobLock`. */
export const LEGAL_AID_TICK_JOB = 'legal-aid-tick';

/** The console's settings that are not legal aid's (cookies, login throttles, stream checks). */
export type ConsoleSettings = Pick<LawyerConsoleDeps, 'secureCookies' | 'loginLimits' | 'rateLimits' | 'streamSessionCheckMs'>;

export interface LegalAid {
  cases: CaseRepository;
  rota: RotaStore;
  transcript: TranscriptRepository;
  notes: CaseNotes;
  /** The legal-aid use cases on the one case model (opening, routing, live chat, closing). */
  service: HandoffService;
  /** Skills for `createAssistant`'s `handoff` and `triage` slots. */
  slots: { handoff: Skill[]; triage: Skill[] };
  /** Re-offers lapsed offers, routes unrouted cases, flags breached service levels, every `tickIntervalMs`. */
  scheduler: ChannelWorker;
  /** "Xoá dữ liệu của tôi": the citizen's cases with their offers, lawyer chat and notes. */
  eraser: PersonalDataEraser;
  /** Cases past their retention date, with their offers, lawyer chat and notes. */
  retention: RetentionTask;
  /** The lawyer console over this legal aid (a channel's parts: router at `/console`, workers). */
  console(deps: { channelStatus: () => ChannelStatusView[] } & ConsoleSettings): LawyerConsole;
  /** What the composition root serves: the lawyer console and the scheduler as channel parts. */
  parts(deps: { channelStatus: () => ChannelStatusView[] } & ConsoleSettings): ChannelParts[];
  tick(): Promise<TickReport>;
  /** What the scheduler runs each period: `tick()` under the job lock, skipped (`ran: false`) while another process (or this one) runs it. */
  scheduledTick(): Promise<JobRun<TickReport>>;
  /** Delete-my-data for one citizen: how many cases went. */
  deleteUserData(userId: string): Promise<number>;
  /** Retention at `now`: how many cases went. */
  purgeExpired(now: Date): Promise<number>;
}

/**
 * Composes the legal-aid part on an open database: the case store (one case model), rota,
 * lawyer chat and notes, the lawyer notifier (Zalo through the registry, then the webhook),
 * the handoff service, the triage and handoff skills, the scheduler, erasure and retention.
 * Triage opens a case through the service (the one path), which routes it at once.
 */
export async function createLegalAid(opts: LegalAidOptions): Promise<LegalAid> {
  const { db, box, now, newId, logger, postgres } = opts;
  const cases: CaseRepository = postgres ? new PgCaseStore(postgres, { box, clock: now }) : new SqliteCaseStore(db, { box, clock: now });
  const rota: RotaStore = postgres ? new PgRotaStore(postgres) : new SqliteRotaStore(db);
  const transcript: TranscriptRepository = postgres ? new PgTranscriptStore(postgres, box) : new SqliteTranscriptStore(db, box);
  const notes: CaseNotes = postgres ? new PgConsoleNotes(postgres, box, { now, newId }) : new SqliteConsoleNotes(db, box, { now, newId });
  const jobLock = opts.jobLock ?? new MemoryJobLock();
  const log = (level: 'info' | 'warn' | 'error', msg: string, data?: Record<string, unknown>) => logger[level](data ?? {}, msg);
  // Lawyers who follow the OA are told through Zalo, through whatever the registry holds then.
  const zalo: ProactiveSender = {
    send: async (address, messages, options) => {
      const sender = opts.senders('zalo');
      if (!sender) throw new Error('the Zalo channel is not configured');
      return sender.send(address, messages, options);
    },
  };
  const windows = opts.replyWindowsMs ?? { zalo: 7 * 86_400_000 };
  const service = new HandoffService({
    rota,
    cases,
    transcript,
    notifier: createLawyerNotifier({ zalo, webhookUrl: opts.lawyerNotify?.webhookUrl, smtpUrl: opts.lawyerNotify?.smtpUrl, log }),
    senders: opts.senders,
    now,
    newId,
    consoleUrl: opts.publicBaseUrl ? `${opts.publicBaseUrl.replace(/\/+$/, '')}/console` : undefined,
    replyWindowMs: (channelId) => windows[channelId],
    log,
    events: opts.events,
  });
  const triage = await createTriageSkill({ cases: service, defaultServicePoint: opts.defaultServicePoint, botVersion: opts.botVersion, outsideMatters: opts.outsideMatters });

  const scheduledTick = () => jobLock.runExclusive(LEGAL_AID_TICK_JOB, () => service.tick());
  let timer: NodeJS.Timeout | undefined;
  const scheduler: ChannelWorker = {
    name: 'legal-aid-scheduler',
    start() {
      const every = opts.tickIntervalMs ?? 60_000;
      if (timer || every <= 0) return;
      timer = setInterval(() => {
        scheduledTick().catch((err: unknown) => log('error', 'handoff tick failed', { err: String(err) }));
      }, every);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };

  const removeCases = async (ids: readonly string[]): Promise<number> => {
    await transcript.deleteCases(ids);
    await notes.deleteCases(ids);
    return cases.deleteCases(ids);
  };
  const deleteUserData = async (userId: string): Promise<number> => {
    const ids = await cases.deleteByUser(userId);
    await transcript.deleteCases(ids);
    await notes.deleteCases(ids);
    return ids.length;
  };
  const purgeExpired = async (at: Date): Promise<number> => removeCases(await cases.expiredIds(at));
  const consoleFor = (deps: { channelStatus: () => ChannelStatusView[] } & ConsoleSettings): LawyerConsole =>
    createLawyerConsole({ db, service, rota, notes, now, newId, logger, events: opts.events, ...deps });

  return {
    cases,
    rota,
    transcript,
    notes,
    service,
    slots: { handoff: [createHandoffSkill(service)], triage: [triage] },
    scheduler,
    eraser: { name: 'legal-aid', erase: (s) => deleteUserData(s.userId) },
    retention: { name: 'cases', run: purgeExpired },
    console: consoleFor,
    parts: (deps) => [consoleFor(deps), { name: 'legal-aid', workers: [scheduler] }],
    tick: () => service.tick(),
    scheduledTick,
    deleteUserData,
    purgeExpired,
  };
}
