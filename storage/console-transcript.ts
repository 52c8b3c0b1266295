import type { SealedBox, TranscriptEntry, TranscriptRepository } from '../bot/ports/index.js';
import { transcriptFromRow, transcriptValues, type TranscriptRow } from './case-chat-rows.js';
import { rebindEncryptedColumns } from './case-store.js';
import { migrate, type Db } from './sqlite.js';

/**
 * The live chat between citizen and lawyer, per case. Message text is sensitive (it is the
 * citizen's story), so it goes through the same `SealedBox` as the case record. Kept apart
 * from the bot's turn log and from the lawyer's private notes.
 */
export const CONSOLE_TRANSCRIPT_MIGRATIONS = [
  {
    name: 'console_transcript_001',
    sql: `
      CREATE TABLE console_transcript (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        case_id TEXT NOT NULL,
        at TEXT NOT NULL,
        sender TEXT NOT NULL,
        text_enc TEXT NOT NULL,
        delivery TEXT,
        delivery_error TEXT
      );
      CREATE INDEX console_transcript_case ON console_transcript(case_id, seq);
    `,
  },
] as const;

export class SqliteTranscriptStore implements TranscriptRepository {
  constructor(
    private readonly db: Db,
    /** Required: the live chat holds what citizens tell their lawyer (no plaintext default). */
    private readonly box: SealedBox,
  ) {
    migrate(db, CONSOLE_TRANSCRIPT_MIGRATIONS);
    rebindEncryptedColumns(db, 'console_transcript_002_row_aad', box, 'console_transcript', 'id', ['text_enc']);
  }

  async append(e: TranscriptEntry): Promise<void> {
    this.db
      .prepare('INSERT INTO console_transcript (id, case_id, at, sender, text_enc, delivery, delivery_error) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(...transcriptValues(this.box, e));
  }

  async list(caseId: string): Promise<TranscriptEntry[]> {
    const rows = this.db.prepare('SELECT * FROM console_transcript WHERE case_id = ? ORDER BY seq').all(caseId) as TranscriptRow[];
    return rows.map((r) => transcriptFromRow(this.box, r));
  }

  /** Delete-my-data. */
  async deleteCases(caseIds: readonly string[]): Promise<number> {
    const stmt = this.db.prepare('DELETE FROM console_transcript WHERE case_id = ?');
    let n = 0;
    this.db.transaction(() => {
      for (const id of caseIds) n += stmt.run(id).changes;
    })();
    return n;
  }
}
