import type { Procedure } from '../../knowledge/index.js';
import type { ProcedureCatalog, ProcedureRetriever, SearchHit, SearchResult } from '../../retrieval/index.js';
import { caseOfName, caseOfQuestion, DEFAULT_DEPLOYMENT_PROVINCE, preferForCitizen, type ProcedureCase } from '../../retrieval/index.js';
import {
  ACTIONS,
  type Aspect,
  composeAspect,
  composeComparison,
  composePassageAnswer,
  composeShortAnswer,
  findPassages,
} from '../answer/compose.js';
import { readAsker } from '../answer/asker.js';
import type { ProvinceNames } from '../answer/province.js';
import { displayName, PORTAL_HOTLINE } from '../answer/format.js';
import type { AnswerRephraser } from '../llm/rephraser.js';
import { fold, foldedTokens, hasAnyPhrase, hasPhrase, removePhrases } from '../text.js';
import type { OutgoingMessage, RankedProcedure, Skill, SuggestedAction, Turn, TurnOutcome, TurnResult } from '../types.js';
import { HELP_ACTIONS } from './small-talk.js';

/** What the Q&A skill keeps in `conversation.qa`. */
export interface QaState {
  /** Code of the procedure under discussion. */
  current?: string;
  /** A clarifying question was asked: the original question and the offered codes. */
  pending?: { query: string; codes: string[] };
  /** Ranked procedures of the last search, reported again on follow-ups. */
  ranked?: RankedProcedure[];
}

const ASPECT_PHRASES: Record<Aspect, string[]> = {
  fee: ['le phi', 'phi', 'bao nhieu tien', 'mat tien', 'ton tien', 'het bao nhieu', 'chi phi', 'tien', 'mien phi', 'ton bao nhieu', 'mat bao nhieu tien'],
  time: ['bao lau', 'may ngay', 'bao nhieu ngay', 'thoi gian', 'thoi han giai quyet', 'mat may ngay', 'khi nao co', 'lau khong', 'mat bao lau', 'bao gio co', 'bao lau thi co'],
  online: ['online', 'onl', 'truc tuyen', 'qua mang', 'tren mang', 'vneid', 'dich vu cong', 'nop mang', 'qua dien thoai', 'tai nha'],
  documents: ['giay to', 'ho so', 'can gi', 'mang gi', 'mang theo', 'can mang', 'chuan bi gi', 'can nhung gi', 'thanh phan', 'xem du ho so', 'can nhung giay to gi', 'giay to gi'],
  where: ['o dau', 'nop dau', 'cho nao', 'noi nao', 'co quan nao', 'nop o dau', 'lam o dau', 'dau', 'phuong nao', 'xa nao', 'lam o phuong', 'lam o xa', 'nop o phuong', 'nop o xa', 'tai phuong', 'tai xa', 'o phuong', 'o xa'],
  steps: ['cac buoc', 'trinh tu', 'quy trinh', 'cach lam', 'lam the nao', 'lam sao', 'thu tuc the nao'],
  legal: ['can cu phap ly', 'can cu', 'phap ly', 'luat nao', 'van ban nao', 'nghi dinh nao', 'quy dinh nao', 'theo luat'],
  conditions: ['dieu kien', 'yeu cau gi'],
  result: ['ket qua', 'nhan duoc gi', 'duoc cap gi'],
};
const ASPECT_ORDER: Aspect[] = ['legal', 'steps', 'fee', 'time', 'online', 'documents', 'where', 'conditions', 'result'];
const ALL_ASPECT_PHRASES = Object.values(ASPECT_PHRASES).flat();
/**
 * "làm thế nào", "làm sao", "thủ tục thế nào": a citizen asking how to do something wants the
 * short answer (where, documents, fee, time), the steps one tap away; only words naming the
 * steps themselves ("các bước", "trình tự", "quy trình") ask for the steps on a new topic.
 */
const STEP_WORDS = ['cac buoc', 'trinh tu', 'quy trinh', 'tung buoc', 'buoc nao'];
/** Aspects the first (short) answer already covers. */
const SHORT_ANSWER_ASPECTS = new Set<Aspect>(['documents', 'fee', 'time', 'online', 'where']);

const BUTTON_ASPECT: Record<string, Aspect> = {
  [fold(ACTIONS.documents)]: 'documents',
  [fold(ACTIONS.steps)]: 'steps',
  [fold(ACTIONS.fee)]: 'fee',
  [fold(ACTIONS.legal)]: 'legal',
};

const FILLER = [
  'the', 'con', 'vay', 'thi', 'sao', 'a', 'nhe', 'oi', 'neu', 'duoc', 'khong', 'ko', 'k', 'hok', 'bao nhieu', 'co', 'la', 'gi', 'can', 'nop',
  'lam', 'minh', 'toi', 'tui', 'em', 'anh', 'chi', 'ban', 'cho', 'ne', 'roi', 'nua', 'z', 'v', 'thu tuc', 'nay', 'do', 'ay', 'cai', 'phai',
  'nhu the nao', 'the nao', 'ra sao', 'vay a', 'nao', 'ha', 'hả', 'u', 'ah', 'di', 'mat', 'bao', 'het', 'nhieu', 'xin', 'hoi', 'giup', 'voi',
  'o', 'tai', 'qua', 'duoc khong', 'chua', 'may', 'can phai', 'nhung', 'mang', 'theo', 'va', 'hay', 'dc', 'ntn', 'sao a', 'the a',
];
const FILLER_SET = new Set(FILLER);
/** Words that name no procedure by themselves ("đăng ký", "giấy tờ"): a question made only of these is vague. */
const GENERIC = ['dang ky', 'giay to', 'giay', 'thu tuc', 'lam', 'xin', 'cap', 'ho so', 'hanh chinh', 'cai nay', 'cai do', 'viec', 'do', 'cai', 'no', 'kia'];
/** Retriever score under which a low-confidence hit is not offered at all (calibrated on the hybrid retriever's fused score). */
export const DEFAULT_NO_MATCH_SCORE = 0.5;
/** A bare topic ("khai sinh") is ambiguous when other procedures score within this ratio of the best. */
const BARE_TOPIC_RATIO = 0.8;
/**
 * A low-confidence search (the question's words are mostly not the record's) is asked about
 * only when another procedure family scores within this ratio of the best; a clear winner is
 * answered, with the hedge. Counterfactual on the dev splits' low-confidence questions: the
 * best was right in 7 of the 8 whose rival scored under 0.85 of it (0 answered right before).
 */
