import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * Zalo webhook payloads. Validation is deliberately loose beyond the fields we use: Zalo adds
 * fields over time and an unknown field must never make us drop a citizen's message.
 * Ids and timestamps are strings on the wire; numbers are accepted and turned into strings.
 */
const idString = z.union([z.string(), z.number()]).transform((v) => String(v));

export const zaloAttachmentSchema = z
  .object({
    type: z.string(),
    payload: z.unknown().optional(),
  })
  .passthrough();

export const zaloEventSchema = z
  .object({
    app_id: idString.optional(),
    event_name: z.string().min(1),
    timestamp: idString,
    sender: z.object({ id: idString }).passthrough().optional(),
    recipient: z.object({ id: idString }).passthrough().optional(),
    follower: z.object({ id: idString }).passthrough().optional(),
    user_id_by_app: idString.optional(),
    message: z
      .object({
        msg_id: idString.optional(),
        text: z.string().optional(),
        attachments: z.array(zaloAttachmentSchema).optional(),
      })
      .passthrough()
      .optional(),
    info: z.record(z.unknown()).optional(),
  })
  .passthrough();

export type ZaloEvent = z.infer<typeof zaloEventSchema>;

/** What the channel does with an event. */
export type EventKind = 'text' | 'follow' | 'unfollow' | 'submit_info' | 'media' | 'ignore';

const MEDIA_EVENTS = new Set([
  'user_send_image',
  'user_send_link',
  'user_send_audio',
  'user_send_video',
  'user_send_sticker',
  'user_send_gif',
  'user_send_location',
  'user_send_business_card',
  'user_send_file',
]);

export function classifyEvent(eventName: string): EventKind {
  if (eventName === 'user_send_text') return 'text';
  if (eventName === 'follow') return 'follow';
  if (eventName === 'unfollow') return 'unfollow';
  if (eventName === 'user_submit_info') return 'submit_info';
  if (MEDIA_EVENTS.has(eventName)) return 'media';
  // oa_send_* echoes, user_received_message / user_seen_message receipts, anything new.
  return 'ignore';
}

/** The citizen the event is about: `follower.id` for follow/unfollow, else `sender.id`. */
export function eventUserId(e: ZaloEvent): string | undefined {
  if (e.event_name === 'follow' || e.event_name === 'unfollow') return e.follower?.id ?? e.sender?.id;
  return e.sender?.id;
}

/**
 * Key that identifies a delivery across Zalo's retries: `message.msg_id` when there is one;
 * otherwise (follow, submit_info) a hash of name, user and timestamp, which a retry repeats.
 */
export function dedupeKey(e: ZaloEvent, userId: string): string {
  if (e.message?.msg_id) return `msg:${e.message.msg_id}`;
  const h = createHash('sha256').update(`${e.event_name}\u0000${userId}\u0000${e.timestamp}`).digest('hex');
  return `evt:${h.slice(0, 40)}`;
}
