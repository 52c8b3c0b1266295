import type { Vocabulary } from '../knowledge/vocab/index.js';
import { foldDiacritics, hasDiacritics, normalizeVi, tokenizeVi } from './text.js';

/** A term of the lexical index with the weight the query gives it. */
export interface WeightedTerm {
  term: string;
  weight: number;
  /** True when the term comes from the user's own words (not from vocabulary expansion). */
  own: boolean;
}

export interface AnalyzedQuery {
  /** Content syllables of the user's words (stop and facet words removed), for coverage checks. */
  content: string[];
  /** User syllables that count at all (stop words removed, facet words kept). */
  words: string[];
  raw: string;
  normalized: string;
  /** User tokens after abbreviation expansion. */
  tokens: string[];
  /** Whether the user typed any diacritics at all (decides accented vs folded matching). */
  accented: boolean;
  /** Official phrases the colloquial vocabulary added ("đăng ký khai sinh"); `background` when said only in a step already taken. */
  expansions: { phrase: string; terms: string[]; weight: number; background?: boolean }[];
  terms: WeightedTerm[];
  /** Text for the dense encoder: user words plus the official phrases. */
  denseText: string;
  /** Folded syllables said only in a step the citizen has already taken ("đã nhập hộ khẩu"). */
  background?: string[];
}

/**
 * Maps an unaccented syllable (or `a_b` bigram) to its most frequent accented form in
 * the catalogue, so "lam lai can cuoc" can be matched as "làm lại căn cước".
 */
export type DiacriticRestorer = (folded: string) => string | undefined;

export interface QueryAnalyzerOptions {
  /**
   * How to match a query typed without any diacritics:
   * - `fold` (default): on the folded index terms;
   * - `restore`: restore the diacritics from the catalogue vocabulary, then match accented.
   * Measured on the eval sets; see retrieval/README.md.
   */
  unaccented?: 'fold' | 'restore';
  restorer?: DiacriticRestorer;
}

interface PhraseRule {
  syllables: string[];
  folded: string[];
  terms: string[];
  weight: number;
}

/** Turns a citizen's question into weighted index terms using the reviewed vocabulary. */
export class QueryAnalyzer {
  private readonly abbreviations = new Map<string, string[]>();
  private readonly maxAbbrLength: number;
  private readonly rulesByFirst = new Map<string, PhraseRule[]>();
  /** Syllable → weight in a query (0 = ignored; facet words like "lệ phí" count a little). */
  private readonly stopwords: Map<string, number>;
  private readonly options: { unaccented: 'fold' | 'restore'; restorer?: DiacriticRestorer };

  constructor(vocabulary: Vocabulary, options: QueryAnalyzerOptions = {}) {
    this.options = { unaccented: 'fold', ...options };
    let maxLen = 1;
    for (const e of vocabulary.abbreviations) {
      const key = tokenizeVi(e.abbreviation).join(' ');
      maxLen = Math.max(maxLen, key.split(' ').length);
      this.abbreviations.set(key, tokenizeVi(e.expansion));
    }
    this.maxAbbrLength = maxLen;
    for (const e of vocabulary.colloquial) {
      const syllables = tokenizeVi(e.phrase);
      if (syllables.length === 0) continue;
      const rule: PhraseRule = {
        syllables,
        folded: syllables.map((s) => foldDiacritics(s)),
        terms: e.terms.map((t) => normalizeVi(t)),
        weight: e.weight,
      };
      const first = rule.folded[0]!;
      const list = this.rulesByFirst.get(first) ?? [];
      list.push(rule);
      this.rulesByFirst.set(first, list);
    }
    this.stopwords = new Map(vocabulary.stopwords.map((s) => [normalizeVi(s.word), s.weight]));
  }

  /** Replaces abbreviations and teencode (longest match first); see `knowledge/vocab/abbreviations.tsv`. */
  expandAbbreviations(tokens: readonly string[]): string[] {
    const out: string[] = [];
    let i = 0;
    while (i < tokens.length) {
      let matched = false;
      for (let len = Math.min(this.maxAbbrLength, tokens.length - i); len >= 1; len--) {
        const key = tokens.slice(i, i + len).join(' ');
        const exp = this.abbreviations.get(key);
        if (exp) {
          out.push(...exp);
          i += len;
          matched = true;
          break;
        }
      }
      if (!matched) out.push(tokens[i++]!);
    }
    return out;
  }

