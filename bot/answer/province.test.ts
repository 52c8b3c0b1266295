import { describe, expect, it } from 'vitest';
import type { Procedure } from '../../knowledge/index.js';
import { PERMANENT_RESIDENCE } from '../testing/fixtures.js';
import { readAsker } from './asker.js';
import { composeShortAnswer } from './compose.js';
import { photoSpec, shortDocumentName } from './documents.js';
import { whereLine } from './format.js';
import { loadAdminUnits } from '../../knowledge/index.js';
import { provinceNames, provincialBodyOf } from './province.js';

/** A few provinces as the administrative-unit data names them. */
const SOME = provinceNames(['Thành phố Hà Nội', 'Tỉnh Lạng Sơn', 'Thành phố Huế', 'Thành phố Hồ Chí Minh', 'Tỉnh Cà Mau', 'Tỉnh Cao Bằng', 'Thành phố Đà Nẵng'].map((name) => ({ name })));
const namedProvince = (text: string) => SOME.namedIn(text);

describe('namedProvince: the one province a message names', () => {
  it.each([
    ['Nhà mình ở TP.HCM đang thế chấp sổ hồng', 'Thành phố Hồ Chí Minh'],
    ['chú tôi về sống hẳn ở tp hcm', 'Thành phố Hồ Chí Minh'],
    ['Hộ kinh doanh quán ăn của tôi ở Cà Mau', 'tỉnh Cà Mau'],
    ['nha minh o xa Trang Dinh, Lang Son', 'tỉnh Lạng Sơn'],
    ['em ở Cầu Giấy HN', 'Thành phố Hà Nội'],
  ])('%s → %s', (text, province) => {
    expect(namedProvince(text)).toBe(province);
  });

  it('names none when the message names none or two', () => {
    expect(namedProvince('Tôi muốn làm lại căn cước')).toBeUndefined();
    expect(namedProvince('Tôi chuyển từ Hà Nội vào Đà Nẵng ở')).toBeUndefined();
    // "Cao" of a surname, "mau" of "nhanh": no province by one of its words alone.
    expect(namedProvince('làm cho nhanh mau lên, nhà cao')).toBeUndefined();
  });
});

describe('province names come from the administrative-unit data', () => {
  it('names a province of the shipped data by its short name, with or without marks, in a sentence\'s casing', async () => {
    const names = provinceNames((await loadAdminUnits()).provinces());
    expect(names.namedIn('em ở Tuyên Quang, muốn hỏi thủ tục')).toBe('tỉnh Tuyên Quang');
    expect(names.namedIn('nha toi o dong thap')).toBe('tỉnh Đồng Tháp');
    expect(names.namedIn('Tôi sống ở Thành phố Hải Phòng')).toBe('Thành phố Hải Phòng');
    expect(names.namedIn('nhà ở sài gòn')).toBe('Thành phố Hồ Chí Minh');
    expect(names.namedIn('không nói tỉnh nào')).toBeUndefined();
  });
  it('"huế" alone is a word of its own; "TP Huế" is the city', () => {
    expect(namedProvince('hoa huệ trắng, hoa huế')).toBeUndefined();
    expect(namedProvince('em ở TP Huế')).toBe('Thành phố Huế');
  });
  it('with no names handed in, an answer names no province', () => {
    const justice: Procedure = { ...PERMANENT_RESIDENCE, code: '9.000002', agencies: ['Sở Tư pháp'], levels: ['tinh'], steps: [], submissionAddress: null };
    expect(composeShortAnswer(justice, undefined, undefined, readAsker('Tôi ở Cà Mau, nộp ở đâu?')).text).not.toContain('Cà Mau');
  });
});

describe('provincialBodyOf: a provincial body as the named province’s own', () => {
  it.each([
    ['Sở Tư pháp', 'Sở Tư pháp Thành phố Hồ Chí Minh'],
    ['Văn phòng đăng ký đất đai', 'Văn phòng đăng ký đất đai Thành phố Hồ Chí Minh'],
    ['Thi hành án dân sự tỉnh, thành phố', 'Thi hành án dân sự Thành phố Hồ Chí Minh'],
    ['Bảo hiểm xã hội tỉnh', 'Bảo hiểm xã hội Thành phố Hồ Chí Minh'],
    ['Công an cấp tỉnh', 'Công an Thành phố Hồ Chí Minh'],
    // Not provincial, or naming its place already: unchanged.
    ['Công an cấp xã', 'Công an cấp xã'],
    ['Ủy ban nhân dân cấp xã', 'Ủy ban nhân dân cấp xã'],
    ['Chi nhánh Văn phòng đăng ký đất đai', 'Chi nhánh Văn phòng đăng ký đất đai'],
    ['Sở Văn hóa và Thể thao Thành phố Hà Nội', 'Sở Văn hóa và Thể thao Thành phố Hà Nội'],
    ['Cục quản lý xuất nhập cảnh', 'Cục quản lý xuất nhập cảnh'],
    ['Bảo hiểm xã hội cơ sở (thuộc Bảo hiểm xã hội tỉnh, thành phố) phụ trách xã, phường nơi cư trú', 'Bảo hiểm xã hội cơ sở (thuộc Bảo hiểm xã hội tỉnh, thành phố) phụ trách xã, phường nơi cư trú'],
  ])('%s → %s', (body, shown) => {
    expect(provincialBodyOf(body, 'Thành phố Hồ Chí Minh')).toBe(shown);
  });
});

