import { describe, expect, it } from 'vitest';
import { extractFacts, trimAddress } from './extract.js';
import {
  parseIdNumber,
  parseName,
  parsePhone,
  matchOption,
  ID_PROVINCE_CODES,
} from './parse.js';

const now = new Date('2026-11-26T10:00:00Z');
const ETHNIC = ['Kinh', 'Tày', 'Thái', 'Mường', 'Khmer', 'Hoa', 'Nùng', 'Mông', 'Ê Đê'];

describe('parseIdNumber', () => {
  it.each([
    ['001090012345', '001090012345'],
    ['001 090 012 345', '001090012345'],
    ['001.090.012.345', '001090012345'],
    ['0010-9001-2345', '001090012345'],
    ['số CCCD của tôi là 079 190 012 345 nhé', '079190012345'],
  ])('%s', (text, value) => {
    expect(parseIdNumber(text)).toMatchObject({ ok: true, value });
  });

  it.each([
    ['12345678901', 'id_length'],
    ['123456789', 'id_length'],
    ['099123456789', 'id_province'],
    ['003123456789', 'id_province'],
    ['abc', 'empty'],
  ])('rejects %s (%s)', (text, reason) => {
    const r = parseIdNumber(text);
    expect(r.ok ? 'ok' : r.reason).toBe(reason);
  });

  it('knows the 63 province codes', () => {
    expect(ID_PROVINCE_CODES.size).toBe(63);
    expect(ID_PROVINCE_CODES.has('001')).toBe(true);
    expect(ID_PROVINCE_CODES.has('096')).toBe(true);
    expect(ID_PROVINCE_CODES.has('003')).toBe(false);
  });
});

describe('parsePhone', () => {
  it.each([
    ['0912345678', '0912345678'],
    ['0912 345 678', '0912345678'],
    ['0912.345.678', '0912345678'],
    ['+84 912 345 678', '0912345678'],
    ['+84912345678', '0912345678'],
    ['84 912 345 678', '0912345678'],
    ['sđt 098-765-4321', '0987654321'],
  ])('%s', (text, value) => {
    expect(parsePhone(text)).toMatchObject({ ok: true, value });
  });
  it('rejects a 9-digit number', () => {
    expect(parsePhone('091234567')).toMatchObject({ ok: false, reason: 'phone' });
  });
});

describe('parseName', () => {
  it.each([
    ['nguyen van an', 'Nguyen Van An'],
    ['nguyễn văn an', 'Nguyễn Văn An'],
    ['NGUYỄN THỊ MAI ANH', 'Nguyễn Thị Mai Anh'],
    ['  trần   minh khôi ', 'Trần Minh Khôi'],
    ['le thi hoa sinh nam 90', 'Le Thi Hoa'],
    ['dang quoc bao', 'Dang Quoc Bao'],
    ['Phan Đình Phùng quê quán Hà Tĩnh', 'Phan Đình Phùng'],
    ['Trần Văn Nam, năm 1990', 'Trần Văn Nam'],
    ['Nguyễn Hữu Tài tại số 5', 'Nguyễn Hữu Tài'],
    ['lê thị thanh tâm tạm trú ở', 'Lê Thị Thanh Tâm'],
    ['Võ Thị Hiền', 'Võ Thị Hiền'],
  ])('%s → %s', (text, value) => {
    expect(parseName(text)).toMatchObject({ ok: true, value });
  });
  it.each(['An', 'tôi', '123'])('rejects %s', (text) => {
    expect(parseName(text).ok).toBe(false);
  });
});

describe('matchOption', () => {
  it.each([
    ['kinh', 'Kinh'],
    ['dân tộc Tày', 'Tày'],
    ['ede', undefined],
    ['e de', 'Ê Đê'],
    ['muong', 'Mường'],
  ])('%s → %s', (text, value) => {
    const r = matchOption(text, ETHNIC);
    expect(r.ok ? r.value : undefined).toBe(value);
  });
});

