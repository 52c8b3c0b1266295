import { beforeAll, describe, expect, it } from 'vitest';
import { loadAdminUnits, type AdminUnits } from '../../knowledge/index.js';
import { normalizeAddress, normalizePlace } from './address-normalize.js';

let units: AdminUnits;
beforeAll(async () => {
  units = await loadAdminUnits();
});

describe('normalizeAddress: abbreviations written out, diacritics restored, parts separated', () => {
  it.each([
    ['34 duong So 7, phuong Binh Tri Dong, TP HCM', '34 đường Số 7, phường Bình Trị Đông, Thành phố Hồ Chí Minh'],
    ['tổ 12 phường Hải Châu', 'tổ 12, phường Hải Châu'],
    ['xom 4 xa Do Luong Nghe An', 'xóm 4, xã Đô Lương, Nghệ An'],
    ['P.7, Q.3, TP.HCM', 'Phường 7, Quận 3, Thành phố Hồ Chí Minh'],
    ['123/45/6 Le Van Sy, P13, Q3, TPHCM', '123/45/6 Lê Văn Sỹ, Phường 13, Quận 3, Thành phố Hồ Chí Minh'],
    ['so 12 ngo 5 pho Phuc Xa, phuong Phuc Xa, quan Ba Dinh, Ha Noi', 'số 12 ngõ 5 phố Phúc Xá, phường Phúc Xá, quận Ba Đình, Hà Nội'],
    ['so 8 ngo 12 pho Hue, HN', 'số 8 ngõ 12 phố Huế, Hà Nội'],
    ['ha noi', 'Hà Nội'],
    ['Sài Gòn', 'Thành phố Hồ Chí Minh'],
    ['phường Sài Gòn, TP HCM', 'phường Sài Gòn, Thành phố Hồ Chí Minh'],
    ['quan binh thanh, sai gon', 'quận Bình Thạnh, Thành phố Hồ Chí Minh'],
    ['duong 3 thang 2 quan 10', 'đường 3 tháng 2, quận 10'],
    ['đường 3/2, phường 10, quận 10', 'đường 3/2, phường 10, quận 10'],
    ['Tp. Cần Thơ', 'Thành phố Cần Thơ'],
    ['T.P Hồ Chí Minh', 'Thành phố Hồ Chí Minh'],
    ['t.p Can Tho', 'Thành phố Cần Thơ'],
    ['Tp.Hà Nội', 'Thành phố Hà Nội'],
    ['TT. Đông Anh', 'Thị trấn Đông Anh'],
    ['xa Con Dao', 'xã Côn Đảo'],
    ['phuong Quan Hoa, quan Cau Giay, HN', 'phường Quan Hoa, quận Cầu Giấy, Hà Nội'],
    ['Ba Ria - Vung Tau', 'Bà Rịa - Vũng Tàu'],
    ['số 7, khu phố 3, phường Linh Trung, TP Thủ Đức, TP.HCM', 'số 7, khu phố 3, phường Linh Trung, Thành phố Thủ Đức, Thành phố Hồ Chí Minh'],
    ['kp 3, phuong Linh Trung', 'khu phố 3, phường Linh Trung'],
    ['tại số 5 thôn 3, xã Tam Hưng', 'số 5, thôn 3, xã Tam Hưng'],
    ['ở trọ số 8 ngõ 3, Hà Nội', 'số 8 ngõ 3, Hà Nội'],
    ['tổ dân phố 3, thị trấn Đông Anh, Hà Nội', 'tổ dân phố 3, thị trấn Đông Anh, Hà Nội'],
    ['phường 5, Cần Thơ', 'phường 5, Cần Thơ'],
    ['Gio Linh, Quảng Trị', 'Gio Linh, Quảng Trị'],
    ['QL1A, ấp 2, xã Tân Hiệp', 'QL1A, ấp 2, xã Tân Hiệp'],
    ['đường ĐT741, xã Phú Giáo', 'đường ĐT741, xã Phú Giáo'],
    ['so nha 15 duong Le Loi, phuong Ben Thanh', 'số nhà 15 đường Lê Lợi, phường Bến Thành'],
    ['SN 20, to 5, phuong Hai Chau, Da Nang', 'Số nhà 20, tổ 5, phường Hải Châu, Đà Nẵng'],
  ])('%s → %s', (text, value) => {
    expect(normalizeAddress(text, units).value).toBe(value);
  });
});

