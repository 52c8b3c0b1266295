import type { EvalCase } from './cases.js';
import { foldText, hasDiacritics } from '../knowledge/text/index.js';
import type { EvalTurnResult } from './subject.js';

/**
 * Field-level measure of form filling over whole conversations (issue 20). A case states
 * `expect.form`, `expect.fields` (the form's own field keys → normalised values) and
 * `expect.absent` (fields the citizen never gave). The subject reports the filled form by
 * field key (`formFields`: what came from the conversation; `formDerived`: computed values
 * and defaults, never counted as leaks).
 *
 * - field accuracy: expected fields whose value matches (NFC, spaces, case, trailing
 *   punctuation folded, a full date in dd/mm/yyyy or ISO notation), over all expected fields;
 * - form chosen: the form filled (or last named by the bot) is the expected one;
 * - a year-of-birth field (`nam_sinh_*`) whose expectation is a full date expects its year: the
 *   form's field holds the year (`expectedValue`);
 * - a field the produced form derives (`formDerived`) counts with its derived value when the
 *   conversation gave none;
 * - cross-person leaks: a field filled with the value expected for another field
 *   (one person's name, date or number in another person's field), or an absent field filled.
 */

export interface FormFieldMetrics {
  conversations: number;
  n_fields: number;
  accuracy: number;
  /**
   * The same over the value's content: a name or an address whose diacritics one side never
   * typed, or whose abbreviations one side wrote out ("TP HCM" / "Thành phố Hồ Chí Minh"), with
   * commas or without, is the same value (`sameContent`). Both are reported.
   */
  accuracy_content: number;
  form_chosen: { n: number; accuracy: number };
  leaks: { count: number; conversations: number; absent_filled: number; cross_person: number };
  /** Accuracy per expected field key, to see which kinds of value are weak. */
  by_field: Record<string, { n: number; accuracy: number }>;
}

export interface FormFieldCase {
  form?: string;
  fields: Record<string, string>;
  absent: string[];
}

/** The field expectations of a case, when it has any. */
export function formFieldExpectation(c: EvalCase): FormFieldCase | undefined {
  const e = c.expect as { form?: string; fields?: unknown; absent?: unknown };
  if (!e.fields || typeof e.fields !== 'object') return undefined;
  const fields = Object.fromEntries(Object.entries(e.fields as Record<string, unknown>).filter((x): x is [string, string] => typeof x[1] === 'string'));
  const absent = Array.isArray(e.absent) ? e.absent.filter((x): x is string => typeof x === 'string') : [];
  return { form: e.form, fields, absent };
}

