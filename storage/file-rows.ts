import crypto from 'node:crypto';
import type { SealedBox } from '../bot/ports/index.js';
import { AppError } from '../knowledge/errors.js';

/**
 * The file rows and links as both engines keep them (`storage/file-store.ts` on SQLite,
 * `storage/postgres/file-store.ts`): the bytes at rest (`tthc-sealed:` and the sealed base64,
 * bound to `file:<id>`), the safe name, and the signed link
 *
 *   /files/<id>?c=<conversationId>&e=<expiry, unix s>&s=<hmac(id.c.e)>
 *
 * One definition, so a link given by a process on either engine opens on the other and a
 * copied row opens the same.
 */

/** Marks bytes sealed with the configured cipher (a PDF starts with "%PDF", JSON with "{"). */
const SEALED_PREFIX = 'tthc-sealed:';

const fileAad = (fileId: string) => `file:${fileId}`;

export interface StoredFile {
  name: string;
  contentType: string;
  bytes: Uint8Array;
  conversationId: string;
}

/** The settings of a file store on either engine. */
export interface FileStoreSettings {
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
  /**
   * Seals file bytes at rest (produced forms carry ID numbers), each bound to its file id.
   * Required: there is no plaintext store. Rows written before sealing existed are read as
   * they are.
   */
  cipher: SealedBox;
}

/** The settings with their defaults filled in, and the link signer they make. */
export function resolveFileStoreSettings(options: FileStoreSettings): {
  links: FileLinkSigner;
  maxBytes: number;
  clock: () => Date;
  newId: () => string;
  cipher: SealedBox;
} {
  const clock = options.clock ?? (() => new Date());
  return {
    links: new FileLinkSigner(options.signingKey, options.ttlSeconds ?? 24 * 3600, clock, options.baseUrl ?? ''),
    maxBytes: options.maxBytes ?? 10 * 1024 * 1024,
    clock,
    newId: options.newId ?? (() => crypto.randomBytes(16).toString('base64url')),
    cipher: options.cipher,
  };
}

/** What a file store is asked to keep. */
export interface FileInput {
  conversationId: string;
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

/** Refuses a file over `maxBytes` (bytes) or without a conversation. */
export function checkFileInput(input: FileInput, maxBytes: number): void {
  if (input.bytes.byteLength > maxBytes) {
    throw new AppError('payload_too_large:file_store', `File ${input.name} is ${input.bytes.byteLength} bytes; the limit is ${maxBytes}`);
  }
  if (!input.conversationId) throw new AppError('bad_request:file_store', 'A file must belong to a conversation');
}

/** The stored column value of a file's bytes: sealed and bound to its id. */
export function sealFileBytes(cipher: Pick<SealedBox, 'seal'>, fileId: string, bytes: Uint8Array): Buffer {
  return Buffer.from(SEALED_PREFIX + cipher.seal(Buffer.from(bytes).toString('base64'), fileAad(fileId)), 'utf8');
}

/** A file's bytes as stored: sealed, or (written before sealing existed) as they are. */
export function openFileBytes(cipher: Pick<SealedBox, 'open'>, fileId: string, stored: Buffer): Uint8Array {
  let bytes = stored;
  if (bytes.subarray(0, SEALED_PREFIX.length).toString('utf8') === SEALED_PREFIX) {
    bytes = Buffer.from(cipher.open(bytes.subarray(SEALED_PREFIX.length).toString('utf8'), fileAad(fileId)), 'base64');
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Keeps a file name printable and header-safe (it goes into Content-Disposition). */
export function safeFileName(name: string): string {
  const clean = name.normalize('NFC').replace(/[\u0000-\u001f\u007f/\\"]/g, '_').trim().slice(0, 120);
  return clean || 'tep-tin';
}

/** Signs and checks file links with one HMAC-SHA256 key; links expire after `ttlSeconds`. */
export class FileLinkSigner {
  private readonly baseUrl: string;

  /** `baseUrl`: "" for server-relative links, or the public base URL. */
  constructor(
    private readonly key: Buffer,
    private readonly ttlSeconds: number,
    private readonly clock: () => Date,
    baseUrl: string,
  ) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
  }

  /** A fresh signed link for a stored file. */
  linkFor(fileId: string, conversationId: string): string {
    const expires = Math.floor(this.clock().getTime() / 1000) + this.ttlSeconds;
    const sig = this.sign(fileId, conversationId, expires);
    return `${this.baseUrl}/files/${encodeURIComponent(fileId)}?c=${encodeURIComponent(conversationId)}&e=${expires}&s=${sig}`;
  }

  /**
   * Checks a link's query (signature and expiry) and returns the conversation it names, or
   * throws `forbidden:file_link` / `forbidden:file_link_expired`.
   */
  conversationOf(fileId: string, query: { c?: unknown; e?: unknown; s?: unknown }): string {
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
    return c;
  }

  private sign(fileId: string, conversationId: string, expires: number): string {
    return crypto.createHmac('sha256', this.key).update(`${fileId}.${conversationId}.${expires}`).digest('base64url');
  }
}

/** Checks that the opened file belongs to the link's conversation (`not_found:file` / `forbidden:file_link`). */
export function fileForLink(file: StoredFile | undefined, conversationId: string): StoredFile {
  if (!file) throw new AppError('not_found:file', 'File not found');
  if (file.conversationId !== conversationId) throw new AppError('forbidden:file_link', 'File link belongs to another conversation');
  return file;
}