  /** Colloquial phrases found in `tokens`; an unaccented user syllable matches on its folded form. */
  matchPhrases(tokens: readonly string[]): { phrase: string; terms: string[]; weight: number }[] {
    const folded = tokens.map((t) => foldDiacritics(t));
    const found = new Map<string, { phrase: string; terms: string[]; weight: number }>();
    for (let i = 0; i < tokens.length; i++) {
      const rules = this.rulesByFirst.get(folded[i]!);
      if (!rules) continue;
      for (const rule of rules) {
        const n = rule.syllables.length;
        if (i + n > tokens.length) continue;
        let ok = true;
        for (let j = 0; j < n && ok; j++) {
          const tok = tokens[i + j]!;
          ok = tok === rule.syllables[j] || (!hasDiacritics(tok) && folded[i + j] === rule.folded[j]);
        }
        if (!ok) continue;
        const phrase = rule.syllables.join(' ');
        const prev = found.get(phrase);
        if (!prev || prev.weight < rule.weight) found.set(phrase, { phrase, terms: rule.terms, weight: rule.weight });
      }
    }
    // A longer phrase that contains a shorter one wins ("mất sổ đỏ" over "mất"): drop the contained ones.
    const sentence = ` ${folded.join(' ')} `;
    const phrases = [...found.values()].filter((p) => !LITERAL_SENSE.some((s) => s.phrase === p.phrase && s.cue.test(sentence)));
    return phrases.filter(
      (p) => !phrases.some((q) => q !== p && q.phrase.length > p.phrase.length && ` ${q.phrase} `.includes(` ${p.phrase} `)),
    );
  }

