import express, { type Router } from 'express';
import { AppError } from '../../knowledge/errors.js';
import { LAW_BY_DOCUMENT, LAWS, type Article } from '../../knowledge/statutes/index.js';
import type { ArticleIndex } from '../../retrieval/articles/index.js';
import { html, viDate, type SafeHtml } from './html.js';
import { officerLayout } from './officer-pages.js';

/**
 * Officer and lawyer pages over the statute articles (issue 13), server-rendered like the
 * procedure lookup: `/tra-cuu/luat` (search, list of laws), `/tra-cuu/luat/<document>` (all
 * articles of one law) and `/tra-cuu/luat/<document>/<article>` (the full article, with its
 * citation). Documents appear in paths with "-" for "/" ("91-2015-QH13").
 */

const CSP = ["default-src 'self'", "style-src 'self'", "img-src 'self' data:", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'self'"].join('; ');

const slug = (document: string) => document.replace(/\//g, '-');
const articlePath = (a: Pick<Article, 'document' | 'article'>) => `/tra-cuu/luat/${slug(a.document)}/${a.article}`;

function layout(title: string, body: SafeHtml): string {
  const header = html`<a href="/tra-cuu/luat">Tra cứu điều luật</a><span>dành cho cán bộ và luật sư · <a href="/tra-cuu">Tra cứu thủ tục</a></span>`;
  return officerLayout(title, body, { header }).value;
}

function lawName(document: string): string {
  return LAW_BY_DOCUMENT.get(document)?.name ?? document;
}

function articleBody(a: Article): SafeHtml {
  return html`${a.intro.map((l) => html`<p>${l}</p>`)}
${a.clauses.map((c) => html`<div class="clause" id="khoan-${c.number}"><p>${c.text}</p>${c.points.map((p) => html`<p class="point">${p}</p>`)}</div>`)}`;
}

function citation(a: Article): SafeHtml {
  const amended = a.amendments.filter((m) => m.document !== a.document);
  return html`<p class="muted" data-testid="citation">Điều ${a.article} ${lawName(a.document)} (${a.document}), có hiệu lực từ ${viDate(a.effectiveFrom)}${
    amended.length ? `; sửa đổi, bổ sung bởi ${amended.map((m) => m.document).join(', ')}` : ''
  }. Bản lưu: ${LAW_BY_DOCUMENT.get(a.document)?.version ?? a.source}. <a href="${a.url}" rel="noopener" target="_blank">Văn bản trên vbpl.vn</a></p>`;
}

/** The search / browse page. */
export function renderStatuteSearchPage(index: ArticleIndex, q: string, law?: string): string {
  const docs = law && LAW_BY_DOCUMENT.has(law) ? new Set([law]) : undefined;
  const result = q ? index.search(q, { limit: 20, documents: docs, rankClausesOf: 20 }) : undefined;
  const counts = new Map<string, number>();
  for (const a of index.articles) counts.set(a.document, (counts.get(a.document) ?? 0) + 1);
  const body = html`
<h1>Tra cứu điều luật</h1>
<form method="get" action="/tra-cuu/luat" role="search" class="search">
  <label for="q">Câu hỏi hoặc từ khóa (có dấu hay không dấu đều được)</label>
  <input id="q" name="q" type="search" value="${q}" data-testid="law-q" autocomplete="off">
  <label for="law">Văn bản</label>
  <select id="law" name="law"><option value="">Tất cả</option>${LAWS.map((l) => html`<option value="${l.document}"${l.document === law ? html` selected` : ''}>${l.name}</option>`)}</select>
  <button type="submit">Tìm</button>
</form>
${
  result
    ? html`<p class="muted">${result.hits.length} điều phù hợp nhất${result.confidence === 'low' ? ' (độ tin cậy thấp: nên hỏi luật sư)' : ''}.</p>
<ol class="results" data-testid="law-results">${result.hits.map((h) => {
        const c = h.clauses[0] !== undefined ? h.article.clauses[h.clauses[0]] : undefined;
        return html`<li><a href="${articlePath(h.article)}${c ? `#khoan-${c.number}` : ''}">Điều ${h.article.article} ${lawName(h.article.document)}: ${h.article.title}</a>
<span class="code">${h.article.document}:${h.article.article}</span>${c ? html`<p class="muted">${c.text.length > 240 ? `${c.text.slice(0, 240)}…` : c.text}</p>` : ''}</li>`;
      })}</ol>`
    : html`<h2>Các văn bản</h2>
<table data-testid="laws"><thead><tr><th scope="col">Văn bản</th><th scope="col">Số hiệu</th><th scope="col">Bản lưu</th><th scope="col">Số điều</th></tr></thead>
<tbody>${LAWS.map((l) => html`<tr><td><a href="/tra-cuu/luat/${slug(l.document)}">${l.name}</a></td><td>${l.document}</td><td>${l.version}</td><td>${counts.get(l.document) ?? 0}</td></tr>`)}</tbody></table>
<p class="muted">Chưa có trong dữ liệu: Luật Căn cước 2023, Luật Bảo hiểm xã hội 2024, Luật Xử lý vi phạm hành chính, Nghị định 168/2024/NĐ-CP. Tra văn bản hiện hành tại <a href="https://vbpl.vn" rel="noopener" target="_blank">vbpl.vn</a>.</p>`
}`;
  return layout(q ? `${q} – Tra cứu điều luật` : 'Tra cứu điều luật', body);
}

/** All articles of one law, with links. */
export function renderLawPage(index: ArticleIndex, document: string): string {
  const articles = index.articles.filter((a) => a.document === document);
  const body = html`<nav class="muted"><a href="/tra-cuu/luat">← Tra cứu điều luật</a></nav>
<h1>${lawName(document)} <span class="code">${document}</span></h1>
<p class="muted">Bản lưu: ${LAW_BY_DOCUMENT.get(document)?.version ?? ''}. ${articles.length} điều.</p>
<ol class="articles" data-testid="law-articles">${articles.map((a) => html`<li value="${a.article.replace(/\D/g, '')}"><a href="${articlePath(a)}">Điều ${a.article}. ${a.title}</a></li>`)}</ol>`;
  return layout(lawName(document), body);
}

/** One article in full. */
export function renderArticlePage(a: Article): string {
  const body = html`<nav class="muted"><a href="/tra-cuu/luat">← Tra cứu điều luật</a> · <a href="/tra-cuu/luat/${slug(a.document)}">${lawName(a.document)}</a></nav>
<h1 data-testid="article-title">Điều ${a.article}. ${a.title}</h1>
${citation(a)}
${a.chapter ? html`<p class="muted">${a.chapter}</p>` : ''}
<section class="block" data-testid="article-text">${articleBody(a)}</section>`;
  return layout(`Điều ${a.article} ${lawName(a.document)}`, body);
}

/** Routes of the statute pages; mount before the procedure lookup (`/tra-cuu/:code`). */
export function createStatuteRouter(options: { articles: ArticleIndex }): Router {
  const router = express.Router();
  const byId = new Map(options.articles.articles.map((a) => [a.id, a]));
  const send = (res: express.Response, body: string) => {
    res.set('Content-Security-Policy', CSP).set('Cache-Control', 'no-cache').type('html').send(body);
  };
  router.get('/tra-cuu/luat', (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 300).trim() : '';
    const law = typeof req.query.law === 'string' ? req.query.law : undefined;
    send(res, renderStatuteSearchPage(options.articles, q, law));
  });
  router.get('/tra-cuu/luat/:doc', (req, res) => {
    const document = req.params.doc.replace(/-/g, '/');
    if (!LAW_BY_DOCUMENT.has(document)) throw new AppError('not_found:law', `No law ${document}`);
    send(res, renderLawPage(options.articles, document));
  });
  router.get('/tra-cuu/luat/:doc/:article', (req, res) => {
    const a = byId.get(`${req.params.doc.replace(/-/g, '/')}:${req.params.article}`);
    if (!a) throw new AppError('not_found:article', `No article ${req.params.doc} ${req.params.article}`);
    send(res, renderArticlePage(a));
  });
  return router;
}
