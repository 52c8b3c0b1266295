/**
 * In-memory fakes of the console's ports, for router tests without SQLite: accounts with
 * plain passwords and a lockout, sessions, the access log, the rota, private notes and a case
 * desk with just enough of the handoff service's rules (only the offered lawyer accepts, only
 * the holder replies) for the console's pages and actions. Test code only.
 */
import { randomBytes } from 'node:crypto';
import { newCaseSchema } from '../../../bot/cases/model.js';
import type { CaseOutcome, TickReport } from '../../../bot/handoff/index.js';
import { newCase } from '../../../bot/handoff/testing/fixtures.js';
import type {
  AccessLog,
  AccessLogEntry,
  AccessLogFilter,
  Case,
  CaseFilter,
  ConsoleSession,
  ConsoleSessionStore,
  ConsoleUser,
  ConsoleUserDirectory,
  HandoffEvent,
  Lawyer,
  LoginResult,
  NewConsoleUser,
  Offer,
  PrivateNote,
  Rota,
  RotaEditor,
  RotaReader,
  ServicePoint,
  ShiftException,
  TranscriptEntry,
  WeeklyShift,
} from '../../../bot/ports/index.js';
import { AppError } from '../../../knowledge/errors.js';
import type { ConsoleCaseDesk, ConsoleNotes } from '../routes/context.js';

const iso = (d: Date) => d.toISOString();

/** Accounts with passwords kept in clear (a fake): five wrong passwords lock the account. */
export class FakeConsoleUsers implements ConsoleUserDirectory {
  private readonly users = new Map<string, { user: ConsoleUser; password: string; failures: number }>();
  private seq = 0;

  constructor(private readonly now: () => Date) {}

  async create(input: NewConsoleUser): Promise<ConsoleUser> {
    if (!/^[a-zA-Z0-9_.-]{3,40}$/.test(input.username)) throw new AppError('bad_request:console_username', 'Invalid username');
    if ([...this.users.values()].some((u) => u.user.username.toLowerCase() === input.username.toLowerCase())) {
      throw new AppError('conflict:console_username', `User ${input.username} already exists`);
    }
    const user: ConsoleUser = {
      id: `user-${++this.seq}`,
      username: input.username,
      displayName: input.displayName || input.username,
      role: input.role,
      lawyerId: input.lawyerId,
      servicePoints: input.servicePoints ?? [],
      disabled: false,
      createdAt: iso(this.now()),
    };
    this.users.set(user.id, { user, password: input.password, failures: 0 });
    return { ...user };
  }

  async get(id: string): Promise<ConsoleUser | undefined> {
    const u = this.users.get(id);
    return u ? { ...u.user } : undefined;
  }

  async list(): Promise<ConsoleUser[]> {
    return [...this.users.values()].map((u) => ({ ...u.user }));
  }

  async login(username: string, password: string): Promise<LoginResult> {
    const u = [...this.users.values()].find((x) => x.user.username.toLowerCase() === username.trim().toLowerCase());
    if (!u) return { ok: false, reason: 'invalid' };
    if (u.failures >= 5) return { ok: false, reason: 'locked' };
    if (u.password !== password) {
      u.failures++;
      return { ok: false, reason: u.failures >= 5 ? 'locked' : 'invalid' };
    }
    u.failures = 0;
    if (u.user.disabled) return { ok: false, reason: 'disabled' };
    return { ok: true, user: { ...u.user } };
  }

  /** Test control: disable or enable an account. */
  setDisabled(id: string, disabled: boolean): void {
    const u = this.users.get(id);
    if (u) u.user.disabled = disabled;
  }
}

/** Sessions by token; `expire` ends one as the idle timeout would. */
export class FakeConsoleSessions implements ConsoleSessionStore {
  private readonly sessions = new Map<string, ConsoleSession>();

  constructor(private readonly now: () => Date) {}

  async create(userId: string): Promise<{ token: string; session: ConsoleSession }> {
    const token = randomBytes(16).toString('base64url');
    const at = this.now();
    const session = { userId, csrf: randomBytes(12).toString('base64url'), createdAt: iso(at), expiresAt: iso(new Date(at.getTime() + 12 * 3_600_000)) };
    this.sessions.set(token, session);
    return { token, session: { ...session } };
  }

  async get(token: string): Promise<ConsoleSession | undefined> {
    return this.peek(token);
  }

  async peek(token: string): Promise<ConsoleSession | undefined> {
    const s = this.sessions.get(token);
    return s && s.expiresAt > iso(this.now()) ? { ...s } : undefined;
  }

  async destroy(token: string): Promise<void> {
    this.sessions.delete(token);
  }

