import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAssistant, type Assistant, type CreateAssistantOptions } from '../app/assistant.js';
import { loadConfig } from '../app/config.js';
import { silentLogger } from '../bot/ports/index.js';
import { FakeCatalogue, FakeRetriever } from '../bot/testing/fake-retrieval.js';
import { LocalAdapter, type LocalAdapterOptions } from '../channels/local/index.js';

/** The in-process channel as the bot's tests use it (turns from channel `test` unless told). */
export type TestAdapter = LocalAdapter;

export interface FixtureAssistant extends Assistant {
  dataDir: string;
  /** A local channel over the bot; channel id `test` unless `options.channelId` says otherwise. */
  createTestAdapter(options?: LocalAdapterOptions): TestAdapter;
  cleanup(): Promise<void>;
}

/**
 * An assistant over the fixture catalogue and a real SQLite file in a fresh temp dir,
 * for tests of any part that plugs into the bot. Call `cleanup()` after the test.
 */
export async function createFixtureAssistant(
  overrides: Partial<CreateAssistantOptions> & { dataDir?: string; env?: Record<string, string> } = {},
): Promise<FixtureAssistant> {
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
    createTestAdapter: (options) => new LocalAdapter(assistant.bot, { channelId: 'test', ...options }),
    async cleanup() {
      await assistant.close();
      if (!overrides.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
