import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { allQuestions, heldOut } from './run-bench.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function datasets(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-datasets-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return dir;
}

const line = (id: string, text: string) => `${JSON.stringify({ id, text, intent: 'procedure' })}\n`;

describe('the benchmark question list', () => {
  it('times every top-level split but the held-out ones named in held-out.txt', async () => {
    const dir = await datasets({
      'a-dev.jsonl': `// header\n${line('a1', 'làm lại cccd ở đâu')}`,
      'b-new.jsonl': line('b1', 'gks cho con'),
      'held-out.txt': '# this session\nb-new.jsonl  # written blind today\n',
    });
    expect([...(await heldOut(dir))]).toEqual(['b-new.jsonl']);
    expect(await allQuestions(dir)).toEqual(['làm lại cccd ở đâu']);
  });

  it('reads every split when no list exists', async () => {
    const dir = await datasets({ 'a-dev.jsonl': line('a1', 'x'), 'b-new.jsonl': line('b1', 'y') });
    expect(await allQuestions(dir)).toEqual(['x', 'y']);
  });
});
