import { fillFromMessages } from '../testing/form-fill.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { fold } from '../../knowledge/text/index.js';
import { loadForms, type FormRegistry } from '../../knowledge/index.js';
import { asksToFillForm } from './choose-form.js';
import { extractFacts } from './extract.js';
import { findName } from './names.js';
import { findCorrection } from './statements.js';

/**
 * Conversations as people type them (issue 20): a value and its correction in one message,
 * a person called by the given name alone, a baby's date without the year, names outside the
 * surname list, addresses with the chatter around them. Phrasings written for these tests.
 */
let forms: FormRegistry;
beforeAll(async () => {
  forms = await loadForms();
});
const now = new Date('2026-12-01T05:00:00Z');

const fill = (formId: string, messages: string[]) => fillFromMessages(forms, formId, messages, now);

const facts = (text: string) => extractFacts(text, { now }).facts.map((f) => ({ holder: f.holder, key: f.key, value: f.value }));

describe('corrections as people make them', () => {
  it('takes a value and then its correction in the same message', () => {
    const { fields, notes } = fill('don-de-nghi-tro-giup-phap-ly', ['em tên Mạc Thị Nhàn, sinh 1988', 'sdt e 0977 100 233, a nham so cuoi la 4']);
    expect(fields.so_dien_thoai).toBe('0977100234');
    expect(notes.join(' ')).toMatch(/đã sửa .*••••••0234/);
  });

  it('reads "à không, …" and "ý em là …" as taking back what was just said', () => {
    const { fields } = fill('don-de-nghi-tro-giup-phap-ly', ['tôi là Triệu Văn Khải, sinh 5/6/1960', 'số điện thoại 0868 777 001', 'à không, số điện thoại là 0868 777 010']);
    expect(fields.so_dien_thoai).toBe('0868777010');
    expect(findCorrection('ý em là ngày sinh 14/2/1993')).toMatchObject({ kind: 'set', key: 'ngaySinh' });
    // A date given as "ngày … tháng …" corrects the day and month of the person named.
    const m = fill('to-khai-dang-ky-ket-hon', ['em là bên nam, Giáp Văn Lâm, sinh 2/2/1992', 'vợ sắp cưới tên Âu Thị Mến, sinh 1997 ngày 9/4', 'ý em là Mến sinh ngày 19 tháng 4']);
    expect(m.fields).toMatchObject({ ngay_sinh_ben_nu: '1997-04-19', ngay_sinh_ben_nam: '1992-02-02' });
  });

  it('corrects the number of the person named by title and given name, not the citizen\'s', () => {
    const { fields } = fill('to-khai-dang-ky-ket-hon', [
      'mình là Hà Thị Duyên, sinh 7/7/1998',
      'người yêu mình tên Đồng Văn Khoa, sinh 1995',
      'căn cước mình 001198 222 333, anh Khoa là 001095 444 555',
      'sửa lại, căn cước anh Khoa số cuối là 6',
    ]);
    expect(fields).toMatchObject({ ben_cua_nguoi_yeu_cau: 'Bên nữ', giay_to_tuy_than_ben_nu: '001198222333', giay_to_tuy_than_ben_nam: '001095444556' });
  });
});

describe('a correction that repeats the words after the wrong value', () => {
  it('says them once ("không phải 14 mà là 41 đường số 7" in "14 đường số 7, …")', () => {
    const { fields } = fill('don-de-nghi-tro-giup-phap-ly', ['em tên Mạc Thị Nhàn, sinh 1988', 'em ở 14 đường số 7, phường An Lạc, TP HCM', 'À không phải 14 mà là 41 đường số 7 nghen']);
    expect(fields.dia_chi).toMatch(/^41 đường số 7, phường An Lạc/);
    expect(fields.dia_chi).not.toMatch(/số 7 đường số 7/);
  });
});

