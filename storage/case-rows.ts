import type { Case, CaseIntake, CaseRouting, CaseStatus, Offer, SealedBox } from '../bot/ports/index.js';

/**
 * The case and offer rows as both engines store them (`storage/case-store.ts` on SQLite,
 * `storage/postgres/case-store.ts`): the columns, the binding each sealed value is sealed to,
 * the values an intake writes and the mapping to the port's records. One definition, so a row
 * copied from one engine to the other opens and reads the same.
 *
 * The engines differ only in how a flag comes back: SQLite stores 0/1, PostgreSQL `boolean`.
 * `flag` reads either.
 */

/** What the case rows need of the sealed box: seal and open with a binding. */
export type CaseSealer = Pick<SealedBox, 'seal' | 'open'>;

/** A flag column as an engine returns it: 0/1 on SQLite, boolean on PostgreSQL. */
export type FlagColumn = boolean | number;

/** Row/field binding of a sealed column (`cases/<id>/summary_enc`). */
export const fieldAad = (table: string, rowId: string, field: string) => `${table}/${rowId}/${field}`;

/** The sealed columns of `cases`, each bound with `fieldAad('cases', id, column)`. */
export const ENCRYPTED_CASE_COLUMNS = ['parties_enc', 'eligibility_enc', 'contact_enc', 'summary_enc'] as const;

/**
 * Ward part of a case id: diacritics folded, letters and digits only, upper case,
 * without the unit word ("Phường Ba Đình" → "BADINH").
 */
export function wardSlug(servicePoint: string): string {
  const folded = servicePoint
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toUpperCase()
    .replace(/^(PHUONG|XA|DAC KHU|THI TRAN)\s+/, '')
    .replace(/[^A-Z0-9]/g, '');
  return folded.length > 0 ? folded.slice(0, 24) : 'CHUNG';
}

/** A case id: `<province>-<ward slug>-TV-<seq, 4 digits>-<year>`. */
export const caseId = (prefix: string, ward: string, seq: number, year: number) => `${prefix}-${ward}-TV-${String(seq).padStart(4, '0')}-${year}`;

export const undef = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

const flag = (v: FlagColumn): boolean => v === true || v === 1;

export interface CaseRow {
  id: string;
  status: CaseStatus;
  version: number;
  channel: string;
  channel_id: string;
  service_point: string;
  user_id: string;
  conversation_id: string;
  address: string;
  area: string;
  confidence: number;
  secondary_areas: string;
  signals: string;
  urgency: Case['urgency'];
  deadline: string | null;
  parties_enc: string;
  eligibility_enc: string | null;
  service: Case['service'];
  limited_scope_ack: FlagColumn;
  contact_enc: string;
  summary_enc: string;
  consent: string;
  retention_until: string;
  bot_version: string | null;
  cited_articles: string;
  ward: string | null;
  legal_area: string | null;
  language: string;
  conflict_service_point: FlagColumn;
  lawyer_id: string | null;
  offer_expires_at: string | null;
  sla_due_at: string;
  expected_contact_at: string | null;
  declined_by: string;
  flagged: FlagColumn;
  flag_reason: string | null;
  outcome: string | null;
  announced: FlagColumn;
  created_at: string;
  updated_at: string;
  offered_at: string | null;
  accepted_at: string | null;
  live_at: string | null;
  closed_at: string | null;
}

export interface OfferRow {
  id: string;
  case_id: string;
  lawyer_id: string;
  offered_at: string;
  expires_at: string;
  status: Offer['status'];
  reason: string | null;
  conflict_of_interest: FlagColumn | null;
  responded_at: string | null;
}

/** The columns a new case's intake and routing fill, in the order both engines insert them. */
export const INTAKE_COLUMNS = [
  'channel',
  'channel_id',
  'service_point',
  'user_id',
  'conversation_id',
  'address',
  'area',
  'confidence',
  'secondary_areas',
  'signals',
  'urgency',
  'deadline',
  'parties_enc',
  'eligibility_enc',
  'service',
  'limited_scope_ack',
  'contact_enc',
  'summary_enc',
  'consent',
  'retention_until',
  'bot_version',
  'cited_articles',
  'ward',
  'legal_area',
  'language',
  'conflict_service_point',
  'sla_due_at',
] as const;

export type IntakeValues = Record<(typeof INTAKE_COLUMNS)[number], string | number | boolean | null>;

