import { AppError } from '../../knowledge/errors.js';
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
} from '../../bot/ports/index.js';
import {
  ANNOTATION_KEYS,
  caseFromRow,
  caseId,
  INTAKE_COLUMNS,
  intakeValues,
  offerFromRow,
  PATCH_COLUMNS,
  patchValue,
  undef,
  wardSlug,
  type CaseRow,
  type OfferRow,
} from '../case-rows.js';
import type { PgDb } from './db.js';

/**
 * `CaseRepository` on PostgreSQL (`migrations/010_cases.sql`), the twin of
 * `storage/case-store.ts`: same tables and columns, same sealed bindings
 * (`cases/<id>/<column>`), so rows copied from SQLite open here.
 *
 * Several app processes share the tables, so nothing is read and then written:
 * - a move is ONE conditional `UPDATE … WHERE id AND status AND version … RETURNING`, with its
 *   audit line inserted by the same statement; of two lawyers accepting on the same read, the
 *   second's UPDATE waits for the first's row lock, re-checks the version, matches nothing and
 *   is refused (`conflict:case_status`);
 * - an offer is answered by `UPDATE … WHERE status = 'offered'`: once, whoever asks;
 * - a case id comes from `INSERT … ON CONFLICT DO UPDATE SET seq = seq + 1 RETURNING`, which
 *   locks the ward-year row until the case is inserted in the same transaction.
 */

export interface PgCaseStoreOptions {
  /** Province prefix of case ids (Hà Nội: `HN`). */
  provincePrefix?: string;
  /** Seals summary, parties, eligibility and contact (the same box as the SQLite store's). */
  box: SealedBox;
  clock: () => Date;
}

/** `SET` clauses and parameters for a patch, numbering parameters after `first - 1` taken ones. */
function patchSet(patch: Record<string, unknown>, allowed: (key: string) => boolean, what: string, first: number): { set: string[]; params: unknown[] } {
  const set: string[] = [];
  const params: unknown[] = [];
  for (const [key, value] of Object.entries(patch)) {
    const column = PATCH_COLUMNS[key];
    if (!column || !allowed(key)) throw new AppError('internal:case_patch', `Case field ${key} is not ${what}`);
    params.push(patchValue(key, value));
    set.push(`${column} = $${first + params.length - 1}`);
  }
  return { set, params };
}

export class PgCaseStore implements CaseRepository {
  private readonly prefix: string;
  private readonly box: SealedBox;
  private readonly clock: () => Date;

  constructor(
    private readonly db: PgDb,
    options: PgCaseStoreOptions,
  ) {
    this.prefix = options.provincePrefix ?? 'HN';
    this.box = options.box;
    this.clock = options.clock;
  }

  async create(c: CaseIntake, routing: CaseRouting): Promise<Case> {
    const now = this.clock();
    const at = now.toISOString();
    const year = now.getUTCFullYear();
    const ward = wardSlug(c.servicePoint);
    return this.db.transaction(async (tx) => {
      const seq = (
        await tx.query<{ seq: number }>(
          `INSERT INTO case_seq (service_point, year, seq) VALUES ($1, $2, 1)
           ON CONFLICT (service_point, year) DO UPDATE SET seq = case_seq.seq + 1 RETURNING seq`,
          [ward, year],
        )
      ).rows[0]!.seq;
      const id = caseId(this.prefix, ward, seq, year);
      const values = intakeValues(this.box, id, c, routing);
      const at$ = `$${INTAKE_COLUMNS.length + 2}`;
      const { rows } = await tx.query<CaseRow>(
        `WITH c AS (
           INSERT INTO cases (id, status, version, ${INTAKE_COLUMNS.join(', ')}, created_at, updated_at)
           VALUES ($1, 'open', 1, ${INTAKE_COLUMNS.map((_, i) => `$${i + 2}`).join(', ')}, ${at$}, ${at$})
           RETURNING *
         ), audit AS (
           INSERT INTO case_events (case_id, at, kind, actor, detail) SELECT id, ${at$}, 'opened', 'citizen', urgency FROM c
         )
         SELECT * FROM c`,
        [id, ...INTAKE_COLUMNS.map((k) => values[k]), at],
      );
      return this.fromRow(rows[0]!);
    });
  }

