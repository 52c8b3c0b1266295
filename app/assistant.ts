import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { CAPABILITIES_KEY, TURN_RESULT_KEY, createTthcBot, provinceNames, type FileStore, type BotLogger, type PersonalDataEraser, type Skill, type SkillSlots, type TthcBot } from '../bot/index.js';
import { createLlmRephraser } from '../bot/llm/index.js';
import type { BotStateStore, EventBus, FeedbackEntry, FeedbackReason, FeedbackStore, FormProgressSink, JobLock, TurnLock, TurnLog, TurnLogEntry } from '../bot/ports/index.js';
import { LocalAdapter, type LocalAdapterOptions } from '../channels/local/index.js';
import { loadCatalogue } from '../knowledge/index.js';
import { embeddingsFromConfig, openRetrieval, type RetrievalProgress, type RetrievalStats } from '../retrieval/index.js';
import type { ProcedureCatalog, ProcedureRetriever } from '../retrieval/index.js';
import { SqliteFeedbackStore } from '../storage/feedback-store.js';
import { openDatabase, type Db } from '../storage/index.js';
import { SqliteStorage } from '../storage/sqlite-storage.js';
import { SqliteTurnLog } from '../storage/turn-log.js';
import { createAddressAdvisor, createFormSkills, IGNORE_FORM_PROGRESS, loadDejaVuFonts, type FormSkills } from '../bot/forms/index.js';
import { loadAdminUnits, loadForms, loadOutsideMatters } from '../knowledge/index.js';
import { SqliteFileStore, SqliteProfileStore } from '../storage/index.js';
import { PgFeedbackStore, PgFileStore, PgProfileStore, PgStorage, PgTurnLog, type PgDb } from '../storage/postgres/index.js';
import { type SealedBox } from '../storage/crypto.js';
import type { RetentionTask } from '../storage/retention.js';
import { coreDataHolders, type SubjectData } from './erasure.js';
import { createLegalAid, legalAidBox, type LegalAid } from './legal-aid.js';
import { openArticleSearch, type ArticleIndex } from '../retrieval/articles/index.js';
import type { Config } from './config.js';
import { loadKeys, type Keys } from './keys.js';
import { ProactiveRegistry } from './proactive.js';
import { loadUnderstanding, type LoadedUnderstanding } from './understanding.js';

export interface CreateAssistantOptions {
  config: Config;
  logger: BotLogger;
  clock?: () => Date;
  /**
   * Skills of the other parts, by slot (handoff, privacy, forms, triage), or a plain
   * list inserted right before small talk. See `buildSkillChain` for the order.
   */
  extraSkills?: SkillSlots | Skill[];
  /** Injected catalogue and retriever (tests); default: the shipped catalogue and `openRetrieval`. */
  catalogue?: ProcedureCatalog;
  retriever?: ProcedureRetriever;
  /** Index build/load progress (first start builds the indexes). */
  onProgress?: (p: RetrievalProgress) => void;
  /** Database file; default `DATA_DIR/tthc.sqlite`. */
  databaseFile?: string;
  /** Told after every turn what a form has filled so far (the field-accuracy evals record it); default: kept nowhere. */
  formProgress?: FormProgressSink;
  /**
   * PostgreSQL under DATABASE_URL (connected and migrated by `composeApp`): the stores that
   * exist there (citizen profiles, produced files, conversation state, turn log, feedback) live in it, shared by every process; the
   * rest stays in the SQLite database.
   */
  postgres?: PgDb;
  /** Shared by the processes of one database (`PgJobLock`): each legal-aid scheduler tick runs on one of them. Default: in-process. */
  jobLock?: JobLock;
  /** The process's event bus (`PgEventBus` under DATABASE_URL): legal aid announces case and transcript changes on it for other processes' consoles. Default: none. */
  events?: EventBus;
  /** One turn at a time per conversation across the processes of one database (`PgTurnLock`). Default: none. */
  turnLock?: TurnLock;
}

/**
 * The turn log as the app uses it, on either engine: the port, a conversation's recent turns,
 * the dashboard's opening of sealed text, erasure and retention.
 */
export interface AppTurnLog extends TurnLog, SubjectData {
  recent(conversationId: string, limit?: number): Promise<TurnLogEntry[]>;
  openText(row: { conversation_id: string; at: string; text: string }): string;
}

