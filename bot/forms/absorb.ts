import { fold, foldSameLength, hasDiacritics, parseDate, spellDatesInDigits } from '../../knowledge/text/index.js';
import type { FormDefinition, FormField } from '../../knowledge/index.js';
import type { FormContext } from './context.js';
import { applyCorrection, correctFormDate, correctFormNumbers } from './corrections.js';
import { extractFacts, type Problem } from './extract.js';
import { getFact, setFact, type Holder, type PersonKey } from './profile.js';
import { UNSURE_WHOSE } from './replies.js';
import { applicantSex, bothHolders, crossCheck, formHolder, formHolders, idBirthYear, keysOfHolder, rolesFor, selfCapable, setDecider } from './roles.js';
import { holderOfField, resolveHolder, type FormSession } from './session.js';
import { correctionStart, findCorrection, findStatements, hasCorrectionCue, marriageCount } from './statements.js';
import { sexOfName } from './names.js';
import { purposeAsWritten } from './purpose-words.js';
import { tidy } from './vi-text.js';

/**
 * Reading a message as data for the open form, whatever was asked: a correction first,
 * then choice statements ("tôi là mẹ cháu"), then every person's facts, each filed under
 * the person the cues name (see DESIGN.md, "Form filling over a whole conversation").
 */

/** What one message gave: values taken, lines for the reply, values refused as unreadable. */
export interface Absorbed {
  got: number;
  notes: string[];
  problems: Problem[];
  /** Values the bot could not place (whose they are is unclear): said back, not filed. */
  unsure?: number;
}

export function setAddress(ctx: FormContext, form: FormDefinition, session: FormSession, holder: Holder, typed: string, fieldName?: string): void {
  // The address itself, without the words around it (as an officer writes it, see `ADDRESS_STYLE`).
  const n = ctx.addresses?.normalize?.(typed, 'address');
  // Only chatter ("hả chị?") is no address.
  if (n && !n.value) return;
  const address = n?.value ?? typed;
  // An office ("UBND phường Ninh Kiều", where the form is filed) is nobody's home.
  if (OFFICE.test(fold(address).trim())) return;
  setFact(session.profile, holder, 'noiCuTru', address);
  const s = ctx.addresses?.suggest(address);
  if (s) session.pendingAddress = { field: fieldName ?? `${holder}.noiCuTru`, options: s.options, original: address };
}

/**
 * Reads one message as data for the form: a correction, choice statements ("tôi là mẹ
 * cháu"), and every person's facts, each filed under the person the cues name (or the
 * person being talked about). Returns what it did so the caller can answer.
 */
