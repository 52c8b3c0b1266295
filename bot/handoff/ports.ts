import type { ConversationAddress, OutgoingMessage, ProactiveSender } from '../types.js';
import type { LawyerLoad } from './rota-engine.js';
import type { HandoffCase, HandoffStatus, Lawyer, Offer, Rota, ServicePoint, TranscriptEntry } from './types.js';

/** Read side of the rota the engine needs (SQLite in `storage/rota-store.ts`). */
export interface RotaReader {
  loadRota(): Promise<Rota>;
  getLawyer(id: string): Promise<Lawyer | undefined>;
  getServicePoint(code: string): Promise<ServicePoint | undefined>;
}

export interface CaseFilter {
  statuses?: HandoffStatus[];
  lawyerId?: string;
  /** Cases whose citizen ward is one of these (coordinator scope). */
  wards?: string[];
  flaggedOnly?: boolean;
}

/** Routing state of escalated cases and their offers. */
export interface HandoffRepository {
  createCase(c: HandoffCase): Promise<void>;
  getCase(caseId: string): Promise<HandoffCase | undefined>;
  /** Applies the patch and returns the updated case; throws `not_found:handoff_case`. */
  updateCase(caseId: string, patch: Partial<Omit<HandoffCase, 'caseId'>>): Promise<HandoffCase>;
  /** The case currently live (or offered) in a conversation, newest first. */
  findByConversation(channelId: string, conversationId: string, statuses: HandoffStatus[]): Promise<HandoffCase | undefined>;
  listCases(filter: CaseFilter): Promise<HandoffCase[]>;
  addOffer(o: Offer): Promise<void>;
  /**
   * Moves an offer from `offered` to its answer; false when it was answered already (a double
   * click, or accept racing the scheduler's expiry), so each offer is answered once.
   */
  answerOffer(id: string, patch: Pick<Offer, 'status' | 'respondedAt'> & Partial<Pick<Offer, 'reason' | 'conflictOfInterest'>>): Promise<boolean>;
  listOffers(caseId: string): Promise<Offer[]>;
  /** Offers still `offered` whose `expiresAt` is at or before `now`. */
  expiredOffers(now: Date): Promise<Offer[]>;
  /** Open cases and last offer time per lawyer, for capacity and fairness. */
  lawyerLoads(): Promise<Map<string, LawyerLoad>>;
}

export interface TranscriptRepository {
  append(entry: TranscriptEntry): Promise<void>;
  list(caseId: string): Promise<TranscriptEntry[]>;
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
  | { type: 'case'; caseId: string; status: HandoffStatus; lawyerId?: string; flagged: boolean };

export type { ConversationAddress, OutgoingMessage };
