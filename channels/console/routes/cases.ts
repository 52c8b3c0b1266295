import type { Request, Router } from 'express';
import { z } from 'zod';
import { CASE_OUTCOMES } from '../../../bot/handoff/index.js';
import type { Case } from '../../../bot/ports/index.js';
import { casePage, queuePage } from '../views.js';
import { caseFor } from './case-access.js';
import { coordinatorOnly, lawyerOnly, parse, wrap, type Authed, type ConsoleContext } from './context.js';

const declineSchema = z.object({ reason: z.string().max(500).default(''), conflict: z.string().optional() });
const replySchema = z.object({ text: z.string().trim().min(1).max(4000) });
const noteSchema = z.object({ text: z.string().trim().min(1).max(4000) });
const closeSchema = z.object({ outcome: z.enum(CASE_OUTCOMES) });
const reassignSchema = z.object({ lawyerId: z.string().min(1).max(40) });

/**
 * The queue, one case (page and transcript JSON) and the actions on a case: accept, decline,
 * reply, private note, close, reassign. Each action checks the session, the CSRF token and the
 * user's scope (logged), then answers JSON to fetch calls and a redirect to forms.
 */
export function registerCaseRoutes(router: Router, ctx: ConsoleContext): void {
  const { deps, now } = ctx;

  router.get(
    '/',
    wrap(async (req, res) => {
      const a = await ctx.requireUser(req, res);
      if (!a) return;
      if (a.user.role === 'admin' || a.user.role === 'analyst') {
        res.redirect(303, a.user.role === 'admin' ? '/console/users' : '/console/dashboard/');
        return;
      }
      const { lawyers, points } = await ctx.lookups();
      const all =
        a.user.role === 'lawyer'
          ? await deps.service.listCases({ lawyerId: a.user.lawyerId ?? '__none__' })
          : await deps.service.listCases(a.user.servicePoints.length ? { wards: a.user.servicePoints } : {});
      if (ctx.wantsJson(req)) {
        // What the queue's poller compares (console.js), not the case records: their intake stays on the (logged) case page.
        res.json({ cases: all.map((c) => ({ caseId: c.id, status: c.status, lawyerId: c.lawyerId, flagged: c.flagged })) });
        return;
      }
      res.type('html').send(queuePage(ctx.page(a), all, now(), points, lawyers));
    }),
  );

  router.get(
    '/cases/:id',
    wrap(async (req, res) => {
      const a = await ctx.requireUser(req, res);
      if (!a) return;
      const c = await caseFor(ctx, req, a, 'view');
      const { lawyers, points } = await ctx.lookups();
      const [transcript, offers, detail] = await Promise.all([
        deps.service.transcript(c.id),
        deps.service.offers(c.id),
        deps.caseDetail(c.id),
      ]);
      const notes = a.user.role === 'lawyer' && c.lawyerId !== a.user.lawyerId ? [] : await deps.notes.list(c.id);
      res.type('html').send(
        casePage({
          u: ctx.page(a),
          c,
          detail,
          transcript,
          notes,
          offers,
          lawyers,
          points,
          now: now(),
          access: a.user.role === 'coordinator' ? await deps.accessLog.list({ caseId: c.id, limit: 30 }) : undefined,
        }),
      );
    }),
  );

  router.get(
    '/cases/:id/transcript.json',
    wrap(async (req, res) => {
      const a = await ctx.requireUser(req, res);
      if (!a) return;
      const c = await caseFor(ctx, req, a, 'view_transcript');
      res.json({ case: { caseId: c.id, status: c.status }, transcript: await deps.service.transcript(c.id) });
    }),
  );
}

/** The state-changing actions on one case (registered after the live stream, as before the split). */
export function registerCaseActions(router: Router, ctx: ConsoleContext): void {
  const { deps } = ctx;
  const action = (name: string, fn: (req: Request, a: Authed, c: Case) => Promise<unknown>) =>
    wrap(async (req, res) => {
      const a = await ctx.requireUser(req, res);
      if (!a) return;
      ctx.checkCsrf(req, a);
      const c = await caseFor(ctx, req, a, name);
      const result = await fn(req, a, c);
      if (ctx.wantsJson(req)) res.json({ ok: true, result });
      else res.redirect(303, `/console/cases/${encodeURIComponent(c.id)}`);
    });

  router.post('/cases/:id/accept', action('accept', (_req, a, c) => deps.service.accept(c.id, lawyerOnly(a))));
  router.post(
    '/cases/:id/decline',
    action('decline', (req, a, c) => {
      const b = parse(declineSchema, req.body, 'console_decline');
      return deps.service.decline(c.id, lawyerOnly(a), b.reason, b.conflict === '1' || b.conflict === 'true');
    }),
  );
  router.post(
    '/cases/:id/reply',
    action('reply', (req, a, c) => deps.service.lawyerReply(c.id, lawyerOnly(a), parse(replySchema, req.body, 'console_reply').text)),
  );
  router.post(
    '/cases/:id/notes',
    action('note', async (req, a, c) => {
      lawyerOnly(a);
      return deps.notes.add({ caseId: c.id, authorId: a.user.id, authorName: a.user.displayName, text: parse(noteSchema, req.body, 'console_note').text });
    }),
  );
  router.post(
    '/cases/:id/close',
    action('close', (req, a, c) => {
      const { outcome } = parse(closeSchema, req.body, 'console_close');
      if (a.user.role === 'coordinator') return deps.service.close(c.id, outcome, { coordinator: true });
      return deps.service.close(c.id, outcome, { lawyerId: lawyerOnly(a) });
    }),
  );
  router.post(
    '/cases/:id/reassign',
    action('reassign', (req, a, c) => {
      coordinatorOnly(a);
      return deps.service.reassign(c.id, parse(reassignSchema, req.body, 'console_reassign').lawyerId);
    }),
  );
}
