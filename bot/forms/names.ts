import { foldSameLength } from '../../knowledge/text/index.js';
import { nameSyllables } from './name-diacritics.js';
import { properCase } from './vi-text.js';

/**
 * Vietnamese personal names as people type them: after a cue ("tên", "tôi là", "bé là"),
 * at the start of a message ("Phạm Đức Thắng, 12-11-1988, …"), in capitals, without
 * diacritics. A candidate is 2–6 syllables; it must start with a known surname unless a
 * strong cue ("tên", "họ tên") announced it, and it ends at the first word that is not a
 * name syllable (a stop word, a digit, punctuation; in typed-with-capitals text, the first
 * lower-case word). The value keeps the citizen's diacritics, in title case.
 */

/** Folded surnames (họ), the common ones first; covers well over 99% of the population. */
export const SURNAMES: ReadonlySet<string> = new Set(
  (
    'nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh trinh dao mai cao lam luong ta kieu quach to ha phung chu doan vuong tang thai truong luu la chau tong trieu khuc hua than diep mac nghiem au giap luc lai dam ninh kim doan ong dong tu cu ton lo lu bach quan hau tieu vien khong phi be nong sam quan ma yen van thach son hong mong tao lac han giang ung khuat ung lieu nhu thieu thi tra vi pham quang cam sung vang lu chieu luc lo danh neang kha ksor nie rmah siu kpa' +
    // Foreign spouses' surnames as typed in Latin letters (Korean, Chinese), the commonest.
    ' lee park choi jung kang yoon jang kwon shin seo hwang wang zhang liu chen yang zhao zhou'
  ).split(' '),
);

/**
 * Words that end a name: they start the next fact or are chatter. Several are also given
 * names once folded (Quốc, Tài, Tâm, Nam), so only phrases stop there ("quốc tịch").
 */
const STOP = new Set(
  (
    'sinh sn sanh ns sdt dt dthoai cccd cmnd cmt ccd email mail o la va voi nhe nha a ah oi con so toi tui tao tau em minh e ' +
    'ngay mung thang nam que dia hien dang thuong tam song tai gioi dan quoc nguoi chu be chau ong bo me ma cha ba vo chong ' +
    'can cccd dinh ho khai lam cua nay do ay thi luon hoi den tu sua nham khong ko k phai ma moi roi duoc'
  ).split(' '),
);
/** Stop words that are common given or middle names: they stop only before another fact word. */
const STOP_UNLESS_NAME = new Set(['nam', 'thang', 'hoang', 'duong', 'hien', 'thi', 'tam', 'tai', 'quoc', 'dinh', 'chau', 'tu', 'ma', 'lam', 'minh', 'be', 'thuong', 'dan', 'ba', 'ha']);
const FACT_WORDS = /^(?:sinh|sn|sanh|ngay|nam \d|\d|cccd|cmnd|sdt|so dien|dt|quoc tich|dan toc|que|dia chi|o |tai |song|thuong tru|tam tru|gioi tinh|la )/;
const TITLES = new Set(['anh', 'chi', 'ong', 'ba', 'co', 'chu', 'bac', 'em', 'di', 'cau', 'mo', 'thim', 'be', 'chau']);
const PRONOUN = /^(?:toi|tui|tao|tau|minh|em|e|anh|chi|con|chau)$/;

/** Never the first word of a name. */
const NOT_FIRST = new Set('toi tui tao tau em minh e nguoi con me bo cha ba ong chong co anh chi no ten la khong chua moi benh thon xa phuong so nha ap xom'.split(' '));

/**
 * Syllables that are function words and never part of a personal name ("chưa", "lấy",
 * "không"): an unaccented "chau chua lay chong" is no name.
 */
const NEVER_NAME = new Set('chua lay khong ko duoc roi cung voi nhung neu hay nua kia dau gium giup dum xin muon can day'.split(' '));
/**
 * Those of `NEVER_NAME` whose spelling carries a diacritic ("nhưng", "chưa", "được"…): typed
 * bare in a message written with diacritics, the word is a name syllable ("Hồng Nhung").
 */
