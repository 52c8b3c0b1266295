import type { Procedure } from '../../knowledge/index.js';
import { hasExpiredPeriod, portalUrl, processingTimeText } from '../../knowledge/index.js';
import type { OutgoingMessage, SuggestedAction } from '../types.js';
import { fold, formatDateVi, truncateWords } from '../text.js';
import { caseLabel, caseShortLabel, fitName, shortDocuments } from './documents.js';
import {
  BOILERPLATE,
  CHANNEL_LABEL,
  citationLine,
  type AnswerContext,
  citationLink,
  cleanItemName,
  currentFeeLine,
  documentsFor,
  feeSummary,
  displayName,
  documentLine,
  feeText,
  hasMoreFees,
  isCopyItem,
  onlineLine,
  quantityText,
  rankDocuments,
  shortFeeLine,
  timeLine as channelTimeLine,
  visibleLength,
  whereLine,
  agencyName,
  NO_EMPLOYER,
  ARMED_FORCES_WORDS,
} from './format.js';

/** Aspects of a procedure a citizen may ask about separately. */
export type Aspect = 'documents' | 'fee' | 'time' | 'online' | 'where' | 'steps' | 'legal' | 'conditions' | 'result';

/** Button captions (and the text they send back). */
export const ACTIONS = {
  documents: 'Xem đủ hồ sơ',
  steps: 'Các bước',
  fee: 'Lệ phí',
  legal: 'Căn cứ pháp lý',
  fillForm: 'Điền tờ khai giúp tôi',
  lawyer: 'Hỏi luật sư',
} as const;

/** Target length of the first answer, so it reads well on a phone (Zalo allows 2,000). */
export const SHORT_ANSWER_BUDGET = 1000;
/** Hard limit, reached only to keep every main paper (and the condition the citizen asked about) of a long dossier. */
export const SHORT_ANSWER_MAX = 1250;

function action(title: string): SuggestedAction {
  return { title, value: title };
}

export function procedureActions(p: Procedure, exclude: string[] = []): SuggestedAction[] {
  const list: string[] = [ACTIONS.documents, ACTIONS.steps, ACTIONS.fee, ACTIONS.legal];
  if (rankDocuments(p).some((i) => i.formName)) list.push(ACTIONS.fillForm);
  list.push(ACTIONS.lawyer);
  return list.filter((t) => !exclude.includes(t)).map(action);
}

function needsCopyNote(p: Procedure): boolean {
  return rankDocuments(p).some(isCopyItem);
}

/**
 * The first answer about a procedure, for a phone: name and code, where to go today, the
 * documents a typical applicant brings (main ones first, conditional ones under their
 * condition, never internal forms, headings or notes), today's fee in one line, the time
 * with its unit, online or not, and the citation. Shrinks the lists until the text fits
 * `SHORT_ANSWER_BUDGET`; everything else is one tap away.
 */