  /**
   * @param drop folded phrases to remove before matching (a named province is a filter
   *   and a prior, not words to match: "Hồ Chí Minh" must not pull in every procedure
   *   whose name mentions the city).
   */
  analyze(query: string, drop: readonly string[] = []): AnalyzedQuery {
    let normalized = normalizeVi(withoutPlaceNames(query));
    if (drop.length > 0) {
      const folded = foldDiacritics(normalized);
      let out = normalized;
      for (const phrase of drop) {
        // Folding keeps string length for Vietnamese text (NFC, one code unit per letter), so
        // positions found in the folded text cut the accented text at the same places.
        const re = new RegExp(`(^|[^a-z0-9])((?:thanh pho|tp\\.?|tinh)\\s+)?${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![a-z0-9])`, 'g');
        let m: RegExpExecArray | null;
        const cuts: [number, number][] = [];
        while ((m = re.exec(folded)) !== null) cuts.push([m.index + m[1]!.length, m.index + m[0].length]);
        for (const [a, b] of cuts.reverse()) out = `${out.slice(0, a)} ${out.slice(b)}`;
      }
      normalized = normalizeVi(out);
    }
    const accented = hasDiacritics(normalized);
    // "đã chuyển hộ khẩu về phường", "hợp đồng tặng cho công chứng xong rồi": a step the citizen
    // has already taken is background, not the request; its words count less.
    const clauses = doneClauses(normalized, accented);
    const tokens = clauses.flatMap((c) => this.expandAbbreviations(tokenizeVi(c.text)));
    const doneAt = clauses.flatMap((c) => this.expandAbbreviations(tokenizeVi(c.text)).map(() => c.done));
    // "xin lý lịch tư pháp để đi xuất khẩu lao động": what follows "để" is why, not what; its words count less.
    const purposeAt = purposeStart(tokens, accented);
    const clauseMult = tokens.map((_, i) => (purposeAt >= 0 && i >= purposeAt ? PURPOSE_WEIGHT : 1) * (doneAt[i] ? DONE_WEIGHT : 1));
    // "sao y giấy khai sinh và học bạ", "dịch công chứng hộ chiếu": the papers are what is copied,
    // certified or translated, not procedures asked for; their words weigh like background.
    const objectAt = copiedObjects(tokens);
    const mult = clauseMult.map((m, i) => m * (objectAt[i] ? OBJECT_WEIGHT : 1));
    // Phrases are matched within runs of one clause weight, and a phrase keeps the best weight it is found with.
    // A phrase found only inside the named papers ("giấy khai sinh") weighs like them and is
    // background; one that starts at the verb ("công chứng giấy khai sinh") keeps its weight.
    const byPhrase = new Map<string, { phrase: string; terms: string[]; weight: number; background?: boolean }>();
    for (let start = 0; start < tokens.length; ) {
      let end = start + 1;
      while (end < tokens.length && clauseMult[end] === clauseMult[start]) end++;
      const run = tokens.slice(start, end);
      // A phrase is the papers' when every place it is found starts inside them ("hộ chiếu cho con" after "sao y").
      const inObject = (phrase: string): boolean => {
        if (!objectAt.slice(start, end).some(Boolean)) return false;
        const syl = phrase.split(' ').map((x) => foldDiacritics(x));
        const starts: number[] = [];
        for (let k = start; k + syl.length <= end; k++) if (syl.every((x, m) => foldDiacritics(tokens[k + m]!) === x)) starts.push(k);
        return starts.length > 0 && starts.every((k) => objectAt[k]);
      };
      for (const e of this.matchPhrases(run)) {
        const object = inObject(e.phrase);
        const w = e.weight * clauseMult[start]! * (object ? OBJECT_WEIGHT : 1);
        const prev = byPhrase.get(e.phrase);
        const background = (doneAt[start]! || object) && (prev?.background ?? true);
        if (!prev || prev.weight < w) byPhrase.set(e.phrase, { ...e, weight: w, ...(background ? { background } : {}) });
        else if (!background && prev.background) delete prev.background;
      }
      start = end;
    }
    const expansions = [...byPhrase.values()];
    const terms = new Map<string, WeightedTerm>();
    const add = (term: string, weight: number, own: boolean) => {
      const prev = terms.get(term);
      if (!prev || prev.weight < weight) terms.set(term, { term, weight, own: own || (prev?.own ?? false) });
    };

    // The user's own words. A syllable typed with diacritics matches accented terms; one
    // typed without matches folded terms (so "lam lại" still finds "làm lại").
    let userTokens = tokens;
    if (!accented && this.options.unaccented === 'restore' && this.options.restorer) {
      userTokens = restoreDiacritics(tokens, this.options.restorer);
    }
    // "bố tôi mất tuần trước": "mất" is a death, not a lost paper. The catalogue says "chết" and
    // "từ trần"; the reviewers' situation lines say "mất" too, so the word itself keeps a little
    // weight and its bigrams ("vừa mất"), and explains no procedure name ("… do bị mất").
    const senses = tokens.map((_, i) => senseOfMat(tokens, i));
    const lexTokens = userTokens;
    if (senses.includes('death')) userTokens = userTokens.map((t, i) => (senses[i] === 'death' ? 'chết' : t));
    const emit = (term: string, weight: number, own: boolean, asAccented: boolean) => {
      if (weight <= 0) return;
      add(asAccented ? term : `~${foldDiacritics(term)}`, weight, own);
    };
    const weightOf = (t: string) => this.stopwords.get(t) ?? 1;
    const weightAt = (i: number) => weightOf(lexTokens[i]!) * mult[i]!;
    for (let i = 0; i < lexTokens.length; i++) {
      const t = lexTokens[i]!;
      const w = weightAt(i);
      const acc = hasDiacritics(t);
      if (senses[i] === 'death') {
        emit(t, w * DEATH_MAT_WEIGHT, true, acc);
        for (const d of DEATH_TERMS) emit(d, mult[i]! * DEATH_TERM_WEIGHT, true, true);
      } else emit(t, w, true, acc);
      const next = lexTokens[i + 1];
      if (next !== undefined) {
        const wn = weightAt(i + 1);
        if (w > 0 || wn > 0) emit(`${t}_${next}`, Math.max(w, wn), true, acc && hasDiacritics(next));
      }
    }
    // Official vocabulary added by colloquial phrases: always accented (it is our data).
    for (const e of expansions) {
      for (const phrase of e.terms) {
        const pt = tokenizeVi(phrase);
        for (let i = 0; i < pt.length; i++) {
          emit(pt[i]!, e.weight, false, hasDiacritics(pt[i]!));
          if (i + 1 < pt.length) emit(`${pt[i]}_${pt[i + 1]}`, e.weight, false, hasDiacritics(pt[i]!) && hasDiacritics(pt[i + 1]!));
        }
      }
    }
    const denseText = [tokens.map((t, i) => (senses[i] === 'death' ? 'chết từ trần qua đời' : t)).join(' '), ...expansions.flatMap((e) => e.terms)].join(' . ');
    const content = userTokens.filter((t) => weightOf(t) >= 1);
    const words = userTokens.filter((t) => weightOf(t) > 0);
    // Words said only in a step already taken: they explain a procedure's name less.
    const weak = (i: number) => doneAt[i] || objectAt[i];
    const strong = new Set(userTokens.filter((_, i) => !weak(i)).map((t) => foldDiacritics(t)));
    const background = [...new Set(userTokens.filter((t, i) => weak(i) && !strong.has(foldDiacritics(t))).map((t) => foldDiacritics(t)))];
    return { raw: query, normalized, tokens, content, words, accented, expansions, terms: [...terms.values()], denseText, background };
  }
}

/** Weight of the words of a clause telling a step already taken ("đã công chứng hợp đồng"). */
export const DONE_WEIGHT = 0.6;

/** Steps a citizen takes at an office or a notary: with "đã / vừa / mới" before or "xong / rồi" after, done. */
const DONE_ACTION =
  '(làm|đăng ký|chuyển|nhập|công chứng|chứng thực|ký|khai báo|khai|nộp|có|được cấp|cấp|báo|lập|cưới|đổi|sửa|cắt|tách|nhận được|lấy được|xin được|mua|bán|tặng|cho)';
