import { z } from 'zod';
import { LEGAL_AREAS, type LegalArea } from '../../knowledge/index.js';
import type { ConversationAddress } from '../types.js';

/**
 * The one case model of the legal-aid part ("vụ việc"): what triage took in with the
 * citizen's consent (the intake) and where routing has got to with it (status, lawyer, service
 * level, flags), in one record with one status and one urgency. The status machine that moves
 * it lives in `machine.ts`; storage only persists what the machine decided.
 */

/**
 * One status vocabulary for the whole life of a case:
 *
 *   open ──route──> offered ──accept──> live ──citizen leaves──> ended_by_citizen
 *     │               │  ^                │                          │
 *     │   no lawyer   v  │ re-offer       │                          │
 *     └──────────> waiting               └──────────── close ────────┴──> closed
 *
 * - `open`: stored by triage, not routed yet (routing runs right after; a case left here,
 *   e.g. written before routing was attached, is routed by the next scheduler tick).
 * - `waiting`: no lawyer could be offered; the coordinator must act (flagged).
 * - `offered`: offered to one lawyer (`lawyerId`), waiting for accept or decline.
 * - `assigned`: a lawyer accepted but the conversation has not started (written by the
 *   earlier two-step record; today's accept goes straight to `live`).
 * - `live`: citizen and lawyer talk.
 * - `ended_by_citizen`: the citizen left the chat; the lawyer still records the outcome.
 * - `closed`: with an outcome. Final.
 */
