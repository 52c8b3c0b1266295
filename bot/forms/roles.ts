import { fold } from '../../knowledge/text/index.js';
import type { FormDefinition } from '../../knowledge/index.js';
import type { FormContext } from './context.js';
import { getFact, getPerson, setPerson, type Holder, type PersonKey } from './profile.js';
import { sexOfName } from './names.js';
import { labelSuffix, maskDigits, stripNumber } from './replies.js';
import { holderOfField, resolveHolder, type FormSession } from './session.js';

/**
 * Who is who on a form: the people a form has fields for, the role a person named in the
 * text stands for (the wife is the mother on a birth declaration, the bride on a marriage
 * one), the fields that decide roles, and the checks between people (a child is born
 * after its parents; an ID number carries its holder's birth year).
 */

/** The form's role or relation a holder named in the text stands for in this form. */
export function formHolder(ctx: FormContext, form: FormDefinition, session: FormSession, h: string): string {
  const has = (field: string) => ctx.forms.fieldsOf(form).some((f) => f.name === field);
  const side = session.values.ben_cua_nguoi_yeu_cau;
  switch (h) {
    case 'wife':
      return has('ho_ten_me') ? 'mother' : has('ho_ten_ben_nu') ? 'bride' : 'spouse';
    case 'husband':
      return has('ho_ten_cha') ? 'father' : has('ho_ten_ben_nam') ? 'groom' : 'spouse';
    case 'partner':
      if (has('ho_ten_ben_nu')) return side === 'Bên nữ' ? 'groom' : side === 'Bên nam' ? 'bride' : 'spouse';
      if (has('ho_ten_me')) return session.values.quan_he_voi_nguoi_duoc_khai_sinh === 'Cha' ? 'mother' : session.values.quan_he_voi_nguoi_duoc_khai_sinh === 'Mẹ' ? 'father' : 'spouse';
      return 'spouse';
    case 'child': {
      // "Bà muốn xin … cho cháu nội" then "cháu tên …": an elder who speaks of themself by a kin
      // title never means themself by "cháu", "con"; on a paper for a relative the child named
      // is the person the paper is for.
      const subject = form.roles.find((r) => r.name === 'subject');
      if (subject?.from && session.values[subject.from] === 'Khác' && session.selfTitle) return 'subject';
      // A guardian's "cháu", "con" is the ward the paper is for.
      if (subject?.from && session.values[subject.from] === 'Người đại diện theo pháp luật') return 'subject';
      return h;
    }
    case 'it': {
      // "nó" is the person the paper is about, or the baby; never the citizen, whose own paper it may be.
      if (form.roles.some((r) => r.name === 'subject')) return resolveHolder(form, session, 'subject', ctx.forms) === 'self' ? 'other' : 'subject';
      if (form.roles.some((r) => r.name === 'baby')) return 'baby';
      return session.lastOther ?? 'other';
    }
    case 'relative':
      // A sibling, grandparent, aunt or uncle: the person a paper is about when it is for
      // someone else ("Khác"), and otherwise a person this form has no place for.
      return 'other';
    case 'other3': {
      // "anh ấy", "chị ấy": the last other person spoken of, when this form has a place for them
      // (a mother named on a marriage form has none: "anh ấy" is then the partner).
      const last = session.lastOther;
      const placed = last !== undefined && formHolders(ctx, form, session).includes(resolveHolder(form, session, formHolder(ctx, form, { ...session, lastOther: undefined }, last), ctx.forms));
      return placed ? last : has('ho_ten_ben_nu') ? 'spouse' : (last ?? 'other');
    }
    case 'mother':
    case 'father': {
      // "xin cho mẹ em": the citizen is the child of the person the paper is for.
      if (has('ho_ten_me')) return h;
      const role = form.roles.find((r) => r.from && session.values[r.from] === 'Con');
      if (!role) return h;
      // One parent is the paper's person: the other one spoken of later ("Bố em mất năm 2010
      // rồi, tên …" after the mother's details) is not, when the person's sex tells them apart.
      const held = resolveHolder(form, session, role.name, ctx.forms);
      const sex = getFact(session.profile, held, 'gioiTinh') ?? sexOfName(getFact(session.profile, held, 'hoTen') ?? '');
      if (sex && sex !== (h === 'mother' ? 'Nữ' : 'Nam')) return h;
      return role.name;
    }
    default:
      return h;
  }
}

