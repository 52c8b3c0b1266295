import { fold, foldSameLength, parseDate } from '../../knowledge/text/index.js';
import type { FormDefinition, FormField } from '../../knowledge/index.js';
import type { Turn } from '../types.js';
import { setAddress } from './absorb.js';
import type { FormContext } from './context.js';
import {
  failureMessage,
  matchOption,
  parseEmail,
  parseFreeText,
  parseGender,
  parseIdNumber,
  parseName,
  parseNumber,
  parsePhone,
  type ParseResult,
} from './parse.js';
import type { Holder } from './profile.js';
import { stripNumber } from './replies.js';
import { setDecider } from './roles.js';
import { formName } from './name-diacritics.js';
import { holderOfField, needsFullDate, setValue, valueOf, type FormSession } from './session.js';

/** Free-text fields that hold a place. */
const PLACE_FIELD = /^(noi_sinh|que_quan|da_dang_ky_tai)$/;

/**
 * A message read as the answer to the question asked (when it carried no recognisable
 * data of its own), and "sửa …" pointed at the field it names.
 */

export const EDIT = /^(sua|chinh|thay doi|doi|sua lai|sua thong tin)\b/;

const SKIP = /^(bo qua|khong co|khong biet|khong ro|chua co|khong nho)\b/;

/** Parses a direct answer to one asked field. */
export function parseFor(ctx: FormContext, field: FormField, text: string, now: Date): ParseResult {
  switch (field.type) {
    case 'name':
      return parseName(
        text.replace(/^\s*(?:(?:tôi|toi|em|mình|minh|cháu|chau|bé|be|con|họ và tên|ho va ten|họ tên|ho ten|tên|ten|là|la)\s*:?\s*)+/iu, ''),
        { stopWords: true },
      );
    case 'date':
    case 'year': {
      const r = parseDate(text, now, { allowBareYear: true });
      return r;
    }
    case 'id-number':
      return parseIdNumber(text);
    case 'phone':
      return parsePhone(text);
    case 'email':
      return parseEmail(text);
    case 'number':
      return parseNumber(text);
    case 'select': {
      const options = ctx.forms.optionsOf(field) ?? [];
      // A long list (ethnic groups) matched inside a sentence picks any word ("à mà …" is no "Mạ").
      if (options.length > 12 && fold(text).split(' ').length > 4) return { ok: false, reason: 'empty' };
      // "Quan hệ với chủ hộ: người thuê trọ": people answer in the form's own "label: value"
      // layout; the label's words ("chủ hộ") are not the answer.
      // ("Quan hệ với chủ hộ thì ghi là Khác": "ghi là", "để", "điền" say the same as the colon.)
      const labelled = /^[^:\n\d]{3,40}:\s*(\S.*)$/su.exec(text)?.[1] ?? /^[^:\n\d]{3,40}?\s(?:thì\s+|thi\s+)?(?:ghi|để|de|điền|dien)(?:\s+(?:là|la))?\s+(\S.*)$/isu.exec(text)?.[1];
      const r = matchOption(labelled ?? text, options);
      if (!r.ok && options.includes('Nữ')) return parseGender(text);
      return r;
    }
    default: {
      const options = ctx.forms.optionsOf(field);
      if (options) {
        const o = matchOption(text, options);
        if (o.ok && fold(text).length <= fold(o.value).length + 4) return o;
      }
      // "Kinh", "Nữ", "Việt Nam" typed for an address answer another question, not this one.
      if (field.type === 'address' && fold(text).split(' ').length <= 3) {
        const other = ['danToc', 'quocTich', 'gioiTinh'].flatMap((ref) => ctx.forms.optionsOf({ optionsRef: ref } as FormField) ?? []);
        if (other.some((x) => fold(x) === fold(text))) return { ok: false, reason: 'empty' };
      }
      // An address answer names a place: a sentence without any place word or house number
      // ("e cần cho bản thân e thui, để nộp hồ sơ đi học") answers something else.
      if (field.type === 'address' && !looksLikeAddress(text)) return { ok: false, reason: 'empty' };
      if (!answersPlaceOrOffice(field, text)) return { ok: false, reason: 'empty' };
      // "Được, đồng ý", "ok em": an acknowledgement answers no free-text question.
      if (ACK.test(fold(text))) return { ok: false, reason: 'empty' };
      return parseFreeText(text);
    }
  }
}

/** A message that only agrees or acknowledges, folded. */
const ACK = /^(?:(?:da|vang|u|uh|um|ok|oke|okie|okay|duoc|dc|dong y|roi|co|yes|chuan|dung roi|the nhe|nhe|nha|a|em|anh|chi|con|luon|het|di|lam di|dien di)\s*)+$/;

