import { describe, expect, it } from 'vitest';
import type { Procedure } from '../../knowledge/index.js';
import type { ProcedureCatalog, SearchHit } from '../../retrieval/index.js';
import { BIRTH_REGISTRATION } from '../testing/fixtures.js';
import { variantChoices } from './procedure-qa.js';

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
