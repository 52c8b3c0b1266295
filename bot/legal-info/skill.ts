import type { ArticleHit, ArticleIndex, ArticleSearchResult } from '../../retrieval/articles/index.js';
import { fold, foldText } from '../../knowledge/text/index.js';
import type { LegalArticleRef, Skill, Turn, TurnResult } from '../types.js';
import { dangerSignal } from '../understanding/danger.js';
import { askingSentences, messageLawFrame, withoutAskedActs } from '../understanding/law-frame.js';
import { composeLegalAnswer, missingLawMessage, missingLawOffer } from './compose.js';
import { checkLegalGrounding } from './grounding.js';
import { lawMissingFor, missingLawMatch } from './missing-law.js';

export interface LegalInfoDeps {
  articles: ArticleIndex;
  /** How many ranked articles the outcome carries (evals: expected article in the top 3). */
  ranked?: number;
}

/**
 * General legal questions (intent `legal_question`): the relevant khoản quoted verbatim
 * with its citation, the general-information line and the lawyer action. A question on a
 * law the data lacks, or one the article index is not confident about, goes on to triage
 * (the lawyer offer); for a missing law the official portal is added to that offer.
 *
 *   legal_question ─► article search ─► missing law? ── yes ─► next() + portal line
 *                         (a law we lack, unless only a shared phrase names it and an
 *                          article of a law the question names answers it: missing-law.ts)
 *                         │ no
 *                         ▼
 *                  low confidence ─► next() (lawyer offer)
 *                         │ high
 *                         ▼
 *                  pointer · quoted khoản · citation · general-information line · [Hỏi luật sư]
 */
/**
 * A citizen's own legal problem that asks what the law says about it ("chồng cũ không gửi
 * tiền nuôi con, luật có bắt phải đưa không?"): the article helps before the lawyer does.
 * Whose a thing is ("nhà đó là của chung hay của riêng tôi", "mảnh đất thuộc về ai") is the
 * law's to say too: the property regime decides it, not a procedure.
 * How-to and where-to questions, and anything with an alarming word, stay with triage.
 */
const ASKS_THE_LAW =
  /\b(co duoc|duoc khong|duoc ko|dc ko|dc khong|duoc hong|duoc hok|co phai|phai khong|co bi|bi phat|luat|phap luat|quy dinh|co quyen|quyen gi|co hop phap|hop le|co dung|dung luat|trai luat|sai luat|co hieu luc|co gia tri|ai phai|ai chiu|ai duoc|co bat|bat duoc|co tinh|tinh sao|chia sao|chia the nao|chia nhu the nao|duoc huong|huong gi|bao nhieu|bn (?:tien|tuoi|nam|ngay|thang|phan tram)|toi da|toi thieu|may nam|bao lau|gom nhung gi|bao gom nhung gi|gom nhung ai|nhung truong hop nao|cua chung hay|hay cua rieng|la cua ai|thuoc ve ai|thuoc quyen ai|du (de )?(xu|truy cuu|cau thanh|bi)|(?:can|phai|bat buoc)(?: [a-z0-9]+){0,8} dong y (?:khong|ko|k|hong|hok|chua))\b/;
const ASKS_HOW = /\b(lam sao|lam the nao|lam gi|o dau|nop don|thu tuc|giay to gi|ho so|can gi|giup toi|giup em|tu van|luat su)\b/;

/**
 * A danger word the story reports as happening (a knife in hand, a beating going on): such a
 * problem goes to triage as it is. Not a harm that is over, nor one the message asks the law
 * about ("… chửi mắng, bỏ đói mẹ, có bị xử tội gì không"), unless it is acute: the article
 * then comes first and triage's lawyer offer after it (and triage's urgent reply is never
 * preceded by an article, see the skill).
 */
export function alarming(text: string): boolean {
  const s = dangerSignal(fold(text), text);
  if (s.kinds.length === 0 || s.harmless) return false;
  return s.acute || !(s.lawQuestion || s.pastOnly);
}

