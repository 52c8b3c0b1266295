import { isAppError } from '../../knowledge/index.js';
import type { BotLogger, FileStore, OutboxItem, OutboxQueue, OutboxRecord } from '../../bot/ports/index.js';
import { classifyFailure, ZaloApiError, type ZaloApiClient } from './api-client.js';
import { ZALO_LIMITS, type OutboxPayload, type ZaloMessage } from './render.js';
import { fileFallbackText } from './replies.js';
import type { Clock } from './time.js';
import type { ZaloTokenManager } from './token-manager.js';
import type { Delays, ZaloTuning } from './tuning.js';
import { errMessage } from './util.js';

export interface OutboxSenderDeps {
  outbox: OutboxQueue;
  client: Pick<ZaloApiClient, 'sendMessage' | 'uploadFile' | 'recentMessages'>;
  tokens: Pick<ZaloTokenManager, 'getAccessToken' | 'refreshAfterRejection' | 'usableState'>;
  /** Resolves when one more call to Zalo is allowed (the process's rate limit). */
  acquireCall: () => Promise<void>;
  /** Where files with a `fileId` are read from before upload; without it files go as links. */
  fileStore: FileStore | undefined;
  /** Called when a message reaches a final state in this process (delivered, expired, undeliverable). */
  onDeliveryFinal: ((record: Omit<OutboxRecord, 'payload'>) => void) | undefined;
  /** Wakes the scheduler when a send frees a slot. */
  kick: () => void;
  owner: string;
  clock: Clock;
  tuning: ZaloTuning;
  delays: Delays;
  logger: BotLogger;
}

/**
 * Sends the outbox through Zalo's OpenAPI: claims each user's oldest due message, sends it
 * (files uploaded first, or sent as a link), and records the outcome in the row: delivered;
 * retried with backoff until its deliver-by time (network, 5xx, token refused once); a pause of
 * every send after a rate-limit answer; expired or undeliverable with Zalo's code otherwise.
 */
export class OutboxSender {
  readonly inflight = new Set<Promise<void>>();
  stopped = false;
  /** After a rate-limit answer no send leaves this instance before this time (Zalo's limit is per app). */
  pausedUntil = 0;
  private readonly finishListeners = new Map<number, Set<() => void>>();

  constructor(private readonly d: OutboxSenderDeps) {}

  /** Claims what fits in the free slots and starts those sends; returns how many started. */
  pumpOnce(): Promise<number> {
    // One claim at a time (the scheduler and `drain` may both ask): the free slots are counted
    // before the claim's round trip and must not be handed out twice.
    this.claiming ??= this.claimOnce().finally(() => {
      this.claiming = undefined;
    });
    return this.claiming;
  }

  private claiming: Promise<number> | undefined;

  private async claimOnce(): Promise<number> {
    const { outbox, tokens, tuning, clock } = this.d;
    if (this.stopped || !tokens.usableState()) return 0;
    if (clock() < this.pausedUntil) return 0;
    const room = tuning.outboxConcurrency - this.inflight.size;
    if (room <= 0) return 0;
    const items = await outbox.claim(this.d.owner, clock(), tuning.leaseMs, room);
    for (const item of items) {
      const p = this.send(item).finally(() => {
        this.inflight.delete(p);
        this.d.kick();
      });
      this.inflight.add(p);
    }
    return items.length;
  }

  /** Calls `fn` once row `id` reaches a final state in this process. */
  onFinished(id: number, fn: () => void): void {
    let set = this.finishListeners.get(id);
    if (!set) this.finishListeners.set(id, (set = new Set()));
    set.add(fn);
  }

  offFinished(id: number, fn: () => void): void {
    this.finishListeners.get(id)?.delete(fn);
  }