/** Feedback as the app uses it, on either engine: the port, review, the dashboard's opening of questions, erasure and retention. */
export interface AppFeedback extends FeedbackStore, SubjectData {
  addReason(entry: FeedbackEntry & { reason: FeedbackReason }, withinMs: number): Promise<void>;
  list(limit?: number): Promise<FeedbackEntry[]>;
  openQuestion(row: { conversation_id: string; at: string; question: string }): string;
}

export interface Assistant {
  bot: TthcBot;
  catalogue: ProcedureCatalog;
  retriever: ProcedureRetriever;
  retrievalStats?: RetrievalStats;
  db: Db;
  /** Conversation and user state (PostgreSQL under DATABASE_URL, so any process continues a conversation). */
  storage: BotStateStore;
  /** PostgreSQL under DATABASE_URL (shared by every process: the city dashboard reads it there), else SQLite. */
  turnLog: AppTurnLog;
  feedback: AppFeedback;
  /** A new in-process channel over this bot (terminal, demo data, evals, tests): no HTTP. */
  createLocalAdapter(options?: LocalAdapterOptions): LocalAdapter;
  /**
   * Registry `channelId -> ProactiveSender`: channels register how to reach their users
   * outside a turn; skills (handoff, forms) send lawyer replies and files through it.
   */
  proactive: ProactiveRegistry;
  /** turnState key under which adapters declare channel capabilities. */
  capabilitiesKey: string;
  /** turnState key under which the bot leaves each turn's `TurnResult`. */
  turnResultKey: string;
  /** File store for produced files (prefilled forms); the web channel serves its links. */
  files: FileStore;
  /** Form filling and privacy skills (bot/forms). */
  forms?: FormSkills;
  /** Triage, cases and the volunteer-lawyer system; the root builds the lawyer console from it. */
  legalAid?: LegalAid;
  /**
   * Holders of personal data that "Xoá dữ liệu của tôi" erases. Channels composed later
   * (the Direct Line transcript) add theirs.
   */
  erasers: PersonalDataEraser[];
  /** Statute article index (issue 13): legal-information answers and the officer page `/tra-cuu/luat`. */
  articles: ArticleIndex;
  /** The personal-data key (purpose sub-keys via `forPurpose`); channels seal their queues and transcripts with it. */
  secrets: SealedBox;
  /** The process's keys, loaded once here; channels take theirs from it. */
  keys: Keys;
  /** Retention tasks of the assistant's stores; channels add theirs and the root runs them all on one schedule. */
  retention: RetentionTask[];
  close(): Promise<void>;
}

/**
 * The core half of the composition root (`app/compose.ts` adds the channels): loads the
 * keys once, opens the shared SQLite database, the catalogue and the retrieval indexes
 * (building them when missing or stale), and assembles the bot with its skill chain:
 *
 *   input guard -> [handoff] -> [privacy] -> [forms] -> [triage] -> small talk -> officer -> Q&A
 *
 * The bracketed slots are filled through `extraSkills` by the handoff, forms and triage
 * parts (see `SkillSlots`).
 */
