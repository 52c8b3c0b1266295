import { describe, expect, it } from 'vitest';
import { fold } from '../../knowledge/text/index.js';
import { loadForms } from '../../knowledge/index.js';
import { asksToFillForm, namedForms, papersNamed, withoutReferencePapers } from './choose-form.js';

describe('asksToFillForm: casual requests for a paper start the form', () => {
  it.each([
    'lam giay khai sinh cho chau giúp em',
    'khai sinh cho thằng cu nhà tui với',
    'xin bản sao trích lục khai tử cho ông',
    'ông ơi cho tui làm giấy xác nhận tình trạng hôn nhân, bả nhà tui mất rồi',
    'tôi muốn làm đơn trợ giúp pháp lý cho mẹ',
    'làm tạm trú giúp em nha',
    'làm giấy khai sinh hộ em với',
    'khai tử cho ông nhà tui nha',
  ])('%s → a request', (text) => expect(asksToFillForm(fold(text))).toBe(true));

  it.each([
    'làm giấy khai sinh cho con cần gì',
    'lam giay khai sinh cho chau o dau',
    'đăng ký kết hôn có mất phí không ạ?',
    'cho tôi hỏi làm giấy khai sinh thì sao',
    'giấy khai sinh bị rách',
    'Tui muốn đăng ký khai sinh cho con',
    'Cho tui hỏi xin giấy xác nhận tình trạng hôn nhân thì đi mô làm, mất mấy ngày rứa?',
    // The citizen will do it: the procedure first, the form offered there.
    'tôi muốn làm giấy khai sinh cho con',
    'em cần xin trích lục khai tử cho bà',
    // Plea words that are other words here: "hộ tịch", "kết hôn với …".
    'xin cấp bản sao trích lục hộ tịch',
    'đăng ký lại khai sinh cho người lớn tuổi',
    'dang ky lai khai sinh cho ong',
    'làm giấy đăng ký kết hôn với người nước ngoài',
  ])('%s → not a request', (text) => expect(asksToFillForm(fold(text))).toBe(false));
});

describe('namedForms: the paper a message names', () => {
  it.each([
    ['cần cấp lại bản sao giấy đăng ký kết hôn', 'to-khai-cap-ban-sao-trich-luc-ho-tich'],
    ['tôi làm mất giấy khai sinh, muốn xin bản sao', 'to-khai-cap-ban-sao-trich-luc-ho-tich'],
    ['xin trích lục khai tử của ông', 'to-khai-cap-ban-sao-trich-luc-ho-tich'],
    // The story between the paper and the copy asked for ("… bị chuột cắn mất rồi, giờ xin lại bản sao").
    ['giấy kết hôn của tui bị mối ăn hết rồi, giờ xin lại bản sao được không', 'to-khai-cap-ban-sao-trich-luc-ho-tich'],
    ['bọn mình sắp cưới, muốn đăng ký kết hôn', 'to-khai-dang-ky-ket-hon'],
    ['làm giấy khai sinh cho con', 'to-khai-dang-ky-khai-sinh'],
    ['xin giấy xác nhận độc thân để đăng ký kết hôn', 'to-khai-xac-nhan-tinh-trang-hon-nhan'],
    ['e lấy chồng rồi, muốn chuyển khẩu về nhà chồng', 'ct01'],
    ['tui ở rể, muốn nhập hộ khẩu vào nhà bố vợ', 'ct01'],
    ['lam giay khai sanh cho be', 'to-khai-dang-ky-khai-sinh'],
    // "ks" as people abbreviate "khai sinh", after a paper word ("ks" alone may be a hotel).
    ['mn ơi e cần tờ khai ks cho con, e là mẹ bé', 'to-khai-dang-ky-khai-sinh'],
    ['lam giay ks cho be', 'to-khai-dang-ky-khai-sinh'],
    // A copy of the birth paper by its abbreviation ("bản sao gks") is the extract form.
    ['ad ơi e cần bản sao gks để nộp hồ sơ, e mất bản cũ r', 'to-khai-cap-ban-sao-trich-luc-ho-tich'],
    ['xin trích lục giấy ks cho con', 'to-khai-cap-ban-sao-trich-luc-ho-tich'],
  ])('%s → %s', async (text, id) => {
    const forms = await loadForms();
    expect(namedForms({ forms, addresses: undefined }, fold(text))[0]).toBe(id);
  });
});

