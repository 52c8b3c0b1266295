/**
 * The one reader of yes/no replies, for every skill that asks a closed question (triage,
 * forms, consent) and for the understanding stage that routes a bare "ừ" or "không" to
 * the skill waiting for it. Citizens answer with buttons or by typing, accented or not,
 * in teencode ("ko", "k", "hông") and with politeness around the word ("dạ vâng", "vâng ạ",
 * "không nhé").
 */
import { fold } from './fold.js';

/** Folded replies that mean no; a reply starting with one of them is a no. */
export const NO_REPLIES: readonly string[] = [
  'khong', 'ko', 'k', 'kg', 'khg', 'hong', 'hok', 'thoi', 'toi khong', 'minh khong', 'em khong', 'chua', 'tu choi', 'de sau', 'no',
  'khong dong y', 'huy', 'huy bo', 'dung lai', 'bo qua',
];

/** Folded replies that mean yes; a reply starting with one of them (and not a no) is a yes. */
export const YES_REPLIES: readonly string[] = [
  'co', 'dong y', 'toi dong y', 'minh dong y', 'em dong y', 'ok', 'oke', 'okay', 'u', 'uh', 'uhm', 'um', 'vang', 'da', 'da vang', 'yes',
  'muon', 'toi muon', 'em muon', 'can', 'dong y gui', 'gui', 'duoc', 'chac chan', 'nho',
];

/** Politeness a bare reply may end with: "vâng ạ", "không nhé", "ừ rồi". */
const TRAILING_PARTICLE = /(?: (?:a|nhe|nha|ha|roi|nhe a|a nhe))$/;
/** "dạ không", "vâng không", "ừm ko": a polite opener before a no is not a yes. */
const POLITE_BEFORE_NO = /^(?:da|vang|da vang|uhm|um) (?=(?:khong|ko|k|kg|khg|hong|hok)(?: |$))/;

const startsWithAny = (t: string, words: readonly string[]): boolean => words.some((w) => t === w || t.startsWith(`${w} `));

function foldReply(text: string): string {
  return fold(text).replace(POLITE_BEFORE_NO, '');
}

/**
 * Reads a yes/no reply (button value or free text): 'yes', 'no', or undefined when it is
 * neither. A no wins over a yes ("không đồng ý", "dạ không"); the reply only has to start
 * with the word ("có, tôi muốn gửi").
 */
export function readYesNo(text: string): 'yes' | 'no' | undefined {
  const t = foldReply(text);
  if (t === '') return undefined;
  if (startsWithAny(t, NO_REPLIES)) return 'no';
  if (/\bkhong dong y\b|\btu choi\b/.test(t)) return 'no';
  if (startsWithAny(t, YES_REPLIES)) return 'yes';
  return undefined;
}

/**
 * Whether the whole message is nothing but a yes or a no (with politeness): "ừ", "dạ vâng",
 * "không ạ", "ok nhé". Stricter than `readYesNo`: "có thể cho tôi hỏi" starts with "có" but
 * is a question, not a bare answer.
 */
export function isBareYesNo(text: string): boolean {
  const t = foldReply(text).replace(TRAILING_PARTICLE, '');
  return t !== '' && (NO_REPLIES.includes(t) || YES_REPLIES.includes(t));
}
