import { describe, expect, it } from 'vitest';
import { findName, sexOfName } from './names.js';

const now = new Date('2026-12-01T10:00:00Z');

describe('findName', () => {
  it.each([
    ['PHẠM THỊ NGỌC ÁNH, 22-09-1996, CCCD 034196008821', 'Phạm Thị Ngọc Ánh'],
    // A pronoun right before a capitalised full name, no "là".
    ['Tôi Khúc Thừa Dụ, sinh 1971', 'Khúc Thừa Dụ'],
    ['mk Lý Ngọc Hân nha', 'Lý Ngọc Hân'],
    // A name opening the next sentence.
    ['em bên nam nhé. Quan Văn Thái, 2/2/1992', 'Quan Văn Thái'],
    ['Tui là Trương Thị Yến, sinh 1985', 'Trương Thị Yến'],
    ['Tên tau là Phan Văn Cường, sinh ngày 30/4/1992', 'Phan Văn Cường'],
    // After a partner word and its owner, without "tên" or "là".
    ['nguoi yeu tau Quach Thi Nu, 1999', 'Quach Thi Nu'],
    ['vợ sắp cưới của anh Đinh Thu Hằng, sinh 2000', 'Đinh Thu Hằng'],
    ['toi ten tran quoc huy sinh 3/7/1990', 'Tran Quoc Huy'],
    ['toi ten Hoang Duc Thang sinh ngay 25 thang 3', 'Hoang Duc Thang'],
    ['nguoi di khai la minh, Mai Van Son, 12-11-1988', 'Mai Van Son'],
    ['ben nu: Ta Thi Hong Nhung, 14/07/1996', 'Ta Thi Hong Nhung'],
    ['ten em la duong thi my le, sinh 07/03/2001, nu', 'Duong Thi My Le'],
    ['Trần Văn Nam, năm 1990', 'Trần Văn Nam'],
    ['chủ hộ là anh Dương Văn Quý', 'Dương Văn Quý'],
    ['Bế Văn Sáng, nam, 20/08/1960', 'Bế Văn Sáng'],
    ['tui là Võ Thành Trung, sinh 1/1/1975', 'Võ Thành Trung'],
    ['minh ten Chau Ngoc Tram, nu', 'Chau Ngoc Tram'],
    ['vợ mình là chủ hộ, tên Đặng Thị Lựu', 'Đặng Thị Lựu'],
  ])('%s → %s', (text, name) => {
    expect(findName(text)?.value).toBe(name);
  });

  it.each([
    'tôi là nạn nhân bạo lực gia đình',
    'nhà mình ở số 14, đường Lê Lợi',
    'hộ khẩu thường trú: bản Nà Sản, xã Mường Lay',
    'lam to khai ket hon giup minh',
    'lam ct01 dang ky thuong tru',
    'Lâm CT01 giúp em',
    'ở số 3 phố Hàng Bạc, phường Hoàn Kiếm, Hà Nội',
    // A unit word typed in lower case after a comma is the place's, not the surname Quan or Thi.
    'o so 30 duong nguyen van thoai, phuong my an, quan ngu hanh son, da nang',
    'o ubnd phuong lai thieu, thi xa thuan an, tinh binh duong',
    'huyen yen thanh, tinh nghe an',
    'Chi lam mat giay dang ky ket hon, gio xin ban sao',
  ])('finds no name in %s', (text) => {
    expect(findName(text)).toBeUndefined();
  });
});

describe('names that fold like everyday words', () => {
  it.each<[string, string | undefined]>([
    ['chồng em tên Khổng Minh Đức, sinh năm 1990', 'Khổng Minh Đức'],
    ['Tôi là Ông Văn Hòa, sinh năm 1952', 'Ông Văn Hòa'],
    ['chủ hộ là ông nội em, Trương Văn Cẩn, cccd 052045000123', 'Trương Văn Cẩn'],
    ['bên nữ là chị Nguyễn Thị Quế, sinh 28/02/1984', 'Nguyễn Thị Quế'],
    ['đồng ý', undefined],
    ['mẹ em ly hôn rồi', undefined],
    ['chau chua lay chong', undefined],
    // Capitalised in lower-case text: a capitalised stop word still ends the name before a date.
    ['em ten Lo Thi Sinh, nu, sinh 10/10/1995', 'Lo Thi Sinh'],
    ['em la Ly A Sinh, bo chau', 'Ly A Sinh'],
    ['tôi tên Nguyễn Văn An Sinh năm 1990', 'Nguyễn Văn An'],
    ['chủ hộ là ba e, Quan Văn Páo, cccd 020075004321', 'Quan Văn Páo'],
    ['ten toi la quan van thanh, sinh 1980', 'Quan Van Thanh'],
  ])('%s', (text, name) => {
    expect(findName(text)?.value).toBe(name);
  });
});

describe('sentence starts', () => {
  it('reads no name from a lower-case next sentence or a city after "TP."', () => {
    expect(findName('ở TP. Hồ Chí Minh. mai em đi nộp')?.value).toBeUndefined();
  });
});

describe('questions are no names', () => {
  it.each(['Phí bao nhiêu vậy em?', 'Lâm bao lâu thì xong ạ', 'Hà làm ở đâu được không'])('%s', (text) => {
    expect(findName(text)?.value).toBeUndefined();
  });
});

describe('sexOfName', () => {
  it.each([
    ['Lò Thị Mai', 'Nữ'],
    ['Tạ Văn Lành', 'Nam'],
    ['Trịnh Thu Hằng', 'Nữ'],
    ['Le Quang Dat', 'Nam'],
    ['Vũ Minh Tuấn', 'Nam'],
    ['tran thu trang', 'Nữ'],
  ])('%s → %s', (name, sex) => expect(sexOfName(name)).toBe(sex));

  it.each(['Nguyễn Minh Anh', 'Phạm Ngọc Hà', 'Lê Thanh Tâm', 'Do Minh Nhan', 'Hưng'])('%s tells no sex', (name) => expect(sexOfName(name)).toBeUndefined());
});

describe('findName: words typed in lower case with their tones are a name only when they are name syllables as typed', () => {
  it.each(['quan hệ với chủ hộ thì ghi là khác ạ', 'bác là chủ hộ thì ghi', 'quan hệ với chủ hộ ghi khác'])('%s → no name', (text) => {
    expect(findName(text)).toBeUndefined();
  });
  it.each([
    ['em tên nguyễn thị hoa', 'Nguyễn Thị Hoa'],
    ['tôi là nguyen van an, sinh 5/3/1990', 'Nguyen Van An'],
  ])('%s → %s', (text, name) => expect(findName(text)?.value).toBe(name));
});
