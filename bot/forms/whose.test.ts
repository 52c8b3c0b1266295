import { fillFromMessages } from '../testing/form-fill.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadForms, type FormRegistry } from '../../knowledge/index.js';
import { looksLikeAddress } from './answers.js';
import { cleanPlace, extractFacts } from './extract.js';

/** Whose value it is (issue 20): a value never fills a field of a different person. */
let forms: FormRegistry;
beforeAll(async () => {
  forms = await loadForms();
});
const now = new Date('2026-12-01T05:00:00Z');

const fill = (formId: string, messages: string[]) => fillFromMessages(forms, formId, messages, now);

describe('whose value it is', () => {
  it('does not file an ID number carrying another person’s birth year under the citizen, and says so', () => {
    const { fields, notes } = fill('to-khai-dang-ky-ket-hon', ['anh la Ngo Quang Vinh, ben nam, sinh 28/02/1991', 'vo sap cuoi cua anh ten Ta Thi Thuy Linh, sinh 1995, cccd cua em ay 038195 010 101']);
    expect(fields.giay_to_tuy_than_ben_nam).toBeUndefined();
    expect(notes.join(' ')).toMatch(/mang năm sinh 1995/);
  });

  it('corrects the number of the person whose number it nearly is, not the last one given', () => {
    const { fields } = fill('ct01', [
      'e là Đỗ Hoàng Nam, nam, sn 2003 ngày 4/5',
      'mẹ e là chủ hộ, tên Vương Thị Thoa, cccd của mẹ 036172 004 040',
      'cccd e 036203 009 191',
      'nhầm, cccd của mẹ e là 036172 004 044',
    ]);
    expect(fields).toMatchObject({ so_dinh_danh_ca_nhan: '036203009191', so_dinh_danh_ca_nhan_chu_ho: '036172004044' });
  });

  it('corrects the person a correction names by their given name ("anh Lộc … chứ không phải 96")', () => {
    const { fields } = fill('to-khai-dang-ky-khai-sinh', [
      'em là Nguyễn Thị Bảo Trâm, mẹ bé, sinh ngày 7/3/1999',
      'ba bé là Huỳnh Tấn Lộc, sinh năm 1996',
      'à không, anh Lộc sinh năm 1995 chứ không phải 96',
    ]);
    expect(fields).toMatchObject({ ngay_sinh_nguoi_yeu_cau: '1999-03-07', nam_sinh_cha: '1995' });
  });
});

