import type { BotLogger } from '../ports/index.js';
import type { Skill, Turn } from '../types.js';
import { extractFacts } from './extract.js';
import type { SessionSealer } from './session-slot.js';
import { findStatements } from './statements.js';

/**
 * The citizen's recent messages that carry details (a name, a date, "tôi là mẹ cháu"), kept
 * so that a form started a few messages later is filled from them instead of asking again.
 *
 * Personal-data rules, all enforced here:
 * - only what the citizen typed to us in this conversation, at most {@link RECENT_LIMIT}
 *   messages and {@link RECENT_MAX_AGE_MS} old (older ones are dropped on every read and write);
 * - sealed in conversation state with the form session's sealer, bound to the conversation
 *   (so it lives no longer than conversation state does, and cannot be replayed elsewhere);
 * - read once, by the form that starts next, then cleared ("used only for this form"); also
 *   cleared when a form ends or is cancelled and on "Xoá dữ liệu của tôi";
 * - never logged: failures log the conversation id, never the text.
 * Values read from it enter the form session only; they reach the profile store only through
 * the form's own consent question, like anything else typed during the form.
 */

/** At most this many messages are kept. */
export const RECENT_LIMIT = 6;
/** Messages older than this (ms) are forgotten. */
export const RECENT_MAX_AGE_MS = 30 * 60 * 1000;

/** The conversation-state key; `ConversationData` has no field for it, so it is reached by name. */
const KEY = 'formRecent';
const AAD = 'form-recent';

interface Entry {
  /** ISO time the message arrived. */
  at: string;
  text: string;
}

export interface RecentMessages {
  /** The kept messages still fresh at `turn.now`, oldest first. */
  read(turn: Turn): string[];
  /** Keeps the message if it carries details (and no form is open). */
  remember(turn: Turn): void;
  /** Forgets everything kept for this conversation. */
  clear(turn: Turn): void;
}

function slotOf(turn: Turn): Record<string, unknown> {
  return turn.conversation as unknown as Record<string, unknown>;
}

/** Forgets the buffer without opening it (the erasure command, which must work even with a lost key). */
export function forgetRecentMessages(turn: Turn): void {
  delete slotOf(turn)[KEY];
}

/** Whether a message gives anything a form could take: facts about a person, or a choice ("tôi là mẹ cháu"). */
export function carriesDetails(text: string, now: Date): boolean {
  return extractFacts(text, { now }).facts.length > 0 || findStatements(text).length > 0;
}

/** Whether something said at `at` (ISO) may still be read: within RECENT_MAX_AGE_MS, and not from the future. */
export function isRecent(at: string, now: Date): boolean {
  const t = Date.parse(at);
  return now.getTime() - t <= RECENT_MAX_AGE_MS && t <= now.getTime() + 60_000;
}

export function createRecentMessages(sealer: SessionSealer, log: BotLogger): RecentMessages {
  const aad = (turn: Turn) => `${AAD}:${turn.conversationId}`;
  const fresh = (entries: Entry[], now: Date) => entries.filter((e) => isRecent(e.at, now)).slice(-RECENT_LIMIT);

  function load(turn: Turn): Entry[] {
    const slot = slotOf(turn)[KEY] as { sealed?: string } | undefined;
    if (!slot?.sealed) return [];
    try {
      const entries = JSON.parse(sealer.open(slot.sealed, aad(turn))) as Entry[];
      return Array.isArray(entries) ? entries : [];
    } catch (err) {
      log.warn({ err, conversationId: turn.conversationId }, 'recent messages unreadable; discarded');
      return [];
    }
  }

  function store(turn: Turn, entries: Entry[]): void {
    if (entries.length === 0) delete slotOf(turn)[KEY];
    else slotOf(turn)[KEY] = { sealed: sealer.seal(JSON.stringify(entries), aad(turn)) };
  }

  return {
    read(turn) {
      const entries = fresh(load(turn), turn.now);
      store(turn, entries);
      return entries.map((e) => e.text);
    },
    remember(turn) {
      if (turn.conversation.form !== undefined || !carriesDetails(turn.text, turn.now)) {
        // Still drop what has expired, so nothing stale stays at rest.
        if (slotOf(turn)[KEY] !== undefined) store(turn, fresh(load(turn), turn.now));
        return;
      }
      store(turn, fresh([...load(turn), { at: turn.now.toISOString(), text: turn.text }], turn.now));
    },
    clear: forgetRecentMessages,
  };
}

/**
 * A skill that sees every message reaching the privacy and form skills (it is ungoverned
 * by the understanding stage's routing) and, after the turn, keeps the message in the
 * buffer when no form took it, or clears the buffer when a form ended or data was erased.
 */
export function createRecentMessagesSkill(recent: RecentMessages): Skill {
  return {
    name: 'form-recall',
    async handle(turn, next) {
      const result = await next();
      const tags = result.outcome.tags ?? [];
      if (tags.includes('privacy:delete') || tags.includes('form:done') || tags.includes('form:cancel')) recent.clear(turn);
      else if (!tags.includes('form')) recent.remember(turn);
      return result;
    },
  };
}
