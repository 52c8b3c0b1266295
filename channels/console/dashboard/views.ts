/**
 * The city dashboard's pages (issue 17): server-rendered, every chart followed by its table
 * (the accessible view, also the CSV export), no inline script (the console's strict CSP):
 * chart data travels in a JSON block that `dashboard.js` reads.
 */
import { html, raw, type SafeHtml } from '../../web/index.js';
import type { PageUser } from '../views.js';

/** The console's page frame with the dashboard's own stylesheet and scripts. */
function layout(title: string, body: SafeHtml, u: PageUser, opts: { extraHead: SafeHtml }): string {
  const r = u.user.role;
  return html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} · Trợ lý TTHC</title>
<link rel="stylesheet" href="/console/assets/console.css">
${opts.extraHead}
</head>
<body>
<a class="skip" href="#main">Bỏ qua điều hướng</a>
<header><p class="brand">Trợ lý TTHC · Thống kê cho thành phố</p><nav aria-label="Điều hướng chính"><ul>
  ${r === 'coordinator' ? html`<li><a href="/console/">Hồ sơ</a></li>` : ''}
  ${r === 'admin' ? html`<li><a href="/console/users">Tài khoản</a></li>` : ''}
  <li><a href="/console/dashboard/">Thống kê</a></li>
  <li><a href="/console/dashboard/review">Xem xét câu trả lời</a></li>
  <li><form method="post" action="/console/logout" class="inline"><input type="hidden" name="_csrf" value="${u.csrf}">
    <button type="submit" class="link">Đăng xuất (${u.user.displayName})</button></form></li>
