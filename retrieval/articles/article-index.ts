import type { Article } from '../../knowledge/statutes/index.js';
import { AMBIGUOUS_FOLDED_SIGNALS, LAW_BY_DOCUMENT, LAWS } from '../../knowledge/statutes/index.js';
import type { Vocabulary } from '../../knowledge/vocab/index.js';
import type { FieldSpec, LexicalDocument, LexicalIndexData } from '../lexical-index.js';
import { QueryAnalyzer, type AnalyzedQuery, type WeightedTerm } from '../query.js';
import { foldDiacritics, tokenizeVi } from '../text.js';
import { buildLexicalData } from './build.js';
import { ArticlePostings } from './postings.js';

/**
 * Search over statute articles with the procedure retriever's Vietnamese machinery:
 * the same normal form, accented + folded syllables and bigrams, abbreviation and
 * teencode expansion, colloquial → official phrases (the catalogue's vocabulary plus the
 * law-specific one in `knowledge/statutes/colloquial.tsv`) and our BM25F.
 *
 *   question ─► QueryAnalyzer ─► weighted terms ─► BM25F over articles ─► + title coverage ─► hits
 *                                                        (title 3, text 1, law 0.4)        │
 *                                   best khoản of each hit by idf-weighted term overlap ◄──┘
 *
 * Confidence is `high` when the top hit explains enough of the question's content words
 * (idf-weighted) and scores clearly; otherwise `low`, and the caller offers a lawyer
 * instead of guessing. Built beside the procedure index under DATA_DIR (`open.ts`).
 */

export const ARTICLE_FIELDS: readonly FieldSpec[] = [
  { name: 'title', weight: 3, b: 0.3 },
  { name: 'text', weight: 1, b: 0.75 },
  { name: 'law', weight: 0.4, b: 0 },
  // The chapter/section heading ("THỪA KẾ THEO PHÁP LUẬT", "LY HÔN"): shared by the articles under it.
  { name: 'chapter', weight: 0.6, b: 0 },
];

/**
 * The citizens' questions of an article (`knowledge/statutes/questions/`) are a separate small
 * index, not a field of the articles': their words would change every article term's idf, and
 * with it the coverage and title evidence the confidence rules were set on. A question that
 * matches them well gives their article a prior (`askedPrior`) and brings it into the candidates.
 */
const ASKED_FIELDS: readonly FieldSpec[] = [{ name: 'asked', weight: 1, b: 0.3 }];
/** How many articles the questions index adds to the candidates. */
const ASKED_CANDIDATES = 10;

/** A chapter heading without its numbering ("Chương XXIII THỪA KẾ THEO PHÁP LUẬT" → "THỪA KẾ THEO PHÁP LUẬT"). */
export function chapterWords(chapter: string | undefined): string[] {
  if (!chapter) return [];
  return chapter
    .split(/\b(?:Chương|Mục|Tiểu mục)\s+[0-9IVXLC]+\b/u)
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

export interface ArticleRanking {
  /** Weight of the share of the question's (idf-weighted) content the title explains. */
  titleCoverage: number;
  /** Idf-weighted content coverage of the top article for `high` confidence (half of it with a clear score). */
  minCoverage: number;
  /** Score of the top hit that, with half the coverage, still means `high` confidence. */
  minScore: number;
  /**
   * A middle band: coverage of at least `midCoverage` with evidence of at least `midScore` is
   * `high` too when the question speaks of the law: a colloquial phrase of the statute vocabulary
   * or a law's signal words ("16 tuổi" → người chưa thành niên). "hôm nay trời mưa không" scores
   * as much on "thoát nước mưa" but names nothing of the law.
   */
  midCoverage: number;
  midScore: number;
  /**
   * A clear winner in a story: a citizen's account dilutes coverage ("chó nhà hàng xóm cắn con
   * tui phải đi tiêm phòng dại, tốn mấy triệu …" explains little of any article), yet one article
   * stands out. Evidence of at least `clearScore`, ahead of the second hit's score by
   * `clearMargin`, with coverage of at least `clearCoverage`, is `high` when the question speaks
   * of the law (as the middle band).
   */
  clearScore: number;
  clearMargin: number;
  clearCoverage: number;
  /** Weight of the share of the title's syllables the question explains. */
  titleExplained: number;
  /** Penalty for the civil procedure code unless the question is about courts or suing. */
  procedurePenalty: number;
  /** Prior for the articles of a law whose signal words the question uses (`LawInfo.signals`). */
  lawSignal: number;
  /**
   * Weight of the law-level prior from the retrieval itself: each law's share of the
   * (squared, normalised) BM25 mass of the candidates. A question whose words mostly point
   * into one code ranks that code's articles first before the article-level evidence.
   */
  lawShare: number;
  /**
   * Prior for a crime's own article (the criminal code's "Tội …" titles) when the question asks
   * which crime an act is ("phạm tội gì", "có phạm tội không", "bị tội gì"), over the civil
   * articles its everyday words also name ("mượn xe … cầm đồ").
   */
  crimeTitle: number;
  /**
   * More for the crimes' articles when the question asks prison itself ("có bị đi tù không", "bị
   * xử lý hình sự không"): only a crime's article answers that, however strongly the act's
   * everyday words name a family or civil rule ("đánh vợ", "không cấp dưỡng").
   */
  prisonTitle: number;
  /**
   * Penalty for the criminal code when the question asks compensation ("đòi bồi thường những
   * khoản nào", "ai phải đền") and not a crime or prison: the civil code says what a harm is worth
   * and who pays, even when the harm's words ("gây thương tích") name a crime.
   */
  civilRemedy: number;
  /**
   * Penalty for an article whose title opens with a derived act (`DERIVED_HEADS`: "Xóa đăng ký
   * thường trú", "Thay đổi người trực tiếp nuôi con", "Thẩm quyền …", "Hồ sơ …") when the
   * question does not ask that act: the base article ("Điều kiện đăng ký thường trú", "Việc
   * trông nom … con sau khi ly hôn") shares its words and answers the plain question.
   */
  derivedHead: number;
  /**
   * Prior for the criminal code's article on the age of criminal responsibility (Điều 12) when
   * the question names a minor who acts, by age, and asks criminal liability ("thằng bé 12 tuổi
   * trộm xe có bị đi tù không"): for a minor, whether the law holds them liable at all comes first.
   */
  minorOffender: number;
  /**
   * Prior for an article whose title names the facet the question asks (`ASKED_FACETS`: a time
   * limit, an amount, who, which rights, the conditions, what a word means): among the articles
   * of one chapter the question's topic words tie, and the facet tells the one that answers
   * ("… khiếu nại … trong bao lâu" → "Thời hạn giải quyết khiếu nại", not "Hình thức khiếu nại").
   */
  askedFacet: number;
  /**
   * Prior for an article among the best matches of the citizens' questions, times the
   * idf-weighted share of the question's content words its questions hold (an absolute measure:
   * a question no article's questions explain gives no prior); `askedEvidence` of it also counts
   * as evidence for confidence.
   */
  askedPrior: number;
  askedEvidence: number;
  /**
   * Prior for a definitions article ("Giải thích từ ngữ") that defines the very term a
   * definition question asks ("khiếu nại là gì", "khiếu nại với tố cáo khác nhau chỗ nào",
   * "thế nào là bạo lực gia đình"): the law's own definition, over the articles that only use it.
   */
  definedTerm: number;
  /**
   * Penalty for an article whose title or chapter narrows the rule to a special subject
   * (`SPECIAL_SUBJECTS`: a foreign element, civil servants' discipline, commercial legal
   * entities, the armed forces, surrogacy) when the question does not name that subject: the
   * exception shares the general rule's words ("Thời hiệu khiếu nại" in the chapter on civil
   * servants' discipline) and a citizen who does not name it asks the general rule.
   */
  specialSubject: number;
  /**
   * Extra weight (× 1 + focus) of the terms of the message's asking clause, when the caller gives
   * it (`search(…, { focus })`): in a question told with its background ("tôi nhận quyết định
   * thu hồi đất 4 tháng trước …, giờ mới khiếu nại có còn kịp không?") the story's words name
   * the setting and the asking clause names what is asked.
   */
  focus: number;
  /**
   * A band for a message already read as a question of law (the caller knows; `asQuestion` in
   * the result): coverage of at least `questionCoverage` with evidence of at least
   * `questionScore`, when the question speaks of the law. A question of law told with its story
   * ("trước lúc mất ông cụ chỉ dặn lại bằng miệng …, lời dặn đó có được pháp luật công nhận
   * không?") explains a fifth of its article, yet the article stands on its evidence.
   */
  questionCoverage: number;
  questionScore: number;
  /**
   * A title that has or lacks what the question lacks ("… không có giấy tờ gì, có được cấp sổ đỏ
   * không"): + for a title that lacks it too ("… sử dụng đất không có giấy tờ về quyền sử dụng
   * đất"), − for one that has it ("… đang sử dụng đất có giấy tờ …"). Sibling articles of one
   * chapter often differ only so, and the bag of words cannot tell "có" from "không có".
   */
  polarity: number;
}

export const DEFAULT_ARTICLE_RANKING: ArticleRanking = { titleCoverage: 0.8, minCoverage: 0.45, minScore: 1.5, midCoverage: 0.3, midScore: 1.35, clearScore: 1.8, clearMargin: 0.45, clearCoverage: 0.12, procedurePenalty: 0.25, titleExplained: 0.4, lawSignal: 0.3, lawShare: 0.3, crimeTitle: 0.3, prisonTitle: 0.3, civilRemedy: 0.3, derivedHead: 0.2, minorOffender: 1.0, askedFacet: 0.2, askedPrior: 0.15, askedEvidence: 0.3, definedTerm: 1.2, specialSubject: 0.4, focus: 0.3, questionCoverage: 0.18, questionScore: 1.4, polarity: 0.15 };

const CRIMINAL_CODE = '100/2015/QH13';
/**
 * How many of the articles naming an asked facet join the candidates (best by BM25 among
 * themselves). Three left out "Thời hạn giải quyết khiếu nại lần đầu" behind two other laws'
 * time limits for "khiếu nại … giải quyết trong bao lâu"; 3, 5, 8, 12 measured, 8 kept (12 lost
 * a first place to a second-round time limit).
 */
const FACET_CANDIDATES = 8;

/** "không có / chưa có" + the two words after it, folded: what a text says is lacking. */
const LACKS = /\b(?:khong|chua|ko|k|hong|hok) co ([a-z]+ [a-z]+)/g;
/** "có" + the two words after it, folded, unless "không / chưa" comes first: what a title says is had. */
const HAS = /(?:^|[^a-z])(khong |chua )?co ([a-z]+ [a-z]+)/g;

/** What a folded title says is had (+1) or lacking (−1), by the two words after "có". */
export function titlePolarity(foldedTitle: string): Map<string, number> {
  const out = new Map<string, number>();
  const re = new RegExp(HAS.source, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(foldedTitle)) !== null) {
    out.set(m[2]!, m[1] ? -1 : 1);
    re.lastIndex = m.index + m[0].length - m[2]!.length;
  }
  return out;
}

