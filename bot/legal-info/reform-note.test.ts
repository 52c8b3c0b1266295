import { beforeAll, describe, expect, it } from 'vitest';
import { LAW_BY_DOCUMENT, loadStatutes, predatesTwoTierReform, type Article, type Statutes } from '../../knowledge/statutes/index.js';
import { checkLegalGrounding, composeLegalAnswer, districtBodiesNamed, REFORM_NOTES, reformNote } from './index.js';

let statutes: Statutes;
beforeAll(async () => {
  statutes = await loadStatutes();
});

const clauseOf = (a: Article, start: string) => {
  const i = a.clauses.findIndex((c) => c.text.startsWith(start));
  expect(i).toBeGreaterThanOrEqual(0);
  return i;
};

describe('districtBodiesNamed', () => {
  it.each([
    ['Chủ tịch Ủy ban nhân dân cấp huyện quyết định việc này.', 'body'],
    ['Ủy ban nhân dân huyện, quận, thị xã, thành phố thuộc tỉnh có thẩm quyền như sau:', 'body'],
    ['Trưởng Công an quận xác nhận trong 05 ngày.', 'body'],
    ['Hồ sơ gửi thanh tra huyện, quận, thị xã để xem xét.', 'body'],
    ['Viện kiểm sát nhân dân cấp huyện kiểm sát việc giải quyết.', 'body'],
    ['Tòa án nhân dân cấp huyện nơi bị đơn cư trú giải quyết.', 'court'],
    ['Toà án nhân dân huyện xét xử sơ thẩm vụ án.', 'court'],
    ['Tòa án nhân dân cấp huyện thụ lý; Ủy ban nhân dân cấp huyện phối hợp.', 'both'],
    ['Người đi khỏi phạm vi đơn vị hành chính cấp huyện nơi đang cư trú từ 03 tháng.', 'unit'],
    ['Lập bản đồ theo đơn vị hành chính cấp xã, cấp huyện, cấp tỉnh.', 'unit'],
    ['Trong địa bàn quận, huyện, thị xã, Ủy ban nhân dân cấp huyện quyết định.', 'body'],
  ] as const)('%s → %s', (line, kind) => {
    expect(districtBodiesNamed([line])).toBe(kind);
  });
  it.each([
    'Ủy ban nhân dân cấp xã nơi cư trú của người cha hoặc người mẹ thực hiện đăng ký khai sinh.',
    'Tòa án nhân dân khu vực có thẩm quyền giải quyết theo thủ tục sơ thẩm.',
    'Tòa án nhân dân cấp tỉnh giải quyết theo thủ tục phúc thẩm.',
    'Người dân ở huyện miền núi được hỗ trợ chi phí đi lại.',
    'Tòa án giải quyết việc ly hôn theo yêu cầu của vợ hoặc chồng.',
    'Đi khỏi phạm vi đơn vị hành chính cấp xã nơi đang cư trú từ 01 ngày trở lên.',
  ])('names no district body: %s', (line) => {
    expect(districtBodiesNamed([line])).toBeUndefined();
  });
});