describe('extractFacts', () => {
  const ex = (text: string, defaultHolder = 'self') =>
    Object.fromEntries(
      extractFacts(text, { now, defaultHolder, ethnicGroups: ETHNIC, nationalities: ['Việt Nam'] }).facts.map((f) => [
        `${f.holder}.${f.key}`,
        f.value,
      ]),
    );

  it.each<[string, Record<string, string>]>([
    [
      'tôi là nguyen van an, sinh 5/3/1990, cccd 001 090 012 345, sdt 0912.345.678',
      { 'self.hoTen': 'Nguyen Van An', 'self.ngaySinh': '1990-03-05', 'self.soDinhDanh': '001090012345', 'self.soDienThoai': '0912345678' },
    ],
    [
      'Tôi tên Trần Thị Bình, sinh ngày mùng 5 tháng 3 năm 1992, số điện thoại +84 987 654 321',
      { 'self.hoTen': 'Trần Thị Bình', 'self.ngaySinh': '1992-03-05', 'self.soDienThoai': '0987654321' },
    ],
    ['em sinh năm 90, giới tính nữ', { 'self.ngaySinh': '1990', 'self.gioiTinh': 'Nữ' }],
    [
      'họ tên: LÊ VĂN CƯỜNG; ngày sinh 05-03-90; dân tộc Kinh; quê quán Nam Định',
      { 'self.hoTen': 'Lê Văn Cường', 'self.ngaySinh': '1990-03-05', 'self.danToc': 'Kinh', 'self.queQuan': 'Nam Định' },
    ],
    [
      'tôi ở số 12 ngõ 5 phố Phúc Xá, phường Hồng Hà, Hà Nội. sđt 0912345678',
      { 'self.noiCuTru': 'số 12 ngõ 5 phố Phúc Xá, phường Hồng Hà, Hà Nội', 'self.soDienThoai': '0912345678' },
    ],
    [
      'con tôi tên Nguyễn Minh Khôi, bé trai, sinh ngày 1/11/2026 tại Bệnh viện Phụ sản Hà Nội',
      { 'child.hoTen': 'Nguyễn Minh Khôi', 'child.gioiTinh': 'Nam', 'child.ngaySinh': '2026-11-01', 'child.noiSinh': 'Bệnh viện Phụ sản Hà Nội' },
    ],
    [
      'tôi tên an sinh năm 1988. vợ tôi tên Phạm Thu Hà, sinh 12/12/1990',
      { 'self.ngaySinh': '1988', 'wife.hoTen': 'Phạm Thu Hà', 'wife.ngaySinh': '1990-12-12' },
    ],
    ['mẹ cháu tên Đỗ Thị Lan, sinh năm 1995', { 'mother.hoTen': 'Đỗ Thị Lan', 'mother.ngaySinh': '1995' }],
    ['chủ hộ là ông Nguyễn Văn Bình, cccd 001060001234', { 'chuHo.soDinhDanh': '001060001234' }],
    ['email của tôi: An.Nguyen@Gmail.com', { 'self.email': 'an.nguyen@gmail.com' }],
    ['còn số điện thoại là 0912345678', { 'self.soDienThoai': '0912345678' }],
    ['Nguyễn Văn An 05/03/1990', { 'self.ngaySinh': '1990-03-05' }],
  ])('%s', (text, expected) => {
    expect(ex(text)).toMatchObject(expected);
  });

  it('uses the holder being asked about when no cue is given', () => {
    expect(ex('sinh ngày 2/10/2026, bé gái', 'child')).toMatchObject({ 'child.ngaySinh': '2026-10-02', 'child.gioiTinh': 'Nữ' });
  });

  it('does not read an ID or phone number as a date', () => {
    const r = ex('0010 9001 2345 và 0912 345 678');
    expect(r['self.ngaySinh']).toBeUndefined();
    expect(r['self.soDinhDanh']).toBe('001090012345');
  });

  it('reports an ID number of the wrong length', () => {
    const r = extractFacts('số cccd 00109001234', { now });
    expect(r.problems).toEqual([{ holder: 'self', key: 'soDinhDanh', reason: 'id_length' }]);
  });

  it.each([
    ['à nhầm, số cuối là 8', '8'],
    ['a nham so cuoi la 8', '8'],
    ['sai rồi, 2 số cuối là 78', '78'],
  ])('detects the correction %s', (text, digits) => {
    expect(extractFacts(text, { now }).correction).toEqual({ kind: 'lastDigits', digits });
  });
});

