import { z } from 'zod';
import { AppError } from '../knowledge/errors.js';
import type { ConversationAddress } from '../bot/types.js';
import { throwIfTurnCancelled } from '../bot/turn-signal.js';
import { migrate, migrateData, type Db } from './sqlite.js';

/**
 * Escalation cases ("vụ việc") opened by triage and worked by the volunteer-lawyer rota.
 *
 * Lifecycle (the lawyer side drives everything after `open`):
 *
 *   open ──offer──> offered ──accept──> assigned ──connect──> live ──> closed
 *     ^               │ decline/timeout                          │
 *     └───────────────┘                  any state ──close──────>┘
 *
 * The record mirrors the escalation record of LEGAL-AID.md §4.4, minimised: parties are
 * kept for the conflict check only, and the sensitive free text (summary, parties,
 * eligibility, contact) is sealed at rest through the required `FieldCipher`. The port is async so a PostgreSQL implementation can follow without changing callers.
 */

export const CASE_STATUSES = ['open', 'offered', 'assigned', 'live', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** emergency: show 113/111 now, call back ≤ 2 h; 24h: deadline ≤ 7 days; the rest routine. */
export const URGENCIES = ['emergency', '24h', '3_working_days', 'routine'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const SERVICES = ['advice', 'drafting', 'representation'] as const;
export type ServiceRequested = (typeof SERVICES)[number];

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

/** What triage hands over to open a case; the store allocates id, status and timestamps. */
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

export interface CaseRecord extends z.infer<typeof newCaseSchema> {
  /** `HN-<ward>-TV-<seq>-<year>`, mirroring legal-aid file codes. */
  id: string;
  userId: string;
  conversationId: string;
  status: CaseStatus;
  createdAt: string;
  updatedAt: string;
  /** Lawyer the case is currently offered to (status `offered`). */
  offeredTo?: string;
  offeredAt?: string;
  /** Lawyer who accepted (status `assigned`, `live`, or `closed` after them). */
  assignedLawyerId?: string;
  assignedAt?: string;
  liveAt?: string;
  closedAt?: string;
  /** Lawyers who declined this case, so the rota can skip them. */
  declinedBy: string[];
  disposition?: string;
}

export interface CaseFilter {
  status?: CaseStatus[];
  servicePoint?: string;
  assignedLawyerId?: string;
  offeredTo?: string;
  limit?: number;
}

/**
 * A status change. `from` guards against races (two lawyers accepting at once): the change
 * applies only if the current status is one of them, otherwise `conflict:case_status`.
 *
 * - `offered`: needs `lawyerId` (sets offeredTo/offeredAt)
 * - `assigned`: needs `lawyerId` (sets assignedLawyerId/assignedAt, clears offeredTo)
 * - `live`: sets liveAt
 * - `open`: back to the pool; with `lawyerId` + `reason` records a decline
 * - `closed`: sets closedAt and `reason` as disposition
 */
export interface CaseTransition {
  to: CaseStatus;
  from?: CaseStatus[];
  lawyerId?: string;
  reason?: string;
  /** Who did it, for the audit trail ("lawyer:<id>", "system:rota", "citizen"). */
  actor: string;
}

export type CaseEvent =
  | { type: 'opened'; case: CaseRecord }
  | { type: 'status'; case: CaseRecord; from: CaseStatus; to: CaseStatus; actor: string };

export type CaseListener = (event: CaseEvent) => void | Promise<void>;

/** The case storage port. SQLite now (`SqliteCaseStore`); PostgreSQL can implement the same. */
export interface CaseStore {
  /** Validates, allocates the id (per ward and year sequence) and stores a case in `open`. */
  open(input: NewCase): Promise<CaseRecord>;
  get(id: string): Promise<CaseRecord | undefined>;
  /** Newest first. */
  list(filter?: CaseFilter): Promise<CaseRecord[]>;
  /** Cases of one conversation (so a returning citizen sees "your case HN-… is open"). */
  listByConversation(conversationId: string): Promise<CaseRecord[]>;
  transition(id: string, change: CaseTransition): Promise<CaseRecord>;
  /** Updates the deadline/urgency (e.g. the citizen later gives the document date). */
  updateTriage(id: string, patch: { deadline?: CaseDeadline; urgency?: Urgency }): Promise<CaseRecord>;
  /** Audit trail of one case, oldest first. */
  events(id: string): Promise<Array<{ at: string; kind: string; actor: string; detail?: string }>>;
  /** Deletes every case of a user (delete-my-data). Returns the number deleted. */
  deleteByUser(userId: string): Promise<number>;
  /** Deletes cases whose retention date has passed. Returns the number deleted. */
  purgeExpired(now: Date): Promise<number>;
  /** Subscribes to case events (opened, status changes); returns an unsubscribe function. */
  subscribe(listener: CaseListener): () => void;
}

/**
 * Encrypts sensitive text columns at rest; the profile store's cipher fits (storage/crypto.ts).
 * `aad` names the row and field (`cases/<id>/summary`): a value moved to another row or
 * field does not open. Values sealed before row binding were sealed without it.
 */
export interface FieldCipher {
  encrypt(plain: string, aad?: string): string;
  decrypt(stored: string, aad?: string): string;
}

/** Row/field binding of an encrypted column. */
export const fieldAad = (table: string, rowId: string, field: string) => `${table}/${rowId}/${field}`;

/**
 * Re-encrypts the given columns of every row of `table` from the old fixed binding to the
 * row/field binding, once (a data migration named `name`).
 */
export function rebindEncryptedColumns(db: Db, name: string, cipher: FieldCipher, table: string, idColumn: string, columns: readonly string[]): void {
  migrateData(db, name, () => {
    const rows = db.prepare(`SELECT ${idColumn} AS rid, ${columns.join(', ')} FROM ${table}`).all() as Array<Record<string, string | null>>;
    const update = db.prepare(`UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE ${idColumn} = ?`);
    for (const r of rows) {
      const rid = String(r.rid);
      const values = columns.map((c) => {
        const v = r[c];
        if (v === null || v === undefined) return null;
        const aad = fieldAad(table, rid, c);
        let plain: string;
        try {
          plain = cipher.decrypt(v);
        } catch {
          // Already bound (written after the code change but before this mark): keep it.
          cipher.decrypt(v, aad);
          return v;
        }
        return cipher.encrypt(plain, aad);
      });
      update.run(...values, r.rid);
    }
  });
}

export const CASE_STORE_MIGRATIONS = [
  {
    name: 'case_store_001',
    sql: `
      CREATE TABLE cases (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        channel TEXT NOT NULL,
        service_point TEXT NOT NULL,
        user_id TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        address TEXT NOT NULL,
        area TEXT NOT NULL,
        confidence REAL NOT NULL,
        secondary_areas TEXT NOT NULL,
        signals TEXT NOT NULL,
        urgency TEXT NOT NULL,
        deadline TEXT,
        parties_enc TEXT NOT NULL,
        eligibility_enc TEXT,
        service TEXT NOT NULL,
        limited_scope_ack INTEGER NOT NULL,
        contact_enc TEXT NOT NULL,
        summary_enc TEXT NOT NULL,
        consent TEXT NOT NULL,
        retention_until TEXT NOT NULL,
        bot_version TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        offered_to TEXT,
        offered_at TEXT,
        assigned_lawyer_id TEXT,
        assigned_at TEXT,
        live_at TEXT,
        closed_at TEXT,
        declined_by TEXT NOT NULL DEFAULT '[]',
        disposition TEXT
      );
      CREATE INDEX cases_status ON cases(status, created_at);
      CREATE INDEX cases_user ON cases(user_id);
      CREATE INDEX cases_conversation ON cases(conversation_id);
      CREATE INDEX cases_lawyer ON cases(assigned_lawyer_id);
      CREATE TABLE case_seq (
        service_point TEXT NOT NULL,
        year INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (service_point, year)
      );
      CREATE TABLE case_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        actor TEXT NOT NULL,
        detail TEXT
      );
      CREATE INDEX case_events_case ON case_events(case_id, id);
    `,
  },
  {
    name: 'case_store_003_cited_articles',
    sql: `ALTER TABLE cases ADD COLUMN cited_articles TEXT NOT NULL DEFAULT '[]';`,
  },
] as const;

export interface SqliteCaseStoreOptions {
  /** Province prefix of case ids (Hà Nội: `HN`). */
  provincePrefix?: string;
  /** Seals summary, parties, eligibility and contact. Required: there is no plaintext default. */
  cipher: FieldCipher;
  clock?: () => Date;
}

interface CaseRow {
  id: string;
  status: CaseStatus;
  channel: string;
  service_point: string;
  user_id: string;
  conversation_id: string;
  address: string;
  area: string;
  confidence: number;
  secondary_areas: string;
  signals: string;
  urgency: Urgency;
  deadline: string | null;
  parties_enc: string;
  eligibility_enc: string | null;
  service: ServiceRequested;
  limited_scope_ack: number;
  contact_enc: string;
  summary_enc: string;
  consent: string;
  retention_until: string;
  bot_version: string | null;
  created_at: string;
  updated_at: string;
  offered_to: string | null;
  offered_at: string | null;
  assigned_lawyer_id: string | null;
  assigned_at: string | null;
  live_at: string | null;
  closed_at: string | null;
  declined_by: string;
  disposition: string | null;
  cited_articles: string;
}

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

const undef = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

const ENCRYPTED_CASE_COLUMNS = ['parties_enc', 'eligibility_enc', 'contact_enc', 'summary_enc'] as const;

/** `CaseStore` over the shared SQLite database (better-sqlite3, synchronous under the hood). */
export class SqliteCaseStore implements CaseStore {
  private readonly prefix: string;
  private readonly cipher: FieldCipher;
  private readonly clock: () => Date;
  private readonly listeners = new Set<CaseListener>();

  constructor(
    private readonly db: Db,
    options: SqliteCaseStoreOptions,
  ) {
    this.prefix = options.provincePrefix ?? 'HN';
    this.cipher = options.cipher;
    this.clock = options.clock ?? (() => new Date());
    migrate(db, CASE_STORE_MIGRATIONS);
    rebindEncryptedColumns(db, 'case_store_002_row_aad', this.cipher, 'cases', 'id', ENCRYPTED_CASE_COLUMNS);
  }

  async open(input: NewCase): Promise<CaseRecord> {
    const parsed = newCaseSchema.safeParse(input);
    if (!parsed.success) {
      throw new AppError('bad_request:case_record', `Invalid case record: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    const c = parsed.data;
    const now = this.clock();
    const at = now.toISOString();
    const year = now.getUTCFullYear();
    const ward = wardSlug(c.servicePoint);
    const insert = this.db.transaction(() => {
      // A turn its channel gave up on (and will retry) must not open a second case.
      throwIfTurnCancelled('open a case');
      const row = this.db
        .prepare(
          `INSERT INTO case_seq (service_point, year, seq) VALUES (?, ?, 1)
           ON CONFLICT(service_point, year) DO UPDATE SET seq = seq + 1 RETURNING seq`,
        )
        .get(ward, year) as { seq: number };
      const id = `${this.prefix}-${ward}-TV-${String(row.seq).padStart(4, '0')}-${year}`;
      this.db
        .prepare(
          `INSERT INTO cases (id, status, channel, service_point, user_id, conversation_id, address, area, confidence,
             secondary_areas, signals, urgency, deadline, parties_enc, eligibility_enc, service, limited_scope_ack,
             contact_enc, summary_enc, consent, retention_until, bot_version, created_at, updated_at, cited_articles)
           VALUES (?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          c.channel,
          c.servicePoint,
          c.address.userId,
          c.address.conversationId,
          JSON.stringify(c.address),
          c.area,
          c.confidence,
          JSON.stringify(c.secondaryAreas),
          JSON.stringify(c.signals),
          c.urgency,
          c.deadline ? JSON.stringify(c.deadline) : null,
          this.cipher.encrypt(JSON.stringify(c.parties), fieldAad('cases', id, 'parties_enc')),
          c.eligibility ? this.cipher.encrypt(JSON.stringify(c.eligibility), fieldAad('cases', id, 'eligibility_enc')) : null,
          c.service,
          c.limitedScopeAcknowledged ? 1 : 0,
          this.cipher.encrypt(JSON.stringify(c.contact), fieldAad('cases', id, 'contact_enc')),
          this.cipher.encrypt(c.summary, fieldAad('cases', id, 'summary_enc')),
          JSON.stringify(c.consent),
          c.retentionUntil,
          c.botVersion ?? null,
          at,
          at,
          JSON.stringify(c.citedArticles),
        );
      this.event(id, at, 'opened', 'citizen', c.urgency);
      return id;
    });
    const id = insert.immediate();
    const record = (await this.get(id))!;
    await this.emit({ type: 'opened', case: record });
    return record;
  }

  async get(id: string): Promise<CaseRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM cases WHERE id = ?').get(id) as CaseRow | undefined;
    return row ? this.fromRow(row) : undefined;
  }

  async list(filter: CaseFilter = {}): Promise<CaseRecord[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.status && filter.status.length > 0) {
      where.push(`status IN (${filter.status.map(() => '?').join(',')})`);
      args.push(...filter.status);
    }
    if (filter.servicePoint !== undefined) {
      where.push('service_point = ?');
      args.push(filter.servicePoint);
    }
    if (filter.assignedLawyerId !== undefined) {
      where.push('assigned_lawyer_id = ?');
      args.push(filter.assignedLawyerId);
    }
    if (filter.offeredTo !== undefined) {
      where.push('offered_to = ?');
      args.push(filter.offeredTo);
    }
    const sql = `SELECT * FROM cases ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY created_at DESC, id DESC LIMIT ?`;
    args.push(filter.limit ?? 500);
    return (this.db.prepare(sql).all(...args) as CaseRow[]).map((r) => this.fromRow(r));
  }

  async listByConversation(conversationId: string): Promise<CaseRecord[]> {
    const rows = this.db
      .prepare('SELECT * FROM cases WHERE conversation_id = ? ORDER BY created_at DESC, id DESC')
      .all(conversationId) as CaseRow[];
    return rows.map((r) => this.fromRow(r));
  }

  async transition(id: string, change: CaseTransition): Promise<CaseRecord> {
    const at = this.clock().toISOString();
    let from: CaseStatus = 'open';
    const apply = this.db.transaction(() => {
      const row = this.db.prepare('SELECT * FROM cases WHERE id = ?').get(id) as CaseRow | undefined;
      if (!row) throw new AppError('not_found:case', `No case ${id}`);
      from = row.status;
      if (change.from && !change.from.includes(row.status)) {
        throw new AppError('conflict:case_status', `Case ${id} is ${row.status}, expected ${change.from.join('|')}`);
      }
      if (row.status === 'closed' && change.to !== 'closed') {
        throw new AppError('conflict:case_status', `Case ${id} is closed`);
      }
      const needsLawyer = change.to === 'offered' || change.to === 'assigned';
      if (needsLawyer && !change.lawyerId) {
        throw new AppError('bad_request:case_transition', `Transition to ${change.to} needs lawyerId`);
      }
      const set: string[] = ['status = ?', 'updated_at = ?'];
      const args: unknown[] = [change.to, at];
      switch (change.to) {
        case 'offered':
          set.push('offered_to = ?', 'offered_at = ?');
          args.push(change.lawyerId, at);
          break;
        case 'assigned':
          set.push('assigned_lawyer_id = ?', 'assigned_at = ?', 'offered_to = NULL');
          args.push(change.lawyerId, at);
          break;
        case 'live':
          set.push('live_at = ?');
          args.push(at);
          break;
        case 'open': {
          set.push('offered_to = NULL', 'offered_at = NULL', 'assigned_lawyer_id = NULL', 'assigned_at = NULL');
          if (change.lawyerId) {
            const declined = new Set(JSON.parse(row.declined_by) as string[]);
            declined.add(change.lawyerId);
            set.push('declined_by = ?');
            args.push(JSON.stringify([...declined]));
          }
          break;
        }
        case 'closed':
          set.push('closed_at = ?', 'disposition = ?');
          args.push(at, change.reason ?? null);
          break;
      }
      args.push(id);
      this.db.prepare(`UPDATE cases SET ${set.join(', ')} WHERE id = ?`).run(...args);
      const detail = [change.lawyerId && `lawyer=${change.lawyerId}`, change.reason].filter(Boolean).join(' ');
      this.event(id, at, `${from}->${change.to}`, change.actor, detail || undefined);
    });
    apply.immediate();
    const record = (await this.get(id))!;
    await this.emit({ type: 'status', case: record, from, to: change.to, actor: change.actor });
    return record;
  }

  async updateTriage(id: string, patch: { deadline?: CaseDeadline; urgency?: Urgency }): Promise<CaseRecord> {
    const at = this.clock().toISOString();
    const current = await this.get(id);
    if (!current) throw new AppError('not_found:case', `No case ${id}`);
    const deadline = patch.deadline ? caseDeadlineSchema.parse(patch.deadline) : current.deadline;
    const urgency = patch.urgency ?? current.urgency;
    this.db
      .prepare('UPDATE cases SET deadline = ?, urgency = ?, updated_at = ? WHERE id = ?')
      .run(deadline ? JSON.stringify(deadline) : null, urgency, at, id);
    this.event(id, at, 'triage_updated', 'citizen', urgency);
    return (await this.get(id))!;
  }

  async events(id: string): Promise<Array<{ at: string; kind: string; actor: string; detail?: string }>> {
    const rows = this.db
      .prepare('SELECT at, kind, actor, detail FROM case_events WHERE case_id = ? ORDER BY id')
      .all(id) as Array<{ at: string; kind: string; actor: string; detail: string | null }>;
    return rows.map((r) => ({ at: r.at, kind: r.kind, actor: r.actor, detail: undef(r.detail) }));
  }

  async deleteByUser(userId: string): Promise<number> {
    return this.db.prepare('DELETE FROM cases WHERE user_id = ?').run(userId).changes;
  }

  /** Ids of the cases whose retention date has passed (to purge what hangs off them first). */
  expiredIds(now: Date): string[] {
    return (this.db.prepare('SELECT id FROM cases WHERE retention_until < ?').all(now.toISOString()) as Array<{ id: string }>).map((r) => r.id);
  }

  async purgeExpired(now: Date): Promise<number> {
    return this.db.prepare('DELETE FROM cases WHERE retention_until < ?').run(now.toISOString()).changes;
  }

  subscribe(listener: CaseListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private event(caseId: string, at: string, kind: string, actor: string, detail?: string): void {
    this.db
      .prepare('INSERT INTO case_events (case_id, at, kind, actor, detail) VALUES (?, ?, ?, ?, ?)')
      .run(caseId, at, kind, actor, detail ?? null);
  }

  /** Listeners run after the commit; a failing listener must not undo a stored case. */
  private async emit(event: CaseEvent): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(event);
      } catch (err) {
        this.event(event.case.id, this.clock().toISOString(), 'listener_failed', 'system', err instanceof Error ? err.message : String(err));
      }
    }
  }

  private fromRow(r: CaseRow): CaseRecord {
    return {
      id: r.id,
      status: r.status,
      channel: r.channel,
      servicePoint: r.service_point,
      userId: r.user_id,
      conversationId: r.conversation_id,
      address: JSON.parse(r.address) as ConversationAddress,
      area: r.area,
      confidence: r.confidence,
      secondaryAreas: JSON.parse(r.secondary_areas) as string[],
      signals: JSON.parse(r.signals) as string[],
      urgency: r.urgency,
      deadline: r.deadline ? (JSON.parse(r.deadline) as CaseDeadline) : undefined,
      parties: JSON.parse(this.cipher.decrypt(r.parties_enc, fieldAad('cases', r.id, 'parties_enc'))) as CaseParties,
      eligibility: r.eligibility_enc ? (JSON.parse(this.cipher.decrypt(r.eligibility_enc, fieldAad('cases', r.id, 'eligibility_enc'))) as EligibilityScreen) : undefined,
      service: r.service,
      limitedScopeAcknowledged: r.limited_scope_ack === 1,
      contact: JSON.parse(this.cipher.decrypt(r.contact_enc, fieldAad('cases', r.id, 'contact_enc'))) as CaseContact,
      summary: this.cipher.decrypt(r.summary_enc, fieldAad('cases', r.id, 'summary_enc')),
      consent: JSON.parse(r.consent) as CaseConsent,
      retentionUntil: r.retention_until,
      botVersion: undef(r.bot_version),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      offeredTo: undef(r.offered_to),
      offeredAt: undef(r.offered_at),
      assignedLawyerId: undef(r.assigned_lawyer_id),
      assignedAt: undef(r.assigned_at),
      liveAt: undef(r.live_at),
      closedAt: undef(r.closed_at),
      declinedBy: JSON.parse(r.declined_by) as string[],
      disposition: undef(r.disposition),
      citedArticles: JSON.parse(r.cited_articles) as CitedArticle[],
    };
  }
}
