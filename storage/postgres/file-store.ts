import crypto from 'node:crypto';
import type { FileRef, FileStore, SealedBox } from '../../bot/ports/index.js';
import { AppError } from '../../knowledge/errors.js';
import type { PgDb } from './db.js';

/**
 * `FileStore` on PostgreSQL (`migrations/012_files.sql`), the twin of `storage/file-store.ts`
 * (see there for the link format): the bytes at rest are the same as SQLite's BLOB
 * (`tthc-sealed:` and the sealed base64, bound to `file:<id>`), links are signed the same way
 * with the same key, so a link given by a process on either engine opens on the other and a
 * copied row opens here. Each file is one row written once: no races to guard.
 */

/** Marks bytes sealed with the configured cipher (same marker as the SQLite store). */
const SEALED_PREFIX = 'tthc-sealed:';

export interface PgFileStoreOptions {
  db: PgDb;
  /** HMAC key for links (`loadOrCreateFileLinkKey`); every process of a deployment needs the same. */
  signingKey: Buffer;
  /** Link lifetime in seconds (default 24 h). */
  ttlSeconds?: number;
  /** Largest file accepted, bytes (default 10 MB). */
  maxBytes?: number;
  clock?: () => Date;
  newId?: () => string;
  /** Prefix of links: "" for server-relative, or the public base URL. */
  baseUrl?: string;
  /** Seals file bytes at rest, each bound to its file id. */
  cipher: SealedBox;
}

export interface PgStoredFile {
  name: string;
  contentType: string;
  bytes: Uint8Array;
  conversationId: string;
}

export class PgFileStore implements FileStore {
  private readonly db: PgDb;
  private readonly key: Buffer;
  private readonly ttlSeconds: number;
  private readonly maxBytes: number;
  private readonly clock: () => Date;
  private readonly newId: () => string;
  private readonly baseUrl: string;
  private readonly cipher: SealedBox;

  constructor(options: PgFileStoreOptions) {
    this.db = options.db;
    this.key = options.signingKey;
    this.ttlSeconds = options.ttlSeconds ?? 24 * 3600;
    this.maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
    this.clock = options.clock ?? (() => new Date());
    this.newId = options.newId ?? (() => crypto.randomBytes(16).toString('base64url'));
    this.baseUrl = (options.baseUrl ?? '').replace(/\/$/, '');
    this.cipher = options.cipher;
  }

  async put(input: { conversationId: string; name: string; contentType: string; bytes: Uint8Array }): Promise<FileRef> {
    if (input.bytes.byteLength > this.maxBytes) {
      throw new AppError('payload_too_large:file_store', `File ${input.name} is ${input.bytes.byteLength} bytes; the limit is ${this.maxBytes}`);
    }
    if (!input.conversationId) throw new AppError('bad_request:file_store', 'A file must belong to a conversation');
    const id = this.newId();
    const name = safeFileName(input.name);
    const stored = Buffer.from(SEALED_PREFIX + this.cipher.seal(Buffer.from(input.bytes).toString('base64'), `file:${id}`), 'utf8');
    await this.db.query('INSERT INTO files (id, conversation_id, name, content_type, bytes, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      id,
      input.conversationId,
      name,
      input.contentType,
      stored,
      this.clock().toISOString(),
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
    let bytes = row.bytes;
    if (bytes.subarray(0, SEALED_PREFIX.length).toString('utf8') === SEALED_PREFIX) {
      bytes = Buffer.from(this.cipher.open(bytes.subarray(SEALED_PREFIX.length).toString('utf8'), `file:${fileId}`), 'base64');
    }
    return {
      name: row.name,
      contentType: row.content_type,
      conversationId: row.conversation_id,
      bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    };
  }

  /** A fresh signed link for a stored file. */
  linkFor(fileId: string, conversationId: string): string {
    const expires = Math.floor(this.clock().getTime() / 1000) + this.ttlSeconds;
    const sig = this.sign(fileId, conversationId, expires);
    return `${this.baseUrl}/files/${encodeURIComponent(fileId)}?c=${encodeURIComponent(conversationId)}&e=${expires}&s=${sig}`;
  }

  /**
   * Checks a link's query against the file: signature, expiry and conversation. Returns the
   * file, or throws `forbidden:file_link` / `forbidden:file_link_expired` / `not_found:file`.
   */
  async open(fileId: string, query: { c?: unknown; e?: unknown; s?: unknown }): Promise<PgStoredFile> {
    const c = typeof query.c === 'string' ? query.c : '';
    const e = typeof query.e === 'string' && /^\d{1,12}$/.test(query.e) ? Number(query.e) : NaN;
    const s = typeof query.s === 'string' ? query.s : '';
    if (!c || !Number.isFinite(e) || !s) throw new AppError('forbidden:file_link', 'File link is incomplete');
    const expected = Buffer.from(this.sign(fileId, c, e));
    const given = Buffer.from(s);
    if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) {
      throw new AppError('forbidden:file_link', 'File link signature is invalid');
    }
    if (e <= Math.floor(this.clock().getTime() / 1000)) throw new AppError('forbidden:file_link_expired', 'File link has expired');
    const file = await this.get(fileId);
    if (!file) throw new AppError('not_found:file', 'File not found');
    if (file.conversationId !== c) throw new AppError('forbidden:file_link', 'File link belongs to another conversation');
    return file;
  }

  /** Deletes a conversation's files (privacy: deletion on request). Resolves the count. */
  async deleteConversation(conversationId: string): Promise<number> {
    return (await this.db.query('DELETE FROM files WHERE conversation_id = $1', [conversationId])).rowCount ?? 0;
  }

  private sign(fileId: string, conversationId: string, expires: number): string {
    return crypto.createHmac('sha256', this.key).update(`${fileId}.${conversationId}.${expires}`).digest('base64url');
  }
}

/** Keeps a file name printable and header-safe (it goes into Content-Disposition). */
function safeFileName(name: string): string {
  const clean = name.normalize('NFC').replace(/[\u0000-\u001f\u007f/\\"]/g, '_').trim().slice(0, 120);
  return clean || 'tep-tin';
}
