import type { Behavior } from './cases.js';

/** What a subject did on the last turn of a conversation. */
export interface EvalTurnResult {
  behavior: Behavior;
  /** Ranked procedures the subject considered, best first. */
  procedures: { code: string; name: string; score: number }[];
  /** The text sent for the last turn ('' for retrieval-only subjects). */
  reply: string;
  /** Captions of the buttons offered with the last reply. */
  suggestedActions?: string[];
  /** The procedure the reply answers about, when it answers one. */
  procedureCode?: string;
  legalArea?: string;
  form?: string;
  /** Profile fields the subject would prefill (field key → value). */
  profile?: Record<string, string>;
  /** The filled form by field key: values from the conversation, computed values apart, and the form's id (issue 20). */
  formFields?: Record<string, string>;
  formDerived?: Record<string, string>;
  formCaptured?: string;
  /** The understanding stage's decision on the last turn (bot subject). */
  understanding?: { intent: string; confidence: number; danger: boolean; dangerKind?: string; abstain: boolean; awaiting?: string };
  /** The reply also made the lawyer offer with triage's intake (a legal-information answer to the citizen's own problem). */
  lawyerOffered?: boolean;
  /** Statute articles the subject cited or considered, best first (issue 13). */
  legalArticles?: { document: string; article: string; title: string; url: string }[];
  /** The skills' tags on the last turn's outcome (why a path was taken), for failure analysis. */
  tags?: string[];
  /** Wall time of the last turn, milliseconds. */
  latencyMs: number;
  /** Grounding check of the last reply against the records it cites, when it was an answer (bot subject). */
  grounding?: { ok: boolean; violations: string[] };
}

/**
 * Anything the eval runner can measure: the product's conversation entry point
 * (`evals/subjects/bot-subject.ts`, owned by bot-core) or the retriever alone.
 * Every call is a fresh conversation.
 */
export interface EvalSubject {
  readonly name: string;
  runConversation(turns: string[]): Promise<EvalTurnResult>;
  close?(): Promise<void>;
}

export interface SubjectContext {
  /** DATA_DIR for indexes (and the bot's state). */
  dataDir: string;
}

/** A subject module: `evals/subjects/<name>-subject.ts` exporting `createSubject`. */
export type SubjectFactory = (ctx: SubjectContext) => Promise<EvalSubject>;
