import type { Duration } from '../procedure.js';
import { foldSameLength } from '../text/index.js';

/**
 * A processing time as a citizen reads it. The portal sometimes gives a bare number
 * ("5", unit `khac`); the unit is then taken from the channel's own text when that text
 * states the same number with a unit ("05 ngày làm việc kể từ …"), and otherwise the
 * answer says that the portal gives no unit instead of printing "Thời gian: 5".
 */
export function processingTimeText(d: Duration, channelText = ''): string {
  if (d.unit !== 'khac') {
    // "10 ngày làm việc đối với công trình (hoặc 7 ngày làm việc đối với nhà ở riêng lẻ) kể từ …":
    // the channel's own clause keeps the alternatives the number alone drops.
    const clause = channelText.replace(/\s+/g, ' ').trim().split(/\s+kể từ(?=\s|$)|\.\s/u)[0]!.replace(/[.;,\s]+$/u, '');
    const fc = foldSameLength(clause);
    if (fc.startsWith(`${d.value} `) && / doi voi /.test(fc) && clause.length <= 140) {
      // "10 ngày (hoặc 7 ngày đối với nhà ở riêng lẻ)" of a time in working days: each count says so.
      const said = d.unit === 'ngay_lam_viec' ? clause.replace(/(\d+\s+ngày)(?!\s+làm việc)/giu, '$1 làm việc') : clause;
      return said.toLocaleLowerCase('vi');
    }
    const cases = timesByCase(channelText, d.value);
    if (cases) return cases;
    // "2 Ngày" in the time field, "không quá 02 ngày làm việc" in the channel's text: the text's unit is the precise one.
    if (d.unit === 'ngay' && new RegExp(`(?<!\\d)0*${d.value}\\s+ngay lam viec\\b`).test(foldSameLength(channelText))) return `${d.value} ngày làm việc`;
    // Not the importer's own "10 ngày làm việc (phần cách thức thực hiện ghi …)", which starts with the count.
    if (d.text.length > 40 && !/^\d/.test(d.text.trim()) && UNIT_WORD[d.unit]) return longTimeText(d);
    return d.text.toLocaleLowerCase('vi');
  }
  const n = d.value;
  const f = foldSameLength(channelText);
  const re = /(\d+)\s*(?:\([^)]*\)\s*)?(ngay lam viec|ngay|gio|thang|tuan)\b/g;
  for (const m of f.matchAll(re)) {
    if (Number(m[1]) === n) return channelText.slice(m.index!, m.index! + m[0].length).toLocaleLowerCase('vi');
  }
  const bare = d.text.trim() || String(n);
  return `${bare} (Cổng Dịch vụ công không ghi đơn vị thời gian)`;
}

const UNIT_WORD: Record<string, string> = { ngay_lam_viec: 'ngày làm việc', ngay: 'ngày', gio: 'giờ', thang: 'tháng' };

/**
 * A time field holding the record's whole clause ("a) Không quá 10 ngày làm việc đối với thủ tục
 * chuyển đổi …; Đối với các xã miền núi … tăng thêm không quá 10 ngày làm việc … b) Không quá 05
 * ngày làm việc đối với …", up to 2,000 characters): the recorded count with its unit, its
 * cases when they are short, and that other cases differ when the clause gives other counts.
 * The extra days for mountain and remote communes are not another case's time.
 */
