import type { Request, Router } from 'express';
import { z } from 'zod';
import { addDays, dutySlots, formatImportReport, fromLocal, localParts, parseHhMm, validateRotaCsv, type Rota } from '../../../bot/handoff/index.js';
import { AppError } from '../../../knowledge/errors.js';
import type { ConsoleUser } from '../../../bot/ports/index.js';
import { rotaPage } from '../views.js';
import { coordinatorOnly, parse, wrap, type Authed, type ConsoleContext } from './context.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const exceptionSchema = z
  .object({
    lawyerId: z.string().min(1).max(40),
    kind: z.enum(['leave', 'extra']),
    date: isoDate,
    dateTo: z.union([isoDate, z.literal('')]).optional(),
    servicePoint: z.string().max(10).optional(),
    start: z.string().optional(),
    end: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'extra') {
      const s = parseHhMm(v.start ?? '');
      const e = parseHhMm(v.end ?? '');
      if (!v.servicePoint) ctx.addIssue({ code: 'custom', message: 'Ca bổ sung cần điểm phục vụ' });
      if (s === undefined || e === undefined || e <= s) ctx.addIssue({ code: 'custom', message: 'Giờ bắt đầu/kết thúc không hợp lệ' });
    } else if (v.dateTo && v.dateTo < v.date) {
      ctx.addIssue({ code: 'custom', message: 'Ngày kết thúc nghỉ phải sau ngày bắt đầu' });
    }
  });
const importSchema = z.object({ lawyersCsv: z.string().min(1).max(2_000_000), shiftsCsv: z.string().max(2_000_000).optional() });
const activeSchema = z.object({ active: z.enum(['1', '0']) });

/**
 * Coordinators act only on their wards (a coordinator with no wards covers the city).
 * `touches`: the lawyer has a shift, an extra shift or a ward among the coordinator's
 * wards (enough to record leave). `owns`: every one of the lawyer's shifts and wards is
 * among them (needed to deactivate or overwrite the lawyer, which affects every ward).
 */
export function lawyerScope(u: ConsoleUser, rota: Rota, lawyerId: string): { touches: boolean; owns: boolean } {
  if (u.servicePoints.length === 0) return { touches: true, owns: true };
  const mine = new Set(u.servicePoints);
  const lawyer = rota.lawyers.find((l) => l.id === lawyerId);
  const places = [
    ...rota.shifts.filter((s) => s.lawyerId === lawyerId).map((s) => s.servicePoint),
    ...rota.exceptions.filter((e) => e.lawyerId === lawyerId && e.kind === 'extra').map((e) => (e.kind === 'extra' ? e.servicePoint : '')),
    ...(lawyer?.wards ?? []),
  ];
  const touches = places.some((p) => mine.has(p));
  return { touches, owns: touches && places.every((p) => mine.has(p)) };
}

/**
 * The coordinator's rota: a week of duty slots, leave and extra slots, CSV import, pausing or
 * resuming a lawyer. Ward coordinators are held to their wards; a refusal is logged.
 */