export function composeShortAnswer(p: Procedure, intro?: string, note?: string, ctx: AnswerContext = {}): OutgoingMessage {
  if (p.detailLevel === 'index') return composeIndexOnly(p, intro);
  const docs = shortDocuments(p, ctx.person, ctx.question ?? '');
  // Records imported before line roles existed: the old ranking, never lines marked internal, headings or notes.
  const roled = p.documentGroups.some((g) => g.items.some((i) => i.role !== undefined));
  const legacy = !roled && docs.main.length === 0 && docs.conditional.length === 0 ? documentsFor(p, ctx.person) : [];
  const copyNote = needsCopyNote(p);
  const build = (mainCount: number, condCount: number, withNote: boolean, withCopy: boolean, nameMax: number, withQuantity: boolean): string => {
    const lines: string[] = [];
    lines.push(`${intro ?? 'Dạ, thủ tục anh/chị cần là'} **${headerName(p)}** (mã ${p.code}).`);
    if (note && withNote && isSituationNote(note)) lines.push(`- **Trường hợp của anh/chị:** “${truncateWords(note, 160)}”`);
    lines.push(`- **Nơi nộp:** ${whereLine(p, { noEmployer: NO_EMPLOYER.test(fold(`${ctx.question ?? ''} ${docs.caseAsked ? (docs.chosenCase ?? '') : ''}`)), province: ctx.provinces?.namedIn(ctx.question ?? ''), armedForces: ARMED_FORCES_WORDS.test(fold(ctx.question ?? '')) })}`);
    if (docs.main.length || docs.conditional.length) {
      lines.push(docs.chosenCase ? `- **Hồ sơ** (${truncateWords(caseLabel(docs.chosenCase), 70)}):` : '- **Hồ sơ:**');
      for (const d of docs.main.slice(0, mainCount)) {
        // Counts are said while there is room; «Xem đủ hồ sơ» keeps them.
        const q = d.present ? 'xuất trình' : withQuantity ? quantityText(d.item, d.name) : '';
        lines.push(`  - ${fitName(d.name, nameMax)}${q ? ` — ${q}` : ''}`);
      }
      for (const f of docs.signedAtOffice) lines.push(`  - ${f}: cán bộ in ra tại nơi nộp để anh/chị kiểm tra và ký, không phải mang theo`);
      for (const c of docs.conditional.slice(0, condCount)) lines.push(`  - ${c.condition}: ${c.items.slice(0, 2).map((d) => `${d.present && !/^xuất trình\s/iu.test(d.name) ? 'xuất trình ' : ''}${lowerFirst(truncateWords(d.name, nameMax > 80 ? 80 : 60))}`).join('; ')}`);
      const more = docs.main.length > mainCount || docs.conditional.length > condCount || docs.hiddenConditions > 0;
      // The other cases by a few words each, so a citizen whose words chose none sees which ones exist.
      const others = docs.otherCases.slice(0, docs.caseAsked ? 2 : 3).map((t) => caseShortLabel(p, t, 44));
      const other = others.length ? `${others.join('; ')}${docs.otherCases.length > others.length ? '; …' : ''}` : '';
      if (other) lines.push(`  - Trường hợp khác (${other}): bấm «${ACTIONS.documents}»`);
      else if (more) lines.push(`  - Giấy tờ khác tùy trường hợp: bấm «${ACTIONS.documents}»`);
    } else if (legacy.length) {
      lines.push('- **Hồ sơ:**');
      for (const d of legacy.slice(0, Math.max(1, mainCount))) lines.push(`  ${documentLine(d, true)}`);
      if (legacy.length > mainCount) lines.push(`  - Giấy tờ khác: bấm «${ACTIONS.documents}»`);
    }
    const fee = currentFeeLine(p, ctx);
    if (fee) lines.push(`- **Lệ phí:** ${fee.text}${fee.more ? ' (trường hợp khác: bấm «Lệ phí»)' : ''}`);
    const time = channelTimeLine(p);
    if (time) lines.push(`- **Thời gian:** ${time}`);
    lines.push(`- **Nộp trực tuyến:** ${onlineLine(p, false)}`);
    if (withCopy) lines.push('', BOILERPLATE.certifiedCopy);
    lines.push('', citationLine(p));
    return lines.join('\n');
  };
  let withCopy = copyNote;
  // Every paper the typical applicant brings is listed; only a very long list is cut, and last.
  let mainCount = Math.min(MAIN_DOCUMENTS_MAX, docs.main.length || 4);
  let condCount = Math.min(3, docs.conditional.length);
  let withNote = true;
  let nameMax = DOCUMENT_NAME_MAX;
  let withQuantity = true;
  let text = build(mainCount, condCount, withNote, withCopy, nameMax, withQuantity);
  // The conditions the citizen's words point to ("tàu chở khách" → "Nếu phương tiện vận tải hành khách") outlast the other conditions;
  // shorter names and fewer words come before any main paper is left out.
  const asked = Math.min(docs.askedConditions, condCount);
  while (visibleLength(text) > SHORT_ANSWER_BUDGET) {
    if (condCount > Math.max(1, asked)) condCount--;
    else if (withCopy) withCopy = false;
    else if (withNote && note) withNote = false;
    else if (withQuantity) withQuantity = false;
    else if (nameMax > 80) nameMax -= 10;
    else if (condCount > Math.min(1, asked)) condCount--;
    // Beyond the target, the main papers and the one condition the citizen's words point to are kept up to the hard limit.
    else if (visibleLength(text) <= SHORT_ANSWER_MAX) break;
    else if (nameMax > 60) nameMax -= 10;
    else if (mainCount > 6) mainCount--;
    // The one condition the citizen's words point to outlasts main papers beyond four.
    else if (condCount > 0 && asked > 0 && mainCount > 4) mainCount--;
    else if (condCount > 0) condCount--;
    else if (mainCount > 4) mainCount--;
    else if (mainCount > 2) mainCount--;
    else break;
    text = build(mainCount, condCount, withNote, withCopy, nameMax, withQuantity);
  }
  return { text, suggestedActions: procedureActions(p), links: [citationLink(p)] };
}

