import crypto from 'node:crypto';
import { Activity, ActivityTypes, type ConversationReference } from '@microsoft/agents-activity';
import { BaseAdapter, TurnContext } from '@microsoft/agents-hosting';
import type { AttachmentData, AttachmentInfo, ResourceResponse } from '@microsoft/agents-hosting';
import type { Logger } from 'pino';
import { CAPABILITIES_KEY, readMoreActions, toActivities } from '../../bot/index.js';
import type { ChannelCapabilities, ConversationAddress, DeliveryReport, OutgoingMessage, ProactiveSendOptions, ProactiveSender } from '../../bot/index.js';
import type { ActivityLease, DirectLineStore, EventBus, StoredActivity } from '../../bot/ports/index.js';
import { AppError, isAppError } from '../../knowledge/index.js';

/** What the adapter runs for each turn: an Agents SDK `ActivityHandler` or anything with `run`. */
export interface ActivityBot {
  run(context: TurnContext): Promise<void>;
}

/** Channel id this adapter stamps on activities; `webchat` is accepted as an alias for proactive sends. */
export const DIRECTLINE_CHANNEL_ID = 'directline';

/** What Microsoft's Web Chat can show. */
export const WEBCHAT_CAPABILITIES: ChannelCapabilities = {
  maxMessageLength: 6000,
  maxButtons: 8,
  markdown: true,
  files: true,
  moreActions: true,
};

/** Text above the actions a "Thêm" button reveals. */
const MORE_ACTIONS_TEXT = 'Dạ, anh/chị chọn thêm:';

/** Events the Direct Line endpoint (WebSocket hub) listens to. */
export interface DirectLineListener {
  /** A persisted activity: delivered with its watermark; true when an open client stream took it. */
  activity(conversationId: string, stored: StoredActivity): boolean | void;
  /** An ephemeral activity (typing): delivered, never stored. */
  ephemeral(conversationId: string, json: string): void;
}

/** The EventBus topic of a conversation's activities: `conversation:<id>`. */
export const conversationTopic = (conversationId: string) => `conversation:${conversationId}`;

/**
 * What is published on `conversation:<id>` (ids only): `activity` when activities up to
 * `seq` are stored (subscribers read them from the store), `typing` when the bot starts a
 * turn, `received` when a client there was given the activities up to `seq` from the store
 * (a stream's read or a poll: what a tagged proactive send from another process waits for).
 * `origin` is the publishing process's `instanceId`.
 */
export type ConversationEvent =
  | { kind: 'activity'; seq: number; origin: string }
  | { kind: 'typing'; replyToId: string | null; userId: string | null; origin: string }
  | { kind: 'received'; seq: number; origin: string };

export interface DirectLineAdapterOptions {
  store: DirectLineStore;
  /** This process among those sharing the store: the owner of the leases it takes. */
  instanceId?: string;
  /** How long a pending user message stays leased to this process without renewal (ms). Default 30 s. */
  leaseMs?: number;
  /** Where stored activities and typing are announced to every process (default: none, in-process listeners only). */
  events?: EventBus;
  bot: ActivityBot;
  logger: Logger;
  /** turnState key under which the bot reads channel capabilities (bot's `CAPABILITIES_KEY`). */
  capabilitiesKey?: string | symbol;
  capabilities?: ChannelCapabilities;
  clock?: () => Date;
  botId?: string;
  botName?: string;
  /** Polite message sent when a turn fails, so an accepted message is always answered. */
  failureText?: string;
}

/** turnState: id of the stored user message this turn answers / whether a reply marked it. */
const ANSWERING_KEY = 'directline.answering';
const ANSWERED_KEY = 'directline.answered';
/** turnState: what happened to the activities stored in this turn (seq, taken by a stream). */
const STORED_KEY = 'directline.stored';

/** Tagged proactive sends remembered for `deliveryStatus` (oldest forgotten first). */
const MAX_TRACKED_TAGS = 10_000;
/** How long a tagged proactive send listens for another process giving it to a client. */
const RECEIPT_WATCH_MS = 15 * 60_000;

const DEFAULT_FAILURE_TEXT =
  'Dạ, em xin lỗi, hệ thống vừa gặp sự cố khi xử lý câu hỏi của anh/chị. Anh/chị vui lòng gửi lại giúp em sau ít phút.';

/**
 * Runs the bot in process for Direct Line conversations. Incoming user activities are
 * persisted before they are acknowledged; each conversation's turns run one at a time in
 * arrival order; replies are persisted with the next watermark and pushed to listeners.
 * Also the `ProactiveSender` for channel ids `directline` and `webchat`.
 */
