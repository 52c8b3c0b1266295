import { foldSameLength, parseDate } from '../../knowledge/text/index.js';
import type { FormDefinition } from '../../knowledge/index.js';
import type { FormContext } from './context.js';
import { cleanPlace } from './extract.js';
import { formName } from './name-diacritics.js';
import { readName } from './names.js';
import { parseIdNumber, parsePhone } from './parse.js';
import { getFact, setFact, type Holder, type PersonKey } from './profile.js';
import { KEY_LABELS, labelSuffix, maskedValue, stripNumber } from './replies.js';
import { formHolder, keysOfHolder } from './roles.js';
import { holderOfField, resolveHolder, type FormSession } from './session.js';
import type { Correction } from './statements.js';

/**
 * Corrections ("à nhầm, số cuối căn cước là 8", "nhà số 41 chứ không phải 14", "sửa lại
 * ngày sinh là …", found by `statements.ts#findCorrection`) applied to the value they
 * correct: by its kind and the person named, else the last value of that kind. The
 * returned line says what changed, numbers masked.
 */

/** Finds the field a correction is about: a key and a holder, from the words or the last value set. */
export function correctionTarget(ctx: FormContext, form: FormDefinition, session: FormSession, key: PersonKey | undefined, who: string | undefined): { holder: Holder; key: PersonKey } | undefined {
  const k = key ?? (session.lastNumeric?.includes('.') ? (session.lastNumeric.split('.')[1] as PersonKey) : undefined);
  if (!k) return undefined;
  if (who) {
    const holder = resolveHolder(form, session, formHolder(ctx, form, session, who), ctx.forms);
    if (getFact(session.profile, holder, k) !== undefined || keysOfHolder(ctx, form, session, holder).has(k)) return { holder, key: k };
    // Someone other than the citizen was named: never the citizen's value instead.
    if (holder !== 'self' && session.lastByKey?.[k] === 'self') return undefined;
  }
  const last = session.lastByKey?.[k];
  if (last) return { holder: last as Holder, key: k };
  return { holder: 'self', key: k };
}

/** Two full dates that differ in one of day, month and year. */
function nearDate(a: string, b: string): boolean {
  if (a.length !== 10 || b.length !== 10 || a === b) return false;
  const [x, y] = [a.split('-'), b.split('-')];
  return x.filter((v, i) => v !== y[i]).length === 1;
}

/**
 * A date of the form itself corrected ("đăng ký ngày 14/03/2010 chớ không phải tháng 2", "à lộn,
 * ngày 25/3/2025 mới đúng" after the registration date 28/3/2025): the form's own date field (not
 * a person's, not the date of signing) whose value the new date nearly is, when the words name the
 * registration (or the words just before it in the same message do) or no person's birth date is
 * that near; never when a birth is named.
 */
export function correctFormDate(ctx: FormContext, form: FormDefinition, session: FormSession, text: string, now: Date, before = ''): string | undefined {
  const holders: Holder[] = ['self', 'child', 'spouse', 'mother', 'father', 'other'];
  const f = foldSameLength(text.normalize('NFC')).toLowerCase();
  if (/\b(?:ngay sinh|sinh ngay|sinh|sanh|sn|ns)\b/.test(f.replace(/\bkhai sinh\b/g, ' '))) return undefined;
  const cut = /\b(?:chu|cho|chuh)?\s*(?:khong|hong|hok|ko|k)\s+phai\b/.exec(f);
  const said = text.normalize('NFC').slice(0, cut ? cut.index : undefined);
  // "mẹ tôi mất ngày 13/3/2021, đăng ký ngày 18/3/2021": the date said after the registration's word.
  const reg = /\b(?:ngay )?(?:dang ky|dang ki|dk|dky)(?: ngay)?\s*:?\s*(?=\d)/.exec(foldSameLength(said).toLowerCase());
  const atReg = reg ? parseDate(said.slice(reg.index + reg[0].length), now) : undefined;
  const d = atReg?.ok && !atReg.partial && atReg.start <= 1 ? atReg : parseDate(said, now);
  if (!d.ok || d.partial) return undefined;
  const field = ctx.forms
    .fieldsOf(form)
    .find((x) => x.type === 'date' && !x.prefill && x.name !== form.layout.dateField && session.values[x.name] !== undefined && nearDate(session.values[x.name]!, d.value));
  if (!field) return undefined;
  // (Or in the words just before, in the same message: "Ngày đăng ký 20/7/2008, số 88. À lộn, ngày 22/7/2008".)
  const named = [f, foldSameLength(before.normalize('NFC')).toLowerCase()].some((x) => /\b(?:dang ky|dang ki|dk|dky|khai tu|khai sinh|ket hon|nhan (?:cha |me )?con)\b/.test(x));
  if (!named && holders.some((h) => nearDate(getFact(session.profile, h, 'ngaySinh') ?? '', d.value))) return undefined;
  session.values[field.name] = d.value;
  const [y, m, day] = d.value.split('-');
  // (The extract's row says only "ngày" beside the entry number: the registration's date.)
  const label = /^ngày$/iu.test(field.label.trim()) ? 'ngày đăng ký' : stripNumber(field.label).toLocaleLowerCase('vi');
  return `Dạ, em đã sửa ${label} thành ${day}/${m}/${y}.`;
}