const NEVER_NAME_MARKED = new Set('chua lay khong duoc roi cung voi nhung neu nua dau gium giup dum muon can'.split(' '));
/** Accented function words that fold to a surname (không → Khổng, có/cô → Cổ, bà → Bà). */
const FUNCTION_WORDS = new Set('không chưa mới tôi em người con mẹ bố cha bà ông chồng có cô anh chị nó tên là bệnh thôn xã phường số nhà ấp xóm tui tao tau mình vợ chú bé cháu mà chừ giờ rứa răng mô tê ni nờ hồi lúc đây đó'.split(' '));
/** Everyday phrases that read like a surname and a given name ("Đồng ý", "Cảm ơn"). */
const NOT_A_NAME = new Set(['chu re', 'co dau', 'ben nam', 'ben nu', 'dong y', 'cam on', 'ok', 'vang a', 'da vang', 'khong co', 'chua co', 'nhu tren', 'ly hon', 'li hon', 'ly di', 'ly than']);
/** Words in capitals that end a capitalised name anyway (labels, not names). */
const CAPITAL_STOP = new Set(['sinh', 'ngày', 'năm', 'tháng', 'quê', 'ở', 'số', 'cccd', 'sđt', 'giới', 'dân', 'quốc', 'địa', 'nơi', 'họ', 'tên', 'là', 'và', 'còn']);

/** Places that start like a name ("Hà Nội", "Lâm Đồng", "Cao Bằng"): never a person. */
/** Phrases that are never part of a name ("hộ khẩu thường trú", "địa chỉ"). */
const NOT_NAME_PHRASE = /\b(?:bao nhieu|the nao|nhu nao|o dau|khi nao|la gi|bao lau|duoc khong|duoc ko|ho khau|thuong tru|tam tru|dia chi|noi o|cu tru|que quan|ngay sinh|so dien|can cuoc|dinh danh|chung minh|gioi tinh|dan toc|quoc tich|nam sinh|benh vien|tram y te)\b/;

const PLACES = new Set(
  (
    'ha noi|ha tinh|ha giang|ha nam|ha dong|ho chi minh|lam dong|cao bang|lang son|dong nai|dong thap|dong hoi|thai nguyen|thai binh|ninh binh|ninh thuan|an giang|' +
    'hai phong|hai duong|tay ninh|quang ninh|quang tri|quang ngai|quang nam|vinh long|vinh phuc|hung yen|nam dinh|thanh hoa|da nang|can tho|kien giang|hau giang|' +
    'long an|ben tre|son la|lai chau|yen bai|hoa binh|bac ninh|bac giang|gia lai|kon tum|khanh hoa|binh duong|binh dinh|tien giang|tra vinh|soc trang|bac lieu|' +
    'dien bien|tuyen quang|lao cai|phu tho|phu yen|binh thuan|binh phuoc|dak lak|dak nong|ca mau|nghe an|hue|sai gon|ba ria|vung tau|cam ranh|nha trang|da lat|' +
    'han quoc|trung quoc|nhat ban|dai loan|thai lan|hoa ky|an do|ma lai|nam phi|tan tay lan|trieu tien|'+
    'vinh|hoan kiem|ba dinh|dong da|hai ba trung|cau giay|tan binh|go vap|thu duc|le loi|tran hung dao|nguyen trai|le duan|quang trung|hung vuong'
  ).split('|'),
);

export interface NameMatch {
  value: string;
  start: number;
  end: number;
}

interface Token {
  w: string;
  fw: string;
  start: number;
  end: number;
}

function tokens(text: string, folded: string, from: number): Token[] {
  const out: Token[] = [];
  const re = /\p{L}+(?:['’]\p{L}+)?|\d+|[^\p{L}\d\s]/gu;
  re.lastIndex = from;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ w: m[0], fw: folded.slice(m.index, m.index + m[0].length), start: m.index, end: m.index + m[0].length });
    if (out.length > 12) break;
  }
  return out;
}