/**
 * A passage worth quoting as the citizen's case: one that states a case ("Trường hợp …",
 * "Nếu …", "Đối với …"). An item cut from a list ("b) Đối tượng do ngân sách …", "3. Biên bản
 * giám định …") or a step of the office ("Cá nhân lập hồ sơ gửi …") names no case: quoted
 * under "Trường hợp của anh/chị" it reads as if it were the citizen's, so it is left out.
 */
export function isSituationNote(note: string): boolean {
  const t = note.trim();
  if (/^(?:\(?(?:\d{1,2}(?:\.\d{1,2})*|[a-zđ]|[ivx]{1,4})[.)]|[-+•*])\s/iu.test(t)) return false;
  // "Trường hợp … thì cán bộ thu nhận …", "… thì từ chối tiếp nhận": what the office does, not the citizen's case.
  if (/(?:thì|,)\s+(?:cán bộ|người tiếp nhận|cơ quan)(?!\p{L})|từ chối tiếp nhận|cán bộ thu nhận/iu.test(t)) return false;
  // "… thì chứng nhận thu hồi …", "… thì cấp …": the office's act; "Trường hợp thu hồi theo quy định tại điểm a, khoản 5 Điều 39 …":
  // a case named only by the law's article tells the citizen nothing.
  if (/\sthì\s+(?:chứng nhận|cấp|thu hồi|trả kết quả|giải quyết|xác nhận|ra quyết định)(?!\p{L})/iu.test(t)) return false;
  if (/^(?:trong\s+)?trường hợp\s+[^,;]{0,40}?\btheo quy định tại\s+(?:điểm|khoản|điều)(?!\p{L})/iu.test(t)) return false;
  return /^(?:trong\s+)?(?:trường hợp|nếu|đối với|khi|riêng)\s/iu.test(t);
}

/** Most main papers the short answer lists (a dossier of two parts, như thu hồi and đăng ký, has nine). */
const MAIN_DOCUMENTS_MAX = 10;
/** Longest document name the short answer prints when there is room (shortened to 60 when there is not). */
const DOCUMENT_NAME_MAX = 110;

/** Longest procedure name the short answer prints whole; the full name is in the citation link and «Xem đủ hồ sơ». */
const HEADER_NAME_MAX = 130;

/**
 * The procedure's name for the short answer's first line: a long name loses its
 * parentheses ("(Công trình không theo tuyến/Theo tuyến trong đô thị/…)"), then is cut
 * at a word, so the documents keep their room on a phone.
 */
export function headerName(p: Procedure): string {
  const full = displayName(p);
  if (full.length <= HEADER_NAME_MAX) return full;
  const bare = full.replace(/\s*\([^()]*\)/gu, '').replace(/[\s:;,.]+$/u, '');
  return truncateWords(bare.length >= 20 ? bare : full, HEADER_NAME_MAX);
}

