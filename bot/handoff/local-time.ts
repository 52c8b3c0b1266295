/**
 * Hà Nội local time helpers. Vietnam has used UTC+7 without daylight saving since 1975, so a
 * fixed offset is exact and avoids depending on the host's time-zone database.
 */
const OFFSET_MS = 7 * 3600_000;

export interface LocalParts {
  /** "YYYY-MM-DD" */
  date: string;
  /** ISO weekday 1 = Monday … 7 = Sunday */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

export function localParts(at: Date): LocalParts {
  const d = new Date(at.getTime() + OFFSET_MS);
  const wd = d.getUTCDay();
  return {
    date: d.toISOString().slice(0, 10),
    weekday: wd === 0 ? 7 : wd,
    minutes: d.getUTCHours() * 60 + d.getUTCMinutes(),
  };
}

/** Absolute instant of a local date ("YYYY-MM-DD") and time ("HH:MM"). */
export function fromLocal(date: string, time: string): Date {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, m) - OFFSET_MS);
}

export function addDays(date: string, days: number): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, mo - 1, d + days)).toISOString().slice(0, 10);
}

export function weekdayOf(date: string): number {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const wd = new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
  return wd === 0 ? 7 : wd;
}

export function parseHhMm(v: string): number | undefined {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(v.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** Working hours of ward service points (Mon–Fri 08:00–17:00). Public holidays are not modelled. */
const WORK_START = 8 * 60;
const WORK_END = 17 * 60;

/**
 * Adds working time: `hours` of Mon–Fri 08:00–17:00 local time. Starting outside working
 * hours counts from the next opening.
 */
export function addWorkingHours(at: Date, hours: number): Date {
  let remaining = Math.round(hours * 60);
  let p = localParts(at);
  let date = p.date;
  let minute = p.minutes;
  for (let guard = 0; guard < 400; guard++) {
    const wd = weekdayOf(date);
    if (wd <= 5) {
      const from = Math.max(minute, WORK_START);
      if (from < WORK_END) {
        const avail = WORK_END - from;
        if (remaining <= avail) {
          return new Date(fromLocal(date, '00:00').getTime() + (from + remaining) * 60_000);
        }
        remaining -= avail;
      }
    }
    date = addDays(date, 1);
    minute = 0;
  }
  return new Date(at.getTime() + hours * 3600_000);
}

/** One working day later: the same amount as a full working day (9 h) of working time. */
export function addWorkingDays(at: Date, days: number): Date {
  return addWorkingHours(at, days * ((WORK_END - WORK_START) / 60));
}

/** "14:30 thứ Năm, 27/11" for citizens and lawyers. */
export function formatLocalVi(at: Date): string {
  const p = localParts(at);
  const names = ['', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy', 'Chủ nhật'];
  const hh = String(Math.floor(p.minutes / 60)).padStart(2, '0');
  const mm = String(p.minutes % 60).padStart(2, '0');
  const [, mo, d] = p.date.split('-');
  return `${hh}:${mm} ${names[p.weekday]}, ${d}/${mo}`;
}