const isWord = (t: Token | undefined) => !!t && /^\p{L}+(?:['’]\p{L}+)?$/u.test(t.w);
const isUpperInitial = (w: string) => w[0] !== undefined && w[0] === w[0].toLocaleUpperCase('vi') && w[0] !== w[0].toLocaleLowerCase('vi');
/** A Vietnamese syllable: at most 7 letters, no double vowels typed as in English words. */
const looksLikeSyllable = (fw: string) => (fw.length <= 7 && /^[a-z]+$/.test(fw) && !/[fjwz]/.test(fw)) || /^[a-z]{1,2}['’][a-z]{1,6}$/.test(fw);

/**
 * Reads a name starting at `from` (after any cue). `strong` when a "tên"/"họ tên" cue
 * announced it (then the surname list is not required).
 */
export function readName(text: string, from: number, strong: boolean): NameMatch | undefined {
  const t = text.normalize('NFC');
  const f = foldSameLength(t);
  const toks = tokens(t, f, from);
  // Skip connectors between the cue and the name ("tên là", "là:", "tên của em là", "tên tau là").
  let i = 0;
  for (;;) {
    const fw = toks[i]?.fw;
    if (fw === undefined) break;
    // "tên La Thị Sen": "La" typed with a capital before a middle name is the surname, not "là".
    if (fw === 'la' && toks[i]!.w === 'La' && isWord(toks[i + 1]) && isUpperInitial(toks[i + 1]!.w) && (/^(?:thi|van)$/.test(toks[i + 1]!.fw) || !SURNAMES.has(toks[i + 1]!.fw)) && isWord(toks[i + 2]) && isUpperInitial(toks[i + 2]!.w)) break;
    if (fw === 'la' || fw === ':' || fw === '-' || fw === 'ten') i++;
    else if (fw === 'cua' && PRONOUN.test(toks[i + 1]?.fw ?? '')) i += 2;
    else if (PRONOUN.test(fw) && toks[i + 1]?.fw === 'la') i += 2;
    // "Tui Nguyễn Văn Ba, sinh …": a pronoun right before a capitalised full name.
    else if (/^(?:toi|tui|tao|tau|minh|mk|em|e)$/.test(fw) && isWord(toks[i + 1]) && isUpperInitial(toks[i + 1]!.w) && SURNAMES.has(toks[i + 1]!.fw) && isWord(toks[i + 2]) && isUpperInitial(toks[i + 2]!.w)) i++;
    // A title before the name: "chủ hộ là anh Dương Văn Quý", "bà Nguyễn Thị Lan".
    else if (TITLES.has(fw) && isWord(toks[i + 1]) && SURNAMES.has(toks[i + 1]!.fw) && !/^(?:van|thi)$/.test(toks[i + 1]!.fw) && !/^bế$/iu.test(toks[i]!.w)) i++;
    // "vợ Tạ Thị Hương Giang", "mẹ Lý Thị Hoa": a kin word typed with its tones before a capitalised full name.
    else if (/^(?:vợ|chồng|bố|mẹ|má|vk|ck)$/u.test(toks[i]!.w.toLocaleLowerCase('vi')) && isWord(toks[i + 1]) && isUpperInitial(toks[i + 1]!.w) && SURNAMES.has(toks[i + 1]!.fw) && isWord(toks[i + 2]) && isUpperInitial(toks[i + 2]!.w)) i++;
    else break;
  }
  const first = toks[i];
  // "Ông Văn Hòa": a surname that is also a title or a pronoun, before a middle name.
  // "Khổng Minh Đức": a capitalised surname whose tones differ from the function word it folds to.
  const surnameBeforeMiddle =
    isWord(first) &&
    SURNAMES.has(first!.fw) &&
    isUpperInitial(first!.w) &&
    (/^(?:van|thi)$/.test(toks[i + 1]?.fw ?? '') || (first!.w !== first!.fw && !FUNCTION_WORDS.has(first!.w.toLocaleLowerCase('vi')) && isUpperInitial(toks[i + 1]?.w ?? '')));
  if (!isWord(first) || (NOT_FIRST.has(first!.fw) && !surnameBeforeMiddle)) return undefined;
  // Surnames that are also words: "chủ hộ", "đang ở", "tổ 5", "má nó".
  const second = toks[i + 1]?.fw ?? '';
  if (
    (first!.fw === 'be' && !/^bế$/iu.test(first!.w) && !/^(?:van|thi)$/.test(second)) ||
    (first!.fw === 'chau' && (/^cháu$/iu.test(first!.w) || /^(?:toi|tui|em|be|noi|ngoai|la|ten|sinh|minh|no|gai|trai)$/.test(second))) ||
    (first!.fw === 'lam' && /^(?:to|giay|don|thu|ho|khai|lai|sao|cho|gi|the|viec|on|giup|ban|dum|ho|xong|duoc|mat)$/.test(second)) ||
    // "…, quan ngu hanh son, da nang", "thi xa thuan an": a unit word typed in lower case is a
    // place's, not the surname Quan or Thi (a name with no cue is capitalised or follows one).
    (!strong && first!.w === first!.w.toLocaleLowerCase('vi') && (/^(?:quan|huyen|tinh)$/.test(first!.fw) || (first!.fw === 'thi' && /^(?:xa|tran)$/.test(second)))) ||
    (first!.fw === 'mai' && /^(?:em|toi|minh|tui|anh|chi|di|lam|nop)$/.test(second))
  )
    return undefined;
  if ((first!.fw === 'vo' && (/^vợ$/iu.test(first!.w) || /^(?:toi|tui|minh|em|anh|sap|tuong|chua|cua|la)$/.test(second))) || (first!.fw === 'chu' && second === 'ho') || (first!.fw === 'dang' && (/^đang$/iu.test(first!.w) || /^(?:o|song|lam|co|la|thue|tro|hoc|di|can|muon|cho|nuoi|ky|dinh|mang|bi)$/.test(second))) || (first!.fw === 'to' && /^\d/.test(second)) || (first!.fw === 'ma' && /^(?:no|chau|be|han)$/.test(second))) return undefined;
  // "Tui la Danh Thi Sa Ri": a capitalised word before a capitalised "Thị"/"Văn" starts a name
  // whatever the surname list says (Khmer, Cham and other surnames are many).
  const middleCue = isUpperInitial(first!.w) && /^(?:thi|van)$/.test(toks[i + 1]?.fw ?? '') && isUpperInitial(toks[i + 1]?.w ?? '') && isWord(toks[i + 2]) && isUpperInitial(toks[i + 2]!.w);
  if (!strong && !SURNAMES.has(first!.fw) && !middleCue) return undefined;
  // "mà răng phải có …": a function word typed in lower case with its tones starts no name.
  if (!strong && first!.w !== first!.fw && first!.w === first!.w.toLocaleLowerCase('vi') && FUNCTION_WORDS.has(first!.w)) return undefined;
  // "đường Lê Lợi": a lower-case word before capitalised ones is not the start of a name.
  if (!strong && !isUpperInitial(first!.w) && isWord(toks[i + 1]) && isUpperInitial(toks[i + 1]!.w)) return undefined;
  const hasLower = /\p{Ll}/u.test(t.slice(first!.start, Math.min(t.length, first!.start + 40)));
  const accented = /[^\x00-\x7F]/.test(t);
  const capitalised = isUpperInitial(first!.w) && hasLower && accented;
  const words: Token[] = [];
  for (let k = i; k < toks.length && words.length < 6; k++) {
    const tok = toks[k]!;
    // (A foreign given name after a surname, capitalised: "KIM MIN JUN", "Lee Ji Woo".)
    if (!isWord(tok) || !(looksLikeSyllable(tok.fw) || (words.length >= 1 && isUpperInitial(tok.w) && tok.fw.length <= 7 && /^[a-z]+$/.test(tok.fw)))) break;
    if (NEVER_NAME.has(tok.fw) && tok.w.toLocaleLowerCase('vi') === tok.w && !(accented && tok.w === tok.fw && NEVER_NAME_MARKED.has(tok.fw))) break;
    // Letters run into digits ("ct01", "A1"): a form or a code, never part of a name.
    const glued = toks[k + 1];
    if (glued && glued.start === tok.end && /^\d/.test(glued.w)) break;
    if (words.length >= 1) {
      // A blanked number or date in between ("LY THI HOA 18/10/1994 nu"): the name ended before it.
      if (tok.start - words[words.length - 1]!.end > 2) break;
      // Every word so far capitalised in lower-case text ("Lo Thi Sinh, nu", "Ly A Sinh"): a
      // capitalised word goes on unless lower-case words or digits follow it ("… An Sinh năm 1990").
      const next = toks[k + 1];
      if (hasLower && isUpperInitial(tok.w) && words.every((w) => isUpperInitial(w.w)) && (!next || !/^(?:\p{Ll}|\d)/u.test(next.w)) && (tok.start - words[words.length - 1]!.end) <= 1) {
        words.push(tok);
        continue;
      }
      // Typed with capitals and diacritics: a capitalised word goes on the name ("Trương Văn Cẩn", "Nguyễn Thị Quế").
      if (capitalised && isUpperInitial(tok.w) && !CAPITAL_STOP.has(tok.w.toLocaleLowerCase('vi'))) {
        words.push(tok);
        continue;
      }
      if (capitalised && !isUpperInitial(tok.w)) break;
      if (tok.fw === 'nam' || tok.fw === 'thang') {
        // "Nam"/"Thắng" are names, "năm"/"tháng" start a date: the diacritics tell, else what follows.
        const lower = tok.w.toLocaleLowerCase('vi');
        if (lower === 'năm' || lower === 'tháng') break;
        if (lower === tok.fw && /^\s*(?:\d|sinh\b)/.test(f.slice(tok.end)) && !(tok.fw === 'thang' && /^\s*sinh\b/.test(f.slice(tok.end)))) break;
        words.push(tok);
        continue;
      }
      if (STOP.has(tok.fw)) {
        if (!STOP_UNLESS_NAME.has(tok.fw)) break;
        const rest = f.slice(tok.end).trimStart();
        if (FACT_WORDS.test(rest) && !(capitalised && isUpperInitial(tok.w))) break;
      }
    }
    words.push(tok);
  }
  if (words.length < 2) return undefined;
  if (!strong && words.length > 5) return undefined;
  const folded = words.map((w) => w.fw).join(' ');
  if (NOT_NAME_PHRASE.test(folded) || NOT_A_NAME.has(folded) || NOT_A_NAME.has(words.slice(0, 2).map((w) => w.fw).join(' '))) return undefined;
  if (PLACES.has(folded) || PLACES.has(words.slice(0, 2).map((w) => w.fw).join(' ')) || PLACES.has(words.slice(0, 3).map((w) => w.fw).join(' '))) return undefined;
  // "chủ hộ thì ghi là khác", "quan hệ với chủ hộ": typed in lower case with its tones, a run of
  // words is a name only when every word is a name syllable as typed ("hộ" is no "Hồ").
  if (accented && words.every((w) => !isUpperInitial(w.w)) && !words.every((w) => isNameSyllableAsTyped(w.w))) return undefined;
  if (accented && !isUpperInitial(words[0]!.w) && words[0]!.w !== words[0]!.fw && !isNameSyllableAsTyped(words[0]!.w)) return undefined;
  return { value: properCase(words.map((w) => w.w).join(' ')), start: words[0]!.start, end: words[words.length - 1]!.end };
}

/** Whether a word, as typed, is a reading of a name syllable in `knowledge/forms/name-syllables.tsv` at any position. */
function isNameSyllableAsTyped(word: string): boolean {
  const lower = word.normalize('NFC').toLocaleLowerCase('vi');
  const rows = nameSyllables().get(foldSameLength(lower).toLowerCase());
  if (!rows) return false;
  // Typed without tones ("nguyen van an"), the syllable is known: what tones it lacks is unknown.
  if (lower === foldSameLength(lower).toLowerCase()) return true;
  for (const r of rows.values()) if (r.readings.some((x) => x.normalize('NFC').toLocaleLowerCase('vi') === lower)) return true;
  return false;
}

/** Cues that announce a name; `strong` ones do not need the surname list. */
const NAME_CUES: Array<{ re: RegExp; strong: boolean; capital?: boolean }> = [
  { re: /\b(?:ho va ten|ho ten|ten day du|ten khai sinh|ten goi|ten)\b\s*(?:cua \w+\s*|(?:toi|tui|tao|tau|em|e|minh|mk|mik)\s+)?(?:la\b|:)?/g, strong: true },
  { re: /\b(?:toi|tui|tao|tau|t|mik|minh|em|e|chi|anh|con|chau|bon|nguoi di khai|nguoi khai|nguoi yeu cau)\s+la\b\s*:?/g, strong: false },
  { re: /\b(?:la|:)\s*/g, strong: false },
  // "chủ hộ là chồng em Ly Van Tien": after a relation and its owner.
  { re: /\b(?:chong|vo|ck|vk|ong xa|ba xa|bo|me|ba|ma|tia|u|bam|con|anh|chi|em|ong|co|chu|di|cau|bac)(?:\s+(?:trai|gai|noi|ngoai|ruot|sap cuoi))?\s+(?:cua\s+)?(?:toi|tui|em|minh|mk|e|chau|be|no|anh|chi)\s+(?:(?:ten|la)\s+)?/g, strong: false, capital: true },
  // "người yêu tau Nguyen Thi Hoai", "vợ sắp cưới Lê Thị Thu": a partner word, its owner, then the name.
  { re: /\b(?:nguoi yeu|ny|ban trai|ban gai|(?:vo|chong|vk|ck) sap cuoi|vi hon phu|vi hon the|co dau|chu re)(?:\s+(?:cua\s+)?(?:toi|tui|tao|tau|em|e|minh|mk|anh|chi))?\s+/g, strong: false, capital: true },
  // "cháu trai Vũ Minh Quân", "bé gái Lò Thị Mai": the child word and its sex, then the name.
  { re: /\b(?:be|chau|con|em be|chau be)\s+(?:trai|gai)\s+/g, strong: false, capital: true },
];

/**
 * Finds the first name in a span of text: after a cue, else at the start of the span or
 * after a comma ("PHẠM THỊ NGỌC ÁNH, 22-09-1996"). Returns undefined when none reads as one.
 */
export function findName(text: string, from = 0, to = text.length): NameMatch | undefined {
  const t = text.normalize('NFC');
  const f = foldSameLength(t).slice(0, to);
  for (const cue of NAME_CUES) {
    cue.re.lastIndex = from;
    for (const m of f.matchAll(cue.re)) {
      if (m.index! < from) continue;
      // "tên La Thị Sen": the cue's "là" was the surname "La" (capitalised, before a middle name).
      let from2 = m.index! + m[0].length;
      const la = /la\s*$/.exec(m[0]);
      const afterLa = la ? t.slice(m.index! + la.index + 2) : '';
      const nextWord = foldSameLength(/^\s+(\p{L}+)/u.exec(afterLa)?.[1] ?? '').toLowerCase();
      if (la && t.slice(m.index! + la.index, m.index! + la.index + 2) === 'La' && /^\s+\p{Lu}\p{L}*\s+\p{Lu}/u.test(afterLa) && (nextWord === 'thi' || nextWord === 'van' || !SURNAMES.has(nextWord))) from2 = m.index! + la.index;
      const n = readName(t.slice(0, to), from2, cue.strong);
      // "mẹ em ly hôn rồi": with diacritics typed, a name after a bare relation is capitalised.
      if (n && cue.capital && /[^\x00-\x7F]/.test(t) && !isUpperInitial(n.value === '' ? '' : t.slice(n.start, n.end))) continue;
      if (n) return n;
    }
  }
  // Start of the span or after a comma/colon: only with a surname.
  // (A sentence end counts when the next sentence starts with a capital: "em là nữ nha. Phạm Thị Hằng, …".)
  const afterComma = [...f.slice(from).matchAll(/[,:;\n]\s*/g)].map((m) => from + m.index! + m[0].length);
  const afterSentence = [...f.slice(from).matchAll(/[.!?]\s+(?=\S)/g)].map((m) => from + m.index! + m[0].length).filter((at) => isUpperInitial(t[at] ?? ''));
  const starts = [from, ...[...afterComma, ...afterSentence].sort((a, b) => a - b)];
  for (const s of starts) {
    const n = readName(t.slice(0, to), s, false);
    if (n) return n;
  }
  return undefined;
}

/**
 * Given names nearly always borne by one sex, as typed with their tones (folded when the
 * unaccented spelling is still one sex's: "hang" is Hằng or Hàng, both women's). A name not
 * listed tells nothing ("Anh", "Hà", "Thanh", "Ngọc" are given to both).
 */
const WOMEN_GIVEN = new Set(
  'hằng hương lan mai trang thảo nhung tuyết hạnh thủy thúy yến oanh nga loan liên huệ cúc đào hồng vy my ly trinh diệp thắm uyên nhi trâm ngân huyền thoa lụa sen nguyệt hoa nhàn dung quyên thơ hảo lam bích châu chi diễm duyên gấm hiền hoài huế kiều lệ linh mơ mận na nương nụ phượng quế quyên sương tâm thư thương trà tươi vân xuyến'.split(' '),
);
const MEN_GIVEN = new Set(
  'hùng dũng tuấn đạt quân cường thắng mạnh đức long khoa khang huy kiên tài lộc phúc trung sơn vinh toàn hoàng bảo tùng hiếu lợi thọ nghĩa nghị tú tiến quang lực sỹ sĩ hòa hải dân công chiến định đông điền khôi lâm luân nhân phong quý sang tâm thành thịnh thuận tín trí triều trường tuyên tư việt vũ vương'.split(' '),
);
const WOMEN_FOLDED = new Set('huong trang thao nhung tuyet hanh yen oanh nga loan lien cuc hong trinh diep tham uyen nhi tram ngan huyen thoa lua sen nguyet bich diem duyen gam kieu suong xuyen'.split(' '));
const MEN_FOLDED = new Set('hung tuan dat cuong thang manh duc long khoa khang huy kien tai loc phuc trung son vinh toan hoang bao tung hieu loi nghia quang luc sy si chien dinh khoi luan phong quy thinh thuan tin tri truong viet vuong'.split(' '));

/**
 * The sex a full name tells, when it tells one: a middle name one sex bears ("Thị", "Văn"),
 * else a given name nearly always one sex's. A guess to read back, never a stated sex.
 */
export function sexOfName(name: string): 'Nam' | 'Nữ' | undefined {
  const words = name.normalize('NFC').trim().toLocaleLowerCase('vi').split(/\s+/);
  if (words.length < 2) return undefined;
  const middles = words.slice(1, -1).map((w) => foldSameLength(w));
  if (middles.includes('thi')) return 'Nữ';
  if (middles.includes('van')) return 'Nam';
  const given = words[words.length - 1]!;
  const both = (WOMEN_GIVEN.has(given) ? 1 : 0) + (MEN_GIVEN.has(given) ? 2 : 0);
  if (both === 1) return 'Nữ';
  if (both === 2) return 'Nam';
  if (both === 3) return undefined;
  const folded = foldSameLength(given);
  // Only a name typed without tones is read folded ("Hưng" is not "Hùng").
  if (folded !== given) return undefined;
  if (WOMEN_FOLDED.has(folded) && !MEN_FOLDED.has(folded)) return 'Nữ';
  if (MEN_FOLDED.has(folded) && !WOMEN_FOLDED.has(folded)) return 'Nam';
  return undefined;
}
