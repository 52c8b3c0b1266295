import { fold, foldSameLength } from '../../knowledge/text/index.js';
import { RELATIONS, type FormDefinition } from '../../knowledge/index.js';
import { absorb, type Absorbed } from './absorb.js';
import type { FormContext } from './context.js';
import { formName } from './name-diacritics.js';
import { getFact, setFact, type Holder } from './profile.js';
import { readRequest, requestContent } from './request-content.js';
import { holderOfField, resolveHolder, type FormSession } from './session.js';
import { tidy } from './vi-text.js';

/**
 * What follows reading a message into the form (`absorb`), from the session as it now is:
 * names typed without diacritics restored (when the context asks for it; a guess is read
 * back), and the CT01 "Nội dung đề nghị" written from the request kind and the residence.
 */

export interface Settled {
  /** 1 when the request line was filled for the first time (the message carried data). */
  got: number;
  /** Lines for the reply: names whose restored diacritics are a guess, read back. */
  notes: string[];
}

const HOLDERS: readonly Holder[] = ['self', ...RELATIONS, 'other'];

/** Runs after every message read into the form (`text`), or with no text to refresh after a value was chosen. */
export function settle(ctx: FormContext, form: FormDefinition, session: FormSession, text?: string): Settled {
  const notes = ctx.restoreNames ? restoreNames(session) : [];
  deriveDeclarant(ctx, form, session, text);
  inferSex(ctx, form, session);
  return { got: deriveRequest(ctx, form, session, text) + deriveMembers(ctx, form, session), notes };
}

/** The CT01 field listing the household members who change residence together with the citizen. */
export const MEMBERS_FIELD = 'thanh_vien_cung_thay_doi';

/**
 * A relative's relation to the head of household, from their relation to the citizen and the
 * citizen's own relation to the head ("Chủ hộ", the head's "Vợ"/"Chồng", the head's "Con").
 */
function relationToHead(citizen: string, member: 'spouse' | 'child', memberSex: 'Nam' | 'Nữ' | undefined, citizenSex: 'Nam' | 'Nữ' | undefined): string | undefined {
  const sex = memberSex ?? (citizenSex === 'Nam' ? 'Nữ' : citizenSex === 'Nữ' ? 'Nam' : undefined);
  if (citizen === 'Chủ hộ') return member === 'child' ? 'Con' : sex === 'Nữ' ? 'Vợ' : sex === 'Nam' ? 'Chồng' : undefined;
  // The head's wife or husband: their child is the head's child too (the head is the spouse).
  if (citizen === 'Vợ' || citizen === 'Chồng') return member === 'child' ? 'Con' : undefined;
  // The head's child: their spouse is a child-in-law, their child a grandchild.
  if (citizen === 'Con') return member === 'child' ? 'Cháu' : sex === 'Nữ' ? 'Con dâu' : sex === 'Nam' ? 'Con rể' : undefined;
  return undefined;
}

/**
 * CT01 "Những thành viên trong hộ gia đình cùng thay đổi": the citizen's spouse and child named
 * with their full name on the form (never the head of household themself), one a line, as the
 * form's label orders them: name; date of birth; sex; personal identification number; relation
 * to the head. Rewritten as details come; a value the citizen states or corrects is kept.
 */
export function deriveMembers(ctx: FormContext, form: FormDefinition, session: FormSession): number {
  if (!ctx.forms.fieldsOf(form).some((f) => f.name === MEMBERS_FIELD) || !form.roles.some((r) => r.name === 'chuHo')) return 0;
  const cur = session.values[MEMBERS_FIELD];
  if (cur !== undefined && cur !== session.membersDerived) return 0;
  const citizen = session.values.moi_quan_he_voi_chu_ho;
  if (!citizen) return 0;
  const head = resolveHolder(form, session, 'chuHo', ctx.forms);
  const headName = getFact(session.profile, head, 'hoTen') ?? session.values.ho_ten_chu_ho;
  const citizenSex = (getFact(session.profile, 'self', 'gioiTinh') as 'Nam' | 'Nữ' | undefined) ?? sexFromDetails({ id: getFact(session.profile, 'self', 'soDinhDanh'), name: getFact(session.profile, 'self', 'hoTen') });
  const lines: string[] = [];
  for (const member of ['spouse', 'child'] as const) {
    if (member === head) continue;
    const name = getFact(session.profile, member, 'hoTen');
    if (!name || name.trim().split(/\s+/).length < 2 || (headName && fold(headName) === fold(name))) continue;
    const id = getFact(session.profile, member, 'soDinhDanh');
    const sex = (getFact(session.profile, member, 'gioiTinh') as 'Nam' | 'Nữ' | undefined) ?? sexFromDetails({ id, name });
    const relation = relationToHead(citizen, member, sex, citizenSex);
    if (!relation) continue;
    lines.push([name, getFact(session.profile, member, 'ngaySinh'), sex, id, relation].filter((x): x is string => !!x).join('; '));
  }
  const value = lines.length ? lines.join('\n') : undefined;
  if (value === cur) return 0;
  if (value === undefined) delete session.values[MEMBERS_FIELD];
  else session.values[MEMBERS_FIELD] = value;
  session.membersDerived = value;
  return cur === undefined && value !== undefined ? 1 : 0;
}