/**
 * The register's own numbers corrected ("à ko, số 21 mới đúng", "số 42 chớ hổng phải 24", "a nham,
 * quyen so 02/2005", "Dạ em nhầm, số 201 ạ"): the entry ("Số") and book ("Quyển số") of an
 * extract, once they were given, replaced by the number said before any "chứ không phải".
 * Never a house number, a phone or an ID ("nhà số 41", "số cuối", "số căn cước").
 */
export function correctFormNumbers(ctx: FormContext, form: FormDefinition, session: FormSession, text: string): string | undefined {
  const fields = ctx.forms.fieldsOf(form).filter((x) => (x.name === 'so' || x.name === 'quyen_so') && session.values[x.name] !== undefined);
  if (fields.length === 0) return undefined;
  const f = foldSameLength(text.normalize('NFC')).toLowerCase();
  if (/\b(?:nha|so nha|duong|pho|ngo|hem|kiet|ngach|phong|can ho|thon|ap|khu|to|sdt|dien thoai|cccd|can cuoc|dinh danh|cmnd|so cuoi|duoi)\b/.test(f)) return undefined;
  const cut = /\b(?:chu|cho|chuh)?\s*(?:khong|hong|hok|ko|k)\s+phai\b/.exec(f);
  const said = cut ? f.slice(0, cut.index) : f;
  const lines: string[] = [];
  const put = (name: string, value: string | undefined) => {
    const field = fields.find((x) => x.name === name);
    if (!field || !value || session.values[name] === value) return;
    session.values[name] = value;
    lines.push(`${stripNumber(field.label).toLocaleLowerCase('vi')} thành ${value}`);
  };
  put('quyen_so', /\bquyen(?: so)?\s*:?\s*(\d[\d\/.\-]*\d|\d)/.exec(said)?.[1]);
  put('so', /(?<!quyen )\bso\s*:?\s*(\d{1,5})\b(?!\s*[\/.\-]\d)/.exec(said)?.[1]);
  return lines.length ? `Dạ, em đã sửa ${lines.join(', ')}.` : undefined;
}