describe('whose value it is', () => {
  it('files a detail under a person called by the given name alone', () => {
    const { fields } = fill('to-khai-dang-ky-ket-hon', [
      'tôi là chú rể, Lại Văn Được, sinh 1991',
      'cô dâu tên Hồ Thị Xuyến, sinh 1996',
      'tôi ở thôn Nội, xã Yên Dũng, tỉnh Bắc Ninh; Xuyến ở thôn Ngoại, xã Yên Dũng, tỉnh Bắc Ninh',
      'tôi tái hôn, Xuyến thì chưa kết hôn lần nào',
    ]);
    expect(fields).toMatchObject({
      noi_cu_tru_ben_nam: 'thôn Nội, xã Yên Dũng, tỉnh Bắc Ninh',
      noi_cu_tru_ben_nu: 'thôn Ngoại, xã Yên Dũng, tỉnh Bắc Ninh',
      lan_ket_hon_ben_nam: 'Lần thứ hai',
      lan_ket_hon_ben_nu: 'Lần thứ nhất',
    });
  });

  it('leaves a second number said for the same person unplaced instead of overwriting the first', () => {
    const { fields } = fill('to-khai-dang-ky-khai-sinh', ['tôi tên Ứng Văn Tài sinh 1990, tôi là bố cháu', 'cccd tôi 001090 123 000, của vợ 001193 456 000']);
    expect(fields.giay_to_tuy_than_nguoi_yeu_cau).toBe('001090123000');
    expect(fields.giay_to_tuy_than_me).toBe('001193456000');
  });

  it('keeps the baby\'s details off the mother who typed "bé nhà e là …"', () => {
    const { fields } = fill('to-khai-dang-ky-khai-sinh', [
      'e là Bế Thị Mai sinh ngày 1 tháng 5 năm 1999, mẹ của bé',
      'bé nhà e là con gái, tên Hoàng Bế Na nhé, sinh hôm 12/11/2026 ở bệnh viện Cao Bằng',
    ]);
    expect(fields).toMatchObject({ ho_ten_nguoi_yeu_cau: 'Bế Thị Mai', ngay_sinh_nguoi_yeu_cau: '1999-05-01', ho_ten_nguoi_duoc_khai_sinh: 'Hoàng Bế Na', ngay_sinh_nguoi_duoc_khai_sinh: '2026-11-12', gioi_tinh: 'Nữ' });
  });

  it('reads the citizen\'s relation said in apposition or after the relation', () => {
    expect(fill('to-khai-cap-ban-sao-trich-luc-ho-tich', ['tôi là Tôn Đức Vỹ, sinh 1970, bố cháu, cccd 001070 111 222']).fields.quan_he_voi_nguoi_duoc_cap).toBe('Cha');
    expect(fill('to-khai-dang-ky-khai-sinh', ['me chau la em, Vu Thi Lan, 1999']).fields.quan_he_voi_nguoi_duoc_khai_sinh).toBe('Mẹ');
    expect(fill('ct01', ['em là Kim Thị Hạnh, sinh 1990', 'chồng em là Thạch Văn Sang, chủ hộ, cccd 094088 000 123']).fields).toMatchObject({ moi_quan_he_voi_chu_ho: 'Vợ', ho_ten_chu_ho: 'Thạch Văn Sang', so_dinh_danh_ca_nhan_chu_ho: '094088000123' });
  });

  it('takes the marriage side from a "Thị" name without asking it again', () => {
    const { fields } = fill('to-khai-dang-ky-ket-hon', ['mình là Đàm Thị Vui, sinh 1999, ngày 3 tháng 8']);
    expect(fields).toMatchObject({ ben_cua_nguoi_yeu_cau: 'Bên nữ', ho_ten_ben_nu: 'Đàm Thị Vui', ngay_sinh_ben_nu: '1999-08-03' });
  });
});

