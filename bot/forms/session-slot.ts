import type { BotLogger } from '../ports/index.js';
import type { Turn } from '../types.js';
import type { FormSession } from './session.js';

/** Seals the session for conversation state (AES-GCM in production). */
export interface SessionSealer {
  seal(plaintext: string, aad?: string): string;
  open(sealed: string, aad?: string): string;
}

/**
 * The form session kept in the conversation-state slot `form`, sealed: conversation state
 * is stored in clear and the session holds personal data. The seal is bound to the
 * conversation, so a session cannot be replayed into another one.
 */
export interface SessionSlot {
  load(turn: Turn): FormSession | undefined;
  /** Stores the session, or clears the slot when `session` is undefined. */
  save(turn: Turn, session: FormSession | undefined): void;
}

const SESSION_AAD = 'form-session';

export function createSessionSlot(sealer: SessionSealer, log: BotLogger): SessionSlot {
  return {
    load(turn) {
      const slot = turn.conversation.form as { sealed?: string } | undefined;
      if (!slot?.sealed) return undefined;
      try {
        return JSON.parse(sealer.open(slot.sealed, `${SESSION_AAD}:${turn.conversationId}`)) as FormSession;
      } catch (err) {
        // A session sealed with a lost key cannot be resumed; start over rather than fail every turn.
        log.warn({ err, conversationId: turn.conversationId }, 'form session unreadable; discarded');
        return undefined;
      }
    },
    save(turn, session) {
      if (!session) {
        delete turn.conversation.form;
        return;
      }
      turn.conversation.form = { sealed: sealer.seal(JSON.stringify(session), `${SESSION_AAD}:${turn.conversationId}`) };
    },
  };
}
