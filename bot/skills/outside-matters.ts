import { matchOutsideMatter, type OutsideMatter } from '../../knowledge/index.js';
import { fold } from '../text.js';
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
 * A divorce already granted ("ly hôn rồi", "đã ly hôn", "sau khi ly hôn", "ly hôn được 3 năm",
 * "ly dị từ năm 2019"): the court's part is over, and what the citizen asks next (splitting
 * the household, a marital-status paper, a child's name) is a procedure. Dividing property,
 * custody and support after it still belong to the court.
 */
const DIVORCE = String.raw`(?:ly|li)\s+(?:hon|di)`;
const DIVORCE_DONE = new RegExp(
  String.raw`\b(?:da|sau khi|tu khi)\s+${DIVORCE}\b|\b${DIVORCE}\s+(?:(?:xong|roi|r)\b|(?:duoc|tu|hon|tu nam|nam)\s+(?:\d|mot|hai|ba|bon|nam|may|lau|nua))`,
);
/**
 * "muốn ly hôn rồi", "định ly dị", "thống nhất ly hôn rồi thì làm ở đâu": a divorce still to
 * come (wanted, planned or agreed on by both, not yet granted).
 */
const DIVORCE_WANTED = new RegExp(
  String.raw`\b(?:muon|dinh|tinh|can|sap|se|xin|nop don|thong nhat|dong y|quyet dinh|thuan tinh|thoa thuan|ban bac|chiu)(?:\s+\w+){0,2}?\s+${DIVORCE}\b`,
);
/**
 * A divorce the court has already decided, told by its paper or its judgment: "ly dị vợ cũ có quyết
 * định tòa rồi", "ly hôn năm 2019, có quyết định của tòa", "đã ly hôn theo bản án của tòa án bang
 * California", "tòa án Hàn xử cho ly hôn", "cầm bản án ly hôn". A decision still wanted ("muốn có
 * quyết định ly hôn") is no decision held.
 */
const DIVORCE_DECIDED = new RegExp(
  [
    String.raw`\b${DIVORCE}(?:\s+\w+){0,5}?\s+(?:co|theo|bang|kem)\s+(?:(?:\w+\s+){0,1})(?:quyet dinh|ban an|phan quyet)\b`,
    String.raw`\b(?:co|cam|giu|mang|nhan|nhan duoc)\s+(?:quyet dinh|ban an)\s+(?:\w+\s+){0,1}${DIVORCE}\b`,
    // Not whether a court would grant it (\"tòa có xử cho ly hôn không\").
    String.raw`\btoa(?: an)?(?:\s+(?!co\b|se\b)\w+){0,4}?\s+(?:xu|xu cho|phan quyet cho|tuyen|tuyen cho)\s+(?:\w+\s+){0,2}?${DIVORCE}\b`,
  ].join('|'),
);
/** The court's divorce paper named after a verb of holding ("có / mang theo / nộp quyết định ly hôn"). */
const DIVORCE_PAPER = new RegExp(String.raw`\b(co|mang|mang theo|cam|cam theo|giu|nop|xuat trinh|kem|kem theo|ban sao|theo|nhan|nhan duoc)\s+(?:quyet dinh|ban an)\s+(?:cong nhan\s+)?(?:thuan tinh\s+)?${DIVORCE}\b`, 'g');
const AFTER_DIVORCE_DISPUTE = /\b(?:chia tai san|tai san chung|quyen nuoi con|nuoi con|cap duong|gianh con|gianh quyen|tranh chap)\b/;

function divorceIsBackground(matter: OutsideMatter, text: string): boolean {
  if (!/ly hôn/u.test(matter.title)) return false;
  const f = ` ${fold(text).replace(/[^a-z0-9]+/g, ' ').trim()} `;
  // The court's paper held or brought ("mang theo quyết định ly hôn của tòa") is no decision to divorce.
  const wanted = DIVORCE_WANTED.test(f.replace(DIVORCE_PAPER, ' $1 giay ly hon '));
  return (DIVORCE_DONE.test(f) || DIVORCE_DECIDED.test(f)) && !wanted && !AFTER_DIVORCE_DISPUTE.test(f);
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
      if (!matter || divorceIsBackground(matter, turn.text)) return next();
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