const lowerFirst = (s: string): string => (/^[A-ZĐ][a-zà-ỹđ]/u.test(s) && !/^[A-ZĐ]{2}/u.test(s) ? s.charAt(0).toLocaleLowerCase('vi') + s.slice(1) : s);

/** What we know about an index-only record, said honestly, with the portal link. */
export function composeIndexOnly(p: Procedure, intro?: string): OutgoingMessage {
  const lines: string[] = [];
  lines.push(intro ?? 'Dạ, em tìm thấy thủ tục:');
  lines.push(`**${displayName(p)}** (mã ${p.code})`);
  if (p.agencies.filter(Boolean).length) lines.push(`- **Cơ quan thực hiện:** ${whereLine(p)}`);
  if (p.applicants.length) lines.push(`- **Đối tượng thực hiện:** ${p.applicants.join(', ')}`);
  if (p.fields.length) lines.push(`- **Lĩnh vực:** ${p.fields.join(', ')}`);
  lines.push(
    '',
    'Hiện em chưa có thông tin chi tiết về hồ sơ, lệ phí và thời hạn giải quyết của thủ tục này, nên em không trả lời phần đó để tránh sai sót.',
    `Anh/chị xem đầy đủ tại [Cổng Dịch vụ công quốc gia](${portalUrl(p.code)}) hoặc hỏi bộ phận một cửa của xã/phường.`,
    '',
    citationLine(p),
  );
  return { text: lines.join('\n'), suggestedActions: [action(ACTIONS.lawyer)], links: [citationLink(p)] };
}

function header(p: Procedure, what: string): string {
  return `Dạ, ${what} của thủ tục **${displayName(p)}** (mã ${p.code}):`;
}

