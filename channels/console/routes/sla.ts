import type { Router } from 'express';
import type { Case } from '../../../bot/ports/index.js';
import { slaPage } from '../views.js';
import { coordinatorOnly, wrap, type ConsoleContext } from './context.js';

const OPEN_STATUSES: Case['status'][] = ['waiting', 'offered', 'live', 'ended_by_citizen'];

/** The coordinator's SLA board (open cases of their wards) and its "run the scheduler now" button. */
export function registerSlaRoutes(router: Router, ctx: ConsoleContext): void {
  const { deps, now } = ctx;
  router.get(
    '/sla',
    wrap(async (req, res) => {
      const a = await ctx.requireUser(req, res);
      if (!a) return;
      coordinatorOnly(a);
      const { lawyers } = await ctx.lookups();
      const filter = { statuses: OPEN_STATUSES, ...(a.user.servicePoints.length ? { wards: a.user.servicePoints } : {}) };
      res.type('html').send(slaPage(ctx.page(a), await deps.service.listCases(filter), now(), lawyers));
    }),
  );

  router.post(
    '/sla/tick',
    wrap(async (req, res) => {
      const a = await ctx.requireUser(req, res);
      if (!a) return;
      ctx.checkCsrf(req, a);
      coordinatorOnly(a);
      const report = await deps.service.tick();
      if (ctx.wantsJson(req)) res.json(report);
      else res.redirect(303, '/console/sla');
    }),
  );
}
