import { ChatOpenAICompletions } from '@langchain/openai';
import type { LlmServerSettings } from './index.js';

/**
 * The SDK refuses to start without a key; keyless on-premises servers ignore the bearer.
 * Passing one explicitly also keeps an `OPENAI_API_KEY` in the environment from being
 * sent to the model server.
 */
const NO_API_KEY = 'not-configured';

/**
 * LangChain's OpenAI chat model for an on-premises OpenAI-compatible server. Always the
 * `/chat/completions` protocol (`ChatOpenAI` switches some model names to the Responses
 * API, which such servers do not offer). Loaded only by `createLlmRephraser` through a
 * dynamic import, so a deployment without `LLM_BASE_URL` never loads the integration.
 */
export function createServerChatModel(settings: LlmServerSettings): ChatOpenAICompletions {
  return new ChatOpenAICompletions({
    model: settings.model,
    apiKey: settings.apiKey ?? NO_API_KEY,
    configuration: { baseURL: settings.baseUrl, organization: null, project: null },
    temperature: 0.2,
    timeout: settings.timeoutMs,
    // The rephraser is best-effort inside a citizen's wait: the template answer is the retry.
    maxRetries: 0,
  });
}
