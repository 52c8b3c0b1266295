import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FileRef, FileStore, SealedBox } from '../bot/ports/index.js';
import { AppError } from '../knowledge/errors.js';
import { migrate, type Db } from './sqlite.js';

/**
 * Files the bot produces (prefilled PDFs), stored as BLOBs in SQLite and served at
 * `/files/:id` through links that are signed (HMAC-SHA256), expire, and name the one
 * conversation they belong to: a link copied into another conversation, edited, or
 * used after its expiry is refused.
 *
 *   /files/<id>?c=<conversationId>&e=<expiry, unix s>&s=<hmac(id.c.e)>
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
/** Marks bytes sealed with the configured cipher (a PDF starts with "%PDF", JSON with "{"). */
const SEALED_PREFIX = 'tthc-sealed:';

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

export interface SqliteFileStoreOptions {
  db: Db;
  /** HMAC key for links; see `loadOrCreateFileLinkKey`. */
  signingKey: Buffer;
  /** Link lifetime in seconds (default 24 h). */
  ttlSeconds?: number;
  /** Largest file accepted, bytes (default 10 MB). */
  maxBytes?: number;
  clock?: () => Date;
  newId?: () => string;
  /** Prefix of links: "" for server-relative, or the public base URL. */
  baseUrl?: string;
  /**
   * Seals file bytes at rest (produced forms carry ID numbers), each bound to its file id.
   * Required: there is no plaintext store. Rows written before sealing existed are read as
   * they are.
   */
  cipher: SealedBox;
}

export interface StoredFile {
  name: string;
  contentType: string;
  bytes: Uint8Array;
  conversationId: string;
}

export class SqliteFileStore implements FileStore {
  private readonly key: Buffer;
  private readonly ttlSeconds: number;
  private readonly maxBytes: number;
  private readonly clock: () => Date;
  private readonly newId: () => string;
  private readonly baseUrl: string;
  private readonly cipher: SealedBox;
  private readonly stmts;

  constructor(options: SqliteFileStoreOptions) {
    migrate(options.db, MIGRATIONS);
    this.key = options.signingKey;
    this.ttlSeconds = options.ttlSeconds ?? 24 * 3600;
    this.maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
    this.clock = options.clock ?? (() => new Date());
    this.newId = options.newId ?? (() => crypto.randomBytes(16).toString('base64url'));
    this.baseUrl = (options.baseUrl ?? '').replace(/\/$/, '');
    this.cipher = options.cipher;
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

  async put(input: { conversationId: string; name: string; contentType: string; bytes: Uint8Array }): Promise<FileRef> {
    if (input.bytes.byteLength > this.maxBytes) {
      throw new AppError('payload_too_large:file_store', `File ${input.name} is ${input.bytes.byteLength} bytes; the limit is ${this.maxBytes}`);
    }
    if (!input.conversationId) throw new AppError('bad_request:file_store', 'A file must belong to a conversation');
    const id = this.newId();
    const name = safeFileName(input.name);
    const plain = Buffer.from(input.bytes);
    const stored = Buffer.from(SEALED_PREFIX + this.cipher.seal(plain.toString('base64'), `file:${id}`), 'utf8');
    this.stmts.insert.run(id, input.conversationId, name, input.contentType, stored, this.clock().toISOString());
    return { name, contentType: input.contentType, url: this.linkFor(id, input.conversationId), fileId: id };
  }

  async get(fileId: string): Promise<StoredFile | undefined> {
    const row = this.stmts.get.get(fileId) as (Omit<StoredFile, 'bytes'> & { bytes: Buffer }) | undefined;
    if (!row) return undefined;
    let bytes = row.bytes;
    if (bytes.subarray(0, SEALED_PREFIX.length).toString('utf8') === SEALED_PREFIX) {
      bytes = Buffer.from(this.cipher.open(bytes.subarray(SEALED_PREFIX.length).toString('utf8'), `file:${fileId}`), 'base64');
    }
    return { ...row, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  }

  /** A fresh signed link for a stored file (e.g. when a proactive message re-sends it). */
  linkFor(fileId: string, conversationId: string): string {
    const expires = Math.floor(this.clock().getTime() / 1000) + this.ttlSeconds;
    const sig = this.sign(fileId, conversationId, expires);
    return `${this.baseUrl}/files/${encodeURIComponent(fileId)}?c=${encodeURIComponent(conversationId)}&e=${expires}&s=${sig}`;
  }

  /**
   * Checks a link's query against the file: signature, expiry and conversation. Returns
   * the file, or throws `forbidden:file_link` / `not_found:file`.
   */
  async open(fileId: string, query: { c?: unknown; e?: unknown; s?: unknown }): Promise<StoredFile> {
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

  /** Deletes a conversation's files (privacy: deletion on request). Returns the count. */
  deleteConversation(conversationId: string): number {
    return this.stmts.deleteConversation.run(conversationId).changes;
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