function shortName(name: string): string {
  const n = name.replace(/^\s*thủ tục\s+/iu, '');
  return n.length > 40 ? `${n.slice(0, 38).trim()}…` : n;
}

/** Facets only a procedure record answers: channel, time, fee, place, papers, forms. */
const PROCEDURE_FACET =
  /\b(online|truc tuyen|qua mang|vneid|dich vu cong|bao lau|may ngay|bao nhieu ngay|bao nhieu tien|le phi|phi|o dau|noi nao|giay to|giay gi|ho so|mau|to khai|nop|lam ho|nho nguoi|uy quyen|mat bao lau|lam lai|cap lai|ho tro|tro cap|huong che do|che do|duoc nhan tien|tien ho tro)\b/;

/**
 * "ở đâu cả / đi đâu hết" (nowhere): what happened, not a where question ("không đăng ký tạm trú ở
 * đâu cả"). Read before punctuation goes: "làm lại ở đâu, hết bao nhiêu tiền" asks where.
 */
const NOWHERE = /(?<![\p{L}\p{N}])(?:o|di|den|toi) dau (?:ca|het|dau)(?![\p{L}\p{N}])/gu;

function folded(text: string): string {
  return ` ${fold(foldText(text).replace(NOWHERE, ' '))} `;
}

/**
 * A time limit asked of the law by name ("luật cho bao lâu phải đăng ký", "luật quy định trong bao
 * lâu phải khai sinh"), not how long a procedure takes ("làm mất bao lâu", "mấy ngày thì có").
 * Without the law's name the datasets disagree ("bao lâu thì phải đi khai sinh" expects the
 * procedure card in retrieval-dev, the article in legal-dev-7): the procedure keeps it.
 */
const LAW_DEADLINE = /\b(?:(?<!ky )luat|phap luat|quy dinh)(?: [a-z0-9]+){0,4} (?:bao lau|may ngay|bao nhieu ngay|may thang|bao nhieu thang)\b(?! (?:thi |moi )?(?:co|xong|duoc cap|nhan duoc|lay duoc)\b)/;
const TIME_FACET = /\b(?:mat bao lau|bao lau|may ngay|bao nhieu ngay)\b/g;

/** Whether the question asks a facet only a procedure record answers; a time limit set by law is not one. */
function asksProcedureFacet(f: string): boolean {
  return PROCEDURE_FACET.test(LAW_DEADLINE.test(f) ? f.replace(TIME_FACET, ' ') : f);
}

/**
 * A how question, read without the acts asked about in a yes/no law frame: in "tôi có quyền nộp
 * đơn lúc này không" the "nộp đơn" is what is permitted (`withoutAskedActs`); a procedure facet
 * (where, papers, fee, time, channel, by proxy) still asks how.
 */
function asksHow(f: string): boolean {
  return ASKS_HOW.test(withoutAskedActs(f.replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/g, ' ').trim()));
}

export function asksTheLaw(text: string): boolean {
  const f = folded(text);
  return ASKS_THE_LAW.test(f) && !asksHow(f);
}

/**
 * A citizen's own problem that asks what the law says: its words, or the shape of its asking
 * sentence (`law-frame.ts`: "có quyền … không", "những khoản gì", "ai phải"), not how to act.
 */
export function ownProblemAsksTheLaw(text: string): boolean {
  const f = folded(text);
  const frame = messageLawFrame(text, folded);
  if ((ASKS_THE_LAW.test(f) || frame.law) && !asksHow(f) && !frame.how) return true;
  return storyAsksTheLaw(text);
}

/**
 * A story whose acts carry how words ("chồng dọa tự nộp đơn ra tòa", "tôi nộp đơn khiếu nại lên
 * phường cả tháng rồi", "có làm giấy đặt cọc đàng hoàng") and whose asking sentences ask what
 * the law says, and nothing of how ("…, luật quy định thế nào?", "Luật cho họ giải quyết trong
 * bao lâu?"): the how words tell what happened, the question asks the law.
 */
