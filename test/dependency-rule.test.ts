import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The dependency rule of DESIGN.md, checked on every TypeScript file of the project:
 *
 *   app → channels → bot (its ports) ← storage
 *                     ↓
 *          retrieval → knowledge (the bottom layer)
 *
 * - `knowledge/` imports nothing of ours; `retrieval/` only `knowledge/`.
 * - `bot/` never imports `channels/`, `app/` or `storage/`, nor express, axios, a database
 *   driver or the vector index.
 * - `storage/` imports from `bot/` only its ports (`bot/ports/**`).
 * - `channels/` never import `app/`.
 * - Production code (anything that is not a `*.test.ts` file or inside a `testing/` folder
 *   or `test/`) never imports test code; evals and benchmarks count as production here.
 *
 * Test files (`*.test.ts`) may reach across layers to assemble real parts.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PARTS = ['app', 'channels', 'bot', 'storage', 'retrieval', 'knowledge', 'evals', 'test'] as const;
type Part = (typeof PARTS)[number];

const OURS_ALLOWED: Record<Part, readonly Part[]> = {
  knowledge: ['knowledge'],
  retrieval: ['retrieval', 'knowledge'],
  bot: ['bot', 'retrieval', 'knowledge'],
  storage: ['storage', 'knowledge', 'bot'], // bot: ports only, checked below
  channels: ['channels', 'bot', 'retrieval', 'knowledge', 'storage'],
  app: ['app', 'channels', 'bot', 'retrieval', 'knowledge', 'storage', 'evals'],
  evals: ['evals', 'app', 'channels', 'bot', 'retrieval', 'knowledge', 'storage'],
  test: [...PARTS],
};

/** Packages the conversation core must not know about (adapters and stores do). */
const BOT_FORBIDDEN_PACKAGES = ['express', 'axios', 'better-sqlite3', 'pg', 'hnswlib-node', 'ws', 'pino'];

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) sourceFiles(full, out);
    else if (/\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** Static imports, re-exports, dynamic imports and `import type`, with comments removed. */
export function importSpecifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const found = new Set<string>();
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) found.add(m[1]!);
  return [...found];
}

const isTestFile = (rel: string) => /\.test\.ts$/.test(rel) || rel.startsWith('test/');
const isTestCode = (rel: string) => isTestFile(rel) || rel.split('/').includes('testing');
const partOf = (rel: string): Part | undefined => PARTS.find((p) => rel === p || rel.startsWith(`${p}/`));

interface Violation {
  file: string;
  imports: string;
  rule: string;
}

function violations(): Violation[] {
  const out: Violation[] = [];
  for (const part of PARTS) {
    const dir = path.join(ROOT, part);
    try {
      statSync(dir);
    } catch {
      continue;
    }
    for (const file of sourceFiles(dir)) {
      const rel = path.relative(ROOT, file).split(path.sep).join('/');
      for (const spec of importSpecifiers(readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) {
          const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
          if (part === 'bot' && !isTestFile(rel) && BOT_FORBIDDEN_PACKAGES.includes(pkg)) {
            out.push({ file: rel, imports: spec, rule: 'bot/ never imports an adapter or store package' });
          }
          continue;
        }
        const target = path.relative(ROOT, path.resolve(path.dirname(file), spec)).split(path.sep).join('/');
        const to = partOf(target);
        if (!to) continue;
        if (!isTestCode(rel) && isTestCode(target.replace(/\.js$/, '.ts'))) {
          out.push({ file: rel, imports: target, rule: 'production code never imports test code' });
        }
        if (isTestFile(rel)) continue;
        if (!OURS_ALLOWED[part].includes(to)) {
          out.push({ file: rel, imports: target, rule: `${part}/ may not import ${to}/` });
        } else if (part === 'storage' && to === 'bot' && !target.startsWith('bot/ports/')) {
          out.push({ file: rel, imports: target, rule: 'storage/ imports from bot/ only its ports (bot/ports/**)' });
        }
      }
    }
  }
  return out;
}

describe('the dependency rule (DESIGN.md)', () => {
  it('reads every kind of import, and ignores commented-out ones', () => {
    const src = [
      "import { a } from '../bot/x.js';",
      "import type { B } from '../storage/y.js';",
      "export * from './z.js';",
      "export { c } from '../app/c.js';",
      "const m = await import('../channels/m.js');",
      "// import { gone } from '../app/gone.js';",
      "/* import { gone2 } from '../app/gone2.js'; */",
      "import express from 'express';",
    ].join('\n');
    expect(importSpecifiers(src).sort()).toEqual(
      ['../app/c.js', '../bot/x.js', '../channels/m.js', '../storage/y.js', './z.js', 'express'].sort(),
    );
  });

  it('holds for every source file', () => {
    const found = violations();
    expect(found.map((v) => `${v.file} → ${v.imports}: ${v.rule}`)).toEqual([]);
  });
});