export function absorb(ctx: FormContext, form: FormDefinition, session: FormSession, typed: string, now: Date): Absorbed {
  // "sinh ngày ba mươi tháng chín năm một chín tám bảy": dates said in words, read in digits.
  const text = spellDatesInDigits(typed);
  const notes: string[] = [];
  const fields = new Set(ctx.forms.fieldsOf(form).map((f) => f.name));
  // "đăng ký ngày 14/03/2010 chớ hổng phải tháng 2", "à lộn, ngày 25/3/2025 mới đúng": a date of
  // the form itself corrected, sentence by sentence; the other sentences are read as usual.
  // The sentences are read in order, so a value given and corrected in one message ("Số 24, quyển
  // số 01/2023. Ờ mà khoan, số 42 chớ hổng phải 24") is first given, then corrected; tried on a
  // copy first, so a message with no such correction is read as before.
  if (hasCorrectionCue(text)) {
    const inOrder = (s: FormSession): { lines: number; out: Absorbed } => {
      const out: Absorbed = { got: 0, notes: [], problems: [], unsure: 0 };
      const add = (r: Absorbed) => {
        out.got += r.got;
        out.notes.push(...r.notes);
        out.problems.push(...r.problems);
        out.unsure = (out.unsure ?? 0) + (r.unsure ?? 0);
      };
      let lines = 0;
      let run: string[] = [];
      let before = '';
      const flush = () => {
        if (run.length) add(absorb(ctx, form, s, run.join(' '), now));
        if (run.length) before = run.join(' ');
        run = [];
      };
      for (const sentence of splitSentences(text)) {
        if (!hasCorrectionCue(sentence)) {
          run.push(sentence);
          continue;
        }
        flush();
        const line = correctFormDate(ctx, form, s, sentence, now, before) ?? correctFormNumbers(ctx, form, s, sentence);
        if (line) {
          lines++;
          out.got++;
          out.notes.push(line);
        } else run.push(sentence);
      }
      if (lines) flush();
      return { lines, out };
    };
    if (inOrder(structuredClone(session)).lines) return inOrder(session).out;
  }
  const correction = findCorrection(text);
  // "a gõ nhầm cccd bố a, đúng là …. sđt a 0977 …, mail …": a correction and new details in
  // one message. Each sentence that corrects is read alone, the details around it as usual.
  if (correction) {
    const parts = groupSentences(text);
    if (parts.length > 1) {
      const out: Absorbed = { got: 0, notes: [], problems: [], unsure: 0 };
      for (const part of parts) {
        const r = absorb(ctx, form, session, part, now);
        out.got += r.got;
        out.notes.push(...r.notes);
        out.problems.push(...r.problems);
        out.unsure = (out.unsure ?? 0) + (r.unsure ?? 0);
      }
      return out;
    }
  }
  if (correction) {
    // "sđt em là 0868 123 987, à nhầm số cuối là 9": the value first, then its correction.
    const at = correctionStart(text);
    const head = at !== undefined ? tidy(text).slice(0, at) : '';
    const key = correction.kind === 'lastDigits' ? correction.key : correction.kind === 'set' ? correction.key : undefined;
    const headFacts = head ? extractFacts(head, { now }).facts : [];
    const corrects = correction.kind === 'lastDigits' ? headFacts.some((f) => (key ? f.key === key : f.key === 'soDinhDanh' || f.key === 'soDienThoai')) : correction.kind === 'set' && headFacts.some((f) => f.key === key);
    if (corrects) {
      const first = absorb(ctx, form, session, head, now);
      const line = applyCorrection(ctx, form, session, correction, now, text);
      return { got: first.got + (line ? 1 : 0), notes: line ? [line] : first.notes, problems: first.problems, unsure: first.unsure };
    }
    const line = applyCorrection(ctx, form, session, correction, now, text);
    if (line) return { got: 1, notes: [line], problems: [] };
  }
  let got = 0;
  let unsure = 0;
  // ("Bà là chủ hộ" said by an elder who calls themself "bà": the citizen's statement.)
  for (const st of findStatements(asSelf(session, text))) {
    if (!fields.has(st.field)) continue;
    if (st.implied && session.values[st.field] !== undefined && !session.guessed?.includes(st.field)) continue;
    let value = st.value;
    if (value === 'grandparent') {
      // "cho cháu nội": a grandmother or a grandfather, by the citizen's sex (known now or later).
      const sex = applicantSex(session) ?? titleSex(session.selfTitle);
      if (!sex) {
        session.pendingGrandparent = st.field;
        continue;
      }
      value = sex === 'Nữ' ? 'Bà' : 'Ông';
    }
    if (value === 'parent') {
      const sex = applicantSex(session);
      if (!sex) {
        // "cho con tôi" after the paper was taken to be the citizen's: that guess goes.
        if (session.inferredSubject === st.field) {
          setDecider(ctx, form, session, st.field, '');
          delete session.values[st.field];
          session.inferredSubject = undefined;
        }
        session.pendingParent = st.field;
        continue;
      }
      value = sex === 'Nữ' ? 'Mẹ' : 'Cha';
    }
    if (session.values[st.field] === value) {
      // A guess (from a name) now said or implied by the citizen's own words: no longer asked.
      if (session.guessed?.includes(st.field)) session.guessed = session.guessed.filter((g) => g !== st.field);
      continue;
    }
    if (form.roles.some((r) => r.from === st.field)) setDecider(ctx, form, session, st.field, value);
    else session.values[st.field] = value;
    // Said in so many words: no longer a guess that later details may revise.
    if (session.inferredSubject === st.field) session.inferredSubject = undefined;
    got++;
  }
  // "bố bé thì không có", "mẹ cháu không khai": that parent's optional fields are not asked.
  const none = /\b(?:(bo|cha|ba|tia|bo)|(me|ma|u|bam))(?:\s+(?:cua\s+)?(?:be|chau|no|em be|con))?\s+(?:thi\s+)?(?:khong|ko|chua|k)\s+(?:co|khai|biet|ro|xac dinh|ghi)\b/.exec(fold(text));
  if (none) {
    const role = none[1] ? 'father' : 'mother';
    for (const f of ctx.forms.fieldsOf(form)) {
      if (f.prefill?.startsWith(`${role}.`) && !f.required && !session.skipped.includes(f.name) && resolveHolder(form, session, role, ctx.forms) !== 'self') {
        session.skipped.push(f.name);
        got++;
      }
    }
  }
  got += readRegistration(ctx, fields, session, text, now);
  got += readFiling(ctx, form, fields, session, text, now);
  got += readPurpose(fields, session, text);
  const ethnic = ctx.forms.optionsOf({ optionsRef: 'danToc' } as FormField);
  const nationalities = ctx.forms.optionsOf({ optionsRef: 'quocTich' } as FormField);
  const askedFields = session.asked.map((n) => ctx.forms.fieldsOf(form).find((f) => f.name === n)).filter((f): f is FormField => !!f?.prefill);
  const defaultHolder = (key: PersonKey): string => {
    const asked = askedFields.find((f) => f.prefill!.split('.')[1] === key);
    if (asked) return asked.prefill!.split('.')[0]!;
    const sticky = session.lastHolder ?? 'self';
    if (keysOfHolder(ctx, form, session, resolveHolder(form, session, sticky, ctx.forms)).has(key)) return sticky;
    // Only one person on this form has such a value (the place of birth is the baby's).
    const owners = [...new Set(ctx.forms.fieldsOf(form).filter((f) => f.prefill?.endsWith(`.${key}`)).map((f) => f.prefill!.split('.')[0]!))];
    if (owners.length === 1) return owners[0]!;
    return 'self';
  };
  const people: Array<{ holder: string; name: string }> = [];
  for (const h of ['self', 'child', 'spouse', 'mother', 'father', 'other'] as Holder[]) {
    const name = getFact(session.profile, h, 'hoTen');
    // (A person two roles stand for while the side is unknown, the spouse-to-be on a marriage
    // form, is named by the relation: taking the first role would decide the side.)
    const roles = form.roles.filter((r) => resolveHolder(form, session, r.name, ctx.forms) === h);
    if (name && h !== 'self') people.push({ holder: roles.length > 1 ? (h === 'spouse' ? 'partner' : h) : rolesFor(ctx, form, session, h), name });
  }
  // "chị e là chủ hộ": later "của chị e" is the head of household too.
  if (fields.has('ho_ten_chu_ho')) {
    for (const m of fold(text).matchAll(new RegExp(`\\b(${KIN}) (?:la|lam|cung la|dung ten) chu ho\\b|\\bchu ho (?:la |chinh la )?(${KIN})\\b`, 'g'))) {
      const phrase = (m[1] ?? m[2])!;
      if (!session.aliases?.some((a) => a.phrase === phrase)) (session.aliases ??= []).push({ holder: 'chuHo', phrase });
    }
  }
  const x = extractFacts(asSelf(session, text), { now, defaultHolder, ethnicGroups: ethnic, nationalities, people, aliases: session.aliases });
  const revised = reviseSubject(ctx, form, session, x.facts, text);
  if (revised) {
    got++;
    notes.push(revised);
  }
  // Marriage: who is who must be known before the bride's and groom's details are filed.
  if (fields.has('ben_cua_nguoi_yeu_cau') && session.values.ben_cua_nguoi_yeu_cau === undefined) {
    // "anh Tú nhà mình", "chị Hoa của anh": the title tells the partner's sex, hence the side.
    const titled = (f: (typeof x.facts)[number]) => (f.holder !== 'partner' ? undefined : /^(?:anh|ong)\b/.test(f.cue ?? '') ? 'groom' : /^(?:chi|ba)\b/.test(f.cue ?? '') ? 'bride' : undefined);
    // "người yêu tau Nguyen Thi Hoai", "ny e tên Trịnh Thu Hằng": a partner's name that is one
    // sex's tells the side too (a guess, read back).
    const byName = (f: (typeof x.facts)[number]) => {
      const s = f.holder === 'partner' && f.key === 'hoTen' ? sexOfName(f.value) : undefined;
      return s === 'Nữ' ? 'bride' : s === 'Nam' ? 'groom' : undefined;
    };
    const named = new Set(x.facts.filter((f) => f.cued).map((f) => titled(f) ?? byName(f) ?? formHolder(ctx, form, session, f.holder)));
    // "con em là …" typed for "còn em là …": the citizen, on a form with no child.
    const mine = (f: (typeof x.facts)[number]) => f.holder === 'self' || (f.holder === 'child' && /^con (?:minh|toi|tui|em|e|mk)$/.test(f.cue?.trim() ?? ''));
    const sex = applicantSex({ ...session, profile: { ...session.profile, ...Object.fromEntries(x.facts.filter(mine).map((f) => [f.key, f.value])) } } as FormSession);
    // Both sides named at once ("bên nữ: …, bên nam: …"): a provisional side keeps the two
    // people apart until the citizen says which one they are (then they swap, never merge).
    const both = named.has('bride') && named.has('groom');
    // Else the names said so far: the citizen's own, then the partner's kept from before.
    const selfName = session.profile.hoTen ?? x.facts.find((f) => mine(f) && f.key === 'hoTen')?.value;
    const nameSex = (selfName ? sexOfName(selfName) : undefined) ?? flip(sexOfName(getFact(session.profile, 'spouse', 'hoTen') ?? ''));
    const guess = both ? 'Bên nữ' : sex ? (sex === 'Nữ' ? 'Bên nữ' : 'Bên nam') : named.has('bride') ? 'Bên nam' : named.has('groom') ? 'Bên nữ' : nameSex ? (nameSex === 'Nữ' ? 'Bên nữ' : 'Bên nam') : undefined;
    if (guess) {
      setDecider(ctx, form, session, 'ben_cua_nguoi_yeu_cau', guess);
      // The citizen's sex said in so many words decides, and so does a middle name that is
      // one sex's ("Thị", "Văn"); a side guessed from the other person's cue is asked.
      const said = session.profile.gioiTinh ?? x.facts.find((f) => mine(f) && f.key === 'gioiTinh')?.value ?? (sex ? 'name' : undefined);
      if (!said || both) (session.guessed ??= []).push('ben_cua_nguoi_yeu_cau');
    }
  }
  // A side guessed from names, then the citizen's own sex said or told by a middle name ("em
  // là Lò Thị Dung, nữ"): that decides it.
  if (fields.has('ben_cua_nguoi_yeu_cau') && session.guessed?.includes('ben_cua_nguoi_yeu_cau')) {
    const own = x.facts.filter((f) => f.holder === 'self');
    const sex = own.find((f) => f.key === 'gioiTinh')?.value ?? applicantSex({ ...session, profile: { ...session.profile, ...Object.fromEntries(own.map((f) => [f.key, f.value])) } } as FormSession);
    if (sex === 'Nam' || sex === 'Nữ') {
      const side = sex === 'Nữ' ? 'Bên nữ' : 'Bên nam';
      if (session.values.ben_cua_nguoi_yeu_cau !== side) setDecider(ctx, form, session, 'ben_cua_nguoi_yeu_cau', side);
      session.guessed = session.guessed.filter((g) => g !== 'ben_cua_nguoi_yeu_cau');
    }
  }
  const askedKeys = new Set(askedFields.map((f) => `${holderOfField(form, session, f, ctx.forms)}.${f.prefill!.split('.')[1]}`));
  for (const fact of x.facts) {
    // "tụi tui ở …", "cả nhà ở …": the citizen and the other main person of the form.
    if (fact.holder === 'both') {
      for (const h of bothHolders(ctx, form, session, /\bvo chong\b/.test(fact.cue ?? ''))) if (getFact(session.profile, h, fact.key) === undefined) fact.key === 'noiCuTru' ? setAddress(ctx, form, session, h, fact.value) : setFact(session.profile, h, fact.key, fact.value);
      got++;
      continue;
    }
    let named = formHolder(ctx, form, session, fact.holder);
    let holder = resolveHolder(form, session, named, ctx.forms);
    // A name said without naming whose it is, the same words as a person's name already known
    // ("tên có dấu: Đặng Quốc Huy" after "Dang Quoc Huy"): that person's, written again.
    if (fact.key === 'hoTen' && !fact.cued) {
      const same = formHolders(ctx, form, session).find((h) => { const n = getFact(session.profile, h, 'hoTen'); return n !== undefined && fold(n) === fold(fact.value); });
      if (same) holder = same;
    }
    // "con tên Hà Văn Dũng" to the bot, "con minh la …" typed for "còn mình là …": a person
    // this form has no place for, named with a word the citizen also uses for themself.
    const reachable = form.roles.some((r) => r.otherwise === holder || Object.values(r.map).includes(holder));
    const bare = /^(?:con|chau|em)$/.test(fact.cue?.trim() ?? '');
    if (fact.cued && holder !== 'self' && !fact.childSex && (!reachable || bare) && !keysOfHolder(ctx, form, session, holder).has(fact.key) && selfCapable(fact.cue) && getFact(session.profile, 'self', fact.key) === undefined) {
      named = 'self';
      holder = 'self';
    }
    if (fact.cued) {
      session.lastHolder = named;
      if (holder !== 'self') {
        session.lastOther = named;
        session.othersNamed = true;
      }
    }
    let value = fact.value;
    if (fact.sameAs) {
      const ref = fact.sameAs === 'previous' ? session.lastByKey?.[fact.key] : resolveHolder(form, session, formHolder(ctx, form, session, fact.sameAs), ctx.forms);
      const v = ref && ref !== holder ? getFact(session.profile, ref as Holder, fact.key) : undefined;
      if (!v) continue;
      value = v;
    }
    // An ID number carries its holder's birth year: said without naming anyone, it goes to
    // the one person on the form born that year when the default person was not.
    if (fact.key === 'soDinhDanh' && !fact.cued) {
      const y = idBirthYear(value);
      const own = getFact(session.profile, holder, 'ngaySinh')?.slice(0, 4);
      if (y && own && own !== y) {
        const others = formHolders(ctx, form, session).filter((h) => h !== holder && getFact(session.profile, h, 'ngaySinh')?.slice(0, 4) === y && !getFact(session.profile, h, 'soDinhDanh'));
        if (others.length === 1) holder = others[0]!;
      }
    }
    // A birth date of the last fourteen years is a child's: on a form where this person is an
    // adult (the citizen, a parent, a spouse-to-be, the head of household) it is someone
    // else's value, not placed ("bé nhà e là con trai, sinh 28/10/2026" read as the citizen's).
    if (fact.key === 'ngaySinh' && Number(value.slice(0, 4)) > now.getUTCFullYear() - 14) {
      const minors = new Set(form.roles.filter((r) => r.name === 'baby' || r.name === 'subject').map((r) => resolveHolder(form, session, r.name, ctx.forms)));
      if (!minors.has(holder) && formHolders(ctx, form, session).includes(holder)) {
        // On a birth declaration it is the baby's, when the baby has no date yet.
        const baby = form.roles.some((r) => r.name === 'baby') ? resolveHolder(form, session, 'baby', ctx.forms) : undefined;
        if (baby && getFact(session.profile, baby, 'ngaySinh') === undefined) holder = baby;
        else {
          unsure++;
          continue;
        }
      }
    }
    const check = crossCheck(ctx, form, session, holder, fact.key, value);
    if (check) {
      notes.push(check);
      // An ID number carrying the birth year of another person on the form is not filed
      // under this one even when the words seem to name them: whose it is gets asked.
      const y = fact.key === 'soDinhDanh' ? idBirthYear(value) : undefined;
      const anothers = y !== undefined && formHolders(ctx, form, session).some((h) => h !== holder && getFact(session.profile, h, 'ngaySinh')?.slice(0, 4) === y);
      if (!fact.cued || anothers) {
        unsure++;
        continue;
      }
    }
    // Whose value is this: a value for a person already known, said without naming anyone
    // and without being asked, is not theirs to overwrite (a parent's birth year is not the
    // baby's, the fiancée's number is not the citizen's). Corrections go through their own path.
    const current = getFact(session.profile, holder, fact.key);
    // The same words typed again with their tones ("tên có dấu: Đặng Quốc Huy" after "Dang Quoc Huy") is that value, written properly.
    const retyped = current !== undefined && current !== value && fold(current) === fold(value) && hasDiacritics(value);
    if (!fact.cued && current !== undefined && current !== value && !retyped && !askedKeys.has(`${holder}.${fact.key}`) && !(fact.key === 'ngaySinh' && current.length < value.length && value.startsWith(current))) {
      unsure++;
      continue;
    }
    // "đăng ký kết hôn ở UBND phường An Cư": an office is where a paper was registered or is
    // filed, never where a person lives.
    if (fact.key === 'noiCuTru' && OFFICE.test(fold(value).trim())) continue;
    if (fact.key === 'noiCuTru') setAddress(ctx, form, session, holder, value);
    else if (fact.key === 'noiSinh' || fact.key === 'queQuan') {
      // A place of birth or a hometown, without the words around it; only chatter is none.
      const n = ctx.addresses?.normalize?.(value, fact.key === 'noiSinh' ? 'place' : 'address');
      if (n && !n.value) continue;
      setFact(session.profile, holder, fact.key, n?.value ?? value);
    } else setFact(session.profile, holder, fact.key, value);
    (session.lastByKey ??= {})[fact.key] = holder;
    if (fact.key === 'soDinhDanh' || fact.key === 'soDienThoai') session.lastNumeric = `${holder}.${fact.key}`;
    got++;
  }
  got += everyonesOrigin(ctx, form, session, text, now, ethnic, nationalities);
  if (unsure > 0 && got === 0) notes.push(UNSURE_WHOSE);
  const selfNow = x.facts.some((f) => !f.sameAs && resolveHolder(form, session, formHolder(ctx, form, session, f.holder), ctx.forms) === 'self' && (!f.cued || f.holder === 'self'));
  // "tôi là cháu nội", "tôi là con", "mình là dì ruột của cháu": the citizen is someone's
  // relative, so the paper is not taken to be for the citizen.
  if (/\b(?:toi|tui|tao|tau|em|e|minh|mk|con|chau)\s+(?:la|lam)\s+(?:chau|con|anh|chi|em|co|chu|bac|di|cau|mo|thim|duong|ong|ba)(?:\s+(?:noi|ngoai|ruot|trai|gai|ho))*\b(?!\s+(?:ten|sinh)\b)/.test(fold(text)) && !/\b(?:la|lam)\s+(?:bo|me|cha|ba|ma)\b/.test(fold(text))) session.othersNamed = true;
  if (inferSelfSubject(ctx, form, session, selfNow)) {
    got++;
    notes.push(SELF_SUBJECT);
  }
  // One side's marriage count ("em kết hôn lần đầu") when both were not stated at once.
  if (fields.has('lan_ket_hon_ben_nu') && !findStatements(text).some((s) => s.field.startsWith('lan_ket_hon'))) {
    // Each clause is about the person it names, else the person the clause before named
    // ("bên nữ là chị Quế, chồng trước của chị ấy mất rồi, đây là lần thứ hai").
    let about: 'bride' | 'groom' | 'self' | 'other' | undefined;
    // A person already named, called by the given name as typed ("Mận thì chưa kết hôn").
    const namedIn = (clause: string): string | undefined => {
      const c = clause.normalize('NFC');
      const hit = people.filter((p) => {
        const given = p.name.trim().split(/\s+/).pop() ?? '';
        return given.length >= 2 && new RegExp(`(?<!\\p{L})${given.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\p{L})`, 'u').test(c);
      });
      return hit.length === 1 ? hit[0]!.holder : undefined;
    };
    for (const clause of text.split(/[,;.]|\bcòn\b|\bcon\b/u)) {
      const fc = fold(clause);
      const mine = session.values.ben_cua_nguoi_yeu_cau;
      if (/\b(?:ben nu|co dau|vo sap cuoi|vk sap cuoi|ban gai|chi ay|co ay)\b/.test(fc)) about = 'bride';
      else if (/\b(?:ben nam|chu re|chong sap cuoi|ck sap cuoi|ban trai|anh ay|ong ay)\b/.test(fc)) about = 'groom';
      else if (namedIn(clause) === 'bride' || namedIn(clause) === 'groom') about = namedIn(clause) as 'bride' | 'groom';
      else if (/\b(?:nguoi yeu|ny|ben kia|han)\b/.test(fc) || /(?<!\p{L})(?:bả|ổng|ảnh|chỉ|ẻm|hắn)(?!\p{L})/iu.test(clause)) about = 'other';
      else if (/\b(?:toi|tui|tao|tau|em|e|minh|mk|mik|anh|chi)\b(?!\s+ay)/.test(fc)) about = 'self';
      const n = marriageCount(fc);
      if (!n || !mine) continue;
      const selfField = mine === 'Bên nữ' ? 'lan_ket_hon_ben_nu' : 'lan_ket_hon_ben_nam';
      const otherField = mine === 'Bên nữ' ? 'lan_ket_hon_ben_nam' : 'lan_ket_hon_ben_nu';
      const field = about === 'bride' ? 'lan_ket_hon_ben_nu' : about === 'groom' ? 'lan_ket_hon_ben_nam' : about === 'other' ? otherField : selfField;
      session.values[field] = n;
      got++;
    }
  }
  const parentField = typeof session.pendingParent === 'string' ? session.pendingParent : session.pendingParent ? 'quan_he_voi_nguoi_duoc_cap' : undefined;
  if (parentField && fields.has(parentField) && session.values[parentField] === undefined) {
    const sex = applicantSex(session);
    if (sex) {
      setDecider(ctx, form, session, parentField, sex === 'Nữ' ? 'Mẹ' : 'Cha');
      session.pendingParent = false;
    }
  }
  // A grandparent's relation waiting for their sex; an elder speaking as "bà", "ông" on a birth declaration is one.
  const grandField = session.pendingGrandparent ?? (session.selfTitle && titleSex(session.selfTitle) && fields.has('quan_he_voi_nguoi_duoc_khai_sinh') ? 'quan_he_voi_nguoi_duoc_khai_sinh' : undefined);
  if (grandField && fields.has(grandField) && session.values[grandField] === undefined) {
    const sex = applicantSex(session) ?? titleSex(session.selfTitle);
    if (sex) {
      setDecider(ctx, form, session, grandField, sex === 'Nữ' ? 'Bà' : 'Ông');
      session.pendingGrandparent = undefined;
    }
  }
  // A child's hometown follows the father's (or the mother's) unless told otherwise.
  if (fields.has('que_quan') && fields.has('ho_ten_cha')) {
    const baby = resolveHolder(form, session, 'baby', ctx.forms);
    if (!getFact(session.profile, baby, 'queQuan')) {
      const q = getFact(session.profile, resolveHolder(form, session, 'father', ctx.forms), 'queQuan') ?? getFact(session.profile, resolveHolder(form, session, 'mother', ctx.forms), 'queQuan');
      if (q) setFact(session.profile, baby, 'queQuan', q);
    }
  }
  return { got, notes, problems: x.problems, unsure };
}

