import { fold, foldDiacritics, hasDiacritics, normalizeToneMarks } from '../../knowledge/text/index.js';
import type { AdminUnits } from '../../knowledge/index.js';

/**
 * An address or a place as an officer writes it on a form: the address itself, with
 * diacritics, abbreviations written out, its parts separated by ", ", and nothing else.
 *
 *   "34 duong So 7, phuong Binh Tri Dong, TP HCM"
 *     → "34 đường Số 7, phường Bình Trị Đông, Thành phố Hồ Chí Minh"
 *   "UBND phuong 7, quan 3, TP HCM ngay 12/9/2012"
 *     → "Ủy ban nhân dân phường 7, quận 3, Thành phố Hồ Chí Minh" (rest: "ngày 12/9/2012")
 *
 * Diacritics are restored only where they are known: the unit words ("phuong" → "phường"),
 * the names of administrative units from the admin-unit data (a ward or commune matched within
 * its province, former units too: a registration place can be old), province names, a few
 * street and hospital names everyone writes the same way. A street or village name typed
 * without diacritics stays as typed and the result is not `sure` (the caller reads it back).
 * A unit is never renamed: an old ward stays the old ward (the address advisor suggests the
 * new one, the citizen chooses).
 */

export interface NormalizedAddress {
  /** The address as an officer writes it ("" when nothing of an address was found). */
  value: string;
  /** Diacritics were added to words typed without them. */
  restored: boolean;
  /** False when a name typed without diacritics could not be restored, or its diacritics were a guess. */
  sure: boolean;
  /** What followed the address and belongs to other fields ("ngày 12/9/2012", "số 125, quyển số 01"). */
  rest?: string;
}

/** The lookups used from the catalogue part's `AdminUnits`. */
export type AddressUnitLookups = Pick<AdminUnits, 'findProvince' | 'findUnit' | 'fromOldName' | 'provinces'>;

export interface NormalizeOptions {
  /**
   * `officer` (default): written out, with diacritics, parts separated by commas. `typed`: only
   * the chatter cut and the rest split off, every word kept as the citizen typed it.
   */
  style?: 'officer' | 'typed';
}

/** An address: where a person lives ("nơi cư trú", "địa chỉ"). */
export function normalizeAddress(text: string, units: AddressUnitLookups, options: NormalizeOptions = {}): NormalizedAddress {
  return normalize(text, units, false, options.style === 'typed');
}

