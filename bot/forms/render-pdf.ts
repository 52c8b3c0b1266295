import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { LineCapStyle, PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { FormDefinition, FormField } from '../../knowledge/index.js';
import { formatDate } from './derive.js';

/**
 * Prints a filled form on A4 the way the official template reads: national motto, title,
 * "Kính gửi", labelled lines with dotted leaders, fields sharing a row on one line, the
 * commitment, place and date, and the signature block. Vietnamese needs a font with full
 * coverage (precomposed letters with two diacritics such as ệ, ổ, ữ), so the bytes of one
 * are injected; the standard PDF fonts cannot encode them.
 */

export interface FormFonts {
  regular: Uint8Array;
  bold: Uint8Array;
  /** Optional: notes and hints print in the regular face without it (each face costs ~30 ms to subset). */
  italic?: Uint8Array;
}

/**
 * Reads DejaVu Serif (regular and bold; italic with `withItalic`) from the
 * `dejavu-fonts-ttf` package. Called once by the composition root; nothing reads fonts at
 * import time.
 */
export async function loadDejaVuFonts(opts: { withItalic?: boolean } = {}): Promise<FormFonts> {
  const require = createRequire(import.meta.url);
  const dir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  const files = ['DejaVuSerif.ttf', 'DejaVuSerif-Bold.ttf', ...(opts.withItalic ? ['DejaVuSerif-Italic.ttf'] : [])];
  const [regular, bold, italic] = await Promise.all(files.map((f) => fs.readFile(path.join(dir, f))));
  return { regular: regular!, bold: bold!, italic };
}

/** How a stored value prints (dates as dd/mm/yyyy, years only where the form asks). */
export function printableValue(field: FormField, value: string | undefined): string {
  if (!value) return '';
  if (field.type === 'date' || field.type === 'year') return formatDate(value, field.print?.format === 'year' ? 'year' : 'date');
  // A list written from the people known ("Lưu Thị Hoa; 1988-06-05; Nữ; …") prints its dates as the form's do.
  if (field.type === 'textarea') return value.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, '$3/$2/$1');
  return value;
}

/**
 * Text widths from per-character advances, cached per font face across documents. pdf-lib
 * measures by running full OpenType shaping, which dominated rendering time; for the
 * precomposed Vietnamese letters we print, the sum of advances is the same width.
 */
const advanceCache = new WeakMap<Uint8Array, Map<string, number>>();
const faceOf = new WeakMap<PDFFont, Uint8Array>();

function measure(font: PDFFont, text: string, size: number): number {
  const face = faceOf.get(font);
  if (!face) return font.widthOfTextAtSize(text, size);
  let widths = advanceCache.get(face);
  if (!widths) advanceCache.set(face, (widths = new Map()));
  let total = 0;
  for (const ch of text) {
    let w = widths.get(ch);
    if (w === undefined) {
      w = font.widthOfTextAtSize(ch, 1000) / 1000;
      widths.set(ch, w);
    }
    total += w;
  }
  return total * size;
}

/**
 * fontkit with OpenType shaping switched off. We print NFC text, where every Vietnamese
 * letter is one precomposed glyph, so GSUB/GPOS shaping changes nothing visible; parsing
 * DejaVu's large shaping tables was most of the rendering time.
 */
const NO_SHAPING = new Set<string | symbol>(['GSUB', 'GPOS', 'morx']);
const plainFontkit = {
  ...fontkit,
  create(data: Uint8Array, postscriptName?: string) {
    const font = fontkit.create(data, postscriptName) as object;
    // The tables are non-configurable getters on the font; a proxy hides them from its layout engine.
    return new Proxy(font, { get: (target, key, receiver) => (NO_SHAPING.has(key) ? null : Reflect.get(target, key, receiver)) });
  },
} as typeof fontkit;

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = { left: 62, right: 50, top: 50, bottom: 50 };
/** Body size and line height; scaled down per document when the form would spill onto a second page. */
let SIZE = 12;
let LINE = 18;
const DOTS_COLOR = rgb(0.35, 0.35, 0.35);