/** What the citizen already receives ("đang hưởng lương hưu", "đang lãnh trợ cấp"): background too. */
const RECEIVING = '(đang|đang được|vẫn đang|hiện đang) (hưởng|lãnh|lĩnh|nhận)';
const DONE_BEFORE = new RegExp(`(^| )((đã|vừa|mới|vừa mới|cũng đã)( [\\p{L}]+){0,2} ${DONE_ACTION}|${RECEIVING})( |$)`, 'u');
const DONE_BEFORE_FOLDED = new RegExp(`(^| )((da|vua|moi|vua moi)( [a-z]+){0,2} ${foldDiacritics(DONE_ACTION)}|${foldDiacritics(RECEIVING)})( |$)`);
const DONE_ANY = new RegExp(`(^| )${DONE_ACTION}( |$)`, 'u');
const DONE_ANY_FOLDED = new RegExp(`(^| )${foldDiacritics(DONE_ACTION)}( |$)`);
const DONE_AFTER = /(^| )(xong|xong rồi|xong xuôi|có rồi|rồi)$/u;
const DONE_AFTER_FOLDED = /(^| )(xong|xong roi|xong xuoi|co roi)$/;
/** A clause that still asks or is still to do ("chưa", "muốn", "cần", "giờ", a question) is never background. */
const NOT_DONE = /(^| )(chưa|không|ko|k|hông|muốn|cần|phải|xin|giờ|bây giờ|nay|thì|sao|nào|đâu|gì|được không|bao lâu|bao nhiêu|có được|định|sắp|sẽ|tính|nhờ|hỏi)( |$)/u;
const NOT_DONE_FOLDED = /(^| )(chua|khong|ko|hong|muon|can|phai|xin|gio|bay gio|nay|thi|sao|nao|dau|gi|duoc khong|bao lau|bao nhieu|co duoc|dinh|sap|se|tinh|nho|hoi)( |$)/;

/**
 * The question's clauses (split at sentence ends, commas and semicolons; decimals such as
 * "1,5" stay whole), each marked `done` when it tells a step already taken ("đã chuyển hộ
 * khẩu về Hà Nội", "làm giấy tặng cho ở phòng công chứng rồi") and asks nothing.
 */
export function doneClauses(normalized: string, accented: boolean): { text: string; done: boolean }[] {
  const parts = normalized.split(/[.,](?!\d)|(?<!\d)[.,]|[;!?\n]|\s(?=(?:nhưng|nhung|mà|giờ|gio|bây giờ|nay)\s)/u).filter((x) => x && x.trim());
  if (parts.length < 2) return [{ text: normalized, done: false }];
  // "thuê trọ ở xã … mà chưa khai báo": a residence not yet registered is what the citizen asks about.
  const unregistered = /(^| )(chua|khong|ko) (khai bao|dang ky|bao|nhap|lam)( |$)/.test(foldDiacritics(normalized.toLowerCase()));
  return parts.map((text) => {
    const t = ` ${text.trim().toLowerCase()} `.replace(/\s+/g, ' ').trim();
    const f = foldDiacritics(t);
    const asks = accented ? NOT_DONE.test(t) : NOT_DONE_FOLDED.test(f);
    const done = accented
      ? DONE_BEFORE.test(t) || (DONE_AFTER.test(t) && DONE_ANY.test(t))
      : DONE_BEFORE_FOLDED.test(f) || (DONE_AFTER_FOLDED.test(f) && DONE_ANY_FOLDED.test(f));
    return { text, done: ((done || (!unregistered && livesAt(f))) && !asks) || prerequisite(f) };
  });
}

/**
 * A step asked about as coming first ("có phải quyết toán thuế trước không", "có cần về quê
 * cắt khẩu trước hông"): citizens ask whether something must be done before what they want,
 * after stating the want; the step is background to the request, like a step already taken.
 * Only the question form: "thợ xây bảo phải xin phép trước" tells the need itself.
 */
const PREREQUISITE = /(^| )co (phai|can|bat buoc)( [a-z]+){1,6} truoc (khong|ko|k|hong|hok|chua)( a| vay| ha)?$/;

/**
 * A tax or fee asked about as a yes/no question beside the request ("có phải quyết toán thuế
 * gì không", "có phải nộp lệ phí trước bạ không", "có được miễn lệ phí trước bạ không vì …"):
 * what the procedure costs, not the tax declaration itself, so it is background like a step
 * asked about as coming first.
 */
const FEE_QUESTION =
  /(^| )co (phai|can|duoc|bi) (nop|dong|chiu|quyet toan|khai|mien|giam|tra)( [a-z]+){0,12} (khong|ko|k|hong|hok)( |$)/;
const FEE_WORDS = /(^| )(thue|phi|le phi|truoc ba|quyet toan|tien)( |$)/;

function prerequisite(folded: string): boolean {
  const f = folded.replace(/[?!.]+$/, '').trim();
  return PREREQUISITE.test(f) || (FEE_QUESTION.test(f) && FEE_WORDS.test(f));
}

/** Where the citizen lives, told as a fact ("thường trú ở phường …", "thuê trọ ở xã …"): background unless the clause does something about it. */
const LIVES_AT =
  /(^| )(thuong tru|tam tru|ho khau|thue tro|o tro|nha tro|thue nha|dang song|dang o)( [a-z]+){0,2} (o|tai) (phuong|xa|quan|huyen|thi tran|thi xa|thanh pho|tp|tinh|thon|ap|khu pho|to dan pho)( |$)/;
