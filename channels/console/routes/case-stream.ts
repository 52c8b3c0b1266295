import type { Router } from 'express';
import type { HandoffEvent } from '../../../bot/ports/index.js';
import { caseFor } from './case-access.js';
import { wrap, type ConsoleContext } from './context.js';

const PING_MS = 25_000;
const DEFAULT_SESSION_CHECK_MS = 15_000;

/**
 * `GET /cases/:id/events`: the case's live transcript and status as server-sent events. The
 * stream lives only as long as its session (logout, expiry or a disabled account end it) and
 * as long as a lawyer still holds the case (a reassignment revokes it).
 */
export function registerCaseStream(router: Router, ctx: ConsoleContext): void {
  const { deps } = ctx;
  router.get(
    '/cases/:id/events',
    wrap(async (req, res) => {
      const a = await ctx.requireUser(req, res);
      if (!a) return;
      const c = await caseFor(ctx, req, a, 'view_stream');
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      res.write('retry: 3000\n\n');
      let open = true;
      const end = (reason: string) => {
        if (!open) return;
        open = false;
        res.write(`event: session\ndata: ${JSON.stringify({ ended: reason })}\n\n`);
        res.end();
      };
      ctx.streams.add(a.token, res, end);
      const send = async (e: HandoffEvent) => {
        if (e.caseId !== c.id || !open) return;
        if (!(await ctx.stillValid(a))) {
          end('session');
          return;
        }
        if (!open) return;
        if (e.type === 'case' && a.user.role === 'lawyer' && e.lawyerId !== a.user.lawyerId) {
          res.write(`event: case\ndata: ${JSON.stringify({ status: e.status, revoked: true })}\n\n`);
          res.end();
          return;
        }
        res.write(`event: ${e.type}\ndata: ${JSON.stringify(e.type === 'transcript' ? e.entry : { status: e.status, flagged: e.flagged })}\n\n`);
      };
      const unsubscribe = deps.service.subscribe((e) => {
        send(e).catch((err: unknown) => ctx.log('warn', 'console stream event failed', { err: String(err) }));
      });
      const ping = setInterval(() => {
        if (open) res.write(': ping\n\n');
      }, PING_MS);
      ping.unref();
      const check = setInterval(() => {
        ctx.stillValid(a).then(
          (ok) => ok || end('session'),
          () => end('session'),
        );
      }, deps.streamSessionCheckMs ?? DEFAULT_SESSION_CHECK_MS);
      check.unref();
      const done = () => {
        open = false;
        clearInterval(ping);
        clearInterval(check);
        unsubscribe();
        ctx.streams.remove(a.token, res);
      };
      req.on('close', done);
      res.on('close', done);
    }),
  );
}
