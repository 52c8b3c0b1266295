import type { TurnLogEntry } from '../bot/ports/index.js';
import { foldText } from '../knowledge/text/index.js';

/**
 * The turn log's non-personal columns for the city's dashboard (issue 17), derived at write
 * from the turn's outcome, so the dashboard aggregates without opening any sealed text.
 *
 * - `day`: the Hà Nội calendar day (UTC+7, no daylight saving) of the turn.
 * - `kind`: answered / clarified / refused / escalated / danger, or `other` for small talk
 *   and 👍/👎 messages (not questions).
 * - `gap`: why the turn counts as "not answered" (`refused`, `low_confidence`), else null.
 * - `topic`: the cluster of a not-answered turn: `p:<code>` when the bot had a procedure
 *   candidate, else `w:` and a keyed hash of the message's first content words (so turns
 *   that say the same thing group together, and nothing readable of the text is stored).
 *
 * Plain SQL (ALTER TABLE ADD COLUMN, composite and partial indexes) that PostgreSQL accepts as is.
 */
export const TURN_LOG_ANALYTICS_MIGRATIONS = [
  {
    name: 'turn_log_003_analytics',
    sql: `ALTER TABLE turn_log ADD COLUMN day TEXT;
    ALTER TABLE turn_log ADD COLUMN ward TEXT;
    ALTER TABLE turn_log ADD COLUMN kind TEXT;
    ALTER TABLE turn_log ADD COLUMN intent TEXT;
    ALTER TABLE turn_log ADD COLUMN confidence REAL;
    ALTER TABLE turn_log ADD COLUMN gap TEXT;
    ALTER TABLE turn_log ADD COLUMN topic TEXT;
    CREATE INDEX turn_log_day_kind ON turn_log (day, kind, channel_id, ward);
    CREATE INDEX turn_log_day_procedure ON turn_log (day, procedure_code, ward) WHERE procedure_code IS NOT NULL;
    CREATE INDEX turn_log_day_gap ON turn_log (day, topic, ward) WHERE gap IS NOT NULL;
    CREATE INDEX turn_log_ward_day ON turn_log (ward, day, kind);`,
  },
] as const;

/** Below this understanding confidence a turn counts as not understood (the stage abstains lower). */
export const LOW_CONFIDENCE = 0.55;

export type TurnKind = 'answered' | 'clarified' | 'refused' | 'escalated' | 'danger' | 'other';
export const TURN_KINDS: readonly TurnKind[] = ['answered', 'clarified', 'refused', 'escalated', 'danger'];

export interface TurnAnalyticsColumns {
  day: string;
  ward: string | null;
  kind: TurnKind;
  intent: string | null;
  confidence: number | null;
  gap: 'refused' | 'low_confidence' | null;
  topic: string | null;
}

const HANOI_OFFSET_MS = 7 * 3_600_000;

/** The Hà Nội calendar day (YYYY-MM-DD) of an ISO instant. */
export function localDay(iso: string | Date): string {
  const ms = typeof iso === 'string' ? Date.parse(iso) : iso.getTime();
  return new Date(ms + HANOI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Folded words: lower case, no diacritics, đ → d, ASCII letters and digits only. */
export function foldWords(text: string): string[] {
  return foldText(text).split(/[^a-z0-9]+/).filter(Boolean);
}

/** Function words, pronouns and politeness that say nothing of the topic (folded). */
const STOP = new Set(
  (
    'a ah ak a oi ad admin ban bot tro ly em anh chi toi tui minh chung ta cho hoi xin cam on vui long giup voi nhe nha nhi ha ho ' +
    'la co khong ko k hay hoac va voi cua thi ma nhu the nao gi sao bao nhieu dau o tai de duoc can phai muon lam roi dang se da ' +
    'nay kia do day vay ay nguoi mot cai nhung cac nao ai khi luc sau truoc ve ra vao len xuong tu den nua cung chi rat qua lam ' +
    'biet hieu noi viec thu tuc'
  ).split(' '),
);

/** The message's first three topic words, sorted: the same request in another order groups together. */
export function topicSignature(text: string): string {
  const words: string[] = [];
  for (const w of foldWords(text)) {
    if (STOP.has(w) || /\d/.test(w) || w.length < 2 || words.includes(w)) continue;
    words.push(w);
    if (words.length === 3) break;
  }
  return words.sort().join(' ');
}

/** Tags of small talk and feedback: such turns are not questions. */
const NOT_A_QUESTION = /^(smalltalk|feedback)/;

/**
 * Derives the analytics columns of one turn. `topicHash` keys the word signature (the turn
 * log's purpose lookup key in production): equal signatures give equal topics, and the
 * stored value cannot be read back into words without the key.
 */
export function analyticsColumns(e: TurnLogEntry, topicHash: (signature: string) => string): TurnAnalyticsColumns {
  const o = e.outcome;
  const u = o.understanding;
  const kind: TurnKind =
    u?.danger || o.behavior === 'urgent'
      ? 'danger'
      : (o.tags ?? []).some((t) => NOT_A_QUESTION.test(t))
        ? 'other'
        : o.behavior === 'escalate'
          ? 'escalated'
          : o.behavior === 'refuse'
            ? 'refused'
            : o.behavior === 'clarify'
              ? 'clarified'
              : 'answered';
  const lowConfidence = !!u && (u.abstain || u.confidence < LOW_CONFIDENCE);
  const gap = kind === 'refused' ? 'refused' : kind !== 'other' && kind !== 'danger' && lowConfidence ? 'low_confidence' : null;
  let topic: string | null = null;
  if (gap) {
    const best = o.procedureCode ?? o.procedures[0]?.code;
    const sig = topicSignature(e.text);
    topic = best ? `p:${best}` : sig ? `w:${topicHash(sig).slice(0, 16)}` : `i:${u?.intent ?? 'unknown'}`;
  }
  return {
    day: localDay(e.at),
    ward: e.ward ?? null,
    kind,
    intent: u?.intent ?? null,
    confidence: u ? Math.round(u.confidence * 1000) / 1000 : null,
    gap,
    topic,
  };
}

