import type { Skill, SuggestedAction, Turn, TurnResult } from '../types.js';
import { HELP_ACTIONS } from './small-talk.js';

/** Per-turn flags the bot computes while sanitising, read by the input guard. */
export interface InputFlags {
  empty: boolean;
  symbolsOnly: boolean;
  truncated: boolean;
  hadInvalidChars: boolean;
}

const FEEDBACK_SYMBOLS = /^(👍|👎)[\u{1F3FB}-\u{1F3FF}]?\s*$/u;

/**
 * First skill of the chain: answers input that no other skill can use (empty, only
 * emoji, undecodable), and tells the citizen when a very long message was cut.
 */
export function createInputGuardSkill(flagsOf: (turn: Turn) => InputFlags): Skill {
  return {
    name: 'input-guard',
    async handle(turn, next): Promise<TurnResult> {
      const flags = flagsOf(turn);
      const buttons: SuggestedAction[] = HELP_ACTIONS.slice(0, 4);
      if (flags.empty && turn.value === undefined) {
        const text = flags.hadInvalidChars
          ? 'Dạ, tin nhắn của anh/chị bị lỗi phông chữ nên em không đọc được. Anh/chị gửi lại giúp em bằng tiếng Việt có dấu hoặc không dấu đều được ạ.'
          : 'Dạ, em chưa nhận được nội dung câu hỏi. Anh/chị cần hỏi thủ tục nào ạ? Ví dụ: "đăng ký khai sinh cần giấy tờ gì".';
        return { messages: [{ text, suggestedActions: buttons }], outcome: { behavior: 'clarify', procedures: [], tags: ['input:empty'] } };
      }
      if (flags.symbolsOnly && !FEEDBACK_SYMBOLS.test(turn.text)) {
        return {
          messages: [{ text: 'Dạ, em chỉ hiểu được câu hỏi bằng chữ. Anh/chị muốn hỏi thủ tục nào ạ? Anh/chị có thể chọn một thủ tục thường gặp bên dưới.', suggestedActions: buttons }],
          outcome: { behavior: 'clarify', procedures: [], tags: ['input:symbols'] },
        };
      }
      const result = await next();
      if (flags.truncated && result.messages.length > 0) {
        const note = 'Dạ, tin nhắn của anh/chị khá dài nên em chỉ đọc phần đầu. Nếu em trả lời chưa đúng ý, anh/chị gửi câu hỏi ngắn gọn hơn giúp em.';
        // The emergency numbers stay the first words of a danger reply: the note goes after them.
        // A clarifying question stays one message with its choices: the note goes in front of it.
        const [first, ...rest] = result.messages;
        const messages =
          result.outcome.behavior === 'urgent'
            ? [...result.messages, { text: note }]
            : result.outcome.behavior === 'clarify'
              ? [{ ...first!, text: `${note}\n${first!.text}` }, ...rest]
              : [{ text: note }, ...result.messages];
        return { ...result, messages, outcome: { ...result.outcome, tags: [...(result.outcome.tags ?? []), 'input:truncated'] } };
      }
      return result;
    },
  };
}