/** Profile keys this form has a field for, for a (resolved) holder. */
export function keysOfHolder(ctx: FormContext, form: FormDefinition, session: FormSession, holder: Holder): Set<string> {
  const out = new Set<string>();
  for (const f of ctx.forms.fieldsOf(form)) {
    if (f.prefill && holderOfField(form, session, f, ctx.forms) === holder) out.add(f.prefill.split('.')[1]!);
  }
  return out;
}

/** The citizen's sex as far as the conversation tells: said, or read from the name. */
export function applicantSex(session: FormSession): 'Nam' | 'Nữ' | undefined {
  const g = session.profile.gioiTinh;
  if (g === 'Nam' || g === 'Nữ') return g;
  const name = fold(session.profile.hoTen ?? '');
  if (/^\S+ thi\b/.test(name)) return 'Nữ';
  if (/^\S+ van\b/.test(name)) return 'Nam';
  return undefined;
}

/** The citizen and the one other person a plural "we" means here (the spouse-to-be, the other parent). */
export function bothHolders(ctx: FormContext, form: FormDefinition, session: FormSession, couple = false): Holder[] {
  const names = form.roles.map((r) => r.name);
  // "hai vợ chồng thường trú tại …" on a birth declaration: the baby's parents, who are not the
  // citizen when an uncle or a grandmother registers the birth.
  const out: Holder[] = couple && names.includes('mother') ? [] : ['self'];
  const pair = names.includes('bride') ? ['bride', 'groom'] : names.includes('mother') ? ['mother', 'father'] : names.includes('chuHo') ? ['chuHo'] : names.includes('subject') ? ['subject'] : [];
  for (const r of pair) {
    const h = resolveHolder(form, session, r, ctx.forms);
    if (!out.includes(h)) out.push(h);
  }
  return out;
}

/** Every person this form has fields for, as profile holders. */
export function formHolders(ctx: FormContext, form: FormDefinition, session: FormSession): Holder[] {
  const out = new Set<Holder>();
  for (const f of ctx.forms.fieldsOf(form)) {
    const h = holderOfField(form, session, f, ctx.forms);
    if (h) out.add(h);
  }
  return [...out];
}

/**
 * Checks a value against what is known of the others: a child is born after its parents
 * (by at least ten years), an ID number's birth year matches its holder's. Returns the
 * line asking the citizen to check, or undefined.
 */
export function crossCheck(ctx: FormContext, form: FormDefinition, session: FormSession, holder: Holder, key: PersonKey, value: string): string | undefined {
  const year = (h: Holder) => Number(getFact(session.profile, h, 'ngaySinh')?.slice(0, 4) ?? NaN);
  const label = (h: Holder) => {
    const f = ctx.forms.fieldsOf(form).find((x) => x.prefill?.endsWith('.hoTen') && holderOfField(form, session, x, ctx.forms) === h);
    return f ? `${stripNumber(f.label).toLocaleLowerCase('vi')}${labelSuffix(ctx, form, session, f)}`.replace(/^họ, chữ đệm, tên\s*/u, '').trim() : '';
  };
  if (key === 'ngaySinh') {
    const y = Number(value.slice(0, 4));
    for (const [child, parents] of parentPairs(ctx, form, session)) {
      const kids = holder === child ? parents.map((p) => [child, p] as const) : parents.includes(holder) ? [[child, holder] as const] : [];
      for (const [c, p] of kids) {
        const cy = holder === c ? y : year(c);
        const py = holder === p ? y : year(p);
        if (Number.isFinite(cy) && Number.isFinite(py) && cy < py + 10) {
          return `Dạ, năm sinh ${cy} của ${label(c) || 'người con'} không thể trước hoặc quá gần năm sinh ${py} của ${label(p) || 'cha/mẹ'}; anh/chị kiểm tra lại giúp em.`;
        }
      }
    }
  }
  if (key === 'soDinhDanh') {
    const y = idBirthYear(value);
    const own = getFact(session.profile, holder, 'ngaySinh')?.slice(0, 4);
    if (y && own && own !== y) return `Dạ, số định danh ${maskDigits(value)} mang năm sinh ${y}, khác năm sinh ${own} đã khai; anh/chị kiểm tra lại giúp em.`;
  }
  return undefined;
}