function longTimeText(d: Duration): string {
  const cases = timesByCase(d.text, d.value);
  if (cases) return cases;
  const unit = UNIT_WORD[d.unit]!;
  const counts = [...foldSameLength(d.text).matchAll(/(tang them\s+)?(?:khong qua|trong thoi han|trong vong|la)\s+0*(\d+(?:[.,]\d+)?)\s+(ngay lam viec|ngay|gio|thang)\b/g)]
    .filter((m) => !m[1])
    .map((m) => Number(m[2]!.replace(',', '.')));
  // "… sau 15 giờ cùng ngày thì …": a clock time, not the recorded period; the text stays as published.
  if (!counts.includes(d.value)) return d.text.toLocaleLowerCase('vi');
  const other = counts.some((n) => n !== d.value);
  const remote = /mien nui|vung sau|vung xa|hai dao/.test(foldSameLength(d.text)) && /tang them/.test(foldSameLength(d.text));
  const notes = [other ? 'có trường hợp khác thời hạn khác' : '', remote ? 'xã miền núi, vùng sâu, vùng xa được cộng thêm thời gian' : ''].filter(Boolean);
  return `${d.value} ${unit}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

/**
 * "- 01 ngày đối với đám tang - 05 ngày làm việc đối với các trường hợp khác kể từ …": a
 * channel's text giving one time per case, the recorded time among them. Each case with its
 * time ("1 ngày đối với đám tang; 5 ngày làm việc đối với các trường hợp khác"), so the
 * citizen whose case is the quick one is not told the long one; undefined when the text
 * holds fewer than two such clauses, none with the recorded number, or too long a list.
 */
export function timesByCase(channelText: string, value: number): string | undefined {
  const t = channelText.replace(/\s+/g, ' ').trim();
  const re = /(?:không quá\s+)?0*(\d+(?:[.,]\d+)?)\s+(ngày làm việc|ngày|giờ|tháng)\s+(?:đối với|với)\s+(?:với\s+)?(.+?)(?=\s*(?:;|:|\(|\s[-+]\s|\skể từ(?=\s|$)|\.\s|\.?$))/giu;
  const clauses = [...t.matchAll(re)].map((m) => ({ n: Number(m[1]!.replace(',', '.')), text: `${m[1]} ${m[2]!.toLocaleLowerCase('vi')} đối với ${m[3]!.trim().replace(/[,\s]+$/u, '')}` }));
  if (clauses.length < 2 || clauses.length > 3 || !clauses.some((c) => c.n === value)) return undefined;
  if (clauses.some((c) => c.text.length > 110)) return undefined;
  // Each clause a case of its own ("… lần đầu" twice is one case and a regional extension, not two cases).
  const caseOf = (c: { text: string }) => c.text.replace(/^.*?đối với\s+/u, '');
  if (new Set(clauses.map(caseOf)).size < clauses.length || clauses.some((c) => /^(?:các\s+)?trường hợp$/u.test(caseOf(c)))) return undefined;
  return clauses.map((c) => c.text).join('; ');
}

/**
 * A processing time stated in the steps when the record's channels give none ("Trong thời
 * hạn 03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ, …"): the longest such period (a
 * shorter one is usually the notice to complete the file), as published. Undefined when none.
 */
export function processingTimeFromSteps(steps: readonly string[]): string | undefined {
  let best: { value: number; text: string } | undefined;
  for (const s of steps) {
    const f = foldSameLength(s);
    for (const m of f.matchAll(/(?:trong thoi han|trong vong|thoi han giai quyet(?: la)?|khong qua)\s+(\d{1,3})\s+(ngay lam viec|ngay|gio)\b/g)) {
      const value = Number(m[1]);
      const start = m.index! + m[0].length - m[1]!.length - m[2]!.length - 1;
      if (!best || value > best.value) best = { value, text: s.slice(start, m.index! + m[0].length) };
    }
  }
  return best?.text;
}

/**
 * The case a channel row is published for, when its text opens with one ("+ Cấp mới biển số
 * xe trúng đấu giá, đổi biển số xe: Không quá 07 ngày làm việc …" → "cấp mới biển số xe trúng
 * đấu giá, đổi biển số xe"); undefined for a heading such as "Cách thức thực hiện:".
 */
export function channelCase(channelText = ''): string | undefined {
  const m = /^\s*[-+•*]?\s*([^:;.]{4,120}?)\s*:\s*(?:không quá|trong|cấp ngay|ngay|\d)/iu.exec(channelText);
  if (!m) return undefined;
  const label = m[1]!.trim();
  // Headings and steps of one dossier ("Tiếp nhận và kiểm tra thành phần hồ sơ: 2 ngày") are no cases.
  if (/^(cách thức|thời hạn|thời gian|lưu ý|ghi chú|phí|lệ phí|trực tiếp|trực tuyến|bưu chính|nộp|tiếp nhận|thẩm định|trả kết quả|xử lý|kiểm tra|bước|giai đoạn)/iu.test(label)) return undefined;
  return label.charAt(0).toLocaleLowerCase('vi') + label.slice(1);
}
