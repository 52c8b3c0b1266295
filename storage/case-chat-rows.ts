import type { CaseNotes, PrivateNote, SealedBox, TranscriptEntry } from '../bot/ports/index.js';
import { fieldAad } from './case-rows.js';

/**
 * The lawyer chat (`console_transcript`) and private-note (`console_notes`) rows as both
 * engines store them (`storage/console-transcript.ts`, `storage/console-notes.ts` on SQLite,
 * their twins in `storage/postgres/`): the binding each sealed text is sealed to and the
 * mapping to the port's records. One definition, so a row copied between engines opens.
 */

/** What the rows need of the sealed box. */
export type ChatSealer = Pick<SealedBox, 'seal' | 'open'>;

/** Binding of a transcript entry's text: `console_transcript/<id>/text_enc`. */
export const transcriptAad = (id: string) => fieldAad('console_transcript', id, 'text_enc');
/** Binding of a private note's text: `console_notes/<id>/text_enc`. */
export const noteAad = (id: string) => fieldAad('console_notes', id, 'text_enc');

export interface TranscriptRow {
  id: string;
  case_id: string;
  at: string;
  sender: TranscriptEntry['from'];
  text_enc: string;
  delivery: TranscriptEntry['delivery'] | null;
  delivery_error: string | null;
}

/** `console_transcript` values in column order: id, case_id, at, sender, text_enc, delivery, delivery_error. */
export function transcriptValues(box: ChatSealer, e: TranscriptEntry): [string, string, string, string, string, string | null, string | null] {
  return [e.id, e.caseId, e.at, e.from, box.seal(e.text, transcriptAad(e.id)), e.delivery ?? null, e.deliveryError ?? null];
}

export function transcriptFromRow(box: ChatSealer, r: TranscriptRow): TranscriptEntry {
  return {
    id: r.id,
    caseId: r.case_id,
    at: r.at,
    from: r.sender,
    text: box.open(r.text_enc, transcriptAad(r.id)),
    delivery: r.delivery ?? undefined,
    deliveryError: r.delivery_error ?? undefined,
  };
}

export interface NoteRow {
  id: string;
  case_id: string;
  author_id: string;
  author_name: string;
  at: string;
  text_enc: string;
}

export type NoteInput = Parameters<CaseNotes['add']>[0];

/** `console_notes` values in column order: id, case_id, author_id, author_name, at, text_enc. */
export function noteValues(box: ChatSealer, n: PrivateNote): [string, string, string, string, string, string] {
  return [n.id, n.caseId, n.authorId, n.authorName, n.at, box.seal(n.text, noteAad(n.id))];
}

export function noteFromRow(box: ChatSealer, r: NoteRow): PrivateNote {
  return { id: r.id, caseId: r.case_id, authorId: r.author_id, authorName: r.author_name, at: r.at, text: box.open(r.text_enc, noteAad(r.id)) };
}