  async get(id: string): Promise<Case | undefined> {
    const row = (await this.db.query<CaseRow>('SELECT * FROM cases WHERE id = $1', [id])).rows[0];
    return row ? this.fromRow(row) : undefined;
  }

  async list(filter: CaseFilter = {}): Promise<Case[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (filter.statuses?.length) where.push(`status = ANY(${param(filter.statuses)}::text[])`);
    if (filter.lawyerId !== undefined) where.push(`lawyer_id = ${param(filter.lawyerId)}`);
    if (filter.wards) {
      if (filter.wards.length === 0) return [];
      where.push(`ward = ANY(${param(filter.wards)}::text[])`);
    }
    if (filter.servicePoint !== undefined) where.push(`service_point = ${param(filter.servicePoint)}`);
    if (filter.flaggedOnly) where.push('flagged');
    const limit = param(filter.limit ?? 1000);
    const { rows } = await this.db.query<CaseRow>(
      `SELECT * FROM cases ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY sla_due_at, created_at, id LIMIT ${limit}`,
      params,
    );
    return rows.map((r) => this.fromRow(r));
  }

  async findByConversation(channelId: string, conversationId: string, statuses: readonly CaseStatus[]): Promise<Case | undefined> {
    if (statuses.length === 0) return undefined;
    const row = (
      await this.db.query<CaseRow>(
        `SELECT * FROM cases WHERE channel_id = $1 AND conversation_id = $2 AND status = ANY($3::text[])
         ORDER BY created_at DESC, id DESC LIMIT 1`,
        [channelId, conversationId, [...statuses]],
      )
    ).rows[0];
    return row ? this.fromRow(row) : undefined;
  }

  async listByConversation(conversationId: string): Promise<Case[]> {
    const { rows } = await this.db.query<CaseRow>('SELECT * FROM cases WHERE conversation_id = $1 ORDER BY created_at DESC, id DESC', [conversationId]);
    return rows.map((r) => this.fromRow(r));
  }

  async apply(id: string, change: CaseChange): Promise<Case> {
    const at = this.clock().toISOString();
    const { set, params } = patchSet(change.patch, () => true, "a move's to set", 9);
    const { rows } = await this.db.query<CaseRow>(
      `WITH moved AS (
         UPDATE cases SET ${['status = $2', 'version = version + 1', 'updated_at = $3', ...set].join(', ')}
         WHERE id = $1 AND status = $4 AND version = $5
         RETURNING *
       ), audit AS (
         INSERT INTO case_events (case_id, at, kind, actor, detail) SELECT id, $3, $6, $7, $8 FROM moved
       )
       SELECT * FROM moved`,
      [id, change.to, at, change.from, change.version, change.audit.kind, change.audit.actor, change.audit.detail ?? null, ...params],
    );
    if (rows[0]) return this.fromRow(rows[0]);
    const now = (await this.db.query<{ status: CaseStatus; version: number }>('SELECT status, version FROM cases WHERE id = $1', [id])).rows[0];
    if (!now) throw new AppError('not_found:case', `No case ${id}`);
    throw new AppError('conflict:case_status', `Case ${id} is ${now.status} (version ${now.version}), the change was decided on ${change.from} (version ${change.version})`);
  }

  async annotate(id: string, patch: CaseAnnotation): Promise<Case> {
    const { set, params } = patchSet(patch, (k) => ANNOTATION_KEYS.has(k), 'an annotation', 3);
    const { rows } = await this.db.query<CaseRow>(`UPDATE cases SET ${['updated_at = $2', ...set].join(', ')} WHERE id = $1 RETURNING *`, [
      id,
      this.clock().toISOString(),
      ...params,
    ]);
    if (!rows[0]) throw new AppError('not_found:case', `No case ${id}`);
    return this.fromRow(rows[0]);
  }

  async updateIntake(id: string, patch: CaseIntakeUpdate): Promise<Case> {
    // COALESCE keeps what the patch leaves out, in the statement that writes (no read first).
    const { rows } = await this.db.query<CaseRow>(
      `WITH u AS (
         UPDATE cases SET deadline = COALESCE($2, deadline), urgency = COALESCE($3, urgency), updated_at = $4 WHERE id = $1 RETURNING *
       ), audit AS (
         INSERT INTO case_events (case_id, at, kind, actor, detail) SELECT id, $4, 'triage_updated', 'citizen', urgency FROM u
       )
       SELECT * FROM u`,
      [id, patch.deadline ? JSON.stringify(patch.deadline) : null, patch.urgency ?? null, this.clock().toISOString()],
    );
    if (!rows[0]) throw new AppError('not_found:case', `No case ${id}`);
    return this.fromRow(rows[0]);
  }