const RESIDENCE_ACTION = /(^| )(dang ky|nhap|chuyen|xoa|khai bao|gia han|cat|tach|xin|don|ve|len)( |$)/;

function livesAt(folded: string): boolean {
  return LIVES_AT.test(folded) && !RESIDENCE_ACTION.test(folded);
}

/** Weight of the papers named as what is copied, certified or translated ("sao y giấy khai sinh"). */
export const OBJECT_WEIGHT = 0.6;

/** Verbs (folded syllables) whose objects are papers copied, certified or translated; longest first. "trích lục" is no such verb: "xin trích lục khai sinh" asks for the extract itself. */
const COPY_VERBS: ReadonlyArray<readonly string[]> = [
  ['sao', 'y', 'ban', 'chinh'],
  ['dich', 'thuat'],
  ['cong', 'chung'],
  ['chung', 'thuc'],
  ['sao', 'y'],
  ['pho', 'to'],
  ['photo'],
  ['photocopy'],
  ['scan'],
  ['dich'],
  ['sao'],
];
/** Words between the verb and the papers: "sao y bản sao", "công chứng giúp em mấy cái", "dịch sang tiếng Anh". */
const OBJECT_LEAD = new Set([
  'ban', 'sao', 'chinh', 'y', 'giup', 'ho', 'em', 'toi', 'minh', 'may', 'cac', 'cai', 'cuon', 'to', 'quyen', 'mot', 'hai', 'ba', 'bon', 'nam', 'lai', 'nhung', 'sang', 'tieng', 'anh', 'trung', 'nhat', 'han', 'phap', 'duc', 'nga', 'viet', 'ra',
]);
/** Paper words (folded, one or two syllables) that can be the object of a copy or a certification. */
const OBJECT_PAPERS = new Set([
  'giay', 'so', 'bang', 'hoc ba', 'ho chieu', 'can cuoc', 'cmnd', 'cccd', 'chung minh', 'the', 'bang diem', 'visa', 'ho khau', 'khai sinh',
  'ly lich', 'giay to', 'chung chi', 'van bang', 'passport', 'hoc bang', 'giay phep', 'trich luc', 'so do', 'so hong', 'cavet', 'ca vet',
]);
/** Words that end the papers named: the rest of the sentence is about something else. */
const OBJECT_END = new Set([
  'de', 'o', 'tai', 'thi', 'ma', 'co', 'duoc', 'khong', 'ko', 'k', 'hong', 'bao', 'mat', 'het', 'phai', 'can', 'nhu', 'dau', 'nao', 'gi',
  'le', 'phi', 'gia', 'cho', 'lam', 'xin', 'di', 'nop', 'sang', 'muon', 'o dau', 'vay', 'a', 'nhe', 'voi', 'roi', 'dang', 'ky', 'nhung', 'hay', 'hoac', 'thoi', 'ngay', 'luon', 'mang', 've', 'trong', 'tu',
]);
/** Words joining two papers ("giấy khai sinh với học bạ", "hộ chiếu và visa"): the next paper is named too. */
const OBJECT_JOIN = new Set(['voi', 'va', 'hay', 'hoac', 'ca', 'cung', 'lan', 'them']);

/**
 * Marks the papers named as the object of a copy, certification or translation ("sao y giấy khai
 * sinh với học bạ cho con", "chứng thực bản sao bằng đại học", "dịch công chứng hộ chiếu", "photo
 * công chứng sổ hộ khẩu"): from the first paper word after the verb to the end of the papers
 * (a word such as "để", "ở", "cho", "không" or a new verb ends them; "với / và" join the next
 * paper). The verb itself is not marked. "sao" alone counts only right before a paper
 * ("tại sao", "làm sao" are questions).
 */