export const CASE_STATUSES = ['open', 'waiting', 'offered', 'assigned', 'live', 'ended_by_citizen', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/**
 * One urgency vocabulary, triage's and routing's: `emergency` (show 113/111 now, call back
 * ≤ 2 h), `deadline` (a deadline within 7 days: ≤ 1 working day), `soon` (≤ 3 working days),
 * `routine` (next ward session, ≤ 5 working days).
 */
export const URGENCIES = ['emergency', 'deadline', 'soon', 'routine'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const SERVICES = ['advice', 'drafting', 'representation'] as const;
export type ServiceRequested = (typeof SERVICES)[number];

/** Outcomes a lawyer (or the coordinator) records when closing a case. */
export const CASE_OUTCOMES = ['advised', 'referred_legal_aid', 'referred_authority', 'no_response'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];
export const CASE_OUTCOME_LABELS: Record<CaseOutcome, string> = {
  advised: 'Đã tư vấn',
  referred_legal_aid: 'Chuyển Trung tâm Trợ giúp pháp lý',
  referred_authority: 'Hướng dẫn đến toà án / công an / cơ quan khác',
  no_response: 'Người dân không phản hồi',
};

const addressSchema = z.object({
  channelId: z.string(),
  conversationId: z.string(),
  userId: z.string(),
  reference: z.record(z.unknown()),
});

export const caseConsentSchema = z.object({
  /** Version id of the consent text shown (e.g. `triage-consent-v1`). */
  textVersion: z.string(),
  purposes: z.array(z.string()).min(1),
  /** The citizen acknowledged that sensitive data (violence, crime, health…) is included. */
  sensitiveDataAck: z.boolean(),
  /** How consent was given: the exact reply or button value, for verifiability. */
  method: z.string(),
  givenAt: z.string(),
  withdrawnAt: z.string().optional(),
});
export type CaseConsent = z.infer<typeof caseConsentSchema>;

export const caseDeadlineSchema = z.object({
  /** Deadline kind from knowledge/triage deadlines (e.g. `appeal_civil_judgment`). */
  type: z.string(),
  /** Length of the period in days, when known. */
  days: z.number().int().positive().optional(),
  /** Date printed on the document (ISO yyyy-mm-dd), when the citizen gave it. */
  documentDate: z.string().optional(),
  /** documentDate + days (ISO date); a guide for the lawyer, not legal advice. */
  dueDate: z.string().optional(),
  sourceDocument: z.string().optional(),
});
export type CaseDeadline = z.infer<typeof caseDeadlineSchema>;

export const casePartiesSchema = z.object({
  /** Other parties as the citizen named them (role words such as "anh cả", "công ty"). */
  adverseParties: z.array(z.object({ name: z.string(), role: z.string() })),
  /** Authorities involved: court, police, procuracy, enforcement, ward People's Committee… */
  authorityInvolved: z.array(z.string()),
  /** True when the complaint is against the ward/commune authority or one of its officials. */
  conflictServicePointAuthority: z.boolean(),
});
export type CaseParties = z.infer<typeof casePartiesSchema>;

export const eligibilityScreenSchema = z.object({
  /** Group id from knowledge/triage eligibility (e.g. `ho_ngheo`, `nan_nhan_bao_luc_gia_dinh`). */
  groupClaimed: z.string().optional(),
  /** Art. 7 clause the group belongs to (e.g. "7.2", "7.6a", "7.7e"). */
  clause: z.string().optional(),
  financialDifficulty: z.enum(['yes', 'no', 'unknown']),
  proofAvailable: z.enum(['yes', 'no', 'unknown']),
  proofDocuments: z.array(z.string()),
  /** Screened as "có thể thuộc diện": the State Legal Aid Centre decides. */
  referToTgplCenter: z.boolean(),
  /** Set when the matter is excluded (business/commercial). */
  excludedReason: z.string().optional(),
});
export type EligibilityScreen = z.infer<typeof eligibilityScreenSchema>;

export const caseContactSchema = z.object({
  /** False when contacting may endanger the citizen (DV): lawyer writes only in this chat. */
  safeToContact: z.boolean(),
  preferredTime: z.string().optional(),
  method: z.enum(['this_channel', 'phone', 'in_person']).default('this_channel'),
});
export type CaseContact = z.infer<typeof caseContactSchema>;

export const citedArticleSchema = z.object({
  /** Document number, e.g. `91/2015/QH13`. */
  document: z.string().min(1).max(64),
  /** Article number within the document, e.g. `623`. */
  article: z.string().min(1).max(16),
  title: z.string().max(500),
  url: z.string().max(1000),
});
export type CitedArticle = z.infer<typeof citedArticleSchema>;

/** What triage hands over to open a case (the intake); the rest is decided by routing. */
export const newCaseSchema = z.object({
  channel: z.string(),
  /** Ward/commune slug or name of the service point ("Phường Ba Đình"). */
  servicePoint: z.string(),
  address: addressSchema,
  area: z.string(),
  /** Classifier probability of `area`, 0..1. */
  confidence: z.number().min(0).max(1),
  secondaryAreas: z.array(z.string()).default([]),
  signals: z.array(z.string()),
  urgency: z.enum(URGENCIES),
  deadline: caseDeadlineSchema.optional(),
  parties: casePartiesSchema,
  eligibility: eligibilityScreenSchema.optional(),
  service: z.enum(SERVICES),
  limitedScopeAcknowledged: z.boolean(),
  contact: caseContactSchema,
  /** Short summary the citizen approved (redacted of ID/phone numbers). */
  summary: z.string().min(1).max(2000),
  consent: caseConsentSchema,
  /** ISO date after which the record must be deleted. */
  retentionUntil: z.string(),
  /** Bot version that opened the case, for audit. */
  botVersion: z.string().optional(),
  /**
   * Statute articles the assistant quoted to the citizen before the case (issue 13), for the
   * lawyer. Article ids and titles are public text, not personal data: stored in clear.
   */
  citedArticles: z.array(citedArticleSchema).max(20).default([]),
});
export type NewCase = z.input<typeof newCaseSchema>;
export type CaseIntake = z.infer<typeof newCaseSchema>;

/** What routing decides before the case is stored (ward code, routing urgency, service level). */
export interface CaseRouting {
  /** Ward code (GSO) of the citizen's service point, when the rota knows it. */
  ward?: string;
  legalArea?: LegalArea;
  language: string;
  /** The service point authority is itself involved (complaint against the ward). */
  conflictWithServicePoint: boolean;
  /** The citizen-facing service level: contact expected before this time. */
  slaDueAt: string;
}

/** A case as stored: intake, routing and where it is in its life. */
export interface Case extends CaseIntake, CaseRouting {
  /** `HN-<ward>-TV-<seq>-<year>`, mirroring legal-aid file codes. */
  id: string;
  status: CaseStatus;
  /** Bumped by every change; a change applies only at the version it was decided on. */
  version: number;
  userId: string;
  conversationId: string;
  /** The lawyer the case is offered to or held by (kept after closing: who had it). */
  lawyerId?: string;
  /** When the current offer lapses (re-offered after). */
  offerExpiresAt?: string;
  /** When the citizen was told to expect contact (start of the lawyer's next shift, or now). */
  expectedContactAt?: string;
  /** Lawyers who declined this case, so the rota skips them. */
  declinedBy: string[];
  flagged: boolean;
  flagReason?: string;
  outcome?: CaseOutcome;
  /** Whether the citizen has been told when to expect contact. */
  announced: boolean;
  createdAt: string;
  updatedAt: string;
  offeredAt?: string;
  acceptedAt?: string;
  liveAt?: string;
  closedAt?: string;
}

/** One filter for listing cases (console queues, the SLA board, the scheduler). */
export interface CaseFilter {
  statuses?: CaseStatus[];
  /** Offered to or held by this lawyer. */
  lawyerId?: string;
  /** Cases whose citizen ward is one of these (coordinator scope); empty matches nothing. */
  wards?: string[];
  servicePoint?: string;
  flaggedOnly?: boolean;
  limit?: number;
}

/** One line of a case's audit trail. */
export interface CaseAuditEntry {
  at: string;
  kind: string;
  /** Who did it: `lawyer:<id>`, `system:rota`, `coordinator`, `citizen`. */
  actor: string;
  detail?: string;
}

export function isLegalArea(v: unknown): v is LegalArea {
  return typeof v === 'string' && (LEGAL_AREAS as readonly string[]).includes(v);
}

export type { ConversationAddress, LegalArea };
