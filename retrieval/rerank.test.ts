import { describe, expect, it } from 'vitest';
import type { Procedure } from '../knowledge/index.js';
import { makeProcedure } from './testing/fixtures.js';
import { caseOfQuestion, casesOfName, forIndividuals, preferForCitizen } from './preference.js';
import { askingSentences, FOREIGN_ELEMENT, foreignText, nameNegated, negatedPairs, RERANK_FEATURES, rerank, rerankFeatures, type RerankModel } from './rerank.js';
import { RERANK_MODEL } from './rerank-model.js';
import type { ProcedureCatalog, SearchHit } from './types.js';

const READERS = { caseOfQuestion, casesOfName, forIndividuals };
const proc = (code: string, name: string, over: Partial<Procedure> = {}): Procedure => makeProcedure({ code, name, ...over });

function catalogOf(list: Procedure[]): ProcedureCatalog {
  const byCode = new Map(list.map((p) => [p.code, p]));
  return { get: (c) => byCode.get(c), all: () => list, dataDate: '2026-06-01' };
}

const hit = (p: Procedure, score: number, signals: Record<string, number> = {}): SearchHit => ({ code: p.code, name: p.name, score, signals });

describe('FOREIGN_ELEMENT', () => {
  it.each([
    ['Em định cư ở Đức, tên mẹ trong giấy khai sinh bị sai', true],
    ['cô em ở Pháp gửi giấy tờ về nhờ làm', true],
    ['chồng tôi người Nhật muốn nhận con', true],
    ['lấy vợ Hàn Quốc thì đăng ký ở đâu', true],
    ['con tôi ở Mỹ về làm giấy tờ', true],
    ['Việt kiều về nước mua nhà', true],
    ['nhà ở Đức Giang muốn đăng ký kết hôn', false],
    ['em ở Nhật Tân, Tây Hồ', false],
    ['nhà ở Mỹ Đình muốn tách hộ', false],
    ['về ở hẳn với con rồi', false],
    ['sao y bản chính giấy khai sinh', false],
    ['vợ tôi là người Lào, mới sinh cháu ở trạm xá', true],
    ['con gái tôi lấy chồng Hàn, giờ muốn làm giấy tờ', true],
    ['giấy phép xây dựng quá hạn, xin gia hạn thế nào', false],
    ['tôi là người lao động tự do muốn đóng bảo hiểm', false],
    ['bà về ở hẳn với con, muốn nhập khẩu', false],
  ])('%s → %s', (text, foreign) => expect(FOREIGN_ELEMENT.test(foreignText(text))).toBe(foreign));
});

describe('askingSentences', () => {
  it('keeps the sentences with a question mark and the last one: where a story says what it wants', () => {
    expect(askingSentences('Em mới cưới vợ tháng trước, đám cưới to lắm. Giờ vợ em về ở hẳn nhà em. Hộ khẩu vợ em nhập thế nào?')).toEqual(['Hộ khẩu vợ em nhập thế nào?']);
    expect(askingSentences('Có cần xin phép không? Nhà tôi ở phố cổ. Xin ở đâu')).toEqual(['Có cần xin phép không?', 'Xin ở đâu']);
    expect(askingSentences('lam giay khai sinh o dau')).toEqual(['lam giay khai sinh o dau']);
  });

  it('gives the reranker the share of a name the asking sentences explain', () => {
    const marriage = proc('1.000091', 'Thủ tục đăng ký kết hôn');
    const residence = proc('1.000092', 'Đăng ký thường trú');
    const cat = catalogOf([marriage, residence]);
    const q = 'Em mới cưới vợ, đám cưới vui lắm. Giờ đăng ký thường trú cho vợ thế nào?';
    const rows = rerankFeatures([hit(marriage, 2), hit(residence, 1.9)], [], cat, q, 2, READERS);
    const k = RERANK_FEATURES.indexOf('overlapAsk');
    expect(rows[0]![k]).toBe(0);
    expect(rows[1]![k]).toBe(1);
  });
});

