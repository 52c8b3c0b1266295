import { FEEDBACK_REASONS, type FeedbackReason, type FeedbackStore } from '../ports/index.js';
import { redactPersonalData } from '../redact.js';
import { fold, removePhrases } from '../../knowledge/text/index.js';
import type { Skill, SuggestedAction, TurnResult } from '../types.js';

/** Common procedures offered in the help menu (sent back as questions). */
export const HELP_ACTIONS: SuggestedAction[] = [
  'Đăng ký khai sinh',
  'Đăng ký kết hôn',
  'Đăng ký thường trú',
  'Đăng ký tạm trú',
  'Cấp lại thẻ căn cước',
  'Đăng ký khai tử',
].map((t) => ({ title: t, value: t }));

/** What the bot can and cannot do, with the privacy note; sent once to new users. */
export const WELCOME_TEXT = [
  'Dạ, em chào anh/chị! Em là trợ lý hướng dẫn thủ tục hành chính.',
  '',
  '**Em có thể:** cho biết hồ sơ cần chuẩn bị, nơi nộp, lệ phí, thời gian giải quyết và cách nộp trực tuyến của các thủ tục, theo dữ liệu của Cổng Dịch vụ công quốc gia; giúp điền tờ khai; kết nối anh/chị với luật sư tình nguyện khi cần.',
  '**Em không thể:** giải quyết hồ sơ thay cơ quan nhà nước, hay tư vấn pháp luật thay luật sư.',
  '',
  '**Về dữ liệu cá nhân:** em chỉ lưu thông tin cá nhân khi anh/chị đồng ý, và anh/chị có thể gửi "Xoá dữ liệu của tôi" bất cứ lúc nào. Anh/chị đừng gửi số căn cước hay số điện thoại nếu không cần thiết.',
  '',
  'Anh/chị cứ hỏi tự nhiên, có dấu hay không dấu đều được, ví dụ: "làm giấy khai sinh cho con cần gì". Sau mỗi câu trả lời, anh/chị có thể gửi 👍 hoặc 👎 để em biết câu trả lời có hữu ích không.',
].join('\n');

const GREETINGS = ['xin chao', 'chao', 'hello', 'hi', 'alo', 'helo', 'hey', 'kinh chao'];
const FILLERS = ['a', 'em', 'ban', 'oi', 'nhe', 'nha', 'ad', 'admin', 'bot', 'tro ly', 'anh', 'chi', 'moi nguoi', 'buoi sang', 'buoi chieu', 'buoi toi'];
const HELP = ['tro giup', 'huong dan', 'menu', 'help', 'start', 'bat dau', 'ban lam duoc gi', 'em lam duoc gi', 'lam duoc gi', 'giup duoc gi', 'ho tro gi', 'giup toi', 'giup em'];
const THANKS = ['cam on', 'cam on nhieu', 'thanks', 'thank you', 'thank', 'tks', 'thanks you', 'ok cam on', 'da cam on', 'camon'];

function onlyOf(f: string, phrases: string[]): boolean {
  if (!f) return false;
  const rest = removePhrases(f, [...phrases, ...FILLERS, 'ok', 'vang', 'da', 'rat', 'nhieu', 'lam', 'nhe']);
  return rest.length === 0 && removePhrases(f, [...FILLERS, 'ok', 'vang', 'da', 'rat', 'nhieu', 'lam', 'nhe']).length > 0;
}

function rating(text: string): 'up' | 'down' | undefined {
  const t = text.trim();
  if (/^👍/u.test(t) || /^(hữu ích|rất hữu ích)$/iu.test(t)) return 'up';
  if (/^👎/u.test(t) || /^(chưa hữu ích|không hữu ích|chưa đúng)$/iu.test(t)) return 'down';
  return undefined;
}

/** Buttons offered after a 👎: each sends "👎 <reason>", which the understanding stage reads as feedback. */
export const FEEDBACK_REASON_ACTIONS: SuggestedAction[] = FEEDBACK_REASONS.map((r) => ({ title: r.title, value: `👎 ${r.title}` }));

/** The reason in "👎 Sai thông tin" (a tapped reason button, or typed the same way). */
function reasonOf(text: string): FeedbackReason | undefined {
  const rest = fold(text.replace(/^👎[\u{1F3FB}-\u{1F3FF}]?/u, ''));
  if (!rest) return undefined;
  return FEEDBACK_REASONS.find((r) => fold(r.title) === rest)?.code;
}

/** A reason tapped within this long of its 👎 completes that 👎 instead of adding one. */
const REASON_WINDOW_MS = 30 * 60_000;

