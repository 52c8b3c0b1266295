import path from 'node:path';
import {
  CAPABILITIES_KEY,
  TURN_RESULT_KEY,
  createTthcBot,
  type FileStore,
  type BotLogger,
  type ConversationAddress,
  type DeliveryReport,
  type OutgoingMessage,
  type PersonalDataEraser,
  type ProactiveSendOptions,
  type ProactiveSender,
  type Skill,
  type SkillSlots,
  type TthcBot,
} from '../bot/index.js';
import { createLlmRephraser } from '../bot/llm/index.js';
import { TestAdapter, type TestAdapterOptions } from '../bot/testing/test-adapter.js';
import { AppError, loadCatalogue } from '../knowledge/index.js';
import { embeddingsFromConfig, openRetrieval, type RetrievalProgress, type RetrievalStats } from '../retrieval/index.js';
import type { ProcedureCatalog, ProcedureRetriever } from '../retrieval/index.js';
import { SqliteFeedbackStore } from '../storage/feedback-store.js';
import { openDatabase, type Db } from '../storage/index.js';
import { SqliteStorage } from '../storage/sqlite-storage.js';
import { SqliteTurnLog } from '../storage/turn-log.js';
import { createAddressAdvisor, createFormSkills, loadDejaVuFonts, type FormSkills } from '../bot/forms/index.js';
import { loadAdminUnits, loadForms, loadOutsideMatters } from '../knowledge/index.js';
import { createSecretBox, loadOrCreateFileLinkKey, loadOrCreateProfileKey, SqliteFileStore, SqliteProfileStore } from '../storage/index.js';
import { rowCipher, type MasterSecretBox } from '../storage/crypto.js';
import type { RetentionTask } from '../storage/retention.js';
import { coreDataHolders } from './erasure.js';
import { createLegalAid, fieldCipher, type LegalAid } from '../channels/console/legal-aid.js';
import { openArticleSearch, type ArticleIndex } from '../retrieval/articles/index.js';
import type { Config } from './config.js';
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
  files?: FileStore;
  /** Keep each conversation's captured profile in memory for `forms.capturedProfile` (evals only). */
  retainCapturedProfiles?: boolean;
  /** Leave out the legal-aid part (triage, cases, lawyer handoff): retrieval-only evals and tests. */
  withoutLegalAid?: boolean;
  /** Leave out the understanding stage: every skill sees every message (tests of the old chain only). */
  withoutUnderstanding?: boolean;
}

/** Proactive senders by channel id. Implements `ProactiveSender` itself by routing on `address.channelId`. */
export class ProactiveRegistry implements ProactiveSender {
  private readonly senders = new Map<string, ProactiveSender>();

  register(channelId: string, sender: ProactiveSender): void {
    this.senders.set(channelId, sender);
  }

  get(channelId: string): ProactiveSender | undefined {
    return this.senders.get(channelId);
  }

  /** Routes to the channel's sender with the options, and returns its delivery report (if it gives one). */
  async send(address: ConversationAddress, messages: OutgoingMessage[], options?: ProactiveSendOptions): Promise<void | DeliveryReport> {
    const sender = this.senders.get(address.channelId);
    if (!sender) throw new AppError('unavailable:proactive_channel', `No proactive sender registered for channel "${address.channelId}"`);
    return sender.send(address, messages, options);
  }
}

export interface Assistant {
  bot: TthcBot;
  catalogue: ProcedureCatalog;
  retriever: ProcedureRetriever;
  retrievalStats?: RetrievalStats;
  db: Db;
  storage: SqliteStorage;
  turnLog: SqliteTurnLog;
  feedback: SqliteFeedbackStore;
  /** A new in-process adapter over this bot (terminal, evals, tests): no HTTP. */
  createTestAdapter(options?: TestAdapterOptions): TestAdapter;
  /**
   * Registry `channelId -> ProactiveSender`: channels register how to reach their users
   * outside a turn; skills (handoff, forms) send lawyer replies and files through it.
   */
  proactive: ProactiveRegistry;
  /** turnState key under which adapters declare channel capabilities. */
  capabilitiesKey: string;
  /** turnState key under which the bot leaves each turn's `TurnResult`. */
  turnResultKey: string;
  /** File store for produced files (prefilled forms); the server serves its links. */
  files?: FileStore;
  /** Form filling and privacy skills (bot/forms), for `capturedProfile` in evals. */
  forms?: FormSkills;
  /** Triage, escalation records and the volunteer-lawyer system (console mount: `legalAid.lawyers.mount`). */
  legalAid?: LegalAid;
  /**
   * Holders of personal data that "Xoá dữ liệu của tôi" erases. Channels composed later
   * (the Direct Line transcript) add theirs.
   */
  erasers: PersonalDataEraser[];
  /** Statute article index (issue 13): legal-information answers and the officer page `/tra-cuu/luat`. */
  articles?: ArticleIndex;
  /** The personal-data key (purpose sub-keys via `forPurpose`); the server seals its transcripts with it. */
  secrets: MasterSecretBox;
  /** Retention tasks of the assistant's stores; the server runs them with its own on one schedule. */
  retention: RetentionTask[];
  close(): Promise<void>;
}

