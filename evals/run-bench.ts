#!/usr/bin/env node
/**
 * `npm run bench [-- --json] [-- --only retrieval,...]`: runs every registered benchmark
 * (evals/bench/registry.ts), prints a table, and with `--json` one JSON object as the
 * last line of stdout, merging each module's blocks.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseCases } from './cases.js';
import { BENCH_MODULES } from './bench/registry.js';

const DATASETS = fileURLToPath(new URL('./datasets/', import.meta.url));

/**
 * The dev splits held out this session (`held-out.txt` beside them: one file name per line, `#`
 * comments). The benchmark only times messages, but a held-out split must not even be read
 * until the maintainers measure it, so it is skipped.
 */
export async function heldOut(dir = DATASETS): Promise<Set<string>> {
  const text = await readFile(path.join(dir, 'held-out.txt'), 'utf8').catch(() => '');
  return new Set(text.split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean));
}

/** Every user message of every eval dataset at the top of `dir`, except held-out splits. */
export async function allQuestions(dir = DATASETS, warn: (l: string) => void = () => {}): Promise<string[]> {
  const skip = await heldOut(dir);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl') && !skip.has(f)).sort();
  const out: string[] = [];
  for (const f of files) {
    try {
      for (const c of parseCases(await readFile(path.join(dir, f), 'utf8'), f)) out.push(...c.turns);
    } catch (err) {
      // Another team's file being edited must not stop the benchmark; say so and go on.
      warn(`skipping ${f}: ${(err as Error).message}`);
    }
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean', default: false }, only: { type: 'string' } },
    allowPositionals: false,
  });
  const only = values.only?.split(',').map((s) => s.trim());
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'tthc-bench-'));
  const merged: Record<string, unknown> = {};
  try {
    const questions = await allQuestions(DATASETS, (l) => process.stderr.write(`${l}\n`));
    for (const m of BENCH_MODULES) {
      if (only && !only.includes(m.name)) continue;
      const mod = await m.load();
      const out = await mod.run({ workDir, questions, log: (l) => process.stderr.write(`${l}\n`) });
      Object.assign(merged, out.result);
      process.stdout.write(`\n== ${m.name}\n${out.table.join('\n')}\n`);
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  if (values.json) process.stdout.write(`${JSON.stringify(merged)}\n`);
  return 0;
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]).replace(/\.ts$/, '') === fileURLToPath(import.meta.url).replace(/\.ts$/, '');
if (isMain) main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