describe('extractFacts: whose value it is', () => {
  const now = new Date('2026-12-06T00:00:00Z');
  const facts = (text: string, people?: Array<{ holder: string; name: string }>) =>
    extractFacts(text, { now, people }).facts.map((f) => `${f.holder}.${f.key}=${f.value}${f.sameAs ? `~${f.sameAs}` : ''}`);

  it.each<[string, string[]]>([
    ['bà là bà ngoại cháu. U nó tên Phạm Thị Huế, sinh năm 1996', ['mother.hoTen=Phạm Thị Huế', 'mother.ngaySinh=1996']],
    ['mạ nó tên Trần Thị Hoài, sinh 1994', ['mother.hoTen=Trần Thị Hoài', 'mother.ngaySinh=1994']],
    ['ck sap cuoi cua e ten Bui Manh Cuong sn 1999 ngay 1 thang 6', ['groom.hoTen=Bui Manh Cuong', 'groom.ngaySinh=1999-06-01']],
    ['ảnh tên Nguyễn Trọng Nghĩa, ảnh ở ấp 4, xã Giồng Trôm, tỉnh Vĩnh Long', ['other3.hoTen=Nguyễn Trọng Nghĩa', 'other3.noiCuTru=ấp 4, xã Giồng Trôm, tỉnh Vĩnh Long']],
    ['chủ hộ là ba e, Quan Văn Páo, cccd 020075004321', ['chuHo.hoTen=Quan Văn Páo', 'chuHo.soDinhDanh=020075004321']],
    ['toi la ong noi chau, ten Luong Van Sau, sinh nam 1955', ['self.hoTen=Luong Van Sau', 'self.ngaySinh=1955']],
    ['LY THI HOA 18/10/1994 nu cccd 019194005678', ['self.hoTen=Ly Thi Hoa', 'self.gioiTinh=Nữ']],
    ['chau ten Ly A Tung, sinh 15/11/2026 o tram y te xa Bac Ha', ['child.noiSinh=tram y te xa Bac Ha']],
  ])('%s', (text, expected) => {
    expect(facts(text)).toEqual(expect.arrayContaining(expected));
  });

  it('points "anh Sơn" to the person already named Sơn, and ends each address at the next clause', () => {
    const got = facts('em ở tổ 3, phường Hội An, thành phố Đà Nẵng, còn anh Sơn ở thôn 5, xã Điện Bàn Đông, thành phố Đà Nẵng', [{ holder: 'groom', name: 'Phan Thanh Sơn' }]);
    expect(got).toEqual(['self.noiCuTru=tổ 3, phường Hội An, thành phố Đà Nẵng', 'groom.noiCuTru=thôn 5, xã Điện Bàn Đông, thành phố Đà Nẵng']);
  });

  it('reads "như trên", "cùng địa chỉ với em" and "dân tộc giống mẹ" as another person\'s value', () => {
    expect(facts('vo toi ten Bui Thu Trang, dia chi nhu tren')).toContain('wife.noiCuTru=~previous');
    expect(facts('mẹ em tên Đinh Thị Sâm, cùng địa chỉ với em')).toContain('mother.noiCuTru=~self');
    expect(facts('cháu tên Nông Gia Huy, dân tộc giống mẹ')).toContain('child.danToc=~mother');
  });

  it.each<[string, string]>([
    ['ba bé Lý Văn Cường, 19/8/1994, căn cước 087094002211, ở chung nhà với em', 'father.noiCuTru=~self'],
    ['ba: Tran Van Quyet, 13/5/1995, cccd 049095007719, o chung nha', 'father.noiCuTru=~previous'],
    ['mẹ bé tên Thạch Thị Sa Rết, sinh 1996, ở chung với em', 'mother.noiCuTru=~self'],
    ['mẹ cháu tên Đào Thị Huệ, sinh 1995, hộ khẩu vẫn ở chung nhà tui', 'mother.noiCuTru=~self'],
    ['vợ tôi tên Lê Thị Hồng, sinh 1992, chung hộ khẩu với tôi', 'wife.noiCuTru=~self'],
  ])('reads "ở chung (nhà) với", "chung hộ khẩu", a person without "với" as sharing an address: %s', (text, expected) => {
    expect(facts(text)).toContain(expected);
  });

  it('takes no shared address from a past period ("từ nhỏ tới năm 2022 nó ở chung nhà với tui")', () => {
    expect(facts('con tên Dương Văn Tài. Từ nhỏ tới năm 2022 nó ở chung nhà với tui ở ấp 3 đó, rồi mới qua Nhật').filter((f) => f.includes('noiCuTru'))).toEqual([]);
  });

  it('reads no home from an office or from a place lived in during a period that ended', () => {
    expect(facts('khai sinh cua toi dang ky lai nam 2005 o ubnd phuong lai thieu, thi xa thuan an, ngay 18/08/2005').filter((f) => f.includes('noiCuTru'))).toEqual([]);
    expect(facts('toi thuong tru o so 30 duong nguyen van thoai, phuong my an, da nang. tu nam 2010 den nam 2016 toi o tai so 12 ton that tung, phuong ben thanh, tp ho chi minh')).toEqual(['self.noiCuTru=so 30 duong nguyen van thoai, phuong my an, da nang']);
  });

  it('reads "đc:" and "d/c" as an address label', () => {
    expect(facts('e là mẹ, tên Võ Thị Diệu Linh, sn 5/5/1998, đc: tổ 3 khu phố Trường Xuân, phường Tam Kỳ, Đà Nẵng')).toContain('self.noiCuTru=tổ 3 khu phố Trường Xuân, phường Tam Kỳ, Đà Nẵng');
    expect(facts('Le Van Tam, d/c so 5 ngo 2 pho Chua Lang, phuong Lang, Ha Noi')).toContain('self.noiCuTru=so 5 ngo 2 pho Chua Lang, phuong Lang, Ha Noi');
  });

  it.each([
    ['e ly hôn năm 2023 rồi'],
    ['ba tôi mất năm 2024'],
    ['e ở số 9 đường 30/4, phường Trấn Biên'],
    ['cháu sinh mùng 5 tết'],
  ])('finds no birth date in "%s"', (text) => {
    expect(facts(text).filter((f) => f.includes('ngaySinh'))).toEqual([]);
  });

  it.each<[string, string[]]>([
    // A pronoun after the label owns the address; it is not part of it.
    ['dia chi tau: thon 2, xa Cam Xuyen, tinh Ha Tinh', ['self.noiCuTru=thon 2, xa Cam Xuyen, tinh Ha Tinh']],
    // The province ends the address: a landmark after it is chatter.
    ['nha toi o xom Bai, xa Thanh Son, tinh Phu Tho, gan cho', ['self.noiCuTru=xom Bai, xa Thanh Son, tinh Phu Tho']],
    // The hometown ends where "hiện anh ở" begins; the residence is read apart.
    ['quê anh ở Nghệ An, hiện anh ở số 5 đường Trần Phú, phường Vinh Hưng, tỉnh Nghệ An', ['self.queQuan=Nghệ An', 'self.noiCuTru=số 5 đường Trần Phú, phường Vinh Hưng, tỉnh Nghệ An']],
    // A clause describing the person just named ("nơi em ở trọ") names no new person.
    ['chủ hộ nơi em ở trọ là bà Trần Thị Liên, cccd 001158004433', ['chuHo.hoTen=Trần Thị Liên', 'chuHo.soDinhDanh=001158004433']],
    // "Nữ:" and "Nam:" label the two sides of a marriage; "giới tính: nam" is a sex.
    ['Nữ: Lý Thị Kim Liên, 07/07/2000, CCCD 079300001122', ['bride.hoTen=Lý Thị Kim Liên', 'bride.ngaySinh=2000-07-07', 'bride.soDinhDanh=079300001122']],
    ['Nam: Tạ Quang Huy, 03/12/1998', ['groom.hoTen=Tạ Quang Huy', 'groom.ngaySinh=1998-12-03']],
    ['tôi tên Lê Văn Cường, giới tính: nam', ['self.hoTen=Lê Văn Cường', 'self.gioiTinh=Nam']],
    // Central "hắn" after a kin word: "bọ hắn" is the father, "mạ hắn" the mother.
    ['bọ hắn tên Nguyễn Văn Hậu, sinh năm 1990', ['father.hoTen=Nguyễn Văn Hậu', 'father.ngaySinh=1990']],
    ['tui là mạ hắn, tên tui Lê Thị Hoài, sinh 1994', ['self.hoTen=Lê Thị Hoài', 'self.ngaySinh=1994']],
    // "thằng nhỏ" anywhere, even in the request: a boy.
    ['điền giùm tui tờ khai khai sinh cho thằng nhỏ', ['child.gioiTinh=Nam']],
  ])('whose value and where it ends: %s', (text, expected) => {
    const got = facts(text);
    expect(got).toEqual(expect.arrayContaining(expected));
    expect(got.filter((f) => f.endsWith('.hoTen=Mạ Hắn') || f.endsWith('.hoTen=Hộ Nơi'))).toEqual([]);
  });

  it('trims an address at a new clause but keeps place names that fold like pronouns', () => {
    expect(trimAddress('thôn Trung, xã Tiên Du, tỉnh Bắc Ninh, tôi kết hôn lần đầu')).toBe('thôn Trung, xã Tiên Du, tỉnh Bắc Ninh');
    expect(trimAddress('số 5 đường Hàm Nghi, phường Hạc Thành, tỉnh Thanh Hóa, lấy 2 bản nha')).toBe('số 5 đường Hàm Nghi, phường Hạc Thành, tỉnh Thanh Hóa');
    expect(trimAddress('tổ 4, phường Hải Châu, Đà Nẵng')).toBe('tổ 4, phường Hải Châu, Đà Nẵng');
    expect(trimAddress('xóm 1, xã Anh Sơn, Nghệ An')).toBe('xóm 1, xã Anh Sơn, Nghệ An');
  });
});

