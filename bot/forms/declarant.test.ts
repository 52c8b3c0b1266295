import { beforeAll, describe, expect, it } from 'vitest';
import { loadForms, type FormRegistry } from '../../knowledge/index.js';
import { absorbAndSettle } from './settle.js';
import { captureForm } from './capture.js';
import type { FormContext } from './context.js';
import type { FormSession } from './session.js';

/** CT01 filed by the head of household for a relative: whose details go where (issue 20). */
let forms: FormRegistry;
beforeAll(async () => {
  forms = await loadForms();
});
const now = new Date('2026-12-01T05:00:00Z');

function fill(messages: string[]): Record<string, string> {
  const ctx: FormContext = { forms, addresses: undefined };
  const form = forms.get('ct01')!;
  const session: FormSession = { formId: 'ct01', stage: 'filling', consent: 'refused', profile: {}, values: {}, asked: [], skipped: [] };
  for (const m of messages) absorbAndSettle(ctx, form, session, m, now);
  return captureForm(ctx, form, session, now).fields;
}

describe('a relative registered into the citizen’s household', () => {
  it('puts the mother on the form’s own lines and the citizen as the head ("nhập khẩu cho bu vào hộ tôi")', () => {
    const fields = fill([
      'Em muốn làm thủ tục nhập khẩu cho bu em vào hộ em, bu em ở quê ra ở cùng',
      'Bu em tên Hà Thị Mến, sinh năm 1950, căn cước 025150001234',
      'Em là chủ hộ, em tên Vi Văn Khánh, căn cước 025088004321',
      'Số điện thoại của em 0912 345 678',
    ]);
    expect(fields).toMatchObject({
      ho_ten: 'Hà Thị Mến',
      so_dinh_danh_ca_nhan: '025150001234',
      gioi_tinh: 'Nữ',
      ho_ten_chu_ho: 'Vi Văn Khánh',
      so_dinh_danh_ca_nhan_chu_ho: '025088004321',
      moi_quan_he_voi_chu_ho: 'Mẹ',
      so_dien_thoai_lien_he: '0912345678',
    });
  });

  it('reads the head said before the relative, and a child registered for ("đăng ký tạm trú cho con trai tôi")', () => {
    const fields = fill(['Tôi là chủ hộ, Lưu Văn Bình, CCCD 001079009876', 'Giờ tôi cần đăng ký tạm trú cho con trai tôi', 'Con trai tôi tên Lưu Minh Hải, sinh 2/9/2004, CCCD 001204007777']);
    expect(fields).toMatchObject({ ho_ten: 'Lưu Minh Hải', so_dinh_danh_ca_nhan: '001204007777', ho_ten_chu_ho: 'Lưu Văn Bình', moi_quan_he_voi_chu_ho: 'Con' });
  });

  it('keeps the citizen on the form when they register themself, and "mẹ con em" is the citizen with a child', () => {
    const own = fill(['Em cần đăng ký tạm trú, em tên Nông Thị Hiền, sinh 3/3/1999, cccd 008199001111', 'Chủ hộ là chị gái em, Nông Thị Hạnh, cccd 008195002222']);
    expect(own).toMatchObject({ ho_ten: 'Nông Thị Hiền', ho_ten_chu_ho: 'Nông Thị Hạnh' });
    const pair = fill(['Em muốn đăng ký thường trú cho mẹ con em vào nhà chồng', 'Em tên Lê Thị Vui, sinh 1/1/1996, cccd 030196003333', 'em là chủ hộ']);
    expect(pair.ho_ten).toBe('Lê Thị Vui');
  });

  it('does not read a friend who is the head as the citizen ("bạn em đứng tên chủ hộ")', () => {
    const fields = fill(['em ở trọ với bạn, em tên Sầm Thị Nga, sn 2/2/2002, cccd 020302004444', 'bạn em đứng tên chủ hộ: Hoàng Văn Lợi, cccd 020001005555']);
    expect(fields).toMatchObject({ ho_ten: 'Sầm Thị Nga', so_dinh_danh_ca_nhan: '020302004444', ho_ten_chu_ho: 'Hoàng Văn Lợi', so_dinh_danh_ca_nhan_chu_ho: '020001005555' });
  });
});

function fillForm(formId: string, messages: string[]): Record<string, string> {
  const ctx: FormContext = { forms, addresses: undefined };
  const form = forms.get(formId)!;
  const session: FormSession = { formId, stage: 'filling', consent: 'refused', profile: {}, values: {}, asked: [], skipped: [] };
  for (const m of messages) absorbAndSettle(ctx, form, session, m, now);
  return captureForm(ctx, form, session, now).fields;
}

describe('other people spoken of beside the citizen (session 15)', () => {
  it('keeps a marital-status paper the citizen’s when the spouse named has died', () => {
    const fields = fillForm('to-khai-xac-nhan-tinh-trang-hon-nhan', [
      'Tôi cần xác nhận tình trạng hôn nhân. Tôi là Đinh Thị Lụa, nữ, sinh 9/9/1980',
      'Chồng tôi là Phí Văn Cường, sinh 1978, CCCD 034078001234, đã qua đời năm 2020, tôi chưa đi bước nữa.',
    ]);
    expect(fields).toMatchObject({ ho_ten: 'Đinh Thị Lụa' });
    expect(fields.giay_to_tuy_than).toBeUndefined();
  });

  it('does not take where the parents work for their address ("đi làm ở Bình Dương")', () => {
    const fields = fillForm('to-khai-dang-ky-khai-sinh', ['Tôi là bà nội, Lý Thị Thơm, sinh 1962, bố mẹ cháu đi làm ở Bình Dương cả']);
    expect(fields.noi_cu_tru_me).toBeUndefined();
    expect(fields.noi_cu_tru_cha).toBeUndefined();
  });

  it('keeps the province after a provincial city, and "cùng nơi cư trú với tôi" is the citizen’s address', () => {
    const fields = fillForm('to-khai-dang-ky-khai-sinh', [
      'Tôi là bố cháu, Vàng A Dình, sinh 1991, nơi cư trú: bản Pa Cheo, xã Sa Pa, thành phố Lào Cai, tỉnh Lào Cai, gần chợ',
      'Mẹ cháu là Sùng Thị Mỷ, sinh 1994, cùng nơi cư trú với tôi',
    ]);
    expect(fields.noi_cu_tru_nguoi_yeu_cau).toBe('bản Pa Cheo, xã Sa Pa, thành phố Lào Cai, tỉnh Lào Cai');
    expect(fields.noi_cu_tru_me).toBe('bản Pa Cheo, xã Sa Pa, thành phố Lào Cai, tỉnh Lào Cai');
  });

  it('corrects the person a toned pronoun names, not the citizen who owns up ("ảnh sinh …, chị lộn")', () => {
    const fields = fillForm('to-khai-dang-ky-khai-sinh', [
      'Chị là mẹ bé, Huỳnh Thị Diễm, sinh năm 1996',
      'Ba bé tên Trương Văn Tài, sinh năm 1990... à hông, ảnh sinh 1991, chị lộn với tuổi anh ba ảnh.',
    ]);
    expect(fields).toMatchObject({ ngay_sinh_nguoi_yeu_cau: '1996', nam_sinh_cha: '1991' });
  });
});