/** Answer about one aspect of a detailed record; falls back to an honest "not in the data". */
export function composeAspect(p: Procedure, aspect: Aspect, ctx: AnswerContext = {}): OutgoingMessage {
  if (p.detailLevel === 'index') return composeIndexOnly(p);
  const lines: string[] = [];
  let exclude: string[] = [];
  switch (aspect) {
    case 'documents': {
      exclude = [ACTIONS.documents];
      lines.push(header(p, 'hồ sơ đầy đủ'));
      for (const g of p.documentGroups) {
        const items = g.items.filter((i) => cleanItemName(i.name).length > 0);
        if (!items.length) continue;
        if (g.title) lines.push(`**${cleanItemName(g.title)}**`);
        for (const i of items) lines.push(documentLine(i, false));
      }
      if (p.documentGroups.length === 0) lines.push('Hồ sơ của thủ tục này chưa có trong dữ liệu của em.');
      if (needsCopyNote(p)) lines.push('', BOILERPLATE.certifiedCopy);
      break;
    }
    case 'fee': {
      exclude = [ACTIONS.fee];
      lines.push(header(p, 'phí, lệ phí'));
      const summary = feeSummary(p, ctx);
      const typical = summary.typical.filter((t) => t.text);
      // Fees the parser could not structure are shown as published, one line per distinct text.
      const byText = new Map<string, string[]>();
      const stale: string[] = [];
      for (const c of p.channels) {
        if (typical.some((t) => t.channel === c.kind)) continue;
        for (const f of c.fees) {
          const t = truncateWords(cleanItemName(feeText(f)).replace(/^[-+]\s*/u, ''), 240);
          if (hasExpiredPeriod(f.description, ctx.now ?? new Date())) {
            if (!stale.includes(t)) stale.push(t);
            continue;
          }
          const labels = byText.get(t) ?? [];
          if (!labels.includes(CHANNEL_LABEL[c.kind])) labels.push(CHANNEL_LABEL[c.kind]);
          byText.set(t, labels);
        }
      }
      const merged = new Map<string, string[]>();
      for (const t of typical) merged.set(t.text!, [...(merged.get(t.text!) ?? []), CHANNEL_LABEL[t.channel]]);
      for (const [t, labels] of merged) lines.push(`- ${labels.join(', ')}: ${t}`);
      for (const [t, labels] of byText) lines.push(`- ${labels.join(', ')}: ${t}`);
      if (summary.other.length) {
        lines.push('**Trường hợp khác:**');
        for (const o of summary.other) lines.push(`- ${o}`);
      }
      for (const u of summary.upcoming) lines.push(`- ${u}`);
      if (merged.size === 0 && byText.size === 0) {
        lines.push(stale.length ? `Dữ liệu của em chỉ ghi mức thu của một thời hạn đã kết thúc; anh/chị hỏi bộ phận một cửa về mức thu hiện hành.` : 'Dữ liệu của em không ghi phí, lệ phí cho thủ tục này.');
      }
      if (summary.expired.length || stale.length) {
        lines.push('**Mức thu đã hết hạn (không còn áp dụng):**');
        for (const e of summary.expired) lines.push(`- ${e}`);
        for (const e of stale) lines.push(`- ${e}`);
      }
      break;
    }
    case 'time': {
      lines.push(header(p, 'thời gian giải quyết'));
      const withTime = p.channels.filter((c) => c.processingTime);
      for (const c of withTime) lines.push(`- ${CHANNEL_LABEL[c.kind]}: ${processingTimeText(c.processingTime!, c.description)}`);
      if (!withTime.length) lines.push('Dữ liệu của em không ghi thời gian giải quyết cho thủ tục này.');
      break;
    }
    case 'online': {
      lines.push(header(p, 'cách nộp hồ sơ'));
      lines.push(`- **Nộp trực tuyến:** ${onlineLine(p)}`);
      for (const c of p.channels) if (c.description) lines.push(`- ${CHANNEL_LABEL[c.kind]}: ${truncateWords(cleanItemName(c.description), 200)}`);
      break;
    }
    case 'where': {
      lines.push(header(p, 'nơi nộp hồ sơ'));
      lines.push(`- **Cơ quan thực hiện:** ${whereLine(p, { province: ctx.provinces?.namedIn(ctx.question ?? '') })}`);
      if (p.submissionAddress) lines.push(`- **Địa chỉ tiếp nhận:** ${truncateWords(p.submissionAddress, 300)}`);
      if (p.competentAuthority) lines.push(`- **Cơ quan có thẩm quyền:** ${p.competentAuthority}`);
      break;
    }
    case 'steps': {
      exclude = [ACTIONS.steps];
      lines.push(header(p, 'các bước thực hiện'));
      let budget = 1500;
      p.steps.forEach((s, i) => {
        if (budget <= 0) return;
        const t = truncateWords(cleanItemName(s), Math.min(400, budget));
        budget -= t.length;
        lines.push(`- ${t}`);
      });
      if (!p.steps.length) lines.push('Dữ liệu của em chưa có các bước thực hiện của thủ tục này.');
      break;
    }
    case 'legal': {
      exclude = [ACTIONS.legal];
      lines.push(header(p, 'căn cứ pháp lý'));
      for (const l of p.legalBasis) lines.push(`- ${[l.number, l.title].filter(Boolean).join(' — ')}`);
      if (p.decisionNumber) lines.push(`- Quyết định công bố thủ tục: ${p.decisionNumber}`);
      if (!p.legalBasis.length) lines.push('Dữ liệu của em chưa có căn cứ pháp lý của thủ tục này.');
      break;
    }
    case 'conditions': {
      lines.push(header(p, 'yêu cầu, điều kiện'));
      lines.push(p.conditions ? truncateWords(p.conditions, 1200) : 'Dữ liệu của em không ghi yêu cầu, điều kiện riêng cho thủ tục này.');
      break;
    }
    case 'result': {
      lines.push(header(p, 'kết quả'));
      for (const r of p.results) lines.push(`- ${cleanItemName(r)}`);
      if (!p.results.length) lines.push('Dữ liệu của em chưa ghi kết quả của thủ tục này.');
      break;
    }
  }
  lines.push('', citationLine(p));
  return { text: lines.join('\n'), suggestedActions: procedureActions(p, exclude), links: [citationLink(p)] };
}

