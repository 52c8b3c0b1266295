import type { FileRef } from '../types.js';

export type { FileRef };

/** Port for files the bot produces (prefilled PDFs). */
export interface FileStore {
  put(input: { conversationId: string; name: string; contentType: string; bytes: Uint8Array }): Promise<FileRef>;
  get(fileId: string): Promise<{ name: string; contentType: string; bytes: Uint8Array; conversationId: string } | undefined>;
}