function storyAsksTheLaw(text: string): boolean {
  const asked = askingSentences(text).join(' ').trim();
  if (asked === '' || asked === text.trim()) return false;
  const q = folded(asked);
  const frame = messageLawFrame(asked, folded);
  return (ASKS_THE_LAW.test(q) || frame.law) && (frame.lawWord || LAW_NAMED.test(q)) && !asksHow(q) && !frame.how;
}

/** Whether the message's asking sentences use a word only questions of law use ("luật", "hợp pháp", "bị phạt": `LawFrame.lawWord`). */
function asksInLawWords(text: string): boolean {
  const asked = askingSentences(text).join(' ').trim();
  return asked !== '' && messageLawFrame(asked, folded).lawWord;
}

/** The law itself named in a question: "luật / pháp luật / quy định", or a crime asked ("xử tội hình sự", "truy cứu"). */
const LAW_NAMED = /\b(luat|phap luat|quy dinh|hinh su|truy cuu|pham toi|co toi|toi gi|hop phap|co gia tri|co hieu luc)\b/;

/** A fine's own words: with them, "bao nhiêu tiền" asks the fine, not a fee. */
const FINE_WORDS = /\b(phat|xu phat|muc phat|tuoc|tru diem)\b/;
/** "có cần làm / có bắt buộc / có phải đổi … không": whether the law requires it (not "có cần giấy khai sinh không", a paper). */
const MUST_QUESTION = /\bco (can (lam|doi|dang ky|cap)|bat buoc|buoc phai|phai (lam|doi|dang ky))\b.*\b(khong|ko|k|hong|hok)\b/;

/**
 * How a question asks about a lacked subject's rules beyond the law words: how it is computed or
 * applied, which things it covers, since or until when, which of two rates ("8% hay 10%").
 */
const OWN_SUBJECT_ASKED = /\b(tinh the nao|tinh nhu the nao|ap dung the nao|quy dinh the nao|(hang|mon|mat hang|loai|truong hop|doi tuong|nhung gi|cai gi|gi) (nao )?(ko |khong |duoc |bi )?(chiu|ap dung|mien|giam)|nao (ko |khong |duoc |bi )?(chiu|ap dung|duoc mien|duoc giam)|(giam|mien|ap dung|keo dai) (den|toi) (bao gio|khi nao|luc nao)|tu (bao gio|khi nao)|\d+ ?(%|phan tram)? hay \d+)/;

/**
 * A question on the rules of a law the data lacks, read as a procedure question or as outside
 * our scope ("con 6 tuổi có
 * cần làm thẻ căn cước không", "vượt đèn đỏ phạt bao nhiêu"): the missing law's own subject
 * asked in a law frame, with no how-to or where-to; a fee, time or channel facet is the
 * procedure's unless the question is about a fine.
 */
export function missingLawOnProcedureTopic(text: string, outOfScope = false): string | undefined {
  const m = missingLawMatch(text);
  // Read as outside our scope, a lacked law's own subject asked about ("thuế VAT 8% hay 10%",
  // "giá điện bậc thang tính thế nào") gets the lawyer offer and the portal, not a refusal.
  if (m && outOfScope && m.ownSubject && !m.fineOnly && !asksHow(folded(text))) {
    const f = folded(text);
    // Only a question about its rules: "giá xăng hôm nay (là gì)" asks a price, not the law.
    const todaysPrice = /\bgia\b.*\b(hom nay|bay gio|luc nay|hien tai|tuan nay)\b/.test(f);
    if (!definedTerm(text) && !todaysPrice && (ASKS_THE_LAW.test(f) || MUST_QUESTION.test(f) || messageLawFrame(text, folded).law || OWN_SUBJECT_ASKED.test(f))) return m.name;
  }
  if (!m || m.sharedOnly || m.fineOnly) return undefined;
  const f = folded(text);
  const frame = messageLawFrame(text, folded);
  if (!(ASKS_THE_LAW.test(f) || MUST_QUESTION.test(f) || frame.law) || asksHow(f) || frame.how) return undefined;
  if (PROCEDURE_FACET.test(f) && !FINE_WORDS.test(f)) return undefined;
  return m.name;
}

