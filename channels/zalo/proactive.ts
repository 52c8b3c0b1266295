import { AppError } from '../../knowledge/index.js';
import type { ConversationAddress, OutgoingMessage } from '../../bot/index.js';
import type { DeliveryReport, OutboxQueue, OutboxRecord, ProactiveSender, ProactiveSendOptions } from '../../bot/ports/index.js';
import { ZALO_CHANNEL_ID } from './adapter.js';
import type { OutboxSender } from './outbox-sender.js';
import { fromOutgoing, renderForZalo, type OutboxPayload } from './render.js';
import type { Clock } from './time.js';

/** How outgoing messages enter the outbox (rendered payloads, deliver-by, tag). */
export type Enqueue = (userId: string, origin: string, payloads: OutboxPayload[], now: number, opts?: { deliverBy?: number; tag?: string }) => Promise<number[]>;

export interface ZaloProactiveDeps {
  outbox: OutboxQueue;
  sender: Pick<OutboxSender, 'onFinished' | 'offFinished'>;
  enqueue: Enqueue;
  kick: () => void;
  publicBaseUrl: string | undefined;
  clock: Clock;
}

/** The proactive sender with its status reader (also offered on its own to the channel's callers). */
export interface ZaloProactive extends ProactiveSender {
  deliveryStatus(tag: string): Promise<DeliveryReport | undefined>;
}

/**
 * Messages sent outside a turn (lawyer replies, notices, files) through the same outbox as
 * replies: `send` renders and enqueues them, and with `waitMs` waits (real time) for their
 * final state; `deliveryStatus(tag)` answers later for the rows sent with that tag.
 */
export function createZaloProactiveSender(d: ZaloProactiveDeps): ZaloProactive {
  async function recordsOf(ids: number[]): Promise<Omit<OutboxRecord, 'payload'>[]> {
    const rows = await Promise.all(ids.map((id) => d.outbox.get(id)));
    return rows.filter((r): r is OutboxRecord => r !== undefined).map(({ payload: _p, ...meta }) => meta);
  }

  async function openOf(ids: number[]): Promise<number[]> {
    const records = await recordsOf(ids);
    return records.filter((r) => r.status === 'pending' || r.status === 'sending').map((r) => r.id);
  }

  /** Waits (real time) until every row is final or `ms` passed; other processes' outcomes are polled. */
  async function waitFinal(ids: number[], ms: number): Promise<void> {
    let left = await openOf(ids);
    if (!left.length || ms <= 0) return;
    await new Promise<void>((resolve) => {
      // One read at a time; a finish signalled during a read asks for one more.
      let checking = false;
      let again = false;
      const check = (): void => {
        if (checking) {
          again = true;
          return;
        }
        checking = true;
        openOf(left)
          .then((open) => {
            left = open;
            if (!left.length) done();
          })
          .catch(() => undefined)
          .finally(() => {
            checking = false;
            if (again && left.length) {
              again = false;
              check();
            }
          });
      };
      const timer = setTimeout(() => done(), ms);
      const poll = setInterval(check, 250);
      const done = () => {
        clearTimeout(timer);
        clearInterval(poll);
        for (const id of ids) d.sender.offFinished(id, check);
        resolve();
      };
      for (const id of left) d.sender.onFinished(id, check);
    });
  }

  async function deliveryStatus(tag: string): Promise<DeliveryReport | undefined> {
    const records = await d.outbox.byTag(tag);
    return records.length ? reportFor(records) : undefined;
  }

  return {
    async send(address: ConversationAddress, messages: OutgoingMessage[], options?: ProactiveSendOptions): Promise<DeliveryReport> {
      if (address.channelId !== ZALO_CHANNEL_ID) {
        throw new AppError('bad_request:zalo_address', `Zalo sender got an address for channel ${address.channelId}`);
      }
      const ref = address.reference as { userId?: unknown };
      const userId = typeof ref.userId === 'string' ? ref.userId : address.userId;
      const payloads = messages.flatMap((m) => renderForZalo(fromOutgoing(m), d.publicBaseUrl));
      if (!payloads.length) return { state: 'delivered', reason: 'nothing_to_send' };
      const ids = await d.enqueue(userId, 'proactive', payloads, d.clock(), { deliverBy: options?.deliverBy, tag: options?.tag });
      d.kick();
      if (options?.waitMs) await waitFinal(ids, options.waitMs);
      return reportFor(await recordsOf(ids));
    },
    deliveryStatus,
  };
}

/** One state for several rows (a message rendered into several Zalo messages). */
export function reportFor(records: Omit<OutboxRecord, 'payload'>[]): DeliveryReport {
  const bad = records.find((r) => r.status === 'expired' || r.status === 'undeliverable');
  if (bad) {
    return { state: bad.status as 'expired' | 'undeliverable', reason: bad.reason ?? undefined, detail: [bad.errorCode, bad.errorMessage].filter((x) => x !== null).join(' ') || undefined };
  }
  if (records.length > 0 && records.every((r) => r.status === 'delivered')) return { state: 'delivered' };
  const last = records.find((r) => r.status !== 'delivered' && r.errorMessage);
  return { state: 'pending', reason: last ? 'retrying' : 'queued', detail: last?.errorMessage ?? undefined };
}
