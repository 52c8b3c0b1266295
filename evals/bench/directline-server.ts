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
import { loadConfig } from '../../app/config.js';
import { createSilentLogger } from '../../app/logger.js';
import { createServer, type ServerAssistant } from '../../app/server.js';
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

let assistant: ServerAssistant & { close?: () => Promise<void> };
let dataDir = tmp;
if (mode === 'assistant') {
  const { createAssistant } = await import('../../app/assistant.js');
  dataDir = indexDir ?? tmp;
  const config = loadConfig({ DATA_DIR: dataDir, DIRECTLINE_SECRET: SECRET, NODE_ENV: 'production', LOG_LEVEL: 'silent' });
  assistant = await createAssistant({ config, logger, databaseFile: path.join(tmp, 'tthc.sqlite') });
} else {
  assistant = { bot: new EchoBot(), db: openDatabase(path.join(tmp, 'tthc.sqlite')) };
}
const config = loadConfig({ DATA_DIR: dataDir, DIRECTLINE_SECRET: SECRET, NODE_ENV: 'production', LOG_LEVEL: 'silent' });
const server = createServer({ config, assistant, logger, directLine: { limits: { perIp: unlimited, perConversation: unlimited } } });
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
  await assistant.close?.();
  if (mode === 'echo') (assistant.db as { close(): void }).close();
  fs.rmSync(tmp, { recursive: true, force: true });
  process.send?.({ stopped: true, rssMb, cpuMs }, () => process.exit(0));
});