describe('rerank', () => {
  const a = proc('1.000001', 'Cấp đổi giấy phép lái xe');
  const b = proc('1.000002', 'Cấp lại giấy phép lái xe');
  const c = proc('1.000003', 'Gia hạn giấy phép lái xe');
  const d = proc('1.000004', 'Đăng ký xe');
  const catalogue = catalogOf([a, b, c, d]);
  const hits = [hit(a, 2, { lexical: 0.6 }), hit(b, 1.8, { lexical: 1 }), hit(c, 1.7, { lexical: 0.8 }), hit(d, 1, { lexical: 0.9 })];
  const byLexical = (depth: number): RerankModel => ({ features: ['lexical'], weights: [1], depth });

  it('gives one vector of every feature per candidate, down to the depth', () => {
    const rows = rerankFeatures(hits, hits, catalogue, 'mất bằng lái xe, làm lại ở đâu', 3, READERS);
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r).toHaveLength(RERANK_FEATURES.length);
    const at = (row: number, f: string) => rows[row]![RERANK_FEATURES.indexOf(f as (typeof RERANK_FEATURES)[number])];
    // "mất" asks for the reissue: the reissue's case agrees, the exchange's does not.
    expect(at(1, 'caseMatch')).toBe(1);
    expect(at(0, 'caseMismatch')).toBe(1);
    // An extension the citizen did not ask for.
    expect(at(2, 'extendName')).toBe(1);
  });

  it('orders the first candidates by the model and keeps the list’s scores in place', () => {
    const out = rerank(byLexical(3), hits, hits, catalogue, 'bằng lái xe', READERS);
    expect(out.map((h) => h.code)).toEqual([b.code, c.code, a.code, d.code]);
    expect(out.map((h) => h.score)).toEqual([2, 1.8, 1.7, 1]);
  });

  it('reorders only the candidates close to the first: a clear winner stays first', () => {
    const out = rerank({ ...byLexical(4), minRatio: 0.85 }, hits, hits, catalogue, 'bằng lái xe', READERS);
    // 1.8 and 1.7 are within 0.85 of 2 and are reordered with it; 1 is not.
    expect(out.map((h) => h.code)).toEqual([b.code, c.code, a.code, d.code]);
    const clear = rerank({ ...byLexical(4), minRatio: 0.95 }, hits, hits, catalogue, 'bằng lái xe', READERS);
    expect(clear).toEqual(hits);
  });

  it('leaves the list as it is with fewer than two candidates or a depth under two', () => {
    expect(rerank(byLexical(1), hits, hits, catalogue, 'bằng lái xe', READERS)).toEqual(hits);
    expect(rerank(byLexical(5), hits.slice(0, 1), hits, catalogue, 'bằng lái xe', READERS)).toEqual(hits.slice(0, 1));
  });

  it('the shipped model names only known features and one weight each', () => {
    expect(RERANK_MODEL).not.toBeNull();
    const model = RERANK_MODEL!;
    expect(model.weights).toHaveLength(model.features.length);
    for (const f of model.features) expect(RERANK_FEATURES).toContain(f);
    expect(model.depth).toBeGreaterThanOrEqual(2);
  });

  it('is applied by preferForCitizen, and `rerank: null` keeps the rules’ order', () => {
    const model: RerankModel = { features: ['lexical'], weights: [1], depth: 4 };
    const q = 'bằng lái xe của tôi';
    expect(preferForCitizen(hits, catalogue, q, { province: 'Hà Nội', rerank: model })[0]!.code).toBe(b.code);
    expect(preferForCitizen(hits, catalogue, q, { province: 'Hà Nội', rerank: null })[0]!.code).toBe(a.code);
  });
});

