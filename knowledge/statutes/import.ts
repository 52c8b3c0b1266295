import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.js';
import { LAW_BY_DOCUMENT, LAWS } from './laws.js';
import { articleSchema, type Article, type Clause, type StatutesMeta } from './schema.js';

/**
 * Importer of the statutes the product quotes, from the raw public copies under
 * `../shared/data/statutes` (see its README). Runs at import time only
 * (`npm run tthc -- statutes:import`); the product reads the committed
 * `knowledge/statutes/data/articles.jsonl.gz`.
 *
 * - Bộ pháp điển: the raw HTML of the ten core đề mục (`pDieu` heading, `pGhiChu` source
 *   note with document, article, effective date and amendments, `pNoiDung` text).
 *   Only articles of the laws in `LAWS` are kept; the 2006 residence law (đề mục 39.3),
 *   guiding decrees, circulars and articles of amending laws are rejected with a reason.
 * - Luật Cư trú 2020 and Luật Phòng, chống bạo lực gia đình 2022 from the ALQAC corpus (as enacted).
 * - Laws stored from a consolidated text (`LawInfo.consolidated`): Luật Đất đai 2024 from
 *   VBHN 45/VBHN-VPQH and Bộ luật Tố tụng dân sự 2015 from VBHN 99/VBHN-VPQH (26/08/2025,
 *   after the 2025 court reform), clause by clause; the consolidation's footnote markers
 *   ("[3]") are removed, repealed khoản ("2. (được bãi bỏ)") left out, and the bundle's
 *   articles of these laws rejected (older wording).
 */

export interface Rejection {
  source: string;
  key: string;
  reason: string;
}

export interface ImportReport {
  total: number;
  byDocument: Record<string, number>;
  /** Articles found per raw source before filtering. */
  seen: Record<string, number>;
  rejected: Rejection[];
  /** Articles recovered from a neighbour's text (the bundle's "repeats the next article" quirk). */
  split: string[];
  /** Clauses per article: how many articles have khoản structure. */
  withClauses: number;
  /** Khoản left out because the consolidated text marks them repealed ("Điều 32 khoản 2"). */
  repealed: string[];
}

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', quot: '"', lt: '<', gt: '>', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (m, e: string) => {
    if (e.startsWith('#')) {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return n === 160 ? ' ' : String.fromCodePoint(n);
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

function cleanLine(s: string): string {
  return decodeEntities(s.replace(/<[^>]*>/g, ''))
    .normalize('NFC')
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/[ \t\u00a0]+/g, ' ')
    .trim();
}