export async function createAssistant(options: CreateAssistantOptions): Promise<Assistant> {
  const { config, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const catalogue = options.catalogue ?? (await loadCatalogue());
  let retriever = options.retriever;
  let retrievalStats: RetrievalStats | undefined;
  if (!retriever) {
    const opened = await openRetrieval({
      catalogue: catalogue as Parameters<typeof openRetrieval>[0]['catalogue'],
      dataDir: config.dataDir,
      embeddings: embeddingsFromConfig(config.embeddings),
      onProgress: options.onProgress,
    });
    retriever = opened.retriever;
    retrievalStats = opened.stats;
  }
  const db = openDatabase(options.databaseFile ?? path.join(config.dataDir, 'tthc.sqlite'));
  // Personal data at rest is sealed with purpose sub-keys of the profile key.
  const keys = loadKeys(config);
  const box = keys.secrets;
  const stateOptions = { clock: clock, cipher: box.forPurpose('bot-state') };
  const storage: BotStateStore = options.postgres ? new PgStorage(options.postgres, stateOptions) : new SqliteStorage(db, stateOptions);
  const turnLogBox = box.forPurpose('turn-log');
  const turnLog: AppTurnLog = options.postgres ? new PgTurnLog(options.postgres, turnLogBox) : new SqliteTurnLog(db, turnLogBox, { topicHash: (s) => turnLogBox.lookupHash(s) });
  const feedback: AppFeedback = options.postgres ? new PgFeedbackStore(options.postgres, box.forPurpose('feedback')) : new SqliteFeedbackStore(db, box.forPurpose('feedback'));
  const holders = coreDataHolders({ turnLog, feedback, storage, retention: config.retention });
  const rephraser = config.llm ? createLlmRephraser({ ...config.llm, logger }) : undefined;

  // Form filling (bot/forms): encrypted profiles, sealed sessions, PDFs through the file store.
  // Added unless the caller fills the forms slot itself (tests of that part).
  const slots: SkillSlots = Array.isArray(options.extraSkills) ? { triage: options.extraSkills } : { ...(options.extraSkills ?? {}) };
  // Produced forms carry ID numbers: their bytes are sealed with the profile key.
  const fileOptions = { signingKey: keys.fileLinkKey, clock: clock, baseUrl: config.publicBaseUrl ?? '', cipher: box };
  const files = options.postgres ? new PgFileStore({ db: options.postgres, ...fileOptions }) : new SqliteFileStore({ db, ...fileOptions });
  const erasers: PersonalDataEraser[] = [...holders.erasers, { name: 'files', erase: async (s) => files.deleteConversation(s.conversationId) }];
  const retention: RetentionTask[] = [...holders.retention];

  // Legal aid (bot/triage + bot/handoff + channels/console): triage opens cases in the
  // encrypted case store, the lawyer system routes them and relays the lawyer's replies.
  // Channels register their senders here once composed; the lawyer system reads it when it sends.
  const proactive = new ProactiveRegistry();
  const outsideMatters = loadOutsideMatters();
  let legalAid: LegalAid | undefined;
  if (!slots.triage && !slots.handoff) {
    legalAid = await createLegalAid({
      db,
      outsideMatters,
      box: legalAidBox(box),
      now: clock,
      newId: () => randomUUID(),
      logger,
      senders: (channelId) => proactive.get(channelId),
      lawyerNotify: config.lawyerNotify,
      publicBaseUrl: config.publicBaseUrl,
      postgres: options.postgres,
      jobLock: options.jobLock,
      events: options.events,
    });
    slots.handoff = legalAid.slots.handoff;
    slots.triage = legalAid.slots.triage;
    erasers.push(legalAid.eraser);
    retention.push(legalAid.retention);
  }

  // Loaded once: forms normalise addresses with them, answers name the province a citizen names.
  const units = await loadAdminUnits().catch((err: unknown) => {
    logger.warn({ err }, 'admin units unavailable: addresses will not be normalised, answers name no province');
    return undefined;
  });
  let forms: FormSkills | undefined;
  if (!slots.forms) {
    forms = createFormSkills({
      forms: await loadForms(),
      profileStore: options.postgres ? new PgProfileStore(options.postgres, box) : new SqliteProfileStore(db, box),
      fileStore: files,
      fonts: () => loadDejaVuFonts(),
      sealer: box,
      addresses: units ? createAddressAdvisor(units) : undefined,
      logger,
      clock: clock,
      progress: options.formProgress ?? IGNORE_FORM_PROGRESS,
      erasers,
    });
    slots.privacy = [...forms.slots.privacy, ...(slots.privacy ?? [])];
    slots.forms = forms.slots.forms;
  }

  const understanding: LoadedUnderstanding = await loadUnderstanding({ dataDir: config.dataDir, logger });
  const articles = (await openArticleSearch({ dataDir: config.dataDir })).index;
  const bot = createTthcBot(
    { catalogue, retriever, storage, turnLog, feedback, logger, clock: clock, rephraser, understanding: understanding.stage, articles, outsideMatters, deploymentProvince: config.deploymentProvince, provinces: units ? provinceNames(units.provinces()) : undefined, turnLock: options.turnLock },
    slots,
  );

  let closed = false;
  return {
    bot,
    catalogue,
    retriever,
    retrievalStats,
    db,
    storage,
    turnLog,
    feedback,
    createLocalAdapter: (o) => new LocalAdapter(bot, o),
    proactive,
    capabilitiesKey: CAPABILITIES_KEY,
    turnResultKey: TURN_RESULT_KEY,
    files,
    forms,
    legalAid,
    erasers,
    articles,
    secrets: box,
    keys,
    retention,
    async close() {
      if (closed) return;
      closed = true;
      legalAid?.scheduler.stop();
      db.close();
    },
  };
}