describe('rerankFeatures, variant cues of the question against the name', () => {
  const marriage = proc('1.000021', 'Thủ tục đăng ký kết hôn');
  const mobile = proc('1.000022', 'Thủ tục đăng ký kết hôn lưu động');
  const householdLand = proc('1.000023', 'Đăng ký đất đai lần đầu đối với hộ gia đình, cá nhân', { applicants: ['Công dân Việt Nam'], levels: ['xa'] });
  const orgLand = proc('1.000024', 'Đăng ký đất đai lần đầu đối với tổ chức', { applicants: ['Tổ chức (không bao gồm doanh nghiệp, HTX)'], levels: ['tinh'] });
  const guardian = proc('1.000025', 'Thủ tục đăng ký giám hộ');
  const endGuardian = proc('1.000026', 'Thủ tục đăng ký chấm dứt giám hộ');
  const funeral = proc('1.000027', 'Hưởng trợ cấp mai táng');
  const upper = proc('1.000028', 'Cấp đổi thẻ căn cước (thực hiện tại cấp tỉnh)', { levels: ['tinh'] });
  const central = proc('1.000029', 'Cấp đổi thẻ căn cước (thực hiện tại cấp trung ương)', { levels: ['bo'] });
  const catalogue = catalogOf([marriage, mobile, householdLand, orgLand, guardian, endGuardian, funeral, upper, central]);
  const features = (q: string, list: Procedure[]) => {
    const rows = rerankFeatures(list.map((p, i) => hit(p, 2 - i / 10)), [], catalogue, q, list.length, READERS);
    return (row: number, f: string) => rows[row]![RERANK_FEATURES.indexOf(f as (typeof RERANK_FEATURES)[number])];
  };

  it('a specialised variant counts as explained only when the question says its extra words', () => {
    const plain = features('Chúng tôi muốn đăng ký kết hôn ở xã', [mobile, marriage]);
    expect(plain(0, 'special')).toBe(1);
    expect(plain(0, 'specialUnexplained')).toBe(1);
    expect(plain(1, 'special')).toBe(0);
    const told = features('Em tôi liệt giường, xin cán bộ đến nhà đăng ký kết hôn lưu động được không', [marriage, mobile]);
    expect(told(1, 'specialExplained')).toBe(1);
    expect(told(1, 'specialUnexplained')).toBe(0);
    expect(told(0, 'generalOfExplained')).toBe(1);
  });

  it.each([
    ['Hợp tác xã chúng tôi dùng đất làm trụ sở từ lâu, chưa có giấy chứng nhận', 1, -1, 0],
    ['Nhà tôi ở xã này từ năm 1993, chưa có sổ đỏ', -1, 1, 1],
  ])('the organisation or the household variant from who asks: %s', (q, orgName, personName, orgForPerson) => {
    const at = features(q, [householdLand, orgLand]);
    expect(at(1, 'orgName')).toBe(orgName);
    expect(at(0, 'personName')).toBe(personName);
    expect(at(1, 'orgForPerson')).toBe(orgForPerson);
    expect(at(1, 'provinceOnly')).toBe(1);
    expect(at(0, 'provinceOnly')).toBe(0);
  });

  it('ending, a death and the level said in the name agree with the question or not', () => {
    const ended = features('Cháu tôi đủ 18 tuổi rồi, tôi muốn kết thúc việc giám hộ', [guardian, endGuardian]);
    expect(ended(1, 'endMatch')).toBe(1);
    expect(ended(0, 'endMatch')).toBe(0);
    expect(features('Tôi muốn làm người giám hộ cho cháu', [endGuardian])(0, 'endMatch')).toBe(-1);
    expect(features('Bố tôi đang lãnh lương hưu, vừa qua đời hôm qua', [funeral])(0, 'deathMatch')).toBe(1);
    expect(features('Tôi muốn hỏi về trợ cấp', [funeral])(0, 'deathMatch')).toBe(-1);
    expect(features('đổi căn cước', [upper])(0, 'upperLevelName')).toBe(1);
    expect(features('đổi căn cước', [upper])(0, 'centralName')).toBe(0);
    expect(features('đổi căn cước', [central])(0, 'centralName')).toBe(1);
    expect(features('đổi căn cước', [central])(0, 'centralOnly')).toBe(1);
  });
});