/**
 * Kin words Vietnamese speakers use as pronouns (accented, and folded): an elder calls themself
 * "bác", "cô", "chú", "ông", "bà" and the listener "cháu", or the other way round. Used so they
 * name no relative: "Bác hỏi tí … con bác … hả cháu?" is about the speaker's daughter, not the
 * duties between an uncle and a nephew (Điều 106 Luật Hôn nhân và gia đình). "con", "anh", "chị",
 * "em" are left alone: the first is the family law's own subject, the others are stop words.
 */
const ADDRESS_KIN: ReadonlyMap<string, string> = new Map([
  ['bac', 'bác'], ['chau', 'cháu'], ['co', 'cô'], ['chu', 'chú'], ['di', 'dì'], ['cau', 'cậu'],
  ['ong', 'ông'], ['ba', 'bà'], ['mo', 'mợ'], ['thim', 'thím'],
]);
/** The speaker naming themself as they ask ("Bác hỏi tí", "cho cháu hỏi", "cô muốn hỏi"), folded. */
const SELF_ADDRESS = /(?:^|[.!?,;:]\s*|\bcho\s+)(bac|chau|co|chu|di|cau|ong|ba|mo|thim)\s+(?:xin\s+|muon\s+|can\s+|dang\s+)?hoi\b/g;
/** The listener called at a clause's end ("… hả cháu?", "… ạ bác", "… nhé cô") or at the start ("Cháu ơi"), folded. */
const OTHER_ADDRESS = /\b(?:ha|a|nhe|nha|oi|vay|nhi|nghe|voi|khong|hong|ko|chua)\s+(bac|chau|co|chu|di|cau|ong|ba|mo|thim)\s*(?=[?.!,;:]|$)|(?:^|[.!?]\s*)(bac|chau|co|chu|di|cau|ong|ba|mo|thim)\s+oi\b/g;
/** Kin words whose folded form is no common word: the only ones read as pronouns in a message typed without diacritics. */
const UNACCENTED_KIN: ReadonlySet<string> = new Set(['bac', 'chau', 'ong', 'thim']);
/** Words after a kin word that make it a relative after all ("cháu nội", "bác ruột", "cô ấy"). */
const KIN_QUALIFIER = /^(?:ruot|noi|ngoai|ho|dau|re|ghe|ay|ta|kia|do|nay|minh|toi|tui|em|cua)$/;

/**
 * The question without the kin words it uses as pronouns (`ADDRESS_KIN`): a word is dropped
 * wherever it stands once the message has used it for the speaker or the listener, unless a
 * qualifier follows ("cháu nội"). Accented input drops only the accented spelling ("bác", not
 * "bạc"). Returns the text unchanged when no such use is found.
 */
export function withoutAddressWords(text: string): string {
  const lower = text.normalize('NFC').toLowerCase();
  const folded = foldDiacritics(lower);
  const accented = folded !== lower;
  const roles = new Set<string>();
  // Folding keeps positions (NFC, one code unit per letter): typed with diacritics, the word found
  // must be the kin word's own spelling ("có" is no "cô"); typed without, only the kin words whose
  // folded form is no common word ("di" is "đi", "co" is "có", "ba" is three or a father).
  const add = (key: string, at: number) => {
    if (accented ? lower.slice(at, at + key.length) === ADDRESS_KIN.get(key) : UNACCENTED_KIN.has(key)) roles.add(key);
  };
  for (const m of folded.matchAll(SELF_ADDRESS)) add(m[1]!, m.index! + m[0].lastIndexOf(m[1]!, m[0].search(/\s+(?:xin\s+|muon\s+|can\s+|dang\s+)?hoi\b/)));
  for (const m of folded.matchAll(OTHER_ADDRESS)) {
    const key = (m[1] ?? m[2])!;
    add(key, m.index! + (m[1] ? m[0].lastIndexOf(key) : m[0].indexOf(key)));
  }
  if (roles.size === 0) return text;
  const words = text.split(/(\s+)/u);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const bare = w.normalize('NFC').toLowerCase().replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
    const key = foldDiacritics(bare);
    const spelled = ADDRESS_KIN.get(key);
    const next = foldDiacritics((words[i + 2] ?? '').toLowerCase().replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ''));
    if (spelled && roles.has(key) && (!accented || bare === spelled) && !KIN_QUALIFIER.test(next)) {
      // A stop word where it stood, so its neighbours make no phrase ("con bác nuôi" is not "con nuôi").
      out.push(w.replace(/\p{L}+/u, accented ? 'thì' : 'thi'));
      continue;
    }
    out.push(w);
  }
  return out.join('');
}

