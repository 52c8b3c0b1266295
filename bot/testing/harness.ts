import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAssistant, type Assistant, type CreateAssistantOptions } from '../../app/assistant.js';
import { loadConfig } from '../../app/config.js';
import { silentLogger } from '../ports/index.js';
import { FakeCatalogue, FakeRetriever } from './fake-retrieval.js';

/**
 * An assistant over the fixture catalogue and a real SQLite file in a fresh temp dir,
 * for tests of any part that plugs into the bot. Call `cleanup()` after the test.
 */
export async function createFixtureAssistant(
  overrides: Partial<CreateAssistantOptions> & { dataDir?: string; env?: Record<string, string> } = {},
): Promise<Assistant & { dataDir: string; cleanup(): Promise<void> }> {
  const dataDir = overrides.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tthc-bot-'));
  const catalogue = overrides.catalogue ?? new FakeCatalogue();
  const assistant = await createAssistant({
    config: loadConfig({ ...overrides.env, DATA_DIR: dataDir, NODE_ENV: 'test' }),
    logger: silentLogger,
    catalogue,
    retriever: overrides.retriever ?? new FakeRetriever(catalogue),
    ...overrides,
  });
  return {
    ...assistant,
    dataDir,
    async cleanup() {
      await assistant.close();
      if (!overrides.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
