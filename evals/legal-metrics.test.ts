import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCases, parseCases } from './cases.js';
import { computeReport, type CaseOutcome } from './metrics.js';

describe('legal cases (issue 13)', () => {
  it('maps the legal split shape {"id","question","behavior","articles"} onto the common case', () => {
    const [a, b] = parseCases(
      [
        JSON.stringify({ id: 'q1', question: 'con riêng có được thừa kế không', behavior: 'legal_info', articles: ['91/2015/QH13:654'], area: 'inheritance' }),
        JSON.stringify({ id: 'q2', question: 'rút bhxh một lần', behavior: 'escalate', articles: [] }),
      ].join('\n'),
    );
    expect(a).toMatchObject({ id: 'q1', turns: ['con riêng có được thừa kế không'], expect: { behavior: 'legal_info', articles: ['91/2015/QH13:654'] } });
    expect(b!.expect).toEqual({ behavior: 'escalate' });
  });

  it('rejects malformed article keys', () => {
    expect(() => parseCases(JSON.stringify({ id: 'x', turns: ['a'], expect: { articles: ['Điều 623'] } }))).toThrow(/articles look like/);
  });

  it('reads the dev split', async () => {
    const cases = await loadCases(fileURLToPath(new URL('./datasets/legal-dev.jsonl', import.meta.url)));
    expect(cases.filter((c) => c.expect.behavior === 'legal_info').length).toBeGreaterThanOrEqual(100);
  });

  it('computes legal_info rate, expected article in the top 3, grounding and the lawyer offer', () => {
    const ref = (id: string) => ({ document: id.split(':')[0]!, article: id.split(':')[1]!, title: '', url: '' });
    const o = (expect: Record<string, unknown>, result: Partial<CaseOutcome['result']>): CaseOutcome => ({
      case: { id: Math.random().toString(), turns: ['q'], expect } as CaseOutcome['case'],
      result: { behavior: 'escalate', procedures: [], reply: '', latencyMs: 1, ...result },
    });
    const r = computeReport([
      o({ behavior: 'legal_info', articles: ['A:1'] }, { behavior: 'legal_info', legalArticles: [ref('B:2'), ref('A:1')], grounding: { ok: true, violations: [] } }),
      o({ behavior: 'legal_info', articles: ['A:3'] }, { behavior: 'legal_info', legalArticles: [ref('B:2'), ref('B:4'), ref('B:5'), ref('A:3')], grounding: { ok: false, violations: ['number: 20'] } }),
      o({ behavior: 'legal_info', articles: ['A:1'] }, { behavior: 'escalate' }),
      o({ behavior: 'escalate' }, { behavior: 'escalate' }),
    ]);
    expect({ ...r.legal, routing: undefined }).toEqual({
      routing: undefined,
      legal_info: { n: 3, rate: 0.6667 },
      article_top3: { n: 3, rate: 0.3333 },
      grounding: { n: 2, pass_rate: 0.5 },
      lawyer_offer: { n: 1, rate: 1 },
    });
  });
});