/**
 * A message cut into its sentences, those that make a correction each alone and the runs of
 * the others together; one part when nothing else is said beside the correction. (A full stop
 * after an abbreviation, "TP. Huế", "P. 5", ends no sentence.)
 */
function splitSentences(text: string): string[] {
  const f = foldSameLength(text.normalize('NFC')).toLowerCase();
  const cuts: number[] = [];
  for (const m of f.matchAll(/(?<!\b(?:tp|p|q|tx|tt|h|x|st|kp|dc|so|ths|ts|bs))(?:[.!?;]+\s+|\n+\s*)(?=\S)/g)) cuts.push(m.index! + m[0].length);
  const sentences: string[] = [];
  let from = 0;
  for (const c of [...cuts, text.length]) {
    const s = text.slice(from, c).trim();
    if (s) sentences.push(s);
    from = c;
  }
  return sentences;
}

function groupSentences(text: string): string[] {
  const sentences = splitSentences(text);
  const out: string[] = [];
  let run: string[] = [];
  for (const s of sentences) {
    if (findCorrection(s)) {
      if (run.length) out.push(run.join(' '));
      run = [];
      out.push(s);
    } else run.push(s);
  }
  if (run.length) out.push(run.join(' '));
  return out.length > 1 && out.some((p) => !findCorrection(p)) ? out : [text];
}