const LOW_CONFIDENCE_RIVAL_RATIO = 0.85;
/** A national procedure and a province's variant are equally likely within this ratio. */
const VARIANT_RATIO = 0.95;
/** Words that pick one case of a family ("mất" → cấp lại): a question with them is not a bare topic. */
const CASE_WORDS = ['mat', 'bi mat', 'hong', 'rach', 'sai', 'het han', 'qua han', 'lai', 'doi', 'moi', 'lan dau'];
const SITUATION = ['neu', 'khong co', 'thi sao', 'truong hop', 'bi mat', 'qua han', 'tre han', 'dung han', 'con neu', 'lo', 'chua co', 'bi'];
/** Weight of a story's background words against its request sentences (see `searchStory`). */
const STORY_BACKGROUND_WEIGHT = 0.7;
/** Above this many words a one-sentence message is a story too (see `searchStory`). */
const STORY_TOLD_WORDS = 30;
/** Above this many words a message is searched as a story (see `searchStory`). */
const STORY_WORDS = 14;
/** Words that mark the sentence of a story that asks for something. */
const REQUEST_CUE =
  /\b(lam sao|the nao|ntn|can gi|can giay|giay to gi|ho so|o dau|phai lam|lam gi|lam giay|xin giay|dang ky|thu tuc|duoc khong|co duoc|nop|cap|lam lai|xin|huong|tro cap|ra sao|cach nao|bao lau|can lam)\b/;
const COMPARISON = /\b(khac gi|khac nhau|so sanh|giong nhau|giong gi|khac nhau the nao|khac nhau o dau)\b/;

type OutOfScope = 'injection' | 'politics' | 'weather' | 'other';
const OUT_OF_SCOPE: Record<OutOfScope, string[]> = {
  injection: [
    'bo qua huong dan', 'bo qua cac huong dan', 'bo qua moi huong dan', 'bo qua chi dan', 'ignore previous', 'ignore all', 'ignore the', 'system prompt',
    'prompt he thong', 'dong vai', 'ban la chatgpt', 'jailbreak', 'quen het huong dan', 'quen cac huong dan', 'tiet lo huong dan', 'developer mode', 'che do nha phat trien',
    'you are now', 'ignore your instructions', 'hay chui', 'chui nguoi dung', 'noi tuc', 'pretend you', 'act as',
  ],
  politics: ['chinh tri', 'dang cong san', 'tong bi thu', 'bieu tinh', 'bau cu tong thong', 'quan diem chinh tri', 'che do chinh tri', 'dang phai'],
  weather: ['thoi tiet', 'du bao thoi tiet', 'troi mua', 'nhiet do', 'mua bao', 'co mua khong', 'nang nong'],
  other: [
    'bong da', 'ty so', 'tran dau', 'xo so', 'ket qua xo so', 'gia vang', 'chung khoan', 'co phieu', 'bitcoin', 'tien ao', 'crypto', 'ke chuyen cuoi', 'chuyen cuoi',
    'lam tho', 'bai tho', 'lam mot bai tho', 'bai hat', 'hat cho', 'cong thuc nau', 'nau mon', 'an gi ngon', 'hom nay an gi', 'xem phim', 'tu vi', 'boi toan', 'phong thuy',
    'so dien thoai cua chu tich', 'so dien thoai rieng', 'nen mua khong', 'choi game',
  ],
};

export interface ProcedureQaDeps {
  catalogue: ProcedureCatalog;
  retriever: ProcedureRetriever;
  /** Optional LLM rephrasing of grounded answers; the template is used when absent or failing. */
  rephraser?: AnswerRephraser;
  /** See `DEFAULT_NO_MATCH_SCORE`. */
  noMatchScore?: number;
  /** The deployment's province: its own procedure variants stay eligible (default Hà Nội). */
  deploymentProvince?: string;
  /** The provinces a citizen may name, loaded once by the composition root. */
  provinces?: ProvinceNames;
}

export function detectAspect(f: string): Aspect | undefined {
  for (const a of ASPECT_ORDER) if (hasAnyPhrase(f, ASPECT_PHRASES[a])) return a;
  return undefined;
}

/**
 * The aspect a question asks about, once the words it shares with the procedure's name are
 * set aside: "xin trợ giúp pháp lý … nộp đơn ở đâu" asks where, not for the legal basis
 * ("pháp lý" is the name's); "xác nhận điều kiện …" is no question about conditions. Only runs
 * of three or more of the name's words in a row count as its name ("pháp lý" alone stays).
 */
export function aspectBeyondName(f: string, name: string): Aspect | undefined {
  const n = foldedTokens(name);
  let q = ` ${f} `;
  for (let len = n.length; len >= 3; len--) {
    for (let i = 0; i + len <= n.length; i++) {
      const run = ` ${n.slice(i, i + len).join(' ')} `;
      while (q.includes(run)) q = q.replace(run, ' | ');
    }
  }
  return detectAspect(q.replace(/\s+/g, ' ').trim());
}

export function detectOutOfScope(f: string): OutOfScope | undefined {
  for (const k of Object.keys(OUT_OF_SCOPE) as OutOfScope[]) if (hasAnyPhrase(f, OUT_OF_SCOPE[k])) return k;
  return undefined;
}

/** Words of the question that are not about an aspect nor filler: what names a topic or a situation. */
export function topicWords(f: string): string[] {
  return removePhrases(f, ALL_ASPECT_PHRASES)
    .split(' ')
    .filter((t) => t && !FILLER_SET.has(t));
}

