import type { Router } from 'express';
import { z } from 'zod';
import { CONSOLE_ROLES } from '../../../bot/ports/index.js';
import { generatePassword } from '../../../storage/console-users.js';
import { usersPage } from '../views.js';
import { adminOnly, parse, wrap, type ConsoleContext } from './context.js';

const newUserSchema = z.object({
  username: z.string().trim().regex(/^[A-Za-z0-9_.-]{3,40}$/),
  displayName: z.string().trim().max(100).optional(),
  role: z.enum(CONSOLE_ROLES),
  lawyerId: z.string().trim().max(40).optional(),
  servicePoints: z.string().max(2000).optional(),
});

/** The administrator's account list and "new account" form (a one-time password is shown once). */
export function registerUserRoutes(router: Router, ctx: ConsoleContext): void {
  const { deps } = ctx;
  router.get(
    '/users',
    wrap(async (req, res) => {
      const a = await ctx.requireUser(req, res);
      if (!a) return;
      adminOnly(a);
      res.type('html').send(usersPage(ctx.page(a), await deps.users.list()));
    }),
  );

  router.post(
    '/users',
    wrap(async (req, res) => {
      const a = await ctx.requireUser(req, res);
      if (!a) return;
      ctx.checkCsrf(req, a);
      adminOnly(a);
      const b = parse(newUserSchema, req.body, 'console_user');
      if (b.role === 'lawyer' && (!b.lawyerId || !(await deps.rota.getLawyer(b.lawyerId)))) {
        res.status(400).type('html').send(usersPage(ctx.page(a), await deps.users.list(), undefined, 'Mã luật sư không có trong lịch trực.'));
        return;
      }
      const password = generatePassword();
      const created = await deps.users.create({
        username: b.username,
        displayName: b.displayName,
        role: b.role,
        password,
        lawyerId: b.role === 'lawyer' ? b.lawyerId : undefined,
        servicePoints: (b.servicePoints ?? '').split(/[;,\s]+/).filter(Boolean),
      });
      await deps.accessLog.record({ userId: a.user.id, username: a.user.username, role: a.user.role, action: 'user_create', allowed: true, detail: created.username });
      res.type('html').send(usersPage(ctx.page(a), await deps.users.list(), { username: created.username, password }));
    }),
  );
}
