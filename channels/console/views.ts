/**
 * Server-rendered pages of the lawyer and coordinator console: Vietnamese, mobile first,
 * no inline script (strict CSP), labelled forms, `aria-live` for the live transcript.
 */
import {
  CASE_OUTCOME_LABELS,
  CASE_OUTCOMES,
  LEGAL_AREA_LABELS,
  formatLocalVi,
  type DutySlot,
  type Lawyer,
  type Offer,
  type ServicePoint,
  type TranscriptEntry,
} from '../../bot/handoff/index.js';
import { html, raw, type SafeHtml } from '../web/index.js';
import type { AccessLogEntry, Case, ConsoleUser, PrivateNote } from '../../bot/ports/index.js';

export interface PageUser {
  user: ConsoleUser;
  csrf: string;
  /** Channels' live status (token health), shown at the top of every page. */
  channels?: ChannelStatusView[];
}

/** A channel's status as the server's registry gives it (Zalo: its `TokenStatus`). */
export interface ChannelStatusView {
  channel: string;
  state: 'ok' | 'degraded';
  token?: { state: string; accessExpiresAt?: string; refreshFailures: number; lastError?: string };
  problems: string[];
}

const CHANNEL_NAMES: Record<string, string> = { zalo: 'Zalo OA' };

/** What the token state means for the operator, and what to do. */
function tokenText(t: NonNullable<ChannelStatusView['token']>): string {
  const until = t.accessExpiresAt ? formatLocalVi(new Date(t.accessExpiresAt)) : undefined;
  const why = t.lastError ? ` (lỗi gần nhất: ${t.lastError})` : '';
  switch (t.state) {
    case 'ok':
      return `đang hoạt động${until ? `; mã truy cập còn hạn đến ${until}` : ''}.`;
    case 'refresh_failing':
      return `gia hạn mã truy cập đang lỗi ${t.refreshFailures} lần${why}; hệ thống tự thử lại${until ? `, mã hiện tại còn hạn đến ${until}` : ''}.`;
    case 'expired':
      return `mã truy cập đã hết hạn và chưa gia hạn được${why}; tin nhắn tới người dân đang chờ gửi.`;
    case 'refresh_rejected':
      return `Zalo đã từ chối quyền truy cập${why}. Quản trị viên cần cấp quyền lại tại /zalo/oauth/start; tin nhắn tới người dân đang chờ gửi.`;
    case 'missing':
      return 'chưa kết nối. Quản trị viên cần cấp quyền tại /zalo/oauth/start.';
    default:
      return `trạng thái ${t.state}${why}.`;
  }
}

/**
 * Channel status at the top of the page: admins and coordinators always see each channel's
 * token health (they act on it); lawyers only hear of a problem, in terms of their messages.
 */
function channelBanner(u: PageUser | undefined): SafeHtml {
  const channels = u?.channels ?? [];
  if (!u || channels.length === 0) return html``;
  const operator = u.user.role === 'admin' || u.user.role === 'coordinator';
  const shown = operator ? channels : channels.filter((c) => c.state !== 'ok');
  if (shown.length === 0) return html``;
  return html`<section class="channel-status" data-testid="channel-status" aria-label="Tình trạng kênh">${shown.map((c) => {
    const name = CHANNEL_NAMES[c.channel] ?? c.channel;
    const text = operator
      ? c.token
        ? `Kết nối ${name}: ${tokenText(c.token)}`
        : `Kết nối ${name}: ${c.state === 'ok' ? 'đang hoạt động.' : c.problems.join('; ')}`
      : `Kênh ${name} đang gặp sự cố: tin nhắn anh/chị gửi người dân trên ${name} sẽ được gửi khi kết nối lại.`;
    return html`<p role="${c.state === 'ok' ? 'status' : 'alert'}" class="${c.state === 'ok' ? 'ok' : 'warn'}" data-channel="${c.channel}" data-state="${c.token?.state ?? c.state}">${text}</p>`;
  })}</section>`;
}

export const URGENCY_LABELS: Record<string, string> = {
  emergency: 'Khẩn cấp',
  deadline: 'Có thời hạn gần',
  soon: 'Trong 3 ngày làm việc',
  routine: 'Thông thường',
};

