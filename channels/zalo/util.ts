import type { Response } from 'express';
import type { AppError } from '../../knowledge/index.js';
import type { OutboxPayload } from './render.js';

/** A plain text message for the outbox. */
export function textPayload(text: string): OutboxPayload {
  return { kind: 'message', message: { text } };
}

/** Answers with the error's status and JSON body. */
export function sendError(res: Response, err: AppError): void {
  res.status(err.status).json(err.toJSON());
}

export function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function trimSlash(u: string): string {
  return u.replace(/\/+$/, '');
}