function ranked(hits: readonly SearchHit[]): RankedProcedure[] {
  return hits.map((h) => ({ code: h.code, name: h.name, score: h.score }));
}

function optionTitle(p: Procedure): string {
  const n = displayName(p);
  return n.length > 60 ? `${n.slice(0, 57).trim()}…` : n;
}

/** Base name of a provincial variant: "X (TP Hà Nội)" → "x". */
function variantBase(name: string): string {
  return fold(name.replace(/\s*\([^)]*\)\s*$/u, ''));
}

const FAMILY_NOISE = new Set(['thu', 'tuc', 'hoac', 'va', 'cac']);

/** Same procedure family: equal word sets once level/province suffixes and connectives are dropped. */
function familyKey(name: string): string {
  return [...new Set(variantBase(name).split(' ').filter((t) => t && !FAMILY_NOISE.has(t)))].sort().join(' ');
}

/** A variant of one procedure family that changes what the citizen brings and pays. */
type Variant = { kind: ProcedureCase | 'foreign' | 'minor' | 'adult'; p: Procedure };

const VARIANT_LABEL: Record<Variant['kind'], string> = {
  new: 'Làm lần đầu',
  reissue: 'Cấp lại (bị mất, hỏng)',
  change: 'Cấp đổi, thay đổi thông tin',
  late: 'Đăng ký quá hạn / đăng ký lại',
  foreign: 'Có yếu tố nước ngoài',
  minor: 'Cho trẻ dưới 14 tuổi',
  adult: 'Cho người từ đủ 14 tuổi',
};
/** Variants scoring within this ratio of the best are equally likely: the citizen's words must decide. */
const VARIANT_QUESTION_RATIO = 0.9;
const CASE_NAME_WORDS = /\b(cap lai|cap doi|cap moi|cap|dang ky lai|lan dau|qua han|co yeu to nuoc ngoai|cho nguoi tu du 14 tuoi tro len|cho nguoi duoi 14 tuoi|duoi 14 tuoi|tu du 14 tuoi tro len|thu tuc)\b|\([^)]*\)/g;
const AGE_WORDS = ['tuoi', 'cho con', 'cho be', 'cho chau', 'tre em', 'con toi', 'con em', 'con minh', 'so sinh'];
const FOREIGN_WORDS_Q = ['nuoc ngoai', 'quoc tich', 'viet kieu', 'nguoi nuoc'];
const KIN_WORDS = ['vo', 'chong', 'con', 'chau', 'ban trai', 'ban gai', 'nguoi yeu', 'cha', 'me', 'bo', 'ong', 'ba', 'anh', 'chi', 'em'];

function variantKind(p: Procedure): Variant['kind'] {
  const f = fold(p.name);
  if (/co yeu to nuoc ngoai/.test(f)) return 'foreign';
  if (/duoi 14 tuoi|chua du 14 tuoi/.test(f)) return 'minor';
  const c = caseOfName(p.name);
  if (c === 'new' && /tu du 14 tuoi/.test(f)) return 'adult';
  return c;
}

function variantBaseTokens(name: string): Set<string> {
  return new Set(fold(name).replace(CASE_NAME_WORDS, ' ').split(/\s+/).filter((t) => t.length > 1));
}

/**
 * The variants of the top procedure's family that score close to it and differ in what
 * matters to the citizen (first issue / reissue / change / late; a foreign element; a
 * child under 14), one per kind, when the citizen's words do not decide between them.
 */
export function variantChoices(question: string, hits: readonly SearchHit[], catalogue: ProcedureCatalog): Procedure[] {
  const f = fold(question);
  const top = hits[0] ? catalogue.get(hits[0].code) : undefined;
  if (!top) return [];
  const base = variantBaseTokens(top.name);
  if (base.size === 0) return [];
  const saysCase = caseOfQuestion(question) !== null;
  const saysForeign = hasAnyPhrase(f, FOREIGN_WORDS_Q);
  const saysAge = hasAnyPhrase(f, AGE_WORDS);
  const byKind = new Map<Variant['kind'], Procedure>();
  for (const h of hits.slice(0, 6)) {
    if (h.score < (hits[0]!.score) * VARIANT_QUESTION_RATIO) break;
    const p = catalogue.get(h.code);
    if (!p) continue;
    const b = variantBaseTokens(p.name);
    const shared = [...b].filter((t) => base.has(t)).length;
    if (shared < Math.max(2, Math.min(b.size, base.size) * 0.8)) continue;
    const kind = variantKind(p);
    if (!byKind.has(kind)) byKind.set(kind, p);
  }
  // The family must be what the question names: a hit outside it that shares more of the
  // question's words (a "giấy phép liên vận GMS" beside "giấy phép lái xe") means no question.
  const qWords = new Set(foldedTokens(question).filter((t) => t.length > 1 && !FILLER_SET.has(t)));
  const covered = (name: string) => new Set(foldedTokens(name).filter((t) => qWords.has(t))).size;
  const familyCodes = new Set([...byKind.values()].map((p) => p.code));
  const outside = hits.slice(0, 8).filter((h) => !familyCodes.has(h.code) && catalogue.get(h.code));
  if (outside.some((h) => covered(h.name) > covered(top.name))) return [];
  // A foreign element concerns another person: asked about only when the question names one.
  if (!hasAnyPhrase(f, KIN_WORDS)) byKind.delete('foreign');
  const kinds = [...byKind.keys()];
  const caseKinds = kinds.filter((k) => k === 'new' || k === 'reissue' || k === 'change' || k === 'late' || k === 'adult');
  const decided = (k: Variant['kind']) =>
    ((k === 'new' || k === 'reissue' || k === 'change' || k === 'late') && saysCase) || (k === 'foreign' && saysForeign) || ((k === 'minor' || k === 'adult') && saysAge);
  const open = kinds.filter((k) => !decided(k));
  if (byKind.size < 2 || open.length < 2) return [];
  if (caseKinds.length < 2 && !kinds.includes('foreign') && !kinds.includes('minor')) return [];
  return [...byKind.entries()].filter(([k]) => !decided(k) || k === variantKind(top)).map(([, p]) => p);
}