/** Child and parents on this form: the baby and its mother and father; the subject of a paper asked for by its parent. */
export function parentPairs(ctx: FormContext, form: FormDefinition, session: FormSession): Array<[Holder, Holder[]]> {
  const names = form.roles.map((r) => r.name);
  if (names.includes('baby')) return [[resolveHolder(form, session, 'baby', ctx.forms), ['mother', 'father'].map((r) => resolveHolder(form, session, r, ctx.forms))]];
  const subject = form.roles.find((r) => r.name === 'subject');
  if (subject?.from && ['Cha', 'Mẹ'].includes(session.values[subject.from] ?? '')) return [[resolveHolder(form, session, 'subject', ctx.forms), ['self']]];
  if (subject?.from && session.values[subject.from] === 'Con') return [['self', [resolveHolder(form, session, 'subject', ctx.forms)]]];
  return [];
}

/** The role name a form gives a profile holder ("spouse" is the bride when the citizen is the groom). */
export function rolesFor(ctx: FormContext, form: FormDefinition, session: FormSession, h: Holder): string {
  for (const r of form.roles) if (resolveHolder(form, session, r.name, ctx.forms) === h) return r.name;
  return h;
}

/**
 * Sets a field that decides who a role is (the citizen is the mother, the groom, the
 * head of household). Facts already filed under the role's previous person move with it:
 * the bride's details stay the bride's when the citizen turns out to be the bride.
 */
export function setDecider(ctx: FormContext, form: FormDefinition, session: FormSession, field: string, value: string): void {
  const roles = form.roles.filter((r) => r.from === field);
  const before = roles.map((r) => resolveHolder(form, session, r.name, ctx.forms));
  session.values[field] = value;
  session.guessed = session.guessed?.filter((g) => g !== field);
  const after = roles.map((r) => resolveHolder(form, session, r.name, ctx.forms));
  const moves = before.map((b, i) => [b, after[i]!] as const).filter(([b, a]) => b !== a);
  const swapped = new Set<string>();
  for (const [b, a] of moves) {
    if (swapped.has(b)) continue;
    if (moves.some(([b2, a2]) => b2 === a && a2 === b)) {
      const pb = getPerson(session.profile, b);
      const pa = getPerson(session.profile, a);
      setPerson(session.profile, b, pa);
      setPerson(session.profile, a, pb);
      swapped.add(a).add(b);
    } else if (b !== 'self' && !(a === 'self' && after.includes(b))) {
      // (A person still standing for another role, "the spouse" while the side was unknown,
      // stays that person: the citizen does not take over their details.)
      const from = getPerson(session.profile, b);
      const to = getPerson(session.profile, a);
      setPerson(session.profile, a, { ...from, ...to });
    }
  }
}

/**
 * The birth year a 12-digit personal identification number carries: digit 4 is sex and
 * century (0/1 1900s, 2/3 2000s), digits 5–6 the year.
 */
export function idBirthYear(id: string): string | undefined {
  if (!/^\d{12}$/.test(id)) return undefined;
  const century = [1900, 1900, 2000, 2000, 2100, 2100][Number(id[3])];
  return century === undefined ? undefined : String(century + Number(id.slice(4, 6)));
}

/** A cue that is also a way of saying "I" ("con", "cháu", "em"), or unaccented "con mình" ("còn mình"). */
export function selfCapable(cue: string | undefined): boolean {
  if (!cue) return false;
  return /^(?:con|chau|em|be)$/.test(cue.trim()) || /^con (?:minh|toi|tui|em|e|mk)$/.test(cue.trim());
}