describe('dates as people write them', () => {
  it.each<[string, string]>([
    // The year first, then the day and month.
    ['tôi sinh năm 1974, ngày 8/9', '1974-09-08'],
    ['sn 2001 ngày 30-4', '2001-04-30'],
    ['sinh nam 1966 mung 2/1', '1966-01-02'],
    // A bare year right after a name, without a comma.
    ['anh Lã Văn Khoa 1979', '1979'],
  ])('%s', (text, value) => {
    expect(extractFacts(text, { now }).facts.find((f) => f.key === 'ngaySinh')?.value).toBe(value);
  });

  it('does not join a year with an unrelated number after it', () => {
    expect(extractFacts('sinh năm 1990, nhà số 12/5 Trần Phú', { now }).facts.find((f) => f.key === 'ngaySinh')?.value).toBe('1990');
  });
});

describe('whose value it is', () => {
  it('reads "là anh <Surname> …" after a partner cue as the partner, not the citizen ("anh đang …")', () => {
    const facts = extractFacts('người yêu em là anh Đàm Quốc Trung, sinh 1994', { now }).facts;
    expect(facts.find((f) => f.key === 'hoTen')).toMatchObject({ holder: 'partner', value: 'Đàm Quốc Trung' });
  });

  it('still reads "anh đang ở …" as the citizen', () => {
    expect(extractFacts('anh đang ở số 4 ngõ 9 phố Vọng, phường Bạch Mai, Hà Nội', { now }).facts.find((f) => f.key === 'noiCuTru')?.holder).toBe('self');
  });

  it('files a number said "của <given name>" under the person already named', () => {
    const facts = extractFacts('cccd e 001199002345, của Thảo 001197003354', { now, people: [{ holder: 'bride', name: 'Lương Thị Thảo' }] }).facts;
    expect(facts.filter((f) => f.key === 'soDinhDanh').map((f) => [f.holder, f.value])).toEqual([
      ['self', '001199002345'],
      ['bride', '001197003354'],
    ]);
  });

  it('files a number under a relative the citizen named by kinship before ("chị e")', () => {
    const facts = extractFacts('cccd e 001199002345, của chị e 001193007654', { now, aliases: [{ holder: 'chuHo', phrase: 'chi e' }] }).facts;
    expect(facts.filter((f) => f.key === 'soDinhDanh').map((f) => [f.holder, f.value])).toEqual([
      ['self', '001199002345'],
      ['chuHo', '001193007654'],
    ]);
  });
});