describe('a partner or a child named the way people speak of them', () => {
  it('reads "anh Tú nhà mình tên …" as the partner, never the citizen, and the title as the partner’s side', () => {
    const { fields } = fill('to-khai-dang-ky-ket-hon', ['mình là Hồ Ngọc Lan, 1999', 'anh Tú nhà mình tên Đỗ Anh Tú, sinh 1997', 'số căn cước của mình 040199 123 321', 'còn của anh Tú là 040097 456 654']);
    expect(fields).toMatchObject({ ho_ten_ben_nu: 'Hồ Ngọc Lan', giay_to_tuy_than_ben_nu: '040199123321', ho_ten_ben_nam: 'Đỗ Anh Tú', giay_to_tuy_than_ben_nam: '040097456654' });
  });

  it('keeps the spouse-to-be off both sides while the side is unknown', () => {
    const { fields } = fill('to-khai-dang-ky-ket-hon', ['mình là Hồ Ngọc Lan, 1999', 'người yêu mình tên Đỗ Anh Tú, sinh 1997', 'cccd của anh Tú là 040097 456 654']);
    expect([fields.ho_ten_ben_nu, fields.ho_ten_ben_nam].filter((x) => x === 'Đỗ Anh Tú')).toHaveLength(1);
  });

  it('reads a child word right before a capitalised name as the child ("bé Phạm Minh Anh", "cháu trai Vũ Minh Quân")', () => {
    const a = fill('to-khai-dang-ky-khai-sinh', ['em là mẹ bé, Lê Thị Na, 1998', 'bé Phạm Minh Anh sinh 20/11/2026']);
    expect(a.fields).toMatchObject({ ho_ten_nguoi_yeu_cau: 'Lê Thị Na', ho_ten_nguoi_duoc_khai_sinh: 'Phạm Minh Anh', ngay_sinh_nguoi_duoc_khai_sinh: '2026-11-20' });
    const b = fill('to-khai-dang-ky-khai-sinh', ['tôi là bà ngoại, Phan Thị Huệ sinh 1965', 'cháu trai Vũ Minh Quân, sinh 3/11/2026 tại bệnh viện Sản Nhi Nghệ An']);
    expect(b.fields).toMatchObject({ ho_ten_nguoi_yeu_cau: 'Phan Thị Huệ', ho_ten_nguoi_duoc_khai_sinh: 'Vũ Minh Quân', gioi_tinh: 'Nam' });
  });

  it('reads a bare "vợ" / "chồng" opening a message as the spouse, never the citizen', () => {
    const { fields } = fill('to-khai-dang-ky-khai-sinh', ['mình là bố, tên Đoàn Minh Trí', 'vợ mình tên Lý Ngọc Hân', 'mình sinh 1990', 'vợ sinh 1993']);
    expect(fields).toMatchObject({ ngay_sinh_nguoi_yeu_cau: '1990', nam_sinh_cha: '1990', nam_sinh_me: '1993' });
  });

  it('reads "ông xã em <name>" as the husband and "anh Khoa tên đầy đủ …" as the partner', () => {
    const a = fill('to-khai-dang-ky-khai-sinh', ['Em tên Châu Thị Bích Ngọc, sinh 1/1/1997, em là mẹ', 'Ông xã em Trương Văn Hiếu, 1995']);
    expect(a.fields).toMatchObject({ ho_ten_nguoi_yeu_cau: 'Châu Thị Bích Ngọc', ho_ten_cha: 'Trương Văn Hiếu', nam_sinh_cha: '1995' });
    const b = fill('to-khai-dang-ky-ket-hon', ['em là nữ', 'em tên Trần Ngọc Ánh, 5/5/2001', 'anh Khoa tên đầy đủ Lê Đăng Khoa, 9/9/1999']);
    expect(b.fields).toMatchObject({ ho_ten_ben_nu: 'Trần Ngọc Ánh', ho_ten_ben_nam: 'Lê Đăng Khoa', ngay_sinh_ben_nam: '1999-09-09' });
  });

  it('does not take a lower-case word after a child word for a name, nor "Con" ending a name', () => {
    const { fields } = fill('to-khai-dang-ky-khai-sinh', ['em là mẹ, Lò Thị Con, sinh 1995', 'bé ngoan lắm, sinh 20/11/2026']);
    expect(fields.ho_ten_nguoi_yeu_cau).toBe('Lò Thị Con');
    expect(fields.ho_ten_nguoi_duoc_khai_sinh).toBeUndefined();
  });
});

describe('relatives the form has no place for', () => {
  it('keeps a sibling’s details off the citizen’s fields and does not take the paper to be for the citizen', () => {
    const { fields } = fill('to-khai-cap-ban-sao-trich-luc-ho-tich', ['xin bản sao trích lục khai sinh cho anh trai e', 'e ten Bui Thi Thao, sn 03/07/2000', 'anh e ten Bui Van Toan, sn 1996 ngay 20/1']);
    expect(fields).toMatchObject({ ho_ten_nguoi_yeu_cau: 'Bui Thi Thao', ngay_sinh_nguoi_yeu_cau: '2000-07-03', quan_he_voi_nguoi_duoc_cap: 'Khác', ho_ten: 'Bui Van Toan', ngay_sinh: '1996-01-20' });
  });

  it('never files a grandparent named on a birth declaration as the citizen or the baby', () => {
    const { fields } = fill('to-khai-dang-ky-khai-sinh', ['em là mẹ bé, tên Đoàn Thị Hằng, sinh 1994', 'bà ngoại cháu tên Lê Thị Lan, sinh 1970']);
    expect(fields.ho_ten_nguoi_yeu_cau).toBe('Đoàn Thị Hằng');
    expect(Object.values(fields)).not.toContain('Lê Thị Lan');
  });

  it('does not take an extract to be for a citizen who says they are the grandchild', () => {
    const { fields } = fill('to-khai-cap-ban-sao-trich-luc-ho-tich', ['xin bản sao trích lục khai tử cho ông', 'tôi là cháu nội, tên Đặng Văn Hiếu, sinh 20/4/1990']);
    expect(fields.quan_he_voi_nguoi_duoc_cap).not.toBe('Bản thân');
    expect(fields.ho_ten).toBeUndefined();
  });
});

