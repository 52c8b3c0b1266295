import type { Request } from 'express';
import { AppError } from '../../../knowledge/errors.js';
import type { Case, ConsoleUser } from '../../../bot/ports/index.js';
import type { Authed, ConsoleContext } from './context.js';

/** A lawyer sees the cases offered to or held by them; a coordinator the cases of their wards (none: the city). */
export function inScope(u: ConsoleUser, c: Case): boolean {
  if (u.role === 'lawyer') return !!u.lawyerId && c.lawyerId === u.lawyerId;
  if (u.role === 'coordinator') return u.servicePoints.length === 0 || (!!c.ward && u.servicePoints.includes(c.ward));
  return false;
}

/**
 * Loads the case of `req.params.id` if the user may see it. Every attempt is written to the
 * access log, allowed or not; `not_found` for no case, `forbidden` (logged) outside scope.
 */
export async function caseFor(ctx: ConsoleContext, req: Request, a: Authed, action: string): Promise<Case> {
  const caseId = String(req.params.id ?? '');
  const c = await ctx.deps.service.getCase(caseId);
  const allowed = !!c && inScope(a.user, c);
  await ctx.deps.accessLog.record({ userId: a.user.id, username: a.user.username, role: a.user.role, caseId, action: allowed ? action : `${action}_denied`, allowed });
  if (!c) throw new AppError('not_found:case', `No case ${caseId}`);
  if (!allowed) {
    ctx.log('warn', 'console: case access denied', { user: a.user.username, caseId });
    throw new AppError('forbidden:console_case', 'This case is not offered or assigned to you');
  }
  return c;
}
