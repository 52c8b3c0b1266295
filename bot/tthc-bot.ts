import { ActivityTypes } from '@microsoft/agents-activity';
import { ActivityHandler, ConversationState, UserState, type Storage, type TurnContext } from '@microsoft/agents-hosting';
import { isRateable, toActivities } from './activities.js';
import type { BotLogger, TurnLock } from './ports/index.js';
import { redactPersonalData } from './redact.js';
import { sanitizeInput, type SanitizedInput } from './sanitize.js';
import { createInputGuardSkill } from './skills/input-guard.js';
import { fold } from './text.js';
import { CLARIFY_CHOICES, type UnderstandingState } from './understanding/skills.js';
import { mayHandle, skillsFor } from './understanding/route.js';
import type { ConversationContext, Understanding, UnderstandingStage } from './understanding/stage.js';
import { WELCOME_TEXT, HELP_ACTIONS } from './skills/small-talk.js';
import {
  DEFAULT_CAPABILITIES,
  type ChannelCapabilities,
  type ConversationData,
  type Skill,
  type Turn,
  type TurnLog,
  type TurnResult,
  type UserData,
} from './types.js';
import { runWithTurnSignal, TURN_SIGNAL_KEY } from './turn-signal.js';

/** turnState key under which an adapter declares its channel's capabilities. */
export const CAPABILITIES_KEY = 'tthc.capabilities';
/** turnState key under which an adapter may pass the citizen's ward/commune. */
export const SERVICE_POINT_KEY = 'tthc.servicePoint';
/** turnState key where the bot leaves each message turn's `TurnResult` for adapters, tests and evals. */
export const TURN_RESULT_KEY = 'tthc.turnResult';

/** Neutral apology when a turn fails; the conversation stays usable. */
export const APOLOGY_TEXT = 'Dạ, em xin lỗi, hệ thống vừa gặp sự cố khi xử lý câu hỏi này. Anh/chị vui lòng gửi lại câu hỏi giúp em ạ.';

export interface TthcBotOptions {
  storage: Storage;
  /** Ordered skills after the built-in input guard; the last one must answer. */
  skills: Skill[];
  turnLog: TurnLog;
  logger: BotLogger;
  clock?: () => Date;
  /**
   * Reads each message before any skill runs and decides which skills may handle it
   * (`bot/understanding`).
   */
  understanding: UnderstandingStage;
  /**
   * One turn at a time per conversation, state load to state save (`bot/ports/turn-lock.ts`):
   * across processes under DATABASE_URL. Default: none (the channel's own ordering).
   */
  turnLock?: TurnLock;
}

const INPUT_FLAGS = new WeakMap<Turn, SanitizedInput>();

/**
 * The channel-agnostic bot: explicit conversation and user state on our `Storage`, each
 * message turned into a plain `Turn`, run through the skill chain, rendered to
 * Activities within the adapter's declared capabilities, and recorded in the turn log.
 */
export class TthcBot extends ActivityHandler {
  readonly conversationState: ConversationState;
  readonly userState: UserState;
  private readonly conversationData;
  private readonly userData;
  private readonly chain: Skill[];
  private readonly clock: () => Date;

