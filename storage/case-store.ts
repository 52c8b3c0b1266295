import { AppError } from '../knowledge/errors.js';
import { LEGAL_AREAS } from '../knowledge/index.js';
import type {
  Case,
  CaseAnnotation,
  CaseAuditEntry,
  CaseChange,
  CaseFilter,
  CaseIntake,
  CaseIntakeUpdate,
  CaseRepository,
  CaseRouting,
  CaseStatus,
  LawyerLoad,
  Offer,
  SealedBox,
} from '../bot/ports/index.js';
import {
  ANNOTATION_KEYS,
  caseFromRow,
  caseId,
  ENCRYPTED_CASE_COLUMNS,
  fieldAad,
  INTAKE_COLUMNS,
  intakeValues,
  offerFromRow,
  PATCH_COLUMNS,
  patchValue,
  undef,
  wardSlug,
  type CaseRow,
  type OfferRow,
} from './case-rows.js';
import { migrate, migrateData, type Db } from './sqlite.js';

export { fieldAad, wardSlug } from './case-rows.js';

/**
 * Legal-aid cases ("vụ việc") in SQLite: one table for the one case model (what triage took
 * in and where routing has got to), their offers to lawyers and an audit trail. The status
 * machine (`bot/cases/machine.ts`) decides every move; this store persists a move only if the
 * case is still at the status and version it was decided on.
 *
 * The sensitive free text (summary, parties, eligibility, contact) is sealed at rest in the
 * required `SealedBox`, bound to its row and field (`cases/<id>/summary_enc`): a value moved
 * to another row or field does not open. Values sealed before row binding had no binding.
 */

/**
 * Re-encrypts the given columns of every row of `table` from the old fixed binding to the
 * row/field binding, once (a data migration named `name`).
 */
export function rebindEncryptedColumns(db: Db, name: string, box: SealedBox, table: string, idColumn: string, columns: readonly string[]): void {
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
          plain = box.open(v);
        } catch {
          // Already bound (written after the code change but before this mark): keep it.
          box.open(v, aad);
          return v;
        }
        return box.seal(plain, aad);
      });
      update.run(...values, r.rid);
    }
  });
}

/**
 * The schema as the two-model version left it (`case_store_001`, `_003`); `case_store_004`
 * (in `mergeRoutingIntoCases`) turns it into the one-model table.
 */
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

/** Triage's old urgency words → the one vocabulary. */
const URGENCY_FROM_V1: Record<string, string> = { emergency: 'emergency', '24h': 'deadline', '3_working_days': 'soon', routine: 'routine' };
const OUTCOMES = new Set(['advised', 'referred_legal_aid', 'referred_authority', 'no_response']);

const ONE_MODEL_COLUMNS = `
  ALTER TABLE cases ADD COLUMN channel_id TEXT NOT NULL DEFAULT '';
  ALTER TABLE cases ADD COLUMN ward TEXT;
  ALTER TABLE cases ADD COLUMN legal_area TEXT;
  ALTER TABLE cases ADD COLUMN language TEXT NOT NULL DEFAULT 'vi';
  ALTER TABLE cases ADD COLUMN conflict_service_point INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE cases ADD COLUMN lawyer_id TEXT;
  ALTER TABLE cases ADD COLUMN offer_expires_at TEXT;
  ALTER TABLE cases ADD COLUMN sla_due_at TEXT NOT NULL DEFAULT '';
  ALTER TABLE cases ADD COLUMN expected_contact_at TEXT;
  ALTER TABLE cases ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE cases ADD COLUMN flag_reason TEXT;
  ALTER TABLE cases ADD COLUMN outcome TEXT;
  ALTER TABLE cases ADD COLUMN announced INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE cases ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE cases RENAME COLUMN assigned_at TO accepted_at;
  CREATE TABLE case_offers (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    lawyer_id TEXT NOT NULL,
    offered_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    conflict_of_interest INTEGER,
    responded_at TEXT
  );
  CREATE INDEX case_offers_case ON case_offers(case_id, offered_at);
  CREATE INDEX case_offers_open ON case_offers(status, expires_at);
  CREATE INDEX case_offers_lawyer ON case_offers(lawyer_id, offered_at);
`;

