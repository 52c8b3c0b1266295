import { randomBytes } from 'node:crypto';
import { HandoffService } from '../bot/handoff/handoff-service.js';
import type { SealedBox } from '../bot/ports/index.js';
import { SqliteCaseStore } from '../storage/case-store.js';
import { SqliteTranscriptStore } from '../storage/console-transcript.js';
import { createSealedBox } from '../storage/crypto.js';
import { SqliteRotaStore } from '../storage/rota-store.js';
import type { Db } from '../storage/sqlite.js';

/**
 * Legal aid on real SQLite stores for tests across parts (the bot's own fixtures stay in
 * `bot/handoff/testing/` and know no storage).
 */

/**
 * A real AES-256-GCM sealed box under a fresh random key, for stores that require one (case
 * store, console transcript and notes): tests exercise sealing, not a plaintext shortcut.
 */
export function testBox(): SealedBox {
  return createSealedBox(randomBytes(32)).forPurpose('test');
}

/**
 * The legal-aid service on real SQLite stores (an empty rota unless the test imports one):
 * the one path triage opens cases through, with the case store to read them back.
 */
export function testLegalAid(db: Db, now: () => Date): { service: HandoffService; cases: SqliteCaseStore; rota: SqliteRotaStore } {
  const box = testBox();
  const cases = new SqliteCaseStore(db, { box, clock: now });
  const rota = new SqliteRotaStore(db);
  const service = new HandoffService({
    rota,
    cases,
    transcript: new SqliteTranscriptStore(db, box),
    notifier: { notify: async () => [{ channel: 'console', ok: true }] },
    senders: () => undefined,
    now,
    newId: () => globalThis.crypto.randomUUID(),
    log: () => undefined,
  });
  return { service, cases, rota };
}