  /** Test control: every live session. */
  count(): number {
    return this.sessions.size;
  }
}

export class FakeAccessLog implements AccessLog {
  readonly entries: AccessLogEntry[] = [];

  constructor(private readonly now: () => Date) {}

  async record(e: Omit<AccessLogEntry, 'at'> & { at?: string }): Promise<void> {
    this.entries.push({ ...e, at: e.at ?? iso(this.now()) });
  }

  async list(filter: AccessLogFilter = {}): Promise<AccessLogEntry[]> {
    return this.entries
      .filter((e) => (!filter.caseId || e.caseId === filter.caseId) && (!filter.userId || e.userId === filter.userId) && (!filter.deniedOnly || !e.allowed))
      .reverse()
      .slice(0, filter.limit ?? 200);
  }
}

/** The rota as one object in memory. */
export class FakeRota implements RotaReader, RotaEditor {
  constructor(readonly rota: Rota) {}

  async loadRota(): Promise<Rota> {
    return structuredClone(this.rota);
  }

  async getLawyer(id: string): Promise<Lawyer | undefined> {
    return this.rota.lawyers.find((l) => l.id === id);
  }

  async getServicePoint(code: string): Promise<ServicePoint | undefined> {
    return this.rota.servicePoints.find((p) => p.code === code);
  }

  async importRota(input: { lawyers: Lawyer[]; schedule?: { shifts: WeeklyShift[]; exceptions: ShiftException[] } }): Promise<void> {
    for (const l of input.lawyers) {
      const i = this.rota.lawyers.findIndex((x) => x.id === l.id);
      if (i >= 0) this.rota.lawyers[i] = l;
      else this.rota.lawyers.push(l);
    }
    if (input.schedule) {
      const named = new Set(input.lawyers.map((l) => l.id));
      this.rota.shifts = [...this.rota.shifts.filter((s) => !named.has(s.lawyerId)), ...input.schedule.shifts];
      this.rota.exceptions = [...this.rota.exceptions.filter((e) => !named.has(e.lawyerId)), ...input.schedule.exceptions];
    }
  }

  async addException(e: ShiftException): Promise<void> {
    this.rota.exceptions.push(e);
  }

  async setLawyerActive(id: string, active: boolean): Promise<boolean> {
    const l = this.rota.lawyers.find((x) => x.id === id);
    if (!l) return false;
    l.active = active;
    return true;
  }
}

export class FakeNotes implements ConsoleNotes {
  readonly notes: PrivateNote[] = [];

  constructor(private readonly now: () => Date) {}

  async add(input: { caseId: string; authorId: string; authorName: string; text: string }): Promise<PrivateNote> {
    const note = { id: `note-${this.notes.length + 1}`, at: iso(this.now()), ...input };
    this.notes.push(note);
    return note;
  }

  async list(caseId: string): Promise<PrivateNote[]> {
    return this.notes.filter((n) => n.caseId === caseId);
  }
}

/** A stored case for the fake desk: triage's test intake with routing fields and `over` applied. */
export function fakeCase(id: string, over: Partial<Case> = {}): Case {
  const intake = newCaseSchema.parse(newCase({ address: { channelId: 'directline', conversationId: `conv-${id}`, userId: `citizen-${id}`, reference: {} } }));
  return {
    ...intake,
    ward: '00004',
    legalArea: 'DAT_DAI',
    language: 'vi',
    conflictWithServicePoint: false,
    slaDueAt: '2026-12-01T10:00:00.000Z',
    id,
    status: 'waiting',
    version: 1,
    userId: intake.address.userId,
    conversationId: intake.address.conversationId,
    declinedBy: [],
    flagged: false,
    announced: true,
    createdAt: '2026-11-30T02:00:00.000Z',
    updatedAt: '2026-11-30T02:00:00.000Z',
    ...over,
  };
}

/**
 * The case use cases the console drives, in memory: only the offered lawyer accepts, only the
 * lawyer holding a live case replies, a closed case takes no more actions. Emits the same
 * events as the handoff service so the console's live stream can be tested.
 */
export class FakeCaseDesk implements ConsoleCaseDesk {
  readonly cases = new Map<string, Case>();
  readonly transcripts = new Map<string, TranscriptEntry[]>();
  readonly offerLog: Offer[] = [];
  ticks = 0;
  private readonly listeners = new Set<(e: HandoffEvent) => void>();
  private seq = 0;

  constructor(private readonly now: () => Date) {}

