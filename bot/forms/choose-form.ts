import { fold, hasPhrase } from '../../knowledge/text/index.js';
import type { FormDefinition } from '../../knowledge/index.js';
import type { Turn } from '../types.js';
import type { FormContext } from './context.js';
import { extractFacts } from './extract.js';
import { findStatements } from './statements.js';

/** Which form a message asks to fill: named, implied by the procedure talked about, or to be chosen. */

export const START = /\b(dien|lam|khai|tao|viet|soan|in|xin|lay|can|giup)\b.*\b(to khai|mau|don|ct ?01)\b|\bto khai\b|\bct ?01\b|\bdien (giup|ho|dum)\b/;

/** A request to fill, as opposed to a question about a form ("tờ khai khai sinh lấy ở đâu?"). */
const FILL_VERB = /\b(dien|lam|tao|viet|soan|khai giup|dien giup|dien ho)\b/;

/** The one form whose choice fields a message fills ("chưa kết hôn lần nào" → marital status). */
export function formByStatements(ctx: FormContext, text: string): FormDefinition | undefined {
  const fields = findStatements(text)
    .map((x) => x.field)
    .filter((x) => !/^so_luong/.test(x));
  if (fields.length === 0) return undefined;
  const fit = ctx.forms.all().filter((x) => fields.every((name) => ctx.forms.fieldsOf(x).some((f) => f.name === name)));
  return fit.length === 1 ? fit[0] : undefined;
}

export function detectForm(ctx: FormContext, turn: Turn): string | 'choose' | undefined {
  const f = fold(turn.text);
  const byTrigger = (text: string) => namedForms(ctx, text)[0];
  // "tờ khai CT01" alone asks about the form (Q&A answers, with a "Điền tờ khai giúp tôi" button);
  // filling starts on a request: "điền/làm/tạo tờ khai …".
  const u = turn.understanding;
  if (u) {
    // The understanding stage already decided this is a request for a form (or data for one).
    if (u.intent !== 'form_request' && u.intent !== 'form_data') return undefined;
  } else if (!START.test(f) || !FILL_VERB.test(f)) return undefined;
  const named = byTrigger(papersNamed(f, turn.text, turn.now));
  const prior = formAskedBefore(ctx, turn);
  // Details that name a paper only as part of a story ("đăng ký khai sinh ở UBND xã …" for a
  // copy of that birth record) keep the form asked about before; a request names its form.
  const request = (START.test(f) && FILL_VERB.test(f)) || asksToFillForm(f);
  if (named && prior && named !== prior && !request && extractFacts(turn.text, { now: turn.now }).facts.length > 0) return prior;
  if (named) return named;
  const qa = turn.conversation.qa as { current?: string; pending?: { codes?: string[] } } | undefined;
  const code = qa?.current ?? turn.conversation.lastAnswer?.procedureCode;
  // The paper the citizen named in their own question beats the procedure the answer ranked
  // first when the question never named that procedure's paper ("sắp cưới, muốn đăng ký kết
  // hôn" answered with the marital-status certificate one needs for it; "cấp lại bản sao giấy
  // đăng ký kết hôn" answered with a procedure no form of ours is for): people name the paper
  // they want, and retrieval may rank a neighbouring one first.
  const asked = turn.conversation.lastAnswer?.question;
  const inQuestion = asked ? namedForms(ctx, papersAsked(fold(asked))) : [];
  if (code) {
    const forCode = ctx.forms.forProcedure(code)[0];
    const copyAsked = asked !== undefined && COPY_OF_PAPER.test(fold(asked));
    if (inQuestion.length > 0 && (!forCode || !inQuestion.includes(forCode.id) || copyAsked)) return inQuestion[0];
    if (forCode) return forCode.id;
  }
  // Details typed after a clarifying question or another answer: the procedures offered
  // and the last question asked still say which form the citizen is after.
  for (const c of qa?.pending?.codes ?? []) {
    const forCode = ctx.forms.forProcedure(c)[0];
    if (forCode) return forCode.id;
  }
  const earlier = turn.conversation.lastAnswer?.question;
  const fromEarlier = earlier ? byTrigger(fold(earlier)) : undefined;
  if (fromEarlier) return fromEarlier;
  if (code && u?.intent !== 'form_data') return undefined; // the Q&A skill explains that this procedure's form is not available here
  return 'choose';
}

/**
 * The words of a message, folded, that can name the paper asked for: not the people's names it
 * gives ("Vũ Đình Khải, sinh năm 1970" folds to "… khai sinh nam 1970"), nor a paper named as
 * the reference a record is checked against ("ghi sai ngày sinh so với giấy khai sinh").
 */
