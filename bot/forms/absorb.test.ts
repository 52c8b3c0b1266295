import { fillFromMessages } from '../testing/form-fill.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadForms, type FormRegistry } from '../../knowledge/index.js';
import { absorb } from './absorb.js';

/** Messages read one after another into a fresh session of a form; the captured fields. */
let forms: FormRegistry;
beforeAll(async () => {
  forms = await loadForms();
});
const now = new Date('2026-12-01T05:00:00Z');

const fill = (formId: string, messages: string[]) => fillFromMessages(forms, formId, messages, now);

describe('absorb over a conversation', () => {
  it.each<[string, string[], Record<string, string>]>([
    ['the entry number given and corrected in one message', ['xin trích lục khai tử của chồng tôi', 'Số 24, quyển số 01/2023, ngày đăng ký 10/8/2023. Ờ mà khoan, số 42 chớ hổng phải 24'], { so: '42', quyen_so: '01/2023', ngay_dang_ky: '2023-08-10' }],
    ['the entry number corrected by "… mới đúng"', ['xin trích lục khai sinh', 'số 12, quyển số 01 ạ. à ko, số 21 mới đúng, e nhìn nhầm ảnh chụp.'], { so: '21', quyen_so: '01' }],
    ['the book number corrected unaccented', ['xin trich luc khai sinh', 'so 512, quyen so 03/2005, ngay dang ky 30/08/2005. a nham, quyen so 02/2005'], { so: '512', quyen_so: '02/2005', ngay_dang_ky: '2005-08-30' }],
    ['the registration date corrected in the same message, near a birth date', ['xin trích lục khai sinh cho con gái', 'Con gái tôi tên Ma Ri Dah, sinh 7/7/2008', 'Ngày đăng ký 20/7/2008, số 88, quyển 01. À lộn, ngày 22/7/2008'], { ngay_dang_ky: '2008-07-22', so: '88' }],
    ['the registration date said after a death date in the correction', ['xin trích lục khai tử của mẹ tôi', 'Việc khai tử đăng ký tại UBND phường Quán Thánh, ngày 8/3/2021', 'À tôi nhầm, mẹ tôi mất ngày 13/3/2021, đăng ký ngày 18/3/2021'], { ngay_dang_ky: '2021-03-18' }],
  ])('corrects the register\'s own values: %s', (_, messages, expected) => {
    const { fields } = fill('to-khai-cap-ban-sao-trich-luc-ho-tich', messages);
    expect(fields).toMatchObject(expected);
  });

  it('writes "Ủy ban xã …" as the People\'s Committee it is', () => {
    const { fields } = fill('to-khai-cap-ban-sao-trich-luc-ho-tich', ['xin trích lục khai tử', 'đăng ký khai tử ở Ủy ban xã Bình Phú, tỉnh Bến Tre']);
    expect(fields.da_dang_ky_tai).toBe('Ủy ban nhân dân xã Bình Phú, tỉnh Bến Tre');
  });

  it('leaves a house number corrected to the address, not the register\'s entry', () => {
    const { fields } = fill('to-khai-cap-ban-sao-trich-luc-ho-tich', ['xin trích lục khai sinh', 'số 12, quyển số 01', 'tôi ở nhà số 14 đường Lê Lợi, phường Bến Thành', 'à nhầm, nhà số 41 chứ không phải 14']);
    expect(fields.so).toBe('12');
  });

  it('corrects a baby\'s birth day said as day/month, whoever else the sentence mentions', () => {
    const { fields } = fill('to-khai-dang-ky-khai-sinh', ['làm giấy khai sinh cho bé', 'bé tên Trịnh Khánh An, bé gái, sinh 03/11/2026', 'e là bố bé, Trịnh Quang Minh, sn 17/5/1994', 'à sửa lại, bé sinh 08/11 chứ ko phải 03/11, 3/11 là ngày vợ e nhập viện']);
    expect(fields.ngay_sinh_nguoi_duoc_khai_sinh).toBe('2026-11-08');
  });

  it('reads a young citizen\'s "cháu" as themself when they are the baby\'s parent, and "con cháu" as their child', () => {
    const { fields } = fill('to-khai-dang-ky-khai-sinh', ['Cô ơi cháu làm giấy khai sinh cho con cháu ạ', 'Con cháu là bé gái, tên là Triệu Thị Mai, đẻ ngày 5 tháng 11 năm 2026', 'Cháu là mẹ, tên Lý Thị Xuân, sinh ngày 18 tháng 2 năm 2001, dân tộc Dao']);
    expect(fields).toMatchObject({ ho_ten_nguoi_duoc_khai_sinh: 'Triệu Thị Mai', ho_ten_nguoi_yeu_cau: 'Lý Thị Xuân', ho_ten_me: 'Lý Thị Xuân', quan_he_voi_nguoi_duoc_khai_sinh: 'Mẹ' });
  });

  it('keeps the mother the paper\'s person when the late father is named after her', () => {
    const { fields } = fill('to-khai-xac-nhan-tinh-trang-hon-nhan', ['em muốn xin giấy xác nhận tình trạng hôn nhân cho mẹ em', 'Em tên Đỗ Văn Hiệp, sinh 1978', 'Mẹ em là Phạm Thị Nhàn, sinh năm 1948 ngày 12 tháng 1, căn cước 034148000213', 'Bố em mất năm 2010 rồi ạ, tên Đỗ Văn Chiến']);
    expect(fields).toMatchObject({ quan_he_voi_nguoi_duoc_cap: 'Con', ho_ten: 'Phạm Thị Nhàn' });
  });

  it('keeps the partner named before the citizen said their side apart from the citizen', () => {
    const { fields } = fill('to-khai-dang-ky-ket-hon', ['người yêu em tên Lò Văn Tâm, sinh 1994', 'em là Lò Thị Dung, nữ, sinh 2/2/1999']);
    expect(fields).toMatchObject({ ben_cua_nguoi_yeu_cau: 'Bên nữ', ho_ten_ben_nu: 'Lò Thị Dung', ngay_sinh_ben_nu: '1999-02-02', ho_ten_ben_nam: 'Lò Văn Tâm', ngay_sinh_ben_nam: '1994' });
  });

  it('takes a paper asked by a citizen who names nobody else to be for the citizen, and says so', () => {
    const { fields, notes } = fill('to-khai-xac-nhan-tinh-trang-hon-nhan', ['cần giấy xác nhận tình trạng hôn nhân', 'tôi tên Kha Văn Dũng, nam, sinh 9/9/1991']);
    expect(fields).toMatchObject({ quan_he_voi_nguoi_duoc_cap: 'Bản thân', ho_ten: 'Kha Văn Dũng', ngay_sinh: '1991-09-09', gioi_tinh: 'Nam' });
    expect(notes.join(' ')).toMatch(/cấp cho chính anh\/chị/);
  });

  it('drops the inferred "for the citizen" when the citizen then says it is for their child', () => {
    const { fields } = fill('to-khai-cap-ban-sao-trich-luc-ho-tich', ['cần bản sao trích lục khai sinh', 'tôi tên Kha Minh, sinh 9/9/1971', 'à xin cho con tôi', 'tôi là nam']);
    expect(fields.quan_he_voi_nguoi_duoc_cap).toBe('Cha');
  });

  it('does not take the paper to be the citizen\'s when someone else was named', () => {
    const { fields } = fill('to-khai-xac-nhan-tinh-trang-hon-nhan', ['xin giấy xác nhận cho mẹ tôi', 'tôi tên Kha Văn Dũng, sinh 9/9/1991', 'mẹ tôi tên Lê Thị Na, sinh 1965']);
    expect(fields.quan_he_voi_nguoi_duoc_cap).toBe('Con');
    expect(fields.ho_ten).toBe('Lê Thị Na');
  });

  it.each([
    ['a father named with his full name after the citizen', ['cần bản sao trích lục khai tử', 'tôi là Đàm Văn Lực, sinh 4/4/1970, ở xóm 5, xã Yên Lạc', 'bố tôi là Đàm Văn Thọ, sinh năm 1940'], 'Con', 'Đàm Văn Thọ'],
    ['a husband named with his details', ['can giay xac nhan tinh trang hon nhan', 'e ten Ong Thi Mai, sn 1/2/1990', 'chong e la Ong Van Khai, sn 3/3/1988'], 'Vợ', 'Ong Van Khai'],
    ['a younger brother named after the citizen', ['xin trích lục khai sinh', 'mình là Tạ Thị Lan, sinh 5/6/1992', 'em trai mình là Tạ Văn Bình, sinh 7/8/1998'], 'Khác', 'Tạ Văn Bình'],
  ])('takes the paper to be for the relative named after the citizen gave their own details: %s', (_, messages, relation, name) => {
    const { fields, notes } = fill(messages[0]!.includes('xac nhan') ? 'to-khai-xac-nhan-tinh-trang-hon-nhan' : 'to-khai-cap-ban-sao-trich-luc-ho-tich', messages);
    expect(fields.quan_he_voi_nguoi_duoc_cap).toBe(relation);
    expect(fields.ho_ten).toBe(name);
    expect(fields.ho_ten_nguoi_yeu_cau).not.toBe(name);
    expect(fields.giay_to_tuy_than).toBeUndefined();
    expect(notes.join(' ')).toMatch(/người thân anh\/chị vừa nêu/);
  });

  it('keeps a marital-status certificate the citizen\'s own when they say they are married to the spouse they name', () => {
    const { fields } = fill('to-khai-xac-nhan-tinh-trang-hon-nhan', ['cần giấy xác nhận tình trạng hôn nhân để vay ngân hàng', 'Mai Thị Thoa, sinh 1/3/1989, em là nữ', 'em đang có chồng, chồng em tên Lý Văn Đức']);
    expect(fields).toMatchObject({ quan_he_voi_nguoi_duoc_cap: 'Bản thân', ho_ten: 'Mai Thị Thoa' });
  });

  it('keeps a marriage extract the citizen\'s own when the spouse is named', () => {
    const { fields } = fill('to-khai-cap-ban-sao-trich-luc-ho-tich', ['mất giấy đăng ký kết hôn, xin bản sao trích lục kết hôn', 'em là Vi Thị Hồng, sinh 2/2/1993', 'chồng em là Vi Văn Toản, sinh 1990', 'tụi em đăng ký kết hôn ở UBND xã Đồng Tâm năm 2016']);
    expect(fields).toMatchObject({ quan_he_voi_nguoi_duoc_cap: 'Bản thân', ho_ten: 'Vi Thị Hồng' });
    expect(fields.noi_cu_tru_nguoi_yeu_cau).toBeUndefined();
  });

  it.each([
    ['Vợ tui làm ăn xa, tui xin giấy xác nhận tình trạng hôn nhân cho bả được không', 'Chồng'],
    ['anh trai tau đi làm xa, tau xin trích lục khai sinh cho hắn', 'Khác'],
    ['e xin trich luc khai sinh cho a trai e', 'Khác'],
    ['cần bản sao trích lục khai sinh cho em gái, làm giúp mình', 'Khác'],
  ])('reads who the paper is for from the first message: %s', (message, relation) => {
    const { fields } = fill(/xac nhan|xác nhận/.test(message) ? 'to-khai-xac-nhan-tinh-trang-hon-nhan' : 'to-khai-cap-ban-sao-trich-luc-ho-tich', [message]);
    expect(fields.quan_he_voi_nguoi_duoc_cap).toBe(relation);
  });

  it.each([
    ['Cả nhà dân tộc Kinh, quốc tịch VN.', 'Kinh', 'Việt Nam'],
    ['dan toc tay het, quoc tich vn', 'Tày', 'Việt Nam'],
  ])('gives an origin said for the whole family to everyone on the form: %s', (message, ethnic, nationality) => {
    const { fields } = fill('to-khai-dang-ky-khai-sinh', ['em là mẹ bé, tên Nông Thị Lụa, sinh 2/2/1996', 'chồng em tên Hoàng Văn Sáng, sinh 1994', 'bé tên Hoàng Gia Bảo, sinh 25/11/2026', message]);
    for (const k of ['dan_toc', 'dan_toc_me', 'dan_toc_cha']) expect(fields[k]).toBe(ethnic);
    for (const k of ['quoc_tich', 'quoc_tich_me', 'quoc_tich_cha']) expect(fields[k]).toBe(nationality);
  });

  it('corrects the person a correction names by kin word or by a toned pronoun, not the speaker owning up', () => {
    const mother = fill('to-khai-xac-nhan-tinh-trang-hon-nhan', ['xin giấy xác nhận cho mẹ tôi', 'tôi tên Mạc Văn Bình, sinh 3/3/1970', 'mẹ tôi tên Vũ Thị Nhàn, sinh 5/6/1945', 'à tôi nhầm, mẹ tôi sinh ngày 6 tháng 5 năm 1945']);
    expect(mother.fields).toMatchObject({ ngay_sinh: '1945-05-06', ngay_sinh_nguoi_yeu_cau: '1970-03-03' });
    const bride = fill('to-khai-dang-ky-ket-hon', ['tau tên Hồ Văn Cảnh, sinh 2/2/1968, tau bên nam', 'bà ấy tên Đinh Thị Mơ, sinh 9/9/1972', 'tau nói lộn, bả sinh 9/9/1971']);
    expect(bride.fields).toMatchObject({ ngay_sinh_ben_nu: '1971-09-09', ngay_sinh_ben_nam: '1968-02-02' });
  });

  it('reads the office, the place and the date of the form when said outright, never the date as a birth date', () => {
    const { fields } = fill('to-khai-xac-nhan-tinh-trang-hon-nhan', ['tôi tên Lò Văn Sính, sinh 1/1/1991, xin giấy xác nhận cho bản thân', 'nộp ở UBND phường Tây Hồ, ngày khai 30/11/2026, làm tại Hà Nội']);
    expect(fields).toMatchObject({ kinh_gui: 'Ủy ban nhân dân phường Tây Hồ', ngay_khai: '2026-11-30', lam_tai: 'Hà Nội', ngay_sinh_nguoi_yeu_cau: '1991-01-01' });
  });

  it.each([
    ['gửi UBND phường Tây Hồ, làm tại Hà Nội ngày 30/11/2026', 'Hà Nội'],
    ['gửi UBND phường Tây Hồ. Ngày khai để 30/11/2026 luôn nha', undefined],
  ])('reads the date of the form after its place or after "để": %s', (message, place) => {
    const { fields } = fill('to-khai-xac-nhan-tinh-trang-hon-nhan', ['tôi tên Lò Văn Sính, sinh 1/1/1991, xin giấy xác nhận cho bản thân', message]);
    expect(fields).toMatchObject({ ngay_khai: '2026-11-30', ngay_sinh_nguoi_yeu_cau: '1991-01-01' });
    expect(fields.lam_tai).toBe(place);
  });

  it('reads an elder who speaks of themself by a kin title as the citizen, and the grandchild as the subject', () => {
    const { fields } = fill('to-khai-cap-ban-sao-trich-luc-ho-tich', ['cháu ơi, ông cần xin bản sao khai sinh cho cháu ngoại', 'cháu tên Đỗ Minh Khang, sinh 2/2/2018', 'Ông tên Đỗ Văn Tư, sinh 1950, căn cước 001050000111']);
    expect(fields).toMatchObject({ ho_ten_nguoi_yeu_cau: 'Đỗ Văn Tư', giay_to_tuy_than_nguoi_yeu_cau: '001050000111', ho_ten: 'Đỗ Minh Khang', ngay_sinh: '2018-02-02', quan_he_voi_nguoi_duoc_cap: 'Khác' });
    expect(fields.giay_to_tuy_than).toBeUndefined();
  });

  it('corrects the value of the person whose wrong value is quoted, even after "em nhầm" ("chớ không phải")', () => {
    const { fields, notes } = fill('to-khai-dang-ky-ket-hon', [
      'anh là bên nam, tên Âu Văn Lợi, sinh 5/5/1990',
      'vợ sắp cưới: Kiều Thị Sương, sinh 1993 ngày 8/3',
      'năm sinh Sương là 1994 chớ không phải 1993, anh nhầm',
    ]);
    expect(fields).toMatchObject({ ngay_sinh_ben_nu: '1994-03-08', ngay_sinh_ben_nam: '1990-05-05' });
    expect(notes.at(-1)).toMatch(/đã sửa .*bên nữ.* 08\/03\/1994/);
  });

  it('takes the landlord of a rented room as the head of household', () => {
    const { fields } = fill('ct01', ['em tên Lục Thị Vân, sinh 3/3/2004', 'chủ nhà trọ là cô Trương Thị Bích, em chỉ ở trọ thôi']);
    expect(fields).toMatchObject({ ho_ten: 'Lục Thị Vân', ho_ten_chu_ho: 'Trương Thị Bích', moi_quan_he_voi_chu_ho: 'Khác' });
  });

  it('reads the registration of the event an extract is for: date, entry and book, office', () => {
    const { fields } = fill('to-khai-cap-ban-sao-trich-luc-ho-tich', [
      'tôi là Mẫn Văn Khôi, sinh 1/1/1980, xin trích lục kết hôn của tôi',
      'đăng ký ngày 14/2/2008, số 12, quyển số 01/2008, đăng ký tại UBND xã Tân Yên',
    ]);
    expect(fields).toMatchObject({ ngay_sinh_nguoi_yeu_cau: '1980-01-01', ngay_dang_ky: '2008-02-14', so: '12', quyen_so: '01/2008', da_dang_ky_tai: 'UBND xã Tân Yên' });
  });
  it.each([
    ['Gửi công an phường Bến Thành nhé', 'ct01', 'Công an phường Bến Thành'],
    ['nộp UBND xã Mỹ Lợi nha ad', 'to-khai-xac-nhan-tinh-trang-hon-nhan', 'Ủy ban nhân dân xã Mỹ Lợi'],
    ['nop UBND phuong Nghia Do nhe chi', 'to-khai-xac-nhan-tinh-trang-hon-nhan', 'Uy ban nhan dan phuong Nghia Do'],
    ['Không lấy bản sao mô. Nộp ủy ban xã Yên Thành', 'to-khai-xac-nhan-tinh-trang-hon-nhan', 'Ủy ban nhân dân xã Yên Thành'],
    ['gui uy ban phuong Thuy Xuan', 'to-khai-xac-nhan-tinh-trang-hon-nhan', 'Uy ban nhan dan phuong Thuy Xuan'],
  ])('reads the office the form is filed at without "ở", in the citizen\'s spelling and without the particles: %s', (message, formId, office) => {
    const { fields } = fill(formId, ['tôi tên Lò Văn Sính, sinh 1/1/1991', message]);
    expect(fields.kinh_gui).toBe(office);
  });

  it('reads an elder\'s details told by their kin title, and "con cô" as the elder\'s child', () => {
    const { fields } = fill('to-khai-xac-nhan-tinh-trang-hon-nhan', [
      'Cô cần xin giấy xác nhận độc thân cho con trai cô',
      'Cô là mẹ nó, Hà Thị Nguyệt, sinh 2/3/1962',
      'Con cô tên Trịnh Văn Lâm, sinh 5/5/1990',
    ]);
    expect(fields).toMatchObject({ ho_ten_nguoi_yeu_cau: 'Hà Thị Nguyệt', ngay_sinh_nguoi_yeu_cau: '1962-03-02', quan_he_voi_nguoi_duoc_cap: 'Mẹ', ho_ten: 'Trịnh Văn Lâm', ngay_sinh: '1990-05-05' });
  });

  it('takes a guardian\'s ward as the person the paper is for', () => {
    const { fields } = fill('to-khai-cap-ban-sao-trich-luc-ho-tich', [
      'tôi là người giám hộ của cháu, cần bản sao khai sinh cho cháu',
      'tôi tên Đào Văn Sỹ, sinh 3/3/1968',
      'cháu tên Đào Thu Trang, sinh 9/9/2015',
    ]);
    expect(fields).toMatchObject({ quan_he_voi_nguoi_duoc_cap: 'Người đại diện theo pháp luật', ho_ten_nguoi_yeu_cau: 'Đào Văn Sỹ', ho_ten: 'Đào Thu Trang', ngay_sinh: '2015-09-09' });
  });
  it('guesses the marriage side from the partner\'s name, and asks it back', () => {
    const r = fill('to-khai-dang-ky-ket-hon', ['nguoi yeu tau Quach Thi Nu, 1999, cccd 042199006222', 'tau ten Cao Dinh Luc, sinh 9/9/1993, cccd 042093000111']);
    expect(r.fields).toMatchObject({ ho_ten_ben_nu: 'Quach Thi Nu', giay_to_tuy_than_ben_nu: '042199006222', ho_ten_ben_nam: 'Cao Dinh Luc', giay_to_tuy_than_ben_nam: '042093000111' });
    const s = fill('to-khai-dang-ky-ket-hon', ['ny e ten Tong Thu Hang, sn 19/08/2002', 'con e la Mai Quang Dat, sn 3-5-2000']);
    expect(s.fields).toMatchObject({ ho_ten_ben_nu: 'Tong Thu Hang', ho_ten_ben_nam: 'Mai Quang Dat', ngay_sinh_ben_nam: '2000-05-03' });
  });
  it('reads a birth date said in words, and "anh nhà con" as the husband of a citizen speaking as "con"', () => {
    const { fields } = fill('to-khai-dang-ky-ket-hon', [
      'cho con hỏi đăng ký kết hôn ở phường thì mần răng?',
      'Con tên Lê Thị Ngát, nữ, sinh ngày hai mươi tháng tư năm một chín chín chín',
      'Anh nhà con tên Văn Đình Khải, sinh năm 1997',
    ]);
    expect(fields).toMatchObject({ ho_ten_ben_nu: 'Lê Thị Ngát', ngay_sinh_ben_nu: '1999-04-20', ho_ten_ben_nam: 'Văn Đình Khải', ngay_sinh_ben_nam: '1997' });
    expect(fields.noi_cu_tru_ben_nu).toBeUndefined();
  });
  it.each([
    ['em cần giấy xác nhận độc thân để làm hồ sơ định cư ở Canada nha chị', 'Làm hồ sơ định cư ở Canada'],
    ['Mục đích: để nó kết hôn với người Đài Loan. Lấy 1 bản', 'Kết hôn với người Đài Loan'],
    // (Typed without tones, every word a purpose's: written with its tones, `purpose-words.ts`.)
    ['xin giay xac nhan de ban nha dat thi lam sao ad', 'Bán nhà đất'],
    ['xin giay xac nhan de ban nha cua ong ba thi lam sao ad', 'Ban nha cua ong ba'],
    ['tôi xin giấy xác nhận để đi đăng ký kết hôn với người yêu là Lò Văn Pá', 'Đăng ký kết hôn'],
  ])('keeps the purpose of a marital-status certificate in the citizen\'s words: %s', (message, purpose) => {
    const { fields } = fill('to-khai-xac-nhan-tinh-trang-hon-nhan', [message]);
    expect(fields.muc_dich_su_dung).toBe(purpose);
  });

  it('reads no purpose in "để" that puts something off', () => {
    const { fields } = fill('to-khai-xac-nhan-tinh-trang-hon-nhan', ['căn cước nó thì cô không nhớ, để cô gọi hỏi nó sau']);
    expect(fields.muc_dich_su_dung).toBeUndefined();
  });
  it('takes a grandparent\'s relation to the baby from "cháu nội" and their sex, said later', () => {
    const { fields } = fill('to-khai-dang-ky-khai-sinh', ['tui đi khai sinh cho cháu ngoại được không', 'Tui tên Giàng Thị Súa, sinh 1958']);
    expect(fields.quan_he_voi_nguoi_duoc_khai_sinh).toBe('Bà');
  });
  it('reads "nó" opening a clause as the person the paper is about, never the citizen', () => {
    const { fields } = fill('to-khai-xac-nhan-tinh-trang-hon-nhan', [
      'Tôi là mẹ, xin giấy xác nhận độc thân cho con trai',
      'tôi tên Đặng Thị Gấm, sinh 2/2/1966',
      'Con trai: Phí Văn Hào, sinh 1/1/1995. Nó thường trú ở số 9 phố Hàng Than, phường Ba Đình, Hà Nội',
    ]);
    expect(fields).toMatchObject({ quan_he_voi_nguoi_duoc_cap: 'Mẹ', ho_ten: 'Phí Văn Hào', noi_cu_tru: 'số 9 phố Hàng Than, phường Ba Đình, Hà Nội' });
    expect(fields.noi_cu_tru_nguoi_yeu_cau).toBeUndefined();
  });

  it('never takes the office the form is filed at as where a couple lives', () => {
    const { fields } = fill('to-khai-dang-ky-ket-hon', ['em là Lò Thị Dung, nữ, sinh 2/2/1999', 'hai đứa ở UBND phường Tân An nộp luôn']);
    expect(fields.noi_cu_tru_ben_nu).toBeUndefined();
    expect(fields.noi_cu_tru_ben_nam).toBeUndefined();
  });
  it('reads "vk a", "ck c" as the spouse and "a: …" as the citizen\'s own details in chat shorthand', () => {
    const { fields } = fill('to-khai-cap-ban-sao-trich-luc-ho-tich', [
      'cho a xin ban sao trich luc khai sinh cua vk a',
      'vk a: Mai Thi Hong Tham, sn 03-03-98',
      'a: Vuong Van Tri, sn 26/6/1995, cccd 048095000663',
    ]);
    expect(fields).toMatchObject({ quan_he_voi_nguoi_duoc_cap: 'Chồng', ho_ten: 'Mai Thi Hong Tham', ngay_sinh: '1998-03-03', ho_ten_nguoi_yeu_cau: 'Vuong Van Tri', ngay_sinh_nguoi_yeu_cau: '1995-06-26' });
  });
  it('reads no address in a country named after "ở" ("kết hôn ở Nhật Bản")', () => {
    const { fields } = fill('to-khai-xac-nhan-tinh-trang-hon-nhan', ['tôi tên Lò Văn Sính, sinh 1/1/1991', 'để tôi đăng ký kết hôn ở Nhật Bản']);
    expect(fields.noi_cu_tru_nguoi_yeu_cau).toBeUndefined();
  });
});

