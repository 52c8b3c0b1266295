import { describe, expect, it } from 'vitest';
import { extractFacts } from './extract.js';
import { parseDate, parseIdNumber, parseName, parsePhone, matchOption, ID_PROVINCE_CODES } from './parse.js';

const now = new Date('2026-11-26T10:00:00Z');
const ETHNIC = ['Kinh', 'Tày', 'Thái', 'Mường', 'Khmer', 'Hoa', 'Nùng', 'Mông', 'Ê Đê'];

describe('parseDate', () => {
  it.each([
    ['5/3/1990', '1990-03-05'],
    ['05/03/1990', '1990-03-05'],
    ['05-03-90', '1990-03-05'],
    ['5.3.1990', '1990-03-05'],
    ['5 / 3 / 1990', '1990-03-05'],
    ['1990-03-05', '1990-03-05'],
    ['mùng 5 tháng 3 năm 1990', '1990-03-05'],
    ['mong 5 thang 3 nam 1990', '1990-03-05'],
    ['ngày 05 tháng 03 năm 1990', '1990-03-05'],
    ['5 tháng 3, 1990', '1990-03-05'],
    ['sinh ngày 31/12/2001', '2001-12-31'],
    ['01/11/26', '2026-11-01'],
    ['tháng 3/1990', '1990-03'],
    ['tháng 3 năm 1990', '1990-03'],
    ['3/1990', '1990-03'],
    ['sinh năm 90', '1990'],
    ['sinh nam 1985', '1985'],
    ['năm sinh 2003', '2003'],
    ['sn 78', '1978'],
  ])('%s → %s', (text, iso) => {
    const r = parseDate(text, now);
    expect(r.ok && r.value).toBe(iso);
  });

  it.each([
    ['31/2/1990', 'date'],
    ['5/13/1990', 'date'],
    ['5/3/2030', 'date_future'],
    ['không nhớ', 'empty'],
  ])('rejects %s (%s)', (text, reason) => {
    const r = parseDate(text, now);
    expect(r.ok ? 'ok' : r.reason).toBe(reason);
  });

  it('marks year-only and month-year dates as partial', () => {
    expect(parseDate('sinh năm 90', now)).toMatchObject({ ok: true, partial: true });
    expect(parseDate('5/3/1990', now)).toMatchObject({ ok: true, partial: false });
  });
});

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