/** The values of `INTAKE_COLUMNS` for case `id`, its free text sealed to its row and column. Flags are booleans. */
export function intakeValues(sealer: CaseSealer, id: string, c: CaseIntake, routing: CaseRouting): IntakeValues {
  const seal = (field: string, plain: string) => sealer.seal(plain, fieldAad('cases', id, field));
  return {
    channel: c.channel,
    channel_id: c.address.channelId,
    service_point: c.servicePoint,
    user_id: c.address.userId,
    conversation_id: c.address.conversationId,
    address: JSON.stringify(c.address),
    area: c.area,
    confidence: c.confidence,
    secondary_areas: JSON.stringify(c.secondaryAreas),
    signals: JSON.stringify(c.signals),
    urgency: c.urgency,
    deadline: c.deadline ? JSON.stringify(c.deadline) : null,
    parties_enc: seal('parties_enc', JSON.stringify(c.parties)),
    eligibility_enc: c.eligibility ? seal('eligibility_enc', JSON.stringify(c.eligibility)) : null,
    service: c.service,
    limited_scope_ack: c.limitedScopeAcknowledged,
    contact_enc: seal('contact_enc', JSON.stringify(c.contact)),
    summary_enc: seal('summary_enc', c.summary),
    consent: JSON.stringify(c.consent),
    retention_until: c.retentionUntil,
    bot_version: c.botVersion ?? null,
    cited_articles: JSON.stringify(c.citedArticles),
    ward: routing.ward ?? null,
    legal_area: routing.legalArea ?? null,
    language: routing.language,
    conflict_service_point: routing.conflictWithServicePoint,
    sla_due_at: routing.slaDueAt,
  };
}

/** Case fields a move may set → their columns (`bot/cases/machine.ts` `CasePatch`). */
export const PATCH_COLUMNS: Record<string, string> = {
  lawyerId: 'lawyer_id',
  offerExpiresAt: 'offer_expires_at',
  expectedContactAt: 'expected_contact_at',
  flagged: 'flagged',
  flagReason: 'flag_reason',
  outcome: 'outcome',
  offeredAt: 'offered_at',
  acceptedAt: 'accepted_at',
  liveAt: 'live_at',
  closedAt: 'closed_at',
  announced: 'announced',
  declinedBy: 'declined_by',
};

/** The patch fields an annotation (not a move) may set. */
export const ANNOTATION_KEYS: ReadonlySet<string> = new Set(['flagged', 'flagReason', 'announced']);

/** A patch value as its column stores it (flags stay booleans; the SQLite store turns them into 0/1). */
export function patchValue(key: string, v: unknown): unknown {
  if (v === undefined) return null;
  if (key === 'declinedBy') return JSON.stringify(v);
  return v;
}

/** A stored case as the port's record, its sealed columns opened with their row/field binding. */
export function caseFromRow(r: CaseRow, sealer: CaseSealer): Case {
  const open = (field: string, stored: string) => sealer.open(stored, fieldAad('cases', r.id, field));
  return {
    id: r.id,
    status: r.status,
    version: r.version,
    channel: r.channel,
    servicePoint: r.service_point,
    userId: r.user_id,
    conversationId: r.conversation_id,
    address: JSON.parse(r.address) as Case['address'],
    area: r.area,
    confidence: r.confidence,
    secondaryAreas: JSON.parse(r.secondary_areas) as string[],
    signals: JSON.parse(r.signals) as string[],
    urgency: r.urgency,
    deadline: r.deadline ? (JSON.parse(r.deadline) as Case['deadline']) : undefined,
    parties: JSON.parse(open('parties_enc', r.parties_enc)) as Case['parties'],
    eligibility: r.eligibility_enc ? (JSON.parse(open('eligibility_enc', r.eligibility_enc)) as Case['eligibility']) : undefined,
    service: r.service,
    limitedScopeAcknowledged: flag(r.limited_scope_ack),
    contact: JSON.parse(open('contact_enc', r.contact_enc)) as Case['contact'],
    summary: open('summary_enc', r.summary_enc),
    consent: JSON.parse(r.consent) as Case['consent'],
    retentionUntil: r.retention_until,
    botVersion: undef(r.bot_version),
    citedArticles: JSON.parse(r.cited_articles) as Case['citedArticles'],
    ward: undef(r.ward),
    legalArea: undef(r.legal_area) as Case['legalArea'],
    language: r.language,
    conflictWithServicePoint: flag(r.conflict_service_point),
    slaDueAt: r.sla_due_at,
    lawyerId: undef(r.lawyer_id),
    offerExpiresAt: undef(r.offer_expires_at),
    expectedContactAt: undef(r.expected_contact_at),
    declinedBy: JSON.parse(r.declined_by) as string[],
    flagged: flag(r.flagged),
    flagReason: undef(r.flag_reason),
    outcome: undef(r.outcome) as Case['outcome'],
    announced: flag(r.announced),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    offeredAt: undef(r.offered_at),
    acceptedAt: undef(r.accepted_at),
    liveAt: undef(r.live_at),
    closedAt: undef(r.closed_at),
  };
}

export function offerFromRow(r: OfferRow): Offer {
  return {
    id: r.id,
    caseId: r.case_id,
    lawyerId: r.lawyer_id,
    offeredAt: r.offered_at,
    expiresAt: r.expires_at,
    status: r.status,
    reason: undef(r.reason),
    conflictOfInterest: r.conflict_of_interest === null ? undefined : flag(r.conflict_of_interest),
    respondedAt: undef(r.responded_at),
  };
}
