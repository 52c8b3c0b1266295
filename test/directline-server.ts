import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../app/config.js';
import { loadKeys } from '../app/keys.js';
import { createSilentLogger, type Logger } from '../app/logger.js';
import { ProactiveRegistry } from '../app/proactive.js';
import { createServer, type HttpServer } from '../app/server.js';
import { createDirectLineChannel, type ActivityBot, type DirectLineChannel, type DirectLineChannelDeps } from '../channels/directline/index.js';
import type { ChannelParts } from '../channels/parts.js';
import { createWebRouter } from '../channels/web/index.js';
import { CAPABILITIES_KEY } from '../bot/index.js';
import { FakeCatalogue, FakeRetriever } from '../bot/testing/fake-retrieval.js';
import { openDatabase, SqliteFileStore, type Db } from '../storage/index.js';

export const DIRECTLINE_TEST_SECRET = 'test-secret-0123456789abcdef';

export interface DirectLineServer {
  url: string;
  dataDir: string;
  config: Config;
  db: Db;
  server: HttpServer;
  directLine: DirectLineChannel;
  proactive: ProactiveRegistry;
  files: SqliteFileStore;
  /** Stops the server, closes the database and (unless `dataDir` was given) removes the temp dir. */
  stop(): Promise<void>;
}

/**
 * For protocol tests with a stand-in bot: the Direct Line channel and the web routes (chat
 * page token, signed files; the fixture catalogue) over real SQLite in a temp dir, with the project's real keys
 * (generated under the data dir), served by the real HTTP server on port 0. What the
 * production root adds around them (the assistant, Zalo, consoles) is left out.
 */
export async function startDirectLineServer(options: {
  bot: ActivityBot;
  dataDir?: string;
  env?: Record<string, string>;
  clock?: () => Date;
  logger?: Logger;
  directLine?: Pick<DirectLineChannelDeps, 'limits' | 'streamLimits' | 'pendingLease'>;
  /** Further parts over the same database (a console router, a failing health check). */
  parts?: (db: Db) => ChannelParts[] | Promise<ChannelParts[]>;
}): Promise<DirectLineServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tthc-dl-'));
  const config = loadConfig({ DATA_DIR: dataDir, DIRECTLINE_SECRET: DIRECTLINE_TEST_SECRET, NODE_ENV: 'test', ...options.env });
  const logger = options.logger ?? createSilentLogger();
  const clock = options.clock ?? (() => new Date());
  const keys = loadKeys(config);
  const db = openDatabase(path.join(dataDir, 'tthc.sqlite'));
  const files = new SqliteFileStore({ db, signingKey: keys.fileLinkKey, clock, cipher: keys.secrets });
  const directLine = createDirectLineChannel({
    bot: options.bot,
    capabilitiesKey: CAPABILITIES_KEY,
    db,
    cipher: keys.secrets.forPurpose('directline-transcript'),
    secret: config.directLine.secret ?? DIRECTLINE_TEST_SECRET,
    tokenTtlSeconds: config.directLine.tokenTtlSeconds,
    transcriptDays: config.retention.transcriptDays,
    publicBaseUrl: config.publicBaseUrl,
    logger,
    clock,
    ...options.directLine,
  });
  const catalogue = new FakeCatalogue();
  const web: ChannelParts = {
    name: 'web',
    router: createWebRouter({
      logger,
      issueConversation: () => directLine.endpoint.issueConversation(),
      catalogue,
      retriever: new FakeRetriever(catalogue),
      files,
      publicBaseUrl: config.publicBaseUrl,
    }),
  };
  const proactive = new ProactiveRegistry();
  for (const [channelId, sender] of Object.entries(directLine.proactive ?? {})) proactive.register(channelId, sender);
  const server = createServer({ config, logger, parts: [directLine, web, ...((await options.parts?.(db)) ?? [])] });
  const { url } = await server.listen(0, '127.0.0.1');
  return {
    url,
    dataDir,
    config,
    db,
    server,
    directLine,
    proactive,
    files,
    async stop() {
      await server.close();
      db.close();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