describe('normalizeAddress: an old unit stays the old unit', () => {
  it.each([
    ['Hà Giang', 'Hà Giang'],
    ['xa Lung Cu, huyen Dong Van, tinh Ha Giang', 'xã Lũng Cú, huyện Đồng Văn, tỉnh Hà Giang'],
    ['Số 12 ngõ 5 phố Phúc Xá, phường Phúc Xá, quận Ba Đình, Hà Nội', 'Số 12 ngõ 5 phố Phúc Xá, phường Phúc Xá, quận Ba Đình, Hà Nội'],
    ['ap 3 xa My Duc Tay, huyen Cai Be, tinh Tien Giang', 'ấp 3, xã Mỹ Đức Tây, huyện Cái Bè, tỉnh Tiền Giang'],
  ])('%s → %s', (text, value) => {
    expect(normalizeAddress(text, units).value).toBe(value);
  });
});

describe('normalizeAddress: a unit the citizen says is old gives way to what it is now', () => {
  it.each([
    ['P.1204 toa B2 chung cu Linh Dam, quan Hoang Mai cu, h la phuong Hoang Liet, HN', 'phòng 1204 toa B2 chung cư Linh Dam, phường Hoàng Liệt, Hà Nội'],
    ['ấp Phước Yên A, xã Phú Quới, huyện Long Hồ cũ, Vĩnh Long', 'ấp Phước Yên A, xã Phú Quới, Vĩnh Long'],
    ['210 Nguyen Trai, phuong Nguyen Cu Trinh, quan 1 cu, gio la phuong Cau Ong Lanh, TP.HCM', '210 Nguyễn Trãi, phường Cầu Ông Lãnh, Thành phố Hồ Chí Minh'],
    ['khối 7, trước là phường Trường Thi thành phố Vinh, nay là phường Trường Vinh, tỉnh Nghệ An', 'khối 7, phường Trường Vinh, tỉnh Nghệ An'],
    // A province said to be old, and what it is now, in brackets or after a comma, in capitals.
    ['xóm 3 thôn Đông, xã Vũ Thư, Thái Bình cũ (giờ thuộc Hưng Yên)', 'xóm 3, thôn Đông, xã Vũ Thư, Hưng Yên'],
    ['ấp Bình Hòa, xã Châu Thành, Tiền Giang cũ, giờ thuộc Đồng Tháp rồi', 'ấp Bình Hòa, xã Châu Thành, Đồng Tháp'],
    ['TỔ 5 PHƯỜNG TRẦN LÃM, THÁI BÌNH CŨ NAY LÀ HƯNG YÊN', 'TỔ 5, PHƯỜNG TRẦN LÃM, HƯNG YÊN'],
    // The old district and chatter between the commune and the province.
    ['ấp Phước Yên A, xã Phú Quới, huyện Long Hồ cũ đó chị, Vĩnh Long', 'ấp Phước Yên A, xã Phú Quới, Vĩnh Long'],
    // Not said to be old: kept, and a name with "Củ" is no "cũ".
    ['số 5 huyện Củ Chi, TP HCM', 'số 5, huyện Củ Chi, Thành phố Hồ Chí Minh'],
  ])('%s → %s', (text, value) => {
    expect(normalizeAddress(text, units).value).toBe(value);
  });
});

