import { Activity, type ConversationReference } from '@microsoft/agents-activity';
import { BaseAdapter, TurnContext, type ResourceResponse } from '@microsoft/agents-hosting';
import type { JwtPayload } from 'jsonwebtoken';
import { AppError } from '../../knowledge/index.js';
import type { ChannelCapabilities } from '../../bot/index.js';
import type { ZaloEvent } from './events.js';

export const ZALO_CHANNEL_ID = 'zalo';

/**
 * What Zalo can show, declared to the bot through the turn state. A template holds 5 buttons,
 * but at most three are shown at once (the rest behind "Thêm", answered by the channel), so the
 * bot may offer as many choices as on the web.
 */
export const ZALO_CAPABILITIES: ChannelCapabilities = {
  maxMessageLength: 2000,
  maxButtons: 8,
  markdown: false,
  files: true,
  moreActions: true,
};

/** Conversation id for a Zalo user: one conversation per user and OA. */
export function conversationIdFor(userId: string): string {
  return `zalo:${userId}`;
}

/** Zalo user id back from a conversation id made by `conversationIdFor`. */
export function userIdFromConversation(conversationId: string): string | undefined {
  return conversationId.startsWith('zalo:') ? conversationId.slice(5) : undefined;
}

const OUTGOING = Symbol('zalo.outgoing');

export interface ZaloAdapterOptions {
  /** Turn-state key under which the bot reads channel capabilities (exported by bot-core). */
  capabilitiesKey: string | symbol;
  /** Turn-state key where the bot leaves its TurnResult (used to recover file store ids). */
  turnResultKey?: string | symbol;
  /** The OA id (recipient of citizens' messages), when known. */
  oaId?: string;
  /** Receives what the bot sent during a proactive `continueConversation`. */
  deliverProactive?: (userId: string, activities: Activity[]) => Promise<void>;
}

/**
 * Agents SDK adapter for Zalo. It never talks HTTP itself: `runTurn` runs the bot on one
 * Activity and returns what the bot sent, so the channel can enqueue the replies in the same
 * transaction that completes the inbox event (no reply lost or doubled across a crash).
 */
export class ZaloAdapter extends BaseAdapter {
  constructor(private readonly opts: ZaloAdapterOptions) {
    super();
  }

  /**
   * Runs `logic` (usually `bot.run`) on `activity` and returns the activities it sent, plus
   * whatever the bot left in the turn state under `resultKey` (its TurnResult).
   */
  async runTurn(activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<Activity[]> {
    return (await this.runTurnWithState(activity, logic)).sent;
  }

  async runTurnWithState(
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<{ sent: Activity[]; turnResult: unknown }> {
    const context = new TurnContext(this, activity);
    const sent: Activity[] = [];
    context.turnState.set(OUTGOING, sent);
    context.turnState.set(this.opts.capabilitiesKey, ZALO_CAPABILITIES);
    let failure: unknown;
    const previous = this.onTurnError;
    // The SDK's default turn-error handler would send English text to the citizen; surface
    // the error instead so the channel retries and, if final, apologises in Vietnamese.
    this.onTurnError = async (_ctx, err) => {
      failure = err;
    };
    try {
      await this.runMiddleware(context, logic);
    } finally {
      this.onTurnError = previous;
    }
    if (failure) throw failure;
    return { sent, turnResult: this.opts.turnResultKey ? context.turnState.get(this.opts.turnResultKey) : undefined };
  }

  override async sendActivities(context: TurnContext, activities: Activity[]): Promise<ResourceResponse[]> {
    const sent = context.turnState.get(OUTGOING) as Activity[] | undefined;
    if (!sent) throw new AppError('internal:zalo_adapter', 'sendActivities called outside a Zalo turn');
    const out: ResourceResponse[] = [];
    for (const a of activities) {
      if (a.type === 'message') sent.push(a);
      out.push({ id: `${sent.length}` });
    }
    return out;
  }

  override async updateActivity(): Promise<void> {
    throw new AppError('bad_request:zalo_update', 'Zalo cannot edit a sent message');
  }

  override async deleteActivity(): Promise<void> {
    throw new AppError('bad_request:zalo_delete', 'Zalo cannot delete a sent message');
  }

  override async continueConversation(
    _botAppIdOrIdentity: string | JwtPayload,
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const userId = reference.user?.id ?? userIdFromConversation(reference.conversation?.id ?? '');
    if (!userId) throw new AppError('bad_request:zalo_reference', 'Conversation reference has no Zalo user id');
    const activity = Activity.getContinuationActivity({
      channelId: ZALO_CHANNEL_ID,
      serviceUrl: 'zalo://oa',
      conversation: { id: conversationIdFor(userId) },
      user: { id: userId, role: 'user' },
      agent: { id: this.opts.oaId ?? 'oa', role: 'agent' },
      ...reference,
    } as ConversationReference);
    const sent = await this.runTurn(activity, logic);
    if (!this.opts.deliverProactive) throw new AppError('internal:zalo_adapter', 'No proactive delivery configured');
    await this.opts.deliverProactive(userId, sent);
  }

  override uploadAttachment(): Promise<ResourceResponse> {
    throw new AppError('bad_request:zalo_attachment', 'Use the Zalo channel outbox to send files');
  }

  override getAttachmentInfo(): Promise<never> {
    throw new AppError('bad_request:zalo_attachment', 'Zalo attachments are not downloaded');
  }

  override getAttachment(): Promise<never> {
    throw new AppError('bad_request:zalo_attachment', 'Zalo attachments are not downloaded');
  }
}

/**
 * Activity for a Zalo event: channelId `zalo`, from.id = Zalo user id, conversation per user.
 * Text events (including taps on `oa.query.*` buttons, whose payload arrives as text) become
 * messages; follow becomes a conversationUpdate with the user added.
 */
export function activityFromEvent(e: ZaloEvent, userId: string, oaId?: string): Activity {
  const base = {
    channelId: ZALO_CHANNEL_ID,
    serviceUrl: 'zalo://oa',
    from: { id: userId, role: 'user' },
    recipient: { id: oaId ?? e.recipient?.id ?? 'oa', role: 'bot' },
    conversation: { id: conversationIdFor(userId) },
    locale: 'vi-VN',
    timestamp: new Date(Number(e.timestamp) || Date.parse(e.timestamp) || 0).toISOString(),
    channelData: { eventName: e.event_name },
  };
  if (e.event_name === 'follow') {
    return Activity.fromObject({ ...base, type: 'conversationUpdate', membersAdded: [{ id: userId, role: 'user' }] });
  }
  return Activity.fromObject({
    ...base,
    type: 'message',
    id: e.message?.msg_id,
    text: (e.message?.text ?? '').normalize('NFC'),
  });
}
