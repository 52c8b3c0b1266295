import { describe, expect, it } from 'vitest';
import { fold } from '../../knowledge/text/index.js';
import { findCorrection, findStatements, marriageCount } from './statements.js';
import { withoutRepeatedLead } from './corrections.js';

describe('findStatements', () => {
  it.each(['em sinh năm 1999, ngày 7/3', 'em để con ở nhà bà ngoại', 'vợ em mới sinh bé'])('"%s" does not make the citizen the mother', (text) => {
    expect(findStatements(text).filter((x) => x.field === 'quan_he_voi_nguoi_duoc_khai_sinh' && x.value === 'Mẹ')).toEqual([]);
  });
  it.each<[string, Record<string, string>]>([
    ['Chị là mẹ cháu. Bé tên Nguyễn Gia Bảo', { quan_he_voi_nguoi_duoc_khai_sinh: 'Mẹ' }],
    ['toi la bo chau', { quan_he_voi_nguoi_duoc_khai_sinh: 'Cha' }],
    ['tui là bà nội của bé', { quan_he_voi_nguoi_duoc_khai_sinh: 'Bà' }],
    ['e là nữ, tên Trịnh Mai Phương', { ben_cua_nguoi_yeu_cau: 'Bên nữ' }],
    ['tui bên nam nghe', { ben_cua_nguoi_yeu_cau: 'Bên nam' }],
    ['tui là chủ hộ luôn', { moi_quan_he_voi_chu_ho: 'Chủ hộ' }],
    ['vợ mình là chủ hộ, tên Đặng Thị Lựu', { moi_quan_he_voi_chu_ho: 'Chồng' }],
    ['xin cho bản thân, chưa kết hôn lần nào', { quan_he_voi_nguoi_duoc_cap: 'Bản thân', tinh_trang_hon_nhan: 'Chưa đăng ký kết hôn với ai' }],
    ['đã ly hôn rồi', { tinh_trang_hon_nhan: 'Đã đăng ký kết hôn nhưng đã ly hôn' }],
    ['lấy 2 bản', { so_luong_ban_sao: '2' }],
    ['trích lục kết hôn của chính tui', { loai_viec_ho_tich: 'Kết hôn', quan_he_voi_nguoi_duoc_cap: 'Bản thân' }],
    ['ca 2 deu lan dau', { lan_ket_hon_ben_nu: 'Lần thứ nhất', lan_ket_hon_ben_nam: 'Lần thứ nhất' }],
    ['em chỉ là người thuê trọ thôi ạ', { moi_quan_he_voi_chu_ho: 'Khác' }],
    ['chủ hộ nơi em ở trọ là bà Trần Thị Liên', { moi_quan_he_voi_chu_ho: 'Khác' }],
    // A head the form lists no relation for: in-laws, an uncle, a landlord, a friend; the value said outright.
    ['ck e là Bùi Văn Toàn nhưng a ấy k phải chủ hộ đâu, chủ hộ là bố ck e', { moi_quan_he_voi_chu_ho: 'Khác' }],
    ['Bố vợ tôi là chủ hộ, tên Nguyễn Hữu Tâm', { moi_quan_he_voi_chu_ho: 'Khác' }],
    ['chu minh dung ten chu ho, ten nguyen van thanh', { moi_quan_he_voi_chu_ho: 'Khác' }],
    ['chu ho la chu nha tro ten Pham Van Tai', { moi_quan_he_voi_chu_ho: 'Khác' }],
    ['nha tro cua ong hoang van phuc, ong la chu ho', { moi_quan_he_voi_chu_ho: 'Khác' }],
    ['e vs Trang là bạn thôi ạ, ko họ hàng j', { moi_quan_he_voi_chu_ho: 'Khác' }],
    ['quan hệ với chủ hộ thì ghi là Khác nhé', { moi_quan_he_voi_chu_ho: 'Khác' }],
    ['vợ em là chủ hộ', { moi_quan_he_voi_chu_ho: 'Chồng' }],
    ['chủ nhà là ông Huỳnh Tấn Phát mà tụi tui ở thuê thôi chứ hông bà con gì, nên tui đứng tên chủ hộ tạm trú luôn', { moi_quan_he_voi_chu_ho: 'Chủ hộ' }],
    ['chủ hộ là bố em', { moi_quan_he_voi_chu_ho: 'Con' }],
    ['tui là mạ hắn', { quan_he_voi_nguoi_duoc_khai_sinh: 'Mẹ' }],
    // The relation said bare before the citizen's details, or as a label.
    ['Anh là cha: Tống Văn Đài, 1987', { quan_he_voi_nguoi_duoc_khai_sinh: 'Cha' }],
    ['c là mẹ bé: Vi Thị Hoa', { quan_he_voi_nguoi_duoc_khai_sinh: 'Mẹ' }],
    ['Người khai: mẹ', { quan_he_voi_nguoi_duoc_khai_sinh: 'Mẹ' }],
    ['làm khai sinh cho con trai tôi nha. Tôi là bố', { quan_he_voi_nguoi_duoc_khai_sinh: 'Cha' }],
    ['cần khai sinh cho cháu ngoại', { quan_he_voi_nguoi_duoc_khai_sinh: 'grandparent' }],
    ['chị nhà tôi tên Lương Thị Hoài', { quan_he_voi_nguoi_duoc_khai_sinh: 'Cha' }],
    // The citizen gave birth: the mother ("đẻ" only after "mới/vừa", folded it is also "để").
    ['Chị ơi, em là Nguyễn Thị Bảo Trâm, em mới sinh em bé hôm 4/11', { quan_he_voi_nguoi_duoc_khai_sinh: 'Mẹ' }],
    ['tui vừa đẻ con gái', { quan_he_voi_nguoi_duoc_khai_sinh: 'Mẹ' }],
    // The side said in apposition after the citizen's own details.
    ['tôi tên Hứa Thị Ngân, bên nữ, sinh 1/1/2000', { ben_cua_nguoi_yeu_cau: 'Bên nữ' }],
    ['minh la Ton That Bao, chu re', { ben_cua_nguoi_yeu_cau: 'Bên nam' }],
    // Widowed, said of "ông nhà", "bà xã".
    ['ông nhà tôi mất được 5 năm rồi', { tinh_trang_hon_nhan: 'Đã đăng ký kết hôn nhưng vợ/chồng đã chết' }],
    // Another relative asks for the paper: neither a parent, a child nor a spouse.
    ['nhờ điền tờ khai hộ anh trai tôi đang đi xuất khẩu lao động', { quan_he_voi_nguoi_duoc_cap: 'Khác' }],
    ['xin giấy xác nhận giùm chị gái mình', { quan_he_voi_nguoi_duoc_cap: 'Khác' }],
    ['cho bố mình, bố mình ở số 3 đường Lê Lai, TP Hồ Chí Minh', { quan_he_voi_nguoi_duoc_cap: 'Con' }],
    ['tôi tên Vi Thị Đào, là cô ruột của bé', { quan_he_voi_nguoi_duoc_khai_sinh: 'Người thân thích khác' }],
  ])('%s', (text, expected) => {
    const got = Object.fromEntries(findStatements(text).map((s) => [s.field, s.value]));
    expect(got).toMatchObject(expected);
  });

  it('reads "bên nữ:" at the start of a message as a label, not as the citizen\'s side', () => {
    expect(findStatements('bên nữ, Trần Thị Mơ, sinh 1999').map((x) => x.field)).not.toContain('ben_cua_nguoi_yeu_cau');
  });

  it('reads no relative from a plain request for help ("giúp em", "cho em xin")', () => {
    expect(findStatements('làm tờ khai giúp em với, cho em xin mẫu')).toEqual([]);
    expect(findStatements('tôi ở phường Bến Thành, TP Hồ Chí Minh')).toEqual([]);
  });

  it('reads no relation from a person introduced by name', () => {
    expect(findStatements('me chau ten vu thi hanh').map((s) => s.field)).not.toContain('quan_he_voi_nguoi_duoc_khai_sinh');
  });

  it.each<[string, Record<string, string>]>([
    // Dialect kin words and the whole-answer form.
    ['tau là bọ của đứa nhỏ', { quan_he_voi_nguoi_duoc_khai_sinh: 'Cha' }],
    ['toi la ong noi chau, ten Luong Van Sau', { quan_he_voi_nguoi_duoc_khai_sinh: 'Ông' }],
    ['mẹ bé ạ', { quan_he_voi_nguoi_duoc_khai_sinh: 'Mẹ' }],
    ['mình là dì ruột của bé', { quan_he_voi_nguoi_duoc_khai_sinh: 'Người thân thích khác' }],
    // A pronoun owned by a relation is not the citizen.
    ['ông xã em là chủ hộ, Phan Văn Mạnh', { moi_quan_he_voi_chu_ho: 'Vợ' }],
    ['chủ hộ là bầm con, tên Hà Thị Xuân', { moi_quan_he_voi_chu_ho: 'Con' }],
    ['con trai tôi là chủ hộ, tên Ông Văn Thành', { moi_quan_he_voi_chu_ho: 'parent' }],
    ['tui là chồng', { ben_cua_nguoi_yeu_cau: 'Bên nam' }],
    ['em với ảnh đều chưa kết hôn lần nào', { lan_ket_hon_ben_nu: 'Lần thứ nhất', lan_ket_hon_ben_nam: 'Lần thứ nhất' }],
    ['Tôi cần cấp bản sao trích lục khai tử cho ba tôi', { loai_viec_ho_tich: 'Khai tử', quan_he_voi_nguoi_duoc_cap: 'Con' }],
    ['tôi muốn xin giấy xác nhận tình trạng hôn nhân cho vợ', { quan_he_voi_nguoi_duoc_cap: 'Chồng' }],
    ['Chủ hộ: Trịnh Văn Phúc, CCCD 038060001111, là bố tôi', { moi_quan_he_voi_chu_ho: 'Con' }],
  ])('%s', (text, expected) => {
    const got = Object.fromEntries(findStatements(text).map((s) => [s.field, s.value]));
    expect(got).toMatchObject(expected);
  });

  it.each([
    // A relation at the start followed by data labels another person; it says nothing about the citizen.
    ['bố cháu: Nông Văn Thắng, sinh năm 1996', 'quan_he_voi_nguoi_duoc_khai_sinh'],
    ['bố bé thì ko có ạ', 'quan_he_voi_nguoi_duoc_khai_sinh'],
    ['con trai tôi là chủ hộ', 'ben_cua_nguoi_yeu_cau'],
    ['bên nữ là chị Nguyễn Thị Quế, sinh 28/02/1984', 'ben_cua_nguoi_yeu_cau'],
  ])('%s states nothing about the citizen', (text, field) => {
    const got = findStatements(text).filter((s) => s.field === field && !s.implied);
    expect(got).toEqual([]);
    if (field === 'ben_cua_nguoi_yeu_cau') expect(findStatements(text).find((s) => s.field === 'moi_quan_he_voi_chu_ho')?.value).not.toBe('Chủ hộ');
  });
});

