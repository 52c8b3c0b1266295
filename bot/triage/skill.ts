import type { LegalArea, TriageKnowledge, EligibilityGroup } from '../../knowledge/triage/index.js';
import type { EligibilityScreen, NewCase, ServiceRequested, Urgency } from '../cases/model.js';
import type { CaseOpener } from '../ports/cases.js';
import { redactPersonalData } from '../redact.js';
import type { ConversationAddress, ConversationData, OutgoingMessage, Skill, Turn, TurnResult } from '../types.js';
import type { Assessment, TriageEngine } from './engine.js';
import * as msg from './messages.js';
import type { WardChoice, WardDirectory } from './wards.js';
import { foldDiacritics, normalizeVi, parseDate, readYesNo } from '../../knowledge/text/index.js';
import { matchOutsideMatter, type OutsideMatter } from '../../knowledge/index.js';

/**
 * The triage skill. Procedure questions pass through to Q&A (`next()`); disputes, urgent
 * safety and general legal questions get a lawyer offer; with explicit consent a short
 * intake (legal-aid screen, contact, approved summary) opens a case through the `CaseOpener`
 * (the legal-aid service: stored, routed to a lawyer, the citizen told when to expect contact).
 *
 *   idle ─escalate/urgent/general─> offered ─yes─> consent ─agree─> eligibility ─> [financial]
 *     ─> contact ─> [ward] ─> summary ─send─> case opened (idle)
 *   [ward]: asked when neither the channel nor the deployment names the citizen's ward; the
 *   case is routed to the ward named (current or pre-2025 name), or to the general pool.
 *   no / disagree at any step: service point and legal-aid centre contacts, nothing stored.
 */
export interface TriageState {
  stage?: 'offered' | 'consent' | 'eligibility' | 'financial' | 'contact' | 'ward' | 'summary' | 'summary_edit';
  /** Last user messages (redacted, trimmed) for classification context. */
  history?: string[];
  pending?: PendingCase;
  lastCaseId?: string;
}

interface PendingCase {
  decision: Assessment['decision'];
  area: LegalArea;
  confidence: number;
  secondaryAreas: LegalArea[];
  signals: string[];
  conflict: boolean;
  deadlineId?: string;
  documentDate?: string;
  dueDate?: string;
  authorities: string[];
  parties: string[];
  service: ServiceRequested;
  business: boolean;
  hints: string[];
  /** Redacted citizen text the summary starts from. */
  story: string;
  groupId?: string;
  financial?: 'yes' | 'no' | 'unknown';
  safeToContact?: boolean;
  preferredTime?: string;
  /** Official name of the citizen's current ward ("Phường Hồng Hà"): the case's service point. */
  ward?: string;
  /** Wards offered when the reply matched several; unanswered questions about the ward. */
  wardOptions?: WardChoice[];
  wardTries?: number;
  summary?: string;
  consentMethod?: string;
  consentAt?: string;
}

export interface TriageSkillDeps {
  engine: TriageEngine;
  knowledge: TriageKnowledge;
  /** The one path to open a case; its "when to expect contact" message follows triage's reply. */
  cases: CaseOpener;
  /** How to reach this conversation later; defaults to the turn's ids with an empty reference. */
  addressOf?: (turn: Turn) => ConversationAddress;
  /** Ward used when the channel does not say (`turn.servicePoint`). */
  defaultServicePoint?: string;
  /** Current wards by name (old names too); without it, or with a known ward, the ward is not asked. */
  wards?: WardDirectory;
  botVersion?: string;
  /** Matters that belong to a court or another body (`knowledge/matters`): the offer says where such a matter goes. */
  outsideMatters?: readonly OutsideMatter[];
}

const AUTHORITY_WORDS: Array<[string, string]> = [
  ['toa', 'tòa án'],
  ['cong an', 'công an'],
  ['co quan dieu tra', 'cơ quan điều tra'],
  ['vien kiem sat', 'viện kiểm sát'],
  ['thi hanh an', 'cơ quan thi hành án'],
  ['uy ban', 'UBND phường/xã'],
  ['phuong', 'UBND phường/xã'],
  ['xa', 'UBND phường/xã'],
  ['can bo', 'cán bộ phường/xã'],
  ['bao hiem xa hoi', 'cơ quan bảo hiểm xã hội'],
];

