/**
 * Port: a live-event bus between app processes (issue 16). When one process writes
 * something another process's client is waiting for (a Direct Line reply, a citizen message
 * shown in the lawyer console), it publishes a small event naming what changed; every
 * process that has a subscriber for the topic hands it on, and the subscriber reads the
 * store for the data itself.
 *
 * Guarantees, on every implementation:
 * - **At most once, live only.** An event reaches the subscribers registered when it is
 *   delivered; nothing is stored or replayed. Events can be lost (a connection drops): a
 *   subscriber whose `onGap` fires re-reads the store. The store, not the bus, is the truth.
 * - **Small payloads, no personal data.** A payload names ids and kinds
 *   (`{ kind: 'activity', seq: 42 }`), never message text: it may cross the network and sit in
 *   a database's notification queue. `publish` refuses a payload above
 *   `EVENT_PAYLOAD_MAX_BYTES` (UTF-8 JSON) and a topic above `EVENT_TOPIC_MAX_BYTES`.
 * - **No order across concurrent publishes.** Two publishes awaited one after the other on
 *   the same bus arrive in that order; concurrent ones may not.
 *
 * Topics used: `conversation:<id>` (Direct Line activities of one conversation) and
 * `console` (case and transcript changes for the lawyer console).
 */

export type EventJson = string | number | boolean | null | EventJson[] | { [key: string]: EventJson };

/** What an event carries: a JSON object of ids and kinds. */
export type EventPayload = { [key: string]: EventJson };

export type EventHandler = (payload: EventPayload) => void;

export interface SubscribeOptions {
  /**
   * Called when events for this topic may have been lost (the bus's connection dropped and
   * came back, or was not up when `subscribe` returned): the subscriber should re-read the
   * store. Never called by an in-process bus.
   */
  onGap?: () => void;
}

export interface EventBus {
  /**
   * Hands `payload` to every subscriber of `topic` in every process (including this one).
   * Resolves once the event is handed to the transport; rejects with a `RangeError` for an
   * oversized topic or payload (nothing is sent).
   */
  publish(topic: string, payload: EventPayload): Promise<void>;
  /**
   * Registers `handler` for `topic`. Resolves with the function that removes it, once events
   * published from then on will reach it (or, when the transport is down, once it is
   * registered: `onGap` fires when the transport is back). A throwing handler does not keep
   * the event from the others.
   */
  subscribe(topic: string, handler: EventHandler, options?: SubscribeOptions): Promise<() => void>;
  /** Stops delivering and releases the transport. Idempotent; `publish` and `subscribe` reject afterwards. */
  close(): Promise<void>;
}

/**
 * Largest payload, in bytes of its JSON (UTF-8). With the topic and an envelope this stays
 * under PostgreSQL's NOTIFY limit of 8000 bytes.
 */
export const EVENT_PAYLOAD_MAX_BYTES = 7_600;
/** Longest topic, in UTF-8 bytes. */
export const EVENT_TOPIC_MAX_BYTES = 256;

/**
 * The JSON of `payload` after checking topic and size, as every implementation must:
 * throws a `RangeError` that says which limit was passed.
 */
export function encodeEvent(topic: string, payload: EventPayload): string {
  if (typeof topic !== 'string' || topic.length === 0) throw new RangeError('EventBus: topic must be a non-empty string');
  const topicBytes = utf8Bytes(topic);
  if (topicBytes > EVENT_TOPIC_MAX_BYTES) {
    throw new RangeError(`EventBus: topic is ${topicBytes} bytes, the limit is ${EVENT_TOPIC_MAX_BYTES}`);
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new RangeError('EventBus: payload must be a JSON object');
  }
  const json = JSON.stringify(payload);
  const bytes = utf8Bytes(json);
  if (bytes > EVENT_PAYLOAD_MAX_BYTES) {
    throw new RangeError(
      `EventBus: payload on "${topic.slice(0, 60)}" is ${bytes} bytes of JSON, the limit is ${EVENT_PAYLOAD_MAX_BYTES}: publish ids and let the subscriber read the store`,
    );
  }
  return json;
}

const utf8 = new TextEncoder();

function utf8Bytes(s: string): number {
  return utf8.encode(s).length;
}