const viDateToIso = (d: string) => {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(d);
  if (!m) return undefined;
  return `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
};

/** Splits verbatim lines into intro paragraphs and khoản with their điểm lines. */
export function structureLines(lines: readonly string[]): { intro: string[]; clauses: Clause[] } {
  const intro: string[] = [];
  const clauses: Clause[] = [];
  for (const line of lines) {
    const k = /^(\d{1,3}[a-z]?)\.\s+\S/.exec(line);
    if (k && !/^\d+\.\d/.test(line)) {
      clauses.push({ number: k[1]!, text: line, points: [] });
    } else if (clauses.length > 0) {
      clauses[clauses.length - 1]!.points.push(line);
    } else {
      intro.push(line);
    }
  }
  return { intro, clauses };
}

export interface SourceNote {
  article: string;
  document: string;
  effectiveFrom?: string;
  amendments: { document: string; effectiveFrom?: string }[];
}

/**
 * Parses a pháp điển source note: "Điều 151 Bộ luật số 100/2015/QH13, có hiệu lực thi hành
 * kể từ ngày 01/01/2018, có nội dung được sửa đổi ... bởi Điều 1 Luật số 12/2017/QH14 có hiệu
 * lực thi hành kể từ ngày 01/01/2018".
 */
export function parseSourceNote(note: string): SourceNote | undefined {
  const m = /^\(?\s*Điều\s+(\d+[a-z]?)\s+(?:Bộ luật|Luật|Nghị định|Thông tư|Nghị quyết|Quyết định|Thông tư liên tịch|Pháp lệnh)[^,]*?số\s+([0-9A-Za-zĐđ/\-]+)/iu.exec(note);
  if (!m) return undefined;
  const dates = [...note.matchAll(/kể từ ngày\s+(\d{1,2}\/\d{1,2}\/\d{4})/gu)].map((x) => viDateToIso(x[1]!));
  const [head, ...rest] = note.split(/bởi\s+/u);
  const amendments: SourceNote['amendments'] = [];
  for (const part of rest) {
    const a = /số\s+([0-9A-Za-zĐđ/\-]+)/u.exec(part);
    if (!a) continue;
    const d = /kể từ ngày\s+(\d{1,2}\/\d{1,2}\/\d{4})/u.exec(part);
    amendments.push({ document: a[1]!, effectiveFrom: d ? viDateToIso(d[1]!) : undefined });
  }
  const own = /kể từ ngày\s+(\d{1,2}\/\d{1,2}\/\d{4})/u.exec(head ?? '');
  return { article: m[1]!, document: m[2]!, effectiveFrom: own ? viDateToIso(own[1]!) : dates[0], amendments };
}

export interface PhapdienArticle {
  codified: string;
  title: string;
  chapter?: string;
  note: string;
  href: string;
  lines: string[];
}

/** Reads the articles of one raw đề mục HTML file of the Bộ pháp điển. */
export function parsePhapdienHtml(html: string): PhapdienArticle[] {
  const out: PhapdienArticle[] = [];
  const parts = html.split(/<p class='pDieu'>/);
  let chapter: string | undefined;
  const chaptersIn = (s: string) => [...s.matchAll(/<p class='pChuong'>([\s\S]*?)<\/p>/g)].map((m) => cleanLine(m[1]!)).filter(Boolean);
  let pending = chaptersIn(parts[0] ?? '');
  if (pending.length) chapter = pending.join(' ');
  for (const part of parts.slice(1)) {
    const headEnd = part.indexOf('</p>');
    const heading = cleanLine(part.slice(0, headEnd));
    const h = /^Điều\s+([\d.]+\.[A-ZĐ]+\.[\d.]+)\.\s*(.*)$/u.exec(heading);
    const noteM = /<p class='pGhiChu'>([\s\S]*?)<\/p>/.exec(part);
    const hrefM = noteM ? /href='([^']*)'/.exec(noteM[1]!) : null;
    const bodyStart = part.indexOf("<p class='pNoiDung'>");
    let bodyEnd = part.length;
    for (const marker of ["<p class='pChiDan'>", "<p class='pChuong'>"]) {
      const i = part.indexOf(marker, bodyStart);
      if (i >= 0 && i < bodyEnd) bodyEnd = i;
    }
    const body = bodyStart >= 0 ? part.slice(bodyStart + "<p class='pNoiDung'>".length, bodyEnd) : '';
    const lines = body
      .split(/<\/?p[^>]*>|<br\s*\/?>|\n/)
      .map(cleanLine)
      .filter((l) => l !== '');
    out.push({
      codified: h ? `Điều ${h[1]}` : heading,
      title: h ? h[2]!.trim() : heading,
      chapter,
      note: noteM ? cleanLine(noteM[1]!).replace(/^\(|\)$/g, '') : '',
      href: hrefM ? decodeEntities(hrefM[1]!) : '',
      lines,
    });
    pending = chaptersIn(part.slice(bodyEnd));
    if (pending.length) chapter = pending.join(' ');
  }
  return out;
}

/** Link to the document on vbpl.vn: the source's own link, else a search for its number. */
export function documentUrl(document: string, href?: string, itemIds?: ReadonlyMap<string, string>): string {
  const id = href ? /ItemID=(\d+)/.exec(href)?.[1] : undefined;
  const item = id ?? itemIds?.get(document);
  if (item) return `http://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=${item}`;
  return `https://vbpl.vn/TW/Pages/vbpq-timkiem.aspx?type=0&s=1&Keyword=${encodeURIComponent(document)}`;
}

const EFFECTIVE: Record<string, string> = { '68/2020/QH14': '2021-07-01', '13/2022/QH15': '2023-07-01', '31/2024/QH15': '2024-08-01' };

function finish(a: Omit<Article, 'id'>): Article {
  return articleSchema.parse({ id: `${a.document}:${a.article}`, ...a });
}

/**
 * One record of the bundle's `phapdien_articles.jsonl.gz` (all 211 non-empty đề mục), the fields
 * the importer reads; the rest (tags, related keys) is the copy's own and not relied on.
 */
export interface PhapdienRecord {
  demuc_so: string;
  chuong?: string | null;
  dieu: string;
  tieu_de: string;
  nguon?: string | null;
  nguon_url?: string | null;
  noi_dung?: string | null;
}

