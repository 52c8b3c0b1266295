import { describe, expect, it } from 'vitest';
import { readRequest, readRequestKind, requestContent } from './request-content.js';

describe('readRequestKind', () => {
  it.each([
    ['dang ky tam tru', 'tam_tru'],
    ['Em cần tờ khai CT01 để khai báo tạm trú', 'tam_tru'],
    ['mình muốn làm tạm trú ở chỗ trọ mới', 'tam_tru'],
    ['dk tam tru cho 2 vo chong', 'tam_tru'],
    ['cho em hỏi đăng kí tạm chú cần gì', 'tam_tru'],
    ['nhập hộ khẩu cho con về nhà ông bà', 'thuong_tru'],
    ['em muon nhap khau vao nha chong', 'thuong_tru'],
    ['Đăng ký thường trú', 'thuong_tru'],
    ['chuyển hộ khẩu về quê', 'thuong_tru'],
    ['nhập hộ vào nhà bố mẹ vợ', 'thuong_tru'],
    ['đăng ký hộ mẹ em tạm trú', 'tam_tru'],
    ['thường trú', 'thuong_tru'],
    ['gia hạn tạm trú', 'gia_han_tam_tru'],
    ['tam tru cua em sap het han roi', 'gia_han_tam_tru'],
    ['xin gia han them tam tru 2 nam', 'gia_han_tam_tru'],
    ['tách hộ ra ở riêng', 'tach_ho'],
    ['vo chong em muon tach khau', 'tach_ho'],
    ['xóa đăng ký thường trú cho bố em', 'xoa_thuong_tru'],
    ['cat khau cho ong noi', 'xoa_thuong_tru'],
    ['xoá tạm trú ở chỗ cũ', 'xoa_tam_tru'],
    ['điều chỉnh thông tin trong sổ hộ khẩu', 'dieu_chinh'],
    ['đổi chủ hộ sang tên mẹ em', 'dieu_chinh'],
    ['xin giấy xác nhận cư trú', 'xac_nhan'],
  ])('%s → %s', (text, kind) => {
    expect(readRequestKind(text)).toBe(kind);
  });

  it('the request the citizen wants wins over the story before it', () => {
    expect(readRequestKind('em đã đăng ký tạm trú ở đây 3 năm, giờ muốn đăng ký thường trú luôn')).toBe('thuong_tru');
    expect(readRequestKind('đang tạm trú ở Cầu Giấy, em cần nhập hộ khẩu vào nhà chồng')).toBe('thuong_tru');
    expect(readRequestKind('hộ khẩu thường trú ở Nam Định, em cần đăng ký tạm trú ở Hà Nội')).toBe('tam_tru');
  });
  it('what the citizen does not ask is left out', () => {
    expect(readRequestKind('không phải tạm trú mà là thường trú nha')).toBe('thuong_tru');
    expect(readRequestKind('thường trú chứ không phải tạm trú')).toBe('thuong_tru');
  });
  it('the form name, a place and chatter are no request', () => {
    expect(readRequestKind('làm giúp em tờ khai thay đổi thông tin cư trú')).toBeUndefined();
    expect(readRequestKind('em ở số 15 ngõ 80 Chùa Láng')).toBeUndefined();
    expect(readRequestKind('nộp hồ sơ ở đâu ạ')).toBeUndefined();
    expect(readRequestKind('em nhập hồ sơ online được không')).toBeUndefined();
    expect(readRequestKind('làm hộ em tờ khai với')).toBeUndefined();
    expect(readRequestKind('khai báo tạm vắng')).toBeUndefined();
  });
});

describe('readRequest', () => {
  it('tells a kind asked for from one only named', () => {
    expect(readRequest('em muốn đăng ký tạm trú')).toEqual({ kind: 'tam_tru', weak: false });
    expect(readRequest('em ở đây tạm trú thôi')).toEqual({ kind: 'tam_tru', weak: true });
    expect(readRequest('em đã đăng ký thường trú ở quê')).toEqual({ kind: 'thuong_tru', weak: true });
    expect(readRequest('cho em hỏi giá vé')).toBeUndefined();
  });
});

describe('requestContent', () => {
  it('writes the request and where it applies', () => {
    expect(requestContent('tam_tru', 'số 15 ngõ 80 phố Chùa Láng, phường Láng, Hà Nội')).toBe('Đăng ký tạm trú tại số 15 ngõ 80 phố Chùa Láng, phường Láng, Hà Nội');
    expect(requestContent('thuong_tru', 'Thôn 3, xã Hải Hậu, Ninh Bình.')).toBe('Đăng ký thường trú tại thôn 3, xã Hải Hậu, Ninh Bình');
    expect(requestContent('gia_han_tam_tru', 'tại Số 8 đường Lê Lợi, phường Bến Thành, TP. Hồ Chí Minh')).toBe('Gia hạn tạm trú tại số 8 đường Lê Lợi, phường Bến Thành, TP. Hồ Chí Minh');
    expect(requestContent('xoa_thuong_tru', 'xóm 2, xã Yên Thành, Nghệ An')).toBe('Xóa đăng ký thường trú tại xóm 2, xã Yên Thành, Nghệ An');
  });
  it('without an address, the request alone', () => {
    expect(requestContent('tach_ho')).toBe('Tách hộ');
    expect(requestContent('xac_nhan', '  ')).toBe('Xác nhận thông tin về cư trú');
  });
});