/** Words that name an office a form is sent to, folded. */
const OFFICE_WORD = /\b(?:cong an|ca|ubnd|uy ban|phuong|xa|thi tran|dac khu|tu phap|tro giup|trung tam|so|tinh|thanh pho|tp)\b/;
/** A home's address or a personal number: what a message says of a person, not of an office. */
const HOME_DETAIL = /\b(?:so nha|nha so|ngo|ngach|hem|kiet|duong|to dan pho|khu pho)\b|(?<![\d/])\d+[a-z]?\/\d+|\d{9,}|\d{3,4}[\s.]\d{3}[\s.]\d{3}/;

/**
 * A free-text answer to a field that names an office ("Kính gửi") or the place a form is made
 * ("Làm tại") is that office or place: not a sentence about where someone lives or their phone
 * ("Nhà má ở 45/12 Lê Văn Sỹ, … phường Phú Nhuận"), not "Đồng ý".
 */
function answersPlaceOrOffice(field: FormField, text: string): boolean {
  const kind = field.derive?.kind;
  if (kind !== 'wardName' && kind !== 'wardCommittee' && kind !== 'wardPolice' && kind !== 'provinceLegalAid') return true;
  const f = fold(text);
  // (Folded with its punctuation kept: "45/12" is a house number, "0908 112 233" a phone.)
  const home = HOME_DETAIL.test(foldSameLength(text.normalize('NFC')).toLowerCase());
  if (kind === 'wardName') return looksLikeAddress(text) && !home;
  return (OFFICE_WORD.test(f) || looksLikeAddress(text)) && !home;
}

/** A period of residence told ("thời gian nó ở …", "thời gian cư trú", "từ lúc sinh đến …"), folded. */
const RESIDENCE_PERIOD_SAID = /\bthoi gian (?:cu tru|o|song|(?:\p{L}+ ){1,2}o)\b|\btu (?:luc|khi) (?:sinh|nho|moi sinh)\b/u;

/** Words that make a phrase an address (unit, street, house number), folded. */
const PLACE_WORD =
  /\b(?:so nha|nha so|ngo|ngach|hem|kiet|duong|pho|thon|xom|ap|buon|plei|to dan pho|khu pho|khoi|phuong|xa|thi tran|thi xa|tinh|tp|thanh pho|quan|huyen|chung cu|toa|can ho|kdc|khu do thi|ha noi|hn|hcm|tphcm|sai gon|da nang|hai phong|can tho|hue)\b/;

/** Short place words that are also common words ("bản thân", "tờ", "số"): only before a name or a number. */
const SHORT_PLACE_WORD = /(?<![\p{L}])(?:[bB][aả]n|[tT][oổ]|[lL][aà]ng|[sS][oố]|[kK]hu|[pP]\.?|[qQ]\.?)\s*(?:\p{Lu}|\d)/u;

/** Whether a reply can be an address: a place word, or a house number before a capitalised street name. */
export function looksLikeAddress(text: string): boolean {
  return PLACE_WORD.test(fold(text)) || SHORT_PLACE_WORD.test(text.normalize('NFC')) || /^(?:\p{Lu}\p{L}*[\s,.]*){1,8}$/u.test(text.normalize('NFC').trim()) || /(?<![\d/])\d+[a-zA-Z]?(?:\/\d+)*\s+\p{Lu}/u.test(text.normalize('NFC'));
}

