import type { FileRef, FileStore } from '../../bot/ports/index.js';
import { checkFileInput, fileForLink, openFileBytes, resolveFileStoreSettings, safeFileName, sealFileBytes, type FileInput, type FileStoreSettings, type StoredFile } from '../file-rows.js';
import type { PgDb } from './db.js';

/**
 * `FileStore` on PostgreSQL (`migrations/012_files.sql`), the twin of `storage/file-store.ts`:
 * the bytes at rest, the names and the signed links come from `storage/file-rows.ts`, as on
 * SQLite, so with the same key a link given by a process on either engine opens on the other
 * and a copied row opens here. Each file is one row written once: no races to guard.
 */

export interface PgFileStoreOptions extends FileStoreSettings {
  db: PgDb;
}

/** A stored file (the same record as SQLite's `StoredFile`). */
export type PgStoredFile = StoredFile;

export class PgFileStore implements FileStore {
  private readonly db: PgDb;
  private readonly settings: ReturnType<typeof resolveFileStoreSettings>;

  constructor(options: PgFileStoreOptions) {
    this.db = options.db;
    this.settings = resolveFileStoreSettings(options);
  }

  async put(input: FileInput): Promise<FileRef> {
    checkFileInput(input, this.settings.maxBytes);
    const id = this.settings.newId();
    const name = safeFileName(input.name);
    await this.db.query('INSERT INTO files (id, conversation_id, name, content_type, bytes, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      id,
      input.conversationId,
      name,
      input.contentType,
      sealFileBytes(this.settings.cipher, id, input.bytes),
      this.settings.clock().toISOString(),
    ]);
    return { name, contentType: input.contentType, url: this.linkFor(id, input.conversationId), fileId: id };
  }

  async get(fileId: string): Promise<PgStoredFile | undefined> {
    const row = (
      await this.db.query<{ name: string; content_type: string; bytes: Buffer; conversation_id: string }>(
        'SELECT name, content_type, bytes, conversation_id FROM files WHERE id = $1',
        [fileId],
      )
    ).rows[0];
    if (!row) return undefined;
    return { name: row.name, contentType: row.content_type, conversationId: row.conversation_id, bytes: openFileBytes(this.settings.cipher, fileId, row.bytes) };
  }

  /** A fresh signed link for a stored file. */
  linkFor(fileId: string, conversationId: string): string {
    return this.settings.links.linkFor(fileId, conversationId);
  }

  /**
   * Checks a link's query against the file: signature, expiry and conversation. Returns the
   * file, or throws `forbidden:file_link` / `forbidden:file_link_expired` / `not_found:file`.
   */
  async open(fileId: string, query: { c?: unknown; e?: unknown; s?: unknown }): Promise<PgStoredFile> {
    const conversationId = this.settings.links.conversationOf(fileId, query);
    return fileForLink(await this.get(fileId), conversationId);
  }

  /** Deletes a conversation's files (privacy: deletion on request). Resolves the count. */
  async deleteConversation(conversationId: string): Promise<number> {
    return (await this.db.query('DELETE FROM files WHERE conversation_id = $1', [conversationId])).rowCount ?? 0;
  }
}