describe('where and when the form is filed', () => {
  it('reads the office from "đăng ký kết hôn ở UBND …" and a signing date a week ahead', async () => {
    const { fillFromMessages } = await import('../testing/form-fill.js');
    const { loadForms } = await import('../../knowledge/index.js');
    const forms = await loadForms();
    const { fields } = fillFromMessages(forms, 'to-khai-dang-ky-ket-hon', ['bọn em muốn đăng ký kết hôn tại UBND xã Tân Phú, ngày khai 12/12/2026'], new Date('2026-12-05T05:00:00Z'));
    expect(fields).toMatchObject({ kinh_gui: 'Ủy ban nhân dân xã Tân Phú', ngay_khai: '2026-12-12' });
    // On an extract, where the event was registered is the old office, not where the form goes.
    const extract = fillFromMessages(forms, 'to-khai-cap-ban-sao-trich-luc-ho-tich', ['con tôi đăng ký khai sinh tại UBND xã Tân Phú'], new Date('2026-12-05T05:00:00Z'));
    expect(extract.fields.kinh_gui).toBeUndefined();
  });
});

describe('a correction of a value of the form itself', () => {
  it('replaces the register entry number said wrongly ("số là 63 chứ không phải 36")', async () => {
    const { fillFromMessages } = await import('../testing/form-fill.js');
    const { loadForms } = await import('../../knowledge/index.js');
    const forms = await loadForms();
    const { fields, notes } = fillFromMessages(forms, 'to-khai-cap-ban-sao-trich-luc-ho-tich', ['tôi xin bản sao trích lục khai sinh của tôi, đăng ký ngày 4/5/1990, số 36, quyển số 02', 'à số là 63 chứ không phải 36'], new Date('2026-12-05T05:00:00Z'));
    expect(fields.so).toBe('63');
    expect(notes.join(' ')).toMatch(/đã sửa số thành 63/);
  });
});

