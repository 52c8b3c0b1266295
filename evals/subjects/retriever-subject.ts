import type { Confidence, ProcedureRetriever, SearchResult } from '../../retrieval/index.js';
import type { Behavior } from '../cases.js';
import type { EvalSubject, EvalTurnResult, SubjectContext } from '../subject.js';

/**
 * Provisional behaviour of a retrieval-only assistant: answer when sure, ask when
 * several procedures fit, refuse when nothing does. The bot (issue 4) replaces this
 * with its own decision; the mapping stays useful as the retriever's own baseline.
 */
export function behaviorFromConfidence(confidence: Confidence): Behavior {
  return confidence === 'exact' || confidence === 'high' ? 'answer' : confidence === 'ambiguous' ? 'clarify' : 'refuse';
}

/** Searches the conversation with the retriever alone; behaviour from its confidence. */
export class RetrieverSubject implements EvalSubject {
  readonly name = 'retriever';

  constructor(private readonly retriever: ProcedureRetriever) {}

  async runConversation(turns: string[]): Promise<EvalTurnResult> {
    const started = performance.now();
    const last = turns[turns.length - 1]!;
    // Follow-ups ("thế lệ phí bao nhiêu?") carry no topic of their own: a retriever-only
    // subject keeps the topic by searching the whole conversation.
    const query = turns.length > 1 ? turns.join('. ') : last;
    const result: SearchResult = await this.retriever.search(query, { limit: 10 });
    return {
      behavior: behaviorFromConfidence(result.confidence),
      procedures: result.hits.map((h) => ({ code: h.code, name: h.name, score: h.score })),
      reply: '',
      latencyMs: performance.now() - started,
    };
  }
}

export async function createSubject(ctx: SubjectContext): Promise<EvalSubject> {
  const { loadCatalogue } = await import('../../knowledge/index.js');
  const { openRetrieval } = await import('../../retrieval/index.js');
  const catalogue = await loadCatalogue();
  const { retriever } = await openRetrieval({ catalogue, dataDir: ctx.dataDir });
  return new RetrieverSubject(retriever);
}
