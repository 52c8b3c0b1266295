/**
 * Contracts of the conversation core. Every channel drives the bot through Activities;
 * inside, a turn is handled by an ordered chain of skills (middleware style). Each skill
 * owns one slot of the conversation state and may either answer, or call `next()` to let
 * the skills after it answer (and then decorate that result).
 *
 *   input sanitiser -> handoff -> privacy commands -> form filling -> triage -> small talk
 *     -> officer lookup -> procedure Q&A (answer | clarify | refuse)
 */

import type { Understanding } from './understanding/stage.js';

/** What the bot decided to do in a turn; measured by the eval runner. */
export type Behavior = 'answer' | 'clarify' | 'refuse' | 'escalate' | 'urgent' | 'legal_info';

/** A statute article the bot cited or considered (issue 13), ranked. */
export interface LegalArticleRef {
  document: string;
  article: string;
  title: string;
  url: string;
}

export interface RankedProcedure {
  code: string;
  name: string;
  score: number;
}

export interface SuggestedAction {
  /** Button caption shown to the citizen (Vietnamese, short). */
  title: string;
  /** Text sent back as the citizen's message when tapped. */
  value: string;
}

export interface LinkRef {
  title: string;
  url: string;
}

export interface FileRef {
  name: string;
  contentType: string;
  /** Absolute or server-relative URL; expires, bound to the conversation. */
  url: string;
  /** File store id, so channels that upload (Zalo) can read the bytes. */
  fileId?: string;
}

/** One message the bot sends. Channels render it within their capabilities. */
export interface OutgoingMessage {
  /** Markdown-lite: paragraphs, `-` lists, **bold**, [links](url). */
  text: string;
  suggestedActions?: SuggestedAction[];
  /** Citations and other links (portal page of the procedure). */
  links?: LinkRef[];
  files?: FileRef[];
}

export interface TurnOutcome {
  behavior: Behavior;
  /** Ranked procedures the bot considered (best first). */
  procedures: RankedProcedure[];
  /** The procedure the answer is about, when there is one. */
  procedureCode?: string;
  /** Legal area code from the triage taxonomy (DAT_DAI, ...), when triage ran. */
  legalArea?: string;
  /** Form slug being filled, when form filling ran. */
  form?: string;
  /** Free-form diagnostic tags (e.g. "followup", "officer", "index-only"). */
  tags?: string[];
  /** The understanding stage's decision for this message (issue 12), when the stage ran. */
  understanding?: UnderstandingSummary;
  /** Statute articles for a legal question, best first (issue 13). */
  legalArticles?: LegalArticleRef[];
  /**
   * The part of the reply that speaks for `legalArticles` (the legal-information message) when
   * the reply also carries another skill's text: triage's lawyer offer, consent request or
   * deadline note after an article answering the citizen's own problem. Grounding against the
   * quoted articles applies to this part; triage's text comes from its own reviewed data.
   */
  legalAnswerText?: string;
}

/** What evals, `ask --json` and the turn log see of the understanding decision. */
export interface UnderstandingSummary {
  intent: string;
  confidence: number;
  danger: boolean;
  dangerKind?: string;
  abstain: boolean;
  awaiting?: string;
}

export interface TurnResult {
  messages: OutgoingMessage[];
  outcome: TurnOutcome;
}

/** What a channel can show; the adapter declares it, the bot never branches on channelId. */
export interface ChannelCapabilities {
  /** Maximum characters in one text message (Zalo 2,000). */
  maxMessageLength: number;
  /** Maximum suggested-action buttons shown at once (Zalo 5). */
  maxButtons: number;
  markdown: boolean;
  files: boolean;
  /**
   * The channel answers a "Thêm" postBack itself (without a bot turn) by showing the actions
   * it carries, so at most three actions are shown at once (`bot/activities.ts`).
   */
  moreActions?: boolean;
}

export const DEFAULT_CAPABILITIES: ChannelCapabilities = {
  maxMessageLength: 4000,
  maxButtons: 8,
  markdown: true,
  files: true,
};

/**
 * Per-conversation state. Each skill owns exactly one key and stores only plain JSON.
 * Persisted through the Agents SDK `ConversationState` over our SQLite `Storage`.
 */
export interface ConversationData {
  qa?: Record<string, unknown>;
  form?: Record<string, unknown>;
  triage?: Record<string, unknown>;
  handoff?: Record<string, unknown>;
  officer?: boolean;
  /** Folded values of the buttons offered with the last reply (a tap answers whoever asked). */
  offered?: string[];
  /** The understanding stage's clarifying question, while it waits for a choice. */
  understanding?: Record<string, unknown>;
  /** The last answered turn, for 👍/👎 feedback. */
  lastAnswer?: { question: string; procedureCode?: string; at: string };
  /** Statute articles the legal-info skill quoted to the citizen (latest last, at most 6), for the lawyer's case view. */
  legalCited?: (LegalArticleRef & { at: string })[];
}

/** Per-user state (channel user). Never holds personal data in clear: profiles live in ProfileStore. */
export interface UserData {
  /** Whether the citizen consented to keep a profile for prefill (and when). */
  profileConsent?: { given: boolean; at: string };
  welcomed?: boolean;
}

/** The turn as skills see it: plain data plus the state slots, no SDK or channel types. */
export interface Turn {
  /** Sanitised user text (NFC, no zero-width characters, trimmed, length-capped). */
  text: string;
  /** Raw text as received (after decoding), for extraction that needs it. */
  rawText: string;
  /** Button payload or card value, when the channel carries one. */
  value?: unknown;
  conversationId: string;
  userId: string;
  /** Opaque; used only to route proactive messages back, never to branch behaviour. */
  channelId: string;
  capabilities: ChannelCapabilities;
  now: Date;
  conversation: ConversationData;
  user: UserData;
  /** Ward/commune the citizen is served by, when the channel knows it. */
  servicePoint?: string;
  /** What the message is (intent, danger, confidence), decided before any skill runs. */
  understanding?: Understanding;
}

export type NextSkill = () => Promise<TurnResult>;

export interface Skill {
  readonly name: string;
  handle(turn: Turn, next: NextSkill): Promise<TurnResult>;
}

/** A reference that lets a channel deliver a message later (lawyer replies, files). */
export interface ConversationAddress {
  channelId: string;
  conversationId: string;
  userId: string;
  /** Channel-specific routing data (serialisable). */
  reference: Record<string, unknown>;
}

// Ports the core declares (proactive delivery, files, turn log, erasure) live in `ports/`;
// re-exported here so `bot/index.ts` keeps one type surface.
export type { DeliveryReport, ProactiveSendOptions, ProactiveSender } from './ports/delivery.js';
export type { FileStore } from './ports/files.js';
export type { TurnLogEntry, TurnLog } from './ports/turn-log.js';
export type { DataSubject, PersonalDataEraser } from './ports/erasure.js';
