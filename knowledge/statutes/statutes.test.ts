import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { canonicalDocument, contentHash, importStatutes, LAW_BY_DOCUMENT, LAWS, loadStatutes, parsePhapdienHtml, parseSourceNote, structureLines, toJsonl } from './index.js';
import { phapdienRecordsOf, type ImportReport } from './import.js';

const SHARED = fileURLToPath(new URL('../../../shared/data/statutes', import.meta.url));

describe('structureLines', () => {
  it('splits intro, khoản and điểm verbatim', () => {
    const r = structureLines(['Mở đầu.', '1. Khoản một:', 'a) điểm a;', 'b) điểm b.', '2. Khoản hai 1.000.000 đồng.', 'Đoạn tiếp theo.']);
    expect(r.intro).toEqual(['Mở đầu.']);
    expect(r.clauses.map((c) => c.number)).toEqual(['1', '2']);
    expect(r.clauses[0]!.points).toEqual(['a) điểm a;', 'b) điểm b.']);
    expect(r.clauses[1]!.points).toEqual(['Đoạn tiếp theo.']);
  });
  it('does not read an amount at the start of a line as a khoản', () => {
    expect(structureLines(['1.000.000 đồng là mức phạt.']).clauses).toEqual([]);
  });
});

describe('parseSourceNote', () => {
  it.each([
    ['Điều 623 Bộ luật số 91/2015/QH13, có hiệu lực thi hành kể từ ngày 01/01/2017', { article: '623', document: '91/2015/QH13', effectiveFrom: '2017-01-01', amendments: [] }],
    [
      'Điều 151 Bộ luật số 100/2015/QH13, có hiệu lực thi hành kể từ ngày 01/01/2018, có nội dung được sửa đổi, có nội dung được bổ sung bởi Điều 1 Luật số 12/2017/QH14 có hiệu lực thi hành kể từ ngày 01/01/2018',
      { article: '151', document: '100/2015/QH13', effectiveFrom: '2018-01-01', amendments: [{ document: '12/2017/QH14', effectiveFrom: '2018-01-01' }] },
    ],
    ['Điều 3 Bộ Luật số 100/2015/QH13, có hiệu lực thi hành kể từ ngày 01/01/2018', { article: '3', document: '100/2015/QH13', effectiveFrom: '2018-01-01', amendments: [] }],
  ])('%s', (note, expected) => {
    expect(parseSourceNote(note)).toEqual(expected);
  });
});

describe('parsePhapdienHtml', () => {
  it('reads heading, source note, link and paragraphs of the bundle format', () => {
    const raw =
      "<p class='pChuong'>Chương XXI</p><p class='pChuong'>QUY ĐỊNH CHUNG</p><p class='pDieu'><a name='0900'></a>Điều 9.1.LQ.623. Thời hiệu thừa kế</p>" +
      "<p class='pGhiChu'><a href='http://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=95942' target='_blank'>(Điều 623 Bộ luật số 91/2015/QH13, có hiệu lực thi hành kể từ ngày 01/01/2017)</a></p>" +
      "<p class='pNoiDung'><p>1. Thời hiệu&nbsp;là 30 năm:</p>\n\n<p>a) Di sản;</p></p><p class='pChiDan'>(liên quan)</p>";
    const [a] = parsePhapdienHtml(raw);
    expect(a).toMatchObject({ codified: 'Điều 9.1.LQ.623', title: 'Thời hiệu thừa kế', chapter: 'Chương XXI QUY ĐỊNH CHUNG', lines: ['1. Thời hiệu là 30 năm:', 'a) Di sản;'] });
    expect(a!.note).toContain('91/2015/QH13');
    expect(a!.href).toContain('ItemID=95942');
  });
});

describe('phapdienRecordsOf', () => {
  it('reads the wanted đề mục of the bundle\'s JSONL in the HTML parser\'s shape, and nothing else', () => {
    const report: ImportReport = { total: 0, byDocument: {}, seen: {}, rejected: [], split: [], withClauses: 0, repealed: [] };
    const records = [
      { demuc_so: '34.1', chuong: 'Chương I NHỮNG QUY ĐỊNH CHUNG', dieu: 'Điều 34.1.LQ.4', tieu_de: 'Quyền của người tiêu dùng', nguon: 'Điều 4 Luật số 19/2023/QH15, có hiệu lực thi hành kể từ ngày 01/07/2024', nguon_url: 'http://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=161263#Chuong_I_Dieu_4', noi_dung: '1. Được bảo đảm an toàn;\n\na) điểm a.' },
      { demuc_so: '9.1', dieu: 'Điều 9.1.LQ.1', tieu_de: 'Phạm vi điều chỉnh', noi_dung: 'x' },
    ];
    const [src, ...rest] = phapdienRecordsOf(records, new Set(['34.1']), report);
    expect(rest).toEqual([]);
    expect(src!.articles).toEqual([
      { codified: 'Điều 34.1.LQ.4', title: 'Quyền của người tiêu dùng', chapter: 'Chương I NHỮNG QUY ĐỊNH CHUNG', note: records[0]!.nguon, href: records[0]!.nguon_url, lines: ['1. Được bảo đảm an toàn;', 'a) điểm a.'] },
    ]);
    expect(report.seen['phapdien-jsonl:34.1']).toBe(1);
  });
});