const flip = (s: 'Nam' | 'Nữ' | undefined): 'Nam' | 'Nữ' | undefined => (s === 'Nam' ? 'Nữ' : s === 'Nữ' ? 'Nam' : undefined);

/** The name of an office (a people's committee, a justice or police office), not a home. */
const OFFICE = /^(?:tai |o )?(?:ubnd|uy ban|so tu phap|phong tu phap|cong an|tru so|bo phan mot cua|trung tam phuc vu)\b/;

/** The sex a grandparent's title tells ("bà", "ông"); other titles are not grandparents. */
function titleSex(title: string | undefined): 'Nam' | 'Nữ' | undefined {
  return title === 'bà' ? 'Nữ' : title === 'ông' ? 'Nam' : undefined;
}

/** Kin titles an elder speaks of themself by to someone younger ("bà muốn xin …, con ơi"). */
const TITLES = 'bà|ông|bác|cô|chú|dì|cậu|mợ|thím|dượng|o';
const TITLE_SELF = new RegExp(`(?:^|[.!?,;]\\s*|\\s(?:con|cháu|em)\\s+ơi[,!.]?\\s*)(${TITLES})\\s+(?:muốn|cần|xin|định|nhờ|hỏi|đang|tính|phải|đi)\\s`, 'iu');

