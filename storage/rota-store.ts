import { AppError } from '../knowledge/errors.js';
import type { ConversationAddress } from '../bot/types.js';
import { throwIfTurnCancelled } from '../bot/turn-signal.js';
import type {
  CaseFilter as HandoffCaseFilter,
  HandoffCase,
  HandoffRepository,
  HandoffStatus,
  Lawyer,
  LawyerLoad,
  Offer,
  Rota,
  RotaReader,
  ServicePoint,
  ShiftException,
  WeeklyShift,
} from '../bot/handoff/index.js';
import { migrate, type Db } from './sqlite.js';

/**
 * The volunteer-lawyer rota (lawyers, service points, weekly shifts, exceptions) and the
 * routing state of escalated cases (handoff cases and their offers). Routing state is kept
 * apart from triage's case record: it holds no narrative, only what routing needs.
 */
export const ROTA_STORE_MIGRATIONS = [
  {
    name: 'rota_store_001',
    sql: `
      CREATE TABLE rota_lawyers (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        phone TEXT,
        email TEXT,
        zalo_user_id TEXT,
        specialties TEXT NOT NULL,
        languages TEXT NOT NULL,
        wards TEXT NOT NULL,
        max_open_cases INTEGER NOT NULL,
        active INTEGER NOT NULL DEFAULT 1
      );
      CREATE TABLE rota_service_points (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        address TEXT NOT NULL,
        hours TEXT NOT NULL,
        neighbours TEXT NOT NULL
      );
      CREATE TABLE rota_shifts (
        id TEXT PRIMARY KEY,
        lawyer_id TEXT NOT NULL REFERENCES rota_lawyers(id) ON DELETE CASCADE,
        service_point TEXT NOT NULL REFERENCES rota_service_points(code),
        weekday INTEGER NOT NULL,
        start TEXT NOT NULL,
        end TEXT NOT NULL
      );
      CREATE INDEX rota_shifts_lawyer ON rota_shifts(lawyer_id);
      CREATE TABLE rota_exceptions (
        id TEXT PRIMARY KEY,
        lawyer_id TEXT NOT NULL REFERENCES rota_lawyers(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('extra', 'leave')),
        date TEXT NOT NULL,
        date_to TEXT,
        service_point TEXT REFERENCES rota_service_points(code),
        start TEXT,
        end TEXT,
        note TEXT
      );
      CREATE TABLE handoff_cases (
        case_id TEXT PRIMARY KEY,
        ward TEXT,
        legal_area TEXT,
        urgency TEXT NOT NULL,
        deadline TEXT,
        language TEXT NOT NULL,
        conflict_service_point INTEGER NOT NULL,
        channel_id TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        address TEXT NOT NULL,
        status TEXT NOT NULL,
        lawyer_id TEXT,
        offer_expires_at TEXT,
        sla_due_at TEXT NOT NULL,
        expected_contact_at TEXT,
        flagged INTEGER NOT NULL DEFAULT 0,
        flag_reason TEXT,
        outcome TEXT,
        announced INTEGER NOT NULL DEFAULT 0,
        opened_at TEXT NOT NULL,
        accepted_at TEXT,
        closed_at TEXT
      );
      CREATE INDEX handoff_cases_conv ON handoff_cases(channel_id, conversation_id, opened_at);
      CREATE INDEX handoff_cases_status ON handoff_cases(status);
      CREATE INDEX handoff_cases_user ON handoff_cases(user_id);
      CREATE TABLE handoff_offers (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES handoff_cases(case_id) ON DELETE CASCADE,
        lawyer_id TEXT NOT NULL,
        offered_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        status TEXT NOT NULL,
        reason TEXT,
        conflict_of_interest INTEGER,
        responded_at TEXT
      );
      CREATE INDEX handoff_offers_case ON handoff_offers(case_id, offered_at);
      CREATE INDEX handoff_offers_open ON handoff_offers(status, expires_at);
      CREATE INDEX handoff_offers_lawyer ON handoff_offers(lawyer_id, offered_at);
    `,
  },
] as const;

interface LawyerRow {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  zalo_user_id: string | null;
  specialties: string;
  languages: string;
  wards: string;
  max_open_cases: number;
  active: number;
}

const undef = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