describe('normalizeAddress: chatter cut, what belongs elsewhere returned as rest', () => {
  it.each([
    ['xóm 4, xã Đô Lương, Nghệ An nờ', 'xóm 4, xã Đô Lương, Nghệ An', undefined],
    ['thôn Đông, xã Hà Trung, Thanh Hóa, cũng lần thứ hai', 'thôn Đông, xã Hà Trung, Thanh Hóa', 'cũng lần thứ hai'],
    ['Thanh Hóa, giờ e thuê trọ ở 12 Lê Lợi', 'Thanh Hóa', 'giờ e thuê trọ ở 12 Lê Lợi'],
    ['thôn 4, xã Nà Pài, huyện Bắc Hà, tỉnh Lào Cai ạ', 'thôn 4, xã Nà Pài, huyện Bắc Hà, tỉnh Lào Cai', undefined],
    ['số 5 Lê Lợi, phường Bến Nghé, Q1, TPHCM nhé chị', 'số 5 Lê Lợi, phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh', undefined],
    ['thôn 3, xã Vị Thanh, nha', 'thôn 3, xã Vị Thanh', undefined],
    ['thon Dong, xa Ha Trung, Thanh Hoa nha', 'thôn Dong, xã Hà Trung, Thanh Hóa', undefined],
    ['Nghe An no', 'Nghệ An', undefined],
    ['xóm 2, xã Hải Hậu, còn chồng em ở Hà Nội', 'xóm 2, xã Hải Hậu', 'còn chồng em ở Hà Nội'],
    ['số 3 ngõ 2, Hà Nội, gần chợ', 'số 3 ngõ 2, Hà Nội', 'gần chợ'],
    ['thôn Tân Sơn, xã Lục Ngạn, Bắc Ninh; ny e ở xã Văn Quan, Lạng Sơn', 'thôn Tân Sơn, xã Lục Ngạn, Bắc Ninh', 'ny e ở xã Văn Quan, Lạng Sơn'],
    ['số 5 Lê Lợi, nhé, còn quê em ở Nghệ An', 'số 5 Lê Lợi', 'còn quê em ở Nghệ An'],
  ])('%s', (text, value, rest) => {
    const r = normalizeAddress(text, units);
    expect(r.value).toBe(value);
    expect(r.rest).toBe(rest);
  });
});

describe('normalizeAddress: sure only when every name could be restored', () => {
  it('a street or village name typed without diacritics stays as typed, unsure', () => {
    expect(normalizeAddress('12 Nguyen Van A, phuong Tan Dinh', units)).toMatchObject({ value: '12 Nguyen Van A, phường Tân Định', restored: true, sure: false });
    expect(normalizeAddress('thon Dong, xa Ha Trung, Thanh Hoa', units)).toMatchObject({ value: 'thôn Dong, xã Hà Trung, Thanh Hóa', sure: false });
  });
  it('names typed with diacritics are taken as typed', () => {
    expect(normalizeAddress('thôn Đông, xã Hà Trung, Thanh Hóa', units)).toEqual({ value: 'thôn Đông, xã Hà Trung, Thanh Hóa', restored: false, sure: true });
  });
  it('units and known names restored surely', () => {
    expect(normalizeAddress('34 duong So 7, phuong Binh Tri Dong, TP HCM', units)).toMatchObject({ restored: true, sure: true });
    expect(normalizeAddress('xa Lung Cu, huyen Dong Van, tinh Ha Giang', units)).toMatchObject({ restored: true, sure: true });
  });
  it('abbreviations written out are no restoring', () => {
    expect(normalizeAddress('P.7, Q.3, TP.HCM', units)).toMatchObject({ restored: false, sure: true });
  });
});

describe('normalizePlace: a place of birth or registration', () => {
  it.each([
    ['BV Phu san TP Can Tho', 'Bệnh viện Phụ sản Thành phố Cần Thơ', undefined],
    ['UBND phuong 7, quan 3, TP HCM ngay 12/9/2012', 'Ủy ban nhân dân phường 7, quận 3, Thành phố Hồ Chí Minh', 'ngay 12/9/2012'],
    ['tram y te xa Bac Ha', 'Trạm Y tế xã Bắc Hà', undefined],
    ['benh vien da khoa tinh Nghe An', 'Bệnh viện Đa khoa tỉnh Nghệ An', undefined],
    ['UBND xã Tân Yên, số 125, quyển số 01', 'Ủy ban nhân dân xã Tân Yên', 'số 125, quyển số 01'],
    ['BV Tu Du', 'Bệnh viện Từ Dũ', undefined],
    ['Bệnh viện Phụ sản Hà Nội', 'Bệnh viện Phụ sản Hà Nội', undefined],
    ['ubnd xa Hai Hau huyen Hai Hau tinh Nam Dinh', 'Ủy ban nhân dân xã Hải Hậu, huyện Hải Hậu, tỉnh Nam Định', undefined],
    ['TTYT huyen Do Luong, Nghe An', 'Trung tâm Y tế huyện Đô Lương, Nghệ An', undefined],
    ['bv da khoa Ha Dong', 'Bệnh viện Đa khoa Hà Đông', undefined],
    ['UBND phường Hàng Gai, ngày 20/10/2010', 'Ủy ban nhân dân phường Hàng Gai', 'ngày 20/10/2010'],
    ['bệnh viện Bạch Mai nhé', 'Bệnh viện Bạch Mai', undefined],
  ])('%s', (text, value, rest) => {
    const r = normalizePlace(text, units);
    expect(r.value).toBe(value);
    expect(r.rest).toBe(rest);
  });
});

