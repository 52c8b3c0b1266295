import { describe, expect, it } from 'vitest';
import type { Procedure, SubmissionChannel } from '../../knowledge/index.js';
import { PERMANENT_RESIDENCE } from '../testing/fixtures.js';
import { timeLine } from './format.js';

const row = (value: number, unit: 'ngay_lam_viec' | 'gio', text: string, description: string): SubmissionChannel => ({
  kind: 'in_person',
  processingTime: { value, unit, text },
  fees: [],
  description,
});

describe('timeLine: one channel published once per case (issue 18, hand check Q45)', () => {
  it('says each time with the case its row names, the row naming none as "trường hợp khác"', () => {
    const p: Procedure = {
      ...PERMANENT_RESIDENCE,
      channels: [
        row(7, 'ngay_lam_viec', '7 Ngày làm việc', '+ Cấp mới biển số xe trúng đấu giá, đổi biển số xe: Không quá 07 ngày làm việc, kể từ ngày nhận đủ hồ sơ hợp lệ'),
        row(1, 'gio', '1 Giờ', '+ Cấp mới biển số xe: Cấp ngay sau khi nhận đủ hồ sơ hợp lệ'),
        row(2, 'ngay_lam_viec', '2 Ngày làm việc', '- Cách thức thực hiện: + Chủ xe kê khai Giấy khai đăng ký xe'),
      ],
    };
    expect(timeLine(p)).toBe('7 ngày làm việc (cấp mới biển số xe trúng đấu giá, đổi biển số xe); 1 giờ (cấp mới biển số xe); 2 ngày làm việc (trường hợp khác)');
  });

  it('keeps "… tùy trường hợp" when the rows do not tell their cases apart', () => {
    const p: Procedure = { ...PERMANENT_RESIDENCE, channels: [row(2, 'ngay_lam_viec', '2 Ngày làm việc', ''), row(5, 'ngay_lam_viec', '5 Ngày làm việc', '')] };
    expect(timeLine(p)).toBe('2 ngày làm việc hoặc 5 ngày làm việc tùy trường hợp');
  });
});
