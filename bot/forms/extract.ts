import { foldSameLength, parseDate, spellDatesInDigits } from '../../knowledge/text/index.js';
import { properCase, tidy } from './vi-text.js';
import { startsLikeClauseButPlace } from './address-normalize.js';
import {
  matchOption,
  parseEmail,
  parseIdNumber,
  parseName,
  parsePhone,
  type ParseFailure,
} from './parse.js';
import type { PersonKey } from './profile.js';
import { findName, SURNAMES } from './names.js';

/**
 * Spotting profile facts in free Vietnamese text, in any turn: "tôi là nguyen van an,
 * sinh 5/3/1990, cccd 001 090 012 345; con tôi tên Minh Khôi sinh ngày 1/11/2026".
 *
 *   text ──split by holder cues──▶ [self: "tôi là …"] [child: "con tôi tên …"]
 *        ──per segment──▶ numbers (ID, phone) → email → date → keyed phrases (tên, quê, ở …)
 *
 * A holder is a relation (child, spouse, mother, father), `self`, or a role name a form
 * defines (chuHo, bride, groom) which the caller resolves.
 */

export interface Fact {
  holder: string;
  key: PersonKey;
  value: string;
  /** The holder came from a cue in the text ("bé tên …"), not from the default. */
  cued?: boolean;
  /** Full date or not (dates only). */
  partial?: boolean;
  /** A child's sex said with the child word ("con gái", "bé trai"): never the citizen's. */
  childSex?: boolean;
  /** The cue that named the holder, folded ("con", "vo minh"), when there was one. */
  cue?: string;
  /**
   * "như trên", "cùng địa chỉ với em", "dân tộc giống mẹ": the value is another person's
   * value of the same key; `value` is then empty and `sameAs` names that person (a cue
   * holder, or `previous` for the last one given).
   */
  sameAs?: string;
}

export interface Problem {
  holder: string;
  key: PersonKey;
  reason: ParseFailure;
}

export interface Correction {
  kind: 'lastDigits';
  digits: string;
}

export interface Extraction {
  facts: Fact[];
  problems: Problem[];
  correction?: Correction;
}

export interface ExtractOptions {
  now: Date;
  /** Holder of facts before any cue (the person the bot just asked about), or one per key. */
  defaultHolder?: string | ((key: PersonKey) => string);
  ethnicGroups?: readonly string[];
  nationalities?: readonly string[];
  /** People already named in the conversation: "anh Sơn", "chị Thảo" then point to them. */
  people?: ReadonlyArray<{ holder: string; name: string }>;
  /** Folded phrases the citizen used for a person before ("chị e" for the head of household). */
  aliases?: ReadonlyArray<{ holder: string; phrase: string }>;
}

interface Cue {
  holder: string;
  re: RegExp;
  /** Accepted first words with diacritics; an unaccented first word is always accepted. */
  words?: readonly string[];
  /** Only as typed with diacritics (the unaccented form is another word). */
  accentedOnly?: boolean;
  /** Only right before a capitalised surname ("bé Phạm Minh Anh", "cháu Vũ Minh Quân"). */
  nameAfter?: boolean;
}

const PRONOUN = '(?:toi|tui|tao|tau|em|e|minh|mk|mik|chau|be|nha toi|nha em|cua toi|cua em|cua minh|cua tui|cua mk|no|han|anh|chi|con)';
const SELF = '(?:toi|tui|tao|tau|minh|mik|mk|em|e|anh|chi|t)';
/**
 * The start of a message or a clause: "vợ sinh 1993", "…, chồng tên …" name the spouse by the
 * bare kin word, as people do once they have introduced themselves.
 */