const PARTY_WORDS = [
  'chồng', 'vợ', 'chồng cũ', 'vợ cũ', 'anh cả', 'chị cả', 'anh trai', 'chị gái', 'em trai', 'em gái', 'mẹ kế', 'bố dượng', 'con rể', 'con dâu',
  'mẹ chồng', 'bố chồng', 'hàng xóm', 'chủ nhà', 'chủ trọ', 'công ty', 'chủ thầu', 'chủ hụi', 'người bán', 'người mua', 'người vay', 'bạn',
  'chủ đầu tư', 'ban quản trị', 'chú', 'bác', 'cô', 'dì', 'cậu',
];

const fold = (s: string) => foldDiacritics(normalizeVi(s));

/**
 * Urgent legal matters that are not danger now (the understanding stage decides that):
 * a child abused, an eviction or a detention going on. They keep the urgent handling.
 */
const URGENT_LEGAL_SIGNALS: ReadonlySet<string> = new Set(['child_abuse', 'eviction_now', 'detained_now']);

/** A short message whose point is asking for a lawyer (or legal aid) itself. */
export function isLawyerRequest(text: string): boolean {
  const t = fold(text).replace(/[^\p{L}\p{N} ]/gu, ' ').replace(/\s+/g, ' ').trim();
  if (t.split(' ').length > 7) return false;
  return /\b(hoi|gap|can|muon|xin|noi chuyen voi|chuyen cho|lien he) (mot )?(luat su|tro giup phap ly)\b/.test(t) || /^(luat su|tro giup phap ly)$/.test(t);
}
/** Reads a yes/no reply (buttons or free text): the one reader of the text module. */
export { readYesNo };

/** Parses a document date ("3/11/2026", "03-11-26", "ngày 3 tháng 11 năm 2026") into ISO yyyy-mm-dd. */
/** A document's date (ISO) as the citizen typed it, with the one date parser; day and month alone are this year's. */
export function readDate(text: string, now: Date): string | undefined {
  const r = parseDate(text, now, { thisYear: true });
  return r.ok && !r.partial ? r.value : undefined;
}

const viDate = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
};

/** Below this confidence a procedure reading yields to an urgent rule of triage. */
const UNSURE_PROCEDURE = 0.6;

export class TriageSkill implements Skill {
  readonly name = 'triage';

  constructor(private readonly deps: TriageSkillDeps) {}

  async handle(turn: Turn, next: () => Promise<TurnResult>): Promise<TurnResult> {
    const state = ((turn.conversation.triage ??= {}) as TriageState);
    const text = turn.text.trim();
    if (text === '') return next();

    if (state.stage && state.pending) {
      const handled = await this.continueFlow(turn, state, state.pending, text);
      if (handled) return handled;
      // The citizen moved on to something else: drop the unfinished intake (nothing stored).
      state.stage = undefined;
      state.pending = undefined;
    }
    const u = turn.understanding;
    if (u) {
      // The understanding stage decided what the message is; triage carries it out.
      if (u.intent === 'handoff') return this.lawyerRequested(state, text);
      if (u.intent === 'legal_question' || u.intent === 'legal_problem') return this.firstContact(turn, state, text, next, u.intent === 'legal_question' ? 'general' : 'escalate');
      if (u.intent === 'procedure') {
        // A legal emergency by a rule of its own ("đang có người đến phá nhà, nói là cưỡng chế")
        // that the stage read only unsurely as a procedure question: the lawyer path, never a
        // procedure card that shares its words.
        const a = u.confidence < UNSURE_PROCEDURE ? this.deps.engine.assess(text) : undefined;
        if (a?.decision === 'urgent' && a.hits.some((h) => h.kind === 'urgent')) return this.firstContact(turn, state, text, next, 'escalate');
        // The legal area of a procedure question, for the turn log and analytics.
        const r = await next();
        return { ...r, outcome: { ...r.outcome, legalArea: r.outcome.legalArea ?? (a ?? this.deps.engine.assess(text)).area } };
      }
      return next();
    }
    if (isLawyerRequest(text)) return this.lawyerRequested(state, text);
    return this.firstContact(turn, state, text, next);
  }