function lawyerFromRow(r: LawyerRow): Lawyer {
  return {
    id: r.id,
    name: r.name,
    phone: undef(r.phone),
    email: undef(r.email),
    zaloUserId: undef(r.zalo_user_id),
    specialties: JSON.parse(r.specialties) as Lawyer['specialties'],
    languages: JSON.parse(r.languages) as string[],
    wards: JSON.parse(r.wards) as string[],
    maxOpenCases: r.max_open_cases,
    active: r.active === 1,
  };
}

/** Rota over the shared SQLite database. Writes that replace data run in one transaction. */
export class SqliteRotaStore implements RotaReader {
  constructor(private readonly db: Db) {
    migrate(db, ROTA_STORE_MIGRATIONS);
  }

  async loadRota(): Promise<Rota> {
    return this.loadRotaSync();
  }

  loadRotaSync(): Rota {
    const lawyers = (this.db.prepare('SELECT * FROM rota_lawyers ORDER BY id').all() as LawyerRow[]).map(lawyerFromRow);
    const servicePoints = (
      this.db.prepare('SELECT * FROM rota_service_points ORDER BY code').all() as Array<{
        code: string;
        name: string;
        address: string;
        hours: string;
        neighbours: string;
      }>
    ).map((r) => ({ code: r.code, name: r.name, address: r.address, hours: r.hours, neighbours: JSON.parse(r.neighbours) as string[] }));
    const shifts = (
      this.db.prepare('SELECT * FROM rota_shifts ORDER BY lawyer_id, weekday, start').all() as Array<{
        id: string;
        lawyer_id: string;
        service_point: string;
        weekday: number;
        start: string;
        end: string;
      }>
    ).map((r) => ({ id: r.id, lawyerId: r.lawyer_id, servicePoint: r.service_point, weekday: r.weekday, start: r.start, end: r.end }));
    const exceptions = (
      this.db.prepare('SELECT * FROM rota_exceptions ORDER BY date, id').all() as Array<{
        id: string;
        lawyer_id: string;
        kind: 'extra' | 'leave';
        date: string;
        date_to: string | null;
        service_point: string | null;
        start: string | null;
        end: string | null;
        note: string | null;
      }>
    ).map((r): ShiftException =>
      r.kind === 'leave'
        ? { id: r.id, lawyerId: r.lawyer_id, kind: 'leave', date: r.date, dateTo: r.date_to ?? r.date, note: undef(r.note) }
        : { id: r.id, lawyerId: r.lawyer_id, kind: 'extra', date: r.date, servicePoint: r.service_point ?? '', start: r.start ?? '', end: r.end ?? '' },
    );
    return { lawyers, servicePoints, shifts, exceptions };
  }

  async getLawyer(id: string): Promise<Lawyer | undefined> {
    const row = this.db.prepare('SELECT * FROM rota_lawyers WHERE id = ?').get(id) as LawyerRow | undefined;
    return row ? lawyerFromRow(row) : undefined;
  }

  async getServicePoint(code: string): Promise<ServicePoint | undefined> {
    return this.loadRotaSync().servicePoints.find((p) => p.code === code);
  }

  /** Inserts or updates service points (the 126 wards); keeps shifts that refer to them. */
  upsertServicePoints(points: ServicePoint[]): void {
    const stmt = this.db.prepare(
      `INSERT INTO rota_service_points (code, name, address, hours, neighbours) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(code) DO UPDATE SET name = excluded.name, address = excluded.address, hours = excluded.hours,
         neighbours = excluded.neighbours`,
    );
    this.db.transaction(() => {
      for (const p of points) stmt.run(p.code, p.name, p.address, p.hours, JSON.stringify(p.neighbours));
    }).immediate();
  }

