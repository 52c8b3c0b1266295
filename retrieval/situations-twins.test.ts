import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../knowledge/index.js';
import { loadSituations } from '../knowledge/situations/index.js';
import { twinKey } from './open-retrieval.js';

describe('committed situations and level twins', () => {
  // Level twins ("… (thực hiện tại cấp tỉnh)") share one member's situations (open-retrieval.ts,
  // situationsOfTwins), so the priors choose among them. A twin with lines of its own wins on them
  // alone: "lam lai cccd bi mat" went to the provincial reissue when it had its own lines.
  it('gives each family of level twins its lines under one code', async () => {
    const [situations, catalogue] = await Promise.all([loadSituations(), loadCatalogue()]);
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const code of situations.byCode.keys()) {
      const p = catalogue.get(code);
      if (!p) continue;
      const key = twinKey(p.name);
      const first = owner.get(key);
      if (first && first !== code) clashes.push(`${code} beside ${first}`);
      else owner.set(key, code);
    }
    expect(clashes).toEqual([]);
  });
});
