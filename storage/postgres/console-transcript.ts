import type { SealedBox, TranscriptEntry, TranscriptRepository } from '../../bot/ports/index.js';
import { transcriptFromRow, transcriptValues, type TranscriptRow } from '../case-chat-rows.js';
import type { PgDb } from './db.js';

/**
 * The lawyer chat on PostgreSQL (`migrations/016_console_transcript.sql`), the twin of
 * `storage/console-transcript.ts`: same columns, texts sealed to the same bindings. Each
 * append is one INSERT drawing `seq` from the identity, so entries appended by several
 * processes at once are all kept, each once, and a case lists in `seq` order.
 */
export class PgTranscriptStore implements TranscriptRepository {
  constructor(
    private readonly db: PgDb,
    /** Required: the live chat holds what citizens tell their lawyer (no plaintext default). */
    private readonly box: SealedBox,
  ) {}

  async append(e: TranscriptEntry): Promise<void> {
    await this.db.query(
      'INSERT INTO console_transcript (id, case_id, at, sender, text_enc, delivery, delivery_error) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      transcriptValues(this.box, e),
    );
  }

  async list(caseId: string): Promise<TranscriptEntry[]> {
    const { rows } = await this.db.query<TranscriptRow>('SELECT * FROM console_transcript WHERE case_id = $1 ORDER BY seq', [caseId]);
    return rows.map((r) => transcriptFromRow(this.box, r));
  }

  /** Delete-my-data. */
  async deleteCases(caseIds: readonly string[]): Promise<number> {
    if (caseIds.length === 0) return 0;
    return (await this.db.query('DELETE FROM console_transcript WHERE case_id = ANY($1::text[])', [[...caseIds]])).rowCount ?? 0;
  }
}