/** A younger citizen's self word after the elder they address ("Cô ơi cháu làm …", "bac oi con muon …"), folded. */
const YOUNG_SELF = /(?:^|[.!?,;]\s*)(?:co|chu|bac|ong|ba|di|cau|mo|thim|o)\s+oi[,!.]?\s*(chau|con)\s+(?:muon|can|xin|dinh|nho|hoi|dang|tinh|phai|di|lam|dang ky|dk|khai|doc|noi|ghi|go|viet|nham|lon|bao)\s/d;
const PARENT_SELF = /(?:^|[.!?,;]\s*)(chau|con)\s+la\s+(?:me|bo|cha|ba|ma|u|tia)\s*(?:cua\s+(?:be|chau|no)\s*)?[,.:;]/d;

/**
 * The citizen's details told in the third person, with the kin title they call themself by
 * ("Con ơi, bà muốn xin …" then "Bà tên Nguyễn Thị Lợi, sinh …"): read as the citizen's. The
 * title is learnt from a request the citizen makes ("bà muốn", "chú cần"), and only that title,
 * opening a clause before a detail, is rewritten; "bà nội cháu tên …" stays someone else.
 */
function asSelf(session: FormSession, text: string): string {
  const t = text.normalize('NFC');
  const said = TITLE_SELF.exec(t);
  if (said) session.selfTitle ??= said[1]!.toLocaleLowerCase('vi');
  // "Cô ơi cháu làm giấy khai sinh cho con cháu", "bac oi con muon …": a younger citizen calls
  // themself "cháu", "con" to an elder they address; then "Cháu là mẹ, tên …" is the citizen and
  // "con cháu" their child.
  const young = YOUNG_SELF.exec(foldSameLength(t).toLowerCase());
  // ("Cháu là mẹ, tên …": a "cháu" who is the baby's parent is the citizen, however they address us.)
  const parent = young ?? PARENT_SELF.exec(foldSameLength(t).toLowerCase());
  if (parent && !said) session.selfTitle ??= t.slice(parent.indices![1]![0], parent.indices![1]![1]).toLocaleLowerCase('vi');
  const title = session.selfTitle;
  if (!title) return t;
  // ("\\b" is no boundary after "là" under the u flag: a letter that is not one follows.)
  const re = new RegExp(`(^|[.!?,;]\\s*)(${title})(?=\\s+(?:tên|ten|là|la|sinh|sanh|sn|ở|căn cước|can cuoc|cccd|số|sđt|sdt|quê|que|năm nay|nam nay)(?!\\p{L}))`, 'giu');
  // "con cô tên …", "chồng bà mất rồi": the title after a kin word owns that relative.
  const owned = new RegExp(`(?<=(?:^|[^\\p{L}])(?:con|con trai|con gái|chồng|vợ|cháu|cháu nội|cháu ngoại|em|anh|chị|bố|mẹ|cha)(?:\\s+của)?\\s+)(${title})(?!\\p{L})`, 'giu');
  return t
    .replace(re, (_m, lead: string, word: string) => `${lead}${word[0] === word[0]!.toLocaleUpperCase('vi') ? 'Tôi' : 'tôi'}`)
    .replace(owned, 'tôi');
}

/** Words that say a value holds for everyone on the form ("cả nhà", "hết", "cả hai"), folded. */
const EVERYONE = /\b(?:ca nha|ca gia dinh|tat ca|ca hai|ca 2|ca ba|ca 3|moi nguoi|het|deu la|ca nha deu)\b/;
const EVERYONE_START = /^\s*(?:ca nha|ca gia dinh|tat ca|ca hai|ca 2|ca ba|ca 3|moi nguoi)\b/;
const PERSON_WORD = /\b(?:be|chau|con|me|ma|bo|cha|ba|vo|chong|anh|chi|em|e|toi|tui|minh|tau|tao)\b/;

/**
 * Ethnicity and nationality said once for the whole family ("cả nhà dân tộc Kinh, quốc tịch
 * Việt Nam", "dân tộc kinh hết", "quốc tịch VN cả nhà"): every person of the form gets it,
 * where still empty. A clause naming a person of its own ("dân tộc bé ghi Khmer") is theirs.
 */
function everyonesOrigin(ctx: FormContext, form: FormDefinition, session: FormSession, text: string, now: Date, ethnicGroups: readonly string[] | undefined, nationalities: readonly string[] | undefined): number {
  let n = 0;
  for (const sentence of text.normalize('NFC').split(/[.;!?\n]/u)) {
    let carried = false;
    for (const clause of sentence.split(',')) {
      const f = fold(clause);
      if (EVERYONE_START.test(f)) carried = true;
      const all = EVERYONE.test(f) || (carried && !PERSON_WORD.test(f));
      // "dân tộc kinh hết, quốc tịch vn": the list goes on for everyone.
      if (EVERYONE.test(f)) carried = true;
      if (!all || !/\b(?:dan toc|quoc tich|nguoi)\b/.test(f)) continue;
      const facts = extractFacts(clause.replace(/\b(?:cả nhà|ca nha|cả gia đình|tất cả|cả hai|cả 2|mọi người|hết|het|đều là|deu la)\b/giu, ' '), { now, ethnicGroups, nationalities }).facts;
      for (const fact of facts) {
        if (fact.key !== 'danToc' && fact.key !== 'quocTich') continue;
        for (const h of formHolders(ctx, form, session)) {
          if (getFact(session.profile, h, fact.key) !== undefined || !keysOfHolder(ctx, form, session, h).has(fact.key)) continue;
          setFact(session.profile, h, fact.key, fact.value);
          n++;
        }
      }
    }
  }
  return n;
}

/** A relative named by kinship and owner ("chị e", "anh trai tôi", "bác của mình"). */
const KIN = '(?:anh|chi|em|co|chu|bac|di|cau|mo|thim|ong|ba|bo|me|cha|ma|con|chau)(?: (?:trai|gai|ruot|ho|noi|ngoai|ban))? (?:cua )?(?:toi|tui|em|e|minh|mk|tao|tau)';

/** Said when a paper is taken to be for the citizen themself (inferred, open to correction). */
export const SELF_SUBJECT = 'Dạ, em hiểu giấy này cấp cho chính anh/chị; nếu cấp cho người khác, anh/chị nói giúp em ạ.';

/**
 * A paper about one person (an extract, a marital-status certificate) asked for by a citizen
 * who talks only about themself ("xin giấy xác nhận độc thân, làm tờ khai giúp mình. Mình tên
 * …"): it is for the citizen. Decided once their own details arrive and nobody else has been
 * named (a relative named, or "cho con tôi" waiting for the citizen's sex, keeps it open).
 * Returns true when it set the relation.
 */
function inferSelfSubject(ctx: FormContext, form: FormDefinition, session: FormSession, selfDetails: boolean): boolean {
  const role = form.roles.find((r) => r.name === 'subject');
  const field = role?.from;
  if (!role || !field || field.includes('.') || !selfDetails) return false;
  if (session.values[field] !== undefined || session.pendingParent || session.othersNamed) return false;
  const self = Object.entries(role.map).find(([, h]) => h === 'self')?.[0];
  if (!self) return false;
  setDecider(ctx, form, session, field, self);
  session.inferredSubject = field;
  return true;
}

/** The relation a paper's requester has to the subject, by the kin word the subject was named with. */
const RELATION_OF_KIN: Readonly<Record<string, string>> = { father: 'Con', mother: 'Con', husband: 'Vợ', wife: 'Chồng', child: 'parent', relative: 'Khác' };

/** Said when the paper turns out to be for the relative the citizen named, not for themself. */
export const OTHER_SUBJECT = 'Dạ, em hiểu giấy này cấp cho người thân anh/chị vừa nêu tên; nếu không đúng, anh/chị nói giúp em ạ.';