const canon = (s: string) =>
  s
    .normalize('NFC')
    .replace(/\s+/gu, ' ')
    .replace(/[\s.,;:]+$/u, '')
    .trim()
    .toLocaleLowerCase('vi')
    // A purpose written with or without its leading "để" ("Để đăng ký kết hôn", the form's own
    // example, and "Đăng ký kết hôn") says the same.
    .replace(/^để\s+/u, '')
    // A full date is the same date in either notation: the form's "07/07/2001" (dd/mm/yyyy, how an
    // officer writes it and how some splits expect it) and the stored "2001-07-07" (ISO, how
    // others do), also inside a value that lists dates (the household members' lines).
    .replace(/(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)/gu, (_, d: string, m: string, y: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`);

export function fieldValueMatches(expected: string, actual: string | undefined): boolean {
  return actual !== undefined && canon(actual) === canon(expected);
}

/**
 * Fields whose value is a person's name or a place, written the way the citizen typed it or the
 * way an officer writes it; an office is a place too ("UBND phường Giảng Võ" / "Ủy ban nhân dân
 * phường Giảng Võ" for the addressee, the registering office, where the form is signed).
 */
const NAME_OR_PLACE = /^(ho_ten|noi_cu_tru|noi_sinh|que_quan|da_dang_ky_tai|dia_chi|noi_dung_de_nghi|kinh_gui|co_quan_dang_ky|lam_tai)/;
const ABBREVIATIONS: ReadonlyArray<[RegExp, string]> = [
  [/\b(tp\.?\s*hcm|tphcm|tp ho chi minh|sai gon|sg)\b/g, 'thanh pho ho chi minh'],
  [/\btp\.?(?=\s)/g, 'thanh pho'],
  [/\bhn\b/g, 'ha noi'],
  [/\bhcm\b/g, 'ho chi minh'],
  [/\bbv\b/g, 'benh vien'],
  [/\bttyt\b/g, 'trung tam y te'],
  [/\btyt\b/g, 'tram y te'],
  [/\bubnd\b/g, 'uy ban nhan dan'],
  [/\bp\.\s*/g, 'phuong '],
  [/\bq\.\s*/g, 'quan '],
  [/\bx\.\s*/g, 'xa '],
];
const contentOf = (s: string) => {
  let f = foldText(s);
  for (const [re, to] of ABBREVIATIONS) f = f.replace(re, to);
  // A province's unit word says nothing a province's name does not ("Sơn La" / "tỉnh Sơn La",
  // "HN" / "thành phố Hà Nội"): writers of the splits differ on it, and so do citizens.
  f = f.replace(/\b(tinh|thanh pho)\s+/g, '');
  return f.replace(/[^\p{L}\p{N}]+/gu, ' ').replace(/\s+/g, ' ').trim();
};

/**
 * The same name or place, written as typed or as an officer writes it: equal once diacritics,
 * abbreviations and commas are set aside, when one side carries no diacritics at all (never a
 * name whose diacritics both sides wrote differently: "Thủy" is not "Thúy").
 */
export function sameContent(field: string, expected: string, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  if (fieldValueMatches(expected, actual)) return true;
  if (!NAME_OR_PLACE.test(field)) return false;
  if (contentOf(expected) !== contentOf(actual)) return false;
  return field.startsWith('ho_ten') ? !hasDiacritics(expected) || !hasDiacritics(actual) : true;
}

export interface FieldCheck {
  field: string;
  expected?: string;
  actual?: string;
  kind: 'ok' | 'wrong' | 'missing' | 'leak' | 'absent_filled';
  /** The value's content is right (`sameContent`), whatever its spelling. */
  content?: boolean;
}

/**
 * A year-of-birth field ("Năm sinh" on the birth declaration: `nam_sinh_me`, `nam_sinh_cha`) holds
 * the year; a writer who expected the parent's full date there expected the form to hold its year.
 */
const YEAR_FIELD = /^nam_sinh/;
export function expectedValue(field: string, expected: string): string {
  if (!YEAR_FIELD.test(field)) return expected;
  const full = /^\s*\d{1,2}[/.-]\d{1,2}[/.-](\d{4})\s*$/.exec(expected);
  return full ? full[1]! : expected;
}

/** Per-field verdicts of one conversation (used by the metric and by `--failures`). */
export function checkFormFields(exp: FormFieldCase, result: EvalTurnResult): FieldCheck[] {
  const actual = result.formFields ?? {};
  const derived = result.formDerived ?? {};
  const out: FieldCheck[] = [];
  for (const [k, expected] of Object.entries(exp.fields)) {
    const v = expectedValue(k, expected);
    // A value the produced form computes (the birth date in words, the addressee from the
    // residence, a default nationality) is on the form like one the citizen typed.
    const a = actual[k] ?? derived[k];
    out.push({ field: k, expected: v, actual: a, kind: fieldValueMatches(v, a) ? 'ok' : a === undefined ? 'missing' : 'wrong', content: sameContent(k, v, a) });
  }
  for (const [k, a] of Object.entries(actual)) {
    if (exp.absent.includes(k)) {
      out.push({ field: k, actual: a, kind: 'absent_filled' });
      continue;
    }
    const want = exp.fields[k] === undefined ? undefined : expectedValue(k, exp.fields[k]!);
    if (want === undefined || sameContent(k, want, a)) continue;
    // A part of the field's own value (the year of the right person's date) is incomplete, not another person's.
    if (canon(want).startsWith(canon(a))) continue;
    const other = Object.entries(exp.fields).find(([k2, v2]) => k2 !== k && fieldValueMatches(v2, a));
    if (other) out.push({ field: k, expected: want, actual: a, kind: 'leak' });
  }
  return out;
}

export function formFieldMetrics(rows: ReadonlyArray<{ case: EvalCase; result: EvalTurnResult }>): FormFieldMetrics | undefined {
  const withFields = rows.map((r) => ({ r, exp: formFieldExpectation(r.case) })).filter((x): x is { r: (typeof rows)[number]; exp: FormFieldCase } => !!x.exp);
  if (withFields.length === 0) return undefined;
  let n = 0;
  let ok = 0;
  let okContent = 0;
  let absentFilled = 0;
  let cross = 0;
  let leakyConversations = 0;
  let formN = 0;
  let formOk = 0;
  const byField: Record<string, { n: number; ok: number }> = {};
  for (const { r, exp } of withFields) {
    const checks = checkFormFields(exp, r.result);
    let leaky = false;
    for (const c of checks) {
      if (c.kind === 'absent_filled' || c.kind === 'leak') {
        leaky = true;
        if (c.kind === 'absent_filled') absentFilled++;
        else cross++;
        continue;
      }
      n++;
      if (c.content) okContent++;
      const b = (byField[c.field] ??= { n: 0, ok: 0 });
      b.n++;
      if (c.kind === 'ok') {
        ok++;
        b.ok++;
      }
    }
    if (leaky) leakyConversations++;
    if (exp.form) {
      formN++;
      const chosen = r.result.formCaptured ?? r.result.form;
      if (chosen !== undefined && chosen === exp.form) formOk++;
    }
  }
  const r4 = (x: number) => Math.round(x * 10000) / 10000;
  return {
    conversations: withFields.length,
    n_fields: n,
    accuracy: r4(n ? ok / n : 0),
    accuracy_content: r4(n ? okContent / n : 0),
    form_chosen: { n: formN, accuracy: r4(formN ? formOk / formN : 0) },
    leaks: { count: absentFilled + cross, conversations: leakyConversations, absent_filled: absentFilled, cross_person: cross },
    by_field: Object.fromEntries(
      Object.entries(byField)
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map(([k, v]) => [k, { n: v.n, accuracy: r4(v.ok / v.n) }]),
    ),
  };
}

/** Lines for the eval table. */
export function formatFormFieldMetrics(m: FormFieldMetrics): string[] {
  const f = (x: number) => x.toFixed(3);
  const lines = [
    `form fields (conv=${m.conversations}, fields=${m.n_fields})`.padEnd(40) + `field accuracy ${f(m.accuracy)}`,
    `  same content, either spelling`.padEnd(40) + `field accuracy ${f(m.accuracy_content)}`,
    `form chosen (n=${m.form_chosen.n})`.padEnd(40) + `accuracy ${f(m.form_chosen.accuracy)}`,
    `cross-person leaks`.padEnd(40) +
      `${m.leaks.count} (in ${m.leaks.conversations} conversations: ${m.leaks.cross_person} another person's value, ${m.leaks.absent_filled} absent field filled)`,
  ];
  return lines;
}

/** Failure lines for `--failures` (dev splits only). */
export function formatFormFieldFailures(rows: ReadonlyArray<{ case: EvalCase; result: EvalTurnResult }>): string[] {
  const lines: string[] = [];
  for (const r of rows) {
    const exp = formFieldExpectation(r.case);
    if (!exp) continue;
    const bad = checkFormFields(exp, r.result).filter((c) => c.kind !== 'ok');
    const chosen = r.result.formCaptured ?? r.result.form;
    if (bad.length === 0 && chosen === exp.form) continue;
    lines.push(`- ${r.case.id} form ${exp.form ?? '-'} got ${chosen ?? '-'}`);
    for (const c of bad) lines.push(`    ${c.kind.padEnd(13)} ${c.field}: expected ${JSON.stringify(c.expected ?? null)} got ${JSON.stringify(c.actual ?? null)}`);
  }
  return lines;
}