describe('rerankFeatures, copies, combined procedures, periods, pauses and losses', () => {
  const copyDiploma = proc('1.000031', 'Cấp bản sao văn bằng, chứng chỉ từ sổ gốc');
  const reissueDiploma = proc('1.000032', 'Cấp lại văn bằng, chứng chỉ');
  const certifyCopy = proc('1.000033', 'Chứng thực bản sao từ bản chính giấy tờ, văn bản');
  const combined = proc('1.000034', 'Thủ tục đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con');
  const recognise = proc('1.000035', 'Thủ tục đăng ký nhận cha, mẹ, con');
  const monthly = proc('1.000036', 'Hưởng trợ cấp tuất hằng tháng');
  const once = proc('1.000037', 'Hưởng trợ cấp tuất một lần');
  const pause = proc('1.000038', 'Tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo của hộ kinh doanh');
  const close = proc('1.000039', 'Chấm dứt hoạt động hộ kinh doanh');
  const idReissue = proc('1.000042', 'Cấp lại thẻ căn cước');
  const catalogue = catalogOf([copyDiploma, reissueDiploma, certifyCopy, combined, recognise, monthly, once, pause, close, idReissue]);
  const features = (q: string, list: Procedure[]) => {
    const rows = rerankFeatures(list.map((p, i) => hit(p, 2 - i / 10)), [], catalogue, q, list.length, READERS);
    return (row: number, f: string) => rows[row]![RERANK_FEATURES.indexOf(f as (typeof RERANK_FEATURES)[number])];
  };

  it('a copy asked for agrees with a copy, not with the paper issued again; a lost original wants the register', () => {
    const lost = features('Mình làm mất bằng cấp ba rồi, công ty cần bản sao, xin ở đâu?', [reissueDiploma, copyDiploma, certifyCopy]);
    expect(lost(1, 'copyMatch')).toBe(1);
    expect(lost(0, 'reissueForCopy')).toBe(1);
    expect(lost(1, 'copySource')).toBe(1);
    expect(lost(2, 'copySource')).toBe(-1);
    const held = features('Tôi có bằng gốc, cần ba bản sao có dấu đỏ', [copyDiploma, certifyCopy]);
    expect(held(0, 'copySource')).toBe(-1);
    expect(held(1, 'copySource')).toBe(1);
    expect(features('Tôi mất bằng đại học, xin cấp lại', [copyDiploma])(0, 'copyMatch')).toBe(-1);
  });

  it('a combined procedure with one part held already', () => {
    expect(features('Giấy khai sinh của bé để trống tên cha, giờ bố muốn nhận con', [combined, recognise])(0, 'combinedPartHeld')).toBe(1);
    expect(features('Con tôi mới sinh, bố muốn nhận con và làm giấy khai sinh luôn', [combined, recognise])(0, 'combinedPartHeld')).toBe(0);
    expect(features('Giấy khai sinh của bé để trống tên cha', [combined, recognise])(1, 'combinedName')).toBe(0);
  });

  it('paid monthly or once, and a pause told apart from an ending', () => {
    const lump = features('Anh tôi mất, nghe nói được nhận một cục tiền tuất', [monthly, once]);
    expect(lump(0, 'periodMatch')).toBe(-1);
    expect(lump(1, 'periodMatch')).toBe(1);
    const both = features('Được nhận hằng tháng hay một lần?', [monthly, once]);
    expect(both(0, 'periodMatch')).toBe(0);
    const paused = features('Tôi sinh con nên đóng cửa tiệm khoảng 5 tháng rồi mở lại', [close, pause]);
    expect(paused(1, 'pauseMatch')).toBe(1);
    expect(paused(1, 'resumeMatch')).toBe(1);
    // An ending the question does not tell.
    expect(paused(0, 'endMatch')).toBe(-1);
    const closed = features('Tôi đóng cửa tiệm luôn, không bán nữa', [close, pause]);
    expect(closed(0, 'endMatch')).toBe(1);
    expect(closed(1, 'pauseMatch')).toBe(-1);
  });

  it('a loss denied, a death or a cost is no reissue', () => {
    expect(features('Thẻ căn cước vẫn còn nguyên, không mất, sắp đến tuổi phải đổi', [idReissue])(0, 'reissueMatch')).toBe(-1);
    expect(features('Bố tôi mất năm ngoái, giờ làm thẻ cho mẹ', [idReissue])(0, 'reissueMatch')).toBe(-1);
    expect(features('Làm thẻ căn cước mất bao lâu?', [idReissue])(0, 'reissueMatch')).toBe(-1);
    expect(features('Thẻ căn cước của tôi bị mất', [idReissue])(0, 'reissueMatch')).toBe(1);
    expect(features('mat the can cuoc roi', [idReissue])(0, 'reissueMatch')).toBe(1);
  });
});

