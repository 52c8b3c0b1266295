#!/usr/bin/env node
/**
 * `npx tsx evals/rerank-collect.ts --cases FILE [--cases FILE2 …] --out lists.json`
 *
 * Drives the real bot over each case (its first turn) and records the candidate list the
 * procedure skill ranked: the retriever's hits for the message as the bot searched it, before
 * the citizen preferences. The learned reranker (`retrieval/rerank.ts`) is trained and
 * cross-validated on these lists by `evals/rerank-train.ts`. Cases the bot did not search
 * (a form request, legal information) are recorded without a list.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { ProcedureRetriever, SearchHit } from '../retrieval/index.js';
import { loadCases } from './cases.js';

export interface CollectedList {
  split: string;
  id: string;
  question: string;
  expected: string[];
  /** The retriever's hits as the procedure skill searched the question; absent when it did not. */
  hits?: SearchHit[];
}

/**
 * Training lines left out, each with the reason. Their expected codes name catalogue records
 * whose names are unrelated to the story (the record under the code is named "Hỗ trợ phát
 * triển sản xuất cộng đồng." or "Công bố Danh mục …" in our catalogue), so a list could teach
 * the model that such a name answers a question about locking an electronic identity.
 */
export const EXCLUDED_CASES: ReadonlyMap<string, string> = new Map([
  ['st1-099', 'expects 3.000283, 3.000274, 3.000285: catalogue names unrelated to locking an electronic identity'],
  ['st1-100', 'expects 3.000284, 3.000286, 3.000272: catalogue names unrelated to unlocking an electronic identity'],
]);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { cases: { type: 'string', multiple: true }, out: { type: 'string' }, 'data-dir': { type: 'string' } } });
  if (!values.cases?.length || !values.out) throw new Error('usage: rerank-collect --cases FILE [--cases FILE …] --out lists.json');
  const dataDir = values['data-dir'] ?? process.env.DATA_DIR ?? '.data';
  const { createAssistant } = await import('../app/assistant.js');
  const { loadConfig } = await import('../app/config.js');
  const { silentLogger } = await import('../bot/index.js');
  const { loadCatalogue } = await import('../knowledge/index.js');
  const { openRetrieval, embeddingsFromConfig } = await import('../retrieval/index.js');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tthc-rerank-'));
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, LLM_BASE_URL: '', LLM_MODEL: '' });
  const catalogue = await loadCatalogue();
  const { retriever: inner } = await openRetrieval({ catalogue, dataDir, embeddings: embeddingsFromConfig(config.embeddings) });
  let last: { query: string; hits: SearchHit[] } | undefined;
  const retriever: ProcedureRetriever = {
    async search(query, options) {
      const r = await inner.search(query, options);
      // The skill's own search of the whole message asks for ten hits; probes and choices ask fewer or other text.
      if (options?.limit === 10) last = { query, hits: r.hits };
      return r;
    },
  };
  const assistant = await createAssistant({ config, logger: silentLogger, catalogue, retriever, databaseFile: path.join(tmp, 'collect.sqlite') });
  const out: CollectedList[] = [];
  let seq = 0;
  try {
    for (const file of values.cases) {
      const split = path.basename(file).replace(/\.jsonl$/, '');
      for (const c of await loadCases(file)) {
        const expected = c.expect.procedures ?? [];
        if (!expected.length || c.turns.length !== 1 || EXCLUDED_CASES.has(c.id)) continue;
        last = undefined;
        const chat = assistant.createLocalAdapter({ channelId: 'eval', conversationId: `rerank-${++seq}`, userId: `rerank-${seq}` });
        await chat.send(c.turns[0]!);
        const searched = last as { query: string; hits: SearchHit[] } | undefined;
        out.push({ split, id: c.id, question: c.turns[0]!, expected, ...(searched && searched.query === c.turns[0] ? { hits: searched.hits } : {}) });
      }
    }
  } finally {
    await assistant.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  await writeFile(values.out, JSON.stringify(out));
  console.log(`${out.length} cases, ${out.filter((o) => o.hits).length} searched → ${values.out}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
