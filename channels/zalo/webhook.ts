import express, { type Request, type Response, type Router } from 'express';
import { AppError } from '../../knowledge/index.js';
import type { BotLogger, InboxQueue } from '../../bot/ports/index.js';
import { classifyEvent, dedupeKey, eventUserId, zaloEventSchema } from './events.js';
import { verifyZaloSignature } from './signature.js';
import type { Clock } from './time.js';
import { errMessage, sendError } from './util.js';

const TEMPLATE_ECHO = /^oa_send_/;

export interface WebhookDeps {
  inbox: InboxQueue;
  appId: string;
  /** OA Secret Key (Webhook page): the key of `X-ZEvent-Signature`. */
  oaSecretKey: string;
  /** Wakes the inbox worker after an event was stored. */
  kick: () => void;
  clock: Clock;
  logger: BotLogger;
}

/**
 * `POST /zalo/webhook`: verify the signature, validate the event, persist it in the inbox
 * (deduplicated on Zalo's message id), answer 200. Nothing is processed here; an event that
 * could not be stored gets a non-2xx so Zalo delivers it again.
 */
export function webhookRouter(d: WebhookDeps): Router {
  const router = express.Router();
  const log = d.logger;
  router.post('/zalo/webhook', express.raw({ type: () => true, limit: '512kb' }), async (req: Request, res: Response) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const signature = req.get('x-zevent-signature');
    if (!signature && raw.toString('utf8').trim() === '') {
      // The console's "verify webhook" POST: empty and unsigned.
      res.status(200).json({ ok: true });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      log.warn({ bytes: raw.length, ip: req.ip }, 'zalo: webhook body is not JSON; rejected');
      sendError(res, new AppError('bad_request:zalo_json', 'Webhook body is not valid JSON'));
      return;
    }
    if (!signature && !(isObject(body) && 'event_name' in body)) {
      res.status(200).json({ ok: true });
      return;
    }
    const ts = isObject(body) && (typeof body.timestamp === 'string' || typeof body.timestamp === 'number') ? String(body.timestamp) : '';
    if (!verifyZaloSignature(signature, d.appId, raw, ts, d.oaSecretKey)) {
      log.warn({ ip: req.ip, bytes: raw.length, reason: signature ? 'mismatch' : 'missing' }, 'zalo: webhook signature rejected');
      sendError(res, new AppError('unauthorized:zalo_signature', 'Invalid or missing x-zevent-signature'));
      return;
    }
    const parsed = zaloEventSchema.safeParse(body);
    if (!parsed.success) {
      log.warn({ issues: parsed.error.issues.map((i) => i.path.join('.')) }, 'zalo: signed webhook with an unexpected shape; rejected');
      sendError(res, new AppError('bad_request:zalo_event', `Unexpected webhook shape: ${parsed.error.issues.map((i) => i.path.join('.') || i.message).join(', ')}`));
      return;
    }
    const e = parsed.data;
    const kind = classifyEvent(e.event_name);
    if (kind === 'ignore' || TEMPLATE_ECHO.test(e.event_name)) {
      // Echoes and receipts need no work; not storing them keeps the inbox small.
      res.status(200).json({ ok: true });
      return;
    }
    const userId = eventUserId(e);
    if (!userId) {
      sendError(res, new AppError('bad_request:zalo_event', `Event ${e.event_name} has no user id`));
      return;
    }
    try {
      const added = await d.inbox.add({ dedupeKey: dedupeKey(e, userId), userId, eventName: e.event_name, body: raw.toString('utf8'), now: d.clock() });
      if (added) d.kick();
      else log.debug?.({ event: e.event_name }, 'zalo: duplicate delivery ignored');
    } catch (err) {
      // Not stored: answer non-2xx so Zalo delivers it again.
      log.error({ err: errMessage(err) }, 'zalo: could not persist webhook event');
      sendError(res, new AppError('unavailable:zalo_inbox', 'Could not store the event', { cause: err }));
      return;
    }
    res.status(200).json({ ok: true });
  });
  return router;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