  /** Test setup: stores a case (offered cases get an offer record). */
  put(c: Case): Case {
    this.cases.set(c.id, c);
    if (c.status === 'offered' && c.lawyerId) {
      this.offerLog.push({ id: `offer-${++this.seq}`, caseId: c.id, lawyerId: c.lawyerId, offeredAt: c.createdAt, expiresAt: c.offerExpiresAt ?? c.slaDueAt, status: 'offered' });
    }
    return c;
  }

  subscribe(fn: (e: HandoffEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(e: HandoffEvent): void {
    for (const fn of this.listeners) fn(e);
  }

  private change(id: string, patch: Partial<Case>): Case {
    const c = this.must(id);
    const next = { ...c, ...patch, version: c.version + 1, updatedAt: iso(this.now()) };
    this.cases.set(id, next);
    this.emit({ type: 'case', caseId: id, status: next.status, lawyerId: next.lawyerId, flagged: next.flagged });
    return next;
  }

  private must(id: string): Case {
    const c = this.cases.get(id);
    if (!c) throw new AppError('not_found:handoff_case', `No case ${id}`);
    return c;
  }

  async getCase(caseId: string): Promise<Case | undefined> {
    return this.cases.get(caseId);
  }

  async listCases(filter: CaseFilter): Promise<Case[]> {
    return [...this.cases.values()].filter(
      (c) =>
        (!filter.statuses || filter.statuses.includes(c.status)) &&
        (!filter.lawyerId || c.lawyerId === filter.lawyerId) &&
        (!filter.wards || (!!c.ward && filter.wards.includes(c.ward))) &&
        (!filter.flaggedOnly || c.flagged),
    );
  }

  async transcript(caseId: string): Promise<TranscriptEntry[]> {
    return [...(this.transcripts.get(caseId) ?? [])];
  }

  async offers(caseId: string): Promise<Offer[]> {
    return this.offerLog.filter((o) => o.caseId === caseId);
  }

  async accept(caseId: string, lawyerId: string): Promise<Case> {
    const c = this.must(caseId);
    if (c.status !== 'offered' || c.lawyerId !== lawyerId) throw new AppError('conflict:handoff_not_offered', 'Not offered to this lawyer');
    for (const o of this.offerLog) if (o.caseId === caseId && o.status === 'offered') Object.assign(o, { status: 'accepted', respondedAt: iso(this.now()) });
    return this.change(caseId, { status: 'live', acceptedAt: iso(this.now()), liveAt: iso(this.now()) });
  }

  async decline(caseId: string, lawyerId: string, reason: string, conflictOfInterest = false): Promise<Case> {
    const c = this.must(caseId);
    if (c.status !== 'offered' || c.lawyerId !== lawyerId) throw new AppError('conflict:handoff_not_offered', 'Not offered to this lawyer');
    for (const o of this.offerLog) if (o.caseId === caseId && o.status === 'offered') Object.assign(o, { status: 'declined', reason, conflictOfInterest, respondedAt: iso(this.now()) });
    return this.change(caseId, { status: 'waiting', lawyerId: undefined, declinedBy: [...c.declinedBy, lawyerId] });
  }

  async reassign(caseId: string, lawyerId: string): Promise<Case> {
    const c = this.must(caseId);
    if (c.status === 'closed') throw new AppError('conflict:handoff_closed', 'Closed');
    return this.change(caseId, { status: 'offered', lawyerId });
  }

  async lawyerReply(caseId: string, lawyerId: string, text: string): Promise<TranscriptEntry> {
    const c = this.must(caseId);
    if (c.status !== 'live' || c.lawyerId !== lawyerId) throw new AppError('conflict:handoff_not_live', 'Not live with this lawyer');
    const entry: TranscriptEntry = { id: `t-${++this.seq}`, caseId, at: iso(this.now()), from: 'lawyer', text, delivery: 'sent' };
    this.transcripts.set(caseId, [...(this.transcripts.get(caseId) ?? []), entry]);
    this.emit({ type: 'transcript', caseId, entry });
    return entry;
  }

  async close(caseId: string, outcome: CaseOutcome, by: { lawyerId?: string; coordinator?: boolean }): Promise<Case> {
    const c = this.must(caseId);
    if (c.status === 'closed') throw new AppError('conflict:handoff_closed', 'Closed already');
    if (!by.coordinator && c.lawyerId !== by.lawyerId) throw new AppError('conflict:handoff_not_live', 'Not your case');
    return this.change(caseId, { status: 'closed', outcome, closedAt: iso(this.now()) });
  }

  async tick(): Promise<TickReport> {
    this.ticks++;
    return { expiredOffers: 0, reoffered: 0, stillWaiting: [...this.cases.values()].filter((c) => c.status === 'waiting').length, newlyFlagged: 0 };
  }
}