</ul></nav></header>
<main id="main">
${body}
</main>
</body>
</html>`.value;
}

export interface Table {
  id: string;
  title: string;
  /** What the chart shows, read out for the canvas (role img). */
  summary: string;
  columns: string[];
  rows: Array<Array<string | number>>;
  chart?: { type: 'bar' | 'stacked' | 'doughnut' | 'hbar'; labels: string[]; series: Array<{ label: string; data: number[] }> };
  note?: string;
}

export interface Example {
  text: string;
  ward: string;
  at: string;
}

export interface GapView {
  label: string;
  count: number;
  detail: string;
  examples?: Example[];
}

export interface DashboardPage {
  from: string;
  to: string;
  ward?: string;
  wards: Array<{ code: string; name: string }>;
  /** The viewer's wards when limited (aggregates and examples only of these). */
  limitedTo?: string[];
  kpis: Array<{ label: string; value: string }>;
  tables: Table[];
  gaps: GapView[];
  examplesShown: boolean;
}

const query = (p: { from: string; to: string; ward?: string }) => `from=${p.from}&to=${p.to}${p.ward ? `&ward=${encodeURIComponent(p.ward)}` : ''}`;

function tableView(t: Table, p: DashboardPage): SafeHtml {
  return html`<section class="card dash-section" aria-labelledby="h-${t.id}" data-testid="section-${t.id}">
    <h2 id="h-${t.id}">${t.title}</h2>
    ${t.chart ? html`<div class="chart-box"><canvas id="chart-${t.id}" role="img" aria-label="${t.summary}" data-chart="${t.id}"></canvas></div>` : ''}
    ${t.note ? html`<p class="muted">${t.note}</p>` : ''}
    <details ${t.chart ? '' : raw('open')}><summary>Bảng số liệu: ${t.title}</summary>
      <div class="table-wrap"><table data-testid="table-${t.id}">
        <caption>${t.title} (${p.from} – ${p.to})</caption>
        <thead><tr>${t.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
        <tbody>${t.rows.length ? t.rows.map((r) => html`<tr>${r.map((v, i) => (i === 0 ? html`<th scope="row">${String(v)}</th>` : html`<td>${String(v)}</td>`))}</tr>`) : html`<tr><td colspan="${String(t.columns.length)}">Chưa có dữ liệu.</td></tr>`}</tbody>
      </table></div>
    </details>
    <p><a href="/console/dashboard/export/${t.id}.csv?${query(p)}" download>Tải CSV: ${t.title}</a></p>
  </section>`;
}

function gapsView(p: DashboardPage): SafeHtml {
  return html`<section class="card dash-section" aria-labelledby="h-gaps" data-testid="section-gaps">
    <h2 id="h-gaps">Câu hỏi trợ lý chưa trả lời được, theo chủ đề</h2>
    <p class="muted">Gồm câu bị từ chối, câu trợ lý hiểu với độ tin cậy thấp và câu trả lời bị đánh giá 👎 "Không đúng ý tôi hỏi". Mỗi dòng là một chủ đề (một lỗ hổng kiến thức).</p>
    <div class="table-wrap"><table data-testid="table-gaps">
      <caption>Chủ đề chưa trả lời được (${p.from} – ${p.to})</caption>
      <thead><tr><th scope="col">Chủ đề</th><th scope="col">Số câu</th><th scope="col">Vì sao</th><th scope="col">Ví dụ</th></tr></thead>
      <tbody>${
        p.gaps.length
          ? p.gaps.map(
              (g) => html`<tr><th scope="row">${g.label}</th><td>${String(g.count)}</td><td>${g.detail}</td><td>${
                g.examples ? html`<ul class="examples">${g.examples.map((e) => html`<li><q>${e.text}</q> <span class="muted">(${e.ward}, ${e.at})</span></li>`)}</ul>` : html`<span class="muted">Ẩn</span>`
              }</td></tr>`,
            )
          : html`<tr><td colspan="4">Chưa có dữ liệu.</td></tr>`
      }</tbody>
    </table></div>
    <p><a href="/console/dashboard/export/gaps.csv?${query(p)}" download>Tải CSV: chủ đề chưa trả lời được</a> · <a href="/console/dashboard/review?${query(p)}">Xem xét câu trả lời</a></p>
  </section>`;
}

export function dashboardPage(u: PageUser, p: DashboardPage): string {
  const charts = Object.fromEntries(p.tables.filter((t) => t.chart).map((t) => [t.id, t.chart]));
  return layout(
    'Thống kê',
    html`<h1>Thống kê: người dân hỏi gì, trợ lý vướng ở đâu</h1>
    ${p.limitedTo ? html`<p class="muted" data-testid="limited">Số liệu của các phường/xã: ${p.limitedTo.join(', ')}.</p>` : ''}
    <form method="get" action="/console/dashboard/" class="filters" data-testid="filters">
      <div><label for="f-from">Từ ngày</label><input id="f-from" name="from" type="date" value="${p.from}" required></div>
      <div><label for="f-to">Đến ngày</label><input id="f-to" name="to" type="date" value="${p.to}" required></div>
      <div><label for="f-ward">Phường/xã</label><select id="f-ward" name="ward"><option value="">${p.limitedTo ? 'Tất cả phường/xã của tôi' : 'Toàn thành phố'}</option>${p.wards.map(
        (w) => html`<option value="${w.code}" ${w.code === p.ward ? raw('selected') : ''}>${w.name}</option>`,
      )}</select></div>
      <div><button type="submit">Xem</button></div>
    </form>
    <ul class="kpis" data-testid="kpis">${p.kpis.map((k) => html`<li><span class="kpi-value">${k.value}</span> <span class="kpi-label">${k.label}</span></li>`)}</ul>
    ${p.tables.map((t) => tableView(t, p))}
    ${gapsView(p)}
    <script type="application/json" id="dash-data">${raw(JSON.stringify(charts).replace(/</g, '\\u003c'))}</script>`,
    u,
    { extraHead: html`<link rel="stylesheet" href="/console/dashboard/assets/dashboard.css"><script src="/console/dashboard/assets/chart.umd.min.js" defer></script><script src="/console/dashboard/assets/dashboard.js" defer></script>` },
  );
}

export interface ReviewItem {
  id: number;
  stratum: string;
  turns: Array<{ text: string; mine: boolean }>;
  ward: string;
  at: string;
  behavior: string;
  procedure?: string;
  confidence?: string;
}

const STRATA: Record<string, string> = { low_confidence: 'Độ tin cậy thấp / từ chối', negative_feedback: 'Bị đánh giá 👎', random: 'Ngẫu nhiên' };
export const BEHAVIOR_LABELS: Record<string, string> = {
  answer: 'Trả lời thủ tục',
  clarify: 'Hỏi lại cho rõ',
  refuse: 'Từ chối (ngoài phạm vi)',
  escalate: 'Chuyển luật sư',
  urgent: 'Khẩn cấp (113/111)',
  legal_info: 'Trích điều luật',
};
export const REVIEW_REASONS: Record<string, string> = {
  wrong_procedure: 'Sai thủ tục',
  wrong_behavior: 'Cách xử lý chưa đúng',
  wrong_facts: 'Sai thông tin',
  incomplete: 'Thiếu thông tin',
  unclear: 'Khó hiểu',
  other: 'Khác',
};

export function reviewPage(u: PageUser, p: { from: string; to: string; ward?: string; items: ReviewItem[]; message?: string; reviewed: Array<{ caseId: string; label: string; reviewer: string }> }): string {
  return layout(
    'Xem xét câu trả lời',
    html`<h1>Xem xét câu trả lời</h1>
    <p><a href="/console/dashboard/?${query(p)}">← Về thống kê</a></p>
    ${p.message ? html`<p class="ok" role="status" data-testid="review-message">${p.message}</p>` : ''}
    <p class="muted">Mẫu gồm câu có độ tin cậy thấp hoặc bị từ chối, câu bị đánh giá 👎 và câu ngẫu nhiên. Lần xem này đã được ghi vào nhật ký truy cập. Mỗi đánh giá lưu lại sẽ thành một ca kiểm thử (số điện thoại, số căn cước đã được che).</p>
    ${p.items.length === 0 ? html`<p>Không còn câu nào cần xem xét trong khoảng thời gian này.</p>` : ''}
    ${p.items.map(
      (it) => html`<form method="post" action="/console/dashboard/review" class="card stack review" data-testid="review-${String(it.id)}">
        <input type="hidden" name="_csrf" value="${u.csrf}"><input type="hidden" name="turnId" value="${String(it.id)}">
        <input type="hidden" name="from" value="${p.from}"><input type="hidden" name="to" value="${p.to}"><input type="hidden" name="ward" value="${p.ward ?? ''}">
        <p><span class="badge">${STRATA[it.stratum] ?? it.stratum}</span> <span class="muted">${it.ward} · ${it.at}</span></p>
        <ol class="turns">${it.turns.map((t) => html`<li ${t.mine ? raw('class="reviewed-turn"') : ''}><q>${t.text}</q></li>`)}</ol>
        <p>Trợ lý đã: <strong>${BEHAVIOR_LABELS[it.behavior] ?? it.behavior}</strong>${it.procedure ? html` · thủ tục ${it.procedure}` : ''}${it.confidence ? html` · độ tin cậy ${it.confidence}` : ''}</p>
        <fieldset><legend>Câu trả lời của trợ lý</legend>
          <label class="check"><input type="radio" name="label" value="correct" required> Đúng</label>
          <label class="check"><input type="radio" name="label" value="partly"> Đúng một phần</label>
          <label class="check"><input type="radio" name="label" value="wrong"> Sai</label>
        </fieldset>
        <label for="r-${String(it.id)}">Lý do</label>
        <select id="r-${String(it.id)}" name="reason"><option value="">—</option>${Object.entries(REVIEW_REASONS).map(([k, v]) => html`<option value="${k}">${v}</option>`)}</select>
        <label for="b-${String(it.id)}">Cách xử lý đúng</label>
        <select id="b-${String(it.id)}" name="behavior"><option value="">Như trợ lý đã làm</option>${Object.entries(BEHAVIOR_LABELS).map(([k, v]) => html`<option value="${k}">${v}</option>`)}</select>
        <label for="p-${String(it.id)}">Mã thủ tục đúng (nếu có, ví dụ 1.001193)</label>
        <input id="p-${String(it.id)}" name="procedure" inputmode="decimal" pattern="\\d\\.\\d{6}" value="">
        <label for="a-${String(it.id)}">Câu trả lời đúng (không bắt buộc)</label>
        <textarea id="a-${String(it.id)}" name="answer" rows="2" maxlength="2000"></textarea>
        <button type="submit">Lưu và tạo ca kiểm thử</button>
      </form>`,
    )}
    <section class="card" aria-labelledby="h-reviewed"><h2 id="h-reviewed">Đã xem xét gần đây</h2>
      <ul data-testid="reviewed">${p.reviewed.map((r) => html`<li>${r.caseId}: ${r.label} (${r.reviewer})</li>`)}</ul></section>`,
    u,
    { extraHead: html`<link rel="stylesheet" href="/console/dashboard/assets/dashboard.css">` },
  );
}