export class DirectLineAdapter extends BaseAdapter implements ProactiveSender {
  readonly botId: string;
  readonly botName: string;
  readonly instanceId: string;
  readonly leaseMs: number;
  private readonly store: DirectLineStore;
  private readonly events: EventBus | undefined;
  private readonly bot: ActivityBot;
  private readonly logger: Logger;
  private readonly clock: () => Date;
  private readonly capabilities: ChannelCapabilities;
  private readonly capabilitiesKey: string | symbol;
  private readonly failureText: string;
  private readonly listeners = new Set<DirectLineListener>();
  /** Tail of each conversation's turn chain (turns of one conversation never overlap). */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Stored user messages queued or running here. */
  private readonly scheduled = new Set<string>();
  /** Highest watermark a client has been given per conversation (stream frame or GET). */
  private readonly received = new Map<string, number>();
  /** tag → the proactive send's conversation and last stored seq, and whether a stream took all of it. */
  private readonly tagged = new Map<string, { conversationId: string; lastSeq: number; taken: boolean }>();
  private closed = false;

  constructor(options: DirectLineAdapterOptions) {
    super();
    this.store = options.store;
    this.instanceId = options.instanceId ?? `dl-${crypto.randomBytes(6).toString('hex')}`;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.events = options.events;
    this.bot = options.bot;
    this.logger = options.logger;
    this.clock = options.clock ?? (() => new Date());
    this.capabilities = options.capabilities ?? WEBCHAT_CAPABILITIES;
    this.capabilitiesKey = options.capabilitiesKey ?? CAPABILITIES_KEY;
    this.botId = options.botId ?? 'tro-ly-tthc';
    this.botName = options.botName ?? 'Trợ lý TTHC';
    this.failureText = options.failureText ?? DEFAULT_FAILURE_TEXT;
    this.onTurnError = async (context, error) => {
      if (isAppError(error) && error.code === 'conflict:directline_lease') {
        // Another process took the message over and answers it: an apology here would be a second answer.
        this.logger.warn({ conversationId: context.activity.conversation?.id }, 'directline turn lost its lease; the other process answers');
        return;
      }
      this.logger.error({ err: error, conversationId: context.activity.conversation?.id }, 'directline turn failed');
      await context.sendActivity({ type: 'message', text: this.failureText } as Activity);
    };
  }