describe('corrections and labels of other people', () => {
  it('corrects the date of the person whose date it nearly is, not the citizen’s', () => {
    const { fields } = fill('to-khai-cap-ban-sao-trich-luc-ho-tich', ['xin bản sao trích lục khai sinh cho anh trai e', 'e ten Bui Thi Thao, sn 03/07/2000', 'anh e ten Bui Van Toan, sn 1996 ngay 20/1', 'a nham, anh e sinh ngay 21/1/1996']);
    expect(fields).toMatchObject({ ngay_sinh_nguoi_yeu_cau: '2000-07-03', ngay_sinh: '1996-01-21' });
  });

  it('corrects the baby’s day of birth said in the southern "sanh"', () => {
    const { fields } = fill('to-khai-dang-ky-khai-sinh', ['Tui là Lê Văn Phước, ba của bé, sinh ngày 6 tháng 1 năm 1987', 'bé trai, tên Lê Gia Bảo, sanh ngày 20/11/2026 ở bệnh viện Từ Dũ', 'à nhầm, bé sanh ngày 21/11 chứ không phải 20']);
    expect(fields).toMatchObject({ ngay_sinh_nguoi_duoc_khai_sinh: '2026-11-21', ngay_sinh_nguoi_yeu_cau: '1987-01-06' });
  });

  it('reads "; bố cháu Đặng Văn Long, sn 1992" as the father, not as the citizen being the father', () => {
    const { fields } = fill('to-khai-dang-ky-khai-sinh', ['me chau la Tran Thi Ngoc, sn 1994; bo chau Dang Van Long, sn 1992']);
    expect(fields.quan_he_voi_nguoi_duoc_khai_sinh).toBeUndefined();
    expect(fields.ho_ten_nguoi_yeu_cau).toBeUndefined();
    expect(fields).toMatchObject({ ho_ten_cha: 'Dang Van Long', ho_ten_me: 'Tran Thi Ngoc' });
  });

  it('takes "con gái em" to make the citizen a parent, the mother by her name', () => {
    const { fields } = fill('to-khai-dang-ky-khai-sinh', ['con gái em mới sinh hôm 2/11, em tên Đoàn Thị Hằng, sinh 1994']);
    expect(fields).toMatchObject({ quan_he_voi_nguoi_duoc_khai_sinh: 'Mẹ', ho_ten_me: 'Đoàn Thị Hằng' });
  });

  it('does not read "hai bố con" as two copies', () => {
    const { fields } = fill('to-khai-xac-nhan-tinh-trang-hon-nhan', ['hai bo con o chung so 7 duong Le Loi, phuong Phu Ly, tinh Ninh Binh']);
    expect(fields.so_luong).toBeUndefined();
  });
});

describe('an address answer names a place', () => {
  it.each(['Số 12 ngõ 5 phố Phúc Xá, Hà Nội', '120/5 Lê Văn Sỹ', 'bản Tả Van, Sa Pa', 'so 7 duong Le Loi', 'Vĩnh Long'])('%s is an address', (t) => expect(looksLikeAddress(t)).toBe(true));
  it.each(['e cần cho bản thân e thui, để nộp hồ sơ đi học', 'à nhầm, bé sanh ngày 21/11 chứ không phải 20', 'Bỏ qua'])('%s is not', (t) => expect(looksLikeAddress(t)).toBe(false));
});