const DROP_V1_COLUMNS = `
  DROP INDEX cases_lawyer;
  ALTER TABLE cases DROP COLUMN offered_to;
  ALTER TABLE cases DROP COLUMN assigned_lawyer_id;
  ALTER TABLE cases DROP COLUMN disposition;
  CREATE INDEX cases_lawyer ON cases(lawyer_id, status);
  CREATE INDEX cases_conversation_channel ON cases(channel_id, conversation_id, created_at);
`;

interface V1Routing {
  case_id: string;
  ward: string | null;
  legal_area: string | null;
  urgency: string;
  deadline: string | null;
  language: string;
  conflict_service_point: number;
  channel_id: string;
  conversation_id: string;
  user_id: string;
  address: string;
  status: string;
  lawyer_id: string | null;
  offer_expires_at: string | null;
  sla_due_at: string;
  expected_contact_at: string | null;
  flagged: number;
  flag_reason: string | null;
  outcome: string | null;
  announced: number;
  opened_at: string;
  accepted_at: string | null;
  closed_at: string | null;
}

const tableExists = (db: Db, name: string) => !!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name);

/**
 * `case_store_004_one_model`, once, in one transaction: adds the routing columns to `cases`,
 * merges each routing record (`handoff_cases`, written by the two-model version) into its
 * case (routing's status, urgency and lawyer are the truth: triage's record only mirrored
 * them), moves the offers to `case_offers`, drops the mirrored columns and the routing
 * tables. A triage record routing never saw keeps its own status (urgency words translated)
 * and is due now, so the scheduler routes it and the SLA board shows it late. A routing record
 * without a triage record (none in production: both were written together) becomes a case
 * whose intake says so. Every merged case gets a `migrated` audit line.
 */