export const STATUS_LABELS: Record<string, string> = {
  waiting: 'Chờ xếp luật sư',
  offered: 'Đang mời nhận',
  live: 'Đang tư vấn',
  ended_by_citizen: 'Người dân đã rời',
  closed: 'Đã đóng',
};

const ROLE_LABELS: Record<string, string> = { lawyer: 'Luật sư', coordinator: 'Điều phối viên', admin: 'Quản trị', analyst: 'Phân tích' };

/** Optional detail from triage's case record (minimised for display). */
export interface CaseDetail {
  servicePointName?: string;
  summary?: string;
  signals?: string[];
  service?: string;
  safeToContact?: boolean;
  preferredTime?: string;
  deadlineDue?: string;
  eligibility?: string;
  adverseParties?: string[];
  /** Statute articles the bot quoted to the citizen before the case was opened (issue 13). */
  citedArticles?: { document: string; article: string; title: string; url: string }[];
}

/** "còn 1 giờ 20 phút" / "quá hạn 15 phút". */
export function timeLeft(due: string | undefined, now: Date): string {
  if (!due) return '';
  const ms = new Date(due).getTime() - now.getTime();
  const abs = Math.abs(ms);
  const d = Math.floor(abs / 86_400_000);
  const h = Math.floor((abs % 86_400_000) / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const parts = [d ? `${d} ngày` : '', h ? `${h} giờ` : '', !d && (m || !h) ? `${m} phút` : ''].filter(Boolean).join(' ');
  return ms >= 0 ? `còn ${parts}` : `quá hạn ${parts}`;
}

function nav(u: PageUser | undefined): SafeHtml {
  if (!u) return html``;
  const r = u.user.role;
  return html`<nav aria-label="Điều hướng chính"><ul>
    ${r !== 'admin' && r !== 'analyst' ? html`<li><a href="/console/">Hồ sơ</a></li>` : ''}
    ${r !== 'lawyer' ? html`<li><a href="/console/dashboard/">Thống kê</a></li>` : ''}
    ${r === 'coordinator' ? html`<li><a href="/console/sla">Bảng SLA</a></li><li><a href="/console/rota">Lịch trực</a></li>` : ''}
    ${r === 'admin' ? html`<li><a href="/console/users">Tài khoản</a></li>` : ''}
    <li><form method="post" action="/console/logout" class="inline"><input type="hidden" name="_csrf" value="${u.csrf}">
      <button type="submit" class="link">Đăng xuất (${u.user.displayName})</button></form></li>
  </ul></nav>`;
}

export function layout(title: string, body: SafeHtml, u?: PageUser, opts: { script?: boolean } = {}): string {
  return html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
${u ? html`<meta name="csrf-token" content="${u.csrf}">` : ''}
<title>${title} · Bàn làm việc luật sư</title>
<link rel="stylesheet" href="/console/assets/console.css">
${opts.script ? html`<script src="/console/assets/console.js" defer></script>` : ''}
</head>
<body>
<a class="skip" href="#main">Bỏ qua điều hướng</a>
<header><p class="brand">Trợ lý TTHC · Luật sư tình nguyện</p>${nav(u)}</header>
${channelBanner(u)}
<main id="main">
${body}
</main>
</body>
</html>`.value;
}

export function loginPage(opts: { csrf: string; error?: string; username?: string }): string {
  return layout(
    'Đăng nhập',
    html`<h1>Đăng nhập</h1>
    ${opts.error ? html`<p class="error" role="alert" data-testid="login-error">${opts.error}</p>` : ''}
    <form method="post" action="/console/login" class="stack" data-testid="login-form">
      <input type="hidden" name="_csrf" value="${opts.csrf}">
      <label for="username">Tên đăng nhập</label>
      <input id="username" name="username" autocomplete="username" required value="${opts.username ?? ''}">
      <label for="password">Mật khẩu</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <button type="submit">Đăng nhập</button>
    </form>`,
  );
}

export function errorPage(status: number, message: string, u?: PageUser): string {
  return layout(`Lỗi ${status}`, html`<h1>Không thực hiện được</h1><p role="alert" data-testid="error">${message}</p><p><a href="/console/">Về danh sách hồ sơ</a></p>`, u);
}

const areaLabel = (c: Case) => (c.legalArea ? LEGAL_AREA_LABELS[c.legalArea] : 'Chưa rõ lĩnh vực');

function dueOf(c: Case): string | undefined {
  return c.status === 'offered' ? c.offerExpiresAt : c.status === 'waiting' ? c.slaDueAt : undefined;
}

/**
 * Marker the page script watches: it polls the case list and, when it changed, announces it
 * politely with a reload link (no automatic refresh, which would disrupt screen readers).
 */
function watchMarker(cases: Case[]): SafeHtml {
  const snapshot = cases
    .filter((c) => c.status !== 'closed')
    .map((c) => `${c.id}:${c.status}:${c.lawyerId ?? ''}:${c.flagged ? 1 : 0}`)
    .sort()
    .join(',');
  return html`<p id="queue-watch" data-snapshot="${snapshot}" role="status" aria-live="polite" class="ok" data-testid="queue-changed"></p>`;
}

export function queuePage(u: PageUser, cases: Case[], now: Date, points: Map<string, ServicePoint>, lawyers: Map<string, Lawyer>): string {
  const open = cases.filter((c) => c.status !== 'closed');
  const closed = cases.filter((c) => c.status === 'closed').slice(0, 20);
  const row = (c: Case) => html`<li class="case ${c.urgency} ${c.flagged ? 'flagged' : ''}" data-testid="case-${c.id}">
      <a href="/console/cases/${encodeURIComponent(c.id)}"><strong>${c.id}</strong></a>
      <span class="badge u-${c.urgency}">${URGENCY_LABELS[c.urgency] ?? c.urgency}</span>
      <span class="badge">${STATUS_LABELS[c.status] ?? c.status}</span>
      <span>${areaLabel(c)}</span>
      <span>${c.ward ? (points.get(c.ward)?.name ?? c.ward) : ''}</span>
      ${u.user.role === 'coordinator' && c.lawyerId ? html`<span>LS: ${lawyers.get(c.lawyerId)?.name ?? c.lawyerId}</span>` : ''}
      ${dueOf(c) ? html`<span class="due">${c.status === 'offered' ? 'Hạn nhận: ' : 'Hạn phục vụ: '}${timeLeft(dueOf(c), now)}</span>` : ''}
      ${c.flagged ? html`<span class="flag" role="note">⚑ ${c.flagReason ?? 'Cần điều phối'}</span>` : ''}
    </li>`;
  return layout(
    'Hồ sơ',
    html`<h1>Hồ sơ ${u.user.role === 'lawyer' ? 'của tôi' : 'trong phạm vi phụ trách'}</h1>
    ${watchMarker(cases)}
    <p class="muted">Cập nhật lúc ${formatLocalVi(now)}. <a href="/console/">Tải lại</a></p>
    <h2>Đang mở (${open.length})</h2>
    ${open.length ? html`<ul class="cases" data-testid="open-cases">${open.map(row)}</ul>` : html`<p>Chưa có hồ sơ nào.</p>`}
    ${closed.length ? html`<h2>Đã đóng gần đây</h2><ul class="cases">${closed.map(row)}</ul>` : ''}`,
    u,
    { script: true },
  );
}

function entryView(e: TranscriptEntry): SafeHtml {
  const who = e.from === 'citizen' ? 'Người dân' : e.from === 'lawyer' ? 'Luật sư' : 'Hệ thống';
  return html`<li class="msg from-${e.from}" data-id="${e.id}"><span class="who">${who}</span>
    <time datetime="${e.at}">${formatLocalVi(new Date(e.at))}</time>
    <p>${e.text}</p>${e.delivery === 'failed' ? html`<p class="error">Chưa gửi được: ${e.deliveryError ?? ''}</p>` : ''}${
      e.delivery === 'pending' ? html`<p class="pending">Đang chờ kênh gửi tới người dân${e.deliveryError ? html`: ${e.deliveryError}` : ''}</p>` : ''}</li>`;
}

export function casePage(input: {
  u: PageUser;
  c: Case;
  detail?: CaseDetail;
  transcript: TranscriptEntry[];
  notes: PrivateNote[];
  offers: Offer[];
  lawyers: Map<string, Lawyer>;
  points: Map<string, ServicePoint>;
  now: Date;
  access?: AccessLogEntry[];
}): string {
  const { u, c, detail, now } = input;
  const mine = u.user.role === 'lawyer' && c.lawyerId === u.user.lawyerId;
  const coordinator = u.user.role === 'coordinator';
  const csrf = html`<input type="hidden" name="_csrf" value="${u.csrf}">`;
  const base = `/console/cases/${encodeURIComponent(c.id)}`;
  const canReply = mine && (c.status === 'live' || c.status === 'ended_by_citizen');
  return layout(
    `Hồ sơ ${c.id}`,
    html`<h1>Hồ sơ <span data-testid="case-id">${c.id}</span></h1>
    <dl class="facts">
      <dt>Trạng thái</dt><dd data-testid="case-status">${STATUS_LABELS[c.status] ?? c.status}</dd>
      <dt>Mức khẩn</dt><dd>${URGENCY_LABELS[c.urgency] ?? c.urgency}</dd>
      <dt>Lĩnh vực</dt><dd>${areaLabel(c)}</dd>
      <dt>Phường/xã</dt><dd>${detail?.servicePointName ?? (c.ward ? (input.points.get(c.ward)?.name ?? c.ward) : 'Chưa rõ')}</dd>
      <dt>Hạn phục vụ</dt><dd>${formatLocalVi(new Date(c.slaDueAt))} (${timeLeft(c.slaDueAt, now)})</dd>
      ${c.status === 'offered' && c.offerExpiresAt ? html`<dt>Hạn nhận</dt><dd>${formatLocalVi(new Date(c.offerExpiresAt))} (${timeLeft(c.offerExpiresAt, now)})</dd>` : ''}
      ${c.lawyerId ? html`<dt>Luật sư</dt><dd>${input.lawyers.get(c.lawyerId)?.name ?? c.lawyerId}</dd>` : ''}
      ${c.conflictWithServicePoint ? html`<dt>Lưu ý</dt><dd class="flag">Khiếu nại liên quan chính UBND phường/xã nơi trực</dd>` : ''}
      ${c.flagged ? html`<dt>Cảnh báo</dt><dd class="flag">${c.flagReason ?? ''}</dd>` : ''}
      ${c.outcome ? html`<dt>Kết quả</dt><dd>${CASE_OUTCOME_LABELS[c.outcome]}</dd>` : ''}
    </dl>
    ${detail
      ? html`<section aria-labelledby="h-summary"><h2 id="h-summary">Tóm tắt người dân đã đồng ý chia sẻ</h2>
        <p data-testid="case-summary">${detail.summary ?? ''}</p>
        <ul class="muted">
          ${detail.service ? html`<li>Yêu cầu: ${detail.service}</li>` : ''}
          ${detail.deadlineDue ? html`<li>Thời hạn trên giấy tờ (tham khảo): ${detail.deadlineDue}</li>` : ''}
          ${detail.safeToContact === false ? html`<li class="flag">Không an toàn để liên hệ ngoài cuộc trò chuyện này</li>` : ''}
          ${detail.preferredTime ? html`<li>Thời gian thuận tiện: ${detail.preferredTime}</li>` : ''}
          ${detail.adverseParties?.length ? html`<li>Bên liên quan (để kiểm tra xung đột lợi ích): ${detail.adverseParties.join(', ')}</li>` : ''}
          ${detail.eligibility ? html`<li>Sàng lọc trợ giúp pháp lý: ${detail.eligibility}</li>` : ''}
        </ul>${detail.citedArticles?.length
          ? html`<h3>Điều luật trợ lý đã trích dẫn cho người dân</h3>
          <ul data-testid="case-cited-articles">${detail.citedArticles.map((a) => html`<li><a href="${a.url}" rel="noopener noreferrer" target="_blank">Điều ${a.article} (${a.document})</a> — ${a.title}</li>`)}</ul>`
          : ''}</section>`
      : ''}
    ${mine && c.status === 'offered'
      ? html`<section aria-labelledby="h-offer" class="card"><h2 id="h-offer">Nhận hồ sơ?</h2>
        <form method="post" action="${base}/accept">${csrf}<button type="submit" data-testid="accept">Nhận hồ sơ</button></form>
        <form method="post" action="${base}/decline" class="stack">${csrf}
          <label for="reason">Lý do từ chối</label>
          <input id="reason" name="reason" maxlength="500">
          <label class="check"><input type="checkbox" name="conflict" value="1"> Xung đột lợi ích</label>
          <button type="submit" class="secondary" data-testid="decline">Từ chối</button>
        </form></section>`
      : ''}
    <section aria-labelledby="h-chat"><h2 id="h-chat">Trao đổi với người dân</h2>
      <ol class="transcript" id="transcript" aria-live="polite" data-case="${c.id}" data-testid="transcript">${input.transcript.map(entryView)}</ol>
      ${canReply
        ? html`<form method="post" action="${base}/reply" id="reply-form" class="stack">${csrf}
          <label for="reply">Trả lời (gửi tới người dân qua kênh họ đang dùng)</label>
          <textarea id="reply" name="text" rows="4" maxlength="4000" required data-testid="reply-text"></textarea>
          <button type="submit" data-testid="reply-send">Gửi</button>
          <p id="reply-status" role="status" class="muted"></p>
        </form>`
        : ''}
    </section>
    ${mine || coordinator
      ? html`<section aria-labelledby="h-notes"><h2 id="h-notes">Ghi chú riêng (không gửi cho người dân)</h2>
        <ul class="notes" data-testid="notes">${input.notes.map((n) => html`<li><time datetime="${n.at}">${formatLocalVi(new Date(n.at))}</time> · ${n.authorName}: ${n.text}</li>`)}</ul>
        ${mine ? html`<form method="post" action="${base}/notes" class="stack">${csrf}
          <label for="note">Thêm ghi chú</label><textarea id="note" name="text" rows="2" maxlength="4000" required></textarea>
          <button type="submit" class="secondary">Lưu ghi chú</button></form>` : ''}
      </section>`
      : ''}
    ${(mine && c.status !== 'offered' && c.status !== 'closed') || (coordinator && c.status !== 'closed')
      ? html`<section aria-labelledby="h-close" class="card"><h2 id="h-close">Đóng hồ sơ</h2>
        <form method="post" action="${base}/close" class="stack">${csrf}
          <label for="outcome">Kết quả</label>
          <select id="outcome" name="outcome" required data-testid="outcome">
            ${CASE_OUTCOMES.map((o) => html`<option value="${o}">${CASE_OUTCOME_LABELS[o]}</option>`)}
          </select>
          <button type="submit" data-testid="close">Đóng hồ sơ</button>
        </form></section>`
      : ''}
    ${coordinator && c.status !== 'closed'
      ? html`<section aria-labelledby="h-reassign" class="card"><h2 id="h-reassign">Chuyển luật sư</h2>
        <form method="post" action="${base}/reassign" class="stack">${csrf}
          <label for="lawyer">Luật sư</label>
          <select id="lawyer" name="lawyerId" required>
            ${[...input.lawyers.values()].filter((l) => l.active).map((l) => html`<option value="${l.id}">${l.name} (${l.specialties.map((s) => LEGAL_AREA_LABELS[s]).join(', ')})</option>`)}
          </select>
          <button type="submit" class="secondary">Chuyển</button>
        </form>
        <h3>Lịch sử mời nhận</h3>
        <ul>${input.offers.map((o) => html`<li>${formatLocalVi(new Date(o.offeredAt))}: ${input.lawyers.get(o.lawyerId)?.name ?? o.lawyerId} — ${o.status}${o.reason ? html` (${o.reason})` : ''}</li>`)}</ul>
        ${input.access ? html`<h3>Nhật ký truy cập</h3><ul>${input.access.map((a) => html`<li>${formatLocalVi(new Date(a.at))}: ${a.username} ${a.action}${a.allowed ? '' : ' (bị từ chối)'}</li>`)}</ul>` : ''}
      </section>`
      : ''}`,
    u,
    { script: true },
  );
}

export function slaPage(u: PageUser, cases: Case[], now: Date, lawyers: Map<string, Lawyer>): string {
  const sorted = [...cases].sort((a, b) => Number(b.flagged) - Number(a.flagged) || a.slaDueAt.localeCompare(b.slaDueAt));
  return layout(
    'Bảng SLA',
    html`<h1>Bảng theo dõi thời hạn</h1>
    ${watchMarker(cases)}
    <form method="post" action="/console/sla/tick" class="inline"><input type="hidden" name="_csrf" value="${u.csrf}">
      <button type="submit" class="secondary">Kiểm tra quá hạn ngay</button></form>
    <div class="scroll" tabindex="0" role="region" aria-label="Bảng thời hạn, cuộn ngang để xem đủ cột"><table data-testid="sla-board"><caption>Hồ sơ chưa đóng, ưu tiên hồ sơ có cảnh báo</caption>
      <thead><tr><th scope="col">Hồ sơ</th><th scope="col">Mức khẩn</th><th scope="col">Trạng thái</th><th scope="col">Luật sư</th><th scope="col">Hạn phục vụ</th><th scope="col">Cảnh báo</th></tr></thead>
      <tbody>${sorted.map(
        (c) => html`<tr class="${c.flagged ? 'flagged' : ''}"><td><a href="/console/cases/${encodeURIComponent(c.id)}">${c.id}</a></td>
          <td>${URGENCY_LABELS[c.urgency] ?? c.urgency}</td><td>${STATUS_LABELS[c.status] ?? c.status}</td>
          <td>${c.lawyerId ? (lawyers.get(c.lawyerId)?.name ?? c.lawyerId) : '—'}</td>
          <td>${timeLeft(c.slaDueAt, now)}</td><td>${c.flagged ? (c.flagReason ?? '⚑') : ''}</td></tr>`,
      )}</tbody></table></div>`,
    u,
    { script: true },
  );
}

export function rotaPage(input: {
  u: PageUser;
  days: string[];
  slots: DutySlot[];
  lawyers: Map<string, Lawyer>;
  points: Map<string, ServicePoint>;
  message?: string;
}): string {
  const { u, days } = input;
  const byPoint = new Map<string, DutySlot[]>();
  for (const s of input.slots) byPoint.set(s.servicePoint, [...(byPoint.get(s.servicePoint) ?? []), s]);
  const fmt = (d: Date) => formatLocalVi(d).slice(0, 5);
  const dayOf = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
  return layout(
    'Lịch trực',
    html`<h1>Lịch trực 7 ngày tới</h1>
    ${input.message ? html`<pre role="status" class="${input.message.startsWith('Không nhập') ? 'error' : 'ok'}" data-testid="rota-message">${input.message}</pre>` : ''}
    <div class="scroll" tabindex="0" role="region" aria-label="Lịch trực, cuộn ngang để xem đủ 7 ngày"><table data-testid="rota-calendar"><caption>Ca trực theo điểm phục vụ (giờ Hà Nội)</caption>
      <thead><tr><th scope="col">Phường/xã</th>${days.map((d) => html`<th scope="col">${d.slice(8, 10)}/${d.slice(5, 7)}</th>`)}</tr></thead>
      <tbody>${[...byPoint.entries()].map(
        ([code, slots]) => html`<tr><th scope="row">${input.points.get(code)?.name ?? code}</th>${days.map(
          (d) => html`<td>${slots.filter((s) => dayOf(s.start) === d).map((s) => html`<div>${fmt(s.start)}–${fmt(s.end)} ${input.lawyers.get(s.lawyerId)?.name ?? s.lawyerId}</div>`)}</td>`,
        )}</tr>`,
      )}</tbody></table></div>
    <section aria-labelledby="h-leave" class="card"><h2 id="h-leave">Thêm ngày nghỉ / ca bổ sung</h2>
      <form method="post" action="/console/rota/exceptions" class="stack"><input type="hidden" name="_csrf" value="${u.csrf}">
        <label for="ex-lawyer">Luật sư</label>
        <select id="ex-lawyer" name="lawyerId" required>${[...input.lawyers.values()].map((l) => html`<option value="${l.id}">${l.name}</option>`)}</select>
        <label for="ex-kind">Loại</label>
        <select id="ex-kind" name="kind"><option value="leave">Nghỉ</option><option value="extra">Ca bổ sung</option></select>
        <label for="ex-date">Từ ngày</label><input id="ex-date" name="date" type="date" required>
        <label for="ex-to">Đến ngày (nghỉ)</label><input id="ex-to" name="dateTo" type="date">
        <label for="ex-sp">Điểm phục vụ (ca bổ sung)</label>
        <select id="ex-sp" name="servicePoint"><option value="">—</option>${[...input.points.values()].map((p) => html`<option value="${p.code}">${p.name}</option>`)}</select>
        <label for="ex-start">Giờ bắt đầu</label><input id="ex-start" name="start" type="time">
        <label for="ex-end">Giờ kết thúc</label><input id="ex-end" name="end" type="time">
        <button type="submit">Lưu</button>
      </form></section>
    <section aria-labelledby="h-lawyers"><h2 id="h-lawyers">Luật sư (${input.lawyers.size})</h2>
      <ul class="lawyers">${[...input.lawyers.values()].map(
        (l) => html`<li data-testid="lawyer-${l.id}">${l.name}${l.active ? '' : ' (tạm ngừng)'} — ${l.specialties.map((s) => LEGAL_AREA_LABELS[s]).join(', ')}; tối đa ${l.maxOpenCases} hồ sơ
          <form method="post" action="/console/rota/lawyers/${encodeURIComponent(l.id)}/active" class="inline"><input type="hidden" name="_csrf" value="${u.csrf}">
            <input type="hidden" name="active" value="${l.active ? '0' : '1'}"><button type="submit" class="secondary">${l.active ? 'Tạm ngừng nhận hồ sơ' : 'Cho trực lại'}</button></form></li>`,
      )}</ul>
    </section>
    <section aria-labelledby="h-import" class="card"><h2 id="h-import">Nhập lịch trực từ CSV</h2>
      <p class="muted">Dán nội dung tệp CSV (cột như hướng dẫn trong channels/console/README.md). Nếu có dòng lỗi thì không nhập gì và danh sách lỗi hiện ở đầu trang. Có thể dùng lệnh <code>npm run tthc -- lawyers:import lawyers.csv shifts.csv</code>.</p>
      <form method="post" action="/console/rota/import" class="stack"><input type="hidden" name="_csrf" value="${u.csrf}">
        <label for="csv-lawyers">lawyers.csv</label><textarea id="csv-lawyers" name="lawyersCsv" rows="6" required></textarea>
        <label for="csv-shifts">shifts.csv (không bắt buộc)</label><textarea id="csv-shifts" name="shiftsCsv" rows="6"></textarea>
        <button type="submit">Kiểm tra và nhập</button>
      </form></section>`,
    u,
  );
}

export function usersPage(u: PageUser, users: ConsoleUser[], created?: { username: string; password: string }, error?: string): string {
  return layout(
    'Tài khoản',
    html`<h1>Tài khoản bàn làm việc</h1>
    ${created ? html`<p role="status" class="ok" data-testid="created">Đã tạo <strong>${created.username}</strong>. Mật khẩu dùng một lần: <code>${created.password}</code> (chỉ hiện lần này).</p>` : ''}
    ${error ? html`<p role="alert" class="error">${error}</p>` : ''}
    <table><caption>Tài khoản</caption><thead><tr><th scope="col">Tên đăng nhập</th><th scope="col">Tên</th><th scope="col">Vai trò</th><th scope="col">Luật sư</th><th scope="col">Phạm vi</th></tr></thead>
    <tbody>${users.map((x) => html`<tr><td>${x.username}</td><td>${x.displayName}</td><td>${ROLE_LABELS[x.role] ?? x.role}</td><td>${x.lawyerId ?? ''}</td><td>${x.servicePoints.join(', ') || (x.role === 'coordinator' ? 'Toàn thành phố' : '')}</td></tr>`)}</tbody></table>
    <section class="card" aria-labelledby="h-new"><h2 id="h-new">Tạo tài khoản</h2>
      <form method="post" action="/console/users" class="stack"><input type="hidden" name="_csrf" value="${u.csrf}">
        <label for="nu">Tên đăng nhập</label><input id="nu" name="username" required pattern="[A-Za-z0-9_.\\-]{3,40}">
        <label for="nd">Họ tên</label><input id="nd" name="displayName">
        <label for="nr">Vai trò</label><select id="nr" name="role"><option value="lawyer">Luật sư</option><option value="coordinator">Điều phối viên</option><option value="admin">Quản trị</option></select>
        <label for="nl">Mã luật sư (vai trò luật sư)</label><input id="nl" name="lawyerId">
        <label for="ns">Mã phường/xã phụ trách (điều phối viên, cách nhau bởi dấu ;)</label><input id="ns" name="servicePoints">
        <button type="submit">Tạo và cấp mật khẩu</button>
      </form></section>`,
    u,
  );
}

export { raw };