export function registerRotaRoutes(router: Router, ctx: ConsoleContext): void {
  const { deps, now } = ctx;

  const wardDenied = async (req: Request, a: Authed, action: string, detail: string): Promise<AppError> => {
    await deps.accessLog.record({ userId: a.user.id, username: a.user.username, role: a.user.role, action: `${action}_denied`, allowed: false, detail });
    ctx.log('warn', 'console: coordinator action outside their wards', { user: a.user.username, action, path: req.path });
    return new AppError('forbidden:console_ward', 'This lawyer or service point is outside your wards');
  };

  const renderRota = async (a: Authed, message?: string) => {
    const { rota, lawyers, points } = await ctx.lookups();
    const today = localParts(now()).date;
    const days = Array.from({ length: 7 }, (_, i) => addDays(today, i));
    let slots = dutySlots(rota, fromLocal(today, '00:00'), fromLocal(addDays(today, 7), '00:00'));
    if (a.user.servicePoints.length) slots = slots.filter((s) => a.user.servicePoints.includes(s.servicePoint));
    const shown = a.user.servicePoints.length ? new Map([...points].filter(([k]) => a.user.servicePoints.includes(k))) : points;
    return rotaPage({ u: ctx.page(a), days, slots, lawyers, points: shown, message });
  };

  router.get(
    '/rota',
    wrap(async (req, res) => {
      const a = await ctx.requireUser(req, res);
      if (!a) return;
      coordinatorOnly(a);
      res.type('html').send(await renderRota(a));
    }),
  );

  router.post(
    '/rota/exceptions',
    wrap(async (req, res) => {
      const a = await ctx.requireUser(req, res);
      if (!a) return;
      ctx.checkCsrf(req, a);
      coordinatorOnly(a);
      const b = parse(exceptionSchema, req.body, 'console_rota_exception');
      if (!(await deps.rota.getLawyer(b.lawyerId))) throw new AppError('bad_request:console_rota_exception', `Unknown lawyer ${b.lawyerId}`);
      const rota = await deps.rota.loadRota();
      if (!lawyerScope(a.user, rota, b.lawyerId).touches) throw await wardDenied(req, a, `rota_${b.kind}`, b.lawyerId);
      if (b.kind === 'extra' && a.user.servicePoints.length && !a.user.servicePoints.includes(b.servicePoint ?? '')) {
        throw await wardDenied(req, a, 'rota_extra', `${b.lawyerId}@${b.servicePoint ?? ''}`);
      }
      const id = globalThis.crypto.randomUUID();
      if (b.kind === 'leave') await deps.rota.addException({ id, lawyerId: b.lawyerId, kind: 'leave', date: b.date, dateTo: b.dateTo || b.date });
      else {
        if (!(await deps.rota.getServicePoint(b.servicePoint!))) throw new AppError('bad_request:console_rota_exception', 'Unknown service point');
        await deps.rota.addException({ id, lawyerId: b.lawyerId, kind: 'extra', date: b.date, servicePoint: b.servicePoint!, start: b.start!, end: b.end! });
      }
      await deps.accessLog.record({ userId: a.user.id, username: a.user.username, role: a.user.role, action: `rota_${b.kind}`, allowed: true, detail: b.lawyerId });
      res.type('html').send(await renderRota(a, 'Đã lưu thay đổi lịch trực.'));
    }),
  );

  router.post(
    '/rota/import',
    wrap(async (req, res) => {
      const a = await ctx.requireUser(req, res);
      if (!a) return;
      ctx.checkCsrf(req, a);
      coordinatorOnly(a);
      const b = parse(importSchema, req.body, 'console_rota_import');
      const current = await deps.rota.loadRota();
      const result = validateRotaCsv({
        lawyersCsv: b.lawyersCsv,
        shiftsCsv: b.shiftsCsv?.trim() ? b.shiftsCsv : undefined,
        servicePoints: current.servicePoints,
        existingLawyerIds: current.lawyers.map((l) => l.id),
      });
      if (result.errors.length === 0 && a.user.servicePoints.length) {
        // A ward coordinator may load only lawyers wholly of their wards (existing ones must
        // already be theirs alone) and shifts at their service points.
        const mine = new Set(a.user.servicePoints);
        const existing = new Set(current.lawyers.map((l) => l.id));
        const outside = [
          ...result.lawyers.filter((l) => (existing.has(l.id) && !lawyerScope(a.user, current, l.id).owns) || l.wards.some((w) => !mine.has(w))).map((l) => l.id),
          ...result.shifts.filter((s) => !mine.has(s.servicePoint)).map((s) => `${s.lawyerId}@${s.servicePoint}`),
          ...result.exceptions.filter((e) => e.kind === 'extra' && !mine.has(e.servicePoint)).map((e) => e.lawyerId),
        ];
        if (outside.length) throw await wardDenied(req, a, 'rota_import', [...new Set(outside)].slice(0, 10).join(' '));
      }
      const report = formatImportReport(result);
      if (result.errors.length === 0) {
        await deps.rota.importRota({
          lawyers: result.lawyers,
          schedule: b.shiftsCsv?.trim() ? { shifts: result.shifts, exceptions: result.exceptions } : undefined,
        });
      }
      await deps.accessLog.record({ userId: a.user.id, username: a.user.username, role: a.user.role, action: 'rota_import', allowed: result.errors.length === 0, detail: report.split('\n')[0] });
      res.status(result.errors.length ? 400 : 200).type('html').send(await renderRota(a, report));
    }),
  );

  router.post(
    '/rota/lawyers/:lawyerId/active',
    wrap(async (req, res) => {
      const a = await ctx.requireUser(req, res);
      if (!a) return;
      ctx.checkCsrf(req, a);
      coordinatorOnly(a);
      const active = parse(activeSchema, req.body, 'console_lawyer_active').active === '1';
      const id = String(req.params.lawyerId ?? '');
      if (!(await deps.rota.getLawyer(id))) throw new AppError('not_found:lawyer', `No lawyer ${id}`);
      if (!lawyerScope(a.user, await deps.rota.loadRota(), id).owns) throw await wardDenied(req, a, active ? 'lawyer_activate' : 'lawyer_deactivate', id);
      if (await !deps.rota.setLawyerActive(id, active)) throw new AppError('not_found:lawyer', `No lawyer ${id}`);
      await deps.accessLog.record({ userId: a.user.id, username: a.user.username, role: a.user.role, action: active ? 'lawyer_activate' : 'lawyer_deactivate', allowed: true, detail: id });
      res.type('html').send(await renderRota(a, active ? 'Đã cho luật sư trực lại.' : 'Đã tạm ngừng nhận hồ sơ của luật sư.'));
    }),
  );
}
