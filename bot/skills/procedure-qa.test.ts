import { describe, expect, it } from 'vitest';
import type { Procedure } from '../../knowledge/index.js';
import type { ProcedureCatalog, SearchHit } from '../../retrieval/index.js';
import { BIRTH_REGISTRATION } from '../testing/fixtures.js';
import { DEFAULT_CAPABILITIES, type Turn } from '../types.js';
import { fold } from '../text.js';
import { aspectBeyondName, createProcedureQaSkill, detectAspect, lostPaperChoices, preferForAnswer, variantChoices } from './procedure-qa.js';

const proc = (code: string, name: string): Procedure => ({ ...BIRTH_REGISTRATION, code, name });
const ids = [
  proc('1.014061', 'Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên'),
  proc('1.014063', 'Cấp đổi thẻ căn cước'),
  proc('1.014064', 'Cấp lại thẻ căn cước'),
  proc('2.001194', 'Cấp lại thẻ căn cước (thực hiện tại cấp tỉnh)'),
  proc('1.004837', 'Thủ tục đăng ký giám hộ'),
  proc('1.001669', 'Thủ tục đăng ký giám hộ có yếu tố nước ngoài'),
  proc('3.000323', 'Đăng ký giám sát việc giám hộ'),
];
const catalogue: ProcedureCatalog = { get: (c) => ids.find((p) => p.code === c), all: () => ids, dataDate: '2026-06-01' };
const hits = (...list: Array<[string, number]>): SearchHit[] => list.map(([code, score]) => ({ code, name: catalogue.get(code)!.name, score }));

describe('variantChoices: one question when the variant matters and was not said', () => {
  const card = hits(['1.014063', 1.74], ['1.014064', 1.72], ['2.001194', 1.7], ['1.014061', 1.69]);

  it('offers first issue, change and reissue once each (level twins merged) when the words do not say', () => {
    const codes = variantChoices('làm thẻ căn cước ở đâu', card, catalogue).map((p) => p.code);
    expect(codes).toEqual(['1.014063', '1.014064', '1.014061']);
  });

  it('does not ask when the words decide the case', () => {
    expect(variantChoices('bị mất thẻ căn cước làm lại ở đâu', card, catalogue)).toEqual([]);
    expect(variantChoices('làm thẻ căn cước lần đầu mất bao lâu', card, catalogue)).toEqual([]);
  });

  it('asks about a foreign element only when it is not said, and never mixes in another procedure', () => {
    const guardian = hits(['1.004837', 1.93], ['1.001669', 1.92], ['3.000323', 1.9]);
    expect(variantChoices('đăng ký giám hộ cho cháu', guardian, catalogue).map((p) => p.code)).toEqual(['1.004837', '1.001669']);
    expect(variantChoices('đăng ký giám hộ cho cháu quốc tịch Hàn Quốc', guardian, catalogue)).toEqual([]);
  });

  it('does not ask when one variant clearly leads', () => {
    expect(variantChoices('làm thẻ căn cước ở đâu', hits(['1.014063', 2.2], ['1.014064', 1.5]), catalogue)).toEqual([]);
  });
});

describe('lostPaperChoices: a lost civil-status paper is copied from the register or registered again', () => {
  const civil = [
    { ...proc('2.000635', 'Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh'), levels: ['xa', 'tinh'] as Procedure['levels'] },
    { ...proc('1.000797', 'Thủ tục cấp bản sao trích lục giấy tờ hộ tịch'), levels: ['khac'] as Procedure['levels'] },
    proc('1.004884', 'Thủ tục đăng ký lại khai sinh'),
    proc('2.000522', 'Thủ tục đăng ký lại khai sinh có yếu tố nước ngoài'),
    proc('1.004746', 'Thủ tục đăng ký lại kết hôn'),
  ];
  const cat: ProcedureCatalog = { get: (c) => civil.find((p) => p.code === c), all: () => civil, dataDate: '2026-06-01' };
  const h = (...codes: string[]): SearchHit[] => codes.map((code, i) => ({ code, name: cat.get(code)!.name, score: 2 - i * 0.1 }));

  it('offers the domestic copy and the re-registration of the same event when "mất" does not say which', () => {
    const choices = lostPaperChoices('lam lai giay khai sinh bi mat', h('2.000635', '1.000797', '2.000522', '1.004884'), cat);
    expect(choices.map((c) => c.p.code)).toEqual(['2.000635', '1.004884']);
    // The copy is found in the catalogue when the question about a marriage paper does not rank it.
    expect(lostPaperChoices('tôi làm mất giấy đăng ký kết hôn', h('1.004746'), cat).map((c) => c.p.code)).toEqual(['2.000635', '1.004746']);
  });

  it('does not ask when the words say which, or nothing was lost', () => {
    expect(lostPaperChoices('mất bản sao giấy khai sinh xin lại ở đâu', h('2.000635', '1.004884'), cat)).toEqual([]);
    expect(lostPaperChoices('giấy khai sinh gốc bị cháy mất, sổ hộ tịch cũng không còn', h('1.004884', '2.000635'), cat)).toEqual([]);
    expect(lostPaperChoices('làm giấy khai sinh cho con mất bao lâu', h('2.000635', '1.004884'), cat)).toEqual([]);
    // "mất" of a person who died is no lost paper.
    expect(lostPaperChoices('bố tôi vừa mất, đi làm lại khai sinh cho cháu', h('2.000635', '1.004884'), cat)).toEqual([]);
  });
});