describe('where and when the event of an extract was registered, as people tell it', () => {
  const extract = 'to-khai-cap-ban-sao-trich-luc-ho-tich';
  it.each([
    ['the date between the event and the office', 'Tụi mình đăng ký kết hôn ngày 9/10/2011 tại UBND xã Yên Hòa, số 21', '2011-10-09', 'UBND xã Yên Hòa'],
    ['the event said with a word of doing', 'khai tử làm ở UBND phường Tân Định, ngày 3/6/2021, số 30, quyển số 01', '2021-06-03', 'UBND phường Tân Định'],
    ['chat shorthand and words between', 'dk ket hon vs vo a ngay 5/5/2015 tai UBND xa Binh Minh', '2015-05-05', 'UBND xa Binh Minh'],
    ['the date after "ngày đăng ký" following the office', 'khai sinh dang ky o UBND xa Dong Ha, ngay dang ky 7/1/1989', '1989-01-07', 'UBND xa Dong Ha'],
  ])('%s', (_, message, date, office) => {
    const { fields } = fill(extract, ['xin bản sao trích lục', 'tôi tên Kha Minh Tuấn, sinh 9/9/1971, căn cước 001071000222', message]);
    expect(fields.ngay_dang_ky).toBe(date);
    expect(fields.da_dang_ky_tai).toMatch(new RegExp(`^(?:UBND|Ủy ban nhân dân|Uy ban nhan dan)\\s${office.split(' ').slice(1).join(' ')}`, 'iu'));
  });

  it('reads the unit alone after a word of doing as its People\'s Committee', () => {
    const { fields } = fill(extract, ['xin bản sao trích lục khai sinh', 'tôi tên Kha Minh Tuấn, sinh 9/9/1971', 'hồi đó làm ở phường Lê Lợi, thành phố Quy Nhơn']);
    expect(fields.da_dang_ky_tai).toMatch(/^Ủy ban nhân dân phường Lê Lợi/u);
  });

  it('leaves the date when only its month or year is known', () => {
    const { fields } = fill(extract, ['xin bản sao trích lục khai sinh', 'tôi tên Kha Minh Tuấn, sinh 9/9/1971', 'khai sinh ở UBND xã An Phú, đăng ký hồi tháng 10/1971 chứ ngày thì không nhớ']);
    expect(fields.ngay_dang_ky).toBeUndefined();
    expect(fields.da_dang_ky_tai).toBeDefined();
  });

  it('does not take a birth date said after the event as its registration date', () => {
    const { fields } = fill(extract, ['xin bản sao trích lục khai tử của ba tôi', 'tôi tên Kha Minh Tuấn, sinh 9/9/1971', 'ba tôi đăng ký khai tử cho ông nội sinh ngày 1/1/1930']);
    expect(fields.ngay_dang_ky).not.toBe('1930-01-01');
  });

  it.each([
    ['"chớ hổng phải" after the new date', 'à lộn, đăng ký ngày 12/05/2016 chớ hổng phải tháng 4. Lấy 2 bản', '2016-05-12'],
    ['"mới đúng" with the new date alone', 'ờ nhầm, ngày 14/4/2016 mới đúng', '2016-04-14'],
  ])('corrects the registration date, not a birth date: %s', (_, correction, date) => {
    const { fields } = fill(extract, ['xin bản sao trích lục kết hôn', 'tôi tên Kha Minh Tuấn, sinh 12/4/1980', 'đăng ký kết hôn ở UBND xã Tân Lập ngày 12/4/2016', correction]);
    expect(fields.ngay_dang_ky).toBe(date);
    expect(fields.ngay_sinh_nguoi_yeu_cau ?? fields.ngay_sinh).toBe('1980-04-12');
  });
});

describe('the registering office ends where its date and numbers begin', () => {
  it.each([
    ['Con trai tôi Hà Minh Sơn, sinh 03/08/2009, đăng ký khai sinh tại UBND xã An Lạc, ngày 12/08/2009, số 30', 'UBND xã An Lạc', '2009-08-12'],
    ['khai tử ở UBND phường Bình Hòa hồi 2019 á', 'UBND phường Bình Hòa', undefined],
  ])('%s', (message, office, date) => {
    const { fields } = fill('to-khai-cap-ban-sao-trich-luc-ho-tich', ['xin bản sao trích lục', 'Tôi tên Hà Văn Lương, sinh 4/5/1979, CCCD 001079001122', message]);
    expect(fields.da_dang_ky_tai).toBe(office);
    expect(fields.ngay_dang_ky).toBe(date);
  });
});
