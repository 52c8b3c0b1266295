import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The test key `fixtures/cases-v1.sqlite` was sealed with (through `createSecretBox` and the
 * legal-aid field cipher). A fixed test value: it protects nothing real.
 */
export const CASES_V1_KEY_HEX = '6c6567616c2d6169642d66697874757265732d76312d746573742d6b65792121';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The database written by the two-model version (see `make-cases-v1.ts`). Copy it before opening. */
export const CASES_V1_SQLITE = path.join(here, 'fixtures', 'cases-v1.sqlite');
/** What the old stores read back from it, decrypted. */
export const CASES_V1_EXPECTED = path.join(here, 'fixtures', 'cases-v1.expected.json');