  private async finished(item: OutboxItem): Promise<void> {
    const rec = await this.d.outbox.get(item.id).catch((err: unknown) => {
      this.d.logger.warn({ outboxId: item.id, err: errMessage(err) }, 'zalo: could not read a finished message for its listeners');
      return undefined;
    });
    if (rec) {
      const { payload: _p, ...meta } = rec;
      try {
        this.d.onDeliveryFinal?.(meta);
      } catch (err) {
        this.d.logger.warn({ outboxId: item.id, err: errMessage(err) }, 'zalo: delivery listener failed');
      }
    }
    const listeners = this.finishListeners.get(item.id);
    this.finishListeners.delete(item.id);
    for (const fn of listeners ?? []) fn();
  }

  private async send(item: OutboxItem): Promise<void> {
    const { outbox, owner, clock, tokens, logger: log } = this.d;
    const payload = JSON.parse(item.payload) as OutboxPayload;
    let token: string | undefined;
    try {
      token = await tokens.getAccessToken();
      if (item.uncertain && (await this.reachedZalo(token, item, payload))) return;
      if (clock() > item.deliverBy) {
        const last = await outbox.get(item.id);
        const msg = `not delivered by ${new Date(item.deliverBy).toISOString()}; last error: ${last?.errorMessage ?? 'none'}`;
        log.warn({ outboxId: item.id, attempts: item.attempts }, 'zalo: delivery deadline passed before sending; recorded as expired');
        if (await outbox.finish(item.id, owner, 'expired', clock(), 'retry_deadline', { code: last?.errorCode ?? null, message: msg })) await this.finished(item);
        return;
      }
      let result: { messageId?: string };
      try {
        result = await this.deliver(token, item.userId, payload);
      } catch (err) {
        if (classifyFailure(err) !== 'token') throw err;
        // -216/-220: refresh once (or pick up another worker's refresh) and retry once.
        log.warn({ outboxId: item.id, code: (err as ZaloApiError).zaloCode }, 'zalo: access token refused; refreshing once');
        token = await tokens.refreshAfterRejection(token);
        result = await this.deliver(token, item.userId, payload);
      }
      if (await outbox.markDelivered(item.id, owner, clock(), result.messageId)) await this.finished(item);
    } catch (err) {
      try {
        await this.recordFailure(item, err);
      } catch (recordErr) {
        // The row stays leased to this worker; it is claimable again when the lease ends.
        log.error({ outboxId: item.id, err: errMessage(recordErr) }, 'zalo: could not record a send outcome');
      }
    }
  }

  private async recordFailure(item: OutboxItem, err: unknown): Promise<void> {
    const { outbox, owner, clock, logger: log } = this.d;
    const now = clock();
    if (isAppError(err) && err.code === 'unavailable:zalo_token') {
      log.error({ outboxId: item.id, err: err.message }, 'zalo: no usable token; message kept queued');
      await outbox.release(item.id, owner, now);
      return;
    }
    const cls = isAppError(err) ? 'transient' : classifyFailure(err);
    const code = err instanceof ZaloApiError ? err.zaloCode : null;
    const message = errMessage(err);
    const final = finalFor(err, cls);
    if (final) {
      log.warn({ outboxId: item.id, code, reason: final.reason }, `zalo: message ${final.status}; recorded for operators`);
      if (await outbox.finish(item.id, owner, final.status, now, final.reason, { code, message })) await this.finished(item);
      return;
    }
    if (cls === 'rate_limited') {
      // Zalo's limit is per app: pause every send of this instance, and do not count it as a
      // failure of this message (its backoff and its deadline are not what went wrong).
      const retryAfter = err instanceof ZaloApiError ? err.retryAfterMs : undefined;
      const wait = retryAfter ?? this.d.delays.jittered(this.d.tuning.rateLimitPauseMs);
      this.pausedUntil = Math.max(this.pausedUntil, now + wait);
      log.warn({ outboxId: item.id, code, waitMs: wait }, 'zalo: rate limited; pausing sends');
      await outbox.retryLater(item.id, owner, now + wait, { code, message }, { countFailure: false });
      return;
    }
    if (now >= item.deliverBy) {
      log.error({ outboxId: item.id, code, err: message, attempts: item.attempts }, 'zalo: delivery deadline passed; recorded as expired');
      if (await outbox.finish(item.id, owner, 'expired', now, 'retry_deadline', { code, message: `not delivered by ${new Date(item.deliverBy).toISOString()}: ${message}` })) await this.finished(item);
      return;
    }
    // A network failure (no Zalo answer) may hide a delivered message.
    const maybeSent = err instanceof ZaloApiError && err.zaloCode === null && err.httpStatus === undefined;
    const next = Math.min(item.deliverBy, now + this.d.delays.backoff(item.failures + 1));
    log.warn({ outboxId: item.id, code, err: message, failures: item.failures + 1 }, 'zalo: transient send failure; retrying');
    await outbox.retryLater(item.id, owner, next, { code, message }, { countFailure: true, maybeSent });
  }