describe('addresses with chatter', () => {
  it.each<[string, string]>([
    ['giờ con đang ở với ông bà tại xóm 6, xã Diễn Châu, tỉnh Nghệ An', 'xóm 6, xã Diễn Châu, tỉnh Nghệ An'],
    ['tôi ở thuê tại 7 Pasteur, phường Sài Gòn, TP. Hồ Chí Minh', '7 Pasteur, phường Sài Gòn, TP. Hồ Chí Minh'],
    ['ấp mình ở ấp Tân Hòa, xã Long Hựu, tỉnh Tây Ninh', 'ấp Tân Hòa, xã Long Hựu, tỉnh Tây Ninh'],
    // A lead that is part of the address stays.
    ['em ở nhà số 3 ngõ 2 phố Vọng, phường Bạch Mai, Hà Nội', 'nhà số 3 ngõ 2 phố Vọng, phường Bạch Mai, Hà Nội'],
  ])('%s', (text, address) => {
    expect(extractFacts(text, { now }).facts.find((f) => f.key === 'noiCuTru')?.value).toBe(address);
  });

  it('reads where an event was registered, and its date and book number, as no one\'s address or birth date', () => {
    const facts = extractFacts('giấy kết hôn đăng ký tại UBND xã Yên Phong, ngày 3/6/2015, quyển số 02/2015', { now }).facts;
    expect(facts.filter((f) => f.key === 'noiCuTru' || f.key === 'ngaySinh')).toEqual([]);
  });
});