/**
 * The articles of the đề mục in `demucs` from the bundle's JSONL records, in the HTML parser's
 * shape: the source note, the vbpl.vn link and the text's lines ("1." khoản and "a)" điểm on
 * their own lines, as in the HTML).
 */
export function phapdienRecordsOf(records: Iterable<PhapdienRecord>, demucs: ReadonlySet<string>, report: ImportReport): { name: string; articles: PhapdienArticle[] }[] {
  const byDemuc = new Map<string, PhapdienArticle[]>();
  for (const r of records) {
    if (!demucs.has(r.demuc_so)) continue;
    const m = /^Điều\s+([\d.]+\.[A-ZĐ]+\.[\d.]+)$/u.exec(r.dieu.trim());
    const lines = (r.noi_dung ?? '').normalize('NFC').split(/\n+/).map(cleanLine).filter((l) => l !== '');
    const list = byDemuc.get(r.demuc_so) ?? [];
    list.push({ codified: m ? `Điều ${m[1]}` : r.dieu.trim(), title: cleanLine(r.tieu_de), chapter: r.chuong ? cleanLine(r.chuong) : undefined, note: cleanLine(r.nguon ?? ''), href: r.nguon_url ?? '', lines });
    byDemuc.set(r.demuc_so, list);
  }
  return [...byDemuc].map(([demuc, articles]) => {
    report.seen[`phapdien-jsonl:${demuc}`] = articles.length;
    return { name: `jsonl:${demuc}`, articles };
  });
}

/** Imports the pháp điển HTML files under `dir` (and, as `parsed`, đề mục read from the bundle's JSONL). */
export function importPhapdien(
  files: readonly { name: string; html: string }[],
  report: ImportReport,
  parsed: readonly { name: string; articles: PhapdienArticle[] }[] = [],
  /** Filled with the vbpl.vn ItemID of every document the bundle links to. */
  itemIds = new Map<string, string>(),
): Article[] {
  const raw: { file: string; a: PhapdienArticle; note?: SourceNote }[] = [];
  const sources = [
    ...files.map((f) => {
      const articles = parsePhapdienHtml(f.html);
      report.seen[`phapdien:${f.name}`] = articles.length;
      return { name: f.name, articles };
    }),
    ...parsed,
  ];
  for (const f of sources) {
    for (const a of f.articles) {
      const note = parseSourceNote(a.note);
      raw.push({ file: f.name, a, note });
      const id = /ItemID=(\d+)/.exec(a.href)?.[1];
      if (note && id) itemIds.set(note.document, id);
    }
  }
  const out = new Map<string, Article>();
  const recovered: Article[] = [];
  for (const { file, a, note } of raw) {
    const key = `${file}:${a.codified}`;
    const reject = (reason: string) => report.rejected.push({ source: 'phapdien', key: `${a.codified} ${a.title}`.slice(0, 120), reason });
    if (a.codified.startsWith('Điều 39.3.')) {
      reject('đề mục 39.3 Cư trú holds the superseded 2006 law (81/2006/QH11): never quoted');
      continue;
    }
    if (!note) {
      reject(`source note not understood: ${a.note.slice(0, 80)}`);
      continue;
    }
    if (!/\.LQ\./u.test(a.codified)) {
      reject('guiding document (decree, circular, resolution): not imported');
      continue;
    }
    if (!LAW_BY_DOCUMENT.has(note.document)) {
      reject(`article of ${note.document}, not one of the quoted laws (e.g. an amending law's own article)`);
      continue;
    }
    const consolidated = LAW_BY_DOCUMENT.get(note.document)!.consolidated;
    if (consolidated) {
      reject(`article of ${note.document} in the bundle's older wording: stored from the consolidated text ${consolidated.document}`);
      continue;
    }
    if (a.lines.length === 0) {
      reject('empty text');
      continue;
    }
    if (!note.effectiveFrom) {
      reject('no effective date in the source note');
      continue;
    }
    // Quirk of the bundle: an article's text sometimes runs on into the next article
    // ("Điều 5. Bảo vệ chế độ ..."). Cut there; keep the tail as that article if missing.
    let lines = a.lines;
    const cut = lines.findIndex((l) => {
      const m = /^Điều\s+(\d+[a-z]?)\.\s+\S/u.exec(l);
      return m !== null && m[1] !== note.article;
    });
    const base = {
      document: note.document,
      effectiveFrom: note.effectiveFrom,
      amendments: note.amendments,
      url: documentUrl(note.document, a.href, itemIds),
      source: 'phapdien' as const,
      chapter: a.chapter,
    };
    if (cut >= 0) {
      const tail = lines.slice(cut);
      lines = lines.slice(0, cut);
      const m = /^Điều\s+(\d+[a-z]?)\.\s+(.*)$/u.exec(tail[0]!)!;
      recovered.push(finish({ ...base, article: m[1]!, title: m[2]!.trim(), ...structureLines(tail.slice(1)), amendments: [] }));
      report.split.push(`${key} → Điều ${m[1]}`);
    }
    const id = `${note.document}:${note.article}`;
    if (out.has(id)) {
      reject(`duplicate of ${id}`);
      continue;
    }
    out.set(id, finish({ ...base, article: note.article, title: a.title, codified: a.codified, ...structureLines(lines) }));
  }
  recovered.forEach((r, i) => {
    if (!out.has(r.id)) out.set(r.id, r);
    else report.split[i] += ' (present on its own: text cut only)';
  });
  return [...out.values()];
}

