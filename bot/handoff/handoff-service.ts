import { AppError } from '../../knowledge/errors.js';
import type { ConversationAddress, DeliveryReport, OutgoingMessage } from '../types.js';
import { formatLocalVi } from './local-time.js';
import type {
  HandoffEvent,
  HandoffRepository,
  LawyerNotice,
  LawyerNotifier,
  NoticeDelivery,
  ProactiveSenderLookup,
  RotaReader,
  TranscriptRepository,
} from './ports.js';
import { chooseLawyer, dutySlots, offerExpiresAt, slaDueAt, urgencyFromDeadline, type AssignmentChoice } from './rota-engine.js';
import {
  CASE_OUTCOME_LABELS,
  type CaseOutcome,
  type HandoffCase,
  type LegalArea,
  type Offer,
  type TranscriptEntry,
  type Urgency,
} from './types.js';

const URGENCY_VI: Record<Urgency, string> = {
  emergency: 'khẩn cấp',
  deadline: 'có thời hạn gần',
  soon: 'trong 3 ngày làm việc',
  routine: 'thông thường',
};

/** What triage hands over when a case opens (the routing part of the escalation record). */
export interface CaseOpening {
  caseId: string;
  ward?: string;
  legalArea?: LegalArea;
  urgency: Urgency;
  deadline?: string;
  language?: string;
  conflictWithServicePoint?: boolean;
  address: ConversationAddress;
}

export interface OpenResult {
  case: HandoffCase;
  /** What to tell the citizen about when to expect contact. */
  citizenMessage: OutgoingMessage;
}

export interface HandoffServiceDeps {
  rota: RotaReader;
  cases: HandoffRepository;
  transcript: TranscriptRepository;
  notifier?: LawyerNotifier;
  senders: ProactiveSenderLookup;
  now?: () => Date;
  newId?: () => string;
  /** Base URL of the console, for links in lawyer notifications (no trailing slash). */
  consoleUrl?: string;
  /** Called after every routing change, e.g. to mirror status into triage's case record. */
  onCaseChanged?: (c: HandoffCase) => Promise<void> | void;
  /**
   * How long after the citizen's last message a channel still accepts messages to them
   * (Zalo: 7 days), by channel id; supplied by the composition root, which knows channels.
   */
  replyWindowMs?: (channelId: string) => number | undefined;
  /** Operator-facing log (no personal data is passed). */
  log?: (level: 'info' | 'warn' | 'error', msg: string, data?: Record<string, unknown>) => void;
  /**
   * How long a lawyer's reply waits for the channel's final answer before it is recorded as
   * `pending` (queued channels such as Zalo); the scheduler tick settles it later. Default 8 s.
   */
  deliveryWaitMs?: number;
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
function lastCitizenAt(c: HandoffCase, entries: readonly TranscriptEntry[], at: Date): number {
  const opened = new Date(c.openedAt).getTime();
  let last = opened;
  for (const e of entries) {
    const t = new Date(e.at).getTime();
    if (e.from === 'citizen' && t <= at.getTime() && t > last) last = t;
  }
  return last;
}

/** Whole days the citizen had been silent at `at`. */
function silentDaysAt(c: HandoffCase, entries: readonly TranscriptEntry[], at: Date): number {
  return Math.floor((at.getTime() - lastCitizenAt(c, entries, at)) / 86_400_000);
}

export interface TickReport {
  expiredOffers: number;
  reoffered: number;
  stillWaiting: number;
  newlyFlagged: number;
}

/**
 * Routing and live-handoff use cases: opening (assignment), accept, decline (re-offer),
 * reassignment, the lawyer's replies and the citizen's messages, closing, and the scheduler
 * tick that re-offers lapsed offers and flags breached service levels.
 */
export class HandoffService {
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly listeners = new Set<(e: HandoffEvent) => void>();

