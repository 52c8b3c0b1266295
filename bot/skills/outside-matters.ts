import { matchOutsideMatter, type OutsideMatter } from '../../knowledge/index.js';
import { BUTTONS } from '../triage/messages.js';
import type { Skill, TurnResult } from '../types.js';

export interface OutsideMattersDeps {
  /** The reviewed list (`loadOutsideMatters()`), loaded by the composition root. */
  matters: readonly OutsideMatter[];
}

/** The citizen reply: where the matter goes, one concrete next step, its legal basis and the lawyer offer. */
export function outsideMatterReply(m: OutsideMatter): string {
  const where = m.where.charAt(0).toLocaleUpperCase('vi') + m.where.slice(1);
  const step = m.nextStep.charAt(0).toLocaleUpperCase('vi') + m.nextStep.slice(1);
  return [
    `Dạ, ${m.title} không phải thủ tục hành chính trong danh mục em hướng dẫn. ${where}.`,
    '',
    `**Việc anh/chị nên làm tiếp:** ${step}.`,
    '',
    `Căn cứ: ${m.legalBasis}.`,
    '',
    'Tại phường có **luật sư tình nguyện** trực để tư vấn miễn phí. Anh/chị có muốn em chuyển vụ việc cho luật sư không ạ?',
  ].join('\n');
}

/**
 * Matters that belong to a court, the commune's mediation or another body rather than to a
 * catalogue procedure (divorce, land disputes, debts, …): say honestly where they go and
 * offer the lawyer, instead of answering with the nearest procedure. Runs before
 * procedure-qa; leaves a waiting skill (form filling, a clarifying question) alone.
 */
export function createOutsideMattersSkill(deps: OutsideMattersDeps): Skill {
  return {
    name: 'outside-matters',
    async handle(turn, next): Promise<TurnResult> {
      if (turn.understanding?.awaiting || turn.conversation.officer) return next();
      // A procedure question told as a story mentions a divorce or a dispute on its way to its
      // need ("ly hôn được ba năm rồi … xin giấy này ở đâu"): the matter must be in the need.
      const u = turn.understanding;
      const matter = matchOutsideMatter(u?.intent === 'procedure' && u.need ? u.need : turn.text, deps.matters);
      if (!matter) return next();
      return {
        messages: [
          {
            text: outsideMatterReply(matter),
            suggestedActions: [BUTTONS.wantLawyer, BUTTONS.noThanks].map((t) => ({ title: t, value: t })),
          },
        ],
        outcome: { behavior: 'legal_info', procedures: [], tags: ['outside-matter', `outside-matter:${matter.id}`] },
      };
    },
  };
}
