import type { Intent } from '../../knowledge/understanding/index.js';
import { HELP_ACTIONS } from '../skills/small-talk.js';
import type { Skill, SuggestedAction, TurnResult } from '../types.js';
import { fold } from '../../knowledge/text/index.js';
import type { DangerKind } from './danger.js';
import { dangerMessages, type Hotline } from './danger-reply.js';

/** The buttons after a danger reply (the same captions as triage's lawyer offer). */
export const LAWYER_YES = 'Có, tôi muốn gặp luật sư';
export const LAWYER_NO = 'Không, cảm ơn';

/** The choices of a clarifying question: caption (sent back as the citizen's message) and the intent it stands for. */
export const CLARIFY_CHOICES: ReadonlyArray<{ intent: Intent; title: string }> = [
  { intent: 'procedure', title: 'Hỏi thủ tục hành chính' },
  { intent: 'legal_question', title: 'Hỏi quy định pháp luật' },
  { intent: 'legal_problem', title: 'Vụ việc cần luật sư' },
  { intent: 'form_request', title: 'Điền tờ khai' },
];

export interface UnderstandingState {
  /** The message the stage could not place, kept until the citizen picks a choice (redacted). */
  pendingText?: string;
}

/**
 * Danger now: the emergency reply, first words the number to call. No consent question,
 * no procedure. The lawyer is offered after (triage takes the "yes").
 */
export function createDangerSkill(opts: { hotlines?: readonly Hotline[] } = {}): Skill {
  return {
    name: 'danger',
    async handle(turn, next): Promise<TurnResult> {
      const d = turn.understanding?.danger;
      if (!d) return next();
      const offer: SuggestedAction[] = [
        { title: LAWYER_YES, value: LAWYER_YES },
        { title: LAWYER_NO, value: LAWYER_NO },
      ];
      return {
        messages: dangerMessages(d.kind, { child: d.child, hotlines: opts.hotlines, offerActions: offer, folded: fold(turn.text).toLowerCase() }),
        outcome: { behavior: 'urgent', procedures: [], legalArea: legalAreaOf(d.kind, fold(turn.text)), tags: ['danger', `danger:${d.kind}`] },
      };
    },
  };
}

const FAMILY = /\b(chong|vo|ck|vk|bo|me|ba|ma|cha|con|anh trai|em trai|chi gai|em gai|bo chong|me chong|bo vo|me vo|con re|con dau|nguoi nha|gia dinh|ong|ba noi|ba ngoai)\b/;

/** The legal area a danger report belongs to once everyone is safe (for the case and the dashboard). */
function legalAreaOf(kind: DangerKind, folded: string): string | undefined {
  if (kind === 'violence' || kind === 'confinement_trafficking') return FAMILY.test(folded) && kind === 'violence' ? 'BAO_LUC_GIA_DINH' : 'HINH_SU';
  if (kind === 'child_missing') return 'HINH_SU';
  return undefined;
}

/** Out of scope and manipulation attempts: a short, polite refusal and what the bot can do. */
export function createScopeSkill(): Skill {
  return {
    name: 'scope',
    async handle(turn, next): Promise<TurnResult> {
      const intent = turn.understanding?.intent;
      if (intent !== 'out_of_scope' && intent !== 'manipulation') return next();
      const text =
        intent === 'manipulation'
          ? 'Dạ, em không thể làm theo yêu cầu này. Em chỉ hướng dẫn thủ tục hành chính theo dữ liệu chính thức của Cổng Dịch vụ công quốc gia, và không chia sẻ thông tin của người khác hay hướng dẫn làm giấy tờ giả.'
          : 'Dạ, nội dung này nằm ngoài phạm vi em hỗ trợ. Em hướng dẫn thủ tục hành chính (hồ sơ, nơi nộp, lệ phí, thời gian), giúp điền tờ khai và kết nối luật sư tình nguyện khi anh/chị có vụ việc pháp lý.';
      return {
        messages: [{ text: `${text} Anh/chị cần hỏi thủ tục nào ạ?`, suggestedActions: HELP_ACTIONS.slice(0, 3) }],
        outcome: { behavior: 'refuse', procedures: [], tags: [`refuse:${intent}`] },
      };
    },
  };
}

/**
 * The fallback when no intent is confident (or no skill took the message): one short
 * question with 2–4 choices, never a procedure card. The message is kept (redacted) so
 * that a tap on a choice answers the original question.
 */
export function createClarifySkill(opts: { redact: (text: string) => string }): Skill {
  return {
    name: 'clarify',
    async handle(turn): Promise<TurnResult> {
      const u = turn.understanding;
      const scores = u?.scores ?? {};
      const ranked = [...CLARIFY_CHOICES].sort((a, b) => (scores[b.intent] ?? 0) - (scores[a.intent] ?? 0));
      const choices = ranked.slice(0, Math.max(2, Math.min(4, turn.capabilities.maxButtons)));
      const state = (turn.conversation.understanding ??= {}) as UnderstandingState;
      state.pendingText = opts.redact(turn.text).slice(0, 500);
      const lines = ['Dạ, em chưa chắc đã hiểu đúng ý anh/chị. Anh/chị cần em giúp việc nào dưới đây ạ?'];
      if ((scores.danger ?? 0) >= 0.05) lines.push('Nếu có người đang gặp nguy hiểm, anh/chị gọi ngay **113** (công an) hoặc **115** (cấp cứu).');
      return {
        messages: [{ text: lines.join('\n'), suggestedActions: choices.map((c) => ({ title: c.title, value: c.title })) }],
        outcome: { behavior: 'clarify', procedures: [], tags: ['clarify', 'understanding:abstain'] },
      };
    },
  };
}