describe('findCorrection', () => {
  it.each<[string, object]>([
    ['à nhầm, số cuối căn cước là 8', { kind: 'lastDigits', digits: '8', key: 'soDinhDanh' }],
    ['đuôi sđt là 758 chứ ko phải 785', { kind: 'lastDigits', digits: '758', wrong: '785', key: 'soDienThoai' }],
    ['nhà số 41 chứ không phải 14', { kind: 'replace', from: '14', to: '41' }],
    ['không phải Lương Thế Vinh mà là Lương Thế Vĩnh ạ', { kind: 'replace', from: 'Lương Thế Vinh', to: 'Lương Thế Vĩnh' }],
    ['sửa lại ngày sinh là 16/8/1983', { kind: 'set', key: 'ngaySinh', text: '16/8/1983' }],
    ['sua lai ngay sinh cua minh la 19/06/1998', { kind: 'set', key: 'ngaySinh', who: 'self' }],
    ['nhầm, năm sinh bố bé là 1996', { kind: 'set', key: 'ngaySinh', who: 'father' }],
    ['à nhầm sđt là 0376 111 229', { kind: 'set', key: 'soDienThoai', text: '0376 111 229' }],
    // Southern "chớ hổng phải"; the kind of value by the key word said first ("nha" is a particle).
    ['À chị ơi bé sanh ngày 29/10 chớ hổng phải 27, 27 là ngày em chuyển dạ', { kind: 'set', key: 'ngaySinh', who: 'child', wrong: '27' }],
    ['sửa giúp e: tên bé là Thạch Minh Khôi nha, bà nội bé đổi ý', { kind: 'set', key: 'hoTen', who: 'child' }],
    ['a nham, ten be la Minh Khoi nha', { kind: 'set', key: 'hoTen', text: 'Minh Khoi', who: 'child' }],
    // "chứ hông bà con gì" is a negation, not a correction; the key word order decides ("nhà em" is a spouse here).
    ['Bả nhà em là Đoàn Thị Mỹ Linh, sinh năm 1994. À không, 1995 mới đúng', { kind: 'set', key: 'ngaySinh' }],
    // A name that folds like a key word ("Quế" / "quê") is no key word.
    ['à nhầm, Quế sinh ngày 1 tháng 7 năm 1996', { kind: 'set', key: 'ngaySinh' }],
    // The value before ", không phải …", and whose it is from those words (not "hắn" after them).
    ['À mà bà nói nhầm, tên thằng cháu là Nguyễn Phước Minh Khang, không phải Khôi, Khôi là thằng anh hắn', { kind: 'set', key: 'hoTen', text: 'Nguyễn Phước Minh Khang', who: 'child' }],
    // The whole number said again beside the words about its last digits.
    ['bác nói lộn, số căn cước bác là 083152000471, hai số cuối là 7 với 1, bác đọc ngược', { kind: 'set', key: 'soDinhDanh' }],
    ['sđt em là 0868 123 987, à nhầm số cuối là 9', { kind: 'lastDigits', digits: '9', key: 'soDienThoai' }],
  ])('%s', (text, expected) => {
    expect(findCorrection(text)).toMatchObject(expected);
  });

  it('reads "chứ hông …" as a correction only before "phải"', () => {
    expect(findCorrection('chủ nhà là ông Huỳnh Tấn Phát mà tụi tui ở thuê thôi chứ hông bà con gì, nên tui đứng tên chủ hộ')).toBeUndefined();
    expect(findCorrection('Ờ mà khoan, số 42 chớ hổng phải 24')).toMatchObject({ kind: 'replace', from: '24', to: '42' });
  });

  it('reads "… mới đúng" as a correction of that kind of value', () => {
    expect(findCorrection('số điện thoại là 0912 345 687 mới đúng')).toMatchObject({ kind: 'set', key: 'soDienThoai' });
  });

  it('is no correction without a correcting word', () => {
    expect(findCorrection('số điện thoại 0912345678')).toBeUndefined();
  });
});