/** Passages of a record (sentences of documents, conditions, steps, fees) for situational questions. */
export function recordPassages(p: Procedure): string[] {
  const out: string[] = [];
  for (const g of p.documentGroups) for (const i of g.items) out.push(cleanItemName(i.name));
  if (p.conditions) out.push(...p.conditions.split(/(?<=[.;])\s+/u));
  for (const s of p.steps) out.push(...s.split(/\n+|(?<=\.)\s+(?=[A-ZĐ])/u));
  for (const c of p.channels) for (const f of c.fees) if (f.description) out.push(f.description);
  return out.map(cleanItemName).filter((s) => s.length >= 12);
}

const PASSAGE_STOPWORDS = new Set(
  'thi sao con neu vay the nao la co cua va voi cho khi duoc phai lam gi toi em anh chi minh a nhe oi roi bi'.split(' '),
);

/**
 * The record passages that best match the citizen's situation words ("quá hạn",
 * "không có giấy chứng sinh"): bigram matches count double. Returns [] when nothing
 * matches well enough.
 */
export function findPassages(p: Procedure, question: string, max = 2): string[] {
  const qt = fold(question).split(' ').filter((t) => t && !PASSAGE_STOPWORDS.has(t));
  if (!qt.length) return [];
  const qBigrams = new Set<string>();
  const all = fold(question).split(' ');
  for (let i = 0; i + 1 < all.length; i++) qBigrams.add(`${all[i]} ${all[i + 1]}`);
  const scored = recordPassages(p).map((s) => {
    const f = ` ${fold(s)} `;
    let score = 0;
    for (const t of new Set(qt)) if (f.includes(` ${t} `)) score += 1;
    for (const b of qBigrams) if (f.includes(` ${b} `)) score += 1.5;
    return { s, score };
  });
  const sorted = scored.filter((x) => x.score >= 3).sort((a, b) => b.score - a.score);
  const best = sorted.filter((x) => x.score >= (sorted[0]?.score ?? 0) * 0.7);
  const seen = new Set<string>();
  const picked: string[] = [];
  for (const b of best) {
    if (seen.has(b.s) || picked.length >= max) continue;
    seen.add(b.s);
    picked.push(b.s);
  }
  return picked;
}

/** Answer to a situational question, quoting the record verbatim. */
export function composePassageAnswer(p: Procedure, passages: string[]): OutgoingMessage {
  const lines = [`Dạ, theo dữ liệu thủ tục **${displayName(p)}** (mã ${p.code}):`];
  for (const s of passages) lines.push(`- “${truncateWords(s, 400)}”`);
  lines.push('', citationLine(p));
  return { text: lines.join('\n'), suggestedActions: procedureActions(p), links: [citationLink(p)] };
}

/** Side-by-side comparison of two records on where, fee, time, online. */
export function composeComparison(a: Procedure, b: Procedure): OutgoingMessage {
  const block = (p: Procedure): string[] => {
    const lines = [`**${displayName(p)}** (mã ${p.code})`];
    if (p.detailLevel === 'index') {
      lines.push('- Em chưa có thông tin chi tiết của thủ tục này.');
      return lines;
    }
    lines.push(`- Nơi nộp: ${whereLine(p)}`);
    const fee = currentFeeLine(p)?.text;
    if (fee) lines.push(`- Lệ phí: ${fee}`);
    const time = channelTimeLine(p);
    if (time) lines.push(`- Thời gian: ${time}`);
    const docs = rankDocuments(p).slice(0, 2);
    if (docs.length) lines.push(`- Hồ sơ chính: ${docs.map((d) => `“${cleanItemName(d.name).split(';')[0]!.slice(0, 80).trim()}”`).join(', ')}`);
    return lines;
  };
  const text = ['Dạ, em so sánh hai thủ tục như sau:', ...block(a), '', ...block(b), '', citationLine(a), citationLine(b)].join('\n');
  return {
    text,
    suggestedActions: [action(`Hỏi về mã ${a.code}`), action(`Hỏi về mã ${b.code}`)],
    links: [citationLink(a), citationLink(b)],
  };
}