describe('the place to go names the province the citizen names', () => {
  const justice: Procedure = { ...PERMANENT_RESIDENCE, code: '9.000001', agencies: ['Sở Tư pháp'], levels: ['tinh'], steps: [], submissionAddress: null };
  it('in the short answer, only for the named province', () => {
    expect(composeShortAnswer(justice, undefined, undefined, readAsker('Chú tôi về sống ở TP.HCM, nộp hồ sơ ở đâu?', undefined, SOME)).text).toContain('Sở Tư pháp Thành phố Hồ Chí Minh');
    expect(composeShortAnswer(justice, undefined, undefined, readAsker('nộp hồ sơ ở đâu?', undefined, SOME)).text).toContain('Sở Tư pháp (cấp tỉnh/thành phố)');
  });
  it('never names another province on a province’s own record', () => {
    const hanoi: Procedure = { ...justice, scope: 'provincial', province: 'Thành phố Hà Nội' };
    expect(whereLine(hanoi, { province: 'Thành phố Hồ Chí Minh' })).not.toContain('Hồ Chí Minh');
    expect(whereLine(hanoi, { province: 'Thành phố Hà Nội' })).toContain('Sở Tư pháp Thành phố Hà Nội');
  });
  it('says a tax office as the taxpayer’s own, by the law’s words', () => {
    const tax: Procedure = { ...justice, agencies: ['Thuế tỉnh, thành phố', 'Thuế cơ sở'] };
    expect(whereLine(tax, { province: 'tỉnh Cà Mau' })).toBe('Cơ quan thuế quản lý trực tiếp: Thuế cơ sở hoặc Thuế tỉnh, thành phố');
  });
});

describe('a photo with many requirements: its size, background and how recent', () => {
  it.each([
    [
      '02 ảnh mới chụp không quá 06 tháng, cỡ 4cm x6cm, mặt nhìn thẳng, đầu để trần, rõ mặt, rõ hai tai, không đeo kính, trang phục lịch sự, phông nền trắng.',
      '02 ảnh cỡ 4cm x 6cm, phông nền trắng, mới chụp không quá 06 tháng',
    ],
    [
      'Tệp tin ảnh màu cỡ 4x6 cm có nền màu trắng chân dung của người đề nghị cấp chứng chỉ hành nghề hoạt động xây dựng được chụp trong thời gian không quá 06 tháng.',
      'Tệp tin ảnh màu cỡ 4x6 cm, nền màu trắng, chụp không quá 06 tháng',
    ],
    ['02 ảnh 4x6cm mới chụp, mặt nhìn thẳng, đầu để trần, không đeo kính màu, phông nền trắng (trong đó 01 ảnh dán vào Tờ khai)', '02 ảnh cỡ 4x6 cm, phông nền trắng, mới chụp'],
  ])('%s', (raw, short) => {
    expect(photoSpec(raw)).toBe(short);
    expect(shortDocumentName({ name: raw, originals: 2, copies: 0, formName: null, required: null })).toBe(short);
  });
  it('leaves a short photo line and other papers as they are', () => {
    expect(photoSpec('Ảnh chân dung 4cm x 6cm')).toBeUndefined();
    expect(photoSpec('Giấy khám sức khỏe, chụp không quá 06 tháng, nền trắng')).toBeUndefined();
    expect(shortDocumentName({ name: 'Ảnh chân dung 4cm x 6cm', originals: 1, copies: 0, formName: null, required: null })).toBe('Ảnh chân dung 4cm x 6cm');
  });
});

describe('a lead naming only the forms of a copy', () => {
  it('gives way to the paper after its colon', () => {
    const name = 'Bản sao có chứng thực hoặc tệp tin bản sao điện tử được chứng thực theo quy định: Văn bằng do cơ sở đào tạo hợp pháp cấp phù hợp với lĩnh vực, hạng chứng chỉ hành nghề đề nghị cấp; trường hợp …';
    expect(shortDocumentName({ name, originals: 0, copies: 1, formName: null, required: null })).toMatch(/^Văn bằng do cơ sở đào tạo hợp pháp cấp phù hợp với lĩnh vực/);
  });
});

describe('the fee case from the citizen’s words', () => {
  it('an expired paper asked "làm lại" is no reissue of a lost or damaged one', () => {
    expect(readAsker('Hộ chiếu cũ của e hết hạn tháng sau r, muốn làm lại cho nhanh').asker?.case).toBe('change');
    expect(readAsker('Hộ chiếu bị mất, muốn làm lại').asker?.case).toBe('reissue');
    expect(readAsker('muốn xin cấp lại giấy phép').asker?.case).toBe('reissue');
  });
});