describe('preferForCitizen, extension and foreign element', () => {
  const extend = proc('1.000011', 'Gia hạn giấy phép xây dựng');
  const reissue = proc('1.000012', 'Cấp lại giấy phép xây dựng');
  const domestic = proc('1.000013', 'Thủ tục thay đổi, cải chính, bổ sung thông tin hộ tịch');
  const foreign = proc('1.000014', 'Thủ tục thay đổi, cải chính, bổ sung thông tin hộ tịch có yếu tố nước ngoài');
  const catalogue = catalogOf([extend, reissue, domestic, foreign]);
  const rules = { province: 'Hà Nội', rerank: null } as const;

  it('a torn permit asks for its reissue, not more time', () => {
    const out = preferForCitizen([hit(extend, 1.5), hit(reissue, 1.45)], catalogue, 'Giấy phép xây dựng nhà tôi bị rách nát, xin cấp lại ở đâu?', rules);
    expect(out[0]!.code).toBe(reissue.code);
  });

  it('a permit running out asks for the extension', () => {
    const out = preferForCitizen([hit(reissue, 1.5), hit(extend, 1.45)], catalogue, 'giấy phép xây dựng sắp hết hạn mà chưa khởi công, làm sao?', rules);
    expect(out[0]!.code).toBe(extend.code);
  });

  it('a citizen settled abroad gets the foreign-element variant', () => {
    const out = preferForCitizen([hit(domestic, 1.5), hit(foreign, 1.45)], catalogue, 'Em định cư ở Đức, tên mẹ trong giấy khai sinh bị sai chính tả, cải chính ở đâu ạ?', rules);
    expect(out[0]!.code).toBe(foreign.code);
  });
});

describe('negatedPairs: what the citizen rules out', () => {
  it('reads the words after the cue to the end of the clause, never those said again outside it', () => {
    expect([...negatedPairs('chỉ trong làng thôi chứ không phải lễ hội lớn. Cán bộ nói phải đăng ký')]).toEqual(['le hoi', 'hoi lon']);
    expect(negatedPairs('muốn nhận về chăm sóc, chưa tính đến chuyện nhận con nuôi ngay').has('con nuoi')).toBe(true);
    expect(negatedPairs('không phải họ hàng nhưng muốn nhận con nuôi').has('con nuoi')).toBe(false);
    // A paper lacking is no ruling out, nor the question "có phải … không".
    expect(negatedPairs('chỉ có mã số thuế chứ không có giấy đăng ký kinh doanh').size).toBe(0);
    expect(negatedPairs('có phải báo cơ quan thuế không').size).toBe(0);
  });

  it('marks the sibling built on a negated pair, and the preferences put the other first', () => {
    const pairs = negatedPairs('Vợ chồng tôi muốn đón bé về chăm sóc, chưa muốn nhận làm con nuôi ngay');
    expect(nameNegated('Đăng ký việc nuôi con nuôi trong nước', pairs)).toBe(true);
    expect(nameNegated('Đăng ký nhận chăm sóc thay thế cho trẻ em', pairs)).toBe(false);
    const adopt = proc('2.000001', 'Đăng ký việc nuôi con nuôi trong nước');
    const care = proc('2.000002', 'Đăng ký nhận chăm sóc thay thế cho trẻ em');
    const cat = catalogOf([adopt, care]);
    const q = 'Vợ chồng tôi muốn đón bé về chăm sóc, chưa muốn nhận làm con nuôi ngay';
    expect(preferForCitizen([hit(adopt, 2.0), hit(care, 1.9)], cat, q, { province: 'Hà Nội', rerank: null })[0]!.code).toBe(care.code);
    expect(preferForCitizen([hit(adopt, 2.0), hit(care, 1.9)], cat, 'Vợ chồng tôi muốn nhận con nuôi', { province: 'Hà Nội', rerank: null })[0]!.code).toBe(adopt.code);
    const i = RERANK_FEATURES.indexOf('negatedName');
    const rows = rerankFeatures([hit(adopt, 2.0), hit(care, 1.9)], [hit(adopt, 2.0), hit(care, 1.9)], cat, q, 5, READERS);
    expect(rows.map((r) => r[i])).toEqual([1, 0]);
  });
});