/**
 * Composition root of the conversation core: opens the shared SQLite database, the
 * catalogue and the retrieval indexes (building them when missing or stale), and
 * assembles the bot with its skill chain:
 *
 *   input guard -> [handoff] -> [privacy] -> [forms] -> [triage] -> small talk -> officer -> Q&A
 *
 * The bracketed slots are filled through `extraSkills` by the handoff, forms and triage
 * parts (see `SkillSlots`).
 */
export async function createAssistant(options: CreateAssistantOptions): Promise<Assistant> {
  const { config, logger } = options;
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
  const box = createSecretBox(loadOrCreateProfileKey({ configuredKey: config.profileEncryptionKey, dataDir: config.dataDir, keyFile: config.profileKeyFile }));
  const storage = new SqliteStorage(db, { clock: options.clock, cipher: rowCipher(box.forPurpose('bot-state')) });
  const turnLogBox = box.forPurpose('turn-log');
  const turnLog = new SqliteTurnLog(db, rowCipher(turnLogBox), { topicHash: (s) => turnLogBox.lookupHash(s) });
  const feedback = new SqliteFeedbackStore(db, rowCipher(box.forPurpose('feedback')));
  const holders = coreDataHolders({ turnLog, feedback, storage, retention: config.retention });
  const rephraser = config.llm ? createLlmRephraser({ ...config.llm, logger }) : undefined;

  // Form filling (bot/forms): encrypted profiles, sealed sessions, PDFs through the file store.
  // Added unless the caller fills the forms slot itself (tests of that part).
  const slots: SkillSlots = Array.isArray(options.extraSkills) ? { triage: options.extraSkills } : { ...(options.extraSkills ?? {}) };
  // Produced forms carry ID numbers: their bytes are sealed with the profile key.
  const ownFiles = options.files
    ? undefined
    : new SqliteFileStore({ db, signingKey: loadOrCreateFileLinkKey(config.dataDir), clock: options.clock, baseUrl: config.publicBaseUrl ?? '', cipher: box });
  const files = options.files ?? ownFiles!;
  const erasers: PersonalDataEraser[] = [...holders.erasers];
  const retention: RetentionTask[] = [...holders.retention];
  if (ownFiles) erasers.push({ name: 'files', erase: async (s) => ownFiles.deleteConversation(s.conversationId) });

  // Legal aid (bot/triage + bot/handoff + channels/console): triage opens cases in the
  // encrypted case store, the lawyer system routes them and relays the lawyer's replies.
  let legalAid: LegalAid | undefined;
  if (!options.withoutLegalAid && !slots.triage && !slots.handoff) {
    legalAid = await createLegalAid({
      db,
      cipher: fieldCipher(box),
      lawyerNotify: config.lawyerNotify,
      publicBaseUrl: config.publicBaseUrl,
      logger,
      now: options.clock,
    });
    slots.handoff = legalAid.slots.handoff;
    slots.triage = legalAid.slots.triage;
    const aid = legalAid;
    erasers.push({ name: 'legal-aid', erase: (s) => aid.deleteUserData(s.userId) });
    retention.push({ name: 'cases', run: (now) => aid.purgeExpired(now) });
  }

  let forms: FormSkills | undefined;
  if (!slots.forms) {
    const units = await loadAdminUnits().catch((err: unknown) => {
      logger.warn({ err }, 'admin units unavailable: addresses will not be normalised');
      return undefined;
    });
    forms = createFormSkills({
      forms: await loadForms(),
      profileStore: new SqliteProfileStore(db, box),
      fileStore: files,
      fonts: () => loadDejaVuFonts(),
      sealer: box,
      addresses: units ? createAddressAdvisor(units) : undefined,
      logger,
      clock: options.clock,
      retainCaptured: options.retainCapturedProfiles,
      erasers,
    });
    slots.privacy = [...forms.slots.privacy, ...(slots.privacy ?? [])];
    slots.forms = forms.slots.forms;
  }

  const understanding: LoadedUnderstanding | undefined = options.withoutUnderstanding ? undefined : await loadUnderstanding({ dataDir: config.dataDir, logger });
  const articles = (await openArticleSearch({ dataDir: config.dataDir })).index;
  const bot = createTthcBot(
    { catalogue, retriever, storage, turnLog, feedback, logger, clock: options.clock, rephraser, understanding: understanding?.stage, articles, outsideMatters: loadOutsideMatters(), deploymentProvince: config.deploymentProvince },
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
    createTestAdapter: (o) => new TestAdapter(bot, o),
    proactive: new ProactiveRegistry(),
    capabilitiesKey: CAPABILITIES_KEY,
    turnResultKey: TURN_RESULT_KEY,
    files,
    forms,
    legalAid,
    erasers,
    articles,
    secrets: box,
    retention,
    async close() {
      if (closed) return;
      closed = true;
      legalAid?.lawyers.stop();
      db.close();
    },
  };
}