describe('normalizeAddress: more ways of writing', () => {
  it.each([
    ['khu 3, thị trấn Hùng Sơn', 'khu 3, thị trấn Hùng Sơn'],
    ['Tổ 3 Khu 5 P. Hồng Hải TP Hạ Long Quảng Ninh', 'Tổ 3, Khu 5, Phường Hồng Hải, Thành phố Hạ Long, Quảng Ninh'],
    ['so 15 pho Hang Bac P Hang Bac Q Hoan Kiem HN', 'số 15 phố Hàng Bạc, Phường Hàng Bạc, Quận Hoàn Kiếm, Hà Nội'],
    ['tp Hai Phong', 'Thành phố Hải Phòng'],
    ['bac kan', 'Bắc Kạn'],
    ['xa Dien Ban', 'xã Điện Bàn'],
    ['lô A12 khu đô thị Văn Phú, phường Phú La, Hà Đông, Hà Nội', 'lô A12, khu đô thị Văn Phú, phường Phú La, Hà Đông, Hà Nội'],
    ['phuong Ben Nghe quan 1', 'phường Bến Nghé, quận 1'],
  ])('%s → %s', (text, value) => {
    expect(normalizeAddress(text, units).value).toBe(value);
  });
  it('what follows the province, as typed', () => {
    expect(normalizeAddress('thôn Trung, xã An Thịnh, huyện Lương Tài, Bắc Ninh, từ năm 2015', units)).toMatchObject({ value: 'thôn Trung, xã An Thịnh, huyện Lương Tài, Bắc Ninh', rest: 'từ năm 2015' });
    expect(normalizeAddress('Nghe An no, cung lan thu hai', units)).toMatchObject({ value: 'Nghệ An', rest: 'cung lan thu hai' });
  });
});

describe('typed style: only the chatter cut, every word as typed', () => {
  it.each([
    ['so 9 duong Tran Phu, phuong Viet Tri, tinh Phu Tho nha', 'so 9 duong Tran Phu, phuong Viet Tri, tinh Phu Tho', undefined],
    ['số 8 ngõ 112 Định Công, phường Định Công, HN nhé', 'số 8 ngõ 112 Định Công, phường Định Công, HN', undefined],
    ['tổ 5, phường Ninh Kiều, TP. Cần Thơ, còn vợ em ở quê', 'tổ 5, phường Ninh Kiều, TP. Cần Thơ', 'còn vợ em ở quê'],
    ['xóm 4 xã Đô Lương Nghệ An nờ', 'xóm 4 xã Đô Lương Nghệ An', undefined],
  ])('%s', (text, value, rest) => {
    const r = normalizeAddress(text, units, { style: 'typed' });
    expect(r.value).toBe(value);
    expect(r.rest).toBe(rest);
  });
  it('only chatter is no address', () => {
    expect(normalizeAddress('hả chị?', units, { style: 'typed' }).value).toBe('');
    expect(normalizeAddress('nha, xóm 3', units, { style: 'typed' }).value).toBe('xóm 3');
  });
  it('a place keeps its words too, the registration date goes to rest', () => {
    expect(normalizePlace('UBND phuong Nghia Tan ngay 5/6/2011', units, { style: 'typed' })).toMatchObject({ value: 'UBND phuong Nghia Tan', rest: 'ngay 5/6/2011' });
  });
});
