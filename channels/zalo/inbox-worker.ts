import type { TurnContext } from '@microsoft/agents-hosting';
import { runCancellable, TURN_SIGNAL_KEY, type OutgoingMessage, type SuggestedAction } from '../../bot/index.js';
import type { Atomically, BotLogger, InboxEvent, InboxQueue, OutboxQueue } from '../../bot/ports/index.js';
import { activityFromEvent, conversationIdFor, type ZaloAdapter } from './adapter.js';
import { classifyEvent, zaloEventSchema, type ZaloEvent } from './events.js';
import { fromActivity, fromOutgoing, isMoreActionsTap, renderForZalo, renderMoreActions, type OutboxPayload } from './render.js';
import { APOLOGY_TEXT, PRIVACY_TEXT, SUBMIT_INFO_NO_STORE_TEXT, SUBMIT_INFO_THANKS_TEXT, WELCOME_TEXT, mediaReplyText } from './replies.js';
import type { Clock } from './time.js';
import type { Delays, ZaloTuning } from './tuning.js';
import { errMessage, textPayload } from './util.js';

/** Fields a citizen shared through a `request_user_info` form, handed to the profile owner. */
export interface SubmittedInfo {
  userId: string;
  conversationId: string;
  /** Field name → value as Zalo sent it (name, phone, address, city, district, ward, ...). */
  fields: Record<string, string>;
  at: Date;
}

/**
 * Hook for `user_submit_info`. The forms/profile side decides (with the citizen's consent
 * recorded in its own state) what to keep and returns the reply to send, if any.
 */
export type SubmitInfoHandler = (info: SubmittedInfo) => Promise<OutgoingMessage[] | void>;

/** The bot (an `ActivityHandler`): anything with `run(context)`. */
export interface TurnRunner {
  run(context: TurnContext): Promise<void>;
}

export interface InboxWorkerDeps {
  inbox: InboxQueue;
  outbox: OutboxQueue;
  atomically: Atomically;
  adapter: ZaloAdapter;
  bot: TurnRunner;
  /** Replies could leave (a usable OA token); without one events stay queued until consent. */
  canSend: () => boolean;
  /** Wakes the scheduler (new outbox rows, a finished turn frees a slot). */
  kick: () => void;
  onSubmitInfo: SubmitInfoHandler | undefined;
  publicBaseUrl: string | undefined;
  owner: string;
  clock: Clock;
  tuning: ZaloTuning;
  delays: Delays;
  logger: BotLogger;
}

/**
 * Turns accepted webhook events into replies: claims each user's oldest event, runs the bot
 * (or answers media, follows and shared info itself) under a turn deadline, and writes the
 * replies into the outbox in the same transaction that completes the event. A failed turn is
 * retried with backoff; after `inboxMaxAttempts` the citizen gets an apology.
 */
export class InboxWorker {
  readonly inflight = new Set<Promise<void>>();
  /** Set by a stop: results of turns still running are discarded (their events run again). */
  stopped = false;

  constructor(private readonly d: InboxWorkerDeps) {}

  /** Claims what fits in the free slots and starts those turns; returns how many started. */
  processOnce(): Promise<number> {
    // One claim at a time (the scheduler and `drain` may both ask): the free slots are counted
    // before the claim's round trip and must not be handed out twice.
    this.claiming ??= this.claimOnce().finally(() => {
      this.claiming = undefined;
    });
    return this.claiming;
  }

  private claiming: Promise<number> | undefined;

  private async claimOnce(): Promise<number> {
    if (this.stopped || !this.d.canSend()) return 0;
    const room = this.d.tuning.inboxConcurrency - this.inflight.size;
    if (room <= 0) return 0;
    const events = await this.d.inbox.claim(this.d.owner, this.d.clock(), this.d.tuning.leaseMs, room);
    for (const ev of events) {
      const p = this.handle(ev)
        .catch((err: unknown) => {
          // The queue could not record the outcome: the event stays leased and is taken up
          // again when the lease ends.
          this.d.logger.error({ inboxId: ev.id, err: errMessage(err) }, 'zalo: could not record the outcome of an event');
        })
        .finally(() => {
          this.inflight.delete(p);
          this.d.kick();
        });
      this.inflight.add(p);
    }
    return events.length;
  }

