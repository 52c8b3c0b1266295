import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FileRef, FileStore } from '../bot/ports/index.js';
import { checkFileInput, fileForLink, openFileBytes, resolveFileStoreSettings, safeFileName, sealFileBytes, type FileInput, type FileStoreSettings, type StoredFile } from './file-rows.js';
import { migrate, type Db } from './sqlite.js';

export type { StoredFile } from './file-rows.js';

/**
 * Files the bot produces (prefilled PDFs), stored as BLOBs in SQLite and served at
 * `/files/:id` through links that are signed (HMAC-SHA256), expire, and name the one
 * conversation they belong to: a link copied into another conversation, edited, or
 * used after its expiry is refused (link format and bytes at rest: `storage/file-rows.ts`).
 */

const MIGRATIONS = [
  {
    name: 'file_store_001',
    sql: `
      CREATE TABLE files (
        id TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL,
        name TEXT NOT NULL,
        content_type TEXT NOT NULL,
        bytes BLOB NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX files_conversation ON files (conversation_id);
    `,
  },
];

const KEY_FILE = 'file-links.key';

/** Reads (or creates, 0600) the key that signs file links, under DATA_DIR. */
export function loadOrCreateFileLinkKey(dataDir: string): Buffer {
  const file = path.join(dataDir, KEY_FILE);
  try {
    const hex = fs.readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(hex)) return Buffer.from(hex, 'hex');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = crypto.randomBytes(32);
  try {
    fs.writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateFileLinkKey(dataDir);
    throw err;
  }
  return key;
}

export interface SqliteFileStoreOptions extends FileStoreSettings {
  db: Db;
}

export class SqliteFileStore implements FileStore {
  private readonly settings: ReturnType<typeof resolveFileStoreSettings>;
  private readonly stmts;

  constructor(options: SqliteFileStoreOptions) {
    migrate(options.db, MIGRATIONS);
    this.settings = resolveFileStoreSettings(options);
    const db = options.db;
    this.stmts = {
      insert: db.prepare(
        'INSERT INTO files (id, conversation_id, name, content_type, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      get: db.prepare(
        'SELECT name, content_type AS contentType, bytes, conversation_id AS conversationId FROM files WHERE id = ?',
      ),
      deleteConversation: db.prepare('DELETE FROM files WHERE conversation_id = ?'),
    };
  }

  async put(input: FileInput): Promise<FileRef> {
    checkFileInput(input, this.settings.maxBytes);
    const id = this.settings.newId();
    const name = safeFileName(input.name);
    this.stmts.insert.run(id, input.conversationId, name, input.contentType, sealFileBytes(this.settings.cipher, id, input.bytes), this.settings.clock().toISOString());
    return { name, contentType: input.contentType, url: this.linkFor(id, input.conversationId), fileId: id };
  }

  async get(fileId: string): Promise<StoredFile | undefined> {
    const row = this.stmts.get.get(fileId) as (Omit<StoredFile, 'bytes'> & { bytes: Buffer }) | undefined;
    if (!row) return undefined;
    return { ...row, bytes: openFileBytes(this.settings.cipher, fileId, row.bytes) };
  }

  /** A fresh signed link for a stored file (e.g. when a proactive message re-sends it). */
  linkFor(fileId: string, conversationId: string): string {
    return this.settings.links.linkFor(fileId, conversationId);
  }

  /**
   * Checks a link's query against the file: signature, expiry and conversation. Returns
   * the file, or throws `forbidden:file_link` / `not_found:file`.
   */
  async open(fileId: string, query: { c?: unknown; e?: unknown; s?: unknown }): Promise<StoredFile> {
    const conversationId = this.settings.links.conversationOf(fileId, query);
    return fileForLink(await this.get(fileId), conversationId);
  }

  /** Deletes a conversation's files (privacy: deletion on request). Returns the count. */
  deleteConversation(conversationId: string): number {
    return this.stmts.deleteConversation.run(conversationId).changes;
  }
}
