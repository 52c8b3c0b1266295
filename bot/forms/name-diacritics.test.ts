import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { NAME_SYLLABLES_FILE, formName, isUnaccented, nameSyllables, parseNameSyllables, readingsOf, restoreNameDiacritics } from './name-diacritics.js';

describe('restoreNameDiacritics: sure readings', () => {
  it.each([
    ['Pham Van Duc', 'Phạm Văn Đức'],
    ['NGUYEN THI THU TRANG', 'Nguyễn Thị Thu Trang'],
    ['Dinh Van Tuan', 'Đinh Văn Tuấn'],
    ['Ly Thi Kim Yen', 'Lý Thị Kim Yến'],
    ['tran quoc huy', 'Trần Quốc Huy'],
    ['Hoang Duc Thang', 'Hoàng Đức Thắng'],
    ['Mai Van Son', 'Mai Văn Sơn'],
    ['Ta Thi Hong Nhung', 'Tạ Thị Hồng Nhung'],
    ['Do Thi Ngoc Anh', 'Đỗ Thị Ngọc Anh'],
    ['DO DUC DAT', 'Đỗ Đức Đạt'],
    ['dang van dung', 'Đặng Văn Dũng'],
    ['Bui Thi Dung', 'Bùi Thị Dung'],
    ['Vo Thanh Trung', 'Võ Thanh Trung'],
    ['Huynh Ngoc Tram', 'Huỳnh Ngọc Trâm'],
    ['Duong Van Quy', 'Dương Văn Quý'],
    ['Nguyen Thi Van Anh', 'Nguyễn Thị Vân Anh'],
    ['Le Minh Khoi', 'Lê Minh Khôi'],
    ['Truong Gia Bao', 'Trương Gia Bảo'],
    ['Phan Thi Huong', 'Phan Thị Hương'],
    ['Ngo Quang Vinh', 'Ngô Quang Vinh'],
    ['Dao Duy Khoa', 'Đào Duy Khoa'],
    ['Bach Ngoc Diep', 'Bạch Ngọc Điệp'],
    ['Ton That Tung', 'Tôn Thất Tùng'],
    ['Au Duong Phong', 'Âu Dương Phong'],
    ['Lo Van Sinh', 'Lò Văn Sinh'],
    ['Kieu Minh Tuan', 'Kiều Minh Tuấn'],
    ['Luong Xuan Truong', 'Lương Xuân Trường'],
    ['Nguyen Van Thi', 'Nguyễn Văn Thi'],
    ['Trinh Cong Son', 'Trịnh Công Sơn'],
    ['Tang Thanh Ha', 'Tăng Thanh Hà'],
    ['Chu Van An', 'Chu Văn An'],
    ['Quach Thi Phuong', 'Quách Thị Phương'],
    ['Khong Minh Duc', 'Khổng Minh Đức'],
    ['Lam Thi Lam', 'Lâm Thị Lam'],
    ['Lam Van Lam', 'Lâm Văn Lâm'],
    ['Ho Thi Hien', 'Hồ Thị Hiền'],
    ['Thai Van Hoa', 'Thái Văn Hòa'],
    ['Giap Van Cuong', 'Giáp Văn Cường'],
    ['Nguyen Thi Thanh', 'Nguyễn Thị Thanh'],
    ['Hoang Van Tien', 'Hoàng Văn Tiến'],
    ['Ly A Sinh', 'Lý A Sinh'],
    // Two syllables: surname and given name.
    ['Ha Linh', 'Hà Linh'],
    ['DINH DUC', 'Đinh Đức'],
    ['  pham   van   duc ', 'Phạm Văn Đức'],
  ])('%s → %s', (typed, value) => {
    expect(restoreNameDiacritics(typed)).toEqual({ value, sure: true, ambiguous: [] });
  });
});

describe('restoreNameDiacritics: readings of similar frequency are marked', () => {
  it.each([
    ['Tran Thi Thuy', 'Trần Thị Thủy', ['Thủy/Thúy/Thùy']],
    ['Nguyen Thi Thuy Duong', 'Nguyễn Thị Thủy Dương', ['Thủy/Thúy/Thùy']],
    ['Nguyen Thanh', 'Nguyễn Thanh', ['Thanh/Thành']],
    ['PHAM THU', 'Phạm Thu', ['Thu/Thư']],
    ['Vu Hoang Hung', 'Vũ Hoàng Hùng', ['Hùng/Hưng']],
    ['Tran Thi My Hanh', 'Trần Thị Mỹ Hạnh', ['Mỹ/My']],
    ['Hoang Thi Tien', 'Hoàng Thị Tiên', ['Tiên/Tiến']],
    ['Ho Van Hien', 'Hồ Văn Hiền', ['Hiền/Hiển']],
    ['Thai Thi Hoa', 'Thái Thị Hoa', ['Hoa/Hòa']],
    ['Ma Van Khang', 'Mã Văn Khang', ['Mã/Ma']],
    ['Le Nguyen Bao Ngoc', 'Lê Nguyễn Bảo Ngọc', ['Nguyễn/Nguyên']],
    // Two uncertain syllables, each listed.
    ['dam khanh thuy', 'Đàm Khánh Thủy', ['Khánh/Khanh', 'Thủy/Thúy/Thùy']],
    ['Hung', 'Hùng', ['Hùng/Hưng']],
  ])('%s → %s (unsure)', (typed, value, ambiguous) => {
    expect(restoreNameDiacritics(typed)).toEqual({ value, sure: false, ambiguous });
  });
});

