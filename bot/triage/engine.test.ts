import { beforeAll, describe, expect, it } from 'vitest';
import { loadTriageKnowledge, parseTrainingTsv, type TriageKnowledge } from '../../knowledge/triage/index.js';
import { argmax, logScores, softmax, trainNaiveBayes } from './classifier.js';
import { TriageEngine } from './engine.js';
import { compilePattern, matchPatterns } from './matcher.js';
import { readDate, readYesNo, isLawyerRequest } from './skill.js';
import { prepareText } from './text.js';

let knowledge: TriageKnowledge;
let engine: TriageEngine;
beforeAll(async () => {
  knowledge = await loadTriageKnowledge();
  engine = new TriageEngine(knowledge);
});

describe('text preparation', () => {
  it.each([
    ['ck e ko tra tien', 'chong em khong tra tien'],
    ['Chồng em không trả tiền', 'chong em khong tra tien'],
    ['cty no luong 6tr', 'cong ty no luong 6 trieu'],
    ['tui mần răng bây giờ', 'toi lam sao bay gio'],
    ['hok dc chia', 'khong duoc chia'],
  ])('%s → %s', (input, folded) => {
    expect(prepareText(input, knowledge.teencode).folded).toBe(folded);
  });
});

describe('pattern matching', () => {
  const m = (pattern: string, text: string, negatable = false) =>
    matchPatterns(prepareText(text, knowledge.teencode), [compilePattern(pattern)], negatable).length > 0;
  it.each([
    ['khong .. chia', 'anh ấy không chịu chia đất', true],
    ['khong .. chia', 'không ai muốn ở đó để mà chia', false],
    ['nợ', 'nó không trả', false],
    ['nợ', 'no luong 2 thang', true],
    ['tranh chap', 'tranhchap', false],
    ['6\\d tuoi', 'mẹ tôi 65 tuổi', true],
  ])('%s in "%s" → %s', (pattern, text, expected) => {
    expect(m(pattern, text)).toBe(expected);
  });
  it('skips negated hits for negatable lists', () => {
    expect(m('tranh chap', 'nhà tôi không có tranh chấp gì', true)).toBe(false);
    expect(m('tranh chap', 'nhà tôi đang tranh chấp', true)).toBe(true);
  });
});

describe('naive Bayes', () => {
  it('learns separable toy labels and is deterministic', () => {
    const docs = [
      { features: ['dat', 'so_do'], label: 'A' as const },
      { features: ['dat', 'lan'], label: 'A' as const },
      { features: ['luong', 'cong_ty'], label: 'B' as const },
    ];
    const m1 = trainNaiveBayes(['A', 'B'] as const, docs);
    const m2 = trainNaiveBayes(['A', 'B'] as const, docs);
    expect(argmax(softmax(logScores(m1, ['dat'])))).toBe('A');
    expect(argmax(softmax(logScores(m1, ['luong', 'unknown'])))).toBe('B');
    expect(logScores(m1, ['dat', 'luong'])).toEqual(logScores(m2, ['dat', 'luong']));
    const p = softmax(logScores(m1, ['dat']), 3);
    expect(p.A + p.B).toBeCloseTo(1);
  });
  it('rejects malformed training lines precisely', () => {
    expect(() => parseTrainingTsv('DAT_DAI\tprocedure\tok text\nNOPE\tprocedure\tbad area\n')).toThrow(/training.tsv:2/);
  });
});

describe('triage decisions (table)', () => {
  it.each([
    ['thủ tục khai nhận di sản thừa kế cần giấy tờ gì', 'procedure', 'THUA_KE'],
    ['anh em tôi không chịu chia đất bố mẹ để lại', 'escalate', 'THUA_KE'],
    ['quyền dân sự bị hạn chế khi nào', 'general', 'DAN_SU_HOP_DONG'],
    ['người thuê nhà có quyền gì khi chủ nhà bán nhà', 'general', 'NHA_O'],
    ['lam lai cccd o dau', 'procedure', 'HO_TICH'],
    ['Chồng tôi thường xuyên đánh tôi, tối qua còn dọa giết', 'urgent', 'BAO_LUC_GIA_DINH'],
    ['Em gái tôi đi xuất khẩu lao động bị giữ hộ chiếu, không cho về nước', 'urgent', 'HINH_SU'],
    ['Vợ chồng tôi thuận tình ly hôn, đã thỏa thuận xong con cái tài sản, nộp đơn ở tòa nào?', 'procedure', 'HON_NHAN_GIA_DINH'],
    ['Cán bộ địa chính đòi tôi đưa tiền mới làm hồ sơ sang tên, tôi muốn tố cáo.', 'escalate', 'KHIEU_NAI_TO_CAO'],
  ] as const)('%s → %s / %s', (text, decision, area) => {
    const a = engine.assess(text);
    expect(a.decision).toBe(decision);
    expect(a.area).toBe(area);
    expect(a.confidence).toBeGreaterThan(0);
    expect(a.confidence).toBeLessThanOrEqual(1);
  });

  it('flags the conflict with the service point and the complaint deadline', () => {
    const a = engine.assess('UBND phường ra quyết định xử phạt tôi vì xây dựng không phép, tôi thấy không đúng, muốn khiếu nại.');
    expect(a.conflict).toBe(true);
    expect(a.deadline?.id).toBe('administrative_complaint');
    expect(a.deadline?.days).toBe(90);
  });

  it('keeps the area of a short follow-up from the conversation context', () => {
    const a = engine.assess('anh cả không chịu chia', { context: ['cho hỏi về chia thừa kế nhà đất bố mẹ để lại'] });
    expect(a.decision).toBe('escalate');
    expect(a.area).toBe('THUA_KE');
  });

  it('spots legal-aid groups and business matters', () => {
    expect(engine.assess('Tôi thuộc hộ nghèo, bị hàng xóm lấn đất').eligibilityHints).toContain('ho_ngheo');
    expect(engine.assess('Đối tác kinh doanh không trả tiền hàng 500 triệu').businessMatter).toBe(true);
  });

  it('each mode alone still answers', () => {
    for (const mode of ['classifier', 'rules', 'combined'] as const) {
      expect(engine.assess('bị lừa chuyển 50 triệu qua mạng', { mode }).decision).not.toBe('procedure');
    }
  });
});

describe('reply readers', () => {
  it.each([
    ['Có, tôi muốn gặp luật sư', 'yes'],
    ['Tôi đồng ý', 'yes'],
    ['ok', 'yes'],
    ['dạ không', 'no'],
    ['Tôi không đồng ý', 'no'],
    ['ko can', 'no'],
    ['thế giấy tờ gì', undefined],
  ] as const)('%s → %s', (text, expected) => {
    expect(readYesNo(text)).toBe(expected);
  });
  it.each([
    ['20/11/2026', '2026-11-20'],
    ['ngày 3 tháng 11 năm 2026', '2026-11-03'],
    ['3-11', '2026-11-03'],
    ['31/02/2026', undefined],
  ])('date %s → %s', (text, iso) => {
    expect(readDate(text, new Date('2026-11-26T00:00:00Z'))).toBe(iso);
  });
  it.each([
    ['Hỏi luật sư', true],
    ['tôi cần luật sư', true],
    ['Tôi nhận được giấy triệu tập của cơ quan điều tra, tôi có cần luật sư không?', false],
  ])('lawyer request %s → %s', (text, expected) => {
    expect(isLawyerRequest(text)).toBe(expected);
  });
});
