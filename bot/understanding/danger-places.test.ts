import { describe, expect, it } from 'vitest';
import { rulesSayDanger, signalOf } from '../testing/danger-rules.js';
import { alarmEvidence } from './danger.js';
import { fold } from '../../knowledge/text/index.js';

// A place's name after its unit is the place's (session 13): "phường Đông Kinh" is no "động kinh".
describe('place names after an administrative unit', () => {
  it.each([
    'em ở phường Đông Kinh, tỉnh Lạng Sơn, cần làm tạm trú',
    'dia chi: so 5 phuong Dong Kinh, tinh Lang Son',
    'nhà tui ở ấp Cháy Đen, xã Tân Hòa nha',
  ])('no alarm from the name: %s', (text) => {
    expect(rulesSayDanger(signalOf(text))).toBe(false);
    expect(alarmEvidence(fold(text).toLowerCase(), text)).toBe(false);
  });

  it('the same words outside a name, or a name beside a real alarm, still alarm', () => {
    expect(rulesSayDanger(signalOf('mẹ tôi đang lên cơn động kinh, co giật không ngừng'))).toBe(true);
    expect(rulesSayDanger(signalOf('bố tôi lên cơn động kinh ở phường Láng, đang co giật'))).toBe(true);
    // Typed lowercase, a name cannot be told from the words: it reads as written.
    expect(rulesSayDanger(signalOf('con tôi đang lên cơn đông kinh'))).toBe(true);
  });
});