describe('names, dates and addresses as typed', () => {
  it('reads names outside the surname list, "La" as a surname, capitals and particles', () => {
    expect(findName('Tui la Thach Thi Sa Phia, sinh 1995')?.value).toBe('Thach Thi Sa Phia');
    expect(findName('Tui la Neang Thi Sa Rinh')?.value).toBe('Neang Thi Sa Rinh');
    expect(findName('em tên La Văn Chiến, sinh 1990')?.value).toBe('La Văn Chiến');
    expect(findName('tên là Nguyễn Văn Bảy')?.value).toBe('Nguyễn Văn Bảy');
    expect(findName('mình là chú rể, HOÀNG ĐỨC ANH, sinh 1994')?.value).toBe('Hoàng Đức Anh');
    expect(findName("em tên Y'Bih Niê")?.value).toBe("Y'Bih Niê");
    expect(facts('Ton That Hung day a, 1968, nam')).toEqual(
      expect.arrayContaining([{ holder: 'self', key: 'hoTen', value: 'Ton That Hung' }, { holder: 'self', key: 'ngaySinh', value: '1968' }]),
    );
    // "Bé" typed as the last syllable of a name is not the baby.
    expect(facts('ba no ten Luong Van Be, sinh nam 1990')).toEqual([
      { holder: 'father', key: 'ngaySinh', value: '1990' },
      { holder: 'father', key: 'hoTen', value: 'Luong Van Be' },
    ]);
  });

  it('dates a baby born "hôm 8/11" without the year on the last such day', () => {
    expect(facts('em vừa sinh bé hôm 8/11, điền giúp em tờ khai')).toContainEqual({ holder: 'child', key: 'ngaySinh', value: '2026-11-08' });
    expect(facts('sinh 1993, ngày 6 tháng 1')).toContainEqual({ holder: 'self', key: 'ngaySinh', value: '1993-01-06' });
  });

  it('keeps an address without the words around it', () => {
    const address = (t: string) => facts(t).find((f) => f.key === 'noiCuTru')?.value;
    expect(address('địa chỉ số 14 ngõ 3 phố Lạc Trung, phường Vĩnh Tuy, Hà Nội')).toBe('số 14 ngõ 3 phố Lạc Trung, phường Vĩnh Tuy, Hà Nội');
    expect(address('e đang ở trọ số 2 kiệt 9 Lê Duẩn, phường Hải Châu, Đà Nẵng ạ')).toBe('số 2 kiệt 9 Lê Duẩn, phường Hải Châu, Đà Nẵng');
    expect(address('đăng ký thường trú: số 7 phố Hàng Than, phường Ba Đình, Hà Nội')).toBe('số 7 phố Hàng Than, phường Ba Đình, Hà Nội');
    expect(facts('gốc Quảng Bình luôn, còn giờ ở Bình Dương').find((f) => f.key === 'queQuan')?.value).toBe('Quảng Bình');
    // "em chỉ có …": "chỉ" (only) is no southern "she".
    expect(facts('em chỉ có số cccd 001199 000 111').find((f) => f.key === 'soDinhDanh')?.holder).toBe('self');
  });
});

describe('a request to fill', () => {
  it('starts filling on a fill verb, a form and a plea in one clause, after a story', () => {
    expect(asksToFillForm(fold('nhà tôi khó khăn, muốn xin trợ giúp pháp lý, viết đơn giúp tôi'))).toBe(true);
    expect(asksToFillForm(fold('điền giùm mình cái tờ khai nha'))).toBe(true);
    expect(asksToFillForm(fold('làm đơn khởi kiện giúp tôi'))).toBe(false);
    expect(asksToFillForm(fold('đơn trợ giúp pháp lý làm ở đâu?'))).toBe(false);
  });
});

describe('a child\'s birth date is never an adult\'s', () => {
  it('files a recent date said with no one named as the baby\'s, and leaves a second one unplaced', () => {
    const { fields } = fill('to-khai-dang-ky-khai-sinh', ['em tên Nông Thị Hoa, sinh 1996, là mẹ cháu', 'em sinh 30/10/2026 ở bệnh viện huyện']);
    expect(fields).toMatchObject({ ngay_sinh_nguoi_yeu_cau: '1996', ngay_sinh_nguoi_duoc_khai_sinh: '2026-10-30' });
    const again = fill('to-khai-dang-ky-ket-hon', ['em là bên nữ, tên Lưu Thị Vân, sinh 1/1/1997', 'em sinh 2/2/2020']);
    expect(again.fields.ngay_sinh_ben_nu).toBe('1997-01-01');
  });
});