/**
 * A minor who acts, by age, in a folded question: "12 tuổi …" opening it, or after a child's
 * word ("con tôi 13 tuổi", "thằng bé 12 tuổi", "cháu 15t"); not "bạn gái 15 tuổi" (a victim).
 */
const MINOR_AGE = /(?:^|\b(?:con|chau|thang|be|dua|tre|nhoc|hoc sinh|thieu nien)(?: [a-z]+)?) (?:[6-9]|1[0-7]) (?:tuoi|t)\b|^(?:[6-9]|1[0-7]) (?:tuoi|t)\b/;
/** Asking criminal liability (folded): prison, prosecution, criminal responsibility, a crime. */
const CRIMINAL_LIABILITY = /\b(di tu|bi tu|ngoi tu|phat tu|truy cuu|trach nhiem hinh su|xu ly hinh su|pham toi|bi toi|co toi|toi gi)\b/;

/**
 * Title openings that name an act derived from a right or a status (removing, cancelling,
 * changing, who decides, the file, accepting a request), each with the folded words by which a
 * question asks that act. Matched on the title as written; `asked` on the folded question.
 */
export const DERIVED_HEADS: readonly { title: RegExp; asked: RegExp }[] = [
  { title: /^(?:Xóa|Xoá)\s/u, asked: /\b(xoa|cat khau|cat ho khau|bi cat)\b/ },
  { title: /^(?:Hủy bỏ|Huỷ bỏ|Hủy|Huỷ)\s/u, asked: /\b(huy|huy bo|bi huy|vo hieu)\b/ },
  { title: /^Thay đổi\s/u, asked: /\b(thay doi|doi|gianh lai|gianh|chuyen|gianh quyen)\b/ },
  { title: /^Thẩm quyền\s/u, asked: /\b(tham quyen|o dau|co quan nao|cap nao|toa nao|ai giai quyet|noi nao|gui (don )?(cho )?ai|nop (don )?(cho )?ai|chinh quyen nao)\b/ },
  { title: /^Hồ sơ\s/u, asked: /\b(ho so|giay to|can nhung gi|mang gi|nop gi)\b/ },
  { title: /^(?:Thụ lý|Tiếp nhận)\s/u, asked: /\b(thu ly|tiep nhan|nhan don|khong nhan|tu choi)\b/ },
];

/**
 * What a question asks, by its shape (folded), and the titles that name that facet. Each is how
 * citizens ask the facet in any area of law ("bao lâu", "còn kịp không", "mức bao nhiêu", "ai
 * được", "những quyền gì", "là gì / khác nhau chỗ nào"), matched against title wording the codes
 * share (Thời hạn / Thời hiệu …, Mức …, Người …, Quyền …, Điều kiện …, Giải thích từ ngữ).
 */
export const ASKED_FACETS: readonly { name: string; asked: RegExp; title: RegExp; text?: RegExp }[] = [
  {
    name: 'time',
    asked: /\b(bao lau|bao nhieu (ngay|thang|nam)|may (ngay|thang|nam)|thoi han|thoi hieu|con kip|con thoi han|qua han|het han|trong vong bao|trong thoi han nao)\b/,
    title: /^(?:Thời hạn|Thời hiệu)\s/u,
  },
  { name: 'amount', asked: /\b(muc (bao nhieu|nao|the nao)|bao nhieu tien|toi thieu bao nhieu|toi da bao nhieu)\b/, title: /^Mức\s/u },
  { name: 'who', asked: /\b(ai (co quyen|duoc|phai|la nguoi|thi duoc)|nhung ai|nguoi nao (duoc|co quyen|phai)|doi tuong nao)\b/, title: /^(?:Người|Những người|Đối tượng)\s/u },
  { name: 'rights', asked: /\b((nhung|co|cac) quyen (gi|nao)|quyen gi|quyen loi gi)\b/, title: /^Quyền\b/u },
  // "có bán được không", "thế chấp được không": whether a right may be exercised, which its conditions say.
  { name: 'conditions', asked: /\b(dieu kien|du dieu kien|can dieu kien|(ban|chuyen nhuong|tang cho|cho tang|the chap|cam so|sang ten|gop von) (lai )?(duoc|dc) (khong|ko|k|hong|hok|chua))\b/, title: /^Điều kiện\s/u },
  { name: 'definition', asked: /\b(la gi|nghia la|the nao la|hieu the nao|hieu la|khac nhau|khac gi|phan biet|khai niem)\b/, title: /^Giải thích từ ngữ/u },
  // Who must pay for a harm ("ai phải đền", "ai chịu bồi thường"): the liability rules by what
  // caused it (an animal, a tree, a building, a vehicle, a child) and by the person's capacity,
  // not the articles that list what a harm to health or property is worth.
  {
    name: 'liable',
    asked: /\b(ai (phai |se |la nguoi )?(chiu )?(den|boi thuong|chiu trach nhiem|tra tien|chiu tien)|ai chiu|ben nao (phai |chiu )?(den|boi thuong|chiu))\b/,
    title: /^(?:Bồi thường thiệt hại do|Năng lực chịu trách nhiệm bồi thường)/u,
  },
  // What a harm is worth ("đòi bồi thường những khoản nào", "phải đền những gì, tính sao"): the
  // articles that list the recoverable losses by what was harmed.
  {
    name: 'losses',
    asked: /\b(boi thuong|den bu|den)\b.*\b(nhung khoan|khoan nao|khoan gi|khoan chi|gom nhung|nhung gi|tinh (the nao|nhu the nao|sao|rang|ra sao))\b/,
    title: /^Thiệt hại do\s/u,
  },
  { name: 'principle', asked: /\bnguyen tac\b/, title: /^Nguyên tắc\s/u },
  // Whether someone gets a share of a dead person's estate ("con gái lấy chồng rồi có còn được chia
  // đất của bố mẹ không", "con ngoài giá thú có được hưởng thừa kế của cha không"): who inherits,
  // not how an estate is divided. Never a divorce's division of the couple's property.
  {
    name: 'heir',
    asked: /^(?!.*\b(ly hon|ly di|bo nhau|chia tay)\b)(?=.*\b(thua ke|gia tai|di san|mat|chet|qua doi|ta the|khuat|de lai|cua (bo|cha|me|ba|ma|tia|bo me|cha me|ong|ong ba|ong noi|ba noi|ong ngoai|ba ngoai))\b).*\b(duoc|dc|co quyen|co phan) (chia|huong|nhan|thua ke|huong thua ke|phan)\b/,
    title: /^(?:Người thừa kế|Quyền bình đẳng về thừa kế|Quan hệ thừa kế|Người không được quyền hưởng di sản)/u,
  },
  // An age asked ("bao nhiêu tuổi thì được …", "đủ mấy tuổi"): the conditions that set it, or an age rule.
  { name: 'age', asked: /\b((bao nhieu|may|du|tu) tuoi|do tuoi)\b/, title: /^(?:Điều kiện|Tuổi|Độ tuổi)\s/u },
  // Whether an act is forbidden at all ("có bị cấm không", "vậy có phạm luật không", "có vi phạm
  // pháp luật không"): the law's list of prohibited acts, by its title ("Các hành vi bị nghiêm cấm
  // …") or by a khoản that opens the list ("2. Cấm các hành vi sau đây:" in an article titled
  // otherwise). Not "trái luật / đúng luật", which ask whether one rule was kept.
  {
    name: 'forbidden',
    asked: /\b(co (bi )?cam|bi (nghiem )?cam|cam (khong|ko|hong|hok|k)|pham (luat|phap)|vi pham (phap )?luat)\b/,
    title: /^(?:Các |Những )?hành vi bị (?:nghiêm )?cấm/iu,
    text: /^(?:\d+\.\s*)?(?:Nghiêm cấm|Cấm) (?:các |những )?hành vi/u,
  },
];

/**
 * The part of a folded question that names what a definition question asks about: before "là gì
 * / nghĩa là / hiểu thế nào / khác nhau" back to the clause's start, or after "thế nào là /
 * phân biệt / khái niệm" to its end. Empty when the question asks no definition.
 */
