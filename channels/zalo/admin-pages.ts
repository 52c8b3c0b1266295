import fs from 'node:fs';
import path from 'node:path';
import express, { type Request, type Response, type Router } from 'express';
import { AppError } from '../../knowledge/index.js';
import type { BotLogger, OutboxQueue } from '../../bot/ports/index.js';
import { safeEqual } from '../http/safe-equal.js';
import type { OutboxPayload } from './render.js';
import { sendError } from './util.js';

/**
 * Checks the operator token (`ADMIN_TOKEN`): `Authorization: Bearer …`, or a token posted in
 * a form body (`bodyToken`), never one in the URL. Answers the error itself and returns false.
 */
export type RequireAdmin = (req: Request, res: Response, bodyToken?: string) => boolean;

export function adminGuard(adminToken: string | undefined, logger: BotLogger): RequireAdmin {
  return (req, res, bodyToken) => {
    if (!adminToken) {
      sendError(res, new AppError('not_found:zalo_admin', 'Zalo admin endpoints are disabled: set ADMIN_TOKEN'));
      return false;
    }
    const header = req.get('authorization');
    // Header only: a token in the URL ends up in proxy logs and browser history.
    const given = header?.startsWith('Bearer ') ? header.slice(7) : (bodyToken ?? '');
    if (!safeEqual(given, adminToken)) {
      logger.warn({ ip: req.ip, path: req.path }, 'zalo: admin request with a bad token');
      sendError(res, new AppError('unauthorized:zalo_admin', 'Admin token required (Authorization: Bearer <ADMIN_TOKEN>)'));
      return false;
    }
    return true;
  };
}

export interface AdminPagesDeps {
  outbox: OutboxQueue;
  requireAdmin: RequireAdmin;
  /**
   * Folder holding the domain-verification HTML file Zalo hands out (developers.zalo.me →
   * Xác thực domain); each `*.html` file in it is served at `/<file name>`.
   */
  verifierDir: string | undefined;
}

/** Operator pages: `/zalo/admin/undeliverable` and Zalo's domain-verification files. */
export function adminPagesRouter(d: AdminPagesDeps): Router {
  const router = express.Router();
  if (d.verifierDir) {
    const dir = d.verifierDir;
    router.get('/:file', (req, res, next) => {
      const file = String(req.params.file);
      if (!/^[A-Za-z0-9_-]+\.html$/.test(file)) return next();
      const full = path.join(dir, file);
      if (!fs.existsSync(full)) return next();
      res.type('html').send(fs.readFileSync(full));
    });
  }

  router.get('/zalo/admin/undeliverable', async (req, res) => {
    if (!d.requireAdmin(req, res)) return;
    const items = (await d.outbox.listProblems(200)).map((r) => ({
      id: r.id,
      userId: r.userId,
      status: r.status,
      reason: r.reason,
      attempts: r.attempts,
      errorCode: r.errorCode,
      errorMessage: r.errorMessage,
      origin: r.origin,
      createdAt: new Date(r.createdAt).toISOString(),
      finishedAt: r.finishedAt === null ? null : new Date(r.finishedAt).toISOString(),
      message: JSON.parse(r.payload) as OutboxPayload,
    }));
    res.json({ items });
  });
  return router;
}
