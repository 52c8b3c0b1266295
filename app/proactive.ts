import type { ConversationAddress, DeliveryReport, OutgoingMessage, ProactiveSendOptions, ProactiveSender } from '../bot/index.js';
import { AppError } from '../knowledge/index.js';

/**
 * The process's one registry `channelId -> ProactiveSender`. Channels hand the composition
 * root their senders (`ChannelParts.proactive`); skills (handoff, forms) and the lawyer
 * system send through it, and it routes each message by `address.channelId`.
 */
export class ProactiveRegistry implements ProactiveSender {
  private readonly senders = new Map<string, ProactiveSender>();

  register(channelId: string, sender: ProactiveSender): void {
    this.senders.set(channelId, sender);
  }

  get(channelId: string): ProactiveSender | undefined {
    return this.senders.get(channelId);
  }

  /** The channel ids that have a sender. */
  channels(): string[] {
    return [...this.senders.keys()];
  }

  /** Routes to the channel's sender with the options, and returns its delivery report (if it gives one). */
  async send(address: ConversationAddress, messages: OutgoingMessage[], options?: ProactiveSendOptions): Promise<void | DeliveryReport> {
    const sender = this.senders.get(address.channelId);
    if (!sender) throw new AppError('unavailable:proactive_channel', `No proactive sender registered for channel "${address.channelId}"`);
    return sender.send(address, messages, options);
  }
}