export function definitionSpans(folded: string): string[] {
  const out: string[] = [];
  for (const clause of folded.split(/[,.;:?!\n]+/)) {
    const before = /^(.*?)\b(?:la gi|nghia la|hieu the nao|hieu nhu the nao|duoc hieu|khac nhau|khac gi)\b/.exec(clause);
    if (before?.[1]?.trim()) out.push(before[1].trim());
    const after = /\b(?:the nao la|nhu the nao la|phan biet|khai niem)\b(.*)$/.exec(clause);
    if (after?.[1]?.trim()) out.push(after[1].trim());
  }
  return out;
}

/** Words around a term asked about that are not part of it ("cho em hỏi … vậy", "… với … thì"). */
const DEFINITION_FILLER = new Set(['cho', 'em', 'toi', 'tui', 'minh', 'hoi', 'vay', 'thi', 'voi', 'va', 'hay', 'la', 'duoc', 'goi', 'ak', 'a', 'ha', 'nhi', 'ban', 'ad', 'luat', 'theo', 'phap', 'trong']);

/** The terms a definitions article defines: the folded words before " là " opening each khoản or điểm ("1. Khiếu nại là việc …" → "khieu nai"). */
export function definedTerms(a: Article): string[] {
  const out = new Set<string>();
  for (const line of a.clauses.flatMap((c) => [c.text, ...c.points])) {
    const f = foldDiacritics(line.normalize('NFC').toLowerCase()).replace(/^\s*(?:\d+[a-z]?\.|[a-zđ]\))\s*/u, '');
    const m = /^([a-z0-9 ,\-]+?) (?:la|duoc hieu la)\b/.exec(f);
    const words = m?.[1]?.replace(/[,\-]/g, ' ').split(/\s+/).filter((w) => w !== '') ?? [];
    if (words.length >= 2 && words.length <= 8) out.add(words.join(' '));
  }
  return [...out];
}

/**
 * Special subjects that narrow a rule: matched folded on an article's title and chapter heading
 * (`where`) and on the folded question (`asked`, how citizens name that subject).
 */
export const SPECIAL_SUBJECTS: readonly { name: string; where: RegExp; asked: RegExp }[] = [
  { name: 'foreign', where: /\b(yeu to nuoc ngoai|nguoi nuoc ngoai|o nuoc ngoai)\b/, asked: /\b(nuoc ngoai|ngoai quoc|viet kieu|kieu bao|quoc tich|han quoc|trung quoc|dai loan|nhat ban|(nguoi|nuoc|chong|vo) (my|uc|phap|duc|tay|han|trung|nhat|lao|thai)|xuat khau lao dong)\b/ },
  { name: 'civil-servants', where: /\b(can bo,? cong chuc|cong chuc,? vien chuc|ky luat can bo)\b/, asked: /\b(can bo|cong chuc|vien chuc|ky luat)\b/ },
  { name: 'commercial-entity', where: /\bphap nhan thuong mai\b/, asked: /\b(phap nhan|cong ty|doanh nghiep|tap doan)\b/ },
  { name: 'armed-forces', where: /\b(quan nhan|quan doi|luc luong vu trang)\b/, asked: /\b(quan nhan|quan doi|bo doi|nghia vu quan su|luc luong vu trang|si quan|chien si|dao ngu)\b/ },
  { name: 'surrogacy', where: /\bmang thai ho\b/, asked: /\b(mang thai ho|de ho|de thue|mang thai thue|de muon|nho mang thai|thue nguoi mang thai)\b/ },
  // The court's summary procedure (thủ tục rút gọn) repeats the ordinary time limits and steps in its own chapter.
  { name: 'summary-procedure', where: /\brut gon\b/, asked: /\brut gon\b/ },
  // A second complaint repeats the first one's rules in its own section (matched on the section
  // heading: "Khiếu nại lần hai hoặc khởi kiện", the way on from the first, is the first's); a
  // citizen who does not say it is their second asks the first ("khiếu nại … bao lâu phải giải quyết").
  { name: 'second-round', where: /\b(?:muc|chuong) [0-9ivxlc]+ .*\blan hai\b/, asked: /\b(lan hai|lan 2|lan thu hai|lan thu 2|khieu nai tiep|khieu nai lai|khieu nai len (tren|cap tren)|len cap tren)\b/ },
];

/**
 * A law that is the special rule over a general one for a subject the question names (folded):
 * a consumer who bought from a shop, a seller or a maker asks the consumer-protection law
 * (warranty, defective goods, returns, the seller's duties), which the civil code's sale
 * articles only frame. When the subject is named, the special law counts as signalled
 * (`ArticleRanking.lawSignal`) and the general one does not.
 */
export const SPECIAL_LAWS: readonly { document: string; over: string; asked: RegExp; accented?: RegExp }[] = [
  {
    document: '19/2023/QH15',
    over: '91/2015/QH13',
    // A warranty is a seller's promise on goods sold ("bảo hành" typed so; unaccented "bao hanh" is
    // also "bạo hành", violence, and counts only beside a purchase's words).
    asked: /\b(cua hang|shop|sieu thi|dai ly|nha san xuat|hang san xuat|ben san xuat|nguoi ban hang|ben ban hang|nguoi tieu dung|khach hang|mua (hang|do|online|tren mang|qua mang)|dat hang|dien may|hang dien tu|do dien)\b|\bbao hanh\b.*\b(mua|hang hoa|san pham|doi tra|doi cai moi|sua chua)\b|\b(mua|hang hoa|san pham)\b.*\bbao hanh\b/,
    accented: /(?:^|[^\p{L}])bảo hành(?![\p{L}])/u,
  },
];

export interface ArticleHit {
  article: Article;
  score: number;
  /** The score without the law-level share prior: the evidence confidence is judged on. */
  evidence: number;
  /** Indices into `article.clauses` by relevance (best first); empty when the article has none or was not ranked. */
  clauses: number[];
  /** Idf-weighted share of the question's content words found in the article. */
  coverage: number;
}

export interface ArticleSearchResult {
  hits: ArticleHit[];
  confidence: 'high' | 'low';
  /**
   * Whether the best hit is confident for a message the caller already knows to be a question
   * of law (`confidence` is high, or the question band of `ArticleRanking` holds). Not for a
   * message whose kind is unknown: an off-topic one would pass it more often.
   */
  asQuestion: boolean;
  analyzed: AnalyzedQuery;
}

function articleText(a: Article): string[] {
  return [...a.intro, ...a.clauses.flatMap((c) => [c.text, ...c.points])];
}

/** The BM25F documents of the articles (fields of `ARTICLE_FIELDS`; texts are the articles' own strings, not copies). */
export function articleDocuments(articles: readonly Article[]): LexicalDocument[] {
  return articles.map((a) => {
    const law = LAW_BY_DOCUMENT.get(a.document);
    return { fields: { title: [a.title], text: articleText(a), law: law ? [law.name, law.areaWords] : [], chapter: chapterWords(a.chapter) } };
  });
}

/** A question asking which crime an act is (accented as typed, or folded); "chi" is the central dialect's "gì". */
const CRIME_QUESTION = /(?:^|[^\p{L}])(?:có phạm tội|phạm tội (?:gì|chi|không|ko|nào)|tội gì|tội chi|tội danh|bị tội|tội nào|là tội)(?![\p{L}])/u;
const CRIME_QUESTION_FOLDED = /\b(?:co pham toi|pham toi (?:gi|chi|khong|ko|nao)|toi gi|toi chi|toi danh|bi toi|toi nao|la toi)\b/;
/**
 * Whether an act is punished as a crime, asked by its consequence ("có bị đi tù không", "bao
 * nhiêu thì bị đi tù", "có bị xử lý hình sự không", "có bị coi là phạm tội không"): the answer is
 * the crime's own article as much as for "phạm tội gì". Accented as typed ("tu" alone is also
 * "tu", to become a monk, "tự", self) or folded; not "truy cứu" (its time limits are asked so).
 */