export function mergeRoutingIntoCases(db: Db, box: SealedBox, at: string): boolean {
  return migrateData(db, 'case_store_004_one_model', () => {
    db.exec(ONE_MODEL_COLUMNS);
    const routed = tableExists(db, 'handoff_cases');
    const routing = new Map<string, V1Routing>();
    if (routed) for (const r of db.prepare('SELECT * FROM handoff_cases').all() as V1Routing[]) routing.set(r.case_id, r);
    const legalAreas = new Set<string>(LEGAL_AREAS);
    const rows = db.prepare('SELECT id, status, channel, address, area, urgency, parties_enc, created_at, offered_to, assigned_lawyer_id, accepted_at, closed_at, disposition FROM cases').all() as Array<{
      id: string; status: string; channel: string; address: string; area: string; urgency: string; parties_enc: string; created_at: string;
      offered_to: string | null; assigned_lawyer_id: string | null; accepted_at: string | null; closed_at: string | null; disposition: string | null;
    }>;
    const update = db.prepare(
      `UPDATE cases SET status = @status, urgency = @urgency, channel_id = @channel_id, ward = @ward, legal_area = @legal_area, language = @language,
         conflict_service_point = @conflict, lawyer_id = @lawyer_id, offer_expires_at = @offer_expires_at, sla_due_at = @sla_due_at,
         expected_contact_at = @expected_contact_at, flagged = @flagged, flag_reason = @flag_reason, outcome = @outcome, announced = @announced,
         accepted_at = @accepted_at, closed_at = @closed_at WHERE id = @id`,
    );
    const audit = db.prepare(`INSERT INTO case_events (case_id, at, kind, actor, detail) VALUES (?, ?, 'migrated', 'system:migration', ?)`);
    for (const r of rows) {
      const h = routing.get(r.id);
      routing.delete(r.id);
      const address = JSON.parse(r.address) as { channelId: string };
      const parties = JSON.parse(box.open(r.parties_enc, fieldAad('cases', r.id, 'parties_enc'))) as { conflictServicePointAuthority: boolean };
      const outcome = h?.outcome ?? (r.disposition && OUTCOMES.has(r.disposition) ? r.disposition : null);
      update.run({
        id: r.id,
        status: h?.status ?? r.status,
        urgency: h?.urgency ?? URGENCY_FROM_V1[r.urgency] ?? 'routine',
        channel_id: address.channelId,
        ward: h?.ward ?? null,
        legal_area: h ? h.legal_area : legalAreas.has(r.area) ? r.area : null,
        language: h?.language ?? 'vi',
        conflict: h ? h.conflict_service_point : parties.conflictServicePointAuthority ? 1 : 0,
        lawyer_id: h ? h.lawyer_id : (r.assigned_lawyer_id ?? r.offered_to),
        offer_expires_at: h?.offer_expires_at ?? null,
        sla_due_at: h?.sla_due_at ?? r.created_at,
        expected_contact_at: h?.expected_contact_at ?? null,
        flagged: h?.flagged ?? 0,
        flag_reason: h?.flag_reason ?? null,
        outcome,
        announced: h?.announced ?? 0,
        accepted_at: h?.accepted_at ?? r.accepted_at,
        closed_at: h?.closed_at ?? r.closed_at,
      });
      const kept = [`status ${r.status}${h ? ` → ${h.status} (routing)` : ' (never routed)'}`, `urgency ${r.urgency}`];
      if (r.disposition && r.disposition !== outcome) kept.push(`disposition ${r.disposition}`);
      audit.run(r.id, at, kept.join('; '));
    }
    // Routing records without a triage record (tests and demos wrote some): kept, marked.
    const insertOrphan = db.prepare(
      `INSERT INTO cases (id, status, channel, service_point, user_id, conversation_id, address, area, confidence, secondary_areas, signals,
         urgency, deadline, parties_enc, eligibility_enc, service, limited_scope_ack, contact_enc, summary_enc, consent, retention_until,
         bot_version, created_at, updated_at, offered_at, accepted_at, live_at, closed_at, declined_by, cited_articles, channel_id, ward,
         legal_area, language, conflict_service_point, lawyer_id, offer_expires_at, sla_due_at, expected_contact_at, flagged, flag_reason,
         outcome, announced, version)
       VALUES (@id, @status, @channel_id, @service_point, @user_id, @conversation_id, @address, @area, 0, '[]', '["migrated_without_intake"]',
         @urgency, @deadline, @parties_enc, NULL, 'advice', 0, @contact_enc, @summary_enc, @consent, @retention_until,
         NULL, @opened_at, @opened_at, NULL, @accepted_at, NULL, @closed_at, '[]', '[]', @channel_id, @ward,
         @legal_area, @language, @conflict_service_point, @lawyer_id, @offer_expires_at, @sla_due_at, @expected_contact_at, @flagged, @flag_reason,
         @outcome, @announced, 1)`,
    );
    for (const h of routing.values()) {
      const seal = (field: string, plain: string) => box.seal(plain, fieldAad('cases', h.case_id, field));
      insertOrphan.run({
        ...h,
        id: h.case_id,
        service_point: h.ward ?? 'Chung',
        area: h.legal_area ?? 'KHAC',
        deadline: h.deadline ? JSON.stringify({ type: 'unknown', dueDate: h.deadline }) : null,
        parties_enc: seal('parties_enc', JSON.stringify({ adverseParties: [], authorityInvolved: [], conflictServicePointAuthority: h.conflict_service_point === 1 })),
        contact_enc: seal('contact_enc', JSON.stringify({ safeToContact: true, method: 'this_channel' })),
        summary_enc: seal('summary_enc', 'Hồ sơ chuyển từ dữ liệu cũ, không có bản tiếp nhận.'),
        consent: JSON.stringify({ textVersion: 'unknown', purposes: ['legal_advice'], sensitiveDataAck: false, method: 'migrated', givenAt: h.opened_at }),
        retention_until: new Date(Date.parse(h.opened_at) + 365 * 86_400_000).toISOString().slice(0, 10),
      });
      audit.run(h.case_id, at, `routing record without intake; status ${h.status}`);
    }
    if (routed) {
      db.exec(`INSERT INTO case_offers (id, case_id, lawyer_id, offered_at, expires_at, status, reason, conflict_of_interest, responded_at)
               SELECT id, case_id, lawyer_id, offered_at, expires_at, status, reason, conflict_of_interest, responded_at FROM handoff_offers;
               DROP TABLE handoff_offers; DROP TABLE handoff_cases;`);
    }
    db.exec(DROP_V1_COLUMNS);
  });
}