/** Everything the record holds, for officers (chat officer mode and the lookup page). */
export function formatFullProcedure(p: Procedure): string {
  const lines: string[] = [];
  lines.push(`**${displayName(p)}**`);
  lines.push(`- Mã thủ tục: ${p.code}`);
  lines.push(`- Phạm vi: ${p.scope === 'provincial' ? `thủ tục riêng của ${p.province ?? 'địa phương'}` : p.scope === 'internal' ? 'thủ tục nội bộ' : 'thủ tục chuẩn toàn quốc'}`);
  if (p.decisionNumber) lines.push(`- Quyết định công bố: ${p.decisionNumber}`);
  if (p.promulgatedBy) lines.push(`- Cơ quan ban hành: ${p.promulgatedBy}`);
  lines.push(`- Cấp thực hiện: ${p.levels.map((l) => ({ xa: 'xã/phường', tinh: 'tỉnh', bo: 'bộ', khac: 'khác' })[l]).join(', ') || 'chưa rõ'}`);
  if (p.fields.length) lines.push(`- Lĩnh vực: ${p.fields.join(', ')}`);
  if (p.agencies.length) lines.push(`- Cơ quan thực hiện: ${p.agencies.map(agencyName).join(', ')}`);
  if (p.competentAuthority) lines.push(`- Cơ quan có thẩm quyền: ${p.competentAuthority}`);
  if (p.submissionAddress) lines.push(`- Địa chỉ tiếp nhận: ${p.submissionAddress}`);
  if (p.applicants.length) lines.push(`- Đối tượng: ${p.applicants.join(', ')}`);
  if (p.detailLevel === 'index') {
    lines.push('', `Dữ liệu chỉ có thông tin danh mục; chi tiết xem tại Cổng Dịch vụ công quốc gia: ${portalUrl(p.code)}`);
  } else {
    if (p.channels.length) {
      lines.push('', '**Cách thức thực hiện**');
      for (const c of p.channels) {
        const fees = c.fees.map(feeText).join('; ');
        lines.push(`- ${CHANNEL_LABEL[c.kind]}: ${c.processingTime?.text ?? 'chưa rõ thời hạn'}${fees ? `; phí, lệ phí: ${fees}` : ''}${c.description ? `; ${cleanItemName(c.description)}` : ''}`);
      }
    }
    if (p.documentGroups.length) {
      lines.push('', '**Thành phần hồ sơ** (tất cả các trường hợp)');
      for (const g of p.documentGroups) {
        if (g.title) lines.push(`_${cleanItemName(g.title)}_`);
        for (const i of g.items) lines.push(documentLine(i, false));
      }
    }
    if (p.steps.length) {
      lines.push('', '**Trình tự thực hiện**');
      p.steps.forEach((s, i) => lines.push(`${i + 1}. ${cleanItemName(s)}`));
    }
    if (p.conditions) lines.push('', '**Yêu cầu, điều kiện**', p.conditions);
    if (p.results.length) lines.push('', '**Kết quả**', ...p.results.map((r) => `- ${cleanItemName(r)}`));
    if (p.legalBasis.length) {
      lines.push('', '**Căn cứ pháp lý**');
      for (const l of p.legalBasis) lines.push(`- ${[l.number, l.title, l.issuer, l.issuedDate ? formatDateVi(l.issuedDate) : null].filter(Boolean).join(' — ')}`);
    }
  }
  if (p.relatedProcedures.length) lines.push('', `Thủ tục liên quan: ${p.relatedProcedures.join(', ')}`);
  lines.push('', citationLine(p));
  return lines.join('\n');
}