const PRISON_QUESTION = /(?:^|[^\p{L}])(?:(?:bị|đi|ngồi|phải) tù|(?:xử|xử lý|bị xử|xử phạt|truy tố) hình sự|coi là phạm tội|phạm tội (?:hông|hok|k)|có tội (?:không|hông|ko|k)(?![\p{L}]))/u;
/** Compensation asked (folded): what a harm is worth or who pays for it. */
const COMPENSATION_ASKED = /\b(boi thuong|den bu|doi den|phai den|bat den|chiu den|den tien|den lai|den cho)\b/;
/**
 * Defences and excuses of the criminal code's general part, named or told by the act of defending
 * ("mình đánh trả làm nó bị thương", "nó đánh trước, tôi đánh lại"), folded. Not "chống trả / chống
 * cự": folded they are also "chồng trả", "chồng cũ".
 */
const DEFENCE_NAMED = /\b(phong ve|tu ve|danh tra|danh lai|tu bao ve|tinh the cap thiet|su kien bat ngo|gay thiet hai trong khi bat giu)\b/;
const PRISON_QUESTION_FOLDED = /\b(?:(?:bi|di|ngoi|phai) tu (?:khong|hong|ko|k|ha|a|v|vay|ko|chua)|(?:thi|moi|se|co) (?:bi|phai) (?:di |ngoi )?tu|(?:xu|xu ly|bi xu|truy to) hinh su|coi la pham toi|co toi (?:khong|hong|ko|k))\b/;

/** `~` + the folded form of a term without its own `~` ("lý" → "~ly", "~ly" → "~ly"). */
function foldedKey(term: string): string {
  return `~${foldDiacritics(term.startsWith('~') ? term.slice(1) : term)}`;
}

/** Ids of a text's index terms (accented and folded syllables and bigrams, as `indexTerms`), sorted, unique. */
function termIdsOf(tokens: readonly string[], postings: ArticlePostings): Int32Array {
  const out = new Set<number>();
  const add = (t: string) => {
    const id = postings.id(t);
    if (id >= 0) out.add(id);
  };
  const folded = tokens.map((t) => foldDiacritics(t));
  for (let i = 0; i < tokens.length; i++) {
    add(tokens[i]!);
    add(`~${folded[i]}`);
    if (i + 1 < tokens.length) {
      add(`${tokens[i]}_${tokens[i + 1]}`);
      add(`~${folded[i]}_${folded[i + 1]}`);
    }
  }
  return Int32Array.from(out).sort();
}

/** Binary search in a sorted id list. */
function hasId(sorted: Int32Array, id: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v === id) return true;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

interface TitleTerms {
  /** Ids of the title's index terms. */
  ids: Int32Array;
  /** Folded syllables of the title (ids, unique) with their idf (for how much of the title a question explains). */
  unigrams: Int32Array;
  unigramIdf: Float64Array;
  idfSum: number;
}

/**
 * Signal phrase (folded words joined by one space) → the documents it names; signals written
 * with diacritics also keep that spelling (`LawInfo.signals`); and the longest phrase in words.
 */
const SIGNALS = new Map<string, { documents: string[]; accented?: string }[]>();
let SIGNAL_WORDS = 1;
for (const l of LAWS) {
  for (const w of l.signals) {
    const key = foldDiacritics(w);
    const accented = key !== w ? w : !w.includes(' ') && AMBIGUOUS_FOLDED_SIGNALS.has(w) ? w : undefined;
    const entries = SIGNALS.get(key) ?? [];
    const same = entries.find((e) => e.accented === accented);
    if (same) same.documents.push(l.document);
    else entries.push({ documents: [l.document], accented });
    SIGNALS.set(key, entries);
    SIGNAL_WORDS = Math.max(SIGNAL_WORDS, w.split(' ').length);
  }
}

/**
 * A law named by its name in the question ("theo Luật Bảo vệ quyền lợi người tiêu dùng hiện
 * hành", "bộ luật lao động 2019 quy định …"), folded, per document. The name's words are in every
 * article of that law (its `law` field) and in many titles, so as topic words they rank the
 * articles that repeat the law's name ("Quyền của tổ chức xã hội tham gia bảo vệ quyền lợi người
 * tiêu dùng") over the one asked ("Quyền của người tiêu dùng"); named, the law is a signal instead.
 */
const LAW_NAMES: readonly { document: string; name: RegExp }[] = LAWS.map((l) => {
  const words = foldDiacritics(l.shortName.toLowerCase()).replace(/[^a-z0-9]+/g, ' ').trim().replace(/^(bo )?luat /, '');
  const body = words.split(' ').map((w) => (w === 'va' ? '(?:va )?' : `${w} `)).join('').trimEnd();
  return { document: l.document, name: new RegExp(`\\b(?:theo )?(?:bo )?luat ${body}(?: (?:nam )?\\d{4})?(?: (?:hien hanh|hien nay|moi|nam nay))?\\b`, 'g') };
});

/**
 * The question with the laws it names by name blanked out (positions kept), and those laws.
 * A name that is all the question asks about ("luật cư trú quy định gì") is kept: its words are then the topic.
 */
export function withoutLawNames(text: string): { text: string; named: string[] } {
  const lower = text.normalize('NFC').toLowerCase();
  const folded = foldDiacritics(lower).replace(/[^a-z0-9]/g, ' ');
  if (folded.length !== text.length || !folded.includes('luat')) return { text, named: [] };
  let out = text;
  const named: string[] = [];
  for (const { document, name } of LAW_NAMES) {
    for (const m of folded.matchAll(name)) {
      out = out.slice(0, m.index) + ' '.repeat(m[0].length) + out.slice(m.index! + m[0].length);
      named.push(document);
    }
  }
  if (named.length === 0) return { text, named };
  const rest = foldDiacritics(out.toLowerCase()).split(/[^a-z0-9]+/).filter((w) => w.length > 0);
  return rest.length >= 4 ? { text: out, named } : { text, named };
}

/**
 * Documents whose signal words (whole words) occur in the question. Phrases match folded; a
 * signal spelled with diacritics matches, in a question typed with diacritics, only so spelled
 * ("tôi" is no "tội", "bảo hành" no "bạo hành"), and in one typed without, only when its
 * unaccented spelling is not mostly another word (`AMBIGUOUS_FOLDED_SIGNALS`).
 */
export function lawsSignalled(question: string): Set<string> {
  const lower = question.toLowerCase();
  const words = foldDiacritics(lower).split(/[^a-z0-9]+/).filter((w) => w !== '');
  const accentedQuestion = foldDiacritics(lower) !== lower;
  // The same words with their diacritics (folding keeps the word boundaries of letters and digits).
  const own = accentedQuestion ? lower.normalize('NFC').split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '') : words;
  const aligned = own.length === words.length;
  const out = new Set<string>();
  // Word n-grams looked up in one map: a scan of every law's signals per query cost more than the rescoring.
  for (let i = 0; i < words.length; i++) {
    let phrase = '';
    for (let n = 0; n < SIGNAL_WORDS && i + n < words.length; n++) {
      phrase = n === 0 ? words[i]! : `${phrase} ${words[i + n]}`;
      const entries = SIGNALS.get(phrase);
      if (!entries) continue;
      for (const e of entries) {
        if (e.accented !== undefined) {
          const ok = accentedQuestion && aligned ? own.slice(i, i + n + 1).join(' ') === e.accented : !AMBIGUOUS_FOLDED_SIGNALS.has(phrase);
          if (!ok) continue;
        }
        for (const d of e.documents) out.add(d);
      }
    }
  }
  return out;
}