/**
 * A paper about one person whose subject is not settled by the citizen's words (unknown, or
 * taken to be the citizen only because they gave their own details first), and a relative
 * is then named with their full name ("Bố tôi là Phạm Văn Khoa, sinh …", "em trai mình là
 * …"): the paper is that relative's. People give the subject's details because the paper is
 * about them; the citizen's own come first because they are asked for first. The spouse of
 * a marriage being extracted, and a spouse who has died, are part of the citizen's own paper.
 * Returns the line to say back when it changed the subject.
 */
function reviseSubject(ctx: FormContext, form: FormDefinition, session: FormSession, facts: ReadonlyArray<{ holder: string; key: string; cued?: boolean; value: string; cue?: string }>, text: string): string | undefined {
  const role = form.roles.find((r) => r.name === 'subject');
  const field = role?.from;
  if (!role || !field || field.includes('.')) return undefined;
  const self = Object.entries(role.map).find(([, h]) => h === 'self')?.[0];
  const current = session.values[field];
  if (current !== undefined && !(session.inferredSubject === field && current === self)) return undefined;
  if (session.pendingParent) return undefined;
  // (A bare "con", "cháu" is also how the citizen speaks of themself to an elder.)
  const named = facts.find((f) => f.cued && f.key === 'hoTen' && RELATION_OF_KIN[f.holder] !== undefined && !/^(?:con|chau|em|be)$/.test(f.cue?.trim() ?? ''));
  if (!named) return undefined;
  const spouse = named.holder === 'husband' || named.holder === 'wife';
  // ("em đang có chồng, chồng em tên …": the citizen's own marriage, told as their status.)
  const ownMarriage = /\b(?:toi|tui|em|e|minh|mk|tao|tau|anh|chi)\s+(?:dang|da|hien|van)\s+(?:co|ket hon voi|lay)\s+(?:chong|vo|ck|vk)\b/.test(fold(text));
  // ("chồng tôi là …, đã mất năm 2023", "vợ cũ, ly hôn rồi": a spouse who died or was divorced is
  // part of the citizen's own status, told in the same message.)
  const ended = /\b(?:da|vua|bi)\s+(?:mat|qua doi|chet|tu tran|hy sinh)\b(?!\s+(?:giay|cccd|can cuoc|cmnd|vi|so|ho so))|\bqua doi\b|\bly (?:hon|di)\b/.test(fold(text));
  if (spouse && (ownMarriage || ended || session.values.loai_viec_ho_tich === 'Kết hôn' || /chết/u.test(session.values.tinh_trang_hon_nhan ?? ''))) return undefined;
  let value = RELATION_OF_KIN[named.holder]!;
  if (value === 'parent') {
    const sex = applicantSex(session);
    if (!sex) {
      if (current !== undefined) {
        setDecider(ctx, form, session, field, '');
        delete session.values[field];
      }
      session.inferredSubject = undefined;
      session.pendingParent = field;
      session.othersNamed = true;
      return undefined;
    }
    value = sex === 'Nữ' ? 'Mẹ' : 'Cha';
  }
  const options = ctx.forms.optionsOf(ctx.forms.fieldsOf(form).find((f) => f.name === field)!);
  if (options && !options.includes(value)) return undefined;
  setDecider(ctx, form, session, field, value);
  session.inferredSubject = undefined;
  session.othersNamed = true;
  return current === undefined ? undefined : OTHER_SUBJECT;
}

/** Chatter that ends a clause, as typed (with tones) or without them. */
const PARTICLE = /^(?:nhé|nhá|ạ|à|nghen|nhen|hen|nghe|ha|hả|nha|nhe|a|ad|ah|vs|k|ko|hk|khong|không|dc|được|duoc|đc|thì|thi|nhỉ|chị|anh|em|e)$/iu;
const ADDRESS_WORD = /^(?:chị|chi|anh|em|e|ad|bạn|ban|ơi|oi|cô|co|chú|chu|nha|nhé|nhe|ạ|a|k|ko|không|khong)$/iu;

/** The words of a purpose up to where the sentence moves on ("…, xin 2 bản", "… nha chị", "… thì làm sao"). */
function purposeWords(rest: string): string[] {
  const out: string[] = [];
  const toks = rest.trim().split(/\s+/).filter(Boolean);
  for (let i = 0; i < toks.length; i++) {
    const raw = toks[i]!;
    const word = raw.replace(/[.,;:!?)]+$/u, '');
    const low = word.toLocaleLowerCase('vi');
    const fw = foldSameLength(low);
    const next = toks[i + 1]?.replace(/[.,;:!?)]+$/u, '');
    const last = next === undefined || word !== raw;
    // "thì làm sao", "được không", "dc k": the question after the purpose.
    if (/^(?:thì|thi)$/u.test(low) || ((fw === 'dc' || fw === 'duoc') && /^(?:k|ko|khong|hk)$/.test(foldSameLength(next ?? '').toLowerCase()))) break;
    // A particle ends it where it is the last word or chatter follows ("nha chị", "ạ."); "nhà đất" goes on.
    if (PARTICLE.test(low) && low === fw && (last || ADDRESS_WORD.test(next ?? ''))) break;
    if (/^(?:nhé|nhá|ạ|à|nghen|nhen|hả|nhỉ)$/u.test(low)) break;
    // "… với bạn gái là Lê Thị Mai": the person after it is no part of the purpose.
    if (/^(?:voi|cung)$/.test(fw) && /^(?:ban|nguoi|ny|anh|chi|em|co|chu)$/.test(foldSameLength(next ?? '').toLowerCase()) && !/^(?:nguoi (?:nuoc|han|nhat|my|uc|trung|dai|phap|duc|anh|han quoc))/.test(foldSameLength(toks.slice(i + 1, i + 3).join(' ')).toLowerCase())) break;
    if (/^(?:la|ten)$/.test(fw) && /^\p{Lu}/u.test(next ?? '')) break;
    if (word) out.push(word);
    if (word !== raw && /[.;!?]|,/.test(raw.slice(word.length))) break;
  }
  return out;
}

/** The purposes the statements give, worded by us: the citizen's own words replace them. */
const CANNED_PURPOSES = new Set(['Đăng ký kết hôn', 'Vay vốn ngân hàng', 'Giao dịch mua bán nhà đất']);
/** What a purpose starts with once its subject is dropped ("để nó đăng ký …", "để bố em làm …"). */
const PURPOSE_VERB = /^(?:di |de )?(?:dang ky|dang ki|dk|ket hon|cuoi|lay (?:vo|chong)|lam|nop|vay|mua|ban|chuyen nhuong|bo sung|xin|hoc|du hoc|xuat khau|lao dong|di|thua ke|sang ten|tang cho|giao dich|hoan thien|du|bo tuc|chung minh|cap)\b/;

/**
 * Why a marital-status certificate is wanted, in the citizen's words ("để làm hồ sơ du học
 * Úc", "Mục đích: để làm thủ tục thừa kế", "xin giấy để nó kết hôn với người Úc"): the field
 * is free text, so the purpose is kept as said, without its subject ("nó", "bố em"), the
 * person named after it ("… với bạn gái là Lê Thị Mai") or the chatter that ends the clause.
 * A purpose said with "mục đích" replaces an earlier one; one said with "để" fills the field
 * when it is empty or holds only our own wording.
 */
