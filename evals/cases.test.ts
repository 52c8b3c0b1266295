import { describe, expect, it } from 'vitest';
import { parseCases } from './cases.js';
import { computeReport, percentile, prefillValueMatches, retrievalMetrics, type CaseOutcome } from './metrics.js';

describe('parseCases', () => {
  it('parses valid lines and skips blanks and // comments', () => {
    const cases = parseCases(
      [
        '// retrieval cases',
        '{"id":"a","turns":["giấy độc thân"],"expect":{"behavior":"answer","procedures":["1.004873"]}}',
        '',
        '{"id":"b","turns":["thời tiết"],"expect":{"behavior":"refuse"},"tags":["oos"]}',
      ].join('\n'),
    );
    expect(cases.map((c) => c.id)).toEqual(['a', 'b']);
  });

  it.each([
    ['{"id":"a","turns":["x"],"expect":{"behavior":"answer"}', /f\.jsonl:1: not valid JSON/],
    ['{"id":"a","turns":[],"expect":{"behavior":"answer"}}', /f\.jsonl:1: turns: turns must have at least one message/],
    ['{"id":"a","turns":["x"],"expect":{"behavior":"maybe"}}', /f\.jsonl:1: expect\.behavior/],
    ['{"id":"a","turns":["x"],"expect":{"procedures":["1001193"]}}', /procedure codes look like/],
    ['{"id":"a","turns":["x"],"expect":{}}', /expect must state at least one/],
    ['{"turns":["x"],"expect":{"behavior":"answer"}}', /f\.jsonl:1: id/],
  ])('reports the line and reason for %s', (line, re) => {
    expect(() => parseCases(line, 'f.jsonl')).toThrow(re);
  });

  it('reads a reviewed fact line whose places are one string as the list of its places', () => {
    const line = JSON.stringify({
      id: 'r',
      question: 'Giấy kết hôn bị cháy, xin lại ở đâu?',
      acceptable_codes: ['1.004746'],
      where: 'Trung tâm Phục vụ hành chính công (UBND cấp xã; nơi cư trú); trực tuyến qua Cổng dịch vụ công; qua bưu chính',
      fee_vnd: null,
    });
    const [c] = parseCases(line);
    expect((c!.expect as { facts?: { where?: string[] } }).facts?.where).toEqual(['Trung tâm Phục vụ hành chính công (UBND cấp xã; nơi cư trú)', 'trực tuyến qua Cổng dịch vụ công', 'qua bưu chính']);
  });

  it('counts the audited record\'s own code as right beside the codes a writer lists as equally right', () => {
    const [withOthers] = parseCases(JSON.stringify({ id: 'a1', code: '1.012543', question: 'làm lại căn cước', acceptable_codes: ['1.014062', '1.012549'], fee_vnd: null }));
    expect(withOthers!.expect.procedures).toEqual(['1.012543', '1.014062', '1.012549']);
    const [alone] = parseCases(JSON.stringify({ id: 'a2', code: '2.000809', question: 'rút bảo hiểm một lần', acceptable_codes: [], fee_vnd: null }));
    expect(alone!.expect.procedures).toEqual(['2.000809']);
    const [noCode] = parseCases(JSON.stringify({ id: 'a3', question: 'x', acceptable_codes: ['1.004746'], fee_vnd: null }));
    expect(noCode!.expect.procedures).toEqual(['1.004746']);
  });

  it('reads an article cited by the land law\'s consolidated text as the stored law\'s article', () => {
    const line = JSON.stringify({ id: 'l1', question: 'tách thửa cần điều kiện gì', behavior: 'legal_info', articles: ['45/VBHN-VPQH:220', '91/2015/QH13:623'] });
    expect(parseCases(line)[0]!.expect.articles).toEqual(['31/2024/QH15:220', '91/2015/QH13:623']);
  });

  it('reports the line of a duplicate id', () => {
    const text = '{"id":"a","turns":["x"],"expect":{"behavior":"refuse"}}\n\n{"id":"a","turns":["y"],"expect":{"behavior":"refuse"}}';
    expect(() => parseCases(text, 'f.jsonl')).toThrow(/f\.jsonl:3: duplicate id "a" \(first on line 1\)/);
  });
});

describe('metrics', () => {
  it('recall@k and MRR', () => {
    const m = retrievalMetrics([
      { ranked: [{ code: 'x' }, { code: 'y' }], acceptable: ['x'] },
      { ranked: [{ code: 'y' }, { code: 'x' }], acceptable: ['x', 'z'] },
      { ranked: [{ code: 'y' }], acceptable: ['x'] },
      { ranked: [1, 2, 3, 4, 5, 6].map((i) => ({ code: String(i) })), acceptable: ['6'] },
    ])!;
    expect(m).toEqual({ n: 4, recall_at_1: 0.25, recall_at_5: 0.5, mrr: Math.round(((1 + 0.5 + 0 + 1 / 6) / 4) * 10000) / 10000 });
  });

  it('nearest-rank percentiles', () => {
    expect(percentile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBe(10);
  });

  it('prefill values compare after NFC and whitespace folding, names ignore case', () => {
    expect(prefillValueMatches('hoTen', 'Nguyễn Văn  An', 'nguyễn văn an')).toBe(true);
    expect(prefillValueMatches('soDinhDanh', '001', ' 001 ')).toBe(true);
    expect(prefillValueMatches('noiSinh', 'Hà Nội', 'hà nội')).toBe(false);
  });

  it('computes behaviour, escalation (escalate + urgent positive), urgent, legal area and baseline blocks', () => {
    const mk = (id: string, expect: object, got: object, baseline?: string[]): CaseOutcome => ({
      case: { id, turns: ['q'], expect } as CaseOutcome['case'],
      result: { behavior: 'answer', procedures: [], reply: '', latencyMs: 1, ...got } as CaseOutcome['result'],
      baseline: baseline?.map((code) => ({ code })),
    });
    const r = computeReport([
      mk('1', { behavior: 'answer', procedures: ['1.000001'] }, { procedures: [{ code: '1.000001', name: '', score: 1 }] }, ['1.000002', '1.000001']),
      mk('2', { behavior: 'escalate', legal_area: 'dat_dai' }, { behavior: 'urgent', legalArea: 'dat_dai' }),
      mk('3', { behavior: 'urgent' }, { behavior: 'answer' }),
      mk('4', { behavior: 'refuse' }, { behavior: 'escalate' }),
    ]);
    expect(r.retrieval).toMatchObject({ n: 1, recall_at_1: 1 });
    expect(r.baseline?.retrieval).toMatchObject({ n: 1, recall_at_1: 0, recall_at_5: 1 });
    expect(r.behavior?.accuracy).toBe(0.25);
    expect(r.escalation).toEqual({ n: 2, recall: 0.5, precision: 0.5 });
    expect(r.urgent).toEqual({ n: 1, recall: 0 });
    expect(r.legal_area).toEqual({ n: 1, accuracy: 1 });
  });
});