  /**
   * "Hỏi luật sư" (the Q&A button) or a bare "tôi cần luật sư": the citizen already wants
   * help, so go straight to consent, with the previous message as the story.
   */
  private lawyerRequested(state: TriageState, text: string): TurnResult {
    const context = state.history ?? [];
    const story = context[context.length - 1] ?? text;
    const a = this.deps.engine.assess(story, { context: context.slice(0, -1) });
    const p = this.pendingFrom(a, story, context.slice(0, -1));
    if (p.decision === 'procedure' || p.decision === 'general') p.decision = 'escalate';
    if (!p.signals.includes('drafting_representation')) p.signals.push('citizen_requested_lawyer');
    state.pending = p;
    state.stage = 'consent';
    return this.escalated(p, [msg.consentMessage(this.deps.knowledge)], ['lawyer_requested']);
  }

  private remember(state: TriageState, text: string): string[] {
    const context = state.history ?? [];
    state.history = [...context, redactPersonalData(text).slice(0, 400)].slice(-2);
    return context;
  }

  private async firstContact(
    turn: Turn,
    state: TriageState,
    text: string,
    next: () => Promise<TurnResult>,
    decided?: 'general' | 'escalate',
  ): Promise<TurnResult> {
    const context = this.remember(state, text);
    const assessed = this.deps.engine.assess(text, { context });
    // A decision from the understanding stage wins over the engine's own (danger now was
    // already handled before triage; a past event told here is a legal problem).
    // A legal problem keeps triage's own urgency (child abuse, eviction or detention going on)
    // unless the stage read the event as over.
    const keepUrgent =
      decided === 'escalate' &&
      assessed.decision === 'urgent' &&
      !turn.understanding?.pastEvent &&
      assessed.signals.some((s) => URGENT_LEGAL_SIGNALS.has(s));
    const a: Assessment = decided && !keepUrgent ? { ...assessed, decision: decided } : assessed;
    const areaName = this.deps.knowledge.areas.find((x) => x.code === a.area)?.name ?? a.area;
    if (a.decision === 'procedure') {
      const r = await next();
      return { ...r, outcome: { ...r.outcome, legalArea: r.outcome.legalArea ?? a.area } };
    }
    state.pending = this.pendingFrom(a, text, context);
    state.stage = 'offered';
    const tags = ['triage', ...a.signals.map((s) => `signal:${s}`)];
    if (a.decision === 'urgent') {
      const ids = new Set(a.signals);
      const messages = msg.emergencyMessages(this.deps.knowledge, {
        child: ids.has('child_abuse') || a.eligibilityHints.includes('tre_em'),
        eviction: ids.has('eviction_now') && !ids.has('violence') && !ids.has('threat_to_life'),
      });
      return { messages, outcome: { behavior: 'urgent', procedures: [], legalArea: a.area, tags } };
    }
    if (a.decision === 'general') {
      return { messages: [msg.generalQuestionMessage(this.deps.knowledge, areaName)], outcome: { behavior: 'escalate', procedures: [], legalArea: a.area, tags } };
    }
    const tgpl = a.signals.includes('tgpl_request') || a.eligibilityHints.length > 0;
    const where = this.deps.outsideMatters ? matchOutsideMatter(text, this.deps.outsideMatters)?.where : undefined;
    const offer = (afterProcedure: boolean) =>
      msg.escalateMessage({ areaName, deadline: a.deadline, conflict: a.conflict, tgpl: tgpl && !a.businessMatter, afterProcedure, where });
    if (a.hits.some((h) => h.kind === 'procedure') && !a.conflict) {
      // A procedure question with a dispute behind it: the procedure answer, then the offer.
      const r = await next();
      const answered = r.outcome.behavior === 'answer';
      return {
        messages: [...(answered ? r.messages : []), offer(answered)],
        outcome: { ...r.outcome, behavior: 'escalate', legalArea: a.area, tags: [...(r.outcome.tags ?? []), ...tags, 'procedure+lawyer'] },
      };
    }
    if (!a.hits.some((h) => h.kind === 'escalate' || h.kind === 'urgent')) {
      // Only the classifier reads this story as a case for a lawyer (no rule found another
      // party, an authority or a deadline). Citizens often wrap a procedure question in a
      // story, so the procedure the catalogue matches is offered beside the lawyer: one tap
      // away, and recorded as what the bot considered.
      const r = await next();
      const code = r.outcome.behavior === 'answer' ? r.outcome.procedureCode : undefined;
      const hit = code ? r.outcome.procedures.find((p) => p.code === code) : undefined;
      if (code && hit) {
        const o = offer(false);
        const title = `Xem thủ tục: ${hit.name.replace(/^Thủ tục\s+/i, '')}`.slice(0, 60);
        return {
          messages: [{ ...o, suggestedActions: [...(o.suggestedActions ?? []), { title, value: code }] }],
          outcome: { behavior: 'escalate', procedures: r.outcome.procedures, legalArea: a.area, tags: [...tags, 'procedure_offered'] },
        };
      }
    }
    return { messages: [offer(false)], outcome: { behavior: 'escalate', procedures: [], legalArea: a.area, tags } };
  }