function readPurpose(fields: ReadonlySet<string>, session: FormSession, text: string): number {
  if (!fields.has('muc_dich_su_dung')) return 0;
  const t = text.normalize('NFC');
  const f = foldSameLength(t).toLowerCase();
  const labelled = /\bmuc dich(?: su dung| cua \p{L}+)?\s*(?:la\s+|:\s*|\s)\s*(?:de\s+)?/u.exec(f);
  const plain = labelled ? undefined : /(?:^\s*|\b(?:giay|xac nhan|xn|doc than|ban|can|xin|lay|lam|hon nhan|chua vo|chua chong)\b[^.;!?\n]{0,60}?\s)de\s+(?!(?:sau|mai|hom khac|lat|toi|khi khac|em hoi|e hoi|minh hoi|co hoi|tui hoi|toi hoi|o|mat|quen|trong)\b)/.exec(f);
  const m = labelled ?? plain;
  if (!m) return 0;
  const current = session.values.muc_dich_su_dung;
  if (!labelled && current !== undefined && !CANNED_PURPOSES.has(current)) return 0;
  const from = m.index + m[0].length;
  let words = purposeWords(t.slice(from));
  // The subject of the purpose ("để nó đăng ký …", "để bố em làm …"): dropped when short.
  const at = words.findIndex((_, i) => PURPOSE_VERB.test(foldSameLength(words.slice(i).join(' ')).toLowerCase()));
  if (at > 0 && at <= 3) words = words.slice(at);
  // "để đi đăng ký kết hôn": the going is no part of the purpose.
  if (words.length > 1 && /^(?:đi|di)$/iu.test(words[0]!) && /^(?:dang|lam|nop)$/.test(foldSameLength(words[1]!).toLowerCase())) words = words.slice(1);
  if (words.length === 0 || words.length > 14 || at === -1) return 0;
  const value = words.join(' ').replace(/[\s,]+$/u, '');
  // (In the citizen's own spelling, with the abbreviations written out and, typed without tones,
  // with the tones of a purpose's vocabulary when every word is in it: `purpose-words.ts`.)
  const written = purposeAsWritten(value);
  const said = written.charAt(0).toLocaleUpperCase('vi') + written.slice(1);
  if (said === current) return 0;
  session.values.muc_dich_su_dung = said;
  return 1;
}

/**
 * An office typed without tones, with the tones the admin-unit data knows: "Uy ban nhan dan
 * phuong Tan Dinh" → "Ủy ban nhân dân phường Tân Định", "Cong an phuong Ngo Quyen" → "Công an
 * phường Ngô Quyền" (the place normaliser, as for the office an event was registered at). Only
 * when every word is known (`sure`) and nothing is left over; otherwise as typed, never half with
 * tones.
 */
function officeWithTones(ctx: FormContext, name: string): string {
  if (hasDiacritics(name)) return name;
  const police = /^cong an\s+(?=\S)/i.exec(name);
  const n = ctx.addresses?.normalize?.(police ? name.slice(police[0].length) : name, 'place');
  if (!n || !n.sure || n.rest || !n.value || !hasDiacritics(n.value)) return name;
  // (A unit named alone must stay a unit: the police office's part is its commune, nothing else.)
  if (police && !/^(?:phường|xã|thị trấn|đặc khu)\s/iu.test(n.value)) return name;
  return police ? `Công an ${n.value.charAt(0).toLocaleLowerCase('vi')}${n.value.slice(1)}` : n.value;
}

/** An office's name as an officer writes it: abbreviations written out, first letter capital. */
function officeName(typed: string): string {
  // Written out in the citizen's own spelling: "nop o UBND xa Tan Lac" is "Uy ban nhan dan xa
  // Tan Lac", never half with tones.
  const plain = !hasDiacritics(typed);
  const t = typed
    .replace(/^\s*(?:UBND|ubnd|Ubnd)\b\.?/u, plain ? 'Uy ban nhan dan' : 'Ủy ban nhân dân')
    // "ủy ban xã Yên Thành" is the commune's People's Committee, whose name says "nhân dân".
    .replace(/^\s*(?:ủy|uỷ|uy)\s+ban(?!\s+(?:nhân|nhan)(?!\p{L}))(?=\s+(?:xã|xa|phường|phuong|thị trấn|thi tran|đặc khu|dac khu|tỉnh|tinh|thành phố|thanh pho|quận|quan|huyện|huyen|tp)(?!\p{L}))/iu, plain ? 'Uy ban nhan dan' : 'Ủy ban nhân dân')
    .replace(/^\s*(?:CA|ca|Ca)\b\.?(?=\s)/u, plain ? 'Cong an' : 'Công an')
    // "… nha ad", "… nghen chị": particles and the address word after them, however many; only
    // in lower case ("phuong Nghia Do" typed without tones ends in a place, not "đó").
    .replace(/(?:[\s,]+(?:nhé|nhe|nha|nghe|nhen|nghen|ạ|a|á|đó|do|luôn|luon|nhá|hén)(?:\s+(?:ad|chị|chi|anh|em|e|cháu|chau|con|cô|co|chú|chu|bác|bac|bạn|ban|ơi|oi|nhé|nhe|nha|ạ))*)+\s*$/u, '')
    .trim();
  return t.charAt(0).toLocaleUpperCase('vi') + t.slice(1);
}

/**
 * Where the form is filed, where and when it is made, said outright ("nộp ở UBND phường Ngọc
 * Hà", "làm tại Hà Nội", "ngày khai ghi hôm nay 06/12/2026"): the addressee, the place and the
 * date of the form, each only when the form has the field and it is still empty. Otherwise
 * they are derived from the address at the end.
 */
/** How far ahead of today the date on a form may be (the day the citizen will sign it). */
const FILING_AHEAD_MS = 92 * 24 * 3600 * 1000;

function readFiling(ctx: FormContext, form: FormDefinition, fields: ReadonlySet<string>, session: FormSession, text: string, now: Date): number {
  const t = text.normalize('NFC');
  const f = foldSameLength(t).toLowerCase();
  let n = 0;
  const put = (field: string | undefined, value: string | undefined): void => {
    if (!field || !value || !fields.has(field) || session.values[field] !== undefined) return;
    session.values[field] = value;
    n++;
  };
  // ("Nộp UBND phường Pleiku", "gửi công an xã …": the office word itself says where, with or without "ở".)
  const office = /\b(?:nop|gui|nop ho so|nop to khai)\s+(?:(?:o|tai|den|cho|len|ve)\s+)?((?:ubnd|uy ban|cong an|ca|so tu phap|phong tu phap|trung tam tro giup)\b[^.;\n]*?)(?=\s*(?:[.;\n]|,\s*(?!(?:phuong|xa|thi tran|dac khu|tinh|thanh pho|tp)\b)|$))/.exec(f);
  if (office) put(form.addresseeField, officeWithTones(ctx, officeName(t.slice(office.index + office[0].length - office[1]!.length, office.index + office[0].length))));
  // "muốn đăng ký kết hôn ở UBND phường …", "làm khai sinh tại UBND xã …": on a form that registers
  // the event now (no office of an earlier registration on it), where it is registered is where it is filed.
  if (!office && !fields.has('da_dang_ky_tai')) {
    const at = /\b(?:dang ky|dang ki|dk|dky|lam|khai)(?: (?:ket hon|khai sinh|tam tru|thuong tru|cu tru))? (?:o|tai)\s+((?:ubnd|uy ban|cong an)\b[^.;\n]*?)(?=\s*(?:[.;\n]|,\s*(?!(?:phuong|xa|thi tran|dac khu|tinh|thanh pho|tp)\b)|$))/.exec(f);
    if (at) put(form.addresseeField, officeWithTones(ctx, officeName(t.slice(at.index + at[0].length - at[1]!.length, at.index + at[0].length))));
  }
  // ("làm tại Hà Nội ngày 7/12/2026": the place, then the date of the form.)
  const place = /\blam tai\s+((?:phuong |xa |thi tran |dac khu |tinh |thanh pho |tp )?[^.;,\n\d]{2,40}?)(?=\s*(?:[.;,\n]|$|\b(?:nhe|nha|nghe|a|luon|ngay)\b))/.exec(f);
  if (place && !/\b(?:to khai|giup|gium|dum|giay)\b/.test(place[1]!)) put(form.layout.placeField, t.slice(place.index + place[0].length - place[1]!.length, place.index + place[0].length).trim());
  // ("ngày khai để 7/12/2026 luôn nha", "làm tại Hà Nội ngày 7/12/2026".)
  const when = /\bngay (?:khai|lam (?:to khai|don)|ky)\s*(?:(?:ghi|de|la|lay)\s*)*(?:hom nay\s*)?(?:la\s*)?:?\s*/.exec(f) ?? /\blam tai\s+[^.;,\n\d]{2,40}?,?\s+ngay\s+/.exec(f);
  if (when) {
    // The date the citizen will sign and file on may be a few weeks ahead ("ngày khai 14/12" said on the 7th).
    const d = parseDate(t.slice(when.index + when[0].length, when.index + when[0].length + 24), new Date(now.getTime() + FILING_AHEAD_MS));
    if (d.ok && d.start <= 1 && !d.partial) put(form.layout.dateField, d.value);
  }
  return n;
}

