import type { Duration } from '../procedure.js';
import { foldSameLength } from './text.js';

/**
 * A processing time as a citizen reads it. The portal sometimes gives a bare number
 * ("5", unit `khac`); the unit is then taken from the channel's own text when that text
 * states the same number with a unit ("05 ngày làm việc kể từ …"), and otherwise the
 * answer says that the portal gives no unit instead of printing "Thời gian: 5".
 */
export function processingTimeText(d: Duration, channelText = ''): string {
  if (d.unit !== 'khac') return d.text.toLocaleLowerCase('vi');
  const n = d.value;
  const f = foldSameLength(channelText);
  const re = /(\d+)\s*(?:\([^)]*\)\s*)?(ngay lam viec|ngay|gio|thang|tuan)\b/g;
  for (const m of f.matchAll(re)) {
    if (Number(m[1]) === n) return channelText.slice(m.index!, m.index! + m[0].length).toLocaleLowerCase('vi');
  }
  const bare = d.text.trim() || String(n);
  return `${bare} (Cổng Dịch vụ công không ghi đơn vị thời gian)`;
}
