import { describe, expect, it } from 'vitest';
import type { SubmissionChannel } from '../procedure.js';
import { mergeRecords, misfiledCrawlPages } from './merge.js';
import type { SourceRecord } from './source-record.js';

const channel = (value: number): SubmissionChannel => ({
  kind: 'online',
  processingTime: { value, unit: 'ngay_lam_viec', text: `${value} ngày làm việc` },
  fees: [],
  description: '',
});

const index: SourceRecord = {
  source: 'portal-index',
  code: '1.001193',
  crawledAt: '2026-07-18',
  url: 'https://dichvucong.gov.vn/thu-tuc-hanh-chinh/index-id',
  name: 'Thủ tục đăng ký khai sinh',
  scope: 'national',
  province: null,
  fields: ['Hộ tịch'],
  agencies: ['Ủy ban nhân dân cấp xã'],
  promulgatedBy: 'Bộ Tư pháp',
  applicants: ['Công dân Việt Nam'],
};
const crawl: SourceRecord = {
  source: 'portal-crawl',
  code: '1.001193',
  crawledAt: '2026-06-01',
  name: 'Thủ tục đăng ký khai sinh (crawl)',
  levels: ['xa'],
  fields: ['Hộ tịch'],
  agencies: undefined,
  decisionNumber: '163/QĐ-BTP',
  steps: ['Bước từ crawl'],
  channels: [channel(3)],
  documentGroups: [{ title: 'Giấy tờ phải nộp', items: [{ name: 'Giấy chứng sinh', originals: 1, copies: 0, formName: null, required: null }] }],
  legalBasis: [{ number: '123/2015/NĐ-CP', title: 'Nghị định 123/2015/NĐ-CP', issuedDate: null, issuer: 'Chính phủ' }],
  results: ['Giấy khai sinh'],
  conditions: null,
};
const api: SourceRecord = {
  source: 'portal-api-detail',
  code: '1.001193',
  crawledAt: '2026-07-01',
  url: 'https://dichvucong.gov.vn/thu-tuc-hanh-chinh/api-id',
  name: 'Thủ tục đăng ký khai sinh',
  levels: ['xa'],
  decisionNumber: null,
  steps: ['Bước từ API'],
  channels: [channel(1)],
  documentGroups: [],
  legalBasis: [],
  results: [],
};

describe('mergeRecords', () => {
  it.each([
    ['API > crawl > index', [index, crawl, api]],
    ['order of input does not matter', [api, index, crawl]],
  ])('precedence: %s', (_, records) => {
    const p = mergeRecords(records);
    expect(p.provenance).toEqual({
      source: 'portal-api-detail',
      crawledAt: '2026-07-01',
      seenIn: ['portal-api-detail', 'portal-crawl', 'portal-index'],
      url: 'https://dichvucong.gov.vn/thu-tuc-hanh-chinh/api-id',
    });
    // Fields the API has win.
    expect(p.steps).toEqual(['Bước từ API']);
    expect(p.channels[0]!.processingTime?.value).toBe(1);
    // Gaps in the API record are filled from the crawl, then the index.
    expect(p.documentGroups[0]!.items[0]!.name).toBe('Giấy chứng sinh');
    expect(p.legalBasis.map((l) => l.number)).toEqual(['123/2015/NĐ-CP']);
    expect(p.results).toEqual(['Giấy khai sinh']);
    expect(p.decisionNumber).toBe('163/QĐ-BTP');
    expect(p.agencies).toEqual(['Ủy ban nhân dân cấp xã']);
    expect(p.applicants).toEqual(['Công dân Việt Nam']);
    expect(p.name).toBe('Thủ tục đăng ký khai sinh');
    expect(p.detailLevel).toBe('full');
    expect(p.onlineAvailable).toBe(true);
  });

  it('an index-only record keeps every detail section empty', () => {
    const p = mergeRecords([index]);
    expect(p).toMatchObject({
      detailLevel: 'index',
      steps: [],
      channels: [],
      documentGroups: [],
      legalBasis: [],
      results: [],
      conditions: null,
      onlineAvailable: null,
      provenance: { source: 'portal-index', seenIn: ['portal-index'] },
    });
    // Level inferred from the agency name when no source states it.
    expect(p.levels).toEqual(['xa']);
  });

  it('refuses records for different codes and results that break the schema', () => {
    expect(() => mergeRecords([index, { ...crawl, code: '1.000001' }])).toThrow(/different codes/);
    expect(() => mergeRecords([{ ...index, name: '' }])).toThrow(/breaks the schema at name/);
  });
});

describe('levels from agency names (index-only records)', () => {
  it.each([
    [['Ủy ban nhân dân cấp xã'], ['xa']],
    [['Sở Khoa học và Công nghệ'], ['tinh']],
    [['Cục Hàng hải và Đường thủy Việt Nam'], ['bo']],
    [['Công an cấp Tỉnh', 'Bộ chỉ huy quân sự cấp tỉnh', 'Bộ phận một cửa'], ['tinh']],
    [['Ủy ban Tiêu chuẩn Đo lường Chất lượng Quốc gia'], []],
  ])('%j → %j', (agencies, levels) => {
    expect(mergeRecords([{ ...index, agencies }]).levels).toEqual(levels);
  });
});

describe('misfiledCrawlPages', () => {
  const lockIndex: SourceRecord = { ...index, code: '3.000285', name: 'Khóa căn cước điện tử (thực hiện tại cấp xã)' };
  const placeholder: SourceRecord = { ...crawl, code: '3.000285', name: 'Hỗ trợ phát triển sản xuất cộng đồng.' };

  it('finds a crawled page of another procedure saved under the code, against the portal name', () => {
    expect(misfiledCrawlPages([lockIndex, placeholder])).toEqual([placeholder]);
    expect(misfiledCrawlPages([{ ...api, code: '3.000285', name: lockIndex.name }, placeholder])).toEqual([placeholder]);
  });

  it('keeps a page of the same procedure under a newer name, and a crawl with nothing to compare with', () => {
    const renamedIndex: SourceRecord = { ...index, code: '1.001319', name: 'Cấp mới Chứng chỉ đăng kiểm viên phương tiện giao thông đường sắt' };
    const renamedCrawl: SourceRecord = { ...crawl, code: '1.001319', name: 'Cấp mới Chứng chỉ đăng kiểm viên thực hiện công việc chuyên môn' };
    expect(misfiledCrawlPages([renamedIndex, renamedCrawl])).toEqual([]);
    expect(misfiledCrawlPages([index, crawl])).toEqual([]);
    expect(misfiledCrawlPages([placeholder])).toEqual([]);
  });
});