  private async handle(ev: InboxEvent): Promise<void> {
    const { inbox, owner, clock, logger: log } = this.d;
    let payloads: OutboxPayload[];
    try {
      payloads = await this.replyFor(ev);
    } catch (err) {
      if (this.stopped) return;
      const now = clock();
      if (ev.attempts >= this.d.tuning.inboxMaxAttempts) {
        log.error({ inboxId: ev.id, event: ev.eventName, err: errMessage(err) }, 'zalo: event failed for good; citizen gets an apology');
        await this.d.atomically(async (tx) => {
          await tx.outbox.enqueue(ev.userId, `reply:${ev.id}`, [JSON.stringify(textPayload(APOLOGY_TEXT))], now, { deliverBy: this.d.delays.deliverBy(now) });
          await tx.inbox.fail(ev.id, owner, now, errMessage(err));
        });
        this.d.kick();
      } else {
        log.warn({ inboxId: ev.id, event: ev.eventName, attempt: ev.attempts, err: errMessage(err) }, 'zalo: event processing failed; will retry');
        await inbox.release(ev.id, owner, now + this.d.delays.backoff(ev.attempts), errMessage(err));
      }
      return;
    }
    // A forced stop gave the event back: its replies must come from the next run only.
    if (this.stopped) return;
    const now = clock();
    const committed = await this.d.atomically(async (tx) => {
      if (!(await tx.inbox.complete(ev.id, owner, now))) return false;
      await tx.outbox.enqueue(ev.userId, `reply:${ev.id}`, payloads.map((p) => JSON.stringify(p)), now, { deliverBy: this.d.delays.deliverBy(now) });
      return true;
    });
    if (!committed) log.warn({ inboxId: ev.id }, 'zalo: lost the claim on an event before completing it; another worker answers it');
  }

  private async replyFor(ev: InboxEvent): Promise<OutboxPayload[]> {
    const e = zaloEventSchema.parse(JSON.parse(ev.body));
    const kind = classifyEvent(e.event_name);
    const runBot = async () => {
      // At the deadline the turn's signal is aborted: a turn still running then finds it at its
      // next side effect (case store, routing) and stops, so the retry of this event is the only
      // one that acts, and the abandoned turn saves no state.
      const { sent, turnResult } = await runCancellable(this.d.tuning.turnTimeoutMs, (signal) =>
        this.d.adapter.runTurnWithState(activityFromEvent(e, ev.userId), (ctx) => {
          ctx.turnState.set(TURN_SIGNAL_KEY, signal);
          return this.d.bot.run(ctx);
        }),
      );
      const fileIds = fileIdsOf(turnResult);
      return sent.flatMap((a) => renderForZalo(fromActivity(a, fileIds), this.d.publicBaseUrl));
    };
    switch (kind) {
      case 'text': {
        if (!(e.message?.text ?? '').trim()) return [];
        if (isMoreActionsTap(e.message?.text ?? '')) {
          // "Thêm" under an earlier answer: the channel shows the actions it stood for; the
          // bot's state is untouched (as on the web). Without any, the bot reads the word.
          const more = await this.latestMoreActions(ev.userId);
          if (more) return renderMoreActions(more);
        }
        return runBot();
      }
      case 'follow': {
        const fromBot = await runBot();
        return fromBot.length ? fromBot : [textPayload(WELCOME_TEXT), textPayload(PRIVACY_TEXT)];
      }
      case 'unfollow':
        this.d.logger.info({ inboxId: ev.id }, 'zalo: user unfollowed the OA');
        return [];
      case 'submit_info':
        return this.submitInfo(e, ev.userId);
      case 'media':
        return [textPayload(mediaReplyText(e.event_name))];
      default:
        return [];
    }
  }

  /** The actions behind the newest "Thêm" button sent to this user, if any. */
  private async latestMoreActions(userId: string): Promise<SuggestedAction[] | undefined> {
    const rows = await this.d.outbox.listForUser(userId);
    for (let i = rows.length - 1; i >= 0; i--) {
      const p = JSON.parse(rows[i]!.payload) as OutboxPayload;
      if (p.kind === 'message' && p.more?.length) return p.more;
    }
    return undefined;
  }

  private async submitInfo(e: ZaloEvent, userId: string): Promise<OutboxPayload[]> {
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(e.info ?? {})) {
      if (typeof v === 'string' || typeof v === 'number') fields[k] = String(v).normalize('NFC').trim();
    }
    if (!this.d.onSubmitInfo) {
      this.d.logger.info({ fieldNames: Object.keys(fields) }, 'zalo: user_submit_info received; no profile hook configured, nothing stored');
      return [textPayload(SUBMIT_INFO_NO_STORE_TEXT)];
    }
    const messages = await this.d.onSubmitInfo({ userId, conversationId: conversationIdFor(userId), fields, at: new Date(this.d.clock()) });
    if (messages && messages.length) return messages.flatMap((m) => renderForZalo(fromOutgoing(m), this.d.publicBaseUrl));
    return [textPayload(SUBMIT_INFO_THANKS_TEXT)];
  }
}

/** File store ids of the files in a TurnResult, by URL (Activities carry only the URL). */
function fileIdsOf(turnResult: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const messages = (turnResult as { messages?: OutgoingMessage[] } | undefined)?.messages;
  for (const m of Array.isArray(messages) ? messages : []) {
    for (const f of m.files ?? []) if (f.fileId) out.set(f.url, f.fileId);
  }
  return out;
}