/** Applies a correction; returns the line confirming it, or undefined when nothing matched. */
export function applyCorrection(ctx: FormContext, form: FormDefinition, session: FormSession, c: Correction, now: Date, message?: string): string | undefined {
  const holders: Holder[] = ['self', 'child', 'spouse', 'mother', 'father', 'other'];
  const confirm = (holder: Holder, key: PersonKey, value: string) => {
    // A name typed without diacritics, restored like any other (the line below reads it back).
    if (key === 'hoTen') value = formName(value, !!ctx.restoreNames).value;
    setFact(session.profile, holder, key, value);
    (session.lastByKey ??= {})[key] = holder;
    const field = ctx.forms.fieldsOf(form).find((f) => f.prefill && f.prefill.split('.')[1] === key && holderOfField(form, session, f, ctx.forms) === holder);
    const label = field ? `${stripNumber(field.label).toLocaleLowerCase('vi')}${labelSuffix(ctx, form, session, field)}` : KEY_LABELS[key] ?? key;
    return `Dạ, em đã sửa ${label} thành ${maskedValue(key, value)}.`;
  };
  if (c.kind === 'lastDigits') {
    const key = c.key ?? (session.lastNumeric?.split('.')[1] as PersonKey | undefined) ?? 'soDinhDanh';
    let target = correctionTarget(ctx, form, session, key, c.who);
    if (c.wrong) {
      const h = holders.find((x) => getFact(session.profile, x, key)?.endsWith(c.wrong!));
      if (h) target = { holder: h, key };
    }
    const cur = target && getFact(session.profile, target.holder, target.key);
    if (!target || !cur) return undefined;
    const cut = c.wrong && cur.endsWith(c.wrong) ? c.wrong.length : c.digits.length;
    if (cut >= cur.length) return undefined;
    return confirm(target.holder, target.key, cur.slice(0, cur.length - cut) + c.digits);
  }
  if (c.kind === 'replace') {
    // A date said wrongly: find whose date it was by its day and month (or year).
    const dm = /^(\d{1,2})\s*[\/.\-]\s*(\d{1,2})(?:\s*[\/.\-]\s*(\d{2,4}))?$/.exec(c.from.trim()) ?? (/^\d{4}$/.test(c.from.trim()) ? [c.from, '', '', c.from.trim()] : null);
    const to = parseDate(c.to, now, { allowBareYear: true });
    if (dm && (to.ok || /\d{1,2}\s*[\/.\-]\s*\d{1,2}/.test(c.to))) {
      for (const h of holders) {
        const cur = getFact(session.profile, h, 'ngaySinh');
        if (!cur) continue;
        const sameDm = dm[1] && cur.length === 10 && Number(cur.slice(8)) === Number(dm[1]) && Number(cur.slice(5, 7)) === Number(dm[2]);
        const sameY = !dm[1] && cur.startsWith(dm[3]!);
        if (!sameDm && !sameY) continue;
        let v = to.ok ? to.value : cur;
        if (v.length === 4 && cur.length === 10) v = `${v}${cur.slice(4)}`;
        else if ((!to.ok || to.partial) && cur.length === 10) {
          const d2 = /(\d{1,2})\s*[\/.\-]\s*(\d{1,2})/.exec(c.to);
          if (d2) v = `${cur.slice(0, 4)}-${d2[2]!.padStart(2, '0')}-${d2[1]!.padStart(2, '0')}`;
        }
        return confirm(h, 'ngaySinh', v);
      }
    }
    const from = foldSameLength(c.from).trim();
    const keys: PersonKey[] = c.key ? [c.key] : ['hoTen', 'noiCuTru', 'queQuan', 'noiSinh', 'soDienThoai', 'soDinhDanh', 'ngaySinh'];
    for (const key of keys) {
      for (const h of holders) {
        const cur = getFact(session.profile, h, key);
        if (!cur) continue;
        const fc = foldSameLength(cur);
        if (fc.toLowerCase() === from.toLowerCase()) return confirm(h, key, key === 'hoTen' ? properCaseName(c.to) : c.to);
        if (/^\d+$/.test(from) && (key === 'soDienThoai' || key === 'soDinhDanh') && cur.endsWith(from) && /^\d+$/.test(c.to)) return confirm(h, key, cur.slice(0, cur.length - from.length) + c.to);
        const at = new RegExp(`(?<![\\p{L}\\d])${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\d])`, 'iu').exec(fc);
        if (at && key !== 'soDienThoai' && key !== 'soDinhDanh' && key !== 'ngaySinh') {
          const after = cur.slice(at.index + from.length);
          return confirm(h, key, cur.slice(0, at.index) + withoutRepeatedTail(withoutRepeatedLead(cur.slice(0, at.index), c.to), after) + after);
        }
      }
    }
    // "số là 54 chớ không phải 45": a value of the form itself (the entry number of a register,
    // the book, an office), not a person's, equal to the wrong value said.
    if (!c.key) {
      const field = ctx.forms.fieldsOf(form).find((f) => !f.prefill && session.values[f.name] !== undefined && foldSameLength(session.values[f.name]!).toLowerCase().trim() === from.toLowerCase());
      const to = c.to.replace(/[\s,.;!]+$/u, '').trim();
      if (field && to && (!/^\d+$/.test(from) || /^\d+$/.test(to))) {
        session.values[field.name] = to;
        return `Dạ, em đã sửa ${stripNumber(field.label).toLocaleLowerCase('vi')} thành ${to}.`;
      }
    }
    return undefined;
  }
  let target = correctionTarget(ctx, form, session, c.key, c.who);
  // "anh Lộc sinh năm 1995 …": the person named by their given name.
  const named = c.who ? undefined : namedHolder(session, message ?? c.text, holders);
  if (target && named && (getFact(session.profile, named, target.key) !== undefined || keysOfHolder(ctx, form, session, named).has(target.key))) target = { holder: named, key: target.key };
  // "năm sinh My là 1997 chớ không phải 1996": whose value it was, by the wrong value said.
  if (c.wrong) {
    const wrong = foldSameLength(c.wrong).trim();
    const asDate = parseDate(wrong, now, { allowBareYear: true });
    const owner = holders.find((h) => {
      const cur = getFact(session.profile, h, c.key);
      if (!cur) return false;
      // ("03/11": a day and a month, the year unsaid.)
      const dm = /^(\d{1,2})\s*[\/.\-]\s*(\d{1,2})$/.exec(wrong);
      if (c.key === 'ngaySinh' && dm) return cur.length === 10 && Number(cur.slice(8)) === Number(dm[1]) && Number(cur.slice(5, 7)) === Number(dm[2]);
      if (c.key === 'ngaySinh') return /^\d{4}$/.test(wrong) ? cur.startsWith(wrong) : /^\d{1,2}$/.test(wrong) ? cur.slice(2, 4) === wrong.padStart(2, '0') || (cur.length === 10 && Number(cur.slice(8)) === Number(wrong)) : asDate.ok && asDate.value === cur;
      return foldSameLength(cur).toLowerCase().includes(wrong.toLowerCase());
    });
    if (owner) target = { holder: owner, key: c.key };
  }
  if (!target) return undefined;
  let value: string | undefined;
  const byDate = (v: string): void => {
    // A date corrected by one part (the day, the month or the year) is the date of the
    // person whose current date it nearly is ("anh e sinh ngày 21/1/1996" after 20/1/1996).
    if (c.wrong || v.length !== 10) return;
    const near = holders.filter((h) => {
      const cur = getFact(session.profile, h, 'ngaySinh');
      if (!cur || cur.length !== 10 || cur === v) return false;
      const [a, b] = [cur.split('-'), v.split('-')];
      return a.filter((x, i) => x !== b[i]).length === 1;
    });
    if (near.length === 1 && near[0] !== target!.holder) {
      const own = getFact(session.profile, target!.holder, 'ngaySinh');
      const ownNear = own?.length === 10 && own.split('-').filter((x, i) => x !== v.split('-')[i]).length <= 1;
      if (!ownNear) target = { holder: near[0]!, key: 'ngaySinh' };
    }
  };
  switch (c.key) {
    case 'ngaySinh': {
      const whole = parseDate(c.text, now, { allowBareYear: true });
      // "năm sinh My là 1997": the value after the last "là"/"thành".
      const r = whole.ok ? whole : parseDate(c.text.replace(/^.*(?:^|\s)(?:là|la|thành|thanh)\s+/iu, ''), now, { allowBareYear: true });
      value = r.ok ? r.value : undefined;
      // "anh sinh năm 1996 chứ không phải 1995": the year changes, the day and month stay.
      const cur = getFact(session.profile, target.holder, 'ngaySinh');
      if (r.ok && r.value.length === 4 && cur && cur.length === 10) value = `${r.value}${cur.slice(4)}`;
      // "12/11" alone: the day and month change, the year stays.
      const dm = /(?<!\d)(\d{1,2})\s*[\/.\-]\s*(\d{1,2})(?![\d\/.\-])/.exec(c.text) ?? /(?<!\d)(\d{1,2})\s+th[aá]ng\s+(\d{1,2})(?!\d|\s*(?:năm|nam)\s*\d)/iu.exec(c.text);
      const year = getFact(session.profile, target.holder, 'ngaySinh')?.slice(0, 4);
      if ((!r.ok || r.partial) && dm && year) {
        const d = parseDate(`${dm[1]}/${dm[2]}/${year}`, now);
        if (d.ok) value = d.value;
      }
      if (value) byDate(value);
      break;
    }
    case 'soDinhDanh':
    case 'soDienThoai': {
      const r = c.key === 'soDinhDanh' ? parseIdNumber(c.text) : parsePhone(c.text);
      value = r.ok ? r.value : undefined;
      // A number is corrected by a few digits: it is the number of the person whose current
      // one it nearly is ("nhầm, cccd của mẹ e là …" when the last number given was the
      // citizen's own), whatever was said or given last.
      if (value && !c.wrong) {
        const near = nearestNumberHolder(session, holders, c.key, value);
        if (near) target = { holder: near, key: c.key };
      }
      break;
    }
    case 'hoTen': {
      value = readName(c.text, 0, true)?.value;
      // "tên bố chồng là Bùi Văn Thịnh, em gõ thiếu dấu": the person whose name it is, written again with other tones.
      const same = value ? holders.filter((h) => { const n = getFact(session.profile, h, 'hoTen'); return n !== undefined && n !== value && foldSameLength(n).toLowerCase() === foldSameLength(value!).toLowerCase(); }) : [];
      if (same.length === 1) target = { holder: same[0]!, key: 'hoTen' };
      break;
    }
    default:
      value = cleanPlace(c.text) || undefined;
  }
  return value ? confirm(target.holder, target.key, value) : undefined;
}