/** A value as better-sqlite3 binds it: flags as 0/1. */
const sqliteValue = (v: unknown): unknown => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

function columnValue(key: string, v: unknown): unknown {
  return sqliteValue(patchValue(key, v));
}

export interface SqliteCaseStoreOptions {
  /** Province prefix of case ids (Hà Nội: `HN`). */
  provincePrefix?: string;
  /** Seals summary, parties, eligibility and contact. Required: there is no plaintext default. */
  box: SealedBox;
  clock: () => Date;
}

/** `CaseRepository` over the shared SQLite database (better-sqlite3, synchronous under the hood). */
export class SqliteCaseStore implements CaseRepository {
  private readonly prefix: string;
  private readonly box: SealedBox;
  private readonly clock: () => Date;

  constructor(
    private readonly db: Db,
    options: SqliteCaseStoreOptions,
  ) {
    this.prefix = options.provincePrefix ?? 'HN';
    this.box = options.box;
    this.clock = options.clock;
    migrate(db, CASE_STORE_MIGRATIONS);
    rebindEncryptedColumns(db, 'case_store_002_row_aad', this.box, 'cases', 'id', ENCRYPTED_CASE_COLUMNS);
    mergeRoutingIntoCases(db, this.box, this.clock().toISOString());
  }

  async create(c: CaseIntake, routing: CaseRouting): Promise<Case> {
    const now = this.clock();
    const at = now.toISOString();
    const year = now.getUTCFullYear();
    const ward = wardSlug(c.servicePoint);
    const insert = this.db.transaction(() => {
      const row = this.db
        .prepare(
          `INSERT INTO case_seq (service_point, year, seq) VALUES (?, ?, 1)
           ON CONFLICT(service_point, year) DO UPDATE SET seq = seq + 1 RETURNING seq`,
        )
        .get(ward, year) as { seq: number };
      const id = caseId(this.prefix, ward, row.seq, year);
      const values = intakeValues(this.box, id, c, routing);
      this.db
        .prepare(
          `INSERT INTO cases (id, status, version, ${INTAKE_COLUMNS.join(', ')}, created_at, updated_at)
           VALUES (@id, 'open', 1, ${INTAKE_COLUMNS.map((k) => `@${k}`).join(', ')}, @at, @at)`,
        )
        .run({ id, at, ...Object.fromEntries(INTAKE_COLUMNS.map((k) => [k, sqliteValue(values[k])])) });
      this.event(id, at, 'opened', 'citizen', c.urgency);
      return id;
    });
    return this.require(insert.immediate());
  }

  async get(id: string): Promise<Case | undefined> {
    const row = this.db.prepare('SELECT * FROM cases WHERE id = ?').get(id) as CaseRow | undefined;
    return row ? this.fromRow(row) : undefined;
  }