  private pendingFrom(a: Assessment, text: string, context: readonly string[]): PendingCase {
    const story = redactPersonalData([...context.slice(-1), text].join(' ').trim()).slice(0, 1200);
    const folded = ` ${fold(story)} `;
    const authorities = new Set<string>();
    if (a.signals.includes('court_police') || a.signals.includes('detained_now') || a.conflict) {
      for (const [w, label] of AUTHORITY_WORDS) if (folded.includes(` ${w} `)) authorities.add(label);
    }
    if (a.conflict) authorities.add('UBND phường/xã');
    const normal = ` ${normalizeVi(story)} `;
    const parties = PARTY_WORDS.filter((p) => normal.includes(` ${p} `));
    const drafting = a.hits.find((h) => h.id === 'drafting_representation')?.matches.map(fold) ?? [];
    const service: ServiceRequested = drafting.some((m) => /bao chua|dai dien|ra toa|di cung/.test(m))
      ? 'representation'
      : drafting.some((m) => /soan|viet don|lam don/.test(m))
        ? 'drafting'
        : 'advice';
    return {
      decision: a.decision,
      area: a.area,
      confidence: Math.round(a.confidence * 1000) / 1000,
      secondaryAreas: a.secondaryAreas,
      signals: a.signals,
      conflict: a.conflict,
      deadlineId: a.deadline?.id,
      authorities: [...authorities],
      parties,
      service,
      business: a.businessMatter,
      hints: a.eligibilityHints,
      story,
    };
  }

  private escalated(p: PendingCase, messages: OutgoingMessage[], extraTags: string[] = []): TurnResult {
    return {
      messages,
      outcome: { behavior: p.decision === 'urgent' ? 'urgent' : 'escalate', procedures: [], legalArea: p.area, tags: ['triage', ...extraTags] },
    };
  }

  private declined(state: TriageState, p: PendingCase): TurnResult {
    // Without consent nothing of the story is kept, not even the classification context.
    state.stage = undefined;
    state.pending = undefined;
    state.history = undefined;
    return this.escalated(p, [msg.noConsentMessage(this.deps.knowledge)], ['declined']);
  }