const KIN_CLAUSE_START = '(?:^|(?<=[,;.:\\n]\\s{0,3}))(?:con |va )?';
const CUES: readonly Cue[] = [
  // The landlord of a rented room is the head of the household the tenant registers in.
  { holder: 'chuHo', re: /\bchu ho\b|\bchu (?:nha tro|nha|tro|phong tro)\b(?= (?:la|ten|cua|:))/g },
  // A plural "we": the citizen and the other main person of the form.
  { holder: 'both', re: /\b(?:tui tui|tui tao|chung toi|chung em|chung minh|chung tui|bon em|bon minh|bon toi|hai dua|2 dua|ca hai|ca 2|ca nha|ca gia dinh|hai vo chong|vo chong (?:toi|em|minh|tui)|(?:hai|2) (?:bo|cha|ba|me|ma|ong|ba) (?:con|chau)|(?:hai|2) (?:anh em|chi em|me con|bo con))\b(?= (?:o|song|dang|deu|cung|thuong|tam|hien)\b)/g },
  { holder: 'bride', re: /\b(?:co dau|ben nu|(?:vo|vk) sap cuoi|(?:vo|vk) tuong lai|vo chua cuoi|ban gai|nguoi yeu nu)\b|(?<=^|[\n;.]\s{0,3})nu(?=\s?:)/g, words: ['cô', 'bên', 'vợ', 'bạn', 'người', 'vk', 'nữ'] },
  { holder: 'groom', re: /\b(?:chu re|ben nam|(?:chong|ck) sap cuoi|(?:chong|ck) tuong lai|chong chua cuoi|ban trai|nguoi yeu nam)\b|(?<=^|[\n;.]\s{0,3})nam(?=\s?:)/g, words: ['chú', 'bên', 'chồng', 'bạn', 'người', 'ck', 'nam'] },
  { holder: 'partner', re: /\b(?:nguoi yeu(?! cau)|ng yeu(?! cau)|ny|nguoi ay|vi hon phu|vi hon the)\b/g, words: ['người', 'ng', 'ny', 'vị'] },
  // "anh iu e là …", "anh yêu của em tên …": the partner, called by a title and the word for love.
  { holder: 'partner', re: /\b(?:anh|a|chi|c|em) (?:iu|yeu)(?: (?:cua )?(?:e|em|toi|minh|mk|anh|a|chi|c|tui))?(?= ?(?:la|ten|sinh|sn|cccd|:)\b| ?[:,])/g, words: ['anh', 'a', 'chị', 'c', 'em'] },
  { holder: 'other3', re: /\b(?:anh ay|co ay|chi ay|ong ay|ba ay|chu ay|bac ay|di ay|cau ay|nguoi do|anh do|ban ay|ong xa toi)\b|\b(?:so |cccd |can cuoc |sdt )(?:cua )?(?:anh|co|chi) ay\b/g, words: ['anh', 'cô', 'chị', 'ông', 'bà', 'chú', 'bác', 'dì', 'cậu', 'người', 'bạn', 'số', 'cccd', 'căn', 'sđt'] },
  // Southern "ảnh, chỉ, ổng, bả" and "hắn" (he, she): only as typed with their tones.
  { holder: 'other3', re: /(?<!\b(?:bo|me|ma|cha|ba|tia|u|bam|bu|vo|chong|con|chau|dia|toi|tui|em|e|minh|mk|tao|tau|thi|ma)\s)\b(?:anh|chi|ong|ba|han)\b(?= (?:ten|sinh|sanh|o|la|ket|cccd|can|sdt|so|cung|thi|co|nam|nu|lan|da|dang|\d))/g, words: ['ảnh', 'chỉ', 'ổng', 'bả', 'hắn'], accentedOnly: true },
  // "Nó thường trú tại …", "nó sinh 1997" opening a clause: the person the paper is about (said
  // by a parent of their child), never the citizen.
  { holder: 'it', re: /(?:^|(?<=[,;.:\n]\s{0,3}))no(?= (?:ten|sinh|sanh|sn|o|thuong tru|tam tru|dang o|hien o|song|cccd|can cuoc|cmnd|so cccd|sdt|que|dan toc|quoc tich|nam|nu|chua|da|tung)\b)/g, words: ['nó', 'no'] },
  // "anh trai tôi", "em gái e", "ông nội tôi", "chú em": a relative the form may have no place
  // for; their details are theirs (the person a paper is about), never the citizen's.
  {
    holder: 'relative',
    re: /(?<!\b(?:dia|chi|anh|em|ong|ba|bo|me|cha|con|chau|vo|chong) )\b(?:(?:anh|chi|em)(?: (?:trai|gai|ruot|ho))* (?:cua )?(?:toi|tui|tao|tau|minh|mk|e)|(?:a|c)(?: (?:trai|gai))? (?:cua )?(?:e|em|minh|mk|toi|tui)|(?:anh|chi|em) (?:trai|gai|ruot|ho)(?: (?:cua )?(?:toi|tui|tao|tau|minh|mk|em|e))?|ong(?: (?:noi|ngoai))? (?:cua )?(?:toi|tui|tao|tau|minh|mk|em|e)|(?:ong|ba) (?:noi|ngoai)(?: (?:cua )?(?:toi|tui|tao|tau|minh|mk|em|e|chau|be|con|no))?|(?:chu|bac|di|cau|mo|thim|duong)(?: (?:ruot|ho))? (?:cua )?(?:toi|tui|tao|tau|minh|mk|em|e))\b(?= ?(?:ten|sinh|sn|sanh|la|o|cccd|can cuoc|cmnd|so|sdt|:|,|dang|hien|nam|nu|mat|da|hom)\b| ?[:,])/g,
    words: ['anh', 'chị', 'em', 'ông', 'bà', 'chú', 'bác', 'dì', 'cậu', 'mợ', 'thím', 'dượng', 'a', 'c'],
  },
  // "em vợ anh tên …", "anh chồng chị", "bố vợ tôi": the spouse's relative, a person this form may have no place for.
  { holder: 'relative', re: /\b(?:em|anh|chi|bo|me|cha|ong|ba|co|chu|di|cau)(?: (?:trai|gai|ruot|ho))? (?:vo|chong|vk|ck)(?: (?:cua )?(?:toi|tui|tao|tau|minh|mk|em|e|a|c|anh|chi))?\b(?= ?(?:ten|sinh|sn|sanh|la|o|cccd|can cuoc|cmnd|so|sdt|:|,|dang|hien)\b| ?[:,])/g, words: ['em', 'anh', 'chị', 'bố', 'mẹ', 'cha', 'ông', 'bà', 'cô', 'chú', 'dì', 'cậu', 'a', 'c', 'e'] },
  { holder: 'wife', re: new RegExp(`\\b(?:(?:vo|vk) ${PRONOUN}|vk (?:a|c)|(?<!\\b(?:em|anh|chi|bo|me|cha|ong|ba|co|chu|di|cau|cua) )(?:vo|vk) (?:a|c)(?= (?:la|ten|sinh|sn|cccd|:))|ba xa(?: ${PRONOUN})?|ba nha (?:ong|bac|chu|cau|duong|toi|tui|anh|a|minh|mk|chau|con|tao|tau))\\b|\\b(?:vo|vk)(?= ?:)|${KIN_CLAUSE_START}(?:vo|vk)(?= (?:ten|sinh|sn|sanh|cccd|can cuoc|sdt|dan toc|que)\\b)|(?<=\\bcua )(?:vo|vk)\\b(?= ?(?:la\\b|:)? ?\\d)`, 'g'), words: ['vợ', 'bà', 'vk'] },
  { holder: 'husband', re: new RegExp(`\\b(?<!\\b(?:vo|vk) )(?:(?:chong|ck) ${PRONOUN}|ck (?:a|c)|(?<!\\b(?:em|anh|chi|bo|me|cha|ong|ba|co|chu|di|cau|cua) )(?:chong|ck) (?:a|c)(?= (?:la|ten|sinh|sn|cccd|:))|ong xa(?: ${PRONOUN})?|ong nha (?:co|ba|bac|di|thim|mo|toi|tui|em|e|minh|mk|chau|con|tao|tau))\\b|\\b(?:chong|ck)(?= ?:)|${KIN_CLAUSE_START}(?:chong|ck)(?= (?:ten|sinh|sn|sanh|cccd|can cuoc|sdt|dan toc|que)\\b)|(?<=\\bcua )(?:chong|ck)\\b(?= ?(?:la\\b|:)? ?\\d)`, 'g'), words: ['chồng', 'ông', 'ck'] },
  { holder: 'mother', re: new RegExp(`\\b(?:me|ma|u|bam|bu|me de|ba gia) (?:cua )?${PRONOUN}\\b|\\b(?:me|ma)(?= ?(?:ten|sinh|la)\\b| ?:)`, 'g'), words: ['mẹ', 'má', 'mạ', 'u', 'bầm', 'bu', 'bà'] },
  { holder: 'father', re: new RegExp(`\\b(?:bo|cha|ba|tia|ong gia|ong bo) (?:cua )?${PRONOUN}\\b|\\b(?:bo|cha)(?= ?(?:ten|sinh|la)\\b| ?:)|(?:^|(?<=[\\n;.]\\s{0,3}))(?:ba|tia)(?= ?:)`, 'g'), words: ['bố', 'cha', 'ba', 'tía', 'bọ', 'ông'] },
  // ("Còn con thì …": "còn" (as for) folds to "con"; the child word is the second.)
  { holder: 'child', re: new RegExp(`\\b(?!con con\\b)(?:con (?:trai |gai )?${PRONOUN}|(?:be|con|chau|em be) nha (?:toi|tui|em|e|minh|mk|mik|chi|anh|tao|tau)|chau (?:noi|ngoai)(?: ${PRONOUN})?|thang cu|cu cau|con be|thang be|thang nho|con nho|dua nho|dua be|em be|be|chau be|con|chau|ku)\\b(?= ?(?:ten|sinh|sanh|la|ho|gioi|dan|que|duoc|nam|nu|trai|gai|quoc tich|:|,|\\d|thi (?:dan toc|quoc tich|que|gioi tinh|ten|sinh)\\b|(?:vua |moi |da )?(?:chao doi|ra doi)\\b))`, 'g'), words: ['con', 'bé', 'cháu', 'em', 'thằng', 'cu', 'cậu', 'ku', 'đứa'] },
  // "anh Tú nhà mình tên …", "chị Hoa nhà em sinh …", "anh Nam của em": a title and a given
  // name owned by the citizen ("nhà" our household, "của" mine) is how people speak of their
  // husband, wife or partner; the self word after it is possessive, never the citizen.
  { holder: 'partner', re: /\b(?:anh|chi|ong|ba) \p{L}+ (?:nha|cua) (?:em|e|minh|mk|toi|tui|anh|chi)\b(?= ?(?:ten|la|sinh|sn|sanh|cccd|can cuoc|so|sdt|o|que|dan toc|:|,)\b| ?[:,])/gu, words: ['anh', 'chị', 'ông', 'bà'] },
  // "anh nhà em tên …", "ông nhà tôi sinh …": a title owned by the household is the spouse
  // ("anh của em" without a name is a brother, so only "nhà").
  { holder: 'partner', re: /\b(?:anh|chi|ong|ba) nha (?:em|e|minh|mk|toi|tui|tau|con|chau)\b(?= ?(?:ten|la|sinh|sn|sanh|cccd|can cuoc|sdt|o|que|dan toc|:|,)\b| ?[:,])/gu, words: ['anh', 'chị', 'ông', 'bà'] },
  // "anh Khoa tên đầy đủ Lê Đăng Khoa": a title and a capitalised given name introduced by
  // "tên" is a new person, the partner on the forms that have one.
  { holder: 'partner', re: /\b(?:anh|chi)\s\p{L}+(?= ten\b)/gu, words: ['anh', 'chị'], nameAfter: true },
  // "bé Phạm Minh Anh sinh …", "cháu trai Vũ Minh Quân", "con Trần Gia Huy": a child word right
  // before a capitalised surname names the child, without "tên".
  { holder: 'child', re: new RegExp(`\\b(?:be|chau|con|em be|chau be|be con)(?: (?:trai|gai))?(?= (?:${[...SURNAMES].join('|')}) \\p{L})`, 'gu'), words: ['bé', 'cháu', 'con', 'em'], nameAfter: true },
  // "vợ Lê Thị Ngọc Hân sinh …", "chồng Tống Văn Bình": a spouse word right before a capitalised
  // surname, typed with its tones ("Vo Ngo Gia Huy" is the surname Võ).
  { holder: 'wife', re: new RegExp(`\\b(?:vo|vk)(?= (?:${[...SURNAMES].join('|')}) \\p{L})`, 'gu'), words: ['vợ'], nameAfter: true, accentedOnly: true },
  { holder: 'husband', re: new RegExp(`\\b(?:chong|ck)(?= (?:${[...SURNAMES].join('|')}) \\p{L})`, 'gu'), words: ['chồng'], nameAfter: true, accentedOnly: true },
  // "bố Đặng Văn Toàn", "mẹ Lý Thị Hoa": a parent word typed with its tones right before a capitalised surname.
  { holder: 'father', re: new RegExp(`\\b(?:bo|ba|tia)(?= (?:${[...SURNAMES].join('|')}) \\p{L})`, 'gu'), words: ['bố', 'tía'], nameAfter: true, accentedOnly: true },
  { holder: 'mother', re: new RegExp(`\\b(?:me|ma)(?= (?:${[...SURNAMES].join('|')}) \\p{L})`, 'gu'), words: ['mẹ', 'má'], nameAfter: true, accentedOnly: true },
  // "kết hôn với anh Phạm Văn Định, người Kinh, sinh …", "cưới chị Lê Thu Hà": the one the citizen marries.
  { holder: 'partner', re: new RegExp(`(?<=\\b(?:ket hon|cuoi|lay) (?:voi )?)(?:anh|chi|ong|ba|co|chu|ban)(?= (?:${[...SURNAMES].join('|')}) \\p{L})`, 'gu'), words: ['anh', 'chị', 'ông', 'bà', 'cô', 'chú', 'bạn'], nameAfter: true },
  // "a: Lương Văn Thọ, sn …" (anh, chị, em as chat letters), "mình: 0011…" labelling the citizen's own details.
  { holder: 'self', re: /(?:^|(?<=[\n;.]\s{0,3}))(?:a|c|e|toi|tui|minh|mk|em|tao|tau)(?=\s?:)/g, words: ['a', 'c', 'e', 'tôi', 'tui', 'mình', 'mk', 'em', 'tao', 'tau'] },
  {
    holder: 'self',
    re: new RegExp(`\\b(?<!\\bdia )${SELF}(?= (?:ten|la|sinh|sn|o|song|so|sdt|cccd|que|thuong|tam|hien|dang|nam|nu|can|goc|thue|tro|cung|dan toc|quoc tich|nguoi)\\b)|\\bten (?:toi|tui|tao|tau|em|minh|mk|e)\\b|\\bcua (?:toi|tui|tao|tau|em|minh|mk|e)\\b|\\bnguoi (?:di )?(?:khai|lam|yeu cau)(?: la)? (?:minh|toi|em|tui)\\b|\\b(?:cccd|can cuoc|sdt|so|ngay sinh|nam sinh|dia chi|que|que quan|ho ten|dien thoai) (?:toi|tui|tao|tau|em|minh|mk|e)\\b(?! (?:la|ten)\\b)`, 'g'),
    words: ['tôi', 'tui', 'tao', 'tau', 'mình', 'em', 'e', 'anh', 'chị', 'tên', 'của', 'người', 'cccd', 'căn', 'sđt', 'số', 'mk', 'ngày', 'năm', 'địa', 'quê', 'họ', 'điện'],
  },
];