describe('reform note on quotes of texts older than 1 July 2025', () => {
  it('knows which stored texts predate the reform from their version date', () => {
    // The civil procedure code is stored from its consolidated text of 26/08/2025; the civil
    // status law (bundle) and the residence law (as enacted) from older wording.
    expect(predatesTwoTierReform(LAW_BY_DOCUMENT.get('92/2015/QH13'))).toBe(false);
    expect(predatesTwoTierReform(LAW_BY_DOCUMENT.get('60/2014/QH13'))).toBe(true);
    expect(predatesTwoTierReform(LAW_BY_DOCUMENT.get('68/2020/QH14'))).toBe(true);
    expect(predatesTwoTierReform(LAW_BY_DOCUMENT.get('31/2024/QH15'))).toBe(true);
  });

  it('adds one line under a khoản naming a district body, keeps the quote verbatim and grounded', () => {
    const a = statutes.get('60/2014/QH13:7')!;
    const i = clauseOf(a, '2. Ủy ban nhân dân cấp huyện');
    const { message } = composeLegalAnswer({ article: a, clauseIndex: i });
    expect(message.text).toContain(`> ${a.clauses[i]!.text}`);
    expect(message.text).toContain(REFORM_NOTES.body);
    expect(message.text.split('\n').filter((l) => l.startsWith('Lưu ý:'))).toHaveLength(1);
    expect(checkLegalGrounding(message.text, [a]).ok).toBe(true);
  });

  it('says nothing under a khoản of the same article that names only the commune level', () => {
    const a = statutes.get('60/2014/QH13:7')!;
    const { message } = composeLegalAnswer({ article: a, clauseIndex: clauseOf(a, '1. Ủy ban nhân dân cấp xã') });
    expect(message.text).not.toContain('Lưu ý:');
  });

  it('says only that the district unit is gone when the khoản names it as a unit, not a body', () => {
    const a = statutes.get('68/2020/QH14:31')!;
    const { message } = composeLegalAnswer({ article: a, clauseIndex: clauseOf(a, '1. Công dân có trách nhiệm khai báo tạm vắng') });
    expect(message.text).toContain(REFORM_NOTES.unit);
    expect(checkLegalGrounding(message.text, [a]).ok).toBe(true);
  });

  it('names the regional court for a district court in an older text', () => {
    const a = statutes.get('52/2014/QH13:123')!;
    const { message } = composeLegalAnswer({ article: a, clauseIndex: clauseOf(a, '3. Tòa án nhân dân cấp huyện') });
    expect(message.text).toContain(REFORM_NOTES.court);
    expect(checkLegalGrounding(message.text, [a]).ok).toBe(true);
  });

  it('is driven by the quoted text of any older law, not by a list of laws or articles', () => {
    const older = statutes.articles.filter((a) => predatesTwoTierReform(LAW_BY_DOCUMENT.get(a.document)));
    const noted = new Set<string>();
    for (const a of older) {
      a.clauses.forEach((c, i) => {
        const lines = [c.text, ...c.points];
        if (reformNote(a, lines) !== undefined) noted.add(a.document);
        // Whatever the note, the composed answer stays grounded.
        if (i === 0 && reformNote(a, lines)) expect(checkLegalGrounding(composeLegalAnswer({ article: a, clauseIndex: i }).message.text, [a]).ok).toBe(true);
      });
    }
    // Several laws of the list, not just the residence law.
    expect([...noted]).toEqual(expect.arrayContaining(['60/2014/QH13', '68/2020/QH14', '25/2018/QH14', '31/2024/QH15']));
  });

  it('never adds it to the civil procedure code, stored in its 2025 wording', () => {
    for (const a of statutes.articles.filter((x) => x.document === '92/2015/QH13')) {
      expect(reformNote(a, [...a.intro, ...a.clauses.flatMap((c) => [c.text, ...c.points])])).toBeUndefined();
    }
  });
});

describe('citation of a law stored from its consolidated text', () => {
  it('names the consolidated text and its date, and stays grounded', () => {
    const a = statutes.get('92/2015/QH13:35')!;
    const { message } = composeLegalAnswer({ article: a });
    expect(message.text).toContain('> Tòa án nhân dân khu vực có thẩm quyền giải quyết theo thủ tục sơ thẩm');
    expect(message.text).toContain('Điều 35 Bộ luật Tố tụng dân sự 2015 (92/2015/QH13), có hiệu lực từ 01/07/2016; trích theo văn bản hợp nhất 99/VBHN-VPQH ngày 26/08/2025.');
    expect(message.text).not.toContain('Lưu ý:');
    expect(checkLegalGrounding(message.text, [a]).ok).toBe(true);
    // The consolidated text's number is no free pass for an article of another law.
    const other = statutes.get('91/2015/QH13:623')!;
    expect(checkLegalGrounding(message.text.replace('(92/2015/QH13)', '(91/2015/QH13)'), [other]).ok).toBe(false);
  });
});

describe('reform note beyond the quoted khoản', () => {
  it('a justice office named alone in an older text is the district one', () => {
    expect(districtBodiesNamed(['Công chức làm công tác hộ tịch tại Phòng Tư pháp phải có trình độ cử nhân luật trở lên.'])).toBe('body');
    expect(districtBodiesNamed(['Sở Tư pháp hướng dẫn nghiệp vụ hộ tịch.'])).toBeUndefined();
  });

  it('follows a "see also" article whose title names a district body, and the reply stays grounded', () => {
    const best = statutes.get('02/2011/QH13:7')!;
    const also = statutes.get('02/2011/QH13:18')!;
    expect(reformNote(best, [best.intro.join(' ') || best.clauses[0]!.text])).toBeUndefined();
    const { message } = composeLegalAnswer({ article: best, clauseIndex: 0 }, also);
    const lines = message.text.split('\n');
    const see = lines.findIndex((l) => l.startsWith('Xem thêm:'));
    expect(see).toBeGreaterThan(0);
    expect(lines.slice(see + 1)).toContain(REFORM_NOTES.body);
    expect(checkLegalGrounding(message.text, [best, also]).ok).toBe(true);
  });
});
