/**
 * CSV import of the rota: parsing and validation only (pure). The caller writes the result in
 * one transaction, and only when the report has no errors, so a file is never half-imported.
 * Column reference: channels/console/README.md.
 */
import { foldText } from '../../knowledge/text/index.js';
import { parseHhMm } from './local-time.js';
import { isLegalArea, type Lawyer, type LegalArea, type ServicePoint, type ShiftException, type WeeklyShift } from './types.js';

export interface CsvRow {
  /** 1-based line number in the file (header is line 1). */
  line: number;
  values: Record<string, string>;
}

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF, optional BOM); header names lower-cased. */
export function parseCsv(text: string): { header: string[]; rows: CsvRow[] } {
  const src = text.replace(/^\uFEFF/, '');
  const records: Array<{ line: number; fields: string[] }> = [];
  let field = '';
  let fields: string[] = [];
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === '') inQuotes = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      line++;
      recordLine = line;
    } else field += ch;
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  const nonEmpty = records.filter((r) => r.fields.some((f) => f.trim() !== ''));
  const head = nonEmpty.shift();
  const header = (head?.fields ?? []).map((h) => h.trim().toLowerCase());
  const rows = nonEmpty.map((r) => ({
    line: r.line,
    values: Object.fromEntries(header.map((h, i) => [h, (r.fields[i] ?? '').trim()])),
  }));
  return { header, rows };
}

export interface ImportProblem {
  file: 'lawyers' | 'shifts';
  /** Line in the file (1 = header). */
  line: number;
  message: string;
}

export interface RotaImport {
  lawyers: Lawyer[];
  shifts: WeeklyShift[];
  exceptions: ShiftException[];
  errors: ImportProblem[];
}

export const LAWYER_COLUMNS = ['id', 'name', 'phone', 'email', 'zalo_user_id', 'specialties', 'languages', 'wards', 'max_open_cases', 'active'] as const;
export const SHIFT_COLUMNS = ['lawyer_id', 'kind', 'service_point', 'weekday', 'date', 'date_to', 'start', 'end', 'note'] as const;
const REQUIRED_LAWYER = ['id', 'name', 'specialties'];
const REQUIRED_SHIFT = ['lawyer_id', 'kind'];

/** Lower case, no diacritics, single spaces: for matching names and keywords in a CSV. */
const fold = foldText;

const WEEKDAYS: Record<string, number> = {
  '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7,
  t2: 1, t3: 2, t4: 3, t5: 4, t6: 5, t7: 6, cn: 7,
  'thu 2': 1, 'thu 3': 2, 'thu 4': 3, 'thu 5': 4, 'thu 6': 5, 'thu 7': 6, 'chu nhat': 7,
  mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7,
};

const list = (v: string | undefined) => (v ?? '').split(/[;|]/).map((s) => s.trim()).filter(Boolean);
const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));

/** Resolves a ward given as a code ("00004") or a name with or without diacritics ("Phường Ba Đình", "ba dinh"). */
export function wardResolver(points: ServicePoint[]): (v: string) => string | undefined {
  const byCode = new Map(points.map((p) => [p.code, p.code]));
  const byName = new Map<string, string>();
  for (const p of points) {
    const f = fold(p.name);
    byName.set(f, p.code);
    byName.set(f.replace(/^(phuong|xa|dac khu) /, ''), p.code);
  }
  return (v) => byCode.get(v.trim()) ?? byName.get(fold(v));
}

/**
 * Validates the two files against the known service points (and, for shifts, against lawyers
 * in the file or already in the rota). Every bad row is reported with its line and reason.
 */
