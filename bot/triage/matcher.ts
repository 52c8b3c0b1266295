import { foldDiacritics, hasDiacritics, normalizeVi } from '../../retrieval/index.js';
import type { PreparedText } from './text.js';

/**
 * Whole-word phrase patterns over prepared text.
 *
 *   "khong .. chia"  →  khong (up to 4 words) chia
 *   "6\d tuoi"       →  a regex escape is kept (\d)
 *
 * A pattern with diacritics matches the accented text when the message has diacritics
 * (so "nợ" never matches "nó"); otherwise both sides are folded, because a citizen typing
 * without diacritics could mean either.
 */
export interface CompiledPattern {
  source: string;
  /** Folded words that must all be in the message for a match (cheap prefilter). */
  required: string[];
  accented?: RegExp;
  folded: RegExp;
}

const NEGATORS = new Set(['khong', 'chua', 'chang', 'cha']);
const NEGATION_BRIDGE = new Set(['co', 'bi', 'he', 'phai', 'muon']);

function toRegExp(pattern: string): RegExp {
  const parts = pattern
    .trim()
    .split(/\s+\.\.\s+/)
    .map((part) =>
      part
        .split(/\s+/)
        .map((w) => w.replace(/[.*+?^${}()|[\]]/g, '\\$&'))
        .join(' '),
    );
  return new RegExp(`(?:^| )(${parts.join('(?: \\S+){0,4} ')})(?= |$)`, 'gu');
}

export function compilePattern(pattern: string): CompiledPattern {
  const normalised = normalizeVi(pattern);
  const folded = foldDiacritics(normalised);
  return {
    source: pattern,
    required: folded.split(/\s+/).filter((w) => w !== '..' && /^[\p{L}\p{N}]+$/u.test(w)),
    accented: hasDiacritics(normalised) ? toRegExp(normalised) : undefined,
    folded: toRegExp(folded),
  };
}

export interface PatternMatch {
  pattern: string;
  /** Matched text as it appears in the folded message. */
  text: string;
}

/** True when the word right before `index` (or the one before that, across "có/bị") negates. */
function negatedAt(text: string, index: number): boolean {
  const before = foldDiacritics(text.slice(0, index)).trim().split(' ').slice(-2);
  const last = before[before.length - 1];
  const prev = before[before.length - 2];
  if (last && NEGATORS.has(last)) return true;
  return Boolean(prev && NEGATORS.has(prev) && last && NEGATION_BRIDGE.has(last));
}

const TOKEN_SETS = new WeakMap<PreparedText, Set<string>>();

function tokenSet(prepared: PreparedText): Set<string> {
  let set = TOKEN_SETS.get(prepared);
  if (!set) {
    set = new Set(prepared.tokens);
    TOKEN_SETS.set(prepared, set);
  }
  return set;
}

/** Every pattern that matches (first occurrence each), optionally skipping negated hits. */
export function matchPatterns(prepared: PreparedText, patterns: readonly CompiledPattern[], negatable = false): PatternMatch[] {
  const out: PatternMatch[] = [];
  const words = tokenSet(prepared);
  for (const p of patterns) {
    if (!p.required.every((w) => words.has(w))) continue;
    const useAccented = p.accented !== undefined && prepared.hasDiacritics;
    const re = useAccented ? p.accented! : p.folded;
    const text = useAccented ? prepared.accented : prepared.folded;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const start = m.index + (m[0].startsWith(' ') ? 1 : 0);
      if (negatable && negatedAt(text, start)) continue;
      out.push({ pattern: p.source, text: m[1]! });
      break;
    }
  }
  return out;
}
