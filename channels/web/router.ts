import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { FileStore } from '../../bot/index.js';
import type { RateLimitStore } from '../../bot/ports/index.js';
import { AppError, type Procedure } from '../../knowledge/index.js';
import type { ProcedureCatalog, ProcedureRetriever } from '../../retrieval/index.js';
import { RateLimiter } from '../rate-limit.js';
import { renderCitizenPage, renderEmbedScript } from './citizen-page.js';
import { parseSearchQuery, renderProcedurePage, renderSearchPage, renderSlipPage, toFilters } from './officer-pages.js';

export interface WebRouterOptions {
  logger: Logger;
  /** Creates a Direct Line conversation + token for the page (the secret stays on the server). */
  issueConversation(): Promise<{ conversationId: string; token: string; expires_in: number; userId: string }>;
  retriever: ProcedureRetriever;
  catalogue: ProcedureCatalog;
  files: FileStore;
  publicBaseUrl?: string;
  clock?: () => Date;
  /** Page tokens per IP (default burst 20, 1 every 3 s). */
  tokenLimit?: { capacity: number; refillPerSecond: number };
  /** Where the token limiter's buckets live (`web:token:<ip>`; shared by every process under DATABASE_URL). Default in-process. */
  rateLimits?: RateLimitStore;
}

/** A file store that can check signed, conversation-bound links (SqliteFileStore). */
interface LinkCheckingFileStore extends FileStore {
  open(fileId: string, query: Record<string, unknown>): Promise<{ name: string; contentType: string; bytes: Uint8Array }>;
}

const ASSETS = fileURLToPath(new URL('./assets/', import.meta.url));

const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Web Chat injects its styles at run time (emotion).
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** Prebuilt Web Chat bundle from node_modules, gzipped once in memory (3.9 MB → ~1 MB). */
function webChatBundle(): { raw: Buffer; gzip: Buffer; etag: string } {
  const require = createRequire(import.meta.url);
  const main = require.resolve('botframework-webchat');
  const file = path.join(path.dirname(main), '..', 'dist', 'webchat.js');
  const raw = fs.readFileSync(file);
  const gzip = zlib.gzipSync(raw, { level: 6 });
  const etag = `"${crypto.createHash('sha1').update(raw).digest('base64url').slice(0, 16)}"`;
  return { raw, gzip, etag };
}

/**
 * Routes of the web channel: the citizen page `/` with Web Chat, `/embed.js`, static
 * assets, `/api/directline/token`, the officer lookup `/tra-cuu…`, and `/files/:id`.
 */