/** A civil-status event's word: registering, the event itself ("khai tử làm ở …"), the paper's shorthand. */
const EVENT_WORD = String.raw`(?:dang ky|dang ki|dk|dky|khai sinh|khai tu|ket hon|nhan (?:cha |me )?con|ks|kt)`;
/** Words between the event and what is said of it, never a birth, a death, a paper's number or another sentence. */
const BETWEEN = String.raw`(?:\s+(?!(?:sinh|sanh|sn|mat|chet|qua doi|so|quyen|cccd|can cuoc|cmnd|sdt|nop|gui|xin|lay)\b)[^\s,.;!?\n]+){0,6}?`;
const REGISTRATION_DATE = new RegExp(String.raw`\b${EVENT_WORD}${BETWEEN}\s*,?\s*(?:ngay|vao ngay|vao|luc|nam|hoi)?\s*:?\s*(?=\d|(?:ngay|mung|thang|nam)\s*\d)`, 'g');
/**
 * Where the event was registered: the event's word, a few words (a date too), then "ở/tại" and
 * an office ("khai tử làm ở UBND …", "Đăng ký kết hôn ngày 20/01/2010 tại UBND …") or, after a
 * word of doing, the unit alone ("hồi đó làm ở phường …").
 */
const REGISTRATION_OFFICE = new RegExp(
  String.raw`\b(?:${EVENT_WORD}(${BETWEEN})|lam) (?:o|tai)\s+((?:ubnd|uy ban|so tu phap|phong tu phap|(?:xa|phuong|thi tran|quan|huyen|thi xa)\s+[\p{L}\d])[^.;\n]*)`,
  'u',
);

/**
 * Where and when a civil-status event was registered, for an extract ("đăng ký ngày 20/10/2010,
 * số 45, quyển số 01/2010", "đăng ký ở UBND phường Hàng Gai"): the registration date, entry and
 * book numbers and the office, each only when the form has the field and it is still empty.
 */
function readRegistration(ctx: FormContext, fields: ReadonlySet<string>, session: FormSession, text: string, now: Date): number {
  if (!fields.has('ngay_dang_ky') && !fields.has('quyen_so') && !fields.has('da_dang_ky_tai')) return 0;
  const t = text.normalize('NFC');
  const f = foldSameLength(t).toLowerCase();
  const put = (field: string, value: string | undefined): number => {
    if (!value || !fields.has(field) || session.values[field] !== undefined) return 0;
    // The register's row asks for the day ("ngày … số … quyển số"): a month or a year alone ("đăng
    // ký hồi tháng 1/1996 nhưng ngày cụ thể không rõ") is left for the officer to look up.
    if (field === 'ngay_dang_ky' && value.length < 10) return 0;
    session.values[field] = value;
    return 1;
  };
  let n = 0;
  // The date after the event's word, the event's name or a few words between ("đăng ký ngày …",
  // "ngày đăng ký 2/8/1990", "đăng ký kết hôn ngày 12 tháng 12 năm 2010", "đk kết hôn vs ck e
  // ngày 14/2/2018"): never across a birth, a death or a number of another kind.
  for (const when of f.matchAll(REGISTRATION_DATE)) {
    const from = when.index + when[0].length;
    const d = parseDate(t.slice(from, from + 24), now, { allowBareYear: true });
    if (d.ok && d.start <= 1) {
      n += put('ngay_dang_ky', d.value);
      break;
    }
  }
  const book = /\bquyen(?: so)?\s*:?\s*(\d[\d\/.\-]*\d|\d)/.exec(f);
  if (book) {
    n += put('quyen_so', book[1]);
    const entry = /(?<!quyen )\bso\s*:?\s*(\d+)(?=\s*(?:[,;.]|$|(?:va|,)?\s*quyen))/.exec(f);
    if (entry) n += put('so', entry[1]);
  }
  const office = REGISTRATION_OFFICE.exec(f);
  if (office) {
    // The date said between the event and the office ("đăng ký kết hôn ngày 20/01/2010 tại UBND …").
    if (/\d/.test(office[1] ?? '')) {
      const d = parseDate(t.slice(office.index, office.index + office[0].length - office[2]!.length), now, { allowBareYear: true });
      if (d.ok) n += put('ngay_dang_ky', d.value);
    }
    const raw = t.slice(office.index + office[0].length - office[2]!.length, office.index + office[0].length).replace(/[\s,]+(?:cu|a|nha|nhe)?\s*$/u, '').trim();
    // "hồi đó làm ở phường …": a civil-status event is registered at the unit's People's Committee.
    // ("Ủy ban xã Bình Phú": the People's Committee, said short.)
    const full = raw.replace(/^(ủy ban|uỷ ban|uy ban)(?!\s+(?:nhân dân|nhan dan)(?!\p{L}))(?=\s)/iu, (w) => (hasDiacritics(w) ? 'Ủy ban nhân dân' : 'Uy ban nhan dan'));
    const typed = /^(?:ubnd|uy ban|so tu phap|phong tu phap)\b/.test(foldSameLength(full).toLowerCase()) ? full : `${hasDiacritics(full) ? 'Ủy ban nhân dân' : 'Uy ban nhan dan'} ${full}`;
    // "UBND phường 7, quận 3 ngày 12/9/2012, số 125, quyển số 01": the office, then the date and numbers.
    // The office ends where the date or the register's numbers begin ("UBND xã An Lạc, ngày 12/08/2009, số 30").
    const tail = /,?\s+(?:ngay|vao ngay|so|quyen so|quyen|nam|hoi)\s*:?\s*\d/.exec(foldSameLength(typed).toLowerCase());
    const body = tail ? typed.slice(0, tail.index).trim() : typed;
    const place = ctx.addresses?.normalize?.(body, 'place');
    n += put('da_dang_ky_tai', place?.value || body);
    const rest = [place?.rest, tail ? typed.slice(tail.index) : undefined].filter((x): x is string => !!x).join(' ');
    if (rest) {
      const r = rest.normalize('NFC');
      const d = parseDate(r, now, { allowBareYear: true });
      if (d.ok && d.start <= 12) n += put('ngay_dang_ky', d.value);
      const rf = foldSameLength(r).toLowerCase();
      const book = /\bquyen(?: so)?\s*:?\s*(\d[\d\/.\-]*\d|\d)/.exec(rf);
      if (book) n += put('quyen_so', book[1]);
      const entry = /(?<!quyen )\bso\s*:?\s*(\d+)\b(?!\s*[\/.\-]\d)/.exec(rf);
      if (entry && book) n += put('so', entry[1]);
    }
  }
  return n;
}
