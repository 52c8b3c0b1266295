import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The test key `fixtures/cases-v1.sqlite` was sealed with (through `createSealedBox` and the
 * legal-aid field cipher). A fixed test value: it protects nothing real.
 */
export const CASES_V1_KEY_HEX = '6c6567616c2d6169642d66697874757265732d76312d746573742d6b65792121';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The database written by the two-model version (triage's `cases` and routing's
 * `handoff_cases`, kept in step by the console's `mirror()`), with cases in every status of
 * both, offers, lawyer chat and notes. Made by `storage/testing/make-cases-v1.ts` at commit
 * 57da02e, which drove that version's own APIs (`git show 57da02e:storage/testing/make-cases-v1.ts`;
 * to run it again: `git worktree add /tmp/v1 57da02e && cd /tmp/v1 && npx tsx storage/testing/make-cases-v1.ts`).
 * Copy it before opening: the first open migrates it.
 */
export const CASES_V1_SQLITE = path.join(here, 'fixtures', 'cases-v1.sqlite');
/** What the old stores read back from it, decrypted. */
export const CASES_V1_EXPECTED = path.join(here, 'fixtures', 'cases-v1.expected.json');