/**
 * Article search over the message; when a story dilutes it (low confidence) and the message has
 * sentences or clauses around its question, the question alone is searched too, and its answer
 * confirms the whole message's reading when confident and among its three best (both readings
 * agree on the topic); the whole message's best article is then quoted.
 * The whole message is searched with its asking clause as the focus: the clause's terms weigh
 * more than the story's (`ArticleRanking.focus`).
 */
export function searchArticles(articles: ArticleIndex, text: string, limit: number): ArticleSearchResult {
  const question = askedClause(text);
  const whole = articles.search(text, { limit: Math.max(limit, 3), focus: question });
  const trim = (r: ArticleSearchResult): ArticleSearchResult => ({ ...r, hits: r.hits.slice(0, limit) });
  if (whole.confidence === 'high' || whole.hits.length === 0) return trim(whole);
  if (!question || question === text.trim()) return trim(whole);
  const three = whole.hits.slice(0, 3);
  // The story's own best article must score clearly: a bare "có phải báo cho ai không" agrees with anything.
  if (three[0]!.evidence < articles.ranking.minScore) return trim(whole);
  // Several questions asked ("Luật quy định bao lâu thì phải giải quyết xong? Nếu không đồng ý thì
  // làm gì tiếp?"): each is a reading of its own; one that agrees is enough.
  const sentences = askingSentences(text);
  const readings = sentences.length > 1 ? [question, ...sentences.filter((x) => x !== question)] : [question];
  const agrees = readings.some((q) => {
    const asked = articles.search(q, { limit: 1, rankClausesOf: 0 });
    const top = asked.hits[0];
    return asked.confidence === 'high' && top !== undefined && three.some((h) => h.article.id === top.article.id);
  });
  if (!agrees) return trim(whole);
  // Both readings agree on the topic; the story's own order picks the article. The bare question
  // fits every article of its topic ("tôi có phải bồi thường không" ranks the general rule on
  // damages first), the story names the case (a dog: damage caused by animals), so its score
  // does not reorder the story's three.
  return trim({ ...whole, confidence: 'high', asQuestion: true });
}

/** The question of a message: its asking sentences, and of a long one its last clause with 4+ words. */
function askedClause(text: string): string | undefined {
  const asked = askingSentences(text).join(' ');
  const clauses = asked.split(/[,;:]\s*/u).map((c) => c.trim()).filter((c) => c.split(/\s+/u).length >= 4);
  const last = clauses.at(-1);
  return last && last !== asked ? last : asked;
}

/**
 * "án treo là gì", "thế nào là thừa kế thế vị", "tạm trú nghĩa là sao": the term asked about,
 * folded, when the message is nothing but a question of what a term means.
 */
const DEFINITION_AFTER = /^(?:cho (?:em|toi|minh|tui|chau) hoi )?(?:(?:the nao|the nao|nhu the nao) (?:thi )?(?:duoc goi )?la (.+?)|(.+?) (?:la gi|la sao|nghia la gi|nghia la sao|hieu the nao|hieu nhu the nao|la nhu the nao))(?: (?:vay|the|a|ha|nhi|nhe|z|v|ban|ad))*$/;

export function definedTerm(text: string): string | undefined {
  const f = fold(text).replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/g, ' ').trim();
  const m = DEFINITION_AFTER.exec(f);
  const term = (m?.[1] ?? m?.[2])?.trim();
  if (!term) return undefined;
  const words = term.split(' ');
  return words.length >= 2 && words.length <= 6 ? term : undefined;
}

/** Whether the article's title is the term itself (all of the term's syllables, and little else). */
function titleDefines(title: string, term: string): boolean {
  const t = fold(title).replace(/[^\p{L}\p{N} ]+/gu, ' ').split(/\s+/).filter(Boolean);
  const w = term.split(' ');
  return w.every((x) => t.includes(x)) && t.length <= w.length + 3;
}

