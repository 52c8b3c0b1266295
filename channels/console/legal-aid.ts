import { createTriageSkill } from '../../bot/triage/index.js';
import type { Skill } from '../../bot/types.js';
import { SqliteCaseStore, type FieldCipher } from '../../storage/case-store.js';
import type { SecretBox } from '../../storage/crypto.js';
import type { Db } from '../../storage/sqlite.js';
import { createLawyerSystem, type LawyerSystem, type LawyerSystemOptions } from './lawyer-system.js';

export interface LegalAid {
  /** Triage's case store on the shared database (escalation records). */
  caseStore: SqliteCaseStore;
  /** Rota, routing, console; `lawyers.mount` goes into `createServer({ mounts })`. */
  lawyers: LawyerSystem;
  /** Skills for `createAssistant`'s `handoff` and `triage` slots. */
  slots: { handoff: Skill[]; triage: Skill[] };
  /** Delete-my-data: the citizen's cases, routing records, live transcript and notes. */
  deleteUserData(userId: string): Promise<number>;
  /** Retention: cases past their retention date, with their routing records, transcript and notes. */
  purgeExpired(now: Date): Promise<number>;
}

/**
 * A `FieldCipher` over the profile store's `SecretBox` (AES-256-GCM), bound to a purpose and,
 * when the store gives one, to the row and field (`legal-aid|cases/<id>/summary`).
 */
export function fieldCipher(box: SecretBox, purpose = 'legal-aid'): FieldCipher {
  const bind = (aad?: string) => (aad ? `${purpose}|${aad}` : purpose);
  return { encrypt: (s, aad) => box.seal(s, bind(aad)), decrypt: (s, aad) => box.open(s, bind(aad)) };
}

/**
 * Composes the legal-aid part on an open database: triage's case store (encrypted with
 * `cipher`), the lawyer system attached to it, and the triage skill whose `onCaseOpened`
 * routes the case and tells the citizen when to expect contact. For the composition root
 * (`createAssistant` fills its `handoff` and `triage` slots with `slots`).
 */
export async function createLegalAid(
  opts: LawyerSystemOptions & { db: Db; defaultServicePoint?: string; botVersion?: string },
): Promise<LegalAid> {
  const caseStore = new SqliteCaseStore(opts.db, { cipher: opts.cipher, clock: opts.now });
  const lawyers = createLawyerSystem(opts).attach({ db: opts.db, caseStore });
  const triage = await createTriageSkill({
    cases: caseStore,
    onCaseOpened: lawyers.onCaseOpened,
    defaultServicePoint: opts.defaultServicePoint,
    botVersion: opts.botVersion,
  });
  return {
    caseStore,
    lawyers,
    slots: { handoff: [lawyers.skill], triage: [triage] },
    async deleteUserData(userId) {
      const routed = await lawyers.deleteUserData(userId);
      const cases = await caseStore.deleteByUser(userId);
      return Math.max(routed, cases);
    },
    async purgeExpired(now) {
      lawyers.purgeCases(caseStore.expiredIds(now));
      return caseStore.purgeExpired(now);
    },
  };
}