export function validateRotaCsv(input: {
  lawyersCsv: string;
  shiftsCsv?: string;
  servicePoints: ServicePoint[];
  existingLawyerIds?: Iterable<string>;
  newId?: () => string;
}): RotaImport {
  const errors: ImportProblem[] = [];
  const resolveWard = wardResolver(input.servicePoints);
  let n = 0;
  const newId = input.newId ?? (() => `r${Date.now().toString(36)}-${++n}`);

  const lawyers: Lawyer[] = [];
  const lf = parseCsv(input.lawyersCsv);
  const missing = REQUIRED_LAWYER.filter((c) => !lf.header.includes(c));
  if (missing.length) errors.push({ file: 'lawyers', line: 1, message: `thiếu cột bắt buộc: ${missing.join(', ')}` });
  const unknownCols = lf.header.filter((h) => !(LAWYER_COLUMNS as readonly string[]).includes(h));
  if (unknownCols.length) errors.push({ file: 'lawyers', line: 1, message: `cột không được hỗ trợ: ${unknownCols.join(', ')}` });
  if (!missing.length && lf.rows.length === 0) errors.push({ file: 'lawyers', line: 1, message: 'tệp không có dòng dữ liệu nào' });
  const seen = new Map<string, number>();
  for (const row of missing.length ? [] : lf.rows) {
    const v = row.values;
    const problems: string[] = [];
    const id = v.id ?? '';
    if (!/^[A-Za-z0-9_.-]{1,40}$/.test(id)) problems.push(`mã luật sư "${id}" không hợp lệ (chữ, số, _ . -, tối đa 40 ký tự)`);
    else if (seen.has(id)) problems.push(`mã luật sư "${id}" trùng với dòng ${seen.get(id)}`);
    else seen.set(id, row.line);
    if (!v.name) problems.push('thiếu họ tên');
    const specialties: LegalArea[] = [];
    for (const s of list(v.specialties)) {
      const code = s.toUpperCase();
      if (isLegalArea(code)) specialties.push(code);
      else problems.push(`lĩnh vực "${s}" không có trong danh mục (DAT_DAI, THUA_KE, …)`);
    }
    if (list(v.specialties).length === 0) problems.push('cần ít nhất một lĩnh vực chuyên môn');
    const wards: string[] = [];
    for (const w of list(v.wards)) {
      const code = resolveWard(w);
      if (code) wards.push(code);
      else problems.push(`phường/xã "${w}" không có trong danh sách điểm phục vụ`);
    }
    const max = v.max_open_cases ? Number(v.max_open_cases) : 5;
    if (!Number.isInteger(max) || max < 1 || max > 100) problems.push(`max_open_cases "${v.max_open_cases}" phải là số nguyên 1–100`);
    if (v.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email)) problems.push(`email "${v.email}" không hợp lệ`);
    if (v.phone && !/^\+?[0-9 .-]{8,15}$/.test(v.phone)) problems.push('số điện thoại không hợp lệ');
    const active = v.active ? fold(v.active) : 'yes';
    if (!['yes', 'no', '1', '0', 'true', 'false', 'co', 'khong'].includes(active)) problems.push(`active "${v.active}" phải là yes/no`);
    const languages = list(v.languages).map((l) => l.toLowerCase());
    if (languages.some((l) => !/^[a-z]{2,3}$/.test(l))) problems.push('languages phải là mã ngôn ngữ (vi; en; …)');
    if (problems.length) {
      errors.push({ file: 'lawyers', line: row.line, message: problems.join('; ') });
      continue;
    }
    lawyers.push({
      id,
      name: v.name!,
      phone: v.phone || undefined,
      email: v.email || undefined,
      zaloUserId: v.zalo_user_id || undefined,
      specialties,
      languages: languages.length ? languages : ['vi'],
      wards,
      maxOpenCases: max,
      active: ['yes', '1', 'true', 'co'].includes(active),
    });
  }

  const shifts: WeeklyShift[] = [];
  const exceptions: ShiftException[] = [];
  if (input.shiftsCsv !== undefined) {
    const known = new Set([...(input.existingLawyerIds ?? []), ...seen.keys()]);
    const sf = parseCsv(input.shiftsCsv);
    const miss = REQUIRED_SHIFT.filter((c) => !sf.header.includes(c));
    if (miss.length) errors.push({ file: 'shifts', line: 1, message: `thiếu cột bắt buộc: ${miss.join(', ')}` });
    const unknown = sf.header.filter((h) => !(SHIFT_COLUMNS as readonly string[]).includes(h));
    if (unknown.length) errors.push({ file: 'shifts', line: 1, message: `cột không được hỗ trợ: ${unknown.join(', ')}` });
    for (const row of miss.length ? [] : sf.rows) {
      const v = row.values;
      const problems: string[] = [];
      const lawyerId = v.lawyer_id ?? '';
      if (!known.has(lawyerId)) problems.push(`luật sư "${lawyerId}" không có trong tệp luật sư hay danh sách hiện tại`);
      const kind = fold(v.kind ?? '');
      const needsTimes = kind === 'weekly' || kind === 'extra';
      let start = 0;
      let end = 0;
      if (needsTimes) {
        const s = parseHhMm(v.start ?? '');
        const e = parseHhMm(v.end ?? '');
        if (s === undefined) problems.push(`giờ bắt đầu "${v.start ?? ''}" phải có dạng HH:MM`);
        if (e === undefined) problems.push(`giờ kết thúc "${v.end ?? ''}" phải có dạng HH:MM`);
        if (s !== undefined && e !== undefined && e <= s) problems.push('giờ kết thúc phải sau giờ bắt đầu');
        start = s ?? 0;
        end = e ?? 0;
      }
      const sp = needsTimes ? resolveWard(v.service_point ?? '') : undefined;
      if (needsTimes && !sp) problems.push(`điểm phục vụ "${v.service_point ?? ''}" không có trong danh sách 126 phường/xã`);
      const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      if (kind === 'weekly') {
        const wd = WEEKDAYS[fold(v.weekday ?? '')];
        if (!wd) problems.push(`thứ "${v.weekday ?? ''}" không hợp lệ (1–7, T2–T7, CN)`);
        if (!problems.length) shifts.push({ id: newId(), lawyerId, servicePoint: sp!, weekday: wd!, start: hhmm(start), end: hhmm(end) });
      } else if (kind === 'extra') {
        if (!isDate(v.date ?? '')) problems.push(`ngày "${v.date ?? ''}" phải có dạng YYYY-MM-DD`);
        if (!problems.length) exceptions.push({ id: newId(), lawyerId, kind: 'extra', date: v.date!, servicePoint: sp!, start: hhmm(start), end: hhmm(end) });
      } else if (kind === 'leave') {
        const from = v.date ?? '';
        const to = v.date_to || from;
        if (!isDate(from)) problems.push(`ngày "${from}" phải có dạng YYYY-MM-DD`);
        else if (!isDate(to)) problems.push(`date_to "${to}" phải có dạng YYYY-MM-DD`);
        else if (to < from) problems.push('date_to phải từ ngày bắt đầu trở đi');
        if (!problems.length) exceptions.push({ id: newId(), lawyerId, kind: 'leave', date: from, dateTo: to, note: v.note || undefined });
      } else {
        problems.push(`kind "${v.kind ?? ''}" phải là weekly, extra hoặc leave`);
      }
      if (problems.length) errors.push({ file: 'shifts', line: row.line, message: problems.join('; ') });
    }
  }
  return { lawyers, shifts, exceptions, errors };
}

/** The validation report as operators read it, one problem per line. */
export function formatImportReport(r: RotaImport): string {
  if (r.errors.length === 0) {
    return `OK: ${r.lawyers.length} luật sư, ${r.shifts.length} ca trực hằng tuần, ${r.exceptions.length} ngoại lệ (ca bổ sung / nghỉ).`;
  }
  return [
    `Không nhập gì: ${r.errors.length} dòng lỗi.`,
    ...r.errors.map((e) => `  ${e.file}.csv dòng ${e.line}: ${e.message}`),
  ].join('\n');
}