/** The ranked articles an outcome carries. */
function refsOf(hits: readonly ArticleHit[], ranked: number): LegalArticleRef[] {
  return hits.slice(0, ranked).map((h) => ({ document: h.article.document, article: h.article.article, title: h.article.title, url: h.article.url }));
}

/** Kept with the conversation (the last six) so an escalated case can show the lawyer what was quoted; the entries added. */
function remember(turn: Turn, quoted: ReadonlyArray<Pick<LegalArticleRef, 'document' | 'article' | 'title' | 'url'>>) {
  const at = turn.now.toISOString();
  const cited = quoted.map((a) => ({ document: a.document, article: a.article, title: a.title, url: a.url, at }));
  turn.conversation.legalCited = [...(turn.conversation.legalCited ?? []), ...cited].slice(-6);
  return cited;
}

export function createLegalInfoSkill(deps: LegalInfoDeps): Skill {
  const ranked = deps.ranked ?? 3;
  return {
    name: 'legal-info',
    async handle(turn, next): Promise<TurnResult> {
      const u = turn.understanding;
      const ownProblemAsksLaw = u?.intent === 'legal_problem' && !u.danger && ownProblemAsksTheLaw(turn.text) && !alarming(turn.text);
      // On a procedure's topic, "có được … không / cần điều kiện gì" asks the law: the article,
      // with the procedure one tap away (never for a follow-up on the procedure under discussion).
      const procedureAsksLaw = u?.intent === 'procedure' && !turn.conversation.qa?.current && asksTheLaw(turn.text) && !asksProcedureFacet(folded(turn.text));
      if ((u?.intent === 'procedure' || u?.intent === 'out_of_scope') && !u.abstain && !turn.conversation.qa?.current) {
        const missingLaw = missingLawOnProcedureTopic(turn.text, u.intent === 'out_of_scope');
        if (missingLaw) {
          // Never an older text, never only the procedure nor a refusal: the lawyer offer and the
          // portal, the procedure (when the question was read as one) one tap away.
          const proc = u.intent === 'procedure' ? await next() : undefined;
          const code = proc?.outcome.behavior === 'answer' ? proc.outcome.procedureCode : undefined;
          const name = code ? proc!.outcome.procedures.find((p) => p.code === code)?.name : undefined;
          const offer = missingLawOffer(missingLaw);
          return {
            messages: [{ ...offer, suggestedActions: [...(offer.suggestedActions ?? []), ...(code ? [{ title: `Thủ tục: ${shortName(name ?? code)}`, value: code }] : [])] }],
            outcome: { behavior: 'escalate', procedures: proc?.outcome.procedures ?? [], tags: ['legal-info', 'legal-info:law-missing', u.intent === 'procedure' ? 'legal-info:procedure-topic' : 'legal-info:out-of-scope'] },
          };
        }
      }
      // A legal term asked about ("án treo là gì") read as outside our scope: the article that
      // is that term, when one is ("Điều 65. Án treo"); anything else keeps its reading.
      const term = (u?.intent === 'out_of_scope' || (u?.intent === 'procedure' && !u.abstain)) && !turn.conversation.qa?.current ? definedTerm(turn.text) : undefined;
      if (term) {
        const r = deps.articles.search(turn.text, { limit: Math.max(ranked, 2) });
        const best = r.hits[0];
        if (best && r.confidence === 'high' && titleDefines(best.article.title, term) && !lawMissingFor(turn.text, r)) {
          const answer = composeLegalAnswer({ article: best.article, clauseIndex: best.clauses[0] });
          remember(turn, answer.cited);
          return { messages: [answer.message], outcome: { behavior: 'legal_info', procedures: [], legalArticles: refsOf(r.hits, ranked), tags: ['legal-info', 'legal-info:definition'] } };
        }
      }
      if ((u?.intent !== 'legal_question' && !ownProblemAsksLaw && !procedureAsksLaw) || turn.text.trim() === '') return next();
      const result = searchArticles(deps.articles, turn.text, Math.max(ranked, 2));
      // A law we lack, unless the question only touches it and an article of a law it names answers it.
      const missing = lawMissingFor(turn.text, result);
      const legalArticles = refsOf(result.hits, ranked);
      if (procedureAsksLaw && (missing || result.confidence !== 'high' || result.hits.length === 0)) return next();
      if (missing) {
        const r = await next();
        return {
          messages: [...r.messages, missingLawMessage(missing)],
          outcome: { ...r.outcome, tags: [...(r.outcome.tags ?? []), 'legal-info:law-missing'] },
        };
      }
      // A message read as a question of law may stand on the question band; an own problem or a
      // procedure question that asks the law needs the full confidence.
      // So may an own problem whose asking sentence names the law itself ("… Luật cho họ giải quyết
      // trong bao lâu vậy?"): that sentence is a question of law, whatever the story before it.
      const confident = u?.intent === 'legal_question' || (ownProblemAsksLaw && asksInLawWords(turn.text)) ? result.asQuestion : result.confidence === 'high';
      if (!confident || result.hits.length === 0) {
        const r = await next();
        return { ...r, outcome: { ...r.outcome, legalArticles, tags: [...(r.outcome.tags ?? []), 'legal-info:low-confidence'] } };
      }
      const [best, second] = result.hits;
      const also = second && second.score >= best!.score * 0.97 ? second.article : undefined;
      const answer = composeLegalAnswer({ article: best!.article, clauseIndex: best!.clauses[0] }, also);
      const cited = remember(turn, answer.cited);
      if (procedureAsksLaw) {
        // The procedure the question is about, one tap away (its code answers it).
        const proc = await next();
        const code = proc.outcome.behavior === 'answer' ? proc.outcome.procedureCode : undefined;
        const name = code ? proc.outcome.procedures.find((p) => p.code === code)?.name : undefined;
        const actions = [
          ...(code ? [{ title: `Thủ tục: ${shortName(name ?? code)}`, value: code }] : []),
          ...(answer.message.suggestedActions ?? []),
        ];
        return {
          messages: [{ ...answer.message, suggestedActions: actions }],
          outcome: { behavior: 'legal_info', procedures: proc.outcome.procedures, legalArticles, tags: ['legal-info', 'legal-info:procedure-topic'] },
        };
      }
      if (ownProblemAsksLaw) {
        // Their own problem: the article first, then triage's lawyer offer (its intake goes on from there).
        const offer = await next();
        // Triage found it urgent (a court date tomorrow, a threat): its reply alone, nothing before it.
        if (offer.outcome.behavior === 'urgent') {
          turn.conversation.legalCited = turn.conversation.legalCited?.slice(0, -cited.length);
          return offer;
        }
        const messages = [{ ...answer.message, suggestedActions: undefined }, ...offer.messages];
        // The article's message must state nothing the quote does not. Triage's messages after it
        // (the lawyer offer, the consent request with its retention, a deadline note) speak for
        // triage's reviewed data, not for the article, and are not checked against it.
        if (!checkLegalGrounding(answer.message.text, answer.cited).ok) {
          turn.conversation.legalCited = turn.conversation.legalCited?.slice(0, -cited.length);
          return { ...offer, outcome: { ...offer.outcome, tags: [...(offer.outcome.tags ?? []), 'legal-info:own-problem-unquoted'] } };
        }
        return {
          messages,
          outcome: {
            ...offer.outcome,
            behavior: 'legal_info',
            procedures: [],
            legalArticles,
            legalAnswerText: answer.message.text,
            tags: ['legal-info', 'legal-info:own-problem', ...(offer.outcome.behavior === 'escalate' ? ['lawyer-offered'] : [])],
          },
        };
      }
      return {
        messages: [answer.message],
        outcome: { behavior: 'legal_info', procedures: [], legalArticles, tags: ['legal-info'] },
      };
    },
  };
}