describe('preferForAnswer: among close hits, what the records say decides', () => {
  const recs = [
    proc('1.013227', 'Gia hạn giấy phép xây dựng đối với công trình cấp III, cấp IV'),
    proc('1.013233', 'Gia hạn giấy phép xây dựng đối với công trình cấp đặc biệt, cấp I, cấp II'),
    { ...proc('1.014173', 'HƯỞNG BẢO HIỂM XÃ HỘI MỘT LẦN.'), detailLevel: 'index' as const },
    proc('1.001613', 'Giải quyết hưởng bảo hiểm xã hội một lần'),
  ];
  const cat: ProcedureCatalog = { get: (c) => recs.find((p) => p.code === c), all: () => recs, dataDate: '2026-06-01' };
  const h = (...list: Array<[string, number]>): SearchHit[] => list.map(([code, score]) => ({ code, name: cat.get(code)!.name, score }));

  it('answers with the record listing the works class the citizen names', () => {
    expect(preferForAnswer(h(['1.013227', 2], ['1.013233', 1.9]), cat, 'công trình cấp II sắp hết hạn giấy phép xây dựng')[0]!.code).toBe('1.013233');
    expect(preferForAnswer(h(['1.013227', 2], ['1.013233', 1.9]), cat, 'nhà cấp IV gia hạn giấy phép')[0]!.code).toBe('1.013227');
    // A class far below the best is not pulled up.
    expect(preferForAnswer(h(['1.013227', 2], ['1.013233', 1.0]), cat, 'công trình cấp II')[0]!.code).toBe('1.013227');
  });

  it('answers with the detailed record of the same procedure rather than an index-only one', () => {
    expect(preferForAnswer(h(['1.014173', 2], ['1.001613', 1.9]), cat, 'rút bảo hiểm xã hội một lần')[0]!.code).toBe('1.001613');
    expect(preferForAnswer(h(['1.001613', 2], ['1.014173', 1.9]), cat, 'rút bảo hiểm xã hội một lần')[0]!.code).toBe('1.001613');
  });
});

describe('a low-confidence search: ask only when another procedure scores close to the best', () => {
  const pool = [
    proc('1.013226', 'Cấp điều chỉnh giấy phép xây dựng đối với công trình cấp III, cấp IV và nhà ở riêng lẻ'),
    proc('1.013234', 'Thẩm định thiết kế xây dựng triển khai sau thiết kế cơ sở'),
    proc('1.014060', 'Tích hợp, cập nhật, điều chỉnh thông tin trên thẻ căn cước'),
  ];
  const cat: ProcedureCatalog = { get: (c) => pool.find((p) => p.code === c), all: () => pool, dataDate: '2026-06-01' };
  const skillWith = (scores: number[]) =>
    createProcedureQaSkill({
      catalogue: cat,
      retriever: {
        search: async (query) => ({ query, confidence: 'low', alternatives: [], hits: pool.map((p, i) => ({ code: p.code, name: p.name, score: scores[i]! })) }),
      },
    });
  const ask = (scores: number[]) =>
    skillWith(scores).handle(
      {
        text: 'Nhà đã có giấy phép xây 4 tầng, giờ muốn đổi thiết kế thêm tum thì xin điều chỉnh ở đâu?',
        rawText: '',
        conversationId: 'c',
        userId: 'u',
        channelId: 'test',
        capabilities: DEFAULT_CAPABILITIES,
        now: new Date('2026-12-07T09:00:00Z'),
        conversation: {},
        user: {},
        understanding: { intent: 'procedure', confidence: 0.9, scores: {}, abstain: false } as Turn['understanding'],
      },
      async () => {
        throw new Error('not reached');
      },
    );

  it('answers a clear winner, saying it is not sure', async () => {
    const r = await ask([2.45, 1.32, 1.07]);
    expect(r.outcome.behavior).toBe('answer');
    expect(r.outcome.procedureCode).toBe('1.013226');
    expect(r.messages[0]!.text).toMatch(/chưa chắc/u);
  });

  it('asks with the choices when another family scores close', async () => {
    const r = await ask([2.45, 2.8, 1.07]);
    expect(r.outcome.tags, JSON.stringify(r.outcome)).toContain('clarify');
    expect(r.outcome.behavior).toBe('clarify');
  });
});

describe('aspectBeyondName: words of the procedure’s own name ask for no aspect', () => {
  it('reads "pháp lý" of "trợ giúp pháp lý" as the name: the question asks for a short-answer aspect, not the legal basis', () => {
    const f = fold('Muốn xin trợ giúp pháp lý miễn phí thì nộp đơn ở đâu, cần chứng minh gì?');
    expect(detectAspect(f)).toBe('legal');
    expect(aspectBeyondName(f, 'Thủ tục yêu cầu trợ giúp pháp lý')).toBe('fee');
    expect(aspectBeyondName(fold('xin trợ giúp pháp lý nộp đơn ở đâu'), 'Thủ tục yêu cầu trợ giúp pháp lý')).toBe('where');
  });

  it('keeps an aspect the name only shares two words with', () => {
    expect(aspectBeyondName(fold('căn cứ pháp lý của thủ tục cấp phiếu lý lịch tư pháp'), 'Cấp Phiếu lý lịch tư pháp cho công dân')).toBe('legal');
  });
});
