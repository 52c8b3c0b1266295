import { describe, expect, it } from 'vitest';
import { fold } from '../../knowledge/text/index.js';
import { asksToFillForm } from './choose-form.js';

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
