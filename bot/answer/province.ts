import { PROVINCE_EVERYDAY_NAMES } from '../../knowledge/index.js';
import { fold } from '../text.js';

/**
 * The provinces an answer may name: the port the composition root fills from the
 * administrative-unit data (`knowledge/admin-units.ts`, `AdminUnits.provinces()`), so that a
 * provincial body is said as the province's own ("Sở Tư pháp Thành phố Hồ Chí Minh") when the
 * citizen names one, rather than "Sở Tư pháp (cấp tỉnh/thành phố)".
 */
export interface ProvinceNames {
  /**
   * The one province the text names, as a sentence says it ("Thành phố Hồ Chí Minh", "tỉnh Cà
   * Mau"); undefined when it names none, or two (a move, a comparison: whose body is meant is unclear).
   */
  namedIn(text: string): string | undefined;
}

/** Short names that are everyday words too ("huế"): named only with their "thành phố" or "tỉnh". */
const NEEDS_LEVEL_WORD = new Set(['hue']);

const LEVEL_WORD = /^(?:tỉnh|thành phố)\s+/iu;
const folded = (s: string): string => fold(s).replace(/[^a-z0-9]+/g, ' ').trim();

/**
 * Province names from the data (`{ name: 'Tỉnh Cà Mau' }`, …): each found by its short name
 * ("cà mau", "ca mau"), its full name, or an everyday short form ("hcm", "sài gòn", "hn").
 */
export function provinceNames(provinces: ReadonlyArray<{ name: string }>): ProvinceNames {
  const list = provinces.map((p) => {
    const name = p.name.trim();
    const short = folded(name.replace(LEVEL_WORD, ''));
    const level = /^tỉnh\s/iu.test(name) ? 'tinh' : 'thanh pho';
    const words = NEEDS_LEVEL_WORD.has(short) ? [`${level} ${short}`, ...(level === 'thanh pho' ? [`tp ${short}`] : [])] : [short, folded(name)];
    // Mid-sentence a province is "tỉnh Cà Mau"; a centrally run city keeps "Thành phố" as its name.
    return { name: name.replace(/^Tỉnh(?=\s)/u, 'tỉnh'), words: [...new Set([...words, ...(PROVINCE_EVERYDAY_NAMES[short] ?? [])])] };
  });
  return {
    namedIn(text: string): string | undefined {
      const f = ` ${folded(text)} `;
      const named = list.filter((p) => p.words.some((w) => f.includes(` ${w} `)));
      return named.length === 1 ? named[0]!.name : undefined;
    },
  };
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
