/**
 * Child process of the Direct Line bench: the real server (real SQLite in a temp dir) with
 * either the real assistant or an echo bot, on loopback port 0. Talks to the parent over
 * IPC: sends `{ url, secret }` when listening; on `{ stop: true }` closes and replies with
 * its peak RSS. Kept out of the parent so load generation and serving use separate cores.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ActivityHandler } from '@microsoft/agents-hosting';
import { composeServer } from '../../app/compose.js';
import { loadConfig } from '../../app/config.js';
import { loadKeys } from '../../app/keys.js';
import { createSilentLogger } from '../../app/logger.js';
import { createServer, type HttpServer } from '../../app/server.js';
import { CAPABILITIES_KEY } from '../../bot/index.js';
import { createDirectLineChannel } from '../../channels/directline/index.js';
import { openDatabase } from '../../storage/index.js';

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (ctx, next) => {
      await ctx.sendActivity(`Dạ, em nhận được: ${ctx.activity.text ?? ''}`);
      await next();
    });
  }
}

const SECRET = 'bench-secret-0123456789abcdef';
const mode = process.env.BENCH_BOT === 'echo' ? 'echo' : 'assistant';
const indexDir = process.env.BENCH_INDEX_DIR;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tthc-dl-bench-'));
const logger = createSilentLogger();
const unlimited = { capacity: 1e9, refillPerSecond: 1e9 };
const limits = { perIp: unlimited, perConversation: unlimited };

let server: HttpServer;
let closeRest: () => Promise<void>;
if (mode === 'assistant') {
  const { createAssistant } = await import('../../app/assistant.js');
  const config = loadConfig({ DATA_DIR: indexDir ?? tmp, DIRECTLINE_SECRET: SECRET, NODE_ENV: 'production', LOG_LEVEL: 'silent' });
  const assistant = await createAssistant({ config, logger, databaseFile: path.join(tmp, 'tthc.sqlite') });
  server = composeServer({ config, assistant, logger, directLine: { limits } });
  closeRest = () => assistant.close();
} else {
  // The echo bot behind the Direct Line channel alone: the protocol's own cost.
  const config = loadConfig({ DATA_DIR: tmp, DIRECTLINE_SECRET: SECRET, NODE_ENV: 'production', LOG_LEVEL: 'silent' });
  const db = openDatabase(path.join(tmp, 'tthc.sqlite'));
  const directLine = createDirectLineChannel({
    bot: new EchoBot(),
    capabilitiesKey: CAPABILITIES_KEY,
    db,
    cipher: loadKeys(config).secrets.forPurpose('directline-transcript'),
    secret: SECRET,
    tokenTtlSeconds: config.directLine.tokenTtlSeconds,
    transcriptDays: config.retention.transcriptDays,
    logger,
    clock: () => new Date(),
    limits,
  });
  server = createServer({ config, logger, parts: [directLine] });
  closeRest = async () => {
    db.close();
  };
}
const { url } = await server.listen(0, '127.0.0.1');
process.send?.({ url, secret: SECRET, mode });

let cpuMark = process.cpuUsage();
process.on('message', async (msg: { stop?: boolean; mark?: boolean }) => {
  if (msg.mark) {
    cpuMark = process.cpuUsage();
    return;
  }
  if (!msg.stop) return;
  const cpu = process.cpuUsage(cpuMark);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  await server.close();
  await closeRest();
  fs.rmSync(tmp, { recursive: true, force: true });
  process.send?.({ stopped: true, rssMb, cpuMs }, () => process.exit(0));
});
