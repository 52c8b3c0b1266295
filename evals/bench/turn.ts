import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { percentile } from '../metrics.js';
import type { BenchContext, BenchOutput } from './types.js';

const r2 = (x: number) => Math.round(x * 100) / 100;

/** Messages per measured pass: every dataset message would take minutes on a loaded machine. */
const SAMPLE = 1500;
const WARM_UP = 150;

/**
 * The bot turn (issue 12: p95 under 30 ms on 2 cores), as a citizen's first message gets it:
 * the real assistant in process (understanding stage, skills, retriever, SQLite state and turn
 * log in a scratch database), one new conversation per message. Three figures per message:
 * - the bot's own turn time (what the turn log records: understanding, skills, retrieval,
 *   composing; no channel, no state write), the figure the issue's limit is about;
 * - the CPU time of the whole in-process turn (state and turn-log writes included), which a
 *   busy machine does not inflate;
 * - the baseline: the retriever's search alone for the same message, the floor any turn pays.
 * An evenly spaced sample of every dataset message (stories, legal questions, form data, chit-chat),
 * after a warm-up pass. Indexes come from DATA_DIR (built there when missing, as the eval does).
 */
export async function run(ctx: BenchContext): Promise<BenchOutput> {
  const { createAssistant } = await import('../../app/assistant.js');
  const { loadConfig } = await import('../../app/config.js');
  const { silentLogger } = await import('../../bot/index.js');
  const { loadCatalogue } = await import('../../knowledge/index.js');
  const { openRetrieval, embeddingsFromConfig } = await import('../../retrieval/index.js');
  const config = loadConfig({ ...process.env, LLM_BASE_URL: '', LLM_MODEL: '' });
  const catalogue = await loadCatalogue();
  ctx.log(`turn: opening indexes in ${config.dataDir}`);
  const { retriever: inner } = await openRetrieval({ catalogue, dataDir: config.dataDir, embeddings: embeddingsFromConfig(config.embeddings) });
  const dir = path.join(ctx.workDir, 'turn');
  fs.mkdirSync(dir, { recursive: true });
  const assistant = await createAssistant({ config, logger: silentLogger, catalogue, retriever: inner, databaseFile: path.join(dir, 'bench.sqlite') });
  let lastLatency = 0;
  const record = assistant.turnLog.record.bind(assistant.turnLog);
  assistant.turnLog.record = async (entry) => {
    lastLatency = entry.latencyMs;
    await record(entry);
  };

  const all = ctx.questions.filter((q) => q.trim().length > 0);
  const step = Math.max(1, all.length / SAMPLE);
  const sample = Array.from({ length: Math.min(SAMPLE, all.length) }, (_, i) => all[Math.floor(i * step)]!);
  let seq = 0;
  const send = async (q: string) => {
    const chat = assistant.createLocalAdapter({ channelId: 'bench', conversationId: `bench-${++seq}`, userId: `bench-user-${seq}` });
    await chat.send(q);
  };
  ctx.log(`turn: warm-up over ${WARM_UP} messages, then ${sample.length} measured`);
  for (const q of sample.slice(0, WARM_UP)) await send(q);

  const bot: number[] = [];
  const cpu: number[] = [];
  const search: number[] = [];
  const searchCpu: number[] = [];
  for (const q of sample) {
    const c = process.cpuUsage();
    await send(q);
    const d = process.cpuUsage(c);
    bot.push(lastLatency);
    cpu.push((d.user + d.system) / 1000);
    // The baseline, same message, right after: the retriever alone.
    const c2 = process.cpuUsage();
    const t = performance.now();
    await inner.search(q);
    search.push(performance.now() - t);
    const d2 = process.cpuUsage(c2);
    searchCpu.push((d2.user + d2.system) / 1000);
  }
  await assistant.close();

  const p = (xs: number[], q: number) => r2(percentile(xs, q));
  const result = {
    turn: {
      messages: bot.length,
      p50_ms: p(bot, 0.5),
      p95_ms: p(bot, 0.95),
      p99_ms: p(bot, 0.99),
      cpu_p50_ms: p(cpu, 0.5),
      cpu_p95_ms: p(cpu, 0.95),
      baseline_search_p50_ms: p(search, 0.5),
      baseline_search_p95_ms: p(search, 0.95),
      baseline_search_cpu_p95_ms: p(searchCpu, 0.95),
    },
  };
  const t = result.turn;
  return {
    result,
    table: [
      `messages ${bot.length} (an even sample of every dataset message, one new conversation each, after ${WARM_UP} warm-up)`,
      'metric                         bot turn        baseline (retriever search alone)',
      `p50 ms                         ${String(t.p50_ms).padEnd(15)} ${t.baseline_search_p50_ms}`,
      `p95 ms                         ${String(t.p95_ms).padEnd(15)} ${t.baseline_search_p95_ms}`,
      `p99 ms                         ${String(t.p99_ms).padEnd(15)} -`,
      `CPU p50 / p95 ms (with writes) ${`${t.cpu_p50_ms} / ${t.cpu_p95_ms}`.padEnd(15)} ${t.baseline_search_cpu_p95_ms} (p95)`,
    ],
  };
}