/** Works classes a question may name ("công trình cấp II"), as folded tokens. */
const WORKS_CLASS = /\bcap (dac biet|iv|iii|ii|i)\b/g;
/** Hits within this ratio of the best are close enough for the record's own facts to decide. */
const ANSWER_PREFERENCE_RATIO = 0.85;

/**
 * The hit to answer with among close ones, by what the records themselves say: a record
 * listing the works class the citizen names ("cấp II" in "… cấp đặc biệt, cấp I, cấp II")
 * over one listing other classes only; a record with details over an index-only record of
 * the same procedure ("HƯỞNG BẢO HIỂM XÃ HỘI MỘT LẦN." beside "Giải quyết hưởng bảo hiểm xã
 * hội một lần"), since only the detailed one can answer.
 */
export function preferForAnswer(hits: readonly SearchHit[], catalogue: ProcedureCatalog, question: string): SearchHit[] {
  if (hits.length < 2) return [...hits];
  const top = hits[0]!;
  const close = hits.slice(1, 6).filter((h) => h.score >= top.score * ANSWER_PREFERENCE_RATIO);
  const front = (h: SearchHit) => [h, ...hits.filter((x) => x !== h)];
  const classes = [...fold(question).matchAll(WORKS_CLASS)].map((m) => m[1]!);
  if (classes.length) {
    const lists = (name: string) => [...fold(name).matchAll(WORKS_CLASS)].map((m) => m[1]!);
    const fits = (name: string) => classes.every((c) => lists(name).includes(c));
    const topLists = lists(top.name);
    if (topLists.length && !fits(top.name)) {
      const better = close.find((h) => fits(h.name));
      if (better) return front(better);
    }
  }
  const topP = catalogue.get(top.code);
  // A province's own variant the preference put first (the citizen's province) stays first.
  if (topP?.detailLevel === 'index' && topP.scope !== 'provincial') {
    const words = new Set(foldedTokens(topP.name).filter((t) => t.length > 1));
    const detailed = close.find((h) => {
      const p = catalogue.get(h.code);
      if (!p || p.detailLevel !== 'full') return false;
      const shared = foldedTokens(p.name).filter((t) => words.has(t));
      return new Set(shared).size >= Math.max(2, words.size * 0.6);
    });
    if (detailed) return front(detailed);
  }
  return [...hits];
}

/** Civil-status events whose paper, once lost, is either copied from the register or registered again. */
const CIVIL_EVENTS: Array<{ question: RegExp; name: string }> = [
  { question: /\bkhai sinh\b/, name: 'khai sinh' },
  { question: /\b(ket hon|dang ky ket hon|giay chung nhan ket hon)\b/, name: 'ket hon' },
  { question: /\b(giay chung tu|trich luc khai tu|giay khai tu)\b/, name: 'khai tu' },
];
/** The paper itself was lost ("giấy khai sinh bị mất", "làm mất giấy", "làm lại giấy"), not a person who died ("bố tôi mất"). */
const PAPER_LOST =
  /\b(giay|ban chinh|trich luc|so)\b[^.?!]{0,50}\b(bi mat|mat|that lac|bi chay|chay|hong|rach)\b|\b(lam mat|danh mat|bi mat|that lac)\s+(het\s+)?(giay|ban|trich luc|so)\b|\b(lam|xin|cap) lai\s+(cai\s+)?(giay|ban|trich luc)\b/;
/** The citizen says which: a copy ("bản sao", "trích lục") or a new registration (the register is gone too). */
const SAYS_COPY = /\b(ban sao|trich luc)\b/;
const SAYS_REREGISTER = /\b(so ho tich|so goc|khong con luu|khong luu|dang ky lai|khong con ho so|mat ca so)\b/;

export interface LostPaperChoice {
  label: string;
  p: Procedure;
}

/**
 * A lost birth, marriage or death paper: the register that recorded it can issue a copy
 * (bản sao trích lục, at the commune/ward or online), and only when the register itself is
 * lost too is the event registered again (đăng ký lại). When the citizen says "mất" and not
 * which, and both procedures are among the hits, the two are the choices of one question.
 */
export function lostPaperChoices(question: string, hits: readonly SearchHit[], catalogue: ProcedureCatalog): LostPaperChoice[] {
  const f = ` ${fold(question)} `;
  if (caseOfQuestion(question) !== 'reissue' || !PAPER_LOST.test(f) || SAYS_COPY.test(f) || SAYS_REREGISTER.test(f)) return [];
  const event = CIVIL_EVENTS.find((e) => e.question.test(f));
  if (!event) return [];
  const foreign = hasAnyPhrase(f.trim(), FOREIGN_WORDS_Q);
  const pool = hits.slice(0, 8).map((h) => catalogue.get(h.code)).filter((p): p is Procedure => !!p);
  const domestic = (p: Procedure) => !/co yeu to nuoc ngoai|bo ngoai giao|nuoc ngoai/.test(fold(p.name)) || foreign;
  const isCopy = (p: Procedure) => /\bban sao trich luc\b/.test(fold(p.name)) && p.levels.includes('xa') && p.detailLevel === 'full' && domestic(p);
  // The copy procedure covers every civil-status paper; a question about a marriage paper may not rank it.
  const copy = pool.find(isCopy) ?? catalogue.all().find(isCopy);
  const again = pool.find((p) => new RegExp(`\\bdang ky lai ${event.name}\\b`).test(fold(p.name)) && domestic(p));
  if (!copy || !again) return [];
  return [
    { label: 'Xin bản sao (sổ còn lưu)', p: copy },
    { label: 'Đăng ký lại (sổ cũng mất)', p: again },
  ];
}

/**
 * Procedure questions: answers from the catalogue record only, keeps the procedure
 * under discussion for follow-ups, clarifies once when several fit, refuses when out of
 * scope or nothing matches.
 */