export class ArticleIndex {
  private readonly analyzer: QueryAnalyzer;
  private readonly postings: ArticlePostings;
  /** The citizens' questions, one document per article (same numbering); undefined without questions. */
  private readonly askedPostings: ArticlePostings | undefined;
  private readonly titleTerms: TitleTerms[];
  /** Distinct document numbers, and each article's position in that list (for the law-level prior). */
  private readonly lawDocuments: string[];
  private readonly lawOf: Int32Array;
  /** 1 for the criminal code's articles on one crime ("Tội trộm cắp tài sản"). */
  private readonly crimeArticle: Uint8Array;
  /** Per article, 1 + the index of its title's derived head in `DERIVED_HEADS`, or 0. */
  private readonly derivedHead: Uint8Array;
  /** Per "có" phrase of the titles (folded, two words), the articles whose title has it (+1) or lacks it (−1). */
  private readonly polarityOf = new Map<string, Map<number, number>>();
  /** 1 for the criminal code's article on the age of criminal responsibility. */
  private readonly minorArticle: Uint8Array;
  /** Per article, a bit per `ASKED_FACETS` entry its title names. */
  private readonly facetOf: Uint16Array;
  /** Per article, a bit per `SPECIAL_SUBJECTS` entry its title or chapter names. */
  private readonly specialOf: Uint8Array;
  /** Term (folded words joined by one space) → the definitions articles that define it. */
  private readonly definitions = new Map<string, number[]>();
  private definitionWords = 1;
  /** Scratch marks by term id (always left all zero between calls). */
  private readonly titleMark: Uint8Array;
  private readonly queryMark: Uint8Array;

  private constructor(
    readonly articles: readonly Article[],
    data: LexicalIndexData,
    vocabulary: Vocabulary,
    readonly ranking: ArticleRanking,
    asked: ReadonlyMap<string, readonly string[]> = new Map(),
  ) {
    this.analyzer = new QueryAnalyzer(vocabulary);
    const postings = new ArticlePostings(data);
    this.postings = postings;
    this.askedPostings =
      asked.size > 0 ? new ArticlePostings(buildLexicalData(articles.map((a) => ({ fields: { asked: asked.get(a.id) ?? [] } })), ASKED_FIELDS)) : undefined;
    this.titleTerms = articles.map((a) => {
      const tokens = tokenizeVi(a.title);
      const seen = new Set<number>();
      const unigrams: number[] = [];
      const unigramIdf: number[] = [];
      for (const t of tokens) {
        // Every title syllable is in the corpus (titles are indexed), so it has an id.
        const id = postings.id(`~${foldDiacritics(t)}`);
        if (id < 0 || seen.has(id)) continue;
        seen.add(id);
        unigrams.push(id);
        unigramIdf.push(postings.idf[id]!);
      }
      return { ids: termIdsOf(tokens, postings), unigrams: Int32Array.from(unigrams), unigramIdf: Float64Array.from(unigramIdf), idfSum: unigramIdf.reduce((s, x) => s + x, 0) };
    });
    this.lawDocuments = [...new Set(articles.map((a) => a.document))];
    const lawIndex = new Map(this.lawDocuments.map((d, i) => [d, i]));
    this.lawOf = Int32Array.from(articles, (a) => lawIndex.get(a.document)!);
    this.crimeArticle = Uint8Array.from(articles, (a) => (a.document === CRIMINAL_CODE && /^Tội\s/u.test(a.title) ? 1 : 0));
    this.minorArticle = Uint8Array.from(articles, (a) => (a.document === CRIMINAL_CODE && /^Tuổi chịu trách nhiệm hình sự$/u.test(a.title.normalize('NFC')) ? 1 : 0));
    this.facetOf = Uint16Array.from(articles, (a) =>
      ASKED_FACETS.reduce((m, f, i) => (f.title.test(a.title.normalize('NFC')) || (f.text && [...a.intro, ...a.clauses.map((c) => c.text)].some((t) => f.text!.test(t.normalize('NFC')))) ? m | (1 << i) : m), 0),
    );
    this.specialOf = Uint8Array.from(articles, (a) => {
      const where = foldDiacritics(`${a.title} ${a.chapter ?? ''}`.normalize('NFC').toLowerCase());
      return SPECIAL_SUBJECTS.reduce((m, x, i) => (x.where.test(where) ? m | (1 << i) : m), 0);
    });
    articles.forEach((a, doc) => {
      if (!/^Giải thích từ ngữ/u.test(a.title.normalize('NFC'))) return;
      for (const t of definedTerms(a)) {
        this.definitions.set(t, [...(this.definitions.get(t) ?? []), doc]);
        this.definitionWords = Math.max(this.definitionWords, t.split(' ').length);
      }
    });
    this.derivedHead = Uint8Array.from(articles, (a) => DERIVED_HEADS.findIndex((h) => h.title.test(a.title.normalize('NFC'))) + 1);
    articles.forEach((a, doc) => {
      for (const [phrase, sign] of titlePolarity(foldDiacritics(a.title.normalize('NFC').toLowerCase()).replace(/[^a-z0-9]+/g, ' '))) {
        let m = this.polarityOf.get(phrase);
        if (!m) this.polarityOf.set(phrase, (m = new Map()));
        m.set(doc, sign);
      }
    });
    this.titleMark = new Uint8Array(postings.termCount);
    this.queryMark = new Uint8Array(postings.termCount);
  }

  /** Indexes `articles` (document number = position). `vocabulary` is the merged query vocabulary. */
  static build(
    articles: readonly Article[],
    vocabulary: Vocabulary,
    ranking: ArticleRanking = DEFAULT_ARTICLE_RANKING,
    asked: ReadonlyMap<string, readonly string[]> = new Map(),
  ): ArticleIndex {
    return new ArticleIndex(articles, buildLexicalData(articleDocuments(articles), ARTICLE_FIELDS), vocabulary, ranking, asked);
  }

  /** An index over `articles` from saved lexical data (see `open.ts`). */
  static fromData(
    articles: readonly Article[],
    data: LexicalIndexData,
    vocabulary: Vocabulary,
    ranking: ArticleRanking = DEFAULT_ARTICLE_RANKING,
    asked: ReadonlyMap<string, readonly string[]> = new Map(),
  ): ArticleIndex {
    if (data.docCount !== articles.length) throw new Error(`article index has ${data.docCount} documents, the statutes ${articles.length}`);
    return new ArticleIndex(articles, data, vocabulary, ranking, asked);
  }

  /** The lexical postings, for saving. */
  toData(): LexicalIndexData {
    return this.postings.data;
  }

  get size(): number {
    return this.articles.length;
  }

  /** Per article, the term ids of each khoản (sorted), built when the article is first ranked. */
  private readonly clauseTerms = new Map<number, Int32Array[]>();

  /** Clause indices of `article` by idf-weighted overlap with the query terms (bigrams × 1.5), best first. */
  rankClauses(doc: number, terms: readonly WeightedTerm[]): number[] {
    return this.rankClausesById(doc, terms, Int32Array.from(terms, (t) => this.postings.id(t.term)));
  }