describe('a place without the words around it', () => {
  it.each([
    ['ấp Mỹ Lợi, xã Cái Bè, tỉnh Đồng Tháp á chị', 'ấp Mỹ Lợi, xã Cái Bè, tỉnh Đồng Tháp'],
    ['so 88 duong Nguyen Trai, phuong Cho Quan, TPHCM do ad', 'so 88 duong Nguyen Trai, phuong Cho Quan, TPHCM'],
    ['chung ấp Phú Hòa, xã Phú Túc', 'ấp Phú Hòa, xã Phú Túc'],
    ['ghi Thừa Thiên Huế', 'Thừa Thiên Huế'],
    ['ấp 3, xã Củ Chi', 'ấp 3, xã Củ Chi'],
  ])('%s → %s', (raw, clean) => expect(cleanPlace(raw)).toBe(clean));
});

describe('the couple said together, then each one', () => {
  it('reads "vợ chồng mình: mình …, vợ …" as the citizen and the wife, not the citizen as the husband', () => {
    const { fields } = fill('to-khai-dang-ky-khai-sinh', [
      'Vợ chồng mình: mình Đinh Quang Vũ 02/03/1990 CCCD 036090001234, vợ Lục Thị Ngân 14/08/1993 CCCD 036193005678',
      'con gái mình vừa chào đời 25/11/2026 ở Trạm y tế xã Hải Anh, tên Đinh Bảo Ngọc',
    ]);
    expect(fields).toMatchObject({
      ho_ten_nguoi_yeu_cau: 'Đinh Quang Vũ',
      giay_to_tuy_than_nguoi_yeu_cau: '036090001234',
      ho_ten_me: 'Lục Thị Ngân',
      giay_to_tuy_than_me: '036193005678',
      ho_ten_nguoi_duoc_khai_sinh: 'Đinh Bảo Ngọc',
      noi_sinh: 'Trạm y tế xã Hải Anh',
    });
    expect(fields.quan_he_voi_nguoi_duoc_khai_sinh).not.toBe('Mẹ');
    expect(fields.ho_ten_me).not.toBe(fields.ho_ten_nguoi_yeu_cau);
  });
});

describe('people named the way chat is typed', () => {
  it('reads "vk c là …" / "vo a la …" as the spouse and "em vợ anh …" as a relative, not the spouse', () => {
    const { fields } = fill('to-khai-cap-ban-sao-trich-luc-ho-tich', [
      'a can ban sao trich luc khai sinh cho vo a',
      'vo a la Kha Thi Bich Ngoc, sn 09-09-1996',
      'a: Ton That Minh, sn 1/1/1993, cccd 046093001122. em vo a ten Kha Van Tai cccd 046101003344 o cung nha',
    ]);
    expect(fields).toMatchObject({ ho_ten: 'Kha Thi Bich Ngoc', ho_ten_nguoi_yeu_cau: 'Ton That Minh', giay_to_tuy_than_nguoi_yeu_cau: '046093001122' });
    expect(fields.giay_to_tuy_than).toBeUndefined();
  });

  it('takes "tên có dấu: …" as the same person’s name written with its tones, and still reads "cô dâu" as the bride', () => {
    const ct = fill('ct01', ['e ten Vuong Dinh Phuc, sn 4/4/1999', 'ten co dau: Vương Đình Phúc nha']);
    expect(ct.fields.ho_ten).toBe('Vương Đình Phúc');
    const kh = fill('to-khai-dang-ky-ket-hon', ['tôi là chú rể, Tô Văn Lực, sinh 1/5/1994', 'tên cô dâu là Mẫn Thị Hòa, sinh 2/6/1996']);
    expect(kh.fields).toMatchObject({ ho_ten_ben_nam: 'Tô Văn Lực', ho_ten_ben_nu: 'Mẫn Thị Hòa' });
  });

  it('reads a bare year then the day and month after a name as one birth date', () => {
    expect(fill('ct01', ['a ten Quan Van Son, 1988, ngay 17/9. cccd 020088004455']).fields.ngay_sinh).toBe('1988-09-17');
  });

  it('reads "ba: …" opening a line as the father', () => {
    const { fields } = fill('to-khai-dang-ky-khai-sinh', ['me: Hua Thi Lan, 3/3/1998, cccd 020198001234', 'ba: Ly Van Khai, 4/4/1996, cccd 020096005678']);
    expect(fields).toMatchObject({ ho_ten_cha: 'Ly Van Khai', giay_to_tuy_than_cha: '020096005678' });
    expect(fields.giay_to_tuy_than_nguoi_yeu_cau).not.toBe('020096005678');
  });
});

