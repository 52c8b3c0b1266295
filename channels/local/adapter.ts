import { Activity, ActivityTypes, type ConversationReference } from '@microsoft/agents-activity';
import { BaseAdapter, TurnContext } from '@microsoft/agents-hosting';
import type { JwtPayload } from 'jsonwebtoken';
import { CAPABILITIES_KEY, SERVICE_POINT_KEY, TURN_RESULT_KEY, type ChannelCapabilities, type TurnResult } from '../../bot/index.js';

/** Anything that runs a turn: our `TthcBot` or any `ActivityHandler`. */
export interface TurnRunner {
  run(context: TurnContext): Promise<void>;
}

export interface LocalAdapterOptions {
  /** The channel the turns claim to come from (`terminal`, `eval`, `webchat`); default `local`. */
  channelId?: string;
  conversationId?: string;
  userId?: string;
  capabilities?: Partial<ChannelCapabilities>;
  servicePoint?: string;
}

export interface TurnReply {
  /** Activities the bot sent in this turn, in order. */
  activities: Activity[];
  /** Texts of the message activities, in order. */
  texts: string[];
  /** All texts joined with a blank line. */
  text: string;
  /** Suggested-action values of the last message that had any. */
  suggestedActions: string[];
  /** The bot's own decision for the turn (absent for non-message activities). */
  result?: TurnResult;
}

type ResourceResponse = Awaited<ReturnType<BaseAdapter['sendActivities']>>[number];

let seq = 0;

/**
 * The in-process channel: an adapter over the SDK's `BaseAdapter` that runs one turn at a
 * time and returns what the bot sent back, with the turn's `TurnResult`. `npm run ask`,
 * the demo data generator, the eval subject and tests talk to the bot through it; like
 * every adapter it declares its capabilities on the turn. No HTTP, no auth.
 */
export class LocalAdapter extends BaseAdapter {
  readonly channelId: string;
  conversationId: string;
  readonly userId: string;
  capabilities?: Partial<ChannelCapabilities>;
  servicePoint?: string;
  /** Every activity the bot sent through this adapter. */
  readonly sent: Activity[] = [];
  private buffer: Activity[] = [];

  constructor(
    private readonly bot: TurnRunner,
    options: LocalAdapterOptions = {},
  ) {
    super();
    this.channelId = options.channelId ?? 'local';
    this.conversationId = options.conversationId ?? `conv-${++seq}`;
    this.userId = options.userId ?? `user-${seq}`;
    this.capabilities = options.capabilities;
    this.servicePoint = options.servicePoint;
  }

  private base(type: string): Record<string, unknown> {
    return {
      type,
      id: `in-${++seq}`,
      channelId: this.channelId,
      serviceUrl: 'http://localhost/local',
      conversation: { id: this.conversationId },
      from: { id: this.userId, name: 'Người dùng', role: 'user' },
      recipient: { id: 'tthc-bot', name: 'Trợ lý TTHC', role: 'bot' },
      timestamp: new Date().toISOString(),
      locale: 'vi-VN',
    };
  }

  /** Sends one user message (text, or a partial activity merged over the defaults). */
  async send(input: string | Record<string, unknown>): Promise<TurnReply> {
    const extra = typeof input === 'string' ? { text: input } : input;
    return this.processActivity(Activity.fromObject({ ...this.base(ActivityTypes.Message), ...extra }));
  }

  /** Simulates the user joining the conversation (Web Chat's first conversationUpdate). */
  async join(): Promise<TurnReply> {
    const a = Activity.fromObject({
      ...this.base(ActivityTypes.ConversationUpdate),
      membersAdded: [{ id: this.userId, name: 'Người dùng' }, { id: 'tthc-bot', name: 'Trợ lý TTHC' }],
    });
    return this.processActivity(a);
  }

  /** Runs any incoming activity through the bot and returns what it sent back. */
  async processActivity(activity: Activity): Promise<TurnReply> {
    this.buffer = [];
    const context = new TurnContext(this, activity);
    if (this.capabilities) context.turnState.set(CAPABILITIES_KEY, this.capabilities);
    if (this.servicePoint) context.turnState.set(SERVICE_POINT_KEY, this.servicePoint);
    let result: TurnResult | undefined;
    await this.runMiddleware(context, async (ctx) => {
      await this.bot.run(ctx);
      result = ctx.turnState.get(TURN_RESULT_KEY) as TurnResult | undefined;
    });
    const activities = this.buffer;
    const texts = activities.filter((a) => a.type === ActivityTypes.Message).map((a) => a.text ?? '');
    const withActions = [...activities].reverse().find((a) => a.suggestedActions?.actions?.length);
    return {
      activities,
      texts,
      text: texts.join('\n\n'),
      suggestedActions: (withActions?.suggestedActions?.actions ?? []).map((x) => String(x.value)),
      result,
    };
  }

  async sendActivities(_context: TurnContext, activities: Activity[]): Promise<ResourceResponse[]> {
    return activities.map((a) => {
      const copy = Activity.fromObject({ ...a, id: `out-${++seq}` });
      this.buffer.push(copy);
      this.sent.push(copy);
      return { id: copy.id! };
    });
  }

  async updateActivity(): Promise<void> {
    throw new Error('LocalAdapter: updateActivity is not supported');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('LocalAdapter: deleteActivity is not supported');
  }

  async continueConversation(
    _botAppIdOrIdentity: string | JwtPayload,
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const activity = Activity.getContinuationActivity(reference as ConversationReference);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  async uploadAttachment(): Promise<never> {
    throw new Error('LocalAdapter: uploadAttachment is not supported');
  }

  async getAttachmentInfo(): Promise<never> {
    throw new Error('LocalAdapter: getAttachmentInfo is not supported');
  }

  async getAttachment(): Promise<never> {
    throw new Error('LocalAdapter: getAttachment is not supported');
  }
}