export function createWebRouter(options: WebRouterOptions): Router {
  const { logger } = options;
  const clock = options.clock ?? (() => new Date());
  const router = express.Router();
  // A failing store lets citizens through (logged): see StoreFailure.
  const tokenLimiter = new RateLimiter(options.tokenLimit ?? { capacity: 20, refillPerSecond: 1 / 3 }, {
    prefix: 'web:token',
    store: options.rateLimits,
    logger,
  });
  let bundle: ReturnType<typeof webChatBundle> | undefined;
  const fields = distinctFields(options.catalogue);

  const sendPage = (res: Response, body: string, csp = PAGE_CSP) => {
    res.set('Content-Security-Policy', csp);
    res.set('Cache-Control', 'no-cache');
    res.type('html').send(body);
  };

  router.get('/', (req, res) => {
    const embed = req.query.embed === '1';
    sendPage(res, renderCitizenPage({ embed, dataDate: options.catalogue.dataDate }).value);
  });

  router.get('/embed.js', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600');
    res.set('Access-Control-Allow-Origin', '*');
    res.type('application/javascript').send(renderEmbedScript());
  });

  router.get('/static/webchat.js', (req, res) => {
    bundle ??= webChatBundle();
    res.set('ETag', bundle.etag);
    res.set('Cache-Control', 'public, max-age=86400');
    res.set('Vary', 'Accept-Encoding');
    if (req.get('if-none-match') === bundle.etag) {
      res.status(304).end();
      return;
    }
    res.type('application/javascript');
    if (/\bgzip\b/.test(req.get('accept-encoding') ?? '')) {
      res.set('Content-Encoding', 'gzip');
      res.send(bundle.gzip);
    } else {
      res.send(bundle.raw);
    }
  });
  router.use('/static', express.static(ASSETS, { maxAge: '1h', index: false, fallthrough: true }));

  router.post('/api/directline/token', async (req, res) => {
    const wait = await tokenLimiter.take(req.ip ?? 'unknown');
    if (wait > 0) {
      res.set('Retry-After', String(wait));
      throw new AppError('rate_limited:web_token', 'Too many conversations started from this address');
    }
    const issued = await options.issueConversation();
    res.set('Cache-Control', 'no-store').json(issued);
  });

  // --- officer lookup -------------------------------------------------------------
  router.get('/tra-cuu', async (req, res) => {
    const values = parseSearchQuery(req.query as Record<string, unknown>);
    const filters = toFilters(values);
    let results: Procedure[] | undefined;
    let total: number | undefined;
    const catalogue = options.catalogue;
    if (values.q) {
      const found = await options.retriever.search(values.q, { limit: 30, filters });
      results = found.hits.map((h) => catalogue.get(h.code)).filter((p): p is Procedure => p !== undefined);
    } else if (filters) {
      const all = catalogue.all().filter((p) => matchesFilters(p, values));
      total = all.length;
      results = all.slice(0, 50);
    }
    sendPage(
      res,
      renderSearchPage({
        values,
        fields,
        results,
        total,
        dataDate: catalogue.dataDate,
      }).value,
      officerCsp(),
    );
  });

  const procedureOr404 = (req: Request): Procedure => {
    const code = String(req.params.code ?? '');
    if (!/^\d\.\d{6}$/.test(code)) throw new AppError('not_found:procedure', `Malformed procedure code "${code.slice(0, 20)}"`);
    const p = options.catalogue.get(code);
    if (!p) throw new AppError('not_found:procedure', `No procedure ${code}`);
    return p;
  };
  router.get('/tra-cuu/:code', (req, res) => {
    sendPage(res, renderProcedurePage(procedureOr404(req), options.catalogue).value, officerCsp());
  });
  router.get('/tra-cuu/:code/phieu', (req, res) => {
    sendPage(res, renderSlipPage(procedureOr404(req), options.catalogue, clock(), siteOrigin(req, options.publicBaseUrl)).value, officerCsp());
  });

  // --- files the bot produced ---------------------------------------------------------
  router.get('/files/:id', async (req, res) => {
    const store = options.files as Partial<LinkCheckingFileStore>;
    if (typeof store.open !== 'function') throw new AppError('not_found:file', 'File downloads are not available');
    const file = await store.open(String(req.params.id), req.query as Record<string, unknown>);
    res.set('Cache-Control', 'private, no-store');
    res.set('Content-Type', file.contentType);
    res.set('Content-Disposition', `attachment; filename="${asciiName(file.name)}"; filename*=UTF-8''${encodeURIComponent(file.name)}`);
    res.send(Buffer.from(file.bytes));
    logger.debug({ fileId: req.params.id }, 'file served');
  });

  return router;
}

function officerCsp(): string {
  return `${PAGE_CSP}; frame-ancestors 'self'`;
}

/** Public origin for links printed on paper: the configured one, else the request's. */
function siteOrigin(req: Request, publicBaseUrl: string | undefined): string {
  if (publicBaseUrl) return publicBaseUrl.replace(/\/+$/, '');
  const host = req.get('host') ?? 'localhost';
  return `${req.protocol}://${/^[A-Za-z0-9.:[\]-]+$/.test(host) ? host : 'localhost'}`;
}

/** Field names compared by this key: case, diacritics, punctuation and spacing do not count. */
export function fieldKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/đ/g, 'd')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function matchesFilters(p: Procedure, v: ReturnType<typeof parseSearchQuery>): boolean {
  const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
  if (v.level && !p.levels.includes(v.level)) return false;
  if (v.scope && p.scope !== v.scope) return false;
  if (v.field && !p.fields.some((f) => fieldKey(f).includes(fieldKey(v.field!)))) return false;
  if (v.agency && !p.agencies.some((a) => fold(a).includes(fold(v.agency!)))) return false;
  return true;
}

/**
 * The "Lĩnh vực" list: one entry per field. The catalogue's normalised names where it gives
 * them (`fieldNames()`, one spelling per field at import); spellings that still differ only in
 * case, diacritics or punctuation are merged under the most used one.
 */
export function distinctFields(catalogue: Pick<ProcedureCatalog, 'all'> & { fieldNames?(): Array<{ name: string; count: number }> }): string[] {
  let counted = catalogue.fieldNames?.();
  if (!counted) {
    const tally = new Map<string, number>();
    for (const p of catalogue.all()) for (const f of p.fields) tally.set(f, (tally.get(f) ?? 0) + 1);
    counted = [...tally].map(([name, count]) => ({ name, count }));
  }
  const byKey = new Map<string, Map<string, number>>();
  for (const { name: raw, count } of counted) {
    const name = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
    const key = fieldKey(name);
    if (!key) continue;
    const spellings = byKey.get(key) ?? new Map<string, number>();
    spellings.set(name, (spellings.get(name) ?? 0) + count);
    byKey.set(key, spellings);
  }
  const chosen = [...byKey.values()].map((spellings) => [...spellings].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'vi'))[0]![0]);
  return chosen.sort((a, b) => a.localeCompare(b, 'vi'));
}

function asciiName(name: string): string {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\x20-\x7e]|"/g, '_');
}