describe('restoreNameDiacritics: unknown syllables and names typed with diacritics', () => {
  it('keeps a syllable not in the table as typed, in title case, and is unsure', () => {
    expect(restoreNameDiacritics('NGUYEN VAN KHUYNH')).toEqual({ value: 'Nguyễn Văn Khuynh', sure: false, ambiguous: ['Khuynh'] });
  });
  it('a given-name syllable standing as the surname is unsure', () => {
    expect(restoreNameDiacritics('Thuong Van Binh')).toMatchObject({ value: 'Thương Văn Bình', sure: false });
  });
  it('keeps a name not spelled in Vietnamese syllables as typed', () => {
    expect(restoreNameDiacritics('ksor y bih')).toEqual({ value: 'Ksor Y Bih', sure: false, ambiguous: ['Ksor', 'Bih'] });
    expect(restoreNameDiacritics("H'Hen Nie")).toMatchObject({ value: "H'Hen Nie", sure: false });
  });
  it('returns a name typed with diacritics as typed, in title case, sure', () => {
    expect(restoreNameDiacritics('nguyễn văn AN')).toEqual({ value: 'Nguyễn Văn An', sure: true, ambiguous: [] });
    expect(restoreNameDiacritics('Đinh Van Tuan')).toEqual({ value: 'Đinh Van Tuan', sure: true, ambiguous: [] });
    expect(restoreNameDiacritics('PHẠM THỊ NGỌC ÁNH')).toEqual({ value: 'Phạm Thị Ngọc Ánh', sure: true, ambiguous: [] });
  });
  it('an empty name is no name', () => {
    expect(restoreNameDiacritics('  ')).toEqual({ value: '', sure: false, ambiguous: [] });
  });
});

describe('isUnaccented', () => {
  it.each([
    ['Pham Van Duc', true],
    ['DINH', true],
    ['Phạm Văn Đức', false],
    ['Dinh Văn', false],
    ['Đinh', false],
    ['123', false],
    ['', false],
  ])('%s → %s', (s, want) => {
    expect(isUnaccented(s)).toBe(want);
  });
});

describe('the syllable table', () => {
  it('parses, every reading folding back to its syllable', () => {
    const table = parseNameSyllables(readFileSync(NAME_SYLLABLES_FILE, 'utf8'));
    const surnames = [...table.values()].filter((rows) => rows.has('surname')).length;
    const others = [...table.entries()].filter(([, rows]) => [...rows.keys()].some((k) => k !== 'surname')).length;
    expect(surnames).toBeGreaterThanOrEqual(100);
    expect(others).toBeGreaterThanOrEqual(250);
  });
  it('rejects a reading that does not fold to its syllable, and a row given twice', () => {
    expect(() => parseNameSyllables('duc\tany\tĐực|Đúc|Đức\nduc\tgiven\tĐạc')).toThrow(/does not fold/);
    expect(() => parseNameSyllables('duc\tany\tĐức\nduc\tany\tĐức')).toThrow(/twice/);
    expect(() => parseNameSyllables('duc\tsomewhere\tĐức')).toThrow(/position/);
  });
  it('reads by position: the gender row first, a middle name from the given-name row', () => {
    expect(readingsOf('dung', 'given', 'm')?.readings).toEqual(['Dũng']);
    expect(readingsOf('dung', 'given')?.ambiguous).toBe(true);
    expect(readingsOf('thi', 'middle')?.readings).toEqual(['Thị']);
    expect(readingsOf('van', 'given')?.readings).toEqual(['Vân']);
    expect(readingsOf('zzz', 'given')).toBeUndefined();
    expect(nameSyllables().get('nguyen')?.get('surname')?.readings).toEqual(['Nguyễn']);
  });
});

describe('formName', () => {
  it('keeps the name as typed when restoring is off or the name has diacritics', () => {
    expect(formName('Pham Van Duc', false)).toEqual({ value: 'Pham Van Duc' });
    expect(formName('Phạm Văn Đức', true)).toEqual({ value: 'Phạm Văn Đức' });
  });
  it('restores a sure reading without a word, and reads a guess back with its alternatives', () => {
    expect(formName('Pham Van Duc', true)).toEqual({ value: 'Phạm Văn Đức' });
    expect(formName('Tran Thi Thuy', true)).toEqual({ value: 'Trần Thị Thủy', readBack: 'Dạ, em ghi tên là Trần Thị Thủy (hay Thúy, Thùy), anh/chị xem đúng chưa ạ?' });
    expect(formName('Nguyen Van Khuynh', true)).toEqual({ value: 'Nguyễn Văn Khuynh', readBack: 'Dạ, em ghi tên là Nguyễn Văn Khuynh, anh/chị xem đúng chưa ạ?' });
  });
});
