import { AppError } from '../../knowledge/errors.js';
import { decide, UNROUTED_STATUSES, type CaseCommand } from '../cases/machine.js';
import { CASE_OUTCOME_LABELS, isLegalArea, newCaseSchema, type Case, type CaseFilter, type CaseOutcome, type NewCase, type Urgency } from '../cases/model.js';
import type { EventBus, EventPayload } from '../ports/events.js';
import type {
  CaseOpener,
  CaseRepository,
  HandoffEvent,
  LawyerNotice,
  LawyerNotifier,
  NoticeDelivery,
  ProactiveSenderLookup,
  RotaReader,
  TranscriptRepository,
} from '../ports/cases.js';
import { throwIfTurnCancelled } from '../turn-signal.js';
import type { DeliveryReport, OutgoingMessage } from '../types.js';
import { formatLocalVi } from './local-time.js';
import { chooseLawyer, dutySlots, offerExpiresAt, slaDueAt, urgencyFromDeadline, type AssignmentChoice } from './rota-engine.js';
import { wardResolver } from './rota-csv.js';
import type { Offer, TranscriptEntry } from './types.js';

const URGENCY_VI: Record<Urgency, string> = {
  emergency: 'khẩn cấp',
  deadline: 'có thời hạn gần',
  soon: 'trong 3 ngày làm việc',
  routine: 'thông thường',
};

export interface OpenResult {
  case: Case;
  /** What to tell the citizen about when to expect contact. */
  citizenMessage: OutgoingMessage;
}

export interface HandoffServiceDeps {
  rota: RotaReader;
  cases: CaseRepository;
  transcript: TranscriptRepository;
  notifier: LawyerNotifier;
  senders: ProactiveSenderLookup;
  now: () => Date;
  newId: () => string;
  /** Base URL of the console, for links in lawyer notifications (no trailing slash). */
  consoleUrl?: string;
  /**
   * How long after the citizen's last message a channel still accepts messages to them
   * (Zalo: 7 days), by channel id; supplied by the composition root, which knows channels.
   */
  replyWindowMs?: (channelId: string) => number | undefined;
  /** Operator-facing log (no personal data is passed). */
  log: (level: 'info' | 'warn' | 'error', msg: string, data?: Record<string, unknown>) => void;
  /**
   * How long a lawyer's reply waits for the channel's final answer before it is recorded as
   * `pending` (queued channels such as Zalo); the scheduler tick settles it later. Default 8 s.
   */
  deliveryWaitMs?: number;
  /**
   * Tells every app process what changed (topic `console`, `ConsoleEvent`: ids and kinds
   * only), so a lawyer's console stream on another process shows it. Default: none (one
   * process; local subscribers are told directly either way).
   */
  events?: EventBus;
  /** This service among the processes' (`ConsoleEvent.origin`); default a fresh `newId()` when `events` is given. */
  instanceId?: string;
}

/** The bus topic of case and transcript changes (`ConsoleEvent`). */
export const CONSOLE_TOPIC = 'console';

/**
 * What a handoff service publishes on `CONSOLE_TOPIC` for each change: which case, and which
 * transcript entry (never its text, nor anything else about the citizen). A subscriber reads
 * the case or the entry from the store, with its own access checks. `origin` is the
 * publishing service's `instanceId`, so a process can skip what it already showed.
 */
export type ConsoleEvent = { type: 'case'; caseId: string; origin: string } | { type: 'transcript'; caseId: string; entryId: string; origin: string };

/** A `ConsoleEvent` from a bus payload, or undefined for anything else (checked, not trusted). */
export function parseConsoleEvent(p: EventPayload): ConsoleEvent | undefined {
  if (typeof p.caseId !== 'string' || typeof p.origin !== 'string') return undefined;
  if (p.type === 'case') return { type: 'case', caseId: p.caseId, origin: p.origin };
  if (p.type === 'transcript' && typeof p.entryId === 'string') return { type: 'transcript', caseId: p.caseId, entryId: p.entryId, origin: p.origin };
  return undefined;
}

/** The tag a lawyer reply is sent with, so its delivery can be asked about later. */
export function deliveryTag(entryId: string): string {
  return `handoff:${entryId}`;
}

const DELIVERY_REASON_VI: Record<string, string> = {
  unfollowed: 'người dân đã bỏ quan tâm Official Account',
  user_banned_or_inactive: 'tài khoản Zalo của người dân bị khoá hoặc không còn hoạt động',
  user_unreachable: 'kênh không liên lạc được với người dân',
  retry_deadline: 'kênh không phản hồi trong suốt thời gian thử gửi lại',
  rejected: 'kênh từ chối tin nhắn',
  retrying: 'kênh đang lỗi, hệ thống đang thử gửi lại',
  queued: 'đang trong hàng đợi gửi',
};