  /**
   * Loads lawyers and (optionally) shifts/exceptions in one transaction: upserts the lawyers;
   * when `schedule` is given, replaces the weekly shifts and exceptions of every lawyer in the
   * file. Nothing is written if any statement fails.
   */
  importRota(input: { lawyers: Lawyer[]; schedule?: { shifts: WeeklyShift[]; exceptions: ShiftException[] } }): void {
    const upsert = this.db.prepare(
      `INSERT INTO rota_lawyers (id, name, phone, email, zalo_user_id, specialties, languages, wards, max_open_cases, active)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, phone = excluded.phone, email = excluded.email,
         zalo_user_id = excluded.zalo_user_id, specialties = excluded.specialties, languages = excluded.languages,
         wards = excluded.wards, max_open_cases = excluded.max_open_cases, active = excluded.active`,
    );
    const delShifts = this.db.prepare('DELETE FROM rota_shifts WHERE lawyer_id = ?');
    const delEx = this.db.prepare('DELETE FROM rota_exceptions WHERE lawyer_id = ?');
    const insShift = this.db.prepare('INSERT INTO rota_shifts (id, lawyer_id, service_point, weekday, start, end) VALUES (?, ?, ?, ?, ?, ?)');
    const insEx = this.db.prepare(
      'INSERT INTO rota_exceptions (id, lawyer_id, kind, date, date_to, service_point, start, end, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const l of input.lawyers) {
        upsert.run(
          l.id,
          l.name,
          l.phone ?? null,
          l.email ?? null,
          l.zaloUserId ?? null,
          JSON.stringify(l.specialties),
          JSON.stringify(l.languages),
          JSON.stringify(l.wards),
          l.maxOpenCases,
          l.active ? 1 : 0,
        );
      }
      if (input.schedule) {
        const touched = new Set([...input.schedule.shifts.map((s) => s.lawyerId), ...input.schedule.exceptions.map((e) => e.lawyerId)]);
        for (const id of touched) {
          delShifts.run(id);
          delEx.run(id);
        }
        for (const s of input.schedule.shifts) insShift.run(s.id, s.lawyerId, s.servicePoint, s.weekday, s.start, s.end);
        for (const e of input.schedule.exceptions) {
          if (e.kind === 'leave') insEx.run(e.id, e.lawyerId, 'leave', e.date, e.dateTo, null, null, null, e.note ?? null);
          else insEx.run(e.id, e.lawyerId, 'extra', e.date, null, e.servicePoint, e.start, e.end, null);
        }
      }
    }).immediate();
  }

  addException(e: ShiftException): void {
    if (e.kind === 'leave') {
      this.db
        .prepare('INSERT INTO rota_exceptions (id, lawyer_id, kind, date, date_to, note) VALUES (?, ?, ?, ?, ?, ?)')
        .run(e.id, e.lawyerId, 'leave', e.date, e.dateTo, e.note ?? null);
    } else {
      this.db
        .prepare('INSERT INTO rota_exceptions (id, lawyer_id, kind, date, service_point, start, end) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(e.id, e.lawyerId, 'extra', e.date, e.servicePoint, e.start, e.end);
    }
  }

  deleteException(id: string): boolean {
    return this.db.prepare('DELETE FROM rota_exceptions WHERE id = ?').run(id).changes > 0;
  }

  setLawyerActive(id: string, active: boolean): boolean {
    return this.db.prepare('UPDATE rota_lawyers SET active = ? WHERE id = ?').run(active ? 1 : 0, id).changes > 0;
  }

  counts(): { lawyers: number; servicePoints: number; shifts: number; exceptions: number } {
    const n = (t: string) => (this.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
    return { lawyers: n('rota_lawyers'), servicePoints: n('rota_service_points'), shifts: n('rota_shifts'), exceptions: n('rota_exceptions') };
  }
}

interface CaseRow {
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
  status: HandoffStatus;
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

function caseFromRow(r: CaseRow): HandoffCase {
  return {
    caseId: r.case_id,
    ward: undef(r.ward),
    legalArea: undef(r.legal_area) as HandoffCase['legalArea'],
    urgency: r.urgency as HandoffCase['urgency'],
    deadline: undef(r.deadline),
    language: r.language,
    conflictWithServicePoint: r.conflict_service_point === 1,
    address: JSON.parse(r.address) as ConversationAddress,
    status: r.status,
    lawyerId: undef(r.lawyer_id),
    offerExpiresAt: undef(r.offer_expires_at),
    slaDueAt: r.sla_due_at,
    expectedContactAt: undef(r.expected_contact_at),
    flagged: r.flagged === 1,
    flagReason: undef(r.flag_reason),
    outcome: undef(r.outcome) as HandoffCase['outcome'],
    announced: r.announced === 1,
    openedAt: r.opened_at,
    acceptedAt: undef(r.accepted_at),
    closedAt: undef(r.closed_at),
  };
}

function caseToRow(c: HandoffCase): CaseRow {
  return {
    case_id: c.caseId,
    ward: c.ward ?? null,
    legal_area: c.legalArea ?? null,
    urgency: c.urgency,
    deadline: c.deadline ?? null,
    language: c.language,
    conflict_service_point: c.conflictWithServicePoint ? 1 : 0,
    channel_id: c.address.channelId,
    conversation_id: c.address.conversationId,
    user_id: c.address.userId,
    address: JSON.stringify(c.address),
    status: c.status,
    lawyer_id: c.lawyerId ?? null,
    offer_expires_at: c.offerExpiresAt ?? null,
    sla_due_at: c.slaDueAt,
    expected_contact_at: c.expectedContactAt ?? null,
    flagged: c.flagged ? 1 : 0,
    flag_reason: c.flagReason ?? null,
    outcome: c.outcome ?? null,
    announced: c.announced ? 1 : 0,
    opened_at: c.openedAt,
    accepted_at: c.acceptedAt ?? null,
    closed_at: c.closedAt ?? null,
  };
}

const CASE_COLUMNS = Object.keys(caseToRow({
  caseId: '', urgency: 'routine', language: 'vi', conflictWithServicePoint: false,
  address: { channelId: '', conversationId: '', userId: '', reference: {} },
  status: 'waiting', slaDueAt: '', flagged: false, announced: false, openedAt: '',
}));

interface OfferRow {
  id: string;
  case_id: string;
  lawyer_id: string;
  offered_at: string;
  expires_at: string;
  status: Offer['status'];
  reason: string | null;
  conflict_of_interest: number | null;
  responded_at: string | null;
}

function offerFromRow(r: OfferRow): Offer {
  return {
    id: r.id,
    caseId: r.case_id,
    lawyerId: r.lawyer_id,
    offeredAt: r.offered_at,
    expiresAt: r.expires_at,
    status: r.status,
    reason: undef(r.reason),
    conflictOfInterest: r.conflict_of_interest === null ? undefined : r.conflict_of_interest === 1,
    respondedAt: undef(r.responded_at),
  };
}

/** Routing state of escalated cases (`HandoffRepository`) over SQLite. */
export class SqliteHandoffStore implements HandoffRepository {
  constructor(private readonly db: Db) {
    migrate(db, ROTA_STORE_MIGRATIONS);
  }

  async createCase(c: HandoffCase): Promise<void> {
    throwIfTurnCancelled('route a case');
    const row = caseToRow(c);
    this.db
      .prepare(`INSERT INTO handoff_cases (${CASE_COLUMNS.join(', ')}) VALUES (${CASE_COLUMNS.map((k) => `@${k}`).join(', ')})`)
      .run(row);
  }

  async getCase(caseId: string): Promise<HandoffCase | undefined> {
    const row = this.db.prepare('SELECT * FROM handoff_cases WHERE case_id = ?').get(caseId) as CaseRow | undefined;
    return row ? caseFromRow(row) : undefined;
  }

  async updateCase(caseId: string, patch: Partial<Omit<HandoffCase, 'caseId'>>): Promise<HandoffCase> {
    const update = this.db.transaction(() => {
      const row = this.db.prepare('SELECT * FROM handoff_cases WHERE case_id = ?').get(caseId) as CaseRow | undefined;
      if (!row) throw new AppError('not_found:handoff_case', `Case ${caseId} has no routing record`);
      const current = caseFromRow(row);
      // Keys present with `undefined` clear the field (e.g. the offer expiry after acceptance).
      const next: HandoffCase = { ...current };
      for (const [k, v] of Object.entries(patch)) (next as unknown as Record<string, unknown>)[k] = v;
      const nextRow = caseToRow(next);
      this.db
        .prepare(`UPDATE handoff_cases SET ${CASE_COLUMNS.filter((k) => k !== 'case_id').map((k) => `${k} = @${k}`).join(', ')} WHERE case_id = @case_id`)
        .run(nextRow);
      return next;
    });
    return update.immediate();
  }

  async findByConversation(channelId: string, conversationId: string, statuses: HandoffStatus[]): Promise<HandoffCase | undefined> {
    if (statuses.length === 0) return undefined;
    const row = this.db
      .prepare(
        `SELECT * FROM handoff_cases WHERE channel_id = ? AND conversation_id = ? AND status IN (${statuses.map(() => '?').join(',')})
         ORDER BY opened_at DESC LIMIT 1`,
      )
      .get(channelId, conversationId, ...statuses) as CaseRow | undefined;
    return row ? caseFromRow(row) : undefined;
  }

  async listCases(filter: HandoffCaseFilter): Promise<HandoffCase[]> {
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
    if (filter.flaggedOnly) where.push('flagged = 1');
    const rows = this.db
      .prepare(`SELECT * FROM handoff_cases ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY sla_due_at, opened_at LIMIT 1000`)
      .all(...args) as CaseRow[];
    return rows.map(caseFromRow);
  }

  /** Cases ever offered to a lawyer (for the lawyer's queue and access checks). */
  async caseIdsOfferedTo(lawyerId: string): Promise<Set<string>> {
    const rows = this.db.prepare('SELECT DISTINCT case_id FROM handoff_offers WHERE lawyer_id = ?').all(lawyerId) as Array<{ case_id: string }>;
    return new Set(rows.map((r) => r.case_id));
  }

  async addOffer(o: Offer): Promise<void> {
    throwIfTurnCancelled('offer a case to a lawyer');
    this.db
      .prepare(
        `INSERT INTO handoff_offers (id, case_id, lawyer_id, offered_at, expires_at, status, reason, conflict_of_interest, responded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(o.id, o.caseId, o.lawyerId, o.offeredAt, o.expiresAt, o.status, o.reason ?? null,
        o.conflictOfInterest === undefined ? null : o.conflictOfInterest ? 1 : 0, o.respondedAt ?? null);
  }

  async answerOffer(id: string, patch: Pick<Offer, 'status' | 'respondedAt'> & Partial<Pick<Offer, 'reason' | 'conflictOfInterest'>>): Promise<boolean> {
    const r = this.db
      .prepare(`UPDATE handoff_offers SET status = ?, responded_at = ?, reason = ?, conflict_of_interest = ? WHERE id = ? AND status = 'offered'`)
      .run(patch.status, patch.respondedAt ?? null, patch.reason ?? null,
        patch.conflictOfInterest === undefined ? null : patch.conflictOfInterest ? 1 : 0, id);
    return r.changes === 1;
  }

  async listOffers(caseId: string): Promise<Offer[]> {
    return (this.db.prepare('SELECT * FROM handoff_offers WHERE case_id = ? ORDER BY offered_at, rowid').all(caseId) as OfferRow[]).map(offerFromRow);
  }

  async expiredOffers(now: Date): Promise<Offer[]> {
    return (
      this.db.prepare(`SELECT * FROM handoff_offers WHERE status = 'offered' AND expires_at <= ? ORDER BY expires_at`).all(now.toISOString()) as OfferRow[]
    ).map(offerFromRow);
  }

  async lawyerLoads(): Promise<Map<string, LawyerLoad>> {
    const out = new Map<string, LawyerLoad>();
    const open = this.db
      .prepare(`SELECT lawyer_id, COUNT(*) AS n FROM handoff_cases WHERE lawyer_id IS NOT NULL AND status IN ('offered', 'live', 'ended_by_citizen') GROUP BY lawyer_id`)
      .all() as Array<{ lawyer_id: string; n: number }>;
    for (const r of open) out.set(r.lawyer_id, { openCases: r.n });
    const last = this.db.prepare('SELECT lawyer_id, MAX(offered_at) AS at FROM handoff_offers GROUP BY lawyer_id').all() as Array<{ lawyer_id: string; at: string }>;
    for (const r of last) out.set(r.lawyer_id, { openCases: out.get(r.lawyer_id)?.openCases ?? 0, lastAssignedAt: r.at });
    return out;
  }

  /** Delete-my-data: removes the routing records (and offers) of a citizen. */
  async deleteByUser(userId: string): Promise<string[]> {
    const ids = (this.db.prepare('SELECT case_id FROM handoff_cases WHERE user_id = ?').all(userId) as Array<{ case_id: string }>).map((r) => r.case_id);
    this.db.prepare('DELETE FROM handoff_cases WHERE user_id = ?').run(userId);
    return ids;
  }

  /** Retention: removes the routing records (and offers) of these cases. */
  deleteCases(caseIds: readonly string[]): number {
    const stmt = this.db.prepare('DELETE FROM handoff_cases WHERE case_id = ?');
    let n = 0;
    this.db.transaction(() => {
      for (const id of caseIds) n += stmt.run(id).changes;
    })();
    return n;
  }
}