/** The citizen's sex a relation they stated carries ("Vợ" of the head of household is a woman). */
const SEX_OF_RELATION: Record<string, 'Nam' | 'Nữ'> = { Vợ: 'Nữ', Mẹ: 'Nữ', Bà: 'Nữ', Chồng: 'Nam', Cha: 'Nam', Ông: 'Nam' };

/**
 * A person's sex as their own details tell it: digit 4 of a 12-digit personal identification
 * number is sex and century (even for men, odd for women: 0/1 the 1900s, 2/3 the 2000s), the
 * citizen's relation on the form ("Vợ", "Mẹ", "Cha"), a middle name that is one sex's ("Thị",
 * "Văn"), in that order of trust.
 */
export function sexFromDetails(details: { id?: string; relation?: string; name?: string }): 'Nam' | 'Nữ' | undefined {
  if (details.id && /^\d{12}$/.test(details.id)) {
    const d = Number(details.id[3]);
    if (d <= 5) return d % 2 === 0 ? 'Nam' : 'Nữ';
  }
  const byRelation = details.relation ? SEX_OF_RELATION[details.relation] : undefined;
  if (byRelation) return byRelation;
  const middle = fold(details.name ?? '').split(' ').slice(1, -1);
  if (middle.includes('thi')) return 'Nữ';
  if (middle.includes('van')) return 'Nam';
  return undefined;
}

/**
 * A sex field nobody stated, filled from what the person's own details carry (`sexFromDetails`);
 * kept in step with those details while the citizen has not said it outright (a corrected ID
 * number changes it), and never over what they said.
 */
function inferSex(ctx: FormContext, form: FormDefinition, session: FormSession): void {
  const fields = ctx.forms.fieldsOf(form);
  const relation = fields.filter((f) => /^(?:moi_)?quan_he_voi_/.test(f.name)).map((f) => session.values[f.name]).find((v) => v !== undefined);
  for (const f of fields) {
    if (!f.prefill?.endsWith('.gioiTinh') || session.values[f.name] !== undefined) continue;
    const holder = holderOfField(form, session, f, ctx.forms);
    if (!holder) continue;
    const current = getFact(session.profile, holder, 'gioiTinh');
    const inferred = session.sexInferred?.[holder];
    if (current !== undefined && current !== inferred) continue;
    const sex = sexFromDetails({
      id: getFact(session.profile, holder, 'soDinhDanh'),
      relation: holder === (session.declarant ?? 'self') ? relation : undefined,
      name: getFact(session.profile, holder, 'hoTen'),
    });
    if (!sex || sex === current) continue;
    setFact(session.profile, holder, 'gioiTinh', sex);
    (session.sexInferred ??= {})[holder] = sex;
  }
}

/** A residence request in folded words ("nhập khẩu", "chuyển hộ khẩu", "đăng ký tạm trú"). */
const RESIDENCE = String.raw`(?:nhap (?:ho )?khau|chuyen (?:ho )?khau|ho khau|thuong tru|tam tru|cu tru)`;
/**
 * The relative a residence request is made for, folded: "cho mạ", "giúp mẹ tôi", "cho nó", "cho
 * thằng cháu"; never "mẹ con em" (the citizen and their child), "vợ con", "vợ chồng", "mẹ vợ"
 * ("cho mạ vô hộ tui": "vô" is into).
 */
const FOR_KIN = String.raw`\b(?:cho|giup|ho)\s+(?:thang |con be |be )?(me|ma|u|bam|bu|bo|cha|tia|con(?: (?:trai|gai))?|vo|vk|chong|ck|no|chau(?: (?:noi|ngoai|trai|gai))*|(?:anh|chi|em) (?:trai|gai|ruot))(?:\s+(?:cua\s+)?(?:toi|tui|em|e|minh|mk|tao|tau|ba|ong))?\b(?!\s+(?:con|chong|ck|vk)\b|\s+vo\b(?!\s+(?:ho|nha|khau)\b))`;
const KIN_REQUEST = new RegExp(String.raw`${FOR_KIN}[^.?!;\n]{0,40}?\b${RESIDENCE}\b|\b${RESIDENCE}\b[^.?!;\n]{0,40}?${FOR_KIN}`);

function kinHolder(word: string): Holder {
  if (/^(?:me|ma|u|bam|bu)$/.test(word)) return 'mother';
  if (/^(?:bo|cha|tia)$/.test(word)) return 'father';
  if (/^con\b/.test(word)) return 'child';
  if (/^(?:vo|vk|chong|ck)$/.test(word)) return 'spouse';
  return 'other';
}

/**
 * CT01 filed by the head of household for a relative: "nhập khẩu cho mạ vô hộ tui", "khai giúp
 * mẹ tôi chuyển hộ khẩu", "đăng ký tạm trú cho nó", with "tôi là chủ hộ". The form's person (its
 * name, birth date, ID number, sex) is then the relative, the head the citizen, and the relation
 * to the head the relative's to the citizen (Mẹ, Cha, Con, Vợ/Chồng; a grandchild or a sibling
 * "Khác"). Nothing changes while the citizen has not said they are the head.
 */