/** Imports the ALQAC laws as enacted that the bundle lacks (residence 2020, domestic violence 2022). */
export function importAlqac(json: unknown, report: ImportReport): Article[] {
  const wanted: Record<string, string> = { 'Luật Cư trú 2020': '68/2020/QH14', 'Luật Phòng, chống bạo lực gia đình 2022': '13/2022/QH15' };
  const laws = json as { id: string; articles: { id: string; text: string }[] }[];
  if (!Array.isArray(laws)) throw new AppError('bad_request:statutes_import', 'alqac2023/legal_passages.json: expected an array of laws');
  const out: Article[] = [];
  for (const law of laws) {
    const document = wanted[law.id];
    report.seen[`alqac2023:${law.id}`] = law.articles.length;
    if (!document) continue;
    for (const a of law.articles) {
      const paras = a.text.normalize('NFC').split(/\n+/).map(cleanLine).filter(Boolean);
      const [title, ...lines] = paras;
      if (!title || lines.length === 0 || !/^\d+$/.test(a.id)) {
        report.rejected.push({ source: 'alqac2023', key: `${law.id} Điều ${a.id}`, reason: 'no title or no text' });
        continue;
      }
      out.push(
        finish({
          document,
          article: a.id,
          title,
          ...structureLines(lines),
          effectiveFrom: EFFECTIVE[document]!,
          amendments: [],
          url: documentUrl(document),
          source: 'alqac2023',
        }),
      );
    }
  }
  return out;
}

/**
 * Amending documents named on every article of a consolidated law. The land law's VBHN integrates
 * three 2024 laws; the civil procedure code's citation names its consolidated text instead (its
 * seven amending laws are not listed per article by the source).
 */
const VBHN_AMENDMENTS: Record<string, Article['amendments']> = {
  '31/2024/QH15': [
    { document: '43/2024/QH15', effectiveFrom: '2024-08-01' },
    { document: '47/2024/QH15', effectiveFrom: '2025-07-01' },
    { document: '58/2024/QH15', effectiveFrom: '2025-01-01' },
  ],
};

/** The consolidation's footnote marker ("Thẩm tra viên Tòa án[21]"). */
const FOOTNOTE = /\[\d+\]/g;

/** A khoản the consolidated text marks repealed: "2. (được bãi bỏ)", "3. (bị bãi bỏ)". */
const REPEALED_CLAUSE = /^\d{1,3}[a-z]?\.\s*\((?:được|bị)\s+bãi\s+bỏ\)\.?$/u;

/**
 * Imports a law stored from its consolidated text (VBHN, `LawInfo.consolidated`), clause by
 * clause: `position.article`, `position.clause` (null: the whole article; 0: the lines before
 * the first khoản) and `content`; the copy's machine-made tags, cross-references and summary are
 * not read.
 */
