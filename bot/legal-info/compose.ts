import type { Article } from '../../knowledge/statutes/index.js';
import { LAW_BY_DOCUMENT, OFFICIAL_PORTAL } from '../../knowledge/statutes/index.js';
import type { OutgoingMessage, SuggestedAction } from '../types.js';
import { reformNote } from './reform-note.js';

/**
 * Answers to general legal questions, composed only from the stored article: a pointer
 * line naming where the answer is, the relevant khoản quoted verbatim, the citation
 * (document number, article, effective date, link), the general-information line and the
 * lawyer action. No number is written that is not in the quote or the citation; the
 * grounding check (`checkLegalGrounding`) verifies it.
 */

export const LAWYER_ACTION: SuggestedAction = { title: 'Hỏi luật sư', value: 'Hỏi luật sư' };

/** Fixed sentences that carry no facts of their own (stripped before the grounding check). */
export const LEGAL_BOILERPLATE = {
  general: 'Đây là thông tin pháp luật chung, không phải tư vấn cho trường hợp cụ thể của anh/chị. Nếu cần, anh/chị bấm "Hỏi luật sư" để được luật sư tình nguyện hỗ trợ.',
  missing: `Dạ, văn bản pháp luật điều chỉnh câu hỏi này hiện chưa có trong dữ liệu của em, nên em không trích dẫn thay được. Anh/chị có thể tra văn bản hiện hành tại ${OFFICIAL_PORTAL.name} (${OFFICIAL_PORTAL.url}).`,
} as const;

/** Maximum characters of one quote; longer khoản are cut after whole lines, marked "(…)". */
const MAX_QUOTE = 1400;

const viDate = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
};

export function lawName(a: Article): string {
  return LAW_BY_DOCUMENT.get(a.document)?.name ?? a.document;
}

/** "Điều 623 Bộ luật Dân sự 2015 (91/2015/QH13)", optionally with the khoản. */
export function citationLabel(a: Article, clause?: string): string {
  return `${clause ? `Khoản ${clause} ` : ''}Điều ${a.article} ${lawName(a)} (${a.document})`;
}

/** The verbatim lines quoted for an article: the chosen khoản with its điểm, or the intro. */
export function quotedLines(a: Article, clauseIndex?: number): { lines: string[]; clause?: string; cut: boolean } {
  const c = clauseIndex !== undefined ? a.clauses[clauseIndex] : undefined;
  // A short lead-in ("... chỉ bị áp dụng một trong các hình phạt sau đây:") is what gives a
  // khoản such as "4. Tù có thời hạn." its meaning: quoted with it.
  const leadIn = c && a.intro.length > 0 && a.intro.join('').length <= 400 && /:$/.test(a.intro[a.intro.length - 1]!) ? a.intro : [];
  const all = c ? [...leadIn, c.text, ...c.points] : a.intro.length > 0 ? a.intro : a.clauses.length > 0 ? [a.clauses[0]!.text, ...a.clauses[0]!.points] : [];
  const lines: string[] = [];
  let len = 0;
  for (const l of all) {
    if (lines.length > 0 && len + l.length > MAX_QUOTE) return { lines, clause: c?.number ?? (a.intro.length === 0 ? a.clauses[0]?.number : undefined), cut: true };
    lines.push(l);
    len += l.length;
  }
  return { lines, clause: c?.number ?? (a.intro.length === 0 ? a.clauses[0]?.number : undefined), cut: false };
}

function effectiveLine(a: Article): string {
  const amended = a.amendments.filter((m) => m.document !== a.document);
  let line = `có hiệu lực từ ${viDate(a.effectiveFrom)}`;
  if (amended.length > 0) line += `; sửa đổi, bổ sung bởi ${amended.map((m) => (m.effectiveFrom ? `${m.document} (hiệu lực từ ${viDate(m.effectiveFrom)})` : m.document)).join(', ')}`;
  // A law stored from its consolidated text is quoted in that text's wording: say which.
  const vbhn = a.source === 'vbhn2025' ? LAW_BY_DOCUMENT.get(a.document)?.consolidated : undefined;
  if (vbhn) line += `; trích theo văn bản hợp nhất ${vbhn.document} ngày ${viDate(vbhn.date)}`;
  return line;
}

export interface LegalAnswer {
  message: OutgoingMessage;
  /** Articles the reply quotes or names, best first. */
  cited: Article[];
}

/**
 * The reply for the best article (and, when given, a second one named as "see also").
 * `clauseIndex` is the khoản to quote (best first from the article index).
 */
export function composeLegalAnswer(best: { article: Article; clauseIndex?: number }, also?: Article): LegalAnswer {
  const a = best.article;
  const q = quotedLines(a, best.clauseIndex);
  const where = q.clause ? `khoản ${q.clause} Điều ${a.article}` : `Điều ${a.article}`;
  const pointer = `Dạ, nội dung anh/chị hỏi được quy định tại ${where} ${lawName(a)} (“${a.title}”). Em trích nguyên văn:`;
  const quote = [...q.lines, ...(q.cut ? ['(…)'] : [])].map((l) => `> ${l}`).join('\n');
  const cite = `— ${citationLabel(a, q.clause)}, ${effectiveLine(a)}. [Xem văn bản](${a.url})`;
  const parts = [pointer, '', quote, '', cite];
  // A text older than the 2025 two-tier reform that names a district body: one line on where
  // that body's tasks went (the quote itself stays verbatim).
  const note = reformNote(a, q.lines);
  if (note) parts.push('', note);
  if (also && also.id !== a.id) {
    parts.push('', `Xem thêm: Điều ${also.article} ${lawName(also)} (“${also.title}”).`);
    // The article named after the quote may name a district body by its title: the note follows it.
    const alsoNote = note ? undefined : reformNote(a, q.lines, also);
    if (alsoNote) parts.push('', alsoNote);
  }
  parts.push('', LEGAL_BOILERPLATE.general);
  const links = [{ title: citationLabel(a), url: a.url }];
  if (also && also.id !== a.id && also.url !== a.url) links.push({ title: citationLabel(also), url: also.url });
  return {
    message: { text: parts.join('\n'), suggestedActions: [LAWYER_ACTION], links },
    cited: also && also.id !== a.id ? [a, also] : [a],
  };
}

/** Added after the lawyer offer when the question is about a law the data lacks. */
export function missingLawMessage(lawNameMissing: string): OutgoingMessage {
  return {
    text: `${LEGAL_BOILERPLATE.missing} (Văn bản liên quan: ${lawNameMissing}.)`,
    links: [{ title: OFFICIAL_PORTAL.name, url: OFFICIAL_PORTAL.url }],
  };
}

/**
 * The lawyer offer for a question on the rules of a law the data lacks that reached us as a
 * procedure question ("con 6 tuổi có cần làm thẻ căn cước không"): no quote, the portal, the
 * lawyer action (the procedure is added one tap away by the caller).
 */
export function missingLawOffer(lawNameMissing: string): OutgoingMessage {
  return {
    text:
      `Dạ, điều anh/chị hỏi do ${lawNameMissing} quy định; văn bản này hiện chưa có trong dữ liệu của em nên em không trích dẫn được. ` +
      `Anh/chị có thể tra văn bản hiện hành tại ${OFFICIAL_PORTAL.name} (${OFFICIAL_PORTAL.url}) hoặc hỏi luật sư tình nguyện. Anh/chị có muốn em chuyển câu hỏi cho luật sư không ạ?`,
    suggestedActions: [LAWYER_ACTION],
    links: [{ title: OFFICIAL_PORTAL.name, url: OFFICIAL_PORTAL.url }],
  };
}
