import { communeCommitteeImplied, portalUrl, type ImplementationLevel, type Procedure, type ProcedureScope } from '../../knowledge/index.js';
import type { ProcedureCatalog, SearchFilters } from '../../retrieval/index.js';
import { html, viDate, type SafeHtml } from './html.js';

/**
 * Officer lookup pages, server-rendered (work without JavaScript): search with filters,
 * the full procedure record, and the printable one-page "Phiếu hướng dẫn hồ sơ".
 */

export const LEVEL_LABEL: Record<ImplementationLevel, string> = {
  xa: 'Cấp xã',
  tinh: 'Cấp tỉnh',
  bo: 'Cấp bộ, ngành',
  khac: 'Cơ quan khác',
};

export const SCOPE_LABEL: Record<ProcedureScope, string> = {
  national: 'Toàn quốc',
  provincial: 'Địa phương',
  internal: 'Nội bộ',
};

const CHANNEL_LABEL: Record<string, string> = {
  online: 'Trực tuyến',
  postal: 'Dịch vụ bưu chính',
  in_person: 'Trực tiếp',
};

const SOURCE_LABEL: Record<string, string> = {
  'portal-api-detail': 'Cổng Dịch vụ công quốc gia (chi tiết)',
  'portal-crawl': 'Cổng Dịch vụ công quốc gia (trang thủ tục)',
  'portal-index': 'Cổng Dịch vụ công quốc gia (danh mục)',
};

const vnd = (n: number) => `${n.toLocaleString('vi-VN')} đồng`;

/**
 * The page frame of the officer pages (procedures and statutes): one stylesheet, skip link,
 * a header bar whose content each section gives, optional print script.
 */