function deriveDeclarant(ctx: FormContext, form: FormDefinition, session: FormSession, text: string | undefined): void {
  const field = form.roles.find((r) => r.name === 'chuHo')?.from;
  if (!field) return;
  if (text !== undefined && !session.declarantOf) {
    const m = KIN_REQUEST.exec(foldSameLength(text).toLowerCase());
    const word = m?.[1] ?? m?.[2];
    if (word) session.declarantOf = kinHolder(word);
  }
  if (!session.declarantOf || session.values[field] !== 'Chủ hộ' || session.guessed?.includes(field)) return;
  const kin = session.declarantOf;
  const citizenSex = (getFact(session.profile, 'self', 'gioiTinh') as 'Nam' | 'Nữ' | undefined) ?? sexFromDetails({ id: getFact(session.profile, 'self', 'soDinhDanh'), name: getFact(session.profile, 'self', 'hoTen') });
  const relation = kin === 'mother' ? 'Mẹ' : kin === 'father' ? 'Cha' : kin === 'child' ? 'Con' : kin === 'spouse' ? (citizenSex === 'Nam' ? 'Vợ' : citizenSex === 'Nữ' ? 'Chồng' : undefined) : 'Khác';
  session.declarant = kin;
  session.headIsSelf = true;
  if (relation) session.values[field] = relation;
  else delete session.values[field];
}

/** `absorb`, then `settle`: one message read into the form, with what follows from it. */
export function absorbAndSettle(ctx: FormContext, form: FormDefinition, session: FormSession, text: string, now: Date): Absorbed {
  const got = absorb(ctx, form, session, text, now);
  const s = settle(ctx, form, session, text);
  return { ...got, got: got.got + s.got, notes: [...got.notes, ...s.notes] };
}

/** Every person's name typed without any diacritic, restored; the lines reading back the guesses (once each). */
function restoreNames(session: FormSession): string[] {
  const notes: string[] = [];
  for (const h of HOLDERS) {
    const name = getFact(session.profile, h, 'hoTen');
    if (!name) continue;
    const n = formName(name, true);
    if (n.value === name) continue;
    setFact(session.profile, h, 'hoTen', n.value);
    if (n.readBack && !session.namesReadBack?.includes(n.value)) {
      notes.push(n.readBack);
      (session.namesReadBack ??= []).push(n.value);
    }
  }
  return notes;
}

/** The CT01 field written from the request kind and the residence address. */
export const REQUEST_FIELD = 'noi_dung_de_nghi';

/** "Nội dung đề nghị: …", "nội dung đề nghị là …": the citizen words the line themself. */
const STATED_REQUEST = /\bnoi dung(?: de nghi| yeu cau)?\s*(?:la\b|:)\s*/;

/**
 * CT01 "Nội dung đề nghị" from what the conversation established: the request kind the
 * citizen's words name ("khai báo tạm trú", "nhập hộ khẩu") and the citizen's residence
 * address, never their phrases ("Đăng ký tạm trú tại số 15 …"). Rewritten when the address
 * comes or changes; a line the citizen states ("nội dung đề nghị: …") or gives as the answer
 * when it is asked (and no kind can be read from it) wins and is kept. A kind only named
 * ("em thường trú ở Nam Định") is no request unless it answers the question. `text` is the
 * message just read (none: only refresh). Returns 1 when the field was filled for the first time.
 */
export function deriveRequest(ctx: FormContext, form: FormDefinition, session: FormSession, text?: string): number {
  if (!ctx.forms.fieldsOf(form).some((f) => f.name === REQUEST_FIELD)) return 0;
  const cur = session.values[REQUEST_FIELD];
  if (text !== undefined) {
    const t = tidy(text);
    const stated = STATED_REQUEST.exec(foldSameLength(t));
    const said = stated ? t.slice(stated.index + stated[0].length).replace(/[\s,.;:!?]+$/u, '') : '';
    if (said.length > 3) {
      session.values[REQUEST_FIELD] = said.charAt(0).toLocaleUpperCase('vi') + said.slice(1);
      session.requestDerived = undefined;
      return cur === undefined ? 1 : 0;
    }
    const r = readRequest(text);
    if (r && (!r.weak || (!session.requestKind && session.asked.includes(REQUEST_FIELD)))) session.requestKind = r.kind;
  }
  if (!session.requestKind || (cur !== undefined && cur !== session.requestDerived)) return 0;
  // The citizen's own residence; else the household's they register into ("nhà thuê ở …" said
  // of the head of household): CT01 has no field of its own for the head's address.
  const head = form.roles.some((r) => r.name === 'chuHo') ? resolveHolder(form, session, 'chuHo', ctx.forms) : undefined;
  const value = requestContent(session.requestKind, getFact(session.profile, 'self', 'noiCuTru') ?? (head && head !== 'self' ? getFact(session.profile, head, 'noiCuTru') : undefined));
  if (value === cur) return 0;
  session.values[REQUEST_FIELD] = value;
  session.requestDerived = value;
  return cur === undefined ? 1 : 0;
}