export function papersNamed(folded: string, text: string, now: Date): string {
  let out = withoutReferencePapers(folded);
  const names = /\b(?:khai|sinh|tu|hon)\b/.test(out)
    ? extractFacts(text, { now }).facts.filter((x) => /^hoTen|Ten$/.test(x.key) && typeof x.value === 'string').map((x) => fold(String(x.value)))
    : [];
  for (const name of names) if (name.split(' ').length >= 2) out = out.replace(new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'g'), ' ');
  return out;
}

/** A paper named as what a record is compared with or follows: "so với giấy khai sinh", "theo khai sinh". */
const REFERENCE_PAPER = /\b(?:so voi|theo|dung voi|dung nhu|khop voi|giong (?:voi|nhu)|trung voi|doi chieu voi|can cu vao)\s+(?:(?:giay|ban|ban sao|ban chinh|trich luc)\s+)?(?:khai sinh|ket hon|khai tu)\b/g;

export function withoutReferencePapers(folded: string): string {
  return folded.replace(REFERENCE_PAPER, ' ');
}

/**
 * A message, folded, without the papers it names only as a purpose or a state: "xin 1 bản để
 * đăng ký kết hôn", "mục đích kết hôn với người nước ngoài", "em chưa đăng ký kết hôn lần nào"
 * ask for another paper (the marital-status certificate), not the marriage form.
 */
export function papersAsked(folded: string): string {
  return folded
    .replace(/\b(?:de|muc dich(?: su dung)?(?: la)?|nham|phuc vu)\s+(?:(?:lam|di|con|duoc|toi|tui|em|minh|no|chau)\s+){0,2}(?:dang ky |dk |lam thu tuc |lam ho so )?(?:ket hon|khai sinh|tam tru|thuong tru)\b/g, ' ')
    .replace(/\b(?:chua|da|chua tung|khong|ko|tung|van chua)\s+(?:(?:co|lan nao|bao gio|tung|voi ai)\s+)?(?:dang ky |dk |dky )?ket hon\b/g, ' ');
}

/** The form the question answered last asked about: the paper it named, else its procedure's form. */
function formAskedBefore(ctx: FormContext, turn: Turn): string | undefined {
  const qa = turn.conversation.qa as { current?: string } | undefined;
  const code = qa?.current ?? turn.conversation.lastAnswer?.procedureCode;
  const asked = turn.conversation.lastAnswer?.question;
  const inQuestion = asked ? namedForms(ctx, papersAsked(fold(asked))) : [];
  return inQuestion[0] ?? (code ? ctx.forms.forProcedure(code)[0]?.id : undefined);
}

/**
 * A copy of a civil-status paper asked for ("bản sao giấy đăng ký kết hôn", "trích lục khai
 * tử", "cấp lại bản sao giấy khai sinh"): the extract form, whatever paper it copies. The
 * paper's own name would otherwise pick the form that registers it.
 */
const CIVIL_PAPER = '(?:khai sinh|gks|giay ks|ket hon|khai tu|ho tich|nhan cha|nhan me|giam ho|thay doi ho tich|cai chinh)';
const COPY_OF_PAPER = new RegExp(
  `\\b(?:ban sao|trich luc|sao y|ban trich)\\b(?: \\p{L}+){0,3}? ${CIVIL_PAPER}\\b|\\b${CIVIL_PAPER}\\b(?: \\p{L}+){0,10}? (?:xin|cap|lam|can|lay|muon)(?: lai)? (?:ban sao|trich luc)\\b`,
  'u',
);

/**
 * The forms a message names, the most specific first: a copy of a civil-status paper is the
 * extract form; otherwise every form one of whose triggers the message contains, by the
 * length of its longest trigger found.
 */
