#!/usr/bin/env node
/**
 * `npx tsx evals/answer-for-reviewed.ts FILE [FILE ...] [--dump DIR]`
 *
 * The short answer measured apart from the choice of procedure (issue 18): for each reviewed
 * case, the answer is composed for the reviewed procedure (first acceptable code) with the
 * question's words, as the bot does for a first question, and checked field by field with
 * `checkAnswerFacts`. Prints one line of figures per file and the cases not fully right; with
 * `--dump`, writes every composed answer beside its verdict to DIR/<file>.txt.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readAsker } from '../bot/answer/asker.js';
import { composeShortAnswer } from '../bot/answer/compose.js';
import { loadCatalogue } from '../knowledge/index.js';
import { checkAnswerFacts, FACT_FIELDS, type AnswerFacts } from './answer-facts.js';
import { loadCases } from './cases.js';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { dump: { type: 'string' } } });
  if (!positionals.length) throw new Error('Usage: npx tsx evals/answer-for-reviewed.ts FILE [FILE ...] [--dump DIR]');
  const catalogue = await loadCatalogue();
  const now = new Date();
  for (const file of positionals) {
    const rows = (await loadCases(file)).filter((c) => (c.expect as { facts?: AnswerFacts }).facts !== undefined);
    const byField = new Map<string, { n: number; right: number }>();
    const misses: string[] = [];
    const dump: string[] = [];
    let full = 0;
    for (const c of rows) {
      const acceptable = c.expect.procedures ?? [];
      const code = acceptable[0]!;
      const p = catalogue.get(code);
      if (!p) {
        misses.push(`- ${c.id} ${code}: no record`);
        continue;
      }
      const question = c.turns.at(-1)!;
      const reply = composeShortAnswer(p, undefined, undefined, readAsker(question, now)).text;
      const check = checkAnswerFacts({ procedureCode: code, reply, behavior: 'answer' }, acceptable, (c.expect as { facts: AnswerFacts }).facts);
      for (const f of FACT_FIELDS) {
        const v = check.fields[f];
        if (v === undefined) continue;
        const e = byField.get(f) ?? { n: 0, right: 0 };
        e.n++;
        if (v) e.right++;
        byField.set(f, e);
      }
      if (check.fully_right) full++;
      else misses.push(`- ${c.id} ${code} ${check.notes.join(' | ')}`);
      dump.push(`===== ${c.id} ${code} ${check.fully_right ? 'OK' : `FAIL ${check.notes.join(' | ')}`}\nQ: ${question}\n${reply}\n`);
    }
    const fields = [...byField].map(([f, e]) => `${f} ${(e.right / e.n).toFixed(3)}`).join('  ');
    console.log(`${path.basename(file)}: n=${rows.length} fully right ${(full / Math.max(1, rows.length)).toFixed(3)}  ${fields}`);
    for (const m of misses) console.log(m);
    if (values.dump) {
      await mkdir(values.dump, { recursive: true });
      await writeFile(path.join(values.dump, `${path.basename(file, '.jsonl')}.txt`), dump.join('\n'));
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