describe('pickForm: a form named by its triggers', () => {
  it('reads a residence word in front of an address as its label, not the residence form', async () => {
    const forms = await loadForms();
    const t = 'minh sinh 15.08.1993, thuong tru 210 Nguyen Trai, phuong Nguyen Cu Trinh, TP.HCM';
    expect(namedForms({ forms, addresses: undefined }, fold(t))).not.toContain('ct01');
    expect(namedForms({ forms, addresses: undefined }, fold('muốn đăng ký thường trú ở nhà mới'))[0]).toBe('ct01');
  });

  it('reads "cuối" typed without diacritics as "last", not a wedding ("số cuối là 5", "lần cuối")', async () => {
    const { pickForm } = await import('./choose-form.js');
    const forms = await loadForms();
    const ctx = { forms, addresses: undefined };
    for (const t of ['a nham, so cuoi la 5 chu k phai 4. ok dien giup e', 'lan cuoi em lam giay la nam ngoai, dien giup em']) {
      expect(pickForm(ctx, t, fold(t), undefined)?.id, t).not.toBe('to-khai-dang-ky-ket-hon');
    }
    for (const t of ['cuoi nhau xong roi, dien giup to khai', 'dien giup to khai dang ky ket hon']) {
      expect(pickForm(ctx, t, fold(t), undefined)?.id, t).toBe('to-khai-dang-ky-ket-hon');
    }
  });
});

describe('parseFor: an answer in the form’s "label: value" layout', () => {
  it('reads the value after the label, not the label’s own words ("chủ hộ")', async () => {
    const { parseFor } = await import('./answers.js');
    const forms = await loadForms();
    const ct01 = forms.get('ct01')!;
    const field = forms.fieldsOf(ct01).find((f) => f.name === 'moi_quan_he_voi_chu_ho')!;
    const now = new Date('2026-12-01T05:00:00Z');
    const r = parseFor({ forms, addresses: undefined }, field, 'Quan hệ với chủ hộ: người thuê trọ', now);
    expect(r.ok && r.value).not.toBe('Chủ hộ');
    const son = parseFor({ forms, addresses: undefined }, field, 'Quan hệ với chủ hộ: con', now);
    expect(son.ok && son.value).toBe('Con');
  });
});

describe('a paper named with a person’s details typed out (issue 20)', () => {
  it.each([
    'dang ky ket hon, toi la ben nam: Le Quang Vinh, 20/2/1985, kinh, VN, cccd 044085003317, o thon Tan Hai',
    'xin giay xac nhan tinh trang hon nhan de lam ho so vay mua nha. Toi: Ngo Thi Bich Ngoc, nu, 14/4/1987, cccd 079187013356',
  ])('%s → a request', (text) => expect(asksToFillForm(fold(text))).toBe(true));
  it.each([
    'Tôi tên Lê Văn A, sinh 1/2/1990, CCCD 001090012345, muốn đăng ký kết hôn thì cần giấy tờ gì?',
    'đăng ký kết hôn cần giấy tờ gì, tôi sinh 1/2/1990',
  ])('%s → not a request', (text) => expect(asksToFillForm(fold(text))).toBe(false));
});

describe('a paper named only as a purpose or a state is not the one asked for', () => {
  it('picks the marital-status form for "chưa đăng ký kết hôn với ai" and "để đăng ký kết hôn"', async () => {
    const { pickForm, papersAsked } = await import('./choose-form.js');
    const forms = await loadForms();
    const ctx = { forms, addresses: undefined } as never;
    const t = 'Cháu tên Phạm Văn Quang, sinh 16/3/1998, thường trú cùng địa chỉ với tôi. Cháu chưa đăng ký kết hôn với ai';
    expect(pickForm(ctx, t, fold(t), undefined)?.id).toBe('to-khai-xac-nhan-tinh-trang-hon-nhan');
    expect(namedForms(ctx, papersAsked(fold('Xin 1 bản để đăng ký kết hôn')))).toEqual([]);
    expect(namedForms(ctx, papersAsked(fold('điền giúp em tờ khai đăng ký kết hôn')))).toContain('to-khai-dang-ky-ket-hon');
  });
});