  async events(id: string): Promise<CaseAuditEntry[]> {
    const { rows } = await this.db.query<{ at: string; kind: string; actor: string; detail: string | null }>(
      'SELECT at, kind, actor, detail FROM case_events WHERE case_id = $1 ORDER BY id',
      [id],
    );
    return rows.map((r) => ({ at: r.at, kind: r.kind, actor: r.actor, detail: undef(r.detail) }));
  }

  async addOffer(o: Offer): Promise<void> {
    await this.db.query(
      `INSERT INTO case_offers (id, case_id, lawyer_id, offered_at, expires_at, status, reason, conflict_of_interest, responded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [o.id, o.caseId, o.lawyerId, o.offeredAt, o.expiresAt, o.status, o.reason ?? null, o.conflictOfInterest ?? null, o.respondedAt ?? null],
    );
  }

  async answerOffer(id: string, patch: Pick<Offer, 'status' | 'respondedAt'> & Partial<Pick<Offer, 'reason' | 'conflictOfInterest'>>): Promise<boolean> {
    const r = await this.db.query(
      `UPDATE case_offers SET status = $2, responded_at = $3, reason = $4, conflict_of_interest = $5 WHERE id = $1 AND status = 'offered'`,
      [id, patch.status, patch.respondedAt ?? null, patch.reason ?? null, patch.conflictOfInterest ?? null],
    );
    return r.rowCount === 1;
  }

  async listOffers(caseId: string): Promise<Offer[]> {
    return (await this.db.query<OfferRow>('SELECT * FROM case_offers WHERE case_id = $1 ORDER BY offered_at, id', [caseId])).rows.map(offerFromRow);
  }

  async expiredOffers(now: Date): Promise<Offer[]> {
    const { rows } = await this.db.query<OfferRow>(`SELECT * FROM case_offers WHERE status = 'offered' AND expires_at <= $1 ORDER BY expires_at, id`, [
      now.toISOString(),
    ]);
    return rows.map(offerFromRow);
  }

  async lawyerLoads(): Promise<Map<string, LawyerLoad>> {
    const out = new Map<string, LawyerLoad>();
    const open = await this.db.query<{ lawyer_id: string; n: number }>(
      `SELECT lawyer_id, COUNT(*) AS n FROM cases
       WHERE lawyer_id IS NOT NULL AND status IN ('offered', 'assigned', 'live', 'ended_by_citizen') GROUP BY lawyer_id`,
    );
    for (const r of open.rows) out.set(r.lawyer_id, { openCases: r.n });
    const last = await this.db.query<{ lawyer_id: string; at: string }>('SELECT lawyer_id, MAX(offered_at) AS at FROM case_offers GROUP BY lawyer_id');
    for (const r of last.rows) out.set(r.lawyer_id, { openCases: out.get(r.lawyer_id)?.openCases ?? 0, lastAssignedAt: r.at });
    return out;
  }

  async caseIdsOfferedTo(lawyerId: string): Promise<Set<string>> {
    const { rows } = await this.db.query<{ case_id: string }>('SELECT DISTINCT case_id FROM case_offers WHERE lawyer_id = $1', [lawyerId]);
    return new Set(rows.map((r) => r.case_id));
  }

  async deleteByUser(userId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>('DELETE FROM cases WHERE user_id = $1 RETURNING id', [userId]);
    return rows.map((r) => r.id).sort();
  }

  async expiredIds(now: Date): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>('SELECT id FROM cases WHERE retention_until < $1 ORDER BY id', [now.toISOString()]);
    return rows.map((r) => r.id);
  }

  async deleteCases(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return (await this.db.query('DELETE FROM cases WHERE id = ANY($1::text[])', [[...ids]])).rowCount ?? 0;
  }

  private fromRow(r: CaseRow): Case {
    return caseFromRow(r, this.box);
  }
}