/** What the lawyer knows about the citizen's silence when a reply fails on the reply window. */
export interface DeliveryContext {
  /** Whole days since the citizen last wrote (or the case opened), at the time of the reply. */
  silentDays?: number;
  /** The channel's reply window in days (Zalo: 7). */
  windowDays?: number;
}

/**
 * A failed, expired or waiting delivery in words a lawyer can act on: what happened, why, and
 * (for Zalo's reply window) when it can work again. The channel's error code is kept at the
 * end for support; the channel's own English message is not shown (operators see it at
 * `/zalo/admin/undeliverable`).
 */
export function describeDelivery(r: DeliveryReport, ctx: DeliveryContext = {}): string {
  const code = /^(-?\d+)\b/.exec(r.detail ?? '')?.[1];
  const suffix = code ? ` (mã lỗi kênh ${code})` : '';
  if (r.reason === 'window_closed') {
    const window = ctx.windowDays ?? 7;
    const silent = ctx.silentDays !== undefined && ctx.silentDays >= window ? `đã ${ctx.silentDays} ngày không nhắn tin` : `đã hơn ${window} ngày không nhắn tin`;
    return (
      `chưa gửi được: người dân ${silent}, quá ${window} ngày Zalo cho phép trả lời. ` +
      `Tin nhắn sẽ gửi được sau khi người dân nhắn lại; nếu cần gấp, anh/chị báo điều phối viên${suffix}`
    );
  }
  const why = (r.reason && DELIVERY_REASON_VI[r.reason]) ?? r.reason ?? 'lỗi kênh';
  const state = r.state === 'expired' ? 'hết hạn gửi' : r.state === 'undeliverable' ? 'không gửi được' : 'đang chờ gửi';
  return `${state}: ${why}${suffix}`;
}

interface SendOutcome {
  ok: boolean;
  /** `sent` only when the channel confirmed delivery; `pending` while a queue still retries. */
  state: 'sent' | 'failed' | 'pending';
  error?: string;
  /** The channel reported a state (a queue); false for senders that deliver or throw at once. */
  tracked: boolean;
}

/** When the citizen last wrote before `at` (or the case opened), epoch ms. */
function lastCitizenAt(c: Case, entries: readonly TranscriptEntry[], at: Date): number {
  const opened = new Date(c.createdAt).getTime();
  let last = opened;
  for (const e of entries) {
    const t = new Date(e.at).getTime();
    if (e.from === 'citizen' && t <= at.getTime() && t > last) last = t;
  }
  return last;
}

/** Whole days the citizen had been silent at `at`. */
function silentDaysAt(c: Case, entries: readonly TranscriptEntry[], at: Date): number {
  return Math.floor((at.getTime() - lastCitizenAt(c, entries, at)) / 86_400_000);
}

export interface TickReport {
  expiredOffers: number;
  reoffered: number;
  stillWaiting: number;
  newlyFlagged: number;
}

/**
 * The legal-aid use cases on the one case model: opening (the one path: triage's intake is
 * stored and routed), accept, decline (re-offer), reassignment, the lawyer's replies and the
 * citizen's messages, closing, and the scheduler tick that routes what is still unrouted,
 * re-offers lapsed offers and flags breached service levels. Every status change is decided
 * by the status machine (`bot/cases/machine.ts`) and persisted at the version it was decided on.
 */
export class HandoffService implements CaseOpener {
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly listeners = new Set<(e: HandoffEvent) => void>();
  /** This service's id on the bus (`ConsoleEvent.origin`): events with it were already emitted here. */
  readonly instanceId: string;

  constructor(private readonly deps: HandoffServiceDeps) {
    this.now = deps.now;
    this.newId = deps.newId;
    // Only drawn with a bus, so a service without one takes no id from the sequence.
    this.instanceId = deps.instanceId ?? (deps.events ? deps.newId() : 'local');
  }