describe('place of birth', () => {
  it.each<[string, string]>([
    ['bé sinh hôm 14/11/2026 tại Bệnh viện Sản Nhi Quảng Ninh', 'Bệnh viện Sản Nhi Quảng Ninh'],
    ['cháu sinh vào ngày 2/11/2026 ở trạm y tế xã Kỳ Sơn', 'trạm y tế xã Kỳ Sơn'],
    // A time of day between the date and the place; a health facility right after the date.
    ['Bé tên Lý Gia Bảo, sanh 27/10/2026 lúc 5 giờ sáng ở Bệnh viện Hùng Vương. Dân tộc Kinh.', 'Bệnh viện Hùng Vương'],
    ['bé trai tên Thạch Minh Khang, sinh 17/11/2026 bv Sản Nhi Sóc Trăng. bé dân tộc Khmer luôn', 'bv Sản Nhi Sóc Trăng'],
  ])('%s', (text, place) => {
    expect(extractFacts(text, { now }).facts.find((f) => f.key === 'noiSinh')?.value).toBe(place);
  });

  it('reads an elder\'s "ông nhà cô", "bà nhà tôi" as the spouse', () => {
    expect(extractFacts('Ông nhà cô là Huỳnh Văn Tư, sanh 1950', { now }).facts.find((f) => f.key === 'hoTen')).toMatchObject({ holder: 'husband', value: 'Huỳnh Văn Tư' });
    expect(extractFacts('bà nhà tôi tên Lê Thị Gấm, sinh 1950', { now }).facts.find((f) => f.key === 'hoTen')).toMatchObject({ holder: 'wife', value: 'Lê Thị Gấm' });
  });

  it('reads a hometown after "thì ghi"', () => {
    expect(extractFacts('Quê quán thì ghi phường Kim Long, thành phố Huế', { now }).facts.find((f) => f.key === 'queQuan')?.value).toBe('phường Kim Long, thành phố Huế');
  });

  it('reads no place of birth from words after a birth date that name no facility', () => {
    expect(extractFacts('mẹ bé sinh 1990, làm ruộng', { now }).facts.find((f) => f.key === 'noiSinh')).toBeUndefined();
    // (", ở …" after one's own birth date is where one lives.)
    const facts = extractFacts('tui là Võ Thành Trung, sinh 1/1/1975, ở ấp 2, xã Long Hựu, tỉnh Tây Ninh', { now }).facts;
    expect(facts.find((f) => f.key === 'noiSinh')).toBeUndefined();
    expect(facts.find((f) => f.key === 'noiCuTru')?.value).toBe('ấp 2, xã Long Hựu, tỉnh Tây Ninh');
  });
});

