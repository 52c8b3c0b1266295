import type { BaseMessage } from '@langchain/core/messages';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { AppError, portalUrl } from '../../knowledge/index.js';
import { checkGrounding } from '../grounding.js';
import type { AnswerRephraser, BotLogger } from '../ports/index.js';

export type { AnswerRephraser } from '../ports/index.js';

/** The subset of `Config.llm` (app/config.ts) the rephraser needs. */
export interface LlmServerSettings {
  /** Base URL of an OpenAI-compatible server, e.g. `http://llm.local:8000/v1`. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** The whole rephrasing, from request to checked text; past it the template answer stays. */
  timeoutMs: number;
}

/** What the rephraser needs of a chat model: LangChain's `invoke` (any chat model has it). */
export interface RephraserChatModel {
  invoke(messages: BaseMessage[], options: { signal: AbortSignal }): Promise<{ content: unknown }>;
}

export interface RephraserOptions {
  chatModel: RephraserChatModel;
  timeoutMs: number;
  logger: BotLogger;
}

const SYSTEM_PROMPT = [
  'Bạn là trợ lý hướng dẫn thủ tục hành chính, trả lời bằng tiếng Việt có dấu, lịch sự, ngắn gọn, xưng "em", gọi người dân là "anh/chị".',
  'Viết lại CÂU TRẢ LỜI MẪU cho tự nhiên hơn và sát với câu hỏi. Quy tắc bắt buộc:',
  '- Chỉ dùng thông tin có trong câu trả lời mẫu; không thêm số tiền, thời hạn, con số, giấy tờ hay thủ tục nào khác.',
  '- Giữ nguyên mọi con số, mọi đoạn trong ngoặc kép “…”, mọi đường link và dòng "Nguồn:".',
  '- Không tư vấn pháp luật. Không quá 900 ký tự.',
].join('\n');

/**
 * Optional LLM rephrasing (off unless `config.llm` is set): the on-premises model server
 * through LangChain's OpenAI integration, imported on the first answer.
 */
export function createLlmRephraser(options: LlmServerSettings & { logger: BotLogger }): AnswerRephraser {
  const settings: LlmServerSettings = { baseUrl: options.baseUrl, model: options.model, apiKey: options.apiKey, timeoutMs: options.timeoutMs };
  const url = `${settings.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  let model: Promise<RephraserChatModel> | undefined;
  const chatModel: RephraserChatModel = {
    async invoke(messages, callOptions) {
      model ??= import('./server-chat-model.js').then(({ createServerChatModel }) => createServerChatModel(settings));
      try {
        return await (await model).invoke(messages, callOptions);
      } catch (err) {
        const status = typeof err === 'object' && err !== null && 'status' in err ? err.status : undefined;
        const message = err instanceof Error ? err.message : String(err);
        throw new AppError(
          'unavailable:llm',
          typeof status === 'number' ? `LLM server at ${url} answered HTTP ${status}` : `LLM request to ${url} failed: ${message}`,
          { cause: err },
        );
      }
    },
  };
  return createRephraser({ chatModel, timeoutMs: settings.timeoutMs, logger: options.logger });
}

/**
 * Rephrasing with a given chat model. The model's text is used only if it passes the
 * grounding check against the cited records and keeps the citation; on error, timeout or
 * failed check the caller keeps the template answer.
 */
export function createRephraser(options: RephraserOptions): AnswerRephraser {
  const model = options.chatModel;
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
