import { describe, expect, it } from 'vitest';
import { splitText, markdownToPlain } from './activities.js';
import { checkGrounding } from './grounding.js';
import { redactPersonalData } from './redact.js';
import { MAX_INPUT_CHARS, sanitizeInput } from './sanitize.js';
import { BIRTH_REGISTRATION, PERMANENT_RESIDENCE } from './testing/fixtures.js';
import { composeAspect, composeShortAnswer } from './answer/compose.js';
import { procedureSchema } from '../knowledge/index.js';
import { FIXTURE_PROCEDURES } from './testing/fixtures.js';

describe('sanitizeInput', () => {
  it.each([
    ['', { text: '', empty: true }],
    ['  \t\n ', { text: '', empty: true }],
    ['\u200bđăng\u200c ký\ufeff', { text: 'đăng ký', empty: false }],
    ['dang ky\u0000 tam tru', { text: 'dang ky tam tru', empty: false }],
    ['👍', { text: '👍', symbolsOnly: true }],
    ['😀 !!!', { symbolsOnly: true }],
    ['\ufffd\ufffd', { text: '', empty: true, hadInvalidChars: true }],
    ['Đăng ký 结婚 marriage', { text: 'Đăng ký 结婚 marriage', symbolsOnly: false }],
  ])('%j', (input, expected) => {
    expect(sanitizeInput(input)).toMatchObject(expected);
  });

  it('composes decomposed Vietnamese to NFC and caps the length', () => {
    expect(sanitizeInput('khai sinh'.normalize('NFD')).text).toBe('khai sinh'.normalize('NFC'));
    const long = sanitizeInput('a '.repeat(10_000));
    expect(long.truncated).toBe(true);
    expect(long.text.length).toBeLessThanOrEqual(MAX_INPUT_CHARS);
    expect(sanitizeInput(undefined)).toMatchObject({ empty: true });
  });

  it('is idempotent', () => {
    for (const s of ['  x\u200b y ', 'Đăng  ký\n\nkhai sinh', '😀']) expect(sanitizeInput(sanitizeInput(s).text).text).toBe(sanitizeInput(s).text);
  });
});

describe('redactPersonalData', () => {
  it.each([
    ['CCCD 001099012345', 'CCCD [CCCD]'],
    ['số 0010 9901 2345 nhé', 'số [CCCD] nhé'],
    ['gọi 0912345678', 'gọi [SĐT]'],
    ['gọi +84 912 345 678', 'gọi [SĐT]'],
    ['0912.345.678', '[SĐT]'],
    ['mã 1.001193, phí 50.000 đồng, 15 ngày', 'mã 1.001193, phí 50.000 đồng, 15 ngày'],
  ])('%s', (input, out) => {
    expect(redactPersonalData(input)).toBe(out);
    expect(redactPersonalData(out)).toBe(out);
  });
});

describe('checkGrounding', () => {
  it('accepts the template answers built from the record', () => {
    for (const p of FIXTURE_PROCEDURES) {
      expect(checkGrounding(composeShortAnswer(p).text, [p])).toMatchObject({ ok: true });
      for (const aspect of ['documents', 'fee', 'time', 'steps', 'legal', 'where', 'online'] as const) {
        expect(checkGrounding(composeAspect(p, aspect).text, [p]), `${p.code} ${aspect}`).toMatchObject({ ok: true });
      }
    }
  });

  it('flags invented fees, durations, document names and foreign links', () => {
    const r = checkGrounding(
      'Lệ phí 50.000 đồng, giải quyết trong 15 ngày. Mang “Sổ hộ khẩu” và xem https://example.com/x. Mã 1.001193.',
      [BIRTH_REGISTRATION],
    );
    expect(r.ok).toBe(false);
    expect(r.violations.map((v) => v.text)).toEqual(expect.arrayContaining(['50.000', '15', 'Sổ hộ khẩu', 'https://example.com/x.']));
    expect(r.violations.map((v) => v.text)).not.toContain('1.001193');
  });

  it('checks numbers against the cited records only', () => {
    expect(checkGrounding('Lệ phí 20.000 đồng', [PERMANENT_RESIDENCE]).ok).toBe(true);
    expect(checkGrounding('Lệ phí 20.000 đồng', [BIRTH_REGISTRATION]).ok).toBe(false);
    expect(checkGrounding('Lệ phí 20.000 đồng', []).ok).toBe(false);
  });
});

describe('fixtures and rendering helpers', () => {
  it('fixtures are valid Procedure records', () => {
    for (const p of FIXTURE_PROCEDURES) expect(procedureSchema.safeParse(p).success, p.code).toBe(true);
  });

  it('splits long text on boundaries and renders plain text', () => {
    const parts = splitText(`${'một hai ba '.repeat(100)}\n\n${'bốn năm '.repeat(100)}`, 300);
    expect(parts.every((p) => p.length <= 300)).toBe(true);
    expect(parts.join(' ').replace(/\s+/g, ' ')).toBe(`${'một hai ba '.repeat(100)}${'bốn năm '.repeat(100)}`.trim().replace(/\s+/g, ' '));
    expect(markdownToPlain('**Lệ phí:** xem [Cổng](https://x.vn/a)')).toBe('Lệ phí: xem Cổng: https://x.vn/a');
  });
});

describe('toActivities', () => {
  it('sends files as attachments, or as links when the channel cannot carry files', async () => {
    const { toActivities } = await import('./activities.js');
    const { DEFAULT_CAPABILITIES } = await import('./types.js');
    const msg = { text: 'Tờ khai đã điền xong.', files: [{ name: 'to-khai.pdf', contentType: 'application/pdf', url: '/files/abc' }] };
    const [withFiles] = toActivities([msg], DEFAULT_CAPABILITIES);
    expect(withFiles!.attachments).toEqual([{ contentType: 'application/pdf', contentUrl: '/files/abc', name: 'to-khai.pdf' }]);
    const [noFiles] = toActivities([msg], { ...DEFAULT_CAPABILITIES, files: false });
    expect(noFiles!.attachments ?? []).toHaveLength(0);
    expect(noFiles!.text).toContain('to-khai.pdf: /files/abc');
    // Serialisable the SDK way.
    expect(JSON.parse(withFiles!.toJsonString()).attachments[0].name).toBe('to-khai.pdf');
  });
});

describe('parseOfficerQuery', () => {
  it.each([
    ['tạm trú cấp xã', { query: 'tạm trú', filters: { levels: ['xa'] } }],
    ['giấy phép xây dựng cấp tỉnh, toàn quốc', { query: 'giấy phép xây dựng', filters: { levels: ['tinh'], scope: 'national' } }],
    ['khai sinh lĩnh vực: hộ tịch', { query: 'khai sinh', filters: { field: 'hộ tịch' } }],
    ['xây dựng tỉnh: Hà Nội chi tiết', { query: 'xây dựng', filters: { province: 'Hà Nội chi tiết' } }],
    ['địa phương', { query: '', filters: { scope: 'provincial' } }],
    ['1.001193', { query: '1.001193', filters: {} }],
  ])('%s', async (text, expected) => {
    const { parseOfficerQuery } = await import('./skills/officer.js');
    expect(parseOfficerQuery(text)).toMatchObject(expected);
  });
});