  /** `rankClauses` with the terms' ids already resolved (`ids[i]` of `terms[i]`, -1 when unknown). */
  private rankClausesById(doc: number, terms: readonly WeightedTerm[], ids: Int32Array): number[] {
    const a = this.articles[doc]!;
    if (a.clauses.length === 0) return [];
    let clauses = this.clauseTerms.get(doc);
    if (!clauses) {
      clauses = a.clauses.map((c) => termIdsOf(tokenizeVi([c.text, ...c.points].join(' \n ')), this.postings));
      this.clauseTerms.set(doc, clauses);
    }
    const probeIds: number[] = [];
    const probeW: number[] = [];
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i]!;
      const id = ids[i]!;
      if (id < 0) continue;
      const w = t.weight * this.postings.idf[id]! * (t.term.includes('_') ? 1.5 : 1);
      if (w <= 0) continue;
      probeIds.push(id);
      probeW.push(w);
    }
    const scores = clauses.map((ids) => {
      let x = 0;
      for (let p = 0; p < probeIds.length; p++) if (hasId(ids, probeIds[p]!)) x += probeW[p]!;
      return x;
    });
    return scores
      .map((sc, i) => ({ sc, i }))
      .sort((x, y) => y.sc - x.sc || x.i - y.i)
      .map((x) => x.i);
  }

  /**
   * The best articles for a question. `rankClausesOf` (default 1): for how many of the hits
   * the khoản are ranked (the answer quotes the first hit only; ranking clauses costs time).
   *
   * Every query term is resolved to its id once; the per-candidate work below is then
   * array reads and binary searches (the p95 of the benchmark was string hashing, folding
   * and small sets built per candidate).
   */
  search(query: string, options: { limit?: number; documents?: ReadonlySet<string>; rankClausesOf?: number; focus?: string } = {}): ArticleSearchResult {
    const limit = options.limit ?? 5;
    const P = this.postings;
    const lawNamed = withoutLawNames(query);
    const analyzed = this.analyzer.analyze(withoutAddressWords(lawNamed.text));
    const terms = analyzed.terms;
    const n = terms.length;
    const ids = new Int32Array(n);
    const weights = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      ids[i] = P.id(terms[i]!.term);
      weights[i] = terms[i]!.weight;
    }
    if (options.focus && this.ranking.focus > 0 && options.focus.trim() !== query.trim()) {
      const focused = new Set(this.analyzer.analyze(withoutAddressWords(options.focus)).terms.map((t) => t.term));
      for (let i = 0; i < n; i++) if (focused.has(terms[i]!.term)) weights[i] = weights[i]! * (1 + this.ranking.focus);
    }
    const allow = options.documents ? (d: number) => options.documents!.has(this.articles[d]!.document) : undefined;
    const raw = P.search(ids, weights, n, Math.max(limit * 6, 30), allow);
    if (raw.length === 0) return { hits: [], confidence: 'low', asQuestion: false, analyzed };
    // Citizens' questions: their best-matching articles compete, with a prior by the match.
    const askedDocs: number[] = [];
    const A = this.askedPostings;
    if (A && this.ranking.askedPrior + this.ranking.askedEvidence > 0) {
      const aIds = new Int32Array(n);
      for (let i = 0; i < n; i++) aIds[i] = A.id(terms[i]!.term);
      for (const h of A.search(aIds, weights, n, ASKED_CANDIDATES, allow)) if (h.score > 0) askedDocs.push(h.doc);
      const seen = new Set(raw.map((h) => h.doc));
      const missing = new Set(askedDocs.filter((d) => !seen.has(d)));
      // One search over the articles the questions add, not one per article.
      if (missing.size > 0) raw.push(...P.search(ids, weights, n, missing.size, (d) => missing.has(d)));
    }
    const foldedQuestion = foldDiacritics(analyzed.normalized.toLowerCase());
    // Prison asked of an act the question itself excuses ("… có bị đi tù không hay là phòng vệ
    // chính đáng") asks the defence's general rule, not the crime.
    // So is "có phạm tội không hay là tự vệ": whether the act is a crime at all, by the defence.
    const defenceNamed = DEFENCE_NAMED.test(foldedQuestion);
    const prisonAsked = (analyzed.accented ? PRISON_QUESTION.test(analyzed.normalized) : PRISON_QUESTION_FOLDED.test(analyzed.normalized)) && !defenceNamed;
    const crimeAsked = ((analyzed.accented ? CRIME_QUESTION.test(analyzed.normalized) : CRIME_QUESTION_FOLDED.test(analyzed.normalized)) && !defenceNamed) || prisonAsked;
    const remedyAsked = !crimeAsked && COMPENSATION_ASKED.test(foldedQuestion) && !CRIMINAL_LIABILITY.test(foldedQuestion);
    const minorAsked = MINOR_AGE.test(foldedQuestion) && CRIMINAL_LIABILITY.test(foldedQuestion);
    if (minorAsked) {
      // The age rules compete even when the act's own crime fills the candidates.
      const seen = new Set(raw.map((h) => h.doc));
      for (const h of P.search(ids, weights, n, 5, (d) => this.minorArticle[d] === 1 && (!allow || allow(d)))) if (!seen.has(h.doc)) raw.push(h);
    }
    if (crimeAsked) {
      // Which crime: the crimes' own articles compete even when the act's everyday words rank civil ones first.
      const seen = new Set(raw.map((h) => h.doc));
      const crimes = P.search(ids, weights, n, 10, (d) => this.crimeArticle[d] === 1 && (!allow || allow(d)));
      for (const h of crimes) if (!seen.has(h.doc)) raw.push(h);
    }

    const facetsAsked = ASKED_FACETS.reduce((m, f, i) => (f.asked.test(foldedQuestion) ? m | (1 << i) : m), 0);
    if (facetsAsked !== 0) {
      // The articles that name the asked facet compete even when the topic's other articles fill
      // the candidates (a definitions article is long and general; a time limit sits in its chapter).
      const seen = new Set(raw.map((h) => h.doc));
      for (const h of P.search(ids, weights, n, FACET_CANDIDATES, (d) => (this.facetOf[d]! & facetsAsked) !== 0 && (!allow || allow(d)))) if (!seen.has(h.doc)) raw.push(h);
    }

    // A definition asked of a term a definitions article defines: that article competes and gets its prior.
    // The span must be mostly defined terms ("khiếu nại với tố cáo", "cấp dưỡng"), not a story
    // that mentions one ("… khiếu nại quyết định thu hồi đất thì thời hiệu là gì").
    const defining = new Set<number>();
    for (const span of definitionSpans(foldedQuestion)) {
      const words = span.split(/[^a-z0-9]+/).filter((w) => w !== '' && !DEFINITION_FILLER.has(w));
      const covered = new Uint8Array(words.length);
      const docs = new Set<number>();
      for (let i = 0; i < words.length; i++) {
        let phrase = '';
        for (let k = 0; k < this.definitionWords && i + k < words.length; k++) {
          phrase = k === 0 ? words[i]! : `${phrase} ${words[i + k]}`;
          const found = this.definitions.get(phrase)?.filter((d) => !allow || allow(d)) ?? [];
          if (found.length === 0) continue;
          for (const d of found) docs.add(d);
          covered.fill(1, i, i + k + 1);
        }
      }
      if (docs.size > 0 && covered.reduce((x, y) => x + y, 0) >= 0.6 * words.length) for (const d of docs) defining.add(d);
    }
    if (defining.size > 0) {
      const seen = new Set(raw.map((h) => h.doc));
      for (const h of P.search(ids, weights, n, defining.size, (d) => defining.has(d))) if (!seen.has(h.doc)) raw.push(h);
    }

    // Content words of the question (own syllables, accented or folded as typed) with their idf.
    const contentIds: number[] = [];
    const contentIdf: number[] = [];
    const contentKeys: string[] = [];
    const contentTerms: string[] = [];
    {
      const seen = new Set<string>();
      for (const w of analyzed.content) {
        const term = analyzed.accented && w !== foldDiacritics(w) ? w : `~${foldDiacritics(w)}`;
        if (seen.has(term)) continue;
        seen.add(term);
        const id = P.id(term);
        if (id < 0 || P.idf[id]! <= 0) continue;
        contentIds.push(id);
        contentIdf.push(P.idf[id]!);
        contentKeys.push(foldedKey(term));
        contentTerms.push(term);
      }
    }
    const total = contentIdf.reduce((s, x) => s + x, 0);
    // The share of the question's content its best-matching articles' questions hold.
    const askedShare = new Map<number, number>();
    if (A && total > 0 && askedDocs.length > 0) {
      const aContent = contentTerms.map((t) => A.id(t));
      for (const doc of askedDocs) {
        let got = 0;
        for (let j = 0; j < aContent.length; j++) if (A.has(doc, aContent[j]!)) got += contentIdf[j]!;
        askedShare.set(doc, got / total);
      }
    }
    // Colloquial phrases: a content word inside one counts as found where the phrase's official
    // terms are ("chó ... cắn" is explained by "súc vật"); per content word, the phrases holding it.
    const expansions = analyzed.expansions.map((e) => {
      const tokens = [...new Set(e.terms.flatMap((t) => tokenizeVi(t)))];
      return { keys: new Set(tokenizeVi(e.phrase).map((x) => `~${foldDiacritics(x)}`)), ids: tokens.map((t) => P.id(t)) };
    });
    const contentPhrases = contentKeys.map((k) => expansions.flatMap((e, i) => (e.ids.length > 0 && e.keys.has(k) ? [i] : [])));
    // Title evidence over every weighted term (own words and vocabulary expansions, bigrams too).
    const wIds: number[] = [];
    const wW: number[] = [];
    for (let i = 0; i < n; i++) {
      const w = ids[i]! >= 0 ? weights[i]! * P.idf[ids[i]!]! : 0;
      if (w > 0) {
        wIds.push(ids[i]!);
        wW.push(w);
      }
    }
    const wTotal = wW.reduce((s, x) => s + x, 0);
    const signalled = lawsSignalled(analyzed.normalized);
    for (const d of lawNamed.named) signalled.add(d);
    for (const special of SPECIAL_LAWS) {
      if (!special.asked.test(foldedQuestion) && !(analyzed.accented && special.accented?.test(analyzed.normalized.toLowerCase()))) continue;
      signalled.add(special.document);
    }
    const headAsked = DERIVED_HEADS.map((h) => h.asked.test(foldedQuestion));
    // What the question says is lacking, and the titles that have or lack it.
    const polarity = new Map<number, number>();
    for (const m of foldedQuestion.replace(/[^a-z0-9]+/g, ' ').matchAll(LACKS)) for (const [doc, sign] of this.polarityOf.get(m[1]!) ?? []) polarity.set(doc, -sign);
    const specialAsked = SPECIAL_SUBJECTS.reduce((m, x, i) => (x.asked.test(foldedQuestion) ? m | (1 << i) : m), 0);
    const lawSignalled = this.lawDocuments.map((d) => signalled.has(d));
    // The question's syllables, folded, for how much of a title it explains.
    const queryMark = this.queryMark;
    const marked: number[] = [];
    for (let i = 0; i < n; i++) {
      const term = terms[i]!.term;
      // Cached per term id: no new string, fold or second lookup per query.
      const id = ids[i]! >= 0 ? P.foldedId(ids[i]!, foldDiacritics) : P.id(foldedKey(term));
      if (id >= 0 && queryMark[id] === 0) {
        queryMark[id] = 1;
        marked.push(id);
      }
    }
    const top = raw[0]!.score;
    // Law-level prior: which code the question is about, from where the candidates' mass lies.
    const lawMass = new Float64Array(this.lawDocuments.length);
    let mass = 0;
    for (const h of raw) {
      const m = (h.score / top) ** 2;
      lawMass[this.lawOf[h.doc]!]! += m;
      mass += m;
    }
    const found = new Uint8Array(expansions.length);
    const titleMark = this.titleMark;
    const rescored = raw
      .map((h) => {
        // Coverage: idf-weighted share of the question's content words found in the article.
        let cov = 0;
        if (total > 0) {
          for (let e = 0; e < expansions.length; e++) {
            const eIds = expansions[e]!.ids;
            let got = 0;
            for (const id of eIds) if (P.has(h.doc, id)) got++;
            found[e] = eIds.length > 0 && got / eIds.length >= 0.6 ? 1 : 0;
          }
          let got = 0;
          for (let j = 0; j < contentIds.length; j++) if (P.has(h.doc, contentIds[j]!) || contentPhrases[j]!.some((e) => found[e] === 1)) got += contentIdf[j]!;
          cov = got / total;
        }
        const title = this.titleTerms[h.doc]!;
        for (const id of title.ids) titleMark[id] = 1;
        let tw = 0;
        for (let i = 0; i < wIds.length; i++) if (titleMark[wIds[i]!] === 1) tw += wW[i]!;
        for (const id of title.ids) titleMark[id] = 0;
        // Share of the title's own syllables the question explains ("Người được trợ giúp pháp lý"
        // over "Quyền của người được trợ giúp pháp lý" for "ai được trợ giúp pháp lý").
        let explained = 0;
        for (let u = 0; u < title.unigrams.length; u++) if (queryMark[title.unigrams[u]!] === 1) explained += title.unigramIdf[u]!;
        const law = this.lawOf[h.doc]!;
        const isSignalled = lawSignalled[law]!;
        // The law the question names by its words ("ly hôn", "tố cáo", "đi tù") is a prior; the civil
        // procedure code, full of generic words, only when the question is about courts or suing.
        const prior =
          (isSignalled ? this.ranking.lawSignal : 0) -
          (this.lawDocuments[law] === '92/2015/QH13' && !isSignalled ? this.ranking.procedurePenalty : 0) -
          (remedyAsked && this.lawDocuments[law] === CRIMINAL_CODE ? this.ranking.civilRemedy : 0) +
          (crimeAsked && this.crimeArticle[h.doc] === 1 ? this.ranking.crimeTitle + (prisonAsked ? this.ranking.prisonTitle : 0) : 0) +
          (minorAsked && this.minorArticle[h.doc] === 1 ? this.ranking.minorOffender : 0) +
          ((this.facetOf[h.doc]! & facetsAsked) !== 0 ? this.ranking.askedFacet : 0) +
          (defining.has(h.doc) ? this.ranking.definedTerm : 0) -
          ((this.specialOf[h.doc]! & ~specialAsked) !== 0 ? this.ranking.specialSubject : 0) -
          (this.derivedHead[h.doc]! > 0 && !headAsked[this.derivedHead[h.doc]! - 1] ? this.ranking.derivedHead : 0) +
          (polarity.get(h.doc) ?? 0) * this.ranking.polarity +
          (askedShare.get(h.doc) ?? 0) * this.ranking.askedEvidence;
        const evidence = h.score / top + this.ranking.titleCoverage * (wTotal > 0 ? tw / wTotal : 0) + this.ranking.titleExplained * (title.idfSum > 0 ? explained / title.idfSum : 0) + prior;
        // The law share orders articles; it is not evidence that the statutes answer the question
        // (an off-topic question's few candidates often sit in one code), so confidence uses `evidence`.
        const askedPrior = (askedShare.get(h.doc) ?? 0) * this.ranking.askedPrior;
        return { doc: h.doc, score: evidence + askedPrior + this.ranking.lawShare * (lawMass[law]! / mass), evidence, coverage: cov };
      })
      .sort((a, b) => b.score - a.score || a.doc - b.doc);
    // The runner-up's score, for the clear-winner band, whatever `limit` keeps.
    const secondScore = rescored[1]?.score ?? 0;
    rescored.length = Math.min(rescored.length, limit);
    for (const id of marked) queryMark[id] = 0;
    const hits: ArticleHit[] = rescored.map((h, i) => ({
      article: this.articles[h.doc]!,
      score: h.score,
      evidence: h.evidence,
      coverage: h.coverage,
      clauses: i < (options.rankClausesOf ?? 1) ? this.rankClausesById(h.doc, terms, ids) : [],
    }));
    const best = rescored[0]!;
    const r = this.ranking;
    const speaksOfLaw = analyzed.expansions.length > 0 || signalled.size > 0;
    const margin = best.score - secondScore;
    const confidence =
      best.coverage >= r.minCoverage ||
      (best.coverage >= r.minCoverage / 2 && best.evidence >= r.minScore) ||
      (speaksOfLaw && best.coverage >= r.midCoverage && best.evidence >= r.midScore) ||
      (speaksOfLaw && best.coverage >= r.clearCoverage && best.evidence >= r.clearScore && margin >= r.clearMargin)
        ? 'high'
        : 'low';
    const asQuestion = confidence === 'high' || (speaksOfLaw && best.coverage >= r.questionCoverage && best.evidence >= r.questionScore);
    return { hits, confidence, asQuestion, analyzed };
  }
}
