import { fold } from '../text.js';

/**
 * The province a citizen names ("nhà mình ở TP.HCM", "ở Cà Mau", "Sở Tư pháp Đà Nẵng"), so
 * that a provincial body is said as that province's own ("Sở Tư pháp Thành phố Hồ Chí Minh")
 * rather than "Sở Tư pháp (cấp tỉnh/thành phố)". The 34 provinces and centrally run cities
 * since 12 June 2025 (Nghị quyết 202/2025/QH15), as `knowledge/data/admin-units.json.gz`
 * names them, with the short forms people type for the largest cities. Nothing when the
 * message names none, or names two (a move, a comparison: whose body is meant is unclear).
 */
const PROVINCES: ReadonlyArray<{ name: string; words: readonly string[] }> = [
  { name: 'Thành phố Hà Nội', words: ['ha noi', 'hn', 'tp hn'] },
  { name: 'tỉnh Cao Bằng', words: ['cao bang'] },
  { name: 'tỉnh Tuyên Quang', words: ['tuyen quang'] },
  { name: 'tỉnh Điện Biên', words: ['dien bien'] },
  { name: 'tỉnh Lai Châu', words: ['lai chau'] },
  { name: 'tỉnh Sơn La', words: ['son la'] },
  { name: 'tỉnh Lào Cai', words: ['lao cai'] },
  { name: 'tỉnh Thái Nguyên', words: ['thai nguyen'] },
  { name: 'tỉnh Lạng Sơn', words: ['lang son'] },
  { name: 'tỉnh Quảng Ninh', words: ['quang ninh'] },
  { name: 'tỉnh Bắc Ninh', words: ['bac ninh'] },
  { name: 'tỉnh Phú Thọ', words: ['phu tho'] },
  { name: 'Thành phố Hải Phòng', words: ['hai phong'] },
  { name: 'tỉnh Hưng Yên', words: ['hung yen'] },
  { name: 'tỉnh Ninh Bình', words: ['ninh binh'] },
  { name: 'tỉnh Thanh Hóa', words: ['thanh hoa'] },
  { name: 'tỉnh Nghệ An', words: ['nghe an'] },
  { name: 'tỉnh Hà Tĩnh', words: ['ha tinh'] },
  { name: 'tỉnh Quảng Trị', words: ['quang tri'] },
  { name: 'Thành phố Huế', words: ['tp hue', 'thanh pho hue'] },
  { name: 'Thành phố Đà Nẵng', words: ['da nang'] },
  { name: 'tỉnh Quảng Ngãi', words: ['quang ngai'] },
  { name: 'tỉnh Gia Lai', words: ['gia lai'] },
  { name: 'tỉnh Khánh Hòa', words: ['khanh hoa'] },
  { name: 'tỉnh Đắk Lắk', words: ['dak lak', 'dac lac', 'daklak'] },
  { name: 'tỉnh Lâm Đồng', words: ['lam dong'] },
  { name: 'tỉnh Đồng Nai', words: ['dong nai'] },
  { name: 'Thành phố Hồ Chí Minh', words: ['ho chi minh', 'hcm', 'tphcm', 'sai gon'] },
  { name: 'tỉnh Tây Ninh', words: ['tay ninh'] },
  { name: 'tỉnh Đồng Tháp', words: ['dong thap'] },
  { name: 'tỉnh Vĩnh Long', words: ['vinh long'] },
  { name: 'tỉnh An Giang', words: ['an giang'] },
  { name: 'Thành phố Cần Thơ', words: ['can tho'] },
  { name: 'tỉnh Cà Mau', words: ['ca mau'] },
];

/** The one province the text names, as its official name ("Thành phố Hồ Chí Minh", "tỉnh Cà Mau"); undefined for none or several. */
export function namedProvince(text: string): string | undefined {
  const f = ` ${fold(text).replace(/[^a-z0-9]+/g, ' ')} `;
  const named = PROVINCES.filter((p) => p.words.some((w) => f.includes(` ${w} `)));
  return named.length === 1 ? named[0]!.name : undefined;
}

/** "… tỉnh, thành phố", "… các tỉnh, thành phố", "… cấp tỉnh", "… tỉnh": a provincial body named by its level. */
const LEVEL_TAIL = /\s+(?:các\s+)?(?:cấp\s+)?tỉnh(?:\s*(?:,|\/)\s*thành phố)?(?:\s+trực thuộc trung ương)?$/iu;
/** Departments and the land office are the province's own whatever their name says of the level. */
const PROVINCIAL_HEAD = /^(?:sở\s|văn phòng đăng ký đất đai$)/iu;
/** A name that names a place already ("Sở … Thành phố Hà Nội", "… khu vực", "… phụ trách xã, phường …"). */
const NAMES_PLACE = /(?<!\p{L})(?:thành phố|tỉnh|khu vực|xã(?!\s+hội)|phường|quận|huyện|trung ương)(?!\p{L})/iu;

/**
 * A provincial body as the named province's own: "Thuế tỉnh, thành phố" → "Thuế tỉnh Cà Mau",
 * "Sở Tư pháp" → "Sở Tư pháp Thành phố Hồ Chí Minh", "Văn phòng đăng ký đất đai" → "Văn phòng
 * đăng ký đất đai Thành phố Hồ Chí Minh". Any other body (a commune's, a ministry's, a branch,
 * one naming its place already) is returned as it is.
 */
export function provincialBodyOf(body: string, province: string): string {
  const b = body.trim();
  if (LEVEL_TAIL.test(b)) {
    const stem = b.replace(LEVEL_TAIL, '');
    // "Thuế tỉnh, thành phố" → "Thuế tỉnh Cà Mau": the province's own word "tỉnh"/"Thành phố" follows the stem.
    if (stem && !NAMES_PLACE.test(stem)) return `${stem} ${province}`;
    return b;
  }
  if (PROVINCIAL_HEAD.test(b) && !NAMES_PLACE.test(b.replace(/^sở\s+/iu, ''))) return `${b} ${province}`;
  return b;
}
