/**
 * Ports of the legal-aid part: the case repository (one case model, its offers and audit
 * trail), the live transcript, lawyers' private notes, the rota reader and the lawyer
 * notifier. `storage/` implements them importing only from `bot/ports/`, so the domain value
 * types they carry are re-exported here.
 */
import type { Case, CaseAuditEntry, CaseFilter, CaseIntake, CaseRouting, CaseStatus, NewCase } from '../cases/model.js';
import type { CaseAnnotation, CaseChange, CaseIntakeUpdate } from '../cases/machine.js';
import type { LawyerLoad } from '../handoff/rota-engine.js';
import type { Lawyer, Offer, Rota, ServicePoint, TranscriptEntry } from '../handoff/types.js';
import type { OutgoingMessage } from '../types.js';
import type { ProactiveSender } from './delivery.js';

export type {
  Case,
  CaseAuditEntry,
  CaseConsent,
  CaseContact,
  CaseDeadline,
  CaseFilter,
  CaseIntake,
  CaseOutcome,
  CaseParties,
  CaseRouting,
  CaseStatus,
  CitedArticle,
  ConversationAddress,
  EligibilityScreen,
  NewCase,
  ServiceRequested,
  Urgency,
} from '../cases/model.js';
export type { CaseAnnotation, CaseChange, CaseIntakeUpdate, CasePatch } from '../cases/machine.js';
export type { LawyerLoad } from '../handoff/rota-engine.js';
export type { Lawyer, LegalArea, Offer, Rota, ServicePoint, ShiftException, TranscriptEntry, WeeklyShift } from '../handoff/types.js';

/**
 * Cases and their offers. Status changes come decided by the status machine
 * (`bot/cases/machine.ts`); the repository applies one only if the case is still at the
 * status and version it was decided on, else `conflict:case_status`. Async so a PostgreSQL
 * implementation can follow without changing callers.
 */
export interface CaseRepository {
  /** Allocates the id (per ward and year), stores the case as `open` at version 1, audits `opened`. */
  create(intake: CaseIntake, routing: CaseRouting): Promise<Case>;
  get(id: string): Promise<Case | undefined>;
  /** Ordered by service level, then opening time. */
  list(filter?: CaseFilter): Promise<Case[]>;
  /** The newest case of a conversation in one of `statuses`. */
  findByConversation(channelId: string, conversationId: string, statuses: readonly CaseStatus[]): Promise<Case | undefined>;
  /** Every case of a conversation, newest first (a returning citizen sees "your case HN-… is open"). */
  listByConversation(conversationId: string): Promise<Case[]>;
  /** Persists a decided move (status, version + 1, the patch, an audit line); throws `not_found:case`, `conflict:case_status`. */
  apply(id: string, change: CaseChange): Promise<Case>;
  /** Flags and the announcement mark; throws `not_found:case`. */
  annotate(id: string, patch: CaseAnnotation): Promise<Case>;
  /** Triage's later corrections (deadline, urgency); audited. */
  updateIntake(id: string, patch: CaseIntakeUpdate): Promise<Case>;
  /** Audit trail of one case, oldest first. */
  events(id: string): Promise<CaseAuditEntry[]>;

  addOffer(o: Offer): Promise<void>;
  /**
   * Moves an offer from `offered` to its answer; false when it was answered already (a double
   * click, or accept racing the scheduler's expiry), so each offer is answered once.
   */
  answerOffer(id: string, patch: Pick<Offer, 'status' | 'respondedAt'> & Partial<Pick<Offer, 'reason' | 'conflictOfInterest'>>): Promise<boolean>;
  listOffers(caseId: string): Promise<Offer[]>;
  /** Offers still `offered` whose `expiresAt` is at or before `now`. */
  expiredOffers(now: Date): Promise<Offer[]>;
  /** Cases held and last offer time per lawyer, for capacity and fairness. */
  lawyerLoads(): Promise<Map<string, LawyerLoad>>;
  /** Cases ever offered to a lawyer (the lawyer's queue and access checks). */
  caseIdsOfferedTo(lawyerId: string): Promise<Set<string>>;

  /** Delete-my-data: removes a citizen's cases (with offers and audit) and returns their ids. */
  deleteByUser(userId: string): Promise<string[]>;
  /** Ids of the cases whose retention date is before `now`. */
  expiredIds(now: Date): Promise<string[]>;
  /** Removes these cases (with offers and audit); returns how many. */
  deleteCases(ids: readonly string[]): Promise<number>;
}

/**
 * The one path to open a case (triage's): stores the intake, routes it, and returns what to
 * tell the citizen about when to expect contact (marked as told).
 */
export interface CaseOpener {
  open(input: NewCase): Promise<{ case: Case; citizenMessage: OutgoingMessage }>;
}

/** The live conversation between citizen and lawyer, per case (sealed at rest). */
export interface TranscriptRepository {
  append(entry: TranscriptEntry): Promise<void>;
  list(caseId: string): Promise<TranscriptEntry[]>;
  deleteCases(caseIds: readonly string[]): Promise<number>;
}

/** A lawyer's private note on a case: never sent to the citizen. */
export interface PrivateNote {
  id: string;
  caseId: string;
  authorId: string;
  authorName: string;
  at: string;
  text: string;
}

/** Lawyers' private notes, kept apart from the transcript (sealed at rest). */
export interface CaseNotes {
  add(input: { caseId: string; authorId: string; authorName: string; text: string }): Promise<PrivateNote>;
  list(caseId: string): Promise<PrivateNote[]>;
  deleteCases(caseIds: readonly string[]): Promise<number>;
}

/** Read side of the rota the engine needs (SQLite in `storage/rota-store.ts`). */
export interface RotaReader {
  loadRota(): Promise<Rota>;
  getLawyer(id: string): Promise<Lawyer | undefined>;
  getServicePoint(code: string): Promise<ServicePoint | undefined>;
}

export type LawyerNoticeKind = 'offer' | 'reassigned' | 'citizen_message' | 'citizen_left';

/** What a lawyer is told outside the console. Deliberately carries no personal data. */
export interface LawyerNotice {
  kind: LawyerNoticeKind;
  caseId: string;
  legalArea?: string;
  urgency: string;
  expiresAt?: string;
  /** Link to the case in the console, when the public base URL is known. */
  url?: string;
}

export interface NoticeDelivery {
  channel: 'zalo' | 'webhook' | 'email' | 'console';
  ok: boolean;
  error?: string;
}

export interface LawyerNotifier {
  notify(lawyer: Lawyer, notice: LawyerNotice): Promise<NoticeDelivery[]>;
}

/** channelId → sender, filled by the composition root from the channel adapters. */
export type ProactiveSenderLookup = (channelId: string) => ProactiveSender | undefined;

/** Events the console subscribes to for live updates. */
export type HandoffEvent =
  | { type: 'transcript'; caseId: string; entry: TranscriptEntry }
  | { type: 'case'; caseId: string; status: CaseStatus; lawyerId?: string; flagged: boolean };