export function copiedObjects(tokens: readonly string[]): boolean[] {
  const f = tokens.map((t) => foldDiacritics(t));
  const out = tokens.map(() => false);
  const paperAt = (k: number) => (k + 1 < f.length && OBJECT_PAPERS.has(`${f[k]} ${f[k + 1]}`) ? 2 : OBJECT_PAPERS.has(f[k] ?? '') ? 1 : 0);
  for (let i = 0; i < f.length; i++) {
    const verb = COPY_VERBS.find((v) => v.every((w, k) => f[i + k] === w));
    if (!verb) continue;
    if (verb.length === 1 && verb[0] === 'sao' && (paperAt(i + 1) === 0 || /^(tai|lam|vi|the|la|hay|khong|ko|ban)$/.test(f[i - 1] ?? ''))) continue;
    // "dịch vụ", "dịch bệnh": only a paper after it makes "dịch" a translation; "sao" typed with its tone mark only.
    if (verb[0] === 'sao' && tokens[i] !== 'sao') continue;
    let j = i + verb.length;
    // Verbs chain ("photo công chứng", "dịch thuật công chứng"); the lead words come next.
    for (let guard = 0; guard < 4; guard++) {
      const more = COPY_VERBS.find((v) => v.length > 1 && v.every((w, k) => f[j + k] === w));
      if (!more) break;
      j += more.length;
    }
    let lead = 0;
    while (j < f.length && paperAt(j) === 0 && (OBJECT_LEAD.has(f[j]!) || /^\d+$/.test(f[j]!)) && lead < 4) {
      j++;
      lead++;
    }
    if (paperAt(j) === 0) continue;
    let k = j;
    while (k < f.length && k - j < 12) {
      const paper = paperAt(k);
      if (paper > 0) {
        k += paper;
        continue;
      }
      if (OBJECT_JOIN.has(f[k]!) && paperAt(k + 1) > 0) {
        k++;
        continue;
      }
      if (OBJECT_END.has(f[k]!) || COPY_VERBS.some((v) => v.length > 1 && v.every((w, m) => f[k + m] === w))) break;
      k++;
    }
    for (let m = j; m < k; m++) out[m] = true;
    i = k - 1;
  }
  return out;
}

/** Weight of "mất" itself when it tells a death (its death terms weigh in full). */
const DEATH_MAT_WEIGHT = 0.5;
/** The catalogue's words for a death ("… đang hưởng trợ cấp ưu đãi từ trần", "người chết"). */
const DEATH_TERMS = ['chết', 'từ_trần'];
/** Weight of the death terms: a death told in a story is most often the background of the request (a guardianship, an inheritance). */
const DEATH_TERM_WEIGHT = 0.6;

/** What "mất" means where it stands: a death, a lost paper, what something costs, or none of these ("mất việc"). */
export type MatSense = 'death' | 'loss' | 'cost' | 'other';

/** People whose "mất" is a death (folded; two-syllable ones as one string). */
const PERSON_WORDS = new Set([
  'bo', 'me', 'ba', 'ma', 'bọ', 'mạ', 'cha', 'u', 'ong', 'chong', 'vo', 'anh', 'chi', 'em', 'con', 'chau', 'co', 'chu', 'bac', 'di',
  'cau', 'thim', 'mo', 'nguoi', 'cu', 'ong ba', 'bo me', 'cha me', 'ba ma', 'anh chi', 'anh em', 'chi em', 'vo chong', 'nguoi than',
  'nguoi nha', 'ong ay', 'ba ay',
].map((w) => foldDiacritics(w)));
/** Words between the person and "mất": possessors, kin qualifiers, tense and "đều / cũng". */
const PERSON_FILLER = new Set([
  'toi', 'minh', 'tui', 'tao', 'em', 'chau', 'con', 'noi', 'ngoai', 'ruot', 'ho', 'ay', 'trai', 'gai', 'ca', 'ut', 'chong', 'vo', 'nha',
  'cua', 'da', 'vua', 'moi', 'deu', 'cung', 'lai', 'dot', 'ngot', 'roi', 'nay', 'kia', 'nuoi', 'ke', 'ban', 'benh', 'va',
]);
/** The paper words whose "mất" is a loss ("sổ đỏ mất", "mất giấy khai sinh"). */
const PAPER_WORDS = new Set([
  'giay', 'so', 'the', 'bang', 'cmnd', 'cccd', 'chung minh', 'can cuoc', 'ho chieu', 'passport', 'vi', 'bop', 'tui', 'cavet', 'ca vet',
  'hoc ba', 'ban goc', 'ban chinh', 'giay to', 'so do', 'so hong', 'hop dong', 'bien', 'bien so', 'chung chi', 'van bang', 'dien thoai',
  'xe', 'tien', 'ho so', 'giay phep', 'visa', 'the bhyt', 'khai sinh',
]);
/** Words after "mất" that make it a cost ("mất bao lâu", "mất mấy ngày", "mất phí"). */
const STRONG_COST_NEXT = /^(bao|may|tien|phi|le|thoi|nhieu|khoang|chung|hon|it|them|cong|chi)$/;
/** A number after "mất": a cost ("mất hai ngày") unless a person died that long ago ("bố tôi mất 3 năm nay"). */
const NUMBER_NEXT = /^(\d+|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi|vai|nua)$/;
/** Words after "mất" that are no paper: "mất việc", "mất sức", "mất ngủ", "mất khả năng lao động". */
const OTHER_NEXT = /^(viec|suc|kha|ngu|dien|nuoc|mua|lien lac|tich|tri|trinh|hut|mat|long|ca|dat|hang|khau|tien|goc|tay|chan)$/;
/** After "mất": a paper lost when it names one. */
const TIME_OR_PLACE_NEXT = /^(roi|nam|hom|tuan|thang|ngay|trong|vi|do|khi|luc|tai|o|de|khong|cach|duoc|sau|truoc|som|tu|nhu|da|va|thi|ma|con|luon|lau|di)$/;