export function importVbhn(json: unknown, document: string, report: ImportReport, itemIds?: ReadonlyMap<string, string>): Article[] {
  const law = LAW_BY_DOCUMENT.get(document);
  const vbhn = law?.consolidated;
  if (!law || !vbhn) throw new AppError('bad_request:statutes_import', `${document}: not a law stored from a consolidated text`);
  const j = json as { law_info?: { document_number?: string; effective_date?: string }; clauses?: { position: { article: number | string; article_title: string; clause: number | null }; content: string }[] };
  if (!j.clauses || j.law_info?.document_number !== vbhn.document) {
    throw new AppError('bad_request:statutes_import', `vbhn_2025/${vbhn.file}: expected law_info.document_number "${vbhn.document}" and clauses[]`);
  }
  const effectiveFrom = EFFECTIVE[document] ?? viDateToIso(j.law_info.effective_date ?? '');
  if (!effectiveFrom) throw new AppError('bad_request:statutes_import', `vbhn_2025/${vbhn.file}: no effective date`);
  const byArticle = new Map<string, { title: string; lines: string[] }>();
  for (const c of j.clauses) {
    const n = String(c.position.article).trim();
    const a = byArticle.get(n) ?? { title: cleanLine(c.position.article_title.normalize('NFC').replace(FOOTNOTE, '')), lines: [] };
    const text = c.content.normalize('NFC').replace(FOOTNOTE, '');
    for (const line of text.split(/\n+/).map(cleanLine).filter(Boolean)) {
      if (REPEALED_CLAUSE.test(line)) report.repealed.push(`${vbhn.document} Điều ${n}: ${line}`);
      else a.lines.push(line);
    }
    byArticle.set(n, a);
  }
  report.seen[`vbhn2025:${vbhn.document}`] = byArticle.size;
  const numbers = [...byArticle.keys()].map((n) => parseInt(n, 10)).filter((n) => Number.isFinite(n));
  for (let n = 1; n < Math.max(0, ...numbers); n++) {
    if (!byArticle.has(String(n))) report.rejected.push({ source: 'vbhn2025', key: `${vbhn.document} Điều ${n}`, reason: 'article number absent from the consolidated copy (no text to quote; the older wording is not used)' });
  }
  const out: Article[] = [];
  for (const [n, a] of [...byArticle].sort((x, y) => parseInt(x[0], 10) - parseInt(y[0], 10) || x[0].localeCompare(y[0]))) {
    if (a.lines.length === 0 || !a.title || !/^\d+[a-z]?$/.test(n)) {
      report.rejected.push({ source: 'vbhn2025', key: `${vbhn.document} Điều ${n}`, reason: 'no title or no text' });
      continue;
    }
    out.push(
      finish({
        document,
        article: n,
        title: a.title,
        ...structureLines(a.lines),
        effectiveFrom,
        amendments: VBHN_AMENDMENTS[document] ?? [],
        url: documentUrl(document, undefined, itemIds),
        source: 'vbhn2025',
      }),
    );
  }
  return out;
}

/** Runs the whole import from the shared statutes folder. */
export async function importStatutes(sourceDir: string): Promise<{ articles: Article[]; report: ImportReport }> {
  const report: ImportReport = { total: 0, byDocument: {}, seen: {}, rejected: [], split: [], withClauses: 0, repealed: [] };
  const htmlDir = path.join(sourceDir, 'phapdien', 'raw_html_core');
  let names: string[];
  try {
    names = (await readdir(htmlDir)).filter((n) => n.endsWith('.html')).sort();
  } catch (err) {
    throw new AppError('not_found:statutes_source', `${htmlDir}: cannot read the raw pháp điển files (pass --source DIR pointing at shared/data/statutes)`, { cause: err });
  }
  const files = await Promise.all(names.map(async (name) => ({ name, html: await readFile(path.join(htmlDir, name), 'utf8') })));
  // Laws whose đề mục is not among the raw HTML files: read from the bundle's JSONL of all đề mục.
  const demucs = new Set(LAWS.flatMap((l) => (l.bundleDemuc ? [l.bundleDemuc] : [])));
  let parsed: { name: string; articles: PhapdienArticle[] }[] = [];
  if (demucs.size > 0) {
    const file = path.join(sourceDir, 'phapdien', 'phapdien_articles.jsonl.gz');
    const text = gunzipSync(await readFile(file)).toString('utf8');
    const records = text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as PhapdienRecord);
    parsed = phapdienRecordsOf(records, demucs, report);
  }
  const itemIds = new Map<string, string>();
  const phapdien = importPhapdien(files, report, parsed, itemIds);
  const alqac = importAlqac(JSON.parse(await readFile(path.join(sourceDir, 'alqac2023', 'legal_passages.json'), 'utf8')), report);
  const consolidated: Article[] = [];
  for (const law of LAWS) {
    if (!law.consolidated) continue;
    const json: unknown = JSON.parse(await readFile(path.join(sourceDir, 'vbhn_2025', law.consolidated.file), 'utf8'));
    consolidated.push(...importVbhn(json, law.document, report, itemIds));
  }
  const order = new Map(LAWS.map((l, i) => [l.document, i]));
  const articles = [...phapdien, ...alqac, ...consolidated].sort(
    (a, b) => order.get(a.document)! - order.get(b.document)! || parseInt(a.article, 10) - parseInt(b.article, 10) || a.article.localeCompare(b.article),
  );
  for (const a of articles) {
    report.byDocument[a.document] = (report.byDocument[a.document] ?? 0) + 1;
    if (a.clauses.length > 0) report.withClauses++;
  }
  report.total = articles.length;
  return { articles, report };
}