/** A place of birth or registration: a hospital, a health centre, a commune People's Committee. */
export function normalizePlace(text: string, units: AddressUnitLookups, options: NormalizeOptions = {}): NormalizedAddress {
  return normalize(text, units, true, options.style === 'typed');
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

type Level = 'province' | 'city' | 'district' | 'commune' | 'village' | 'street' | 'inst';

interface Word {
  /** Folded tokens as typed ("thi tran", "tt"). */
  keys: string[];
  /** Written out, lower case unless a proper name ("thị trấn", "Bệnh viện"). */
  out: string;
  level: Level;
  /** An abbreviation: matched on its folded form only. */
  abbr?: boolean;
  /** Only before a number ("tổ 12", "số 34", "P.7" unless written with its dot). */
  needNum?: boolean;
  /** Matched only as typed with diacritics ("bản": "ban" is too common a syllable). */
  accentedOnly?: boolean;
}

const w = (keys: string, out: string, level: Level, extra: Partial<Word> = {}): Word => ({ keys: keys.split(' '), out, level, ...extra });

const WORDS: Word[] = [
  // Province and city level.
  w('thanh pho', 'thành phố', 'city'),
  w('tp', 'Thành phố', 'city', { abbr: true }),
  w('tinh', 'tỉnh', 'province'),
  w('t', 'tỉnh', 'province', { abbr: true, needNum: true }),
  // Former district level.
  w('thi xa', 'thị xã', 'district'),
  w('tx', 'thị xã', 'district', { abbr: true }),
  w('quan', 'quận', 'district'),
  w('q', 'quận', 'district', { abbr: true, needNum: true }),
  w('huyen', 'huyện', 'district'),
  w('h', 'huyện', 'district', { abbr: true, needNum: true }),
  // Ward and commune level.
  w('phuong', 'phường', 'commune'),
  w('p', 'phường', 'commune', { abbr: true, needNum: true }),
  w('xa', 'xã', 'commune'),
  w('x', 'xã', 'commune', { abbr: true, needNum: true }),
  w('thi tran', 'thị trấn', 'commune'),
  w('tt', 'thị trấn', 'commune', { abbr: true }),
  w('dac khu', 'đặc khu', 'commune'),
  // Village level.
  w('to dan pho', 'tổ dân phố', 'village'),
  w('tdp', 'tổ dân phố', 'village', { abbr: true }),
  w('khu pho', 'khu phố', 'village'),
  w('kp', 'khu phố', 'village', { abbr: true }),
  w('khu dan cu', 'khu dân cư', 'village'),
  w('kdc', 'khu dân cư', 'village', { abbr: true }),
  w('khu do thi', 'khu đô thị', 'village'),
  w('kdt', 'khu đô thị', 'village', { abbr: true }),
  w('khu cong nghiep', 'khu công nghiệp', 'village'),
  w('kcn', 'khu công nghiệp', 'village', { abbr: true }),
  w('thon', 'thôn', 'village'),
  w('xom', 'xóm', 'village'),
  w('ap', 'ấp', 'village'),
  w('khom', 'khóm', 'village'),
  w('lang', 'làng', 'village', { accentedOnly: true }),
  w('ban', 'bản', 'village', { accentedOnly: true }),
  w('to', 'tổ', 'village', { needNum: true }),
  w('khoi', 'khối', 'village', { needNum: true }),
  w('doi', 'đội', 'village', { needNum: true }),
  w('cum', 'cụm', 'village', { needNum: true }),
  w('khu', 'khu', 'village', { needNum: true }),
  // Street level (no new part before them: "số 8 ngõ 12 phố Huế").
  w('so nha', 'số nhà', 'street'),
  w('sn', 'số nhà', 'street', { abbr: true, needNum: true }),
  w('so', 'số', 'street', { needNum: true }),
  w('quoc lo', 'Quốc lộ', 'street'),
  w('tinh lo', 'Tỉnh lộ', 'street'),
  w('duong', 'đường', 'street'),
  w('pho', 'phố', 'street'),
  w('ngo', 'ngõ', 'street'),
  w('ngach', 'ngách', 'street'),
  w('hem', 'hẻm', 'street'),
  w('kiet', 'kiệt', 'street'),
  w('lo', 'lô', 'street', { needNum: true }),
  w('tang', 'tầng', 'street', { needNum: true }),
  w('can ho', 'căn hộ', 'street'),
  w('chung cu', 'chung cư', 'street'),
  w('toa nha', 'tòa nhà', 'street'),
  // Institutions (a place of birth or registration).
  w('uy ban nhan dan', 'Ủy ban nhân dân', 'inst'),
  w('ubnd', 'Ủy ban nhân dân', 'inst', { abbr: true }),
  w('benh vien da khoa', 'Bệnh viện Đa khoa', 'inst'),
  w('bvdk', 'Bệnh viện Đa khoa', 'inst', { abbr: true }),
  w('benh vien', 'Bệnh viện', 'inst'),
  w('bv', 'Bệnh viện', 'inst', { abbr: true }),
  w('trung tam y te', 'Trung tâm Y tế', 'inst'),
  w('ttyt', 'Trung tâm Y tế', 'inst', { abbr: true }),
  w('tram y te', 'Trạm Y tế', 'inst'),
  w('tyt', 'Trạm Y tế', 'inst', { abbr: true }),
  w('nha ho sinh', 'Nhà hộ sinh', 'inst'),
  w('nhs', 'Nhà hộ sinh', 'inst', { abbr: true }),
  w('phong kham da khoa', 'Phòng khám Đa khoa', 'inst'),
  w('pkdk', 'Phòng khám Đa khoa', 'inst', { abbr: true }),
  w('phong kham', 'Phòng khám', 'inst'),
  w('so tu phap', 'Sở Tư pháp', 'inst'),
  w('phong tu phap', 'Phòng Tư pháp', 'inst'),
].sort((a, b) => b.keys.length - a.keys.length);

/** What follows an institution's head word: "Bệnh viện Phụ sản …", "Trung tâm Y tế …". */
const DESCRIPTORS: Record<string, string> = {
  'phu san nhi': 'Phụ sản Nhi',
  'phu san': 'Phụ sản',
  'san nhi': 'Sản Nhi',
  'da khoa khu vuc': 'Đa khoa khu vực',
  'da khoa': 'Đa khoa',
  'khu vuc': 'khu vực',
  'nhi dong': 'Nhi đồng',
  nhi: 'Nhi',
  'trung uong': 'Trung ương',
  'quoc te': 'Quốc tế',
  'y hoc co truyen': 'Y học cổ truyền',
  'huu nghi': 'Hữu nghị',
  'quan y': 'Quân y',
  'dai hoc y duoc': 'Đại học Y Dược',
  'dai hoc y': 'Đại học Y',
  'tu nhan': 'tư nhân',
};

/**
 * Names written the same way everywhere, for streets and hospitals typed without diacritics
 * (people and events the country names its streets after; the largest maternity hospitals).
 */
const KNOWN_NAMES: Record<string, string> = Object.fromEntries(
  [
    'Lê Lợi', 'Lê Lai', 'Trần Hưng Đạo', 'Nguyễn Huệ', 'Hai Bà Trưng', 'Lý Thường Kiệt', 'Hùng Vương', 'Lê Duẩn',
    'Nguyễn Trãi', 'Điện Biên Phủ', 'Cách Mạng Tháng Tám', 'Phan Đình Phùng', 'Nguyễn Văn Cừ', 'Võ Văn Kiệt', 'Trần Phú',
    'Nguyễn Du', 'Hoàng Diệu', 'Phan Chu Trinh', 'Phan Bội Châu', 'Bà Triệu', 'Lê Hồng Phong', 'Nguyễn Thị Minh Khai',
    'Ngô Quyền', 'Lạc Long Quân', 'Âu Cơ', 'Nguyễn Văn Linh', 'Tôn Đức Thắng', 'Võ Thị Sáu', 'Lý Thái Tổ',
    'Đinh Tiên Hoàng', 'Lê Thánh Tông', 'Trần Quang Khải', 'Nguyễn Trung Trực', 'Hoàng Văn Thụ', 'Giải Phóng',
    'Trường Chinh', 'Nguyễn Chí Thanh', 'Phạm Văn Đồng', 'Võ Nguyên Giáp', 'Nguyễn Tất Thành', 'Lê Văn Sỹ',
    'Nguyễn Đình Chiểu', 'Cộng Hòa', 'Hoàng Hoa Thám', 'Trần Duy Hưng', 'Bạch Đằng', 'Nguyễn Thái Học', 'Lê Thái Tổ',
    'Quang Trung', 'Trần Nhân Tông', 'Nguyễn Văn Trỗi', 'Phạm Ngũ Lão', 'Đề Thám', 'Trần Cao Vân', 'Hoàng Quốc Việt',
    'Bạch Mai', 'Từ Dũ', 'Chợ Rẫy', 'Việt Đức', 'Xanh Pôn', 'Thống Nhất', 'Hồng Ngọc', 'Tâm Anh', 'Hoàn Mỹ',
    'Thanh Nhàn', 'Đức Giang', 'Bắc Thăng Long', 'Nhân dân Gia Định', 'Nhân dân 115', 'Trưng Vương', 'An Bình',
    'Nhi Đồng 1', 'Nhi Đồng 2', 'Phụ sản Trung ương', 'Phụ sản Hà Nội', 'Phụ sản Hải Phòng', 'Phụ sản Cần Thơ',
  ].map((n) => [fold(n), n]),
);

/** The everyday names of Ho Chi Minh City and Hà Nội. */
const HCM_KEYS = new Set(['hcm', 'tphcm', 'tp hcm', 'ho chi minh', 'tp ho chi minh', 'thanh pho ho chi minh', 'sg', 'sai gon', 'saigon', 'tp sg', 'tp sai gon', 'thanh pho sai gon', 'tp ho chi minh', 'hochiminh', 'hcmc']);
const HANOI_KEYS = new Set(['hn', 'ha noi', 'hanoi']);
/** Former province names people still write, not in the data as such. */
const OLD_PROVINCE_ALIASES: Record<string, string> = { brvt: 'Bà Rịa - Vũng Tàu', 'thua thien hue': 'Thừa Thiên Huế', 'tt hue': 'Thừa Thiên Huế' };

/** Words said around an address that are no part of it ("nha", "nhé", "nờ", "ạ", "luôn"). */
const PARTICLES_TYPED = new Set('nha nhé nhá nhen nghen nghe hen nhỉ luôn ạ á à ạh đó đấy đây nờ nè ha hả hở ấy vậy thôi rồi ơi nhe ak ah ok'.split(' '));
/** Of those, the ones that typed without diacritics are no place syllable. */
const PARTICLES_FOLDED = new Set('nha nhe nhen nghen nghe hen luon roi thoi vay ak ah ok'.split(' '));
const LOOSE_PARTICLES = new Set('no ne a ha do day oi u'.split(' '));
/** Whom the particle is said to: "nha chị", "ạ anh". */
const ADDRESSEES = new Set('chị anh em ad cô chú bác ạ ơi bạn shop'.split(' '));
const ADDRESSEES_FOLDED = new Set('chi anh em ad co chu bac oi ban shop'.split(' '));

/** First words of a clause after a comma: the sentence moved on (", cũng lần thứ hai", ", giờ e thuê trọ"). */
const CLAUSE_TYPED = new Set('vợ chồng người ny bố mẹ má còn nhưng và cũng giờ hiện bây tôi tui tao tau em e mình mk chị anh lấy xin cần sđt căn sinh kết chưa đã đang rồi để vì gần cạnh sát đối lần nên thì mà hồi trước quê làm ở tại là với'.split(' '));
const CLAUSE_FOLDED = new Set('ny nhung toi tui tao tau e em mk lay sdt cccd cmnd sinh ket roi'.split(' '));
/** Place names whose first word reads like a clause word: "Cần Thơ", "Côn Đảo", "Gio Linh", "Anh Sơn". */
const CLAUSE_LIKE_PLACES = new Set(['can tho', 'con dao', 'gio linh', 'anh son', 'chi lang', 'vi thanh', 'hoi an', 'que son', 'de tham', 'lam dong', 'lam ha', 'lam thao', 'hien luong']);

// ---------------------------------------------------------------------------------------------
// Tokens and parts

interface Tok {
  raw: string;
  /** Where the token ends in the text read (what follows the address is cut from there). */
  end: number;
  /** Folded, punctuation removed ("P." → "p", "T.P" → "tp"). */
  key: string;
  /** Typed without any diacritic. */
  ascii: boolean;
}

interface Seg {
  word?: Word;
  /** The head word's tokens as typed. */
  head: Tok[];
  name: Tok[];
}

interface Part {
  segs: Seg[];
  /** The comma-separated piece of the text it came from. */
  chunk: number;
}

const isNum = (t: Tok | undefined) => !!t && /^\d/.test(t.raw);
const isCode = (t: Tok) => /\d/.test(t.raw) || /^[A-Z]{1,2}\d*$/.test(t.raw.replace(/[.,]$/, ''));

function tokenize(text: string, offset: number): Tok[] {
  return [...text.matchAll(/\S+/gu)].map((m) => {
    const raw = m[0];
    const key = /^t\.p\.?$/i.test(raw) ? 'tp' : fold(raw);
    return { raw, key, ascii: foldDiacritics(raw) === raw, end: offset + m.index! + raw.length };
  });
}

const lowerVi = (s: string) => normalizeToneMarks(s.normalize('NFC').toLocaleLowerCase('vi'));

/** The word (longest first) that starts at token i, if any. */
function wordAt(toks: Tok[], i: number): Word | undefined {
  for (const word of WORDS) {
    const n = word.keys.length;
    if (i + n > toks.length) continue;
    let ok = true;
    const outToks = word.out.split(' ');
    for (let j = 0; j < n && ok; j++) {
      const t = toks[i + j]!;
      if (t.key !== word.keys[j]) ok = false;
      else if (word.abbr) ok = t.ascii;
      else if (!t.ascii) ok = outToks.length === n && lowerVi(t.raw.replace(/[.:]$/, '')) === lowerVi(outToks[j]!);
      else if (word.accentedOnly) ok = false;
    }
    if (!ok) continue;
    const next = toks[i + n];
    if (!next) continue;
    if (word.needNum) {
      // "P.7", "Q. Bình Thạnh"; a capital without its dot before a capitalised name ("P Hàng Bạc").
      const dotted = word.abbr && (/\.$/.test(toks[i + n - 1]!.raw) || (/^[PQX]$/.test(toks[i]!.raw) && /^\p{Lu}\p{Ll}/u.test(next.raw)));
      if (!isNum(next) && !(word.level !== 'street' && word.level !== 'village' && dotted) && !(word.keys[0] === 'lo' && /^[A-Za-z]{1,2}\d/.test(next.raw))) continue;
    }
    return word;
  }
  return undefined;
}

/** A new part starts at an administrative or village word ("tổ 12 phường Hải Châu" → two parts). */
const SPLITS: ReadonlySet<Level> = new Set(['province', 'city', 'district', 'commune', 'village']);

function parse(chunks: Array<{ text: string; start: number }>): Part[] {
  const parts: Part[] = [];
  for (const [c, chunk] of chunks.entries()) {
    const toks = tokenize(chunk.text, chunk.start);
    let part: Part = { segs: [{ head: [], name: [] }], chunk: c };
    // An institution takes the first unit after it as its own ("Ủy ban nhân dân phường 7").
    let instOpen = false;
    let i = 0;
    while (i < toks.length) {
      const seg = part.segs[part.segs.length - 1]!;
      // Right after a unit word comes its name, even when that name is also a word ("phường Quan Hoa").
      const nameDue = !!seg.word && seg.name.length === 0 && seg.word.level !== 'inst';
      const word = nameDue ? undefined : wordAt(toks, i);
      if (!word) {
        seg.name.push(toks[i]!);
        i++;
        continue;
      }
      const head = toks.slice(i, i + word.keys.length);
      i += word.keys.length;
      const empty = part.segs.length === 1 && !seg.word && seg.name.length === 0;
      if (SPLITS.has(word.level) && !empty && !instOpen) {
        parts.push(part);
        part = { segs: [{ word, head, name: [] }], chunk: c };
      } else if (empty) {
        seg.word = word;
        seg.head = head;
      } else {
        part.segs.push({ word, head, name: [] });
      }
      if (word.level === 'inst') instOpen = true;
      else if (SPLITS.has(word.level)) instOpen = false;
    }
    parts.push(part);
  }
  return parts.filter((p) => p.segs.some((s) => s.head.length > 0 || s.name.length > 0));
}

// ---------------------------------------------------------------------------------------------
// Names restored from the admin-unit data

interface Restored {
  out: string;
  sure: boolean;
}

const baseOf = (name: string) => name.replace(/^(Phường|Xã|Đặc khu|Thị trấn|Thành phố|Tỉnh|Quận|Huyện|Thị xã)\s+/u, '').trim();
const tones = (s: string) => normalizeToneMarks(s.normalize('NFC'));

/** One accented form for the folded key among the candidates: the only one, else the first (unsure). */
function pick(key: string, ...groups: string[][]): Restored | undefined {
  for (const g of groups) {
    const forms = [...new Set(g.map(tones).filter((n) => fold(n) === key))];
    if (forms.length === 1) return { out: forms[0]!, sure: true };
    if (forms.length > 1) return { out: forms[0]!, sure: false };
  }
  return undefined;
}

interface ProvinceHit {
  /** As written on the form ("Thành phố Hồ Chí Minh", "Nghệ An", "tỉnh Hà Giang"). */
  out: string;
  /** What to narrow unit lookups with. */
  lookup: string;
  /** Tokens after the province name (chatter). */
  tail: Tok[];
}

function provinceByName(name: Tok[], prefix: Tok[], word: Word | undefined, units: AddressUnitLookups): ProvinceHit | undefined {
  for (let n = name.length; n >= 1; n--) {
    const toks = name.slice(0, n);
    const key = fold(toks.map((t) => t.raw).join(' '));
    if (!key) continue;
    const typedPrefix = word ? writeHead(prefix, word) : '';
    const withPrefix = (s: string) => (typedPrefix ? `${typedPrefix} ${s}` : s);
    const tail = name.slice(n);
    const accented = toks.some((t) => !t.ascii);
    if (HCM_KEYS.has(key)) {
      // "thành phố Hồ Chí Minh" typed in full stays as typed; an everyday name becomes the official one.
      const full = accented && key === 'ho chi minh' && typedPrefix && word?.keys[0] === 'thanh';
      return { out: full ? withPrefix(joinRaw(toks)) : 'Thành phố Hồ Chí Minh', lookup: 'Thành phố Hồ Chí Minh', tail };
    }
    if (HANOI_KEYS.has(key)) return { out: withPrefix('Hà Nội'), lookup: 'Thành phố Hà Nội', tail };
    if (OLD_PROVINCE_ALIASES[key]) return { out: withPrefix(accented ? joinRaw(toks) : OLD_PROVINCE_ALIASES[key]!), lookup: OLD_PROVINCE_ALIASES[key]!, tail };
    if (/^\d+$/.test(key)) continue;
    const p = units.findProvince(key);
    if (p && fold(p.shortName) === key) return { out: withPrefix(accented ? joinRaw(toks) : tones(p.shortName)), lookup: p.name, tail };
    for (const q of units.provinces()) {
      const former = q.formerProvinces.find((f) => fold(baseOf(f)) === key);
      if (former) return { out: withPrefix(accented ? joinRaw(toks) : tones(baseOf(former))), lookup: former, tail };
    }
  }
  return undefined;
}

const joinRaw = (toks: Tok[]) => toks.map((t) => t.raw).join(' ');

function restoreUnit(level: 'commune' | 'district' | 'any', typeKey: string, key: string, province: string | undefined, units: AddressUnitLookups): Restored | undefined {
  const current = (p: string | undefined) => units.findUnit(typeKey ? `${typeKey} ${key}` : key, p ? { province: p } : {}).map((u) => u.baseName);
  const former = (p: string | undefined, k: string) =>
    units
      .fromOldName(k, p ? { province: p } : {})
      .flatMap((m) => [...(m.former.level !== 'province' ? [m.former.name] : []), ...m.current.map((u) => u.name)])
      .map(baseOf);
  const districtKey = `huyen ${key}`;
  const lookups = (p: string | undefined): string[][] =>
    level === 'district'
      ? [former(p, districtKey), current(p), former(p, `thi tran ${key}`)]
      : level === 'commune'
        ? [current(p), former(p, typeKey ? `${typeKey} ${key}` : key)]
        : [current(p), former(p, key), former(p, districtKey)];
  const inProvince = province ? pick(key, ...lookups(province)) : undefined;
  if (inProvince) return inProvince;
  // Not found in the province named (or none named): the name's accents, when the whole country agrees.
  const all = lookups(undefined).flat();
  const forms = [...new Set(all.map(tones).filter((n) => fold(n) === key))];
  if (forms.length === 1) return { out: forms[0]!, sure: !province };
  if (forms.length > 1) return { out: forms[0]!, sure: false };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Writing out

function cap(s: string): string {
  return s ? s[0]!.toLocaleUpperCase('vi') + s.slice(1) : s;
}

/** The head word written out: as typed when typed with diacritics, else the vocabulary's form in the typed case. */
function writeHead(head: Tok[], word: Word): string {
  if (word.abbr) {
    const upper = /^\p{Lu}/u.test(head[0]!.raw);
    return word.level === 'inst' || word.keys[0] === 'tp' || upper ? cap(word.out) : word.out;
  }
  if (head.every((t) => !t.ascii)) return head.map((t) => t.raw).join(' ');
  return /^\p{Lu}/u.test(head[0]!.raw) ? cap(word.out) : word.out;
}

interface Ctx {
  units: AddressUnitLookups;
  province: string | undefined;
  restored: boolean;
  sure: boolean;
  place: boolean;
  /** The segment that names the province, if any. */
  provinceSeg?: Seg;
}

/** A name typed without diacritics that has letters a diacritic could go on ("Ha Noi", not "HN"). */
const nameAsciiLetters = (toks: Tok[]) => toks.every((t) => t.ascii) && toks.some((t) => /\p{Ll}/u.test(t.raw));

/** Words of a name run typed without diacritics: known names, "Số 7", "3 Tháng 2"; the rest stays as typed. */
type RunMode = 'street' | 'open' | 'inst';

function writeRun(toks: Tok[], ctx: Ctx, partAscii: boolean, mode: RunMode): string {
  // A name typed with diacritics is written as typed ("Thanh Hóa": "Thanh" has none to restore).
  if (toks.some((t) => !t.ascii && /\p{L}/u.test(t.raw))) return joinRaw(toks);
  const out: string[] = [];
  let i = 0;
  while (i < toks.length) {
    const t = toks[i]!;
    if (!t.ascii || (isCode(t) && !HANOI_KEYS.has(t.key) && !HCM_KEYS.has(t.key)) || !t.key) {
      out.push(t.raw);
      i++;
      continue;
    }
    // Longest run of ASCII words starting here that is a known name.
    let done = false;
    for (let n = Math.min(5, toks.length - i); n >= 1 && !done; n--) {
      const run = toks.slice(i, i + n);
      if (run.some((x) => !x.ascii)) continue;
      const key = fold(joinRaw(run));
      let hit: Restored | undefined;
      let alias = false;
      if (mode === 'inst' && DESCRIPTORS[key]) hit = { out: DESCRIPTORS[key]!, sure: true };
      else if (KNOWN_NAMES[key]) hit = { out: KNOWN_NAMES[key]!, sure: true };
      else if (/^\d/.test(key)) hit = undefined;
      else {
        const p = provinceByName(run, [], undefined, ctx.units);
        if (p && p.tail.length === 0 && (!/^[A-Z]+$/.test(joinRaw(run)) || HANOI_KEYS.has(key) || HCM_KEYS.has(key))) {
          hit = { out: p.out, sure: true };
          alias = true;
        }
        else if (mode !== 'street' && (n >= 2 || ctx.province)) hit = restoreUnit('any', '', key, ctx.province, ctx.units);
        // A street or village named after a unit of its own province ("phố Phúc Xá"), when the accents are beyond doubt.
        else if (mode === 'street' && n >= 2 && ctx.province) {
          const r = restoreUnit('any', '', key, ctx.province, ctx.units);
          if (r?.sure) hit = r;
        }
      }
      if (!hit) continue;
      if (!alias && fold(hit.out) !== key) continue;
      out.push(hit.out);
      if (hit.out !== joinRaw(run)) ctx.restored = true;
      if (!hit.sure) ctx.sure = false;
      i += n;
      done = true;
    }
    if (done) continue;
    // "Số 7" (a street called by its number), "3 Tháng 2".
    if (t.key === 'so' && isNum(toks[i + 1])) {
      out.push(/^\p{Lu}/u.test(t.raw) ? 'Số' : 'số');
      ctx.restored = true;
    } else if (t.key === 'thang' && isNum(toks[i - 1]) && isNum(toks[i + 1])) {
      out.push(/^\p{Lu}/u.test(t.raw) ? 'Tháng' : 'tháng');
      ctx.restored = true;
    } else {
      out.push(t.raw);
      // A word that may have lost its diacritics, in a part typed without any.
      if (partAscii && /\p{L}{2,}/u.test(t.raw)) ctx.sure = false;
    }
    i++;
  }
  return out.join(' ');
}

function writeSeg(seg: Seg, ctx: Ctx, partAscii: boolean, isLastPart: boolean, afterInst: boolean): string {
  const word = seg.word;
  const head = word ? writeHead(seg.head, word) : '';
  if (word && seg.head.some((t) => t.ascii) && !word.abbr && head !== joinRaw(seg.head)) ctx.restored = true;
  const name = seg.name;
  const key = fold(joinRaw(name));
  const join = (n: string) => [head, n].filter(Boolean).join(' ');
  if (!word) {
    if (seg === ctx.provinceSeg) {
      const p = provinceByName(name, [], undefined, ctx.units);
      if (p && p.tail.length === 0) {
        if (nameAsciiLetters(name) && hasDiacritics(p.out)) ctx.restored = true;
        return p.out;
      }
    }
    return writeRun(name, ctx, partAscii, ctx.place || afterInst ? 'inst' : 'open');
  }
  if (name.length === 0) return head;
  const nameAscii = name.every((t) => t.ascii);
  if (word.level === 'province' || word.level === 'city') {
    const p = provinceByName(name, seg.head, word, ctx.units);
    if (p && p.tail.length === 0) {
      if (nameAsciiLetters(name) && hasDiacritics(p.out)) ctx.restored = true;
      return p.out;
    }
  }
  if (!nameAscii || /^\d+[a-z]?$/i.test(key) || !key) return join(joinRaw(name));
  if (word.level === 'province' || word.level === 'city' || word.level === 'district' || word.level === 'commune') {
    const level = word.level === 'commune' ? 'commune' : 'district';
    const typeKey = word.level === 'commune' ? word.keys.join(' ').replace(/^(?:p)$/, 'phuong').replace(/^x$/, 'xa').replace(/^tt$/, 'thi tran') : '';
    const r = restoreUnit(level, typeKey, key, ctx.province, ctx.units);
    if (r && fold(r.out) === key) {
      ctx.restored = true;
      if (!r.sure) ctx.sure = false;
      return join(r.out);
    }
    if (/\p{L}{2,}/u.test(key)) ctx.sure = false;
    return join(joinRaw(name));
  }
  if (word.level === 'inst') return join(writeRun(name, ctx, partAscii, 'inst'));
  // Village and street names: known names only.
  return join(writeRun(name, ctx, partAscii, 'street'));
}

// ---------------------------------------------------------------------------------------------
// Cutting what is no part of the address

/** Where the words that belong to other fields start: a date, a book and entry number. */
function restStart(f: string): number {
  const found: number[] = [];
  const res = [
    /(?:^|[\s,;(])((?:(?:vao|dang ky|dk|dky)\s+)?(?:ngay|ng)\s*:?\s*\d{1,2}\s*(?:[/.\-]|\s+thang\s+)\s*\d{1,2})/,
    /(?:^|[\s,;(])((?:(?:vao|dang ky|dk|dky)\s+)?(?:ngay|ng)\s*:?\s*\d{1,2}\s*(?:[/.\-]|\s+thang\s+)\s*\d{1,2})/,
    /(?:^|[\s,;(])((?:vao\s+)?(?:[0-3]?\d)[/.\-](?:[01]?\d)[/.\-](?:19|20)\d{2})(?!\d)/,
    /(?:^|[\s,;(])((?:vao\s+)?nam\s+(?:19|20)\d{2})(?!\d)/,
    /(?:^|[\s,;(])(so\s*:?\s*\d+[\w/.\-]*\s*[,;]?\s*(?:va\s+)?quyen)/,
    /(?:^|[\s,;(])(quyen(?:\s+so)?\s*:?\s*\d)/,
    /(?:^|[\s,;(])(so\s+dang\s+ky)/,
  ];
  for (const re of res) {
    const m = re.exec(f);
    if (m) found.push(m.index + m[0].length - m[1]!.length);
  }
  return found.length ? Math.min(...found) : -1;
}

/** A place whose first word reads like a clause word ("Cần Thơ", "Côn Đảo", "Gio Linh", "Anh Sơn"). */
export function startsLikeClauseButPlace(text: string): boolean {
  const [f1 = '', f2 = ''] = fold(text).split(' ');
  return CLAUSE_LIKE_PLACES.has(`${f1} ${f2}`);
}

/** A clause after a comma ("cũng lần thứ hai", "giờ e thuê trọ …"). */
function isClause(chunk: string): boolean {
  const words = chunk.trim().split(/\s+/);
  const w1 = lowerVi((words[0] ?? '').replace(/[^\p{L}\p{N}]+$/u, ''));
  const f1 = fold(w1);
  const f2 = fold(words[1] ?? '');
  if (!w1) return false;
  if (CLAUSE_LIKE_PLACES.has(`${f1} ${f2}`)) return false;
  // A part that is only a particle (", nha", ", ạ chị").
  if (dropParticles(['x', ...words]).kept.length === 1) return true;
  if (CLAUSE_TYPED.has(w1) && !(foldDiacritics(w1) === w1 && !CLAUSE_FOLDED.has(f1) && !['gio', 'con', 'cung', 'lan', 'o', 'tai', 'la', 'voi', 'de', 'chi', 'anh', 'dang', 'da', 'can', 'que', 'lam', 'truoc', 'gan', 'canh', 'sat', 'doi', 'hien', 'bay', 'nen', 'ma'].includes(f1))) {
    // "còn", "giờ", "cũng", "lần" typed with diacritics, or the folded words no place starts with.
    return true;
  }
  if (CLAUSE_FOLDED.has(f1)) return true;
  // Typed without diacritics: only unambiguous two-word starts.
  return /^(?:gio (?:e|em|toi|tui|minh|dang|o|thue)|con (?:e|em|toi|tui|minh|anh|chi|vo|chong|nha)|cung (?:lan|la|o|dang)|lan (?:thu|dau)|bay gio|hien (?:tai|gio|dang|o)|dang (?:o|song|thue|tro)|o (?:tro|thue|cung|voi)|gan (?:cho|truong|benh|ubnd|cong)|can (?:lam|xin|ban|giay)|de (?:lam|xin|dang))$/.test(`${f1} ${f2}`);
}

/** Chatter around the address: particles at the end, "ở", "tại", "là" at the start. */
function dropParticles(toks: string[], loose = false): { kept: string[]; dropped: string[] } {
  const kept = [...toks];
  const dropped: string[] = [];
  let sawParticle = false;
  while (kept.length > 1) {
    const last = kept[kept.length - 1]!.replace(/[.!?…,;:~]+$/u, '');
    const lw = lowerVi(last);
    const lf = fold(last);
    // After a province ("Nghe An no") a particle typed without diacritics is no place syllable.
    const particle = !last ? true : (PARTICLES_TYPED.has(lw) && (foldDiacritics(lw) !== lw || PARTICLES_FOLDED.has(lf))) || (loose && LOOSE_PARTICLES.has(lw));
    const addressee = ADDRESSEES.has(lw) || (foldDiacritics(lw) === lw && ADDRESSEES_FOLDED.has(lf));
    if (particle || (addressee && kept.length > 2)) {
      if (particle) sawParticle = true;
      dropped.unshift(kept.pop()!);
      continue;
    }
    break;
  }
  if (!sawParticle) return { kept: toks, dropped: [] };
  return { kept, dropped };
}

/** A particle or the person it is said to ("nhé", "chị", "ạ"), after the address. */
function isChatterWord(word: string): boolean {
  const w = lowerVi(word.replace(/[,;.!?…~]+$/u, ''));
  if (!w) return true;
  const f = fold(w);
  const ascii = foldDiacritics(w) === w;
  return PARTICLES_TYPED.has(w) || LOOSE_PARTICLES.has(w) || ADDRESSEES.has(w) || (ascii && (PARTICLES_FOLDED.has(f) || ADDRESSEES_FOLDED.has(f)));
}

const LEAD = /^(?:(?:ở\s+|o\s+)?(?:trọ|tro|thuê trọ|thue tro|thuê nhà|thue nha|thuê|thue|nhờ|nho)\s+(?:(?:ở|o|tại|tai)\s+)?(?=(?:số|so)\s|\d)|(?:địa chỉ|dia chi|đ\/c|đc|dc|nơi ở|noi o|nơi sinh|noi sinh)(?:\s+(?:của|cua)\s+\S+)?\s*(?:là|la)?\s*:?\s*|(?:dạ|vâng|ạ)[,\s]+|(?:ở|tại|tai|là|sinh ở|sinh tại|đăng ký ở|đăng ký tại|đk ở|đk tại)\s+)/iu;

// The words of "it was X, it is now Y", shared by the patterns below.
const NOW_IS = String.raw`(?:giờ|gio|h|bây giờ|bay gio|nay|hiện nay|hien nay)\s+(?:là|la|thuộc|thuoc)`;
const WARD_WORD = String.raw`(?:phường|phuong|xã|xa|thị trấn|thi tran|[pP]\.)`;
const DISTRICT_WORD = String.raw`(?:quận|quan|huyện|huyen|thị xã|thi xa|[qQhH]\.)`;
const OLD = String.raw`\s(?:cũ|cu)(?![\p{L}])`;
/** A district said to be old ("quận Hoàng Mai cũ", "huyen Long Ho cu"), with "giờ/nay là" after it. */
const OLD_DISTRICT = new RegExp(String.raw`(,\s*)?(?<![\p{L}])${DISTRICT_WORD}\s*[^,]{1,30}?${OLD}\s*,?\s*(?:${NOW_IS}\s*)?`, 'giu');
/** "trước là phường Trường Thi thành phố Vinh, nay là phường Trường Vinh": what it was, then what it is. */
const BEFORE_NOW = new RegExp(String.raw`,?\s*(?<![\p{L}])(?:trước (?:đây )?là|truoc (?:day )?la|trước thuộc|truoc thuoc|cũ là|cu la)\s+[^,]{1,60},\s*${NOW_IS}\s+`, 'giu');
/** The old ward and district, then what they are now: "phuong Nguyen Cu Trinh, quan 1 cu, gio la phuong Cau Ong Lanh". */
const OLD_WARD_AND_DISTRICT_NOW = new RegExp(String.raw`(?<![\p{L}])${WARD_WORD}\s*[^,]{1,30},\s*${DISTRICT_WORD}\s*[^,]{1,30}?${OLD}\s*,?\s*${NOW_IS}\s+`, 'giu');
/** A ward said to be old and what it is now: "phường Trường Thi cũ, nay là phường Trường Vinh". */
const OLD_WARD_NOW = new RegExp(String.raw`(?<![\p{L}])(?:trước là|truoc la)?\s*${WARD_WORD}\s*[^,]{1,30}?${OLD}\s*,?\s*${NOW_IS}\s+`, 'giu');
/**
 * Any unit said to be old and what it is now, a province too: "Thái Bình cũ (giờ thuộc Hưng
 * Yên)", "Tiền Giang cũ, giờ thuộc Đồng Tháp", "THÁI BÌNH CŨ NAY LÀ HƯNG YÊN": what it is now.
 */
const OLD_UNIT_NOW_BRACKETED = new RegExp(String.raw`(^|,\s*)[^,()]{1,40}?${OLD}\s*\(\s*${NOW_IS}\s+([^()]+?)\s*\)`, 'giu');
const OLD_UNIT_NOW = new RegExp(String.raw`(^|,\s*)[^,()]{1,40}?${OLD}\s*,?\s*${NOW_IS}\s+`, 'giu');

function normalize(text: string, units: AddressUnitLookups, place: boolean, typed: boolean): NormalizedAddress {
  let t = text.normalize('NFC').replace(/[\u200b-\u200d\ufeff]/g, '').replace(/\s+/gu, ' ').trim();
  for (let k = 0; k < 3; k++) {
    const m = LEAD.exec(t);
    if (!m || m[0].length >= t.length) break;
    t = t.slice(m[0].length).trim();
  }
  // "P.1204 tòa B2": a room number (no ward is numbered in the hundreds), not "Phường 1204".
  t = t.replace(/(^|[\s,;(])[pP]\.?\s?(\d{3,})(?=$|[\s,;.)])/gu, typed ? '$1P.$2' : '$1phòng $2');
  // "quận Hoàng Mai cũ, giờ là phường Hoàng Liệt", "huyện Long Hồ cũ": a unit the citizen says is
  // gone (districts were abolished on 1 July 2025), or a ward they say is now another, is no part
  // of the address; what it became stays.
  t = t
    .replace(BEFORE_NOW, ', ')
    .replace(OLD_WARD_AND_DISTRICT_NOW, ' ')
    .replace(OLD_DISTRICT, (m, lead: string) => (lead ? ', ' : ''))
    .replace(OLD_WARD_NOW, ' ')
    .replace(OLD_UNIT_NOW_BRACKETED, '$1$2')
    .replace(OLD_UNIT_NOW, '$1')
    .replace(/\s*,\s*(,\s*)+/g, ', ')
    .replace(/^\s*,\s*|\s*,\s*$/g, '')
    .trim();
  // "P.7", "Q.3", "TP.HCM", "TT.Đông Anh": the abbreviation and what it abbreviates as two words.
  if (!typed) t = t
    .replace(/(^|[\s,;(])[tT]\.[pP]\.?(?=\s|\S|$)/gu, '$1TP. ')
    .replace(/(^|[\s,;(])(tp|tt|tx|p|q|x|h|t)\.(?=\S)/giu, '$1$2. ')
    .replace(/(^|[\s,;(])([PpQq])(\d{1,2})(?=$|[\s,;.)])/gu, '$1$2. $3')
    .replace(/(^|[\s,;(])(tp|TP|Tp)(hcm|HCM|Hcm)(?=$|[\s,;.)])/gu, '$1$2 $3');
  const full = t;
  const cut = restStart(foldKeepLength(t));
  if (cut >= 0) t = t.slice(0, cut);
  // Parts as typed; a clause after a comma ends the address.
  const chunks: Array<{ text: string; start: number }> = [];
  for (const m of t.matchAll(/[^,;\n]+/gu)) {
    const lead = /^\s*/u.exec(m[0])![0].length;
    const c = m[0].trim();
    if (!c) continue;
    // Particles at the end of any part ("xóm 4, xã Đô Lương nha, Nghệ An"); a part that is only
    // chatter ("hả chị?", "huyện Long Hồ cũ đó chị, Vĩnh Long") is skipped, not the address's end.
    const words = c.split(' ');
    if (words.every(isChatterWord)) continue;
    if (chunks.length > 0 && isClause(c)) break;
    const { kept } = dropParticles(words);
    const keptText = kept.join(' ').replace(/[.!?…:~\-–]+$/u, '').trim();
    if (keptText) chunks.push({ text: keptText, start: m.index! + lead });
  }
  let parts = parse(chunks);
  parts = splitTrailingProvince(parts, units);

  // The province: the last part that names one. Whatever follows it is no part of the address.
  let province: string | undefined;
  let provinceSeg: Seg | undefined;
  let provinceAt = -1;
  for (let k = parts.length - 1; k >= 0 && provinceAt < 0; k--) {
    for (const seg of parts[k]!.segs) {
      const lvl = seg.word?.level;
      if (seg.word && lvl !== 'province' && lvl !== 'city') continue;
      // A bare name is the province only at the start of a part after the first ("…, Nghệ An").
      if (!seg.word && (parts[k]!.segs.indexOf(seg) !== 0 || (k === 0 && parts.length > 1))) continue;
      const p = provinceByName(seg.name, seg.head, seg.word, units);
      if (!p) continue;
      province = p.lookup;
      provinceSeg = seg;
      provinceAt = k;
      // "Nghe An no", "Bắc Ninh từ năm 2015": the province, then chatter; segments after it go too.
      seg.name = seg.name.slice(0, seg.name.length - p.tail.length);
      parts[k]!.segs.splice(parts[k]!.segs.indexOf(seg) + 1);
      break;
    }
  }
  if (provinceAt >= 0) parts.splice(provinceAt + 1);
  // What follows the last word kept: for other fields (a date, a book number) or chatter.
  const lastEnd = Math.max(0, ...parts.flatMap((p) => p.segs.flatMap((sg) => [...sg.head, ...sg.name].map((x) => x.end))));
  let restText = full.slice(lastEnd).replace(/^[\s,;:.\-–]+|[\s,;:\-–]+$/gu, '');
  const restWords = restText.split(' ').filter(Boolean);
  let lead = 0;
  while (lead < restWords.length && isChatterWord(restWords[lead]!)) lead++;
  restText = restWords.slice(lead).join(' ').replace(/^[\s,;:.\-–]+/u, '');

  const ctx: Ctx = { units, province, provinceSeg, restored: false, sure: true, place };
  const out: string[] = [];
  if (typed) {
    // Every word as typed; parts of one comma-separated piece stay together.
    parts.forEach((part, k) => {
      const s = part.segs.map((seg) => joinRaw([...seg.head, ...seg.name])).filter(Boolean).join(' ');
      if (!s) return;
      if (k > 0 && parts[k - 1]!.chunk === part.chunk && out.length) out[out.length - 1] += ` ${s}`;
      else out.push(s);
    });
  }
  if (!typed) parts.forEach((part, k) => {
    const partAscii = part.segs.every((s) => [...s.head, ...s.name].every((x) => x.ascii));
    const pieces: string[] = [];
    let afterInst = false;
    for (const seg of part.segs) {
      pieces.push(writeSeg(seg, ctx, partAscii, k === parts.length - 1 && k > 0, afterInst));
      afterInst = afterInst || seg.word?.level === 'inst';
    }
    const s = pieces.filter(Boolean).join(' ').trim();
    if (s) out.push(s);
  });
  let value = out.join(', ').replace(/\s+/g, ' ').trim();
  if (place) value = cap(value);
  const rest = restText;
  return { value, restored: ctx.restored, sure: ctx.sure, ...(rest ? { rest } : {}) };
}

/** Lower case, no diacritics, one output unit per input unit (positions survive). */
function foldKeepLength(text: string): string {
  let out = '';
  for (const ch of text) {
    const f = ch === 'đ' || ch === 'Đ' ? 'd' : ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    out += f.length === ch.length ? f : ch;
  }
  return out;
}

/**
 * "xã Hà Trung Thanh Hóa": a province typed after a commune without a comma becomes its own
 * part, when the commune's name alone is a unit and the whole is none.
 */
function splitTrailingProvince(parts: Part[], units: AddressUnitLookups): Part[] {
  const out: Part[] = [];
  for (const part of parts) {
    const last = part.segs[part.segs.length - 1]!;
    const lvl = last.word?.level;
    if (!last.word || (lvl !== 'commune' && lvl !== 'district' && lvl !== 'city' && lvl !== 'village' && lvl !== 'street') || last.name.length < 2) {
      out.push(part);
      continue;
    }
    let done = false;
    for (let n = Math.min(4, last.name.length - 1); n >= 1 && !done; n--) {
      const tailToks = last.name.slice(last.name.length - n);
      const p = provinceByName(tailToks, [], undefined, units);
      if (!p || p.tail.length > 0) continue;
      const headKey = fold(joinRaw(last.name.slice(0, last.name.length - n)));
      const wholeKey = fold(joinRaw(last.name));
      if (lvl === 'city' && provinceByName(last.name, [], undefined, units)?.tail.length === 0) continue;
      if (lvl === 'commune' || lvl === 'district' || lvl === 'city') {
        if (units.findUnit(wholeKey, {}).length > 0) continue;
        if (units.findUnit(headKey, { province: p.lookup }).length === 0 && units.fromOldName(headKey, { province: p.lookup }).length === 0) continue;
      }
      out.push({ segs: [...part.segs.slice(0, -1), { ...last, name: last.name.slice(0, last.name.length - n) }], chunk: part.chunk });
      out.push({ segs: [{ head: [], name: tailToks }], chunk: part.chunk });
      done = true;
    }
    if (!done) out.push(part);
  }
  return out;
}