describe('a relative registers the birth', () => {
  it('makes the citizen another relative when their sister gave birth, and "hai vợ chồng" the parents, not the citizen', () => {
    const { fields } = fill('to-khai-dang-ky-khai-sinh', [
      'Chị gái tôi vừa sinh cháu, nhờ tôi đi làm khai sinh cho cháu.',
      'Tôi là Âu Minh Trí, sinh 10/10/1985, cư trú tại số 3 đường Trần Phú, phường Sơn Tây, Hà Nội.',
      'Mẹ cháu Âu Thị Yến, sinh 5/5/1990; bố cháu Kiều Văn Đạt, sinh 6/6/1988. Hai vợ chồng thường trú tại thôn Đoài, xã Phúc Thọ, Hà Nội.',
    ]);
    expect(fields).toMatchObject({ quan_he_voi_nguoi_duoc_khai_sinh: 'Người thân thích khác', ho_ten_nguoi_yeu_cau: 'Âu Minh Trí', ho_ten_me: 'Âu Thị Yến', noi_cu_tru_me: 'thôn Đoài, xã Phúc Thọ, Hà Nội', noi_cu_tru_cha: 'thôn Đoài, xã Phúc Thọ, Hà Nội' });
    expect(fields.noi_cu_tru_nguoi_yeu_cau).toMatch(/^số 3 đường Trần Phú/);
  });
});

describe('a correction and new details in one message', () => {
  it('applies the correction and files the details after it', () => {
    const { fields } = fill('ct01', [
      'e ten Hoang Thi Nhu, sn 2/2/2000, cccd 035300001111',
      'chu ho la bo e, cccd 035070002222',
      'e go nham cccd bo e, dung la 035070002233. sdt e 0912 345 678, mail nhu.ht@gmail.com',
    ]);
    expect(fields).toMatchObject({ so_dinh_danh_ca_nhan: '035300001111', so_dinh_danh_ca_nhan_chu_ho: '035070002233', so_dien_thoai_lien_he: '0912345678', email: 'nhu.ht@gmail.com' });
  });

  it('corrects the name of the person whose name it is, told only by its tones', () => {
    const { fields } = fill('ct01', ['em là Lục Thị Thoa, sinh 1/1/2001', 'chủ hộ là bác em', 'bác em tên Lục Văn Tho, cccd 001065003344', 'à nhầm, tên bác là Lục Văn Thọ, em gõ thiếu dấu']);
    expect(fields).toMatchObject({ ho_ten: 'Lục Thị Thoa', ho_ten_chu_ho: 'Lục Văn Thọ' });
  });
});