  /**
   * A worker died between claiming this row and recording the outcome: the message may have
   * reached Zalo. Looks for it in the conversation (same text, not older than the row, message
   * id not yet claimed by another row) and records it as sent instead of sending it twice.
   * If the check itself fails, the message is sent again: a duplicate beats a loss.
   */
  private async reachedZalo(token: string, item: OutboxItem, payload: OutboxPayload): Promise<boolean> {
    if (payload.kind !== 'message' || !('text' in payload.message)) return false;
    const text = payload.message.text;
    const { outbox, owner, clock, logger: log } = this.d;
    try {
      await this.d.acquireCall();
      const recent = await this.d.client.recentMessages(token, item.userId, 10);
      let hit: (typeof recent)[number] | undefined;
      for (const m of recent) {
        if (m.fromOa && m.text === text && m.time >= item.createdAt - 60_000 && !(await outbox.hasZaloMessageId(m.messageId))) {
          hit = m;
          break;
        }
      }
      if (!hit) return false;
      if (await outbox.markDelivered(item.id, owner, clock(), hit.messageId)) await this.finished(item);
      log.info({ outboxId: item.id }, 'zalo: interrupted send had reached Zalo; recorded without resending');
      return true;
    } catch (err) {
      log.warn({ outboxId: item.id, err: errMessage(err) }, 'zalo: could not check an interrupted send; sending again');
      return false;
    }
  }

  private async deliver(token: string, userId: string, payload: OutboxPayload): Promise<{ messageId?: string }> {
    const { client, acquireCall, fileStore } = this.d;
    if (payload.kind === 'message') {
      await acquireCall();
      return client.sendMessage(token, userId, payload.message);
    }
    const f = payload.file;
    const stored = f.fileId && fileStore ? await fileStore.get(f.fileId) : undefined;
    const fallback: ZaloMessage = { text: fileFallbackText(f.name, f.url) };
    if (!stored || stored.bytes.byteLength > ZALO_LIMITS.maxFileBytes) {
      await acquireCall();
      return client.sendMessage(token, userId, fallback);
    }
    await acquireCall();
    let fileToken: string;
    try {
      fileToken = await client.uploadFile(token, { name: stored.name, contentType: stored.contentType, bytes: stored.bytes });
    } catch (err) {
      if (classifyFailure(err) !== 'permanent') throw err;
      this.d.logger.warn({ code: (err as ZaloApiError).zaloCode }, 'zalo: upload refused; sending the link instead');
      await acquireCall();
      return client.sendMessage(token, userId, fallback);
    }
    await acquireCall();
    return client.sendMessage(token, userId, { attachment: { type: 'file', payload: { token: fileToken } } });
  }
}

/** Why a failure class ends a message, as a final state and a short reason. */
function finalFor(err: unknown, cls: ReturnType<typeof classifyFailure>): { status: 'expired' | 'undeliverable'; reason: string } | undefined {
  const code = err instanceof ZaloApiError ? err.zaloCode : null;
  if (cls === 'window_closed') return { status: 'expired', reason: 'window_closed' };
  if (cls === 'undeliverable') return { status: 'undeliverable', reason: code === -213 ? 'unfollowed' : code === -227 ? 'user_banned_or_inactive' : 'user_unreachable' };
  if (cls === 'permanent') return { status: 'undeliverable', reason: 'rejected' };
  return undefined;
}
