import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { visibleLength } from './answer/format.js';
import { checkGrounding } from './grounding.js';
import { createFixtureAssistant } from './testing/harness.js';
import { FIXTURE_PROCEDURES } from './testing/fixtures.js';

type A = Awaited<ReturnType<typeof createFixtureAssistant>>;
let a: A;
beforeEach(async () => {
  a = await createFixtureAssistant();
});
afterEach(async () => {
  await a.cleanup();
});

const cited = (codes: string[]) => FIXTURE_PROCEDURES.filter((p) => codes.includes(p.code));

describe('procedure answers', () => {
  it('answers a birth registration question from the record, short, cited, with actions', async () => {
    const chat = a.createTestAdapter();
    const r = await chat.send('lam giay khai sinh cho con can gi');
    expect(r.result?.outcome.behavior).toBe('answer');
    expect(r.result?.outcome.procedureCode).toBe('1.001193');
    expect(r.result?.outcome.procedures[0]?.code).toBe('1.001193');
    const text = r.texts[0]!;
    expect(visibleLength(text)).toBeLessThan(900);
    expect(text.length).toBeLessThan(2000);
    expect(text).toContain('Đăng ký khai sinh');
    expect(text).toContain('1.001193');
    expect(text).toContain('Ủy ban nhân dân cấp xã');
    expect(text).toContain('Tờ khai đăng ký khai sinh');
    expect(text).toContain('Giấy chứng sinh');
    expect(text).toContain('dichvucong.gov.vn');
    expect(text).toContain('18/07/2026');
    expect(text).toMatch(/Nghị định 23\/2015\/NĐ-CP, Điều 6/);
    expect(r.suggestedActions).toEqual(expect.arrayContaining(['Xem đủ hồ sơ', 'Các bước', 'Lệ phí', 'Căn cứ pháp lý', 'Điền tờ khai giúp tôi', 'Hỏi luật sư']));
    expect(checkGrounding(text, cited(['1.001193'])).ok).toBe(true);
  });
});
