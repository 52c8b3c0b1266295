import { foldDiacritics } from '../../retrieval/index.js';
import { prepareText, type PreparedText } from '../triage/text.js';
import { messageLawFrame } from './law-frame.js';

/**
 * Features of a message for the intent model. Everything is computed on the folded,
 * teencode-expanded text, so "ko dc", "không được" and "khong duoc" meet:
 *
 *   w:<word>          folded syllables
 *   b:<w1>_<w2>       adjacent syllable pairs
 *   c:<ngram>         character 3- and 4-grams inside " word " windows (typos, glued words)
 *   s:<shape>         message shape: an ID-like number, a phone, a date, length, punctuation
 *   q:<frame>         question frame: asks the law ("có được … không", "bao nhiêu tuổi thì"),
 *                     asks how ("ở đâu", "hồ sơ", "lệ phí"), both, or a word only law questions use
 *
 * Shapes carry what words cannot: a 12-digit number says "form data" whatever the words.
 */
export function messageFeatures(text: string, teencode: Readonly<Record<string, string>>): { prepared: PreparedText; features: string[] } {
  const prepared = prepareText(text, teencode);
  const t = prepared.tokens;
  const out = new Set<string>();
  // A syllable of a fixed compound that folds onto a common word of its own ("từ chối" is no
  // "chơi"): the compound stands for it, and its letters add no character n-grams.
  const compound = compoundPositions(t, text);
  t.forEach((w, i) => out.add(compound.has(i) ? `w:${compound.get(i)}` : `w:${w}`));
  // Accented syllables too, when typed: folding merges "buôn" (trade) and "buồn" (sad).
  for (const w of prepared.accented.split(' ')) if (w && foldDiacritics(w) !== w) out.add(`a:${w}`);
  for (let i = 0; i + 1 < t.length; i++) out.add(`b:${t[i]}_${t[i + 1]}`);
  for (const [i, w] of t.entries()) {
    if (/^\d+$/.test(w) || compound.has(i)) continue;
    const padded = ` ${w} `;
    for (let n = 3; n <= 4; n++) for (let i = 0; i + n <= padded.length; i++) out.add(`c:${padded.slice(i, i + n)}`);
  }
  if (NEGATED_DISPUTE.test(prepared.folded)) {
    // "ở ổn định, không ai tranh chấp": the dispute words are denied, so they must not vote
    // for a legal problem; the denial itself is a mark of a procedure story (first land certificate).
    for (const f of DISPUTE_FEATURES) out.delete(f);
    out.add('n:no-dispute');
  }
  for (const s of shapes(text, t)) out.add(`s:${s}`);
  // The shape of the question carries the law/procedure border whatever the topic's words.
  const frame = messageLawFrame(text, (x) => (x === text ? prepared.folded : prepareText(x, teencode).folded));
  if (frame.law) out.add(frame.how ? 'q:law+how' : 'q:law');
  else if (frame.how) out.add('q:how');
  if (frame.lawWord) out.add('q:law-word');
  return { prepared, features: [...out] };
}

/**
 * Fixed compounds whose last syllable, folded, is a common word with another sense: "từ chối"
 * (to refuse) folds its "chối" onto "chơi" (to play), which weighs for out of scope.
 */
const COMPOUNDS: ReadonlyArray<{ first: string; second: string; unless: RegExp }> = [{ first: 'tu', second: 'choi', unless: /tự\s+chơi/iu }];

/** Positions of the second syllable of a fixed compound, with the compound's feature word. */
function compoundPositions(tokens: readonly string[], raw: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const c of COMPOUNDS) {
    if (c.unless.test(raw)) continue;
    for (let i = 1; i < tokens.length; i++) if (tokens[i] === c.second && tokens[i - 1] === c.first) out.set(i, `${c.first}_${c.second}`);
  }
  return out;
}

/** A dispute denied: "không tranh chấp", "k ai tranh chấp", "chưa có tranh chấp gì", "không kiện cáo". */
export const NEGATED_DISPUTE = /\b(khong|ko|k|chua|chang|cha|hong|hok)( ai| co| he| bao gio| gi| con)? (tranh chap|kien cao|kien tung|lan chiem|khieu kien)\b/;
const DISPUTE_FEATURES = ['w:tranh', 'w:chap', 'b:tranh_chap', 'a:tranh', 'a:chấp', 'w:kien', 'b:kien_cao', 'b:kien_tung', 'a:kiện'];

function shapes(raw: string, tokens: readonly string[]): string[] {
  const s: string[] = [];
  const digits = raw.replace(/[\s.\-]/g, '');
  if (/\d{12}/.test(digits) || /\b\d{3}[\s.]?\d{3}[\s.]?\d{3}[\s.]?\d{3}\b/.test(raw)) s.push('id12');
  if (/(?:\+84|\b0)\d{2,3}[\s.]?\d{3}[\s.]?\d{3,4}\b/.test(raw)) s.push('phone');
  if (/\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}\b/.test(raw)) s.push('date');
  if (/\b(19|20)\d{2}\b/.test(raw)) s.push('year');
  if (/\?\s*$/.test(raw)) s.push('qmark');
  if (/!{1,}/.test(raw)) s.push('exclaim');
  const n = tokens.length;
  if (n <= 2) s.push('len:1-2');
  else if (n > 30) s.push('len:31+');
  if (/[A-ZĐ]{2,}/u.test(raw) && raw === raw.toUpperCase() && /[A-Z]/.test(raw)) s.push('allcaps');
  if (/\[(admin|system|sys|dev)[^\]]*\]|<\|/i.test(raw)) s.push('fake-tag');
  return s;
}