describe('an address whose words look like stop words', () => {
  const address = (text: string) => extractFacts(text, { now }).facts.find((f) => f.key === 'noiCuTru')?.value;
  it.each([
    // A place name that starts like "giờ", "lúc", "quê": after a unit word, or capitalised.
    ['bà ở thôn Hà Thanh, xã Gio Linh, Quảng Trị.', 'thôn Hà Thanh, xã Gio Linh, Quảng Trị'],
    ['e ở thôn Tân Sơn, xã Lục Ngạn, Bắc Ninh; ny e ở xã Văn Quan', 'thôn Tân Sơn, xã Lục Ngạn, Bắc Ninh'],
    ['nhà ở thôn 2, Quế Sơn, Đà Nẵng', 'thôn 2, Quế Sơn, Đà Nẵng'],
    // An old unit and what it is now stay together for the normaliser.
    ['nhà ở xóm 3, xã Vũ Thư, Thái Bình cũ (giờ thuộc Hưng Yên)', 'xóm 3, xã Vũ Thư, Thái Bình cũ (giờ thuộc Hưng Yên)'],
    ['ở số 14 Lạch Tray, trước là phường Lạch Tray, giờ là phường Gia Viên, Hải Phòng', 'số 14 Lạch Tray, trước là phường Lạch Tray, giờ là phường Gia Viên, Hải Phòng'],
    // "giờ" that moves the sentence on still ends the address.
    ['tôi ở số 5 Lê Lợi, giờ tôi muốn làm giấy', 'số 5 Lê Lợi'],
    ['em ở xóm 4 xã Đô Lương giờ em thuê trọ ở Vinh', 'xóm 4 xã Đô Lương'],
  ])('%s', (text, value) => {
    expect(address(text)).toBe(value);
  });
});

describe('a title owned by the household is the spouse', () => {
  const holders = (text: string) => extractFacts(text, { now }).facts.map((f) => `${f.holder}.${f.key}`);
  it('"anh nhà em tên …" is the partner, "anh của em tên …" stays unclaimed by it', () => {
    expect(holders('Anh nhà em tên Phạm Văn Nghị, sinh 12/7/1993')).toEqual(expect.arrayContaining(['partner.hoTen', 'partner.ngaySinh']));
    expect(holders('anh của em tên Lê Văn Tú')).not.toContain('partner.hoTen');
  });
});