function acceptCue(original: string, start: number, cue: Cue): boolean {
  if (!cue.words) return true;
  // "tên có dấu: Đặng Quốc Huy", "ten e co dau la …", "co dau sac": "có dấu" (with its tones), not "cô dâu".
  if (cue.holder === 'bride' && /^co dau\b/i.test(foldSameLength(original.slice(start, start + 6)))) {
    const typed = original.slice(start, start + 6).toLocaleLowerCase('vi');
    if (typed !== 'cô dâu') {
      if (typed !== 'co dau') return false;
      const before = foldSameLength(original.slice(Math.max(0, start - 24), start)).toLowerCase();
      if (/\b(?:ten|viet|go|ghi|du|khong|ko|k)(?: (?:cua )?(?:toi|tui|em|e|minh|mk|anh|a|chi|c|bo|me|be|chau|con))?\s*$/.test(before) || /^co dau\s+(?:sac|huyen|hoi|nga|nang)\b/i.test(foldSameLength(original.slice(start, start + 16)))) return false;
    }
  }
  // A pronoun right after a cued name, in the same clause, is the name's last syllable
  // ("bé tên trinh thi ngoc anh sinh …": Ngọc Anh, not "anh sinh …").
  if (cue.holder === 'self' && /\b(?:ten|ho ten|ho va ten)(?: (?:la|:))? (?:\p{L}+ ){1,4}$/u.test(foldSameLength(original.slice(Math.max(0, start - 40), start)).toLowerCase())) return false;
  // "người yêu em là anh Đặng Minh Tuấn": a title before a capitalised surname, not "anh đang …".
  if (cue.holder === 'self') {
    const after = /^\p{L}+\s+(\p{L}+)/u.exec(original.slice(start))?.[1] ?? '';
    if (after && after[0]! !== after[0]!.toLocaleLowerCase('vi') && SURNAMES.has(foldSameLength(after).toLowerCase())) return false;
  }
  if (cue.nameAfter && !/^\p{L}+(?:\s+(?:trai|gái|gai))?\s+\p{Lu}/u.test(original.slice(start))) return false;
  const first = /\p{L}+/u.exec(original.slice(start))?.[0] ?? '';
  if (cue.accentedOnly) return cue.words.includes(first.toLowerCase());
  if (foldSameLength(first) === first.toLowerCase()) return true;
  return cue.words.includes(first.toLowerCase());
}

/** Placeholder holder of facts before any cue; replaced by the caller's default. */
const DEFAULT = '\u0000default';