  /** Subscribes to live events; returns the unsubscribe function. */
  subscribe(fn: (e: HandoffEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(e: HandoffEvent): void {
    for (const fn of this.listeners) {
      try {
        fn(e);
      } catch (err) {
        this.deps.log('warn', 'handoff listener failed', { err: String(err) });
      }
    }
    const bus = this.deps.events;
    if (!bus) return;
    const event: ConsoleEvent =
      e.type === 'transcript'
        ? { type: 'transcript', caseId: e.caseId, entryId: e.entry.id, origin: this.instanceId }
        : { type: 'case', caseId: e.caseId, origin: this.instanceId };
    // The change is stored already; a lost announcement costs other processes' streams a
    // live update (the page shows it on reload), so it is logged, not thrown.
    bus.publish(CONSOLE_TOPIC, event).catch((err: unknown) => this.deps.log('warn', 'console event not published', { type: e.type, err: String(err) }));
  }

  private async changed(c: Case): Promise<void> {
    this.emit({ type: 'case', caseId: c.id, status: c.status, lawyerId: c.lawyerId, flagged: c.flagged });
  }

  /** Decides a move with the status machine and persists it at the version it was decided on. */
  private async move(c: Case, command: CaseCommand): Promise<Case> {
    return this.deps.cases.apply(c.id, decide(c, command, this.now()));
  }

  /**
   * The one path to open a case: validates triage's intake, derives what routing needs (ward
   * code from the service point, urgency from the deadline, service level), stores the case
   * and offers it to a lawyer (or leaves it waiting for the coordinator).
   */
  async openCase(input: NewCase): Promise<OpenResult> {
    const parsed = newCaseSchema.safeParse(input);
    if (!parsed.success) {
      throw new AppError('bad_request:case_record', `Invalid case record: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    const intake = parsed.data;
    const now = this.now();
    const urgency = urgencyFromDeadline(intake.urgency, intake.deadline?.dueDate, now);
    const rota = await this.deps.rota.loadRota();
    const ward = wardResolver(rota.servicePoints)(intake.servicePoint);
    const wardSession = ward
      ? dutySlots(rota, now, new Date(now.getTime() + 14 * 86_400_000)).find((s) => s.servicePoint === ward && s.end.getTime() > now.getTime())
      : undefined;
    const sla = slaDueAt(urgency, now, wardSession);
    // A turn its channel gave up on (and will retry) must not open a second case.
    throwIfTurnCancelled('open a case');
    const created = await this.deps.cases.create(
      { ...intake, urgency },
      {
        ward,
        legalArea: isLegalArea(intake.area) ? intake.area : undefined,
        language: 'vi',
        conflictWithServicePoint: intake.parties.conflictServicePointAuthority,
        slaDueAt: sla.toISOString(),
      },
    );
    const routed = await this.offerNext(created, new Set());
    await this.appendSystem(routed.id, `Hồ sơ được mở, mức khẩn: ${URGENCY_VI[urgency]}.`);
    return { case: routed, citizenMessage: this.expectationMessage(routed) };
  }

  /** For triage: opens the case and returns the "when to expect contact" message, marked as told. */
  async open(input: NewCase): Promise<OpenResult> {
    const { case: c, citizenMessage } = await this.openCase(input);
    return { case: await this.deps.cases.annotate(c.id, { announced: true }), citizenMessage };
  }

  /** The citizen-facing promise for a routed case. */
  expectationMessage(c: Case): OutgoingMessage {
    if (c.status === 'waiting' || !c.expectedContactAt) {
      return {
        text:
          `Dạ, hồ sơ **${c.id}** đã được ghi nhận. Hiện chưa có luật sư tình nguyện trực phù hợp, ` +
          `cán bộ điều phối sẽ sắp xếp và luật sư sẽ liên hệ với anh/chị qua chính cuộc trò chuyện này ` +
          `trước ${formatLocalVi(new Date(c.slaDueAt))}.`,
      };
    }
    const expected = new Date(c.expectedContactAt);
    const soon = expected.getTime() <= new Date(c.createdAt).getTime() + 60_000;
    const when = soon
      ? `Luật sư đang trực và sẽ trả lời anh/chị qua chính cuộc trò chuyện này, chậm nhất trước ${formatLocalVi(new Date(c.slaDueAt))}.`
      : `Phiên trực gần nhất bắt đầu lúc ${formatLocalVi(expected)}; luật sư sẽ liên hệ với anh/chị qua chính cuộc trò chuyện này, chậm nhất trước ${formatLocalVi(new Date(c.slaDueAt))}.`;
    return { text: `Dạ, hồ sơ **${c.id}** đã được chuyển tới luật sư tình nguyện. ${when}` };
  }

  private async excludedFor(caseId: string): Promise<Set<string>> {
    const offers = await this.deps.cases.listOffers(caseId);
    return new Set(offers.filter((o) => o.status !== 'offered' && o.status !== 'accepted').map((o) => o.lawyerId));
  }

  /**
   * Offers the case to the best available lawyer, excluding `exclude`; leaves it `waiting` if
   * none. `previous`: the lawyer who declined or let the last offer lapse.
   */
  private async offerNext(c: Case, exclude: Set<string>, previous?: string): Promise<Case> {
    const now = this.now();
    const rota = await this.deps.rota.loadRota();
    const loads = await this.deps.cases.lawyerLoads();
    const choice = chooseLawyer(
      rota,
      loads,
      { ward: c.ward, legalArea: c.legalArea, language: c.language, conflictWithServicePoint: c.conflictWithServicePoint, exclude },
      now,
    );
    if (!choice) {
      // Already waiting and flagged: the scheduler retries every minute; stay quiet until something changes.
      if (c.status === 'waiting' && c.flagged && !c.lawyerId) return c;
      const updated = await this.move(c, {
        type: 'wait',
        flagReason: 'Không còn luật sư phù hợp còn chỗ trong 14 ngày tới: cần điều phối viên xếp người.',
        previousLawyerDeclined: previous,
      });
      this.deps.log('warn', 'handoff: no lawyer available', { caseId: c.id });
      await this.changed(updated);
      return updated;
    }
    return this.makeOffer(c, choice.lawyerId, choice.slot.start, { choice, previous });
  }

  /**
   * Offers `c` to `lawyerId`. `fresh`: the expected contact time is recomputed (a coordinator's
   * reassignment) instead of keeping the one the citizen was already given.
   */
  private async makeOffer(
    c: Case,
    lawyerId: string,
    slotStart: Date,
    how: { choice?: AssignmentChoice; previous?: string; fresh?: boolean; actor?: string } = {},
  ): Promise<Case> {
    const { choice } = how;
    const now = this.now();
    const sla = new Date(c.slaDueAt);
    const expires = offerExpiresAt(c.urgency, now, slotStart, sla);
    const offer: Offer = {
      id: this.newId(),
      caseId: c.id,
      lawyerId,
      offeredAt: now.toISOString(),
      expiresAt: expires.toISOString(),
      status: 'offered',
    };
    throwIfTurnCancelled('offer a case to a lawyer');
    await this.deps.cases.addOffer(offer);
    const expected = slotStart.getTime() > now.getTime() ? slotStart : now;
    const flagReasons: string[] = [];
    if (expected.getTime() > sla.getTime()) flagReasons.push('Phiên trực gần nhất muộn hơn thời hạn phục vụ.');
    if (choice && choice.level === 2) flagReasons.push('Không có luật sư đúng chuyên môn: đã giao cho luật sư khác.');
    const keepExpected = c.expectedContactAt && c.status !== 'waiting' && !how.fresh;
    const updated = await this.move(c, {
      type: 'offer',
      lawyerId,
      offerExpiresAt: offer.expiresAt,
      expectedContactAt: keepExpected ? c.expectedContactAt! : expected.toISOString(),
      flagReason: flagReasons.length > 0 ? flagReasons.join(' ') : undefined,
      previousLawyerDeclined: how.previous,
      actor: how.actor,
    });
    await this.notifyLawyer(lawyerId, { kind: 'offer', caseId: c.id, legalArea: c.legalArea, urgency: c.urgency, expiresAt: offer.expiresAt });
    await this.changed(updated);
    return updated;
  }

  private async notifyLawyer(lawyerId: string, notice: Omit<LawyerNotice, 'url'>): Promise<NoticeDelivery[]> {
    const lawyer = await this.deps.rota.getLawyer(lawyerId);
    if (!lawyer) return [{ channel: 'console', ok: true }];
    const url = this.deps.consoleUrl ? `${this.deps.consoleUrl}/cases/${encodeURIComponent(notice.caseId)}` : undefined;
    try {
      const out = await this.deps.notifier.notify(lawyer, { ...notice, url });
      for (const d of out) if (!d.ok) this.deps.log('warn', 'lawyer notification failed', { caseId: notice.caseId, channel: d.channel, error: d.error });
      return out;
    } catch (err) {
      this.deps.log('error', 'lawyer notifier threw', { caseId: notice.caseId, err: String(err) });
      return [{ channel: 'console', ok: true }];
    }
  }

  private async requireCase(caseId: string): Promise<Case> {
    const c = await this.deps.cases.get(caseId);
    if (!c) throw new AppError('not_found:handoff_case', `Case ${caseId} does not exist`);
    return c;
  }

  private async currentOffer(caseId: string, lawyerId: string): Promise<Offer | undefined> {
    const offers = await this.deps.cases.listOffers(caseId);
    return offers.find((o) => o.status === 'offered' && o.lawyerId === lawyerId);
  }

  /** The offered lawyer accepts: the case goes live and the citizen is told a lawyer joined. */
  async accept(caseId: string, lawyerId: string): Promise<Case> {
    const c = await this.requireCase(caseId);
    const offer = await this.currentOffer(caseId, lawyerId);
    if (c.status !== 'offered' || !offer) {
      throw new AppError('conflict:handoff_not_offered', `Case ${caseId} is not currently offered to lawyer ${lawyerId}`);
    }
    const now = this.now();
    if (!(await this.deps.cases.answerOffer(offer.id, { status: 'accepted', respondedAt: now.toISOString() }))) {
      throw new AppError('conflict:handoff_not_offered', `The offer of case ${caseId} was already answered`);
    }
    const updated = await this.move(c, { type: 'accept', lawyerId });
    const lawyer = await this.deps.rota.getLawyer(lawyerId);
    const name = lawyer ? `Luật sư ${lawyer.name}` : 'Luật sư tình nguyện';
    await this.appendSystem(caseId, `${name} đã nhận hồ sơ.`);
    await this.sendToCitizen(updated, {
      text:
        `Dạ, ${name} đã nhận hồ sơ **${caseId}** và tham gia cuộc trò chuyện. ` +
        `Từ bây giờ tin nhắn của anh/chị sẽ được chuyển tới luật sư. ` +
        `Khi muốn quay lại trợ lý, anh/chị nhắn “kết thúc” ạ.`,
    });
    await this.changed(updated);
    return updated;
  }

  /** The offered lawyer declines (a conflict of interest is a reason); the case is re-offered. */
  async decline(caseId: string, lawyerId: string, reason: string, conflictOfInterest = false): Promise<Case> {
    const c = await this.requireCase(caseId);
    const offer = await this.currentOffer(caseId, lawyerId);
    if (c.status !== 'offered' || !offer) {
      throw new AppError('conflict:handoff_not_offered', `Case ${caseId} is not currently offered to lawyer ${lawyerId}`);
    }
    const trimmed = reason.trim();
    if (!trimmed && !conflictOfInterest) throw new AppError('bad_request:decline_reason', 'A reason is required to decline');
    const answered = await this.deps.cases.answerOffer(offer.id, {
      status: 'declined',
      reason: trimmed || 'Xung đột lợi ích',
      conflictOfInterest,
      respondedAt: this.now().toISOString(),
    });
    if (!answered) throw new AppError('conflict:handoff_not_offered', `The offer of case ${caseId} was already answered`);
    await this.appendSystem(caseId, conflictOfInterest ? 'Luật sư từ chối do xung đột lợi ích; hồ sơ được chuyển tiếp.' : 'Luật sư từ chối; hồ sơ được chuyển tiếp.');
    return this.offerNext(c, await this.excludedFor(caseId), lawyerId);
  }

  /** A coordinator gives the case to a chosen lawyer (any status but closed). */
  async reassign(caseId: string, lawyerId: string): Promise<Case> {
    const c = await this.requireCase(caseId);
    if (c.status === 'closed') throw new AppError('conflict:handoff_closed', `Case ${caseId} is closed`);
    const lawyer = await this.deps.rota.getLawyer(lawyerId);
    if (!lawyer || !lawyer.active) throw new AppError('bad_request:handoff_lawyer', `Lawyer ${lawyerId} is not an active lawyer`);
    const now = this.now();
    for (const o of await this.deps.cases.listOffers(caseId)) {
      if (o.status === 'offered') await this.deps.cases.answerOffer(o.id, { status: 'withdrawn', respondedAt: now.toISOString() });
    }
    const rota = await this.deps.rota.loadRota();
    const next = dutySlots(rota, now, new Date(now.getTime() + 14 * 86_400_000)).find(
      (s) => s.lawyerId === lawyerId && s.end.getTime() > now.getTime(),
    );
    const wasLive = c.status === 'live';
    const offered = await this.makeOffer(c, lawyerId, next?.start ?? now, { fresh: true, actor: 'coordinator' });
    await this.appendSystem(caseId, `Điều phối viên chuyển hồ sơ cho luật sư ${lawyer.name}.`);
    if (wasLive) {
      await this.sendToCitizen(offered, {
        text: `Dạ, hồ sơ **${caseId}** được chuyển sang một luật sư khác. Luật sư mới sẽ liên hệ với anh/chị sớm ạ.`,
      });
    }
    return offered;
  }

  /** The lawyer's reply, delivered to the citizen through the original channel. */
  async lawyerReply(caseId: string, lawyerId: string, text: string): Promise<TranscriptEntry> {
    const c = await this.requireCase(caseId);
    if (c.lawyerId !== lawyerId || (c.status !== 'live' && c.status !== 'ended_by_citizen')) {
      throw new AppError('conflict:handoff_not_live', `Case ${caseId} is not live with lawyer ${lawyerId}`);
    }
    const body = text.trim();
    if (!body) throw new AppError('bad_request:empty_reply', 'The reply is empty');
    if (body.length > 4000) throw new AppError('payload_too_large:reply', 'The reply is longer than 4000 characters');
    const lawyer = await this.deps.rota.getLawyer(lawyerId);
    const who = lawyer ? `Luật sư ${lawyer.name}` : 'Luật sư';
    const windowMs = this.deps.replyWindowMs?.(c.address.channelId);
    const history = await this.deps.transcript.list(caseId);
    const context: DeliveryContext = { silentDays: silentDaysAt(c, history, this.now()), windowDays: windowMs !== undefined ? Math.round(windowMs / 86_400_000) : undefined };
    let outsideWindow: string | undefined;
    // A channel that does not report delivery: the window is estimated from the transcript.
    if (windowMs !== undefined && this.now().getTime() - lastCitizenAt(c, history, this.now()) > windowMs) {
      outsideWindow = describeDelivery({ state: 'expired', reason: 'window_closed' }, context);
    }
    const id = this.newId();
    const sent = await this.sendToCitizen(c, { text: `**${who}:** ${body}` }, { tag: deliveryTag(id), waitMs: this.deps.deliveryWaitMs ?? 8000 }, context);
    // A channel that reports delivery is believed; for the others the window is an estimate.
    const result: SendOutcome = !sent.tracked && sent.ok && outsideWindow ? { ok: false, state: 'failed', error: outsideWindow, tracked: false } : sent;
    const entry: TranscriptEntry = {
      id,
      caseId,
      at: this.now().toISOString(),
      from: 'lawyer',
      text: body,
      delivery: result.state,
      deliveryError: result.error,
    };
    await this.deps.transcript.append(entry);
    this.emit({ type: 'transcript', caseId, entry });
    if (!result.ok) {
      const updated = await this.deps.cases.annotate(caseId, {
        flagged: true,
        flagReason: `Không gửi được tin nhắn tới người dân: ${result.error ?? 'lỗi kênh'}`,
      });
      await this.changed(updated);
    }
    return entry;
  }

  /** A citizen message during a live case: stored and pushed to the console. */
  async citizenMessage(caseId: string, text: string): Promise<TranscriptEntry> {
    const entry: TranscriptEntry = { id: this.newId(), caseId, at: this.now().toISOString(), from: 'citizen', text };
    await this.deps.transcript.append(entry);
    this.emit({ type: 'transcript', caseId, entry });
    return entry;
  }

  /** The citizen leaves the live chat ("kết thúc"); the lawyer still records the outcome. */
  async endByCitizen(caseId: string): Promise<Case> {
    const c = await this.requireCase(caseId);
    if (c.status !== 'live') return c;
    const updated = await this.move(c, { type: 'end_by_citizen' });
    await this.appendSystem(caseId, 'Người dân đã kết thúc cuộc trò chuyện với luật sư.');
    if (c.lawyerId) await this.notifyLawyer(c.lawyerId, { kind: 'citizen_left', caseId, legalArea: c.legalArea, urgency: c.urgency });
    await this.changed(updated);
    return updated;
  }

  /** Closes with an outcome; the citizen is told the lawyer left and is back with the bot. */
  async close(caseId: string, outcome: CaseOutcome, by: { lawyerId?: string; coordinator?: boolean }): Promise<Case> {
    const c = await this.requireCase(caseId);
    const now = this.now();
    // Decided first: a refused close must not withdraw the open offer.
    const change = decide(c, { type: 'close', outcome, by }, now);
    for (const o of await this.deps.cases.listOffers(caseId)) {
      if (o.status === 'offered') await this.deps.cases.answerOffer(o.id, { status: 'withdrawn', respondedAt: now.toISOString() });
    }
    const updated = await this.deps.cases.apply(caseId, change);
    await this.appendSystem(caseId, `Hồ sơ đã đóng: ${CASE_OUTCOME_LABELS[outcome]}.`);
    if (c.status === 'live') {
      await this.sendToCitizen(updated, {
        text:
          `Dạ, luật sư đã kết thúc buổi tư vấn cho hồ sơ **${caseId}**. Cảm ơn anh/chị đã tin tưởng. ` +
          `Em là trợ lý thủ tục hành chính, anh/chị cần hỏi thêm về thủ tục cứ nhắn cho em ạ.`,
      });
    }
    await this.changed(updated);
    return updated;
  }

  /**
   * The scheduler's unit of work (call every minute; tests call it with a moved clock):
   * lapsed offers are re-offered to the next lawyer and flagged; waiting cases are retried;
   * breached service levels are flagged for the coordinator.
   */
  async tick(): Promise<TickReport> {
    const now = this.now();
    const report: TickReport = { expiredOffers: 0, reoffered: 0, stillWaiting: 0, newlyFlagged: 0 };
    for (const offer of await this.deps.cases.expiredOffers(now)) {
      report.expiredOffers++;
      if (!(await this.deps.cases.answerOffer(offer.id, { status: 'expired', respondedAt: now.toISOString() }))) continue;
      const c = await this.requireCase(offer.caseId);
      if (c.status !== 'offered' || c.lawyerId !== offer.lawyerId) continue;
      const lawyer = await this.deps.rota.getLawyer(offer.lawyerId);
      await this.appendSystem(c.id, `Quá hạn nhận hồ sơ (${lawyer?.name ?? offer.lawyerId}); hồ sơ được chuyển tiếp.`);
      const next = await this.offerNext(c, await this.excludedFor(c.id), offer.lawyerId);
      const reason = `Quá hạn nhận: ${lawyer?.name ?? offer.lawyerId} không nhận trước ${formatLocalVi(new Date(offer.expiresAt))}.`;
      const flagged = await this.deps.cases.annotate(c.id, {
        flagged: true,
        flagReason: next.flagReason && next.flagged && next.status === 'waiting' ? `${reason} ${next.flagReason}` : reason,
      });
      await this.changed(flagged);
      if (next.status === 'offered') report.reoffered++;
      report.newlyFlagged++;
    }
    // Waiting cases are retried; an `open` one (stored but never routed) is routed now.
    for (const c of await this.deps.cases.list({ statuses: [...UNROUTED_STATUSES] })) {
      let next: Case;
      try {
        next = await this.offerNext(c, await this.excludedFor(c.id));
      } catch (err) {
        // Moved meanwhile (opened and routed by a turn, or taken by the coordinator): next tick.
        if (err instanceof AppError && err.code === 'conflict:case_status') continue;
        throw err;
      }
      if (next.status === 'waiting') report.stillWaiting++;
      else report.reoffered++;
    }
    await this.settleDeliveries();
    for (const c of await this.deps.cases.list({ statuses: ['waiting', 'offered'] })) {
      if (new Date(c.slaDueAt).getTime() <= now.getTime() && !(c.flagReason ?? '').includes('Quá thời hạn phục vụ')) {
        const updated = await this.deps.cases.annotate(c.id, {
          flagged: true,
          flagReason: `Quá thời hạn phục vụ (${formatLocalVi(new Date(c.slaDueAt))}). ${c.flagReason ?? ''}`.trim(),
        });
        report.newlyFlagged++;
        await this.changed(updated);
      }
    }
    return report;
  }

  /**
   * The "when to expect contact" message for a case opened in this conversation that the
   * citizen has not been told about yet (marks it told). The handoff skill appends it to the
   * turn that opened the case, so it follows triage's reply with the case id.
   */
  async takeAnnouncement(channelId: string, conversationId: string): Promise<OutgoingMessage | undefined> {
    const c = await this.deps.cases.findByConversation(channelId, conversationId, ['waiting', 'offered', 'live']);
    if (!c || c.announced) return undefined;
    const updated = await this.deps.cases.annotate(c.id, { announced: true });
    return this.expectationMessage(updated);
  }

  /**
   * A channel reports that a message to this conversation could not be delivered later, in
   * its outbox (Zalo: no interaction within 7 days, -230/-232). The open case is flagged and
   * the failure is shown in the transcript so the lawyer and the coordinator see it.
   */
  async deliveryFailed(channelId: string, conversationId: string, error: string): Promise<Case | undefined> {
    const c = await this.deps.cases.findByConversation(channelId, conversationId, ['live', 'ended_by_citizen', 'offered', 'waiting']);
    if (!c) return undefined;
    await this.appendSystem(c.id, `Kênh không chuyển được tin nhắn tới người dân: ${error}`);
    const updated = await this.deps.cases.annotate(c.id, { flagged: true, flagReason: `Không gửi được tin nhắn tới người dân: ${error}` });
    await this.changed(updated);
    return updated;
  }

  /** The live case of a conversation, if any. */
  async liveCaseFor(channelId: string, conversationId: string): Promise<Case | undefined> {
    return this.deps.cases.findByConversation(channelId, conversationId, ['live']);
  }

  /** The transcript, with lawyer replies still queued at the channel shown in their current state. */
  async transcript(caseId: string): Promise<TranscriptEntry[]> {
    const entries = await this.deps.transcript.list(caseId);
    if (!entries.some((e) => e.delivery === 'pending')) return entries;
    return this.resolveDeliveries(await this.deps.cases.get(caseId), entries);
  }

  async getCase(caseId: string): Promise<Case | undefined> {
    return this.deps.cases.get(caseId);
  }

  async listCases(filter: CaseFilter): Promise<Case[]> {
    return this.deps.cases.list(filter);
  }

  async offers(caseId: string): Promise<Offer[]> {
    return this.deps.cases.listOffers(caseId);
  }

  private async appendSystem(caseId: string, text: string): Promise<void> {
    const entry: TranscriptEntry = { id: this.newId(), caseId, at: this.now().toISOString(), from: 'system', text };
    await this.deps.transcript.append(entry);
    this.emit({ type: 'transcript', caseId, entry });
  }

  /**
   * Sends through the citizen's channel; failures (e.g. Zalo's 7-day window) are returned, not
   * thrown. `sent` means the channel confirmed delivery, not that it queued the message.
   */
  private async sendToCitizen(c: Case, message: OutgoingMessage, opts: { tag?: string; waitMs?: number } = {}, context: DeliveryContext = {}): Promise<SendOutcome> {
    const sender = this.deps.senders(c.address.channelId);
    if (!sender) {
      this.deps.log('error', 'no proactive sender for channel', { caseId: c.id, channelId: c.address.channelId });
      return { ok: false, state: 'failed', error: `Kênh ${c.address.channelId} chưa hỗ trợ gửi tin chủ động`, tracked: false };
    }
    try {
      const report = await sender.send(c.address, [message], opts);
      if (!report) return { ok: true, state: 'sent', tracked: false };
      if (report.state === 'delivered') return { ok: true, state: 'sent', tracked: true };
      if (report.state === 'pending') return { ok: true, state: 'pending', error: report.detail ? describeDelivery(report, context) : undefined, tracked: true };
      this.deps.log('warn', 'proactive send to citizen not delivered', { caseId: c.id, state: report.state, reason: report.reason });
      return { ok: false, state: 'failed', error: describeDelivery(report, context), tracked: true };
    } catch (err) {
      const code = err instanceof AppError ? err.code : undefined;
      const msg = err instanceof Error ? err.message : String(err);
      this.deps.log('warn', 'proactive send to citizen failed', { caseId: c.id, code });
      return { ok: false, state: 'failed', error: code ? `${code}: ${msg}` : msg, tracked: false };
    }
  }

  /** Entries with `pending` delivery resolved against the channel's current state (the truth on read). */
  private async resolveDeliveries(c: Case | undefined, entries: TranscriptEntry[]): Promise<TranscriptEntry[]> {
    if (!c || !entries.some((e) => e.delivery === 'pending')) return entries;
    const sender = this.deps.senders(c.address.channelId);
    if (!sender?.deliveryStatus) return entries;
    const windowMs = this.deps.replyWindowMs?.(c.address.channelId);
    const windowDays = windowMs !== undefined ? Math.round(windowMs / 86_400_000) : undefined;
    const reports = await Promise.all(entries.map((e) => (e.delivery === 'pending' ? sender.deliveryStatus!(deliveryTag(e.id)) : undefined)));
    return entries.map((e, i) => {
      if (e.delivery !== 'pending') return e;
      const r = reports[i];
      if (!r) return e;
      const context: DeliveryContext = { silentDays: silentDaysAt(c, entries, new Date(e.at)), windowDays };
      if (r.state === 'delivered') return { ...e, delivery: 'sent', deliveryError: undefined };
      if (r.state === 'pending') return r.detail ? { ...e, deliveryError: describeDelivery(r, context) } : e;
      return { ...e, delivery: 'failed', deliveryError: describeDelivery(r, context) };
    });
  }

  /**
   * Settles lawyer replies recorded as `pending`: a reply that ended expired or undeliverable
   * flags the case and is noted once in the transcript (the note is the marker, so a restart
   * does not repeat it). Returns the number of failures newly reported.
   */
  async settleDeliveries(): Promise<number> {
    let reported = 0;
    for (const c of await this.deps.cases.list({ statuses: ['live', 'ended_by_citizen', 'closed'] })) {
      const raw = await this.deps.transcript.list(c.id);
      if (!raw.some((e) => e.delivery === 'pending')) continue;
      const resolved = await this.resolveDeliveries(c, raw);
      for (let i = 0; i < raw.length; i++) {
        const before = raw[i]!;
        const after = resolved[i]!;
        if (before.delivery !== 'pending' || after.delivery !== 'failed') continue;
        const note = `Tin nhắn của luật sư lúc ${formatLocalVi(new Date(before.at))} chưa tới được người dân: ${after.deliveryError ?? 'lỗi kênh'}`;
        if (raw.some((e) => e.from === 'system' && e.text === note)) continue;
        await this.appendSystem(c.id, note);
        if (c.status !== 'closed') {
          const updated = await this.deps.cases.annotate(c.id, { flagged: true, flagReason: `Không gửi được tin nhắn tới người dân: ${after.deliveryError ?? 'lỗi kênh'}` });
          await this.changed(updated);
        }
        reported++;
      }
    }
    return reported;
  }
}
