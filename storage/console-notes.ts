import type { CaseNotes, PrivateNote, SealedBox } from '../bot/ports/index.js';
import { noteFromRow, noteValues, type NoteRow } from './case-chat-rows.js';
import { rebindEncryptedColumns } from './case-store.js';
import { migrate, type Db } from './sqlite.js';

export const CONSOLE_NOTES_MIGRATIONS = [
  {
    name: 'console_notes_001',
    sql: `
      CREATE TABLE console_notes (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL,
        author_id TEXT NOT NULL,
        author_name TEXT NOT NULL,
        at TEXT NOT NULL,
        text_enc TEXT NOT NULL
      );
      CREATE INDEX console_notes_case ON console_notes(case_id, at);
    `,
  },
] as const;

export type { PrivateNote };

/**
 * Lawyers' private notes: stored apart from the chat transcript and the bot's logs (lawyer
 * confidentiality), sealed in the `SealedBox`, never sent to the citizen.
 */
export class SqliteConsoleNotes implements CaseNotes {
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(
    private readonly db: Db,
    /** Required: lawyers' notes are confidential (no plaintext default). */
    private readonly box: SealedBox,
    opts: { now?: () => Date; newId?: () => string } = {},
  ) {
    migrate(db, CONSOLE_NOTES_MIGRATIONS);
    rebindEncryptedColumns(db, 'console_notes_002_row_aad', box, 'console_notes', 'id', ['text_enc']);
    this.now = opts.now ?? (() => new Date());
    this.newId = opts.newId ?? (() => globalThis.crypto.randomUUID());
  }

  async add(input: { caseId: string; authorId: string; authorName: string; text: string }): Promise<PrivateNote> {
    const note: PrivateNote = { id: this.newId(), at: this.now().toISOString(), ...input };
    this.db.prepare('INSERT INTO console_notes (id, case_id, author_id, author_name, at, text_enc) VALUES (?, ?, ?, ?, ?, ?)').run(...noteValues(this.box, note));
    return note;
  }

  async list(caseId: string): Promise<PrivateNote[]> {
    const rows = this.db.prepare('SELECT * FROM console_notes WHERE case_id = ? ORDER BY at, rowid').all(caseId) as NoteRow[];
    return rows.map((r) => noteFromRow(this.box, r));
  }

  async deleteCases(caseIds: readonly string[]): Promise<number> {
    const stmt = this.db.prepare('DELETE FROM console_notes WHERE case_id = ?');
    let n = 0;
    this.db.transaction(() => {
      for (const id of caseIds) n += stmt.run(id).changes;
    })();
    return n;
  }
}