describe('correction words as typed', () => {
  it.each([
    'Nữ: Lý Thị Kim Liên, CCCD 079300001122, ở 12 Lý Tự Trọng, phường Sài Gòn, TP. Hồ Chí Minh',
    'bà Nhâm ở xóm 2, cccd 001158004433',
  ])('reads no correction from a place or name that folds like one: %s', (text) => {
    expect(findCorrection(text)).toBeUndefined();
  });

  it.each(['sai rồi, sđt là 0912345678', 'Sai, sđt 0912345678', 'sửa lại sđt là 0912345678', 'nham, sdt la 0912345678'])('reads a correction typed with or without diacritics: %s', (text) => {
    expect(findCorrection(text)).toMatchObject({ key: 'soDienThoai' });
  });
});

describe('marriageCount', () => {
  it.each([
    ['anh ấy đã ly hôn một lần rồi', 'Lần thứ hai'],
    ['em lần đầu', 'Lần thứ nhất'],
    ['đây là lần thứ ba', 'Lần thứ ba'],
  ])('%s → %s', (text, count) => {
    expect(marriageCount(fold(text))).toBe(count);
  });
});

describe('withoutRepeatedLead', () => {
  it.each<[string, string, string]>([
    ['Bùi ', 'Bùi Minh Châu', 'Minh Châu'],
    ['thôn ', 'thôn Nà Pài', 'Nà Pài'],
    ['số 12 đường ', 'Lê Duẩn', 'Lê Duẩn'],
    ['Lê ', 'Lê', 'Lê'],
  ])('%s + %s', (before, to, out) => {
    expect(withoutRepeatedLead(before, to)).toBe(out);
  });
});

