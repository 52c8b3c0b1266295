import type { CaseNotes, PrivateNote, SealedBox } from '../../bot/ports/index.js';
import { noteFromRow, noteValues, type NoteInput, type NoteRow } from '../case-chat-rows.js';
import type { PgDb } from './db.js';

/**
 * Lawyers' private notes on PostgreSQL (`migrations/017_console_notes.sql`), the twin of
 * `storage/console-notes.ts`: same columns, texts sealed to the same bindings. A case's
 * notes list by time, then id (SQLite breaks ties by insertion order; PostgreSQL has no
 * rowid and the columns must stay SQLite's).
 */
export class PgConsoleNotes implements CaseNotes {
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(
    private readonly db: PgDb,
    /** Required: lawyers' notes are confidential (no plaintext default). */
    private readonly box: SealedBox,
    opts: { now?: () => Date; newId?: () => string } = {},
  ) {
    this.now = opts.now ?? (() => new Date());
    this.newId = opts.newId ?? (() => globalThis.crypto.randomUUID());
  }

  async add(input: NoteInput): Promise<PrivateNote> {
    const note: PrivateNote = { id: this.newId(), at: this.now().toISOString(), ...input };
    await this.db.query('INSERT INTO console_notes (id, case_id, author_id, author_name, at, text_enc) VALUES ($1, $2, $3, $4, $5, $6)', noteValues(this.box, note));
    return note;
  }

  async list(caseId: string): Promise<PrivateNote[]> {
    const { rows } = await this.db.query<NoteRow>('SELECT * FROM console_notes WHERE case_id = $1 ORDER BY at, id', [caseId]);
    return rows.map((r) => noteFromRow(this.box, r));
  }

  async deleteCases(caseIds: readonly string[]): Promise<number> {
    if (caseIds.length === 0) return 0;
    return (await this.db.query('DELETE FROM console_notes WHERE case_id = ANY($1::text[])', [[...caseIds]])).rowCount ?? 0;
  }
}