/**
 * The person a correction names by their given name ("anh Lộc sinh năm 1995 chứ không phải
 * 96"): a known person whose last name word is written, capitalised, in the text.
 */
function namedHolder(session: FormSession, text: string, holders: readonly Holder[]): Holder | undefined {
  const found = holders.filter((h) => {
    const name = getFact(session.profile, h, 'hoTen');
    const given = name?.trim().split(/\s+/).pop();
    if (!given || given.length < 2) return false;
    return new RegExp(`(?<![\\p{L}])${given.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}])`, 'u').test(text.normalize('NFC'));
  });
  return found.length === 1 ? found[0] : undefined;
}

/** The one person whose number differs from a corrected one in at most three digits. */
function nearestNumberHolder(session: FormSession, holders: readonly Holder[], key: PersonKey, value: string): Holder | undefined {
  const near = holders.filter((h) => {
    const cur = getFact(session.profile, h, key);
    if (!cur || cur.length !== value.length || cur === value) return false;
    let diff = 0;
    for (let i = 0; i < cur.length; i++) if (cur[i] !== value[i]) diff++;
    return diff <= 3;
  });
  return near.length === 1 ? near[0] : undefined;
}

function properCaseName(s: string): string {
  return readName(s, 0, true)?.value ?? s;
}