export function officerLayout(title: string, body: SafeHtml, options: { print?: boolean; header?: SafeHtml } = {}): SafeHtml {
  return html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<link rel="stylesheet" href="/static/officer.css">
</head>
<body>
<a class="skip" href="#main">Bỏ qua đến nội dung</a>
<header class="bar">${options.header ?? html`<a href="/tra-cuu">Tra cứu thủ tục hành chính</a><span>dành cho cán bộ một cửa</span>`}</header>
<main id="main">
${body}
</main>
${options.print ? html`<script src="/static/print.js"></script>` : ''}
</body>
</html>
`;
}

export interface SearchFormValues {
  q: string;
  level?: ImplementationLevel;
  field?: string;
  agency?: string;
  scope?: ProcedureScope;
}

/** Filter values from the query string, ignoring anything not on the lists. */
export function parseSearchQuery(query: Record<string, unknown>): SearchFormValues {
  const str = (v: unknown, max = 200) => (typeof v === 'string' ? v.normalize('NFC').trim().slice(0, max) : '');
  const level = str(query.level);
  const scope = str(query.scope);
  return {
    q: str(query.q, 300),
    level: level in LEVEL_LABEL ? (level as ImplementationLevel) : undefined,
    field: str(query.field) || undefined,
    agency: str(query.agency) || undefined,
    scope: scope in SCOPE_LABEL ? (scope as ProcedureScope) : undefined,
  };
}

export function toFilters(v: SearchFormValues): SearchFilters | undefined {
  const f: SearchFilters = {};
  if (v.level) f.levels = [v.level];
  if (v.field) f.field = v.field;
  if (v.agency) f.agency = v.agency;
  if (v.scope) f.scope = v.scope;
  return Object.keys(f).length > 0 ? f : undefined;
}

function option(value: string, label: string, selected: string | undefined): SafeHtml {
  return html`<option value="${value}"${value === selected ? html` selected` : ''}>${label}</option>`;
}

export function renderSearchPage(input: {
  values: SearchFormValues;
  fields: readonly string[];
  results?: readonly Procedure[];
  total?: number;
  dataDate?: string;
}): SafeHtml {
  const { values, fields, results } = input;
  const searched = values.q !== '' || toFilters(values) !== undefined;
  const body = html`
<h1>Tra cứu thủ tục hành chính</h1>
<form class="search" method="get" action="/tra-cuu" role="search" data-testid="officer-search">
  <label class="q">Mã thủ tục hoặc từ khoá
    <input type="search" name="q" value="${values.q}" placeholder="VD: 1.001193 hoặc cấp lại giấy khai sinh" autocomplete="off" data-testid="officer-q">
  </label>
  <div class="row">
    <label>Cấp thực hiện
      <select name="level">${option('', 'Tất cả', values.level ?? '')}${(Object.keys(LEVEL_LABEL) as ImplementationLevel[]).map((l) => option(l, LEVEL_LABEL[l], values.level))}</select>
    </label>
    <label>Lĩnh vực
      <select name="field">${option('', 'Tất cả', values.field ?? '')}${fields.map((f) => option(f, f, values.field))}</select>
    </label>
    <label>Cơ quan thực hiện
      <input type="text" name="agency" value="${values.agency ?? ''}" placeholder="VD: Ủy ban nhân dân cấp xã">
    </label>
    <label>Phạm vi
      <select name="scope">${option('', 'Tất cả', values.scope ?? '')}${option('national', 'Toàn quốc', values.scope)}${option('provincial', 'Địa phương (tỉnh, thành phố)', values.scope)}</select>
    </label>
  </div>
  <div><button type="submit">Tìm kiếm</button></div>
</form>
${
  searched && results
    ? results.length === 0
      ? html`<p role="status" data-testid="officer-empty">Không tìm thấy thủ tục phù hợp. Thử từ khoá khác hoặc bỏ bớt bộ lọc.</p>`
      : html`<p role="status" class="muted">${results.length} kết quả${input.total && input.total > results.length ? html` (hiển thị ${results.length} đầu tiên)` : ''}</p>
<ol class="results" data-testid="officer-results">${results.map(
          (p) => html`<li><a href="/tra-cuu/${p.code}"><strong>${p.name}</strong></a>
  <div class="meta"><span class="code">${p.code}</span> · ${p.levels.map((l) => LEVEL_LABEL[l]).join(', ') || 'Chưa rõ cấp'} · ${p.fields.join('; ')}${p.province ? html` · ${p.province}` : ''}${p.detailLevel === 'index' ? html` · <span class="tag">chỉ có thông tin tóm tắt</span>` : ''}</div></li>`,
        )}</ol>`
    : ''
}
${input.dataDate ? html`<p class="muted">Dữ liệu Cơ sở dữ liệu quốc gia về TTHC ngày ${viDate(input.dataDate)}.</p>` : ''}
`;
  return officerLayout(values.q ? `${values.q} – Tra cứu TTHC` : 'Tra cứu thủ tục hành chính', body);
}

function dash(v: string | null | undefined): SafeHtml | string {
  return v && v.trim() ? v : html`<span class="muted">Không có thông tin</span>`;
}

function count(n: number | null): string {
  return n === null ? '–' : String(n);
}

function feeText(p: Procedure['channels'][number]['fees'][number]): string {
  if (p.free) return p.description && !/^miễn (phí|lệ phí)\.?$/i.test(p.description.trim()) ? `Miễn phí (${p.description})` : 'Miễn phí';
  const amount = p.amountVnd !== null ? vnd(p.amountVnd) : '';
  return [amount, p.description].filter(Boolean).join(' – ') || 'Không có thông tin';
}

export function renderProcedurePage(p: Procedure, catalogue: ProcedureCatalog): SafeHtml {
  const related = p.relatedProcedures.map((code) => ({ code, proc: catalogue.get(code) }));
  const body = html`
<nav class="muted"><a href="/tra-cuu">← Tìm thủ tục khác</a></nav>
<h1 data-testid="procedure-name">${p.name}</h1>
<p><span class="code" data-testid="procedure-code">${p.code}</span> ${p.levels.map((l) => html`<span class="tag">${LEVEL_LABEL[l]}</span>`)}<span class="tag">${SCOPE_LABEL[p.scope]}${p.province ? ` – ${p.province}` : ''}</span></p>
${p.detailLevel === 'index' ? html`<p class="notice">Thủ tục này mới có thông tin tóm tắt trong danh mục; chưa có thành phần hồ sơ, lệ phí và thời gian chi tiết. Xem thêm trên Cổng Dịch vụ công quốc gia.</p>` : ''}
<div class="actions">
  <a class="button" href="/tra-cuu/${p.code}/phieu" data-testid="slip-link">In phiếu hướng dẫn hồ sơ</a>
  <a class="button" href="${portalUrl(p.code)}" rel="noopener" target="_blank">Xem trên Cổng DVC quốc gia</a>
</div>
<p class="muted">Đường dẫn cố định: <a href="/tra-cuu/${p.code}">/tra-cuu/${p.code}</a></p>

<section class="block" aria-labelledby="h-general"><h2 id="h-general">Thông tin chung</h2>
<dl class="facts">
  <dt>Lĩnh vực</dt><dd>${p.fields.length ? p.fields.join('; ') : dash(null)}</dd>
  <dt>Cơ quan thực hiện</dt><dd>${p.agencies.length ? p.agencies.join('; ') : dash(null)}</dd>
  <dt>Cơ quan có thẩm quyền</dt><dd>${dash(p.competentAuthority)}</dd>
  <dt>Cơ quan ban hành</dt><dd>${dash(p.promulgatedBy)}</dd>
  <dt>Quyết định công bố</dt><dd data-testid="decision-number">${dash(p.decisionNumber)}</dd>
  <dt>Đối tượng thực hiện</dt><dd>${p.applicants.length ? p.applicants.join('; ') : dash(null)}</dd>
  <dt>Địa chỉ tiếp nhận</dt><dd>${dash(p.submissionAddress)}</dd>
  <dt>Nộp trực tuyến</dt><dd>${p.onlineAvailable === null ? dash(null) : p.onlineAvailable ? 'Có' : 'Không'}</dd>
  <dt>Kết quả</dt><dd>${p.results.length ? p.results.join('; ') : dash(null)}</dd>
</dl></section>

<section class="block" aria-labelledby="h-docs"><h2 id="h-docs">Thành phần hồ sơ</h2>
${
  p.documentGroups.length === 0
    ? html`<p>${dash(null)}</p>`
    : p.documentGroups.map(
        (g) => html`${g.title ? html`<h3>${g.title}</h3>` : ''}
<table data-testid="documents"><thead><tr><th scope="col">Giấy tờ</th><th scope="col">Bản chính</th><th scope="col">Bản sao</th><th scope="col">Mẫu đơn, tờ khai</th></tr></thead>
<tbody>${g.items.map(
          (d) => html`<tr><td>${d.name}${d.required === false ? html` <span class="muted">(nếu có)</span>` : ''}</td><td>${count(d.originals)}</td><td>${count(d.copies)}</td><td>${d.formName ?? ''}</td></tr>`,
        )}</tbody></table>`,
      )
}
</section>

<section class="block" aria-labelledby="h-channels"><h2 id="h-channels">Cách thức thực hiện, thời hạn, phí và lệ phí</h2>
${
  p.channels.length === 0
    ? html`<p>${dash(null)}</p>`
    : html`<table><thead><tr><th scope="col">Hình thức nộp</th><th scope="col">Thời hạn giải quyết</th><th scope="col">Phí, lệ phí</th><th scope="col">Mô tả</th></tr></thead>
<tbody>${p.channels.map(
        (c) => html`<tr><td>${CHANNEL_LABEL[c.kind] ?? c.kind}</td><td>${c.processingTime?.text ?? '–'}</td><td>${c.fees.length ? c.fees.map((f) => html`<div>${feeText(f)}</div>`) : 'Không có thông tin'}</td><td>${c.description}</td></tr>`,
      )}</tbody></table>`
}
</section>

<section class="block" aria-labelledby="h-steps"><h2 id="h-steps">Trình tự thực hiện</h2>
${p.steps.length ? html`<ol>${p.steps.map((s) => html`<li>${s}</li>`)}</ol>` : html`<p>${dash(null)}</p>`}
</section>

<section class="block" aria-labelledby="h-cond"><h2 id="h-cond">Yêu cầu, điều kiện</h2><p>${dash(p.conditions)}</p></section>

<section class="block" aria-labelledby="h-legal"><h2 id="h-legal">Căn cứ pháp lý</h2>
${
  p.legalBasis.length
    ? html`<table><thead><tr><th scope="col">Số hiệu</th><th scope="col">Trích yếu</th><th scope="col">Ngày ban hành</th><th scope="col">Cơ quan ban hành</th></tr></thead>
<tbody>${p.legalBasis.map((l) => html`<tr><td>${l.number ?? '–'}</td><td>${l.title}</td><td>${l.issuedDate ?? '–'}</td><td>${l.issuer ?? '–'}</td></tr>`)}</tbody></table>`
    : html`<p>${dash(null)}</p>`
}
</section>

${
  related.length
    ? html`<section class="block" aria-labelledby="h-rel"><h2 id="h-rel">Thủ tục liên quan</h2><ul>${related.map(
        (r) => html`<li>${r.proc ? html`<a href="/tra-cuu/${r.code}">${r.proc.name}</a> <span class="code">${r.code}</span>` : html`<span class="code">${r.code}</span>`}</li>`,
      )}</ul></section>`
    : ''
}

<section class="block" aria-labelledby="h-src"><h2 id="h-src">Nguồn dữ liệu</h2>
<dl class="facts" data-testid="provenance">
  <dt>Nguồn</dt><dd>${SOURCE_LABEL[p.provenance.source] ?? p.provenance.source}</dd>
  <dt>Ngày thu thập</dt><dd>${viDate(p.provenance.crawledAt)}</dd>
  <dt>Ngày dữ liệu danh mục</dt><dd>${viDate(catalogue.dataDate)}</dd>
  <dt>Trang nguồn</dt><dd><a href="${p.provenance.url}" rel="noopener" target="_blank">${p.provenance.url}</a></dd>
</dl></section>
`;
  return officerLayout(`${p.name} (${p.code})`, body);
}

const foldKey = (s: string) =>
  s.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/đ/g, 'd').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** The commune-level People's Committee, as the slip names it for a procedure done at commune level. */
export const COMMUNE_COMMITTEE = 'Ủy ban nhân dân cấp xã (phường, xã, đặc khu) nơi người dân đến làm';

/**
 * Every body the record names as competent, each once: the implementing agencies, the
 * competent authority, and the commune People's Committee where the record leaves it out
 * (`communeCommitteeImplied`: certified copies list notaries and embassies as agencies, yet
 * most people get them at their ward).
 */
export function competentBodies(p: Procedure): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (name: string | null | undefined) => {
    const clean = name?.replace(/\s+/g, ' ').trim();
    if (!clean) return;
    const key = foldKey(clean);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(clean);
  };
  for (const a of p.agencies) add(a);
  add(p.competentAuthority);
  if (communeCommitteeImplied(p)) out.push(COMMUNE_COMMITTEE);
  return out;
}

export function renderSlipPage(p: Procedure, catalogue: ProcedureCatalog, now: Date, siteOrigin = ''): SafeHtml {
  const bodies = competentBodies(p);
  const lookupUrl = `${siteOrigin}/tra-cuu/${p.code}`;
  const items = p.documentGroups.flatMap((g) => g.items.map((d) => ({ group: g.title, d })));
  const online = p.channels.find((c) => c.kind === 'online');
  // Real records can list a dozen long items: shrink the type so the slip stays one A4 page.
  const textLength = items.reduce((n, { d }) => n + d.name.length + (d.formName?.length ?? 0), 0) + (p.conditions?.length ?? 0);
  const density = textLength > 3200 ? 'slip denser' : textLength > 1600 ? 'slip dense' : 'slip';
  const body = html`
<div class="actions no-print">
  <a class="button" href="/tra-cuu/${p.code}">← Quay lại thủ tục</a>
  <button type="button" data-print hidden>In phiếu</button>
  <span class="muted">Phiếu vừa một trang A4; dùng lệnh In của trình duyệt (Ctrl+P).</span>
</div>
<article class="${density}" data-testid="slip">
  <h1>PHIẾU HƯỚNG DẪN HỒ SƠ</h1>
  <p class="sub"><strong>${p.name}</strong><br>Mã thủ tục: ${p.code}${p.decisionNumber ? ` · Quyết định công bố: ${p.decisionNumber}` : ''}</p>
  <h2>Nơi nộp hồ sơ</h2>
  ${
    bodies.length > 1
      ? html`<p>Một trong các cơ quan sau:</p><ul class="bodies" data-testid="slip-bodies">${bodies.map((b) => html`<li>${b}</li>`)}</ul>`
      : html`<p data-testid="slip-bodies">${bodies[0] ?? 'Bộ phận Một cửa của cơ quan thực hiện'}</p>`
  }
  ${p.submissionAddress ? html`<p>Địa chỉ tiếp nhận: ${p.submissionAddress}</p>` : ''}
  ${online ? html`<p>Có thể nộp trực tuyến tại Cổng Dịch vụ công quốc gia: <a href="${portalUrl(p.code)}">${portalUrl(p.code)}</a></p>` : ''}
  <h2>Giấy tờ cần chuẩn bị</h2>
  ${
    items.length
      ? html`<ul class="check">${items.map(
          ({ d }) =>
            html`<li>${d.name}${d.formName ? ` (${d.formName})` : ''} – ${[
              d.originals ? `${d.originals} bản chính` : '',
              d.copies ? `${d.copies} bản sao` : '',
            ]
              .filter(Boolean)
              .join(', ') || 'số lượng theo hướng dẫn'}${d.required === false ? ' (nếu có)' : ''}</li>`,
        )}</ul>`
      : html`<p>Vui lòng liên hệ Bộ phận Một cửa để được hướng dẫn thành phần hồ sơ.</p>`
  }
  ${
    p.channels.length
      ? html`<h2>Thời hạn giải quyết, phí và lệ phí</h2>
  <table><tbody>${p.channels.map(
        (c) => html`<tr><th scope="row">${CHANNEL_LABEL[c.kind] ?? c.kind}</th><td>${c.processingTime?.text ?? '–'}</td><td>${c.fees.length ? c.fees.map((f) => feeText(f)).join('; ') : 'Không có thông tin'}</td></tr>`,
      )}</tbody></table>`
      : ''
  }
  ${p.conditions ? html`<h2>Điều kiện</h2><p>${p.conditions.length > 600 ? `${p.conditions.slice(0, 600)}…` : p.conditions}</p>` : ''}
  ${p.legalBasis.length ? html`<h2>Căn cứ pháp lý</h2><p>${p.legalBasis.map((l) => l.number ?? l.title).join('; ')}</p>` : ''}
  <div class="sign"><div>Ngày ${now.getDate()}/${now.getMonth() + 1}/${now.getFullYear()}</div><div>Cán bộ hướng dẫn<br><br><br>……………………………</div></div>
  <p class="foot">Theo Cơ sở dữ liệu quốc gia về thủ tục hành chính, dữ liệu ngày ${viDate(catalogue.dataDate)}. Tra cứu: <a href="${lookupUrl}" data-testid="slip-lookup">${lookupUrl}</a></p>
</article>
`;
  return officerLayout(`Phiếu hướng dẫn hồ sơ – ${p.name}`, body, { print: true });
}