  constructor(private readonly deps: HandoffServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.newId = deps.newId ?? (() => globalThis.crypto.randomUUID());
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
        this.deps.log?.('warn', 'handoff listener failed', { err: String(err) });
      }
    }
  }

  private async changed(c: HandoffCase): Promise<void> {
    this.emit({ type: 'case', caseId: c.caseId, status: c.status, lawyerId: c.lawyerId, flagged: c.flagged });
    await this.deps.onCaseChanged?.(c);
  }

  /** Registers a newly opened case and offers it to a lawyer. Idempotent per case id. */
  async openCase(input: CaseOpening): Promise<OpenResult> {
    const existing = await this.deps.cases.getCase(input.caseId);
    if (existing) return { case: existing, citizenMessage: this.expectationMessage(existing) };
    const now = this.now();
    const urgency = urgencyFromDeadline(input.urgency, input.deadline, now);
    const rota = await this.deps.rota.loadRota();
    const wardSession = input.ward
      ? dutySlots(rota, now, new Date(now.getTime() + 14 * 86_400_000)).find(
          (s) => s.servicePoint === input.ward && s.end.getTime() > now.getTime(),
        )
      : undefined;
    const sla = slaDueAt(urgency, now, wardSession);
    const c: HandoffCase = {
      caseId: input.caseId,
      ward: input.ward,
      legalArea: input.legalArea,
      urgency,
      deadline: input.deadline,
      language: input.language ?? 'vi',
      conflictWithServicePoint: input.conflictWithServicePoint ?? false,
      address: input.address,
      status: 'waiting',
      slaDueAt: sla.toISOString(),
      flagged: false,
      announced: false,
      openedAt: now.toISOString(),
    };
    await this.deps.cases.createCase(c);
    const routed = await this.offerNext(c, new Set());
    await this.appendSystem(routed.caseId, `Hồ sơ được mở, mức khẩn: ${URGENCY_VI[urgency]}.`);
    return { case: routed, citizenMessage: this.expectationMessage(routed) };
  }

  /** The citizen-facing promise for a routed case. */
  expectationMessage(c: HandoffCase): OutgoingMessage {
    if (c.status === 'waiting' || !c.expectedContactAt) {
      return {
        text:
          `Dạ, hồ sơ **${c.caseId}** đã được ghi nhận. Hiện chưa có luật sư tình nguyện trực phù hợp, ` +
          `cán bộ điều phối sẽ sắp xếp và luật sư sẽ liên hệ với anh/chị qua chính cuộc trò chuyện này ` +
          `trước ${formatLocalVi(new Date(c.slaDueAt))}.`,
      };
    }
    const expected = new Date(c.expectedContactAt);
    const soon = expected.getTime() <= new Date(c.openedAt).getTime() + 60_000;
    const when = soon
      ? `Luật sư đang trực và sẽ trả lời anh/chị qua chính cuộc trò chuyện này, chậm nhất trước ${formatLocalVi(new Date(c.slaDueAt))}.`
      : `Phiên trực gần nhất bắt đầu lúc ${formatLocalVi(expected)}; luật sư sẽ liên hệ với anh/chị qua chính cuộc trò chuyện này, chậm nhất trước ${formatLocalVi(new Date(c.slaDueAt))}.`;
    return { text: `Dạ, hồ sơ **${c.caseId}** đã được chuyển tới luật sư tình nguyện. ${when}` };
  }

  private async excludedFor(caseId: string): Promise<Set<string>> {
    const offers = await this.deps.cases.listOffers(caseId);
    return new Set(offers.filter((o) => o.status !== 'offered' && o.status !== 'accepted').map((o) => o.lawyerId));
  }

  /** Offers the case to the best available lawyer, excluding `exclude`; leaves it `waiting` if none. */
  private async offerNext(c: HandoffCase, exclude: Set<string>): Promise<HandoffCase> {
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
      const updated = await this.deps.cases.updateCase(c.caseId, {
        status: 'waiting',
        lawyerId: undefined,
        offerExpiresAt: undefined,
        flagged: true,
        flagReason: 'Không còn luật sư phù hợp còn chỗ trong 14 ngày tới: cần điều phối viên xếp người.',
      });
      this.deps.log?.('warn', 'handoff: no lawyer available', { caseId: c.caseId });
      await this.changed(updated);
      return updated;
    }
    return this.makeOffer(c, choice.lawyerId, choice.slot.start, choice);
  }

  private async makeOffer(c: HandoffCase, lawyerId: string, slotStart: Date, choice?: AssignmentChoice): Promise<HandoffCase> {
    const now = this.now();
    const sla = new Date(c.slaDueAt);
    const expires = offerExpiresAt(c.urgency, now, slotStart, sla);
    const offer: Offer = {
      id: this.newId(),
      caseId: c.caseId,
      lawyerId,
      offeredAt: now.toISOString(),
      expiresAt: expires.toISOString(),
      status: 'offered',
    };
    await this.deps.cases.addOffer(offer);
    const expected = slotStart.getTime() > now.getTime() ? slotStart : now;
    const flagReasons: string[] = [];
    if (expected.getTime() > sla.getTime()) flagReasons.push('Phiên trực gần nhất muộn hơn thời hạn phục vụ.');
    if (choice && choice.level === 2) flagReasons.push('Không có luật sư đúng chuyên môn: đã giao cho luật sư khác.');
    const patch: Partial<HandoffCase> = {
      status: 'offered',
      lawyerId,
      offerExpiresAt: offer.expiresAt,
      expectedContactAt: c.expectedContactAt && c.status !== 'waiting' ? c.expectedContactAt : expected.toISOString(),
    };
    if (flagReasons.length > 0) {
      patch.flagged = true;
      patch.flagReason = flagReasons.join(' ');
    }
    const updated = await this.deps.cases.updateCase(c.caseId, patch);
    await this.notifyLawyer(lawyerId, { kind: 'offer', caseId: c.caseId, legalArea: c.legalArea, urgency: c.urgency, expiresAt: offer.expiresAt });
    await this.changed(updated);
    return updated;
  }

  private async notifyLawyer(lawyerId: string, notice: Omit<LawyerNotice, 'url'>): Promise<NoticeDelivery[]> {
    const lawyer = await this.deps.rota.getLawyer(lawyerId);
    if (!lawyer || !this.deps.notifier) return [{ channel: 'console', ok: true }];
    const url = this.deps.consoleUrl ? `${this.deps.consoleUrl}/cases/${encodeURIComponent(notice.caseId)}` : undefined;
    try {
      const out = await this.deps.notifier.notify(lawyer, { ...notice, url });
      for (const d of out) if (!d.ok) this.deps.log?.('warn', 'lawyer notification failed', { caseId: notice.caseId, channel: d.channel, error: d.error });
      return out;
    } catch (err) {
      this.deps.log?.('error', 'lawyer notifier threw', { caseId: notice.caseId, err: String(err) });
      return [{ channel: 'console', ok: true }];
    }
  }

  private async requireCase(caseId: string): Promise<HandoffCase> {
    const c = await this.deps.cases.getCase(caseId);
    if (!c) throw new AppError('not_found:handoff_case', `Case ${caseId} does not exist`);
    return c;
  }

  private async currentOffer(caseId: string, lawyerId: string): Promise<Offer | undefined> {
    const offers = await this.deps.cases.listOffers(caseId);
    return offers.find((o) => o.status === 'offered' && o.lawyerId === lawyerId);
  }

  /** The offered lawyer accepts: the case goes live and the citizen is told a lawyer joined. */
  async accept(caseId: string, lawyerId: string): Promise<HandoffCase> {
    const c = await this.requireCase(caseId);
    const offer = await this.currentOffer(caseId, lawyerId);
    if (c.status !== 'offered' || !offer) {
      throw new AppError('conflict:handoff_not_offered', `Case ${caseId} is not currently offered to lawyer ${lawyerId}`);
    }
    const now = this.now();
    if (!(await this.deps.cases.answerOffer(offer.id, { status: 'accepted', respondedAt: now.toISOString() }))) {
      throw new AppError('conflict:handoff_not_offered', `The offer of case ${caseId} was already answered`);
    }
    const updated = await this.deps.cases.updateCase(caseId, {
      status: 'live',
      acceptedAt: now.toISOString(),
      offerExpiresAt: undefined,
      flagged: false,
      flagReason: undefined,
    });
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
  async decline(caseId: string, lawyerId: string, reason: string, conflictOfInterest = false): Promise<HandoffCase> {
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
    return this.offerNext(c, await this.excludedFor(caseId));
  }

  /** A coordinator gives the case to a chosen lawyer (any status but closed). */
  async reassign(caseId: string, lawyerId: string): Promise<HandoffCase> {
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
    const offered = await this.makeOffer({ ...c, status: 'waiting' }, lawyerId, next?.start ?? now);
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
      const updated = await this.deps.cases.updateCase(caseId, {
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
  async endByCitizen(caseId: string): Promise<HandoffCase> {
    const c = await this.requireCase(caseId);
    if (c.status !== 'live') return c;
    const updated = await this.deps.cases.updateCase(caseId, { status: 'ended_by_citizen' });
    await this.appendSystem(caseId, 'Người dân đã kết thúc cuộc trò chuyện với luật sư.');
    if (c.lawyerId) await this.notifyLawyer(c.lawyerId, { kind: 'citizen_left', caseId, legalArea: c.legalArea, urgency: c.urgency });
    await this.changed(updated);
    return updated;
  }

  /** Closes with an outcome; the citizen is told the lawyer left and is back with the bot. */
  async close(caseId: string, outcome: CaseOutcome, by: { lawyerId?: string; coordinator?: boolean }): Promise<HandoffCase> {
    const c = await this.requireCase(caseId);
    if (c.status === 'closed') throw new AppError('conflict:handoff_closed', `Case ${caseId} is already closed`);
    if (!by.coordinator && c.lawyerId !== by.lawyerId) {
      throw new AppError('forbidden:handoff_close', `Lawyer ${by.lawyerId} does not hold case ${caseId}`);
    }
    const now = this.now();
    for (const o of await this.deps.cases.listOffers(caseId)) {
      if (o.status === 'offered') await this.deps.cases.answerOffer(o.id, { status: 'withdrawn', respondedAt: now.toISOString() });
    }
    const updated = await this.deps.cases.updateCase(caseId, {
      status: 'closed',
      outcome,
      closedAt: now.toISOString(),
      offerExpiresAt: undefined,
      flagged: false,
      flagReason: undefined,
    });
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
      await this.appendSystem(c.caseId, `Quá hạn nhận hồ sơ (${lawyer?.name ?? offer.lawyerId}); hồ sơ được chuyển tiếp.`);
      const next = await this.offerNext(c, await this.excludedFor(c.caseId));
      const reason = `Quá hạn nhận: ${lawyer?.name ?? offer.lawyerId} không nhận trước ${formatLocalVi(new Date(offer.expiresAt))}.`;
      const flagged = await this.deps.cases.updateCase(c.caseId, {
        flagged: true,
        flagReason: next.flagReason && next.flagged && next.status === 'waiting' ? `${reason} ${next.flagReason}` : reason,
      });
      await this.changed(flagged);
      if (next.status === 'offered') report.reoffered++;
      report.newlyFlagged++;
    }
    for (const c of await this.deps.cases.listCases({ statuses: ['waiting'] })) {
      const next = await this.offerNext(c, await this.excludedFor(c.caseId));
      if (next.status === 'waiting') report.stillWaiting++;
      else report.reoffered++;
    }
    await this.settleDeliveries();
    for (const c of await this.deps.cases.listCases({ statuses: ['waiting', 'offered'] })) {
      if (new Date(c.slaDueAt).getTime() <= now.getTime() && !(c.flagReason ?? '').includes('Quá thời hạn phục vụ')) {
        const updated = await this.deps.cases.updateCase(c.caseId, {
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
    const updated = await this.deps.cases.updateCase(c.caseId, { announced: true });
    return this.expectationMessage(updated);
  }

  /**
   * A channel reports that a message to this conversation could not be delivered later, in
   * its outbox (Zalo: no interaction within 7 days, -230/-232). The open case is flagged and
   * the failure is shown in the transcript so the lawyer and the coordinator see it.
   */
  async deliveryFailed(channelId: string, conversationId: string, error: string): Promise<HandoffCase | undefined> {
    const c = await this.deps.cases.findByConversation(channelId, conversationId, ['live', 'ended_by_citizen', 'offered', 'waiting']);
    if (!c) return undefined;
    await this.appendSystem(c.caseId, `Kênh không chuyển được tin nhắn tới người dân: ${error}`);
    const updated = await this.deps.cases.updateCase(c.caseId, { flagged: true, flagReason: `Không gửi được tin nhắn tới người dân: ${error}` });
    await this.changed(updated);
    return updated;
  }

  /** The live case of a conversation, if any. */
  async liveCaseFor(channelId: string, conversationId: string): Promise<HandoffCase | undefined> {
    return this.deps.cases.findByConversation(channelId, conversationId, ['live']);
  }

  /** The transcript, with lawyer replies still queued at the channel shown in their current state. */
  async transcript(caseId: string): Promise<TranscriptEntry[]> {
    const entries = await this.deps.transcript.list(caseId);
    if (!entries.some((e) => e.delivery === 'pending')) return entries;
    return this.resolveDeliveries(await this.deps.cases.getCase(caseId), entries);
  }

  async getCase(caseId: string): Promise<HandoffCase | undefined> {
    return this.deps.cases.getCase(caseId);
  }

  async listCases(filter: Parameters<HandoffRepository['listCases']>[0]): Promise<HandoffCase[]> {
    return this.deps.cases.listCases(filter);
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
  private async sendToCitizen(c: HandoffCase, message: OutgoingMessage, opts: { tag?: string; waitMs?: number } = {}, context: DeliveryContext = {}): Promise<SendOutcome> {
    const sender = this.deps.senders(c.address.channelId);
    if (!sender) {
      this.deps.log?.('error', 'no proactive sender for channel', { caseId: c.caseId, channelId: c.address.channelId });
      return { ok: false, state: 'failed', error: `Kênh ${c.address.channelId} chưa hỗ trợ gửi tin chủ động`, tracked: false };
    }
    try {
      const report = await sender.send(c.address, [message], opts);
      if (!report) return { ok: true, state: 'sent', tracked: false };
      if (report.state === 'delivered') return { ok: true, state: 'sent', tracked: true };
      if (report.state === 'pending') return { ok: true, state: 'pending', error: report.detail ? describeDelivery(report, context) : undefined, tracked: true };
      this.deps.log?.('warn', 'proactive send to citizen not delivered', { caseId: c.caseId, state: report.state, reason: report.reason });
      return { ok: false, state: 'failed', error: describeDelivery(report, context), tracked: true };
    } catch (err) {
      const code = err instanceof AppError ? err.code : undefined;
      const msg = err instanceof Error ? err.message : String(err);
      this.deps.log?.('warn', 'proactive send to citizen failed', { caseId: c.caseId, code });
      return { ok: false, state: 'failed', error: code ? `${code}: ${msg}` : msg, tracked: false };
    }
  }

  /** Entries with `pending` delivery resolved against the channel's current state (the truth on read). */
  private resolveDeliveries(c: HandoffCase | undefined, entries: TranscriptEntry[]): TranscriptEntry[] {
    if (!c || !entries.some((e) => e.delivery === 'pending')) return entries;
    const sender = this.deps.senders(c.address.channelId);
    if (!sender?.deliveryStatus) return entries;
    const windowMs = this.deps.replyWindowMs?.(c.address.channelId);
    const windowDays = windowMs !== undefined ? Math.round(windowMs / 86_400_000) : undefined;
    return entries.map((e) => {
      if (e.delivery !== 'pending') return e;
      const r = sender.deliveryStatus!(deliveryTag(e.id));
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
    for (const c of await this.deps.cases.listCases({ statuses: ['live', 'ended_by_citizen', 'closed'] })) {
      const raw = await this.deps.transcript.list(c.caseId);
      if (!raw.some((e) => e.delivery === 'pending')) continue;
      const resolved = this.resolveDeliveries(c, raw);
      for (let i = 0; i < raw.length; i++) {
        const before = raw[i]!;
        const after = resolved[i]!;
        if (before.delivery !== 'pending' || after.delivery !== 'failed') continue;
        const note = `Tin nhắn của luật sư lúc ${formatLocalVi(new Date(before.at))} chưa tới được người dân: ${after.deliveryError ?? 'lỗi kênh'}`;
        if (raw.some((e) => e.from === 'system' && e.text === note)) continue;
        await this.appendSystem(c.caseId, note);
        if (c.status !== 'closed') {
          const updated = await this.deps.cases.updateCase(c.caseId, { flagged: true, flagReason: `Không gửi được tin nhắn tới người dân: ${after.deliveryError ?? 'lỗi kênh'}` });
          await this.changed(updated);
        }
        reported++;
      }
    }
    return reported;
  }
}