describe('details owned by a pronoun after another person was talked about', () => {
  it('files "cccd e là …" under the citizen, not the person named just before', () => {
    const { fields } = fill('to-khai-dang-ky-ket-hon', ['e là chú rể, tên Ông Văn Tiệp, sn 2/3/1993', 'vợ sắp cưới của e: Mai Thị Thu Sương, sn 1995 ngày 4/4', 'cccd e là 040093 000 771, còn của Sương là 040195 000 882']);
    expect(fields).toMatchObject({ giay_to_tuy_than_ben_nam: '040093000771', giay_to_tuy_than_ben_nu: '040195000882' });
  });

  it('reads the central "anh nớ" as "anh ấy", a year then "ngày 7/3." and an address ending in "đó ad"', () => {
    const { fields } = fill('to-khai-dang-ky-ket-hon', ['tui là bên nữ, tên Hồ Thị Lài, sinh năm 1997, ngày 7/3.', 'anh nớ tên Phan Van Tho, sinh năm 1992']);
    expect(fields).toMatchObject({ ngay_sinh_ben_nu: '1997-03-07', ho_ten_ben_nam: 'Phan Van Tho', ngay_sinh_ben_nam: '1992' });
    expect(facts('nha e o so 9 duong Tran Phu, phuong Vinh Phuc, Ha Noi do ad, gan truong hoc').find((f) => f.key === 'noiCuTru')?.value).toBe('so 9 duong Tran Phu, phuong Vinh Phuc, Ha Noi');
  });
});

describe('places that read like relations', () => {
  it('keeps "xã Ba Bể" in the address and takes a landlord as no relative', () => {
    expect(facts('em o ban Na Lang, xa Ba Be, tinh Thai Nguyen').find((f) => f.key === 'noiCuTru')?.value).toBe('ban Na Lang, xa Ba Be, tinh Thai Nguyen');
    expect(fill('ct01', ['em ten Dinh Van Tu, sinh 2001', 'chu ho la ong Tran Van Ba, chu nha tro, cccd 001060 111 111']).fields).toMatchObject({ ho_ten_chu_ho: 'Tran Van Ba', moi_quan_he_voi_chu_ho: 'Khác' });
  });
});

describe('a hometown among questions and chatter', () => {
  it('skips a "quê" inside a question and one with no place after it', () => {
    const q = facts('mà sao phải ghi quê quán hả chị? quê cháu lấy theo quê bố, ở Thái Bình').filter((f) => f.key === 'queQuan');
    expect(q).toEqual([{ holder: 'child', key: 'queQuan', value: 'Thái Bình' }]);
    expect(facts('mà sao phải ghi quê quán hả chị?').some((f) => f.key === 'hoTen')).toBe(false);
  });
});

describe('carriesFormData', () => {
  it('tells form data from a question about the procedure', async () => {
    const { carriesFormData } = await import('./form-data.js');
    expect(carriesFormData('cả 2 đứa đều lần đầu hết á', now)).toBe(true);
    expect(carriesFormData('à nhầm, số cuối là 8', now)).toBe(true);
    expect(carriesFormData('mình chưa kết hôn lần nào, cần 2 bản', now)).toBe(true);
    expect(carriesFormData('nộp ở đâu vậy ad', now)).toBe(false);
  });
});

describe('a form of ours needed by name', () => {
  it('is a request to fill it; asking where to get it or another paper is not', () => {
    for (const t of ['toi bi tai nan lao dong, can don tro giup phap ly', 'e cần tờ khai CT01 để khai báo tạm trú', 'mình cần prefill tờ khai khai sinh']) expect(asksToFillForm(fold(t)), t).toBe(true);
    for (const t of ['xin đơn trợ giúp pháp lý ở đâu', 'cần đơn khởi kiện giúp tôi', 'tờ khai CT01 là gì']) expect(asksToFillForm(fold(t)), t).toBe(false);
  });
});
