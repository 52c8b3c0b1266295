import type { Router } from 'express';
import type { ConsoleEvent } from '../../../bot/handoff/index.js';
import type { HandoffEvent } from '../../../bot/ports/index.js';
import { caseFor } from './case-access.js';
import { wrap, type ConsoleContext } from './context.js';

const PING_MS = 25_000;
const DEFAULT_SESSION_CHECK_MS = 15_000;

/**
 * `GET /cases/:id/events`: the case's live transcript and status as server-sent events. The
 * stream lives only as long as its session (logout, expiry or a disabled account end it) and
 * as long as a lawyer still holds the case (a reassignment revokes it).
 *
 * Changes come from this process's handoff service directly and, in a city deployment, from
 * other processes through the event bus (`ctx.streams.watchCase`): an announcement names the
 * case or entry, which the stream reads from the store and pushes through the same checks.
 * Entries already pushed (by id) are not pushed again, so a duplicate announcement or a
 * re-read after a gap sends only what the client lacks.
 */
export function registerCaseStream(router: Router, ctx: ConsoleContext): void {
  const { deps } = ctx;
  router.get(
    '/cases/:id/events',
    wrap(async (req, res) => {
      const a = await ctx.requireUser(req, res);
      if (!a) return;
      const c = await caseFor(ctx, req, a, 'view_stream');
      // Entries the client has (the page showed those stored before the stream opened).
      const shown = new Set<string>();
      // Other processes' changes, held until the stream below can take them.
      const held: Array<ConsoleEvent | 'gap'> = [];
      let fromElsewhere = (what: ConsoleEvent | 'gap'): void => void held.push(what);
      let unwatch = (): void => undefined;
      if (ctx.streams.followsOtherProcesses) {
        for (const entry of await deps.service.transcript(c.id)) shown.add(entry.id);
        unwatch = await ctx.streams.watchCase(c.id, { onEvent: (e) => fromElsewhere(e), onGap: () => fromElsewhere('gap') });
        if (req.destroyed || res.destroyed) {
          unwatch();
          return;
        }
      }
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
        if (e.type === 'transcript') {
          if (shown.has(e.entry.id)) return;
          shown.add(e.entry.id);
        }
        if (!(await ctx.stillValid(a))) {
          end('session');
          return;
        }
        if (!open) return;
        if (e.type === 'case' && a.user.role === 'lawyer' && e.lawyerId !== a.user.lawyerId) {
          open = false;
          res.write(`event: case\ndata: ${JSON.stringify({ status: e.status, revoked: true })}\n\n`);
          res.end();
          return;
        }
        res.write(`event: ${e.type}\ndata: ${JSON.stringify(e.type === 'transcript' ? e.entry : { status: e.status, flagged: e.flagged })}\n\n`);
      };
      const unsubscribe = deps.service.subscribe((e) => {
        send(e).catch((err: unknown) => ctx.log('warn', 'console stream event failed', { err: String(err) }));
      });
      // Other processes' changes: read from the store, one at a time so they keep their order.
      let reading = Promise.resolve();
      const readAndSend = (what: ConsoleEvent | 'gap') => {
        reading = reading
          .then(async () => {
            if (!open) return;
            if (what === 'gap' || what.type === 'transcript') {
              const entries = await deps.service.transcript(c.id);
              for (const entry of entries) {
                if (what === 'gap' || entry.id === what.entryId) await send({ type: 'transcript', caseId: c.id, entry });
              }
            }
            if (what === 'gap' || what.type === 'case') {
              const now = await deps.service.getCase(c.id);
              if (now) await send({ type: 'case', caseId: now.id, status: now.status, lawyerId: now.lawyerId, flagged: now.flagged });
            }
          })
          .catch((err: unknown) => ctx.log('warn', 'console stream could not read a change', { err: String(err) }));
      };
      fromElsewhere = readAndSend;
      for (const what of held.splice(0)) readAndSend(what);
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
        unwatch();
        ctx.streams.remove(a.token, res);
      };
      req.on('close', done);
      res.on('close', done);
    }),
  );
}