/** Whether folded tokens[from..] start with a phrase of `set`: returns its length (0 when not). */
function phraseAt(folded: readonly string[], from: number, set: ReadonlySet<string>): number {
  for (const n of [2, 1]) if (from + n <= folded.length && from >= 0 && set.has(folded.slice(from, from + n).join(' '))) return n;
  return 0;
}

/**
 * The sense of tokens[i] when it is "mất" (or "mat" typed without diacritics); 'other' for any
 * other token. A paper before or after it, or "bị / làm / đánh" before it, is a loss; a price or
 * a length of time after it is a cost; a person before it (with "tôi", "đã / vừa / đều" between)
 * or "vừa / mới mất" before a time or place is a death. The same cues as `caseOfQuestion` in
 * `preference.ts`, which reads the case (reissue) from them.
 */
export function senseOfMat(tokens: readonly string[], i: number): MatSense {
  const t = tokens[i]!;
  if (t !== 'mất' && t !== 'mat') return 'other';
  const f = tokens.map((x) => foldDiacritics(x));
  const next = f[i + 1] ?? '';
  const prev = f[i - 1] ?? '';
  if (STRONG_COST_NEXT.test(next)) return 'cost';
  if (/^(bi|lam|danh|chay|troi|cuon|roi|that|quen|lay)$/.test(prev) || next === 'cap' || next === 'trom') return 'loss';
  if (phraseAt(f, i + 1, PAPER_WORDS) > 0 && !NOT_PAPER.has(tokens[i + 1]!)) return 'loss';
  // "mất hết giấy tờ", "mất cả ví": the paper one word further.
  if (/^(het|ca|luon|sach)$/.test(next) && phraseAt(f, i + 2, PAPER_WORDS) > 0) return 'loss';
  if (OTHER_NEXT.test(next) && next !== 'tich') return 'other';
  // Walk back over the fillers to the subject: a person said among them or just before them.
  let j = i - 1;
  let pairPerson = false;
  while (j >= 0 && i - j <= 6) {
    if (j >= 1 && PERSON_WORDS.has(`${f[j - 1]} ${f[j]}`)) {
      pairPerson = true;
      j -= 2;
    } else if (PERSON_FILLER.has(f[j]!) || PERSON_WORDS.has(f[j]!)) j--;
    else break;
  }
  const span = f.slice(j + 1, i);
  const atJ = j >= 0 && PERSON_WORDS.has(f[j]!) ? [f[j]!] : [];
  const people = [...span, ...atJ].filter((w) => PERSON_WORDS.has(w));
  // "em / con / cháu" are also how a citizen names themself ("em mất rồi" = I lost it): alone they need a time or cause after.
  const strongPerson = pairPerson || people.some((w) => !SELF_WORDS.has(w));
  const person = pairPerson || people.length > 0;
  // The person owns a paper ("sổ đỏ của bố tôi mất rồi", "giấy tờ nhà em mất"): a loss.
  for (let k = Math.max(0, j - 3); k <= j; k++) {
    if (phraseAt(f, k, PAPER_WORDS) > 0 && !f.slice(k, j + 1).some((w) => PAPER_BREAK.has(w))) return 'loss';
  }
  if (NUMBER_NEXT.test(next)) {
    const years = /^(nam|thang|tuan|hom)$/.test(f[i + 2] ?? '') || (next === 'nam' && !/^(ngay|tuan|thang|gio|trieu|tram|nghin|ngan|chuc)$/.test(f[i + 2] ?? ''));
    return strongPerson && years ? 'death' : 'cost';
  }
  // "mạ tui mất có để lại di chúc": what the dead left.
  if (strongPerson && next === 'co' && /^(de|di)$/.test(f[i + 2] ?? '')) return 'death';
  if (person && (strongPerson ? next === '' || TIME_OR_PLACE_NEXT.test(next) || /^(het|ca)$/.test(next) : DEATH_NEXT.test(next))) return 'death';
  if (/^(vua|moi|da|deu)$/.test(prev) && DEATH_NEXT.test(next)) return 'death';
  return 'other';
}

/** Accented words whose folded form is a paper's ("vì" / "ví", "thế" / "thẻ"). */
const NOT_PAPER = new Set(['vì', 'thế', 'thể', 'sợ', 'vị']);
/** Words between a paper and "mất" that make the paper no subject ("làm khai sinh cho con mất hai ngày"). */
const PAPER_BREAK = new Set(['cho', 'lam', 'xin', 'de', 'dang', 'nop', 'khi', 'ma', 'thi']);

/** Self-pronouns that are also kin words. */
const SELF_WORDS = new Set(['em', 'con', 'chau', 'toi']);
/** After "mất", a time, a place or a cause: a death even without a clear person ("vừa mất hôm qua"). */
const DEATH_NEXT = /^(nam|hom|tuan|thang|ngay|trong|vi|khi|luc|tai|cach|sau|truoc|som|tu|dem|sang|chieu|toi|dot)$/;

