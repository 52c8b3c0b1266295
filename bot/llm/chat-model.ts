import { SimpleChatModel, type BaseChatModelParams } from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';
import { AppError } from '../../knowledge/index.js';

export interface OpenAICompatibleChatModelParams extends BaseChatModelParams {
  /** Base URL of the server, e.g. `http://llm.local:8000/v1`. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  temperature?: number;
  /** Injected fetch (tests); default: the global one. */
  fetch?: typeof fetch;
}

const ROLE: Record<string, string> = { system: 'system', human: 'user', ai: 'assistant', generic: 'user' };

/**
 * LangChain chat model over any OpenAI-compatible `/chat/completions` endpoint (an
 * on-premises server). A small implementation over fetch, so the product depends on
 * `@langchain/core` only.
 */
export class OpenAICompatibleChatModel extends SimpleChatModel {
  private readonly params: OpenAICompatibleChatModelParams;

  constructor(params: OpenAICompatibleChatModelParams) {
    super(params);
    this.params = params;
  }

  _llmType(): string {
    return 'openai-compatible';
  }

  async _call(messages: BaseMessage[], options: this['ParsedCallOptions']): Promise<string> {
    const doFetch = this.params.fetch ?? fetch;
    const url = `${this.params.baseUrl.replace(/\/+$/, '')}/chat/completions`;
    const body = {
      model: this.params.model,
      temperature: this.params.temperature ?? 0.2,
      messages: messages.map((m) => ({ role: ROLE[m.getType()] ?? 'user', content: typeof m.content === 'string' ? m.content : JSON.stringify(m.content) })),
    };
    let res: Response;
    try {
      res = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.params.apiKey ? { authorization: `Bearer ${this.params.apiKey}` } : {}) },
        body: JSON.stringify(body),
        signal: options.signal,
      });
    } catch (err) {
      throw new AppError('unavailable:llm', `LLM request to ${url} failed: ${(err as Error).message}`, { cause: err });
    }
    if (!res.ok) throw new AppError('unavailable:llm', `LLM server at ${url} answered HTTP ${res.status}`);
    const json = (await res.json()) as { choices?: Array<{ message?: { content?: unknown } }> };
    const content = json.choices?.[0]?.message?.content;
    if (typeof content !== 'string') throw new AppError('unavailable:llm', `LLM server at ${url} returned no message content`);
    return content;
  }
}