  async list(filter: CaseFilter = {}): Promise<Case[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.statuses?.length) {
      where.push(`status IN (${filter.statuses.map(() => '?').join(',')})`);
      args.push(...filter.statuses);
    }
    if (filter.lawyerId !== undefined) {
      where.push('lawyer_id = ?');
      args.push(filter.lawyerId);
    }
    if (filter.wards) {
      if (filter.wards.length === 0) return [];
      where.push(`ward IN (${filter.wards.map(() => '?').join(',')})`);
      args.push(...filter.wards);
    }
    if (filter.servicePoint !== undefined) {
      where.push('service_point = ?');
      args.push(filter.servicePoint);
    }
    if (filter.flaggedOnly) where.push('flagged = 1');
    args.push(filter.limit ?? 1000);
    const rows = this.db
      .prepare(`SELECT * FROM cases ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY sla_due_at, created_at, id LIMIT ?`)
      .all(...args) as CaseRow[];
    return rows.map((r) => this.fromRow(r));
  }

  async findByConversation(channelId: string, conversationId: string, statuses: readonly CaseStatus[]): Promise<Case | undefined> {
    if (statuses.length === 0) return undefined;
    const row = this.db
      .prepare(
        `SELECT * FROM cases WHERE channel_id = ? AND conversation_id = ? AND status IN (${statuses.map(() => '?').join(',')})
         ORDER BY created_at DESC, id DESC LIMIT 1`,
      )
      .get(channelId, conversationId, ...statuses) as CaseRow | undefined;
    return row ? this.fromRow(row) : undefined;
  }

  async listByConversation(conversationId: string): Promise<Case[]> {
    const rows = this.db
      .prepare('SELECT * FROM cases WHERE conversation_id = ? ORDER BY created_at DESC, id DESC')
      .all(conversationId) as CaseRow[];
    return rows.map((r) => this.fromRow(r));
  }

  async apply(id: string, change: CaseChange): Promise<Case> {
    const at = this.clock().toISOString();
    this.db.transaction(() => {
      const row = this.db.prepare('SELECT status, version FROM cases WHERE id = ?').get(id) as { status: CaseStatus; version: number } | undefined;
      if (!row) throw new AppError('not_found:case', `No case ${id}`);
      if (row.status !== change.from || row.version !== change.version) {
        throw new AppError('conflict:case_status', `Case ${id} is ${row.status} (version ${row.version}), the change was decided on ${change.from} (version ${change.version})`);
      }
      const set = ['status = @status', 'version = version + 1', 'updated_at = @at'];
      const args: Record<string, unknown> = { id, status: change.to, at };
      for (const [key, value] of Object.entries(change.patch)) {
        const column = PATCH_COLUMNS[key];
        if (!column) throw new AppError('internal:case_patch', `Case field ${key} is not a move's to set`);
        set.push(`${column} = @${column}`);
        args[column] = columnValue(key, value);
      }
      this.db.prepare(`UPDATE cases SET ${set.join(', ')} WHERE id = @id`).run(args);
      this.event(id, at, change.audit.kind, change.audit.actor, change.audit.detail);
    }).immediate();
    return this.require(id);
  }

  async annotate(id: string, patch: CaseAnnotation): Promise<Case> {
    const set = ['updated_at = @at'];
    const args: Record<string, unknown> = { id, at: this.clock().toISOString() };
    for (const [key, value] of Object.entries(patch)) {
      const column = PATCH_COLUMNS[key];
      if (!column || !ANNOTATION_KEYS.has(key)) throw new AppError('internal:case_patch', `Case field ${key} is not an annotation`);
      set.push(`${column} = @${column}`);
      args[column] = columnValue(key, value);
    }
    if (this.db.prepare(`UPDATE cases SET ${set.join(', ')} WHERE id = @id`).run(args).changes === 0) {
      throw new AppError('not_found:case', `No case ${id}`);
    }
    return this.require(id);
  }

  async updateIntake(id: string, patch: CaseIntakeUpdate): Promise<Case> {
    const at = this.clock().toISOString();
    const current = await this.require(id);
    const deadline = patch.deadline ?? current.deadline;
    const urgency = patch.urgency ?? current.urgency;
    this.db.prepare('UPDATE cases SET deadline = ?, urgency = ?, updated_at = ? WHERE id = ?').run(deadline ? JSON.stringify(deadline) : null, urgency, at, id);
    this.event(id, at, 'triage_updated', 'citizen', urgency);
    return this.require(id);
  }

  async events(id: string): Promise<CaseAuditEntry[]> {
    const rows = this.db
      .prepare('SELECT at, kind, actor, detail FROM case_events WHERE case_id = ? ORDER BY id')
      .all(id) as Array<{ at: string; kind: string; actor: string; detail: string | null }>;
    return rows.map((r) => ({ at: r.at, kind: r.kind, actor: r.actor, detail: undef(r.detail) }));
  }

  async addOffer(o: Offer): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO case_offers (id, case_id, lawyer_id, offered_at, expires_at, status, reason, conflict_of_interest, responded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(o.id, o.caseId, o.lawyerId, o.offeredAt, o.expiresAt, o.status, o.reason ?? null,
        o.conflictOfInterest === undefined ? null : o.conflictOfInterest ? 1 : 0, o.respondedAt ?? null);
  }

  async answerOffer(id: string, patch: Pick<Offer, 'status' | 'respondedAt'> & Partial<Pick<Offer, 'reason' | 'conflictOfInterest'>>): Promise<boolean> {
    const r = this.db
      .prepare(`UPDATE case_offers SET status = ?, responded_at = ?, reason = ?, conflict_of_interest = ? WHERE id = ? AND status = 'offered'`)
      .run(patch.status, patch.respondedAt ?? null, patch.reason ?? null,
        patch.conflictOfInterest === undefined ? null : patch.conflictOfInterest ? 1 : 0, id);
    return r.changes === 1;
  }

  async listOffers(caseId: string): Promise<Offer[]> {
    return (this.db.prepare('SELECT * FROM case_offers WHERE case_id = ? ORDER BY offered_at, rowid').all(caseId) as OfferRow[]).map(offerFromRow);
  }

  async expiredOffers(now: Date): Promise<Offer[]> {
    return (
      this.db.prepare(`SELECT * FROM case_offers WHERE status = 'offered' AND expires_at <= ? ORDER BY expires_at`).all(now.toISOString()) as OfferRow[]
    ).map(offerFromRow);
  }

  async lawyerLoads(): Promise<Map<string, LawyerLoad>> {
    const out = new Map<string, LawyerLoad>();
    const open = this.db
      .prepare(`SELECT lawyer_id, COUNT(*) AS n FROM cases WHERE lawyer_id IS NOT NULL AND status IN ('offered', 'assigned', 'live', 'ended_by_citizen') GROUP BY lawyer_id`)
      .all() as Array<{ lawyer_id: string; n: number }>;
    for (const r of open) out.set(r.lawyer_id, { openCases: r.n });
    const last = this.db.prepare('SELECT lawyer_id, MAX(offered_at) AS at FROM case_offers GROUP BY lawyer_id').all() as Array<{ lawyer_id: string; at: string }>;
    for (const r of last) out.set(r.lawyer_id, { openCases: out.get(r.lawyer_id)?.openCases ?? 0, lastAssignedAt: r.at });
    return out;
  }

  async caseIdsOfferedTo(lawyerId: string): Promise<Set<string>> {
    const rows = this.db.prepare('SELECT DISTINCT case_id FROM case_offers WHERE lawyer_id = ?').all(lawyerId) as Array<{ case_id: string }>;
    return new Set(rows.map((r) => r.case_id));
  }

  async deleteByUser(userId: string): Promise<string[]> {
    const ids = (this.db.prepare('SELECT id FROM cases WHERE user_id = ?').all(userId) as Array<{ id: string }>).map((r) => r.id);
    this.db.prepare('DELETE FROM cases WHERE user_id = ?').run(userId);
    return ids;
  }

  async expiredIds(now: Date): Promise<string[]> {
    return (this.db.prepare('SELECT id FROM cases WHERE retention_until < ?').all(now.toISOString()) as Array<{ id: string }>).map((r) => r.id);
  }

  async deleteCases(ids: readonly string[]): Promise<number> {
    const stmt = this.db.prepare('DELETE FROM cases WHERE id = ?');
    let n = 0;
    this.db.transaction(() => {
      for (const id of ids) n += stmt.run(id).changes;
    })();
    return n;
  }

  private async require(id: string): Promise<Case> {
    const c = await this.get(id);
    if (!c) throw new AppError('not_found:case', `No case ${id}`);
    return c;
  }

  private event(caseId: string, at: string, kind: string, actor: string, detail?: string): void {
    this.db
      .prepare('INSERT INTO case_events (case_id, at, kind, actor, detail) VALUES (?, ?, ?, ?, ?)')
      .run(caseId, at, kind, actor, detail ?? null);
  }

  private fromRow(r: CaseRow): Case {
    return caseFromRow(r, this.box);
  }
}
