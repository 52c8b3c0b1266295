import { LEGAL_AREAS, type Lawyer, type ServicePoint, type WeeklyShift } from './types.js';

/**
 * A demonstration rota of FICTIONAL lawyers (names are made up and marked "demo"; contact data
 * uses reserved example domains and no real numbers). Deterministic, so re-seeding updates in place.
 *
 * - `DEMO-00` is an on-call lawyer (every day 07:00–22:00, all areas) so a local demo always finds
 *   someone on duty during the day.
 * - `DEMO-01` … `DEMO-24`: two lawyers per ward for the first 12 wards, mornings Mon/Wed/Fri and
 *   afternoons Tue/Thu, with two or three specialties each.
 */
export function demoRota(points: readonly ServicePoint[]): { lawyers: Lawyer[]; shifts: WeeklyShift[] } {
  const family = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương'];
  const middle = ['Văn', 'Thị', 'Minh', 'Thu', 'Đức', 'Ngọc'];
  const given = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hà', 'Khánh', 'Lan', 'Minh', 'Nga', 'Phúc', 'Quân', 'Sơn', 'Trang', 'Tú', 'Vy'];
  const lawyers: Lawyer[] = [
    {
      id: 'DEMO-00',
      name: 'Trực Tuyến (demo)',
      email: 'truc-tuyen@example.org',
      specialties: [...LEGAL_AREAS],
      languages: ['vi', 'en'],
      wards: [],
      maxOpenCases: 20,
      active: true,
    },
  ];
  const shifts: WeeklyShift[] = [];
  const home = points[0]?.code;
  if (home) for (let wd = 1; wd <= 7; wd++) shifts.push({ id: `DEMO-00-${wd}`, lawyerId: 'DEMO-00', servicePoint: home, weekday: wd, start: '07:00', end: '22:00' });
  const wards = points.slice(0, 12);
  for (let i = 1; i <= wards.length * 2; i++) {
    const id = `DEMO-${String(i).padStart(2, '0')}`;
    const ward = wards[Math.floor((i - 1) / 2)]!;
    const areas = new Set([LEGAL_AREAS[i % LEGAL_AREAS.length]!, LEGAL_AREAS[(i + 5) % LEGAL_AREAS.length]!]);
    if (i % 3 === 0) areas.add('DAT_DAI');
    lawyers.push({
      id,
      name: `${family[i % family.length]} ${middle[i % middle.length]} ${given[i % given.length]} (demo)`,
      email: `ls${String(i).padStart(2, '0')}@example.org`,
      specialties: [...areas],
      languages: ['vi'],
      wards: [ward.code],
      maxOpenCases: 3,
      active: true,
    });
    const morning = i % 2 === 1;
    for (const wd of morning ? [1, 3, 5] : [2, 4]) {
      shifts.push({ id: `${id}-${wd}`, lawyerId: id, servicePoint: ward.code, weekday: wd, start: morning ? '08:00' : '13:30', end: morning ? '11:30' : '17:00' });
    }
  }
  return { lawyers, shifts };
}