describe('parseFor: "label thì ghi là value"', () => {
  it('reads "Khác" from "quan hệ với chủ hộ thì ghi là Khác nhé ạ", not the label’s "chủ hộ"', async () => {
    const { parseFor } = await import('./answers.js');
    const forms = await loadForms();
    const field = forms.fieldsOf(forms.get('ct01')!).find((f) => f.name === 'moi_quan_he_voi_chu_ho')!;
    const r = parseFor({ forms, addresses: undefined }, field, 'quan hệ với chủ hộ thì ghi là Khác nhé ạ', new Date('2026-12-01T05:00:00Z'));
    expect(r.ok && r.value).toBe('Khác');
  });
});

describe('papersNamed: the words that can name the paper asked for (issue 20)', () => {
  const now = new Date('2026-12-07T00:00:00Z');
  it('drops a name that folds into a paper ("Vũ Đình Khải, sinh năm 1970" is no birth registration)', async () => {
    const forms = await loadForms();
    const text = 'Tôi tên là Vũ Đình Khải, sinh năm 1970, ngày 12 tháng 3. Căn cước 036070002814';
    expect(namedForms({ forms, addresses: undefined }, fold(text))[0]).toBe('to-khai-dang-ky-khai-sinh');
    expect(namedForms({ forms, addresses: undefined }, papersNamed(fold(text), text, now))).toEqual([]);
    // The paper itself, named beside a name, stays named.
    const asked = 'làm giấy khai sinh cho con, mẹ là Trần Thị Khải Hoàn';
    expect(namedForms({ forms, addresses: undefined }, papersNamed(fold(asked), asked, now))[0]).toBe('to-khai-dang-ky-khai-sinh');
  });

  it('drops a paper named as the reference a record is checked against', async () => {
    const forms = await loadForms();
    const text = 'dữ liệu cư trú của tôi ghi sai ngày sinh so với giấy khai sinh, tôi muốn làm tờ khai để điều chỉnh';
    expect(namedForms({ forms, addresses: undefined }, papersNamed(fold(text), text, now))[0]).toBe('ct01');
    expect(withoutReferencePapers(fold('tên trên căn cước không khớp với khai sinh'))).not.toMatch(/khai sinh/);
    expect(withoutReferencePapers(fold('làm giấy khai sinh cho con theo mẫu mới'))).toMatch(/khai sinh/);
  });
});

describe('asksToFillForm: residence papers asked for someone, and a paper purpose (issue 20)', () => {
  it.each([
    'khai giúp mẹ tôi chuyển hộ khẩu từ quê lên ở với tôi',
    'làm giùm bà cái nhập hộ khẩu về nhà con trai',
    'xin giấy xác nhận tình trạng hôn nhân cho con gái để làm thủ tục du học',
  ])('%s → a request', (text) => expect(asksToFillForm(fold(text))).toBe(true));

  it.each([
    'khai giúp mẹ chuyển hộ khẩu thì cần giấy tờ gì',
    'làm hộ khẩu cho con ở đâu',
    'xin giấy xác nhận tình trạng hôn nhân để làm thủ tục gì',
    'làm hộ chiếu cho con',
  ])('%s → not a request', (text) => expect(asksToFillForm(fold(text))).toBe(false));

  it('a village after a residence word is an address, not the residence form', async () => {
    const forms = await loadForms();
    expect(namedForms({ forms, addresses: undefined }, fold('tôi sinh 16/04/1960, thường trú bản Hìa, phường Chiềng Cơi, Sơn La'))).not.toContain('ct01');
    expect(namedForms({ forms, addresses: undefined }, fold('đăng ký thường trú cho con'))[0]).toBe('ct01');
  });
});
