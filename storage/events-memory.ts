import { encodeEvent, type EventBus, type EventHandler, type EventPayload } from '../bot/ports/index.js';

/**
 * The in-process `EventBus`: enough for one app process (the SQLite deployment), and the
 * reference the PostgreSQL bus is tested against. Delivery is asynchronous (a microtask
 * after `publish`), as it is across processes, so no caller comes to rely on a handler
 * having run inside `publish`. Each handler gets its own copy of the payload.
 */
export class MemoryEventBus implements EventBus {
  private readonly topics = new Map<string, Set<EventHandler>>();
  private closed = false;

  /** `onHandlerError` sees what a throwing handler threw (default: dropped). */
  constructor(private readonly onHandlerError: (err: unknown, topic: string) => void = () => undefined) {}

  async publish(topic: string, payload: EventPayload): Promise<void> {
    const json = encodeEvent(topic, payload);
    if (this.closed) throw new Error('MemoryEventBus: publish after close');
    const handlers = this.topics.get(topic);
    if (!handlers || handlers.size === 0) return;
    // The set is copied: a handler unsubscribed before delivery still gets this event,
    // as it would have had it been delivered at publish time.
    const targets = [...handlers];
    queueMicrotask(() => {
      for (const h of targets) {
        try {
          h(JSON.parse(json) as EventPayload);
        } catch (err) {
          this.onHandlerError(err, topic);
        }
      }
    });
  }

  async subscribe(topic: string, handler: EventHandler): Promise<() => void> {
    encodeEvent(topic, {});
    if (this.closed) throw new Error('MemoryEventBus: subscribe after close');
    // Each registration is its own entry, so one function subscribed twice is two subscriptions.
    const entry: EventHandler = (p) => handler(p);
    let set = this.topics.get(topic);
    if (!set) {
      set = new Set();
      this.topics.set(topic, set);
    }
    set.add(entry);
    return () => {
      const s = this.topics.get(topic);
      if (!s) return;
      s.delete(entry);
      if (s.size === 0) this.topics.delete(topic);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.topics.clear();
  }
}