describe('extractFacts: whose value and what it is, as people list them (issue 20)', () => {
  const read = (text: string) =>
    extractFacts(text, { now, ethnicGroups: ETHNIC, nationalities: ['Việt Nam', 'Hàn Quốc'] }).facts.map((f) => `${f.holder}.${f.key}=${f.value}`);
  it.each([
    ['Mình: Nguyễn Thu Trang, sinh 15/10/1996, Kinh, Việt Nam, CCCD 001196031448', ['self.danToc=Kinh', 'self.quocTich=Việt Nam']],
    ['Toi: Ngo Thi Bich Ngoc, nu, 14/4/1987, kinh, VN, cccd 079187013356', ['self.danToc=Kinh', 'self.quocTich=Việt Nam']],
    ['Mình cũng Kinh, Việt Nam', ['self.danToc=Kinh', 'self.quocTich=Việt Nam']],
    ['Mường, Việt Nam', ['self.danToc=Mường', 'self.quocTich=Việt Nam']],
  ])('%s: a bare origin', (text, want) => expect(read(text)).toEqual(expect.arrayContaining(want)));
  it.each([
    ['dt Kinh, qt VN. chưa kết hôn lần nào', ['self.danToc=Kinh', 'self.quocTich=Việt Nam']],
    ['e tên Vi Thị Hồng Nhung, nữ, dân tộc Nùng, qt VN, cccd 024303007734', ['self.danToc=Nùng', 'self.quocTich=Việt Nam']],
  ])('%s: "dt" and "qt" before a group or a country', (text, want) => expect(read(text)).toEqual(expect.arrayContaining(want)));
  it('reads "dt" before a number as a phone, and "qt" before no country as nothing', () => {
    expect(read('dt 0912 345 678').filter((x) => /danToc|quocTich/.test(x))).toEqual([]);
    expect(read('qt gi cung duoc').filter((x) => /quocTich/.test(x))).toEqual([]);
  });
  it('leaves a country ending an address and a lone group name that is also a word', () => {
    expect(read('ở số 5 Trần Phú, Hà Nội, Việt Nam').filter((x) => /quocTich|danToc/.test(x))).toEqual([]);
    expect(read('tên Lê Thị Hoa, Thái').filter((x) => /danToc/.test(x))).toEqual([]);
  });
  it.each([
    ['Chú ấy tên Mai Xuân Đức, sinh năm 1965 ngày 30 tháng 8', 'other3'],
    ['Em muốn đăng ký kết hôn với anh Phạm Văn Định, người Kinh, sinh 13/9/1996', 'partner'],
    ['cả vợ với con gái luôn: vợ Lê Thị Ngọc Hân sinh 12/03/1990, số 048190002274', 'wife'],
  ])('%s: not the citizen’s', (text, holder) => {
    const f = extractFacts(text, { now }).facts.filter((x) => x.key === 'ngaySinh');
    expect(f.map((x) => x.holder)).toEqual([holder]);
  });
  it('"mình: <number>" after the head of household is the citizen’s own', () => {
    const f = extractFacts('bo minh la chu ho: Phan Van Tuan. so cccd cua bo minh ko nho. minh: 001189017742', { now }).facts;
    expect(f.find((x) => x.key === 'soDinhDanh')?.holder).toBe('self');
  });
  it('a hometown that follows a parent is the child’s, not the parent’s', () => {
    expect(read('Quê quán theo bố: xã Phú Xuyên, Hà Nội')).toEqual(['self.queQuan=xã Phú Xuyên, Hà Nội']);
  });
  it('a period of residence gives no birth date, name or address; a place told by where it lies is no address', () => {
    expect(read('Thời gian nó ở Việt Nam là từ lúc sinh đến tháng 9/2019 tại phường Gia Viên')).toEqual([]);
    expect(read('Anh ấy ở ngay thôn bên cạnh').filter((x) => x.includes('noiCuTru'))).toEqual([]);
    expect(read('Ben nu: Hoang Thi Nguyet, 11/11/1990, o cung thon, lan dau').filter((x) => x.includes('noiCuTru'))).toEqual([]);
    expect(read('em ở thôn 3, xã Tân Lạc')).toContain('self.noiCuTru=thôn 3, xã Tân Lạc');
  });
});

describe('extractFacts: "còn con thì …" turns to the child', () => {
  it('gives the hometown after "Còn con thì" to the child, not to the mother just named', () => {
    const f = extractFacts('Mẹ nó là Phan Thị Mỹ Lệ, năm sinh 1991. Còn con thì dân tộc Kinh, quê quán xã Núi Thành, Đà Nẵng', { now, ethnicGroups: ETHNIC }).facts;
    expect(f.filter((x) => x.key === 'queQuan' || x.key === 'danToc').map((x) => x.holder)).toEqual(['child', 'child']);
  });
});

describe('extractFacts: "ông già tau", "bà già tui" are the speaker’s father and mother', () => {
  it.each([
    ['Ông già tau tên Phạm Văn Điền, sinh năm 1940', 'father'],
    ['bà già tui tên Lê Thị Hoa, sinh 1950', 'mother'],
  ])('%s', (text, holder) => expect(extractFacts(text, { now }).facts.find((f) => f.key === 'hoTen')?.holder).toBe(holder));
});