/** Splits the text at holder cues. */
function segments(
  text: string,
  folded: string,
  defaultHolder: string,
  people: ReadonlyArray<{ holder: string; name: string }> = [],
  aliases: ReadonlyArray<{ holder: string; phrase: string }> = [],
): Array<{ holder: string; start: number; end: number; hometown: boolean; cue?: string }> {
  const marks: Array<{ holder: string; at: number; end: number }> = [];
  for (const a of aliases) {
    for (const m of folded.matchAll(new RegExp(`\\b${a.phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'g'))) {
      if (!marks.some((x) => m.index! < x.end && m.index! + m[0].length > x.at)) marks.push({ holder: a.holder, at: m.index!, end: m.index! + m[0].length });
    }
  }
  // A title and the given name of someone already named ("anh Sơn", "căn cước anh Toàn").
  for (const p of people) {
    const given = foldSameLength(p.name).trim().split(/\s+/).pop();
    if (!given || given.length < 2) continue;
    for (const m of folded.matchAll(new RegExp(`\\b(?:anh|chi|co|chu|ong|ba|em|ban|be|chau|thang|con|cua|con cua)\\s+${given}\\b`, 'gu'))) {
      marks.push({ holder: p.holder, at: m.index!, end: m.index! + m[0].length });
    }
    // The given name alone, capitalised at the start of a clause, before a detail ("Mận ở ấp …",
    // "…, Hoa cũng ở đó", "còn Linh thì chưa kết hôn").
    for (const m of folded.matchAll(new RegExp(`(?:^|[,;.:\\n]\\s*|\\b(?:con|va|voi|cua|cccd|can cuoc|cmnd|sdt|so)\\s+)(${given})\\s+(?=(?:o|sinh|sn|sanh|cccd|can cuoc|cmnd|la|thi|ten|cung|que|sdt|so|dan toc|da|chua|ket|nam \\d|hien|dang|song|thuong tru|tam tru)\\b|\\d)`, 'gu'))) {
      const at = m.index! + m[0].length - m[1]!.length - (m[0].length - m[0].trimEnd().length);
      const typed = text.slice(at, at + m[1]!.length);
      if (!/^\p{Lu}/u.test(typed) || marks.some((x) => at < x.end && at + typed.length > x.at)) continue;
      marks.push({ holder: p.holder, at, end: at + typed.length });
    }
  }
  /** Cues read as a statement about the citizen ("tôi là mẹ cháu"): no cue inside them counts. */
  const blocked: Array<{ at: number; end: number }> = [];
  // Cues are listed most specific first; a cue inside another ("tôi" in "con tôi") is ignored.
  for (const cue of CUES) {
    for (const m of folded.matchAll(cue.re)) {
      if (!acceptCue(text, m.index!, cue)) continue;
      // "Tran Thi Be, sinh …", "Lò Văn Con": a capitalised cue word right after a capitalised
      // word is the last syllable of a name, not a new person.
      if (/^\p{Lu}/u.test(text.slice(m.index!)) && !/\s/.test(m[0]) && /(?:^|[\s,:])\p{Lu}\p{L}*\s+$/u.test(text.slice(Math.max(0, m.index! - 12), m.index!))) continue;
      // "xã Ba Bể", "thôn Bà Bé": every word of the cue capitalised inside a sentence is a place or a name.
      const typedCue = text.slice(m.index!, m.index! + m[0].length);
      if (/\s/.test(typedCue.trim()) && typedCue.trim().split(/\s+/).every((w) => /^\p{Lu}/u.test(w)) && /\p{L}[\s,]*$/u.test(text.slice(0, m.index!))) continue;
      const end = m.index! + m[0].length;
      if (marks.some((x) => m.index! < x.end + 1 && end > x.at - 1)) continue;
      if (blocked.some((x) => m.index! < x.end && end > x.at)) continue;
      // "chủ hộ nơi em ở trọ là bà …", "chủ nhà chỗ em thuê là …": a self word in a clause that
      // describes the person just named; the name follows its "là".
      if (cue.holder === 'self') {
        const last = [...marks].filter((x) => x.end <= m.index!).sort((a, b) => b.end - a.end)[0];
        const between = last ? folded.slice(last.end, m.index!) : '';
        if (last && last.holder !== 'self' && /^\s*(?:noi|cho|ma|o cho|o noi)\s+$/.test(between) && /^[^,;.]{0,30}?\bla\b/.test(folded.slice(end))) continue;
      }
      // "vợ sắp cưới của em là …", "người yêu e là …": a self word right after a person is possessive.
      if (cue.holder === 'self' && marks.some((x) => x.holder !== 'self' && x.end <= m.index! && /^\s*(?:cua\s+)?$/.test(folded.slice(x.end, m.index!)))) continue;
      // "tôi là mẹ cháu", "em là Cao Thị Huyền, mẹ của bé, …": who the citizen is, not a new person.
      const statement =
        /\b(?:toi|tui|tao|tau|minh|em|e|chi|anh)\s+(?:la|lam|cung la)\s+$/.test(folded.slice(Math.max(0, m.index! - 12), m.index!)) ||
        (/[,(]\s*$/.test(folded.slice(Math.max(0, m.index! - 3), m.index!)) && /^\s*(?:cua\s+\w+\s*)?(?:[,.;)]|$)/.test(folded.slice(end)));
      if (cue.holder !== 'self' && cue.holder !== 'chuHo' && statement) {
        const tail = /^\s*(?:cua\s+)?(?:\w+)?/.exec(folded.slice(end))?.[0].length ?? 0;
        blocked.push({ at: m.index!, end: end + tail });
        continue;
      }
      // "quê quán theo bố: xã …", "dân tộc giống mẹ": whose value this one follows, not a new person.
      if (cue.holder !== 'self' && /\b(?:theo|giong|nhu|giong nhu|lay theo)\s+$/.test(folded.slice(Math.max(0, m.index! - 12), m.index!))) continue;
      // "ông nội cháu", "mẹ của bé": the child word owns the relation before it, it names no one new.
      if (cue.holder === 'child' && /\b(?:ong|ba|me|ma|bo|cha|tia|u|bam|di|co|chu|bac|cau|mo|thim|anh|chi)(?:\s+(?:noi|ngoai|ruot|ho|de))?\s+(?:cua\s+)?$/.test(folded.slice(Math.max(0, m.index! - 14), m.index!)) && !/^\s*(?:ten|la)\b/.test(folded.slice(end))) continue;
      // "anh nhà con tên …" (to an elder, "con" is the speaker): the spouse, not a child.
      if (cue.holder === 'child' && /^(?:con|chau)$/.test(m[0]) && /\b(?:anh|chi|ong|ba) nha\s+$/.test(folded.slice(Math.max(0, m.index! - 10), m.index!))) continue;
      // "dân tộc em là Tày", "cccd e là …": the pronoun owns the field word before it; the
      // citizen's segment starts at the field word (when another person was being talked about).
      const owned = /\b(?:dan toc|quoc tich|que(?: quan)?|cccd|cmnd|can cuoc|sdt|so dien thoai|dien thoai|dia chi|ngay sinh|nam sinh|gioi tinh|ho ten|ten)(?:\s+cua)?\s*$/.exec(folded.slice(Math.max(0, m.index! - 16), m.index!));
      if (cue.holder === 'self' && owned && /^\s*la\b/.test(folded.slice(end))) {
        const at = Math.max(0, m.index! - 16) + owned.index;
        if (!marks.some((x) => at < x.end && end > x.at)) marks.push({ holder: 'self', at, end });
        continue;
      }
      // "anh Tú nhà mình tên …", "bé nhà em sinh …": a self word after "nhà" (our household)
      // owns the person before it; the citizen is not the one named.
      if (cue.holder === 'self' && /\bnha\s+$/.test(folded.slice(Math.max(0, m.index! - 5), m.index!)) && /^\s*(?:ten|la|sinh|sn|sanh|cccd|can cuoc)\b/.test(folded.slice(end))) continue;
      // "chú em tên …", "anh trai tôi là …": the citizen's relative, not the citizen.
      if (cue.holder === 'self' && /\b(?:chu|bac|co|di|cau|mo|thim|anh|chi|em|ong|ba|me|bo|cha|vo|chong|con|chau|ban|anh trai|chi gai|em trai|em gai|ong noi|ba noi|ong ngoai|ba ngoai)\s+(?:cua\s+)?$/.test(folded.slice(Math.max(0, m.index! - 12), m.index!))) continue;
      marks.push({ holder: cue.holder, at: m.index!, end });
    }
  }
  marks.sort((a, b) => a.at - b.at);
  // "em lần đầu. Em người Kinh, anh dân tộc Nùng": a speaker who calls themself "em" (or "tôi",
  // "mình") in this message means the other person by "anh", "chị" (the one just spoken of as
  // "anh ấy"); "anh", "chị" stay the citizen only when no other self word is used.
  const selfWord = (m: { holder: string; at: number; end: number }) => folded.slice(m.at, m.end).trim();
  if (marks.some((m) => m.holder === 'self' && /^(?:em|e|toi|tui|minh|mk|tao|tau)$/.test(selfWord(m))) && /\b(?:anh|chi) ay\b/.test(folded)) {
    for (const m of marks) if (m.holder === 'self' && /^(?:anh|chi)$/.test(selfWord(m))) m.holder = 'other3';
  }
  // "chủ hộ là bầm con", "con trai tôi là chủ hộ", "mẹ bé là chị gái mình": two cues joined
  // by "là" name one person; the form's own role (head of household, bride, groom) wins.
  const ROLE = new Set(['chuHo', 'bride', 'groom']);
  const chained: typeof marks = [];
  for (const m of marks) {
    const prev = chained[chained.length - 1];
    if (prev && prev.holder !== 'self' && m.holder !== 'self' && /^\s*(?:cua\s+\w+\s+)?(?:la|chinh la|cung la)\s+$/.test(folded.slice(prev.end, m.at))) {
      if (ROLE.has(m.holder) && !ROLE.has(prev.holder)) prev.holder = m.holder;
      prev.end = m.end;
      continue;
    }
    chained.push({ ...m });
  }
  const out: Array<{ holder: string; start: number; end: number; hometown: boolean; cue?: string }> = [];
  let holder = defaultHolder;
  let start = 0;
  let hometown = false;
  let cue: string | undefined;
  for (const m of chained) {
    if (m.at > start) out.push({ holder, start, end: m.at, hometown, cue });
    holder = m.holder;
    start = m.at;
    cue = folded.slice(m.at, m.end);
    hometown = /\b(?:que(?: quan)?(?: goc)?|goc)(?: cua)?\s*$/.test(folded.slice(Math.max(0, m.at - 16), m.at));
  }
  out.push({ holder, start, end: text.length, hometown, cue });
  return out;
}

const ID_CUE = /(?:cccd|cmnd|can cuoc|dinh danh|so cc|cmt|chung minh)\W*(?:cua \w+ )?(?:la|so)?\W*$/;
const PHONE_CUE = /(?:sdt|so dien thoai|dien thoai|dt|phone|zalo|so may|lien he)\W*(?:cua \w+ )?(?:la|so)?\W*$/;

/** Keyed phrases that end a free-text capture (an address stops where the phone begins). */
const STOP_PHRASES =
  /(?<!\b(?:tp|p|q|tx|tt|h|x|st|kp|dc|so))\.(?!\d)|[;\n]|\bhien (?=(?:nay|toi|tui|em|e|anh|chi|minh|mk|tao|tau|chau|be)\b|\s*$)|\b(?:hom|luc|goc|gio|hien gio|bay gio|nhung|hien o|hien dang|hien tai|hien song|dang o|dang song|dang thue|song o|song tai|thue tro|dia chi|noi o|cho o|con (?:so|sdt|cccd)|nha (?:minh|toi|em|tui|o)|sinh ngay|ngay sinh|sinh nam|sdt|dt|so dt|so dien thoai|dien thoai|cccd|cmnd|so dinh danh|dinh danh|can cuoc|email|que quan|que o|que\b|dan toc|quoc tich|gioi tinh|con toi|vo toi|chong toi|me chau|bo chau|chu ho|ten (?:la|toi))\b/g;

const ADDRESS_MARKER = /\b(?:phuong|xa|dac khu|thi tran|quan|huyen|thi xa|tinh|thanh pho|tp|so nha|so \d|duong|pho|ngo|ngach|hem|kiet|thon|ap|to dan pho|to \d|khu pho|khom|ban(?= \S)|lang|xom|ha noi|hcm|sai gon|da nang|hai phong|can tho|hue)\b/;

/** A unit word right before a name ("xã Gio Linh", "huyện Lục Ngạn", "huyện Quế Sơn"). */
const UNIT_BEFORE = /\b(?:xa|phuong|huyen|quan|thi xa|thi tran|tinh|thanh pho|tp|thon|xom|ap|duong|pho)\s+$/;
/** "… cũ (giờ thuộc Hưng Yên)", "trước là phường …, giờ là phường …": an old unit and what it is now. */
const NOW_IS_AFTER_OLD = /^(?:hien gio|bay gio|gio|nay)\s+(?:la|thuoc)\s/;

/**
 * Whether a stop phrase found inside a place is a word of the place or of the old-and-now
 * statement the address normaliser reads: a stop word that is the first syllable of a place
 * name ("xã Gio Linh", "Lục Ngạn", "Quế Sơn": after a unit word, or capitalised before a
 * capitalised word), or "giờ/nay là …" after a unit said to be old or former.
 */
function stopInsidePlace(text: string, folded: string, from: number, at: number, stop: string): boolean {
  if (/^(?:gio|luc|hom|goc|que|nhung)$/.test(stop)) {
    if (UNIT_BEFORE.test(folded.slice(Math.max(from, at - 12), at))) return true;
    if (/^\p{Lu}\p{Ll}*\s+\p{Lu}/u.test(text.slice(at, at + 24)) && !/^(?:Giờ|Lúc|Hôm|Nhưng|Quê|Gốc)\s/u.test(text.slice(at))) return true;
  }
  return NOW_IS_AFTER_OLD.test(folded.slice(at)) && /\b(?:cu|truoc(?: day)? la|truoc thuoc)\b[^.;]*$/.test(folded.slice(from, at));
}

function captureUntilStop(text: string, folded: string, from: number, limit: number, place = false): { value: string; end: number } | undefined {
  STOP_PHRASES.lastIndex = from;
  let end = limit;
  for (const m of folded.slice(0, limit).matchAll(STOP_PHRASES)) {
    if (m.index! >= from) {
      if (place && stopInsidePlace(text, folded, from, m.index!, m[0])) continue;
      end = m.index!;
      break;
    }
  }
  const value = tidy(text.slice(from, end)).replace(/^[:\-–,\s]+/u, '').replace(/[\s,.;:\-–]+$/u, '');
  return value ? { value, end } : undefined;
}

/** Blanks a span in both strings (so a number is not read twice). */
function blank(s: { text: string; folded: string }, start: number, end: number): void {
  const pad = ' '.repeat(end - start);
  s.text = s.text.slice(0, start) + pad + s.text.slice(end);
  s.folded = s.folded.slice(0, start) + pad + s.folded.slice(end);
}

/**
 * Extracts every profile fact it can find, with the holder it belongs to. Values are
 * canonical: ISO dates (possibly partial), 12-digit IDs, 10-digit phones, names as typed
 * but proper-cased. Invalid numbers come back as problems so the bot can say what is wrong.
 */
export function extractFacts(input: string, opts: ExtractOptions): Extraction {
  // Central "anh nớ", "chị nớ" is "anh ấy", "chị ấy" (same length, offsets kept).
  let text = spellDatesInDigits(input).replace(/(?<=(?:^|[^\p{L}])(?:anh|chị|cô|ông|bà|Anh|Chị|Cô|Ông|Bà)\s)nớ(?!\p{L})/gu, 'ấy');
  let folded = foldSameLength(text);
  const facts: Fact[] = [];
  const problems: Problem[] = [];
  const correction = detectCorrection(folded);
  // "em vừa sinh bé hôm 10/11", "bé sinh ngày 3/11": a baby's day and month without the year
  // is the last such day (a birth is registered within weeks).
  const baby = /\b(?:(?:sinh|sanh|de)\s+(?:be|con|chau|em be|thang cu|con be)|(?:be|con|chau|em be)\s+(?:(?:nha\s+\S+|trai|gai|toi|tui|em|e|minh|mk)\s+)?(?:(?:vua|moi|da)\s+)?(?:sinh|sanh|ra doi|chao doi))(?:\s+(?:trai|gai))?\s+(?:(?:hom|ngay|vao|vao ngay|luc|hom ngay|mung|mong)\s+)?(\d{1,2})\s*(?:[\/.\-]|\s(?:thang|thg)\s)\s*(\d{1,2})(?![\d\/.\-]|\s*(?:nam|[\/.\-])\s*\d)/.exec(folded);
  if (baby) {
    const y = opts.now.getUTCFullYear();
    const at = (year: number) => parseDate(`${baby[1]}/${baby[2]}/${year}`, opts.now);
    const thisYear = at(y);
    const d = thisYear.ok && !thisYear.partial ? thisYear : at(y - 1);
    if (d.ok && !d.partial) {
      facts.push({ holder: 'child', key: 'ngaySinh', value: d.value, cued: true });
      const from = baby.index + baby[0].length - (baby[0].length - baby[0].search(/\d/));
      const pad = ' '.repeat(baby.index + baby[0].length - from);
      text = text.slice(0, from) + pad + text.slice(baby.index + baby[0].length);
      folded = folded.slice(0, from) + pad + folded.slice(baby.index + baby[0].length);
    }
  }
  // "thời gian nó ở Việt Nam là từ lúc sinh đến tháng 9/2019 tại …", "ở đó từ năm 2015 đến
  // 2020": a period of residence; its dates are no birth, its words no name, its place no
  // current address.
  for (const m of folded.matchAll(RESIDENCE_PERIOD)) {
    const pad = ' '.repeat(m[0].length);
    text = text.slice(0, m.index!) + pad + text.slice(m.index! + m[0].length);
    folded = folded.slice(0, m.index!) + pad + folded.slice(m.index! + m[0].length);
  }
  for (const seg of segments(text, folded, DEFAULT, opts.people, opts.aliases)) {
    const s = {
      text: ' '.repeat(seg.start) + text.slice(seg.start, seg.end),
      folded: ' '.repeat(seg.start) + folded.slice(seg.start, seg.end),
    };
    const before = facts.length;
    extractSegment(s, seg.holder, seg.start, seg.end, seg.hometown, opts, facts, problems);
    if (seg.cue) for (const f of facts.slice(before)) f.cue = seg.cue;
    // "thằng nhỏ", "thằng cu": a boy.
    if (seg.holder === 'child' && /^(?:thang|cu cau|ku)\b/.test(seg.cue ?? '') && /^(?:thằng|thang|cu|ku)/iu.test(text.slice(seg.start)) && !facts.slice(before).some((f) => f.key === 'gioiTinh')) {
      facts.push({ holder: 'child', key: 'gioiTinh', value: 'Nam', cue: seg.cue });
    }
  }
  // "làm khai sinh cho thằng nhỏ": the child is a boy even where no cue opens a segment.
  const boy = /(?<![\p{L}])(?:thằng|thang)\s+(?:nhỏ|nho|cu|bé|be|con)(?![\p{L}])/iu.exec(text);
  if (boy && !facts.some((f) => f.holder === 'child' && f.key === 'gioiTinh')) facts.push({ holder: 'child', key: 'gioiTinh', value: 'Nam', childSex: true, cue: foldSameLength(boy[0]) });
  const byKey = opts.defaultHolder;
  for (const f of [...facts, ...problems]) {
    if (f.holder !== DEFAULT) {
      if ('value' in f) f.cued = true;
      continue;
    }
    f.holder = typeof byKey === 'function' ? byKey(f.key) : (byKey ?? 'self');
  }
  // One value per holder and key: the last one said wins when the message corrects itself;
  // otherwise the first (a second number in the same words is someone else's, not placed).
  const corrects = /\b(?:nham|lon|sai|sua|khong phai|ko phai|k phai|chu khong|chu ko|cho khong|dung ra|phai la|moi dung|y (?:em|minh|toi|tui) la)\b|^\s*(?:a|o|u)?\s*(?:khong|ko)\s*[,.!]/.test(folded);
  const seen = new Map<string, Fact>();
  for (const f of facts) if (corrects || !seen.has(`${f.holder}.${f.key}`) || f.key === 'gioiTinh' || f.key === 'noiCuTru' || (f.key === 'ngaySinh' && seen.get(`${f.holder}.${f.key}`)!.partial && !f.partial)) seen.set(`${f.holder}.${f.key}`, f);
  return { facts: [...seen.values()], problems, correction };
}

/**
 * A period of residence said with its bounds ("thời gian cư trú: …", "từ lúc sinh đến tháng
 * 4/2022", "từ nhỏ tới năm 2022 …", "từ năm 2015 đến nay"). A period that ended ("từ năm 2010
 * đến năm 2016 tôi ở tại …") takes the rest of its sentence: that place is no current address.
 */
const RESIDENCE_PERIOD = /\bthoi gian (?:cu tru|o|song|(?:\p{L}+ ){1,2}o)\b[^.;\n]*|\btu (?:luc|khi) (?:sinh|nho|de|moi sinh)\b[^,.;\n]*|\btu (?:nho|be)\b[^,.;\n]*?\b(?:den|toi)\b[^,.;\n]*|\btu (?:nam |thang )?(?:\d{1,2}\/)?(?:19|20)\d{2} (?:den|toi|cho den) (?:(?:nay|bay gio|gio|hien nay|hien tai)\b|(?:nam |thang )?(?:\d{1,2}\/)?(?:19|20)\d{2}\b[^.;\n]*)/gu;

/** A unit word with no name after it ("thôn", "cùng xã"): no address. */
const BARE_UNIT = /^(?:(?:cung|o|tai)\s+)?(?:thon|xom|ap|xa|phuong|to|khu pho|khu|ban|lang|nha|tinh|huyen|quan)(?:\s*,|$)/;

/** A place told by where it lies from another ("thôn bên cạnh", "gần nhà em", "đối diện"). */
const RELATIVE_PLACE = /\b(?:ben canh|ke ben|gan day|gan nha|sat vach|doi dien|canh nha|gan do|gan (?:em|toi|tui|minh)|xom ben|thon ben)\b/;

/** "Việt Nam" as people type it alone: "VN", "vn", "Viet Nam", "vnam". */
const BARE_VIETNAM = /^(?:vn|v\.n|vnam|viet nam|vietnam)$/;

/**
 * An origin listed bare among a person's details ("…, 15/10/1996, Kinh, Việt Nam, CCCD …",
 * "kinh, vn", "cũng Kinh, Việt Nam"): an item that is exactly an ethnic group, next to an item
 * that is exactly a nationality, gives both; "Kinh" alone is no other word in such a list. A
 * nationality alone ("…, Hà Nội, Việt Nam") is the end of an address and is left.
 */
function bareOrigin(text: string, opts: ExtractOptions, facts: Fact[], holder: string, add: (key: PersonKey, value: string) => void): void {
  if (!opts.ethnicGroups) return;
  const has = (key: PersonKey) => facts.some((x) => x.holder === holder && x.key === key);
  if (has('danToc') && has('quocTich')) return;
  const items = text.split(/[,;\n]|\.(?!\w)/).map((x) => foldSameLength(x).toLowerCase().trim().replace(/^(?:(?:toi|tui|em|e|minh|mk|anh|chi|chau|be|no|vo|chong|bo|me|ca nha|ca hai|ca 2|hai dua)\s+(?=cung|deu|la|nguoi))?(?:(?:cung|deu|la|nguoi|ca hai|ca 2)\s+)+/, '').replace(/\s+(?:het|luon|ca|nha|nhe|a)$/, '').trim());
  const ethnic = (i: number) => {
    const it = items[i];
    return it ? opts.ethnicGroups!.find((g) => foldSameLength(g).toLowerCase() === it) : undefined;
  };
  const nation = (i: number) => {
    const it = items[i];
    if (!it) return undefined;
    if (BARE_VIETNAM.test(it)) return 'Việt Nam';
    return opts.nationalities?.find((n) => foldSameLength(n).toLowerCase() === it);
  };
  for (let i = 0; i < items.length; i++) {
    const e = ethnic(i);
    if (!e) continue;
    const n = nation(i + 1);
    if (!n && e !== 'Kinh') continue;
    if (!has('danToc')) add('danToc', e);
    if (n && !has('quocTich')) add('quocTich', n);
    return;
  }
}

function extractSegment(
  s: { text: string; folded: string },
  holder: string,
  segStart: number,
  segEnd: number,
  hometown: boolean,
  opts: ExtractOptions,
  facts: Fact[],
  problems: Problem[],
): void {
  const add = (key: PersonKey, value: string, partial?: boolean) => facts.push({ holder, key, value, partial });

  // Numbers first: an ID or phone number must never be read as a date.
  for (;;) {
    const id = parseIdNumber(s.text);
    if (!id.ok) break;
    add('soDinhDanh', id.value);
    blank(s, id.start, id.end);
  }
  for (;;) {
    const phone = parsePhone(s.text);
    if (!phone.ok) break;
    add('soDienThoai', phone.value);
    blank(s, phone.start, phone.end);
  }
  for (const m of s.text.matchAll(/\+?\d(?:[ .\-]?\d){7,}/g)) {
    const before = s.folded.slice(Math.max(0, m.index! - 25), m.index!);
    const digits = m[0].replace(/\D/g, '');
    if (ID_CUE.test(before)) {
      problems.push({ holder, key: 'soDinhDanh', reason: digits.length === 12 ? 'id_province' : 'id_length' });
    } else if (PHONE_CUE.test(before)) problems.push({ holder, key: 'soDienThoai', reason: 'phone' });
    else if (digits.length === 12) problems.push({ holder, key: 'soDinhDanh', reason: 'id_province' });
  }
  const email = parseEmail(s.text);
  if (email.ok) {
    add('email', email.value);
    blank(s, email.start, email.end);
  }

  // Dates: skip issue dates ("ngày cấp 1/2/2021").
  for (let guard = 0; guard < 3; guard++) {
    const d = yearThenDayMonth(s.text, opts.now) ?? parseDate(s.text, opts.now);
    if (!d.ok) {
      if (d.reason === 'date_future') problems.push({ holder, key: 'ngaySinh', reason: 'date_future' });
      break;
    }
    const before = s.folded.slice(Math.max(0, d.start - 16), d.start);
    // Issue dates and events ("ngày cấp 1/2/2021", "mất năm 2019", "cưới ngày …") are not births.
    const street = /(?:đường|duong|phố|pho|hẻm|ngõ)\s*$/iu.test(s.text.slice(Math.max(0, d.start - 8), d.start)) && !/dương\s*$/iu.test(s.text.slice(Math.max(0, d.start - 8), d.start));
    // "đăng ký tại UBND xã …, ngày 3/6/2015": the date of a registration said in the same clause.
    const clause = s.folded.slice(0, d.start).split(/[.;\n]/).pop() ?? '';
    const registration = /\b(?:dang ky|dang ki|dky)\b(?!.*\b(?:sinh|sn|sanh)\b)/.test(clause);
    if (!street && !registration && !/\b(?:ngay cap|cap ngay|cap nam|cap|duoc cap|het han|han den|han su dung|co gia tri(?: den)?|mat|qua doi|chet|cuoi|ly hon|ket hon|dang ky|dk|dky|dang ki|quyen so|quyen|ngay khai|khai ngay|ngay lam(?: to khai| don)?|ngay nop|nop ngay|ngay ky|ky ngay|hom nay)\s*(?:ngay|vao|la|nam|tu|ghi|:)?\s*(?:hom nay\s*(?:la\s*)?)?$/.test(before)) add('ngaySinh', d.value, d.partial);
    blank(s, d.start, d.end);
  }

  const name = findName(s.text, segStart, segEnd);
  if (name) {
    add('hoTen', name.value);
    // "Nguyễn Thị Hạnh, 1992": a bare year right after a name is the birth year.
    // ("Phùng Thị Lan đây ạ, 1975": the particles between them are chatter.)
    const year = /^\s*(?:(?:day|a|ah|nhe|nha|ne|do)\b\s*)*[,(]?\s*((?:19|20)\d{2})\s*(?=[,.;)]|$)/.exec(s.folded.slice(name.end));
    if (year && !facts.some((f) => f.holder === holder && f.key === 'ngaySinh') && Number(year[1]) <= opts.now.getUTCFullYear()) {
      // "Đặng Quốc Huy, 1991, ngày 23/8": the day and month said after the year.
      const dm = /^\s*[,;]?\s*(?:(?:ngay|mung|mong)\s*)?(\d{1,2})\s*(?:[\/.\-]|\s(?:thang|thg)\s)\s*(\d{1,2})(?![\d\/\-]|\.\d)/.exec(s.folded.slice(name.end + year.index + year[0].length));
      const full = dm ? parseDate(`${dm[1]}/${dm[2]}/${year[1]}`, opts.now) : undefined;
      if (full?.ok && !full.partial) add('ngaySinh', full.value);
      else add('ngaySinh', year[1]!, true);
    }
    blank(s, name.start, name.end);
  }

  const f = s.folded;
  const gender =
    /\b(?:gioi tinh|gt|phai)\W*(?:la\s+)?(nam|nu)\b|\b(?:be|chau|con|em be)\s+(trai|gai)\b|\bla (nam|nu)\b(?! \d)|(?:^|[,;:(]|\s{2,})\s*(nam|nu|gai|trai)\s*(?=[,;.)]|$|(?:cccd|cmnd|can cuoc|sdt|dt|so|sinh|sn|ngay|que|o)\b)/.exec(f);
  if (gender) {
    const g = gender[1] ?? gender[2] ?? gender[3] ?? gender[4];
    const at = gender.index + gender[0].lastIndexOf(g!);
    // "năm" folds to "nam": a year word is no gender.
    const value = g === 'nu' || g === 'gai' ? 'Nữ' : 'Nam';
    // "cho con trai", "bé gái": the child's sex, whoever the sentence is about.
    if (s.text.slice(at, at + 3).toLowerCase() === 'năm') {
      // "năm" folds to "nam": a year word is no gender.
    } else if (gender[2]) facts.push({ holder: holder === DEFAULT ? 'child' : holder, key: 'gioiTinh', value, childSex: true });
    else add('gioiTinh', value);
  }

  // "dân tộc Tày", "dân tộc em là Tày", "người Kinh".
  // ("dt Kinh, qt VN": the abbreviations, only before a group's or a country's name: "dt" is
  // also a phone number's label.)
  const danToc = /\bdan toc\W*(?:(?:cua\s+)?(?:toi|tui|em|minh|mk|chau|be|no|anh ay|chi ay)\s+)?(?:la\s+)?/u.exec(f) ?? /\bnguoi (?=\p{L})/u.exec(f) ?? /\bdt\W{0,2}(?=\p{L})/u.exec(f);
  if (danToc && opts.ethnicGroups) {
    const from = danToc.index + danToc[0].length;
    const words = s.text.slice(from).split(/[,.;\n]/)[0] ?? '';
    const o = matchOption(words.split(/\s+/).slice(0, 3).join(' '), opts.ethnicGroups);
    const o1 = o.ok ? o : matchOption(words.split(/\s+/).slice(0, 1).join(' '), opts.ethnicGroups);
    // After "người" only an exact group name counts ("người Kinh", not "người yêu").
    const exact = danToc[0].startsWith('nguoi') || danToc[0].startsWith('dt') ? o1.ok && foldSameLength(words.trim()).startsWith(foldSameLength(o1.value).toLowerCase()) && foldSameLength(words.trim()).split(/\s+/).length <= foldSameLength(o1.value).split(/\s+/).length + 1 : true;
    if (o1.ok && exact) add('danToc', o1.value);
  }

  const qt = /\b(?:quoc tich|qt)\W*(?:la\s+)?/.exec(f);
  if (qt) {
    const c = captureUntilStop(s.text, f, qt.index + qt[0].length, s.text.length);
    if (c) {
      // "vn", "VN", "vnam": Việt Nam as people type it.
      const word = c.value.split(/[,]/)[0]!.replace(/^\s*(?:vn|v\.n|vnam|viet nam|vietnam)\s*$/iu, 'Việt Nam');
      const o = opts.nationalities ? matchOption(word, opts.nationalities) : undefined;
      if (o?.ok || !qt[0].startsWith('qt')) add('quocTich', o?.ok ? o.value : properCase(word));
    }
  }
  bareOrigin(s.text, opts, facts, holder, add);

  // Hometown: "quê (quán|gốc) …", "gốc …", "quê bé theo bố ở …"; a segment opened right
  // after "quê" ("quê bố cháu ở …") is that person's hometown, not their residence.
  let queStart = -1;
  let queEnd = -1;
  // Every "quê" is tried in turn: one inside a question ("răng phải có quê quán hả chị?") or
  // with no place after it gives way to the next ("quê cháu lấy theo quê ba, ở Quảng Nam").
  const queAts = [...(hometown ? [{ index: segStart, length: 0 }] : []), ...[...f.matchAll(/\b(?:que(?: quan)?(?: goc)?|goc|nguyen quan)\b/g)].map((m) => ({ index: m.index!, length: m[0].length }))];
  for (const queAt of queAts) {
    const from = queAt.index + queAt.length;
    const lead = /^\W*(?:(?:noi|ngoai)\s+)?(?:(?:cua\s+)?(be|chau|con|em be)\s+)?(?:theo\s+(?:bo|cha|ba|me|ma)(?:\s+(?:chau|be|no))?\s+)?(?:(?:bo|cha|ba|me|ma)(?:\s+(?:chau|be|no))?\s*,\s*)?(?:[\p{L}]+\s+){0,3}?(?:o|la|tai|tu|thuoc|ghi)?\s+/u.exec(f.slice(from));
    // "quê quán theo bố: xã …", "quê theo ba là …": whose hometown it follows, then the place.
    const follows = /^\W*(?:(?:noi|ngoai)\s+)?(?:(?:cua\s+)?(?:be|chau|con|em be)\s+)?theo\s+(?:bo|cha|ba|me|ma)(?:\s+(?:chau|be|no))?\s*(?::|,|-|\bla\b|\bo\b)\s*(?:(?:o|la|tai)\s+)?/.exec(f.slice(from));
    const skip = follows ? follows[0].length : lead && /\b(?:o|la|tai|tu|thuoc|ghi)\s+$/.test(lead[0]) ? lead[0].length : (/^\W*(?:(?:o|la|tai|tu)\s+)?/.exec(f.slice(from))?.[0].length ?? 0);
    const c = captureUntilStop(s.text, f, from + skip, s.text.length, true);
    if (!c) continue;
    // "quê em Thanh Hóa": the pronoun owns the hometown, it is not part of it.
    const v = cleanPlace(trimAddress(c.value)).replace(/^(?:của\s+|cua\s+)?(?:tôi|toi|tui|em|e|mình|minh|mk|tao|tau)\s+(?:là\s+|la\s+|ở\s+|o\s+)?/iu, '');
    const asked = /\?/.test(s.text.slice(from, c.end + 1)) || /^(?:gi|j|khong|ko|nao|dau|sao|the nao|lay theo)\b|\b(?:lay theo|theo)\b/.test(foldSameLength(v).toLowerCase());
    if (!v || (asked && queAt !== queAts[queAts.length - 1])) continue;
    if (asked) break;
    facts.push({ holder: lead?.[1] ? 'child' : holder, key: 'queQuan', value: v });
    queStart = queAt.index;
    queEnd = c.end;
    break;
  }

  // "sinh hôm 14/11 tại …", "sinh lúc 3 giờ sáng ở …": the date (blanked) and a time word may stand
  // between; a health facility right after the birth ("sinh 17/11/2026 bv Sản Nhi …") needs no "ở".
  const birthPlace =
    /\b(?:noi sinh|(?:sinh|sanh|de|chao doi|ra doi)(?:\s+(?:ngay|hom|vao|vao ngay|luc|hom qua|toi qua|sang nay))?(?:\s+(?:luc\s+)?\d{1,2}\s*(?:gio|h)(?:\s*\d{1,2})?(?:\s+(?:sang|trua|chieu|toi|dem|khuya))?)?\s+(?:(?:tai|o)\b|(?=(?:benh vien|bv|tram y te|tyt|trung tam y te|ttyt|phong kham|nha ho sinh)\b)))\W*(?:la\s+)?/.exec(f);
  if (birthPlace) {
    const c = captureUntilStop(s.text, f, birthPlace.index + birthPlace[0].length, s.text.length);
    if (c) add('noiSinh', cleanPlace(trimAddress(c.value)));
  }

  const addr =
    /\b(?:dia chi|d\/c|dc(?=\s*:)|noi cu tru|noi o|cu tru|thuong tru|tam tru|song o|song tai|nha o|o tai|tru tai|dang o|hien o|thue tro o|tro o|o tro|o thue|thue nha o|o nho|o)\b(?:(?<=dia chi|noi o|noi cu tru|cho o|thuong tru|tam tru)\s+(?:cua\s+)?(?:toi|tui|tao|tau|em|e|minh|mk|mik)\b)?(?:(?<=dia chi|noi o|noi cu tru|cho o)\s+(?:moi|hien tai|hien nay|bay gio|thuong tru|tam tru)\b)?\W*(?:(?:tai|la|o)\s+)?/g;
  for (const m of f.matchAll(addr)) {
    if (birthPlace && m.index! < birthPlace.index + birthPlace[0].length && m.index! >= birthPlace.index) continue;
    if (m.index! >= queStart && m.index! < queEnd) continue;
    const before = f.slice(Math.max(0, m.index! - 5), m.index!);
    if (/sinh\s*$|sanh\s*$|que\s*$/.test(before)) continue;
    // ("ba má nó đi làm ở Sài Gòn", "học ở Huế": where one works or studies is no home.)
    if (/\b(?:lam|lam viec|hoc|lam an)\s*$/.test(f.slice(Math.max(0, m.index! - 9), m.index!)) && m[0].trim() === 'o') continue;
    // "khai sinh em đăng ký ở UBND phường …": where a civil-status event was registered, not where anyone lives.
    // ("đăng ký thường trú: …", "đăng ký tạm trú ở …" is where the citizen lives.)
    if (/\b(?:dang ky|dang ki|dk|dky)\s*$/.test(f.slice(Math.max(0, m.index! - 9), m.index!)) && !/^(?:thuong tru|tam tru)/.test(m[0])) continue;
    const c = captureUntilStop(s.text, f, m.index! + m[0].length, s.text.length, true);
    // ("đăng ký ở phường thì mần răng?": a question about where to go is no address.)
    // ("ở ngay thôn bên cạnh", "ở gần nhà em": a place told by where it lies is no address.)
    // ("ở cùng khu phố vs em": the same place as someone else's, read below, not an address.)
    // ("ở ghép vs bạn", "ở với mẹ": who one lives with is no address; "ở với ông bà tại xóm 6" has one.)
    // ("… đăng ký lại năm 2005 ở UBND phường …": an office is where papers are filed, nobody's home.)
    if (c && ADDRESS_MARKER.test(foldSameLength(c.value)) && !/^\s*(?:ubnd|uy ban|cong an|toa an|so tu phap|phong tu phap)\b/.test(foldSameLength(c.value).toLowerCase()) && !c.value.includes('?') && !RELATIVE_PLACE.test(foldSameLength(c.value).toLowerCase()) && !/^(?:cung|chung)\s+(?:\p{L}+\s+){0,2}(?:voi|vs|nhu)\s|^(?:ghep\s+)?(?:voi|vs)\s(?![^,]*\b(?:tai|o)\s)/u.test(foldSameLength(c.value).toLowerCase())) {
      // "(đang ở) trọ số 8 …", "(ở) thuê nhà số 3 …": the way of living there is no part of the address.
const home = cleanPlace(trimAddress(cleanPlace(dropLeadChatter(c.value.replace(/^(?:trọ|tro|thuê|thue|nhờ|nho)(?:\s+(?:nhà|nha|trọ|tro))?\s+(?:(?:ở|o|tại|tai)\s+)?(?=(?:số|so)\s|\d|(?:thôn|thon|xóm|xom|ấp|ap|tổ|to|ngõ|ngo|hẻm|hem|kiệt|kiet|phường|phuong|xã|xa)\s)/iu, '')))));
      // ("ở cùng thôn", "cùng xã": a unit word alone names no place.)
      if (!BARE_UNIT.test(foldSameLength(home).toLowerCase().trim())) add('noiCuTru', home);
      break;
    }
  }

  // "địa chỉ như trên", "ở cùng địa chỉ với em", "cùng nhà": another person's address; "ở chung
  // nhà (với) em", "chung hộ khẩu", "ở chung với em" say the same with "chung". The person may
  // follow the noun without "với" ("ở chung nhà tui", "cùng địa chỉ e").
  if (!facts.some((x) => x.holder === holder && x.key === 'noiCuTru')) {
    const same = /\b(?:(?:dia chi|noi o|noi cu tru|cho o|o|thuong tru)\s+)?(?:(?:cung|giong|chung)(?: nhu)?\s+(?:dia chi|nha|cho|noi o|noi cu tru|noi thuong tru|ho khau)|nhu tren|o cung(?!\s+(?:xa|phuong|thon|xom|ap|to|huyen|tinh))|o chung(?=\s+(?:voi|vs)\b|\s*$)|(?:dia chi|noi o)\s+(?:cung|giong)|cung (?:o|song)(?: \w+)?)\b(?:\s+(?:\w+\s+){0,2}?(?:voi|vs|nhu)\s+(\w+(?:\s+\w+)?)|\s+(toi|tui|tao|tau|em|e|minh|mk|me|ma|bo|ba|cha)\b)?/.exec(f);
    if (same) facts.push({ holder, key: 'noiCuTru', value: '', sameAs: sameAsHolder(same[1] ?? same[2]) });
  }
  // "dân tộc giống mẹ", "quốc tịch như bố".
  for (const [re, key] of [[/\bdan toc\s+(?:giong|nhu|theo)\s+(\w+(?:\s+\w+)?)/, 'danToc'], [/\bquoc tich\s+(?:giong|nhu|theo)\s+(\w+(?:\s+\w+)?)/, 'quocTich']] as const) {
    const m = re.exec(f);
    if (m && !facts.some((x) => x.holder === holder && x.key === key)) facts.push({ holder, key, value: '', sameAs: sameAsHolder(m[1]) });
  }
}

/**
 * "sinh năm 1960, ngày 3/4", "sn 1996 ngày 14/10": the year said first and the day and month
 * after it, read as one date (the shared date reader takes the year alone there).
 */
function yearThenDayMonth(text: string, now: Date): ReturnType<typeof parseDate> | undefined {
  const d = parseDate(text, now);
  if (!d.ok || !d.partial || !/^\d{4}$/.test(d.value)) return undefined;
  const after = /^\s*[,;]?\s*(?:(?:vào\s+|vao\s+)?(?:ngày|ngay|mùng|mung|mồng|mong)\s*)?(\d{1,2})\s*(?:[\/.\-]|\s(?:tháng|thang|thg|th)\s)\s*(\d{1,2})(?![\d\/\-]|\.\d)/iu.exec(text.slice(d.end));
  if (!after) return undefined;
  const full = parseDate(`${after[1]}/${after[2]}/${d.value}`, now);
  if (!full.ok || full.partial) return undefined;
  return { ok: true, value: full.value, start: d.start, end: d.end + after[0].length, partial: false };
}

/** Who "như/giống/với X" points to: a relation word, the citizen, or the value given last. */
function sameAsHolder(words: string | undefined): string {
  const w = ` ${words ?? ''} `;
  if (/ (?:me|ma|u|bam) /.test(w)) return 'mother';
  if (/ (?:bo|cha|ba|tia) /.test(w)) return 'father';
  if (/ (?:vo|chong|anh ay|co ay|chi ay) /.test(w)) return 'other3';
  if (/ (?:toi|tui|em|e|minh|mk|tao|tau|chi|anh) /.test(w)) return 'self';
  return 'previous';
}

/**
 * An address ends where the sentence moves on: ", tôi kết hôn lần đầu", ", còn anh Sơn ở …",
 * ", lấy 2 bản nha". Each comma-separated part after the first must read as a part of an
 * address (a unit word, a number, or a place name), not a new clause.
 */
const CLAUSE_START = new Set('tên còn nhưng và tôi tui tao tau em mình chị lấy xin cần nhé nha ạ sđt căn sinh kết chưa đã đang hiện giờ rồi để vì gần cạnh sát đối'.split(' '));
const CLAUSE_START_FOLDED = new Set('ten con nhung toi tui tao tau em minh mk lay xin nhe sdt dt cccd cmnd sinh ket chua hien roi gan'.split(' '));
/** The province-level part ends an address: what follows is a landmark or chatter ("…, tỉnh Phú Thọ, gần chợ"). */
const PROVINCE_PART = /^\s*(?:tinh|thanh pho|tp\.?)\s+\S/;

export function trimAddress(address: string): string {
  const parts = address.split(',');
  const kept = [parts[0]!];
  let city = false;
  for (const part of parts.slice(1)) {
    const first = (/\p{L}+/u.exec(part)?.[0] ?? '').toLocaleLowerCase('vi');
    // "…, thành phố Hòa Bình, tỉnh Hòa Bình", "…, thành phố Thuận An, Bình Dương": a city under a
    // province; its province stays, then the address ends.
    if (city) {
      if (/^\s*tinh\s+\S/.test(foldSameLength(part).toLowerCase()) || (/^\s*\p{Lu}\p{L}*(?:\s+\p{Lu}\p{L}*){0,2}\s*$/u.test(part) && !/^\s*viet nam\s*$/.test(foldSameLength(part).toLowerCase()))) kept.push(part);
      break;
    }
    // "trước là phường …, giờ là phường …": what the old unit is now stays for the normaliser.
    if (NOW_IS_AFTER_OLD.test(foldSameLength(part.trim()).toLowerCase()) && /\b(?:cu|truoc(?: day)? la|truoc thuoc)\b/.test(foldSameLength(kept.join(',')).toLowerCase())) {
      kept.push(part);
      continue;
    }
    // Folded words that are also place names ("Đà Nẵng", "Cần Thơ", "Anh Sơn") stop only as typed with their tones.
    // "…, Cần Thơ", "…, Côn Đảo": a place that starts like a clause word stays.
    if ((CLAUSE_START.has(first) || CLAUSE_START_FOLDED.has(foldSameLength(first))) && !startsLikeClauseButPlace(part)) break;
    kept.push(part);
    if (PROVINCE_PART.test(foldSameLength(part))) {
      if (/^\s*(?:thanh pho|tp\.?)\s/.test(foldSameLength(part).toLowerCase()) && !/\b(?:ha noi|ho chi minh|hcm|hai phong|da nang|can tho|hue)\b/.test(foldSameLength(part).toLowerCase())) city = true;
      else break;
    }
  }
  return kept.join(',').replace(/[\s,.;:\-–]+$/u, '');
}

/**
 * Drops words before the address itself: "(ở) với bố mẹ tại thôn 4, …", "(ở) thuê tại 22 Lý
 * Thường Kiệt", "thôn mình ở thôn Nà Pài": a lead with no number and no address unit of its
 * own (a unit word followed by a pronoun is none) ends at "ở"/"tại".
 */
export function dropLeadChatter(value: string): string {
  const f = foldSameLength(value).toLowerCase();
  const m = /^(.{1,30}?)\s(?:o|tai)\s+(?=\S)/.exec(f);
  if (!m) return value;
  const lead = m[1]!.replace(/\b(?:thon|xom|ap|ban|to|khu|nha|pho|duong)\s+(?:minh|toi|tui|em|e|mk|chi|anh|tao|tau)\b/g, ' ');
  if (/\d/.test(lead) || ADDRESS_MARKER.test(lead)) return value;
  return value.slice(m[0].length);
}

/** Drops chatter around a place: "Hà Tĩnh luôn" → "Hà Tĩnh", "nhé", "ạ", "đó". */
export function cleanPlace(value: string): string {
  let v = tidy(value);
  for (let i = 0; i < 4; i++) {
    const f = foldSameLength(v);
    const m = /(?:\s+|^)(?:luon|nha|nhe|a|ah|do|day|roi|nghe|ne|ha|vay|thoi|luon a|a nha|em nhe|nhe em|a|nhen|nghen|(?:a|nha|nhe|nghe|do|nhen) (?:chi|anh|em|ad|co|chu|bac|o)|do ad|ad)\s*$/.exec(f);
    if (!m || m.index === 0) break;
    // "Bắc Hà", "Tân Đô": a folded particle that is a place word as typed stays.
    const word = v.slice(m.index).trim().toLocaleLowerCase('vi');
    if (/^(?:ha|do|day)$/.test(foldSameLength(word)) && !/^(?:hả|đó|đây)$/u.test(word)) break;
    v = v.slice(0, m.index).replace(/[\s,.;:\-–]+$/u, '');
  }
  // "(ở) chung ấp Phú Hòa", "ghi Thừa Thiên Huế": a word of the sentence before the place.
  const lead = /^(?:chung|cung|ghi|ghi la|la)\s+(?=(?:ap|thon|xom|so|nha|khu|to|phuong|xa|duong|pho|ngo|hem|kiet|ban|tinh|thanh pho|tp)\b)/.exec(foldSameLength(v).toLowerCase()) ?? /^(?:ghi|ghi la)\s+(?=\p{Lu})/u.exec(v.replace(/^(?:Ghi|ghi)/u, 'ghi'));
  if (lead && lead[0].length < v.length) v = v.slice(lead[0].length);
  return v;
}

/** "à nhầm, số cuối là 8", "sai rồi, 2 số cuối là 78". */
export function detectCorrection(folded: string): Correction | undefined {
  const m = /\b(?:(\d|hai|ba|bon) )?(?:so|chu so) cuoi(?: cung)?\W*(?:la|thanh|phai la|sua thanh)?\W*(\d+)\b/.exec(folded);
  if (!m) return undefined;
  return { kind: 'lastDigits', digits: m[2]! };
}
