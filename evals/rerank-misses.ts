#!/usr/bin/env node
/**
 * `npx tsx evals/rerank-misses.ts --lists lists.json [--lists more.json] [--misses] [--out ranks.json]`
 *
 * Re-ranks candidate lists recorded by `evals/rerank-collect.ts` with the current citizen
 * preferences and the shipped reranker (`preferForCitizen`, province Hà Nội), and prints, per
 * split, how often the expected procedure comes first and within five. `--misses` lists each
 * list whose first candidate is not expected, with the first three names and the expected
 * rank, for sorting misses by kind. `--out` writes each list's rank, so two trees can be
 * compared list by list. Offline: no bot, no index, only the recorded hits.
 */
import { writeFile } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadCatalogue } from '../knowledge/index.js';
import { preferForCitizen } from '../retrieval/preference.js';
import type { CollectedList } from './rerank-collect.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { lists: { type: 'string', multiple: true }, misses: { type: 'boolean' }, out: { type: 'string' } } });
  if (!values.lists?.length) throw new Error('usage: rerank-misses --lists FILE [--lists FILE …] [--misses] [--out ranks.json]');
  const catalogue = await loadCatalogue();
  const lists: CollectedList[] = [];
  for (const f of values.lists) lists.push(...(JSON.parse(await readFile(f, 'utf8')) as CollectedList[]));
  const bySplit = new Map<string, { n: number; first: number; five: number; searched: number }>();
  const ranks: Record<string, number> = {};
  const lines: string[] = [];
  for (const l of lists) {
    const s = bySplit.get(l.split) ?? { n: 0, first: 0, five: 0, searched: 0 };
    bySplit.set(l.split, s);
    s.n++;
    if (!l.hits) {
      ranks[l.id] = -1;
      continue;
    }
    s.searched++;
    const ranked = preferForCitizen(l.hits, catalogue, l.question, { province: 'Hà Nội' });
    const rank = ranked.findIndex((h) => l.expected.includes(h.code)) + 1;
    ranks[l.id] = rank;
    if (rank === 1) s.first++;
    if (rank >= 1 && rank <= 5) s.five++;
    if (values.misses && rank !== 1) {
      const name = (code: string) => catalogue.get(code)?.name.slice(0, 90) ?? '?';
      lines.push(
        `${l.id} rank ${rank || '-'}: ${l.question.replace(/\s+/g, ' ')}`,
        `   want ${l.expected.map((c) => `${c} ${name(c)}`).join(' | ')}`,
        ...ranked.slice(0, 3).map((h, i) => `   ${i + 1}. ${h.code} ${name(h.code)}`),
      );
    }
  }
  if (lines.length) console.log(lines.join('\n'));
  let n = 0;
  let first = 0;
  let five = 0;
  for (const [split, s] of bySplit) {
    console.log(`${split.padEnd(22)} n ${String(s.n).padStart(4)} searched ${String(s.searched).padStart(4)} first ${(s.first / s.n).toFixed(3)} five ${(s.five / s.n).toFixed(3)}`);
    n += s.n;
    first += s.first;
    five += s.five;
  }
  console.log(`${'all'.padEnd(22)} n ${String(n).padStart(4)} first ${first} (${(first / n).toFixed(3)}) five ${five}`);
  if (values.out) await writeFile(values.out, JSON.stringify(ranks));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