export function contentHash(jsonl: string): string {
  return `sha256:${createHash('sha256').update(jsonl).digest('hex')}`;
}

export function toJsonl(articles: readonly Article[]): string {
  return articles.map((a) => JSON.stringify(a)).join('\n') + '\n';
}

export function metaOf(jsonl: string, report: ImportReport, importedAt: string): StatutesMeta {
  return { schemaVersion: 1, contentHash: contentHash(jsonl), total: report.total, byDocument: report.byDocument, importedAt };
}

/** The import report in Markdown (committed as knowledge/statutes/REPORT.md). */
export function formatImportReport(report: ImportReport, importedAt: string): string {
  const lines = [
    '# Statutes import report',
    '',
    `Generated by \`npm run tthc -- statutes:import\` on ${importedAt.slice(0, 10)} from \`../shared/data/statutes\`.`,
    '',
    '| document | law | version stored | articles |',
    '|---|---|---|---|',
    ...LAWS.map((l) => `| ${l.document} | ${l.name} | ${l.version} | ${report.byDocument[l.document] ?? 0} |`),
    `| | **total** | | **${report.total}** (${report.withClauses} with khoản) |`,
    '',
    '## Articles seen per raw source',
    '',
    '| source | articles |',
    '|---|---|',
    ...Object.entries(report.seen).map(([k, v]) => `| ${k} | ${v} |`),
    '',
    '## Rejected, by reason',
    '',
    '| reason | articles |',
    '|---|---|',
  ];
  const byReason = new Map<string, Rejection[]>();
  for (const r of report.rejected) byReason.set(r.reason, [...(byReason.get(r.reason) ?? []), r]);
  for (const [reason, rs] of [...byReason].sort((a, b) => b[1].length - a[1].length)) lines.push(`| ${reason} | ${rs.length} |`);
  const few = [...byReason].filter(([, rs]) => rs.length <= 10);
  if (few.length) {
    lines.push('', 'Single rejections:', '');
    for (const [reason, rs] of few) for (const r of rs) lines.push(`- ${r.source} ${r.key}: ${reason}`);
  }
  lines.push('', '## Articles whose text ran on into the next article (cut there)', '', ...(report.split.length ? report.split.map((s) => `- ${s}`) : ['(none)']));
  lines.push('', '## Khoản the consolidated texts mark repealed (left out)', '', ...(report.repealed.length ? report.repealed.map((s) => `- ${s}`) : ['(none)']));
  lines.push(
    '',
    '## Notes',
    '',
    '- Text is verbatim from the source; only HTML tags, entities and repeated spaces are normalised, and the consolidation footnote markers ("[3]") of the VBHN copies are removed.',
    '- Bộ luật Tố tụng dân sự is the consolidated text 99/VBHN-VPQH of 26/08/2025 (regional courts, "Tòa án nhân dân khu vực"); the bundle\'s đề mục 37.5 still has the district courts and is rejected. Cited as 92/2015/QH13; "99/VBHN-VPQH:35" is accepted as the same article.',
    '- Texts older than the 1 July 2025 two-tier reform (every law without a consolidated text of that date or later: the bundle\'s laws, Luật Cư trú 2020 and Luật Phòng, chống bạo lực gia đình 2022 as enacted, the land law\'s VBHN of 28/02/2025) still name district bodies ("cấp huyện"); the text is kept verbatim and the reply adds a one-line note when the quoted khoản names one (`bot/legal-info/reform-note.ts`).',
    '- Links: vbpl.vn pages where the bundle gives them (its missing ItemIDs filled from other articles of the same document, also for the civil procedure code\'s consolidated text); for the laws from other copies, a vbpl.vn search for the document number.',
    '- Not available, answered with the lawyer offer and the official portal: Luật Căn cước 2023, Luật Bảo hiểm xã hội 2024, Luật Xử lý vi phạm hành chính, Nghị định 168/2024/NĐ-CP.',
    '',
  );
  return lines.join('\n');
}