/** Weight of the words of a purpose clause ("để đi xuất khẩu lao động") relative to the request itself. */
const PURPOSE_WEIGHT = 0.5;
// Tried: only questions of at most 20 syllables (a story may state its need after "để", sd-116):
// story-dev unchanged (sd-116 gained, sd-035 lost), story-dev-2 two cases fewer; dropped.
/** Words after "để" that make it no purpose marker: "để lại" (leave), "đề nghị", "đề xuất", "đề án", "dễ dàng" typed bare. */
const NOT_PURPOSE = new Set(['lại', 'lai', 'ý', 'y', 'nghị', 'nghi', 'xuất', 'xuat', 'án', 'an', 'cử', 'cu', 'tài', 'tai', 'dàng', 'dang', 'thi', 'mục', 'muc', 'ra', 'dành', 'danh']);

/**
 * Where a purpose clause starts: the "để" (or "de" in a question typed without diacritics)
 * after at least two words of request, when it is not "để lại", "đề nghị" and the like.
 * -1 when there is none.
 */
export function purposeStart(tokens: readonly string[], accented: boolean): number {
  for (let i = 2; i < tokens.length - 1; i++) {
    const t = tokens[i]!;
    if (t !== 'để' && !(t === 'de' && !accented)) continue;
    if (NOT_PURPOSE.has(tokens[i + 1]!)) continue;
    return i;
  }
  return -1;
}

/**
 * Colloquial phrases that are also the catalogue's own words in another sense, with the
 * (folded) words that pick the catalogue's sense. "nhập khẩu" is "nhập hộ khẩu" (register
 * into a household) in speech and "import" in the catalogue: with goods, vehicles, duties or
 * a business around it, it is the import, and the household expansion is not added.
 */
const LITERAL_SENSE: ReadonlyArray<{ phrase: string; cue: RegExp }> = [
  {
    phrase: 'nhập khẩu',
    cue: / (hang|hang hoa|xe|o to|may|may moc|thiet bi|thue|hai quan|doanh nghiep|cong ty|xuat khau|lo hang|container|nguyen lieu|thuoc|giong|sat xi|tam nhap|tai xuat|kinh doanh|san xuat|vat tu|phe lieu|thuc pham|my pham|phan bon|hoa chat) /,
  },
  // Typed without diacritics, "bao hanh" is "bảo hành" (a warranty) as much as "bạo hành"
  // (violence, in the statute vocabulary): with goods bought or repaired around it, the warranty.
  {
    phrase: 'bạo hành',
    cue: / (mua|cua hang|shop|sieu thi|san pham|hang hoa|tu lanh|dien thoai|may giat|tivi|laptop|xe may|sua chua|hu|hong|doi (cai )?moi|tra hang|hoa don|con han|het han|thoi han) /,
  },
];

/**
 * The unit words of an address, accented and not ("phường", "xã", "thôn"), before a place's name.
 * Written out in both cases: a case-insensitive regex would let `\p{Lu}` match lower case.
 */
const PLACE_UNIT =
  '(?:[Pp]hường|[Xx]ã|[Qq]uận|[Hh]uyện|[Tt]hị xã|[Tt]hị trấn|[Tt]hôn|[Ấấ]p|[Kk]hu phố|[Tt]ổ dân phố|[Pp]huong|[Xx]a|[Qq]uan|[Hh]uyen|[Tt]hi xa|[Tt]hi tran|[Tt]hon|[Kk]hu pho)';
const PLACE_NAME = new RegExp(`(^|[^\\p{L}])(${PLACE_UNIT})((?:[ \\t]+\\p{Lu}[\\p{L}]*){1,3})`, 'gu');

/**
 * Drops the capitalised name after an address unit ("ở phường Cầu Giấy", "xa Quang Minh") and
 * keeps the unit: a citizen's story names where they live, and the name's syllables ("giấy",
 * "minh", "an") are words of procedure names that have nothing to do with the request. The
 * unit stays ("làm ở xã được không" asks about the commune level). Lower-case names stay:
 * without the capital there is no telling a name from the next words.
 */
export function withoutPlaceNames(text: string): string {
  return text.replace(PLACE_NAME, (_m, before: string, unit: string) => `${before}${unit} `);
}

/** Restores diacritics token by token, preferring bigram evidence over single syllables. */
export function restoreDiacritics(tokens: readonly string[], restorer: DiacriticRestorer): string[] {
  const out = [...tokens];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (hasDiacritics(t)) continue;
    const left = i > 0 ? restorer(`${foldDiacritics(tokens[i - 1]!)}_${t}`) : undefined;
    const right = i + 1 < tokens.length ? restorer(`${t}_${foldDiacritics(tokens[i + 1]!)}`) : undefined;
    const fromRight = right?.split('_')[0];
    const fromLeft = left?.split('_')[1];
    out[i] = fromRight ?? fromLeft ?? restorer(t) ?? t;
  }
  return out;
}
