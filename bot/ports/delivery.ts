import type { ConversationAddress, OutgoingMessage } from '../types.js';

/**
 * Where an outgoing message stands. `pending`: queued or being retried; `delivered`: the
 * channel's service accepted it; `expired`: the time to deliver ran out (e.g. Zalo's 7-day
 * window closed); `undeliverable`: the channel refuses it for good (`reason` says why).
 */
export interface DeliveryReport {
  state: 'pending' | 'delivered' | 'expired' | 'undeliverable';
  reason?: string;
  detail?: string;
}

export interface ProactiveSendOptions {
  /** Wait up to this long for a final state before answering `pending` (default: answer once queued). */
  waitMs?: number;
  /** Stored with the message so `deliveryStatus(tag)` can report it later (e.g. `handoff:<entry id>`). */
  tag?: string;
  /** Give up (expired) if not delivered by then (epoch ms); the channel's default otherwise. */
  deliverBy?: number;
}

/**
 * Port the bot uses to push messages outside a turn (e.g. a lawyer's reply). Channels with a
 * queue (Zalo) return a `DeliveryReport` and answer `deliveryStatus`; a channel that returns
 * nothing delivered synchronously (throws when it could not).
 */
export interface ProactiveSender {
  send(address: ConversationAddress, messages: OutgoingMessage[], options?: ProactiveSendOptions): Promise<void | DeliveryReport>;
  /** Current state of the messages sent with `tag`, if this channel tracks them (read from its queue). */
  deliveryStatus?(tag: string): Promise<DeliveryReport | undefined>;
}