export interface SmallTalkDeps {
  feedback: FeedbackStore;
}

/** Greeting, help menu, thanks and 👍/👎 feedback (stored with the rated question). */
export function createSmallTalkSkill(deps: SmallTalkDeps): Skill {
  return {
    name: 'small-talk',
    async handle(turn, next): Promise<TurnResult> {
      const r = rating(turn.text);
      if (r) {
        const last = turn.conversation.lastAnswer;
        const entry = {
          conversationId: turn.conversationId,
          userId: turn.userId,
          channelId: turn.channelId,
          at: turn.now.toISOString(),
          rating: r,
          question: redactPersonalData(last?.question ?? ''),
          procedureCode: last?.procedureCode,
        };
        const reason = r === 'down' ? reasonOf(turn.text) : undefined;
        if (reason) {
          if (deps.feedback.addReason) await deps.feedback.addReason({ ...entry, reason }, REASON_WINDOW_MS);
          else await deps.feedback.record({ ...entry, reason });
          return {
            messages: [{ text: 'Dạ, em cảm ơn anh/chị đã cho biết lý do. Em đã ghi nhận để cải thiện câu trả lời. Anh/chị thử hỏi lại theo cách khác, hoặc liên hệ bộ phận một cửa của xã/phường để được hướng dẫn trực tiếp ạ.', suggestedActions: HELP_ACTIONS.slice(0, 3) }],
            outcome: { behavior: 'answer', procedures: [], tags: ['smalltalk', 'feedback:down', `feedback-reason:${reason}`] },
          };
        }
        await deps.feedback.record(entry);
        if (r === 'down') {
          return {
            messages: [{ text: 'Dạ, em xin lỗi vì câu trả lời chưa tốt. Anh/chị cho em biết vì sao để em cải thiện nhé (không bắt buộc ạ).', suggestedActions: FEEDBACK_REASON_ACTIONS }],
            outcome: { behavior: 'answer', procedures: [], tags: ['smalltalk', 'feedback:down'] },
          };
        }
        const text = 'Dạ, em cảm ơn anh/chị đã đánh giá! Anh/chị cần hỏi thêm gì cứ nhắn em ạ.';
        return { messages: [{ text, suggestedActions: HELP_ACTIONS.slice(0, 3) }], outcome: { behavior: 'answer', procedures: [], tags: ['smalltalk', `feedback:${r}`] } };
      }
      const f = fold(turn.text);
      if (onlyOf(f, HELP) || f === 'help') {
        return {
          messages: [{ text: 'Dạ, anh/chị có thể hỏi em về bất kỳ thủ tục hành chính nào. Dưới đây là một số thủ tục thường gặp, anh/chị chọn hoặc gõ câu hỏi của mình ạ.', suggestedActions: HELP_ACTIONS }],
          outcome: { behavior: 'answer', procedures: [], tags: ['smalltalk', 'help'] },
        };
      }
      if (onlyOf(f, GREETINGS)) {
        return {
          messages: [{ text: 'Dạ, em chào anh/chị! Anh/chị cần hỏi về thủ tục hành chính nào ạ? Anh/chị chọn một thủ tục thường gặp hoặc gõ câu hỏi bên dưới.', suggestedActions: HELP_ACTIONS }],
          outcome: { behavior: 'answer', procedures: [], tags: ['smalltalk', 'greeting'] },
        };
      }
      if (onlyOf(f, THANKS)) {
        return {
          messages: [{ text: 'Dạ, không có gì ạ! Chúc anh/chị làm thủ tục thuận lợi. Nếu câu trả lời hữu ích, anh/chị gửi 👍 giúp em nhé.' }],
          outcome: { behavior: 'answer', procedures: [], tags: ['smalltalk', 'thanks'] },
        };
      }
      if (turn.understanding?.intent === 'greeting') {
        // Small talk in other words ("bạn là ai", "ok hiểu rồi", "test"): who the bot is and what to ask.
        return {
          messages: [
            {
              text: 'Dạ, em là trợ lý hướng dẫn thủ tục hành chính: em cho biết hồ sơ, nơi nộp, lệ phí, thời gian của các thủ tục, giúp điền tờ khai và kết nối luật sư tình nguyện khi cần. Anh/chị cần hỏi gì ạ?',
              suggestedActions: HELP_ACTIONS.slice(0, 3),
            },
          ],
          outcome: { behavior: 'clarify', procedures: [], tags: ['smalltalk', 'other'] },
        };
      }
      return next();
    },
  };
}
