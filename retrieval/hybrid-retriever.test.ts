import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Procedure } from '../knowledge/index.js';
import { openRetrieval } from './open-retrieval.js';
import { FIXTURE_PROCEDURES, FIXTURE_VOCABULARY } from './testing/fixtures.js';
import type { ProcedureRetriever } from './types.js';

function catalogueOf(procs: Procedure[], contentHash?: string) {
  const map = new Map(procs.map((p) => [p.code, p]));
  return { get: (c: string) => map.get(c), all: () => procs, dataDate: '2026-07-18', contentHash };
}

let dir: string;
let retriever: ProcedureRetriever;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'retrieval-test-'));
  ({ retriever } = await openRetrieval({ catalogue: catalogueOf(FIXTURE_PROCEDURES), dataDir: dir, vocabulary: FIXTURE_VOCABULARY }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('lookups that go straight to the procedure', () => {
  it.each([
    ['1.001193', '1.001193'],
    ['thủ tục 1.004222', '1.004222'],
    ['cho hỏi mã 1004222 cần gì', '1.004222'],
    ['TTHC 1.014064?', '1.014064'],
  ])('%j → %s (exact)', async (q, code) => {
    const r = await retriever.search(q);
    expect(r.confidence).toBe('exact');
    expect(r.hits[0]?.code).toBe(code);
  });

  it('an unknown code falls back to a normal search', async () => {
    const r = await retriever.search('9.999999');
    expect(r.confidence).not.toBe('exact');
  });

  it('a form name finds the procedures that use the form', async () => {
    for (const q of ['tờ khai CT01', 'mau ct01', 'CT01']) {
      const r = await retriever.search(q);
      expect(r.confidence, q).toBe('exact');
      expect(r.hits[0]?.code, q).toBe('1.004222');
    }
  });
});

describe('ranking', () => {
  it.each([
    ['vk e mới đẻ, làm giấy tờ cho bé', '1.001193'],
    ['nhập hộ khẩu cho vợ', '1.004222'],
    ['giấy độc thân', '1.004873'],
    ['lam lai cccd bi mat', '1.014064'],
    ['mất sổ đỏ', '1.012786'],
    ['dang ky ket hon', '1.000894'],
  ])('%j → %s first', async (q, code) => {
    const r = await retriever.search(q);
    expect(r.hits[0]?.code).toBe(code);
  });

  it('puts the national procedure before a provincial variant unless the province is named', async () => {
    const plain = await retriever.search('đăng ký kết hôn');
    const codes = plain.hits.map((h) => h.code);
    expect(codes.indexOf('1.000894')).toBeLessThan(codes.indexOf('1.115001'));
    const named = await retriever.search('đăng ký kết hôn ở Đà Nẵng');
    expect(named.hits[0]?.code).toBe('1.115001');
  });

  it('prefers the commune-level procedure over the provincial-level twin', async () => {
    const r = await retriever.search('cấp lại thẻ căn cước');
    expect(r.hits.map((h) => h.code).slice(0, 2)).toEqual(['1.014064', '2.001194']);
    // Level twins are one choice, not an ambiguity.
    expect(r.confidence).toBe('high');
  });

  it('fused scores are sorted and carry their signals', async () => {
    const r = await retriever.search('đăng ký khai sinh');
    const scores = r.hits.map((h) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(r.hits[0]?.signals).toMatchObject({ lexical: expect.any(Number), dense: expect.any(Number), prior: expect.any(Number) });
  });

  it('unaccented input ranks like accented input', async () => {
    for (const [a, u] of [
      ['đăng ký tạm trú', 'dang ky tam tru'],
      ['cấp đổi thẻ căn cước', 'cap doi the can cuoc'],
    ]) {
      const ra = await retriever.search(a!);
      const ru = await retriever.search(u!);
      expect(ru.hits[0]?.code).toBe(ra.hits[0]?.code);
    }
  });

  it('weighs a story by the sentence that asks: the focus decides between background and need', async () => {
    const story = 'Hai vợ chồng tôi đăng ký kết hôn năm ngoái. Vợ tôi vừa sinh con ở bệnh viện. Cả nhà đang thuê trọ ở phường mới.';
    const need = (focus: string) => retriever.search(story, { limit: 5, focus, backgroundWeight: 0.3 }).then((r) => r.hits.map((h) => h.code));
    const birth = await need('Vợ tôi vừa sinh con ở bệnh viện.');
    const marriage = await need('Hai vợ chồng tôi đăng ký kết hôn năm ngoái.');
    expect(birth.indexOf('1.001193')).toBeLessThan(birth.indexOf('1.000894'));
    expect(marriage.indexOf('1.000894')).toBeLessThan(marriage.indexOf('1.001193'));
  });

  it('compares a story with each situation line: a story close to one line lifts its procedure', async () => {
    const situations = {
      byCode: new Map([['1.004873', ['ngân hàng đòi giấy chứng minh còn độc thân để vay mua nhà', 'sắp cưới người ở tỉnh khác cần giấy độc thân']]]),
      hash: 'sha256:test-situations',
      count: 2,
    };
    const story = 'Tôi đi làm ở Hà Nội lâu rồi, vợ chồng sắp cưới. Ngân hàng đòi giấy chứng minh còn độc thân để vay mua nhà. Giờ làm sao?';
    const gap = async (situationWeight: number) => {
      const d = await mkdtemp(path.join(os.tmpdir(), 'retrieval-lines-'));
      try {
        const { retriever: r } = await openRetrieval({ catalogue: catalogueOf(FIXTURE_PROCEDURES), dataDir: d, vocabulary: FIXTURE_VOCABULARY, situations, ranking: { situationWeight } });
        const hits = (await r.search(story, { limit: 5, focus: 'Giờ làm sao?', situationLines: true })).hits;
        const own = hits.find((h) => h.code === '1.004873')?.score ?? 0;
        return own - Math.max(...hits.filter((h) => h.code !== '1.004873').map((h) => h.score));
      } finally {
        await rm(d, { recursive: true, force: true });
      }
    };
    expect(await gap(0.5)).toBeGreaterThan(await gap(0));
  });

  it('a step the citizen has already taken does not outvote the request (its words and name words count less)', async () => {
    const story = 'Tôi đã nhập hộ khẩu thường trú về phường mới rồi, giờ thẻ căn cước ghi địa chỉ cũ thì đổi ở đâu';
    const hits = (await retriever.search(story, { limit: 10 })).hits.map((h) => h.code);
    expect(hits.indexOf('1.014063')).toBeGreaterThanOrEqual(0);
    expect(hits.indexOf('1.014063')).toBeLessThan(hits.indexOf('1.004222'));
  });

  it('admits it does not know when nothing fits', async () => {
    for (const q of ['thời tiết hôm nay thế nào', 'asdkjh qwe zzz']) {
      const r = await retriever.search(q);
      expect(r.confidence, q).toBe('low');
    }
  });

  it('applies filters', async () => {
    const r = await retriever.search('đăng ký kết hôn', { filters: { scope: 'provincial' } });
    expect(r.hits.map((h) => h.code)).toEqual(['1.115001']);
    const t = await retriever.search('cấp lại thẻ căn cước', { filters: { levels: ['tinh'] } });
    expect(t.hits[0]?.code).toBe('2.001194');
  });
});

describe('openRetrieval persistence', () => {
  it('loads the saved index on the second open and rebuilds when the catalogue changes', async () => {
    const d = await mkdtemp(path.join(os.tmpdir(), 'retrieval-persist-'));
    try {
      const first = await openRetrieval({ catalogue: catalogueOf(FIXTURE_PROCEDURES, 'sha256:a'), dataDir: d, vocabulary: FIXTURE_VOCABULARY });
      expect(first.stats.source).toBe('built');
      expect(first.stats.reason).toBe('missing');
      const second = await openRetrieval({ catalogue: catalogueOf(FIXTURE_PROCEDURES, 'sha256:a'), dataDir: d, vocabulary: FIXTURE_VOCABULARY });
      expect(second.stats.source).toBe('loaded');
      expect((await second.retriever.search('giấy độc thân')).hits[0]?.code).toBe('1.004873');
      const changed = await openRetrieval({ catalogue: catalogueOf(FIXTURE_PROCEDURES.slice(1), 'sha256:b'), dataDir: d, vocabulary: FIXTURE_VOCABULARY });
      expect(changed.stats.source).toBe('built');
      expect(changed.stats.reason).toBe('catalogue changed');
      expect((await changed.retriever.search('1.001193')).confidence).not.toBe('exact');
    } finally {
      await rm(d, { recursive: true, force: true });
    }
  });

  it('reports progress while building', async () => {
    const d = await mkdtemp(path.join(os.tmpdir(), 'retrieval-progress-'));
    try {
      const phases = new Set<string>();
      await openRetrieval({ catalogue: catalogueOf(FIXTURE_PROCEDURES), dataDir: d, vocabulary: FIXTURE_VOCABULARY, onProgress: (p) => phases.add(p.phase) });
      expect([...phases]).toEqual(['check', 'lexical', 'embed', 'dense', 'save']);
    } finally {
      await rm(d, { recursive: true, force: true });
    }
  });
});