describe('the committed statutes', async () => {
  const statutes = await loadStatutes();
  it('hold every law of the list, and only those', () => {
    const docs = new Set(statutes.articles.map((a) => a.document));
    expect([...docs].sort()).toEqual(LAWS.map((l) => l.document).sort());
    expect(statutes.articles.length).toBeGreaterThan(2500);
  });
  it('never hold the superseded 2006 residence law', () => {
    expect(statutes.articles.some((a) => a.document === '81/2006/QH11' || a.codified?.startsWith('Điều 39.3.'))).toBe(false);
    expect(statutes.get('68/2020/QH14:31')?.title).toBe('Khai báo tạm vắng');
  });
  it('keep structure, date and link per article', () => {
    const a = statutes.get('91/2015/QH13:623')!;
    expect(a.clauses.map((c) => c.number)).toEqual(['1', '2', '3']);
    expect(a.clauses[0]!.points[0]).toMatch(/^a\) Di sản thuộc quyền sở hữu/);
    expect(a.effectiveFrom).toBe('2017-01-01');
    expect(a.url).toBe('http://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=95942');
    expect(statutes.get('31/2024/QH15:220')?.title).toBe('Tách thửa đất, hợp thửa đất');
    // The consumer-protection law, from the bundle's JSONL: its own articles only (no decree's).
    expect(statutes.get('19/2023/QH15:4')).toMatchObject({ title: 'Quyền của người tiêu dùng', effectiveFrom: '2024-07-01', source: 'phapdien' });
    expect(statutes.articles.filter((x) => x.document === '19/2023/QH15')).toHaveLength(80);
    for (const x of statutes.articles) expect(x.intro.length + x.clauses.length).toBeGreaterThan(0);
  });
  it('hold the civil procedure code in its consolidated 2025 wording (99/VBHN-VPQH), never the bundle\'s district courts', () => {
    const code = statutes.articles.filter((x) => x.document === '92/2015/QH13');
    expect(code.length).toBeGreaterThan(500);
    expect(code.every((x) => x.source === 'vbhn2025' && x.effectiveFrom === '2016-07-01')).toBe(true);
    const text = (x: (typeof code)[number]) => [x.title, ...x.intro, ...x.clauses.flatMap((c) => [c.text, ...c.points])].join('\n');
    expect(code.filter((x) => /Tòa án nhân dân cấp huyện/u.test(text(x))).map((x) => x.id)).toEqual([]);
    expect(statutes.get('92/2015/QH13:35')).toMatchObject({ title: 'Thẩm quyền của Tòa án nhân dân khu vực' });
    expect(text(statutes.get('92/2015/QH13:37')!)).toMatch(/^2\. Tòa án nhân dân cấp tỉnh có thẩm quyền giải quyết yêu cầu hủy phán quyết trọng tài/mu);
    // No consolidation footnote marker, no repealed khoản ("2. (được bãi bỏ)") left in any article.
    expect(statutes.articles.filter((x) => /\[\d+\]/.test(text(x))).map((x) => x.id)).toEqual([]);
    expect(statutes.get('92/2015/QH13:32')!.clauses.map((c) => c.number)).not.toContain('2');
    expect(canonicalDocument('99/VBHN-VPQH')).toBe('92/2015/QH13');
    expect(LAW_BY_DOCUMENT.get('92/2015/QH13')!.version).toMatch(/99\/VBHN-VPQH/);
  });
  it('cut the article that ran on into the next one (8.4.LQ.4 held Điều 5)', () => {
    const a = statutes.get('52/2014/QH13:4')!;
    expect([...a.intro, ...a.clauses.flatMap((c) => [c.text, ...c.points])].some((l) => l.startsWith('Điều 5.'))).toBe(false);
  });
  it.runIf(existsSync(SHARED))('are what the importer makes from ../shared today', async () => {
    const { articles, report } = await importStatutes(SHARED);
    expect(contentHash(toJsonl(articles))).toBe(statutes.contentHash);
    expect(report.rejected.some((r) => r.reason.includes('39.3'))).toBe(true);
    expect(report.rejected.some((r) => r.reason.includes('stored from the consolidated text 99/VBHN-VPQH'))).toBe(true);
  }, 30_000);
});
