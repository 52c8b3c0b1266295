import { z } from 'zod';
import { cleanText } from '../text/index.js';
import {
  cleanCell,
  parseChannels,
  parseDocuments,
  parseLegalBasis,
  parseLevels,
  parseResults,
  splitLines,
  splitList,
  splitStepsAndNotes,
  sectionsFromRaw,
  DOCUMENTS_HEADER,
  LEGAL_HEADER,
  NO_INFO,
} from './crawl-tables.js';
import { CODE_PATTERN, type ParseWarning, type SourceRecord } from './source-record.js';

/**
 * Importer for the flat crawl of the portal's detail pages (`portal-crawl-*.jsonl`): one
 * object of strings per line, tables flattened into run-on text (see `crawl-tables.ts`).
 */

export const crawlRecordSchema = z
  .object({
    ma_thu_tuc: z.string(),
    ten_thu_tuc: z.string(),
    detail_url: z.string().default(''),
    so_quyet_dinh: z.string().default(''),
    cap_thuc_hien: z.string().default(''),
    linh_vuc: z.string().default(''),
    doi_tuong_thuc_hien: z.string().default(''),
    co_quan_co_tham_quyen: z.string().default(''),
    co_quan_thuc_hien: z.string().default(''),
    dia_chi_tiep_nhan: z.string().default(''),
    thu_tuc_lien_quan: z.string().default(''),
    trinh_tu_thuc_hien: z.string().default(''),
    cach_thuc_thuc_hien: z.string().default(''),
    thanh_phan_ho_so: z.string().default(''),
    can_cu_phap_ly: z.string().default(''),
    yeu_cau_dieu_kien: z.string().default(''),
    ket_qua_xu_ly: z.string().default(''),
    raw_text: z.string().default(''),
  })
  .passthrough();
export type CrawlRecord = z.infer<typeof crawlRecordSchema>;

/** Related procedures are listed by code; keep only well-formed codes. */
function relatedCodes(raw: string): string[] {
  return [...new Set(cleanCell(raw).match(/\b\d\.\d{6}\b/g) ?? [])];
}

/**
 * Map one crawl object to a source record. Throws an `Error` with a short reason when
 * the record is unusable; pushes non-fatal problems to `warnings`.
 */
export function mapCrawlRecord(json: unknown, crawledAt: string, warnings: ParseWarning[] = []): SourceRecord {
  const parsed = crawlRecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`unexpected shape at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const r = parsed.data;
  const code = cleanText(r.ma_thu_tuc);
  if (!CODE_PATTERN.test(code)) throw new Error(`invalid procedure code "${r.ma_thu_tuc}"`);
  const name = cleanCell(r.ten_thu_tuc);
  if (!name) throw new Error('empty procedure name');

  const warn = (field: string, message: string) => warnings.push({ source: 'portal-crawl', code, field, message });
  // Shifted fields: the table header is missing from its field but present in the page text.
  const raw = r.raw_text;
  const legalCell = cleanCell(r.can_cu_phap_ly);
  const shifted =
    (!r.thanh_phan_ho_so.includes(DOCUMENTS_HEADER) && raw.includes(DOCUMENTS_HEADER)) ||
    (!r.can_cu_phap_ly.includes(LEGAL_HEADER) && raw.includes(LEGAL_HEADER)) ||
    // A fee note quoting "Căn cứ pháp lý: …" made the crawler cut the channels table there.
    (legalCell !== '' && !legalCell.includes(LEGAL_HEADER) && !legalCell.startsWith(NO_INFO) && raw.includes('Cách Thức Thực Hiện'));
  if (shifted) {
    const sections = sectionsFromRaw(raw);
    r.cach_thuc_thuc_hien = sections.channels ?? r.cach_thuc_thuc_hien;
    r.trinh_tu_thuc_hien = sections.steps ?? r.trinh_tu_thuc_hien;
    r.thanh_phan_ho_so = sections.documents ?? r.thanh_phan_ho_so;
    r.can_cu_phap_ly = sections.legal ?? r.can_cu_phap_ly;
    r.co_quan_thuc_hien = sections.agencies ?? r.co_quan_thuc_hien;
    r.yeu_cau_dieu_kien = sections.conditions ?? r.yeu_cau_dieu_kien;
    r.ket_qua_xu_ly = sections.results ?? r.ket_qua_xu_ly;
    warn('raw_text', 'fields were shifted in the crawl; sections re-cut from the page text');
  }
  const documents = parseDocuments(r.thanh_phan_ho_so);
  if (!documents.recognised) warn('thanh_phan_ho_so', 'no document table found; documents left empty');
  const channels = parseChannels(r.cach_thuc_thuc_hien);
  if (channels.length === 0 && cleanCell(r.cach_thuc_thuc_hien)) warn('cach_thuc_thuc_hien', 'no channel rows found');
  const legalBasis = parseLegalBasis(r.can_cu_phap_ly);
  if (legalBasis.length === 0 && cleanCell(r.can_cu_phap_ly) && !cleanCell(r.can_cu_phap_ly).startsWith(NO_INFO)) {
    warn('can_cu_phap_ly', 'no legal-basis rows found');
  }

  const { steps, notes: stepNotes } = splitStepsAndNotes(splitLines(r.trinh_tu_thuc_hien));
  const url = cleanCell(r.detail_url);
  const agencies = splitList(r.co_quan_thuc_hien);
  return {
    source: 'portal-crawl',
    code,
    crawledAt,
    url: /^https?:\/\//.test(url) ? url : undefined,
    name,
    levels: parseLevels(r.cap_thuc_hien),
    fields: splitList(r.linh_vuc),
    agencies: agencies.length > 0 ? agencies : undefined,
    competentAuthority: cleanCell(r.co_quan_co_tham_quyen) || null,
    applicants: splitList(r.doi_tuong_thuc_hien),
    decisionNumber: cleanCell(r.so_quyet_dinh) || null,
    submissionAddress: cleanCell(r.dia_chi_tiep_nhan) || null,
    steps,
    channels,
    documentGroups: documents.groups,
    notes: [...stepNotes, ...documents.notes],
    conditions: cleanCell(r.yeu_cau_dieu_kien) || null,
    results: parseResults(r.ket_qua_xu_ly),
    legalBasis,
    relatedProcedures: relatedCodes(r.thu_tuc_lien_quan),
  };
}