describe('the partner as couples speak of each other', () => {
  it('reads "anh iu e là …" as the partner and "ở cùng khu phố vs e" as the citizen’s address', () => {
    const { fields } = fill('to-khai-dang-ky-ket-hon', [
      'e ten Ong Thi My Tien, sn 5/5/2001, cccd 079301001122, o to 3 phuong Phu Loi, TP HCM',
      'anh iu e là Dương Quốc Bảo nha, sn 7/7/1999, cccd 079099003344, nhà ở cùng khu phố với em',
    ]);
    expect(fields).toMatchObject({ ho_ten_ben_nu: 'Ong Thi My Tien', giay_to_tuy_than_ben_nu: '079301001122', ho_ten_ben_nam: 'Dương Quốc Bảo', giay_to_tuy_than_ben_nam: '079099003344' });
    expect(fields.noi_cu_tru_ben_nam).toBe(fields.noi_cu_tru_ben_nu);
  });

  it('gives "anh" to the other person when the citizen calls themself "em" in the same message', () => {
    const { fields } = fill('to-khai-dang-ky-ket-hon', [
      'Em là Giáp Thị Hồng Nhung, sinh 1/1/1996',
      'Người yêu em: Lục Văn Cường, sinh 2/2/1993',
      'Anh ấy cũng lần đầu như em. Em người Kinh, anh dân tộc Sán Dìu.',
    ]);
    expect(fields).toMatchObject({ dan_toc_ben_nu: 'Kinh', dan_toc_ben_nam: 'Sán Dìu' });
  });

  it('reads a foreign partner’s name in capitals, never the country', () => {
    const { fields } = fill('to-khai-dang-ky-ket-hon', ['e: Trần Thị Bảo Châu, 01/02/1998, cccd 079198001234', 'ông xã: PARK JI WOO, sn 1992-03-04, quốc tịch Hàn Quốc']);
    expect(fields.ho_ten_ben_nam).toBe('Park Ji Woo');
  });

  it('reads "… mới đúng" as the value said before it, and "ck e" as the husband', () => {
    const a = fill('to-khai-dang-ky-ket-hon', ['e ten Ha Thi Lan, sn 12/3/1999', 'ny e: anh Trinh Van Tu, sn 1/1/1997', 'a lon sn e 21/3/1999 moi dung']);
    expect(a.fields.ngay_sinh_ben_nu).toBe('1999-03-21');
    const b = fill('to-khai-cap-ban-sao-trich-luc-ho-tich', ['e xin ban sao trich luc khai sinh cho ck e', 'e là Lã Thị Hạnh, sn 3/3/1998', 'ck e: Mông Văn Quý, sn 8/5/1994', 'a sua ngay sinh ck e la 5/8/1994']);
    expect(b.fields).toMatchObject({ ngay_sinh: '1994-08-05', ngay_sinh_nguoi_yeu_cau: '1998-03-03' });
  });
});

describe('an address labelled by its time', () => {
  it('drops "mới:", "hiện tại:" after "địa chỉ" from the address itself', () => {
    for (const text of ['địa chỉ mới: số 4 ngõ 9 đường Cầu Diễn, phường Phú Diễn, Hà Nội', 'dia chi hien tai: so 4 ngo 9 duong Cau Dien, phuong Phu Dien, Ha Noi']) {
      const home = extractFacts(text, { now }).facts.find((f) => f.key === 'noiCuTru');
      expect(home?.value, text).toMatch(/^s[oố] 4 ng[oõ] 9/);
    }
  });
});

describe('whose value a correction is, when several people are named in it', () => {
  it('corrects the baby named right after "tên", not the wife named later in the sentence', () => {
    const { fields } = fill('to-khai-dang-ky-khai-sinh', [
      'tôi là bố bé, Đinh Công Hậu, sinh 1988',
      'vợ tôi tên Lee Soo Min, sinh 1991',
      'bé tên Đinh Công Minh, sinh 2/11/2026',
      'sửa lại tên bé là Đinh Lee Minh Khang nhé, vợ tôi muốn thêm họ mẹ',
    ]);
    expect(fields).toMatchObject({ ho_ten_nguoi_duoc_khai_sinh: 'Đinh Lee Minh Khang', ho_ten_me: 'Lee Soo Min' });
  });

  it('never moves a correction about "anh ấy" onto the citizen when he has no value yet', () => {
    const { fields } = fill('to-khai-dang-ky-ket-hon', [
      'Mẹ em tên Tạ Thị Quế. Em là Châu Thị Ngọc Hà, sinh ngày 3 tháng 5 năm 1997',
      'Anh ấy là Lý Minh Nhật, lần đầu như em',
      'à ngày sinh anh ấy 12/12/1994 mới đúng',
    ]);
    expect(fields.ngay_sinh_ben_nu).toBe('1997-05-03');
    expect(fields.ngay_sinh_ben_nam).toBe('1994-12-12');
  });
});