describe('the citizen\'s relation to the head of household said of themself', () => {
  it.each([
    ['em là con của chủ hộ', 'Con'],
    ['tôi là con chủ hộ', 'Con'],
    ['mình là vợ chủ hộ', 'Vợ'],
    ['tui là chồng của chủ hộ', 'Chồng'],
  ])('%s', (text, value) => {
    expect(findStatements(text).find((s) => s.field === 'moi_quan_he_voi_chu_ho')?.value).toBe(value);
  });
});

describe('the head of household named with words between the relative and "là/đứng tên chủ hộ"', () => {
  it.each([
    ['con gái tôi tên Lê Thu Hà là chủ hộ, cccd của nó 001', 'parent'],
    ['Nhà tôi vợ đứng tên chủ hộ. Tôi mới chuyển về', 'Chồng'],
    ['chồng em Đỗ Văn Hải sinh 1980 đứng tên chủ hộ', 'Vợ'],
    ['bố mình tên Hà Văn Tâm là chủ hộ', 'Con'],
    ['vợ tôi tên Lan, tôi là chủ hộ', 'Chủ hộ'],
    ['mẹ tôi ở quê, tôi là chủ hộ', 'Chủ hộ'],
  ])('%s', (text, value) => {
    expect(findStatements(text).find((s) => s.field === 'moi_quan_he_voi_chu_ho')?.value).toBe(value);
  });
});