export function namedForms(ctx: FormContext, folded: string): string[] {
  // "thường trú 210 Nguyễn Trãi", "tạm trú: số 5 ngõ 3": a label in front of an address names
  // where the citizen lives, not the residence form.
  folded = folded.replace(ADDRESS_LABEL, ' ');
  const ranked = ctx.forms
    .all()
    .map((form) => ({ form, score: Math.max(0, ...form.triggers.map((t) => (hasPhrase(folded, t) ? t.length : 0))) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score)
    .map((x) => x.form.id);
  if (COPY_OF_PAPER.test(folded)) {
    const extract = ctx.forms.all().find((x) => x.triggers.includes('trich luc'))?.id;
    if (extract) return [extract, ...ranked.filter((x) => x !== extract)];
  }
  return ranked;
}

/** A residence word used as the label of an address that follows it. */
const ADDRESS_LABEL = /\b(?:noi )?(?:thuong tru|tam tru|cu tru)(?: hien (?:tai|nay))?(?: (?:o|tai|la))?\s*:?\s*(?=(?:so |\d|thon |xom |ap |ban |buon |lang |phum |soc |khom |khoi |khu |to |ngo |ngach |hem |duong |pho |kiet |cung (?:dia chi|nha|cho|noi|voi|ho khau)\b|chung (?:nha|dia chi)\b))/gu;

/** The form a reply to "which form?" names: by the choices it states, a button, the short name or a trigger. */
export function pickForm(ctx: FormContext, text: string, said: string, value: string | undefined): FormDefinition | undefined {
  // A form named (its button, its name, its words) before one inferred from statements: "chị
  // cần làm giấy khai sinh cho con" names the birth form, though "cho con" also fits the extract's
  // requester; "em sắp cưới, nhờ làm tờ khai đăng ký kết hôn" names marriage, not marital status.
  const named = namedForms(ctx, papersAsked(said))[0];
  return (
    ctx.forms.all().find((x) => fold(x.shortName) === said || x.id === value) ??
    ctx.forms.all().find((x) => hasPhrase(said, fold(x.shortName))) ??
    (named ? ctx.forms.get(named) : undefined) ??
    formByStatements(ctx, text)
  );
}

/** A paper one of the forms is for, named the way people say it ("giấy khai sinh", "xác nhận độc thân", "ct01"). */
const PAPER = '(?:giay )?(?:khai sinh|khai tu|ket hon|dang ky ket hon|tinh trang hon nhan|xac nhan doc than|doc than|trich luc(?: \\p{L}+)?|ban sao (?:trich luc|giay khai sinh|khai sinh)|tam tru|thuong tru|thay doi thong tin cu tru|nhap khau|nhap ho khau|chuyen (?:ho )?khau|ct ?01|tro giup phap ly)';
/**
 * Whom the paper is for, or a plea for help: what turns naming a paper into a request. The
 * plea words that are also other words are read only where a plea stands: "hộ" before whom or
 * at the end (not "hộ tịch", "hộ khẩu"), "với / nha / nhé / đi" at the end (not "kết hôn với
 * …", "ở nhà …").
 */
const FOR_WHOM = '(?:cho (?:chau|con|be|ong|ba|bo|me|ma|vo|chong|em|anh|chi|thang cu|dua nho|dua|no|me cua|bo cua|minh|tui|toi|e)\\b|giup|gium|dum|ho(?= (?:em|toi|tui|minh|e|chau|con|nha|nhe|voi)\\b|\\s*$)|(?:voi|nha|nhe|nhen|nghe|di)(?: (?:a|nha|nhe|nghe|voi))?\\s*$)';
const CASUAL_ASK = [
  // "lam giay khai sinh cho chau", "xin bản sao trích lục khai tử cho ông" ("đăng ký … cho con"
  // asks about the procedure)
  new RegExp(`\\b(?:lam|dien|xin|khai|viet)\\b(?: \\p{L}+){0,3}? ${PAPER}\\b.*\\b${FOR_WHOM}`, 'u'),
  // "khai sinh cho thằng cu nhà tui với", "khai tử cho ông"
  // (never after "đăng ký": "đăng ký lại khai sinh cho người lớn tuổi" asks about the procedure)
  new RegExp(`^(?!.*\\bdang ky\\b)(?:\\p{L}+ ){0,3}?(?:khai sinh|khai tu) cho\\b`, 'u'),
  // "khai giúp mẹ tôi chuyển hộ khẩu", "làm hộ bà cái tạm trú": a fill verb and a plea for
  // help in front of the paper ask us to do it for them
  new RegExp(`\\b(?:khai|lam|dien) (?:giup|gium|dum|ho(?! (?:khau|tich|chieu|kinh doanh|ngheo)\\b))\\b(?: \\p{L}+){0,3}? ${PAPER}\\b`, 'u'),
  // "cho tui làm giấy xác nhận tình trạng hôn nhân"
  new RegExp(`^(?:\\p{L}+ ){0,2}?cho (?:toi|tui|em|e|minh|con|chau) (?:lam|xin|dien)\\b(?: \\p{L}+){0,3}? ${PAPER}\\b`, 'u'),
];
/** The shape of a question about a paper ("làm giấy khai sinh cho con cần gì"), not a request to fill it. */
const ASKS_ABOUT = /\?|\b(?:cho (?:toi|tui|em|e|minh|mk|chau|con) hoi|hoi (?:chut|xiu|ve)|di mo|o mo|cho mo|may ngay|mat may|rua|ri|the nao|lam gi|bao nhieu|o dau|the nao|nhu nao|ra sao|lam sao|sao vay|can gi|can nhung gi|giay to gi|mang gi|bao lau|khi nao|co duoc|duoc khong|duoc ko|dc ko|phai khong|co mat|mat phi|le phi|thu tuc)\b|\b(?:khong|ko|k|hong|chua|gi|j|sao)\s*$/;

/** A fill verb, a form and a plea for help: "làm đơn giúp tôi", "điền giùm em tờ khai", "viết hộ mình cái đơn". */
const FILL_ASK = /\b(?:lam|dien|viet|soan|khai)\b(?: (?:giup|gium|dum|ho|cho|toi|tui|em|e|minh|mk|cai|to|la|bo))* (?:to khai|don|mau don|mau to khai|bieu mau|ct ?01)\b.*\b(?:giup|gium|dum|ho|cho (?:toi|tui|em|e|minh|mk))\b|\b(?:lam|dien|viet|soan|khai) (?:giup|gium|dum|ho)\b(?: \p{L}+){0,3} (?:cai |to |la |bo )?(?:to khai|don|mau don|mau to khai|bieu mau|ct ?01)\b/u;

/**
 * The citizen says they want to do the procedure themselves ("tôi muốn làm giấy khai sinh cho
 * con", "em cần xin trích lục cho mẹ"): they are told the procedure first (where, papers, fee),
 * with the form offered there; a bare request addressed to us ("làm giấy khai sinh cho cháu")
 * asks us to fill it.
 */
const WILL_DO_IT = /\b(?:muon|can|dinh|sap|phai|tinh) (?:di )?(?:lam|xin|dang ky|lam lai|xin lai)\b(?! don\b)/;

/** A form of ours needed, named: "cần đơn trợ giúp pháp lý", "cần tờ khai CT01", "cần prefill tờ khai khai sinh". */
const NEEDS_FORM = new RegExp(`\\b(?:can|muon co|muon lay|can lay|xin)\\b(?: (?:prefill|dien|dien san|lam|cai|mau|bo|1|mot))* (?:to khai|don|mau don|mau to khai|bieu mau)(?: (?:de nghi|dang ky|xin|yeu cau))? ${PAPER}\\b`, 'u');

/** What a paper is for, in procedure words that ask nothing: "để làm thủ tục bán đất", "để làm hồ sơ vay". */
const PURPOSE_OF_PAPER = /\b(?:de|phuc vu)\s+(?:(?:lam|nop|hoan thien|bo sung|di)\s+)?(?:ho so|thu tuc)\b/g;

/** A 12-digit personal identification number typed out (spaces or dots between groups allowed). */
const DETAILS_TYPED = /(?<![\d])\d{3}[ .]?\d{3}[ .]?\d{6}(?![\d])/;
/** A birth date typed out ("20/2/1985", "14-02-1990", "sinh ngày 7 tháng 7 năm 1994"). */
const BIRTH_TYPED = /\b\d{1,2}[\/\-. ]\d{1,2}[\/\-. ](?:19|20)\d{2}\b|\b\d{1,2}[\/\-.]\d{1,2}[\/\-.]\d{2}\b|\b(?:sinh|sanh|sn)\b[^,.;]{0,30}\b(?:19|20)\d{2}\b/;

/**
 * Whether a message, folded, asks casually for one of the papers these forms are for
 * ("lam giay khai sinh cho chau", "khai sinh cho thằng cu nhà tui với", "xin bản sao trích
 * lục khai tử cho ông"): a paper named with whom it is for or a plea for help, and not shaped
 * as a question. The understanding stage calls it so that such a request starts the form.
 */
export function asksToFillForm(folded: string): boolean {
  // "…, làm đơn giúp tôi", "điền giùm em cái tờ khai": a fill verb, a form and a plea in one
  // clause ask us to fill it, whatever the story before it ("muốn xin trợ giúp pháp lý, …").
  // A paper's purpose ("để làm thủ tục bán đất", "để làm hồ sơ vay") asks nothing.
  folded = folded.replace(PURPOSE_OF_PAPER, ' ');
  const clauses = folded.split(/[,.;!]+/);
  // ("làm đơn khởi kiện giúp tôi" names no paper of ours: an "đơn" must be one of them.)
  const ours = new RegExp(`\\b${PAPER}\\b`, 'u').test(folded);
  if (!/\?/.test(folded) && clauses.some((c) => FILL_ASK.test(c) && !ASKS_ABOUT.test(c) && (ours || /\b(?:to khai|ct ?01|bieu mau)\b/.test(c)))) return true;
  if (ASKS_ABOUT.test(folded)) return false;
  // "cần đơn trợ giúp pháp lý", "e cần tờ khai CT01 để khai báo tạm trú", "mình cần prefill tờ
  // khai khai sinh": one of our forms needed, by name, is asked of us.
  if (NEEDS_FORM.test(folded)) return true;
  // "dang ky ket hon, toi la ben nam: Le Quang Vinh, 20/2/1985, …, cccd 044085003317": one of
  // our papers named with a person's ID number and birth date typed out, nothing asked: the
  // details are for that paper's form.
  if (ours && DETAILS_TYPED.test(folded) && BIRTH_TYPED.test(folded)) return true;
  if (WILL_DO_IT.test(folded)) return false;
  return CASUAL_ASK.some((re) => re.test(folded));
}
