import { fold } from '../../knowledge/text/index.js';
import type { Skill, Turn, TurnResult } from '../types.js';
import type { HandoffService } from './handoff-service.js';

const END_COMMANDS = new Set([
  'ket thuc',
  'ket thuc tu van',
  'ket thuc tro chuyen',
  'quay lai tro ly',
  'quay ve tro ly',
  'tro ve tro ly',
  'gap tro ly',
  'thoat',
  'thoat tu van',
]);

/** Whether the citizen's message asks to leave the live chat with the lawyer. */
export function isEndCommand(text: string): boolean {
  return END_COMMANDS.has(fold(text));
}

/**
 * First skill after sanitising: while a case is live in this conversation the citizen talks to
 * the lawyer, so the bot relays the message to the case transcript and stays quiet, except for
 * the commands that end the live chat and give the conversation back to the bot.
 */
export function createHandoffSkill(service: HandoffService): Skill {
  return {
    name: 'handoff',
    async handle(turn: Turn, next): Promise<TurnResult> {
      const live = await service.liveCaseFor(turn.channelId, turn.conversationId);
      if (!live) {
        const result = await next();
        const announcement = await service.takeAnnouncement(turn.channelId, turn.conversationId);
        return announcement ? { ...result, messages: [...result.messages, announcement] } : result;
      }
      if (isEndCommand(turn.text)) {
        await service.endByCitizen(live.id);
        return {
          messages: [
            {
              text:
                `Dạ, em đã kết thúc cuộc trò chuyện với luật sư (hồ sơ **${live.id}**). ` +
                `Anh/chị có thể tiếp tục hỏi em về thủ tục hành chính ạ.`,
            },
          ],
          outcome: { behavior: 'escalate', procedures: [], legalArea: live.legalArea, tags: ['handoff', 'handoff-end'] },
        };
      }
      const text = turn.text.trim() || (turn.value !== undefined ? JSON.stringify(turn.value) : '');
      if (text) await service.citizenMessage(live.id, text);
      if (turn.understanding?.danger) {
        // Danger now: the lawyer sees the message, and the citizen gets the emergency numbers at once.
        const r = await next();
        return { ...r, outcome: { ...r.outcome, legalArea: live.legalArea, tags: [...(r.outcome.tags ?? []), 'handoff', 'handoff-relay'] } };
      }
      return {
        messages: [],
        outcome: { behavior: 'escalate', procedures: [], legalArea: live.legalArea, tags: ['handoff', 'handoff-relay'] },
      };
    },
  };
}