  subscribe(listener: DirectLineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Number of turns running or queued. */
  get pendingTurns(): number {
    return this.inFlight.size;
  }

  /** A lease on a pending user message for this process, from `now`. */
  lease(now: Date = this.clock()): ActivityLease {
    return { owner: this.instanceId, until: new Date(now.getTime() + this.leaseMs) };
  }

  /**
   * Hands stored activities to this process's listeners (open streams) and announces them on
   * the event bus for the other processes; true when a local stream took every one of them.
   */
  announce(conversationId: string, rows: StoredActivity[]): boolean {
    let all = rows.length > 0;
    for (const row of rows) {
      let taken = false;
      for (const l of this.listeners) if (l.activity(conversationId, row) === true) taken = true;
      if (!taken) all = false;
    }
    if (rows.length > 0) this.publish(conversationId, { kind: 'activity', seq: Math.max(...rows.map((r) => r.seq)), origin: this.instanceId });
    return all;
  }

  private publish(conversationId: string, event: ConversationEvent): void {
    if (!this.events) return;
    // The store is the truth: a lost event only delays a client until its next read.
    this.events.publish(conversationTopic(conversationId), event).catch((err: unknown) => {
      this.logger.warn({ err, conversationId }, 'directline could not announce an activity to the other processes');
    });
  }

  /**
   * Queues the bot's turn for a persisted user activity (or a conversation start). The
   * returned promise settles when the turn is done; it never rejects. `apologise` answers
   * with the failure text without running the bot (a message whose turns keep dying).
   */
  schedule(conversationId: string, activity: Activity | string, storedId?: string, options: { apologise?: boolean } = {}): Promise<void> {
    if (this.closed) throw new AppError('unavailable:directline_closing', 'Server is shutting down');
    const prev = this.chains.get(conversationId) ?? Promise.resolve();
    const run = prev.then(() => this.runTurn(activity, storedId, options.apologise === true));
    this.chains.set(conversationId, run);
    this.inFlight.add(run);
    if (storedId) this.scheduled.add(storedId);
    void run.finally(() => {
      this.inFlight.delete(run);
      if (storedId) this.scheduled.delete(storedId);
      if (this.chains.get(conversationId) === run) this.chains.delete(conversationId);
    });
    return run;
  }

  private async runTurn(input: Activity | string, storedId: string | undefined, apologise: boolean): Promise<void> {
    const activity = typeof input === 'string' ? Activity.fromJson(input) : input;
    const conversationId = activity.conversation?.id ?? '';
    try {
      if (activity.type === ActivityTypes.Message) this.emitTyping(conversationId, activity);
      const context = new TurnContext(this, activity);
      context.turnState.set(this.capabilitiesKey, this.capabilities);
      if (storedId) context.turnState.set(ANSWERING_KEY, storedId);
      const more = activity.type === ActivityTypes.Message ? readMoreActions(activity.value) : undefined;
      if (apologise) {
        await context.sendActivity(Object.assign(new Activity(ActivityTypes.Message), { text: this.failureText, textFormat: 'plain' }));
      } else if (more) {
        // "Thêm" under an answer: the channel shows the actions it carries; the bot's state is untouched.
        await context.sendActivity(
          Object.assign(new Activity(ActivityTypes.Message), {
            text: MORE_ACTIONS_TEXT,
            textFormat: 'plain',
            suggestedActions: { to: [], actions: more.map((m) => ({ type: 'imBack', title: m.title, value: m.value })) },
          }),
        );
      } else {
        await this.runMiddleware(context, (ctx) => this.bot.run(ctx));
      }
      // Turns that sent nothing (events) are marked here; replies marked it with their commit.
      if (storedId && !context.turnState.get(ANSWERED_KEY)) await this.store.settle(storedId, 'answered', this.instanceId);
    } catch (err) {
      // onTurnError itself failed (e.g. storage): record it, the operator sees it in logs.
      this.logger.error({ err, conversationId, activityId: storedId }, 'directline turn could not be answered');
      if (storedId) {
        try {
          await this.store.settle(storedId, 'failed', this.instanceId);
        } catch (cause) {
          this.logger.error({ err: cause }, 'directline could not record failed turn');
        }
      }
    }
  }

  private emitTyping(conversationId: string, incoming: Activity): void {
    // Built field by field: this runs on every turn, and fromObject's schema parse is not free.
    const typing = new Activity(ActivityTypes.Typing);
    typing.id = `typing-${crypto.randomUUID()}`;
    typing.channelId = DIRECTLINE_CHANNEL_ID;
    typing.timestamp = this.clock().toISOString() as unknown as Date;
    typing.conversation = { id: conversationId };
    typing.from = { id: this.botId, name: this.botName, role: 'bot' };
    if (incoming.from) typing.recipient = incoming.from;
    if (incoming.id) typing.replyToId = incoming.id;
    const json = typing.toJsonString();
    for (const l of this.listeners) l.ephemeral(conversationId, json);
    this.publish(conversationId, { kind: 'typing', replyToId: incoming.id ?? null, userId: incoming.from?.id ?? null, origin: this.instanceId });
  }

  /** A typing activity another process announced, as this process would have built it. */
  typingFrom(conversationId: string, replyToId: string | null, userId: string | null): string {
    const typing = new Activity(ActivityTypes.Typing);
    typing.id = `typing-${crypto.randomUUID()}`;
    typing.channelId = DIRECTLINE_CHANNEL_ID;
    typing.timestamp = this.clock().toISOString() as unknown as Date;
    typing.conversation = { id: conversationId };
    typing.from = { id: this.botId, name: this.botName, role: 'bot' };
    if (userId) typing.recipient = { id: userId, role: 'user' };
    if (replyToId) typing.replyToId = replyToId;
    return typing.toJsonString();
  }

  /** Whether the turn answering this stored user message is queued or running in this process. */
  isScheduled(storedId: string): boolean {
    return this.scheduled.has(storedId);
  }

  /** Extends this process's leases on the pending messages it holds (call well within `leaseMs`). */
  renewLeases(now: Date = this.clock()): Promise<number> {
    return this.store.renewLeases(this.instanceId, this.lease(now).until);
  }

  /** Gives up this process's leases (after `drain`), so another process may answer what is left at once. */
  releaseLeases(): Promise<number> {
    return this.store.releaseLeases(this.instanceId);
  }

  /** Resolves when every queued turn has finished; new turns are refused from now on. */
  async drain(): Promise<void> {
    this.closed = true;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Persists and delivers the bot's activities; typing indicators are delivered only. */
  override async sendActivities(context: TurnContext, activities: Activity[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = new Array(activities.length);
    const toStore: Array<{ index: number; conversationId: string; activity: Activity }> = [];
    activities.forEach((raw, index) => {
      const activity = raw instanceof Activity ? raw : Activity.fromObject(raw);
      const conversationId = activity.conversation?.id;
      if (!conversationId) throw new AppError('bad_request:directline_activity', 'Outgoing activity has no conversation');
      activity.channelId = DIRECTLINE_CHANNEL_ID;
      activity.from = { id: this.botId, name: this.botName, role: 'bot' };
      activity.timestamp = this.clock().toISOString() as unknown as Date;
      if (activity.type === ActivityTypes.Typing) {
        activity.id = `typing-${crypto.randomUUID()}`;
        const json = activity.toJsonString();
        for (const l of this.listeners) l.ephemeral(conversationId, json);
        responses[index] = { id: activity.id };
      } else if (activity.type === 'delay' || activity.type === ActivityTypes.Trace) {
        responses[index] = { id: '' };
      } else {
        toStore.push({ index, conversationId, activity });
      }
    });
    if (toStore.length > 0) {
      const answering = context.turnState.get(ANSWERING_KEY) as string | undefined;
      // Web Chat holds back an activity whose replyToId it has not shown (for about five
      // seconds) to keep replies after their question. Only the stored user message a turn
      // answers is shown; a continuation (lawyer replies, proactive messages) or the
      // conversation start has an id no client ever received, so it must not be referenced.
      for (const { activity } of toStore) if (!answering || activity.replyToId !== answering) activity.replyToId = undefined;
      const now = this.clock();
      // Only the first send of a turn settles its question (later sends of the turn just add replies).
      const answers = answering && !context.turnState.get(ANSWERED_KEY) ? { activityId: answering, owner: this.instanceId } : undefined;
      const stored = await this.store.appendMany(
        toStore.map(({ conversationId, activity }) => ({
          conversationId,
          role: 'bot' as const,
          replyToId: activity.replyToId ?? null,
          now,
          render: (id: string) => {
            activity.id = id;
            return activity.toJsonString();
          },
        })),
        answers,
      );
      if (answering) context.turnState.set(ANSWERED_KEY, true);
      const record = context.turnState.get(STORED_KEY) as Array<{ seq: number; taken: boolean }> | undefined;
      stored.forEach((row, i) => {
        const { index, conversationId } = toStore[i]!;
        const taken = this.announce(conversationId, [row]);
        record?.push({ seq: row.seq, taken });
        responses[index] = { id: row.id };
      });
    }
    return responses;
  }

  override async updateActivity(): Promise<void> {
    throw new AppError('bad_request:directline_update', 'Direct Line adapter does not support updating activities');
  }

  override async deleteActivity(): Promise<void> {
    throw new AppError('bad_request:directline_delete', 'Direct Line adapter does not support deleting activities');
  }

  /** Runs `logic` in a turn for an existing conversation (proactive messages). */
  override async continueConversation(
    _botAppIdOrIdentity: unknown,
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const conversationId = reference.conversation?.id;
    if (!conversationId || !(await this.store.getConversation(conversationId))) {
      throw new AppError('not_found:directline_conversation', `Unknown Direct Line conversation ${conversationId ?? ''}`);
    }
    const activity = Activity.getContinuationActivity({
      channelId: DIRECTLINE_CHANNEL_ID,
      serviceUrl: reference.serviceUrl ?? 'urn:directline',
      conversation: { id: conversationId },
      user: reference.user,
      agent: reference.agent ?? { id: this.botId, name: this.botName, role: 'bot' },
      locale: reference.locale,
    } as ConversationReference);
    const context = new TurnContext(this, activity);
    context.turnState.set(this.capabilitiesKey, this.capabilities);
    await this.runMiddleware(context, logic);
  }

  /**
   * `ProactiveSender`: stores the messages in the conversation and pushes them to its open
   * streams. `delivered` when an open client stream took every one of them; otherwise
   * `pending` (the client gets them when it next polls or reconnects; `deliveryStatus(tag)`
   * turns `delivered` once a client has been given them). Throws when the conversation is unknown.
   */
  async send(address: ConversationAddress, messages: OutgoingMessage[], options?: ProactiveSendOptions): Promise<DeliveryReport> {
    const conversation = await this.store.getConversation(address.conversationId);
    if (!conversation) {
      throw new AppError('not_found:directline_conversation', `Unknown Direct Line conversation ${address.conversationId}`);
    }
    // A tagged send listens, before storing, for another process giving it to a client (the
    // citizen's stream may be open on another process), so `deliveryStatus` can say delivered.
    const stopWatching = options?.tag ? await this.watchReceipts(conversation.id) : undefined;
    const record: Array<{ seq: number; taken: boolean }> = [];
    const work = this.continueConversation(
      this.botId,
      { conversation: { id: conversation.id }, user: { id: conversation.userId, role: 'user' } },
      async (ctx) => {
        ctx.turnState.set(STORED_KEY, record);
        await ctx.sendActivities(toActivities(messages, this.capabilities));
      },
    );
    this.inFlight.add(work);
    try {
      await work;
    } catch (err) {
      stopWatching?.();
      throw err;
    } finally {
      this.inFlight.delete(work);
    }
    if (record.length === 0) {
      stopWatching?.();
      return { state: 'delivered', reason: 'nothing_to_send' };
    }
    const lastSeq = Math.max(...record.map((r) => r.seq));
    const taken = record.every((r) => r.taken) || (this.received.get(conversation.id) ?? 0) >= lastSeq;
    if (taken) stopWatching?.();
    if (options?.tag) {
      this.tagged.delete(options.tag);
      this.tagged.set(options.tag, { conversationId: conversation.id, lastSeq, taken });
      if (this.tagged.size > MAX_TRACKED_TAGS) this.tagged.delete(this.tagged.keys().next().value!);
    }
    return taken ? { state: 'delivered' } : { state: 'pending', reason: 'queued', detail: 'no open client stream: delivered when the citizen opens the chat again' };
  }

  /** State of a tagged proactive send; unknown tags (other processes, after a restart) give undefined. */
  async deliveryStatus(tag: string): Promise<DeliveryReport | undefined> {
    const t = this.tagged.get(tag);
    if (!t) return undefined;
    if (t.taken || (this.received.get(t.conversationId) ?? 0) >= t.lastSeq) return { state: 'delivered' };
    return { state: 'pending', reason: 'queued' };
  }

  /**
   * The endpoint gave a client the conversation's activities up to `watermark`. `announce`
   * (read from the store: a poll, a stream's backlog or another process's activities) tells
   * the other processes too, for their tagged proactive sends.
   */
  clientReceived(conversationId: string, watermark: number, announce = false): void {
    if (watermark > (this.received.get(conversationId) ?? 0)) this.received.set(conversationId, watermark);
    if (announce) this.publish(conversationId, { kind: 'received', seq: watermark, origin: this.instanceId });
  }

  /**
   * Listens for `received` events of the conversation from other processes until every
   * tagged send to it is delivered or `RECEIPT_WATCH_MS` has passed; returns how to stop.
   */
  private async watchReceipts(conversationId: string): Promise<(() => void) | undefined> {
    if (!this.events) return undefined;
    let unsubscribe: (() => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    const stop = () => {
      if (timer) clearTimeout(timer);
      unsubscribe?.();
      unsubscribe = undefined;
    };
    try {
      unsubscribe = await this.events.subscribe(conversationTopic(conversationId), (payload) => {
        const event = payload as unknown as ConversationEvent;
        if (event.kind !== 'received' || event.origin === this.instanceId) return;
        this.clientReceived(conversationId, event.seq);
        // Until the send has registered its tag, keep listening; then stop once all of this conversation's are delivered.
        const mine = [...this.tagged.values()].filter((t) => t.conversationId === conversationId);
        if (mine.length > 0 && mine.every((t) => t.taken || (this.received.get(conversationId) ?? 0) >= t.lastSeq)) stop();
      });
    } catch (err) {
      this.logger.warn({ err, conversationId }, 'directline cannot hear deliveries by other processes; the send stays pending here');
      return undefined;
    }
    timer = setTimeout(stop, RECEIPT_WATCH_MS);
    timer.unref();
    return stop;
  }

  override async uploadAttachment(_context: TurnContext, _conversationId: string, _data: AttachmentData): Promise<ResourceResponse> {
    throw new AppError('bad_request:directline_upload', 'Upload files through the FileStore; Direct Line attachments are links');
  }

  override async getAttachmentInfo(_context: TurnContext, _attachmentId: string): Promise<AttachmentInfo> {
    throw new AppError('not_found:directline_attachment', 'Direct Line attachments are served at /files/:id');
  }

  override async getAttachment(_context: TurnContext, _attachmentId: string, _viewId: string): Promise<NodeJS.ReadableStream> {
    throw new AppError('not_found:directline_attachment', 'Direct Line attachments are served at /files/:id');
  }
}