interface Ctx {
  doc: PDFDocument;
  page: PDFPage;
  y: number;
  fonts: { regular: PDFFont; bold: PDFFont; italic: PDFFont };
}

function newPage(ctx: Ctx): void {
  ctx.page = ctx.doc.addPage([A4.width, A4.height]);
  ctx.y = A4.height - MARGIN.top;
}

function ensure(ctx: Ctx, height: number): void {
  if (ctx.y - height < MARGIN.bottom) newPage(ctx);
}

const contentWidth = A4.width - MARGIN.left - MARGIN.right;

/** Greedy word wrap measured with the real font. */
function wrap(text: string, font: PDFFont, size: number, firstWidth: number, width: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let cur = '';
  let max = firstWidth;
  for (const w of words) {
    const next = cur ? `${cur} ${w}` : w;
    if (measure(font, next, size) <= max || !cur) {
      cur = next;
    } else {
      lines.push(cur);
      cur = w;
      max = width;
    }
  }
  if (cur || lines.length === 0) lines.push(cur);
  return lines;
}

function centered(ctx: Ctx, text: string, font: PDFFont, size: number): void {
  for (const line of wrap(text, font, size, contentWidth, contentWidth)) {
    ensure(ctx, LINE);
    const w = measure(font, line, size);
    ctx.page.drawText(line, { x: MARGIN.left + (contentWidth - w) / 2, y: ctx.y - size, size, font });
    ctx.y -= size + 6;
  }
}

function paragraph(ctx: Ctx, text: string, font: PDFFont, size = SIZE, indent = 0): void {
  for (const [i, line] of wrap(text, font, size, contentWidth - indent, contentWidth).entries()) {
    ensure(ctx, LINE);
    ctx.page.drawText(line, { x: MARGIN.left + (i === 0 ? indent : 0), y: ctx.y - size, size, font });
    ctx.y -= LINE;
  }
}

/** Dotted leader from x to the right margin at the current baseline (a dashed line: no text shaping). */
function dots(ctx: Ctx, fromX: number, toX = A4.width - MARGIN.right): void {
  if (toX - fromX < 6) return;
  ctx.page.drawLine({
    start: { x: fromX + 1, y: ctx.y - SIZE + 1 },
    end: { x: toX, y: ctx.y - SIZE + 1 },
    thickness: 0.8,
    dashArray: [0.8, 2.4],
    lineCap: LineCapStyle.Round,
    color: DOTS_COLOR,
  });
}

/**
 * One printed line made of "label: value" segments. Long values wrap under the line;
 * `lines` reserves dotted lines for handwriting-length fields.
 */
function labelledLine(ctx: Ctx, parts: Array<{ label: string; value: string }>, lines = 1): void {
  const { regular, bold } = ctx.fonts;
  const texts = parts.map((p) => ({ label: `${p.label}: `, value: p.value }));
  const oneLineWidth = texts.reduce((s, t) => s + measure(regular, t.label, SIZE) + measure(bold, t.value, SIZE) + 12, 0);
  if (parts.length > 1 && oneLineWidth > contentWidth) {
    for (const p of parts) labelledLine(ctx, [p], 1);
    return;
  }
  ensure(ctx, LINE * lines);
  let x = MARGIN.left;
  const slot = parts.length > 1 ? contentWidth / parts.length : contentWidth;
  let used = 1;
  for (const [i, t] of texts.entries()) {
    const segStart = MARGIN.left + slot * i;
    if (parts.length > 1) x = Math.max(x, segStart);
    ctx.page.drawText(t.label, { x, y: ctx.y - SIZE, size: SIZE, font: regular });
    x += measure(regular, t.label, SIZE);
    const segEnd = parts.length > 1 ? MARGIN.left + slot * (i + 1) - 4 : A4.width - MARGIN.right;
    const valueLines = wrap(t.value, bold, SIZE, segEnd - x, contentWidth);
    if (parts.length === 1 && valueLines.length > 1) {
      ctx.page.drawText(valueLines[0]!, { x, y: ctx.y - SIZE, size: SIZE, font: bold });
      for (const vl of valueLines.slice(1)) {
        ctx.y -= LINE;
        ensure(ctx, LINE);
        ctx.page.drawText(vl, { x: MARGIN.left, y: ctx.y - SIZE, size: SIZE, font: bold });
        used++;
      }
      x = MARGIN.left + measure(bold, valueLines[valueLines.length - 1]!, SIZE) + 4;
    } else {
      const v = valueLines.join(' ');
      if (v) ctx.page.drawText(v, { x, y: ctx.y - SIZE, size: SIZE, font: bold });
      x += measure(bold, v, SIZE) + 4;
    }
    dots(ctx, x, segEnd);
    x = segEnd + 4;
  }
  ctx.y -= LINE;
  for (let i = used; i < lines; i++) {
    ensure(ctx, LINE);
    dots(ctx, MARGIN.left);
    ctx.y -= LINE;
  }
}