  /** One step of the intake; undefined when the message is not an answer to the pending question. */
  private async continueFlow(turn: Turn, state: TriageState, p: PendingCase, text: string): Promise<TurnResult | undefined> {
    const k = this.deps.knowledge;
    switch (state.stage) {
      case 'offered': {
        const date = p.deadlineId ? readDate(text, turn.now) : undefined;
        if (date) {
          const d = k.deadlines.find((x) => x.id === p.deadlineId)!;
          p.documentDate = date;
          p.dueDate = new Date(Date.parse(date) + d.days * 86_400_000).toISOString().slice(0, 10);
          return this.escalated(p, [msg.deadlineNote(d, viDate(date), viDate(p.dueDate))]);
        }
        const yn = readYesNo(text);
        if (yn === 'no') return this.declined(state, p);
        if (yn !== 'yes') return undefined;
        state.stage = 'consent';
        return this.escalated(p, [msg.consentMessage(k)]);
      }
      case 'consent': {
        const yn = readYesNo(text);
        if (yn === 'no') return this.declined(state, p);
        if (yn !== 'yes') return this.escalated(p, [msg.consentMessage(k)]);
        p.consentMethod = `reply:${text.slice(0, 60)}`;
        p.consentAt = turn.now.toISOString();
        if (p.business) {
          // Business and commercial matters are outside state legal aid (Luật TGPL Art. 27).
          state.stage = 'contact';
          return this.escalated(p, [{ text: `Dạ, ${k.eligibility.excludedAreas.note}` }, msg.contactQuestion()]);
        }
        state.stage = 'eligibility';
        return this.escalated(p, [msg.eligibilityQuestion(k, p.hints, turn.capabilities.maxButtons)]);
      }
      case 'eligibility': {
        const group = this.readGroup(text);
        if (group === undefined) return this.escalated(p, [msg.eligibilityQuestion(k, p.hints, turn.capabilities.maxButtons)]);
        p.groupId = group === null ? undefined : group.id;
        if (group && group.needsFinancialDifficulty) {
          state.stage = 'financial';
          return this.escalated(p, [msg.financialQuestion(k)]);
        }
        p.financial = 'unknown';
        state.stage = 'contact';
        return this.escalated(p, [{ text: this.eligibilityText(p) }, msg.contactQuestion()]);
      }
      case 'financial': {
        const yn = readYesNo(text);
        p.financial = yn ?? 'unknown';
        state.stage = 'contact';
        return this.escalated(p, [{ text: this.eligibilityText(p) }, msg.contactQuestion()]);
      }
      case 'contact': {
        const t = fold(text);
        p.safeToContact = !/khong an toan|chi tra loi khi|dung nhan|khong nhan|nguy hiem/.test(t);
        p.preferredTime = /sang/.test(t) ? 'buổi sáng' : /chieu/.test(t) ? 'buổi chiều' : /toi|dem/.test(t) ? 'buổi tối' : p.safeToContact ? 'bất kỳ lúc nào' : 'chỉ khi người dân nhắn trước';
        if (this.deps.wards && !turn.servicePoint && !this.deps.defaultServicePoint && !p.ward) {
          state.stage = 'ward';
          return this.escalated(p, [msg.wardQuestion()]);
        }
        p.summary = this.draftSummary(p);
        state.stage = 'summary';
        return this.escalated(p, [msg.summaryQuestion(p.summary)]);
      }
      case 'ward': {
        const reply = this.readWard(p, text);
        if (reply.ask) return this.escalated(p, [reply.ask]);
        p.summary = this.draftSummary(p);
        state.stage = 'summary';
        return this.escalated(p, [...(reply.note ? [reply.note] : []), msg.summaryQuestion(p.summary)]);
      }
      case 'summary': {
        const t = fold(text);
        if (/^sua|sua tom tat|chua dung|khong dung/.test(t)) {
          state.stage = 'summary_edit';
          return this.escalated(p, [msg.SUMMARY_EDIT_PROMPT]);
        }
        const yn = readYesNo(text);
        if (yn === 'no') return this.declined(state, p);
        if (yn !== 'yes') return this.escalated(p, [msg.summaryQuestion(p.summary ?? this.draftSummary(p))]);
        return this.openCase(turn, state, p);
      }
      case 'summary_edit': {
        p.summary = redactPersonalData(text).slice(0, 1000);
        state.stage = 'summary';
        return this.escalated(p, [msg.summaryQuestion(p.summary)]);
      }
      default:
        return undefined;
    }
  }

