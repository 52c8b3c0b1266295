import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { portalUrl } from '../../knowledge/index.js';
import { checkGrounding } from '../grounding.js';
import type { BotLogger } from '../ports/index.js';
import { OpenAICompatibleChatModel } from './chat-model.js';
import type { AnswerRephraser } from './rephraser.js';

export { OpenAICompatibleChatModel, type OpenAICompatibleChatModelParams } from './chat-model.js';
export type { AnswerRephraser } from './rephraser.js';

export interface LlmRephraserOptions {
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
  logger: BotLogger;
  /** Any LangChain chat model (tests pass a fake); default: the OpenAI-compatible client. */
  chatModel?: BaseChatModel;
  fetch?: typeof fetch;
}

const SYSTEM_PROMPT = [
  'Bạn là trợ lý hướng dẫn thủ tục hành chính, trả lời bằng tiếng Việt có dấu, lịch sự, ngắn gọn, xưng "em", gọi người dân là "anh/chị".',
  'Viết lại CÂU TRẢ LỜI MẪU cho tự nhiên hơn và sát với câu hỏi. Quy tắc bắt buộc:',
  '- Chỉ dùng thông tin có trong câu trả lời mẫu; không thêm số tiền, thời hạn, con số, giấy tờ hay thủ tục nào khác.',
  '- Giữ nguyên mọi con số, mọi đoạn trong ngoặc kép “…”, mọi đường link và dòng "Nguồn:".',
  '- Không tư vấn pháp luật. Không quá 900 ký tự.',
].join('\n');

/**
 * Optional LLM rephrasing (off unless `config.llm` is set). The model's text is used
 * only if it passes the grounding check against the cited records and keeps the
 * citation; on error, timeout or failed check the caller keeps the template answer.
 */
export function createLlmRephraser(options: LlmRephraserOptions): AnswerRephraser {
  const model =
    options.chatModel ??
    new OpenAICompatibleChatModel({ baseUrl: options.baseUrl, model: options.model, apiKey: options.apiKey, fetch: options.fetch, maxRetries: 0 });
  return {
    async rephrase({ question, answer, procedures }) {
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort();
          reject(new Error(`LLM timed out after ${options.timeoutMs} ms`));
        }, options.timeoutMs);
      });
      try {
        const call = model.invoke([new SystemMessage(SYSTEM_PROMPT), new HumanMessage(`Câu hỏi: ${question}\n\nCÂU TRẢ LỜI MẪU:\n${answer}`)], {
          signal: controller.signal,
        });
        call.catch(() => undefined);
        const reply = await Promise.race([call, timeout]);
        const text = (typeof reply.content === 'string' ? reply.content : '').trim();
        if (!text || text.length > Math.max(1200, answer.length * 1.5)) return undefined;
        if (!procedures.some((p) => text.includes(portalUrl(p.code)))) {
          options.logger.warn({ reason: 'citation dropped' }, 'llm answer rejected');
          return undefined;
        }
        const grounding = checkGrounding(text, procedures);
        if (!grounding.ok) {
          options.logger.warn({ violations: grounding.violations }, 'llm answer rejected: not grounded');
          return undefined;
        }
        return text;
      } catch (err) {
        options.logger.warn({ err }, 'llm rephrasing failed, using the template answer');
        return undefined;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