/**
 * The new words of a part-correction without those it repeats from just before the part:
 * "tên bé là Bùi Minh Châu chứ không phải Minh Anh" corrects "Minh Anh" in "Bùi Minh Anh" to
 * "Minh Châu", "ở thôn Nà Pài chứ không phải Nà Phặc" corrects "Nà Phặc" after "thôn".
 */
/**
 * "À không phải 14 mà là 41 đường số 7" corrects "14" in "14 đường số 7, phường An Lạc": the
 * words the new value repeats from what follows the old one are said once.
 */
export function withoutRepeatedTail(to: string, after: string): string {
  const next = foldSameLength(after).toLowerCase().split(/[\s,]+/).filter(Boolean);
  const words = to.split(/\s+/);
  for (let k = 1; k < words.length; k++) {
    const tail = words.slice(k).map((w) => foldSameLength(w).toLowerCase());
    if (tail.length <= next.length && tail.join(' ') === next.slice(0, tail.length).join(' ')) return words.slice(0, k).join(' ');
  }
  return to;
}

export function withoutRepeatedLead(before: string, to: string): string {
  const prev = foldSameLength(before).toLowerCase().split(/[\s,]+/).filter(Boolean);
  const words = to.split(/\s+/);
  for (let k = Math.min(prev.length, words.length - 1); k > 0; k--) {
    const lead = words.slice(0, k).map((w) => foldSameLength(w).toLowerCase());
    if (lead.join(' ') === prev.slice(prev.length - k).join(' ')) return words.slice(k).join(' ');
  }
  return to;
}