  /**
   * Reads the citizen's ward: a button among offered wards, a current or old name, or "không
   * rõ". Returns a question to ask again, or the note to show before the summary.
   */
  private readWard(p: PendingCase, text: string): { ask?: OutgoingMessage; note?: OutgoingMessage } {
    const t = fold(text).replace(/[^\p{L}\p{N} ]/gu, ' ').replace(/\s+/g, ' ').trim();
    const offered = p.wardOptions?.find((w) => fold(w.name) === t);
    if (offered) return this.wardChosen(p, offered);
    if (/^(khong ro|khong biet|chua ro|bo qua|khong nho|khong)\b/.test(t)) {
      p.wardOptions = undefined;
      return { note: msg.wardPoolNote() };
    }
    const match = this.deps.wards!.resolve(text);
    if (match.wards.length === 1) return this.wardChosen(p, match.wards[0]!, match.formerName);
    if (match.wards.length > 1) {
      p.wardOptions = match.wards.slice(0, 6);
      return { ask: msg.wardChoiceQuestion(p.wardOptions, match.formerName) };
    }
    p.wardTries = (p.wardTries ?? 0) + 1;
    if (p.wardTries >= 2) return { note: msg.wardPoolNote() };
    return { ask: msg.wardNotFoundQuestion() };
  }

  private wardChosen(p: PendingCase, ward: WardChoice, formerName?: string): { note: OutgoingMessage } {
    p.ward = ward.name;
    p.wardOptions = undefined;
    return { note: msg.wardRoutedNote(ward.name, formerName) };
  }

  /** A group, `null` for "none", undefined when the reply is not understood. */
  private readGroup(text: string): EligibilityGroup | null | undefined {
    const groups = this.deps.knowledge.eligibility.groups;
    const t = fold(text).trim();
    const n = /^(\d{1,2})\b/.exec(t);
    if (n) {
      const i = Number(n[1]);
      if (i === 0) return null;
      return groups[i - 1];
    }
    if (/khong thuoc|khong co nhom|khong nhom nao|^khong$|^ko$/.test(t)) return null;
    // The longest matching button name wins ("nạn nhân bạo lực gia đình" over a shorter one).
    const byLabel = groups
      .filter((g) => t.includes(fold(msg.shortLabel(g))) || (t.length >= 6 && fold(msg.shortLabel(g)).includes(t)))
      .sort((a, b) => msg.shortLabel(b).length - msg.shortLabel(a).length)[0];
    if (byLabel) return byLabel;
    // Free text ("nhà em là hộ nghèo", "mẹ tôi 75 tuổi"): the groups' own word lists.
    const hints = this.deps.engine.assess(text).eligibilityHints;
    return groups.find((g) => hints.includes(g.id));
  }

  private eligibilityText(p: PendingCase): string {
    const k = this.deps.knowledge;
    const group = k.eligibility.groups.find((g) => g.id === p.groupId);
    return msg.eligibilityResult(k, group, p.financial ?? 'unknown', this.proofs(group, p.financial));
  }

  private proofs(group: EligibilityGroup | undefined, financial?: string): string[] {
    if (!group) return [];
    const fin = group.needsFinancialDifficulty && financial === 'yes' ? this.deps.knowledge.eligibility.financialDifficulty.proofs : [];
    return [...group.proofs, ...fin];
  }

  private screen(p: PendingCase): EligibilityScreen | undefined {
    if (p.business) {
      return { financialDifficulty: 'unknown', proofAvailable: 'unknown', proofDocuments: [], referToTgplCenter: false, excludedReason: 'business_commercial' };
    }
    const group = this.deps.knowledge.eligibility.groups.find((g) => g.id === p.groupId);
    const refer = Boolean(group && (!group.needsFinancialDifficulty || p.financial === 'yes'));
    return {
      groupClaimed: group?.id,
      clause: group?.clause,
      financialDifficulty: p.financial ?? 'unknown',
      proofAvailable: 'unknown',
      proofDocuments: this.proofs(group, p.financial),
      referToTgplCenter: refer,
    };
  }

