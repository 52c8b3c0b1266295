import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { FEEDBACK_REASONS } from '../../../bot/index.js';
import { redactPersonalData } from '../../../bot/redact.js';
import { LEGAL_AREA_LABELS } from '../../../bot/handoff/index.js';
import { AppError, isAppError } from '../../../knowledge/errors.js';
import { lastDays } from '../../../storage/analytics.js';
import { localDay } from '../../../storage/analytics-columns.js';
import type { AccessLog, AnalyticsFilter, BotLogger, ConsoleSessionStore, ConsoleUser, ConsoleUserDirectory, DashboardAnalytics, TurnRow } from '../../../bot/ports/index.js';
import { consoleSecurityHeaders, readCookie, safeEqual, SESSION_COOKIE } from '../routes/security.js';
import type { PageUser } from '../views.js';
import { BEHAVIOR_LABELS, dashboardPage, reviewPage, type GapView, type ReviewItem, type Table } from './views.js';

const ASSETS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');
/** Chart.js's own build, served from node_modules (no CDN). */
const CHART_JS = path.join(path.dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');


/** Ward breakdowns below this many conversations are suppressed (issue 17, privacy). */
export const MIN_CELL = 5;

/** The analytics the dashboard reads: the port (`bot/ports/analytics.ts`; SQLite or PostgreSQL). */
export type { DashboardAnalytics } from '../../../bot/ports/index.js';

/** What the dashboard router needs: ports and settings, all given by the composition root. */
export interface DashboardDeps {
  analytics: DashboardAnalytics;
  /** The console's accounts, sessions and access log (the dashboard shares the console's login). */
  users: ConsoleUserDirectory;
  sessions: ConsoleSessionStore;
  accessLog: AccessLog;
  /** Opens a turn log row's sealed text; the feedback question likewise. */
  openTurnText: (row: { conversation_id: string; at: string; text: string }) => string;
  openFeedbackQuestion: (row: { conversation_id: string; at: string; question: string }) => string;
  procedure: (code: string) => { name: string; online: boolean | null } | undefined;
  wards: () => Array<{ code: string; name: string }>;
  /** Where reviewed turns become eval cases (JSONL, appended). */
  reviewFile: string;
  now: () => Date;
  /** Operator logs (no personal data). */
  logger: BotLogger;
}

const DASHBOARD_ROLES = new Set(['analyst', 'admin', 'coordinator']);
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const KIND_LABELS: Record<string, string> = { answered: 'Trả lời được', clarified: 'Hỏi lại cho rõ', refused: 'Từ chối', escalated: 'Chuyển luật sư', danger: 'Nguy hiểm (113/111)' };
const CHANNEL_LABELS: Record<string, string> = { directline: 'Web', webchat: 'Web', zalo: 'Zalo', test: 'Thử nghiệm' };
const REASON_LABELS: Record<string, string> = Object.fromEntries(FEEDBACK_REASONS.map((r) => [r.code, r.title]));
const INTENT_LABELS: Record<string, string> = {
  out_of_scope: 'ngoài phạm vi',
  manipulation: 'lạm dụng',
  procedure: 'thủ tục',
  followup: 'hỏi tiếp',
  legal_question: 'câu hỏi pháp luật',
  legal_problem: 'vụ việc pháp lý',
  greeting: 'chào hỏi',
  form_request: 'xin tờ khai',
  form_data: 'điền tờ khai',
};

const reviewSchema = z.object({
  _csrf: z.string().min(1),
  turnId: z.coerce.number().int().positive(),
  label: z.enum(['correct', 'partly', 'wrong']),
  reason: z.string().max(40).optional().default(''),
  behavior: z.enum(['', 'answer', 'clarify', 'refuse', 'escalate', 'urgent', 'legal_info']).optional().default(''),
  procedure: z.union([z.literal(''), z.string().regex(/^\d\.\d{6}$/)]).optional().default(''),
  answer: z.string().max(2000).optional().default(''),
  from: z.string().optional(),
  to: z.string().optional(),
  ward: z.string().optional(),
});

function csvCell(v: string | number): string {
  const s = String(v);
  // A leading =, +, - or @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const pct = (n: number, total: number) => (total > 0 ? `${Math.round((n / total) * 1000) / 10}%` : '–');
const fmtDate = (iso: string) => {
  const d = new Date(Date.parse(iso) + 7 * 3_600_000).toISOString();
  return `${d.slice(8, 10)}/${d.slice(5, 7)} ${d.slice(11, 16)}`;
};

/**
 * The dashboard under `/console/dashboard` for analysts, administrators and coordinators
 * (a user with wards sees only those wards, examples included). It shares the console's
 * session cookie, CSRF token and access log; every page that shows citizens' words is logged.
 */
export function createDashboardRouter(deps: DashboardDeps): Router {
  const now = deps.now;
  const router = express.Router();
  router.use(consoleSecurityHeaders);
  router.use('/assets/chart.umd.min.js', (_req, res) => res.sendFile(CHART_JS));
  router.use('/assets', express.static(ASSETS, { index: false, fallthrough: false, maxAge: 0 }));
  router.use(express.urlencoded({ extended: false, limit: '16kb' }));

  const wrap =
    (fn: (req: Request, res: Response) => Promise<void> | void) =>
    (req: Request, res: Response, next: NextFunction) => {
      Promise.resolve(fn(req, res)).catch(next);
    };

  /** The session's user, allowed on the dashboard; 303 to login, 403 (logged) for other roles. */
  const requireAnalyst = async (req: Request, res: Response): Promise<{ user: ConsoleUser; csrf: string } | undefined> => {
    const token = readCookie(req.get('cookie'), SESSION_COOKIE);
    const session = token ? await deps.sessions.get(token) : undefined;
    const user = session ? await deps.users.get(session.userId) : undefined;
    if (!session || !user || user.disabled) {
      res.redirect(303, '/console/login');
      return undefined;
    }
    if (!DASHBOARD_ROLES.has(user.role)) {
      await deps.accessLog.record({ userId: user.id, username: user.username, role: user.role, action: 'dashboard_denied', allowed: false, detail: req.path });
      throw new AppError('forbidden:console_role', 'The dashboard is for analysts, coordinators and administrators');
    }
    return { user, csrf: session.csrf };
  };

  /** Date range and wards from the query, within the user's wards. */
  const filterOf = async (req: Request, u: ConsoleUser, src: Record<string, unknown> = req.query): Promise<{ f: AnalyticsFilter; ward?: string }> => {
    const def = lastDays(now(), 30);
    let from = typeof src.from === 'string' && DAY.test(src.from) ? src.from : def.from;
    let to = typeof src.to === 'string' && DAY.test(src.to) ? src.to : def.to;
    if (from > to) [from, to] = [to, from];
    const ward = typeof src.ward === 'string' && src.ward ? src.ward : undefined;
    const mine = u.servicePoints.length ? u.servicePoints : undefined;
    if (ward && mine && !mine.includes(ward)) {
      await deps.accessLog.record({ userId: u.id, username: u.username, role: u.role, action: 'dashboard_ward_denied', allowed: false, detail: ward });
      throw new AppError('forbidden:console_ward', 'This ward is outside your wards');
    }
    return { f: { from, to, wards: ward ? [ward] : mine }, ward };
  };

  const wardNames = () => new Map(deps.wards().map((w) => [w.code, w.name]));
  const procLabel = (code: string) => {
    const p = deps.procedure(code);
    return p ? `${p.name} (${code})` : code;
  };

  /** Every table of the dashboard, computed for one filter. */
  const tablesFor = async (f: AnalyticsFilter): Promise<{ tables: Table[]; kpis: Array<{ label: string; value: string }> }> => {
    const names = wardNames();
    const wardLabel = (w: string | null) => (w ? (names.get(w) ?? w) : 'Chưa rõ phường/xã');
    const a = deps.analytics;

    const perDay = await a.perDayChannel(f);
    const days = [...new Set(perDay.map((r) => r.day))].sort();
    const channels = [...new Set(perDay.map((r) => r.channel))].sort();
    const cell = new Map(perDay.map((r) => [`${r.day}|${r.channel}`, r.count]));
    const chLabel = (c: string) => CHANNEL_LABELS[c] ?? c;

    const kinds = await a.kinds(f);
    const totalQ = Object.values(kinds).reduce((s, n) => s + n, 0);

    const top = await a.topProcedures(f, 15);
    const wards = await a.byWard(f, 3);

    const esc = await a.escalations(f);
    const t = now().getTime();
    const accepted = esc.filter((e) => e.acceptedAt);
    const waits = accepted.map((e) => (Date.parse(e.acceptedAt!) - Date.parse(e.openedAt)) / 60_000).sort((x, y) => x - y);
    const median = waits.length ? waits[Math.floor((waits.length - 1) / 2)]! : undefined;
    const decided = esc.filter((e) => e.acceptedAt || Date.parse(e.slaDueAt) < t);
    const met = decided.filter((e) => e.acceptedAt && e.acceptedAt <= e.slaDueAt);
    const byArea = new Map<string, { n: number; accepted: number; met: number; decided: number; waits: number[] }>();
    const byEscWard = new Map<string | null, { n: number; conversations: number }>();
    for (const e of esc) {
      const k = e.legalArea ?? '';
      const g = byArea.get(k) ?? { n: 0, accepted: 0, met: 0, decided: 0, waits: [] };
      g.n++;
      if (e.acceptedAt) {
        g.accepted++;
        g.waits.push((Date.parse(e.acceptedAt) - Date.parse(e.openedAt)) / 60_000);
      }
      if (e.acceptedAt || Date.parse(e.slaDueAt) < t) g.decided++;
      if (e.acceptedAt && e.acceptedAt <= e.slaDueAt) g.met++;
      byArea.set(k, g);
      const wg = byEscWard.get(e.ward) ?? { n: 0, conversations: 0 };
      wg.n++;
      byEscWard.set(e.ward, wg);
    }
    const minutes = (m: number | undefined) => (m === undefined ? '–' : m < 90 ? `${Math.round(m)} phút` : `${Math.round((m / 60) * 10) / 10} giờ`);
    const areaName = (k: string) => (k ? (LEGAL_AREA_LABELS as Record<string, string>)[k] ?? k : 'Chưa rõ lĩnh vực');
    const areaRows = [...byArea.entries()].sort((x, y) => y[1].n - x[1].n);

    const allAsked = await a.topProcedures(f, 500);
    let online = 0;
    let offline = 0;
    let unknown = 0;
    for (const p of allAsked) {
      const info = deps.procedure(p.code);
      if (info?.online === true) online += p.count;
      else if (info?.online === false) offline += p.count;
      else unknown += p.count;
    }

    const fb = await a.feedback(f);
    const up = fb.filter((r) => r.rating === 'up').reduce((s, r) => s + r.count, 0);
    const down = fb.filter((r) => r.rating === 'down').reduce((s, r) => s + r.count, 0);

    const suppressed = (n: number) => n < MIN_CELL;
    const tables: Table[] = [
      {
        id: 'per-day',
        title: 'Số câu hỏi theo ngày và kênh',
        summary: `Biểu đồ cột: ${totalQ} câu hỏi trong ${days.length} ngày, theo kênh ${channels.map(chLabel).join(', ')}`,
        columns: ['Ngày', ...channels.map(chLabel), 'Tổng'],
        rows: days.map((d) => {
          const vals = channels.map((c) => cell.get(`${d}|${c}`) ?? 0);
          return [d, ...vals, vals.reduce((s, n) => s + n, 0)];
        }),
        chart: { type: 'stacked', labels: days.map((d) => `${d.slice(8, 10)}/${d.slice(5, 7)}`), series: channels.map((c) => ({ label: chLabel(c), data: days.map((d) => cell.get(`${d}|${c}`) ?? 0) })) },
      },
      {
        id: 'outcomes',
        title: 'Tỉ lệ trả lời / hỏi lại / từ chối / chuyển luật sư / nguy hiểm',
        summary: `Biểu đồ tròn: ${Object.entries(kinds).map(([k, n]) => `${KIND_LABELS[k]} ${pct(n, totalQ)}`).join(', ')}`,
        columns: ['Kết quả', 'Số câu', 'Tỉ lệ'],
        rows: Object.entries(kinds).map(([k, n]) => [KIND_LABELS[k] ?? k, n, pct(n, totalQ)]),
        chart: { type: 'doughnut', labels: Object.keys(kinds).map((k) => KIND_LABELS[k] ?? k), series: [{ label: 'Số câu', data: Object.values(kinds) }] },
      },
      {
        id: 'procedures',
        title: 'Thủ tục được hỏi nhiều nhất',
        summary: `Biểu đồ thanh: ${top.slice(0, 5).map((p) => `${deps.procedure(p.code)?.name ?? p.code} ${p.count}`).join('; ')}`,
        columns: ['Thủ tục', 'Số câu hỏi', 'Nộp trực tuyến được?'],
        rows: top.map((p) => {
          const info = deps.procedure(p.code);
          return [procLabel(p.code), p.count, info?.online === true ? 'Có' : info?.online === false ? 'Chưa' : 'Chưa rõ'];
        }),
        chart: { type: 'hbar', labels: top.map((p) => (deps.procedure(p.code)?.name ?? p.code).slice(0, 48)), series: [{ label: 'Số câu hỏi', data: top.map((p) => p.count) }] },
      },
      {
        id: 'wards',
        title: 'Theo phường/xã: số cuộc trò chuyện và thủ tục hỏi nhiều nhất',
        summary: 'Bảng theo phường/xã',
        note: `Phường/xã có dưới ${MIN_CELL} cuộc trò chuyện không hiện số liệu (bảo vệ người hỏi).`,
        columns: ['Phường/xã', 'Cuộc trò chuyện', 'Câu hỏi', 'Thủ tục hỏi nhiều nhất'],
        rows: wards.map((w) =>
          suppressed(w.conversations)
            ? [wardLabel(w.ward), `< ${MIN_CELL}`, 'ẩn', 'ẩn']
            : [wardLabel(w.ward), w.conversations, w.questions, w.top.map((p) => `${deps.procedure(p.code)?.name ?? p.code} (${p.count})`).join('; ')],
        ),
      },
      {
        id: 'online',
        title: 'Thủ tục được hỏi có nộp trực tuyến được không',
        summary: `Biểu đồ cột: ${online} câu về thủ tục nộp trực tuyến được, ${offline} câu về thủ tục chưa nộp trực tuyến được`,
        note: 'Câu hỏi về thủ tục đã nộp trực tuyến được là nơi thành phố có thể hướng người dân nộp hồ sơ trực tuyến.',
        columns: ['Thủ tục', 'Số câu hỏi', 'Tỉ lệ'],
        rows: [
          ['Nộp trực tuyến được', online, pct(online, online + offline + unknown)],
          ['Chưa nộp trực tuyến được', offline, pct(offline, online + offline + unknown)],
          ['Chưa rõ', unknown, pct(unknown, online + offline + unknown)],
        ],
        chart: { type: 'bar', labels: ['Nộp trực tuyến được', 'Chưa nộp trực tuyến được', 'Chưa rõ'], series: [{ label: 'Số câu hỏi', data: [online, offline, unknown] }] },
      },
      {
        id: 'escalations',
        title: 'Chuyển luật sư: theo lĩnh vực, thời gian nhận, tỉ lệ đúng hạn',
        summary: `Biểu đồ cột: ${esc.length} vụ việc chuyển luật sư; thời gian nhận trung vị ${minutes(median)}; đúng hạn ${pct(met.length, decided.length)}`,
        columns: ['Lĩnh vực', 'Số vụ việc', 'Đã có luật sư nhận', 'Thời gian nhận (trung vị)', 'Đúng hạn'],
        rows: areaRows.map(([k, g]) => {
          const w = g.waits.sort((x, y) => x - y);
          return [areaName(k), g.n, g.accepted, minutes(w.length ? w[Math.floor((w.length - 1) / 2)] : undefined), pct(g.met, g.decided)];
        }),
        chart: { type: 'bar', labels: areaRows.map(([k]) => areaName(k)), series: [{ label: 'Số vụ việc', data: areaRows.map(([, g]) => g.n) }] },
      },
      {
        id: 'escalation-wards',
        title: 'Chuyển luật sư theo phường/xã',
        summary: 'Bảng theo phường/xã',
        note: `Phường/xã có dưới ${MIN_CELL} vụ việc không hiện số.`,
        columns: ['Phường/xã', 'Số vụ việc'],
        rows: [...byEscWard.entries()].sort((x, y) => y[1].n - x[1].n).map(([w, g]) => [wardLabel(w), suppressed(g.n) ? `< ${MIN_CELL}` : g.n]),
      },
      {
        id: 'feedback',
        title: 'Đánh giá 👍/👎 và lý do',
        summary: `Biểu đồ cột: ${up} 👍, ${down} 👎`,
        columns: ['Đánh giá', 'Lý do', 'Số lượt'],
        rows: fb.map((r) => [r.rating === 'up' ? '👍 Hữu ích' : '👎 Chưa hữu ích', r.rating === 'up' ? '' : r.reason ? (REASON_LABELS[r.reason] ?? r.reason) : 'Không nêu lý do', r.count]),
        chart: {
          type: 'bar',
          labels: fb.map((r) => (r.rating === 'up' ? '👍' : `👎 ${r.reason ? (REASON_LABELS[r.reason] ?? r.reason) : 'không nêu'}`)),
          series: [{ label: 'Số lượt', data: fb.map((r) => r.count) }],
        },
      },
    ];
    const kpis = [
      { label: 'câu hỏi', value: String(totalQ) },
      { label: 'trả lời được', value: pct(kinds.answered, totalQ) },
      { label: 'chuyển luật sư', value: String(esc.length) },
      { label: 'đúng hạn (nhận vụ việc)', value: pct(met.length, decided.length) },
      { label: '👍 trên tổng đánh giá', value: pct(up, up + down) },
    ];
    return { tables, kpis };
  };

  const gapLabel = (topic: string, intents: string[]) =>
    topic.startsWith('p:') ? `Quanh thủ tục ${procLabel(topic.slice(2))}` : topic.startsWith('i:') ? `Loại câu: ${INTENT_LABELS[topic.slice(2)] ?? topic.slice(2)}` : `Chủ đề khác (${intents.map((i) => INTENT_LABELS[i] ?? i).join(', ') || 'chưa rõ'})`;

  const gapsFor = async (f: AnalyticsFilter, withExamples: boolean): Promise<GapView[]> => {
    const names = wardNames();
    const out: GapView[] = [];
    for (const g of await deps.analytics.gaps(f, 20)) {
      const detail = [g.refused ? `${g.refused} từ chối` : '', g.lowConfidence ? `${g.lowConfidence} độ tin cậy thấp` : '', g.wrongProcedure ? `${g.wrongProcedure} 👎 không đúng ý` : ''].filter(Boolean).join(', ');
      let examples: GapView['examples'];
      if (withExamples) {
        const rows = (await deps.analytics.gapExamples(f, g.topic, 3)).map((r) => ({ text: deps.openTurnText(r), ward: r.ward ? (names.get(r.ward) ?? r.ward) : 'Chưa rõ', at: fmtDate(r.at) }));
        if (rows.length < 3 && g.topic.startsWith('p:')) {
          for (const r of await deps.analytics.wrongProcedureExamples(f, g.topic.slice(2), 3 - rows.length)) rows.push({ text: deps.openFeedbackQuestion(r), ward: '👎', at: fmtDate(r.at) });
        }
        examples = rows.map((r) => ({ ...r, text: redactPersonalData(r.text) }));
      }
      out.push({ label: gapLabel(g.topic, g.intents), count: g.count, detail, examples });
    }
    return out;
  };

  const wardsFor = (u: ConsoleUser) => {
    const all = deps.wards();
    return u.servicePoints.length ? all.filter((w) => u.servicePoints.includes(w.code)) : all;
  };

  router.get(
    '/',
    wrap(async (req, res) => {
      const a = await requireAnalyst(req, res);
      if (!a) return;
      const { f, ward } = await filterOf(req, a.user);
      const { tables, kpis } = await tablesFor(f);
      const gaps = await gapsFor(f, true);
      await deps.accessLog.record({ userId: a.user.id, username: a.user.username, role: a.user.role, action: 'dashboard_examples', allowed: true, detail: `${f.from}..${f.to} ${f.wards?.join(';') ?? 'all'}` });
      const page: PageUser = { user: a.user, csrf: a.csrf };
      res.type('html').send(
        dashboardPage(page, { from: f.from, to: f.to, ward, wards: wardsFor(a.user), limitedTo: a.user.servicePoints.length ? a.user.servicePoints : undefined, kpis, tables, gaps, examplesShown: true }),
      );
    }),
  );

  router.get(
    '/data.json',
    wrap(async (req, res) => {
      const a = await requireAnalyst(req, res);
      if (!a) return;
      const { f } = await filterOf(req, a.user);
      const { tables, kpis } = await tablesFor(f);
      res.json({ from: f.from, to: f.to, kpis, tables: tables.map(({ id, columns, rows }) => ({ id, columns, rows })), gaps: await gapsFor(f, false) });
    }),
  );

  router.get(
    '/export/:id.csv',
    wrap(async (req, res) => {
      const a = await requireAnalyst(req, res);
      if (!a) return;
      const { f } = await filterOf(req, a.user);
      const id = String(req.params.id);
      let columns: string[];
      let rows: Array<Array<string | number>>;
      if (id === 'gaps') {
        columns = ['Chủ đề', 'Số câu', 'Vì sao'];
        rows = (await gapsFor(f, false)).map((g) => [g.label, g.count, g.detail]);
      } else {
        const t = (await tablesFor(f)).tables.find((x) => x.id === id);
        if (!t) throw new AppError('not_found:dashboard_table', `No table ${id}`);
        columns = t.columns;
        rows = t.rows;
      }
      await deps.accessLog.record({ userId: a.user.id, username: a.user.username, role: a.user.role, action: 'dashboard_export', allowed: true, detail: id });
      res.set('Content-Disposition', `attachment; filename="${id}-${f.from}-${f.to}.csv"`);
      res.type('text/csv; charset=utf-8').send(`\uFEFF${[columns, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`);
    }),
  );

  const reviewItems = async (rows: Array<TurnRow & { stratum: string }>): Promise<ReviewItem[]> => {
    const names = wardNames();
    const items: ReviewItem[] = [];
    for (const r of rows) {
      const convo = await deps.analytics.turnsUpTo(r.conversation_id, r.id, 4);
      items.push({
        id: r.id,
        stratum: r.stratum,
        turns: convo.map((t) => ({ text: redactPersonalData(deps.openTurnText(t)), mine: t.id === r.id })),
        ward: r.ward ? (names.get(r.ward) ?? r.ward) : 'Chưa rõ phường/xã',
        at: fmtDate(r.at),
        behavior: r.behavior,
        procedure: r.procedure_code ? procLabel(r.procedure_code) : undefined,
        confidence: r.confidence === null ? undefined : r.confidence.toFixed(2),
      });
    }
    return items;
  };

  router.get(
    '/review',
    wrap(async (req, res) => {
      const a = await requireAnalyst(req, res);
      if (!a) return;
      const { f, ward } = await filterOf(req, a.user);
      const sample = await deps.analytics.reviewSample(f, 4);
      await deps.accessLog.record({ userId: a.user.id, username: a.user.username, role: a.user.role, action: 'review_view', allowed: true, detail: sample.map((s) => s.id).join(',') });
      const message = typeof req.query.saved === 'string' ? `Đã lưu đánh giá và tạo ca kiểm thử ${req.query.saved}.` : undefined;
      res.type('html').send(
        reviewPage(
          { user: a.user, csrf: a.csrf },
          { from: f.from, to: f.to, ward, items: await reviewItems(sample), message, reviewed: (await deps.analytics.reviews(10)).map((r) => ({ caseId: r.case_id, label: r.label, reviewer: r.reviewer })) },
        ),
      );
    }),
  );

  router.post(
    '/review',
    wrap(async (req, res) => {
      const a = await requireAnalyst(req, res);
      if (!a) return;
      const body = reviewSchema.safeParse(req.body ?? {});
      if (!body.success) throw new AppError('bad_request:dashboard_review', body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      const b = body.data;
      if (!safeEqual(b._csrf, a.csrf)) throw new AppError('forbidden:console_csrf', 'Missing or invalid CSRF token');
      const { f } = await filterOf(req, a.user, { from: b.from, to: b.to, ward: b.ward });
      const turn = await deps.analytics.turn(b.turnId);
      const mine = a.user.servicePoints;
      if (!turn || (mine.length && (!turn.ward || !mine.includes(turn.ward)))) {
        await deps.accessLog.record({ userId: a.user.id, username: a.user.username, role: a.user.role, action: 'review_denied', allowed: false, detail: String(b.turnId) });
        throw new AppError(turn ? 'forbidden:console_ward' : 'not_found:turn', 'This turn is not yours to review');
      }
      const convo = await deps.analytics.turnsUpTo(turn.conversation_id, turn.id, 4);
      const turns = convo.map((t) => redactPersonalData(deps.openTurnText(t))).filter((t) => t.trim());
      const behavior = b.behavior || (b.label === 'correct' ? turn.behavior : '') || turn.behavior;
      const procedure = b.procedure || (b.label === 'correct' && turn.procedure_code && behavior === 'answer' ? turn.procedure_code : '');
      const caseId = `log-${localDay(turn.at)}-${createHash('sha256').update(`${turn.conversation_id}/${turn.at}`).digest('hex').slice(0, 10)}`;
      const evalCase = {
        id: caseId,
        turns: turns.length ? turns : ['(trống)'],
        expect: { behavior, ...(procedure ? { procedures: [procedure] } : {}) },
        tags: ['reviewed-from-log', `review:${b.label}`, ...(b.reason ? [`reason:${b.reason}`] : [])],
        source: 'turn_log',
        review: {
          label: b.label,
          reason: b.reason || undefined,
          reviewer: a.user.username,
          at: now().toISOString(),
          bot: { behavior: turn.behavior, procedure: turn.procedure_code ?? undefined },
          ...(b.answer.trim() ? { answer: redactPersonalData(b.answer.trim()) } : {}),
        },
      };
      if (!(await deps.analytics.addReview({ turnId: turn.id, reviewer: a.user.username, label: b.label, reason: b.reason || undefined, behavior, procedureCode: procedure || undefined, caseId, at: now().toISOString() }))) {
        throw new AppError('conflict:review', 'This turn was already reviewed');
      }
      mkdirSync(path.dirname(deps.reviewFile), { recursive: true });
      appendFileSync(deps.reviewFile, `${JSON.stringify(evalCase)}\n`, 'utf8');
      await deps.accessLog.record({ userId: a.user.id, username: a.user.username, role: a.user.role, action: 'review_saved', allowed: true, detail: caseId });
      deps.logger.info({ caseId, label: b.label, behavior: BEHAVIOR_LABELS[behavior] ? behavior : 'unknown' }, 'dashboard: review saved as an eval case');
      res.redirect(303, `/console/dashboard/review?from=${f.from}&to=${f.to}${b.ward ? `&ward=${encodeURIComponent(b.ward)}` : ''}&saved=${caseId}`);
    }),
  );

  router.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const e = isAppError(err) ? err : new AppError('internal:dashboard', 'Unexpected dashboard error', { cause: err });
    if (e.status >= 500) deps.logger.error({ err: String(err) }, 'dashboard error');
    const message = e.kind === 'forbidden' ? 'Anh/chị không có quyền xem mục này. Lần truy cập đã được ghi lại.' : e.kind === 'bad_request' ? `Dữ liệu chưa hợp lệ: ${e.message}` : e.kind === 'conflict' ? 'Câu này đã được xem xét.' : 'Hệ thống gặp lỗi, vui lòng thử lại.';
    if (req.accepts(['html', 'json']) === 'json') {
      res.status(e.status).json(e.toJSON());
      return;
    }
    res.status(e.status).type('html').send(`<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Lỗi ${e.status}</title><link rel="stylesheet" href="/console/assets/console.css"></head><body><main id="main"><h1>Không thực hiện được</h1><p role="alert" data-testid="error">${message}</p><p><a href="/console/">Về bàn làm việc</a></p></main></body></html>`);
  });

  return router;
}
