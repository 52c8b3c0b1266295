import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Assistant } from '../../app/assistant.js';
import type { Procedure } from '../../knowledge/index.js';
import type { ProcedureRetriever } from '../../retrieval/index.js';
import { RecordingFormProgress } from '../form-progress.js';
import type { EvalSubject, EvalTurnResult, SubjectContext } from '../subject.js';

/** The grounding verdict of the last reply, when it was an answer citing records. */
export interface GroundingVerdict {
  ok: boolean;
  violations: string[];
  /** Codes of the records the reply cites. */
  cited: string[];
}

export type BotEvalTurnResult = EvalTurnResult & {
  grounding?: GroundingVerdict;
  /** Time of the last turn spent inside `retriever.search` (ms), to separate bot logic from retrieval. */
  retrievalMs?: number;
};

/**
 * The product itself as an eval subject: every conversation runs through the real bot
 * (same skills, same retriever, same SQLite state store) via the in-process test
 * adapter, and the result is the bot's own recorded decision. Answers are also checked
 * for grounding against the records they cite.
 */
export class BotSubject implements EvalSubject {
  readonly name = 'bot';
  private seq = 0;

  constructor(
    private readonly assistant: Assistant,
    private readonly onClose?: () => Promise<void>,
    /** Accumulates search time of the current turn (set by `createSubject`'s timing wrapper). */
    private readonly searchMs: { value: number } = { value: 0 },
    /** What the form skill reported filling, per conversation. */
    private readonly formProgress?: RecordingFormProgress,
  ) {}

  async runConversation(turns: string[]): Promise<BotEvalTurnResult> {
    const { checkGrounding } = await import('../../bot/index.js');
    const chat = this.assistant.createLocalAdapter({ channelId: 'eval', conversationId: `eval-${++this.seq}`, userId: `eval-user-${this.seq}` });
    let reply = await chat.send(turns[0]!);
    for (const t of turns.slice(1)) {
      this.searchMs.value = 0;
      reply = await chat.send(t);
    }
    const retrievalMs = this.searchMs.value;
    this.searchMs.value = 0;
    // The bot's own measure of the last turn (bot logic, no channel), from its turn log.
    const latencyMs = lastLatency(this.assistant, chat.conversationId) ?? 0;
    const outcome = reply.result?.outcome;
    const result: BotEvalTurnResult = {
      behavior: outcome?.behavior ?? 'refuse',
      procedures: (outcome?.procedures ?? []).map((p) => ({ code: p.code, name: p.name, score: p.score })),
      reply: reply.text,
      suggestedActions: reply.suggestedActions,
      legalArea: outcome?.legalArea,
      procedureCode: outcome?.procedureCode,
      understanding: outcome?.understanding,
      legalArticles: outcome?.legalArticles,
      ...(outcome?.tags?.length ? { tags: outcome.tags } : {}),
      ...(outcome?.tags?.includes('lawyer-offered') ? { lawyerOffered: true } : {}),
      form: outcome?.form,
      profile: this.formProgress?.capturedProfile({ channelId: 'eval', conversationId: chat.conversationId }),
      latencyMs,
      retrievalMs,
    };
    const filled = this.formProgress?.capturedForm({ channelId: 'eval', conversationId: chat.conversationId });
    if (filled) Object.assign(result, { formFields: filled.fields, formDerived: filled.derived, formCaptured: filled.form });
    // Statute grounding applies to quoted articles (the legal-info skill), not to the reviewed
    // where-it-goes table of matters outside the catalogue.
    if (outcome?.behavior === 'legal_info' && outcome.tags?.includes('legal-info')) {
      const { checkLegalGrounding } = await import('../../bot/legal-info/index.js');
      const cited = (outcome.legalArticles ?? []).map((a) => this.assistant.articles?.articles.find((x) => x.document === a.document && x.article === a.article)).filter((a) => a !== undefined);
      // The article's own message when another skill's text follows it (TurnOutcome.legalAnswerText).
      const g = checkLegalGrounding(outcome.legalAnswerText ?? reply.text, cited);
      result.grounding = { ok: g.ok, violations: g.violations.map((v) => `${v.kind}: ${v.text}`), cited: cited.map((a) => a.id) };
    }
    if (outcome?.behavior === 'answer') {
      const codes = [...new Set([...reply.text.matchAll(/\b\d\.\d{6}\b/g)].map((m) => m[0]))];
      const cited = codes.map((c) => this.assistant.catalogue.get(c)).filter((p): p is Procedure => !!p);
      if (cited.length > 0) {
        const g = checkGrounding(reply.text, cited);
        result.grounding = { ok: g.ok, violations: g.violations.map((v) => `${v.kind}: ${v.text}`), cited: cited.map((p) => p.code) };
      }
    }
    return result;
  }

  async close(): Promise<void> {
    await this.assistant.close();
    await this.onClose?.();
  }
}

const latencies = new WeakMap<Assistant, Map<string, number>>();

function lastLatency(assistant: Assistant, conversationId: string): number | undefined {
  return latencies.get(assistant)?.get(conversationId);
}

/** `inner`, adding the time each search takes to `searchMs.value` (the caller resets it). */
export function timedRetriever(inner: ProcedureRetriever): { retriever: ProcedureRetriever; searchMs: { value: number } } {
  const searchMs = { value: 0 };
  const retriever: ProcedureRetriever = {
    async search(query, options) {
      const t0 = performance.now();
      try {
        return await inner.search(query, options);
      } finally {
        searchMs.value += performance.now() - t0;
      }
    },
  };
  return { retriever, searchMs };
}

/**
 * The runner's factory. Indexes come from `ctx.dataDir` (built when missing); the bot's
 * conversation state goes to a throw-away database so evals never touch real state.
 */
export async function createSubject(ctx: SubjectContext): Promise<EvalSubject> {
  const { createAssistant } = await import('../../app/assistant.js');
  const { loadConfig } = await import('../../app/config.js');
  const { silentLogger } = await import('../../bot/index.js');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tthc-eval-'));
  const config = loadConfig({ ...process.env, DATA_DIR: ctx.dataDir, LLM_BASE_URL: '', LLM_MODEL: '' });
  const { loadCatalogue } = await import('../../knowledge/index.js');
  const { openRetrieval, embeddingsFromConfig } = await import('../../retrieval/index.js');
  const catalogue = await loadCatalogue();
  const { retriever: inner } = await openRetrieval({ catalogue, dataDir: ctx.dataDir, embeddings: embeddingsFromConfig(config.embeddings) });
  // Time spent in retrieval per turn, so the report can separate bot logic from search.
  const { retriever, searchMs } = timedRetriever(inner);
  const formProgress = new RecordingFormProgress();
  const assistant = await createAssistant({
    config,
    logger: silentLogger,
    catalogue,
    retriever,
    databaseFile: path.join(tmp, 'eval.sqlite'),
    formProgress,
  });
  // Record the bot's own per-turn latency (bot logic, no channel) from its turn log.
  const byConversation = new Map<string, number>();
  latencies.set(assistant, byConversation);
  const record = assistant.turnLog.record.bind(assistant.turnLog);
  assistant.turnLog.record = async (entry) => {
    byConversation.set(entry.conversationId, entry.latencyMs);
    await record(entry);
  };
  return new BotSubject(assistant, async () => fs.rmSync(tmp, { recursive: true, force: true }), searchMs, formProgress);
}