  constructor(private readonly options: TthcBotOptions) {
    super();
    this.conversationState = new ConversationState(options.storage);
    this.userState = new UserState(options.storage);
    this.conversationData = this.conversationState.createProperty<ConversationData>('tthc');
    this.userData = this.userState.createProperty<UserData>('tthc');
    this.clock = options.clock ?? (() => new Date());
    this.chain = [createInputGuardSkill((t) => INPUT_FLAGS.get(t)!), ...options.skills];

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await this.greet(context);
      await next();
    });
  }

  /** Runs the turn, then saves state (only when the turn did not fail). */
  override async run(context: TurnContext): Promise<void> {
    const lock = this.options.turnLock;
    if (!lock) return this.runUnlocked(context);
    const a = context.activity;
    // The state key's own parts: two messages of one conversation reaching two processes run
    // one after the other, and the second reads what the first saved.
    return lock.serialize(`${a.channelId ?? '?'}/${a.conversation?.id ?? '?'}`, () => this.runUnlocked(context));
  }

  private async runUnlocked(context: TurnContext): Promise<void> {
    const signal = context.turnState.get(TURN_SIGNAL_KEY) as AbortSignal | undefined;
    await runWithTurnSignal(signal, () => super.run(context));
    // A cancelled turn is retried by its channel: it must leave no state behind.
    if (!context.turnState.get('tthc.failed') && !signal?.aborted) {
      await this.conversationState.saveChanges(context, false);
      await this.userState.saveChanges(context, false);
    }
  }

  private capabilities(context: TurnContext): ChannelCapabilities {
    const caps = context.turnState.get(CAPABILITIES_KEY) as Partial<ChannelCapabilities> | undefined;
    return { ...DEFAULT_CAPABILITIES, ...(caps ?? {}) };
  }

  private async greet(context: TurnContext): Promise<void> {
    const botId = context.activity.recipient?.id;
    const added = (context.activity.membersAdded ?? []).filter((m) => m.id !== botId);
    if (added.length === 0) return;
    const user = await this.userData.get(context, {});
    if (user.welcomed) return;
    user.welcomed = true;
    await this.userData.set(context, user);
    await context.sendActivities(toActivities([{ text: WELCOME_TEXT, suggestedActions: HELP_ACTIONS }], this.capabilities(context)));
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const started = performance.now();
    const activity = context.activity;
    const conversationId = activity.conversation?.id ?? 'unknown';
    const userId = activity.from?.id ?? 'unknown';
    const channelId = activity.channelId ?? 'unknown';
    const input = sanitizeInput(activity.text);
    const now = this.clock();
    let result: TurnResult;
    try {
      const conversation = await this.conversationData.get(context, {});
      const user = await this.userData.get(context, {});
      const turn: Turn = {
        text: input.text,
        rawText: input.rawText,
        value: activity.value,
        conversationId,
        userId,
        channelId,
        capabilities: this.capabilities(context),
        now,
        conversation,
        user,
        servicePoint: context.turnState.get(SERVICE_POINT_KEY) as string | undefined,
      };
      INPUT_FLAGS.set(turn, input);
      const allowed = this.understand(turn, input);
      result = await this.runChain(turn, 0, allowed);
      // The buttons just offered: a tap on one next turn answers whoever asked.
      const offered = result.messages.flatMap((m) => m.suggestedActions ?? []).map((a) => fold(a.value));
      if (offered.length) conversation.offered = offered.slice(0, 12);
      else delete conversation.offered;
      if (turn.understanding) {
        const u = turn.understanding;
        result = {
          ...result,
          outcome: {
            ...result.outcome,
            understanding: { intent: u.intent, confidence: u.confidence, danger: !!u.danger, dangerKind: u.danger?.kind, abstain: u.abstain, awaiting: u.awaiting },
          },
        };
      }
      await this.conversationData.set(context, conversation);
      await this.userData.set(context, user);
    } catch (err) {
      context.turnState.set('tthc.failed', true);
      this.options.logger.error({ err, conversationId, channelId }, 'turn failed');
      result = { messages: [{ text: APOLOGY_TEXT }], outcome: { behavior: 'refuse', procedures: [], tags: ['error'] } };
    }
    context.turnState.set(TURN_RESULT_KEY, result);
    try {
      await context.sendActivities(toActivities(result.messages, this.capabilities(context), { feedback: isRateable(result.outcome) }));
    } finally {
      const latencyMs = performance.now() - started;
      try {
        await this.options.turnLog.record({
          conversationId,
          userId,
          channelId,
          at: now.toISOString(),
          text: redactPersonalData(input.text),
          outcome: result.outcome,
          latencyMs,
          ward: context.turnState.get(SERVICE_POINT_KEY) as string | undefined,
        });
      } catch (err) {
        this.options.logger.error({ err, conversationId }, 'turn log write failed');
      }
    }
  }

  /**
   * Runs the understanding stage and returns the skills allowed for this
   * message. A tap on a choice of the stage's own clarifying question answers the message
   * that was not understood, with the chosen intent.
   */
  private understand(turn: Turn, input: SanitizedInput): ReadonlySet<string> | undefined {
    const stage = this.options.understanding;
    if (input.empty || input.symbolsOnly) return undefined;
    const conversation = turn.conversation;
    const state = (conversation.understanding ?? {}) as UnderstandingState;
    const original = state.pendingText;
    const picked = original ? CLARIFY_CHOICES.find((c) => fold(c.title) === fold(turn.text)) : undefined;
    if (original) delete state.pendingText;
    let u: Understanding;
    if (picked && original) {
      turn.text = original;
      u = { ...stage.understand(original, contextOf(turn)), intent: picked.intent, confidence: 1, abstain: false, awaiting: undefined };
      u.reasons = [...u.reasons, 'clarified'];
    } else {
      u = stage.understand(turn.text, contextOf(turn));
    }
    turn.understanding = u;
    return skillsFor(u, conversation.officer === true);
  }

  private async runChain(turn: Turn, index: number, allowed?: ReadonlySet<string>): Promise<TurnResult> {
    let skill = this.chain[index];
    while (skill && allowed && !mayHandle(allowed, skill.name)) skill = this.chain[++index];
    if (!skill) {
      return {
        messages: [{ text: 'Dạ, em chưa hiểu câu hỏi. Anh/chị nói rõ hơn thủ tục cần hỏi giúp em ạ.', suggestedActions: HELP_ACTIONS.slice(0, 4) }],
        outcome: { behavior: 'refuse', procedures: [], tags: ['no-skill'] },
      };
    }
    return skill.handle(turn, () => this.runChain(turn, index + 1, allowed));
  }
}

/** What the skills' state says about the conversation, for the understanding stage. */
function contextOf(turn: Turn): ConversationContext {
  const c = turn.conversation;
  const qa = c.qa as { current?: string; pending?: unknown } | undefined;
  const triage = c.triage as { stage?: string } | undefined;
  return {
    procedureCode: qa?.current,
    formActive: c.form !== undefined,
    triageAwaiting: triage?.stage !== undefined,
    qaAwaiting: qa?.pending !== undefined && qa.pending !== null,
    offered: c.offered,
  };
}

export { ActivityTypes };
