import { describe, expect, it } from 'vitest';
import { fold } from '../../knowledge/text/index.js';
import { loadForms } from '../../knowledge/index.js';
import { asksToFillForm, namedForms } from './choose-form.js';

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
    ['bọn mình sắp cưới, muốn đăng ký kết hôn', 'to-khai-dang-ky-ket-hon'],
    ['làm giấy khai sinh cho con', 'to-khai-dang-ky-khai-sinh'],
    ['xin giấy xác nhận độc thân để đăng ký kết hôn', 'to-khai-xac-nhan-tinh-trang-hon-nhan'],
  ])('%s → %s', async (text, id) => {
    const forms = await loadForms();
    expect(namedForms({ forms, addresses: undefined }, fold(text))[0]).toBe(id);
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