export function createProcedureQaSkill(deps: ProcedureQaDeps): Skill {
  const { catalogue, retriever } = deps;

  const finish = async (turn: Turn, state: QaState, message: OutgoingMessage, outcome: TurnOutcome, cited: Procedure[]): Promise<TurnResult> => {
    if (outcome.behavior === 'answer' && outcome.procedureCode) {
      state.current = outcome.procedureCode;
      turn.conversation.lastAnswer = { question: turn.text, procedureCode: outcome.procedureCode, at: turn.now.toISOString() };
    }
    let msg = message;
    if (deps.rephraser && outcome.behavior === 'answer' && cited.length > 0) {
      const rephrased = await deps.rephraser.rephrase({ question: turn.text, answer: message.text, procedures: cited });
      if (rephrased) {
        msg = { ...message, text: rephrased };
        outcome = { ...outcome, tags: [...(outcome.tags ?? []), 'llm'] };
      }
    }
    return { messages: [msg], outcome };
  };

  const answerProcedure = (turn: Turn, state: QaState, p: Procedure, procedures: RankedProcedure[], opts: { aspect?: Aspect; tags?: string[]; situation?: boolean; intro?: string; newTopic?: boolean }) => {
    state.pending = undefined;
    const tags = [...(opts.tags ?? [])];
    if (p.detailLevel === 'index') tags.push('index-only');
    let message: OutgoingMessage;
    // On a new topic, situation words are matched without the procedure's own name words
    // (which every passage shares) and shown as one note inside the short answer.
    const nameWords = new Set(foldedTokens(p.name));
    const residual = foldedTokens(turn.text).filter((w) => !nameWords.has(w)).join(' ');
    const passages = opts.situation && p.detailLevel === 'full' ? findPassages(p, opts.newTopic ? residual : turn.text, opts.newTopic ? 1 : 2) : [];
    // Facts for this asker on this day: the question that opened the topic says who asks and which case.
    const earlier = p.code === state.current && turn.conversation.lastAnswer?.procedureCode === p.code ? turn.conversation.lastAnswer.question : '';
    const ctx = readAsker(`${earlier} ${turn.text}`, turn.now, deps.provinces);
    // A first question is answered with the short answer (its situation line inside) even when it
    // also asks where, how long or how much: those are in the short answer.
    if (passages.length && opts.newTopic && (!opts.aspect || SHORT_ANSWER_ASPECTS.has(opts.aspect) || opts.aspect === 'steps')) {
      message = composeShortAnswer(p, opts.intro, passages[0], ctx);
      tags.push('situation');
    } else if (passages.length) {
      message = composePassageAnswer(p, passages);
      tags.push('situation');
    } else if (opts.aspect && (!opts.newTopic || !(SHORT_ANSWER_ASPECTS.has(opts.aspect) || (opts.aspect === 'steps' && !hasAnyPhrase(fold(turn.text), STEP_WORDS))))) {
      message = composeAspect(p, opts.aspect, ctx);
      tags.push(`aspect:${opts.aspect}`);
    } else {
      message = composeShortAnswer(p, opts.intro, undefined, ctx);
    }
    const list = procedures.length ? procedures : state.ranked?.length ? state.ranked : [{ code: p.code, name: p.name, score: 1 }];
    if (procedures.length) state.ranked = procedures.slice(0, 5);
    const sorted = [...list.filter((x) => x.code === p.code), ...list.filter((x) => x.code !== p.code)];
    if (!sorted.some((x) => x.code === p.code)) sorted.unshift({ code: p.code, name: p.name, score: 1 });
    return finish(turn, state, message, { behavior: 'answer', procedures: sorted, procedureCode: p.code, tags }, [p]);
  };

  const clarify = (turn: Turn, state: QaState, options: Procedure[], procedures: RankedProcedure[]): Promise<TurnResult> => {
    const max = Math.max(2, Math.min(4, turn.capabilities.maxButtons));
    const opts = options.slice(0, max);
    state.pending = { query: turn.text, codes: opts.map((p) => p.code) };
    const buttons: SuggestedAction[] = opts.map((p) => ({ title: optionTitle(p), value: `${displayName(p)} (mã ${p.code})` }));
    const list = opts.map((p) => `- ${displayName(p)}`).join('\n');
    const text = `Dạ, câu hỏi của anh/chị có thể thuộc một trong các thủ tục sau. Anh/chị muốn hỏi thủ tục nào ạ?\n${list}`;
    return finish(turn, state, { text, suggestedActions: buttons }, { behavior: 'clarify', procedures, tags: ['clarify'] }, []);
  };

  /** One question with the variants as choices; a tap sends the procedure's code. */
  const askVariant = (turn: Turn, state: QaState, options: Procedure[], procedures: RankedProcedure[]): Promise<TurnResult> => {
    const max = Math.max(2, Math.min(4, turn.capabilities.maxButtons));
    const opts = options.slice(0, max);
    state.pending = { query: turn.text, codes: opts.map((p) => p.code) };
    const labels = opts.map((p) => VARIANT_LABEL[variantKind(p)]);
    const buttons: SuggestedAction[] = opts.map((p, i) => ({ title: labels[i]!, value: `${displayName(p)} (mã ${p.code})` }));
    const list = opts.map((p, i) => `- ${labels[i]}: ${displayName(p)}`).join('\n');
    const text = `Dạ, hồ sơ và lệ phí khác nhau tùy trường hợp. Anh/chị đang ở trường hợp nào ạ?\n${list}`;
    return finish(turn, state, { text, suggestedActions: buttons }, { behavior: 'clarify', procedures, tags: ['clarify', 'variant'] }, []);
  };

  /** One question: copy from the register or register again; a tap sends the procedure's code. */
  const askLostPaper = (turn: Turn, state: QaState, options: LostPaperChoice[], procedures: RankedProcedure[]): Promise<TurnResult> => {
    state.pending = { query: turn.text, codes: options.map((o) => o.p.code) };
    const buttons: SuggestedAction[] = options.map((o) => ({ title: o.label, value: `${displayName(o.p)} (mã ${o.p.code})` }));
    const list = options.map((o) => `- ${o.label}: ${displayName(o.p)}`).join('\n');
    const text = `Dạ, giấy bị mất thì anh/chị xin bản sao tại nơi đã đăng ký (hoặc trực tuyến) nếu sổ hộ tịch ở đó còn lưu; chỉ khi sổ hộ tịch cũng không còn mới phải đăng ký lại. Anh/chị ở trường hợp nào ạ?\n${list}`;
    return finish(turn, state, { text, suggestedActions: buttons }, { behavior: 'clarify', procedures, tags: ['clarify', 'variant', 'lost-paper'] }, []);
  };

  const refuse = (turn: Turn, state: QaState, kind: OutOfScope | 'no-match', procedures: RankedProcedure[] = []): Promise<TurnResult> => {
    const help = `Anh/chị có thể hỏi em về thủ tục hành chính, ví dụ: "đăng ký khai sinh cần giấy tờ gì", "đăng ký tạm trú ở đâu".`;
    const where = `Anh/chị cũng có thể hỏi trực tiếp bộ phận một cửa (Trung tâm Phục vụ hành chính công) của xã/phường, hoặc gọi tổng đài Cổng Dịch vụ công quốc gia ${PORTAL_HOTLINE}.`;
    const texts: Record<OutOfScope | 'no-match', string> = {
      injection: `Dạ, em không thể làm theo yêu cầu đó. Em chỉ hướng dẫn thủ tục hành chính theo dữ liệu chính thức. ${help}`,
      politics: `Dạ, em xin phép không bàn về chủ đề chính trị. Em chỉ hướng dẫn thủ tục hành chính. ${help}`,
      weather: `Dạ, em không có thông tin về thời tiết. Em chỉ hướng dẫn thủ tục hành chính. ${help}`,
      other: `Dạ, nội dung này nằm ngoài phạm vi em hỗ trợ. Em chỉ hướng dẫn thủ tục hành chính. ${help}`,
      'no-match': `Dạ, em chưa tìm thấy thủ tục nào phù hợp với câu hỏi của anh/chị trong dữ liệu của em, nên em không dám trả lời để tránh sai sót. Anh/chị thử nói rõ hơn tên việc cần làm, ví dụ: "làm lại thẻ căn cước bị mất". ${where}`,
    };
    state.pending = undefined;
    return finish(turn, state, { text: texts[kind], suggestedActions: HELP_ACTIONS.slice(0, 4) }, { behavior: 'refuse', procedures, tags: [`refuse:${kind}`] }, []);
  };

  const clarifyVague = (turn: Turn, state: QaState): Promise<TurnResult> => {
    state.pending = undefined;
    const text = 'Dạ, anh/chị cần hỏi về thủ tục nào ạ? Anh/chị nói rõ việc cần làm giúp em, ví dụ: "đăng ký khai sinh cho con", "làm lại thẻ căn cước bị mất", hoặc chọn một thủ tục thường gặp bên dưới.';
    return finish(turn, state, { text, suggestedActions: HELP_ACTIONS }, { behavior: 'clarify', procedures: [], tags: ['clarify', 'vague'] }, []);
  };

  const searchText = (q: string): Promise<SearchResult> => retriever.search(q, { limit: 10 });

  /**
   * A long story is searched as a whole, with the words of the sentences that carry the
   * request ("giờ làm lại thế nào", "cần giấy gì") at full weight and the background's at
   * `STORY_BACKGROUND_WEIGHT`: the background of a story otherwise outvotes its one line
   * about the need. Measured on the stories of the dev splits (193 long procedure
   * questions, with the situations field): recall@1 0.793 with the whole text alone, 0.793
   * with reciprocal-rank fusion of the whole and the request sentences (the previous
   * method), 0.810 with the background weighted down.
   */
  const searchStory = async (q: string): Promise<SearchResult> => {
    if (foldedTokens(q).length <= STORY_WORDS) return searchText(q);
    const sentences = q.split(/(?<=[.?!;\n])\s+|,\s+(?=(?:giờ|gio|nay|mà|ma|nhưng|nhung|vậy|vay|thế|the|cho|xin|muốn|muon|cần|can)\s)/iu).filter((x) => x.trim());
    const asking = sentences.filter((x) => REQUEST_CUE.test(fold(x)));
    const focus = (asking.length ? asking : sentences).slice(-2).join(' ');
    // Situation lines only for a story told in several sentences: a one-sentence question names its need.
    const told = sentences.length >= 2 || foldedTokens(q).length > STORY_TOLD_WORDS;
    return retriever.search(q, { limit: 10, focus, backgroundWeight: STORY_BACKGROUND_WEIGHT, situationLines: told });
  };

  const variantTwins = (top: Procedure, result: SearchResult, turn: Turn): Procedure[] => {
    const base = variantBase(top.name);
    const twins = result.hits
      .slice(1, 5)
      .map((h) => catalogue.get(h.code))
      .filter((p): p is Procedure => !!p && p.code !== top.code && variantBase(p.name) === base && p.scope !== top.scope)
      .filter((p) => (result.hits.find((h) => h.code === p.code)?.score ?? 0) >= (result.hits[0]?.score ?? 0) * VARIANT_RATIO);
    if (!twins.length) return [];
    if (turn.servicePoint) return [];
    return [top, ...twins];
  };

  return {
    name: 'procedure-qa',
    async handle(turn, _next): Promise<TurnResult> {
      const state = (turn.conversation.qa ??= {}) as QaState;
      const f = fold(turn.text);
      const current = state.current ? catalogue.get(state.current) : undefined;

      // Without the understanding stage (single-skill tests), the skill screens scope itself.
      const oos = turn.understanding ? undefined : detectOutOfScope(f);
      if (oos) return refuse(turn, state, oos);

      // Buttons of a previous answer.
      const buttonAspect = BUTTON_ASPECT[f];
      if (buttonAspect && current) return answerProcedure(turn, state, current, [], { aspect: buttonAspect, tags: ['followup', 'button'] });
      if (f === fold(ACTIONS.fillForm)) {
        const form = current?.documentGroups.flatMap((g) => g.items).find((i) => i.formName)?.formName;
        const text = form
          ? `Dạ, hiện em chưa điền sẵn được tờ khai cho thủ tục này. Anh/chị dùng mẫu “${form}” tại bộ phận một cửa hoặc điền trực tuyến trên Cổng Dịch vụ công quốc gia ạ.`
          : 'Dạ, hiện em chưa điền sẵn được tờ khai cho thủ tục này. Anh/chị nhận mẫu tại bộ phận một cửa hoặc điền trực tuyến trên Cổng Dịch vụ công quốc gia ạ.';
        return finish(turn, state, { text }, { behavior: 'answer', procedures: [], procedureCode: current?.code, tags: ['form-unavailable'] }, current ? [current] : []);
      }
      if (f === fold(ACTIONS.lawyer)) {
        const text =
          'Dạ, em sẽ ghi nhận nhu cầu được luật sư tình nguyện tư vấn. Trong lúc chờ, anh/chị có thể đến bộ phận một cửa của xã/phường hoặc Trung tâm Trợ giúp pháp lý nhà nước của tỉnh/thành phố để được hỗ trợ trực tiếp ạ.';
        return finish(turn, state, { text }, { behavior: 'escalate', procedures: [], procedureCode: current?.code, tags: ['lawyer-request'] }, []);
      }

      // An explicit code (typed, or the value of a clarification button).
      const code = /\b\d\.\d{6}\b/.exec(turn.text)?.[0];
      const byCode = code ? catalogue.get(code) : undefined;
      if (byCode) {
        const aspect = detectAspect(removePhrases(f, foldedTokens(byCode.name)));
        return answerProcedure(turn, state, byCode, [{ code: byCode.code, name: byCode.name, score: 1 }], { aspect, tags: state.pending ? ['clarified'] : ['code'] });
      }

      // Reply to a clarifying question by naming one of the options.
      if (state.pending) {
        const options = state.pending.codes.map((c) => catalogue.get(c)).filter((p): p is Procedure => !!p);
        // A typed choice of a variant question: its label ("Cấp lại (bị mất, hỏng)") or its case words ("bị mất").
        const asked = caseOfQuestion(turn.text);
        const picked =
          options.find((p) => hasPhrase(f, variantBase(p.name).replace(/^thu tuc /, '')) || fold(displayName(p)) === f || fold(VARIANT_LABEL[variantKind(p)]) === f) ??
          (asked && options.length > 1 ? options.find((p) => caseOfName(p.name) === asked) : undefined);
        if (picked) return answerProcedure(turn, state, picked, [], { tags: ['clarified'] });
      }

      const aspect = detectAspect(f);

      // Comparison of two procedures or two cases of one.
      if (COMPARISON.test(f)) {
        const cmp = await compare(turn, state, f);
        if (cmp) return cmp;
      }

      // Follow-ups about the procedure under discussion.
      if (current) {
        const words = topicWords(f);
        const situation = hasAnyPhrase(f, SITUATION);
        if (words.length === 0) {
          return answerProcedure(turn, state, current, [], { aspect, tags: ['followup'] });
        }
        // A new topic names another procedure: most of the question's topic words are in its name.
        const probe = await searchText(words.length <= 3 ? words.join(' ') : turn.text);
        const top = probe.hits[0];
        const topP = top ? catalogue.get(top.code) : undefined;
        const nameTokens = new Set(topP ? foldedTokens(topP.name) : []);
        const overlap = words.filter((w) => nameTokens.has(w)).length / words.length;
        const currentName = ` ${fold(current.name)} `;
        const namesCurrent = words.every((w) => currentName.includes(` ${w} `));
        const textTokens = new Set(foldedTokens(turn.text));
        const nameList = [...nameTokens].filter((t) => t !== 'thu' && t !== 'tuc');
        const nameCoverage = nameList.length ? nameList.filter((t) => textTokens.has(t)).length / nameList.length : 0;
        if (topP && topP.code !== current.code && probe.confidence !== 'low' && overlap >= 0.6 && nameCoverage >= 0.5 && words.length >= 2 && !namesCurrent) {
          return answerProcedure(turn, state, topP, ranked(probe.hits), { aspect, tags: ['new-topic'], newTopic: true });
        }
        // Otherwise it is about the procedure under discussion when it asks for an aspect,
        // matches a line of its record, or is short; a long unrelated story is a new search.
        const passages = situation || words.length <= 3 ? findPassages(current, turn.text) : [];
        if (passages.length) return answerProcedure(turn, state, current, [], { situation: true, tags: ['followup'] });
        if (aspect || words.length <= 3) return answerProcedure(turn, state, current, [], { aspect, tags: ['followup'] });
      }

      const words = topicWords(f);
      const specific = removePhrases(words.join(' '), GENERIC);
      if (!specific) return clarifyVague(turn, state);

      // "thường trú hay tạm trú": the citizen names the options; ask which one.
      const choice = /^(.{2,30}?)\s+hay(?: la)?\s+(.{2,30}?)$/.exec(removePhrases(f, ['thu tuc', 'a', 'nhe']));
      if (choice && choice[1]!.split(' ').length <= 4 && choice[2]!.split(' ').length <= 4) {
        const [ra, rb] = await Promise.all([searchText(choice[1]!), searchText(choice[2]!)]);
        const pa = ra.hits[0] ? catalogue.get(ra.hits[0].code) : undefined;
        const pb = rb.hits[0] ? catalogue.get(rb.hits[0].code) : undefined;
        if (pa && pb && pa.code !== pb.code && !state.pending) return clarify(turn, state, [pa, pb], ranked([ra.hits[0]!, rb.hits[0]!]));
      }

      const found = await searchStory(turn.text);
      // The variant for this citizen: individuals' procedures, this deployment's province, the case they describe.
      const preferred = preferForCitizen(found.hits, catalogue, turn.text, { province: deps.deploymentProvince ?? DEFAULT_DEPLOYMENT_PROVINCE });
      const result: SearchResult = preferred.length ? { ...found, hits: preferForAnswer(preferred, catalogue, turn.text) } : found;
      const procedures = ranked(result.hits);
      const top = result.hits[0] ? catalogue.get(result.hits[0].code) : undefined;
      const topScore = result.hits[0]?.score ?? 0;

      const followsClarification = state.pending && (specific.split(' ').length <= 2 || aspect !== undefined);
      if (state.pending && (followsClarification || !(top && (result.confidence === 'high' || result.confidence === 'exact')))) {
        // Asked once already: give the best answer for the original question.
        const best = catalogue.get(state.pending.codes[0]!);
        if (best) return answerProcedure(turn, state, best, procedures, { aspect, tags: ['clarify-fallback'] });
      }
      if (!top || (result.confidence === 'low' && topScore < (deps.noMatchScore ?? DEFAULT_NO_MATCH_SCORE))) {
        if (current && aspect) return answerProcedure(turn, state, current, [], { aspect, tags: ['followup'] });
        return refuse(turn, state, 'no-match', procedures);
      }

      // A bare topic ("khai sinh") that fits several procedures: ask once.
      const bare = specific.split(' ').length <= 2 && !aspect && foldedTokens(turn.text).length <= 4 && !hasAnyPhrase(f, CASE_WORDS);
      if (bare && !state.pending && result.confidence !== 'exact') {
        const options = distinctOptions(result, top);
        if (options.length > 1) return clarify(turn, state, options, procedures);
      }
      const twins = variantTwins(top, result, turn);
      if (twins.length > 1 && !state.pending) return clarify(turn, state, twins, procedures);
      // A lost civil-status paper: a copy from the register, or registering again when the register is lost too.
      const lost = state.pending ? [] : lostPaperChoices(turn.text, result.hits, catalogue);
      if (lost.length > 1) return askLostPaper(turn, state, lost, procedures);
      // First issue, reissue or change; with a foreign element; for a child: ask when it matters and was not said.
      const variants = state.pending ? [] : variantChoices(turn.text, result.hits, catalogue);
      if (variants.length > 1) return askVariant(turn, state, variants, procedures);

      if (result.confidence === 'low' && turn.understanding && !state.pending) {
        // Not sure which procedure: ask, with the likely ones as choices, rather than guess.
        const seen = new Set<string>();
        const options = result.hits
          .slice(0, 6)
          .map((h) => catalogue.get(h.code))
          .filter((p): p is Procedure => !!p && !seen.has(familyKey(p.name)) && !!seen.add(familyKey(p.name)))
          .slice(0, 3);
        // A clear winner is no choice: the others are offered only when one scores close to it.
        const rival = options[1] ? (result.hits.find((h) => h.code === options[1]!.code)?.score ?? 0) : 0;
        if (options.length > 1 && rival >= topScore * LOW_CONFIDENCE_RIVAL_RATIO) return clarify(turn, state, options, procedures);
      }
      const hedge = result.confidence === 'low' ? 'Dạ, em chưa chắc đã hiểu đúng ý anh/chị. Thủ tục gần nhất em tìm được là' : undefined;
      return answerProcedure(turn, state, top, procedures, {
        aspect: aspectBeyondName(f, top.name),
        situation: hasAnyPhrase(f, SITUATION),
        newTopic: top.code !== state.current,
        intro: hedge,
        tags: [`retrieval:${result.confidence}`],
      });
    },
  };

  /** Close alternatives to offer for a bare topic, one per procedure family (level variants merged). */
  function distinctOptions(result: SearchResult, top: Procedure): Procedure[] {
    const pool = result.confidence === 'ambiguous' && result.alternatives.length ? result.alternatives : result.hits.filter((h) => h.score >= (result.hits[0]?.score ?? 0) * BARE_TOPIC_RATIO);
    const out: Procedure[] = [];
    const seen = new Set<string>();
    for (const h of [{ code: top.code }, ...pool]) {
      const p = catalogue.get(h.code);
      if (!p) continue;
      const key = familyKey(p.name);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(p);
    }
    return out;
  }

  async function compare(turn: Turn, state: QaState, f: string): Promise<TurnResult | undefined> {
    const core = f.replace(COMPARISON, ' ').replace(/\b(thu tuc|cho|hoi)\b/g, ' ').replace(/\s+/g, ' ').trim();
    const parts = core.split(/\s+(?:so voi|voi|va|hay|vs)\s+/).map((s) => s.trim()).filter(Boolean);
    if (parts.length !== 2) return undefined;
    let [a, b] = parts as [string, string];
    const aWords = a.split(' ');
    const bWords = b.split(' ');
    // "khai sinh đúng hạn với quá hạn": the second part inherits the shared topic words.
    if (bWords.length <= 2 && aWords.length > bWords.length) b = `${aWords.slice(0, aWords.length - bWords.length).join(' ')} ${b}`;
    const [ra, rb] = await Promise.all([searchText(a), searchText(b)]);
    const pa = ra.hits[0] && ra.confidence !== 'low' ? catalogue.get(ra.hits[0].code) : undefined;
    const pb = rb.hits[0] && rb.confidence !== 'low' ? catalogue.get(rb.hits[0].code) : undefined;
    if (!pa || !pb) return undefined;
    const procedures = ranked([...ra.hits.slice(0, 1), ...rb.hits.slice(0, 1), ...ra.hits.slice(1)]).filter(
      (x, i, arr) => arr.findIndex((y) => y.code === x.code) === i,
    );
    state.pending = undefined;
    if (pa.code === pb.code) {
      const passages = [...findPassages(pa, a, 2), ...findPassages(pa, b, 2)].filter((x, i, arr) => arr.indexOf(x) === i).slice(0, 3);
      if (!passages.length) return undefined;
      return finish(turn, state, composePassageAnswer(pa, passages), { behavior: 'answer', procedures, procedureCode: pa.code, tags: ['compare', 'situation'] }, [pa]);
    }
    return finish(turn, state, composeComparison(pa, pb), { behavior: 'answer', procedures, procedureCode: pa.code, tags: ['compare'] }, [pa, pb]);
  }
}
