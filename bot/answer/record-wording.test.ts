import { describe, expect, it } from 'vitest';
import type { DocumentItem, Procedure } from '../../knowledge/index.js';
import { PERMANENT_RESIDENCE } from '../testing/fixtures.js';
import { shortDocumentName } from './documents.js';
import { whereLine } from './format.js';

const item = (name: string): DocumentItem => ({ name, originals: 1, copies: 1, formName: null, required: null });

describe('papers named after the forms their copy may take (issue 18, audit-dev-7)', () => {
  it.each([
    [
      'Bản chính hoặc bản sao có chứng thực hoặc bản sao kèm theo bản chính để đối chiếu hoặc bản sao điện tử Giấy ra viện, hóa đơn thanh toán chi phí khám bệnh, chữa bệnh',
      'Giấy ra viện, hóa đơn thanh toán chi phí khám bệnh, chữa bệnh',
    ],
    ['Bản sao kèm bản chính để đối chiếu hoặc bản sao có chứng thực Giấy chứng nhận kết hôn', 'Giấy chứng nhận kết hôn'],
  ])('%s', (raw, short) => expect(shortDocumentName(item(raw))).toBe(short));

  it('a file named by its purpose keeps the paper after its colon', () => {
    expect(shortDocumentName(item('Hồ sơ xin cấp Giấy chứng nhận: Quyết định giao đất tái định cư, phương án bồi thường'), undefined, 110)).toBe(
      'Hồ sơ xin cấp Giấy chứng nhận: Quyết định giao đất tái định cư, phương án bồi thường',
    );
    // Not a note after the colon.
    expect(shortDocumentName(item('Hồ sơ xin cấp phép: nộp tại bộ phận một cửa'))).toBe('Hồ sơ xin cấp phép');
  });
});

describe('a claim the employee hands to the employer (issue 18)', () => {
  const claim: Procedure = {
    ...PERMANENT_RESIDENCE,
    agencies: ['Bảo hiểm xã hội cấp tỉnh'],
    steps: ['Bước 1. Lập, nộp hồ sơ 1. NLĐ lập hồ sơ theo quy định tại mục 4.3 (Thành phần hồ sơ); Nộp hồ sơ cho đơn vị SDLĐ.'],
  };
  it('even when the filing follows a semicolon', () => {
    expect(whereLine(claim)).toMatch(/^Đơn vị sử dụng lao động/);
    expect(whereLine({ ...claim, steps: ['NLĐ lập hồ sơ; cơ quan BHXH giải quyết.'] })).not.toMatch(/^Đơn vị sử dụng lao động/);
  });
});