  private draftSummary(p: PendingCase): string {
    const areaName = this.deps.knowledge.areas.find((x) => x.code === p.area)?.name ?? p.area;
    const story = p.story.length > 600 ? `${p.story.slice(0, 600)}…` : p.story;
    const extra: string[] = [];
    if (p.documentDate) extra.push(`ngày trên giấy tờ ${viDate(p.documentDate)}`);
    return `${areaName}: ${story}${extra.length ? ` (${extra.join('; ')})` : ''}`;
  }

  private urgency(p: PendingCase, now: Date): Urgency {
    if (p.decision === 'urgent') return 'emergency';
    if (p.dueDate && Date.parse(p.dueDate) - now.getTime() <= 7 * 86_400_000) return 'deadline';
    const d = this.deps.knowledge.deadlines.find((x) => x.id === p.deadlineId);
    if (d && d.days <= 15) return 'deadline';
    if (p.conflict || p.signals.includes('court_police')) return 'soon';
    return 'routine';
  }

  private async openCase(turn: Turn, state: TriageState, p: PendingCase): Promise<TurnResult> {
    const k = this.deps.knowledge;
    const address = this.deps.addressOf?.(turn) ?? { channelId: turn.channelId, conversationId: turn.conversationId, userId: turn.userId, reference: {} };
    const urgency = this.urgency(p, turn.now);
    const d = k.deadlines.find((x) => x.id === p.deadlineId);
    const eligibility = this.screen(p);
    const input: NewCase = {
      channel: turn.channelId,
      servicePoint: turn.servicePoint ?? p.ward ?? this.deps.defaultServicePoint ?? 'Chung',
      address,
      area: p.area,
      confidence: p.confidence,
      secondaryAreas: p.secondaryAreas,
      signals: p.signals,
      urgency,
      deadline: d ? { type: d.id, days: d.days, documentDate: p.documentDate, dueDate: p.dueDate } : undefined,
      parties: {
        adverseParties: p.parties.map((role) => ({ name: role, role })),
        authorityInvolved: p.authorities,
        conflictServicePointAuthority: p.conflict,
      },
      eligibility,
      service: p.service,
      limitedScopeAcknowledged: true,
      contact: { safeToContact: p.safeToContact ?? true, preferredTime: p.preferredTime, method: 'this_channel' },
      summary: p.summary ?? this.draftSummary(p),
      consent: {
        textVersion: msg.CONSENT_TEXT_VERSION,
        purposes: ['legal_advice', 'conflict_check'],
        sensitiveDataAck: true,
        method: p.consentMethod ?? 'reply',
        givenAt: p.consentAt ?? turn.now.toISOString(),
      },
      retentionUntil: new Date(turn.now.getTime() + k.contacts.retentionDays * 86_400_000).toISOString().slice(0, 10),
      botVersion: this.deps.botVersion,
      // What the legal-info skill quoted in this conversation goes to the lawyer with the case.
      citedArticles: citedArticles(turn.conversation.legalCited),
    };
    const { case: opened, citizenMessage } = await this.deps.cases.open(input);
    state.stage = undefined;
    state.pending = undefined;
    state.lastCaseId = opened.id;
    const messages = [msg.caseOpenedMessage(opened.id, urgency, eligibility?.referToTgplCenter ?? false), citizenMessage];
    return this.escalated(p, messages, ['case_opened', `case:${opened.id}`]);
  }
}

/** The articles quoted to the citizen, newest first, each once (at most 6 are kept anyway). */
function citedArticles(cited: ConversationData['legalCited']): NewCase['citedArticles'] {
  const seen = new Set<string>();
  const out: NonNullable<NewCase['citedArticles']> = [];
  for (const a of [...(cited ?? [])].reverse()) {
    const key = `${a.document}:${a.article}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ document: a.document, article: a.article, title: a.title, url: a.url });
  }
  return out;
}