export interface RenderInput {
  form: FormDefinition;
  /** Values keyed by field name (canonical: ISO dates, digits only). */
  values: Record<string, string | undefined>;
  fonts: FormFonts;
  /** Document metadata date (the clock, not wall time). */
  now: Date;
}

/** Renders the filled form; resolves to the PDF bytes. */
export async function renderFormPdf(input: RenderInput): Promise<Uint8Array> {
  // The official templates are one page: the body is set smaller rather than pushing the
  // signature block alone onto a second page.
  // Start from the scale that fitted this form last time: one rendering in the usual case.
  const scales = SCALES.slice(SCALES.indexOf(fitted.get(input.form.id) ?? 1));
  let first: Uint8Array | undefined;
  for (const scale of scales) {
    const { bytes, pages } = await renderAtScale(input, scale);
    first ??= bytes;
    if (pages === 1) {
      fitted.set(input.form.id, scale);
      return bytes;
    }
  }
  return first!;
}

const SCALES = [1, 0.92, 0.85, 0.8];
/** Form id → the body scale that last fitted it on one page. */
const fitted = new Map<string, number>();

async function renderAtScale(input: RenderInput, scale: number): Promise<{ bytes: Uint8Array; pages: number }> {
  const { form, values, now } = input;
  const doc = await PDFDocument.create();
  // A fresh fontkit font per document: sharing a parsed font across documents corrupts the
  // glyph-to-Unicode map of later documents (seen as wrong letters in extracted text).
  doc.registerFontkit(plainFontkit);
  const regular = await doc.embedFont(input.fonts.regular, { subset: true });
  const bold = await doc.embedFont(input.fonts.bold, { subset: true });
  const italic = input.fonts.italic ? await doc.embedFont(input.fonts.italic, { subset: true }) : regular;
  faceOf.set(regular, input.fonts.regular);
  faceOf.set(bold, input.fonts.bold);
  if (input.fonts.italic) faceOf.set(italic, input.fonts.italic);
  doc.setTitle(form.title.charAt(0) + form.title.slice(1).toLowerCase());
  doc.setSubject(`${form.legalBasis}${form.code ? `, ${form.code}` : ''}`);
  doc.setCreator('Trợ lý TTHC');
  doc.setProducer('Trợ lý TTHC');
  doc.setCreationDate(now);
  doc.setModificationDate(now);
  // Set after the last await above: drawing below is synchronous, so documents never mix sizes.
  SIZE = 12 * scale;
  LINE = 18 * scale;
  const ctx: Ctx = { doc, page: doc.addPage([A4.width, A4.height]), y: A4.height - MARGIN.top, fonts: { regular, bold, italic } };

  if (form.layout.corner) {
    const size = 9;
    const w = measure(italic, form.layout.corner, size);
    ctx.page.drawText(form.layout.corner, { x: A4.width - MARGIN.right - w, y: ctx.y - size + 18, size, font: italic });
  }
  for (const [i, line] of form.layout.header.entries()) {
    centered(ctx, line, bold, i === 0 ? 12 : 12.5);
    if (i === form.layout.header.length - 1) {
      const w = measure(bold, line, 12.5);
      const x = MARGIN.left + (contentWidth - w) / 2;
      ctx.page.drawLine({ start: { x, y: ctx.y + 3 }, end: { x: x + w, y: ctx.y + 3 }, thickness: 0.6 });
    }
  }
  ctx.y -= 14;
  centered(ctx, form.title, bold, 14);
  ctx.y -= 6;
  const fields = form.sections.flatMap((s) => s.fields);
  const byName = new Map(fields.map((f) => [f.name, f]));
  if (form.addresseeField) {
    const v = values[form.addresseeField] ?? '';
    const label = 'Kính gửi: ';
    const w = measure(regular, label, SIZE) + measure(bold, v, SIZE);
    ensure(ctx, LINE);
    const x = MARGIN.left + Math.max(40, (contentWidth - w) / 2);
    ctx.page.drawText(label, { x, y: ctx.y - SIZE, size: SIZE, font: regular });
    ctx.page.drawText(v, { x: x + measure(regular, label, SIZE), y: ctx.y - SIZE, size: SIZE, font: bold });
    ctx.y -= LINE + 8;
  }

  for (const section of form.sections) {
    const printed = section.fields.filter((f) => !f.print?.hidden);
    if (printed.length === 0) continue;
    if (section.title) {
      ensure(ctx, LINE * 2);
      ctx.y -= 4;
      paragraph(ctx, section.title, bold);
    }
    if (section.note) paragraph(ctx, section.note, italic);
    for (let i = 0; i < printed.length; i++) {
      const f = printed[i]!;
      const row = f.print?.row;
      const group = [f];
      while (row && printed[i + 1]?.print?.row === row) group.push(printed[++i]!);
      labelledLine(
        ctx,
        group.map((g) => ({ label: g.label, value: printableValue(g, values[g.name]) })),
        Math.max(...group.map((g) => g.print?.lines ?? 1)),
      );
    }
  }

  ctx.y -= 6;
  for (const p of form.layout.commitment) paragraph(ctx, p, regular, SIZE, 28);

  // Place, date and signature in the right half.
  ensure(ctx, LINE * 6);
  ctx.y -= 8;
  const colX = MARGIN.left + contentWidth * 0.42;
  const colW = contentWidth * 0.58;
  const rightLine = (text: string, font: PDFFont, size = SIZE) => {
    for (const line of wrap(text, font, size, colW, colW)) {
      const w = measure(font, line, size);
      ctx.page.drawText(line, { x: colX + (colW - w) / 2, y: ctx.y - size, size, font });
      ctx.y -= LINE;
    }
  };
  const dateField = form.layout.dateField ? byName.get(form.layout.dateField) : undefined;
  const date = dateField ? values[dateField.name] : undefined;
  const place = form.layout.placeField ? values[form.layout.placeField] : undefined;
  const [yy, mm, dd] = (date ?? '').split('-');
  rightLine(
    `${place ? `Làm tại: ${place}, ` : ''}ngày ${dd ?? '....'} tháng ${mm ?? '....'} năm ${yy ?? '........'}`,
    italic,
  );
  rightLine(form.layout.signatureTitle, bold);
  rightLine(form.layout.signatureHint, italic, 10.5);
  ctx.y -= LINE * 2.5;
  const signer = form.layout.signatureNameField ? values[form.layout.signatureNameField] : undefined;
  if (signer) rightLine(signer, bold);

  if (form.layout.notes.length > 0) {
    ctx.y -= 10;
    ensure(ctx, LINE * 2);
    paragraph(ctx, 'Chú thích:', italic, 10);
    for (const n of form.layout.notes) paragraph(ctx, n, italic, 10);
  }
  const pages = doc.getPageCount();
  return { bytes: await doc.save({ useObjectStreams: true }), pages };
}