export function answerAsked(ctx: FormContext, form: FormDefinition, session: FormSession, turn: Turn): { errors: Array<{ field: string; message: string }>; answered: number; notes: string[] } {
  const notes: string[] = [];
  const now = turn.now;
  const fields = session.asked.map((n) => ctx.forms.fieldsOf(form).find((f) => f.name === n)).filter((f): f is FormField => !!f);
  const errors: Array<{ field: string; message: string }> = [];
  let answered = 0;
  let rest = turn.text;
  // Typed fields first: their values are unambiguous and are cut out for the free-text one.
  const ordered = [...fields].sort((a, b) => Number(isFree(a)) - Number(isFree(b)));
  for (const field of ordered) {
    if (SKIP.test(fold(rest)) && !field.required) {
      session.skipped.push(field.name);
      answered++;
      continue;
    }
    // ("Thời gian nó ở Việt Nam là từ lúc sinh đến tháng 9/2019 tại phường …": a period of
    // residence, someone's past place, is no answer to where a person lives now.)
    if (field.type === 'address' && RESIDENCE_PERIOD_SAID.test(fold(rest))) continue;
    const r = parseFor(ctx, field, fields.length > 1 && isFree(field) ? rest : fields.length > 1 ? turn.text : rest, now);
    if (!r.ok) {
      if (r.reason === 'empty' && fields.length > 1) continue;
      errors.push({ field: field.name, message: failureMessage(r.reason, stripNumber(field.label), ctx.forms.optionsOf(field)) });
      continue;
    }
    if (needsFullDate(field) && r.partial) {
      setValue(form, session, field, ctx.forms, r.value);
      errors.push({ field: field.name, message: failureMessage('date_incomplete', stripNumber(field.label)) });
      continue;
    }
    if (fields.length > 1) rest = (rest.slice(0, r.start) + ' ' + rest.slice(r.end)).replace(/^[\s,;.]+|[\s,;.]+$/g, '');
    if (field.type === 'address') {
      const holder = holderOfField(form, session, field, ctx.forms);
      if (holder) setAddress(ctx, form, session, holder, r.value, field.name);
      else {
        session.values[field.name] = r.value;
        const s = ctx.addresses?.suggest(r.value);
        if (s) session.pendingAddress = { field: field.name, options: s.options, original: r.value };
      }
    } else if (form.roles.some((role) => role.from === field.name)) {
      setDecider(ctx, form, session, field.name, r.value);
    } else if (field.type === 'name') {
      // A name typed without diacritics, restored (when the context asks for it); a guess is read back.
      const n = formName(r.value, !!ctx.restoreNames);
      setValue(form, session, field, ctx.forms, n.value);
      if (n.readBack) notes.push(n.readBack);
    } else if (PLACE_FIELD.test(field.name)) {
      // A place of birth, a hometown or a registration office answered directly: written as the
      // address advisor writes places and addresses (the words around it cut).
      const n = ctx.addresses?.normalize?.(r.value, field.name === 'que_quan' ? 'address' : 'place');
      setValue(form, session, field, ctx.forms, n?.value || r.value);
    } else {
      setValue(form, session, field, ctx.forms, r.value);
    }
    if (field.type === 'id-number' || field.type === 'phone') session.lastNumeric = field.name;
    session.editing = session.editing?.filter((n) => n !== field.name);
    answered++;
  }
  return { errors, answered, notes };
}

export function findEditTargets(ctx: FormContext, form: FormDefinition, session: FormSession, text: string): FormField[] {
  const f = fold(text).replace(EDIT, '').trim();
  const byName = /^truong ([a-z0-9_]+)$/.exec(f.replace(/\s+/g, ' '));
  const fields = ctx.forms.fieldsOf(form).filter((x) => !x.derive || x.ask);
  if (byName) return fields.filter((x) => x.name === byName[1]!.replace(/ /g, '_'));
  const KEYWORDS: Array<[RegExp, (x: FormField) => boolean]> = [
    [/\bngay sinh|sinh ngay|nam sinh\b/, (x) => x.type === 'date' && /sinh/.test(fold(x.label))],
    [/\b(so dinh danh|cccd|can cuoc|cmnd|giay to)\b/, (x) => x.type === 'id-number'],
    [/\b(so dien thoai|sdt|dien thoai)\b/, (x) => x.type === 'phone'],
    [/\b(dia chi|noi cu tru|cho o)\b/, (x) => x.type === 'address'],
    [/\b(ho ten|ten)\b/, (x) => x.type === 'name'],
    [/\bgioi tinh\b/, (x) => /gioi tinh/.test(fold(x.label))],
    [/\bdan toc\b/, (x) => /dan toc/.test(fold(x.label))],
    [/\bquoc tich\b/, (x) => /quoc tich/.test(fold(x.label))],
    [/\bque\b/, (x) => /que quan/.test(fold(x.label))],
    [/\bnoi sinh\b/, (x) => /noi sinh/.test(fold(x.label))],
    [/\bemail\b/, (x) => x.type === 'email'],
  ];
  let candidates = fields.filter((x) => f.length > 2 && fold(stripNumber(x.label)).includes(f));
  if (candidates.length === 0) {
    for (const [re, pick] of KEYWORDS) {
      if (re.test(f)) {
        candidates = fields.filter(pick);
        break;
      }
    }
  }
  // Narrow by person words ("sửa ngày sinh của cháu").
  const who: Array<[RegExp, Holder]> = [
    [/\b(chau|con|be)\b/, 'child'],
    [/\b(me)\b/, 'mother'],
    [/\b(cha|bo)\b/, 'father'],
    [/\b(vo|chong)\b/, 'spouse'],
    [/\b(toi|minh|em)\b/, 'self'],
  ];
  for (const [re, h] of who) {
    if (re.test(f)) {
      const narrowed = candidates.filter((x) => holderOfField(form, session, x, ctx.forms) === h);
      if (narrowed.length > 0) candidates = narrowed;
    }
  }
  // Only fields currently filled or asked can be edited; prefer the citizen's own when several remain and no person was named.
  const filled = candidates.filter((x) => valueOf(form, session, x, ctx.forms, new Date()) !== undefined);
  return filled.length > 0 ? filled : candidates;
}

function isFree(f: FormField): boolean {
  return !['date', 'year', 'id-number', 'phone', 'email', 'number', 'select'].includes(f.type);
}
